/* program-private.h: the parser's state and the helpers program.c (statements, literals,
 * building nodes), program-expr.c (expressions) and program-call.c (calls with an axis or a
 * list) share; for those files alone. */
#pragma once

/* Include it after core/program.h: a header of a module that includes it back would make an
 * include cycle. */
#include "core/lexer.h"

#include <string.h>

G_BEGIN_DECLS

typedef struct {
  const char *text;
  gsize       length;
  GArray     *tokens;      /* AgToken; ends with AG_TOK_EOF or AG_TOK_ERROR */
  guint       pos;
  char       *lex_message; /* the message of the AG_TOK_ERROR token */
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

static inline const AgToken *
tok (const Parser *p, guint i)
{
  return &g_array_index (p->tokens, AgToken, MIN (i, p->tokens->len - 1));
}

static inline const AgToken *
peek (const Parser *p)
{
  return tok (p, p->pos);
}

static inline gboolean
is_sign (AgTokenKind k)
{
  return k == AG_TOK_PLUS || k == AG_TOK_MINUS;
}

static inline gboolean
ends_statement (AgTokenKind k)
{
  return k == AG_TOK_END || k == AG_TOK_EOF;
}

static inline gboolean
tok_equals (const Parser *p, const AgToken *t, const char *s)
{
  gsize n = strlen (s);
  return t->end - t->start == n && memcmp (p->text + t->start, s, n) == 0;
}

static inline char *
tok_dup (const Parser *p, const AgToken *t)
{
  return g_strndup (p->text + t->start, t->end - t->start);
}

/* How a token is called in a message: 'x', or the end of the line. */
static inline char *
tok_describe (const Parser *p, const AgToken *t)
{
  if (t->kind == AG_TOK_EOF)
    return g_strdup ("the end of the program");
  if (t->kind == AG_TOK_END && p->text[t->start] != ';')
    return g_strdup ("the end of the line");
  return g_strdup_printf ("'%.*s'", (int) (t->end - t->start), p->text + t->start);
}

/* Sets the error once, located over tokens @first..@last. */
void     ag_parser_fail_span (Parser *p, AgErrorCode code, guint first, guint last,
                              const char *format, ...) G_GNUC_PRINTF (5, 6);
/* Sets the error at token @i, unless the lexer stopped there: then its complaint comes first. */
void     ag_parser_fail_at   (Parser *p, AgErrorCode code, guint i, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

/* Building nodes (program.c). */
char    *ag_parser_span_text  (const Parser *p, guint first, guint last);
gboolean ag_parser_build_op   (Parser *p, AgOp op, const AgId *inputs, guint n_inputs,
                               const gint32 *attrs, guint first, guint last, Expr *out);
gboolean ag_parser_build_leaf (Parser *p, AgRole role, AgShape shape, const double *data,
                               const char *name, guint first, guint last, AgId *out);
gboolean ag_parser_enter      (Parser *p, guint at);
void     ag_parser_leave      (Parser *p);

/* Literals (program.c). */
gboolean ag_parser_parse_number_token (Parser *p, guint i, double *value);
gboolean ag_parser_list_continues     (Parser *p, guint open, const char *what, gboolean *ok);
gboolean ag_parser_parse_literal_leaf (Parser *p, AgRole role, const char *name, AgId *out);

/* An expression (program-expr.c): its node in @out. */
gboolean ag_parser_parse_expr (Parser *p, Expr *out);
/* A call of @op, whose name is token @name_at, that may write an axis, keepdim or a list
 * (its row's AgCallForm is not AG_CALL_INPUTS); program-call.c. */
gboolean ag_parser_parse_option_call (Parser *p, AgOp op, guint name_at, Expr *out);

G_END_DECLS
