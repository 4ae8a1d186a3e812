/* adj-window.c: the document window: header bar, editor, canvas, caption, player, inspector. */
#include "app/window/adj-window.h"
#include "app/window/adj-application.h"
#include "app/window/adj-settings.h"
#include "ui/graph/adj-editor.h"
#include "ui/graph/adj-inspector.h"
#include "ui/graph/adj-timeline.h"
#include "ui/lab/adj-train-lab.h"
#include "core/program.h"

#include <math.h>

struct _AdjWindow
{
  GtkApplicationWindow parent_instance;

  /* owned */
  AdjDocument  *document;

  /* borrowed: children */
  GtkWidget    *title_label, *subtitle_label;
  GtkWidget    *editor;
  GtkWidget    *graph_view;
  GtkWidget    *inspector;
  GtkWidget    *timeline;
  GtkWidget    *caption_label, *counter_label, *note_label;
  GtkWidget    *caption_entry, *caption_edit;
  GtkWidget    *banner, *banner_label;     /* load errors */
  GtkWidget    *play_button;
  GtkWidget    *speed_dropdown, *mode_dropdown;
  GtkWidget    *value_row, *value_spin, *value_label;
  GtkWidget    *recent_button;
  GtkWidget    *stale_label;
  GtkWidget    *stack;            /* "graph" and "lab" */
  GtkWidget    *switcher;
  GtkWidget    *lab_page;         /* holds the lab once it is first shown */
  GtkWidget    *lab;              /* NULL until then */

  gboolean      syncing;   /* the editor is being updated from the document */
  gboolean      dark;      /* the canvas and the lab draw dark */
  AdjTheme      theme;     /* the canvas's theme, from the preference and the desktop */

  /* presentation mode */
  gboolean      presenting, was_fullscreen;
  GtkWidget    *outer_paned, *sidebar, *player_bar, *caption_bar;
  GtkWidget    *blank;           /* a black screen over everything (B or . while presenting) */
  GtkWidget    *spotlight;       /* dims all but a circle around the pointer (S) */
  double        pointer_x, pointer_y;
  gboolean      closing_confirmed;
};

G_DEFINE_FINAL_TYPE (AdjWindow, adj_window, GTK_TYPE_APPLICATION_WINDOW)

static const double speeds[] = { 0.25, 0.5, 1, 2, 4 };

/* ---- helpers ----------------------------------------------------------------------------- */

static void
show_banner (AdjWindow *self, const char *message)
{
  gtk_label_set_text (GTK_LABEL (self->banner_label), message);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner), message != NULL);
}

static void
update_title (AdjWindow *self)
{
  const char *title = adj_document_get_title (self->document);
  GFile *file = adj_document_get_file (self->document);
  g_autofree char *full = g_strdup_printf ("%s%s", adj_document_get_modified (self->document) ? "• " : "", title);
  g_autofree char *path = file ? g_file_get_parse_name (file) : NULL;
  g_autofree char *home = path ? g_strdup (g_get_home_dir ()) : NULL;
  g_autofree char *shown = NULL;

  if (path && home && g_str_has_prefix (path, home) && path[strlen (home)] == G_DIR_SEPARATOR)
    shown = g_strconcat ("~", path + strlen (home), NULL);
  gtk_label_set_text (GTK_LABEL (self->title_label), full);
  gtk_label_set_text (GTK_LABEL (self->subtitle_label), shown ? shown : path ? path : "not saved");
  gtk_window_set_title (GTK_WINDOW (self), full);
}

/* The caption line, or the entry a lecturer writes this step's caption in. */
static void
show_caption_entry (AdjWindow *self, gboolean editing)
{
  gtk_widget_set_visible (self->caption_entry, editing);
  gtk_widget_set_visible (self->caption_label, !editing);
}

static void
update_caption (AdjWindow *self)
{
  const guint k = adj_document_get_step (self->document), n = adj_document_get_n_steps (self->document);
  g_autofree char *text = adj_document_dup_step_text (self->document, k);
  g_autofree char *counter = g_strdup_printf ("%u / %u", k, n);
  const char *note = adj_document_get_run_note (self->document);

  if (note && k == n)
    {
      g_autofree char *both = g_strdup_printf ("%s\nOnly values are shown: %s", text, note);
      gtk_label_set_text (GTK_LABEL (self->caption_label), both);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->caption_label), text);
  gtk_label_set_text (GTK_LABEL (self->counter_label), counter);
  /* Moving on while a caption is being written keeps what was typed for the step it was for. */
  if (self->caption_entry && gtk_widget_get_visible (self->caption_entry))
    show_caption_entry (self, FALSE);
}

static void
update_actions (AdjWindow *self)
{
  const guint k = adj_document_get_step (self->document), n = adj_document_get_n_steps (self->document);
  GActionMap *map = G_ACTION_MAP (self);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "step-back")), k > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "restart")), k > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "step-forward")), k < n);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "end")), k < n);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "backward-start")),
                               adj_document_get_phase_start (self->document) < n);
  /* Captions belong to the program's own steps in reverse mode, not to a replayed training step. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "edit-caption")),
                               adj_document_get_mode (self->document) == ADJ_MODE_REVERSE &&
                               !adj_document_is_replaying (self->document));
}

/* The value editor for a selected scalar input. */
static void
update_value_row (AdjWindow *self)
{
  const AgId id = adj_document_get_selected (self->document);
  const AgGraph *g = adj_document_get_graph (self->document);
  const AgNode *n = id < ag_graph_n_nodes (g) ? ag_graph_node (g, id) : NULL;
  const gboolean editable = n && n->op == AG_OP_LEAF && n->role != AG_ROLE_CONST && n->size == 1 &&
                            adj_document_get_error (self->document) == NULL;

  gtk_widget_set_visible (self->value_row, editable);
  if (!editable)
    return;
  g_autofree char *label = g_strdup_printf ("%s =", ag_graph_display_name (g, id));
  gtk_label_set_text (GTK_LABEL (self->value_label), label);
  self->syncing = TRUE;
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->value_spin), *ag_graph_value (g, id));
  self->syncing = FALSE;
}

static void
sync_editor (AdjWindow *self)
{
  g_autofree char *text = adj_editor_dup_text (ADJ_EDITOR (self->editor));
  const char *program = adj_document_get_program (self->document);

  if (!g_str_equal (text, program))
    {
      self->syncing = TRUE;
      adj_editor_set_text (ADJ_EDITOR (self->editor), program);
      self->syncing = FALSE;
    }
}

static void
add_recent (GFile *file)
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

/* ---- callbacks --------------------------------------------------------------------------- */

static void
document_changed_cb (AdjDocument *document, AdjWindow *self)
{
  sync_editor (self);
  update_caption (self);
  update_actions (self);
  update_value_row (self);
  gtk_label_set_text (GTK_LABEL (self->note_label), adj_document_get_note (document) ? adj_document_get_note (document) : "");
  gtk_widget_set_visible (self->note_label, adj_document_get_note (document) != NULL);
}

static void
step_changed_cb (AdjDocument *document, GParamSpec *pspec, AdjWindow *self)
{
  update_caption (self);
  update_actions (self);
}

static void
error_changed_cb (AdjDocument *document, GParamSpec *pspec, AdjWindow *self)
{
  const GError *error = adj_document_get_error (document);
  guint line, col, len;

  gtk_widget_set_visible (self->stale_label, error != NULL);
  if (error == NULL)
    {
      adj_editor_clear_error (ADJ_EDITOR (self->editor));
      update_value_row (self);
      return;
    }
  if (!ag_error_get_location (error, &line, &col, &len))
    line = col = len = 0;
  {
    g_autofree char *message = line ? g_strdup_printf ("%u:%u: %s", line, col, error->message)
                                    : g_strdup (error->message);
    adj_editor_show_error (ADJ_EDITOR (self->editor), line, col, len, message);
  }
  update_value_row (self);
}

static void
selected_changed_cb (AdjDocument *document, GParamSpec *pspec, AdjWindow *self)
{
  const AgId id = adj_document_get_selected (document);

  update_value_row (self);
  /* Show the node's source when it was picked on the canvas, never while the user types. */
  if (id != AG_NO_ID && gtk_widget_has_focus (self->graph_view))
    {
      const AgNode *n = ag_graph_node (adj_document_get_graph (document), id);
      if (n->line > 0)
        adj_editor_select_span (ADJ_EDITOR (self->editor), n->line, n->col, n->len);
    }
}

static void
title_changed_cb (AdjDocument *document, GParamSpec *pspec, AdjWindow *self)
{
  update_title (self);
}

static void
editor_changed_cb (AdjEditor *editor, AdjWindow *self)
{
  g_autofree char *text = NULL;

  if (self->syncing)
    return;
  text = adj_editor_dup_text (editor);
  adj_document_set_program (self->document, text);
}

static void
value_spin_changed_cb (GtkSpinButton *spin, AdjWindow *self)
{
  const AgId id = adj_document_get_selected (self->document);
  const AgGraph *g = adj_document_get_graph (self->document);
  const double v = gtk_spin_button_get_value (spin);

  if (self->syncing || id >= ag_graph_n_nodes (g))
    return;
  /* The spin button shows a few digits and reads them back on focus-out: a difference
   * below its precision is not the user's. */
  if (fabs (v - *ag_graph_value (g, id)) < 0.5 * pow (10, -(int) gtk_spin_button_get_digits (spin)))
    return;
  adj_editor_flush (ADJ_EDITOR (self->editor));
  adj_document_set_input_value (self->document, id, 0, v);
}

static void
speed_cb (GObject *dropdown, GParamSpec *pspec, AdjWindow *self)
{
  const guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));
  if (i < G_N_ELEMENTS (speeds))
    adj_graph_view_set_speed (ADJ_GRAPH_VIEW (self->graph_view), speeds[i]);
}

static void
mode_cb (GObject *dropdown, GParamSpec *pspec, AdjWindow *self)
{
  adj_editor_flush (ADJ_EDITOR (self->editor));
  adj_document_set_mode (self->document, gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)) == 1
                                         ? ADJ_MODE_FORWARD : ADJ_MODE_REVERSE);
}

static void
playing_cb (GObject *view, GParamSpec *pspec, AdjWindow *self)
{
  const gboolean playing = adj_graph_view_get_playing (ADJ_GRAPH_VIEW (view));
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, playing ? "Pause (Space)" : "Play (Space)");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? "Pause" : "Play", -1);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, AdjWindow *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);
      file = files ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  if (file == NULL)
    return FALSE;
  {
    g_autofree char *uri = g_file_get_uri (file);
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-uri", "s", uri);
  }
  return TRUE;
}

static void
dark_cb (GtkSettings *settings, GParamSpec *pspec, AdjWindow *self)
{
  gboolean dark = FALSE;
  g_autofree char *theme = NULL;

  g_object_get (settings, "gtk-application-prefer-dark-theme", &dark, "gtk-theme-name", &theme, NULL);
  dark |= theme != NULL && g_str_has_suffix (theme, "-dark");
  dark |= g_getenv ("GTK_THEME") != NULL && g_str_has_suffix (g_getenv ("GTK_THEME"), ":dark");
  /* The preference chooses; "system" follows the desktop. */
  self->theme = adj_settings_get_theme (dark);
  adj_graph_view_set_theme (ADJ_GRAPH_VIEW (self->graph_view), self->theme);
  dark = self->theme == ADJ_THEME_DARK;
  self->dark = dark;
  if (self->lab)
    adj_train_lab_set_dark (ADJ_TRAIN_LAB (self->lab), dark);
}

static void
settings_changed_cb (GSettings *settings, const char *key, AdjWindow *self)
{
  adj_settings_apply_to_gtk ();
  dark_cb (gtk_settings_get_default (), NULL, self);
}

/* ---- unsaved changes --------------------------------------------------------------------- */

typedef void (*ThenFunc) (AdjWindow *self, gpointer data);

typedef struct {
  AdjWindow *self;
  ThenFunc   then;
  gpointer   data;
  GDestroyNotify destroy;
} Pending;

static void save_then (AdjWindow *self, Pending *pending);

static void
pending_run (Pending *p)
{
  p->then (p->self, p->data);
}

static void
pending_free (Pending *p)
{
  if (p->destroy)
    p->destroy (p->data);
  g_object_unref (p->self);
  g_free (p);
}

enum { RESPONSE_DISCARD = 1, RESPONSE_SAVE = 2 };

static void
confirm_response_cb (GtkDialog *dialog, int response, Pending *p)
{
  /* The dialog outlives this handler, and the window may be gone by then: let go of it. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == RESPONSE_DISCARD)
    {
      pending_run (p);
      pending_free (p);
    }
  else if (response == RESPONSE_SAVE)
    save_then (p->self, p);
  else
    pending_free (p);
}

/* Runs @then now when there is nothing to lose; otherwise after the user saves or discards. */
static void
confirm_discard (AdjWindow *self, ThenFunc then, gpointer data, GDestroyNotify destroy)
{
  Pending *p = g_new0 (Pending, 1);
  GtkWidget *dialog;

  p->self = g_object_ref (self);
  p->then = then;
  p->data = data;
  p->destroy = destroy;
  adj_editor_flush (ADJ_EDITOR (self->editor));   /* typing not yet taken in counts too */
  if (!adj_document_get_modified (self->document))
    {
      pending_run (p);
      pending_free (p);
      return;
    }
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

static gboolean
save_to (AdjWindow *self, GFile *file)
{
  g_autoptr (GError) error = NULL;

  if (!adj_document_save (self->document, file, &error))
    {
      g_autofree char *message = g_strdup_printf ("Could not save: %s", error->message);
      show_banner (self, message);
      return FALSE;
    }
  add_recent (file);
  show_banner (self, NULL);
  return TRUE;
}

static void
save_as_response_cb (GtkNativeDialog *chooser, int response, Pending *p)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  g_object_unref (chooser);
  if (file && save_to (p->self, file) && p->then)
    pending_run (p);
  pending_free (p);
}

static GtkFileFilter *
graph_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, "Adjoint graphs and programs");
  gtk_file_filter_add_mime_type (filter, AG_FILE_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "adjoint");
  gtk_file_filter_add_suffix (filter, "txt");
  return filter;
}

/* Saves (asking where when untitled), then runs @p's continuation if it has one. */
static void
save_then (AdjWindow *self, Pending *p)
{
  GFile *file = adj_document_get_file (self->document);
  GtkFileChooserNative *chooser;

  if (file && g_file_has_uri_scheme (file, "file") && p->then != NULL)
    {
      if (save_to (self, file))
        pending_run (p);
      pending_free (p);
      return;
    }
  chooser = gtk_file_chooser_native_new ("Save Graph", GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         "_Save", "_Cancel");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    g_autoptr (GtkFileFilter) filter = graph_filter ();
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  }
  if (file)
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

/* ---- actions ----------------------------------------------------------------------------- */

static void
step_by (AdjWindow *self, int delta)
{
  const guint k = adj_document_get_step (self->document);
  adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
  if (delta < 0 && k == 0)
    return;
  adj_document_set_step (self->document, k + delta);
}

static gboolean
lab_showing (AdjWindow *self)
{
  return self->lab != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "lab") == 0;
}

static void
step_forward_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;

  /* On the lab's page the player's keys drive training. */
  if (lab_showing (self))
    {
      adj_train_lab_set_playing (ADJ_TRAIN_LAB (self->lab), FALSE);
      adj_train_lab_step (ADJ_TRAIN_LAB (self->lab));
      return;
    }
  step_by (user_data, 1);
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

  if (lab_showing (self))
    {
      AdjTrainLab *lab = ADJ_TRAIN_LAB (self->lab);
      adj_train_lab_set_playing (lab, !adj_train_lab_get_playing (lab));
      return;
    }
  adj_graph_view_set_playing (view, !adj_graph_view_get_playing (view));
}

static void
restart_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
  adj_document_set_step (self->document, 0);
}

static void
end_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
  adj_document_set_step (self->document, adj_document_get_n_steps (self->document));
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
  adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
  adj_document_set_step (self->document, adj_document_get_phase_start (self->document));
}

static void
fullscreen_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  GtkWindow *window = user_data;
  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
zoom_in_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  adj_graph_view_zoom_by (ADJ_GRAPH_VIEW (ADJ_WINDOW (user_data)->graph_view), 1.25);
}

static void
zoom_out_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  adj_graph_view_zoom_by (ADJ_GRAPH_VIEW (ADJ_WINDOW (user_data)->graph_view), 0.8);
}

static void
zoom_reset_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  adj_graph_view_zoom_reset (ADJ_GRAPH_VIEW (ADJ_WINDOW (user_data)->graph_view));
}

static void
zoom_fit_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  adj_graph_view_zoom_to_fit (ADJ_GRAPH_VIEW (ADJ_WINDOW (user_data)->graph_view));
}

static void
open_file_now (AdjWindow *self, gpointer data)
{
  adj_window_open_file (self, G_FILE (data), NULL);
}

static void
open_uri_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  GFile *file = g_file_new_for_uri (g_variant_get_string (p, NULL));
  confirm_discard (self, open_file_now, file, g_object_unref);
}

static void
open_response_cb (GtkNativeDialog *chooser, int response, AdjWindow *self)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  g_object_unref (chooser);
  /* The window may have been closed while the dialog was open. */
  if (file && gtk_widget_get_root (GTK_WIDGET (self)) != NULL && gtk_widget_get_visible (GTK_WIDGET (self)))
    confirm_discard (self, open_file_now, file, g_object_unref);
  else
    g_clear_object (&file);
  g_object_unref (self);
}

static void
open_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("Open Graph", GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  g_autoptr (GtkFileFilter) filter = graph_filter ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_example_now (AdjWindow *self, gpointer data)
{
  adj_window_open_example (self, data, NULL);
}

static void
open_example_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  confirm_discard (user_data, open_example_now, g_variant_dup_string (p, NULL), g_free);
}

static void
save_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  GFile *file = adj_document_get_file (self->document);

  adj_editor_flush (ADJ_EDITOR (self->editor));
  if (file)
    save_to (self, file);
  else
    {
      Pending *pending = g_new0 (Pending, 1);
      pending->self = g_object_ref (self);
      save_then (self, pending);
    }
}

static void
save_as_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  Pending *pending = g_new0 (Pending, 1);
  adj_editor_flush (ADJ_EDITOR (self->editor));
  pending->self = g_object_ref (self);
  save_then (self, pending);
}

static void
close_now (AdjWindow *self, gpointer data)
{
  self->closing_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
close_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
}

static void
dismiss_banner_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  show_banner (user_data, NULL);
}

/* ---- captions and export ----------------------------------------------------------------- */

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
  show_caption_entry (self, TRUE);
  gtk_widget_grab_focus (self->caption_entry);
}

static void
caption_entry_activate_cb (GtkEntry *entry, AdjWindow *self)
{
  const guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "step"));

  adj_document_set_caption (self->document, k, gtk_editable_get_text (GTK_EDITABLE (entry)));
  show_caption_entry (self, FALSE);
  update_caption (self);
  gtk_widget_grab_focus (self->graph_view);
}

static gboolean
caption_entry_key_cb (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
                      AdjWindow *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  show_caption_entry (self, FALSE);
  gtk_widget_grab_focus (self->graph_view);
  return TRUE;
}

typedef enum { EXPORT_STEP, EXPORT_ALL, EXPORT_LOSS } ExportKind;

static const char *
window_caption (guint k, gpointer data)
{
  return adj_document_get_caption (data, k);
}

static void
export_response_cb (GtkNativeDialog *chooser, int response, AdjWindow *self)
{
  const ExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kind"));
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  g_object_unref (chooser);
  if (file)
    path = g_file_get_path (file);
  if (path != NULL && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    {
      /* A name without a known ending gets the dialog's format. */
      if (!g_str_has_suffix (path, ".png") && !g_str_has_suffix (path, ".svg") && !g_str_has_suffix (path, ".pdf"))
        {
          char *with = g_strconcat (path, kind == EXPORT_ALL ? ".pdf" : ".png", NULL);
          g_free (path);
          path = with;
        }
      ok = adj_window_export (self, path, kind == EXPORT_ALL ? "all" : kind == EXPORT_LOSS ? "loss" : "step", &error);
      if (!ok)
        {
          g_autofree char *message = g_strdup_printf ("Could not export: %s",
                                                      error ? error->message : "the drawing failed");
          show_banner (self, message);
        }
    }
  g_object_unref (self);
}

static void
export_dialog (AdjWindow *self, ExportKind kind)
{
  const char *titles[] = { "Export This Step", "Export Every Step as Slides", "Export the Loss Plot" };
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (titles[kind], GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  g_autofree char *base = g_strdup (adj_document_get_title (self->document));
  g_autofree char *name = NULL;

  g_strdelimit (base, "/\\:", '-');
  if (kind == EXPORT_STEP)
    name = g_strdup_printf ("%s, step %u.png", base, adj_document_get_step (self->document));
  else if (kind == EXPORT_ALL)
    name = g_strdup_printf ("%s.pdf", base);
  else
    name = g_strdup_printf ("%s, loss.png", base);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_object_set_data (G_OBJECT (chooser), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_step_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  export_dialog (user_data, EXPORT_STEP);
}

static void
export_all_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  export_dialog (user_data, EXPORT_ALL);
}

static void
export_loss_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  export_dialog (user_data, EXPORT_LOSS);
}

/* ---- presentation mode ------------------------------------------------------------------- */

static void
set_presenting (AdjWindow *self, gboolean presenting)
{
  GAction *leave = g_action_map_lookup_action (G_ACTION_MAP (self), "leave-presentation");
  GAction *present = g_action_map_lookup_action (G_ACTION_MAP (self), "present");

  if (self->presenting == presenting)
    return;
  self->presenting = presenting;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (leave), presenting);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "spotlight")), presenting);
  g_simple_action_set_state (G_SIMPLE_ACTION (present), g_variant_new_boolean (presenting));
  if (presenting)
    {
      self->was_fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));
      gtk_window_fullscreen (GTK_WINDOW (self));
      adj_editor_flush (ADJ_EDITOR (self->editor));
    }
  else
    {
      if (!self->was_fullscreen)
        gtk_window_unfullscreen (GTK_WINDOW (self));
      gtk_widget_set_visible (self->blank, FALSE);
      gtk_widget_set_visible (self->spotlight, FALSE);
    }
  /* Only the canvas and the caption line: type big enough for the back row. */
  gtk_widget_set_visible (self->editor, !presenting);
  gtk_widget_set_visible (self->sidebar, !presenting);
  gtk_widget_set_visible (self->player_bar, !presenting);
  gtk_widget_set_visible (self->note_label, !presenting && gtk_label_get_text (GTK_LABEL (self->note_label))[0] != '\0');
  if (presenting)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presenting");
      gtk_widget_grab_focus (self->graph_view);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presenting");
  gtk_widget_set_visible (gtk_window_get_titlebar (GTK_WINDOW (self)), !presenting);
  /* Fit once the panels are gone and the window has its new size. */
  adj_graph_view_refit (ADJ_GRAPH_VIEW (self->graph_view), presenting ? 4.0 : 1.5);
}

static void
present_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  set_presenting (self, !self->presenting);
}

static void
leave_presentation_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  set_presenting (user_data, FALSE);
}

static void
spotlight_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  if (self->presenting)
    gtk_widget_set_visible (self->spotlight, !gtk_widget_get_visible (self->spotlight));
}

/* The spotlight: the screen dimmed but for a soft circle where the pointer is. */
static void
spotlight_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  AdjWindow *self = data;
  const double r = MAX (90, MIN (width, height) / 9.0);
  cairo_pattern_t *hole = cairo_pattern_create_radial (self->pointer_x, self->pointer_y, r * 0.8,
                                                       self->pointer_x, self->pointer_y, r);

  cairo_pattern_add_color_stop_rgba (hole, 0, 0, 0, 0, 0);
  cairo_pattern_add_color_stop_rgba (hole, 1, 0, 0, 0, 0.6);
  cairo_set_source (cr, hole);
  cairo_paint (cr);
  cairo_pattern_destroy (hole);
}

static void
pointer_motion_cb (GtkEventControllerMotion *motion, double x, double y, AdjWindow *self)
{
  graphene_point_t in, out;

  if (!gtk_widget_get_visible (self->spotlight))
    return;
  in = GRAPHENE_POINT_INIT (x, y);
  if (gtk_widget_compute_point (GTK_WIDGET (self), self->spotlight, &in, &out))
    {
      self->pointer_x = out.x;
      self->pointer_y = out.y;
    }
  gtk_widget_queue_draw (self->spotlight);
}

static void
show_page_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  const char *page = g_variant_get_string (p, NULL);

  if (g_str_equal (page, "graph") || g_str_equal (page, "lab"))
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page);
}

static const GActionEntry win_actions[] = {
  { "step-forward", step_forward_action },
  { "step-back", step_back_action },
  { "play", play_action },
  { "restart", restart_action },
  { "end", end_action },
  { "backward-start", backward_start_action },
  { "fullscreen", fullscreen_action },
  { "zoom-in", zoom_in_action },
  { "zoom-out", zoom_out_action },
  { "zoom-reset", zoom_reset_action },
  { "zoom-fit", zoom_fit_action },
  { "open", open_action },
  { "open-uri", open_uri_action, "s" },
  { "open-example", open_example_action, "s" },
  { "save", save_action },
  { "save-as", save_as_action },
  { "close", close_action },
  { "dismiss-banner", dismiss_banner_action },
  { "show-page", show_page_action, "s" },
  { "present", present_action, NULL, "false" },
  { "leave-presentation", leave_presentation_action },
  { "spotlight", spotlight_action },
  { "edit-caption", edit_caption_action },
  { "export-step", export_step_action },
  { "export-all", export_all_action },
  { "export-loss", export_loss_action },
};

/* ---- building the window ----------------------------------------------------------------- */

static void
lab_show_graph_cb (AdjTrainLab *lab, AdjWindow *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "graph");
  gtk_widget_grab_focus (self->graph_view);
}

static void
page_changed_cb (GtkStack *stack, GParamSpec *pspec, AdjWindow *self)
{
  const gboolean lab = g_strcmp0 (gtk_stack_get_visible_child_name (stack), "lab") == 0;

  if (lab && self->lab == NULL)
    {
      self->lab = adj_train_lab_new (self->document);
      gtk_widget_set_vexpand (self->lab, TRUE);
      g_signal_connect (self->lab, "show-graph", G_CALLBACK (lab_show_graph_cb), self);
      adj_train_lab_set_dark (ADJ_TRAIN_LAB (self->lab), self->dark);
      gtk_box_append (GTK_BOX (self->lab_page), self->lab);
    }
  /* Training stops when its page is left: the graph's player takes over. */
  if (!lab && self->lab)
    adj_train_lab_set_playing (ADJ_TRAIN_LAB (self->lab), FALSE);
  if (lab)
    adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
}

static GtkWidget *
icon_button (const char *icon, const char *action, const char *tooltip, const char *name)
{
  GtkWidget *b = gtk_button_new_from_icon_name (icon);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  gtk_widget_set_tooltip_text (b, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (b), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_add_css_class (b, "flat");
  return b;
}

static GMenuModel *
examples_menu (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *lessons = g_menu_new ();

  for (const char *const *name = adj_application_example_names (); *name; name++)
    {
      g_autofree char *path = g_strdup_printf ("/org/adjoint/Adjoint/examples/%s.adjoint", *name);
      g_autoptr (GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      g_autoptr (AgGraphFile) doc = bytes ? ag_graph_file_load_from_data (g_bytes_get_data (bytes, NULL),
                                                                       g_bytes_get_size (bytes), NULL) : NULL;
      g_autofree char *detailed = g_strdup_printf ("win.open-example::%s", *name);
      g_autofree char *label = NULL;
      const char *title = doc && doc->title ? doc->title : *name;

      if (g_ascii_isdigit ((*name)[0]))
        label = g_strdup_printf ("%d. %s", atoi (*name), title);
      else
        label = g_strdup (title);
      g_menu_append (g_ascii_isdigit ((*name)[0]) ? lessons : menu, label, detailed);
    }
  g_menu_append_section (menu, "Lessons", G_MENU_MODEL (lessons));
  g_object_unref (lessons);
  return G_MENU_MODEL (menu);
}

static void
recent_menu_update (GtkMenuButton *button, AdjWindow *self)
{
  GMenu *menu = g_menu_new ();
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint n = 0;

  for (GList *l = items; l && n < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      if (!g_str_has_suffix (uri, AG_FILE_EXTENSION) || !gtk_recent_info_exists (info))
        continue;
      GMenuItem *item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-uri", "s", uri);
      g_menu_append_item (menu, item);
      g_object_unref (item);
      n++;
    }
  if (n == 0)
    g_menu_append (menu, "No recent graphs", "win.none");
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
  g_object_unref (menu);
}

/* Built each time it opens, so it lists files opened in other windows too. */
static void
recent_popup_cb (GtkMenuButton *button, gpointer user_data)
{
  recent_menu_update (button, user_data);
}

static GtkWidget *
build_header (AdjWindow *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *open_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *open = gtk_button_new_with_mnemonic ("_Open");
  GtkWidget *examples = gtk_menu_button_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic ("_Save");
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autoptr (GMenuModel) ex_menu = examples_menu ();
  g_autoptr (GMenu) main_menu = g_menu_new ();
  g_autoptr (GMenu) section1 = g_menu_new ();
  g_autoptr (GMenu) section2 = g_menu_new ();
  g_autoptr (GMenu) section3 = g_menu_new ();

  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.open");
  gtk_widget_set_tooltip_text (open, "Open a graph file (Ctrl+O)");
  self->recent_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->recent_button), "pan-down-symbolic");
  gtk_widget_set_tooltip_text (self->recent_button, "Recent graphs");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->recent_button), GTK_ACCESSIBLE_PROPERTY_LABEL, "Recent graphs", -1);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->recent_button), recent_popup_cb, self, NULL);
  gtk_widget_add_css_class (open_box, "linked");
  gtk_box_append (GTK_BOX (open_box), open);
  gtk_box_append (GTK_BOX (open_box), self->recent_button);
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), open_box);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (examples), "Examples");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (examples), ex_menu);
  gtk_widget_set_tooltip_text (examples, "The worked lessons");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), examples);

  self->switcher = gtk_stack_switcher_new ();
  gtk_widget_set_tooltip_text (self->switcher, "The graph and its player, or the training lab");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), self->switcher);

  self->title_label = gtk_label_new ("");
  gtk_widget_add_css_class (self->title_label, "title");
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  self->subtitle_label = gtk_label_new ("");
  gtk_widget_add_css_class (self->subtitle_label, "subtitle");
  gtk_label_set_ellipsize (GTK_LABEL (self->subtitle_label), PANGO_ELLIPSIZE_START);
  gtk_box_append (GTK_BOX (titles), self->title_label);
  gtk_box_append (GTK_BOX (titles), self->subtitle_label);
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_header_bar_set_title_widget (GTK_HEADER_BAR (header), titles);

  g_menu_append (section1, "New Window", "app.new-window");
  g_menu_append (section1, "Save As…", "win.save-as");
  g_menu_append (section1, "Export This Step…", "win.export-step");
  g_menu_append (section1, "Export Every Step as Slides…", "win.export-all");
  g_menu_append (section1, "Export the Loss Plot…", "win.export-loss");
  g_menu_append (section2, "Zoom to Fit", "win.zoom-fit");
  g_menu_append (section2, "Fullscreen", "win.fullscreen");
  g_menu_append (section2, "Present", "win.present");
  if (adj_settings_get ())
    {
      g_autoptr (GMenu) themes = g_menu_new ();
      g_autoptr (GMenu) sizes = g_menu_new ();
      g_menu_append (themes, "Follow the Desktop", "win.theme::system");
      g_menu_append (themes, "Light", "win.theme::light");
      g_menu_append (themes, "Dark", "win.theme::dark");
      g_menu_append (themes, "High Contrast", "win.theme::high-contrast");
      g_menu_append (sizes, "100 %", "win.font-scale(1.0)");
      g_menu_append (sizes, "125 %", "win.font-scale(1.25)");
      g_menu_append (sizes, "150 % (lecture hall)", "win.font-scale(1.5)");
      g_menu_append (sizes, "200 %", "win.font-scale(2.0)");
      g_menu_append_submenu (section2, "Theme", G_MENU_MODEL (themes));
      g_menu_append_submenu (section2, "Text Size", G_MENU_MODEL (sizes));
    }
  g_menu_append (section3, "Keyboard Shortcuts", "win.show-help-overlay");
  g_menu_append (section3, "About Adjoint", "app.about");
  g_menu_append (section3, "Quit", "app.quit");
  g_menu_append_section (main_menu, NULL, G_MENU_MODEL (section1));
  g_menu_append_section (main_menu, NULL, G_MENU_MODEL (section2));
  g_menu_append_section (main_menu, NULL, G_MENU_MODEL (section3));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (main_menu));
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
  gtk_widget_set_tooltip_text (menu_button, "Main menu");
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), menu_button);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "win.save");
  gtk_widget_set_tooltip_text (save, "Save (Ctrl+S)");
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), save);
  return header;
}

static GtkWidget *
build_player (AdjWindow *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  const char *speed_names[] = { "¼×", "½×", "1×", "2×", "4×", NULL };
  const char *mode_names[] = { "Reverse mode", "Forward mode", NULL };

  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_add_css_class (bar, "player");
  gtk_box_append (GTK_BOX (buttons), icon_button ("media-skip-backward-symbolic", "win.restart", "Restart (Home)", "Restart"));
  gtk_box_append (GTK_BOX (buttons), icon_button ("go-previous-symbolic", "win.step-back", "Step back (Left, Page Up)", "Step back"));
  self->play_button = icon_button ("media-playback-start-symbolic", "win.play", "Play (Space)", "Play");
  gtk_widget_add_css_class (self->play_button, "play");
  gtk_box_append (GTK_BOX (buttons), self->play_button);
  gtk_box_append (GTK_BOX (buttons), icon_button ("go-next-symbolic", "win.step-forward", "Step forward (Right, Page Down)", "Step forward"));
  gtk_box_append (GTK_BOX (buttons), icon_button ("media-skip-forward-symbolic", "win.end", "Jump to the end (End)", "Jump to the end"));
  gtk_box_append (GTK_BOX (bar), buttons);
  {
    GtkWidget *b = gtk_button_new_with_label ("Backward ↩");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "win.backward-start");
    gtk_widget_set_tooltip_text (b, "Jump to the start of the backward pass (B)");
    gtk_widget_add_css_class (b, "flat");
    gtk_box_append (GTK_BOX (bar), b);
  }
  /* A button beside the caption line would upset GTK 4.8's height-for-width there. */
  self->caption_edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->caption_edit), "win.edit-caption");
  gtk_widget_add_css_class (self->caption_edit, "flat");
  gtk_widget_set_valign (self->caption_edit, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->caption_edit, "Write this step's caption (Enter keeps it; empty brings back the generated sentence)");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->caption_edit), GTK_ACCESSIBLE_PROPERTY_LABEL, "Edit caption", -1);
  gtk_box_append (GTK_BOX (bar), self->caption_edit);


  self->timeline = adj_timeline_new ();
  gtk_widget_set_hexpand (self->timeline, TRUE);
  gtk_widget_set_valign (self->timeline, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (bar), self->timeline);

  self->speed_dropdown = gtk_drop_down_new_from_strings (speed_names);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed_dropdown), 2);
  gtk_widget_set_tooltip_text (self->speed_dropdown, "Animation speed");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, "Speed", -1);
  gtk_widget_set_valign (self->speed_dropdown, GTK_ALIGN_CENTER);
  g_signal_connect (self->speed_dropdown, "notify::selected", G_CALLBACK (speed_cb), self);
  gtk_box_append (GTK_BOX (bar), self->speed_dropdown);

  self->mode_dropdown = gtk_drop_down_new_from_strings (mode_names);
  gtk_widget_set_tooltip_text (self->mode_dropdown,
                               "Reverse mode sends adjoints back from the output (backpropagation); "
                               "forward mode sends tangents forward from one input");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mode_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, "Mode", -1);
  gtk_widget_set_valign (self->mode_dropdown, GTK_ALIGN_CENTER);
  g_signal_connect (self->mode_dropdown, "notify::selected", G_CALLBACK (mode_cb), self);
  gtk_box_append (GTK_BOX (bar), self->mode_dropdown);
  return bar;
}

static GtkWidget *
build_sidebar (AdjWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->value_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->value_row, "value-row");
  gtk_widget_set_margin_start (self->value_row, 12);
  gtk_widget_set_margin_end (self->value_row, 12);
  gtk_widget_set_margin_top (self->value_row, 12);
  self->value_label = gtk_label_new ("");
  gtk_widget_add_css_class (self->value_label, "heading");
  self->value_spin = gtk_spin_button_new_with_range (-1e6, 1e6, 0.1);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (self->value_spin), 4);
  gtk_widget_set_hexpand (self->value_spin, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->value_spin), GTK_ACCESSIBLE_PROPERTY_LABEL, "Input value", -1);
  gtk_widget_set_tooltip_text (self->value_spin, "Change this input: values and gradients follow at once. "
                                                 "You can also drag sideways on its value in the graph.");
  g_signal_connect (self->value_spin, "value-changed", G_CALLBACK (value_spin_changed_cb), self);
  gtk_box_append (GTK_BOX (self->value_row), self->value_label);
  gtk_box_append (GTK_BOX (self->value_row), self->value_spin);
  gtk_widget_set_visible (self->value_row, FALSE);
  gtk_box_append (GTK_BOX (box), self->value_row);

  self->inspector = adj_inspector_new ();
  gtk_widget_set_vexpand (self->inspector, TRUE);
  gtk_box_append (GTK_BOX (box), self->inspector);
  gtk_widget_set_size_request (box, 300, -1);
  return box;
}

static void
build (AdjWindow *self)
{
  GtkWidget *outer = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *inner = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *centre = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *caption = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *banner_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GtkWidget *overlay;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_window_set_titlebar (GTK_WINDOW (self), build_header (self));

  self->editor = adj_editor_new ();
  gtk_widget_set_size_request (self->editor, 260, -1);
  g_signal_connect (self->editor, "changed", G_CALLBACK (editor_changed_cb), self);

  /* A load error shows here, above the canvas, until dismissed. */
  self->banner = gtk_revealer_new ();
  self->banner_label = gtk_label_new ("");
  gtk_label_set_wrap (GTK_LABEL (self->banner_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->banner_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->banner_label), 0);
  gtk_widget_set_hexpand (self->banner_label, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (dismiss), "win.dismiss-banner");
  gtk_widget_add_css_class (dismiss, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL, "Dismiss", -1);
  gtk_box_append (GTK_BOX (banner_box), self->banner_label);
  gtk_box_append (GTK_BOX (banner_box), dismiss);
  gtk_widget_add_css_class (banner_box, "banner");
  gtk_revealer_set_child (GTK_REVEALER (self->banner), banner_box);
  gtk_box_append (GTK_BOX (centre), self->banner);

  self->note_label = gtk_label_new ("");
  gtk_label_set_wrap (GTK_LABEL (self->note_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->note_label), 0);
  gtk_widget_add_css_class (self->note_label, "lesson-note");
  gtk_box_append (GTK_BOX (centre), self->note_label);

  self->graph_view = adj_graph_view_new ();
  g_signal_connect (self->graph_view, "notify::playing", G_CALLBACK (playing_cb), self);
  /* While the program has an error, say that the canvas shows the last one that worked. */
  self->stale_label = gtk_label_new ("The graph shows the last program that worked: fix the error in the editor.");
  gtk_widget_add_css_class (self->stale_label, "stale-note");
  gtk_widget_set_halign (self->stale_label, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->stale_label, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->stale_label, 12);
  gtk_widget_set_visible (self->stale_label, FALSE);
  gtk_widget_set_can_target (self->stale_label, FALSE);
  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), self->graph_view);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->stale_label);
  gtk_box_append (GTK_BOX (centre), overlay);

  self->caption_label = gtk_label_new ("");
  gtk_label_set_wrap (GTK_LABEL (self->caption_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->caption_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->caption_label), TRUE);
  gtk_widget_set_hexpand (self->caption_label, TRUE);
  gtk_widget_set_focusable (self->caption_label, FALSE);
  self->counter_label = gtk_label_new ("");
  gtk_widget_add_css_class (self->counter_label, "counter");
  gtk_widget_set_valign (self->counter_label, GTK_ALIGN_CENTER);
  /* The caption line, or the entry a lecturer writes this step's caption in. */
  /* (Siblings shown in turn, not a GtkStack: a stack of a wrapping label and an entry measures
   * inconsistently in GTK 4.8.) */
  self->caption_entry = gtk_entry_new ();
  gtk_widget_set_valign (self->caption_entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->caption_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Caption for this step", -1);
  g_signal_connect (self->caption_entry, "activate", G_CALLBACK (caption_entry_activate_cb), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();
    g_signal_connect (keys, "key-pressed", G_CALLBACK (caption_entry_key_cb), self);
    gtk_widget_add_controller (self->caption_entry, keys);
  }
  gtk_widget_set_hexpand (self->caption_entry, TRUE);
  gtk_widget_set_visible (self->caption_entry, FALSE);
  gtk_box_append (GTK_BOX (caption), self->caption_label);
  gtk_box_append (GTK_BOX (caption), self->caption_entry);
  gtk_box_append (GTK_BOX (caption), self->counter_label);
  gtk_widget_add_css_class (caption, "caption-bar");
  self->caption_bar = caption;
  gtk_box_append (GTK_BOX (centre), caption);
  self->player_bar = build_player (self);
  gtk_box_append (GTK_BOX (centre), self->player_bar);

  gtk_paned_set_start_child (GTK_PANED (inner), centre);
  self->sidebar = build_sidebar (self);
  gtk_paned_set_end_child (GTK_PANED (inner), self->sidebar);
  gtk_paned_set_resize_end_child (GTK_PANED (inner), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (inner), FALSE);
  /* Two pages beside the editor: the graph with its player, and the training lab, made the
   * first time it is shown (a lesson never pays for it). */
  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_add_titled (GTK_STACK (self->stack), inner, "graph", "Graph");
  self->lab_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_stack_add_titled (GTK_STACK (self->stack), self->lab_page, "lab", "Train");
  g_signal_connect (self->stack, "notify::visible-child-name", G_CALLBACK (page_changed_cb), self);
  gtk_paned_set_start_child (GTK_PANED (outer), self->editor);
  gtk_paned_set_end_child (GTK_PANED (outer), self->stack);
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (self->switcher), GTK_STACK (self->stack));
  gtk_paned_set_resize_start_child (GTK_PANED (outer), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (outer), FALSE);
  gtk_paned_set_position (GTK_PANED (outer), 300);
  /* Over everything: the blank screen and the spotlight of presentation mode. */
  {
    GtkWidget *root = gtk_overlay_new ();
    GtkEventController *motion = gtk_event_controller_motion_new ();

    gtk_overlay_set_child (GTK_OVERLAY (root), outer);
    self->blank = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_add_css_class (self->blank, "blank-screen");
    gtk_widget_set_visible (self->blank, FALSE);
    gtk_overlay_add_overlay (GTK_OVERLAY (root), self->blank);
    self->spotlight = gtk_drawing_area_new ();
    gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->spotlight), spotlight_draw, self, NULL);
    gtk_widget_set_can_target (self->spotlight, FALSE);
    gtk_widget_set_visible (self->spotlight, FALSE);
    gtk_overlay_add_overlay (GTK_OVERLAY (root), self->spotlight);
    gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
    g_signal_connect (motion, "motion", G_CALLBACK (pointer_motion_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), motion);
    self->outer_paned = outer;
    gtk_window_set_child (GTK_WINDOW (self), root);
  }

  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/* The player's keys act when the focused widget does not use them itself (the editor keeps
 * its arrows), which is why they are not application accelerators. */
static void
add_player_keys (AdjWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  const struct { const char *accel, *action; } map[] = {
    { "Right|Page_Down|KP_Right", "win.step-forward" },
    { "Left|Page_Up|KP_Left", "win.step-back" },
    { "space", "win.play" },
    { "Home", "win.restart" },
    { "End", "win.end" },
    { "b|period", "win.backward-start" },
    { "F5", "win.present" },
    { "Escape", "win.leave-presentation" },
    { "s", "win.spotlight" },
  };

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_BUBBLE);
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (map[i].accel),
                                                            gtk_named_action_new (map[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static gboolean
adj_window_close_request (GtkWindow *window)
{
  AdjWindow *self = ADJ_WINDOW (window);

  if (!self->closing_confirmed)
    adj_editor_flush (ADJ_EDITOR (self->editor));
  if (self->closing_confirmed || !adj_document_get_modified (self->document))
    return GTK_WINDOW_CLASS (adj_window_parent_class)->close_request (window);
  confirm_discard (self, close_now, NULL, NULL);
  return TRUE;
}

static void
adj_window_dispose (GObject *object)
{
  AdjWindow *self = ADJ_WINDOW (object);

  if (self->document)
    g_signal_handlers_disconnect_by_data (self->document, self);
  /* The settings' actions outlive the window's action group unless removed: the group does
   * not disconnect from actions that survive it. */
  g_action_map_remove_action (G_ACTION_MAP (self), "theme");
  g_action_map_remove_action (G_ACTION_MAP (self), "font-scale");
  G_OBJECT_CLASS (adj_window_parent_class)->dispose (object);
}

static void
adj_window_finalize (GObject *object)
{
  AdjWindow *self = ADJ_WINDOW (object);

  g_clear_object (&self->document);
  G_OBJECT_CLASS (adj_window_parent_class)->finalize (object);
}

static void
adj_window_class_init (AdjWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = adj_window_dispose;
  object_class->finalize = adj_window_finalize;
  window_class->close_request = adj_window_close_request;
}

static void
adj_window_init (AdjWindow *self)
{
  self->document = adj_document_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
  if (adj_settings_get ())
    {
      g_autoptr (GAction) theme = g_settings_create_action (adj_settings_get (), "theme");
      g_autoptr (GAction) scale = g_settings_create_action (adj_settings_get (), "font-scale");
      g_action_map_add_action (G_ACTION_MAP (self), theme);
      g_action_map_add_action (G_ACTION_MAP (self), scale);
      g_signal_connect_object (adj_settings_get (), "changed", G_CALLBACK (settings_changed_cb), self, 0);
      adj_settings_apply_to_gtk ();
    }
  /* Escape leaves presentation mode, and is nobody's key otherwise. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "leave-presentation")), FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "spotlight")), FALSE);
  build (self);
  add_player_keys (self);
  gtk_window_set_default_size (GTK_WINDOW (self), 1440, 900);

  adj_graph_view_set_document (ADJ_GRAPH_VIEW (self->graph_view), self->document);
  adj_inspector_set_document (ADJ_INSPECTOR (self->inspector), self->document);
  adj_timeline_set_document (ADJ_TIMELINE (self->timeline), self->document);
  g_signal_connect (self->document, "graph-changed", G_CALLBACK (document_changed_cb), self);
  g_signal_connect (self->document, "notify::step", G_CALLBACK (step_changed_cb), self);
  g_signal_connect (self->document, "notify::error", G_CALLBACK (error_changed_cb), self);
  g_signal_connect (self->document, "notify::selected", G_CALLBACK (selected_changed_cb), self);
  g_signal_connect (self->document, "notify::title", G_CALLBACK (title_changed_cb), self);
  g_signal_connect (self->document, "notify::modified", G_CALLBACK (title_changed_cb), self);
  document_changed_cb (self->document, self);
  update_title (self);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-application-prefer-dark-theme",
                           G_CALLBACK (dark_cb), self, 0);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-theme-name", G_CALLBACK (dark_cb), self, 0);
  dark_cb (gtk_settings_get_default (), NULL, self);
  gtk_widget_grab_focus (self->graph_view);
}

/* ---- public API -------------------------------------------------------------------------- */

AdjWindow *
adj_window_new (GtkApplication *app)
{
  return g_object_new (ADJ_TYPE_WINDOW, "application", app, NULL);
}

static void
after_load (AdjWindow *self)
{
  const GError *error = adj_document_get_error (self->document);

  /* A file with a training setup opens on the lab; others on the graph. */
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    adj_document_get_training (self->document) ? "lab" : "graph");
  show_banner (self, NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->mode_dropdown),
                              adj_document_get_mode (self->document) == ADJ_MODE_FORWARD ? 1 : 0);
  error_changed_cb (self->document, NULL, self);
  if (error)
    {
      g_autofree char *text = adj_document_dup_error_text (self->document);
      g_autofree char *message = g_strdup_printf ("The program has an error; fix it in the editor.\n%s", text);
      show_banner (self, message);
    }
  gtk_widget_grab_focus (self->graph_view);
}

gboolean
adj_window_open_file (AdjWindow *self, GFile *file, GError **error)
{
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (ADJ_IS_WINDOW (self), FALSE);
  if (!adj_document_load (self->document, file, &local))
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *message = NULL;
      guint line, col, len;
      if (ag_error_get_location (local, &line, &col, &len))
        message = g_strdup_printf ("Could not open %s:%u:%u: %s", name, line, col, local->message);
      else
        message = g_strdup_printf ("Could not open %s: %s", name, local->message);
      show_banner (self, message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  add_recent (file);
  after_load (self);
  return TRUE;
}

gboolean
adj_window_open_example (AdjWindow *self, const char *name, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/org/adjoint/Adjoint/examples/%s.adjoint", name);
  g_autofree char *display = g_strdup_printf ("%s.adjoint", name);
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (ADJ_IS_WINDOW (self), FALSE);
  bytes = g_resources_lookup_data (path, 0, error);
  if (bytes == NULL)
    return FALSE;
  if (!adj_document_load_data (self->document, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               display, error))
    return FALSE;
  after_load (self);
  return TRUE;
}

AdjDocument *
adj_window_get_document (AdjWindow *self)
{
  g_return_val_if_fail (ADJ_IS_WINDOW (self), NULL);
  return self->document;
}

AdjGraphView *
adj_window_get_graph_view (AdjWindow *self)
{
  g_return_val_if_fail (ADJ_IS_WINDOW (self), NULL);
  return ADJ_GRAPH_VIEW (self->graph_view);
}

GtkWidget *
adj_window_get_part (AdjWindow *self, const char *name)
{
  const struct { const char *name; GtkWidget *widget; } parts[] = {
    { "editor", self->editor }, { "inspector", self->inspector }, { "timeline", self->timeline },
    { "caption", self->caption_label }, { "counter", self->counter_label }, { "banner", self->banner },
    { "banner-label", self->banner_label }, { "play", self->play_button }, { "value-spin", self->value_spin },
    { "value-row", self->value_row }, { "mode", self->mode_dropdown }, { "speed", self->speed_dropdown },
    { "title", self->title_label }, { "stale", self->stale_label }, { "stack", self->stack },
    { "lab", self->lab }, { "blank", self->blank }, { "spotlight", self->spotlight },
    { "sidebar", self->sidebar }, { "player-bar", self->player_bar }, { "caption-bar", self->caption_bar },
    { "caption-entry", self->caption_entry },
    { "graph-view", self->graph_view },
  };
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (g_str_equal (parts[i].name, name))
      return parts[i].widget;
  g_return_val_if_reached (NULL);
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
  return adj_scene_export (path, adj_document_get_graph (self->document), adj_document_get_layout (self->document),
                           adj_document_get_trace (self->document), g_str_equal (what, "all") ? 0 : k,
                           g_str_equal (what, "all") ? n : k, window_caption, self->document,
                           self->theme, 1600, error);
}

