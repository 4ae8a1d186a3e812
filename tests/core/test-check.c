/* test-check.c: the numerical gradient check: it agrees where backward is right, flags where
 * it is not, and leaves the graph as it found it. */
#include "core/autograd.h"
#include "core/check.h"
#include "core/graph.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

static AgGraph *
parse (const char *program)
{
  g_autoptr (GError) error = NULL;
  AgGraph *g = ag_program_parse (program, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (g);
  return g;
}

static const AgCheckEntry *
entry (const GArray *entries, guint k)
{
  g_assert_cmpuint (k, <, entries->len);
  return &g_array_index (entries, AgCheckEntry, k);
}

/* A smooth program with a vector input, a scalar input used twice and a parameter: every
 * entry agrees, one per element, in node order then element order. */
static void
test_correct (void)
{
  g_autoptr (AgGraph) g = parse ("x = [0.5, -1.2, 2]\n"
                                 "w = 0.7\n"
                                 "param b = [0.1, -0.3, 0.25]\n"
                                 "L = sum(tanh(w * x + b) * x) + w^3\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) entries = ag_graph_check_gradients (g, 1e-6, &error);
  AgId x = ag_graph_lookup (g, "x"), w = ag_graph_lookup (g, "w"), b = ag_graph_lookup (g, "b");

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 7);
  for (guint k = 0; k < entries->len; k++)
    {
      const AgCheckEntry *e = entry (entries, k);
      g_assert_cmpfloat (e->rel_error, <, 1e-6);
      g_assert_cmpfloat (fabs (e->analytic - e->numeric), <, 1e-6);
      /* The adjoints left in the graph are the analytic gradient. */
      g_assert_cmpfloat (e->analytic, ==, ag_graph_grad (g, e->node)[e->element]);
    }
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpuint (entry (entries, k)->node, ==, x);
      g_assert_cmpuint (entry (entries, k)->element, ==, k);
    }
  g_assert_cmpuint (entry (entries, 3)->node, ==, w);
  g_assert_cmpuint (entry (entries, 3)->element, ==, 0);
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpuint (entry (entries, 4 + k)->node, ==, b);
      g_assert_cmpuint (entry (entries, 4 + k)->element, ==, k);
    }
  g_assert_cmpfloat (ag_check_max_error (entries), <, 1e-6);

  /* By hand: ∂L/∂b_i = x_i (1 − tanh²(w x_i + b_i)). */
  {
    const double xs[] = { 0.5, -1.2, 2 }, bs[] = { 0.1, -0.3, 0.25 };
    for (guint k = 0; k < 3; k++)
      {
        double t = tanh (0.7 * xs[k] + bs[k]);
        g_assert_cmpfloat_with_epsilon (entry (entries, 4 + k)->analytic, xs[k] * (1 - t * t),
                                        1e-15);
      }
  }
}

/* Data and constants are not checked; only inputs and parameters are. */
static void
test_leaves (void)
{
  g_autoptr (AgGraph) g = parse ("param w = [1, 2]\ndata d = [3, 4]\nL = sum(w * d * 5)\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) entries = ag_graph_check_gradients (g, 1e-4, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpuint (entry (entries, 0)->node, ==, ag_graph_lookup (g, "w"));
  g_assert_cmpfloat (entry (entries, 0)->analytic, ==, 15);
  g_assert_cmpfloat (entry (entries, 1)->analytic, ==, 20);
  g_assert_cmpfloat_with_epsilon (entry (entries, 0)->numeric, 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (entry (entries, 1)->numeric, 20, 1e-9);
}

/* After the check every value is what a plain run gives, bit for bit, even for inputs such as
 * 0.1 where x + ε − ε would not come back exactly; and the adjoints are one run's, not two. */
static void
test_restores (void)
{
  const char *program = "x = [0.1, 0.7, -0.3]\ny = 1e-3\nz = exp(x) * y + sin(x / 3)\n"
                        "L = mean(z^2) + y * sum(x)\n";
  g_autoptr (AgGraph) g = parse (program);
  g_autoptr (AgGraph) ref = parse (program);
  g_autoptr (GArray) entries = NULL;

  g_assert_true (ag_graph_run (ref, NULL, NULL));
  g_assert_cmpuint (g->n_elements, ==, ref->n_elements);

  for (guint round = 0; round < 2; round++)
    {
      g_clear_pointer (&entries, g_array_unref);
      entries = ag_graph_check_gradients (g, round == 0 ? 1e-6 : 1e-3, NULL);
      g_assert_nonnull (entries);
      g_assert_cmpmem (g->values, g->n_elements * sizeof (double),
                       ref->values, ref->n_elements * sizeof (double));
      for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
        {
          const gsize bytes = ag_graph_node (g, id)->size * sizeof (double);
          if (ag_node_is_differentiable_leaf (ag_graph_node (g, id)))
            g_assert_cmpmem (ag_graph_grad (g, id), bytes, ag_graph_grad (ref, id), bytes);
        }
      g_assert_cmpfloat (ag_check_max_error (entries), <, round == 0 ? 1e-6 : 1e-5);
    }
}

/* relu'(0) = 0 by convention (PyTorch's), but central differences at the kink see
 * (ε − 0) / 2ε = 1/2: the check must flag the disagreement rather than hide it. */
static void
test_detects_kink (void)
{
  g_autoptr (AgGraph) g = parse ("x = [0, 1.5, -2]\nL = sum(relu(x))\n");
  g_autoptr (GArray) entries = ag_graph_check_gradients (g, 1e-6, NULL);

  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpfloat (entry (entries, 0)->analytic, ==, 0);
  g_assert_cmpfloat_with_epsilon (entry (entries, 0)->numeric, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (entry (entries, 0)->rel_error, 0.5, 1e-9);
  g_assert_cmpfloat (entry (entries, 1)->rel_error, <, 1e-9);
  g_assert_cmpfloat (entry (entries, 2)->rel_error, <, 1e-9);
  g_assert_cmpfloat_with_epsilon (ag_check_max_error (entries), 0.5, 1e-9);
}

/* The check takes its analytic side from a fresh backward pass, never from adjoints already in
 * the graph: a wrong one there (a student's hand-written backward, or stale adjoints that were
 * never zeroed) is replaced. Its numeric side comes from forward alone, so it measures such a
 * mistake: forgetting the 2 of d(x²)/dx gives x̄ = 6 for 12, a relative error of 1/2. */
static void
test_wrong_adjoint (void)
{
  g_autoptr (AgGraph) g = parse ("x = 3\ny = 2\nL = x^2 * y\n");
  g_autoptr (GArray) entries = NULL;
  AgId x = ag_graph_lookup (g, "x");
  const AgCheckEntry *e;

  g_assert_true (ag_graph_run (g, NULL, NULL));
  g_assert_true (ag_graph_backward (g, NULL, NULL));      /* accumulated twice: x̄ = 24 */
  g_assert_cmpfloat (*ag_graph_grad (g, x), ==, 24);
  *ag_graph_grad (g, x) = 6;                               /* and then overwritten */

  entries = ag_graph_check_gradients (g, 1e-5, NULL);
  e = entry (entries, 0);
  g_assert_cmpuint (e->node, ==, x);
  g_assert_cmpfloat (e->analytic, ==, 12);
  g_assert_cmpfloat (*ag_graph_grad (g, x), ==, 12);
  g_assert_cmpfloat_with_epsilon (e->numeric, 12, 1e-8);
  g_assert_cmpfloat (ag_check_max_error (entries), <, 1e-8);

  /* What a wrong x̄ = 6 scores against that numeric column. */
  g_assert_cmpfloat_with_epsilon (fabs (6 - e->numeric) / fmax (fabs (e->numeric), 1), 0.5, 1e-8);
}

/* Outside a function's domain the numeric side is NaN: that never passes. */
static void
test_not_finite (void)
{
  g_autoptr (AgGraph) g = parse ("x = 0\nL = sqrt(x)\n");
  g_autoptr (GArray) entries = ag_graph_check_gradients (g, 1e-6, NULL);

  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_true (isinf (entry (entries, 0)->rel_error));
  g_assert_true (isinf (ag_check_max_error (entries)));
  g_assert_false (ag_check_max_error (entries) <= 1e-6);
  /* The input is restored to 0 and the value to sqrt(0) = 0. */
  g_assert_cmpfloat (*ag_graph_value (g, ag_graph_lookup (g, "x")), ==, 0);
  g_assert_cmpfloat (*ag_graph_value (g, g->output), ==, 0);
}

static void
test_not_scalar (void)
{
  g_autoptr (AgGraph) g = parse ("x = [1, 2]\ny = x * 2\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) entries = ag_graph_check_gradients (g, 1e-6, &error);

  g_assert_null (entries);
  g_assert_error (error, AG_ERROR, AG_ERROR_NOT_SCALAR);
  g_assert_nonnull (strstr (error->message, "sum("));
}

/* A program with nothing to differentiate checks nothing, and passes. */
static void
test_no_inputs (void)
{
  g_autoptr (AgGraph) g = parse ("data d = [1, 2]\nL = sum(d)\n");
  g_autoptr (GArray) entries = ag_graph_check_gradients (g, 1e-6, NULL);

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpfloat (ag_check_max_error (entries), ==, 0);
  g_assert_cmpfloat (*ag_graph_value (g, g->output), ==, 3);
}

static void
test_max_error (void)
{
  g_autoptr (GArray) entries = g_array_new (FALSE, TRUE, sizeof (AgCheckEntry));
  AgCheckEntry e = { 0 };

  g_assert_cmpfloat (ag_check_max_error (entries), ==, 0);
  e.rel_error = 1e-9;
  g_array_append_val (entries, e);
  e.rel_error = 3e-7;
  g_array_append_val (entries, e);
  e.rel_error = 2e-8;
  g_array_append_val (entries, e);
  g_assert_cmpfloat (ag_check_max_error (entries), ==, 3e-7);
  e.rel_error = NAN;
  g_array_append_val (entries, e);
  g_assert_true (isnan (ag_check_max_error (entries)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/check/correct", test_correct);
  g_test_add_func ("/core/check/leaves", test_leaves);
  g_test_add_func ("/core/check/restores", test_restores);
  g_test_add_func ("/core/check/detects-kink", test_detects_kink);
  g_test_add_func ("/core/check/wrong-adjoint", test_wrong_adjoint);
  g_test_add_func ("/core/check/not-finite", test_not_finite);
  g_test_add_func ("/core/check/not-scalar", test_not_scalar);
  g_test_add_func ("/core/check/no-inputs", test_no_inputs);
  g_test_add_func ("/core/check/max-error", test_max_error);
  return g_test_run ();
}
