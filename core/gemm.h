/* gemm.h: the matrix products of matmul's forward, vjp and jvp, row-major and accumulating.
 *
 * Small products (a training step's layers) run register-blocked kernels compiled for the
 * widest vectors the CPU has (AVX-512, AVX2 with FMA, or SSE2, chosen once at load time);
 * large ones go to CBLAS (OpenBLAS, one thread) when it was built in and is faster there.
 * None of them allocates. Sums may be ordered differently from a plain triple loop, so results
 * can differ from it in the last bits, as they do between BLAS libraries. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* C (m×n) += A (m×k) · B (k×n). */
void ag_gemm_nn (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C);
/* C (m×n) = A (m×k) · B: the same without reading C first (C may hold anything). */
void ag_gemm_nn_set (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C);
/* C (m×n) += A (m×k) · Bᵀ, B stored (n×k); @scratch holds n·k doubles (Bᵀ goes there). */
void ag_gemm_nt (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C,
                 double *scratch);
/* C (m×n) += Aᵀ · B, A stored (k×m), B (k×n). */
void ag_gemm_tn (guint32 m, guint32 n, guint32 k, const double *A, const double *B, double *C);
/* The two above without reading C first (C = …): a backward pass's first contribution. */
void ag_gemm_nt_set (guint32 m, guint32 n, guint32 k, const double *A, const double *B,
                     double *C, double *scratch);
void ag_gemm_tn_set (guint32 m, guint32 n, guint32 k, const double *A, const double *B,
                     double *C);

/* What runs the products, for `adjoint bench`: "AVX-512 kernels, OpenBLAS above 2 MFLOP", … */
const char *ag_gemm_describe (void);

/* For tests and the bench: FALSE makes every product use the built-in kernels. */
void ag_gemm_set_blas (gboolean use);

G_END_DECLS
