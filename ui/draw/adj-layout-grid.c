/* adj-layout-grid.c: sfdp's positions (huge graphs, adj-layout.c) snapped to a grid of cells, a
 * pure post-pass. sfdp places nodes near their neighbours in seconds but lets boxes overlap, and
 * removing overlaps with Graphviz's own pass (prism) took 20–35 s at 5,000–10,000 nodes here;
 * moving each box to the nearest free cell of a grid takes milliseconds and keeps neighbours
 * near each other. Edges become straight lines between the boxes' borders. */
#include "ui/draw/adj-layout.h"

#include <math.h>
#include <stdlib.h>

/* The gaps between cells, in points: room for an edge and its arrowhead. */
#define GRID_GAP_X 40.0
#define GRID_GAP_Y 24.0
/* Cells per box: half the grid stays free, so a nearest free cell is never far. */
#define GRID_FILL 2.0
/* The length in cells sfdp's typical edge is scaled to. */
#define GRID_EDGE_CELLS 1.5

/* Where the segment from @b's centre toward (@tx, @ty) leaves @b. */
static void
border_point (const AdjBox *b, double tx, double ty, double *x, double *y)
{
  const double cx = b->x + b->w / 2, cy = b->y + b->h / 2, dx = tx - cx, dy = ty - cy;
  double t = 1;

  if (fabs (dx) > 1e-9)
    t = MIN (t, b->w / 2 / fabs (dx));
  if (fabs (dy) > 1e-9)
    t = MIN (t, b->h / 2 / fabs (dy));
  *x = cx + t * dx;
  *y = cy + t * dy;
}

/* A straight edge from @from's border to @to's, as a one-segment Bézier chain. */
static void
straight_edge (AdjEdgePath *e, const AdjBox *from, const AdjBox *to)
{
  double x0, y0, x1, y1;

  border_point (from, to->x + to->w / 2, to->y + to->h / 2, &x0, &y0);
  border_point (to, from->x + from->w / 2, from->y + from->h / 2, &x1, &y1);
  g_free (e->points);
  e->n_points = 4;
  e->points = g_new (double, 8);
  for (guint k = 0; k < 4; k++)
    {
      e->points[2 * k] = x0 + (x1 - x0) * k / 3.0;
      e->points[2 * k + 1] = y0 + (y1 - y0) * k / 3.0;
    }
}

/* Considers cell (@cc, @rr) at squared distance @d for the nearest free one. */
static inline void
consider (const guint8 *taken, int cols, int rows, int cc, int rr, int d, int *best, int *bc, int *br)
{
  if (cc >= 0 && rr >= 0 && cc < cols && rr < rows && !taken[(gsize) rr * cols + cc] && d < *best)
    {
      *best = d;
      *bc = cc;
      *br = rr;
    }
}

/* The free cell nearest (@c, @r), searched ring by ring (only each ring's border: a ring costs
 * its length); marks it taken. */
static void
nearest_free (guint8 *taken, int cols, int rows, int c, int r, int *out_c, int *out_r)
{
  for (int ring = 0; ring <= MAX (cols, rows); ring++)
    {
      int best = G_MAXINT, bc = -1, br = -1;
      for (int k = -ring; k <= ring; k++)
        {
          consider (taken, cols, rows, c + k, r - ring, k * k + ring * ring, &best, &bc, &br);
          consider (taken, cols, rows, c + k, r + ring, k * k + ring * ring, &best, &bc, &br);
          consider (taken, cols, rows, c - ring, r + k, k * k + ring * ring, &best, &bc, &br);
          consider (taken, cols, rows, c + ring, r + k, k * k + ring * ring, &best, &bc, &br);
        }
      if (bc >= 0)
        {
          taken[(gsize) br * cols + bc] = 1;
          *out_c = bc;
          *out_r = br;
          return;
        }
    }
  g_assert_not_reached ();   /* the grid has more cells than boxes */
}

static int
by_double (gconstpointer a, gconstpointer b)
{
  const double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median length of @layout's edges between box centres, in cells of @cw × @ch (at least
 * a small positive number). */
static double
median_edge (const AdjLayout *layout, double cw, double ch)
{
  const AdjBox *boxes = (const AdjBox *) layout->boxes->data;
  g_autofree double *len = g_new (double, MAX (layout->edges->len, 1));
  double m;

  if (layout->edges->len == 0)
    return 1;
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      const AdjBox *a = &boxes[e->from], *b = &boxes[e->to];
      len[i] = hypot ((a->x + a->w / 2 - b->x - b->w / 2) / cw, (a->y + a->h / 2 - b->y - b->h / 2) / ch);
    }
  qsort (len, layout->edges->len, sizeof (double), by_double);
  m = len[layout->edges->len / 2];
  return MAX (m, 1e-6);
}

void
adj_layout_grid_snap (AdjLayout *layout, const guint8 *hidden)
{
  AdjBox *boxes = (AdjBox *) layout->boxes->data;
  const guint n = layout->boxes->len;
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;
  double cw = 0, ch = 0, w, h, s;
  guint n_drawn = 0;
  int cols, rows;
  g_autofree guint8 *taken = NULL;

  for (AgId id = 0; id < n; id++)
    {
      if (hidden && hidden[id])
        continue;
      n_drawn++;
      cw = MAX (cw, boxes[id].w);
      ch = MAX (ch, boxes[id].h);
      x1 = MIN (x1, boxes[id].x + boxes[id].w / 2);
      x2 = MAX (x2, boxes[id].x + boxes[id].w / 2);
      y1 = MIN (y1, boxes[id].y + boxes[id].h / 2);
      y2 = MAX (y2, boxes[id].y + boxes[id].h / 2);
    }
  if (n_drawn == 0)
    return;
  cw += GRID_GAP_X;
  ch += GRID_GAP_Y;
  /* Scale sfdp's drawing (in cells) so it holds GRID_FILL cells per box, and so its typical
   * edge is about one cell long: a curled drawing (a long chain) fills little of its bounding
   * box, and scaled by the box alone its dense parts pushed boxes far from their neighbours,
   * whose long edges then crossed every view. */
  w = MAX (x2 - x1, 1.0) / cw;
  h = MAX (y2 - y1, 1.0) / ch;
  s = sqrt (sqrt (GRID_FILL * n_drawn / (w * h)) * GRID_EDGE_CELLS / median_edge (layout, cw, ch));
  s = MAX (s, sqrt (GRID_FILL * n_drawn / (w * h)));
  cols = (int) ceil (w * s) + 1;
  rows = (int) ceil (h * s) + 1;
  while ((gsize) cols * rows < 2 * (gsize) n_drawn)   /* a thin drawing: widen its grid */
    {
      cols++;
      rows++;
    }
  taken = g_new0 (guint8, (gsize) cols * rows);
  for (AgId id = 0; id < n; id++)
    {
      AdjBox *b = &boxes[id];
      int c, r;
      if (hidden && hidden[id])
        continue;
      nearest_free (taken, cols, rows,
                    CLAMP ((int) lround ((b->x + b->w / 2 - x1) / cw * s), 0, cols - 1),
                    CLAMP ((int) lround ((b->y + b->h / 2 - y1) / ch * s), 0, rows - 1), &c, &r);
      b->x = c * cw + (cw - b->w) / 2;
      b->y = r * ch + (ch - b->h) / 2;
    }
  layout->width = cols * cw;
  layout->height = rows * ch;
  for (guint i = 0; i < layout->edges->len; i++)
    {
      AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      straight_edge (e, &boxes[e->from], &boxes[e->to]);
    }
}
