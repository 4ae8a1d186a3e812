/* exercise-answer.c: a student's answer read and graded (exercise.h). The program parser reads
 * the arithmetic, so an answer takes numbers exactly as a program does; only numbers and
 * operators get that far, so no name, call or list is ever looked up. */
#include "core/exercise.h"
#include "core/autograd.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

#define ANSWER_EXAMPLES "a number or an arithmetic expression such as 2*3 or -1/4"

/* The answer with what the hints write put in ASCII ("−" → "-", "×" and "·" → "*", "÷" → "/"),
 * or NULL when it holds a character an arithmetic expression of numbers never has. */
static char *
to_arithmetic (const char *text)
{
  static const struct { const char *from, *to; } symbols[] = {
    { "\u2212", "-" }, { "\u00d7", "*" }, { "\u00b7", "*" }, { "\u22c5", "*" }, { "\u00f7", "/" },
  };
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p;)
    {
      gboolean mapped = FALSE;

      if (strchr ("0123456789.eE+-*/^() \t", *p))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (symbols) && !mapped; i++)
        if (g_str_has_prefix (p, symbols[i].from))
          {
            g_string_append (out, symbols[i].to);
            p += strlen (symbols[i].from);
            mapped = TRUE;
          }
      if (!mapped)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
    }
  return g_string_free (out, FALSE);
}

gboolean
ag_answer_parse (const char *text, double *value, GError **error)
{
  g_autofree char *arith = NULL;
  g_autofree char *program = NULL;
  g_autoptr (AgGraph) graph = NULL;
  g_autoptr (GError) parse_error = NULL;
  const AgNode *out;

  g_return_val_if_fail (text != NULL && value != NULL, FALSE);
  if (strlen (text) > AG_ANSWER_MAX_BYTES)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT,
                   "an answer is at most %u characters long: give " ANSWER_EXAMPLES,
                   AG_ANSWER_MAX_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL) || (arith = to_arithmetic (text)) == NULL
      || g_strstrip (arith)[0] == '\0')
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "'%s' is not " ANSWER_EXAMPLES,
                   g_utf8_validate (text, -1, NULL) ? text : "?");
      return FALSE;
    }

  /* One statement whose right side is the answer: its node is the program's output. */
  program = g_strdup_printf ("answer = %s", arith);
  graph = ag_program_parse (program, -1, &parse_error);
  if (graph == NULL || graph->output == AG_NO_ID)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "'%s' is not " ANSWER_EXAMPLES, text);
      return FALSE;
    }
  ag_graph_forward (graph, NULL);
  out = ag_graph_node (graph, graph->output);
  if (out->size != 1 || !isfinite (*ag_graph_value (graph, graph->output)))
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "'%s' is not a finite number", text);
      return FALSE;
    }
  *value = *ag_graph_value (graph, graph->output);
  return TRUE;
}

/* Both rounded to 4 significant digits, as the hints write them ("%.3e": one digit, the point
 * and three more). −0 and 0 read the same. */
static gboolean
same_4_digits (double a, double b)
{
  char x[32], y[32];

  if (a == 0 || b == 0)
    return a == b;
  g_snprintf (x, sizeof x, "%.3e", a);
  g_snprintf (y, sizeof y, "%.3e", b);
  return strcmp (x, y) == 0;
}

gboolean
ag_answer_matches (double answer, double expected)
{
  if (!isfinite (answer) || !isfinite (expected))
    return FALSE;
  return same_4_digits (answer, expected) || fabs (answer - expected) <= 1e-3 * fabs (expected);
}

gboolean
ag_question_grade (const AgQuestion *q, double answer)
{
  g_return_val_if_fail (q != NULL, FALSE);
  if (q->kind == AG_QUESTION_FIRST_WRONG_STEP)
    return answer == q->expected;
  return ag_answer_matches (answer, q->expected);
}
