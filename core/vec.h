/* vec.h: element-wise transcendental functions over arrays (tanh, σ, exp, log), within 1 ulp
 * of the exact result (so within 2 ulp of libm, itself up to 2 ulp off for tanh), at the widest
 * vector width the CPU has: AVX-512, AVX2 with FMA, or the x86-64 baseline's SSE2, chosen once
 * at load. exp, log and σ run SLEEF's u10 functions; tanh our own where there is FMA (2.5×
 * SLEEF's speed, core/vec.c), SLEEF's on SSE2. Without SLEEF (or off x86-64) they are plain
 * libm loops. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* u[k] = f(a[k]) for k < n. @a and @u may be the same array, not otherwise overlap. No
 * allocation: a short tail goes through the vector function in a padded stack buffer, so every
 * element of an array is computed by the same function wherever it sits. */
void ag_vec_tanh    (const double *a, double *u, gsize n);
void ag_vec_exp     (const double *a, double *u, gsize n);
void ag_vec_log     (const double *a, double *u, gsize n);
/* σ(a) = 1/(1 + e^−a), stable on both sides as ag_sigmoid: e = exp(−|a|), then 1/(1 + e) for
 * a ≥ 0 and e/(1 + e) below. */
void ag_vec_sigmoid (const double *a, double *u, gsize n);

/* Which implementation runs: "SLEEF 3.x AVX-512", "… AVX2", "… SSE2" or "libm (no SLEEF)". */
const char *ag_vec_describe (void);

/* Forces an implementation for tests (0 libm, 2 SSE2, 4 AVX2, 8 AVX-512); FALSE if this CPU
 * or build lacks it. A negative width goes back to the automatic choice. */
gboolean ag_vec_set_width (int width);

G_END_DECLS
