/* test-program.c: the program language: what each statement builds, the values it computes,
 * and every error with its line, column and caret. */
#include "core/autograd.h"
#include "core/graph.h"
#include "core/ops.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

/* Parses @program, which must be valid, and runs forward. */
static AgGraph *
parse_ok (const char *program)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse (program, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (g);
  ag_graph_forward (g, NULL);
  return g_steal_pointer (&g);
}

static void
assert_values (const AgGraph *g, AgId id, const double *expected, guint n)
{
  g_assert_cmpuint (id, !=, AG_NO_ID);
  g_assert_cmpuint (ag_graph_node (g, id)->size, ==, n);
  for (guint k = 0; k < n; k++)
    g_assert_cmpfloat_with_epsilon (ag_graph_value (g, id)[k], expected[k], 1e-12);
}

static void
assert_shape (const AgGraph *g, AgId id, AgShape shape)
{
  g_autofree char *got = ag_shape_to_string (ag_graph_node (g, id)->shape);
  g_autofree char *want = ag_shape_to_string (shape);

  g_assert_cmpstr (got, ==, want);
  g_assert_cmpuint (ag_graph_node (g, id)->shape.ndim, ==, shape.ndim);
}

/* A statement whose right side is only numbers defines a leaf of the statement's role. */
static void
test_inputs (void)
{
  static const struct {
    const char *program, *name;
    AgRole role;
    guint8 ndim;
    guint rows, cols;
    double values[4];
  } cases[] = {
    { "x = 3", "x", AG_ROLE_INPUT, 0, 1, 1, { 3 } },
    { "a = -4", "a", AG_ROLE_INPUT, 0, 1, 1, { -4 } },
    { "a = +2", "a", AG_ROLE_INPUT, 0, 1, 1, { 2 } },
    { "a = − 2.5", "a", AG_ROLE_INPUT, 0, 1, 1, { -2.5 } },
    { "w = [1, 2, 3]", "w", AG_ROLE_INPUT, 1, 1, 3, { 1, 2, 3 } },
    { "w = [5]", "w", AG_ROLE_INPUT, 1, 1, 1, { 5 } },
    { "w = [1, -2,]", "w", AG_ROLE_INPUT, 1, 1, 2, { 1, -2 } },
    { "W = [[1, 2], [3, 4]]", "W", AG_ROLE_INPUT, 2, 2, 2, { 1, 2, 3, 4 } },
    { "W = [[1], [2]]", "W", AG_ROLE_INPUT, 2, 2, 1, { 1, 2 } },
    { "W = [[1, 2, 3]]", "W", AG_ROLE_INPUT, 2, 1, 3, { 1, 2, 3 } },
    { "param w = [0.1, -0.2]", "w", AG_ROLE_PARAM, 1, 1, 2, { 0.1, -0.2 } },
    { "param b = 0", "b", AG_ROLE_PARAM, 0, 1, 1, { 0 } },
    { "data X = [[1, 2], [3, 4]]", "X", AG_ROLE_DATA, 2, 2, 2, { 1, 2, 3, 4 } },
    { "param = 3", "param", AG_ROLE_INPUT, 0, 1, 1, { 3 } },
    { "data = [1]", "data", AG_ROLE_INPUT, 1, 1, 1, { 1 } },
    { "n = [.5, 5., 1e-3, 2E+5]", "n", AG_ROLE_INPUT, 1, 1, 4, { 0.5, 5, 1e-3, 2e5 } },
    { "tiny = 1e-999", "tiny", AG_ROLE_INPUT, 0, 1, 1, { 0 } },
    { "W = [[1, 2],\n     [3, 4]]  # rows on two lines", "W", AG_ROLE_INPUT, 2, 2, 2,
      { 1, 2, 3, 4 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AgGraph) g = parse_ok (cases[i].program);
      const AgNode *n;

      g_test_message ("%s", cases[i].program);
      g_assert_cmpuint (ag_graph_n_nodes (g), ==, 1);
      g_assert_cmpuint (g->output, ==, 0);
      n = ag_graph_node (g, 0);
      g_assert_cmpint (n->op, ==, AG_OP_LEAF);
      g_assert_cmpint (n->role, ==, cases[i].role);
      g_assert_cmpstr (n->name, ==, cases[i].name);
      g_assert_cmpuint (n->shape.ndim, ==, cases[i].ndim);
      g_assert_cmpuint (n->shape.rows, ==, cases[i].rows);
      g_assert_cmpuint (n->shape.cols, ==, cases[i].cols);
      assert_values (g, 0, cases[i].values, cases[i].rows * cases[i].cols);
      g_assert_cmpuint (ag_graph_lookup (g, cases[i].name), ==, 0);
    }
}

/* Numbers inside an expression are constants, labelled with their text. */
static void
test_constants (void)
{
  g_autoptr (AgGraph) g = parse_ok ("x = 2; y = x * -2 + 3 * [1, 2]");
  const AgNode *n;

  /* x, -2, x * -2, 3, [1, 2], 3 * [1, 2], the sum */
  g_assert_cmpuint (ag_graph_n_nodes (g), ==, 7);
  n = ag_graph_node (g, 1);
  g_assert_cmpint (n->role, ==, AG_ROLE_CONST);
  g_assert_cmpstr (n->label, ==, "-2");
  g_assert_cmpfloat (ag_graph_value (g, 1)[0], ==, -2);
  g_assert_cmpuint (n->col, ==, 16);
  g_assert_cmpuint (n->len, ==, 2);
  g_assert_cmpint (ag_graph_node (g, 2)->op, ==, AG_OP_MUL);
  g_assert_cmpstr (ag_graph_node (g, 3)->label, ==, "3");
  n = ag_graph_node (g, 4);
  g_assert_cmpint (n->role, ==, AG_ROLE_CONST);
  g_assert_cmpstr (n->label, ==, "[1, 2]");
  g_assert_null (n->name);
  assert_shape (g, 4, ag_shape_vector (2));
  assert_values (g, g->output, (double[]) { -1, 2 }, 2);
  g_assert_cmpint (ag_graph_node (g, g->output)->role, ==, AG_ROLE_OUTPUT);

  /* A minus in front of anything but a bare number stays an op. */
  {
    g_autoptr (AgGraph) h = parse_ok ("y = -2^2");
    g_assert_cmpint (ag_graph_node (h, h->output)->op, ==, AG_OP_NEG);
    g_assert_cmpfloat (ag_graph_value (h, h->output)[0], ==, -4);
  }
}

/* Labels are the trimmed source text; spans point at it. */
static void
test_labels (void)
{
  g_autoptr (AgGraph) g = parse_ok ("x = 3\ny = 3*x^2  +  2\nz = sin( y )");
  const AgNode *pow_node = ag_graph_node (g, 3);   /* x, 3, 2, then x^2 */
  const AgNode *y = ag_graph_node (g, ag_graph_lookup (g, "y"));
  const AgNode *z = ag_graph_node (g, g->output);

  g_assert_cmpstr (ag_graph_node (g, 0)->label, ==, "3");
  g_assert_cmpuint (ag_graph_node (g, 0)->line, ==, 1);
  g_assert_cmpuint (ag_graph_node (g, 0)->col, ==, 5);
  g_assert_cmpstr (pow_node->label, ==, "x^2");
  g_assert_cmpuint (pow_node->line, ==, 2);
  g_assert_cmpuint (pow_node->col, ==, 7);
  g_assert_cmpuint (pow_node->len, ==, 3);
  g_assert_cmpstr (y->label, ==, "3*x^2 + 2");
  g_assert_cmpstr (y->name, ==, "y");
  g_assert_cmpuint (y->col, ==, 5);
  g_assert_cmpuint (y->len, ==, 11);
  g_assert_cmpstr (z->label, ==, "sin( y )");
  g_assert_cmpuint (z->line, ==, 3);
  g_assert_cmpuint (z->len, ==, 8);
  g_assert_cmpfloat_with_epsilon (ag_graph_value (g, g->output)[0], sin (29), 1e-15);

  /* Parentheses belong to the text of the expression around them. */
  {
    g_autoptr (AgGraph) h = parse_ok ("a = 1; b = 2; c = (a + b) * a");
    g_assert_cmpstr (ag_graph_node (h, 2)->label, ==, "a + b");
    g_assert_cmpstr (ag_graph_node (h, 3)->label, ==, "(a + b) * a");
  }
}

static void
test_precedence (void)
{
  static const struct { const char *program; double value; } cases[] = {
    { "x = 2; y = -x^2", -4 },
    { "y = 2^3^2", 512 },
    { "y = (2^3)^2", 64 },
    { "y = 2 - 3 - 4", -5 },
    { "y = 12 / 2 / 3", 2 },
    { "y = 1 + 2 * 3", 7 },
    { "y = (1 + 2) * 3", 9 },
    { "y = 2 * 3^2", 18 },
    { "x = 2; y = x^-1", 0.5 },
    { "x = 2; y = 2^-x^2", 1.0 / 16 },
    { "y = -2^2", -4 },
    { "y = (-2)^2", 4 },
    { "x = 3; y = --x", 3 },
    { "x = 3; y = -+-x", 3 },
    { "x = 3; y = 1 - -x", 4 },
    { "y = -3 * 2", -6 },
    { "x = 4; y = -x / 2", -2 },
    { "y = 2 × 3 ÷ 4 − 1", 0.5 },
    { "y = 2 · 3", 6 },
    { "x = 4; y = sqrt(x) + exp(0) * 2", 4 },
    { "a = [1, 2]; y = sum(a * 2 + 1)", 8 },
    { "a = [1, 2]; y = a @ a", 5 },
    { "W = [[1, 2], [3, 4]]; y = W[1][0] - W[0, 1]", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AgGraph) g = parse_ok (cases[i].program);
      g_test_message ("%s", cases[i].program);
      g_assert_cmpuint (ag_graph_node (g, g->output)->size, ==, 1);
      g_assert_cmpfloat_with_epsilon (ag_graph_value (g, g->output)[0], cases[i].value, 1e-12);
    }
}

/* A name assigned again shadows the old node; `y = x` is another name for x's node. */
static void
test_shadowing (void)
{
  g_autoptr (AgGraph) g = parse_ok ("c = 1; c = c + 1; c = c * 3");
  g_autoptr (AgGraph) alias = parse_ok ("x = 3; y = x; z = y + 1; y = z");

  g_assert_cmpfloat (ag_graph_value (g, g->output)[0], ==, 6);
  g_assert_cmpuint (ag_graph_lookup (g, "c"), ==, g->output);
  g_assert_cmpint (ag_graph_node (g, g->output)->op, ==, AG_OP_MUL);
  g_assert_cmpuint (ag_graph_n_nodes (g), ==, 5);

  /* y = x keeps the name x on the leaf; the output is the last assignment, z's node. */
  g_assert_cmpuint (ag_graph_n_nodes (alias), ==, 3);
  g_assert_cmpstr (ag_graph_node (alias, 0)->name, ==, "x");
  g_assert_cmpstr (ag_graph_node (alias, alias->output)->name, ==, "z");
  g_assert_cmpstr (ag_graph_node (alias, alias->output)->label, ==, "y + 1");
  g_assert_cmpfloat (ag_graph_value (alias, alias->output)[0], ==, 4);
}

static void
test_alias_output (void)
{
  g_autoptr (AgGraph) g = parse_ok ("x = 3; y = x");

  g_assert_cmpuint (g->output, ==, 0);
  g_assert_cmpstr (ag_graph_node (g, 0)->name, ==, "x");
  g_assert_cmpuint (ag_graph_lookup (g, "y"), ==, AG_NO_ID);
  g_assert_true (ag_graph_run (g, NULL, NULL));
  g_assert_cmpfloat (ag_graph_grad (g, 0)[0], ==, 1);
}

static void
test_broadcast (void)
{
  static const struct { const char *program; guint rows, cols; guint8 ndim; double values[6]; }
  cases[] = {
    { "x = [1, 2, 3]; y = x * 2", 1, 3, 1, { 2, 4, 6 } },
    { "x = [1, 2, 3]; y = 1 - x", 1, 3, 1, { 0, -1, -2 } },
    { "W = [[1, 2], [3, 4]]; b = [10, 20]; y = W + b", 2, 2, 2, { 11, 22, 13, 24 } },
    { "W = [[1, 2], [3, 4]]; y = W / 2", 2, 2, 2, { 0.5, 1, 1.5, 2 } },
    { "W = [[1, 2], [3, 4]]; x = [1, 1]; y = W @ x", 1, 2, 1, { 3, 7 } },
    { "W = [[1, 2], [3, 4]]; X = [[1, 0, 2], [0, 1, 3]]; y = W @ X", 2, 3, 2,
      { 1, 2, 8, 3, 4, 18 } },
    { "W = [[1, 2, 3], [4, 5, 6]]; y = transpose(W)", 3, 2, 2, { 1, 4, 2, 5, 3, 6 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AgGraph) g = parse_ok (cases[i].program);
      const AgNode *n = ag_graph_node (g, g->output);
      g_test_message ("%s", cases[i].program);
      g_assert_cmpuint (n->shape.ndim, ==, cases[i].ndim);
      g_assert_cmpuint (n->shape.rows, ==, cases[i].rows);
      g_assert_cmpuint (n->shape.cols, ==, cases[i].cols);
      assert_values (g, g->output, cases[i].values, cases[i].rows * cases[i].cols);
    }
}

static void
test_indexing (void)
{
  static const struct { const char *program; gint32 i, j; guint8 ndim; double values[3]; }
  cases[] = {
    { "x = [3, -1, 0, 1]; y = x[0]", 0, -1, 0, { 3 } },
    { "x = [3, -1, 0, 1]; y = x[-1]", 3, -1, 0, { 1 } },
    { "x = [3, -1, 0, 1]; y = x[-4]", 0, -1, 0, { 3 } },
    { "W = [[1, 2, 3], [4, 5, 6]]; y = W[1, 0]", 1, 0, 0, { 4 } },
    { "W = [[1, 2, 3], [4, 5, 6]]; y = W[-1, -1]", 1, 2, 0, { 6 } },
    { "W = [[1, 2, 3], [4, 5, 6]]; y = W[1]", 1, -1, 1, { 4, 5, 6 } },
    { "W = [[1, 2, 3], [4, 5, 6]]; y = W[-2]", 0, -1, 1, { 1, 2, 3 } },
    { "W = [[1, 2, 3], [4, 5, 6]]; y = W [ 0 , 2 ]", 0, 2, 0, { 3 } },
    { "y = [7, 8, 9][1]", 1, -1, 0, { 8 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AgGraph) g = parse_ok (cases[i].program);
      const AgNode *n = ag_graph_node (g, g->output);
      g_test_message ("%s", cases[i].program);
      g_assert_cmpint (n->op, ==, AG_OP_INDEX);
      g_assert_cmpint (n->attr[0], ==, cases[i].i);
      g_assert_cmpint (n->attr[1], ==, cases[i].j);
      g_assert_cmpuint (n->shape.ndim, ==, cases[i].ndim);
      assert_values (g, g->output, cases[i].values, n->size);
    }
}

static void
test_stack (void)
{
  g_autoptr (AgGraph) g = parse_ok ("a = 3; b = 1; y = [a - b, a^2, 7]");
  g_autoptr (AgGraph) m = parse_ok ("a = 3; b = 1; y = [[a, b], [1, 2]]");
  const AgNode *n = ag_graph_node (g, g->output);

  g_assert_cmpint (n->op, ==, AG_OP_STACK);
  g_assert_cmpuint (n->n_inputs, ==, 3);
  g_assert_cmpint (ag_graph_node (g, ag_graph_input (g, n, 2))->role, ==, AG_ROLE_CONST);
  g_assert_cmpstr (n->label, ==, "[a - b, a^2, 7]");
  assert_shape (g, g->output, ag_shape_vector (3));
  assert_values (g, g->output, (double[]) { 2, 9, 7 }, 3);

  /* A row of names is a stack; a row of numbers is one constant; together a 2×2 matrix. */
  n = ag_graph_node (m, m->output);
  g_assert_cmpint (n->op, ==, AG_OP_STACK);
  g_assert_cmpint (ag_graph_node (m, ag_graph_input (m, n, 0))->op, ==, AG_OP_STACK);
  g_assert_cmpint (ag_graph_node (m, ag_graph_input (m, n, 1))->role, ==, AG_ROLE_CONST);
  assert_shape (m, m->output, ag_shape_matrix (2, 2));
  assert_values (m, m->output, (double[]) { 3, 1, 1, 2 }, 4);
}

static void
test_comments (void)
{
  static const struct { const char *program; double value; } cases[] = {
    { "# header\nx = 3 # three\n\n; ;y = x + 1; # end", 4 },
    { "x = 1\r\ny = x + 1\r\n", 2 },
    { "\n\n   x = 1;;;y = x * 5\n\n# trailing comment without newline", 5 },
    { "x = 2\ny = (x +\n     1)  # the parenthesis continues the line\n", 3 },
    { "W = [[1, 2],  # first row\n     [3, 4]]\ny = sum(W)", 10 },
    { "x = 2\u00a0;\u00a0y = x\u00a0*\u00a03", 6 },   /* no-break spaces, pasted from slides */
    { "x = 1\ty = 2", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AgGraph) g = ag_program_parse (cases[i].program, -1, &error);

      g_test_message ("%s", cases[i].program);
      if (i == G_N_ELEMENTS (cases) - 1)
        {
          /* A tab is a blank, not a statement separator. */
          g_assert_error (error, AG_ERROR, AG_ERROR_SYNTAX);
          continue;
        }
      g_assert_no_error (error);
      ag_graph_forward (g, NULL);
      g_assert_cmpfloat (ag_graph_value (g, g->output)[0], ==, cases[i].value);
    }
}

/* Worked examples 14 and 15 of EXAMPLES.md, with PyTorch's numbers. */
static void
test_examples (void)
{
  const char *f = "f = (x[0] + 10*x[1])^2 + 5*(x[2] - x[3])^2 + (x[1] + 2*x[2])^4 + "
                  "10*(x[0] - x[3])^4";
  g_autofree char *ex14 = g_strdup_printf ("x = [3, -1, 0, 1]\n%s", f);
  g_autofree char *ex15 = g_strdup_printf ("z = [1, -1]\nx = [z[0] - z[1], z[0]^2, z[1]^2, "
                                           "z[0]^2 + z[0]*z[1]]\n%s", f);
  g_autoptr (AgGraph) g14 = ag_program_parse (ex14, -1, NULL);
  g_autoptr (AgGraph) g15 = ag_program_parse (ex15, -1, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (g14);
  g_assert_true (ag_graph_run (g14, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (ag_graph_value (g14, g14->output)[0], ==, 215);
  assert_values (g14, ag_graph_lookup (g14, "x"), (double[]) { 3, -1, 0, 1 }, 4);
  for (guint k = 0; k < 4; k++)
    g_assert_cmpfloat_with_epsilon (ag_graph_grad (g14, 0)[k],
                                    ((double[]) { 306, -144, -18, -310 })[k], 1e-9);

  g_assert_nonnull (g15);
  g_assert_true (ag_graph_run (g15, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (ag_graph_value (g15, g15->output)[0], ==, 390);
  assert_values (g15, ag_graph_lookup (g15, "x"), (double[]) { 2, 1, 1, 0 }, 4);
  for (guint k = 0; k < 4; k++)
    g_assert_cmpfloat_with_epsilon (ag_graph_grad (g15, ag_graph_lookup (g15, "x"))[k],
                                    ((double[]) { 344, 348, 226, -330 })[k], 1e-9);
  for (guint k = 0; k < 2; k++)
    g_assert_cmpfloat_with_epsilon (ag_graph_grad (g15, 0)[k], ((double[]) { 710, -1126 })[k],
                                    1e-9);
}

/* ---- errors ---------------------------------------------------------------------------- */

typedef struct {
  const char *program;
  AgErrorCode code;
  guint line, col, length;   /* length 0: not checked */
  const char *message;       /* a substring of the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  /* syntax */
  { "x = 3\ny = x +", AG_ERROR_SYNTAX, 2, 8, 1, "expected an expression after '+'" },
  { "y = 1 +\nz = 2", AG_ERROR_SYNTAX, 1, 8, 1, "expected an expression after '+'" },
  { "y = * 2", AG_ERROR_SYNTAX, 1, 5, 1, "expected an expression after '=', found '*'" },
  { "y =", AG_ERROR_SYNTAX, 1, 4, 1, "expected an expression after '='" },
  { "y = (1 + 2", AG_ERROR_SYNTAX, 1, 11, 1, "missing ')' to close the '(' at 1:5" },
  { "y = (1 + 2\nz = 3", AG_ERROR_SYNTAX, 2, 1, 1, "missing ')' to close the '(' at 1:5" },
  { "y = ()", AG_ERROR_SYNTAX, 1, 5, 2, "expected an expression inside '( )'" },
  { "x = 1; y = x)", AG_ERROR_SYNTAX, 1, 13, 1, "unexpected ')'" },
  { "x = 1\ny = x z", AG_ERROR_SYNTAX, 2, 7, 1, "unexpected 'z': expected an operator" },
  { "y = 1 2", AG_ERROR_SYNTAX, 1, 7, 1, "unexpected '2'" },
  { "x = 3 = 4", AG_ERROR_SYNTAX, 1, 7, 1, "unexpected '='" },
  { "x 3", AG_ERROR_SYNTAX, 1, 3, 1, "expected '=' after the name 'x'" },
  { "x", AG_ERROR_SYNTAX, 1, 2, 1, "expected '=' after the name 'x'" },
  { "3 = x", AG_ERROR_SYNTAX, 1, 1, 1, "a statement starts with a name" },
  { "param 3", AG_ERROR_SYNTAX, 1, 7, 1, "expected a name after 'param'" },
  { "x = 1 $", AG_ERROR_SYNTAX, 1, 7, 1, "unexpected character '$'" },
  { "x = 1 × 2 $", AG_ERROR_SYNTAX, 1, 11, 1, "unexpected character '$'" },
  { "x = 1\ny = x\t$", AG_ERROR_SYNTAX, 2, 7, 1, "unexpected character '$'" },
  { "é = 1", AG_ERROR_SYNTAX, 1, 1, 1, "unexpected character 'é'" },
  { "x = 1; y = x**2", AG_ERROR_SYNTAX, 1, 13, 2, "write x^2 for a power" },
  { "y = 2x", AG_ERROR_SYNTAX, 1, 6, 1, "write 2*x to multiply" },
  { "x = 1.2.3", AG_ERROR_SYNTAX, 1, 8, 1, "at most one '.'" },
  { "x = 2e", AG_ERROR_SYNTAX, 1, 6, 1, "the exponent after 'e' needs digits" },
  { "y = 1e999", AG_ERROR_SYNTAX, 1, 5, 5, "the number 1e999 is too large" },
  { "x = [1e999]", AG_ERROR_SYNTAX, 1, 6, 5, "too large" },
  { "y = sin(1", AG_ERROR_SYNTAX, 1, 10, 1, "missing ')' to close the '(' at 1:8" },
  { "y = sin(1 2)", AG_ERROR_SYNTAX, 1, 11, 1, "expected ',' or ')' between the arguments of sin" },
  { "y = sin(1, 2)", AG_ERROR_SYNTAX, 1, 5, 9, "sin takes 1 argument, got 2" },
  { "a = [1, 2]; y = dot(a)", AG_ERROR_SYNTAX, 1, 17, 6, "dot takes 2 arguments, got 1" },
  { "x = []", AG_ERROR_SYNTAX, 1, 5, 2, "an empty list" },
  { "x = [[1], []]", AG_ERROR_SYNTAX, 1, 11, 2, "an empty list" },
  { "x = 1; y = [x, []]", AG_ERROR_SYNTAX, 1, 16, 2, "an empty list" },
  { "x = [1, [2]]", AG_ERROR_SYNTAX, 1, 9, 1, "mixes numbers and lists" },
  { "x = [1 2]", AG_ERROR_SYNTAX, 1, 8, 1, "expected ',' or ']'" },
  { "x = [1, 2; 3]", AG_ERROR_SYNTAX, 1, 10, 1, "missing ']' to close the '[' at 1:5" },
  { "x = [1, 2]; y = x[0", AG_ERROR_SYNTAX, 1, 20, 1, "missing ']' to close the '[' at 1:18" },
  { "x = [1, 2]; y = x[i]", AG_ERROR_SYNTAX, 1, 19, 1, "an index must be a whole number" },
  { "x = [1, 2]; y = x[0.5]", AG_ERROR_SYNTAX, 1, 19, 3, "an index must be a whole number" },
  { "x = [1, 2]; y = x[]", AG_ERROR_SYNTAX, 1, 18, 2, "expected an index inside '[ ]'" },
  { "W = [[1, 2]]; y = W[0, 0, 0]", AG_ERROR_SYNTAX, 1, 27, 1, "at most two indices" },
  { "x = 1; param w = x", AG_ERROR_SYNTAX, 1, 18, 1, "a parameter must be given a literal value" },
  { "x = 1; param w = [x, 2]", AG_ERROR_SYNTAX, 1, 18, 6, "e.g. `param w = [0.1, -0.2]`" },
  { "x = 1; data d = x + 1", AG_ERROR_SYNTAX, 1, 17, 5, "a data leaf must be given a literal" },
  { "", AG_ERROR_SYNTAX, 1, 1, 1, "the program is empty: write an assignment such as `x = 3`" },
  { "# only a comment\n\n;\n", AG_ERROR_SYNTAX, 1, 1, 1, "the program is empty" },
  /* names */
  { "y = sigmoyd(1)", AG_ERROR_NAME, 1, 5, 7, "unknown function 'sigmoyd'; did you mean 'sigmoid'?" },
  { "y = Sin(1)", AG_ERROR_NAME, 1, 5, 3, "did you mean 'sin'?" },
  { "y = ln(1)", AG_ERROR_NAME, 1, 5, 2, "unknown function 'ln'; did you mean 'log'?" },
  { "y = frobnicate(1)", AG_ERROR_NAME, 1, 5, 10, "unknown function 'frobnicate'" },
  { "y = add(1, 2)", AG_ERROR_NAME, 1, 5, 3, "there is no function 'add': write a + b" },
  { "x = 1; y = z", AG_ERROR_NAME, 1, 12, 1, "'z' is not defined" },
  { "x = 1; y = xx", AG_ERROR_NAME, 1, 12, 2, "'xx' is not defined; did you mean 'x'?" },
  { "alpha = 1; beta = 2; y = alpah", AG_ERROR_NAME, 1, 26, 5, "did you mean 'alpha'?" },
  { "c = c + 1", AG_ERROR_NAME, 1, 5, 1, "'c' is not defined" },
  { "x = 1; y = x(2)", AG_ERROR_NAME, 1, 12, 1, "'x' is a variable, not a function" },
  { "y = sin", AG_ERROR_NAME, 1, 5, 3, "'sin' is a function: call it with parentheses" },
  /* shapes, located at the expression that has them */
  { "a = [1, 2]; b = [1, 2, 3]; y = a + b", AG_ERROR_SHAPE, 1, 32, 5, "do not broadcast" },
  { "a = [1, 2]; y = dot(a, 3)", AG_ERROR_SHAPE, 1, 17, 9, "dot needs two vectors" },
  { "W = [[1, 2], [3, 4]]; x = [1, 2, 3]; y = W @ x", AG_ERROR_SHAPE, 1, 42, 5,
    "@ needs the inner sizes to match" },
  { "x = [1, 2]; y = [x, 3]", AG_ERROR_SHAPE, 1, 17, 6, "the elements of a list must have" },
  { "W = [[1, 2], [3]]", AG_ERROR_SHAPE, 1, 14, 3, "row 2 has 1 element, but row 1 has 2" },
  { "W = [[1, 2],\n     [3, 4, 5]]", AG_ERROR_SHAPE, 2, 6, 9, "row 2 has 3 elements, but row 1 has 2" },
  { "W = [[[1]]]", AG_ERROR_SHAPE, 1, 7, 1, "tensors have at most two dimensions" },
  { "x = [1, 2, 3]; y = x[5]", AG_ERROR_SHAPE, 1, 22, 1,
    "index 5 is out of range for x, which has 3 elements" },
  { "x = [1, 2, 3]; y = x[-4]", AG_ERROR_SHAPE, 1, 22, 2,
    "index -4 is out of range for x, which has 3 elements" },
  { "x = [1, 2, 3]; y = (x * 2)[3]", AG_ERROR_SHAPE, 1, 28, 1, "out of range for (x * 2)" },
  { "W = [[1, 2], [3, 4]]; y = W[2]", AG_ERROR_SHAPE, 1, 29, 1, "which has 2 rows" },
  { "W = [[1, 2], [3, 4]]; y = W[0, -3]", AG_ERROR_SHAPE, 1, 32, 2,
    "column index -3 is out of range for W, which has 2 columns" },
  { "x = 3; y = x[0]", AG_ERROR_SHAPE, 1, 13, 3, "x is a scalar and cannot be indexed" },
  { "x = [1, 2]; y = x[0, 1]", AG_ERROR_SHAPE, 1, 22, 1, "x is a vector: it takes one index" },  /* calls with an axis, keepdim or a list, as PyTorch writes them */
  { "x = [1, 2]; y = sum(x, 1)", AG_ERROR_SHAPE, 1, 24, 1,
    "axis 1 is out of range: x has one axis, 0 (or -1)" },
  { "W = [[1, 2], [3, 4]]; y = mean(W, -3)", AG_ERROR_SHAPE, 1, 35, 2,
    "axis -3 is out of range: W has 2 axes, 0 to 1 (or -2 to -1)" },
  { "x = [1, 2]; y = sum(x, n)", AG_ERROR_SYNTAX, 1, 24, 1,
    "the axis of sum must be a whole number written in the program, e.g. sum(x, 1), not 'n'" },
  { "x = [1, 2]; y = sum(x, 0.5)", AG_ERROR_SYNTAX, 1, 24, 3,
    "not '0.5'" },
  { "x = [1, 2]; y = sum(x, 0, yes)", AG_ERROR_SYNTAX, 1, 27, 3,
    "keepdim is True or False, not 'yes'" },
  { "x = [1, 2]; y = sum(x, keepdim=True)", AG_ERROR_SYNTAX, 1, 32, 4,
    "keepdim needs an axis, e.g. sum(x, 0, keepdim=True)" },
  { "x = [1, 2]; y = sum(x, foo=1)", AG_ERROR_SYNTAX, 1, 24, 3,
    "sum has no argument 'foo': it takes dim (or axis) and keepdim" },
  { "x = [1, 2]; y = softmax(x, 0, True)", AG_ERROR_SYNTAX, 1, 31, 4,
    "too many arguments: write softmax(x) or softmax(x, dim)" },
  { "x = [1, 2]; y = softmax(x, keepdim=True)", AG_ERROR_SYNTAX, 1, 36, 4,
    "softmax takes no keepdim" },
  { "x = [1, 2]; y = sum(x, dim=0, True)", AG_ERROR_SYNTAX, 1, 31, 4,
    "an argument without a name cannot follow one with a name" },
  { "x = [1, 2]; y = cat(x, x)", AG_ERROR_SYNTAX, 1, 21, 1,
    "cat takes its tensors in a list, as in PyTorch: cat([a, b]) or cat([a, b], 1)" },
  { "y = cat([])", AG_ERROR_SYNTAX, 1, 9, 2,
    "cat needs at least one tensor in its list" },
  { "a = 1; b = 2; y = cat([a, b])", AG_ERROR_SHAPE, 1, 19, 11,
    "cat joins vectors or matrices, but element 1 is a scalar" },
  { "A = [[1, 2]]; B = [[1, 2, 3]]; y = cat([A, B])", AG_ERROR_SHAPE, 1, 36, 11,
    "cat along axis 0 needs the same number of columns: element 1 is [1, 2], element 2 is [1, 3]" },
  { "a = [1, 2]; y = stack([a, a], 2)", AG_ERROR_SHAPE, 1, 31, 1,
    "axis 2 is out of range: the stack of [a, a] has 2 axes, 0 to 1 (or -2 to -1)" },
  { "a = [1, 2]; y = max(a, 1.5)", AG_ERROR_SYNTAX, 1, 24, 3,
    "the axis of max must be a whole number" },
  { "x = [1, 2]; y = max(x, 0, True, 1)", AG_ERROR_SYNTAX, 1, 33, 1,
    "too many arguments: write max(x), max(x, dim) or max(x, dim, keepdim)" },
  { "x = [1, 2]; y = max(x, x, True)", AG_ERROR_SYNTAX, 1, 27, 4,
    "too many arguments: write max(a, b) or maximum(a, b)" },
  { "a = [1, 2]; y = cat([a, a]", AG_ERROR_SYNTAX, 1, 27, 1,
    "missing ')' to close the '(' at 1:20" },
  { "a = [1, 2]; y = cat([a, a)", AG_ERROR_SYNTAX, 1, 26, 1,
    "expected ',' or ']' between the tensors of cat, found ')'" },
  { "x = [1, 2]; y = max(x, x, dim=0)", AG_ERROR_SYNTAX, 1, 31, 1,
    "max(a, b) is maximum(a, b), element by element: it takes no axis or keepdim" },
  { "y = sum()", AG_ERROR_SYNTAX, 1, 5, 5,
    "sum takes a tensor: write sum(x), sum(x, dim) or sum(x, dim, keepdim)" },
  { "A = [[1, 2], [3, 4]]; y = stack([A, A])", AG_ERROR_SHAPE, 1, 27, 13,
    "to join matrices use cat([A, B], 0)" },
};

static void
test_errors (gconstpointer data)
{
  const ErrorCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse (c->program, -1, &error);
  guint line = 0, col = 0, length = 0;

  g_test_message ("%s", c->program);
  g_assert_null (g);
  g_assert_error (error, AG_ERROR, (gint) c->code);
  g_assert_true (ag_error_get_location (error, &line, &col, &length));
  g_assert_nonnull (strstr (error->message, c->message));
  g_assert_cmpuint (line, ==, c->line);
  g_assert_cmpuint (col, ==, c->col);
  if (c->length)
    g_assert_cmpuint (length, ==, c->length);
}

/* Text that is not UTF-8, or holds a NUL, is refused where it goes wrong. */
static void
test_encoding (void)
{
  static const struct { const char *text; gssize length; guint line, col; const char *message; }
  cases[] = {
    { "x = 1 # caf\xff\ny = 2", -1, 1, 12, "not valid UTF-8" },
    { "x = 1\ny = 2 # \xc3\xa9\xff", -1, 2, 10, "not valid UTF-8" },
    { "x = 1\ny = \xc3", -1, 2, 5, "not valid UTF-8" },
    { "x = 1\0y = 2", 11, 1, 6, "NUL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AgGraph) g = ag_program_parse (cases[i].text, cases[i].length, &error);
      guint line, col;

      g_assert_null (g);
      g_assert_error (error, AG_ERROR, AG_ERROR_SYNTAX);
      g_assert_true (ag_error_get_location (error, &line, &col, NULL));
      g_assert_cmpuint (line, ==, cases[i].line);
      g_assert_cmpuint (col, ==, cases[i].col);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }

  /* An explicit length ends the text; what lies after it is never read. */
  {
    g_autoptr (AgGraph) g = ag_program_parse ("x = 12 garbage", 6, NULL);
    g_assert_nonnull (g);
    g_assert_cmpfloat (ag_graph_value (g, 0)[0], ==, 12);
  }
}

static char *
format (const char *program)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse (program, -1, &error);

  g_assert_null (g);
  g_assert_nonnull (error);
  return ag_program_format_error (error, "<program>", program);
}

static void
test_format_error (void)
{
  static const struct { const char *program, *expected; } cases[] = {
    { "x = 3\ny = x +",
      "<program>:2:8: error: expected an expression after '+'\n"
      "  2 | y = x +\n"
      "    |        ^" },
    { "y = sigmoyd(1)",
      "<program>:1:5: error: unknown function 'sigmoyd'; did you mean 'sigmoid'?\n"
      "  1 | y = sigmoyd(1)\n"
      "    |     ^~~~~~~" },
    /* Tabs are copied into the caret line so it lines up with any tab width. */
    { "x = 1\n\ty =\tx +",
      "<program>:2:9: error: expected an expression after '+'\n"
      "  2 | \ty =\tx +\n"
      "    | \t   \t   ^" },
    /* Columns count characters: × is two bytes but one column. */
    { "x = 1 × 2 $",
      "<program>:1:11: error: unexpected character '$'\n"
      "  1 | x = 1 × 2 $\n"
      "    |           ^" },
    { "\n\n\n\n\n\n\n\n\nx = 1 +\r\n",
      "<program>:10:8: error: expected an expression after '+'\n"
      "  10 | x = 1 +\n"
      "     |        ^" },
    /* A span running past its line is underlined to the end of the line. */
    { "a = [1, 2]; b = [1, 2, 3]\ny = (a +\n b)",
      "<program>:2:6: error: shapes [2] and [3] do not broadcast: sizes must match, or one side "
      "must be a scalar or a row as long as the matrix is wide\n"
      "  2 | y = (a +\n"
      "    |      ^~~" },
    /* Bytes that are not UTF-8 are shown as U+FFFD and keep their column. */
    { "x = 1 # \xff",
      "<program>:1:9: error: the text is not valid UTF-8 here (byte 8): save the program as "
      "UTF-8\n"
      "  1 | x = 1 # \xef\xbf\xbd\n"
      "    |         ^" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = format (cases[i].program);
      g_assert_cmpstr (text, ==, cases[i].expected);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }

  /* Without the text, only the first line; without a location, no line and column. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GError) io = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT, "no file");
    g_autoptr (GError) plain = g_error_new_literal (AG_ERROR, AG_ERROR_LIMIT, "too big");
    g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL;

    g_assert_null (ag_program_parse ("y = (", -1, &error));
    t1 = ag_program_format_error (error, "lesson.adjoint", NULL);
    g_assert_cmpstr (t1, ==, "lesson.adjoint:1:6: error: expected an expression after '('");
    t2 = ag_program_format_error (io, "lesson.adjoint", "x = 1");
    g_assert_cmpstr (t2, ==, "lesson.adjoint: error: no file");
    t3 = ag_program_format_error (plain, NULL, "x = 1");
    g_assert_cmpstr (t3, ==, "<program>: error: too big");
    /* A location past the end of the text (the text changed since) gives no excerpt. */
    t4 = ag_program_format_error (error, "<program>", "");
    g_assert_cmpstr (t4, ==, "<program>:1:6: error: expected an expression after '('\n"
                             "  1 | \n"
                             "    |      ^");
  }
}

/* ---- bounds ---------------------------------------------------------------------------- */

static void
assert_limit (const char *text, guint col)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = NULL;
  guint line, c;
  double seconds;

  g_test_timer_start ();
  g = ag_program_parse (text, -1, &error);
  seconds = g_test_timer_elapsed ();
  g_assert_null (g);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "expression nested too deeply (more than 200 levels)");
  g_assert_true (ag_error_get_location (error, &line, &c, NULL));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (c, ==, col);
  g_assert_cmpfloat (seconds, <, 2.0);
}

static void
test_nesting (void)
{
  const guint n = 100000;
  GString *s = g_string_new ("y = ");
  g_autofree char *parens = NULL, *minus = NULL, *brackets = NULL, *calls = NULL;
  g_autofree char *ok = NULL, *over = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_c (s, '(');
  parens = g_strdup (s->str);
  g_string_truncate (s, 4);
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, '-');
  g_string_append (s, "1");
  minus = g_strdup (s->str);
  g_string_truncate (s, 4);
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, '[');
  brackets = g_strdup (s->str);
  g_string_truncate (s, 4);
  for (guint i = 0; i < n / 4; i++)
    g_string_append (s, "exp(");
  calls = g_string_free (s, FALSE);

  /* The 201st level is refused where it opens. */
  assert_limit (parens, 4 + 201);
  assert_limit (minus, 4 + 201);
  assert_limit (brackets, 4 + 201);
  assert_limit (calls, 4 + 4 * 200 + 4);

  /* 200 levels are fine. */
  {
    g_autofree char *open200 = g_strnfill (200, '('), *close200 = g_strnfill (200, ')');
    g_autofree char *open201 = g_strnfill (201, '('), *close201 = g_strnfill (201, ')');
    ok = g_strdup_printf ("y = %s1%s", open200, close200);
    over = g_strdup_printf ("y = %s1%s", open201, close201);
  }
  {
    g_autoptr (AgGraph) g = parse_ok (ok);
    g_autoptr (AgGraph) h = ag_program_parse (over, -1, NULL);
    g_assert_cmpfloat (ag_graph_value (g, g->output)[0], ==, 1);
    g_assert_null (h);
  }
}

/* A name of three characters for @i: 52 × 63 × 63 of them. */
static void
append_name (GString *s, guint i)
{
  static const char first[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static const char rest[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

  g_string_append_c (s, first[i / (63 * 63)]);
  g_string_append_c (s, rest[(i / 63) % 63]);
  g_string_append_c (s, rest[i % 63]);
}

/* 100,000 chained statements, x1 = x0 + 1 and so on, parse and evaluate. The names have three
 * characters so the program (one million bytes) fits under AG_MAX_PROGRAM_BYTES. */
static void
test_long_chain (void)
{
  const guint n = 100000;
  GString *s = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = NULL;

  append_name (s, 0);
  g_string_append (s, "=1\n");
  for (guint i = 1; i < n; i++)
    {
      append_name (s, i);
      g_string_append_c (s, '=');
      append_name (s, i - 1);
      g_string_append (s, "+1\n");
    }
  g_assert_cmpuint (s->len, <=, AG_MAX_PROGRAM_BYTES);
  text = g_string_free (s, FALSE);
  g = ag_program_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_graph_n_nodes (g), ==, 1 + 2 * (n - 1));
  g_assert_true (ag_graph_run (g, NULL, &error));
  g_assert_cmpfloat (ag_graph_value (g, g->output)[0], ==, n);
  g_assert_cmpfloat (ag_graph_grad (g, 0)[0], ==, 1);
}

/* One long expression: the chain is a loop, and labels are cut to stay readable. */
static void
test_long_expression (void)
{
  const guint n = 100000;
  GString *s = g_string_new ("x = 1\ny = x");
  g_autofree char *text = NULL;
  g_autoptr (AgGraph) g = NULL;
  const char *label;

  for (guint i = 1; i < n; i++)
    g_string_append (s, " + x");
  text = g_string_free (s, FALSE);
  g = parse_ok (text);
  g_assert_cmpfloat (ag_graph_value (g, g->output)[0], ==, n);
  label = ag_graph_node (g, g->output)->label;
  g_assert_cmpuint (g_utf8_strlen (label, -1), ==, 80);
  g_assert_true (g_str_has_prefix (label, "x + x + x"));
  g_assert_true (g_str_has_suffix (label, "…"));
  g_assert_cmpuint (ag_graph_node (g, g->output)->len, ==, 4 * n - 3);
}

static void
test_size_limits (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_malloc (AG_MAX_PROGRAM_BYTES + 2);
  GString *outer = g_string_new ("a = [[1");
  g_autofree char *program = NULL;
  g_autoptr (AgGraph) g = NULL;
  guint line, col;

  /* Text past the bound is refused before it is read; text at the bound is fine. */
  memset (text, ' ', AG_MAX_PROGRAM_BYTES + 1);
  memcpy (text, "x = 1", 5);
  text[AG_MAX_PROGRAM_BYTES + 1] = '\0';
  g_assert_null (ag_program_parse (text, -1, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_assert_false (ag_error_get_location (error, NULL, NULL, NULL));
  g_clear_error (&error);
  text[AG_MAX_PROGRAM_BYTES] = '\0';
  g = ag_program_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ag_graph_value (g, 0)[0], ==, 1);
  g_clear_pointer (&g, ag_graph_free);

  /* The graph's bound on a tensor's elements comes back located at the expression: an outer
   * product of 2049 × 2049 is more than AG_MAX_ELEMENTS (4 Mi). */
  for (guint i = 1; i < 2049; i++)
    g_string_append (outer, ",1");
  g_string_append (outer, "]]\ny = transpose(a) @ a");
  program = g_string_free (outer, FALSE);
  g = ag_program_parse (program, -1, &error);
  g_assert_null (g);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_assert_true (ag_error_get_location (error, &line, &col, NULL));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (col, ==, 5);
}

/* Initialisers: shapes, the statistics of each rule, the seed, the batch rows and the errors. */
static AgGraph *
parse_init (const char *program, guint64 seed, guint32 rows)
{
  g_autoptr (GError) error = NULL;
  AgProgramOptions options = { seed, rows };
  AgGraph *g = ag_program_parse_with (program, -1, &options, &error);

  g_assert_no_error (error);
  return g;
}

static void
test_initialisers (void)
{
  const char *program = "param A = uniform(400, 100); param B = xavier(300, 100)\n"
                        "param C = he(200, 50); param z = zeros(7); data X = zeros(5, 2)\n"
                        "data o = ones(3); y = sum(A) + sum(B) + sum(C) + sum(z) + sum(X) + sum(o)";
  g_autoptr (AgGraph) g = parse_init (program, 42, 0);
  g_autoptr (AgGraph) same = parse_init (program, 42, 0);
  g_autoptr (AgGraph) other = parse_init (program, 43, 0);
  g_autoptr (AgGraph) batch = parse_init (program, 42, 64);
  const struct { const char *name; double bound, std; } rules[] = {
    { "A", 1 / sqrt (400), 1 / sqrt (400) / sqrt (3) },     /* U(-b, b) has std b/√3 */
    { "B", sqrt (6.0 / 400), sqrt (6.0 / 400) / sqrt (3) },
    { "C", INFINITY, sqrt (2.0 / 200) },
  };

  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      AgId id = ag_graph_lookup (g, rules[r].name);
      const AgNode *n = ag_graph_node (g, id);
      const double *v = ag_graph_value (g, id);
      double sum = 0, sq = 0;

      g_assert_cmpint (n->role, ==, AG_ROLE_PARAM);
      g_assert_cmpuint (n->shape.ndim, ==, 2);
      for (guint k = 0; k < n->size; k++)
        {
          g_assert_cmpfloat (fabs (v[k]), <=, rules[r].bound);
          sum += v[k];
          sq += v[k] * v[k];
        }
      const double mean = sum / n->size, std = sqrt (sq / n->size - mean * mean);
      g_assert_cmpfloat (fabs (mean), <, 0.05 * rules[r].std);
      g_assert_cmpfloat (fabs (std / rules[r].std - 1), <, 0.03);
      /* The same seed gives the same bits; another seed other numbers; the batch leaves
       * parameters alone. */
      g_assert_cmpmem (v, n->size * sizeof (double),
                       ag_graph_value (same, ag_graph_lookup (same, rules[r].name)), n->size * sizeof (double));
      g_assert_cmpmem (v, n->size * sizeof (double),
                       ag_graph_value (batch, ag_graph_lookup (batch, rules[r].name)), n->size * sizeof (double));
      g_assert_cmpfloat (v[0], !=, ag_graph_value (other, ag_graph_lookup (other, rules[r].name))[0]);
    }
  /* Each call draws its own stream: A and B do not start with the same numbers. */
  g_assert_cmpfloat (ag_graph_value (g, ag_graph_lookup (g, "A"))[0] * sqrt (400), !=,
                     ag_graph_value (g, ag_graph_lookup (g, "B"))[0] / sqrt (6.0 / 400));
  assert_shape (g, ag_graph_lookup (g, "z"), ag_shape_vector (7));
  assert_shape (g, ag_graph_lookup (g, "X"), ag_shape_matrix (5, 2));
  g_assert_cmpint (ag_graph_node (g, ag_graph_lookup (g, "X"))->role, ==, AG_ROLE_DATA);
  assert_shape (batch, ag_graph_lookup (batch, "X"), ag_shape_matrix (64, 2));
  assert_shape (batch, ag_graph_lookup (batch, "o"), ag_shape_vector (3));   /* ones: as written */
  assert_values (g, ag_graph_lookup (g, "o"), (const double[]) { 1, 1, 1 }, 3);
  g_assert_cmpstr (ag_graph_node (g, ag_graph_lookup (g, "C"))->label, ==, "he(200, 50)");
}

static void
test_initialiser_errors (void)
{
  static const struct { const char *program; guint col; gint code; const char *message; }
  cases[] = {
    { "w = zeros(3)", 5, AG_ERROR_SYNTAX, "makes a parameter or a data leaf" },
    { "param w = he(2, 3, 4)", 20, AG_ERROR_SHAPE, "one or two dimensions" },
    { "param w = he(2.5)", 14, AG_ERROR_SHAPE, "whole number" },
    { "param w = he(0)", 14, AG_ERROR_SHAPE, "whole number" },
    { "param w = he(-2)", 14, AG_ERROR_SYNTAX, "whole numbers" },
    { "param w = he(x)", 14, AG_ERROR_SYNTAX, "whole numbers" },
    { "param w = he()", 14, AG_ERROR_SYNTAX, "whole numbers" },
    { "param w = he(2 3)", 16, AG_ERROR_SYNTAX, "expected ',' or ')'" },
    { "param w = he(2) + 1", 17, AG_ERROR_SYNTAX, "on its own" },
    { "param w = he(4000000, 4000000)", 11, AG_ERROR_LIMIT, "at most" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AgGraph) g = ag_program_parse (cases[i].program, -1, &error);
      guint line, col;

      g_test_message ("%s", cases[i].program);
      g_assert_null (g);
      g_assert_error (error, AG_ERROR, cases[i].code);
      g_assert_true (ag_error_get_location (error, &line, &col, NULL));
      g_assert_cmpuint (line, ==, 1);
      g_assert_cmpuint (col, ==, cases[i].col);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/program/inputs", test_inputs);
  g_test_add_func ("/core/program/constants", test_constants);
  g_test_add_func ("/core/program/labels", test_labels);
  g_test_add_func ("/core/program/precedence", test_precedence);
  g_test_add_func ("/core/program/shadowing", test_shadowing);
  g_test_add_func ("/core/program/alias-output", test_alias_output);
  g_test_add_func ("/core/program/broadcast", test_broadcast);
  g_test_add_func ("/core/program/indexing", test_indexing);
  g_test_add_func ("/core/program/stack", test_stack);
  g_test_add_func ("/core/program/comments", test_comments);
  g_test_add_func ("/core/program/initialisers", test_initialisers);
  g_test_add_func ("/core/program/errors/initialisers", test_initialiser_errors);
  g_test_add_func ("/core/program/examples", test_examples);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/program/errors/%u", i);
      g_test_add_data_func (path, &error_cases[i], test_errors);
    }
  g_test_add_func ("/core/program/errors/encoding", test_encoding);
  g_test_add_func ("/core/program/format-error", test_format_error);
  g_test_add_func ("/core/program/limits/nesting", test_nesting);
  g_test_add_func ("/core/program/limits/long-chain", test_long_chain);
  g_test_add_func ("/core/program/limits/long-expression", test_long_expression);
  g_test_add_func ("/core/program/limits/size", test_size_limits);
  return g_test_run ();
}
