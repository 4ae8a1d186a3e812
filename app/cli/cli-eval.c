/* cli-eval.c: `adjoint eval`: every node's value and, for a scalar output, its gradient. */
#include "app/cli/cli-common.h"
#include "core/autograd.h"
#include "core/ops-text.h"
#include "core/format.h"
#include "core/json-writer.h"
#include "core/ops.h"
#include "core/graph-calls.h"

#include <stdio.h>

/* The calls of user functions (core/graph-calls.h): "calls": [{"function": "neuron",
 * "name": "neuron#2", "line": 9, "col": 6, "parent": null, "args": [0, 3, 4],
 * "output": 11}, …]; each node's "call" is an index into it, or null. */
static void
add_calls_json (JsonBuilder *b, const AgGraph *g)
{
  json_builder_set_member_name (b, "calls");
  json_builder_begin_array (b);
  for (guint i = 0; i < ag_graph_n_calls (g); i++)
    {
      const AgCall *c = ag_graph_call (g, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "function");
      json_builder_add_string_value (b, c->function);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, c->name);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, c->line);
      json_builder_set_member_name (b, "col");
      json_builder_add_int_value (b, c->col);
      json_builder_set_member_name (b, "parent");
      if (c->parent == AG_NO_CALL)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, c->parent);
      json_builder_set_member_name (b, "args");
      json_builder_begin_array (b);
      for (guint k = 0; k < c->n_args; k++)
        json_builder_add_int_value (b, ag_graph_call_arg (g, i, k));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "output");
      json_builder_add_int_value (b, c->output);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
print_eval_json (AgGraph *g, gboolean have_grads)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "output");
  json_builder_add_string_value (b, ag_graph_display_name (g, g->output));
  json_builder_set_member_name (b, "nodes");
  json_builder_begin_array (b);
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      const AgNode *n = ag_graph_node (g, id);
      g_autofree char *expr_text = ag_op_describe_expression (g, id);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, ag_graph_display_name (g, id));
      json_builder_set_member_name (b, "op");
      json_builder_add_string_value (b, ag_op_info (n->op)->name);
      json_builder_set_member_name (b, "expr");
      json_builder_add_string_value (b, expr_text);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, ag_role_to_string (n->role));
      json_builder_set_member_name (b, "call");
      if (n->call == AG_NO_CALL)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, n->call);
      json_builder_set_member_name (b, "shape");
      json_builder_begin_array (b);
      if (n->shape.ndim == 2)
        json_builder_add_int_value (b, n->shape.rows);
      if (n->shape.ndim >= 1)
        json_builder_add_int_value (b, n->shape.cols);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "value");
      ag_json_builder_add_tensor (b, n->shape, ag_graph_value (g, id));
      json_builder_set_member_name (b, "grad");
      if (have_grads && n->needs_grad)
        ag_json_builder_add_tensor (b, n->shape, ag_graph_grad (g, id));
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_calls_json (b, g);
  json_builder_end_object (b);
  adj_cli_print_json (b);
}

/* A value or an adjoint for the table, in numbers for people (ag_format_human: 4 significant
 * digits, or --digits): whole with --full, else past AG_FORMAT_SUMMARY_THRESHOLD elements only
 * its corners, as numpy prints an array (a 2048 × 2048 program printed 138 MB). */
static char *
format_cell (AgShape shape, const double *data, gboolean full)
{
  GString *out = g_string_new (NULL);
  const guint edge = 2 * AG_FORMAT_SUMMARY_EDGE + 1;   /* "…" takes one place */

  if (full || ag_shape_size (shape) <= AG_FORMAT_SUMMARY_THRESHOLD)
    ag_format_tensor_human_cut (out, shape, data, G_MAXUINT, G_MAXUINT);
  else
    ag_format_tensor_human_cut (out, shape, data, edge, edge);
  return g_string_free (out, FALSE);
}

static void
print_eval_table (AgGraph *g, gboolean have_grads, gboolean full)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *grad_head = g_strdup_printf ("∂%s/∂node", ag_graph_display_name (g, g->output));
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
      cells[2] = format_cell (n->shape, ag_graph_value (g, id), full);
      if (have_grads)
        cells[3] = n->needs_grad ? format_cell (n->shape, ag_graph_grad (g, id), full) : g_strdup ("–");
      g_ptr_array_add (rows, cells);
    }
  adj_cli_print_table (rows, 4);
}

int
adj_cli_eval (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  gboolean json = FALSE, full = FALSE;
  int digits = 0;
  const GOptionEntry entries[] = {
    ADJ_CLI_EXPR_OPTION (expr, "Evaluate"),
    ADJ_CLI_JSON_OPTION (json),
    { "digits", 0, 0, G_OPTION_ARG_INT, &digits,
      "Significant digits of the numbers in the table, 1 to 17 (4 by default; 17 is exact; "
      "--json is always exact)", "N" },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full,
      "Print every element of large tensors (past 1000 elements only the first and last 3 rows "
      "and columns are shown; --json is always whole)", NULL },
    { NULL }
  };
  g_auto (AdjCliSource) src = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean have_grads;

  if (!adj_cli_parse_options ("eval", "(FILE | -e PROGRAM)",
                              "Compute every node's value and, for a scalar output, its gradient "
                              "(the adjoint ∂output/∂node).",
                              "Examples:\n  adjoint eval -e 'x = 3; z = x^2 + x'\n"
                              "  adjoint eval data/examples/05-paths-add-up.adjoint --json\n"
                              "  adjoint eval data/examples/09-sin-of-square.adjoint --digits 17\n",
                              entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (digits != 0 && (digits < 1 || digits > 17))
    return adj_cli_usage_error ("eval", "--digits must be from 1 to 17, not %d", digits);
  if (digits != 0)
    ag_format_set_human_digits (digits);
  if (!adj_cli_source_load (&src, "eval", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;

  have_grads = ag_graph_run (src.graph, NULL, &error);
  if (!have_grads)
    fprintf (stderr, "%s: note: values only: %s\n", src.source_name, error->message);
  if (json)
    print_eval_json (src.graph, have_grads);
  else
    print_eval_table (src.graph, have_grads, full);
  return ADJ_EXIT_OK;
}
