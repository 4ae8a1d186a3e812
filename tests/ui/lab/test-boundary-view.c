/* test-boundary-view.c: the training lab's decision boundary: its summary, the heatmap's
 * colours (two classes, more, regression), the points' fills, rings and shapes, the cache,
 * the geometry and the thumbnail. Asserts pixels of drawings on image surfaces. Runs under
 * Xvfb. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <math.h>
#include "tests/lsan-glib.h"
#include <string.h>
#include <gtk/gtk.h>
#include "ui/lab/adj-boundary-view.h"
#include "tests/ui/lab/view-test-util.h"

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

static cairo_surface_t *
draw_boundary (AdjBoundaryView *view, int width, int height)
{
  cairo_t *cr;
  cairo_surface_t *surface = new_image (width, height, 1, &cr);

  adj_boundary_view_draw (view, cr, width, height);
  return finish_image (surface, cr);
}

static guint
alpha_at (cairo_surface_t *surface, int x, int y)
{
  guint32 p = *(guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                       y * cairo_image_surface_get_stride (surface) + 4 * x);

  return p >> 24;
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
  adj_lab_view_set_dark (ADJ_LAB_VIEW (view), TRUE);
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
  g_assert_true (adj_lab_view_get_dark (ADJ_LAB_VIEW (view)));
  g_assert_cmpfloat (adj_lab_view_get_font_scale (ADJ_LAB_VIEW (view)), ==, 1.5);
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

/* Points at the edge of the range are drawn whole (issue 15: half of each was clipped at the
 * plot's edge): at 600 px the markers have a radius of 5, and the pixels 5 past a circle's
 * centre, to the right of (E, 0), above (0, E), left of and below (-E, -E), are its rim. */
static void
test_boundary_edge_points (void)
{
  static const double xy[] = { 1.5, 0, 0, 0, 1.5, 0, -1.5, -1.5, 0 };
  g_autoptr (AgDataset) data = make_dataset (2, 3, xy);
  AdjBoundaryView *view = new_boundary ();
  cairo_surface_t *bare, *img;
  double px, py, side, a[3], b[3];
  struct { double x1, x2, dx, dy; } rims[] = { { 1.5, 0, 5, 0 }, { 0, 1.5, 0, -5 }, { -1.5, -1.5, -5, 0 }, { -1.5, -1.5, 0, 5 } };

  adj_boundary_plot_rect (600, 600, 1, &px, &py, &side);
  bare = draw_boundary (view, 600, 600);
  adj_boundary_view_set_data (view, data, NULL, 1.5);
  img = draw_boundary (view, 600, 600);
  for (guint i = 0; i < G_N_ELEMENTS (rims); i++)
    {
      double x, y;

      plane_to_pixel (600, 1, 1.5, rims[i].x1, rims[i].x2, &x, &y);
      pixel_at (bare, x + rims[i].dx, y + rims[i].dy, a);
      pixel_at (img, x + rims[i].dx, y + rims[i].dy, b);
      g_test_message ("rim %u: %.2f %.2f %.2f over %.2f %.2f %.2f", i, b[0], b[1], b[2], a[0], a[1], a[2]);
      g_assert_cmpfloat (fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2]), >, 0.3);
    }
  cairo_surface_destroy (bare);
  cairo_surface_destroy (img);
  g_assert_finalize_object (view);

  /* The plane takes in the points the noise carries past the clean shapes, up to a quarter. */
  {
    static const double out_xy[] = { 1.6, 0, 0, -0.2, -1.8, 1 };
    g_autoptr (AgDataset) out = make_dataset (2, 2, out_xy);
    g_assert_cmpfloat (adj_boundary_data_extent (data, NULL, 1.5), ==, 1.5);
    g_assert_cmpfloat (adj_boundary_data_extent (data, out, 1.5), ==, 2.0);
    g_assert_cmpfloat (adj_boundary_data_extent (NULL, out, 1.5), ==, 2.0);
    g_assert_cmpfloat (adj_boundary_data_extent (NULL, NULL, 1.5), ==, 1.5);
  }
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
  /* Right of the frame (which reaches a marker's size past the plot): nothing. */
  pixel_at (img, px + side + 14, py + 0.3 * side, rgb);
  ASSERT_RGB (rgb, 1, 1, 1, 0.01);
  cairo_surface_destroy (img);

  g_object_ref (view);
  gtk_window_destroy (window);
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
  g_test_add_func ("/ui/boundary/edge-points", test_boundary_edge_points);
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

  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
