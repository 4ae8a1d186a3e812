/* program-private.h: the parser's state and the helpers program.c (statements, literals,
 * building nodes), program-expr.c (expressions) and program-call.c (calls with an axis or a
 * list) share; for those files alone. */
#pragma once

/* Include it after core/program.h: a header of a module that includes it back would make an
 * include cycle. */
#include "core/lexer.h"

#include <string.h>

G_BEGIN_DECLS

/* A function defined with `def` (program-def.c). */
typedef struct AgFunction AgFunction;

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

  /* Functions (program-def.c). A body is parsed twice: once at its `def`, dry (no node is
   * built), to check its layout, names and calls; then at each call, for real, into nodes. */
  GHashTable *functions;   /* name → AgFunction: those defined so far */
  GHashTable *def_tokens;  /* name → 1 + the token of its first `def`, defined above or below */
  GHashTable *globals;     /* the top level's symbols while a body is parsed, else NULL */
  AgFunction *function;    /* the function whose body is parsed, or NULL at the top level */
  gboolean    dry;         /* checking a body at its `def`: nothing is built */
  const char *call_name;   /* the call being expanded ("neuron#2"), or NULL */
  guint       call_line, call_col;
  AgId        call_first_node;  /* the first node the call being expanded made */
  guint       call_depth, n_calls;
  gsize       expanded_tokens;
  guint       n_grads;     /* `grad(…)` calls expanded so far: names the next "grad#n" */
  gboolean    returned;    /* the body being parsed has reached its `return` */
  AgId        returned_id;
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

/* Statements (program.c): one statement from the cursor, up to its end. An assignment's node
 * goes to @assigned; a `def` or a `return` leaves it. */
gboolean ag_parser_parse_statement (Parser *p, AgId *assigned);
gboolean ag_parser_is_init_name    (const char *name);

/* An expression (program-expr.c): its node in @out. */
gboolean ag_parser_parse_expr (Parser *p, Expr *out);
/* A call of @op, whose name is token @name_at, that may write an axis, keepdim or a list
 * (its row's AgCallForm is not AG_CALL_INPUTS); program-call.c. */
gboolean ag_parser_parse_option_call (Parser *p, AgOp op, guint name_at, Expr *out);

/* Functions (program-def.c). */
void        ag_parser_scan_defs        (Parser *p);
void        ag_parser_functions_free   (Parser *p);
/* Whether the statement at the cursor is a `def …` or a `return …`. */
gboolean    ag_parser_at_keyword       (const Parser *p, const char *keyword);
gboolean    ag_parser_parse_def        (Parser *p);
AgFunction *ag_parser_lookup_function  (const Parser *p, const char *name);
/* The name of the function whose body is parsed, or NULL. */
const char *ag_parser_function_name    (const Parser *p);
/* The call of @f at tokens @name_at..@close with the argument nodes @args: checked when
 * dry, else expanded into the graph as one call of the call table; its output in @out. */
gboolean    ag_parser_call_function    (Parser *p, AgFunction *f, const GArray *args,
                                        guint name_at, guint close, Expr *out);
/* Errors for a function that is not defined (yet) or a name a body cannot see; FALSE when
 * none applies. */
gboolean    ag_parser_explain_undefined_function (Parser *p, guint at, const char *name);
gboolean    ag_parser_explain_hidden_name        (Parser *p, guint at, const char *name);

/* `grad(y, x)` (program-grad.c): whether the call at token @name_at is one (a function the
 * program defines as `grad` hides it), and the call itself, its result in @out. */
gboolean    ag_parser_is_grad_call     (const Parser *p, guint name_at);
gboolean    ag_parser_parse_grad       (Parser *p, guint name_at, Expr *out);

G_END_DECLS
