/* bench.h: `adjoint bench`, the performance figures (docs/performance.md). */
#pragma once

/* The verb: parses its options from @argv and prints the results. Returns the exit code. */
int adj_bench_main (int argc, char **argv);
