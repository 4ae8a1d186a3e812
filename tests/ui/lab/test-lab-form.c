/* test-lab-form.c: the training lab's setup form on its own: it shows a setup, each control
 * edits its own copy and says what it touched (::changed), and its controls are reachable
 * through the template by their ids. (The speed is the lab's: test-train-lab.c.) */
#include <gtk/gtk.h>

#include "ui/lab/adj-lab-form.h"

typedef struct {
  GtkWidget  *window;
  AdjLabForm *form;
  GArray     *changes;   /* AdjLabFormChange, in order */
} Fixture;

static void
changed_cb (AdjLabForm *form, AdjLabFormChange what, Fixture *f)
{
  g_array_append_val (f->changes, what);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->window = gtk_window_new ();
  f->form = ADJ_LAB_FORM (adj_lab_form_new ());
  f->changes = g_array_new (FALSE, FALSE, sizeof (AdjLabFormChange));
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->form));
  g_signal_connect (f->form, "changed", G_CALLBACK (changed_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (f->changes);
}

static GtkWidget *
child (Fixture *f, const char *id)
{
  GObject *c = gtk_widget_get_template_child (GTK_WIDGET (f->form), ADJ_TYPE_LAB_FORM, id);
  g_assert_nonnull (c);
  return GTK_WIDGET (c);
}

/* The last change, and only one since the last call. */
static AdjLabFormChange
take_change (Fixture *f)
{
  AdjLabFormChange what;

  g_assert_cmpuint (f->changes->len, ==, 1);
  what = g_array_index (f->changes, AdjLabFormChange, 0);
  g_array_set_size (f->changes, 0);
  return what;
}

/* Showing a setup emits nothing; each control says what it touched. */
static void
test_changes (Fixture *f, gconstpointer data)
{
  const AgTrainSetup *s = adj_lab_form_get_setup (f->form);
  AgTrainSetup setup;

  ag_train_setup_init (&setup);
  setup.lr = 0.1;
  setup.n_hidden = 1;
  setup.hidden[0] = 3;
  adj_lab_form_set_setup (f->form, &setup);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "hidden"))), ==, "3");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (child (f, "lr"))), ==, 6);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (f, "lr")), 4);
  g_assert_cmpint (take_change (f), ==, ADJ_LAB_FORM_LR);
  g_assert_cmpfloat (s->lr, ==, 0.01);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (f, "samples")), 5);
  g_assert_cmpint (take_change (f), ==, ADJ_LAB_FORM_DATA);
  g_assert_cmpuint (s->samples, ==, 2000);

  gtk_range_set_value (GTK_RANGE (child (f, "noise")), 0.333);
  g_assert_cmpint (take_change (f), ==, ADJ_LAB_FORM_DATA);
  g_assert_cmpfloat (s->noise, ==, 0.33);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "dataset_xor")), TRUE);
  g_assert_cmpint (take_change (f), ==, ADJ_LAB_FORM_DATASET);
  g_assert_cmpint (s->dataset, ==, AG_DATASET_XOR);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (f, "regularisation")), 2);
  g_assert_cmpint (take_change (f), ==, ADJ_LAB_FORM_TRAINING);
  g_assert_cmpfloat (s->l2, ==, 0.001);
  g_assert_true (gtk_widget_get_sensitive (child (f, "penalty")));

  /* Typing only marks a bad width; Enter applies a good one. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "hidden")), "4, x");
  g_assert_true (gtk_widget_has_css_class (child (f, "hidden"), "error"));
  g_signal_emit_by_name (child (f, "hidden"), "activate");
  g_assert_cmpuint (f->changes->len, ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "hidden")), "4, 2");
  g_signal_emit_by_name (child (f, "hidden"), "activate");
  g_assert_cmpint (take_change (f), ==, ADJ_LAB_FORM_NETWORK);
  g_assert_cmpuint (s->n_hidden, ==, 2);
  g_assert_cmpuint (s->hidden[1], ==, 2);

  ag_train_setup_clear (&setup);
}

/* Every dataset has its button, named after it. */
static void
test_dataset_buttons (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < AG_N_DATASETS; i++)
    {
      g_autofree char *id = g_strdup_printf ("dataset_%s", ag_dataset_kind_to_string (i));
      g_assert_true (GTK_IS_TOGGLE_BUTTON (child (f, id)));
      g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (f, id))) == (i == AG_DATASET_MOONS));
    }
}

/* The setup table (core/train-setup.c) drives the form: every row of the table has its control
 * (or is named here as one the lab leaves to files and `adjoint train`), so a row added to the
 * table fails here until the form shows it; each control's tooltip is its row's help; and no
 * slider reaches past its row. */
static void
test_table (Fixture *f, gconstpointer data)
{
  static const struct { const char *row, *id; } controls[] = {
    { "csv", NULL },          /* the Open CSV… button and its label, not one control */
    { "dataset", NULL },      /* the eight dataset buttons */
    { "samples", "samples" }, { "noise", "noise" }, { "test_fraction", "test" }, { "seed", "seed" },
    { "hidden", "hidden" }, { "activation", "activation" }, { "loss", "loss" }, { "init", "init" },
    { "optimizer", "optimizer" }, { "lr", "lr" }, { "batch", "batch" },
    { "momentum", NULL },     /* the lab trains with the optimizer's default μ */
    { "steps", NULL },        /* the lab trains until paused */
    { "l1", "penalty" }, { "l2", "penalty" },   /* one penalty, chosen by "regularisation" */
  };
  guint n;
  const AgSetupField *rows = ag_train_setup_fields (&n);

  for (guint r = 0; r < n; r++)
    {
      gboolean listed = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
        listed |= g_str_equal (controls[i].row, rows[r].name);
      g_test_message ("row %s", rows[r].name);
      g_assert_true (listed);
    }
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      const AgSetupField *row = ag_train_setup_find (controls[i].row);
      g_assert_nonnull (row);
      if (controls[i].id && !g_str_equal (controls[i].id, "penalty"))
        g_assert_cmpstr (gtk_widget_get_tooltip_text (child (f, controls[i].id)), ==, row->help);
    }

  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_range_get_adjustment (GTK_RANGE (child (f, "noise")))), <=,
                     ag_train_setup_find ("noise")->max);
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_range_get_adjustment (GTK_RANGE (child (f, "test")))), <=,
                     100 * ag_train_setup_find ("test_fraction")->max);
}

int
main (int argc, char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add ("/ui/lab-form/changes", Fixture, NULL, fixture_set_up, test_changes, fixture_tear_down);
  g_test_add ("/ui/lab-form/dataset-buttons", Fixture, NULL, fixture_set_up, test_dataset_buttons, fixture_tear_down);
  g_test_add ("/ui/lab-form/table", Fixture, NULL, fixture_set_up, test_table, fixture_tear_down);
  return g_test_run ();
}
