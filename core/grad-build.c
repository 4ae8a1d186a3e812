/* grad-build.c: the vector–Jacobian product of each op written as graph nodes, and the walk
 * that chains them from y back to x (grad-build.h). Autograd's own backward pass (autograd.c)
 * runs the table's numeric kernels; this builds the same sums out of nodes instead, so they
 * can be drawn, stepped and differentiated again. */
#include "core/grad-build.h"
#include "core/ops.h"
#include "core/ops-text.h"

#include <string.h>

/* The labels the canvas draws for the nodes made here, cut as the parser cuts its own. */
#define GRAD_LABEL_MAX 80

static void
label_node (AgGraph *g, AgId id)
{
  g_autofree char *label = ag_op_describe_expression (g, id);

  if (g_utf8_strlen (label, -1) > GRAD_LABEL_MAX)
    strcpy (g_utf8_offset_to_pointer (label, GRAD_LABEL_MAX - 1), "…");
  ag_graph_set_label (g, id, label);
}

/* A node of @op over @a (and @b unless AG_NO_ID) with optional @attrs; AG_NO_ID propagates
 * a failure, so a VJP is one nested expression. */
static AgId
op_node (AgGraph *g, AgOp op, AgId a, AgId b, const gint32 *attrs, GError **error)
{
  const AgId in[2] = { a, b };
  AgId id;

  if (a == AG_NO_ID || (b == AG_NO_ID && ag_op_info (op)->arity == 2) ||
      (error != NULL && *error != NULL))
    return AG_NO_ID;
  id = ag_graph_add_op (g, op, in, ag_op_info (op)->arity == 2 ? 2 : 1, attrs, error);
  if (id != AG_NO_ID)
    label_node (g, id);
  return id;
}

static AgId
op2 (AgGraph *g, AgOp op, AgId a, AgId b, GError **error)
{
  return op_node (g, op, a, b, NULL, error);
}

static AgId
op1 (AgGraph *g, AgOp op, AgId a, GError **error)
{
  return op_node (g, op, a, AG_NO_ID, NULL, error);
}

/* A constant @value, shaped @shape (every element @value). */
static AgId
constant (AgGraph *g, AgShape shape, double value, GError **error)
{
  g_autofree double *data = NULL;
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  AgId id;

  if (error != NULL && *error != NULL)
    return AG_NO_ID;
  data = g_new (double, ag_shape_size (shape));
  for (gsize k = 0; k < ag_shape_size (shape); k++)
    data[k] = value;
  id = ag_graph_add_leaf (g, AG_ROLE_CONST, shape, data, NULL, error);
  if (id != AG_NO_ID)
    ag_graph_set_label (g, id, g_ascii_formatd (text, sizeof text, "%.17g", value));
  return id;
}

/* The sum of @grad (shaped like the node that broadcast its input) down to @to, the shape of
 * the input: what a broadcast sends back to the input it copied. */
static AgId
unbroadcast (AgGraph *g, AgId grad, AgShape to, GError **error)
{
  AgShape from;

  if (grad == AG_NO_ID)
    return AG_NO_ID;
  from = ag_graph_node (g, grad)->shape;
  if (ag_shape_equal (from, to))
    return grad;
  if (to.ndim == 0)
    return op_node (g, AG_OP_SUM, grad, AG_NO_ID, (const gint32[]) { -1, 0 }, error);
  if (to.rows == 1 && from.rows > 1 && to.cols == from.cols)
    return op_node (g, AG_OP_SUM, grad, AG_NO_ID, (const gint32[]) { 0, to.ndim == 2 }, error);
  if (to.cols == 1 && from.cols > 1 && to.rows == from.rows && to.ndim == 2)
    return op_node (g, AG_OP_SUM, grad, AG_NO_ID, (const gint32[]) { 1, 1 }, error);
  {
    g_autofree char *sf = ag_shape_to_string (from), *st = ag_shape_to_string (to);
    g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "grad cannot yet sum a gradient shaped %s "
                 "back to the shape %s it was broadcast from", sf, st);
  }
  return AG_NO_ID;
}

/* @n copies of @v stacked along @axis: a vector [m] becomes [n, m] (axis 0) or [m, n]
 * (axis 1). The table has no reshape; this is how a gradient is spread back along an axis. */
static AgId
copies (AgGraph *g, AgId v, guint n, gint32 axis, GError **error)
{
  g_autofree AgId *in = NULL;
  AgId id;

  if (v == AG_NO_ID || (error != NULL && *error != NULL))
    return AG_NO_ID;
  in = g_new (AgId, n);
  for (guint k = 0; k < n; k++)
    in[k] = v;
  id = ag_graph_add_op (g, AG_OP_STACK, in, n, (const gint32[]) { axis, 0 }, error);
  if (id != AG_NO_ID)
    label_node (g, id);
  return id;
}

/* The outer product p qᵀ of two vectors, [m, n]: n copies of p side by side, times q on
 * each row. */
static AgId
outer (AgGraph *g, AgId p, AgId q, GError **error)
{
  if (p == AG_NO_ID || q == AG_NO_ID)
    return AG_NO_ID;
  return op2 (g, AG_OP_MUL, copies (g, p, ag_graph_node (g, q)->size, 1, error), q, error);
}

/* ū of a sum or mean along an axis, sent back to every element it summed: shaped @in. */
static AgId
reduce_axis_vjp (AgGraph *g, const AgNode *n, AgShape in, AgId ubar, GError **error)
{
  const AgShape us = ag_graph_node (g, ubar)->shape;
  const double scale = n->op == AG_OP_SUM ? 1.0
                       : 1.0 / (in.ndim < 2 ? ag_shape_size (in)
                                : n->attr[0] == 0 ? in.rows : in.cols);
  AgId spread;

  if (in.ndim == 2 && us.ndim == 1)   /* the axis was dropped: put it back as copies */
    spread = copies (g, ubar, n->attr[0] == 0 ? in.rows : in.cols, n->attr[0], error);
  else                                /* a scalar or a kept axis broadcasts */
    spread = op2 (g, AG_OP_MUL, ubar, constant (g, in, 1, error), error);
  if (scale == 1.0)
    return spread;
  return op2 (g, AG_OP_MUL, spread, constant (g, AG_SHAPE_SCALAR, scale, error), error);
}

/* ū·∂(aᵇ)/∂(input @slot) of the power node @id, before it is summed back to that input. */
static AgId
pow_vjp (AgGraph *g, AgId id, guint slot, AgId ubar, GError **error)
{
  const AgNode *n = ag_graph_node (g, id);
  const AgId a = ag_graph_input (g, n, 0), b = ag_graph_input (g, n, 1);
  const AgShape one = AG_SHAPE_SCALAR;

  if (slot == 1)  /* ū·u·log(a) */
    return op2 (g, AG_OP_MUL, op2 (g, AG_OP_MUL, ubar, id, error), op1 (g, AG_OP_LOG, a, error),
                error);
  if (ag_graph_node (g, b)->role == AG_ROLE_CONST && ag_graph_node (g, b)->size == 1)
    {
      /* A written power: ū·b·a^(b−1) with b − 1 worked out, and 0 for x^0 as PyTorch
       * (masked_fill where the exponent is 0, not 0·0^−1). */
      const double e = ag_graph_value (g, b)[0];
      AgId r;

      if (e == 0)
        return op2 (g, AG_OP_MUL, ubar, constant (g, ag_graph_node (g, ubar)->shape, 0, error),
                    error);
      if (e == 1)
        return ubar;
      r = op2 (g, AG_OP_MUL, ubar, constant (g, one, e, error), error);
      return op2 (g, AG_OP_MUL, r, e == 2 ? a : op2 (g, AG_OP_POW, a,
                                                     constant (g, one, e - 1, error), error),
                  error);
    }
  /* ū·b·a^(b−1) */
  return op2 (g, AG_OP_MUL, op2 (g, AG_OP_MUL, ubar, b, error),
              op2 (g, AG_OP_POW, a, op2 (g, AG_OP_SUB, b, constant (g, one, 1, error), error),
                   error), error);
}

/* ū · ∂u/∂(input @slot) of node @id, as nodes; shaped like that input. */
static AgId
vjp_node (AgGraph *g, AgId id, guint slot, AgId ubar, GError **error)
{
  const AgNode n = *ag_graph_node (g, id);
  const AgId a = ag_graph_input (g, &n, 0);
  const AgId b = n.n_inputs > 1 ? ag_graph_input (g, &n, 1) : AG_NO_ID;
  const AgShape in = ag_graph_node (g, slot == 0 ? a : b)->shape;
  const AgShape one = AG_SHAPE_SCALAR;
  AgId r;

  switch (n.op)
    {
    case AG_OP_ADD:
      return unbroadcast (g, ubar, in, error);
    case AG_OP_SUB:
      return unbroadcast (g, slot == 0 ? ubar : op1 (g, AG_OP_NEG, ubar, error), in, error);
    case AG_OP_MUL:
      return unbroadcast (g, op2 (g, AG_OP_MUL, ubar, slot == 0 ? b : a, error), in, error);
    case AG_OP_DIV:
      if (slot == 0)
        return unbroadcast (g, op2 (g, AG_OP_DIV, ubar, b, error), in, error);
      /* −ū·a/b² = −ū·u/b */
      r = op2 (g, AG_OP_DIV, op2 (g, AG_OP_MUL, ubar, id, error), b, error);
      return unbroadcast (g, op1 (g, AG_OP_NEG, r, error), in, error);
    case AG_OP_NEG:
      return op1 (g, AG_OP_NEG, ubar, error);
    case AG_OP_POW:
      return unbroadcast (g, pow_vjp (g, id, slot, ubar, error), in, error);
    case AG_OP_EXP:
      return op2 (g, AG_OP_MUL, ubar, id, error);
    case AG_OP_LOG:
      return op2 (g, AG_OP_DIV, ubar, a, error);
    case AG_OP_SIN:
      return op2 (g, AG_OP_MUL, ubar, op1 (g, AG_OP_COS, a, error), error);
    case AG_OP_COS:
      return op1 (g, AG_OP_NEG, op2 (g, AG_OP_MUL, ubar, op1 (g, AG_OP_SIN, a, error), error),
                  error);
    case AG_OP_TAN:   /* ū·(1 + u²) */
      return op2 (g, AG_OP_MUL, ubar, op2 (g, AG_OP_ADD, constant (g, one, 1, error),
                                           op2 (g, AG_OP_MUL, id, id, error), error), error);
    case AG_OP_SQRT:  /* ū·0.5/u */
      return op2 (g, AG_OP_DIV, op2 (g, AG_OP_MUL, ubar, constant (g, one, 0.5, error), error),
                  id, error);
    case AG_OP_TANH:  /* ū·(1 − u²) */
      return op2 (g, AG_OP_MUL, ubar, op2 (g, AG_OP_SUB, constant (g, one, 1, error),
                                           op2 (g, AG_OP_MUL, id, id, error), error), error);
    case AG_OP_SIGMOID: /* ū·u·(1 − u) */
      return op2 (g, AG_OP_MUL, op2 (g, AG_OP_MUL, ubar, id, error),
                  op2 (g, AG_OP_SUB, constant (g, one, 1, error), id, error), error);
    case AG_OP_ABS:   /* ū·sign(a), sign = step(a) − step(−a): 0 at 0 and at NaN */
      return op2 (g, AG_OP_MUL, ubar, op2 (g, AG_OP_SUB, op1 (g, AG_OP_STEP, a, error),
                                           op1 (g, AG_OP_STEP, op1 (g, AG_OP_NEG, a, error),
                                                error), error), error);
    case AG_OP_RELU:  /* ū·step(u), PyTorch's threshold_backward(ū, u, 0) */
      return op2 (g, AG_OP_MUL, ubar, op1 (g, AG_OP_STEP, id, error), error);
    case AG_OP_STEP:  /* flat: nothing flows back, as for a comparison in PyTorch */
      return op2 (g, AG_OP_MUL, ubar, constant (g, in, 0, error), error);
    case AG_OP_SUM:
    case AG_OP_MEAN:
      if (n.attr[0] >= 0)
        return reduce_axis_vjp (g, &n, in, ubar, error);
      /* ū (one number) copied to every element: ū·1, and over n for the mean. */
      r = op2 (g, AG_OP_MUL, ubar, constant (g, in, n.op == AG_OP_SUM ? 1.0
                                                    : 1.0 / ag_shape_size (in), error), error);
      return r;
    case AG_OP_DOT:
      return op2 (g, AG_OP_MUL, ubar, slot == 0 ? b : a, error);
    case AG_OP_TRANSPOSE:
      return op1 (g, AG_OP_TRANSPOSE, ubar, error);
    case AG_OP_MATMUL:
      if (ag_graph_node (g, a)->shape.ndim != 2 || ag_graph_node (g, b)->shape.ndim != 2)
        {
          const gboolean a_vec = ag_graph_node (g, a)->shape.ndim < 2;
          const gboolean b_vec = ag_graph_node (g, b)->shape.ndim < 2;

          if (a_vec && b_vec)   /* v @ w is dot (v, w) */
            return op2 (g, AG_OP_MUL, ubar, slot == 0 ? b : a, error);
          /* A vector on one side: the matrix's gradient is an outer product. */
          if (slot == 0)        /* A @ v: ū vᵀ;  v @ B: B ū */
            return a_vec ? op2 (g, AG_OP_MATMUL, b, ubar, error) : outer (g, ubar, b, error);
          return b_vec ? op2 (g, AG_OP_MATMUL, ubar, a, error) : outer (g, a, ubar, error);
        }
      if (slot == 0)  /* ū @ Bᵀ */
        return op2 (g, AG_OP_MATMUL, ubar, op1 (g, AG_OP_TRANSPOSE, b, error), error);
      return op2 (g, AG_OP_MATMUL, op1 (g, AG_OP_TRANSPOSE, a, error), ubar, error);
    case AG_OP_MSE:   /* ±ū·2(a − b)/n, each side summed back to its shape */
      r = op2 (g, AG_OP_SUB, a, b, error);
      if (r == AG_NO_ID)
        return AG_NO_ID;
      r = op2 (g, AG_OP_MUL, op2 (g, AG_OP_MUL, ubar, r, error),
               constant (g, one, (slot == 0 ? 2.0 : -2.0) / ag_graph_node (g, r)->size, error),
               error);
      return unbroadcast (g, r, in, error);
    default:
      break;
    }
  if (error == NULL || *error == NULL)
    g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "grad cannot yet differentiate through "
                 "'%s'%s: its derivative has no builder made of ops (core/grad-build.c)",
                 ag_op_info (n.op)->name, n.attr[0] >= 0 && (n.op == AG_OP_SUM ||
                                                            n.op == AG_OP_MEAN)
                 ? " along an axis" : (n.op == AG_OP_MATMUL ? " with a vector operand" : ""));
  return AG_NO_ID;
}

/* relevant[id]: node @id lies on a path from @x to @y, so it gets an adjoint. */
static gboolean *
nodes_between (const AgGraph *g, AgId y, AgId x)
{
  gboolean *depends = g_new0 (gboolean, y + 1), *reaches = g_new0 (gboolean, y + 1);

  depends[x] = TRUE;
  for (AgId id = x + 1; id <= y; id++)
    {
      const AgNode *n = ag_graph_node (g, id);

      for (guint s = 0; s < n->n_inputs && !depends[id]; s++)
        depends[id] = depends[ag_graph_input (g, n, s)];
    }
  reaches[y] = TRUE;
  for (AgId id = y + 1; id-- > x;)
    {
      const AgNode *n = ag_graph_node (g, id);

      if (!reaches[id] || !depends[id])
        continue;
      for (guint s = 0; s < n->n_inputs; s++)
        reaches[ag_graph_input (g, n, s)] = TRUE;
    }
  for (AgId id = x; id <= y; id++)
    depends[id] = depends[id] && reaches[id];
  g_free (reaches);
  return depends;
}

gboolean
ag_grad_build (AgGraph *g, AgId y, AgId x, const char *y_text, const char *x_text, AgId *out,
               GError **error)
{
  g_autofree gboolean *relevant = NULL;
  g_autofree AgId *adj = NULL;
  GError *local = NULL;

  *out = AG_NO_ID;
  if (ag_graph_node (g, y)->size != 1)
    {
      g_autofree char *shape = ag_shape_to_string (ag_graph_node (g, y)->shape);
      g_set_error (error, AG_ERROR, AG_ERROR_NOT_SCALAR, "grad(y, x) needs y to be one number, "
                   "not a tensor shaped %s: take sum(y) or mean(y) first, as PyTorch's backward "
                   "does", shape);
      return FALSE;
    }
  relevant = x <= y ? nodes_between (g, y, x) : NULL;
  if (relevant == NULL || !relevant[x])
    {
      g_set_error (error, AG_ERROR, AG_ERROR_NAME, "'%s' does not depend on '%s': its "
                   "derivative would be 0 everywhere, which is almost always a mistake in the "
                   "program (PyTorch raises too, unless allow_unused)",
                   y_text ? y_text : ag_graph_display_name (g, y),
                   x_text ? x_text : ag_graph_display_name (g, x));
      return FALSE;
    }
  adj = g_new (AgId, y + 1);
  for (AgId id = 0; id <= y; id++)
    adj[id] = AG_NO_ID;
  adj[y] = constant (g, ag_graph_node (g, y)->shape, 1, &local);
  /* Reverse topological order is decreasing ids: one loop, no recursion. */
  for (AgId id = y + 1; id-- > x + 1 && local == NULL;)
    {
      const guint n_inputs = ag_graph_node (g, id)->n_inputs;

      if (!relevant[id] || adj[id] == AG_NO_ID)
        continue;
      for (guint s = 0; s < n_inputs && local == NULL; s++)
        {
          const AgId in = ag_graph_input (g, ag_graph_node (g, id), s);
          AgId c;

          if (!relevant[in])
            continue;
          c = vjp_node (g, id, s, adj[id], &local);
          adj[in] = adj[in] == AG_NO_ID ? c : op2 (g, AG_OP_ADD, adj[in], c, &local);
        }
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  *out = adj[x];
  return TRUE;
}
