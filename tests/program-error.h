/* program-error.h: a program the parser must refuse, with the error's code, place and whole
 * message, and the check of it (the suites of the language's errors share both). */
#pragma once

#include "core/program.h"

typedef struct {
  const char *program;
  AgErrorCode code;
  guint line, col, length;
  const char *message;   /* the whole message */
} ErrorCase;

/* Parses @c->program and checks it fails as @c says: code, message and place. */
static inline void
assert_program_error (const ErrorCase *c)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse (c->program, -1, &error);
  guint line = 0, col = 0, length = 0;

  g_test_message ("%s", c->program);
  g_assert_null (g);
  g_assert_error (error, AG_ERROR, (gint) c->code);
  g_assert_cmpstr (error->message, ==, c->message);
  g_assert_true (ag_error_get_location (error, &line, &col, &length));
  g_assert_cmpuint (line, ==, c->line);
  g_assert_cmpuint (col, ==, c->col);
  g_assert_cmpuint (length, ==, c->length);
}
