/* random.c: seeded random numbers, the same bit for bit on every machine (see random.h). */
#include "core/random.h"

#include <math.h>

/* Bit-for-bit reproducible data needs every operation to round the same on every machine.
 * IEEE 754 fixes + − × / and sqrt; libm's sin, cos and log differ between platforms in the
 * last bit, so we write our own below. A fused multiply-add would round once where the code
 * says twice, so the compiler is told not to fuse (clang's -ffp-contract=fast overrides even
 * this; the golden test in test-dataset.c would notice). Doubles are assumed to be evaluated
 * as doubles (FLT_EVAL_METHOD 0: SSE2 or any 64-bit target, not the x87). */
#if defined (__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined (__GNUC__)
#pragma GCC optimize ("fp-contract=off")
#endif

/* ---- seeded random numbers ------------------------------------------------------------- */

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
ag_rng_init (AgRng *rng, guint64 seed, guint64 salt)
{
  guint64 x = seed ^ salt;

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
ag_rng_next (AgRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* Uniform in [0, 1): the top 53 bits, exactly. */
double
ag_rng_uniform (AgRng *rng)
{
  return (double) (ag_rng_next (rng) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, @bound), @bound ≥ 1; rejecting the short last stretch keeps it unbiased. */
guint64
ag_rng_below (AgRng *rng, guint64 bound)
{
  guint64 threshold = (0 - bound) % bound;   /* 2^64 mod bound */

  for (;;)
    {
      guint64 v = ag_rng_next (rng);
      if (v >= threshold)
        return v % bound;
    }
}

/* sin and cos of @x (|x| < 1e5): x = k·π/2 + r with |r| ≤ π/4 (Cody and Waite: the high part
 * of π/2 has 33 bits, so k·PIO2_HI is exact), then Taylor series of r to r^17 and r^18, whose
 * truncation error (< 1e-17) is below a double's rounding. */
void
ag_det_sincos (double x, double *s, double *c)
{
  static const double pio2_hi = 1.57079632673412561417e+00;
  static const double pio2_lo = 6.07710050650619224932e-11;
  double k = floor (x * (2 / G_PI) + 0.5);
  double r = (x - k * pio2_hi) - k * pio2_lo;
  double r2 = r * r;
  double sr, cr;
  double q = k - 4 * floor (k / 4);   /* k mod 4 */

  sr = r * (1 + r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880
       + r2 * (-1.0 / 39916800 + r2 * (1.0 / 6227020800.0 + r2 * (-1.0 / 1307674368000.0
       + r2 * (1.0 / 355687428096000.0)))))))));
  cr = 1 + r2 * (-1.0 / 2 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320
       + r2 * (-1.0 / 3628800 + r2 * (1.0 / 479001600 + r2 * (-1.0 / 87178291200.0
       + r2 * (1.0 / 20922789888000.0 + r2 * (-1.0 / 6402373705728000.0)))))))));
  if (q == 0)
    *s = sr, *c = cr;
  else if (q == 1)
    *s = cr, *c = -sr;
  else if (q == 2)
    *s = -sr, *c = -cr;
  else
    *s = -cr, *c = sr;
}

/* log of @x > 0: x = m·2^e with m in [√½, √2) (frexp is exact), log m = 2 atanh z with
 * z = (m − 1)/(m + 1), |z| < 0.172, summed to z^25; e·ln 2 in two parts as fdlibm does. */
static double
det_log (double x)
{
  static const double ln2_hi = 6.93147180369123816490e-01;
  static const double ln2_lo = 1.90821492927058770002e-10;
  int e;
  double m = frexp (x, &e);
  double z, z2, p;

  if (m < 0.70710678118654752440)
    {
      m *= 2;
      e--;
    }
  z = (m - 1) / (m + 1);
  z2 = z * z;
  p = 1 + z2 * (1.0 / 3 + z2 * (1.0 / 5 + z2 * (1.0 / 7 + z2 * (1.0 / 9 + z2 * (1.0 / 11
      + z2 * (1.0 / 13 + z2 * (1.0 / 15 + z2 * (1.0 / 17 + z2 * (1.0 / 19 + z2 * (1.0 / 21
      + z2 * (1.0 / 23 + z2 * (1.0 / 25))))))))))));
  return e * ln2_hi + (e * ln2_lo + 2 * z * p);
}

/* A standard normal by Box–Muller. u1 ≥ 2^-53, so |result| ≤ √(106 ln 2) < 8.58. */
double
ag_rng_normal (AgRng *rng)
{
  double u1 = 1 - ag_rng_uniform (rng);
  double u2 = ag_rng_uniform (rng);
  double s, c;

  ag_det_sincos (2 * G_PI * u2, &s, &c);
  return sqrt (-2 * det_log (u1)) * c;
}

