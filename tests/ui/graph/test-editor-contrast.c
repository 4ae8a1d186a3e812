/* test-editor-contrast.c: the editor's colours are readable (issue 15): in each of its style
 * schemes (light, dark, and both in high contrast), every text colour the editor shows
 * (plain text, comments, keywords, numbers, names, functions, operators, line numbers)
 * reaches WCAG's 4.5:1, or 7:1 in high contrast, against every background text sits on: the
 * page, the current line, the current step's line and the error's line. The step's and the
 * error's tags take their colours from the scheme in use. */
#include "ui/graph/adj-editor.h"
#include "ui/draw/adj-palette.h"

#include <gtk/gtk.h>

static const struct {
  gboolean dark, high_contrast;
  double min_ratio;
} themes[] = {
  { FALSE, FALSE, 4.5 },
  { TRUE, FALSE, 4.5 },
  { FALSE, TRUE, 7.0 },
  { TRUE, TRUE, 7.0 },
};

/* The styles adjoint.lang maps its tokens to, and the views' own text. */
static const char *const text_styles[] = {
  "text", "def:comment", "def:keyword", "def:number", "def:type", "def:function",
  "def:operator", "line-numbers", "current-line-number",
};

/* The backgrounds behind the program's text (the line numbers' gutter has its own). */
static const char *const text_backgrounds[] = {
  "text", "current-line", "adjoint:step-line", "adjoint:error-line",
};

/* The colour @property ("foreground" or "background") of @style_id in @scheme, which must
 * set it itself (no fallback to a colour the test cannot see). */
static AdjRgb
style_colour (GtkSourceStyleScheme *scheme, const char *style_id, const char *property)
{
  GtkSourceStyle *style = gtk_source_style_scheme_get_style (scheme, style_id);
  g_autofree char *spec = NULL;
  g_autofree char *set_name = g_strconcat (property, "-set", NULL);
  gboolean set = FALSE;
  GdkRGBA rgba;

  if (style == NULL)
    g_error ("%s has no style %s", gtk_source_style_scheme_get_id (scheme), style_id);
  g_object_get (style, property, &spec, set_name, &set, NULL);
  if (!set || spec == NULL || !gdk_rgba_parse (&rgba, spec))
    g_error ("%s: %s sets no %s", gtk_source_style_scheme_get_id (scheme), style_id, property);
  g_assert_cmpfloat (rgba.alpha, ==, 1.0);   /* opaque: what is measured is what is seen */
  return (AdjRgb) { rgba.red, rgba.green, rgba.blue };
}

/* The ratio's own arithmetic, on known pairs. */
static void
test_ratio (void)
{
  const AdjRgb black = { 0, 0, 0 }, white = { 1, 1, 1 }, grey = ADJ_RGB_HEX (0x777777);
  const AdjRgb adwaita_comment = ADJ_RGB_HEX (0x77767B);

  g_assert_cmpfloat_with_epsilon (adj_rgb_contrast (black, white), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (adj_rgb_contrast (white, black), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (adj_rgb_contrast (grey, grey), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (adj_rgb_contrast (grey, white), 4.48, 0.01);
  /* What the issue measured: GtkSourceView's Adwaita comments on the step's tint, about 4.1. */
  g_assert_cmpfloat (adj_rgb_contrast (adwaita_comment, adj_rgb_mix ((AdjRgb) ADJ_RGB_HEX (0xFCFCFC),
                                                                     (AdjRgb) ADJ_RGB_HEX (0x3584E4), 0.2)),
                     <, 4.5);
}

static void
test_schemes (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      GtkSourceStyleScheme *scheme = adj_editor_lookup_scheme (themes[t].dark, themes[t].high_contrast);
      double worst = 21;

      g_assert_nonnull (scheme);
      for (guint f = 0; f < G_N_ELEMENTS (text_styles); f++)
        {
          const AdjRgb fg = style_colour (scheme, text_styles[f], "foreground");
          const gboolean gutter = g_str_has_prefix (text_styles[f], "line-numbers");
          const gboolean current_number = g_str_equal (text_styles[f], "current-line-number");

          for (guint b = 0; b < G_N_ELEMENTS (text_backgrounds); b++)
            {
              const char *bg_id = current_number ? "current-line-number"
                                  : gutter ? "line-numbers" : text_backgrounds[b];
              const double ratio = adj_rgb_contrast (fg, style_colour (scheme, bg_id, "background"));

              if (ratio < themes[t].min_ratio)
                g_error ("%s: %s on %s is %.2f:1, below %.1f:1", gtk_source_style_scheme_get_id (scheme),
                         text_styles[f], bg_id, ratio, themes[t].min_ratio);
              worst = MIN (worst, ratio);
            }
        }
      g_test_message ("%s: the lowest ratio is %.2f:1", gtk_source_style_scheme_get_id (scheme), worst);
      g_assert_cmpfloat (worst, >=, themes[t].min_ratio);
    }
}

/* The step's line and the error's background in the buffer are the scheme's colours, and
 * follow it into high contrast. */
static void
test_tags_follow_scheme (void)
{
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (GTK_TEXT_BUFFER (adj_editor_get_buffer (editor)));
  GtkTextTag *step = gtk_text_tag_table_lookup (table, "adj-step");
  GtkTextTag *error = gtk_text_tag_table_lookup (table, "adj-error");

  g_assert_nonnull (step);
  g_assert_nonnull (error);
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
  for (guint hc = 0; hc < 2; hc++)
    {
      GtkSourceStyleScheme *scheme = adj_editor_lookup_scheme (FALSE, hc);
      const AdjRgb want_step = style_colour (scheme, "adjoint:step-line", "background");
      const AdjRgb want_error = style_colour (scheme, "adjoint:error-line", "background");
      GdkRGBA *got_step = NULL, *got_error = NULL;

      adj_editor_set_high_contrast (editor, hc);
      g_object_get (step, "paragraph-background-rgba", &got_step, NULL);
      g_object_get (error, "background-rgba", &got_error, NULL);
      g_assert_cmpfloat_with_epsilon (got_step->red, want_step.r, 1e-6);
      g_assert_cmpfloat_with_epsilon (got_step->green, want_step.g, 1e-6);
      g_assert_cmpfloat_with_epsilon (got_step->blue, want_step.b, 1e-6);
      g_assert_cmpfloat (got_step->alpha, ==, 1.0);
      g_assert_cmpfloat_with_epsilon (got_error->red, want_error.r, 1e-6);
      g_assert_cmpfloat_with_epsilon (got_error->blue, want_error.b, 1e-6);
      g_assert_cmpfloat (got_error->alpha, ==, 1.0);
      gdk_rgba_free (got_step);
      gdk_rgba_free (got_error);
    }
}

int
main (int argc, char **argv)
{
  /* The accessibility backend that needs no session bus, which Xvfb runs do not have. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/editor-contrast/ratio", test_ratio);
  g_test_add_func ("/ui/editor-contrast/schemes", test_schemes);
  g_test_add_func ("/ui/editor-contrast/tags-follow-scheme", test_tags_follow_scheme);
  return g_test_run ();
}
