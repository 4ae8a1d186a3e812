/* test-exercise.c: exercise mode's state without a display (issue 16): which question waits at
 * a step and where a forward move stops, the progress file, and AdjExercise on a document:
 * the hint ladder, the score and streak, and find the bug's engines on the player. */
#include "ui/graph/adj-exercise.h"

#include <glib/gstdio.h>
#include <string.h>

/* Example 5: x = 3, z = x^2 + x; its authored questions wait at positions 4 and 5 (three). */
static const char lesson[] =
  "{\"format\": \"adjoint-graph\", \"version\": 1, \"title\": \"Paths [test]\",\n"
  " \"program\": \"x = 3\\nz = x^2 + x\\n\",\n"
  " \"questions\": [\n"
  "  {\"kind\": \"contribution\", \"step\": \"backward:z->x\", \"prompt\": \"Direct path?\"},\n"
  "  {\"kind\": \"local\", \"step\": \"backward:x^2->x\", \"prompt\": \"Local?\"},\n"
  "  {\"kind\": \"grad\", \"step\": \"backward:x^2->x\", \"prompt\": \"x bar?\"}]}\n";

static AdjDocument *
load_lesson (void)
{
  AdjDocument *doc = adj_document_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (adj_document_load_data (doc, lesson, strlen (lesson), "paths.adjoint", &error));
  g_assert_no_error (error);
  return doc;
}

static void
test_pending (void)
{
  g_autoptr (AdjDocument) doc = load_lesson ();
  g_autoptr (GPtrArray) quiz = ag_quiz_new (adj_document_get_trace (doc), adj_document_get_graph (doc),
                                            adj_document_get_file_data (doc), FALSE, NULL);
  g_autoptr (GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (quiz->len, ==, 3);
  g_assert_null (adj_exercise_pending_in (quiz, done, 3));
  g_assert_cmpstr (adj_exercise_pending_in (quiz, done, 4)->id, ==, "contribution:z->x");
  g_assert_cmpstr (adj_exercise_pending_in (quiz, done, 5)->id, ==, "local:x^2->x");
  /* A move forwards stops at the first waiting question, or where it stands. */
  g_assert_cmpuint (adj_exercise_stop_in (quiz, done, 0, 6), ==, 4);
  g_assert_cmpuint (adj_exercise_stop_in (quiz, done, 0, 3), ==, 3);
  g_assert_cmpuint (adj_exercise_stop_in (quiz, done, 4, 5), ==, 4);
  g_assert_cmpuint (adj_exercise_stop_in (quiz, done, 6, 0), ==, 0);
  g_hash_table_add (done, "contribution:z->x");
  g_assert_cmpuint (adj_exercise_stop_in (quiz, done, 4, 6), ==, 5);
  g_assert_cmpstr (adj_exercise_pending_in (quiz, done, 5)->id, ==, "local:x^2->x");
  g_hash_table_add (done, "local:x^2->x");
  g_assert_cmpstr (adj_exercise_pending_in (quiz, done, 5)->id, ==, "grad:x");
  g_hash_table_add (done, "grad:x");
  g_assert_cmpuint (adj_exercise_stop_in (quiz, done, 0, 6), ==, 6);
  g_assert_null (adj_exercise_pending_in (NULL, NULL, 0));
}

static void
test_progress_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-progress-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "exercises.ini", NULL);
  g_autoptr (GHashTable) a = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) b = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) read_a = NULL, read_b = NULL, missing = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  /* Nothing yet: empty, no error. */
  missing = adj_exercise_progress_load (path, "/home/s/lesson.adjoint");
  g_assert_cmpuint (g_hash_table_size (missing), ==, 0);
  g_hash_table_add (a, "value:n");
  g_hash_table_add (a, "grad:w1");
  g_hash_table_add (b, "local:o->n");
  /* A lesson keyed by a path with brackets, another by a title; each keeps its own. */
  g_assert_true (adj_exercise_progress_save (path, "/tmp/[week 1]/a.adjoint", a, &error));
  g_assert_no_error (error);
  g_assert_true (adj_exercise_progress_save (path, "Several paths add up", b, &error));
  read_a = adj_exercise_progress_load (path, "/tmp/[week 1]/a.adjoint");
  read_b = adj_exercise_progress_load (path, "Several paths add up");
  g_assert_cmpuint (g_hash_table_size (read_a), ==, 2);
  g_assert_true (g_hash_table_contains (read_a, "value:n"));
  g_assert_true (g_hash_table_contains (read_a, "grad:w1"));
  g_assert_cmpuint (g_hash_table_size (read_b), ==, 1);
  g_assert_true (g_hash_table_contains (read_b, "local:o->n"));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "right=grad:w1;value:n;"));
  g_remove (path);
  g_autofree char *sub = g_path_get_dirname (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

static void
test_ladder (void)
{
  g_autoptr (AdjDocument) doc = load_lesson ();
  g_autoptr (AdjExercise) ex = adj_exercise_new (doc);
  g_autoptr (GError) error = NULL;
  AdjAnswerResult r = ADJ_ANSWER_NONE;
  guint right, finished, streak, n;
  AdjSceneAsk ask;

  g_assert_null (adj_exercise_get_pending (ex));     /* off */
  adj_document_set_step (doc, 4);
  g_assert_null (adj_exercise_get_pending (ex));
  g_assert_cmpuint (adj_exercise_stop (ex, 6), ==, 6);
  adj_exercise_set_active (ex, TRUE);
  g_assert_cmpstr (adj_exercise_get_pending (ex)->prompt, ==, "Direct path?");
  g_assert_cmpuint (adj_exercise_stop (ex, 6), ==, 4);
  ask = adj_exercise_get_ask (ex);
  g_assert_cmpint (ask.kind, ==, ADJ_ASK_CONTRIBUTION);
  g_assert_cmpuint (ask.from, ==, ag_graph_lookup (adj_document_get_graph (doc), "z"));
  g_assert_cmpuint (ask.to, ==, ag_graph_lookup (adj_document_get_graph (doc), "x"));

  g_assert_false (adj_exercise_answer (ex, "abc", &r, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
  g_clear_error (&error);
  /* Every wrong answer climbs the ladder; past its top, the reveal. */
  for (guint i = 0; i < ag_question_n_hints (adj_exercise_get_pending (ex)); i++)
    {
      g_assert_true (adj_exercise_answer (ex, "5", &r, NULL));
      g_assert_cmpint (r, ==, ADJ_ANSWER_WRONG);
      g_assert_cmpuint (adj_exercise_get_hint_level (ex), ==, i + 1);
      g_assert_true (g_str_has_prefix (adj_exercise_get_feedback (ex), "Not 5. Hint: "));
    }
  g_assert_true (adj_exercise_answer (ex, "5", &r, NULL));
  g_assert_cmpint (r, ==, ADJ_ANSWER_REVEALED);
  g_assert_true (g_str_has_prefix (adj_exercise_get_feedback (ex), "Not 5. Answer: "));
  g_assert_null (adj_exercise_get_pending (ex));
  adj_exercise_get_score (ex, &right, &finished, &streak);
  g_assert_cmpuint (right, ==, 0);
  g_assert_cmpuint (finished, ==, 1);

  /* Two right first time: a streak of two; "2*3" is arithmetic. */
  adj_document_set_step (doc, 5);
  g_assert_true (adj_exercise_answer (ex, "2*3", &r, NULL));
  g_assert_cmpint (r, ==, ADJ_ANSWER_RIGHT);
  g_assert_cmpstr (adj_exercise_get_pending (ex)->prompt, ==, "x bar?");
  g_assert_true (adj_exercise_answer (ex, "7.0004", &r, NULL));   /* within 4 significant digits */
  g_assert_cmpint (r, ==, ADJ_ANSWER_RIGHT);
  adj_exercise_get_score (ex, &right, &finished, &streak);
  g_assert_cmpuint (right, ==, 2);
  g_assert_cmpuint (finished, ==, 3);
  g_assert_cmpuint (streak, ==, 2);
  g_assert_cmpuint (adj_exercise_get_progress (ex, &n), ==, 2);
  g_assert_cmpuint (n, ==, 3);
  g_assert_finalize_object (g_steal_pointer (&ex));
}

static void
test_bug (void)
{
  g_autoptr (AdjDocument) doc = load_lesson ();
  g_autoptr (AdjExercise) ex = adj_exercise_new (doc);
  AdjAnswerResult r;

  adj_exercise_set_active (ex, TRUE);
  adj_document_set_step (doc, 6);
  g_assert_true (adj_exercise_set_bug (ex, AG_BUG_NO_ZERO_GRAD));
  /* The broken engine's longer trace is on the player, at the same step, and no stops. */
  g_assert_true (adj_document_is_replaying (doc));
  g_assert_cmpuint (adj_document_get_n_steps (doc), >, 6);
  g_assert_cmpuint (adj_document_get_step (doc), ==, 6);
  g_assert_cmpuint (adj_exercise_stop (ex, 9), ==, 9);
  g_assert_cmpint (adj_exercise_get_pending (ex)->kind, ==, AG_QUESTION_FIRST_WRONG_STEP);
  /* Its first wrong step is the second seed, step 7. */
  g_assert_cmpfloat (adj_exercise_get_bug_question (ex)->expected, ==, 7);
  adj_exercise_show_broken (ex, FALSE);
  g_assert_cmpuint (adj_document_get_n_steps (doc), ==, 6);
  adj_exercise_show_broken (ex, TRUE);
  adj_document_set_step (doc, 7);
  g_assert_true (adj_exercise_mark_wrong_step (ex, &r));
  g_assert_cmpint (r, ==, ADJ_ANSWER_RIGHT);
  /* Back to the correct engine: the program's own run, its questions again. */
  g_assert_true (adj_exercise_set_bug (ex, -1));
  g_assert_false (adj_document_is_replaying (doc));
  g_assert_cmpuint (adj_exercise_get_quiz (ex)->len, ==, 3);
  /* Forward mode ends finding the bug: the program's own forward-mode run. */
  g_assert_true (adj_exercise_set_bug (ex, AG_BUG_OVERWRITE));
  adj_document_set_mode (doc, ADJ_MODE_FORWARD);
  g_assert_cmpint (adj_exercise_get_bug (ex), ==, -1);
  g_assert_false (adj_document_is_replaying (doc));
  g_assert_cmpint (adj_document_get_mode (doc), ==, ADJ_MODE_FORWARD);
  g_assert_cmpuint (adj_exercise_get_quiz (ex)->len, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&ex));
}

int
main (int argc, char **argv)
{
  g_autofree char *state = g_dir_make_tmp ("adjoint-exercise-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/exercise/pending", test_pending);
  g_test_add_func ("/ui/exercise/progress-file", test_progress_file);
  g_test_add_func ("/ui/exercise/ladder", test_ladder);
  g_test_add_func ("/ui/exercise/bug", test_bug);
  status = g_test_run ();
  {
    g_autofree char *path = adj_exercise_progress_path ();
    g_autofree char *dir = g_path_get_dirname (path);
    g_remove (path);
    g_rmdir (dir);
    g_rmdir (state);
  }
  return status;
}
