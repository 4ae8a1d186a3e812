/* test-bug.c: broken engines (issue 16 item 4): each bug's trace against one computed by hand,
 * its first wrong step on the lessons, its question, and the gradient check it fails. */
#include "core/autograd.h"
#include "core/bug.h"
#include "core/check.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

#define LESSON_05 "x = 3\nz = x^2 + x\n"
#define LESSON_12 "a = 2\nb = -3\nc = 10\nt1 = a * b\nt2 = t1 + c\nL = t2^2\n"
#define WELCOME   "x1 = 2\nx2 = 0\nw1 = -3\nw2 = 1\nb = 6.8813735870195432\n" \
                  "n = x1*w1 + x2*w2 + b\no = tanh(n)\n"

typedef struct {
  AgGraph *graph;
  AgTrace *trace;
  AgTrace *broken;
} Run;

static void
run_bug (Run *r, const char *program, AgBug bug)
{
  g_autoptr (GError) error = NULL;

  r->graph = ag_program_parse (program, -1, &error);
  g_assert_no_error (error);
  r->trace = ag_trace_new ();
  g_assert_true (ag_graph_run (r->graph, r->trace, &error));
  r->broken = ag_bug_trace_new (r->trace, r->graph, bug);
}

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->graph, ag_graph_free);
  g_clear_pointer (&r->trace, ag_trace_free);
  g_clear_pointer (&r->broken, ag_trace_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* One step of a broken trace as computed by hand: its kind, receiver, what it sent (ū, NAN for
 * none), what it added and what the receiver holds after it. */
typedef struct {
  AgStepKind kind;
  const char *to;
  double sent, delta, after;
} Hand;

static void
assert_trace (const Run *r, const Hand *hand, guint n)
{
  g_assert_cmpuint (ag_trace_n_steps (r->broken), ==, n);
  for (guint k = 0; k < n; k++)
    {
      const AgStep *s = ag_trace_step (r->broken, k);
      g_assert_cmpint (s->kind, ==, hand[k].kind);
      g_assert_cmpstr (ag_graph_display_name (r->graph, s->to), ==, hand[k].to);
      g_assert_cmpfloat_with_epsilon (*ag_trace_data (r->broken, s->after), hand[k].after, 1e-12);
      if (s->kind != AG_STEP_FORWARD)
        g_assert_cmpfloat_with_epsilon (*ag_trace_data (r->broken, s->delta), hand[k].delta, 1e-12);
      if (!isnan (hand[k].sent))
        g_assert_cmpfloat_with_epsilon (*ag_trace_data (r->broken, s->sent), hand[k].sent, 1e-12);
    }
}

static void
test_names (void)
{
  static const char *const names[] = { "overwrite", "no-zero-grad", "forget-upstream", "wrong-local" };
  AgBug bug;

  for (guint i = 0; i < AG_N_BUGS; i++)
    {
      g_assert_cmpstr (ag_bug_to_string (i), ==, names[i]);
      g_assert_true (ag_bug_from_string (names[i], &bug));
      g_assert_cmpint (bug, ==, i);
      g_assert_nonnull (strstr (ag_bug_list_names (), names[i]));
      g_assert_cmpuint (strlen (ag_bug_describe (i)), >, 20);
    }
  g_assert_false (ag_bug_from_string ("Overwrite", &bug));
  g_assert_false (ag_bug_from_string ("off-by-one", &bug));
}

/* z = x² + x: x̄ is assigned the second contribution instead of adding it: 6, not 7. */
static void
test_overwrite_05 (void)
{
  static const Hand hand[] = {
    { AG_STEP_FORWARD, "x^2", NAN, NAN, 9 },
    { AG_STEP_FORWARD, "z", NAN, NAN, 12 },
    { AG_STEP_SEED, "z", NAN, 1, 1 },
    { AG_STEP_BACKWARD, "x^2", 1, 1, 1 },
    { AG_STEP_BACKWARD, "x", 1, 1, 1 },
    { AG_STEP_BACKWARD, "x", 1, 6, 6 },       /* x̄ = 6: the 1 from z is lost */
  };
  g_auto (Run) r = { 0 };

  run_bug (&r, LESSON_05, AG_BUG_OVERWRITE);
  assert_trace (&r, hand, G_N_ELEMENTS (hand));
  g_assert_cmpuint (ag_bug_first_wrong_step (r.trace, r.broken), ==, 5);   /* step 6 */
}

/* A second pass on adjoints nobody zeroed: z̄ = 1 + 1 = 2, grad(x²) = 1 + 2·1 = 3,
 * x̄ = 7 + 2·1 = 9, then x̄ = 9 + 3·2x = 9 + 18 = 27. Its seed is the first wrong step. */
static void
test_no_zero_grad_05 (void)
{
  static const Hand hand[] = {
    { AG_STEP_FORWARD, "x^2", NAN, NAN, 9 },
    { AG_STEP_FORWARD, "z", NAN, NAN, 12 },
    { AG_STEP_SEED, "z", NAN, 1, 1 },
    { AG_STEP_BACKWARD, "x^2", 1, 1, 1 },
    { AG_STEP_BACKWARD, "x", 1, 1, 1 },
    { AG_STEP_BACKWARD, "x", 1, 6, 7 },
    { AG_STEP_SEED, "z", NAN, 1, 2 },
    { AG_STEP_BACKWARD, "x^2", 2, 2, 3 },
    { AG_STEP_BACKWARD, "x", 2, 2, 9 },
    { AG_STEP_BACKWARD, "x", 3, 18, 27 },
  };
  g_auto (Run) r = { 0 };
  g_autofree char *seed = NULL;

  run_bug (&r, LESSON_05, AG_BUG_NO_ZERO_GRAD);
  assert_trace (&r, hand, G_N_ELEMENTS (hand));
  g_assert_cmpuint (ag_bug_first_wrong_step (r.trace, r.broken), ==, 6);   /* step 7 */
  seed = ag_trace_describe_step (r.broken, r.graph, 6);
  g_assert_cmpstr (seed, ==, "seed 7: z̄ += 1 → z̄ = 2 (the seed lands on an adjoint that was not zeroed)");
}

/* L = (a·b + c)²: t̄2 = 2·t2 = 8 (ū = 1 there: still right); t2 → t1 sends 1 instead of
 * 8·1; then ā = 1·b = −3 and b̄ = 1·a = 2. */
static void
test_forget_upstream_12 (void)
{
  static const Hand hand[] = {
    { AG_STEP_FORWARD, "t1", NAN, NAN, -6 },
    { AG_STEP_FORWARD, "t2", NAN, NAN, 4 },
    { AG_STEP_FORWARD, "L", NAN, NAN, 16 },
    { AG_STEP_SEED, "L", NAN, 1, 1 },
    { AG_STEP_BACKWARD, "t2", 1, 8, 8 },
    { AG_STEP_BACKWARD, "t1", 8, 1, 1 },
    { AG_STEP_BACKWARD, "c", 8, 1, 1 },
    { AG_STEP_BACKWARD, "a", 1, -3, -3 },
    { AG_STEP_BACKWARD, "b", 1, 2, 2 },
  };
  g_auto (Run) r = { 0 };

  run_bug (&r, LESSON_12, AG_BUG_FORGET_UPSTREAM);
  assert_trace (&r, hand, G_N_ELEMENTS (hand));
  g_assert_cmpuint (ag_bug_first_wrong_step (r.trace, r.broken), ==, 5);   /* step 6 */
  g_assert_cmpfloat (ag_trace_step (r.broken, 5)->local, ==, 1);          /* the true local */
}

/* ∂(a·b)/∂a taken as a: ā = t̄1·a = 8·2 = 16 (not −24), b̄ = t̄1·b = −24 (not 16). */
static void
test_wrong_local_12 (void)
{
  static const Hand hand[] = {
    { AG_STEP_FORWARD, "t1", NAN, NAN, -6 },
    { AG_STEP_FORWARD, "t2", NAN, NAN, 4 },
    { AG_STEP_FORWARD, "L", NAN, NAN, 16 },
    { AG_STEP_SEED, "L", NAN, 1, 1 },
    { AG_STEP_BACKWARD, "t2", 1, 8, 8 },
    { AG_STEP_BACKWARD, "t1", 8, 8, 8 },
    { AG_STEP_BACKWARD, "c", 8, 8, 8 },
    { AG_STEP_BACKWARD, "a", 8, 16, 16 },
    { AG_STEP_BACKWARD, "b", 8, -24, -24 },
  };
  g_auto (Run) r = { 0 };

  run_bug (&r, LESSON_12, AG_BUG_WRONG_LOCAL);
  assert_trace (&r, hand, G_N_ELEMENTS (hand));
  g_assert_cmpuint (ag_bug_first_wrong_step (r.trace, r.broken), ==, 7);   /* step 8 */
  g_assert_cmpfloat (ag_trace_step (r.broken, 7)->local, ==, 2);          /* a, not b */
}

/* wrong-local over a broadcast: x = [1, 2], w = 3, y = sum(x*w). Correct: x̄ = [3, 3], w̄ = 3.
 * Broken: x̄ = ū·x = [1, 2], w̄ = Σ ū·w = 6. */
static void
test_wrong_local_broadcast (void)
{
  g_auto (Run) r = { 0 };
  const AgStep *to_x, *to_w;
  guint n;

  run_bug (&r, "x = [1, 2]\nw = 3\ny = sum(x * w)\n", AG_BUG_WRONG_LOCAL);
  n = ag_trace_n_steps (r.broken);
  to_x = ag_trace_step (r.broken, n - 2);
  to_w = ag_trace_step (r.broken, n - 1);
  g_assert_cmpstr (ag_graph_display_name (r.graph, to_x->to), ==, "x");
  g_assert_cmpfloat (ag_trace_data (r.broken, to_x->after)[0], ==, 1);
  g_assert_cmpfloat (ag_trace_data (r.broken, to_x->after)[1], ==, 2);
  g_assert_cmpstr (ag_graph_display_name (r.graph, to_w->to), ==, "w");
  g_assert_cmpfloat (ag_trace_data (r.broken, to_w->after)[0], ==, 6);
  g_assert_cmpuint (ag_bug_first_wrong_step (r.trace, r.broken), ==, n - 2);
}

/* The first wrong step of every bug on the lessons, by hand from their traces (1-based):
 *   05 (z = x² + x): 1 x², 2 z, 3 seed, 4 z→x², 5 z→x, 6 x²→x
 *   12: 1 t1, 2 t2, 3 L, 4 seed, 5 L→t2, 6 t2→t1, 7 t2→c, 8 t1→a, 9 t1→b
 *   welcome: 1–5 forward, 6 seed, 7 o→n, 8 n→(x1w1 + x2w2), 9 n→b, 10 →x1w1, 11 →x2w2,
 *            12 x2w2→x2, 13 →w2, 14 x1w1→x1, 15 →w1
 * overwrite is wrong only where a node adds two paths (x in 05); forget-upstream only past an
 * adjoint other than 1 (t̄2 = 8 in 12, n̄ = 0.5 in welcome); wrong-local only at a product
 * whose inputs differ (x2·w2: 0.5·x2 = 0, not 0.5·w2 = 0.5). */
static void
test_first_wrong_steps (void)
{
  static const struct {
    const char *program;
    AgBug bug;
    guint step;     /* 1-based; 0: none */
  } cases[] = {
    { LESSON_05, AG_BUG_OVERWRITE, 6 },
    { LESSON_05, AG_BUG_NO_ZERO_GRAD, 7 },
    { LESSON_05, AG_BUG_FORGET_UPSTREAM, 0 },
    { LESSON_05, AG_BUG_WRONG_LOCAL, 0 },
    { LESSON_12, AG_BUG_OVERWRITE, 0 },
    { LESSON_12, AG_BUG_NO_ZERO_GRAD, 10 },
    { LESSON_12, AG_BUG_FORGET_UPSTREAM, 6 },
    { LESSON_12, AG_BUG_WRONG_LOCAL, 8 },
    { WELCOME, AG_BUG_OVERWRITE, 0 },
    { WELCOME, AG_BUG_NO_ZERO_GRAD, 16 },
    { WELCOME, AG_BUG_FORGET_UPSTREAM, 8 },
    { WELCOME, AG_BUG_WRONG_LOCAL, 12 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) r = { 0 };
      guint first;

      run_bug (&r, cases[i].program, cases[i].bug);
      first = ag_bug_first_wrong_step (r.trace, r.broken);
      if (cases[i].step == 0)
        g_assert_cmpuint (first, ==, G_MAXUINT);
      else
        g_assert_cmpuint (first + 1, ==, cases[i].step);
      /* the same shape: every step of the correct run at the same index */
      for (guint k = 0; k < ag_trace_n_steps (r.trace); k++)
        {
          g_assert_cmpint (ag_trace_step (r.broken, k)->kind, ==, ag_trace_step (r.trace, k)->kind);
          g_assert_cmpuint (ag_trace_step (r.broken, k)->to, ==, ag_trace_step (r.trace, k)->to);
          g_assert_cmpuint (ag_trace_step (r.broken, k)->from, ==, ag_trace_step (r.trace, k)->from);
        }
      /* no-zero-grad: then the backward pass again, from its seed */
      {
        guint seed = 0, extra;
        while (ag_trace_step (r.trace, seed)->kind != AG_STEP_SEED)
          seed++;
        extra = cases[i].bug == AG_BUG_NO_ZERO_GRAD ? ag_trace_n_steps (r.trace) - seed : 0;
        g_assert_cmpuint (ag_trace_n_steps (r.broken), ==, ag_trace_n_steps (r.trace) + extra);
      }
    }
}

static void
test_question (void)
{
  g_auto (Run) r = { 0 };
  g_autoptr (AgQuestion) q = NULL;
  g_autoptr (AgQuestion) none = NULL;
  g_auto (Run) unchanged = { 0 };

  run_bug (&r, LESSON_05, AG_BUG_OVERWRITE);
  q = ag_bug_question_new (r.trace, r.broken, r.graph, AG_BUG_OVERWRITE);
  g_assert_cmpint (q->kind, ==, AG_QUESTION_FIRST_WRONG_STEP);
  g_assert_cmpstr (q->id, ==, "first-wrong-step");
  g_assert_cmpuint (q->step, ==, AG_QUESTION_NO_STEP);
  g_assert_cmpfloat (q->expected, ==, 6);
  g_assert_true (ag_question_grade (q, 6));
  g_assert_false (ag_question_grade (q, 5));
  g_assert_cmpstr (q->prompt, ==, "This backward pass was done by a broken engine. Which of its 6 "
                   "steps is the first wrong one? Answer with the step's number.");
  g_assert_cmpuint (ag_question_n_hints (q), ==, 3);
  g_assert_cmpstr (q->hints[0], ==, "The forward steps (1 to 2) are right. From step 3 on, check "
                   "each step against the chain rule: v̄ += ū·∂u/∂v.");
  g_assert_cmpstr (q->hints[1], ==, "Look for a node that receives more than one contribution: "
                   "does its adjoint add them up?");
  g_assert_cmpstr (q->hints[2], ==, "It is a step that sends to x, where x̄ comes out wrong.");
  g_assert_cmpstr (q->reveal, ==, "Step 6 is the first wrong one (backward 6: grad(x^2) = 1 flows "
                   "to x: x̄ += 1 · 2x = 6 → x̄ = 6): it leaves x̄ = 6 where the correct engine "
                   "has x̄ = 7.");

  run_bug (&unchanged, LESSON_05, AG_BUG_WRONG_LOCAL);
  none = ag_bug_question_new (unchanged.trace, unchanged.broken, unchanged.graph, AG_BUG_WRONG_LOCAL);
  g_assert_null (none);
}

/* Every bug's ladder: where to look by its symptom, then the node, then the reveal. */
static void
test_question_ladders (void)
{
  static const struct {
    const char *program;
    AgBug bug;
    const char *symptom, *node, *reveal_end;
  } cases[] = {
    { LESSON_05, AG_BUG_NO_ZERO_GRAD,
      "A correct backward pass ends at step 6. What should the next pass start from?",
      "It is a seed: the start of a backward pass, where z̄ comes out wrong.",
      "the correct engine stops after step 6, and this one runs the backward pass again on "
      "adjoints it never zeroed." },
    { LESSON_12, AG_BUG_FORGET_UPSTREAM,
      "Check that each step multiplies the local derivative by the adjoint it comes from, ū.",
      "It is a step that sends to t1, where t̅1̅ comes out wrong.",
      "it leaves t̅1̅ = 1 where the correct engine has t̅1̅ = 8." },
    { LESSON_12, AG_BUG_WRONG_LOCAL,
      "Check the steps out of a product a*b: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a.",
      "It is a step that sends to a, where ā comes out wrong.",
      "it leaves ā = 16 where the correct engine has ā = −24." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) r = { 0 };
      g_autoptr (AgQuestion) q = NULL;

      run_bug (&r, cases[i].program, cases[i].bug);
      q = ag_bug_question_new (r.trace, r.broken, r.graph, cases[i].bug);
      g_assert_cmpuint (ag_question_n_hints (q), ==, 3);
      g_assert_cmpstr (q->hints[1], ==, cases[i].symptom);
      g_assert_cmpstr (q->hints[2], ==, cases[i].node);
      g_assert_true (g_str_has_suffix (q->reveal, cases[i].reveal_end));
      g_assert_true (g_str_has_prefix (q->reveal, "Step "));
    }
}

/* The check names what the broken engine got wrong: lesson 12 with wrong-local gets ā and b̄
 * wrong (16 and −24 against −24 and 16), c̄ = 8 right. */
static void
test_check (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse (LESSON_12, -1, &error);
  g_autoptr (GArray) entries = NULL;
  const AgCheckEntry *e;

  g_assert_no_error (error);
  entries = ag_bug_check_gradients (g, AG_BUG_WRONG_LOCAL, AG_CHECK_EPS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  e = &g_array_index (entries, AgCheckEntry, 0);
  g_assert_cmpfloat (e->analytic, ==, 16);
  g_assert_cmpfloat_with_epsilon (e->numeric, -24, 1e-6);
  g_assert_cmpfloat (e->rel_error, >, 1);
  e = &g_array_index (entries, AgCheckEntry, 1);
  g_assert_cmpfloat (e->analytic, ==, -24);
  g_assert_cmpfloat (e->rel_error, >, 1);
  e = &g_array_index (entries, AgCheckEntry, 2);
  g_assert_cmpfloat (e->analytic, ==, 8);
  g_assert_cmpfloat (e->rel_error, <, AG_CHECK_TOL);
  /* the values are restored and the graph's own adjoints stay the correct ones */
  g_assert_cmpfloat (ag_graph_value (g, ag_graph_lookup (g, "L"))[0], ==, 16);
  g_assert_cmpfloat (ag_graph_grad (g, ag_graph_lookup (g, "a"))[0], ==, -24);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/bug/names", test_names);
  g_test_add_func ("/core/bug/overwrite", test_overwrite_05);
  g_test_add_func ("/core/bug/no-zero-grad", test_no_zero_grad_05);
  g_test_add_func ("/core/bug/forget-upstream", test_forget_upstream_12);
  g_test_add_func ("/core/bug/wrong-local", test_wrong_local_12);
  g_test_add_func ("/core/bug/wrong-local-broadcast", test_wrong_local_broadcast);
  g_test_add_func ("/core/bug/first-wrong-steps", test_first_wrong_steps);
  g_test_add_func ("/core/bug/question", test_question);
  g_test_add_func ("/core/bug/question-ladders", test_question_ladders);
  g_test_add_func ("/core/bug/check", test_check);
  return g_test_run ();
}
