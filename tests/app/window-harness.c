/* window-harness.c: the window suites' shared helpers (window-harness.h). */
#include "tests/app/window-harness.h"

GtkWidget *
window_part (AdjWindow *window, const char *id)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), ADJ_TYPE_WINDOW, id));

  g_assert_nonnull (child);
  return child;
}

void
window_activate (AdjWindow *window, const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

void
window_activate_with (AdjWindow *window, const char *action, GVariant *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, parameter));
}

gboolean
spin_until (gboolean (*done) (gpointer), gpointer data, double seconds)
{
  const gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return done (data);
}

void
spin (double seconds)
{
  const gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

gboolean
widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static AdjWindow *
present (AdjWindow *window)
{
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (spin_until (widget_is_mapped, window, 5));
  return window;
}

AdjWindow *
open_example (const char *name)
{
  AdjWindow *window = adj_window_new (NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (adj_window_open_example (window, name, &error));
  g_assert_no_error (error);
  return present (window);
}

AdjWindow *
open_path (const char *path)
{
  AdjWindow *window = adj_window_new (NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  g_assert_true (adj_window_open_file (window, file, &error));
  g_assert_no_error (error);
  return present (window);
}

void
close_window (AdjWindow *window)
{
  AdjDocument *document = g_object_ref (adj_window_get_document (window));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_finalize_object (document);
}
