/* simd.h: the kernels' vector type, and the attribute that compiles a function for several
 * instruction sets (AVX-512, AVX2+FMA, the x86-64 baseline) with the loader choosing. */
#pragma once

/* Eight doubles; loads and stores through it need only a double's alignment. */
typedef double V8 __attribute__ ((vector_size (64), aligned (8)));

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_attribute)
#if __has_attribute (target_clones)
#define KERNEL_CLONES __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
/* One instruction set only, for code shaped for it (gemm.c's AVX-512 tiles); the caller checks
 * the CPU first. */
#define KERNEL_WIDE_TARGET __attribute__ ((target ("arch=x86-64-v4")))
#endif
#endif
#ifndef KERNEL_CLONES
#define KERNEL_CLONES
#endif
