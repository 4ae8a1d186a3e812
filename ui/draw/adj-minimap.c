/* adj-minimap.c: the canvas's overview map (see adj-minimap.h). */
#include "ui/draw/adj-minimap.h"
#include "ui/draw/adj-palette.h"

#define MAP_INSET 12.0     /* from the widget's corner */
#define MAP_PAD   6.0      /* inside the panel */
#define MAP_MAX_W 260.0
#define MAP_MAX_H 160.0

gboolean
adj_minimap_wanted (const AdjLayout *layout, const AdjView *view, double width, double height)
{
  double x1, y1, x2, y2;

  if (layout == NULL || layout->boxes->len == 0 || width < 200 || height < 150)
    return FALSE;
  adj_view_to_widget (view, 0, 0, &x1, &y1);
  adj_view_to_widget (view, layout->width, layout->height, &x2, &y2);
  /* A pixel or two of slack: a fit that touches the edge shows the whole. */
  return x1 < -2 || y1 < -2 || x2 > width + 2 || y2 > height + 2;
}

AdjMinimap
adj_minimap_place (const AdjLayout *layout, double width, double height)
{
  const double max_w = MIN (MAP_MAX_W, width / 5), max_h = MIN (MAP_MAX_H, height / 4);
  const double lw = MAX (layout->width, 1), lh = MAX (layout->height, 1);
  AdjMinimap m;

  m.scale = MIN ((max_w - 2 * MAP_PAD) / lw, (max_h - 2 * MAP_PAD) / lh);
  m.scale = MAX (m.scale, 1e-4);
  m.w = lw * m.scale + 2 * MAP_PAD;
  m.h = MAX (lh * m.scale + 2 * MAP_PAD, 20);
  m.x = width - MAP_INSET - m.w;
  m.y = height - MAP_INSET - m.h;
  m.ox = m.x + MAP_PAD;
  m.oy = m.y + (m.h - lh * m.scale) / 2;
  return m;
}

gboolean
adj_minimap_to_layout (const AdjMinimap *map, double wx, double wy, double *lx, double *ly)
{
  if (wx < map->x || wy < map->y || wx > map->x + map->w || wy > map->y + map->h)
    return FALSE;
  *lx = (wx - map->ox) / map->scale;
  *ly = (wy - map->oy) / map->scale;
  return TRUE;
}

void
adj_minimap_paint (cairo_t *cr, const AdjMinimap *map, const AdjLayout *layout,
                   const AdjView *view, double width, double height, AgId active, gboolean dark,
                   const double accent[3])
{
  const double panel = dark ? 0.08 : 1.0, ink = dark ? 0.72 : 0.38;
  double x1, y1, x2, y2;

  cairo_save (cr);
  adj_rounded_rect (cr, map->x, map->y, map->w, map->h, 6);
  cairo_set_source_rgba (cr, panel, panel, panel, 0.9);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, ink, ink, ink, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_rectangle (cr, map->x, map->y, map->w, map->h);
  cairo_clip (cr);

  /* Edges as straight lines from end to end: at this size a curve is a line. */
  cairo_set_source_rgba (cr, ink, ink, ink, 0.6);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      const guint last = e->n_points - 1;

      if (e->n_points < 2)
        continue;
      cairo_move_to (cr, map->ox + e->points[0] * map->scale, map->oy + e->points[1] * map->scale);
      cairo_line_to (cr, map->ox + e->points[2 * last] * map->scale,
                     map->oy + e->points[2 * last + 1] * map->scale);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, i);

      cairo_rectangle (cr, map->ox + b->x * map->scale, map->oy + b->y * map->scale,
                       MAX (b->w * map->scale, 1.5), MAX (b->h * map->scale, 1.5));
    }
  cairo_set_source_rgb (cr, ink, ink, ink);
  cairo_fill (cr);
  if (active != AG_NO_ID && active < layout->boxes->len)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, active);
      cairo_rectangle (cr, map->ox + b->x * map->scale - 1, map->oy + b->y * map->scale - 1,
                       MAX (b->w * map->scale, 1.5) + 2, MAX (b->h * map->scale, 1.5) + 2);
      cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
      cairo_fill (cr);
    }

  /* What the view shows. */
  adj_view_to_layout (view, 0, 0, &x1, &y1);
  adj_view_to_layout (view, width, height, &x2, &y2);
  cairo_rectangle (cr, map->ox + x1 * map->scale, map->oy + y1 * map->scale,
                   (x2 - x1) * map->scale, (y2 - y1) * map->scale);
  cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}
