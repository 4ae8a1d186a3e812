/* program-grad.c: `grad(y, x)` in the program language: the derivative of the scalar y with
 * respect to x, built as nodes by core/grad-build.c and recorded as one call named "grad" in
 * the call table, so the canvas draws the backward graph folded under a "grad" box. The nodes
 * are ordinary, so grad(grad(y, x), x) is the second derivative and `W - 0.1 * grad(L, W)` an
 * update written in the program. */
#include "core/program.h"
#include "core/program-private.h"
#include "core/grad-build.h"
#include "core/graph-calls.h"

gboolean
ag_parser_is_grad_call (const Parser *p, guint name_at)
{
  return tok_equals (p, tok (p, name_at), "grad") &&
         ag_parser_lookup_function (p, "grad") == NULL;
}

/* The arguments of `grad(…)` from the '(' at @open: their nodes in @args, their first and
 * last tokens in @spans (two a piece), the ')' in @close. */
static gboolean
parse_args (Parser *p, guint open, GArray *args, GArray *spans, guint *close)
{
  p->pos = open + 1;
  while (peek (p)->kind != AG_TOK_RPAREN)
    {
      Expr arg;

      if (!ag_parser_parse_expr (p, &arg))
        return FALSE;
      g_array_append_val (args, arg.id);
      g_array_append_val (spans, arg.first);
      g_array_append_val (spans, arg.last);
      if (peek (p)->kind == AG_TOK_COMMA)
        p->pos++;
      else if (peek (p)->kind != AG_TOK_RPAREN)
        {
          g_autofree char *found = tok_describe (p, peek (p));
          if (ends_statement (peek (p)->kind))
            ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ')' to close the '(' at %u:%u",
                               tok (p, open)->line, tok (p, open)->col);
          else
            ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or ')' between the "
                               "arguments of grad, found %s", found);
          return FALSE;
        }
    }
  *close = p->pos++;
  return TRUE;
}

gboolean
ag_parser_parse_grad (Parser *p, guint name_at, Expr *out)
{
  const guint open = name_at + 1;
  g_autoptr (GArray) args = g_array_new (FALSE, FALSE, sizeof (AgId));
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GError) local = NULL;
  g_autofree char *call_name = NULL, *y_text = NULL, *x_text = NULL;
  const AgToken *a;
  guint close, call;
  AgId first, result;

  *out = (Expr) { AG_NO_ID, name_at, name_at, FALSE };
  if (!ag_parser_enter (p, open))
    return FALSE;
  if (!parse_args (p, open, args, spans, &close))
    return FALSE;
  ag_parser_leave (p);
  out->last = close;
  if (args->len != 2)
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, name_at, close, "grad takes 2 arguments "
                           "(y, x): the number to differentiate and what to differentiate it "
                           "by, got %u", args->len);
      return FALSE;
    }
  if (p->dry)
    return TRUE;
  p->n_grads++;
  call_name = p->n_grads == 1 ? g_strdup ("grad") : g_strdup_printf ("grad#%u", p->n_grads);
  a = tok (p, name_at);
  call = ag_graph_begin_call (p->graph, "grad", call_name, a->line, a->col,
                              tok (p, close)->cpos + tok (p, close)->nchars - a->cpos,
                              (const AgId *) (void *) args->data, 2);
  first = ag_graph_n_nodes (p->graph);
  y_text = ag_parser_span_text (p, g_array_index (spans, guint, 0),
                                g_array_index (spans, guint, 1));
  x_text = ag_parser_span_text (p, g_array_index (spans, guint, 2),
                                g_array_index (spans, guint, 3));
  if (!ag_grad_build (p->graph, g_array_index (args, AgId, 0), g_array_index (args, AgId, 1),
                      y_text, x_text, &result, &local))
    {
      ag_parser_fail_span (p, local->code, name_at, close, "%s", local->message);
      return FALSE;
    }
  /* Every node of the backward graph was written by this one call. */
  for (AgId id = first; id < ag_graph_n_nodes (p->graph); id++)
    ag_graph_set_span (p->graph, id, a->line, a->col,
                       tok (p, close)->cpos + tok (p, close)->nchars - a->cpos);
  ag_graph_end_call (p->graph, call, result);
  out->id = result;
  return TRUE;
}
