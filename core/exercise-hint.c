/* exercise-hint.c: a question's words: its prompt, the ladder of hints a wrong answer climbs
 * and the reveal (issue 16). For derivatives: which local derivative, the chain rule in
 * symbols, then with the numbers; for values: the forward formula, then with its inputs.
 * Numbers are for people (ag_format_human). */
#include "core/exercise.h"
#include "core/format.h"
#include "core/ops-text.h"
#include "core/ops.h"

#include <math.h>
#include <string.h>

/* How a node is written inside ∂u/∂v: a plain name as it is, an expression in parentheses. */
static void
append_partial_name (GString *out, const AgGraph *g, AgId id)
{
  const char *name = ag_graph_display_name (g, id);

  if (ag_format_is_identifier (name))
    g_string_append (out, name);
  else
    g_string_append_printf (out, "(%s)", name);
}

/* "∂o/∂n" */
static void
append_partial (GString *out, const AgGraph *g, AgId u, AgId v)
{
  g_string_append (out, "∂");
  append_partial_name (out, g, u);
  g_string_append (out, "/∂");
  append_partial_name (out, g, v);
}

/* A number as a factor: negatives in parentheses, "8·(−3)". */
static void
append_factor (GString *out, double x)
{
  if (x < 0)
    g_string_append_c (out, '(');
  ag_format_human (out, x);
  if (x < 0)
    g_string_append_c (out, ')');
}

static char *
factor_text (double x)
{
  GString *s = g_string_new (NULL);
  append_factor (s, x);
  return g_string_free (s, FALSE);
}

/* "n = (x1*w1 + x2*w2) + b" for a named node, its expression alone for an unnamed one. */
static void
append_definition (GString *out, const AgGraph *g, AgId id)
{
  const AgNode *n = ag_graph_node (g, id);
  g_autofree char *expr = ag_op_describe_expression (g, id);

  if (n->name)
    g_string_append_printf (out, "%s = %s", n->name, expr);
  else
    g_string_append (out, expr);
}

/* The expression of @id with its inputs' values put in: "(−6) + 6.881". */
static char *
expression_with_values (const AgGraph *g, AgId id)
{
  const AgNode *n = ag_graph_node (g, id);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n->n_inputs; i++)
    {
      const AgNode *in = ag_graph_node (g, ag_graph_input (g, n, i));
      if (in->size == 1)
        g_ptr_array_add (texts, factor_text (*ag_graph_value (g, ag_graph_input (g, n, i))));
      else
        g_ptr_array_add (texts, g_strdup (ag_graph_display_name (g, ag_graph_input (g, n, i))));
    }
  return ag_op_describe_expression_with (g, id, (const char *const *) texts->pdata);
}

/* "x1*w1 + x2*w2 = −6 and b = 6.881": the values of @id's inputs that are not numbers written
 * in the program, and of @id itself when @self; returns how many it wrote. */
static guint
append_input_values (GString *out, const AgGraph *g, AgId id, gboolean self)
{
  const AgNode *n = ag_graph_node (g, id);
  guint listed = 0;

  for (guint i = 0; i <= n->n_inputs; i++)
    {
      const AgId in = i < n->n_inputs ? ag_graph_input (g, n, i) : id;
      const AgNode *m = ag_graph_node (g, in);

      if ((i == n->n_inputs && !self) || m->role == AG_ROLE_CONST || m->size != 1)
        continue;
      if (i < n->n_inputs && i > 0 && in == ag_graph_input (g, n, i - 1))
        continue;   /* x*x: x once */
      g_string_append (out, listed == 0 ? "" : i == n->n_inputs ? " (and " : " and ");
      g_string_append_printf (out, "%s = ", ag_graph_display_name (g, in));
      ag_format_human (out, *ag_graph_value (g, in));
      if (i == n->n_inputs && listed > 0)
        g_string_append_c (out, ')');
      listed++;
    }
  return listed;
}

/* ---- value ------------------------------------------------------------------------------- */

static void
fill_value (AgQuestion *q, const AgGraph *g)
{
  const AgNode *n = ag_graph_node (g, q->node);
  g_autofree char *with = expression_with_values (g, q->node);
  GString *s = g_string_new (NULL);

  if (q->prompt == NULL)
    {
      g_string_printf (s, "Forward step %u computes ", q->step + 1);
      append_definition (s, g, q->node);
      if (n->name)
        g_string_append_printf (s, ". What is %s?", n->name);
      else
        g_string_append (s, ". What is its value?");
      q->prompt = g_strdup (s->str);
    }

  g_string_truncate (s, 0);
  append_definition (s, g, q->node);
  {
    GString *inputs = g_string_new (NULL);
    guint listed = append_input_values (inputs, g, q->node, FALSE);
    if (listed == 0)
      g_string_append (s, ": work it out.");
    else
      g_string_append_printf (s, ": put in %s, %s.", listed == 1 ? "its input's value"
                              : "its inputs' values", inputs->str);
    g_string_free (inputs, TRUE);
  }
  q->hints[0] = g_strdup (s->str);

  g_string_truncate (s, 0);
  g_string_append_printf (s, "%s = %s", n->name ? n->name : ag_graph_display_name (g, q->node),
                          with);
  q->hints[1] = g_strdup (s->str);

  g_string_append (s, " = ");
  ag_format_human (s, q->expected);
  q->reveal = g_string_free (s, FALSE);
}

/* ---- local and contribution ------------------------------------------------------------- */

/* How many of @id's inputs are not numbers written in the program. */
static guint
n_variable_inputs (const AgGraph *g, AgId id)
{
  const AgNode *n = ag_graph_node (g, id);
  guint count = 0;

  for (guint i = 0; i < n->n_inputs; i++)
    count += ag_graph_node (g, ag_graph_input (g, n, i))->role != AG_ROLE_CONST;
  return count;
}

/* "∂o/∂n, the derivative of o = tanh(n) with respect to n" */
static void
append_which_local (GString *s, const AgGraph *g, AgId u, AgId v)
{
  append_partial (s, g, u, v);
  g_string_append (s, ", the derivative of ");
  append_definition (s, g, u);
  g_string_append_printf (s, " with respect to %s", ag_graph_display_name (g, v));
  if (n_variable_inputs (g, u) > 1)
    g_string_append (s, ", the other input held fixed");
}

/* The local derivative's formula, in parentheses when it is more than a name or a number. */
static char *
formula_factor (const char *formula)
{
  char *end;

  g_ascii_strtod (formula, &end);
  if (ag_format_is_identifier (formula) || (end != formula && *end == '\0'))
    return g_strdup (formula);
  return g_strdup_printf ("(%s)", formula);
}

/* The generated prompt of a local or contribution question on the edge u → v. */
static char *
edge_prompt (const AgQuestion *q, const AgGraph *g)
{
  const AgId u = q->from, v = q->to;
  GString *s = g_string_new (NULL);

  if (q->kind == AG_QUESTION_LOCAL)
    {
      g_string_printf (s, "Backward step %u goes along the edge %s → %s. What is the local "
                       "derivative ", q->step + 1, ag_graph_display_name (g, u),
                       ag_graph_display_name (g, v));
      append_partial (s, g, u, v);
      g_string_append_c (s, '?');
    }
  else
    {
      g_string_printf (s, "Backward step %u sends ", q->step + 1);
      ag_trace_append_marked_name (s, g, u, FALSE);
      g_string_append (s, "·");
      append_partial (s, g, u, v);
      g_string_append_printf (s, " from %s to %s. What does ", ag_graph_display_name (g, u),
                              ag_graph_display_name (g, v));
      ag_trace_append_marked_name (s, g, v, FALSE);
      g_string_append (s, " receive?");
    }
  return g_string_free (s, FALSE);
}

static void
fill_edge (AgQuestion *q, const AgTrace *trace, const AgGraph *g)
{
  const AgStep *st = ag_trace_step (trace, q->step);
  const AgId u = q->from, v = q->to;
  const double ubar = *ag_trace_data (trace, st->sent);
  g_autofree char *formula = ag_op_describe_derivative (g, u, st->slot);
  g_autofree char *factor = formula_factor (formula);
  const gboolean local = q->kind == AG_QUESTION_LOCAL;
  GString *s = g_string_new (NULL);

  if (q->prompt == NULL)
    q->prompt = edge_prompt (q, g);

  /* 1: which local derivative */
  g_string_truncate (s, 0);
  if (local)
    g_string_append (s, "The local derivative is ");
  else
    {
      g_string_append (s, "It is ");
      ag_trace_append_marked_name (s, g, u, FALSE);
      g_string_append (s, " times the local derivative ");
    }
  append_which_local (s, g, u, v);
  g_string_append_c (s, '.');
  q->hints[0] = g_strdup (s->str);

  /* 2: in symbols */
  g_string_truncate (s, 0);
  if (local)
    {
      append_partial (s, g, u, v);
      g_string_append_printf (s, " = %s", formula);
    }
  else
    {
      g_string_append (s, "Chain rule: ");
      ag_trace_append_marked_name (s, g, v, FALSE);
      g_string_append (s, " += ");
      ag_trace_append_marked_name (s, g, u, FALSE);
      g_string_append (s, "·");
      append_partial (s, g, u, v);
      g_string_append (s, " = ");
      ag_trace_append_marked_name (s, g, u, FALSE);
      g_string_append_printf (s, "·%s", factor);
    }
  q->hints[1] = g_strdup (s->str);

  /* 3: with the numbers */
  g_string_truncate (s, 0);
  if (local)
    {
      append_partial (s, g, u, v);
      g_string_append_printf (s, " = %s at ", formula);
      append_input_values (s, g, u, TRUE);
    }
  else
    {
      ag_trace_append_marked_name (s, g, u, FALSE);
      g_string_append (s, " = ");
      ag_format_human (s, ubar);
      g_string_append (s, " and ");
      append_partial (s, g, u, v);
      g_string_append (s, " = ");
      ag_format_human (s, st->local);
      g_string_append (s, ", so ");
      ag_trace_append_marked_name (s, g, v, FALSE);
      g_string_append (s, " += ");
      append_factor (s, ubar);
      g_string_append (s, "·");
      append_factor (s, st->local);
    }
  q->hints[2] = g_strdup (s->str);

  /* the reveal */
  g_string_truncate (s, 0);
  if (local)
    {
      append_partial (s, g, u, v);
      g_string_append_printf (s, " = %s = ", formula);
    }
  else
    {
      ag_trace_append_marked_name (s, g, v, FALSE);
      g_string_append (s, " += ");
      ag_trace_append_marked_name (s, g, u, FALSE);
      g_string_append (s, "·");
      append_partial (s, g, u, v);
      g_string_append (s, " = ");
      append_factor (s, ubar);
      g_string_append (s, "·");
      append_factor (s, st->local);
      g_string_append (s, " = ");
    }
  ag_format_human (s, q->expected);
  q->reveal = g_string_free (s, FALSE);
}

/* ---- grad -------------------------------------------------------------------------------- */

/* The backward steps into @id in the pass that step @k belongs to. */
static GArray *
contributions (const AgTrace *trace, AgId id, guint k)
{
  GArray *terms = g_array_new (FALSE, FALSE, sizeof (guint));
  guint start = 0;

  for (guint i = 0; i <= k && i < ag_trace_n_steps (trace); i++)
    {
      AgStepKind kind = ag_trace_step (trace, i)->kind;
      if (kind == AG_STEP_SEED || kind == AG_STEP_ZERO_GRAD)
        start = i;
    }
  for (guint i = start + 1; i < ag_trace_n_steps (trace); i++)
    {
      const AgStep *s = ag_trace_step (trace, i);
      if (s->kind == AG_STEP_SEED || s->kind == AG_STEP_ZERO_GRAD)
        break;
      if (s->kind == AG_STEP_BACKWARD && s->to == id)
        g_array_append_val (terms, i);
    }
  return terms;
}

/* "z̄·∂z/∂x + grad(x^2)·∂(x^2)/∂x" or, with @numbers, "1·1 + 1·6". */
static void
append_terms (GString *s, const AgTrace *trace, const AgGraph *g, AgId id, GArray *terms,
              gboolean numbers)
{
  for (guint t = 0; t < terms->len; t++)
    {
      const AgStep *st = ag_trace_step (trace, g_array_index (terms, guint, t));

      if (t > 0)
        g_string_append (s, " + ");
      if (!numbers)
        {
          ag_trace_append_marked_name (s, g, st->from, FALSE);
          g_string_append (s, "·");
          append_partial (s, g, st->from, id);
        }
      else if (!isnan (st->local))
        {
          append_factor (s, *ag_trace_data (trace, st->sent));
          g_string_append (s, "·");
          append_factor (s, st->local);
        }
      else
        append_factor (s, *ag_trace_data (trace, st->delta));
    }
}

static void
fill_grad (AgQuestion *q, const AgTrace *trace, const AgGraph *g)
{
  g_autoptr (GArray) terms = contributions (trace, q->node, q->step);
  const char *output = ag_graph_display_name (g, g->output);
  GString *s = g_string_new (NULL);

  if (q->prompt == NULL)
    {
      g_string_append (s, "What is ");
      ag_trace_append_marked_name (s, g, q->node, FALSE);
      g_string_append (s, " = ");
      append_partial (s, g, g->output, q->node);
      g_string_append (s, " once the backward pass is done?");
      q->prompt = g_strdup (s->str);
    }

  g_string_truncate (s, 0);
  if (terms->len == 0)
    {
      g_string_printf (s, "%s is the output: how much does %s change when %s does?", output,
                       output, output);
      q->hints[0] = g_strdup (s->str);
      g_string_truncate (s, 0);
      ag_trace_append_marked_name (s, g, q->node, FALSE);
      g_string_append (s, " = ");
      append_partial (s, g, g->output, q->node);
      q->hints[1] = g_strdup (s->str);
      g_string_append (s, " = ");
      ag_format_human (s, q->expected);
      q->reveal = g_string_free (s, FALSE);
      return;
    }

  ag_trace_append_marked_name (s, g, q->node, FALSE);
  if (terms->len == 1)
    {
      const AgStep *st = ag_trace_step (trace, g_array_index (terms, guint, 0));
      g_string_append_printf (s, " gets one contribution, from %s: ",
                              ag_graph_display_name (g, st->from));
      ag_trace_append_marked_name (s, g, st->from, FALSE);
      g_string_append (s, " times the local derivative ");
      append_partial (s, g, st->from, q->node);
      g_string_append_c (s, '.');
    }
  else
    {
      g_string_append_printf (s, " adds up the %u contributions its paths send, ", terms->len);
      for (guint t = 0; t < terms->len; t++)
        {
          const AgStep *st = ag_trace_step (trace, g_array_index (terms, guint, t));
          g_string_append_printf (s, "%s%s", t == 0 ? "from " : t + 1 == terms->len
                                  ? " and from " : ", from ", ag_graph_display_name (g, st->from));
        }
      g_string_append (s, ": each is ū times its local derivative.");
    }
  q->hints[0] = g_strdup (s->str);

  g_string_truncate (s, 0);
  ag_trace_append_marked_name (s, g, q->node, FALSE);
  g_string_append (s, " = ");
  append_terms (s, trace, g, q->node, terms, FALSE);
  q->hints[1] = g_strdup (s->str);

  g_string_truncate (s, 0);
  ag_trace_append_marked_name (s, g, q->node, FALSE);
  g_string_append (s, " = ");
  append_terms (s, trace, g, q->node, terms, TRUE);
  q->hints[2] = g_strdup (s->str);

  g_string_truncate (s, 0);
  ag_trace_append_marked_name (s, g, q->node, FALSE);
  g_string_append (s, " = ");
  append_terms (s, trace, g, q->node, terms, FALSE);
  g_string_append (s, " = ");
  append_terms (s, trace, g, q->node, terms, TRUE);
  g_string_append (s, " = ");
  ag_format_human (s, q->expected);
  q->reveal = g_string_free (s, FALSE);
}

void
ag_question_fill_text (AgQuestion *q, const AgTrace *trace, const AgGraph *graph)
{
  g_return_if_fail (q != NULL && trace != NULL && graph != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (q->hints); i++)
    g_clear_pointer (&q->hints[i], g_free);
  g_clear_pointer (&q->reveal, g_free);
  switch (q->kind)
    {
    case AG_QUESTION_VALUE:
      fill_value (q, graph);
      break;
    case AG_QUESTION_LOCAL:
    case AG_QUESTION_CONTRIBUTION:
      fill_edge (q, trace, graph);
      break;
    case AG_QUESTION_GRAD:
      fill_grad (q, trace, graph);
      break;
    default:
      g_return_if_reached ();   /* first-wrong-step: core/bug.c writes its own */
    }
}
