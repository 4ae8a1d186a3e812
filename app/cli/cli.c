/* cli.c: the headless verbs: eval, trace, check, optimize, export and train. */
#include <stdio.h>
#include "app/cli/cli.h"
#include "app/window/adj-application.h"
#include "app/cli/bench.h"
#include "core/autograd.h"
#include "core/check.h"
#include "core/graph-file.h"
#include "core/format.h"
#include "core/ops-text.h"
#include "core/ops.h"
#include "core/optim.h"
#include "core/program.h"
#include "core/trace.h"
#include "core/train.h"
#include "ui/draw/adj-chart-model.h"
#include "ui/draw/adj-scene.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <math.h>
#include <string.h>

/* ---- shared: options, sources and errors ----------------------------------------------- */

/* What every verb reads: a FILE (a graph file or program text; "-" for standard input) or
 * -e PROGRAM. */
typedef struct {
  char       *source_name;   /* for messages: the file name or "<program>" */
  AgGraphFile *doc;
  AgGraph    *graph;
} Source;

static void
source_clear (Source *src)
{
  g_clear_pointer (&src->source_name, g_free);
  g_clear_pointer (&src->doc, ag_graph_file_free);
  g_clear_pointer (&src->graph, ag_graph_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

static void
print_error (const char *source_name, const char *text, const GError *error)
{
  g_autofree char *msg = ag_program_format_error (error, source_name, text);
  fprintf (stderr, "%s\n", msg);
}

static int
usage_error (const char *verb, const char *format, ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (const char *verb, const char *format, ...)
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
static gboolean
source_load (Source *src, const char *verb, int argc, char **argv, const char *expr)
{
  g_autoptr (GError) error = NULL;

  if ((argc > 1) == (expr != NULL) || argc > 2)
    {
      usage_error (verb, argc > 2 ? "give one FILE, not %d" : expr ? "give a FILE or -e PROGRAM, not both%.0d"
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
      g_autoptr (GString) text = g_string_new (NULL);
      char buf[65536];
      gsize n;

      src->source_name = g_strdup ("<stdin>");
      while ((n = fread (buf, 1, sizeof buf, stdin)) > 0 && text->len <= AG_MAX_FILE_BYTES)
        g_string_append_len (text, buf, n);
      src->doc = ag_graph_file_load_from_data (text->str, text->len, &error);
    }
  else
    {
      src->source_name = g_strdup (argv[1]);
      src->doc = ag_graph_file_load (argv[1], &error);
    }
  if (src->doc == NULL)
    {
      print_error (src->source_name, NULL, error);
      return FALSE;
    }
  src->graph = ag_program_parse (src->doc->program, -1, &error);
  if (src->graph == NULL)
    {
      print_error (src->source_name, src->doc->program, error);
      return FALSE;
    }
  return TRUE;
}

/* Parses the verb's options; on failure prints why and returns FALSE. */
static gboolean
parse_options (const char *verb, const char *params, const char *summary, const char *examples,
               const GOptionEntry *entries, int *argc, char ***argv)
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
      usage_error (verb, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_finite (const char *verb, const char *flag, double v, double min, gboolean min_open)
{
  if (!isfinite (v) || (min_open ? v <= min : v < min))
    {
      usage_error (verb, "%s must be a finite number %s %g", flag, min_open ? "above" : "of at least", min);
      return FALSE;
    }
  return TRUE;
}

static void
json_shape (GString *out, AgShape s)
{
  if (s.ndim == 0)
    g_string_append (out, "[]");
  else if (s.ndim == 1)
    g_string_append_printf (out, "[%u]", s.cols);
  else
    g_string_append_printf (out, "[%u, %u]", s.rows, s.cols);
}

/* The element @k of @node as people write it: "x", "x[2]", "W[1, 0]". */
static char *
element_name (const AgGraph *g, AgId id, guint k)
{
  const AgNode *n = ag_graph_node (g, id);
  const char *name = ag_graph_display_name (g, id);

  if (n->shape.ndim == 0)
    return g_strdup (name);
  if (n->shape.ndim == 1)
    return g_strdup_printf ("%s[%u]", name, k);
  return g_strdup_printf ("%s[%u, %u]", name, k / n->shape.cols, k % n->shape.cols);
}

/* Prints rows of cells in aligned columns (widths counted in characters, for ȳ and ∂). */
static void
print_table (GPtrArray *rows, guint n_cols)
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

/* ---- eval -------------------------------------------------------------------------------- */

static int
verb_eval (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "expr", 'e', 0, G_OPTION_ARG_STRING, &expr, "Evaluate PROGRAM instead of a file", "PROGRAM" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON for programs to read", NULL },
    { NULL }
  };
  g_auto (Source) src = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean have_grads;
  AgGraph *g;
  const char *out_name;

  if (!parse_options ("eval", "(FILE | -e PROGRAM)",
                      "Compute every node's value and, for a scalar output, its gradient "
                      "(the adjoint ∂output/∂node).",
                      "Examples:\n  adjoint eval -e 'x = 3; z = x^2 + x'\n"
                      "  adjoint eval data/examples/05-paths-add-up.adjoint --json\n",
                      entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (!source_load (&src, "eval", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;

  g = src.graph;
  have_grads = ag_graph_run (g, NULL, &error);
  if (!have_grads)
    fprintf (stderr, "%s: note: values only: %s\n", src.source_name, error->message);
  out_name = ag_graph_display_name (g, g->output);

  if (json)
    {
      g_autoptr (GString) out = g_string_new ("{\"output\": ");
      ag_json_string (out, out_name);
      g_string_append (out, ", \"nodes\": [");
      for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
        {
          const AgNode *n = ag_graph_node (g, id);
          g_autofree char *expr_text = ag_op_describe_expression (g, id);
          g_string_append (out, id ? ",\n  {" : "\n  {");
          g_string_append_printf (out, "\"id\": %u, \"name\": ", id);
          ag_json_string (out, ag_graph_display_name (g, id));
          g_string_append (out, ", \"op\": ");
          ag_json_string (out, ag_op_info (n->op)->name);
          g_string_append (out, ", \"expr\": ");
          ag_json_string (out, expr_text);
          g_string_append (out, ", \"role\": ");
          ag_json_string (out, ag_role_to_string (n->role));
          g_string_append (out, ", \"shape\": ");
          json_shape (out, n->shape);
          g_string_append (out, ", \"value\": ");
          ag_json_tensor (out, n->shape, ag_graph_value (g, id));
          g_string_append (out, ", \"grad\": ");
          if (have_grads && n->needs_grad)
            ag_json_tensor (out, n->shape, ag_graph_grad (g, id));
          else
            g_string_append (out, "null");
          g_string_append_c (out, '}');
        }
      g_string_append (out, "\n]}");
      printf ("%s\n", out->str);
      return ADJ_EXIT_OK;
    }

  {
    g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    g_autofree char *grad_head = g_strdup_printf ("∂%s/∂node", out_name);
    char *head[] = { g_strdup ("node"), g_strdup ("role"), g_strdup ("value"),
                     g_strdup (have_grads ? grad_head : NULL), NULL };

    g_ptr_array_add (rows, g_memdup2 (head, sizeof head));
    for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
      {
        const AgNode *n = ag_graph_node (g, id);
        char **cells;
        if (n->role == AG_ROLE_CONST)
          continue;          /* numbers written in the program: their values are in sight */
        cells = g_new0 (char *, 5);
        cells[0] = g_strdup (ag_graph_display_name (g, id));
        cells[1] = g_strdup (ag_role_to_string (n->role));
        cells[2] = ag_format_tensor_dup (n->shape, ag_graph_value (g, id));
        if (have_grads)
          cells[3] = n->needs_grad ? ag_format_tensor_dup (n->shape, ag_graph_grad (g, id)) : g_strdup ("–");
        g_ptr_array_add (rows, cells);
      }
    print_table (rows, 4);
  }
  return ADJ_EXIT_OK;
}

/* ---- trace ------------------------------------------------------------------------------- */

/* "x", "x[2]" or "W[1, 0]" → the leaf and the element's flat index. */
static gboolean
parse_wrt (const AgGraph *g, const char *text, AgId *id, guint *element, GError **error)
{
  g_autofree char *name = g_strdup (text);
  char *bracket = strchr (name, '[');
  guint64 i = 0, j = 0;
  gboolean two = FALSE;
  const AgNode *n;

  if (bracket)
    {
      char *end;
      *bracket = '\0';
      i = g_ascii_strtoull (bracket + 1, &end, 10);
      if (*end == ',')
        {
          two = TRUE;
          j = g_ascii_strtoull (end + 1, &end, 10);
        }
      if (end == bracket + 1 || *end != ']' || end[1] != '\0')
        {
          g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "--wrt takes NAME, NAME[I] or NAME[I, J], not '%s'", text);
          return FALSE;
        }
    }
  *id = ag_graph_lookup (g, g_strstrip (name));
  if (*id == AG_NO_ID || !ag_node_is_differentiable_leaf (ag_graph_node (g, *id)))
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "--wrt needs an input or parameter of the program; '%s' is not one", name);
      return FALSE;
    }
  n = ag_graph_node (g, *id);
  if (two ? (n->shape.ndim != 2 || i >= n->shape.rows || j >= n->shape.cols) : i >= n->size)
    {
      g_autofree char *shape = ag_shape_to_string (n->shape);
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "%s has shape %s: '%s' is not one of its elements", name, shape, text);
      return FALSE;
    }
  *element = two ? (guint) (i * n->shape.cols + j) : (guint) i;
  return TRUE;
}

static void
json_node_name (GString *out, const char *key, const AgGraph *g, AgId id)
{
  g_string_append_printf (out, ", \"%s\": ", key);
  ag_json_string (out, ag_graph_display_name (g, id));
  g_string_append_printf (out, ", \"%s_id\": %u", key, id);
}

static int
verb_trace (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *wrt = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "expr", 'e', 0, G_OPTION_ARG_STRING, &expr, "Trace PROGRAM instead of a file", "PROGRAM" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "reverse (backpropagation, the default) or forward (tangents)", "MODE" },
    { "wrt", 0, 0, G_OPTION_ARG_STRING, &wrt, "Forward mode: the input (element) to differentiate with respect to; the first input by default", "NAME[I]" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON for programs to read", NULL },
    { NULL }
  };
  g_auto (Source) src = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AgTrace) trace = ag_trace_new ();
  gboolean forward;
  AgGraph *g;

  if (!parse_options ("trace", "(FILE | -e PROGRAM)",
                      "Print every step of the forward and backward passes, in order: each value "
                      "computed, then each edge's contribution ū·∂u/∂v as it adds into v̄.",
                      "Examples:\n  adjoint trace -e 'x = 3; y = x + 1; z = y^2'\n"
                      "  adjoint trace -e 'x = 3; z = x^2 + x' --mode forward --wrt x\n"
                      "  adjoint trace data/examples/01-chain-rule.adjoint --json\n",
                      entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (mode && strcmp (mode, "reverse") != 0 && strcmp (mode, "forward") != 0)
    return usage_error ("trace", "--mode must be reverse or forward, not '%s'", mode);
  forward = mode && strcmp (mode, "forward") == 0;
  if (wrt && !forward)
    return usage_error ("trace", "--wrt is for --mode forward");
  if (!source_load (&src, "trace", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;
  g = src.graph;

  if (forward)
    {
      AgId id = AG_NO_ID;
      guint element = 0;

      if (wrt && !parse_wrt (g, wrt, &id, &element, &error))
        return usage_error ("trace", "%s", error->message);
      for (AgId i = 0; i < ag_graph_n_nodes (g) && id == AG_NO_ID; i++)
        if (ag_node_is_differentiable_leaf (ag_graph_node (g, i)))
          id = i;
      if (id == AG_NO_ID)
        return usage_error ("trace", "forward mode needs an input: the program has none");
      ag_graph_forward (g, trace);
      if (!ag_graph_forward_mode (g, id, element, trace, &error))
        return usage_error ("trace", "%s", error->message);
    }
  else
    {
      ag_graph_zero_grad (g, NULL);
      if (!ag_graph_run (g, trace, &error))
        {
          print_error (src.source_name, src.doc->program, error);
          return ADJ_EXIT_BAD_INPUT;
        }
    }

  if (!json)
    {
      for (guint k = 0; k < ag_trace_n_steps (trace); k++)
        {
          g_autofree char *text = ag_trace_describe_step (trace, g, k);
          printf ("%s\n", text);
        }
      return ADJ_EXIT_OK;
    }

  g_autoptr (GString) out = g_string_new ("{\"mode\": ");
  ag_json_string (out, forward ? "forward" : "reverse");
  g_string_append (out, ", \"output\": ");
  ag_json_string (out, ag_graph_display_name (g, g->output));
  g_string_append (out, ", \"steps\": [");
  for (guint k = 0; k < ag_trace_n_steps (trace); k++)
    {
      const AgStep *s = ag_trace_step (trace, k);
      const AgNode *to;

      if (s->to == AG_NO_ID)            /* zero-grad: a step about every node, not one */
        {
          g_string_append_printf (out, "%s\n  {\"index\": %u, \"kind\": ", k ? "," : "", k + 1);
          ag_json_string (out, ag_step_kind_to_string (s->kind));
          g_string_append_c (out, '}');
          continue;
        }
      to = ag_graph_node (g, s->to);
      g_autofree char *text = ag_trace_describe_step (trace, g, k);
      const char *after_key = s->kind == AG_STEP_FORWARD ? "value"
                            : (s->kind == AG_STEP_TANGENT || s->kind == AG_STEP_TANGENT_SEED) ? "tangent_after"
                            : "grad_after";

      g_string_append_printf (out, "%s\n  {\"index\": %u, \"kind\": ", k ? "," : "", k + 1);
      ag_json_string (out, ag_step_kind_to_string (s->kind));
      if (s->from != AG_NO_ID)
        {
          json_node_name (out, "from", g, s->from);
          json_node_name (out, "to", g, s->to);
          g_string_append (out, ", \"contribution\": ");
          ag_json_tensor (out, to->shape, ag_trace_data (trace, s->delta));
          g_string_append (out, ", \"local\": ");
          if (isnan (s->local))
            g_string_append (out, "null");
          else
            ag_json_number (out, s->local);
        }
      else
        json_node_name (out, "node", g, s->to);
      if (s->kind == AG_STEP_TANGENT_SEED)
        g_string_append_printf (out, ", \"element\": %u", s->slot);
      g_string_append_printf (out, ", \"%s\": ", after_key);
      ag_json_tensor (out, to->shape, ag_trace_data (trace, s->after));
      g_string_append (out, ", \"text\": ");
      ag_json_string (out, text);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "\n]}");
  printf ("%s\n", out->str);
  return ADJ_EXIT_OK;
}

/* ---- check ------------------------------------------------------------------------------- */

static int
verb_check (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  double eps = 1e-6, tol = 1e-6;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "expr", 'e', 0, G_OPTION_ARG_STRING, &expr, "Check PROGRAM instead of a file", "PROGRAM" },
    { "eps", 0, 0, G_OPTION_ARG_DOUBLE, &eps, "Step of the central differences (default 1e-6)", "E" },
    { "tol", 0, 0, G_OPTION_ARG_DOUBLE, &tol, "Largest relative error that passes (default 1e-6)", "T" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON for programs to read", NULL },
    { NULL }
  };
  g_auto (Source) src = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) entries_out = NULL;
  double max_err;
  gboolean ok;
  AgGraph *g;

  if (!parse_options ("check", "(FILE | -e PROGRAM)",
                      "Compare backpropagation's gradient with central differences "
                      "(f(x + ε) − f(x − ε)) / 2ε, element by element. The relative error is "
                      "|analytic − numeric| / max(|analytic|, |numeric|, 1). Exits with 1 when "
                      "any error is above the tolerance.",
                      "Examples:\n  adjoint check -e 'x = [3, -1, 0, 1]; f = sum(x^3)'\n"
                      "  adjoint check data/examples/17-training-step.adjoint --tol 1e-6 --json\n",
                      entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (!check_finite ("check", "--eps", eps, 0, TRUE) || !check_finite ("check", "--tol", tol, 0, FALSE))
    return ADJ_EXIT_BAD_INPUT;
  if (!source_load (&src, "check", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;
  g = src.graph;

  entries_out = ag_graph_check_gradients (g, eps, &error);
  if (entries_out == NULL)
    {
      print_error (src.source_name, src.doc->program, error);
      return ADJ_EXIT_BAD_INPUT;
    }
  max_err = ag_check_max_error (entries_out);
  ok = max_err <= tol;

  if (json)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      g_string_append_printf (out, "{\"ok\": %s, \"eps\": ", ok ? "true" : "false");
      ag_json_number (out, eps);
      g_string_append (out, ", \"tol\": ");
      ag_json_number (out, tol);
      g_string_append (out, ", \"max_rel_error\": ");
      ag_json_number (out, max_err);
      g_string_append (out, ", \"inputs\": [");
      for (guint i = 0; i < entries_out->len; i++)
        {
          const AgCheckEntry *e = &g_array_index (entries_out, AgCheckEntry, i);
          g_autofree char *ename = element_name (g, e->node, e->element);
          g_string_append (out, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
          ag_json_string (out, ag_graph_display_name (g, e->node));
          g_string_append_printf (out, ", \"element\": %u, \"label\": ", e->element);
          ag_json_string (out, ename);
          g_string_append (out, ", \"analytic\": ");
          ag_json_number (out, e->analytic);
          g_string_append (out, ", \"numeric\": ");
          ag_json_number (out, e->numeric);
          g_string_append (out, ", \"rel_error\": ");
          ag_json_number (out, e->rel_error);
          g_string_append_printf (out, ", \"ok\": %s}", e->rel_error <= tol ? "true" : "false");
        }
      g_string_append (out, "\n]}");
      printf ("%s\n", out->str);
    }
  else
    {
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      char *head[] = { g_strdup ("element"), g_strdup ("analytic"), g_strdup ("numeric"),
                       g_strdup ("rel. error"), g_strdup (""), NULL };
      g_ptr_array_add (rows, g_memdup2 (head, sizeof head));
      for (guint i = 0; i < entries_out->len; i++)
        {
          const AgCheckEntry *e = &g_array_index (entries_out, AgCheckEntry, i);
          GString *a = g_string_new (NULL), *n = g_string_new (NULL);
          char **cells = g_new0 (char *, 6);
          ag_format_number (a, e->analytic);
          ag_format_number (n, e->numeric);
          cells[0] = element_name (g, e->node, e->element);
          cells[1] = g_string_free (a, FALSE);
          cells[2] = g_string_free (n, FALSE);
          cells[3] = g_strdup_printf ("%.2e", e->rel_error);
          cells[4] = g_strdup (e->rel_error <= tol ? "ok" : "FAILED");
          g_ptr_array_add (rows, cells);
        }
      print_table (rows, 5);
      printf ("%s: largest relative error %.2e, tolerance %.2e, %u element%s checked\n",
              ok ? "ok" : "FAILED", max_err, tol, entries_out->len, entries_out->len == 1 ? "" : "s");
    }
  return ok ? ADJ_EXIT_OK : ADJ_EXIT_CHECK_FAILED;
}

/* ---- optimize ---------------------------------------------------------------------------- */

static void
json_inputs (GString *out, const AgGraph *g)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      const AgNode *n = ag_graph_node (g, id);
      if (!ag_node_is_differentiable_leaf (n))
        continue;
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      ag_json_string (out, ag_graph_display_name (g, id));
      g_string_append (out, ": ");
      ag_json_tensor (out, n->shape, ag_graph_value (g, id));
    }
  g_string_append_c (out, '}');
}

static int
verb_optimize (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  g_autofree char *optimizer = NULL;
  double lr = NAN, momentum = NAN, weight_decay = 0;
  int steps = 100;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "expr", 'e', 0, G_OPTION_ARG_STRING, &expr, "Optimize PROGRAM instead of a file", "PROGRAM" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &optimizer, "sgd (the default), momentum or adam", "NAME" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, "Learning rate (required)", "LR" },
    { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &momentum, "Momentum μ for --optimizer momentum (default 0.9)", "M" },
    { "weight-decay", 0, 0, G_OPTION_ARG_DOUBLE, &weight_decay, "L2 weight decay, added to the gradient as in PyTorch (default 0)", "WD" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Number of updates (default 100)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON for programs to read", NULL },
    { NULL }
  };
  g_auto (Source) src = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AgOptimizer) opt = NULL;
  g_autoptr (GString) out = NULL;
  AgOptimConfig config;
  AgOptimKind kind = AG_OPTIM_SGD;
  guint n_params = 0;
  AgGraph *g;

  if (!parse_options ("optimize", "(FILE | -e PROGRAM) --lr LR",
                      "Run gradient descent on the inputs of a program whose output is a scalar "
                      "loss, with PyTorch's update rules: sgd (x ← x − lr·g), momentum "
                      "(v ← μv + g, x ← x − lr·v) or adam. Prints the loss f(x_k) and the inputs "
                      "x_k at every step k = 0…N.",
                      "Examples:\n  adjoint optimize data/examples/14-four-variables.adjoint --lr 1e-3 --steps 10\n"
                      "  adjoint optimize -e 'x = 5; f = (x - 2)^2' --optimizer adam --lr 0.1 --json\n",
                      entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (optimizer && !ag_optim_kind_from_string (optimizer, &kind))
    return usage_error ("optimize", "--optimizer must be sgd, momentum or adam, not '%s'", optimizer);
  if (isnan (lr))
    return usage_error ("optimize", "give a learning rate, e.g. --lr 0.01");
  if (!check_finite ("optimize", "--lr", lr, 0, TRUE) ||
      !check_finite ("optimize", "--weight-decay", weight_decay, 0, FALSE) ||
      (!isnan (momentum) && !check_finite ("optimize", "--momentum", momentum, 0, FALSE)))
    return ADJ_EXIT_BAD_INPUT;
  if (!isnan (momentum) && kind != AG_OPTIM_MOMENTUM)
    return usage_error ("optimize", "--momentum is for --optimizer momentum");
  if (steps < 0 || steps > 10000000)
    return usage_error ("optimize", "--steps must be between 0 and 10000000");
  if (!source_load (&src, "optimize", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;
  g = src.graph;

  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    n_params += ag_node_is_differentiable_leaf (ag_graph_node (g, id)) ? ag_graph_node (g, id)->size : 0;
  if (n_params == 0)
    return usage_error ("optimize", "the program has no inputs to optimize");

  config = ag_optim_config_default (kind, lr);
  if (!isnan (momentum))
    config.momentum = momentum;
  config.weight_decay = weight_decay;
  opt = ag_optimizer_new (g, &config);

  out = g_string_new (json ? "{\"optimizer\": " : NULL);
  if (json)
    {
      ag_json_string (out, ag_optim_kind_to_string (kind));
      g_string_append (out, ", \"lr\": ");
      ag_json_number (out, lr);
      g_string_append (out, ", \"steps\": [");
    }
  for (int k = 0; k <= steps; k++)
    {
      double loss;
      if (!ag_graph_run (g, NULL, &error))
        {
          print_error (src.source_name, src.doc->program, error);
          return ADJ_EXIT_BAD_INPUT;
        }
      loss = *ag_graph_value (g, g->output);
      if (json)
        {
          g_string_append_printf (out, "%s\n  {\"step\": %d, \"loss\": ", k ? "," : "", k);
          ag_json_number (out, loss);
          g_string_append (out, ", \"inputs\": ");
          json_inputs (out, g);
          g_string_append_c (out, '}');
        }
      else
        {
          g_string_append_printf (out, "step %-6d loss ", k);
          ag_format_number (out, loss);
          if (n_params <= 8)
            for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
              {
                const AgNode *n = ag_graph_node (g, id);
                if (!ag_node_is_differentiable_leaf (n))
                  continue;
                g_string_append_printf (out, "   %s = ", ag_graph_display_name (g, id));
                ag_format_tensor (out, n->shape, ag_graph_value (g, id));
              }
          g_string_append_c (out, '\n');
        }
      if (k < steps)
        ag_optimizer_step (opt);
    }
  if (json)
    {
      g_string_append (out, "\n], \"final\": ");
      json_inputs (out, g);
      g_string_append (out, "}\n");
    }
  fputs (out->str, stdout);
  return ADJ_EXIT_OK;
}

/* Draws the loss curves (rows of step, train loss, test loss) to @path: the same chart as the
 * lab's loss plot, drawn without a display. */
static gboolean
write_loss_plot (const char *path, const double *curve, guint n, gboolean log_scale, GError **error)
{
  g_autoptr (AdjChartModel) chart = adj_chart_model_new ();

  adj_chart_model_set_title (chart, "Loss");
  adj_chart_model_set_x_label (chart, "step");
  adj_chart_model_set_log_scale (chart, log_scale);
  adj_chart_model_add_series (chart, "train loss", ADJ_CHART_AXIS_LEFT);
  adj_chart_model_add_series (chart, "test loss", ADJ_CHART_AXIS_LEFT);
  for (guint i = 0; i < n; i++)
    {
      adj_chart_model_append (chart, 0, curve[3 * i], curve[3 * i + 1]);
      adj_chart_model_append (chart, 1, curve[3 * i], curve[3 * i + 2]);
    }
  return adj_chart_model_write (chart, path, 960, 540, error);
}

/* ---- train ------------------------------------------------------------------------------- */

/* "16,16" → widths; "" or "none" → no hidden layer. */
static gboolean
parse_hidden (const char *text, AgTrainSetup *setup)
{
  g_auto (GStrv) parts = NULL;
  guint n;

  if (text[0] == '\0' || g_str_equal (text, "none"))
    {
      setup->n_hidden = 0;
      return TRUE;
    }
  parts = g_strsplit (text, ",", -1);
  n = g_strv_length (parts);
  if (n > AG_TRAIN_MAX_LAYERS)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      guint64 w;
      g_strstrip (parts[i]);
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, AG_TRAIN_MAX_WIDTH, &w, NULL))
        return FALSE;
      setup->hidden[i] = (guint) w;
    }
  setup->n_hidden = n;
  return TRUE;
}

static void
describe_network (GString *out, const AgTrainSetup *s, guint n_outputs)
{
  g_string_append (out, "2");
  for (guint i = 0; i < s->n_hidden; i++)
    g_string_append_printf (out, "-%u", s->hidden[i]);
  g_string_append_printf (out, "-%u", n_outputs);
}

static void
append_percent (GString *out, double v)
{
  if (isnan (v))
    g_string_append (out, "–");
  else
    g_string_append_printf (out, "%.1f %%", 100 * v);
}

static void
json_number_or_null (GString *out, double v)
{
  if (isfinite (v))
    ag_json_number (out, v);
  else
    g_string_append (out, "null");
}

static int
verb_train (int argc, char **argv)
{
  g_autofree char *dataset = NULL, *csv = NULL, *hidden = NULL, *activation = NULL, *loss = NULL;
  g_autofree char *init = NULL, *optimizer = NULL, *plot = NULL;
  g_autofree char *noise_s = NULL, *test_s = NULL, *lr_s = NULL, *momentum_s = NULL, *l1_s = NULL, *l2_s = NULL;
  double noise = NAN, test_fraction = NAN, lr = NAN, momentum = NAN, l1 = NAN, l2 = NAN;
  /* G_MININT64: not given (any value given is checked, negative ones too). */
  gint64 samples = G_MININT64, batch = G_MININT64, steps = G_MININT64, every = 0, seed = G_MININT64;
  gboolean json = FALSE, log_scale = FALSE;
  const GOptionEntry entries[] = {
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, "moons (the default), circles, xor, blobs, spiral, spiral3, plane or sine", "NAME" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "Train on a CSV file of x1,x2,label rows instead", "FILE" },
    { "samples", 0, 0, G_OPTION_ARG_INT64, &samples, "Samples to generate, 4 to 10000 (default 200)", "N" },
    { "noise", 0, 0, G_OPTION_ARG_STRING, &noise_s, "Noise of the generated data, 0 to 1 (default 0.1)", "X" },
    { "test-fraction", 0, 0, G_OPTION_ARG_STRING, &test_s, "Share held out for testing, 0 to 0.9 (default 0.2)", "F" },
    { "hidden", 0, 0, G_OPTION_ARG_STRING, &hidden, "Hidden layer widths, e.g. 16,16 (default 8,8; 'none' for a linear model)", "W,W,…" },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &activation, "relu, tanh (the default), sigmoid or linear", "NAME" },
    { "loss", 0, 0, G_OPTION_ARG_STRING, &loss, "mse, bce, cross_entropy or hinge (default: bce, cross_entropy for 3+ classes, mse for regression)", "NAME" },
    { "init", 0, 0, G_OPTION_ARG_STRING, &init, "Weight initialisation: uniform, xavier (the default) or he", "NAME" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &optimizer, "sgd, momentum or adam (the default)", "NAME" },
    { "lr", 0, 0, G_OPTION_ARG_STRING, &lr_s, "Learning rate (default 0.03)", "LR" },
    { "momentum", 0, 0, G_OPTION_ARG_STRING, &momentum_s, "Momentum μ for --optimizer momentum (default 0.9)", "M" },
    { "batch", 0, 0, G_OPTION_ARG_INT64, &batch, "Samples per step; 0 for the whole training set (default 32)", "B" },
    { "steps", 0, 0, G_OPTION_ARG_INT64, &steps, "Training steps (default 300)", "N" },
    { "l1", 0, 0, G_OPTION_ARG_STRING, &l1_s, "L1 penalty on the weights (default 0)", "λ" },
    { "l2", 0, 0, G_OPTION_ARG_STRING, &l2_s, "L2 penalty on the weights (default 0)", "λ" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the data, the split, the weights and the batches (default 1)", "S" },
    { "every", 0, 0, G_OPTION_ARG_INT64, &every, "Report the losses every N steps (default: every step with --json, else a tenth of the run)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON for programs to read", NULL },
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot, "Draw the loss curves to a PNG, SVG or PDF file", "OUT" },
    { "log", 0, 0, G_OPTION_ARG_NONE, &log_scale, "Plot the losses on a log scale", NULL },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = NULL;
  g_autoptr (AgDataset) data = NULL;
  g_autoptr (AgTrainer) trainer = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *program = NULL;
  g_autofree double *curve = NULL;
  const char *source_name = NULL;
  AgTrainSetup setup;
  gboolean network_flags;
  AgTrainEval e;
  guint n_points = 0;

  if (!parse_options ("train", "[FILE]",
                      "Train a small network (a multilayer perceptron) on 2-D data, as the "
                      "window's training lab does, and print the training and test losses. "
                      "FILE is a graph file whose training setup and network program are used; "
                      "the options change the setup, and the network options (--hidden, "
                      "--activation, --loss, --init, --l1, --l2) write a new program. The same "
                      "seed gives the same run, bit for bit.",
                      "Examples:\n  adjoint train --dataset moons --hidden 16,16 --steps 500\n"
                      "  adjoint train --dataset spiral --hidden 16,16,16 --activation relu --lr 0.01 --steps 2000 --json\n"
                      "  adjoint train --dataset circles --steps 300 --plot loss.png\n",
                      entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (argc > 2)
    return usage_error ("train", "give at most one FILE, not %d", argc - 1);
  /* Numbers are read here, so "nan" or "1x" is refused rather than taken or ignored. */
  {
    const struct { const char *flag, *text; double *out; } nums[] = {
      { "--noise", noise_s, &noise }, { "--test-fraction", test_s, &test_fraction },
      { "--lr", lr_s, &lr }, { "--momentum", momentum_s, &momentum }, { "--l1", l1_s, &l1 },
      { "--l2", l2_s, &l2 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (nums); i++)
      {
        char *end;
        if (nums[i].text == NULL)
          continue;
        *nums[i].out = g_ascii_strtod (nums[i].text, &end);
        if (end == nums[i].text || *end != '\0' || !isfinite (*nums[i].out))
          return usage_error ("train", "%s must be a finite number, not '%s'", nums[i].flag, nums[i].text);
      }
  }

  ag_train_setup_init (&setup);
  if (argc == 2)
    {
      source_name = argv[1];
      doc = ag_graph_file_load (argv[1], &error);
      if (doc == NULL)
        {
          print_error (argv[1], NULL, error);
          return ADJ_EXIT_BAD_INPUT;
        }
      if (doc->training && !ag_train_setup_from_json (doc->training, &setup, &error))
        {
          fprintf (stderr, "%s: error: %s\n", argv[1], error->message);
          return ADJ_EXIT_BAD_INPUT;
        }
      /* A relative CSV name in the file is relative to the file's folder. */
      if (setup.csv && !g_path_is_absolute (setup.csv))
        {
          g_autofree char *dir = g_path_get_dirname (argv[1]);
          char *full = g_build_filename (dir, setup.csv, NULL);
          g_free (setup.csv);
          setup.csv = full;
        }
    }

#define FAIL(...) G_STMT_START { ag_train_setup_clear (&setup); return usage_error ("train", __VA_ARGS__); } G_STMT_END
  if (dataset && !ag_dataset_kind_from_string (dataset, &setup.dataset))
    FAIL ("--dataset must be moons, circles, xor, blobs, spiral, spiral3, plane or sine, not '%s'", dataset);
  if (csv)
    {
      g_free (setup.csv);
      setup.csv = g_strdup (csv);
    }
  else if (dataset)
    g_clear_pointer (&setup.csv, g_free);
  if (samples != G_MININT64)
    {
      if (samples < 4 || samples > AG_TRAIN_MAX_SAMPLES)
        FAIL ("--samples must be between 4 and %u", AG_TRAIN_MAX_SAMPLES);
      setup.samples = (guint) samples;
    }
  if (!isnan (noise))
    {
      if (!(noise >= 0 && noise <= 1))
        FAIL ("--noise must be between 0 and 1");
      setup.noise = noise;
    }
  if (!isnan (test_fraction))
    {
      if (!(test_fraction >= 0 && test_fraction <= 0.9))
        FAIL ("--test-fraction must be between 0 and 0.9");
      setup.test_fraction = test_fraction;
    }
  if (hidden && !parse_hidden (hidden, &setup))
    FAIL ("--hidden takes up to %u widths from 1 to %u separated by commas, e.g. 16,16; not '%s'",
          AG_TRAIN_MAX_LAYERS, AG_TRAIN_MAX_WIDTH, hidden);
  if (activation && !ag_activation_from_string (activation, &setup.activation))
    FAIL ("--activation must be relu, tanh, sigmoid or linear, not '%s'", activation);
  if (loss && !ag_loss_from_string (loss, &setup.loss))
    FAIL ("--loss must be mse, bce, cross_entropy or hinge, not '%s'", loss);
  if (init && !ag_init_from_string (init, &setup.init))
    FAIL ("--init must be uniform, xavier or he, not '%s'", init);
  if (optimizer && !ag_optim_kind_from_string (optimizer, &setup.optimizer))
    FAIL ("--optimizer must be sgd, momentum or adam, not '%s'", optimizer);
  if (!isnan (lr))
    {
      if (!(lr > 0 && lr <= 10))
        FAIL ("--lr must be a number above 0, at most 10");
      setup.lr = lr;
    }
  if (!isnan (momentum))
    {
      if (setup.optimizer != AG_OPTIM_MOMENTUM)
        FAIL ("--momentum is for --optimizer momentum");
      if (!(momentum >= 0 && momentum < 1))
        FAIL ("--momentum must be at least 0 and below 1");
      setup.momentum = momentum;
    }
  if (batch != G_MININT64)
    {
      if (batch < 0 || batch > AG_TRAIN_MAX_SAMPLES)
        FAIL ("--batch must be between 0 (the whole set) and %u", AG_TRAIN_MAX_SAMPLES);
      setup.batch = (guint) batch;
    }
  if (steps != G_MININT64)
    {
      if (steps < 0 || steps > AG_TRAIN_MAX_STEPS)
        FAIL ("--steps must be between 0 and %u", AG_TRAIN_MAX_STEPS);
      setup.steps = (guint) steps;
    }
  if (!isnan (l1))
    {
      if (!(l1 >= 0 && l1 <= 1))
        FAIL ("--l1 must be between 0 and 1");
      setup.l1 = l1;
    }
  if (!isnan (l2))
    {
      if (!(l2 >= 0 && l2 <= 1))
        FAIL ("--l2 must be between 0 and 1");
      setup.l2 = l2;
    }
  if (seed != G_MININT64)
    {
      if (seed < 0)
        FAIL ("--seed must be a whole number of at least 0");
      setup.seed = (guint64) seed;
    }
  if (every < 0 || every > G_MAXUINT)
    FAIL ("--every must be between 1 and %u", G_MAXUINT);
  if (plot && !g_str_has_suffix (plot, ".png") && !g_str_has_suffix (plot, ".svg") &&
      !g_str_has_suffix (plot, ".pdf"))
    FAIL ("--plot must end in .png, .svg or .pdf, not '%s'", plot);
  if (plot)
    {
      g_autofree char *dir = g_path_get_dirname (plot);
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        FAIL ("--plot: the folder '%s' does not exist", dir);
    }
#undef FAIL

  data = ag_train_setup_load_data (&setup, &error);
  if (data == NULL)
    {
      if (setup.csv)
        print_error (setup.csv, NULL, error);
      else
        usage_error ("train", "%s", error->message);
      ag_train_setup_clear (&setup);
      return ADJ_EXIT_BAD_INPUT;
    }
  /* The loss follows the data unless it was asked for. */
  if (loss == NULL && (doc == NULL || doc->training == NULL))
    setup.loss = data->n_classes == 0 ? AG_LOSS_MSE
               : data->n_classes > 2 ? AG_LOSS_CROSS_ENTROPY : AG_LOSS_BCE;

  network_flags = hidden || activation || loss || init || !isnan (l1) || !isnan (l2);
  if (doc && !network_flags)
    program = g_strdup (doc->program);
  else
    program = ag_train_setup_write_program (&setup, data->n_classes);

  trainer = ag_trainer_new (program, &setup, &error);
  if (trainer == NULL)
    {
      if (error->domain == AG_ERROR && ag_error_get_location (error, NULL, NULL, NULL))
        print_error (source_name ? source_name : "<network>", program, error);
      else if (source_name)
        fprintf (stderr, "%s: error: %s\n", source_name, error->message);
      else
        usage_error ("train", "%s", error->message);
      ag_train_setup_clear (&setup);
      return ADJ_EXIT_BAD_INPUT;
    }
  if (every == 0)
    every = json ? 1 : MAX (1, setup.steps / 10);

  if (json)
    g_string_append (out, "{\"steps\": [");
  else
    {
      const AgDataset *train = ag_trainer_get_train_set (trainer);
      const AgDataset *test = ag_trainer_get_test_set (trainer);
      g_string_append (out, "Training ");
      describe_network (out, &setup, ag_trainer_get_n_outputs (trainer));
      if (setup.n_hidden > 0)
        g_string_append_printf (out, " %s", ag_activation_to_string (setup.activation));
      g_string_append_printf (out, " on %s (%u to train, %u to test) with %s, %s at lr ",
                              setup.csv ? setup.csv : ag_dataset_kind_to_string (setup.dataset),
                              train->n, test->n, ag_loss_describe (setup.loss),
                              ag_optim_kind_to_string (setup.optimizer));
      ag_format_number (out, setup.lr);
      g_string_append_printf (out, ", batch %u, seed %" G_GUINT64_FORMAT "\n",
                              MIN (setup.batch ? setup.batch : train->n, train->n), setup.seed);
    }
  /* The plot samples the run finely (up to about 1000 points); the report every N steps. */
  {
    const guint sample = plot ? MAX (1, setup.steps / 1000) : (guint) every;
    curve = g_new (double, 3 * (setup.steps / sample + 2));
    for (guint k = 0; k <= setup.steps; k++)
      {
        const gboolean report = k % every == 0 || k == setup.steps;
        const gboolean record = k % sample == 0 || k == setup.steps;

        if (report || record)
          ag_trainer_evaluate (trainer, &e);
        if (record)
          {
            curve[3 * n_points] = k;
            curve[3 * n_points + 1] = e.train_loss;
            curve[3 * n_points + 2] = e.test_loss;
            n_points++;
          }
        if (report && json)
          {
            g_string_append_printf (out, "%s\n  {\"step\": %u, \"loss\": ", k ? "," : "", k);
            json_number_or_null (out, e.train_loss);
            g_string_append (out, ", \"test_loss\": ");
            json_number_or_null (out, e.test_loss);
            g_string_append (out, ", \"train_accuracy\": ");
            json_number_or_null (out, e.train_accuracy);
            g_string_append (out, ", \"test_accuracy\": ");
            json_number_or_null (out, e.test_accuracy);
            g_string_append_c (out, '}');
          }
        else if (report)
          {
            g_string_append_printf (out, "step %-7u loss ", k);
            g_string_append_printf (out, "%-10.6g test loss %-10.6g", e.train_loss, e.test_loss);
            if (!isnan (e.test_accuracy))
              {
                g_string_append (out, " test accuracy ");
                append_percent (out, e.test_accuracy);
              }
            g_string_append_c (out, '\n');
          }
        if (k < setup.steps)
          ag_trainer_step (trainer);
      }
  }
  if (json)
    {
      g_string_append (out, "\n], \"train_loss\": ");
      json_number_or_null (out, e.train_loss);
      g_string_append (out, ", \"test_loss\": ");
      json_number_or_null (out, e.test_loss);
      g_string_append (out, ", \"train_accuracy\": ");
      json_number_or_null (out, e.train_accuracy);
      g_string_append (out, ", \"test_accuracy\": ");
      json_number_or_null (out, e.test_accuracy);
      g_string_append (out, ", \"setup\": ");
      {
        g_autoptr (JsonNode) node = ag_train_setup_to_json (&setup);
        ag_json_write_node (out, node, 0);
      }
      g_string_append (out, "}\n");
    }
  else
    {
      g_string_append (out, "train accuracy ");
      append_percent (out, e.train_accuracy);
      g_string_append (out, ", test accuracy ");
      append_percent (out, e.test_accuracy);
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stdout);

  if (plot && !write_loss_plot (plot, curve, n_points, log_scale, &error))
    {
      fprintf (stderr, "%s: error: %s\n", plot, error->message);
      ag_train_setup_clear (&setup);
      return ADJ_EXIT_BAD_INPUT;
    }
  ag_train_setup_clear (&setup);
  return ADJ_EXIT_OK;
}

/* ---- export ------------------------------------------------------------------------------ */

static const char *
document_caption (guint k, gpointer data)
{
  return ag_graph_file_get_caption (data, k);
}

static int
verb_export (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  g_autofree char *output = NULL;
  g_autofree char *theme_name = NULL;
  int step = -1, width = 1600;
  gboolean all_steps = FALSE;
  const GOptionEntry entries[] = {
    { "expr", 'e', 0, G_OPTION_ARG_STRING, &expr, "Export PROGRAM instead of a file", "PROGRAM" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The file to write: .png, .svg or .pdf (required)", "OUT" },
    { "step", 0, 0, G_OPTION_ARG_INT, &step, "The player position to draw: 0 is the start, the last step by default", "N" },
    { "all-steps", 0, 0, G_OPTION_ARG_NONE, &all_steps, "Every position, one PDF page each (slides and handouts)", NULL },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_name, "light (the default), dark or high-contrast", "THEME" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width in pixels (points for PDF and SVG), 320 to 8000; the height is 9/16 of it", "PX" },
    { NULL }
  };
  g_auto (Source) src = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AgTrace) trace = ag_trace_new ();
  g_autoptr (AdjLayout) layout = NULL;
  AdjTheme theme = ADJ_THEME_LIGHT;
  guint n_steps, first, last;

  if (!parse_options ("export", "(FILE | -e PROGRAM) -o OUT",
                      "Draw the graph at one step of its trace, as the window shows it, to PNG, "
                      "SVG or PDF; or every step as one multi-page PDF.",
                      "Examples:\n  adjoint export data/examples/05-paths-add-up.adjoint -o step.png --step 6\n"
                      "  adjoint export data/examples/01-chain-rule.adjoint -o lesson.pdf --all-steps\n",
                      entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (output == NULL)
    return usage_error ("export", "give the file to write with -o OUT.png, OUT.svg or OUT.pdf");
  if (!g_str_has_suffix (output, ".png") && !g_str_has_suffix (output, ".svg") && !g_str_has_suffix (output, ".pdf"))
    return usage_error ("export", "-o must end in .png, .svg or .pdf, not '%s'", output);
  if (all_steps && !g_str_has_suffix (output, ".pdf"))
    return usage_error ("export", "--all-steps writes one PDF page per step: give -o OUT.pdf");
  if (all_steps && step >= 0)
    return usage_error ("export", "give --step N or --all-steps, not both");
  if (theme_name && !adj_theme_from_string (theme_name, &theme))
    return usage_error ("export", "--theme must be light, dark or high-contrast, not '%s'", theme_name);
  if (width < 320 || width > 8000)
    return usage_error ("export", "--width must be between 320 and 8000");
  if (!source_load (&src, "export", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;
  if (ag_graph_n_nodes (src.graph) > 2000)
    return usage_error ("export", "the graph has %u nodes; export draws at most 2000", ag_graph_n_nodes (src.graph));

  ag_graph_zero_grad (src.graph, NULL);
  ag_graph_forward (src.graph, trace);
  if (!ag_graph_backward (src.graph, trace, &error))   /* a non-scalar output: values only */
    fprintf (stderr, "%s: note: values only: %s\n", src.source_name, error->message);
  n_steps = ag_trace_n_steps (trace);
  if (step > (int) n_steps)
    return usage_error ("export", "--step %d is past the last step (%u)", step, n_steps);
  first = all_steps ? 0 : step >= 0 ? (guint) step : n_steps;
  last = all_steps ? n_steps : first;
  layout = adj_layout_new (src.graph, &error);
  if (layout == NULL)
    return usage_error ("export", "%s", error->message);

  if (!adj_scene_export (output, src.graph, layout, trace, first, last, document_caption, src.doc,
                         theme, width, &error))
    {
      fprintf (stderr, "%s: error: %s\n", output, error->message);
      return ADJ_EXIT_BAD_INPUT;
    }
  return ADJ_EXIT_OK;
}

/* ---- the verb table ---------------------------------------------------------------------- */

static const AdjVerb verbs[] = {
  { "eval", "values and gradients of a program", verb_eval },
  { "trace", "every step of the forward and backward passes, as sentences", verb_trace },
  { "check", "compare gradients with central differences (exit 1 past tolerance)", verb_check },
  { "optimize", "gradient descent on a program's inputs (sgd, momentum, adam)", verb_optimize },
  { "export", "draw a step (PNG, SVG, PDF) or every step as one multi-page PDF", verb_export },
  { "train", "train a small network on 2-D data and print its losses", verb_train },
  { "bench", "measure the core and the canvas against the targets (docs/performance.md)", adj_bench_main },
  { NULL }
};

const AdjVerb *
adj_cli_verbs (void)
{
  return verbs;
}

const AdjVerb *
adj_cli_lookup (const char *name)
{
  for (const AdjVerb *v = verbs; v->name; v++)
    if (strcmp (v->name, name) == 0)
      return v;
  return NULL;
}

void
adj_cli_print_usage (FILE *out)
{
  fprintf (out,
           "Usage:\n"
           "  adjoint [FILE]                 open the window on FILE (or the welcome example)\n"
           "  adjoint VERB [OPTION…] (FILE | -e PROGRAM)\n\n"
           "Adjoint teaches backpropagation: it runs a small program forwards and backwards\n"
           "and shows every step. FILE is a graph file (.adjoint) or a plain program text.\n\n"
           "Verbs:\n");
  for (const AdjVerb *v = verbs; v->name; v++)
    fprintf (out, "  %-10s %s\n", v->name, v->summary);
  fprintf (out,
           "\nEach verb takes --json for output that programs read, and --help for its options.\n"
           "Exit codes: 0 success, 1 a check failed, 2 bad input.\n\n"
           "Example:\n"
           "  adjoint trace -e 'x = 3; y = x + 1; z = y^2'\n");
}

int
adj_cli_open_window (int argc, char **argv)
{
  g_autoptr (AdjApplication) app = adj_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
