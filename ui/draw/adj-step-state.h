/* adj-step-state.h: what the canvas shows at player position k and fraction t, as a pure
 * function of (graph, trace, k, t): each node's value and adjoint on screen, how many of its
 * paths have arrived, which edges the current step uses, where its number travels and the
 * running sum it makes. No Cairo, no GTK: adj-scene.c paints this, tests read it. */
#pragma once

#include "core/trace.h"
#include "ui/draw/adj-layout.h"

G_BEGIN_DECLS

/* One node as the screen shows it. */
typedef struct {
  const double *value;    /* the value shown (the graph's or an optimizer's update), or NULL */
  const double *grad;     /* the adjoint or tangent shown, or NULL */
  guint         received; /* contributions (backward or tangent steps) arrived so far */
  guint         expected; /* contributions the whole trace brings: > 1 where paths meet */
} AdjNodeShown;

/* The state of one frame. Fill it with adj_step_state_compute(); the node array is reused
 * from frame to frame, so a frame allocates nothing once it has grown to the graph's size. */
typedef struct {
  guint         k;          /* steps done, at most the trace's length */
  double        t;          /* fraction of step k's animation, clamped to 0 … 1 (1 at k = 0) */
  const AgStep *current;    /* step k (1-based), the one animating, or NULL at k = 0 */
  gboolean      arrived;    /* the current step's number has reached its node */
  gboolean      tangents;   /* the trace is forward mode: "grad" reads "tangent" */
  gboolean      value_step; /* the current step moves a value (forward, update), not an adjoint */
  double        pulse;      /* 0 … 1: how strongly the receiving node glows */
  gboolean      in_flight;  /* a number is travelling on the current step's edges */
  double        fraction;   /* where it is along each edge's path (0 at the input's end) */
  gboolean      has_sum;    /* the receiving node shows a running sum (adj_step_state_sum_text) */
  guint         n_nodes;
  AdjNodeShown *nodes;      /* n_nodes entries, indexed by AgId */
  guint         capacity;
} AdjStepState;

void     adj_step_state_init    (AdjStepState *state);
void     adj_step_state_clear   (AdjStepState *state);   /* frees the node array */
/* Computes what position @k at fraction @t of @trace shows for @graph (k is clamped to the
 * trace's length). Allocates only when the graph has more nodes than any before. */
void     adj_step_state_compute (AdjStepState *state, const AgGraph *graph, const AgTrace *trace,
                                 guint k, double t);

/* TRUE when step @s carries something along @edge (forward: every edge into the node computed;
 * backward: the edge it runs back along; tangent: the edge it runs along). */
gboolean adj_step_uses_edge     (const AgStep *s, const AdjEdgePath *edge);
/* TRUE when the current step of @state uses @edge. */
gboolean adj_step_state_edge_active (const AdjStepState *state, const AdjEdgePath *edge);
/* The node that receives the current step's number, or AG_NO_ID. */
AgId     adj_step_state_receiver (const AdjStepState *state);
/* What travels on @edge while in_flight: the input's value (forward) or the contribution
 * (backward, tangent), with its shape in @shape. NULL when @edge is not active. */
const double *adj_step_state_carried (const AdjStepState *state, const AgGraph *graph,
                                      const AgTrace *trace, const AdjEdgePath *edge,
                                      AgShape *shape);
/* Writes the running sum the receiving node shows once the number arrives, in numbers for
 * people: "+= 1" for the first path, then every contribution gathered so far in the order it
 * arrived, "1 + 6 + 2 = 9" (a negative one subtracts: "1 − 6 = −5"), and past four terms
 * "1 + 6 + … + 2 = 15 (5 terms)". Read from the trace, allocating nothing. Needs has_sum. */
void     adj_step_state_sum_text (const AdjStepState *state, const AgTrace *trace, char *buf,
                                  gsize size);
/* Writes the paths badge of node @id, "1 of 2 paths", or "" when it shows none (a node reached
 * by one path, or one no contribution has reached yet). */
void     adj_step_state_paths_text (const AdjStepState *state, AgId id, char *buf, gsize size);

/* A number as the canvas shows it: four significant digits, so 0.7071067811865476 reads
 * 0.7071 and 0.9999999999999996 reads 1 (the inspector and the trace keep every digit).
 * Returns @buf or a constant string. */
const char *adj_format_compact (char buf[G_ASCII_DTOSTR_BUF_SIZE], double v);

G_END_DECLS
