/* adj-document-captions.c: the document's captions: the lecturer's caption shown at each
 * position (found by the step's anchor, core/caption-anchor.c), the generated sentence where there
 * is none, the captions whose step is gone, and editing a caption. */
#include "ui/graph/adj-document-private.h"
#include "core/caption-anchor.h"

#include <string.h>

const char *
adj_document_get_caption (AdjDocument *self, guint k)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  /* Captions are written for the steps of reverse mode (the lessons are about
   * backpropagation); forward mode has other steps, so it shows the generated sentences. */
  if (self->mode != ADJ_MODE_REVERSE || self->replaying)
    return NULL;
  return ag_graph_file_caption_at (self->doc, self->anchors, k);
}

const char *
adj_document_get_caption_anchor (AdjDocument *self, guint k)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  if (self->mode != ADJ_MODE_REVERSE || self->anchors == NULL || k >= self->anchors->len)
    return NULL;
  return g_ptr_array_index (self->anchors, k);
}

GPtrArray *
adj_document_dup_unplaced_captions (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return ag_graph_file_unplaced_captions (self->doc, self->anchors);
}

char *
adj_document_dup_step_text (AdjDocument *self, guint k)
{
  const char *caption;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  caption = adj_document_get_caption (self, k);
  if (caption)
    return g_strdup (caption);
  if (k > 0 && k <= ag_trace_n_steps (self->trace))
    return adj_fold_state_describe (&self->fold, self->graph, self->trace, k - 1);
  if (ag_graph_n_nodes (self->graph) == 0 && self->busy)
    return g_strdup ("Running the program…");   /* a heavy file just opened */
  if (ag_graph_n_nodes (self->graph) == 0)
    return g_strdup ("Type a program on the left, for example: x = 3; y = x^2");
  return g_strdup ("Start: the inputs hold their values. Press → to compute step by step.");
}

gboolean
adj_document_set_caption (AdjDocument *self, guint k, const char *text)
{
  g_autofree char *clean = NULL;
  const char *anchor;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  anchor = self->replaying ? NULL : adj_document_get_caption_anchor (self, k);
  if (anchor == NULL)
    return FALSE;
  clean = g_strstrip (g_strdup (text ? text : ""));
  if (strlen (clean) > AG_MAX_CAPTION_BYTES || !g_utf8_validate (clean, -1, NULL))
    return FALSE;
  if (g_strcmp0 (ag_graph_file_get_caption (self->doc, anchor), clean[0] ? clean : NULL) == 0)
    return TRUE;
  ag_graph_file_set_caption (self->doc, anchor, clean[0] ? clean : NULL);
  adj_document_mark_modified (self);
  return TRUE;
}
