/* adj-window-present.c: presentation mode (F5): only the canvas and the caption line,
 * fullscreen, type big enough for the back row; a blank screen (B) and a spotlight (S). */
#include "app/window/adj-window-private.h"
#include "ui/graph/adj-editor.h"

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
  gtk_widget_set_visible (self->note_label, !presenting && note[0] != '\0');
  if (presenting)
    gtk_widget_grab_focus (self->graph_view);
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
