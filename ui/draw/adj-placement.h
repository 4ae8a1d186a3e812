/* adj-placement.h: where a badge or a hover label goes so that it covers no node, no other
 * label, and stays inside what the target shows. Pure geometry: no Cairo, no GTK. */
#pragma once

#include "ui/draw/adj-layout.h"

G_BEGIN_DECLS

/* The most labels one frame places (sum badge, paths badge, hover); more are not tracked. */
#define ADJ_PLACEMENT_MAX_PLACED 8

/* What a label must keep clear of: the nodes' boxes and the edges' lines. */
typedef struct {
  const AdjBox      *boxes;
  guint              n_boxes;
  const AdjEdgePath *edges;     /* may be NULL when @n_edges is 0 */
  guint              n_edges;
} AdjPlacementScene;

/* Chooses where a @w × @h label goes near @anchor (a node's box, or a zero-sized rectangle at a
 * point on an edge): the first of the candidates around it (above, below, right, left, the four
 * diagonals; then the same twice further out), @gap apart from the anchor, that overlaps none of
 * @scene's boxes, crosses none of its edge lines, overlaps none of @n_placed @placed labels, and
 * lies inside @visible. When none is free, the candidate with the least covered area (a part
 * outside @visible counts as covered; an edge line counts as a strip 3 wide).
 * The result always lies inside @visible (clamped; a label larger than @visible keeps its top
 * left corner inside). The boxes may include @anchor itself: candidates never overlap it. */
AdjRect adj_placement_place (double w, double h, const AdjRect *anchor, double gap,
                             const AdjPlacementScene *scene,
                             const AdjRect *placed, guint n_placed, const AdjRect *visible);
/* The length of @edge's line inside @r (sampled along its Bézier segments). */
double  adj_placement_edge_length_inside (const AdjRect *r, const AdjEdgePath *edge);

/* A label placed away from its @anchor box (further than @gap and a half from it) needs a leader
 * line to say whose it is: TRUE with the line from the label's side nearest the anchor
 * (@x1, @y1) to the anchor's nearest point (@x2, @y2); FALSE when the label sits beside it. */
gboolean adj_placement_leader (const AdjRect *label, const AdjRect *anchor, double gap,
                               double *x1, double *y1, double *x2, double *y2);

/* The area @a and @b share (0 when they do not overlap). */
double  adj_rect_overlap (const AdjRect *a, const AdjRect *b);

G_END_DECLS
