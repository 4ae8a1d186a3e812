/* test-gemm.c: the matrix products against a plain triple loop, over shapes that reach every
 * path of the kernels: full 4×16 tiles, 8-column and scalar column tails, the 1–3 leftover rows,
 * the matrix-vector dot products (eight rows at a time and the rest), the transposed column
 * path, products deeper than one 256-row block, and CBLAS where it is built in and chosen.
 * The kernels sum in their own order, so they may differ from the loop in the last bits. */
#include "core/gemm.h"

#include <float.h>
#include <math.h>
#include <string.h>

static const guint32 sizes[] = { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 33 };

/* Numbers in [-1, 1) from a fixed stream, so a failure repeats. */
static void
fill (double *x, gsize n, guint64 *state)
{
  for (gsize i = 0; i < n; i++)
    {
      *state = *state * 6364136223846793005u + 1442695040888963407u;
      x[i] = (double) (*state >> 11) / (double) (1ull << 53) * 2.0 - 1.0;
    }
}

typedef enum { NN, NN_SET, NT, TN } Kind;

/* C0 (m×n) plus the product the kind names, the slow way. A and B are stored as the kind
 * reads them: NN and NN_SET A (m×k), B (k×n); NT A (m×k), B (n×k); TN A (k×m), B (k×n). */
static void
reference (Kind kind, guint32 m, guint32 n, guint32 k, const double *A, const double *B,
           const double *C0, double *C)
{
  for (guint32 r = 0; r < m; r++)
    for (guint32 j = 0; j < n; j++)
      {
        double s = kind == NN_SET ? 0.0 : C0[(gsize) r * n + j];
        for (guint32 p = 0; p < k; p++)
          {
            const double a = kind == TN ? A[(gsize) p * m + r] : A[(gsize) r * k + p];
            const double b = kind == NT ? B[(gsize) j * k + p] : B[(gsize) p * n + j];
            s += a * b;
          }
        C[(gsize) r * n + j] = s;
      }
}

static void
check (Kind kind, guint32 m, guint32 n, guint32 k, guint64 *state)
{
  const gsize na = (gsize) m * k, nb = (gsize) k * n, nc = (gsize) m * n;
  g_autofree double *A = g_new (double, na + 1);
  g_autofree double *B = g_new (double, nb + 1);
  g_autofree double *C0 = g_new (double, nc);
  g_autofree double *C = g_new (double, nc);
  g_autofree double *want = g_new (double, nc);
  g_autofree double *scratch = g_new (double, nb + 1);

  fill (A, na, state);
  fill (B, nb, state);
  fill (C0, nc, state);
  memcpy (C, C0, nc * sizeof (double));
  if (kind == NN_SET)
    for (gsize i = 0; i < nc; i++)
      C[i] = NAN;                          /* set must not read C */
  reference (kind, m, n, k, A, B, C0, want);
  switch (kind)
    {
    case NN: ag_gemm_nn (m, n, k, A, B, C); break;
    case NN_SET: ag_gemm_nn_set (m, n, k, A, B, C); break;
    case NT: ag_gemm_nt (m, n, k, A, B, C, scratch); break;
    case TN: ag_gemm_tn (m, n, k, A, B, C); break;
    }
  for (gsize i = 0; i < nc; i++)
    {
      /* Each term is below 1 in size, so the error is below k ulps of 1 and some. */
      const double tol = 4.0 * (k + 1) * DBL_EPSILON;
      if (!(fabs (C[i] - want[i]) <= tol))
        g_error ("%s %u×%u×%u: element %zu is %.17g, the plain loop gives %.17g",
                 (const char *[]) { "nn", "nn_set", "nt", "tn" }[kind], m, n, k, (size_t) i, C[i],
                 want[i]);
    }
}

static void
test_shapes (gconstpointer data)
{
  const Kind kind = GPOINTER_TO_INT (data);
  guint64 state = 1234 + kind;

  for (guint a = 0; a < G_N_ELEMENTS (sizes); a++)
    for (guint b = 0; b < G_N_ELEMENTS (sizes); b++)
      for (guint c = 0; c < G_N_ELEMENTS (sizes); c++)
        check (kind, sizes[a], sizes[b], sizes[c], &state);
}

/* The shapes of a training step (two moons through 2-16-16-1, a batch of 200), deep products
 * past one block of 256, and one large enough for CBLAS where it is chosen. */
static void
test_large (gconstpointer data)
{
  const Kind kind = GPOINTER_TO_INT (data);
  static const guint32 shapes[][3] = {
    { 200, 16, 2 }, { 200, 16, 16 }, { 200, 1, 16 }, { 200, 16, 1 }, { 16, 16, 200 },
    { 16, 1, 200 }, { 2, 16, 200 }, { 3, 17, 600 }, { 9, 1, 300 }, { 64, 128, 784 },
  };
  guint64 state = 99 + kind;

  for (guint blas = 0; blas < 2; blas++)
    {
      ag_gemm_set_blas (blas == 1);
      for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
        check (kind, shapes[i][0], shapes[i][1], shapes[i][2], &state);
    }
  ag_gemm_set_blas (TRUE);
}

/* Empty products: nothing to add, and set still clears. */
static void
test_empty (void)
{
  double C[6] = { 1, 2, 3, 4, 5, 6 };
  const double A[1] = { 7 }, B[1] = { 8 };

  ag_gemm_nn (2, 3, 0, A, B, C);
  g_assert_cmpfloat (C[5], ==, 6);
  ag_gemm_nn_set (2, 3, 0, A, B, C);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpfloat (C[i], ==, 0);
}

int
main (int argc, char **argv)
{
  static const char *names[] = { "nn", "nn-set", "nt", "tn" };

  g_test_init (&argc, &argv, NULL);
  for (Kind k = NN; k <= TN; k++)
    {
      g_autofree char *p1 = g_strdup_printf ("/core/gemm/%s/shapes", names[k]);
      g_autofree char *p2 = g_strdup_printf ("/core/gemm/%s/large", names[k]);
      g_test_add_data_func (p1, GINT_TO_POINTER (k), test_shapes);
      g_test_add_data_func (p2, GINT_TO_POINTER (k), test_large);
    }
  g_test_add_func ("/core/gemm/empty", test_empty);
  return g_test_run ();
}
