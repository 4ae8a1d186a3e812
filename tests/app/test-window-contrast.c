/* test-window-contrast.c: the editor's text in the real window, by its pixels (issue 15): in
 * the light, dark and high-contrast themes the lesson's comment on its line and the error
 * bar's message reach 4.5:1 against what is behind them (7:1 in high contrast; the issue
 * measured the comment at 4.1:1). Every colour of the editor's style schemes is checked
 * pair by pair in tests/ui/graph/test-editor-contrast.c; here they are measured where they
 * are drawn, with the theme's CSS around them. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include "app/window/adj-window.h"
#include "tests/app/window-harness.h"
#include "app/window/adj-settings.h"
#include "ui/graph/adj-editor.h"
#include "ui/draw/adj-palette.h"

#include <gtk/gtk.h>
#include "tests/lsan-glib.h"

/* The window drawn as it is on screen, into an image of its size. */
static cairo_surface_t *
render (GtkWidget *widget)
{
  const int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (surface);

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static AdjRgb
pixel (cairo_surface_t *surface, int x, int y)
{
  const guint32 p = *(guint32 *) (cairo_image_surface_get_data (surface) +
                                  y * cairo_image_surface_get_stride (surface) + 4 * x);
  return (AdjRgb) { ((p >> 16) & 0xff) / 255.0, ((p >> 8) & 0xff) / 255.0, (p & 0xff) / 255.0 };
}

/* The contrast of the text in @rect: the bar's background is its most common colour, the text
 * the colour farthest from it (a glyph's stem is drawn in full). */
static double
text_contrast (cairo_surface_t *surface, const graphene_rect_t *rect)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint32 bg_key = 0;
  guint best = 0;
  AdjRgb bg;
  double ratio = 1;

  for (int y = (int) rect->origin.y; y < (int) (rect->origin.y + rect->size.height); y++)
    for (int x = (int) rect->origin.x; x < (int) (rect->origin.x + rect->size.width); x++)
      {
        const guint32 key = adj_rgb_pack (pixel (surface, x, y));
        const guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (key))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (key), GUINT_TO_POINTER (n));
        if (n > best)
          {
            best = n;
            bg_key = key;
          }
      }
  bg = (AdjRgb) { ((bg_key >> 16) & 0xff) / 255.0, ((bg_key >> 8) & 0xff) / 255.0, (bg_key & 0xff) / 255.0 };
  for (int y = (int) rect->origin.y; y < (int) (rect->origin.y + rect->size.height); y++)
    for (int x = (int) rect->origin.x; x < (int) (rect->origin.x + rect->size.width); x++)
      ratio = MAX (ratio, adj_rgb_contrast (bg, pixel (surface, x, y)));
  return ratio;
}

static void
check_editor_text (const char *theme, double min_ratio)
{
  AdjWindow *window;
  AdjDocument *doc;
  GtkWidget *editor, *bar;
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface;
  graphene_rect_t bounds;
  double ratio;

  g_settings_set_string (adj_settings_get (), "theme", theme);
  window = adj_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  g_assert_true (adj_window_open_example (window, "welcome", &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  /* Mapped before anything is measured: under load (the sanitizer suite beside other work) the
   * third window had not been, and drew no picture. */
  g_assert_true (spin_until (widget_is_mapped, window, 20));
  doc = adj_window_get_document (window);
  adj_document_set_program (doc, "# x is used twice, so its gradient adds up\nx = 2\ny = x *\n");
  spin (0.8);

  editor = window_part (window, "editor");
  g_assert_true (adj_editor_get_error_visible (ADJ_EDITOR (editor)));
  g_assert_cmpint (adj_editor_get_high_contrast (ADJ_EDITOR (editor)), ==, g_str_equal (theme, "high-contrast"));
  bar = GTK_WIDGET (gtk_widget_get_template_child (editor, ADJ_TYPE_EDITOR, "error_bar"));
  g_assert_true (gtk_widget_compute_bounds (bar, GTK_WIDGET (window), &bounds));
  /* Inside the bar, clear of its red left border. */
  graphene_rect_inset (&bounds, 8, 2);
  {
    GtkTextBuffer *buffer = GTK_TEXT_BUFFER (adj_editor_get_buffer (ADJ_EDITOR (editor)));
    GtkTextIter start, end;

    /* The highlighting runs in idle time; the picture must have it. */
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    gtk_source_buffer_ensure_highlight (GTK_SOURCE_BUFFER (buffer), &start, &end);
    spin (0.2);
  }
  surface = render (GTK_WIDGET (window));
  ratio = text_contrast (surface, &bounds);
  g_test_message ("%s: the error message is at %.2f:1", theme, ratio);
  g_assert_cmpfloat (ratio, >=, min_ratio);

  /* The first line, "# x is used twice…", a comment, on the current line's background. */
  {
    GtkTextView *view = GTK_TEXT_VIEW (gtk_widget_get_template_child (editor, ADJ_TYPE_EDITOR, "view"));
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
    GtkTextIter start, end;
    GdkRectangle first, last;
    graphene_point_t from, to;
    int x1, y1, x2, y2;

    gtk_text_buffer_get_iter_at_line (buffer, &start, 0);
    g_assert_cmpint (gtk_text_iter_get_char (&start), ==, '#');
    end = start;
    gtk_text_iter_forward_chars (&end, 12);
    gtk_text_view_get_iter_location (view, &start, &first);
    gtk_text_view_get_iter_location (view, &end, &last);
    gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, first.x, first.y, &x1, &y1);
    gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, last.x, last.y + last.height, &x2, &y2);
    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (window),
                                             &GRAPHENE_POINT_INIT (x1, y1), &from));
    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (window),
                                             &GRAPHENE_POINT_INIT (x2, y2), &to));
    bounds = GRAPHENE_RECT_INIT (from.x, from.y, to.x - from.x, to.y - from.y);
    g_assert_cmpfloat (bounds.size.width, >, 40);
    ratio = text_contrast (surface, &bounds);
    g_test_message ("%s: the comment is at %.2f:1", theme, ratio);
    g_assert_cmpfloat (ratio, >=, min_ratio);
  }
  cairo_surface_destroy (surface);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_editor_text (void)
{
  check_editor_text ("light", 4.5);
  check_editor_text ("dark", 4.5);
  check_editor_text ("high-contrast", 7.0);
  g_settings_set_string (adj_settings_get (), "theme", "system");
}

int
main (int argc, char **argv)
{
  lsan_ignore_glib_quark_block ();
  /* The accessibility backend that needs no session bus, which Xvfb runs do not have. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (adj_settings_get ());
  g_test_add_func ("/ui/window-contrast/editor-text", test_editor_text);
  return g_test_run ();
}
