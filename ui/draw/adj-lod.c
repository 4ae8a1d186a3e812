/* adj-lod.c: level of detail (adj-lod.h): the decision, pure, and the plain level's batched
 * boxes. */
#include "ui/draw/adj-lod.h"
#include "ui/draw/adj-text-fit.h"

#include <math.h>
#include <string.h>

AdjLod
adj_lod_for (double px_per_pt, double font_scale, gboolean vector)
{
  if (font_scale <= 0)
    font_scale = 1;
  if (vector || px_per_pt >= ADJ_LOD_TEXT_MIN_SCALE)
    return ADJ_LOD_FULL;
  if (ADJ_NODE_H * font_scale * px_per_pt < ADJ_LOD_PLAIN_BOX_PX)
    return ADJ_LOD_PLAIN;
  return ADJ_LOD_BOXES;
}

gboolean
adj_lod_target_is_vector (cairo_surface_t *target)
{
  const cairo_surface_type_t type = cairo_surface_get_type (target);

  return type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG ||
         type == CAIRO_SURFACE_TYPE_PS;
}

AdjLodFill
adj_lod_fill_of (const AgNode *n)
{
  /* As the scene's draw_box() chooses its fill. */
  return n->role == AG_ROLE_CONST ? ADJ_LOD_FILL_CONST
       : ag_node_is_differentiable_leaf (n) || n->role == AG_ROLE_DATA ? ADJ_LOD_FILL_INPUT
       : n->role == AG_ROLE_OUTPUT ? ADJ_LOD_FILL_OUTPUT : ADJ_LOD_FILL_BOX;
}

guint
adj_lod_add_boxes (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout, AdjLodFill fill,
                   double x1, double y1, double x2, double y2, AgId skip_a, AgId skip_b)
{
  const AdjBox *boxes = (const AdjBox *) layout->boxes->data;
  guint n = 0;

  for (AgId id = 0; id < layout->boxes->len; id++)
    {
      const AdjBox *b = &boxes[id];
      if (b->x > x2 || b->y > y2 || b->x + b->w < x1 || b->y + b->h < y1 || id == skip_a
          || id == skip_b || !adj_layout_node_drawn (layout, id)
          || adj_lod_fill_of (ag_graph_node (graph, id)) != fill)
        continue;
      cairo_rectangle (cr, b->x, b->y, b->w, b->h);
      n++;
    }
  return n;
}

void
adj_lod_fill_boxes (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                    const double *const *fills, const double *outline, AgId skip_a, AgId skip_b)
{
  double x1, y1, x2, y2;

  cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
  for (guint f = 0; f < ADJ_LOD_N_FILLS; f++)
    if (adj_lod_add_boxes (cr, graph, layout, f, x1, y1, x2, y2, skip_a, skip_b))
      {
        /* Without its outline a pale box would vanish: its fill goes most of the way to the
         * outline's colour, keeping its hue. */
        cairo_set_source_rgb (cr, 0.35 * fills[f][0] + 0.65 * outline[0],
                              0.35 * fills[f][1] + 0.65 * outline[1],
                              0.35 * fills[f][2] + 0.65 * outline[2]);
        cairo_fill (cr);
      }
}

/* A line of one-pixel steps from (@x0, @y0) to (@x1, @y1) into @data (@w × @h, @stride), the
 * part outside skipped. */
static void
mask_line (guint8 *data, int w, int h, int stride, double x0, double y0, double x1, double y1)
{
  const double dx = x1 - x0, dy = y1 - y0, n = ceil (MAX (fabs (dx), fabs (dy)));
  double t0 = 0, t1 = 1;

  /* Clip to the mask (Liang–Barsky), so a long line across a zoomed view costs its visible part. */
  const double p[4] = { -dx, dx, -dy, dy }, q[4] = { x0, w - 1 - x0, y0, h - 1 - y0 };
  for (guint k = 0; k < 4; k++)
    {
      if (p[k] == 0)
        {
          if (q[k] < 0)
            return;
          continue;
        }
      const double r = q[k] / p[k];
      if (p[k] < 0)
        t0 = MAX (t0, r);
      else
        t1 = MIN (t1, r);
    }
  if (t0 > t1)
    return;
  for (double i = ceil (t0 * n); i <= floor (t1 * n); i++)
    {
      const double t = n > 0 ? i / n : 0;
      const int x = (int) (x0 + t * dx + 0.5), y = (int) (y0 + t * dy + 0.5);
      if (x >= 0 && y >= 0 && x < w && y < h)
        data[(gsize) y * stride + x] = 0xff;
    }
}

guint
adj_lod_paint_lines (cairo_t *cr, const AdjLayout *layout, AdjLodEdgeSkip skip, gpointer data)
{
  static cairo_surface_t *mask;   /* main thread; kept at the view's size */
  double x1, y1, x2, y2, ox, oy;
  int w, h, stride;
  guint8 *pixels;
  guint n = 0;

  /* The clip's corners in device pixels: the mask covers them (no rotation: the canvas and
   * export only translate and scale). */
  cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
  cairo_user_to_device (cr, &x1, &y1);
  cairo_user_to_device (cr, &x2, &y2);
  ox = floor (MIN (x1, x2));
  oy = floor (MIN (y1, y2));
  w = (int) MIN (ceil (MAX (x1, x2)) - ox, 8192);
  h = (int) MIN (ceil (MAX (y1, y2)) - oy, 8192);
  if (w <= 0 || h <= 0)
    return 0;
  if (mask == NULL || cairo_image_surface_get_width (mask) != w || cairo_image_surface_get_height (mask) != h)
    {
      g_clear_pointer (&mask, cairo_surface_destroy);
      mask = cairo_image_surface_create (CAIRO_FORMAT_A8, w, h);
    }
  cairo_surface_flush (mask);
  pixels = cairo_image_surface_get_data (mask);
  stride = cairo_image_surface_get_stride (mask);
  memset (pixels, 0, (gsize) stride * h);
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      if (skip && skip (i, e, data))
        continue;
      /* Through each cubic segment's ends: a wrapped layout's edge keeps to its lane. */
      for (guint p = 0; p + 3 < e->n_points; p += 3)
        {
          double ax = e->points[2 * p], ay = e->points[2 * p + 1];
          double bx = e->points[2 * (p + 3)], by = e->points[2 * (p + 3) + 1];
          cairo_user_to_device (cr, &ax, &ay);
          cairo_user_to_device (cr, &bx, &by);
          mask_line (pixels, w, h, stride, ax - ox, ay - oy, bx - ox, by - oy);
        }
      n++;
    }
  cairo_surface_mark_dirty (mask);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  {
    /* Back from device pixels to the target's user space at identity (a device offset, if any). */
    double dx = ox, dy = oy;
    cairo_device_to_user (cr, &dx, &dy);
    cairo_mask_surface (cr, mask, dx, dy);
  }
  cairo_restore (cr);
  return n;
}
