/* test-exercise.c: questions on a run's steps (issue 16): answers read and graded, the
 * automatic questions of a lesson, every hint ladder, authored questions in the file (read,
 * written, kept on their steps through edits) and the shipped lessons' own questions. */
#include "core/autograd.h"
#include "core/exercise.h"
#include "core/graph-file.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

#define LESSON_05 "x = 3\nz = x^2 + x\n"

typedef struct {
  AgGraph *graph;
  AgTrace *trace;
} Run;

static void
run_program (Run *r, const char *program)
{
  g_autoptr (GError) error = NULL;

  r->graph = ag_program_parse (program, -1, &error);
  g_assert_no_error (error);
  r->trace = ag_trace_new ();
  g_assert_true (ag_graph_run (r->graph, r->trace, &error));
}

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->graph, ag_graph_free);
  g_clear_pointer (&r->trace, ag_trace_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static AgGraphFile *
load_example (const char *name)
{
  g_autofree char *path = g_strconcat (g_getenv ("ADJOINT_EXAMPLES_DIR"), G_DIR_SEPARATOR_S,
                                       name, AG_FILE_EXTENSION, NULL);
  g_autoptr (GError) error = NULL;
  AgGraphFile *doc = ag_graph_file_load (path, &error);

  g_assert_no_error (error);
  return doc;
}

static const AgQuestion *
find_question (GPtrArray *quiz, const char *id)
{
  for (guint i = 0; i < quiz->len; i++)
    if (strcmp (((AgQuestion *) g_ptr_array_index (quiz, i))->id, id) == 0)
      return g_ptr_array_index (quiz, i);
  g_error ("no question %s", id);
}

/* ---- answers ----------------------------------------------------------------------------- */

static void
assert_answer (const char *text, double expected)
{
  g_autoptr (GError) error = NULL;
  double v = NAN;

  if (!ag_answer_parse (text, &v, &error))
    g_error ("'%s': %s", text, error->message);
  g_assert_cmpfloat (v, ==, expected);
}

static void
assert_not_answer (const char *text, const char *message_part)
{
  g_autoptr (GError) error = NULL;
  double v = 42;

  g_assert_false (ag_answer_parse (text, &v, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, message_part));
  g_assert_cmpfloat (v, ==, 42);    /* untouched */
}

static void
test_answer_parse (void)
{
  g_autofree char *long_text = g_strnfill (AG_ANSWER_MAX_BYTES + 1, '1');

  assert_answer ("7", 7);
  assert_answer (" 0.5 ", 0.5);
  assert_answer ("2*3", 6);
  assert_answer ("-1/4", -0.25);
  assert_answer ("-(1/4)", -0.25);
  assert_answer ("(1 - 0.25)^2", 0.5625);
  assert_answer ("2 + 3 * 4", 14);
  assert_answer ("--2", 2);
  assert_answer ("1e-3", 1e-3);
  assert_answer ("-0", 0);
  /* as the hints write numbers: a real minus, × and · */
  assert_answer ("\u22121.5", -1.5);
  assert_answer ("2\u00d73", 6);
  assert_answer ("0.5\u00b72", 1);
  assert_answer ("6\u00f74", 1.5);

  assert_not_answer ("abc", "'abc' is not a number or an arithmetic expression such as 2*3 or -1/4");
  assert_not_answer ("", "is not a number");
  assert_not_answer ("   ", "is not a number");
  assert_not_answer ("x", "is not a number");
  assert_not_answer ("e", "is not a number");        /* passes the character filter, not a name */
  assert_not_answer ("sin(1)", "is not a number");
  assert_not_answer ("[1, 2]", "is not a number");
  assert_not_answer ("2 3", "is not a number");
  assert_not_answer ("2*", "is not a number");
  assert_not_answer ("(1", "is not a number");
  assert_not_answer ("1; y = 2", "is not a number");
  assert_not_answer ("1\nz = 2", "is not a number");
  assert_not_answer ("1,5", "is not a number");
  assert_not_answer ("1/0", "'1/0' is not a finite number");
  assert_not_answer ("0/0", "is not a finite number");
  assert_not_answer (long_text, "at most 256 characters");
}

static void
test_answer_matches (void)
{
  const double o = tanh (0.8813735870195432);   /* 0.70710678…: the welcome lesson's o */

  g_assert_true (ag_answer_matches (0.7071, o));           /* 4 significant digits */
  g_assert_true (ag_answer_matches (0.70711, o));
  g_assert_true (ag_answer_matches (0.7072, o));           /* 1.3e-4 relative */
  g_assert_true (ag_answer_matches (0.7065, o));           /* 8.6e-4 relative */
  g_assert_false (ag_answer_matches (0.706, o));           /* 1.6e-3 relative */
  g_assert_false (ag_answer_matches (0.71, o));
  /* 1e-3 relative, on either side */
  g_assert_true (ag_answer_matches (1001, 1000));
  g_assert_true (ag_answer_matches (999, 1000));
  g_assert_false (ag_answer_matches (1001.5, 1000));
  g_assert_false (ag_answer_matches (998.9, 1000));
  /* 4 significant digits of a large number */
  g_assert_true (ag_answer_matches (12350, 12345.678));
  g_assert_true (ag_answer_matches (18750, 18750));
  /* zero is matched by zero alone, whatever its sign */
  g_assert_true (ag_answer_matches (0, 0));
  g_assert_true (ag_answer_matches (-0.0, 0));
  g_assert_true (ag_answer_matches (0, -0.0));
  g_assert_false (ag_answer_matches (1e-9, 0));
  g_assert_false (ag_answer_matches (0, 1e-9));
  /* negatives: the sign counts */
  g_assert_true (ag_answer_matches (-24, -24));
  g_assert_true (ag_answer_matches (-2.615, -2.6145744834544478));
  g_assert_false (ag_answer_matches (24, -24));
  g_assert_false (ag_answer_matches (2.6145744834544478, -2.6145744834544478));
  /* tiny numbers are held to their own digits */
  g_assert_true (ag_answer_matches (8.367e-10, 8.3671e-10));
  g_assert_false (ag_answer_matches (8.4e-10, 8.3671e-10));
  /* never a match against what is not a number */
  g_assert_false (ag_answer_matches (NAN, NAN));
  g_assert_false (ag_answer_matches (INFINITY, INFINITY));
  g_assert_false (ag_answer_matches (1, NAN));
}

static void
test_grade_first_wrong_step (void)
{
  AgQuestion q = { .kind = AG_QUESTION_FIRST_WRONG_STEP, .expected = 6 };
  AgQuestion v = { .kind = AG_QUESTION_VALUE, .expected = 6 };

  g_assert_true (ag_question_grade (&q, 6));
  g_assert_false (ag_question_grade (&q, 6.001));    /* a step number is exact */
  g_assert_false (ag_question_grade (&q, 5));
  g_assert_true (ag_question_grade (&v, 6.001));
}

static void
test_kind_names (void)
{
  static const char *const names[] = { "value", "local", "contribution", "grad", "first-wrong-step" };
  AgQuestionKind kind;

  for (guint k = 0; k < AG_N_QUESTION_KINDS; k++)
    {
      g_assert_cmpstr (ag_question_kind_to_string (k), ==, names[k]);
      g_assert_true (ag_question_kind_from_string (names[k], &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_true (ag_question_kind_is_authored (k) == (k != AG_QUESTION_FIRST_WRONG_STEP));
    }
  g_assert_false (ag_question_kind_from_string ("Value", &kind));
  g_assert_false (ag_question_kind_from_string ("adjoint", &kind));
}

/* ---- automatic questions ----------------------------------------------------------------- */

/* Lesson 05 (z = x² + x at x = 3): every value, every contribution, and x̄, the sum of two
 * paths, asked before its last contribution: trace steps 1 x², 2 z, 3 seed, 4 z→x²,
 * 5 z→x, 6 x²→x. */
static void
test_auto_lesson_05 (void)
{
  static const struct {
    const char *id;
    AgQuestionKind kind;
    guint step;
    const char *node, *from, *to;
    double expected;
  } expected[] = {
    { "value:x^2", AG_QUESTION_VALUE, 0, "x^2", NULL, NULL, 9 },
    { "value:z", AG_QUESTION_VALUE, 1, "z", NULL, NULL, 12 },
    { "contribution:z->x^2", AG_QUESTION_CONTRIBUTION, 3, NULL, "z", "x^2", 1 },
    { "contribution:z->x", AG_QUESTION_CONTRIBUTION, 4, NULL, "z", "x", 1 },
    { "contribution:x^2->x", AG_QUESTION_CONTRIBUTION, 5, NULL, "x^2", "x", 6 },
    { "grad:x", AG_QUESTION_GRAD, 5, "x", NULL, NULL, 7 },
  };
  g_auto (Run) r = { 0 };
  g_autoptr (GPtrArray) quiz = NULL;

  run_program (&r, LESSON_05);
  quiz = ag_quiz_new_auto (r.trace, r.graph);
  g_assert_cmpuint (quiz->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < quiz->len; i++)
    {
      const AgQuestion *q = g_ptr_array_index (quiz, i);
      g_assert_cmpstr (q->id, ==, expected[i].id);
      g_assert_cmpint (q->kind, ==, expected[i].kind);
      g_assert_cmpuint (q->step, ==, expected[i].step);
      g_assert_cmpfloat (q->expected, ==, expected[i].expected);
      g_assert_false (q->authored);
      g_assert_cmpstr (q->node == AG_NO_ID ? NULL : ag_graph_display_name (r.graph, q->node), ==,
                       expected[i].node);
      g_assert_cmpstr (q->from == AG_NO_ID ? NULL : ag_graph_display_name (r.graph, q->from), ==,
                       expected[i].from);
      g_assert_cmpstr (q->to == AG_NO_ID ? NULL : ag_graph_display_name (r.graph, q->to), ==,
                       expected[i].to);
      g_assert_nonnull (q->reveal);
      g_assert_cmpuint (ag_question_n_hints (q), >=, 2);
    }
}

/* The welcome lesson: 5 values, 9 contributions, and the five leaves' gradients (no computed
 * node there adds two paths). Tensors are not asked: lesson 02's x is a vector. */
static void
test_auto_counts (void)
{
  g_autoptr (AgGraphFile) doc = load_example ("welcome");
  g_auto (Run) w = { 0 };
  g_auto (Run) v = { 0 };
  g_autoptr (GPtrArray) quiz = NULL;
  g_autoptr (GPtrArray) vector_quiz = NULL;
  guint counts[AG_N_QUESTION_KINDS] = { 0 };

  run_program (&w, doc->program);
  quiz = ag_quiz_new_auto (w.trace, w.graph);
  for (guint i = 0; i < quiz->len; i++)
    counts[((AgQuestion *) g_ptr_array_index (quiz, i))->kind]++;
  g_assert_cmpuint (counts[AG_QUESTION_VALUE], ==, 5);
  g_assert_cmpuint (counts[AG_QUESTION_CONTRIBUTION], ==, 9);
  g_assert_cmpuint (counts[AG_QUESTION_GRAD], ==, 5);
  g_assert_cmpuint (counts[AG_QUESTION_LOCAL], ==, 0);
  g_assert_cmpfloat (find_question (quiz, "grad:w1")->expected, ==, ag_graph_grad (w.graph, ag_graph_lookup (w.graph, "w1"))[0]);
  g_assert_cmpfloat_with_epsilon (find_question (quiz, "grad:x1")->expected, -1.5, 1e-12);
  g_assert_cmpuint (find_question (quiz, "grad:w1")->step, ==, 14);

  run_program (&v, "x = [0, 1, 2, 3]\ny = 2 * dot(x, x)\n");
  vector_quiz = ag_quiz_new_auto (v.trace, v.graph);
  /* values of dot(x, x) and y; the contribution y → dot(x, x); nothing sent to the vector x */
  g_assert_cmpuint (vector_quiz->len, ==, 3);
  g_assert_cmpstr (((AgQuestion *) g_ptr_array_index (vector_quiz, 2))->id, ==,
                   "contribution:y->dot(x, x)");
  g_assert_cmpfloat (((AgQuestion *) g_ptr_array_index (vector_quiz, 1))->expected, ==, 28);
}

/* ---- hint ladders ------------------------------------------------------------------------ */

static void
assert_ladder (const AgQuestion *q, const char *const *hints, const char *reveal)
{
  guint n = g_strv_length ((char **) hints);

  g_assert_cmpuint (ag_question_n_hints (q), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (q->hints[i], ==, hints[i]);
  g_assert_null (q->hints[n]);
  g_assert_cmpstr (q->reveal, ==, reveal);
}

static void
test_hints_value (void)
{
  g_autoptr (AgGraphFile) doc = load_example ("welcome");
  g_auto (Run) r = { 0 };
  g_autoptr (GPtrArray) quiz = NULL;
  static const char *const n_hints[] = {
    "n = (x1*w1 + x2*w2) + b: put in its inputs' values, x1*w1 + x2*w2 = −6 and b = 6.881.",
    "n = (−6) + 6.881", NULL,
  };
  static const char *const o_hints[] = {
    "o = tanh(n): put in its input's value, n = 0.8814.", "o = tanh(0.8814)", NULL,
  };

  run_program (&r, doc->program);
  quiz = ag_quiz_new_auto (r.trace, r.graph);
  g_assert_cmpstr (find_question (quiz, "value:n")->prompt, ==,
                   "Forward step 4 computes n = (x1*w1 + x2*w2) + b. What is n?");
  assert_ladder (find_question (quiz, "value:n"), n_hints, "n = (−6) + 6.881 = 0.8814");
  assert_ladder (find_question (quiz, "value:o"), o_hints, "o = tanh(0.8814) = 0.7071");
  /* an unnamed node is asked by its expression */
  g_assert_cmpstr (find_question (quiz, "value:x1*w1")->prompt, ==,
                   "Forward step 1 computes x1 * w1. What is its value?");
  g_assert_cmpstr (find_question (quiz, "value:x1*w1")->reveal, ==, "x1*w1 = 2 * (−3) = −6");
}

static void
test_hints_derivatives (void)
{
  g_auto (Run) r = { 0 };
  g_autoptr (GPtrArray) quiz = NULL;
  g_autofree char *why = NULL;
  g_autoptr (AgQuestion) local = NULL;
  static const char *const local_hints[] = {
    "The local derivative is ∂(x^2)/∂x, the derivative of x^2 with respect to x.",
    "∂(x^2)/∂x = 2x",
    "∂(x^2)/∂x = 2x at x = 3 (and x^2 = 9)", NULL,
  };
  static const char *const contribution_hints[] = {
    "It is grad(x^2) times the local derivative ∂(x^2)/∂x, the derivative of x^2 with respect to x.",
    "Chain rule: x̄ += grad(x^2)·∂(x^2)/∂x = grad(x^2)·(2x)",
    "grad(x^2) = 1 and ∂(x^2)/∂x = 6, so x̄ += 1·6", NULL,
  };
  static const char *const grad_hints[] = {
    "x̄ adds up the 2 contributions its paths send, from z and from x^2: each is ū times its "
    "local derivative.",
    "x̄ = z̄·∂z/∂x + grad(x^2)·∂(x^2)/∂x",
    "x̄ = 1·1 + 1·6", NULL,
  };

  run_program (&r, LESSON_05);
  quiz = ag_quiz_new_auto (r.trace, r.graph);
  local = ag_question_new_at (AG_QUESTION_LOCAL, r.trace, r.graph, 5, &why);
  g_assert_null (why);
  g_assert_cmpfloat (local->expected, ==, 6);
  g_assert_cmpstr (local->prompt, ==, "Backward step 6 goes along the edge x^2 → x. What is the "
                   "local derivative ∂(x^2)/∂x?");
  assert_ladder (local, local_hints, "∂(x^2)/∂x = 2x = 6");
  g_assert_cmpstr (find_question (quiz, "contribution:x^2->x")->prompt, ==,
                   "Backward step 6 sends grad(x^2)·∂(x^2)/∂x from x^2 to x. What does x̄ receive?");
  assert_ladder (find_question (quiz, "contribution:x^2->x"), contribution_hints,
                 "x̄ += grad(x^2)·∂(x^2)/∂x = 1·6 = 6");
  g_assert_cmpstr (find_question (quiz, "grad:x")->prompt, ==,
                   "What is x̄ = ∂z/∂x once the backward pass is done?");
  assert_ladder (find_question (quiz, "grad:x"), grad_hints,
                 "x̄ = z̄·∂z/∂x + grad(x^2)·∂(x^2)/∂x = 1·1 + 1·6 = 7");
}

/* Lesson 12's product: two variable inputs ("the other held fixed"), negatives in
 * parentheses; the output's own adjoint, asked at its seed. */
static void
test_hints_product_and_seed (void)
{
  g_auto (Run) r = { 0 };
  g_autoptr (AgQuestion) contribution = NULL;
  g_autoptr (AgQuestion) seed = NULL;
  g_autoptr (AgQuestion) grad_a = NULL;
  static const char *const contribution_hints[] = {
    "It is t̅1̅ times the local derivative ∂t1/∂a, the derivative of t1 = a * b with respect to "
    "a, the other input held fixed.",
    "Chain rule: ā += t̅1̅·∂t1/∂a = t̅1̅·b",
    "t̅1̅ = 8 and ∂t1/∂a = −3, so ā += 8·(−3)", NULL,
  };
  static const char *const seed_hints[] = {
    "L is the output: how much does L change when L does?", "L̄ = ∂L/∂L", NULL,
  };
  static const char *const grad_hints[] = {
    "ā gets one contribution, from t1: t̅1̅ times the local derivative ∂t1/∂a.",
    "ā = t̅1̅·∂t1/∂a", "ā = 8·(−3)", NULL,
  };

  run_program (&r, "a = 2\nb = -3\nc = 10\nt1 = a * b\nt2 = t1 + c\nL = t2^2\n");
  /* steps: 1 t1, 2 t2, 3 L, 4 seed, 5 L→t2, 6 t2→t1, 7 t2→c, 8 t1→a, 9 t1→b */
  contribution = ag_question_new_at (AG_QUESTION_CONTRIBUTION, r.trace, r.graph, 7, NULL);
  assert_ladder (contribution, contribution_hints, "ā += t̅1̅·∂t1/∂a = 8·(−3) = −24");
  seed = ag_question_new_at (AG_QUESTION_GRAD, r.trace, r.graph, 3, NULL);
  g_assert_cmpfloat (seed->expected, ==, 1);
  assert_ladder (seed, seed_hints, "L̄ = ∂L/∂L = 1");
  grad_a = ag_question_new_at (AG_QUESTION_GRAD, r.trace, r.graph, 7, NULL);
  g_assert_cmpfloat (grad_a->expected, ==, -24);
  assert_ladder (grad_a, grad_hints, "ā = t̅1̅·∂t1/∂a = 8·(−3) = −24");
}

/* Numbers in hints are for people: 4 significant digits (ag_format_human). */
static void
test_hints_digits (void)
{
  g_auto (Run) r = { 0 };
  g_autoptr (AgQuestion) value = NULL;

  run_program (&r, "x = 2\ny = sin(x^2)\n");
  value = ag_question_new_at (AG_QUESTION_VALUE, r.trace, r.graph, 1, NULL);
  g_assert_cmpstr (value->hints[1], ==, "y = sin(4)");
  g_assert_cmpstr (value->reveal, ==, "y = sin(4) = −0.7568");
  g_assert_cmpfloat (value->expected, ==, sin (4.0));
}

/* A step that cannot ask a kind says why. */
static void
test_question_refused (void)
{
  g_auto (Run) r = { 0 };
  g_auto (Run) v = { 0 };
  char *why = NULL;

  run_program (&r, LESSON_05);
  g_assert_null (ag_question_new_at (AG_QUESTION_VALUE, r.trace, r.graph, 3, &why));
  g_assert_cmpstr (why, ==, "a value question goes on a forward step, and step 4 is a backward step");
  g_clear_pointer (&why, g_free);
  g_assert_null (ag_question_new_at (AG_QUESTION_LOCAL, r.trace, r.graph, 0, &why));
  g_assert_cmpstr (why, ==, "a local question goes on a backward step, and step 1 is a forward step");
  g_clear_pointer (&why, g_free);
  g_assert_null (ag_question_new_at (AG_QUESTION_GRAD, r.trace, r.graph, 1, &why));
  g_assert_nonnull (strstr (why, "a grad question goes on a backward or seed step"));
  g_clear_pointer (&why, g_free);

  run_program (&v, "x = [1, 2]\ny = sum(x^2)\n");
  /* steps: 1 x^2, 2 y, 3 seed, 4 y→x^2, 5 x^2→x */
  g_assert_null (ag_question_new_at (AG_QUESTION_VALUE, v.trace, v.graph, 0, &why));
  g_assert_cmpstr (why, ==, "x^2 is not a scalar: a student answers one number");
  g_clear_pointer (&why, g_free);
  g_assert_null (ag_question_new_at (AG_QUESTION_CONTRIBUTION, v.trace, v.graph, 4, &why));
  g_assert_cmpstr (why, ==, "step 5 carries a tensor (x^2 → x): a student answers one number");
  g_free (why);
}

/* ---- authored questions ------------------------------------------------------------------ */

#define AUTHORED_05                                                                           \
  "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 3\\nz = x^2 + x\\n\",\n" \
  " \"questions\": [\n"                                                                     \
  "  {\"kind\": \"grad\", \"step\": \"backward:x^2->x\", \"prompt\": \"What is x̄?\"},\n"     \
  "  {\"kind\": \"value\", \"step\": \"forward:x^2\"},\n"                                     \
  "  {\"kind\": \"local\", \"step\": \"backward:x^2->x\", \"prompt\": \"∂(x²)/∂x?\", \"x\": 1},\n" \
  "  {\"kind\": \"value\", \"step\": \"backward:z->x\"},\n"                                   \
  "  {\"kind\": \"contribution\", \"step\": \"backward:y->x\"}\n"                             \
  " ]}"

static void
test_authored (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_load_from_data (AUTHORED_05, strlen (AUTHORED_05), &error);
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) quiz = NULL;
  g_autoptr (GPtrArray) automatic = NULL;
  g_auto (Run) r = { 0 };
  const AgQuestion *q;

  g_assert_no_error (error);
  g_assert_cmpuint (doc->questions->len, ==, 5);
  run_program (&r, doc->program);
  quiz = ag_quiz_new (r.trace, r.graph, doc, FALSE, skipped);
  /* in step order; within step 6 as authored: the grad before the local */
  g_assert_cmpuint (quiz->len, ==, 3);
  q = g_ptr_array_index (quiz, 0);
  g_assert_cmpstr (q->id, ==, "value:x^2");
  g_assert_cmpstr (q->prompt, ==, "Forward step 1 computes x^2. What is its value?");
  g_assert_true (q->authored);
  q = g_ptr_array_index (quiz, 1);
  g_assert_cmpstr (q->id, ==, "grad:x");
  g_assert_cmpuint (q->step, ==, 5);
  g_assert_cmpstr (q->prompt, ==, "What is x̄?");
  g_assert_cmpfloat (q->expected, ==, 7);
  q = g_ptr_array_index (quiz, 2);
  g_assert_cmpstr (q->id, ==, "local:x^2->x");
  g_assert_cmpstr (q->prompt, ==, "∂(x²)/∂x?");
  g_assert_cmpfloat (q->expected, ==, 6);
  g_assert_cmpuint (skipped->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (skipped, 0), ==,
                   "question 4 (value at \"backward:z->x\") is not asked: a value question goes on "
                   "a forward step, and step 5 is a backward step");
  g_assert_cmpstr (g_ptr_array_index (skipped, 1), ==,
                   "question 5 (contribution at \"backward:y->x\") is not asked: its step is not in "
                   "this program (was its line deleted?)");
  /* --auto asks every question instead */
  automatic = ag_quiz_new (r.trace, r.graph, doc, TRUE, NULL);
  g_assert_cmpuint (automatic->len, ==, 6);
}

/* A line added above moves every step; the questions stay on theirs, by their anchors. */
static void
test_authored_follow_edits (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_load_from_data (AUTHORED_05, strlen (AUTHORED_05), &error);
  g_autoptr (GPtrArray) quiz = NULL;
  g_auto (Run) r = { 0 };
  const AgQuestion *q;

  g_assert_no_error (error);
  run_program (&r, "w = 5\nv = w * 2\nx = 3\nz = x^2 + x\n");
  quiz = ag_quiz_new_authored (r.trace, r.graph, doc, NULL);
  g_assert_cmpuint (quiz->len, ==, 3);
  q = g_ptr_array_index (quiz, 0);
  g_assert_cmpstr (q->id, ==, "value:x^2");
  g_assert_cmpuint (q->step, ==, 1);               /* was 0: v is computed first now */
  g_assert_cmpfloat (q->expected, ==, 9);
  q = g_ptr_array_index (quiz, 1);
  g_assert_cmpstr (q->id, ==, "grad:x");
  g_assert_cmpuint (q->step, ==, 6);               /* was 5 */
  g_assert_cmpfloat (q->expected, ==, 7);
}

/* The file round trip: read, written back byte for byte in the documented layout. */
static void
test_file_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
  g_autoptr (AgGraphFile) back = NULL;
  g_autofree char *data = NULL;
  g_autofree char *again = NULL;
  const AgFileQuestion *q;

  ag_graph_file_set_program (doc, LESSON_05);
  ag_graph_file_set_caption (doc, "start", "two paths");
  ag_graph_file_add_question (doc, "grad", "backward:x^2->x", "What is x̄ = ∂z/∂x?");
  ag_graph_file_add_question (doc, "value", "forward:z", NULL);
  data = ag_graph_file_to_data (doc, NULL);
  g_assert_cmpstr (data, ==,
                   "{\n"
                   "  \"format\": \"adjoint-graph\",\n"
                   "  \"version\": 1,\n"
                   "  \"program\": \"x = 3\\nz = x^2 + x\\n\",\n"
                   "  \"captions\": {\n"
                   "    \"start\": \"two paths\"\n"
                   "  },\n"
                   "  \"questions\": [\n"
                   "    {\n"
                   "      \"kind\": \"grad\",\n"
                   "      \"step\": \"backward:x^2->x\",\n"
                   "      \"prompt\": \"What is x̄ = ∂z/∂x?\"\n"
                   "    },\n"
                   "    {\n"
                   "      \"kind\": \"value\",\n"
                   "      \"step\": \"forward:z\"\n"
                   "    }\n"
                   "  ]\n"
                   "}\n");
  back = ag_graph_file_load_from_data (data, strlen (data), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->questions->len, ==, 2);
  q = g_ptr_array_index (back->questions, 0);
  g_assert_cmpstr (q->kind, ==, "grad");
  g_assert_cmpstr (q->step, ==, "backward:x^2->x");
  g_assert_cmpstr (q->prompt, ==, "What is x̄ = ∂z/∂x?");
  q = g_ptr_array_index (back->questions, 1);
  g_assert_null (q->prompt);
  again = ag_graph_file_to_data (back, NULL);
  g_assert_cmpstr (again, ==, data);
  /* removing: by index, nothing past the end; the last one gone, the member goes too */
  g_assert_false (ag_graph_file_remove_question (back, 2));
  g_assert_true (ag_graph_file_remove_question (back, 0));
  g_assert_cmpstr (((AgFileQuestion *) g_ptr_array_index (back->questions, 0))->step, ==, "forward:z");
  g_assert_true (ag_graph_file_remove_question (back, 0));
  g_clear_pointer (&again, g_free);
  again = ag_graph_file_to_data (back, NULL);
  g_assert_null (strstr (again, "questions"));
}

static void
assert_refused (const char *questions, int code, const char *message)
{
  g_autofree char *text = g_strdup_printf ("{\"format\": \"adjoint-graph\", \"version\": 1, "
                                           "\"program\": \"x = 1\", \"questions\": %s}", questions);
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_load_from_data (text, strlen (text), &error);

  g_assert_null (doc);
  g_assert_error (error, AG_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_file_errors (void)
{
  g_autofree char *long_prompt = g_strnfill (AG_MAX_PROMPT_BYTES + 1, 'a');
  g_autofree char *with_long = g_strdup_printf ("[{\"kind\": \"value\", \"step\": \"forward:y\", "
                                                "\"prompt\": \"%s\"}]", long_prompt);
  GString *many = g_string_new ("[");
  g_autofree char *many_text = NULL;

  assert_refused ("{}", AG_ERROR_FORMAT,
                  "\"questions\" must be a list of objects: {\"kind\", \"step\", \"prompt\"}");
  assert_refused ("[1]", AG_ERROR_FORMAT, "\"questions\"[0] must be an object");
  assert_refused ("[{\"step\": \"forward:y\"}]", AG_ERROR_FORMAT,
                  "\"questions\"[0].kind must be a string that is not empty");
  assert_refused ("[{\"kind\": \"value\"}]", AG_ERROR_FORMAT,
                  "\"questions\"[0].step must be a string that is not empty");
  assert_refused ("[{\"kind\": \"value\", \"step\": \"\"}]", AG_ERROR_FORMAT,
                  "\"questions\"[0].step must be a string that is not empty");
  assert_refused ("[{\"kind\": \"value\", \"step\": \"forward:y\"}, {\"kind\": \"adjoint\", "
                  "\"step\": \"forward:y\"}]", AG_ERROR_FORMAT,
                  "\"questions\"[1].kind must be \"value\", \"local\", \"contribution\" or \"grad\"");
  assert_refused ("[{\"kind\": \"first-wrong-step\", \"step\": \"forward:y\"}]", AG_ERROR_FORMAT,
                  "\"questions\"[0].kind must be \"value\", \"local\", \"contribution\" or \"grad\"");
  assert_refused ("[{\"kind\": \"value\", \"step\": \"forward:y\", \"prompt\": 3}]", AG_ERROR_FORMAT,
                  "\"questions\"[0].prompt must be a string that is not empty");
  assert_refused (with_long, AG_ERROR_LIMIT,
                  "\"questions\"[0].prompt is 4097 bytes long; it holds at most 4096");
  for (guint i = 0; i <= AG_MAX_QUESTIONS; i++)
    g_string_append (many, i ? ", {}" : "{}");
  g_string_append_c (many, ']');
  many_text = g_string_free (many, FALSE);
  assert_refused (many_text, AG_ERROR_LIMIT,
                  "\"questions\" has 10001 entries; a file holds at most 10000 questions");
  /* null is "not set" */
  {
    const char *text = "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 1\", "
                       "\"questions\": null}";
    g_autoptr (GError) error = NULL;
    g_autoptr (AgGraphFile) doc = ag_graph_file_load_from_data (text, strlen (text), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (doc->questions->len, ==, 0);
  }
}

/* ---- the shipped lessons' questions ------------------------------------------------------ */

typedef struct {
  const char *id;
  guint step;          /* 1-based, as `adjoint trace` numbers it */
  double expected;
} Expected;

static void
check_lesson (const char *name, const Expected *expected, guint n)
{
  g_autoptr (AgGraphFile) doc = load_example (name);
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) quiz = NULL;
  g_auto (Run) r = { 0 };

  run_program (&r, doc->program);
  quiz = ag_quiz_new (r.trace, r.graph, doc, FALSE, skipped);
  g_assert_cmpuint (skipped->len, ==, 0);
  g_assert_cmpuint (quiz->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const AgQuestion *q = g_ptr_array_index (quiz, i);
      g_assert_cmpstr (q->id, ==, expected[i].id);
      g_assert_cmpuint (q->step + 1, ==, expected[i].step);
      g_assert_true (q->authored);
      g_assert_cmpuint (strlen (q->prompt), >, 10);
      if (fabs (q->expected - expected[i].expected) > 1e-9 * fmax (1, fabs (expected[i].expected)))
        g_error ("%s %s: expected %.17g, the run gives %.17g", name, q->id, expected[i].expected,
                 q->expected);
      g_assert_true (ag_question_grade (q, expected[i].expected));
    }
}

/* The welcome neuron: n = 2·(−3) + 0·1 + 6.8813735870195432 = 0.8813735870195432 = atanh(1/√2),
 * o = tanh(n) = 1/√2, ∂o/∂n = 1 − o² = 0.5, w̄2 = n̄·x2 = 0, w̄1 = n̄·x1 = 0.5·2 = 1. */
static void
test_lesson_welcome (void)
{
  static const Expected expected[] = {
    { "value:n", 4, 0.8813735870195432 },
    { "value:o", 5, 0.7071067811865476 },
    { "local:o->n", 7, 0.5 },
    { "grad:w2", 13, 0 },
    { "grad:w1", 15, 1 },
  };

  check_lesson ("welcome", expected, G_N_ELEMENTS (expected));
}

/* Several paths add up: x̄ += 1 along z → x, ∂(x²)/∂x = 2x = 6, x̄ += 1·6, x̄ = 7. */
static void
test_lesson_05 (void)
{
  static const Expected expected[] = {
    { "contribution:z->x", 5, 1 },
    { "local:x^2->x", 6, 6 },
    { "contribution:x^2->x", 6, 6 },
    { "grad:x", 6, 7 },
  };

  check_lesson ("05-paths-add-up", expected, G_N_ELEMENTS (expected));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/exercise/answer/parse", test_answer_parse);
  g_test_add_func ("/core/exercise/answer/matches", test_answer_matches);
  g_test_add_func ("/core/exercise/answer/first-wrong-step", test_grade_first_wrong_step);
  g_test_add_func ("/core/exercise/kind-names", test_kind_names);
  g_test_add_func ("/core/exercise/auto/lesson-05", test_auto_lesson_05);
  g_test_add_func ("/core/exercise/auto/counts", test_auto_counts);
  g_test_add_func ("/core/exercise/hints/value", test_hints_value);
  g_test_add_func ("/core/exercise/hints/derivatives", test_hints_derivatives);
  g_test_add_func ("/core/exercise/hints/product-and-seed", test_hints_product_and_seed);
  g_test_add_func ("/core/exercise/hints/digits", test_hints_digits);
  g_test_add_func ("/core/exercise/refused", test_question_refused);
  g_test_add_func ("/core/exercise/authored", test_authored);
  g_test_add_func ("/core/exercise/authored/follow-edits", test_authored_follow_edits);
  g_test_add_func ("/core/exercise/file/round-trip", test_file_round_trip);
  g_test_add_func ("/core/exercise/file/errors", test_file_errors);
  g_test_add_func ("/core/exercise/lesson/welcome", test_lesson_welcome);
  g_test_add_func ("/core/exercise/lesson/05-paths-add-up", test_lesson_05);
  return g_test_run ();
}
