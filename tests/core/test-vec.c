/* test-vec.c: the vectorised tanh, σ, exp and log (core/vec.c) against libm, at every width
 * this CPU and build have (libm, SLEEF SSE2, AVX2, AVX-512): at most 2 ulp apart over a sweep
 * from denormals to overflow, the same specials (±0, ±inf, NaN, a log of a negative number),
 * and the same result for a number wherever it sits in an array (the tail included). */
#include "core/vec.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef void (*VecFunc) (const double *a, double *u, gsize n);

static double
sigmoid_ref (double a)
{
  if (a >= 0)
    return 1.0 / (1.0 + exp (-a));
  const double e = exp (a);
  return e / (1.0 + e);
}

static const struct {
  const char *name;
  VecFunc     vec;
  double    (*ref) (double);
} funcs[] = {
  { "tanh", ag_vec_tanh, tanh },
  { "exp", ag_vec_exp, exp },
  { "log", ag_vec_log, log },
  { "sigmoid", ag_vec_sigmoid, sigmoid_ref },
};

static const int widths[] = { 0, 2, 4, 8 };

/* The distance in units in the last place: doubles ordered as integers (−0 and +0 are one). */
static guint64
ulp_distance (double x, double y)
{
  gint64 a, b;

  if (isnan (x) || isnan (y))
    return isnan (x) && isnan (y) ? 0 : G_MAXUINT64;
  memcpy (&a, &x, 8);
  memcpy (&b, &y, 8);
  if (a < 0)
    a = G_MININT64 - a;
  if (b < 0)
    b = G_MININT64 - b;
  return a > b ? (guint64) a - (guint64) b : (guint64) b - (guint64) a;
}

/* The inputs: specials, powers of two from denormal to huge on both sides (and their
 * neighbours), a dense linear sweep over [−40, 40] and the edges of exp's range. */
static GArray *
sweep_inputs (void)
{
  GArray *x = g_array_new (FALSE, FALSE, sizeof (double));
  const double specials[] = { 0.0, -0.0, INFINITY, -INFINITY, NAN, DBL_MIN, -DBL_MIN,
                              DBL_TRUE_MIN, -DBL_TRUE_MIN, DBL_MAX, -DBL_MAX, 1.0, -1.0,
                              709.78, 709.79, -745.13, -745.14, 708.0, -708.0, 19.06, 22.0,
                              -19.06, 1e-300, -1e-300, 0.5, -0.5 };

  g_array_append_vals (x, specials, G_N_ELEMENTS (specials));
  for (int e = -1074; e <= 1023; e++)
    for (int s = -1; s <= 1; s += 2)
      {
        const double p = s * ldexp (1.0, e);
        const double v[] = { p, nextafter (p, 0), nextafter (p, s * INFINITY) };
        g_array_append_vals (x, v, 3);
      }
  for (int i = -40000; i <= 40000; i++)
    {
      const double v = i * 1e-3 + 1e-7;
      g_array_append_val (x, v);
    }
  for (int i = 0; i < 2000; i++)
    {
      const double v = 700.0 + i * 0.0231, w = -700.0 - i * 0.0231;
      g_array_append_val (x, v);
      g_array_append_val (x, w);
    }
  return x;
}

static void
test_ulp (void)
{
  g_autoptr (GArray) x = sweep_inputs ();
  g_autofree double *u = g_new (double, x->len);
  const double *a = (const double *) x->data;
  guint tested = 0;

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      if (!ag_vec_set_width (widths[w]))
        {
          g_test_message ("width %d: not on this CPU or build", widths[w]);
          continue;
        }
      tested++;
      for (guint f = 0; f < G_N_ELEMENTS (funcs); f++)
        {
          guint64 worst = 0;
          double worst_x = 0;

          funcs[f].vec (a, u, x->len);
          for (guint i = 0; i < x->len; i++)
            {
              const guint64 d = ulp_distance (u[i], funcs[f].ref (a[i]));
              if (d > worst)
                worst = d, worst_x = a[i];
            }
          g_test_message ("%s, %s: worst %" G_GUINT64_FORMAT " ulp at %.17g", ag_vec_describe (),
                          funcs[f].name, worst, worst_x);
          if (worst > 2)
            g_error ("%s %s(%.17g) = %.17g, libm %.17g: %" G_GUINT64_FORMAT " ulp apart",
                     ag_vec_describe (), funcs[f].name, worst_x,
                     (funcs[f].vec (&worst_x, u, 1), u[0]), funcs[f].ref (worst_x), worst);
          g_assert_cmpuint (worst, <=, 2);
        }
    }
  ag_vec_set_width (-1);
  g_assert_cmpuint (tested, >=, 1);
}

/* tanh against the exact value (x87 tanhl, 11 more bits, rounded to a double): within 1 ulp at
 * every vector width, ours (AVX2, AVX-512) and SLEEF's (SSE2), over the sweep and two million
 * seeded samples spread over the ranges where each of ours' two halves works, and the seam
 * between them at 0.625. glibc's own tanh is not held to it: it is off by up to 2 ulp. */
static void
test_tanh_exact (void)
{
  g_autoptr (GArray) x = sweep_inputs ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (19);
  const double edges[] = { 0.0, 1e-8, 0.01, 0.3, 0.6, 0.625, 0.65, 1.0, 3.0, 10.0, 19.0, 21.0 };
  g_autofree double *u = NULL;
  const double *a;

  for (guint e = 0; e + 1 < G_N_ELEMENTS (edges); e++)
    for (guint i = 0; i < 2000000 / (G_N_ELEMENTS (edges) - 1); i++)
      {
        const double v = g_rand_double_range (rand, edges[e], edges[e + 1]) * (i % 2 ? -1 : 1);
        g_array_append_val (x, v);
      }
  for (int i = -64; i <= 64; i++)
    {
      const double v = nextafter (0.625, i < 0 ? 0.0 : 1.0);
      const double w = 0.625 + i * 0x1p-52;
      g_array_append_val (x, v);
      g_array_append_val (x, w);
    }
  u = g_new (double, x->len);
  a = (const double *) x->data;
  for (guint w = 1; w < G_N_ELEMENTS (widths); w++)
    {
      guint64 worst = 0;
      double worst_x = 0;

      if (!ag_vec_set_width (widths[w]))
        continue;
      ag_vec_tanh (a, u, x->len);
      for (guint i = 0; i < x->len; i++)
        {
          const guint64 d = ulp_distance (u[i], (double) tanhl ((long double) a[i]));
          if (d > worst)
            worst = d, worst_x = a[i];
        }
      g_test_message ("%s: tanh within %" G_GUINT64_FORMAT " ulp of tanhl (worst at %.17g)",
                      ag_vec_describe (), worst, worst_x);
      g_assert_cmpuint (worst, <=, 1);
    }
  ag_vec_set_width (-1);
}

/* Specials give exactly libm's answer: ±0 and ±inf where defined, NaN where libm's is. */
static void
test_specials (void)
{
  const double a[] = { 0.0, -0.0, INFINITY, -INFINITY, NAN, -1.0, 800.0, -800.0 };
  double u[G_N_ELEMENTS (a)];

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      if (!ag_vec_set_width (widths[w]))
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (funcs); f++)
        {
          funcs[f].vec (a, u, G_N_ELEMENTS (a));
          for (guint i = 0; i < G_N_ELEMENTS (a); i++)
            {
              const double r = funcs[f].ref (a[i]);
              if (isnan (r))
                g_assert_true (isnan (u[i]));
              else if (isinf (r) || r == 0.0)
                {
                  g_assert_cmpfloat (u[i], ==, r);
                  g_assert_cmpint (signbit (u[i]), ==, signbit (r));
                }
            }
        }
    }
  ag_vec_set_width (-1);
}

/* A number gives the same result at every position of arrays of every length (full vectors
 * and the padded tail), and the array is written exactly up to its length. */
static void
test_positions (void)
{
  double a[33], u[34];

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      if (!ag_vec_set_width (widths[w]))
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (funcs); f++)
        {
          double alone;
          funcs[f].vec ((const double[]) { 0.7310585786300049 }, &alone, 1);
          for (guint n = 1; n <= 33; n++)
            for (guint at = 0; at < n; at++)
              {
                for (guint i = 0; i < n; i++)
                  a[i] = i == at ? 0.7310585786300049 : 0.25 * (i + 1);
                u[n] = 12345.0;
                funcs[f].vec (a, u, n);
                g_assert_cmpfloat (u[at], ==, alone);
                g_assert_cmpfloat (u[n], ==, 12345.0);
              }
          /* in place, as the σ kernel does */
          for (guint i = 0; i < 33; i++)
            a[i] = u[i] = i * 0.3 - 4.0;
          funcs[f].vec (u, u, 33);
          for (guint i = 0; i < 33; i++)
            g_assert_cmpuint (ulp_distance (u[i], funcs[f].ref (a[i])), <=, 2);
        }
    }
  ag_vec_set_width (-1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/vec/ulp", test_ulp);
  g_test_add_func ("/core/vec/tanh-exact", test_tanh_exact);
  g_test_add_func ("/core/vec/specials", test_specials);
  g_test_add_func ("/core/vec/positions", test_positions);
  return g_test_run ();
}
