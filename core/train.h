/* train.h: the training lab's core: a setup (data, network, loss, optimizer), the program it
 * writes, and a trainer that runs that program's graph step after step.
 *
 *   AgTrainSetup setup;
 *   ag_train_setup_init (&setup);                  // two moons, 2-8-8-1 tanh, Adam
 *   g_autofree char *program = ag_train_setup_write_program (&setup, 2);
 *   g_autoptr (AgTrainer) trainer = ag_trainer_new (program, &setup, &error);
 *   for (guint i = 0; i < setup.steps; i++)
 *     ag_trainer_step (trainer);                  // zero-grad, forward, backward, update
 *   AgTrainEval e;
 *   ag_trainer_evaluate (trainer, &e);             // e.test_accuracy …
 *   ag_train_setup_clear (&setup);
 *
 * Networks are programs (DESIGN.md): the lab writes one from the setup, e.g.
 *   data X = zeros(32, 2)
 *   data y = zeros(32, 1)
 *   param W1 = xavier(2, 8)
 *   param b1 = zeros(8)
 *   h1 = tanh(X @ W1 + b1)
 *   …
 *   out = h2 @ W3 + b3
 *   loss = bce_logits(out, y)
 * and the user may edit it. The trainer needs `data X` (one row of two features per sample),
 * `data y` (one label per row), a node named `out` (the predictions: one column, or one per
 * class for cross-entropy) and a scalar output (the loss). The graph is parsed once with the
 * batch as the rows of X and y (see AgProgramOptions), and then only re-run: a step neither
 * builds nodes nor allocates. Evaluation runs the same program parsed again with the rows of
 * the whole training set, the test set and the prediction grid, after copying the parameters
 * over (the graphs have the same nodes in the same order).
 *
 * Determinism: one seed makes the data, the split, the weights and the batches, so the same
 * setup gives the same run bit for bit. */
#pragma once

#include <json-glib/json-glib.h>
#include "core/dataset.h"
#include "core/optim.h"
#include "core/trace.h"

G_BEGIN_DECLS

#define AG_TRAIN_MAX_LAYERS   6         /* hidden layers */
#define AG_TRAIN_MAX_WIDTH    64        /* units in a hidden layer */
#define AG_TRAIN_MAX_SAMPLES  10000u    /* samples the trainer takes (generated or read) */
#define AG_TRAIN_MAX_STEPS    10000000u

typedef enum {
  AG_ACTIVATION_RELU,
  AG_ACTIVATION_TANH,
  AG_ACTIVATION_SIGMOID,
  AG_ACTIVATION_LINEAR,
  AG_N_ACTIVATIONS
} AgActivation;

typedef enum {
  AG_LOSS_MSE,            /* mse(out, y): regression, or classes 0 and 1 (threshold 0.5) */
  AG_LOSS_BCE,            /* bce_logits(out, y): two classes, out is a logit (threshold 0) */
  AG_LOSS_CROSS_ENTROPY,  /* cross_entropy(out, y): one logit per class, y holds class indices */
  AG_LOSS_HINGE,          /* hinge(out, 2y − 1): two classes, out is a score (threshold 0) */
  AG_N_LOSSES
} AgLoss;

typedef enum {
  AG_INIT_UNIFORM,        /* U(−1/√fan_in, 1/√fan_in), torch.nn.Linear's default */
  AG_INIT_XAVIER,         /* Glorot uniform */
  AG_INIT_HE,             /* Kaiming normal */
  AG_N_INITS
} AgInit;

/* Everything a run depends on. Plain data: set the fields directly, then check them with
 * ag_train_setup_validate() (ag_trainer_new() does). */
typedef struct {
  AgDatasetKind dataset;
  char         *csv;            /* a CSV file to read in place of @dataset, or NULL (owned) */
  guint         samples;        /* generated samples, training and test together */
  double        noise;
  double        test_fraction;  /* held out for testing, in [0, 0.9] */
  guint         n_hidden;       /* hidden layers, 0 to AG_TRAIN_MAX_LAYERS */
  guint         hidden[AG_TRAIN_MAX_LAYERS];
  AgActivation  activation;
  AgLoss        loss;
  AgInit        init;
  AgOptimKind   optimizer;
  double        lr;
  double        momentum;       /* μ of the momentum optimizer */
  guint         batch;          /* samples per step; 0 or ≥ the training set: the whole set */
  guint         steps;          /* how many steps a run takes (`adjoint train`, the lab's goal) */
  double        l1, l2;         /* regularisation: + l1·Σ|W| + l2·ΣW² over the weight matrices */
  guint64       seed;
} AgTrainSetup;

/* The lab's defaults: two moons (200 samples, noise 0.1, 20 % held out), two hidden layers of
 * 8 tanh units, Xavier weights, binary cross-entropy, Adam at 0.03, batches of 32, 300 steps. */
void     ag_train_setup_init     (AgTrainSetup *setup);
void     ag_train_setup_clear    (AgTrainSetup *setup);   /* frees the owned fields */
void     ag_train_setup_copy     (AgTrainSetup *dest, const AgTrainSetup *src);
/* FALSE with AG_ERROR_ARGUMENT and a message that names the field and its range. */
gboolean ag_train_setup_validate (const AgTrainSetup *setup, GError **error);

/* Names as files, flags and JSON write them. Static strings; FALSE for unknown names. */
const char *ag_activation_to_string   (AgActivation a);   /* "relu", "tanh", "sigmoid", "linear" */
gboolean    ag_activation_from_string (const char *name, AgActivation *a);
const char *ag_loss_to_string         (AgLoss l);         /* "mse", "bce", "cross_entropy", "hinge" */
gboolean    ag_loss_from_string       (const char *name, AgLoss *l);
const char *ag_init_to_string         (AgInit i);         /* "uniform", "xavier", "he" */
gboolean    ag_init_from_string       (const char *name, AgInit *i);
/* "mean squared error", "binary cross-entropy", … for people. Static. */
const char *ag_loss_describe          (AgLoss l);

/* The setup as the graph file's "training" object (docs/file-format.md). Owned by the caller. */
JsonNode *ag_train_setup_to_json   (const AgTrainSetup *setup);
/* Reads what ag_train_setup_to_json() wrote into @setup (initialised first with the defaults,
 * so a missing member keeps its default; unknown members are ignored, for newer files).
 * FALSE with AG_ERROR_FORMAT, and @setup cleared, when a member has the wrong type or range;
 * the message names it ("training.lr must be a number above 0"). */
gboolean  ag_train_setup_from_json (JsonNode *node, AgTrainSetup *setup, GError **error);

/* The dataset the setup names: generated from the seed, or read from its CSV file (at most
 * AG_TRAIN_MAX_SAMPLES rows). Owned by the caller; NULL with @error set. */
AgDataset *ag_train_setup_load_data (const AgTrainSetup *setup, GError **error);

/* Writes the network of @setup as a program for a dataset of @n_classes (0 for regression):
 * data leaves, parameters with their initialisers, the layers, the loss and the penalty, with
 * comments a student can follow. Owned by the caller. */
char *ag_train_setup_write_program (const AgTrainSetup *setup, guint n_classes);

typedef struct _AgTrainer AgTrainer;

/* One layer of the trainer's network, found by the names ag_train_setup_write_program() gives:
 * layer 0 is the input X (two units, no weights); layer l ≥ 1 is h<l> = act(… @ W<l> + b<l>),
 * and the last one is `out`. The ids hold in every graph of the trainer (the step's, the grid's
 * of ag_trainer_get_grid_graph(): one program, the same nodes), so a view reads a layer's units
 * over the grid and its weights from the step's graph. */
typedef struct {
  AgId     units;       /* X, h<l> or out: one row per sample, @n_units columns */
  AgId     weights;     /* W<l>: (units of layer l − 1) × @n_units; AG_NO_ID for layer 0 */
  AgId     bias;        /* b<l>; AG_NO_ID for layer 0, or when the program has none */
  guint    n_units;     /* at most AG_TRAIN_MAX_WIDTH */
  gboolean is_output;   /* the layer is `out`: the last one */
} AgTrainerLayer;

/* Fills @out with layer @layer. FALSE past `out`, or when the program is not (or no longer, as
 * the user edited it) a chain of such layers from X up to @layer whose shapes fit: then a view
 * shows no units. Reads names, allocates nothing: call it when the trainer is made and keep the
 * ids (they stay valid as long as the trainer). */
gboolean ag_trainer_get_layer (const AgTrainer *trainer, guint layer, AgTrainerLayer *out);

/* What ag_trainer_evaluate() measures: the program's output (the loss, penalty included) over
 * the whole training set and over the test set, and the share of samples classified right
 * (NAN for regression, and everything about the test set is NAN when it is empty). */
typedef struct {
  double train_loss, train_accuracy;
  double test_loss, test_accuracy;
} AgTrainEval;

/* Loads the setup's data, splits it, parses @program for the batch and for evaluation, and
 * makes the optimizer. NULL with @error set: the setup's or the data's error, or the
 * program's (located in @program, see ag_program_format_error()), or AG_ERROR_NAME when
 * the program lacks what the trainer needs (the message says what to write). */
AgTrainer *ag_trainer_new  (const char *program, const AgTrainSetup *setup, GError **error);
void       ag_trainer_free (AgTrainer *trainer);   /* NULL-safe */

/* One step: the next batch into X and y, zero-grad, forward, backward, the optimizer's update.
 * Allocates nothing. Returns the batch's loss (before the update). */
double     ag_trainer_step (AgTrainer *trainer);
/* The same step, recorded in @trace (cleared first) for the player: a zero-grad step, the
 * forward and backward steps, then one update step per parameter (its delta is the change,
 * its after the new value). When @shown is not NULL it receives a new graph (owned by the
 * caller) to play the trace on: the network as the step saw it, with the values of the
 * forward pass, the adjoints of the backward pass, and the parameters as they were before
 * the update (the update steps carry the new ones). Allocates. */
double     ag_trainer_step_traced (AgTrainer *trainer, AgTrace *trace, AgGraph **shown);
/* Measures the current parameters on the training and test sets. Allocates nothing. */
void       ag_trainer_evaluate (AgTrainer *trainer, AgTrainEval *eval);
/* Starts again from the initial weights and the first batch (same seed, same run). */
void       ag_trainer_reset (AgTrainer *trainer);
/* Changes the learning rate from the next step on, keeping the weights and the optimizer's
 * state (PyTorch's param_group["lr"] = lr). */
void       ag_trainer_set_lr (AgTrainer *trainer, double lr);

/* Steps taken since creation or reset. */
guint64          ag_trainer_get_step      (const AgTrainer *trainer);
const AgDataset *ag_trainer_get_train_set (const AgTrainer *trainer);
const AgDataset *ag_trainer_get_test_set  (const AgTrainer *trainer);
/* The classes of the data (0: regression). */
guint            ag_trainer_get_n_classes (const AgTrainer *trainer);
/* The graph a step runs (batch rows). Borrowed: read it, do not add nodes. */
AgGraph         *ag_trainer_get_graph     (const AgTrainer *trainer);

/* The parameters, in program order, and the 2-norm of each one's gradient after the last
 * step (0 before the first). Names are borrowed from the graph. */
guint            ag_trainer_get_n_params  (const AgTrainer *trainer);
AgId             ag_trainer_get_param     (const AgTrainer *trainer, guint i);
const double    *ag_trainer_get_grad_norms (const AgTrainer *trainer);

/* Predicts over a @res × @res grid of the square [−extent, extent]²: cell (r, c) at
 * x1 = −extent + (c + ½)·2·extent/res, x2 = extent − (r + ½)·2·extent/res (row 0 on top).
 * Writes res²·ag_trainer_get_n_outputs() values to @out, cell-major: for one output, the
 * probability of class 1 (mse: the output clamped to [0, 1]; hinge: ½ + ½·clamp(out, −1, 1)),
 * or the predicted value for regression; for several, each class's softmax probability.
 * The first call with a resolution parses the grid graph (allocates); later calls do not.
 * FALSE with @error for a resolution over 200. */
gboolean         ag_trainer_predict_grid  (AgTrainer *trainer, guint res, double extent,
                                           double *out, GError **error);
/* Outputs per sample: 1, or the classes for cross-entropy. */
guint            ag_trainer_get_n_outputs (const AgTrainer *trainer);
/* The graph the last ag_trainer_predict_grid() ran (rows: the grid's cells), so a view can
 * read any node over the plane, e.g. each hidden unit. NULL before the first call. */
AgGraph         *ag_trainer_get_grid_graph (const AgTrainer *trainer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgTrainer, ag_trainer_free)

G_END_DECLS
