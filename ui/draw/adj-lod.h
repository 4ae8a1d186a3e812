/* adj-lod.h: level of detail: how much of a graph a frame draws at the size it shows it. A
 * map drops its labels and then its outlines as it zooms out; so does the canvas, so a fitted
 * frame of 10,000 nodes costs what the pixels it covers cost, not what 10,000 labels do. */
#pragma once

#include <cairo.h>
#include "ui/draw/adj-layout.h"

G_BEGIN_DECLS

typedef enum {
  ADJ_LOD_FULL,    /* boxes, curves with arrowheads, every label */
  ADJ_LOD_BOXES,   /* the same without text: an 11 pt label would be under 3 px high */
  ADJ_LOD_PLAIN,   /* each box a plain filled rectangle (no outline, no rounded corners), one
                    * path per colour; each edge one-pixel straight lines, no arrowhead */
} AdjLod;

/* Device pixels per point below which text is not drawn: an 11 pt label under 3 px high. */
#define ADJ_LOD_TEXT_MIN_SCALE 0.27
/* A scalar box's height on screen (ADJ_NODE_H at the layout's font scale) below which boxes are
 * plain rectangles: under 16 px a rounded outline is a smudge. */
#define ADJ_LOD_PLAIN_BOX_PX 16.0

/* The level for a frame drawn at @px_per_pt device pixels per layout point, for boxes measured
 * at @font_scale (0 reads as 1). @vector: a PDF or SVG, which its reader zooms into: always
 * FULL. Pure. */
AdjLod adj_lod_for (double px_per_pt, double font_scale, gboolean vector);

/* TRUE for a PDF, SVG or PostScript target, which a reader zooms into; FALSE for pixels: an
 * image, or a recording (the canvas's GTK node, played back as pixels). */
gboolean adj_lod_target_is_vector (cairo_surface_t *target);

/* The class of fill a node's box takes (the scene's palette maps it to a colour). */
typedef enum {
  ADJ_LOD_FILL_BOX,
  ADJ_LOD_FILL_INPUT,
  ADJ_LOD_FILL_OUTPUT,
  ADJ_LOD_FILL_CONST,
  ADJ_LOD_N_FILLS
} AdjLodFill;

AdjLodFill adj_lod_fill_of (const AgNode *n);

/* Adds to @cr's path a rectangle for every drawn node of fill @fill whose box meets the
 * rectangle (@x1, @y1)–(@x2, @y2) (layout coordinates), except @skip_a and @skip_b (drawn
 * separately: the selection, the step's receiver). Returns how many. */
guint  adj_lod_add_boxes (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                          AdjLodFill fill, double x1, double y1, double x2, double y2,
                          AgId skip_a, AgId skip_b);

/* Fills every drawn box under the clip but @skip_a and @skip_b, one path per fill: its fill's
 * colour (@fills, by AdjLodFill) taken 65 % of the way to the @outline colour it has in full. */
void   adj_lod_fill_boxes (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                           const double *const *fills, const double *outline, AgId skip_a,
                           AgId skip_b);

/* A function saying whether edge @i is drawn by the caller instead (the step's, the hovered). */
typedef gboolean (*AdjLodEdgeSkip) (guint i, const AdjEdgePath *e, gpointer data);

/* Paints every edge of @layout but those @skip names as one-pixel straight lines through the
 * ends of its cubic segments (an edge wrapped to a later row keeps to its lane), in @cr's current source, through an A8 mask of the target's pixels
 * under the clip: cairo's stroker took 50–100 ms for the 17,000 lines of a 10,000-node graph,
 * this a few. The mask is kept between frames (it is reallocated only when the view's size
 * changes); main thread only. Returns the number of lines drawn. */
guint  adj_lod_paint_lines (cairo_t *cr, const AdjLayout *layout, AdjLodEdgeSkip skip,
                            gpointer data);

G_END_DECLS
