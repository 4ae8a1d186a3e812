/* test-window.c: the document window under Xvfb: open an example, step through it forwards
 * and backwards, play it, edit the program and an input, fail to open a file; its
 * preferences, libadwaita's style manager, about window and toasts; the examples it lists. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include "app/window/adj-window.h"
#include "tests/app/window-harness.h"
#include "app/window/adj-examples.h"
#include "app/window/adj-preferences-window.h"
#include "app/window/adj-settings.h"
#include "ui/graph/adj-editor.h"

#include <gtk/gtk.h>
#include "tests/lsan-glib.h"
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* A child of the window's template (data/ui/adj-window.ui), by its id. */
static const char *
label_text (AdjWindow *window, const char *id)
{
  return gtk_label_get_text (GTK_LABEL (window_part (window, id)));
}

/* Example 5 (x used twice): step forwards to where x̄ receives its second contribution,
 * back, and jump; the caption line and the counter say where we are. */
static void
test_step (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Several paths add up");
  g_assert_cmpstr (label_text (window, "counter"), ==, "0 / 6");
  g_assert_true (g_str_has_prefix (label_text (window, "caption"), "x is used twice"));
  window_activate (window, "win.step-forward");
  g_assert_cmpstr (label_text (window, "counter"), ==, "1 / 6");
  g_assert_cmpstr (label_text (window, "caption"), ==, "forward 1: x^2 = 3^2 = 9");
  window_activate (window, "win.step-forward");
  window_activate (window, "win.step-forward");
  g_assert_cmpstr (label_text (window, "caption"), ==,
                   "seed 3: z̄ = 1 (the output's adjoint starts at 1, since ∂z/∂z = 1)");
  window_activate (window, "win.step-back");
  g_assert_cmpstr (label_text (window, "counter"), ==, "2 / 6");
  window_activate (window, "win.end");
  g_assert_cmpstr (label_text (window, "counter"), ==, "6 / 6");
  g_assert_true (g_str_has_prefix (label_text (window, "caption"), "The path through x²"));
  /* At the end, stepping forward is disabled; stepping back is not. */
  g_assert_false (g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (window), "step-forward")));
  g_assert_true (g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (window), "step-back")));
  window_activate (window, "win.backward-start");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 2);
  window_activate (window, "win.restart");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 0);
  g_assert_false (g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (window), "step-back")));
  close_window (window);
}

static gboolean
settled (gpointer view)
{
  return adj_graph_view_get_fraction (view) >= 1;
}

static gboolean
not_playing (gpointer view)
{
  return !adj_graph_view_get_playing (view);
}

/* A step forward animates on the frame clock and settles; a step back shows its end at once. */
static void
test_animate (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjGraphView *view = adj_window_get_graph_view (window);

  adj_graph_view_set_speed (view, 4);
  window_activate (window, "win.step-forward");
  g_assert_cmpfloat (adj_graph_view_get_fraction (view), <, 1);
  g_assert_true (spin_until (settled, view, 5));
  window_activate (window, "win.step-back");
  g_assert_cmpfloat (adj_graph_view_get_fraction (view), ==, 1);
  close_window (window);
}

/* Play runs every step to the end and stops; the play button turns into pause meanwhile. */
static void
test_play (void)
{
  AdjWindow *window = open_example ("01-chain-rule");
  AdjGraphView *view = adj_window_get_graph_view (window);
  AdjDocument *doc = adj_window_get_document (window);
  GtkWidget *play = window_part (window, "play_button");

  adj_graph_view_set_speed (view, 4);
  window_activate (window, "win.play");
  g_assert_true (adj_graph_view_get_playing (view));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (play)), ==, "media-playback-pause-symbolic");
  g_assert_true (spin_until (not_playing, view, 20));
  g_assert_cmpuint (adj_document_get_step (doc), ==, adj_document_get_n_steps (doc));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (play)), ==, "media-playback-start-symbolic");
  close_window (window);
}

/* Typing a broken program underlines the error and keeps the last good graph; fixing it
 * rebuilds the graph. */
static void
test_editor_error (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  AdjEditor *editor = ADJ_EDITOR (window_part (window, "editor"));
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (adj_editor_get_buffer (editor));
  AgGraph *before = adj_document_get_graph (doc);

  gtk_text_buffer_set_text (buffer, "x = 3\nz = x^2 +\n", -1);
  adj_editor_flush (editor);
  g_assert_true (adj_document_get_graph (doc) == before);
  g_assert_true (adj_editor_get_error_visible (editor));
  g_assert_true (g_str_has_prefix (adj_editor_get_error_message (editor), "2:10: "));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));
  g_assert_true (gtk_widget_get_visible (window_part (window, "stale_label")));

  gtk_text_buffer_set_text (buffer, "x = 3\nz = x^2 + x + x\n", -1);
  adj_editor_flush (editor);
  g_assert_false (adj_editor_get_error_visible (editor));
  g_assert_false (gtk_widget_get_visible (window_part (window, "stale_label")));
  g_assert_true (adj_document_get_graph (doc) != before);
  g_assert_cmpfloat (*ag_graph_grad (adj_document_get_graph (doc), 0), ==, 8);
  /* The new graph is shown at its end, so a student sees the result of the edit. */
  g_assert_cmpuint (adj_document_get_step (doc), ==, adj_document_get_n_steps (doc));
  adj_document_set_program (doc, adj_document_get_program (doc));   /* no change, no prompt */
  close_window (window);
}

/* Selecting an input shows its value editor; changing it rewrites the program and the
 * gradients follow (x = 4: x̄ = 2x + 1 = 9). */
static void
test_edit_value (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (window_part (window, "value_spin"));
  AdjEditor *editor = ADJ_EDITOR (window_part (window, "editor"));
  g_autofree char *text = NULL;

  g_assert_false (gtk_widget_get_visible (window_part (window, "value_row")));
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "x"));
  g_assert_true (gtk_widget_get_visible (window_part (window, "value_row")));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 3);
  gtk_spin_button_set_value (spin, 4);
  g_assert_true (g_str_has_prefix (adj_document_get_program (doc), "x = 4\n"));
  text = adj_editor_dup_text (editor);
  g_assert_cmpstr (text, ==, adj_document_get_program (doc));
  g_assert_cmpfloat (*ag_graph_grad (adj_document_get_graph (doc), ag_graph_lookup (adj_document_get_graph (doc), "x")), ==, 9);
  /* The selection survives the rebuild. */
  g_assert_cmpuint (adj_document_get_selected (doc), ==, ag_graph_lookup (adj_document_get_graph (doc), "x"));
  /* The spin button shows four digits: reading them back must not round the program. */
  adj_document_set_program (doc, "x = 0.123456\nz = x^2 + x\n");
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "x"));
  gtk_spin_button_update (spin);
  g_signal_emit_by_name (spin, "value-changed");
  g_assert_cmpstr (adj_document_get_program (doc), ==, "x = 0.123456\nz = x^2 + x\n");
  /* A constant cannot be edited. */
  adj_document_set_selected (doc, 1);
  g_assert_false (gtk_widget_get_visible (window_part (window, "value_row")));
  close_window (window);
}

/* A file that cannot be opened is reported in the window; the document stays as it was. */
static void
test_failed_open (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("adjoint-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.adjoint", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  const char *program = adj_document_get_program (doc);

  adj_document_set_step (doc, 4);
  g_assert_true (g_file_set_contents (path, "{\"format\": \"adjoint-graph\", \"version\": 1,\n \"program\": 3}", -1, NULL));
  g_assert_false (adj_window_open_file (window, file, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_FORMAT);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (window_part (window, "banner"))));
  g_assert_nonnull (strstr (label_text (window, "banner_label"), "broken.adjoint"));
  g_assert_nonnull (strstr (label_text (window, "banner_label"), "\"program\" must be a string"));
  g_assert_true (adj_document_get_program (doc) == program);
  g_assert_cmpuint (adj_document_get_step (doc), ==, 4);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Several paths add up");

  /* A good file, opened the way a dropped file is, replaces it and clears the message. */
  g_assert_true (g_file_set_contents (path, "a = 2\nb = a * a\n", -1, NULL));
  {
    g_autofree char *uri = g_file_get_uri (file);
    window_activate_with (window, "win.open-uri", g_variant_new_string (uri));
  }
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (window_part (window, "banner"))));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "broken.adjoint");
  g_assert_cmpuint (adj_document_get_n_steps (doc), ==, 4);
  g_unlink (path);
  g_rmdir (dir);
  close_window (window);
}

/* Every bundled example opens and can be stepped from start to end and back. */
static void
test_all_examples (void)
{
  AdjWindow *window = open_example ("welcome");
  AdjDocument *doc = adj_window_get_document (window);
  const char *names[] = { "01-chain-rule", "02-dot-product", "03-composition", "04-two-inputs",
                          "05-paths-add-up", "06-relu", "07-sigmoid", "08-mse-loss", "09-sin-of-square",
                          "10-exp-of-polynomial", "11-log-cos-sqrt", "12-product-plus-constant",
                          "13-linear-regression", "14-four-variables", "15-vector-chain-rule",
                          "16-linear-layer", "17-training-step", "18-vanishing-gradients",
                          "25-mlp-neurons", "26-newton", "27-rnn-through-time", "28-attention",
                          "29-layer-norm" };

  adj_graph_view_set_animate (adj_window_get_graph_view (window), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint n;
      g_assert_true (adj_window_open_example (window, names[i], NULL));
      g_assert_null (adj_document_get_error (doc));
      n = adj_document_get_n_steps (doc);
      g_assert_cmpuint (n, >, 0);
      for (guint k = 0; k < n; k++)
        window_activate (window, "win.step-forward");
      g_assert_cmpuint (adj_document_get_step (doc), ==, n);
      for (guint k = 0; k < n; k++)
        window_activate (window, "win.step-back");
      g_assert_cmpuint (adj_document_get_step (doc), ==, 0);
      g_main_context_iteration (NULL, FALSE);   /* draw it */
    }
  close_window (window);
}

/* The question a window asks before it loses unsaved changes, or NULL. */
static GtkDialog *
find_prompt (AdjWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (window))
        return GTK_DIALOG (w);
    }
  return NULL;
}

enum { RESPONSE_DISCARD = 1 };   /* as in adj-window.c */

/* Closing or opening over unsaved changes asks first: Cancel keeps everything, Discard
 * goes on. */
static void
test_unsaved (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  GtkDialog *prompt;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  adj_document_set_program (doc, "x = 5\nz = x^2 + x\n");
  g_assert_true (adj_document_get_modified (doc));

  /* Opening an example over it: cancel, then discard. */
  window_activate_with (window, "win.open-example", g_variant_new_string ("01-chain-rule"));
  prompt = find_prompt (window);
  g_assert_nonnull (prompt);
  gtk_dialog_response (prompt, GTK_RESPONSE_CANCEL);
  g_assert_cmpstr (adj_document_get_program (doc), ==, "x = 5\nz = x^2 + x\n");
  g_assert_null (find_prompt (window));
  window_activate_with (window, "win.open-example", g_variant_new_string ("01-chain-rule"));
  gtk_dialog_response (find_prompt (window), RESPONSE_DISCARD);
  g_assert_false (adj_document_get_modified (doc));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "The chain rule"));

  /* Closing: nothing to lose closes at once; otherwise the window stays until told. */
  adj_document_set_program (doc, "a = 1\nb = a + a\n");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window);
  prompt = find_prompt (window);
  g_assert_nonnull (prompt);
  gtk_dialog_response (prompt, GTK_RESPONSE_CANCEL);
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  gtk_window_close (GTK_WINDOW (window));
  gtk_dialog_response (find_prompt (window), RESPONSE_DISCARD);
  g_assert_null (window);
}

/* Presentation mode (F5): only the canvas and the caption line; the clicker's keys step, B
 * blanks the screen, S lights a spotlight, Escape leaves and brings everything back. */
static void
test_presentation (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  GtkWidget *editor = window_part (window, "editor");

  adj_graph_view_set_animate (adj_window_get_graph_view (window), FALSE);
  window_activate (window, "win.restart");
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "leave-presentation"));
  window_activate (window, "win.present");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presenting"));
  g_assert_false (gtk_widget_get_visible (editor));
  g_assert_false (gtk_widget_get_visible (window_part (window, "sidebar")));
  g_assert_false (gtk_widget_get_visible (window_part (window, "player_bar")));
  g_assert_true (gtk_widget_get_visible (window_part (window, "caption_bar")));
  g_assert_true (g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (window), "present")));

  window_activate (window, "win.step-forward");
  window_activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 2);
  g_assert_cmpstr (label_text (window, "counter"), ==, "2 / 6");
  window_activate (window, "win.step-back");
  g_assert_cmpuint (adj_document_get_step (doc), ==, 1);

  /* B blanks and B again shows; the step stays. */
  window_activate (window, "win.backward-start");
  g_assert_true (gtk_widget_get_visible (window_part (window, "blank")));
  window_activate (window, "win.backward-start");
  g_assert_false (gtk_widget_get_visible (window_part (window, "blank")));
  g_assert_cmpuint (adj_document_get_step (doc), ==, 1);
  window_activate (window, "win.spotlight");
  g_assert_true (gtk_widget_get_visible (window_part (window, "spotlight")));
  g_main_context_iteration (NULL, FALSE);

  window_activate (window, "win.leave-presentation");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "presenting"));
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_true (gtk_widget_get_visible (window_part (window, "player_bar")));
  g_assert_false (gtk_widget_get_visible (window_part (window, "spotlight")));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "spotlight"));
  /* Outside presentation B is the jump to the backward pass again. */
  window_activate (window, "win.backward-start");
  g_assert_cmpuint (adj_document_get_step (doc), ==, adj_document_get_phase_start (doc));
  close_window (window);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Presenting at the screen's size (run at 1280×720 and 1920×1080): every step's caption holds
 * at most two lines, the canvas keeps its height from step to step, and the node the step sets
 * is on the canvas. The welcome's sentences ran to four lines at 1280×720 and covered the graph. */
static void
test_presentation_caption (void)
{
  AdjWindow *window = open_example ("welcome");
  AdjDocument *doc = adj_window_get_document (window);
  AdjGraphView *view = adj_window_get_graph_view (window);
  GtkWidget *canvas = GTK_WIDGET (view);
  int height = -1;

  adj_graph_view_set_animate (view, FALSE);
  window_activate (window, "win.present");
  spin_until (never, NULL, 0.5);
  g_assert_true (adj_graph_view_get_follow (view));
  for (guint k = 1; k <= adj_document_get_n_steps (doc); k++)
    {
      const AgTrace *t = adj_document_get_trace (doc);
      const AdjLayout *layout;
      const AdjBox *b;
      AdjView v;
      double x1, y1, x2, y2;

      adj_document_set_step (doc, k);
      spin_until (never, NULL, 0.08);
      g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (window_part (window, "caption")))), <=, 2);
      if (height < 0)
        height = gtk_widget_get_height (canvas);
      g_assert_cmpint (gtk_widget_get_height (canvas), ==, height);
      g_assert_cmpint (height, >, gtk_widget_get_height (GTK_WIDGET (window)) / 2);
      layout = adj_document_get_layout (doc);
      b = &g_array_index (layout->boxes, AdjBox, ag_trace_step (t, k - 1)->to);
      v = adj_graph_view_get_view (view);
      adj_view_to_widget (&v, b->x, b->y, &x1, &y1);
      adj_view_to_widget (&v, b->x + b->w, b->y + b->h, &x2, &y2);
      g_assert_cmpfloat (x1, >=, 0);
      g_assert_cmpfloat (y1, >=, 0);
      g_assert_cmpfloat (x2, <=, gtk_widget_get_width (canvas));
      g_assert_cmpfloat (y2, <=, height);
    }
  window_activate (window, "win.leave-presentation");
  g_assert_cmpint (gtk_label_get_lines (GTK_LABEL (window_part (window, "caption"))), ==, -1);
  close_window (window);
}

/* A lecturer writes a caption for a step: it replaces the generated sentence, is saved in the
 * file, comes back on opening, goes into exported slides, and an empty one removes it. */
static guint
count_pdf_pages (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize i = 0; i + 12 < len; i++)   /* binary: no string functions */
    n += memcmp (data + i, "/Type /Page", 11) == 0 && data[i + 11] != 's';   /* not /Pages */
  return n;
}

static void
test_captions (void)
{
  AdjWindow *window = open_example ("03-composition");
  AdjDocument *doc = adj_window_get_document (window);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-captions-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "lesson.adjoint", NULL);
  g_autofree char *pdf = g_build_filename (dir, "slides.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "step.png", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkWidget *entry = window_part (window, "caption_entry");

  adj_graph_view_set_animate (adj_window_get_graph_view (window), FALSE);
  window_activate (window, "win.restart");
  window_activate (window, "win.step-forward");
  g_assert_null (adj_document_get_caption (doc, 1));
  window_activate (window, "win.edit-caption");
  g_assert_true (gtk_widget_get_visible (entry));
  g_assert_false (gtk_widget_get_visible (window_part (window, "caption")));
  gtk_editable_set_text (GTK_EDITABLE (entry), "  First, y is computed from x.  ");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_get_visible (entry));
  g_assert_cmpstr (adj_document_get_caption (doc, 1), ==, "First, y is computed from x.");
  g_assert_cmpstr (label_text (window, "caption"), ==, "First, y is computed from x.");
  g_assert_true (adj_document_get_modified (doc));

  /* Saved and opened again. */
  g_assert_true (adj_document_save (doc, file, &error));
  g_assert_no_error (error);
  g_assert_true (adj_window_open_file (window, file, &error));
  g_assert_cmpstr (adj_document_get_caption (doc, 1), ==, "First, y is computed from x.");

  /* Exported: a title page, then one PDF page per position, and the step as a picture. */
  g_assert_true (adj_window_export (window, pdf, "all", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_pdf_pages (pdf), ==, 1 + adj_document_get_n_steps (doc) + 1);
  g_assert_true (adj_window_export (window, png, "step", &error));
  g_assert_no_error (error);
  g_assert_false (adj_window_export (window, png, "loss", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Escape leaves the entry without a change; an empty caption brings the sentence back. */
  window_activate (window, "win.step-forward");
  window_activate (window, "win.step-back");
  window_activate (window, "win.edit-caption");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "First, y is computed from x.");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_signal_emit_by_name (entry, "activate");
  g_assert_null (adj_document_get_caption (doc, 1));
  g_assert_true (g_str_has_prefix (label_text (window, "caption"), "forward 1: "));

  g_remove (path);
  g_remove (pdf);
  g_remove (png);
  g_rmdir (dir);
  adj_document_save (doc, file, NULL);   /* nothing unsaved to ask about when closing */
  g_remove (path);
  close_window (window);
}

/* The window's toplevel of @type transient for @window (a dialog it opened), or NULL. */
static GtkWindow *
find_transient (AdjWindow *window, GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_window_get_transient_for (w) == GTK_WINDOW (window))
        return w;
    }
  return NULL;
}

/* Theme and text size: chosen in the preferences window, applied at once, remembered in the
 * settings file. */
static void
test_preferences (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjGraphView *view = adj_window_get_graph_view (window);
  GtkSettings *gtk = gtk_settings_get_default ();
  g_autofree char *ini = g_build_filename (g_get_user_config_dir (), "adjoint", "settings.ini", NULL);
  GtkWidget *prefs;
  int dpi;

  window_activate (window, "win.preferences");
  prefs = GTK_WIDGET (find_transient (window, ADJ_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  g_assert_true (gtk_widget_activate_action (prefs, "prefs.theme", "s", "high-contrast"));
  g_assert_cmpint (adj_graph_view_get_theme (view), ==, ADJ_THEME_HIGH_CONTRAST);
  g_assert_true (gtk_widget_activate_action (prefs, "prefs.theme", "s", "dark"));
  g_assert_cmpint (adj_graph_view_get_theme (view), ==, ADJ_THEME_DARK);
  g_assert_true (gtk_widget_activate_action (prefs, "prefs.font-scale", "d", 1.5));
  g_object_get (gtk, "gtk-xft-dpi", &dpi, NULL);
  g_assert_cmpint (dpi, ==, 96 * 1024 * 3 / 2);
  g_settings_sync ();
  {
    g_autoptr (GKeyFile) kf = g_key_file_new ();
    g_autofree char *theme = NULL;
    g_assert_true (g_key_file_load_from_file (kf, ini, 0, NULL));
    theme = g_key_file_get_string (kf, "preferences", "theme", NULL);
    g_assert_cmpstr (theme, ==, "'dark'");
    g_assert_cmpfloat (g_key_file_get_double (kf, "preferences", "font-scale", NULL), ==, 1.5);
  }
  g_assert_true (gtk_widget_activate_action (prefs, "prefs.theme", "s", "light"));
  g_assert_cmpint (adj_graph_view_get_theme (view), ==, ADJ_THEME_LIGHT);
  g_assert_true (gtk_widget_activate_action (prefs, "prefs.theme", "s", "dark"));
  g_assert_true (gtk_widget_activate_action (prefs, "prefs.theme", "s", "system"));
  g_assert_cmpint (adj_graph_view_get_theme (view), ==, ADJ_THEME_LIGHT);   /* Xvfb's desktop is light */
  g_assert_true (gtk_widget_activate_action (prefs, "prefs.font-scale", "d", 1.0));
  gtk_window_destroy (GTK_WINDOW (prefs));
  close_window (window);
}

/* Each theme preference sets libadwaita's style manager, and the canvas follows what the style
 * manager says is in effect, also when the desktop changes it while the window is open. */
static void
test_style_manager (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjGraphView *view = adj_window_get_graph_view (window);
  AdwStyleManager *style = adw_style_manager_get_default ();
  GSettings *settings = adj_settings_get ();
  const struct { const char *theme; AdwColorScheme scheme; gboolean dark; AdjTheme canvas; } cases[] = {
    { "light", ADW_COLOR_SCHEME_FORCE_LIGHT, FALSE, ADJ_THEME_LIGHT },
    { "dark", ADW_COLOR_SCHEME_FORCE_DARK, TRUE, ADJ_THEME_DARK },
    { "high-contrast", ADW_COLOR_SCHEME_FORCE_LIGHT, FALSE, ADJ_THEME_HIGH_CONTRAST },
    { "system", ADW_COLOR_SCHEME_DEFAULT, FALSE, ADJ_THEME_LIGHT },   /* Xvfb's desktop is light */
  };

  g_assert_nonnull (settings);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_settings_set_string (settings, "theme", cases[i].theme);
      g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, cases[i].scheme);
      g_assert_cmpint (adw_style_manager_get_dark (style), ==, cases[i].dark);
      g_assert_cmpint (adj_graph_view_get_theme (view), ==, cases[i].canvas);
    }
  /* "Follow the desktop": the desktop turning dark (here, the style manager told so) turns the
   * canvas dark at once, and back. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_PREFER_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  g_assert_cmpint (adj_graph_view_get_theme (view), ==, ADJ_THEME_DARK);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_cmpint (adj_graph_view_get_theme (view), ==, ADJ_THEME_LIGHT);
  close_window (window);
}

/* About opens libadwaita's about window, over this window. */
static void
test_about (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  GtkWindow *about;

  window_activate (window, "win.about");
  about = find_transient (window, ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Adjoint");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, ADJOINT_TEST_VERSION);
  gtk_window_destroy (about);
  close_window (window);
}

/* A label under @widget whose text starts with @prefix, or NULL. */
static GtkWidget *
find_label (GtkWidget *widget, const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, prefix);
      if (found)
        return found;
    }
  return NULL;
}

/* Save says so in a toast, which goes by itself. */
static void
test_save_toast (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("adjoint-toast-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.adjoint", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkWidget *overlay = window_part (window, "toast_overlay");

  g_assert_true (g_file_set_contents (path, "a = 2\nb = a * a\n", -1, NULL));
  g_assert_true (adj_window_open_file (window, file, NULL));
  g_assert_null (find_label (overlay, "Saved"));
  adj_document_set_program (doc, "a = 3\nb = a * a\n");
  window_activate (window, "win.save");
  g_assert_false (adj_document_get_modified (doc));
  g_assert_nonnull (find_label (overlay, "Saved “saved.adjoint”"));
  g_unlink (path);
  g_rmdir (dir);
  close_window (window);
}

/* The question a window asks before a program text would lose what only a graph file holds. */
static AdwMessageDialog *
find_format_question (AdjWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          gtk_window_get_transient_for (w) == GTK_WINDOW (window))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
chooser_has_file (gpointer chooser)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_autoptr (GFile) file = gtk_file_chooser_get_file (chooser);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return file != NULL;
}

static gboolean
is_saved (gpointer doc)
{
  return !adj_document_get_modified (doc);
}

/* Answers @dialog as its button would: the response, then the dialog closes. */
static void
answer (AdwMessageDialog *dialog, const char *response)
{
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A program opened from a text file saves back as program text, never as JSON (issue 17). */
static void
test_save_program_text (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("adjoint-text-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "draft.txt", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *saved = NULL;

  g_assert_true (g_file_set_contents (path, "x = 3\ny = x^2\n", -1, NULL));
  g_assert_true (adj_window_open_file (window, file, NULL));
  g_assert_true (adj_document_get_plain_text (doc));
  adj_document_set_program (doc, "x = 3\ny = x^2\nz = y + x\n");
  window_activate (window, "win.save");
  g_assert_null (find_format_question (window));
  g_assert_false (adj_document_get_modified (doc));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, "x = 3\ny = x^2\nz = y + x\n");
  g_assert_true (adj_document_get_plain_text (doc));
  /* Opened through a symbolic link, a private file: the link stays a link, the file it names
   * gets the text and keeps its permissions. */
  {
    g_autofree char *link = g_build_filename (dir, "link.txt", NULL);
    g_autoptr (GFile) link_file = g_file_new_for_path (link);
    GStatBuf st;
    g_assert_cmpint (g_chmod (path, 0600), ==, 0);
    g_assert_cmpint (symlink ("draft.txt", link), ==, 0);
    g_assert_true (adj_window_open_file (window, link_file, NULL));
    adj_document_set_program (doc, "x = 1\n");
    window_activate (window, "win.save");
    g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
    g_clear_pointer (&saved, g_free);
    g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
    g_assert_cmpstr (saved, ==, "x = 1\n");
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_unlink (link);
  }
  /* A graph file stays one. */
  g_assert_true (adj_window_open_example (window, "01-chain-rule", NULL));
  g_assert_false (adj_document_get_plain_text (doc));
  g_unlink (path);
  g_rmdir (dir);
  close_window (window);
}

/* With a caption, Save asks: "Save the program only" writes the text (the caption stays in the
 * window, unsaved in the file); "Save as a graph file…" offers draft.adjoint beside it;
 * Cancel writes nothing. */
static void
test_save_format_question (void)
{
  AdjWindow *window = open_example ("05-paths-add-up");
  AdjDocument *doc = adj_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("adjoint-text-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "draft.txt", NULL);
  g_autofree char *graph_path = g_build_filename (dir, "draft.adjoint", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  AdwMessageDialog *question;
  GtkFileChooser *chooser;
  g_autofree char *saved = NULL, *name = NULL;

  g_assert_true (g_file_set_contents (path, "x = 3\ny = x^2\n", -1, NULL));
  g_assert_true (adj_window_open_file (window, file, NULL));
  g_assert_false (adj_document_has_graph_extras (doc));
  g_assert_true (adj_document_set_caption (doc, 0, "x is three."));
  g_assert_true (adj_document_has_graph_extras (doc));

  /* Cancel: nothing written, still unsaved. */
  window_activate (window, "win.save");
  question = find_format_question (window);
  g_assert_nonnull (question);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "draft.txt"));
  answer (question, "cancel");
  g_assert_true (adj_document_get_modified (doc));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, "x = 3\ny = x^2\n");
  g_clear_pointer (&saved, g_free);

  /* The program only. */
  adj_document_set_program (doc, "x = 4\ny = x^2\n");
  window_activate (window, "win.save");
  answer (find_format_question (window), ADJ_WINDOW_SAVE_PROGRAM);
  g_assert_false (adj_document_get_modified (doc));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, "x = 4\ny = x^2\n");

  /* A graph file: Save As, with draft.adjoint suggested beside it; accepting writes JSON
   * there, and the document is a graph file from then on. */
  adj_document_set_program (doc, "x = 5\ny = x^2\n");
  window_activate (window, "win.save");
  answer (find_format_question (window), ADJ_WINDOW_SAVE_GRAPH);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chooser = GTK_FILE_CHOOSER (find_transient (window, GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_nonnull (chooser);
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (name, ==, "draft.adjoint");
  g_assert_true (spin_until (chooser_has_file, chooser, 5));   /* the folder loads in the background */
  {
    g_autoptr (GFile) chosen = gtk_file_chooser_get_file (chooser);
    g_autofree char *chosen_path = g_file_get_path (chosen);
    g_assert_cmpstr (chosen_path, ==, graph_path);
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_true (spin_until (is_saved, doc, 5));
  g_assert_false (adj_document_get_plain_text (doc));
  g_clear_pointer (&saved, g_free);
  g_assert_true (g_file_get_contents (graph_path, &saved, NULL, NULL));
  g_assert_true (g_str_has_prefix (saved, "{"));
  g_assert_nonnull (strstr (saved, "x is three."));
  g_clear_pointer (&saved, g_free);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, "x = 4\ny = x^2\n");

  g_unlink (path);
  g_unlink (graph_path);
  g_rmdir (dir);
  close_window (window);
}

/* The Examples menu lists the resources, which hold exactly the files under data/examples/:
 * the welcome first, then the others by name. */
static void
test_examples_listed (void)
{
  g_auto (GStrv) names = adj_examples_list ();
  g_autoptr (GMenuModel) menu = adj_examples_menu ();
  g_autoptr (GDir) dir = g_dir_open (g_getenv ("ADJOINT_EXAMPLES_DIR"), 0, NULL);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *file;
  GMenuModel *lessons;

  g_assert_nonnull (dir);
  while ((file = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (file, ".adjoint"))
      g_ptr_array_add (files, g_strndup (file, strlen (file) - strlen (".adjoint")));
  g_assert_cmpuint (g_strv_length (names), ==, files->len);
  for (guint i = 0; i < files->len; i++)
    g_assert_true (g_strv_contains ((const char *const *) names, files->pdata[i]));
  g_assert_cmpstr (names[0], ==, "welcome");
  g_assert_cmpstr (names[1], ==, "01-chain-rule");
  /* The menu: the unnumbered examples, then the lessons in their own section. */
  lessons = g_menu_model_get_item_link (menu, g_menu_model_get_n_items (menu) - 1, G_MENU_LINK_SECTION);
  g_assert_nonnull (lessons);
  g_assert_cmpuint (g_menu_model_get_n_items (menu) - 1 + g_menu_model_get_n_items (lessons), ==, files->len);
  {
    g_autofree char *label = NULL;
    g_menu_model_get_item_attribute (lessons, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label);
    g_assert_cmpstr (label, ==, "1. The chain rule, one variable");
  }
  g_object_unref (lessons);
}

int
main (int argc, char **argv)
{
  lsan_ignore_glib_quark_block ();
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* GTK's file chooser keeps its own state in GSettings; without a session bus dconf would
   * warn. The window's preferences have their own keyfile backend (adj-settings.c). */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/window/step", test_step);
  g_test_add_func ("/ui/window/animate", test_animate);
  g_test_add_func ("/ui/window/play", test_play);
  g_test_add_func ("/ui/window/editor-error", test_editor_error);
  g_test_add_func ("/ui/window/edit-value", test_edit_value);
  g_test_add_func ("/ui/window/failed-open", test_failed_open);
  g_test_add_func ("/ui/window/all-examples", test_all_examples);
  g_test_add_func ("/ui/window/unsaved", test_unsaved);
  g_test_add_func ("/ui/window/presentation", test_presentation);
  g_test_add_func ("/ui/window/presentation-caption", test_presentation_caption);
  g_test_add_func ("/ui/window/captions", test_captions);
  g_test_add_func ("/ui/window/preferences", test_preferences);
  g_test_add_func ("/ui/window/style-manager", test_style_manager);
  g_test_add_func ("/ui/window/about", test_about);
  g_test_add_func ("/ui/window/save-toast", test_save_toast);
  g_test_add_func ("/ui/window/save-program-text", test_save_program_text);
  g_test_add_func ("/ui/window/save-format-question", test_save_format_question);
  g_test_add_func ("/ui/window/examples-listed", test_examples_listed);
  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
