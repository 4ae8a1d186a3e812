/* adj-train-lab.c: the training lab (see adj-train-lab.h): the document's setup and program in,
 * the trainer's state out to the views. The form is an AdjLabForm, the trainer and its worker
 * thread an AdjLabRunner, the page's widgets the template data/ui/adj-train-lab.ui. */
#include "ui/lab/adj-train-lab.h"

#include "core/format.h"

#include "ui/lab/adj-boundary-view.h"
#include "ui/lab/adj-chart.h"
#include "ui/lab/adj-lab-runner.h"
#include "ui/lab/adj-neuron-view.h"

#include "adj-resources.h"

#include <math.h>
#include <string.h>

#define GRID_CELLS (ADJ_TRAIN_LAB_GRID * ADJ_TRAIN_LAB_GRID)

struct _AdjTrainLab
{
  GtkWidget       parent_instance;

  /* owned */
  AdjDocument    *document;
  AdjLabRunner   *runner;
  AgTrainSetup    setup;
  char           *problem;          /* why there is no trainer */
  AgTrainEval     eval;
  gboolean        playing;
  guint           tick_id;
  double         *grid;             /* predictions: GRID² × outputs */
  double         *unit;             /* one unit's values over the grid */
  char           *setup_warning;    /* why the file's setup was not used, or NULL */
  guint           n_rebuilds;
  AgTrainerLayer  layers[AG_TRAIN_MAX_LAYERS + 2];
  guint           n_columns;        /* layers the neuron view shows, 0 when it cannot */
  GArray         *norm_params;      /* guint: the parameters the norms chart follows */
  gulong          graph_changed_id;

  /* template children */
  GtkWidget      *root;
  GtkWidget      *banner, *banner_label;
  GtkWidget      *reset, *play, *play_image, *play_label, *step, *slow_motion;
  GtkWidget      *step_label, *status;
  GtkWidget      *form;
  GtkWidget      *boundary, *neurons, *loss, *norms;
};

G_DEFINE_FINAL_TYPE (AdjTrainLab, adj_train_lab, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAYING,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum {
  SHOW_GRAPH,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* Every use of the trainer goes through here: it takes the trainer back from the worker. */
static AgTrainer *
trainer (AdjTrainLab *self)
{
  return adj_lab_runner_get_trainer (self->runner);
}

/* Kept in the file, and in the title while it is the lab's own ("Training lab: two moons"
 * said so after spiral was chosen). */
static void
save_setup (AdjTrainLab *self)
{
  g_autoptr (JsonNode) node = ag_train_setup_to_json (&self->setup);
  g_autofree char *title = NULL;

  adj_document_set_training (self->document, node);
  title = adj_train_lab_dup_title (adj_document_get_title (self->document), &self->setup);
  if (title)
    adj_document_set_title (self->document, title);
}

/* ---- the views --------------------------------------------------------------------------- */

/* Colours spanning ±(the largest |v|), so 0 is the neutral colour. */
static void
symmetric_range (const double *v, gsize n, double *lo, double *hi)
{
  double m = 0;
  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs (v[i]));
  *hi = m > 0 ? m : 1;
  *lo = -*hi;
}

/* The range the colours of unit values @v of layer @l span. */
static void
unit_range (AdjTrainLab *self, AgTrainer *t, guint l, const double *v, double *lo, double *hi)
{
  double m = 0;

  if (l == 0)
    {
      *lo = -AG_DATASET_EXTENT;
      *hi = AG_DATASET_EXTENT;
      return;
    }
  if (l + 1 == self->n_columns)
    {
      /* Outputs: probabilities, or values for regression. */
      *lo = 0;
      *hi = 1;
      if (ag_trainer_get_n_classes (t) == 0)
        symmetric_range (v, GRID_CELLS, lo, hi);
      return;
    }
  switch (self->setup.activation)
    {
    case AG_ACTIVATION_TANH: *lo = -1; *hi = 1; return;
    case AG_ACTIVATION_SIGMOID: *lo = 0; *hi = 1; return;
    case AG_ACTIVATION_RELU:
      /* Symmetric, so 0 (a dead region) is the neutral colour, as Playground draws it. */
      for (gsize i = 0; i < GRID_CELLS; i++)
        m = MAX (m, v[i]);
      *hi = m > 0 ? m : 1;
      *lo = -*hi;
      return;
    case AG_ACTIVATION_LINEAR:
    case AG_N_ACTIVATIONS:
    default:
      symmetric_range (v, GRID_CELLS, lo, hi);
      return;
    }
}

/* Each unit over the grid (the outputs as the boundary shows them), and the weights. */
static void
refresh_units (AdjTrainLab *self, AgTrainer *t)
{
  AdjNeuronView *view = ADJ_NEURON_VIEW (self->neurons);
  const AgGraph *gg = ag_trainer_get_grid_graph (t);
  const guint n_out = ag_trainer_get_n_outputs (t);
  const guint last = self->n_columns - 1;

  for (guint l = 0; l <= last; l++)
    {
      const guint w = self->layers[l].n_units;
      const double *v = l == last ? self->grid : ag_graph_value (gg, self->layers[l].units);
      const guint stride = l == last ? n_out : w;

      for (guint u = 0; u < w; u++)
        {
          const guint col = l == last ? MIN (u, n_out - 1) : u;
          double lo, hi;

          for (guint i = 0; i < GRID_CELLS; i++)
            self->unit[i] = v[(gsize) i * stride + col];
          unit_range (self, t, l, self->unit, &lo, &hi);
          adj_neuron_view_set_unit_grid (view, l, u, ADJ_TRAIN_LAB_GRID, self->unit, lo, hi);
        }
    }
  for (guint l = 1; l <= last; l++)
    adj_neuron_view_set_weights (view, l - 1, ag_graph_value (ag_trainer_get_graph (t), self->layers[l].weights));
}

/* The views follow the trainer: the measurement, the boundary, the units and their links. */
static void
refresh_views (AdjTrainLab *self)
{
  AgTrainer *t = trainer (self);

  if (t == NULL)
    {
      self->eval = (AgTrainEval) { NAN, NAN, NAN, NAN };
      return;
    }
  ag_trainer_evaluate (t, &self->eval);
  if (!ag_trainer_predict_grid (t, ADJ_TRAIN_LAB_GRID, AG_DATASET_EXTENT, self->grid, NULL))
    return;
  adj_boundary_view_set_grid (ADJ_BOUNDARY_VIEW (self->boundary), ADJ_TRAIN_LAB_GRID,
                              ag_trainer_get_n_outputs (t), self->grid);
  if (self->n_columns > 0)
    refresh_units (self, t);
}

/* One point per series for the plots, at the trainer's current step. */
static void
record_point (AdjTrainLab *self)
{
  AgTrainer *t = trainer (self);
  const double x = (double) ag_trainer_get_step (t);
  const double *norms = ag_trainer_get_grad_norms (t);

  adj_chart_append (ADJ_CHART (self->loss), 0, x, self->eval.train_loss);
  adj_chart_append (ADJ_CHART (self->loss), 1, x, self->eval.test_loss);
  if (!isnan (self->eval.test_accuracy))
    adj_chart_append (ADJ_CHART (self->loss), 2, x, self->eval.test_accuracy);
  if (ag_trainer_get_step (t) > 0)
    for (guint s = 0; s < self->norm_params->len; s++)
      adj_chart_append (ADJ_CHART (self->norms), s, x, norms[g_array_index (self->norm_params, guint, s)]);
}

static void
update_labels (AdjTrainLab *self)
{
  AgTrainer *t = trainer (self);
  g_autofree char *status = adj_train_lab_dup_status (self);
  g_autofree char *step = g_strdup_printf ("Step %" G_GUINT64_FORMAT, t ? ag_trainer_get_step (t) : 0);
  const char *numbers = t ? strstr (status, ": ") : NULL;

  /* The counter says the step; the line beside it the numbers. */
  gtk_label_set_text (GTK_LABEL (self->step_label), step);
  gtk_label_set_text (GTK_LABEL (self->status), numbers ? numbers + 2 : status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status), GTK_ACCESSIBLE_PROPERTY_LABEL, status, -1);
  gtk_widget_set_visible (self->banner, t == NULL);
  if (self->problem)
    gtk_label_set_text (GTK_LABEL (self->banner_label), self->problem);
  gtk_widget_set_sensitive (self->play, t != NULL);
  gtk_widget_set_sensitive (self->step, t != NULL);
  gtk_widget_set_sensitive (self->slow_motion, t != NULL);
  gtk_widget_set_sensitive (self->reset, t != NULL);
}

/* The views, the plots and the labels brought to the trainer's current step (which the next
 * frame compares with the worker's progress). */
static void
show_step (AdjTrainLab *self)
{
  refresh_views (self);
  record_point (self);
  update_labels (self);
  adj_lab_runner_mark_shown (self->runner);
}

/* The neuron view's columns: the trainer's layers from X to out (ag_trainer_get_layer()).
 * Programs written otherwise show no units. */
static void
setup_neuron_view (AdjTrainLab *self, AgTrainer *t)
{
  guint widths[AG_TRAIN_MAX_LAYERS + 2];

  self->n_columns = 0;
  for (guint l = 0; l < G_N_ELEMENTS (self->layers) && ag_trainer_get_layer (t, l, &self->layers[l]); l++)
    {
      widths[l] = self->layers[l].n_units;
      if (self->layers[l].is_output)
        {
          self->n_columns = l + 1;
          adj_neuron_view_set_shape (ADJ_NEURON_VIEW (self->neurons), self->n_columns, widths);
          return;
        }
    }
}

/* The plots start again; the norms chart follows the weight matrices (the parameters with two
 * dimensions: the penalties' too). */
static void
reset_plots (AdjTrainLab *self)
{
  AgTrainer *t = trainer (self);

  adj_chart_clear (ADJ_CHART (self->loss));
  adj_chart_remove_all_series (ADJ_CHART (self->norms));
  g_array_set_size (self->norm_params, 0);
  if (t == NULL)
    return;
  for (guint i = 0; i < ag_trainer_get_n_params (t); i++)
    {
      const AgNode *n = ag_graph_node (ag_trainer_get_graph (t), ag_trainer_get_param (t, i));
      if (n->shape.ndim == 2)
        {
          g_autofree char *label = g_strdup_printf ("∇%s", ag_graph_display_name (ag_trainer_get_graph (t), ag_trainer_get_param (t, i)));
          adj_chart_add_series (ADJ_CHART (self->norms), label, ADJ_CHART_AXIS_LEFT);
          g_array_append_val (self->norm_params, i);
        }
    }
}

/* Makes the trainer from the document's program and the setup; starts the plots again. */
static void
rebuild_trainer (AdjTrainLab *self)
{
  g_autoptr (GError) error = NULL;
  AgTrainer *t;

  self->n_rebuilds++;
  g_clear_pointer (&self->problem, g_free);
  if (!adj_lab_runner_load (self->runner, adj_document_get_program (self->document), &self->setup, &error))
    {
      g_autofree char *where = NULL;
      guint line, col;
      if (error->domain == AG_ERROR && ag_error_get_location (error, &line, &col, NULL))
        where = g_strdup_printf ("line %u, column %u: ", line, col);
      self->problem = g_strdup_printf ("This program cannot be trained: %s%s", where ? where : "",
                                       error->message);
      adj_train_lab_set_playing (self, FALSE);
    }
  t = trainer (self);
  if (t)
    {
      g_free (self->grid);
      self->grid = g_new0 (double, (gsize) GRID_CELLS * ag_trainer_get_n_outputs (t));
      adj_boundary_view_set_data (ADJ_BOUNDARY_VIEW (self->boundary), ag_trainer_get_train_set (t),
                                  ag_trainer_get_test_set (t), AG_DATASET_EXTENT);
      setup_neuron_view (self, t);
    }
  gtk_widget_set_visible (self->neurons, t != NULL && self->n_columns > 0);
  reset_plots (self);
  if (t)
    show_step (self);
  else
    {
      refresh_views (self);
      update_labels (self);
    }
}

/* The setup changed: keep it in the file; rewrite the network when its form changed. */
static void
apply_setup (AdjTrainLab *self, gboolean network_changed)
{
  const guint rebuilds = self->n_rebuilds;

  save_setup (self);
  if (network_changed)
    {
      g_autoptr (AgDataset) data = ag_train_setup_load_data (&self->setup, NULL);
      if (data)
        {
          g_autofree char *program = ag_train_setup_write_program (&self->setup, data->n_classes);
          adj_document_set_program (self->document, program);
        }
    }
  /* A new program has already rebuilt the trainer (through ::graph-changed). */
  if (self->n_rebuilds == rebuilds)
    rebuild_trainer (self);
}

/* The loss must suit the data: three classes need cross-entropy, targets need mse. */
static void
fit_loss_to_data (AdjTrainLab *self)
{
  g_autoptr (AgDataset) data = ag_train_setup_load_data (&self->setup, NULL);

  if (data)
    ag_train_setup_fit_loss (&self->setup, data->n_classes);
}

/* Activation, loss, weights and penalty are the network: the program is rewritten. The batch
 * and the optimizer are not: the program changes only in its batch rows, so it is rewritten
 * only while it is still the lab's own, never over edits. */
static gboolean
training_rewrites (AdjTrainLab *self, const AgTrainSetup *old)
{
  const AgTrainSetup *s = &self->setup;
  AgTrainer *t = trainer (self);

  if (ag_train_setup_differs (old, s, NULL, TRUE))
    return TRUE;
  if (old->batch != s->batch && t)
    {
      g_autofree char *ours = ag_train_setup_write_program (old, ag_trainer_get_n_classes (t));
      return g_str_equal (ours, adj_document_get_program (self->document));
    }
  return FALSE;
}

/* ---- template callbacks ------------------------------------------------------------------ */

static void
form_changed_cb (AdjLabForm *form, AdjLabFormChange what, AdjTrainLab *self)
{
  AgTrainSetup old = { 0 };

  /* The lab may have been closed while the form's file chooser was open. */
  if (self->document == NULL)
    return;
  if (what == ADJ_LAB_FORM_SPEED)
    {
      adj_lab_runner_set_steps_per_frame (self->runner, adj_lab_form_get_steps_per_frame (form));
      return;
    }
  ag_train_setup_copy (&old, &self->setup);
  ag_train_setup_copy (&self->setup, adj_lab_form_get_setup (form));
  switch (what)
    {
    case ADJ_LAB_FORM_DATA:
      apply_setup (self, FALSE);
      break;
    case ADJ_LAB_FORM_DATASET:
      fit_loss_to_data (self);
      adj_lab_form_set_setup (form, &self->setup);
      /* The output layer's width follows the classes, so the program changes with the data. */
      apply_setup (self, TRUE);
      break;
    case ADJ_LAB_FORM_NETWORK:
      apply_setup (self, TRUE);
      break;
    case ADJ_LAB_FORM_TRAINING:
      apply_setup (self, training_rewrites (self, &old));
      break;
    case ADJ_LAB_FORM_LR:
      save_setup (self);
      /* Only the step size changes: the network and its optimizer's state carry on. */
      if (trainer (self))
        ag_trainer_set_lr (trainer (self), self->setup.lr);
      break;
    case ADJ_LAB_FORM_SPEED:
    default:
      break;
    }
  ag_train_setup_clear (&old);
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  AdjTrainLab *self = ADJ_TRAIN_LAB (widget);

  /* As fast as it goes, the worker trained since the last frame: show where it got to, then
   * lend it the trainer again while this frame draws. */
  if (!adj_lab_runner_begin_frame (self->runner))
    {
      self->tick_id = 0;
      adj_train_lab_set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  show_step (self);
  adj_lab_runner_end_frame (self->runner);
  return G_SOURCE_CONTINUE;
}

static void
play_clicked_cb (AdjTrainLab *self)
{
  adj_train_lab_set_playing (self, !self->playing);
}

static void
step_clicked_cb (AdjTrainLab *self)
{
  adj_train_lab_set_playing (self, FALSE);
  adj_train_lab_step (self);
}

static void
log_toggled_cb (GtkCheckButton *button, AdjTrainLab *self)
{
  adj_chart_set_log_scale (ADJ_CHART (self->loss), gtk_check_button_get_active (button));
}

/* TRUE when a press on @picked (inside the lab) gives the keyboard to something: an entry, a
 * button, a slider, a drop-down take it on click; the plots do not (the neuron view's
 * focus-on-click is off in the template: it takes the focus from Tab only). */
static gboolean
takes_focus_on_click (AdjTrainLab *self, GtkWidget *picked)
{
  for (GtkWidget *w = picked; w && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    if (gtk_widget_get_focusable (w) && gtk_widget_get_focus_on_click (w) && gtk_widget_is_sensitive (w))
      return TRUE;
  return FALSE;
}

/* A press on a plot, a label or the page's background takes the keyboard from where it was, so
 * Space and → train and step wherever the user clicked: left where it was, the focus could be
 * in the editor or a form's entry (which type a space), or on the window's divider (which
 * moves with the arrows, Home and End). Seen in capture, before the widget under the pointer,
 * and never claimed: the plots' own clicks go on. */
static void
lab_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, AdjTrainLab *self)
{
  if (!takes_focus_on_click (self, gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT)))
    adj_train_lab_take_focus (self);
}

/* The page holds the focus only while it has it (adj_train_lab_take_focus()): it is no stop of
 * its own for Tab. */
static void
has_focus_cb (AdjTrainLab *self, GParamSpec *pspec, gpointer data)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

/* Selects the unit's layer on the graph's page. */
static void
unit_activated_cb (AdjNeuronView *view, guint layer, guint unit, AdjTrainLab *self)
{
  AgTrainer *t = trainer (self);
  const char *name;

  if (t == NULL || layer >= self->n_columns)
    return;
  name = ag_graph_node (ag_trainer_get_graph (t), self->layers[layer].units)->name;
  adj_document_set_selected (self->document,
                             name ? ag_graph_lookup (adj_document_get_graph (self->document), name) : AG_NO_ID);
}

/* ---- the document ------------------------------------------------------------------------ */

/* Reads the document's setup into the lab: the file's, or the defaults when it has none or a
 * bad one (then the status line says why). TRUE when the lab's setup changed. */
static gboolean
setup_from_document (AdjTrainLab *self)
{
  JsonNode *training = adj_document_get_training (self->document);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) before = ag_train_setup_to_json (&self->setup);
  g_autoptr (JsonNode) after = NULL;
  AgTrainSetup s;

  g_clear_pointer (&self->setup_warning, g_free);
  if (training == NULL || !ag_train_setup_from_json (training, &s, &error))
    {
      if (error)
        self->setup_warning = g_strdup_printf ("The file's training setup was not used (%s); "
                                               "these are the defaults", error->message);
      ag_train_setup_init (&s);
    }
  /* A relative CSV name is relative to the graph file, so the two can travel together. */
  if (s.csv && !g_path_is_absolute (s.csv) && adj_document_get_file (self->document))
    {
      g_autoptr (GFile) dir = g_file_get_parent (adj_document_get_file (self->document));
      g_autofree char *base = dir ? g_file_get_path (dir) : NULL;
      if (base)
        {
          char *full = g_build_filename (base, s.csv, NULL);
          g_free (s.csv);
          s.csv = full;
        }
    }
  /* Compared as the lab writes them, so members it does not know, or a seed written as a
   * string, are not a change. */
  after = ag_train_setup_to_json (&s);
  if (json_node_equal (before, after))
    {
      ag_train_setup_clear (&s);
      return FALSE;
    }
  ag_train_setup_clear (&self->setup);
  self->setup = s;
  adj_lab_form_set_setup (ADJ_LAB_FORM (self->form), &self->setup);
  return TRUE;
}

/* The document changed: another file, or the program was edited (a replayed training step
 * changes neither, and leaves the run alone). */
static void
graph_changed_cb (AdjDocument *document, AdjTrainLab *self)
{
  const gboolean setup_changed = setup_from_document (self);

  if (setup_changed || g_strcmp0 (adj_lab_runner_get_program (self->runner), adj_document_get_program (document)) != 0)
    rebuild_trainer (self);
  else
    update_labels (self);
}

/* ---- vfuncs ------------------------------------------------------------------------------ */

static void
adj_train_lab_dispose (GObject *object)
{
  AdjTrainLab *self = ADJ_TRAIN_LAB (object);

  adj_lab_runner_reclaim (self->runner);
  if (self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->document)
    {
      g_clear_signal_handler (&self->graph_changed_id, self->document);
      g_clear_object (&self->document);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), ADJ_TYPE_TRAIN_LAB);
  G_OBJECT_CLASS (adj_train_lab_parent_class)->dispose (object);
}

/* Shown (its page chosen, or the window opened on it), the page takes the keyboard from the
 * page that was hidden, so the player's keys train at once. */
static void
adj_train_lab_map (GtkWidget *widget)
{
  GtkRoot *root;
  GtkWidget *focus;

  GTK_WIDGET_CLASS (adj_train_lab_parent_class)->map (widget);
  root = gtk_widget_get_root (widget);
  focus = root ? gtk_root_get_focus (root) : NULL;
  if (root && (focus == NULL || (focus != widget && !gtk_widget_is_ancestor (focus, widget))))
    adj_train_lab_take_focus (ADJ_TRAIN_LAB (widget));
}

/* Hidden, the lab gets no ticks to show or take back what the worker does: it stops. */
static void
adj_train_lab_unmap (GtkWidget *widget)
{
  adj_lab_runner_reclaim (ADJ_TRAIN_LAB (widget)->runner);
  GTK_WIDGET_CLASS (adj_train_lab_parent_class)->unmap (widget);
}

static void
adj_train_lab_finalize (GObject *object)
{
  AdjTrainLab *self = ADJ_TRAIN_LAB (object);

  g_object_unref (self->runner);   /* stops the worker */
  ag_train_setup_clear (&self->setup);
  g_free (self->problem);
  g_free (self->setup_warning);
  g_free (self->grid);
  g_free (self->unit);
  g_array_unref (self->norm_params);
  G_OBJECT_CLASS (adj_train_lab_parent_class)->finalize (object);
}

static void
adj_train_lab_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AdjTrainLab *self = ADJ_TRAIN_LAB (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_train_lab_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AdjTrainLab *self = ADJ_TRAIN_LAB (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      adj_train_lab_set_playing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_train_lab_class_init (AdjTrainLabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adj_train_lab_dispose;
  object_class->finalize = adj_train_lab_finalize;
  object_class->get_property = adj_train_lab_get_property;
  object_class->set_property = adj_train_lab_set_property;
  widget_class->map = adj_train_lab_map;
  widget_class->unmap = adj_train_lab_unmap;

  props[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* Emitted after a training step was handed to the document's player. */
  signals[SHOW_GRAPH] = g_signal_new ("show-graph", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (ADJ_TYPE_LAB_FORM);
  g_type_ensure (ADJ_TYPE_BOUNDARY_VIEW);
  g_type_ensure (ADJ_TYPE_CHART);
  g_type_ensure (ADJ_TYPE_NEURON_VIEW);
  /* The bundle registers itself from a constructor, but a linker takes its object out of a
   * static library only when something refers to it: this does. */
  adj_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/adjoint/Adjoint/ui/adj-train-lab.ui");
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, root);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, banner);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, banner_label);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, reset);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, play);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, play_image);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, play_label);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, step);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, slow_motion);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, step_label);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, status);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, form);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, boundary);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, neurons);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, loss);
  gtk_widget_class_bind_template_child (widget_class, AdjTrainLab, norms);
  /* Only tests look these up (gtk_widget_get_template_child() finds bound children only). */
  gtk_widget_class_bind_template_child_full (widget_class, "write_network", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "log_scale", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, adj_train_lab_write_network);
  gtk_widget_class_bind_template_callback (widget_class, adj_train_lab_reset);
  gtk_widget_class_bind_template_callback (widget_class, adj_train_lab_slow_motion);
  gtk_widget_class_bind_template_callback (widget_class, play_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, unit_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, log_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trainlab");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
adj_train_lab_init (AdjTrainLab *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (lab_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (self, "notify::has-focus", G_CALLBACK (has_focus_cb), NULL);
  self->runner = adj_lab_runner_new ();
  adj_lab_runner_set_steps_per_frame (self->runner, adj_lab_form_get_steps_per_frame (ADJ_LAB_FORM (self->form)));
  self->norm_params = g_array_new (FALSE, FALSE, sizeof (guint));
  self->unit = g_new0 (double, GRID_CELLS);
  ag_train_setup_init (&self->setup);
  self->eval = (AgTrainEval) { NAN, NAN, NAN, NAN };

  adj_chart_set_title (ADJ_CHART (self->norms), "Gradient norms per layer");
  adj_chart_set_x_label (ADJ_CHART (self->norms), "step");
  adj_chart_set_log_scale (ADJ_CHART (self->norms), TRUE);
  adj_chart_set_title (ADJ_CHART (self->loss), "Loss");
  adj_chart_set_x_label (ADJ_CHART (self->loss), "step");
  adj_chart_add_series (ADJ_CHART (self->loss), "train loss", ADJ_CHART_AXIS_LEFT);
  adj_chart_add_series (ADJ_CHART (self->loss), "test loss", ADJ_CHART_AXIS_LEFT);
  adj_chart_add_series (ADJ_CHART (self->loss), "test accuracy", ADJ_CHART_AXIS_RIGHT_UNIT);
}

/* ---- public API -------------------------------------------------------------------------- */

#define TITLE_PREFIX "Training lab"

char *
adj_train_lab_dup_title (const char *title, const AgTrainSetup *setup)
{
  /* The datasets as people call them (the form's buttons say "moons", "spiral3", …). */
  static const char *const names[AG_N_DATASETS] = {
    [AG_DATASET_MOONS] = "two moons",
    [AG_DATASET_CIRCLES] = "circles",
    [AG_DATASET_XOR] = "XOR",
    [AG_DATASET_BLOBS] = "two blobs",
    [AG_DATASET_SPIRAL] = "spiral",
    [AG_DATASET_SPIRAL3] = "three-arm spiral",
    [AG_DATASET_PLANE] = "plane (regression)",
    [AG_DATASET_SINE] = "sine (regression)",
  };
  g_autofree char *base = NULL;

  g_return_val_if_fail (setup != NULL, NULL);
  /* The user's own title stays. */
  if (title && title[0] && !g_str_equal (title, TITLE_PREFIX) && !g_str_has_prefix (title, TITLE_PREFIX ": "))
    return NULL;
  if (setup->csv)
    base = g_path_get_basename (setup->csv);
  else if (setup->dataset < AG_N_DATASETS)
    base = g_strdup (names[setup->dataset]);
  return base ? g_strconcat (TITLE_PREFIX ": ", base, NULL) : g_strdup (TITLE_PREFIX);
}

GtkWidget *
adj_train_lab_new (AdjDocument *document)
{
  AdjTrainLab *self;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (document), NULL);
  self = g_object_new (ADJ_TYPE_TRAIN_LAB, NULL);
  self->document = g_object_ref (document);
  setup_from_document (self);
  adj_lab_form_set_setup (ADJ_LAB_FORM (self->form), &self->setup);
  self->graph_changed_id = g_signal_connect (document, "graph-changed", G_CALLBACK (graph_changed_cb), self);
  rebuild_trainer (self);
  return GTK_WIDGET (self);
}

void
adj_train_lab_write_network (AdjTrainLab *self)
{
  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  fit_loss_to_data (self);
  adj_lab_form_set_setup (ADJ_LAB_FORM (self->form), &self->setup);
  apply_setup (self, TRUE);
}

void
adj_train_lab_take_focus (AdjTrainLab *self)
{
  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  /* Focused while hidden, the page would lose the focus to the window's divider (its nearest
   * focusable ancestor) as it is shown: map takes it then. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  /* The page itself, not a control: no control's keys (a button's Space, an entry's typing) and
   * no focus ring; a window left without a focus would give it to its first button. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

void
adj_train_lab_set_playing (AdjTrainLab *self, gboolean playing)
{
  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  playing = playing && trainer (self) != NULL;
  if (self->playing == playing)
    return;
  self->playing = playing;
  /* Paused after the worker went on past the last frame: show where it stopped. */
  if (!playing && adj_lab_runner_pause (self->runner))
    show_step (self);
  if (playing && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else if (!playing && self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  gtk_image_set_from_icon_name (GTK_IMAGE (self->play_image),
                                playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->play_label), playing ? "_Pause" : "_Train");
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PLAYING]);
}

gboolean
adj_train_lab_get_playing (AdjTrainLab *self)
{
  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), FALSE);
  return self->playing;
}

gboolean
adj_train_lab_step (AdjTrainLab *self)
{
  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), FALSE);
  if (!adj_lab_runner_step (self->runner))
    return FALSE;
  show_step (self);
  return TRUE;
}

void
adj_train_lab_reset (AdjTrainLab *self)
{
  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  if (!adj_lab_runner_reset (self->runner))
    return;
  reset_plots (self);
  show_step (self);
}

gboolean
adj_train_lab_slow_motion (AdjTrainLab *self)
{
  AgTrace *trace;
  AgGraph *shown = NULL;

  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), FALSE);
  if (trainer (self) == NULL)
    return FALSE;
  adj_train_lab_set_playing (self, FALSE);
  trace = ag_trace_new ();
  ag_trainer_step_traced (trainer (self), trace, &shown);
  show_step (self);
  adj_document_show_training_step (self->document, shown, trace);
  g_signal_emit (self, signals[SHOW_GRAPH], 0);
  return TRUE;
}

AgTrainer *
adj_train_lab_get_trainer (AdjTrainLab *self)
{
  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), NULL);
  return trainer (self);
}

const AgTrainSetup *
adj_train_lab_get_setup (AdjTrainLab *self)
{
  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), NULL);
  return &self->setup;
}

/* TRUE when @a and @b differ at most in the learning rate. */
static gboolean
same_but_lr (const AgTrainSetup *a, const AgTrainSetup *b)
{
  return !ag_train_setup_differs (a, b, "lr", FALSE);
}

void
adj_train_lab_set_setup (AdjTrainLab *self, const AgTrainSetup *setup)
{
  gboolean only_lr;

  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  g_return_if_fail (setup != NULL);
  only_lr = same_but_lr (&self->setup, setup);
  ag_train_setup_copy (&self->setup, setup);
  adj_lab_form_set_setup (ADJ_LAB_FORM (self->form), &self->setup);
  if (only_lr)
    {
      save_setup (self);
      if (trainer (self))
        ag_trainer_set_lr (trainer (self), self->setup.lr);
      return;
    }
  apply_setup (self, TRUE);
}

const AgTrainEval *
adj_train_lab_get_eval (AdjTrainLab *self)
{
  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), NULL);
  return &self->eval;
}

char *
adj_train_lab_dup_status (AdjTrainLab *self)
{
  AgTrainer *t;
  GString *s;

  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), NULL);
  t = trainer (self);
  if (t == NULL)
    return g_strdup (self->problem ? self->problem : "Nothing to train");
  s = g_string_new (NULL);
  /* The numbers as the charts' legends write them (ag_format_human: "7.33×10⁻⁵", not
   * "7.328e-05"), so the header and the plots agree. */
  g_string_append_printf (s, "Step %" G_GUINT64_FORMAT ": train loss ", ag_trainer_get_step (t));
  ag_format_human (s, self->eval.train_loss);
  /* With none held out there is no test loss to give (not "nan"). */
  if (ag_trainer_get_test_set (t) && ag_trainer_get_test_set (t)->n > 0)
    {
      g_string_append (s, ", test loss ");
      ag_format_human (s, self->eval.test_loss);
    }
  else
    g_string_append (s, ", no test set");
  if (!isnan (self->eval.test_accuracy))
    g_string_append_printf (s, ", test accuracy %.1f %%", 100 * self->eval.test_accuracy);
  else if (!isnan (self->eval.train_accuracy))
    g_string_append_printf (s, ", train accuracy %.1f %%", 100 * self->eval.train_accuracy);
  if (self->setup_warning)
    g_string_append_printf (s, ". %s", self->setup_warning);
  return g_string_free (s, FALSE);
}

gboolean
adj_train_lab_export_loss (AdjTrainLab *self, const char *path, GError **error)
{
  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), FALSE);
  return adj_chart_model_write (adj_chart_get_model (ADJ_CHART (self->loss)), path, 1200, 675, error);
}

void
adj_train_lab_set_dark (AdjTrainLab *self, gboolean dark)
{
  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  adj_chart_set_dark (ADJ_CHART (self->loss), dark);
  adj_chart_set_dark (ADJ_CHART (self->norms), dark);
  adj_lab_view_set_dark (ADJ_LAB_VIEW (self->boundary), dark);
  adj_lab_view_set_dark (ADJ_LAB_VIEW (self->neurons), dark);
  adj_lab_form_set_dark (ADJ_LAB_FORM (self->form), dark);
}
