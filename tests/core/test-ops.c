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
    }
  g_assert_null (ag_op_lookup ("nonsense"));
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

/* The inspector's text, with names put in and the power rule worked out. */
static void
test_describe (void)
{
  static const struct { const char *program; guint slot; const char *text; } cases[] = {
    { "x = 3; y = x^2", 0, "2x" },
    { "x = 3; y = (x + 1)^5", 0, "5·(x + 1)^4" },
    { "x = 3; y = x^-1", 0, "-x^(-2)" },
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
  g_test_add_func ("/core/ops/describe", test_describe);
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
