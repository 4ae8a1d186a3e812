/* adj-window-save.c: opening and saving files, and the question asked before unsaved changes
 * are lost (close, open, open an example). */
#include "app/window/adj-window-private.h"
#include "ui/graph/adj-editor.h"
#include "core/graph-file.h"

#include <string.h>

/* Something to do once the unsaved changes are saved or discarded. */
typedef struct {
  AdjWindow     *self;
  AdjWindowThen  then;   /* NULL: just save */
  gpointer       data;
  GDestroyNotify destroy;
  gboolean       as_graph; /* the user chose a graph file for a program text */
} Pending;

static void save_then (AdjWindow *self, Pending *pending);
static void save_in_format (AdjWindow *self, GFile *file, Pending *p);

static Pending *
pending_new (AdjWindow *self, AdjWindowThen then, gpointer data, GDestroyNotify destroy)
{
  Pending *p = g_new0 (Pending, 1);

  p->self = g_object_ref (self);
  p->then = then;
  p->data = data;
  p->destroy = destroy;
  return p;
}

/* Runs @p's continuation (if @run and it has one), and frees @p. */
static void
pending_finish (Pending *p, gboolean run)
{
  if (run && p->then)
    p->then (p->self, p->data);
  if (p->destroy)
    p->destroy (p->data);
  g_object_unref (p->self);
  g_free (p);
}

void
adj_window_add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) AG_FILE_MIME_TYPE,
    .app_name = (char *) "Adjoint",
    .app_exec = (char *) "adjoint %u",
    .groups = NULL,
    .is_private = FALSE,
  };
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/* ---- file choosers (GtkFileDialog is GTK 4.10) ------------------------------------------- */

GtkFileChooserNative *
adj_window_file_chooser (AdjWindow *self, const char *title, GtkFileChooserAction action, const char *accept)
{
  return gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, "_Cancel");
}

GFile *
adj_window_file_chooser_finish (GtkFileChooserNative *chooser, int response)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  g_object_unref (chooser);
  return file;
}

static void
add_graph_filter (GtkFileChooserNative *chooser)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, "Adjoint graphs and programs");
  gtk_file_filter_add_mime_type (filter, AG_FILE_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "adjoint");
  gtk_file_filter_add_suffix (filter, "txt");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

char *
adj_window_failure_text (const char *doing, const GError *error)
{
  const char *message = error ? error->message : "the drawing failed";

  /* core/file.c's messages name the file and the reason already: not "Could not save:
   * could not write …" twice over. */
  if (g_str_has_prefix (message, "could not "))
    return g_strdup_printf ("C%s", message + 1);
  return g_strdup_printf ("Could not %s: %s", doing, message);
}

/* ---- unsaved changes --------------------------------------------------------------------- */

enum { RESPONSE_DISCARD = 1, RESPONSE_SAVE = 2 };

static void
confirm_response_cb (GtkDialog *dialog, int response, Pending *p)
{
  /* The dialog outlives this handler, and the window may be gone by then: let go of it. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == RESPONSE_DISCARD)   /* by choice: the recovery copy goes too */
    adj_recovery_discard (p->self->recovery);
  if (response == RESPONSE_SAVE)
    save_then (p->self, p);
  else
    pending_finish (p, response == RESPONSE_DISCARD);
}

void
adj_window_confirm_discard (AdjWindow *self, AdjWindowThen then, gpointer data, GDestroyNotify destroy)
{
  Pending *p = pending_new (self, then, data, destroy);
  GtkWidget *dialog;

  adj_editor_flush (ADJ_EDITOR (self->editor));   /* typing not yet taken in counts too */
  if (!adj_document_get_modified (self->document))
    {
      pending_finish (p, TRUE);
      return;
    }
  /* AdwMessageDialog is libadwaita 1.2's too, but its response cannot be given by tests the
   * way GtkDialog's can; this is the dialog GNOME 42 apps ask with. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "Save changes to “%s”?", adj_document_get_title (self->document));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            "If you don’t save, your changes will be lost.");
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), "_Cancel", GTK_RESPONSE_CANCEL,
                          "_Discard", RESPONSE_DISCARD, "_Save", RESPONSE_SAVE, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_SAVE);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), RESPONSE_DISCARD),
                            "destructive-action");
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), RESPONSE_SAVE),
                            "suggested-action");
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), p);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- saving ------------------------------------------------------------------------------ */

static gboolean
save_to (AdjWindow *self, GFile *file, gboolean program_only)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL, *notice = NULL;

  if (!(program_only ? adj_document_save_program (self->document, file, &error)
                     : adj_document_save (self->document, file, &error)))
    {
      g_autofree char *message = adj_window_failure_text ("save", error);
      adj_window_show_banner (self, message);
      return FALSE;
    }
  adj_window_add_recent (file);
  adj_window_show_banner (self, NULL);
  name = g_file_get_basename (file);
  notice = g_strdup_printf ("Saved “%s”", name);
  adj_window_show_toast (self, notice);
  return TRUE;
}

static void
save_as_response_cb (GtkFileChooserNative *chooser, int response, Pending *p)
{
  g_autoptr (GFile) file = adj_window_file_chooser_finish (chooser, response);

  if (file)
    save_in_format (p->self, file, p);
  else
    pending_finish (p, FALSE);
}

static void
format_response_cb (AdwMessageDialog *dialog, const char *response, Pending *p)
{
  g_autoptr (GFile) file = g_object_steal_data (G_OBJECT (dialog), "file");

  /* One answer: the dialog may linger a moment after it (and a test may answer twice). */
  g_signal_handlers_disconnect_by_func (dialog, format_response_cb, p);
  if (g_str_equal (response, ADJ_WINDOW_SAVE_PROGRAM))
    pending_finish (p, save_to (p->self, file, TRUE));
  else if (g_str_equal (response, ADJ_WINDOW_SAVE_GRAPH))
    {
      p->as_graph = TRUE;
      save_then (p->self, p);
    }
  else
    pending_finish (p, FALSE);
}

/* Saving a program text would drop what only a graph file holds: asks which to write. */
static void
ask_format (AdjWindow *self, GFile *file, Pending *p)
{
  g_autofree char *name = g_file_get_basename (file);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), "Save as a Graph File?", NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  "“%s” is a program text. The captions, moved nodes and training "
                                  "setup of this document fit only in a graph file (.adjoint); "
                                  "saved as a program they are lost.", name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", "_Cancel",
                                    ADJ_WINDOW_SAVE_PROGRAM, "Save the _Program Only",
                                    ADJ_WINDOW_SAVE_GRAPH, "Save as a _Graph File…", NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), ADJ_WINDOW_SAVE_PROGRAM,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), ADJ_WINDOW_SAVE_GRAPH,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), ADJ_WINDOW_SAVE_GRAPH);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (format_response_cb), p);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Writes @file in the document's format: a program opened as text is saved as text, unless
 * the user named a graph file (.adjoint) or chose one; when the text would lose something,
 * the user is asked first. Finishes @p. */
static void
save_in_format (AdjWindow *self, GFile *file, Pending *p)
{
  g_autofree char *name = g_file_get_basename (file);
  const gboolean text = adj_document_get_plain_text (self->document) && !p->as_graph &&
                        !g_str_has_suffix (name, AG_FILE_EXTENSION);

  if (text && adj_document_has_graph_extras (self->document))
    ask_format (self, file, p);
  else
    pending_finish (p, save_to (self, file, text));
}

/* Saves (asking where when untitled, or when @p has nothing to do after), then runs @p's
 * continuation if it has one. */
static void
save_then (AdjWindow *self, Pending *p)
{
  GFile *file = adj_document_get_file (self->document);
  GtkFileChooserNative *chooser;

  if (file && g_file_has_uri_scheme (file, "file") && p->then != NULL && !p->as_graph)
    {
      save_in_format (self, file, p);
      return;
    }
  chooser = adj_window_file_chooser (self, "Save Graph", GTK_FILE_CHOOSER_ACTION_SAVE, "_Save");
  add_graph_filter (chooser);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (file && p->as_graph)
    {
      /* draft.txt → draft.adjoint, beside it. */
      g_autoptr (GFile) folder = g_file_get_parent (file);
      g_autofree char *base = g_file_get_basename (file);
      char *dot = strrchr (base, '.');
      g_autofree char *name = g_strconcat (base, AG_FILE_EXTENSION, NULL);
      if (dot && dot != base)
        {
          *dot = '\0';
          g_free (name);
          name = g_strconcat (base, AG_FILE_EXTENSION, NULL);
        }
      if (folder)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  else if (file)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL);
  else
    {
      g_autofree char *name = g_strdup_printf ("%s.adjoint", adj_document_get_title (self->document));
      g_strdelimit (name, "/\\:", '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (chooser, "response", G_CALLBACK (save_as_response_cb), p);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
adj_window_save (AdjWindow *self, gboolean ask_where)
{
  GFile *file = adj_document_get_file (self->document);

  adj_editor_flush (ADJ_EDITOR (self->editor));
  if (file && !ask_where)
    save_in_format (self, file, pending_new (self, NULL, NULL, NULL));
  else
    save_then (self, pending_new (self, NULL, NULL, NULL));
}

void
adj_window_close_now (AdjWindow *self, gpointer data)
{
  self->closing_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- opening ----------------------------------------------------------------------------- */

static void
open_file_now (AdjWindow *self, gpointer data)
{
  adj_window_open_file (self, G_FILE (data), NULL);
}

void
adj_window_open_uri (AdjWindow *self, const char *uri)
{
  adj_window_confirm_discard (self, open_file_now, g_file_new_for_uri (uri), g_object_unref);
}

static void
open_response_cb (GtkFileChooserNative *chooser, int response, AdjWindow *self)
{
  GFile *file = adj_window_file_chooser_finish (chooser, response);

  /* The window may have been closed while the dialog was open. */
  if (file && gtk_widget_get_root (GTK_WIDGET (self)) != NULL && gtk_widget_get_visible (GTK_WIDGET (self)))
    adj_window_confirm_discard (self, open_file_now, file, g_object_unref);
  else
    g_clear_object (&file);
  g_object_unref (self);
}

void
adj_window_open (AdjWindow *self)
{
  GtkFileChooserNative *chooser = adj_window_file_chooser (self, "Open Graph", GTK_FILE_CHOOSER_ACTION_OPEN, "_Open");

  add_graph_filter (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
