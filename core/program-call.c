/* program-call.c: calls of the builtins that take more than their inputs, written as PyTorch
 * writes them: an axis and keepdim (sum(x, 1), mean(x, dim=-1, keepdim=True), softmax(x, 0)),
 * or the inputs as a list (cat([a, b], 1), stack((a, b))). The op table's AgCallForm says
 * which; the axis and keepdim become the node's attributes. */
#include "core/program.h"
#include "core/program-private.h"
#include "core/ops.h"

typedef struct {
  const AgOpInfo *info;
  const char     *name;
  GArray         *inputs;            /* AgId */
  guint           input_first;       /* the tokens of the first input (or list), for messages */
  guint           input_last;
  gint64          axis;
  guint           axis_first, axis_last;
  gboolean        has_axis;
  int             keepdim;           /* -1 not written, else 0 or 1 */
  guint           keep_at;
  gboolean        maximum;           /* max(a, b) with a tensor b: torch.max's other overload */
} Call;

/* How the op is called, for messages: "sum(x), sum(x, dim) or sum(x, dim, keepdim)". */
static char *
call_usage (const Call *c)
{
  const char *n = c->name;

  switch (c->info->call)
    {
    case AG_CALL_REDUCE:
      return g_strdup_printf ("%s(x), %s(x, dim) or %s(x, dim, keepdim)", n, n, n);
    case AG_CALL_AXIS:
      return g_strdup_printf ("%s(x) or %s(x, dim)", n, n);
    case AG_CALL_LIST:
    case AG_CALL_INPUTS:
    default:
      return g_strdup_printf ("%s([a, b]) or %s([a, b], dim)", n, n);
    }
}

/* An optional sign and a number, then ',' or ')': what an axis looks like. */
static gboolean
at_number_argument (const Parser *p)
{
  guint i = p->pos + (is_sign (peek (p)->kind) ? 1 : 0);

  return tok (p, i)->kind == AG_TOK_NUMBER &&
         (tok (p, i + 1)->kind == AG_TOK_COMMA || tok (p, i + 1)->kind == AG_TOK_RPAREN);
}

/* An axis: a whole number written in the call, possibly negative (counted from the end). */
static gboolean
parse_axis (Parser *p, Call *c)
{
  gboolean negative = FALSE;
  guint64 v = 0;
  const AgToken *t;

  if (c->has_axis)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "%s is given its axis twice", c->name);
      return FALSE;
    }
  c->axis_first = p->pos;
  if (is_sign (peek (p)->kind))
    {
      negative = peek (p)->kind == AG_TOK_MINUS;
      p->pos++;
    }
  t = peek (p);
  for (guint32 k = t->start; t->kind == AG_TOK_NUMBER && k < t->end; k++)
    {
      if (!g_ascii_isdigit (p->text[k]))
        {
          t = NULL;
          break;
        }
      v = MIN (v * 10 + (guint64) (p->text[k] - '0'), (guint64) G_MAXINT32);
    }
  if (t == NULL || t->kind != AG_TOK_NUMBER)
    {
      g_autofree char *found = tok_describe (p, peek (p));
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, c->axis_first, p->pos,
                           "the axis of %s must be a whole number written in the program, "
                           "e.g. %s(x, 1), not %s", c->name, c->name, found);
      return FALSE;
    }
  c->axis = negative ? -(gint64) v : (gint64) v;
  c->axis_last = p->pos++;
  c->has_axis = TRUE;
  return TRUE;
}

static gboolean
parse_keepdim (Parser *p, Call *c)
{
  const AgToken *t = peek (p);

  if (c->info->call != AG_CALL_REDUCE)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "%s takes no keepdim: its result has the "
                         "shape of its input", c->name);
      return FALSE;
    }
  if (c->keepdim >= 0)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "%s is given keepdim twice", c->name);
      return FALSE;
    }
  if (t->kind != AG_TOK_NAME || !(tok_equals (p, t, "True") || tok_equals (p, t, "False")))
    {
      g_autofree char *found = tok_describe (p, t);
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "keepdim is True or False, not %s", found);
      return FALSE;
    }
  c->keepdim = tok_equals (p, t, "True");
  c->keep_at = p->pos++;
  return TRUE;
}

/* The list of a list call: [a, b, …] or (a, b, …), as torch.cat and torch.stack take it. */
static gboolean
parse_input_list (Parser *p, Call *c)
{
  const guint open = p->pos;
  const AgTokenKind close = peek (p)->kind == AG_TOK_LBRACKET ? AG_TOK_RBRACKET : AG_TOK_RPAREN;
  const char *closer = close == AG_TOK_RBRACKET ? "]" : ")";

  if (peek (p)->kind != AG_TOK_LBRACKET && peek (p)->kind != AG_TOK_LPAREN)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "%s takes its tensors in a list, as in "
                         "PyTorch: %s([a, b]) or %s([a, b], 1)", c->name, c->name, c->name);
      return FALSE;
    }
  if (!ag_parser_enter (p, open))
    return FALSE;
  p->pos++;
  while (peek (p)->kind != close)
    {
      Expr e;

      if (!ag_parser_parse_expr (p, &e))
        return FALSE;
      g_array_append_val (c->inputs, e.id);
      if (peek (p)->kind == AG_TOK_COMMA)
        p->pos++;
      else if (peek (p)->kind != close)
        {
          g_autofree char *found = tok_describe (p, peek (p));
          if (ends_statement (peek (p)->kind))
            ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing '%s' to close the '%c' at "
                               "%u:%u", closer, *closer == ']' ? '[' : '(', tok (p, open)->line,
                               tok (p, open)->col);
          else
            ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or '%s' between the "
                               "tensors of %s, found %s", closer, c->name, found);
          return FALSE;
        }
    }
  ag_parser_leave (p);
  if (c->inputs->len == 0)
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, open, p->pos, "%s needs at least one tensor in "
                           "its list", c->name);
      return FALSE;
    }
  c->input_first = open;
  c->input_last = p->pos++;
  return TRUE;
}

/* One argument after the first: dim=…, axis=…, keepdim=…, or the @k-th positional one. */
static gboolean
parse_option (Parser *p, Call *c, guint k, gboolean *keywords)
{
  const AgToken *t = peek (p);

  if (t->kind == AG_TOK_NAME && tok (p, p->pos + 1)->kind == AG_TOK_EQUALS)
    {
      const guint at = p->pos;
      *keywords = TRUE;
      p->pos += 2;
      if (tok_equals (p, t, "dim") || tok_equals (p, t, "axis"))
        return parse_axis (p, c);
      if (tok_equals (p, t, "keepdim") || tok_equals (p, t, "keepdims"))
        return parse_keepdim (p, c);
      g_autofree char *word = tok_dup (p, t);
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, at, "%s has no argument '%s': it takes dim (or "
                         "axis)%s", c->name, word,
                         c->info->call == AG_CALL_REDUCE ? " and keepdim" : "");
      return FALSE;
    }
  if (*keywords)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "an argument without a name cannot follow "
                         "one with a name, as in Python");
      return FALSE;
    }
  if (k == 1 && c->info->op == AG_OP_MAX && !at_number_argument (p))
    {
      Expr e;                       /* torch.max(input, other) is torch.maximum */

      if (!ag_parser_parse_expr (p, &e))
        return FALSE;
      g_array_append_val (c->inputs, e.id);
      c->maximum = TRUE;
      return TRUE;
    }
  if (k == 1)
    return parse_axis (p, c);
  if (k == 2 && c->info->call == AG_CALL_REDUCE && !c->maximum)
    return parse_keepdim (p, c);
  g_autofree char *usage = call_usage (c);
  ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "too many arguments: write %s",
                     c->maximum ? "max(a, b) or maximum(a, b)" : usage);
  return FALSE;
}

/* The axes the call's result counts from: a stack adds one; a scalar has axis 0, as in
 * PyTorch. */
static guint
n_axes (const Parser *p, const Call *c)
{
  const AgShape s = ag_graph_node (p->graph, g_array_index (c->inputs, AgId, 0))->shape;

  return c->info->op == AG_OP_STACK ? s.ndim + 1u : MAX (s.ndim, 1u);
}

/* The written axis as 0 … n − 1 (negative counts from the end), or a message at it. */
static gboolean
normalize_axis (Parser *p, Call *c, gint32 *axis)
{
  const guint n = n_axes (p, c);
  const gint64 a = c->axis < 0 ? c->axis + n : c->axis;

  if (a < 0 || a >= (gint64) n)
    {
      g_autofree char *list = ag_parser_span_text (p, c->input_first, c->input_last);
      g_autofree char *of = c->info->op == AG_OP_STACK ? g_strconcat ("the stack of ", list, NULL)
                                                       : g_strdup (list);
      if (n == 1)
        ag_parser_fail_span (p, AG_ERROR_SHAPE, c->axis_first, c->axis_last,
                             "axis %" G_GINT64_FORMAT " is out of range: %s has one axis, 0 "
                             "(or -1)", c->axis, of);
      else
        ag_parser_fail_span (p, AG_ERROR_SHAPE, c->axis_first, c->axis_last,
                             "axis %" G_GINT64_FORMAT " is out of range: %s has %u axes, 0 to "
                             "%u (or -%u to -1)", c->axis, of, n, n - 1, n);
      return FALSE;
    }
  *axis = (gint32) a;
  return TRUE;
}

static gboolean
parse_arguments (Parser *p, Call *c)
{
  gboolean keywords = FALSE;

  if (c->info->call == AG_CALL_LIST)
    {
      if (!parse_input_list (p, c))
        return FALSE;
    }
  else
    {
      Expr e;

      if (peek (p)->kind == AG_TOK_RPAREN)
        {
          g_autofree char *usage = call_usage (c);
          ag_parser_fail_span (p, AG_ERROR_SYNTAX, p->pos - 2, p->pos, "%s takes a tensor: "
                               "write %s", c->name, usage);
          return FALSE;
        }
      c->input_first = p->pos;
      if (!ag_parser_parse_expr (p, &e))
        return FALSE;
      c->input_last = p->pos - 1;
      g_array_append_val (c->inputs, e.id);
    }
  for (guint k = 1; peek (p)->kind == AG_TOK_COMMA; k++)
    {
      p->pos++;
      if (peek (p)->kind == AG_TOK_RPAREN)      /* f(x, 1,) as Python allows */
        break;
      if (!parse_option (p, c, k, &keywords))
        return FALSE;
    }
  return TRUE;
}

gboolean
ag_parser_parse_option_call (Parser *p, AgOp op, guint name_at, Expr *out)
{
  const AgOpInfo *info = ag_op_info (op);
  const guint open = name_at + 1;
  g_autofree char *name = tok_dup (p, tok (p, name_at));
  g_autoptr (GArray) inputs = g_array_new (FALSE, FALSE, sizeof (AgId));
  Call c = { .info = info, .name = name, .inputs = inputs, .keepdim = -1 };
  gint32 attrs[2] = { -1, -1 };
  guint close;

  if (!ag_parser_enter (p, open))
    return FALSE;
  p->pos = open + 1;
  if (!parse_arguments (p, &c))
    return FALSE;
  if (peek (p)->kind != AG_TOK_RPAREN)
    {
      g_autofree char *found = tok_describe (p, peek (p));
      if (ends_statement (peek (p)->kind))
        ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ')' to close the '(' at %u:%u",
                           tok (p, open)->line, tok (p, open)->col);
      else
        ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or ')' between the "
                           "arguments of %s, found %s", name, found);
      return FALSE;
    }
  close = p->pos++;
  ag_parser_leave (p);

  if (c.maximum && (c.has_axis || c.keepdim >= 0))
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, c.has_axis ? c.axis_first : c.keep_at,
                         "max(a, b) is maximum(a, b), element by element: it takes no axis or "
                         "keepdim");
      return FALSE;
    }
  if (c.maximum)
    return ag_parser_build_op (p, AG_OP_MAXIMUM, (const AgId *) (void *) inputs->data, 2, NULL,
                               name_at, close, out);
  if (c.keepdim >= 0 && !c.has_axis)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, c.keep_at, "keepdim needs an axis, e.g. "
                         "%s(x, 0, keepdim=True)", name);
      return FALSE;
    }
  /* A body checked at its `def` (program-def.c) has no shapes to count axes against. */
  if (c.has_axis && !p->dry && !normalize_axis (p, &c, &attrs[0]))
    return FALSE;
  if (c.keepdim == 1)
    attrs[1] = 1;
  return ag_parser_build_op (p, info->op, (const AgId *) (void *) inputs->data, inputs->len,
                             attrs, name_at, close, out);
}
