/* ops.c: the op table. Each op's shape rule, forward, vector-Jacobian and Jacobian-vector
 * products sit together; the table at the bottom is the one place an op is defined. */
#include "core/ops.h"
#include "core/format.h"
#include "core/gemm.h"
#include "core/simd.h"

#include <math.h>
#include <string.h>

#define IN(n, slot)  ag_graph_input (g, (n), (slot))
#define VAL(id)      ag_graph_value (g, (id))
#define SHAPE(id)    (ag_graph_node (g, (id))->shape)

/* ---- shape rules ---------------------------------------------------------------------- */

static void
shape_error (GError **error, const char *what, const AgShape *a, const AgShape *b)
{
  g_autofree char *sa = ag_shape_to_string (*a);
  g_autofree char *sb = b ? ag_shape_to_string (*b) : NULL;

  if (b)
    g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "%s: shapes %s and %s do not fit", what, sa, sb);
  else
    g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "%s: shape %s does not fit", what, sa);
}

/* Element-wise broadcasting, as in NumPy for two dimensions: a scalar is 1×1 and a vector
 * is one row, so a scalar broadcasts over anything and a row over a matrix. */
static gboolean
infer_broadcast (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                 AgShape *out, GError **error)
{
  const AgShape a = in[0], b = in[1];

  if ((a.rows != b.rows && a.rows != 1 && b.rows != 1) ||
      (a.cols != b.cols && a.cols != 1 && b.cols != 1))
    {
      g_autofree char *sa = ag_shape_to_string (a);
      g_autofree char *sb = ag_shape_to_string (b);
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE,
                   "shapes %s and %s do not broadcast: sizes must match, or one side must be "
                   "a scalar or a row as long as the matrix is wide", sa, sb);
      return FALSE;
    }
  out->ndim = MAX (a.ndim, b.ndim);
  out->rows = MAX (a.rows, b.rows);
  out->cols = MAX (a.cols, b.cols);
  return TRUE;
}

static gboolean
infer_same (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr, AgShape *out,
            GError **error)
{
  *out = in[0];
  return TRUE;
}

static gboolean
infer_reduce (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr, AgShape *out,
              GError **error)
{
  *out = AG_SHAPE_SCALAR;
  return TRUE;
}

static gboolean
infer_dot (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr, AgShape *out,
           GError **error)
{
  if (in[0].ndim != 1 || in[1].ndim != 1 || in[0].cols != in[1].cols)
    {
      shape_error (error, "dot needs two vectors of the same length", &in[0], &in[1]);
      return FALSE;
    }
  *out = AG_SHAPE_SCALAR;
  return TRUE;
}

/* Matrix product with the shapes read as in NumPy: a vector on the left is a row, on the
 * right a column, and the result drops the dimension the vector lacked. */
static gboolean
infer_matmul (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr, AgShape *out,
              GError **error)
{
  const AgShape a = in[0], b = in[1];
  guint32 k_b = b.ndim == 1 ? b.cols : b.rows;

  if (a.ndim == 0 || b.ndim == 0)
    {
      shape_error (error, "@ multiplies vectors and matrices (use * for a scalar)", &a, &b);
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

static gboolean
infer_transpose (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                 AgShape *out, GError **error)
{
  *out = in[0].ndim == 2 ? ag_shape_matrix (in[0].cols, in[0].rows) : in[0];
  return TRUE;
}

static gboolean
infer_index (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr, AgShape *out,
             GError **error)
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

static gboolean
infer_stack (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr, AgShape *out,
             GError **error)
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

static gboolean
infer_pair_loss (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr, AgShape *out,
           GError **error)
{
  AgShape b;

  if (!infer_broadcast (g, in, n_in, attr, &b, error))
    return FALSE;
  /* The output is a scalar, so the arena's bound never sees the broadcast's size: check it. */
  if (ag_shape_size (b) > AG_MAX_ELEMENTS)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_LIMIT,
                   "the loss would compare %" G_GSIZE_FORMAT " pairs of elements; at most %u are supported",
                   ag_shape_size (b), AG_MAX_ELEMENTS);
      return FALSE;
    }
  *out = AG_SHAPE_SCALAR;
  return TRUE;
}

/* cross_entropy(logits, target): target shaped like the logits holds probabilities (one-hot or
 * soft); otherwise it holds one class index per row of logits. */
typedef enum { CE_PROBS, CE_INDEX } CeMode;

static gboolean
ce_mode (AgShape z, AgShape t, CeMode *mode)
{
  if (z.ndim == 0)
    return FALSE;
  if (ag_shape_equal (z, t))
    *mode = CE_PROBS;
  else if ((z.ndim == 1 && t.ndim == 0) || (z.ndim == 2 && t.ndim == 1 && t.cols == z.rows))
    *mode = CE_INDEX;
  else
    return FALSE;
  return TRUE;
}

static gboolean
infer_cross_entropy (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                     AgShape *out, GError **error)
{
  CeMode mode = CE_PROBS;   /* set by ce_mode(): the shapes were checked */

  if (!ce_mode (in[0], in[1], &mode))
    {
      shape_error (error, "cross_entropy(logits, target) needs a target shaped like the logits "
                   "(probabilities) or one class index per row", &in[0], &in[1]);
      return FALSE;
    }
  *out = AG_SHAPE_SCALAR;
  return TRUE;
}

/* ---- element-wise binary ops ------------------------------------------------------------
 * One macro writes forward, vjp and jvp from the scalar formulas, over the broadcast loop.
 * In the formulas a and b are the inputs' elements and u the output's. */

typedef struct {
  guint32 rows, cols;          /* of the output */
  guint32 ar, ac, br, bc;      /* of the inputs, as 2-D */
  gboolean same;               /* no broadcasting: one flat loop */
} Bcast;

/* The output's size is the larger input size on each axis (an mse's output is a scalar, so
 * this reads the inputs, not the node). */
static inline Bcast
bcast_of (const AgGraph *g, const AgNode *n)
{
  AgShape a = SHAPE (IN (n, 0)), b = SHAPE (IN (n, 1));
  Bcast bc = { MAX (a.rows, b.rows), MAX (a.cols, b.cols), a.rows, a.cols, b.rows, b.cols, FALSE };
  bc.same = a.rows == b.rows && a.cols == b.cols;
  return bc;
}

#define BC_INDEX(r, c, R, C) (((R) == 1 ? 0 : (r)) * (gsize) (C) + ((C) == 1 ? 0 : (c)))

/* The loop over a broadcast: one flat loop when the shapes match or one side is a scalar (a
 * learning rate), a row loop when one side is a row (a bias), the general loop otherwise.
 * Each case has fixed strides, so the compiler vectorises it. The indices are gsize: with
 * 32-bit ones, r * cols + c may wrap, the compiler cannot prove the row contiguous and falls
 * back to one element at a time (that made a bias's gradient a quarter of a training step). */
#define BCAST_LOOP(...)                                                                  \
  if (bc.same)                                                                            \
    for (gsize k = 0, n_ = (gsize) bc.rows * bc.cols; k < n_; k++)                         \
      { const gsize ia = k, ib = k; (void) ia; (void) ib; __VA_ARGS__ }                    \
  else if (bc.br * bc.bc == 1 && bc.ar == bc.rows && bc.ac == bc.cols)                   \
    for (gsize k = 0, n_ = (gsize) bc.rows * bc.cols; k < n_; k++)                         \
      { const gsize ia = k, ib = 0; (void) ia; (void) ib; __VA_ARGS__ }                    \
  else if (bc.ar * bc.ac == 1 && bc.br == bc.rows && bc.bc == bc.cols)                   \
    for (gsize k = 0, n_ = (gsize) bc.rows * bc.cols; k < n_; k++)                         \
      { const gsize ia = 0, ib = k; (void) ia; (void) ib; __VA_ARGS__ }                    \
  else if (bc.br == 1 && bc.bc == bc.cols && bc.ar == bc.rows && bc.ac == bc.cols)       \
    for (gsize r = 0, cols_ = bc.cols; r < bc.rows; r++)                                   \
      for (gsize c = 0, base_ = r * cols_; c < cols_; c++)                                 \
        { const gsize k = base_ + c, ia = k, ib = c; (void) ia; (void) ib; __VA_ARGS__ }   \
  else if (bc.ar == 1 && bc.ac == bc.cols && bc.br == bc.rows && bc.bc == bc.cols)       \
    for (gsize r = 0, cols_ = bc.cols; r < bc.rows; r++)                                   \
      for (gsize c = 0, base_ = r * cols_; c < cols_; c++)                                 \
        { const gsize k = base_ + c, ia = c, ib = k; (void) ia; (void) ib; __VA_ARGS__ }   \
  else                                                                                    \
    for (gsize r = 0; r < bc.rows; r++)                                                   \
      for (gsize c = 0; c < bc.cols; c++)                                                 \
        {                                                                                 \
          const gsize k = r * bc.cols + c;                                                \
          const gsize ia = BC_INDEX (r, c, bc.ar, bc.ac);                                 \
          const gsize ib = BC_INDEX (r, c, bc.br, bc.bc);                                 \
          (void) ia; (void) ib;                                                           \
          __VA_ARGS__                                                                     \
        }

/* The formulas become inline functions (NAME_f, NAME_da, NAME_db), which the loops below and
 * the scalar path (ag_op_forward_node) share, so both round alike. */
#define EW_BINARY(NAME, FORWARD, DA, DB)                                                   \
static inline double NAME##_f (double a, double b) { return (FORWARD); }                   \
static inline double NAME##_da (double a, double b, double u)                              \
{ (void) a; (void) b; (void) u; return (DA); }                                             \
static inline double NAME##_db (double a, double b, double u)                              \
{ (void) a; (void) b; (void) u; return (DB); }                                             \
KERNEL_CLONES static void                                                                  \
NAME##_forward (const AgGraph *g, const AgNode *n)                                         \
{                                                                                          \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *restrict A = VAL (IN (n, 0)), *restrict B = VAL (IN (n, 1));               \
  double *restrict U = g->values + n->offset;                                              \
  BCAST_LOOP ({ U[k] = NAME##_f (A[ia], B[ib]); })                                         \
}                                                                                          \
KERNEL_CLONES static void                                                                  \
NAME##_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *restrict gout, double *restrict gin) \
{                                                                                          \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *restrict A = VAL (IN (n, 0)), *restrict B = VAL (IN (n, 1));               \
  const double *restrict U = g->values + n->offset;                                        \
  if (slot == 0)                                                                           \
    BCAST_LOOP ({ gin[ia] += gout[k] * NAME##_da (A[ia], B[ib], U[k]); })                  \
  else                                                                                     \
    BCAST_LOOP ({ gin[ib] += gout[k] * NAME##_db (A[ia], B[ib], U[k]); })                  \
}                                                                                          \
KERNEL_CLONES static void                                                                  \
NAME##_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *restrict tin, double *restrict tout) \
{                                                                                          \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *restrict A = VAL (IN (n, 0)), *restrict B = VAL (IN (n, 1));               \
  const double *restrict U = g->values + n->offset;                                        \
  if (slot == 0)                                                                           \
    BCAST_LOOP ({ tout[k] += NAME##_da (A[ia], B[ib], U[k]) * tin[ia]; })                  \
  else                                                                                     \
    BCAST_LOOP ({ tout[k] += NAME##_db (A[ia], B[ib], U[k]) * tin[ib]; })                  \
}

EW_BINARY (add, a + b, 1.0, 1.0)
EW_BINARY (sub, a - b, 1.0, -1.0)
EW_BINARY (mul, a * b, b, a)
EW_BINARY (div, a / b, 1.0 / b, -a / (b * b))
/* PyTorch's pow_backward: the exponent 0 gives 0 (not 0·a^-1), and a zero base with a
 * non-negative exponent gives 0 for the exponent's gradient (not 0·log 0). */
/* Powers as PyTorch's pow kernel takes them: squares and cubes by multiplication, a square
 * root for ½, so the numbers match what students see there (and cost a multiply, not a call). */
static inline double
pow_torch (double a, double b)
{
  if (b == 2.0)
    return a * a;
  if (b == 3.0)
    return a * a * a;
  if (b == 1.0)
    return a;
  if (b == 0.5)
    return sqrt (a);
  return pow (a, b);
}

EW_BINARY (pow, pow_torch (a, b),
           b == 0.0 ? 0.0 : b * pow_torch (a, b - 1.0),
           (a == 0.0 && b >= 0.0) ? 0.0 : u * log (a))

/* ---- element-wise unary ops ---------------------------------------------------------- */

#define EW_UNARY(NAME, FORWARD, D)                                                         \
static inline double NAME##_f (double a) { return (FORWARD); }                             \
static inline double NAME##_d (double a, double u) { (void) a; (void) u; return (D); }     \
KERNEL_CLONES static void                                                                  \
NAME##_forward (const AgGraph *g, const AgNode *n)                                         \
{                                                                                          \
  const gsize size = n->size;                                                              \
  const double *restrict A = VAL (IN (n, 0));                                              \
  double *restrict U = g->values + n->offset;                                              \
  for (gsize k = 0; k < size; k++)                                                         \
    U[k] = NAME##_f (A[k]);                                                                \
}                                                                                          \
KERNEL_CLONES static void                                                                  \
NAME##_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *restrict gout, double *restrict gin) \
{                                                                                          \
  const gsize size = n->size;                                                              \
  const double *restrict A = VAL (IN (n, 0)), *restrict U = g->values + n->offset;         \
  for (gsize k = 0; k < size; k++)                                                         \
    gin[k] += gout[k] * NAME##_d (A[k], U[k]);                                             \
}                                                                                          \
KERNEL_CLONES static void                                                                  \
NAME##_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *restrict tin, double *restrict tout) \
{                                                                                          \
  const gsize size = n->size;                                                              \
  const double *restrict A = VAL (IN (n, 0)), *restrict U = g->values + n->offset;         \
  for (gsize k = 0; k < size; k++)                                                         \
    tout[k] += NAME##_d (A[k], U[k]) * tin[k];                                             \
}

static inline double
sigmoid (double a)
{
  /* Stable on both sides: exp never overflows. */
  if (a >= 0)
    return 1.0 / (1.0 + exp (-a));
  const double e = exp (a);
  return e / (1.0 + e);
}

EW_UNARY (neg, -a, -1.0)
EW_UNARY (exp, exp (a), u)
EW_UNARY (log, log (a), 1.0 / a)
EW_UNARY (sin, sin (a), cos (a))
EW_UNARY (cos, cos (a), -sin (a))
EW_UNARY (tan, tan (a), 1.0 + u * u)
EW_UNARY (sqrt, sqrt (a), 1.0 / (2.0 * u))
EW_UNARY (abs, fabs (a), a > 0.0 ? 1.0 : a < 0.0 ? -1.0 : 0.0)  /* sign(0) = 0, as PyTorch */
EW_UNARY (tanh, tanh (a), 1.0 - u * u)
EW_UNARY (sigmoid, sigmoid (a), u * (1.0 - u))
EW_UNARY (relu, a > 0.0 ? a : 0.0, a > 0.0 ? 1.0 : 0.0)           /* relu'(0) = 0 */

/* ---- reductions ---------------------------------------------------------------------- */

static void
sum_forward (const AgGraph *g, const AgNode *n)
{
  const AgNode *a = ag_graph_node (g, IN (n, 0));
  const double *A = g->values + a->offset;
  double s = 0.0;

  for (guint32 k = 0; k < a->size; k++)
    s += A[k];
  g->values[n->offset] = s;
}

static void
sum_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;

  for (guint32 k = 0; k < size; k++)
    gin[k] += gout[0];
}

static void
sum_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;

  for (guint32 k = 0; k < size; k++)
    tout[0] += tin[k];
}

static void
mean_forward (const AgGraph *g, const AgNode *n)
{
  sum_forward (g, n);
  g->values[n->offset] /= ag_graph_node (g, IN (n, 0))->size;
}

static void
mean_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;

  for (guint32 k = 0; k < size; k++)
    gin[k] += gout[0] / size;
}

static void
mean_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;
  double s = 0.0;

  for (guint32 k = 0; k < size; k++)
    s += tin[k];
  tout[0] += s / size;
}

static void
dot_forward (const AgGraph *g, const AgNode *n)
{
  const AgNode *a = ag_graph_node (g, IN (n, 0));
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));
  double s = 0.0;

  for (guint32 k = 0; k < a->size; k++)
    s += A[k] * B[k];
  g->values[n->offset] = s;
}

static void
dot_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const guint32 size = ag_graph_node (g, IN (n, 0))->size;
  const double *other = VAL (IN (n, 1 - slot));

  for (guint32 k = 0; k < size; k++)
    gin[k] += gout[0] * other[k];
}

static void
dot_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
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

static void
matmul_forward (const AgGraph *g, const AgNode *node)
{
  const MatDims d = matmul_dims (g, node);
  double *U = g->values + node->offset;

  ag_gemm_nn_set (d.m, d.n, d.k, VAL (IN (node, 0)), VAL (IN (node, 1)), U);   /* U = A B */
}

static void
matmul_vjp (const AgGraph *g, const AgNode *node, guint slot, const double *gout, double *gin)
{
  const MatDims d = matmul_dims (g, node);

  if (slot == 0)                               /* Ā (M, K) += Ū (M, N) Bᵀ */
    ag_gemm_nt (d.m, d.k, d.n, gout, VAL (IN (node, 1)), gin, g->scratch);
  else                                         /* B̄ (K, N) += Aᵀ Ū (M, N) */
    ag_gemm_tn (d.k, d.n, d.m, VAL (IN (node, 0)), gout, gin);
}

static void
matmul_jvp (const AgGraph *g, const AgNode *node, guint slot, const double *tin, double *tout)
{
  const MatDims d = matmul_dims (g, node);
  const double *A = slot == 0 ? tin : VAL (IN (node, 0));
  const double *B = slot == 1 ? tin : VAL (IN (node, 1));

  ag_gemm_nn (d.m, d.n, d.k, A, B, tout);      /* U̇ += Ȧ B  or  A Ḃ */
}

/* ---- moving elements: transpose, index, stack ------------------------------------------- */

static void
transpose_forward (const AgGraph *g, const AgNode *n)
{
  const AgShape a = SHAPE (IN (n, 0));
  const double *A = VAL (IN (n, 0));
  double *U = g->values + n->offset;

  for (guint32 r = 0; r < a.rows; r++)
    for (guint32 c = 0; c < a.cols; c++)
      U[c * a.rows + r] = A[r * a.cols + c];
}

static void
transpose_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const AgShape a = SHAPE (IN (n, 0));

  for (guint32 r = 0; r < a.rows; r++)
    for (guint32 c = 0; c < a.cols; c++)
      gin[r * a.cols + c] += gout[c * a.rows + r];
}

static void
transpose_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const AgShape a = SHAPE (IN (n, 0));

  for (guint32 r = 0; r < a.rows; r++)
    for (guint32 c = 0; c < a.cols; c++)
      tout[c * a.rows + r] += tin[r * a.cols + c];
}

static inline guint32
index_start (const AgGraph *g, const AgNode *n)
{
  const AgShape a = SHAPE (IN (n, 0));
  return a.ndim == 1 ? (guint32) n->attr[0]
                     : (guint32) n->attr[0] * a.cols + (n->attr[1] >= 0 ? (guint32) n->attr[1] : 0);
}

static void
index_forward (const AgGraph *g, const AgNode *n)
{
  memcpy (g->values + n->offset, VAL (IN (n, 0)) + index_start (g, n), n->size * sizeof (double));
}

static void
index_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  gin += index_start (g, n);
  for (guint32 k = 0; k < n->size; k++)
    gin[k] += gout[k];
}

static void
index_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  tin += index_start (g, n);
  for (guint32 k = 0; k < n->size; k++)
    tout[k] += tin[k];
}

static void
stack_forward (const AgGraph *g, const AgNode *n)
{
  const guint32 part = n->size / n->n_inputs;

  for (guint slot = 0; slot < n->n_inputs; slot++)
    memcpy (g->values + n->offset + slot * part, VAL (IN (n, slot)), part * sizeof (double));
}

static void
stack_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const guint32 part = n->size / n->n_inputs;

  gout += slot * part;
  for (guint32 k = 0; k < part; k++)
    gin[k] += gout[k];
}

static void
stack_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const guint32 part = n->size / n->n_inputs;

  tout += slot * part;
  for (guint32 k = 0; k < part; k++)
    tout[k] += tin[k];
}

/* ---- losses and softmax ----------------------------------------------------------------- */

static void
mse_forward (const AgGraph *g, const AgNode *n)
{
  const Bcast bc = bcast_of (g, n);
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));
  double total = 0.0;

  BCAST_LOOP ({ const double d = A[ia] - B[ib]; total += d * d; (void) k; })
  g->values[n->offset] = total / ((double) bc.rows * bc.cols);
}

/* mse is mean((a − b)²): ∂/∂a = 2(a − b)/N, ∂/∂b = −2(a − b)/N. */
static void
mse_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const Bcast bc = bcast_of (g, n);
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));

  const double scale = 2.0 * gout[0] / ((double) bc.rows * bc.cols);
  if (slot == 0)
    BCAST_LOOP ({ gin[ia] += scale * (A[ia] - B[ib]); (void) k; })
  else
    BCAST_LOOP ({ gin[ib] -= scale * (A[ia] - B[ib]); (void) k; })
}

static void
mse_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const Bcast bc = bcast_of (g, n);
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));
  double total = 0.0;

  if (slot == 0)
    BCAST_LOOP ({ total += (A[ia] - B[ib]) * tin[ia]; (void) k; })
  else
    BCAST_LOOP ({ total -= (A[ia] - B[ib]) * tin[ib]; (void) k; })
  tout[0] += 2.0 * total / ((double) bc.rows * bc.cols);
}

/* Losses that are the mean over broadcast pairs of a pointwise f(a, b), from its two partial
 * derivatives DA and DB (written in a and b). */
#define EW_MEAN_LOSS(NAME, F, DA, DB)                                                      \
static void                                                                                \
NAME##_forward (const AgGraph *g, const AgNode *n)                                         \
{                                                                                          \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));                                 \
  double total = 0.0;                                                                      \
  BCAST_LOOP ({ const double a = A[ia], b = B[ib]; total += (F); (void) k; })              \
  g->values[n->offset] = total / ((double) bc.rows * bc.cols);                             \
}                                                                                          \
KERNEL_CLONES static void                                                                  \
NAME##_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)\
{                                                                                          \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));                                 \
  const double scale = gout[0] / ((double) bc.rows * bc.cols);                             \
  if (slot == 0)                                                                           \
    BCAST_LOOP ({ const double a = A[ia], b = B[ib]; (void) a; (void) b; gin[ia] += scale * (DA); (void) k; }) \
  else                                                                                     \
    BCAST_LOOP ({ const double a = A[ia], b = B[ib]; (void) a; (void) b; gin[ib] += scale * (DB); (void) k; }) \
}                                                                                          \
KERNEL_CLONES static void                                                                  \
NAME##_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)\
{                                                                                          \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));                                 \
  double total = 0.0;                                                                      \
  if (slot == 0)                                                                           \
    BCAST_LOOP ({ const double a = A[ia], b = B[ib]; (void) a; (void) b; total += (DA) * tin[ia]; (void) k; }) \
  else                                                                                     \
    BCAST_LOOP ({ const double a = A[ia], b = B[ib]; (void) a; (void) b; total += (DB) * tin[ib]; (void) k; }) \
  tout[0] += total / ((double) bc.rows * bc.cols);                                         \
}

/* σ(z) without overflow for either sign. */
static inline double
stable_sigmoid (double z)
{
  if (z >= 0)
    return 1.0 / (1.0 + exp (-z));
  const double e = exp (z);
  return e / (1.0 + e);
}

/* bce_logits(z, t): binary cross-entropy of the probability σ(z) against the target t, as
 * torch.nn.BCEWithLogitsLoss: mean of max(z, 0) − z·t + log(1 + e^−|z|), which never
 * overflows. ∂/∂z = σ(z) − t, ∂/∂t = −z. */
EW_MEAN_LOSS (bce_logits, MAX (a, 0.0) - a * b + log1p (exp (-fabs (a))),
              stable_sigmoid (a) - b, -a)

/* hinge(s, t): the margin loss of scores s against targets t = ±1, mean of max(0, 1 − s·t).
 * At the kink s·t = 1 the derivative is taken as 0, as relu'(0) = 0. */
EW_MEAN_LOSS (hinge, MAX (0.0, 1.0 - a * b), a * b < 1.0 ? -b : 0.0, a * b < 1.0 ? -a : 0.0)

/* Softmax works on the last dimension: each row of a matrix is one distribution. */
static inline void
row_dims (AgShape s, guint32 *rows, guint32 *cols)
{
  *rows = s.ndim == 2 ? s.rows : 1;
  *cols = s.ndim == 0 ? 1 : s.cols;
}

static void
softmax_forward (const AgGraph *g, const AgNode *n)
{
  guint32 rows, cols;
  const double *A = VAL (IN (n, 0));
  double *U = g->values + n->offset;

  row_dims (n->shape, &rows, &cols);
  for (guint32 r = 0; r < rows; r++)
    {
      const double *a = A + r * cols;
      double *u = U + r * cols, max = a[0], total = 0.0;
      for (guint32 c = 1; c < cols; c++)
        max = MAX (max, a[c]);
      for (guint32 c = 0; c < cols; c++)
        total += u[c] = exp (a[c] - max);
      for (guint32 c = 0; c < cols; c++)
        u[c] /= total;
    }
}

/* ā_i += u_i (ū_i − Σ_j ū_j u_j), row by row: the Jacobian diag(u) − u uᵀ, never built. */
static void
softmax_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  guint32 rows, cols;
  const double *U = g->values + n->offset;

  row_dims (n->shape, &rows, &cols);
  for (guint32 r = 0; r < rows; r++)
    {
      const double *u = U + r * cols, *gu = gout + r * cols;
      double s = 0.0;
      for (guint32 c = 0; c < cols; c++)
        s += gu[c] * u[c];
      for (guint32 c = 0; c < cols; c++)
        gin[r * cols + c] += u[c] * (gu[c] - s);
    }
}

static void
softmax_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  /* The Jacobian is symmetric, so the same product serves both directions. */
  softmax_vjp (g, n, slot, tin, tout);
}

/* log-sum-exp of one row, shifted by its maximum so it never overflows. */
static inline double
row_logsumexp (const double *z, guint32 cols)
{
  double max = z[0], total = 0.0;

  for (guint32 c = 1; c < cols; c++)
    max = MAX (max, z[c]);
  for (guint32 c = 0; c < cols; c++)
    total += exp (z[c] - max);
  return max + log (total);
}

/* A class index from a target value, or -1 when it is not a whole number in range (the loss
 * is then NaN, so an edited target that makes no sense shows rather than misleads). */
static inline gint64
ce_class (double t, guint32 cols)
{
  if (!(t >= 0.0 && t < cols) || t != floor (t))
    return -1;
  return (gint64) t;
}

static void
cross_entropy_forward (const AgGraph *g, const AgNode *n)
{
  const AgShape zs = SHAPE (IN (n, 0)), ts = SHAPE (IN (n, 1));
  const double *Z = VAL (IN (n, 0)), *T = VAL (IN (n, 1));
  guint32 rows, cols;
  CeMode mode = CE_PROBS;   /* set by ce_mode(): the shapes were checked */
  double loss = 0.0;

  ce_mode (zs, ts, &mode);
  row_dims (zs, &rows, &cols);
  for (guint32 r = 0; r < rows; r++)             /* loss = mean over rows of −Σ t log softmax(z) */
    {
      const double *z = Z + r * cols, lse = row_logsumexp (z, cols);
      if (mode == CE_PROBS)
        for (guint32 c = 0; c < cols; c++)
          loss -= T[r * cols + c] * (z[c] - lse);
      else
        {
          gint64 cls = ce_class (T[r], cols);
          loss += cls < 0 ? NAN : lse - z[cls];
        }
    }
  g->values[n->offset] = loss / rows;
}

static void
cross_entropy_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const AgShape zs = SHAPE (IN (n, 0)), ts = SHAPE (IN (n, 1));
  const double *Z = VAL (IN (n, 0)), *T = VAL (IN (n, 1));
  guint32 rows, cols;
  CeMode mode = CE_PROBS;   /* set by ce_mode(): the shapes were checked */

  ce_mode (zs, ts, &mode);
  row_dims (zs, &rows, &cols);
  const double scale = gout[0] / rows;
  if (mode == CE_INDEX && slot == 1)
    return;                                      /* class indices are not differentiable */
  for (guint32 r = 0; r < rows; r++)
    {
      const double *z = Z + r * cols, lse = row_logsumexp (z, cols);
      if (slot == 1)                             /* t̄ += −log softmax(z) ḡ / B */
        for (guint32 c = 0; c < cols; c++)
          gin[r * cols + c] -= scale * (z[c] - lse);
      else if (mode == CE_PROBS)                 /* z̄ += (softmax(z) Σt − t) ḡ / B */
        {
          double tsum = 0.0;
          for (guint32 c = 0; c < cols; c++)
            tsum += T[r * cols + c];
          for (guint32 c = 0; c < cols; c++)
            gin[r * cols + c] += scale * (exp (z[c] - lse) * tsum - T[r * cols + c]);
        }
      else                                       /* z̄ += (softmax(z) − onehot) ḡ / B */
        {
          gint64 cls = ce_class (T[r], cols);
          for (guint32 c = 0; c < cols; c++)
            gin[r * cols + c] += cls < 0 ? NAN : scale * (exp (z[c] - lse) - (c == cls));
        }
    }
}

static void
cross_entropy_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
{
  const AgShape zs = SHAPE (IN (n, 0));
  guint32 rows, cols;
  const gsize size = ag_shape_size (ag_graph_node (g, IN (n, slot))->shape);
  double grad[64];
  double total = 0.0;

  /* ∂loss/∂input · ṫ: the vjp with ḡ = 1 gives the row of the Jacobian; take it in chunks of
   * one row so no allocation is needed. */
  row_dims (zs, &rows, &cols);
  if (size <= G_N_ELEMENTS (grad))
    {
      const double one = 1.0;
      memset (grad, 0, size * sizeof (double));
      cross_entropy_vjp (g, n, slot, &one, grad);
      for (gsize k = 0; k < size; k++)
        total += grad[k] * tin[k];
    }
  else
    {
      /* Large inputs: the same sum written out, row by row. */
      const AgShape ts = SHAPE (IN (n, 1));
      const double *Z = VAL (IN (n, 0)), *T = VAL (IN (n, 1));
      CeMode mode = CE_PROBS;   /* set by ce_mode(): the shapes were checked */
      ce_mode (zs, ts, &mode);
      if (mode == CE_INDEX && slot == 1)
        return;
      for (guint32 r = 0; r < rows; r++)
        {
          const double *z = Z + r * cols, lse = row_logsumexp (z, cols);
          double tsum = 0.0;
          gint64 cls = mode == CE_INDEX ? ce_class (T[r], cols) : 0;
          if (mode == CE_PROBS)
            for (guint32 c = 0; c < cols; c++)
              tsum += T[r * cols + c];
          for (guint32 c = 0; c < cols; c++)
            {
              double d;
              if (slot == 1)
                d = -(z[c] - lse);
              else if (mode == CE_PROBS)
                d = exp (z[c] - lse) * tsum - T[r * cols + c];
              else
                d = cls < 0 ? NAN : exp (z[c] - lse) - (c == cls);
              total += d * tin[r * cols + c] / rows;
            }
        }
    }
  tout[0] += total;
}

/* ---- the table -------------------------------------------------------------------------- */

#define ROW(OP, NAME, SYMBOL, SYNTAX, ARITY, INFER, FN) \
  .op = OP, .name = NAME, .symbol = SYMBOL, .syntax = SYNTAX, .arity = ARITY, .infer = INFER, \
  .forward = FN##_forward, .vjp = FN##_vjp, .jvp = FN##_jvp

static const AgOpInfo op_table[AG_N_OPS] = {
  [AG_OP_LEAF] = { .op = AG_OP_LEAF, .name = "leaf", .symbol = "", .syntax = AG_SYNTAX_LEAF },
  [AG_OP_ADD] = { ROW (AG_OP_ADD, "add", "+", AG_SYNTAX_INFIX, 2, infer_broadcast, add),
    .derivative = { "1", "1" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1.5, 0.25, -0.75]; y = a + b",
                "a = 0.7; b = [[1, 2], [3, 4]]; y = a + b",
                "a = [[1, 2, 3], [4, 5, 6]]; b = [0.5, -1, 2]; y = a + b" } },
  [AG_OP_SUB] = { ROW (AG_OP_SUB, "sub", "−", AG_SYNTAX_INFIX, 2, infer_broadcast, sub),
    .derivative = { "1", "-1" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1.5, 0.25, -0.75]; y = a - b",
                "a = [[1, 2], [3, 4]]; b = 0.3; y = a - b",
                "a = [0.5, -1]; b = [[1, 2], [3, 4], [5, 6]]; y = a - b" } },
  [AG_OP_MUL] = { ROW (AG_OP_MUL, "mul", "×", AG_SYNTAX_INFIX, 2, infer_broadcast, mul),
    .derivative = { "{b}", "{a}" },
    .checks = { "a = 3; b = -2; y = a * b",
                "a = [0.5, -1.5, 2]; b = [1.5, 0.25, -0.75]; y = a * b",
                "a = 1.3; b = [[1, -2], [3, 4]]; y = a * b",
                "a = [[1, 2, 3], [4, 5, 6]]; b = [0.5, -1, 2]; y = a * b" } },
  [AG_OP_DIV] = { ROW (AG_OP_DIV, "div", "÷", AG_SYNTAX_INFIX, 2, infer_broadcast, div),
    .derivative = { "1/{b}", "-{a}/{b}^2" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1.5, 0.75, -0.75]; y = a / b",
                "a = [[1, 2], [3, 4]]; b = 1.7; y = a / b" } },
  [AG_OP_NEG] = { ROW (AG_OP_NEG, "neg", "−", AG_SYNTAX_PREFIX, 1, infer_same, neg),
    .derivative = { "-1" },
    .checks = { "a = [0.5, -1.5, 2]; y = -a" } },
  [AG_OP_POW] = { ROW (AG_OP_POW, "pow", "^", AG_SYNTAX_INFIX, 2, infer_broadcast, pow),
    .derivative = { "{b}·{a}^({b}-1)", "{a}^{b}·ln {a}" },
    .checks = { "a = [0.5, 1.5, 2]; b = [1.5, 2.25, -0.75]; y = a ^ b",
                "a = 1.3; b = 2.5; y = a ^ b",
                "a = [[1.5, 2], [0.5, 3]]; b = 3; y = a ^ b" } },
  [AG_OP_EXP] = { ROW (AG_OP_EXP, "exp", "exp", AG_SYNTAX_CALL, 1, infer_same, exp),
    .derivative = { "exp({a})" },
    .checks = { "a = [0.5, -1.5, 2]; y = exp(a)" } },
  [AG_OP_LOG] = { ROW (AG_OP_LOG, "log", "log", AG_SYNTAX_CALL, 1, infer_same, log),
    .derivative = { "1/{a}" },
    .checks = { "a = [0.5, 1.5, 2]; y = log(a)" } },
  [AG_OP_SIN] = { ROW (AG_OP_SIN, "sin", "sin", AG_SYNTAX_CALL, 1, infer_same, sin),
    .derivative = { "cos({a})" },
    .checks = { "a = [0.5, -1.5, 2]; y = sin(a)" } },
  [AG_OP_COS] = { ROW (AG_OP_COS, "cos", "cos", AG_SYNTAX_CALL, 1, infer_same, cos),
    .derivative = { "-sin({a})" },
    .checks = { "a = [0.5, -1.5, 2]; y = cos(a)" } },
  [AG_OP_TAN] = { ROW (AG_OP_TAN, "tan", "tan", AG_SYNTAX_CALL, 1, infer_same, tan),
    .derivative = { "1 + tan({a})^2" },
    .checks = { "a = [0.5, -1.2, 1]; y = tan(a)" } },
  [AG_OP_SQRT] = { ROW (AG_OP_SQRT, "sqrt", "√", AG_SYNTAX_CALL, 1, infer_same, sqrt),
    .derivative = { "1/(2·sqrt({a}))" },
    .checks = { "a = [0.5, 1.5, 2]; y = sqrt(a)" } },
  [AG_OP_ABS] = { ROW (AG_OP_ABS, "abs", "|·|", AG_SYNTAX_CALL, 1, infer_same, abs),
    .derivative = { "sign({a})" },
    .checks = { "a = [0.5, -1.5, 2]; y = abs(a)" } },
  [AG_OP_TANH] = { ROW (AG_OP_TANH, "tanh", "tanh", AG_SYNTAX_CALL, 1, infer_same, tanh),
    .derivative = { "1 - tanh({a})^2" },
    .checks = { "a = [0.5, -1.5, 2]; y = tanh(a)" } },
  [AG_OP_SIGMOID] = { ROW (AG_OP_SIGMOID, "sigmoid", "σ", AG_SYNTAX_CALL, 1, infer_same, sigmoid),
    .derivative = { "σ({a})·(1 - σ({a}))" },
    .checks = { "a = [0.5, -1.5, 2]; y = sigmoid(a)", "a = [[-30, 30], [0.25, -0.25]]; y = sigmoid(a)" } },
  [AG_OP_RELU] = { ROW (AG_OP_RELU, "relu", "ReLU", AG_SYNTAX_CALL, 1, infer_same, relu),
    .derivative = { "1 if {a} > 0, else 0" },
    .checks = { "a = [0.5, -1.5, 2]; y = relu(a)", "a = [[1, -2], [-3, 4]]; y = relu(a)" } },
  [AG_OP_SUM] = { ROW (AG_OP_SUM, "sum", "Σ", AG_SYNTAX_CALL, 1, infer_reduce, sum),
    .derivative = { "1 for each element" },
    .checks = { "a = [0.5, -1.5, 2]; y = sum(a)", "a = [[1, 2], [3, 4]]; y = sum(a)" } },
  [AG_OP_MEAN] = { ROW (AG_OP_MEAN, "mean", "mean", AG_SYNTAX_CALL, 1, infer_reduce, mean),
    .derivative = { "1/n for each element" },
    .checks = { "a = [0.5, -1.5, 2]; y = mean(a)", "a = [[1, 2, 3], [3, 4, 5]]; y = mean(a)" } },
  [AG_OP_DOT] = { ROW (AG_OP_DOT, "dot", "·", AG_SYNTAX_CALL, 2, infer_dot, dot),
    .derivative = { "{b}", "{a}" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1.5, 0.25, -0.75]; y = dot(a, b)" } },
  [AG_OP_MATMUL] = { ROW (AG_OP_MATMUL, "matmul", "@", AG_SYNTAX_INFIX, 2, infer_matmul, matmul),
    .derivative = { "ū·{b}ᵀ", "{a}ᵀ·ū" },
    .checks = { "a = [[1, 2, 3], [4, 5, 6]]; b = [[0.5, -1], [2, 0.25], [-1.5, 1]]; y = a @ b",
                "a = [0.5, -1, 2]; b = [[1, 2], [3, 4], [5, 6]]; y = a @ b",
                "a = [[1, 2, 3], [4, 5, 6]]; b = [0.5, -1, 2]; y = a @ b",
                "a = [0.5, -1, 2]; b = [1.5, 0.25, -0.75]; y = a @ b" } },
  [AG_OP_TRANSPOSE] = { ROW (AG_OP_TRANSPOSE, "transpose", "ᵀ", AG_SYNTAX_CALL, 1, infer_transpose, transpose),
    .derivative = { "ūᵀ" },
    .checks = { "a = [[1, 2, 3], [4, 5, 6]]; y = transpose(a)", "a = [1, 2]; y = transpose(a)" } },
  [AG_OP_INDEX] = { ROW (AG_OP_INDEX, "index", "[ ]", AG_SYNTAX_INDEX, 1, infer_index, index),
    .derivative = { "1 at the chosen element, 0 elsewhere" },
    .checks = { "a = [0.5, -1.5, 2]; y = a[1]", "a = [[1, 2, 3], [4, 5, 6]]; y = a[1]",
                "a = [[1, 2, 3], [4, 5, 6]]; y = a[0, 2]" } },
  [AG_OP_STACK] = { ROW (AG_OP_STACK, "stack", "[…]", AG_SYNTAX_LIST, -1, infer_stack, stack),
    .derivative = { "1 at this input's place" },
    .checks = { "a = 0.5; b = -1.5; y = [a, b * a, 2]",
                "a = [1, 2]; b = [3, -4]; y = [a, b, a * b]" } },
  [AG_OP_MSE] = { ROW (AG_OP_MSE, "mse", "MSE", AG_SYNTAX_CALL, 2, infer_pair_loss, mse),
    .derivative = { "2({a} - {b})/n", "-2({a} - {b})/n" },
    .checks = { "a = [2, 4, 6]; b = [1, 5, 2.5]; y = mse(a, b)",
                "a = [[1, 2], [3, 4]]; b = [0.5, 1]; y = mse(a, b)" } },
  [AG_OP_SOFTMAX] = { ROW (AG_OP_SOFTMAX, "softmax", "softmax", AG_SYNTAX_CALL, 1, infer_same, softmax),
    .derivative = { "diag({u}) - {u}·{u}ᵀ" },
    .checks = { "a = [0.5, -1.5, 2]; y = softmax(a)", "a = [[1, 2, 3], [3, 1, -2]]; y = softmax(a)" } },
  [AG_OP_CROSS_ENTROPY] = { ROW (AG_OP_CROSS_ENTROPY, "cross_entropy", "CE", AG_SYNTAX_CALL, 2, infer_cross_entropy, cross_entropy),
    .derivative = { "(softmax({a})·Σ{b} - {b})/rows", "-log softmax({a})/rows" },
    .checks = { "a = [0.5, -1.5, 2]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)",
                "a = [[1, 2, 3], [3, 1, -2]]; b = [[0, 0, 1], [0.5, 0.5, 0]]; y = cross_entropy(a, b)",
                "a = [[1, 2, 3], [3, 1, -2]]; data b = [2, 0]; y = cross_entropy(a, b)",
                "a = [0.5, -1.5, 2]; data b = 1; y = cross_entropy(a, b)" } },
  [AG_OP_BCE_LOGITS] = { ROW (AG_OP_BCE_LOGITS, "bce_logits", "BCE", AG_SYNTAX_CALL, 2, infer_pair_loss, bce_logits),
    .derivative = { "(σ({a}) - {b})/n", "-{a}/n" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1, 0, 0.25]; y = bce_logits(a, b)",
                "a = [[1, -2], [3, 0.5]]; data b = [1, 0]; y = bce_logits(a, b)",
                "a = [[40, -40], [-35, 0.5]]; data b = [[1, 0], [0, 1]]; y = bce_logits(a, b)" } },
  [AG_OP_HINGE] = { ROW (AG_OP_HINGE, "hinge", "hinge", AG_SYNTAX_CALL, 2, infer_pair_loss, hinge),
    .derivative = { "-{b}/n where {a}·{b} < 1, else 0", "-{a}/n where {a}·{b} < 1, else 0" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1, 0.5, -1]; y = hinge(a, b)",
                "a = [[0.5, -1.5], [2, 0.25]]; data b = [[1, 1], [1, -1]]; y = hinge(a, b)" } },
};

const AgOpInfo *
ag_op_info (AgOp op)
{
  g_return_val_if_fail ((guint) op < AG_N_OPS, &op_table[AG_OP_LEAF]);
  return &op_table[op];
}

/* ---- the passes' calls ------------------------------------------------------------------
 * A scalar lesson is mostly one-element element-wise nodes, where a call through the table,
 * the broadcast set-up and a loop of one cost more than the sum itself. These do such a node
 * here, with the same inline formulas as the loops (so the same rounding), and hand anything
 * else to the table. An element-wise node of one element has inputs of one element: a
 * broadcast only widens. */

#define EW_BINARY_OPS(X) X (AG_OP_ADD, add) X (AG_OP_SUB, sub) X (AG_OP_MUL, mul)            \
                         X (AG_OP_DIV, div) X (AG_OP_POW, pow)
#define EW_UNARY_OPS(X)  X (AG_OP_NEG, neg) X (AG_OP_EXP, exp) X (AG_OP_LOG, log)             \
                         X (AG_OP_SIN, sin) X (AG_OP_COS, cos) X (AG_OP_TAN, tan)             \
                         X (AG_OP_SQRT, sqrt) X (AG_OP_ABS, abs) X (AG_OP_TANH, tanh)         \
                         X (AG_OP_SIGMOID, sigmoid) X (AG_OP_RELU, relu)

void
ag_op_forward_node (const AgGraph *g, const AgNode *n)
{
  if (n->size == 1)
    {
      double *u = g->values + n->offset;
      switch (n->op)
        {
#define CASE_B(OP, NAME) case OP: *u = NAME##_f (*VAL (IN (n, 0)), *VAL (IN (n, 1))); return;
#define CASE_U(OP, NAME) case OP: *u = NAME##_f (*VAL (IN (n, 0))); return;
        EW_BINARY_OPS (CASE_B)
        EW_UNARY_OPS (CASE_U)
#undef CASE_B
#undef CASE_U
        default:
          break;
        }
    }
  op_table[n->op].forward (g, n);
}

void
ag_op_vjp_node (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  if (n->size == 1)
    {
      const double u = g->values[n->offset];
      switch (n->op)
        {
#define CASE_B(OP, NAME)                                                                   \
        case OP:                                                                           \
          {                                                                                \
            const double a = *VAL (IN (n, 0)), b = *VAL (IN (n, 1));                       \
            *gin += *gout * (slot == 0 ? NAME##_da (a, b, u) : NAME##_db (a, b, u));       \
            return;                                                                        \
          }
#define CASE_U(OP, NAME) case OP: *gin += *gout * NAME##_d (*VAL (IN (n, 0)), u); return;
        EW_BINARY_OPS (CASE_B)
        EW_UNARY_OPS (CASE_U)
#undef CASE_B
#undef CASE_U
        default:
          break;
        }
    }
  op_table[n->op].vjp (g, n, slot, gout, gin);
}

const AgOpInfo *
ag_op_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  for (guint i = 1; i < AG_N_OPS; i++)
    if (strcmp (op_table[i].name, name) == 0)
      return &op_table[i];
  return NULL;
}

/* ---- text for people ------------------------------------------------------------------- */

static gboolean
is_simple (const char *s)
{
  if (s[0] == '\0')
    return FALSE;
  if (g_ascii_isdigit (s[0]) || s[0] == '.')
    {
      char *end;
      g_ascii_strtod (s, &end);
      return *end == '\0';
    }
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* An input's name as it appears inside a larger formula: in parentheses unless it is a plain
 * name or number. */
static char *
operand_text (const AgGraph *g, AgId id)
{
  const char *name = ag_graph_display_name (g, id);
  return is_simple (name) ? g_strdup (name) : g_strdup_printf ("(%s)", name);
}

static char *
substitute (const AgGraph *g, AgId id, const char *templ)
{
  const AgNode *n = ag_graph_node (g, id);
  GString *out = g_string_new (NULL);

  for (const char *p = templ; *p; p++)
    {
      if (p[0] == '{' && (p[1] == 'a' || p[1] == 'b' || p[1] == 'u') && p[2] == '}')
        {
          g_autofree char *text = NULL;
          if (p[1] == 'u')
            text = operand_text (g, id);
          else if ((guint) (p[1] - 'a') < n->n_inputs)
            text = operand_text (g, IN (n, p[1] - 'a'));
          else
            text = g_strdup ("?");
          g_string_append (out, text);
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
ag_op_describe_derivative (const AgGraph *graph, AgId id, guint slot)
{
  const AgGraph *g = graph;
  const AgNode *n;
  const AgOpInfo *info;

  g_return_val_if_fail (graph != NULL && id < ag_graph_n_nodes (graph), NULL);
  n = ag_graph_node (graph, id);
  info = ag_op_info (n->op);
  g_return_val_if_fail (slot < n->n_inputs, NULL);

  if (n->op == AG_OP_STACK || n->op == AG_OP_INDEX || n->op == AG_OP_NEG)
    slot = 0;
  else if (slot > 1)
    slot = 1;

  /* y^c with a constant c: the power rule, worked out, as a student writes it ("2y", "5y^4"). */
  if (n->op == AG_OP_POW && slot == 0)
    {
      const AgNode *e = ag_graph_node (g, IN (n, 1));
      if (e->role == AG_ROLE_CONST && e->size == 1)
        {
          const double c = g->values[e->offset];
          g_autofree char *base = operand_text (g, IN (n, 0));
          g_autoptr (GString) cs = g_string_new (NULL);
          g_autoptr (GString) ps = g_string_new (NULL);
          const char *sep = is_simple (base) && !g_ascii_isdigit (base[0]) ? "" : "·";

          ag_format_number (cs, c);
          ag_format_number (ps, c - 1.0);
          if (c == 0.0)
            return g_strdup ("0");
          if (c == 1.0)
            return g_strdup ("1");
          if (c == 2.0)
            return g_strdup_printf ("%s%s%s", cs->str, sep, base);
          if (c == -1.0)                        /* -x^(-2), not -1x^(-2) */
            {
              g_string_assign (cs, "-");
              sep = "";
            }
          return g_strdup_printf ("%s%s%s^%s%s%s", cs->str, sep, base,
                                  c - 1.0 < 0 ? "(" : "", ps->str, c - 1.0 < 0 ? ")" : "");
        }
    }
  return substitute (graph, id, info->derivative[slot] ? info->derivative[slot] : "?");
}

/* The expression of node @id with @text (one per input) for its operands. */
char *
ag_op_describe_expression_with (const AgGraph *graph, AgId id, const char *const *text)
{
  const AgNode *n;
  const AgOpInfo *info;
  GString *out;

  g_return_val_if_fail (graph != NULL && id < ag_graph_n_nodes (graph), NULL);
  n = ag_graph_node (graph, id);
  info = ag_op_info (n->op);
  out = g_string_new (NULL);

  switch (info->syntax)
    {
    case AG_SYNTAX_LEAF:
      g_string_append (out, ag_graph_display_name (graph, id));
      break;
    case AG_SYNTAX_INFIX:
      {
        static const char *ascii[AG_N_OPS] = {
          [AG_OP_ADD] = "+", [AG_OP_SUB] = "-", [AG_OP_MUL] = "*", [AG_OP_DIV] = "/",
          [AG_OP_POW] = "^", [AG_OP_MATMUL] = "@",
        };
        if (n->op == AG_OP_POW)
          g_string_append_printf (out, "%s^%s", text[0], text[1]);
        else
          g_string_append_printf (out, "%s %s %s", text[0], ascii[n->op], text[1]);
        break;
      }
    case AG_SYNTAX_PREFIX:
      g_string_append_printf (out, "-%s", text[0]);
      break;
    case AG_SYNTAX_CALL:
    case AG_SYNTAX_LIST:
      g_string_append (out, info->syntax == AG_SYNTAX_CALL ? info->name : "");
      g_string_append_c (out, info->syntax == AG_SYNTAX_CALL ? '(' : '[');
      for (guint i = 0; i < n->n_inputs; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "", text[i]);
      g_string_append_c (out, info->syntax == AG_SYNTAX_CALL ? ')' : ']');
      break;
    case AG_SYNTAX_INDEX:
      if (n->attr[1] >= 0)
        g_string_append_printf (out, "%s[%d, %d]", text[0], n->attr[0], n->attr[1]);
      else
        g_string_append_printf (out, "%s[%d]", text[0], n->attr[0]);
      break;
    }
  return g_string_free (out, FALSE);
}

char *
ag_op_describe_expression (const AgGraph *graph, AgId id)
{
  const AgNode *n;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (graph != NULL && id < ag_graph_n_nodes (graph), NULL);
  n = ag_graph_node (graph, id);
  for (guint i = 0; i < n->n_inputs; i++)
    {
      const AgOpInfo *info = ag_op_info (n->op);
      AgId in = ag_graph_input (graph, n, i);
      /* Call and list arguments need no parentheses; operators' operands may. */
      g_ptr_array_add (names, info->syntax == AG_SYNTAX_CALL || info->syntax == AG_SYNTAX_LIST
                                ? g_strdup (ag_graph_display_name (graph, in))
                                : operand_text (graph, in));
    }
  return ag_op_describe_expression_with (graph, id, (const char *const *) names->pdata);
}
