/* adj-key-focus.h: the keyboard inside a canvas widget (the graph view, the neuron view):
 * a key controller that hands each press to the widget's handler, and shows the focus when
 * the handler took the key.
 *
 * GTK shows the focus when a key moves it to another widget, and hides it again when a key is
 * released where it was pressed. The keys a canvas handles move the keyboard's place inside
 * it (the selected node, the cursor's unit), and whoever moves it must see where it is: so
 * they show the focus, on release too.
 *
 *   static gboolean
 *   handle_key (GtkWidget *widget, guint keyval, GdkModifierType state)
 *   {
 *     if (adj_key_has_command_modifier (state))
 *       return FALSE;      // accelerators go on to the window
 *     ...
 *   }
 *   ...in init:
 *   adj_key_focus_add (GTK_WIDGET (self), handle_key);
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Handles @keyval pressed with @state on @widget; TRUE when it took the key (it stops
 * there), FALSE to let it go on to the window. */
typedef gboolean (*AdjKeyHandler) (GtkWidget *widget, guint keyval, GdkModifierType state);

/* Adds a key controller to @widget that calls @handler for each key pressed, and shows the
 * focus on the press and the release of each key it took. Returns the controller (owned by
 * @widget). */
GtkEventController *adj_key_focus_add (GtkWidget *widget, AdjKeyHandler handler);
/* TRUE when @state holds Control, Alt, Super, Hyper or Meta: the keys of accelerators. */
gboolean            adj_key_has_command_modifier (GdkModifierType state);
/* Makes the focus visible in @widget's window. */
void                adj_key_focus_show (GtkWidget *widget);
/* For a widget's state_flags_changed: redraws @widget when its focus, or whether the focus
 * is visible, changed since @previous (a canvas draws its own focus ring). */
void                adj_key_focus_state_changed (GtkWidget *widget, GtkStateFlags previous);

G_END_DECLS
