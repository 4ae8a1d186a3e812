/* program.c: the program language v1 (DESIGN.md), lexed into tokens and parsed by recursive
 * descent straight into a graph. */
#include "core/program.h"
#include "core/random.h"
#include "core/ops.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* Labels are drawn on nodes: a long expression is cut so the label stays readable, and so a
 * long chain `x + x + … + x` costs linear memory rather than quadratic. */
#define LABEL_MAX_CHARS 80
/* Names longer than this are never compared for "did you mean" (it is quadratic in length). */
#define SUGGEST_MAX_LEN 64
#define NO_MATCH G_MAXUINT32

typedef enum {
  TOK_EOF,
  TOK_END,        /* a newline or ';' that ends a statement */
  TOK_NAME,
  TOK_NUMBER,
  TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH, TOK_AT, TOK_CARET,
  TOK_LPAREN, TOK_RPAREN, TOK_LBRACKET, TOK_RBRACKET, TOK_COMMA, TOK_EQUALS,
  TOK_ERROR,      /* what the lexer could not read; always the last token */
} TokKind;

typedef struct {
  TokKind  kind;
  guint32  start, end;  /* byte offsets into the text */
  guint32  line, col;   /* 1-based; columns count characters */
  guint32  cpos;        /* characters before the token: spans are differences of these */
  guint32  nchars;
  guint32  match;       /* '[': the index of its ']', or NO_MATCH */
  gboolean numeric;     /* '[': holds only numbers, signs, commas and brackets */
} Token;

typedef struct {
  const char *text;
  gsize       length;
  GArray     *tokens;      /* Token; ends with TOK_EOF or TOK_ERROR */
  guint       pos;
  char       *lex_message; /* the message of the TOK_ERROR token */
  AgGraph    *graph;
  GHashTable *symbols;     /* name → AgId + 1: the latest assignment, so names shadow */
  guint       depth;       /* current nesting, bounded by AG_MAX_NESTING */
  gboolean    failed;
  GError    **error;
  AgProgramOptions options;
  guint       n_inits;     /* initialiser calls so far: each draws its own random stream */
} Parser;

/* The value of an expression, and the tokens it was written with. */
typedef struct {
  AgId     id;
  guint    first, last;
  gboolean bare_number;   /* a constant made from one number literal: a unary minus folds in */
} Expr;

static gboolean parse_expr (Parser *p, Expr *out);
static gboolean parse_unary (Parser *p, Expr *out);

static inline const Token *
tok (const Parser *p, guint i)
{
  return &g_array_index (p->tokens, Token, MIN (i, p->tokens->len - 1));
}

static inline const Token *
peek (const Parser *p)
{
  return tok (p, p->pos);
}

static inline gboolean
is_sign (TokKind k)
{
  return k == TOK_PLUS || k == TOK_MINUS;
}

static inline gboolean
ends_statement (TokKind k)
{
  return k == TOK_END || k == TOK_EOF;
}

static gboolean
tok_equals (const Parser *p, const Token *t, const char *s)
{
  gsize n = strlen (s);
  return t->end - t->start == n && memcmp (p->text + t->start, s, n) == 0;
}

static char *
tok_dup (const Parser *p, const Token *t)
{
  return g_strndup (p->text + t->start, t->end - t->start);
}

/* How a token is called in a message: 'x', or the end of the line. */
static char *
tok_describe (const Parser *p, const Token *t)
{
  if (t->kind == TOK_EOF)
    return g_strdup ("the end of the program");
  if (t->kind == TOK_END && p->text[t->start] != ';')
    return g_strdup ("the end of the line");
  return g_strdup_printf ("'%.*s'", (int) (t->end - t->start), p->text + t->start);
}

/* ---- errors ---------------------------------------------------------------------------- */

static void fail_span (Parser *p, AgErrorCode code, guint first, guint last,
                       const char *format, ...) G_GNUC_PRINTF (5, 6);

/* Sets the error once, located over tokens @first..@last. */
static void
fail_span (Parser *p, AgErrorCode code, guint first, guint last, const char *format, ...)
{
  const Token *a = tok (p, first), *b = tok (p, last);
  g_autofree char *msg = NULL;
  va_list args;

  if (p->failed)
    return;
  p->failed = TRUE;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  ag_set_error_at (p->error, code, a->line, a->col, b->cpos + b->nchars - a->cpos, "%s", msg);
}

static void fail_at (Parser *p, AgErrorCode code, guint i, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

/* Sets the error at token @i, unless the lexer stopped there: then its complaint comes first. */
static void
fail_at (Parser *p, AgErrorCode code, guint i, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (tok (p, i)->kind == TOK_ERROR)
    {
      fail_span (p, AG_ERROR_SYNTAX, i, i, "%s", p->lex_message);
      return;
    }
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fail_span (p, code, i, i, "%s", msg);
}

/* Re-raises an error of the graph (a shape, or a size bound) at the place that caused it. */
static void
fail_graph (Parser *p, GError *local, guint first, guint last)
{
  fail_span (p, local->code, first, last, "%s", local->message);
}

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
suggest_function (const char *name)
{
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
    if (ag_op_info (op)->syntax == AG_SYNTAX_CALL)
      suggest_consider (name, ag_op_info (op)->name, &best, &best_d);
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

/* ---- lexing ---------------------------------------------------------------------------- */

/* Reads the whole text into tokens. The first thing that cannot be read becomes a TOK_ERROR
 * token with its message, so it is reported only if the parser gets that far: errors come in
 * the order they are written. */
static void
lex (Parser *p, gsize valid)
{
  const char *s = p->text;
  gsize i = 0;
  guint32 line = 1, col = 1, cpos = 0;
  guint depth = 0;   /* brackets open: inside them a newline does not end the statement */
  Token t;

#define ADVANCE(nbytes) G_STMT_START { i += (nbytes); col++; cpos++; } G_STMT_END
#define EMIT(k, nbytes) G_STMT_START { \
    t.kind = (k); ADVANCE (nbytes); t.end = i; t.nchars = 1; \
    g_array_append_val (p->tokens, t); } G_STMT_END
#define LEX_FAIL(len, ...) G_STMT_START { \
    p->lex_message = g_strdup_printf (__VA_ARGS__); \
    t.kind = TOK_ERROR; t.end = t.start; t.nchars = (len); \
    g_array_append_val (p->tokens, t); return; } G_STMT_END

  while (i < valid)
    {
      guchar c = s[i];

      memset (&t, 0, sizeof t);
      t.start = i;
      t.line = line;
      t.col = col;
      t.cpos = cpos;
      t.match = NO_MATCH;

      if (c == ' ' || c == '\t' || c == '\f' || c == '\v' ||
          (c == '\r' && (i + 1 >= valid || s[i + 1] != '\n')))
        {
          ADVANCE (1);
          continue;
        }
      /* A no-break space, which text pasted from slides is full of. */
      if (c == 0xC2 && i + 1 < valid && (guchar) s[i + 1] == 0xA0)
        {
          ADVANCE (2);
          continue;
        }
      if (c == '#')
        {
          while (i < valid && s[i] != '\n')
            ADVANCE (g_utf8_next_char (s + i) - (s + i));
          continue;
        }
      /* A line break, "\r\n" included, so an error at the end of a line is shown there. */
      if (c == '\n' || c == '\r')
        {
          const guint n = c == '\r' ? 2 : 1;

          i += n;
          line++;
          col = 1;
          cpos += n;
          if (depth > 0)
            continue;
          t.kind = TOK_END;
          t.end = i;
          t.nchars = 1;
          g_array_append_val (p->tokens, t);
          continue;
        }

      if (g_ascii_isdigit (c) || (c == '.' && i + 1 < valid && g_ascii_isdigit (s[i + 1])))
        {
          const gsize number_start = i;
          gsize j = i;

          while (j < valid && g_ascii_isdigit (s[j]))
            j++;
          if (j < valid && s[j] == '.')
            for (j++; j < valid && g_ascii_isdigit (s[j]); j++)
              ;
          if (j < valid && (s[j] == 'e' || s[j] == 'E') &&
              ((j + 1 < valid && g_ascii_isdigit (s[j + 1])) ||
               (j + 2 < valid && (s[j + 1] == '+' || s[j + 1] == '-') &&
                g_ascii_isdigit (s[j + 2]))))
            for (j += 2; j < valid && g_ascii_isdigit (s[j]); j++)
              ;
          t.kind = TOK_NUMBER;
          t.end = j;
          t.nchars = j - i;
          col += j - i;
          cpos += j - i;
          i = j;
          /* What follows a number directly is a typo worth explaining. */
          if (i < valid && (s[i] == '.' || g_ascii_isalnum (s[i]) || s[i] == '_'))
            {
              gsize k = i;

              t.start = i;
              t.col = col;
              t.cpos = cpos;
              if (s[i] == '.')
                LEX_FAIL (1, "malformed number: a number has at most one '.'");
              while (k < valid && (g_ascii_isalnum (s[k]) || s[k] == '_'))
                k++;
              if ((s[i] == 'e' || s[i] == 'E') &&
                  (k - i == 1 || s[i + 1] == '+' || s[i + 1] == '-' || k >= valid ||
                   s[k] == '+' || s[k] == '-'))
                LEX_FAIL (1, "malformed number: the exponent after '%c' needs digits, e.g. 1e-3",
                          s[i]);
              LEX_FAIL ((guint) (k - i), "a number cannot be followed directly by a name: "
                        "write %.*s*%.*s to multiply", (int) (i - number_start),
                        s + number_start, (int) (k - i), s + i);
            }
          g_array_append_val (p->tokens, t);
          continue;
        }

      if (g_ascii_isalpha (c) || c == '_')
        {
          gsize j = i;

          while (j < valid && (g_ascii_isalnum (s[j]) || s[j] == '_'))
            j++;
          t.kind = TOK_NAME;
          t.end = j;
          t.nchars = j - i;
          col += j - i;
          cpos += j - i;
          i = j;
          g_array_append_val (p->tokens, t);
          continue;
        }

      switch (c)
        {
        case '+': EMIT (TOK_PLUS, 1); continue;
        case '-': EMIT (TOK_MINUS, 1); continue;
        case '/': EMIT (TOK_SLASH, 1); continue;
        case '@': EMIT (TOK_AT, 1); continue;
        case '^': EMIT (TOK_CARET, 1); continue;
        case ',': EMIT (TOK_COMMA, 1); continue;
        case '=': EMIT (TOK_EQUALS, 1); continue;
        case ';': EMIT (TOK_END, 1); continue;
        case '(': depth++; EMIT (TOK_LPAREN, 1); continue;
        case '[': depth++; EMIT (TOK_LBRACKET, 1); continue;
        case ')': depth = depth ? depth - 1 : 0; EMIT (TOK_RPAREN, 1); continue;
        case ']': depth = depth ? depth - 1 : 0; EMIT (TOK_RBRACKET, 1); continue;
        case '*':
          if (i + 1 < valid && s[i + 1] == '*')
            LEX_FAIL (2, "'**' is not an operator here: write x^2 for a power");
          EMIT (TOK_STAR, 1);
          continue;
        default:
          break;
        }

      if (c >= 0x80)
        {
          gunichar u = g_utf8_get_char (s + i);
          gsize n = g_utf8_next_char (s + i) - (s + i);
          char buf[8] = { 0 };

          /* The signs of printed mathematics, so text pasted from slides reads as written. */
          switch (u)
            {
            case 0x00D7: /* × */
            case 0x00B7: /* · */
              EMIT (TOK_STAR, n);
              continue;
            case 0x00F7: /* ÷ */
              EMIT (TOK_SLASH, n);
              continue;
            case 0x2212: /* − */
              EMIT (TOK_MINUS, n);
              continue;
            default:
              break;
            }
          if (g_unichar_isprint (u))
            {
              g_unichar_to_utf8 (u, buf);
              LEX_FAIL (1, "unexpected character '%s'", buf);
            }
          LEX_FAIL (1, "unexpected character U+%04X", (guint) u);
        }
      if (g_ascii_isprint (c))
        LEX_FAIL (1, "unexpected character '%c'", c);
      LEX_FAIL (1, "unexpected character U+%04X", (guint) c);
    }

  memset (&t, 0, sizeof t);
  t.start = t.end = i;
  t.line = line;
  t.col = col;
  t.cpos = cpos;
  t.match = NO_MATCH;
  if (i < p->length)
    {
      if (s[i] == '\0')
        LEX_FAIL (1, "the program contains a NUL character (byte %" G_GSIZE_FORMAT ")", i);
      LEX_FAIL (1, "the text is not valid UTF-8 here (byte %" G_GSIZE_FORMAT "): "
                "save the program as UTF-8", i);
    }
  t.kind = TOK_EOF;
  g_array_append_val (p->tokens, t);

#undef ADVANCE
#undef EMIT
#undef LEX_FAIL
}

/* Marks each '[' with its ']' and whether the list between holds only numbers (a literal,
 * one leaf) or expressions (a stack of nodes). One pass with an explicit stack, so no depth
 * of brackets can overflow anything. */
static void
scan_brackets (Parser *p)
{
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  Token *toks = (Token *) (void *) p->tokens->data;
  const guint n = p->tokens->len;

  for (guint i = 0; i < n; i++)
    {
      Token *t = &toks[i];
      Token *top = open->len ? &toks[g_array_index (open, guint, open->len - 1)] : NULL;

      switch (t->kind)
        {
        case TOK_LBRACKET:
          t->numeric = TRUE;
          g_array_append_val (open, i);
          break;
        case TOK_RBRACKET:
          if (top == NULL)
            break;
          top->match = i;
          g_array_set_size (open, open->len - 1);
          if (!top->numeric && open->len)
            toks[g_array_index (open, guint, open->len - 1)].numeric = FALSE;
          break;
        case TOK_NUMBER:
        case TOK_COMMA:
          break;
        case TOK_PLUS:
        case TOK_MINUS:
          if (top && i > 0 && i + 1 < n && toks[i + 1].kind == TOK_NUMBER &&
              (toks[i - 1].kind == TOK_LBRACKET || toks[i - 1].kind == TOK_COMMA))
            break;
          G_GNUC_FALLTHROUGH;
        default:
          if (top)
            top->numeric = FALSE;
          break;
        }
    }
  /* An unclosed list is parsed as expressions, whose errors say what is missing. */
  for (guint k = 0; k < open->len; k++)
    toks[g_array_index (open, guint, k)].numeric = FALSE;
}

/* ---- building nodes -------------------------------------------------------------------- */

/* The source text of tokens @first..@last, with each run of blanks (or a line break) as one
 * space, cut to LABEL_MAX_CHARS. */
static char *
span_text (const Parser *p, guint first, guint last)
{
  GString *s = g_string_new (NULL);
  guint chars = 0;

  for (guint i = first; i <= last && chars <= LABEL_MAX_CHARS; i++)
    {
      const Token *t = tok (p, i);
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

static void
describe_node (Parser *p, AgId id, guint first, guint last)
{
  g_autofree char *label = span_text (p, first, last);
  const Token *a = tok (p, first), *b = tok (p, last);

  ag_graph_set_label (p->graph, id, label);
  ag_graph_set_span (p->graph, id, a->line, a->col, b->cpos + b->nchars - a->cpos);
}

/* Adds an op node written as tokens @first..@last. */
static gboolean
build_op (Parser *p, AgOp op, const AgId *inputs, guint n_inputs, const gint32 *attrs,
          guint first, guint last, Expr *out)
{
  g_autoptr (GError) local = NULL;
  AgId id = ag_graph_add_op (p->graph, op, inputs, n_inputs, attrs, &local);

  if (id == AG_NO_ID)
    {
      fail_graph (p, local, first, last);
      return FALSE;
    }
  describe_node (p, id, first, last);
  *out = (Expr) { id, first, last, FALSE };
  return TRUE;
}

static gboolean
build_leaf (Parser *p, AgRole role, AgShape shape, const double *data, const char *name,
            guint first, guint last, AgId *out)
{
  g_autoptr (GError) local = NULL;
  AgId id = ag_graph_add_leaf (p->graph, role, shape, data, name, &local);

  if (id == AG_NO_ID)
    {
      fail_graph (p, local, first, last);
      return FALSE;
    }
  describe_node (p, id, first, last);
  *out = id;
  return TRUE;
}

static gboolean
enter (Parser *p, guint at)
{
  if (++p->depth > AG_MAX_NESTING)
    {
      fail_span (p, AG_ERROR_LIMIT, at, at, "expression nested too deeply (more than %d levels)",
                 AG_MAX_NESTING);
      return FALSE;
    }
  return TRUE;
}

static void
leave (Parser *p)
{
  p->depth--;
}

/* ---- literals -------------------------------------------------------------------------- */

static gboolean
parse_number_token (Parser *p, guint i, double *value)
{
  g_autofree char *text = tok_dup (p, tok (p, i));

  errno = 0;
  *value = g_ascii_strtod (text, NULL);
  /* An underflow to zero or a denormal is a fine value; an overflow to infinity is not. */
  if (!isfinite (*value))
    {
      fail_span (p, AG_ERROR_SYNTAX, i, i,
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
      negative = peek (p)->kind == TOK_MINUS;
      p->pos++;
    }
  if (peek (p)->kind != TOK_NUMBER)
    {
      g_autofree char *prev = tok_describe (p, tok (p, p->pos - 1));
      g_autofree char *found = tok_describe (p, peek (p));
      fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected a number after %s, found %s", prev, found);
      return FALSE;
    }
  if (!parse_number_token (p, p->pos, value))
    return FALSE;
  p->pos++;
  if (negative)
    *value = -*value;
  return TRUE;
}

/* After an element of a list that opened at @open: steps over ',' and returns TRUE while
 * another element follows. A ',' before the ']' is allowed, as in Python. */
static gboolean
list_continues (Parser *p, guint open, const char *what, gboolean *ok)
{
  const Token *t = peek (p);

  *ok = TRUE;
  if (t->kind == TOK_COMMA)
    {
      p->pos++;
      return peek (p)->kind != TOK_RBRACKET;
    }
  if (t->kind == TOK_RBRACKET)
    return FALSE;
  *ok = FALSE;
  if (ends_statement (t->kind))
    fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ']' to close the '[' at %u:%u",
             tok (p, open)->line, tok (p, open)->col);
  else
    {
      g_autofree char *found = tok_describe (p, t);
      fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or ']' %s, found %s", what, found);
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

  if (peek (p)->kind == TOK_RBRACKET)
    {
      fail_span (p, AG_ERROR_SYNTAX, open, p->pos,
                 "an empty list has no value: write at least one number, e.g. [0]");
      return FALSE;
    }
  if (peek (p)->kind != TOK_LBRACKET)
    {
      do
        {
          double v;

          if (peek (p)->kind == TOK_LBRACKET)
            {
              fail_at (p, AG_ERROR_SYNTAX, p->pos, "this list mixes numbers and lists: a matrix "
                       "is a list of rows, e.g. [[1, 2], [3, 4]]");
              return FALSE;
            }
          if (!parse_signed_number (p, &v))
            return FALSE;
          g_array_append_val (values, v);
          cols++;
        }
      while (list_continues (p, open, "between the numbers of a list", &ok));
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

      if (peek (p)->kind != TOK_LBRACKET)
        {
          fail_at (p, AG_ERROR_SYNTAX, p->pos, "this list mixes numbers and lists: a matrix "
                   "is a list of rows, e.g. [[1, 2], [3, 4]]");
          return FALSE;
        }
      p->pos++;
      if (peek (p)->kind == TOK_RBRACKET)
        {
          fail_span (p, AG_ERROR_SYNTAX, row_open, p->pos,
                     "an empty list has no value: write at least one number, e.g. [0]");
          return FALSE;
        }
      do
        {
          double v;

          if (peek (p)->kind == TOK_LBRACKET)
            {
              fail_at (p, AG_ERROR_SHAPE, p->pos, "tensors have at most two dimensions: "
                       "write a matrix as a list of rows, e.g. [[1, 2], [3, 4]]");
              return FALSE;
            }
          if (!parse_signed_number (p, &v))
            return FALSE;
          g_array_append_val (values, v);
          n++;
        }
      while (list_continues (p, row_open, "between the numbers of a row", &ok));
      if (!ok)
        return FALSE;
      if (rows > 0 && n != cols)
        {
          fail_span (p, AG_ERROR_SHAPE, row_open, p->pos,
                     "row %u has %u element%s, but row 1 has %u: the rows of a matrix must "
                     "have the same length", rows + 1, n, n == 1 ? "" : "s", cols);
          return FALSE;
        }
      p->pos++;
      cols = n;
      rows++;
    }
  while (list_continues (p, open, "between the rows of a matrix", &ok));
  if (!ok)
    return FALSE;
  p->pos++;
  *shape = ag_shape_matrix (rows, cols);
  return TRUE;
}

/* A literal of numbers (at '[') as a leaf of @role. */
static gboolean
parse_literal_leaf (Parser *p, AgRole role, const char *name, AgId *out)
{
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  const guint first = p->pos;
  AgShape shape;

  if (!enter (p, first))
    return FALSE;
  if (!parse_literal_list (p, &shape, values))
    return FALSE;
  leave (p);
  return build_leaf (p, role, shape, (const double *) (void *) values->data, name, first,
                     p->pos - 1, out);
}

/* ---- expressions ----------------------------------------------------------------------- */

/* The text of an expression for a message, e.g. "x" or "(a + b)". */
static char *
expr_text (const Parser *p, const Expr *e)
{
  return span_text (p, e->first, e->last);
}

static gboolean
parse_call (Parser *p, Expr *out)
{
  const guint name_at = p->pos, open = p->pos + 1;
  g_autofree char *name = tok_dup (p, tok (p, name_at));
  const AgOpInfo *info = ag_op_lookup (name);
  g_autoptr (GArray) args = g_array_new (FALSE, FALSE, sizeof (AgId));
  guint close;

  if (info == NULL || info->syntax != AG_SYNTAX_CALL)
    {
      static const char *const written[AG_N_OPS] = {
        [AG_OP_ADD] = "a + b", [AG_OP_SUB] = "a - b", [AG_OP_MUL] = "a * b",
        [AG_OP_DIV] = "a / b", [AG_OP_POW] = "a^b", [AG_OP_MATMUL] = "A @ B",
        [AG_OP_NEG] = "-a", [AG_OP_INDEX] = "x[0]", [AG_OP_STACK] = "[a, b]",
      };
      const char *suggestion;

      if (info != NULL && written[info->op] != NULL)
        fail_at (p, AG_ERROR_NAME, name_at, "there is no function '%s': write %s", name,
                 written[info->op]);
      else if (g_hash_table_contains (p->symbols, name))
        fail_at (p, AG_ERROR_NAME, name_at, "'%s' is a variable, not a function: "
                 "write %s*(…) to multiply", name, name);
      else if ((suggestion = suggest_function (name)) != NULL)
        fail_at (p, AG_ERROR_NAME, name_at, "unknown function '%s'; did you mean '%s'?", name,
                 suggestion);
      else
        fail_at (p, AG_ERROR_NAME, name_at, "unknown function '%s'", name);
      return FALSE;
    }

  if (!enter (p, open))
    return FALSE;
  p->pos = open + 1;
  while (peek (p)->kind != TOK_RPAREN)
    {
      Expr arg;

      if (!parse_expr (p, &arg))
        return FALSE;
      g_array_append_val (args, arg.id);
      if (peek (p)->kind == TOK_COMMA)
        p->pos++;
      else if (peek (p)->kind != TOK_RPAREN)
        {
          g_autofree char *found = tok_describe (p, peek (p));
          if (ends_statement (peek (p)->kind))
            fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ')' to close the '(' at %u:%u",
                     tok (p, open)->line, tok (p, open)->col);
          else
            fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or ')' between the arguments "
                     "of %s, found %s", name, found);
          return FALSE;
        }
    }
  close = p->pos++;
  leave (p);
  if (args->len != (guint) info->arity)
    {
      fail_span (p, AG_ERROR_SYNTAX, name_at, close, "%s takes %d argument%s, got %u", name,
                 info->arity, info->arity == 1 ? "" : "s", args->len);
      return FALSE;
    }
  return build_op (p, info->op, (const AgId *) (void *) args->data, args->len, NULL, name_at,
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

  if (tok (p, at + 1)->kind == TOK_LPAREN)
    return parse_call (p, out);
  if (g_hash_table_lookup_extended (p->symbols, name, NULL, &value))
    {
      p->pos++;
      *out = (Expr) { GPOINTER_TO_UINT (value) - 1, at, at, FALSE };
      return TRUE;
    }
  info = ag_op_lookup (name);
  if (info != NULL && info->syntax == AG_SYNTAX_CALL)
    fail_at (p, AG_ERROR_NAME, at, "'%s' is a function: call it with parentheses, e.g. %s(x)",
             name, name);
  else if ((suggestion = suggest_variable (p, name)) != NULL)
    fail_at (p, AG_ERROR_NAME, at, "'%s' is not defined; did you mean '%s'?", name, suggestion);
  else
    fail_at (p, AG_ERROR_NAME, at, "'%s' is not defined", name);
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

      if (!parse_literal_leaf (p, AG_ROLE_CONST, NULL, &id))
        return FALSE;
      *out = (Expr) { id, open, p->pos - 1, FALSE };
      return TRUE;
    }

  if (!enter (p, open))
    return FALSE;
  p->pos++;
  if (peek (p)->kind == TOK_RBRACKET)
    {
      fail_span (p, AG_ERROR_SYNTAX, open, p->pos,
                 "an empty list has no value: write at least one element, e.g. [0]");
      return FALSE;
    }
  elems = g_array_new (FALSE, FALSE, sizeof (AgId));
  do
    {
      Expr e;

      if (!parse_expr (p, &e))
        return FALSE;
      g_array_append_val (elems, e.id);
    }
  while (list_continues (p, open, "between the elements of a list", &ok));
  if (!ok)
    return FALSE;
  leave (p);
  p->pos++;
  return build_op (p, AG_OP_STACK, (const AgId *) (void *) elems->data, elems->len, NULL, open,
                   p->pos - 1, out);
}

static gboolean
parse_primary (Parser *p, Expr *out)
{
  const Token *t = peek (p);

  switch (t->kind)
    {
    case TOK_NUMBER:
      {
        double v;
        AgId id;

        if (!parse_number_token (p, p->pos, &v) ||
            !build_leaf (p, AG_ROLE_CONST, AG_SHAPE_SCALAR, &v, NULL, p->pos, p->pos, &id))
          return FALSE;
        *out = (Expr) { id, p->pos, p->pos, TRUE };
        p->pos++;
        return TRUE;
      }
    case TOK_NAME:
      return parse_name (p, out);
    case TOK_LBRACKET:
      return parse_list (p, out);
    case TOK_LPAREN:
      {
        const guint open = p->pos;

        if (!enter (p, open))
          return FALSE;
        p->pos++;
        if (peek (p)->kind == TOK_RPAREN)
          {
            fail_span (p, AG_ERROR_SYNTAX, open, p->pos, "expected an expression inside '( )'");
            return FALSE;
          }
        if (!parse_expr (p, out))
          return FALSE;
        if (peek (p)->kind != TOK_RPAREN)
          {
            fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ')' to close the '(' at %u:%u",
                     tok (p, open)->line, tok (p, open)->col);
            return FALSE;
          }
        leave (p);
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
          fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected an expression after %s", prev);
        else
          fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected an expression after %s, found %s",
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
  const Token *t;
  guint64 v = 0;

  *first = p->pos;
  if (is_sign (peek (p)->kind))
    {
      negative = peek (p)->kind == TOK_MINUS;
      p->pos++;
    }
  t = peek (p);
  if (t->kind != TOK_NUMBER)
    {
      if (t->kind == TOK_RBRACKET && !negative)
        fail_span (p, AG_ERROR_SYNTAX, p->pos - 1, p->pos,
                   "expected an index inside '[ ]', e.g. x[0]");
      else if (ends_statement (t->kind))
        fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected an index, e.g. x[0]");
      else
        fail_at (p, AG_ERROR_SYNTAX, p->pos, "an index must be a whole number written in the "
                 "program, e.g. x[0] or x[-1]");
      return FALSE;
    }
  for (guint32 k = t->start; k < t->end; k++)
    {
      if (!g_ascii_isdigit (p->text[k]))
        {
          fail_at (p, AG_ERROR_SYNTAX, p->pos, "an index must be a whole number, e.g. x[0]");
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
      fail_span (p, AG_ERROR_SHAPE, first, last,
                 "%sindex %" G_GINT64_FORMAT " is out of range for %s, which has %u %s%s", kind,
                 *value, of, n, unit, n == 1 ? "" : "s");
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
  const AgShape shape = ag_graph_node (p->graph, base->id)->shape;
  g_autofree char *of = expr_text (p, base);
  gint64 idx[2] = { 0, -1 };
  guint first[2], last[2], n_idx = 0;
  gint32 attrs[2];

  p->pos++;
  for (;;)
    {
      if (n_idx == 2)
        {
          fail_at (p, AG_ERROR_SYNTAX, p->pos,
                   "tensors have at most two dimensions: write at most two indices, e.g. W[1, 0]");
          return FALSE;
        }
      if (!parse_index_number (p, &idx[n_idx], &first[n_idx], &last[n_idx]))
        return FALSE;
      n_idx++;
      if (peek (p)->kind == TOK_COMMA)
        p->pos++;
      else if (peek (p)->kind == TOK_RBRACKET)
        break;
      else if (ends_statement (peek (p)->kind))
        {
          fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ']' to close the '[' at %u:%u",
                   tok (p, open)->line, tok (p, open)->col);
          return FALSE;
        }
      else
        {
          g_autofree char *found = tok_describe (p, peek (p));
          fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or ']' after the index, found %s",
                   found);
          return FALSE;
        }
    }

  if (shape.ndim == 0)
    {
      fail_span (p, AG_ERROR_SHAPE, open, p->pos, "%s is a scalar and cannot be indexed", of);
      return FALSE;
    }
  if (shape.ndim == 1)
    {
      if (n_idx == 2)
        {
          fail_span (p, AG_ERROR_SHAPE, first[1], last[1],
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
  return build_op (p, AG_OP_INDEX, &base->id, 1, attrs, base->first, p->pos++, out);
}

/* A primary and the indexing after it: x[0][1]. */
static gboolean
parse_postfix (Parser *p, Expr *out)
{
  if (!parse_primary (p, out))
    return FALSE;
  while (peek (p)->kind == TOK_LBRACKET)
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
  if (peek (p)->kind != TOK_CARET)
    {
      *out = base;
      return TRUE;
    }
  if (!enter (p, p->pos))
    return FALSE;
  p->pos++;
  if (!parse_unary (p, &exponent))
    return FALSE;
  leave (p);
  ids[0] = base.id;
  ids[1] = exponent.id;
  return build_op (p, AG_OP_POW, ids, 2, NULL, base.first, exponent.last, out);
}

static gboolean
parse_unary (Parser *p, Expr *out)
{
  const guint sign = p->pos;
  const TokKind kind = peek (p)->kind;
  Expr operand;

  if (!is_sign (kind))
    return parse_power (p, out);
  if (!enter (p, sign))
    return FALSE;
  p->pos++;
  if (!parse_unary (p, &operand))
    return FALSE;
  leave (p);
  if (kind == TOK_PLUS)
    {
      *out = operand;
      out->first = sign;
      out->bare_number = FALSE;
      return TRUE;
    }
  if (operand.bare_number)
    {
      /* -2 is one constant, as a student reads it, not neg(2). */
      AgNode *n = ag_graph_node (p->graph, operand.id);
      g_autofree char *label = g_strconcat ("-", n->label, NULL);
      const Token *a = tok (p, sign), *b = tok (p, operand.last);

      *ag_graph_value (p->graph, operand.id) = -*ag_graph_value (p->graph, operand.id);
      ag_graph_set_label (p->graph, operand.id, label);
      ag_graph_set_span (p->graph, operand.id, a->line, a->col, b->cpos + b->nchars - a->cpos);
      *out = (Expr) { operand.id, sign, operand.last, FALSE };
      return TRUE;
    }
  return build_op (p, AG_OP_NEG, &operand.id, 1, NULL, sign, operand.last, out);
}

static gboolean
binary_op (TokKind kind, gboolean additive, AgOp *op)
{
  switch (kind)
    {
    case TOK_PLUS: *op = AG_OP_ADD; return additive;
    case TOK_MINUS: *op = AG_OP_SUB; return additive;
    case TOK_STAR: *op = AG_OP_MUL; return !additive;
    case TOK_SLASH: *op = AG_OP_DIV; return !additive;
    case TOK_AT: *op = AG_OP_MATMUL; return !additive;
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
      if (!build_op (p, op, ids, 2, NULL, left.first, right.last, out))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_expr (Parser *p, Expr *out)
{
  return parse_binary (p, TRUE, out);
}

/* ---- statements ------------------------------------------------------------------------ */

/* Whether the right side at the cursor is only a number, a signed number or a literal of
 * numbers, up to the end of the statement. */
static gboolean
rhs_is_literal (const Parser *p)
{
  guint i = p->pos;

  if (is_sign (tok (p, i)->kind) && tok (p, i + 1)->kind == TOK_NUMBER)
    i++;
  if (tok (p, i)->kind == TOK_NUMBER)
    return ends_statement (tok (p, i + 1)->kind);
  if (i == p->pos && tok (p, i)->kind == TOK_LBRACKET && tok (p, i)->numeric)
    return ends_statement (tok (p, tok (p, i)->match + 1)->kind);
  return FALSE;
}

/* ---- initialisers: `param W = he(2, 16)`, `data X = zeros(200, 2)` ------------------- */

typedef enum { INIT_ZEROS, INIT_ONES, INIT_UNIFORM, INIT_XAVIER, INIT_HE, N_INITS } InitKind;
static const char *const init_names[N_INITS] = { "zeros", "ones", "uniform", "xavier", "he" };
#define SALT_INIT G_GUINT64_CONSTANT (0x6164a01e696e6900)

static gboolean
rhs_init_kind (const Parser *p, InitKind *kind)
{
  const Token *t = peek (p);

  if (t->kind != TOK_NAME || tok (p, p->pos + 1)->kind != TOK_LPAREN)
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

  if (peek (p)->kind != TOK_NUMBER)
    {
      g_autofree char *found = tok_describe (p, peek (p));
      fail_at (p, AG_ERROR_SYNTAX, at, "%s() takes the shape as whole numbers, e.g. `%s(2, 16)`, "
               "not %s", what, what, found);
      return FALSE;
    }
  if (!parse_signed_number (p, &v))
    return FALSE;
  if (!(v >= 1 && v <= AG_MAX_ELEMENTS) || v != floor (v))
    {
      fail_at (p, AG_ERROR_SHAPE, at, "a dimension must be a whole number from 1 to %u",
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
  g_autofree double *data = NULL;
  AgShape shape;
  gsize size;

  if (role == AG_ROLE_INPUT)
    {
      fail_at (p, AG_ERROR_SYNTAX, first, "%s() makes a parameter or a data leaf: write "
               "`param %s = %s(…)` or `data %s = %s(…)`", what, name, what, name, what);
      return FALSE;
    }
  p->pos += 2;   /* the name and '(' */
  for (;;)
    {
      if (n_dims == 2)
        {
          fail_at (p, AG_ERROR_SHAPE, p->pos, "%s() takes one or two dimensions", what);
          return FALSE;
        }
      if (!parse_dimension (p, what, &dims[n_dims]))
        return FALSE;
      n_dims++;
      if (peek (p)->kind == TOK_COMMA)
        {
          p->pos++;
          continue;
        }
      if (peek (p)->kind == TOK_RPAREN)
        break;
      g_autofree char *found = tok_describe (p, peek (p));
      fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or ')' in %s(…), not %s", what, found);
      return FALSE;
    }
  p->pos++;
  if (!ends_statement (peek (p)->kind))
    {
      g_autofree char *found = tok_describe (p, peek (p));
      fail_at (p, AG_ERROR_SYNTAX, p->pos, "%s(…) makes a leaf on its own: expected the end of "
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
      fail_span (p, AG_ERROR_LIMIT, first, p->pos - 1, "%s() would make %" G_GSIZE_FORMAT
                 " elements; a tensor holds at most %u", what, size, AG_MAX_ELEMENTS);
      return FALSE;
    }
  data = g_new (double, size);
  {
    const double fan_in = dims[0], fan_out = n_dims == 2 ? dims[1] : dims[0];
    AgRng rng;

    ag_rng_init (&rng, p->options.seed,
                 SALT_INIT ^ ((guint64) p->n_inits++ * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)));
    for (gsize i = 0; i < size; i++)
      switch (kind)
        {
        case INIT_ZEROS: data[i] = 0; break;
        case INIT_ONES: data[i] = 1; break;
        case INIT_UNIFORM: data[i] = (2 * ag_rng_uniform (&rng) - 1) / sqrt (fan_in); break;
        case INIT_XAVIER:
          data[i] = (2 * ag_rng_uniform (&rng) - 1) * sqrt (6 / (fan_in + fan_out));
          break;
        case INIT_HE: data[i] = ag_rng_normal (&rng) * sqrt (2 / fan_in); break;
        case N_INITS: default: g_assert_not_reached ();
        }
  }
  return build_leaf (p, role, shape, data, name, first, p->pos - 1, out);
}

static gboolean
parse_statement (Parser *p, AgId *assigned)
{
  AgRole role = AG_ROLE_INPUT;
  const Token *t = peek (p);
  g_autofree char *name = NULL;
  guint name_at;
  Expr e;

  /* `param` and `data` are keywords only at the start, and only before a name: `data = 3`
   * assigns a variable called data. */
  if (t->kind == TOK_NAME && tok (p, p->pos + 1)->kind != TOK_EQUALS &&
      (tok_equals (p, t, "param") || tok_equals (p, t, "data")))
    {
      const gboolean is_param = tok_equals (p, t, "param");

      role = is_param ? AG_ROLE_PARAM : AG_ROLE_DATA;
      p->pos++;
      if (peek (p)->kind != TOK_NAME)
        {
          fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected a name after '%s', e.g. `%s`",
                   is_param ? "param" : "data",
                   is_param ? "param w = [0.1, -0.2]" : "data x = [1, 2, 3]");
          return FALSE;
        }
    }
  else if (t->kind != TOK_NAME)
    {
      g_autofree char *found = tok_describe (p, t);
      fail_at (p, AG_ERROR_SYNTAX, p->pos,
               "a statement starts with a name, as in `x = 3`, not with %s", found);
      return FALSE;
    }

  name_at = p->pos++;
  name = tok_dup (p, tok (p, name_at));
  if (peek (p)->kind != TOK_EQUALS)
    {
      fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected '=' after the name '%s'", name);
      return FALSE;
    }
  p->pos++;

  InitKind init;

  if (rhs_init_kind (p, &init))
    {
      const guint first = p->pos;
      AgId id;

      if (!parse_init_leaf (p, role, init, name, &id))
        return FALSE;
      e = (Expr) { id, first, p->pos - 1, FALSE };
    }
  else if (rhs_is_literal (p))
    {
      const guint first = p->pos;
      AgId id;

      if (peek (p)->kind == TOK_LBRACKET)
        {
          if (!parse_literal_leaf (p, role, name, &id))
            return FALSE;
        }
      else
        {
          double v;
          if (!parse_signed_number (p, &v) ||
              !build_leaf (p, role, AG_SHAPE_SCALAR, &v, name, first, p->pos - 1, &id))
            return FALSE;
        }
      e = (Expr) { id, first, p->pos - 1, FALSE };
    }
  else
    {
      if (!parse_expr (p, &e))
        return FALSE;
      if (!ends_statement (peek (p)->kind))
        {
          g_autofree char *found = tok_describe (p, peek (p));
          if (peek (p)->kind == TOK_RPAREN || peek (p)->kind == TOK_RBRACKET)
            fail_at (p, AG_ERROR_SYNTAX, p->pos, "unexpected %s: there is nothing open for it "
                     "to close", found);
          else
            fail_at (p, AG_ERROR_SYNTAX, p->pos, "unexpected %s: expected an operator (such "
                     "as '*') or the end of the statement", found);
          return FALSE;
        }
      if (role != AG_ROLE_INPUT)
        {
          fail_span (p, AG_ERROR_SYNTAX, e.first, e.last, role == AG_ROLE_PARAM
                     ? "a parameter must be given a literal value, e.g. `param w = [0.1, -0.2]`"
                     : "a data leaf must be given a literal value, e.g. `data x = [1, 2, 3]`");
          return FALSE;
        }
      /* `y = x` makes y another name of x's node: the node keeps the name it was made with. */
      if (ag_graph_node (p->graph, e.id)->name == NULL)
        ag_graph_set_name (p->graph, e.id, name);
    }

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
  tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), MIN (len / 2 + 16, 1u << 16));
  p.text = text;
  p.length = len;
  p.tokens = tokens;
  p.graph = graph;
  p.symbols = symbols;
  p.error = error;
  if (options)
    p.options = *options;
  lex (&p, valid_end - text);
  lex_message = p.lex_message;
  scan_brackets (&p);

  while (!p.failed && peek (&p)->kind != TOK_EOF)
    {
      if (peek (&p)->kind == TOK_END)
        {
          p.pos++;
          continue;
        }
      if (!parse_statement (&p, &last))
        break;
      /* parse_statement stops at the statement's end (a newline, ';' or the end). */
      if (peek (&p)->kind == TOK_END)
        p.pos++;
    }
  if (p.failed)
    return NULL;
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
