/* row-split.c: whether a step can run in slices of rows (see row-split.h).
 *
 * Each node gets a class, in the graph's order (inputs first):
 *   FIXED  its value does not depend on the data rows (parameters, constants, their results);
 *   ROWS   its shape follows the rows, and row i depends only on the inputs' row i;
 *   MEAN   a scalar, a mean over the rows of ROWS terms, plus or times FIXED ones;
 *   SUM    a scalar, a sum over the rows of ROWS terms, times FIXED ones.
 * The loss must come out MEAN or SUM. A mean plus a FIXED term splits because the slices'
 * weights (their shares of the rows) add up to 1; a sum plus one would count it once a slice. */
#include "core/row-split.h"

typedef enum { CLASS_FIXED, CLASS_ROWS, CLASS_MEAN, CLASS_SUM, CLASS_UNUSED } Class;

/* The shapes of one node in the two parses: the same, or differing in the rows alone (a
 * matrix's first dimension, a vector's length). */
static gboolean
differ_in_rows (AgShape a, AgShape b)
{
  if (a.ndim != b.ndim)
    return FALSE;
  if (a.ndim == 2)
    return a.cols == b.cols && a.rows != b.rows;
  return a.ndim == 1 && a.cols != b.cols;
}

static gboolean
is_unary_pointwise (AgOp op)
{
  switch (op)
    {
    case AG_OP_NEG: case AG_OP_EXP: case AG_OP_LOG: case AG_OP_SIN: case AG_OP_COS:
    case AG_OP_TAN: case AG_OP_SQRT: case AG_OP_ABS: case AG_OP_TANH: case AG_OP_SIGMOID:
    case AG_OP_RELU: case AG_OP_HEAVISIDE:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_binary_pointwise (AgOp op)
{
  return op == AG_OP_ADD || op == AG_OP_SUB || op == AG_OP_MUL || op == AG_OP_DIV ||
         op == AG_OP_POW || op == AG_OP_MAXIMUM;
}

static gboolean
is_mean_loss (AgOp op)
{
  return op == AG_OP_MSE || op == AG_OP_BCE_LOGITS || op == AG_OP_HINGE ||
         op == AG_OP_CROSS_ENTROPY;
}

/* The class of a node with at least one input that follows the rows (@has_rows) or is a
 * scalar MEAN or SUM (@scalar: that class, else CLASS_FIXED), from its op and its inputs'
 * classes; CLASS_UNUSED (with @why) when it mixes rows or is not linear in the scalar. */
static Class
classify (const AgGraph *g, const AgNode *n, const Class *cls, gboolean rows_shaped,
          const char **why)
{
  Class in[2] = { CLASS_FIXED, CLASS_FIXED };
  gboolean has_rows = FALSE;
  Class scalar = CLASS_FIXED;

  for (guint s = 0; s < n->n_inputs; s++)
    {
      const Class c = cls[ag_graph_input (g, n, s)];
      if (s < 2)
        in[s] = c;
      if (c == CLASS_ROWS)
        has_rows = TRUE;
      else if (c == CLASS_MEAN || c == CLASS_SUM)
        {
          if (scalar != CLASS_FIXED && scalar != c)
            return *why = "the loss adds a mean over the rows to a sum over them", CLASS_UNUSED;
          scalar = c;
        }
    }
  if (has_rows && scalar != CLASS_FIXED)
    return *why = "a number made from all rows is used with the rows again", CLASS_UNUSED;

  if (scalar != CLASS_FIXED)
    {
      /* Only what is linear in the per-row terms. */
      if (n->op == AG_OP_NEG)
        return scalar;
      if ((n->op == AG_OP_ADD || n->op == AG_OP_SUB) &&
          (in[0] == in[1] || (scalar == CLASS_MEAN && (in[0] == CLASS_FIXED || in[1] == CLASS_FIXED))))
        return scalar;
      if (n->op == AG_OP_MUL && (in[0] == CLASS_FIXED || in[1] == CLASS_FIXED))
        return scalar;
      if (n->op == AG_OP_DIV && in[1] == CLASS_FIXED)
        return scalar;
      return *why = "the loss is not a plain mean or sum over the rows", CLASS_UNUSED;
    }

  /* has_rows */
  if (is_mean_loss (n->op))
    {
      /* A mean over rows only when the rows meet their own: a vector of N against an N × 1
       * column would broadcast to N × N pairs, and cross_entropy's logits must be rows of
       * classes (a vector is one distribution across every row). */
      const AgNode *a = ag_graph_node (g, ag_graph_input (g, n, 0));
      const AgNode *b = ag_graph_node (g, ag_graph_input (g, n, 1));

      if (n->op == AG_OP_CROSS_ENTROPY)
        return in[0] == CLASS_ROWS && a->shape.ndim == 2
               ? CLASS_MEAN : (*why = "cross_entropy's logits are not rows", CLASS_UNUSED);
      if (in[0] == CLASS_ROWS && in[1] == CLASS_ROWS && a->shape.ndim != b->shape.ndim)
        return *why = "a loss broadcasts rows against rows", CLASS_UNUSED;
      for (guint s = 0; s < 2; s++)
        if (in[s] == CLASS_ROWS && (s == 0 ? a : b)->shape.ndim == 1 &&
            (s == 0 ? b : a)->shape.ndim == 2)
          return *why = "a loss broadcasts a row input across the rows", CLASS_UNUSED;
      return CLASS_MEAN;
    }
  if (n->op == AG_OP_SUM || n->op == AG_OP_MEAN || n->op == AG_OP_MAX)
    {
      const AgNode *a = ag_graph_node (g, ag_graph_input (g, n, 0));
      if (n->attr[0] < 0 && n->op != AG_OP_MAX)
        return n->op == AG_OP_SUM ? CLASS_SUM : CLASS_MEAN;
      if (a->shape.ndim == 2 && n->attr[0] == 1 && rows_shaped)
        return CLASS_ROWS;
      return *why = "a reduction runs down the rows", CLASS_UNUSED;
    }
  if (!rows_shaped)
    return *why = "an op turns the rows into something else", CLASS_UNUSED;
  if (is_unary_pointwise (n->op))
    return CLASS_ROWS;
  if (is_binary_pointwise (n->op))
    {
      /* Broadcasting may stretch a FIXED input along the rows, never a row input across them. */
      for (guint s = 0; s < 2; s++)
        if (in[s] == CLASS_ROWS &&
            ag_graph_node (g, ag_graph_input (g, n, s))->shape.ndim != n->shape.ndim)
          return *why = "a row input is broadcast across the rows", CLASS_UNUSED;
      return CLASS_ROWS;
    }
  if (n->op == AG_OP_MATMUL && in[0] == CLASS_ROWS && in[1] == CLASS_FIXED &&
      ag_graph_node (g, ag_graph_input (g, n, 0))->shape.ndim == 2)
    return CLASS_ROWS;
  if ((n->op == AG_OP_SOFTMAX || n->op == AG_OP_LOG_SOFTMAX) && n->shape.ndim == 2 &&
      (n->attr[0] < 0 || n->attr[0] == 1))
    return CLASS_ROWS;
  return *why = "an op mixes the rows", CLASS_UNUSED;
}

AgRowSplit
ag_row_split_check (const AgGraph *full, const AgGraph *part, const char **why)
{
  const char *reason = NULL;
  const guint n_nodes = ag_graph_n_nodes (full);
  g_autofree Class *cls = NULL;
  AgRowSplit split = AG_ROW_SPLIT_NONE;

  g_return_val_if_fail (full != NULL && part != NULL, AG_ROW_SPLIT_NONE);
  if (n_nodes != ag_graph_n_nodes (part) || full->output == AG_NO_ID ||
      full->output != part->output)
    {
      reason = "the two parses differ";
      goto out;
    }
  cls = g_new (Class, n_nodes);
  for (AgId id = 0; id < n_nodes; id++)
    {
      const AgNode *nf = ag_graph_node (full, id), *np = ag_graph_node (part, id);
      const gboolean rows_shaped = differ_in_rows (nf->shape, np->shape);
      gboolean any_varying = FALSE;

      if (nf->op != np->op || nf->n_inputs != np->n_inputs ||
          (!rows_shaped && !ag_shape_equal (nf->shape, np->shape)))
        {
          reason = "the two parses differ";
          goto out;
        }
      if (nf->op == AG_OP_LEAF)
        {
          if (rows_shaped && nf->role != AG_ROLE_DATA)
            {
              reason = "a leaf other than data has the batch's size";
              goto out;
            }
          cls[id] = rows_shaped ? CLASS_ROWS : CLASS_FIXED;
          continue;
        }
      for (guint s = 0; s < nf->n_inputs; s++)
        {
          const AgId in = ag_graph_input (full, nf, s);
          if (in != ag_graph_input (part, np, s))
            {
              reason = "the two parses differ";
              goto out;
            }
          if (cls[in] == CLASS_UNUSED)
            break;
          any_varying |= cls[in] != CLASS_FIXED;
        }
      /* What does not lead to the loss does not matter to the step. */
      if (!nf->reaches_output)
        {
          cls[id] = CLASS_UNUSED;
          continue;
        }
      if (!any_varying)
        {
          cls[id] = rows_shaped ? CLASS_UNUSED : CLASS_FIXED;
          if (rows_shaped)
            {
              reason = "a value without data has the batch's size";
              goto out;
            }
          continue;
        }
      cls[id] = classify (full, nf, cls, rows_shaped, &reason);
      if (cls[id] == CLASS_UNUSED)
        goto out;
    }
  switch (cls[full->output])
    {
    case CLASS_MEAN: split = AG_ROW_SPLIT_MEAN; break;
    case CLASS_SUM: split = AG_ROW_SPLIT_SUM; break;
    default: reason = "the loss does not depend on the data"; break;
    }
out:
  if (why)
    *why = split == AG_ROW_SPLIT_NONE ? reason : NULL;
  return split;
}
