/* cli-train.c: `adjoint train`: the training lab without a window. Its setup options are the
 * rows of the setup's table (core/train-setup.h): names, limits, defaults and help. */
#include "app/cli/cli-common.h"
#include "core/format.h"
#include "core/train.h"
#include "ui/draw/adj-chart-model.h"

#include <math.h>
#include <stdio.h>

/* The command line: one text per row of the table (NULL: not given), and the options that are
 * about the run rather than the setup. */
typedef struct {
  char    **texts;        /* [n_fields], owned */
  char     *plot;
  gint64    every;
  gboolean  json, log_scale;
  GPtrArray *strings;     /* the entries' names and help, alive while the context is */
} TrainOptions;

static void
train_options_clear (TrainOptions *o)
{
  guint n;

  ag_train_setup_fields (&n);
  if (o->texts)
    for (guint i = 0; i < n; i++)
      g_free (o->texts[i]);
  g_clear_pointer (&o->texts, g_free);
  g_clear_pointer (&o->plot, g_free);
  g_clear_pointer (&o->strings, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrainOptions, train_options_clear)

static const char *
keep (TrainOptions *o, char *s)
{
  g_ptr_array_add (o->strings, s);
  return s;
}

/* The entries: a string option per row ("--lr LR", help "Learning rate: a number from 0
 * (excluded) to 10 (default 0.03)"), then the run's own. Free with g_free(). */
static GOptionEntry *
make_entries (TrainOptions *o)
{
  guint n;
  const AgSetupField *fields = ag_train_setup_fields (&n);
  GOptionEntry *e = g_new0 (GOptionEntry, n + 6);
  guint k = 0;

  o->texts = g_new0 (char *, n);
  o->strings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      const AgSetupField *f = &fields[i];
      g_autofree char *rule = ag_setup_field_dup_rule (f);
      g_autofree char *def = ag_setup_field_dup_default (f);

      e[k++] = (GOptionEntry) {
        f->option, 0, 0, f->type == AG_SETUP_FILE ? G_OPTION_ARG_FILENAME : G_OPTION_ARG_STRING,
        &o->texts[i],
        f->type == AG_SETUP_FILE ? f->help
          : keep (o, g_strdup_printf ("%s: %s (default %s)", f->help, rule, def)),
        f->arg };
    }
  e[k++] = (GOptionEntry) { "every", 0, 0, G_OPTION_ARG_INT64, &o->every, "Report the losses every N steps (default: every step with --json, else a tenth of the run)", "N" };
  e[k++] = (GOptionEntry) ADJ_CLI_JSON_OPTION (o->json);
  e[k++] = (GOptionEntry) { "plot", 0, 0, G_OPTION_ARG_FILENAME, &o->plot, "Draw the loss curves to a PNG, SVG or PDF file", "OUT" };
  e[k++] = (GOptionEntry) { "log", 0, 0, G_OPTION_ARG_NONE, &o->log_scale, "Plot the losses on a log scale", NULL };
  return e;
}

static const char *
given (const TrainOptions *o, const char *name)
{
  guint n;
  const AgSetupField *fields = ag_train_setup_fields (&n);
  const AgSetupField *f = ag_train_setup_find (name);

  return o->texts[f - fields];
}

/* The setup of FILE, if given, then the options over it. @doc receives the file (or NULL).
 * Returns the exit code: on bad input the error is printed. */
static int
read_setup (const TrainOptions *o, int argc, char **argv, AgTrainSetup *setup,
            AgGraphFile **doc)
{
  g_autoptr (GError) error = NULL;
  guint n;
  const AgSetupField *fields = ag_train_setup_fields (&n);

  ag_train_setup_init (setup);
  if (argc == 2)
    {
      *doc = ag_graph_file_load (argv[1], &error);
      if (*doc == NULL)
        {
          adj_cli_print_error (argv[1], NULL, error);
          return ADJ_EXIT_BAD_INPUT;
        }
      if ((*doc)->training && !ag_train_setup_from_json ((*doc)->training, setup, &error))
        {
          fprintf (stderr, "%s: error: %s\n", argv[1], error->message);
          return ADJ_EXIT_BAD_INPUT;
        }
      /* A relative CSV name in the file is relative to the file's folder. */
      if (setup->csv && !g_path_is_absolute (setup->csv))
        {
          g_autofree char *dir = g_path_get_dirname (argv[1]);
          char *full = g_build_filename (dir, setup->csv, NULL);
          g_free (setup->csv);
          setup->csv = full;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *who = g_strconcat ("--", fields[i].option, NULL);
      if (o->texts[i] && !ag_setup_field_set_text (&fields[i], setup, o->texts[i], who, &error))
        return adj_cli_usage_error ("train", "%s", error->message);
    }
  /* --dataset names generated data: it replaces a CSV file the graph file named. */
  if (given (o, "dataset") && !given (o, "csv"))
    g_clear_pointer (&setup->csv, g_free);
  if (given (o, "momentum") && setup->optimizer != AG_OPTIM_MOMENTUM)
    return adj_cli_usage_error ("train", "--momentum is for --optimizer momentum");
  return ADJ_EXIT_OK;
}

/* --every and --plot; returns the exit code (a usage error is printed). */
static int
check_run_options (const TrainOptions *o)
{
  if (o->every < 0 || o->every > G_MAXUINT)
    return adj_cli_usage_error ("train", "--every must be between 1 and %u", G_MAXUINT);
  if (o->plot && !g_str_has_suffix (o->plot, ".png") && !g_str_has_suffix (o->plot, ".svg") &&
      !g_str_has_suffix (o->plot, ".pdf"))
    return adj_cli_usage_error ("train", "--plot must end in .png, .svg or .pdf, not '%s'", o->plot);
  if (o->plot)
    {
      g_autofree char *dir = g_path_get_dirname (o->plot);
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        return adj_cli_usage_error ("train", "--plot: the folder '%s' does not exist", dir);
    }
  return ADJ_EXIT_OK;
}

/* The trainer for @setup: the data, the loss that follows it unless asked for, and the
 * network program (the file's, unless a network option asks for a new one). Prints the error
 * and returns NULL on bad input. */
static AgTrainer *
make_trainer (const TrainOptions *o, AgTrainSetup *setup, const AgGraphFile *doc,
              const char *source_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgDataset) data = NULL;
  g_autofree char *program = NULL;
  AgTrainer *trainer;
  gboolean network_options = FALSE;
  guint n;
  const AgSetupField *fields = ag_train_setup_fields (&n);

  data = ag_train_setup_load_data (setup, &error);
  if (data == NULL)
    {
      if (setup->csv)
        adj_cli_print_error (setup->csv, NULL, error);
      else
        adj_cli_usage_error ("train", "%s", error->message);
      return NULL;
    }
  if (given (o, "loss") == NULL && (doc == NULL || doc->training == NULL))
    ag_train_setup_fit_loss (setup, data->n_classes);

  for (guint i = 0; i < n; i++)
    network_options |= fields[i].network && o->texts[i] != NULL;
  if (doc && !network_options)
    program = g_strdup (doc->program);
  else
    program = ag_train_setup_write_program (setup, data->n_classes);

  trainer = ag_trainer_new (program, setup, &error);
  if (trainer == NULL)
    {
      if (error->domain == AG_ERROR && ag_error_get_location (error, NULL, NULL, NULL))
        adj_cli_print_error (source_name ? source_name : "<network>", program, error);
      else if (source_name)
        fprintf (stderr, "%s: error: %s\n", source_name, error->message);
      else
        adj_cli_usage_error ("train", "%s", error->message);
    }
  return trainer;
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
append_header (GString *out, const AgTrainSetup *setup, AgTrainer *trainer)
{
  const AgDataset *train = ag_trainer_get_train_set (trainer);
  const AgDataset *test = ag_trainer_get_test_set (trainer);

  g_string_append (out, "Training ");
  describe_network (out, setup, ag_trainer_get_n_outputs (trainer));
  if (setup->n_hidden > 0)
    g_string_append_printf (out, " %s", ag_activation_to_string (setup->activation));
  g_string_append_printf (out, " on %s (%u to train, %u to test) with %s, %s at lr ",
                          setup->csv ? setup->csv : ag_dataset_kind_to_string (setup->dataset),
                          train->n, test->n, ag_loss_describe (setup->loss),
                          ag_optim_kind_to_string (setup->optimizer));
  ag_format_number (out, setup->lr);
  g_string_append_printf (out, ", batch %u, seed %" G_GUINT64_FORMAT "\n",
                          MIN (setup->batch ? setup->batch : train->n, train->n), setup->seed);
}

static void
add_losses (JsonBuilder *b, const AgTrainEval *e, const char *loss_key)
{
  adj_cli_add_number_or_null (b, loss_key, e->train_loss);
  adj_cli_add_number_or_null (b, "test_loss", e->test_loss);
  adj_cli_add_number_or_null (b, "train_accuracy", e->train_accuracy);
  adj_cli_add_number_or_null (b, "test_accuracy", e->test_accuracy);
}

static void
append_report (GString *out, guint k, const AgTrainEval *e)
{
  g_string_append_printf (out, "step %-7u loss ", k);
  g_string_append_printf (out, "%-10.6g test loss %-10.6g", e->train_loss, e->test_loss);
  if (!isnan (e->test_accuracy))
    {
      g_string_append (out, " test accuracy ");
      append_percent (out, e->test_accuracy);
    }
  g_string_append_c (out, '\n');
}

/* Runs the steps, reporting every @every to @b (JSON, as "steps" elements) or @text, and
 * recording the loss curve for the plot (up to about 1000 points) in @curve. Returns the
 * points recorded; @e holds the last evaluation. */
static guint
run (AgTrainer *trainer, guint steps, guint every, gboolean plot, JsonBuilder *b, GString *text,
     double **curve, AgTrainEval *e)
{
  const guint sample = plot ? MAX (1, steps / 1000) : every;
  guint n_points = 0;

  *curve = g_new (double, 3 * (steps / sample + 2));
  for (guint k = 0; k <= steps; k++)
    {
      const gboolean report = k % every == 0 || k == steps;
      const gboolean record = k % sample == 0 || k == steps;

      if (report || record)
        ag_trainer_evaluate (trainer, e);
      if (record)
        {
          (*curve)[3 * n_points] = k;
          (*curve)[3 * n_points + 1] = e->train_loss;
          (*curve)[3 * n_points + 2] = e->test_loss;
          n_points++;
        }
      if (report && b)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "step");
          json_builder_add_int_value (b, k);
          add_losses (b, e, "loss");
          json_builder_end_object (b);
        }
      else if (report)
        append_report (text, k, e);
      if (k < steps)
        ag_trainer_step (trainer);
    }
  return n_points;
}

/* Trains and prints; FALSE (the error printed) when the plot cannot be written. */
static gboolean
train_and_report (const TrainOptions *o, const AgTrainSetup *setup, AgTrainer *trainer)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = o->json ? json_builder_new () : NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree double *curve = NULL;
  const guint every = o->every ? (guint) o->every : o->json ? 1 : MAX (1, setup->steps / 10);
  AgTrainEval e;
  guint n_points;

  if (b)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "steps");
      json_builder_begin_array (b);
    }
  else
    append_header (text, setup, trainer);
  n_points = run (trainer, setup->steps, every, o->plot != NULL, b, text, &curve, &e);
  if (b)
    {
      json_builder_end_array (b);
      add_losses (b, &e, "train_loss");
      json_builder_set_member_name (b, "setup");
      json_builder_add_value (b, ag_train_setup_to_json (setup));
      json_builder_end_object (b);
      adj_cli_print_json (b);
    }
  else
    {
      g_string_append (text, "train accuracy ");
      append_percent (text, e.train_accuracy);
      g_string_append (text, ", test accuracy ");
      append_percent (text, e.test_accuracy);
      g_string_append_c (text, '\n');
      fputs (text->str, stdout);
    }
  if (o->plot && !write_loss_plot (o->plot, curve, n_points, o->log_scale, &error))
    {
      fprintf (stderr, "%s: error: %s\n", o->plot, error->message);
      return FALSE;
    }
  return TRUE;
}

int
adj_cli_train (int argc, char **argv)
{
  g_auto (TrainOptions) o = { 0 };
  g_autofree GOptionEntry *entries = make_entries (&o);
  g_autoptr (AgGraphFile) doc = NULL;
  g_autoptr (AgTrainer) trainer = NULL;
  AgTrainSetup setup;
  gboolean ok;

  if (!adj_cli_parse_options ("train", "[FILE]",
                              "Train a small network (a multilayer perceptron) on 2-D data, as the "
                              "window's training lab does, and print the training and test losses. "
                              "FILE is a graph file whose training setup and network program are used; "
                              "the options change the setup, and the network options (--hidden, "
                              "--activation, --loss, --init, --l1, --l2) write a new program. Unless "
                              "--loss or FILE says otherwise, the loss follows the data: bce for two "
                              "classes, cross_entropy for more, mse for regression. The same seed gives "
                              "the same run, bit for bit.",
                              "Examples:\n  adjoint train --dataset moons --hidden 16,16 --steps 500\n"
                              "  adjoint train --dataset spiral --hidden 16,16,16 --activation relu --lr 0.01 --steps 2000 --json\n"
                              "  adjoint train --dataset circles --steps 300 --plot loss.png\n",
                              entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (argc > 2)
    return adj_cli_usage_error ("train", "give at most one FILE, not %d", argc - 1);

  ok = read_setup (&o, argc, argv, &setup, &doc) == ADJ_EXIT_OK &&
       check_run_options (&o) == ADJ_EXIT_OK;
  if (ok)
    trainer = make_trainer (&o, &setup, doc, argc == 2 ? argv[1] : NULL);
  ok = trainer != NULL && train_and_report (&o, &setup, trainer);
  ag_train_setup_clear (&setup);
  return ok ? ADJ_EXIT_OK : ADJ_EXIT_BAD_INPUT;
}
