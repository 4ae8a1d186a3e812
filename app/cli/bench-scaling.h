/* bench-scaling.h: `adjoint bench --scaling`, how layout and frame time grow with the graph. */
#pragma once

#include <glib.h>
#include "ui/draw/adj-layout.h"

/* A program of n scalar nodes, the bench's tangled DAG (bench.c). Owned by the caller. */
typedef char *(*AdjBenchProgramFunc) (guint n_nodes);

/* Prints, for 250, 500, 1,000, 2,000, 5,000 and 10,000 nodes of @program's graphs: the engine
 * adj_layout_engine_for() picks (or @engine when ≥ 0), the layout's time (one run: the big
 * ones take seconds) and the median frame time at 1920 × 1080, fitted and at 100 % zoom. With
 * @json, one JSON object. @only > 0: that size alone. @quick: short timings, the first two sizes
 * (the test suite). */
void adj_bench_scaling (AdjBenchProgramFunc program, int engine, guint only, gboolean json,
                        gboolean quick);
