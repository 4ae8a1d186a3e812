/* adj-graph-view.c: the canvas widget. Drawing is the scene's; this file adds the view
 * transform, the frame-clock animation, the camera and the keys (the pointer is in
 * adj-graph-view-pointer.c). */
#include "ui/graph/adj-graph-view-private.h"
#include "ui/common/adj-key-focus.h"
#include "core/format.h"
#include "core/ops-text.h"
#include "core/ops.h"

#include <math.h>

G_DEFINE_FINAL_TYPE (AdjGraphView, adj_graph_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_ANIMATE,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

/* The keyboard focus: a frame just inside the edge in the scene's focus colour (that of the
 * selected node's ring), per theme; opaque, for a contrast of at least 3:1 with the
 * background (WCAG's focus appearance). */
static const GdkRGBA focus_frame[] = {
  [ADJ_THEME_LIGHT] = { 0.10f, 0.45f, 0.85f, 1.0f },
  [ADJ_THEME_DARK] = { 0.40f, 0.65f, 1.00f, 1.0f },
  [ADJ_THEME_HIGH_CONTRAST] = { 0.00f, 0.20f, 0.70f, 1.0f },
};
#define FOCUS_FRAME_W 2.0f
/* Room kept around a node brought into view from the keyboard: its ring and badge fit. */
#define REVEAL_MARGIN 32.0
/* How long the camera takes to move to the next step's view. */
#define CAMERA_SECONDS 0.32

/* ---- helpers ----------------------------------------------------------------------------- */

static void
fit (AdjGraphView *self)
{
  const int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->layout == NULL || w <= 1 || h <= 1)
    return;
  self->view = adj_view_fit (self->layout->width, self->layout->height, w, h, 40,
                             self->max_fit_zoom > 0 ? self->max_fit_zoom : 1.5);
  /* A fit holds the whole drawing, even one so large (a chain of thousands) that it needs less
   * than the least zoom a wheel reaches: adj_view_fit() clamps there and cut both ends off. */
  if (self->layout->width * self->view.zoom > w || self->layout->height * self->view.zoom > h)
    {
      const double m = MIN (40.0, MIN (w, h) / 4.0);
      self->view.zoom = MIN ((w - 2 * m) / MAX (self->layout->width, 1), (h - 2 * m) / MAX (self->layout->height, 1));
      self->view.zoom = MAX (self->view.zoom, 1e-4);
      self->view.pan_x = (w - self->layout->width * self->view.zoom) / 2;
      self->view.pan_y = (h - self->layout->height * self->view.zoom) / 2;
    }
  self->view_set = TRUE;
}

/* The canvas's text follows the widgets': GNOME's text scaling and the app's Text Size both
 * set GtkSettings' resolution (1024ths of a dot per inch; 96 is 100 %). */
static void
update_font_scale (AdjGraphView *self)
{
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi = -1;

  if (settings == NULL || self->document == NULL)
    return;
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  adj_document_set_font_scale (self->document, dpi > 0 ? CLAMP (dpi / (96.0 * 1024), 0.5, 4.0) : 1.0);
}

static void
dpi_cb (GtkSettings *settings, GParamSpec *pspec, AdjGraphView *self)
{
  update_font_scale (self);
}

void
adj_graph_view_save_view (AdjGraphView *self)
{
  if (self->document)
    adj_document_set_view (self->document, self->view.zoom, self->view.pan_x, self->view.pan_y);
}

/* A value as the canvas shows it, for a screen reader and a copy: numbers for people
 * (ag_format_human, the preference's significant digits), so it hears "0.7311" where the box
 * says 0.7311, and a tensor cut to its first and last elements around "…". */
static void
append_shown_tensor (GString *out, AgShape shape, const double *data)
{
  ag_format_tensor_human_cut (out, shape, data, 2, 4);
}

/* What the canvas shows of the selected node once the current step has settled (the scene's
 * rules: a leaf's value always, a computed one's after its forward step, an updated
 * parameter's new value, the last adjoint or tangent that arrived), as a screen reader should
 * hear it: "x, input, value 3, gradient 7". NULL when nothing is selected. */
static char *
dup_selected_text (AdjGraphView *self)
{
  const AgGraph *g;
  const AgTrace *t;
  const AgNode *n;
  const double *value = NULL, *grad = NULL;
  gboolean tangents = FALSE;
  const char *name;
  AgId id;
  guint k;
  GString *out;

  if (self->document == NULL)
    return NULL;
  g = adj_document_get_graph (self->document);
  t = adj_document_get_trace (self->document);
  id = adj_document_get_selected (self->document);
  if (id == AG_NO_ID || id >= ag_graph_n_nodes (g))
    return NULL;
  n = ag_graph_node (g, id);
  k = MIN (adj_document_get_step (self->document), ag_trace_n_steps (t));
  if (n->op == AG_OP_LEAF)
    value = ag_graph_value (g, id);
  for (guint j = 0; j < ag_trace_n_steps (t); j++)
    {
      const AgStep *s = ag_trace_step (t, j);

      tangents |= s->kind == AG_STEP_TANGENT_SEED;
      if (j >= k || s->to != id)
        continue;
      if (s->kind == AG_STEP_FORWARD)
        value = ag_graph_value (g, id);
      else if (s->kind == AG_STEP_UPDATE)
        value = ag_trace_data (t, s->after);
      else if (s->kind == AG_STEP_SEED || s->kind == AG_STEP_BACKWARD ||
               s->kind == AG_STEP_TANGENT_SEED || s->kind == AG_STEP_TANGENT)
        grad = ag_trace_data (t, s->after);
    }

  name = ag_graph_display_name (g, id);
  out = g_string_new (name);
  if (n->op != AG_OP_LEAF)
    {
      g_autofree char *expr = ag_op_describe_expression (g, id);
      if (g_strcmp0 (expr, name) != 0)
        g_string_append_printf (out, " = %s", expr);
    }
  g_string_append_printf (out, ", %s", ag_role_to_words (n->role));
  if (n->role == AG_ROLE_CONST)
    return g_string_free (out, FALSE);   /* its name is its value */
  g_string_append (out, ", value ");
  if (value)
    append_shown_tensor (out, n->shape, value);
  else
    g_string_append (out, "not computed yet");
  if (grad)
    {
      g_string_append (out, tangents ? ", tangent " : ", gradient ");
      append_shown_tensor (out, n->shape, grad);
    }
  return g_string_free (out, FALSE);
}

/* The label names the selected node, so a screen reader speaks it as the selection moves;
 * the description is the current step's sentence. */
static void
update_accessible (AdjGraphView *self)
{
  g_autofree char *text = NULL;
  g_autofree char *selected = NULL;
  g_autofree char *label = NULL;

  selected = dup_selected_text (self);
  label = selected ? g_strdup_printf ("Computational graph. Selected: %s", selected)
                   : g_strdup ("Computational graph");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (self->document == NULL)
    return;
  text = adj_document_dup_step_text (self->document, adj_document_get_step (self->document));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* Pans, when needed, so node @id's box (with room for its ring) lies inside the view. */
static void
reveal_node (AdjGraphView *self, AgId id)
{
  const double w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  const AdjBox *b;
  double x0, y0, x1, y1, dx = 0, dy = 0;

  if (self->layout == NULL || id >= self->layout->boxes->len || w <= 1 || h <= 1)
    return;
  b = &g_array_index (self->layout->boxes, AdjBox, id);
  adj_view_to_widget (&self->view, b->x, b->y, &x0, &y0);
  adj_view_to_widget (&self->view, b->x + b->w, b->y + b->h, &x1, &y1);
  /* Too big to fit: its top-left corner, where the name is. */
  if (x0 < REVEAL_MARGIN || x1 - x0 > w - 2 * REVEAL_MARGIN)
    dx = REVEAL_MARGIN - x0;
  else if (x1 > w - REVEAL_MARGIN)
    dx = w - REVEAL_MARGIN - x1;
  if (y0 < REVEAL_MARGIN || y1 - y0 > h - 2 * REVEAL_MARGIN)
    dy = REVEAL_MARGIN - y0;
  else if (y1 > h - REVEAL_MARGIN)
    dy = h - REVEAL_MARGIN - y1;
  if (dx == 0 && dy == 0)
    return;
  self->view.pan_x += dx;
  self->view.pan_y += dy;
  adj_graph_view_save_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- the camera --------------------------------------------------------------------------- */

static void
camera_stop (AdjGraphView *self)
{
  if (self->cam_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->cam_tick_id);
  self->cam_tick_id = 0;
}

/* Panned or zoomed by hand: the viewer has taken the camera (f gives it back). */
void
adj_graph_view_camera_release (AdjGraphView *self)
{
  camera_stop (self);
  self->follow = FALSE;
}

static gboolean
camera_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  AdjGraphView *self = ADJ_GRAPH_VIEW (widget);
  const gint64 now = gdk_frame_clock_get_frame_time (clock);
  double t;

  if (self->cam_start == 0)
    self->cam_start = now;
  t = MIN (1.0, (now - self->cam_start) / (CAMERA_SECONDS * G_USEC_PER_SEC));
  self->view = adj_camera_lerp (&self->cam_from, &self->cam_to, gtk_widget_get_width (widget),
                                gtk_widget_get_height (widget), adj_anim_ease (t));
  gtk_widget_queue_draw (widget);
  if (t < 1)
    return G_SOURCE_CONTINUE;
  self->cam_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static AdjCameraViewport
camera_viewport (AdjGraphView *self)
{
  return (AdjCameraViewport) {
    gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)),
    ADJ_CAMERA_NODE_TEXT_PX, self->max_fit_zoom > 0 ? self->max_fit_zoom : 1.5, 40,
  };
}

/* With follow on, frames the current step: moving smoothly when @smooth and animations are on,
 * at once otherwise (a resize, a new graph, animations off). */
static void
camera_aim (AdjGraphView *self, gboolean smooth)
{
  const AdjCameraViewport vp = camera_viewport (self);
  const AdjView *now;
  AdjView target;

  if (!self->follow || self->document == NULL || self->layout == NULL || vp.width <= 1 || vp.height <= 1)
    return;
  adj_step_state_compute (&self->cam_state, adj_document_get_graph (self->document),
                          adj_document_get_trace (self->document),
                          adj_document_get_step (self->document), 1);
  if (self->cam_state.n_nodes != self->layout->boxes->len)
    return;   /* a layout not yet rebuilt for this graph */
  self->cam_w = vp.width;
  self->cam_h = vp.height;
  /* Judged against where a move under way is going, so each step does not restart it. */
  now = self->cam_tick_id ? &self->cam_to : &self->view;
  target = adj_camera_frame (self->layout, &self->cam_state, &vp, now);
  if (target.zoom == now->zoom && target.pan_x == now->pan_x && target.pan_y == now->pan_y)
    return;
  if (!smooth || !self->animate || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      camera_stop (self);
      self->view = target;
      self->view_set = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  self->cam_from = self->view;
  self->cam_to = target;
  self->cam_start = 0;
  if (self->cam_tick_id == 0)
    self->cam_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), camera_tick_cb, NULL, NULL);
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  AdjGraphView *self = ADJ_GRAPH_VIEW (widget);
  const gint64 now = gdk_frame_clock_get_frame_time (clock);
  const double dt = self->last_frame ? (now - self->last_frame) / 1e6 : 0;

  self->last_frame = now;
  self->t = MIN (1.0, self->t + dt / adj_anim_step_seconds (self->speed));
  gtk_widget_queue_draw (widget);
  if (self->t < 1)
    return G_SOURCE_CONTINUE;
  if (self->playing && self->document)
    {
      const guint k = adj_document_get_step (self->document);
      if (k < adj_document_get_n_steps (self->document))
        {
          adj_document_set_step (self->document, k + 1);   /* restarts t at 0 */
          return G_SOURCE_CONTINUE;
        }
      adj_graph_view_set_playing (self, FALSE);
    }
  self->tick_id = 0;
  self->last_frame = 0;
  return G_SOURCE_REMOVE;
}

static void
start_ticking (AdjGraphView *self)
{
  if (self->tick_id == 0)
    {
      self->last_frame = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
    }
}

static void
stop_ticking (AdjGraphView *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  self->last_frame = 0;
}

/* ---- an edit's new layout: the nodes move to their new places ------------------------- */

/* Ends the move: the document's layout is drawn again. */
static void
morph_stop (AdjGraphView *self)
{
  if (self->morph_tick_id)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->morph_tick_id);
  self->morph_tick_id = 0;
  if (self->morph && self->layout == self->morph)
    self->layout = self->document ? adj_document_get_layout (self->document) : NULL;
  g_clear_pointer (&self->morph, adj_layout_free);
}

static gboolean
morph_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  AdjGraphView *self = ADJ_GRAPH_VIEW (widget);
  const gint64 now = gdk_frame_clock_get_frame_time (clock);
  const double *from = adj_document_get_layout_moved_from (self->document);
  double f;

  if (self->morph_start == 0)
    self->morph_start = now;
  f = (now - self->morph_start) / (ADJ_ANIM_MOVE_SECONDS * G_USEC_PER_SEC);
  gtk_widget_queue_draw (widget);
  if (f >= 1 || from == NULL)
    {
      self->morph_tick_id = 0;   /* removed by returning */
      morph_stop (self);
      return G_SOURCE_REMOVE;
    }
  adj_anim_layout_move (self->morph, adj_document_get_layout (self->document), from, adj_anim_ease (f));
  return G_SOURCE_CONTINUE;
}

/* Starts moving the nodes of the document's new layout from where they were drawn, when the
 * layout came from an edit and animations are on. */
static gboolean
morph_start (AdjGraphView *self)
{
  const AdjLayout *to = adj_document_get_layout (self->document);
  const double *from = adj_document_get_layout_moved_from (self->document);
  gboolean desktop_animates = TRUE;

  /* The desktop's reduced motion (gtk-enable-animations off) shows the new places at once. */
  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &desktop_animates, NULL);
  if (from == NULL || !self->animate || !desktop_animates || !self->view_set ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  self->morph = adj_anim_layout_copy (to, ag_graph_n_calls (adj_document_get_graph (self->document)));
  adj_anim_layout_move (self->morph, to, from, 0);
  self->layout = self->morph;
  self->morph_start = 0;
  self->morph_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), morph_tick_cb, NULL, NULL);
  return TRUE;
}

/* ---- callbacks --------------------------------------------------------------------------- */

static void
step_cb (AdjDocument *document, GParamSpec *pspec, AdjGraphView *self)
{
  const guint k = adj_document_get_step (document);

  /* One step forwards animates; any other jump shows its end at once. */
  if (k == self->shown_step + 1 && (self->animate || self->playing))
    {
      self->t = 0;
      start_ticking (self);
    }
  else
    self->t = 1;
  self->shown_step = k;
  camera_aim (self, TRUE);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
graph_changed_cb (AdjDocument *document, AdjGraphView *self)
{
  double zoom, pan_x, pan_y;
  gboolean saved = FALSE, edit = FALSE;

  if (adj_document_get_layout_serial (document) != self->layout_serial)
    {
      morph_stop (self);
      self->layout = adj_document_get_layout (document);
      self->layout_serial = adj_document_get_layout_serial (document);
      self->hovered_edge = -1;
      self->drag = DRAG_NONE;
      /* An edit's layout keeps the camera where the reader had it (following the step, it
       * moves there smoothly); a new file's is fitted or restored. */
      edit = adj_document_get_layout_moved_from (document) != NULL && self->view_set;
      if (adj_document_take_saved_view (document, &zoom, &pan_x, &pan_y))
        {
          self->view = (AdjView) { CLAMP (zoom, ADJ_VIEW_MIN_ZOOM, ADJ_VIEW_MAX_ZOOM), pan_x, pan_y };
          self->view_set = saved = TRUE;
        }
      else if (!edit)
        fit (self);
    }
  else if (self->morph == NULL)
    self->layout = adj_document_get_layout (document);
  self->shown_step = adj_document_get_step (document);
  self->t = 1;
  if (!saved)   /* a view saved with the file is the viewer's: kept until the next step */
    camera_aim (self, edit);   /* aimed at the new layout, before its nodes start moving */
  if (edit)
    morph_start (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
layout_changed_cb (AdjDocument *document, AdjGraphView *self)
{
  morph_stop (self);   /* a node dragged: it goes where the hand puts it */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
selected_cb (AdjDocument *document, GParamSpec *pspec, AdjGraphView *self)
{
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* n and ] select the next node, Shift+n and [ the previous one, Escape clears the selection
 * and Return keeps it; o opens the selected call's box or folds the call around it; f follows the step again, 0 zooms to fit the whole graph. Everything else goes on to the window, whose player owns the arrows,
 * Page Up and Down, Home, End, space, b and s; so does Escape with nothing selected (it leaves
 * presentation mode) and any key with Control or Alt (accelerators). */
static gboolean
handle_key (GtkWidget *widget, guint keyval, GdkModifierType state)
{
  AdjGraphView *self = ADJ_GRAPH_VIEW (widget);
  const gboolean selected = self->document && adj_document_get_selected (self->document) != AG_NO_ID;

  if (self->document == NULL || adj_key_has_command_modifier (state))
    return FALSE;
  switch (gdk_keyval_to_lower (keyval))
    {
    case GDK_KEY_n:
      return adj_graph_view_select_next (self, state & GDK_SHIFT_MASK ? -1 : 1);
    case GDK_KEY_bracketright:
      return adj_graph_view_select_next (self, 1);
    case GDK_KEY_bracketleft:
      return adj_graph_view_select_next (self, -1);
    case GDK_KEY_f:
      adj_graph_view_set_follow (self, TRUE);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      adj_graph_view_zoom_to_fit (self);
      return TRUE;
    case GDK_KEY_Escape:
      if (selected)
        adj_document_set_selected (self->document, AG_NO_ID);
      return selected;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      return selected;
    case GDK_KEY_o:
      /* Open the selected folded call, or fold the open call around the selected node. */
      return selected && adj_graph_view_toggle_call_at (self, adj_document_get_selected (self->document));
    default:
      return FALSE;
    }
}

/* ---- vfuncs ------------------------------------------------------------------------------ */

static void
adj_graph_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  AdjGraphView *self = ADJ_GRAPH_VIEW (widget);
  const gboolean refit = !self->view_set || self->refit_pending;

  if (refit)
    fit (self);
  self->refit_pending = FALSE;
  /* A new size (panels shown or hidden, a caption grown, the window resized): the step is
   * framed again for it, at once. */
  if (self->follow && (refit || (self->cam_w > 0 && (width != self->cam_w || height != self->cam_h))))
    camera_aim (self, FALSE);
}

static void
adj_graph_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AdjGraphView *self = ADJ_GRAPH_VIEW (widget);
  const int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  AdjSceneState st;
  cairo_t *cr;

  if (self->document == NULL || self->layout == NULL || w <= 0 || h <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  adj_scene_paint_background (cr, self->theme);
  cairo_save (cr);
  cairo_translate (cr, self->view.pan_x, self->view.pan_y);
  cairo_scale (cr, self->view.zoom, self->view.zoom);
  st = (AdjSceneState) {
    .k = adj_document_get_step (self->document),
    .t = self->t,
    .theme = self->theme,
    .selected = adj_document_get_selected (self->document),
    .hovered_edge = self->hovered_edge,
    .ask = self->ask,
  };
  adj_step_state_compute (&self->shown, adj_document_get_graph (self->document),
                          adj_document_get_trace (self->document), st.k, st.t);
  adj_scene_paint_step (cr, adj_document_get_graph (self->document), self->layout,
                        adj_document_get_trace (self->document), &st, &self->shown);
  cairo_restore (cr);
  adj_scene_paint_edge_fade (cr, self->theme, self->layout, &self->view, w, h);
  adj_scene_paint_layout_note (cr, self->theme, self->layout, w);
  {
    AdjMinimap map;

    if (adj_graph_view_map_shown (self, &map))
      {
        const GdkRGBA c = focus_frame[MIN ((guint) self->theme, G_N_ELEMENTS (focus_frame) - 1)];
        const double accent[3] = { c.red, c.green, c.blue };
        adj_minimap_paint (cr, &map, self->layout, &self->view, w, h,
                           adj_step_state_receiver (&self->shown), self->theme == ADJ_THEME_DARK, accent);
      }
  }
  cairo_destroy (cr);

  if (gtk_widget_has_visible_focus (widget))
    {
      const GdkRGBA c = focus_frame[MIN ((guint) self->theme, G_N_ELEMENTS (focus_frame) - 1)];
      const GdkRGBA colours[4] = { c, c, c, c };
      const float widths[4] = { FOCUS_FRAME_W, FOCUS_FRAME_W, FOCUS_FRAME_W, FOCUS_FRAME_W };
      GskRoundedRect frame;

      gsk_rounded_rect_init_from_rect (&frame, &GRAPHENE_RECT_INIT (0, 0, w, h), 0);
      gtk_snapshot_append_border (snapshot, &frame, widths, colours);
    }
}

static void
adj_graph_view_state_flags_changed (GtkWidget *widget, GtkStateFlags previous)
{
  GTK_WIDGET_CLASS (adj_graph_view_parent_class)->state_flags_changed (widget, previous);
  adj_key_focus_state_changed (widget, previous);
}

static void
adj_graph_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                        int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 900 : 600;
}

static void
adj_graph_view_dispose (GObject *object)
{
  AdjGraphView *self = ADJ_GRAPH_VIEW (object);

  stop_ticking (self);
  morph_stop (self);
  if (self->dpi_id)
    g_clear_signal_handler (&self->dpi_id, gtk_settings_get_default ());
  camera_stop (self);
  adj_graph_view_set_document (self, NULL);
  adj_step_state_clear (&self->shown);
  adj_step_state_clear (&self->cam_state);
  G_OBJECT_CLASS (adj_graph_view_parent_class)->dispose (object);
}

static void
adj_graph_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AdjGraphView *self = ADJ_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_ANIMATE:
      g_value_set_boolean (value, self->animate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_graph_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AdjGraphView *self = ADJ_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      adj_graph_view_set_document (self, g_value_get_object (value));
      break;
    case PROP_PLAYING:
      adj_graph_view_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      adj_graph_view_set_speed (self, g_value_get_double (value));
      break;
    case PROP_ANIMATE:
      adj_graph_view_set_animate (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_graph_view_class_init (AdjGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adj_graph_view_dispose;
  object_class->get_property = adj_graph_view_get_property;
  object_class->set_property = adj_graph_view_set_property;
  widget_class->snapshot = adj_graph_view_snapshot;
  widget_class->measure = adj_graph_view_measure;
  widget_class->size_allocate = adj_graph_view_size_allocate;
  widget_class->state_flags_changed = adj_graph_view_state_flags_changed;

  props[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, ADJ_TYPE_DOCUMENT,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0.25, 4.0, 1.0,
                                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_ANIMATE] = g_param_spec_boolean ("animate", NULL, NULL, TRUE,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_css_name (widget_class, "graphview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
adj_graph_view_init (AdjGraphView *self)
{
  self->view.zoom = 1;
  self->t = 1;
  self->speed = 1;
  self->animate = TRUE;
  self->hovered_edge = -1;
  self->follow = TRUE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "graph-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Computational graph", -1);

  adj_graph_view_pointer_init (self);
  adj_key_focus_add (GTK_WIDGET (self), handle_key);
  if (gtk_settings_get_default ())
    self->dpi_id = g_signal_connect (gtk_settings_get_default (), "notify::gtk-xft-dpi", G_CALLBACK (dpi_cb), self);
}

/* ---- public API -------------------------------------------------------------------------- */

GtkWidget *
adj_graph_view_new (void)
{
  return g_object_new (ADJ_TYPE_GRAPH_VIEW, NULL);
}

void
adj_graph_view_set_document (AdjGraphView *self, AdjDocument *document)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  g_return_if_fail (document == NULL || ADJ_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  morph_stop (self);
  if (self->document)
    {
      g_clear_signal_handler (&self->graph_changed_id, self->document);
      g_clear_signal_handler (&self->layout_changed_id, self->document);
      g_clear_signal_handler (&self->step_id, self->document);
      g_clear_signal_handler (&self->selected_id, self->document);
      g_clear_object (&self->document);
    }
  self->layout = NULL;
  self->view_set = FALSE;
  self->hovered_edge = -1;
  if (document)
    {
      double zoom, pan_x, pan_y;
      self->document = g_object_ref (document);
      self->graph_changed_id = g_signal_connect (document, "graph-changed", G_CALLBACK (graph_changed_cb), self);
      self->layout_changed_id = g_signal_connect (document, "layout-changed", G_CALLBACK (layout_changed_cb), self);
      self->step_id = g_signal_connect (document, "notify::step", G_CALLBACK (step_cb), self);
      self->selected_id = g_signal_connect (document, "notify::selected", G_CALLBACK (selected_cb), self);
      update_font_scale (self);
      self->layout = adj_document_get_layout (document);
      self->layout_serial = adj_document_get_layout_serial (document);
      self->shown_step = adj_document_get_step (document);
      self->t = 1;
      if (adj_document_take_saved_view (document, &zoom, &pan_x, &pan_y))
        {
          self->view = (AdjView) { CLAMP (zoom, ADJ_VIEW_MIN_ZOOM, ADJ_VIEW_MAX_ZOOM), pan_x, pan_y };
          self->view_set = TRUE;
        }
      else
        fit (self);
    }
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DOCUMENT]);
}

AdjDocument *
adj_graph_view_get_document (AdjGraphView *self)
{
  g_return_val_if_fail (ADJ_IS_GRAPH_VIEW (self), NULL);
  return self->document;
}

void
adj_graph_view_set_playing (AdjGraphView *self, gboolean playing)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  playing = !!playing && self->document != NULL;
  if (playing == self->playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PLAYING]);
  if (!playing)
    return;
  /* Play from the start when at the end; otherwise go on from here. */
  if (adj_document_get_step (self->document) >= adj_document_get_n_steps (self->document))
    adj_document_set_step (self->document, 0);
  if (self->t >= 1)
    {
      const guint k = adj_document_get_step (self->document);
      if (k < adj_document_get_n_steps (self->document))
        adj_document_set_step (self->document, k + 1);
    }
  start_ticking (self);
}

gboolean
adj_graph_view_get_playing (AdjGraphView *self)
{
  g_return_val_if_fail (ADJ_IS_GRAPH_VIEW (self), FALSE);
  return self->playing;
}

void
adj_graph_view_set_speed (AdjGraphView *self, double speed)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  speed = CLAMP (speed, 0.25, 4.0);
  if (speed == self->speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SPEED]);
}

double
adj_graph_view_get_speed (AdjGraphView *self)
{
  g_return_val_if_fail (ADJ_IS_GRAPH_VIEW (self), 1);
  return self->speed;
}

void
adj_graph_view_set_animate (AdjGraphView *self, gboolean animate)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  animate = !!animate;
  if (animate == self->animate)
    return;
  self->animate = animate;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ANIMATE]);
}

AdjTheme
adj_graph_view_get_theme (AdjGraphView *self)
{
  g_return_val_if_fail (ADJ_IS_GRAPH_VIEW (self), ADJ_THEME_LIGHT);
  return self->theme;
}

void
adj_graph_view_set_theme (AdjGraphView *self, AdjTheme theme)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  self->theme = theme;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
adj_graph_view_refit (AdjGraphView *self, double max_zoom)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  self->max_fit_zoom = max_zoom;
  fit (self);
  camera_aim (self, FALSE);
  self->refit_pending = TRUE;  /* and again at the next allocation, with the new size */
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
adj_graph_view_zoom_to_fit (AdjGraphView *self)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  adj_graph_view_camera_release (self);
  fit (self);
  adj_graph_view_save_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
adj_graph_view_zoom_by (AdjGraphView *self, double factor)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  adj_graph_view_camera_release (self);
  adj_view_zoom_at (&self->view, factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                    gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
  adj_graph_view_save_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
adj_graph_view_zoom_reset (AdjGraphView *self)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  adj_graph_view_zoom_by (self, 1 / self->view.zoom);
}

gboolean
adj_graph_view_select_next (AdjGraphView *self, int delta)
{
  AgId id;
  guint n;
  gint64 i;

  g_return_val_if_fail (ADJ_IS_GRAPH_VIEW (self), FALSE);
  if (self->document == NULL || delta == 0)
    return FALSE;
  n = ag_graph_n_nodes (adj_document_get_graph (self->document));
  if (n == 0)
    return FALSE;
  id = adj_document_get_selected (self->document);
  /* With nothing selected, forwards starts at the first node and backwards at the last. */
  i = id != AG_NO_ID && id < n ? (gint64) id : delta > 0 ? -1 : (gint64) n;
  i = ((i + delta) % (gint64) n + n) % (gint64) n;
  /* Nodes folded away inside a call are passed over (the call's box is there). */
  for (guint tries = 0; self->layout && !adj_layout_node_drawn (self->layout, (AgId) i) && tries < n; tries++)
    i = ((i + delta) % (gint64) n + n) % (gint64) n;
  adj_document_set_selected (self->document, (AgId) i);
  reveal_node (self, (AgId) i);
  return TRUE;
}

AdjView
adj_graph_view_get_view (AdjGraphView *self)
{
  return self->view;
}

double
adj_graph_view_get_fraction (AdjGraphView *self)
{
  g_return_val_if_fail (ADJ_IS_GRAPH_VIEW (self), 1);
  return self->t;
}

int
adj_graph_view_get_hovered_edge (AdjGraphView *self)
{
  g_return_val_if_fail (ADJ_IS_GRAPH_VIEW (self), -1);
  return self->hovered_edge;
}

void
adj_graph_view_set_follow (AdjGraphView *self, gboolean follow)
{
  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  self->follow = !!follow;
  if (self->follow)
    camera_aim (self, TRUE);
  else
    camera_stop (self);
}

gboolean
adj_graph_view_get_follow (AdjGraphView *self)
{
  g_return_val_if_fail (ADJ_IS_GRAPH_VIEW (self), FALSE);
  return self->follow;
}

gboolean
adj_graph_view_get_minimap (AdjGraphView *self, double *x, double *y, double *w, double *h)
{
  AdjMinimap map;

  g_return_val_if_fail (ADJ_IS_GRAPH_VIEW (self), FALSE);
  if (!adj_graph_view_map_shown (self, &map))
    return FALSE;
  *x = map.x;
  *y = map.y;
  *w = map.w;
  *h = map.h;
  return TRUE;
}

void
adj_graph_view_set_ask (AdjGraphView *self, const AdjSceneAsk *ask)
{
  const AdjSceneAsk none = { ADJ_ASK_NONE, AG_NO_ID, AG_NO_ID, AG_NO_ID, FALSE };

  g_return_if_fail (ADJ_IS_GRAPH_VIEW (self));
  self->ask = ask ? *ask : none;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
