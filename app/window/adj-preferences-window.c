/* adj-preferences-window.c: the preferences window (see adj-preferences-window.h). */
#include "app/window/adj-preferences-window.h"
#include "app/window/adj-settings.h"

struct _AdjPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkWidget *theme_group, *size_group, *numbers_group, *digits_spin;
};

G_DEFINE_FINAL_TYPE (AdjPreferencesWindow, adj_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
adj_preferences_window_class_init (AdjPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/adjoint/Adjoint/ui/adj-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AdjPreferencesWindow, theme_group);
  gtk_widget_class_bind_template_child (widget_class, AdjPreferencesWindow, size_group);
  gtk_widget_class_bind_template_child (widget_class, AdjPreferencesWindow, numbers_group);
  gtk_widget_class_bind_template_child (widget_class, AdjPreferencesWindow, digits_spin);
}

static void
adj_preferences_window_init (AdjPreferencesWindow *self)
{
  GSettings *settings = adj_settings_get ();
  g_autoptr (GSimpleActionGroup) prefs = g_simple_action_group_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Each row is a check button on a stateful action made from the key: choosing one writes
   * the key, and the settings apply it (adj_settings_apply). */
  if (settings == NULL)
    {
      /* No schema: nothing can be remembered or changed (a message said so). */
      gtk_widget_set_sensitive (self->theme_group, FALSE);
      gtk_widget_set_sensitive (self->size_group, FALSE);
      gtk_widget_set_sensitive (self->numbers_group, FALSE);
      return;
    }
  {
    g_autoptr (GAction) theme = g_settings_create_action (settings, "theme");
    g_autoptr (GAction) scale = g_settings_create_action (settings, "font-scale");
    g_action_map_add_action (G_ACTION_MAP (prefs), theme);
    g_action_map_add_action (G_ACTION_MAP (prefs), scale);
  }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "prefs", G_ACTION_GROUP (prefs));
  /* A number, not a choice: the spin button's value is the key (the settings apply it). */
  g_settings_bind (settings, "significant-digits",
                   gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->digits_spin)), "value",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
adj_preferences_window_new (void)
{
  return g_object_new (ADJ_TYPE_PREFERENCES_WINDOW, NULL);
}
