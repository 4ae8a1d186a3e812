/* adj-chart-scale.h: the chart's scales and ticks, pure functions with no model and no
 * drawing: where a value sits on a linear or log axis (0..1 of the plot), the range an axis
 * shows for its data, nice ticks (1, 2 or 5 × 10^k, and decades on a log axis) and their
 * labels. The chart model draws with them; the boundary and neuron views take their ticks
 * from adj_chart_nice_ticks() too.
 *
 *   AdjChartScale y = { 0, 0, FALSE };
 *   double ticks[8];
 *   guint n;
 *
 *   adj_chart_y_range (min_loss, max_loss, FALSE, &y.lo, &y.hi);
 *   adj_chart_nice_ticks (y.lo, y.hi, 8, ticks, &n);
 *   for (guint i = 0; i < n; i++)
 *     ... a grid line at plot_y + (1 - adj_chart_scale_fraction (&y, ticks[i])) * plot_h ...
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which y axis a series is read against. */
typedef enum {
  ADJ_CHART_AXIS_LEFT,        /* the main axis: linear, or log with log scale on */
  ADJ_CHART_AXIS_RIGHT_UNIT,  /* a fixed 0..1 axis on the right, labelled 0–100 % (accuracy) */
} AdjChartAxis;

/* Room for any label the formatting functions below write, with its terminating NUL. */
#define ADJ_CHART_LABEL_SIZE 32

/* A rectangle in a drawing's coordinates. Its fields are named as graphene_rect_t's, so the
 * widget's callers read it alike, but it is doubles and needs no graphene. */
typedef struct {
  struct { double x, y; }          origin;
  struct { double width, height; } size;
} AdjChartRect;

/* One axis as drawn: the range it shows and whether it is logarithmic. */
typedef struct {
  double   lo, hi;
  gboolean log;
} AdjChartScale;

/* Where @v sits on @scale, 0..1 inside it, clamped to -0.5..1.5 (so that cairo's fixed point
 * never sees a wild coordinate), or NaN when it cannot be drawn (not finite, or not positive
 * on a log scale). */
double adj_chart_scale_fraction (const AdjChartScale *scale, double v);

/* @k × 10^@e, the double nearest the decimal when @k is an integer (0.3, not
 * 0.30000000000000004). */
double adj_chart_decimal (double k, int e);

/* Where @v lies between @lo (0) and @hi (1), unclamped; 0.5 when @lo == @hi. */
double adj_chart_scale_linear (double v, double lo, double hi);
/* The same in log10: 10^-2..10^2 puts 1 at 0.5. NaN when @v, @lo or @hi is not positive,
 * which the drawing takes as a gap. */
double adj_chart_scale_log    (double v, double lo, double hi);

/* The shown range of an axis whose data lies in @min..@max (@min > @max when there is none):
 * the data plus 5 % at each end, clamped at 0 when the data is not negative; on a log axis
 * (@min the least positive value) 5 % of the decades, and at least one decade in all. With
 * no data, 0..1 (log: 0.01..1). */
void   adj_chart_y_range      (double min, double max, gboolean log_scale, double *lo,
                               double *hi);

/* Ticks for a linear axis over @lo..@hi: the multiples of the smallest step of the form
 * 1, 2 or 5 × 10^k that gives at most @max_ticks of them inside the range, written to
 * @ticks (room for @max_ticks) in increasing order, their number to @n. 0..1 with 6 gives
 * 0, 0.2, …, 1. Each tick is the double nearest its decimal value (0.3, not
 * 0.30000000000000004). No ticks when @lo >= @hi or either is not finite. */
void   adj_chart_nice_ticks   (double lo, double hi, guint max_ticks, double *ticks, guint *n);
/* Ticks for a log axis over @lo..@hi (both > 0): the 1, 2 and 5 × 10^j inside the range
 * when there are 2 to @max_ticks of them; else the powers of ten inside it, if two or
 * more, thinned to the 10^j with j a multiple of the smallest k that leaves at most
 * @max_ticks (so 1 stays, and a decade keeps its label as the range grows); else
 * adj_chart_nice_ticks(). 0.003..40 with 6 gives 0.01, 0.1, 1, 10. */
void   adj_chart_log_ticks    (double lo, double hi, guint max_ticks, double *ticks, guint *n);

/* Labels. A linear tick @v on an axis whose ticks are @step apart: the decimals the step
 * needs, less trailing zeros ("0.2", "0.05", "1", "15"); in thousands from a step of 10⁴
 * ("20k", "1500k") and in millions from 10⁶ ("3M"); with @percent, @v and @step are
 * fractions shown as "20 %". */
void   adj_chart_format_tick     (char buf[ADJ_CHART_LABEL_SIZE], double v, double step,
                                  gboolean percent);
/* A log tick: "0.001", "0.02", "1", "1000"; with @powers (for an axis reaching beyond
 * 0.001..1000) powers of ten instead, "10⁻⁶", "2×10⁻⁵", except "1" and "10". */
void   adj_chart_format_log_tick (char buf[ADJ_CHART_LABEL_SIZE], double v, gboolean powers);
/* A series' value for the legend and the summary, as ag_format_human() writes numbers for
 * people ("0.0423", "2.3", "1.234×10⁻⁵", "NaN"); on ADJ_CHART_AXIS_RIGHT_UNIT as a percentage
 * ("97.5 %"). */
void   adj_chart_format_value    (char buf[ADJ_CHART_LABEL_SIZE], double v, AdjChartAxis axis);

G_END_DECLS
