/* adj-graph-view-pointer.c: the canvas's pointer: a click selects a node (or moves the view on
 * the overview map), a drag moves a node, scrubs a scalar input's value or pans, the wheel and
 * a pinch zoom, hovering an edge shows its label. */
#include "ui/graph/adj-graph-view-private.h"
#include "ui/draw/adj-fold-frame.h"

#include <math.h>

/* A scalar input's value row, where dragging sideways changes the value. */
static gboolean
in_value_row (AdjGraphView *self, AgId id, double ly)
{
  const AgGraph *g = adj_document_get_graph (self->document);
  const AgNode *n = ag_graph_node (g, id);
  const AdjBox *b = &g_array_index (self->layout->boxes, AdjBox, id);

  return n->role == AG_ROLE_INPUT && n->size == 1 && ly >= b->y + 28 && ly <= b->y + 52;
}

/* The overview map, where the canvas shows it (the same test as the snapshot's). */
gboolean
adj_graph_view_map_shown (AdjGraphView *self, AdjMinimap *map)
{
  const int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->layout == NULL || !adj_minimap_wanted (self->layout, &self->view, w, h))
    return FALSE;
  *map = adj_minimap_place_free (self->layout, &self->view, w, h,
                                 adj_step_state_receiver (&self->shown), self->map_corner);
  self->map_corner = map->corner;
  return TRUE;
}

/* Centres the view on the layout point under (@x, @y) of the overview map. */
static gboolean
map_move (AdjGraphView *self, double x, double y)
{
  AdjMinimap map;
  double lx, ly;

  if (!adj_graph_view_map_shown (self, &map))
    return FALSE;
  adj_minimap_to_layout (&map, CLAMP (x, map.x, map.x + map.w), CLAMP (y, map.y, map.y + map.h), &lx, &ly);
  self->view.pan_x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 - lx * self->view.zoom;
  self->view.pan_y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 - ly * self->view.zoom;
  adj_graph_view_save_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

/* A press on the overview map moves the view there, and a drag keeps moving it. */
static gboolean
map_press (AdjGraphView *self, double x, double y)
{
  AdjMinimap map;
  double lx, ly;

  if (!adj_graph_view_map_shown (self, &map) || !adj_minimap_to_layout (&map, x, y, &lx, &ly))
    return FALSE;
  adj_graph_view_camera_release (self);
  self->drag = DRAG_MAP;
  self->drag_x0 = x;
  self->drag_y0 = y;
  return map_move (self, x, y);
}

gboolean
adj_graph_view_toggle_call_at (AdjGraphView *self, AgId id)
{
  const AgGraph *g;

  if (self->document == NULL || self->layout == NULL || id == AG_NO_ID)
    return FALSE;
  g = adj_document_get_graph (self->document);
  if (id >= ag_graph_n_nodes (g))
    return FALSE;
  if (self->layout->stands_for && self->layout->stands_for[id] != AG_NO_CALL)
    {
      adj_document_toggle_call (self->document, self->layout->stands_for[id]);
      return TRUE;
    }
  /* Inside an open call: fold the innermost one (its frame is the nearest around the node). */
  for (guint i = 0; self->layout->frames && i < self->layout->frames->len; i++)
    {
      guint call = g_array_index (self->layout->frames, AdjCallFrame, i).call;
      if (ag_graph_call_contains (g, call, id))
        {
          adj_document_toggle_call (self->document, call);
          return TRUE;
        }
    }
  return FALSE;
}

/* A double click on a folded call's box opens it (a single click selects it, as any box). */
static void
click_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, AdjGraphView *self)
{
  double lx, ly;
  AgId id;

  if (n_press != 2 || self->document == NULL || self->layout == NULL
      || self->layout->stands_for == NULL)
    return;
  adj_view_to_layout (&self->view, x, y, &lx, &ly);
  id = adj_layout_node_at (self->layout, lx, ly);
  if (id != AG_NO_ID && self->layout->stands_for[id] != AG_NO_CALL)
    adj_graph_view_toggle_call_at (self, id);
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, AdjGraphView *self)
{
  double lx, ly;
  AgId id;
  int frame;

  self->drag = DRAG_NONE;
  if (self->document == NULL || self->layout == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (map_press (self, x, y))
    return;
  adj_view_to_layout (&self->view, x, y, &lx, &ly);
  /* A click on an open call's title ("▾ neuron#2: …") folds it back. */
  frame = adj_fold_frame_title_at (self->layout->frames, lx, ly,
                                   self->layout->font_scale > 0 ? self->layout->font_scale : 1.0);
  if (frame >= 0)
    {
      adj_document_toggle_call (self->document,
                                g_array_index (self->layout->frames, AdjCallFrame, frame).call);
      return;
    }
  id = adj_layout_node_at (self->layout, lx, ly);
  adj_document_set_selected (self->document, id);
  if (id == AG_NO_ID)
    {
      self->drag = DRAG_PAN;
      self->drag_x0 = self->view.pan_x;
      self->drag_y0 = self->view.pan_y;
      return;
    }
  self->drag_node = id;
  if (in_value_row (self, id, ly))
    {
      self->drag = DRAG_VALUE;
      self->drag_x0 = *ag_graph_value (adj_document_get_graph (self->document), id);
      return;
    }
  self->drag = DRAG_NODE;
  self->drag_x0 = g_array_index (self->layout->boxes, AdjBox, id).x;
  self->drag_y0 = g_array_index (self->layout->boxes, AdjBox, id).y;
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, AdjGraphView *self)
{
  switch (self->drag)
    {
    case DRAG_MAP:
      map_move (self, self->drag_x0 + dx, self->drag_y0 + dy);
      break;
    case DRAG_PAN:
      if (fabs (dx) + fabs (dy) >= 3)
        adj_graph_view_camera_release (self);
      self->view.pan_x = self->drag_x0 + dx;
      self->view.pan_y = self->drag_y0 + dy;
      adj_graph_view_save_view (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_NODE:
      if (fabs (dx) + fabs (dy) < 3)   /* a click, not a move */
        break;
      adj_document_move_node (self->document, self->drag_node, self->drag_x0 + dx / self->view.zoom,
                              self->drag_y0 + dy / self->view.zoom);
      break;
    case DRAG_VALUE:
      {
        /* 0.1 per 10 pixels, 0.01 with Shift held; rounded so the program stays tidy. */
        GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
        const double per_unit = mods & GDK_SHIFT_MASK ? 1000 : 100;
        const double v = round ((self->drag_x0 + dx / per_unit) * per_unit) / per_unit;
        if (fabs (dx) >= 2)
          adj_document_set_input_value (self->document, self->drag_node, 0, v);
      }
      break;
    case DRAG_NONE:
      break;
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, AdjGraphView *self)
{
  self->drag = DRAG_NONE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, AdjGraphView *self)
{
  double x, y;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (event == NULL || !gdk_event_get_position (event, &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  adj_graph_view_camera_release (self);
  adj_view_zoom_at (&self->view, exp (-dy * 0.15), x, y);
  adj_graph_view_save_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, AdjGraphView *self)
{
  self->zoom_start = self->view.zoom;
}

static void
zoom_scale_cb (GtkGestureZoom *gesture, double scale, AdjGraphView *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    return;
  adj_graph_view_camera_release (self);
  adj_view_zoom_at (&self->view, self->zoom_start * scale / self->view.zoom, cx, cy);
  adj_graph_view_save_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, AdjGraphView *self)
{
  double lx, ly;
  int edge = -1;
  AgId node = AG_NO_ID;

  if (self->layout && self->document)
    {
      adj_view_to_layout (&self->view, x, y, &lx, &ly);
      node = adj_layout_node_at (self->layout, lx, ly);
      if (node == AG_NO_ID)
        edge = adj_layout_edge_near (self->layout, lx, ly, 8 / self->view.zoom);
    }
  if (node != AG_NO_ID && in_value_row (self, node, ly))
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "ew-resize");
  else
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), node != AG_NO_ID || edge >= 0 ? "pointer" : NULL);
  if (edge != self->hovered_edge)
    {
      self->hovered_edge = edge;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *controller, AdjGraphView *self)
{
  if (self->hovered_edge != -1)
    {
      self->hovered_edge = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
adj_graph_view_pointer_init (AdjGraphView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
