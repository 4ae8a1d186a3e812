/* test-ops.c: every row of the op table, checked by a loop over the table: central
 * differences, forward mode against reverse mode, and the trace's contributions. */
#include "core/autograd.h"
#include "core/check.h"
#include "core/graph.h"
#include "core/ops-text.h"
#include "core/ops.h"
#include "core/program.h"
#include "core/trace.h"

#include <math.h>
#include <string.h>

#define N_POINTS 4      /* the check program's own values, then three jittered points */

typedef struct {
  const AgOpInfo *info;
  const char *program;
} OpCheck;

/* Builds the check program, then reduces its output y to L = sum(y * R) with fixed weights R,
 * so every element of y reaches L with a different weight. */
static AgGraph *
build_check (const char *program)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse (program, -1, &error);
  AgId y, r, ids[2];
  g_autofree double *w = NULL;
  const AgNode *yn;

  g_assert_no_error (error);
  g_assert_nonnull (g);
  y = g->output;
  yn = ag_graph_node (g, y);
  w = g_new (double, yn->size);
  for (guint k = 0; k < yn->size; k++)
    w[k] = 0.3 + 0.7 * sin (k + 1.0);
  r = ag_graph_add_leaf (g, AG_ROLE_CONST, yn->shape, w, "R", &error);
  g_assert_no_error (error);
  ids[0] = y;
  ids[1] = r;
  ids[0] = ag_graph_add_op (g, AG_OP_MUL, ids, 2, NULL, &error);
  g_assert_no_error (error);
  ids[0] = ag_graph_add_op (g, AG_OP_SUM, ids, 1, NULL, &error);
  g_assert_no_error (error);
  ag_graph_set_output (g, ids[0]);
  return g_steal_pointer (&g);
}

/* Moves every input a little, the same way on every run (a fixed seed). */
static void
jitter (AgGraph *g, GRand *rand)
{
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      const AgNode *n = ag_graph_node (g, id);
      if (!ag_node_is_differentiable_leaf (n))
        continue;
      for (guint k = 0; k < n->size; k++)
        ag_graph_value (g, id)[k] += g_rand_double_range (rand, -0.05, 0.05);
    }
}

static void
test_gradcheck (gconstpointer data)
{
  const OpCheck *c = data;
  g_autoptr (AgGraph) g = build_check (c->program);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  guint n_checked = 0;

  for (guint p = 0; p < N_POINTS; p++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GArray) entries = NULL;

      if (p > 0)
        jitter (g, rand);
      entries = ag_graph_check_gradients (g, 1e-6, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < entries->len; i++)
        {
          const AgCheckEntry *e = &g_array_index (entries, AgCheckEntry, i);
          if (e->rel_error > 1e-6)
            g_test_message ("%s: %s element %u: analytic %.17g, numeric %.17g", c->program,
                            ag_graph_display_name (g, e->node), e->element, e->analytic, e->numeric);
          g_assert_cmpfloat (e->rel_error, <=, 1e-6);
          g_assert_true (isfinite (e->analytic));
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >, 0);
}

/* Forward mode gives ∂L/∂x[k] one element at a time; it must equal backward's x̄[k]. */
static void
test_jvp (gconstpointer data)
{
  const OpCheck *c = data;
  g_autoptr (AgGraph) g = build_check (c->program);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  for (guint p = 0; p < 2; p++)
    {
      if (p > 0)
        jitter (g, rand);
      g_assert_true (ag_graph_run (g, NULL, NULL));
      for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
        {
          const AgNode *n = ag_graph_node (g, id);
          if (!ag_node_is_differentiable_leaf (n))
            continue;
          for (guint k = 0; k < n->size; k++)
            {
              double grad = ag_graph_grad (g, id)[k], tangent;
              g_assert_true (ag_graph_forward_mode (g, id, k, NULL, NULL));
              tangent = *ag_graph_tangent (g, g->output);
              g_assert_cmpfloat_with_epsilon (tangent, grad, 1e-12 * MAX (1.0, fabs (grad)));
            }
        }
    }
}

/* The trace's promise: the contributions that flow into a node add up to its adjoint, each
 * step's "after" is the running sum, and the scalar local derivative times ū is the
 * contribution. */
static void
test_trace (gconstpointer data)
{
  const OpCheck *c = data;
  g_autoptr (AgGraph) g = build_check (c->program);
  g_autoptr (AgTrace) t = ag_trace_new ();
  g_autofree double *sums = g_new0 (double, g->n_elements);
  guint n_backward = 0;

  g_assert_true (ag_graph_run (g, t, NULL));
  for (guint k = 0; k < ag_trace_n_steps (t); k++)
    {
      const AgStep *s = ag_trace_step (t, k);
      const AgNode *to = ag_graph_node (g, s->to);
      if (s->kind == AG_STEP_SEED)
        sums[to->offset] += 1.0;
      if (s->kind != AG_STEP_BACKWARD)
        continue;
      n_backward++;
      for (guint i = 0; i < s->size; i++)
        {
          sums[to->offset + i] += ag_trace_data (t, s->delta)[i];
          g_assert_cmpfloat_with_epsilon (ag_trace_data (t, s->after)[i], sums[to->offset + i], 1e-12);
        }
      if (!isnan (s->local))
        g_assert_cmpfloat_with_epsilon (s->local * ag_trace_data (t, s->sent)[0],
                                        ag_trace_data (t, s->delta)[0], 1e-12);
      {
        g_autofree char *text = ag_trace_describe_step (t, g, k);
        g_assert_nonnull (strstr (text, " flows to "));
      }
    }
  g_assert_cmpuint (n_backward, >, 0);
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      const AgNode *n = ag_graph_node (g, id);
      if (!n->needs_grad)
        continue;
      for (guint i = 0; i < n->size; i++)
        g_assert_cmpfloat_with_epsilon (sums[n->offset + i], ag_graph_grad (g, id)[i], 1e-12);
    }
}

/* Every row is complete, so the parser, files, inspector and these tests can rely on it. */
static void
test_table (void)
{
  for (guint op = AG_OP_LEAF + 1; op < AG_N_OPS; op++)
    {
      const AgOpInfo *info = ag_op_info (op);
      g_assert_cmpint (info->op, ==, op);
      g_assert_nonnull (info->name);
      g_assert_nonnull (info->symbol);
      g_assert_true (info->forward && info->vjp && info->jvp && info->infer);
      g_assert_nonnull (info->derivative[0]);
      if (info->arity == 2)
        g_assert_nonnull (info->derivative[1]);
      g_assert_nonnull (info->checks[0]);
      g_assert_true (ag_op_lookup (info->name) == info);
      /* a list call takes any number of inputs; only an op with an axis has axis text */
      if (info->call == AG_CALL_LIST)
        g_assert_cmpint (info->arity, <, 0);
      if (info->derivative_axis)
        g_assert_true (info->call == AG_CALL_AXIS || info->call == AG_CALL_REDUCE);
      if (info->call != AG_CALL_INPUTS)
        g_assert_true (ag_op_is_function (info));
    }
  g_assert_null (ag_op_lookup ("nonsense"));
}

/* docs/functions.md shows every function a program can call, in a table row as a call, so
 * the reference cannot fall behind the table unseen. */
static void
test_documented (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "functions.md", NULL);
  g_autofree char *text = NULL;
  guint n_functions = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (guint op = AG_OP_LEAF + 1; op < AG_N_OPS; op++)
    {
      const AgOpInfo *info = ag_op_info (op);
      g_autofree char *call = g_strdup_printf ("| `%s(", info->name);
      g_autofree char *also = g_strdup_printf (", `%s(", info->name);

      if (!ag_op_is_function (info))
        continue;
      n_functions++;
      g_test_message ("%s", info->name);
      g_assert_true (strstr (text, call) != NULL || strstr (text, also) != NULL);
    }
  g_assert_cmpuint (n_functions, >=, 23);
}

/* PyTorch's choices at the kinks, which students compare against. */
static void
test_conventions (void)
{
  static const struct { const char *program; double grad; } cases[] = {
    { "x = 0; y = relu(x)", 0 },                 /* relu'(0) = 0 */
    { "x = 0; y = abs(x)", 0 },                  /* sign(0) = 0 */
    { "x = 0; y = x^0", 0 },                     /* not 0 · 0^-1 */
    { "x = 0; y = sqrt(x)", INFINITY },
    { "x = 2; y = x^3", 12 },
    { "x = -2; y = sigmoid(x) * 0 + tanh(x) * 0 + x", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AgGraph) g = ag_program_parse (cases[i].program, -1, &error);
      g_assert_no_error (error);
      g_assert_true (ag_graph_run (g, NULL, &error));
      g_assert_cmpfloat (*ag_graph_grad (g, ag_graph_lookup (g, "x")), ==, cases[i].grad);
    }
}

/* ---- NaN, ±inf and ±0 ------------------------------------------------------------------
 * Each op, each input, with one element NaN, +inf, −inf, 0 or −0 (and hinge at its kink): the
 * output and every input's adjoint (ȳ = 1 on each element) as PyTorch float64 gives them.
 * Written by tests/reference/special.py, which names the PyTorch formula behind each op: the
 * rules students meet are relu = clamp_min(a, 0), which keeps NaN, with threshold_backward
 * (result <= 0 ? 0 : ȳ), so NaN passes its gradient; abs's sign(NaN) = 0; hinge as
 * clamp(1 - s·t, min=0).mean(), whose clamp_backward passes ȳ where 1 - s·t >= 0 (the kink
 * included, NaN not) and then multiplies by the other input (0 · NaN = NaN); softmax and
 * log_softmax let NaN and +inf make the whole row NaN; bce_logits as (1 - t)·z - log σ(z). */

typedef struct {
  const char *program;
  char        input;        /* 'a' or 'b': the input that gets the special value */
  guint       element;
  double      value;
  guint       n_y;
  double      y[4], grad_a[4], grad_b[4];
} SpecialCase;

static const SpecialCase special_cases[] = {
  { "a = 0.5; y = -a", 'a', 0, NAN,
    1, { NAN }, { -1.0 }, { 0 } },
  { "a = 0.5; y = -a", 'a', 0, INFINITY,
    1, { -INFINITY }, { -1.0 }, { 0 } },
  { "a = 0.5; y = -a", 'a', 0, -INFINITY,
    1, { INFINITY }, { -1.0 }, { 0 } },
  { "a = 0.5; y = -a", 'a', 0, 0,
    1, { -0.0 }, { -1.0 }, { 0 } },
  { "a = 0.5; y = -a", 'a', 0, -0.0,
    1, { 0 }, { -1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = -a", 'a', 0, NAN,
    2, { NAN, -1.5 }, { -1.0, -1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = -a", 'a', 0, INFINITY,
    2, { -INFINITY, -1.5 }, { -1.0, -1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = -a", 'a', 0, -INFINITY,
    2, { INFINITY, -1.5 }, { -1.0, -1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = -a", 'a', 0, 0,
    2, { -0.0, -1.5 }, { -1.0, -1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = -a", 'a', 0, -0.0,
    2, { 0, -1.5 }, { -1.0, -1.0 }, { 0 } },
  { "a = 0.5; y = exp(a)", 'a', 0, NAN,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = exp(a)", 'a', 0, INFINITY,
    1, { INFINITY }, { INFINITY }, { 0 } },
  { "a = 0.5; y = exp(a)", 'a', 0, -INFINITY,
    1, { 0 }, { 0 }, { 0 } },
  { "a = 0.5; y = exp(a)", 'a', 0, 0,
    1, { 1.0 }, { 1.0 }, { 0 } },
  { "a = 0.5; y = exp(a)", 'a', 0, -0.0,
    1, { 1.0 }, { 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = exp(a)", 'a', 0, NAN,
    2, { NAN, 4.4816890703380645 }, { NAN, 4.4816890703380645 }, { 0 } },
  { "a = [0.5, 1.5]; y = exp(a)", 'a', 0, INFINITY,
    2, { INFINITY, 4.4816890703380645 }, { INFINITY, 4.4816890703380645 }, { 0 } },
  { "a = [0.5, 1.5]; y = exp(a)", 'a', 0, -INFINITY,
    2, { 0, 4.4816890703380645 }, { 0, 4.4816890703380645 }, { 0 } },
  { "a = [0.5, 1.5]; y = exp(a)", 'a', 0, 0,
    2, { 1.0, 4.4816890703380645 }, { 1.0, 4.4816890703380645 }, { 0 } },
  { "a = [0.5, 1.5]; y = exp(a)", 'a', 0, -0.0,
    2, { 1.0, 4.4816890703380645 }, { 1.0, 4.4816890703380645 }, { 0 } },
  { "a = 0.5; y = log(a)", 'a', 0, NAN,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = log(a)", 'a', 0, INFINITY,
    1, { INFINITY }, { 0 }, { 0 } },
  { "a = 0.5; y = log(a)", 'a', 0, -INFINITY,
    1, { NAN }, { -0.0 }, { 0 } },
  { "a = 0.5; y = log(a)", 'a', 0, 0,
    1, { -INFINITY }, { INFINITY }, { 0 } },
  { "a = 0.5; y = log(a)", 'a', 0, -0.0,
    1, { -INFINITY }, { -INFINITY }, { 0 } },
  { "a = [0.5, 1.5]; y = log(a)", 'a', 0, NAN,
    2, { NAN, 0.4054651081081644 }, { NAN, 0.6666666666666666 }, { 0 } },
  { "a = [0.5, 1.5]; y = log(a)", 'a', 0, INFINITY,
    2, { INFINITY, 0.4054651081081644 }, { 0, 0.6666666666666666 }, { 0 } },
  { "a = [0.5, 1.5]; y = log(a)", 'a', 0, -INFINITY,
    2, { NAN, 0.4054651081081644 }, { -0.0, 0.6666666666666666 }, { 0 } },
  { "a = [0.5, 1.5]; y = log(a)", 'a', 0, 0,
    2, { -INFINITY, 0.4054651081081644 }, { INFINITY, 0.6666666666666666 }, { 0 } },
  { "a = [0.5, 1.5]; y = log(a)", 'a', 0, -0.0,
    2, { -INFINITY, 0.4054651081081644 }, { -INFINITY, 0.6666666666666666 }, { 0 } },
  { "a = 0.5; y = sin(a)", 'a', 0, NAN,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = sin(a)", 'a', 0, INFINITY,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = sin(a)", 'a', 0, -INFINITY,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = sin(a)", 'a', 0, 0,
    1, { 0 }, { 1.0 }, { 0 } },
  { "a = 0.5; y = sin(a)", 'a', 0, -0.0,
    1, { -0.0 }, { 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = sin(a)", 'a', 0, NAN,
    2, { NAN, 0.9974949866040544 }, { NAN, 0.0707372016677029 }, { 0 } },
  { "a = [0.5, 1.5]; y = sin(a)", 'a', 0, INFINITY,
    2, { NAN, 0.9974949866040544 }, { NAN, 0.0707372016677029 }, { 0 } },
  { "a = [0.5, 1.5]; y = sin(a)", 'a', 0, -INFINITY,
    2, { NAN, 0.9974949866040544 }, { NAN, 0.0707372016677029 }, { 0 } },
  { "a = [0.5, 1.5]; y = sin(a)", 'a', 0, 0,
    2, { 0, 0.9974949866040544 }, { 1.0, 0.0707372016677029 }, { 0 } },
  { "a = [0.5, 1.5]; y = sin(a)", 'a', 0, -0.0,
    2, { -0.0, 0.9974949866040544 }, { 1.0, 0.0707372016677029 }, { 0 } },
  { "a = 0.5; y = cos(a)", 'a', 0, NAN,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = cos(a)", 'a', 0, INFINITY,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = cos(a)", 'a', 0, -INFINITY,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = cos(a)", 'a', 0, 0,
    1, { 1.0 }, { -0.0 }, { 0 } },
  { "a = 0.5; y = cos(a)", 'a', 0, -0.0,
    1, { 1.0 }, { 0 }, { 0 } },
  { "a = [0.5, 1.5]; y = cos(a)", 'a', 0, NAN,
    2, { NAN, 0.0707372016677029 }, { NAN, -0.9974949866040544 }, { 0 } },
  { "a = [0.5, 1.5]; y = cos(a)", 'a', 0, INFINITY,
    2, { NAN, 0.0707372016677029 }, { NAN, -0.9974949866040544 }, { 0 } },
  { "a = [0.5, 1.5]; y = cos(a)", 'a', 0, -INFINITY,
    2, { NAN, 0.0707372016677029 }, { NAN, -0.9974949866040544 }, { 0 } },
  { "a = [0.5, 1.5]; y = cos(a)", 'a', 0, 0,
    2, { 1.0, 0.0707372016677029 }, { -0.0, -0.9974949866040544 }, { 0 } },
  { "a = [0.5, 1.5]; y = cos(a)", 'a', 0, -0.0,
    2, { 1.0, 0.0707372016677029 }, { 0, -0.9974949866040544 }, { 0 } },
  { "a = 0.5; y = tan(a)", 'a', 0, NAN,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = tan(a)", 'a', 0, INFINITY,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = tan(a)", 'a', 0, -INFINITY,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = tan(a)", 'a', 0, 0,
    1, { 0 }, { 1.0 }, { 0 } },
  { "a = 0.5; y = tan(a)", 'a', 0, -0.0,
    1, { -0.0 }, { 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = tan(a)", 'a', 0, NAN,
    2, { NAN, 14.101419947171719 }, { NAN, 199.85004452649244 }, { 0 } },
  { "a = [0.5, 1.5]; y = tan(a)", 'a', 0, INFINITY,
    2, { NAN, 14.101419947171719 }, { NAN, 199.85004452649244 }, { 0 } },
  { "a = [0.5, 1.5]; y = tan(a)", 'a', 0, -INFINITY,
    2, { NAN, 14.101419947171719 }, { NAN, 199.85004452649244 }, { 0 } },
  { "a = [0.5, 1.5]; y = tan(a)", 'a', 0, 0,
    2, { 0, 14.101419947171719 }, { 1.0, 199.85004452649244 }, { 0 } },
  { "a = [0.5, 1.5]; y = tan(a)", 'a', 0, -0.0,
    2, { -0.0, 14.101419947171719 }, { 1.0, 199.85004452649244 }, { 0 } },
  { "a = 0.5; y = sqrt(a)", 'a', 0, NAN,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = sqrt(a)", 'a', 0, INFINITY,
    1, { INFINITY }, { 0 }, { 0 } },
  { "a = 0.5; y = sqrt(a)", 'a', 0, -INFINITY,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = sqrt(a)", 'a', 0, 0,
    1, { 0 }, { INFINITY }, { 0 } },
  { "a = 0.5; y = sqrt(a)", 'a', 0, -0.0,
    1, { -0.0 }, { -INFINITY }, { 0 } },
  { "a = [0.5, 1.5]; y = sqrt(a)", 'a', 0, NAN,
    2, { NAN, 1.224744871391589 }, { NAN, 0.4082482904638631 }, { 0 } },
  { "a = [0.5, 1.5]; y = sqrt(a)", 'a', 0, INFINITY,
    2, { INFINITY, 1.224744871391589 }, { 0, 0.4082482904638631 }, { 0 } },
  { "a = [0.5, 1.5]; y = sqrt(a)", 'a', 0, -INFINITY,
    2, { NAN, 1.224744871391589 }, { NAN, 0.4082482904638631 }, { 0 } },
  { "a = [0.5, 1.5]; y = sqrt(a)", 'a', 0, 0,
    2, { 0, 1.224744871391589 }, { INFINITY, 0.4082482904638631 }, { 0 } },
  { "a = [0.5, 1.5]; y = sqrt(a)", 'a', 0, -0.0,
    2, { -0.0, 1.224744871391589 }, { -INFINITY, 0.4082482904638631 }, { 0 } },
  { "a = 0.5; y = abs(a)", 'a', 0, NAN,
    1, { NAN }, { 0 }, { 0 } },
  { "a = 0.5; y = abs(a)", 'a', 0, INFINITY,
    1, { INFINITY }, { 1.0 }, { 0 } },
  { "a = 0.5; y = abs(a)", 'a', 0, -INFINITY,
    1, { INFINITY }, { -1.0 }, { 0 } },
  { "a = 0.5; y = abs(a)", 'a', 0, 0,
    1, { 0 }, { 0 }, { 0 } },
  { "a = 0.5; y = abs(a)", 'a', 0, -0.0,
    1, { 0 }, { 0 }, { 0 } },
  { "a = [0.5, 1.5]; y = abs(a)", 'a', 0, NAN,
    2, { NAN, 1.5 }, { 0, 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = abs(a)", 'a', 0, INFINITY,
    2, { INFINITY, 1.5 }, { 1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = abs(a)", 'a', 0, -INFINITY,
    2, { INFINITY, 1.5 }, { -1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = abs(a)", 'a', 0, 0,
    2, { 0, 1.5 }, { 0, 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = abs(a)", 'a', 0, -0.0,
    2, { 0, 1.5 }, { 0, 1.0 }, { 0 } },
  { "a = 0.5; y = tanh(a)", 'a', 0, NAN,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = tanh(a)", 'a', 0, INFINITY,
    1, { 1.0 }, { 0 }, { 0 } },
  { "a = 0.5; y = tanh(a)", 'a', 0, -INFINITY,
    1, { -1.0 }, { 0 }, { 0 } },
  { "a = 0.5; y = tanh(a)", 'a', 0, 0,
    1, { 0 }, { 1.0 }, { 0 } },
  { "a = 0.5; y = tanh(a)", 'a', 0, -0.0,
    1, { -0.0 }, { 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = tanh(a)", 'a', 0, NAN,
    2, { NAN, 0.9051482536448664 }, { NAN, 0.18070663892364858 }, { 0 } },
  { "a = [0.5, 1.5]; y = tanh(a)", 'a', 0, INFINITY,
    2, { 1.0, 0.9051482536448664 }, { 0, 0.18070663892364858 }, { 0 } },
  { "a = [0.5, 1.5]; y = tanh(a)", 'a', 0, -INFINITY,
    2, { -1.0, 0.9051482536448664 }, { 0, 0.18070663892364858 }, { 0 } },
  { "a = [0.5, 1.5]; y = tanh(a)", 'a', 0, 0,
    2, { 0, 0.9051482536448664 }, { 1.0, 0.18070663892364858 }, { 0 } },
  { "a = [0.5, 1.5]; y = tanh(a)", 'a', 0, -0.0,
    2, { -0.0, 0.9051482536448664 }, { 1.0, 0.18070663892364858 }, { 0 } },
  { "a = 0.5; y = sigmoid(a)", 'a', 0, NAN,
    1, { NAN }, { NAN }, { 0 } },
  { "a = 0.5; y = sigmoid(a)", 'a', 0, INFINITY,
    1, { 1.0 }, { 0 }, { 0 } },
  { "a = 0.5; y = sigmoid(a)", 'a', 0, -INFINITY,
    1, { 0 }, { 0 }, { 0 } },
  { "a = 0.5; y = sigmoid(a)", 'a', 0, 0,
    1, { 0.5 }, { 0.25 }, { 0 } },
  { "a = 0.5; y = sigmoid(a)", 'a', 0, -0.0,
    1, { 0.5 }, { 0.25 }, { 0 } },
  { "a = [0.5, 1.5]; y = sigmoid(a)", 'a', 0, NAN,
    2, { NAN, 0.8175744761936437 }, { NAN, 0.14914645207033286 }, { 0 } },
  { "a = [0.5, 1.5]; y = sigmoid(a)", 'a', 0, INFINITY,
    2, { 1.0, 0.8175744761936437 }, { 0, 0.14914645207033286 }, { 0 } },
  { "a = [0.5, 1.5]; y = sigmoid(a)", 'a', 0, -INFINITY,
    2, { 0, 0.8175744761936437 }, { 0, 0.14914645207033286 }, { 0 } },
  { "a = [0.5, 1.5]; y = sigmoid(a)", 'a', 0, 0,
    2, { 0.5, 0.8175744761936437 }, { 0.25, 0.14914645207033286 }, { 0 } },
  { "a = [0.5, 1.5]; y = sigmoid(a)", 'a', 0, -0.0,
    2, { 0.5, 0.8175744761936437 }, { 0.25, 0.14914645207033286 }, { 0 } },
  { "a = 0.5; y = relu(a)", 'a', 0, NAN,
    1, { NAN }, { 1.0 }, { 0 } },
  { "a = 0.5; y = relu(a)", 'a', 0, INFINITY,
    1, { INFINITY }, { 1.0 }, { 0 } },
  { "a = 0.5; y = relu(a)", 'a', 0, -INFINITY,
    1, { 0 }, { 0 }, { 0 } },
  { "a = 0.5; y = relu(a)", 'a', 0, 0,
    1, { 0 }, { 0 }, { 0 } },
  { "a = 0.5; y = relu(a)", 'a', 0, -0.0,
    1, { -0.0 }, { 0 }, { 0 } },
  { "a = [0.5, 1.5]; y = relu(a)", 'a', 0, NAN,
    2, { NAN, 1.5 }, { 1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = relu(a)", 'a', 0, INFINITY,
    2, { INFINITY, 1.5 }, { 1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = relu(a)", 'a', 0, -INFINITY,
    2, { 0, 1.5 }, { 0, 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = relu(a)", 'a', 0, 0,
    2, { 0, 1.5 }, { 0, 1.0 }, { 0 } },
  { "a = [0.5, 1.5]; y = relu(a)", 'a', 0, -0.0,
    2, { -0.0, 1.5 }, { 0, 1.0 }, { 0 } },
  /* step, relu's derivative as a node (grad writes it): threshold_backward's mask, so NaN
   * counts as above 0 and −0 as 0; flat everywhere */
  { "a = [0.5, -1.5]; y = heaviside(a)", 'a', 0, NAN,
    2, { 1.0, 0 }, { 0, 0 }, { 0 } },
  { "a = [0.5, -1.5]; y = heaviside(a)", 'a', 0, INFINITY,
    2, { 1.0, 0 }, { 0, 0 }, { 0 } },
  { "a = [0.5, -1.5]; y = heaviside(a)", 'a', 0, -0.0,
    2, { 0, 0 }, { 0, 0 }, { 0 } },
  { "a = 1.5; b = 2; y = a + b", 'a', 0, NAN,
    1, { NAN }, { 1.0 }, { 1.0 } },
  { "a = 1.5; b = 2; y = a + b", 'a', 0, INFINITY,
    1, { INFINITY }, { 1.0 }, { 1.0 } },
  { "a = 1.5; b = 2; y = a + b", 'a', 0, -INFINITY,
    1, { -INFINITY }, { 1.0 }, { 1.0 } },
  { "a = 1.5; b = 2; y = a + b", 'a', 0, 0,
    1, { 2.0 }, { 1.0 }, { 1.0 } },
  { "a = 1.5; b = 2; y = a + b", 'a', 0, -0.0,
    1, { 2.0 }, { 1.0 }, { 1.0 } },
  { "a = 2; b = 1.5; y = a + b", 'b', 0, NAN,
    1, { NAN }, { 1.0 }, { 1.0 } },
  { "a = 2; b = 1.5; y = a + b", 'b', 0, INFINITY,
    1, { INFINITY }, { 1.0 }, { 1.0 } },
  { "a = 2; b = 1.5; y = a + b", 'b', 0, -INFINITY,
    1, { -INFINITY }, { 1.0 }, { 1.0 } },
  { "a = 2; b = 1.5; y = a + b", 'b', 0, 0,
    1, { 2.0 }, { 1.0 }, { 1.0 } },
  { "a = 2; b = 1.5; y = a + b", 'b', 0, -0.0,
    1, { 2.0 }, { 1.0 }, { 1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a + b", 'a', 0, NAN,
    2, { NAN, 2.0 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a + b", 'a', 0, INFINITY,
    2, { INFINITY, 2.0 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a + b", 'a', 0, -INFINITY,
    2, { -INFINITY, 2.0 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a + b", 'a', 0, 0,
    2, { 2.0, 2.0 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a + b", 'a', 0, -0.0,
    2, { 2.0, 2.0 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a + b", 'b', 0, NAN,
    2, { NAN, 2.5 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a + b", 'b', 0, INFINITY,
    2, { INFINITY, 2.5 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a + b", 'b', 0, -INFINITY,
    2, { -INFINITY, 2.5 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a + b", 'b', 0, 0,
    2, { 2.0, 2.5 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a + b", 'b', 0, -0.0,
    2, { 2.0, 2.5 }, { 1.0, 1.0 }, { 1.0, 1.0 } },
  { "a = 1.5; b = 2; y = a - b", 'a', 0, NAN,
    1, { NAN }, { 1.0 }, { -1.0 } },
  { "a = 1.5; b = 2; y = a - b", 'a', 0, INFINITY,
    1, { INFINITY }, { 1.0 }, { -1.0 } },
  { "a = 1.5; b = 2; y = a - b", 'a', 0, -INFINITY,
    1, { -INFINITY }, { 1.0 }, { -1.0 } },
  { "a = 1.5; b = 2; y = a - b", 'a', 0, 0,
    1, { -2.0 }, { 1.0 }, { -1.0 } },
  { "a = 1.5; b = 2; y = a - b", 'a', 0, -0.0,
    1, { -2.0 }, { 1.0 }, { -1.0 } },
  { "a = 2; b = 1.5; y = a - b", 'b', 0, NAN,
    1, { NAN }, { 1.0 }, { -1.0 } },
  { "a = 2; b = 1.5; y = a - b", 'b', 0, INFINITY,
    1, { -INFINITY }, { 1.0 }, { -1.0 } },
  { "a = 2; b = 1.5; y = a - b", 'b', 0, -INFINITY,
    1, { INFINITY }, { 1.0 }, { -1.0 } },
  { "a = 2; b = 1.5; y = a - b", 'b', 0, 0,
    1, { 2.0 }, { 1.0 }, { -1.0 } },
  { "a = 2; b = 1.5; y = a - b", 'b', 0, -0.0,
    1, { 2.0 }, { 1.0 }, { -1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a - b", 'a', 0, NAN,
    2, { NAN, -4.0 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a - b", 'a', 0, INFINITY,
    2, { INFINITY, -4.0 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a - b", 'a', 0, -INFINITY,
    2, { -INFINITY, -4.0 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a - b", 'a', 0, 0,
    2, { -2.0, -4.0 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a - b", 'a', 0, -0.0,
    2, { -2.0, -4.0 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a - b", 'b', 0, NAN,
    2, { NAN, -1.5 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a - b", 'b', 0, INFINITY,
    2, { -INFINITY, -1.5 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a - b", 'b', 0, -INFINITY,
    2, { INFINITY, -1.5 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a - b", 'b', 0, 0,
    2, { 2.0, -1.5 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a - b", 'b', 0, -0.0,
    2, { 2.0, -1.5 }, { 1.0, 1.0 }, { -1.0, -1.0 } },
  { "a = 1.5; b = 2; y = a * b", 'a', 0, NAN,
    1, { NAN }, { 2.0 }, { NAN } },
  { "a = 1.5; b = 2; y = a * b", 'a', 0, INFINITY,
    1, { INFINITY }, { 2.0 }, { INFINITY } },
  { "a = 1.5; b = 2; y = a * b", 'a', 0, -INFINITY,
    1, { -INFINITY }, { 2.0 }, { -INFINITY } },
  { "a = 1.5; b = 2; y = a * b", 'a', 0, 0,
    1, { 0 }, { 2.0 }, { 0 } },
  { "a = 1.5; b = 2; y = a * b", 'a', 0, -0.0,
    1, { -0.0 }, { 2.0 }, { -0.0 } },
  { "a = 2; b = 1.5; y = a * b", 'b', 0, NAN,
    1, { NAN }, { NAN }, { 2.0 } },
  { "a = 2; b = 1.5; y = a * b", 'b', 0, INFINITY,
    1, { INFINITY }, { INFINITY }, { 2.0 } },
  { "a = 2; b = 1.5; y = a * b", 'b', 0, -INFINITY,
    1, { -INFINITY }, { -INFINITY }, { 2.0 } },
  { "a = 2; b = 1.5; y = a * b", 'b', 0, 0,
    1, { 0 }, { 0 }, { 2.0 } },
  { "a = 2; b = 1.5; y = a * b", 'b', 0, -0.0,
    1, { -0.0 }, { -0.0 }, { 2.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a * b", 'a', 0, NAN,
    2, { NAN, -3.0 }, { 2.0, 3.0 }, { NAN, -1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a * b", 'a', 0, INFINITY,
    2, { INFINITY, -3.0 }, { 2.0, 3.0 }, { INFINITY, -1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a * b", 'a', 0, -INFINITY,
    2, { -INFINITY, -3.0 }, { 2.0, 3.0 }, { -INFINITY, -1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a * b", 'a', 0, 0,
    2, { 0, -3.0 }, { 2.0, 3.0 }, { 0, -1.0 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a * b", 'a', 0, -0.0,
    2, { -0.0, -3.0 }, { 2.0, 3.0 }, { -0.0, -1.0 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a * b", 'b', 0, NAN,
    2, { NAN, 1.0 }, { NAN, 2.0 }, { 2.0, 0.5 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a * b", 'b', 0, INFINITY,
    2, { INFINITY, 1.0 }, { INFINITY, 2.0 }, { 2.0, 0.5 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a * b", 'b', 0, -INFINITY,
    2, { -INFINITY, 1.0 }, { -INFINITY, 2.0 }, { 2.0, 0.5 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a * b", 'b', 0, 0,
    2, { 0, 1.0 }, { 0, 2.0 }, { 2.0, 0.5 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a * b", 'b', 0, -0.0,
    2, { -0.0, 1.0 }, { -0.0, 2.0 }, { 2.0, 0.5 } },
  { "a = 1.5; b = 2; y = a / b", 'a', 0, NAN,
    1, { NAN }, { 0.5 }, { NAN } },
  { "a = 1.5; b = 2; y = a / b", 'a', 0, INFINITY,
    1, { INFINITY }, { 0.5 }, { -INFINITY } },
  { "a = 1.5; b = 2; y = a / b", 'a', 0, -INFINITY,
    1, { -INFINITY }, { 0.5 }, { INFINITY } },
  { "a = 1.5; b = 2; y = a / b", 'a', 0, 0,
    1, { 0 }, { 0.5 }, { -0.0 } },
  { "a = 1.5; b = 2; y = a / b", 'a', 0, -0.0,
    1, { -0.0 }, { 0.5 }, { 0 } },
  { "a = 2; b = 1.5; y = a / b", 'b', 0, NAN,
    1, { NAN }, { NAN }, { NAN } },
  { "a = 2; b = 1.5; y = a / b", 'b', 0, INFINITY,
    1, { 0 }, { 0 }, { -0.0 } },
  { "a = 2; b = 1.5; y = a / b", 'b', 0, -INFINITY,
    1, { -0.0 }, { -0.0 }, { -0.0 } },
  { "a = 2; b = 1.5; y = a / b", 'b', 0, 0,
    1, { INFINITY }, { INFINITY }, { -INFINITY } },
  { "a = 2; b = 1.5; y = a / b", 'b', 0, -0.0,
    1, { -INFINITY }, { -INFINITY }, { -INFINITY } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a / b", 'a', 0, NAN,
    2, { NAN, -0.3333333333333333 }, { 0.5, 0.3333333333333333 }, { NAN, 0.1111111111111111 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a / b", 'a', 0, INFINITY,
    2, { INFINITY, -0.3333333333333333 }, { 0.5, 0.3333333333333333 }, { -INFINITY, 0.1111111111111111 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a / b", 'a', 0, -INFINITY,
    2, { -INFINITY, -0.3333333333333333 }, { 0.5, 0.3333333333333333 }, { INFINITY, 0.1111111111111111 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a / b", 'a', 0, 0,
    2, { 0, -0.3333333333333333 }, { 0.5, 0.3333333333333333 }, { -0.0, 0.1111111111111111 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a / b", 'a', 0, -0.0,
    2, { -0.0, -0.3333333333333333 }, { 0.5, 0.3333333333333333 }, { 0, 0.1111111111111111 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a / b", 'b', 0, NAN,
    2, { NAN, 0.25 }, { NAN, 0.5 }, { NAN, -0.125 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a / b", 'b', 0, INFINITY,
    2, { 0, 0.25 }, { 0, 0.5 }, { -0.0, -0.125 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a / b", 'b', 0, -INFINITY,
    2, { -0.0, 0.25 }, { -0.0, 0.5 }, { -0.0, -0.125 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a / b", 'b', 0, 0,
    2, { INFINITY, 0.25 }, { INFINITY, 0.5 }, { -INFINITY, -0.125 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a / b", 'b', 0, -0.0,
    2, { -INFINITY, 0.25 }, { -INFINITY, 0.5 }, { -INFINITY, -0.125 } },
  { "a = 1.5; b = 2; y = a ^ b", 'a', 0, NAN,
    1, { NAN }, { NAN }, { NAN } },
  { "a = 1.5; b = 2; y = a ^ b", 'a', 0, INFINITY,
    1, { INFINITY }, { INFINITY }, { INFINITY } },
  { "a = 1.5; b = 2; y = a ^ b", 'a', 0, -INFINITY,
    1, { INFINITY }, { -INFINITY }, { NAN } },
  { "a = 1.5; b = 2; y = a ^ b", 'a', 0, 0,
    1, { 0 }, { 0 }, { 0 } },
  { "a = 1.5; b = 2; y = a ^ b", 'a', 0, -0.0,
    1, { 0 }, { -0.0 }, { 0 } },
  { "a = 2; b = 1.5; y = a ^ b", 'b', 0, NAN,
    1, { NAN }, { NAN }, { NAN } },
  { "a = 2; b = 1.5; y = a ^ b", 'b', 0, INFINITY,
    1, { INFINITY }, { INFINITY }, { INFINITY } },
  { "a = 2; b = 1.5; y = a ^ b", 'b', 0, -INFINITY,
    1, { 0 }, { NAN }, { 0 } },
  { "a = 2; b = 1.5; y = a ^ b", 'b', 0, 0,
    1, { 1.0 }, { 0 }, { 0.6931471805599453 } },
  { "a = 2; b = 1.5; y = a ^ b", 'b', 0, -0.0,
    1, { 1.0 }, { 0 }, { 0.6931471805599453 } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a ^ b", 'a', 0, NAN,
    2, { NAN, -1.0 }, { NAN, 3.0 }, { NAN, NAN } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a ^ b", 'a', 0, INFINITY,
    2, { INFINITY, -1.0 }, { INFINITY, 3.0 }, { INFINITY, NAN } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a ^ b", 'a', 0, -INFINITY,
    2, { INFINITY, -1.0 }, { -INFINITY, 3.0 }, { NAN, NAN } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a ^ b", 'a', 0, 0,
    2, { 0, -1.0 }, { 0, 3.0 }, { 0, NAN } },
  { "a = [1.5, -1.0]; b = [2.0, 3.0]; y = a ^ b", 'a', 0, -0.0,
    2, { 0, -1.0 }, { -0.0, 3.0 }, { 0, NAN } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a ^ b", 'b', 0, NAN,
    2, { NAN, 0.25 }, { NAN, 1.0 }, { NAN, -0.17328679513998632 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a ^ b", 'b', 0, INFINITY,
    2, { INFINITY, 0.25 }, { INFINITY, 1.0 }, { INFINITY, -0.17328679513998632 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a ^ b", 'b', 0, -INFINITY,
    2, { 0, 0.25 }, { NAN, 1.0 }, { 0, -0.17328679513998632 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a ^ b", 'b', 0, 0,
    2, { 1.0, 0.25 }, { 0, 1.0 }, { 0.6931471805599453, -0.17328679513998632 } },
  { "a = [2.0, 0.5]; b = [1.5, 2.0]; y = a ^ b", 'b', 0, -0.0,
    2, { 1.0, 0.25 }, { 0, 1.0 }, { 0.6931471805599453, -0.17328679513998632 } },
  { "a = [0.5, 1.0, 2.0]; y = sum(a)", 'a', 0, NAN,
    1, { NAN }, { 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = sum(a)", 'a', 0, INFINITY,
    1, { INFINITY }, { 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = sum(a)", 'a', 0, -INFINITY,
    1, { -INFINITY }, { 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = sum(a)", 'a', 0, 0,
    1, { 3.0 }, { 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = sum(a)", 'a', 0, -0.0,
    1, { 3.0 }, { 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = mean(a)", 'a', 0, NAN,
    1, { NAN }, { 0.3333333333333333, 0.3333333333333333, 0.3333333333333333 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = mean(a)", 'a', 0, INFINITY,
    1, { INFINITY }, { 0.3333333333333333, 0.3333333333333333, 0.3333333333333333 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = mean(a)", 'a', 0, -INFINITY,
    1, { -INFINITY }, { 0.3333333333333333, 0.3333333333333333, 0.3333333333333333 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = mean(a)", 'a', 0, 0,
    1, { 1.0 }, { 0.3333333333333333, 0.3333333333333333, 0.3333333333333333 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = mean(a)", 'a', 0, -0.0,
    1, { 1.0 }, { 0.3333333333333333, 0.3333333333333333, 0.3333333333333333 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[0]", 'a', 0, NAN,
    1, { NAN }, { 1.0, 0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[0]", 'a', 0, INFINITY,
    1, { INFINITY }, { 1.0, 0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[0]", 'a', 0, -INFINITY,
    1, { -INFINITY }, { 1.0, 0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[0]", 'a', 0, 0,
    1, { 0 }, { 1.0, 0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[0]", 'a', 0, -0.0,
    1, { -0.0 }, { 1.0, 0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[1]", 'a', 0, NAN,
    1, { 1.0 }, { 0, 1.0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[1]", 'a', 0, INFINITY,
    1, { 1.0 }, { 0, 1.0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[1]", 'a', 0, -INFINITY,
    1, { 1.0 }, { 0, 1.0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[1]", 'a', 0, 0,
    1, { 1.0 }, { 0, 1.0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = a[1]", 'a', 0, -0.0,
    1, { 1.0 }, { 0, 1.0, 0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = transpose(a)", 'a', 0, NAN,
    4, { NAN, 2, 1, 3 }, { 1.0, 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = transpose(a)", 'a', 0, INFINITY,
    4, { INFINITY, 2, 1, 3 }, { 1.0, 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = transpose(a)", 'a', 0, -INFINITY,
    4, { -INFINITY, 2, 1, 3 }, { 1.0, 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = transpose(a)", 'a', 0, 0,
    4, { 0, 2, 1, 3 }, { 1.0, 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = transpose(a)", 'a', 0, -0.0,
    4, { -0.0, 2, 1, 3 }, { 1.0, 1.0, 1.0, 1.0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = softmax(a)", 'a', 0, NAN,
    3, { NAN, NAN, NAN }, { NAN, NAN, NAN }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = softmax(a)", 'a', 0, INFINITY,
    3, { NAN, NAN, NAN }, { NAN, NAN, NAN }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = softmax(a)", 'a', 0, -INFINITY,
    3, { 0, 0.26894142136999516, 0.7310585786300049 }, { 0, 0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = softmax(a)", 'a', 0, 0,
    3, { 0.09003057317038045, 0.2447284710547976, 0.6652409557748218 }, { 1.999080305079125e-17, 5.4340636669269496e-17, 1.4771316520497053e-16 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = softmax(a)", 'a', 0, -0.0,
    3, { 0.09003057317038045, 0.2447284710547976, 0.6652409557748218 }, { 1.999080305079125e-17, 5.4340636669269496e-17, 1.4771316520497053e-16 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'a', 0, NAN,
    1, { NAN }, { 0.25, -1.0, 2.0 }, { NAN, 1.0, 2.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'a', 0, INFINITY,
    1, { INFINITY }, { 0.25, -1.0, 2.0 }, { INFINITY, 1.0, 2.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'a', 0, -INFINITY,
    1, { -INFINITY }, { 0.25, -1.0, 2.0 }, { -INFINITY, 1.0, 2.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'a', 0, 0,
    1, { 3.0 }, { 0.25, -1.0, 2.0 }, { 0, 1.0, 2.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'a', 0, -0.0,
    1, { 3.0 }, { 0.25, -1.0, 2.0 }, { -0.0, 1.0, 2.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'a', 0, NAN,
    2, { NAN, 2.0 }, { 1.0 }, { 1.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'a', 0, INFINITY,
    2, { INFINITY, 2.0 }, { 1.0 }, { 1.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'a', 0, -INFINITY,
    2, { -INFINITY, 2.0 }, { 1.0 }, { 1.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'a', 0, 0,
    2, { 0, 2.0 }, { 1.0 }, { 1.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'a', 0, -0.0,
    2, { -0.0, 2.0 }, { 1.0 }, { 1.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'a', 0, NAN,
    4, { NAN, NAN, 7.0, -1.25 }, { -0.5, 2.25, -0.5, 2.25 }, { NAN, NAN, 4.0, 4.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'a', 0, INFINITY,
    4, { INFINITY, -INFINITY, 7.0, -1.25 }, { -0.5, 2.25, -0.5, 2.25 }, { INFINITY, INFINITY, 4.0, 4.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'a', 0, -INFINITY,
    4, { -INFINITY, INFINITY, 7.0, -1.25 }, { -0.5, 2.25, -0.5, 2.25 }, { -INFINITY, -INFINITY, 4.0, 4.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'a', 0, 0,
    4, { 2.0, 0.25, 7.0, -1.25 }, { -0.5, 2.25, -0.5, 2.25 }, { 2.0, 2.0, 4.0, 4.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'a', 0, -0.0,
    4, { 2.0, 0.25, 7.0, -1.25 }, { -0.5, 2.25, -0.5, 2.25 }, { 2.0, 2.0, 4.0, 4.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'a', 0, NAN,
    1, { NAN }, { NAN, NAN, NAN }, { NAN, NAN, NAN } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'a', 0, INFINITY,
    1, { NAN }, { NAN, NAN, NAN }, { NAN, NAN, NAN } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'a', 0, -INFINITY,
    1, { INFINITY }, { -0.2, -0.031058578630004885, 0.2310585786300049 }, { INFINITY, 1.3132616875182228, 0.31326168751822286 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'a', 0, 0,
    1, { 1.1076059644443805 }, { -0.10996942682961958, -0.05527152894520235, 0.16524095577482178 }, { 2.4076059644443806, 1.4076059644443804, 0.4076059644443804 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'a', 0, -0.0,
    1, { 1.1076059644443805 }, { -0.10996942682961958, -0.05527152894520235, 0.16524095577482178 }, { 2.4076059644443806, 1.4076059644443804, 0.4076059644443804 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'a', 0, NAN,
    1, { NAN }, { NAN, 1.0 }, { NAN, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'a', 0, INFINITY,
    1, { INFINITY }, { INFINITY, 1.0 }, { -INFINITY, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'a', 0, -INFINITY,
    1, { INFINITY }, { -INFINITY, 1.0 }, { INFINITY, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'a', 0, 0,
    1, { 0.53125 }, { -0.25, 1.0 }, { 0.25, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'a', 0, -0.0,
    1, { 0.53125 }, { -0.25, 1.0 }, { 0.25, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'a', 0, NAN,
    1, { NAN }, { NAN, -0.05960146101105884 }, { NAN, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'a', 0, INFINITY,
    1, { INFINITY }, { 0.375, -0.05960146101105884 }, { -INFINITY, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'a', 0, -INFINITY,
    1, { NAN }, { -0.125, -0.05960146101105884 }, { INFINITY, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'a', 0, 0,
    1, { 0.4100375958014589 }, { 0.125, -0.05960146101105884 }, { -0.0, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'a', 0, -0.0,
    1, { 0.4100375958014589 }, { 0.125, -0.05960146101105884 }, { 0, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'a', 0, NAN,
    1, { NAN }, { -0.0, 0.5 }, { NAN, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'a', 0, INFINITY,
    1, { 1.5 }, { -0.0, 0.5 }, { NAN, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'a', 0, -INFINITY,
    1, { INFINITY }, { -0.5, 0.5 }, { INFINITY, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'a', 0, 0,
    1, { 2.0 }, { -0.5, 0.5 }, { -0.0, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'a', 0, -0.0,
    1, { 2.0 }, { -0.5, 0.5 }, { 0, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'a', 0, 1.0,
    1, { 1.5 }, { -0.5, 0.5 }, { -0.5, -1.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'b', 0, NAN,
    1, { NAN }, { NAN, -1.0, 2.0 }, { 0.5, 1.0, 2.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'b', 0, INFINITY,
    1, { INFINITY }, { INFINITY, -1.0, 2.0 }, { 0.5, 1.0, 2.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'b', 0, -INFINITY,
    1, { -INFINITY }, { -INFINITY, -1.0, 2.0 }, { 0.5, 1.0, 2.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'b', 0, 0,
    1, { 3.0 }, { 0, -1.0, 2.0 }, { 0.5, 1.0, 2.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.25, -1.0, 2.0]; y = dot(a, b)", 'b', 0, -0.0,
    1, { 3.0 }, { -0.0, -1.0, 2.0 }, { 0.5, 1.0, 2.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'b', 0, NAN,
    2, { 0.5, NAN }, { 1.0 }, { 1.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'b', 0, INFINITY,
    2, { 0.5, INFINITY }, { 1.0 }, { 1.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'b', 0, -INFINITY,
    2, { 0.5, -INFINITY }, { 1.0 }, { 1.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'b', 0, 0,
    2, { 0.5, 0 }, { 1.0 }, { 1.0 } },
  { "a = 0.5; b = 2; y = [a, b]", 'b', 0, -0.0,
    2, { 0.5, -0.0 }, { 1.0 }, { 1.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'b', 0, NAN,
    4, { NAN, -0.25, NAN, -1.25 }, { NAN, 2.25, NAN, 2.25 }, { 2.5, 2.5, 4.0, 4.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'b', 0, INFINITY,
    4, { INFINITY, -0.25, INFINITY, -1.25 }, { INFINITY, 2.25, INFINITY, 2.25 }, { 2.5, 2.5, 4.0, 4.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'b', 0, -INFINITY,
    4, { -INFINITY, -0.25, -INFINITY, -1.25 }, { -INFINITY, 2.25, -INFINITY, 2.25 }, { 2.5, 2.5, 4.0, 4.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'b', 0, 0,
    4, { 2.0, -0.25, 6.0, -1.25 }, { -1.0, 2.25, -1.0, 2.25 }, { 2.5, 2.5, 4.0, 4.0 } },
  { "a = [[0.5, 1.0], [2.0, 3.0]]; b = [[0.5, -1.0], [2.0, 0.25]]; y = a @ b", 'b', 0, -0.0,
    4, { 2.0, -0.25, 6.0, -1.25 }, { -1.0, 2.25, -1.0, 2.25 }, { 2.5, 2.5, 4.0, 4.0 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'b', 0, NAN,
    1, { NAN }, { NAN, NAN, NAN }, { 1.964368784107945, 1.464368784107945, 0.4643687841079449 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'b', 0, INFINITY,
    1, { INFINITY }, { NAN, INFINITY, INFINITY }, { 1.964368784107945, 1.464368784107945, 0.4643687841079449 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'b', 0, -INFINITY,
    1, { -INFINITY }, { NAN, -INFINITY, -INFINITY }, { 1.964368784107945, 1.464368784107945, 0.4643687841079449 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'b', 0, 0,
    1, { 0.6714950272863559 }, { 0.11219550653287079, -0.11502088190228074, 0.002825375369409966 }, { 1.964368784107945, 1.464368784107945, 0.4643687841079449 } },
  { "a = [0.5, 1.0, 2.0]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)", 'b', 0, -0.0,
    1, { 0.6714950272863559 }, { 0.11219550653287079, -0.11502088190228074, 0.002825375369409966 }, { 1.964368784107945, 1.464368784107945, 0.4643687841079449 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'b', 0, NAN,
    1, { NAN }, { NAN, 1.0 }, { NAN, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'b', 0, INFINITY,
    1, { INFINITY }, { -INFINITY, 1.0 }, { INFINITY, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'b', 0, -INFINITY,
    1, { INFINITY }, { INFINITY, 1.0 }, { -INFINITY, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'b', 0, 0,
    1, { 0.625 }, { 0.5, 1.0 }, { -0.5, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = mse(a, b)", 'b', 0, -0.0,
    1, { 0.625 }, { 0.5, 1.0 }, { -0.5, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'b', 0, NAN,
    1, { NAN }, { NAN, -0.05960146101105884 }, { -0.25, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'b', 0, INFINITY,
    1, { -INFINITY }, { -INFINITY, -0.05960146101105884 }, { -0.25, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'b', 0, -INFINITY,
    1, { INFINITY }, { INFINITY, -0.05960146101105884 }, { -0.25, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'b', 0, 0,
    1, { 0.5505024976115396 }, { 0.3112296656009273, -0.05960146101105884 }, { -0.25, -1.0 } },
  { "a = [0.5, 2.0]; b = [0.25, 1.0]; y = bce_logits(a, b)", 'b', 0, -0.0,
    1, { 0.5505024976115396 }, { 0.3112296656009273, -0.05960146101105884 }, { -0.25, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'b', 0, NAN,
    1, { NAN }, { NAN, 0.5 }, { -0.0, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'b', 0, INFINITY,
    1, { 1.5 }, { NAN, 0.5 }, { -0.0, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'b', 0, -INFINITY,
    1, { INFINITY }, { INFINITY, 0.5 }, { -0.25, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'b', 0, 0,
    1, { 2.0 }, { -0.0, 0.5 }, { -0.25, -1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = hinge(a, b)", 'b', 0, -0.0,
    1, { 2.0 }, { 0, 0.5 }, { -0.25, -1.0 } },
  { "a = [0.5, 1.0, 2.0]; data b = 1; y = cross_entropy(a, b)", 'a', 0, NAN,
    1, { NAN }, { NAN, NAN, NAN }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; data b = 1; y = cross_entropy(a, b)", 'a', 0, INFINITY,
    1, { NAN }, { NAN, NAN, NAN }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; data b = 1; y = cross_entropy(a, b)", 'a', 0, -INFINITY,
    1, { 1.3132616875182228 }, { 0, -0.7310585786300049, 0.7310585786300049 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; data b = 1; y = cross_entropy(a, b)", 'a', 0, 0,
    1, { 1.4076059644443804 }, { 0.09003057317038043, -0.7552715289452023, 0.6652409557748218 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; data b = 1; y = cross_entropy(a, b)", 'a', 0, -0.0,
    1, { 1.4076059644443804 }, { 0.09003057317038043, -0.7552715289452023, 0.6652409557748218 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = log_softmax(a)", 'a', 0, NAN,
    3, { NAN, NAN, NAN }, { NAN, NAN, NAN }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = log_softmax(a)", 'a', 0, INFINITY,
    3, { NAN, NAN, NAN }, { NAN, NAN, NAN }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = log_softmax(a)", 'a', 0, -INFINITY,
    3, { -INFINITY, -1.3132616875182228, -0.31326168751822286 }, { 1.0, 0.1931757358900147, -1.1931757358900148 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = log_softmax(a)", 'a', 0, 0,
    3, { -2.4076059644443806, -1.4076059644443804, -0.4076059644443804 }, { 0.7299082804888587, 0.2658145868356071, -0.9957228673244654 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = log_softmax(a)", 'a', 0, -0.0,
    3, { -2.4076059644443806, -1.4076059644443804, -0.4076059644443804 }, { 0.7299082804888587, 0.2658145868356071, -0.9957228673244654 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = max(a)", 'a', 0, NAN,
    1, { NAN }, { 1.0, 0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = max(a)", 'a', 0, INFINITY,
    1, { INFINITY }, { 1.0, 0, 0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = max(a)", 'a', 0, -INFINITY,
    1, { 2.0 }, { 0, 0, 1.0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = max(a)", 'a', 0, 0,
    1, { 2.0 }, { 0, 0, 1.0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = max(a)", 'a', 0, -0.0,
    1, { 2.0 }, { 0, 0, 1.0 }, { 0 } },
  { "a = [0.5, 1.0, 2.0]; y = max(a)", 'a', 0, 2.0,
    1, { 2.0 }, { 0.5, 0, 0.5 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = max(a, 0)", 'a', 0, NAN,
    2, { NAN, 3 }, { 1.0, 0, 0, 1.0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = max(a, 0)", 'a', 0, INFINITY,
    2, { INFINITY, 3 }, { 1.0, 0, 0, 1.0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = max(a, 0)", 'a', 0, -INFINITY,
    2, { 2, 3 }, { 0, 0, 1.0, 1.0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = max(a, 0)", 'a', 0, 0,
    2, { 2, 3 }, { 0, 0, 1.0, 1.0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = max(a, 0)", 'a', 0, -0.0,
    2, { 2, 3 }, { 0, 0, 1.0, 1.0 }, { 0 } },
  { "a = [[0.5, 1], [2, 3]]; y = max(a, 0)", 'a', 0, 2.0,
    2, { 2.0, 3 }, { 1.0, 0, 0, 1.0 }, { 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'a', 0, NAN,
    2, { NAN, 2.0 }, { 1.0, 1.0 }, { 1.0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'a', 0, INFINITY,
    2, { INFINITY, 2.0 }, { 1.0, 1.0 }, { 0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'a', 0, -INFINITY,
    2, { 1.0, 2.0 }, { 0, 1.0 }, { 1.0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'a', 0, 0,
    2, { 1.0, 2.0 }, { 0, 1.0 }, { 1.0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'a', 0, -0.0,
    2, { 1.0, 2.0 }, { 0, 1.0 }, { 1.0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'a', 0, 1.0,
    2, { 1.0, 2.0 }, { 0.5, 1.0 }, { 0.5, 0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'a', 0, NAN,
    3, { NAN, 1.0, 2.0 }, { 1.0, 1.0 }, { 1.0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'a', 0, INFINITY,
    3, { INFINITY, 1.0, 2.0 }, { 1.0, 1.0 }, { 1.0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'a', 0, -INFINITY,
    3, { -INFINITY, 1.0, 2.0 }, { 1.0, 1.0 }, { 1.0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'a', 0, 0,
    3, { 0, 1.0, 2.0 }, { 1.0, 1.0 }, { 1.0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'a', 0, -0.0,
    3, { -0.0, 1.0, 2.0 }, { 1.0, 1.0 }, { 1.0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'b', 0, NAN,
    2, { NAN, 2.0 }, { 1.0, 1.0 }, { 1.0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'b', 0, INFINITY,
    2, { INFINITY, 2.0 }, { 0, 1.0 }, { 1.0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'b', 0, -INFINITY,
    2, { 0.5, 2.0 }, { 1.0, 1.0 }, { 0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'b', 0, 0,
    2, { 0.5, 2.0 }, { 1.0, 1.0 }, { 0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'b', 0, -0.0,
    2, { 0.5, 2.0 }, { 1.0, 1.0 }, { 0, 0 } },
  { "a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)", 'b', 0, 1.0,
    2, { 1.0, 2.0 }, { 0, 1.0 }, { 1.0, 0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'b', 0, NAN,
    3, { 0.5, 1.0, NAN }, { 1.0, 1.0 }, { 1.0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'b', 0, INFINITY,
    3, { 0.5, 1.0, INFINITY }, { 1.0, 1.0 }, { 1.0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'b', 0, -INFINITY,
    3, { 0.5, 1.0, -INFINITY }, { 1.0, 1.0 }, { 1.0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'b', 0, 0,
    3, { 0.5, 1.0, 0 }, { 1.0, 1.0 }, { 1.0 } },
  { "a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])", 'b', 0, -0.0,
    3, { 0.5, 1.0, -0.0 }, { 1.0, 1.0 }, { 1.0 } },
};

/* NaN for NaN, the same infinity for an infinity, else within rounding (PyTorch sums in its
 * own order). A zero's sign is compared in values (relu(−0) and sqrt(−0) are −0), not in
 * adjoints: ours start at +0 and add, and +0 + −0 is +0, where PyTorch stores a first −0. */
static gboolean
same_number (double got, double want, gboolean zero_sign)
{
  if (isnan (want))
    return isnan (got);
  if (isinf (want))
    return got == want;
  if (want == 0 && zero_sign)
    return got == 0 && signbit (got) == signbit (want);
  return isfinite (got) && fabs (got - want) <= 1e-12 * MAX (1.0, fabs (want));
}

/* Reports each number that differs; returns how many. */
static guint
check_numbers (const SpecialCase *c, const char *what, const double *got, const double *want, guint n)
{
  guint n_wrong = 0;

  for (guint k = 0; k < n; k++)
    if (!same_number (got[k], want[k], g_str_equal (what, "y")))
      {
        g_test_message ("%s with %c[%u] = %g: %s[%u] is %.17g, PyTorch gives %.17g", c->program,
                        c->input, c->element, c->value, what, k, got[k], want[k]);
        n_wrong++;
      }
  return n_wrong;
}

static void
test_special_values (void)
{
  gboolean covered[AG_N_OPS][2] = { { FALSE } };
  guint n_wrong = 0;

  for (guint i = 0; i < G_N_ELEMENTS (special_cases); i++)
    {
      const SpecialCase *c = &special_cases[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (AgGraph) g = ag_program_parse (c->program, -1, &error);
      const char names[2][2] = { "a", "b" };
      AgId y, ids[1];

      g_assert_no_error (error);
      y = g->output;
      covered[ag_graph_node (g, y)->op][c->input == 'b'] = TRUE;
      ag_graph_value (g, ag_graph_lookup (g, c->input == 'a' ? "a" : "b"))[c->element] = c->value;
      g_assert_cmpuint (ag_graph_node (g, y)->size, ==, c->n_y);
      if (c->n_y > 1)                            /* sum it, so each element's adjoint is 1 */
        {
          ids[0] = y;
          ag_graph_set_output (g, ag_graph_add_op (g, AG_OP_SUM, ids, 1, NULL, &error));
          g_assert_no_error (error);
        }
      g_assert_true (ag_graph_run (g, NULL, &error));
      g_assert_no_error (error);
      n_wrong += check_numbers (c, "y", ag_graph_value (g, y), c->y, c->n_y);
      for (guint slot = 0; slot < 2; slot++)
        {
          const AgId id = ag_graph_lookup (g, names[slot]);
          const AgNode *n = id == AG_NO_ID ? NULL : ag_graph_node (g, id);
          if (n && ag_node_is_differentiable_leaf (n))
            n_wrong += check_numbers (c, slot == 0 ? "grad a" : "grad b", ag_graph_grad (g, id),
                                      slot == 0 ? c->grad_a : c->grad_b, n->size);
        }
    }
  g_assert_cmpuint (n_wrong, ==, 0);
  for (guint op = AG_OP_LEAF + 1; op < AG_N_OPS; op++)
    {
      const int arity = ag_op_info (op)->arity;
      for (int slot = 0; slot < (arity < 0 ? 2 : arity); slot++)
        if (!covered[op][slot])
          g_error ("no NaN/inf case for %s, input %d", ag_op_info (op)->name, slot);
    }
}

/* The inspector's text, with names put in and the power rule worked out. */
static void
test_describe (void)
{
  static const struct { const char *program; guint slot; const char *text; } cases[] = {
    { "x = 3; y = x^2", 0, "2x" },
    { "x = 3; y = (x + 1)^5", 0, "5·(x + 1)^4" },
    { "x = 3; y = x^-1", 0, "-x^(-2)" },
    /* Constants for people: 4 significant digits, not 17 (issue 15). */
    { "x = 3; y = x^0.123456789", 0, "0.1235x^(-0.8765)" },
    { "x = 3; y = x^-2.5", 0, "-2.5x^(-3.5)" },
    { "a = 1; b = 2; y = a * b", 0, "b" },
    { "a = 1; b = 2; y = a / b", 1, "-a/b^2" },
    { "x = 1; y = sigmoid(x)", 0, "σ(x)·(1 - σ(x))" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AgGraph) g = ag_program_parse (cases[i].program, -1, NULL);
      g_autofree char *text = NULL;
      g_assert_nonnull (g);
      text = ag_op_describe_derivative (g, g->output, cases[i].slot);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) checks = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/ops/table", test_table);
  g_test_add_func ("/core/ops/conventions", test_conventions);
  g_test_add_func ("/core/ops/documented", test_documented);
  g_test_add_func ("/core/ops/describe", test_describe);
  g_test_add_func ("/core/ops/special-values", test_special_values);
  for (guint op = AG_OP_LEAF + 1; op < AG_N_OPS; op++)
    {
      const AgOpInfo *info = ag_op_info (op);
      for (guint i = 0; i < G_N_ELEMENTS (info->checks) && info->checks[i]; i++)
        {
          OpCheck *c = g_new (OpCheck, 1);
          g_autofree char *p1 = g_strdup_printf ("/core/ops/%s/gradcheck/%u", info->name, i);
          g_autofree char *p2 = g_strdup_printf ("/core/ops/%s/jvp/%u", info->name, i);
          g_autofree char *p3 = g_strdup_printf ("/core/ops/%s/trace/%u", info->name, i);
          c->info = info;
          c->program = info->checks[i];
          g_ptr_array_add (checks, c);
          g_test_add_data_func (p1, c, test_gradcheck);
          g_test_add_data_func (p2, c, test_jvp);
          g_test_add_data_func (p3, c, test_trace);
        }
    }
  return g_test_run ();
}
