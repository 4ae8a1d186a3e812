/* adj-window-present.c: presentation mode (F5): only the canvas and the caption line,
 * fullscreen, type big enough for the back row; a blank screen (B) and a spotlight (S). */
#include "app/window/adj-window-private.h"
#include "ui/graph/adj-editor.h"

/* Presentation's caption: at most two lines, so a long generated sentence never covers the
 * graph. Its font shrinks from the presenting size by steps until the text fits two lines of
 * the screen's width; past the smallest it ends in "…" (the whole sentence stays in the
 * accessible label and the window's caption outside presentation). */
static const int caption_pt[] = { 30, 26, 23, 20 };
#define CAPTION_LINES 2
#define CAPTION_PAD 36      /* style.css: window.presenting .caption-bar padding */

/* The width a presenting caption has: the window's, at most the screen's (the window is going
 * fullscreen and may not have that size yet), less the bar's padding, the counter and the
 * spacing. */
static int
caption_width (AdjWindow *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native ? gtk_native_get_surface (native) : NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (self)), counter = 0;

  if (surface)
    {
      GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (self)), surface);
      GdkRectangle geometry;
      if (monitor)
        {
          gdk_monitor_get_geometry (monitor, &geometry);
          width = width > 1 ? MIN (width, geometry.width) : geometry.width;
        }
    }
  gtk_widget_measure (self->counter, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &counter, NULL, NULL);
  return MAX (width - 2 * CAPTION_PAD - counter - 12, 100);
}

/* How many lines @text takes at @pt points in @width pixels, and their height. */
static int
caption_lines (AdjWindow *self, const char *text, int pt, int width, int *height)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (self->caption, text);
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));
  int lines;

  pango_font_description_set_size (font, pt * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  lines = pango_layout_get_line_count (layout);
  pango_layout_get_pixel_size (layout, NULL, height);
  pango_font_description_free (font);
  g_object_unref (layout);
  return lines;
}

void
adj_window_fit_caption (AdjWindow *self)
{
  GtkLabel *label = GTK_LABEL (self->caption);
  const char *text = gtk_label_get_text (label);
  PangoAttrList *attrs;
  int width, pt = caption_pt[G_N_ELEMENTS (caption_pt) - 1], two = -1;

  if (!self->presenting)
    {
      gtk_label_set_attributes (label, NULL);
      gtk_label_set_lines (label, -1);
      gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_NONE);
      gtk_widget_set_size_request (self->caption, -1, -1);
      return;
    }
  width = caption_width (self);
  for (guint i = 0; i < G_N_ELEMENTS (caption_pt); i++)
    if (caption_lines (self, text, caption_pt[i], width, NULL) <= CAPTION_LINES)
      {
        pt = caption_pt[i];
        break;
      }
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_size_new (pt * PANGO_SCALE));
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
  gtk_label_set_lines (label, CAPTION_LINES);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  /* Two lines' room at the largest size whatever the text, so the canvas keeps its height from
   * step to step (a one-line caption leaves the same space as a two-line one). */
  caption_lines (self, "M\nM", caption_pt[0], width, &two);
  gtk_widget_set_size_request (self->caption, -1, two);
}

void
adj_window_set_presenting (AdjWindow *self, gboolean presenting)
{
  GActionMap *map = G_ACTION_MAP (self);
  const char *note = gtk_label_get_text (GTK_LABEL (self->note_label));

  if (self->presenting == presenting)
    return;
  self->presenting = presenting;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "leave-presentation")), presenting);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "spotlight")), presenting);
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "present")),
                             g_variant_new_boolean (presenting));
  if (presenting)
    {
      self->was_fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));
      gtk_window_fullscreen (GTK_WINDOW (self));
      adj_editor_flush (ADJ_EDITOR (self->editor));
      gtk_widget_add_css_class (GTK_WIDGET (self), "presenting");
    }
  else
    {
      if (!self->was_fullscreen)
        gtk_window_unfullscreen (GTK_WINDOW (self));
      gtk_widget_set_visible (self->blank, FALSE);
      gtk_widget_set_visible (self->spotlight, FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presenting");
    }
  gtk_widget_set_visible (self->header_bar, !presenting);
  gtk_widget_set_visible (self->editor, !presenting);
  gtk_widget_set_visible (self->sidebar, !presenting);
  gtk_widget_set_visible (self->player_bar, !presenting);
  adj_window_exercise_sync (self);
  adj_window_update_caption (self);   /* presenting, a waiting question is the caption */
  gtk_widget_set_visible (self->note_label, !presenting && note[0] != '\0');
  if (presenting)
    gtk_widget_grab_focus (self->graph_view);
  adj_window_fit_caption (self);
  /* Presenting follows the step: the whole graph when it reads at this size, else the step. */
  if (presenting)
    adj_graph_view_set_follow (ADJ_GRAPH_VIEW (self->graph_view), TRUE);
  /* Fit once the panels are gone and the window has its new size. */
  adj_graph_view_refit (ADJ_GRAPH_VIEW (self->graph_view), presenting ? 4.0 : 1.5);
}

/* The spotlight: the screen dimmed but for a soft circle where the pointer is. */
static void
spotlight_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  AdjWindow *self = data;
  const double r = MAX (90, MIN (width, height) / 9.0);
  cairo_pattern_t *hole = cairo_pattern_create_radial (self->pointer_x, self->pointer_y, r * 0.8,
                                                       self->pointer_x, self->pointer_y, r);

  cairo_pattern_add_color_stop_rgba (hole, 0, 0, 0, 0, 0);
  cairo_pattern_add_color_stop_rgba (hole, 1, 0, 0, 0, 0.6);
  cairo_set_source (cr, hole);
  cairo_paint (cr);
  cairo_pattern_destroy (hole);
}

void
adj_window_pointer_motion_cb (GtkEventControllerMotion *motion, double x, double y, AdjWindow *self)
{
  graphene_point_t in, out;

  if (!gtk_widget_get_visible (self->spotlight))
    return;
  in = GRAPHENE_POINT_INIT (x, y);
  if (gtk_widget_compute_point (GTK_WIDGET (self), self->spotlight, &in, &out))
    {
      self->pointer_x = out.x;
      self->pointer_y = out.y;
    }
  gtk_widget_queue_draw (self->spotlight);
}

void
adj_window_spotlight_init (AdjWindow *self)
{
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->spotlight), spotlight_draw, self, NULL);
}
