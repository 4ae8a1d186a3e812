/* test-cli-quiz.c: `adjoint quiz`, and `trace`/`check` with --bug (issue 16 item 5), run as a
 * grader runs them: the JSON, the text, exit codes, and never waiting for input. */
#define _GNU_SOURCE           /* posix_openpt and friends, for the test on a terminal */
#include "tests/app/cli-harness.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Standard input is always a pipe here, never a terminal: the verb must not wait for more
 * than it is given. */
#undef run
#define run(...) run_input ("", __VA_ARGS__)

static char *
example (const char *name)
{
  return g_strconcat (g_getenv ("ADJOINT_EXAMPLES_DIR"), G_DIR_SEPARATOR_S, name, ".adjoint", NULL);
}

static const char *
string_or_null (JsonObject *o, const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  g_assert_nonnull (n);
  return JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
}

/* `quiz --auto --json --answers` on lesson 05: the questions, the results (right, wrong with its
 * first hint, skipped) and the score, exactly as the shape says. */
static void
test_quiz_json (void)
{
  static const struct {
    const char *id, *kind, *node, *from, *to;
    gint64 step;
    double expected;
  } expected[] = {
    { "value:x^2", "value", "x^2", NULL, NULL, 1, 9 },
    { "value:z", "value", "z", NULL, NULL, 2, 12 },
    { "contribution:z->x^2", "contribution", NULL, "z", "x^2", 4, 1 },
    { "contribution:z->x", "contribution", NULL, "z", "x", 5, 1 },
    { "contribution:x^2->x", "contribution", NULL, "x^2", "x", 6, 6 },
    { "grad:x", "grad", "x", NULL, NULL, 6, 7 },
  };
  g_autofree char *file = example ("05-paths-add-up");
  g_auto (Run) r = run ("quiz", file, "--auto", "--json", "--answers", "9, 3*4, , -1, 2*3, 1+6", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *top, *score;
  JsonArray *questions, *results;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  root = parse_json (r.out);
  top = json_node_get_object (root);
  questions = json_object_get_array_member (top, "questions");
  results = json_object_get_array_member (top, "results");
  g_assert_cmpuint (json_array_get_length (questions), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *q = json_array_get_object_element (questions, i);
      JsonObject *res = json_array_get_object_element (results, i);

      g_assert_cmpuint (json_object_get_size (q), ==, 7);
      g_assert_cmpstr (json_object_get_string_member (q, "id"), ==, expected[i].id);
      g_assert_cmpint (json_object_get_int_member (q, "step"), ==, expected[i].step);
      g_assert_cmpstr (json_object_get_string_member (q, "kind"), ==, expected[i].kind);
      g_assert_cmpstr (string_or_null (q, "node"), ==, expected[i].node);
      g_assert_cmpstr (string_or_null (q, "from"), ==, expected[i].from);
      g_assert_cmpstr (string_or_null (q, "to"), ==, expected[i].to);
      g_assert_cmpuint (strlen (json_object_get_string_member (q, "prompt")), >, 10);
      g_assert_cmpuint (json_object_get_size (res), ==, 5);
      g_assert_cmpstr (json_object_get_string_member (res, "id"), ==, expected[i].id);
      g_assert_cmpfloat (json_object_get_double_member (res, "expected"), ==, expected[i].expected);
    }
  /* 1: right; 3: skipped; 4: wrong, with its first hint */
  {
    JsonObject *right = json_array_get_object_element (results, 1);
    JsonObject *skipped = json_array_get_object_element (results, 2);
    JsonObject *wrong = json_array_get_object_element (results, 3);

    g_assert_cmpfloat (json_object_get_double_member (right, "answer"), ==, 12);
    g_assert_true (json_object_get_boolean_member (right, "correct"));
    g_assert_null (string_or_null (right, "hint"));
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (skipped, "answer")));
    g_assert_false (json_object_get_boolean_member (skipped, "correct"));
    g_assert_null (string_or_null (skipped, "hint"));
    g_assert_cmpfloat (json_object_get_double_member (wrong, "answer"), ==, -1);
    g_assert_false (json_object_get_boolean_member (wrong, "correct"));
    g_assert_cmpstr (string_or_null (wrong, "hint"), ==,
                     "It is z̄ times the local derivative ∂z/∂x, the derivative of z = (x^2) + x "
                     "with respect to x, the other input held fixed.");
  }
  score = json_object_get_object_member (top, "score");
  g_assert_cmpint (json_object_get_int_member (score, "correct"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (score, "total"), ==, 6);
}

/* Without --answers there are no results; the lesson's own questions come without --auto. */
static void
test_quiz_authored (void)
{
  g_autofree char *file = example ("welcome");
  g_auto (Run) r = run ("quiz", file, "--json", NULL);
  g_auto (Run) text = run ("quiz", file, NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *top;
  JsonArray *questions;

  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  top = json_node_get_object (root);
  g_assert_false (json_object_has_member (top, "results"));
  questions = json_object_get_array_member (top, "questions");
  g_assert_cmpuint (json_array_get_length (questions), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (questions, 2), "id"),
                   ==, "local:o->n");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (top, "score"), "total"),
                   ==, 5);
  /* not a terminal: the list, and no waiting for the input it was given */
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, "1. [value, step 4] Before you press play"));
  g_assert_nonnull (strstr (text.out, "\n3. [local, step 7] "));
  g_assert_null (strstr (text.out, "score"));
}

static void
test_quiz_text_answers (void)
{
  g_autofree char *file = example ("05-paths-add-up");
  g_auto (Run) r = run ("quiz", file, "--answers", "1,6,6,6", NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "   1: right. x̄ += z̄·∂z/∂x = 1·1 = 1\n"));
  g_assert_nonnull (strstr (r.out, "   6: not quite. Hint: x̄ adds up the 2 contributions"));
  g_assert_true (g_str_has_suffix (r.out, "score: 3 of 4\n"));
}

/* Input on a pipe is never read: with answers waiting there, the verb lists and returns. */
static void
test_quiz_never_waits (void)
{
  g_auto (Run) r = run_input ("7\n7\n7\n", "quiz", "-e", "x = 3; z = x^2 + x", "--auto", NULL);
  g_auto (Run) j = run_input ("7\n", "quiz", "-e", "x = 3; z = x^2 + x", "--auto", "--json", NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "1. [value, step 1] Forward step 1 computes x^2."));
  g_assert_null (strstr (r.out, "right"));
  g_assert_cmpint (j.status, ==, 0);
  g_assert_true (g_str_has_prefix (j.out, "{\"questions\": ["));
}

/* What `quiz --auto` expects is what `eval --json` and `trace --json` report: every value and
 * contribution at its step, every final adjoint. On the welcome lesson and lesson 12. */
static void
check_against_eval_and_trace (const char *file)
{
  g_auto (Run) q = run ("quiz", file, "--auto", "--json", NULL);
  g_auto (Run) t = run ("trace", file, "--json", NULL);
  g_auto (Run) e = run ("eval", file, "--json", NULL);
  g_autoptr (JsonNode) qroot = parse_json (q.out);
  g_autoptr (JsonNode) troot = parse_json (t.out);
  g_autoptr (JsonNode) eroot = parse_json (e.out);
  JsonArray *questions = json_object_get_array_member (json_node_get_object (qroot), "questions");
  JsonArray *steps = json_object_get_array_member (json_node_get_object (troot), "steps");
  JsonArray *nodes = json_object_get_array_member (json_node_get_object (eroot), "nodes");
  GString *answers = g_string_new (NULL);
  g_autofree char *answer_list = NULL;
  guint n = json_array_get_length (questions);

  g_assert_cmpuint (n, >=, 5);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *qo = json_array_get_object_element (questions, i);
      const char *kind = json_object_get_string_member (qo, "kind");
      JsonObject *step = json_array_get_object_element (steps, json_object_get_int_member (qo, "step") - 1);
      double truth = NAN;

      if (strcmp (kind, "value") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (step, "node"), ==, string_or_null (qo, "node"));
          truth = json_object_get_double_member (step, "value");
        }
      else if (strcmp (kind, "contribution") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (step, "from"), ==, string_or_null (qo, "from"));
          g_assert_cmpstr (json_object_get_string_member (step, "to"), ==, string_or_null (qo, "to"));
          truth = json_object_get_double_member (step, "contribution");
        }
      else
        {
          g_assert_cmpstr (kind, ==, "grad");
          for (guint k = 0; k < json_array_get_length (nodes); k++)
            {
              JsonObject *node = json_array_get_object_element (nodes, k);
              if (g_strcmp0 (json_object_get_string_member (node, "name"), string_or_null (qo, "node")) == 0)
                truth = json_object_get_double_member (node, "grad");
            }
        }
      g_assert_false (isnan (truth));
      g_string_append_printf (answers, "%s%.17g", i ? "," : "", truth);
    }
  answer_list = g_string_free (answers, FALSE);
  {
    g_auto (Run) graded = run ("quiz", file, "--auto", "--json", "--answers", answer_list, NULL);
    g_autoptr (JsonNode) groot = parse_json (graded.out);
    JsonObject *score = json_object_get_object_member (json_node_get_object (groot), "score");

    g_assert_cmpint (graded.status, ==, 0);
    g_assert_cmpint (json_object_get_int_member (score, "correct"), ==, n);
    g_assert_cmpint (json_object_get_int_member (score, "total"), ==, n);
  }
}

static void
test_quiz_agrees (void)
{
  g_autofree char *welcome = example ("welcome");
  g_autofree char *lesson_12 = example ("12-product-plus-constant");
  g_autofree char *lesson_09 = example ("09-sin-of-square");

  check_against_eval_and_trace (welcome);
  check_against_eval_and_trace (lesson_12);
  check_against_eval_and_trace (lesson_09);
}

static void
test_quiz_bug (void)
{
  g_autofree char *file = example ("05-paths-add-up");
  g_auto (Run) r = run ("quiz", file, "--bug", "overwrite", "--json", "--answers", "5", NULL);
  g_auto (Run) right = run ("quiz", file, "--bug", "no-zero-grad", "--answers", "7", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *q, *res;

  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  q = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "questions"), 0);
  g_assert_cmpstr (json_object_get_string_member (q, "kind"), ==, "first-wrong-step");
  g_assert_cmpstr (json_object_get_string_member (q, "id"), ==, "first-wrong-step");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (q, "step")));
  res = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "results"), 0);
  g_assert_cmpfloat (json_object_get_double_member (res, "expected"), ==, 6);
  g_assert_false (json_object_get_boolean_member (res, "correct"));
  g_assert_cmpstr (json_object_get_string_member (res, "hint"), ==,
                   "The forward steps (1 to 2) are right. From step 3 on, check each step against "
                   "the chain rule: v̄ += ū·∂u/∂v.");
  g_assert_cmpint (right.status, ==, 0);
  /* the steps to search come first, as trace --bug prints them */
  g_assert_true (g_str_has_prefix (right.out, "The broken engine's steps:\n  forward 1: x^2 = 3^2 = 9\n"));
  g_assert_nonnull (strstr (right.out, "\n  seed 7: z̄ += 1 → z̄ = 2 (the seed lands on an adjoint that was not zeroed)\n"));
  g_assert_nonnull (strstr (right.out, "7: right. Step 7 is the first wrong one"));
  g_assert_true (g_str_has_suffix (right.out, "score: 1 of 1\n"));
}

/* Bad input: a clear message and exit 2, nothing on standard output. */
static void
test_quiz_errors (void)
{
  g_autofree char *file = example ("05-paths-add-up");
  static const struct {
    const char *args[6];
    const char *message;
  } cases[] = {
    { { "quiz", "FILE", "--bug", "off-by-one" },
      "adjoint quiz: error: there is no bug 'off-by-one': give overwrite, no-zero-grad, "
      "forget-upstream or wrong-local\n" },
    { { "quiz", "FILE", "--answers", "1,abc" },
      "adjoint quiz: error: answer 2: 'abc' is not a number or an arithmetic expression such as "
      "2*3 or -1/4\n" },
    { { "quiz", "FILE", "--answers", "1,2,3,4,5" },
      "adjoint quiz: error: 5 answers for 4 questions: give one per question, in their order (an "
      "empty entry skips one)\n" },
    { { "quiz", "FILE", "--answers", "1/0" }, "adjoint quiz: error: answer 1: '1/0' is not a finite number\n" },
    { { "quiz", "FILE", "--auto", "--bug", "overwrite" },
      "adjoint quiz: error: --auto and --bug do not go together: --bug asks for the first wrong step alone\n" },
    { { "quiz", "FILE", "--bug", "wrong-local" },
      "adjoint quiz: error: --bug wrong-local changes no step of this program (the bug: a "
      "product's local derivatives are swapped: ∂(a·b)/∂a taken as a, ∂(a·b)/∂b as b), so there "
      "is no wrong step to find\n" },
    { { "quiz", "FILE", "--frobnicate" }, "adjoint quiz: error: Unknown option --frobnicate\n" },
    { { "trace", "FILE", "--bug", "nope" },
      "adjoint trace: error: there is no bug 'nope': give overwrite, no-zero-grad, forget-upstream or wrong-local\n" },
    { { "trace", "FILE", "--bug", "overwrite", "--mode", "forward" },
      "adjoint trace: error: --bug breaks the backward pass: it is for --mode reverse\n" },
    { { "check", "FILE", "--bug", "nope" },
      "adjoint check: error: there is no bug 'nope': give overwrite, no-zero-grad, forget-upstream or wrong-local\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *a[6] = { 0 };
      for (guint k = 0; k < 6 && cases[i].args[k]; k++)
        a[k] = strcmp (cases[i].args[k], "FILE") == 0 ? file : cases[i].args[k];
      {
        g_auto (Run) r = run (a[0], a[1], a[2], a[3], a[4], a[5], NULL);
        g_autofree char *expected = g_strdup_printf ("%sTry 'adjoint %s --help'.\n", cases[i].message, a[0]);
        g_assert_cmpint (r.status, ==, 2);
        g_assert_cmpstr (r.out, ==, "");
        g_assert_cmpstr (r.err, ==, expected);
      }
    }
}

static void
test_trace_bug (void)
{
  g_autofree char *file = example ("05-paths-add-up");
  g_auto (Run) text = run ("trace", file, "--bug", "overwrite", NULL);
  g_auto (Run) json = run ("trace", file, "--bug", "no-zero-grad", "--json", NULL);
  g_auto (Run) plain = run ("trace", file, "--json", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *top;
  JsonArray *steps;

  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_suffix (text.out, "backward 6: grad(x^2) = 1 flows to x: x̄ += 1 · 2x = 6 → x̄ = 6\n"));
  g_assert_cmpint (json.status, ==, 0);
  root = parse_json (json.out);
  top = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (top, "bug"), ==, "no-zero-grad");
  g_assert_cmpint (json_object_get_int_member (top, "first_wrong_step"), ==, 7);
  g_assert_false (json_object_has_member (top, "start_caption"));   /* the lesson's words are for the correct run */
  steps = json_object_get_array_member (top, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 10);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (steps, 6), "grad_after"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (steps, 9), "grad_after"), ==, 27);
  g_assert_null (strstr (plain.out, "\"bug\""));
}

static void
test_check_bug (void)
{
  g_autofree char *file = example ("05-paths-add-up");
  g_autofree char *lesson_12 = example ("12-product-plus-constant");
  g_auto (Run) r = run ("check", file, "--bug", "overwrite", NULL);
  g_auto (Run) j = run ("check", lesson_12, "--bug", "wrong-local", "--json", NULL);
  g_auto (Run) fine = run ("check", file, "--bug", "forget-upstream", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonArray *inputs;

  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "FAILED"));
  g_assert_true (g_str_has_suffix (r.out, "the engine with the bug overwrite got x wrong\n"));
  g_assert_cmpint (j.status, ==, 1);
  root = parse_json (j.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "bug"), ==, "wrong-local");
  inputs = json_object_get_array_member (json_node_get_object (root), "inputs");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (inputs, 0), "ok"));
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (inputs, 0), "analytic"), ==, 16);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (inputs, 1), "ok"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (inputs, 2), "ok"));
  /* a bug that changes nothing here: every gradient right, exit 0 */
  g_assert_cmpint (fine.status, ==, 0);
  g_assert_true (g_str_has_suffix (fine.out, "the engine with the bug forget-upstream gets every gradient of this program right\n"));
}

static void
test_help (void)
{
  g_auto (Run) top = run ("--help", NULL);
  g_auto (Run) quiz = run ("quiz", "--help", NULL);
  g_auto (Run) trace = run ("trace", "--help", NULL);
  g_auto (Run) check = run ("check", "--help", NULL);

  g_assert_nonnull (strstr (top.out, "\n  quiz "));
  g_assert_cmpint (quiz.status, ==, 0);
  for (const char *const *flag = (const char *const[]) { "--auto", "--bug=NAME", "--answers=LIST", "--json", "-e", NULL };
       *flag; flag++)
    g_assert_nonnull (strstr (quiz.out, *flag));
  g_assert_nonnull (strstr (trace.out, "--bug=NAME"));
  g_assert_nonnull (strstr (check.out, "--bug=NAME"));
}

/* Runs `adjoint ARGS…` (NULL-terminated) on a pseudo-terminal, typing @input: what a student
 * sees (their typing echoed), or NULL when it does not finish within 20 s. */
static char *
run_in_terminal (const char *input, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  GString *out = g_string_new (NULL);
  const char *slave_name;
  int master, status = 0;
  pid_t pid;

  g_ptr_array_add (argv, (char *) g_getenv ("ADJOINT_BIN"));
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add (argv, (char *) *a);
  g_ptr_array_add (argv, NULL);
  master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave_name = ptsname (master);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int slave;
      setsid ();
      slave = open (slave_name, O_RDWR);
      if (slave < 0)
        _exit (126);
      dup2 (slave, 0);
      dup2 (slave, 1);
      dup2 (slave, 2);
      close (master);
      execv (argv->pdata[0], (char **) argv->pdata);
      _exit (127);
    }
  g_assert_cmpint (write (master, input, strlen (input)), ==, (gssize) strlen (input));
  for (;;)
    {
      struct pollfd p = { .fd = master, .events = POLLIN };
      char buf[4096];
      gssize n;

      if (poll (&p, 1, 20000) <= 0)
        {
          kill (pid, SIGKILL);
          waitpid (pid, NULL, 0);
          close (master);
          g_string_free (out, TRUE);
          return NULL;
        }
      n = read (master, buf, sizeof buf);
      if (n <= 0)       /* EIO once the program has closed the terminal */
        break;
      g_string_append_len (out, buf, n);
    }
  waitpid (pid, &status, 0);
  close (master);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return g_string_free (out, FALSE);
}

/* In a terminal the questions come one by one: a wrong answer gets the next hint, an answer
 * that is no number gets told so (and costs no hint), the last wrong one the reveal, an empty
 * line skips; Ctrl-D ends it with the score so far. */
static void
test_quiz_terminal (void)
{
  static const char *const args[] = { "quiz", "-e", "x = 3; z = x^2 + x", "--auto", NULL };
  g_autofree char *out = run_in_terminal ("8\nabc\n10\n3^2\n\n1\n2\n3\n4\n5\n\x04", args);

  g_assert_nonnull (out);
  g_assert_nonnull (strstr (out, "6 questions. Type a number or an expression"));
  g_assert_nonnull (strstr (out, "Question 1 of 6 (step 1): Forward step 1 computes x^2. What is its value?"));
  g_assert_nonnull (strstr (out, "Not quite. Hint 1 of 2: x^2: put in its input's value, x = 3."));
  g_assert_nonnull (strstr (out, "'abc' is not a number or an arithmetic expression"));
  g_assert_nonnull (strstr (out, "Not quite. Hint 2 of 2: x^2 = 3^2"));
  g_assert_nonnull (strstr (out, "Right. x^2 = 3^2 = 9"));
  g_assert_nonnull (strstr (out, "Question 2 of 6 (step 2)"));
  g_assert_nonnull (strstr (out, "Skipped. z = 9 + 3 = 12"));
  g_assert_nonnull (strstr (out, "Right. grad(x^2) += z̄·∂z/∂(x^2) = 1·1 = 1"));
  g_assert_nonnull (strstr (out, "Not quite. The answer: x̄ += z̄·∂z/∂x = 1·1 = 1"));
  g_assert_nonnull (strstr (out, "score: 2 of 4 (the input ended after 4 of the 6 questions)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("ADJOINT_BIN"));
  g_test_add_func ("/cli/quiz/json", test_quiz_json);
  g_test_add_func ("/cli/quiz/authored", test_quiz_authored);
  g_test_add_func ("/cli/quiz/text-answers", test_quiz_text_answers);
  g_test_add_func ("/cli/quiz/never-waits", test_quiz_never_waits);
  g_test_add_func ("/cli/quiz/terminal", test_quiz_terminal);
  g_test_add_func ("/cli/quiz/agrees-with-eval-and-trace", test_quiz_agrees);
  g_test_add_func ("/cli/quiz/bug", test_quiz_bug);
  g_test_add_func ("/cli/quiz/errors", test_quiz_errors);
  g_test_add_func ("/cli/trace/bug", test_trace_bug);
  g_test_add_func ("/cli/check/bug", test_check_bug);
  g_test_add_func ("/cli/quiz/help", test_help);
  return g_test_run ();
}
