/* cli-harness.h: what the command-line suites (tests/app/test-cli*.c) share: `adjoint` run as
 * a user runs it, its exit status and both streams, and its JSON read back. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  int   status;   /* the exit status (the process must have exited, not been killed) */
  char *out;
  char *err;
} Run;

void run_clear (Run *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the program @argv (NULL-terminated) with @input on a pipe as standard input, or the
 * test's own standard input when @input is NULL. */
Run  run_strv  (const char *const *argv, const char *input);
/* Runs `adjoint ARGS…` (NULL-terminated; the binary is $ADJOINT_BIN), likewise. */
Run  run_input (const char *input, const char *first, ...) G_GNUC_NULL_TERMINATED;
#define run(...) run_input (NULL, __VA_ARGS__)

/* @text parsed as JSON (the test fails when it is not); free with json_node_unref(). */
JsonNode *parse_json (const char *text);

G_END_DECLS
