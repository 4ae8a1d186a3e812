/* adj-timeline.c: the player's scrubbable timeline, a strip of the trace's steps with a
 * playhead at the document's step. */
#include "ui/graph/adj-timeline.h"

/* The playhead's knob and the focus ring need room at both ends of the strip. The strip is
 * BAND_MIN_H high at least, and taller when the text is larger (Text Size), so that its
 * names stay inside it. */
#define MARGIN        12.0
#define BAND_TOP      12.0
#define BAND_MIN_H    26.0
#define BAND_TEXT_PAD 4.0     /* above and below a name inside the strip */
#define BOTTOM_ROOM   6.0     /* below the strip: the playhead's foot and the focus ring */
#define BAND_RADIUS   5.0
#define KNOB_Y        10.0
#define KNOB_RADIUS   7.0
#define PLAYHEAD_W    4.0
#define TICK_H        7.0
#define MIN_TICK_GAP  4.0     /* narrower cells get no ticks: they would merge into a grey bar */
#define LABEL_PAD     6.0
/* A name keeps this far from the playhead's line on either side. */
#define PLAYHEAD_CLEARANCE (PLAYHEAD_W / 2 + 3.0)

struct _AdjTimeline
{
  AdjDocumentWidget parent_instance;

  /* pointer */
  double drag_start_x;
};

G_DEFINE_FINAL_TYPE (AdjTimeline, adj_timeline, ADJ_TYPE_DOCUMENT_WIDGET)

/* The scene's tints, so a step looks the same colour here as on the canvas. */
static const GdkRGBA value_light = { 0.00f, 0.35f, 0.75f, 1.0f };
static const GdkRGBA grad_light  = { 0.80f, 0.38f, 0.00f, 1.0f };
static const GdkRGBA value_dark  = { 0.45f, 0.72f, 1.00f, 1.0f };
static const GdkRGBA grad_dark   = { 1.00f, 0.62f, 0.25f, 1.0f };
/* Adwaita's focus ring: the accent blue at half strength. */
static const GdkRGBA focus_ring  = { 0.21f, 0.52f, 0.89f, 0.5f };

/* ---- helpers -------------------------------------------------------------------------- */

/* The document shown, or NULL. */
static AdjDocument *
document_of (AdjTimeline *self)
{
  return adj_document_widget_get_document (ADJ_DOCUMENT_WIDGET (self));
}

static guint
doc_n_steps (AdjTimeline *self)
{
  AdjDocument *document = document_of (self);

  return document ? adj_document_get_n_steps (document) : 0;
}

static guint
doc_step (AdjTimeline *self)
{
  AdjDocument *document = document_of (self);

  return document ? adj_document_get_step (document) : 0;
}

/* The strip's height for names @label_h pixels high. */
static double
band_height (double label_h)
{
  return MAX (BAND_MIN_H, ceil (label_h) + 2 * BAND_TEXT_PAD);
}

/* The height of a phase's name in this widget's font, in pixels. */
static int
label_height (AdjTimeline *self)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "forward");
  int lw = 0, lh = 0;

  pango_layout_get_pixel_size (layout, &lw, &lh);
  return lh;
}

static void
update_accessible (AdjTimeline *self)
{
  guint n = doc_n_steps (self), k = doc_step (self);
  g_autofree char *text = g_strdup_printf ("step %u of %u", k, n);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) n,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) k,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
seek (AdjTimeline *self, double x)
{
  if (document_of (self) == NULL)
    return;
  adj_document_set_step (document_of (self),
                         adj_timeline_position_at (gtk_widget_get_width (GTK_WIDGET (self)),
                                                   doc_n_steps (self), x));
}

static void
append_rect (GtkSnapshot *snapshot, const GdkRGBA *color, double alpha,
             double x, double y, double w, double h)
{
  GdkRGBA c = *color;

  if (w <= 0 || h <= 0)
    return;
  c.alpha *= alpha;
  gtk_snapshot_append_color (snapshot, &c, &GRAPHENE_RECT_INIT (x, y, w, h));
}

/* One phase of the strip, positions @from..@to, in a strip @band_h high: the steps done in
 * full tint, the rest faint, a tick between steps like a ruler, and the phase's name where
 * the playhead does not cross it (else a short name, else nothing: the tint and the tooltip
 * still tell). */
static void
append_phase (AdjTimeline *self, GtkSnapshot *snapshot, const GdkRGBA *tint, const GdkRGBA *fg,
              gboolean dark, double width, double band_h, guint n, guint k, guint from, guint to,
              const char *name, const char *short_name)
{
  const double band_bottom = BAND_TOP + band_h;
  double x0 = adj_timeline_x_of_position (width, n, from);
  double x1 = adj_timeline_x_of_position (width, n, to);
  double xk = adj_timeline_x_of_position (width, n, CLAMP (k, from, to));
  double playhead = round (adj_timeline_x_of_position (width, n, k));
  const char *names[] = { name, short_name };
  g_autoptr (PangoLayout) layout = NULL;
  double label_x = 0, label_w = 0;
  int lw = 0, lh = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names) && layout == NULL; i++)
    {
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), names[i]);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      if (!adj_timeline_place_label (x0, x1, lw, playhead, &label_x))
        g_clear_object (&layout);
    }
  if (layout != NULL)
    label_w = lw;

  append_rect (snapshot, tint, dark ? 0.65 : 0.50, x0, BAND_TOP, xk - x0, band_h);
  append_rect (snapshot, tint, 0.18, xk, BAND_TOP, x1 - xk, band_h);

  /* Not behind the name, where they would cross its letters. */
  if ((width - 2 * MARGIN) / n >= MIN_TICK_GAP)
    for (guint i = from + 1; i < to; i++)
      {
        double x = round (adj_timeline_x_of_position (width, n, i));

        if (layout == NULL || x < label_x - LABEL_PAD / 2 || x > label_x + label_w + LABEL_PAD / 2)
          append_rect (snapshot, fg, 0.45, x - 0.5, band_bottom - TICK_H, 1, TICK_H);
      }

  if (layout != NULL)
    {
      const double label_y = floor (BAND_TOP + (band_h - lh) / 2);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (label_x, label_y));
      gtk_snapshot_append_layout (snapshot, layout, fg);
      gtk_snapshot_restore (snapshot);
    }
}

/* ---- callbacks ------------------------------------------------------------------------ */

static void
document_changed_cb (AdjTimeline *self)
{
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}


static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, AdjTimeline *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (gtk_widget_get_focus_on_click (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  seek (self, x);
}

static void
drag_update_cb (GtkGestureDrag *gesture, double offset_x, double offset_y, AdjTimeline *self)
{
  seek (self, self->drag_start_x + offset_x);
}

static void
move_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  AdjTimeline *self = ADJ_TIMELINE (widget);
  guint k = doc_step (self), n = doc_n_steps (self);

  if (document_of (self) == NULL)
    return;
  if (g_str_equal (action_name, "timeline.previous"))
    k = k > 0 ? k - 1 : 0;
  else if (g_str_equal (action_name, "timeline.next"))
    k = MIN (k + 1, n);
  else if (g_str_equal (action_name, "timeline.first"))
    k = 0;
  else
    k = n;
  adj_document_set_step (document_of (self), k);
}

/* ---- vfuncs --------------------------------------------------------------------------- */

static void
adj_timeline_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                      int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  AdjTimeline *self = ADJ_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Never an unlabelled stub: room for both phases' names, shortened, each clear of a
       * playhead standing at its edge, when they share the steps about evenly as a lesson's
       * do; naturally for the full names, with room to spare. */
      g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, "bwd");
      int short_w = 0, full_w = 0, lh = 0;

      pango_layout_get_pixel_size (layout, &short_w, &lh);
      pango_layout_set_text (layout, "backward", -1);
      pango_layout_get_pixel_size (layout, &full_w, &lh);
      *minimum = adj_timeline_min_width (short_w);
      *natural = MAX (480, 2 * adj_timeline_min_width (full_w));
    }
  else
    *minimum = *natural = (int) (BAND_TOP + band_height (label_height (self)) + BOTTOM_ROOM);
}

static void
adj_timeline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AdjTimeline *self = ADJ_TIMELINE (widget);
  AdjDocument *document = document_of (self);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  guint n = doc_n_steps (self), k = doc_step (self);
  guint phase = document ? MIN (adj_document_get_phase_start (document), n) : 0;
  gboolean forward_mode = document != NULL && adj_document_get_mode (document) == ADJ_MODE_FORWARD;
  guint update = n;   /* a recorded training step ends with the optimizer's updates */
  const double band_h = band_height (label_height (self));
  const double full_h = BAND_TOP + band_h + BOTTOM_ROOM;
  GskRoundedRect band;
  GdkRGBA fg;
  gboolean dark;

  /* gtk_widget_get_color() is 4.10; this is its 4.8 spelling. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  /* A light foreground means a dark theme, which needs the lighter tints. */
  dark = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;

  /* Vertically centred in whatever height the parent gives. */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, floor ((height - full_h) / 2)));

  gsk_rounded_rect_init_from_rect (&band,
                                   &GRAPHENE_RECT_INIT (MARGIN, BAND_TOP,
                                                        MAX (width - 2 * MARGIN, 0), band_h),
                                   BAND_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &band);
  if (n == 0)
    append_rect (snapshot, &fg, 0.08, band.bounds.origin.x, BAND_TOP, band.bounds.size.width, band_h);
  else
    {
      const AgTrace *trace = adj_document_get_trace (document);
      for (guint j = phase; j < n; j++)
        if (ag_trace_step (trace, j)->kind == AG_STEP_UPDATE)
          {
            update = j;
            break;
          }
      if (phase > 0)
        append_phase (self, snapshot, dark ? &value_dark : &value_light, &fg, dark, width, band_h, n, k,
                      0, phase, "forward", "fwd");
      if (phase < update)
        append_phase (self, snapshot, dark ? &grad_dark : &grad_light, &fg, dark, width, band_h, n, k,
                      phase, update, forward_mode ? "tangents" : "backward",
                      forward_mode ? "tan" : "bwd");
      if (update < n)
        {
          append_phase (self, snapshot, dark ? &value_dark : &value_light, &fg, dark, width, band_h, n,
                        k, update, n, "update", "upd");
          append_rect (snapshot, &fg, 0.6, round (adj_timeline_x_of_position (width, n, update)) - 1,
                       BAND_TOP, 2, band_h);
        }

      /* A full line where the phases meet. */
      if (phase > 0 && phase < n)
        append_rect (snapshot, &fg, 0.6, round (adj_timeline_x_of_position (width, n, phase)) - 1,
                     BAND_TOP, 2, band_h);
    }
  gtk_snapshot_pop (snapshot);

  /* The playhead: a bold line through the strip with a round knob on top. */
  if (document_of (self) != NULL)
    {
      double x = round (adj_timeline_x_of_position (width, n, k));
      GskRoundedRect knob;

      append_rect (snapshot, &fg, 1.0, x - PLAYHEAD_W / 2, KNOB_Y, PLAYHEAD_W, full_h - 3 - KNOB_Y);
      gsk_rounded_rect_init_from_rect (&knob,
                                       &GRAPHENE_RECT_INIT (x - KNOB_RADIUS, KNOB_Y - KNOB_RADIUS,
                                                            2 * KNOB_RADIUS, 2 * KNOB_RADIUS),
                                       KNOB_RADIUS);
      gtk_snapshot_push_rounded_clip (snapshot, &knob);
      append_rect (snapshot, &fg, 1.0, knob.bounds.origin.x, knob.bounds.origin.y,
                   knob.bounds.size.width, knob.bounds.size.height);
      gtk_snapshot_pop (snapshot);
    }
  gtk_snapshot_restore (snapshot);

  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect ring;
      const float w[4] = { 2, 2, 2, 2 };
      const GdkRGBA c[4] = { focus_ring, focus_ring, focus_ring, focus_ring };

      gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 7);
      gtk_snapshot_append_border (snapshot, &ring, w, c);
    }
}

static gboolean
adj_timeline_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard_tooltip,
                            GtkTooltip *tooltip)
{
  AdjTimeline *self = ADJ_TIMELINE (widget);
  double width = gtk_widget_get_width (widget);
  guint n = doc_n_steps (self), k;
  g_autofree char *text = NULL;
  double left, right;

  if (document_of (self) == NULL)
    return FALSE;
  k = keyboard_tooltip ? doc_step (self) : adj_timeline_position_at (width, n, x);
  text = adj_document_dup_step_text (document_of (self), k);
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);

  /* Half-way to each neighbour: leaving this area asks again for the next position's text. */
  left = k > 0 ? (adj_timeline_x_of_position (width, n, k - 1) +
                  adj_timeline_x_of_position (width, n, k)) / 2 : 0;
  right = k < n ? (adj_timeline_x_of_position (width, n, k) +
                   adj_timeline_x_of_position (width, n, k + 1)) / 2 : width;
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) floor (left), 0,
                                                       MAX ((int) ceil (right - left), 1),
                                                       gtk_widget_get_height (widget) });
  return TRUE;
}

static void
adj_timeline_state_flags_changed (GtkWidget *widget, GtkStateFlags previous)
{
  GTK_WIDGET_CLASS (adj_timeline_parent_class)->state_flags_changed (widget, previous);
  if ((gtk_widget_get_state_flags (widget) ^ previous) & GTK_STATE_FLAG_FOCUS_VISIBLE)
    gtk_widget_queue_draw (widget);
}

static void
adj_timeline_document_set (AdjDocumentWidget *widget)
{
  document_changed_cb (ADJ_TIMELINE (widget));
}

static void
adj_timeline_class_init (AdjTimelineClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_Left, "timeline.previous" }, { GDK_KEY_KP_Left, "timeline.previous" },
    { GDK_KEY_Right, "timeline.next" },    { GDK_KEY_KP_Right, "timeline.next" },
    { GDK_KEY_Home, "timeline.first" },    { GDK_KEY_KP_Home, "timeline.first" },
    { GDK_KEY_End, "timeline.last" },      { GDK_KEY_KP_End, "timeline.last" },
  };

  ADJ_DOCUMENT_WIDGET_CLASS (klass)->document_set = adj_timeline_document_set;
  widget_class->measure = adj_timeline_measure;
  widget_class->snapshot = adj_timeline_snapshot;
  widget_class->query_tooltip = adj_timeline_query_tooltip;
  widget_class->state_flags_changed = adj_timeline_state_flags_changed;

  /* The actions clamp rather than disable themselves at the ends: a disabled binding would
   * let the key through, and the window would move the focus away instead. */
  gtk_widget_class_install_action (widget_class, "timeline.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "timeline.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "timeline.first", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "timeline.last", NULL, move_action);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].key, 0, keys[i].action, NULL);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
adj_timeline_init (AdjTimeline *self)
{
  GSignalGroup *signals = adj_document_widget_get_signals (ADJ_DOCUMENT_WIDGET (self));
  GtkGesture *drag = gtk_gesture_drag_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_group_connect_swapped (signals, "notify::step", G_CALLBACK (document_changed_cb), self);
  g_signal_group_connect_swapped (signals, "notify::mode", G_CALLBACK (document_changed_cb), self);
  g_signal_group_connect_swapped (signals, "graph-changed", G_CALLBACK (document_changed_cb), self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Timeline",
                                  -1);
  update_accessible (self);
}

/* ---- public API ----------------------------------------------------------------------- */

GtkWidget *
adj_timeline_new (void)
{
  return g_object_new (ADJ_TYPE_TIMELINE, NULL);
}

void
adj_timeline_set_document (AdjTimeline *self, AdjDocument *document)
{
  g_return_if_fail (ADJ_IS_TIMELINE (self));
  adj_document_widget_set_document (ADJ_DOCUMENT_WIDGET (self), document);
}

AdjDocument *
adj_timeline_get_document (AdjTimeline *self)
{
  g_return_val_if_fail (ADJ_IS_TIMELINE (self), NULL);
  return adj_document_widget_get_document (ADJ_DOCUMENT_WIDGET (self));
}

/* Geometry: pure, so that the tests can check it without a display. */

double
adj_timeline_x_of_position (double width, guint n_steps, guint k)
{
  double span = MAX (width - 2 * MARGIN, 0.0);

  if (n_steps == 0)
    return MARGIN;
  return MARGIN + span * MIN (k, n_steps) / n_steps;
}

gboolean
adj_timeline_place_label (double x0, double x1, double label_w, double playhead_x, double *label_x)
{
  const double lo = x0 + LABEL_PAD, hi = x1 - LABEL_PAD;
  const double centred = floor ((x0 + x1 - label_w) / 2);
  double left_room, right_room;

  g_return_val_if_fail (label_x != NULL, FALSE);
  if (label_w > hi - lo)
    return FALSE;
  /* Centred, unless the playhead would cross it. */
  if (playhead_x + PLAYHEAD_CLEARANCE <= centred || playhead_x - PLAYHEAD_CLEARANCE >= centred + label_w)
    {
      *label_x = centred;
      return TRUE;
    }
  /* Else centred in the larger side of the playhead that holds it. */
  left_room = (playhead_x - PLAYHEAD_CLEARANCE) - lo;
  right_room = hi - (playhead_x + PLAYHEAD_CLEARANCE);
  if (right_room >= label_w && (right_room >= left_room || left_room < label_w))
    {
      *label_x = floor (playhead_x + PLAYHEAD_CLEARANCE + (right_room - label_w) / 2);
      return TRUE;
    }
  if (left_room >= label_w)
    {
      *label_x = ceil (lo + (left_room - label_w) / 2);
      return TRUE;
    }
  return FALSE;
}

int
adj_timeline_min_width (int label_w)
{
  /* Two phases, each as wide as a name with its pads plus the playhead's clearance. */
  return (int) ceil (2 * MARGIN + 2 * (label_w + 2 * LABEL_PAD + 2 * PLAYHEAD_CLEARANCE));
}

guint
adj_timeline_position_at (double width, guint n_steps, double x)
{
  double span = width - 2 * MARGIN;
  double t;

  if (n_steps == 0 || span <= 0 || !(x > MARGIN))   /* !(>) also catches NaN */
    return 0;
  t = (x - MARGIN) / span * n_steps;
  if (t >= n_steps)
    return n_steps;
  return (guint) (t + 0.5);
}
