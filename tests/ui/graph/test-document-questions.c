/* test-document-questions.c: the document's API for a lecturer's questions (issue 16), no
 * display: which kinds a step can ask and why not, adding one with a prompt (kept under its
 * step's anchor, so it follows the step through an edit), refusing a twin or a prompt too long,
 * listing and removing, and exercise mode (AdjExercise) reading them again at once. */
#include <glib/gstdio.h>
#include <string.h>
#include "core/graph-file.h"
#include "ui/graph/adj-document.h"
#include "ui/graph/adj-exercise.h"

/* forward 1 x², forward 2 z, seed 3, backward 4 z → x², backward 5 z → x, backward 6 x² → x */
#define PROGRAM_FILE \
  "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 3\\nz = x^2 + x\\n\"}"

static void
count_cb (AdjDocument *doc, guint *n)
{
  (*n)++;
}

static AdjDocument *
load (void)
{
  AdjDocument *doc = adj_document_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (adj_document_load_data (doc, PROGRAM_FILE, strlen (PROGRAM_FILE), "q", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (adj_document_get_n_steps (doc), ==, 6);
  return doc;
}

static void
test_fits (void)
{
  g_autoptr (AdjDocument) doc = load ();
  char *why = NULL;

  /* Position 1 is before step 2, which computes z. */
  g_assert_true (adj_document_question_fits (doc, 1, AG_QUESTION_VALUE, &why));
  g_assert_null (why);
  g_assert_false (adj_document_question_fits (doc, 1, AG_QUESTION_LOCAL, &why));
  g_assert_nonnull (why);
  g_clear_pointer (&why, g_free);
  /* Position 4 is before z → x: its local derivative and its contribution. */
  g_assert_true (adj_document_question_fits (doc, 4, AG_QUESTION_LOCAL, NULL));
  g_assert_true (adj_document_question_fits (doc, 4, AG_QUESTION_CONTRIBUTION, NULL));
  g_assert_false (adj_document_question_fits (doc, 4, AG_QUESTION_VALUE, NULL));
  g_assert_false (adj_document_question_fits (doc, 4, AG_QUESTION_FIRST_WRONG_STEP, NULL));
  /* The end: no step comes next. */
  g_assert_false (adj_document_question_fits (doc, 6, AG_QUESTION_GRAD, &why));
  g_assert_nonnull (strstr (why, "end of the run"));
  g_clear_pointer (&why, g_free);
  /* Forward mode's trace is no lesson's. */
  adj_document_set_mode (doc, ADJ_MODE_FORWARD);
  g_assert_false (adj_document_question_fits (doc, 1, AG_QUESTION_VALUE, &why));
  g_assert_nonnull (strstr (why, "reverse mode"));
  g_free (why);
}

static void
test_add_list_remove (void)
{
  g_autoptr (AdjDocument) doc = load ();
  g_autoptr (AdjExercise) exercise = adj_exercise_new (doc);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) here = NULL;
  g_autofree char *data = NULL;
  g_autofree char *long_prompt = g_strnfill (AG_MAX_PROMPT_BYTES + 1, 'a');
  const AgGraphFile *file = adj_document_get_file_data (doc);
  const AgFileQuestion *fq;
  guint n_signals = 0;

  g_signal_connect (doc, "questions-changed", G_CALLBACK (count_cb), &n_signals);
  adj_exercise_set_active (exercise, TRUE);
  adj_document_set_step (doc, 4);
  /* No authored questions: exercise mode asks its own at position 4. */
  g_assert_nonnull (adj_exercise_get_pending (exercise));
  g_assert_false (adj_exercise_get_pending (exercise)->authored);

  g_assert_true (adj_document_add_question (doc, 4, AG_QUESTION_CONTRIBUTION, "  mine \n", &error));
  g_assert_no_error (error);
  g_assert_true (adj_document_get_modified (doc));
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_cmpuint (file->questions->len, ==, 1);
  fq = g_ptr_array_index (file->questions, 0);
  g_assert_cmpstr (fq->kind, ==, "contribution");
  g_assert_cmpstr (fq->step, ==, "backward:z->x");
  g_assert_cmpstr (fq->prompt, ==, "mine");
  /* Exercise mode read it again: the only question now, asked here. */
  g_assert_cmpuint (adj_exercise_get_quiz (exercise)->len, ==, 1);
  g_assert_cmpstr (adj_exercise_get_pending (exercise)->prompt, ==, "mine");

  /* A twin, a kind the step cannot ask, a prompt too long: refused, nothing changed. */
  g_assert_false (adj_document_add_question (doc, 4, AG_QUESTION_CONTRIBUTION, NULL, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (adj_document_add_question (doc, 4, AG_QUESTION_VALUE, NULL, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (adj_document_add_question (doc, 4, AG_QUESTION_LOCAL, long_prompt, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (n_signals, ==, 1);

  /* An empty prompt: the generated one. */
  g_assert_true (adj_document_add_question (doc, 4, AG_QUESTION_LOCAL, " ", &error));
  g_assert_null (((AgFileQuestion *) g_ptr_array_index (file->questions, 1))->prompt);
  g_assert_true (adj_document_add_question (doc, 1, AG_QUESTION_VALUE, NULL, &error));
  here = adj_document_dup_questions_at (doc, 4);
  g_assert_cmpuint (here->len, ==, 2);
  g_assert_cmpuint (g_array_index (here, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (here, guint, 1), ==, 1);
  g_clear_pointer (&here, g_array_unref);
  data = adj_document_dup_data (doc, NULL);
  g_assert_nonnull (strstr (data, "\"mine\""));
  g_assert_nonnull (strstr (data, "\"backward:z->x\""));

  /* Two lines added above: the questions follow their steps (one position later). */
  adj_document_set_program (doc, "a = 2\nb = a * 5\nx = 3\nz = x^2 + x\n");
  here = adj_document_dup_questions_at (doc, 5);
  g_assert_cmpuint (here->len, ==, 2);
  g_clear_pointer (&here, g_array_unref);

  g_assert_true (adj_document_remove_question (doc, 0));
  g_assert_false (adj_document_remove_question (doc, 5));
  g_assert_cmpuint (file->questions->len, ==, 2);
  g_assert_cmpstr (((AgFileQuestion *) g_ptr_array_index (file->questions, 0))->kind, ==, "local");
  g_assert_cmpuint (n_signals, ==, 4);
}

int
main (int argc, char **argv)
{
  g_autofree char *state = g_dir_make_tmp ("adjoint-docq-XXXXXX", NULL);

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/document/question-fits", test_fits);
  g_test_add_func ("/ui/document/questions-add-list-remove", test_add_list_remove);
  {
    const int status = g_test_run ();
    g_rmdir (state);
    return status;
  }
}
