/* test-window-questions.c: a lecturer writes questions in the window (issue 16) under Xvfb: the
 * exercise strip's "Your questions…" popover adds one at the player's step with the lecturer's
 * prompt, the file saved and read again holds it, and exercise mode asks it there, in the strip
 * and in presentation mode; the popover removes it again; a kind the step cannot ask says why;
 * Enter in the prompt adds as the button does. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include "app/window/adj-window.h"
#include "tests/app/window-harness.h"
#include "ui/graph/adj-exercise-bar.h"
#include "ui/graph/adj-question-editor.h"

#include <gtk/gtk.h>
#include "tests/lsan-glib.h"
#include <glib/gstdio.h>
#include <string.h>

/* x reaches z along two paths. Positions: 0 start, 1 after x², 2 after z, 3 after the seed, … */
#define PROGRAM_FILE \
  "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 3\\nz = x^2 + x\\n\"}"
#define PROMPT "Before z is computed: what will it be?"

static GtkWidget *
bar_part (AdjWindow *window, const char *id)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (window_part (window, "exercise_bar"),
                                                                ADJ_TYPE_EXERCISE_BAR, id));
  g_assert_nonnull (child);
  return child;
}

static GtkWidget *
editor (AdjWindow *window)
{
  return (GtkWidget *) gtk_menu_button_get_popover (GTK_MENU_BUTTON (bar_part (window, "questions_button")));
}

/* A child of the question editor's template (data/ui/adj-question-editor.ui). */
static GtkWidget *
editor_part (AdjWindow *window, const char *id)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (editor (window), ADJ_TYPE_QUESTION_EDITOR, id));
  g_assert_nonnull (child);
  return child;
}

static void
step_to (AdjWindow *window, guint k)
{
  AdjDocument *doc = adj_window_get_document (window);

  while (adj_document_get_step (doc) < k)
    window_activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, k);
}

static guint
n_rows (AdjWindow *window)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (editor_part (window, "list")); row;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static char *
write_program (void)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  const int fd = g_file_open_tmp ("adjoint-questions-XXXXXX.adjoint", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, PROGRAM_FILE, -1, &error));
  return path;
}

/* Opens the popover with Q (exercise mode comes on with it) at position 1, before z is
 * computed; adds a value question there with the lecturer's prompt. */
static void
add_value_question (AdjWindow *window)
{
  AdjDocument *doc = adj_window_get_document (window);

  step_to (window, 1);
  window_activate (window, "win.exercise-questions");
  g_assert_true (spin_until (widget_is_mapped, editor (window), 5));
  g_assert_true (gtk_widget_get_visible (window_part (window, "exercise_bar")));
  g_assert_cmpuint (n_rows (window), ==, 0);
  g_assert_false (gtk_widget_get_visible (editor_part (window, "list")));
  /* Step 2 computes z: its value can be asked, no local derivative. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (editor_part (window, "kind_dropdown")), AG_QUESTION_LOCAL);
  g_assert_false (gtk_widget_get_sensitive (editor_part (window, "add_button")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (editor_part (window, "status"))),
                                   "Not at this step: "));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (editor_part (window, "kind_dropdown")), AG_QUESTION_VALUE);
  g_assert_true (gtk_widget_get_sensitive (editor_part (window, "add_button")));
  g_assert_false (adj_document_get_modified (doc));

  gtk_editable_set_text (GTK_EDITABLE (editor_part (window, "prompt_entry")), "  " PROMPT " ");
  g_signal_emit_by_name (editor_part (window, "add_button"), "clicked");
  g_assert_true (adj_document_get_modified (doc));
  g_assert_cmpuint (n_rows (window), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_part (window, "prompt_entry"))), ==, "");
  /* Asked at once, where the lecturer is: exercise mode read the file's questions again. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bar_part (window, "prompt"))), ==, PROMPT);
  /* The same kind twice at one step is not offered, and refused if asked for. */
  g_assert_false (gtk_widget_get_sensitive (editor_part (window, "add_button")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (editor_part (window, "status"))), "Added"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (editor_part (window, "kind_dropdown")), AG_QUESTION_LOCAL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (editor_part (window, "kind_dropdown")), AG_QUESTION_VALUE);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (editor_part (window, "status"))), "asks it already"));
  g_signal_emit_by_name (editor_part (window, "add_button"), "clicked");
  g_assert_cmpuint (n_rows (window), ==, 1);
  g_assert_true (gtk_widget_has_css_class (editor_part (window, "status"), "error"));
  gtk_popover_popdown (GTK_POPOVER (editor (window)));
}

static void
test_add_save_ask (void)
{
  g_autofree char *path = write_program ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) saved = NULL;
  AdjWindow *window = open_path (path);
  AdjDocument *doc = adj_window_get_document (window);
  const AgFileQuestion *fq;
  GtkLabel *caption;

  add_value_question (window);
  g_assert_true (adj_document_save (doc, file, &error));
  g_assert_no_error (error);
  close_window (window);

  /* In the file, under its step's anchor. */
  saved = ag_graph_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->questions->len, ==, 1);
  fq = g_ptr_array_index (saved->questions, 0);
  g_assert_cmpstr (fq->kind, ==, "value");
  g_assert_cmpstr (fq->step, ==, "forward:z");
  g_assert_cmpstr (fq->prompt, ==, PROMPT);

  /* Read again: exercise mode stops before step 2 and asks it, the answer 12 is right. */
  window = open_path (path);
  doc = adj_window_get_document (window);
  window_activate (window, "win.exercise");
  step_to (window, 1);
  window_activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bar_part (window, "prompt"))), ==, PROMPT);
  gtk_editable_set_text (GTK_EDITABLE (bar_part (window, "entry")), "9 + 3");
  g_signal_emit_by_name (bar_part (window, "entry"), "activate");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (bar_part (window, "feedback"))), "Right! "));
  g_assert_cmpuint (adj_document_get_step (doc), ==, 2);

  /* Presenting: the question is the slide's caption at the same step. */
  window_activate (window, "win.restart");
  close_window (window);
  window = open_path (path);
  doc = adj_window_get_document (window);
  caption = GTK_LABEL (window_part (window, "caption"));
  window_activate (window, "win.exercise");
  window_activate (window, "win.present");
  step_to (window, 1);
  g_assert_cmpstr (gtk_label_get_text (caption), ==, "Question: " PROMPT);
  window_activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 1);
  window_activate (window, "win.leave-presentation");
  close_window (window);
  g_remove (path);
}

/* The popover's remove button takes the question out of the document and the file; exercise mode
 * goes back to asking about every value. */
static void
test_remove (void)
{
  g_autofree char *path = write_program ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) saved = NULL;
  AdjWindow *window = open_path (path);
  AdjDocument *doc = adj_window_get_document (window);
  GtkWidget *row, *button;

  add_value_question (window);
  g_assert_true (adj_document_save (doc, file, &error));
  g_assert_false (adj_document_get_modified (doc));
  gtk_menu_button_popup (GTK_MENU_BUTTON (bar_part (window, "questions_button")));
  g_assert_true (spin_until (widget_is_mapped, editor (window), 5));
  g_assert_cmpuint (n_rows (window), ==, 1);
  row = gtk_widget_get_first_child (editor_part (window, "list"));          /* GtkListBoxRow */
  button = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (n_rows (window), ==, 0);
  g_assert_true (adj_document_get_modified (doc));
  g_assert_cmpuint (adj_document_get_file_data (doc)->questions->len, ==, 0);
  /* Without authored questions, the automatic ones: the value of z, generated. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bar_part (window, "prompt"))), !=, PROMPT);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (bar_part (window, "prompt"))), "z"));
  /* The kind on offer again; Enter in the prompt adds it, as the button does. */
  g_assert_true (gtk_widget_get_sensitive (editor_part (window, "add_button")));
  gtk_editable_set_text (GTK_EDITABLE (editor_part (window, "prompt_entry")), "Again?");
  g_signal_emit_by_name (editor_part (window, "prompt_entry"), "activate");
  g_assert_cmpuint (n_rows (window), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bar_part (window, "prompt"))), ==, "Again?");
  g_assert_true (adj_document_remove_question (doc, 0));
  g_assert_cmpuint (n_rows (window), ==, 0);
  gtk_popover_popdown (GTK_POPOVER (editor (window)));
  g_assert_true (adj_document_save (doc, file, &error));
  close_window (window);
  saved = ag_graph_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->questions->len, ==, 0);
  g_remove (path);
}

int
main (int argc, char **argv)
{
  g_autofree char *state = g_dir_make_tmp ("adjoint-questions-XXXXXX", NULL);

  lsan_ignore_glib_quark_block ();
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/window-questions/add-save-ask", test_add_save_ask);
  g_test_add_func ("/ui/window-questions/remove", test_remove);
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
