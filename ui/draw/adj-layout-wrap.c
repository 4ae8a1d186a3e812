/* adj-layout-wrap.c: a long thin layout (a deep chain) wrapped into rows like lines of text, a
 * pure post-pass on dot's positions. dot puts a chain of 21 layers in one row 50 times wider
 * than high, so fitted to a window its text is 3 px high; in rows near the window's shape the
 * same text is read at full size. */
#include "ui/draw/adj-layout.h"

#include <math.h>

typedef struct {
  double x1, x2;   /* a column: nodes whose boxes overlap in x (one rank of dot's) */
  guint  row;
} Column;

static int
by_x (gconstpointer a, gconstpointer b, gpointer data)
{
  const AdjBox *boxes = data;
  const double xa = boxes[*(const AgId *) a].x, xb = boxes[*(const AgId *) b].x;

  return (xa > xb) - (xa < xb);
}

/* The rows whose shape is nearest @aspect, for a drawing @w × @h cut into columns. */
static guint
best_rows (double w, double h, double gap, double aspect, guint n_columns)
{
  guint best = 1;
  double best_err = G_MAXDOUBLE;

  for (guint r = 1; r <= n_columns; r++)
    {
      const double err = fabs (log ((w / r) / (r * h + (r - 1) * gap) / aspect));
      if (err < best_err)
        {
          best_err = err;
          best = r;
        }
    }
  return best;
}

/* A path of straight segments through @n points, as the cubic Bézier chain edges are. */
static void
set_polyline (AdjEdgePath *e, const double *pts, guint n)
{
  g_free (e->points);
  e->n_points = 1 + 3 * (n - 1);
  e->points = g_new (double, 2 * e->n_points);
  e->points[0] = pts[0];
  e->points[1] = pts[1];
  for (guint i = 1; i < n; i++)
    for (guint k = 1; k <= 3; k++)
      {
        e->points[2 * (3 * (i - 1) + k)] = pts[2 * (i - 1)] + (pts[2 * i] - pts[2 * (i - 1)]) * k / 3.0;
        e->points[2 * (3 * (i - 1) + k) + 1] = pts[2 * (i - 1) + 1] + (pts[2 * i + 1] - pts[2 * (i - 1) + 1]) * k / 3.0;
      }
}

/* Cuts the columns into @rows rows of about equal width: a row ends where it comes nearest
 * its share of what is left. Returns the number of rows. */
static guint
assign_rows (Column *cols, guint n_cols, guint rows, double *row_x0)
{
  const double end = cols[n_cols - 1].x2;
  double per_row = (end - cols[0].x1) / rows;
  guint row = 0;

  row_x0[0] = cols[0].x1;
  for (guint c = 0; c < n_cols; c++)
    {
      if (c > 0 && row + 1 < rows &&
          cols[c].x2 - row_x0[row] - per_row > per_row - (cols[c - 1].x2 - row_x0[row]))
        {
          row_x0[++row] = cols[c].x1;
          per_row = (end - row_x0[row]) / (rows - row);
        }
      cols[c].row = row;
    }
  return row + 1;
}

/* An edge from row @i down to row @j: right out of its input into the gap below row @i,
 * along it (by the left margin past any rows between), then down into its consumer's left. */
static void
route_down (AdjEdgePath *e, const AdjBox *from, const AdjBox *to, double gap_y_i,
            double gap_y_j, double d, double left)
{
  const double sx = from->x + from->w, sy = from->y + from->h / 2;
  const double tx = to->x, ty = to->y + to->h / 2;
  double pts[16];
  guint n = 0;

#define PT(px, py) (pts[2 * n] = (px), pts[2 * n + 1] = (py), n++)
  PT (sx, sy);
  PT (sx + d, sy);
  PT (sx + d, gap_y_i);
  if (gap_y_j > gap_y_i)
    {
      PT (left, gap_y_i);
      PT (left, gap_y_j);
    }
  PT (tx - d, gap_y_j);
  PT (tx - d, ty);
  PT (tx, ty);
#undef PT
  set_polyline (e, pts, n);
}

static void
bounds (AdjLayout *layout)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;

  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, i);
      x1 = MIN (x1, b->x);
      y1 = MIN (y1, b->y);
      x2 = MAX (x2, b->x + b->w);
      y2 = MAX (y2, b->y + b->h);
    }
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      for (guint p = 0; p < e->n_points; p++)
        {
          x1 = MIN (x1, e->points[2 * p]);
          x2 = MAX (x2, e->points[2 * p]);
          y1 = MIN (y1, e->points[2 * p + 1]);
          y2 = MAX (y2, e->points[2 * p + 1]);
        }
    }
  /* The drawing starts at (0, 0). */
  for (guint i = 0; i < layout->boxes->len; i++)
    {
      AdjBox *b = &g_array_index (layout->boxes, AdjBox, i);
      b->x -= x1;
      b->y -= y1;
    }
  for (guint i = 0; i < layout->edges->len; i++)
    {
      AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      for (guint p = 0; p < e->n_points; p++)
        {
          e->points[2 * p] -= x1;
          e->points[2 * p + 1] -= y1;
        }
    }
  layout->width = x2 - x1;
  layout->height = y2 - y1;
}

/* Gaps between rows, and the lanes edges take in them, in points at font scale 1. */
#define ROW_GAP   96.0
#define LANE      8.0
#define MIN_WRAP_W 1200.0 /* narrower rows are shown at full size anyway */
#define EDGE_STUB 16.0   /* how far an edge runs out of a box before it turns: inside dot's ranksep */

guint
adj_layout_wrap (AdjLayout *layout, double aspect)
{
  const guint n = layout->boxes->len;
  const double sc = layout->font_scale > 0 ? layout->font_scale : 1.0, gap = ROW_GAP * sc;
  const AdjBox *boxes = (const AdjBox *) layout->boxes->data;
  g_autofree AgId *order = NULL;
  g_autofree Column *cols = NULL;
  g_autofree guint *col_of = NULL, *lanes = NULL, *used = NULL;
  g_autofree double *row_x0 = NULL;
  guint n_cols = 0, rows;

  g_return_val_if_fail (aspect > 0, 1);
  /* A short row (lesson 11's four nodes) reads well as it is, at full size on a screen. */
  if (n < 2 || layout->width <= 2 * aspect * layout->height || layout->width <= MIN_WRAP_W * sc)
    return 1;
  /* Columns: boxes overlapping in x, left to right. */
  order = g_new (AgId, n);
  for (AgId i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (AgId), by_x, (gpointer) boxes);
  cols = g_new (Column, n);
  col_of = g_new (guint, n);
  for (guint k = 0; k < n; k++)
    {
      const AdjBox *b = &boxes[order[k]];
      if (n_cols == 0 || b->x >= cols[n_cols - 1].x2)
        cols[n_cols++] = (Column) { b->x, b->x + b->w, 0 };
      else
        cols[n_cols - 1].x2 = MAX (cols[n_cols - 1].x2, b->x + b->w);
      col_of[order[k]] = n_cols - 1;
    }
  rows = best_rows (layout->width, layout->height, gap, aspect, n_cols);
  if (rows < 2)
    return 1;
  row_x0 = g_new (double, rows);
  rows = assign_rows (cols, n_cols, rows, row_x0);

  /* Each row moves to the left edge, below the one before. */
  for (AgId i = 0; i < n; i++)
    {
      AdjBox *b = &g_array_index (layout->boxes, AdjBox, i);
      const guint r = cols[col_of[i]].row;
      b->x -= row_x0[r];
      b->y += r * (layout->height + gap);
    }
  /* Edges within a row move with it; one to a later row is routed through the gaps, each in
   * a lane of its own so that two never run on top of each other. */
  lanes = g_new0 (guint, rows);
  used = g_new0 (guint, rows);
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      const guint ri = cols[col_of[e->from]].row, rj = cols[col_of[e->to]].row;
      if (ri < rj)
        {
          lanes[ri]++;
          if (rj - 1 != ri)
            lanes[rj - 1]++;
        }
    }
  for (guint i = 0; i < layout->edges->len; i++)
    {
      AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      const guint ri = cols[col_of[e->from]].row, rj = cols[col_of[e->to]].row;
      const AdjBox *from = &g_array_index (layout->boxes, AdjBox, e->from);
      const AdjBox *to = &g_array_index (layout->boxes, AdjBox, e->to);

      if (ri == rj)
        for (guint p = 0; p < e->n_points; p++)
          {
            e->points[2 * p] -= row_x0[ri];
            e->points[2 * p + 1] += ri * (layout->height + gap);
          }
      else if (ri > rj)   /* dot ranks inputs first, so this is not seen; a line, to be safe */
        {
          const double pts[4] = { from->x + from->w, from->y + from->h / 2, to->x, to->y + to->h / 2 };
          set_polyline (e, pts, 2);
        }
      else
        {
          /* The middle of the gap below row r, then this edge's lane in it. */
#define GAP_Y(r) ((r) * (layout->height + gap) + layout->height + gap / 2 \
                  + ((double) used[r] - (lanes[r] - 1) / 2.0) * LANE * sc)
          const double gi = GAP_Y (ri);
          double gj;
          used[ri]++;
          gj = gi;
          if (rj > ri + 1)
            {
              gj = GAP_Y (rj - 1);
              used[rj - 1]++;
            }
#undef GAP_Y
          route_down (e, from, to, gi, gj, EDGE_STUB * sc, -(EDGE_STUB + LANE * used[ri]) * sc);
        }
    }
  bounds (layout);
  return rows;
}
