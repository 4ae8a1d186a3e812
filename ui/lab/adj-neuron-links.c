/* adj-neuron-links.c: the neuron view's links (see adj-neuron-links.h). */
#include "ui/lab/adj-neuron-links.h"

#include <math.h>
#include <string.h>

#include "ui/draw/adj-palette.h"

/* Sizes at font-scale 1, in pixels. */
#define LINK_MIN_W   0.6
#define LINK_MAX_W   4.5
#define W_SATURATE   2.0     /* |w| at which a link is at its widest and most opaque */
#define LINK_LEVELS  12      /* the strengths links are drawn at */

/* Okabe & Ito's orange and blue, as the decision boundary uses them; on a dark background the
 * blue of links is their lighter sky blue, which the dark blue would sink into. */
static const AdjRgb orange = ADJ_RGB_HEX (ADJ_OKABE_ITO_ORANGE);
static const AdjRgb blue = ADJ_RGB_HEX (ADJ_OKABE_ITO_BLUE);
static const AdjRgb sky_blue = ADJ_RGB_HEX (ADJ_OKABE_ITO_SKY_BLUE);

guint8
adj_neuron_link_code (double w)
{
  if (isnan (w))
    return ADJ_NEURON_LINK_NONE;
  return (guint8) (lround (MIN (fabs (w) / W_SATURATE, 1.0) * (LINK_LEVELS - 1)) |
                   (w < 0 ? 0x80 : 0));
}

static gboolean
is_hover_link (const AdjNeuronLinks *k, guint l, guint i, guint j)
{
  return k->hovering && ((k->hover_layer == l && k->hover_unit == i) ||
                         (k->hover_layer == l + 1 && k->hover_unit == j));
}

/* The link from unit @i of column @l to unit @j of the next. */
static void
draw_link (const AdjNeuronLinks *k, cairo_t *cr, guint l, guint i, guint j, guint8 code,
           double alpha_scale, double alpha_floor, double width_scale)
{
  double strength = (double) (code & 0x7f) / (LINK_LEVELS - 1);
  double lw = (LINK_MIN_W + (LINK_MAX_W - LINK_MIN_W) * strength) * width_scale;
  gboolean negative = (code & 0x80) != 0;
  graphene_rect_t a, b;
  double x0, y0, x1, y1, mid;

  adj_neuron_layout_unit_rect (&k->layout, l, i, &a);
  adj_neuron_layout_unit_rect (&k->layout, l + 1, j, &b);
  x0 = a.origin.x + a.size.width;
  y0 = a.origin.y + a.size.height / 2;
  x1 = b.origin.x;
  y1 = b.origin.y + b.size.height / 2;
  mid = (x0 + x1) / 2;
  cairo_move_to (cr, x0, y0);
  cairo_curve_to (cr, mid, y0, mid, y1, x1, y1);
  adj_rgb_set_source (cr, negative ? orange : k->dark ? sky_blue : blue,
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

/* ---- a drawing in steps -------------------------------------------------------------------- */

struct _AdjNeuronLinksDrawing {
  AdjNeuronLinks links;         /* codes points at @codes */
  guint8        *codes;
  guint          cut;           /* links weaker than this level are left out */
  guint          n_links, n_positions, next;
};

AdjNeuronLinksDrawing *
adj_neuron_links_drawing_new (const AdjNeuronLinks *links)
{
  AdjNeuronLinksDrawing *d = g_new0 (AdjNeuronLinksDrawing, 1);
  guint count[LINK_LEVELS] = { 0 }, total = 0, cut;

  d->links = *links;
  d->n_links = links->n_layers >= 2 ? links->first_link[links->n_layers - 1] : 0;
  d->codes = g_memdup2 (links->codes, MAX (d->n_links, 1));
  d->links.codes = d->codes;
  /* The lowest level that keeps the links drawn within the most (cairo strokes them one by
   * one; two layers of 64 would be 4096 strokes and a blur). */
  for (guint n = 0; n < d->n_links; n++)
    if (d->codes[n] != ADJ_NEURON_LINK_NONE)
      count[d->codes[n] & 0x7f]++;
  for (cut = LINK_LEVELS; cut > 0 && total + count[cut - 1] <= ADJ_NEURON_LINKS_MAX; cut--)
    total += count[cut - 1];
  d->cut = MIN (cut, LINK_LEVELS - 1);
  /* Every link once, then, while a unit is pointed at, its own links again over the rest. */
  d->n_positions = d->n_links * (links->hovering ? 2 : 1);
  return d;
}

void
adj_neuron_links_drawing_free (AdjNeuronLinksDrawing *d)
{
  if (d == NULL)
    return;
  g_free (d->codes);
  g_free (d);
}

/* The link at index @n of the codes: its column @l and units @i, @j. */
static void
link_at (const AdjNeuronLinks *k, guint n, guint *l, guint *i, guint *j)
{
  guint c = 0;

  while (c + 2 < k->n_layers && n >= k->first_link[c + 1])
    c++;
  *l = c;
  *i = (n - k->first_link[c]) / k->widths[c + 1];
  *j = (n - k->first_link[c]) % k->widths[c + 1];
}

gboolean
adj_neuron_links_drawing_step (AdjNeuronLinksDrawing *d, cairo_t *cr, gint64 deadline)
{
  const AdjNeuronLinks *k = &d->links;
  guint drawn = 0;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  /* Curves flattened to a quarter of a pixel, not cairo's tenth: the same picture to the eye,
   * a third less time (304 links of a 2-16-16-1 net: 22 ms → 14 ms here). */
  cairo_set_tolerance (cr, 0.25);
  for (; d->next < d->n_positions; d->next++)
    {
      const guint pass = d->next / d->n_links, n = d->next % d->n_links;
      const guint8 code = d->codes[n];
      guint l, i, j;
      gboolean mine;

      if (code == ADJ_NEURON_LINK_NONE)
        continue;
      link_at (k, n, &l, &i, &j);
      mine = is_hover_link (k, l, i, j);
      if (mine != (pass == 1) || (!mine && (code & 0x7f) < d->cut))
        continue;
      /* A few links at least, so a drawing always moves on. */
      if (drawn >= 8 && g_get_monotonic_time () > deadline)
        break;
      if (pass == 1)
        draw_link (k, cr, l, i, j, code, 1.0, 0.6, MAX (k->width_scale, 0.6));
      else
        draw_link (k, cr, l, i, j, code, k->hovering ? 0.25 : 1.0, 0, k->width_scale);
      drawn++;
    }
  cairo_restore (cr);
  return d->next >= d->n_positions;
}

void
adj_neuron_links_draw (const AdjNeuronLinks *links, cairo_t *cr)
{
  AdjNeuronLinksDrawing *d = adj_neuron_links_drawing_new (links);

  adj_neuron_links_drawing_step (d, cr, G_MAXINT64);
  adj_neuron_links_drawing_free (d);
}
