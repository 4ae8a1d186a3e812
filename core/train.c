/* train.c: the names of the setup's choices, the program a setup writes, and the trainer (see
 * train.h; the setup itself and its table are in train-setup.c). */
#include "core/train.h"

#include "core/autograd.h"
#include "core/format.h"
#include "core/program.h"
#include "core/random.h"
#include "core/row-split.h"

#include <math.h>
#include <string.h>

#define SALT_BATCHES G_GUINT64_CONSTANT (0x6164a01e62617400)
#define MAX_GRID_RES 200u

/* ---- names ----------------------------------------------------------------------------- */

static const char *const activation_names[AG_N_ACTIVATIONS] = { "relu", "tanh", "sigmoid", "linear" };
static const char *const loss_names[AG_N_LOSSES] = { "mse", "bce", "cross_entropy", "hinge" };
static const char *const loss_descriptions[AG_N_LOSSES] = {
  "mean squared error", "binary cross-entropy", "softmax cross-entropy", "hinge loss",
};
static const char *const init_names[AG_N_INITS] = { "uniform", "xavier", "he" };

AG_DEFINE_NAME_FUNCS (AgActivation, ag_activation, activation_names, AG_N_ACTIVATIONS)
AG_DEFINE_NAME_FUNCS (AgLoss, ag_loss, loss_names, AG_N_LOSSES)
AG_DEFINE_NAME_FUNCS (AgInit, ag_init, init_names, AG_N_INITS)

const char *
ag_loss_describe (AgLoss l)
{
  g_return_val_if_fail ((guint) l < AG_N_LOSSES, "?");
  return loss_descriptions[l];
}

/* ---- the program ----------------------------------------------------------------------- */

static const char *
activation_call (AgActivation a)
{
  return a == AG_ACTIVATION_LINEAR ? "" : activation_names[a];
}

char *
ag_train_setup_write_program (const AgTrainSetup *s, guint n_classes)
{
  GString *p = g_string_new (NULL);
  const guint n_out = s->loss == AG_LOSS_CROSS_ENTROPY ? MAX (n_classes, 2) : 1;
  const guint batch = s->batch > 0 ? s->batch : s->samples;
  const guint n_layers = s->n_hidden + 1;
  const char *data_name = s->csv ? s->csv : ag_dataset_kind_to_string (s->dataset);
  guint width_in = 2;

  g_return_val_if_fail (s != NULL, NULL);

  g_string_append_printf (p, "# A network 2");
  for (guint i = 0; i < s->n_hidden; i++)
    g_string_append_printf (p, "-%u", s->hidden[i]);
  g_string_append_printf (p, "-%u", n_out);
  if (s->n_hidden > 0)
    g_string_append_printf (p, " with %s units", activation_names[s->activation]);
  g_string_append_printf (p, ", trained on %s with %s.\n", data_name,
                          loss_descriptions[s->loss]);
  g_string_append (p, "# The training lab wrote it and fills X and y with a batch each step;\n"
                      "# edit it freely (keep X, y, out and the loss last).\n");
  g_string_append_printf (p, "data X = zeros(%u, 2)    # a batch of points (x1, x2)\n", batch);
  if (s->loss == AG_LOSS_CROSS_ENTROPY)
    g_string_append_printf (p, "data y = zeros(%u)       # their classes: 0, 1, …\n", batch);
  else if (n_classes == 0)
    g_string_append_printf (p, "data y = zeros(%u, 1)    # their targets\n", batch);
  else
    g_string_append_printf (p, "data y = zeros(%u, 1)    # their labels, 0 or 1\n", batch);

  for (guint l = 1; l <= n_layers; l++)
    {
      const gboolean last = l == n_layers;
      const guint width = last ? n_out : s->hidden[l - 1];
      g_autofree char *in = l == 1 ? g_strdup ("X") : g_strdup_printf ("h%u", l - 1);

      g_string_append_printf (p, "param W%u = %s(%u, %u)\n", l, init_names[s->init], width_in,
                              width);
      g_string_append_printf (p, "param b%u = zeros(%u)\n", l, width);
      if (last)
        g_string_append_printf (p, "out = %s @ W%u + b%u%s\n", in, l, l,
                                s->loss == AG_LOSS_MSE || n_classes == 0 ? "    # the prediction"
                                : s->loss == AG_LOSS_HINGE ? "    # the score"
                                : "    # the logits");
      else if (s->activation == AG_ACTIVATION_LINEAR)
        g_string_append_printf (p, "h%u = %s @ W%u + b%u\n", l, in, l, l);
      else
        g_string_append_printf (p, "h%u = %s(%s @ W%u + b%u)\n", l, activation_call (s->activation),
                                in, l, l);
      width_in = width;
    }

  g_string_append (p, "loss = ");
  switch (s->loss)
    {
    case AG_LOSS_MSE: g_string_append (p, "mse(out, y)"); break;
    case AG_LOSS_BCE: g_string_append (p, "bce_logits(out, y)"); break;
    case AG_LOSS_CROSS_ENTROPY: g_string_append (p, "cross_entropy(out, y)"); break;
    case AG_LOSS_HINGE: g_string_append (p, "hinge(out, 2 * y - 1)"); break;
    case AG_N_LOSSES: default: g_assert_not_reached ();
    }
  /* The penalties, on the weight matrices only (biases are not penalised, as usual). */
  for (guint pass = 0; pass < 2; pass++)
    {
      const double lambda = pass == 0 ? s->l1 : s->l2;
      if (lambda <= 0)
        continue;
      g_string_append (p, " + ");
      ag_format_number (p, lambda);
      g_string_append (p, " * (");
      for (guint l = 1; l <= n_layers; l++)
        {
          if (l > 1)
            g_string_append (p, " + ");
          if (pass == 0)
            g_string_append_printf (p, "sum(abs(W%u))", l);
          else
            g_string_append_printf (p, "sum(W%u * W%u)", l, l);
        }
      g_string_append (p, ")");
    }
  g_string_append_c (p, '\n');
  return g_string_free (p, FALSE);
}

/* The layers the program above writes, read back by their names: a view finds them here, so
 * the names X, h<l>, W<l>, b<l> and out are known only to this file. */
gboolean
ag_trainer_get_layer (const AgTrainer *t, guint layer, AgTrainerLayer *out)
{
  const AgGraph *g;
  AgId x, out_id;
  guint rows, width_in = 2;

  g_return_val_if_fail (t != NULL && out != NULL, FALSE);
  /* Past the last layer a network can have, @out is not written: callers fill arrays of
   * AG_TRAIN_MAX_LAYERS + 2 layers until this returns FALSE. */
  if (layer > AG_TRAIN_MAX_LAYERS + 1)
    return FALSE;
  g = ag_trainer_get_graph (t);
  x = ag_graph_lookup (g, "X");
  out_id = ag_graph_lookup (g, "out");
  if (x == AG_NO_ID)
    return FALSE;
  rows = ag_graph_node (g, x)->shape.rows;
  *out = (AgTrainerLayer) { x, AG_NO_ID, AG_NO_ID, 2, FALSE };
  for (guint l = 1; l <= layer; l++)
    {
      char hname[16], wname[16], bname[16];
      AgId h, w;
      const AgNode *hn, *wn;

      if (out->is_output)
        return FALSE;
      g_snprintf (hname, sizeof hname, "h%u", l);
      g_snprintf (wname, sizeof wname, "W%u", l);
      g_snprintf (bname, sizeof bname, "b%u", l);
      h = ag_graph_lookup (g, hname);
      w = ag_graph_lookup (g, wname);
      if (h == AG_NO_ID)
        h = out_id;
      if (h == AG_NO_ID || w == AG_NO_ID)
        return FALSE;
      hn = ag_graph_node (g, h);
      wn = ag_graph_node (g, w);
      if (hn->shape.ndim != 2 || hn->shape.rows != rows || hn->shape.cols > AG_TRAIN_MAX_WIDTH ||
          wn->shape.ndim != 2 || wn->shape.rows != width_in || wn->shape.cols != hn->shape.cols)
        return FALSE;
      *out = (AgTrainerLayer) {
        .units = h,
        .weights = w,
        .bias = ag_graph_lookup (g, bname),
        .n_units = hn->shape.cols,
        .is_output = h == out_id || g_str_equal (ag_graph_display_name (g, h), "out"),
      };
      width_in = hn->shape.cols;
    }
  return TRUE;
}

/* ---- the trainer ----------------------------------------------------------------------- */

/* One parse of the program with its X, y and out found. */
typedef struct {
  AgGraph *graph;
  AgId     x, y, out;
  guint    rows;
} Net;

struct _AgTrainer {
  /* owned */
  AgTrainSetup setup;
  char        *program;
  AgDataset   *train, *test;
  Net          net;           /* batch rows: what a step runs */
  Net          eval_train;    /* the whole training set */
  Net          eval_test;     /* the whole test set; graph NULL when it is empty */
  Net          grid;          /* the prediction grid; graph NULL until asked */
  /* A big batch runs in slices of SLICE_ROWS rows when the program allows (row-split.h):
   * @slice, and @slice_tail for the rows left over (graph NULL when none are). */
  AgRowSplit   split;
  gboolean     no_slices;     /* ag_trainer_set_row_slices (FALSE) */
  Net          slice, slice_tail;
  guint        grid_res;
  double       grid_extent;
  AgOptimizer *optimizer;
  AgId        *params;
  guint        n_params;
  double      *initial;       /* the parameters' first values, for reset */
  double      *norms;         /* per parameter */
  guint       *order;         /* the training samples' order in this epoch */
  guint        cursor;        /* the next sample in @order */
  AgRng        rng;
  guint64      step;
  guint        n_outputs;
};

static void
net_clear (Net *net)
{
  g_clear_pointer (&net->graph, ag_graph_free);
}

static gboolean
net_parse (Net *net, const char *program, guint64 seed, guint rows, GError **error)
{
  AgProgramOptions options = { seed, rows };
  g_autoptr (AgGraph) g = ag_program_parse_with (program, -1, &options, error);
  AgId x, y, out;
  const AgNode *nx, *ny, *nout;

  if (g == NULL)
    return FALSE;
  x = ag_graph_lookup (g, "X");
  y = ag_graph_lookup (g, "y");
  out = ag_graph_lookup (g, "out");
  if (x == AG_NO_ID || ag_graph_node (g, x)->role != AG_ROLE_DATA)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_NAME, "the training program needs the inputs as "
                   "`data X = zeros(%u, 2)`: one row of two features per sample", rows);
      return FALSE;
    }
  if (y == AG_NO_ID || ag_graph_node (g, y)->role != AG_ROLE_DATA)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_NAME, "the training program needs the labels as "
                   "`data y = zeros(%u, 1)` (or `zeros(%u)` for cross_entropy)", rows, rows);
      return FALSE;
    }
  if (out == AG_NO_ID)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_NAME, "the training program needs its prediction "
                   "named `out`, e.g. `out = h1 @ W2 + b2`");
      return FALSE;
    }
  nx = ag_graph_node (g, x);
  ny = ag_graph_node (g, y);
  nout = ag_graph_node (g, out);
  if (nx->shape.ndim != 2 || nx->shape.rows != rows || nx->shape.cols != 2)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "X must be made by `data X = zeros(%u, 2)`, "
                   "so the trainer can fill it with a batch of points", rows);
      return FALSE;
    }
  if (ny->size != rows)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "y must hold one label per row of X: make "
                   "it with `data y = zeros(%u, 1)` or `zeros(%u)`", rows, rows);
      return FALSE;
    }
  if (nout->shape.ndim == 0 || nout->shape.rows != rows)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "out must have one row per sample (%u), "
                   "with one column, or one per class", rows);
      return FALSE;
    }
  if (ag_graph_node (g, g->output)->size != 1)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_NOT_SCALAR, "the program's last statement must be "
                   "the loss, a single number, e.g. `loss = mse(out, y)`");
      return FALSE;
    }
  net->graph = g_steal_pointer (&g);
  net->x = x;
  net->y = y;
  net->out = out;
  net->rows = rows;
  return TRUE;
}

/* Copies the parameters of the training net into @net (same program: same ids). */
static void
net_copy_params (AgTrainer *t, Net *net)
{
  for (guint i = 0; i < t->n_params; i++)
    {
      const AgNode *n = ag_graph_node (t->net.graph, t->params[i]);
      memcpy (ag_graph_value (net->graph, t->params[i]), ag_graph_value (t->net.graph, t->params[i]),
              n->size * sizeof (double));
    }
}

/* Fills X and y of @net with samples @idx (or 0, 1, … when NULL) of @data. */
static void
net_fill (Net *net, const AgDataset *data, const guint *idx)
{
  double *x = ag_graph_value (net->graph, net->x);
  double *y = ag_graph_value (net->graph, net->y);

  for (guint r = 0; r < net->rows; r++)
    {
      const guint i = idx ? idx[r] : r;
      x[2 * r] = data->x[2 * i];
      x[2 * r + 1] = data->x[2 * i + 1];
      y[r] = data->y[i];
    }
}

static void
shuffle_order (AgTrainer *t)
{
  const guint n = t->train->n;

  for (guint i = n - 1; i > 0; i--)
    {
      guint j = (guint) ag_rng_below (&t->rng, (guint64) i + 1);
      guint tmp = t->order[i];
      t->order[i] = t->order[j];
      t->order[j] = tmp;
    }
}

/* ---- a step in slices of rows --------------------------------------------------------------
 * W5's step (8,000 rows through three 64-wide tanh layers) kept 72 MB of activations and
 * adjoints, every one streamed through memory a few times; in slices of 256 rows a slice's
 * numbers stay in the cache (10.3 -> 7.1 ms a step). The slices' losses and gradients,
 * weighted by their share of the rows (a mean) or by 1 (a sum), add up to the batch's;
 * row-split.h says which programs qualify. 128 to 512 rows ran alike; 64 was slower. */

#define SLICE_ROWS 256

/* Parses the slice nets when the batch is at least two slices and the program splits by rows;
 * otherwise the step runs the whole batch at once, as before. */
static void
slices_prepare (AgTrainer *t, const char *program)
{
  const guint rows = t->net.rows, tail = rows % SLICE_ROWS;

  t->split = AG_ROW_SPLIT_NONE;
  if (rows < 2 * SLICE_ROWS ||
      !net_parse (&t->slice, program, t->setup.seed, SLICE_ROWS, NULL) ||
      (tail > 0 && !net_parse (&t->slice_tail, program, t->setup.seed, tail, NULL)))
    {
      net_clear (&t->slice);
      net_clear (&t->slice_tail);
      return;
    }
  t->split = ag_row_split_check (t->net.graph, t->slice.graph, NULL);
  /* The tail's graph is indexed by the same ids: it must be the same program's, as it is. */
  if (t->slice_tail.graph != NULL &&
      ag_row_split_check (t->net.graph, t->slice_tail.graph, NULL) != t->split)
    t->split = AG_ROW_SPLIT_NONE;
  if (t->split == AG_ROW_SPLIT_NONE)
    {
      net_clear (&t->slice);
      net_clear (&t->slice_tail);
    }
}

/* Rows @first … of the training net's X and y into @s. */
static void
slice_fill (Net *s, const Net *net, guint first)
{
  memcpy (ag_graph_value (s->graph, s->x), ag_graph_value (net->graph, net->x) + 2 * first,
          2 * s->rows * sizeof (double));
  memcpy (ag_graph_value (s->graph, s->y), ag_graph_value (net->graph, net->y) + first,
          s->rows * sizeof (double));
}

/* forward and backward of the training net's batch, one slice at a time: the loss goes into
 * the net's output and the parameters' gradients into the net's, as ag_graph_run() would have
 * left them (the other nodes' values are not computed there). */
static void
slices_run (AgTrainer *t)
{
  AgGraph *g = t->net.graph;
  const guint rows = t->net.rows;
  double loss = 0;

  net_copy_params (t, &t->slice);
  if (t->slice_tail.graph)
    net_copy_params (t, &t->slice_tail);
  for (guint first = 0; first < rows;)
    {
      Net *s = rows - first >= SLICE_ROWS ? &t->slice : &t->slice_tail;
      const double w = t->split == AG_ROW_SPLIT_MEAN ? (double) s->rows / rows : 1.0;

      slice_fill (s, &t->net, first);
      ag_graph_run (s->graph, NULL, NULL);
      loss += w * s->graph->values[ag_graph_node (s->graph, s->graph->output)->offset];
      for (guint i = 0; i < t->n_params; i++)
        {
          const double *from = ag_graph_grad (s->graph, t->params[i]);
          double *to = ag_graph_grad (g, t->params[i]);
          const guint size = ag_graph_node (g, t->params[i])->size;

          if (first == 0)
            for (guint k = 0; k < size; k++)
              to[k] = w * from[k];
          else
            for (guint k = 0; k < size; k++)
              to[k] += w * from[k];
        }
      first += s->rows;
    }
  g->values[ag_graph_node (g, g->output)->offset] = loss;
}

void
ag_trainer_free (AgTrainer *t)
{
  if (t == NULL)
    return;
  ag_optimizer_free (t->optimizer);
  net_clear (&t->net);
  net_clear (&t->eval_train);
  net_clear (&t->eval_test);
  net_clear (&t->grid);
  net_clear (&t->slice);
  net_clear (&t->slice_tail);
  ag_dataset_free (t->train);
  ag_dataset_free (t->test);
  ag_train_setup_clear (&t->setup);
  g_free (t->program);
  g_free (t->params);
  g_free (t->initial);
  g_free (t->norms);
  g_free (t->order);
  g_free (t);
}

AgTrainer *
ag_trainer_new (const char *program, const AgTrainSetup *setup, GError **error)
{
  g_autoptr (AgTrainer) t = NULL;
  g_autoptr (AgDataset) all = NULL;
  AgOptimConfig config;
  gsize n_initial = 0;

  g_return_val_if_fail (program != NULL && setup != NULL, NULL);

  if (!ag_train_setup_validate (setup, error))
    return NULL;
  all = ag_train_setup_load_data (setup, error);
  if (all == NULL)
    return NULL;
  if (setup->loss != AG_LOSS_MSE && all->n_classes == 0)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "the data are a regression (real-valued "
                   "targets): train it with the mse loss, not %s", loss_names[setup->loss]);
      return NULL;
    }
  if (all->n_classes > 2 && setup->loss != AG_LOSS_CROSS_ENTROPY)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "the data have %u classes: train them "
                   "with the cross_entropy loss, not %s", all->n_classes, loss_names[setup->loss]);
      return NULL;
    }

  t = g_new0 (AgTrainer, 1);
  ag_train_setup_copy (&t->setup, setup);
  t->program = g_strdup (program);
  ag_dataset_split (all, setup->test_fraction, setup->seed, &t->train, &t->test);

  {
    const guint n = t->train->n;
    const guint rows = setup->batch == 0 || setup->batch >= n ? n : setup->batch;

    if (!net_parse (&t->net, program, setup->seed, rows, error) ||
        !net_parse (&t->eval_train, program, setup->seed, n, error) ||
        (t->test->n > 0 && !net_parse (&t->eval_test, program, setup->seed, t->test->n, error)))
      return NULL;
  }
  slices_prepare (t, program);

  {
    const AgNode *out = ag_graph_node (t->net.graph, t->net.out);
    const guint cols = out->shape.ndim == 2 ? out->shape.cols : 1;

    if (setup->loss == AG_LOSS_CROSS_ENTROPY && cols < all->n_classes)
      {
        g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "out has %u columns, but the data have %u "
                     "classes: the last layer needs one output per class", cols, all->n_classes);
        return NULL;
      }
    t->n_outputs = setup->loss == AG_LOSS_CROSS_ENTROPY ? cols : 1;
  }

  /* The parameters, and their first values for reset. */
  {
    const AgGraph *g = t->net.graph;
    GArray *ids = g_array_new (FALSE, FALSE, sizeof (AgId));

    /* Only `param` leaves are trained; an input (`alpha = 0.01`) is a setting. */
    for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
      if (ag_graph_node (g, id)->op == AG_OP_LEAF && ag_graph_node (g, id)->role == AG_ROLE_PARAM)
        {
          g_array_append_val (ids, id);
          n_initial += ag_graph_node (g, id)->size;
        }
    t->n_params = ids->len;
    t->params = (AgId *) (void *) g_array_free (ids, FALSE);
    t->initial = g_new (double, MAX (n_initial, 1));
    t->norms = g_new0 (double, MAX (t->n_params, 1));
    for (guint i = 0, off = 0; i < t->n_params; i++)
      {
        const AgNode *n = ag_graph_node (g, t->params[i]);
        memcpy (t->initial + off, ag_graph_value (g, t->params[i]), n->size * sizeof (double));
        off += n->size;
      }
  }
  if (t->n_params == 0)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_NAME, "the training program has no parameters to "
                   "train: declare them with `param`, e.g. `param W1 = xavier(2, 8)`");
      return NULL;
    }

  config = ag_optim_config_default (setup->optimizer, setup->lr);
  if (setup->optimizer == AG_OPTIM_MOMENTUM)
    config.momentum = setup->momentum;
  config.params_only = TRUE;
  t->optimizer = ag_optimizer_new (t->net.graph, &config);
  t->order = g_new (guint, t->train->n);
  ag_trainer_reset (t);
  return g_steal_pointer (&t);
}

void
ag_trainer_reset (AgTrainer *t)
{
  g_return_if_fail (t != NULL);

  for (guint i = 0, off = 0; i < t->n_params; i++)
    {
      const AgNode *n = ag_graph_node (t->net.graph, t->params[i]);
      memcpy (ag_graph_value (t->net.graph, t->params[i]), t->initial + off,
              n->size * sizeof (double));
      off += n->size;
      t->norms[i] = 0;
    }
  ag_optimizer_reset (t->optimizer);
  ag_graph_zero_grad (t->net.graph, NULL);
  ag_rng_init (&t->rng, t->setup.seed, SALT_BATCHES);
  for (guint i = 0; i < t->train->n; i++)
    t->order[i] = i;
  t->cursor = 0;
  t->step = 0;
}

/* The next batch into the training net: the whole set in its order, or the next slice of a
 * shuffled epoch (a new shuffle when it runs out, as a DataLoader with drop_last). */
static void
next_batch (AgTrainer *t)
{
  const guint n = t->train->n;
  const guint rows = t->net.rows;

  if (rows == n)
    {
      if (t->step == 0)
        net_fill (&t->net, t->train, NULL);
      return;
    }
  if (t->cursor == 0 || t->cursor + rows > n)
    {
      shuffle_order (t);
      t->cursor = 0;
    }
  net_fill (&t->net, t->train, t->order + t->cursor);
  t->cursor += rows;
}

static double
finish_step (AgTrainer *t)
{
  AgGraph *g = t->net.graph;

  for (guint i = 0; i < t->n_params; i++)
    {
      const double *gr = ag_graph_grad (g, t->params[i]);
      const guint size = ag_graph_node (g, t->params[i])->size;
      double s = 0;
      for (guint k = 0; k < size; k++)
        s += gr[k] * gr[k];
      t->norms[i] = sqrt (s);
    }
  t->step++;
  return g->values[ag_graph_node (g, g->output)->offset];
}

double
ag_trainer_step (AgTrainer *t)
{
  AgGraph *g;
  double loss;

  g_return_val_if_fail (t != NULL, NAN);
  g = t->net.graph;
  next_batch (t);
  if (t->split != AG_ROW_SPLIT_NONE && !t->no_slices)
    slices_run (t);
  else
    ag_graph_run (g, NULL, NULL);   /* the output was checked to be a scalar */
  loss = finish_step (t);
  ag_optimizer_step (t->optimizer);
  return loss;
}

double
ag_trainer_step_traced (AgTrainer *t, AgTrace *trace, AgGraph **shown)
{
  AgGraph *g;
  double loss;
  g_autofree double *before = NULL;
  gsize total = 0;

  g_return_val_if_fail (t != NULL && trace != NULL, NAN);
  g = t->net.graph;
  ag_trace_clear (trace);
  next_batch (t);
  ag_graph_zero_grad (g, trace);
  ag_graph_forward (g, trace);
  ag_graph_backward (g, trace, NULL);
  loss = finish_step (t);

  for (guint i = 0; i < t->n_params; i++)
    total += ag_graph_node (g, t->params[i])->size;
  before = g_new (double, MAX (total, 1));
  for (guint i = 0, off = 0; i < t->n_params; i++)
    {
      const guint size = ag_graph_node (g, t->params[i])->size;
      memcpy (before + off, ag_graph_value (g, t->params[i]), size * sizeof (double));
      off += size;
    }
  if (shown)
    {
      /* The same program with the same options makes the same nodes in the same places. */
      AgProgramOptions options = { t->setup.seed, t->net.rows };
      AgGraph *copy = ag_program_parse_with (t->program, -1, &options, NULL);

      g_assert (copy != NULL && copy->n_elements == g->n_elements);
      memcpy (copy->values, g->values, g->n_elements * sizeof (double));
      memcpy (copy->grads, g->grads, g->n_elements * sizeof (double));
      *shown = copy;
    }
  ag_optimizer_step (t->optimizer);
  for (guint i = 0, off = 0; i < t->n_params; i++)
    {
      const guint size = ag_graph_node (g, t->params[i])->size;
      const double *after = ag_graph_value (g, t->params[i]);
      /* The delta lives in @before's slot, turned into after − before in place. */
      for (guint k = 0; k < size; k++)
        before[off + k] = after[k] - before[off + k];
      ag_trace_append (trace, AG_STEP_UPDATE, AG_NO_ID, t->params[i], 0, size, before + off, after);
      off += size;
    }
  return loss;
}

/* Accuracy of the predictions in @net against its y: the argmax of each row of out for
 * cross-entropy, else the sign of out against the threshold of the loss. */
static double
net_accuracy (const AgTrainer *t, const Net *net)
{
  const AgNode *out = ag_graph_node (net->graph, net->out);
  const double *o = ag_graph_value (net->graph, net->out);
  const double *y = ag_graph_value (net->graph, net->y);
  const guint cols = out->size / net->rows;
  const double threshold = t->setup.loss == AG_LOSS_MSE ? 0.5 : 0.0;
  guint right = 0;

  if (t->train->n_classes == 0)
    return NAN;
  for (guint r = 0; r < net->rows; r++)
    {
      guint predicted;

      if (t->setup.loss == AG_LOSS_CROSS_ENTROPY)
        {
          predicted = 0;
          for (guint c = 1; c < cols; c++)
            if (o[r * cols + c] > o[r * cols + predicted])
              predicted = c;
        }
      else
        predicted = o[r * cols] > threshold ? 1 : 0;
      right += (double) predicted == y[r];
    }
  return (double) right / net->rows;
}

static void
net_measure (AgTrainer *t, Net *net, const AgDataset *data, double *loss, double *accuracy)
{
  if (net->graph == NULL)
    {
      *loss = NAN;
      *accuracy = NAN;
      return;
    }
  net_copy_params (t, net);
  net_fill (net, data, NULL);
  ag_graph_forward (net->graph, NULL);
  *loss = net->graph->values[ag_graph_node (net->graph, net->graph->output)->offset];
  *accuracy = net_accuracy (t, net);
}

void
ag_trainer_evaluate (AgTrainer *t, AgTrainEval *e)
{
  g_return_if_fail (t != NULL && e != NULL);
  net_measure (t, &t->eval_train, t->train, &e->train_loss, &e->train_accuracy);
  net_measure (t, &t->eval_test, t->test, &e->test_loss, &e->test_accuracy);
}

void
ag_trainer_set_lr (AgTrainer *t, double lr)
{
  g_return_if_fail (t != NULL && lr > 0);
  t->setup.lr = lr;
  ag_optimizer_set_lr (t->optimizer, lr);
}

guint64          ag_trainer_get_step (const AgTrainer *t) { return t->step; }
AgRowSplit       ag_trainer_get_row_split (const AgTrainer *t) { return t->no_slices ? AG_ROW_SPLIT_NONE : t->split; }

void
ag_trainer_set_row_slices (AgTrainer *t, gboolean use)
{
  g_return_if_fail (t != NULL);
  t->no_slices = !use;
}
const AgDataset *ag_trainer_get_train_set (const AgTrainer *t) { return t->train; }
const AgDataset *ag_trainer_get_test_set (const AgTrainer *t) { return t->test; }
guint            ag_trainer_get_n_classes (const AgTrainer *t) { return t->train->n_classes; }
AgGraph         *ag_trainer_get_graph (const AgTrainer *t) { return t->net.graph; }
guint            ag_trainer_get_n_params (const AgTrainer *t) { return t->n_params; }
const double    *ag_trainer_get_grad_norms (const AgTrainer *t) { return t->norms; }
guint            ag_trainer_get_n_outputs (const AgTrainer *t) { return t->n_outputs; }
AgGraph         *ag_trainer_get_grid_graph (const AgTrainer *t) { return t->grid.graph; }

AgId
ag_trainer_get_param (const AgTrainer *t, guint i)
{
  g_return_val_if_fail (t != NULL && i < t->n_params, AG_NO_ID);
  return t->params[i];
}

gboolean
ag_trainer_predict_grid (AgTrainer *t, guint res, double extent, double *out, GError **error)
{
  const AgNode *o;
  const double *v;
  guint cols;

  g_return_val_if_fail (t != NULL && out != NULL, FALSE);
  if (res < 1 || res > MAX_GRID_RES)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "a prediction grid has 1 to %u cells a "
                   "side, not %u", MAX_GRID_RES, res);
      return FALSE;
    }
  if (t->grid.graph == NULL || t->grid_res != res)
    {
      net_clear (&t->grid);
      if (!net_parse (&t->grid, t->program, t->setup.seed, res * res, error))
        return FALSE;
      t->grid_res = res;
      t->grid_extent = NAN;
    }
  if (t->grid_extent != extent)
    {
      double *x = ag_graph_value (t->grid.graph, t->grid.x);
      const double cell = 2 * extent / res;
      for (guint r = 0; r < res; r++)
        for (guint c = 0; c < res; c++)
          {
            x[2 * (r * res + c)] = -extent + (c + 0.5) * cell;
            x[2 * (r * res + c) + 1] = extent - (r + 0.5) * cell;
          }
      t->grid_extent = extent;
    }
  net_copy_params (t, &t->grid);
  ag_graph_forward (t->grid.graph, NULL);

  o = ag_graph_node (t->grid.graph, t->grid.out);
  v = ag_graph_value (t->grid.graph, t->grid.out);
  cols = o->size / (res * res);
  for (guint i = 0; i < res * res; i++)
    {
      const double *row = v + (gsize) i * cols;
      if (t->n_outputs > 1)
        {
          double m = row[0], s = 0;
          for (guint c = 1; c < t->n_outputs; c++)
            m = MAX (m, row[c]);
          for (guint c = 0; c < t->n_outputs; c++)
            s += exp (row[c] - m);
          for (guint c = 0; c < t->n_outputs; c++)
            out[(gsize) i * t->n_outputs + c] = exp (row[c] - m) / s;
        }
      else if (t->train->n_classes == 0)
        out[i] = row[0];
      else if (t->setup.loss == AG_LOSS_BCE)
        out[i] = row[0] >= 0 ? 1 / (1 + exp (-row[0])) : exp (row[0]) / (1 + exp (row[0]));
      else if (t->setup.loss == AG_LOSS_HINGE)
        out[i] = 0.5 + 0.5 * CLAMP (row[0], -1.0, 1.0);
      else
        out[i] = CLAMP (row[0], 0.0, 1.0);
    }
  return TRUE;
}
