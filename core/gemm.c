/* gemm.c: matrix products for matmul (see gemm.h).
 *
 * The kernel computes C (m×n, row stride n) += Ã · B, where Ã(r, p) = A[r·ars + p·aks] (so one
 * kernel serves A and Aᵀ) and B is (k×n) row-major. It walks C in tiles of 4 rows × 16 columns
 * held in registers, and for each p adds A's four numbers times B's sixteen: 8 vector FMAs per
 * 2 vector loads and 4 broadcasts. Columns past the last full tile take 8-wide vectors, then
 * scalars; rows past the last group of 4 take one-row tiles. GCC's target_clones compiles it
 * for AVX-512, AVX2+FMA and the baseline, and the loader picks one for this CPU. */
#include "core/gemm.h"
#include "core/simd.h"

#include <string.h>

/* a·b + c in one rounding: the products here are sums of many terms anyway, summed in an
 * order of their own (ops.c keeps the formulas' own rounding). */
#ifdef __clang__
#pragma clang fp contract (fast)
#else
#pragma GCC optimize ("fp-contract=fast")
#endif

#ifdef ADJOINT_HAVE_CBLAS
#include <cblas.h>
#endif

#define LOADV(p)    (*(const V8 *) (p))
#define STOREV(p, v) (*(V8 *) (p) = (v))

/* One tile of MR rows × NV vectors of 8 columns at (r0, j0). */
#define TILE(MR, NV)                                                                         \
  do {                                                                                       \
    V8 acc[MR][NV];                                                                          \
    for (int i_ = 0; i_ < MR; i_++)                                                          \
      for (int v_ = 0; v_ < NV; v_++)                                                        \
        acc[i_][v_] = (V8) { 0 };                                                            \
    for (guint32 p = 0; p < k; p++)                                                          \
      {                                                                                      \
        const double *brow = B + (gsize) p * n + j0;                                         \
        V8 b[NV];                                                                            \
        for (int v_ = 0; v_ < NV; v_++)                                                      \
          b[v_] = LOADV (brow + 8 * v_);                                                     \
        for (int i_ = 0; i_ < MR; i_++)                                                      \
          {                                                                                  \
            const double a = A[(gsize) (r0 + i_) * ars + (gsize) p * aks];                   \
            for (int v_ = 0; v_ < NV; v_++)                                                  \
              acc[i_][v_] += a * b[v_];                                                      \
          }                                                                                  \
      }                                                                                      \
    for (int i_ = 0; i_ < MR; i_++)                                                          \
      for (int v_ = 0; v_ < NV; v_++)                                                        \
        {                                                                                    \
          double *c = C + (gsize) (r0 + i_) * n + j0 + 8 * v_;                               \
          STOREV (c, set ? acc[i_][v_] : LOADV (c) + acc[i_][v_]);                           \
        }                                                                                    \
  } while (0)

/* A tile of MR < 4 rows: too few independent sums to hide the FMA's latency, so even and odd
 * p go to two sets of accumulators, added at the end. */
#define TILE_SPLIT(MR, NV)                                                                   \
  do {                                                                                       \
    V8 acc[2][MR][NV];                                                                       \
    guint32 p = 0;                                                                           \
    for (int h_ = 0; h_ < 2; h_++)                                                           \
      for (int i_ = 0; i_ < MR; i_++)                                                        \
        for (int v_ = 0; v_ < NV; v_++)                                                      \
          acc[h_][i_][v_] = (V8) { 0 };                                                      \
    for (; p + 2 <= k; p += 2)                                                               \
      for (int h_ = 0; h_ < 2; h_++)                                                         \
        {                                                                                    \
          const double *brow = B + (gsize) (p + h_) * n + j0;                                \
          V8 b[NV];                                                                          \
          for (int v_ = 0; v_ < NV; v_++)                                                    \
            b[v_] = LOADV (brow + 8 * v_);                                                   \
          for (int i_ = 0; i_ < MR; i_++)                                                    \
            {                                                                                \
              const double a = A[(gsize) (r0 + i_) * ars + (gsize) (p + h_) * aks];          \
              for (int v_ = 0; v_ < NV; v_++)                                                \
                acc[h_][i_][v_] += a * b[v_];                                                \
            }                                                                                \
        }                                                                                    \
    for (; p < k; p++)                                                                       \
      for (int i_ = 0; i_ < MR; i_++)                                                        \
        {                                                                                    \
          const double a = A[(gsize) (r0 + i_) * ars + (gsize) p * aks];                     \
          for (int v_ = 0; v_ < NV; v_++)                                                    \
            acc[0][i_][v_] += a * LOADV (B + (gsize) p * n + j0 + 8 * v_);                   \
        }                                                                                    \
    for (int i_ = 0; i_ < MR; i_++)                                                          \
      for (int v_ = 0; v_ < NV; v_++)                                                        \
        {                                                                                    \
          double *c = C + (gsize) (r0 + i_) * n + j0 + 8 * v_;                               \
          const V8 sum = acc[0][i_][v_] + acc[1][i_][v_];                                    \
          STOREV (c, set ? sum : LOADV (c) + sum);                                           \
        }                                                                                    \
  } while (0)

/* The sums of eight vectors: out[i] is the sum of the lanes of x[i], by three
 * rounds of pairwise shuffles (a transpose and add), not 8 × 7 scalar additions. */
static inline __attribute__ ((always_inline)) void
sum_lanes8 (const V8 x[8], double out[8])
{
  /* Element i of the result is element mask[i] of the 16 of a and b; GCC's builtin takes the
   * mask as a vector, clang's (which the fuzz build uses) as constants. */
#ifdef __clang__
#define SHUFFLE(a, b, ...) __builtin_shufflevector (a, b, __VA_ARGS__)
#else
  typedef gint64 M8 __attribute__ ((vector_size (64)));
#define SHUFFLE(a, b, ...) __builtin_shuffle (a, b, (M8) { __VA_ARGS__ })
#endif
#define EVEN 0, 8, 2, 10, 4, 12, 6, 14
#define ODD  1, 9, 3, 11, 5, 13, 7, 15
#define LO2  0, 1, 8, 9, 4, 5, 12, 13
#define HI2  2, 3, 10, 11, 6, 7, 14, 15
#define LO4  0, 1, 2, 3, 8, 9, 10, 11
#define HI4  4, 5, 6, 7, 12, 13, 14, 15
  V8 s[4], t[2];

  for (int i = 0; i < 4; i++)
    s[i] = SHUFFLE (x[2 * i], x[2 * i + 1], EVEN) + SHUFFLE (x[2 * i], x[2 * i + 1], ODD);
  for (int i = 0; i < 2; i++)
    t[i] = SHUFFLE (s[2 * i], s[2 * i + 1], LO2) + SHUFFLE (s[2 * i], s[2 * i + 1], HI2);
  STOREV (out, SHUFFLE (t[0], t[1], LO4) + SHUFFLE (t[0], t[1], HI4));
#undef SHUFFLE
#undef EVEN
#undef ODD
#undef LO2
#undef HI2
#undef LO4
#undef HI4
}

/* Columns j0 … n−1 (fewer than 8) of C += Ã B (C = Ã B when @set), for any strides. */
/* Always inlined, so each of kernel()'s clones gets its own instruction set's copy. */
static inline __attribute__ ((always_inline)) void
columns_tail (guint32 m, guint32 n, guint32 k, guint32 j0, const double *A, gsize ars, gsize aks,
              const double *B, double *C, gboolean set)
{
  if (set && !(n == 1 && aks == 1))      /* the dot products below store, not add */
    {
      if (j0 == 0)
        memset (C, 0, (gsize) m * n * sizeof (double));
      else
        for (guint32 r = 0; r < m; r++)
          for (guint32 j = j0; j < n; j++)
            C[(gsize) r * n + j] = 0.0;
    }
  if (n == 1 && aks == 1)
    {
      /* A matrix-vector product along A's rows: eight rows' dot products at a time, their
       * lanes summed together at the end. */
      guint32 r = 0;
      for (; r + 8 <= m && k >= 8; r += 8)
        {
          V8 acc[8] = { { 0 } };
          double tail[8] = { 0 };
          guint32 p = 0;
          for (; p + 8 <= k; p += 8)
            {
              const V8 b = LOADV (B + p);
              for (int i = 0; i < 8; i++)
                acc[i] += LOADV (A + (gsize) (r + i) * ars + p) * b;
            }
          for (; p < k; p++)
            for (int i = 0; i < 8; i++)
              tail[i] += A[(gsize) (r + i) * ars + p] * B[p];
          {
            double sums[8];
            sum_lanes8 (acc, sums);
            for (int i = 0; i < 8; i++)
              C[r + i] = set ? sums[i] + tail[i] : C[r + i] + (sums[i] + tail[i]);
          }
        }
      for (; r < m; r++)
        {
          const double *a = A + (gsize) r * ars;
          V8 acc = { 0 };
          double s = 0;
          guint32 p = 0;
          for (; p + 8 <= k; p += 8)
            acc += LOADV (a + p) * LOADV (B + p);
          for (; p < k; p++)
            s += a[p] * B[p];
          for (int i = 0; i < 8; i++)
            s += acc[i];
          C[r] = set ? s : C[r] + s;
        }
      return;
    }
  if (ars == 1)
    {
      /* Ã is Aᵀ: a column of Ã is contiguous, so run down the rows eight at a time. */
      for (guint32 j = j0; j < n; j++)
        {
          guint32 r0 = 0;
          for (; r0 + 32 <= m; r0 += 32)
            {
              V8 acc[4] = { { 0 } };
              for (guint32 p = 0; p < k; p++)
                {
                  const double b = B[(gsize) p * n + j];
                  const double *a = A + (gsize) p * aks + r0;
                  for (int v = 0; v < 4; v++)
                    acc[v] += LOADV (a + 8 * v) * b;
                }
              for (int v = 0; v < 4; v++)
                for (int i = 0; i < 8; i++)
                  C[(gsize) (r0 + 8 * v + i) * n + j] += acc[v][i];
            }
          for (; r0 + 8 <= m; r0 += 8)
            {
              /* One vector of rows: even and odd p in two chains, to hide the latency. */
              V8 acc0 = { 0 }, acc1 = { 0 };
              guint32 p = 0;
              for (; p + 2 <= k; p += 2)
                {
                  acc0 += LOADV (A + (gsize) p * aks + r0) * B[(gsize) p * n + j];
                  acc1 += LOADV (A + (gsize) (p + 1) * aks + r0) * B[(gsize) (p + 1) * n + j];
                }
              if (p < k)
                acc0 += LOADV (A + (gsize) p * aks + r0) * B[(gsize) p * n + j];
              acc0 += acc1;
              for (int i = 0; i < 8; i++)
                C[(gsize) (r0 + i) * n + j] += acc0[i];
            }
          for (; r0 < m; r0++)
            {
              double s = 0;
              for (guint32 p = 0; p < k; p++)
                s += A[(gsize) p * aks + r0] * B[(gsize) p * n + j];
              C[(gsize) r0 * n + j] += s;
            }
        }
      return;
    }
  for (guint32 r = 0; r < m; r++)
    {
      double *c = C + (gsize) r * n;
      for (guint32 p = 0; p < k; p++)
        {
          const double a = A[(gsize) r * ars + (gsize) p * aks];
          const double *b = B + (gsize) p * n;
          for (guint32 j = j0; j < n; j++)
            c[j] += a * b[j];
        }
    }
}

/* Rows of B taken at once: every tile of rows passes over all of the block's column panels,
 * so the whole block (k × n doubles) should stay in the L1 cache: 4,096 doubles (32 KiB), so
 * 256 rows of a 16-wide B but 64 of a 64-wide one (Aᵀ·B of 64 × 8,000 by 8,000 × 64 ran at 40
 * GFLOP/s with 256-row blocks, 70 with 64). Between 32 and 256 rows. */
#define K_BLOCK_DOUBLES 4096
#define K_BLOCK_MIN 32
#define K_BLOCK_MAX 256

/* The rows of C whose tiles are full: @MR rows at a time, 32-, 16- and 8-wide column panels
 * (as many as fit), then the columns past the last 8 (columns_tail). Returns the first row
 * left. MR·NV accumulators: 24 for 6 × 32 (AVX-512 has 32 vector registers), 8 for 4 × 16. */
#define ROW_TILES(MR, WIDE)                                                                  \
  for (; r0 + MR <= m; r0 += MR)                                                             \
    {                                                                                        \
      j0 = 0;                                                                                \
      if (WIDE)                                                                              \
        for (; j0 + 32 <= n; j0 += 32)                                                       \
          TILE (MR, 4);                                                                      \
      for (; j0 + 16 <= n; j0 += 16)                                                         \
        TILE (MR, 2);                                                                        \
      if (j0 + 8 <= n)                                                                       \
        {                                                                                    \
          TILE (MR, 1);                                                                      \
          j0 += 8;                                                                           \
        }                                                                                    \
    }

/* C += Ã B, or C = Ã B when @overwrite (a forward product: no memset of C first, and no
 * read of it in the first block). @wide: tiles of 6 rows × 32 columns, for AVX-512's 32
 * registers (a Ãᵀ·B of 64 × 8,000 by 8,000 × 64 went from 52–75 to 95–102 GFLOP/s with them,
 * 8,000 × 64 by 64 × 64 from 78–92 to 105–108); 4 × 16 otherwise, which AVX2's 16 fill. */
static inline __attribute__ ((always_inline)) void
kernel_body (guint32 m, guint32 n, guint32 k_all, const double *A_all, gsize ars, gsize aks,
             const double *B_all, double *C, gboolean overwrite, const gboolean wide)
{
  const guint32 k_block = CLAMP (K_BLOCK_DOUBLES / MAX (n, 1u), K_BLOCK_MIN, K_BLOCK_MAX);

  for (guint32 kb = 0; kb < k_all; kb += k_block)
    {
      const guint32 k = MIN (k_block, k_all - kb);
      const gboolean set = overwrite && kb == 0;
      const double *A = A_all + (gsize) kb * aks, *B = B_all + (gsize) kb * n;
      const guint32 n16 = n / 16 * 16, n8 = n / 8 * 8;
      guint32 r0 = 0, j0;

      /* Row tiles outside, column panels inside: the tile's rows of A stay in L1 while the
       * block of B streams from L2. */
      if (wide)
        ROW_TILES (6, TRUE);
      ROW_TILES (4, FALSE);
      /* The last 1–3 rows: one tile of them all, with split sums. */
      for (j0 = 0; j0 < n16; j0 += 16)
        switch (m - r0)
          {
          case 3: TILE_SPLIT (3, 2); break;
          case 2: TILE_SPLIT (2, 2); break;
          case 1: TILE_SPLIT (1, 2); break;
          default: break;
          }
      if (n8 > n16)
        {
          j0 = n16;
          switch (m - r0)
            {
            case 3: TILE_SPLIT (3, 1); break;
            case 2: TILE_SPLIT (2, 1); break;
            case 1: TILE_SPLIT (1, 1); break;
            default: break;
            }
        }
      j0 = n8;
      if (j0 < n)
        columns_tail (m, n, k, j0, A, ars, aks, B, C, set);
    }
}

KERNEL_CLONES static void
kernel_narrow (guint32 m, guint32 n, guint32 k, const double *A, gsize ars, gsize aks,
               const double *B, double *C, gboolean overwrite)
{
  kernel_body (m, n, k, A, ars, aks, B, C, overwrite, FALSE);
}

#ifdef KERNEL_WIDE_TARGET
KERNEL_WIDE_TARGET static void
kernel_wide (guint32 m, guint32 n, guint32 k, const double *A, gsize ars, gsize aks,
             const double *B, double *C, gboolean overwrite)
{
  kernel_body (m, n, k, A, ars, aks, B, C, overwrite, TRUE);
}
#endif

/* The wide tiles where the CPU has AVX-512, chosen once. */
static void
kernel (guint32 m, guint32 n, guint32 k, const double *A, gsize ars, gsize aks, const double *B,
        double *C, gboolean overwrite)
{
#ifdef KERNEL_WIDE_TARGET
  static int wide = -1;

  if (G_UNLIKELY (wide < 0))
    {
      /* All that x86-64-v4 (kernel_wide's target) lets the compiler use, not AVX-512F alone. */
      __builtin_cpu_init ();
      wide = __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512vl") &&
             __builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("avx512dq") &&
             __builtin_cpu_supports ("avx512cd") ? 1 : 0;
    }
  if (wide)
    {
      kernel_wide (m, n, k, A, ars, aks, B, C, overwrite);
      return;
    }
#endif
  kernel_narrow (m, n, k, A, ars, aks, B, C, overwrite);
}

/* ---- dispatch ---------------------------------------------------------------------------- */

static gboolean use_blas = TRUE;

/* Products of at least this many multiply-adds go to BLAS on CPUs without AVX-512: below it, a
 * call's set-up costs more than our kernels lose. With AVX-512 our kernels beat Debian's
 * OpenBLAS 0.3.21 (which runs its Haswell kernels on newer CPUs it does not know) at every
 * size a lesson uses; docs/performance.md has the measurements. */
#define BLAS_MIN_MACS (1u << 20)

#ifdef ADJOINT_HAVE_CBLAS
static gboolean
cpu_has_avx512 (void)
{
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx512f");
#else
  return FALSE;
#endif
}

extern void openblas_set_num_threads (int n) __attribute__ ((weak));

static gboolean
blas_wanted (guint32 m, guint32 n, guint32 k)
{
  static gsize once;

  static gboolean wins;

  if (!use_blas || (guint64) m * n * k < BLAS_MIN_MACS)
    return FALSE;
  if (g_once_init_enter (&once))
    {
      wins = !cpu_has_avx512 ();
      /* One thread: the window's frame and the lab share the machine, and the bench measures
       * one core. */
      if (openblas_set_num_threads)
        openblas_set_num_threads (1);
      g_once_init_leave (&once, 1);
    }
  return wins;
}

/* C (m×n) = A·B + beta·C through CBLAS, A and B taken as @ta, @tb and their leading dimensions
 * say, when blas_wanted() picks CBLAS for this size: then TRUE. */
static gboolean
blas_gemm (CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, guint32 m, guint32 n, guint32 k,
           const double *A, guint32 lda, const double *B, guint32 ldb, double beta, double *C)
{
  if (!blas_wanted (m, n, k))
    return FALSE;
  cblas_dgemm (CblasRowMajor, ta, tb, m, n, k, 1.0, A, lda, B, ldb, beta, C, n);
  return TRUE;
}
#define BLAS_GEMM(...) blas_gemm (__VA_ARGS__)
#else
#define BLAS_GEMM(...) FALSE
#endif

void
ag_gemm_set_blas (gboolean use)
{
  use_blas = use;
}

const char *
ag_gemm_describe (void)
{
#ifdef ADJOINT_HAVE_CBLAS
  if (!use_blas)
    return cpu_has_avx512 () ? "built-in AVX-512 kernels (CBLAS off)" : "built-in kernels (CBLAS off)";
  return cpu_has_avx512 () ? "built-in AVX-512 kernels (they beat this CBLAS here)"
                           : "built-in kernels below 2^20 multiply-adds, CBLAS above";
#else
  return "built-in kernels (built without CBLAS)";
#endif
}

/* TRUE when there is nothing to multiply: no C, or no terms (then C = 0 when @overwrite). */
static gboolean
empty_product (guint32 m, guint32 n, guint32 k, double *C, gboolean overwrite)
{
  if (m == 0 || n == 0)
    return TRUE;
  if (k > 0)
    return FALSE;
  if (overwrite)
    memset (C, 0, (gsize) m * n * sizeof (double));
  return TRUE;
}

static void
gemm_nn (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C,
         gboolean overwrite)
{
  if (empty_product (m, n, k, C, overwrite))
    return;
  if (BLAS_GEMM (CblasNoTrans, CblasNoTrans, m, n, k, A, k, B, n, overwrite ? 0.0 : 1.0, C))
    return;
  kernel (m, n, k, A, k, 1, B, C, overwrite);
}

void
ag_gemm_nn (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C)
{
  gemm_nn (m, n, k, A, B, C, FALSE);
}

void
ag_gemm_nn_set (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C)
{
  gemm_nn (m, n, k, A, B, C, TRUE);
}

static void
gemm_tn (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C,
         gboolean overwrite)
{
  if (empty_product (m, n, k, C, overwrite))
    return;
  if (BLAS_GEMM (CblasTrans, CblasNoTrans, m, n, k, A, m, B, n, overwrite ? 0.0 : 1.0, C))
    return;
  kernel (m, n, k, A, 1, m, B, C, overwrite);
}

static void
gemm_nt (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C,
         double *scratch, gboolean overwrite)
{
  if (empty_product (m, n, k, C, overwrite))
    return;
  if (BLAS_GEMM (CblasNoTrans, CblasTrans, m, n, k, A, k, B, k, overwrite ? 0.0 : 1.0, C))
    return;
  /* Bᵀ into the scratch (k×n), then the kernel: the copy costs n·k, the product m·n·k. */
  for (guint32 j = 0; j < n; j++)
    for (guint32 p = 0; p < k; p++)
      scratch[(gsize) p * n + j] = B[(gsize) j * k + p];
  kernel (m, n, k, A, k, 1, scratch, C, overwrite);
}

void
ag_gemm_tn (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C)
{
  gemm_tn (m, n, k, A, B, C, FALSE);
}

void
ag_gemm_tn_set (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C)
{
  gemm_tn (m, n, k, A, B, C, TRUE);
}

void
ag_gemm_nt (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C,
            double *scratch)
{
  gemm_nt (m, n, k, A, B, C, scratch, FALSE);
}

void
ag_gemm_nt_set (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C,
                double *scratch)
{
  gemm_nt (m, n, k, A, B, C, scratch, TRUE);
}
