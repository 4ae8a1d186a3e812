/* vec.c: the element-wise transcendental functions over arrays (see vec.h): SLEEF's u10
 * functions at the widest vector width this CPU has, chosen once, or libm without SLEEF.
 * A training step with tanh spent about as long in scalar libm tanh as in all its matrix
 * products (issue 19); these run 4–8 elements per call. */
#include "core/vec.h"

#include <math.h>
#include <string.h>

#ifdef ADJOINT_HAVE_SLEEF
#include <sleef.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

typedef void (*VecFunc) (const double *a, double *u, gsize n);

typedef struct {
  const char *name;
  int         width;
  VecFunc     tanh_, exp_, log_, sigmoid_;
} VecImpl;

/* ---- libm: the fallback, and the reference the tests compare against ---------------------- */

#define LIBM_LOOP(NAME, F)                                                                 \
static void                                                                                \
libm_##NAME (const double *a, double *u, gsize n)                                          \
{                                                                                          \
  for (gsize k = 0; k < n; k++)                                                            \
    u[k] = F (a[k]);                                                                       \
}

static inline double
sigmoid_libm (double a)
{
  if (a >= 0)
    return 1.0 / (1.0 + exp (-a));
  const double e = exp (a);
  return e / (1.0 + e);
}

LIBM_LOOP (tanh, tanh)
LIBM_LOOP (exp, exp)
LIBM_LOOP (log, log)
LIBM_LOOP (sigmoid, sigmoid_libm)

static const VecImpl impl_libm = { "libm (scalar)", 0, libm_tanh, libm_exp, libm_log, libm_sigmoid };

/* ---- SLEEF, one set of loops per instruction set ------------------------------------------ */

#if defined(ADJOINT_HAVE_SLEEF) && defined(__x86_64__) && defined(__GNUC__)

/* sleef.h declares its AVX2 and AVX-512 functions only when the whole file is compiled for
 * them (__AVX2__, __AVX512F__); this file is built for the baseline and calls them from
 * functions compiled for their instruction set, so it declares them itself, likewise. */
#define SLEEF_DECLARE(TARGET, VT, W, ISA)                                                  \
  __attribute__ ((target (TARGET))) VT Sleef_tanhd##W##_u10##ISA (VT);                      \
  __attribute__ ((target (TARGET))) VT Sleef_expd##W##_u10##ISA (VT);                       \
  __attribute__ ((target (TARGET))) VT Sleef_logd##W##_u10##ISA (VT);
#ifndef __AVX2__
SLEEF_DECLARE ("avx2,fma", __m256d, 4, avx2)
#endif
#ifndef __AVX512F__
SLEEF_DECLARE ("avx512f", __m512d, 8, avx512f)
#endif

/* The σ blend after e = exp(−|a|) is in @u: plain arithmetic, which the compiler vectorises. */
#define SIGMOID_BLEND(TARGET, SUFFIX)                                                      \
__attribute__ ((target (TARGET))) static void                                              \
sigmoid_blend_##SUFFIX (const double *restrict a, double *restrict u, gsize n)             \
{                                                                                          \
  for (gsize k = 0; k < n; k++)                                                            \
    {                                                                                      \
      const double e = u[k];  /* e / (1 + e), not e · (1/(1 + e)): one rounding fewer */   \
      u[k] = (a[k] >= 0 ? 1.0 : e) / (1.0 + e);                                            \
    }                                                                                      \
}

/* A loop of @W lanes over FN; the tail padded with ones (finite for every function here). */
#define SLEEF_LOOP(TARGET, SUFFIX, VT, W, LOADU, STOREU, NAME, FN)                          \
__attribute__ ((target (TARGET))) static void                                              \
NAME##_##SUFFIX (const double *a, double *u, gsize n)                                      \
{                                                                                          \
  gsize k = 0;                                                                             \
  for (; k + (W) <= n; k += (W))                                                           \
    STOREU (u + k, FN (LOADU (a + k)));                                                    \
  if (k < n)                                                                               \
    {                                                                                      \
      double buf[W];                                                                       \
      for (int i = 0; i < (W); i++)                                                        \
        buf[i] = k + i < n ? a[k + i] : 1.0;                                               \
      STOREU (buf, FN (LOADU (buf)));                                                      \
      memcpy (u + k, buf, (n - k) * sizeof (double));                                     \
    }                                                                                      \
}

/* σ in blocks that stay in L1: −|a| into @u, exp in place, then the blend. */
#define SLEEF_SIGMOID(TARGET, SUFFIX)                                                      \
SIGMOID_BLEND (TARGET, SUFFIX)                                                             \
__attribute__ ((target (TARGET))) static void                                              \
sigmoid_##SUFFIX (const double *a, double *u, gsize n)                                     \
{                                                                                          \
  for (gsize k0 = 0; k0 < n; k0 += 512)                                                    \
    {                                                                                      \
      const gsize m = MIN (512, n - k0);                                                   \
      double t[512];                                                                       \
      for (gsize k = 0; k < m; k++)                                                        \
        t[k] = -fabs (a[k0 + k]);                                                          \
      exp_##SUFFIX (t, t, m);                                                              \
      sigmoid_blend_##SUFFIX (a + k0, t, m);                                               \
      memcpy (u + k0, t, m * sizeof (double));                                             \
    }                                                                                      \
}

/* ---- tanh: our own, where the CPU has FMA ---------------------------------------------------
 * SLEEF's tanh u10 works in double-double and cost 2 ns an element (a W5 step spent a quarter
 * of its time in it; its u35 is fast but allows 3.5 ulp). This one is within 1 ulp of the exact
 * result (0.92 measured against x87 tanhl over 26 million samples; glibc's own tanh is off by up
 * to 2.2 there), at 0.8 ns an element:
 *   |x| < 0.625:  tanh x = x + x·t·g(t), t = x², g a degree-11 fit of (tanh √t/√t − 1)/t whose
 *                 error is 7e−18 of x (interpolated at Chebyshev nodes in 60 digits by
 *                 tools/fit-tanh.py, which prints both sets of coefficients);
 *   otherwise:    tanh |x| = 1 − 2/(e + 1), e = exp(2|x|) = 2ⁿ·(1 + p) with p a degree-11
 *                 polynomial of r = 2|x| − n·ln 2 (error 1.7e−17), the low part of 1 + p and
 *                 the rounding of e + 1 carried into one correction of the quotient, whose own
 *                 rounding an FMA measures exactly; 2|x| is capped at 40, past which tanh is 1.
 * The sign goes back on last, so ±0 stay ±0 and NaN stays NaN (it takes the second half). A
 * vector whose lanes are all on one side computes that half alone; a mixed one computes both
 * and keeps one per lane. The FMA is what makes the correction exact, so the x86-64 baseline
 * keeps SLEEF's. */
#define TANH_KERNEL(TARGET, SUFFIX, VD, VI, VU, FNMADD, SMALL_BITS, ALL)                  \
__attribute__ ((target (TARGET), always_inline)) static inline VD                          \
tanh_small_##SUFFIX (VD a)                                                                 \
{                                                                                          \
  const VD zero = (VD) { 0 };                                                              \
  const VD t = a * a;                                                                      \
  VD g = zero + 6.485163482793113e-06;                                                     \
  g = g * t - 3.12011014257974e-05;                                                        \
  g = g * t + 9.257116129556769e-05;                                                       \
  g = g * t - 0.0002375906496055562;                                                       \
  g = g * t + 0.0005896606577757043;                                                       \
  g = g * t - 0.0014557754120478055;                                                       \
  g = g * t + 0.0035921217511549622;                                                       \
  g = g * t - 0.008863235103240878;                                                        \
  g = g * t + 0.021869488519008305;                                                        \
  g = g * t - 0.05396825396789699;                                                         \
  g = g * t + 0.13333333333333042;                                                         \
  g = g * t - 0.3333333333333333;                                                          \
  return (a * t) * g + a;                                                                  \
}                                                                                          \
__attribute__ ((target (TARGET), always_inline)) static inline VD                          \
tanh_big_##SUFFIX (VD a)                                                                   \
{                                                                                          \
  const VD zero = (VD) { 0 }, one = zero + 1.0;                                            \
  const VI capped = a > 20.0;                                                              \
  const VD y = (VD) ((capped & (VI) (zero + 40.0)) | (~capped & (VI) (2.0 * a)));          \
  const VD shifter = zero + 0x1.8p52;                                                      \
  const VD kd = y * 1.4426950408889634 + shifter;                                          \
  const VI ni = (VI) kd - (VI) shifter;                                                    \
  const VD n = kd - shifter;                                                               \
  VD r = y - n * 6.93147180369123816490e-01;                                               \
  r = r - n * 1.90821492927058770002e-10;                                                  \
  VD q = zero + 2.5100375832561234e-08;                                                    \
  q = q * r + 2.7620075879983367e-07;                                                      \
  q = q * r + 2.7557268480310024e-06;                                                      \
  q = q * r + 2.4801521322368692e-05;                                                      \
  q = q * r + 0.00019841269863040545;                                                      \
  q = q * r + 0.0013888888917196719;                                                       \
  q = q * r + 0.008333333333330065;                                                        \
  q = q * r + 0.041666666666624164;                                                        \
  q = q * r + 0.16666666666666669;                                                         \
  q = q * r + 0.5000000000000001;                                                          \
  const VD p = (r * r) * q + r;                                                            \
  const VD e1 = p + 1.0;                                                                   \
  const VD elo = (1.0 - e1) + p;                  /* 1 + p = e1 + elo exactly */           \
  /* 2ⁿ, n in 0 … 58 (unsigned: a NaN's n is garbage, and shifting it must not be UB) */   \
  const VD scale = (VD) ((VU) one + ((VU) ni << 52));                                      \
  const VD e = e1 * scale;                                                                 \
  const VD d = e + 1.0;                                                                    \
  const VD err = (1.0 - (d - e)) + elo * scale;   /* e + 1 = d + err */                    \
  VD quot = 2.0 / d;                                                                       \
  const VD rem = FNMADD (quot, d, zero + 2.0);    /* 2 − quot·d, exactly */                \
  quot = quot + (rem - quot * err) * (quot * 0.5);                                         \
  return 1.0 - quot;                                                                       \
}                                                                                          \
__attribute__ ((target (TARGET), always_inline)) static inline VD                          \
tanh_vec_##SUFFIX (VD x)                                                                   \
{                                                                                          \
  const VD zero = (VD) { 0 };                                                              \
  const VI sign_bit = (VI) (zero * -1.0);          /* −0.0: the sign bit alone */           \
  const VI sign = (VI) x & sign_bit;                                                       \
  const VD a = (VD) ((VI) x & ~sign_bit);                                                  \
  const int small_bits = SMALL_BITS (a);                                                   \
  VD u;                                                                                    \
  if (small_bits == (ALL))                                                                 \
    u = tanh_small_##SUFFIX (a);                                                           \
  else if (small_bits == 0)                                                                \
    u = tanh_big_##SUFFIX (a);                                                             \
  else                                                                                     \
    {                                                                                      \
      const VI is_small = a < 0.625;                                                       \
      u = (VD) ((is_small & (VI) tanh_small_##SUFFIX (a)) |                                \
                (~is_small & (VI) tanh_big_##SUFFIX (a)));                                 \
    }                                                                                      \
  return (VD) ((VI) u | sign);                                                             \
}

/* The four functions of one instruction set; tanh's loop is given (ours or SLEEF's). */
#define SLEEF_SET(TARGET, SUFFIX, VT, W, LOADU, STOREU, ISA, TANH_LOOP)                     \
TANH_LOOP                                                                                  \
SLEEF_LOOP (TARGET, SUFFIX, VT, W, LOADU, STOREU, exp, Sleef_expd##W##_u10##ISA)           \
SLEEF_LOOP (TARGET, SUFFIX, VT, W, LOADU, STOREU, log, Sleef_logd##W##_u10##ISA)           \
SLEEF_SIGMOID (TARGET, SUFFIX)

/* tanh's polynomials as chains of FMAs (faster, and as accurate as the error quoted above
 * assumes); the other loops below have no product to fuse. */
#ifdef __clang__
#pragma clang fp contract (fast)
#else
#pragma GCC push_options
#pragma GCC optimize ("fp-contract=fast")
#endif
typedef gint64 VI4 __attribute__ ((vector_size (32)));
typedef gint64 VI8 __attribute__ ((vector_size (64)));
typedef guint64 VU4 __attribute__ ((vector_size (32)));
typedef guint64 VU8 __attribute__ ((vector_size (64)));
/* Which lanes of @a are below 0.625, as bits. */
#define SMALL_BITS_AVX2(a) _mm256_movemask_pd (_mm256_cmp_pd ((a), _mm256_set1_pd (0.625), _CMP_LT_OQ))
#define SMALL_BITS_AVX512(a) ((int) _mm512_cmp_pd_mask ((a), _mm512_set1_pd (0.625), _CMP_LT_OQ))
TANH_KERNEL ("avx2,fma", avx2, __m256d, VI4, VU4, _mm256_fnmadd_pd, SMALL_BITS_AVX2, 0xf)
TANH_KERNEL ("avx512f", avx512, __m512d, VI8, VU8, _mm512_fnmadd_pd, SMALL_BITS_AVX512, 0xff)

SLEEF_SET ("sse2", sse2, __m128d, 2, _mm_loadu_pd, _mm_storeu_pd, sse2,
           SLEEF_LOOP ("sse2", sse2, __m128d, 2, _mm_loadu_pd, _mm_storeu_pd, tanh, Sleef_tanhd2_u10sse2))
SLEEF_SET ("avx2,fma", avx2, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, avx2,
           SLEEF_LOOP ("avx2,fma", avx2, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, tanh, tanh_vec_avx2))
SLEEF_SET ("avx512f", avx512, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, avx512f,
           SLEEF_LOOP ("avx512f", avx512, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, tanh, tanh_vec_avx512))
#ifdef __clang__
#pragma clang fp contract (on)
#else
#pragma GCC pop_options
#endif

static const VecImpl impl_sse2 = { "SLEEF SSE2 (2 lanes)", 2, tanh_sse2, exp_sse2, log_sse2, sigmoid_sse2 };
static const VecImpl impl_avx2 = { "SLEEF AVX2+FMA (4 lanes; tanh our own)", 4, tanh_avx2, exp_avx2, log_avx2, sigmoid_avx2 };
static const VecImpl impl_avx512 = { "SLEEF AVX-512 (8 lanes; tanh our own)", 8, tanh_avx512, exp_avx512, log_avx512, sigmoid_avx512 };

static const VecImpl *
impl_for_width (int width)
{
  __builtin_cpu_init ();
  if (width == 8)
    return __builtin_cpu_supports ("avx512f") ? &impl_avx512 : NULL;
  if (width == 4)
    return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") ? &impl_avx2 : NULL;
  if (width == 2)
    return &impl_sse2;   /* the x86-64 baseline */
  if (width == 0)
    return &impl_libm;
  return impl_for_width (8) ? impl_for_width (8) : impl_for_width (4) ? impl_for_width (4)
                                                                      : &impl_sse2;
}

#else

static const VecImpl *
impl_for_width (int width)
{
  return width <= 0 ? &impl_libm : NULL;
}

#endif

/* Chosen on first use; every thread that races here stores the same pointer. */
static const VecImpl *volatile impl;

static inline const VecImpl *
current (void)
{
  const VecImpl *i = impl;
  if (G_UNLIKELY (i == NULL))
    impl = i = impl_for_width (-1);
  return i;
}

void ag_vec_tanh (const double *a, double *u, gsize n) { current ()->tanh_ (a, u, n); }
void ag_vec_exp (const double *a, double *u, gsize n) { current ()->exp_ (a, u, n); }
void ag_vec_log (const double *a, double *u, gsize n) { current ()->log_ (a, u, n); }
void ag_vec_sigmoid (const double *a, double *u, gsize n) { current ()->sigmoid_ (a, u, n); }

const char *
ag_vec_describe (void)
{
  return current ()->name;
}

gboolean
ag_vec_set_width (int width)
{
  const VecImpl *i = impl_for_width (width);

  if (i == NULL)
    return FALSE;
  impl = i;
  return TRUE;
}
