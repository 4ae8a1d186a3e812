/* check.c: gradient checking, backward's adjoints against central differences. */
#include "core/check.h"
#include "core/autograd.h"

#include <math.h>

/* |a − n| / max(|a|, |n|, 1): relative for large gradients, absolute for small ones, so a
 * gradient of 0 is not failed by round-off. A non-finite side can never agree. */
double
ag_check_relative_error (double analytic, double numeric)
{
  if (!isfinite (analytic) || !isfinite (numeric))
    return INFINITY;
  return fabs (analytic - numeric) / fmax (fmax (fabs (analytic), fabs (numeric)), 1.0);
}

GArray *
ag_graph_check_gradients (AgGraph *graph, double eps, GError **error)
{
  g_autoptr (GArray) entries = NULL;
  gsize n_elements = 0;
  const double *out;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (eps > 0 && isfinite (eps), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The analytic gradient: fails here, and only here, on a non-scalar output. */
  if (!ag_graph_run (graph, NULL, error))
    return NULL;

  /* The one allocation: an entry per element of every differentiable leaf, holding the
   * analytic gradient before any perturbation can touch the values. */
  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    if (ag_node_is_differentiable_leaf (ag_graph_node (graph, id)))
      n_elements += ag_graph_node (graph, id)->size;
  entries = g_array_sized_new (FALSE, FALSE, sizeof (AgCheckEntry), (guint) n_elements);
  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    {
      const AgNode *n = ag_graph_node (graph, id);
      const double *grad = ag_graph_grad (graph, id);

      if (!ag_node_is_differentiable_leaf (n))
        continue;
      for (guint32 i = 0; i < n->size; i++)
        {
          AgCheckEntry e = { .node = id, .element = i, .analytic = grad[i] };
          g_array_append_val (entries, e);
        }
    }

  /* Forward only writes the values of computed nodes, so a leaf's element can be nudged in
   * place and put back bit for bit; the adjoints are left as backward made them. */
  out = ag_graph_value (graph, graph->output);
  for (guint k = 0; k < entries->len; k++)
    {
      AgCheckEntry *e = &g_array_index (entries, AgCheckEntry, k);
      double *x = ag_graph_value (graph, e->node) + e->element;
      const double x0 = *x;
      double f_plus, f_minus;

      *x = x0 + eps;
      ag_graph_forward (graph, NULL);
      f_plus = out[0];
      *x = x0 - eps;
      ag_graph_forward (graph, NULL);
      f_minus = out[0];
      *x = x0;

      e->numeric = (f_plus - f_minus) / (2 * eps);
      e->rel_error = ag_check_relative_error (e->analytic, e->numeric);
    }
  /* The computed values still hold the last perturbation: recompute them at the true point. */
  ag_graph_forward (graph, NULL);
  return g_steal_pointer (&entries);
}

double
ag_check_max_error (const GArray *entries)
{
  double max = 0;

  g_return_val_if_fail (entries != NULL, NAN);
  for (guint k = 0; k < entries->len; k++)
    {
      double e = g_array_index (entries, AgCheckEntry, k).rel_error;
      if (isnan (e))
        return NAN;
      max = fmax (max, e);
    }
  return max;
}
