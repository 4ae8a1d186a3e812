/* adj-anim.c: animation timing, the view transform and hit testing, as pure functions. */
#include "ui/draw/adj-anim.h"

#include <math.h>

double
adj_anim_step_seconds (double speed)
{
  return 1.1 / CLAMP (speed, 0.25, 4.0);
}

double
adj_anim_ease (double t)
{
  t = CLAMP (t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

double
adj_anim_token_fraction (AgStepKind kind, double t)
{
  const double u = adj_anim_ease (t / ADJ_ANIM_ARRIVE);

  return kind == AG_STEP_BACKWARD ? 1 - u : u;
}

/* The length of @e's path, from a polyline close enough for choosing how a number travels. */
static double
path_length (const AdjEdgePath *e)
{
  double len = 0, px, py;

  adj_edge_path_point (e, 0, &px, &py);
  for (guint s = 1; s <= 16; s++)
    {
      double qx, qy;
      adj_edge_path_point (e, s / 16.0, &qx, &qy);
      len += hypot (qx - px, qy - py);
      px = qx;
      py = qy;
    }
  return len;
}

/* The point up to ADJ_ANIM_REACH from (@x, @y) towards @box's centre; its distance in @reach. */
static void
into_box (const AdjBox *box, double x, double y, double *ix, double *iy, double *reach)
{
  const double dx = box->x + box->w / 2 - x, dy = box->y + box->h / 2 - y;
  const double d = hypot (dx, dy);

  *reach = MIN (d, ADJ_ANIM_REACH);
  *ix = d > 0 ? x + dx / d * *reach : x;
  *iy = d > 0 ? y + dy / d * *reach : y;
}

void
adj_anim_token_point (const AdjEdgePath *edge, const AdjBox *from, const AdjBox *to,
                      double fraction, double *x, double *y)
{
  const double len = path_length (edge);
  double sx, sy, ex, ey, ax, ay, bx, by, ra, rb, d;

  if (len >= ADJ_ANIM_SHORT_EDGE || from == NULL || to == NULL)
    {
      adj_edge_path_point (edge, fraction, x, y);
      return;
    }
  adj_edge_path_point (edge, 0, &sx, &sy);
  adj_edge_path_point (edge, 1, &ex, &ey);
  into_box (from, sx, sy, &ax, &ay, &ra);
  into_box (to, ex, ey, &bx, &by, &rb);
  /* Three pieces walked at one speed: into the sender's box, the path, into the receiver's. */
  d = CLAMP (fraction, 0, 1) * (ra + len + rb);
  if (d < ra)
    {
      *x = ax + (sx - ax) * d / ra;
      *y = ay + (sy - ay) * d / ra;
    }
  else if (d <= ra + len)
    adj_edge_path_point (edge, len > 0 ? (d - ra) / len : 0, x, y);
  else
    {
      const double u = rb > 0 ? (d - ra - len) / rb : 1;
      *x = ex + (bx - ex) * u;
      *y = ey + (by - ey) * u;
    }
}

gboolean
adj_anim_arrived (double t)
{
  return t >= ADJ_ANIM_ARRIVE;
}

double
adj_anim_pulse (double t)
{
  if (t < ADJ_ANIM_ARRIVE)
    return 0;
  /* A quick rise and a slower fall, ending at 0.35 so the step's node stays marked. */
  const double u = (t - ADJ_ANIM_ARRIVE) / (1 - ADJ_ANIM_ARRIVE);
  return u < 0.25 ? u / 0.25 : 1 - 0.65 * (u - 0.25) / 0.75;
}

AdjView
adj_view_fit (double layout_w, double layout_h, double width, double height, double margin,
              double max_zoom)
{
  AdjView v;
  const double aw = MAX (width - 2 * margin, 1), ah = MAX (height - 2 * margin, 1);

  v.zoom = MIN (aw / MAX (layout_w, 1), ah / MAX (layout_h, 1));
  v.zoom = CLAMP (v.zoom, ADJ_VIEW_MIN_ZOOM, MAX (max_zoom, ADJ_VIEW_MIN_ZOOM));
  v.pan_x = (width - layout_w * v.zoom) / 2;
  v.pan_y = (height - layout_h * v.zoom) / 2;
  return v;
}

void
adj_view_zoom_at (AdjView *view, double factor, double wx, double wy)
{
  double lx, ly;
  const double zoom = CLAMP (view->zoom * factor, ADJ_VIEW_MIN_ZOOM, ADJ_VIEW_MAX_ZOOM);

  adj_view_to_layout (view, wx, wy, &lx, &ly);
  view->zoom = zoom;
  view->pan_x = wx - lx * zoom;
  view->pan_y = wy - ly * zoom;
}

void
adj_view_to_layout (const AdjView *view, double wx, double wy, double *lx, double *ly)
{
  *lx = (wx - view->pan_x) / view->zoom;
  *ly = (wy - view->pan_y) / view->zoom;
}

void
adj_view_to_widget (const AdjView *view, double lx, double ly, double *wx, double *wy)
{
  *wx = lx * view->zoom + view->pan_x;
  *wy = ly * view->zoom + view->pan_y;
}

AgId
adj_layout_node_at (const AdjLayout *layout, double x, double y)
{
  for (guint i = layout->boxes->len; i-- > 0;)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, i);
      if (x >= b->x && x <= b->x + b->w && y >= b->y && y <= b->y + b->h)
        return i;
    }
  return AG_NO_ID;
}

int
adj_layout_edge_near (const AdjLayout *layout, double x, double y, double tolerance)
{
  int best = -1;
  double best_d2 = tolerance * tolerance;

  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      double px, py;

      /* Sampled finely enough that a point between samples is within a pixel or two. */
      adj_edge_path_point (e, 0, &px, &py);
      for (guint s = 1; s <= 48; s++)
        {
          double qx, qy, dx, dy, len2, u, cx, cy, d2;
          adj_edge_path_point (e, s / 48.0, &qx, &qy);
          dx = qx - px;
          dy = qy - py;
          len2 = dx * dx + dy * dy;
          u = len2 > 0 ? CLAMP (((x - px) * dx + (y - py) * dy) / len2, 0, 1) : 0;
          cx = px + u * dx - x;
          cy = py + u * dy - y;
          d2 = cx * cx + cy * cy;
          if (d2 <= best_d2)
            {
              best_d2 = d2;
              best = i;
            }
          px = qx;
          py = qy;
        }
    }
  return best;
}

AdjLayout *
adj_anim_layout_copy (const AdjLayout *layout, guint n_calls)
{
  AdjLayout *copy = g_new0 (AdjLayout, 1);
  const guint n = layout->boxes->len;

  /* Field by field, not the whole struct: a field added later and owned would be freed twice. */
  copy->width = layout->width;
  copy->height = layout->height;
  copy->font_scale = layout->font_scale;
  copy->boxes = g_array_copy (layout->boxes);
  copy->edges = g_array_copy (layout->edges);
  for (guint i = 0; i < copy->edges->len; i++)
    {
      AdjEdgePath *e = &g_array_index (copy->edges, AdjEdgePath, i);
      e->points = g_memdup2 (e->points, 2 * sizeof (double) * e->n_points);
    }
  copy->hidden = layout->hidden ? g_memdup2 (layout->hidden, n * sizeof *layout->hidden) : NULL;
  copy->stands_for = layout->stands_for ? g_memdup2 (layout->stands_for, n * sizeof *layout->stands_for) : NULL;
  copy->frames = layout->frames ? g_array_copy (layout->frames) : NULL;
  copy->open = layout->open ? g_memdup2 (layout->open, MAX (n_calls, 1) * sizeof *layout->open) : NULL;
  copy->engine = layout->engine;
  copy->note = g_strdup (layout->note);
  return copy;
}

/* How far node @id still has to go at @f: (old − new) · (1 − f), zero for a new node. */
static inline void
offset (const AdjLayout *to, const double *from, AgId id, double g, double *dx, double *dy)
{
  const AdjBox *b = &g_array_index (to->boxes, AdjBox, id);

  *dx = *dy = 0;
  if (isfinite (from[2 * id]) && isfinite (from[2 * id + 1]))
    {
      *dx = (from[2 * id] - b->x) * g;
      *dy = (from[2 * id + 1] - b->y) * g;
    }
}

void
adj_anim_layout_move (AdjLayout *out, const AdjLayout *to, const double *from, double f)
{
  const double g = 1 - CLAMP (f, 0.0, 1.0);

  g_return_if_fail (out->boxes->len == to->boxes->len && out->edges->len == to->edges->len);
  out->width = to->width;
  out->height = to->height;
  for (AgId id = 0; id < to->boxes->len; id++)
    {
      AdjBox *b = &g_array_index (out->boxes, AdjBox, id);
      double dx, dy;
      offset (to, from, id, g, &dx, &dy);
      *b = g_array_index (to->boxes, AdjBox, id);
      b->x += dx;
      b->y += dy;
      out->width = MAX (out->width, b->x + b->w);
      out->height = MAX (out->height, b->y + b->h);
    }
  for (guint i = 0; i < to->edges->len; i++)
    {
      const AdjEdgePath *src = &g_array_index (to->edges, AdjEdgePath, i);
      AdjEdgePath *e = &g_array_index (out->edges, AdjEdgePath, i);
      double ax, ay, bx, by;
      offset (to, from, src->from, g, &ax, &ay);
      offset (to, from, src->to, g, &bx, &by);
      for (guint k = 0; k < src->n_points; k++)
        {
          const double s = src->n_points > 1 ? (double) k / (src->n_points - 1) : 0;
          e->points[2 * k] = src->points[2 * k] + ax + (bx - ax) * s;
          e->points[2 * k + 1] = src->points[2 * k + 1] + ay + (by - ay) * s;
        }
    }
}
