/* graph.c: the node arena and the forward, backward and tangent passes over it. */
#include "core/graph.h"
#include "core/ops.h"
#include "core/trace.h"

#include <math.h>
#include <string.h>

/* ---- errors with a location ---------------------------------------------------------- */

typedef struct {
  guint line, col, length;
} AgErrorPrivate;

static void
ag_error_private_init (AgErrorPrivate *priv)
{
  priv->line = priv->col = priv->length = 0;
}

static void
ag_error_private_copy (const AgErrorPrivate *src, AgErrorPrivate *dest)
{
  *dest = *src;
}

static void
ag_error_private_clear (AgErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (AgError, ag_error)

void
ag_set_error_at (GError **error, AgErrorCode code, guint line, guint col, guint length,
                 const char *format, ...)
{
  va_list args;
  GError *err;
  AgErrorPrivate *priv;

  if (error == NULL)
    return;
  va_start (args, format);
  err = g_error_new_valist (AG_ERROR, code, format, args);
  va_end (args);
  priv = ag_error_get_private (err);
  priv->line = line;
  priv->col = line ? MAX (col, 1) : 0;
  priv->length = line ? MAX (length, 1) : 0;
  g_propagate_error (error, err);
}

gboolean
ag_error_get_location (const GError *error, guint *line, guint *col, guint *length)
{
  AgErrorPrivate *priv = error && error->domain == AG_ERROR ? ag_error_get_private (error) : NULL;

  if (priv == NULL || priv->line == 0)
    return FALSE;
  if (line)
    *line = priv->line;
  if (col)
    *col = priv->col;
  if (length)
    *length = priv->length;
  return TRUE;
}

/* ---- shapes and roles ------------------------------------------------------------------ */

gboolean
ag_shape_equal (AgShape a, AgShape b)
{
  return a.ndim == b.ndim && a.rows == b.rows && a.cols == b.cols;
}

char *
ag_shape_to_string (AgShape s)
{
  switch (s.ndim)
    {
    case 0: return g_strdup ("scalar");
    case 1: return g_strdup_printf ("[%u]", s.cols);
    default: return g_strdup_printf ("[%u, %u]", s.rows, s.cols);
    }
}

const char *
ag_role_to_string (AgRole role)
{
  static const char *names[] = { "computed", "input", "param", "data", "const", "output" };

  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (names), "?");
  return names[role];
}

gboolean
ag_node_is_differentiable_leaf (const AgNode *node)
{
  return node->op == AG_OP_LEAF && (node->role == AG_ROLE_INPUT || node->role == AG_ROLE_PARAM);
}

/* ---- building -------------------------------------------------------------------------- */

AgGraph *
ag_graph_new (void)
{
  AgGraph *g = g_new0 (AgGraph, 1);

  g->nodes = g_array_new (FALSE, TRUE, sizeof (AgNode));
  g->edges = g_array_new (FALSE, FALSE, sizeof (AgId));
  g->output = AG_NO_ID;
  return g;
}

void
ag_graph_free (AgGraph *graph)
{
  if (graph == NULL)
    return;
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      AgNode *n = ag_graph_node (graph, i);
      g_free (n->name);
      g_free (n->label);
    }
  g_array_unref (graph->nodes);
  g_array_unref (graph->edges);
  g_free (graph->values);
  g_free (graph->grads);
  g_free (graph->tangents);
  g_free (graph->scratch);
  g_free (graph);
}

/* Reserves @size elements in the three buffers; returns the offset, or G_MAXSIZE past the bound. */
static gsize
graph_reserve (AgGraph *g, gsize size, GError **error)
{
  gsize offset = g->n_elements;

  if (g->nodes->len >= AG_MAX_NODES)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_LIMIT,
                   "the graph would have more than %u nodes", AG_MAX_NODES);
      return G_MAXSIZE;
    }
  if (size > AG_MAX_ELEMENTS || offset + size > AG_MAX_TOTAL)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_LIMIT,
                   "tensors this large are not supported (at most %u elements in one tensor, "
                   "%u in a graph)", AG_MAX_ELEMENTS, AG_MAX_TOTAL);
      return G_MAXSIZE;
    }
  if (offset + size > g->capacity)
    {
      gsize cap = MAX (64, g->capacity);
      while (cap < offset + size)
        cap *= 2;
      g->values = g_renew (double, g->values, cap);
      g->grads = g_renew (double, g->grads, cap);
      g->tangents = g_renew (double, g->tangents, cap);
      g->capacity = cap;
    }
  memset (g->values + offset, 0, size * sizeof (double));
  memset (g->grads + offset, 0, size * sizeof (double));
  memset (g->tangents + offset, 0, size * sizeof (double));
  g->n_elements = offset + size;
  return offset;
}

static AgId
graph_append (AgGraph *g, const AgNode *proto, GError **error)
{
  AgNode node = *proto;
  AgId id = g->nodes->len;
  const gsize size = ag_shape_size (node.shape);   /* checked before it can be narrowed */

  node.offset = graph_reserve (g, size, error);
  if (node.offset == G_MAXSIZE)
    return AG_NO_ID;
  node.size = (guint32) size;
  node.label = g_strdup_printf ("#%u", id);
  g_array_append_val (g->nodes, node);
  return id;
}

AgId
ag_graph_add_leaf (AgGraph *graph, AgRole role, AgShape shape, const double *data,
                   const char *name, GError **error)
{
  AgNode proto = { 0 };
  AgId id;

  g_return_val_if_fail (graph != NULL, AG_NO_ID);
  g_return_val_if_fail (role == AG_ROLE_INPUT || role == AG_ROLE_PARAM ||
                        role == AG_ROLE_DATA || role == AG_ROLE_CONST, AG_NO_ID);
  g_return_val_if_fail (shape.rows > 0 && shape.cols > 0, AG_NO_ID);

  proto.op = AG_OP_LEAF;
  proto.role = role;
  proto.shape = shape;
  proto.attr[0] = proto.attr[1] = -1;
  proto.needs_grad = role == AG_ROLE_INPUT || role == AG_ROLE_PARAM;
  id = graph_append (graph, &proto, error);
  if (id == AG_NO_ID)
    return AG_NO_ID;
  if (data)
    memcpy (ag_graph_value (graph, id), data, ag_shape_size (shape) * sizeof (double));
  if (name)
    ag_graph_set_name (graph, id, name);
  return id;
}

AgId
ag_graph_add_op (AgGraph *graph, AgOp op, const AgId *inputs, guint n_inputs,
                 const gint32 *attrs, GError **error)
{
  const AgOpInfo *info;
  AgShape in_shapes[8];
  g_autofree AgShape *heap_shapes = NULL;
  AgShape *shapes = in_shapes;
  AgNode proto = { 0 };
  AgId id;

  g_return_val_if_fail (graph != NULL, AG_NO_ID);
  g_return_val_if_fail (op > AG_OP_LEAF && op < AG_N_OPS, AG_NO_ID);
  g_return_val_if_fail (n_inputs == 0 || inputs != NULL, AG_NO_ID);

  info = ag_op_info (op);
  if (info->arity >= 0 ? n_inputs != (guint) info->arity : n_inputs == 0)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "%s takes %d input%s, got %u", info->name,
                   info->arity, info->arity == 1 ? "" : "s", n_inputs);
      return AG_NO_ID;
    }
  if (n_inputs > G_N_ELEMENTS (in_shapes))
    shapes = heap_shapes = g_new (AgShape, n_inputs);
  for (guint i = 0; i < n_inputs; i++)
    {
      g_return_val_if_fail (inputs[i] < graph->nodes->len, AG_NO_ID);
      shapes[i] = ag_graph_node (graph, inputs[i])->shape;
      proto.needs_grad |= ag_graph_node (graph, inputs[i])->needs_grad;
    }
  proto.attr[0] = attrs ? attrs[0] : -1;
  proto.attr[1] = attrs ? attrs[1] : -1;
  if (!info->infer (graph, shapes, n_inputs, proto.attr, &proto.shape, error))
    return AG_NO_ID;

  proto.op = op;
  proto.role = AG_ROLE_COMPUTED;
  proto.n_inputs = n_inputs;
  proto.first_input = graph->edges->len;
  id = graph_append (graph, &proto, error);
  if (id == AG_NO_ID)
    return AG_NO_ID;
  g_array_append_vals (graph->edges, inputs, n_inputs);
  if (op == AG_OP_MATMUL && ag_graph_node (graph, inputs[1])->size > graph->scratch_size)
    {
      /* matmul's vjp transposes its right operand here. */
      graph->scratch_size = ag_graph_node (graph, inputs[1])->size;
      graph->scratch = g_renew (double, graph->scratch, graph->scratch_size);
    }
  return id;
}

void
ag_graph_set_name (AgGraph *graph, AgId id, const char *name)
{
  AgNode *n;

  g_return_if_fail (graph != NULL && id < graph->nodes->len);
  n = ag_graph_node (graph, id);
  g_free (n->name);
  n->name = g_strdup (name);
}

void
ag_graph_set_label (AgGraph *graph, AgId id, const char *label)
{
  AgNode *n;

  g_return_if_fail (graph != NULL && id < graph->nodes->len);
  n = ag_graph_node (graph, id);
  g_free (n->label);
  n->label = label ? g_strdup (label) : g_strdup_printf ("#%u", id);
}

void
ag_graph_set_span (AgGraph *graph, AgId id, guint line, guint col, guint len)
{
  AgNode *n;

  g_return_if_fail (graph != NULL && id < graph->nodes->len);
  n = ag_graph_node (graph, id);
  n->line = line;
  n->col = col;
  n->len = len;
}

void
ag_graph_set_output (AgGraph *graph, AgId id)
{
  g_return_if_fail (graph != NULL && id < graph->nodes->len);
  if (graph->output != AG_NO_ID && ag_graph_node (graph, graph->output)->role == AG_ROLE_OUTPUT)
    ag_graph_node (graph, graph->output)->role = AG_ROLE_COMPUTED;
  graph->output = id;
  if (ag_graph_node (graph, id)->role == AG_ROLE_COMPUTED)
    ag_graph_node (graph, id)->role = AG_ROLE_OUTPUT;

  /* Which nodes lead to the output: one reverse sweep, since consumers come after inputs.
   * Nodes added later cannot lead to it, so this stays true as the graph grows. */
  for (AgId i = 0; i < graph->nodes->len; i++)
    ag_graph_node (graph, i)->reaches_output = i == id;
  for (AgId i = id + 1; i-- > 0;)
    {
      const AgNode *n = ag_graph_node (graph, i);
      if (!n->reaches_output)
        continue;
      for (guint slot = 0; slot < n->n_inputs; slot++)
        ag_graph_node (graph, ag_graph_input (graph, n, slot))->reaches_output = TRUE;
    }
}

AgId
ag_graph_lookup (const AgGraph *graph, const char *name)
{
  g_return_val_if_fail (graph != NULL && name != NULL, AG_NO_ID);
  for (guint i = graph->nodes->len; i-- > 0;)
    {
      const AgNode *n = ag_graph_node (graph, i);
      if (n->name && strcmp (n->name, name) == 0)
        return i;
    }
  return AG_NO_ID;
}

const char *
ag_graph_display_name (const AgGraph *graph, AgId id)
{
  const AgNode *n;

  g_return_val_if_fail (graph != NULL && id < graph->nodes->len, "?");
  n = ag_graph_node (graph, id);
  return n->name ? n->name : n->label;
}

/* ---- the passes ------------------------------------------------------------------------ */

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

/* @zero_computed: whether to zero the computed nodes' adjoints first (FALSE only when the
 * caller has just zeroed every adjoint, as ag_graph_run() does). */
static gboolean
backward_pass (AgGraph *graph, AgTrace *trace, gboolean zero_computed, GError **error)
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
  for (AgId id = 0; zero_computed && id <= out; id++)
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
          else
            ag_op_vjp_node (graph, u, slot, gout, gin);
        }
    }
  return TRUE;
}

gboolean
ag_graph_backward (AgGraph *graph, AgTrace *trace, GError **error)
{
  return backward_pass (graph, trace, TRUE, error);
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

gboolean
ag_graph_run (AgGraph *graph, AgTrace *trace, GError **error)
{
  /* One memset of every adjoint, so backward need not zero the computed ones again (that
   * second pass over every intermediate was a seventh of a training step). */
  g_return_val_if_fail (graph != NULL, FALSE);
  ag_graph_zero_grad (graph, NULL);
  ag_graph_forward (graph, trace);
  return backward_pass (graph, trace, FALSE, error);
}
