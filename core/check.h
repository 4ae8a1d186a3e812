/* check.h: numerical gradient checking with central differences. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

/* The check's defaults, for `adjoint check` and the inspector alike: a step of 1e-6 balances
 * truncation error (∝ ε²) against rounding error (∝ 1/ε) for values near 1, and a relative
 * error of 1e-6 passes what float64 backpropagation gets right. */
#define AG_CHECK_EPS       1e-6
#define AG_CHECK_TOL       1e-6
#define AG_CHECK_TOL_TEXT  G_STRINGIFY (AG_CHECK_TOL)   /* "1e-6", as people read it */

typedef struct {
  AgId    node;         /* a differentiable leaf (input or parameter) */
  guint32 element;      /* which element of it */
  double  analytic;     /* from backward */
  double  numeric;      /* (f(x + eps) − f(x − eps)) / 2 eps */
  double  rel_error;    /* |analytic − numeric| / max(|analytic|, |numeric|, 1); +∞ when
                         * either is not finite */
} AgCheckEntry;

/* Runs backward once, then perturbs every element of every input and parameter by ±@eps (> 0)
 * and reruns forward. The graph's values are restored afterwards (leaves bit for bit) and its
 * adjoints hold the analytic gradient. Entries come in node order, then element order.
 * Returns an array of AgCheckEntry (owned by the caller), or NULL with @error set
 * (a non-scalar output). */
GArray  *ag_graph_check_gradients (AgGraph *graph, double eps, GError **error);
/* |analytic − numeric| / max(|analytic|, |numeric|, 1), +∞ when either is not finite: an
 * entry's rel_error (core/bug.c recomputes it for a broken engine's gradients). */
double   ag_check_relative_error (double analytic, double numeric);
/* The largest rel_error in @entries (0 for none; NaN if one is NaN, so it fails any tolerance). */
double   ag_check_max_error (const GArray *entries);

G_END_DECLS
