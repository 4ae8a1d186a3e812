/* trace.c: the steps of a run, and the sentences that explain them. */
#include "core/trace.h"
#include "core/format.h"
#include "core/ops-text.h"
#include "core/ops.h"

#include <math.h>
#include <string.h>

AgTrace *
ag_trace_new (void)
{
  AgTrace *t = g_new0 (AgTrace, 1);

  t->steps = g_array_new (FALSE, FALSE, sizeof (AgStep));
  t->data = g_array_new (FALSE, FALSE, sizeof (double));
  return t;
}

void
ag_trace_clear (AgTrace *trace)
{
  g_return_if_fail (trace != NULL);
  g_array_set_size (trace->steps, 0);
  g_array_set_size (trace->data, 0);
}

void
ag_trace_free (AgTrace *trace)
{
  if (trace == NULL)
    return;
  g_array_unref (trace->steps);
  g_array_unref (trace->data);
  g_free (trace);
}

const char *
ag_step_kind_to_string (AgStepKind kind)
{
  static const char *names[] = {
    "forward", "seed", "backward", "tangent-seed", "tangent", "zero-grad", "update",
  };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), "?");
  return names[kind];
}

static gsize
append_data (AgTrace *trace, guint size, const double *src)
{
  gsize offset = trace->data->len;

  if (size == 0)      /* zero-grad steps carry no data, and the array may have none yet */
    return offset;
  g_array_set_size (trace->data, offset + size);
  if (src)
    memcpy (&g_array_index (trace->data, double, offset), src, size * sizeof (double));
  else
    memset (&g_array_index (trace->data, double, offset), 0, size * sizeof (double));
  return offset;
}

AgStep *
ag_trace_append (AgTrace *trace, AgStepKind kind, AgId from, AgId to, guint slot, guint size,
                 const double *delta, const double *after)
{
  AgStep step = {
    .kind = kind, .from = from, .to = to, .slot = slot, .size = size, .local = NAN,
    .sent = G_MAXSIZE,
  };

  g_return_val_if_fail (trace != NULL, NULL);
  step.delta = append_data (trace, size, delta);
  step.after = append_data (trace, size, after);
  g_array_append_val (trace->steps, step);
  return &g_array_index (trace->steps, AgStep, trace->steps->len - 1);
}

/* ---- sentences ------------------------------------------------------------------------- */

/* x̄ (the adjoint, ∂output/∂x) or ẋ (the tangent) of a node: a combining mark on a plain name,
 * grad(…) / tangent(…) around an expression, where a mark would be lost. A name of several
 * characters gets a combining overline (U+0305) on each, which joins into one bar over the
 * whole name, "w̅1̅": a macron after it sat on its last character only ("w1̄" read as w and
 * the adjoint of 1). A dot has no such joining form, so a long name's tangent is tangent(w1). */
void
ag_trace_append_marked_name (GString *out, const AgGraph *g, AgId id, gboolean tangent)
{
  const char *name = ag_graph_display_name (g, id);

  if (ag_format_is_identifier (name) && g_utf8_strlen (name, -1) == 1)
    {
      /* NFC, so ȳ is the one character people type, not y and a combining macron. */
      g_autofree char *marked = g_strconcat (name, tangent ? "\u0307" : "\u0304", NULL);
      g_autofree char *nfc = g_utf8_normalize (marked, -1, G_NORMALIZE_NFC);
      g_string_append (out, nfc);
    }
  else if (ag_format_is_identifier (name) && !tangent)
    for (const char *c = name; *c; c = g_utf8_next_char (c))
      {
        g_string_append_len (out, c, g_utf8_next_char (c) - c);
        g_string_append (out, "\u0305");
      }
  else
    g_string_append_printf (out, "%s(%s)", tangent ? "tangent" : "grad", name);
}

/* Tensors in a sentence stay short: at most CHAIN_MAX_COLS columns and CHAIN_MAX_ROWS rows. */
#define CHAIN_MAX_COLS 7
#define CHAIN_MAX_ROWS 4

/* A value in a sentence: numbers for people (ag_format_human: 4 significant digits unless the
 * preference says otherwise), and a big tensor cut short ("…") as numpy does, so a step of a
 * network reads as a sentence, not a page of numbers (`adjoint trace --json` gives every
 * element exactly, the inspector on demand). */
#define SENTENCE_MAX_ROWS 2
#define SENTENCE_MAX_COLS 5

static void
append_value (GString *out, AgShape shape, const double *data, gboolean every_element)
{
  if (every_element)
    ag_format_tensor_human_cut (out, shape, data, G_MAXUINT, G_MAXUINT);
  else
    ag_format_tensor_human_cut (out, shape, data, SENTENCE_MAX_ROWS, SENTENCE_MAX_COLS);
}

/* "x + 1 = 3 + 1" when every input is a scalar; just the expression otherwise. */
static void
append_forward (GString *out, const AgGraph *g, AgId id)
{
  const AgNode *n = ag_graph_node (g, id);
  g_autofree char *expr = ag_op_describe_expression (g, id);
  gboolean scalars = TRUE;

  if (n->name)
    g_string_append_printf (out, "%s = %s", n->name, expr);
  else
    g_string_append (out, ag_graph_display_name (g, id));
  for (guint i = 0; i < n->n_inputs; i++)
    scalars &= ag_graph_node (g, ag_graph_input (g, n, i))->size == 1;
  if (scalars && n->n_inputs > 0)
    {
      g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < n->n_inputs; i++)
        {
          GString *s = g_string_new (NULL);
          double v = *ag_graph_value (g, ag_graph_input (g, n, i));
          if (v < 0)
            g_string_append_c (s, '(');
          ag_format_human (s, v);
          if (v < 0)
            g_string_append_c (s, ')');
          g_ptr_array_add (texts, g_string_free (s, FALSE));
        }
      g_autofree char *subst = ag_op_describe_expression_with (g, id, (const char *const *) texts->pdata);
      g_string_append_printf (out, " = %s", subst);
    }
}

char *
ag_trace_describe_step (const AgTrace *trace, const AgGraph *graph, guint k)
{
  return ag_trace_describe_step_with (trace, graph, k, FALSE);
}

char *
ag_trace_describe_step_with (const AgTrace *trace, const AgGraph *graph, guint k,
                             gboolean every_element)
{
  const AgStep *s;
  GString *out;

  g_return_val_if_fail (trace != NULL && graph != NULL && k < ag_trace_n_steps (trace), NULL);
  s = ag_trace_step (trace, k);
  out = g_string_new (NULL);
  g_string_append_printf (out, "%s %u: ", ag_step_kind_to_string (s->kind), k + 1);

  switch (s->kind)
    {
    case AG_STEP_FORWARD:
      {
        const AgNode *n = ag_graph_node (graph, s->to);
        append_forward (out, graph, s->to);
        g_string_append (out, " = ");
        append_value (out, n->shape, ag_trace_data (trace, s->after), every_element);
        break;
      }
    case AG_STEP_SEED:
      ag_trace_append_marked_name (out, graph, s->to, FALSE);
      if (*ag_trace_data (trace, s->after) != 1.0)
        {
          /* A seed on an adjoint nobody zeroed (core/bug.c, no-zero-grad): say what it holds. */
          g_string_append (out, " += 1 → ");
          ag_trace_append_marked_name (out, graph, s->to, FALSE);
          g_string_append (out, " = ");
          ag_format_human (out, *ag_trace_data (trace, s->after));
          g_string_append (out, " (the seed lands on an adjoint that was not zeroed)");
          break;
        }
      g_string_append (out, " = 1 (the output's adjoint starts at 1, since ∂");
      g_string_append_printf (out, "%s/∂%s = 1)", ag_graph_display_name (graph, s->to),
                              ag_graph_display_name (graph, s->to));
      break;
    case AG_STEP_TANGENT_SEED:
      {
        const AgNode *n = ag_graph_node (graph, s->to);
        ag_trace_append_marked_name (out, graph, s->to, TRUE);
        if (n->size > 1)
          g_string_append_printf (out, "[%u]", s->slot);
        g_string_append_printf (out, " = 1 (forward mode: differentiate with respect to %s",
                                ag_graph_display_name (graph, s->to));
        if (n->size > 1)
          g_string_append_printf (out, "[%u]", s->slot);
        g_string_append (out, ")");
        break;
      }
    case AG_STEP_BACKWARD:
    case AG_STEP_TANGENT:
      {
        const gboolean tangent = s->kind == AG_STEP_TANGENT;
        /* Backward: u = from (consumer), v = to. Tangent: v = from (input), u = to. */
        const AgId u = tangent ? s->to : s->from, v = tangent ? s->from : s->to;
        const AgNode *un = ag_graph_node (graph, u), *vn = ag_graph_node (graph, v);
        const AgNode *src = ag_graph_node (graph, s->from), *dst = ag_graph_node (graph, s->to);
        const double *src_vals = ag_trace_data (trace, s->sent);
        g_autofree char *formula = ag_op_describe_derivative (graph, u, s->slot);

        ag_trace_append_marked_name (out, graph, s->from, tangent);
        g_string_append (out, " = ");
        append_value (out, src->shape, src_vals, every_element);
        g_string_append_printf (out, " flows to %s: ", ag_graph_display_name (graph, s->to));
        ag_trace_append_marked_name (out, graph, s->to, tangent);
        g_string_append (out, " += ");
        if (un->size == 1 && vn->size == 1)
          {
            if (tangent)
              g_string_append_printf (out, "%s · ", formula);
            ag_format_human (out, src_vals[0]);
            if (!tangent)
              g_string_append_printf (out, " · %s", formula);
          }
        else
          {
            g_string_append_printf (out, "%s(", tangent ? "jvp" : "vjp");
            ag_trace_append_marked_name (out, graph, s->from, tangent);
            g_string_append_printf (out, ", ∂%s/∂%s = %s)", ag_graph_display_name (graph, u),
                                    ag_graph_display_name (graph, v), formula);
          }
        g_string_append (out, " = ");
        append_value (out, dst->shape, ag_trace_data (trace, s->delta), every_element);
        g_string_append (out, " → ");
        ag_trace_append_marked_name (out, graph, s->to, tangent);
        g_string_append (out, " = ");
        append_value (out, dst->shape, ag_trace_data (trace, s->after), every_element);
        break;
      }
    case AG_STEP_ZERO_GRAD:
      g_string_append (out, "every adjoint is set to 0, so this step's gradients do not add to the last one's");
      break;
    case AG_STEP_UPDATE:
      /* Parameters are tensors of any size: a sentence shows the first few elements. */
      g_string_append_printf (out, "the optimizer moves %s against its gradient, by ",
                              ag_graph_display_name (graph, s->to));
      append_value (out, ag_graph_node (graph, s->to)->shape, ag_trace_data (trace, s->delta),
                    every_element);
      g_string_append_printf (out, ", to %s = ", ag_graph_display_name (graph, s->to));
      append_value (out, ag_graph_node (graph, s->to)->shape, ag_trace_data (trace, s->after),
                    every_element);
      break;
    }
  return g_string_free (out, FALSE);
}

/* ---- the chain rule -------------------------------------------------------------------- */

/* How a node is written inside ∂u/∂v: a plain name as it is, an expression in parentheses,
 * so ∂(x^2)/∂x does not read as a power of ∂. */
static void
append_partial_name (GString *out, const AgGraph *g, AgId id)
{
  const char *name = ag_graph_display_name (g, id);

  if (ag_format_is_identifier (name))
    g_string_append (out, name);
  else
    g_string_append_printf (out, "(%s)", name);
}

/* A number as a factor or a later term: negatives in parentheses, so "8·(−3)"; @digits
 * significant digits or AG_FORMAT_EXACT. */
static void
append_factor (GString *out, double x, int digits)
{
  if (x < 0)
    g_string_append_c (out, '(');
  if (digits == AG_FORMAT_EXACT)
    ag_format_number (out, x);
  else
    ag_format_human_digits (out, x, digits);
  if (x < 0)
    g_string_append_c (out, ')');
}


char *
ag_trace_describe_chain_rule (const AgTrace *trace, const AgGraph *graph, AgId id, guint k)
{
  return ag_trace_describe_chain_rule_digits (trace, graph, id, k, ag_format_get_human_digits ());
}

char *
ag_trace_describe_chain_rule_digits (const AgTrace *trace, const AgGraph *graph, AgId id,
                                     guint k, int digits)
{
  g_autoptr (GArray) terms = NULL;      /* guint: the backward steps into @id, in order */
  const AgNode *n;
  const AgStep *last;
  GString *out;
  gboolean seeded = FALSE;

  g_return_val_if_fail (trace != NULL && graph != NULL, NULL);
  g_return_val_if_fail (id < ag_graph_n_nodes (graph), NULL);

  n = ag_graph_node (graph, id);
  terms = g_array_new (FALSE, FALSE, sizeof (guint));
  k = MIN (k, ag_trace_n_steps (trace));
  for (guint i = 0; i < k; i++)
    {
      const AgStep *s = ag_trace_step (trace, i);

      switch (s->kind)
        {
        case AG_STEP_ZERO_GRAD:
          g_array_set_size (terms, 0);
          seeded = FALSE;
          break;
        case AG_STEP_SEED:
          /* A backward pass starts afresh for computed nodes; leaves accumulate (+=) across
           * passes until zeroed, as ag_graph_backward() does. */
          if (n->op != AG_OP_LEAF)
            g_array_set_size (terms, 0);
          seeded = s->to == id;
          break;
        case AG_STEP_BACKWARD:
          if (s->to == id)
            g_array_append_val (terms, i);
          break;
        default:
          break;
        }
    }

  out = g_string_new (NULL);
  ag_trace_append_marked_name (out, graph, id, FALSE);
  if (terms->len == 0)
    {
      if (!seeded)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append (out, " = 1 (the output: ∂");
      append_partial_name (out, graph, id);
      g_string_append (out, "/∂");
      append_partial_name (out, graph, id);
      g_string_append (out, " = 1)");
      return g_string_free (out, FALSE);
    }

  /* The symbols: ū·∂u/∂x for every consumer u, in the order the contributions arrived. */
  g_string_append (out, " = ");
  for (guint t = 0; t < terms->len; t++)
    {
      const AgStep *s = ag_trace_step (trace, g_array_index (terms, guint, t));

      if (t > 0)
        g_string_append (out, " + ");
      ag_trace_append_marked_name (out, graph, s->from, FALSE);
      g_string_append (out, "·∂");
      append_partial_name (out, graph, s->from);
      g_string_append (out, "/∂");
      append_partial_name (out, graph, id);
    }

  /* The numbers: ū·(local derivative) where both are scalars, else what the edge carried.
   * A lone tensor term would only repeat the result, so it is left out. */
  last = ag_trace_step (trace, g_array_index (terms, guint, terms->len - 1));
  if (terms->len > 1 || !isnan (last->local))
    {
      g_string_append (out, " = ");
      for (guint t = 0; t < terms->len; t++)
        {
          const AgStep *s = ag_trace_step (trace, g_array_index (terms, guint, t));

          if (t > 0)
            g_string_append (out, " + ");
          if (!isnan (s->local))
            {
              append_factor (out, *ag_trace_data (trace, s->sent), digits);
              g_string_append (out, "·");
              append_factor (out, s->local, digits);
            }
          else if (n->size == 1 && t > 0)
            append_factor (out, *ag_trace_data (trace, s->delta), digits);
          else
            ag_format_tensor_cut_digits (out, n->shape, ag_trace_data (trace, s->delta),
                                         CHAIN_MAX_ROWS, CHAIN_MAX_COLS, digits);
        }
    }
  g_string_append (out, " = ");
  ag_format_tensor_cut_digits (out, n->shape, ag_trace_data (trace, last->after), CHAIN_MAX_ROWS,
                               CHAIN_MAX_COLS, digits);
  return g_string_free (out, FALSE);
}
