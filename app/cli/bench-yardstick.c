/* bench-yardstick.c: what `adjoint bench` times with and measures against: the timing harness
 * (median of stable samples), this core's float64 FMA peak, and a plain reference loop, all
 * run in the same process as the workloads, so a workload's figure can be given as a share of
 * the peak and as a multiple of the reference, which carry from one machine to another. */
#include "app/cli/bench-yardstick.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double
adj_bench_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static gboolean
spin_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
adj_bench_spin (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint) (seconds * 1000), spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static int
cmp_double (const void *a, const void *b)
{
  const double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median_of (double *v, guint n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The median of samples, not their mean: on a shared machine the slow samples are other
 * people's work. */
void
adj_bench_time (BenchFunc fn, gpointer ctx, double sample_s, double budget_s, double *median,
            double *min, double *max, guint *n_samples, guint64 *reps_out)
{
  guint64 reps = 1;
  double samples[41];
  guint n = 0;
  double start, prev_median = NAN;
  guint stable = 0;

  fn (ctx, 1);                                 /* warm caches and lazy set-up */
  for (;;)
    {
      double t0 = adj_bench_now ();
      fn (ctx, reps);
      double dt = adj_bench_now () - t0;
      if (dt >= sample_s || reps >= (G_GUINT64_CONSTANT (1) << 40))
        break;
      reps = dt <= 0 ? reps * 16 : MAX (reps + 1, (guint64) (reps * MIN (16.0, 1.2 * sample_s / dt)));
    }
  start = adj_bench_now ();
  while (n < G_N_ELEMENTS (samples))
    {
      double t0 = adj_bench_now ();
      fn (ctx, reps);
      samples[n++] = (adj_bench_now () - t0) / reps;
      if (n >= 7)
        {
          double last[7];
          memcpy (last, samples + n - 7, sizeof last);
          double m = median_of (last, 7);
          stable = isfinite (prev_median) && fabs (m - prev_median) <= 0.01 * m ? stable + 1 : 0;
          prev_median = m;
          if (stable >= 3 || adj_bench_now () - start > budget_s)
            break;
        }
    }
  {
    double sorted[41];
    memcpy (sorted, samples, n * sizeof (double));
    *median = median_of (sorted, n);
    *min = sorted[0];
    *max = sorted[n - 1];
  }
  *n_samples = n;
  *reps_out = reps;
}

/* ---- the machine's peak: independent FMA chains, as wide as the CPU has ------------------ */

typedef double V4 __attribute__ ((vector_size (32)));
typedef double V8 __attribute__ ((vector_size (64)));

/* With fp-contract=fast, a·m + c compiles to one fused multiply-add. */
#define FMA_V(a, m, c) ((a) * (m) + (c))

#define PEAK_BODY(V)                                                                        \
  V a0 = { 0 }, m = { 0 }, c = { 0 }, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11;                       \
  for (guint i = 0; i < sizeof (V) / sizeof (double); i++)                                  \
    { a0[i] = 1.0 + i; m[i] = peak_m; c[i] = peak_c; }                                         \
  a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = a10 = a11 = a0;                               \
  for (guint64 r = 0; r < reps; r++)                                                        \
    for (guint i = 0; i < 64; i++)                                                          \
      {                                                                                     \
        a0 = FMA_V (a0, m, c); a1 = FMA_V (a1, m, c);               \
        a2 = FMA_V (a2, m, c); a3 = FMA_V (a3, m, c);               \
        a4 = FMA_V (a4, m, c); a5 = FMA_V (a5, m, c);               \
        a6 = FMA_V (a6, m, c); a7 = FMA_V (a7, m, c);               \
        a8 = FMA_V (a8, m, c); a9 = FMA_V (a9, m, c);               \
        a10 = FMA_V (a10, m, c); a11 = FMA_V (a11, m, c);           \
      }                                                                                     \
  V s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;                        \
  peak_sink += s[0];

/* The flops of one repetition of a peak kernel: 64 rounds of 12 FMAs of this many lanes. */
#define PEAK_FLOPS(lanes) (64.0 * 12 * (lanes) * 2)

static volatile double peak_sink;
/* Read at run time, so the compiler cannot fold the chains. */
static volatile double peak_m = 0.999999, peak_c = 1e-6;

#if defined(__x86_64__) && defined(__GNUC__)
#ifndef __clang__   /* clang contracts a*b+c into an FMA by itself; GCC is told to */
#pragma GCC push_options
#pragma GCC optimize ("fp-contract=fast")
#endif
__attribute__ ((target ("avx2,fma"))) static void
peak_avx2 (gpointer ctx, guint64 reps)
{
  PEAK_BODY (V4)
}

__attribute__ ((target ("avx512f"))) static void
peak_avx512 (gpointer ctx, guint64 reps)
{
  PEAK_BODY (V8)
}
#ifndef __clang__
#pragma GCC pop_options
#endif
#endif

static void
peak_scalar (gpointer ctx, guint64 reps)
{
  double a[12], m = peak_m, c = peak_c, s = 0;

  for (guint i = 0; i < 12; i++)
    a[i] = 1.0;
  for (guint64 r = 0; r < reps; r++)
    for (guint i = 0; i < 64; i++)
      for (guint j = 0; j < 12; j++)
        a[j] = fma (a[j], m, c);
  for (guint i = 0; i < 12; i++)
    s += a[i];
  peak_sink += s;
}

/* GFLOP/s of one core's widest float64 FMA, and the name of the instructions. */
double
adj_bench_measure_peak (const char **isa)
{
  double med, lo, hi;
  guint n;
  guint64 reps;

#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f"))
    {
      adj_bench_time (peak_avx512, NULL, 0.002, 0.3, &med, &lo, &hi, &n, &reps);
      *isa = "AVX-512 FMA";
      return PEAK_FLOPS (8) / lo / 1e9;
    }
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    {
      adj_bench_time (peak_avx2, NULL, 0.002, 0.3, &med, &lo, &hi, &n, &reps);
      *isa = "AVX2 FMA";
      return PEAK_FLOPS (4) / lo / 1e9;
    }
#endif
  adj_bench_time (peak_scalar, NULL, 0.002, 0.3, &med, &lo, &hi, &n, &reps);
  *isa = "scalar FMA";
  return PEAK_FLOPS (1) / lo / 1e9;
}


/* ---- the reference: a plain loop ------------------------------------------------------------ */

#define REF_N 64

typedef struct {
  double a[REF_N * REF_N], b[REF_N * REF_N], c[REF_N * REF_N];
} RefData;

/* Kept scalar on purpose (no vectorising, no unrolling): the loop a person writes first, so it
 * runs near one multiply-add a cycle on any x86-64 and the ratio means the same everywhere. */
__attribute__ ((optimize ("no-tree-vectorize", "no-unroll-loops"))) static void
reference_run (gpointer ctx, guint64 reps)
{
  RefData *d = ctx;

  for (guint64 r = 0; r < reps; r++)
    {
      memset (d->c, 0, sizeof d->c);
      for (guint i = 0; i < REF_N; i++)
        for (guint k = 0; k < REF_N; k++)
          {
            const double aik = d->a[i * REF_N + k];
            for (guint j = 0; j < REF_N; j++)
              d->c[i * REF_N + j] += aik * d->b[k * REF_N + j];
          }
      d->a[r % (REF_N * REF_N)] += d->c[r % (REF_N * REF_N)] * 1e-300;   /* keeps each run live */
    }
}

double
adj_bench_measure_reference (double *gflops)
{
  RefData *d = g_new (RefData, 1);
  double med, lo, hi;
  guint n;
  guint64 reps;

  for (guint i = 0; i < REF_N * REF_N; i++)
    {
      d->a[i] = 1.0 / (1 + i % 7);
      d->b[i] = 1.0 / (1 + i % 5);
    }
  adj_bench_time (reference_run, d, 0.002, 0.3, &med, &lo, &hi, &n, &reps);
  g_free (d);
  *gflops = ADJ_BENCH_REFERENCE_FLOPS / lo / 1e9;
  return lo;
}
