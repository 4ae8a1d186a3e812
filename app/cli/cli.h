/* cli.h: the headless verbs of `adjoint` (eval, trace, check, optimize). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of every verb. */
enum {
  ADJ_EXIT_OK = 0,
  ADJ_EXIT_CHECK_FAILED = 1,
  ADJ_EXIT_BAD_INPUT = 2,
};

typedef int (*AdjVerbFunc) (int argc, char **argv);

typedef struct {
  const char *name;
  const char *summary;     /* one line for `adjoint --help` */
  AdjVerbFunc run;         /* argv[0] is the verb */
} AdjVerb;

/* The verbs, ending with an entry whose name is NULL. */
const AdjVerb *adj_cli_verbs (void);
/* The verb called @name, or NULL. */
const AdjVerb *adj_cli_lookup (const char *name);
/* `adjoint --help`: the verbs and how to start. */
void adj_cli_print_usage (FILE *out);
/* `adjoint [FILE]`: the window. */
int  adj_cli_open_window (int argc, char **argv);

G_END_DECLS
