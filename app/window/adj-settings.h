/* adj-settings.h: the preferences Adjoint remembers between runs (theme, text size).
 *
 * One GSettings for the process, schema org.adjoint.Adjoint (data/org.adjoint.Adjoint.gschema.xml),
 * found installed or, when running from the build tree, in the build's compiled schemas. Values
 * are kept in a key file, $XDG_CONFIG_HOME/adjoint/settings.ini, so they are remembered on any
 * desktop, with or without dconf. */
#pragma once

#include <gtk/gtk.h>
#include "ui/draw/adj-scene.h"

G_BEGIN_DECLS

/* The settings (borrowed, alive until exit), or NULL when no schema can be found at all (a
 * message says so once; the defaults apply and nothing is remembered). */
GSettings *adj_settings_get (void);

/* The canvas theme the "theme" key asks for, given whether the desktop prefers dark. */
AdjTheme   adj_settings_get_theme (gboolean desktop_dark);

/* Applies the theme and the text size to GTK (the widgets' colours and every label's size):
 * called at start and whenever either key changes. Idempotent. */
void       adj_settings_apply_to_gtk (void);

G_END_DECLS
