/* adj-preferences-window.h: the preferences window (theme, text size), from the template
 * data/ui/adj-preferences-window.ui. Changes apply at once and are remembered (adj-settings.h). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ADJ_TYPE_PREFERENCES_WINDOW (adj_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (AdjPreferencesWindow, adj_preferences_window, ADJ, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *adj_preferences_window_new (void);

G_END_DECLS
