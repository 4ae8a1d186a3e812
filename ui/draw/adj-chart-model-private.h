/* adj-chart-model-private.h: what the chart model's two files share: the model itself.
 * adj-chart-model.c keeps its data and settings; adj-chart-model-draw.c lays it out and
 * draws it, and keeps the text it draws. */
#pragma once

#include <pango/pangocairo.h>
#include "ui/draw/adj-chart-model.h"
#include "ui/draw/adj-chart-series.h"
#include "ui/draw/adj-stroke-mask.h"

G_BEGIN_DECLS

/* What our own Pango context is set up for: an image or a vector surface, at a scale (the
 * linear part of the cairo matrix). */
typedef struct {
  gboolean valid;
  gboolean raster;
  double   xx, yx, xy, yy;
} ContextTarget;

struct _AdjChartModel
{
  /* owned */
  GPtrArray            *series;        /* of AdjChartSeries */
  char                 *title;
  char                 *x_label;
  PangoContext         *context;       /* the caller's (a ref) or our own; NULL until a draw */
  PangoFontDescription *tick_font;     /* NULL until the first draw, and after a font change */
  PangoFontDescription *title_font;
  PangoLayout          *title_layout;
  PangoLayout          *x_label_layout;
  PangoLayout          *probe_layout;  /* "0123456789": the height and width of digits */
  GPtrArray            *tick_layouts;  /* a pool, reused in order every frame */
  GPtrArray            *legends;       /* a layout per series: "train loss 0.0423" */
  gboolean              own_context;   /* ours, so updated to each cairo_t drawn on */
  ContextTarget         synced;        /* what our context was last set up for */

  /* scratch for the series, kept between frames so that a frame allocates nothing */
  AdjChartTrace         trace;         /* one series' vertices */
  AdjStrokeMask        *mask;          /* the series' own rasteriser */

  /* settings */
  gboolean              log_scale;
  gboolean              dark;
  double                font_scale;
  double                scale_factor;  /* 0: unknown */

  AdjChartFrame         frame;
};

static inline AdjChartSeries *
adj_chart_model_series (AdjChartModel *self, guint i)
{
  return g_ptr_array_index (self->series, i);
}

/* Drops every cached layout and font: after a font-scale change, or when the Pango context
 * is replaced (a widget's new root or font setting). They come back on the next draw. */
void adj_chart_model_reset_text (AdjChartModel *self);

G_END_DECLS
