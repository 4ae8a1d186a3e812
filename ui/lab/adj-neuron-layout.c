/* adj-neuron-layout.c: where the neuron view puts its units (see adj-neuron-layout.h). */
#include "ui/lab/adj-neuron-layout.h"

#include <math.h>

/* Sizes at font-scale 1, in pixels. */
#define PAD          8.0     /* around the picture */
#define CAPTION_H    20.0    /* the band above the columns that holds their captions */
#define UNIT_MAX     56.0    /* the largest unit square */
#define UNIT_SMALL   24.0    /* a column of few units stays at least this big (room allowing)
                              * when a wide column elsewhere makes the others small */
#define UNIT_MIN     12.0    /* smaller than this, a column splits into sub-columns… */
#define MAX_SUBCOLUMNS 8     /* …up to this many */
#define GAP_RATIO    0.25    /* between units of a column, per unit side */
#define LINK_RATIO   1.6     /* the least room for links between columns, per unit side */

void
adj_neuron_layout_compute (AdjNeuronLayout *lo, guint n_layers, const guint *widths,
                           double font_scale, double width, double height)
{
  double sc = font_scale, pad = PAD * MAX (sc, 1.0);
  double top = pad + CAPTION_H * sc, body = MAX (height - top - pad, 0.0);
  double avail = MAX (width - 2 * pad, 0.0);
  double natural[ADJ_NEURON_LAYOUT_MAX_LAYERS], uniform = UNIT_MAX, largest = 0, need = 0;
  double used = 0, spacing, x;
  guint subs[ADJ_NEURON_LAYOUT_MAX_LAYERS], n = n_layers;

  g_return_if_fail (n_layers <= ADJ_NEURON_LAYOUT_MAX_LAYERS);
  lo->n_layers = n_layers;
  for (guint l = 0; l < n; l++)
    lo->widths[l] = widths[l];
  lo->pad = pad;

  /* The side that fits k units (and their gaps) in the height. */
#define FIT(k) (body / ((k) + ((k) - 1) * GAP_RATIO))
  for (guint l = 0; l < n; l++)
    {
      guint k = 1, w = widths[l];

      while (FIT ((w + k - 1) / k) < UNIT_MIN && k < MAX_SUBCOLUMNS && k < w)
        k++;
      subs[l] = k;
      lo->rows[l] = (w + k - 1) / k;
      natural[l] = MIN (UNIT_MAX, FIT (lo->rows[l]));
      uniform = MIN (uniform, natural[l]);
    }
#undef FIT
  /* One size for all, unless a wide column would make the few-unit ones tiny too. */
  for (guint l = 0; l < n; l++)
    {
      lo->side[l] = MIN (natural[l], MAX (uniform, UNIT_SMALL));
      largest = MAX (largest, lo->side[l]);
      need += subs[l] * lo->side[l] + (subs[l] - 1) * lo->side[l] * GAP_RATIO;
    }
  /* And the width: the blocks, and at least LINK_RATIO sides of links between them. */
  need += (n - 1) * LINK_RATIO * largest;
  for (guint l = 0; l < n; l++)
    {
      double side = need > avail && need > 0 ? lo->side[l] * avail / need : lo->side[l];
      guint rows = lo->rows[l];

      lo->side[l] = side = MAX (floor (side), 1.0);
      lo->gap[l] = rows > 1 ? floor ((body - rows * side) / (rows - 1)) : ceil (side * GAP_RATIO);
      lo->gap[l] = CLAMP (lo->gap[l], 1.0, ceil (side * GAP_RATIO));
      lo->block[l] = subs[l] * side + (subs[l] - 1) * lo->gap[l];
      lo->top[l] = floor (top + (body - (rows * side + (rows - 1) * lo->gap[l])) / 2);
      used += lo->block[l];
    }
  /* The blocks spread evenly, the first and the last against the padding. */
  spacing = n > 1 ? MAX (avail - used, 0.0) / (n - 1) : 0;
  x = pad;
  for (guint l = 0; l < n; l++)
    {
      lo->left[l] = floor (x);
      x += lo->block[l] + spacing;
    }
}

double
adj_neuron_layout_block_centre (const AdjNeuronLayout *lo, guint l)
{
  return lo->left[l] + lo->block[l] / 2;
}

void
adj_neuron_layout_unit_rect (const AdjNeuronLayout *lo, guint layer, guint unit,
                             graphene_rect_t *rect)
{
  double s = lo->side[layer], step = s + lo->gap[layer];
  guint rows = lo->rows[layer];

  graphene_rect_init (rect, lo->left[layer] + (unit / rows) * step,
                      lo->top[layer] + (unit % rows) * step, s, s);
}

gboolean
adj_neuron_layout_hit (const AdjNeuronLayout *lo, double x, double y, guint *layer,
                       guint *unit)
{
  for (guint l = 0; l < lo->n_layers; l++)
    {
      double step = lo->side[l] + lo->gap[l], dx = x - lo->left[l], dy = y - lo->top[l];
      double sub, row;

      if (dx < 0 || dx >= lo->block[l])
        continue;
      sub = floor (dx / step);
      row = floor (dy / step);
      /* In a gap, above the first row or below the last: no unit. */
      if (dx - sub * step >= lo->side[l] || row < 0 || row >= lo->rows[l] ||
          dy - row * step >= lo->side[l] ||
          sub * lo->rows[l] + row >= lo->widths[l])
        return FALSE;
      *layer = l;
      *unit = (guint) (sub * lo->rows[l] + row);
      return TRUE;
    }
  return FALSE;
}
