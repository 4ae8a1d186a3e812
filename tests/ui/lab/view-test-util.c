/* view-test-util.c: what the boundary and neuron view tests share: images to draw on and
 * read pixels from, and a window to show a widget in under Xvfb. */
#include "tests/ui/lab/view-test-util.h"

#include <math.h>
#include <string.h>

/* A new opaque @width × @height image painted @bg (grey level). */
cairo_surface_t *
new_image (int width, int height, double bg, cairo_t **cr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  *cr = cairo_create (surface);
  cairo_set_source_rgb (*cr, bg, bg, bg);
  cairo_paint (*cr);
  return surface;
}

cairo_surface_t *
finish_image (cairo_surface_t *surface, cairo_t *cr)
{
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The colour of pixel (@x, @y), 0..1 per channel. */
void
pixel_at (cairo_surface_t *surface, double x, double y, double rgb[3])
{
  int ix = (int) floor (x), iy = (int) floor (y);
  guint32 p;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  p = *(guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                               iy * cairo_image_surface_get_stride (surface) + 4 * ix);
  rgb[0] = ((p >> 16) & 0xff) / 255.0;
  rgb[1] = ((p >> 8) & 0xff) / 255.0;
  rgb[2] = (p & 0xff) / 255.0;
}

double
luminance (const double rgb[3])
{
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

double
saturation (const double rgb[3])
{
  return MAX (rgb[0], MAX (rgb[1], rgb[2])) - MIN (rgb[0], MIN (rgb[1], rgb[2]));
}

/* Pixels in the rectangle that differ between two images of the same size. */
guint
count_diff (cairo_surface_t *a, cairo_surface_t *b, int x0, int y0, int x1, int y1)
{
  guint n = 0;

  x0 = MAX (x0, 0);
  y0 = MAX (y0, 0);
  x1 = MIN (x1, cairo_image_surface_get_width (a));
  y1 = MIN (y1, cairo_image_surface_get_height (a));
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        double pa[3], pb[3];

        pixel_at (a, x, y, pa);
        pixel_at (b, x, y, pb);
        n += fabs (pa[0] - pb[0]) + fabs (pa[1] - pb[1]) + fabs (pa[2] - pb[2]) > 0.02;
      }
  return n;
}

gboolean
same_image (cairo_surface_t *a, cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height (a), stride = cairo_image_surface_get_stride (a);

  return cairo_image_surface_get_width (a) == cairo_image_surface_get_width (b) &&
         h == cairo_image_surface_get_height (b) &&
         memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (gsize) h * stride) == 0;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @widget is mapped and has a size, or fails after 5 s. */
void
wait_for_allocation (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

/* Gives @widget the keyboard focus. Its window needs the display's focus for that, which
 * another suite's window may hold (meson runs them side by side on one X server): presents it
 * again until it has it, for up to 5 s. Iterate nothing after this while the focus matters. */
void
focus_widget (GtkWidget *widget)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  g_assert_true (gtk_widget_grab_focus (widget));
  for (guint i = 0; !gtk_widget_has_focus (widget); i++)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (i % 10 == 0)
        gtk_window_present (window);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

GtkWindow *
show_in_window (GtkWidget *widget, int width, int height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, widget);
  gtk_window_present (window);
  wait_for_allocation (widget);
  return window;
}

GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;   /* the widget keeps it */
    }
  return NULL;
}

/* Renders @widget's own snapshot over white into a new image of its size. */
cairo_surface_t *
snapshot_widget (GtkWidget *widget)
{
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  cairo_t *cr;
  cairo_surface_t *surface = new_image (gtk_widget_get_width (widget),
                                        gtk_widget_get_height (widget), 1, &cr);

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  gsk_render_node_draw (node, cr);
  return finish_image (surface, cr);
}
