/* adj-train-lab.h: the training lab: a setup form, a network trained live while the window
 * stays smooth, and its views (decision boundary, neurons, loss, gradient norms).
 *
 * The lab works on an AdjDocument: the setup is the document's "training" object and the
 * network is the document's program (the lab writes it when the network's form changes; the
 * user may edit it, and the lab then trains what was written). One training step can be
 * replayed on the graph: adj_train_lab_slow_motion() records it and hands it to the document's
 * player, then emits ::show-graph so the window shows the graph.
 *
 * The page is built from the template data/ui/adj-train-lab.ui; its setup form is an AdjLabForm
 * (template child "form"), and the trainer lives in an AdjLabRunner, which trains it on a
 * worker thread between frames "as fast as it goes". Tests reach the children through the
 * templates: gtk_widget_get_template_child (GTK_WIDGET (lab), ADJ_TYPE_TRAIN_LAB, "loss"), or
 * ADJ_TYPE_LAB_FORM on the form for its controls ("speed", "hidden", "dataset_sine", …). */
#pragma once

#include <gtk/gtk.h>
#include "core/train.h"
#include "ui/graph/adj-document.h"
#include "ui/lab/adj-lab-form.h"

G_BEGIN_DECLS

#define ADJ_TYPE_TRAIN_LAB (adj_train_lab_get_type ())
G_DECLARE_FINAL_TYPE (AdjTrainLab, adj_train_lab, ADJ, TRAIN_LAB, GtkWidget)

/* The grid the boundary and the neuron views are drawn from, per side. */
#define ADJ_TRAIN_LAB_GRID 48

GtkWidget *adj_train_lab_new (AdjDocument *document);

/* Starts the document on the lab: when its program is not a network the lab can train, writes
 * the network of the current setup (and the setup) into the document. */
void     adj_train_lab_write_network (AdjTrainLab *self);

/* Takes the keyboard focus from wherever it is in the window onto the lab's page itself (no
 * control: no stop for Tab, no ring), so the window's player keys reach training: Space plays,
 * → steps, and Home and End move nothing of the lab's. The window calls this when it shows the
 * lab's page; the lab itself when it is shown and on a click where nothing takes the focus (a
 * plot, a label, the background). Hidden, the lab does nothing (it takes the focus as it is
 * shown). */
void     adj_train_lab_take_focus (AdjTrainLab *self);

/* Property :playing: training runs on the frame clock, a slice of each frame, so the window
 * keeps drawing at the display's rate. */
void     adj_train_lab_set_playing (AdjTrainLab *self, gboolean playing);
gboolean adj_train_lab_get_playing (AdjTrainLab *self);
/* One training step, then the views follow. FALSE when there is nothing to train. */
gboolean adj_train_lab_step  (AdjTrainLab *self);
/* Back to the initial weights (same seed: the same run again); clears the plots. */
void     adj_train_lab_reset (AdjTrainLab *self);
/* Pauses, records one training step and gives it to the document's player (at its start),
 * then emits ::show-graph. FALSE when there is nothing to train. */
gboolean adj_train_lab_slow_motion (AdjTrainLab *self);

/* The trainer, or NULL when the program cannot be trained (see the status). Borrowed, and
 * taken back from the worker thread: use it until control returns to the main loop (the next
 * frame may lend it to the worker again), and read it through this function every time. */
AgTrainer       *adj_train_lab_get_trainer (AdjTrainLab *self);
/* The current setup. Borrowed; change it with adj_train_lab_set_setup(). */
const AgTrainSetup *adj_train_lab_get_setup (AdjTrainLab *self);
/* Applies @setup to the form, the document and the trainer: a new learning rate keeps the
 * network and its training so far; other changes start again (the network's form rewrites the
 * program). */
void     adj_train_lab_set_setup (AdjTrainLab *self, const AgTrainSetup *setup);
/* The last measurement (after the last step or reset). */
const AgTrainEval *adj_train_lab_get_eval (AdjTrainLab *self);
/* One line for people and tests: "Step 120: train loss 0.041, test loss 0.052, test accuracy
 * 97.5 %", or why the program cannot be trained. Owned by the caller. */
char    *adj_train_lab_dup_status (AdjTrainLab *self);

/* The document's title for @setup when @title (adj_document_get_title(), or NULL) is the
 * lab's own ("Training lab", "Training lab: …"): "Training lab: two moons", "Training lab: spiral",
 * "Training lab: points.csv". NULL when @title is the user's, which stays. Owned by the caller.
 * The lab keeps its document's title so as the setup changes. */
char    *adj_train_lab_dup_title (const char *title, const AgTrainSetup *setup);

/* Writes the loss plot (as shown) to @path: PNG, SVG or PDF by its ending. */
gboolean adj_train_lab_export_loss (AdjTrainLab *self, const char *path, GError **error);

/* Draws the views for a dark theme. */
void     adj_train_lab_set_dark (AdjTrainLab *self, gboolean dark);

G_END_DECLS
