/* test-examples.c: every shipped example (data/examples/) loads, parses, runs and gives every
 * number EXAMPLES.md lists for its lesson.
 *
 * Tolerance: 1e-9 relative (EXAMPLES.md), unless a lesson says otherwise. Each example has its
 * own test path, /core/examples/NAME, and /core/examples/all-files makes sure the directory
 * holds exactly the expected files, so a new example must be listed here to ship. */
#include "core/autograd.h"
#include "core/bug.h"
#include "core/caption-anchor.h"
#include "core/check.h"
#include "core/exercise.h"
#include "core/graph-file.h"
#include "core/graph.h"
#include "core/program.h"
#include "core/trace.h"
#include "core/trace-fold.h"
#include "core/train.h"

#include <math.h>
#include <string.h>

#define REL_TOL 1e-9

/* ---- helpers --------------------------------------------------------------------------- */

/* An example, loaded, parsed and run once (zero-grad, forward, backward) with a trace. */
typedef struct {
  AgGraphFile *doc;
  AgGraph    *graph;
  AgTrace    *trace;
} Lesson;

static void
lesson_clear (Lesson *l)
{
  g_clear_pointer (&l->trace, ag_trace_free);
  g_clear_pointer (&l->graph, ag_graph_free);
  g_clear_pointer (&l->doc, ag_graph_file_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lesson, lesson_clear)

static char *
example_path (const char *name)
{
  const char *dir = g_getenv ("ADJOINT_EXAMPLES_DIR");

  if (dir == NULL)
    g_error ("ADJOINT_EXAMPLES_DIR is not set: run the tests with `meson test`");
  return g_strconcat (dir, G_DIR_SEPARATOR_S, name, AG_FILE_EXTENSION, NULL);
}

static void
lesson_load (Lesson *l, const char *name)
{
  g_autofree char *path = example_path (name);
  g_autoptr (GError) error = NULL;

  l->doc = ag_graph_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (l->doc);
  l->graph = ag_program_parse (l->doc->program, -1, &error);
  if (l->graph == NULL)
    {
      g_autofree char *text = ag_program_format_error (error, path, l->doc->program);
      g_error ("%s", text);
    }
  l->trace = ag_trace_new ();
  g_assert_true (ag_graph_run (l->graph, l->trace, &error));
  g_assert_no_error (error);
}

/* Reruns the lesson after the inputs were edited, as dragging a value does. */
static void
lesson_rerun (Lesson *l)
{
  g_autoptr (GError) error = NULL;

  ag_trace_clear (l->trace);
  g_assert_true (ag_graph_run (l->graph, l->trace, &error));
  g_assert_no_error (error);
}

static AgId
lookup (const Lesson *l, const char *name)
{
  AgId id = ag_graph_lookup (l->graph, name);

  if (id == AG_NO_ID)
    g_error ("the example has no node named '%s'", name);
  return id;
}

/* |actual − expected| ≤ rel·|expected|; an expected 0 must come out as 0 (to 1e-12). */
static void
assert_near (const char *what, double actual, double expected, double rel)
{
  double tol = expected == 0 ? 1e-12 : rel * fabs (expected);

  if (!(fabs (actual - expected) <= tol))
    g_error ("%s: expected %.17g, got %.17g (off by %.3g, tolerance %.3g)", what, expected,
             actual, fabs (actual - expected), tol);
}

static void
assert_values (const Lesson *l, const char *name, gboolean grad, guint n, const double *expected,
               double rel)
{
  AgId id = lookup (l, name);
  const AgNode *node = ag_graph_node (l->graph, id);
  const double *got = grad ? ag_graph_grad (l->graph, id) : ag_graph_value (l->graph, id);

  g_assert_cmpuint (node->size, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *what = g_strdup_printf ("%s%s[%u]", grad ? "the gradient of " : "", name, i);
      assert_near (what, got[i], expected[i], rel);
    }
}

#define VALUE(l, name, ...) \
  assert_values (l, name, FALSE, G_N_ELEMENTS (((const double[]) { __VA_ARGS__ })), \
                 (const double[]) { __VA_ARGS__ }, REL_TOL)
#define GRAD(l, name, ...) \
  assert_values (l, name, TRUE, G_N_ELEMENTS (((const double[]) { __VA_ARGS__ })), \
                 (const double[]) { __VA_ARGS__ }, REL_TOL)

static void
assert_output (const Lesson *l, const char *name)
{
  g_assert_cmpuint (l->graph->output, ==, lookup (l, name));
}

/* ---- the lessons (EXAMPLES.md, one function each) -------------------------------------- */

/* 1: h = (3x² + 2)⁵, dh/dx = 30x(3x² + 2)⁴: h = 3125, x̄ = 18750; at x = 0.5: h = 157.2763671875,
 * x̄ = 857.87109375. */
static void
lesson_01 (Lesson *l)
{
  assert_output (l, "h");
  VALUE (l, "h", 3125);
  GRAD (l, "x", 18750);

  ag_graph_value (l->graph, lookup (l, "x"))[0] = 0.5;
  lesson_rerun (l);
  VALUE (l, "h", 157.2763671875);
  GRAD (l, "x", 857.87109375);
  /* The formula itself, at x = 0.5. */
  GRAD (l, "x", 30 * 0.5 * pow (3 * 0.25 + 2, 4));
}

/* 2: y = 2·dot(x, x): y = 28, x̄ = [0, 4, 8, 12]. */
static void
lesson_02 (Lesson *l)
{
  assert_output (l, "y");
  VALUE (l, "x", 0, 1, 2, 3);
  VALUE (l, "y", 28);
  GRAD (l, "x", 0, 4, 8, 12);
}

/* 3: y = x + 1, z = y²: z = 16, ȳ = 8, x̄ = 8. */
static void
lesson_03 (Lesson *l)
{
  assert_output (l, "z");
  VALUE (l, "z", 16);
  GRAD (l, "y", 8);
  GRAD (l, "x", 8);
}

/* 4: z = (x + y)²: z = 25, x̄ = 10, ȳ = 10. */
static void
lesson_04 (Lesson *l)
{
  assert_output (l, "z");
  VALUE (l, "z", 25);
  GRAD (l, "x", 10);
  GRAD (l, "y", 10);
}

/* 5: z = x² + x: z = 12, x̄ = 7 (6 through x², 1 directly). The two contributions are the two
 * backward steps that reach x. */
static void
lesson_05 (Lesson *l)
{
  AgId x = lookup (l, "x");
  double contributions[2];
  guint n = 0;

  assert_output (l, "z");
  VALUE (l, "z", 12);
  GRAD (l, "x", 7);
  for (guint k = 0; k < ag_trace_n_steps (l->trace); k++)
    {
      const AgStep *s = ag_trace_step (l->trace, k);
      if (s->kind == AG_STEP_BACKWARD && s->to == x)
        {
          g_assert_cmpuint (n, <, 2);
          contributions[n++] = *ag_trace_data (l->trace, s->delta);
        }
    }
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (fmin (contributions[0], contributions[1]), ==, 1);
  g_assert_cmpfloat (fmax (contributions[0], contributions[1]), ==, 6);
}

/* 6: L = sum(relu(x)) at x = [−2, 0.5, 3]: L = 3.5, x̄ = [0, 1, 1]. */
static void
lesson_06 (Lesson *l)
{
  assert_output (l, "L");
  VALUE (l, "x", -2, 0.5, 3);
  VALUE (l, "L", 3.5);
  GRAD (l, "x", 0, 1, 1);
}

/* 7: L = sum(sigmoid(x)) at x = [0]: L = 0.5, x̄ = [0.25]. */
static void
lesson_07 (Lesson *l)
{
  assert_output (l, "L");
  VALUE (l, "L", 0.5);
  GRAD (l, "x", 0.25);
}

/* 8: loss = mean((pred − target)²): loss = 6, pred̄ = [2/3, −2/3, 8/3]. */
static void
lesson_08 (Lesson *l)
{
  assert_output (l, "loss");
  VALUE (l, "pred", 2, 4, 6);
  VALUE (l, "target", 1, 5, 2);
  VALUE (l, "loss", 6);
  GRAD (l, "pred", 2.0 / 3, -2.0 / 3, 8.0 / 3);
}

/* 9: y = sin(x²) at x = 2: y = −0.7568024953079282, x̄ = 4·cos 4 = −2.6145744834544478. */
static void
lesson_09 (Lesson *l)
{
  assert_output (l, "y");
  VALUE (l, "y", -0.7568024953079282);
  GRAD (l, "x", -2.6145744834544478);
  GRAD (l, "x", 4 * cos (4));
}

/* 10: y = e^(3x² + 2x) at x = 0.5: y = 5.754602676005731, x̄ = 28.77301338002865. */
static void
lesson_10 (Lesson *l)
{
  assert_output (l, "y");
  VALUE (l, "y", 5.754602676005731);
  GRAD (l, "x", 28.77301338002865);
}

/* 11: y = ln(cos(√x)) at x = 1: y = −0.6156264703860141, x̄ = −tan(1)/2 = −0.7787038623274511. */
static void
lesson_11 (Lesson *l)
{
  assert_output (l, "y");
  VALUE (l, "y", -0.6156264703860141);
  GRAD (l, "x", -0.7787038623274511);
  GRAD (l, "x", -tan (1) / 2);
}

/* 12: L = (a·b + c)²: L = 16, ā = −24, b̄ = 16, c̄ = 8. */
static void
lesson_12 (Lesson *l)
{
  assert_output (l, "L");
  VALUE (l, "L", 16);
  GRAD (l, "a", -24);
  GRAD (l, "b", 16);
  GRAD (l, "c", 8);
}

/* 13: loss = (w·x − y)²: loss = 1, w̄ = −2. */
static void
lesson_13 (Lesson *l)
{
  assert_output (l, "loss");
  VALUE (l, "loss", 1);
  GRAD (l, "w", -2);
  g_assert_true (ag_node_is_differentiable_leaf (ag_graph_node (l->graph, lookup (l, "w"))));
}

/* 14: f = 215, x̄ = [306, −144, −18, −310]; central differences with h = 1e-3 agree to 1e-2. */
static void
lesson_14 (Lesson *l)
{
  g_autoptr (GArray) entries = NULL;
  g_autoptr (GError) error = NULL;

  assert_output (l, "f");
  VALUE (l, "x", 3, -1, 0, 1);
  VALUE (l, "f", 215);
  GRAD (l, "x", 306, -144, -18, -310);

  entries = ag_graph_check_gradients (l->graph, 1e-3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);
  for (guint i = 0; i < entries->len; i++)
    {
      const AgCheckEntry *e = &g_array_index (entries, AgCheckEntry, i);
      g_assert_cmpfloat (fabs (e->numeric - e->analytic), <=, 1e-2);
      g_assert_cmpfloat (e->rel_error, <=, 1e-2);
    }
  /* The check leaves the values and the analytic gradient as they were. */
  VALUE (l, "f", 215);
  GRAD (l, "x", 306, -144, -18, -310);
}

/* 15: z = [1, −1], x = g(z): x = [2, 1, 1, 0], f = 390, x̄ = [344, 348, 226, −330],
 * z̄ = [710, −1126] = Jᵀx̄. */
static void
lesson_15 (Lesson *l)
{
  const double *z = ag_graph_value (l->graph, lookup (l, "z"));
  const double *xbar = ag_graph_grad (l->graph, lookup (l, "x"));
  const double *zbar = ag_graph_grad (l->graph, lookup (l, "z"));
  /* J = ∂x/∂z, 4×2, for x = [z0 − z1, z0², z1², z0² + z0·z1]. */
  const double J[4][2] = {
    { 1, -1 },
    { 2 * z[0], 0 },
    { 0, 2 * z[1] },
    { 2 * z[0] + z[1], z[0] },
  };

  assert_output (l, "f");
  VALUE (l, "z", 1, -1);
  VALUE (l, "x", 2, 1, 1, 0);
  VALUE (l, "f", 390);
  GRAD (l, "x", 344, 348, 226, -330);
  GRAD (l, "z", 710, -1126);
  for (guint j = 0; j < 2; j++)
    {
      double jt_xbar = 0;
      for (guint i = 0; i < 4; i++)
        jt_xbar += J[i][j] * xbar[i];
      assert_near ("(Jᵀx̄)[j]", zbar[j], jt_xbar, REL_TOL);
    }
}

/* 16: Y = X Wᵀ, L = sum(Y): X̄ = ones(4,2)·W, W̄ = ones(4,2)ᵀ·X; shapes 4×3 and 2×3. */
static void
lesson_16 (Lesson *l)
{
  AgId X = lookup (l, "X"), W = lookup (l, "W"), Y = lookup (l, "Y");
  const AgNode *xn = ag_graph_node (l->graph, X), *wn = ag_graph_node (l->graph, W);
  const double *x = ag_graph_value (l->graph, X), *w = ag_graph_value (l->graph, W);
  const double *xbar = ag_graph_grad (l->graph, X), *wbar = ag_graph_grad (l->graph, W);
  const double *y = ag_graph_value (l->graph, Y);
  double sum = 0;

  assert_output (l, "L");
  g_assert_true (ag_shape_equal (xn->shape, ag_shape_matrix (4, 3)));
  g_assert_true (ag_shape_equal (wn->shape, ag_shape_matrix (2, 3)));
  g_assert_true (ag_shape_equal (ag_graph_node (l->graph, Y)->shape, ag_shape_matrix (4, 2)));
  g_assert_cmpint (xn->role, ==, AG_ROLE_INPUT);
  g_assert_cmpint (wn->role, ==, AG_ROLE_INPUT);

  /* Y = X Wᵀ, element by element, and L = sum(Y). */
  for (guint r = 0; r < 4; r++)
    for (guint c = 0; c < 2; c++)
      {
        double e = 0;
        for (guint k = 0; k < 3; k++)
          e += x[r * 3 + k] * w[c * 3 + k];
        assert_near ("Y", y[r * 2 + c], e, REL_TOL);
        sum += e;
      }
  VALUE (l, "L", sum);

  /* X̄ = ones(4, 2) · W: (4×2)(2×3) = 4×3, every row the column sums of W. */
  for (guint r = 0; r < 4; r++)
    for (guint k = 0; k < 3; k++)
      {
        double e = 0;
        for (guint c = 0; c < 2; c++)
          e += 1.0 * w[c * 3 + k];
        assert_near ("X̄", xbar[r * 3 + k], e, REL_TOL);
      }
  /* W̄ = ones(4, 2)ᵀ · X: (2×4)(4×3) = 2×3, every row the column sums of X. */
  for (guint c = 0; c < 2; c++)
    for (guint k = 0; k < 3; k++)
      {
        double e = 0;
        for (guint r = 0; r < 4; r++)
          e += 1.0 * x[r * 3 + k];
        assert_near ("W̄", wbar[c * 3 + k], e, REL_TOL);
      }
}

/* 17: a training step, Linear(10, 32) → ReLU → Linear(32, 1), MSE, batch 16: every
 * parameter's gradient matches central differences to 1e-6 relative. */
static void
lesson_17 (Lesson *l)
{
  static const struct {
    const char *name;
    AgRole role;
    guint8 ndim;
    guint32 rows, cols;
  } leaves[] = {
    { "X", AG_ROLE_DATA, 2, 16, 10 },
    { "y", AG_ROLE_DATA, 2, 16, 1 },
    { "W1", AG_ROLE_PARAM, 2, 32, 10 },
    { "b1", AG_ROLE_PARAM, 1, 1, 32 },
    { "W2", AG_ROLE_PARAM, 2, 1, 32 },
    { "b2", AG_ROLE_PARAM, 1, 1, 1 },
  };
  g_autoptr (GArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  guint n_params = 0, n_checked[G_N_ELEMENTS (leaves)] = { 0 };

  assert_output (l, "loss");
  for (guint k = 0; k < G_N_ELEMENTS (leaves); k++)
    {
      const AgNode *n = ag_graph_node (l->graph, lookup (l, leaves[k].name));
      const AgShape shape_expected = { leaves[k].ndim, leaves[k].rows, leaves[k].cols };
      g_autofree char *shape = ag_shape_to_string (n->shape);

      g_test_message ("%s: %s %s", leaves[k].name, ag_role_to_string (n->role), shape);
      g_assert_cmpint (n->role, ==, leaves[k].role);
      g_assert_true (ag_shape_equal (n->shape, shape_expected));
      if (leaves[k].role == AG_ROLE_PARAM)
        n_params += n->size;
    }
  g_assert_cmpuint (n_params, ==, 10 * 32 + 32 + 32 + 1);
  g_assert_true (ag_shape_equal (ag_graph_node (l->graph, lookup (l, "h"))->shape,
                                 ag_shape_matrix (16, 32)));
  g_assert_true (ag_shape_equal (ag_graph_node (l->graph, lookup (l, "pred"))->shape,
                                 ag_shape_matrix (16, 1)));
  g_assert_true (isfinite (*ag_graph_value (l->graph, l->graph->output)));
  g_assert_cmpfloat (*ag_graph_value (l->graph, l->graph->output), >, 0);

  entries = ag_graph_check_gradients (l->graph, 1e-6, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, n_params);
  for (guint i = 0; i < entries->len; i++)
    {
      const AgCheckEntry *e = &g_array_index (entries, AgCheckEntry, i);
      const char *name = ag_graph_display_name (l->graph, e->node);
      if (!(e->rel_error <= 1e-6))
        g_error ("%s[%u]: analytic %.17g, numeric %.17g, relative error %.3g > 1e-6", name,
                 e->element, e->analytic, e->numeric, e->rel_error);
      for (guint k = 0; k < G_N_ELEMENTS (leaves); k++)
        if (strcmp (leaves[k].name, name) == 0)
          n_checked[k]++;
    }
  for (guint k = 0; k < G_N_ELEMENTS (leaves); k++)
    if (leaves[k].role == AG_ROLE_PARAM)
      g_assert_cmpuint (n_checked[k], ==, leaves[k].rows * leaves[k].cols);
    else
      g_assert_cmpuint (n_checked[k], ==, 0);
  /* Some gradient is not tiny, or the check would be checking nothing. */
  g_assert_cmpfloat (fabs (ag_graph_grad (l->graph, lookup (l, "b2"))[0]), >, 1e-3);
}

/* 18: h_t = σ(h_{t−1}) 20 times: ∂h20/∂h0 is the product of the 20 local derivatives
 * σ(h)(1 − σ(h)), which the trace's backward steps carry; the adjoint shrinks layer by layer. */
static void
lesson_18 (Lesson *l)
{
  double product = 1, previous = 1;
  guint n_backward = 0;

  assert_output (l, "h20");
  for (guint k = 0; k < ag_trace_n_steps (l->trace); k++)
    {
      const AgStep *s = ag_trace_step (l->trace, k);
      char from[8], to[8];
      double h_out, adjoint;

      if (s->kind != AG_STEP_BACKWARD)
        continue;
      /* Backward runs from the output: the i-th edge is h(20−i) → h(19−i). */
      g_snprintf (from, sizeof from, "h%u", 20 - n_backward);
      g_snprintf (to, sizeof to, "h%u", 19 - n_backward);
      g_assert_cmpuint (s->from, ==, lookup (l, from));
      g_assert_cmpuint (s->to, ==, lookup (l, to));
      n_backward++;

      /* The local derivative σ(h_{t−1})(1 − σ(h_{t−1})) = h_t (1 − h_t). */
      h_out = *ag_graph_value (l->graph, s->from);
      g_assert_true (isfinite (s->local));
      assert_near ("σ'", s->local, h_out * (1 - h_out), REL_TOL);
      g_assert_cmpfloat (s->local, >, 0);
      g_assert_cmpfloat (s->local, <=, 0.25);
      product *= s->local;

      /* What h(19−i) holds after the step: the product so far, smaller than the layer after. */
      adjoint = *ag_trace_data (l->trace, s->after);
      assert_near ("adjoint", adjoint, product, REL_TOL);
      assert_near ("adjoint in the graph", *ag_graph_grad (l->graph, s->to), product, REL_TOL);
      g_assert_cmpfloat (adjoint, <, previous * 0.25);
      previous = adjoint;
    }
  g_assert_cmpuint (n_backward, ==, 20);
  GRAD (l, "h0", product);
  /* The numbers themselves, from plain Python floats:
   *   h = [0.5]; for _ in range(20): h.append(1 / (1 + math.exp(-h[-1])))
   *   p = 1; for t in range(20, 0, -1): p *= h[t] * (1 - h[t]) */
  VALUE (l, "h20", 0.659046068407389);
  GRAD (l, "h0", 1.143095886693206e-13);
  /* Vanished: below (1/4)^20 ≈ 9.1e-13. */
  g_assert_cmpfloat (*ag_graph_grad (l->graph, lookup (l, "h0")), <, pow (0.25, 20));
  g_assert_cmpfloat (*ag_graph_grad (l->graph, lookup (l, "h0")), >, 0);
}

/* 25: a 2-layer network written neuron by neuron, three calls of neuron(x, w, b); values and
 * gradients derived by hand (float64). Folded (the file opens no call) each call steps once
 * forward and once back per argument: x̄ gets one contribution from each hidden neuron, each
 * the sum of the unfolded ones, and the captions name steps of the folded trace. */
static void
lesson_25 (Lesson *l)
{
  g_autoptr (AgFoldedTrace) f = ag_trace_fold (l->trace, l->graph, NULL);
  g_autoptr (GPtrArray) anchors = ag_caption_anchors_new (f->trace, l->graph);
  g_autoptr (GPtrArray) unplaced = NULL;
  AgId x = lookup (l, "x");
  double into_x[2] = { 0, 0 };
  guint n_into_x = 0;

  assert_output (l, "L");
  g_assert_cmpuint (ag_graph_n_calls (l->graph), ==, 3);
  g_assert_null (l->doc->open_calls);
  VALUE (l, "h1", 0.8336546070121553);
  VALUE (l, "h2", -0.5370495669980354);
  VALUE (l, "y", 0.7407246207043314);
  VALUE (l, "L", 0.05794834301324423);
  GRAD (l, "x", 0.054121238477035705, -0.029380353370860528);
  GRAD (l, "w1", 0.046394682646853584, -0.09278936529370717);
  GRAD (l, "b1", 0.046394682646853584);
  GRAD (l, "w2", -0.07730974288402227, 0.15461948576804455);
  GRAD (l, "b2", -0.07730974288402227);
  GRAD (l, "v", 0.18114569260247326, -0.1166960692802829);
  GRAD (l, "c", 0.21729105924539324);

  /* Folded: 6 forward steps (h1, h2, h, y, y − 0.5, L), the seed, 2 plain backward steps and
   * 3 per neuron. */
  g_assert_cmpuint (ag_trace_n_steps (f->trace), ==, 6 + 1 + 4 + 9);
  for (guint k = 0; k < ag_trace_n_steps (f->trace); k++)
    {
      const AgStep *s = ag_trace_step (f->trace, k);
      if (s->kind != AG_STEP_BACKWARD || s->to != x)
        continue;
      g_assert_cmpuint (g_array_index (f->call, guint, k), !=, AG_NO_CALL);
      for (guint i = 0; i < 2; i++)
        into_x[i] += ag_trace_data (f->trace, s->delta)[i];
      if (n_into_x++ == 1)   /* from h1, the second: w1 · h̄1 (1 − h1²) */
        {
          assert_near ("h1 → x", ag_trace_data (f->trace, s->delta)[0], 0.023197341323426792, REL_TOL);
          assert_near ("h1 → x", ag_trace_data (f->trace, s->delta)[1], -0.013918404794056075, REL_TOL);
        }
    }
  g_assert_cmpuint (n_into_x, ==, 2);
  assert_near ("x̄[0]", into_x[0], 0.054121238477035705, REL_TOL);
  assert_near ("x̄[1]", into_x[1], -0.029380353370860528, REL_TOL);
  /* Every caption names a step of the folded trace. */
  unplaced = ag_graph_file_unplaced_captions (l->doc, anchors);
  g_assert_cmpuint (unplaced->len, ==, 0);
}

/* The welcome graph: micrograd's neuron, o = tanh(x1·w1 + x2·w2 + b) ≈ 0.7071, with
 * micrograd's gradients x1̄ = −1.5, w1̄ = 1, x2̄ = 0.5, w2̄ = 0. */
static void
lesson_welcome (Lesson *l)
{
  assert_output (l, "o");
  VALUE (l, "n", 0.8813735870195432);
  VALUE (l, "o", sqrt (0.5));
  GRAD (l, "n", 0.5);
  GRAD (l, "b", 0.5);
  GRAD (l, "x1", -1.5);
  GRAD (l, "w1", 1);
  GRAD (l, "x2", 0.5);
  GRAD (l, "w2", 0);
}

/* The training lab's example: its setup trains its network to a clean boundary. */
static void
lesson_training_lab (Lesson *l)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgTrainer) t = NULL;
  AgTrainSetup s;
  AgTrainEval e;

  assert_output (l, "loss");
  g_assert_nonnull (l->doc->training);
  g_assert_true (ag_train_setup_from_json (l->doc->training, &s, &error));
  g_assert_no_error (error);
  t = ag_trainer_new (l->doc->program, &s, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < s.steps; k++)
    ag_trainer_step (t);
  ag_trainer_evaluate (t, &e);
  g_assert_cmpfloat (e.test_accuracy, >=, 0.97);
  g_assert_cmpfloat (e.train_accuracy, >=, 0.97);
  ag_train_setup_clear (&s);
}

/* ---- the list ---------------------------------------------------------------------------- */

/* ---- exercise lessons (issue 16): authored questions and broken engines ------------------- */

/* The lesson's own questions, all placed on steps, in order, with these expected answers. */
static void
assert_questions (const Lesson *l, guint n, const double *expected)
{
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) quiz = ag_quiz_new_authored (l->trace, l->graph, l->doc, skipped);

  g_assert_cmpuint (skipped->len, ==, 0);
  g_assert_cmpuint (quiz->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const AgQuestion *q = g_ptr_array_index (quiz, i);
      assert_near (q->id, q->expected, expected[i], REL_TOL);
      g_assert_true (q->authored);
      g_assert_true (ag_question_grade (q, expected[i]));
    }
}

#define QUESTIONS(l, ...) \
  assert_questions (l, G_N_ELEMENTS (((const double[]) { __VA_ARGS__ })), (const double[]) { __VA_ARGS__ })

/* The engine with @bug first goes wrong at step @first (1-based) and ends with @name's
 * adjoint at @broken, which the gradient check catches. */
static void
assert_bug (const Lesson *l, AgBug bug, guint first, const char *name, double broken)
{
  g_autoptr (AgTrace) trace = ag_bug_trace_new (l->trace, l->graph, bug);
  g_autoptr (AgQuestion) q = ag_bug_question_new (l->trace, trace, l->graph, bug);
  g_autoptr (GArray) check = NULL;
  g_autoptr (GError) error = NULL;
  const AgId id = lookup (l, name);
  gboolean caught = FALSE;

  g_assert_cmpuint (ag_bug_first_wrong_step (l->trace, trace), ==, first - 1);
  g_assert_nonnull (q);
  g_assert_cmpfloat (q->expected, ==, first);
  assert_near (name, ag_trace_final_adjoint (trace, id), broken, REL_TOL);
  check = ag_bug_check_gradients (l->graph, bug, AG_CHECK_EPS, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < check->len; i++)
    {
      const AgCheckEntry *e = &g_array_index (check, AgCheckEntry, i);
      if (e->node == id)
        caught = !(e->rel_error <= AG_CHECK_TOL);
    }
  g_assert_true (caught);
}

/* 19: z = x·y + x at x = 2, y = 3: z = 8, x̄ = 4 (1 directly, 3 through the product), ȳ = 2.
 * Assigning instead of adding leaves x̄ = 3 at step 6. */
static void
lesson_19 (Lesson *l)
{
  assert_output (l, "z");
  VALUE (l, "z", 8);
  GRAD (l, "x", 4);
  GRAD (l, "y", 2);
  QUESTIONS (l, 8, 3, 4);
  assert_bug (l, AG_BUG_OVERWRITE, 6, "x", 3);
}

/* 20: loss = (w·x − y)² at w = 1, x = 1, y = 2 (EXAMPLES.md 13): loss = 1, w̄ = −2. A second
 * pass without zeroing starts at step 10 (the second seed) and leaves w̄ = −10. */
static void
lesson_20 (Lesson *l)
{
  assert_output (l, "loss");
  VALUE (l, "loss", 1);
  GRAD (l, "w", -2);
  QUESTIONS (l, 1, -2, -2);
  assert_bug (l, AG_BUG_NO_ZERO_GRAD, 10, "w", -10);
}

/* 21: y = x + 1, z = y² at x = 3 (EXAMPLES.md 3): z = 16, ȳ = 8, x̄ = 8. Sending only the
 * local derivative gives x̄ = 1 at step 5. */
static void
lesson_21 (Lesson *l)
{
  assert_output (l, "z");
  VALUE (l, "z", 16);
  GRAD (l, "y", 8);
  GRAD (l, "x", 8);
  QUESTIONS (l, 8, 8);
  assert_bug (l, AG_BUG_FORGET_UPSTREAM, 5, "x", 1);
}

/* 22: L = (a·b + c)² at a = 2, b = −3, c = 10 (EXAMPLES.md 12): L = 16, ā = −24, b̄ = 16,
 * c̄ = 8. The product's swapped derivatives give ā = 8·a = 16 at step 8. */
static void
lesson_22 (Lesson *l)
{
  assert_output (l, "L");
  VALUE (l, "L", 16);
  GRAD (l, "a", -24);
  GRAD (l, "b", 16);
  GRAD (l, "c", 8);
  QUESTIONS (l, 16, -3, -24, 16);
  assert_bug (l, AG_BUG_WRONG_LOCAL, 8, "a", 16);
}

/* 23: h = (3x² + 2)⁵ at x = 1 (EXAMPLES.md 1): t = 5, h = 3125, ∂h/∂t = 5t⁴ = 3125, x̄ = 18750. */
static void
lesson_23 (Lesson *l)
{
  assert_output (l, "h");
  VALUE (l, "t", 5);
  VALUE (l, "h", 3125);
  GRAD (l, "x", 18750);
  QUESTIONS (l, 5, 3125, 3125, 18750);
}

/* 24: z = (x + y)² at x = 2, y = 3 (EXAMPLES.md 4): z = 25, ∂z/∂a = 10, x̄ = ȳ = 10. */
static void
lesson_24 (Lesson *l)
{
  assert_output (l, "z");
  VALUE (l, "z", 25);
  GRAD (l, "x", 10);
  GRAD (l, "y", 10);
  QUESTIONS (l, 25, 10, 10, 10);
}

/* ---- the lessons after the MLP (issue 18): through time, attention, normalisation -------- */

/* The contributions the folded trace's backward steps send into @name, in trace order; returns
 * how many there were (at most @max), each the sum of the unfolded steps inside its call. */
static guint
folded_contributions (const Lesson *l, const AgFoldedTrace *f, const char *name, double *out, guint max)
{
  AgId id = lookup (l, name);
  guint n = 0;

  for (guint k = 0; k < ag_trace_n_steps (f->trace); k++)
    {
      const AgStep *s = ag_trace_step (f->trace, k);
      if (s->kind != AG_STEP_BACKWARD || s->to != id)
        continue;
      if (n < max)
        out[n] = ag_trace_data (f->trace, s->delta)[0];
      n++;
    }
  return n;
}

/* 27: h_t = tanh(w·h_{t−1} + u·x_t + b) over 4 steps, L = (h4 − 1)², at w = u = 0.5, b = 0.1,
 * h0 = 0.5, x = 0.5, 1, 0.5, 1. By hand (float64): with g_t = h̄_t (1 − h_t²), h̄_{t−1} = w·g_t
 * and step t sends g_t·h_{t−1} into w̄, from step 4 back to step 1. Folded, w receives exactly
 * 4 contributions (the canvas's "k of 4 paths"), each less than half the one before. */
static void
lesson_27 (Lesson *l)
{
  g_autoptr (AgFoldedTrace) f = ag_trace_fold (l->trace, l->graph, NULL);
  const double into_w[4] = { -0.16583179438757914, -0.060969272020200534, -0.01189695881836717,
                             -0.00394079609117207 };
  double got[4] = { 0 };

  assert_output (l, "L");
  g_assert_cmpuint (ag_graph_n_calls (l->graph), ==, 4);
  g_assert_null (l->doc->open_calls);
  VALUE (l, "h1", 0.5370495669980353);
  VALUE (l, "h2", 0.7006238355348707);
  VALUE (l, "h3", 0.6045657263505407);
  VALUE (l, "h4", 0.7174076193115045);
  VALUE (l, "L", 0.07985845362319154);
  GRAD (l, "h4", -0.5651847613769909);
  GRAD (l, "h3", -0.13714951671890357);
  GRAD (l, "h2", -0.04351070355296671);
  GRAD (l, "h1", -0.011076220473342913);
  GRAD (l, "h0", -0.00394079609117207);
  GRAD (l, "w", -0.2426388213173189);
  GRAD (l, "u", -0.3439029740286318);
  GRAD (l, "b", -0.39135447367277054);

  g_assert_cmpuint (folded_contributions (l, f, "w", got, 4), ==, 4);
  for (guint t = 0; t < 4; t++)
    {
      assert_near ("a step's contribution to w̄", got[t], into_w[t], REL_TOL);
      if (t > 0)
        g_assert_cmpfloat (fabs (got[t]), <, fabs (got[t - 1]) / 2);
    }
  {
    /* The questions are on the steps the window shows: the folded ones. */
    Lesson shown = { l->doc, l->graph, f->trace };
    QUESTIONS (&shown, -0.13714951671890357, -0.011076220473342913, -0.2426388213173189);
  }
}

/* 28: one head of self-attention, X 3 × 2, by hand (float64): S = Q·Kᵀ/√2, A = softmax(S)
 * row-wise, out = A·V, L = sum(out). Ō = 1, so Ā's rows are V's row sums, V̄ = Aᵀ·1 (A's column
 * sums in both columns), S̄ = A ⊙ (Ā − rowsum(A ⊙ Ā)), Q̄ = S̄·K/√2, K̄ = S̄ᵀ·Q/√2, W̄ = Xᵀ·(its
 * product's gradient), X̄ the sum of the three paths. Row 2 of A·Ā sums to exactly 1, so
 * S̄[1][0] and Q̄[1][1] are 0. */
static void
lesson_28 (Lesson *l)
{
  const double *s_grad = ag_graph_grad (l->graph, lookup (l, "S"));

  assert_output (l, "L");
  VALUE (l, "A", 0.44580827410760315, 0.10838345178479356, 0.44580827410760315,
         0.10838345178479356, 0.44580827410760315, 0.44580827410760315,
         0.16357910081201152, 0.16357910081201152, 0.672841798375977);
  VALUE (l, "out", 0.8916165482152063, 0.27709586294619837, 0.5541917258923967,
         0.44580827410760315, 0.8364208991879886, 0.4182104495939943);
  VALUE (l, "L", 3.4233437599433874);
  GRAD (l, "A", 1, 0.5, 1.5, 1, 0.5, 1.5, 1, 0.5, 1.5);
  GRAD (l, "V", 0.7177708267044083, 0.7177708267044083, 0.7177708267044083,
        0.7177708267044083, 1.5644583465911834, 1.5644583465911834);
  GRAD (l, "S", -0.07521338884039815, -0.07247735937300515, 0.14769074821340344,
        0, -0.22290413705380147, 0.2229041370538017,
        -0.04165236707230645, -0.12344191747831221, 0.16509428455061848);
  GRAD (l, "Q", 0.10249846459029284, 0.05318389728506623, 0.3152340537305575, 0,
        0.17457323386316925, 0.029452671209299022);
  GRAD (l, "K", -0.08263656849436528, -0.058905342418598274, -0.13853584922673107,
        -0.48980728759372666, 0.22117241772109633, 0.5487126300123251);
  GRAD (l, "Wq", 0.2770716984534621, 0.08263656849436525, 0.48980728759372677, 0.02945267120929918);
  GRAD (l, "Wk", 0.13853584922673107, 0.48980728759372677, 0.08263656849436526, 0.058905342418598405);
  GRAD (l, "Wv", 2.2822291732955917, 2.2822291732955917, 2.2822291732955917, 2.2822291732955917);
  GRAD (l, "X", 0.6549961543059706, 0.4063478655037383, 0.7559331819815036, -0.13092187424152218,
        2.1813764158965454, 1.389847145726515);
  /* The softmax's gradient has no component along a row's constant: each row of S̄ sums to 0. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (fabs (s_grad[3 * i] + s_grad[3 * i + 1] + s_grad[3 * i + 2]), <, 1e-15);
  QUESTIONS (l, 1.4142135623730951, 3.4233437599433874);
}

/* 29: layer norm of x = [1, 2, 4, 5], ε = 1e-5, gain [1, 0.5, 2, 1], bias 0, L = mse(y, t), by
 * hand (float64): μ = 3, var = 2.5, s = √(2.5 + ε), x̂ = (x − μ)/s; ȳ = 2(y − t)/4, x̂̄ = g ⊙ ȳ,
 * x̄ = (x̂̄ − mean(x̂̄) − x̂·mean(x̂̄ ⊙ x̂))/s, whose elements sum to 0: a shift of every x by the
 * same amount changes nothing after the centring. */
static void
lesson_29 (Lesson *l)
{
  const double *x_grad = ag_graph_grad (l->graph, lookup (l, "x"));

  assert_output (l, "L");
  VALUE (l, "mu", 3);
  VALUE (l, "xc", -2, -1, 1, 2);
  VALUE (l, "var", 2.5);
  VALUE (l, "xhat", -1.264908534252813, -0.6324542671264065, 0.6324542671264065, 1.264908534252813);
  VALUE (l, "y", -1.264908534252813, -0.31622713356320326, 1.264908534252813, 1.264908534252813);
  VALUE (l, "L", 0.07763229864038036);
  GRAD (l, "y", -0.1324542671264065, -0.15811356678160163, 0.1324542671264065, 0.1324542671264065);
  GRAD (l, "g", 0.16754253288639342, 0.09999960000159999, 0.08377126644319671, 0.16754253288639342);
  GRAD (l, "beta", -0.1324542671264065, -0.15811356678160163, 0.1324542671264065, 0.1324542671264065);
  GRAD (l, "xhat", -0.1324542671264065, -0.07905678339080081, 0.264908534252813, 0.1324542671264065);
  GRAD (l, "x", -0.002631912032749521, -0.02412296440627559, 0.08289433084907227, -0.056139454410047196);
  g_assert_cmpfloat (fabs (x_grad[0] + x_grad[1] + x_grad[2] + x_grad[3]), <, 1e-15);
  /* The two paths into x̄: through the centring (x̄c itself), then through μ (μ̄/4 to each). */
  {
    AgId x = lookup (l, "x");
    const double via_xc[4] = { 0.026753771188648814, 0.0052627188151227675, 0.11228001407047067,
                               -0.026753771188648814 };
    guint n = 0;

    for (guint k = 0; k < ag_trace_n_steps (l->trace); k++)
      {
        const AgStep *s = ag_trace_step (l->trace, k);
        if (s->kind != AG_STEP_BACKWARD || s->to != x)
          continue;
        for (guint i = 0; i < 4; i++)
          assert_near ("a path into x̄", ag_trace_data (l->trace, s->delta)[i],
                       n == 0 ? via_xc[i] : -0.11754273288559343 / 4, REL_TOL);
        n++;
      }
    g_assert_cmpuint (n, ==, 2);
  }
  QUESTIONS (l, 3, 2.5, -0.11052503763184553, -0.11754273288559343);
}


/* 26: Newton's method on f(x) = x⁴ − 3x² + x from x0 = 2, three steps written out with
 * grad(f, x) and grad(grad(f, x), x). Every number the note and captions quote, from the
 * hand-derived f' = 4x³ − 6x + 1, f'' = 12x² − 6 and f''' = 24x. */
static double newton_f (double x) { return x * x * x * x - 3 * x * x + x; }
static double newton_d (double x) { return 4 * x * x * x - 6 * x + 1; }
static double newton_s (double x) { return 12 * x * x - 6; }

/* Quoted to 4 significant digits: the exact value rounds to @quoted. */
static void
assert_quoted (const char *what, double exact, double quoted)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%.4g", exact);
  if (g_ascii_strtod (buf, NULL) != quoted)
    g_error ("%s: %.17g is quoted as %g, but reads %s", what, exact, quoted, buf);
}

static void
lesson_26 (Lesson *l)
{
  g_autoptr (AgFoldedTrace) f = ag_trace_fold (l->trace, l->graph, NULL);
  g_autoptr (GPtrArray) anchors = ag_caption_anchors_new (f->trace, l->graph);
  g_autoptr (GPtrArray) unplaced = NULL;
  const double x2 = 26.0 / 21, d2 = newton_d (x2), s2 = newton_s (x2), x3 = x2 - d2 / s2;
  const AgId x0 = lookup (l, "x0"), s0 = lookup (l, "s0");
  double x = x3, n_x0 = 1, x_min;
  guint n_s0_to_x0 = 0;

  assert_output (l, "y");
  g_assert_cmpuint (ag_graph_n_calls (l->graph), ==, 4 + 6);   /* f four times, grad six */
  /* f'(2) = 32 − 12 + 1 = 21, f''(2) = 48 − 6 = 42, x1 = 2 − 21/42 = 1.5 */
  VALUE (l, "f0", 6);
  VALUE (l, "d0", 21);
  VALUE (l, "s0", 42);
  VALUE (l, "x1", 1.5);
  /* f'(1.5) = 13.5 − 9 + 1 = 5.5, f''(1.5) = 27 − 6 = 21, x2 = 1.5 − 5.5/21 = 26/21 */
  VALUE (l, "d1", 5.5);
  VALUE (l, "s1", 21);
  VALUE (l, "x2", x2);
  VALUE (l, "d2", d2);
  VALUE (l, "s2", s2);
  VALUE (l, "x3", x3);
  VALUE (l, "y", newton_f (x3));
  /* ∂y/∂x3 is the slope there; ∂y/∂x0 multiplies each step's derivative
   * N'(x) = f'(x)·f'''(x)/f''(x)² (the chain rule through x − f'/f'') */
  GRAD (l, "x3", newton_d (x3));
  for (double xs = 2; xs != x3; xs = xs - newton_d (xs) / newton_s (xs))
    n_x0 *= newton_d (xs) * 24 * xs / (newton_s (xs) * newton_s (xs));
  GRAD (l, "x0", newton_d (x3) * n_x0);
  for (guint k = 0; k < 20; k++)
    x -= newton_d (x) / newton_s (x);
  x_min = x;
  /* the numbers the note and captions quote, to 4 significant digits */
  assert_quoted ("x2", x2, 1.238);
  assert_quoted ("f'(x2)", d2, 1.163);
  assert_quoted ("f''(x2)", s2, 12.39);
  assert_quoted ("x3", x3, 1.144);
  assert_quoted ("f(x3)", newton_f (x3), -1.069);
  assert_quoted ("f'(x3)", newton_d (x3), 0.1275);
  assert_quoted ("the minimum", x_min, 1.131);
  assert_quoted ("f at the minimum", newton_f (x_min), -1.070);
  assert_quoted ("x̄0", ag_graph_grad (l->graph, x0)[0], 0.007355);
  assert_near ("f'(x_min)", newton_d (x_min), 0, 1);
  /* Folded, the grad box of s0 sends s̄0 · f'''(2) = s̄0 · 48 back to x0 in one step */
  for (guint k = 0; k < ag_trace_n_steps (f->trace); k++)
    {
      const AgStep *st = ag_trace_step (f->trace, k);
      if (st->kind != AG_STEP_BACKWARD || st->from != s0 || st->to != x0)
        continue;
      n_s0_to_x0++;
      assert_near ("s0 → x0", ag_trace_data (f->trace, st->delta)[0],
                   ag_graph_grad (l->graph, s0)[0] * 48, REL_TOL);
    }
  g_assert_cmpuint (n_s0_to_x0, ==, 1);
  QUESTIONS (l, 21, 42, 1.5, 5.5);
  unplaced = ag_graph_file_unplaced_captions (l->doc, anchors);
  g_assert_cmpuint (unplaced->len, ==, 0);
}

typedef struct {
  const char *name;
  void (*check) (Lesson *l);
} Example;

static const Example examples[] = {
  { "01-chain-rule", lesson_01 },
  { "02-dot-product", lesson_02 },
  { "03-composition", lesson_03 },
  { "04-two-inputs", lesson_04 },
  { "05-paths-add-up", lesson_05 },
  { "06-relu", lesson_06 },
  { "07-sigmoid", lesson_07 },
  { "08-mse-loss", lesson_08 },
  { "09-sin-of-square", lesson_09 },
  { "10-exp-of-polynomial", lesson_10 },
  { "11-log-cos-sqrt", lesson_11 },
  { "12-product-plus-constant", lesson_12 },
  { "13-linear-regression", lesson_13 },
  { "14-four-variables", lesson_14 },
  { "15-vector-chain-rule", lesson_15 },
  { "16-linear-layer", lesson_16 },
  { "17-training-step", lesson_17 },
  { "18-vanishing-gradients", lesson_18 },
  { "19-bug-overwrite", lesson_19 },
  { "20-bug-no-zero-grad", lesson_20 },
  { "21-bug-forget-upstream", lesson_21 },
  { "22-bug-wrong-local", lesson_22 },
  { "23-predict-chain-rule", lesson_23 },
  { "24-predict-two-inputs", lesson_24 },
  { "25-mlp-neurons", lesson_25 },
  { "26-newton", lesson_26 },
  { "27-rnn-through-time", lesson_27 },
  { "28-attention", lesson_28 },
  { "29-layer-norm", lesson_29 },
  { "welcome", lesson_welcome },
  { "training-lab", lesson_training_lab },
};

static void
test_example (gconstpointer data)
{
  const Example *ex = data;
  g_auto (Lesson) l = { 0 };

  lesson_load (&l, ex->name);
  ex->check (&l);
}

/* Each shipped caption is on the step it was on when captions were stored by step number:
 * tests/data/example-captions-by-step.json holds the old files' captions (position → text,
 * taken from git before they were anchored), and each old position's anchor now finds it. */
static void
test_captions_on_their_steps (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "example-captions-by-step.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObjectIter files, caps;
  const char *file, *number;
  JsonNode *old, *text;
  guint n_checked = 0;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  json_object_iter_init (&files, json_node_get_object (json_parser_get_root (parser)));
  while (json_object_iter_next (&files, &file, &old))
    {
      g_autofree char *name = g_strndup (file, strlen (file) - strlen (AG_FILE_EXTENSION));
      g_auto (Lesson) l = { 0 };
      g_autoptr (GPtrArray) anchors = NULL;

      lesson_load (&l, name);
      anchors = ag_caption_anchors_new (l.trace, l.graph);
      g_assert_cmpuint (g_hash_table_size (l.doc->captions), ==,
                        json_object_get_size (json_node_get_object (old)));
      json_object_iter_init (&caps, json_node_get_object (old));
      while (json_object_iter_next (&caps, &number, &text))
        {
          guint k = 0;
          g_assert_true (ag_caption_key_is_legacy (number, &k));
          if (g_strcmp0 (ag_graph_file_caption_at (l.doc, anchors, k), json_node_get_string (text)) != 0)
            g_error ("%s: the caption of position %u moved (anchor %s)", file, k,
                     k < anchors->len ? (char *) g_ptr_array_index (anchors, k) : "none");
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >=, 70);
}

/* The directory holds exactly the listed examples, and each is a lesson: a title, a note, a
 * program that parses and runs, and a caption before the first step; every caption is at a
 * position the player can reach (0 … the number of steps). */
static void
test_all_files (void)
{
  const char *dir_name = g_getenv ("ADJOINT_EXAMPLES_DIR");
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  const char *file;
  guint n_files = 0;

  g_assert_nonnull (dir_name);
  for (guint k = 0; k < G_N_ELEMENTS (examples); k++)
    g_hash_table_add (expected, (gpointer) examples[k].name);
  g_assert_cmpuint (g_hash_table_size (expected), ==, G_N_ELEMENTS (examples));   /* no name twice */

  dir = g_dir_open (dir_name, 0, &error);
  g_assert_no_error (error);
  while ((file = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *name = NULL;
      g_auto (Lesson) l = { 0 };
      GHashTableIter iter;
      gpointer key, value;

      if (!g_str_has_suffix (file, AG_FILE_EXTENSION))
        g_error ("%s in %s is not a graph file: only examples belong there", file, dir_name);
      name = g_strndup (file, strlen (file) - strlen (AG_FILE_EXTENSION));
      if (!g_hash_table_contains (expected, name))
        g_error ("%s is not listed in tests/core/test-examples.c: add it, with a test of its numbers",
                 file);
      n_files++;

      lesson_load (&l, name);
      g_assert_nonnull (l.doc->title);
      g_assert_cmpuint (strlen (l.doc->title), >, 0);
      g_assert_nonnull (l.doc->note);
      g_assert_cmpuint (strlen (l.doc->note), >, 40);
      g_assert_nonnull (ag_graph_file_get_caption (l.doc, AG_CAPTION_ANCHOR_START));
      {
        /* Every caption is anchored (no old step numbers) and names a step of the lesson. */
        /* The steps as the window shows them: the calls the file leaves folded, folded. */
        g_autofree gboolean *open = ag_open_calls_from_names (l.graph, (const char *const *) l.doc->open_calls);
        g_autoptr (AgFoldedTrace) shown = ag_trace_fold (l.trace, l.graph, open);
        g_autoptr (GPtrArray) anchors = ag_caption_anchors_new (shown->trace, l.graph);
        g_hash_table_iter_init (&iter, l.doc->captions);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            if (ag_caption_key_is_legacy (key, NULL) || ag_caption_anchors_find (anchors, key) < 0)
              g_error ("%s: caption \"%s\" names no step of the lesson", file, (char *) key);
            g_assert_cmpuint (strlen (value), >, 0);
          }
      }
      /* Every lesson ends in a scalar that backward can start from. */
      g_assert_cmpuint (ag_graph_node (l.graph, l.graph->output)->size, ==, 1);
    }
  g_assert_cmpuint (n_files, ==, G_N_ELEMENTS (examples));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint k = 0; k < G_N_ELEMENTS (examples); k++)
    {
      g_autofree char *path = g_strconcat ("/core/examples/", examples[k].name, NULL);
      g_test_add_data_func (path, &examples[k], test_example);
    }
  g_test_add_func ("/core/examples/captions-on-their-steps", test_captions_on_their_steps);
  g_test_add_func ("/core/examples/all-files", test_all_files);
  return g_test_run ();
}
