/* grad-build.c: the vector–Jacobian product of each op written as graph nodes, and the walk
 * that chains them from y back to x (grad-build.h). Autograd's own backward pass (autograd.c)
 * runs the table's numeric kernels; this builds the same sums out of nodes instead, so they
 * can be drawn, stepped and differentiated again. */
#include "core/grad-build.h"
#include "core/ops.h"
#include "core/ops-text.h"
#include "core/format.h"

#include <math.h>
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

/* A build: the graph, and the scalar constants made but not yet used. A constant becomes a
 * node only when an op that stays takes it, so folding (−1·3·2 is −6) leaves no unused
 * constant nodes behind on the canvas. Such a pending constant's id is PENDING + its index. */
typedef struct {
  AgGraph *g;
  GArray  *pending;   /* double */
} Build;

#define PENDING 0x80000000u

static gboolean
is_pending (AgId id)
{
  return id != AG_NO_ID && id >= PENDING;
}

/* A constant @value, shaped @shape (every element @value), labelled for people; pending
 * while it is one number. */
static AgId
constant (Build *bd, AgShape shape, double value, GError **error)
{
  g_autofree double *data = NULL;
  char text[AG_FORMAT_HUMAN_SIZE];
  AgId id;

  if (error != NULL && *error != NULL)
    return AG_NO_ID;
  if (shape.ndim == 0)
    {
      g_array_append_val (bd->pending, value);
      return PENDING + bd->pending->len - 1;
    }
  data = g_new (double, ag_shape_size (shape));
  for (gsize k = 0; k < ag_shape_size (shape); k++)
    data[k] = value;
  id = ag_graph_add_leaf (bd->g, AG_ROLE_CONST, shape, data, NULL, error);
  if (id != AG_NO_ID)
    ag_graph_set_label (bd->g, id, ag_format_human_buf (text, value));
  return id;
}

/* @id as a node of the graph: a pending constant becomes a leaf now. */
static AgId
materialize (Build *bd, AgId id, GError **error)
{
  const double value = is_pending (id) ? g_array_index (bd->pending, double, id - PENDING) : 0;
  char text[AG_FORMAT_HUMAN_SIZE];
  AgId leaf;

  if (!is_pending (id))
    return id;
  leaf = ag_graph_add_leaf (bd->g, AG_ROLE_CONST, AG_SHAPE_SCALAR, &value, NULL, error);
  if (leaf != AG_NO_ID)
    ag_graph_set_label (bd->g, leaf, ag_format_human_buf (text, value));
  return leaf;
}

static AgShape
shape_of (const Build *bd, AgId id)
{
  return is_pending (id) ? AG_SHAPE_SCALAR : ag_graph_node (bd->g, id)->shape;
}

/* The value of @id when it is one constant number (pending, or a leaf written in the
 * program), else NAN. */
static double
scalar_constant (const Build *bd, AgId id)
{
  const AgNode *n;

  if (is_pending (id))
    return g_array_index (bd->pending, double, id - PENDING);
  n = ag_graph_node (bd->g, id);
  return n->role == AG_ROLE_CONST && n->size == 1 && n->shape.ndim == 0
         ? ag_graph_value (bd->g, id)[0] : NAN;
}

/* @op of @a and @b (or of @a alone) worked out while building when that keeps the drawing
 * short: two constants become one (−1·3·2 is −6), ū = 1 and + 0 drop out. Returns AG_NO_ID
 * when nothing folds. */
static AgId
fold (Build *bd, AgOp op, AgId a, AgId b, GError **error)
{
  const double ca = scalar_constant (bd, a);
  const double cb = b == AG_NO_ID ? NAN : scalar_constant (bd, b);
  const gboolean both = !isnan (ca) && !isnan (cb);

  switch (op)
    {
    case AG_OP_NEG:
      return isnan (ca) ? AG_NO_ID : constant (bd, AG_SHAPE_SCALAR, -ca, error);
    case AG_OP_ADD:
      if (both)
        return constant (bd, AG_SHAPE_SCALAR, ca + cb, error);
      return ca == 0 ? b : cb == 0 ? a : AG_NO_ID;
    case AG_OP_SUB:
      if (both)
        return constant (bd, AG_SHAPE_SCALAR, ca - cb, error);
      return cb == 0 ? a : AG_NO_ID;
    case AG_OP_MUL:
      if (both)
        return constant (bd, AG_SHAPE_SCALAR, ca * cb, error);
      return ca == 1 ? b : cb == 1 ? a : AG_NO_ID;
    case AG_OP_DIV:
      if (both && cb != 0)
        return constant (bd, AG_SHAPE_SCALAR, ca / cb, error);
      return cb == 1 ? a : AG_NO_ID;
    default:
      return AG_NO_ID;
    }
}

/* A node of @op over @a (and @b unless AG_NO_ID) with optional @attrs; AG_NO_ID propagates
 * a failure, so a VJP is one nested expression. */
static AgId
op_node (Build *bd, AgOp op, AgId a, AgId b, const gint32 *attrs, GError **error)
{
  AgId in[2] = { a, b }, id;

  if (a == AG_NO_ID || (b == AG_NO_ID && ag_op_info (op)->arity == 2) ||
      (error != NULL && *error != NULL))
    return AG_NO_ID;
  if (attrs == NULL && (id = fold (bd, op, a, b, error)) != AG_NO_ID)
    return id;
  in[0] = materialize (bd, a, error);
  if (b != AG_NO_ID)
    in[1] = materialize (bd, b, error);
  if (error != NULL && *error != NULL)
    return AG_NO_ID;
  id = ag_graph_add_op (bd->g, op, in, ag_op_info (op)->arity == 2 ? 2 : 1, attrs, error);
  if (id != AG_NO_ID)
    label_node (bd->g, id);
  return id;
}

static AgId
op2 (Build *bd, AgOp op, AgId a, AgId b, GError **error)
{
  return op_node (bd, op, a, b, NULL, error);
}

static AgId
op1 (Build *bd, AgOp op, AgId a, GError **error)
{
  return op_node (bd, op, a, AG_NO_ID, NULL, error);
}

/* The sum of @grad (shaped like the node that broadcast its input) down to @to, the shape of
 * the input: what a broadcast sends back to the input it copied. */
static AgId
unbroadcast (Build *bd, AgId grad, AgShape to, GError **error)
{
  AgShape from;

  if (grad == AG_NO_ID)
    return AG_NO_ID;
  from = shape_of (bd, grad);
  if (ag_shape_equal (from, to))
    return grad;
  if (to.ndim == 0)
    return op_node (bd, AG_OP_SUM, grad, AG_NO_ID, (const gint32[]) { -1, 0 }, error);
  if (to.rows == 1 && from.ndim == 2 && (from.rows > 1 || to.ndim == 1) && to.cols == from.cols)
    return op_node (bd, AG_OP_SUM, grad, AG_NO_ID, (const gint32[]) { 0, to.ndim == 2 }, error);
  if (to.cols == 1 && from.cols > 1 && to.rows == from.rows && to.ndim == 2)
    return op_node (bd, AG_OP_SUM, grad, AG_NO_ID, (const gint32[]) { 1, 1 }, error);
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
copies (Build *bd, AgId v, guint n, gint32 axis, GError **error)
{
  g_autofree AgId *in = NULL;
  AgId id;

  if (v == AG_NO_ID || (error != NULL && *error != NULL))
    return AG_NO_ID;
  v = materialize (bd, v, error);
  if (v == AG_NO_ID)
    return AG_NO_ID;
  in = g_new (AgId, n);
  for (guint k = 0; k < n; k++)
    in[k] = v;
  id = ag_graph_add_op (bd->g, AG_OP_STACK, in, n, (const gint32[]) { axis, 0 }, error);
  if (id != AG_NO_ID)
    label_node (bd->g, id);
  return id;
}

/* The outer product p qᵀ of two vectors, [m, n]: n copies of p side by side, times q on
 * each row. */
static AgId
outer (Build *bd, AgId p, AgId q, GError **error)
{
  if (p == AG_NO_ID || q == AG_NO_ID)
    return AG_NO_ID;
  return op2 (bd, AG_OP_MUL, copies (bd, p, ag_shape_size (shape_of (bd, q)), 1, error), q, error);
}

/* ū of a sum or mean along an axis, sent back to every element it summed: shaped @in. */
static AgId
reduce_axis_vjp (Build *bd, const AgNode *n, AgShape in, AgId ubar, GError **error)
{
  const AgShape us = shape_of (bd, ubar);
  const double scale = n->op == AG_OP_SUM ? 1.0
                       : 1.0 / (in.ndim < 2 ? ag_shape_size (in)
                                : n->attr[0] == 0 ? in.rows : in.cols);
  AgId spread;

  if (in.ndim == 2 && us.ndim == 1)   /* the axis was dropped: put it back as copies */
    spread = copies (bd, ubar, n->attr[0] == 0 ? in.rows : in.cols, n->attr[0], error);
  else                                /* a scalar or a kept axis broadcasts */
    spread = op2 (bd, AG_OP_MUL, ubar, constant (bd, in, 1, error), error);
  if (scale == 1.0)
    return spread;
  return op2 (bd, AG_OP_MUL, spread, constant (bd, AG_SHAPE_SCALAR, scale, error), error);
}

/* A constant shaped @shape, 0 but 1 at row @row (all of it when @col < 0) and column @col;
 * for a vector, at @row. Where an index sends its gradient back to. */
static AgId
one_hot (Build *bd, AgShape shape, gint32 row, gint32 col, GError **error)
{
  g_autofree double *data = g_new0 (double, ag_shape_size (shape));
  g_autofree char *label = NULL;
  AgId id;

  if (error != NULL && *error != NULL)
    return AG_NO_ID;
  if (shape.ndim == 1)
    data[row] = 1;
  else
    for (guint32 c = 0; c < shape.cols; c++)
      if (col < 0 || (guint32) col == c)
        data[(gsize) row * shape.cols + c] = 1;
  id = ag_graph_add_leaf (bd->g, AG_ROLE_CONST, shape, data, NULL, error);
  if (id == AG_NO_ID)
    return AG_NO_ID;
  label = shape.ndim == 1 || col >= 0
          ? (shape.ndim == 1 ? g_strdup_printf ("1 at [%d]", row)
                             : g_strdup_printf ("1 at [%d, %d]", row, col))
          : g_strdup_printf ("1s in row %d", row);
  ag_graph_set_label (bd->g, id, label);
  return id;
}

/* ū of x[i], W[i, j] or the row W[i], put back where it was taken from. */
static AgId
index_vjp (Build *bd, const AgNode *n, AgShape in, AgId ubar, GError **error)
{
  const AgId mask = one_hot (bd, in, n->attr[0], n->attr[1], error);

  if (in.ndim == 2 && n->attr[1] < 0)   /* a row: ū copied down every row, kept in row i */
    return op2 (bd, AG_OP_MUL, copies (bd, ubar, in.rows, 0, error), mask, error);
  return op2 (bd, AG_OP_MUL, ubar, mask, error);
}

/* ū of a stack, for input @slot: its slice of ū, a row (axis 0) or a column (axis 1). */
static AgId
stack_vjp (Build *bd, const AgNode *n, guint slot, AgId ubar, GError **error)
{
  const gint32 at[2] = { (gint32) slot, -1 };
  const gboolean column = n->attr[0] == 1 && shape_of (bd, ubar).ndim == 2;

  return op_node (bd, AG_OP_INDEX, column ? op1 (bd, AG_OP_TRANSPOSE, ubar, error) : ubar,
                  AG_NO_ID, at, error);
}

/* ū of maximum(a, b) for input @slot: all of it to the larger, half each at a tie, as
 * PyTorch: ū·½(1 + H(mine − other) − H(other − mine)). */
static AgId
maximum_vjp (Build *bd, AgId mine, AgId other, AgId ubar, GError **error)
{
  const AgId above = op1 (bd, AG_OP_HEAVISIDE, op2 (bd, AG_OP_SUB, mine, other, error), error);
  const AgId below = op1 (bd, AG_OP_HEAVISIDE, op2 (bd, AG_OP_SUB, other, mine, error), error);
  const AgId share = op2 (bd, AG_OP_MUL, constant (bd, AG_SHAPE_SCALAR, 0.5, error),
                          op2 (bd, AG_OP_SUB, op2 (bd, AG_OP_ADD,
                                                   constant (bd, AG_SHAPE_SCALAR, 1, error),
                                                   above, error), below, error), error);

  return op2 (bd, AG_OP_MUL, ubar, share, error);
}

/* ū of softmax (u = softmax(a)) or log_softmax (u = log softmax(a)) along its axis, lane by
 * lane as PyTorch: u ⊙ (ū − Σ ū ⊙ u) and ū − softmax(a) ⊙ Σ ū, the sums kept as a column
 * (or a row) so they broadcast back over their lanes. */
static AgId
softmax_vjp (Build *bd, AgId id, const AgNode *n, AgShape in, AgId ubar, GError **error)
{
  const gint32 axis = n->attr[0] >= 0 ? n->attr[0] : in.ndim == 2 ? 1 : -1;
  const gint32 along[2] = { in.ndim == 2 ? axis : -1, in.ndim == 2 };
  AgId p, total;

  if (n->op == AG_OP_SOFTMAX)
    {
      p = op2 (bd, AG_OP_MUL, ubar, id, error);
      total = op_node (bd, AG_OP_SUM, p, AG_NO_ID, along, error);
      return op2 (bd, AG_OP_SUB, p, op2 (bd, AG_OP_MUL, id, total, error), error);
    }
  total = op_node (bd, AG_OP_SUM, ubar, AG_NO_ID, along, error);
  return op2 (bd, AG_OP_SUB, ubar, op2 (bd, AG_OP_MUL, op1 (bd, AG_OP_EXP, id, error), total,
                                        error), error);
}

/* ū of the pair losses, for input @slot, before it is summed back to that input's shape: each
 * the mean over the n elements of the broadcast pair. bce_logits: (σ(a) − b)/n and −a/n.
 * hinge, mean(max(0, 1 − a·b)): −b/n and −a/n where a·b ≤ 1 (the kink included, as
 * PyTorch's clamp_backward), else 0. */
static AgId
pair_loss_vjp (Build *bd, AgOp op, AgId a, AgId b, guint slot, AgId ubar, GError **error)
{
  const double n = MAX (ag_shape_size (shape_of (bd, a)), ag_shape_size (shape_of (bd, b)));
  const double sign = op == AG_OP_BCE_LOGITS && slot == 0 ? 1 : -1;
  const AgId scale = constant (bd, AG_SHAPE_SCALAR, sign / n, error);
  AgId r;

  if (op == AG_OP_BCE_LOGITS)
    r = slot == 0 ? op2 (bd, AG_OP_SUB, op1 (bd, AG_OP_SIGMOID, a, error), b, error) : a;
  else
    r = op2 (bd, AG_OP_MUL, slot == 0 ? b : a,
             op2 (bd, AG_OP_SUB, constant (bd, AG_SHAPE_SCALAR, 1, error),
                  op1 (bd, AG_OP_HEAVISIDE, op2 (bd, AG_OP_SUB, op2 (bd, AG_OP_MUL, a, b, error),
                                            constant (bd, AG_SHAPE_SCALAR, 1, error), error),
                       error), error), error);
  return op2 (bd, AG_OP_MUL, ubar, op2 (bd, AG_OP_MUL, r, scale, error), error);
}

/* ū of cat for input @slot: its part of ū, taken element by element (vectors), row by row
 * (axis 0) or column by column (axis 1, as rows of ūᵀ) and stacked again. The table has no
 * slice, so a part of k elements or rows is k index nodes and a stack. */
static AgId
cat_vjp (Build *bd, const AgNode *n, guint slot, AgId ubar, GError **error)
{
  AgGraph *g = bd->g;
  const gboolean columns = n->attr[0] == 1 &&
                           ag_graph_node (g, ag_graph_input (g, n, 0))->shape.ndim == 2;
  g_autofree AgId *parts = NULL;
  const AgId from = columns ? op1 (bd, AG_OP_TRANSPOSE, ubar, error) : ubar;
  guint32 offset = 0, len = 0;
  AgId id;

  for (guint k = 0; k <= slot; k++)
    {
      const AgShape s = ag_graph_node (g, ag_graph_input (g, n, k))->shape;
      offset += len;
      len = s.ndim == 2 && !columns ? s.rows : s.cols;
    }
  if (from == AG_NO_ID || (error != NULL && *error != NULL))
    return AG_NO_ID;
  parts = g_new (AgId, len);
  for (guint32 j = 0; j < len; j++)
    {
      parts[j] = op_node (bd, AG_OP_INDEX, from, AG_NO_ID,
                          (const gint32[]) { (gint32) (offset + j), -1 }, error);
      if (parts[j] == AG_NO_ID)
        return AG_NO_ID;
    }
  id = ag_graph_add_op (g, AG_OP_STACK, parts, len, (const gint32[]) { columns, 0 }, error);
  if (id != AG_NO_ID)
    label_node (g, id);
  return id;
}

/* ū of max(x) over every element (u = max(x)): shared evenly by the elements equal to the
 * maximum, as PyTorch's evenly_distribute_backward: ū·m/Σm with m = 1 − H(u − x). */
static AgId
max_vjp (Build *bd, AgId id, AgId x, AgId ubar, GError **error)
{
  const AgId at_max = op2 (bd, AG_OP_SUB, constant (bd, AG_SHAPE_SCALAR, 1, error),
                           op1 (bd, AG_OP_HEAVISIDE, op2 (bd, AG_OP_SUB, id, x, error), error),
                           error);

  return op2 (bd, AG_OP_MUL, ubar, op2 (bd, AG_OP_DIV, at_max, op1 (bd, AG_OP_SUM, at_max, error),
                                        error), error);
}

/* The one-hot rows of the class indices @t for logits shaped @zs: 1 − H(|c − t|), with c the
 * column numbers and t as a column (a scalar for one row). Only data: it takes no gradient. */
static AgId
class_rows (Build *bd, AgId t, AgShape zs, GError **error)
{
  const guint32 rows = zs.ndim == 2 ? zs.rows : 1, cols = zs.cols;
  g_autofree double *c = g_new (double, (gsize) rows * cols);
  AgId columns, tcol = t;

  if (error != NULL && *error != NULL)
    return AG_NO_ID;
  for (gsize k = 0; k < (gsize) rows * cols; k++)
    c[k] = k % cols;
  columns = ag_graph_add_leaf (bd->g, AG_ROLE_CONST, zs, c, NULL, error);
  if (columns == AG_NO_ID)
    return AG_NO_ID;
  ag_graph_set_label (bd->g, columns, "column numbers");
  if (zs.ndim == 2)   /* t as a column: one stacked vector along axis 1 */
    {
      tcol = ag_graph_add_op (bd->g, AG_OP_STACK, &t, 1, (const gint32[]) { 1, 0 }, error);
      if (tcol == AG_NO_ID)
        return AG_NO_ID;
      label_node (bd->g, tcol);
    }
  return op2 (bd, AG_OP_SUB, constant (bd, AG_SHAPE_SCALAR, 1, error),
              op1 (bd, AG_OP_HEAVISIDE, op1 (bd, AG_OP_ABS, op2 (bd, AG_OP_SUB, columns, tcol,
                                                                error), error), error), error);
}

/* ū of cross_entropy(z, t), the mean over rows of −Σ t log softmax(z), for input @slot, as
 * PyTorch: (softmax(z)·Σt − t)/rows into z, −log_softmax(z)/rows into t. Class indices
 * become one-hot rows for z's share and take no gradient themselves (an error, as
 * differentiating by an integer tensor is in PyTorch). */
static AgId
cross_entropy_vjp (Build *bd, AgId z, AgId t, guint slot, AgId ubar, GError **error)
{
  const AgShape zs = shape_of (bd, z);
  const gboolean probs = ag_shape_equal (zs, shape_of (bd, t));
  const AgId scale = op2 (bd, AG_OP_DIV, ubar,
                          constant (bd, AG_SHAPE_SCALAR, zs.ndim == 2 ? zs.rows : 1, error), error);
  AgId target, mass;

  if (slot == 1 && !probs)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "cross_entropy's class indices take no "
                     "gradient: give the targets as probability rows to differentiate by them");
      return AG_NO_ID;
    }
  if (slot == 1)
    return op2 (bd, AG_OP_MUL, op1 (bd, AG_OP_NEG, op1 (bd, AG_OP_LOG_SOFTMAX, z, error), error),
                scale, error);
  if (probs)
    {
      target = t;
      mass = op_node (bd, AG_OP_SUM, t, AG_NO_ID, zs.ndim == 2 ? (const gint32[]) { 1, 1 }
                                                              : (const gint32[]) { -1, 0 }, error);
    }
  else
    {
      target = class_rows (bd, t, zs, error);
      mass = constant (bd, AG_SHAPE_SCALAR, 1, error);
    }
  return op2 (bd, AG_OP_MUL, op2 (bd, AG_OP_SUB, op2 (bd, AG_OP_MUL, op1 (bd, AG_OP_SOFTMAX, z, error),
                                                      mass, error), target, error), scale, error);
}

/* ū of a @ b for input @slot: ū @ Bᵀ and Aᵀ @ ū for matrices; with a vector on one side the
 * matrix's share is an outer product, and v @ w is dot (v, w). */
static AgId
matmul_vjp (Build *bd, AgId a, AgId b, guint slot, AgId ubar, GError **error)
{
  const gboolean a_vec = shape_of (bd, a).ndim < 2, b_vec = shape_of (bd, b).ndim < 2;

  if (a_vec && b_vec)
    return op2 (bd, AG_OP_MUL, ubar, slot == 0 ? b : a, error);
  if (a_vec || b_vec)
    {
      if (slot == 0)        /* A @ v: ū vᵀ;  v @ B: B ū */
        return a_vec ? op2 (bd, AG_OP_MATMUL, b, ubar, error) : outer (bd, ubar, b, error);
      return b_vec ? op2 (bd, AG_OP_MATMUL, ubar, a, error) : outer (bd, a, ubar, error);
    }
  if (slot == 0)
    return op2 (bd, AG_OP_MATMUL, ubar, op1 (bd, AG_OP_TRANSPOSE, b, error), error);
  return op2 (bd, AG_OP_MATMUL, op1 (bd, AG_OP_TRANSPOSE, a, error), ubar, error);
}

/* ū·∂(aᵇ)/∂(input @slot) of the power node @id, before it is summed back to that input. */
static AgId
pow_vjp (Build *bd, AgId id, guint slot, AgId ubar, GError **error)
{
  AgGraph *g = bd->g;
  const AgNode *n = ag_graph_node (g, id);
  const AgId a = ag_graph_input (g, n, 0), b = ag_graph_input (g, n, 1);
  const AgShape one = AG_SHAPE_SCALAR;

  if (slot == 1)  /* ū·u·log(a) */
    return op2 (bd, AG_OP_MUL, op2 (bd, AG_OP_MUL, ubar, id, error), op1 (bd, AG_OP_LOG, a, error),
                error);
  if (ag_graph_node (g, b)->role == AG_ROLE_CONST && ag_graph_node (g, b)->size == 1)
    {
      /* A written power: ū·b·a^(b−1) with b − 1 worked out, and 0 for x^0 as PyTorch
       * (masked_fill where the exponent is 0, not 0·0^−1). */
      const double e = ag_graph_value (g, b)[0];
      AgId r;

      if (e == 0)
        return op2 (bd, AG_OP_MUL, ubar, constant (bd, shape_of (bd, ubar), 0, error),
                    error);
      if (e == 1)
        return ubar;
      r = op2 (bd, AG_OP_MUL, ubar, constant (bd, one, e, error), error);
      return op2 (bd, AG_OP_MUL, r, e == 2 ? a : op2 (bd, AG_OP_POW, a,
                                                     constant (bd, one, e - 1, error), error),
                  error);
    }
  /* ū·b·a^(b−1) */
  return op2 (bd, AG_OP_MUL, op2 (bd, AG_OP_MUL, ubar, b, error),
              op2 (bd, AG_OP_POW, a, op2 (bd, AG_OP_SUB, b, constant (bd, one, 1, error), error),
                   error), error);
}

/* ū · ∂u/∂(input @slot) of node @id, as nodes; shaped like that input. */
static AgId
vjp_node (Build *bd, AgId id, guint slot, AgId ubar, GError **error)
{
  AgGraph *g = bd->g;
  const AgNode n = *ag_graph_node (g, id);
  const AgId a = ag_graph_input (g, &n, 0);
  const AgId b = n.n_inputs > 1 ? ag_graph_input (g, &n, 1) : AG_NO_ID;
  const AgShape in = ag_graph_node (g, ag_graph_input (g, &n, slot))->shape;
  const AgShape one = AG_SHAPE_SCALAR;
  AgId r;

  switch (n.op)
    {
    case AG_OP_ADD:
      return unbroadcast (bd, ubar, in, error);
    case AG_OP_SUB:
      return unbroadcast (bd, slot == 0 ? ubar : op1 (bd, AG_OP_NEG, ubar, error), in, error);
    case AG_OP_MUL:
      return unbroadcast (bd, op2 (bd, AG_OP_MUL, ubar, slot == 0 ? b : a, error), in, error);
    case AG_OP_DIV:
      if (slot == 0)
        return unbroadcast (bd, op2 (bd, AG_OP_DIV, ubar, b, error), in, error);
      /* −ū·a/b² = −ū·u/b */
      r = op2 (bd, AG_OP_DIV, op2 (bd, AG_OP_MUL, ubar, id, error), b, error);
      return unbroadcast (bd, op1 (bd, AG_OP_NEG, r, error), in, error);
    case AG_OP_NEG:
      return op1 (bd, AG_OP_NEG, ubar, error);
    case AG_OP_POW:
      return unbroadcast (bd, pow_vjp (bd, id, slot, ubar, error), in, error);
    case AG_OP_EXP:
      return op2 (bd, AG_OP_MUL, ubar, id, error);
    case AG_OP_LOG:
      return op2 (bd, AG_OP_DIV, ubar, a, error);
    case AG_OP_SIN:
      return op2 (bd, AG_OP_MUL, ubar, op1 (bd, AG_OP_COS, a, error), error);
    case AG_OP_COS:
      return op1 (bd, AG_OP_NEG, op2 (bd, AG_OP_MUL, ubar, op1 (bd, AG_OP_SIN, a, error), error),
                  error);
    case AG_OP_TAN:   /* ū·(1 + u²) */
      return op2 (bd, AG_OP_MUL, ubar, op2 (bd, AG_OP_ADD, constant (bd, one, 1, error),
                                           op2 (bd, AG_OP_MUL, id, id, error), error), error);
    case AG_OP_SQRT:  /* ū·0.5/u */
      return op2 (bd, AG_OP_DIV, op2 (bd, AG_OP_MUL, ubar, constant (bd, one, 0.5, error), error),
                  id, error);
    case AG_OP_TANH:  /* ū·(1 − u²) */
      return op2 (bd, AG_OP_MUL, ubar, op2 (bd, AG_OP_SUB, constant (bd, one, 1, error),
                                           op2 (bd, AG_OP_MUL, id, id, error), error), error);
    case AG_OP_SIGMOID: /* ū·u·(1 − u) */
      return op2 (bd, AG_OP_MUL, op2 (bd, AG_OP_MUL, ubar, id, error),
                  op2 (bd, AG_OP_SUB, constant (bd, one, 1, error), id, error), error);
    case AG_OP_ABS:   /* ū·sign(a), sign = H(a) − H(−a): 0 at 0 and at NaN */
      return op2 (bd, AG_OP_MUL, ubar, op2 (bd, AG_OP_SUB, op1 (bd, AG_OP_HEAVISIDE, a, error),
                                           op1 (bd, AG_OP_HEAVISIDE, op1 (bd, AG_OP_NEG, a, error),
                                                error), error), error);
    case AG_OP_RELU:  /* ū·H(u), PyTorch's threshold_backward(ū, u, 0) */
      return op2 (bd, AG_OP_MUL, ubar, op1 (bd, AG_OP_HEAVISIDE, id, error), error);
    case AG_OP_HEAVISIDE:  /* flat: nothing flows back, as for a comparison in PyTorch */
      return op2 (bd, AG_OP_MUL, ubar, constant (bd, in, 0, error), error);
    case AG_OP_SUM:
    case AG_OP_MEAN:
      if (n.attr[0] >= 0)
        return reduce_axis_vjp (bd, &n, in, ubar, error);
      /* ū (one number) copied to every element: ū·1, and over n for the mean. */
      r = op2 (bd, AG_OP_MUL, ubar, constant (bd, in, n.op == AG_OP_SUM ? 1.0
                                                    : 1.0 / ag_shape_size (in), error), error);
      return r;
    case AG_OP_DOT:
      return op2 (bd, AG_OP_MUL, ubar, slot == 0 ? b : a, error);
    case AG_OP_TRANSPOSE:
      return op1 (bd, AG_OP_TRANSPOSE, ubar, error);
    case AG_OP_MATMUL:
      return matmul_vjp (bd, a, b, slot, ubar, error);
    case AG_OP_SOFTMAX:
    case AG_OP_LOG_SOFTMAX:
      return softmax_vjp (bd, id, &n, in, ubar, error);
    case AG_OP_BCE_LOGITS:
    case AG_OP_HINGE:
      return unbroadcast (bd, pair_loss_vjp (bd, n.op, a, b, slot, ubar, error), in, error);
    case AG_OP_CAT:
      return cat_vjp (bd, &n, slot, ubar, error);
    case AG_OP_CROSS_ENTROPY:
      return cross_entropy_vjp (bd, a, b, slot, ubar, error);
    case AG_OP_MAX:
      if (n.attr[0] < 0)
        return max_vjp (bd, id, a, ubar, error);
      break;
    case AG_OP_INDEX:
      return index_vjp (bd, &n, in, ubar, error);
    case AG_OP_STACK:
      return stack_vjp (bd, &n, slot, ubar, error);
    case AG_OP_MAXIMUM:
      return unbroadcast (bd, maximum_vjp (bd, slot == 0 ? a : b, slot == 0 ? b : a, ubar, error),
                          in, error);
    case AG_OP_MSE:   /* ±ū·2(a − b)/n, each side summed back to its shape */
      r = op2 (bd, AG_OP_SUB, a, b, error);
      if (r == AG_NO_ID)
        return AG_NO_ID;
      r = op2 (bd, AG_OP_MUL, op2 (bd, AG_OP_MUL, ubar, r, error),
               constant (bd, one, (slot == 0 ? 2.0 : -2.0) / ag_shape_size (shape_of (bd, r)),
                         error),
               error);
      return unbroadcast (bd, r, in, error);
    default:
      break;
    }
  if (error == NULL || *error == NULL)
    g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "grad cannot yet differentiate through "
                 "'%s'%s: its derivative has no builder made of ops (core/grad-build.c)",
                 ag_op_info (n.op)->name, n.attr[0] >= 0 && n.op == AG_OP_MAX
                 ? " along an axis" : "");
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
  g_autoptr (GArray) pending = g_array_new (FALSE, FALSE, sizeof (double));
  Build build = { g, pending }, *bd = &build;
  GError *local = NULL;
  const AgId first = ag_graph_n_nodes (g);

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
  adj[y] = constant (bd, ag_graph_node (g, y)->shape, 1, &local);
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
          c = vjp_node (bd, id, s, adj[id], &local);
          adj[in] = adj[in] == AG_NO_ID ? c : op2 (bd, AG_OP_ADD, adj[in], c, &local);
        }
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  *out = materialize (bd, adj[x], &local);
  if (*out != AG_NO_ID && *out < first)
    {
      /* ∂(w·x)/∂x is w itself: the derivative still gets a node of its own, so the call has
       * an output inside it and `d = grad(…)` names that, not w. */
      const AgId in[2] = { materialize (bd, constant (bd, AG_SHAPE_SCALAR, 1, NULL), &local),
                           *out };

      *out = local ? AG_NO_ID : ag_graph_add_op (g, AG_OP_MUL, in, 2, NULL, &local);
      if (*out != AG_NO_ID)
        label_node (g, *out);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      *out = AG_NO_ID;
      return FALSE;
    }
  return TRUE;
}
