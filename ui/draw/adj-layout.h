/* adj-layout.h: where a graph's nodes and edges go, from Graphviz's dot (left to right, layered). */
#pragma once

#include "core/graph.h"
#include "core/trace-fold.h"
#include "ui/draw/adj-text-fit.h"

G_BEGIN_DECLS

typedef AdjRect AdjBox;     /* a node's box, top-left origin, in points */

typedef struct {
  AgId     from, to;       /* input → consumer */
  guint    slot;
  guint    n_points;       /* a cubic Bézier chain: 1 + 3k points */
  double  *points;         /* x0, y0, x1, y1, …; owned */
} AdjEdgePath;

/* Which Graphviz engine lays a graph out (adj_layout_engine_for()). dot's layered drawing reads
 * best (values flow left to right) but its crossing minimisation and ranking grow faster than
 * the graph: a few seconds at 2,000 nodes, minutes past that. */
typedef enum {
  ADJ_LAYOUT_DOT,        /* dot as it is: every lesson */
  ADJ_LAYOUT_DOT_FAST,   /* dot with its iterations limited (newrank, mclimit, nslimit), no
                          * spline routing: still layered, more crossings */
  ADJ_LAYOUT_SFDP,       /* sfdp, multiscale force-directed: seconds for any size the window
                          * takes, but values no longer flow left to right */
} AdjLayoutEngine;

/* Drawn nodes up to which each engine is used; past ADJ_LAYOUT_FAST_MAX, sfdp. Measured on the
 * bench's tangled DAG (docs/performance.md, `adjoint bench --scaling --engine …`, a loaded
 * machine): dot took 0.3–0.8 s at 500 nodes, 4.8–8 s at 1,000 and 55 s at 2,000; limited,
 * 0.56 s and 3–8 s; sfdp 1–8 s up to 10,000. Every lesson is far below 500. */
#define ADJ_LAYOUT_DOT_MAX    500u
#define ADJ_LAYOUT_FAST_MAX  2000u

/* The most nodes the window and `adjoint export` draw: sfdp lays 10,000 out in seconds, and a
 * frame of them stays under 16 ms by level of detail (adj-lod.h). */
#define ADJ_LAYOUT_MAX_NODES 10000u

/* The engine for a graph of @n_drawn drawn nodes. Pure. */
AdjLayoutEngine adj_layout_engine_for (guint n_drawn);
/* "dot", "dot (limited)", "sfdp". */
const char     *adj_layout_engine_name (AdjLayoutEngine engine);

typedef struct {
  GArray  *boxes;          /* AdjBox, indexed by node id */
  GArray  *edges;          /* AdjEdgePath, in graph order (consumer, then slot) */
  double   width, height;  /* the drawing's bounding box */
  double   font_scale;     /* the text size the boxes were measured for (0 reads as 1) */
  /* Folded calls (issue 18, adj_layout_new_folded()); all NULL when every node is drawn. */
  guint8  *hidden;         /* per node: TRUE when it sits inside a folded call, not drawn */
  guint   *stands_for;     /* per node: the folded call its box stands for, or AG_NO_CALL */
  GArray  *frames;         /* AdjCallFrame (adj-fold-frame.h): the open calls' frames */
  gboolean *open;          /* per call: open (a copy of what the layout was made with) */
  AdjLayoutEngine engine;  /* what laid it out */
  char    *note;           /* for people when a faster engine stood in for dot, else NULL;
                            * owned */
} AdjLayout;

/* Lays out every node of @graph with the dot engine; boxes are sized for the node's text as
 * measured (Pango) in the scene's fonts at @font_scale (1 = 100 %, the desktop's Text Size),
 * its numbers as the graph holds them after its run (at least a typical "−0.0000").
 * Thread-safe: layouts run one at a time (Graphviz keeps global state) in one shared context.
 * Returns NULL with @error set when Graphviz fails. Owned by the caller. */
AdjLayout *adj_layout_new_scaled (const AgGraph *graph, double font_scale, GError **error);
/* The same with calls folded (issue 18): a call that @open leaves folded is one box, its
 * output's, titled with the call (adj_fold_box_title()), with an edge from each argument; the
 * nodes inside it are hidden (zero-sized boxes at its box, no edges). An open call's drawn
 * nodes are kept together (a Graphviz cluster) and framed (layout->frames). @open NULL folds
 * every call. A graph without calls gets the plain layout. */
AdjLayout *adj_layout_new_folded (const AgGraph *graph, AgOpenCalls open, double font_scale,
                                  GError **error);
/* TRUE when node @id is drawn (not folded away inside a call). */
static inline gboolean adj_layout_node_drawn (const AdjLayout *l, AgId id) { return l->hidden == NULL || !l->hidden[id]; }
/* The same at font scale 1. */
AdjLayout *adj_layout_new  (const AgGraph *graph, GError **error);
/* adj_layout_new_scaled() with @engine whatever the size (the bench's scaling table). */
AdjLayout *adj_layout_new_with_engine (const AgGraph *graph, double font_scale,
                                       AdjLayoutEngine engine, GError **error);
void       adj_layout_free (AdjLayout *layout);   /* NULL-safe */

/* Moves node @id's box so its top-left corner is at (@x, @y) and re-routes the edges that
 * touch it as smooth curves from the input's right side to the consumer's left side; the
 * drawing's bounding box grows to hold it. */
void       adj_layout_move_node (AdjLayout *layout, const AgGraph *graph, AgId id, double x, double y);

/* Wraps a long thin layout (wider than twice @aspect, width / height) into rows like lines of
 * text, each left to right, the number of rows chosen for the shape nearest @aspect: columns
 * of boxes (dot's ranks) stay whole and in order, edges within a row move with it, and an edge
 * from the end of a row to a later row runs through the gap below, in a lane of its own. The
 * drawing starts again at (0, 0). Returns the number of rows (1: left as it was). Pure;
 * adj_layout_new() calls it with 16:9. */
guint      adj_layout_wrap (AdjLayout *layout, double aspect);

/* Moves every drawn box (not @hidden, which may be NULL) to the nearest free cell of a grid
 * about twice as many cells as boxes, each cell the largest box and a gap, scaled from where the
 * boxes are: no two boxes overlap and neighbours stay near. Edges become straight lines between
 * the boxes' borders; the drawing starts at (0, 0). Pure; adj_layout_new() calls it on sfdp's
 * drawings. */
void       adj_layout_grid_snap (AdjLayout *layout, const guint8 *hidden);

/* The point at fraction @t (0…1) along @edge, for a value or an adjoint travelling on it. */
void       adj_edge_path_point (const AdjEdgePath *edge, double t, double *x, double *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdjLayout, adj_layout_free)

G_END_DECLS
