/* adj-palette.h: the colours every drawing shares, and the helpers that paint with them, with
 * no GTK: Okabe & Ito's colour-blind-safe set (the chart's series, the boundary's classes,
 * the neuron view's signs), the lab views' neutrals and text, colour mixing, WCAG contrast
 * ratios, and rounded rectangles.
 *
 *   const AdjViewPalette *pal = adj_view_palette (dark);
 *   AdjRgb blue = ADJ_RGB_HEX (ADJ_OKABE_ITO_BLUE);
 *
 *   adj_rgb_set_source (cr, adj_rgb_mix (pal->neutral, blue, 0.5), 1);
 *   adj_rounded_rect (cr, x, y, w, h, 4);
 *   cairo_fill (cr);
 */
#pragma once

#include <math.h>
#include <glib.h>
#include <cairo.h>

G_BEGIN_DECLS

/* Okabe & Ito's colour-blind-safe set, as 0xRRGGBB: colours that readers with any of the
 * common colour vision deficiencies tell apart. Yellow vanishes on white, the deep blue on a
 * dark background; each user orders them for its background. */
#define ADJ_OKABE_ITO_ORANGE     0xE69F00
#define ADJ_OKABE_ITO_SKY_BLUE   0x56B4E9
#define ADJ_OKABE_ITO_GREEN      0x009E73   /* bluish green */
#define ADJ_OKABE_ITO_YELLOW     0xF0E442
#define ADJ_OKABE_ITO_BLUE       0x0072B2
#define ADJ_OKABE_ITO_VERMILION  0xD55E00
#define ADJ_OKABE_ITO_PURPLE     0xCC79A7   /* reddish purple */

/* A colour, 0..1 per channel. */
typedef struct {
  double r, g, b;
} AdjRgb;

/* An AdjRgb initialiser from 0xRRGGBB, for static tables. */
#define ADJ_RGB_HEX(c) { ((c) >> 16 & 0xff) / 255.0, ((c) >> 8 & 0xff) / 255.0, ((c) & 0xff) / 255.0 }

/* The training lab views' own colours, on a light or a dark background. */
typedef struct {
  AdjRgb neutral;   /* the plane at 0, a unit's tile with nothing to show */
  AdjRgb text;      /* tick labels, captions, outlines */
  AdjRgb bubble;    /* behind a name shown over the drawing */
  AdjRgb focus;     /* the keyboard's ring: Adwaita's accent blue */
} AdjViewPalette;

const AdjViewPalette *adj_view_palette (gboolean dark);

/* @a moved @t of the way to @b (0: @a, 1: @b). */
static inline AdjRgb
adj_rgb_mix (AdjRgb a, AdjRgb b, double t)
{
  return (AdjRgb) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

/* @c as an opaque ARGB32 pixel (cairo's image format), clamped. */
static inline guint32
adj_rgb_pack (AdjRgb c)
{
  return 0xff000000u | (guint32) lround (CLAMP (c.r, 0, 1) * 255) << 16 |
         (guint32) lround (CLAMP (c.g, 0, 1) * 255) << 8 |
         (guint32) lround (CLAMP (c.b, 0, 1) * 255);
}

/* WCAG 2's relative luminance of @c (0: black, 1: white), and the contrast ratio of two
 * colours, 1 to 21, in either order: text needs 4.5 (AA) or 7 (AAA, high contrast). */
double adj_rgb_luminance (AdjRgb c);
double adj_rgb_contrast  (AdjRgb a, AdjRgb b);

void adj_rgb_set_source (cairo_t *cr, AdjRgb c, double alpha);
/* Sets @cr's source to the opaque 0xRRGGBB @hex. */
void adj_set_source_hex (cairo_t *cr, guint32 hex);
/* Adds a rectangle with corners of radius @r (at most half its shorter side) to @cr's path,
 * as a closed sub-path of its own. */
void adj_rounded_rect   (cairo_t *cr, double x, double y, double w, double h, double r);

G_END_DECLS
