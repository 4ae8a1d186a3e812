/* adj-neuron-layout.h: where the neuron view puts its units, for one size: a pure function of
 * the network's shape, the font scale and the picture's size, so drawing, hit testing and the
 * view's geometry queries agree. Each column is a block of units, in sub-columns when it has
 * too many for one: units go down the first sub-column, then the next.
 *
 *   AdjNeuronLayout lo;
 *   graphene_rect_t rect;
 *
 *   adj_neuron_layout_compute (&lo, n_layers, widths, font_scale, width, height);
 *   adj_neuron_layout_unit_rect (&lo, layer, unit, &rect);
 */
#pragma once

#include <glib.h>
#include <graphene.h>

G_BEGIN_DECLS

/* The most columns a layout holds (the neuron view's limit). */
#define ADJ_NEURON_LAYOUT_MAX_LAYERS 16

typedef struct {
  guint  n_layers;
  guint  widths[ADJ_NEURON_LAYOUT_MAX_LAYERS];  /* units per column */
  double pad;                                 /* around the picture; captions sit on it */
  double left[ADJ_NEURON_LAYOUT_MAX_LAYERS];    /* the block's left edge */
  double block[ADJ_NEURON_LAYOUT_MAX_LAYERS];   /* and its width */
  double top[ADJ_NEURON_LAYOUT_MAX_LAYERS];     /* the top of its first unit */
  double side[ADJ_NEURON_LAYOUT_MAX_LAYERS];    /* its units' side */
  double gap[ADJ_NEURON_LAYOUT_MAX_LAYERS];     /* between its units, both ways */
  guint  rows[ADJ_NEURON_LAYOUT_MAX_LAYERS];    /* units per sub-column */
} AdjNeuronLayout;

/* The geometry of @n_layers columns of @widths units in a @width × @height picture at
 * @font_scale, into @lo. */
void     adj_neuron_layout_compute      (AdjNeuronLayout *lo, guint n_layers, const guint *widths,
                                         double font_scale, double width, double height);
/* The x of column @l's centre. */
double   adj_neuron_layout_block_centre (const AdjNeuronLayout *lo, guint l);
/* Unit @unit of column @layer's square. */
void     adj_neuron_layout_unit_rect    (const AdjNeuronLayout *lo, guint layer, guint unit,
                                         graphene_rect_t *rect);
/* The unit at (@x, @y), if any: FALSE in a gap or outside every column. */
gboolean adj_neuron_layout_hit          (const AdjNeuronLayout *lo, double x, double y,
                                         guint *layer, guint *unit);

G_END_DECLS
