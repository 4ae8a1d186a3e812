/* test-train-layer.c: ag_trainer_get_layer(), the one place that reads a network's layers back
 * from the names the lab's programs give them: the layers of the networks it writes, their ids
 * in the grid's graph, and hand-edited programs that are no longer a chain of layers. */
#include "core/train.h"

#include <string.h>

static AgTrainer *
trainer_for (const AgTrainSetup *setup, const char *program)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgDataset) data = ag_train_setup_load_data (setup, &error);
  g_autofree char *written = NULL;
  AgTrainer *t;

  g_assert_no_error (error);
  written = ag_train_setup_write_program (setup, data->n_classes);
  t = ag_trainer_new (program ? program : written, setup, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

/* The number of layers, input and output included, or 0 when the chain breaks before `out`. */
static guint
count_layers (const AgTrainer *t)
{
  AgTrainerLayer layer;

  for (guint l = 0; ag_trainer_get_layer (t, l, &layer); l++)
    if (layer.is_output)
      return l + 1;
  return 0;
}

static const char *
name_of (const AgTrainer *t, AgId id)
{
  return ag_graph_node (ag_trainer_get_graph (t), id)->name;
}

/* The lab's default network, 2-8-8-1: X, h1, h2, out with W<l> and b<l>. */
static void
test_default_network (void)
{
  AgTrainSetup setup;
  g_autoptr (AgTrainer) t = NULL;
  AgTrainerLayer layer;
  const AgGraph *g;
  static const char *const units[] = { "X", "h1", "h2", "out" };
  static const guint widths[] = { 2, 8, 8, 1 };

  ag_train_setup_init (&setup);
  t = trainer_for (&setup, NULL);
  g = ag_trainer_get_graph (t);
  g_assert_cmpuint (count_layers (t), ==, 4);
  for (guint l = 0; l < 4; l++)
    {
      g_assert_true (ag_trainer_get_layer (t, l, &layer));
      g_assert_cmpstr (name_of (t, layer.units), ==, units[l]);
      g_assert_cmpuint (layer.n_units, ==, widths[l]);
      g_assert_true (layer.is_output == (l == 3));
      if (l == 0)
        {
          g_assert_cmpuint (layer.weights, ==, AG_NO_ID);
          g_assert_cmpuint (layer.bias, ==, AG_NO_ID);
          continue;
        }
      {
        g_autofree char *w = g_strdup_printf ("W%u", l);
        g_autofree char *b = g_strdup_printf ("b%u", l);
        const AgNode *wn = ag_graph_node (g, layer.weights);
        g_assert_cmpuint (layer.weights, ==, ag_graph_lookup (g, w));
        g_assert_cmpuint (layer.bias, ==, ag_graph_lookup (g, b));
        g_assert_cmpint (wn->role, ==, AG_ROLE_PARAM);
        g_assert_cmpuint (wn->shape.rows, ==, widths[l - 1]);
        g_assert_cmpuint (wn->shape.cols, ==, widths[l]);
      }
    }
  /* Past the output there is nothing, and the answer is still a defined layer. */
  g_assert_false (ag_trainer_get_layer (t, 4, &layer));
  g_assert_false (ag_trainer_get_layer (t, 1000, &layer));
  ag_train_setup_clear (&setup);
}

/* The same ids name the same nodes in the grid's graph, where a view reads the units over the
 * plane: one row per cell. */
static void
test_grid_ids (void)
{
  AgTrainSetup setup;
  g_autoptr (AgTrainer) t = NULL;
  AgTrainerLayer layer;
  double grid[16 * 16];
  AgGraph *gg;

  ag_train_setup_init (&setup);
  t = trainer_for (&setup, NULL);
  g_assert_true (ag_trainer_predict_grid (t, 16, 1.5, grid, NULL));
  gg = ag_trainer_get_grid_graph (t);
  for (guint l = 0; ag_trainer_get_layer (t, l, &layer); l++)
    {
      const AgNode *n = ag_graph_node (gg, layer.units);
      g_assert_cmpstr (n->name, ==, name_of (t, layer.units));
      g_assert_cmpuint (n->shape.rows, ==, 16 * 16);
      g_assert_cmpuint (n->shape.cols, ==, layer.n_units);
    }
  /* Layer 0 over the grid is the grid's points: the first cell is the top left corner. */
  g_assert_true (ag_trainer_get_layer (t, 0, &layer));
  g_assert_cmpfloat_with_epsilon (ag_graph_value (gg, layer.units)[0], -1.5 + 1.5 / 16, 1e-12);
  ag_train_setup_clear (&setup);
}

/* Other shapes the lab writes: no hidden layer, three classes, six layers of linear units. */
static void
test_shapes (void)
{
  AgTrainSetup setup;
  AgTrainerLayer layer;

  ag_train_setup_init (&setup);
  setup.n_hidden = 0;
  {
    g_autoptr (AgTrainer) t = trainer_for (&setup, NULL);
    g_assert_cmpuint (count_layers (t), ==, 2);
    g_assert_true (ag_trainer_get_layer (t, 1, &layer));
    g_assert_true (layer.is_output);
    g_assert_cmpstr (name_of (t, layer.units), ==, "out");
    g_assert_cmpstr (name_of (t, layer.weights), ==, "W1");
  }
  setup.n_hidden = 1;
  setup.hidden[0] = 5;
  setup.dataset = AG_DATASET_SPIRAL3;
  setup.loss = AG_LOSS_CROSS_ENTROPY;
  {
    g_autoptr (AgTrainer) t = trainer_for (&setup, NULL);
    g_assert_cmpuint (count_layers (t), ==, 3);
    g_assert_true (ag_trainer_get_layer (t, 2, &layer));
    g_assert_cmpuint (layer.n_units, ==, 3);
  }
  setup.n_hidden = AG_TRAIN_MAX_LAYERS;
  for (guint i = 0; i < AG_TRAIN_MAX_LAYERS; i++)
    setup.hidden[i] = i + 1;
  setup.activation = AG_ACTIVATION_LINEAR;
  {
    g_autoptr (AgTrainer) t = trainer_for (&setup, NULL);
    g_assert_cmpuint (count_layers (t), ==, AG_TRAIN_MAX_LAYERS + 2);
    g_assert_true (ag_trainer_get_layer (t, 3, &layer));
    g_assert_cmpuint (layer.n_units, ==, 3);
  }
  ag_train_setup_clear (&setup);
}

/* A program the user rewrote: the layers hold up to where the chain breaks. */
static void
test_edited (void)
{
  static const char *const renamed =
    "data X = zeros(32, 2)\ndata y = zeros(32, 1)\n"
    "param W1 = xavier(2, 4)\nparam b1 = zeros(4)\nh1 = tanh(X @ W1 + b1)\n"
    "param V2 = xavier(4, 1)\nout = h1 @ V2\nloss = bce_logits(out, y)\n";
  static const char *const misfit =
    "data X = zeros(32, 2)\ndata y = zeros(32, 1)\n"
    "param W1 = xavier(2, 4)\nh1 = tanh(X @ W1)\n"
    "param W2 = xavier(3, 1)\nparam A = xavier(4, 3)\nout = h1 @ A @ W2\nloss = bce_logits(out, y)\n";
  static const char *const one_layer =
    "data X = zeros(32, 2)\ndata y = zeros(32, 1)\n"
    "param W1 = xavier(2, 1)\nout = X @ W1\nloss = bce_logits(out, y)\n";
  AgTrainSetup setup;
  AgTrainerLayer layer;

  ag_train_setup_init (&setup);
  {
    g_autoptr (AgTrainer) t = trainer_for (&setup, renamed);
    g_assert_cmpuint (count_layers (t), ==, 0);
    g_assert_true (ag_trainer_get_layer (t, 1, &layer));
    g_assert_cmpstr (name_of (t, layer.units), ==, "h1");
    g_assert_false (ag_trainer_get_layer (t, 2, &layer));
  }
  {
    g_autoptr (AgTrainer) t = trainer_for (&setup, misfit);
    g_assert_cmpuint (count_layers (t), ==, 0);
    g_assert_true (ag_trainer_get_layer (t, 1, &layer));
    g_assert_cmpuint (layer.bias, ==, AG_NO_ID);   /* no b1: still a layer */
    g_assert_false (ag_trainer_get_layer (t, 2, &layer));
  }
  {
    g_autoptr (AgTrainer) t = trainer_for (&setup, one_layer);
    g_assert_cmpuint (count_layers (t), ==, 2);
  }
  ag_train_setup_clear (&setup);
}

/* A hand-written chain deeper than any network the lab writes: layers stop at the limit, and
 * nothing is written past the AG_TRAIN_MAX_LAYERS + 2 layers a caller's array holds. */
static void
test_too_deep (void)
{
  g_autoptr (GString) program = g_string_new ("data X = zeros(32, 2)\ndata y = zeros(32, 1)\n");
  AgTrainerLayer layers[AG_TRAIN_MAX_LAYERS + 3];
  const guint depth = AG_TRAIN_MAX_LAYERS + 2;   /* hidden layers, one more than fits */
  AgTrainSetup setup;
  guint l;

  g_string_append (program, "param W1 = xavier(2, 3)\nh1 = tanh(X @ W1)\n");
  for (l = 2; l <= depth; l++)
    g_string_append_printf (program, "param W%u = xavier(3, 3)\nh%u = tanh(h%u @ W%u)\n", l, l, l - 1, l);
  g_string_append_printf (program, "param W%u = xavier(3, 1)\nout = h%u @ W%u\nloss = bce_logits(out, y)\n",
                          depth + 1, depth, depth + 1);
  ag_train_setup_init (&setup);
  {
    g_autoptr (AgTrainer) t = trainer_for (&setup, program->str);
    memset (layers, 0xab, sizeof layers);
    for (l = 0; l < G_N_ELEMENTS (layers) - 1 && ag_trainer_get_layer (t, l, &layers[l]); l++)
      g_assert_false (layers[l].is_output);
    g_assert_cmpuint (l, ==, AG_TRAIN_MAX_LAYERS + 2);
    g_assert_cmpuint (count_layers (t), ==, 0);
    /* the slot past the limit is untouched */
    for (gsize b = 0; b < sizeof (AgTrainerLayer); b++)
      g_assert_cmpuint (((const guint8 *) &layers[l])[b], ==, 0xab);
  }
  ag_train_setup_clear (&setup);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/train-layer/default", test_default_network);
  g_test_add_func ("/core/train-layer/grid-ids", test_grid_ids);
  g_test_add_func ("/core/train-layer/shapes", test_shapes);
  g_test_add_func ("/core/train-layer/edited", test_edited);
  g_test_add_func ("/core/train-layer/too-deep", test_too_deep);
  return g_test_run ();
}
