/* adj-window-actions.c: the window's win.* actions: the player, the view, files, pages, and the
 * about and preferences windows.
 *
 * Most are the class's (installed once in class_init). The player's and presentation mode's
 * are GActions in the window's own action map instead, because their enabled state and state
 * are read through GActionGroup (by the lab and by tests), which class actions do not offer. */
#include "app/window/adj-window-private.h"
#include "app/window/adj-preferences-window.h"
#include "ui/graph/adj-editor.h"
#include "ui/lab/adj-train-lab.h"

#include <string.h>

/* ---- the player (GActions) --------------------------------------------------------------- */

static void
step_by (AdjWindow *self, int delta)
{
  const guint k = adj_document_get_step (self->document);
  /* On the lab's page the keys keep their page: the graph's player stays where it was. */
  if (adj_window_lab_showing (self))
    return;
  adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
  if (delta < 0 && k == 0)
    return;
  /* Exercise mode: a question waiting here is answered before the player goes on. */
  if (delta > 0 && adj_window_exercise_stop (self, k + delta) == k)
    {
      adj_window_exercise_focus (self);
      return;
    }
  adj_document_set_step (self->document, k + delta);
}

static void
step_forward_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;

  /* On the lab's page the player's keys drive training. */
  if (adj_window_lab_showing (self))
    {
      adj_train_lab_set_playing (ADJ_TRAIN_LAB (self->lab), FALSE);
      adj_train_lab_step (ADJ_TRAIN_LAB (self->lab));
      return;
    }
  step_by (self, 1);
}

static void
step_back_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  step_by (user_data, -1);
}

static void
play_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  AdjGraphView *view = ADJ_GRAPH_VIEW (self->graph_view);

  if (adj_window_lab_showing (self))
    {
      AdjTrainLab *lab = ADJ_TRAIN_LAB (self->lab);
      adj_train_lab_set_playing (lab, !adj_train_lab_get_playing (lab));
      return;
    }
  if (!adj_graph_view_get_playing (view) && adj_exercise_get_active (self->exercise))
    {
      const guint k = adj_document_get_step (self->document);
      /* Playing again from the end starts at 0, where a question may wait. */
      if (k == adj_document_get_n_steps (self->document))
        adj_document_set_step (self->document, 0);
      if (adj_window_exercise_stop (self, adj_document_get_step (self->document) + 1) ==
          adj_document_get_step (self->document))
        {
          adj_window_exercise_focus (self);
          return;
        }
    }
  adj_graph_view_set_playing (view, !adj_graph_view_get_playing (view));
}

/* Stops playing and shows step @k. */
static void
jump_to (AdjWindow *self, guint k)
{
  if (adj_window_lab_showing (self))
    return;
  adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
  adj_document_set_step (self->document, adj_window_exercise_stop (self, k));
}

static void
restart_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  jump_to (user_data, 0);
}

static void
end_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  jump_to (self, adj_document_get_n_steps (self->document));
}

static void
backward_start_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;

  /* Presentation clickers send B (or .) for a blank screen. */
  if (self->presenting)
    {
      gtk_widget_set_visible (self->blank, !gtk_widget_get_visible (self->blank));
      return;
    }
  jump_to (self, adj_document_get_phase_start (self->document));
}

static void
edit_caption_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  const guint k = adj_document_get_step (self->document);
  const char *caption = adj_document_get_caption (self->document, k);
  g_autofree char *generated = adj_document_dup_step_text (self->document, k);

  if (adj_document_get_mode (self->document) != ADJ_MODE_REVERSE)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->caption_entry), caption ? caption : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->caption_entry), generated);
  g_object_set_data (G_OBJECT (self->caption_entry), "step", GUINT_TO_POINTER (k));
  adj_window_show_caption_entry (self, TRUE);
  gtk_widget_grab_focus (self->caption_entry);
}

static void
present_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  adj_window_set_presenting (self, !self->presenting);
}

static void
leave_presentation_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  adj_window_set_presenting (user_data, FALSE);
}

static void
spotlight_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  if (self->presenting)
    gtk_widget_set_visible (self->spotlight, !gtk_widget_get_visible (self->spotlight));
}

static const GActionEntry player_actions[] = {
  { "step-forward", step_forward_action },
  { "step-back", step_back_action },
  { "play", play_action },
  { "restart", restart_action },
  { "end", end_action },
  { "backward-start", backward_start_action },
  { "edit-caption", edit_caption_action },
  { "present", present_action, NULL, "false" },
  { "leave-presentation", leave_presentation_action },
  { "spotlight", spotlight_action },
};

static void
set_enabled (AdjWindow *self, const char *name, gboolean enabled)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), name)), enabled);
}

void
adj_window_add_actions (AdjWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), player_actions, G_N_ELEMENTS (player_actions), self);
  /* Escape leaves presentation mode, and is nobody's key otherwise. */
  set_enabled (self, "leave-presentation", FALSE);
  set_enabled (self, "spotlight", FALSE);
}

void
adj_window_update_actions (AdjWindow *self)
{
  const guint k = adj_document_get_step (self->document), n = adj_document_get_n_steps (self->document);
  /* On the lab's page the player's keys are the lab's, whatever step the graph is at: a key
   * whose action were disabled would go on to the window and move the focus (→ to a button). */
  const gboolean lab = adj_window_lab_showing (self);

  set_enabled (self, "step-back", k > 0 || lab);
  set_enabled (self, "restart", k > 0 || lab);
  set_enabled (self, "step-forward", k < n || lab);
  set_enabled (self, "end", k < n || lab);
  set_enabled (self, "backward-start", adj_document_get_phase_start (self->document) < n || lab);
  /* Captions belong to the program's own steps in reverse mode, not to a replayed training step. */
  set_enabled (self, "edit-caption", adj_document_get_mode (self->document) == ADJ_MODE_REVERSE &&
                                     !adj_document_is_replaying (self->document));
}

/* ---- the class's actions ----------------------------------------------------------------- */

static void
zoom_action (GtkWidget *widget, const char *name, GVariant *p)
{
  AdjGraphView *view = ADJ_GRAPH_VIEW (ADJ_WINDOW (widget)->graph_view);
  const double factor = g_str_equal (name, "win.zoom-in") ? 1.25 : g_str_equal (name, "win.zoom-out") ? 0.8 : 0;

  if (factor > 0)
    adj_graph_view_zoom_by (view, factor);
  else if (g_str_equal (name, "win.zoom-reset"))
    adj_graph_view_zoom_reset (view);
  else
    adj_graph_view_zoom_to_fit (view);
}

static void
fullscreen_action (GtkWidget *widget, const char *name, GVariant *p)
{
  g_object_set (widget, "fullscreened", !gtk_window_is_fullscreen (GTK_WINDOW (widget)), NULL);
}

static void
file_action (GtkWidget *widget, const char *name, GVariant *p)
{
  AdjWindow *self = ADJ_WINDOW (widget);

  if (g_str_equal (name, "win.open"))
    adj_window_open (self);
  else if (g_str_equal (name, "win.open-uri"))
    adj_window_open_uri (self, g_variant_get_string (p, NULL));
  else if (g_str_equal (name, "win.save"))
    adj_window_save (self, FALSE);
  else if (g_str_equal (name, "win.save-as"))
    adj_window_save (self, TRUE);
  else if (g_str_equal (name, "win.close"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
open_example_now (AdjWindow *self, gpointer data)
{
  adj_window_open_example (self, data, NULL);
}

static void
open_example_action (GtkWidget *widget, const char *name, GVariant *p)
{
  adj_window_confirm_discard (ADJ_WINDOW (widget), open_example_now, g_variant_dup_string (p, NULL), g_free);
}

static void
export_action (GtkWidget *widget, const char *name, GVariant *p)
{
  /* "win.export-step" exports "step", and so on. */
  adj_window_export_dialog (ADJ_WINDOW (widget), name + strlen ("win.export-"));
}

static void
dismiss_banner_action (GtkWidget *widget, const char *name, GVariant *p)
{
  adj_window_show_banner (ADJ_WINDOW (widget), NULL);
}

static void
show_page_action (GtkWidget *widget, const char *name, GVariant *p)
{
  AdjWindow *self = ADJ_WINDOW (widget);
  const char *page = g_variant_get_string (p, NULL);

  if (g_str_equal (page, "graph") || g_str_equal (page, "lab"))
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page);
}

static void
about_action (GtkWidget *widget, const char *name, GVariant *p)
{
  const char *developers[] = { "The Adjoint team", NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", widget,
                "application-name", "Adjoint",
                "application-icon", "org.adjoint.Adjoint",
                "version", ADJOINT_VERSION,
                "developer-name", "The Adjoint team",
                "developers", developers,
                "comments", "See backpropagation happen: every value, every local derivative, "
                            "every contribution, one edge at a time.",
                "license-type", GTK_LICENSE_GPL_3_0,
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GtkWidget *widget, const char *name, GVariant *p)
{
  GtkWidget *preferences = adj_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (preferences));
}

void
adj_window_class_add_actions (GtkWidgetClass *widget_class)
{
  const char *zooms[] = { "win.zoom-in", "win.zoom-out", "win.zoom-reset", "win.zoom-fit" };
  const char *files[] = { "win.open", "win.save", "win.save-as", "win.close" };
  const char *exports[] = { "win.export-step", "win.export-all", "win.export-loss" };

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    gtk_widget_class_install_action (widget_class, zooms[i], NULL, zoom_action);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    gtk_widget_class_install_action (widget_class, files[i], NULL, file_action);
  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    gtk_widget_class_install_action (widget_class, exports[i], NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", file_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", "s", open_example_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL, dismiss_banner_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
}
