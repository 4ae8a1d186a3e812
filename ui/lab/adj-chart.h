/* adj-chart.h: the training lab's live line chart over training steps: the losses (and the
 * accuracy on a 0–100 % axis of its own), or each layer's gradient norm on a log axis.
 *
 *   GtkWidget *chart = adj_chart_new ();
 *   guint train = adj_chart_add_series (ADJ_CHART (chart), "train loss", ADJ_CHART_AXIS_LEFT);
 *   guint acc = adj_chart_add_series (ADJ_CHART (chart), "test accuracy",
 *                                     ADJ_CHART_AXIS_RIGHT_UNIT);
 *
 *   g_object_set (chart, "title", "Loss", "x-label", "step", "log-scale", TRUE, NULL);
 *   for (guint step = 1; step <= n_steps; step++)
 *     {
 *       ... train one step ...
 *       adj_chart_append (ADJ_CHART (chart), train, step, loss);
 *       if (step % 10 == 0)
 *         adj_chart_append (ADJ_CHART (chart), acc, step, accuracy);   // 0..1
 *     }
 *
 * The data, the settings and all the drawing live in an AdjChartModel (adj-chart-model.h),
 * which needs no display: `adjoint train --plot` draws the same chart with it. The widget
 * forwards to its model, draws it in snapshot, tells assistive technology what it shows,
 * and lays the text out in its own Pango context, so it follows the theme's font. */
#pragma once

#include <gtk/gtk.h>
#include "ui/draw/adj-chart-model.h"

G_BEGIN_DECLS

#define ADJ_TYPE_CHART (adj_chart_get_type ())
G_DECLARE_FINAL_TYPE (AdjChart, adj_chart, ADJ, CHART, GtkWidget)

/* A new, empty chart: no series, linear, light colours, font scale 1. It asks for 360×200
 * (times :font-scale when that is above 1) and needs at least 160×100. Its accessible role
 * is an image labelled with adj_chart_dup_summary(). */
GtkWidget *adj_chart_new                 (void);

/* The chart's model: its data, settings and drawing. Borrowed, valid as long as the widget.
 * Read it freely (an export can write what the widget shows with adj_chart_model_write());
 * change it through the widget's functions below, which also redraw, notify and refresh the
 * accessible label: a change made to the model directly shows only at the next redraw. */
AdjChartModel *adj_chart_get_model       (AdjChart *self);

/* The data, as adj_chart_model_add_series() and the others, each also queueing a redraw
 * and an accessible-label refresh. The colour is the model's as a GdkRGBA. */
guint      adj_chart_add_series          (AdjChart *self, const char *label, AdjChartAxis axis);
guint      adj_chart_get_n_series        (AdjChart *self);
gsize      adj_chart_get_n_points        (AdjChart *self, guint series);
void       adj_chart_get_series_rgba     (AdjChart *self, guint series, GdkRGBA *rgba);
void       adj_chart_append              (AdjChart *self, guint series, double x, double y);
void       adj_chart_clear               (AdjChart *self);
void       adj_chart_remove_all_series   (AdjChart *self);

/* Properties, as the model's settings (see adj-chart-model.h): :log-scale, :title,
 * :x-label, :dark (the widget paints no background: the window's shows through) and
 * :font-scale (0.5..4, which also scales the size the widget asks for). Each notifies once
 * per change. Strings are copied; the getters' results are borrowed, valid until the
 * property changes. */
void        adj_chart_set_log_scale      (AdjChart *self, gboolean log_scale);
gboolean    adj_chart_get_log_scale      (AdjChart *self);
void        adj_chart_set_title          (AdjChart *self, const char *title);
const char *adj_chart_get_title          (AdjChart *self);
void        adj_chart_set_x_label        (AdjChart *self, const char *x_label);
const char *adj_chart_get_x_label        (AdjChart *self);
void        adj_chart_set_dark           (AdjChart *self, gboolean dark);
gboolean    adj_chart_get_dark           (AdjChart *self);
void        adj_chart_set_font_scale     (AdjChart *self, double font_scale);
double      adj_chart_get_font_scale     (AdjChart *self);

/* adj_chart_model_dup_summary(): "Loss: train loss 0.0423 after 500 steps". The widget's
 * accessible label is this text, refreshed at most four times a second while points
 * arrive; calling this also brings a pending refresh forward. Owned by the caller. */
char      *adj_chart_dup_summary         (AdjChart *self);

/* adj_chart_model_draw() with the widget's fonts (its Pango context: the theme's family,
 * resolution and font options); the snapshot draws the same way. Paints no background and
 * needs no window, so tests call it on an image surface. */
void       adj_chart_draw                (AdjChart *self, cairo_t *cr, double width,
                                          double height);
/* adj_chart_model_get_last_frame(): what the last draw, by either, did. */
void       adj_chart_get_last_frame      (AdjChart *self, AdjChartFrame *frame);

G_END_DECLS
