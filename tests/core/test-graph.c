/* test-graph.c: the graph arena and its passes, built through the API (no parser). */
#include "core/autograd.h"
#include "core/graph.h"
#include "core/ops.h"
#include "core/trace.h"

#include <math.h>
#include <string.h>

static AgId
leaf (AgGraph *g, AgRole role, double v, const char *name)
{
  g_autoptr (GError) error = NULL;
  AgId id = ag_graph_add_leaf (g, role, AG_SHAPE_SCALAR, &v, name, &error);
  g_assert_no_error (error);
  if (role == AG_ROLE_CONST)
    {
      g_autofree char *label = g_strdup_printf ("%g", v);
      ag_graph_set_label (g, id, label);
    }
  return id;
}

static AgId
op2 (AgGraph *g, AgOp op, AgId a, AgId b, const char *name)
{
  g_autoptr (GError) error = NULL;
  AgId in[2] = { a, b };
  AgId id = ag_graph_add_op (g, op, in, ag_op_info (op)->arity, NULL, &error);
  g_assert_no_error (error);
  if (name)
    ag_graph_set_name (g, id, name);
  return id;
}

/* EXAMPLES.md 3: x = 3; y = x + 1; z = y^2 → z = 16, ȳ = 8, x̄ = 8. */
static AgGraph *
build_example_3 (void)
{
  AgGraph *g = ag_graph_new ();
  AgId x = leaf (g, AG_ROLE_INPUT, 3, "x");
  AgId y = op2 (g, AG_OP_ADD, x, leaf (g, AG_ROLE_CONST, 1, NULL), "y");
  AgId z = op2 (g, AG_OP_POW, y, leaf (g, AG_ROLE_CONST, 2, NULL), "z");
  ag_graph_set_output (g, z);
  return g;
}

static void
test_example_3 (void)
{
  g_autoptr (AgGraph) g = build_example_3 ();
  g_autoptr (GError) error = NULL;

  g_assert_true (ag_graph_run (g, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (*ag_graph_value (g, ag_graph_lookup (g, "z")), ==, 16);
  g_assert_cmpfloat (*ag_graph_grad (g, ag_graph_lookup (g, "y")), ==, 8);
  g_assert_cmpfloat (*ag_graph_grad (g, ag_graph_lookup (g, "x")), ==, 8);
  g_assert_cmpint (ag_graph_node (g, ag_graph_lookup (g, "z"))->role, ==, AG_ROLE_OUTPUT);
  /* Constants take no gradient. */
  g_assert_cmpfloat (*ag_graph_grad (g, 1), ==, 0);
  g_assert_false (ag_graph_node (g, 1)->needs_grad);
}

/* Gradients accumulate, as in PyTorch, until zeroed explicitly. */
static void
test_accumulate (void)
{
  g_autoptr (AgGraph) g = build_example_3 ();
  AgId x = ag_graph_lookup (g, "x");

  ag_graph_zero_grad (g, NULL);
  ag_graph_forward (g, NULL);
  g_assert_true (ag_graph_backward (g, NULL, NULL));
  g_assert_true (ag_graph_backward (g, NULL, NULL));
  g_assert_cmpfloat (*ag_graph_grad (g, x), ==, 16);
  ag_graph_zero_grad (g, NULL);
  g_assert_cmpfloat (*ag_graph_grad (g, x), ==, 0);
}

static void
test_describe (void)
{
  g_autoptr (AgGraph) g = build_example_3 ();
  g_autoptr (AgTrace) t = ag_trace_new ();
  static const char *expected[] = {
    "forward 1: y = x + 1 = 3 + 1 = 4",
    "forward 2: z = y^2 = 4^2 = 16",
    "seed 3: z̄ = 1 (the output's adjoint starts at 1, since ∂z/∂z = 1)",
    "backward 4: z̄ = 1 flows to y: ȳ += 1 · 2y = 8 → ȳ = 8",
    "backward 5: ȳ = 8 flows to x: x̄ += 8 · 1 = 8 → x̄ = 8",
  };

  g_assert_true (ag_graph_run (g, t, NULL));
  g_assert_cmpuint (ag_trace_n_steps (t), ==, G_N_ELEMENTS (expected));
  for (guint k = 0; k < ag_trace_n_steps (t); k++)
    {
      g_autofree char *text = ag_trace_describe_step (t, g, k);
      g_assert_cmpstr (text, ==, expected[k]);
    }
  g_assert_cmpfloat (ag_trace_step (t, 3)->local, ==, 8);
  g_assert_cmpfloat (ag_trace_step (t, 4)->local, ==, 1);
  g_assert_true (isnan (ag_trace_step (t, 0)->local));
}

/* z = x*x + x at x = 3: two edges leave x into the product and one into the sum; the three
 * contributions (3, 3, 1) add up to x̄ = 7, and each step records the running sum. */
static void
test_paths_add_up (void)
{
  g_autoptr (AgGraph) g = ag_graph_new ();
  g_autoptr (AgTrace) t = ag_trace_new ();
  AgId x = leaf (g, AG_ROLE_INPUT, 3, "x");
  AgId a = op2 (g, AG_OP_MUL, x, x, "a");
  AgId z = op2 (g, AG_OP_ADD, a, x, "z");
  double sum = 0, expected_after[] = { 1, 4, 7 };
  guint into_x = 0;

  ag_graph_set_output (g, z);
  g_assert_true (ag_graph_run (g, t, NULL));
  g_assert_cmpfloat (*ag_graph_value (g, z), ==, 12);
  for (guint k = 0; k < ag_trace_n_steps (t); k++)
    {
      const AgStep *s = ag_trace_step (t, k);
      if (s->kind != AG_STEP_BACKWARD || s->to != x)
        continue;
      sum += *ag_trace_data (t, s->delta);
      g_assert_cmpfloat (*ag_trace_data (t, s->after), ==, expected_after[into_x]);
      g_assert_cmpfloat (*ag_trace_data (t, s->after), ==, sum);
      into_x++;
    }
  g_assert_cmpuint (into_x, ==, 3);
  g_assert_cmpfloat (sum, ==, *ag_graph_grad (g, x));
  g_assert_cmpfloat (*ag_graph_grad (g, x), ==, 7);
}

/* Forward mode gives one column of the Jacobian: for a scalar output, ∂z/∂x[i] = x̄[i]. */
static void
test_forward_mode (void)
{
  g_autoptr (AgGraph) g = ag_graph_new ();
  g_autoptr (AgTrace) t = ag_trace_new ();
  g_autoptr (GError) error = NULL;
  AgId x = leaf (g, AG_ROLE_INPUT, 3, "x");
  AgId a = op2 (g, AG_OP_MUL, x, x, "a");
  AgId z = op2 (g, AG_OP_ADD, a, x, "z");

  ag_graph_set_output (g, z);
  ag_graph_forward (g, NULL);
  g_assert_true (ag_graph_forward_mode (g, x, 0, t, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (*ag_graph_tangent (g, z), ==, 7);
  g_assert_cmpfloat (*ag_graph_tangent (g, a), ==, 6);
  g_assert_cmpint (ag_trace_step (t, 0)->kind, ==, AG_STEP_TANGENT_SEED);
  {
    g_autofree char *text = ag_trace_describe_step (t, g, 1);
    g_assert_cmpstr (text, ==, "tangent 2: ẋ = 1 flows to a: ȧ += x · 1 = 3 → ȧ = 3");
  }
  g_assert_false (ag_graph_forward_mode (g, a, 0, NULL, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
}

static void
test_not_scalar (void)
{
  g_autoptr (AgGraph) g = ag_graph_new ();
  g_autoptr (GError) error = NULL;
  double v[3] = { 1, 2, 3 };
  AgId x = ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_vector (3), v, "x", NULL);
  AgId y = op2 (g, AG_OP_EXP, x, 0, "y");

  ag_graph_set_output (g, y);
  g_assert_false (ag_graph_run (g, NULL, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_NOT_SCALAR);
  g_assert_nonnull (strstr (error->message, "sum(y)"));
  g_assert_cmpfloat (ag_graph_value (g, y)[2], ==, exp (3));
}

static void
test_shape_errors (void)
{
  g_autoptr (AgGraph) g = ag_graph_new ();
  g_autoptr (GError) error = NULL;
  double v[6] = { 0 };
  AgId a = ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_vector (3), v, "a", NULL);
  AgId b = ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_vector (2), v, "b", NULL);
  AgId m = ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_matrix (2, 3), v, "m", NULL);
  AgId in[2] = { a, b };

  g_assert_cmpuint (ag_graph_add_op (g, AG_OP_ADD, in, 2, NULL, &error), ==, AG_NO_ID);
  g_assert_error (error, AG_ERROR, AG_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "[3] and [2]"));
  g_clear_error (&error);

  /* A row broadcasts over a matrix; a matrix times a vector is a vector. */
  in[0] = m; in[1] = a;
  AgId s = ag_graph_add_op (g, AG_OP_ADD, in, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ag_shape_equal (ag_graph_node (g, s)->shape, ag_shape_matrix (2, 3)));
  AgId p = ag_graph_add_op (g, AG_OP_MATMUL, in, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ag_shape_equal (ag_graph_node (g, p)->shape, ag_shape_vector (2)));
  in[1] = b;
  g_assert_cmpuint (ag_graph_add_op (g, AG_OP_MATMUL, in, 2, NULL, &error), ==, AG_NO_ID);
  g_assert_error (error, AG_ERROR, AG_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "inner sizes"));
}

static void
test_limits (void)
{
  g_autoptr (AgGraph) g = ag_graph_new ();
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_matrix (1u << 12, 1u << 12), NULL,
                                       "big", &error), ==, AG_NO_ID);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_assert_cmpuint (ag_graph_n_nodes (g), ==, 0);
  g_clear_error (&error);

  /* Small inputs whose broadcast has 2^32 elements: refused, not narrowed to 32 bits. */
  AgId in[2];
  in[0] = ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_matrix (65536, 1), NULL, "c", &error);
  in[1] = ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_vector (65536), NULL, "v", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_graph_add_op (g, AG_OP_ADD, in, 2, NULL, &error), ==, AG_NO_ID);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_cmpuint (ag_graph_add_op (g, AG_OP_MSE, in, 2, NULL, &error), ==, AG_NO_ID);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_clear_error (&error);
  in[1] = ag_graph_add_leaf (g, AG_ROLE_INPUT, ag_shape_matrix (1, 65536), NULL, "r", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_graph_add_op (g, AG_OP_MATMUL, in, 2, NULL, &error), ==, AG_NO_ID);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_assert_cmpuint (ag_graph_n_nodes (g), ==, 3);
}

/* A chain of 100,000 nodes: no pass may recurse, and the trace holds every step. Each link
 * is sin, so x̄ is the product of 100,000 cosines: checked against the same product. */
static void
test_chain_100k (void)
{
  const guint n = 100000;
  g_autoptr (AgGraph) g = ag_graph_new ();
  g_autoptr (AgTrace) t = ag_trace_new ();
  AgId x = leaf (g, AG_ROLE_INPUT, 0.5, "x"), y = x;
  double v = 0.5, d = 1.0;

  for (guint i = 0; i < n; i++)
    {
      y = op2 (g, AG_OP_SIN, y, 0, NULL);
      d *= cos (v);
      v = sin (v);
    }
  ag_graph_set_output (g, y);
  g_assert_true (ag_graph_run (g, t, NULL));
  g_assert_cmpfloat (*ag_graph_value (g, y), ==, v);
  g_assert_cmpfloat_with_epsilon (*ag_graph_grad (g, x), d, fabs (d) * 1e-12);
  g_assert_cmpuint (ag_trace_n_steps (t), ==, 2 * n + 1);
  g_assert_true (ag_graph_forward_mode (g, x, 0, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (*ag_graph_tangent (g, y), d, fabs (d) * 1e-12);
}

/* The short names are the file's and --json's; the words are what people read. */
static void
test_role_names (void)
{
  g_assert_cmpstr (ag_role_to_string (AG_ROLE_PARAM), ==, "param");
  g_assert_cmpstr (ag_role_to_words (AG_ROLE_PARAM), ==, "parameter");
  g_assert_cmpstr (ag_role_to_string (AG_ROLE_CONST), ==, "const");
  g_assert_cmpstr (ag_role_to_words (AG_ROLE_CONST), ==, "constant");
  g_assert_cmpstr (ag_role_to_words (AG_ROLE_OUTPUT), ==, "output");
}

/* The buffers grow from the heap into mappings and on (graph.c's buffer_resize): what was
 * written stays, and every new node starts at zero in values, adjoints and tangents, across
 * the heap → mapping step and mapping growth. */
static void
test_buffers_grow_zeroed (void)
{
  g_autoptr (AgGraph) g = ag_graph_new ();
  const guint32 sizes[] = { 3, 1000, 100000, 3, 300000, 1, 2000000 };
  AgId ids[G_N_ELEMENTS (sizes)];

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      ids[i] = ag_graph_add_leaf (g, AG_ROLE_PARAM, ag_shape_vector (sizes[i]), NULL, NULL, NULL);
      g_assert_cmpuint (ids[i], !=, AG_NO_ID);
      for (guint32 k = 0; k < sizes[i]; k++)
        {
          g_assert_true (ag_graph_value (g, ids[i])[k] == 0 && ag_graph_grad (g, ids[i])[k] == 0 &&
                         ag_graph_tangent (g, ids[i])[k] == 0);
          ag_graph_value (g, ids[i])[k] = i + 1;
          ag_graph_grad (g, ids[i])[k] = -(double) (i + 1);
          ag_graph_tangent (g, ids[i])[k] = 0.5 * (i + 1);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint32 k = 0; k < sizes[i]; k += 997)
      {
        g_assert_cmpfloat (ag_graph_value (g, ids[i])[k], ==, i + 1);
        g_assert_cmpfloat (ag_graph_grad (g, ids[i])[k], ==, -(double) (i + 1));
        g_assert_cmpfloat (ag_graph_tangent (g, ids[i])[k], ==, 0.5 * (i + 1));
      }
}

/* A leaf @rows × @cols of @role filled from a fixed sequence (no two elements alike). */
static AgId
matrix (AgGraph *g, AgRole role, guint32 rows, guint32 cols, double scale)
{
  g_autoptr (GError) error = NULL;
  g_autofree double *data = g_new (double, (gsize) rows * cols);
  AgId id;

  for (gsize k = 0; k < (gsize) rows * cols; k++)
    data[k] = scale * sin (0.7 * k + rows);
  id = ag_graph_add_leaf (g, role, ag_shape_matrix (rows, cols), data, NULL, &error);
  g_assert_no_error (error);
  return id;
}

/* An untraced run of a graph as big as a training step's stores each computed node's first
 * contribution instead of zeroing every adjoint first (autograd.c): its adjoints must equal,
 * bit for bit, the traced run's, which zeroes and adds; a node used twice (h·h) gets both
 * contributions, a broadcast bias the sum of its rows, and a computed node off the output's
 * path 0 even when its adjoint held something before. */
static void
test_run_stores_first (void)
{
  g_autoptr (AgGraph) g = ag_graph_new ();
  g_autoptr (AgTrace) trace = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree double *untraced = NULL;
  const AgId X = matrix (g, AG_ROLE_DATA, 128, 32, 1.0);
  const AgId W = matrix (g, AG_ROLE_PARAM, 32, 32, 0.2);
  const AgId b = matrix (g, AG_ROLE_PARAM, 1, 32, 0.1);
  const AgId z = op2 (g, AG_OP_ADD, op2 (g, AG_OP_MATMUL, X, W, NULL), b, NULL);
  const AgId h = op2 (g, AG_OP_TANH, z, AG_NO_ID, "h");
  const AgId off = op2 (g, AG_OP_EXP, h, AG_NO_ID, "off");   /* leads nowhere */
  const AgId hh = op2 (g, AG_OP_MUL, h, h, NULL);
  const AgId L = op2 (g, AG_OP_MEAN, op2 (g, AG_OP_MATMUL, hh, W, NULL), AG_NO_ID, "L");
  gsize n;

  ag_graph_set_output (g, L);
  n = g->n_elements;
  g_assert_cmpuint (n, >=, 8192);   /* past RUN_STORE_MIN_ELEMENTS: the storing path */
  for (gsize k = 0; k < n; k++)
    g->grads[k] = 1e3 + k;          /* garbage the run must not add onto */
  g_assert_true (ag_graph_run (g, NULL, &error));
  g_assert_no_error (error);
  untraced = g_memdup2 (g->grads, n * sizeof (double));
  g_assert_cmpfloat (*ag_graph_grad (g, off), ==, 0.0);
  g_assert_cmpfloat (ag_graph_grad (g, off)[4095], ==, 0.0);
  g_assert_cmpfloat (ag_graph_grad (g, X)[0], ==, 0.0);

  trace = ag_trace_new ();
  g_assert_true (ag_graph_run (g, trace, &error));   /* zeroes, then adds */
  g_assert_no_error (error);
  for (gsize k = 0; k < n; k++)
    if (untraced[k] != g->grads[k])
      g_error ("adjoint element %" G_GSIZE_FORMAT ": untraced %.17g, traced %.17g", k,
               untraced[k], g->grads[k]);
  g_assert_cmpfloat (fabs (ag_graph_grad (g, b)[0]), >, 0.0);
  g_assert_cmpfloat (fabs (ag_graph_grad (g, h)[7]), >, 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/graph/example-3", test_example_3);
  g_test_add_func ("/core/graph/accumulate", test_accumulate);
  g_test_add_func ("/core/graph/not-scalar", test_not_scalar);
  g_test_add_func ("/core/graph/shape-errors", test_shape_errors);
  g_test_add_func ("/core/graph/limits", test_limits);
  g_test_add_func ("/core/graph/role-names", test_role_names);
  g_test_add_func ("/core/graph/chain-100k", test_chain_100k);
  g_test_add_func ("/core/trace/describe", test_describe);
  g_test_add_func ("/core/trace/paths-add-up", test_paths_add_up);
  g_test_add_func ("/core/trace/forward-mode", test_forward_mode);
  g_test_add_func ("/core/graph/buffers-grow-zeroed", test_buffers_grow_zeroed);
  g_test_add_func ("/core/graph/run-stores-first", test_run_stores_first);
  return g_test_run ();
}
