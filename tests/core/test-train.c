/* test-train.c: the training lab's core: the setup and its file form, the programs it writes
 * (checked against central differences layer by layer and loss by loss), training that
 * learns, seeds that repeat runs bit for bit, and steps that allocate nothing. */
#include "core/check.h"
#include "core/graph-file.h"
#include "core/json-writer.h"
#include "core/format.h"
#include "core/program.h"
#include "core/train.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <math.h>
#include <string.h>

#include "tests/trainer-ok.h"
#include "tests/under-asan.h"


/* ---- the setup ------------------------------------------------------------------------- */

static void
test_setup_json (void)
{
  AgTrainSetup a, b;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text1 = g_string_new (NULL);
  g_autoptr (GString) text2 = g_string_new (NULL);

  ag_train_setup_init (&a);
  a.dataset = AG_DATASET_SPIRAL3;
  a.samples = 321;
  a.noise = 0.37;
  a.test_fraction = 0.3;
  a.n_hidden = 3;
  a.hidden[0] = 16; a.hidden[1] = 5; a.hidden[2] = 64;
  a.activation = AG_ACTIVATION_RELU;
  a.loss = AG_LOSS_CROSS_ENTROPY;
  a.init = AG_INIT_HE;
  a.optimizer = AG_OPTIM_MOMENTUM;
  a.lr = 0.1 / 3;
  a.momentum = 0.85;
  a.batch = 0;
  a.steps = 1234;
  a.l1 = 1e-5;
  a.l2 = 3e-4;
  a.seed = G_GUINT64_CONSTANT (18446744073709551615);   /* needs the string form */
  a.csv = g_strdup ("points.csv");

  node = ag_train_setup_to_json (&a);
  g_assert_true (ag_train_setup_from_json (node, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (b.dataset, ==, a.dataset);
  g_assert_cmpstr (b.csv, ==, "points.csv");
  g_assert_cmpuint (b.samples, ==, 321);
  g_assert_cmpfloat (b.noise, ==, a.noise);
  g_assert_cmpfloat (b.test_fraction, ==, a.test_fraction);
  g_assert_cmpuint (b.n_hidden, ==, 3);
  g_assert_cmpmem (b.hidden, sizeof b.hidden, a.hidden, sizeof a.hidden);
  g_assert_cmpint (b.activation, ==, a.activation);
  g_assert_cmpint (b.loss, ==, a.loss);
  g_assert_cmpint (b.init, ==, a.init);
  g_assert_cmpint (b.optimizer, ==, a.optimizer);
  g_assert_cmpfloat (b.lr, ==, a.lr);          /* exactly: the file keeps every bit */
  g_assert_cmpfloat (b.momentum, ==, a.momentum);
  g_assert_cmpuint (b.batch, ==, 0);
  g_assert_cmpuint (b.steps, ==, 1234);
  g_assert_cmpfloat (b.l1, ==, a.l1);
  g_assert_cmpfloat (b.l2, ==, a.l2);
  g_assert_true (b.seed == a.seed);

  /* Through a saved file and back, through the document's own writer. */
  {
    g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
    g_autoptr (AgGraphFile) loaded = NULL;
    g_autofree char *data = NULL;
    gsize len;
    AgTrainSetup c;

    ag_graph_file_set_program (doc, "x = 1");
    doc->training = ag_train_setup_to_json (&a);
    data = ag_graph_file_to_data (doc, &len);
    loaded = ag_graph_file_load_from_data (data, len, &error);
    g_assert_no_error (error);
    g_assert_nonnull (loaded->training);
    g_assert_true (ag_train_setup_from_json (loaded->training, &c, &error));
    again = ag_train_setup_to_json (&c);
    ag_json_write_node (text1, node, 0);
    ag_json_write_node (text2, again, 0);
    g_assert_cmpstr (text1->str, ==, text2->str);
    ag_train_setup_clear (&c);
  }
  ag_train_setup_clear (&a);
  ag_train_setup_clear (&b);
}

static void
test_setup_json_errors (void)
{
  static const struct { const char *json, *message; } cases[] = {
    { "[]", "training must be an object" },
    { "{\"dataset\": \"donut\"}", "training.dataset must be moons, circles, xor" },
    { "{\"dataset\": 3}", "training.dataset must be a string" },
    { "{\"samples\": 2}", "training.samples must be a whole number from 4 to 10000" },
    { "{\"samples\": 1.5}", "training.samples must be a whole number" },
    { "{\"noise\": \"a lot\"}", "training.noise must be a number" },
    { "{\"noise\": 2}", "training.noise must be a number from 0 to 1" },
    { "{\"hidden\": [8, 0]}", "training.hidden must be a list of layer widths from 1 to 64" },
    { "{\"hidden\": [1, 2, 3, 4, 5, 6, 7]}", "training.hidden must be a list of at most 6" },
    { "{\"hidden\": 8}", "training.hidden must be a list" },
    { "{\"activation\": \"swish\"}", "training.activation must be relu, tanh, sigmoid or linear" },
    { "{\"loss\": \"l7\"}", "training.loss must be" },
    { "{\"optimizer\": \"lbfgs\"}", "training.optimizer must be sgd, momentum or adam" },
    { "{\"lr\": 0}", "training.lr must be a number from" },
    { "{\"lr\": -1}", "training.lr must be a number from" },
    { "{\"batch\": -1}", "training.batch must be a whole number from 0 to 10000" },
    { "{\"seed\": -5}", "training.seed must be a whole number" },
    { "{\"seed\": \"x\"}", "training.seed must be a whole number" },
    { "{\"csv\": \"\"}", "training.csv must be the name of a CSV file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      AgTrainSetup s;

      g_test_message ("%s", cases[i].json);
      g_assert_true (json_parser_load_from_data (parser, cases[i].json, -1, NULL));
      g_assert_false (ag_train_setup_from_json (json_parser_get_root (parser), &s, &error));
      g_assert_error (error, AG_ERROR, AG_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_null (s.csv);
    }

  /* Unknown members are for newer versions: ignored. Missing ones keep the defaults. */
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_autoptr (GError) error = NULL;
    AgTrainSetup s, d;

    g_assert_true (json_parser_load_from_data (parser, "{\"future\": 1, \"lr\": 0.5}", -1, NULL));
    g_assert_true (ag_train_setup_from_json (json_parser_get_root (parser), &s, &error));
    ag_train_setup_init (&d);
    g_assert_cmpfloat (s.lr, ==, 0.5);
    g_assert_cmpuint (s.samples, ==, d.samples);
    g_assert_cmpuint (s.n_hidden, ==, d.n_hidden);
  }
}

/* The program the lab writes, word for word for the defaults: it is what a student reads. */
static void
test_program_text (void)
{
  AgTrainSetup s;
  g_autofree char *text = NULL;

  ag_train_setup_init (&s);
  s.l2 = 0.001;
  text = ag_train_setup_write_program (&s, 2);
  g_assert_cmpstr (text, ==,
    "# A network 2-8-8-1 with tanh units, trained on moons with binary cross-entropy.\n"
    "# The training lab wrote it and fills X and y with a batch each step;\n"
    "# edit it freely (keep X, y, out and the loss last).\n"
    "data X = zeros(32, 2)    # a batch of points (x1, x2)\n"
    "data y = zeros(32, 1)    # their labels, 0 or 1\n"
    "param W1 = xavier(2, 8)\n"
    "param b1 = zeros(8)\n"
    "h1 = tanh(X @ W1 + b1)\n"
    "param W2 = xavier(8, 8)\n"
    "param b2 = zeros(8)\n"
    "h2 = tanh(h1 @ W2 + b2)\n"
    "param W3 = xavier(8, 1)\n"
    "param b3 = zeros(1)\n"
    "out = h2 @ W3 + b3    # the logits\n"
    "loss = bce_logits(out, y) + 0.001 * (sum(W1 * W1) + sum(W2 * W2) + sum(W3 * W3))\n");
  ag_train_setup_clear (&s);
}

/* Every layer and loss the lab can write, differentiated through the whole network and
 * compared with central differences, on a real batch. */
static void
test_program_gradients (void)
{
  for (guint loss = 0; loss < AG_N_LOSSES; loss++)
    for (guint act = 0; act < AG_N_ACTIVATIONS; act++)
      for (guint init = 0; init < AG_N_INITS; init++)
        {
          AgTrainSetup s;
          g_autoptr (GError) error = NULL;
          g_autoptr (AgDataset) data = NULL;
          g_autoptr (AgGraph) g = NULL;
          g_autoptr (GArray) entries = NULL;
          g_autofree char *text = NULL;
          AgProgramOptions options;
          AgId x, y;

          ag_train_setup_init (&s);
          s.dataset = loss == AG_LOSS_CROSS_ENTROPY ? AG_DATASET_SPIRAL3 : AG_DATASET_MOONS;
          s.loss = loss;
          s.activation = act;
          s.init = init;
          s.hidden[0] = 3;
          s.hidden[1] = 4;
          s.batch = 5;
          s.l1 = 0.01;
          s.l2 = 0.02;
          data = ag_train_setup_load_data (&s, &error);
          g_assert_no_error (error);
          text = ag_train_setup_write_program (&s, data->n_classes);
          options = (AgProgramOptions) { s.seed, 0 };
          g = ag_program_parse_with (text, -1, &options, &error);
          g_assert_no_error (error);
          x = ag_graph_lookup (g, "X");
          y = ag_graph_lookup (g, "y");
          for (guint r = 0; r < 5; r++)
            {
              ag_graph_value (g, x)[2 * r] = data->x[2 * r];
              ag_graph_value (g, x)[2 * r + 1] = data->x[2 * r + 1];
              ag_graph_value (g, y)[r] = data->y[r];
            }
          entries = ag_graph_check_gradients (g, 1e-6, &error);
          g_assert_no_error (error);
          g_test_message ("%s %s %s: %u entries, max error %g", ag_loss_to_string (loss),
                          ag_activation_to_string (act), ag_init_to_string (init),
                          entries->len, ag_check_max_error (entries));
          /* 2·3 + 3 + 3·4 + 4 + 4·k + k parameters, every one checked. */
          g_assert_cmpuint (entries->len, ==, 6 + 3 + 12 + 4 + (loss == AG_LOSS_CROSS_ENTROPY ? 15 : 5));
          /* relu and abs have kinks: a difference that straddles one is off, so allow it
           * there, but only there. */
          if (act == AG_ACTIVATION_RELU)
            {
              guint bad = 0;
              for (guint i = 0; i < entries->len; i++)
                bad += g_array_index (entries, AgCheckEntry, i).rel_error > 1e-5;
              g_assert_cmpuint (bad, <=, 1);
            }
          else
            g_assert_cmpfloat (ag_check_max_error (entries), <, 1e-5);
          ag_train_setup_clear (&s);
        }
}

/* ---- training -------------------------------------------------------------------------- */

typedef struct {
  const char *name;
  AgDatasetKind dataset;
  guint samples, steps, hidden[3], n_hidden;
  AgActivation activation;
  double lr, noise, min_accuracy;
} LearnCase;

static void
test_learns (gconstpointer data)
{
  const LearnCase *c = data;
  g_autoptr (AgTrainer) t = NULL;
  AgTrainSetup s;
  AgTrainEval e;

  ag_train_setup_init (&s);
  s.dataset = c->dataset;
  s.samples = c->samples;
  s.steps = c->steps;
  s.n_hidden = c->n_hidden;
  memcpy (s.hidden, c->hidden, sizeof c->hidden);
  s.activation = c->activation;
  s.lr = c->lr;
  s.noise = c->noise;
  s.loss = c->dataset == AG_DATASET_SPIRAL3 ? AG_LOSS_CROSS_ENTROPY : AG_LOSS_BCE;
  t = trainer_ok (&s);
  ag_trainer_evaluate (t, &e);
  g_assert_cmpfloat (e.test_accuracy, <, 0.8);   /* it has something to learn */
  for (guint k = 0; k < s.steps; k++)
    ag_trainer_step (t);
  ag_trainer_evaluate (t, &e);
  g_test_message ("%s: train %.3f, test %.3f (loss %.4f)", c->name, e.train_accuracy,
                  e.test_accuracy, e.test_loss);
  g_assert_cmpfloat (e.test_accuracy, >=, c->min_accuracy);
  g_assert_cmpfloat (e.train_accuracy, >=, c->min_accuracy);
  g_assert_cmpuint (ag_trainer_get_step (t), ==, s.steps);
  ag_train_setup_clear (&s);
}

static const LearnCase learn_cases[] = {
  /* The lab's defaults on moons; spirals need more units and steps, and less noise to be
   * separable (with noise 0.1 their arms overlap, and ~90 % is the ceiling). */
  { "moons", AG_DATASET_MOONS, 200, 300, { 8, 8 }, 2, AG_ACTIVATION_TANH, 0.03, 0.1, 0.97 },
  { "xor", AG_DATASET_XOR, 400, 600, { 8, 8 }, 2, AG_ACTIVATION_TANH, 0.03, 0.1, 0.95 },
  { "circles", AG_DATASET_CIRCLES, 400, 400, { 8, 8 }, 2, AG_ACTIVATION_TANH, 0.03, 0.1, 0.95 },
  { "spiral", AG_DATASET_SPIRAL, 600, 3000, { 16, 16, 16 }, 3, AG_ACTIVATION_RELU, 0.01, 0.05, 0.95 },
  { "spiral3", AG_DATASET_SPIRAL3, 600, 2000, { 16, 16 }, 2, AG_ACTIVATION_TANH, 0.01, 0.05, 0.95 },
};

/* Regression: the sine is fitted well below the variance of its targets (about 0.5). */
static void
test_learns_regression (void)
{
  g_autoptr (AgTrainer) t = NULL;
  AgTrainSetup s;
  AgTrainEval e;

  ag_train_setup_init (&s);
  s.dataset = AG_DATASET_SINE;
  s.loss = AG_LOSS_MSE;
  s.n_hidden = 1;
  s.hidden[0] = 16;
  t = trainer_ok (&s);
  for (guint k = 0; k < 1000; k++)
    ag_trainer_step (t);
  ag_trainer_evaluate (t, &e);
  g_assert_true (isnan (e.test_accuracy));
  g_assert_cmpfloat (e.test_loss, <, 0.03);
  ag_train_setup_clear (&s);
}

/* Every loss, optimizer and activation lowers the loss on moons. */
static void
test_every_setting_learns (void)
{
  for (guint loss = 0; loss < AG_N_LOSSES; loss++)
    for (guint opt = 0; opt <= AG_OPTIM_ADAM; opt++)
      for (guint act = 0; act < AG_N_ACTIVATIONS; act++)
        {
          g_autoptr (AgTrainer) t = NULL;
          AgTrainSetup s;
          AgTrainEval before, after;

          ag_train_setup_init (&s);
          s.loss = loss;
          s.optimizer = opt;
          s.activation = act;
          s.lr = opt == AG_OPTIM_ADAM ? 0.03 : opt == AG_OPTIM_SGD ? 0.2 : 0.03;
          s.l2 = 1e-4;
          t = trainer_ok (&s);
          ag_trainer_evaluate (t, &before);
          for (guint k = 0; k < 300; k++)
            ag_trainer_step (t);
          ag_trainer_evaluate (t, &after);
          g_test_message ("%s %s %s: %g → %g, accuracy %g", ag_loss_to_string (loss),
                          ag_optim_kind_to_string (opt), ag_activation_to_string (act),
                          before.train_loss, after.train_loss, after.train_accuracy);
          g_assert_cmpfloat (after.train_loss, <, 0.9 * before.train_loss);
          g_assert_cmpfloat (after.train_accuracy, >=, 0.75);
          ag_train_setup_clear (&s);
        }
}

/* One seed, one run, bit for bit; another seed, another run; reset starts the same run again. */
static void
test_seed_repeats (void)
{
  AgTrainSetup s;
  g_autoptr (AgTrainer) a = NULL;
  g_autoptr (AgTrainer) b = NULL;
  g_autoptr (AgTrainer) c = NULL;
  double la[50], lb[50], lc[50];

  ag_train_setup_init (&s);
  a = trainer_ok (&s);
  b = trainer_ok (&s);
  s.seed = 2;
  c = trainer_ok (&s);
  for (guint k = 0; k < 50; k++)
    {
      la[k] = ag_trainer_step (a);
      lb[k] = ag_trainer_step (b);
      lc[k] = ag_trainer_step (c);
    }
  g_assert_cmpmem (la, sizeof la, lb, sizeof lb);
  g_assert_true (memcmp (la, lc, sizeof la) != 0);

  ag_trainer_reset (a);
  g_assert_cmpuint (ag_trainer_get_step (a), ==, 0);
  for (guint k = 0; k < 50; k++)
    lb[k] = ag_trainer_step (a);
  g_assert_cmpmem (la, sizeof la, lb, sizeof lb);
  ag_train_setup_clear (&s);
}

/* A recorded step is the same step: same loss and weights as the fast one, and the trace
 * holds zero-grad, the forward and backward steps, and one update per parameter. */
static void
test_traced_step (void)
{
  AgTrainSetup s;
  g_autoptr (AgTrainer) fast = NULL;
  g_autoptr (AgTrainer) slow = NULL;
  g_autoptr (AgTrace) trace = ag_trace_new ();
  guint n_forward = 0, n_backward = 0, n_update = 0;
  AgGraph *g;

  ag_train_setup_init (&s);
  s.batch = 4;
  s.hidden[0] = 3;
  s.hidden[1] = 2;
  fast = trainer_ok (&s);
  slow = trainer_ok (&s);
  for (guint k = 0; k < 3; k++)
    {
      const double l1 = ag_trainer_step (fast);
      g_autoptr (AgGraph) shown = NULL;
      const double l2 = ag_trainer_step_traced (slow, trace, k == 2 ? &shown : NULL);
      g_assert_cmpfloat (l1, ==, l2);
      if (shown)
        {
          /* What the player shows: the step's values, with the parameters before the update. */
          const AgGraph *gs = ag_trainer_get_graph (slow);
          const AgId w1 = ag_graph_lookup (shown, "W1"), h1 = ag_graph_lookup (shown, "h1");
          const guint n = ag_graph_node (shown, w1)->size;
          const AgStep *update = ag_trace_step (trace, ag_trace_n_steps (trace) - 6);
          g_assert_cmpuint (update->to, ==, w1);
          for (guint e = 0; e < n; e++)
            g_assert_cmpfloat_with_epsilon (ag_graph_value (shown, w1)[e] + ag_trace_data (trace, update->delta)[e],
                                            ag_graph_value (gs, w1)[e], 1e-15);
          g_assert_cmpmem (ag_graph_value (shown, h1), ag_graph_node (shown, h1)->size * sizeof (double),
                           ag_graph_value (gs, h1), ag_graph_node (gs, h1)->size * sizeof (double));
          g_assert_cmpfloat (ag_graph_grad (shown, w1)[0], !=, 0);
        }
    }
  g = ag_trainer_get_graph (slow);
  g_assert_cmpmem (ag_trainer_get_graph (fast)->values, g->n_elements * sizeof (double),
                   g->values, g->n_elements * sizeof (double));

  g_assert_cmpint (ag_trace_step (trace, 0)->kind, ==, AG_STEP_ZERO_GRAD);
  for (guint k = 0; k < ag_trace_n_steps (trace); k++)
    {
      const AgStep *st = ag_trace_step (trace, k);
      n_forward += st->kind == AG_STEP_FORWARD;
      n_backward += st->kind == AG_STEP_BACKWARD;
      if (st->kind == AG_STEP_UPDATE)
        {
          const guint i = n_update++;
          const AgId p = ag_trainer_get_param (slow, i);
          g_assert_cmpuint (st->to, ==, p);
          g_assert_cmpmem (ag_trace_data (trace, st->after), st->size * sizeof (double),
                           ag_graph_value (g, p), st->size * sizeof (double));
          g_assert_cmpuint (k, >=, ag_trace_n_steps (trace) - ag_trainer_get_n_params (slow));
        }
    }
  g_assert_cmpuint (n_update, ==, 6);      /* W1 b1 W2 b2 W3 b3 */
  g_assert_cmpuint (n_forward, ==, 9);     /* three layers of @, + and tanh (none on the last), the loss */
  g_assert_cmpuint (n_backward, >, 9);
  /* The step's sentences read as the lesson says. */
  {
    g_autofree char *first = ag_trace_describe_step (trace, g, 0);
    g_autofree char *last = ag_trace_describe_step (trace, g, ag_trace_n_steps (trace) - 1);
    g_test_message ("%s\n%s", first, last);
    g_assert_nonnull (strstr (first, "zero"));
    g_assert_nonnull (strstr (last, "b3"));
  }
  ag_train_setup_clear (&s);
}

/* Changing the learning rate keeps the weights and the optimizer's state. */
static void
test_set_lr (void)
{
  AgTrainSetup s;
  g_autoptr (AgTrainer) a = NULL;
  g_autoptr (AgTrainer) b = NULL;
  AgGraph *ga, *gb;

  ag_train_setup_init (&s);
  s.optimizer = AG_OPTIM_SGD;
  s.lr = 0.1;
  a = trainer_ok (&s);
  b = trainer_ok (&s);
  for (guint k = 0; k < 10; k++)
    {
      ag_trainer_step (a);
      ag_trainer_step (b);
    }
  ag_trainer_set_lr (b, 0.2);
  ga = ag_trainer_get_graph (a);
  gb = ag_trainer_get_graph (b);
  g_assert_cmpuint (ag_trainer_get_step (b), ==, 10);
  g_assert_cmpmem (ga->values, ga->n_elements * sizeof (double), gb->values, gb->n_elements * sizeof (double));
  /* With SGD the next update of b is exactly twice a's. */
  {
    const AgId w = ag_trainer_get_param (a, 0);
    const guint n = ag_graph_node (ga, w)->size;
    g_autofree double *before = g_memdup2 (ag_graph_value (ga, w), n * sizeof (double));
    ag_trainer_step (a);
    ag_trainer_step (b);
    for (guint k = 0; k < n; k++)
      g_assert_cmpfloat_with_epsilon (ag_graph_value (gb, w)[k] - before[k],
                                      2 * (ag_graph_value (ga, w)[k] - before[k]), 1e-15);
  }
  ag_train_setup_clear (&s);
}

/* A step and an evaluation allocate nothing (glibc's counters; ASan replaces malloc). */
static void
test_step_allocates_nothing (void)
{
#ifdef UNDER_ASAN
  g_test_skip ("ASan replaces malloc, so glibc's counters do not see it");
#else
  AgTrainSetup s;
  g_autoptr (AgTrainer) t = NULL;
  struct mallinfo2 before, after;
  AgTrainEval e;
  double sum = 0;

  ag_train_setup_init (&s);
  t = trainer_ok (&s);
  ag_trainer_step (t);     /* warm up whatever libc does on first use */
  ag_trainer_evaluate (t, &e);
  before = mallinfo2 ();
  for (guint k = 0; k < 200; k++)   /* past an epoch, so batches reshuffle */
    sum += ag_trainer_step (t);
  ag_trainer_evaluate (t, &e);
  after = mallinfo2 ();
  g_assert_cmpuint (after.uordblks, ==, before.uordblks);
  g_assert_cmpuint (after.hblkhd, ==, before.hblkhd);
  g_assert_true (isfinite (sum));
#endif
}

static void
test_predict_grid (void)
{
  AgTrainSetup s;
  g_autoptr (AgTrainer) t = NULL;
  g_autoptr (GError) error = NULL;
  double grid[20 * 20], again[20 * 20];

  ag_train_setup_init (&s);
  t = trainer_ok (&s);
  for (guint k = 0; k < 300; k++)
    ag_trainer_step (t);
  g_assert_true (ag_trainer_predict_grid (t, 20, AG_DATASET_EXTENT, grid, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 400; i++)
    g_assert_true (grid[i] >= 0 && grid[i] <= 1);
  /* Moons: class 0 is the upper moon, centred near (-0.5, -0.25) + its top at (−0.5, 0.75);
   * class 1 is the lower one near (0.5, 0.25) − its bottom at (0.5, −0.75). Row 0 is the top. */
  {
    /* the cell at x ≈ (−0.5, 0.68): r = (1.5 − 0.68)/0.15 ≈ 5, c = (1.5 − 0.5)/0.15 ≈ 6 */
    g_assert_cmpfloat (grid[5 * 20 + 6], <, 0.1);
    /* x ≈ (0.52, −0.67): r ≈ 14, c ≈ 13 */
    g_assert_cmpfloat (grid[14 * 20 + 13], >, 0.9);
  }
  g_assert_nonnull (ag_trainer_get_grid_graph (t));
  g_assert_cmpuint (ag_graph_node (ag_trainer_get_grid_graph (t),
                                   ag_graph_lookup (ag_trainer_get_grid_graph (t), "h1"))->shape.rows, ==, 400);
  g_assert_true (ag_trainer_predict_grid (t, 20, AG_DATASET_EXTENT, again, &error));
  g_assert_cmpmem (grid, sizeof grid, again, sizeof again);
  g_assert_false (ag_trainer_predict_grid (t, 500, 1.5, grid, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
  ag_train_setup_clear (&s);
}

/* Programs the trainer cannot run say what to write. */
static void
test_trainer_errors (void)
{
  static const struct { const char *program; gint code; const char *message; } cases[] = {
    { "data y = zeros(4, 1); param w = he(2, 1); out = y * w[0]; loss = sum(out)",
      AG_ERROR_NAME, "`data X = zeros(" },
    { "data X = zeros(4, 2); param W = he(2, 1); out = X @ W; loss = sum(out)",
      AG_ERROR_NAME, "`data y = zeros(" },
    { "data X = zeros(4, 2); data y = zeros(4, 1); param W = he(2, 1); o = X @ W; loss = mse(o, y)",
      AG_ERROR_NAME, "named `out`" },
    { "data X = zeros(4, 3); data y = zeros(4, 1); param W = he(3, 1); out = X @ W; loss = mse(out, y)",
      AG_ERROR_SHAPE, "X must be made by" },
    { "data X = zeros(4, 2); data y = zeros(4, 1); param W = he(2, 1); out = X @ W; loss = out",
      AG_ERROR_NOT_SCALAR, "the loss, a single number" },
    { "data X = zeros(4, 2); data y = zeros(4, 1); out = X[0]; loss = mse(out, y)",
      AG_ERROR_SHAPE, "out must have one row per sample" },
    { "data X = zeros(4, 2); data y = zeros(4, 1); out = 2 * X; loss = mse(out, y)",
      AG_ERROR_NAME, "no parameters" },
    { "data X = zeros(4, 2)\ndata y = zeros(4, 1)\nout = X @ Q", AG_ERROR_NAME, "Q" },
  };
  AgTrainSetup s;

  ag_train_setup_init (&s);
  s.loss = AG_LOSS_MSE;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AgTrainer) t = ag_trainer_new (cases[i].program, &s, &error);

      g_test_message ("%s", cases[i].program);
      g_assert_null (t);
      g_assert_error (error, AG_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
  /* The data decide what the loss can be. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (AgTrainer) t = NULL;
    g_autofree char *program = NULL;

    s.dataset = AG_DATASET_SPIRAL3;
    s.loss = AG_LOSS_BCE;
    program = ag_train_setup_write_program (&s, 3);
    t = ag_trainer_new (program, &s, &error);
    g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "3 classes"));
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (AgTrainer) t = NULL;

    s.dataset = AG_DATASET_SINE;
    s.loss = AG_LOSS_HINGE;
    t = ag_trainer_new ("x = 1", &s, &error);
    g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "regression"));
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (AgTrainer) t = NULL;

    s.dataset = AG_DATASET_MOONS;
    s.lr = -1;
    t = ag_trainer_new ("x = 1", &s, &error);
    g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "learning rate"));
  }
  ag_train_setup_clear (&s);
}

/* Only `param` leaves train: an input in the program is a setting the optimizer leaves alone
 * (it would otherwise drive the penalty's weight below zero). */
static void
test_inputs_are_settings (void)
{
  const char *program =
    "data X = zeros(32, 2)\ndata y = zeros(32, 1)\nalpha = 0.01\n"
    "param W1 = xavier(2, 4)\nparam b1 = zeros(4)\nh1 = tanh(X @ W1 + b1)\n"
    "param W2 = xavier(4, 1)\nparam b2 = zeros(1)\nout = h1 @ W2 + b2\n"
    "loss = bce_logits(out, y) + alpha * sum(W1 * W1)\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (AgTrainer) t = NULL;
  AgTrainSetup s;
  AgGraph *g;

  ag_train_setup_init (&s);
  t = ag_trainer_new (program, &s, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_trainer_get_n_params (t), ==, 4);
  for (guint k = 0; k < 50; k++)
    g_assert_cmpfloat (ag_trainer_step (t), >, 0);
  g = ag_trainer_get_graph (t);
  g_assert_cmpfloat (*ag_graph_value (g, ag_graph_lookup (g, "alpha")), ==, 0.01);
  ag_train_setup_clear (&s);
}

/* A CSV file trains like a generated set; a bad one is refused with its row and column. */
static void
test_csv (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-train-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autoptr (GString) text = g_string_new ("x1,x2,label\n");
  g_autoptr (AgTrainer) t = NULL;
  AgTrainSetup s;
  AgTrainEval e;

  g_assert_no_error (error);
  for (int i = 0; i < 100; i++)   /* two clusters */
    g_string_append_printf (text, "%g,%g,%d\n", (i % 2 ? 0.8 : -0.8) + 0.01 * (i % 7),
                            (i % 2 ? 0.5 : -0.5) - 0.01 * (i % 5), i % 2);
  g_assert_true (g_file_set_contents (good, text->str, -1, &error));
  g_assert_true (g_file_set_contents (bad, "x1,x2,label\n0.5,0.25,1\n0.5,oops,0\n", -1, &error));

  ag_train_setup_init (&s);
  s.csv = g_strdup (good);
  t = trainer_ok (&s);
  for (guint k = 0; k < 100; k++)
    ag_trainer_step (t);
  ag_trainer_evaluate (t, &e);
  g_assert_cmpuint (ag_trainer_get_train_set (t)->n + ag_trainer_get_test_set (t)->n, ==, 100);
  g_assert_cmpfloat (e.test_accuracy, ==, 1.0);

  g_free (s.csv);
  s.csv = g_strdup (bad);
  {
    g_autoptr (AgTrainer) t2 = ag_trainer_new ("x = 1", &s, &error);
    guint line, col;
    g_assert_null (t2);
    g_assert_error (error, AG_ERROR, AG_ERROR_FORMAT);
    g_assert_true (ag_error_get_location (error, &line, &col, NULL));
    g_assert_cmpuint (line, ==, 3);
    g_assert_cmpuint (col, ==, 5);
  }
  ag_train_setup_clear (&s);
  g_remove (good);
  g_remove (bad);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/train/setup/json", test_setup_json);
  g_test_add_func ("/core/train/setup/json-errors", test_setup_json_errors);
  g_test_add_func ("/core/train/program/text", test_program_text);
  g_test_add_func ("/core/train/program/gradients", test_program_gradients);
  for (guint i = 0; i < G_N_ELEMENTS (learn_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/train/learns/%s", learn_cases[i].name);
      g_test_add_data_func (path, &learn_cases[i], test_learns);
    }
  g_test_add_func ("/core/train/learns/sine", test_learns_regression);
  g_test_add_func ("/core/train/every-setting-learns", test_every_setting_learns);
  g_test_add_func ("/core/train/seed-repeats", test_seed_repeats);
  g_test_add_func ("/core/train/traced-step", test_traced_step);
  g_test_add_func ("/core/train/set-lr", test_set_lr);
  g_test_add_func ("/core/train/no-allocation", test_step_allocates_nothing);
  g_test_add_func ("/core/train/predict-grid", test_predict_grid);
  g_test_add_func ("/core/train/errors", test_trainer_errors);
  g_test_add_func ("/core/train/csv", test_csv);
  g_test_add_func ("/core/train/inputs-are-settings", test_inputs_are_settings);
  return g_test_run ();
}
