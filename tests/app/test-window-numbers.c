/* test-window-numbers.c: numbers in the document window (issue 15): the gradient check never
 * widens the inspector or pushes the canvas aside, at 1280×720 and 1920×1080; the preference
 * for significant digits, chosen in the preferences window, rewrites the caption and the
 * inspector at once and is remembered. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include "app/window/adj-window.h"
#include "tests/app/window-harness.h"
#include "app/window/adj-preferences-window.h"
#include "app/window/adj-settings.h"
#include "core/format.h"
#include "ui/graph/adj-inspector.h"

#include <gtk/gtk.h>
#include "tests/lsan-glib.h"

static GtkWidget *
inspector_part (GtkWidget *inspector, const char *id)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (inspector, ADJ_TYPE_INSPECTOR, id));
  g_assert_nonnull (child);
  return child;
}

static AdjWindow *
open_window (const char *example, int width, int height)
{
  AdjWindow *window = adj_window_new (NULL);
  g_autoptr (GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (adj_window_open_example (window, example, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  spin (0.5);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

/* "Check all gradients" on the welcome neuron (evidence 31b): the table is wider than the
 * panel, yet the inspector and the canvas keep their widths; the table scrolls inside. Also
 * with every digit shown ("Exact values"), the widest the numbers get. */
static void
check_keeps_width (int width, int height)
{
  AdjWindow *window = open_window ("welcome", width, height);
  AdjDocument *doc = adj_window_get_document (window);
  GtkWidget *inspector = window_part (window, "inspector");
  GtkWidget *canvas = window_part (window, "graph_view");
  int inspector_w, canvas_w;

  adw_flap_set_reveal_flap (ADW_FLAP (window_part (window, "flap")), TRUE);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "n"));
  spin (0.5);
  inspector_w = gtk_widget_get_width (inspector);
  canvas_w = gtk_widget_get_width (canvas);
  g_test_message ("%d×%d: inspector %d px, canvas %d px", width, height, inspector_w, canvas_w);
  g_assert_cmpint (inspector_w, >, 200);
  g_assert_cmpint (canvas_w, >, 200);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (inspector_part (inspector, "check_button"))), ==,
                   "Check all gradients");

  g_signal_emit_by_name (inspector_part (inspector, "check_button"), "clicked");
  spin (0.5);
  g_assert_true (gtk_widget_get_visible (inspector_part (inspector, "check_grid")));
  g_test_message ("after the check: inspector %d px, canvas %d px, table %d px",
                  gtk_widget_get_width (inspector), gtk_widget_get_width (canvas),
                  gtk_widget_get_width (inspector_part (inspector, "check_grid")));
  g_assert_cmpint (gtk_widget_get_width (inspector), ==, inspector_w);
  g_assert_cmpint (gtk_widget_get_width (canvas), ==, canvas_w);
  /* In numbers for people the whole table, verdicts included, fits the panel. */
  g_assert_cmpint (gtk_widget_get_width (inspector_part (inspector, "check_grid")), <=,
                   gtk_widget_get_width (inspector_part (inspector, "check_scroll")));

  adj_inspector_set_exact_values (ADJ_INSPECTOR (inspector), TRUE);
  spin (0.5);
  g_assert_cmpint (gtk_widget_get_width (inspector), ==, inspector_w);
  g_assert_cmpint (gtk_widget_get_width (canvas), ==, canvas_w);
  /* The table is whole, to scroll to: wider than its window now. */
  g_assert_cmpint (gtk_widget_get_width (inspector_part (inspector, "check_grid")), >,
                   gtk_widget_get_width (inspector_part (inspector, "check_scroll")));
  close_window (window);
}

static void
test_check_width_720 (void)
{
  check_keeps_width (1280, 720);
}

static void
test_check_width_1080 (void)
{
  check_keeps_width (1920, 1080);
}

static GtkWindow *
find_transient (AdjWindow *window, GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_window_get_transient_for (w) == GTK_WINDOW (window))
        return w;
    }
  return NULL;
}

/* "Significant digits" in the preferences: the caption's sentence and the inspector follow at
 * once, the setting is remembered, and 4 is the default. */
static void
test_digits_preference (void)
{
  AdjWindow *window = open_window ("05-paths-add-up", 1280, 720);
  AdjDocument *doc = adj_window_get_document (window);
  GtkWidget *inspector = window_part (window, "inspector");
  g_autofree char *ini = g_build_filename (g_get_user_config_dir (), "adjoint", "settings.ini", NULL);
  GtkWidget *prefs, *spin_button;

  g_assert_cmpint (ag_format_get_human_digits (), ==, 4);
  g_assert_true (adj_document_set_program (doc, "x = 2\ny = x / 3\n"));
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "y"));
  adj_document_set_step (doc, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (window_part (window, "caption"))), ==,
                   "forward 1: y = x / 3 = 2 / 3 = 0.6667");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (inspector_part (inspector, "value"))), ==,
                   "y = 0.6667");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  prefs = GTK_WIDGET (find_transient (window, ADJ_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  spin_button = GTK_WIDGET (gtk_widget_get_template_child (prefs, ADJ_TYPE_PREFERENCES_WINDOW, "digits_spin"));
  g_assert_true (GTK_IS_SPIN_BUTTON (spin_button));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin_button)), ==, 4);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), 9);
  g_assert_cmpint (ag_format_get_human_digits (), ==, 9);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (window_part (window, "caption"))), ==,
                   "forward 1: y = x / 3 = 2 / 3 = 0.666666667");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (inspector_part (inspector, "value"))), ==,
                   "y = 0.666666667");
  g_settings_sync ();
  {
    g_autoptr (GKeyFile) kf = g_key_file_new ();
    g_assert_true (g_key_file_load_from_file (kf, ini, 0, NULL));
    g_assert_cmpint (g_key_file_get_integer (kf, "preferences", "significant-digits", NULL), ==, 9);
  }
  /* The range a person can choose: 3 to 17. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), 40);
  g_assert_cmpint (ag_format_get_human_digits (), ==, 17);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), 4);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (window_part (window, "caption"))), ==,
                   "forward 1: y = x / 3 = 2 / 3 = 0.6667");
  gtk_window_destroy (GTK_WINDOW (prefs));
  close_window (window);
}

int
main (int argc, char **argv)
{
  lsan_ignore_glib_quark_block ();
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/window-numbers/check-width-1280x720", test_check_width_720);
  g_test_add_func ("/ui/window-numbers/check-width-1920x1080", test_check_width_1080);
  g_test_add_func ("/ui/window-numbers/digits-preference", test_digits_preference);
  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
