/* adj-settings.h: the preferences Adjoint remembers between runs (theme, text size, significant
 * digits), applied.
 *
 * One GSettings for the process, schema org.adjoint.Adjoint (data/org.adjoint.Adjoint.gschema.xml),
 * found installed or, when running from the build tree, in the build's compiled schemas. Values
 * are kept in a key file, $XDG_CONFIG_HOME/adjoint/settings.ini, so they are remembered on any
 * desktop, with or without dconf. */
#pragma once

#include <adwaita.h>
#include "ui/draw/adj-scene.h"

G_BEGIN_DECLS

/* The settings (borrowed, alive until exit), or NULL when no schema can be found at all (a
 * message says so once; the defaults apply and nothing is remembered). */
GSettings *adj_settings_get (void);

/* The canvas theme in effect: high contrast when the preference or the desktop asks for it,
 * else dark or light as AdwStyleManager says (the preference, or the desktop's colour scheme
 * when it is "system"). */
AdjTheme   adj_settings_get_theme (void);

/* Applies the theme (AdwStyleManager's colour scheme, and libadwaita's high-contrast sheet when
 * the preference asks for it) and the text size to GTK, and the significant digits to
 * ag_format_human() (core/format.h): called at start, and by the settings themselves whenever a
 * key changes, before any window's handler (which redraws). Idempotent. */
void       adj_settings_apply (void);

G_END_DECLS
