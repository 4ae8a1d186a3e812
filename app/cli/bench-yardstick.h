/* bench-yardstick.h: the bench's timing harness, the measured peak and the reference loop. */
#pragma once

#include <glib.h>

typedef void (*BenchFunc) (gpointer ctx, guint64 reps);

/* Seconds on the monotonic clock. */
double adj_bench_now (void);
/* Turns the default main loop for @seconds (the window workloads: frames, layouts). */
void   adj_bench_spin (double seconds);

/* Times @fn: calibrates the repetitions so one sample takes about @sample_s, then takes samples
 * until the median of the last seven moves by less than 1 % (at least 7 samples, at most 41,
 * and at most @budget_s seconds). Writes seconds per repetition. */
void adj_bench_time (BenchFunc fn, gpointer ctx, double sample_s, double budget_s, double *median,
                     double *min, double *max, guint *n_samples, guint64 *reps_out);

/* GFLOP/s of one core's widest float64 FMA (12 independent chains), and the instructions'
 * name in @isa. */
double adj_bench_measure_peak (const char **isa);

/* The reference: a plain scalar triple loop, C = A·B for 64 × 64 matrices in i-k-j order, not
 * vectorised, as anyone would first write it. Its fastest sample's seconds a run (on a loaded
 * machine the fastest samples are the ones least disturbed, so fastest over fastest is the ratio
 * that carries), and its GFLOP/s in @gflops. A workload's time over this one says how many plain loops of this size it is worth,
 * which changes little from one machine to another when both are scalar-bound alike. */
double adj_bench_measure_reference (double *gflops);

/* The flops of one reference run: 2 · 64³. */
#define ADJ_BENCH_REFERENCE_FLOPS (2.0 * 64 * 64 * 64)
