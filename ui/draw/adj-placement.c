/* adj-placement.c: badges and hover labels placed in free space around their anchor, never on a
 * node, another label, or past the edge of what is shown. */
#include "ui/draw/adj-placement.h"

double
adj_rect_overlap (const AdjRect *a, const AdjRect *b)
{
  const double w = MIN (a->x + a->w, b->x + b->w) - MAX (a->x, b->x);
  const double h = MIN (a->y + a->h, b->y + b->h) - MAX (a->y, b->y);

  return w > 0 && h > 0 ? w * h : 0;
}

/* How much of @r is covered: by nodes, by labels, or cut off by the visible rectangle. */
static double
covered (const AdjRect *r, const AdjBox *boxes, guint n_boxes, const AdjRect *placed,
         guint n_placed, const AdjRect *visible)
{
  double c = r->w * r->h - adj_rect_overlap (r, visible);

  for (guint i = 0; i < n_boxes; i++)
    c += adj_rect_overlap (r, &boxes[i]);
  for (guint i = 0; i < n_placed; i++)
    c += adj_rect_overlap (r, &placed[i]);
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
                     const AdjBox *boxes, guint n_boxes, const AdjRect *placed, guint n_placed,
                     const AdjRect *visible)
{
  AdjRect best = candidate (0, w, h, anchor, gap);
  double best_c = G_MAXDOUBLE;

  g_return_val_if_fail (anchor != NULL && visible != NULL, best);
  /* Three rings, each a label's height further out than the one before. */
  for (guint ring = 0; ring < 3; ring++)
    for (guint i = 0; i < 8; i++)
      {
        const AdjRect r = candidate (i, w, h, anchor, gap + ring * (h + gap));
        const double c = covered (&r, boxes, n_boxes, placed, n_placed, visible);

        if (c <= 0)
          return r;
        /* Among covered candidates, one clamped into view may be free or less covered. */
        {
          const AdjRect in = clamp_inside (r, visible);
          const double c_in = covered (&in, boxes, n_boxes, placed, n_placed, visible) +
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
