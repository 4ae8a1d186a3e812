/* ops-loss.c: the losses (mse, cross_entropy, bce_logits, hinge), softmax and log_softmax,
 * with their shape rules. */
#include "core/ops.h"
#include "core/ops-private.h"

#include <math.h>
#include <string.h>

/* ---- shape rules ------------------------------------------------------------------------ */

gboolean
ag_infer_pair_loss (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                    AgShape *out, GError **error)
{
  AgShape b;

  if (!ag_infer_broadcast (g, in, n_in, attr, &b, error))
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

gboolean
ag_infer_cross_entropy (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                        AgShape *out, GError **error)
{
  CeMode mode = CE_PROBS;   /* set by ce_mode(): the shapes were checked */

  if (!ce_mode (in[0], in[1], &mode))
    {
      ag_op_shape_error (error,
                         "cross_entropy(logits, target) needs a target shaped like the logits "
                         "(probabilities) or one class index per row", &in[0], &in[1]);
      return FALSE;
    }
  *out = AG_SHAPE_SCALAR;
  return TRUE;
}

/* ---- losses and softmax ----------------------------------------------------------------- */

void
ag_kernel_mse_forward (const AgGraph *g, const AgNode *n)
{
  const Bcast bc = bcast_of (g, n);
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));
  double total = 0.0;

  BCAST_LOOP ({ const double d = A[ia] - B[ib]; total += d * d; (void) k; })
  g->values[n->offset] = total / ((double) bc.rows * bc.cols);
}

/* mse is mean((a − b)²): ∂/∂a = 2(a − b)/N, ∂/∂b = −2(a − b)/N. */
void
ag_kernel_mse_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin)
{
  const Bcast bc = bcast_of (g, n);
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));

  const double scale = 2.0 * gout[0] / ((double) bc.rows * bc.cols);
  if (slot == 0)
    BCAST_LOOP ({ gin[ia] += scale * (A[ia] - B[ib]); (void) k; })
  else
    BCAST_LOOP ({ gin[ib] -= scale * (A[ia] - B[ib]); (void) k; })
}

void
ag_kernel_mse_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout)
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
void                                                                                       \
ag_kernel_##NAME##_forward (const AgGraph *g, const AgNode *n)                             \
{                                                                                          \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));                                 \
  double total = 0.0;                                                                      \
  BCAST_LOOP ({ const double a = A[ia], b = B[ib]; total += (F); (void) k; })              \
  g->values[n->offset] = total / ((double) bc.rows * bc.cols);                             \
}                                                                                          \
KERNEL_CLONES void                                                                         \
ag_kernel_##NAME##_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout, double *gin) \
{                                                                                          \
  const Bcast bc = bcast_of (g, n);                                                        \
  const double *A = VAL (IN (n, 0)), *B = VAL (IN (n, 1));                                 \
  const double scale = gout[0] / ((double) bc.rows * bc.cols);                             \
  if (slot == 0)                                                                           \
    BCAST_LOOP ({ const double a = A[ia], b = B[ib]; (void) a; (void) b; gin[ia] += scale * (DA); (void) k; }) \
  else                                                                                     \
    BCAST_LOOP ({ const double a = A[ia], b = B[ib]; (void) a; (void) b; gin[ib] += scale * (DB); (void) k; }) \
}                                                                                          \
KERNEL_CLONES void                                                                         \
ag_kernel_##NAME##_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin, double *tout) \
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


/* bce_logits(z, t): binary cross-entropy of the probability σ(z) against the target t, as
 * torch.nn.BCEWithLogitsLoss: mean of (1 − t)·z − log σ(z), with log σ(z) = min(z, 0) −
 * log(1 + e^−|z|), which never overflows. Written as PyTorch writes it, so infinite logits
 * give what they give there (+inf with t < 1 gives +inf, −inf gives NaN). ∂/∂z = σ(z) − t,
 * ∂/∂t = −z. */
EW_MEAN_LOSS (bce_logits, (1.0 - b) * a - (MIN (a, 0.0) - log1p (exp (-fabs (a)))),
              ag_sigmoid (a) - b, -a)

/* hinge(s, t): the margin loss of scores s against targets t = ±1, mean of max(0, 1 − s·t),
 * as torch.clamp (1 - s*t, min=0).mean(). The clamp keeps NaN (MAX's 0 > NaN is false). Its
 * backward, clamp_backward, passes the gradient where 1 − s·t >= 0, the kink s·t = 1 included
 * and NaN not; mul's backward then multiplies by the other input, so a stopped gradient is
 * still −0·t, which is NaN when t is NaN or infinite, as in PyTorch. */
EW_MEAN_LOSS (hinge, MAX (0.0, 1.0 - a * b),
              (a * b <= 1.0 ? -1.0 : -0.0) * b, (a * b <= 1.0 ? -1.0 : -0.0) * a)

/* The losses work on the last dimension: each row of a matrix is one distribution. */
static inline void
row_dims (AgShape s, guint32 *rows, guint32 *cols)
{
  *rows = s.ndim == 2 ? s.rows : 1;
  *cols = s.ndim == 0 ? 1 : s.cols;
}

/* softmax(x, dim) and log_softmax(x, dim) work along one axis, the last by default: each row
 * of a matrix is one distribution. Both are shifted by the lane's maximum, so exp never
 * overflows (a NaN or +inf in a lane makes the whole lane NaN, as in PyTorch). */
gboolean
ag_infer_along (const AgGraph *g, const AgShape *in, guint n_in, const gint32 *attr,
                AgShape *out, GError **error)
{
  if (attr[0] >= MAX (in[0].ndim, 1))
    {
      g_autofree char *sa = ag_shape_to_string (in[0]);
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "axis %d is out of range for shape %s",
                   attr[0], sa);
      return FALSE;
    }
  *out = in[0];
  return TRUE;
}

static inline Lanes
along_lanes (const AgGraph *g, const AgNode *n)
{
  const AgShape s = SHAPE (IN (n, 0));
  return lanes_of (s, last_axis_or (n->attr[0], s));
}

/* The lane's maximum and Σ exp(a − max). */
static inline void
lane_shift (const double *A, Lanes L, guint32 i, double *max, double *total)
{
  double m = A[LANE_AT (L, i, 0)], t = 0.0;

  for (guint32 j = 1; j < L.len; j++)
    m = MAX (m, A[LANE_AT (L, i, j)]);
  for (guint32 j = 0; j < L.len; j++)
    t += exp (A[LANE_AT (L, i, j)] - m);
  *max = m;
  *total = t;
}

void
ag_kernel_softmax_forward (const AgGraph *g, const AgNode *n)
{
  const Lanes L = along_lanes (g, n);
  const double *A = VAL (IN (n, 0));
  double *U = g->values + n->offset;

  for (guint32 i = 0; i < L.n; i++)
    {
      double max, total;
      lane_shift (A, L, i, &max, &total);
      const double inv = 1.0 / total;          /* PyTorch's kernel multiplies by 1/Σ too */
      for (guint32 j = 0; j < L.len; j++)
        U[LANE_AT (L, i, j)] = exp (A[LANE_AT (L, i, j)] - max) * inv;
    }
}

/* ā_i += u_i (ū_i − Σ_j ū_j u_j), lane by lane: the Jacobian diag(u) − u uᵀ, never built. */
void
ag_kernel_softmax_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout,
                       double *gin)
{
  const Lanes L = along_lanes (g, n);
  const double *U = g->values + n->offset;

  for (guint32 i = 0; i < L.n; i++)
    {
      double s = 0.0;
      for (guint32 j = 0; j < L.len; j++)
        s += gout[LANE_AT (L, i, j)] * U[LANE_AT (L, i, j)];
      for (guint32 j = 0; j < L.len; j++)
        gin[LANE_AT (L, i, j)] += U[LANE_AT (L, i, j)] * (gout[LANE_AT (L, i, j)] - s);
    }
}

void
ag_kernel_softmax_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin,
                       double *tout)
{
  /* The Jacobian is symmetric, so the same product serves both directions. */
  ag_kernel_softmax_vjp (g, n, slot, tin, tout);
}

/* log_softmax: u = a − max − log Σ exp(a − max), as torch.log_softmax. */
void
ag_kernel_log_softmax_forward (const AgGraph *g, const AgNode *n)
{
  const Lanes L = along_lanes (g, n);
  const double *A = VAL (IN (n, 0));
  double *U = g->values + n->offset;

  for (guint32 i = 0; i < L.n; i++)
    {
      double max, total;
      lane_shift (A, L, i, &max, &total);
      const double lse = log (total);
      for (guint32 j = 0; j < L.len; j++)
        U[LANE_AT (L, i, j)] = A[LANE_AT (L, i, j)] - max - lse;
    }
}

/* ā_j += ū_j − exp(u_j) Σ_k ū_k: the Jacobian I − 1 softmax(a)ᵀ, as PyTorch's
 * _log_softmax_backward_data. */
void
ag_kernel_log_softmax_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout,
                           double *gin)
{
  const Lanes L = along_lanes (g, n);
  const double *U = g->values + n->offset;

  for (guint32 i = 0; i < L.n; i++)
    {
      double s = 0.0;
      for (guint32 j = 0; j < L.len; j++)
        s += gout[LANE_AT (L, i, j)];
      for (guint32 j = 0; j < L.len; j++)
        gin[LANE_AT (L, i, j)] += gout[LANE_AT (L, i, j)] - exp (U[LANE_AT (L, i, j)]) * s;
    }
}

/* u̇_j += ȧ_j − Σ_k softmax(a)_k ȧ_k. */
void
ag_kernel_log_softmax_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin,
                           double *tout)
{
  const Lanes L = along_lanes (g, n);
  const double *U = g->values + n->offset;

  for (guint32 i = 0; i < L.n; i++)
    {
      double s = 0.0;
      for (guint32 j = 0; j < L.len; j++)
        s += exp (U[LANE_AT (L, i, j)]) * tin[LANE_AT (L, i, j)];
      for (guint32 j = 0; j < L.len; j++)
        tout[LANE_AT (L, i, j)] += tin[LANE_AT (L, i, j)] - s;
    }
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

void
ag_kernel_cross_entropy_forward (const AgGraph *g, const AgNode *n)
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

void
ag_kernel_cross_entropy_vjp (const AgGraph *g, const AgNode *n, guint slot, const double *gout,
                             double *gin)
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

void
ag_kernel_cross_entropy_jvp (const AgGraph *g, const AgNode *n, guint slot, const double *tin,
                             double *tout)
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
      ag_kernel_cross_entropy_vjp (g, n, slot, &one, grad);
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
