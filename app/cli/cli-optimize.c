/* cli-optimize.c: `adjoint optimize`: gradient descent on a program's inputs. */
#include "app/cli/cli-common.h"
#include "core/train-setup.h"
#include "core/autograd.h"
#include "core/format.h"
#include "core/json-writer.h"
#include "core/optim.h"

#include <math.h>
#include <stdio.h>

/* The inputs and parameters as an object: name → value. */
static void
add_inputs (JsonBuilder *b, const AgGraph *g)
{
  json_builder_begin_object (b);
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      const AgNode *n = ag_graph_node (g, id);
      if (!ag_node_is_differentiable_leaf (n))
        continue;
      json_builder_set_member_name (b, ag_graph_display_name (g, id));
      ag_json_builder_add_tensor (b, n->shape, ag_graph_value (g, id));
    }
  json_builder_end_object (b);
}

static void
append_step_text (GString *out, const AgGraph *g, int k, double loss, guint n_params)
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

/* Runs @steps updates, reporting f(x_k) and x_k for k = 0…steps to @b (JSON) or @text. Prints
 * the error and returns FALSE when the program fails to run. */
static gboolean
run_steps (AdjCliSource *src, AgOptimizer *opt, int steps, guint n_params, JsonBuilder *b,
           GString *text)
{
  g_autoptr (GError) error = NULL;
  AgGraph *g = src->graph;

  for (int k = 0; k <= steps; k++)
    {
      double loss;
      if (!ag_graph_run (g, NULL, &error))
        {
          adj_cli_print_error (src->source_name, src->doc->program, error);
          return FALSE;
        }
      loss = *ag_graph_value (g, g->output);
      if (b)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "step");
          json_builder_add_int_value (b, k);
          json_builder_set_member_name (b, "loss");
          json_builder_add_double_value (b, loss);
          json_builder_set_member_name (b, "inputs");
          add_inputs (b, g);
          json_builder_end_object (b);
        }
      else
        append_step_text (text, g, k, loss, n_params);
      if (k < steps)
        ag_optimizer_step (opt);
    }
  return TRUE;
}

int
adj_cli_optimize (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  g_autofree char *optimizer = NULL;
  double lr = NAN, momentum = NAN, weight_decay = 0;
  int steps = 100;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    ADJ_CLI_EXPR_OPTION (expr, "Optimize"),
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &optimizer, "sgd (the default), momentum or adam", "NAME" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, "Learning rate (required)", "LR" },
    { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &momentum, "Momentum μ for --optimizer momentum (default 0.9)", "M" },
    { "weight-decay", 0, 0, G_OPTION_ARG_DOUBLE, &weight_decay, "L2 weight decay, added to the gradient as in PyTorch (default 0)", "WD" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Number of updates (default 100)", "N" },
    ADJ_CLI_JSON_OPTION (json),
    { NULL }
  };
  g_auto (AdjCliSource) src = { 0 };
  g_autoptr (AgOptimizer) opt = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  AgOptimConfig config;
  AgOptimKind kind = AG_OPTIM_SGD;
  guint n_params = 0;
  AgGraph *g;

  if (!adj_cli_parse_options ("optimize", "(FILE | -e PROGRAM) --lr LR",
                              "Run gradient descent on the inputs of a program whose output is a scalar "
                              "loss, with PyTorch's update rules: sgd (x ← x − lr·g), momentum "
                              "(v ← μv + g, x ← x − lr·v) or adam. Prints the loss f(x_k) and the inputs "
                              "x_k at every step k = 0…N.",
                              "Examples:\n  adjoint optimize data/examples/14-four-variables.adjoint --lr 1e-3 --steps 10\n"
                              "  adjoint optimize -e 'x = 5; f = (x - 2)^2' --optimizer adam --lr 0.1 --json\n",
                              entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (optimizer && !ag_optim_kind_from_string (optimizer, &kind))
    {
      g_autofree char *rule = ag_setup_field_dup_rule (ag_train_setup_find ("optimizer"));
      return adj_cli_usage_error ("optimize", "--optimizer must be %s, not '%s'", rule, optimizer);
    }
  if (isnan (lr))
    return adj_cli_usage_error ("optimize", "give a learning rate, e.g. --lr 0.01");
  if (!adj_cli_check_finite ("optimize", "--lr", lr, 0, TRUE) ||
      !adj_cli_check_finite ("optimize", "--weight-decay", weight_decay, 0, FALSE) ||
      (!isnan (momentum) && !adj_cli_check_setup_row ("optimize", "--momentum", "momentum", momentum)))
    return ADJ_EXIT_BAD_INPUT;
  if (!isnan (momentum) && kind != AG_OPTIM_MOMENTUM)
    return adj_cli_usage_error ("optimize", "--momentum is for --optimizer momentum");
  if (!adj_cli_check_setup_row ("optimize", "--steps", "steps", steps))
    return ADJ_EXIT_BAD_INPUT;
  if (!adj_cli_source_load (&src, "optimize", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;
  g = src.graph;

  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    n_params += ag_node_is_differentiable_leaf (ag_graph_node (g, id)) ? ag_graph_node (g, id)->size : 0;
  if (n_params == 0)
    return adj_cli_usage_error ("optimize", "the program has no inputs to optimize");

  config = ag_optim_config_default (kind, lr);
  if (!isnan (momentum))
    config.momentum = momentum;
  config.weight_decay = weight_decay;
  opt = ag_optimizer_new (g, &config);

  if (json)
    {
      b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "optimizer");
      json_builder_add_string_value (b, ag_optim_kind_to_string (kind));
      json_builder_set_member_name (b, "lr");
      json_builder_add_double_value (b, lr);
      json_builder_set_member_name (b, "steps");
      json_builder_begin_array (b);
    }
  if (!run_steps (&src, opt, steps, n_params, b, text))
    return ADJ_EXIT_BAD_INPUT;
  if (json)
    {
      json_builder_end_array (b);
      json_builder_set_member_name (b, "final");
      add_inputs (b, g);
      json_builder_end_object (b);
      adj_cli_print_json (b);
    }
  else
    fputs (text->str, stdout);
  return ADJ_EXIT_OK;
}
