/* test-window-exercise.c: exercise mode in the window (issue 16) under Xvfb: the player stops
 * before a question, a wrong answer typed in the entry gets a hint, a right one scores and goes
 * on, the progress is remembered for the next window; presentation mode shows the question as
 * the caption and reveals the answer; find the bug replays a broken engine, switches to the
 * correct one at the same step, grades the wrong-step mark and checks its gradients. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include "app/window/adj-window.h"
#include "tests/app/window-harness.h"
#include "ui/graph/adj-exercise.h"
#include "ui/graph/adj-exercise-bar.h"
#include "ui/graph/adj-inspector.h"

#include <gtk/gtk.h>
#include "tests/lsan-glib.h"
#include <glib/gstdio.h>
#include <string.h>

/* A child of the exercise strip's template (data/ui/adj-exercise-bar.ui). */
static GtkWidget *
bar_part (AdjWindow *window, const char *id)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (window_part (window, "exercise_bar"),
                                                                ADJ_TYPE_EXERCISE_BAR, id));
  g_assert_nonnull (child);
  return child;
}

static const char *
bar_text (AdjWindow *window, const char *id)
{
  return gtk_label_get_text (GTK_LABEL (bar_part (window, id)));
}

static gboolean
action_enabled (AdjWindow *window, const char *name)
{
  return g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (window), name));
}

/* Types @text into the answer entry and presses Enter. */
static void
answer (AdjWindow *window, const char *text)
{
  GtkWidget *entry = bar_part (window, "entry");

  g_assert_true (gtk_widget_get_sensitive (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
}

static void
step_to (AdjWindow *window, guint k)
{
  AdjDocument *doc = adj_window_get_document (window);

  while (adj_document_get_step (doc) < k)
    window_activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, k);
}

/* Example 5 (x used twice): the first question waits at position 4, before the direct path's
 * contribution z̄·∂z/∂x = 1·1 = 1. */
static void
test_answer (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  g_autofree char *path = adj_exercise_progress_path ();
  g_autoptr (GHashTable) right = NULL;

  g_assert_false (gtk_widget_get_visible (window_part (window, "exercise_bar")));
  window_activate (window, "win.exercise");
  g_assert_true (gtk_widget_get_visible (window_part (window, "exercise_bar")));
  g_assert_cmpstr (bar_text (window, "score"), ==, "Score 0 / 0 · streak 0 · lesson 0 of 4 right");
  step_to (window, 4);
  g_assert_cmpstr (bar_text (window, "prompt"), ==,
                   "The direct path goes first. What does x̄ receive from z along it?");
  /* The player waits: → does not go on, and the keyboard is in the answer. */
  window_activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 4);
  g_assert_true (gtk_widget_has_focus (bar_part (window, "entry")) ||
                 gtk_widget_is_focus (bar_part (window, "entry")) ||
                 gtk_widget_get_focus_child (bar_part (window, "entry")) != NULL);
  g_assert_true (action_enabled (window, "exercise-hint"));

  /* Not an answer: said why, not counted. */
  answer (window, "abc");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 4);
  g_assert_cmpstr (bar_text (window, "score"), ==, "Score 0 / 0 · streak 0 · lesson 0 of 4 right");

  answer (window, "2");
  g_assert_true (g_str_has_prefix (bar_text (window, "feedback"), "Not 2. Hint: "));
  g_assert_true (gtk_widget_has_css_class (bar_part (window, "feedback"), "error"));
  g_assert_cmpuint (adj_document_get_step (doc), ==, 4);

  answer (window, "3 - 2");
  g_assert_true (g_str_has_prefix (bar_text (window, "feedback"), "Right! "));
  g_assert_true (gtk_widget_has_css_class (bar_part (window, "feedback"), "success"));
  g_assert_cmpstr (bar_text (window, "score"), ==, "Score 1 / 1 · streak 0 · lesson 1 of 4 right");
  /* The player went on to the next questions, three at position 5. */
  g_assert_cmpuint (adj_document_get_step (doc), ==, 5);
  g_assert_cmpstr (bar_text (window, "prompt"), ==,
                   "Now the path through x². What is its local derivative ∂(x²)/∂x at x = 3?");
  answer (window, "2*3");
  g_assert_cmpstr (bar_text (window, "score"), ==, "Score 2 / 2 · streak 1 · lesson 2 of 4 right");
  /* A second question at the same step: the player stays for it. */
  g_assert_cmpuint (adj_document_get_step (doc), ==, 5);
  g_assert_cmpstr (bar_text (window, "prompt"), ==, "So what does that path send to x̄?");
  /* A hint asked for, then the answer revealed: finished, not right, the streak broken. */
  window_activate (window, "win.exercise-hint");
  g_assert_true (g_str_has_prefix (bar_text (window, "feedback"), "Hint: "));
  window_activate (window, "win.exercise-reveal");
  g_assert_true (g_str_has_prefix (bar_text (window, "feedback"), "Answer: "));
  g_assert_cmpstr (bar_text (window, "score"), ==, "Score 2 / 3 · streak 0 · lesson 2 of 4 right");

  /* Remembered under the lesson's title (an example has no file). */
  right = adj_exercise_progress_load (path, "Several paths add up");
  g_assert_cmpuint (g_hash_table_size (right), ==, 2);
  g_assert_true (g_hash_table_contains (right, "contribution:z->x"));
  g_assert_true (g_hash_table_contains (right, "local:x^2->x"));

  /* Off: no stops, no strip. */
  window_activate (window, "win.exercise");
  g_assert_false (gtk_widget_get_visible (window_part (window, "exercise_bar")));
  window_activate (window, "win.end");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 6);
  close_window (window);

  /* The next window knows the progress. */
  window = open_example ("05-paths-add-up");
  window_activate (window, "win.exercise");
  g_assert_cmpstr (bar_text (window, "score"), ==, "Score 0 / 0 · streak 0 · lesson 2 of 4 right");
  close_window (window);
}

/* Presenting: the question is the caption (big), R reveals the answer with its chain-rule line,
 * and → goes on. */
static void
test_present_reveal (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  GtkLabel *caption = GTK_LABEL (window_part (window, "caption"));

  window_activate (window, "win.exercise");
  window_activate (window, "win.present");
  g_assert_false (gtk_widget_get_visible (window_part (window, "exercise_bar")));
  step_to (window, 4);
  g_assert_cmpstr (gtk_label_get_text (caption), ==,
                   "Question: The direct path goes first. What does x̄ receive from z along it?");
  window_activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 4);
  window_activate (window, "win.exercise-reveal");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (caption), "Answer: "));
  g_assert_nonnull (strstr (gtk_label_get_text (caption), "= 1"));
  /* The answer stays on the slide until the lecturer moves on. */
  g_assert_cmpuint (adj_document_get_step (doc), ==, 4);
  window_activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 5);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (caption), "Question: Now the path through x²"));
  /* A second question waits at the same step: the answer to the first stays until →. */
  window_activate (window, "win.exercise-reveal");
  g_assert_cmpstr (gtk_label_get_text (caption), ==, "Answer: ∂(x^2)/∂x = 2x = 6");
  window_activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 5);
  g_assert_cmpstr (gtk_label_get_text (caption), ==, "Question: So what does that path send to x̄?");
  window_activate (window, "win.leave-presentation");
  close_window (window);
}

static gboolean
summary_shown (gpointer inspector)
{
  GtkWidget *summary = GTK_WIDGET (gtk_widget_get_template_child (inspector, ADJ_TYPE_INSPECTOR, "check_summary"));
  return gtk_widget_get_visible (summary);
}

/* Find the bug: the overwrite engine assigns x̄ = 6 at step 6 where += gives 7; that is its
 * first wrong step. */
static void
test_find_bug (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  GtkLabel *caption = GTK_LABEL (window_part (window, "caption"));
  GtkWidget *inspector = window_part (window, "inspector");

  window_activate (window, "win.exercise");
  step_to (window, 4);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (bar_part (window, "bug_dropdown")), 1);
  g_assert_true (adj_document_is_replaying (doc));
  g_assert_cmpuint (adj_document_get_step (doc), ==, 4);
  g_assert_true (g_str_has_prefix (bar_text (window, "prompt"), "This backward pass was done by a broken engine."));
  /* No stops while finding the bug: the student walks the broken pass. */
  window_activate (window, "win.end");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 6);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (caption), "→ x̄ = 6"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (caption), "Broken engine (overwrite) · backward 6: "));
  /* The correct engine at the same step, then back. */
  window_activate (window, "win.bug-compare");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 6);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (caption), "→ x̄ = 7"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (caption), "Correct engine · backward 6: "));
  window_activate (window, "win.bug-compare");
  g_assert_true (g_str_has_suffix (gtk_label_get_text (caption), "→ x̄ = 6"));

  /* Step 5 is still right: a hint. Step 6 is the first wrong one. */
  window_activate (window, "win.step-back");
  window_activate (window, "win.bug-mark");
  g_assert_true (g_str_has_prefix (bar_text (window, "feedback"), "Not 5. Hint: "));
  window_activate (window, "win.step-forward");
  window_activate (window, "win.bug-mark");
  g_assert_true (g_str_has_prefix (bar_text (window, "feedback"), "Right! "));
  g_assert_cmpstr (bar_text (window, "score"), ==, "Score 1 / 1 · streak 0");

  /* The inspector's check judges the broken engine: x's gradient is off. */
  adj_document_set_selected (doc, 0);
  gtk_widget_activate (GTK_WIDGET (gtk_widget_get_template_child (inspector, ADJ_TYPE_INSPECTOR, "check_button")));
  g_assert_true (spin_until (summary_shown, inspector, 2));
  {
    GtkWidget *summary = GTK_WIDGET (gtk_widget_get_template_child (inspector, ADJ_TYPE_INSPECTOR, "check_summary"));
    const char *text = gtk_label_get_text (GTK_LABEL (summary));
    g_assert_nonnull (strstr (text, "The overwrite engine: ✗ 1 of 1 element is off"));
  }

  /* The correct engine again: the program's own run. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (bar_part (window, "bug_dropdown")), 0);
  g_assert_false (adj_document_is_replaying (doc));
  g_assert_cmpuint (adj_document_get_step (doc), ==, 6);
  g_assert_false (g_str_has_prefix (gtk_label_get_text (caption), "Correct engine"));
  close_window (window);
}

int
main (int argc, char **argv)
{
  g_autofree char *state = g_dir_make_tmp ("adjoint-exercise-XXXXXX", NULL);

  lsan_ignore_glib_quark_block ();
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* The progress file goes to a fresh state folder (before GLib reads the variable). */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/window-exercise/answer", test_answer);
  g_test_add_func ("/ui/window-exercise/present-reveal", test_present_reveal);
  g_test_add_func ("/ui/window-exercise/find-bug", test_find_bug);
  {
    const int status = g_test_run ();
    g_autofree char *file = g_build_filename (state, "adjoint", "exercises.ini", NULL);
    g_autofree char *dir = g_path_get_dirname (file);
    g_remove (file);
    g_rmdir (dir);
    g_rmdir (state);
    lsan_check_before_exit ();
    return status;
  }
}
