/* program-expr.c: the program language's expressions, parsed by recursive descent into nodes:
 * calls, names, lists, indexing, powers, signs and the binary operators, with "did you mean"
 * for a misspelt name. */
#include "core/program.h"
#include "core/program-private.h"
#include "core/ops.h"

#include <math.h>

/* Names longer than this are never compared for "did you mean" (it is quadratic in length). */
#define SUGGEST_MAX_LEN 64

static gboolean parse_unary (Parser *p, Expr *out);

/* ---- suggestions ----------------------------------------------------------------------- */

/* Levenshtein distance ignoring ASCII case, or @limit + 1 when it is larger than @limit. */
static guint
edit_distance (const char *a, const char *b, guint limit)
{
  gsize la = strlen (a), lb = strlen (b);
  guint prev[SUGGEST_MAX_LEN + 1], cur[SUGGEST_MAX_LEN + 1];

  if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN || (la > lb ? la - lb : lb - la) > limit)
    return limit + 1;
  for (guint j = 0; j <= lb; j++)
    prev[j] = j;
  for (guint i = 1; i <= la; i++)
    {
      guint row_min;

      cur[0] = row_min = i;
      for (guint j = 1; j <= lb; j++)
        {
          guint cost = g_ascii_tolower (a[i - 1]) != g_ascii_tolower (b[j - 1]);
          cur[j] = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
          row_min = MIN (row_min, cur[j]);
        }
      if (row_min > limit)
        return limit + 1;
      memcpy (prev, cur, (lb + 1) * sizeof (guint));
    }
  return MIN (prev[lb], limit + 1);
}

/* How far a typo may be from what was meant: one edit for short names, two for longer. */
static guint
suggest_limit (const char *name)
{
  return strlen (name) <= 3 ? 1 : 2;
}

/* Keeps @candidate in @best when it is closer to @name, ties going to the first in ASCII
 * order so the suggestion does not depend on hash order. */
static void
suggest_consider (const char *name, const char *candidate, const char **best, guint *best_d)
{
  guint d = edit_distance (name, candidate, suggest_limit (name));

  if (d > suggest_limit (name) || strcmp (name, candidate) == 0)
    return;
  if (d < *best_d || (d == *best_d && strcmp (candidate, *best) < 0))
    {
      *best = candidate;
      *best_d = d;
    }
}

static const char *
suggest_function (Parser *p, const char *name)
{
  GHashTableIter iter;
  gpointer key;
  /* Names from other languages and slides that are far from ours in spelling. */
  static const struct { const char *alias, *name; } aliases[] = {
    { "ln", "log" }, { "sigma", "sigmoid" }, { "logistic", "sigmoid" }, { "sig", "sigmoid" },
  };
  const char *best = NULL;
  guint best_d = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (name, aliases[i].alias) == 0)
      return aliases[i].name;
  for (guint op = AG_OP_LEAF + 1; op < AG_N_OPS; op++)
    if (ag_op_is_function (ag_op_info (op)))
      suggest_consider (name, ag_op_info (op)->name, &best, &best_d);
  g_hash_table_iter_init (&iter, p->functions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    suggest_consider (name, key, &best, &best_d);
  return best;
}

static const char *
suggest_variable (Parser *p, const char *name)
{
  GHashTableIter iter;
  gpointer key;
  const char *best = NULL;
  guint best_d = G_MAXUINT;

  g_hash_table_iter_init (&iter, p->symbols);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    suggest_consider (name, key, &best, &best_d);
  return best;
}

/* ---- expressions ----------------------------------------------------------------------- */

/* The text of an expression for a message, e.g. "x" or "(a + b)". */
static char *
expr_text (const Parser *p, const Expr *e)
{
  return ag_parser_span_text (p, e->first, e->last);
}

static gboolean
parse_call (Parser *p, Expr *out)
{
  const guint name_at = p->pos, open = p->pos + 1;
  g_autofree char *name = tok_dup (p, tok (p, name_at));
  const AgOpInfo *info = ag_op_lookup (name);
  AgFunction *function = ag_parser_lookup_function (p, name);
  g_autoptr (GArray) args = g_array_new (FALSE, FALSE, sizeof (AgId));
  guint close;

  if (function == NULL && info == NULL && ag_parser_is_grad_call (p, name_at))
    return ag_parser_parse_grad (p, name_at, out);
  if (function == NULL && (info == NULL || !ag_op_is_function (info)))
    {
      static const char *const written[AG_N_OPS] = {
        [AG_OP_ADD] = "a + b", [AG_OP_SUB] = "a - b", [AG_OP_MUL] = "a * b",
        [AG_OP_DIV] = "a / b", [AG_OP_POW] = "a^b", [AG_OP_MATMUL] = "A @ B",
        [AG_OP_NEG] = "-a", [AG_OP_INDEX] = "x[0]",
      };
      const char *suggestion;

      if (info != NULL && written[info->op] != NULL)
        ag_parser_fail_at (p, AG_ERROR_NAME, name_at, "there is no function '%s': write %s", name,
                           written[info->op]);
      else if (ag_parser_explain_undefined_function (p, name_at, name))
        ;
      else if (g_hash_table_contains (p->symbols, name))
        ag_parser_fail_at (p, AG_ERROR_NAME, name_at, "'%s' is a variable, not a function: "
                           "write %s*(…) to multiply", name, name);
      else if ((suggestion = suggest_function (p, name)) != NULL)
        ag_parser_fail_at (p, AG_ERROR_NAME, name_at, "unknown function '%s'; did you mean '%s'?",
                           name,
                           suggestion);
      else
        ag_parser_fail_at (p, AG_ERROR_NAME, name_at, "unknown function '%s'", name);
      return FALSE;
    }
  if (function == NULL && info->call != AG_CALL_INPUTS)
    return ag_parser_parse_option_call (p, info->op, name_at, out);

  if (!ag_parser_enter (p, open))
    return FALSE;
  p->pos = open + 1;
  while (peek (p)->kind != AG_TOK_RPAREN)
    {
      Expr arg;

      if (!ag_parser_parse_expr (p, &arg))
        return FALSE;
      g_array_append_val (args, arg.id);
      if (peek (p)->kind == AG_TOK_COMMA)
        p->pos++;
      else if (peek (p)->kind != AG_TOK_RPAREN)
        {
          g_autofree char *found = tok_describe (p, peek (p));
          if (ends_statement (peek (p)->kind))
            ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ')' to close the '(' at %u:%u",
                               tok (p, open)->line, tok (p, open)->col);
          else
            ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                               "expected ',' or ')' between the arguments "
                     "of %s, found %s", name, found);
          return FALSE;
        }
    }
  close = p->pos++;
  ag_parser_leave (p);
  if (function != NULL)
    return ag_parser_call_function (p, function, args, name_at, close, out);
  if (args->len != (guint) info->arity)
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, name_at, close, "%s takes %d argument%s, got %u",
                           name,
                           info->arity, info->arity == 1 ? "" : "s", args->len);
      return FALSE;
    }
  return ag_parser_build_op (p, info->op, (const AgId *) (void *) args->data, args->len, NULL,
                             name_at,
                             close, out);
}

static gboolean
parse_name (Parser *p, Expr *out)
{
  const guint at = p->pos;
  g_autofree char *name = tok_dup (p, tok (p, at));
  gpointer value;
  const AgOpInfo *info;
  const char *suggestion;

  if (tok (p, at + 1)->kind == AG_TOK_LPAREN)
    return parse_call (p, out);
  if (g_hash_table_lookup_extended (p->symbols, name, NULL, &value))
    {
      p->pos++;
      *out = (Expr) { GPOINTER_TO_UINT (value) - 1, at, at, FALSE };
      return TRUE;
    }
  info = ag_op_lookup (name);
  if (ag_parser_explain_hidden_name (p, at, name))
    ;
  else if ((info != NULL && ag_op_is_function (info)) ||
           ag_parser_lookup_function (p, name) != NULL)
    ag_parser_fail_at (p, AG_ERROR_NAME, at,
                       "'%s' is a function: call it with parentheses, e.g. %s(x)",
                       name, name);
  else if ((suggestion = suggest_variable (p, name)) != NULL)
    ag_parser_fail_at (p, AG_ERROR_NAME, at, "'%s' is not defined; did you mean '%s'?", name,
                       suggestion);
  else
    ag_parser_fail_at (p, AG_ERROR_NAME, at, "'%s' is not defined", name);
  return FALSE;
}

/* '[' … ']' in an expression: a constant tensor when it holds only numbers, else a stack of
 * its elements. */
static gboolean
parse_list (Parser *p, Expr *out)
{
  const guint open = p->pos;
  g_autoptr (GArray) elems = NULL;
  gboolean ok;

  if (tok (p, open)->numeric)
    {
      AgId id;

      if (!ag_parser_parse_literal_leaf (p, AG_ROLE_CONST, NULL, &id))
        return FALSE;
      *out = (Expr) { id, open, p->pos - 1, FALSE };
      return TRUE;
    }

  if (!ag_parser_enter (p, open))
    return FALSE;
  p->pos++;
  if (peek (p)->kind == AG_TOK_RBRACKET)
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, open, p->pos,
                           "an empty list has no value: write at least one element, e.g. [0]");
      return FALSE;
    }
  elems = g_array_new (FALSE, FALSE, sizeof (AgId));
  do
    {
      Expr e;

      if (!ag_parser_parse_expr (p, &e))
        return FALSE;
      g_array_append_val (elems, e.id);
    }
  while (ag_parser_list_continues (p, open, "between the elements of a list", &ok));
  if (!ok)
    return FALSE;
  ag_parser_leave (p);
  p->pos++;
  return ag_parser_build_op (p, AG_OP_STACK, (const AgId *) (void *) elems->data, elems->len, NULL,
                             open,
                             p->pos - 1, out);
}

static gboolean
parse_primary (Parser *p, Expr *out)
{
  const AgToken *t = peek (p);

  switch (t->kind)
    {
    case AG_TOK_NUMBER:
      {
        double v;
        AgId id;

        if (!ag_parser_parse_number_token (p, p->pos, &v) ||
            !ag_parser_build_leaf (p, AG_ROLE_CONST, AG_SHAPE_SCALAR, &v, NULL, p->pos, p->pos,
                                   &id))
          return FALSE;
        *out = (Expr) { id, p->pos, p->pos, TRUE };
        p->pos++;
        return TRUE;
      }
    case AG_TOK_NAME:
      return parse_name (p, out);
    case AG_TOK_LBRACKET:
      return parse_list (p, out);
    case AG_TOK_LPAREN:
      {
        const guint open = p->pos;

        if (!ag_parser_enter (p, open))
          return FALSE;
        p->pos++;
        if (peek (p)->kind == AG_TOK_RPAREN)
          {
            ag_parser_fail_span (p, AG_ERROR_SYNTAX, open, p->pos,
                                 "expected an expression inside '( )'");
            return FALSE;
          }
        if (!ag_parser_parse_expr (p, out))
          return FALSE;
        if (peek (p)->kind != AG_TOK_RPAREN)
          {
            ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ')' to close the '(' at %u:%u",
                               tok (p, open)->line, tok (p, open)->col);
            return FALSE;
          }
        ag_parser_leave (p);
        /* The parentheses belong to the text of the expressions around it. */
        out->first = open;
        out->last = p->pos++;
        out->bare_number = FALSE;
        return TRUE;
      }
    default:
      {
        g_autofree char *prev = tok_describe (p, tok (p, p->pos - 1));
        g_autofree char *found = tok_describe (p, t);

        if (ends_statement (t->kind))
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected an expression after %s", prev);
        else
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                             "expected an expression after %s, found %s",
                             prev, found);
        return FALSE;
      }
    }
}

/* One index inside x[…]: a whole number, possibly negative. Returns it in @value (saturated
 * far outside any shape) and its tokens in @first, @last. */
static gboolean
parse_index_number (Parser *p, gint64 *value, guint *first, guint *last)
{
  gboolean negative = FALSE;
  const AgToken *t;
  guint64 v = 0;

  *first = p->pos;
  if (is_sign (peek (p)->kind))
    {
      negative = peek (p)->kind == AG_TOK_MINUS;
      p->pos++;
    }
  t = peek (p);
  if (t->kind != AG_TOK_NUMBER)
    {
      if (t->kind == AG_TOK_RBRACKET && !negative)
        ag_parser_fail_span (p, AG_ERROR_SYNTAX, p->pos - 1, p->pos,
                             "expected an index inside '[ ]', e.g. x[0]");
      else if (ends_statement (t->kind))
        ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected an index, e.g. x[0]");
      else
        ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                           "an index must be a whole number written in the "
                           "program, e.g. x[0] or x[-1]");
      return FALSE;
    }
  for (guint32 k = t->start; k < t->end; k++)
    {
      if (!g_ascii_isdigit (p->text[k]))
        {
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                             "an index must be a whole number, e.g. x[0]");
          return FALSE;
        }
      v = MIN (v * 10 + (guint64) (p->text[k] - '0'), (guint64) G_MAXUINT32 * 4);
    }
  *value = negative ? -(gint64) v : (gint64) v;
  *last = p->pos++;
  return TRUE;
}

/* Turns a Python-style index (negative counts from the end) into a position below @n, or
 * fails at its tokens. */
static gboolean
normalize_index (Parser *p, gint64 *value, guint n, guint first, guint last,
                 const char *kind, const char *of, const char *unit)
{
  gint64 v = *value < 0 ? *value + n : *value;

  if (v < 0 || v >= (gint64) n)
    {
      ag_parser_fail_span (p, AG_ERROR_SHAPE, first, last,
                           "%sindex %" G_GINT64_FORMAT " is out of range for %s, which has %u "
                           "%s%s", kind, *value, of, n, unit, n == 1 ? "" : "s");
      return FALSE;
    }
  *value = v;
  return TRUE;
}

/* x[i] or W[i, j] after @base. */
static gboolean
parse_index (Parser *p, const Expr *base, Expr *out)
{
  const guint open = p->pos;
  g_autofree char *of = expr_text (p, base);
  AgShape shape;
  gint64 idx[2] = { 0, -1 };
  guint first[2], last[2], n_idx = 0;
  gint32 attrs[2];

  p->pos++;
  for (;;)
    {
      if (n_idx == 2)
        {
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                             "tensors have at most two dimensions: write at most two indices, "
                             "e.g. W[1, 0]");
          return FALSE;
        }
      if (!parse_index_number (p, &idx[n_idx], &first[n_idx], &last[n_idx]))
        return FALSE;
      n_idx++;
      if (peek (p)->kind == AG_TOK_COMMA)
        p->pos++;
      else if (peek (p)->kind == AG_TOK_RBRACKET)
        break;
      else if (ends_statement (peek (p)->kind))
        {
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ']' to close the '[' at %u:%u",
                             tok (p, open)->line, tok (p, open)->col);
          return FALSE;
        }
      else
        {
          g_autofree char *found = tok_describe (p, peek (p));
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                             "expected ',' or ']' after the index, found %s",
                             found);
          return FALSE;
        }
    }

  /* Checked at a `def`, a body's shapes are not known yet. */
  if (p->dry)
    {
      *out = (Expr) { AG_NO_ID, base->first, p->pos++, FALSE };
      return TRUE;
    }
  shape = ag_graph_node (p->graph, base->id)->shape;
  if (shape.ndim == 0)
    {
      ag_parser_fail_span (p, AG_ERROR_SHAPE, open, p->pos, "%s is a scalar and cannot be indexed",
                           of);
      return FALSE;
    }
  if (shape.ndim == 1)
    {
      if (n_idx == 2)
        {
          ag_parser_fail_span (p, AG_ERROR_SHAPE, first[1], last[1],
                               "%s is a vector: it takes one index, not two", of);
          return FALSE;
        }
      if (!normalize_index (p, &idx[0], shape.cols, first[0], last[0], "", of, "element"))
        return FALSE;
    }
  else
    {
      if (!normalize_index (p, &idx[0], shape.rows, first[0], last[0], n_idx == 2 ? "row " : "",
                            of, "row"))
        return FALSE;
      if (n_idx == 2 &&
          !normalize_index (p, &idx[1], shape.cols, first[1], last[1], "column ", of, "column"))
        return FALSE;
    }
  attrs[0] = (gint32) idx[0];
  attrs[1] = (gint32) idx[1];
  return ag_parser_build_op (p, AG_OP_INDEX, &base->id, 1, attrs, base->first, p->pos++, out);
}

/* A primary and the indexing after it: x[0][1]. */
static gboolean
parse_postfix (Parser *p, Expr *out)
{
  if (!parse_primary (p, out))
    return FALSE;
  while (peek (p)->kind == AG_TOK_LBRACKET)
    {
      Expr base = *out;
      if (!parse_index (p, &base, out))
        return FALSE;
    }
  return TRUE;
}

/* base ^ unary: right-associative, and the exponent may carry a sign (x^-1). */
static gboolean
parse_power (Parser *p, Expr *out)
{
  Expr base, exponent;
  AgId ids[2];

  if (!parse_postfix (p, &base))
    return FALSE;
  if (peek (p)->kind != AG_TOK_CARET)
    {
      *out = base;
      return TRUE;
    }
  if (!ag_parser_enter (p, p->pos))
    return FALSE;
  p->pos++;
  if (!parse_unary (p, &exponent))
    return FALSE;
  ag_parser_leave (p);
  ids[0] = base.id;
  ids[1] = exponent.id;
  return ag_parser_build_op (p, AG_OP_POW, ids, 2, NULL, base.first, exponent.last, out);
}

static gboolean
parse_unary (Parser *p, Expr *out)
{
  const guint sign = p->pos;
  const AgTokenKind kind = peek (p)->kind;
  Expr operand;

  if (!is_sign (kind))
    return parse_power (p, out);
  if (!ag_parser_enter (p, sign))
    return FALSE;
  p->pos++;
  if (!parse_unary (p, &operand))
    return FALSE;
  ag_parser_leave (p);
  if (kind == AG_TOK_PLUS)
    {
      *out = operand;
      out->first = sign;
      out->bare_number = FALSE;
      return TRUE;
    }
  if (operand.bare_number && !p->dry)
    {
      /* -2 is one constant, as a student reads it, not neg(2). */
      AgNode *n = ag_graph_node (p->graph, operand.id);
      g_autofree char *label = g_strconcat ("-", n->label, NULL);
      const AgToken *a = tok (p, sign), *b = tok (p, operand.last);

      *ag_graph_value (p->graph, operand.id) = -*ag_graph_value (p->graph, operand.id);
      ag_graph_set_label (p->graph, operand.id, label);
      ag_graph_set_span (p->graph, operand.id, a->line, a->col, b->cpos + b->nchars - a->cpos);
      *out = (Expr) { operand.id, sign, operand.last, FALSE };
      return TRUE;
    }
  return ag_parser_build_op (p, AG_OP_NEG, &operand.id, 1, NULL, sign, operand.last, out);
}

static gboolean
binary_op (AgTokenKind kind, gboolean additive, AgOp *op)
{
  switch (kind)
    {
    case AG_TOK_PLUS: *op = AG_OP_ADD; return additive;
    case AG_TOK_MINUS: *op = AG_OP_SUB; return additive;
    case AG_TOK_STAR: *op = AG_OP_MUL; return !additive;
    case AG_TOK_SLASH: *op = AG_OP_DIV; return !additive;
    case AG_TOK_AT: *op = AG_OP_MATMUL; return !additive;
    default: return FALSE;
    }
}

/* Left-associative chains as loops: `a + b + … + z` never recurses. */
static gboolean
parse_binary (Parser *p, gboolean additive, Expr *out)
{
  AgOp op;

  if (!(additive ? parse_binary (p, FALSE, out) : parse_unary (p, out)))
    return FALSE;
  while (binary_op (peek (p)->kind, additive, &op))
    {
      Expr left = *out, right;
      AgId ids[2];

      p->pos++;
      if (!(additive ? parse_binary (p, FALSE, &right) : parse_unary (p, &right)))
        return FALSE;
      ids[0] = left.id;
      ids[1] = right.id;
      if (!ag_parser_build_op (p, op, ids, 2, NULL, left.first, right.last, out))
        return FALSE;
    }
  return TRUE;
}

gboolean
ag_parser_parse_expr (Parser *p, Expr *out)
{
  return parse_binary (p, TRUE, out);
}
