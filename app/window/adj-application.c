/* adj-application.c: the AdwApplication: a window per document, app-wide actions, shortcuts. */
#include "app/window/adj-application.h"
#include "app/window/adj-examples.h"
#include "app/window/adj-window.h"

#include <stdio.h>

struct _AdjApplication
{
  AdwApplication parent_instance;
  gboolean       recovery_offered;   /* once per start */
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

/* ---- recovery copies left by an Adjoint that ended without saving ------------------------ */

/* The copies go with the dialog (their locks too): restored, deleted, or left for next time. */
static void
recovery_response_cb (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  AdjWindow *parent = ADJ_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (parent));
  GPtrArray *found = g_object_get_data (G_OBJECT (dialog), "found");

  g_signal_handlers_disconnect_by_func (dialog, recovery_response_cb, data);

  for (guint i = 0; i < found->len; i++)
    {
      AdjRecovered *r = found->pdata[i];
      AdjDocument *shown = adj_window_get_document (parent);
      AdjWindow *window = parent;
      g_autoptr (GError) error = NULL;

      if (g_str_equal (response, ADJ_APPLICATION_DISCARD))
        {
          adj_recovered_delete (r);
          continue;
        }
      if (!g_str_equal (response, ADJ_APPLICATION_RESTORE))
        break;   /* closed: the copies wait for the next start */
      /* The welcome page (or an empty window) gives way to the first; the others get their own. */
      if (adj_document_get_modified (shown) || adj_document_get_file (shown) != NULL || i > 0)
        window = adj_window_new (app);
      if (!adj_window_restore (window, r, &error))
        fprintf (stderr, "%s: could not restore: %s\n", r->path, error->message);
      gtk_window_present (GTK_WINDOW (window));
    }
  g_ptr_array_set_size (found, 0);
}

/* What a copy is, in the list: its title, where it belongs, and when it was written. */
static void
describe_copy (GString *body, const AdjRecovered *r)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (r->written);
  g_autofree char *time = when ? g_date_time_format (when, "%x %X") : g_strdup ("?");
  g_autofree char *where = r->file ? g_file_get_parse_name (r->file) : g_strdup ("never saved");

  g_string_append_printf (body, "\n• %s (%s), %s", r->title, where, time);
}

void
adj_application_offer_recovery (AdjApplication *self, AdjWindow *parent)
{
  GPtrArray *found;
  GString *body;
  GtkWidget *dialog;

  if (self->recovery_offered)
    return;
  self->recovery_offered = TRUE;
  found = adj_recovery_find ();
  if (found->len == 0)
    {
      g_ptr_array_unref (found);
      return;
    }
  body = g_string_new (found->len == 1 ? "Adjoint ended before this document was saved:"
                                       : "Adjoint ended before these documents were saved:");
  for (guint i = 0; i < found->len; i++)
    describe_copy (body, found->pdata[i]);
  dialog = adw_message_dialog_new (GTK_WINDOW (parent),
                                   found->len == 1 ? "Restore Unsaved Changes?"
                                                   : "Restore Unsaved Documents?", body->str);
  g_string_free (body, TRUE);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), ADJ_APPLICATION_DISCARD, "_Discard",
                                    ADJ_APPLICATION_RESTORE, "_Restore", NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), ADJ_APPLICATION_DISCARD,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), ADJ_APPLICATION_RESTORE,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), ADJ_APPLICATION_RESTORE);
  /* Escape decides nothing: the copies are offered again next time. */
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_object_set_data_full (G_OBJECT (dialog), "found", found, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
adj_application_activate (GApplication *app)
{
  AdjWindow *window = adj_window_new (GTK_APPLICATION (app));
  g_autoptr (GError) error = NULL;

  if (!adj_window_open_example (window, ADJ_EXAMPLES_WELCOME, &error))
    g_warning ("the welcome example is missing from the resources: %s", error->message);
  gtk_window_present (GTK_WINDOW (window));
  adj_application_offer_recovery (ADJ_APPLICATION (app), window);
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
      if (i == 0)
        adj_application_offer_recovery (ADJ_APPLICATION (app), window);
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
