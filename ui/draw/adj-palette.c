/* adj-palette.c: the shared colours and the helpers that paint with them (see
 * adj-palette.h). */
#include "ui/draw/adj-palette.h"

static const AdjViewPalette view_light = {
  ADJ_RGB_HEX (0xF6F5F1), ADJ_RGB_HEX (0x3D3D3D), ADJ_RGB_HEX (0xFFFFFF), ADJ_RGB_HEX (0x1C71D8),
};
static const AdjViewPalette view_dark = {
  ADJ_RGB_HEX (0x2B2B30), ADJ_RGB_HEX (0xD0D0D0), ADJ_RGB_HEX (0x1E1E22), ADJ_RGB_HEX (0x78AEED),
};

const AdjViewPalette *
adj_view_palette (gboolean dark)
{
  return dark ? &view_dark : &view_light;
}

/* One sRGB channel, 0..1, to linear light. */
static double
linear_channel (double c)
{
  c = CLAMP (c, 0.0, 1.0);
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
adj_rgb_luminance (AdjRgb c)
{
  return 0.2126 * linear_channel (c.r) + 0.7152 * linear_channel (c.g) + 0.0722 * linear_channel (c.b);
}

double
adj_rgb_contrast (AdjRgb a, AdjRgb b)
{
  const double la = adj_rgb_luminance (a), lb = adj_rgb_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

void
adj_rgb_set_source (cairo_t *cr, AdjRgb c, double alpha)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, alpha);
}

void
adj_set_source_hex (cairo_t *cr, guint32 hex)
{
  cairo_set_source_rgb (cr, ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0,
                        (hex & 0xff) / 255.0);
}

void
adj_rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}
