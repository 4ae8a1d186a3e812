/* adj-neuron-unit.h: one unit of the neuron view: its output over the plane as a heatmap
 * (orange below the neutral middle, blue above, as the decision boundary), in a rounded
 * square with a thin frame.
 *
 * The lab recolours 35 units of 48² values every frame, so the colours come from a table made
 * once per theme (AdjNeuronHeat), and the picture the widget shows is drawn here, into pixels,
 * not handed to GTK as cairo drawing: in the cairo renderer on X11 a clipped, scaled unit went
 * to the X server as drawing it could only do by reading pixels back, most of the lab's frame
 * under Xvfb. */
#pragma once

#include <gdk/gdk.h>
#include <graphene.h>

G_BEGIN_DECLS

typedef struct {
  /* owned */
  cairo_surface_t *heat;     /* res × res RGB24; NULL until the first grid */
  cairo_surface_t *picture;  /* the unit as shown (adj_neuron_unit_texture()), or NULL */
  GdkTexture      *texture;  /* the same pixels, until the values, the size or the theme change */
  graphene_rect_t  texture_rect;
  int              texture_scale, texture_dark;
  double          *values;   /* res², for recolouring when the theme changes */

  guint            res;
  double           lo, hi;
} AdjNeuronUnit;

/* The heat colours of t = −1 … 1 in 256 steps each way, for the theme (dark 0 or 1) they were
 * made for; dark −1: not made yet. */
typedef struct {
  guint32 lut[2 * 256 + 1];
  int     dark;
} AdjNeuronHeat;

void adj_neuron_unit_clear (AdjNeuronUnit *unit);
/* Copies @values (res² of them, ranging @lo … @hi) into @unit, making room the first time it
 * sees @res, and colours them. */
void adj_neuron_unit_set   (AdjNeuronUnit *unit, AdjNeuronHeat *heat, gboolean dark, guint res,
                            const double *values, double lo, double hi);
/* Colours the values again (the theme changed). Allocates nothing. */
void adj_neuron_unit_paint (AdjNeuronUnit *unit, AdjNeuronHeat *heat, gboolean dark);
/* Draws the unit onto @cr in the square @rect. */
void adj_neuron_unit_draw  (const AdjNeuronUnit *unit, cairo_t *cr, const graphene_rect_t *rect,
                            gboolean dark);
/* What adj_neuron_unit_draw() covers: whole pixels around @rect. */
graphene_rect_t adj_neuron_unit_bounds (const graphene_rect_t *rect);
/* The unit in the square @rect drawn into pixels at @scale over @bounds
 * (adj_neuron_unit_bounds()), as a texture (a reference): the last one again while nothing it
 * shows has changed, so GTK sees the same node and repaints nothing there. */
GdkTexture     *adj_neuron_unit_texture (AdjNeuronUnit *unit, const graphene_rect_t *rect,
                                         const graphene_rect_t *bounds, int scale, gboolean dark);

G_END_DECLS
