/* autograd.c: the passes over a graph: forward, zero-grad, backward (reverse mode), forward
 * mode (tangents) and a whole run, each optionally recorded step by step in a trace. */
#include "core/autograd.h"
#include "core/ops.h"

#include <math.h>
#include <string.h>

void
ag_graph_forward (AgGraph *graph, AgTrace *trace)
{
  const guint n_nodes = graph->nodes->len;

  for (AgId id = 0; id < n_nodes; id++)
    {
      const AgNode *n = ag_graph_node (graph, id);
      if (n->op == AG_OP_LEAF)
        continue;
      ag_op_forward_node (graph, n);
      if (trace)
        ag_trace_append (trace, AG_STEP_FORWARD, AG_NO_ID, id, 0, n->size, NULL,
                         graph->values + n->offset);
    }
}

void
ag_graph_zero_grad (AgGraph *graph, AgTrace *trace)
{
  if (graph->n_elements > 0)   /* an empty graph has no buffers yet (grads is NULL) */
    memset (graph->grads, 0, graph->n_elements * sizeof (double));
  if (trace)
    ag_trace_append (trace, AG_STEP_ZERO_GRAD, AG_NO_ID, AG_NO_ID, 0, 0, NULL, NULL);
}

/* One edge of a traced pass: appends the step for @from→@to with what the sender holds (@src),
 * computes into the trace what the receiver gets from @product (a vjp or a jvp: they share a
 * signature), adds it into @dst, and records the sum and the scalar local derivative. So the
 * trace holds exactly the numbers the pass adds. */
static void
trace_edge (AgGraph *g, AgTrace *trace, AgStepKind kind, AgId from, AgId to, const AgNode *u,
            guint slot, AgVjpFunc product, const double *src, guint src_size, double *dst,
            guint dst_size)
{
  AgStep *step = ag_trace_append (trace, kind, from, to, slot, dst_size, NULL, NULL);
  const gsize delta_at = step->delta, after_at = step->after;
  double *delta;
  double local = NAN;

  step->sent = trace->data->len;
  g_array_append_vals (trace->data, src, src_size);
  delta = &g_array_index (trace->data, double, delta_at);
  product (g, u, slot, src, delta);
  for (guint i = 0; i < dst_size; i++)
    dst[i] += delta[i];
  memcpy (&g_array_index (trace->data, double, after_at), dst, dst_size * sizeof (double));
  if (src_size == 1 && dst_size == 1)
    {
      const double one = 1.0;
      local = 0.0;
      product (g, u, slot, &one, &local);
    }
  g_array_index (trace->steps, AgStep, trace->steps->len - 1).local = local;
}

/* How backward_pass() finds the computed nodes' adjoints: holding anything (it zeroes them
 * first), zeroed by the caller, or marked unwritten by ag_graph_run(), whose first contribution
 * then stores. */
typedef enum { ADJOINTS_ANY, ADJOINTS_ZEROED, ADJOINTS_UNWRITTEN } Adjoints;

/* Sends ū·∂u/∂v from @u's adjoint @gout to input @slot's, storing when nothing has yet. */
static inline void
send (AgGraph *graph, const AgNode *u, guint slot, AgId vid, const double *gout, double *gin)
{
  AgNode *v = &g_array_index (graph->nodes, AgNode, vid);

  if (v->adjoint_unwritten)
    {
      v->adjoint_unwritten = FALSE;
      ag_op_vjp_set_node (graph, u, slot, gout, gin);
    }
  else
    ag_op_vjp_node (graph, u, slot, gout, gin);
}

static gboolean
backward_pass (AgGraph *graph, AgTrace *trace, Adjoints adjoints, GError **error)
{
  const AgId out = graph->output;
  const AgNode *on;

  g_return_val_if_fail (graph != NULL, FALSE);
  if (out == AG_NO_ID)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_NOT_SCALAR, "the graph has no output");
      return FALSE;
    }
  on = ag_graph_node (graph, out);
  if (on->size != 1)
    {
      g_autofree char *shape = ag_shape_to_string (on->shape);
      const char *name = ag_graph_display_name (graph, out);
      ag_set_error_at (error, AG_ERROR_NOT_SCALAR, on->line, on->col, on->len,
                       "backward needs a scalar output, but %s has shape %s: reduce it, "
                       "e.g. with sum(%s) or mean(%s)", name, shape, name, name);
      return FALSE;
    }

  /* As in PyTorch, leaves accumulate (+=) over backward passes until zeroed, while the
   * adjoints of computed nodes belong to this pass alone. */
  for (AgId id = 0; adjoints == ADJOINTS_ANY && id <= out; id++)
    {
      const AgNode *n = ag_graph_node (graph, id);
      if (n->op == AG_OP_LEAF)
        continue;
      if (n->size == 1)            /* most nodes of a scalar lesson: no call */
        graph->grads[n->offset] = 0.0;
      else
        memset (graph->grads + n->offset, 0, n->size * sizeof (double));
    }
  /* Seed: the output's adjoint starts at 1. */
  if (on->adjoint_unwritten)
    {
      g_array_index (graph->nodes, AgNode, out).adjoint_unwritten = FALSE;
      graph->grads[on->offset] = 1.0;
    }
  else
    graph->grads[on->offset] += 1.0;
  if (trace)
    ag_trace_append (trace, AG_STEP_SEED, AG_NO_ID, out, 0, 1, graph->grads + on->offset,
                     graph->grads + on->offset);

  /* Reverse topological order: every consumer of a node comes after it, so when we reach u
   * its adjoint is complete. Nodes that do not lead to the output are not part of the
   * backward graph (as in PyTorch) and edges into constants and data carry nothing. */
  for (AgId id = out + 1; id-- > 0;)
    {
      const AgNode *u = ag_graph_node (graph, id);
      const double *gout;

      if (u->op == AG_OP_LEAF || !u->needs_grad || !u->reaches_output)
        continue;
      gout = graph->grads + u->offset;
      for (guint slot = 0; slot < u->n_inputs; slot++)
        {
          AgId vid = ag_graph_input (graph, u, slot);
          const AgNode *v = ag_graph_node (graph, vid);
          double *gin = graph->grads + v->offset;

          if (!v->needs_grad)
            continue;
          if (trace)
            trace_edge (graph, trace, AG_STEP_BACKWARD, id, vid, u, slot, ag_op_info (u->op)->vjp,
                        gout, u->size, gin, v->size);
          else if (adjoints == ADJOINTS_UNWRITTEN)
            send (graph, u, slot, vid, gout, gin);
          else
            ag_op_vjp_node (graph, u, slot, gout, gin);
        }
    }
  return TRUE;
}

gboolean
ag_graph_backward (AgGraph *graph, AgTrace *trace, GError **error)
{
  return backward_pass (graph, trace, ADJOINTS_ANY, error);
}

gboolean
ag_graph_forward_mode (AgGraph *graph, AgId wrt, guint element, AgTrace *trace, GError **error)
{
  const guint n_nodes = graph->nodes->len;
  const AgNode *w;

  g_return_val_if_fail (graph != NULL, FALSE);
  if (wrt >= n_nodes || !ag_node_is_differentiable_leaf (ag_graph_node (graph, wrt)))
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT,
                   "forward mode needs an input or parameter to differentiate with respect to");
      return FALSE;
    }
  w = ag_graph_node (graph, wrt);
  if (element >= w->size)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "%s has %u element%s; there is no element %u",
                   ag_graph_display_name (graph, wrt), w->size, w->size == 1 ? "" : "s", element);
      return FALSE;
    }

  memset (graph->tangents, 0, graph->n_elements * sizeof (double));
  graph->tangents[w->offset + element] = 1.0;
  for (AgId id = 0; id < n_nodes; id++)
    ag_graph_node (graph, id)->on_tangent = id == wrt;
  if (trace)
    {
      AgStep *step = ag_trace_append (trace, AG_STEP_TANGENT_SEED, AG_NO_ID, wrt, element, w->size,
                                      graph->tangents + w->offset, graph->tangents + w->offset);
      step->slot = element;
    }

  /* A tangent can be non-zero only downstream of `wrt`, which starts after it. */
  for (AgId id = wrt + 1; id < n_nodes; id++)
    {
      AgNode *u = ag_graph_node (graph, id);
      const AgOpInfo *info;
      double *tout;

      if (u->op == AG_OP_LEAF)
        continue;
      info = ag_op_info (u->op);
      tout = graph->tangents + u->offset;
      for (guint slot = 0; slot < u->n_inputs; slot++)
        {
          AgId vid = ag_graph_input (graph, u, slot);
          const AgNode *v = ag_graph_node (graph, vid);
          const double *tin = graph->tangents + v->offset;

          if (!v->on_tangent)
            continue;
          u->on_tangent = TRUE;
          if (trace)
            trace_edge (graph, trace, AG_STEP_TANGENT, vid, id, u, slot, info->jvp, tin, v->size,
                        tout, u->size);
          else
            info->jvp (graph, u, slot, tin, tout);
        }
    }
  return TRUE;
}

/* Zeroes the leaves' adjoints and marks every computed node's unwritten (ag_graph_run()). */
static void
mark_unwritten (AgGraph *graph)
{
  for (AgId id = 0; id < graph->nodes->len; id++)
    {
      AgNode *n = &g_array_index (graph->nodes, AgNode, id);

      n->adjoint_unwritten = n->op != AG_OP_LEAF;
      if (n->op == AG_OP_LEAF)
        memset (graph->grads + n->offset, 0, n->size * sizeof (double));
    }
}

/* Zeroes what no edge wrote: nodes off every path to the output, or all on an error. */
static void
zero_unwritten (AgGraph *graph)
{
  for (AgId id = 0; id < graph->nodes->len; id++)
    {
      AgNode *n = &g_array_index (graph->nodes, AgNode, id);

      if (n->adjoint_unwritten)
        memset (graph->grads + n->offset, 0, n->size * sizeof (double));
      n->adjoint_unwritten = FALSE;
    }
}

/* Below this many elements one memset of every adjoint costs less than the bookkeeping of
 * which were written (a scalar lesson, W1–W3). */
#define RUN_STORE_MIN_ELEMENTS 8192

gboolean
ag_graph_run (AgGraph *graph, AgTrace *trace, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (graph != NULL, FALSE);
  if (trace != NULL || graph->n_elements < RUN_STORE_MIN_ELEMENTS)
    {
      /* One memset of every adjoint, so backward need not zero the computed ones again; the
       * trace records each contribution as a sum onto what was there. */
      ag_graph_zero_grad (graph, NULL);
      ag_graph_forward (graph, trace);
      return backward_pass (graph, trace, ADJOINTS_ZEROED, error);
    }
  /* Untraced and large (a training step): each computed node's first contribution stores, so no
   * memset of every adjoint and no read of it in that first kernel (they were an eighth of
   * a W5 step). */
  mark_unwritten (graph);
  ag_graph_forward (graph, NULL);
  ok = backward_pass (graph, NULL, ADJOINTS_UNWRITTEN, error);
  zero_unwritten (graph);
  return ok;
}
