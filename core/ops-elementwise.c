/* ops-elementwise.c: the element-wise ops (+ − × ÷ ^, maximum and the functions of one
 * argument): their shape rules, their kernels written once from scalar formulas over the
 * broadcast loop, and the passes' calls, which do a one-element node with the same formulas
 * inline. */
#include "core/ops.h"
#include "core/ops-private.h"
#include "core/vec.h"

#include <math.h>
#include <string.h>

/* ---- shape rules ------------------------------------------------------------------------ */

/* Element-wise broadcasting, as in NumPy for two dimensions: a scalar is 1×1 and a vector
 * is one row, so a scalar broadcasts over anything and a row over a matrix. */
gboolean
ag_infer_broadcast (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
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

gboolean
ag_infer_same (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
               AgShape *out, GError **error)
{
  *out = in[0];
  return TRUE;
}

/* ---- element-wise binary ops ------------------------------------------------------------
 * One macro writes forward, vjp and jvp from the scalar formulas, over the broadcast loop.
 * In the formulas a and b are the inputs' elements and u the output's. */

/* The formulas become inline functions (NAME_f, NAME_da, NAME_db), which the loops below and
 * the scalar path (ag_op_forward_node) share, so both round alike. The vjp and the jvp are
 * written by one macro but stay two functions on purpose: each is one fixed-stride loop per
 * broadcast case with its formula pasted in, which is what vectorises (a shared loop taking
 * the product as a parameter at run time would not, and these loops are most of a training
 * step). */

/* What a binary op's kernels read: the broadcast, both inputs and the output. */
#define EW_BINARY_LOCALS                                                                     \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *restrict A = VAL (IN (n, 0)), *restrict B = VAL (IN (n, 1));               \
  const double *restrict U = g->values + n->offset;                                        \
  (void) A; (void) B; (void) U

/* A vjp or a jvp: @IN_ is the vector read (gout or tin), @OUT_ the one added into (gin or
 * tout); SLOT0 and SLOT1 are the loop bodies for the derivative by a and by b. */
#define EW_BINARY_SLOT_KERNEL(FUNC, IN_, OUT_, SLOT0, SLOT1)                                 \
KERNEL_CLONES void                                                                         \
FUNC (const AgGraph *g, const AgNode *n, guint slot, const double *restrict IN_, double *restrict OUT_) \
{                                                                                          \
  EW_BINARY_LOCALS;                                                                        \
  if (slot == 0)                                                                           \
    BCAST_LOOP (SLOT0)                                                                     \
  else                                                                                     \
    BCAST_LOOP (SLOT1)                                                                     \
}

/* A broadcast input's adjoint is a sum over the rows (a bias) or over everything (a scalar
 * such as a learning rate). Added one term at a time, every step waits for the last one's
 * store: W2's biases took a third of its step so. These add four rows (or eight lanes) apart
 * first, then into the adjoint; TERM is the contribution of element k, whose inputs' elements
 * are IA and IB. */
#define ROW_REDUCE(TERM, IA, IB)                                                             \
  {                                                                                        \
    const gsize rows_ = bc.rows, cols_ = bc.cols;                                          \
    gsize r = 0;                                                                           \
    for (; r + 4 <= rows_; r += 4)                                                         \
      for (gsize c = 0; c < cols_; c++)                                                    \
        {                                                                                  \
          double t_[4];                                                                    \
          for (int q_ = 0; q_ < 4; q_++)                                                   \
            {                                                                              \
              const gsize k = (r + q_) * cols_ + c, ia = (IA), ib = (IB);                  \
              (void) ia; (void) ib;                                                        \
              t_[q_] = (TERM);                                                             \
            }                                                                              \
          gin[c] += (t_[0] + t_[1]) + (t_[2] + t_[3]);                                     \
        }                                                                                  \
    for (; r < rows_; r++)                                                                 \
      for (gsize c = 0; c < cols_; c++)                                                    \
        {                                                                                  \
          const gsize k = r * cols_ + c, ia = (IA), ib = (IB);                             \
          (void) ia; (void) ib;                                                            \
          gin[c] += (TERM);                                                                \
        }                                                                                  \
  }

#define ALL_REDUCE(TERM, IA, IB)                                                             \
  {                                                                                        \
    const gsize n_ = (gsize) bc.rows * bc.cols;                                            \
    double s_[8] = { 0 };                                                                  \
    gsize k0 = 0;                                                                          \
    for (; k0 + 8 <= n_; k0 += 8)                                                          \
      for (int q_ = 0; q_ < 8; q_++)                                                       \
        {                                                                                  \
          const gsize k = k0 + q_, ia = (IA), ib = (IB);                                   \
          (void) ia; (void) ib;                                                            \
          s_[q_] += (TERM);                                                                \
        }                                                                                  \
    for (; k0 < n_; k0++)                                                                  \
      {                                                                                    \
        const gsize k = k0, ia = (IA), ib = (IB);                                          \
        (void) ia; (void) ib;                                                              \
        s_[0] += (TERM);                                                                   \
      }                                                                                    \
    gin[0] += ((s_[0] + s_[1]) + (s_[2] + s_[3])) + ((s_[4] + s_[5]) + (s_[6] + s_[7]));   \
  }

/* A vjp that adds: the reductions above where an input is broadcast, else the loop. */
#define EW_BINARY_VJP(FUNC, TERM0, TERM1)                                                    \
KERNEL_CLONES void                                                                         \
FUNC (const AgGraph *g, const AgNode *n, guint slot, const double *restrict gout, double *restrict gin) \
{                                                                                          \
  EW_BINARY_LOCALS;                                                                        \
  const gboolean a_full = bc.ar == bc.rows && bc.ac == bc.cols;                            \
  const gboolean b_full = bc.br == bc.rows && bc.bc == bc.cols;                            \
  if (slot == 1 && a_full && !b_full && bc.br * bc.bc == 1)                                \
    ALL_REDUCE (TERM1, k, 0)                                                               \
  else if (slot == 1 && a_full && bc.br == 1 && bc.bc == bc.cols)                          \
    ROW_REDUCE (TERM1, k, c)                                                               \
  else if (slot == 0 && b_full && !a_full && bc.ar * bc.ac == 1)                           \
    ALL_REDUCE (TERM0, 0, k)                                                               \
  else if (slot == 0 && b_full && bc.ar == 1 && bc.ac == bc.cols)                          \
    ROW_REDUCE (TERM0, c, k)                                                               \
  else if (slot == 0)                                                                      \
    BCAST_LOOP ({ gin[ia] += (TERM0); })                                                   \
  else                                                                                     \
    BCAST_LOOP ({ gin[ib] += (TERM1); })                                                   \
}

#define EW_BINARY(NAME, FORWARD, DA, DB)                                                   \
static inline double NAME##_f (double a, double b) { return (FORWARD); }                   \
static inline double NAME##_da (double a, double b, double u)                              \
{ (void) a; (void) b; (void) u; return (DA); }                                             \
static inline double NAME##_db (double a, double b, double u)                              \
{ (void) a; (void) b; (void) u; return (DB); }                                             \
KERNEL_CLONES void                                                                         \
ag_kernel_##NAME##_forward (const AgGraph *g, const AgNode *n)                             \
{                                                                                          \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *restrict A = VAL (IN (n, 0)), *restrict B = VAL (IN (n, 1));               \
  double *restrict U = g->values + n->offset;                                              \
  BCAST_LOOP ({ U[k] = NAME##_f (A[ia], B[ib]); })                                         \
}                                                                                          \
EW_BINARY_VJP (ag_kernel_##NAME##_vjp, gout[k] * NAME##_da (A[ia], B[ib], U[k]),           \
               gout[k] * NAME##_db (A[ia], B[ib], U[k]))                                   \
EW_BINARY_SLOT_KERNEL (ag_kernel_##NAME##_jvp, tin, tout,                                   \
                       { tout[k] += NAME##_da (A[ia], B[ib], U[k]) * tin[ia]; },           \
                       { tout[k] += NAME##_db (A[ia], B[ib], U[k]) * tin[ib]; })           \
static EW_BINARY_SLOT_KERNEL (NAME##_vjp_set, gout, gin,                                    \
                       { gin[ia] = gout[k] * NAME##_da (A[ia], B[ib], U[k]); },            \
                       { gin[ib] = gout[k] * NAME##_db (A[ia], B[ib], U[k]); })

EW_BINARY (add, a + b, 1.0, 1.0)
EW_BINARY (sub, a - b, 1.0, -1.0)
EW_BINARY (mul, a * b, b, a)
/* ∂/∂b as PyTorch's div_tensor_other_backward, −(a/b)/b = −u/b: b² overflows no sooner. */
EW_BINARY (div, a / b, 1.0 / b, -u / b)
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

/* maximum(a, b) as torch.maximum: NaN wins, and at a tie the gradient is split in half
 * (derivatives.yaml: where(a == b, ḡ/2, ḡ), masked where the other is larger), so a NaN
 * passes ḡ to both sides, as there. */
EW_BINARY (maximum, isnan (a) || isnan (b) ? NAN : (a < b ? b : a),
           a == b ? 0.5 : (a < b ? 0.0 : 1.0),
           a == b ? 0.5 : (a > b ? 0.0 : 1.0))

/* ---- element-wise unary ops ---------------------------------------------------------- */

/* A vjp or a jvp of a unary op, as EW_BINARY_SLOT_KERNEL with one input. */
#define EW_UNARY_SLOT_KERNEL(FUNC, IN_, OUT_, STATEMENT)                                    \
KERNEL_CLONES void                                                                         \
FUNC (const AgGraph *g, const AgNode *n, guint slot, const double *restrict IN_, double *restrict OUT_) \
{                                                                                          \
  const gsize size = n->size;                                                              \
  const double *restrict A = VAL (IN (n, 0)), *restrict U = g->values + n->offset;         \
  for (gsize k = 0; k < size; k++)                                                         \
    STATEMENT;                                                                             \
}

/* The derivative's two kernels, and the formulas as inline functions (the scalar path's). */
#define EW_UNARY_DERIV(NAME, FORWARD, D)                                                   \
static inline double NAME##_f (double a) { return (FORWARD); }                             \
static inline double NAME##_d (double a, double u) { (void) a; (void) u; return (D); }     \
EW_UNARY_SLOT_KERNEL (ag_kernel_##NAME##_vjp, gout, gin,                                    \
                      gin[k] += gout[k] * NAME##_d (A[k], U[k]))                           \
EW_UNARY_SLOT_KERNEL (ag_kernel_##NAME##_jvp, tin, tout,                                    \
                      tout[k] += NAME##_d (A[k], U[k]) * tin[k])                           \
static EW_UNARY_SLOT_KERNEL (NAME##_vjp_set, gout, gin,                                     \
                             gin[k] = gout[k] * NAME##_d (A[k], U[k]))

/* A unary op whose forward is a transcendental function: its loop is SLEEF's vector function
 * (core/vec.c, within 2 ulp of libm; a loop of libm calls does not vectorise). A one-element
 * node (the scalar path below) still calls libm, as PyTorch's kernels do for a tail. */
#define EW_UNARY_VEC(NAME, FORWARD, D, VEC)                                                \
EW_UNARY_DERIV (NAME, FORWARD, D)                                                          \
void                                                                                       \
ag_kernel_##NAME##_forward (const AgGraph *g, const AgNode *n)                             \
{                                                                                          \
  VEC (VAL (IN (n, 0)), g->values + n->offset, n->size);                                   \
}

#define EW_UNARY(NAME, FORWARD, D)                                                         \
EW_UNARY_DERIV (NAME, FORWARD, D)                                                          \
KERNEL_CLONES void                                                                         \
ag_kernel_##NAME##_forward (const AgGraph *g, const AgNode *n)                             \
{                                                                                          \
  const gsize size = n->size;                                                              \
  const double *restrict A = VAL (IN (n, 0));                                              \
  double *restrict U = g->values + n->offset;                                              \
  for (gsize k = 0; k < size; k++)                                                         \
    U[k] = NAME##_f (A[k]);                                                                \
}


EW_UNARY (neg, -a, -1.0)
EW_UNARY_VEC (exp, exp (a), u, ag_vec_exp)
EW_UNARY_VEC (log, log (a), 1.0 / a, ag_vec_log)
EW_UNARY (sin, sin (a), cos (a))
EW_UNARY (cos, cos (a), -sin (a))
EW_UNARY (tan, tan (a), 1.0 + u * u)
EW_UNARY (sqrt, sqrt (a), 1.0 / (2.0 * u))
EW_UNARY (abs, fabs (a), a > 0.0 ? 1.0 : a < 0.0 ? -1.0 : 0.0)  /* sign(0) = sign(NaN) = 0, as PyTorch */
EW_UNARY_VEC (tanh, tanh (a), 1.0 - u * u, ag_vec_tanh)
EW_UNARY_VEC (sigmoid, ag_sigmoid (a), u * (1.0 - u), ag_vec_sigmoid)
/* relu as torch.relu, clamp_min (a, 0): NaN and −0 pass through (NaN < 0 is false). Its
 * derivative is PyTorch's threshold_backward on the result, u <= 0 ? 0 : 1, so relu'(0) = 0
 * and a NaN passes the gradient on, as there. Both stay a compare and a blend, which vectorise. */
EW_UNARY (relu, a < 0.0 ? 0.0 : a, u <= 0.0 ? 0.0 : 1.0)
/* heaviside is relu's derivative as a node, so `grad` can write relu's backward with ops
 * (core/grad-build.c): threshold_backward's mask, 1 where a > 0 or a is NaN. Flat, so 0. */
EW_UNARY (heaviside, a <= 0.0 ? 0.0 : 1.0, 0.0)

/* ---- the passes' calls ------------------------------------------------------------------
 * A scalar lesson is mostly one-element element-wise nodes, where a call through the table,
 * the broadcast set-up and a loop of one cost more than the sum itself. These do such a node
 * here, with the same inline formulas as the loops (so the same rounding), and hand anything
 * else to the table. An element-wise node of one element has inputs of one element: a
 * broadcast only widens. */

#define EW_BINARY_OPS(X) X (AG_OP_ADD, add) X (AG_OP_SUB, sub) X (AG_OP_MUL, mul)          \
                         X (AG_OP_DIV, div) X (AG_OP_POW, pow) X (AG_OP_MAXIMUM, maximum)
#define EW_UNARY_OPS(X)  X (AG_OP_NEG, neg) X (AG_OP_EXP, exp) X (AG_OP_LOG, log)          \
                         X (AG_OP_SIN, sin) X (AG_OP_COS, cos) X (AG_OP_TAN, tan)          \
                         X (AG_OP_SQRT, sqrt) X (AG_OP_ABS, abs) X (AG_OP_TANH, tanh)      \
                         X (AG_OP_SIGMOID, sigmoid) X (AG_OP_RELU, relu)                   \
                         X (AG_OP_HEAVISIDE, heaviside)
/* A switch on node n's op with CASE_B (OP, NAME) for each binary op and CASE_U for each unary
 * one; any other op falls through. */
#define EW_SWITCH(CASE_B, CASE_U)                                                          \
  switch (n->op)                                                                           \
    {                                                                                      \
      EW_BINARY_OPS (CASE_B)                                                               \
      EW_UNARY_OPS (CASE_U)                                                                \
    default:                                                                               \
      break;                                                                               \
    }

void
ag_op_forward_node (const AgGraph *g, const AgNode *n)
{
  if (n->size == 1)
    {
      double *u = g->values + n->offset;
#define CASE_B(OP, NAME) case OP: *u = NAME##_f (*VAL (IN (n, 0)), *VAL (IN (n, 1))); return;
#define CASE_U(OP, NAME) case OP: *u = NAME##_f (*VAL (IN (n, 0))); return;
      EW_SWITCH (CASE_B, CASE_U)
#undef CASE_B
#undef CASE_U
    }
  ag_op_table[n->op].forward (g, n);
}

void
ag_op_vjp_node (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  if (n->size == 1)
    {
      const double u = g->values[n->offset];
#define CASE_B(OP, NAME)                                                                   \
    case OP:                                                                               \
      {                                                                                    \
        const double a = *VAL (IN (n, 0)), b = *VAL (IN (n, 1));                           \
        *gin += *gout * (slot == 0 ? NAME##_da (a, b, u) : NAME##_db (a, b, u));           \
        return;                                                                            \
      }
#define CASE_U(OP, NAME) case OP: *gin += *gout * NAME##_d (*VAL (IN (n, 0)), u); return;
      EW_SWITCH (CASE_B, CASE_U)
#undef CASE_B
#undef CASE_U
    }
  ag_op_table[n->op].vjp (g, n, slot, gout, gin);
}

/* The vjp into an adjoint no edge has written yet in this pass: it stores instead of adding,
 * so ag_graph_run() need not zero every computed node's adjoint first and the kernel need not
 * read it (on a training step those 4 MB arrays were a memset and a read each, per layer). An
 * element-wise input that was broadcast (a bias) gets several elements' sums, so it is zeroed
 * and added into as before; so is any op without a storing kernel. */
void
ag_op_vjp_set_node (const AgGraph *g, const AgNode *n, guint slot, const double *gout,
                    double *gin)
{
  const AgNode *v = ag_graph_node (g, ag_graph_input (g, n, slot));

  if (v->size == n->size && n->size > 1)
    switch (n->op)
      {
#define CASE_B(OP, NAME) case OP: NAME##_vjp_set (g, n, slot, gout, gin); return;
#define CASE_U(OP, NAME) case OP: NAME##_vjp_set (g, n, slot, gout, gin); return;
        EW_BINARY_OPS (CASE_B)
        EW_UNARY_OPS (CASE_U)
#undef CASE_B
#undef CASE_U
      default:
        break;
      }
  if (n->op == AG_OP_MATMUL)
    {
      ag_kernel_matmul_vjp_set (g, n, slot, gout, gin);
      return;
    }
  if (v->size == 1)
    *gin = 0.0;
  else
    memset (gin, 0, v->size * sizeof (double));
  ag_op_vjp_node (g, n, slot, gout, gin);
}
