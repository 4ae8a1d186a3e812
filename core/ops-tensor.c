/* ops-tensor.c: the ops that reduce, multiply or move whole tensors: sum, mean and max (of
 * the whole tensor or along an axis), dot, matmul, transpose, index, stack and cat, with
 * their shape rules. */
#include "core/ops.h"
#include "core/ops-private.h"
#include "core/gemm.h"

#include <string.h>

/* ---- shape rules ------------------------------------------------------------------------ */

/* Sets an error when @axis (0 … ndim − 1, or −1 for none) is not an axis of @s. A scalar
 * takes axis 0, as in PyTorch. The parser places its own message first; this guards the API. */
static gboolean
axis_fits (const char *what, AgShape s, gint32 axis, GError **error)
{
  if (axis < MAX (s.ndim, 1))
    return TRUE;
  g_autofree char *ss = ag_shape_to_string (s);
  g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "%s: axis %d is out of range for shape %s", what,
               axis, ss);
  return FALSE;
}

/* sum, mean, max: the whole tensor to a scalar (attr[0] = -1), or one axis removed (or kept
 * with length 1 when attr[1] = 1, PyTorch's keepdim). */
gboolean
ag_infer_reduce (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                 AgShape *out, GError **error)
{
  const AgShape a = in[0];
  const gint32 axis = attr[0];
  const gboolean keep = attr[1] > 0;

  if (axis < 0)
    {
      if (keep)
        {
          g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "keepdim needs an axis, e.g. sum(x, 0, True)");
          return FALSE;
        }
      *out = AG_SHAPE_SCALAR;
      return TRUE;
    }
  if (!axis_fits ("a reduction", a, axis, error))
    return FALSE;
  if (a.ndim == 0)
    *out = AG_SHAPE_SCALAR;
  else if (a.ndim == 1)
    *out = keep ? ag_shape_vector (1) : AG_SHAPE_SCALAR;
  else if (axis == 0)
    *out = keep ? ag_shape_matrix (1, a.cols) : ag_shape_vector (a.cols);
  else
    *out = keep ? ag_shape_matrix (a.rows, 1) : ag_shape_vector (a.rows);
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

/* stack([a, b, …], dim), and the list [a, b, …] (axis 0): inputs of one shape, side by side
 * along a new axis. Scalars make a vector; vectors make a matrix whose rows (axis 0) or
 * columns (axis 1) they are. */
gboolean
ag_infer_stack (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                AgShape *out, GError **error)
{
  const gint32 axis = MAX (attr[0], 0);

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
                   "dimensions); to join matrices use cat([A, B], 0)");
      return FALSE;
    }
  if (axis > in[0].ndim)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "stack: axis %d is out of range for a new "
                   "axis beside %s", axis, in[0].ndim == 0 ? "scalars" : "vectors");
      return FALSE;
    }
  if (in[0].ndim == 0)
    *out = ag_shape_vector (n_in);
  else
    *out = axis == 0 ? ag_shape_matrix (n_in, in[0].cols) : ag_shape_matrix (in[0].cols, n_in);
  return TRUE;
}

/* cat([a, b, …], dim): vectors end to end, or matrices joined along rows (axis 0) or columns
 * (axis 1); every other size must match, as in torch.cat. */
gboolean
ag_infer_cat (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
              AgShape *out, GError **error)
{
  const gint32 axis = MAX (attr[0], 0);
  guint64 total = 0;

  for (guint i = 0; i < n_in; i++)
    {
      g_autofree char *s0 = ag_shape_to_string (in[0]);
      g_autofree char *si = ag_shape_to_string (in[i]);

      if (in[i].ndim == 0)
        {
          g_set_error (error, AG_ERROR, AG_ERROR_SHAPE,
                       "cat joins vectors or matrices, but element %u is a scalar: to make a "
                       "vector of scalars write [a, b] or stack([a, b])", i + 1);
          return FALSE;
        }
      if (in[i].ndim != in[0].ndim)
        {
          g_set_error (error, AG_ERROR, AG_ERROR_SHAPE,
                       "cat needs tensors with the same number of axes: element 1 is %s, "
                       "element %u is %s", s0, i + 1, si);
          return FALSE;
        }
      if (!axis_fits ("cat", in[i], axis, error))
        return FALSE;
      if (in[0].ndim == 2 && (axis == 0 ? in[i].cols != in[0].cols : in[i].rows != in[0].rows))
        {
          g_set_error (error, AG_ERROR, AG_ERROR_SHAPE,
                       "cat along axis %d needs the same number of %s: element 1 is %s, "
                       "element %u is %s", axis, axis == 0 ? "columns" : "rows", s0, i + 1, si);
          return FALSE;
        }
      total += in[0].ndim == 2 && axis == 0 ? in[i].rows : in[i].cols;
    }
  if (total > AG_MAX_ELEMENTS)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_LIMIT, "cat would make a tensor of more than %u "
                   "elements", AG_MAX_ELEMENTS);
      return FALSE;
    }
  if (in[0].ndim == 1)
    *out = ag_shape_vector ((guint32) total);
  else if (axis == 0)
    *out = ag_shape_matrix ((guint32) total, in[0].cols);
  else
    *out = ag_shape_matrix (in[0].rows, (guint32) total);
  return TRUE;
}

/* ---- reductions ----------------------------------------------------------------------
 * Each lane of the input (lanes_of: the whole tensor, or its rows or columns) gives one
 * element of the output. */

void
ag_kernel_sum_forward (const AgGraph *g, const AgNode *n)
{
  const Lanes L = lanes_of (SHAPE (IN (n, 0)), n->attr[0]);
  const double *A = VAL (IN (n, 0));
  double *U = g->values + n->offset;

  for (guint32 i = 0; i < L.n; i++)
    {
      double s = 0.0;
      for (guint32 j = 0; j < L.len; j++)
        s += A[LANE_AT (L, i, j)];
      U[i] = s;
    }
}

/* ā += ū spread over its lane; for mean ū/len, divided as PyTorch's mean_backward divides. */
static void
spread_vjp (const AgGraph *g, const AgNode *n, const double *gout, double *gin, gboolean mean)
{
  const Lanes L = lanes_of (SHAPE (IN (n, 0)), n->attr[0]);

  for (guint32 i = 0; i < L.n; i++)
    {
      const double share = mean ? gout[i] / L.len : gout[i];
      for (guint32 j = 0; j < L.len; j++)
        gin[LANE_AT (L, i, j)] += share;
    }
}

/* u̇ += the lane's sum of ȧ, times 1/len for mean. */
static void
gather_jvp (const AgGraph *g, const AgNode *n, const double *tin, double *tout, gboolean mean)
{
  const Lanes L = lanes_of (SHAPE (IN (n, 0)), n->attr[0]);

  for (guint32 i = 0; i < L.n; i++)
    {
      double s = 0.0;
      for (guint32 j = 0; j < L.len; j++)
        s += tin[LANE_AT (L, i, j)];
      tout[i] += mean ? s / L.len : s;
    }
}

void
ag_kernel_sum_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  spread_vjp (g, n, gout, gin, FALSE);
}

void
ag_kernel_sum_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  gather_jvp (g, n, tin, tout, FALSE);
}

void
ag_kernel_mean_forward (const AgGraph *g, const AgNode *n)
{
  const Lanes L = lanes_of (SHAPE (IN (n, 0)), n->attr[0]);
  double *U = g->values + n->offset;

  ag_kernel_sum_forward (g, n);
  for (guint32 i = 0; i < L.n; i++)
    U[i] /= L.len;
}

void
ag_kernel_mean_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  spread_vjp (g, n, gout, gin, TRUE);
}

void
ag_kernel_mean_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  gather_jvp (g, n, tin, tout, TRUE);
}

/* ---- max: PyTorch's subgradients --------------------------------------------------------
 * max(x) is torch.max(x): the gradient is shared evenly by every element equal to the
 * maximum (evenly_distribute_backward; a NaN maximum shares it among the NaNs). max(x, dim)
 * is torch.max(x, dim).values: the whole gradient goes to the index torch.max returns, the
 * first maximal element of the lane (value_selecting_reduction_backward). A NaN is larger
 * than everything, so it is the maximum as in PyTorch. */

/* The position in lane @i of its first maximum (its first NaN if it has one). */
static inline guint32
lane_argmax (const double *A, Lanes L, guint32 i)
{
  guint32 best = 0;
  double m = A[LANE_AT (L, i, 0)];

  for (guint32 j = 1; j < L.len && !isnan (m); j++)
    {
      const double v = A[LANE_AT (L, i, j)];
      if (v > m || isnan (v))
        {
          m = v;
          best = j;
        }
    }
  return best;
}

/* Whether element @v shares a whole-tensor maximum @m (torch's mask: equal, or both NaN). */
static inline gboolean
is_max (double v, double m)
{
  return isnan (m) ? isnan (v) : v == m;
}

void
ag_kernel_max_forward (const AgGraph *g, const AgNode *n)
{
  const Lanes L = lanes_of (SHAPE (IN (n, 0)), n->attr[0]);
  const double *A = VAL (IN (n, 0));
  double *U = g->values + n->offset;

  for (guint32 i = 0; i < L.n; i++)
    U[i] = A[LANE_AT (L, i, lane_argmax (A, L, i))];
}

void
ag_kernel_max_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const Lanes L = lanes_of (SHAPE (IN (n, 0)), n->attr[0]);
  const double *A = VAL (IN (n, 0)), *U = g->values + n->offset;

  if (n->attr[0] >= 0)
    {
      for (guint32 i = 0; i < L.n; i++)
        gin[LANE_AT (L, i, lane_argmax (A, L, i))] += gout[i];
      return;
    }
  guint32 count = 0;
  for (guint32 k = 0; k < L.len; k++)
    count += is_max (A[k], U[0]);
  const double share = gout[0] / count;     /* grad / mask.sum(), as PyTorch divides */
  for (guint32 k = 0; k < L.len; k++)
    if (is_max (A[k], U[0]))
      gin[k] += share;
}

void
ag_kernel_max_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const Lanes L = lanes_of (SHAPE (IN (n, 0)), n->attr[0]);
  const double *A = VAL (IN (n, 0)), *U = g->values + n->offset;

  if (n->attr[0] >= 0)
    {
      for (guint32 i = 0; i < L.n; i++)
        tout[i] += tin[LANE_AT (L, i, lane_argmax (A, L, i))];
      return;
    }
  guint32 count = 0;
  double s = 0.0;
  for (guint32 k = 0; k < L.len; k++)
    if (is_max (A[k], U[0]))
      {
        s += tin[k];
        count++;
      }
  tout[0] += s / count;                     /* evenly_read_jvp */
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

/* The vjp storing into an adjoint nothing has written yet (ag_op_vjp_set_node). */
void
ag_kernel_matmul_vjp_set (const AgGraph *g, const AgNode *node, guint slot, const double *gout,
                          double *gin)
{
  const MatDims d = matmul_dims (g, node);

  if (slot == 0)                               /* Ā (M, K) = Ū (M, N) Bᵀ */
    ag_gemm_nt_set (d.m, d.k, d.n, gout, VAL (IN (node, 1)), gin, g->scratch);
  else                                         /* B̄ (K, N) = Aᵀ Ū (M, N) */
    ag_gemm_tn_set (d.k, d.n, d.m, VAL (IN (node, 0)), gout, gin);
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

/* ---- moving elements: transpose, index, stack, cat ----------------------------------------
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

/* Where input @slot of a stack or cat sits in the output: its elements are @rows runs of
 * @run elements, run r starting at @start + r·@pitch in the output. */
typedef struct {
  gsize start, pitch;
  guint32 rows, run;
} Place;

static Place
stack_place (const AgGraph *g, const AgNode *n, guint slot)
{
  const guint32 part = n->size / n->n_inputs;

  if (n->attr[0] == 1)                          /* vectors as the columns of a matrix */
    return (Place) { slot, n->n_inputs, part, 1 };
  return (Place) { (gsize) slot * part, part, 1, part };
}

static Place
cat_place (const AgGraph *g, const AgNode *n, guint slot)
{
  const AgShape s = SHAPE (IN (n, slot));
  gsize before = 0;

  if (n->attr[0] == 1)                          /* matrices side by side: columns */
    {
      for (guint i = 0; i < slot; i++)
        before += SHAPE (IN (n, i)).cols;
      return (Place) { before, n->shape.cols, s.rows, s.cols };
    }
  for (guint i = 0; i < slot; i++)              /* end to end: whole blocks of rows */
    before += ag_graph_node (g, IN (n, i))->size;
  return (Place) { before, 0, 1, (guint32) ag_shape_size (s) };
}

/* The input's elements at their place @p in the output @out: copied there (forward), added
 * there (jvp), or added back from there into the input (vjp). */
static inline void
place_copy (Place p, double *out, const double *in)
{
  for (guint32 r = 0; r < p.rows; r++)
    memcpy (out + p.start + r * p.pitch, in + (gsize) r * p.run, p.run * sizeof (double));
}

static inline void
place_add (Place p, double *out, const double *in)
{
  for (guint32 r = 0; r < p.rows; r++)
    add_into (out + p.start + r * p.pitch, in + (gsize) r * p.run, p.run);
}

static inline void
place_add_back (Place p, double *in, const double *out)
{
  for (guint32 r = 0; r < p.rows; r++)
    add_into (in + (gsize) r * p.run, out + p.start + r * p.pitch, p.run);
}

void
ag_kernel_stack_forward (const AgGraph *g, const AgNode *n)
{
  for (guint slot = 0; slot < n->n_inputs; slot++)
    place_copy (stack_place (g, n, slot), g->values + n->offset, VAL (IN (n, slot)));
}

void
ag_kernel_stack_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  place_add_back (stack_place (g, n, slot), gin, gout);
}

void
ag_kernel_stack_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  place_add (stack_place (g, n, slot), tout, tin);
}

void
ag_kernel_cat_forward (const AgGraph *g, const AgNode *n)
{
  for (guint slot = 0; slot < n->n_inputs; slot++)
    place_copy (cat_place (g, n, slot), g->values + n->offset, VAL (IN (n, slot)));
}

void
ag_kernel_cat_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  place_add_back (cat_place (g, n, slot), gin, gout);
}

void
ag_kernel_cat_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  place_add (cat_place (g, n, slot), tout, tin);
}
