/* adj-window-export.c: the current step, every step as slides, or the lab's loss plot, to a
 * picture or a PDF: the same drawing as `adjoint export`. */
#include "app/window/adj-window-private.h"
#include "ui/graph/adj-editor.h"
#include "ui/lab/adj-train-lab.h"

static const char *
window_caption (guint k, gpointer data)
{
  return adj_document_get_caption (data, k);
}

static void
export_response_cb (GtkFileChooserNative *chooser, int response, AdjWindow *self)
{
  const char *what = g_object_get_data (G_OBJECT (chooser), "what");   /* static */
  g_autoptr (GFile) file = adj_window_file_chooser_finish (chooser, response);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autoptr (GError) error = NULL;

  if (path != NULL && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    {
      /* A name without a known ending gets the dialog's format. */
      if (!g_str_has_suffix (path, ".png") && !g_str_has_suffix (path, ".svg") && !g_str_has_suffix (path, ".pdf"))
        {
          char *with = g_strconcat (path, g_str_equal (what, "all") ? ".pdf" : ".png", NULL);
          g_free (path);
          path = with;
        }
      if (adj_window_export (self, path, what, &error))
        {
          g_autofree char *name = g_path_get_basename (path);
          g_autofree char *notice = g_strdup_printf ("Exported “%s”", name);
          adj_window_show_toast (self, notice);
        }
      else
        {
          g_autofree char *message = adj_window_failure_text ("export", error);
          adj_window_show_banner (self, message);
        }
    }
  g_object_unref (self);
}

void
adj_window_export_dialog (AdjWindow *self, const char *what)
{
  static const struct { const char *what, *title, *ending; } kinds[] = {
    { "step", "Export This Step", NULL },   /* "Title, step 3.png" */
    { "all", "Export Every Step as Slides", ".pdf" },
    { "loss", "Export the Loss Plot", ", loss.png" },
  };
  g_autofree char *base = g_strdup (adj_document_get_title (self->document));
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  guint i = 0;

  while (i + 1 < G_N_ELEMENTS (kinds) && !g_str_equal (kinds[i].what, what))
    i++;
  g_strdelimit (base, "/\\:", '-');
  chooser = adj_window_file_chooser (self, kinds[i].title, GTK_FILE_CHOOSER_ACTION_SAVE, "_Export");
  name = kinds[i].ending ? g_strconcat (base, kinds[i].ending, NULL)
                         : g_strdup_printf ("%s, step %u.png", base, adj_document_get_step (self->document));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_object_set_data (G_OBJECT (chooser), "what", (gpointer) kinds[i].what);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
adj_window_export (AdjWindow *self, const char *path, const char *what, GError **error)
{
  guint k, n;

  g_return_val_if_fail (ADJ_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL && what != NULL, FALSE);
  if (g_str_equal (what, "loss"))
    {
      if (self->lab == NULL || adj_train_lab_get_trainer (ADJ_TRAIN_LAB (self->lab)) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "there is no loss plot: train a network on the Train page first");
          return FALSE;
        }
      return adj_train_lab_export_loss (ADJ_TRAIN_LAB (self->lab), path, error);
    }
  /* Pending typing first: it may change the steps. */
  adj_editor_flush (ADJ_EDITOR (self->editor));
  k = adj_document_get_step (self->document);
  n = adj_document_get_n_steps (self->document);
  /* Slides open with a title page: the lesson's title and note, no graph. */
  return adj_scene_export_slides (path, adj_document_get_graph (self->document),
                                  adj_document_get_layout (self->document),
                                  adj_document_get_trace (self->document), g_str_equal (what, "all") ? 0 : k,
                                  g_str_equal (what, "all") ? n : k, window_caption, self->document,
                                  adj_document_get_title (self->document),
                                  adj_document_get_note (self->document), g_str_equal (what, "all"),
                                  self->theme, 1600, error);
}
