/* lexer.c: the program language's lexer: text into tokens, with a message a student can act on
 * for the first thing that cannot be read. */
#include "core/lexer.h"

#include <stdarg.h>
#include <string.h>

typedef struct {
  const char *s;
  gsize       valid;    /* bytes of valid UTF-8 */
  gsize       i;        /* the next byte */
  guint32     line, col, cpos;
  guint       depth;    /* brackets open: inside them a newline does not end the statement */
  GArray     *tokens;
  char       *message;  /* of the AG_TOK_ERROR token */
} Lexer;

static inline void
advance (Lexer *lx, gsize nbytes)
{
  lx->i += nbytes;
  lx->col++;
  lx->cpos++;
}

/* Appends @t as a token of @kind, one character of @nbytes bytes. */
static void
emit (Lexer *lx, AgToken *t, AgTokenKind kind, gsize nbytes)
{
  t->kind = kind;
  advance (lx, nbytes);
  t->end = lx->i;
  t->nchars = 1;
  g_array_append_val (lx->tokens, *t);
}

/* Appends @t as the AG_TOK_ERROR token, @len characters wide, with its message. Returns FALSE,
 * so a caller can `return fail (…)`. */
static gboolean fail (Lexer *lx, AgToken *t, guint len, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gboolean
fail (Lexer *lx, AgToken *t, guint len, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  lx->message = g_strdup_vprintf (format, args);
  va_end (args);
  t->kind = AG_TOK_ERROR;
  t->end = t->start;
  t->nchars = len;
  g_array_append_val (lx->tokens, *t);
  return FALSE;
}

/* A number, at lx->i; what follows it directly is a typo worth explaining. */
static gboolean
lex_number (Lexer *lx, AgToken *t)
{
  const char *s = lx->s;
  const gsize valid = lx->valid, number_start = lx->i;
  gsize i = lx->i, j = i;

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
  t->kind = AG_TOK_NUMBER;
  t->end = j;
  t->nchars = j - i;
  lx->col += j - i;
  lx->cpos += j - i;
  lx->i = i = j;
  if (i < valid && (s[i] == '.' || g_ascii_isalnum (s[i]) || s[i] == '_'))
    {
      gsize k = i;

      t->start = i;
      t->col = lx->col;
      t->cpos = lx->cpos;
      if (s[i] == '.')
        return fail (lx, t, 1, "malformed number: a number has at most one '.'");
      while (k < valid && (g_ascii_isalnum (s[k]) || s[k] == '_'))
        k++;
      if ((s[i] == 'e' || s[i] == 'E') &&
          (k - i == 1 || s[i + 1] == '+' || s[i + 1] == '-' || k >= valid ||
           s[k] == '+' || s[k] == '-'))
        return fail (lx, t, 1, "malformed number: the exponent after '%c' needs digits, e.g. 1e-3",
                     s[i]);
      return fail (lx, t, (guint) (k - i), "a number cannot be followed directly by a name: "
                   "write %.*s*%.*s to multiply", (int) (i - number_start),
                   s + number_start, (int) (k - i), s + i);
    }
  g_array_append_val (lx->tokens, *t);
  return TRUE;
}

/* An operator or bracket at lx->i, in ASCII or as printed mathematics writes it, so text
 * pasted from slides reads as written; anything else is an unexpected character. */
static gboolean
lex_symbol (Lexer *lx, AgToken *t)
{
  const char *s = lx->s;
  const gsize i = lx->i;
  const guchar c = s[i];

  switch (c)
    {
    case '+': emit (lx, t, AG_TOK_PLUS, 1); return TRUE;
    case '-': emit (lx, t, AG_TOK_MINUS, 1); return TRUE;
    case '/': emit (lx, t, AG_TOK_SLASH, 1); return TRUE;
    case '@': emit (lx, t, AG_TOK_AT, 1); return TRUE;
    case '^': emit (lx, t, AG_TOK_CARET, 1); return TRUE;
    case ',': emit (lx, t, AG_TOK_COMMA, 1); return TRUE;
    case '=': emit (lx, t, AG_TOK_EQUALS, 1); return TRUE;
    case ':': emit (lx, t, AG_TOK_COLON, 1); return TRUE;
    case ';': emit (lx, t, AG_TOK_END, 1); return TRUE;
    case '(':
    case '[':
      lx->depth++;
      emit (lx, t, c == '(' ? AG_TOK_LPAREN : AG_TOK_LBRACKET, 1);
      return TRUE;
    case ')':
    case ']':
      lx->depth = lx->depth ? lx->depth - 1 : 0;
      emit (lx, t, c == ')' ? AG_TOK_RPAREN : AG_TOK_RBRACKET, 1);
      return TRUE;
    case '*':
      if (i + 1 < lx->valid && s[i + 1] == '*')
        return fail (lx, t, 2, "'**' is not an operator here: write x^2 for a power");
      emit (lx, t, AG_TOK_STAR, 1);
      return TRUE;
    default:
      break;
    }

  if (c >= 0x80)
    {
      gunichar u = g_utf8_get_char (s + i);
      gsize n = g_utf8_next_char (s + i) - (s + i);
      char buf[8] = { 0 };

      switch (u)
        {
        case 0x00D7: /* × */
        case 0x00B7: /* · */
          emit (lx, t, AG_TOK_STAR, n);
          return TRUE;
        case 0x00F7: /* ÷ */
          emit (lx, t, AG_TOK_SLASH, n);
          return TRUE;
        case 0x2212: /* − */
          emit (lx, t, AG_TOK_MINUS, n);
          return TRUE;
        default:
          break;
        }
      if (g_unichar_isprint (u))
        {
          g_unichar_to_utf8 (u, buf);
          return fail (lx, t, 1, "unexpected character '%s'", buf);
        }
      return fail (lx, t, 1, "unexpected character U+%04X", (guint) u);
    }
  if (g_ascii_isprint (c))
    return fail (lx, t, 1, "unexpected character '%c'", c);
  return fail (lx, t, 1, "unexpected character U+%04X", (guint) c);
}

static void
token_init (const Lexer *lx, AgToken *t)
{
  memset (t, 0, sizeof *t);
  t->start = lx->i;
  t->line = lx->line;
  t->col = lx->col;
  t->cpos = lx->cpos;
  t->match = AG_TOK_NO_MATCH;
}

/* Reads tokens up to @valid; FALSE when it stopped at an error token. */
static gboolean
lex_valid (Lexer *lx)
{
  const char *s = lx->s;
  const gsize valid = lx->valid;
  AgToken t;

  while (lx->i < valid)
    {
      const gsize i = lx->i;
      const guchar c = s[i];

      token_init (lx, &t);
      if (c == ' ' || c == '\t' || c == '\f' || c == '\v' ||
          (c == '\r' && (i + 1 >= valid || s[i + 1] != '\n')))
        advance (lx, 1);
      /* A no-break space, which text pasted from slides is full of. */
      else if (c == 0xC2 && i + 1 < valid && (guchar) s[i + 1] == 0xA0)
        advance (lx, 2);
      else if (c == '#')
        while (lx->i < valid && s[lx->i] != '\n')
          advance (lx, g_utf8_next_char (s + lx->i) - (s + lx->i));
      /* A line break, "\r\n" included, so an error at the end of a line is shown there. */
      else if (c == '\n' || c == '\r')
        {
          const guint n = c == '\r' ? 2 : 1;

          lx->i += n;
          lx->line++;
          lx->col = 1;
          lx->cpos += n;
          if (lx->depth > 0)
            continue;
          t.kind = AG_TOK_END;
          t.end = lx->i;
          t.nchars = 1;
          g_array_append_val (lx->tokens, t);
        }
      else if (g_ascii_isdigit (c) || (c == '.' && i + 1 < valid && g_ascii_isdigit (s[i + 1])))
        {
          if (!lex_number (lx, &t))
            return FALSE;
        }
      else if (g_ascii_isalpha (c) || c == '_')
        {
          gsize j = i;

          while (j < valid && (g_ascii_isalnum (s[j]) || s[j] == '_'))
            j++;
          t.kind = AG_TOK_NAME;
          t.end = j;
          t.nchars = j - i;
          lx->col += j - i;
          lx->cpos += j - i;
          lx->i = j;
          g_array_append_val (lx->tokens, t);
        }
      else if (!lex_symbol (lx, &t))
        return FALSE;
    }
  return TRUE;
}

/* Marks each '[' with its ']' and whether the list between holds only numbers (a literal,
 * one leaf) or expressions (a stack of nodes). One pass with an explicit stack, so no depth
 * of brackets can overflow anything. */
static void
scan_brackets (GArray *tokens)
{
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  AgToken *toks = (AgToken *) (void *) tokens->data;
  const guint n = tokens->len;

  for (guint i = 0; i < n; i++)
    {
      AgToken *t = &toks[i];
      AgToken *top = open->len ? &toks[g_array_index (open, guint, open->len - 1)] : NULL;

      switch (t->kind)
        {
        case AG_TOK_LBRACKET:
          t->numeric = TRUE;
          g_array_append_val (open, i);
          break;
        case AG_TOK_RBRACKET:
          if (top == NULL)
            break;
          top->match = i;
          g_array_set_size (open, open->len - 1);
          if (!top->numeric && open->len)
            toks[g_array_index (open, guint, open->len - 1)].numeric = FALSE;
          break;
        case AG_TOK_NUMBER:
        case AG_TOK_COMMA:
          break;
        case AG_TOK_PLUS:
        case AG_TOK_MINUS:
          if (top && i > 0 && i + 1 < n && toks[i + 1].kind == AG_TOK_NUMBER &&
              (toks[i - 1].kind == AG_TOK_LBRACKET || toks[i - 1].kind == AG_TOK_COMMA))
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

char *
ag_lex (GArray *tokens, const char *text, gsize length, gsize valid)
{
  Lexer lx = { .s = text, .valid = valid, .line = 1, .col = 1, .tokens = tokens };
  AgToken t;

  g_return_val_if_fail (tokens != NULL && valid <= length, NULL);
  if (lex_valid (&lx))
    {
      token_init (&lx, &t);
      t.end = lx.i;
      if (lx.i < length && text[lx.i] == '\0')
        fail (&lx, &t, 1, "the program contains a NUL character (byte %" G_GSIZE_FORMAT ")", lx.i);
      else if (lx.i < length)
        fail (&lx, &t, 1, "the text is not valid UTF-8 here (byte %" G_GSIZE_FORMAT "): "
              "save the program as UTF-8", lx.i);
      else
        {
          t.kind = AG_TOK_EOF;
          g_array_append_val (tokens, t);
        }
    }
  scan_brackets (tokens);
  return lx.message;
}
