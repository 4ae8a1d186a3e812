/* random.h: seeded random numbers that are the same bit for bit on every machine.
 *
 * xoshiro256** (Blackman and Vigna, https://prng.di.unimi.it/), its state filled by splitmix64
 * from a seed and a salt, so each use (generating data, splitting it, initialising weights,
 * shuffling batches) draws its own stream from one seed. The normal draw uses Box–Muller with
 * sin, cos and log of our own, built from IEEE operations that round the same everywhere
 * (tests/reference/dataset.py repeats them in Python and the tests compare bits).
 * Internal to the core. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
} AgRng;

void    ag_rng_init    (AgRng *rng, guint64 seed, guint64 salt);
guint64 ag_rng_next    (AgRng *rng);
/* Uniform in [0, 1): the top 53 bits, exactly. */
double  ag_rng_uniform (AgRng *rng);
/* Uniform in [0, @bound), @bound ≥ 1, unbiased. */
guint64 ag_rng_below   (AgRng *rng, guint64 bound);
/* A standard normal; |result| < 8.58 always. */
double  ag_rng_normal  (AgRng *rng);

/* sin and cos of @x (|x| < 1e5), rounded the same on every machine. */
void    ag_det_sincos  (double x, double *s, double *c);

G_END_DECLS
