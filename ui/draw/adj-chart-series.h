/* adj-chart-series.h: the data a chart holds: one series of (step, value) points, with a
 * min/max summary per block of points, so that a frame over a million points reads a few
 * blocks per pixel column; and its polyline over a plot (the trace), which the chart model
 * strokes. No drawing and no Pango: the model owns the series and their labels' layouts. */
#pragma once

#include <glib.h>
#include "ui/draw/adj-chart-scale.h"

G_BEGIN_DECLS

/* The finite values of some points: least, greatest, and least positive (for log axes).
 * Empty is { inf, -inf, inf }. */
typedef struct {
  double fmin, fmax, pmin;
} AdjChartExtent;

#define ADJ_CHART_EXTENT_EMPTY ((AdjChartExtent) { INFINITY, -INFINITY, INFINITY })

typedef struct {
  /* owned */
  char           *label;
  double         *x, *y;       /* n points, room for capacity */
  AdjChartExtent *blocks;      /* the summary of each block of 256 points */
  AdjChartExtent *sub_blocks;  /* and of each 16 */

  gsize           n, capacity;
  AdjChartExtent  all;
  AdjChartAxis    axis;
  guint           style;       /* index into the colours and the dashes */
} AdjChartSeries;

/* A polyline in a drawing's coordinates: x, y pairs, x NaN ending a run. Kept between frames,
 * so that a frame allocates nothing. */
typedef struct {
  double *xy;
  gsize   len, capacity;   /* in doubles */
} AdjChartTrace;

/* A new series named @label (copied), read against @axis, drawn in @style. */
AdjChartSeries *adj_chart_series_new    (const char *label, AdjChartAxis axis, guint style);
void            adj_chart_series_free   (gpointer series);
/* Appends (@x, @y); @x is finite and not less than the last x (the model checks). */
void            adj_chart_series_append (AdjChartSeries *self, double x, double y);
/* Removes every point. */
void            adj_chart_series_clear  (AdjChartSeries *self);

void            adj_chart_extent_merge  (AdjChartExtent *e, const AdjChartExtent *other);
/* The least and greatest drawable values of @e on a linear or log axis; FALSE if none. */
gboolean        adj_chart_extent_bounds (const AdjChartExtent *e, gboolean log_axis, double *lo,
                                         double *hi);

/* @self as a polyline over @plot, read against @xa and @ya, into @trace (emptied first).
 * Up to two points per pixel column it joins the points themselves; past that, each
 * column's points become one vertical stroke from their least to their greatest value (from
 * the block summary), so spikes survive and a frame costs the width, not the length of the
 * run. Undrawable points break the line; a lone point is a dot. Returns the vertices
 * emitted. */
guint           adj_chart_series_trace  (const AdjChartSeries *self, const AdjChartScale *xa,
                                         const AdjChartScale *ya, const AdjChartRect *plot,
                                         AdjChartTrace *trace);
void            adj_chart_trace_clear   (AdjChartTrace *trace);

G_END_DECLS
