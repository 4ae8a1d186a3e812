/* exercise.c: the questions of a run, automatic or authored, placed on their steps
 * (exercise.h); their words are in exercise-hint.c, answers in exercise-answer.c. */
#include "core/exercise.h"
#include "core/caption-anchor.h"

#include <math.h>
#include <string.h>

static const char *const kind_names[AG_N_QUESTION_KINDS] = {
  "value", "local", "contribution", "grad", "first-wrong-step",
};

AG_DEFINE_NAME_FUNCS (AgQuestionKind, ag_question_kind, kind_names, AG_N_QUESTION_KINDS)

gboolean
ag_question_kind_is_authored (AgQuestionKind kind)
{
  return kind < AG_QUESTION_FIRST_WRONG_STEP;
}

void
ag_question_free (AgQuestion *q)
{
  if (q == NULL)
    return;
  g_free (q->id);
  g_free (q->prompt);
  for (guint i = 0; i < G_N_ELEMENTS (q->hints); i++)
    g_free (q->hints[i]);
  g_free (q->reveal);
  g_free (q);
}

guint
ag_question_n_hints (const AgQuestion *q)
{
  guint n = 0;

  g_return_val_if_fail (q != NULL, 0);
  while (n < AG_QUESTION_MAX_HINTS && q->hints[n])
    n++;
  return n;
}

double
ag_trace_final_adjoint (const AgTrace *trace, AgId id)
{
  for (guint k = ag_trace_n_steps (trace); k-- > 0;)
    {
      const AgStep *s = ag_trace_step (trace, k);
      if (s->to == id && (s->kind == AG_STEP_BACKWARD || s->kind == AG_STEP_SEED))
        return *ag_trace_data (trace, s->after);
    }
  return 0;
}

/* ---- one question ------------------------------------------------------------------------ */

/* Why step @s cannot ask @kind, or NULL when it can. */
static char *
check_step (AgQuestionKind kind, const AgStep *s, const AgGraph *graph, guint k)
{
  const char *kind_name = ag_question_kind_to_string (kind);

  switch (kind)
    {
    case AG_QUESTION_VALUE:
      if (s->kind != AG_STEP_FORWARD)
        return g_strdup_printf ("a value question goes on a forward step, and step %u is a %s "
                                "step", k + 1, ag_step_kind_to_string (s->kind));
      break;
    case AG_QUESTION_LOCAL:
    case AG_QUESTION_CONTRIBUTION:
      if (s->kind != AG_STEP_BACKWARD)
        return g_strdup_printf ("a %s question goes on a backward step, and step %u is a %s "
                                "step", kind_name, k + 1, ag_step_kind_to_string (s->kind));
      if (isnan (s->local))
        return g_strdup_printf ("step %u carries a tensor (%s → %s): a student answers one "
                                "number", k + 1, ag_graph_display_name (graph, s->from),
                                ag_graph_display_name (graph, s->to));
      /* A folded call's step (core/trace-fold.h) runs along no one op's edge: its hints
       * would need the op's derivative. */
      if (s->slot >= ag_graph_node (graph, s->from)->n_inputs
          || ag_graph_input (graph, ag_graph_node (graph, s->from), s->slot) != s->to)
        return g_strdup_printf ("step %u is a folded call's (%s → %s): open the call to be "
                                "asked about its inside", k + 1,
                                ag_graph_display_name (graph, s->from),
                                ag_graph_display_name (graph, s->to));
      break;
    case AG_QUESTION_GRAD:
      if (s->kind != AG_STEP_BACKWARD && s->kind != AG_STEP_SEED)
        return g_strdup_printf ("a grad question goes on a backward or seed step, and step %u "
                                "is a %s step", k + 1, ag_step_kind_to_string (s->kind));
      break;
    default:
      return g_strdup_printf ("a %s question is not asked at a step", kind_name);
    }
  if (s->size != 1)
    return g_strdup_printf ("%s is not a scalar: a student answers one number",
                            ag_graph_display_name (graph, s->to));
  return NULL;
}

AgQuestion *
ag_question_new_at (AgQuestionKind kind, const AgTrace *trace, const AgGraph *graph, guint k,
                    char **why)
{
  const AgStep *s;
  AgQuestion *q;
  char *reason;

  g_return_val_if_fail (trace != NULL && graph != NULL && k < ag_trace_n_steps (trace), NULL);
  s = ag_trace_step (trace, k);
  reason = check_step (kind, s, graph, k);
  if (reason)
    {
      if (why)
        *why = reason;
      else
        g_free (reason);
      return NULL;
    }

  q = g_new0 (AgQuestion, 1);
  q->kind = kind;
  q->step = k;
  q->node = q->from = q->to = AG_NO_ID;
  switch (kind)
    {
    case AG_QUESTION_VALUE:
      q->node = s->to;
      q->expected = *ag_trace_data (trace, s->after);
      break;
    case AG_QUESTION_LOCAL:
      q->from = s->from;
      q->to = s->to;
      q->expected = s->local;
      break;
    case AG_QUESTION_CONTRIBUTION:
      q->from = s->from;
      q->to = s->to;
      q->expected = *ag_trace_data (trace, s->delta);
      break;
    default:
      q->node = s->to;
      q->expected = ag_trace_final_adjoint (trace, s->to);
      break;
    }
  ag_question_fill_text (q, trace, graph);
  return q;
}

/* ---- quizzes ----------------------------------------------------------------------------- */

/* "value:n", "contribution:o->n", "grad:x": what the question asks of which node or edge. */
static char *
base_id (const AgQuestion *q, const AgGraph *graph)
{
  const char *kind = ag_question_kind_to_string (q->kind);

  if (q->from != AG_NO_ID)
    return g_strdup_printf ("%s:%s->%s", kind, ag_graph_display_name (graph, q->from),
                            ag_graph_display_name (graph, q->to));
  if (q->node != AG_NO_ID)
    return g_strdup_printf ("%s:%s", kind, ag_graph_display_name (graph, q->node));
  return g_strdup (kind);
}

/* Gives every question of @quiz its id, unique in the quiz as anchors are ("#2", "#3", …). */
static void
assign_ids (GPtrArray *quiz, const AgGraph *graph)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < quiz->len; i++)
    {
      AgQuestion *q = g_ptr_array_index (quiz, i);
      char *base = base_id (q, graph);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, base)) + 1;

      g_free (q->id);
      q->id = count == 1 ? g_strdup (base) : g_strdup_printf ("%s#%u", base, count);
      g_hash_table_replace (seen, base, GUINT_TO_POINTER (count));
    }
}

static void
add (GPtrArray *quiz, AgQuestion *q)
{
  if (q)
    g_ptr_array_add (quiz, q);
}

/* Whether exercise mode asks for @id's final adjoint: the gradients a lesson is about (inputs
 * and parameters), and every sum of several paths, where += matters. */
static gboolean
asks_grad (const AgGraph *graph, AgId id, guint n_contributions)
{
  return ag_node_is_differentiable_leaf (ag_graph_node (graph, id)) || n_contributions > 1;
}

GPtrArray *
ag_quiz_new_auto (const AgTrace *trace, const AgGraph *graph)
{
  GPtrArray *quiz = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_question_free);
  const guint n = ag_trace_n_steps (trace);
  g_autofree guint *last = NULL;    /* per node: its last backward step, + 1 (0: none) */
  g_autofree guint *count = NULL;   /* per node: how many backward steps reach it */

  g_return_val_if_fail (trace != NULL && graph != NULL, quiz);
  last = g_new0 (guint, ag_graph_n_nodes (graph));
  count = g_new0 (guint, ag_graph_n_nodes (graph));
  for (guint k = 0; k < n; k++)
    {
      const AgStep *s = ag_trace_step (trace, k);
      if (s->kind == AG_STEP_SEED || s->kind == AG_STEP_ZERO_GRAD)
        memset (count, 0, ag_graph_n_nodes (graph) * sizeof *count);
      if (s->kind == AG_STEP_BACKWARD && s->to < ag_graph_n_nodes (graph))
        {
          last[s->to] = k + 1;
          count[s->to]++;
        }
    }
  for (guint k = 0; k < n; k++)
    {
      const AgStep *s = ag_trace_step (trace, k);

      if (s->kind == AG_STEP_FORWARD)
        add (quiz, ag_question_new_at (AG_QUESTION_VALUE, trace, graph, k, NULL));
      if (s->kind != AG_STEP_BACKWARD)
        continue;
      add (quiz, ag_question_new_at (AG_QUESTION_CONTRIBUTION, trace, graph, k, NULL));
      if (last[s->to] == k + 1 && asks_grad (graph, s->to, count[s->to]))
        add (quiz, ag_question_new_at (AG_QUESTION_GRAD, trace, graph, k, NULL));
    }
  assign_ids (quiz, graph);
  return quiz;
}

/* Step order, authored order within a step (g_ptr_array_sort is not stable: compare the
 * positions the questions were read in, kept in their ids for the moment). */
static int
compare_steps (gconstpointer a, gconstpointer b)
{
  const AgQuestion *x = *(AgQuestion *const *) a, *y = *(AgQuestion *const *) b;

  if (x->step != y->step)
    return x->step < y->step ? -1 : 1;
  return strcmp (x->id, y->id);
}

GPtrArray *
ag_quiz_new_authored (const AgTrace *trace, const AgGraph *graph, const AgGraphFile *doc,
                      GPtrArray *skipped)
{
  GPtrArray *quiz = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_question_free);
  g_autoptr (GPtrArray) anchors = NULL;

  g_return_val_if_fail (trace != NULL && graph != NULL && doc != NULL, quiz);
  if (doc->questions == NULL || doc->questions->len == 0)
    return quiz;
  anchors = ag_caption_anchors_new (trace, graph);
  for (guint i = 0; i < doc->questions->len; i++)
    {
      const AgFileQuestion *fq = g_ptr_array_index (doc->questions, i);
      AgQuestionKind kind;
      int position = ag_caption_anchors_find (anchors, fq->step);
      g_autofree char *why = NULL;
      AgQuestion *q = NULL;

      if (!ag_question_kind_from_string (fq->kind, &kind) || !ag_question_kind_is_authored (kind))
        why = g_strdup_printf ("there is no kind of question \"%s\"", fq->kind);
      else if (position < 1)
        why = g_strdup ("its step is not in this program (was its line deleted?)");
      else
        q = ag_question_new_at (kind, trace, graph, (guint) position - 1, &why);
      if (q == NULL)
        {
          if (skipped)
            g_ptr_array_add (skipped, g_strdup_printf ("question %u (%s at \"%s\") is not asked: "
                                                       "%s", i + 1, fq->kind, fq->step, why));
          continue;
        }
      if (fq->prompt)
        {
          g_free (q->prompt);
          q->prompt = g_strdup (fq->prompt);
        }
      q->authored = TRUE;
      q->id = g_strdup_printf ("%010u", i);
      g_ptr_array_add (quiz, q);
    }
  g_ptr_array_sort (quiz, compare_steps);
  assign_ids (quiz, graph);
  return quiz;
}

GPtrArray *
ag_quiz_new (const AgTrace *trace, const AgGraph *graph, const AgGraphFile *doc,
             gboolean automatic, GPtrArray *skipped)
{
  if (!automatic && doc && doc->questions && doc->questions->len > 0)
    return ag_quiz_new_authored (trace, graph, doc, skipped);
  return ag_quiz_new_auto (trace, graph);
}
