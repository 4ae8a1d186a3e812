/* adj-neuron-view.c: the training lab's network picture: units as heatmaps of their output
 * over the plane, links by weight (see adj-neuron-view.h). */
#include "ui/lab/adj-neuron-view.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include "ui/common/adj-key-focus.h"
#include "ui/draw/adj-palette.h"
#include "ui/lab/adj-neuron-layout.h"
#include "ui/lab/adj-neuron-links.h"
#include "ui/lab/adj-neuron-unit.h"

/* Sizes at font-scale 1: text in points, the rest in pixels. */
#define CAPTION_PT   9.0
#define CAPTION_GAP  6.0     /* the least space between two captions */
#define LINKS_REFRESH_US (G_USEC_PER_SEC / 8)
#define NO_LINK      ADJ_NEURON_LINK_NONE
#define INPUT_RES    16      /* the grids x1 and x2 start with */

G_STATIC_ASSERT (ADJ_NEURON_LAYOUT_MAX_LAYERS >= ADJ_NEURON_VIEW_MAX_LAYERS);

typedef AdjNeuronUnit Unit;

struct _AdjNeuronView
{
  AdjLabView parent_instance;

  /* owned */
  Unit                 *units;        /* every column's units, column by column */
  guint8               *links;        /* every link's code (link_code()), column by column */
  cairo_surface_t      *links_layer;  /* the links, drawn when a code changes, else reused */
  GskRenderNode        *backdrop;     /* the snapshot's links and captions, or NULL */
  /* New weights drawn a few links a frame into links_back, then swapped in */
  AdjNeuronLinksDrawing *links_drawing;
  cairo_surface_t      *links_back;
  gint64                links_back_cost;
  guint                 links_tick;
  guint                 backdrop_labels; /* the labels its captions took */

  /* the shape */
  guint                 n_layers;
  guint                 widths[ADJ_NEURON_VIEW_MAX_LAYERS];
  guint                 first[ADJ_NEURON_VIEW_MAX_LAYERS];     /* index of a column's unit 0 */
  guint                 first_link[ADJ_NEURON_VIEW_MAX_LAYERS];/* of its first outgoing link */

  /* what the links layer was drawn for; links_valid goes FALSE when anything else changes */
  gboolean              links_valid;
  /* New weights alone redraw the links at most every LINKS_REFRESH_US while training, and at
   * most a tenth of the time (300 dashed curves took 30–40 ms a redraw in the cairo renderer
   * here, most of the lab's main thread; a link's strength is read at a glance, not frame by
   * frame); the last weights are always drawn, by links_timeout. */
  gboolean              links_weights_changed;
  gint64                links_drawn_at, links_cost;
  guint                 links_timeout;
  guint                 links_redraws;
  double                layer_width, layer_height, layer_scale;

  /* the size last laid out, which the geometry answers for */
  double                width, height;

  /* pointer */
  gboolean              hovering;
  guint                 hover_layer, hover_unit;
  gboolean              pressing;
  guint                 press_layer, press_unit;

  /* keyboard: the unit Return activates, ringed while the view shows its focus */
  guint                 cursor_layer, cursor_unit;

  AdjNeuronHeat         heat;          /* the units' colours */
};

G_DEFINE_FINAL_TYPE (AdjNeuronView, adj_neuron_view, ADJ_TYPE_LAB_VIEW)

/* :dark and :font-scale are AdjLabView's. */
static inline gboolean
is_dark (AdjNeuronView *self)
{
  return adj_lab_view_get_dark (ADJ_LAB_VIEW (self));
}

static inline double
font_scale (AdjNeuronView *self)
{
  return adj_lab_view_get_font_scale (ADJ_LAB_VIEW (self));
}

enum {
  SIGNAL_UNIT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- colours -------------------------------------------------------------------------- */

/* ---- helpers -------------------------------------------------------------------------- */

static gboolean
has_unit (AdjNeuronView *self, guint layer, guint unit)
{
  return layer < self->n_layers && unit < self->widths[layer];
}

static Unit *
get_unit (AdjNeuronView *self, guint layer, guint unit)
{
  return &self->units[self->first[layer] + unit];
}

static guint
n_units (AdjNeuronView *self)
{
  return self->n_layers > 0 ? self->first[self->n_layers - 1] +
                              self->widths[self->n_layers - 1] : 0;
}

/* x1 and x2 over the plane, from -1 on the left (bottom) to 1 on the right (top). */
static void
show_inputs (AdjNeuronView *self)
{
  double v[2][INPUT_RES * INPUT_RES];

  if (self->n_layers == 0 || self->widths[0] != 2)
    return;
  for (guint r = 0; r < INPUT_RES; r++)
    for (guint c = 0; c < INPUT_RES; c++)
      {
        v[0][r * INPUT_RES + c] = -1 + (c + 0.5) * 2 / INPUT_RES;
        v[1][r * INPUT_RES + c] = 1 - (r + 0.5) * 2 / INPUT_RES;
      }
  for (guint u = 0; u < 2; u++)
    adj_neuron_unit_set (get_unit (self, 0, u), &self->heat, is_dark (self), INPUT_RES, v[u], -1, 1);
}

/* "x₁", "h1[3]", "out" or "out[2]". */
static void
unit_name (AdjNeuronView *self, guint layer, guint unit, char *buf, gsize size)
{
  if (layer == 0 && self->widths[0] == 2)
    g_snprintf (buf, size, "%s", unit == 0 ? "x₁" : "x₂");
  else if (layer == 0)
    g_snprintf (buf, size, "x[%u]", unit);
  else if (layer + 1 == self->n_layers && self->widths[layer] == 1)
    g_snprintf (buf, size, "out");
  else if (layer + 1 == self->n_layers)
    g_snprintf (buf, size, "out[%u]", unit);
  else
    g_snprintf (buf, size, "h%u[%u]", layer, unit);
}

/* Label @i of this draw, showing @text, at CAPTION_PT × :font-scale. */
static PangoLayout *
label_layout (AdjNeuronView *self, guint i, const char *text)
{
  return adj_lab_view_label (ADJ_LAB_VIEW (self), i, text, CAPTION_PT);
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* What the links are drawn from now. */
static AdjNeuronLinks
links_now (AdjNeuronView *self, const AdjNeuronLayout *lo, double width_scale)
{
  AdjNeuronLinks k = {
    .n_layers = self->n_layers,
    .codes = self->links,
    .hovering = self->hovering,
    .hover_layer = self->hover_layer,
    .hover_unit = self->hover_unit,
    .dark = is_dark (self),
    .layout = *lo,
    .width_scale = width_scale,
  };

  memcpy (k.widths, self->widths, sizeof k.widths);
  memcpy (k.first_link, self->first_link, sizeof k.first_link);
  return k;
}

static void
draw_links (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo, double width_scale)
{
  AdjNeuronLinks k = links_now (self, lo, width_scale);

  adj_neuron_links_draw (&k, cr);
}

/* The links from a layer cached at @scale device pixels per unit, redrawn only when stale. */
static gboolean
links_timeout_cb (gpointer data)
{
  AdjNeuronView *self = data;

  self->links_timeout = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* Time a frame gives the links being drawn (LINKS_STEP_US): a frame of the lab is 16.7 ms. */
#define LINKS_STEP_US 1500

static void
stop_links_drawing (AdjNeuronView *self)
{
  g_clear_pointer (&self->links_drawing, adj_neuron_links_drawing_free);
  g_clear_pointer (&self->links_back, cairo_surface_destroy);
  if (self->links_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->links_tick);
  self->links_tick = 0;
}

/* A frame for each step of a drawing, whether or not anything else asks for one. */
static gboolean
links_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* The next links of the drawing in progress into the back layer, and the back layer in place
 * of the links layer once they are all there; TRUE then. */
static gboolean
step_links_drawing (AdjNeuronView *self)
{
  const gint64 start = g_get_monotonic_time ();
  cairo_t *cr = cairo_create (self->links_back);
  const gboolean done = adj_neuron_links_drawing_step (self->links_drawing, cr, start + LINKS_STEP_US);

  cairo_destroy (cr);
  self->links_back_cost += g_get_monotonic_time () - start;
  if (!done)
    {
      if (self->links_tick == 0)
        self->links_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), links_tick_cb, NULL, NULL);
      return FALSE;
    }
  cairo_surface_destroy (self->links_layer);
  self->links_layer = g_steal_pointer (&self->links_back);
  self->links_cost = self->links_back_cost;
  self->links_redraws++;
  stop_links_drawing (self);
  g_clear_pointer (&self->backdrop, gsk_render_node_unref);
  return TRUE;
}

/* A new, clear layer of the size and scale of the links layer. */
static cairo_surface_t *
blank_layer (AdjNeuronView *self)
{
  cairo_surface_t *s = cairo_surface_create_similar_image (self->links_layer, CAIRO_FORMAT_ARGB32,
                                                           cairo_image_surface_get_width (self->links_layer),
                                                           cairo_image_surface_get_height (self->links_layer));

  cairo_surface_set_device_scale (s, self->layer_scale, self->layer_scale);
  return s;
}

/* Brings the links layer up to date; TRUE when it changed. In the widget's own frames
 * (@live), new weights alone are drawn a few links a frame (LINKS_STEP_US each) while the
 * frames show the links they have, at most every LINKS_REFRESH_US and in at most a tenth of
 * the time; the last weights are always drawn, by links_timeout. Anything else (a size, the
 * pointer, the theme, an export) redraws them here at once. */
static gboolean
update_links_layer (AdjNeuronView *self, const AdjNeuronLayout *lo, double width, double height,
                    double width_scale, double scale, gboolean live)
{
  const gboolean same_size = self->links_layer != NULL && self->layer_width == width &&
                             self->layer_height == height && self->layer_scale == scale;
  const gint64 now = g_get_monotonic_time ();
  const gint64 interval = MAX (LINKS_REFRESH_US, 10 * self->links_cost);
  cairo_t *lcr;

  if (live && same_size && self->links_valid &&
      (self->links_weights_changed || self->links_drawing != NULL))
    {
      if (self->links_drawing == NULL)
        {
          AdjNeuronLinks k;

          if (now - self->links_drawn_at < interval)
            {
              if (self->links_timeout == 0)
                self->links_timeout = g_timeout_add ((guint) ((interval - (now - self->links_drawn_at)) / 1000) + 1,
                                                     links_timeout_cb, self);
              return FALSE;
            }
          k = links_now (self, lo, width_scale);
          self->links_drawing = adj_neuron_links_drawing_new (&k);
          self->links_back = blank_layer (self);
          self->links_back_cost = 0;
          self->links_weights_changed = FALSE;
          self->links_drawn_at = now;
        }
      return step_links_drawing (self);
    }
  if (same_size && self->links_valid && !self->links_weights_changed && self->links_drawing == NULL)
    return FALSE;

  stop_links_drawing (self);
  if (!same_size)
    {
      g_clear_pointer (&self->links_layer, cairo_surface_destroy);
      self->links_layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                      (int) ceil (width * scale),
                                                      (int) ceil (height * scale));
      cairo_surface_set_device_scale (self->links_layer, scale, scale);
    }
  else
    {
      /* The layer may still be in the last frame's nodes: a new one, not it cleared. */
      cairo_surface_t *fresh = blank_layer (self);

      cairo_surface_destroy (self->links_layer);
      self->links_layer = fresh;
    }
  lcr = cairo_create (self->links_layer);
  draw_links (self, lcr, lo, width_scale);
  cairo_destroy (lcr);
  self->links_valid = TRUE;
  self->links_weights_changed = FALSE;
  self->links_drawn_at = now;
  self->links_cost = g_get_monotonic_time () - now;
  self->links_redraws++;
  self->layer_width = width;
  self->layer_height = height;
  self->layer_scale = scale;
  g_clear_pointer (&self->backdrop, gsk_render_node_unref);
  return TRUE;
}

static void
draw_links_cached (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo, double width,
                   double height, double width_scale, double scale, gboolean live)
{
  update_links_layer (self, lo, width, height, width_scale, scale, live);
  cairo_set_source_surface (cr, self->links_layer, 0, 0);
  cairo_paint (cr);
}

/* The cursor's unit as a screen reader should say it: "h1[3], unit 4 of 8 in hidden layer 1"
 * (plain x1, x2: a subscript may be read out as a symbol name or not at all). */
static char *
dup_cursor_text (AdjNeuronView *self)
{
  guint l = self->cursor_layer, u = self->cursor_unit, w;
  char name[32];

  if (!has_unit (self, l, u))
    return NULL;
  w = self->widths[l];
  if (l == 0 && w == 2)
    g_snprintf (name, sizeof name, "x%u", u + 1);
  else
    unit_name (self, l, u, name, sizeof name);
  if (l == 0)
    return g_strdup_printf ("%s, unit %u of %u in the input layer", name, u + 1, w);
  if (l + 1 == self->n_layers)
    return g_strdup_printf ("%s, unit %u of %u in the output layer", name, u + 1, w);
  return g_strdup_printf ("%s, unit %u of %u in hidden layer %u", name, u + 1, w, l);
}

/* The summary, then the unit the keyboard is on, which a screen reader speaks as it moves. */
static void
update_accessible (AdjNeuronView *self)
{
  g_autofree char *summary = adj_neuron_view_dup_summary (self);
  g_autofree char *cursor = dup_cursor_text (self);
  g_autofree char *label = cursor ? g_strdup_printf ("%s. At %s", summary, cursor)
                                  : g_strdup (summary);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
set_cursor (AdjNeuronView *self, guint layer, guint unit)
{
  if (self->cursor_layer == layer && self->cursor_unit == unit)
    return;
  self->cursor_layer = layer;
  self->cursor_unit = unit;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_hover (AdjNeuronView *self, gboolean hovering, guint layer, guint unit)
{
  if (self->hovering == hovering &&
      (!hovering || (self->hover_layer == layer && self->hover_unit == unit)))
    return;
  self->hovering = hovering;
  self->hover_layer = layer;
  self->hover_unit = unit;
  self->links_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Unit @unit of column @layer's name ("h1[3]") in a bubble: above the unit, where it hides
 * neither the unit nor the starts of its links; below it when there is no room above. Uses
 * label @label of this draw. */
static void
draw_name (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo, guint layer, guint unit,
           guint label, double width, double height)
{
  AdjRgb fg = adj_view_palette (is_dark (self))->text;
  double bx, by, bw, bh, m = 4 * font_scale (self);
  graphene_rect_t rect;
  PangoLayout *layout;
  char name[32];
  int tw, th;

  adj_neuron_layout_unit_rect (lo, layer, unit, &rect);
  unit_name (self, layer, unit, name, sizeof name);
  layout = label_layout (self, label, name);
  pango_layout_get_pixel_size (layout, &tw, &th);
  bw = tw + 2 * m;
  bh = th + m;
  bx = round (CLAMP (rect.origin.x + rect.size.width / 2 - bw / 2, 0, MAX (width - bw, 0)));
  by = rect.origin.y - 4 - bh;
  if (by < 0)
    by = rect.origin.y + rect.size.height + 4;
  by = round (CLAMP (by, 0, MAX (height - bh, 0)));
  adj_rounded_rect (cr, bx, by, bw, bh, 4);
  adj_rgb_set_source (cr, adj_view_palette (is_dark (self))->bubble, 0.95);
  cairo_fill_preserve (cr);
  adj_rgb_set_source (cr, fg, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  adj_rgb_set_source (cr, fg, 1);
  cairo_move_to (cr, bx + m, by + m / 2);
  pango_cairo_show_layout (cr, layout);
}

/* Unit @u of column @l, in a rounded square with a thin frame. */
static void
draw_unit (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo, guint l, guint u)
{
  graphene_rect_t rect;

  adj_neuron_layout_unit_rect (lo, l, u, &rect);
  adj_neuron_unit_draw (get_unit (self, l, u), cr, &rect, is_dark (self));
}

static void
draw_units (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo)
{
  for (guint l = 0; l < self->n_layers; l++)
    for (guint u = 0; u < self->widths[l]; u++)
      draw_unit (self, cr, lo, l, u);
}

/* The columns' captions, centred on their columns but inside the picture: the full one where
 * it clears its neighbours, else a short one, else none. Returns the labels used. */
static guint
draw_captions (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo, double width)
{
  AdjRgb fg = adj_view_palette (is_dark (self))->text;
  double sc = font_scale (self), caption_end = 0;
  guint n_labels = 0;

  for (guint l = 0, n_texts = 0; l < self->n_layers; l++)
    {
      double left_room = l > 0 ? adj_neuron_layout_block_centre (lo, l) - adj_neuron_layout_block_centre (lo, l - 1) : G_MAXDOUBLE;
      double right_room = l + 1 < self->n_layers ?
                          adj_neuron_layout_block_centre (lo, l + 1) - adj_neuron_layout_block_centre (lo, l) : G_MAXDOUBLE;
      double room = MIN (left_room, right_room) - CAPTION_GAP * sc;
      char texts[2][32];
      PangoLayout *layout = NULL;
      double x = 0, w = 0;

      if (l == 0)
        {
          g_strlcpy (texts[0], "input", sizeof texts[0]);
          g_strlcpy (texts[1], "in", sizeof texts[1]);
        }
      else if (l + 1 == self->n_layers)
        {
          g_strlcpy (texts[0], "output", sizeof texts[0]);
          g_strlcpy (texts[1], "out", sizeof texts[1]);
        }
      else
        {
          g_snprintf (texts[0], sizeof texts[0], "h%u (%u)", l, self->widths[l]);
          g_snprintf (texts[1], sizeof texts[1], "h%u", l);
        }
      /* Each caption within the room its narrower neighbour gap allows, and clear of the last
       * one drawn (pulling a caption inside the picture's edge moves it towards the next). */
      for (guint t = 0; t < 2 && layout == NULL; t++)
        {
          layout = label_layout (self, n_labels, texts[t]);
          w = layout_width (layout);
          x = CLAMP (adj_neuron_layout_block_centre (lo, l) - w / 2, 0, MAX (width - w, 0));
          if (w > room || x < caption_end + (n_texts > 0 ? CAPTION_GAP * sc : 0))
            layout = NULL;
        }
      if (layout == NULL)
        continue;
      n_labels++;
      n_texts++;
      caption_end = x + w;
      adj_rgb_set_source (cr, fg, 0.8);
      cairo_move_to (cr, round (x), round (lo->pad));
      pango_cairo_show_layout (cr, layout);
    }
  return n_labels;
}

/* The keyboard's unit (with @focused) and the one pointed at, each named in a bubble; the
 * names take labels from @n_labels on. */
static void
draw_marks (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo, double width,
            double height, gboolean focused, guint n_labels)
{
  AdjRgb fg = adj_view_palette (is_dark (self))->text;

  /* The keyboard's unit, while the view shows its focus: a ring in the focus colour just
   * outside the unit's frame, on a halo of the background that keeps the links (blue too)
   * from running into it. */
  if (focused && has_unit (self, self->cursor_layer, self->cursor_unit))
    {
      graphene_rect_t rect;
      double g = 3;

      adj_neuron_layout_unit_rect (lo, self->cursor_layer, self->cursor_unit, &rect);
      adj_rounded_rect (cr, rect.origin.x - g, rect.origin.y - g, rect.size.width + 2 * g,
                        rect.size.height + 2 * g, MAX (rect.size.width * 0.16, 1.0) + g);
      adj_rgb_set_source (cr, adj_view_palette (is_dark (self))->bubble, 1);
      cairo_set_line_width (cr, 5);
      cairo_stroke_preserve (cr);
      adj_rgb_set_source (cr, adj_view_palette (is_dark (self))->focus, 1);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }

  /* The unit pointed at: a bold frame, and its name in a bubble beside it. */
  if (self->hovering && has_unit (self, self->hover_layer, self->hover_unit))
    {
      graphene_rect_t rect;

      adj_neuron_layout_unit_rect (lo, self->hover_layer, self->hover_unit, &rect);
      adj_rounded_rect (cr, rect.origin.x - 1, rect.origin.y - 1, rect.size.width + 2,
                        rect.size.height + 2, MAX (rect.size.width * 0.16, 1.0) + 1);
      adj_rgb_set_source (cr, fg, 1);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
      draw_name (self, cr, lo, self->hover_layer, self->hover_unit, n_labels, width, height);
    }
  /* Else the keyboard's unit is named the same way. */
  else if (focused && has_unit (self, self->cursor_layer, self->cursor_unit))
    draw_name (self, cr, lo, self->cursor_layer, self->cursor_unit, n_labels, width, height);
}

/* Draws the picture; with @cache_scale > 0 the links come from a layer drawn at that many
 * device pixels per unit, else they are drawn one by one (into a PDF or SVG, say). With
 * @focused, the keyboard's unit is ringed and named. @live: the widget's own frame, where new
 * weights alone may wait for the next refresh of the links (an export never waits). */
/* The geometry of a picture of @width × @height, and the links' width scale; FALSE when there
 * is nothing to draw. */
static gboolean
lay_out (AdjNeuronView *self, double width, double height, AdjNeuronLayout *lo,
         double *width_scale)
{
  double smallest = G_MAXDOUBLE;

  self->width = width;
  self->height = height;
  if (self->n_layers == 0 || width <= 0 || height <= 0)
    return FALSE;
  adj_neuron_layout_compute (lo, self->n_layers, self->widths, font_scale (self), width, height);
  for (guint l = 0; l < self->n_layers; l++)
    smallest = MIN (smallest, lo->side[l]);
  /* Thin links where units are small and many. */
  *width_scale = CLAMP (smallest / 24, 0.35, 1.0);
  return TRUE;
}

static void
draw_full (AdjNeuronView *self, cairo_t *cr, double width, double height, double cache_scale,
           gboolean focused, gboolean live)
{
  double width_scale;
  guint n_labels;
  AdjNeuronLayout lo;

  if (!lay_out (self, width, height, &lo, &width_scale))
    return;

  cairo_save (cr);

  /* Links, under the units. */
  if (cache_scale > 0)
    draw_links_cached (self, cr, &lo, width, height, width_scale, cache_scale, live);
  else
    draw_links (self, cr, &lo, width_scale);

  draw_units (self, cr, &lo);
  n_labels = draw_captions (self, cr, &lo, width);
  draw_marks (self, cr, &lo, width, height, focused, n_labels);
  cairo_restore (cr);
}

/* ---- callbacks ------------------------------------------------------------------------ */

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, AdjNeuronView *self)
{
  guint layer = 0, unit = 0;
  gboolean on = adj_neuron_view_unit_at (self, x, y, &layer, &unit);

  set_hover (self, on, layer, unit);
}

static void
leave_cb (GtkEventControllerMotion *controller, AdjNeuronView *self)
{
  set_hover (self, FALSE, 0, 0);
}

static void
pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, AdjNeuronView *self)
{
  self->pressing = adj_neuron_view_unit_at (self, x, y, &self->press_layer, &self->press_unit);
  if (!self->pressing)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (gtk_widget_get_focus_on_click (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* A click is a press and a release on the same unit. */
static void
released_cb (GtkGestureClick *gesture, int n_press, double x, double y, AdjNeuronView *self)
{
  guint layer, unit;

  if (self->pressing && adj_neuron_view_unit_at (self, x, y, &layer, &unit) &&
      layer == self->press_layer && unit == self->press_unit)
    {
      self->pressing = FALSE;
      set_cursor (self, layer, unit);   /* the keyboard goes on from the unit clicked */
      g_signal_emit (self, signals[SIGNAL_UNIT_ACTIVATED], 0, layer, unit);
    }
  self->pressing = FALSE;
}

static void
cancel_cb (GtkGesture *gesture, GdkEventSequence *sequence, AdjNeuronView *self)
{
  self->pressing = FALSE;
}

/* Up and Down move the cursor within its column, Left and Right to the unit at the same
 * height (in proportion) of the next column, all stopping at the ends; Return and space
 * activate it. Handled keys stop there (at an end too: the window would otherwise step its
 * player or move the focus); the rest go on. */
static gboolean
handle_key (GtkWidget *widget, guint keyval, GdkModifierType state)
{
  AdjNeuronView *self = ADJ_NEURON_VIEW (widget);
  guint l = self->cursor_layer, u = self->cursor_unit;

  if (self->n_layers == 0 || adj_key_has_command_modifier (state))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      set_cursor (self, l, u > 0 ? u - 1 : 0);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      set_cursor (self, l, MIN (u + 1, self->widths[l] - 1));
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      {
        gboolean left = keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left;
        guint to = left ? (l > 0 ? l - 1 : 0) : MIN (l + 1, self->n_layers - 1);

        /* The unit whose share of its column holds the middle of this unit's share. */
        if (to != l)
          set_cursor (self, to, MIN ((guint) floor ((u + 0.5) * self->widths[to] / self->widths[l]),
                                     self->widths[to] - 1));
        return TRUE;
      }
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      g_signal_emit (self, signals[SIGNAL_UNIT_ACTIVATED], 0, l, u);
      return TRUE;
    default:
      return FALSE;
    }
}

/* ---- vfuncs --------------------------------------------------------------------------- */

static void
adj_neuron_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                         int *minimum, int *natural, int *minimum_baseline,
                         int *natural_baseline)
{
  AdjNeuronView *self = ADJ_NEURON_VIEW (widget);
  gboolean horizontal = orientation == GTK_ORIENTATION_HORIZONTAL;

  *minimum = horizontal ? 200 : 140;
  *natural = (int) ceil ((horizontal ? 420 : 300) * MAX (font_scale (self), 1.0));
}

static void
adj_neuron_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  AdjNeuronView *self = ADJ_NEURON_VIEW (widget);

  self->width = width;
  self->height = height;
}

/* The links and the captions as one node, made again only when the links layer is redrawn
 * (which a new size, scale, theme or font scale also causes). */
static GskRenderNode *
backdrop (AdjNeuronView *self, const AdjNeuronLayout *lo, int width, int height)
{
  if (self->backdrop == NULL)
    {
      cairo_t *cr;

      self->backdrop = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, width, height));
      cr = gsk_cairo_node_get_draw_context (self->backdrop);
      cairo_set_source_surface (cr, self->links_layer, 0, 0);
      cairo_paint (cr);
      self->backdrop_labels = draw_captions (self, cr, lo, width);
      cairo_destroy (cr);
    }
  return self->backdrop;
}

/* The picture in layers, so a frame repaints only what changed: GTK compares each frame's
 * nodes with the last's and redraws only where they differ. The links and captions are one
 * node, the same object until the links are redrawn (at most 8 times a second while
 * training); the units, whose pictures change every step, are a small node each. Drawn whole,
 * the view was most of the lab's frame in the cairo renderer (R5: 56 fps with it, 60 without). */
static void
adj_neuron_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AdjNeuronView *self = ADJ_NEURON_VIEW (widget);
  const int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  const gboolean focused = gtk_widget_has_visible_focus (widget);
  const int scale = gtk_widget_get_scale_factor (widget);
  double width_scale;
  AdjNeuronLayout lo;
  cairo_t *cr;

  if (!lay_out (self, width, height, &lo, &width_scale))
    return;
  /* GSK plays the layer back at the window's scale, which it is drawn at to stay sharp. */
  update_links_layer (self, &lo, width, height, width_scale, scale, TRUE);
  gtk_snapshot_append_node (snapshot, backdrop (self, &lo, width, height));
  for (guint l = 0; l < self->n_layers; l++)
    for (guint u = 0; u < self->widths[l]; u++)
      {
        graphene_rect_t rect, bounds;
        g_autoptr (GdkTexture) texture = NULL;

        adj_neuron_layout_unit_rect (&lo, l, u, &rect);
        bounds = adj_neuron_unit_bounds (&rect);
        texture = adj_neuron_unit_texture (get_unit (self, l, u), &rect, &bounds, scale, is_dark (self));
        gtk_snapshot_append_texture (snapshot, texture, &bounds);
      }
  if (self->hovering || (focused && has_unit (self, self->cursor_layer, self->cursor_unit)))
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      draw_marks (self, cr, &lo, width, height, focused, self->backdrop_labels);
      cairo_destroy (cr);
    }
}

static void
adj_neuron_view_state_flags_changed (GtkWidget *widget, GtkStateFlags previous)
{
  GTK_WIDGET_CLASS (adj_neuron_view_parent_class)->state_flags_changed (widget, previous);
  adj_key_focus_state_changed (widget, previous);
}

static void
free_shape (AdjNeuronView *self)
{
  guint n = n_units (self);

  for (guint i = 0; i < n; i++)
    adj_neuron_unit_clear (&self->units[i]);
  g_clear_pointer (&self->units, g_free);
  g_clear_pointer (&self->links, g_free);
  g_clear_pointer (&self->links_layer, cairo_surface_destroy);
  g_clear_pointer (&self->backdrop, gsk_render_node_unref);
  stop_links_drawing (self);
  self->links_valid = FALSE;
  self->n_layers = 0;
}

static void
adj_neuron_view_dispose (GObject *object)
{
  AdjNeuronView *self = ADJ_NEURON_VIEW (object);

  stop_links_drawing (self);
  g_clear_handle_id (&self->links_timeout, g_source_remove);
  G_OBJECT_CLASS (adj_neuron_view_parent_class)->dispose (object);
}

/* Hidden (another page, another tab), the view gets no frames to finish a drawing in, and its
 * tick would run on: the drawing stops, and the weights it was for are drawn when it shows. */
static void
adj_neuron_view_unmap (GtkWidget *widget)
{
  AdjNeuronView *self = ADJ_NEURON_VIEW (widget);

  if (self->links_drawing != NULL)
    {
      stop_links_drawing (self);
      self->links_weights_changed = TRUE;
    }
  GTK_WIDGET_CLASS (adj_neuron_view_parent_class)->unmap (widget);
}

/* A new root or a system font brings new label layouts (AdjLabView): the captions kept in the
 * backdrop are recorded again. */
static void
adj_neuron_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (adj_neuron_view_parent_class)->root (widget);
  g_clear_pointer (&ADJ_NEURON_VIEW (widget)->backdrop, gsk_render_node_unref);
}

static void
adj_neuron_view_system_setting_changed (GtkWidget *widget, GtkSystemSetting setting)
{
  GTK_WIDGET_CLASS (adj_neuron_view_parent_class)->system_setting_changed (widget, setting);
  g_clear_pointer (&ADJ_NEURON_VIEW (widget)->backdrop, gsk_render_node_unref);
}

static void
adj_neuron_view_finalize (GObject *object)
{
  AdjNeuronView *self = ADJ_NEURON_VIEW (object);

  free_shape (self);
  g_clear_handle_id (&self->links_timeout, g_source_remove);
  G_OBJECT_CLASS (adj_neuron_view_parent_class)->finalize (object);
}

static void
adj_neuron_view_dark_changed (AdjLabView *view)
{
  AdjNeuronView *self = ADJ_NEURON_VIEW (view);
  guint n = n_units (self);

  self->links_valid = FALSE;
  for (guint i = 0; i < n; i++)
    adj_neuron_unit_paint (&self->units[i], &self->heat, is_dark (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
adj_neuron_view_font_scale_changed (AdjLabView *view)
{
  ADJ_NEURON_VIEW (view)->links_valid = FALSE;
}

static void
adj_neuron_view_class_init (AdjNeuronViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdjLabViewClass *lab_class = ADJ_LAB_VIEW_CLASS (klass);

  object_class->dispose = adj_neuron_view_dispose;
  object_class->finalize = adj_neuron_view_finalize;
  lab_class->dark_changed = adj_neuron_view_dark_changed;
  lab_class->font_scale_changed = adj_neuron_view_font_scale_changed;

  widget_class->measure = adj_neuron_view_measure;
  widget_class->size_allocate = adj_neuron_view_size_allocate;
  widget_class->snapshot = adj_neuron_view_snapshot;
  widget_class->unmap = adj_neuron_view_unmap;
  widget_class->root = adj_neuron_view_root;
  widget_class->system_setting_changed = adj_neuron_view_system_setting_changed;
  widget_class->state_flags_changed = adj_neuron_view_state_flags_changed;

  /**
   * AdjNeuronView::unit-activated:
   * @layer: the unit's column, 0 for the inputs
   * @unit: the unit's index in its column, from the top
   *
   * A unit was clicked, or Return or space pressed on the keyboard's unit.
   */
  signals[SIGNAL_UNIT_ACTIVATED] =
    g_signal_new ("unit-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "neuronview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
adj_neuron_view_init (AdjNeuronView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->heat.dark = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  g_signal_connect (click, "cancel", G_CALLBACK (cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  adj_key_focus_add (GTK_WIDGET (self), handle_key);

  update_accessible (self);
}

/* ---- public API ----------------------------------------------------------------------- */

GtkWidget *
adj_neuron_view_new (void)
{
  return g_object_new (ADJ_TYPE_NEURON_VIEW, NULL);
}

void
adj_neuron_view_set_shape (AdjNeuronView *self, guint n_layers, const guint *widths)
{
  guint total = 0;

  g_return_if_fail (ADJ_IS_NEURON_VIEW (self));
  g_return_if_fail (n_layers >= 2 && n_layers <= ADJ_NEURON_VIEW_MAX_LAYERS);
  g_return_if_fail (widths != NULL);
  for (guint l = 0; l < n_layers; l++)
    g_return_if_fail (widths[l] >= 1 && widths[l] <= ADJ_NEURON_VIEW_MAX_WIDTH);

  free_shape (self);
  self->n_layers = n_layers;
  for (guint l = 0; l < n_layers; l++)
    {
      self->widths[l] = widths[l];
      self->first[l] = total;
      total += widths[l];
    }
  self->units = g_new0 (Unit, total);
  total = 0;
  for (guint l = 0; l < n_layers; l++)
    {
      self->first_link[l] = total;
      total += l + 1 < n_layers ? widths[l] * widths[l + 1] : 0;
    }
  self->links = g_malloc (MAX (total, 1));
  memset (self->links, NO_LINK, MAX (total, 1));
  self->hovering = FALSE;
  self->pressing = FALSE;
  /* The cursor stays where it was when the new shape has that unit, else at the nearest. */
  self->cursor_layer = MIN (self->cursor_layer, n_layers - 1);
  self->cursor_unit = MIN (self->cursor_unit, widths[self->cursor_layer] - 1);
  show_inputs (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
adj_neuron_view_get_n_layers (AdjNeuronView *self)
{
  g_return_val_if_fail (ADJ_IS_NEURON_VIEW (self), 0);
  return self->n_layers;
}

guint
adj_neuron_view_get_width (AdjNeuronView *self, guint layer)
{
  g_return_val_if_fail (ADJ_IS_NEURON_VIEW (self), 0);
  return layer < self->n_layers ? self->widths[layer] : 0;
}

void
adj_neuron_view_set_unit_grid (AdjNeuronView *self, guint layer, guint unit, guint res,
                               const double *values, double lo, double hi)
{
  g_return_if_fail (ADJ_IS_NEURON_VIEW (self));
  g_return_if_fail (has_unit (self, layer, unit));
  g_return_if_fail (res >= 1 && res <= 1024);
  g_return_if_fail (values != NULL);
  g_return_if_fail (lo < hi);

  adj_neuron_unit_set (get_unit (self, layer, unit), &self->heat, is_dark (self), res, values, lo, hi);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
adj_neuron_view_set_weights (AdjNeuronView *self, guint layer, const double *w)
{
  guint n;

  g_return_if_fail (ADJ_IS_NEURON_VIEW (self));
  g_return_if_fail (layer + 1 < self->n_layers);
  g_return_if_fail (w != NULL);

  n = self->widths[layer] * self->widths[layer + 1];
  for (guint k = 0; k < n; k++)
    {
      guint8 code = adj_neuron_link_code (w[k]);

      if (self->links[self->first_link[layer] + k] != code)
        {
          self->links[self->first_link[layer] + k] = code;
          self->links_weights_changed = TRUE;
        }
    }
  /* The units' pictures change with the weights: a redraw either way. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

char *
adj_neuron_view_dup_summary (AdjNeuronView *self)
{
  GString *out;
  guint hidden = 0;

  g_return_val_if_fail (ADJ_IS_NEURON_VIEW (self), NULL);

  if (self->n_layers == 0)
    return g_strdup ("Network: no layers");
  out = g_string_new ("Network ");
  for (guint l = 0; l < self->n_layers; l++)
    {
      g_string_append_printf (out, "%s%u", l > 0 ? "-" : "", self->widths[l]);
      if (l > 0 && l + 1 < self->n_layers)
        hidden += self->widths[l];
    }
  if (hidden == 0)
    g_string_append (out, ": no hidden units");
  else
    g_string_append_printf (out, ": %u hidden unit%s", hidden, hidden == 1 ? "" : "s");
  return g_string_free (out, FALSE);
}

void
adj_neuron_view_draw (AdjNeuronView *self, cairo_t *cr, double width, double height)
{
  g_return_if_fail (ADJ_IS_NEURON_VIEW (self));
  g_return_if_fail (cr != NULL);

  draw_full (self, cr, width, height, adj_lab_view_cache_scale (cr), FALSE, FALSE);
}

gboolean
adj_neuron_view_get_unit_bounds (AdjNeuronView *self, guint layer, guint unit,
                                 graphene_rect_t *bounds)
{
  AdjNeuronLayout lo;

  g_return_val_if_fail (ADJ_IS_NEURON_VIEW (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  if (!has_unit (self, layer, unit))
    return FALSE;
  adj_neuron_layout_compute (&lo, self->n_layers, self->widths, font_scale (self), self->width,
                             self->height);
  adj_neuron_layout_unit_rect (&lo, layer, unit, bounds);
  return TRUE;
}

gboolean
adj_neuron_view_unit_at (AdjNeuronView *self, double x, double y, guint *layer, guint *unit)
{
  guint l, u;
  AdjNeuronLayout lo;

  g_return_val_if_fail (ADJ_IS_NEURON_VIEW (self), FALSE);

  if (self->n_layers == 0 || !isfinite (x) || !isfinite (y))
    return FALSE;
  adj_neuron_layout_compute (&lo, self->n_layers, self->widths, font_scale (self), self->width,
                             self->height);
  if (!adj_neuron_layout_hit (&lo, x, y, &l, &u))
    return FALSE;
  if (layer != NULL)
    *layer = l;
  if (unit != NULL)
    *unit = u;
  return TRUE;
}

guint
adj_neuron_view_get_links_redraws (AdjNeuronView *self)
{
  g_return_val_if_fail (ADJ_IS_NEURON_VIEW (self), 0);
  return self->links_redraws;
}
