/* ops-private.h: what the op table's files share, for them alone: ops.c holds the table,
 * ops-elementwise.c, ops-tensor.c and ops-loss.c the shape rules and kernels of each family,
 * which the table points at. All four are kernels (compiled at -O3, see meson.build).
 *
 * Include it after core/ops.h, never alone: it includes no core header itself, since any header
 * here that included graph.h or ops.h would join the one allowed include cycle, graph <-> ops. */
#pragma once

#include "core/simd.h"

#include <math.h>

G_BEGIN_DECLS

#define IN(n, slot)  ag_graph_input (g, (n), (slot))
#define VAL(id)      ag_graph_value (g, (id))
#define SHAPE(id)    (ag_graph_node (g, (id))->shape)

/* The table (ops.c): the passes' scalar path (ops-elementwise.c) falls back on it. */
extern const AgOpInfo ag_op_table[AG_N_OPS];

/* Sets a shape error "@what: shapes A and B do not fit" (@b may be NULL). */
void ag_op_shape_error (GError **error, const char *what, const AgShape *a, const AgShape *b);

/* σ(a), stable on both sides: exp never overflows. The sigmoid op and bce_logits share it. */
static inline double
ag_sigmoid (double a)
{
  if (a >= 0)
    return 1.0 / (1.0 + exp (-a));
  const double e = exp (a);
  return e / (1.0 + e);
}

/* ---- lanes: an op along one axis (sum(x, 1), softmax, max) -------------------------------
 * A tensor seen as @n lanes of @len elements: element j of lane i is at i·stride + j·step.
 * Along the last axis the lanes are the rows (a vector is one row); along axis 0 of a matrix
 * they are the columns; the whole tensor is one lane. */

typedef struct {
  guint32 n, len;
  gsize   step, stride;
} Lanes;

#define LANE_AT(L, i, j) ((gsize) (i) * (L).stride + (gsize) (j) * (L).step)

/* The lanes of @s along @axis, in the tensor's own numbering (0 … ndim − 1); a negative
 * @axis is the whole tensor. A lane's result is element i of the output, in the output's
 * row-major order. */
static inline Lanes
lanes_of (AgShape s, gint32 axis)
{
  if (axis < 0)
    return (Lanes) { 1, s.rows * s.cols, 1, 0 };
  if (s.ndim < 2 || axis == 1)
    return (Lanes) { s.rows, s.cols, 1, s.cols };
  return (Lanes) { s.cols, s.rows, s.cols, 1 };
}

/* The axis an op along the last axis by default (softmax) works on: attr -1 is the last. */
static inline gint32
last_axis_or (gint32 attr, AgShape s)
{
  return attr >= 0 ? attr : MAX (s.ndim, 1) - 1;
}

/* ---- broadcasting: the element-wise ops and the pairwise losses -------------------------- */

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
/* A row of a broadcast loop: the arrays it reads and writes are distinct (restrict), which
 * GCC does not take from the kernels' local pointers, so without this it checked them for
 * overlap before every row (most of a 16-wide bias add's time). */
#if defined(__clang__)
#define IVDEP     /* clang's assume_safety would also let it reorder the losses' sums */
#elif defined(__GNUC__)
#define IVDEP _Pragma ("GCC ivdep")
#else
#define IVDEP
#endif

#define BCAST_LOOP(...)                                                                    \
  if (bc.same)                                                                             \
    for (gsize k = 0, n_ = (gsize) bc.rows * bc.cols; k < n_; k++)                         \
      { const gsize ia = k, ib = k; (void) ia; (void) ib; __VA_ARGS__ }                    \
  else if (bc.br * bc.bc == 1 && bc.ar == bc.rows && bc.ac == bc.cols)                     \
    for (gsize k = 0, n_ = (gsize) bc.rows * bc.cols; k < n_; k++)                         \
      { const gsize ia = k, ib = 0; (void) ia; (void) ib; __VA_ARGS__ }                    \
  else if (bc.ar * bc.ac == 1 && bc.br == bc.rows && bc.bc == bc.cols)                     \
    for (gsize k = 0, n_ = (gsize) bc.rows * bc.cols; k < n_; k++)                         \
      { const gsize ia = 0, ib = k; (void) ia; (void) ib; __VA_ARGS__ }                    \
  else if (bc.br == 1 && bc.bc == bc.cols && bc.ar == bc.rows && bc.ac == bc.cols)         \
    for (gsize r = 0, cols_ = bc.cols; r < bc.rows; r++)                                   \
      IVDEP for (gsize c = 0, base_ = r * cols_; c < cols_; c++)                           \
        { const gsize k = base_ + c, ia = k, ib = c; (void) ia; (void) ib; __VA_ARGS__ }   \
  else if (bc.ar == 1 && bc.ac == bc.cols && bc.br == bc.rows && bc.bc == bc.cols)         \
    for (gsize r = 0, cols_ = bc.cols; r < bc.rows; r++)                                   \
      IVDEP for (gsize c = 0, base_ = r * cols_; c < cols_; c++)                           \
        { const gsize k = base_ + c, ia = c, ib = k; (void) ia; (void) ib; __VA_ARGS__ }   \
  else                                                                                     \
    for (gsize r = 0; r < bc.rows; r++)                                                    \
      for (gsize c = 0; c < bc.cols; c++)                                                  \
        {                                                                                  \
          const gsize k = r * bc.cols + c;                                                 \
          const gsize ia = BC_INDEX (r, c, bc.ar, bc.ac);                                  \
          const gsize ib = BC_INDEX (r, c, bc.br, bc.bc);                                  \
          (void) ia; (void) ib;                                                            \
          __VA_ARGS__                                                                      \
        }

/* Each op's three kernels (see AgForwardFunc, AgVjpFunc and AgJvpFunc in ops.h), named
 * ag_kernel_NAME_forward, _vjp and _jvp after the table's FN column. */
#define AG_KERNELS(NAME)                                                                   \
  void ag_kernel_##NAME##_forward (const AgGraph *g, const AgNode *n);                     \
  void ag_kernel_##NAME##_vjp (const AgGraph *g, const AgNode *n, guint slot,              \
                               const double *gout, double *gin);                           \
  void ag_kernel_##NAME##_jvp (const AgGraph *g, const AgNode *n, guint slot,              \
                               const double *tin, double *tout);
#define AG_INFER(NAME)                                                                     \
  gboolean ag_infer_##NAME (const AgGraph *g, const AgShape *in, guint n_in,               \
                            const gint32 *attr, AgShape *out, GError **error);

/* ops-elementwise.c */
AG_INFER (broadcast) AG_INFER (same)
AG_KERNELS (add) AG_KERNELS (sub) AG_KERNELS (mul) AG_KERNELS (div) AG_KERNELS (pow)
AG_KERNELS (neg) AG_KERNELS (exp) AG_KERNELS (log) AG_KERNELS (sin) AG_KERNELS (cos)
AG_KERNELS (tan) AG_KERNELS (sqrt) AG_KERNELS (abs) AG_KERNELS (tanh) AG_KERNELS (sigmoid)
AG_KERNELS (relu) AG_KERNELS (maximum)
AG_KERNELS (heaviside)
/* ops-tensor.c */
AG_INFER (reduce) AG_INFER (dot) AG_INFER (matmul) AG_INFER (transpose) AG_INFER (index)
AG_INFER (stack) AG_INFER (cat)
AG_KERNELS (sum) AG_KERNELS (mean) AG_KERNELS (dot) AG_KERNELS (matmul) AG_KERNELS (transpose)
AG_KERNELS (index) AG_KERNELS (stack) AG_KERNELS (cat) AG_KERNELS (max)
/* ops-loss.c */
AG_INFER (pair_loss) AG_INFER (cross_entropy) AG_INFER (along)
AG_KERNELS (mse) AG_KERNELS (softmax) AG_KERNELS (cross_entropy) AG_KERNELS (bce_logits)
AG_KERNELS (hinge) AG_KERNELS (log_softmax)
/* matmul's vjp storing instead of adding (ag_op_vjp_set_node). */
void ag_kernel_matmul_vjp_set (const AgGraph *g, const AgNode *node, guint slot,
                               const double *gout, double *gin);

#undef AG_KERNELS
#undef AG_INFER

G_END_DECLS
