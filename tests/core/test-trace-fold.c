/* test-trace-fold.c: folded calls' traces (issue 18 item 2, core/trace-fold.h): a folded
 * call's forward steps are its output's one step; its backward steps are one per argument,
 * each the sum of what flowed out of the call into that argument in the unfolded trace; every
 * adjoint ends where the unfolded trace puts it; nested calls and open/closed mixes; the
 * sentences of a folded call's steps. */
#include "core/autograd.h"
#include "core/graph-calls.h"
#include "core/program.h"
#include "core/trace-fold.h"
#include "core/exercise.h"

#include <math.h>
#include <string.h>

/* Two layers written neuron by neuron, the second layer's neuron calling a helper. */
static const char mlp[] =
  "def neuron(x, w, b):\n"
  "    z = dot(w, x) + b\n"
  "    return tanh(z)\n"
  "def out(h, v):\n"
  "    return neuron(h, v, 0.1)\n"
  "x = [0.5, -1.5]\n"
  "w1 = [0.3, -0.2]\n"
  "w2 = [-0.4, 0.6]\n"
  "b1 = 0.1\n"
  "b2 = -0.2\n"
  "h1 = neuron(x, w1, b1)\n"
  "h2 = neuron(x, w2, b2)\n"
  "h = [h1, h2]\n"
  "v = [0.7, -0.5]\n"
  "y = out(h, v)\n"
  "L = y^2\n";

typedef struct {
  AgGraph *graph;
  AgTrace *trace;
} Run;

static void
run_clear (Run *r)
{
  ag_graph_free (r->graph);
  ag_trace_free (r->trace);
}

static void
run_program (Run *r, const char *program)
{
  g_autoptr (GError) error = NULL;

  r->graph = ag_program_parse (program, -1, &error);
  g_assert_no_error (error);
  r->trace = ag_trace_new ();
  ag_graph_zero_grad (r->graph, NULL);
  g_assert_true (ag_graph_run (r->graph, r->trace, &error));
  g_assert_no_error (error);
}

/* The sum of every backward contribution into node @to's element @i. */
static double
sum_into (const AgTrace *t, AgId to, guint i)
{
  double sum = 0;

  for (guint k = 0; k < ag_trace_n_steps (t); k++)
    {
      const AgStep *s = ag_trace_step (t, k);
      if (s->kind == AG_STEP_BACKWARD && s->to == to)
        sum += ag_trace_data (t, s->delta)[i];
    }
  return sum;
}

/* The sum of what flowed from inside @call into @to in the unfolded trace. */
static double
sum_out_of_call (const Run *r, guint call, AgId to, guint i)
{
  double sum = 0;

  for (guint k = 0; k < ag_trace_n_steps (r->trace); k++)
    {
      const AgStep *s = ag_trace_step (r->trace, k);
      if (s->kind == AG_STEP_BACKWARD && s->to == to
          && ag_graph_call_contains (r->graph, call, s->from)
          && !ag_graph_call_contains (r->graph, call, to))
        sum += ag_trace_data (r->trace, s->delta)[i];
    }
  return sum;
}

/* Every visible node receives, in sum, exactly what it received unfolded, element by element;
 * its last adjoint is the unfolded one. */
static void
assert_sums_equal (const Run *r, const AgFoldedTrace *f, AgOpenCalls open)
{
  for (AgId id = 0; id < ag_graph_n_nodes (r->graph); id++)
    {
      if (!ag_fold_node_visible (r->graph, open, id))
        continue;
      for (guint i = 0; i < ag_graph_node (r->graph, id)->size; i++)
        g_assert_cmpfloat_with_epsilon (sum_into (f->trace, id, i), sum_into (r->trace, id, i),
                                        1e-12);
    }
}

static guint
count_kind (const AgTrace *t, AgStepKind kind)
{
  guint n = 0;

  for (guint k = 0; k < ag_trace_n_steps (t); k++)
    n += ag_trace_step (t, k)->kind == kind;
  return n;
}

static void
test_all_folded (void)
{
  Run r = { 0 };
  g_autoptr (AgFoldedTrace) f = NULL;
  guint n1, n2, n_out, n_visible = 0, n_call_back = 0;

  run_program (&r, mlp);
  g_assert_cmpuint (ag_graph_n_calls (r.graph), ==, 4);   /* neuron, neuron#2, out, neuron#3 */
  n1 = ag_graph_lookup_call (r.graph, "neuron");
  n2 = ag_graph_lookup_call (r.graph, "neuron#2");
  n_out = ag_graph_lookup_call (r.graph, "out");
  g_assert_cmpuint (n1, !=, AG_NO_CALL);
  f = ag_trace_fold (r.trace, r.graph, NULL);
  g_assert_cmpuint (f->origin->len, ==, ag_trace_n_steps (f->trace));

  /* Forward: one step per visible computed node; a folded call's inner nodes have none. */
  for (AgId id = 0; id < ag_graph_n_nodes (r.graph); id++)
    n_visible += ag_fold_node_visible (r.graph, NULL, id);
  g_assert_cmpuint (count_kind (f->trace, AG_STEP_FORWARD), <, count_kind (r.trace, AG_STEP_FORWARD));
  for (guint k = 0; k < ag_trace_n_steps (f->trace); k++)
    {
      const AgStep *s = ag_trace_step (f->trace, k);
      if (s->kind == AG_STEP_FORWARD)
        g_assert_true (ag_fold_node_visible (r.graph, NULL, s->to));
      if (s->kind == AG_STEP_FORWARD && ag_graph_node (r.graph, s->to)->call != AG_NO_CALL)
        {
          /* The call's output arrives: its value is the unfolded one. */
          guint call = g_array_index (f->call, guint, k);
          g_assert_cmpuint (call, !=, AG_NO_CALL);
          g_assert_cmpuint (ag_fold_call_node (r.graph, call), ==, s->to);
          g_assert_cmpfloat (ag_trace_data (f->trace, s->after)[0], ==,
                             *ag_graph_value (r.graph, s->to));
        }
    }
  g_assert_cmpuint (n_visible, <, ag_graph_n_nodes (r.graph));

  /* Backward: one step per argument of each folded call, the sum of what flowed out. */
  for (guint k = 0; k < ag_trace_n_steps (f->trace); k++)
    {
      const AgStep *s = ag_trace_step (f->trace, k);
      guint call = g_array_index (f->call, guint, k);
      if (s->kind != AG_STEP_BACKWARD || call == AG_NO_CALL)
        continue;
      n_call_back++;
      g_assert_cmpuint (s->from, ==, ag_fold_call_node (r.graph, call));
      g_assert_cmpuint (ag_graph_call_arg (r.graph, call, s->slot), ==, s->to);
      for (guint i = 0; i < s->size; i++)
        g_assert_cmpfloat_with_epsilon (ag_trace_data (f->trace, s->delta)[i],
                                        sum_out_of_call (&r, call, s->to, i), 1e-12);
      /* The adjoint after it is the unfolded trace's at the same place. */
      g_assert_cmpmem (ag_trace_data (f->trace, s->after), s->size * sizeof (double),
                       ag_trace_data (r.trace, ag_trace_step (r.trace, g_array_index (f->origin, guint, k))->after),
                       s->size * sizeof (double));
    }
  /* neuron and neuron#2: x, w, b each (the constant 0.1 of out's call is an argument of
   * neuron#3, hidden inside out); out: h and v. */
  g_assert_cmpuint (n_call_back, ==, 3 + 3 + 2);
  assert_sums_equal (&r, f, NULL);
  /* The leaves end with the unfolded gradients. */
  for (AgId id = 0; id < ag_graph_n_nodes (r.graph); id++)
    if (ag_fold_node_visible (r.graph, NULL, id) && ag_graph_node (r.graph, id)->op == AG_OP_LEAF)
      g_assert_cmpfloat_with_epsilon (sum_into (f->trace, id, 0), ag_graph_grad (r.graph, id)[0],
                                      1e-12);
  (void) n2;
  (void) n_out;
  run_clear (&r);
}

/* Every call open: the folded trace is the unfolded one, step for step. */
static void
test_all_open (void)
{
  Run r = { 0 };
  g_autofree gboolean *open = NULL;
  g_autoptr (AgFoldedTrace) f = NULL;

  run_program (&r, mlp);
  open = g_new (gboolean, ag_graph_n_calls (r.graph));
  for (guint c = 0; c < ag_graph_n_calls (r.graph); c++)
    open[c] = TRUE;
  f = ag_trace_fold (r.trace, r.graph, open);
  g_assert_cmpuint (ag_trace_n_steps (f->trace), ==, ag_trace_n_steps (r.trace));
  for (guint k = 0; k < ag_trace_n_steps (r.trace); k++)
    {
      const AgStep *a = ag_trace_step (r.trace, k), *b = ag_trace_step (f->trace, k);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpuint (a->from, ==, b->from);
      g_assert_cmpuint (a->to, ==, b->to);
      g_assert_cmpmem (ag_trace_data (r.trace, a->delta), a->size * sizeof (double),
                       ag_trace_data (f->trace, b->delta), b->size * sizeof (double));
      g_assert_cmpuint (g_array_index (f->call, guint, k), ==, AG_NO_CALL);
    }
  run_clear (&r);
}

/* out open, its nested neuron#3 folded; neuron open, neuron#2 folded: each folds by itself. */
static void
test_nested_mix (void)
{
  Run r = { 0 };
  g_autofree gboolean *open = NULL;
  g_autoptr (AgFoldedTrace) f = NULL;
  const char *names[] = { "out", "neuron", NULL };
  guint inner, outer, n2;
  gboolean inner_back = FALSE;

  run_program (&r, mlp);
  open = ag_open_calls_from_names (r.graph, names);
  outer = ag_graph_lookup_call (r.graph, "out");
  inner = ag_graph_lookup_call (r.graph, "neuron#3");
  n2 = ag_graph_lookup_call (r.graph, "neuron#2");
  g_assert_true (open[outer]);
  g_assert_false (open[inner]);
  g_assert_false (open[n2]);
  g_assert_cmpuint (ag_graph_call (r.graph, inner)->parent, ==, outer);
  /* neuron#3's inside is hidden; the constant 0.1 made in out (open) is visible. */
  for (AgId id = ag_graph_call (r.graph, inner)->first_node;
       id < ag_graph_call (r.graph, inner)->end_node; id++)
    g_assert_cmpuint (ag_fold_node_box (r.graph, open, id), ==, inner);
  f = ag_trace_fold (r.trace, r.graph, open);
  assert_sums_equal (&r, f, open);
  for (guint k = 0; k < ag_trace_n_steps (f->trace); k++)
    {
      const AgStep *s = ag_trace_step (f->trace, k);
      guint call = g_array_index (f->call, guint, k);
      if (s->kind == AG_STEP_BACKWARD && call == inner)
        {
          inner_back = TRUE;
          g_assert_true (ag_graph_call_contains (r.graph, outer, s->to)
                         || s->to == ag_graph_call_arg (r.graph, outer, 0)
                         || s->to == ag_graph_call_arg (r.graph, outer, 1));
        }
      /* The open neuron's inner steps are there, edge by edge. */
      if (s->to != AG_NO_ID && ag_graph_node (r.graph, s->to)->call != AG_NO_CALL)
        g_assert_true (ag_fold_node_visible (r.graph, open, s->to));
    }
  g_assert_true (inner_back);
  /* Folding more leaves fewer steps. */
  {
    g_autoptr (AgFoldedTrace) all = ag_trace_fold (r.trace, r.graph, NULL);
    g_assert_cmpuint (ag_trace_n_steps (all->trace), <, ag_trace_n_steps (f->trace));
    g_assert_cmpuint (ag_trace_n_steps (f->trace), <, ag_trace_n_steps (r.trace));
  }
  run_clear (&r);
}

/* A scalar neuron: the summed step's local derivative and its sentence. */
static void
test_sentences (void)
{
  Run r = { 0 };
  g_autoptr (AgFoldedTrace) f = NULL;
  const char *program = "def sq(a):\n    b = a * a\n    return b + a\nx = 3\ny = sq(x)\n";
  gboolean seen_forward = FALSE, seen_backward = FALSE;

  run_program (&r, program);
  f = ag_trace_fold (r.trace, r.graph, NULL);
  for (guint k = 0; k < ag_trace_n_steps (f->trace); k++)
    {
      const AgStep *s = ag_trace_step (f->trace, k);
      g_autofree char *text = ag_folded_trace_describe_step (f, r.graph, k, FALSE);
      if (s->kind == AG_STEP_FORWARD && s->to == r.graph->output)
        {
          seen_forward = TRUE;
          g_assert_cmpstr (strstr (text, ": y = sq(x) = 12"), !=, NULL);
        }
      if (s->kind == AG_STEP_BACKWARD)
        {
          seen_backward = TRUE;
          /* ∂y/∂x = 2x + 1 = 7, unfolded as the three contributions 3 + 3 + 1. */
          g_assert_cmpfloat (s->local, ==, 7);
          g_assert_cmpfloat (ag_trace_data (f->trace, s->delta)[0], ==, 7);
          g_assert_cmpstr (text, ==, "backward 3: sq sends ȳ = 1 back to x: x̄ += ȳ · ∂y/∂x = "
                                     "1 · 7 = 7 → x̄ = 7");
        }
    }
  g_assert_true (seen_forward);
  g_assert_true (seen_backward);
  g_assert_cmpuint (ag_trace_n_steps (f->trace), ==, 3);   /* forward y, seed, backward x */
  run_clear (&r);
}

/* Forward mode: a folded call is one tangent step into its box, the sum of every tangent its
 * inside (and an argument used directly) sends to the output. */
static void
test_forward_mode (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse ("def sq(a):\n    b = a * a\n    return b + a\nx = 3\ny = sq(x)\nz = sq(y)\n", -1, &error);
  g_autoptr (AgTrace) t = ag_trace_new ();
  g_autoptr (AgFoldedTrace) f = NULL;
  guint n_tangent = 0;

  g_assert_no_error (error);
  ag_graph_forward (g, t);
  g_assert_true (ag_graph_forward_mode (g, ag_graph_lookup (g, "x"), 0, t, &error));
  f = ag_trace_fold (t, g, NULL);
  for (guint k = 0; k < ag_trace_n_steps (f->trace); k++)
    {
      const AgStep *s = ag_trace_step (f->trace, k);
      g_autofree char *text = ag_folded_trace_describe_step (f, g, k, FALSE);
      if (s->kind != AG_STEP_TANGENT)
        continue;
      n_tangent++;
      g_assert_cmpuint (g_array_index (f->call, guint, k), !=, AG_NO_CALL);
      if (s->to == ag_graph_lookup (g, "z"))
        {
          g_assert_cmpfloat (ag_trace_data (f->trace, s->after)[0], ==, 175);   /* (2·12 + 1)(2·3 + 1) */
          g_assert_cmpstr (text, ==, "tangent 5: sq#2 carries its arguments' tangents to z: ż += 175 → ż = 175");
        }
    }
  g_assert_cmpuint (n_tangent, ==, 2);
}

/* Exercise mode on a folded trace: no question is built on a folded call's step (its hints need
 * one op's derivative), and nothing complains (criticals are fatal here). */
static void
test_quiz_skips_calls (void)
{
  Run r = { 0 };
  g_autoptr (AgFoldedTrace) f = NULL;
  g_autoptr (GPtrArray) qs = NULL;
  guint n_other = 0;

  run_program (&r, "def sq(a):\n    b = a * a\n    return b + a\nx = 3\ny = sq(x)\nL = 2 * y\n");
  f = ag_trace_fold (r.trace, r.graph, NULL);
  qs = ag_quiz_new_auto (f->trace, r.graph);
  for (guint i = 0; i < qs->len; i++)
    {
      const AgQuestion *q = g_ptr_array_index (qs, i);
      /* A value (the call's output) or a final adjoint may be asked at a call's step. */
      if (q->kind == AG_QUESTION_LOCAL || q->kind == AG_QUESTION_CONTRIBUTION)
        g_assert_cmpuint (g_array_index (f->call, guint, q->step), ==, AG_NO_CALL);
      else
        n_other++;
    }
  g_assert_cmpuint (n_other, >, 0);
  run_clear (&r);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trace-fold/all-folded", test_all_folded);
  g_test_add_func ("/trace-fold/all-open", test_all_open);
  g_test_add_func ("/trace-fold/nested-mix", test_nested_mix);
  g_test_add_func ("/trace-fold/sentences", test_sentences);
  g_test_add_func ("/trace-fold/forward-mode", test_forward_mode);
  g_test_add_func ("/trace-fold/quiz-skips-calls", test_quiz_skips_calls);
  return g_test_run ();
}
