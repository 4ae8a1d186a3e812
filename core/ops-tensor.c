/* ops-tensor.c: the ops that reduce, multiply or move whole tensors: sum, mean, dot, matmul,
 * transpose, index and stack, with their shape rules. */
#include "core/ops.h"
#include "core/ops-private.h"
#include "core/gemm.h"

#include <string.h>

/* ---- shape rules ------------------------------------------------------------------------ */

gboolean
ag_infer_reduce (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                 AgShape *out, GError **error)
{
  *out = AG_SHAPE_SCALAR;
  return TRUE;
}

gboolean
ag_infer_dot (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
              AgShape *out, GError **error)
{
  if (in[0].ndim != 1 || in[1].ndim != 1 || in[0].cols != in[1].cols)
    {
      ag_op_shape_error (error, "dot needs two vectors of the same length", &in[0], &in[1]);
      return FALSE;
    }
  *out = AG_SHAPE_SCALAR;
  return TRUE;
}

/* Matrix product with the shapes read as in NumPy: a vector on the left is a row, on the
 * right a column, and the result drops the dimension the vector lacked. */
gboolean
ag_infer_matmul (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                 AgShape *out, GError **error)
{
  const AgShape a = in[0], b = in[1];
  guint32 k_b = b.ndim == 1 ? b.cols : b.rows;

  if (a.ndim == 0 || b.ndim == 0)
    {
      ag_op_shape_error (error, "@ multiplies vectors and matrices (use * for a scalar)", &a, &b);
      return FALSE;
    }
  if (a.cols != k_b)
    {
      g_autofree char *sa = ag_shape_to_string (a);
      g_autofree char *sb = ag_shape_to_string (b);
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE,
                   "@ needs the inner sizes to match: %s @ %s has %u columns on the left and %u "
                   "rows on the right", sa, sb, a.cols, k_b);
      return FALSE;
    }
  if (a.ndim == 1 && b.ndim == 1)
    *out = AG_SHAPE_SCALAR;
  else if (a.ndim == 1)
    *out = ag_shape_vector (b.cols);
  else if (b.ndim == 1)
    *out = ag_shape_vector (a.rows);
  else
    *out = ag_shape_matrix (a.rows, b.cols);
  return TRUE;
}

gboolean
ag_infer_transpose (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                    AgShape *out, GError **error)
{
  *out = in[0].ndim == 2 ? ag_shape_matrix (in[0].cols, in[0].rows) : in[0];
  return TRUE;
}

gboolean
ag_infer_index (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                AgShape *out, GError **error)
{
  const AgShape a = in[0];
  g_autofree char *sa = ag_shape_to_string (a);

  if (a.ndim == 0)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "a scalar cannot be indexed");
      return FALSE;
    }
  if (a.ndim == 1 && attr[1] >= 0)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "a vector takes one index, not two");
      return FALSE;
    }
  if (attr[0] < 0 || (guint32) attr[0] >= (a.ndim == 1 ? a.cols : a.rows) ||
      (attr[1] >= 0 && (guint32) attr[1] >= a.cols) || attr[1] < -1)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "index out of range for shape %s", sa);
      return FALSE;
    }
  if (a.ndim == 1 || attr[1] >= 0)
    *out = AG_SHAPE_SCALAR;
  else
    *out = ag_shape_vector (a.cols);
  return TRUE;
}

gboolean
ag_infer_stack (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                AgShape *out, GError **error)
{
  for (guint i = 1; i < n_in; i++)
    if (!ag_shape_equal (in[i], in[0]))
      {
        g_autofree char *s0 = ag_shape_to_string (in[0]);
        g_autofree char *si = ag_shape_to_string (in[i]);
        g_set_error (error, AG_ERROR, AG_ERROR_SHAPE,
                     "the elements of a list must have the same shape: element 1 is %s, "
                     "element %u is %s", s0, i + 1, si);
        return FALSE;
      }
  if (in[0].ndim == 2)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE,
                   "a list can hold scalars or vectors, not matrices (tensors have at most two "
                   "dimensions)");
      return FALSE;
    }
  *out = in[0].ndim == 0 ? ag_shape_vector (n_in) : ag_shape_matrix (n_in, in[0].cols);
  return TRUE;
}

/* ---- reductions ---------------------------------------------------------------------- */

void
ag_kernel_sum_forward (const AgGraph *g, const AgNode *n)
{
  const AgNode *a = ag_graph_node (g, IN (n, 0));
  const double *A = g->values + a->offset;
  double s = 0.0;

  for (guint32 k = 0; k < a->size; k++)
    s += A[k];
  g->values[n->offset] = s;
}

void
ag_kernel_sum_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;

  for (guint32 k = 0; k < size; k++)
    gin[k] += gout[0];
}

void
ag_kernel_sum_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;

  for (guint32 k = 0; k < size; k++)
    tout[0] += tin[k];
}

void
ag_kernel_mean_forward (const AgGraph *g, const AgNode *n)
{
  ag_kernel_sum_forward (g, n);
  g->values[n->offset] /= ag_graph_node (g, IN (n, 0))->size;
}

void
ag_kernel_mean_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;

  for (guint32 k = 0; k < size; k++)
    gin[k] += gout[0] / size;
}

void
ag_kernel_mean_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;
  double s = 0.0;

  for (guint32 k = 0; k < size; k++)
    s += tin[k];
  tout[0] += s / size;
}

void
ag_kernel_dot_forward (const AgGraph *g, const AgNode *n)
{
  const AgNode *a = ag_graph_node (g, IN (n, 0));
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));
  double s = 0.0;

  for (guint32 k = 0; k < a->size; k++)
    s += A[k] * B[k];
  g->values[n->offset] = s;
}

void
ag_kernel_dot_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;
  const double *other = VAL (IN (n, 1 - slot));

  for (guint32 k = 0; k < size; k++)
    gin[k] += gout[0] * other[k];
}

void
ag_kernel_dot_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;
  const double *other = VAL (IN (n, 1 - slot));
  double s = 0.0;

  for (guint32 k = 0; k < size; k++)
    s += other[k] * tin[k];
  tout[0] += s;
}

/* ---- matrix product ---------------------------------------------------------------------
 * As 2-D: A is (M, K), B is (K, N), U is (M, N), all row-major. A vector on the left is one
 * row (M = 1); on the right it is one column (N = 1), which is the same memory. */

typedef struct {
  guint32 m, k, n;
} MatDims;

static inline MatDims
matmul_dims (const AgGraph *g, const AgNode *node)
{
  const AgShape a = SHAPE (IN (node, 0)), b = SHAPE (IN (node, 1));
  return (MatDims) { a.ndim == 1 ? 1 : a.rows, a.cols, b.ndim == 1 ? 1 : b.cols };
}

void
ag_kernel_matmul_forward (const AgGraph *g, const AgNode *node)
{
  const MatDims d = matmul_dims (g, node);
  double *U = g->values + node->offset;

  ag_gemm_nn_set (d.m, d.n, d.k, VAL (IN (node, 0)), VAL (IN (node, 1)), U);   /* U = A B */
}

void
ag_kernel_matmul_vjp (const AgGraph *g, const AgNode *node, guint slot, const double *gout,
                      double *gin)
{
  const MatDims d = matmul_dims (g, node);

  if (slot == 0)                               /* Ā (M, K) += Ū (M, N) Bᵀ */
    ag_gemm_nt (d.m, d.k, d.n, gout, VAL (IN (node, 1)), gin, g->scratch);
  else                                         /* B̄ (K, N) += Aᵀ Ū (M, N) */
    ag_gemm_tn (d.k, d.n, d.m, VAL (IN (node, 0)), gout, gin);
}

void
ag_kernel_matmul_jvp (const AgGraph *g, const AgNode *node, guint slot, const double *tin,
                      double *tout)
{
  const MatDims d = matmul_dims (g, node);
  const double *A = slot == 0 ? tin : VAL (IN (node, 0));
  const double *B = slot == 1 ? tin : VAL (IN (node, 1));

  ag_gemm_nn (d.m, d.n, d.k, A, B, tout);      /* U̇ += Ȧ B  or  A Ḃ */
}

/* ---- moving elements: transpose, index, stack -------------------------------------------
 * Their vjp and jvp move the same elements as the forward pass, adding instead of copying:
 * the vjp from the output's gradient back to the input's, the jvp the other way. */

/* @y += @x, element by element. */
static inline void
add_into (double *y, const double *x, gsize n)
{
  for (gsize k = 0; k < n; k++)
    y[k] += x[k];
}

/* @y (@cols × @rows) += the transpose of @x (@rows × @cols). */
static inline void
add_transposed (double *y, const double *x, guint32 rows, guint32 cols)
{
  for (guint32 r = 0; r < rows; r++)
    for (guint32 c = 0; c < cols; c++)
      y[c * rows + r] += x[r * cols + c];
}

void
ag_kernel_transpose_forward (const AgGraph *g, const AgNode *n)
{
  const AgShape a = SHAPE (IN (n, 0));
  const double *A = VAL (IN (n, 0));
  double *U = g->values + n->offset;

  for (guint32 r = 0; r < a.rows; r++)
    for (guint32 c = 0; c < a.cols; c++)
      U[c * a.rows + r] = A[r * a.cols + c];
}

void
ag_kernel_transpose_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout,
                         double *gin)
{
  const AgShape a = SHAPE (IN (n, 0));

  add_transposed (gin, gout, a.cols, a.rows);
}

void
ag_kernel_transpose_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin,
                         double *tout)
{
  const AgShape a = SHAPE (IN (n, 0));

  add_transposed (tout, tin, a.rows, a.cols);
}

static inline guint32
index_start (const AgGraph *g, const AgNode *n)
{
  const AgShape a = SHAPE (IN (n, 0));
  return a.ndim == 1 ? (guint32) n->attr[0]
                     : (guint32) n->attr[0] * a.cols + (n->attr[1] >= 0 ? (guint32) n->attr[1] : 0);
}

void
ag_kernel_index_forward (const AgGraph *g, const AgNode *n)
{
  memcpy (g->values + n->offset, VAL (IN (n, 0)) + index_start (g, n), n->size * sizeof (double));
}

void
ag_kernel_index_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  add_into (gin + index_start (g, n), gout, n->size);
}

void
ag_kernel_index_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  add_into (tout, tin + index_start (g, n), n->size);
}

void
ag_kernel_stack_forward (const AgGraph *g, const AgNode *n)
{
  const guint32 part = n->size / n->n_inputs;

  for (guint slot = 0; slot < n->n_inputs; slot++)
    memcpy (g->values + n->offset + slot * part, VAL (IN (n, slot)), part * sizeof (double));
}

void
ag_kernel_stack_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const guint32 part = n->size / n->n_inputs;

  add_into (gin, gout + slot * part, part);
}

void
ag_kernel_stack_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const guint32 part = n->size / n->n_inputs;

  add_into (tout + slot * part, tin, part);
}
