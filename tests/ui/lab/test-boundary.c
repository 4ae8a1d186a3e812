/* test-boundary.c: the training lab's decision boundary and neuron views: summaries, the
 * heatmaps' colours (two classes, more, regression), the points' fills, rings and shapes,
 * the thumbnail, the network's geometry and hit test, clicks, the keyboard's cursor, hover
 * and links. Asserts pixels of drawings on image surfaces. Runs under Xvfb. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <math.h>
#include "tests/lsan-glib.h"
#include <string.h>
#include <gtk/gtk.h>
#include "ui/lab/adj-boundary.h"
#include "ui/lab/adj-neuron-view.h"

/* ---- helpers -------------------------------------------------------------------------- */

/* A dataset of @n points (x1, x2, y, x1, x2, y, …) with @n_classes (0: regression). */
static AgDataset *
make_dataset (guint n_classes, guint n, const double *xy)
{
  AgDataset *ds = g_new0 (AgDataset, 1);

  ds->n = n;
  ds->n_features = 2;
  ds->n_classes = n_classes;
  ds->x = g_new (double, 2 * MAX (n, 1));
  ds->y = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      ds->x[2 * i] = xy[3 * i];
      ds->x[2 * i + 1] = xy[3 * i + 1];
      ds->y[i] = xy[3 * i + 2];
    }
  return ds;
}

static AdjBoundaryView *
new_boundary (void)
{
  return ADJ_BOUNDARY_VIEW (g_object_ref_sink (adj_boundary_view_new ()));
}

static AdjNeuronView *
new_neurons (guint n_layers, const guint *widths)
{
  AdjNeuronView *view = ADJ_NEURON_VIEW (g_object_ref_sink (adj_neuron_view_new ()));

  if (n_layers > 0)
    adj_neuron_view_set_shape (view, n_layers, widths);
  return view;
}

/* A new opaque @width × @height image painted @bg (grey level). */
static cairo_surface_t *
new_image (int width, int height, double bg, cairo_t **cr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  *cr = cairo_create (surface);
  cairo_set_source_rgb (*cr, bg, bg, bg);
  cairo_paint (*cr);
  return surface;
}

static cairo_surface_t *
finish_image (cairo_surface_t *surface, cairo_t *cr)
{
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_surface_t *
draw_boundary (AdjBoundaryView *view, int width, int height)
{
  cairo_t *cr;
  cairo_surface_t *surface = new_image (width, height, 1, &cr);

  adj_boundary_view_draw (view, cr, width, height);
  return finish_image (surface, cr);
}

static cairo_surface_t *
draw_neurons (AdjNeuronView *view, int width, int height)
{
  cairo_t *cr;
  cairo_surface_t *surface = new_image (width, height, 1, &cr);

  adj_neuron_view_draw (view, cr, width, height);
  return finish_image (surface, cr);
}

/* The colour of pixel (@x, @y), 0..1 per channel. */
static void
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

static guint
alpha_at (cairo_surface_t *surface, int x, int y)
{
  guint32 p = *(guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                       y * cairo_image_surface_get_stride (surface) + 4 * x);

  return p >> 24;
}

static double
luminance (const double rgb[3])
{
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

static double
saturation (const double rgb[3])
{
  return MAX (rgb[0], MAX (rgb[1], rgb[2])) - MIN (rgb[0], MIN (rgb[1], rgb[2]));
}

#define ASSERT_ORANGE(rgb) G_STMT_START {                                 \
    g_assert_cmpfloat ((rgb)[0], >, (rgb)[2] + 0.4);                      \
    g_assert_cmpfloat ((rgb)[0], >, (rgb)[1]);                            \
  } G_STMT_END
#define ASSERT_BLUE(rgb) G_STMT_START {                                   \
    g_assert_cmpfloat ((rgb)[2], >, (rgb)[0] + 0.3);                      \
    g_assert_cmpfloat ((rgb)[2], >, (rgb)[1]);                            \
  } G_STMT_END
#define ASSERT_RGB(rgb, r, g, b, tol) G_STMT_START {                      \
    g_assert_cmpfloat_with_epsilon ((rgb)[0], (r), (tol));                \
    g_assert_cmpfloat_with_epsilon ((rgb)[1], (g), (tol));                \
    g_assert_cmpfloat_with_epsilon ((rgb)[2], (b), (tol));                \
  } G_STMT_END

/* Pixels in the rectangle that differ between two images of the same size. */
static guint
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

static gboolean
same_image (cairo_surface_t *a, cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height (a), stride = cairo_image_surface_get_stride (a);

  return cairo_image_surface_get_width (a) == cairo_image_surface_get_width (b) &&
         h == cairo_image_surface_get_height (b) &&
         memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (gsize) h * stride) == 0;
}

/* A res × res one-output grid with value @left in the left half and @right in the right. */
static double *
halves_grid (guint res, double left, double right)
{
  double *grid = g_new (double, res * res);

  for (guint r = 0; r < res; r++)
    for (guint c = 0; c < res; c++)
      grid[r * res + c] = c < res / 2 ? left : right;
  return grid;
}

/* The plot's centre of plane point (@x1, @x2) when drawn at @size × @size. */
static void
plane_to_pixel (double size, double scale, double extent, double x1, double x2, double *x,
                double *y)
{
  double px, py, side;

  adj_boundary_plot_rect (size, size, scale, &px, &py, &side);
  *x = px + (x1 + extent) / (2 * extent) * side;
  *y = py + (extent - x2) / (2 * extent) * side;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @widget is mapped and has a size, or fails after 5 s. */
static void
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
static void
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

static GtkWindow *
show_in_window (GtkWidget *widget, int width, int height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, widget);
  gtk_window_present (window);
  wait_for_allocation (widget);
  return window;
}

static GtkEventController *
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
static cairo_surface_t *
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

/* ---- the boundary view ---------------------------------------------------------------- */

static void
test_boundary_summary (void)
{
  static const double train_xy[] = { 0, 0, 0, 1, 1, 1, -1, 0.5, 1 };
  static const double test_xy[] = { 0.5, 0.5, 0 };
  static const double multi_xy[] = { 0, 0, 0, 1, 1, 2 };
  static const double reg_xy[] = { 0, 0, -1.25, 1, 1, 0.5, -1, 0, 2 };
  g_autoptr (AgDataset) train = make_dataset (2, 3, train_xy);
  g_autoptr (AgDataset) test = make_dataset (2, 1, test_xy);
  g_autoptr (AgDataset) multi = make_dataset (3, 2, multi_xy);
  g_autoptr (AgDataset) reg = make_dataset (0, 3, reg_xy);
  g_autoptr (AgDataset) moons = ag_dataset_generate (AG_DATASET_MOONS, 250, 0.1, 1, NULL);
  g_autoptr (AgDataset) moons_train = NULL;
  g_autoptr (AgDataset) moons_test = NULL;
  AdjBoundaryView *view = new_boundary ();
  char *s;

  s = adj_boundary_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Decision boundary: no data");
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, s);
  g_free (s);

  ag_dataset_split (moons, 0.2, 1, &moons_train, &moons_test);
  adj_boundary_view_set_data (view, moons_train, moons_test, AG_DATASET_EXTENT);
  s = adj_boundary_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Decision boundary: 200 training points and 50 test points in 2 classes");
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, s);
  g_free (s);

  adj_boundary_view_set_data (view, train, test, 1.5);
  s = adj_boundary_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Decision boundary: 3 training points and 1 test point in 2 classes");
  g_free (s);

  adj_boundary_view_set_data (view, multi, NULL, 1.5);
  s = adj_boundary_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Decision boundary: 2 training points in 3 classes");
  g_free (s);

  adj_boundary_view_set_data (view, reg, NULL, 1.5);
  s = adj_boundary_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Regression: 3 training points, targets from -1.2 to 2");
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, s);
  g_free (s);

  /* A grid does not change the label: it describes the data. */
  {
    g_autofree double *grid = halves_grid (4, -1, 1);

    adj_boundary_view_set_grid (view, 4, 1, grid);
    s = adj_boundary_view_dup_summary (view);
    g_assert_cmpstr (s, ==, "Regression: 3 training points, targets from -1.2 to 2");
    g_free (s);
  }

  adj_boundary_view_set_data (view, NULL, NULL, 1.5);
  s = adj_boundary_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Decision boundary: no data");
  g_free (s);

  g_assert_finalize_object (view);
}

/* p = 0 on the left, 1 on the right: orange and blue, each strong away from the boundary,
 * neutral where p = 0.5, and the p = 0.5 line drawn darker between them. */
static void
test_boundary_binary (void)
{
  const guint res = 10;
  g_autofree double *grid = halves_grid (res, 0, 1);
  g_autofree double *half = halves_grid (res, 0.5, 0.5);
  g_autofree double *weak = halves_grid (res, 0.3, 0.7);
  AdjBoundaryView *view = new_boundary ();
  cairo_surface_t *img;
  double px, py, side, left[3], right[3], mid[3], l3[3], r3[3], weak_left[3], neutral[3];
  double cy;

  adj_boundary_plot_rect (320, 320, 1, &px, &py, &side);
  g_assert_cmpfloat (side, >, 200);
  cy = py + side / 2;

  adj_boundary_view_set_grid (view, res, 1, grid);
  img = draw_boundary (view, 320, 320);
  pixel_at (img, px + 0.15 * side, cy, left);
  pixel_at (img, px + 0.85 * side, cy, right);
  pixel_at (img, px + side / 2, cy, mid);
  pixel_at (img, px + side / 2 - 4, cy, l3);
  pixel_at (img, px + side / 2 + 3, cy, r3);
  cairo_surface_destroy (img);

  ASSERT_ORANGE (left);
  ASSERT_BLUE (right);
  g_assert_cmpfloat (saturation (left), >, 0.5);
  g_assert_cmpfloat (saturation (right), >, 0.4);
  /* The contour at x = 0, darker than the colours on both sides of it. */
  g_assert_cmpfloat (luminance (mid), <, MIN (luminance (l3), luminance (r3)) - 0.08);

  /* Less confident, less saturated; p = 0.5 neutral. */
  adj_boundary_view_set_grid (view, res, 1, weak);
  img = draw_boundary (view, 320, 320);
  pixel_at (img, px + 0.15 * side, cy, weak_left);
  cairo_surface_destroy (img);
  g_assert_cmpfloat (weak_left[0], >, weak_left[2] + 0.15);   /* a paler orange */
  g_assert_cmpfloat (saturation (weak_left), <, saturation (left) - 0.2);

  adj_boundary_view_set_grid (view, res, 1, half);
  img = draw_boundary (view, 320, 320);
  pixel_at (img, px + 0.15 * side, cy, neutral);
  cairo_surface_destroy (img);
  g_assert_cmpfloat (saturation (neutral), <, 0.05);
  g_assert_cmpfloat (luminance (neutral), >, 0.9);

  /* Dark: the neutral is dark, the classes keep their hues. */
  adj_boundary_view_set_dark (view, TRUE);
  img = draw_boundary (view, 320, 320);
  pixel_at (img, px + 0.15 * side, cy, neutral);
  cairo_surface_destroy (img);
  g_assert_cmpfloat (luminance (neutral), <, 0.25);
  adj_boundary_view_set_grid (view, res, 1, grid);
  img = draw_boundary (view, 320, 320);
  pixel_at (img, px + 0.15 * side, cy, left);
  pixel_at (img, px + 0.85 * side, cy, right);
  cairo_surface_destroy (img);
  ASSERT_ORANGE (left);
  ASSERT_BLUE (right);

  /* Cleared: neutral again. */
  adj_boundary_view_clear_grid (view);
  img = draw_boundary (view, 320, 320);
  pixel_at (img, px + 0.85 * side, cy, right);
  cairo_surface_destroy (img);
  g_assert_cmpfloat (saturation (right), <, 0.05);

  g_assert_finalize_object (view);
}

/* Three classes in three vertical bands: each band its argmax class's colour. */
static void
test_boundary_multiclass (void)
{
  static const double xy[] = { -1, 0, 0, 0, 0, 1, 1, 0, 2 };
  g_autoptr (AgDataset) data = make_dataset (3, 3, xy);
  const guint res = 3, k = 3;
  double grid[3 * 3 * 3], unsure[2 * 2 * 3];
  AdjBoundaryView *view = new_boundary ();
  cairo_surface_t *img;
  double px, py, side, band[3][3], weak[3];

  for (guint r = 0; r < res; r++)
    for (guint c = 0; c < res; c++)
      for (guint j = 0; j < k; j++)
        grid[(r * res + c) * k + j] = j == c ? 0.9 : 0.05;
  for (guint i = 0; i < 4; i++)
    {
      unsure[3 * i] = 0.1;
      unsure[3 * i + 1] = 0.5;
      unsure[3 * i + 2] = 0.4;
    }

  adj_boundary_view_set_data (view, data, NULL, 1.5);
  adj_boundary_view_set_grid (view, res, k, grid);
  adj_boundary_plot_rect (300, 300, 1, &px, &py, &side);
  img = draw_boundary (view, 300, 300);
  for (guint c = 0; c < 3; c++)
    pixel_at (img, px + (c + 0.5) * side / 3, py + 0.1 * side, band[c]);
  cairo_surface_destroy (img);

  ASSERT_ORANGE (band[0]);                                   /* class 0: orange */
  ASSERT_BLUE (band[1]);                                     /* class 1: blue */
  g_assert_cmpfloat (band[2][1], >, band[2][0] + 0.2);       /* class 2: bluish green */
  g_assert_cmpfloat (band[2][1], >, band[2][2]);

  /* The argmax (class 1 at 0.5 against 0.4), paler for being less sure. */
  adj_boundary_view_set_grid (view, 2, k, unsure);
  img = draw_boundary (view, 300, 300);
  pixel_at (img, px + 0.25 * side, py + 0.8 * side, weak);   /* away from the points */
  cairo_surface_destroy (img);
  g_assert_cmpfloat (weak[2], >, weak[0] + 0.05);
  g_assert_cmpfloat (saturation (weak), <, saturation (band[1]) - 0.2);

  g_assert_finalize_object (view);
}

/* Regression: a diverging map symmetric about 0 that reaches the largest |target|. */
static void
test_boundary_regression (void)
{
  static const double xy[] = { -1, -1, -2, 1, 1, 2, 0, 0, 0.5 };
  g_autoptr (AgDataset) data = make_dataset (0, 3, xy);
  g_autofree double *full = halves_grid (4, -2, 2);
  g_autofree double *part = halves_grid (4, -1, 1);
  g_autofree double *beyond = halves_grid (4, -7, 0);
  AdjBoundaryView *view = new_boundary ();
  cairo_surface_t *img;
  double px, py, side, left[3], right[3], pleft[3], pright[3], zero[3];

  adj_boundary_view_set_data (view, data, NULL, 1.5);
  adj_boundary_plot_rect (300, 300, 1, &px, &py, &side);
#define SAMPLE(grid, l, r) G_STMT_START {                                  \
    adj_boundary_view_set_grid (view, 4, 1, (grid));                        \
    img = draw_boundary (view, 300, 300);                                   \
    pixel_at (img, px + 0.1 * side, py + 0.05 * side, (l));                 \
    pixel_at (img, px + 0.9 * side, py + 0.05 * side, (r));                 \
    cairo_surface_destroy (img);                                            \
  } G_STMT_END
  SAMPLE (full, left, right);
  SAMPLE (part, pleft, pright);
  ASSERT_ORANGE (left);
  ASSERT_BLUE (right);
  g_assert_cmpfloat (pleft[0], >, pleft[2] + 0.2);
  g_assert_cmpfloat (pright[2], >, pright[0] + 0.2);
  /* Half the largest target: half as strong. */
  g_assert_cmpfloat (saturation (pleft), <, saturation (left) - 0.15);
  g_assert_cmpfloat (saturation (pright), <, saturation (right) - 0.1);
  /* Past the scale: clamped to its end; 0: neutral. */
  SAMPLE (beyond, pleft, zero);
  ASSERT_RGB (pleft, left[0], left[1], left[2], 0.01);
  g_assert_cmpfloat (saturation (zero), <, 0.05);
#undef SAMPLE

  g_assert_finalize_object (view);
}

/* Training points filled with their class's colour, test points rings with the plane
 * showing through, shapes by class, and :show-test. */
static void
test_boundary_points (void)
{
  static const double train_xy[] = { 0.5, 0.5, 1, -0.5, -0.5, 0 };
  static const double test_xy[] = { 0.5, -0.5, 0 };
  g_autoptr (AgDataset) train = make_dataset (2, 2, train_xy);
  g_autoptr (AgDataset) test = make_dataset (2, 1, test_xy);
  AdjBoundaryView *view = new_boundary ();
  cairo_surface_t *with, *without;
  double x, y, tx, ty, rgb[3], plane[3];

  adj_boundary_view_set_data (view, train, test, 1.5);
  g_object_set (view, "font-scale", 4.0, NULL);   /* big markers: r = 12.5 px */
  with = draw_boundary (view, 800, 800);

  plane_to_pixel (800, 4, 1.5, 0.5, 0.5, &x, &y);
  pixel_at (with, x, y, rgb);
  ASSERT_RGB (rgb, 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0, 0.03);   /* class 1: #0072B2 */
  /* A square: its corner is filled, where a circle's would not be. */
  pixel_at (with, x + 10, y + 10, rgb);
  ASSERT_RGB (rgb, 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0, 0.03);

  plane_to_pixel (800, 4, 1.5, -0.5, -0.5, &x, &y);
  pixel_at (with, x, y, rgb);
  ASSERT_RGB (rgb, 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0, 0.03);   /* class 0: #E69F00 */
  pixel_at (with, x + 10, y + 10, rgb);
  g_assert_cmpfloat (fabs (rgb[2] - 0x00 / 255.0), >, 0.2);           /* a circle */

  /* The test point: a ring; its middle is the plane's own colour. */
  plane_to_pixel (800, 4, 1.5, 0.5, -0.5, &tx, &ty);
  pixel_at (with, tx, ty, rgb);
  pixel_at (with, tx + 40, ty + 40, plane);
  ASSERT_RGB (rgb, plane[0], plane[1], plane[2], 0.01);
  pixel_at (with, tx + 12.5, ty, rgb);                                /* on the ring */
  ASSERT_ORANGE (rgb);

  g_assert_true (adj_boundary_view_get_show_test (view));
  adj_boundary_view_set_show_test (view, FALSE);
  without = draw_boundary (view, 800, 800);
  g_assert_cmpuint (count_diff (with, without, tx - 30, ty - 30, tx + 30, ty + 30), >, 100);
  g_assert_cmpuint (count_diff (with, without, x - 30, y - 30, x + 30, y + 30), ==, 0);
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);

  g_assert_finalize_object (view);
}

/* The grid is copied into buffers kept between calls: a second grid of the same size replaces
 * the first completely, and so does one after a change of size. */
static void
test_boundary_grid_reuse (void)
{
  g_autofree double *a = halves_grid (8, 0, 1);
  g_autofree double *b = halves_grid (8, 0.9, 0.2);
  g_autofree double *c = halves_grid (4, 0.5, 0.1);
  g_autofree double *copy = NULL;
  AdjBoundaryView *once = new_boundary ();
  AdjBoundaryView *again = new_boundary ();
  cairo_surface_t *want, *got;
  g_autofree char *summary = NULL;
  g_autofree char *summary_again = NULL;

  adj_boundary_view_set_grid (once, 8, 1, b);
  want = draw_boundary (once, 200, 200);

  adj_boundary_view_set_grid (again, 8, 1, a);
  summary = adj_boundary_view_dup_summary (again);
  copy = g_memdup2 (b, sizeof (double) * 64);
  adj_boundary_view_set_grid (again, 8, 1, copy);
  /* The view holds its own copy: the caller's buffer may change at once. */
  for (guint i = 0; i < 64; i++)
    copy[i] = 0.5;
  got = draw_boundary (again, 200, 200);
  g_assert_true (same_image (want, got));
  cairo_surface_destroy (got);
  summary_again = adj_boundary_view_dup_summary (again);
  g_assert_cmpstr (summary, ==, summary_again);

  /* Another size and back. */
  adj_boundary_view_set_grid (again, 4, 1, c);
  got = draw_boundary (again, 200, 200);
  g_assert_false (same_image (want, got));
  cairo_surface_destroy (got);
  adj_boundary_view_set_grid (again, 8, 1, b);
  got = draw_boundary (again, 200, 200);
  g_assert_true (same_image (want, got));
  cairo_surface_destroy (got);

  /* Many frames, as training sends them: still the same picture. */
  for (guint i = 0; i < 100; i++)
    adj_boundary_view_set_grid (again, 8, 1, i % 2 ? b : a);
  adj_boundary_view_set_grid (again, 8, 1, b);
  got = draw_boundary (again, 200, 200);
  g_assert_true (same_image (want, got));
  cairo_surface_destroy (got);

  cairo_surface_destroy (want);
  g_assert_finalize_object (once);
  g_assert_finalize_object (again);
}

/* The points come from a cached layer into images, and are drawn one by one into anything
 * else: the same picture either way, and the cache follows the data and :show-test. */
static cairo_surface_t *
draw_boundary_direct (AdjBoundaryView *view, int width, int height)
{
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rec), *out;
  cairo_surface_t *img = new_image (width, height, 1, &out);

  adj_boundary_view_draw (view, cr, width, height);
  cairo_destroy (cr);
  cairo_set_source_surface (out, rec, 0, 0);
  cairo_paint (out);
  cairo_surface_destroy (rec);
  return finish_image (img, out);
}

static void
test_boundary_cache (void)
{
  g_autoptr (AgDataset) moons = ag_dataset_generate (AG_DATASET_MOONS, 300, 0.1, 5, NULL);
  g_autoptr (AgDataset) train = NULL;
  g_autoptr (AgDataset) test = NULL;
  g_autoptr (AgDataset) other = ag_dataset_generate (AG_DATASET_CIRCLES, 100, 0.1, 5, NULL);
  g_autofree double *grid = halves_grid (20, 0.2, 0.9);
  AdjBoundaryView *view = new_boundary ();
  cairo_surface_t *cached, *direct, *again;

  ag_dataset_split (moons, 0.2, 5, &train, &test);
  adj_boundary_view_set_data (view, train, test, 1.5);
  adj_boundary_view_set_grid (view, 20, 1, grid);

  cached = draw_boundary (view, 300, 300);
  direct = draw_boundary_direct (view, 300, 300);
  g_assert_cmpuint (count_diff (cached, direct, 0, 0, 300, 300), <, 300 * 300 / 500);
  cairo_surface_destroy (direct);

  /* Other points, hidden test points, and back. */
  adj_boundary_view_set_data (view, other, NULL, 1.5);
  again = draw_boundary (view, 300, 300);
  direct = draw_boundary_direct (view, 300, 300);
  g_assert_false (same_image (cached, again));
  g_assert_cmpuint (count_diff (again, direct, 0, 0, 300, 300), <, 300 * 300 / 500);
  cairo_surface_destroy (direct);
  cairo_surface_destroy (again);

  adj_boundary_view_set_data (view, train, test, 1.5);
  adj_boundary_view_set_grid (view, 20, 1, grid);
  adj_boundary_view_set_show_test (view, FALSE);
  again = draw_boundary (view, 300, 300);
  g_assert_false (same_image (cached, again));
  cairo_surface_destroy (again);
  adj_boundary_view_set_show_test (view, TRUE);
  again = draw_boundary (view, 300, 300);
  g_assert_true (same_image (cached, again));
  cairo_surface_destroy (again);

  /* Another size. */
  again = draw_boundary (view, 260, 300);
  direct = draw_boundary_direct (view, 260, 300);
  g_assert_cmpuint (count_diff (again, direct, 0, 0, 260, 300), <, 260 * 300 / 500);
  cairo_surface_destroy (direct);
  cairo_surface_destroy (again);

  cairo_surface_destroy (cached);
  g_assert_finalize_object (view);
}

static void
test_boundary_geometry (void)
{
  const double sizes[][2] = { { 320, 320 }, { 500, 300 }, { 300, 500 }, { 121, 400 }, { 30, 30 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (double sc = 0.5; sc <= 4; sc *= 2)
      {
        double w = sizes[i][0], h = sizes[i][1], x, y, side;

        adj_boundary_plot_rect (w, h, sc, &x, &y, &side);
        g_assert_cmpfloat (side, >=, 0);
        g_assert_cmpfloat (x, >=, 0);
        g_assert_cmpfloat (y, >=, 0);
        g_assert_cmpfloat (x + side, <=, w);
        g_assert_cmpfloat (y + side, <=, h);
        /* Centred, to the pixel. */
        g_assert_cmpfloat (fabs ((w - side - x) - x), <=, 1);
        g_assert_cmpfloat (fabs ((h - side - y) - y), <=, 1);
        /* Room for the labels on the short side. */
        if (side > 0)
          g_assert_cmpfloat (MIN (x, y), >=, 20 * sc - 1);
      }
}

static void
test_boundary_properties (void)
{
  AdjBoundaryView *view = new_boundary ();
  gboolean show_test, dark;
  double scale;
  int min, nat;

  g_object_get (view, "show-test", &show_test, "dark", &dark, "font-scale", &scale, NULL);
  g_assert_true (show_test);
  g_assert_false (dark);
  g_assert_cmpfloat (scale, ==, 1.0);
  g_object_set (view, "show-test", FALSE, "dark", TRUE, "font-scale", 1.5, NULL);
  g_assert_false (adj_boundary_view_get_show_test (view));
  g_assert_true (adj_boundary_view_get_dark (view));
  g_assert_cmpfloat (adj_boundary_view_get_font_scale (view), ==, 1.5);
  g_object_set (view, "font-scale", 1.0, NULL);

  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 120);
  g_assert_cmpint (nat, ==, 320);
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 120);
  g_assert_cmpint (nat, ==, 320);
  gtk_test_accessible_assert_role (view, GTK_ACCESSIBLE_ROLE_IMG);

  g_assert_finalize_object (view);
}

/* The thumbnail: a rounded square of soft background with the points on it. */
static void
test_boundary_thumbnail (void)
{
  static const double xy[] = { 1, 1, 1, -1, -1, 0 };
  g_autoptr (AgDataset) data = make_dataset (2, 2, xy);
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 130, 130);
  cairo_t *cr = cairo_create (img);
  double rgb[3], bg[3];
  /* Inside a 4-px padding: plane (1, 1) is at 3/4 of the width, 1/4 of the height. */
  double pad = 128 * 0.06, span = 128 - 2 * pad;

  adj_boundary_draw_thumbnail (cr, 128, data, 1.5, FALSE);
  finish_image (img, cr);

  g_assert_cmpuint (alpha_at (img, 0, 0), ==, 0);        /* a rounded corner */
  g_assert_cmpuint (alpha_at (img, 129, 64), ==, 0);     /* past its size */
  g_assert_cmpuint (alpha_at (img, 64, 64), ==, 255);
  pixel_at (img, 64, 64, bg);
  g_assert_cmpfloat (luminance (bg), >, 0.85);
  g_assert_cmpfloat (saturation (bg), <, 0.05);
  pixel_at (img, pad + span * 2.5 / 3, pad + span * 0.5 / 3, rgb);
  ASSERT_BLUE (rgb);
  pixel_at (img, pad + span * 0.5 / 3, pad + span * 2.5 / 3, rgb);
  ASSERT_ORANGE (rgb);
  cairo_surface_destroy (img);
}

/* The widget draws itself through its snapshot as adj_boundary_view_draw() does. */
static void
test_boundary_snapshot (void)
{
  g_autofree double *grid = halves_grid (6, 1, 1);
  GtkWidget *view = adj_boundary_view_new ();
  GtkWindow *window = show_in_window (view, 400, 300);
  cairo_surface_t *img;
  double w, h, px, py, side, rgb[3];

  adj_boundary_view_set_grid (ADJ_BOUNDARY_VIEW (view), 6, 1, grid);
  w = gtk_widget_get_width (view);
  h = gtk_widget_get_height (view);
  img = snapshot_widget (view);
  adj_boundary_plot_rect (w, h, 1, &px, &py, &side);
  g_assert_cmpfloat (side, >, 100);
  pixel_at (img, px + side / 2, py + side / 2, rgb);
  ASSERT_BLUE (rgb);
  pixel_at (img, px + side + 4, py + 0.3 * side, rgb);   /* right of the plot: nothing */
  ASSERT_RGB (rgb, 1, 1, 1, 0.01);
  cairo_surface_destroy (img);

  g_object_ref (view);
  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

/* ---- the neuron view ------------------------------------------------------------------ */

static const guint net_2881[] = { 2, 8, 8, 1 };

static void
test_neurons_summary (void)
{
  static const guint solo[] = { 2, 1 };
  static const guint one[] = { 2, 1, 3 };
  AdjNeuronView *view = new_neurons (0, NULL);
  char *s;

  s = adj_neuron_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Network: no layers");
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, s);
  g_free (s);

  adj_neuron_view_set_shape (view, 4, net_2881);
  s = adj_neuron_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Network 2-8-8-1: 16 hidden units");
  g_free (s);
  /* The label goes on to the keyboard's unit, which starts at the first input. */
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Network 2-8-8-1: 16 hidden units. "
                                       "At x1, unit 1 of 2 in the input layer");
  g_assert_cmpuint (adj_neuron_view_get_n_layers (view), ==, 4);
  g_assert_cmpuint (adj_neuron_view_get_width (view, 1), ==, 8);
  g_assert_cmpuint (adj_neuron_view_get_width (view, 3), ==, 1);
  g_assert_cmpuint (adj_neuron_view_get_width (view, 4), ==, 0);

  adj_neuron_view_set_shape (view, 2, solo);
  s = adj_neuron_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Network 2-1: no hidden units");
  g_free (s);
  adj_neuron_view_set_shape (view, 3, one);
  s = adj_neuron_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Network 2-1-3: 1 hidden unit");
  g_free (s);

  gtk_test_accessible_assert_role (view, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_finalize_object (view);
}

/* Every unit's square: inside the picture, square, in its column's block (blocks left to
 * right, each vertically centred); the hit test finds it at its centre and its corner, and
 * nothing in the gaps beside and below it or between the blocks. */
static void
check_geometry (AdjNeuronView *view, guint n_layers, const guint *widths, double width,
                double height)
{
  double prev_right = -1;

  for (guint l = 0; l < n_layers; l++)
    {
      double left = G_MAXDOUBLE, right = -1, top = G_MAXDOUBLE, bottom = -1;
      graphene_rect_t r, first;

      g_assert_false (adj_neuron_view_get_unit_bounds (view, l, widths[l], &r));
      g_assert_true (adj_neuron_view_get_unit_bounds (view, l, 0, &first));
      for (guint u = 0; u < widths[l]; u++)
        {
          guint hl = 99, hu = 99;

          g_assert_true (adj_neuron_view_get_unit_bounds (view, l, u, &r));
          g_assert_cmpfloat (r.size.width, ==, r.size.height);
          g_assert_cmpfloat (r.size.width, >=, 1);
          g_assert_cmpfloat (r.size.width, <=, 56);
          g_assert_cmpfloat (r.size.width, ==, first.size.width);
          g_assert_cmpfloat (r.origin.x, >=, 0);
          g_assert_cmpfloat (r.origin.y, >=, 28);               /* below the captions */
          g_assert_cmpfloat (r.origin.x + r.size.width, <=, width);
          g_assert_cmpfloat (r.origin.y + r.size.height, <=, height);
          left = MIN (left, r.origin.x);
          right = MAX (right, r.origin.x + r.size.width);
          top = MIN (top, r.origin.y);
          bottom = MAX (bottom, r.origin.y + r.size.height);

          g_assert_true (adj_neuron_view_unit_at (view, r.origin.x + r.size.width / 2,
                                                  r.origin.y + r.size.height / 2, &hl, &hu));
          g_assert_cmpuint (hl, ==, l);
          g_assert_cmpuint (hu, ==, u);
          g_assert_true (adj_neuron_view_unit_at (view, r.origin.x, r.origin.y, &hl, &hu));
          g_assert_cmpuint (hu, ==, u);
          /* Just past its right and bottom edges: a gap, not a unit. */
          g_assert_false (adj_neuron_view_unit_at (view, r.origin.x + r.size.width + 0.5,
                                                   r.origin.y + r.size.height / 2, NULL, NULL));
          g_assert_false (adj_neuron_view_unit_at (view, r.origin.x + r.size.width / 2,
                                                   r.origin.y + r.size.height + 0.5, NULL, NULL));
        }
      g_assert_cmpfloat (fabs ((top - 28) - (height - 8 - bottom)), <=, 1);
      g_assert_cmpfloat (left, >, prev_right);
      if (l > 0)
        /* Half-way between two blocks, level with a unit: nothing. */
        g_assert_false (adj_neuron_view_unit_at (view, (prev_right + left) / 2,
                                                 first.origin.y + first.size.height / 2,
                                                 NULL, NULL));
      prev_right = right;
    }
  g_assert_false (adj_neuron_view_unit_at (view, width / 2, 3, NULL, NULL));
  g_assert_false (adj_neuron_view_unit_at (view, -5, height / 2, NULL, NULL));
  g_assert_false (adj_neuron_view_unit_at (view, NAN, NAN, NULL, NULL));
}

static void
test_neurons_geometry (void)
{
  static const guint wide[] = { 2, 64, 1 };
  static const guint deep[] = { 2, 6, 6, 6, 6, 6, 6, 3 };
  AdjNeuronView *view = new_neurons (4, net_2881);
  cairo_surface_t *img;
  graphene_rect_t in, out;

  img = draw_neurons (view, 420, 300);
  cairo_surface_destroy (img);
  check_geometry (view, 4, net_2881, 420, 300);
  /* Few units: as big as allowed. */
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 0, &in));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 3, 0, &out));
  g_assert_cmpfloat (in.size.width, >=, 24);
  g_assert_cmpfloat (out.size.width, ==, in.size.width);

  img = draw_neurons (view, 1000, 700);
  cairo_surface_destroy (img);
  check_geometry (view, 4, net_2881, 1000, 700);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 0, &in));
  g_assert_cmpfloat (in.size.width, ==, 56);                 /* the cap */

  adj_neuron_view_set_shape (view, 3, wide);
  img = draw_neurons (view, 420, 300);
  cairo_surface_destroy (img);
  check_geometry (view, 3, wide, 420, 300);
  /* The inputs stay readable beside a wide layer, which splits into sub-columns of units
   * no smaller than 12 px: 4 of 16 here. Units go down one sub-column, then the next. */
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 0, &in));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 0, &out));
  g_assert_cmpfloat (in.size.width, >=, 24);
  g_assert_cmpfloat (out.size.width, <, in.size.width);
  g_assert_cmpfloat (out.size.width, >=, 12);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 15, &in));
  g_assert_cmpfloat (in.origin.x, ==, out.origin.x);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 16, &in));
  g_assert_cmpfloat (in.origin.x, >, out.origin.x + out.size.width);
  g_assert_cmpfloat (in.origin.y, ==, out.origin.y);
  {
    double step = in.origin.x - out.origin.x;

    g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 63, &in));
    g_assert_cmpfloat (in.origin.x, ==, out.origin.x + 3 * step);
    g_assert_cmpfloat (in.origin.y, ==, out.origin.y + 15 * step);   /* the same gaps down */
  }

  adj_neuron_view_set_shape (view, 8, deep);
  img = draw_neurons (view, 200, 140);                       /* the minimum size */
  cairo_surface_destroy (img);
  check_geometry (view, 8, deep, 200, 140);

  g_assert_finalize_object (view);
}

static void
unit_activated_cb (AdjNeuronView *view, guint layer, guint unit, gpointer data)
{
  guint *got = data;

  got[0] = layer;
  got[1] = unit;
  got[2]++;
}

/* A click on a unit emits ::unit-activated with its column and index; a click elsewhere, or
 * a press on one unit released on another, emits nothing. */
static void
test_neurons_click (void)
{
  GtkWidget *view = adj_neuron_view_new ();
  GtkWindow *window;
  GtkEventController *click;
  graphene_rect_t r, other;
  guint got[3] = { 99, 99, 0 };
  double cx, cy;

  adj_neuron_view_set_shape (ADJ_NEURON_VIEW (view), 4, net_2881);
  g_signal_connect (view, "unit-activated", G_CALLBACK (unit_activated_cb), got);
  window = show_in_window (view, 420, 300);
  click = find_controller (view, GTK_TYPE_GESTURE_CLICK);
  g_assert_nonnull (click);

  /* The allocation is the geometry's size. */
  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 3, 0, &r));
  g_assert_cmpfloat (r.origin.x + r.size.width, <=, gtk_widget_get_width (view));
  g_assert_cmpfloat (r.origin.x + r.size.width, >, gtk_widget_get_width (view) - 40);

  /* The snapshot draws what adj_neuron_view_draw() does: x1 orange on the left of its unit,
   * blue on the right. */
  {
    cairo_surface_t *img = snapshot_widget (view);
    double rgb[3];

    g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 0, 0, &r));
    pixel_at (img, r.origin.x + 0.2 * r.size.width, r.origin.y + r.size.height / 2, rgb);
    ASSERT_ORANGE (rgb);
    pixel_at (img, r.origin.x + 0.8 * r.size.width, r.origin.y + r.size.height / 2, rgb);
    ASSERT_BLUE (rgb);
    cairo_surface_destroy (img);
  }

  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 2, 3, &r));
  cx = r.origin.x + r.size.width / 2;
  cy = r.origin.y + r.size.height / 2;
  g_signal_emit_by_name (click, "pressed", 1, cx, cy);
  g_signal_emit_by_name (click, "released", 1, cx + 1, cy - 1);
  g_assert_cmpuint (got[2], ==, 1);
  g_assert_cmpuint (got[0], ==, 2);
  g_assert_cmpuint (got[1], ==, 3);

  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 0, 1, &other));
  g_signal_emit_by_name (click, "pressed", 1, other.origin.x + 2, other.origin.y + 2);
  g_signal_emit_by_name (click, "released", 1, other.origin.x + 2, other.origin.y + 2);
  g_assert_cmpuint (got[2], ==, 2);
  g_assert_cmpuint (got[0], ==, 0);
  g_assert_cmpuint (got[1], ==, 1);

  /* Between columns 1 and 2, level with a unit. */
  {
    graphene_rect_t left;
    double x;

    g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 1, 3, &left));
    x = (left.origin.x + left.size.width + r.origin.x) / 2;
    g_signal_emit_by_name (click, "pressed", 1, x, cy);
    g_signal_emit_by_name (click, "released", 1, x, cy);
    g_assert_cmpuint (got[2], ==, 2);
  }
  /* Pressed on one unit, released on another. */
  g_signal_emit_by_name (click, "pressed", 1, cx, cy);
  g_signal_emit_by_name (click, "released", 1, other.origin.x + 2, other.origin.y + 2);
  g_assert_cmpuint (got[2], ==, 2);

  g_object_ref (view);
  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

/* Presses @keyval with @state on @view as GTK delivers it to the focused widget: through its
 * key controller. Returns whether the view kept the key (else it goes on to the window). */
static gboolean
press_key (GtkWidget *view, guint keyval, GdkModifierType state)
{
  GtkEventController *keys = find_controller (view, GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, state, &handled);
  return handled;
}

/* Releases @keyval on @view, after GTK's own window controller has run: GTK 4 hides the focus
 * again when a key is released on the widget it was pressed on. */
static void
release_key (GtkWidget *view, guint keyval)
{
  GtkEventController *keys = find_controller (view, GTK_TYPE_EVENT_CONTROLLER_KEY);

  gtk_window_set_focus_visible (GTK_WINDOW (gtk_widget_get_root (view)), FALSE);
  g_signal_emit_by_name (keys, "key-released", keyval, 0, 0);
}

#define ASSERT_AT(view, text)                                                            \
  gtk_test_accessible_assert_property ((view), GTK_ACCESSIBLE_PROPERTY_LABEL,            \
                                       "Network 2-8-8-1: 16 hidden units. At " text)

/* The arrows move a cursor over the units: Up and Down within a column, Left and Right to
 * the unit at the same relative height of the next column, stopping at the ends; Return and
 * space activate it; a click moves it; every other key goes on to the window. */
static void
test_neurons_keyboard (void)
{
  GtkWidget *view = adj_neuron_view_new ();
  GtkWindow *window;
  guint got[3] = { 99, 99, 0 };

  adj_neuron_view_set_shape (ADJ_NEURON_VIEW (view), 4, net_2881);
  g_signal_connect (view, "unit-activated", G_CALLBACK (unit_activated_cb), got);
  window = show_in_window (view, 420, 300);
  g_assert_true (gtk_widget_get_focusable (view));
  focus_widget (view);

  ASSERT_AT (view, "x1, unit 1 of 2 in the input layer");
  g_assert_true (press_key (view, GDK_KEY_Return, 0));
  g_assert_cmpuint (got[2], ==, 1);
  g_assert_cmpuint (got[0], ==, 0);
  g_assert_cmpuint (got[1], ==, 0);

  g_assert_true (press_key (view, GDK_KEY_Down, 0));
  ASSERT_AT (view, "x2, unit 2 of 2 in the input layer");
  g_assert_true (press_key (view, GDK_KEY_Down, 0));           /* the end: kept, no move */
  ASSERT_AT (view, "x2, unit 2 of 2 in the input layer");
  g_assert_true (press_key (view, GDK_KEY_Left, 0));           /* the first column: likewise */
  ASSERT_AT (view, "x2, unit 2 of 2 in the input layer");

  /* The lower half of 2 is units 4..7 of 8; the middle of it, unit 6. */
  g_assert_true (press_key (view, GDK_KEY_Right, 0));
  ASSERT_AT (view, "h1[6], unit 7 of 8 in hidden layer 1");
  g_assert_true (press_key (view, GDK_KEY_Up, 0));
  g_assert_true (press_key (view, GDK_KEY_KP_Up, 0));
  ASSERT_AT (view, "h1[4], unit 5 of 8 in hidden layer 1");
  g_assert_true (press_key (view, GDK_KEY_KP_Right, 0));
  ASSERT_AT (view, "h2[4], unit 5 of 8 in hidden layer 2");
  g_assert_true (press_key (view, GDK_KEY_Right, 0));
  ASSERT_AT (view, "out, unit 1 of 1 in the output layer");
  g_assert_true (press_key (view, GDK_KEY_Right, 0));          /* the last column: kept */
  g_assert_true (press_key (view, GDK_KEY_Up, 0));
  ASSERT_AT (view, "out, unit 1 of 1 in the output layer");
  g_assert_true (press_key (view, GDK_KEY_space, 0));
  g_assert_cmpuint (got[2], ==, 2);
  g_assert_cmpuint (got[0], ==, 3);
  g_assert_cmpuint (got[1], ==, 0);

  /* Back: the one unit spans the column, so the middle of the next one, unit 4. */
  g_assert_true (press_key (view, GDK_KEY_Left, 0));
  ASSERT_AT (view, "h2[4], unit 5 of 8 in hidden layer 2");
  g_assert_true (press_key (view, GDK_KEY_Up, GDK_SHIFT_MASK));
  ASSERT_AT (view, "h2[3], unit 4 of 8 in hidden layer 2");
  g_assert_true (press_key (view, GDK_KEY_KP_Enter, 0));
  g_assert_cmpuint (got[2], ==, 3);
  g_assert_cmpuint (got[0], ==, 2);
  g_assert_cmpuint (got[1], ==, 3);

  /* The window's keys (the player's, focus moves, accelerators) pass, and change nothing. */
  {
    static const guint others[] = {
      GDK_KEY_Page_Up, GDK_KEY_Page_Down, GDK_KEY_Home, GDK_KEY_End, GDK_KEY_Escape,
      GDK_KEY_Tab, GDK_KEY_b, GDK_KEY_s, GDK_KEY_F5, GDK_KEY_n,
    };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      g_assert_false (press_key (view, others[i], 0));
    g_assert_false (press_key (view, GDK_KEY_Right, GDK_CONTROL_MASK));
    g_assert_false (press_key (view, GDK_KEY_Return, GDK_ALT_MASK));
    ASSERT_AT (view, "h2[3], unit 4 of 8 in hidden layer 2");
    g_assert_cmpuint (got[2], ==, 3);
  }

  /* A click moves the cursor to the unit clicked. */
  {
    GtkEventController *click = find_controller (view, GTK_TYPE_GESTURE_CLICK);
    graphene_rect_t r;

    g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 1, 2, &r));
    g_signal_emit_by_name (click, "pressed", 1, r.origin.x + 2, r.origin.y + 2);
    g_signal_emit_by_name (click, "released", 1, r.origin.x + 2, r.origin.y + 2);
    g_assert_cmpuint (got[2], ==, 4);
    ASSERT_AT (view, "h1[2], unit 3 of 8 in hidden layer 1");
    g_assert_true (press_key (view, GDK_KEY_Down, 0));
    g_assert_true (press_key (view, GDK_KEY_Return, 0));
    g_assert_cmpuint (got[2], ==, 5);
    g_assert_cmpuint (got[0], ==, 1);
    g_assert_cmpuint (got[1], ==, 3);
  }

  /* A new shape keeps the cursor where that unit still exists, else the nearest. */
  {
    static const guint smaller[] = { 2, 3, 1 };

    adj_neuron_view_set_shape (ADJ_NEURON_VIEW (view), 3, smaller);
    gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Network 2-3-1: 3 hidden units. "
                                         "At h1[2], unit 3 of 3 in hidden layer 1");
  }

  g_object_ref (view);
  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

/* The cursor's unit is ringed (and named) only while the view shows the keyboard focus, and
 * never in adj_neuron_view_draw(), which exports use. Moving the cursor makes the focus show. */
static void
test_neurons_focus_ring (void)
{
  GtkWidget *view = adj_neuron_view_new ();
  GtkWindow *window;
  cairo_surface_t *plain, *ringed, *drawn;
  graphene_rect_t r;
  double rgb[3];
  guint blue = 0;

  adj_neuron_view_set_shape (ADJ_NEURON_VIEW (view), 4, net_2881);
  window = show_in_window (view, 420, 300);
  g_assert_true (press_key (view, GDK_KEY_Right, 0));            /* to h1[2] */
  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 1, 2, &r));

  focus_widget (view);
  gtk_window_set_focus_visible (window, FALSE);
  plain = snapshot_widget (view);
  gtk_window_set_focus_visible (window, TRUE);
  g_assert_true (gtk_widget_has_visible_focus (view));
  ringed = snapshot_widget (view);

  /* The ring: 2 px of blue, 3 px outside the unit, beside and below it (above it is the
   * unit's name). */
  for (double d = 3; d <= 4; d++)
    {
      double pts[3][2] = {
        { r.origin.x - d, r.origin.y + r.size.height / 2 },
        { r.origin.x + r.size.width + d - 1, r.origin.y + r.size.height / 2 },
        { r.origin.x + r.size.width / 2, r.origin.y + r.size.height + d - 1 },
      };

      for (guint i = 0; i < 3; i++)
        {
          pixel_at (ringed, pts[i][0], pts[i][1], rgb);
          blue += rgb[2] > rgb[0] + 0.4;
        }
    }
  g_assert_cmpuint (blue, ==, 6);
  g_assert_cmpuint (count_diff (plain, ringed, r.origin.x - 10, r.origin.y - 24,
                                r.origin.x + r.size.width + 10, r.origin.y - 5), >, 50);
  pixel_at (plain, r.origin.x - 3, r.origin.y + r.size.height / 2, rgb);
  ASSERT_RGB (rgb, 1, 1, 1, 0.01);
  /* Inside the unit nothing changes, and other units are left alone. */
  g_assert_cmpuint (count_diff (plain, ringed, r.origin.x + 2, r.origin.y + 2,
                                r.origin.x + r.size.width - 2,
                                r.origin.y + r.size.height - 2), ==, 0);
  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 1, 5, &r));
  g_assert_cmpuint (count_diff (plain, ringed, r.origin.x - 4, r.origin.y - 4,
                                r.origin.x + r.size.width + 4,
                                r.origin.y + r.size.height + 4), ==, 0);

  drawn = draw_neurons (ADJ_NEURON_VIEW (view), gtk_widget_get_width (view),
                        gtk_widget_get_height (view));
  g_assert_cmpuint (count_diff (plain, drawn, 0, 0, gtk_widget_get_width (view),
                                gtk_widget_get_height (view)), ==, 0);

  /* Moving the cursor shows the focus (GTK shows it by itself only after Tab and the like);
   * a key the view lets through does not. */
  gtk_window_set_focus_visible (window, FALSE);
  g_assert_false (press_key (view, GDK_KEY_Page_Down, 0));
  release_key (view, GDK_KEY_Page_Down);
  g_assert_false (gtk_window_get_focus_visible (window));
  g_assert_true (press_key (view, GDK_KEY_Down, 0));
  g_assert_true (gtk_widget_has_visible_focus (view));
  release_key (view, GDK_KEY_Down);
  g_assert_true (gtk_widget_has_visible_focus (view));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (ringed);
  cairo_surface_destroy (drawn);
  g_object_ref (view);
  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

/* Links: blue and solid for a positive weight, orange and dashed for a negative one, wider
 * for a larger |w|. A 1-1 network: one straight link across the middle. */
static void
test_neurons_links (void)
{
  static const guint one_one[] = { 1, 1 };
  AdjNeuronView *view = new_neurons (2, one_one);
  const double weights[] = { 2, -2, 0.1 };
  guint blue[3], orange[3], runs[3], thick[3];
  graphene_rect_t a, b;
  cairo_surface_t *img;
  double y;

  cairo_surface_destroy (draw_neurons (view, 420, 300));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 0, &a));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 0, &b));
  g_assert_cmpfloat (a.origin.y, ==, b.origin.y);
  y = a.origin.y + a.size.height / 2;

  /* No weights yet: no link. */
  img = draw_neurons (view, 420, 300);
  for (double x = a.origin.x + a.size.width + 2; x < b.origin.x - 2; x++)
    {
      double rgb[3];

      pixel_at (img, x, y, rgb);
      ASSERT_RGB (rgb, 1, 1, 1, 0.01);
    }
  cairo_surface_destroy (img);

  for (guint k = 0; k < G_N_ELEMENTS (weights); k++)
    {
      gboolean was_on = FALSE;
      double mid = round ((a.origin.x + a.size.width + b.origin.x) / 2) + 0.5;

      adj_neuron_view_set_weights (view, 0, &weights[k]);
      img = draw_neurons (view, 420, 300);
      blue[k] = orange[k] = runs[k] = thick[k] = 0;
      for (double x = a.origin.x + a.size.width + 2; x < b.origin.x - 2; x++)
        {
          double rgb[3];
          gboolean on;

          pixel_at (img, x, y, rgb);
          blue[k] += rgb[2] > rgb[0] + 0.3;
          orange[k] += rgb[0] > rgb[2] + 0.3;
          on = saturation (rgb) > 0.1;
          runs[k] += on && !was_on;
          was_on = on;
        }
      /* Across the link at its middle: how thick it is. */
      for (double dy = -10; dy <= 10; dy++)
        {
          double rgb[3];

          pixel_at (img, mid, y + dy, rgb);
          thick[k] += saturation (rgb) > 0.03;
        }
      cairo_surface_destroy (img);
    }
  g_assert_cmpuint (blue[0], >, 20);
  g_assert_cmpuint (orange[0], ==, 0);
  g_assert_cmpuint (runs[0], ==, 1);                         /* solid */
  g_assert_cmpuint (orange[1], >, 10);
  g_assert_cmpuint (blue[1], ==, 0);
  g_assert_cmpuint (runs[1], >=, 3);                         /* dashed */
  g_assert_cmpuint (thick[0], >, thick[2]);                  /* |2| is wider than |0.1| */
  g_assert_cmpuint (thick[2], >=, 1);

  g_assert_finalize_object (view);
}

/* Units' heatmaps: orange at the low end, blue at the high end; neutral at 0 when the range
 * spans 0, else at its middle. The inputs start as x1 and x2. */
static void
test_neurons_units (void)
{
  static const guint shape[] = { 2, 1 };
  AdjNeuronView *view = new_neurons (2, shape);
  const double lr[4] = { -1, 1, -1, 1 };      /* 2 × 2: left column -1, right column 1 */
  const double zero[4] = { 0, 0, 0, 0 };
  const double low[4] = { 0.1, 0.1, 0.1, 0.1 };
  graphene_rect_t r;
  cairo_surface_t *img;
  double rgb[3], rgb2[3];

  cairo_surface_destroy (draw_neurons (view, 420, 300));

  /* x1 grows to the right, x2 upwards. */
  img = draw_neurons (view, 420, 300);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 0, &r));
  pixel_at (img, r.origin.x + 0.2 * r.size.width, r.origin.y + r.size.height / 2, rgb);
  pixel_at (img, r.origin.x + 0.8 * r.size.width, r.origin.y + r.size.height / 2, rgb2);
  ASSERT_ORANGE (rgb);
  ASSERT_BLUE (rgb2);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 1, &r));
  pixel_at (img, r.origin.x + r.size.width / 2, r.origin.y + 0.2 * r.size.height, rgb);
  pixel_at (img, r.origin.x + r.size.width / 2, r.origin.y + 0.8 * r.size.height, rgb2);
  ASSERT_BLUE (rgb);
  ASSERT_ORANGE (rgb2);
  cairo_surface_destroy (img);

  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 0, &r));
#define SAMPLE(values, lo, hi, fx, out) G_STMT_START {                                  \
    adj_neuron_view_set_unit_grid (view, 1, 0, 2, (values), (lo), (hi));                 \
    img = draw_neurons (view, 420, 300);                                                 \
    pixel_at (img, r.origin.x + (fx) * r.size.width, r.origin.y + r.size.height / 2, out); \
    cairo_surface_destroy (img);                                                         \
  } G_STMT_END
  SAMPLE (lr, -1, 1, 0.2, rgb);
  ASSERT_ORANGE (rgb);
  SAMPLE (lr, -1, 1, 0.8, rgb);
  ASSERT_BLUE (rgb);
  SAMPLE (zero, -1, 1, 0.5, rgb);           /* tanh's 0: neutral */
  g_assert_cmpfloat (saturation (rgb), <, 0.05);
  SAMPLE (zero, 0, 1, 0.5, rgb);            /* sigmoid's 0: the low end */
  ASSERT_ORANGE (rgb);
  SAMPLE (low, 0, 1, 0.5, rgb2);            /* 0.1: a little less so */
  ASSERT_ORANGE (rgb2);
  g_assert_cmpfloat (saturation (rgb2), <, saturation (rgb));
#undef SAMPLE

  /* Dark: the neutral follows. */
  adj_neuron_view_set_unit_grid (view, 1, 0, 2, zero, -1, 1);
  adj_neuron_view_set_dark (view, TRUE);
  img = draw_neurons (view, 420, 300);
  pixel_at (img, r.origin.x + r.size.width / 2, r.origin.y + r.size.height / 2, rgb);
  cairo_surface_destroy (img);
  g_assert_cmpfloat (luminance (rgb), <, 0.25);

  g_assert_finalize_object (view);
}

/* Pointing at a unit highlights it and names it; leaving puts the picture back. */
static void
test_neurons_hover (void)
{
  AdjNeuronView *view = new_neurons (4, net_2881);
  double w1[2 * 8], w2[8 * 8], w3[8];
  GtkEventController *motion = find_controller (GTK_WIDGET (view),
                                                GTK_TYPE_EVENT_CONTROLLER_MOTION);
  cairo_surface_t *before, *during, *after;
  graphene_rect_t r;

  g_assert_nonnull (motion);
  for (guint i = 0; i < G_N_ELEMENTS (w1); i++)
    w1[i] = i % 3 ? 0.8 : -1.1;
  for (guint i = 0; i < G_N_ELEMENTS (w2); i++)
    w2[i] = i % 2 ? 0.3 : -0.6;
  for (guint i = 0; i < G_N_ELEMENTS (w3); i++)
    w3[i] = 1.5;
  adj_neuron_view_set_weights (view, 0, w1);
  adj_neuron_view_set_weights (view, 1, w2);
  adj_neuron_view_set_weights (view, 2, w3);
  before = draw_neurons (view, 420, 300);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 3, &r));

  g_signal_emit_by_name (motion, "motion", r.origin.x + 3, r.origin.y + 3);
  during = draw_neurons (view, 420, 300);
  /* The name's bubble, above the unit. */
  g_assert_cmpuint (count_diff (before, during, r.origin.x - 10, r.origin.y - 24,
                                r.origin.x + r.size.width + 10, r.origin.y - 4), >, 50);
  /* A bold frame around the unit. */
  g_assert_cmpuint (count_diff (before, during, r.origin.x - 2, r.origin.y - 2,
                                r.origin.x + r.size.width + 2, r.origin.y + 1), >, 10);
  /* Another unit's links fade. */
  g_assert_false (same_image (before, during));

  g_signal_emit_by_name (motion, "motion", 0.0, 0.0);
  after = draw_neurons (view, 420, 300);
  g_assert_true (same_image (before, after));
  cairo_surface_destroy (after);

  g_signal_emit_by_name (motion, "motion", r.origin.x + 3, r.origin.y + 3);
  g_signal_emit_by_name (motion, "leave");
  after = draw_neurons (view, 420, 300);
  g_assert_true (same_image (before, after));

  cairo_surface_destroy (before);
  cairo_surface_destroy (during);
  cairo_surface_destroy (after);
  g_assert_finalize_object (view);
}

/* Into an image the links come from a cached layer, redrawn only when a link's drawn
 * strength changes; into anything else (here a recording, as a PDF export would) they are
 * drawn one by one. Both give the same picture, and a change of weight reaches the cache. */
static cairo_surface_t *
draw_neurons_direct (AdjNeuronView *view, int width, int height)
{
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rec), *out;
  cairo_surface_t *img = new_image (width, height, 1, &out);

  adj_neuron_view_draw (view, cr, width, height);
  cairo_destroy (cr);
  cairo_set_source_surface (out, rec, 0, 0);
  cairo_paint (out);
  cairo_surface_destroy (rec);
  return finish_image (img, out);
}

static void
test_neurons_cache (void)
{
  AdjNeuronView *view = new_neurons (4, net_2881);
  double w1[16], w2[64], w3[8];
  cairo_surface_t *cached, *direct, *again;
  GRand *rand = g_rand_new_with_seed (3);

  for (guint i = 0; i < 16; i++)
    w1[i] = g_rand_double_range (rand, -2, 2);
  for (guint i = 0; i < 64; i++)
    w2[i] = g_rand_double_range (rand, -2, 2);
  for (guint i = 0; i < 8; i++)
    w3[i] = g_rand_double_range (rand, -2, 2);
  adj_neuron_view_set_weights (view, 0, w1);
  adj_neuron_view_set_weights (view, 1, w2);
  adj_neuron_view_set_weights (view, 2, w3);

  cached = draw_neurons (view, 420, 300);
  direct = draw_neurons_direct (view, 420, 300);
  g_assert_cmpuint (count_diff (cached, direct, 0, 0, 420, 300), <, 420 * 300 / 500);
  cairo_surface_destroy (direct);

  /* A tiny change draws the same; flipping a strong link's sign does not. */
  w3[0] += 1e-6;
  adj_neuron_view_set_weights (view, 2, w3);
  again = draw_neurons (view, 420, 300);
  g_assert_true (same_image (cached, again));
  cairo_surface_destroy (again);
  w3[0] = -2.5;
  w3[1] = 2.5;
  adj_neuron_view_set_weights (view, 2, w3);
  again = draw_neurons (view, 420, 300);
  g_assert_false (same_image (cached, again));
  direct = draw_neurons_direct (view, 420, 300);
  g_assert_cmpuint (count_diff (again, direct, 0, 0, 420, 300), <, 420 * 300 / 500);

  cairo_surface_destroy (again);
  cairo_surface_destroy (direct);
  cairo_surface_destroy (cached);
  g_rand_free (rand);
  g_assert_finalize_object (view);
}

/* Two layers of 64: 4096 links, of which only the strongest are drawn. */
static void
test_neurons_many_links (void)
{
  static const guint shape[] = { 2, 64, 64, 1 };
  AdjNeuronView *view = new_neurons (4, shape);
  g_autofree double *w = g_new (double, 64 * 64);
  graphene_rect_t a, b;
  cairo_surface_t *img;
  guint coloured = 0;

  for (guint i = 0; i < 64 * 64; i++)
    w[i] = 0.05;
  w[0] = -2;                    /* h1[0] → h2[0], dashed orange */
  adj_neuron_view_set_weights (view, 1, w);
  img = draw_neurons (view, 420, 300);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 63, &a));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 2, 0, &b));
  g_assert_cmpfloat (a.origin.x + a.size.width + 8, <, b.origin.x - 8);
  for (double y = 30; y < 290; y++)
    for (double x = a.origin.x + a.size.width + 8; x < b.origin.x - 8; x++)
      {
        double rgb[3];

        pixel_at (img, x, y, rgb);
        coloured += saturation (rgb) > 0.05;
        /* The strong link is drawn; the 4095 weak ones are not. */
        g_assert_false (rgb[2] > rgb[0] + 0.05);
      }
  g_assert_cmpuint (coloured, >, 10);
  cairo_surface_destroy (img);

  g_assert_finalize_object (view);
}

static void
test_neurons_properties (void)
{
  AdjNeuronView *view = new_neurons (4, net_2881);
  gboolean dark;
  double scale;
  int min, nat;

  g_object_get (view, "dark", &dark, "font-scale", &scale, NULL);
  g_assert_false (dark);
  g_assert_cmpfloat (scale, ==, 1.0);
  g_object_set (view, "dark", TRUE, "font-scale", 2.0, NULL);
  g_assert_true (adj_neuron_view_get_dark (view));
  g_assert_cmpfloat (adj_neuron_view_get_font_scale (view), ==, 2.0);
  g_object_set (view, "font-scale", 1.0, NULL);

  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 200);
  g_assert_cmpint (nat, ==, 420);
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 140);
  g_assert_cmpint (nat, ==, 300);

  g_assert_finalize_object (view);
}

int
main (int argc, char *argv[])
{
  /* GTK's test accessibility backend: it records what the widgets tell assistive technology
   * (the assertions read it back) and needs no session bus, which Xvfb runs do not have. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/boundary/summary", test_boundary_summary);
  g_test_add_func ("/ui/boundary/binary", test_boundary_binary);
  g_test_add_func ("/ui/boundary/multiclass", test_boundary_multiclass);
  g_test_add_func ("/ui/boundary/regression", test_boundary_regression);
  g_test_add_func ("/ui/boundary/points", test_boundary_points);
  g_test_add_func ("/ui/boundary/grid-reuse", test_boundary_grid_reuse);
  g_test_add_func ("/ui/boundary/cache", test_boundary_cache);
  g_test_add_func ("/ui/boundary/geometry", test_boundary_geometry);
  g_test_add_func ("/ui/boundary/properties", test_boundary_properties);
  g_test_add_func ("/ui/boundary/thumbnail", test_boundary_thumbnail);
  g_test_add_func ("/ui/boundary/snapshot", test_boundary_snapshot);
  g_test_add_func ("/ui/neuron-view/summary", test_neurons_summary);
  g_test_add_func ("/ui/neuron-view/geometry", test_neurons_geometry);
  g_test_add_func ("/ui/neuron-view/click", test_neurons_click);
  g_test_add_func ("/ui/neuron-view/keyboard", test_neurons_keyboard);
  g_test_add_func ("/ui/neuron-view/focus-ring", test_neurons_focus_ring);
  g_test_add_func ("/ui/neuron-view/links", test_neurons_links);
  g_test_add_func ("/ui/neuron-view/units", test_neurons_units);
  g_test_add_func ("/ui/neuron-view/hover", test_neurons_hover);
  g_test_add_func ("/ui/neuron-view/cache", test_neurons_cache);
  g_test_add_func ("/ui/neuron-view/many-links", test_neurons_many_links);
  g_test_add_func ("/ui/neuron-view/properties", test_neurons_properties);

  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
