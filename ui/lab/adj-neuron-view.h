/* adj-neuron-view.h: the training lab's picture of the network: each unit a small heatmap of
 * its output over the input plane, in columns layer by layer, joined by links coloured and
 * sized by their weights (as TensorFlow Playground draws it).
 *
 *   const guint widths[] = { 2, 8, 8, 1 };   // inputs, two hidden layers, the output
 *   GtkWidget *view = adj_neuron_view_new ();
 *
 *   adj_neuron_view_set_shape (ADJ_NEURON_VIEW (view), 4, widths);
 *   // every frame while training:
 *   adj_neuron_view_set_unit_grid (ADJ_NEURON_VIEW (view), 1, 3, 50, h1_unit3, -1, 1);  // tanh
 *   adj_neuron_view_set_weights (ADJ_NEURON_VIEW (view), 0, W1);   // (2, 8), row-major
 *
 * A unit's grid follows adj-boundary-view.h: res × res samples of the plane, row 0 at the top.
 * Its colours: orange at the low end of its range, blue at the high end, a light neutral
 * (dark with :dark) at 0 when the range spans 0 (tanh: -1..1) and at the middle otherwise
 * (sigmoid: 0..1 puts it at 0.5). A caller that wants a ReLU's 0 neutral passes a range
 * symmetric about 0.
 *
 * Units are rounded squares of one size (up to 56 px), in a column per layer, vertically
 * centred. A layer too tall for units of 12 px splits into sub-columns (up to 8): its units
 * run down the first, then the next. A column of few units beside a wide one stays at least
 * 24 px where there is room.
 *
 * Links: blue and solid for a positive weight, orange and dashed for a negative one; the
 * larger |w|, the wider and more opaque (both saturate at |w| = 2), in 12 steps. With more
 * than 400 links only the strongest (by step) are drawn: two layers of 64 would be 4096
 * strokes a frame and a haze. Into an image surface (and in the snapshot) the links come
 * from a layer redrawn only when a link changes step, the size, :dark or the pointer's unit
 * change, so the small weight updates of training mostly cost nothing.
 *
 * Pointing at a unit highlights it and its links and names it ("h1[3]"); clicking it emits
 * ::unit-activated.
 *
 * Keyboard, while the view has the focus: a cursor on one unit (ringed in the focus colour and
 * named while the focus shows) moves with Up and Down within its column and with Left and
 * Right to the next column, to the unit at the same relative height; Return or space emits
 * ::unit-activated for it. A click moves it to the unit clicked. The accessible label is the
 * summary followed by the cursor's unit: "Network 2-8-8-1: 16 hidden units. At h1[3], unit 4
 * of 8 in hidden layer 1". Other keys go on to the window. */
#pragma once

#include <gtk/gtk.h>
#include <cairo.h>
#include "ui/lab/adj-lab-view.h"

G_BEGIN_DECLS

#define ADJ_TYPE_NEURON_VIEW (adj_neuron_view_get_type ())
G_DECLARE_FINAL_TYPE (AdjNeuronView, adj_neuron_view, ADJ, NEURON_VIEW, AdjLabView)

/* The most layer columns and units per column the view takes. */
#define ADJ_NEURON_VIEW_MAX_LAYERS 16
#define ADJ_NEURON_VIEW_MAX_WIDTH  256

/* A new view with no layers. */
GtkWidget *adj_neuron_view_new            (void);

/* Lays out @n_layers columns (2..ADJ_NEURON_VIEW_MAX_LAYERS) of @widths[l] units each
 * (1..ADJ_NEURON_VIEW_MAX_WIDTH), the inputs first and the outputs last: { 2, 8, 8, 1 }.
 * Forgets every unit's grid and every weight (links are not drawn until set_weights()); an
 * input layer of 2 units starts out showing x1 and x2. The only call that allocates, besides
 * the first set_unit_grid() of a unit at a new resolution. */
void       adj_neuron_view_set_shape      (AdjNeuronView *self, guint n_layers,
                                           const guint *widths);
guint      adj_neuron_view_get_n_layers   (AdjNeuronView *self);
/* Units in column @layer; 0 past the last column. */
guint      adj_neuron_view_get_width      (AdjNeuronView *self, guint layer);

/* Shows @values, the output of unit @unit of column @layer over the plane (@res × @res, row 0
 * at the top), coloured by where each value lies in @lo..@hi (@lo < @hi; values outside are
 * clamped, NaNs neutral). Copied. Cheap enough for every unit every frame: after a unit's
 * first grid at a given @res it allocates nothing. */
void       adj_neuron_view_set_unit_grid  (AdjNeuronView *self, guint layer, guint unit,
                                           guint res, const double *values, double lo,
                                           double hi);

/* Sets the weights of the links from column @layer to column @layer + 1: @w is
 * widths[@layer] × widths[@layer + 1], row-major, as h @ W reads it, so w[i·out + j] links
 * unit i of @layer to unit j of @layer + 1. Read during the call only (the view keeps each
 * link's drawn step and sign); allocates nothing. NaN weights are not drawn. */
void       adj_neuron_view_set_weights    (AdjNeuronView *self, guint layer, const double *w);

/* :dark and :font-scale (the captions and the labels) are AdjLabView's: set them with
 * adj_lab_view_set_dark() and adj_lab_view_set_font_scale(). */

/* "Network 2-8-8-1: 16 hidden units", or "Network: no layers": how the accessible label
 * begins. Owned by the caller. */
char      *adj_neuron_view_dup_summary    (AdjNeuronView *self);

/* Draws the network into the @width × @height rectangle at the origin of @cr's user space,
 * without a background or the keyboard's cursor. Needs no window; the widget's snapshot calls
 * it too. Sets the size the geometry below answers for, as the widget's allocation does. */
void       adj_neuron_view_draw           (AdjNeuronView *self, cairo_t *cr, double width,
                                           double height);

/* Geometry, in the size last laid out: the widget's allocation or the last
 * adj_neuron_view_draw(), whichever came last.
 * The square of unit @unit of column @layer; FALSE (and @bounds untouched) when there is no
 * such unit. */
gboolean   adj_neuron_view_get_unit_bounds (AdjNeuronView *self, guint layer, guint unit,
                                            graphene_rect_t *bounds);
/* The unit whose square holds (@x, @y): TRUE with its column and index, FALSE elsewhere
 * (between columns, between units, in the captions). @layer and @unit may be NULL. */
gboolean   adj_neuron_view_unit_at        (AdjNeuronView *self, double x, double y,
                                           guint *layer, guint *unit);

/* How many times the links' layer has been drawn: new weights alone redraw it at most 8 times a
 * second while training, and in at most a tenth of the time (the last ones always shown); a
 * hover, a resize or a theme at once. */
guint    adj_neuron_view_get_links_redraws (AdjNeuronView *self);

G_END_DECLS
