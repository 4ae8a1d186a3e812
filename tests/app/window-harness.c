/* window-harness.c: the window suites' shared helpers (window-harness.h). */
#define _GNU_SOURCE   /* program_invocation_short_name */
#include "tests/app/window-harness.h"

#include <errno.h>
#include <glib/gstdio.h>

/* Each window suite gets its own preferences folder, before anything asks GLib for it: the
 * settings live in a key file whose changes every process watching it takes in, and the suites
 * run side by side (meson test --num-processes 2), so one suite's Text Size 200 % or dark theme
 * reached another's window mid-test (a DPI, a width off by one, an empty render). The folder
 * is the suite's own under the tests' one, emptied of what a previous run left. */
__attribute__ ((constructor)) static void
private_config_dir (void)
{
  const char *base = g_getenv ("XDG_CONFIG_HOME");
  g_autofree char *dir = g_build_filename (base ? base : g_get_tmp_dir (), "suites",
                                           program_invocation_short_name, NULL);
  g_autofree char *file = g_build_filename (dir, "adjoint", "settings.ini", NULL);

  g_mkdir_with_parents (dir, 0700);
  g_remove (file);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
}

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
