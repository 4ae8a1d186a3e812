/* cli-trace.c: `adjoint trace`: every step of the forward and backward passes, in order. */
#include "app/cli/cli-common.h"
#include "core/autograd.h"
#include "core/bug.h"
#include "core/format.h"
#include "core/caption-anchor.h"
#include "core/json-writer.h"
#include "core/trace.h"
#include "core/trace-fold.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
add_node_name (JsonBuilder *b, const char *key, const AgGraph *g, AgId id)
{
  g_autofree char *id_key = g_strdup_printf ("%s_id", key);

  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, ag_graph_display_name (g, id));
  json_builder_set_member_name (b, id_key);
  json_builder_add_int_value (b, id);
}

/* The lesson's caption of player position @k (reverse mode) and its anchor, when it has one. */
static void
add_caption (JsonBuilder *b, const AgGraphFile *doc, const GPtrArray *anchors, guint k)
{
  const char *caption = anchors ? ag_graph_file_caption_at (doc, anchors, k) : NULL;

  if (anchors == NULL || k >= anchors->len)
    return;
  json_builder_set_member_name (b, "anchor");
  json_builder_add_string_value (b, g_ptr_array_index (anchors, k));
  if (caption == NULL)
    return;
  json_builder_set_member_name (b, "caption");
  json_builder_add_string_value (b, caption);
}

/* One step as JSON: what it is, the nodes it joins, its numbers, its sentence and caption. */
static void
add_step (JsonBuilder *b, const AgFoldedTrace *folded, const AgGraph *g, guint k,
          const AgGraphFile *doc, const GPtrArray *anchors)
{
  const AgTrace *trace = folded->trace;
  const AgStep *s = ag_trace_step (trace, k);
  const guint call = g_array_index (folded->call, guint, k);
  const AgNode *to;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "index");
  json_builder_add_int_value (b, k + 1);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, ag_step_kind_to_string (s->kind));
  add_caption (b, doc, anchors, k + 1);
  if (s->to == AG_NO_ID)            /* zero-grad: a step about every node, not one */
    {
      json_builder_end_object (b);
      return;
    }
  to = ag_graph_node (g, s->to);
  if (s->from != AG_NO_ID)
    {
      add_node_name (b, "from", g, s->from);
      add_node_name (b, "to", g, s->to);
      json_builder_set_member_name (b, "contribution");
      ag_json_builder_add_tensor (b, to->shape, ag_trace_data (trace, s->delta));
      json_builder_set_member_name (b, "local");
      if (isnan (s->local))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, s->local);
    }
  else
    add_node_name (b, "node", g, s->to);
  if (s->kind == AG_STEP_TANGENT_SEED)
    {
      json_builder_set_member_name (b, "element");
      json_builder_add_int_value (b, s->slot);
    }
  json_builder_set_member_name (b, s->kind == AG_STEP_FORWARD ? "value"
                                   : (s->kind == AG_STEP_TANGENT || s->kind == AG_STEP_TANGENT_SEED)
                                   ? "tangent_after" : "grad_after");
  ag_json_builder_add_tensor (b, to->shape, ag_trace_data (trace, s->after));
  if (call != AG_NO_CALL)
    {
      /* A folded call's step: its output arriving, or what it sends back to an argument. */
      json_builder_set_member_name (b, "call");
      json_builder_add_string_value (b, ag_graph_call (g, call)->name);
    }
  text = ag_folded_trace_describe_step (folded, g, k, FALSE);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
}

/* The captions of @doc that name no step of this trace: kept in the file, shown nowhere. */
static void
add_unplaced_captions (JsonBuilder *b, const AgGraphFile *doc, const GPtrArray *anchors)
{
  g_autoptr (GPtrArray) unplaced = ag_graph_file_unplaced_captions (doc, anchors);

  if (unplaced->len == 0)
    return;
  json_builder_set_member_name (b, "unplaced_captions");
  json_builder_begin_object (b);
  for (guint i = 0; i < unplaced->len; i++)
    {
      const char *anchor = g_ptr_array_index (unplaced, i);
      json_builder_set_member_name (b, anchor);
      json_builder_add_string_value (b, ag_graph_file_get_caption (doc, anchor));
    }
  json_builder_end_object (b);
}

/* The trace as JSON. In reverse mode each position's anchor and caption (a lesson's captions
 * describe its reverse-mode steps, as in the window); position 0's caption is "start". */
static void
print_trace_json (const AgFoldedTrace *folded, const AgGraph *g, gboolean forward,
                  AgGraphFile *doc, const char *bug, guint first_wrong)
{
  const AgTrace *trace = folded->trace;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GPtrArray) anchors = forward ? NULL : ag_caption_anchors_new (trace, g);

  if (anchors)
    ag_graph_file_anchor_captions (doc, anchors);   /* an old file's numbered captions */

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, forward ? "forward" : "reverse");
  json_builder_set_member_name (b, "output");
  json_builder_add_string_value (b, ag_graph_display_name (g, g->output));
  if (bug)
    {
      /* --bug: which engine made these steps, and the 1-based number of its first wrong one. */
      json_builder_set_member_name (b, "bug");
      json_builder_add_string_value (b, bug);
      json_builder_set_member_name (b, "first_wrong_step");
      if (first_wrong == G_MAXUINT)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, first_wrong + 1);
    }
  if (anchors && ag_graph_file_caption_at (doc, anchors, 0))
    {
      json_builder_set_member_name (b, "start_caption");
      json_builder_add_string_value (b, ag_graph_file_caption_at (doc, anchors, 0));
    }
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint k = 0; k < ag_trace_n_steps (trace); k++)
    add_step (b, folded, g, k, doc, anchors);
  json_builder_end_array (b);
  if (anchors)
    add_unplaced_captions (b, doc, anchors);
  json_builder_end_object (b);
  adj_cli_print_json (b);
}

/* Forward mode: the tangents of every node for one input element (@wrt, or the first input's
 * first element). Returns the exit code: a usage error (printed) when there is none. */
static int
run_forward (AgGraph *g, const char *wrt, AgTrace *trace)
{
  g_autoptr (GError) error = NULL;
  AgId id = AG_NO_ID;
  guint element = 0;

  if (wrt && !parse_wrt (g, wrt, &id, &element, &error))
    return adj_cli_usage_error ("trace", "%s", error->message);
  for (AgId i = 0; i < ag_graph_n_nodes (g) && id == AG_NO_ID; i++)
    if (ag_node_is_differentiable_leaf (ag_graph_node (g, i)))
      id = i;
  if (id == AG_NO_ID)
    return adj_cli_usage_error ("trace", "forward mode needs an input: the program has none");
  ag_graph_forward (g, trace);
  if (!ag_graph_forward_mode (g, id, element, trace, &error))
    return adj_cli_usage_error ("trace", "%s", error->message);
  return ADJ_EXIT_OK;
}

int
adj_cli_trace (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *wrt = NULL;
  g_autofree char *bug_name = NULL;
  g_autofree char *fold = NULL;
  g_autofree gboolean *open = NULL;
  g_autoptr (AgFoldedTrace) folded = NULL;
  gboolean json = FALSE, full = FALSE;
  int digits = 0;
  const GOptionEntry entries[] = {
    ADJ_CLI_EXPR_OPTION (expr, "Trace"),
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "reverse (backpropagation, the default) or forward (tangents)", "MODE" },
    { "wrt", 0, 0, G_OPTION_ARG_STRING, &wrt, "Forward mode: the input (element) to differentiate with respect to; the first input by default", "NAME[I]" },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full,
      "Write every element of a tensor in the sentences (they are cut to 2 rows and 5 columns)", NULL },
    { "digits", 0, 0, G_OPTION_ARG_INT, &digits,
      "Significant digits of the numbers in the sentences, 1 to 17 (4 by default; 17 is exact; "
      "--json is always exact)", "N" },
    { "bug", 0, 0, G_OPTION_ARG_STRING, &bug_name,
      "Print the backward pass a broken engine makes: overwrite, no-zero-grad, forget-upstream "
      "or wrong-local (adjoint quiz --bug asks for its first wrong step)", "NAME" },
    { "fold", 0, 0, G_OPTION_ARG_STRING, &fold,
      "all: each call of a function is one step forward and one step back to each argument (its "
      "vector-Jacobian product); none: every step inside the calls. The file's open calls by "
      "default (every call folded)", "all|none" },
    ADJ_CLI_JSON_OPTION (json),
    { NULL }
  };
  g_auto (AdjCliSource) src = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AgTrace) trace = ag_trace_new ();
  g_autoptr (AgTrace) broken = NULL;
  guint first_wrong = G_MAXUINT;
  AgBug bug = AG_BUG_OVERWRITE;
  gboolean forward;
  AgGraph *g;

  if (!adj_cli_parse_options ("trace", "(FILE | -e PROGRAM)",
                              "Print every step of the forward and backward passes, in order: each value "
                              "computed, then each edge's contribution ū·∂u/∂v as it adds into v̄.",
                              "Examples:\n  adjoint trace -e 'x = 3; y = x + 1; z = y^2'\n"
                              "  adjoint trace -e 'x = 3; z = x^2 + x' --mode forward --wrt x\n"
                              "  adjoint trace data/examples/01-chain-rule.adjoint --json\n"
                              "  adjoint trace data/examples/18-vanishing-gradients.adjoint --digits 8\n"
                              "  adjoint trace data/examples/05-paths-add-up.adjoint --bug overwrite\n",
                              entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (digits != 0 && (digits < 1 || digits > 17))
    return adj_cli_usage_error ("trace", "--digits must be from 1 to 17, not %d", digits);
  if (digits != 0)
    ag_format_set_human_digits (digits);
  if (mode && strcmp (mode, "reverse") != 0 && strcmp (mode, "forward") != 0)
    return adj_cli_usage_error ("trace", "--mode must be reverse or forward, not '%s'", mode);
  forward = mode && strcmp (mode, "forward") == 0;
  if (wrt && !forward)
    return adj_cli_usage_error ("trace", "--wrt is for --mode forward");
  if (bug_name && !ag_bug_from_string (bug_name, &bug))
    return adj_cli_usage_error ("trace", "there is no bug '%s': give %s", bug_name,
                                ag_bug_list_names ());
  if (bug_name && forward)
    return adj_cli_usage_error ("trace", "--bug breaks the backward pass: it is for --mode reverse");
  if (fold && strcmp (fold, "all") != 0 && strcmp (fold, "none") != 0)
    return adj_cli_usage_error ("trace", "--fold must be all or none, not '%s'", fold);
  if (!adj_cli_source_load (&src, "trace", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;
  g = src.graph;
  open = adj_cli_open_calls (src.doc, g, fold);

  if (forward && run_forward (g, wrt, trace) != ADJ_EXIT_OK)
    return ADJ_EXIT_BAD_INPUT;
  if (!forward)
    {
      ag_graph_zero_grad (g, NULL);
      if (!ag_graph_run (g, trace, &error))
        {
          adj_cli_print_error (src.source_name, src.doc->program, error);
          return ADJ_EXIT_BAD_INPUT;
        }
    }
  if (bug_name)
    {
      broken = ag_bug_trace_new (trace, g, bug);
      first_wrong = ag_bug_first_wrong_step (trace, broken);
      g_clear_pointer (&trace, ag_trace_free);
      trace = g_steal_pointer (&broken);
    }

  /* Folded calls: their steps summed (core/trace-fold.h); a broken engine's first wrong step
   * is counted in the unfolded trace. */
  folded = ag_trace_fold (trace, g, open);
  if (json && bug_name)
    {
      /* The lesson's captions describe the correct steps: a broken trace goes without them. */
      g_autoptr (AgGraphFile) uncaptioned = ag_graph_file_new ();
      print_trace_json (folded, g, forward, uncaptioned, bug_name, first_wrong);
    }
  else if (json)
    print_trace_json (folded, g, forward, src.doc, NULL, first_wrong);
  else
    for (guint k = 0; k < ag_trace_n_steps (folded->trace); k++)
      {
        g_autofree char *text = ag_folded_trace_describe_step (folded, g, k, full);
        printf ("%s\n", text);
      }
  return ADJ_EXIT_OK;
}
