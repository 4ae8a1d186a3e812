/* adj-document-questions.c: a lecturer's questions in the open document (issue 16): which kinds a
 * step can ask, adding one with the lecturer's words, listing and removing those of a step. They
 * live in the document's AgGraphFile, so Save writes them and exercise mode asks them. */
#include "ui/graph/adj-document-private.h"

#include <string.h>

/* The anchor of the step asked about at position @k (trace step k makes position k + 1), or
 * NULL with @why when nothing can be written there. */
static const char *
anchor_at (AdjDocument *self, guint k, char **why)
{
  const char *anchor = NULL;

  if (adj_document_edit_file_data (self) == NULL)
    *why = g_strdup ("a recorded training step is on show: questions are written on the program's own run.");
  else if (adj_document_get_mode (self) != ADJ_MODE_REVERSE)
    *why = g_strdup ("questions are written in reverse mode (backpropagation).");
  else if (adj_document_get_run_note (self) != NULL)
    *why = g_strdup (adj_document_get_run_note (self));
  else if (k >= adj_document_get_n_steps (self))
    *why = g_strdup ("this is the end of the run: no step comes next to ask about.");
  else if ((anchor = adj_document_get_caption_anchor (self, k + 1)) == NULL)
    *why = g_strdup ("this step cannot be named in the file.");
  return anchor;
}

gboolean
adj_document_question_fits (AdjDocument *self, guint k, AgQuestionKind kind, char **why)
{
  g_autofree char *reason = NULL;
  g_autoptr (AgQuestion) q = NULL;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  if (!ag_question_kind_is_authored (kind))
    reason = g_strdup ("a lesson's file cannot ask this kind of question.");
  else if (anchor_at (self, k, &reason) != NULL)
    q = ag_question_new_at (kind, adj_document_get_trace (self), adj_document_get_graph (self),
                            k, &reason);
  if (q == NULL && why)
    *why = g_steal_pointer (&reason);
  return q != NULL;
}

gboolean
adj_document_add_question (AdjDocument *self, guint k, AgQuestionKind kind, const char *prompt,
                           GError **error)
{
  g_autofree char *why = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (prompt ? prompt : ""));
  g_autoptr (GArray) here = NULL;
  AgGraphFile *file;
  const char *anchor;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  if (!adj_document_question_fits (self, k, kind, &why))
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "Not at this step: %s", why);
      return FALSE;
    }
  if (strlen (clean) > AG_MAX_PROMPT_BYTES || !g_utf8_validate (clean, -1, NULL))
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT,
                   "The prompt must be UTF-8 text of at most %u bytes.", AG_MAX_PROMPT_BYTES);
      return FALSE;
    }
  file = adj_document_edit_file_data (self);
  here = adj_document_dup_questions_at (self, k);
  for (guint i = 0; i < here->len; i++)
    {
      const AgFileQuestion *fq = g_ptr_array_index (file->questions, g_array_index (here, guint, i));
      if (g_strcmp0 (fq->kind, ag_question_kind_to_string (kind)) == 0)
        {
          /* Two alike would be asked twice in a row: the lecturer edits the one there is. */
          g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT,
                       "This step already asks its %s question: remove it to write it again.",
                       fq->kind);
          return FALSE;
        }
    }
  anchor = anchor_at (self, k, &why);
  ag_graph_file_add_question (file, ag_question_kind_to_string (kind), anchor,
                              clean[0] ? clean : NULL);
  adj_document_questions_edited (self);
  return TRUE;
}

GArray *
adj_document_dup_questions_at (AdjDocument *self, guint k)
{
  GArray *indices = g_array_new (FALSE, FALSE, sizeof (guint));
  const AgGraphFile *file;
  g_autofree char *why = NULL;
  const char *anchor;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), indices);
  file = adj_document_edit_file_data (self);
  anchor = anchor_at (self, k, &why);
  for (guint i = 0; anchor && i < file->questions->len; i++)
    {
      const AgFileQuestion *fq = g_ptr_array_index (file->questions, i);
      if (g_strcmp0 (fq->step, anchor) == 0)
        g_array_append_val (indices, i);
    }
  return indices;
}

gboolean
adj_document_remove_question (AdjDocument *self, guint index)
{
  AgGraphFile *file;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  file = adj_document_edit_file_data (self);
  if (file == NULL || !ag_graph_file_remove_question (file, index))
    return FALSE;
  adj_document_questions_edited (self);
  return TRUE;
}
