/* adj-minimap.c: the canvas's overview map (see adj-minimap.h). */
#include "ui/draw/adj-minimap.h"
#include "ui/draw/adj-palette.h"

#define MAP_INSET 12.0     /* from the widget's corner */
#define MAP_PAD   6.0      /* inside the panel */
#define MAP_MAX_W 260.0
#define MAP_MAX_H 160.0
#define ADJ_MINIMAP_HIDES_ACTIVE 1e12
#define ADJ_MINIMAP_HOP_SLACK    1000.0   /* px², a fifth of a node box at a readable zoom */

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
adj_minimap_place (const AdjLayout *layout, double width, double height, AdjCorner corner)
{
  const double max_w = MIN (MAP_MAX_W, width / 5), max_h = MIN (MAP_MAX_H, height / 4);
  const double lw = MAX (layout->width, 1), lh = MAX (layout->height, 1);
  AdjMinimap m;

  m.scale = MIN ((max_w - 2 * MAP_PAD) / lw, (max_h - 2 * MAP_PAD) / lh);
  m.scale = MAX (m.scale, 1e-4);
  m.w = lw * m.scale + 2 * MAP_PAD;
  m.h = MAX (lh * m.scale + 2 * MAP_PAD, 20);
  m.corner = corner;
  m.x = corner == ADJ_CORNER_BOTTOM_RIGHT || corner == ADJ_CORNER_TOP_RIGHT
          ? width - MAP_INSET - m.w : MAP_INSET;
  m.y = corner == ADJ_CORNER_BOTTOM_RIGHT || corner == ADJ_CORNER_BOTTOM_LEFT
          ? height - MAP_INSET - m.h : MAP_INSET;
  m.ox = m.x + MAP_PAD;
  m.oy = m.y + (m.h - lh * m.scale) / 2;
  return m;
}

/* The widget-pixel area of @b (a layout box) that @map covers, under @view. */
static double
covered_area (const AdjMinimap *map, const AdjView *view, const AdjBox *b)
{
  double x1, y1, x2, y2, w, h;

  adj_view_to_widget (view, b->x, b->y, &x1, &y1);
  adj_view_to_widget (view, b->x + b->w, b->y + b->h, &x2, &y2);
  w = MIN (x2, map->x + map->w) - MAX (x1, map->x);
  h = MIN (y2, map->y + map->h) - MAX (y1, map->y);
  return w > 0 && h > 0 ? w * h : 0;
}

/* How much of the graph @m hides under @view: node area in widget pixels, and far more when it
 * hides node @active. */
static double
place_cost (const AdjMinimap *m, const AdjLayout *layout, const AdjView *view, AgId active)
{
  double cost = 0;

  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const double a = covered_area (m, view, &g_array_index (layout->boxes, AdjBox, i));
      /* Hiding the step being taught outweighs any amount of other nodes. */
      cost += (AgId) i == active && a > 0 ? ADJ_MINIMAP_HIDES_ACTIVE : a;
    }
  return cost;
}

AdjMinimap
adj_minimap_place_free (const AdjLayout *layout, const AdjView *view, double width, double height,
                        AgId active, AdjCorner prefer)
{
  const AdjMinimap stay = adj_minimap_place (layout, width, height, prefer);
  const double stay_cost = place_cost (&stay, layout, view, active);
  AdjMinimap best = stay;
  double best_cost = stay_cost;

  for (guint c = 0; c < ADJ_N_CORNERS; c++)
    {
      const AdjMinimap m = adj_minimap_place (layout, width, height, (AdjCorner) c);
      const double cost = place_cost (&m, layout, view, active);

      if (cost < best_cost)
        {
          best = m;
          best_cost = cost;
        }
    }
  /* A map hopping from corner to corner at each step draws the eye away from the step: it moves
   * only off the active node, or to hide clearly less (half, and a fifth of a node box less). */
  if (stay_cost < ADJ_MINIMAP_HIDES_ACTIVE
      && stay_cost <= 2 * best_cost + ADJ_MINIMAP_HOP_SLACK)
    return stay;
  return best;
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
