/* trace-fold.h: the trace as a reader sees it when calls are folded (issue 18, item 2).
 *
 * A folded call is drawn as one box: the node it returns stands for it, its inside is hidden.
 * Its steps fold with it, as a pure transformation of the unfolded trace:
 *  - forward: the inner nodes' steps are dropped; the output's own step stays, so the call's
 *    value arrives in one step;
 *  - backward: the inner steps are dropped, and what flowed out of the call into each node
 *    outside it (an argument) is summed into one step from the call's output to that node, at
 *    the place of the last contribution it sums: the vector–Jacobian product of the call.
 * An open call shows its inside, whose own calls fold independently. Whatever is folded, the
 * sum of the contributions into a node and its adjoint after each step are those of the
 * unfolded trace (the tests check this). */
#pragma once

#include "core/graph-calls.h"
#include "core/trace.h"

G_BEGIN_DECLS

/* Which calls are open: a gboolean per call of the graph (ag_graph_n_calls()), TRUE for open.
 * NULL stands for every call folded. */
typedef const gboolean *AgOpenCalls;

/* The outermost folded call that made node @id (its box on the canvas), or AG_NO_CALL when
 * @id is drawn as itself (made outside every folded call). */
guint    ag_fold_node_box      (const AgGraph *graph, AgOpenCalls open, AgId id);
/* The node that stands for folded call @call: its output when its body made it, else
 * AG_NO_ID (a function returning an argument has no box of its own). */
AgId     ag_fold_call_node     (const AgGraph *graph, guint call);
/* TRUE when node @id is drawn: made outside every folded call, or standing for one. */
gboolean ag_fold_node_visible  (const AgGraph *graph, AgOpenCalls open, AgId id);
/* The folded call node @id stands for (its output), or AG_NO_CALL: an ordinary node. */
guint    ag_fold_node_stands_for (const AgGraph *graph, AgOpenCalls open, AgId id);

typedef struct {
  AgTrace *trace;      /* the folded steps */
  GArray  *origin;     /* guint, per folded step: the unfolded step it is (or the last it sums) */
  GArray  *call;       /* guint, per folded step: the folded call whose summed step it is, or
                        * AG_NO_CALL for a step copied as it was */
} AgFoldedTrace;

/* The steps of @trace (of @graph) with the calls that @open leaves folded folded. Every call
 * open gives a copy of @trace. Owned by the caller. */
AgFoldedTrace *ag_trace_fold      (const AgTrace *trace, const AgGraph *graph, AgOpenCalls open);
void           ag_folded_trace_free (AgFoldedTrace *folded);   /* NULL-safe */
/* Takes the trace out of @folded and frees the rest. */
AgTrace       *ag_folded_trace_steal (AgFoldedTrace *folded);

/* Step @k's sentence, as ag_trace_describe_step_with() writes it, except for a folded call's
 * steps: "forward 5: h1 = neuron(x, w1, b1) = 0.7616" and
 * "backward 9: neuron sends h̄1 = 1 back to w1: w̄1 += h̄1 · ∂h1/∂w1 = 1 · 0.42 = 0.42 → w̄1 = 0.42".
 * Owned by the caller. */
char *ag_folded_trace_describe_step (const AgFoldedTrace *folded, const AgGraph *graph, guint k,
                                     gboolean every_element);

/* The open calls a file names ("neuron#2", …: AgGraphFile.open_calls, NULL-terminated, or
 * NULL for none), as a set for @graph; names of no call are ignored. Returns a gboolean array of ag_graph_n_calls() elements; free with g_free(). */
gboolean *ag_open_calls_from_names (const AgGraph *graph, const char *const *names);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgFoldedTrace, ag_folded_trace_free)

G_END_DECLS
