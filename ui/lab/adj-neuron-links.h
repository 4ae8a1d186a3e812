/* adj-neuron-links.h: the neuron view's links, drawn from a plain description: at once (an
 * export, a new size) or a few at a time over several frames (new weights while training:
 * 300 dashed curves took 20–40 ms, two of the lab's frames, several times a second; on a worker
 * thread, even at idle priority, they still made frames late).
 *
 * A link is drawn as an S from one unit's right edge to the next column's unit's left edge:
 * blue and solid for a positive weight, orange and dashed for a negative one, wider and more
 * opaque the stronger; past ADJ_NEURON_LINKS_MAX the weakest are left out; while a unit is
 * pointed at, its own links stand out over the others, which fade. */
#pragma once

#include <cairo.h>
#include <glib.h>
#include "ui/lab/adj-neuron-layout.h"

G_BEGIN_DECLS

#define ADJ_NEURON_LINKS_MAX   400     /* links drawn at most */
#define ADJ_NEURON_LINK_NONE   0xff    /* a link's code before its weight is known, or for NaN */

/* Everything the picture depends on. @codes holds every link's code (adj_neuron_link_code()),
 * column by column: the links out of column l start at first_link[l], unit i's to unit j at
 * first_link[l] + i · widths[l + 1] + j. */
typedef struct {
  guint            n_layers;
  guint            widths[ADJ_NEURON_LAYOUT_MAX_LAYERS];
  guint            first_link[ADJ_NEURON_LAYOUT_MAX_LAYERS];
  const guint8    *codes;
  gboolean         hovering;          /* a unit is pointed at: hover_layer, hover_unit */
  guint            hover_layer, hover_unit;
  gboolean         dark;              /* drawn for a dark background */
  AdjNeuronLayout  layout;
  double           width_scale;       /* the links' widths times this (thin where units are small) */
} AdjNeuronLinks;

/* A weight's code: its strength rounded to one of 12 levels, with 0x80 set when negative;
 * ADJ_NEURON_LINK_NONE for NaN. The view redraws the links only when a code changes. */
guint8 adj_neuron_link_code (double w);

/* Draws the links onto @cr in the layout's coordinates. */
void   adj_neuron_links_draw (const AdjNeuronLinks *links, cairo_t *cr);

/* A drawing done a little at a time, so a frame never waits for all 300 curves (20–40 ms,
 * two frames): the view draws some into a back layer each frame until it is done. It copies
 * @links (the codes too), so the picture is of one moment, and drawn in the order
 * adj_neuron_links_draw() draws in: the same pixels in the end. */
typedef struct _AdjNeuronLinksDrawing AdjNeuronLinksDrawing;

AdjNeuronLinksDrawing *adj_neuron_links_drawing_new  (const AdjNeuronLinks *links);
void                   adj_neuron_links_drawing_free (AdjNeuronLinksDrawing *drawing);
/* Draws the next links onto @cr until the monotonic clock passes @deadline (8 links at
 * least); TRUE when the drawing is complete. */
gboolean               adj_neuron_links_drawing_step (AdjNeuronLinksDrawing *drawing, cairo_t *cr,
                                                      gint64 deadline);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdjNeuronLinksDrawing, adj_neuron_links_drawing_free)

G_END_DECLS
