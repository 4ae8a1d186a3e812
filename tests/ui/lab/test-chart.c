/* test-chart.c: the training lab's chart (its scales, ticks and labels are
 * tests/ui/draw/test-chart-scale.c's): the model alone (drawing, settings, its Pango context, PNG, SVG and PDF files, dashes through noise, its own
 * rasterising against cairo's strokes), which needs no display; and the widget over it: the
 * summary and the accessible label, what it draws (pixels), gaps, a million points, and its
 * properties, under Xvfb. Without a display only the first two run. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <math.h>
#include "core/graph.h"   /* AG_ERROR: a failed write names why */
#include "tests/lsan-glib.h"
#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <pango/pangocairo.h>
#include "ui/lab/adj-chart.h"

/* ---- helpers -------------------------------------------------------------------------- */

/* A chart not in any window, owned by the caller (g_assert_finalize_object at the end). */
static AdjChart *
new_chart (void)
{
  return ADJ_CHART (g_object_ref_sink (adj_chart_new ()));
}

/* Draws @chart over an opaque @bg into a new @width × @height ARGB32 image. */
static cairo_surface_t *
draw_to_image (AdjChart *chart, int width, int height, double bg)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, bg, bg, bg);
  cairo_paint (cr);
  adj_chart_draw (chart, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
pixel_at (cairo_surface_t *surface, int x, int y, double rgb[3])
{
  guint32 p = *(guint32 *) (cairo_image_surface_get_data (surface) +
                            y * cairo_image_surface_get_stride (surface) + 4 * x);

  rgb[0] = ((p >> 16) & 0xff) / 255.0;
  rgb[1] = ((p >> 8) & 0xff) / 255.0;
  rgb[2] = (p & 0xff) / 255.0;
}

/* Pixels in the rectangle (clipped to the image) within 0.1 of @color on every channel. */
static guint
count_color (cairo_surface_t *surface, double x0, double y0, double x1, double y1,
             const GdkRGBA *color)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  guint count = 0;

  for (int y = MAX ((int) floor (y0), 0); y < MIN ((int) ceil (y1), h); y++)
    for (int x = MAX ((int) floor (x0), 0); x < MIN ((int) ceil (x1), w); x++)
      {
        double rgb[3];

        pixel_at (surface, x, y, rgb);
        if (fabs (rgb[0] - color->red) < 0.1 && fabs (rgb[1] - color->green) < 0.1 &&
            fabs (rgb[2] - color->blue) < 0.1)
          count++;
      }
  return count;
}

/* Runs of pixels of @color (as count_color() matches it) along row @y from @x0 to @x1. */
static guint
count_runs (cairo_surface_t *surface, int y, double x0, double x1, const GdkRGBA *color)
{
  gboolean in_run = FALSE;
  guint runs = 0;

  for (int x = (int) x0; x < (int) x1; x++)
    {
      gboolean on = count_color (surface, x, y, x + 1, y + 1, color) == 1;

      runs += on && !in_run;
      in_run = on;
    }
  return runs;
}

/* Separate patches of @color (as count_color() matches it; touching at an edge or a corner
 * makes one) in the rectangle: one for a solid line, one a dash for a dashed one. */
static guint
count_patches (cairo_surface_t *surface, int x0, int y0, int x1, int y1, const GdkRGBA *color)
{
  int w = x1 - x0, h = y1 - y0;
  g_autofree guint8 *seen = g_new0 (guint8, (gsize) w * h);
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (int));
  guint patches = 0;

  for (int i = 0; i < w * h; i++)
    seen[i] = count_color (surface, x0 + i % w, y0 + i / w, x0 + i % w + 1, y0 + i / w + 1,
                           color) == 0;
  for (int i = 0; i < w * h; i++)
    {
      if (seen[i])
        continue;
      patches++;
      seen[i] = TRUE;
      g_array_append_val (stack, i);
      while (stack->len > 0)
        {
          int j = g_array_index (stack, int, stack->len - 1);

          g_array_set_size (stack, stack->len - 1);
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                int x = j % w + dx, y = j / w + dy, k = y * w + x;

                if (x >= 0 && x < w && y >= 0 && y < h && !seen[k])
                  {
                    seen[k] = TRUE;
                    g_array_append_val (stack, k);
                  }
              }
        }
    }
  return patches;
}

/* Pixels in the rectangle brighter than @luminance. */
static guint
count_bright (cairo_surface_t *surface, double x0, double y0, double x1, double y1,
              double luminance)
{
  guint count = 0;

  for (int y = (int) y0; y < (int) y1; y++)
    for (int x = (int) x0; x < (int) x1; x++)
      {
        double rgb[3];

        pixel_at (surface, x, y, rgb);
        if (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > luminance)
          count++;
      }
  return count;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @done (@data) holds, or fails after 5 s. */
static void
wait_until (gboolean (*done) (gpointer data), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
drawn_cb (gpointer data)
{
  AdjChartFrame frame;

  adj_chart_get_last_frame (ADJ_CHART (data), &frame);
  return gtk_widget_get_mapped (GTK_WIDGET (data)) && frame.n_draws > 0;
}

typedef struct {
  AdjChart *chart;
  guint     n_draws;
} DrawWait;

static gboolean
redrawn_cb (gpointer data)
{
  DrawWait *wait = data;
  AdjChartFrame frame;

  adj_chart_get_last_frame (wait->chart, &frame);
  return frame.n_draws > wait->n_draws;
}

typedef struct {
  GtkAccessible *accessible;
  const char    *label;
} LabelWait;

static gboolean
labelled_cb (gpointer data)
{
  LabelWait *wait = data;
  g_autofree char *error = gtk_test_accessible_check_property (wait->accessible,
                                                               GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                               wait->label);
  return error == NULL;
}

static void
notify_count_cb (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *) data)++;
}

/* ---- the model, without a display ---------------------------------------------------- */

/* Draws @model over an opaque @bg into a new @width × @height ARGB32 image. */
static cairo_surface_t *
draw_model_to_image (AdjChartModel *model, int width, int height, double bg)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, bg, bg, bg);
  cairo_paint (cr);
  adj_chart_model_draw (model, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static GdkRGBA
series_color (AdjChartModel *model, guint series)
{
  double rgb[3];

  adj_chart_model_get_series_rgb (model, series, rgb);
  return (GdkRGBA) { (float) rgb[0], (float) rgb[1], (float) rgb[2], 1 };
}

/* The training lab's loss chart as `adjoint train --plot` draws it: a falling train loss, a
 * test loss every 10 steps, and the accuracy on the right-hand axis. */
static AdjChartModel *
new_loss_model (void)
{
  AdjChartModel *model = adj_chart_model_new ();
  guint train = adj_chart_model_add_series (model, "train loss", ADJ_CHART_AXIS_LEFT);
  guint test = adj_chart_model_add_series (model, "test loss", ADJ_CHART_AXIS_LEFT);
  guint acc = adj_chart_model_add_series (model, "test accuracy", ADJ_CHART_AXIS_RIGHT_UNIT);

  adj_chart_model_set_title (model, "Loss");
  adj_chart_model_set_x_label (model, "step");
  adj_chart_model_set_log_scale (model, TRUE);
  for (guint step = 0; step <= 300; step++)
    {
      adj_chart_model_append (model, train, step, 0.02 + 0.7 * exp (-(double) step / 40.0));
      if (step % 10 == 0)
        {
          adj_chart_model_append (model, test, step, 0.05 + 0.7 * exp (-(double) step / 50.0));
          adj_chart_model_append (model, acc, step, 0.97 - 0.47 * exp (-(double) step / 30.0));
        }
    }
  return model;
}

/* The widget's drawing test, on the model alone: a fall from the top-left corner of the plot
 * to the bottom-right one, and a dashed flat line across the middle; text in its own "Sans". */
static void
test_model_draw (void)
{
  g_autoptr (AdjChartModel) model = adj_chart_model_new ();
  cairo_surface_t *surface;
  AdjChartFrame frame = { 0 };
  GdkRGBA blue, orange;
  const GdkRGBA ink = { 0.13f, 0.13f, 0.15f, 1 };     /* the light theme's text */
  const GdkRGBA muted = { 0.30f, 0.30f, 0.34f, 1 };   /* and its tick labels */
  guint falling, flat;
  double x0, y0, x1, y1, w, h;

  adj_chart_model_get_last_frame (model, &frame);
  g_assert_cmpuint (frame.n_draws, ==, 0);

  adj_chart_model_set_title (model, "Loss");
  adj_chart_model_set_x_label (model, "step");
  falling = adj_chart_model_add_series (model, "train loss", ADJ_CHART_AXIS_LEFT);
  flat = adj_chart_model_add_series (model, "test loss", ADJ_CHART_AXIS_LEFT);
  g_assert_cmpuint (adj_chart_model_get_n_series (model), ==, 2);
  for (guint i = 0; i <= 100; i++)
    adj_chart_model_append (model, falling, i, 10 - i / 10.0);
  for (guint i = 0; i <= 100; i += 10)
    adj_chart_model_append (model, flat, i, 5);
  g_assert_cmpuint (adj_chart_model_get_n_points (model, falling), ==, 101);
  blue = series_color (model, falling);
  orange = series_color (model, flat);
  g_assert_cmpfloat_with_epsilon (blue.green, 0x72 / 255.0, 1e-6);     /* #0072B2 */
  g_assert_cmpfloat_with_epsilon (orange.red, 0xE6 / 255.0, 1e-6);     /* #E69F00 */

  surface = draw_model_to_image (model, 400, 240, 1.0);
  adj_chart_model_get_last_frame (model, &frame);
  g_assert_cmpuint (frame.n_draws, ==, 1);
  g_assert_cmpuint (frame.n_vertices, ==, 101 + 11);
  g_assert_cmpfloat (frame.x_hi, ==, 100);
  g_assert_cmpfloat_with_epsilon (frame.y_hi, 10.5, 1e-12);

  x0 = frame.plot.origin.x;
  y0 = frame.plot.origin.y;
  w = frame.plot.size.width;
  h = frame.plot.size.height;
  x1 = x0 + w;
  y1 = y0 + h;
  g_assert_cmpfloat (w, >, 300);
  g_assert_cmpfloat (h, >, 120);
  g_assert_cmpfloat (y0, >, 15);   /* under a header of real text */
  g_assert_cmpfloat (x0, >, 12);   /* beside labels of real digits */
  g_assert_cmpuint (count_color (surface, x0, y0, x0 + 0.2 * w, y0 + 0.3 * h, &blue), >=, 10);
  g_assert_cmpuint (count_color (surface, x1 - 0.2 * w, y1 - 0.3 * h, x1, y1, &blue), >=, 10);
  g_assert_cmpuint (count_color (surface, x1 - 0.3 * w, y0, x1, y0 + 0.3 * h, &blue), ==, 0);
  {
    int ym = (int) round (y0 + (1 - 5 / 10.5) * h);
    guint runs = 0;

    for (int y = ym - 1; y <= ym + 1; y++)
      runs = MAX (runs, count_runs (surface, y, x0 + 0.6 * w, x0 + 0.95 * w, &orange));
    g_assert_cmpuint (runs, >=, 6);
  }
  /* The title and the legend are text in the foreground colour, with the line samples. */
  g_assert_cmpuint (count_color (surface, 0, 0, 400, y0, &ink), >, 30);
  g_assert_cmpuint (count_color (surface, 0, 0, 400, y0, &blue), >, 0);
  g_assert_cmpuint (count_color (surface, 0, 0, 400, y0, &orange), >, 0);
  /* So are the tick labels left of the plot, and the x axis's under it. */
  g_assert_cmpuint (count_color (surface, 0, y0, x0 - 4, y1, &muted), >, 10);
  g_assert_cmpuint (count_color (surface, x0, y1 + 4, x1, 240, &muted), >, 10);
  cairo_surface_destroy (surface);

  /* A second draw reuses the cached text and draws the same. */
  surface = draw_model_to_image (model, 400, 240, 1.0);
  {
    AdjChartFrame again;

    adj_chart_model_get_last_frame (model, &again);
    g_assert_cmpuint (again.n_draws, ==, 2);
    g_assert_cmpfloat (again.plot.origin.x, ==, x0);
    g_assert_cmpfloat (again.plot.origin.y, ==, y0);
  }
  cairo_surface_destroy (surface);

  /* Dark: the sky blue, and text that reads on a dark background. */
  g_assert_true (adj_chart_model_set_dark (model, TRUE));
  blue = series_color (model, falling);
  g_assert_cmpfloat_with_epsilon (blue.blue, 0xE9 / 255.0, 1e-6);     /* #56B4E9 */
  surface = draw_model_to_image (model, 400, 240, 0.12);
  adj_chart_model_get_last_frame (model, &frame);
  g_assert_cmpuint (count_bright (surface, 0, 0, 400, frame.plot.origin.y, 0.7), >, 50);
  cairo_surface_destroy (surface);
}

/* Gradient norms as the lab shows them: on a log axis, jumping between 10⁻³ and 10⁻¹ from
 * one step to the next. Drawn alone, each series' colour lies in one patch when solid and in
 * many when dashed or dotted: the dashes survive the noise, so the series stay apart without
 * their colours. */
static void
test_model_dashes (void)
{
  g_autoptr (AdjChartModel) model = adj_chart_model_new ();
  guint patches[3], pixels[3];

  adj_chart_model_set_log_scale (model, TRUE);
  for (guint k = 0; k < 3; k++)
    adj_chart_model_add_series (model, "W", ADJ_CHART_AXIS_LEFT);
  for (guint k = 0; k < 3; k++)
    {
      cairo_surface_t *surface;
      AdjChartFrame frame;
      GdkRGBA color = series_color (model, k);

      adj_chart_model_clear (model);
      for (guint i = 0; i < 60; i++)
        adj_chart_model_append (model, k, i, i % 2 ? 0.1 : 0.001 * (1 + 0.3 * sin (i)));
      surface = draw_model_to_image (model, 400, 240, 1.0);
      adj_chart_model_get_last_frame (model, &frame);
      g_assert_cmpuint (frame.n_vertices, ==, 60);
      patches[k] = count_patches (surface, (int) frame.plot.origin.x, (int) frame.plot.origin.y,
                                  (int) (frame.plot.origin.x + frame.plot.size.width),
                                  (int) (frame.plot.origin.y + frame.plot.size.height), &color);
      pixels[k] = count_color (surface, frame.plot.origin.x, frame.plot.origin.y,
                               frame.plot.origin.x + frame.plot.size.width,
                               frame.plot.origin.y + frame.plot.size.height, &color);
      cairo_surface_destroy (surface);
    }
  /* 59 strokes of 100 pixels or so: one line, or hundreds of dashes and dots. */
  g_assert_cmpuint (patches[0], ==, 1);
  g_assert_cmpuint (patches[1], >=, 100);
  g_assert_cmpuint (patches[2], >=, 200);
  /* The gaps are real: the dashed line has less ink than the solid one, the dotted less yet. */
  g_assert_cmpuint (pixels[1], <, pixels[0] * 8 / 10);
  g_assert_cmpuint (pixels[2], <, pixels[1]);
  g_assert_cmpuint (pixels[2], >, pixels[0] / 10);
}

/* How @a and @b differ over the rectangle, in 0..1 a channel: on average, at most, and in
 * what share of the pixels by more than a quarter. */
static void
compare_images (cairo_surface_t *a, cairo_surface_t *b, int x0, int y0, int x1, int y1,
                double *mean, double *largest, double *share)
{
  double sum = 0, n = (double) (x1 - x0) * (y1 - y0);
  guint far = 0;

  *largest = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        double pa[3], pb[3], d = 0;

        pixel_at (a, x, y, pa);
        pixel_at (b, x, y, pb);
        for (int c = 0; c < 3; c++)
          {
            sum += fabs (pa[c] - pb[c]);
            d = MAX (d, fabs (pa[c] - pb[c]));
          }
        *largest = MAX (*largest, d);
        far += d > 0.25;
      }
  *mean = sum / (3 * n);
  *share = far / n;
}

/* Draws @model as GTK does, on a recording surface, and plays it back at @scale. */
static cairo_surface_t *
draw_model_recorded (AdjChartModel *model, int width, int height, int scale)
{
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale,
                                                         height * scale);
  cairo_t *cr = cairo_create (recording);

  adj_chart_model_draw (model, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_destroy (recording);
  return surface;
}

/* The model rasterises the series itself where it knows the pixels, and has cairo stroke
 * them elsewhere; the two look alike. Where it cannot know them, on a recording, it strokes
 * unless told the scale factor the recording will be played back at. */
static void
test_model_raster (void)
{
  g_autoptr (AdjChartModel) model = adj_chart_model_new ();
  cairo_surface_t *raster, *stroked, *hidpi, *recorded;
  AdjChartFrame frame;
  double mean, largest, share;
  int x0, y0, x1, y1;

  adj_chart_model_set_log_scale (model, TRUE);
  for (guint k = 0; k < 3; k++)
    adj_chart_model_add_series (model, "W", ADJ_CHART_AXIS_LEFT);
  for (guint i = 0; i < 200; i++)
    for (guint k = 0; k < 3; k++)
      adj_chart_model_append (model, k, i, exp (log (0.01) + 2 * sin (i * 1.7 + k) *
                                                             cos (i * 0.37 + k)));
  g_assert_cmpfloat (adj_chart_model_get_scale_factor (model), ==, 0);

  /* An image: drawn by the model. A recording without a scale factor: by cairo. */
  raster = draw_model_to_image (model, 400, 240, 1.0);
  adj_chart_model_get_last_frame (model, &frame);
  stroked = draw_model_recorded (model, 400, 240, 1);
  x0 = (int) frame.plot.origin.x;
  y0 = (int) frame.plot.origin.y;
  x1 = (int) (frame.plot.origin.x + frame.plot.size.width);
  y1 = (int) (frame.plot.origin.y + frame.plot.size.height);
  compare_images (raster, stroked, x0, y0, x1, y1, &mean, &largest, &share);
  g_assert_cmpfloat (mean, <, 0.02);      /* a few levels of 255 a channel */
  g_assert_cmpfloat (share, <, 0.01);     /* the edges of a dot or a dash here and there */
  cairo_surface_destroy (stroked);

  /* With the scale factor it is played back at, a recording gets the image's pixels. */
  g_assert_true (adj_chart_model_set_scale_factor (model, 1));
  g_assert_false (adj_chart_model_set_scale_factor (model, 1));
  recorded = draw_model_recorded (model, 400, 240, 1);
  compare_images (raster, recorded, x0, y0, x1, y1, &mean, &largest, &share);
  g_assert_cmpfloat (largest, <=, 4 / 255.0);
  cairo_surface_destroy (recorded);

  /* And at twice the pixels, as on a HiDPI screen. */
  g_assert_true (adj_chart_model_set_scale_factor (model, 2));
  hidpi = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 480);
  cairo_surface_set_device_scale (hidpi, 2, 2);
  {
    cairo_t *cr = cairo_create (hidpi);

    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    adj_chart_model_draw (model, cr, 400, 240);
    cairo_destroy (cr);
    cairo_surface_flush (hidpi);
  }
  recorded = draw_model_recorded (model, 400, 240, 2);
  compare_images (hidpi, recorded, 2 * x0, 2 * y0, 2 * x1, 2 * y1, &mean, &largest, &share);
  g_assert_cmpfloat (largest, <=, 4 / 255.0);
  cairo_surface_destroy (recorded);
  cairo_surface_destroy (hidpi);
  cairo_surface_destroy (raster);
}

/* Settings report whether they changed; the summary reads the data. */
static void
test_model_settings (void)
{
  g_autoptr (AdjChartModel) model = adj_chart_model_new ();
  g_autofree char *empty = NULL;
  g_autofree char *text = NULL;
  guint s;

  g_assert_false (adj_chart_model_get_log_scale (model));
  g_assert_false (adj_chart_model_get_dark (model));
  g_assert_null (adj_chart_model_get_title (model));
  g_assert_null (adj_chart_model_get_x_label (model));
  g_assert_cmpfloat (adj_chart_model_get_font_scale (model), ==, 1.0);

  g_assert_true (adj_chart_model_set_log_scale (model, 7));   /* any true value is TRUE */
  g_assert_false (adj_chart_model_set_log_scale (model, TRUE));
  g_assert_true (adj_chart_model_get_log_scale (model));
  g_assert_true (adj_chart_model_set_title (model, "Gradient norm"));
  g_assert_false (adj_chart_model_set_title (model, "Gradient norm"));
  g_assert_cmpstr (adj_chart_model_get_title (model), ==, "Gradient norm");
  g_assert_true (adj_chart_model_set_x_label (model, "step"));
  g_assert_false (adj_chart_model_set_x_label (model, "step"));
  g_assert_true (adj_chart_model_set_x_label (model, NULL));
  g_assert_null (adj_chart_model_get_x_label (model));
  g_assert_true (adj_chart_model_set_dark (model, TRUE));
  g_assert_false (adj_chart_model_set_dark (model, TRUE));
  g_assert_true (adj_chart_model_set_font_scale (model, 2.5));
  g_assert_false (adj_chart_model_set_font_scale (model, 2.5));
  g_assert_cmpfloat (adj_chart_model_get_font_scale (model), ==, 2.5);

  empty = adj_chart_model_dup_summary (model);
  g_assert_cmpstr (empty, ==, "Gradient norm: no data");
  s = adj_chart_model_add_series (model, "W1", ADJ_CHART_AXIS_LEFT);
  adj_chart_model_append (model, s, 1, 1.234e-5);
  adj_chart_model_append (model, s, 2, 2.5e-6);
  text = adj_chart_model_dup_summary (model);
  g_assert_cmpstr (text, ==, "Gradient norm: W1 2.5×10⁻⁶ after 2 steps");

  g_test_expect_message ("adjoint-ui", G_LOG_LEVEL_CRITICAL, "*before the previous*");
  adj_chart_model_append (model, s, 1, 0.1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (adj_chart_model_get_n_points (model, s), ==, 2);

  adj_chart_model_remove_all_series (model);
  g_assert_cmpuint (adj_chart_model_get_n_series (model), ==, 0);

  adj_chart_model_free (NULL);
}

/* A context of the caller's: its resolution sizes the text, so a 192 dpi context makes the
 * header and the labels twice as big; NULL goes back to the model's own. */
static void
test_model_context (void)
{
  g_autoptr (AdjChartModel) model = new_loss_model ();
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Sans 30");
  cairo_surface_t *surface;
  AdjChartFrame own, hidpi, back;

  surface = draw_model_to_image (model, 500, 300, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_model_get_last_frame (model, &own);

  pango_context_set_font_description (context, font);   /* the size is the chart's own */
  pango_cairo_context_set_resolution (context, 192);
  adj_chart_model_set_context (model, context);
  surface = draw_model_to_image (model, 500, 300, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_model_get_last_frame (model, &hidpi);
  g_assert_cmpfloat (hidpi.plot.origin.y, >, own.plot.origin.y + 15);
  g_assert_cmpfloat (hidpi.plot.origin.y, <, 3 * own.plot.origin.y);
  g_assert_cmpfloat (hidpi.plot.origin.x, >, own.plot.origin.x + 10);
  /* The model never changes a context it was given. */
  g_assert_cmpfloat (pango_cairo_context_get_resolution (context), ==, 192);
  g_assert_cmpint (pango_font_description_get_size (pango_context_get_font_description (context)),
                   ==, 30 * PANGO_SCALE);

  adj_chart_model_set_context (model, NULL);
  surface = draw_model_to_image (model, 500, 300, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_model_get_last_frame (model, &back);
  g_assert_cmpfloat (back.plot.origin.x, ==, own.plot.origin.x);
  g_assert_cmpfloat (back.plot.origin.y, ==, own.plot.origin.y);
  g_assert_cmpfloat (back.plot.size.width, ==, own.plot.size.width);
  g_object_unref (context);
}

/* The first @n bytes of the file @path are @magic, and it has more than @min_size bytes. */
static void
assert_file_starts_with (const char *path, const char *magic, gsize n, gsize min_size)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, min_size);
  g_assert_cmpmem (contents, n, magic, n);
}

/* PNG, SVG and PDF by the name's end, over the theme's background. */
static void
test_model_write (void)
{
  g_autoptr (AdjChartModel) model = new_loss_model ();
  g_autofree char *dir = g_dir_make_tmp ("adjoint-chart-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "loss.png", NULL);
  g_autofree char *upper = g_build_filename (dir, "LOSS.PNG", NULL);
  g_autofree char *svg = g_build_filename (dir, "loss.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "loss.pdf", NULL);
  g_autoptr (GError) error = NULL;
  cairo_surface_t *image;
  double rgb[3];
  AdjChartFrame frame;

  g_assert_nonnull (dir);
  g_assert_true (adj_chart_model_write (model, png, 640, 399.5, &error));
  g_assert_no_error (error);
  assert_file_starts_with (png, "\x89PNG\r\n\x1a\n", 8, 5000);
  adj_chart_model_get_last_frame (model, &frame);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 400);   /* rounded up */
  pixel_at (image, 1, 1, rgb);
  g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], ==, 3);                 /* white */
  /* The train loss is drawn: its blue in the plot. */
  {
    GdkRGBA blue = series_color (model, 0);

    g_assert_cmpuint (count_color (image, frame.plot.origin.x, frame.plot.origin.y,
                                   frame.plot.origin.x + frame.plot.size.width,
                                   frame.plot.origin.y + frame.plot.size.height, &blue), >, 100);
  }
  cairo_surface_destroy (image);

  g_assert_true (adj_chart_model_write (model, svg, 640, 400, &error));
  g_assert_no_error (error);
  assert_file_starts_with (svg, "<?xml", 5, 5000);
  g_assert_true (adj_chart_model_write (model, pdf, 640, 400, &error));
  g_assert_no_error (error);
  assert_file_starts_with (pdf, "%PDF-", 5, 5000);

  /* Dark: the dark theme's background; any case of the suffix will do. */
  adj_chart_model_set_dark (model, TRUE);
  g_assert_true (adj_chart_model_write (model, upper, 320, 200, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (upper);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 320);
  pixel_at (image, 1, 1, rgb);
  g_assert_cmpfloat_with_epsilon (rgb[0], 0x24 / 255.0, 1e-9);
  cairo_surface_destroy (image);

  g_assert_cmpint (g_remove (png), ==, 0);
  g_assert_cmpint (g_remove (upper), ==, 0);
  g_assert_cmpint (g_remove (svg), ==, 0);
  g_assert_cmpint (g_remove (pdf), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A missing directory fails in every format with an error naming the file and the cause; a
 * name without a known ending says which endings are. */
static void
test_model_write_error (void)
{
  static const char *const names[] = { "loss.png", "loss.svg", "loss.pdf" };
  g_autoptr (AdjChartModel) model = new_loss_model ();
  g_autofree char *dir = g_dir_make_tmp ("adjoint-chart-XXXXXX", NULL);
  g_autofree char *gif = g_build_filename (dir, "loss.gif", NULL);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, "missing", names[i], NULL);

      g_assert_false (adj_chart_model_write (model, path, 320, 200, &error));
      g_assert_error (error, AG_ERROR, AG_ERROR_IO);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, "no such folder"));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
    }

  g_assert_false (adj_chart_model_write (model, gif, 320, 200, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, ".png, .svg or .pdf"));
  g_assert_false (g_file_test (gif, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---- the widget ----------------------------------------------------------------------- */

static void
test_measure (void)
{
  AdjChart *chart = new_chart ();
  int min, nat;

  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 160);
  g_assert_cmpint (nat, ==, 360);
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 100);
  g_assert_cmpint (nat, ==, 200);

  /* Presentation mode asks for room for its bigger text. */
  adj_chart_set_font_scale (chart, 2.0);
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 160);
  g_assert_cmpint (nat, ==, 720);

  g_assert_finalize_object (chart);
}

/* The one-line text, and the accessible label that follows it no more often than it must. */
static void
test_summary (void)
{
  AdjChart *chart = new_chart ();
  g_autofree char *text = NULL;
  g_autofree char *stale = NULL;
  guint train, test, acc;
  LabelWait wait;

  gtk_test_accessible_assert_role (chart, GTK_ACCESSIBLE_ROLE_IMG);
  text = adj_chart_dup_summary (chart);
  g_assert_cmpstr (text, ==, "no data");
  g_clear_pointer (&text, g_free);

  adj_chart_set_title (chart, "Loss");
  train = adj_chart_add_series (chart, "train loss", ADJ_CHART_AXIS_LEFT);
  test = adj_chart_add_series (chart, "test loss", ADJ_CHART_AXIS_LEFT);
  acc = adj_chart_add_series (chart, "test accuracy", ADJ_CHART_AXIS_RIGHT_UNIT);
  g_assert_cmpuint (train, ==, 0);
  g_assert_cmpuint (test, ==, 1);
  g_assert_cmpuint (acc, ==, 2);
  text = adj_chart_dup_summary (chart);
  g_assert_cmpstr (text, ==, "Loss: no data");
  g_clear_pointer (&text, g_free);
  gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_LABEL, "Loss: no data");

  /* One series, one step. */
  adj_chart_append (chart, train, 1, 2.302585);
  text = adj_chart_dup_summary (chart);
  g_assert_cmpstr (text, ==, "Loss: train loss 2.303 after 1 step");
  g_clear_pointer (&text, g_free);

  for (guint step = 2; step <= 500; step++)
    {
      adj_chart_append (chart, train, step, step == 500 ? 0.04231 : 1.0 / step);
      if (step % 50 == 0)
        {
          adj_chart_append (chart, test, step, step == 500 ? 0.05114 : 2.0 / step);
          adj_chart_append (chart, acc, step, step == 500 ? 0.975 : 0.5);
        }
    }
  /* Appending does not touch the label at once: that waits for the throttle. */
  stale = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              "Loss: train loss 2.303 after 1 step");
  g_assert_null (stale);

  wait.accessible = GTK_ACCESSIBLE (chart);
  wait.label = "Loss: train loss 0.04231, test loss 0.05114, test accuracy 97.5 % after 500 steps";
  wait_until (labelled_cb, &wait);
  text = adj_chart_dup_summary (chart);
  g_assert_cmpstr (text, ==, wait.label);
  g_clear_pointer (&text, g_free);

  /* Asking for the summary brings the label up to date at once. */
  adj_chart_append (chart, train, 501, NAN);
  text = adj_chart_dup_summary (chart);
  g_assert_cmpstr (text, ==,
                   "Loss: train loss NaN, test loss 0.05114, test accuracy 97.5 % after 501 steps");
  gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_LABEL, text);
  g_clear_pointer (&text, g_free);

  /* Without a title, no prefix; series without points are left out. */
  adj_chart_set_title (chart, NULL);
  adj_chart_clear (chart);
  adj_chart_append (chart, test, 0.5, 0.25);
  text = adj_chart_dup_summary (chart);
  g_assert_cmpstr (text, ==, "test loss 0.25 after 0.5 steps");

  g_assert_finalize_object (chart);
}

/* A straight fall from the top-left corner of the plot to the bottom-right one, drawn over
 * white: the first series' colour near those corners and nowhere near the top-right. */
static void
test_draw (void)
{
  AdjChart *chart = new_chart ();
  cairo_surface_t *surface;
  AdjChartFrame frame;
  GdkRGBA blue, orange;
  guint falling, flat;
  double x0, y0, x1, y1, w, h;

  g_object_set (chart, "title", "Loss", "x-label", "step", NULL);
  falling = adj_chart_add_series (chart, "train loss", ADJ_CHART_AXIS_LEFT);
  flat = adj_chart_add_series (chart, "test loss", ADJ_CHART_AXIS_LEFT);
  for (guint i = 0; i <= 100; i++)
    adj_chart_append (chart, falling, i, 10 - i / 10.0);
  for (guint i = 0; i <= 100; i += 10)
    adj_chart_append (chart, flat, i, 5);
  adj_chart_get_series_rgba (chart, falling, &blue);
  adj_chart_get_series_rgba (chart, flat, &orange);
  /* Okabe–Ito blue and orange. */
  g_assert_cmpfloat_with_epsilon (blue.red, 0x00 / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (blue.green, 0x72 / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (blue.blue, 0xB2 / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (orange.red, 0xE6 / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (orange.green, 0x9F / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (orange.blue, 0x00 / 255.0, 1e-6);

  surface = draw_to_image (chart, 400, 240, 1.0);
  adj_chart_get_last_frame (chart, &frame);
  g_assert_cmpuint (frame.n_draws, ==, 1);
  g_assert_cmpuint (frame.n_vertices, ==, 101 + 11);   /* few points: every one drawn */
  g_assert_cmpfloat (frame.x_lo, ==, 0);
  g_assert_cmpfloat (frame.x_hi, ==, 100);
  g_assert_cmpfloat (frame.y_lo, ==, 0);
  g_assert_cmpfloat_with_epsilon (frame.y_hi, 10.5, 1e-12);

  x0 = frame.plot.origin.x;
  y0 = frame.plot.origin.y;
  w = frame.plot.size.width;
  h = frame.plot.size.height;
  x1 = x0 + w;
  y1 = y0 + h;
  /* Most of the image is plot, under a header and beside the labels. */
  g_assert_cmpfloat (w, >, 300);
  g_assert_cmpfloat (h, >, 120);
  g_assert_cmpfloat (y0, >, 15);
  g_assert_cmpfloat (x1, <=, 400);
  g_assert_cmpfloat (y1, <=, 240);

  g_assert_cmpuint (count_color (surface, x0, y0, x0 + 0.2 * w, y0 + 0.3 * h, &blue), >=, 10);
  g_assert_cmpuint (count_color (surface, x1 - 0.2 * w, y1 - 0.3 * h, x1, y1, &blue), >=, 10);
  g_assert_cmpuint (count_color (surface, x1 - 0.3 * w, y0, x1, y0 + 0.3 * h, &blue), ==, 0);
  /* The flat series across the middle, right of where the other crosses it: dashed, so its
   * row is orange in many separate runs (a solid line would be one). */
  {
    int ym = (int) round (y0 + (1 - 5 / 10.5) * h);
    guint runs = 0;

    for (int y = ym - 1; y <= ym + 1; y++)
      runs = MAX (runs, count_runs (surface, y, x0 + 0.6 * w, x0 + 0.95 * w, &orange));
    g_assert_cmpuint (runs, >=, 6);
    g_assert_cmpuint (count_color (surface, x0, y0, x1, ym - 6, &orange), ==, 0);
    g_assert_cmpuint (count_color (surface, x0, ym + 6, x1, y1, &orange), ==, 0);
  }
  /* The legend's line samples sit above the plot. */
  g_assert_cmpuint (count_color (surface, 0, 0, 400, y0, &blue), >, 0);
  g_assert_cmpuint (count_color (surface, 0, 0, 400, y0, &orange), >, 0);
  cairo_surface_destroy (surface);

  g_assert_finalize_object (chart);
}

/* Dark: the lighter colours, and text that reads on a dark background. */
static void
test_dark (void)
{
  AdjChart *chart = new_chart ();
  cairo_surface_t *surface;
  AdjChartFrame frame;
  GdkRGBA sky;
  guint s;
  guint light_text, dark_text;

  g_object_set (chart, "title", "Gradient norm", NULL);
  s = adj_chart_add_series (chart, "W1", ADJ_CHART_AXIS_LEFT);
  for (guint i = 0; i <= 100; i++)
    adj_chart_append (chart, s, i, 1 + i);

  surface = draw_to_image (chart, 400, 240, 0.12);
  adj_chart_get_last_frame (chart, &frame);
  light_text = count_bright (surface, 0, 0, 400, frame.plot.origin.y, 0.7);
  cairo_surface_destroy (surface);

  adj_chart_set_dark (chart, TRUE);
  g_assert_true (adj_chart_get_dark (chart));
  adj_chart_get_series_rgba (chart, s, &sky);
  g_assert_cmpfloat_with_epsilon (sky.blue, 0xE9 / 255.0, 1e-6);   /* sky blue #56B4E9 */
  surface = draw_to_image (chart, 400, 240, 0.12);
  adj_chart_get_last_frame (chart, &frame);
  dark_text = count_bright (surface, 0, 0, 400, frame.plot.origin.y, 0.7);
  g_assert_cmpuint (light_text, <, 5);       /* the light theme's text vanishes here… */
  g_assert_cmpuint (dark_text, >, 50);       /* …the dark theme's does not */
  g_assert_cmpuint (count_color (surface, frame.plot.origin.x, frame.plot.origin.y,
                                 frame.plot.origin.x + frame.plot.size.width,
                                 frame.plot.origin.y + frame.plot.size.height, &sky), >, 50);
  cairo_surface_destroy (surface);

  g_assert_finalize_object (chart);
}

/* NaN, infinities and, on a log axis, zero and negatives are gaps, not crashes; the legend
 * still tells the last value. */
static void
test_gaps (void)
{
  AdjChart *chart = new_chart ();
  const double ys[] = { 1, NAN, 0.5, INFINITY, 0.25, -1, 0, 0.125, -INFINITY };
  cairo_surface_t *surface;
  g_autofree char *text = NULL;
  AdjChartFrame frame;
  guint s = adj_chart_add_series (chart, "loss", ADJ_CHART_AXIS_LEFT);

  for (guint i = 0; i < G_N_ELEMENTS (ys); i++)
    adj_chart_append (chart, s, i, ys[i]);
  g_assert_cmpuint (adj_chart_get_n_points (chart, s), ==, G_N_ELEMENTS (ys));

  /* Linear: the finite ones, 1, 0.5, 0.25, -1, 0, 0.125. */
  surface = draw_to_image (chart, 400, 240, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_get_last_frame (chart, &frame);
  g_assert_cmpuint (frame.n_vertices, ==, 6);
  g_assert_cmpfloat_with_epsilon (frame.y_lo, -1.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (frame.y_hi, 1.1, 1e-12);

  /* Log: the positive ones, 1, 0.5, 0.25, 0.125, each alone between gaps. */
  adj_chart_set_log_scale (chart, TRUE);
  surface = draw_to_image (chart, 400, 240, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_get_last_frame (chart, &frame);
  g_assert_cmpuint (frame.n_vertices, ==, 4);
  g_assert_cmpfloat (frame.y_lo, >, 0);
  g_assert_cmpfloat (frame.y_lo, <, 0.125);
  g_assert_cmpfloat (frame.y_hi, >, 1);

  text = adj_chart_dup_summary (chart);
  g_assert_cmpstr (text, ==, "loss −∞ after 8 steps");

  /* Only bad values: axes with their default range, nothing drawn. */
  adj_chart_clear (chart);
  adj_chart_append (chart, s, 0, NAN);
  adj_chart_append (chart, s, 1, -2);
  surface = draw_to_image (chart, 400, 240, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_get_last_frame (chart, &frame);
  g_assert_cmpuint (frame.n_vertices, ==, 0);
  g_assert_cmpfloat (frame.y_lo, ==, 0.01);
  g_assert_cmpfloat (frame.y_hi, ==, 1);

  g_assert_finalize_object (chart);
}

/* A million points: the drawing reads one stroke per pixel column, and a one-point spike in
 * the middle of the run still shows. */
static void
test_million (void)
{
  AdjChart *chart = new_chart ();
  const guint n = 1000000;
  cairo_surface_t *surface;
  AdjChartFrame frame;
  GdkRGBA blue;
  guint s = adj_chart_add_series (chart, "train loss", ADJ_CHART_AXIS_LEFT);
  double x0, y0, w, h;

  for (guint i = 0; i < n; i++)
    adj_chart_append (chart, s, i, i == n / 2 ? 100 : 1 + 0.5 * sin (i * 1e-4));
  g_assert_cmpuint (adj_chart_get_n_points (chart, s), ==, n);
  adj_chart_get_series_rgba (chart, s, &blue);

  surface = draw_to_image (chart, 400, 240, 1.0);
  adj_chart_get_last_frame (chart, &frame);
  x0 = frame.plot.origin.x;
  y0 = frame.plot.origin.y;
  w = frame.plot.size.width;
  h = frame.plot.size.height;
  g_assert_cmpfloat (frame.x_hi, ==, n - 1);
  g_assert_cmpfloat_with_epsilon (frame.y_hi, 100 + 0.05 * 99.5, 1e-9);
  /* At most two vertices per column, and at least one for most of them. */
  g_assert_cmpuint (frame.n_vertices, <=, 2 * (guint) ceil (w));
  g_assert_cmpuint (frame.n_vertices, >=, (guint) (w / 2));

  /* The spike reaches the top in the middle column, and only there. */
  g_assert_cmpuint (count_color (surface, x0 + w / 2 - 3, y0, x0 + w / 2 + 3, y0 + 0.1 * h,
                                 &blue), >=, 3);
  g_assert_cmpuint (count_color (surface, x0, y0, x0 + w / 2 - 4, y0 + 0.9 * h, &blue), ==, 0);
  g_assert_cmpuint (count_color (surface, x0 + w / 2 + 4, y0, x0 + w, y0 + 0.9 * h, &blue),
                    ==, 0);
  /* The rest lies along the bottom, across the whole width. */
  g_assert_cmpuint (count_color (surface, x0, y0 + 0.9 * h, x0 + 0.1 * w, y0 + h, &blue), >, 10);
  g_assert_cmpuint (count_color (surface, x0 + 0.9 * w, y0 + 0.9 * h, x0 + w, y0 + h, &blue),
                    >, 10);
  cairo_surface_destroy (surface);

  /* On a log axis too. */
  adj_chart_set_log_scale (chart, TRUE);
  surface = draw_to_image (chart, 400, 240, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_get_last_frame (chart, &frame);
  g_assert_cmpuint (frame.n_vertices, <=, 2 * (guint) ceil (frame.plot.size.width));

  g_assert_finalize_object (chart);
}

/* Points and series come and go; the contract on x is enforced. */
static void
test_clear (void)
{
  AdjChart *chart = new_chart ();
  g_autofree char *text = NULL;
  guint a = adj_chart_add_series (chart, "W1", ADJ_CHART_AXIS_LEFT);
  guint b = adj_chart_add_series (chart, "W2", ADJ_CHART_AXIS_LEFT);

  adj_chart_append (chart, a, 1, 0.5);
  adj_chart_append (chart, a, 1, 0.4);   /* the same step again is fine */
  adj_chart_append (chart, b, 2, 0.25);
  g_test_expect_message ("adjoint-ui", G_LOG_LEVEL_CRITICAL,
                         "*before the previous*did you forget adj_chart_clear*");
  adj_chart_append (chart, a, 0, 0.1);   /* back in time */
  g_test_assert_expected_messages ();
  g_assert_cmpuint (adj_chart_get_n_points (chart, a), ==, 2);

  adj_chart_clear (chart);
  g_assert_cmpuint (adj_chart_get_n_series (chart), ==, 2);
  g_assert_cmpuint (adj_chart_get_n_points (chart, a), ==, 0);
  g_assert_cmpuint (adj_chart_get_n_points (chart, b), ==, 0);
  text = adj_chart_dup_summary (chart);
  g_assert_cmpstr (text, ==, "no data");
  g_clear_pointer (&text, g_free);
  adj_chart_append (chart, a, 0, 0.1);   /* a new run starts at step 0 again */
  g_assert_cmpuint (adj_chart_get_n_points (chart, a), ==, 1);

  adj_chart_remove_all_series (chart);
  g_assert_cmpuint (adj_chart_get_n_series (chart), ==, 0);
  g_assert_cmpuint (adj_chart_add_series (chart, "W3", ADJ_CHART_AXIS_LEFT), ==, 0);
  text = adj_chart_dup_summary (chart);
  g_assert_cmpstr (text, ==, "no data");

  g_assert_finalize_object (chart);
}

/* In a window: :log-scale notifies once per change and brings a new frame with a log axis. */
static void
test_log_scale (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AdjChart *chart = ADJ_CHART (adj_chart_new ());
  guint s = adj_chart_add_series (chart, "loss", ADJ_CHART_AXIS_LEFT);
  guint notified = 0;
  gboolean log_scale = FALSE;
  AdjChartFrame frame;
  DrawWait wait = { chart, 0 };

  for (guint i = 1; i <= 300; i++)
    adj_chart_append (chart, s, i, 3 * exp (-(double) i / 50.0));
  gtk_window_set_default_size (window, 500, 300);
  gtk_window_set_child (window, GTK_WIDGET (chart));
  gtk_window_present (window);
  wait_until (drawn_cb, chart);

  adj_chart_get_last_frame (chart, &frame);
  g_assert_cmpfloat (frame.y_lo, ==, 0);
  g_assert_cmpfloat (frame.plot.size.width, >, 300);

  g_signal_connect (chart, "notify::log-scale", G_CALLBACK (notify_count_cb), &notified);
  wait.n_draws = frame.n_draws;
  g_object_set (chart, "log-scale", TRUE, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (adj_chart_get_log_scale (chart));
  wait_until (redrawn_cb, &wait);
  adj_chart_get_last_frame (chart, &frame);
  g_assert_cmpfloat (frame.y_lo, >, 0);
  g_assert_cmpfloat (frame.y_lo, <, 3 * exp (-300 / 50.0));

  adj_chart_set_log_scale (chart, TRUE);     /* unchanged: no notification */
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (chart, "log-scale", &log_scale, NULL);
  g_assert_true (log_scale);

  wait.n_draws = frame.n_draws;
  adj_chart_set_log_scale (chart, FALSE);
  g_assert_cmpuint (notified, ==, 2);
  wait_until (redrawn_cb, &wait);
  adj_chart_get_last_frame (chart, &frame);
  g_assert_cmpfloat (frame.y_lo, ==, 0);

  /* Appending redraws too. */
  wait.n_draws = frame.n_draws;
  adj_chart_append (chart, s, 400, 5);
  wait_until (redrawn_cb, &wait);
  adj_chart_get_last_frame (chart, &frame);
  g_assert_cmpfloat (frame.x_hi, ==, 400);

  g_object_ref (chart);
  gtk_window_destroy (window);
  g_assert_finalize_object (chart);
}

/* The other properties round-trip and notify once per change. */
static void
test_properties (void)
{
  AdjChart *chart = new_chart ();
  g_autofree char *title = NULL;
  g_autofree char *x_label = NULL;
  double font_scale = 0;
  gboolean dark = FALSE;
  guint notified = 0;

  g_assert_null (adj_chart_get_title (chart));
  g_assert_cmpfloat (adj_chart_get_font_scale (chart), ==, 1.0);
  g_signal_connect (chart, "notify", G_CALLBACK (notify_count_cb), &notified);

  g_object_set (chart, "title", "Loss", "x-label", "step", "dark", TRUE, "font-scale", 1.5,
                NULL);
  g_assert_cmpuint (notified, ==, 4);
  g_object_set (chart, "title", "Loss", "x-label", "step", "dark", TRUE, "font-scale", 1.5,
                NULL);
  g_assert_cmpuint (notified, ==, 4);
  g_object_get (chart, "title", &title, "x-label", &x_label, "dark", &dark,
                "font-scale", &font_scale, NULL);
  g_assert_cmpstr (title, ==, "Loss");
  g_assert_cmpstr (x_label, ==, "step");
  g_assert_true (dark);
  g_assert_cmpfloat (font_scale, ==, 1.5);
  g_assert_cmpstr (adj_chart_get_title (chart), ==, "Loss");
  g_assert_cmpstr (adj_chart_get_x_label (chart), ==, "step");

  g_assert_finalize_object (chart);
}

/* Bigger text for a projector: the plot gives up room to the labels, which grow with it. */
static void
test_font_scale (void)
{
  AdjChart *chart = new_chart ();
  cairo_surface_t *surface;
  AdjChartFrame normal, big;
  guint s = adj_chart_add_series (chart, "train loss", ADJ_CHART_AXIS_LEFT);

  adj_chart_set_title (chart, "Loss");
  for (guint i = 0; i <= 100; i++)
    adj_chart_append (chart, s, i, 0.001 + 1.0 / (1 + i));
  surface = draw_to_image (chart, 400, 240, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_get_last_frame (chart, &normal);

  adj_chart_set_font_scale (chart, 2.0);
  surface = draw_to_image (chart, 400, 240, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_get_last_frame (chart, &big);
  g_assert_cmpfloat (big.plot.origin.y, >, normal.plot.origin.y + 10);   /* taller header */
  g_assert_cmpfloat (big.plot.origin.x, >, normal.plot.origin.x + 5);    /* wider labels */
  g_assert_cmpuint (big.n_vertices, ==, normal.n_vertices);

  /* The smallest size still has a plot. */
  adj_chart_set_font_scale (chart, 1.0);
  surface = draw_to_image (chart, 160, 100, 1.0);
  cairo_surface_destroy (surface);
  adj_chart_get_last_frame (chart, &normal);
  g_assert_cmpfloat (normal.plot.size.width, >, 80);
  g_assert_cmpfloat (normal.plot.size.height, >, 30);
  g_assert_cmpuint (normal.n_vertices, ==, 101);

  g_assert_finalize_object (chart);
}

/* The widget forwards to its model, which it owns; its frame is the model's. */
static void
test_model_of_widget (void)
{
  AdjChart *chart = new_chart ();
  AdjChartModel *model = adj_chart_get_model (chart);
  AdjChartFrame widget_frame, model_frame;
  cairo_surface_t *surface;
  guint s;

  g_assert_nonnull (model);
  g_assert_true (adj_chart_get_model (chart) == model);
  g_object_set (chart, "title", "Loss", "log-scale", TRUE, "dark", TRUE, "font-scale", 1.5,
                NULL);
  g_assert_cmpstr (adj_chart_model_get_title (model), ==, "Loss");
  g_assert_true (adj_chart_model_get_log_scale (model));
  g_assert_true (adj_chart_model_get_dark (model));
  g_assert_cmpfloat (adj_chart_model_get_font_scale (model), ==, 1.5);
  s = adj_chart_add_series (chart, "train loss", ADJ_CHART_AXIS_LEFT);
  adj_chart_append (chart, s, 1, 0.5);
  g_assert_cmpuint (adj_chart_model_get_n_series (model), ==, 1);
  g_assert_cmpuint (adj_chart_model_get_n_points (model, s), ==, 1);

  surface = draw_to_image (chart, 300, 200, 0.12);
  cairo_surface_destroy (surface);
  adj_chart_get_last_frame (chart, &widget_frame);
  adj_chart_model_get_last_frame (model, &model_frame);
  g_assert_cmpmem (&widget_frame, sizeof widget_frame, &model_frame, sizeof model_frame);
  g_assert_cmpuint (widget_frame.n_draws, ==, 1);

  g_assert_finalize_object (chart);
}

int
main (int argc, char **argv)
{
  /* The scales and the model need no display, so a run without one (a CI job without Xvfb)
   * still checks what `adjoint train --plot` uses; gtk_test_init() would abort there. */
  gboolean display = g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;

  if (display)
    {
      /* GTK's test accessibility backend: it records what the widget tells assistive
       * technology (the assertions read it back) and needs no session bus, which Xvfb runs
       * do not have. */
      g_setenv ("GTK_A11Y", "test", TRUE);
      gtk_test_init (&argc, &argv, NULL);
    }
  else
    g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/chart-model/draw", test_model_draw);
  g_test_add_func ("/ui/chart-model/settings", test_model_settings);
  g_test_add_func ("/ui/chart-model/context", test_model_context);
  g_test_add_func ("/ui/chart-model/write", test_model_write);
  g_test_add_func ("/ui/chart-model/write-error", test_model_write_error);
  g_test_add_func ("/ui/chart-model/dashes", test_model_dashes);
  g_test_add_func ("/ui/chart-model/raster", test_model_raster);
  if (!display)
    {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }

  g_test_add_func ("/ui/chart/measure", test_measure);
  g_test_add_func ("/ui/chart/summary", test_summary);
  g_test_add_func ("/ui/chart/draw", test_draw);
  g_test_add_func ("/ui/chart/dark", test_dark);
  g_test_add_func ("/ui/chart/gaps", test_gaps);
  g_test_add_func ("/ui/chart/million", test_million);
  g_test_add_func ("/ui/chart/clear", test_clear);
  g_test_add_func ("/ui/chart/log-scale", test_log_scale);
  g_test_add_func ("/ui/chart/properties", test_properties);
  g_test_add_func ("/ui/chart/font-scale", test_font_scale);
  g_test_add_func ("/ui/chart/model-of-widget", test_model_of_widget);

  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
