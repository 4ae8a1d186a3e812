/* cli-common.h: what the verbs of app/cli/ share: reading the source, options, errors and
 * output. One verb per file (cli-eval.c, cli-trace.c, …); cli.c holds the table of them. */
#pragma once

#include <json-glib/json-glib.h>
#include "app/cli/exit-codes.h"
#include "core/graph-file.h"

G_BEGIN_DECLS

/* What every verb reads: a FILE (a graph file or program text; "-" for standard input) or
 * -e PROGRAM. */
typedef struct {
  char        *source_name;   /* for messages: the file name or "<program>" */
  AgGraphFile *doc;
  AgGraph     *graph;
} AdjCliSource;

void adj_cli_source_clear (AdjCliSource *src);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AdjCliSource, adj_cli_source_clear)

/* The options every verb that reads a program shares: -e PROGRAM ("Evaluate PROGRAM instead
 * of a file") and --json. */
#define ADJ_CLI_EXPR_OPTION(var, verb_text) \
  { "expr", 'e', 0, G_OPTION_ARG_STRING, &(var), verb_text " PROGRAM instead of a file", "PROGRAM" }
#define ADJ_CLI_JSON_OPTION(var) \
  { "json", 0, 0, G_OPTION_ARG_NONE, &(var), "Print JSON for programs to read", NULL }

/* Reads the source named by the verb's arguments and parses its program. Prints the error and
 * returns FALSE on bad input. */
gboolean adj_cli_source_load (AdjCliSource *src, const char *verb, int argc, char **argv,
                              const char *expr);

/* Which calls are drawn open (core/trace-fold.h): @fold "all" folds every call, "none" opens
 * every call, NULL takes the file's choice (its view.open). Free with g_free(). */
gboolean *adj_cli_open_calls (const AgGraphFile *doc, const AgGraph *graph, const char *fold);

/* Prints @error located in @text (may be NULL) of @source_name, as a compiler does. */
void adj_cli_print_error (const char *source_name, const char *text, const GError *error);
/* "adjoint VERB: error: …" and a hint to --help on stderr. Returns ADJ_EXIT_BAD_INPUT. */
int  adj_cli_usage_error (const char *verb, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Parses the verb's options; on failure prints why and returns FALSE. */
gboolean adj_cli_parse_options (const char *verb, const char *params, const char *summary,
                                const char *examples, const GOptionEntry *entries,
                                int *argc, char ***argv);
/* Refuses (with a usage error) a @v that is not finite or is below @min (at or below it when
 * @min_open). */
gboolean adj_cli_check_finite (const char *verb, const char *flag, double v, double min,
                               gboolean min_open);
/* Prints rows (NULL-terminated string arrays) in aligned columns. */
gboolean adj_cli_check_setup_row (const char *verb, const char *flag, const char *row, double v);
void adj_cli_print_table (GPtrArray *rows, guint n_cols);
/* Prints the builder's tree as every --json does (ag_json_write_lines()) and a newline. */
void adj_cli_print_json (JsonBuilder *builder);
/* Adds a member holding a number, or null when it is not finite. */
void adj_cli_add_number_or_null (JsonBuilder *builder, const char *name, double v);

int adj_cli_eval     (int argc, char **argv);
int adj_cli_trace    (int argc, char **argv);
int adj_cli_check    (int argc, char **argv);
int adj_cli_quiz     (int argc, char **argv);
int adj_cli_optimize (int argc, char **argv);
int adj_cli_export   (int argc, char **argv);
int adj_cli_train    (int argc, char **argv);

G_END_DECLS
