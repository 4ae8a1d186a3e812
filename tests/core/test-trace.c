/* test-trace.c: the chain-rule sums the inspector shows, checked on the worked lessons
 * (EXAMPLES.md 3, 4, 5) as exact strings at several player positions. */
#include "core/autograd.h"
#include "core/graph-file.h"
#include "core/graph.h"
#include "core/program.h"
#include "core/format.h"
#include "core/trace.h"
#include "tests/significant-digits.h"

#include <math.h>
#include <string.h>

/* A program parsed and run once (zero-grad, forward, backward) with a trace. */
typedef struct {
  AgGraph *graph;
  AgTrace *trace;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->trace, ag_trace_free);
  g_clear_pointer (&r->graph, ag_graph_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_program (Run *r, const char *program)
{
  g_autoptr (GError) error = NULL;

  r->graph = ag_program_parse (program, -1, &error);
  g_assert_no_error (error);
  r->trace = ag_trace_new ();
  g_assert_true (ag_graph_run (r->graph, r->trace, &error));
  g_assert_no_error (error);
}

/* The shipped example file, so the test follows the lesson as students open it. */
static void
run_example (Run *r, const char *name)
{
  const char *dir = g_getenv ("ADJOINT_EXAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autoptr (AgGraphFile) doc = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    g_error ("ADJOINT_EXAMPLES_DIR is not set: run the tests with `meson test`");
  path = g_strconcat (dir, G_DIR_SEPARATOR_S, name, AG_FILE_EXTENSION, NULL);
  doc = ag_graph_file_load (path, &error);
  g_assert_no_error (error);
  run_program (r, doc->program);
}

/* The chain-rule text for node @name at player position @k (NULL stays NULL). */
static char *
chain (const Run *r, const char *name, guint k)
{
  AgId id = ag_graph_lookup (r->graph, name);

  g_assert_cmpuint (id, !=, AG_NO_ID);
  return ag_trace_describe_chain_rule (r->trace, r->graph, id, k);
}

#define assert_chain(r, name, k, expected)            \
  G_STMT_START {                                      \
    g_autofree char *text_ = chain (r, name, k);      \
    g_assert_cmpstr (text_, ==, expected);            \
  } G_STMT_END

/* EXAMPLES.md 5: z = x² + x at x = 3. Steps: 1 forward x^2, 2 forward z, 3 seed,
 * 4 z→x^2, 5 z→x (the direct path), 6 x^2→x. */
static void
test_paths_add_up (void)
{
  g_auto (Run) r = { 0 };
  guint n;

  run_example (&r, "05-paths-add-up");
  n = ag_trace_n_steps (r.trace);
  g_assert_cmpuint (n, ==, 6);

  for (guint k = 0; k <= 4; k++)
    assert_chain (&r, "x", k, NULL);
  assert_chain (&r, "x", 5, "x̄ = z̄·∂z/∂x = 1·1 = 1");
  assert_chain (&r, "x", 6, "x̄ = z̄·∂z/∂x + grad(x^2)·∂(x^2)/∂x = 1·1 + 1·6 = 7");
  /* Past the end is the end. */
  assert_chain (&r, "x", 100, "x̄ = z̄·∂z/∂x + grad(x^2)·∂(x^2)/∂x = 1·1 + 1·6 = 7");

  assert_chain (&r, "z", 2, NULL);
  assert_chain (&r, "z", 3, "z̄ = 1 (the output: ∂z/∂z = 1)");
  assert_chain (&r, "z", 6, "z̄ = 1 (the output: ∂z/∂z = 1)");

  /* An unnamed node is called by its expression. */
  {
    AgId sq = ag_graph_input (r.graph, ag_graph_node (r.graph, ag_graph_lookup (r.graph, "z")), 0);
    g_autofree char *before = ag_trace_describe_chain_rule (r.trace, r.graph, sq, 3);
    g_autofree char *after = ag_trace_describe_chain_rule (r.trace, r.graph, sq, 4);
    AgId two = ag_graph_input (r.graph, ag_graph_node (r.graph, sq), 1);
    g_autofree char *constant = ag_trace_describe_chain_rule (r.trace, r.graph, two, n);

    g_assert_null (before);
    g_assert_cmpstr (after, ==, "grad(x^2) = z̄·∂z/∂(x^2) = 1·1 = 1");
    /* Constants take no gradient: nothing ever arrives. */
    g_assert_cmpint (ag_graph_node (r.graph, two)->role, ==, AG_ROLE_CONST);
    g_assert_null (constant);
  }
}

/* EXAMPLES.md 3: x = 3; y = x + 1; z = y^2 → ȳ = 8, x̄ = 8. Steps: 1-2 forward, 3 seed,
 * 4 z→y, 5 y→x. */
static void
test_composition (void)
{
  g_auto (Run) r = { 0 };

  run_example (&r, "03-composition");
  g_assert_cmpuint (ag_trace_n_steps (r.trace), ==, 5);
  assert_chain (&r, "y", 3, NULL);
  assert_chain (&r, "y", 4, "ȳ = z̄·∂z/∂y = 1·8 = 8");
  assert_chain (&r, "x", 4, NULL);
  assert_chain (&r, "x", 5, "x̄ = ȳ·∂y/∂x = 8·1 = 8");
  assert_chain (&r, "z", 5, "z̄ = 1 (the output: ∂z/∂z = 1)");
}

/* EXAMPLES.md 4: x = 2; y = 3; a = x + y; z = a^2 → x̄ = ȳ = 10. Steps: 1-2 forward, 3 seed,
 * 4 z→a, 5 a→x, 6 a→y. */
static void
test_two_inputs (void)
{
  g_auto (Run) r = { 0 };

  run_example (&r, "04-two-inputs");
  g_assert_cmpuint (ag_trace_n_steps (r.trace), ==, 6);
  assert_chain (&r, "a", 4, "ā = z̄·∂z/∂a = 1·10 = 10");
  assert_chain (&r, "x", 5, "x̄ = ā·∂a/∂x = 10·1 = 10");
  assert_chain (&r, "y", 5, NULL);
  assert_chain (&r, "y", 6, "ȳ = ā·∂a/∂y = 10·1 = 10");
}

/* The adjoint of a name of several characters has one bar over the whole name ("w̅1̅", a
 * combining overline on each character), not a macron on its last digit ("w1̄"); a one-letter
 * name keeps its composed ȳ. */
static void
test_marked_long_name (void)
{
  g_auto (Run) r = { 0 };
  GString *s = g_string_new (NULL);
  g_autofree char *last = NULL;

  run_program (&r, "w1 = 2\ny = w1 * 3\n");
  ag_trace_append_marked_name (s, r.graph, ag_graph_lookup (r.graph, "w1"), FALSE);
  g_assert_cmpstr (s->str, ==, "w\u03051\u0305");
  g_string_truncate (s, 0);
  ag_trace_append_marked_name (s, r.graph, ag_graph_lookup (r.graph, "y"), FALSE);
  g_assert_cmpstr (s->str, ==, "\u0233");
  g_string_truncate (s, 0);
  ag_trace_append_marked_name (s, r.graph, ag_graph_lookup (r.graph, "w1"), TRUE);
  g_assert_cmpstr (s->str, ==, "tangent(w1)");
  g_string_free (s, TRUE);
  last = ag_trace_describe_step (r.trace, r.graph, ag_trace_n_steps (r.trace) - 1);
  g_assert_nonnull (strstr (last, "w\u03051\u0305 += "));
  g_assert_null (strstr (last, "w1\u0304"));
}

/* EXAMPLES.md 12: negative factors are put in parentheses. */
static void
test_negative (void)
{
  g_auto (Run) r = { 0 };

  run_program (&r, "a = 2\nb = -3\nc = 10\nt1 = a * b\nt2 = t1 + c\nL = t2^2\n");
  assert_chain (&r, "a", 100, "ā = t\u03051\u0305·∂t1/∂a = 8·(−3) = −24");
  assert_chain (&r, "b", 100, "b̄ = t\u03051\u0305·∂t1/∂b = 8·2 = 16");
  assert_chain (&r, "c", 100, "c̄ = t\u03052\u0305·∂t2/∂c = 8·1 = 8");
}

/* Tensors: the edge's contribution is shown as a tensor (there is no scalar local derivative),
 * a lone term is not repeated, and long tensors are cut short. */
static void
test_tensor (void)
{
  g_auto (Run) dot = { 0 };
  g_auto (Run) sum = { 0 };
  g_auto (Run) big = { 0 };
  g_auto (Run) mat = { 0 };

  /* EXAMPLES.md 2: y = 2·dot(x, x): x reaches dot twice, 2x each time. */
  run_program (&dot, "x = [0, 1, 2, 3]\ny = 2 * dot(x, x)\n");
  assert_chain (&dot, "x", 100,
                "x̄ = grad(dot(x, x))·∂(dot(x, x))/∂x + grad(dot(x, x))·∂(dot(x, x))/∂x"
                " = [0, 2, 4, 6] + [0, 2, 4, 6] = [0, 4, 8, 12]");

  run_program (&sum, "x = [1, 2, 3]\ns = sum(x)\n");
  assert_chain (&sum, "x", 100, "x̄ = s̄·∂s/∂x = [1, 1, 1]");

  run_program (&big, "x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\ns = sum(x * x)\n");
  assert_chain (&big, "x", 100,
                "x̄ = grad(x * x)·∂(x * x)/∂x + grad(x * x)·∂(x * x)/∂x"
                " = [1, 2, 3, …, 8, 9, 10] + [1, 2, 3, …, 8, 9, 10] = [2, 4, 6, …, 16, 18, 20]");

  run_program (&mat, "W = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]\ns = sum(W)\n");
  assert_chain (&mat, "W", 100, "W̄ = s̄·∂s/∂W = [[1, 1], [1, 1], …, [1, 1]]");
}

/* Leaves accumulate across backward passes until a zero-grad step; a zero-grad starts over. */
static void
test_accumulate (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse ("x = 3\ny = x + 1\nz = y^2\n", -1, &error);
  g_autoptr (AgTrace) t = ag_trace_new ();
  AgId x = ag_graph_lookup (g, "x"), y = ag_graph_lookup (g, "y");
  guint first_pass;

  g_assert_no_error (error);
  ag_graph_zero_grad (g, t);
  ag_graph_forward (g, t);
  g_assert_true (ag_graph_backward (g, t, NULL));
  first_pass = ag_trace_n_steps (t);
  g_assert_true (ag_graph_backward (g, t, NULL));
  {
    g_autofree char *xs = ag_trace_describe_chain_rule (t, g, x, ag_trace_n_steps (t));
    g_autofree char *ys = ag_trace_describe_chain_rule (t, g, y, ag_trace_n_steps (t));
    g_autofree char *y_seeded = ag_trace_describe_chain_rule (t, g, y, first_pass + 1);
    g_assert_cmpstr (xs, ==, "x̄ = ȳ·∂y/∂x + ȳ·∂y/∂x = 8·1 + 8·1 = 16");
    g_assert_cmpstr (ys, ==, "ȳ = z̄·∂z/∂y = 1·8 = 8");
    /* The second pass's seed cleared the computed node's adjoint. */
    g_assert_null (y_seeded);
  }
  ag_graph_zero_grad (g, t);
  {
    g_autofree char *xs = ag_trace_describe_chain_rule (t, g, x, ag_trace_n_steps (t));
    g_assert_null (xs);
  }
}

/* Issue 15: sentences print numbers for people, never 17 digits. Lesson 18's gradients vanish
 * to 10⁻¹³: every step's sentence and every chain rule holds at most 4 significant digits. */
static void
test_lesson_18_digits (void)
{
  g_auto (Run) r = { 0 };
  guint n;

  run_example (&r, "18-vanishing-gradients");
  n = ag_trace_n_steps (r.trace);
  g_assert_cmpuint (n, >, 40);
  g_assert_cmpint (max_significant_digits ("3.7234886735715107e-09 flows to h6"), ==, 17);
  for (guint k = 0; k < n; k++)
    {
      g_autofree char *text = ag_trace_describe_step (r.trace, r.graph, k);
      if (max_significant_digits (text) > 4)
        g_error ("step %u has more than 4 significant digits: %s", k + 1, text);
    }
  for (AgId id = 0; id < ag_graph_n_nodes (r.graph); id++)
    {
      g_autofree char *text = ag_trace_describe_chain_rule (r.trace, r.graph, id, n);
      if (text && max_significant_digits (text) > 4)
        g_error ("the chain rule of %s has more than 4 significant digits: %s",
                 ag_graph_display_name (r.graph, id), text);
    }
}

/* The digits are a preference (the window's "Significant digits"); short numbers stay as typed;
 * a vanishing number gets a real ×10 and superscript, never "0.00…". */
static void
test_sentence_digits (void)
{
  g_auto (Run) r = { 0 };
  g_autofree char *four = NULL, *six = NULL, *tiny = NULL, *half = NULL;

  run_program (&r, "x = 2\ny = x / 3\nz = y * 0.5\nw = z * 0.000000001234567\n");
  four = ag_trace_describe_step (r.trace, r.graph, 0);
  g_assert_cmpstr (four, ==, "forward 1: y = x / 3 = 2 / 3 = 0.6667");
  half = ag_trace_describe_step (r.trace, r.graph, 1);
  g_assert_cmpstr (half, ==, "forward 2: z = y * 0.5 = 0.6667 * 0.5 = 0.3333");
  tiny = ag_trace_describe_step (r.trace, r.graph, 2);
  g_assert_true (g_str_has_suffix (tiny, " = 4.115×10⁻¹⁰"));
  ag_format_set_human_digits (6);
  six = ag_trace_describe_step (r.trace, r.graph, 0);
  ag_format_set_human_digits (4);
  g_assert_cmpstr (six, ==, "forward 1: y = x / 3 = 2 / 3 = 0.666667");
}

/* A tensor in a sentence is cut as numpy prints it: its first and last elements around "…". */
static void
test_sentence_tensor (void)
{
  g_auto (Run) r = { 0 };
  g_autofree char *text = NULL;

  run_program (&r, "x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\ny = sum(x / 3)\n");
  text = ag_trace_describe_step (r.trace, r.graph, 0);
  g_assert_cmpstr (text, ==, "forward 1: x / 3 = [0.3333, 0.6667, …, 3, 3.333]");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/trace/chain-rule/paths-add-up", test_paths_add_up);
  g_test_add_func ("/core/trace/chain-rule/composition", test_composition);
  g_test_add_func ("/core/trace/chain-rule/two-inputs", test_two_inputs);
  g_test_add_func ("/core/trace/chain-rule/negative", test_negative);
  g_test_add_func ("/core/trace/marked-long-name", test_marked_long_name);
  g_test_add_func ("/core/trace/chain-rule/tensor", test_tensor);
  g_test_add_func ("/core/trace/chain-rule/accumulate", test_accumulate);
  g_test_add_func ("/core/trace/sentence/lesson-18-digits", test_lesson_18_digits);
  g_test_add_func ("/core/trace/sentence/digits", test_sentence_digits);
  g_test_add_func ("/core/trace/sentence/tensor", test_sentence_tensor);
  return g_test_run ();
}
