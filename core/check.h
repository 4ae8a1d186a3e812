/* check.h: numerical gradient checking with central differences. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

typedef struct {
  AgId    node;         /* a differentiable leaf (input or parameter) */
  guint32 element;      /* which element of it */
  double  analytic;     /* from backward */
  double  numeric;      /* (f(x + eps) − f(x − eps)) / 2 eps */
  double  rel_error;    /* |analytic − numeric| / max(|analytic|, |numeric|, 1) */
} AgCheckEntry;

/* Runs backward once, then perturbs every element of every input and parameter by ±@eps and
 * reruns forward. The graph's values are restored afterwards and its adjoints hold the analytic
 * gradient. Returns an array of AgCheckEntry (owned by the caller), or NULL with @error set
 * (a non-scalar output). */
GArray  *ag_graph_check_gradients (AgGraph *graph, double eps, GError **error);
/* The largest rel_error in @entries (0 for none). */
double   ag_check_max_error (const GArray *entries);

G_END_DECLS
