/* adj-window.c: the document window: its type and template (data/ui/adj-window.ui), what it
 * shows of the document, and the public API. Its actions, save flow, export and presentation
 * mode are in the adj-window-*.c beside it (see adj-window-private.h). */
#include "app/window/adj-window-private.h"
#include "app/window/adj-canvas-column.h"
#include "app/window/adj-examples.h"
#include "app/window/adj-settings.h"
#include "ui/graph/adj-editor.h"
#include "ui/graph/adj-exercise-bar.h"
#include "ui/graph/adj-inspector.h"
#include "ui/graph/adj-timeline.h"
#include "ui/lab/adj-train-lab.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (AdjWindow, adj_window, ADW_TYPE_APPLICATION_WINDOW)

static const double speeds[] = { 0.25, 0.5, 1, 2, 4 };

/* ---- what the window shows --------------------------------------------------------------- */

void
adj_window_show_banner (AdjWindow *self, const char *message)
{
  gtk_label_set_text (GTK_LABEL (self->banner_label), message);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner), message != NULL);
}

/* A short notice that goes by itself ("Saved"). */
void
adj_window_show_toast (AdjWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toast_overlay), toast);
}

static void
update_title (AdjWindow *self)
{
  const char *title = adj_document_get_title (self->document);
  GFile *file = adj_document_get_file (self->document);
  g_autofree char *full = g_strdup_printf ("%s%s", adj_document_get_modified (self->document) ? "• " : "", title);
  g_autofree char *path = file ? g_file_get_parse_name (file) : NULL;
  const char *home = g_get_home_dir ();
  g_autofree char *shown = NULL;

  if (path && g_str_has_prefix (path, home) && path[strlen (home)] == G_DIR_SEPARATOR)
    shown = g_strconcat ("~", path + strlen (home), NULL);
  gtk_label_set_text (GTK_LABEL (self->title_label), full);
  gtk_label_set_text (GTK_LABEL (self->subtitle_label), shown ? shown : path ? path : "not saved");
  gtk_window_set_title (GTK_WINDOW (self), full);
}

/* The caption line, or the entry a lecturer writes this step's caption in. */
void
adj_window_show_caption_entry (AdjWindow *self, gboolean editing)
{
  gtk_widget_set_visible (self->caption_entry, editing);
  gtk_widget_set_visible (self->caption, !editing);
}

void
adj_window_update_caption (AdjWindow *self)
{
  const guint k = adj_document_get_step (self->document), n = adj_document_get_n_steps (self->document);
  g_autofree char *question = adj_window_exercise_dup_caption (self);
  g_autofree char *text = question ? g_steal_pointer (&question) : adj_document_dup_step_text (self->document, k);
  g_autofree char *counter = g_strdup_printf ("%u / %u", k, n);
  const char *note = adj_document_get_run_note (self->document);

  if (note && k == n)
    {
      g_autofree char *both = g_strdup_printf ("%s\nOnly values are shown: %s", text, note);
      gtk_label_set_text (GTK_LABEL (self->caption), both);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->caption), text);
  gtk_label_set_text (GTK_LABEL (self->counter), counter);
  adj_window_fit_caption (self);
  /* A caption that scrolls (large text, a short window) starts at its top on every step. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->caption_scroll)), 0);
  /* Moving on while a caption is being written keeps what was typed for the step it was for. */
  if (gtk_widget_get_visible (self->caption_entry))
    adj_window_show_caption_entry (self, FALSE);
}

/* The preference for significant digits changed (adj_settings_apply set it): everything that
 * shows numbers for people writes them again, as a theme change repaints. */
void
adj_window_numbers_changed (AdjWindow *self)
{
  adj_window_update_caption (self);
  adj_inspector_refresh (ADJ_INSPECTOR (self->inspector));
  gtk_widget_queue_draw (self->graph_view);
  gtk_widget_queue_draw (self->timeline);
  if (self->lab)
    gtk_widget_queue_draw (self->lab);
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

gboolean
adj_window_lab_showing (AdjWindow *self)
{
  return self->lab != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "lab") == 0;
}

/* ---- the document's signals -------------------------------------------------------------- */

static void
document_changed_cb (AdjDocument *document, AdjWindow *self)
{
  const char *note = adj_document_get_note (document);

  sync_editor (self);
  adj_editor_follow_step (ADJ_EDITOR (self->editor), document);
  adj_window_update_caption (self);
  adj_window_update_actions (self);
  update_value_row (self);
  gtk_label_set_text (GTK_LABEL (self->note_label), note ? note : "");
  gtk_widget_set_visible (self->note_label, note != NULL && !self->presenting);
}

static void
step_changed_cb (AdjDocument *document, GParamSpec *pspec, AdjWindow *self)
{
  adj_editor_follow_step (ADJ_EDITOR (self->editor), document);
  adj_window_update_caption (self);
  adj_window_update_actions (self);
  adj_window_exercise_step_changed (self);
}

static void
error_changed_cb (AdjDocument *document, GParamSpec *pspec, AdjWindow *self)
{
  const GError *error = adj_document_get_error (document);
  guint line, col, len;

  gtk_widget_set_visible (self->stale_label, error != NULL);
  if (error == NULL)
    adj_editor_clear_error (ADJ_EDITOR (self->editor));
  else
    {
      g_autofree char *message = NULL;

      if (!ag_error_get_location (error, &line, &col, &len))
        line = col = len = 0;
      message = line ? g_strdup_printf ("%u:%u: %s", line, col, error->message) : g_strdup (error->message);
      adj_editor_show_error (ADJ_EDITOR (self->editor), line, col, len, message);
    }
  update_value_row (self);
}

/* What the spinner says: a large graph's layout (issue 19), else a heavy program's run. */
static void
update_busy_label (AdjWindow *self)
{
  GtkWidget *label = gtk_widget_get_last_child (self->busy_box);

  if (GTK_IS_LABEL (label))
    gtk_label_set_label (GTK_LABEL (label), adj_document_get_laying_out (self->document) ? "Laying out…" : "Computing…");
}

/* A heavy program's run shows the spinner only once it has taken 200 ms: a lesson's edits
 * (inline, or quick) never flash it. */
static gboolean
show_busy_cb (gpointer data)
{
  AdjWindow *self = data;

  self->busy_timeout = 0;
  update_busy_label (self);
  gtk_widget_set_visible (self->busy_box, TRUE);
  return G_SOURCE_REMOVE;
}

static void
busy_changed_cb (AdjDocument *document, GParamSpec *pspec, AdjWindow *self)
{
  adj_window_update_caption (self);
  if (adj_document_get_busy (document))
    {
      update_busy_label (self);
      if (self->busy_timeout == 0 && !gtk_widget_get_visible (self->busy_box))
        self->busy_timeout = g_timeout_add (200, show_busy_cb, self);
      return;
    }
  g_clear_handle_id (&self->busy_timeout, g_source_remove);
  gtk_widget_set_visible (self->busy_box, FALSE);
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

/* ---- the template's callbacks ------------------------------------------------------------ */

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
speed_cb (GtkDropDown *dropdown, GParamSpec *pspec, AdjWindow *self)
{
  const guint i = gtk_drop_down_get_selected (dropdown);
  if (i < G_N_ELEMENTS (speeds))
    adj_graph_view_set_speed (ADJ_GRAPH_VIEW (self->graph_view), speeds[i]);
}

static void
mode_cb (GtkDropDown *dropdown, GParamSpec *pspec, AdjWindow *self)
{
  if (self->document == NULL)   /* the template sets the model before the window is ready */
    return;
  adj_editor_flush (ADJ_EDITOR (self->editor));
  adj_document_set_mode (self->document, gtk_drop_down_get_selected (dropdown) == 1
                                         ? ADJ_MODE_FORWARD : ADJ_MODE_REVERSE);
}

static void
playing_cb (AdjGraphView *view, GParamSpec *pspec, AdjWindow *self)
{
  const gboolean playing = adj_graph_view_get_playing (view);
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, playing ? "Pause (Space)" : "Play (Space)");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? "Pause" : "Play", -1);
}

static void
caption_entry_activate_cb (GtkEntry *entry, AdjWindow *self)
{
  const guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "step"));

  adj_document_set_caption (self->document, k, gtk_editable_get_text (GTK_EDITABLE (entry)));
  adj_window_show_caption_entry (self, FALSE);
  adj_window_update_caption (self);
  gtk_widget_grab_focus (self->graph_view);
}

static gboolean
caption_entry_key_cb (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
                      AdjWindow *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  adj_window_show_caption_entry (self, FALSE);
  gtk_widget_grab_focus (self->graph_view);
  return TRUE;
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
    adj_window_open_uri (self, uri);
  }
  return TRUE;
}

static void
lab_show_graph_cb (AdjTrainLab *lab, AdjWindow *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "graph");
  gtk_widget_grab_focus (self->graph_view);
  /* Slow motion plays at once (it waited at 0 / n for a key). */
  adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), TRUE);
}

static void
page_changed_cb (GtkStack *stack, GParamSpec *pspec, AdjWindow *self)
{
  const gboolean lab = g_strcmp0 (gtk_stack_get_visible_child_name (stack), "lab") == 0;

  if (self->document == NULL)   /* the template is still being built */
    return;
  if (lab && self->lab == NULL)
    {
      self->lab = adj_train_lab_new (self->document);
      gtk_widget_set_vexpand (self->lab, TRUE);
      g_signal_connect (self->lab, "show-graph", G_CALLBACK (lab_show_graph_cb), self);
      adj_train_lab_set_dark (ADJ_TRAIN_LAB (self->lab), self->theme == ADJ_THEME_DARK);
      gtk_box_append (GTK_BOX (self->lab_page), self->lab);
    }
  /* The inspector is the graph page's. */
  gtk_widget_set_visible (self->sidebar_button, !lab);
  /* Training stops when its page is left: the graph's player takes over. */
  if (!lab && self->lab)
    adj_train_lab_set_playing (ADJ_TRAIN_LAB (self->lab), FALSE);
  adj_window_update_actions (self);
  if (lab)
    adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
}

/* Built each time it opens, so it lists files opened in other windows too. */
static void
recent_popup_cb (GtkMenuButton *button, gpointer user_data)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint n = 0;

  for (GList *l = items; l && n < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr (GMenuItem) item = NULL;

      if (!g_str_has_suffix (uri, AG_FILE_EXTENSION) || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-uri", "s", uri);
      g_menu_append_item (menu, item);
      n++;
    }
  if (n == 0)
    g_menu_append (menu, "No recent graphs", "win.none");
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

/* The canvas, the editor and the lab draw in the theme in effect: the preference, and what
 * AdwStyleManager says the desktop asks for (which may change while the window is open). */
static void
update_theme (AdjWindow *self)
{
  self->theme = adj_settings_get_theme ();
  adj_graph_view_set_theme (ADJ_GRAPH_VIEW (self->graph_view), self->theme);
  adj_editor_set_high_contrast (ADJ_EDITOR (self->editor), self->theme == ADJ_THEME_HIGH_CONTRAST);
  if (self->lab)
    adj_train_lab_set_dark (ADJ_TRAIN_LAB (self->lab), self->theme == ADJ_THEME_DARK);
}

static void
style_changed_cb (AdwStyleManager *style, GParamSpec *pspec, AdjWindow *self)
{
  update_theme (self);
}

static void
settings_changed_cb (GSettings *settings, const char *key, AdjWindow *self)
{
  update_theme (self);
  if (g_strcmp0 (key, "significant-digits") == 0)
    adj_window_numbers_changed (self);
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
  adj_window_confirm_discard (self, adj_window_close_now, NULL, NULL);
  return TRUE;
}

static void
adj_window_dispose (GObject *object)
{
  AdjWindow *self = ADJ_WINDOW (object);

  /* The copy stays on disk: only saving or discarding loses it (adj-window-save.c). */
  g_clear_pointer (&self->recovery, adj_recovery_free);
  if (self->document)
    g_signal_handlers_disconnect_by_data (self->document, self);
  if (self->exercise)
    g_signal_handlers_disconnect_by_data (self->exercise, self);
  if (self->exercise_bar)
    g_signal_handlers_disconnect_by_data (self->exercise_bar, self);
  g_clear_object (&self->exercise);
  g_clear_handle_id (&self->busy_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ADJ_TYPE_WINDOW);
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
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = adj_window_dispose;
  object_class->finalize = adj_window_finalize;
  window_class->close_request = adj_window_close_request;

  /* libadwaita's style manager, for a window made without an AdwApplication (the tests). */
  adw_init ();
  g_type_ensure (ADJ_TYPE_CANVAS_COLUMN);
  g_type_ensure (ADJ_TYPE_EDITOR);
  g_type_ensure (ADJ_TYPE_EXERCISE_BAR);
  g_type_ensure (ADJ_TYPE_GRAPH_VIEW);
  g_type_ensure (ADJ_TYPE_INSPECTOR);
  g_type_ensure (ADJ_TYPE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/adjoint/Adjoint/ui/adj-window.ui");
  /* Parts only the template and the tests use: reachable by id, no field. */
  gtk_widget_class_bind_template_child_full (widget_class, "outer_paned", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "flap", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "caption_bar", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "note_scroll", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "centre", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "speed_dropdown", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, examples_button);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, graph_view);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, caption);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, caption_scroll);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, counter);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, note_label);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, caption_entry);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, player_bar);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, exercise_bar);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, value_row);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, value_spin);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, value_label);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, stale_label);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, busy_box);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, lab_page);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, blank);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, spotlight);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AdjWindow, drop_target);
  gtk_widget_class_bind_template_callback (widget_class, editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, value_spin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, speed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, playing_cb);
  gtk_widget_class_bind_template_callback (widget_class, caption_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, caption_entry_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "pointer_motion_cb",
                                                G_CALLBACK (adj_window_pointer_motion_cb));
  adj_window_class_add_actions (widget_class);
}

static void
connect_document (AdjWindow *self)
{
  adj_graph_view_set_document (ADJ_GRAPH_VIEW (self->graph_view), self->document);
  adj_inspector_set_document (ADJ_INSPECTOR (self->inspector), self->document);
  adj_timeline_set_document (ADJ_TIMELINE (self->timeline), self->document);
  g_signal_connect (self->document, "graph-changed", G_CALLBACK (document_changed_cb), self);
  g_signal_connect (self->document, "notify::step", G_CALLBACK (step_changed_cb), self);
  g_signal_connect (self->document, "notify::error", G_CALLBACK (error_changed_cb), self);
  g_signal_connect (self->document, "notify::selected", G_CALLBACK (selected_changed_cb), self);
  g_signal_connect (self->document, "notify::title", G_CALLBACK (title_changed_cb), self);
  g_signal_connect (self->document, "notify::modified", G_CALLBACK (title_changed_cb), self);
  g_signal_connect (self->document, "notify::busy", G_CALLBACK (busy_changed_cb), self);
  document_changed_cb (self->document, self);
  update_title (self);
}

/* Opens at most of the first monitor: the canvas shares the width with the editor and the
 * inspector, and a lesson such as the welcome needs about 900 px of it to show whole. */
static void
fit_default_size (AdjWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GListModel *monitors = display ? gdk_display_get_monitors (display) : NULL;
  g_autoptr (GdkMonitor) monitor = NULL;
  GdkRectangle geometry;
  int w, h;

  if (monitors == NULL || g_list_model_get_n_items (monitors) == 0)
    return;
  monitor = g_list_model_get_item (monitors, 0);
  gdk_monitor_get_geometry (monitor, &geometry);
  adj_window_default_size (geometry.width, geometry.height, &w, &h);
  gtk_window_set_default_size (GTK_WINDOW (self), w, h);
}

static void
adj_window_init (AdjWindow *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  g_autoptr (GMenuModel) examples = adj_examples_menu ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->document = adj_document_new ();
  self->recovery = adj_recovery_new (self->document);
  adj_window_add_actions (self);
  gtk_drop_target_set_gtypes (self->drop_target, drop_types, G_N_ELEMENTS (drop_types));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->examples_button), examples);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->recent_button), recent_popup_cb, self, NULL);
  adj_window_spotlight_init (self);
  connect_document (self);
  adj_window_exercise_init (self);

  if (adj_settings_get ())
    {
      adj_settings_apply ();
      g_signal_connect_object (adj_settings_get (), "changed", G_CALLBACK (settings_changed_cb), self, 0);
    }
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (style_changed_cb), self, 0);
  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (style_changed_cb), self, 0);
  update_theme (self);
  fit_default_size (self);
  gtk_widget_grab_focus (self->graph_view);
}

/* ---- public API -------------------------------------------------------------------------- */

void
adj_window_default_size (int screen_w, int screen_h, int *width, int *height)
{
  *width = MIN (screen_w, CLAMP (screen_w * 9 / 10, 1440, 2400));
  *height = MIN (screen_h, CLAMP (screen_h * 9 / 10, 900, 1500));
}

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
  adj_window_show_banner (self, NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->mode_dropdown),
                              adj_document_get_mode (self->document) == ADJ_MODE_FORWARD ? 1 : 0);
  error_changed_cb (self->document, NULL, self);
  if (error)
    {
      g_autofree char *text = adj_document_dup_error_text (self->document);
      g_autofree char *message = g_strdup_printf ("The program has an error; fix it in the editor.\n%s", text);
      adj_window_show_banner (self, message);
    }
  if (adj_window_lab_showing (self))
    adj_train_lab_take_focus (ADJ_TRAIN_LAB (self->lab));
  else
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
      adj_window_show_banner (self, message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  adj_window_add_recent (file);
  after_load (self);
  return TRUE;
}

gboolean
adj_window_open_example (AdjWindow *self, const char *name, GError **error)
{
  g_autofree char *path = g_strconcat (ADJ_EXAMPLES_RESOURCE, name, AG_FILE_EXTENSION, NULL);
  g_autofree char *display = g_strconcat (name, AG_FILE_EXTENSION, NULL);
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
adj_window_get_lab (AdjWindow *self)
{
  g_return_val_if_fail (ADJ_IS_WINDOW (self), NULL);
  return self->lab;
}

gboolean
adj_window_restore (AdjWindow *self, AdjRecovered *recovered, GError **error)
{
  g_return_val_if_fail (ADJ_IS_WINDOW (self), FALSE);
  if (!adj_recovery_restore (self->recovery, recovered, error))
    return FALSE;
  after_load (self);
  return TRUE;
}

AdjRecovery *
adj_window_get_recovery (AdjWindow *self)
{
  g_return_val_if_fail (ADJ_IS_WINDOW (self), NULL);
  return self->recovery;
}
