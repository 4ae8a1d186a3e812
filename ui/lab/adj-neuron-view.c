/* adj-neuron-view.c: the training lab's network picture: units as heatmaps of their output
 * over the plane, links by weight (see adj-neuron-view.h). */
#include "ui/lab/adj-neuron-view.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include "ui/common/adj-key-focus.h"
#include "ui/draw/adj-palette.h"
#include "ui/lab/adj-neuron-layout.h"

/* Sizes at font-scale 1: text in points, the rest in pixels. */
#define CAPTION_PT   9.0
#define CAPTION_GAP  6.0     /* the least space between two captions */
#define LINK_MIN_W   0.6
#define LINK_MAX_W   4.5
#define W_SATURATE   2.0     /* |w| at which a link is at its widest and most opaque */
#define LINK_LEVELS  12      /* the strengths links are drawn at */
#define LINKS_REFRESH_US (G_USEC_PER_SEC / 8)
#define MAX_LINKS    400     /* past this many, the weakest are left out (see adj-neuron-view.h) */
#define NO_LINK      0xff    /* a link's code before its weight is known, or for a NaN */
#define HEAT         0.85    /* a unit's strongest tint */
#define INPUT_RES    16      /* the grids x1 and x2 start with */

G_STATIC_ASSERT (ADJ_NEURON_LAYOUT_MAX_LAYERS >= ADJ_NEURON_VIEW_MAX_LAYERS);

typedef struct {
  /* owned */
  cairo_surface_t *heat;     /* res × res RGB24; NULL until the first grid */
  double          *values;   /* res², for recolouring when :dark changes */

  guint            res;
  double           lo, hi;
} Unit;

struct _AdjNeuronView
{
  AdjLabView parent_instance;

  /* owned */
  Unit                 *units;        /* every column's units, column by column */
  guint8               *links;        /* every link's code (link_code()), column by column */
  cairo_surface_t      *links_layer;  /* the links, drawn when a code changes, else reused */

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

  /* The heat colours of t = -1 … 1 in HEAT_STEPS steps each way, for the dark flag they were
   * made for (the lab repaints 35 unit images of 48² pixels every frame). */
  guint32               heat_lut[2 * 256 + 1];
  int                   heat_lut_dark;    /* -1: not made yet */
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

/* Okabe & Ito's orange and blue, as the decision boundary uses them; on a dark background the
 * blue of links is their lighter sky blue, which the dark blue would sink into. */
static const AdjRgb orange = ADJ_RGB_HEX (ADJ_OKABE_ITO_ORANGE);
static const AdjRgb blue = ADJ_RGB_HEX (ADJ_OKABE_ITO_BLUE);
static const AdjRgb sky_blue = ADJ_RGB_HEX (ADJ_OKABE_ITO_SKY_BLUE);

/* Where @v lies in @lo..@hi as -1..1: the neutral 0 at v = 0 when the range spans 0, else
 * at its middle. NaN stays NaN. */
static double
unit_position (double v, double lo, double hi)
{
  if (lo < 0 && hi > 0)
    return v < 0 ? -v / lo : v / hi;
  return (v - (lo + hi) / 2) / ((hi - lo) / 2);
}

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

static void
unit_clear (Unit *u)
{
  g_clear_pointer (&u->heat, cairo_surface_destroy);
  g_clear_pointer (&u->values, g_free);
  u->res = 0;
}

#define HEAT_STEPS 256

static void
ensure_heat_lut (AdjNeuronView *self)
{
  const AdjRgb neutral = adj_view_palette (is_dark (self))->neutral;

  if (self->heat_lut_dark == (int) is_dark (self))
    return;
  for (int i = -HEAT_STEPS; i <= HEAT_STEPS; i++)
    {
      const double t = (double) i / HEAT_STEPS;
      self->heat_lut[i + HEAT_STEPS] = adj_rgb_pack (adj_rgb_mix (neutral, t < 0 ? orange : blue, fabs (t) * HEAT));
    }
  self->heat_lut_dark = is_dark (self);
}

/* Colours the unit's values into its image, through the colour table (512 shades: finer than
 * the eye tells apart on a tint). Allocates nothing. */
static void
paint_unit (AdjNeuronView *self, Unit *u)
{
  const guint32 neutral = adj_rgb_pack (adj_view_palette (is_dark (self))->neutral);
  guchar *data;
  int stride;

  if (u->heat == NULL)
    return;
  ensure_heat_lut (self);
  /* Before writing into the pixels: a recording that still holds the last frame's image gets
   * its own copy now. */
  cairo_surface_flush (u->heat);
  data = cairo_image_surface_get_data (u->heat);
  stride = cairo_image_surface_get_stride (u->heat);
  for (guint r = 0; r < u->res; r++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) r * stride);

      for (guint c = 0; c < u->res; c++)
        {
          const double t = unit_position (u->values[r * u->res + c], u->lo, u->hi);

          if (isnan (t))
            row[c] = neutral;
          else
            row[c] = self->heat_lut[(int) ((CLAMP (t, -1.0, 1.0) + 1.0) * HEAT_STEPS + 0.5)];
        }
    }
  cairo_surface_mark_dirty (u->heat);
}

/* Copies @values into unit @u, making room the first time it sees @res. */
static void
unit_set (AdjNeuronView *self, Unit *u, guint res, const double *values, double lo, double hi)
{
  if (u->res != res)
    {
      unit_clear (u);
      u->values = g_new (double, (gsize) res * res);
      u->heat = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) res, (int) res);
      u->res = res;
    }
  memcpy (u->values, values, sizeof (double) * res * res);
  u->lo = lo;
  u->hi = hi;
  paint_unit (self, u);
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
    unit_set (self, get_unit (self, 0, u), INPUT_RES, v[u], -1, 1);
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

/* A link as drawn: its strength 0..1 by |@w| rounded to one of LINK_LEVELS levels, with
 * 0x80 set for a negative weight; NO_LINK for NaN. Links are redrawn only when a code
 * changes, so the small steps of training mostly reuse the last drawing. */
static guint8
link_code (double w)
{
  if (isnan (w))
    return NO_LINK;
  return (guint8) (lround (MIN (fabs (w) / W_SATURATE, 1.0) * (LINK_LEVELS - 1)) |
                   (w < 0 ? 0x80 : 0));
}

static gboolean
is_hover_link (AdjNeuronView *self, guint l, guint i, guint j)
{
  return self->hovering && ((self->hover_layer == l && self->hover_unit == i) ||
                            (self->hover_layer == l + 1 && self->hover_unit == j));
}

/* The link from unit @i of column @l to unit @j of the next: an S from the right edge of one
 * to the left edge of the other; blue and solid for a positive weight, orange and dashed for
 * a negative one, wider and more opaque the stronger. */
static void
draw_link (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo, guint l, guint i, guint j,
           guint8 code, double alpha_scale, double alpha_floor, double width_scale)
{
  double strength = (double) (code & 0x7f) / (LINK_LEVELS - 1);
  double lw = (LINK_MIN_W + (LINK_MAX_W - LINK_MIN_W) * strength) * width_scale;
  gboolean negative = (code & 0x80) != 0;
  graphene_rect_t a, b;
  double x0, y0, x1, y1, mid;

  adj_neuron_layout_unit_rect (lo, l, i, &a);
  adj_neuron_layout_unit_rect (lo, l + 1, j, &b);
  x0 = a.origin.x + a.size.width;
  y0 = a.origin.y + a.size.height / 2;
  x1 = b.origin.x;
  y1 = b.origin.y + b.size.height / 2;
  mid = (x0 + x1) / 2;
  cairo_move_to (cr, x0, y0);
  cairo_curve_to (cr, mid, y0, mid, y1, x1, y1);
  adj_rgb_set_source (cr, negative ? orange : is_dark (self) ? sky_blue : blue,
                      MAX (0.2 + 0.8 * strength, alpha_floor) * alpha_scale);
  cairo_set_line_width (cr, lw);
  if (negative)
    {
      double dashes[2] = { MAX (3.0, 2.5 * lw), MAX (2.0, 1.5 * lw) };

      cairo_set_dash (cr, dashes, 2, 0);
    }
  else
    cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
}

/* Every link, the weakest left out past MAX_LINKS; while a unit is pointed at, its own links
 * stand out over the others, which fade. */
static void
draw_links (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo, double width_scale)
{
  guint count[LINK_LEVELS] = { 0 }, cut = 0, total = 0;

  /* The lowest level that keeps the links drawn within MAX_LINKS (cairo strokes them one by
   * one; two layers of 64 would be 4096 strokes a frame and a blur). */
  for (guint k = self->first_link[0]; k < self->first_link[self->n_layers - 1]; k++)
    if (self->links[k] != NO_LINK)
      count[self->links[k] & 0x7f]++;
  for (cut = LINK_LEVELS; cut > 0 && total + count[cut - 1] <= MAX_LINKS; cut--)
    total += count[cut - 1];
  cut = MIN (cut, LINK_LEVELS - 1);

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (guint pass = 0; pass < (self->hovering ? 2 : 1); pass++)
    for (guint l = 0; l + 1 < self->n_layers; l++)
      for (guint i = 0; i < self->widths[l]; i++)
        for (guint j = 0; j < self->widths[l + 1]; j++)
          {
            guint8 code = self->links[self->first_link[l] + i * self->widths[l + 1] + j];
            gboolean mine = is_hover_link (self, l, i, j);

            if (code == NO_LINK || mine != (pass == 1) || (!mine && (code & 0x7f) < cut))
              continue;
            if (pass == 1)
              draw_link (self, cr, lo, l, i, j, code, 1.0, 0.6, MAX (width_scale, 0.6));
            else
              draw_link (self, cr, lo, l, i, j, code, self->hovering ? 0.25 : 1.0, 0,
                         width_scale);
          }
  cairo_restore (cr);
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

static void
draw_links_cached (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo, double width,
                   double height, double width_scale, double scale, gboolean live)
{
  const gboolean same_size = self->links_layer != NULL && self->layer_width == width &&
                             self->layer_height == height && self->layer_scale == scale;
  const gint64 now = g_get_monotonic_time ();

  /* Only the weights moved, and the layer is fresh: keep it, and draw the last ones soon. */
  const gint64 interval = MAX (LINKS_REFRESH_US, 10 * self->links_cost);

  if (live && same_size && self->links_valid && self->links_weights_changed &&
      now - self->links_drawn_at < interval)
    {
      if (self->links_timeout == 0)
        self->links_timeout = g_timeout_add ((guint) ((interval - (now - self->links_drawn_at)) / 1000) + 1,
                                             links_timeout_cb, self);
    }
  else if (!same_size || !self->links_valid || self->links_weights_changed)
    {
      cairo_t *lcr;

      if (!same_size)
        {
          g_clear_pointer (&self->links_layer, cairo_surface_destroy);
          self->links_layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                          (int) ceil (width * scale),
                                                          (int) ceil (height * scale));
          cairo_surface_set_device_scale (self->links_layer, scale, scale);
        }
      lcr = cairo_create (self->links_layer);
      if (same_size)   /* the same pixels again: cleared, not reallocated */
        {
          cairo_set_operator (lcr, CAIRO_OPERATOR_CLEAR);
          cairo_paint (lcr);
          cairo_set_operator (lcr, CAIRO_OPERATOR_OVER);
        }
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
    }
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

/* The units: each its heatmap in a rounded square with a thin frame. */
static void
draw_units (AdjNeuronView *self, cairo_t *cr, const AdjNeuronLayout *lo)
{
  AdjRgb fg = adj_view_palette (is_dark (self))->text;
  AdjRgb neutral = adj_view_palette (is_dark (self))->neutral;

  for (guint l = 0; l < self->n_layers; l++)
    for (guint u = 0; u < self->widths[l]; u++)
      {
        Unit *unit = get_unit (self, l, u);
        graphene_rect_t rect;
        double radius;

        adj_neuron_layout_unit_rect (lo, l, u, &rect);
        radius = MAX (rect.size.width * 0.16, 1.0);
        cairo_save (cr);
        adj_rounded_rect (cr, rect.origin.x, rect.origin.y, rect.size.width, rect.size.height,
                          radius);
        cairo_clip_preserve (cr);
        if (unit->heat != NULL)
          {
            cairo_pattern_t *pattern;

            cairo_save (cr);
            cairo_translate (cr, rect.origin.x, rect.origin.y);
            cairo_scale (cr, rect.size.width / unit->res, rect.size.height / unit->res);
            cairo_set_source_surface (cr, unit->heat, 0, 0);
            pattern = cairo_get_source (cr);
            cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
            cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
            cairo_paint (cr);
            cairo_restore (cr);
          }
        else
          {
            adj_rgb_set_source (cr, neutral, 1);
            cairo_fill_preserve (cr);
          }
        cairo_restore (cr);

        adj_rounded_rect (cr, rect.origin.x + 0.5, rect.origin.y + 0.5, rect.size.width - 1,
                          rect.size.height - 1, radius);
        adj_rgb_set_source (cr, fg, 0.4);
        cairo_set_line_width (cr, 1);
        cairo_stroke (cr);
      }
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
static void
draw_full (AdjNeuronView *self, cairo_t *cr, double width, double height, double cache_scale,
           gboolean focused, gboolean live)
{
  double smallest = G_MAXDOUBLE, width_scale;
  guint n_labels;
  AdjNeuronLayout lo;

  self->width = width;
  self->height = height;
  if (self->n_layers == 0 || width <= 0 || height <= 0)
    return;

  adj_neuron_layout_compute (&lo, self->n_layers, self->widths, font_scale (self), width, height);
  for (guint l = 0; l < self->n_layers; l++)
    smallest = MIN (smallest, lo.side[l]);
  /* Thin links where units are small and many. */
  width_scale = CLAMP (smallest / 24, 0.35, 1.0);

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

static void
adj_neuron_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* The cairo_t records; GSK plays it back at the window's scale, which is what the cached
   * links must be drawn at to stay sharp. */
  draw_full (ADJ_NEURON_VIEW (widget), cr, width, height, gtk_widget_get_scale_factor (widget),
             gtk_widget_has_visible_focus (widget), TRUE);
  cairo_destroy (cr);
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
    unit_clear (&self->units[i]);
  g_clear_pointer (&self->units, g_free);
  g_clear_pointer (&self->links, g_free);
  g_clear_pointer (&self->links_layer, cairo_surface_destroy);
  self->links_valid = FALSE;
  self->n_layers = 0;
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
    paint_unit (self, &self->units[i]);
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

  object_class->finalize = adj_neuron_view_finalize;
  lab_class->dark_changed = adj_neuron_view_dark_changed;
  lab_class->font_scale_changed = adj_neuron_view_font_scale_changed;

  widget_class->measure = adj_neuron_view_measure;
  widget_class->size_allocate = adj_neuron_view_size_allocate;
  widget_class->snapshot = adj_neuron_view_snapshot;
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

  self->heat_lut_dark = -1;
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

  unit_set (self, get_unit (self, layer, unit), res, values, lo, hi);
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
      guint8 code = link_code (w[k]);

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
