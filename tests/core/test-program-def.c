/* test-program-def.c: functions in the program language (issue 18 item 1): every error of
 * `def`, `return` and calls with its message and place; a program with functions traces the
 * same numbers as the program written out by hand; the call table of nested calls; the names
 * nodes get inside calls, in the trace's sentences and in caption anchors. */
#include "core/autograd.h"
#include "core/caption-anchor.h"
#include "core/graph-calls.h"
#include "core/program.h"
#include "core/trace.h"
#include "tests/program-error.h"

#include <math.h>
#include <string.h>

static AgGraph *
parse_ok (const char *program)
{
  g_autoptr (GError) error = NULL;
  AgGraph *g = ag_program_parse (program, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (g);
  return g;
}

/* ---- errors ---------------------------------------------------------------------------- */


static const ErrorCase error_cases[] = {
  /* unknown function, arguments */
  { "def f(x):\n    return x\ny = g(1)", AG_ERROR_NAME, 3, 5, 1,
    "unknown function 'g'; did you mean 'f'?" },
  { "def neuron(x, w, b):\n    return x * w + b\ny = neuron(1, 2)", AG_ERROR_SYNTAX, 3, 5, 12,
    "neuron takes 3 arguments (x, w, b), got 2" },
  { "def one():\n    return 1\ny = one(2)", AG_ERROR_SYNTAX, 3, 5, 6,
    "one takes 0 arguments (), got 1" },
  { "def f(x):\n    return x\ny = f", AG_ERROR_NAME, 3, 5, 1,
    "'f' is a function: call it with parentheses, e.g. f(x)" },
  /* calls before the definition, recursion */
  { "y = f(1)\ndef f(x):\n    return x", AG_ERROR_NAME, 1, 5, 1,
    "'f' is defined below, at line 2: define a function above the line that calls it" },
  { "def f(x):\n    return f(x)\ny = f(1)", AG_ERROR_NAME, 2, 12, 1,
    "'f' calls itself: a function may call only functions defined above it, so recursion is "
    "not supported" },
  { "def f(x):\n    return g(x)\ndef g(x):\n    return f(x)\ny = f(1)", AG_ERROR_NAME, 2, 12, 1,
    "'g' is defined below, at line 3: a function may call only functions defined above it, so "
    "functions cannot call each other in a circle" },
  /* return */
  { "def f(x):\n    y = x\nz = f(1)", AG_ERROR_SYNTAX, 1, 1, 5,
    "the function 'f' does not end with `return`: make its last line `return EXPRESSION`" },
  { "def f(x):\n    return x\n    y = 2\nz = f(1)", AG_ERROR_SYNTAX, 3, 5, 1,
    "nothing can follow `return` in 'f': the function ends at its return on line 2" },
  { "def f(x):\n    y = x; return y; z = 1\nz = f(1)", AG_ERROR_SYNTAX, 2, 22, 1,
    "nothing can follow `return` in 'f': the function ends at its return on line 2" },
  { "x = 1\nreturn x", AG_ERROR_SYNTAX, 2, 1, 6,
    "`return` belongs in the body of a function, under `def name(…):`" },
  { "def f(x):\n    return\ny = f(1)", AG_ERROR_SYNTAX, 2, 5, 6,
    "expected a value after 'return', e.g. `return y`" },
  { "def f(x):\n    return x)\ny = f(1)", AG_ERROR_SYNTAX, 2, 13, 1,
    "unexpected ')': there is nothing open for it to close" },
  /* bodies and indentation */
  { "def f(x):", AG_ERROR_SYNTAX, 1, 1, 5,
    "the function 'f' has no body: indent its statements on the lines below `def f(…):`, the "
    "last one `return …`" },
  { "def f(x):\nreturn x\ny = f(1)", AG_ERROR_SYNTAX, 2, 1, 6,
    "expected the body of 'f' here, indented more than its `def` on line 1" },
  { "def f(x):; return x\ny = f(1)", AG_ERROR_SYNTAX, 1, 10, 1,
    "expected the body of 'f' after ':', on this line or indented on the lines below" },
  { "def f(x): y = x\n    return y\nz = f(1)", AG_ERROR_SYNTAX, 1, 1, 5,
    "the function 'f' does not end with `return`: make its last line `return EXPRESSION`" },
  { "def f(x): return x; y = 2\nz = f(1)", AG_ERROR_SYNTAX, 1, 21, 1,
    "nothing can follow `return` in 'f': the function ends at its return on line 1" },
  { "def f(x):\n    y = x\n\treturn y\nz = f(1)", AG_ERROR_SYNTAX, 3, 2, 6,
    "inconsistent indentation: this line is indented with 1 tab, the body of 'f' with 4 "
    "spaces; indent with spaces only (or tabs only)" },
  { "def f(x):\n    y = x\n      return y\nz = f(1)", AG_ERROR_SYNTAX, 3, 7, 6,
    "unexpected indent: this line is indented more than the body of 'f' (4 spaces, this line "
    "6 spaces); indent its statements alike" },
  { "def f(x):\n    y = x\n  return y\nz = f(1)", AG_ERROR_SYNTAX, 3, 3, 6,
    "this line's indentation (2 spaces) matches neither the body of 'f' (4 spaces) nor its "
    "`def` line (no indentation)" },
  { "\tdef f(x):\n    return x\nz = f(1)", AG_ERROR_SYNTAX, 2, 5, 6,
    "inconsistent indentation: the body of 'f' is indented with 4 spaces, its `def` with 1 "
    "tab; indent with spaces only (or tabs only)" },
  { "def f(x):\n    def g(y):\n        return y\n    return x\nz = f(1)", AG_ERROR_SYNTAX, 2, 5,
    5, "a function cannot be defined inside another: define it above 'f'" },
  /* the header */
  { "def (x):\n    return x", AG_ERROR_SYNTAX, 1, 5, 1,
    "expected the function's name after 'def', e.g. `def f(x):`" },
  { "def f x:\n    return x", AG_ERROR_SYNTAX, 1, 7, 1,
    "expected '(' after `def f`, e.g. `def f(x):`" },
  { "def f(x)\n    return x", AG_ERROR_SYNTAX, 1, 9, 1,
    "expected ':' at the end of `def f(…)`, found the end of the line" },
  { "def f(x, 2):\n    return x", AG_ERROR_SYNTAX, 1, 10, 1,
    "expected a parameter name in `def f(…)`, found '2'" },
  { "def f(x y):\n    return x", AG_ERROR_SYNTAX, 1, 9, 1,
    "expected ',' or ')' between the parameters of f, found 'y'" },
  { "def f(x, x):\n    return x\nz = f(1, 2)", AG_ERROR_NAME, 1, 10, 1,
    "the parameter 'x' is used twice in `def f(…)`: give each parameter its own name" },
  { "def f(x):\n    return x\ndef f(y):\n    return y\nz = f(1)", AG_ERROR_NAME, 3, 5, 1,
    "the function 'f' is already defined at line 1: give this one another name" },
  { "def tanh(x):\n    return x\nz = tanh(1)", AG_ERROR_NAME, 1, 5, 4,
    "'tanh' is a built-in function: give your function another name" },
  { "def he(x):\n    return x\nz = he(1)", AG_ERROR_NAME, 1, 5, 2,
    "'he' is an initialiser of parameters: give your function another name" },
  /* names a body can and cannot see */
  { "w = 3\ndef f(x):\n    return x * w\nz = f(1)", AG_ERROR_NAME, 3, 16, 1,
    "'w' is not visible inside 'f': a function reads only its parameters and the names it "
    "assigns; pass w in as an argument" },
  { "def f(x):\n    y = x * 2\n    return y\nz = f(1) + y", AG_ERROR_NAME, 4, 12, 1,
    "'y' is not defined" },
  { "def f(x):\n    param w = 3\n    return x\nz = f(1)", AG_ERROR_SYNTAX, 2, 5, 5,
    "a parameter belongs to the program, not to a function: write `param …` above the `def` "
    "and pass it in as an argument" },
  /* a body is checked at its def, called or not */
  { "def f(x):\n    return x +\ny = 1", AG_ERROR_SYNTAX, 2, 15, 1,
    "expected an expression after '+'" },
  { "def f(x):\n    return sigmod(x)\ny = 1", AG_ERROR_NAME, 2, 12, 6,
    "unknown function 'sigmod'; did you mean 'sigmoid'?" },
  /* only shapes fail in a call, and the call is named */
  { "def f(x):\n    return [1, 2] + x\nz = f([1, 2, 3])", AG_ERROR_SHAPE, 2, 12, 10,
    "shapes [2] and [3] do not broadcast: sizes must match, or one side must be a scalar or a "
    "row as long as the matrix is wide (in the call of f at line 3)" },
  /* a program of definitions only */
  { "def f(x):\n    return x\n", AG_ERROR_SYNTAX, 1, 1, 1,
    "the program only defines functions: call one, e.g. `y = f(…)`, so it has an output" },
};

static void
test_errors (gconstpointer data)
{
  assert_program_error (data);
}

/* The formatted error points at the call's line and underlines it. */
static void
test_error_format (void)
{
  const char *program = "def f(a, b):\n    return a * b\ny = f(2)";
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse (program, -1, &error);
  g_autofree char *text = ag_program_format_error (error, "net.adjoint", program);

  g_assert_null (g);
  g_assert_cmpstr (text, ==, "net.adjoint:3:5: error: f takes 2 arguments (a, b), got 1\n"
                             "  3 | y = f(2)\n"
                             "    |     ^~~~");
}

/* ---- the same numbers as by hand --------------------------------------------------------- */

static void
assert_same_double (double a, double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

/* Runs both programs forward and backward and compares their whole traces: every step's
 * kind, ends and numbers, bit for bit (the calls are inlined as the same ops in the same
 * order), and every node's value and adjoint. */
static void
assert_same_trace (const char *with_functions, const char *by_hand)
{
  g_autoptr (AgGraph) a = parse_ok (with_functions);
  g_autoptr (AgGraph) b = parse_ok (by_hand);
  AgTrace *ta = ag_trace_new (), *tb = ag_trace_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (ag_graph_run (a, ta, &error));
  g_assert_true (ag_graph_run (b, tb, &error));
  g_assert_cmpuint (ag_graph_n_nodes (a), ==, ag_graph_n_nodes (b));
  g_assert_cmpuint (ag_trace_n_steps (ta), ==, ag_trace_n_steps (tb));
  g_assert_cmpuint (ag_trace_n_steps (ta), >, 10);
  for (guint k = 0; k < ag_trace_n_steps (ta); k++)
    {
      const AgStep *sa = ag_trace_step (ta, k), *sb = ag_trace_step (tb, k);

      g_assert_cmpint (sa->kind, ==, sb->kind);
      g_assert_cmpuint (sa->from, ==, sb->from);
      g_assert_cmpuint (sa->to, ==, sb->to);
      g_assert_cmpuint (sa->slot, ==, sb->slot);
      g_assert_cmpuint (sa->size, ==, sb->size);
      assert_same_double (sa->local, sb->local);
    }
  g_assert_cmpuint (ta->data->len, ==, tb->data->len);
  for (guint i = 0; i < ta->data->len; i++)
    assert_same_double (g_array_index (ta->data, double, i), g_array_index (tb->data, double, i));
  for (AgId id = 0; id < ag_graph_n_nodes (a); id++)
    {
      const AgNode *na = ag_graph_node (a, id), *nb = ag_graph_node (b, id);

      g_assert_cmpint (na->op, ==, nb->op);
      g_assert_cmpint (na->role, ==, nb->role);
      for (guint k = 0; k < na->size; k++)
        {
          assert_same_double (ag_graph_value (a, id)[k], ag_graph_value (b, id)[k]);
          assert_same_double (ag_graph_grad (a, id)[k], ag_graph_grad (b, id)[k]);
        }
    }
  ag_trace_free (ta);
  ag_trace_free (tb);
}

#define MLP_DATA \
  "x = [0.5, -1.5]\n" \
  "param w1 = [0.3, -0.8]\nparam b1 = 0.1\n" \
  "param w2 = [-0.6, 0.2]\nparam b2 = -0.05\n" \
  "param v = [1.2, -0.7]\nparam c = 0.3\n"

/* A network written neuron by neuron, with a call inside a call and a loss function. */
static void
test_same_as_by_hand_mlp (void)
{
  assert_same_trace ("def neuron(x, w, b):\n"
                     "    z = dot(w, x) + b\n"
                     "    return tanh(z)\n"
                     "def square_error(y, t):\n"
                     "    d = y - t\n"
                     "    return d * d\n"
                     "def net(x, w1, b1, w2, b2, v, c):\n"
                     "    h = [neuron(x, w1, b1), neuron(x, w2, b2)]\n"
                     "    return neuron(h, v, c)\n"
                     MLP_DATA
                     "y = net(x, w1, b1, w2, b2, v, c)\n"
                     "L = square_error(y, 0.25)\n",
                     MLP_DATA
                     "h = [tanh(dot(w1, x) + b1), tanh(dot(w2, x) + b2)]\n"
                     "y = tanh(dot(v, h) + c)\n"
                     "d = y - 0.25\n"
                     "L = d * d\n");
}

/* Constants in a body, a parameter assigned again, an argument used twice, a function whose
 * result is used twice. */
static void
test_same_as_by_hand_scalars (void)
{
  assert_same_trace ("def scale(x, k):\n"
                     "    c = 2\n"
                     "    x = x * c\n"
                     "    x = x + k\n"
                     "    return x\n"
                     "def square(t):\n"
                     "    return t * t\n"
                     "a = 3\n"
                     "b = -1\n"
                     "y = scale(a, b)\n"
                     "z = scale(y, a) * square(y) + square(a)\n",
                     "a = 3\n"
                     "b = -1\n"
                     "y = a * 2 + b\n"
                     "z = (y * 2 + a) * (y * y) + a * a\n");
}

/* ---- the call table ------------------------------------------------------------------------ */

static void
test_call_table (void)
{
  g_autoptr (AgGraph) g = parse_ok ("def sq(t):\n"
                                    "    return t * t\n"
                                    "def norm2(a, b):\n"
                                    "    s = sq(a) + sq(b)\n"
                                    "    return s\n"
                                    "x = 3\n"
                                    "y = 4\n"
                                    "n = norm2(x, y)\n"
                                    "m = sq(n)\n");
  const AgCall *outer, *inner, *last;
  const AgId x = ag_graph_lookup (g, "x"), y = ag_graph_lookup (g, "y");
  const AgId s = ag_graph_lookup (g, "norm2.s"), n = ag_graph_lookup (g, "n");

  g_assert_cmpuint (ag_graph_n_calls (g), ==, 4);
  /* In program order, the outer call before the calls its body makes. */
  outer = ag_graph_call (g, 0);
  g_assert_cmpstr (outer->function, ==, "norm2");
  g_assert_cmpstr (outer->name, ==, "norm2");
  g_assert_cmpuint (outer->line, ==, 8);
  g_assert_cmpuint (outer->col, ==, 5);
  g_assert_cmpuint (outer->len, ==, 11);
  g_assert_cmpuint (outer->parent, ==, AG_NO_CALL);
  g_assert_cmpuint (outer->depth, ==, 0);
  g_assert_cmpuint (outer->n_args, ==, 2);
  g_assert_cmpuint (ag_graph_call_arg (g, 0, 0), ==, x);
  g_assert_cmpuint (ag_graph_call_arg (g, 0, 1), ==, y);
  /* `return s` returns the node named in the body; `n = …` is another name of it. */
  g_assert_cmpuint (s, !=, AG_NO_ID);
  g_assert_cmpuint (outer->output, ==, s);
  g_assert_cmpuint (n, ==, AG_NO_ID);

  for (guint i = 1; i <= 2; i++)
    {
      inner = ag_graph_call (g, i);
      g_assert_cmpstr (inner->function, ==, "sq");
      g_assert_cmpstr (inner->name, ==, i == 1 ? "sq" : "sq#2");
      g_assert_cmpuint (inner->line, ==, 4);
      g_assert_cmpuint (inner->col, ==, i == 1 ? 9 : 17);
      g_assert_cmpuint (inner->parent, ==, 0);
      g_assert_cmpuint (inner->depth, ==, 1);
      g_assert_cmpuint (ag_graph_call_arg (g, i, 0), ==, i == 1 ? x : y);
      /* Its one node, the product, is its output and lies inside the outer call too. */
      g_assert_cmpuint (inner->end_node - inner->first_node, ==, 1);
      g_assert_cmpuint (inner->output, ==, inner->first_node);
      g_assert_cmpuint (ag_graph_node_call (g, inner->output), ==, i);
      g_assert_true (ag_graph_call_contains (g, 0, inner->output));
      g_assert_false (ag_graph_call_contains (g, i, s));
    }
  /* The sum is the outer call's own node: its innermost call is the outer one. */
  g_assert_cmpuint (ag_graph_node_call (g, s), ==, 0);
  g_assert_cmpuint (outer->first_node, ==, ag_graph_call (g, 1)->first_node);
  g_assert_cmpuint (outer->end_node, ==, s + 1);
  g_assert_false (ag_graph_call_contains (g, 0, x));

  last = ag_graph_call (g, 3);
  g_assert_cmpstr (last->name, ==, "sq#3");
  g_assert_cmpuint (last->parent, ==, AG_NO_CALL);
  g_assert_cmpuint (ag_graph_call_arg (g, 3, 0), ==, s);
  g_assert_cmpuint (last->output, ==, ag_graph_lookup (g, "m"));
  g_assert_cmpuint (ag_graph_node_call (g, x), ==, AG_NO_CALL);
  g_assert_cmpuint (ag_graph_lookup_call (g, "sq#2"), ==, 2);
  g_assert_cmpuint (ag_graph_lookup_call (g, "sq#4"), ==, AG_NO_CALL);
  /* A program without functions has no calls. */
  {
    g_autoptr (AgGraph) plain = parse_ok ("x = 1\ny = x * 2");
    g_assert_cmpuint (ag_graph_n_calls (plain), ==, 0);
    g_assert_cmpuint (ag_graph_node_call (plain, 1), ==, AG_NO_CALL);
  }
}

/* A function that returns an argument makes nothing: its output is the argument. */
static void
test_call_identity (void)
{
  g_autoptr (AgGraph) g = parse_ok ("def same(t):\n    u = t\n    return u\nx = 2\ny = same(x) * 3");
  const AgCall *c = ag_graph_call (g, 0);

  g_assert_cmpuint (c->output, ==, ag_graph_lookup (g, "x"));
  g_assert_cmpuint (c->first_node, ==, c->end_node);
  g_assert_cmpstr (ag_graph_node (g, c->output)->name, ==, "x");
}

/* ---- names ------------------------------------------------------------------------------ */

#define TWO_NEURONS \
  "def neuron(x, w, b):\n" \
  "    z = dot(w, x) + b\n" \
  "    return tanh(z)\n" \
  "x = [1, 2]\n" \
  "w1 = [0.5, -0.3]\nb1 = 0.1\n" \
  "w2 = [0.2, 0.4]\nb2 = -0.2\n" \
  "h1 = neuron(x, w1, b1)\n" \
  "h2 = neuron(x, w2, b2)\n" \
  "L = h1 * h2\n"

static void
test_names (void)
{
  g_autoptr (AgGraph) g = parse_ok (TWO_NEURONS);
  AgTrace *trace = ag_trace_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) anchors = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const AgId z2 = ag_graph_lookup (g, "neuron#2.z");
  g_autofree char *forward = NULL;
  g_autofree char *backward = NULL;

  /* A name assigned in a call is the call's; an unnamed node reads the argument nodes. */
  g_assert_cmpuint (ag_graph_lookup (g, "neuron.z"), !=, AG_NO_ID);
  g_assert_cmpuint (z2, !=, AG_NO_ID);
  g_assert_cmpuint (ag_graph_lookup (g, "z"), ==, AG_NO_ID);
  g_assert_cmpstr (ag_graph_display_name (g, z2 - 1), ==, "dot(w2, x)");
  g_assert_cmpstr (ag_graph_display_name (g, ag_graph_lookup (g, "h2")), ==, "h2");
  /* Spans stay in the body, where the editor shows the current step. */
  g_assert_cmpuint (ag_graph_node (g, z2)->line, ==, 2);
  g_assert_cmpuint (ag_graph_node (g, z2)->col, ==, 9);

  g_assert_true (ag_graph_run (g, trace, &error));
  forward = ag_trace_describe_step (trace, g, 4);
  g_assert_cmpstr (forward, ==,
                   "forward 5: neuron#2.z = (dot(w2, x)) + b2 = 1 + (−0.2) = 0.8");
  backward = ag_trace_describe_step (trace, g, 10);
  g_assert_cmpstr (backward, ==, "backward 11: h̅2̅ = 2.776×10⁻¹⁷ flows to neuron#2.z: "
                   "grad(neuron#2.z) += 2.776×10⁻¹⁷ · 1 - tanh(neuron#2.z)^2 = 1.552×10⁻¹⁷ → "
                   "grad(neuron#2.z) = 1.552×10⁻¹⁷");

  /* Anchors name the call, so each is unique without a repeat count. */
  anchors = ag_caption_anchors_new (trace, g);
  g_assert_cmpstr (g_ptr_array_index (anchors, 1), ==, "forward:neuron.dot(w1, x)");
  g_assert_cmpstr (g_ptr_array_index (anchors, 5), ==, "forward:neuron#2.z");
  g_assert_cmpstr (g_ptr_array_index (anchors, 14), ==, "backward:neuron#2.dot(w2, x)->w2");
  for (guint k = 0; k < anchors->len; k++)
    {
      const char *a = g_ptr_array_index (anchors, k);
      g_assert_false (g_hash_table_contains (seen, a));
      g_assert_null (strstr (a, "->x#"));
      g_hash_table_add (seen, (gpointer) a);
    }
  ag_trace_free (trace);
}

/* Names in a body are local: they shadow nothing outside, and outside names stay as they
 * were. A literal in a body is a constant, not an input of the program. */
static void
test_scope (void)
{
  g_autoptr (AgGraph) g = parse_ok ("def f(x):\n"
                                    "    y = 10\n"
                                    "    y = x + y\n"
                                    "    return y\n"
                                    "x = 1\n"
                                    "y = 2\n"
                                    "z = f(y) + y\n");
  const AgId inner = ag_graph_lookup (g, "f.y");

  ag_graph_forward (g, NULL);
  g_assert_cmpfloat (*ag_graph_value (g, ag_graph_lookup (g, "z")), ==, 14);
  g_assert_cmpuint (inner, !=, AG_NO_ID);
  g_assert_cmpfloat (*ag_graph_value (g, inner), ==, 12);
  g_assert_cmpint (ag_graph_node (g, inner - 1)->role, ==, AG_ROLE_CONST);
  g_assert_cmpstr (ag_graph_node (g, inner - 1)->name, ==, "f.y");
  g_assert_cmpfloat (*ag_graph_value (g, ag_graph_lookup (g, "y")), ==, 2);
}

/* `def` and `return` are keywords only where a statement starts, and not before '='. */
static void
test_keywords_as_names (void)
{
  g_autoptr (AgGraph) g = parse_ok ("def = 2\nreturn = 3\ny = def * return");

  ag_graph_forward (g, NULL);
  g_assert_cmpfloat (*ag_graph_value (g, g->output), ==, 6);
  g_assert_cmpuint (ag_graph_n_calls (g), ==, 0);
}

/* Lines of a body may be separated by blank and comment lines, a statement may span lines
 * inside brackets, tabs work when used alike, and the program goes on after the body. */
static void
test_layout (void)
{
  g_autoptr (AgGraph) g = parse_ok ("def f(a,\n      b):\n"
                                    "\t# the sum\n"
                                    "\n"
                                    "\ts = (a +\n  b)\n"
                                    "   # a comment indented otherwise\n"
                                    "\treturn s * 2\n"
                                    "\n"
                                    "y = f(1, 2); q = f(y, 1)\n");

  ag_graph_forward (g, NULL);
  g_assert_cmpfloat (*ag_graph_value (g, g->output), ==, 14);
  g_assert_cmpuint (ag_graph_n_calls (g), ==, 2);
}

/* A body may sit on its header's line, as Python allows. */
static void
test_one_line (void)
{
  g_autoptr (AgGraph) g = parse_ok ("def sq(t): return t * t\n"
                                    "def f(x): y = sq(x) * 2; return y + 1\n"
                                    "\n"
                                    "z = f(3) + sq(2)\n");

  ag_graph_forward (g, NULL);
  g_assert_cmpfloat (*ag_graph_value (g, g->output), ==, 23);
  g_assert_cmpuint (ag_graph_n_calls (g), ==, 3);
  g_assert_cmpstr (ag_graph_call (g, 1)->name, ==, "sq");
  g_assert_cmpuint (ag_graph_call (g, 1)->parent, ==, 0);
  g_assert_cmpstr (ag_graph_call (g, 2)->name, ==, "sq#2");
}

/* The built-ins that take an axis or a list (sum(X, 1, keepdim=True), cat) work in a body:
 * checked at the `def` before any shape is known, then at each call against its shapes. */
static void
test_axis_calls (void)
{
  g_autoptr (AgGraph) g = parse_ok ("def rowsum(X):\n"
                                    "    s = sum(X, 1, keepdim=True)\n"
                                    "    return cat([s, X], 1)\n"
                                    "W = [[1, 2], [3, 4]]\n"
                                    "L = sum(rowsum(W))\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) bad = ag_program_parse ("def f(x):\n    return sum(x, 1)\ny = f([1, 2])",
                                              -1, &error);

  ag_graph_forward (g, NULL);
  g_assert_cmpfloat (*ag_graph_value (g, g->output), ==, 20);
  g_assert_null (bad);
  g_assert_error (error, AG_ERROR, AG_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "axis 1 is out of range"));
  g_assert_nonnull (strstr (error->message, "(in the call of f at line 3)"));
}

/* ---- bounds ----------------------------------------------------------------------------- */

static void
test_call_depth (void)
{
  GString *s = g_string_new ("def f0(x):\n    return x + 1\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) ok = NULL;
  g_autoptr (AgGraph) g = NULL;
  g_autofree char *text = NULL;

  for (guint i = 1; i <= AG_MAX_CALL_DEPTH; i++)
    g_string_append_printf (s, "def f%u(x):\n    return f%u(x)\n", i, i - 1);
  /* 32 calls inside each other: f32 → … → f1 → f0, within the bound. */
  text = g_strdup_printf ("%sy = f%u(1)\n", s->str, AG_MAX_CALL_DEPTH - 1);
  ok = parse_ok (text);
  ag_graph_forward (ok, NULL);
  g_assert_cmpfloat (*ag_graph_value (ok, ok->output), ==, 2);
  g_assert_cmpuint (ag_graph_call (ok, ag_graph_n_calls (ok) - 1)->depth, ==,
                    AG_MAX_CALL_DEPTH - 1);

  g_string_append_printf (s, "y = f%u(1)\n", AG_MAX_CALL_DEPTH);
  g = ag_program_parse (s->str, -1, &error);
  g_assert_null (g);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "calls nested too deeply: more than 32 calls inside "
                   "each other (in the call of f1 at line 6)");
  g_string_free (s, TRUE);
}

/* A function that calls the one above it twice doubles the work at each level: the program
 * is refused quickly, not expanded for minutes. */
static void
test_call_count (void)
{
  GString *s = g_string_new ("def f0(x):\n    return x\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 1; i <= 30; i++)
    g_string_append_printf (s, "def f%u(x):\n    return f%u(f%u(x))\n", i, i - 1, i - 1);
  g_string_append (s, "y = f30(1)\n");
  g = ag_program_parse (s->str, -1, &error);
  g_assert_null (g);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "the program makes more than 100000 calls of "
                                            "functions"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_string_free (s, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/program-def/errors/%u", i);
      g_test_add_data_func (path, &error_cases[i], test_errors);
    }
  g_test_add_func ("/core/program-def/error-format", test_error_format);
  g_test_add_func ("/core/program-def/same-as-by-hand/mlp", test_same_as_by_hand_mlp);
  g_test_add_func ("/core/program-def/same-as-by-hand/scalars", test_same_as_by_hand_scalars);
  g_test_add_func ("/core/program-def/call-table", test_call_table);
  g_test_add_func ("/core/program-def/call-identity", test_call_identity);
  g_test_add_func ("/core/program-def/names", test_names);
  g_test_add_func ("/core/program-def/scope", test_scope);
  g_test_add_func ("/core/program-def/keywords-as-names", test_keywords_as_names);
  g_test_add_func ("/core/program-def/layout", test_layout);
  g_test_add_func ("/core/program-def/one-line", test_one_line);
  g_test_add_func ("/core/program-def/axis-calls", test_axis_calls);
  g_test_add_func ("/core/program-def/limits/depth", test_call_depth);
  g_test_add_func ("/core/program-def/limits/calls", test_call_count);
  return g_test_run ();
}
