/* test-train-lab.c: the training lab in a window: training steps, the form's effects on the
 * program and the trainer, the live views, one step in slow motion on the player, and the
 * setup kept in the file. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include "tests/lsan-glib.h"
#include <math.h>
#include <string.h>

#include "app/window/adj-window.h"
#include "core/format.h"
#include "ui/lab/adj-boundary-view.h"
#include "ui/lab/adj-chart.h"
#include "ui/lab/adj-lab-form.h"
#include "ui/graph/adj-document.h"
#include "ui/lab/adj-neuron-view.h"
#include "ui/lab/adj-train-lab.h"

static AdjDocument *
lab_document (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"), "training-lab.adjoint", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  AdjDocument *doc = adj_document_new ();

  g_assert_true (adj_document_load (doc, file, &error));
  g_assert_no_error (error);
  return doc;
}

typedef struct {
  AdjDocument *doc;
  GtkWidget   *window;
  AdjTrainLab *lab;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->doc = lab_document ();
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  f->lab = ADJ_TRAIN_LAB (adj_train_lab_new (f->doc));
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->lab));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->doc);
}

/* A child of the lab's template: "loss", "play", "write_network", the form, … */
static GtkWidget *
lab_child (AdjTrainLab *lab, const char *id)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (lab), ADJ_TYPE_TRAIN_LAB, id);
  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* A control of the lab's form: "speed", "hidden", "dataset_sine", … */
static GtkWidget *
form_child (AdjTrainLab *lab, const char *id)
{
  GObject *child = gtk_widget_get_template_child (lab_child (lab, "form"), ADJ_TYPE_LAB_FORM, id);
  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
select_dropdown (AdjTrainLab *lab, const char *id, guint index)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (form_child (lab, id)), index);
}

static void
test_steps (Fixture *f, gconstpointer data)
{
  AdjChart *loss = ADJ_CHART (lab_child (f->lab, "loss"));
  AdjChart *norms = ADJ_CHART (lab_child (f->lab, "norms"));
  const AgTrainEval *e = adj_train_lab_get_eval (f->lab);
  const double first_loss = e->train_loss;
  g_autofree char *status = NULL;

  g_assert_nonnull (adj_train_lab_get_trainer (f->lab));
  g_assert_false (adj_train_lab_get_playing (f->lab));
  g_assert_cmpuint (adj_chart_get_n_points (loss, 0), ==, 1);   /* the start */
  for (guint k = 0; k < 300; k++)
    g_assert_true (adj_train_lab_step (f->lab));
  g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (f->lab)), ==, 300);
  g_assert_cmpuint (adj_chart_get_n_points (loss, 0), ==, 301);
  g_assert_cmpuint (adj_chart_get_n_points (loss, 2), ==, 301);
  g_assert_cmpuint (adj_chart_get_n_series (norms), ==, 3);        /* ∇W1, ∇W2, ∇W3 */
  g_assert_cmpuint (adj_chart_get_n_points (norms, 0), ==, 300);
  g_assert_cmpfloat (e->train_loss, <, 0.1 * first_loss);
  g_assert_cmpfloat (e->test_accuracy, >=, 0.97);
  status = adj_train_lab_dup_status (f->lab);
  g_assert_true (g_str_has_prefix (status, "Step 300: train loss "));
  g_assert_nonnull (strstr (status, "test accuracy"));
  /* One format for people (issue 15: the header said "7.328e-05" where the legend said
   * "7.33×10⁻⁵"): the header writes the losses as ag_format_human() does, the legend the same. */
  {
    g_autoptr (GString) want = g_string_new ("Step 300: train loss ");
    g_autofree char *legend = adj_chart_dup_summary (loss);
    char *comma;

    ag_format_human (want, e->train_loss);
    g_string_append (want, ", test loss ");
    ag_format_human (want, e->test_loss);
    g_test_message ("%s / %s", status, legend);
    g_assert_true (g_str_has_prefix (status, want->str));
    g_assert_null (strstr (status, "e-"));
    /* "Loss: train loss 0.01234, test loss …": the legend's numbers are the header's. */
    comma = strstr (want->str, ", test accuracy");
    if (comma)
      *comma = '\0';
    g_assert_nonnull (strstr (legend, want->str + strlen ("Step 300: ")));
  }

  /* Reset: the same run again from the first weights. */
  adj_train_lab_reset (f->lab);
  g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (f->lab)), ==, 0);
  g_assert_cmpfloat (adj_train_lab_get_eval (f->lab)->train_loss, ==, first_loss);
  g_assert_cmpuint (adj_chart_get_n_points (loss, 0), ==, 1);

  /* The views' summaries say what they show. */
  {
    g_autofree char *b = adj_boundary_view_dup_summary (ADJ_BOUNDARY_VIEW (lab_child (f->lab, "boundary")));
    g_autofree char *n = adj_neuron_view_dup_summary (ADJ_NEURON_VIEW (lab_child (f->lab, "neurons")));
    g_test_message ("%s / %s", b, n);
    g_assert_nonnull (strstr (b, "160"));
    g_assert_nonnull (strstr (n, "2-8-8-1"));
  }
}

/* Playing trains on the frame clock while the window keeps drawing. */
/* "As fast as it goes" trains on a worker thread between frames. Pausing shows where it got
 * to, nothing trains after, and the run is the same, bit for bit, as the same number of steps
 * headless: no step lost, repeated or raced. */
static void
test_play_fast (Fixture *f, gconstpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  AdjChart *loss = ADJ_CHART (lab_child (f->lab, "loss"));
  const gsize points_before = adj_chart_get_n_points (loss, 0);
  guint64 stopped;
  AgTrainEval now, shown;

  select_dropdown (f->lab, "speed", 3);
  g_signal_emit_by_name (lab_child (f->lab, "play"), "clicked");
  g_assert_true (adj_train_lab_get_playing (f->lab));
  while (ag_trainer_get_step (adj_train_lab_get_trainer (f->lab)) < 3000 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_emit_by_name (lab_child (f->lab, "play"), "clicked");
  g_assert_false (adj_train_lab_get_playing (f->lab));
  stopped = ag_trainer_get_step (adj_train_lab_get_trainer (f->lab));
  g_assert_cmpuint (stopped, >=, 3000);
  g_assert_cmpuint (adj_chart_get_n_points (loss, 0), >, points_before);

  /* The views show the last step: the lab's numbers are the trainer's now. */
  shown = *adj_train_lab_get_eval (f->lab);
  ag_trainer_evaluate (adj_train_lab_get_trainer (f->lab), &now);
  g_assert_cmpfloat (shown.train_loss, ==, now.train_loss);

  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (f->lab)), ==, stopped);

  /* The same steps headless. */
  {
    g_autoptr (AgTrainer) headless = ag_trainer_new (adj_document_get_program (f->doc),
                                                     adj_train_lab_get_setup (f->lab), NULL);
    AgTrainEval e;
    g_assert_nonnull (headless);
    for (guint64 i = 0; i < stopped; i++)
      ag_trainer_step (headless);
    ag_trainer_evaluate (headless, &e);
    g_assert_cmpfloat (e.train_loss, ==, now.train_loss);
    g_assert_cmpfloat (e.test_loss, ==, now.test_loss);
  }
}

static void
test_play (Fixture *f, gconstpointer data)
{
  AgTrainer *t = adj_train_lab_get_trainer (f->lab);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_signal_emit_by_name (lab_child (f->lab, "play"), "clicked");
  g_assert_true (adj_train_lab_get_playing (f->lab));
  while (ag_trainer_get_step (t) < 50 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ag_trainer_get_step (t), >=, 50);
  g_signal_emit_by_name (lab_child (f->lab, "play"), "clicked");
  g_assert_false (adj_train_lab_get_playing (f->lab));
  {
    const guint64 stopped = ag_trainer_get_step (t);
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (ag_trainer_get_step (t), ==, stopped);
  }
}

/* The learning rate changes the steps to come, not the network. */
static void
test_learning_rate_keeps_network (Fixture *f, gconstpointer data)
{
  AgTrainer *t = adj_train_lab_get_trainer (f->lab);

  for (guint k = 0; k < 20; k++)
    adj_train_lab_step (f->lab);
  select_dropdown (f->lab, "lr", 4);   /* 0.01 */
  g_assert_true (adj_train_lab_get_trainer (f->lab) == t);
  g_assert_cmpuint (ag_trainer_get_step (t), ==, 20);
  g_assert_cmpfloat (adj_train_lab_get_setup (f->lab)->lr, ==, 0.01);
  g_assert_true (adj_document_get_modified (f->doc));
}

/* The network's form writes the program; the data decide the output layer and the loss. */
static void
test_form_writes_program (Fixture *f, gconstpointer data)
{
  GtkEditable *hidden = GTK_EDITABLE (form_child (f->lab, "hidden"));

  gtk_editable_set_text (hidden, "4");
  g_signal_emit_by_name (hidden, "activate");
  g_assert_nonnull (strstr (adj_document_get_program (f->doc), "param W2 = xavier(4, 1)"));
  g_assert_null (strstr (adj_document_get_program (f->doc), "h2"));
  g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (f->lab)), ==, 0);
  {
    g_autofree char *n = adj_neuron_view_dup_summary (ADJ_NEURON_VIEW (lab_child (f->lab, "neurons")));
    g_assert_nonnull (strstr (n, "2-4-1"));
  }

  /* A bad width is marked and changes nothing. */
  gtk_editable_set_text (hidden, "4, 0");
  g_signal_emit_by_name (hidden, "activate");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (hidden), "error"));
  g_assert_nonnull (strstr (adj_document_get_program (f->doc), "param W2 = xavier(4, 1)"));

  select_dropdown (f->lab, "activation", AG_ACTIVATION_RELU);
  g_assert_nonnull (strstr (adj_document_get_program (f->doc), "h1 = relu(X @ W1 + b1)"));

  g_assert_cmpstr (adj_document_get_title (f->doc), ==, "Training lab: two moons");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (form_child (f->lab, "dataset_spiral3")), TRUE);
  /* Issue 15: the title said "two moons" after another dataset was chosen. */
  g_assert_cmpstr (adj_document_get_title (f->doc), ==, "Training lab: three-arm spiral");
  g_assert_cmpint (adj_train_lab_get_setup (f->lab)->loss, ==, AG_LOSS_CROSS_ENTROPY);
  g_assert_nonnull (strstr (adj_document_get_program (f->doc), "loss = cross_entropy(out, y)"));
  g_assert_nonnull (strstr (adj_document_get_program (f->doc), "param W2 = xavier(4, 3)"));
  g_assert_cmpuint (ag_trainer_get_n_outputs (adj_train_lab_get_trainer (f->lab)), ==, 3);

  select_dropdown (f->lab, "regularisation", 2);
  g_assert_nonnull (strstr (adj_document_get_program (f->doc), " * (sum(W1 * W1) + sum(W2 * W2))"));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (form_child (f->lab, "dataset_sine")), TRUE);
  g_assert_cmpint (adj_train_lab_get_setup (f->lab)->loss, ==, AG_LOSS_MSE);
  g_assert_nonnull (adj_train_lab_get_trainer (f->lab));
  for (guint k = 0; k < 5; k++)
    adj_train_lab_step (f->lab);
  g_assert_true (isnan (adj_train_lab_get_eval (f->lab)->test_accuracy));
}

/* The title names the dataset while it is the lab's own; the user's own title stays. */
static void
test_title (Fixture *f, gconstpointer data)
{
  AgTrainSetup s;
  char *t;

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (form_child (f->lab, "dataset_spiral")), TRUE);
  g_assert_cmpstr (adj_document_get_title (f->doc), ==, "Training lab: spiral");
  g_assert_true (adj_document_get_modified (f->doc));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (form_child (f->lab, "dataset_xor")), TRUE);
  g_assert_cmpstr (adj_document_get_title (f->doc), ==, "Training lab: XOR");
  adj_document_set_title (f->doc, "My own run");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (form_child (f->lab, "dataset_moons")), TRUE);
  g_assert_cmpstr (adj_document_get_title (f->doc), ==, "My own run");

  ag_train_setup_init (&s);
  s.dataset = AG_DATASET_SINE;
  t = adj_train_lab_dup_title ("Training lab", &s);
  g_assert_cmpstr (t, ==, "Training lab: sine (regression)");
  g_free (t);
  t = adj_train_lab_dup_title (NULL, &s);
  g_assert_cmpstr (t, ==, "Training lab: sine (regression)");
  g_free (t);
  g_assert_null (adj_train_lab_dup_title ("Training labs", &s));
  s.csv = g_strdup ("/data/points.csv");
  t = adj_train_lab_dup_title ("Training lab: two moons", &s);
  g_assert_cmpstr (t, ==, "Training lab: points.csv");
  g_free (t);
  ag_train_setup_clear (&s);
}

/* One step in slow motion: the document's player gets zero-grad, forward, backward and the
 * updates, at its start, and the lab asks for the graph. */
static void
show_graph_cb (AdjTrainLab *lab, gboolean *shown)
{
  *shown = TRUE;
}

static void
test_slow_motion (Fixture *f, gconstpointer data)
{
  gboolean shown = FALSE;
  const AgTrace *trace;
  const AgGraph *g;
  guint n;

  g_signal_connect (f->lab, "show-graph", G_CALLBACK (show_graph_cb), &shown);
  for (guint k = 0; k < 10; k++)
    adj_train_lab_step (f->lab);
  g_assert_true (adj_train_lab_slow_motion (f->lab));
  g_assert_true (shown);
  g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (f->lab)), ==, 11);
  trace = adj_document_get_trace (f->doc);
  g = adj_document_get_graph (f->doc);
  n = ag_trace_n_steps (trace);
  g_assert_cmpuint (adj_document_get_step (f->doc), ==, 0);
  g_assert_cmpuint (adj_document_get_n_steps (f->doc), ==, n);
  /* The example's lesson captions are for its own run, not for a recorded step. */
  g_assert_null (adj_document_get_caption (f->doc, 0));
  g_assert_cmpint (ag_trace_step (trace, 0)->kind, ==, AG_STEP_ZERO_GRAD);
  g_assert_cmpint (ag_trace_step (trace, n - 1)->kind, ==, AG_STEP_UPDATE);
  g_assert_cmpuint (ag_trace_step (trace, n - 1)->to, ==, ag_graph_lookup (g, "b3"));
  g_assert_cmpint (ag_trace_step (trace, adj_document_get_phase_start (f->doc))->kind, ==, AG_STEP_SEED);
  /* The step's text, at the end: the last parameter moved. */
  {
    g_autofree char *text = adj_document_dup_step_text (f->doc, n);
    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "b3"));
  }
  /* The program did not change, so the lab keeps its trainer. */
  g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (f->lab)), ==, 11);
}

/* A program the lab cannot train says why, and offers a network. */
static void
test_not_a_network (void)
{
  AdjDocument *doc = adj_document_new ();
  GtkWidget *window = gtk_window_new ();
  AdjTrainLab *lab;
  g_autofree char *status = NULL;

  adj_document_set_program (doc, "x = 3\ny = x^2");
  lab = ADJ_TRAIN_LAB (adj_train_lab_new (doc));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (lab));
  g_assert_null (adj_train_lab_get_trainer (lab));
  status = adj_train_lab_dup_status (lab);
  g_assert_true (g_str_has_prefix (status, "This program cannot be trained: "));
  g_assert_nonnull (strstr (status, "data X"));
  g_assert_false (adj_train_lab_step (lab));
  g_assert_false (gtk_widget_get_sensitive (lab_child (lab, "play")));

  g_signal_emit_by_name (lab_child (lab, "write_network"), "clicked");
  g_assert_nonnull (adj_train_lab_get_trainer (lab));
  g_assert_nonnull (strstr (adj_document_get_program (doc), "data X = zeros(32, 2)"));
  g_assert_nonnull (adj_document_get_training (doc));

  /* Editing the program into something else: the lab says so again, and recovers. */
  adj_document_set_program (doc, "data X = zeros(4, 2)\nloss = sum(X)");
  g_assert_null (adj_train_lab_get_trainer (lab));
  adj_train_lab_write_network (lab);
  g_assert_nonnull (adj_train_lab_get_trainer (lab));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (doc);
}

/* The setup is saved in the file and comes back exactly. */
static void
test_setup_saved (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-lab-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "lab.adjoint", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  AdjDocument *again = adj_document_new ();
  AgTrainSetup saved;

  gtk_editable_set_text (GTK_EDITABLE (form_child (f->lab, "hidden")), "6, 5, 4");
  g_signal_emit_by_name (form_child (f->lab, "hidden"), "activate");
  select_dropdown (f->lab, "optimizer", AG_OPTIM_MOMENTUM);
  select_dropdown (f->lab, "lr", 2);
  select_dropdown (f->lab, "batch", 7);      /* all */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (form_child (f->lab, "seed")), 42);
  g_assert_true (adj_document_save (f->doc, file, &error));
  g_assert_no_error (error);

  g_assert_true (adj_document_load (again, file, &error));
  g_assert_no_error (error);
  g_assert_true (ag_train_setup_from_json (adj_document_get_training (again), &saved, &error));
  {
    const AgTrainSetup *s = adj_train_lab_get_setup (f->lab);
    g_assert_cmpuint (saved.n_hidden, ==, 3);
    g_assert_cmpuint (saved.hidden[2], ==, 4);
    g_assert_cmpint (saved.optimizer, ==, AG_OPTIM_MOMENTUM);
    g_assert_cmpfloat (saved.lr, ==, 0.001);
    g_assert_cmpuint (saved.batch, ==, 0);
    g_assert_true (saved.seed == 42);
    g_assert_cmpfloat (saved.lr, ==, s->lr);
  }
  g_assert_cmpstr (adj_document_get_program (again), ==, adj_document_get_program (f->doc));
  /* A lab opened on the saved file trains the same run. */
  {
    GtkWidget *w = gtk_window_new ();
    AdjTrainLab *lab2 = ADJ_TRAIN_LAB (adj_train_lab_new (again));
    gtk_window_set_child (GTK_WINDOW (w), GTK_WIDGET (lab2));
    adj_train_lab_reset (f->lab);
    for (guint k = 0; k < 5; k++)
      {
        adj_train_lab_step (f->lab);
        adj_train_lab_step (lab2);
      }
    g_assert_cmpfloat (adj_train_lab_get_eval (lab2)->train_loss, ==, adj_train_lab_get_eval (f->lab)->train_loss);
    gtk_window_destroy (GTK_WINDOW (w));
  }
  ag_train_setup_clear (&saved);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (again);
  g_remove (path);
  g_rmdir (dir);
}

/* The optimizer and the batch are not the network: choosing them keeps the user's edits to the
 * program. A setup written differently (a member this version does not know, a seed as a
 * string) is the same setup: a replayed step does not restart the run. */
static void
test_edits_kept (Fixture *f, gconstpointer data)
{
  g_autofree char *edited = g_strconcat (adj_document_get_program (f->doc), "# my note\n", NULL);
  adj_document_set_program (f->doc, edited);
  select_dropdown (f->lab, "optimizer", AG_OPTIM_SGD);
  g_assert_nonnull (strstr (adj_document_get_program (f->doc), "# my note"));
  g_assert_cmpint (adj_train_lab_get_setup (f->lab)->optimizer, ==, AG_OPTIM_SGD);
  select_dropdown (f->lab, "batch", 3);   /* 16: the program is the user's, so it stays */
  g_assert_nonnull (strstr (adj_document_get_program (f->doc), "# my note"));
  g_assert_cmpuint (adj_train_lab_get_setup (f->lab)->batch, ==, 16);
  g_assert_cmpuint (ag_graph_node (ag_trainer_get_graph (adj_train_lab_get_trainer (f->lab)),
                                   ag_graph_lookup (ag_trainer_get_graph (adj_train_lab_get_trainer (f->lab)), "X"))->shape.rows, ==, 16);

  {
    g_autoptr (JsonNode) node = ag_train_setup_to_json (adj_train_lab_get_setup (f->lab));
    JsonObject *o = json_node_get_object (node);
    json_object_set_int_member (o, "from_a_newer_version", 1);
    json_object_set_string_member (o, "seed", "1");
    adj_document_set_training (f->doc, node);
  }
  for (guint k = 0; k < 7; k++)
    adj_train_lab_step (f->lab);
  g_assert_true (adj_train_lab_slow_motion (f->lab));
  g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (f->lab)), ==, 8);
}

/* The form reads only the control that moved: a file's values the controls cannot hold (a
 * seed over 999999, noise over 0.5) stay as they are when another one changes. The log scale
 * box sets the loss chart's axis. */
static void
test_form_keeps_values (Fixture *f, gconstpointer data)
{
  AgTrainSetup s;

  ag_train_setup_init (&s);
  ag_train_setup_copy (&s, adj_train_lab_get_setup (f->lab));
  s.seed = 5000000;
  s.noise = 0.7;
  adj_train_lab_set_setup (f->lab, &s);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (form_child (f->lab, "seed"))), ==, 999999);
  select_dropdown (f->lab, "samples", 0);
  g_assert_cmpuint (adj_train_lab_get_setup (f->lab)->samples, ==, 50);
  g_assert_true (adj_train_lab_get_setup (f->lab)->seed == 5000000);
  g_assert_cmpfloat (adj_train_lab_get_setup (f->lab)->noise, ==, 0.7);
  g_assert_cmpuint (ag_trainer_get_train_set (adj_train_lab_get_trainer (f->lab))->n +
                    ag_trainer_get_test_set (adj_train_lab_get_trainer (f->lab))->n, ==, 50);
  ag_train_setup_clear (&s);

  g_assert_false (adj_chart_get_log_scale (ADJ_CHART (lab_child (f->lab, "loss"))));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (lab_child (f->lab, "log_scale")), TRUE);
  g_assert_true (adj_chart_get_log_scale (ADJ_CHART (lab_child (f->lab, "loss"))));
}

/* A file whose setup is broken trains with the defaults, and says so. */
static void
test_bad_setup (void)
{
  AdjDocument *doc = lab_document ();
  GtkWidget *window = gtk_window_new ();
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *status = NULL;
  AdjTrainLab *lab;

  g_assert_true (json_parser_load_from_data (parser, "{\"lr\": \"fast\"}", -1, NULL));
  adj_document_set_training (doc, json_parser_get_root (parser));
  lab = ADJ_TRAIN_LAB (adj_train_lab_new (doc));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (lab));
  g_assert_nonnull (adj_train_lab_get_trainer (lab));
  g_assert_cmpfloat (adj_train_lab_get_setup (lab)->lr, ==, 0.03);
  status = adj_train_lab_dup_status (lab);
  g_assert_nonnull (strstr (status, "training.lr must be"));
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (doc);
}

/* ---- the lab in the application's window ------------------------------------------------ */

static void
activate (AdjWindow *window, const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

static void
activate_with (AdjWindow *window, const char *action, GVariant *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, parameter));
}

static const char *
label_text (AdjWindow *window, const char *part)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), ADJ_TYPE_WINDOW, part)));
}

static AdjWindow *
open_window (const char *example)
{
  AdjWindow *window = adj_window_new (NULL);
  g_autoptr (GError) error = NULL;
  const gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (adj_window_open_example (window, example, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

static void
close_window (AdjWindow *window)
{
  AdjDocument *document = g_object_ref (adj_window_get_document (window));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_finalize_object (document);
}

/* The training lab's example opens on the lab's page; the player's keys drive training there;
 * slow motion hands one step to the graph's page, whose player walks through it. */
static void
test_training_lab (void)
{
  AdjWindow *window = open_window ("training-lab");
  AdjDocument *doc = adj_window_get_document (window);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), ADJ_TYPE_WINDOW, "stack"));
  AdjTrainLab *lab;
  AgTrainer *t;
  guint n;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "lab");
  lab = ADJ_TRAIN_LAB (adj_window_get_lab (window));
  g_assert_nonnull (lab);
  t = adj_train_lab_get_trainer (lab);
  g_assert_nonnull (t);
  activate (window, "win.step-forward");
  activate (window, "win.step-forward");
  g_assert_cmpuint (ag_trainer_get_step (t), ==, 2);
  activate (window, "win.play");
  g_assert_true (adj_train_lab_get_playing (lab));
  activate (window, "win.play");
  g_assert_false (adj_train_lab_get_playing (lab));

  g_assert_true (adj_train_lab_slow_motion (lab));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "graph");
  g_assert_true (adj_document_is_replaying (doc));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "edit-caption"));
  n = adj_document_get_n_steps (doc);
  g_assert_cmpuint (adj_document_get_step (doc), <=, 1);   /* from the start, playing */
  /* It plays at once (issue 15: it waited at 0 / 41): the steps go by with no key pressed. */
  {
    const gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    g_assert_true (adj_graph_view_get_playing (adj_window_get_graph_view (window)));
    while (adj_document_get_step (doc) < 2 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (adj_document_get_step (doc), >=, 2);
    adj_graph_view_set_playing (adj_window_get_graph_view (window), FALSE);
    adj_document_set_step (doc, 0);
  }
  adj_graph_view_set_animate (adj_window_get_graph_view (window), FALSE);
  for (guint k = 0; k < n; k++)
    activate (window, "win.step-forward");
  g_assert_cmpuint (adj_document_get_step (doc), ==, n);
  g_assert_true (g_str_has_prefix (label_text (window, "caption"), "update"));
  /* Leaving the lab's page stops training; coming back finds it where it was. */
  activate_with (window, "win.show-page", g_variant_new_string ("lab"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "lab");
  g_assert_true (adj_window_get_lab (window) == GTK_WIDGET (lab));

  /* A lesson opens on the graph. */
  g_assert_true (adj_window_open_example (window, "05-paths-add-up", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "graph");
  close_window (window);
}

/* ---- the lab's keys wherever the user clicked ------------------------------------------- */

/* TRUE when @trigger is @keyval without modifiers (alone or as one of alternatives). */
static gboolean
trigger_is_key (GtkShortcutTrigger *trigger, guint keyval)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_is_key (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval) ||
           trigger_is_key (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval);
  return GTK_IS_KEYVAL_TRIGGER (trigger) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0;
}

/* Runs the first of @controller's shortcuts for @keyval on @widget; TRUE when one took it. */
static gboolean
run_shortcut (GtkShortcutController *controller, GtkWidget *widget, guint keyval)
{
  GListModel *shortcuts = G_LIST_MODEL (controller);

  for (guint i = 0; i < g_list_model_get_n_items (shortcuts); i++)
    {
      g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);
      if (trigger_is_key (gtk_shortcut_get_trigger (shortcut), keyval) &&
          gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                        widget, gtk_shortcut_get_arguments (shortcut)))
        return TRUE;
    }
  return FALSE;
}

/* Presses @keyval in @window as GTK 4 delivers it (it cannot synthesize one): from the focused
 * widget (the window without one) up to the window, each widget's bubble-phase key controllers,
 * then its shortcuts (the class's bindings among them: the divider's Home, End and arrows).
 * Returns whether a widget took it. */
static gboolean
send_key (GtkWidget *window, guint keyval)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  for (GtkWidget *w = focus ? focus : window; w; w = gtk_widget_get_parent (w))
    {
      g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (w);
      gboolean handled = FALSE;

      for (guint i = 0; !handled && i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
          if (gtk_event_controller_get_propagation_phase (c) != GTK_PHASE_BUBBLE)
            continue;
          if (GTK_IS_EVENT_CONTROLLER_KEY (c))
            g_signal_emit_by_name (c, "key-pressed", keyval, 0, 0, &handled);
          else if (GTK_IS_SHORTCUT_CONTROLLER (c))
            handled = run_shortcut (GTK_SHORTCUT_CONTROLLER (c), w, keyval);
        }
      if (handled)
        return TRUE;
    }
  return FALSE;
}

/* A press of the primary button at the middle of @plot, as the lab sees it: its click
 * gestures run (the lab's own in capture, then the plot's). */
static void
click_plot (AdjTrainLab *lab, GtkWidget *plot)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (lab));
  graphene_point_t at;

  g_assert_true (gtk_widget_compute_point (plot, GTK_WIDGET (lab),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (plot) / 2.f,
                                                                 gtk_widget_get_height (plot) - 4.f),
                                           &at));
  g_assert_true (gtk_widget_pick (GTK_WIDGET (lab), at.x, at.y, GTK_PICK_DEFAULT) == plot);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_CLICK (c))
        g_signal_emit_by_name (c, "pressed", 1, (double) at.x, (double) at.y);
    }
}

static void
spin (guint ms)
{
  const gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Issue 15: after a click on a plot, Space did not train and → did not step; End collapsed the
 * lab (the focus had stayed on the window's divider, which moves with Home, End and the
 * arrows), and after End, → moved the focus instead of stepping (the graph's player was at its
 * end). Wherever the focus was (the divider, the editor) and whichever plot is clicked, the
 * keys are the lab's, and the divider stays. The lab's page takes them when it is shown, too. */
static void
test_lab_keys (void)
{
  AdjWindow *window = open_window ("training-lab");
  GtkWidget *w = GTK_WIDGET (window);
  GtkWidget *paned = GTK_WIDGET (gtk_widget_get_template_child (w, ADJ_TYPE_WINDOW, "outer_paned"));
  GtkWidget *editor = GTK_WIDGET (gtk_widget_get_template_child (w, ADJ_TYPE_WINDOW, "editor"));
  AdjTrainLab *lab = ADJ_TRAIN_LAB (adj_window_get_lab (window));
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (w, ADJ_TYPE_WINDOW, "stack"));
  static const char *plots[] = { "boundary", "neurons", "loss", "norms" };
  int position;
  guint64 step;

  spin (300);
  position = gtk_paned_get_position (GTK_PANED (paned));
  step = ag_trainer_get_step (adj_train_lab_get_trainer (lab));
  /* Opened on the lab, the keys are the lab's before any click. */
  g_assert_true (send_key (w, GDK_KEY_Right));
  g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (lab)), ==, ++step);

  for (guint p = 0; p < G_N_ELEMENTS (plots); p++)
    for (guint from = 0; from < 2; from++)
      {
        GtkWidget *plot = lab_child (lab, plots[p]);

        g_test_message ("%s, the focus on the %s", plots[p], from ? "editor" : "divider");
        g_assert_true (gtk_widget_grab_focus (from ? editor : paned));
        click_plot (lab, plot);
        g_assert_true (send_key (w, GDK_KEY_space));
        g_assert_true (adj_train_lab_get_playing (lab));
        g_assert_true (send_key (w, GDK_KEY_space));
        g_assert_false (adj_train_lab_get_playing (lab));
        step = ag_trainer_get_step (adj_train_lab_get_trainer (lab));
        g_assert_true (send_key (w, GDK_KEY_End));
        g_assert_true (send_key (w, GDK_KEY_Home));
        g_assert_true (send_key (w, GDK_KEY_End));
        g_assert_true (send_key (w, GDK_KEY_Right));
        g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (lab)), ==, step + 1);
        g_assert_true (send_key (w, GDK_KEY_Left));
        g_assert_true (send_key (w, GDK_KEY_KP_Right));
        g_assert_cmpuint (ag_trainer_get_step (adj_train_lab_get_trainer (lab)), ==, step + 2);
        g_assert_cmpint (gtk_paned_get_position (GTK_PANED (paned)), ==, position);
        g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "lab");
      }
  /* A press on a control leaves the focus to the control (the lab takes nothing). */
  {
    GtkWidget *seed = form_child (lab, "seed");
    graphene_point_t at;
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (lab));

    g_assert_true (gtk_widget_grab_focus (editor));
    g_assert_true (gtk_widget_compute_point (seed, GTK_WIDGET (lab), &GRAPHENE_POINT_INIT (4, 4), &at));
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
        if (GTK_IS_GESTURE_CLICK (c))
          g_signal_emit_by_name (c, "pressed", 1, (double) at.x, (double) at.y);
      }
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (w)), editor));
  }
  close_window (window);
}

int
main (int argc, char **argv)
{
  /* No session bus here: GTK's test accessibility backend needs none. */
  lsan_ignore_glib_quark_block ();
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add ("/ui/train-lab/steps", Fixture, NULL, fixture_set_up, test_steps, fixture_tear_down);
  g_test_add ("/ui/train-lab/play", Fixture, NULL, fixture_set_up, test_play, fixture_tear_down);
  g_test_add ("/ui/train-lab/play-fast", Fixture, NULL, fixture_set_up, test_play_fast, fixture_tear_down);
  g_test_add ("/ui/train-lab/learning-rate", Fixture, NULL, fixture_set_up, test_learning_rate_keeps_network, fixture_tear_down);
  g_test_add ("/ui/train-lab/form", Fixture, NULL, fixture_set_up, test_form_writes_program, fixture_tear_down);
  g_test_add ("/ui/train-lab/title", Fixture, NULL, fixture_set_up, test_title, fixture_tear_down);
  g_test_add ("/ui/train-lab/slow-motion", Fixture, NULL, fixture_set_up, test_slow_motion, fixture_tear_down);
  g_test_add ("/ui/train-lab/saved", Fixture, NULL, fixture_set_up, test_setup_saved, fixture_tear_down);
  g_test_add_func ("/ui/train-lab/not-a-network", test_not_a_network);
  g_test_add ("/ui/train-lab/edits-kept", Fixture, NULL, fixture_set_up, test_edits_kept, fixture_tear_down);
  g_test_add ("/ui/train-lab/form-keeps-values", Fixture, NULL, fixture_set_up, test_form_keeps_values, fixture_tear_down);
  g_test_add_func ("/ui/train-lab/bad-setup", test_bad_setup);
  g_test_add_func ("/ui/train-lab/window", test_training_lab);
  g_test_add_func ("/ui/train-lab/keys", test_lab_keys);
  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
