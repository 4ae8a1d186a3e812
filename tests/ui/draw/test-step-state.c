/* test-step-state.c: what the canvas shows at step k, read from the step state without pixels:
 * values and adjoints per node, the paths badge, the running sum, what travels and where. */
#include "core/graph-file.h"
#include "core/autograd.h"
#include "core/program.h"
#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-step-state.h"
#include "core/format.h"
#include <string.h>

typedef struct {
  AgGraph   *graph;
  AgTrace   *trace;
  AdjLayout *layout;
} Run;

/* Runs @program forward, then backward (or forward mode with respect to node 0, element 0). */
static void
run_program (Run *run, const char *program, gboolean forward_mode)
{
  g_autoptr (GError) error = NULL;

  run->graph = ag_program_parse (program, -1, &error);
  g_assert_no_error (error);
  run->trace = ag_trace_new ();
  ag_graph_zero_grad (run->graph, NULL);
  ag_graph_forward (run->graph, run->trace);
  if (forward_mode)
    g_assert_true (ag_graph_forward_mode (run->graph, 0, 0, run->trace, &error));
  else
    g_assert_true (ag_graph_backward (run->graph, run->trace, &error));
  g_assert_no_error (error);
  run->layout = adj_layout_new (run->graph, &error);
  g_assert_no_error (error);
}

static void
run_example (Run *run, const char *file)
{
  g_autofree char *path = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"), file, NULL);
  g_autoptr (GError) error = NULL;
  AgGraphFile *doc = ag_graph_file_load (path, &error);

  g_assert_no_error (error);
  run_program (run, doc->program, FALSE);
  ag_graph_file_free (doc);
}

static void
run_free (Run *run)
{
  adj_layout_free (run->layout);
  ag_trace_free (run->trace);
  ag_graph_free (run->graph);
}

static AgId
node_named (const AgGraph *g, const char *name)
{
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    if (g_str_equal (ag_graph_display_name (g, id), name))
      return id;
  g_assert_not_reached ();
}

static const AdjEdgePath *
edge_between (const AdjLayout *layout, AgId from, AgId to)
{
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      if (e->from == from && e->to == to)
        return e;
    }
  g_assert_not_reached ();
}

static char *
sum_text (const AdjStepState *st, const AgTrace *trace)
{
  char buf[160];

  g_assert_true (st->has_sum);
  adj_step_state_sum_text (st, trace, buf, sizeof buf);
  return g_strdup (buf);
}

static char *
paths_text (const AdjStepState *st, AgId id)
{
  char buf[64];

  adj_step_state_paths_text (st, id, buf, sizeof buf);
  return g_strdup (buf);
}

/* Example 5, z = x² + x with x = 3 (EXAMPLES.md: z = 12, x̄ = 7, 6 through x², 1 directly):
 * x reaches z along two paths, so x̄ shows 1, then 1 + 6 = 7. */
static void
test_paths_add_up (void)
{
  Run run;
  AdjStepState st;
  AgId x, sq, z;
  g_autofree char *s5 = NULL, *s6 = NULL, *p5 = NULL, *p6 = NULL, *p_flight = NULL;
  AgShape shape;
  const double *carried;

  run_example (&run, "05-paths-add-up.adjoint");
  x = node_named (run.graph, "x");
  sq = node_named (run.graph, "x^2");
  z = node_named (run.graph, "z");
  g_assert_cmpuint (ag_trace_n_steps (run.trace), ==, 6);
  adj_step_state_init (&st);

  /* The start: the input holds its value, nothing else is known, nothing moves. */
  adj_step_state_compute (&st, run.graph, run.trace, 0, 0.3);
  g_assert_null (st.current);
  g_assert_cmpfloat (st.t, ==, 1);
  g_assert_cmpfloat (*st.nodes[x].value, ==, 3);
  g_assert_null (st.nodes[x].grad);
  g_assert_null (st.nodes[z].value);
  g_assert_false (st.in_flight);
  g_assert_false (st.has_sum);
  g_assert_cmpuint (st.nodes[x].expected, ==, 2);
  g_assert_cmpuint (st.nodes[x].received, ==, 0);
  p_flight = paths_text (&st, x);
  g_assert_cmpstr (p_flight, ==, "");
  g_clear_pointer (&p_flight, g_free);

  /* Step 2 settled: z = 12, a value step, and z glows. */
  adj_step_state_compute (&st, run.graph, run.trace, 2, 1);
  g_assert_cmpfloat (*st.nodes[z].value, ==, 12);
  g_assert_true (st.value_step);
  g_assert_cmpuint (adj_step_state_receiver (&st), ==, z);
  g_assert_cmpfloat (st.pulse, >, 0);
  g_assert_false (st.has_sum);

  /* Step 5: the direct path arrives first, x̄ = 1 for now. */
  adj_step_state_compute (&st, run.graph, run.trace, 5, 1);
  g_assert_cmpfloat (*st.nodes[x].grad, ==, 1);
  g_assert_cmpuint (st.nodes[x].received, ==, 1);
  s5 = sum_text (&st, run.trace);
  g_assert_cmpstr (s5, ==, "+= 1");
  p5 = paths_text (&st, x);
  g_assert_cmpstr (p5, ==, "1 of 2 paths");

  /* Step 6 in flight: 6 travels from x² back to x, x̄ still shows 1. */
  adj_step_state_compute (&st, run.graph, run.trace, 6, 0.3);
  g_assert_true (st.in_flight);
  g_assert_false (st.arrived);
  g_assert_false (st.has_sum);
  g_assert_false (st.value_step);
  g_assert_cmpfloat (st.fraction, ==, adj_anim_token_fraction (AG_STEP_BACKWARD, 0.3));
  g_assert_cmpfloat (*st.nodes[x].grad, ==, 1);
  g_assert_cmpuint (st.nodes[x].received, ==, 1);
  g_assert_true (adj_step_state_edge_active (&st, edge_between (run.layout, x, sq)));
  g_assert_false (adj_step_state_edge_active (&st, edge_between (run.layout, x, z)));
  carried = adj_step_state_carried (&st, run.graph, run.trace, edge_between (run.layout, x, sq), &shape);
  g_assert_nonnull (carried);
  g_assert_cmpfloat (*carried, ==, 6);
  g_assert_null (adj_step_state_carried (&st, run.graph, run.trace, edge_between (run.layout, x, z), &shape));
  p_flight = paths_text (&st, x);
  g_assert_cmpstr (p_flight, ==, "1 of 2 paths");

  /* Step 6 arrived, the last step: the contributions add up to x̄ = 7. */
  adj_step_state_compute (&st, run.graph, run.trace, 6, 1);
  g_assert_true (st.arrived);
  g_assert_false (st.in_flight);
  g_assert_cmpfloat (*st.nodes[x].grad, ==, 7);
  g_assert_cmpfloat (*st.nodes[z].grad, ==, 1);
  g_assert_cmpuint (st.nodes[x].received, ==, 2);
  s6 = sum_text (&st, run.trace);
  g_assert_cmpstr (s6, ==, "1 + 6 = 7");
  p6 = paths_text (&st, x);
  g_assert_cmpstr (p6, ==, "2 of 2 paths");

  /* Past the end is the end. */
  adj_step_state_compute (&st, run.graph, run.trace, 99, 1);
  g_assert_cmpuint (st.k, ==, 6);
  g_assert_cmpfloat (*st.nodes[x].grad, ==, 7);

  adj_step_state_clear (&st);
  run_free (&run);
}

static void
assert_same_state (const AdjStepState *a, const AdjStepState *b)
{
  g_assert_cmpuint (a->k, ==, b->k);
  g_assert_cmpfloat (a->t, ==, b->t);
  g_assert_true (a->current == b->current);
  g_assert_cmpint (a->arrived, ==, b->arrived);
  g_assert_cmpint (a->tangents, ==, b->tangents);
  g_assert_cmpint (a->value_step, ==, b->value_step);
  g_assert_cmpfloat (a->pulse, ==, b->pulse);
  g_assert_cmpint (a->in_flight, ==, b->in_flight);
  g_assert_cmpfloat (a->fraction, ==, b->fraction);
  g_assert_cmpint (a->has_sum, ==, b->has_sum);
  g_assert_cmpuint (a->n_nodes, ==, b->n_nodes);
  g_assert_cmpmem (a->nodes, a->n_nodes * sizeof (AdjNodeShown), b->nodes, b->n_nodes * sizeof (AdjNodeShown));
}

/* The state depends on (graph, trace, k, t) alone: stepping back to k shows what stepping
 * forward to k showed, and a state reused for every frame allocates nothing after the first. */
static void
test_pure (void)
{
  const double ts[] = { 0, 0.3, 0.6, 1 };
  Run run;
  AdjStepState forward, back;
  const AdjNodeShown *nodes;
  guint n;

  run_example (&run, "05-paths-add-up.adjoint");
  n = ag_trace_n_steps (run.trace);
  adj_step_state_init (&forward);
  adj_step_state_init (&back);
  adj_step_state_compute (&back, run.graph, run.trace, n, 1);
  nodes = back.nodes;
  for (guint i = 0; i <= n; i++)
    for (guint j = 0; j < G_N_ELEMENTS (ts); j++)
      {
        adj_step_state_compute (&forward, run.graph, run.trace, i, ts[j]);
        adj_step_state_compute (&back, run.graph, run.trace, n, 1);
        adj_step_state_compute (&back, run.graph, run.trace, i, ts[j]);
        assert_same_state (&forward, &back);
        g_assert_true (back.nodes == nodes);
        g_assert_cmpuint (back.capacity, ==, ag_graph_n_nodes (run.graph));
      }
  adj_step_state_clear (&forward);
  adj_step_state_clear (&back);
  run_free (&run);
}

/* z = x − x²: the second contribution is negative, and the sum subtracts it. */
static void
test_negative_contribution (void)
{
  Run run;
  AdjStepState st;
  g_autofree char *sum = NULL;

  run_program (&run, "x = 3\nz = x - x^2\n", FALSE);
  adj_step_state_init (&st);
  adj_step_state_compute (&st, run.graph, run.trace, ag_trace_n_steps (run.trace), 1);
  sum = sum_text (&st, run.trace);
  g_assert_cmpstr (sum, ==, "1 − 6 = −5");
  g_assert_cmpfloat (*st.nodes[node_named (run.graph, "x")].grad, ==, -5);
  adj_step_state_clear (&st);
  run_free (&run);
}

/* The sum text at the step where @k-th contribution to node @name arrives. */
static char *
sum_at_contribution (const Run *run, const char *name, guint k)
{
  const AgId id = node_named (run->graph, name);
  AdjStepState st;
  char *text = NULL;

  adj_step_state_init (&st);
  for (guint j = 0, seen = 0; j < ag_trace_n_steps (run->trace) && text == NULL; j++)
    {
      const AgStep *s = ag_trace_step (run->trace, j);
      if (s->kind == AG_STEP_BACKWARD && s->to == id && ++seen == k)
        {
          adj_step_state_compute (&st, run->graph, run->trace, j + 1, 1);
          text = sum_text (&st, run->trace);
        }
    }
  adj_step_state_clear (&st);
  g_assert_nonnull (text);
  return text;
}

/* x reaches y along three paths (both inputs of x*x, and 2*x): the sum shows all three, in the
 * order they arrived, not only the last two ("15 + 18 = 33" hid that three had come). */
static void
test_three_contributions (void)
{
  Run run;
  g_autofree char *first = NULL, *second = NULL, *third = NULL;

  run_program (&run, "x = 3\ny = x*x + 2*x\n", FALSE);
  first = sum_at_contribution (&run, "x", 1);
  second = sum_at_contribution (&run, "x", 2);
  third = sum_at_contribution (&run, "x", 3);
  g_assert_cmpfloat (*ag_graph_grad (run.graph, node_named (run.graph, "x")), ==, 8);
  /* 2 through 2*x, then 3 and 3 through both inputs of x*x, in the trace's order. */
  g_assert_cmpstr (first, ==, "+= 2");
  g_assert_cmpstr (second, ==, "2 + 3 = 5");
  g_assert_cmpstr (third, ==, "2 + 3 + 3 = 8");
  run_free (&run);
}

/* Six paths: past four terms the sum shows the first two, the last, and how many. */
static void
test_many_contributions (void)
{
  Run run;
  g_autofree char *fourth = NULL, *sixth = NULL;

  run_program (&run, "x = 2\nz = x + x + x + x + x + 2*x\n", FALSE);
  fourth = sum_at_contribution (&run, "x", 4);
  sixth = sum_at_contribution (&run, "x", 6);
  g_assert_cmpstr (fourth, ==, "2 + 1 + 1 + 1 = 5");
  g_assert_cmpstr (sixth, ==, "2 + 1 + … + 1 = 7 (6 terms)");
  run_free (&run);
}

/* Forward mode: tangents instead of adjoints, travelling with the edges; the tangent of
 * z = x² + x at x = 3 is 2x + 1 = 7. */
static void
test_tangents (void)
{
  Run run;
  AdjStepState st;
  AgId x, z;

  run_program (&run, "x = 3\nz = x^2 + x\n", TRUE);
  x = node_named (run.graph, "x");
  z = node_named (run.graph, "z");
  adj_step_state_init (&st);
  adj_step_state_compute (&st, run.graph, run.trace, ag_trace_n_steps (run.trace), 1);
  g_assert_true (st.tangents);
  g_assert_cmpfloat (*st.nodes[x].grad, ==, 1);
  g_assert_cmpfloat (*st.nodes[z].grad, ==, 7);
  g_assert_cmpuint (st.nodes[z].expected, ==, 2);
  g_assert_cmpuint (st.nodes[z].received, ==, 2);
  adj_step_state_clear (&st);
  run_free (&run);
}

/* An optimizer's update shows the parameter's new value from its step on, also after the next
 * forward pass (the graph still holds the old one). */
static void
test_update (void)
{
  Run run;
  AdjStepState st;
  const double moved = 2.5;
  guint update_k;
  AgId x;

  run_program (&run, "x = 3\nz = x^2 + x\n", FALSE);
  x = node_named (run.graph, "x");
  ag_trace_append (run.trace, AG_STEP_UPDATE, AG_NO_ID, x, 0, 1, NULL, &moved);
  update_k = ag_trace_n_steps (run.trace);
  ag_graph_forward (run.graph, run.trace);
  adj_step_state_init (&st);
  adj_step_state_compute (&st, run.graph, run.trace, update_k, 0.3);
  g_assert_cmpfloat (*st.nodes[x].value, ==, 3);   /* not arrived yet */
  g_assert_true (st.value_step);
  g_assert_false (st.in_flight);                   /* an update travels on no edge */
  adj_step_state_compute (&st, run.graph, run.trace, update_k, 1);
  g_assert_cmpfloat (*st.nodes[x].value, ==, moved);
  adj_step_state_compute (&st, run.graph, run.trace, ag_trace_n_steps (run.trace), 1);
  g_assert_cmpfloat (*st.nodes[x].value, ==, moved);
  adj_step_state_clear (&st);
  run_free (&run);
}

static void
test_compact (void)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert_cmpstr (adj_format_compact (buf, 0.7071067811865476), ==, "0.7071");
  g_assert_cmpstr (adj_format_compact (buf, 0.9999999999999996), ==, "1");
  g_assert_cmpstr (adj_format_compact (buf, -0.0), ==, "0");
  g_assert_cmpstr (adj_format_compact (buf, 123456), ==, "123\u202f500");
  g_assert_cmpstr (adj_format_compact (buf, 1e20), ==, "1×10²⁰");
  /* ag_format_human's: a real minus, a vanishing gradient never "0.00…" (issue 15). */
  g_assert_cmpstr (adj_format_compact (buf, -1.5), ==, "−1.5");
  g_assert_cmpstr (adj_format_compact (buf, 8.3667e-10), ==, "8.367×10⁻¹⁰");
  /* The longest text, at 17 digits, fits the buffer whole. */
  ag_format_set_human_digits (17);
  g_assert_cmpstr (adj_format_compact (buf, -1.2345678901234567e-300), ==,
                   "−1.2345678901234568×10⁻³⁰⁰");
  ag_format_set_human_digits (4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/step-state/three-contributions", test_three_contributions);
  g_test_add_func ("/step-state/many-contributions", test_many_contributions);
  g_test_add_func ("/step-state/paths-add-up", test_paths_add_up);
  g_test_add_func ("/step-state/pure", test_pure);
  g_test_add_func ("/step-state/negative-contribution", test_negative_contribution);
  g_test_add_func ("/step-state/tangents", test_tangents);
  g_test_add_func ("/step-state/update", test_update);
  g_test_add_func ("/step-state/compact", test_compact);
  return g_test_run ();
}
