/* adj-camera.c: the view that follows the step (see adj-camera.h). */
#include "ui/draw/adj-camera.h"

#include <math.h>

/* The step stays put while it lies this far inside the view's edge (pixels). */
#define COMFORT_INSET 24.0

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

AdjView
adj_camera_frame (const AdjLayout *layout, const AdjStepState *state, const AdjCameraViewport *vp,
                  const AdjView *current)
{
  const double readable = adj_camera_readable_zoom (vp->text_px);
  AdjCameraRect core, near;
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
    }
  else
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, state->current->to);
      v.pan_x = ADJ_CAMERA_MARGIN - b->x * zoom;
      v.pan_y = ADJ_CAMERA_MARGIN - b->y * zoom;
    }
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
