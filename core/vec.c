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

#define SLEEF_SET(TARGET, SUFFIX, VT, W, LOADU, STOREU, ISA)                                \
SLEEF_LOOP (TARGET, SUFFIX, VT, W, LOADU, STOREU, tanh, Sleef_tanhd##W##_u10##ISA)         \
SLEEF_LOOP (TARGET, SUFFIX, VT, W, LOADU, STOREU, exp, Sleef_expd##W##_u10##ISA)           \
SLEEF_LOOP (TARGET, SUFFIX, VT, W, LOADU, STOREU, log, Sleef_logd##W##_u10##ISA)           \
SLEEF_SIGMOID (TARGET, SUFFIX)

SLEEF_SET ("sse2", sse2, __m128d, 2, _mm_loadu_pd, _mm_storeu_pd, sse2)
SLEEF_SET ("avx2,fma", avx2, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, avx2)
SLEEF_SET ("avx512f", avx512, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, avx512f)

static const VecImpl impl_sse2 = { "SLEEF SSE2 (2 lanes)", 2, tanh_sse2, exp_sse2, log_sse2, sigmoid_sse2 };
static const VecImpl impl_avx2 = { "SLEEF AVX2+FMA (4 lanes)", 4, tanh_avx2, exp_avx2, log_avx2, sigmoid_avx2 };
static const VecImpl impl_avx512 = { "SLEEF AVX-512 (8 lanes)", 8, tanh_avx512, exp_avx512, log_avx512, sigmoid_avx512 };

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
