/* adj-settings.c: the remembered preferences (see adj-settings.h). */
#define G_SETTINGS_ENABLE_BACKEND
#include "app/window/adj-settings.h"

#include <gio/gsettingsbackend.h>

#define SCHEMA_ID "org.adjoint.Adjoint"

static GSettings *settings;
static char *desktop_theme;      /* GTK's theme name and resolution before we changed them */
static int desktop_dpi;
static gboolean desktop_prefers_dark;
static gboolean have_desktop_theme;

/* The schema from the build tree when running uninstalled, else the installed one. */
static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSettingsSchema *schema = NULL;

#ifdef ADJ_BUILD_SCHEMA_DIR
  /* Uninstalled: the build tree compiles the schema next to the binary's data. */
  {
    g_autoptr (GError) error = NULL;
    GSettingsSchemaSource *built = NULL;

    if (g_file_test (ADJ_BUILD_SCHEMA_DIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
      built = g_settings_schema_source_new_from_directory (ADJ_BUILD_SCHEMA_DIR, source, FALSE, &error);
    if (built)
      {
        schema = g_settings_schema_source_lookup (built, SCHEMA_ID, TRUE);
        g_settings_schema_source_unref (built);
      }
  }
#endif
  if (schema == NULL && source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  return schema;
}

GSettings *
adj_settings_get (void)
{
  static gboolean tried;

  if (settings == NULL && !tried)
    {
      g_autoptr (GSettingsSchema) schema = lookup_schema ();
      g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "adjoint", NULL);
      g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);
      g_autoptr (GSettingsBackend) backend = NULL;

      tried = TRUE;
      if (schema == NULL)
        {
          /* A packaging mistake, not the user's: say so, and run with the defaults. */
          g_message ("the settings schema " SCHEMA_ID " is neither installed nor in the build "
                     "tree; preferences will not be remembered");
          return NULL;
        }
      g_mkdir_with_parents (dir, 0700);
      backend = g_keyfile_settings_backend_new (path, "/org/adjoint/Adjoint/", "preferences");
      settings = g_settings_new_full (schema, backend, NULL);
    }
  return settings;
}

AdjTheme
adj_settings_get_theme (gboolean desktop_dark)
{
  g_autofree char *name = adj_settings_get () ? g_settings_get_string (adj_settings_get (), "theme") : NULL;
  AdjTheme theme;

  if (name == NULL || g_str_equal (name, "system") || !adj_theme_from_string (name, &theme))
    return desktop_dark ? ADJ_THEME_DARK : ADJ_THEME_LIGHT;
  return theme;
}

void
adj_settings_apply_to_gtk (void)
{
  GtkSettings *gtk = gtk_settings_get_default ();
  g_autofree char *name = NULL;
  double scale;

  if (gtk == NULL || adj_settings_get () == NULL)
    return;
  name = g_settings_get_string (adj_settings_get (), "theme");
  scale = g_settings_get_double (adj_settings_get (), "font-scale");
  if (!have_desktop_theme)
    {
      g_object_get (gtk, "gtk-theme-name", &desktop_theme, "gtk-xft-dpi", &desktop_dpi,
                    "gtk-application-prefer-dark-theme", &desktop_prefers_dark, NULL);
      have_desktop_theme = TRUE;
    }
  /* High contrast is GTK's own HighContrast theme; otherwise the desktop's theme, light or
   * dark as asked ("system" leaves the desktop's preference alone). */
  if (g_str_equal (name, "high-contrast"))
    g_object_set (gtk, "gtk-theme-name", "HighContrast", "gtk-application-prefer-dark-theme", FALSE, NULL);
  else
    {
      g_autofree char *current = NULL;
      g_object_get (gtk, "gtk-theme-name", &current, NULL);
      if (g_strcmp0 (current, "HighContrast") == 0)
        g_object_set (gtk, "gtk-theme-name", desktop_theme, NULL);
      /* "system" puts back what the desktop said before we changed it. */
      g_object_set (gtk, "gtk-application-prefer-dark-theme",
                    g_str_equal (name, "system") ? desktop_prefers_dark : g_str_equal (name, "dark"), NULL);
    }
  /* Text size: GTK scales every font with the resolution (1024ths of a dot per inch). At 1 the
   * desktop's own resolution stays untouched. */
  if (scale == 1.0)
    {
      int now;
      g_object_get (gtk, "gtk-xft-dpi", &now, NULL);
      if (now != desktop_dpi)
        g_object_set (gtk, "gtk-xft-dpi", desktop_dpi, NULL);
    }
  else
    g_object_set (gtk, "gtk-xft-dpi", (int) ((desktop_dpi > 0 ? desktop_dpi : 96 * 1024) * scale), NULL);
}
