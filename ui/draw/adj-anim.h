/* adj-anim.h: the geometry of the canvas and its animation, as pure functions: what a frame
 * shows at player position k and fraction t, where a travelling number is, and how the view
 * maps layout points to widget pixels. Tests call these without a display. */
#pragma once

#include "core/trace.h"
#include "ui/draw/adj-layout.h"

G_BEGIN_DECLS

/* Fractions of a step's animation: the number travels along its edge until ADJ_ANIM_ARRIVE,
 * then the receiving node shows "old + delta = new" until the step ends at 1. */
#define ADJ_ANIM_ARRIVE 0.6

/* Seconds one step takes at @speed (1 = normal, 0.25 … 4). */
double   adj_anim_step_seconds (double speed);
/* Smooth start and stop: 0 → 0, 1 → 1, flat at both ends. */
double   adj_anim_ease (double t);
/* Where the travelling number of a step of @kind is, as a fraction along its edge's path
 * (paths run from input to consumer), at animation fraction @t. Forward values and tangents
 * travel with the path; adjoints travel against it. */
double   adj_anim_token_fraction (AgStepKind kind, double t);
/* A number travelling an edge shorter than ADJ_ANIM_SHORT_EDGE points would barely move (a
 * 25-point pill on a 30-point edge): it starts up to ADJ_ANIM_REACH points inside the sending
 * node's box and lands as far inside the receiving one, so it is seen leaving and arriving. */
#define ADJ_ANIM_SHORT_EDGE 120.0
#define ADJ_ANIM_REACH      48.0
/* Where a number at @fraction (as adj_anim_token_fraction() gives) along @edge is drawn, with
 * @from and @to the boxes of the edge's input and consumer: on the path itself for an edge
 * ADJ_ANIM_SHORT_EDGE long or longer, else on the path extended into both boxes (towards their
 * centres), at the same fraction of the longer way. */
void     adj_anim_token_point (const AdjEdgePath *edge, const AdjBox *from, const AdjBox *to,
                               double fraction, double *x, double *y);
/* TRUE once the number has arrived and the receiving node shows its new value (t ≥ ARRIVE). */
gboolean adj_anim_arrived (double t);
/* How strongly (0 … 1) the receiving node is highlighted at @t: rises on arrival, then fades. */
double   adj_anim_pulse (double t);

/* A new layout after an edit (issue 19): the nodes move from where they were drawn to their new
 * places over ADJ_ANIM_MOVE_SECONDS, eased; a new node stands at its place from the start. */
#define ADJ_ANIM_MOVE_SECONDS 0.25
/* A copy of @layout to move (adj_anim_layout_move()): its size, boxes and edges, and its fold
 * marks for @n_calls calls; nothing else. Free with adj_layout_free(). */
AdjLayout *adj_anim_layout_copy (const AdjLayout *layout, guint n_calls);
/* Writes into @out (a copy of @to) the layout at @f (0: where the nodes were, 1: @to) of the
 * move from @from (each node's old top-left corner, x then y, NAN for a new node) to @to: a
 * box at its blend of both places, an edge's points carried by its two ends' moves (its start
 * by its input's, its end by its consumer's, between them in proportion), so it stays joined.
 * The bounding box holds both. Allocates nothing: one call a frame. */
void       adj_anim_layout_move (AdjLayout *out, const AdjLayout *to, const double *from, double f);

/* The view: widget = layout · zoom + pan. */
typedef struct {
  double zoom;
  double pan_x, pan_y;
} AdjView;

#define ADJ_VIEW_MIN_ZOOM 0.1
#define ADJ_VIEW_MAX_ZOOM 6.0

/* The view that shows all of a @layout_w × @layout_h drawing centred in a @width × @height
 * widget with @margin pixels around it, never zooming in past @max_zoom. */
AdjView  adj_view_fit (double layout_w, double layout_h, double width, double height,
                       double margin, double max_zoom);
/* Zooms by @factor keeping the layout point under widget point (@wx, @wy) where it is;
 * the zoom is clamped to [ADJ_VIEW_MIN_ZOOM, ADJ_VIEW_MAX_ZOOM]. */
void     adj_view_zoom_at (AdjView *view, double factor, double wx, double wy);
void     adj_view_to_layout (const AdjView *view, double wx, double wy, double *lx, double *ly);
void     adj_view_to_widget (const AdjView *view, double lx, double ly, double *wx, double *wy);

/* The node whose box contains layout point (@x, @y), topmost first, or AG_NO_ID. */
AgId     adj_layout_node_at (const AdjLayout *layout, double x, double y);
/* The index of the edge passing within @tolerance of (@x, @y) (closest wins), or -1. */
int      adj_layout_edge_near (const AdjLayout *layout, double x, double y, double tolerance);

G_END_DECLS
