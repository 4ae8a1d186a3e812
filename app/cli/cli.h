/* cli.h: the headless verbs of `adjoint` (eval, trace, check, optimize, export, train, bench). */
#pragma once

#include <stdio.h>
#include <glib.h>
#include "app/cli/exit-codes.h"

G_BEGIN_DECLS

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

G_END_DECLS
