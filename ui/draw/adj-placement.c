/* adj-placement.c: badges and hover labels placed in free space around their anchor, never on a
 * node, another label, or past the edge of what is shown. */
#include "ui/draw/adj-placement.h"
#include <math.h>

double
adj_rect_overlap (const AdjRect *a, const AdjRect *b)
{
  const double w = MIN (a->x + a->w, b->x + b->w) - MAX (a->x, b->x);
  const double h = MIN (a->y + a->h, b->y + b->h) - MAX (a->y, b->y);

  return w > 0 && h > 0 ? w * h : 0;
}

/* A label over an edge line hides where the line goes, but less than one over a node hides: a
 * crossing counts as a strip this wide. */
#define EDGE_WEIGHT 3.0
#define EDGE_SAMPLES 16     /* points per Bézier segment */

/* The length of the segment (@x0, @y0)–(@x1, @y1) inside @r (Liang–Barsky clipping). */
static double
segment_inside (const AdjRect *r, double x0, double y0, double x1, double y1)
{
  const double dx = x1 - x0, dy = y1 - y0;
  const double p[4] = { -dx, dx, -dy, dy };
  const double q[4] = { x0 - r->x, r->x + r->w - x0, y0 - r->y, r->y + r->h - y0 };
  double t0 = 0, t1 = 1;

  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return 0;      /* parallel to this side and outside it */
          continue;
        }
      {
        const double t = q[i] / p[i];
        if (p[i] < 0)
          t0 = MAX (t0, t);
        else
          t1 = MIN (t1, t);
      }
    }
  return t1 > t0 ? (t1 - t0) * hypot (dx, dy) : 0;
}

double
adj_placement_edge_length_inside (const AdjRect *r, const AdjEdgePath *e)
{
  double len = 0;

  for (guint s = 0; s + 3 < e->n_points; s += 3)
    {
      const double *p = e->points + 2 * s;
      const double x0 = MIN (MIN (p[0], p[2]), MIN (p[4], p[6]));
      const double x1 = MAX (MAX (p[0], p[2]), MAX (p[4], p[6]));
      const double y0 = MIN (MIN (p[1], p[3]), MIN (p[5], p[7]));
      const double y1 = MAX (MAX (p[1], p[3]), MAX (p[5], p[7]));
      double px = p[0], py = p[1];

      /* The curve lies inside its control points' box: most segments stop here. */
      if (x1 < r->x || x0 > r->x + r->w || y1 < r->y || y0 > r->y + r->h)
        continue;
      for (guint k = 1; k <= EDGE_SAMPLES; k++)
        {
          const double t = (double) k / EDGE_SAMPLES, u = 1 - t;
          const double x = u * u * u * p[0] + 3 * u * u * t * p[2] + 3 * u * t * t * p[4] + t * t * t * p[6];
          const double y = u * u * u * p[1] + 3 * u * u * t * p[3] + 3 * u * t * t * p[5] + t * t * t * p[7];

          len += segment_inside (r, px, py, x, y);
          px = x;
          py = y;
        }
    }
  return len;
}

/* How much of @r is covered: by nodes, by labels, by edge lines, or cut off by the visible
 * rectangle. */
static double
covered (const AdjRect *r, const AdjPlacementScene *sc, const AdjRect *placed, guint n_placed,
         const AdjRect *visible)
{
  double c = r->w * r->h - adj_rect_overlap (r, visible);

  for (guint i = 0; i < sc->n_boxes; i++)
    c += adj_rect_overlap (r, &sc->boxes[i]);
  for (guint i = 0; i < n_placed; i++)
    c += adj_rect_overlap (r, &placed[i]);
  for (guint i = 0; i < sc->n_edges; i++)
    c += EDGE_WEIGHT * adj_placement_edge_length_inside (r, &sc->edges[i]);
  return c;
}

static AdjRect
clamp_inside (AdjRect r, const AdjRect *v)
{
  /* Right and bottom first, so a label larger than the view keeps its top left in view. */
  r.x = MAX (MIN (r.x, v->x + v->w - r.w), v->x);
  r.y = MAX (MIN (r.y, v->y + v->h - r.h), v->y);
  return r;
}

/* Candidate @i (0 … 7) at distance @d from the anchor: the label's near side @d away from the
 * anchor's side, centred on it, or its near corner @d away diagonally. Above comes first (a sum
 * reads above the node it fills), then below, right, left, the diagonals. */
static AdjRect
candidate (guint i, double w, double h, const AdjRect *a, double d)
{
  const double cx = a->x + a->w / 2 - w / 2, cy = a->y + a->h / 2 - h / 2;
  const double above = a->y - d - h, below = a->y + a->h + d;
  const double right = a->x + a->w + d, left = a->x - d - w;
  static const signed char dir[8][2] = {
    { 0, -1 }, { 0, 1 }, { 1, 0 }, { -1, 0 }, { 1, -1 }, { -1, -1 }, { 1, 1 }, { -1, 1 },
  };
  const int dx = dir[i][0], dy = dir[i][1];

  return (AdjRect) { dx < 0 ? left : dx > 0 ? right : cx, dy < 0 ? above : dy > 0 ? below : cy, w, h };
}

AdjRect
adj_placement_place (double w, double h, const AdjRect *anchor, double gap,
                     const AdjPlacementScene *scene, const AdjRect *placed, guint n_placed,
                     const AdjRect *visible)
{
  AdjRect best = candidate (0, w, h, anchor, gap);
  double best_c = G_MAXDOUBLE;

  g_return_val_if_fail (anchor != NULL && scene != NULL && visible != NULL, best);
  /* Three rings, each a label's height further out than the one before. */
  for (guint ring = 0; ring < 3; ring++)
    for (guint i = 0; i < 8; i++)
      {
        const AdjRect r = candidate (i, w, h, anchor, gap + ring * (h + gap));
        const double c = covered (&r, scene, placed, n_placed, visible);

        if (c <= 0)
          return r;
        /* Among covered candidates, one clamped into view may be free or less covered. */
        {
          const AdjRect in = clamp_inside (r, visible);
          const double c_in = covered (&in, scene, placed, n_placed, visible) +
                              adj_rect_overlap (&in, anchor);
          if (c_in < best_c)
            {
              best_c = c_in;
              best = in;
            }
        }
      }
  return clamp_inside (best, visible);
}

gboolean
adj_placement_leader (const AdjRect *label, const AdjRect *anchor, double gap,
                      double *x1, double *y1, double *x2, double *y2)
{
  const double lcx = label->x + label->w / 2, lcy = label->y + label->h / 2;
  /* The gap between the two rectangles along each axis (0 where they overlap on it). */
  const double gx = MAX (0, MAX (anchor->x - (label->x + label->w), label->x - (anchor->x + anchor->w)));
  const double gy = MAX (0, MAX (anchor->y - (label->y + label->h), label->y - (anchor->y + anchor->h)));

  if (hypot (gx, gy) <= 1.5 * gap)
    return FALSE;
  /* The anchor's point nearest the label's centre, then the label's point nearest that. */
  *x2 = CLAMP (lcx, anchor->x, anchor->x + anchor->w);
  *y2 = CLAMP (lcy, anchor->y, anchor->y + anchor->h);
  *x1 = CLAMP (*x2, label->x, label->x + label->w);
  *y1 = CLAMP (*y2, label->y, label->y + label->h);
  return TRUE;
}
