/* adj-settings.c: the remembered preferences (see adj-settings.h). */
#define G_SETTINGS_ENABLE_BACKEND
#include "app/window/adj-settings.h"
#include "core/format.h"

#include <gio/gsettingsbackend.h>

#define SCHEMA_ID "org.adjoint.Adjoint"

static GSettings *settings;
static int desktop_dpi;            /* GTK's resolution before we changed it */
static gboolean have_desktop_dpi;
static GtkCssProvider *forced_contrast;   /* libadwaita's high-contrast sheet, when asked for */

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

static void
settings_changed_cb (GSettings *changed, const char *key, gpointer data)
{
  adj_settings_apply ();
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
      /* Before any window's handler: they read what this applies. */
      g_signal_connect (settings, "changed", G_CALLBACK (settings_changed_cb), NULL);
    }
  return settings;
}

static char *
dup_theme_name (void)
{
  return adj_settings_get () ? g_settings_get_string (adj_settings_get (), "theme") : g_strdup ("system");
}

AdjTheme
adj_settings_get_theme (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *name = dup_theme_name ();

  if (g_str_equal (name, "high-contrast") || adw_style_manager_get_high_contrast (style))
    return ADJ_THEME_HIGH_CONTRAST;
  return adw_style_manager_get_dark (style) ? ADJ_THEME_DARK : ADJ_THEME_LIGHT;
}

/* libadwaita follows the desktop's high-contrast switch but offers no way to ask for it: its
 * own high-contrast sheet, one priority above the one it loads, does what the switch would. */
static void
force_high_contrast (gboolean force)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (force && forced_contrast == NULL)
    {
      forced_contrast = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (forced_contrast, "/org/gnome/Adwaita/styles/base-hc.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (forced_contrast),
                                                  GTK_STYLE_PROVIDER_PRIORITY_THEME + 1);
    }
  else if (!force && forced_contrast != NULL)
    {
      gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (forced_contrast));
      g_clear_object (&forced_contrast);
    }
}

void
adj_settings_apply (void)
{
  GtkSettings *gtk = gtk_settings_get_default ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *name = dup_theme_name ();
  const double scale = adj_settings_get () ? g_settings_get_double (adj_settings_get (), "font-scale") : 1.0;

  /* Numbers for people everywhere (core/format.h); the windows redraw what shows them. */
  ag_format_set_human_digits (adj_settings_get () ? g_settings_get_int (adj_settings_get (), "significant-digits") : 4);
  if (gtk == NULL)
    return;
  /* "system" follows the desktop's colour scheme (the portal's color-scheme, which GNOME 42 and
   * later set in place of gtk-application-prefer-dark-theme); high contrast is drawn light. */
  if (g_str_equal (name, "dark"))
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  else if (g_str_equal (name, "light") || g_str_equal (name, "high-contrast"))
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  force_high_contrast (g_str_equal (name, "high-contrast") && !adw_style_manager_get_high_contrast (style));

  if (!have_desktop_dpi)
    {
      g_object_get (gtk, "gtk-xft-dpi", &desktop_dpi, NULL);
      have_desktop_dpi = TRUE;
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
