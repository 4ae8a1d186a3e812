/* test-ops-axis.c: the ops the lessons after the MLP need (cat, stack along an axis, sum, mean
 * and max along an axis, softmax and log_softmax, maximum) against numbers derived by hand
 * from PyTorch's float64 formulas, to 12 significant digits; how their calls are written
 * and read back; their ties as PyTorch breaks them. The table's gradient check (test-ops.c)
 * checks the same rows against central differences. */
#include "core/autograd.h"
#include "core/graph.h"
#include "core/ops-text.h"
#include "core/ops.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

/* e¹, e², e³ over their sum: softmax([1, 2, 3]) as torch.softmax gives it in float64. */
#define U0 0.09003057317038046
#define U1 0.24472847105479767
#define U2 0.6652409557748219

static void
assert_close (const double *got, const double *want, guint n, const char *what)
{
  for (guint k = 0; k < n; k++)
    {
      if (!(fabs (got[k] - want[k]) <= 1e-12 * MAX (1.0, fabs (want[k]))))
        g_error ("%s[%u] is %.17g, want %.17g", what, k, got[k], want[k]);
    }
}

/* Parses and runs @program (backward from its scalar output when it has one). */
static AgGraph *
run (const char *program)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse (program, -1, &error);

  g_assert_no_error (error);
  g_assert_true (ag_graph_run (g, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&g);
}

static void
assert_value (AgGraph *g, const char *name, AgShape shape, const double *want)
{
  const AgId id = ag_graph_lookup (g, name);
  const AgNode *n;

  g_assert_cmpuint (id, !=, AG_NO_ID);
  n = ag_graph_node (g, id);
  g_assert_cmpuint (n->shape.ndim, ==, shape.ndim);
  g_assert_cmpuint (n->shape.rows, ==, shape.rows);
  g_assert_cmpuint (n->shape.cols, ==, shape.cols);
  assert_close (ag_graph_value (g, id), want, n->size, name);
}

static void
assert_grad (AgGraph *g, const char *name, const double *want)
{
  const AgId id = ag_graph_lookup (g, name);

  g_assert_cmpuint (id, !=, AG_NO_ID);
  assert_close (ag_graph_grad (g, id), want, ag_graph_node (g, id)->size, name);
}

/* softmax([1, 2, 3]); its vjp with w = [1, 0, -1] is u ⊙ (w − u·w) (the Jacobian
 * diag(u) − u uᵀ times w), and its jvp along x[0] is the Jacobian's first column
 * (u0(1 − u0), −u1·u0, −u2·u0). Shifted by the maximum, so [1001, 1002, 1003] gives the same
 * numbers instead of inf/inf. */
static void
test_softmax (void)
{
  static const double u[] = { U0, U1, U2 };
  static const double vjp[] = { 0.14181709360981218, 0.14077035746963015, -0.2825874510794423 };
  static const double jvp[] = { 0.08192506906499324, -0.022033044520174298, -0.059892024544818935 };
  g_autoptr (AgGraph) g = run ("x = [1, 2, 3]; s = softmax(x); y = dot(s, [1, 0, -1])");
  g_autoptr (AgGraph) big = run ("x = [[1001, 1002, 1003]]; s = softmax(x, dim=-1); y = sum(s)");
  g_autoptr (AgGraph) cols = run ("x = [[1, 2], [3, 5]]; s = softmax(x, 0); y = sum(s[0])");
  const double col[] = { 1 / (1 + exp (2)), 1 / (1 + exp (3)), exp (2) / (1 + exp (2)),
                         exp (3) / (1 + exp (3)) };

  assert_value (g, "s", ag_shape_vector (3), u);
  assert_grad (g, "x", vjp);
  g_assert_true (ag_graph_forward_mode (g, ag_graph_lookup (g, "x"), 0, NULL, NULL));
  assert_close (ag_graph_tangent (g, ag_graph_lookup (g, "s")), jvp, 3, "softmax jvp");
  assert_value (big, "s", ag_shape_matrix (1, 3), u);
  assert_value (cols, "s", ag_shape_matrix (2, 2), col);   /* each column sums to 1 */
}

/* log_softmax([1, 2, 3]) = x − (3 + log(1 + e⁻¹ + e⁻²)); with L = Σ w·u for w = [1, 2, 4]
 * its gradient is w − softmax(x)·Σw = w − 7u; its jvp along x[2] is e₂ − u₂. */
static void
test_log_softmax (void)
{
  const double lse = 3 + log (1 + exp (-1) + exp (-2));
  const double ls[] = { 1 - lse, 2 - lse, 3 - lse };
  static const double grad[] = { 0.36978598780733674, 0.2869007026164163, -0.6566866904237534 };
  static const double jvp[] = { -U2, -U2, 1 - U2 };
  g_autoptr (AgGraph) g = run ("x = [1, 2, 3]; s = log_softmax(x); y = dot(s, [1, 2, 4])");

  g_assert_cmpfloat_with_epsilon (ls[0], -2.4076059644443806, 1e-15);
  assert_value (g, "s", ag_shape_vector (3), ls);
  assert_grad (g, "x", grad);
  g_assert_true (ag_graph_forward_mode (g, ag_graph_lookup (g, "x"), 2, NULL, NULL));
  assert_close (ag_graph_tangent (g, ag_graph_lookup (g, "s")), jvp, 3, "log_softmax jvp");
}

/* Sums and means along an axis, with keepdim's shapes as torch's: X is 2 × 3. */
static void
test_reductions (void)
{
  g_autoptr (AgGraph) g = run ("X = [[1, 2, 3], [4, 5, 6]]\n"
                               "a = sum(X, 0)\n"
                               "b = sum(X, 1, True)\n"
                               "c = mean(X, -1)\n"
                               "d = mean(X, dim=0, keepdim=True)\n"
                               "e = sum(X, axis=-2, keepdims=True)\n"
                               "f = X - mean(X, 1, keepdim=True)\n"
                               "y = sum(mean(X, 0) * [1, 2, 3])");
  static const double a[] = { 5, 7, 9 }, b[] = { 6, 15 }, c[] = { 2, 5 };
  static const double d[] = { 2.5, 3.5, 4.5 }, f[] = { -1, 0, 1, -1, 0, 1 };
  static const double grad[] = { 0.5, 1, 1.5, 0.5, 1, 1.5 };

  assert_value (g, "a", ag_shape_vector (3), a);
  assert_value (g, "b", ag_shape_matrix (2, 1), b);
  assert_value (g, "c", ag_shape_vector (2), c);
  assert_value (g, "d", ag_shape_matrix (1, 3), d);
  assert_value (g, "e", ag_shape_matrix (1, 3), a);
  assert_value (g, "f", ag_shape_matrix (2, 3), f);     /* a row minus its mean: layer norm */
  assert_grad (g, "X", grad);
}

/* mean's backward divides ū by n as PyTorch's mean_backward does (ū / n, not ū · (1/n)), so
 * the last bit matches too: 7/3 is 2.3333333333333335, 7·(1/3) is 2.333333333333333. */
static void
test_mean_rounding (void)
{
  g_autoptr (AgGraph) axis = run ("x = [[1, 2, 3]]; m = mean(x, 1); y = m[0] * 7");
  g_autoptr (AgGraph) whole = run ("x = [1, 2, 3]; y = mean(x) * 5");

  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpfloat (ag_graph_grad (axis, ag_graph_lookup (axis, "x"))[k], ==, 7.0 / 3.0);
      g_assert_cmpfloat (ag_graph_grad (whole, ag_graph_lookup (whole, "x"))[k], ==, 5.0 / 3.0);
    }
}

/* Ties, as PyTorch breaks them: torch.max(x) shares ȳ evenly among the maxima, torch.max(x,
 * dim) gives it to the first maximum of each lane, torch.maximum splits a tie in half. */
static void
test_max_ties (void)
{
  g_autoptr (AgGraph) all = run ("x = [1, 3, 3]; y = max(x)");
  g_autoptr (AgGraph) rows = run ("X = [[1, 5, 5], [7, 2, 7]]; m = max(X, 1); y = dot(m, [1, 2])");
  g_autoptr (AgGraph) cols = run ("X = [[1, 5, 5], [7, 5, 2]]; m = max(X, 0, True); y = sum(m)");
  g_autoptr (AgGraph) pair = run ("a = [1, 2, 3]; b = [3, 2, 1]; m = maximum(a, b); y = sum(m)");
  g_autoptr (AgGraph) alias = run ("a = [1, 2, 3]; b = 2; m = max(a, b); y = sum(m)");
  static const double three[] = { 3 }, m_rows[] = { 5, 7 }, m_cols[] = { 7, 5, 5 };
  static const double g_all[] = { 0, 0.5, 0.5 }, g_rows[] = { 0, 1, 0, 2, 0, 0 };
  static const double g_cols[] = { 0, 1, 1, 1, 0, 0 };
  static const double m_pair[] = { 3, 2, 3 }, ga[] = { 0, 0.5, 1 }, gb[] = { 1, 0.5, 0 };
  static const double m_alias[] = { 2, 2, 3 }, ga_alias[] = { 0, 0.5, 1 }, gb_alias[] = { 1.5 };

  assert_value (all, "y", AG_SHAPE_SCALAR, three);
  assert_grad (all, "x", g_all);
  assert_value (rows, "m", ag_shape_vector (2), m_rows);
  assert_grad (rows, "X", g_rows);
  assert_value (cols, "m", ag_shape_matrix (1, 3), m_cols);
  assert_grad (cols, "X", g_cols);
  assert_value (pair, "m", ag_shape_vector (3), m_pair);
  assert_grad (pair, "a", ga);
  assert_grad (pair, "b", gb);
  /* max(a, b) with a tensor b is torch.max's other overload, maximum; b broadcasts */
  g_assert_cmpint (ag_graph_node (alias, ag_graph_lookup (alias, "m"))->op, ==, AG_OP_MAXIMUM);
  assert_value (alias, "m", ag_shape_vector (3), m_alias);
  assert_grad (alias, "a", ga_alias);
  assert_grad (alias, "b", gb_alias);
}

/* cat and stack: where each input lands, and each input's gradient read back from there. */
static void
test_join (void)
{
  g_autoptr (AgGraph) g = run ("A = [[1, 2], [3, 4]]; B = [[7], [8]]; v = [1, 2]; w = [3, 4, 5]\n"
                               "c = cat([A, B], 1)\n"
                               "r = cat((A, [[9, 10]]), dim=0)\n"
                               "j = cat([v, w])\n"
                               "s = stack([v, [5, 6]], 1)\n"
                               "t = stack([v, v * 2])\n"
                               "y = sum(c * [[1, 2, 3], [4, 5, 6]]) + dot(j, [1, 2, 3, 4, 5])");
  static const double c[] = { 1, 2, 7, 3, 4, 8 }, r[] = { 1, 2, 3, 4, 9, 10 };
  static const double j[] = { 1, 2, 3, 4, 5 }, s[] = { 1, 5, 2, 6 }, t[] = { 1, 2, 2, 4 };
  static const double ga[] = { 1, 2, 4, 5 }, gb[] = { 3, 6 }, gv[] = { 1, 2 }, gw[] = { 3, 4, 5 };

  assert_value (g, "c", ag_shape_matrix (2, 3), c);
  assert_value (g, "r", ag_shape_matrix (3, 2), r);
  assert_value (g, "j", ag_shape_vector (5), j);
  assert_value (g, "s", ag_shape_matrix (2, 2), s);
  assert_value (g, "t", ag_shape_matrix (2, 2), t);
  assert_grad (g, "A", ga);
  assert_grad (g, "B", gb);
  assert_grad (g, "v", gv);
  assert_grad (g, "w", gw);
}

/* The node's expression as the inspector and `adjoint eval` show it: the axis normalised
 * (−1 becomes the last axis), keepdim spelt as in PyTorch, a plain list in brackets. */
static void
test_expressions (void)
{
  static const struct { const char *program, *expr, *derivative; } cases[] = {
    { "X = [[1, 2], [3, 4]]; y = sum(X, -1, keepdim=True)", "sum(X, 1, keepdim=True)",
      "1 for each element" },
    { "X = [[1, 2], [3, 4]]; y = mean(X, 0)", "mean(X, 0)",
      "1/n for each element, n the length of axis 0" },
    { "X = [[1, 2], [3, 4]]; y = mean(X)", "mean(X)", "1/n for each element" },
    { "X = [[1, 2], [3, 4]]; y = max(X, dim=1)", "max(X, 1)",
      "1 at the first largest element along axis 1, else 0" },
    { "x = [1, 2]; y = max(x)", "max(x)", "1 at the largest element (ties share it evenly), else 0" },
    { "a = [1, 2]; b = 0; y = max(a, b)", "maximum(a, b)", "1 if a > b, ½ if equal, else 0" },
    { "X = [[1, 2], [3, 4]]; y = softmax(X, -1)", "softmax(X, 1)", "diag(y) - y·yᵀ along axis 1" },
    { "X = [[1, 2], [3, 4]]; y = log_softmax(X)", "log_softmax(X)",
      "1 - softmax(X) on the diagonal, -softmax(X) off it" },
    { "a = [1, 2]; b = [3]; y = cat([a, b])", "cat([a, b])", "1 at this input's place" },
    { "A = [[1, 2]]; y = cat([A, A], 1)", "cat([A, A], 1)", "1 at this input's place" },
    { "a = [1, 2]; b = [3, 4]; y = stack([a, b], -1)", "stack([a, b], 1)", "1 at this input's place" },
    { "a = [1, 2]; b = [3, 4]; y = stack((a, b))", "[a, b]", "1 at this input's place" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AgGraph) g = ag_program_parse (cases[i].program, -1, &error);
      g_autofree char *expr = NULL;
      g_autofree char *derivative = NULL;

      g_assert_no_error (error);
      expr = ag_op_describe_expression (g, g->output);
      derivative = ag_op_describe_derivative (g, g->output, 0);
      g_assert_cmpstr (expr, ==, cases[i].expr);
      g_assert_cmpstr (derivative, ==, cases[i].derivative);
    }
}

/* Misuse through the graph's own API (not the parser) is refused too: kernels trust shapes. */
static void
test_api_shapes (void)
{
  g_autoptr (AgGraph) g = ag_graph_new ();
  g_autoptr (GError) error = NULL;
  const AgId v = ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_vector (3), NULL, "v", NULL);
  const AgId m = ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_matrix (2, 3), NULL, "m", NULL);
  const AgId pair[2] = { v, m };
  const gint32 axis1[2] = { 1, -1 }, keep_all[2] = { -1, 1 };

  g_assert_cmpuint (ag_graph_add_op (g, AG_OP_SUM, &v, 1, axis1, &error), ==, AG_NO_ID);
  g_assert_error (error, AG_ERROR, AG_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_cmpuint (ag_graph_add_op (g, AG_OP_MAX, &m, 1, keep_all, &error), ==, AG_NO_ID);
  g_assert_error (error, AG_ERROR, AG_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_cmpuint (ag_graph_add_op (g, AG_OP_CAT, pair, 2, NULL, &error), ==, AG_NO_ID);
  g_assert_nonnull (strstr (error->message, "the same number of axes"));
  g_clear_error (&error);
  g_assert_cmpuint (ag_graph_add_op (g, AG_OP_SOFTMAX, &v, 1, axis1, &error), ==, AG_NO_ID);
  g_assert_error (error, AG_ERROR, AG_ERROR_SHAPE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/ops-axis/softmax", test_softmax);
  g_test_add_func ("/core/ops-axis/log-softmax", test_log_softmax);
  g_test_add_func ("/core/ops-axis/reductions", test_reductions);
  g_test_add_func ("/core/ops-axis/mean-rounding", test_mean_rounding);
  g_test_add_func ("/core/ops-axis/max-ties", test_max_ties);
  g_test_add_func ("/core/ops-axis/join", test_join);
  g_test_add_func ("/core/ops-axis/expressions", test_expressions);
  g_test_add_func ("/core/ops-axis/api-shapes", test_api_shapes);
  return g_test_run ();
}
