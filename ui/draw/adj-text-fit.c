/* adj-text-fit.c: the scene's fonts, measuring text with Pango, and where a node's text goes. */
#include "ui/draw/adj-text-fit.h"

#include <pango/pangocairo.h>

/* Family, weight and size in points at font scale 1, as Pango parses them. */
static const char *const fonts[ADJ_N_FONTS] = {
  [ADJ_FONT_TITLE] = "Sans Bold 15",
  [ADJ_FONT_TAG] = "Sans Bold 15",
  [ADJ_FONT_ROLE] = "Sans 11",
  [ADJ_FONT_LABEL] = "Sans 11",
  [ADJ_FONT_NUMBER] = "Sans Bold 15",
  [ADJ_FONT_CONST] = "Sans 14",
  [ADJ_FONT_SHAPE] = "Sans 10",
  [ADJ_FONT_CELL] = "Sans 11",
  [ADJ_FONT_MARK] = "Sans Bold 13",
  [ADJ_FONT_BADGE] = "Sans Bold 11",
};

const char *
adj_font_name (AdjFont font)
{
  g_return_val_if_fail (font < ADJ_N_FONTS, "Sans 11");
  return fonts[font];
}

PangoFontDescription *
adj_font_description_scaled (const char *name, double scale)
{
  PangoFontDescription *fd = pango_font_description_from_string (name);

  if (scale > 0 && scale != 1)
    pango_font_description_set_size (fd, (int) (pango_font_description_get_size (fd) * scale + 0.5));
  return fd;
}

PangoFontDescription *
adj_font_description (AdjFont font, double scale)
{
  return adj_font_description_scaled (adj_font_name (font), scale);
}

PangoContext *
adj_text_context_new (PangoFontMap *font_map)
{
  PangoContext *context = pango_font_map_create_context (font_map ? font_map : pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

void
adj_text_measure (PangoLayout *scratch, const char *text, AdjFont font, double scale,
                  double *width, double *height)
{
  PangoFontDescription *fd = adj_font_description (font, scale);
  PangoRectangle logical;

  pango_layout_set_font_description (scratch, fd);
  pango_font_description_free (fd);
  pango_layout_set_width (scratch, -1);
  pango_layout_set_text (scratch, text, -1);
  pango_layout_get_extents (scratch, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

double
adj_node_label_width (PangoLayout *scratch, double scale)
{
  static const char *const labels[] = { "value", "grad", "tangent" };
  double widest = 0, w;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      adj_text_measure (scratch, labels[i], ADJ_FONT_LABEL, scale, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

double
adj_node_fit_width (const AdjNodeText *t, double scale)
{
  const double head = t->title_w + ADJ_NODE_TAG_GAP * scale + t->tag_w;
  const double numbers = t->label_w + ADJ_NODE_LABEL_GAP * scale + t->number_w;
  double w = 2 * ADJ_NODE_PAD * scale + MAX (head, numbers);

  /* A title may be cut (in its middle), so it stops growing the box at the limit; numbers
   * and grids are never cut, so they may go past it. */
  w = MIN (w, ADJ_NODE_MAX_W * scale);
  w = MAX (w, 2 * ADJ_NODE_PAD * scale + numbers);
  w = MAX (w, t->grid_w);
  return MAX (w, ADJ_NODE_MIN_W * scale);
}

void
adj_node_title_rects (double x, double y, double w, double tag_w, double scale,
                      AdjRect *title, AdjRect *tag)
{
  const double pad = ADJ_NODE_PAD * scale, line = 22 * scale;

  *tag = (AdjRect) { x + w - pad - tag_w, y + 6 * scale, tag_w, line };
  *title = (AdjRect) { x + pad, y + 6 * scale, MAX (tag->x - ADJ_NODE_TAG_GAP * scale - (x + pad), 1), line };
}

void
adj_node_number_rect (double x, double y, double w, double label_w, double line_y, double scale,
                      AdjRect *number)
{
  const double left = x + ADJ_NODE_PAD * scale + label_w + ADJ_NODE_LABEL_GAP * scale;

  *number = (AdjRect) { left, y + line_y * scale, MAX (x + w - ADJ_NODE_PAD * scale - left, 1), 22 * scale };
}

double
adj_cell_fit_width (double max_number_w, double scale)
{
  return MAX (ADJ_CELL_W * scale, max_number_w + 8 * scale);
}

gboolean
adj_rect_intersects (const AdjRect *a, const AdjRect *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}
