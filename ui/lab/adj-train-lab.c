/* adj-train-lab.c: the training lab (see adj-train-lab.h). */
#include "ui/lab/adj-train-lab.h"

#include "ui/lab/adj-boundary-view.h"
#include "ui/lab/adj-chart.h"
#include "ui/lab/adj-neuron-view.h"

#include <math.h>
#include <string.h>

/* At a fixed number of steps a frame, training takes at most this much of each frame, so
 * drawing keeps the display's rate. "As fast as it goes" trains on a worker thread instead. */
#define FRAME_BUDGET_US 7000

static const guint samples_choices[] = { 50, 100, 200, 500, 1000, 2000 };
static const double lr_choices[] = { 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3 };
static const guint batch_choices[] = { 1, 4, 8, 16, 32, 64, 128, 0 };
static const double rate_choices[] = { 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1 };
/* Steps per frame; 0: as many as fit in the frame's budget. */
static const guint speed_choices[] = { 1, 5, 20, 0 };

struct _AdjTrainLab
{
  GtkWidget    parent_instance;

  /* borrowed */
  AdjDocument *document;

  /* owned */
  AgTrainSetup setup;
  AgTrainer   *trainer;
  char        *trainer_program;  /* the program the trainer was made from */
  char        *problem;          /* why there is no trainer */
  AgTrainEval  eval;
  gboolean     playing;
  guint        tick_id;
  guint        speed;            /* an index in speed_choices */
  double      *grid;             /* predictions: GRID² × outputs */
  double      *unit;             /* one unit's values over the grid */
  GHashTable  *parts;            /* name → widget (borrowed) */
  AgDataset   *thumbs[AG_N_DATASETS];
  gboolean     updating_form;    /* the form is being set from the setup: ignore its signals */
  gboolean     dark;
  char        *setup_warning;    /* why the file's setup was not used, or NULL */
  guint        n_rebuilds;
  guint        widths[AG_TRAIN_MAX_LAYERS + 2];
  guint        n_columns;        /* layers the neuron view shows, 0 when it cannot */
  AgId         weights[AG_TRAIN_MAX_LAYERS + 1];
  guint        n_norms;
  gulong       graph_changed_id;

  /* "As fast as it goes": a worker thread steps the trainer while the main thread has lent it
   * (from the end of one frame's tick to the start of the next), so training runs on its own
   * core while the window draws. Every use of the trainer on the main thread takes it back
   * first (reclaim()), which waits for at most the step in progress. */
  GThread     *worker;
  GMutex       worker_lock;
  GCond        worker_cond;
  gboolean     worker_quit;      /* under worker_lock */
  gboolean     worker_busy;      /* under worker_lock: the worker is stepping */
  AgTrainer   *lent_trainer;     /* under worker_lock */
  gint         lent;             /* atomic: the worker may step */
  guint64      shown_step;       /* the step the views last showed */

  /* children (borrowed) */
  GtkWidget   *root;
  GtkWidget   *banner, *banner_label, *banner_button;
  GtkWidget   *play, *step_label, *status_label;
  GtkWidget   *dataset_buttons[AG_N_DATASETS];
  GtkWidget   *csv_label;
  GtkWidget   *samples, *noise, *test, *seed;
  GtkWidget   *hidden, *activation, *loss, *init, *reg, *rate;
  GtkWidget   *optimizer, *lr, *batch, *speed_dd;
  GtkWidget   *boundary, *neurons, *loss_chart, *norm_chart, *log_toggle;
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

/* ---- helpers ----------------------------------------------------------------------------- */

static guint
nearest_double (const double *choices, guint n, double v)
{
  guint best = 0;
  for (guint i = 1; i < n; i++)
    if (fabs (log (choices[i] / v)) < fabs (log (choices[best] / v)))
      best = i;
  return best;
}

/* The choice nearest @v; 0 ("all") matches only itself. */
static guint
nearest_uint (const guint *choices, guint n, guint v)
{
  guint best = G_MAXUINT;
  for (guint i = 0; i < n; i++)
    {
      if ((choices[i] == 0) != (v == 0))
        continue;
      if (best == G_MAXUINT || ABS ((gint64) choices[i] - (gint64) v) < ABS ((gint64) choices[best] - (gint64) v))
        best = i;
    }
  return best == G_MAXUINT ? 0 : best;
}

static char *
hidden_to_text (const AgTrainSetup *s)
{
  GString *t = g_string_new (NULL);
  for (guint i = 0; i < s->n_hidden; i++)
    g_string_append_printf (t, "%s%u", i ? ", " : "", s->hidden[i]);
  return g_string_free (t, FALSE);
}

/* "8, 8" → widths; "" is no hidden layer. FALSE for anything else. */
static gboolean
hidden_from_text (const char *text, AgTrainSetup *s)
{
  g_auto (GStrv) parts = g_strsplit_set (text, ", ", -1);
  guint n = 0;
  guint widths[AG_TRAIN_MAX_LAYERS];

  for (guint i = 0; parts[i]; i++)
    {
      guint64 w;
      if (parts[i][0] == '\0')
        continue;
      if (n == AG_TRAIN_MAX_LAYERS ||
          !g_ascii_string_to_unsigned (parts[i], 10, 1, AG_TRAIN_MAX_WIDTH, &w, NULL))
        return FALSE;
      widths[n++] = (guint) w;
    }
  s->n_hidden = n;
  memcpy (s->hidden, widths, n * sizeof (guint));
  return TRUE;
}

static void
save_setup (AdjTrainLab *self)
{
  g_autoptr (JsonNode) node = ag_train_setup_to_json (&self->setup);
  adj_document_set_training (self->document, node);
}

/* The range a unit's colours span: its activation's, or its values' for unbounded ones. */
static void
act_range (AdjTrainLab *self, const double *v, gsize n, double *lo, double *hi)
{
  double m = 0;
  switch (self->setup.activation)
    {
    case AG_ACTIVATION_TANH: *lo = -1; *hi = 1; return;
    case AG_ACTIVATION_SIGMOID: *lo = 0; *hi = 1; return;
    case AG_ACTIVATION_RELU:
      /* Symmetric, so 0 (a dead region) is the neutral colour, as Playground draws it. */
      for (gsize i = 0; i < n; i++)
        m = MAX (m, v[i]);
      *hi = m > 0 ? m : 1;
      *lo = -*hi;
      return;
    case AG_ACTIVATION_LINEAR:
    case AG_N_ACTIVATIONS:
    default:
      for (gsize i = 0; i < n; i++)
        m = MAX (m, fabs (v[i]));
      *lo = -(m > 0 ? m : 1);
      *hi = m > 0 ? m : 1;
      return;
    }
}

/* The views follow the trainer: the measurement, the boundary, the units and their links. */
/* ---- the worker ------------------------------------------------------------------------- */

static gpointer
worker_main (gpointer data)
{
  AdjTrainLab *self = data;

  g_mutex_lock (&self->worker_lock);
  for (;;)
    {
      AgTrainer *t;

      while (!g_atomic_int_get (&self->lent) && !self->worker_quit)
        g_cond_wait (&self->worker_cond, &self->worker_lock);
      if (self->worker_quit)
        break;
      t = self->lent_trainer;
      self->worker_busy = TRUE;
      g_mutex_unlock (&self->worker_lock);
      while (g_atomic_int_get (&self->lent))
        ag_trainer_step (t);
      g_mutex_lock (&self->worker_lock);
      self->worker_busy = FALSE;
      g_cond_broadcast (&self->worker_cond);
    }
  g_mutex_unlock (&self->worker_lock);
  return NULL;
}

/* Lets the worker train until reclaim(); starts it the first time. */
static void
lend (AdjTrainLab *self)
{
  if (self->trainer == NULL)
    return;
  if (self->worker == NULL)
    self->worker = g_thread_new ("adjoint-train", worker_main, self);
  g_mutex_lock (&self->worker_lock);
  self->lent_trainer = self->trainer;
  g_atomic_int_set (&self->lent, 1);
  g_cond_broadcast (&self->worker_cond);
  g_mutex_unlock (&self->worker_lock);
}

/* Takes the trainer back: after this the worker does not touch it until the next lend(). */
static void
reclaim (AdjTrainLab *self)
{
  if (self->worker == NULL)
    return;
  g_mutex_lock (&self->worker_lock);
  g_atomic_int_set (&self->lent, 0);
  while (self->worker_busy)
    g_cond_wait (&self->worker_cond, &self->worker_lock);
  self->lent_trainer = NULL;
  g_mutex_unlock (&self->worker_lock);
}

static void
stop_worker (AdjTrainLab *self)
{
  if (self->worker == NULL)
    return;
  reclaim (self);
  g_mutex_lock (&self->worker_lock);
  self->worker_quit = TRUE;
  g_cond_broadcast (&self->worker_cond);
  g_mutex_unlock (&self->worker_lock);
  g_thread_join (self->worker);
  self->worker = NULL;
  self->worker_quit = FALSE;
}

static void
refresh_views (AdjTrainLab *self)
{
  const guint res = ADJ_TRAIN_LAB_GRID, cells = res * res;
  AgTrainer *t = self->trainer;
  AgGraph *gg, *g;
  guint n_out;

  reclaim (self);
  if (t == NULL)
    {
      self->eval = (AgTrainEval) { NAN, NAN, NAN, NAN };
      return;
    }
  ag_trainer_evaluate (t, &self->eval);
  n_out = ag_trainer_get_n_outputs (t);
  if (!ag_trainer_predict_grid (t, res, AG_DATASET_EXTENT, self->grid, NULL))
    return;
  adj_boundary_view_set_grid (ADJ_BOUNDARY_VIEW (self->boundary), res, n_out, self->grid);

  if (self->n_columns == 0)
    return;
  gg = ag_trainer_get_grid_graph (t);
  g = ag_trainer_get_graph (t);
  /* Inputs: x1 and x2 themselves. */
  {
    const double *x = ag_graph_value (gg, ag_graph_lookup (gg, "X"));
    for (guint u = 0; u < 2; u++)
      {
        for (guint i = 0; i < cells; i++)
          self->unit[i] = x[2 * i + u];
        adj_neuron_view_set_unit_grid (ADJ_NEURON_VIEW (self->neurons), 0, u, res, self->unit,
                                       -AG_DATASET_EXTENT, AG_DATASET_EXTENT);
      }
  }
  for (guint l = 1; l + 1 < self->n_columns; l++)
    {
      char name[16];
      const guint w = self->widths[l];
      const double *h;
      double lo, hi;

      g_snprintf (name, sizeof name, "h%u", l);
      h = ag_graph_value (gg, ag_graph_lookup (gg, name));
      for (guint u = 0; u < w; u++)
        {
          for (guint i = 0; i < cells; i++)
            self->unit[i] = h[(gsize) i * w + u];
          act_range (self, self->unit, cells, &lo, &hi);
          adj_neuron_view_set_unit_grid (ADJ_NEURON_VIEW (self->neurons), l, u, res, self->unit, lo, hi);
        }
    }
  /* Outputs: what the boundary shows, unit by unit. */
  {
    const guint l = self->n_columns - 1;
    const gboolean regression = ag_trainer_get_n_classes (t) == 0;
    double lo = 0, hi = 1;

    for (guint u = 0; u < self->widths[l]; u++)
      {
        for (guint i = 0; i < cells; i++)
          self->unit[i] = self->grid[(gsize) i * n_out + MIN (u, n_out - 1)];
        if (regression)
          {
            double m = 0;
            for (guint i = 0; i < cells; i++)
              m = MAX (m, fabs (self->unit[i]));
            lo = -(m > 0 ? m : 1);
            hi = -lo;
          }
        adj_neuron_view_set_unit_grid (ADJ_NEURON_VIEW (self->neurons), l, u, res, self->unit, lo, hi);
      }
  }
  for (guint l = 0; l + 1 < self->n_columns; l++)
    adj_neuron_view_set_weights (ADJ_NEURON_VIEW (self->neurons), l, ag_graph_value (g, self->weights[l]));
}

/* One point per series for the plots, at the trainer's current step. */
static void
record_point (AdjTrainLab *self)
{
  double x;
  const double *norms;

  reclaim (self);
  x = (double) ag_trainer_get_step (self->trainer);
  norms = ag_trainer_get_grad_norms (self->trainer);
  adj_chart_append (ADJ_CHART (self->loss_chart), 0, x, self->eval.train_loss);
  adj_chart_append (ADJ_CHART (self->loss_chart), 1, x, self->eval.test_loss);
  if (!isnan (self->eval.test_accuracy))
    adj_chart_append (ADJ_CHART (self->loss_chart), 2, x, self->eval.test_accuracy);
  if (ag_trainer_get_step (self->trainer) > 0)
    for (guint i = 0, s = 0; i < ag_trainer_get_n_params (self->trainer); i++)
      {
        const AgNode *n = ag_graph_node (ag_trainer_get_graph (self->trainer), ag_trainer_get_param (self->trainer, i));
        if (n->name && n->name[0] == 'W' && s < self->n_norms)
          adj_chart_append (ADJ_CHART (self->norm_chart), s++, x, norms[i]);
      }
}

static void
update_labels (AdjTrainLab *self)
{
  g_autofree char *status = adj_train_lab_dup_status (self);
  g_autofree char *step = g_strdup_printf ("Step %" G_GUINT64_FORMAT,
                                           self->trainer ? ag_trainer_get_step (self->trainer) : 0);

  const char *numbers = self->trainer ? strstr (status, ": ") : NULL;

  /* The counter says the step; the line beside it the numbers. */
  gtk_label_set_text (GTK_LABEL (self->step_label), step);
  gtk_label_set_text (GTK_LABEL (self->status_label), numbers ? numbers + 2 : status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label), GTK_ACCESSIBLE_PROPERTY_LABEL, status, -1);
  gtk_widget_set_visible (self->banner, self->trainer == NULL);
  if (self->problem)
    gtk_label_set_text (GTK_LABEL (self->banner_label), self->problem);
  gtk_widget_set_sensitive (self->play, self->trainer != NULL);
  gtk_widget_set_sensitive (adj_train_lab_get_part (self, "step"), self->trainer != NULL);
  gtk_widget_set_sensitive (adj_train_lab_get_part (self, "slow-motion"), self->trainer != NULL);
  gtk_widget_set_sensitive (adj_train_lab_get_part (self, "reset"), self->trainer != NULL);
}

/* The views, the plots and the labels brought to the trainer's current step (which the tick
 * compares with the worker's progress). */
static void
show_step (AdjTrainLab *self)
{
  refresh_views (self);
  record_point (self);
  update_labels (self);
  self->shown_step = ag_trainer_get_step (self->trainer);
}

/* The neuron view's columns, read from the program: X, then h1, h2, … as long as each is a
 * layer whose weights W1, W2, … fit, then out. Programs written otherwise show no units. */
static void
setup_neuron_view (AdjTrainLab *self)
{
  const AgGraph *g = ag_trainer_get_graph (self->trainer);   /* its shape: steps leave it */
  const guint rows = ag_graph_node (g, ag_graph_lookup (g, "X"))->shape.rows;
  guint n = 1;

  self->widths[0] = 2;
  self->n_columns = 0;
  for (guint l = 1; l <= AG_TRAIN_MAX_LAYERS + 1; l++)
    {
      char hname[16], wname[16];
      AgId h, w;
      const AgNode *hn, *wn;

      g_snprintf (hname, sizeof hname, "h%u", l);
      g_snprintf (wname, sizeof wname, "W%u", l);
      h = ag_graph_lookup (g, hname);
      w = ag_graph_lookup (g, wname);
      if (h == AG_NO_ID)
        {
          h = ag_graph_lookup (g, "out");
          if (w == AG_NO_ID)
            return;
        }
      hn = ag_graph_node (g, h);
      wn = ag_graph_node (g, w);
      if (w == AG_NO_ID || hn->shape.ndim != 2 || hn->shape.rows != rows ||
          wn->shape.ndim != 2 || wn->shape.rows != self->widths[n - 1] || wn->shape.cols != hn->shape.cols ||
          hn->shape.cols > AG_TRAIN_MAX_WIDTH)
        return;
      self->widths[n] = hn->shape.cols;
      self->weights[n - 1] = w;
      n++;
      if (g_str_equal (ag_graph_display_name (g, h), "out") || h == ag_graph_lookup (g, "out"))
        {
          self->n_columns = n;
          adj_neuron_view_set_shape (ADJ_NEURON_VIEW (self->neurons), n, self->widths);
          return;
        }
    }
}

static void
reset_plots (AdjTrainLab *self)
{
  reclaim (self);
  adj_chart_clear (ADJ_CHART (self->loss_chart));
  adj_chart_remove_all_series (ADJ_CHART (self->norm_chart));
  self->n_norms = 0;
  if (self->trainer == NULL)
    return;
  for (guint i = 0; i < ag_trainer_get_n_params (self->trainer); i++)
    {
      const AgNode *n = ag_graph_node (ag_trainer_get_graph (self->trainer), ag_trainer_get_param (self->trainer, i));
      if (n->name && n->name[0] == 'W')
        {
          g_autofree char *label = g_strdup_printf ("∇%s", n->name);
          adj_chart_add_series (ADJ_CHART (self->norm_chart), label, ADJ_CHART_AXIS_LEFT);
          self->n_norms++;
        }
    }
}

/* Makes the trainer from the document's program and the setup; starts the plots again. */
static void
rebuild_trainer (AdjTrainLab *self)
{
  g_autoptr (GError) error = NULL;
  const char *program = adj_document_get_program (self->document);

  reclaim (self);
  self->n_rebuilds++;
  g_clear_pointer (&self->trainer, ag_trainer_free);
  g_clear_pointer (&self->problem, g_free);
  g_free (self->trainer_program);
  self->trainer_program = g_strdup (program);
  self->trainer = ag_trainer_new (program, &self->setup, &error);
  if (self->trainer == NULL)
    {
      g_autofree char *where = NULL;
      guint line, col;
      if (error->domain == AG_ERROR && ag_error_get_location (error, &line, &col, NULL))
        where = g_strdup_printf ("line %u, column %u: ", line, col);
      self->problem = g_strdup_printf ("This program cannot be trained: %s%s", where ? where : "",
                                       error->message);
      adj_train_lab_set_playing (self, FALSE);
    }
  else
    {
      const AgTrainer *t = self->trainer;
      g_free (self->grid);
      self->grid = g_new0 (double, (gsize) ADJ_TRAIN_LAB_GRID * ADJ_TRAIN_LAB_GRID * ag_trainer_get_n_outputs (t));
      adj_boundary_view_set_data (ADJ_BOUNDARY_VIEW (self->boundary), ag_trainer_get_train_set (t),
                                  ag_trainer_get_test_set (t), AG_DATASET_EXTENT);
      setup_neuron_view (self);
    }
  gtk_widget_set_visible (self->neurons, self->trainer != NULL && self->n_columns > 0);
  reset_plots (self);
  if (self->trainer)
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
      g_autoptr (GError) error = NULL;
      g_autoptr (AgDataset) data = ag_train_setup_load_data (&self->setup, &error);
      g_autofree char *program = NULL;

      if (data)
        {
          program = ag_train_setup_write_program (&self->setup, data->n_classes);
          adj_document_set_program (self->document, program);
        }
    }
  /* A new program has already rebuilt the trainer (through ::graph-changed). */
  if (self->n_rebuilds == rebuilds)
    rebuild_trainer (self);
}

/* The loss must suit the data: three classes need cross-entropy, targets need mse. */
static gboolean
fit_loss_to_data (AdjTrainLab *self)
{
  g_autoptr (AgDataset) data = ag_train_setup_load_data (&self->setup, NULL);
  AgLoss loss = self->setup.loss;

  if (data == NULL)
    return FALSE;
  if (data->n_classes == 0)
    loss = AG_LOSS_MSE;
  else if (data->n_classes > 2)
    loss = AG_LOSS_CROSS_ENTROPY;
  else if (loss == AG_LOSS_MSE && self->setup.loss == AG_LOSS_MSE)
    loss = AG_LOSS_BCE;
  if (loss == self->setup.loss)
    return FALSE;
  self->setup.loss = loss;
  return TRUE;
}

/* ---- the form ---------------------------------------------------------------------------- */

static void
form_from_setup (AdjTrainLab *self)
{
  const AgTrainSetup *s = &self->setup;
  g_autofree char *hidden = hidden_to_text (s);

  self->updating_form = TRUE;
  for (guint i = 0; i < AG_N_DATASETS; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->dataset_buttons[i]),
                                  s->csv == NULL && s->dataset == i);
  gtk_label_set_text (GTK_LABEL (self->csv_label), s->csv ? s->csv : "");
  gtk_widget_set_visible (self->csv_label, s->csv != NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->samples),
                              nearest_uint (samples_choices, G_N_ELEMENTS (samples_choices), s->samples));
  gtk_range_set_value (GTK_RANGE (self->noise), s->noise);
  gtk_range_set_value (GTK_RANGE (self->test), 100 * s->test_fraction);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed), (double) MIN (s->seed, 999999));
  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->hidden)), hidden))
    gtk_editable_set_text (GTK_EDITABLE (self->hidden), hidden);
  gtk_widget_remove_css_class (self->hidden, "error");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->activation), s->activation);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->loss), s->loss);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->init), s->init);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->reg), s->l1 > 0 ? 1 : s->l2 > 0 ? 2 : 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->rate),
                              nearest_double (rate_choices, G_N_ELEMENTS (rate_choices),
                                              s->l1 > 0 ? s->l1 : s->l2 > 0 ? s->l2 : 0.001));
  gtk_widget_set_sensitive (self->rate, s->l1 > 0 || s->l2 > 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->optimizer), s->optimizer);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->lr), nearest_double (lr_choices, G_N_ELEMENTS (lr_choices), s->lr));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->batch), nearest_uint (batch_choices, G_N_ELEMENTS (batch_choices), s->batch));
  self->updating_form = FALSE;
}

static void
dataset_toggled_cb (GtkToggleButton *button, AdjTrainLab *self)
{
  if (self->updating_form || !gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < AG_N_DATASETS; i++)
    if (self->dataset_buttons[i] == GTK_WIDGET (button))
      self->setup.dataset = i;
  g_clear_pointer (&self->setup.csv, g_free);
  fit_loss_to_data (self);
  form_from_setup (self);
  /* The output layer's width follows the classes, so the program changes with the data. */
  apply_setup (self, TRUE);
}

/* Only the control that moved is read: the others may show a file's value they cannot hold
 * exactly (a seed over 999999, noise over 0.5), which must not be clamped behind the user's back. */
static void
data_changed_cb (GObject *object, GParamSpec *pspec, AdjTrainLab *self)
{
  AgTrainSetup *s = &self->setup;
  GtkWidget *w = GTK_WIDGET (object);

  if (self->updating_form)
    return;
  if (w == self->samples)
    s->samples = samples_choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->samples))];
  else if (w == self->noise)
    s->noise = round (gtk_range_get_value (GTK_RANGE (self->noise)) * 100) / 100;
  else if (w == self->test)
    s->test_fraction = round (gtk_range_get_value (GTK_RANGE (self->test))) / 100;
  else if (w == self->seed)
    s->seed = (guint64) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->seed));
  apply_setup (self, FALSE);
}

static void
range_changed_cb (GtkRange *range, AdjTrainLab *self)
{
  data_changed_cb (G_OBJECT (range), NULL, self);
}

static void
new_seed_cb (GtkButton *button, AdjTrainLab *self)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed), g_random_int_range (0, 1000000));
}

static void
network_changed_cb (GObject *object, GParamSpec *pspec, AdjTrainLab *self)
{
  AgTrainSetup *s = &self->setup;
  const AgTrainSetup old = *s;   /* shallow: only compared */
  gboolean rewrite;
  guint reg;
  double rate;

  reclaim (self);
  if (self->updating_form)
    return;
  s->activation = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->activation));
  s->loss = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->loss));
  s->init = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->init));
  reg = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->reg));
  rate = rate_choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->rate))];
  s->l1 = reg == 1 ? rate : 0;
  s->l2 = reg == 2 ? rate : 0;
  gtk_widget_set_sensitive (self->rate, reg != 0);
  s->batch = batch_choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->batch))];
  s->optimizer = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->optimizer));
  rewrite = old.activation != s->activation || old.loss != s->loss || old.init != s->init ||
            old.l1 != s->l1 || old.l2 != s->l2;
  /* The batch and the optimizer are not in the network: the program changes only in its
   * batch rows, so it is rewritten only while it is still the lab's own, never over edits. */
  if (!rewrite && old.batch != s->batch && self->trainer)
    {
      g_autofree char *ours = ag_train_setup_write_program (&old, ag_trainer_get_n_classes (self->trainer));
      rewrite = g_str_equal (ours, adj_document_get_program (self->document));
    }
  apply_setup (self, rewrite);
}

/* Typing only checks the widths (a half-typed "8, " must not rebuild the network); Enter or
 * leaving the field applies them. */
static void
hidden_changed_cb (GtkEditable *editable, AdjTrainLab *self)
{
  AgTrainSetup copy = self->setup;

  if (hidden_from_text (gtk_editable_get_text (editable), &copy))
    gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
}

static void
hidden_apply (AdjTrainLab *self)
{
  AgTrainSetup copy = self->setup;

  if (self->updating_form ||
      !hidden_from_text (gtk_editable_get_text (GTK_EDITABLE (self->hidden)), &copy))
    return;
  if (copy.n_hidden == self->setup.n_hidden &&
      memcmp (copy.hidden, self->setup.hidden, copy.n_hidden * sizeof (guint)) == 0)
    return;
  self->setup.n_hidden = copy.n_hidden;
  memcpy (self->setup.hidden, copy.hidden, sizeof copy.hidden);
  apply_setup (self, TRUE);
}

static void
hidden_activate_cb (GtkEntry *entry, AdjTrainLab *self)
{
  hidden_apply (self);
}

static void
hidden_leave_cb (GtkEventControllerFocus *focus, AdjTrainLab *self)
{
  hidden_apply (self);
}

static void
lr_changed_cb (GObject *object, GParamSpec *pspec, AdjTrainLab *self)
{
  reclaim (self);
  if (self->updating_form)
    return;
  self->setup.lr = lr_choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->lr))];
  save_setup (self);
  /* Only the step size changes: the network and its optimizer's state carry on. */
  if (self->trainer)
    ag_trainer_set_lr (self->trainer, self->setup.lr);
}

static void
speed_changed_cb (GObject *object, GParamSpec *pspec, AdjTrainLab *self)
{
  self->speed = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->speed_dd));
}

static void
log_toggled_cb (GtkToggleButton *button, AdjTrainLab *self)
{
  adj_chart_set_log_scale (ADJ_CHART (self->loss_chart), gtk_toggle_button_get_active (button));
}

static void
csv_response_cb (GtkNativeDialog *dialog, int response, AdjTrainLab *self)
{
  /* The lab may have been closed while the dialog was open. */
  if (response == GTK_RESPONSE_ACCEPT && self->document != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      if (path)
        {
          g_free (self->setup.csv);
          self->setup.csv = g_steal_pointer (&path);
          fit_loss_to_data (self);
          form_from_setup (self);
          apply_setup (self, TRUE);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
open_csv_cb (GtkButton *button, AdjTrainLab *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new ("Open Data", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, "CSV files (x1, x2, label)");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (csv_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- callbacks --------------------------------------------------------------------------- */

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  AdjTrainLab *self = ADJ_TRAIN_LAB (widget);
  const guint per_frame = speed_choices[self->speed];
  const gint64 start = g_get_monotonic_time ();
  guint n = 0;

  reclaim (self);
  if (self->trainer == NULL)
    {
      self->tick_id = 0;
      adj_train_lab_set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  /* As fast as it goes: the worker trained since the last frame; show where it got to, then
   * lend it the trainer again while this frame draws. Else a few steps here. */
  if (per_frame != 0)
    do
      ag_trainer_step (self->trainer);
    while (++n < per_frame && g_get_monotonic_time () - start < FRAME_BUDGET_US);
  else if (ag_trainer_get_step (self->trainer) == self->shown_step)
    ag_trainer_step (self->trainer);      /* the first frame, or a worker that got no time */
  show_step (self);
  if (per_frame == 0)
    lend (self);
  return G_SOURCE_CONTINUE;
}

static void
play_clicked_cb (GtkButton *button, AdjTrainLab *self)
{
  adj_train_lab_set_playing (self, !self->playing);
}

static void
step_clicked_cb (GtkButton *button, AdjTrainLab *self)
{
  adj_train_lab_set_playing (self, FALSE);
  adj_train_lab_step (self);
}

static void
reset_clicked_cb (GtkButton *button, AdjTrainLab *self)
{
  adj_train_lab_reset (self);
}

static void
slow_clicked_cb (GtkButton *button, AdjTrainLab *self)
{
  adj_train_lab_slow_motion (self);
}

static void
write_network_cb (GtkButton *button, AdjTrainLab *self)
{
  adj_train_lab_write_network (self);
}

static void
unit_activated_cb (AdjNeuronView *view, guint layer, guint unit, AdjTrainLab *self)
{
  AgGraph *g;
  char name[16];

  reclaim (self);
  if (self->trainer == NULL)
    return;
  g = adj_document_get_graph (self->document);
  if (layer == 0)
    g_snprintf (name, sizeof name, "X");
  else if (layer + 1 == self->n_columns)
    g_snprintf (name, sizeof name, "out");
  else
    g_snprintf (name, sizeof name, "h%u", layer);
  adj_document_set_selected (self->document, ag_graph_lookup (g, name));
}

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
  form_from_setup (self);
  return TRUE;
}

/* The document changed: another file, or the program was edited (a replayed training step
 * changes neither, and leaves the run alone). */
static void
graph_changed_cb (AdjDocument *document, AdjTrainLab *self)
{
  const gboolean setup_changed = setup_from_document (self);

  reclaim (self);
  if (setup_changed || g_strcmp0 (self->trainer_program, adj_document_get_program (document)) != 0)
    rebuild_trainer (self);
  else
    update_labels (self);
}

/* ---- building ---------------------------------------------------------------------------- */

static void
add_part (AdjTrainLab *self, const char *name, GtkWidget *widget)
{
  g_hash_table_insert (self->parts, g_strdup (name), widget);
}

static void
thumbnail_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const AgDataset *ds = data;
  AdjTrainLab *self = ADJ_TRAIN_LAB (gtk_widget_get_ancestor (GTK_WIDGET (area), ADJ_TYPE_TRAIN_LAB));
  adj_boundary_draw_thumbnail (cr, MIN (width, height), ds, AG_DATASET_EXTENT, self && self->dark);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *l = gtk_label_new (text);
  gtk_widget_add_css_class (l, "heading");
  gtk_widget_add_css_class (l, "lab-heading");
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  return l;
}

/* A labelled row of the form: the label names the control for screen readers too. */
static void
form_row (GtkGrid *grid, int *row, const char *label, GtkWidget *control)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), control);
  gtk_widget_set_hexpand (control, TRUE);
  gtk_grid_attach (grid, l, 0, *row, 1, 1);
  gtk_grid_attach (grid, control, 1, *row, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_LABELLED_BY, l, NULL, -1);
  (*row)++;
}

static GtkWidget *
drop_down (const char *const *items)
{
  return gtk_drop_down_new_from_strings (items);
}

static GtkWidget *
drop_down_numbers (const double *values, guint n, const char *all)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, values[i] == 0 && all ? g_strdup (all) : g_strdup_printf ("%g", values[i]));
  g_ptr_array_add (items, NULL);
  return gtk_drop_down_new_from_strings ((const char *const *) items->pdata);
}

static GtkWidget *
build_form (AdjTrainLab *self)
{
  static const char *const activations[] = { "ReLU", "tanh", "sigmoid", "linear", NULL };
  static const char *const losses[] = { "mean squared error", "binary cross-entropy",
                                        "softmax cross-entropy", "hinge", NULL };
  static const char *const inits[] = { "uniform (PyTorch)", "Xavier / Glorot", "He / Kaiming", NULL };
  static const char *const regs[] = { "none", "L1", "L2", NULL };
  static const char *const optimizers[] = { "SGD", "SGD with momentum", "Adam", NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *flow = gtk_grid_new ();
  GtkWidget *grid;
  GtkWidget *csv_button, *dice, *seed_box;
  int row = 0;
  double nums[G_N_ELEMENTS (samples_choices)];

  gtk_widget_add_css_class (box, "lab-form");
  gtk_box_append (GTK_BOX (box), heading ("Data"));
  gtk_grid_set_row_spacing (GTK_GRID (flow), 4);
  gtk_grid_set_column_spacing (GTK_GRID (flow), 4);
  for (guint i = 0; i < AG_N_DATASETS; i++)
    {
      const char *name = ag_dataset_kind_to_string (i);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *area = gtk_drawing_area_new ();
      GtkWidget *label = gtk_label_new (name);
      g_autofree char *part = g_strdup_printf ("dataset-%s", name);

      self->thumbs[i] = ag_dataset_generate (i, 150, 0.05, 7, NULL);
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 52);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 52);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), thumbnail_draw, self->thumbs[i], NULL);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (inner), area);
      gtk_box_append (GTK_BOX (inner), label);
      gtk_button_set_child (GTK_BUTTON (button), inner);
      gtk_widget_add_css_class (button, "dataset-button");
      gtk_widget_set_tooltip_text (button, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (self->dataset_buttons[0]));
      g_signal_connect (button, "toggled", G_CALLBACK (dataset_toggled_cb), self);
      gtk_grid_attach (GTK_GRID (flow), button, i % 4, i / 4, 1, 1);
      self->dataset_buttons[i] = button;
      add_part (self, part, button);
    }
  gtk_box_append (GTK_BOX (box), flow);
  csv_button = gtk_button_new_with_mnemonic ("Open _CSV…");
  gtk_widget_set_tooltip_text (csv_button, "Train on your own points: rows of x1, x2, label");
  g_signal_connect (csv_button, "clicked", G_CALLBACK (open_csv_cb), self);
  self->csv_label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->csv_label), PANGO_ELLIPSIZE_START);
  gtk_box_append (GTK_BOX (box), csv_button);
  gtk_box_append (GTK_BOX (box), self->csv_label);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  for (guint i = 0; i < G_N_ELEMENTS (samples_choices); i++)
    nums[i] = samples_choices[i];
  self->samples = drop_down_numbers (nums, G_N_ELEMENTS (samples_choices), NULL);
  form_row (GTK_GRID (grid), &row, "_Samples", self->samples);
  self->noise = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 0.5, 0.01);
  gtk_scale_set_draw_value (GTK_SCALE (self->noise), TRUE);
  gtk_scale_set_digits (GTK_SCALE (self->noise), 2);
  form_row (GTK_GRID (grid), &row, "_Noise", self->noise);
  self->test = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 50, 5);
  gtk_scale_set_draw_value (GTK_SCALE (self->test), TRUE);
  gtk_scale_set_digits (GTK_SCALE (self->test), 0);
  form_row (GTK_GRID (grid), &row, "_Test %", self->test);
  seed_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  self->seed = gtk_spin_button_new_with_range (0, 999999, 1);
  dice = gtk_button_new_from_icon_name ("media-playlist-shuffle-symbolic");
  gtk_widget_set_tooltip_text (dice, "A new seed: new data, weights and batches");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dice), GTK_ACCESSIBLE_PROPERTY_LABEL, "New seed", -1);
  g_signal_connect (dice, "clicked", G_CALLBACK (new_seed_cb), self);
  gtk_widget_set_hexpand (self->seed, TRUE);
  gtk_box_append (GTK_BOX (seed_box), self->seed);
  gtk_box_append (GTK_BOX (seed_box), dice);
  form_row (GTK_GRID (grid), &row, "S_eed", seed_box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->seed), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_grid_get_child_at (GTK_GRID (grid), 0, row - 1), NULL, -1);
  gtk_box_append (GTK_BOX (box), grid);

  gtk_box_append (GTK_BOX (box), heading ("Network"));
  grid = gtk_grid_new ();
  row = 0;
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  self->hidden = gtk_entry_new ();
  gtk_widget_set_tooltip_text (self->hidden, "Widths of the hidden layers, e.g. 8, 8 (up to 6 layers of 1 to 64 units; empty for none). Press Enter to apply.");
  form_row (GTK_GRID (grid), &row, "_Hidden layers", self->hidden);
  self->activation = drop_down (activations);
  form_row (GTK_GRID (grid), &row, "_Activation", self->activation);
  self->loss = drop_down (losses);
  form_row (GTK_GRID (grid), &row, "_Loss", self->loss);
  self->init = drop_down (inits);
  form_row (GTK_GRID (grid), &row, "_Weights", self->init);
  self->reg = drop_down (regs);
  form_row (GTK_GRID (grid), &row, "_Regularisation", self->reg);
  self->rate = drop_down_numbers (rate_choices, G_N_ELEMENTS (rate_choices), NULL);
  form_row (GTK_GRID (grid), &row, "Pe_nalty λ", self->rate);
  gtk_box_append (GTK_BOX (box), grid);

  gtk_box_append (GTK_BOX (box), heading ("Training"));
  grid = gtk_grid_new ();
  row = 0;
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  self->optimizer = drop_down (optimizers);
  form_row (GTK_GRID (grid), &row, "_Optimizer", self->optimizer);
  self->lr = drop_down_numbers (lr_choices, G_N_ELEMENTS (lr_choices), NULL);
  form_row (GTK_GRID (grid), &row, "Learning _rate", self->lr);
  {
    double b[G_N_ELEMENTS (batch_choices)];
    for (guint i = 0; i < G_N_ELEMENTS (batch_choices); i++)
      b[i] = batch_choices[i];
    self->batch = drop_down_numbers (b, G_N_ELEMENTS (batch_choices), "all");
  }
  form_row (GTK_GRID (grid), &row, "_Batch", self->batch);
  {
    static const char *const speeds[] = { "1 step a frame", "5 steps a frame", "20 steps a frame", "as fast as it goes", NULL };
    self->speed_dd = drop_down (speeds);
    self->speed = 1;
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed_dd), self->speed);
    form_row (GTK_GRID (grid), &row, "S_peed", self->speed_dd);
  }
  gtk_box_append (GTK_BOX (box), grid);

  add_part (self, "samples", self->samples);
  add_part (self, "noise", self->noise);
  add_part (self, "test", self->test);
  add_part (self, "seed", self->seed);
  add_part (self, "hidden", self->hidden);
  add_part (self, "activation", self->activation);
  add_part (self, "loss-function", self->loss);
  add_part (self, "init", self->init);
  add_part (self, "regularisation", self->reg);
  add_part (self, "penalty", self->rate);
  add_part (self, "optimizer", self->optimizer);
  add_part (self, "lr", self->lr);
  add_part (self, "batch", self->batch);
  add_part (self, "speed", self->speed_dd);
  return box;
}

static GtkWidget *
tool_button (AdjTrainLab *self, const char *icon, const char *label, const char *tooltip,
             const char *part, GCallback cb)
{
  GtkWidget *b = gtk_button_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (inner), gtk_image_new_from_icon_name (icon));
  if (label)
    gtk_box_append (GTK_BOX (inner), gtk_label_new_with_mnemonic (label));
  gtk_button_set_child (GTK_BUTTON (b), inner);
  gtk_widget_set_tooltip_text (b, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (b), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_signal_connect (b, "clicked", cb, self);
  add_part (self, part, b);
  return b;
}

static void
build (AdjTrainLab *self)
{
  GtkWidget *controls, *scroll, *views, *right, *top, *bottom, *left_col;

  self->root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->root, GTK_WIDGET (self));

  /* The banner: why this program cannot be trained, and the way out. */
  self->banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->banner, "banner");
  self->banner_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->banner_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->banner_label), 0);
  gtk_widget_set_hexpand (self->banner_label, TRUE);
  self->banner_button = gtk_button_new_with_mnemonic ("_Write a Network for This Data");
  gtk_widget_set_tooltip_text (self->banner_button, "Replaces the program with the network the form describes");
  g_signal_connect (self->banner_button, "clicked", G_CALLBACK (write_network_cb), self);
  add_part (self, "write-network", self->banner_button);
  gtk_box_append (GTK_BOX (self->banner), self->banner_label);
  gtk_box_append (GTK_BOX (self->banner), self->banner_button);
  gtk_box_append (GTK_BOX (self->root), self->banner);

  /* The player of training: reset, play, step, slow motion; the step and the numbers. */
  controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (controls, "lab-controls");
  gtk_box_append (GTK_BOX (controls), tool_button (self, "view-refresh-symbolic", NULL, "Reset the network to its first weights", "reset", G_CALLBACK (reset_clicked_cb)));
  self->play = tool_button (self, "media-playback-start-symbolic", "_Train", "Train (play or pause)", "play", G_CALLBACK (play_clicked_cb));
  gtk_widget_add_css_class (self->play, "suggested-action");
  gtk_box_append (GTK_BOX (controls), self->play);
  gtk_box_append (GTK_BOX (controls), tool_button (self, "media-skip-forward-symbolic", NULL, "One training step", "step", G_CALLBACK (step_clicked_cb)));
  gtk_box_append (GTK_BOX (controls), tool_button (self, "media-seek-forward-symbolic", "One Step in Slow _Motion", "Replay one training step on the graph: zero-grad, forward, backward, update", "slow-motion", G_CALLBACK (slow_clicked_cb)));
  self->step_label = gtk_label_new ("Step 0");
  gtk_widget_add_css_class (self->step_label, "lab-step");
  gtk_box_append (GTK_BOX (controls), self->step_label);
  self->status_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->status_label, "lab-status");
  gtk_label_set_xalign (GTK_LABEL (self->status_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->status_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->status_label, TRUE);
  gtk_box_append (GTK_BOX (controls), self->status_label);
  gtk_box_append (GTK_BOX (self->root), controls);

  views = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (views, "lab-views");
  gtk_widget_set_vexpand (views, TRUE);
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), build_form (self));
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_box_append (GTK_BOX (views), scroll);

  left_col = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (left_col, TRUE);
  self->neurons = adj_neuron_view_new ();
  gtk_widget_set_vexpand (self->neurons, TRUE);
  g_signal_connect (self->neurons, "unit-activated", G_CALLBACK (unit_activated_cb), self);
  gtk_box_append (GTK_BOX (left_col), self->neurons);
  self->norm_chart = adj_chart_new ();
  adj_chart_set_title (ADJ_CHART (self->norm_chart), "Gradient norms per layer");
  adj_chart_set_x_label (ADJ_CHART (self->norm_chart), "step");
  adj_chart_set_log_scale (ADJ_CHART (self->norm_chart), TRUE);
  gtk_widget_set_size_request (self->norm_chart, -1, 180);
  gtk_box_append (GTK_BOX (left_col), self->norm_chart);
  gtk_box_append (GTK_BOX (views), left_col);

  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (right, TRUE);
  top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->boundary = adj_boundary_view_new ();
  gtk_widget_set_vexpand (self->boundary, TRUE);
  gtk_box_append (GTK_BOX (top), self->boundary);
  gtk_box_append (GTK_BOX (right), top);
  bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  self->loss_chart = adj_chart_new ();
  adj_chart_set_title (ADJ_CHART (self->loss_chart), "Loss");
  adj_chart_set_x_label (ADJ_CHART (self->loss_chart), "step");
  adj_chart_add_series (ADJ_CHART (self->loss_chart), "train loss", ADJ_CHART_AXIS_LEFT);
  adj_chart_add_series (ADJ_CHART (self->loss_chart), "test loss", ADJ_CHART_AXIS_LEFT);
  adj_chart_add_series (ADJ_CHART (self->loss_chart), "test accuracy", ADJ_CHART_AXIS_RIGHT_UNIT);
  gtk_widget_set_size_request (self->loss_chart, -1, 220);
  gtk_box_append (GTK_BOX (bottom), self->loss_chart);
  self->log_toggle = gtk_check_button_new_with_mnemonic ("_Log scale");
  g_signal_connect (self->log_toggle, "toggled", G_CALLBACK (log_toggled_cb), self);
  gtk_box_append (GTK_BOX (bottom), self->log_toggle);
  gtk_box_append (GTK_BOX (right), bottom);
  gtk_box_append (GTK_BOX (views), right);
  gtk_box_append (GTK_BOX (self->root), views);

  add_part (self, "boundary", self->boundary);
  add_part (self, "neurons", self->neurons);
  add_part (self, "loss", self->loss_chart);
  add_part (self, "norms", self->norm_chart);
  add_part (self, "log-scale", self->log_toggle);
  add_part (self, "status", self->status_label);

  g_signal_connect (self->samples, "notify::selected", G_CALLBACK (data_changed_cb), self);
  g_signal_connect (self->noise, "value-changed", G_CALLBACK (range_changed_cb), self);
  g_signal_connect (self->test, "value-changed", G_CALLBACK (range_changed_cb), self);
  g_signal_connect (self->seed, "notify::value", G_CALLBACK (data_changed_cb), self);
  g_signal_connect (self->hidden, "changed", G_CALLBACK (hidden_changed_cb), self);
  g_signal_connect (self->hidden, "activate", G_CALLBACK (hidden_activate_cb), self);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();
    g_signal_connect (focus, "leave", G_CALLBACK (hidden_leave_cb), self);
    gtk_widget_add_controller (self->hidden, focus);
  }
  g_signal_connect (self->activation, "notify::selected", G_CALLBACK (network_changed_cb), self);
  g_signal_connect (self->loss, "notify::selected", G_CALLBACK (network_changed_cb), self);
  g_signal_connect (self->init, "notify::selected", G_CALLBACK (network_changed_cb), self);
  g_signal_connect (self->reg, "notify::selected", G_CALLBACK (network_changed_cb), self);
  g_signal_connect (self->rate, "notify::selected", G_CALLBACK (network_changed_cb), self);
  g_signal_connect (self->batch, "notify::selected", G_CALLBACK (network_changed_cb), self);
  g_signal_connect (self->optimizer, "notify::selected", G_CALLBACK (network_changed_cb), self);
  g_signal_connect (self->lr, "notify::selected", G_CALLBACK (lr_changed_cb), self);
  g_signal_connect (self->speed_dd, "notify::selected", G_CALLBACK (speed_changed_cb), self);
}

/* ---- vfuncs ------------------------------------------------------------------------------ */

static void
adj_train_lab_dispose (GObject *object)
{
  AdjTrainLab *self = ADJ_TRAIN_LAB (object);

  stop_worker (self);
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
  g_clear_pointer (&self->root, gtk_widget_unparent);
  G_OBJECT_CLASS (adj_train_lab_parent_class)->dispose (object);
}

/* Hidden, the lab gets no ticks to show or take back what the worker does: it stops. */
static void
adj_train_lab_unmap (GtkWidget *widget)
{
  reclaim (ADJ_TRAIN_LAB (widget));
  GTK_WIDGET_CLASS (adj_train_lab_parent_class)->unmap (widget);
}

static void
adj_train_lab_finalize (GObject *object)
{
  AdjTrainLab *self = ADJ_TRAIN_LAB (object);

  stop_worker (self);
  g_mutex_clear (&self->worker_lock);
  g_cond_clear (&self->worker_cond);
  ag_trainer_free (self->trainer);
  ag_train_setup_clear (&self->setup);
  g_free (self->trainer_program);
  g_free (self->problem);
  g_free (self->setup_warning);
  g_free (self->grid);
  g_free (self->unit);
  g_hash_table_unref (self->parts);
  for (guint i = 0; i < AG_N_DATASETS; i++)
    ag_dataset_free (self->thumbs[i]);
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
  widget_class->unmap = adj_train_lab_unmap;

  props[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* Emitted after a training step was handed to the document's player. */
  signals[SHOW_GRAPH] = g_signal_new ("show-graph", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trainlab");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
adj_train_lab_init (AdjTrainLab *self)
{
  g_mutex_init (&self->worker_lock);
  g_cond_init (&self->worker_cond);
  self->parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unit = g_new0 (double, (gsize) ADJ_TRAIN_LAB_GRID * ADJ_TRAIN_LAB_GRID);
  ag_train_setup_init (&self->setup);
  self->eval = (AgTrainEval) { NAN, NAN, NAN, NAN };
  build (self);
}

/* ---- public API -------------------------------------------------------------------------- */

GtkWidget *
adj_train_lab_new (AdjDocument *document)
{
  AdjTrainLab *self;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (document), NULL);
  self = g_object_new (ADJ_TYPE_TRAIN_LAB, NULL);
  self->document = g_object_ref (document);
  setup_from_document (self);
  form_from_setup (self);
  self->graph_changed_id = g_signal_connect (document, "graph-changed", G_CALLBACK (graph_changed_cb), self);
  rebuild_trainer (self);
  return GTK_WIDGET (self);
}

void
adj_train_lab_write_network (AdjTrainLab *self)
{
  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  fit_loss_to_data (self);
  form_from_setup (self);
  apply_setup (self, TRUE);
}

void
adj_train_lab_set_playing (AdjTrainLab *self, gboolean playing)
{
  GtkWidget *inner;

  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  reclaim (self);
  playing = playing && self->trainer != NULL;
  if (self->playing == playing)
    return;
  self->playing = playing;
  /* Paused after the worker went on past the last frame: show where it stopped. */
  if (!playing && self->trainer && ag_trainer_get_step (self->trainer) != self->shown_step)
    {
      show_step (self);
    }
  if (playing && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else if (!playing && self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  inner = gtk_button_get_child (GTK_BUTTON (self->play));
  gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (inner)),
                                playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_label_set_text_with_mnemonic (GTK_LABEL (gtk_widget_get_last_child (inner)), playing ? "_Pause" : "_Train");
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
  reclaim (self);
  if (self->trainer == NULL)
    return FALSE;
  ag_trainer_step (self->trainer);
  show_step (self);
  return TRUE;
}

void
adj_train_lab_reset (AdjTrainLab *self)
{
  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  reclaim (self);
  if (self->trainer == NULL)
    return;
  ag_trainer_reset (self->trainer);
  reset_plots (self);
  show_step (self);
}

gboolean
adj_train_lab_slow_motion (AdjTrainLab *self)
{
  AgTrace *trace;
  AgGraph *shown = NULL;

  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), FALSE);
  reclaim (self);
  if (self->trainer == NULL)
    return FALSE;
  adj_train_lab_set_playing (self, FALSE);
  trace = ag_trace_new ();
  ag_trainer_step_traced (self->trainer, trace, &shown);
  show_step (self);
  adj_document_show_training_step (self->document, shown, trace);
  g_signal_emit (self, signals[SHOW_GRAPH], 0);
  return TRUE;
}

AgTrainer *
adj_train_lab_get_trainer (AdjTrainLab *self)
{
  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), NULL);
  reclaim (self);
  return self->trainer;
}

const AgTrainSetup *
adj_train_lab_get_setup (AdjTrainLab *self)
{
  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), NULL);
  return &self->setup;
}

void
adj_train_lab_set_setup (AdjTrainLab *self, const AgTrainSetup *setup)
{
  AgTrainSetup old;
  gboolean only_lr;

  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  g_return_if_fail (setup != NULL);
  reclaim (self);
  old = self->setup;
  old.lr = setup->lr;
  only_lr = g_strcmp0 (old.csv, setup->csv) == 0 &&
            old.dataset == setup->dataset && old.samples == setup->samples &&
            old.noise == setup->noise && old.test_fraction == setup->test_fraction &&
            old.n_hidden == setup->n_hidden &&
            memcmp (old.hidden, setup->hidden, sizeof old.hidden) == 0 &&
            old.activation == setup->activation && old.loss == setup->loss && old.init == setup->init &&
            old.optimizer == setup->optimizer && old.momentum == setup->momentum &&
            old.batch == setup->batch && old.steps == setup->steps && old.l1 == setup->l1 &&
            old.l2 == setup->l2 && old.seed == setup->seed;
  ag_train_setup_copy (&self->setup, setup);
  form_from_setup (self);
  if (only_lr)
    {
      save_setup (self);
      if (self->trainer)
        ag_trainer_set_lr (self->trainer, self->setup.lr);
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
  GString *s;

  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), NULL);
  reclaim (self);
  if (self->trainer == NULL)
    return g_strdup (self->problem ? self->problem : "Nothing to train");
  s = g_string_new (NULL);
  g_string_append_printf (s, "Step %" G_GUINT64_FORMAT ": train loss %.4g",
                          ag_trainer_get_step (self->trainer), self->eval.train_loss);
  /* With none held out there is no test loss to give (not "nan"). */
  if (ag_trainer_get_test_set (self->trainer) && ag_trainer_get_test_set (self->trainer)->n > 0)
    g_string_append_printf (s, ", test loss %.4g", self->eval.test_loss);
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
  reclaim (self);
  return adj_chart_model_write (adj_chart_get_model (ADJ_CHART (self->loss_chart)), path, 1200, 675, error);
}

void
adj_train_lab_set_dark (AdjTrainLab *self, gboolean dark)
{
  g_return_if_fail (ADJ_IS_TRAIN_LAB (self));
  adj_chart_set_dark (ADJ_CHART (self->loss_chart), dark);
  adj_chart_set_dark (ADJ_CHART (self->norm_chart), dark);
  adj_boundary_view_set_dark (ADJ_BOUNDARY_VIEW (self->boundary), dark);
  adj_neuron_view_set_dark (ADJ_NEURON_VIEW (self->neurons), dark);
  self->dark = dark;
  for (guint i = 0; i < AG_N_DATASETS; i++)
    gtk_widget_queue_draw (gtk_widget_get_first_child (gtk_widget_get_first_child (self->dataset_buttons[i])));
}

GtkWidget *
adj_train_lab_get_part (AdjTrainLab *self, const char *name)
{
  g_return_val_if_fail (ADJ_IS_TRAIN_LAB (self), NULL);
  return g_hash_table_lookup (self->parts, name);
}
