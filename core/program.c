/* program.c: the program language v1 (DESIGN.md), lexed into tokens (lexer.c) and parsed by
 * recursive descent straight into a graph. */
#include "core/program.h"
#include "core/program-private.h"
#include "core/random.h"
#include "core/ops.h"
#include "core/ops-text.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* Labels are drawn on nodes: a long expression is cut so the label stays readable, and so a
 * long chain `x + x + … + x` costs linear memory rather than quadratic. */
#define LABEL_MAX_CHARS 80
/* ---- errors ---------------------------------------------------------------------------- */

/* Sets the error once, located over tokens @first..@last. */
void
ag_parser_fail_span (Parser *p, AgErrorCode code, guint first, guint last, const char *format, ...)
{
  const AgToken *a = tok (p, first), *b = tok (p, last);
  g_autofree char *msg = NULL;
  va_list args;

  if (p->failed)
    return;
  p->failed = TRUE;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  /* Inside a call only shapes and bounds can fail (the body was checked at its `def`): the
   * place is in the body, the cause usually in the arguments, so the call is named too. */
  if (p->call_name != NULL && !p->dry)
    ag_set_error_at (p->error, code, a->line, a->col, b->cpos + b->nchars - a->cpos,
                     "%s (in the call of %s at line %u)", msg, ag_parser_function_name (p),
                     p->call_line);
  else
    ag_set_error_at (p->error, code, a->line, a->col, b->cpos + b->nchars - a->cpos, "%s", msg);
}

/* Sets the error at token @i, unless the lexer stopped there: then its complaint comes first. */
void
ag_parser_fail_at (Parser *p, AgErrorCode code, guint i, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (tok (p, i)->kind == AG_TOK_ERROR)
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, i, i, "%s", p->lex_message);
      return;
    }
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  ag_parser_fail_span (p, code, i, i, "%s", msg);
}

/* Re-raises an error of the graph (a shape, or a size bound) at the place that caused it. */
static void
fail_graph (Parser *p, GError *local, guint first, guint last)
{
  ag_parser_fail_span (p, local->code, first, last, "%s", local->message);
}

/* ---- building nodes -------------------------------------------------------------------- */

/* The source text of tokens @first..@last, with each run of blanks (or a line break) as one
 * space, cut to LABEL_MAX_CHARS. */
char *
ag_parser_span_text (const Parser *p, guint first, guint last)
{
  GString *s = g_string_new (NULL);
  guint chars = 0;

  for (guint i = first; i <= last && chars <= LABEL_MAX_CHARS; i++)
    {
      const AgToken *t = tok (p, i);
      guint room;

      if (i > first && t->start > tok (p, i - 1)->end)
        {
          g_string_append_c (s, ' ');
          chars++;
        }
      /* Tokens of more than one character are ASCII: a prefix of bytes is one of characters. */
      room = LABEL_MAX_CHARS + 1 - MIN (chars, LABEL_MAX_CHARS + 1);
      if (t->nchars > room)
        {
          g_string_append_len (s, p->text + t->start, room);
          chars += room;
        }
      else
        {
          g_string_append_len (s, p->text + t->start, t->end - t->start);
          chars += t->nchars;
        }
    }
  if (chars > LABEL_MAX_CHARS)
    {
      g_string_truncate (s, g_utf8_offset_to_pointer (s->str, LABEL_MAX_CHARS - 1) - s->str);
      g_string_append (s, "…");
    }
  return g_string_free (s, FALSE);
}

/* @text cut to LABEL_MAX_CHARS characters, in place. */
static void
cut_label (char *text)
{
  if (g_utf8_strlen (text, -1) > LABEL_MAX_CHARS)
    strcpy (g_utf8_offset_to_pointer (text, LABEL_MAX_CHARS - 1), "…");
}

static void
describe_node (Parser *p, AgId id, guint first, guint last)
{
  g_autofree char *label = ag_parser_span_text (p, first, last);
  const AgToken *a = tok (p, first), *b = tok (p, last);

  /* A body's text names the parameters, which are no nodes: inside a call a node is labelled
   * with what it computes from the nodes it reads, "dot(w1, x)" in one call and "dot(w2, x)"
   * in the next, so the trace and the canvas tell the calls apart. */
  if (p->call_name != NULL && ag_graph_node (p->graph, id)->op != AG_OP_LEAF)
    {
      g_free (label);
      label = ag_op_describe_expression (p->graph, id);
      cut_label (label);
    }
  ag_graph_set_label (p->graph, id, label);
  ag_graph_set_span (p->graph, id, a->line, a->col, b->cpos + b->nchars - a->cpos);
}

/* Node @id, written as tokens @first..@last, was just added: its label and span are set. Or
 * adding it failed (AG_NO_ID): then the graph's error @local is the program's, placed there. */
static gboolean
node_added (Parser *p, AgId id, GError *local, guint first, guint last)
{
  if (id == AG_NO_ID)
    {
      fail_graph (p, local, first, last);
      return FALSE;
    }
  describe_node (p, id, first, last);
  return TRUE;
}

/* Adds an op node written as tokens @first..@last. */
gboolean
ag_parser_build_op (Parser *p, AgOp op, const AgId *inputs, guint n_inputs, const gint32 *attrs,
                    guint first, guint last, Expr *out)
{
  g_autoptr (GError) local = NULL;
  AgId id;

  /* A body checked at its `def` builds nothing. */
  *out = (Expr) { AG_NO_ID, first, last, FALSE };
  if (p->dry)
    return TRUE;
  id = ag_graph_add_op (p->graph, op, inputs, n_inputs, attrs, &local);
  out->id = id;
  return node_added (p, id, local, first, last);
}

gboolean
ag_parser_build_leaf (Parser *p, AgRole role, AgShape shape, const double *data, const char *name,
                      guint first, guint last, AgId *out)
{
  g_autoptr (GError) local = NULL;

  *out = AG_NO_ID;
  if (p->dry)
    return TRUE;
  *out = ag_graph_add_leaf (p->graph, role, shape, data, name, &local);
  return node_added (p, *out, local, first, last);
}

gboolean
ag_parser_enter (Parser *p, guint at)
{
  if (++p->depth > AG_MAX_NESTING)
    {
      ag_parser_fail_span (p, AG_ERROR_LIMIT, at, at,
                           "expression nested too deeply (more than %d levels)",
                           AG_MAX_NESTING);
      return FALSE;
    }
  return TRUE;
}

void
ag_parser_leave (Parser *p)
{
  p->depth--;
}

/* ---- literals -------------------------------------------------------------------------- */

gboolean
ag_parser_parse_number_token (Parser *p, guint i, double *value)
{
  g_autofree char *text = tok_dup (p, tok (p, i));

  errno = 0;
  *value = g_ascii_strtod (text, NULL);
  /* An underflow to zero or a denormal is a fine value; an overflow to infinity is not. */
  if (!isfinite (*value))
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, i, i,
                           "the number %s is too large (the largest is about 1.8e308)", text);
      return FALSE;
    }
  return TRUE;
}

/* A number with an optional sign, as in a literal of numbers. */
static gboolean
parse_signed_number (Parser *p, double *value)
{
  gboolean negative = FALSE;

  if (is_sign (peek (p)->kind))
    {
      negative = peek (p)->kind == AG_TOK_MINUS;
      p->pos++;
    }
  if (peek (p)->kind != AG_TOK_NUMBER)
    {
      g_autofree char *prev = tok_describe (p, tok (p, p->pos - 1));
      g_autofree char *found = tok_describe (p, peek (p));
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected a number after %s, found %s", prev,
                         found);
      return FALSE;
    }
  if (!ag_parser_parse_number_token (p, p->pos, value))
    return FALSE;
  p->pos++;
  if (negative)
    *value = -*value;
  return TRUE;
}

/* After an element of a list that opened at @open: steps over ',' and returns TRUE while
 * another element follows. A ',' before the ']' is allowed, as in Python. */
gboolean
ag_parser_list_continues (Parser *p, guint open, const char *what, gboolean *ok)
{
  const AgToken *t = peek (p);

  *ok = TRUE;
  if (t->kind == AG_TOK_COMMA)
    {
      p->pos++;
      return peek (p)->kind != AG_TOK_RBRACKET;
    }
  if (t->kind == AG_TOK_RBRACKET)
    return FALSE;
  *ok = FALSE;
  if (ends_statement (t->kind))
    ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ']' to close the '[' at %u:%u",
                       tok (p, open)->line, tok (p, open)->col);
  else
    {
      g_autofree char *found = tok_describe (p, t);
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or ']' %s, found %s", what,
                         found);
    }
  return FALSE;
}

/* A list of numbers at '[' (whose scan said numeric): a vector, or a matrix given as rows.
 * Tensors have at most two dimensions, so this never goes deeper than two brackets. */
static gboolean
parse_literal_list (Parser *p, AgShape *shape, GArray *values)
{
  const guint open = p->pos++;
  guint rows = 0, cols = 0;
  gboolean ok;

  if (peek (p)->kind == AG_TOK_RBRACKET)
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, open, p->pos,
                           "an empty list has no value: write at least one number, e.g. [0]");
      return FALSE;
    }
  if (peek (p)->kind != AG_TOK_LBRACKET)
    {
      do
        {
          double v;

          if (peek (p)->kind == AG_TOK_LBRACKET)
            {
              ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                                 "this list mixes numbers and lists: a matrix "
                                 "is a list of rows, e.g. [[1, 2], [3, 4]]");
              return FALSE;
            }
          if (!parse_signed_number (p, &v))
            return FALSE;
          g_array_append_val (values, v);
          cols++;
        }
      while (ag_parser_list_continues (p, open, "between the numbers of a list", &ok));
      if (!ok)
        return FALSE;
      p->pos++;
      *shape = ag_shape_vector (cols);
      return TRUE;
    }

  do
    {
      const guint row_open = p->pos;
      guint n = 0;

      if (peek (p)->kind != AG_TOK_LBRACKET)
        {
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                             "this list mixes numbers and lists: a matrix "
                             "is a list of rows, e.g. [[1, 2], [3, 4]]");
          return FALSE;
        }
      p->pos++;
      if (peek (p)->kind == AG_TOK_RBRACKET)
        {
          ag_parser_fail_span (p, AG_ERROR_SYNTAX, row_open, p->pos,
                               "an empty list has no value: write at least one number, e.g. [0]");
          return FALSE;
        }
      do
        {
          double v;

          if (peek (p)->kind == AG_TOK_LBRACKET)
            {
              ag_parser_fail_at (p, AG_ERROR_SHAPE, p->pos, "tensors have at most two dimensions: "
                                 "write a matrix as a list of rows, e.g. [[1, 2], [3, 4]]");
              return FALSE;
            }
          if (!parse_signed_number (p, &v))
            return FALSE;
          g_array_append_val (values, v);
          n++;
        }
      while (ag_parser_list_continues (p, row_open, "between the numbers of a row", &ok));
      if (!ok)
        return FALSE;
      if (rows > 0 && n != cols)
        {
          ag_parser_fail_span (p, AG_ERROR_SHAPE, row_open, p->pos,
                               "row %u has %u element%s, but row 1 has %u: the rows of a "
                               "matrix must have the same length",
                               rows + 1, n, n == 1 ? "" : "s", cols);
          return FALSE;
        }
      p->pos++;
      cols = n;
      rows++;
    }
  while (ag_parser_list_continues (p, open, "between the rows of a matrix", &ok));
  if (!ok)
    return FALSE;
  p->pos++;
  *shape = ag_shape_matrix (rows, cols);
  return TRUE;
}

/* A literal of numbers (at '[') as a leaf of @role. */
gboolean
ag_parser_parse_literal_leaf (Parser *p, AgRole role, const char *name, AgId *out)
{
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  const guint first = p->pos;
  AgShape shape;

  if (!ag_parser_enter (p, first))
    return FALSE;
  if (!parse_literal_list (p, &shape, values))
    return FALSE;
  ag_parser_leave (p);
  return ag_parser_build_leaf (p, role, shape, (const double *) (void *) values->data, name, first,
                               p->pos - 1, out);
}

/* ---- statements ------------------------------------------------------------------------ */

/* Whether the right side at the cursor is only a number, a signed number or a literal of
 * numbers, up to the end of the statement. */
static gboolean
rhs_is_literal (const Parser *p)
{
  guint i = p->pos;

  if (is_sign (tok (p, i)->kind) && tok (p, i + 1)->kind == AG_TOK_NUMBER)
    i++;
  if (tok (p, i)->kind == AG_TOK_NUMBER)
    return ends_statement (tok (p, i + 1)->kind);
  if (i == p->pos && tok (p, i)->kind == AG_TOK_LBRACKET && tok (p, i)->numeric)
    return ends_statement (tok (p, tok (p, i)->match + 1)->kind);
  return FALSE;
}

/* ---- initialisers: `param W = he(2, 16)`, `data X = zeros(200, 2)` ------------------- */

typedef enum { INIT_ZEROS, INIT_ONES, INIT_UNIFORM, INIT_XAVIER, INIT_HE, N_INITS } InitKind;
static const char *const init_names[N_INITS] = { "zeros", "ones", "uniform", "xavier", "he" };
#define SALT_INIT G_GUINT64_CONSTANT (0x6164a01e696e6900)

gboolean
ag_parser_is_init_name (const char *name)
{
  for (guint i = 0; i < N_INITS; i++)
    if (strcmp (name, init_names[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
rhs_init_kind (const Parser *p, InitKind *kind)
{
  const AgToken *t = peek (p);

  if (t->kind != AG_TOK_NAME || tok (p, p->pos + 1)->kind != AG_TOK_LPAREN)
    return FALSE;
  for (guint i = 0; i < N_INITS; i++)
    if (tok_equals (p, t, init_names[i]))
      {
        *kind = (InitKind) i;
        return TRUE;
      }
  return FALSE;
}

/* One dimension of an initialiser's shape: a whole number from 1 to AG_MAX_ELEMENTS. */
static gboolean
parse_dimension (Parser *p, const char *what, guint32 *dim)
{
  const guint at = p->pos;
  double v;

  if (peek (p)->kind != AG_TOK_NUMBER)
    {
      g_autofree char *found = tok_describe (p, peek (p));
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, at,
                         "%s() takes the shape as whole numbers, e.g. `%s(2, 16)`, "
                         "not %s", what, what, found);
      return FALSE;
    }
  if (!parse_signed_number (p, &v))
    return FALSE;
  if (!(v >= 1 && v <= AG_MAX_ELEMENTS) || v != floor (v))
    {
      ag_parser_fail_at (p, AG_ERROR_SHAPE, at, "a dimension must be a whole number from 1 to %u",
                         AG_MAX_ELEMENTS);
      return FALSE;
    }
  *dim = (guint32) v;
  return TRUE;
}

/* `zeros(n)`, `he(rows, cols)`… on the right of a `param` or `data` statement: a leaf of that
 * shape filled as torch.nn.init does, from a stream of the options' seed (see program.h). */
static gboolean
parse_init_leaf (Parser *p, AgRole role, InitKind kind, const char *name, AgId *out)
{
  const guint first = p->pos;
  const char *what = init_names[kind];
  guint32 dims[2] = { 0, 0 };
  guint n_dims = 0;
  double *data;
  AgShape shape;
  gsize size;

  if (role == AG_ROLE_INPUT)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, first,
                         "%s() makes a parameter or a data leaf: write `param %s = %s(…)` or "
                         "`data %s = %s(…)`", what, name, what, name, what);
      return FALSE;
    }
  p->pos += 2;   /* the name and '(' */
  for (;;)
    {
      if (n_dims == 2)
        {
          ag_parser_fail_at (p, AG_ERROR_SHAPE, p->pos, "%s() takes one or two dimensions", what);
          return FALSE;
        }
      if (!parse_dimension (p, what, &dims[n_dims]))
        return FALSE;
      n_dims++;
      if (peek (p)->kind == AG_TOK_COMMA)
        {
          p->pos++;
          continue;
        }
      if (peek (p)->kind == AG_TOK_RPAREN)
        break;
      g_autofree char *found = tok_describe (p, peek (p));
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or ')' in %s(…), not %s", what,
                         found);
      return FALSE;
    }
  p->pos++;
  if (!ends_statement (peek (p)->kind))
    {
      g_autofree char *found = tok_describe (p, peek (p));
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                         "%s(…) makes a leaf on its own: expected the end of "
                         "the statement, not %s", what, found);
      return FALSE;
    }
  /* The trainer sets the batch: every data leaf made by zeros() gets that many rows. */
  if (role == AG_ROLE_DATA && kind == INIT_ZEROS && p->options.data_rows > 0)
    dims[0] = p->options.data_rows;
  shape = n_dims == 1 ? ag_shape_vector (dims[0]) : ag_shape_matrix (dims[0], dims[1]);
  size = (gsize) dims[0] * (n_dims == 2 ? dims[1] : 1);
  if (size > AG_MAX_ELEMENTS)
    {
      ag_parser_fail_span (p, AG_ERROR_LIMIT, first, p->pos - 1, "%s() would make %" G_GSIZE_FORMAT
                           " elements; a tensor holds at most %u", what, size, AG_MAX_ELEMENTS);
      return FALSE;
    }
  /* Filled in place: a 2048 × 2048 leaf is written once, not built aside and copied, and
   * zeros() touches nothing (the graph's buffers start zero). */
  if (!ag_parser_build_leaf (p, role, shape, NULL, name, first, p->pos - 1, out))
    return FALSE;
  data = ag_graph_value (p->graph, *out);
  {
    const double fan_in = dims[0], fan_out = n_dims == 2 ? dims[1] : dims[0];
    AgRng rng;

    ag_rng_init (&rng, p->options.seed,
                 SALT_INIT ^ ((guint64) p->n_inits++ * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)));
    for (gsize i = 0; i < size && kind != INIT_ZEROS; i++)
      switch (kind)
        {
        case INIT_ONES: data[i] = 1; break;
        case INIT_UNIFORM: data[i] = (2 * ag_rng_uniform (&rng) - 1) / sqrt (fan_in); break;
        case INIT_XAVIER:
          data[i] = (2 * ag_rng_uniform (&rng) - 1) * sqrt (6 / (fan_in + fan_out));
          break;
        case INIT_HE: data[i] = ag_rng_normal (&rng) * sqrt (2 / fan_in); break;
        case INIT_ZEROS: case N_INITS: default: g_assert_not_reached ();
        }
  }
  return TRUE;
}

/* After an expression that should end its statement: fails when something else follows. */
static gboolean
expect_statement_end (Parser *p)
{
  g_autofree char *found = NULL;

  if (ends_statement (peek (p)->kind))
    return TRUE;
  found = tok_describe (p, peek (p));
  if (peek (p)->kind == AG_TOK_RPAREN || peek (p)->kind == AG_TOK_RBRACKET)
    ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                       "unexpected %s: there is nothing open for it to close", found);
  else
    ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                       "unexpected %s: expected an operator (such as '*') or the end of the "
                       "statement", found);
  return FALSE;
}

/* `return EXPRESSION`, the last statement of a body. */
static gboolean
parse_return (Parser *p)
{
  const guint at = p->pos++;
  Expr e;

  if (p->function == NULL)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, at, "`return` belongs in the body of a function, "
                         "under `def name(…):`");
      return FALSE;
    }
  if (ends_statement (peek (p)->kind))
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, at, "expected a value after 'return', e.g. "
                         "`return y`");
      return FALSE;
    }
  if (!ag_parser_parse_expr (p, &e) || !expect_statement_end (p))
    return FALSE;
  p->returned = TRUE;
  p->returned_id = e.id;
  return TRUE;
}

/* `param NAME` or `data NAME` at the cursor: the role, or FALSE after an error. */
static gboolean
parse_role (Parser *p, AgRole *role)
{
  const AgToken *t = peek (p);
  const gboolean is_param = tok_equals (p, t, "param");

  *role = is_param ? AG_ROLE_PARAM : AG_ROLE_DATA;
  if (p->function != NULL)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "a %s belongs to the program, not to a "
                         "function: write `%s …` above the `def` and pass it in as an "
                         "argument", is_param ? "parameter" : "data leaf",
                         is_param ? "param" : "data");
      return FALSE;
    }
  p->pos++;
  if (peek (p)->kind != AG_TOK_NAME)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected a name after '%s', e.g. `%s`",
                         is_param ? "param" : "data",
                         is_param ? "param w = [0.1, -0.2]" : "data x = [1, 2, 3]");
      return FALSE;
    }
  return TRUE;
}

/* The right side of `name = …` when it is only numbers, an initialiser or an expression. */
static gboolean
parse_rhs (Parser *p, AgRole role, const char *name, Expr *e)
{
  const guint first = p->pos;
  InitKind init;
  AgId id;

  if (rhs_init_kind (p, &init))
    {
      if (!parse_init_leaf (p, role, init, name, &id))
        return FALSE;
    }
  else if (rhs_is_literal (p))
    {
      /* In a body a literal is a constant: the program's inputs are written outside. */
      if (p->function != NULL)
        role = AG_ROLE_CONST;
      if (peek (p)->kind == AG_TOK_LBRACKET)
        {
          if (!ag_parser_parse_literal_leaf (p, role, name, &id))
            return FALSE;
        }
      else
        {
          double v;
          if (!parse_signed_number (p, &v) ||
              !ag_parser_build_leaf (p, role, AG_SHAPE_SCALAR, &v, name, first, p->pos - 1, &id))
            return FALSE;
        }
    }
  else
    {
      if (!ag_parser_parse_expr (p, e) || !expect_statement_end (p))
        return FALSE;
      if (role != AG_ROLE_INPUT)
        {
          ag_parser_fail_span (p, AG_ERROR_SYNTAX, e->first, e->last, "%s", role == AG_ROLE_PARAM
                               ? "a parameter must be given a literal value, e.g. "
                                 "`param w = [0.1, -0.2]`"
                               : "a data leaf must be given a literal value, e.g. "
                                 "`data x = [1, 2, 3]`");
          return FALSE;
        }
      /* `y = x` makes y another name of x's node: the node keeps the name it was made with.
       * In a call, only a node the call made takes a name, "neuron.z". */
      if (!p->dry && e->id >= p->call_first_node &&
          ag_graph_node (p->graph, e->id)->name == NULL)
        ag_graph_set_name (p->graph, e->id, name);
      return TRUE;
    }
  *e = (Expr) { id, first, p->pos - 1, FALSE };
  return TRUE;
}

gboolean
ag_parser_parse_statement (Parser *p, AgId *assigned)
{
  AgRole role = AG_ROLE_INPUT;
  const AgToken *t = peek (p);
  g_autofree char *name = NULL;
  g_autofree char *node_name = NULL;
  guint name_at;
  Expr e;

  if (ag_parser_at_keyword (p, "def"))
    return ag_parser_parse_def (p);
  if (ag_parser_at_keyword (p, "return"))
    return parse_return (p);
  /* `param` and `data` are keywords only at the start, and only before a name: `data = 3`
   * assigns a variable called data. */
  if (t->kind == AG_TOK_NAME && tok (p, p->pos + 1)->kind != AG_TOK_EQUALS &&
      (tok_equals (p, t, "param") || tok_equals (p, t, "data")))
    {
      if (!parse_role (p, &role))
        return FALSE;
    }
  else if (t->kind != AG_TOK_NAME)
    {
      g_autofree char *found = tok_describe (p, t);
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos,
                         "a statement starts with a name, as in `x = 3`, not with %s", found);
      return FALSE;
    }

  name_at = p->pos++;
  name = tok_dup (p, tok (p, name_at));
  if (peek (p)->kind != AG_TOK_EQUALS)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected '=' after the name '%s'", name);
      return FALSE;
    }
  p->pos++;
  /* A name assigned in a call is the call's: "neuron.z", "neuron#2.z" (graph-calls.h). */
  node_name = p->call_name ? g_strdup_printf ("%s.%s", p->call_name, name) : g_strdup (name);
  if (!parse_rhs (p, role, node_name, &e))
    return FALSE;
  g_hash_table_insert (p->symbols, g_steal_pointer (&name), GUINT_TO_POINTER (e.id + 1));
  *assigned = e.id;
  return TRUE;
}

/* ---- public API ------------------------------------------------------------------------ */

AgGraph *
ag_program_parse (const char *text, gssize length, GError **error)
{
  return ag_program_parse_with (text, length, NULL, error);
}

AgGraph *
ag_program_parse_with (const char *text, gssize length, const AgProgramOptions *options,
                       GError **error)
{
  g_autoptr (AgGraph) graph = NULL;
  g_autoptr (GHashTable) symbols = NULL;
  g_autoptr (GArray) tokens = NULL;
  g_autofree char *lex_message = NULL;
  const char *valid_end;
  AgId last = AG_NO_ID;
  guint n_functions = 0;
  Parser p = { 0 };
  gsize len;

  g_return_val_if_fail (text != NULL || length <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  if (length >= 0)
    len = (gsize) length;
  else  /* measured only as far as the bound, however long the text is */
    for (len = 0; len <= AG_MAX_PROGRAM_BYTES && text[len] != '\0'; len++)
      ;
  if (len > AG_MAX_PROGRAM_BYTES)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_LIMIT,
                   "the program is too long: at most %u bytes (1 MiB) are allowed",
                   AG_MAX_PROGRAM_BYTES);
      return NULL;
    }
  /* Lexing stops at the first byte that is not UTF-8 (or a NUL) and reports it there. */
  g_utf8_validate_len (text, len, &valid_end);

  graph = ag_graph_new ();
  symbols = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tokens = g_array_sized_new (FALSE, FALSE, sizeof (AgToken), MIN (len / 2 + 16, 1u << 16));
  p.text = text;
  p.length = len;
  p.tokens = tokens;
  p.graph = graph;
  p.symbols = symbols;
  p.error = error;
  if (options)
    p.options = *options;
  lex_message = p.lex_message = ag_lex (tokens, text, len, valid_end - text);
  ag_parser_scan_defs (&p);

  while (!p.failed && peek (&p)->kind != AG_TOK_EOF)
    {
      if (peek (&p)->kind == AG_TOK_END)
        {
          p.pos++;
          continue;
        }
      if (!ag_parser_parse_statement (&p, &last))
        break;
      /* parse_statement stops at the statement's end (a newline, ';' or the end). */
      if (peek (&p)->kind == AG_TOK_END)
        p.pos++;
    }
  n_functions = g_hash_table_size (p.functions);
  ag_parser_functions_free (&p);
  if (p.failed)
    return NULL;
  if (last == AG_NO_ID && n_functions > 0)
    {
      ag_set_error_at (error, AG_ERROR_SYNTAX, 1, 1, 1, "the program only defines functions: "
                       "call one, e.g. `y = f(…)`, so it has an output");
      return NULL;
    }
  if (last == AG_NO_ID)
    {
      ag_set_error_at (error, AG_ERROR_SYNTAX, 1, 1, 1,
                       "the program is empty: write an assignment such as `x = 3`");
      return NULL;
    }
  ag_graph_set_output (graph, last);
  return g_steal_pointer (&graph);
}

char *
ag_program_format_error (const GError *error, const char *source_name, const char *text)
{
  const char *name = source_name ? source_name : "<program>";
  guint line, col, length;
  const char *start, *end;
  g_autofree char *source = NULL;
  g_autofree char *number = NULL;
  GString *out;
  guint n_chars, k;
  const char *c;

  g_return_val_if_fail (error != NULL, NULL);

  /* Only errors of our domain carry a location (asking another domain is a critical). */
  if (error->domain != AG_ERROR || !ag_error_get_location (error, &line, &col, &length))
    return g_strdup_printf ("%s: error: %s", name, error->message);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s:%u:%u: error: %s", name, line, col, error->message);
  if (text == NULL)
    return g_string_free (out, FALSE);

  start = text;
  for (guint l = 1; l < line && start != NULL; l++)
    {
      start = strchr (start, '\n');
      if (start)
        start++;
    }
  if (start == NULL)
    return g_string_free (out, FALSE);
  end = strchr (start, '\n');
  if (end == NULL)
    end = start + strlen (start);
  if (end > start && end[-1] == '\r')
    end--;
  /* The line may hold the bytes that were not UTF-8: show them as U+FFFD, one per bad byte
   * sequence, so the columns before them stay right. */
  source = g_utf8_make_valid (start, end - start);
  number = g_strdup_printf ("%u", line);
  n_chars = g_utf8_strlen (source, -1);

  g_string_append_printf (out, "\n  %s | %s\n  %*s | ", number, source, (int) strlen (number),
                          "");
  /* Tabs are copied so the caret lines up whatever the tab width. */
  for (k = 1, c = source; k < col; k++)
    {
      if (*c != '\0')
        {
          g_string_append_c (out, *c == '\t' ? '\t' : ' ');
          c = g_utf8_next_char (c);
        }
      else
        g_string_append_c (out, ' ');
    }
  g_string_append_c (out, '^');
  for (k = 1; k < length && col + k <= n_chars; k++)
    g_string_append_c (out, '~');
  return g_string_free (out, FALSE);
}
