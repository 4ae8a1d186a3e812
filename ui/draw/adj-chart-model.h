/* adj-chart-model.h: a line chart of training curves over steps, its data and its drawing
 * with Cairo and Pango and no GTK: the losses (and the accuracy on a 0–100 % axis of its
 * own), or each layer's gradient norm on a log axis. The training lab's AdjChart widget
 * draws one on screen; `adjoint train --plot loss.png` writes one without a display.
 *
 *   g_autoptr (AdjChartModel) chart = adj_chart_model_new ();
 *   g_autoptr (GError) error = NULL;
 *   guint train = adj_chart_model_add_series (chart, "train loss", ADJ_CHART_AXIS_LEFT);
 *   guint acc = adj_chart_model_add_series (chart, "test accuracy",
 *                                           ADJ_CHART_AXIS_RIGHT_UNIT);
 *
 *   adj_chart_model_set_title (chart, "Loss");
 *   adj_chart_model_set_x_label (chart, "step");
 *   adj_chart_model_set_log_scale (chart, TRUE);
 *   for (guint step = 1; step <= n_steps; step++)
 *     {
 *       ... train one step ...
 *       adj_chart_model_append (chart, train, step, loss);
 *       if (step % 10 == 0)
 *         adj_chart_model_append (chart, acc, step, accuracy);   // 0..1
 *     }
 *   if (!adj_chart_model_write (chart, "loss.png", 640, 400, &error))
 *     ... error->message says which file and what cairo reported ...
 *
 * Keeping the data and drawing it are separate steps: appending only stores (O(1)), and
 * adj_chart_model_draw() lays out and paints a frame on any cairo_t. The scales and the
 * ticks are pure functions in adj-chart-scale.h, so the data is mapped to 0..1 by a step
 * that tests check without drawing. The model keeps its series in adj-chart-series.c and
 * strokes them with its own rasteriser, adj-stroke-mask.c. */
#pragma once

#include <glib.h>
#include <cairo.h>
#include <pango/pango.h>
#include "ui/draw/adj-chart-scale.h"

G_BEGIN_DECLS

/* What the last adj_chart_model_draw() did: where the plot area was, the ranges it showed,
 * and counters that let tests see a redraw happen and the decimation work. */
typedef struct {
  guint        n_draws;     /* adj_chart_model_draw() calls so far */
  guint        n_vertices;  /* line vertices emitted for all series in the last one */
  AdjChartRect plot;        /* the plot area, in the drawing's coordinates */
  double       x_lo, x_hi;  /* the x axis */
  double       y_lo, y_hi;  /* the left axis */
} AdjChartFrame;

typedef struct _AdjChartModel AdjChartModel;

/* A new, empty chart: no series, linear, light colours, font scale 1, no scale factor, text
 * in "Sans". Owned by the caller; free it with adj_chart_model_free(). */
AdjChartModel *adj_chart_model_new          (void);
/* Frees @self, its series and its cached text. NULL-safe. */
void           adj_chart_model_free         (AdjChartModel *self);

/* ---- Data ----------------------------------------------------------------------------- */

/* Adds a series named @label (copied; shown in the legend and the summary) read against
 * @axis, and returns its index, counting from 0 in the order added. Its colour and dash
 * pattern follow from that index: the first is a solid line, the second dashed, the third
 * dotted, and so on through six colour-blind-safe colours (see
 * adj_chart_model_get_series_rgb). */
guint          adj_chart_model_add_series   (AdjChartModel *self, const char *label,
                                             AdjChartAxis axis);
guint          adj_chart_model_get_n_series (AdjChartModel *self);
/* Points in @series, including the ones not drawn (NaN, infinite, non-positive on a log
 * axis). */
gsize          adj_chart_model_get_n_points (AdjChartModel *self, guint series);
/* The colour @series is drawn in with the current dark setting, as red, green and blue in
 * 0..1, so another view (a layer diagram, say) can tint the same layer alike. */
void           adj_chart_model_get_series_rgb (AdjChartModel *self, guint series,
                                               double rgb[3]);

/* Appends the point (@x, @y) to @series. @x is the step: finite, and not less than the
 * series' previous x. A NaN or infinite @y is kept (the legend shows it: a diverged run
 * reads "nan") but drawn as a gap in the line, as is a @y <= 0 on a log axis. Storage grows
 * by doubling, so appending is O(1) amortised; a series may hold millions of points, and
 * drawing then costs about the chart's width in pixels, not the number of points. */
void           adj_chart_model_append       (AdjChartModel *self, guint series, double x,
                                             double y);
/* Removes every point, keeping the series (their labels, axes and styles). */
void           adj_chart_model_clear        (AdjChartModel *self);
/* Removes every series and its points; the next one added is index 0 again. */
void           adj_chart_model_remove_all_series (AdjChartModel *self);

/* ---- Settings ------------------------------------------------------------------------- */

/* Log scale makes the left axis logarithmic (decades); the title is drawn top-left and
 * starts the summary ("Loss"); the x label names the x axis ("step"); dark picks text, grid
 * and line colours readable on a dark background (adj_chart_model_draw() paints no
 * background, adj_chart_model_write() paints the theme's); the font scale (0.5..4, default
 * 1) scales all text, strokes and margins, for presentation mode. Strings are copied; the
 * getters' results are borrowed, valid until the setting changes. Each setter returns TRUE
 * when the setting changed, so a widget over the model knows when to notify. */
gboolean       adj_chart_model_set_log_scale  (AdjChartModel *self, gboolean log_scale);
gboolean       adj_chart_model_get_log_scale  (AdjChartModel *self);
gboolean       adj_chart_model_set_title      (AdjChartModel *self, const char *title);
const char    *adj_chart_model_get_title      (AdjChartModel *self);
gboolean       adj_chart_model_set_x_label    (AdjChartModel *self, const char *x_label);
const char    *adj_chart_model_get_x_label    (AdjChartModel *self);
gboolean       adj_chart_model_set_dark       (AdjChartModel *self, gboolean dark);
gboolean       adj_chart_model_get_dark       (AdjChartModel *self);
gboolean       adj_chart_model_set_font_scale (AdjChartModel *self, double font_scale);
double         adj_chart_model_get_font_scale (AdjChartModel *self);

/* The scale factor (device pixels per unit) at which a drawing on a recording surface will
 * be shown: a GTK widget's snapshot records, and GSK plays the recording back later at the
 * window's gtk_widget_get_scale_factor(). The model draws the series itself, into a mask of
 * the plot's pixels, wherever it knows them: on an image surface always, on a recording only
 * with a scale factor set (0.5..8); else (0, the default, or a vector surface) it has cairo
 * stroke them, which costs milliseconds a frame for a few hundred noisy points. Returns
 * TRUE when the setting changed. */
gboolean       adj_chart_model_set_scale_factor (AdjChartModel *self, double scale_factor);
double         adj_chart_model_get_scale_factor (AdjChartModel *self);

/* The Pango context the text is laid out in; its font description gives the family (the
 * sizes are the chart's own: 10 pt ticks and legend, a 12 pt bold title, both times the
 * font scale). A widget passes its own, so the chart follows the theme's font, resolution
 * and font options; the model keeps a reference and never changes it. With NULL (the
 * default) the model uses a context of its own on pango_cairo_font_map_get_default() with
 * "Sans", updated to each cairo_t it draws on. Setting a context, or NULL, other than the
 * current one drops the cached text; it is laid out again on the next draw. */
void           adj_chart_model_set_context    (AdjChartModel *self, PangoContext *context);

/* ---- Output --------------------------------------------------------------------------- */

/* One line saying what the chart shows, for assistive technology, a terminal and tests:
 * "Loss: train loss 0.0423, test loss 0.0511 after 500 steps" (each series with points, by
 * its last value, then the largest last x), or "Loss: no data". Owned by the caller. */
char          *adj_chart_model_dup_summary  (AdjChartModel *self);

/* Draws the chart into the @width × @height rectangle at the origin of @cr's user space:
 * title and legend, axes, grid and the series. Paints no background. Needs no window or
 * display; a widget's snapshot, an export and a test all call this. A small chart drops the
 * legend's values, then the legend, before it gives up its plot. */
void           adj_chart_model_draw         (AdjChartModel *self, cairo_t *cr, double width,
                                             double height);
/* Copies the record of the last draw into @frame (all zero before the first draw). */
void           adj_chart_model_get_last_frame (AdjChartModel *self, AdjChartFrame *frame);

/* Writes the chart, over the theme's background (white, or the dark theme's grey), to the
 * file @path in the format its name ends in: ".png" (@width × @height pixels, rounded up),
 * ".svg" or ".pdf" (@width × @height points); any case. Both sizes are 1..32767. An existing
 * file is replaced whole or not at all (ui/draw/adj-export-file.h). On failure returns FALSE
 * with @error: G_IO_ERROR_INVALID_ARGUMENT for an unknown ending, else AG_ERROR_IO naming the
 * file and why ("no such folder", "no space left on the device", "permission denied"); the
 * old file is then as it was and no partial file is left. */
gboolean       adj_chart_model_write        (AdjChartModel *self, const char *path,
                                             double width, double height, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdjChartModel, adj_chart_model_free)

G_END_DECLS
