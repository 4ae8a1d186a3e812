/* adj-key-focus.c: a canvas widget's keys and focus (see adj-key-focus.h). */
#include "ui/common/adj-key-focus.h"

typedef struct {
  AdjKeyHandler handler;
  gboolean      key_down;   /* a key the handler took is down */
} KeyFocus;

static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, KeyFocus *kf)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  kf->key_down = kf->handler (widget, keyval, state);
  if (kf->key_down)
    adj_key_focus_show (widget);
  return kf->key_down;
}

static void
key_released_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                 GdkModifierType state, KeyFocus *kf)
{
  if (kf->key_down)
    adj_key_focus_show (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  kf->key_down = FALSE;
}

static void
key_focus_free (gpointer data, GClosure *closure)
{
  g_free (data);
}

GtkEventController *
adj_key_focus_add (GtkWidget *widget, AdjKeyHandler handler)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  KeyFocus *kf = g_new0 (KeyFocus, 1);

  kf->handler = handler;
  /* Both handlers share kf: the controller frees it with its last handler. */
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), kf);
  g_signal_connect_data (keys, "key-released", G_CALLBACK (key_released_cb), kf,
                         key_focus_free, 0);
  gtk_widget_add_controller (widget, keys);
  return keys;
}

gboolean
adj_key_has_command_modifier (GdkModifierType state)
{
  return (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_HYPER_MASK |
                   GDK_META_MASK)) != 0;
}

void
adj_key_focus_show (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
}

void
adj_key_focus_state_changed (GtkWidget *widget, GtkStateFlags previous)
{
  if ((gtk_widget_get_state_flags (widget) ^ previous) &
      (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);
}
