/* adj-lab-form.c: the training lab's setup form (see adj-lab-form.h). */
#include "ui/lab/adj-lab-form.h"

#include "ui/lab/adj-boundary-view.h"

#include "adj-resources.h"

#include <math.h>
#include <string.h>

/* The values behind the choices that are numbers; the template lists the named ones. */
static const guint samples_choices[] = { 50, 100, 200, 500, 1000, 2000 };
static const double lr_choices[] = { 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3 };
static const guint batch_choices[] = { 1, 4, 8, 16, 32, 64, 128, 0 };
static const double rate_choices[] = { 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1 };

struct _AdjLabForm
{
  GtkWidget    parent_instance;

  /* owned */
  AgTrainSetup setup;
  AgDataset   *thumbs[AG_N_DATASETS];
  gboolean     updating;         /* the controls are being set from the setup: ignore them */
  gboolean     dark;

  /* template children */
  GtkWidget   *dataset_buttons[AG_N_DATASETS];
  GtkWidget   *csv_label;
  GtkWidget   *samples, *noise, *test, *seed;
  GtkWidget   *hidden, *activation, *loss, *init, *regularisation, *penalty;
  GtkWidget   *optimizer, *lr, *batch;
};

G_DEFINE_FINAL_TYPE (AdjLabForm, adj_lab_form, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (AdjLabFormChange, adj_lab_form_change,
  G_DEFINE_ENUM_VALUE (ADJ_LAB_FORM_DATA, "data"),
  G_DEFINE_ENUM_VALUE (ADJ_LAB_FORM_DATASET, "dataset"),
  G_DEFINE_ENUM_VALUE (ADJ_LAB_FORM_NETWORK, "network"),
  G_DEFINE_ENUM_VALUE (ADJ_LAB_FORM_TRAINING, "training"),
  G_DEFINE_ENUM_VALUE (ADJ_LAB_FORM_LR, "lr"))

enum {
  CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* ---- choices ----------------------------------------------------------------------------- */

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

/* Fills @drop_down with the @values the setup table's row @name accepts (0 shows as @all). */
static void
set_numbers (GtkWidget *drop_down, const char *name, const double *values, guint n, const char *all)
{
  const AgSetupField *field = ag_train_setup_find (name);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GtkStringList) model = NULL;

  g_assert (field != NULL);
  for (guint i = 0; i < n; i++)
    {
      /* The choices are fixed in this file, so one the table refuses is a programming error. */
      g_assert (ag_setup_field_accepts (field, values[i]));
      g_ptr_array_add (items, values[i] == 0 && all ? g_strdup (all) : g_strdup_printf ("%g", values[i]));
    }
  g_ptr_array_add (items, NULL);
  model = gtk_string_list_new ((const char *const *) items->pdata);
  gtk_drop_down_set_model (GTK_DROP_DOWN (drop_down), G_LIST_MODEL (model));
}

static void
set_whole_numbers (GtkWidget *drop_down, const char *name, const guint *values, guint n, const char *all)
{
  double d[16];

  g_assert (n <= G_N_ELEMENTS (d));
  for (guint i = 0; i < n; i++)
    d[i] = values[i];
  set_numbers (drop_down, name, d, n, all);
}

/* A slider from the row's minimum to the lesser of its maximum and the lab's @cap, in the
 * control's @unit (100 for a percentage). */
static void
set_slider (GtkWidget *scale, const char *name, double cap, double unit, double step, double page)
{
  const AgSetupField *field = ag_train_setup_find (name);

  g_assert (field != NULL);
  gtk_range_set_adjustment (GTK_RANGE (scale),
                            gtk_adjustment_new (0, field->min * unit, MIN (field->max, cap) * unit,
                                                step, page, 0));
}

/* Each control's tooltip is its row's help, and a named choice lists one item per value the
 * row has, so a value added to the table cannot go missing from the form unseen. */
static void
describe_controls (AdjLabForm *self)
{
  const struct { GtkWidget *control; const char *name; } rows[] = {
    { self->samples, "samples" }, { self->noise, "noise" }, { self->test, "test_fraction" },
    { self->seed, "seed" }, { self->hidden, "hidden" }, { self->activation, "activation" },
    { self->loss, "loss" }, { self->init, "init" }, { self->optimizer, "optimizer" },
    { self->lr, "lr" }, { self->batch, "batch" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const AgSetupField *field = ag_train_setup_find (rows[i].name);
      g_assert (field != NULL);
      gtk_widget_set_tooltip_text (rows[i].control, field->help);
      if (field->type == AG_SETUP_CHOICE)
        g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (rows[i].control))),
                          ==, field->n_choices);
    }
}

/* What the controls can hold: the lab's number choices and slider steps, each checked against
 * and bounded by the setup table (core/train-setup.c), which the validator, the files and
 * `adjoint train` read too. The lab offers narrower steps within the table's ranges (noise to
 * 0.5 and half the data for testing, as TensorFlow Playground does); a file's value beyond them
 * is kept exactly (see data_changed_cb). */
static void
set_ranges (AdjLabForm *self)
{
  set_whole_numbers (self->samples, "samples", samples_choices, G_N_ELEMENTS (samples_choices), NULL);
  set_numbers (self->penalty, "l1", rate_choices, G_N_ELEMENTS (rate_choices), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rate_choices); i++)   /* the same list sets L2 */
    g_assert (ag_setup_field_accepts (ag_train_setup_find ("l2"), rate_choices[i]));
  set_numbers (self->lr, "lr", lr_choices, G_N_ELEMENTS (lr_choices), NULL);
  set_whole_numbers (self->batch, "batch", batch_choices, G_N_ELEMENTS (batch_choices), "all");
  set_slider (self->noise, "noise", 0.5, 1, 0.01, 0.1);
  set_slider (self->test, "test_fraction", 0.5, 100, 5, 50);
  /* A spin button holds a double and the entry is six digits wide: larger seeds come from
   * files and are kept exactly. */
  gtk_spin_button_configure (GTK_SPIN_BUTTON (self->seed),
                             gtk_adjustment_new (0, ag_train_setup_find ("seed")->min, 999999, 1, 10, 0), 1, 0);
  describe_controls (self);
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
  const AgSetupField *row = ag_train_setup_find ("hidden");   /* the table's limits */
  g_auto (GStrv) parts = g_strsplit_set (text, ", ", -1);
  guint n = 0;
  guint widths[AG_TRAIN_MAX_LAYERS];

  g_assert (row->max_count <= G_N_ELEMENTS (widths));
  for (guint i = 0; parts[i]; i++)
    {
      guint64 w;
      if (parts[i][0] == '\0')
        continue;
      if (n == row->max_count ||
          !g_ascii_string_to_unsigned (parts[i], 10, (guint64) row->min, (guint64) row->max, &w, NULL))
        return FALSE;
      widths[n++] = (guint) w;
    }
  s->n_hidden = n;
  memcpy (s->hidden, widths, n * sizeof (guint));
  return TRUE;
}

static void
show_setup (AdjLabForm *self)
{
  const AgTrainSetup *s = &self->setup;
  g_autofree char *hidden = hidden_to_text (s);

  self->updating = TRUE;
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
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->regularisation), s->l1 > 0 ? 1 : s->l2 > 0 ? 2 : 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->penalty),
                              nearest_double (rate_choices, G_N_ELEMENTS (rate_choices),
                                              s->l1 > 0 ? s->l1 : s->l2 > 0 ? s->l2 : 0.001));
  gtk_widget_set_sensitive (self->penalty, s->l1 > 0 || s->l2 > 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->optimizer), s->optimizer);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->lr), nearest_double (lr_choices, G_N_ELEMENTS (lr_choices), s->lr));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->batch), nearest_uint (batch_choices, G_N_ELEMENTS (batch_choices), s->batch));
  self->updating = FALSE;
}

static void
emit_changed (AdjLabForm *self, AdjLabFormChange what)
{
  g_signal_emit (self, signals[CHANGED], 0, what);
}

/* ---- template callbacks ------------------------------------------------------------------ */

static void
dataset_toggled_cb (GtkToggleButton *button, AdjLabForm *self)
{
  if (self->updating || !gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < AG_N_DATASETS; i++)
    if (self->dataset_buttons[i] == GTK_WIDGET (button))
      self->setup.dataset = i;
  g_clear_pointer (&self->setup.csv, g_free);
  emit_changed (self, ADJ_LAB_FORM_DATASET);
}

/* Only the control that moved is read: the others may show a file's value they cannot hold
 * exactly (a seed over 999999, noise over 0.5), which must not be clamped behind the user's back. */
static void
data_changed_cb (GObject *object, GParamSpec *pspec, AdjLabForm *self)
{
  AgTrainSetup *s = &self->setup;
  GtkWidget *w = GTK_WIDGET (object);

  if (self->updating)
    return;
  if (w == self->samples)
    s->samples = samples_choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->samples))];
  else if (w == self->noise)
    s->noise = round (gtk_range_get_value (GTK_RANGE (self->noise)) * 100) / 100;
  else if (w == self->test)
    s->test_fraction = round (gtk_range_get_value (GTK_RANGE (self->test))) / 100;
  else if (w == self->seed)
    s->seed = (guint64) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->seed));
  emit_changed (self, ADJ_LAB_FORM_DATA);
}

static void
range_changed_cb (GtkRange *range, AdjLabForm *self)
{
  data_changed_cb (G_OBJECT (range), NULL, self);
}

static void
new_seed_cb (AdjLabForm *self)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed), g_random_int_range (0, 1000000));
}

/* Activation, loss, weights, penalty, optimizer and batch are read together. */
static void
training_changed_cb (GObject *object, GParamSpec *pspec, AdjLabForm *self)
{
  AgTrainSetup *s = &self->setup;
  guint reg;
  double rate;

  if (self->updating)
    return;
  s->activation = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->activation));
  s->loss = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->loss));
  s->init = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->init));
  reg = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->regularisation));
  rate = rate_choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->penalty))];
  s->l1 = reg == 1 ? rate : 0;
  s->l2 = reg == 2 ? rate : 0;
  gtk_widget_set_sensitive (self->penalty, reg != 0);
  s->batch = batch_choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->batch))];
  s->optimizer = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->optimizer));
  emit_changed (self, ADJ_LAB_FORM_TRAINING);
}

/* Typing only checks the widths (a half-typed "8, " must not rebuild the network); Enter or
 * leaving the field applies them (hidden_apply). */
static void
hidden_changed_cb (GtkEditable *editable, AdjLabForm *self)
{
  AgTrainSetup copy = self->setup;

  if (hidden_from_text (gtk_editable_get_text (editable), &copy))
    gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
}

static void
hidden_apply (AdjLabForm *self)
{
  AgTrainSetup copy = self->setup;

  if (self->updating ||
      !hidden_from_text (gtk_editable_get_text (GTK_EDITABLE (self->hidden)), &copy))
    return;
  if (copy.n_hidden == self->setup.n_hidden &&
      memcmp (copy.hidden, self->setup.hidden, copy.n_hidden * sizeof (guint)) == 0)
    return;
  self->setup.n_hidden = copy.n_hidden;
  memcpy (self->setup.hidden, copy.hidden, sizeof copy.hidden);
  emit_changed (self, ADJ_LAB_FORM_NETWORK);
}

static void
lr_changed_cb (GObject *object, GParamSpec *pspec, AdjLabForm *self)
{
  if (self->updating)
    return;
  self->setup.lr = lr_choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->lr))];
  emit_changed (self, ADJ_LAB_FORM_LR);
}

static void
csv_response_cb (GtkNativeDialog *dialog, int response, AdjLabForm *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      if (path)
        {
          g_free (self->setup.csv);
          self->setup.csv = g_steal_pointer (&path);
          emit_changed (self, ADJ_LAB_FORM_DATASET);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
open_csv_cb (AdjLabForm *self)
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

static void
thumbnail_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  AdjLabForm *self = ADJ_LAB_FORM (gtk_widget_get_ancestor (GTK_WIDGET (area), ADJ_TYPE_LAB_FORM));
  const AgDataset *ds = data;

  adj_boundary_draw_thumbnail (cr, MIN (width, height), ds, AG_DATASET_EXTENT, self && self->dark);
}

/* The drawing area at the top of a dataset's button. */
static GtkWidget *
thumbnail_area (AdjLabForm *self, guint i)
{
  return gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (self->dataset_buttons[i])));
}

/* ---- the type ---------------------------------------------------------------------------- */

static void
adj_lab_form_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), ADJ_TYPE_LAB_FORM);
  /* The headings and grids are children too, but not bound ones. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (adj_lab_form_parent_class)->dispose (object);
}

/* As a GtkBox: the controls that expand make the form expand, so it takes its share of the
 * lab's width (a plain GtkWidget would not). */
static void
adj_lab_form_compute_expand (GtkWidget *widget, gboolean *hexpand, gboolean *vexpand)
{
  *hexpand = *vexpand = FALSE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      *hexpand = *hexpand || gtk_widget_compute_expand (c, GTK_ORIENTATION_HORIZONTAL);
      *vexpand = *vexpand || gtk_widget_compute_expand (c, GTK_ORIENTATION_VERTICAL);
    }
}

static void
adj_lab_form_finalize (GObject *object)
{
  AdjLabForm *self = ADJ_LAB_FORM (object);

  ag_train_setup_clear (&self->setup);
  for (guint i = 0; i < AG_N_DATASETS; i++)
    ag_dataset_free (self->thumbs[i]);
  G_OBJECT_CLASS (adj_lab_form_parent_class)->finalize (object);
}

static void
adj_lab_form_class_init (AdjLabFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adj_lab_form_dispose;
  object_class->finalize = adj_lab_form_finalize;
  widget_class->compute_expand = adj_lab_form_compute_expand;

  /* Emitted after the user changed the form's setup; the argument says what. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, ADJ_TYPE_LAB_FORM_CHANGE);

  /* The bundle registers itself from a constructor, but a linker takes its object out of a
   * static library only when something refers to it: this does. */
  adj_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/adjoint/Adjoint/ui/adj-lab-form.ui");
  /* The dataset buttons are named after the datasets: dataset_moons, … */
  for (guint i = 0; i < AG_N_DATASETS; i++)
    {
      g_autofree char *id = g_strdup_printf ("dataset_%s", ag_dataset_kind_to_string (i));
      gtk_widget_class_bind_template_child_full (widget_class, id, FALSE,
                                                 G_STRUCT_OFFSET (AdjLabForm, dataset_buttons) + i * sizeof (GtkWidget *));
    }
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, csv_label);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, samples);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, noise);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, test);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, seed);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, hidden);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, activation);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, loss);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, init);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, regularisation);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, penalty);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, optimizer);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, lr);
  gtk_widget_class_bind_template_child (widget_class, AdjLabForm, batch);
  gtk_widget_class_bind_template_callback (widget_class, dataset_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_csv_cb);
  gtk_widget_class_bind_template_callback (widget_class, data_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_seed_cb);
  gtk_widget_class_bind_template_callback (widget_class, hidden_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, hidden_apply);
  gtk_widget_class_bind_template_callback (widget_class, training_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lr_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labform");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
adj_lab_form_init (AdjLabForm *self)
{
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  set_ranges (self);
  for (guint i = 0; i < AG_N_DATASETS; i++)
    {
      self->thumbs[i] = ag_dataset_generate (i, 150, 0.05, 7, NULL);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (thumbnail_area (self, i)), thumbnail_draw,
                                      self->thumbs[i], NULL);
    }
  ag_train_setup_init (&self->setup);
  show_setup (self);
}

/* ---- public API -------------------------------------------------------------------------- */

GtkWidget *
adj_lab_form_new (void)
{
  return g_object_new (ADJ_TYPE_LAB_FORM, NULL);
}

void
adj_lab_form_set_setup (AdjLabForm *self, const AgTrainSetup *setup)
{
  g_return_if_fail (ADJ_IS_LAB_FORM (self));
  g_return_if_fail (setup != NULL);
  ag_train_setup_copy (&self->setup, setup);
  show_setup (self);
}

const AgTrainSetup *
adj_lab_form_get_setup (AdjLabForm *self)
{
  g_return_val_if_fail (ADJ_IS_LAB_FORM (self), NULL);
  return &self->setup;
}

void
adj_lab_form_set_dark (AdjLabForm *self, gboolean dark)
{
  g_return_if_fail (ADJ_IS_LAB_FORM (self));
  self->dark = dark;
  for (guint i = 0; i < AG_N_DATASETS; i++)
    gtk_widget_queue_draw (thumbnail_area (self, i));
}
