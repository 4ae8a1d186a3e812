/* lexer.h: the program language's tokens, for the parser (program.c) alone. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AG_TOK_NO_MATCH G_MAXUINT32

typedef enum {
  AG_TOK_EOF,
  AG_TOK_END,        /* a newline or ';' that ends a statement */
  AG_TOK_NAME,
  AG_TOK_NUMBER,
  AG_TOK_PLUS, AG_TOK_MINUS, AG_TOK_STAR, AG_TOK_SLASH, AG_TOK_AT, AG_TOK_CARET,
  AG_TOK_LPAREN, AG_TOK_RPAREN, AG_TOK_LBRACKET, AG_TOK_RBRACKET, AG_TOK_COMMA, AG_TOK_EQUALS,
  AG_TOK_COLON,      /* ends the header of `def f(x):` */
  AG_TOK_ERROR,      /* what the lexer could not read; always the last token */
} AgTokenKind;

typedef struct {
  AgTokenKind kind;
  guint32  start, end;  /* byte offsets into the text */
  guint32  line, col;   /* 1-based; columns count characters */
  guint32  cpos;        /* characters before the token: spans are differences of these */
  guint32  nchars;
  guint32  match;       /* '[': the index of its ']', or AG_TOK_NO_MATCH */
  gboolean numeric;     /* '[': holds only numbers, signs, commas and brackets */
} AgToken;

/* Reads the @length bytes of @text (of which the first @valid are UTF-8) into @tokens
 * (AgToken), which then end with AG_TOK_EOF or AG_TOK_ERROR, and marks each '[' with its ']'
 * and whether the list between holds only numbers. The first thing that cannot be read
 * becomes the AG_TOK_ERROR token, so it is reported only if the parser gets that far: errors
 * come in the order they are written. Returns that token's message (owned by the caller), or
 * NULL when all was read. */
char *ag_lex (GArray *tokens, const char *text, gsize length, gsize valid);

G_END_DECLS
