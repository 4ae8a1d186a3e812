/* cli-quiz.c: `adjoint quiz`: a program's questions (authored or automatic, core/exercise.h),
 * graded from --answers or asked one by one in a terminal; with --bug, find the first wrong
 * step of a broken engine (core/bug.h). */
#include "app/cli/cli-common.h"
#include "core/autograd.h"
#include "core/bug.h"
#include "core/exercise.h"
#include "core/format.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* One entry of --answers: skipped (empty) or a number. */
typedef struct {
  gboolean given;
  double   value;
} Answer;

/* Splits --answers at commas and reads each entry; a usage error (printed) on a bad one. */
static GArray *
parse_answers (const char *list, guint n_questions)
{
  g_auto (GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr (GArray) answers = g_array_new (FALSE, TRUE, sizeof (Answer));
  const guint n = g_strv_length (parts);

  if (n > n_questions)
    {
      adj_cli_usage_error ("quiz", "%u answers for %u question%s: give one per question, in "
                           "their order (an empty entry skips one)", n, n_questions,
                           n_questions == 1 ? "" : "s");
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      Answer a = { 0 };
      char *text = g_strstrip (parts[i]);

      if (text[0] != '\0')
        {
          if (!ag_answer_parse (text, &a.value, &error))
            {
              adj_cli_usage_error ("quiz", "answer %u: %s", i + 1, error->message);
              return NULL;
            }
          a.given = TRUE;
        }
      g_array_append_val (answers, a);
    }
  g_array_set_size (answers, n_questions);   /* the rest: skipped */
  return g_steal_pointer (&answers);
}

static void
add_name_or_null (JsonBuilder *b, const char *member, const AgGraph *g, AgId id)
{
  json_builder_set_member_name (b, member);
  if (id == AG_NO_ID)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, ag_graph_display_name (g, id));
}

static void
add_question (JsonBuilder *b, const AgQuestion *q, const AgGraph *g)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, q->id);
  json_builder_set_member_name (b, "step");
  if (q->step == AG_QUESTION_NO_STEP)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, q->step + 1);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, ag_question_kind_to_string (q->kind));
  add_name_or_null (b, "node", g, q->node);
  add_name_or_null (b, "from", g, q->from);
  add_name_or_null (b, "to", g, q->to);
  json_builder_set_member_name (b, "prompt");
  json_builder_add_string_value (b, q->prompt);
  json_builder_end_object (b);
}

static void
add_result (JsonBuilder *b, const AgQuestion *q, const Answer *a)
{
  const gboolean correct = a->given && ag_question_grade (q, a->value);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, q->id);
  json_builder_set_member_name (b, "answer");
  if (a->given)
    json_builder_add_double_value (b, a->value);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "correct");
  json_builder_add_boolean_value (b, correct);
  adj_cli_add_number_or_null (b, "expected", q->expected);
  json_builder_set_member_name (b, "hint");
  if (a->given && !correct && q->hints[0])
    json_builder_add_string_value (b, q->hints[0]);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

static guint
count_correct (GPtrArray *quiz, GArray *answers)
{
  guint n = 0;

  for (guint i = 0; answers && i < quiz->len; i++)
    {
      const Answer *a = &g_array_index (answers, Answer, i);
      n += a->given && ag_question_grade (g_ptr_array_index (quiz, i), a->value);
    }
  return n;
}

static void
print_json (GPtrArray *quiz, const AgGraph *g, GArray *answers, guint correct)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "questions");
  json_builder_begin_array (b);
  for (guint i = 0; i < quiz->len; i++)
    add_question (b, g_ptr_array_index (quiz, i), g);
  json_builder_end_array (b);
  if (answers)
    {
      json_builder_set_member_name (b, "results");
      json_builder_begin_array (b);
      for (guint i = 0; i < quiz->len; i++)
        add_result (b, g_ptr_array_index (quiz, i), &g_array_index (answers, Answer, i));
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "score");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "correct");
  json_builder_add_int_value (b, correct);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, quiz->len);
  json_builder_end_object (b);
  json_builder_end_object (b);
  adj_cli_print_json (b);
}

/* "1. [value, step 4] Forward step 4 computes …" */
static void
print_heading (const AgQuestion *q, guint i)
{
  if (q->step == AG_QUESTION_NO_STEP)
    printf ("%u. [%s] %s\n", i + 1, ag_question_kind_to_string (q->kind), q->prompt);
  else
    printf ("%u. [%s, step %u] %s\n", i + 1, ag_question_kind_to_string (q->kind), q->step + 1,
            q->prompt);
}

static void
print_text (GPtrArray *quiz, GArray *answers, guint correct)
{
  if (quiz->len == 0)
    printf ("This program has no question to ask (only tensors, or nothing to compute).\n");
  for (guint i = 0; i < quiz->len; i++)
    {
      const AgQuestion *q = g_ptr_array_index (quiz, i);
      const Answer *a = answers ? &g_array_index (answers, Answer, i) : NULL;
      GString *given = g_string_new (NULL);

      print_heading (q, i);
      if (a && a->given)
        ag_format_human (given, a->value);
      if (a && !a->given)
        printf ("   skipped: %s\n", q->reveal);
      else if (a && ag_question_grade (q, a->value))
        printf ("   %s: right. %s\n", given->str, q->reveal);
      else if (a)
        printf ("   %s: not quite. Hint: %s\n", given->str, q->hints[0] ? q->hints[0] : q->reveal);
      g_string_free (given, TRUE);
    }
  if (answers)
    printf ("score: %u of %u\n", correct, quiz->len);
}

/* ---- asking in a terminal ---------------------------------------------------------------- */

/* A line from standard input without its newline; NULL at the end of input. A line longer than
 * the buffer is read whole and refused by the answer's own bound. */
static char *
read_line (void)
{
  char buf[AG_ANSWER_MAX_BYTES + 2];
  GString *line = g_string_new (NULL);

  while (fgets (buf, sizeof buf, stdin))
    {
      if (line->len <= AG_ANSWER_MAX_BYTES + 1)
        g_string_append (line, buf);
      if (strchr (buf, '\n'))
        return g_strstrip (g_string_free (line, FALSE));
    }
  if (line->len > 0)
    return g_strstrip (g_string_free (line, FALSE));
  g_string_free (line, TRUE);
  return NULL;
}

/* Asks @q until it is answered right, skipped (an empty line) or revealed after its last hint.
 * Returns -1 at the end of input, else whether it was answered right. */
static int
ask (const AgQuestion *q, guint i, guint n)
{
  const guint n_hints = ag_question_n_hints (q);
  guint level = 0;

  printf ("\nQuestion %u of %u", i + 1, n);
  if (q->step != AG_QUESTION_NO_STEP)
    printf (" (step %u)", q->step + 1);
  printf (": %s\n", q->prompt);
  for (;;)
    {
      g_autofree char *line = NULL;
      g_autoptr (GError) error = NULL;
      double value;

      printf ("> ");
      fflush (stdout);
      line = read_line ();
      if (line == NULL)
        return -1;
      if (line[0] == '\0')
        {
          printf ("Skipped. %s\n", q->reveal);
          return FALSE;
        }
      if (!ag_answer_parse (line, &value, &error))
        {
          printf ("%s\n", error->message);
          continue;
        }
      if (ag_question_grade (q, value))
        {
          printf ("Right. %s\n", q->reveal);
          return TRUE;
        }
      if (level == n_hints)
        {
          printf ("Not quite. The answer: %s\n", q->reveal);
          return FALSE;
        }
      printf ("Not quite. Hint %u of %u: %s\n", level + 1, n_hints, q->hints[level]);
      level++;
    }
}

static void
ask_all (GPtrArray *quiz)
{
  guint correct = 0, asked = 0;

  printf ("%u question%s. Type a number or an expression such as 2*3 or -1/4; an empty line "
          "skips one.\n", quiz->len, quiz->len == 1 ? "" : "s");
  for (guint i = 0; i < quiz->len; i++)
    {
      int right = ask (g_ptr_array_index (quiz, i), i, quiz->len);
      if (right < 0)
        break;
      correct += right;
      asked++;
    }
  printf ("\nscore: %u of %u", correct, asked);
  if (asked < quiz->len)
    printf (" (the input ended after %u of the %u questions)", asked, quiz->len);
  printf ("\n");
}

/* ---- the verb ---------------------------------------------------------------------------- */

/* The one question of --bug: the first wrong step of @broken, the engine's trace. NULL, with
 * a usage error printed, when the bug changes nothing in this program. */
static GPtrArray *
bug_quiz (const AgTrace *trace, const AgGraph *g, AgBug bug, AgTrace *broken)
{
  AgQuestion *q = ag_bug_question_new (trace, broken, g, bug);
  GPtrArray *quiz;

  if (q == NULL)
    {
      adj_cli_usage_error ("quiz", "--bug %s changes no step of this program (the bug: %s), so "
                           "there is no wrong step to find", ag_bug_to_string (bug),
                           ag_bug_describe (bug));
      return NULL;
    }
  quiz = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_question_free);
  g_ptr_array_add (quiz, q);
  return quiz;
}

int
adj_cli_quiz (int argc, char **argv)
{
  g_autofree char *expr = NULL, *bug_name = NULL, *answers_text = NULL;
  gboolean json = FALSE, automatic = FALSE;
  const GOptionEntry entries[] = {
    ADJ_CLI_EXPR_OPTION (expr, "Quiz on"),
    { "auto", 0, 0, G_OPTION_ARG_NONE, &automatic,
      "Every question exercise mode asks of any program (every value, contribution and final "
      "adjoint), not the lesson's own", NULL },
    { "bug", 0, 0, G_OPTION_ARG_STRING, &bug_name,
      "Find the bug: the question is the first wrong step of a broken engine's backward pass "
      "(overwrite, no-zero-grad, forget-upstream, wrong-local)", "NAME" },
    { "answers", 0, 0, G_OPTION_ARG_STRING, &answers_text,
      "Grade these answers, comma-separated in the order of the questions (an empty entry skips "
      "one, and so do missing ones at the end): numbers or expressions such as 2*3 or -1/4", "LIST" },
    ADJ_CLI_JSON_OPTION (json),
    { NULL }
  };
  g_auto (AdjCliSource) src = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AgTrace) trace = ag_trace_new ();
  g_autoptr (GPtrArray) quiz = NULL;
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) answers = NULL;
  g_autoptr (AgTrace) broken = NULL;
  AgBug bug = AG_BUG_OVERWRITE;

  if (!adj_cli_parse_options ("quiz", "(FILE | -e PROGRAM)",
                              "Ask what the steps of a run compute: a node's value, a local "
                              "derivative, a contribution ū·∂u/∂v, a final adjoint. Lists the "
                              "questions (the lesson's own, else every one), grades --answers, or "
                              "in a terminal asks them one by one with hints. A right answer "
                              "matches to 4 significant digits (or within 1e-3 relative). With "
                              "--json or when standard input is not a terminal it never waits "
                              "for input. Exits with 0 once graded (the score is in the output), "
                              "2 on bad input.",
                              "Examples:\n  adjoint quiz data/examples/welcome.adjoint\n"
                              "  adjoint quiz -e 'x = 3; z = x^2 + x' --auto --answers '9,12,1,1,6,7' --json\n"
                              "  adjoint quiz data/examples/05-paths-add-up.adjoint --bug overwrite\n",
                              entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (bug_name && !ag_bug_from_string (bug_name, &bug))
    return adj_cli_usage_error ("quiz", "there is no bug '%s': give %s", bug_name,
                                ag_bug_list_names ());
  if (bug_name && automatic)
    return adj_cli_usage_error ("quiz", "--auto and --bug do not go together: --bug asks for "
                                "the first wrong step alone");
  if (!adj_cli_source_load (&src, "quiz", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;
  if (!ag_graph_run (src.graph, trace, &error))
    {
      adj_cli_print_error (src.source_name, src.doc->program, error);
      return ADJ_EXIT_BAD_INPUT;
    }

  if (bug_name)
    {
      broken = ag_bug_trace_new (trace, src.graph, bug);
      quiz = bug_quiz (trace, src.graph, bug, broken);
    }
  else
    quiz = ag_quiz_new (trace, src.graph, src.doc, automatic, skipped);
  if (quiz == NULL)
    return ADJ_EXIT_BAD_INPUT;
  for (guint i = 0; i < skipped->len; i++)
    fprintf (stderr, "%s: note: %s\n", src.source_name, (char *) g_ptr_array_index (skipped, i));
  if (answers_text && (answers = parse_answers (answers_text, quiz->len)) == NULL)
    return ADJ_EXIT_BAD_INPUT;

  if (broken && !json)
    {
      /* The steps to search, as `adjoint trace --bug` prints them. */
      printf ("The broken engine's steps:\n");
      for (guint k = 0; k < ag_trace_n_steps (broken); k++)
        {
          g_autofree char *text = ag_trace_describe_step (broken, src.graph, k);
          printf ("  %s\n", text);
        }
      printf ("\n");
    }
  if (json)
    print_json (quiz, src.graph, answers, count_correct (quiz, answers));
  else if (answers == NULL && isatty (STDIN_FILENO) && !feof (stdin))
    ask_all (quiz);
  else
    print_text (quiz, answers, count_correct (quiz, answers));
  return ADJ_EXIT_OK;
}
