/* autograd.h: the passes over a graph: forward, backward, forward mode and a whole run. */
#pragma once

#include "core/graph.h"
#include "core/trace.h"

G_BEGIN_DECLS

/* The passes. @trace may be NULL (the fast path, used in training); when given, each pass
 * appends its steps to it. None of them allocates except to grow @trace. */

/* Computes every node's value from its inputs. */
void     ag_graph_forward   (AgGraph *graph, AgTrace *trace);
/* Sets every adjoint to 0 (an explicit step, as in PyTorch: backward accumulates). */
void     ag_graph_zero_grad (AgGraph *graph, AgTrace *trace);
/* Seeds the output's adjoint with 1 and runs the vector-Jacobian products in reverse order.
 * As in PyTorch, the adjoints of leaves accumulate (+=) across calls until zeroed; those of
 * computed nodes are this pass's own. Needs a scalar output: otherwise AG_ERROR_NOT_SCALAR. */
gboolean ag_graph_backward  (AgGraph *graph, AgTrace *trace, GError **error);
/* Forward mode: zeroes tangents, sets element @element of leaf @wrt's tangent to 1, and runs the
 * Jacobian-vector products in order, so every tangent holds ∂node/∂wrt[element]. */
gboolean ag_graph_forward_mode (AgGraph *graph, AgId wrt, guint element, AgTrace *trace,
                                GError **error);
/* zero_grad, forward and backward in one call, zeroing each adjoint once: what `adjoint eval`
 * and a training step do. */
gboolean ag_graph_run       (AgGraph *graph, AgTrace *trace, GError **error);

G_END_DECLS
