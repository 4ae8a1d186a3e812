/* adj-neuron-unit.c: one unit of the neuron view (see adj-neuron-unit.h). */
#include "ui/lab/adj-neuron-unit.h"

#include <math.h>
#include <string.h>
#include "ui/draw/adj-palette.h"

#define HEAT        0.85    /* a unit's strongest tint */
#define HEAT_STEPS  256

/* Okabe & Ito's orange and blue, the units' heat as the decision boundary's. */
static const AdjRgb orange = ADJ_RGB_HEX (ADJ_OKABE_ITO_ORANGE);
static const AdjRgb blue = ADJ_RGB_HEX (ADJ_OKABE_ITO_BLUE);

/* Where @v lies in @lo..@hi as -1..1: the neutral 0 at v = 0 when the range spans 0, else
 * at its middle. NaN stays NaN. */
static double
unit_position (double v, double lo, double hi)
{
  if (lo < 0 && hi > 0)
    return v < 0 ? -v / lo : v / hi;
  return (v - (lo + hi) / 2) / ((hi - lo) / 2);
}

void
adj_neuron_unit_clear (AdjNeuronUnit *u)
{
  g_clear_pointer (&u->heat, cairo_surface_destroy);
  g_clear_pointer (&u->picture, cairo_surface_destroy);
  g_clear_object (&u->texture);
  g_clear_pointer (&u->values, g_free);
  u->res = 0;
}

static void
ensure_heat (AdjNeuronHeat *heat, gboolean dark)
{
  const AdjRgb neutral = adj_view_palette (dark)->neutral;

  if (heat->dark == (int) dark)
    return;
  for (int i = -HEAT_STEPS; i <= HEAT_STEPS; i++)
    {
      const double t = (double) i / HEAT_STEPS;
      heat->lut[i + HEAT_STEPS] = adj_rgb_pack (adj_rgb_mix (neutral, t < 0 ? orange : blue, fabs (t) * HEAT));
    }
  heat->dark = dark;
}

/* The table's 512 shades are finer than the eye tells apart on a tint. */
void
adj_neuron_unit_paint (AdjNeuronUnit *u, AdjNeuronHeat *heat, gboolean dark)
{
  const guint32 neutral = adj_rgb_pack (adj_view_palette (dark)->neutral);
  guchar *data;
  int stride;

  g_clear_object (&u->texture);
  if (u->heat == NULL)
    return;
  ensure_heat (heat, dark);
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
            row[c] = heat->lut[(int) ((CLAMP (t, -1.0, 1.0) + 1.0) * HEAT_STEPS + 0.5)];
        }
    }
  cairo_surface_mark_dirty (u->heat);
}

void
adj_neuron_unit_set (AdjNeuronUnit *u, AdjNeuronHeat *heat, gboolean dark, guint res,
                     const double *values, double lo, double hi)
{
  if (u->res != res)
    {
      adj_neuron_unit_clear (u);
      u->values = g_new (double, (gsize) res * res);
      u->heat = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) res, (int) res);
      u->res = res;
    }
  memcpy (u->values, values, sizeof (double) * res * res);
  u->lo = lo;
  u->hi = hi;
  adj_neuron_unit_paint (u, heat, dark);
}

void
adj_neuron_unit_draw (const AdjNeuronUnit *unit, cairo_t *cr, const graphene_rect_t *rect,
                      gboolean dark)
{
  const AdjRgb fg = adj_view_palette (dark)->text;
  const AdjRgb neutral = adj_view_palette (dark)->neutral;
  const double radius = MAX (rect->size.width * 0.16, 1.0);

  cairo_save (cr);
  adj_rounded_rect (cr, rect->origin.x, rect->origin.y, rect->size.width, rect->size.height, radius);
  cairo_clip_preserve (cr);
  if (unit->heat != NULL)
    {
      cairo_pattern_t *pattern;

      cairo_save (cr);
      cairo_translate (cr, rect->origin.x, rect->origin.y);
      cairo_scale (cr, rect->size.width / unit->res, rect->size.height / unit->res);
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

  adj_rounded_rect (cr, rect->origin.x + 0.5, rect->origin.y + 0.5, rect->size.width - 1,
                    rect->size.height - 1, radius);
  adj_rgb_set_source (cr, fg, 0.4);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

graphene_rect_t
adj_neuron_unit_bounds (const graphene_rect_t *rect)
{
  const double x0 = floor (rect->origin.x) - 1, y0 = floor (rect->origin.y) - 1;

  return GRAPHENE_RECT_INIT (x0, y0, ceil (rect->origin.x + rect->size.width) + 1 - x0,
                             ceil (rect->origin.y + rect->size.height) + 1 - y0);
}

GdkTexture *
adj_neuron_unit_texture (AdjNeuronUnit *unit, const graphene_rect_t *rect,
                         const graphene_rect_t *bounds, int scale, gboolean dark)
{
  const int w = (int) ceil (bounds->size.width * scale), h = (int) ceil (bounds->size.height * scale);
  g_autoptr (GBytes) bytes = NULL;
  cairo_t *cr;
  int stride;

  if (unit->texture != NULL && unit->texture_scale == scale && unit->texture_dark == (int) dark &&
      graphene_rect_equal (&unit->texture_rect, rect))
    return g_object_ref (unit->texture);

  if (unit->picture == NULL || cairo_image_surface_get_width (unit->picture) != w ||
      cairo_image_surface_get_height (unit->picture) != h)
    {
      g_clear_pointer (&unit->picture, cairo_surface_destroy);
      unit->picture = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
    }
  cr = cairo_create (unit->picture);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -bounds->origin.x, -bounds->origin.y);
  adj_neuron_unit_draw (unit, cr, rect, dark);
  cairo_destroy (cr);
  cairo_surface_flush (unit->picture);
  stride = cairo_image_surface_get_stride (unit->picture);
  bytes = g_bytes_new (cairo_image_surface_get_data (unit->picture), (gsize) stride * h);
  g_clear_object (&unit->texture);
  unit->texture = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
  unit->texture_rect = *rect;
  unit->texture_scale = scale;
  unit->texture_dark = dark;
  return g_object_ref (unit->texture);
}
