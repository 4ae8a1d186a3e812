/* test-window-layout.c: the canvas keeps its room (issue 15): at 1280×720 and 1920×1080, with
 * Text Size 100 % and 200 % (GNOME's Large Text doubles gtk-xft-dpi, as the preference
 * does), the window fits its size, the graph canvas gets at least 40 % of the window's width
 * and of its height, and the side panes, the lesson's note and the caption give way instead
 * (they scroll or fold); the timeline keeps its phases' names. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include "app/window/adj-window.h"
#include "tests/app/window-harness.h"
#include "app/window/adj-settings.h"
#include "ui/graph/adj-timeline.h"

#include <gtk/gtk.h>
#include "tests/lsan-glib.h"

/* The width of @text in @widget's font, in pixels. */
static int
text_width (GtkWidget *widget, const char *text)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w = 0, h = 0;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* The welcome lesson (a long note, a long caption at its end) at @width×@height and Text
 * Size @scale, with the inspector shown or not and a node selected. */
static void
check_layout (int width, int height, double scale, gboolean inspector)
{
  AdjWindow *window;
  AdjDocument *doc;
  GtkWidget *canvas, *timeline;
  g_autoptr (GError) error = NULL;
  int win_w, win_h, canvas_w, canvas_h;

  g_settings_set_double (adj_settings_get (), "font-scale", scale);
  /* Let GTK take in the new font DPI before there is a window: a DPI change while a window's
   * frame was between its layout and its paint once made GTK snapshot a stack it had not yet
   * allocated again (a warning, fatal here). */
  spin (0.2);
  window = adj_window_new (NULL);
  {
    int dpi = 0;
    g_object_get (gtk_settings_get_default (), "gtk-xft-dpi", &dpi, NULL);
    g_assert_cmpint (dpi, ==, (int) (96 * 1024 * scale));
  }
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (adj_window_open_example (window, "welcome", &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  spin (0.3);
  doc = adj_window_get_document (window);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "n"));
  adw_flap_set_reveal_flap (ADW_FLAP (window_part (window, "flap")), inspector);
  spin (0.7);

  win_w = gtk_widget_get_width (GTK_WIDGET (window));
  win_h = gtk_widget_get_height (GTK_WIDGET (window));
  canvas = window_part (window, "graph_view");
  timeline = window_part (window, "timeline");
  canvas_w = gtk_widget_get_width (canvas);
  canvas_h = gtk_widget_get_height (canvas);
  g_test_message ("%d×%d at %.0f %%, inspector %s: window %d×%d, canvas %d×%d (%.0f %% × %.0f %%), "
                  "editor %d, timeline %d",
                  width, height, 100 * scale, inspector ? "shown" : "hidden", win_w, win_h,
                  canvas_w, canvas_h, 100.0 * canvas_w / win_w, 100.0 * canvas_h / win_h,
                  gtk_widget_get_width (window_part (window, "editor")), gtk_widget_get_width (timeline));
  {
    int min_w, min_h, nat;
    gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat, NULL, NULL);
    gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, win_w, &min_h, &nat, NULL, NULL);
    g_test_message ("window minimum %d×%d; caption %d of %d shown, note %d of %d shown", min_w, min_h,
                    gtk_widget_get_height (gtk_widget_get_ancestor (window_part (window, "caption"), GTK_TYPE_SCROLLED_WINDOW)), gtk_widget_get_height (window_part (window, "caption")),
                    gtk_widget_get_height (gtk_widget_get_ancestor (window_part (window, "note_label"), GTK_TYPE_SCROLLED_WINDOW)), gtk_widget_get_height (window_part (window, "note_label")));
  }
  /* The window fits the screen it was sized for: nothing is pushed off its bottom. */
  g_assert_cmpint (win_w, <=, width);
  g_assert_cmpint (win_h, <=, height);
  g_assert_cmpint (canvas_w * 10, >=, win_w * 4);
  g_assert_cmpint (canvas_h * 10, >=, win_h * 4);
  /* The player is on screen, and its timeline names both phases: in full at 100 %, at least
   * by their short names with large text (evidence 82: an unlabelled stub). */
  g_assert_true (gtk_widget_get_mapped (window_part (window, "player_bar")));
  g_assert_cmpint (gtk_widget_get_height (window_part (window, "player_bar")), >, 0);
  g_assert_cmpint (gtk_widget_get_width (timeline), >=,
                   adj_timeline_min_width (text_width (timeline, scale > 1 ? "bwd" : "backward")));
  close_window (window);
  g_settings_set_double (adj_settings_get (), "font-scale", 1.0);
  spin (0.2);
}

static void
test_720 (void)
{
  check_layout (1280, 720, 1.0, FALSE);
  check_layout (1280, 720, 1.0, TRUE);
}

static void
test_720_large_text (void)
{
  check_layout (1280, 720, 2.0, FALSE);
  check_layout (1280, 720, 2.0, TRUE);
}

static void
test_1080 (void)
{
  check_layout (1920, 1080, 1.0, FALSE);
  check_layout (1920, 1080, 1.0, TRUE);
}

static void
test_1080_large_text (void)
{
  check_layout (1920, 1080, 2.0, FALSE);
  check_layout (1920, 1080, 2.0, TRUE);
}

/* Presentation hides the note: its scrolled panel goes with it and the canvas starts at the
 * top of the column, with no empty band above it. */
static void
test_no_note_gap (void)
{
  AdjWindow *window = adj_window_new (NULL);
  g_autoptr (GError) error = NULL;
  GtkWidget *note_scroll;
  graphene_rect_t bounds;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  g_assert_true (adj_window_open_example (window, "welcome", &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  spin (0.3);
  note_scroll = gtk_widget_get_ancestor (window_part (window, "note_label"), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_get_visible (note_scroll));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL));
  spin (0.5);
  g_assert_false (gtk_widget_get_visible (window_part (window, "note_label")));
  g_assert_false (gtk_widget_get_visible (note_scroll));
  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_parent (window_part (window, "graph_view")),
                                            window_part (window, "centre"), &bounds));
  g_assert_cmpfloat (bounds.origin.y, ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.leave-presentation", NULL));
  spin (0.3);
  g_assert_true (gtk_widget_get_visible (note_scroll));
  close_window (window);
}

/* A new window takes most of the screen: at 1920×1080 the welcome's graph fits its canvas at a
 * readable size (it was cut at 1440×900); at 1280×720 the whole screen; never past it. */
static void
test_default_size (void)
{
  int w, h;

  adj_window_default_size (1920, 1080, &w, &h);
  g_assert_cmpint (w, ==, 1728);
  g_assert_cmpint (h, ==, 972);
  adj_window_default_size (1280, 720, &w, &h);
  g_assert_cmpint (w, ==, 1280);
  g_assert_cmpint (h, ==, 720);
  adj_window_default_size (1600, 1000, &w, &h);
  g_assert_cmpint (w, ==, 1440);
  g_assert_cmpint (h, ==, 900);
  adj_window_default_size (3840, 2160, &w, &h);
  g_assert_cmpint (w, ==, 2400);
  g_assert_cmpint (h, ==, 1500);
}

int
main (int argc, char **argv)
{
  lsan_ignore_glib_quark_block ();
  /* The accessibility backend that needs no session bus, which Xvfb runs do not have. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (adj_settings_get ());
  /* What AdwApplication loads for the app by itself: the caption's and the note's sizes. */
  {
    GtkCssProvider *css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/org/adjoint/Adjoint/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (css);
  }
  g_test_add_func ("/ui/window-layout/1280x720", test_720);
  g_test_add_func ("/ui/window-layout/1280x720-text-200", test_720_large_text);
  g_test_add_func ("/ui/window-layout/1920x1080", test_1080);
  g_test_add_func ("/ui/window-layout/1920x1080-text-200", test_1080_large_text);
  g_test_add_func ("/ui/window-layout/no-note-gap", test_no_note_gap);
  g_test_add_func ("/ui/window-layout/default-size", test_default_size);
  return g_test_run ();
}
