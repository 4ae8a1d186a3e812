/* adj-application.c: the AdwApplication: a window per document, app-wide actions, shortcuts. */
#include "app/window/adj-application.h"
#include "app/window/adj-examples.h"
#include "app/window/adj-window.h"

#include <stdio.h>

struct _AdjApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (AdjApplication, adj_application, ADW_TYPE_APPLICATION)

static void
new_window_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *window = adj_window_new (GTK_APPLICATION (user_data));
  adj_window_open_example (window, ADJ_EXAMPLES_WELCOME, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  /* Each window asks about its own unsaved changes as it closes. */
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "new-window", new_window_action },
  { "quit", quit_action },
};

static void
adj_application_startup (GApplication *app)
{
  const struct { const char *action; const char *accels[4]; } accels[] = {
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.fullscreen", { "F11", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
    { "win.zoom-fit", { "<Control>9", NULL } },
    { "app.new-window", { "<Control>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
  };

  G_APPLICATION_CLASS (adj_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
  /* AdwApplication has loaded data/style.css from the resources (style.css under the
   * application's resource path), above libadwaita's own sheet. */
  /* GtkApplication has already added the resources' icons/ folder (named after the application
   * id) to the display's icon theme, so this icon is found when running uninstalled too. */
  gtk_window_set_default_icon_name ("org.adjoint.Adjoint");
}

static void
adj_application_activate (GApplication *app)
{
  AdjWindow *window = adj_window_new (GTK_APPLICATION (app));
  g_autoptr (GError) error = NULL;

  if (!adj_window_open_example (window, ADJ_EXAMPLES_WELCOME, &error))
    g_warning ("the welcome example is missing from the resources: %s", error->message);
  gtk_window_present (GTK_WINDOW (window));
}

static void
adj_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      AdjWindow *window = adj_window_new (GTK_APPLICATION (app));
      g_autoptr (GError) error = NULL;
      if (!adj_window_open_file (window, files[i], &error))
        {
          /* The window says so too; a terminal user sees the place at once. */
          g_autofree char *name = g_file_get_parse_name (files[i]);
          fprintf (stderr, "%s: error: %s\n", name, error->message);
        }
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
adj_application_class_init (AdjApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = adj_application_startup;
  app_class->activate = adj_application_activate;
  app_class->open = adj_application_open;
}

static void
adj_application_init (AdjApplication *self)
{
}

AdjApplication *
adj_application_new (void)
{
  /* NON_UNIQUE: each `adjoint FILE` is its own process, so the app works the same in a lab
   * without a session bus (and under Xvfb in CI). */
  return g_object_new (ADJ_TYPE_APPLICATION,
                       "application-id", ADJ_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
