/* adj-stroke-mask.h: the chart's own line rasteriser. It draws a round-capped, round-joined,
 * dashed polyline into an A8 mask of the plot's pixels and paints one colour through it, as
 * cairo_stroke() would, in a fraction of the time (see adj-stroke-mask.c for the figures).
 * It works only where the pixels are known (an image surface, or a recording played back at
 * a known scale factor); adj_stroke_mask_plan() says so, and elsewhere the caller strokes.
 *
 *   AdjStrokePlan plan;
 *
 *   if (adj_stroke_mask_plan (cr, scale_factor, &plot, line_width, &plan) &&
 *       adj_stroke_mask_prepare (mask, &plan, line_width))
 *     {
 *       cairo_identity_matrix (cr);   // the mask is placed in the target's own units
 *       cairo_set_source_rgb (cr, r, g, b);
 *       adj_stroke_mask_paint (mask, cr, &plan, trace.xy, trace.len, line_width, dashes, n);
 *     }
 *   else
 *     ... cairo_stroke () the same polyline ...
 */
#pragma once

#include <glib.h>
#include <cairo.h>
#include "ui/draw/adj-chart-scale.h"

G_BEGIN_DECLS

/* The mask's pixels and the drawing's user space. */
typedef struct {
  double scale;                /* mask pixels per user unit */
  double dx, dy;               /* a user point's mask pixel is scale · (x, y) + (dx, dy) */
  int    width, height;        /* of the mask */
  double device_scale;         /* the mask's, so that a pixel is one of the target's */
  double paint_x, paint_y;     /* where the mask goes in the target's unscaled user space */
} AdjStrokePlan;

typedef struct _AdjStrokeMask AdjStrokeMask;

AdjStrokeMask *adj_stroke_mask_new     (void);
void           adj_stroke_mask_free    (AdjStrokeMask *self);
/* Lets go of the mask's pixels (an export's may be big); they come back when needed. */
void           adj_stroke_mask_drop    (AdjStrokeMask *self);

/* Whether lines @line_width wide (in user units) over @plot can be rasterised for @cr, and
 * how, into @plan. An image, unrotated and unskewed, gives its pixels; a recording (a GTK
 * render node) is played back later at @scale_factor, if not 0; anything else (a vector
 * file, a rotation, a huge plot, a very wide line) is FALSE: stroke with cairo. */
gboolean       adj_stroke_mask_plan    (cairo_t *cr, double scale_factor, const AdjChartRect *plot,
                                        double line_width, AdjStrokePlan *plan);
/* The mask and the pre-drawn discs for @plan and @line_width; FALSE if cairo cannot make the
 * mask. Allocates only when the plot's size or the line width changes. */
gboolean       adj_stroke_mask_prepare (AdjStrokeMask *self, const AdjStrokePlan *plan,
                                        double line_width);
/* Draws the polyline @xy (@len doubles: x, y pairs in user units, x NaN ending a run) with
 * round caps and joins, dashed by @dashes (@n_dashes lengths in line widths, 0 for a solid
 * line; each run starts the pattern afresh), and paints @cr's source through it. @cr's
 * matrix must be the identity (the unscaled user space of @plan). */
void           adj_stroke_mask_paint   (AdjStrokeMask *self, cairo_t *cr, const AdjStrokePlan *plan,
                                        const double *xy, gsize len, double line_width,
                                        const double *dashes, int n_dashes);

G_END_DECLS
