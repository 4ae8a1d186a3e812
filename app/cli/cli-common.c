/* cli-common.c: what the verbs share: reading the source, parsing options, errors, output. */
#include "app/cli/cli-common.h"
#include "core/file.h"
#include "core/train-setup.h"
#include "core/json-writer.h"
#include "core/program.h"
#include "core/trace-fold.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void
adj_cli_source_clear (AdjCliSource *src)
{
  g_clear_pointer (&src->source_name, g_free);
  g_clear_pointer (&src->doc, ag_graph_file_free);
  g_clear_pointer (&src->graph, ag_graph_free);
}

void
adj_cli_print_error (const char *source_name, const char *text, const GError *error)
{
  g_autofree char *msg = ag_program_format_error (error, source_name, text);
  fprintf (stderr, "%s\n", msg);
}

int
adj_cli_usage_error (const char *verb, const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "adjoint %s: error: %s\nTry 'adjoint %s --help'.\n", verb, msg, verb);
  return ADJ_EXIT_BAD_INPUT;
}

/* Reads the source named by the verb's arguments and parses its program. Prints the error and
 * returns FALSE on bad input. */
gboolean
adj_cli_source_load (AdjCliSource *src, const char *verb, int argc, char **argv, const char *expr)
{
  g_autoptr (GError) error = NULL;

  if ((argc > 1) == (expr != NULL) || argc > 2)
    {
      adj_cli_usage_error (verb, argc > 2 ? "give one FILE, not %d"
                                 : expr ? "give a FILE or -e PROGRAM, not both%.0d"
                                 : "give a FILE or -e PROGRAM%.0d",
                           argc - 1);
      return FALSE;
    }
  if (expr)
    {
      src->source_name = g_strdup ("<program>");
      src->doc = ag_graph_file_new ();
      ag_graph_file_set_program (src->doc, expr);
    }
  else if (strcmp (argv[1], "-") == 0)
    {
      g_autofree char *text = NULL;
      gsize length = 0;

      src->source_name = g_strdup ("<stdin>");
      text = ag_file_read_stdin_bounded (AG_MAX_FILE_BYTES, "a graph file", &length, &error);
      if (text != NULL)
        src->doc = ag_graph_file_load_from_data (text, length, &error);
    }
  else
    {
      src->source_name = g_strdup (argv[1]);
      src->doc = ag_graph_file_load (argv[1], &error);
    }
  if (src->doc == NULL)
    {
      adj_cli_print_error (src->source_name, NULL, error);
      return FALSE;
    }
  src->graph = ag_program_parse (src->doc->program, -1, &error);
  if (src->graph == NULL)
    {
      adj_cli_print_error (src->source_name, src->doc->program, error);
      return FALSE;
    }
  return TRUE;
}

/* Parses the verb's options; on failure prints why and returns FALSE. */
gboolean
adj_cli_parse_options (const char *verb, const char *params, const char *summary,
                       const char *examples, const GOptionEntry *entries, int *argc, char ***argv)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new (params);
  g_autoptr (GError) error = NULL;
  g_autofree char *prog = g_strdup_printf ("adjoint %s", verb);

  g_set_prgname (prog);
  g_option_context_set_summary (ctx, summary);
  g_option_context_set_description (ctx, examples);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      adj_cli_usage_error (verb, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
adj_cli_check_finite (const char *verb, const char *flag, double v, double min, gboolean min_open)
{
  if (!isfinite (v) || (min_open ? v <= min : v < min))
    {
      adj_cli_usage_error (verb, "%s must be a finite number %s %g", flag, min_open ? "above" : "of at least", min);
      return FALSE;
    }
  return TRUE;
}

/* FALSE, with the usage error "FLAG must be RULE, not 'V'", when @v is outside the training-setup
 * table's row @row (core/train-setup.c): the verbs that share a setting with the trainer (the
 * optimizer's momentum, a number of steps) share its limits too. */
gboolean
adj_cli_check_setup_row (const char *verb, const char *flag, const char *row, double v)
{
  const AgSetupField *field = ag_train_setup_find (row);
  g_autofree char *rule = NULL;
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert (field != NULL);
  if (isfinite (v) && ag_setup_field_accepts (field, v))
    return TRUE;
  rule = ag_setup_field_dup_rule (field);
  adj_cli_usage_error (verb, "%s must be %s, not '%s'", flag, rule, g_ascii_formatd (text, sizeof text, "%.17g", v));
  return FALSE;
}

/* Prints rows of cells in aligned columns (widths counted in characters, for ȳ and ∂). */
void
adj_cli_print_table (GPtrArray *rows, guint n_cols)
{
  g_autofree guint *width = g_new0 (guint, n_cols);

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      for (guint c = 0; c < n_cols && cells[c]; c++)
        width[c] = MAX (width[c], g_utf8_strlen (cells[c], -1));
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr (GString) line = g_string_new (NULL);
      for (guint c = 0; c < n_cols && cells[c]; c++)
        {
          g_string_append (line, cells[c]);
          if (c + 1 < n_cols && cells[c + 1])
            for (guint pad = g_utf8_strlen (cells[c], -1); pad < width[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      printf ("%s\n", g_strchomp (line->str));
    }
}

void
adj_cli_print_json (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autoptr (GString) out = g_string_new (NULL);

  ag_json_write_lines (out, root);
  g_string_append_c (out, '\n');
  fputs (out->str, stdout);
}

void
adj_cli_add_number_or_null (JsonBuilder *builder, const char *name, double v)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (v))
    json_builder_add_double_value (builder, v);
  else
    json_builder_add_null_value (builder);
}

gboolean *
adj_cli_open_calls (const AgGraphFile *doc, const AgGraph *graph, const char *fold)
{
  gboolean *open = ag_open_calls_from_names (graph, fold ? NULL
                                                     : (const char *const *) doc->open_calls);

  if (fold && strcmp (fold, "none") == 0)
    for (guint i = 0; i < ag_graph_n_calls (graph); i++)
      open[i] = TRUE;
  return open;
}
