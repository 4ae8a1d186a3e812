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
#include "core/row-split.h"
#include "core/trace.h"
#include "core/train-setup.h"

G_BEGIN_DECLS

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
/* How a step runs its batch: in slices of rows when it is big (two slices or more) and the
 * program allows it (row-split.h), AG_ROW_SPLIT_NONE when whole. The loss and the gradients
 * are the same to the rounding of the sums; after a sliced step only the parameters, their
 * gradients and the loss are current in the trainer's graph. */
AgRowSplit ag_trainer_get_row_split (const AgTrainer *trainer);
/* For tests and the bench: FALSE runs every step on the whole batch at once. */
void       ag_trainer_set_row_slices (AgTrainer *trainer, gboolean use);

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
