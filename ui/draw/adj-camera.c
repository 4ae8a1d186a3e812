/* adj-camera.c: the view that follows the step (see adj-camera.h). */
#include "ui/draw/adj-camera.h"

#include <math.h>

/* The step stays put while it lies this far inside the view's edge (pixels). */
#define COMFORT_INSET 24.0
#define EDGE_ROOM 4.0        /* px: a box nearer the viewport's edge than this looks cut */

double
adj_camera_readable_zoom (double text_px)
{
  return ADJ_CAMERA_READABLE_PX / MAX (text_px, 1e-3);
}

static AdjView
fit_whole (const AdjLayout *layout, const AdjCameraViewport *vp)
{
  return adj_view_fit (layout->width, layout->height, vp->width, vp->height,
                       vp->fit_margin > 0 ? vp->fit_margin : ADJ_CAMERA_MARGIN,
                       vp->max_fit_zoom > 0 ? vp->max_fit_zoom : 1.5);
}

gboolean
adj_camera_fits_whole (const AdjLayout *layout, const AdjCameraViewport *vp)
{
  /* A hair of tolerance: a fit that lands on the bar exactly counts as readable. */
  return fit_whole (layout, vp).zoom * vp->text_px >= ADJ_CAMERA_READABLE_PX - 1e-9;
}

static void
rect_add_box (AdjCameraRect *r, const AdjBox *b)
{
  r->x1 = MIN (r->x1, b->x);
  r->y1 = MIN (r->y1, b->y);
  r->x2 = MAX (r->x2, b->x + b->w);
  /* With what hangs below a box: the "k of n paths" badge. */
  r->y2 = MAX (r->y2, b->y + b->h + ADJ_CAMERA_BADGE_ROOM);
}

static gboolean
node_ok (const AdjLayout *layout, AgId id)
{
  return id != AG_NO_ID && id < layout->boxes->len;
}

gboolean
adj_camera_step_rect (const AdjLayout *layout, const AdjStepState *state, gboolean neighbours,
                      AdjCameraRect *rect)
{
  const AgStep *s = state->current;
  AdjCameraRect r = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };

  if (s == NULL || !node_ok (layout, s->to))
    return FALSE;
  rect_add_box (&r, &g_array_index (layout->boxes, AdjBox, s->to));
  if (node_ok (layout, s->from))
    rect_add_box (&r, &g_array_index (layout->boxes, AdjBox, s->from));
  /* The edges the step uses and, asked for, the nodes one edge from its two ends: one pass,
   * no allocation (the view asks on every step of a 2,000-node chain). */
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      const gboolean active = adj_step_uses_edge (s, e);
      const gboolean near = e->to == s->to || e->from == s->to ||
                            (s->from != AG_NO_ID && (e->to == s->from || e->from == s->from));

      if (!active && !(neighbours && near))
        continue;
      if (node_ok (layout, e->from))
        rect_add_box (&r, &g_array_index (layout->boxes, AdjBox, e->from));
      if (node_ok (layout, e->to))
        rect_add_box (&r, &g_array_index (layout->boxes, AdjBox, e->to));
    }
  *rect = r;
  return TRUE;
}

/* TRUE when @r, with @inset pixels around it, fits a viewport at @zoom. */
static gboolean
fits_at (const AdjCameraRect *r, const AdjCameraViewport *vp, double zoom, double inset)
{
  return (r->x2 - r->x1) * zoom + 2 * inset <= vp->width &&
         (r->y2 - r->y1) * zoom + 2 * inset <= vp->height;
}

/* TRUE when @r lies inside @view's viewport with @inset pixels to spare. */
static gboolean
inside (const AdjCameraRect *r, const AdjView *view, const AdjCameraViewport *vp, double inset)
{
  double x1, y1, x2, y2;

  adj_view_to_widget (view, r->x1, r->y1, &x1, &y1);
  adj_view_to_widget (view, r->x2, r->y2, &x2, &y2);
  return x1 >= inset && y1 >= inset && x2 <= vp->width - inset && y2 <= vp->height - inset;
}

/* Pans so the layout's edges come no further in than the margin where the layout is larger than
 * the viewport (no empty band beside the graph), and centres it where it is smaller. */
static void
clamp_to_layout (AdjView *v, const AdjLayout *layout, const AdjCameraViewport *vp)
{
  const double w = layout->width * v->zoom, h = layout->height * v->zoom, m = ADJ_CAMERA_MARGIN;

  if (w + 2 * m <= vp->width)
    v->pan_x = (vp->width - w) / 2;
  else
    v->pan_x = CLAMP (v->pan_x, vp->width - m - w, m);
  if (h + 2 * m <= vp->height)
    v->pan_y = (vp->height - h) / 2;
  else
    v->pan_y = CLAMP (v->pan_y, vp->height - m - h, m);
}

/* Where box @b lies on one axis of the widget under @v: [*lo, *hi] (x when @axis is 0, else y,
 * with the paths badge's room below), and on the other axis [*olo, *ohi]. */
static void
box_span (const AdjBox *b, const AdjView *v, int axis, double *lo, double *hi, double *olo,
          double *ohi)
{
  double x1, y1, x2, y2;

  adj_view_to_widget (v, b->x, b->y, &x1, &y1);
  adj_view_to_widget (v, b->x + b->w, b->y + b->h + ADJ_CAMERA_BADGE_ROOM, &x2, &y2);
  *lo = axis == 0 ? x1 : y1;
  *hi = axis == 0 ? x2 : y2;
  *olo = axis == 0 ? y1 : x1;
  *ohi = axis == 0 ? y2 : x2;
}

/* How many boxes the viewport's edges on @axis would cut with the view shifted by @shift px:
 * boxes seen in part, or closer than EDGE_ROOM to the edge, among those across the other axis. */
static guint
cut_boxes (const AdjLayout *layout, const AdjView *v, int axis, double size, double other,
           double shift)
{
  guint n = 0;

  for (guint i = 0; i < layout->boxes->len; i++)
    {
      double lo, hi, olo, ohi;

      box_span (&g_array_index (layout->boxes, AdjBox, i), v, axis, &lo, &hi, &olo, &ohi);
      if (ohi <= 0 || olo >= other)
        continue;
      lo += shift;
      hi += shift;
      n += (lo < EDGE_ROOM && hi > 0) || (hi > size - EDGE_ROOM && lo < size);
    }
  return n;
}

/* Shifts @v along @axis, by less than a third of the viewport and keeping @core inside with the
 * comfort inset (and the layout's edges at most a quarter of the viewport in), so that the viewport's
 * edges cut as few boxes as can be: half a box at the edge reads as a clipped number. Candidates
 * put an edge just outside or just inside a box near it. */
static void
settle_axis (AdjView *v, const AdjLayout *layout, const AdjCameraRect *core,
             const AdjCameraViewport *vp, int axis)
{
  const double size = axis == 0 ? vp->width : vp->height, other = axis == 0 ? vp->height : vp->width;
  const double extent = (axis == 0 ? layout->width : layout->height) * v->zoom;
  const double pan = axis == 0 ? v->pan_x : v->pan_y, m = ADJ_CAMERA_MARGIN;
  double c1, c2, lo_shift, hi_shift, best = 0;
  guint best_cut;

  if (extent + 2 * m <= size)
    return;                                   /* centred: nothing is cut */
  {
    double x1, y1, x2, y2;
    adj_view_to_widget (v, core->x1, core->y1, &x1, &y1);
    adj_view_to_widget (v, core->x2, core->y2, &x2, &y2);
    c1 = axis == 0 ? x1 : y1;
    c2 = axis == 0 ? x2 : y2;
  }
  /* An empty band of up to a quarter of the viewport beside the layout is better than half a
   * box at the other edge. */
  lo_shift = MAX (MAX (COMFORT_INSET - c1, -size / 3), size - m - extent - pan - size / 4);
  hi_shift = MIN (MIN (size - COMFORT_INSET - c2, size / 3), m - pan + size / 4);
  if (lo_shift > 0 || hi_shift < 0)
    return;                                   /* no room to move: keep the framing */
  best_cut = cut_boxes (layout, v, axis, size, other, 0);
  for (guint i = 0; i < layout->boxes->len && best_cut > 0; i++)
    {
      double lo, hi, olo, ohi;

      box_span (&g_array_index (layout->boxes, AdjBox, i), v, axis, &lo, &hi, &olo, &ohi);
      if (ohi <= 0 || olo >= other || hi < -size / 3 || lo > size * 4 / 3)
        continue;
      {
        const double cand[4] = { EDGE_ROOM - lo, -hi, size - EDGE_ROOM - hi, size - lo };
        for (guint k = 0; k < 4; k++)
          {
            guint cut;
            if (cand[k] < lo_shift || cand[k] > hi_shift)
              continue;
            cut = cut_boxes (layout, v, axis, size, other, cand[k]);
            if (cut < best_cut || (cut == best_cut && fabs (cand[k]) < fabs (best)))
              {
                best_cut = cut;
                best = cand[k];
              }
          }
      }
    }
  if (axis == 0)
    v->pan_x += best;
  else
    v->pan_y += best;
}

AdjView
adj_camera_frame (const AdjLayout *layout, const AdjStepState *state, const AdjCameraViewport *vp,
                  const AdjView *current)
{
  const double readable = adj_camera_readable_zoom (vp->text_px);
  AdjCameraRect core, near, keep;
  const AdjCameraRect *target;
  double zoom;
  AdjView v;

  if (vp->width <= 1 || vp->height <= 1 || adj_camera_fits_whole (layout, vp) ||
      !adj_camera_step_rect (layout, state, FALSE, &core))
    return fit_whole (layout, vp);
  adj_camera_step_rect (layout, state, TRUE, &near);

  /* One zoom for the whole lesson, so stepping pans and does not pump: the readable one, or the
   * viewer's own when it is readable and holds the step. */
  zoom = readable;
  if (current && current->zoom >= readable - 1e-9 && current->zoom <= ADJ_VIEW_MAX_ZOOM &&
      fits_at (&core, vp, current->zoom, COMFORT_INSET))
    zoom = current->zoom;
  if (current && zoom == current->zoom && inside (&core, current, vp, COMFORT_INSET))
    return *current;

  /* Centre the neighbourhood when it fits, else the step, else the node the step sets (a node
   * larger than the viewport shows its top-left corner, where its name is). */
  target = fits_at (&near, vp, zoom, ADJ_CAMERA_MARGIN) ? &near : &core;
  v.zoom = zoom;
  if (fits_at (target, vp, zoom, 0))
    {
      v.pan_x = vp->width / 2 - (target->x1 + target->x2) / 2 * zoom;
      v.pan_y = vp->height / 2 - (target->y1 + target->y2) / 2 * zoom;
      clamp_to_layout (&v, layout, vp);
      keep = *target;
    }
  else
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, state->current->to);
      v.pan_x = ADJ_CAMERA_MARGIN - b->x * zoom;
      v.pan_y = ADJ_CAMERA_MARGIN - b->y * zoom;
      keep = (AdjCameraRect) { b->x, b->y, b->x + b->w, b->y + b->h + ADJ_CAMERA_BADGE_ROOM };
    }
  settle_axis (&v, layout, &keep, vp, 0);
  settle_axis (&v, layout, &keep, vp, 1);
  return v;
}

AdjView
adj_camera_lerp (const AdjView *from, const AdjView *to, double width, double height, double t)
{
  double fx, fy, tx, ty;
  AdjView v;

  t = CLAMP (t, 0, 1);
  adj_view_to_layout (from, width / 2, height / 2, &fx, &fy);
  adj_view_to_layout (to, width / 2, height / 2, &tx, &ty);
  v.zoom = exp (log (from->zoom) + (log (to->zoom) - log (from->zoom)) * t);
  v.pan_x = width / 2 - (fx + (tx - fx) * t) * v.zoom;
  v.pan_y = height / 2 - (fy + (ty - fy) * t) * v.zoom;
  if (t >= 1)
    v = *to;
  return v;
}

AdjView
adj_camera_page_view (const AgGraph *graph, const AdjLayout *layout, const AgTrace *trace, guint k,
                      double width, double height, double margin, double max_fit_zoom)
{
  const AdjCameraViewport vp = { width, height, ADJ_CAMERA_NODE_TEXT_PX, max_fit_zoom, margin };
  AdjStepState st;
  AdjView v;

  /* A page is drawn once: a state of its own costs one allocation per page, not per frame. */
  adj_step_state_init (&st);
  adj_step_state_compute (&st, graph, trace, k, 1);
  v = adj_camera_frame (layout, &st, &vp, NULL);
  adj_step_state_clear (&st);
  return v;
}
