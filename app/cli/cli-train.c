/* cli-train.c: `adjoint train`: the training lab without a window. */
#include "app/cli/cli-private.h"
#include "core/format.h"
#include "core/json-writer.h"
#include "core/train.h"
#include "ui/draw/adj-chart-model.h"

#include <math.h>
#include <stdio.h>

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

int
adj_cli_train (int argc, char **argv)
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

  if (!adj_cli_parse_options ("train", "[FILE]",
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
    return adj_cli_usage_error ("train", "give at most one FILE, not %d", argc - 1);
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
          return adj_cli_usage_error ("train", "%s must be a finite number, not '%s'", nums[i].flag, nums[i].text);
      }
  }

  ag_train_setup_init (&setup);
  if (argc == 2)
    {
      source_name = argv[1];
      doc = ag_graph_file_load (argv[1], &error);
      if (doc == NULL)
        {
          adj_cli_print_error (argv[1], NULL, error);
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

#define FAIL(...) G_STMT_START { ag_train_setup_clear (&setup); return adj_cli_usage_error ("train", __VA_ARGS__); } G_STMT_END
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
        adj_cli_print_error (setup.csv, NULL, error);
      else
        adj_cli_usage_error ("train", "%s", error->message);
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
        adj_cli_print_error (source_name ? source_name : "<network>", program, error);
      else if (source_name)
        fprintf (stderr, "%s: error: %s\n", source_name, error->message);
      else
        adj_cli_usage_error ("train", "%s", error->message);
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
