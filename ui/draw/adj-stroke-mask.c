/* adj-stroke-mask.c: the chart's own line rasteriser: round-capped, round-joined, dashed
 * polylines into an A8 mask (see adj-stroke-mask.h).
 *
 * Why it exists: Cairo's stroker and scan converter take milliseconds over a noisy series:
 * a few hundred long, steep segments with a sharp turn at each, cut into hundreds of dashes
 * with round caps. Measured on the training lab's charts, a frame costs 1.4 ms through this
 * rasteriser against 3.6–10.8 ms through Cairo's stroker, so it stays, for raster targets;
 * vector files and unknown pixels still go to cairo_stroke().
 *
 * How: the mask is the plot's size in pixels, and the series' colour is painted through it
 * once. A round-capped, round-joined stroke is the union of discs at its vertices and dash
 * ends and of bands along its segments; a pixel is covered by max (0, min (1, r + 1/2 - d)),
 * d its centre's distance to the nearest, which is a box filter's coverage of a straight
 * edge. The union takes the greatest coverage, so crossings and joins do not darken. The
 * cost is the pixels near the line, a few per row it crosses, with no sorting of edges. */
#include "ui/draw/adj-stroke-mask.h"

#include <math.h>
#include <string.h>

/* A disc is copied from one of STAMP_STEPS² pre-drawn ones, each offset by 1/STAMP_STEPS of a
 * pixel; a plot larger than MAX_MASK_PIXELS is stroked by cairo instead. */
#define STAMP_STEPS      16
#define MAX_MASK_PIXELS  (4096 * 4096)
#define MAX_RASTER_WIDTH 24.0    /* pixels: wider lines (a zoomed export) are cairo's */
#define BAND_TABLE_ROWS  32      /* a band this long makes a table of its rows' coverage */
#define BAND_MAX_ACROSS  40      /* the widest row such a table holds */

struct _AdjStrokeMask
{
  cairo_surface_t *mask;          /* A8: one series' coverage over the plot, or NULL */
  cairo_pattern_t *mask_pattern;  /* of mask */
  guint8          *stamps;        /* STAMP_STEPS² discs of stamp_size² coverages */
  double           stamp_radius;  /* the discs' radius in pixels; 0 before the first */
  int              stamp_size;
};

/* One series' coverage, being drawn. */
typedef struct {
  guint8       *data;
  int           stride, width, height;
  float         reach;         /* half the line width plus half a pixel: coverage ends there */
  const guint8 *stamps;
  int           stamp_size;
} Raster;

/* floor(), without a call into the maths library on CPUs that lack a rounding instruction. */
static inline int
floor_int (float v)
{
  int i = (int) v;

  return i - (v < (float) i);
}

/* Raises the pixel at @p to the coverage @c, clamped to 0..1. */
static inline void
cover (guint8 *p, float c)
{
  /* Clamped as an integer, which compiles to conditional moves: the coverage of the pixels
   * at a line's edge goes up and down too irregularly for branches. */
  int v = (int) (c * 255 + 0.5f);

  v = v < 255 ? v : 255;
  v = v > 0 ? v : 0;
  *p = *p > v ? *p : (guint8) v;
}

gboolean
adj_stroke_mask_plan (cairo_t *cr, double scale_factor, const AdjChartRect *plot,
                      double line_width, AdjStrokePlan *plan)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_matrix_t m;
  double f, sx, sy, ox, oy, tx, ty, x0, y0, x1, y1;

  switch (cairo_surface_get_type (target))
    {
    case CAIRO_SURFACE_TYPE_IMAGE:
      f = 1;
      break;
    case CAIRO_SURFACE_TYPE_RECORDING:
      f = scale_factor;
      break;
    default:
      f = 0;
      break;
    }
  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  if (!(f > 0) || m.xy != 0 || m.yx != 0 || !(m.xx > 0) || m.xx != m.yy || sx != sy)
    return FALSE;

  /* A pixel is f · (device scale · (matrix · user) + device offset). */
  plan->scale = f * sx * m.xx;
  tx = f * (sx * m.x0 + ox);
  ty = f * (sy * m.y0 + oy);
  x0 = floor (plan->scale * plot->origin.x + tx);
  y0 = floor (plan->scale * plot->origin.y + ty);
  x1 = ceil (plan->scale * (plot->origin.x + plot->size.width) + tx);
  y1 = ceil (plan->scale * (plot->origin.y + plot->size.height) + ty);
  if (!((x1 - x0) * (y1 - y0) <= MAX_MASK_PIXELS) || fabs (x0) > 1e6 || fabs (y0) > 1e6 ||
      line_width * plan->scale > MAX_RASTER_WIDTH)
    return FALSE;
  plan->dx = tx - x0;
  plan->dy = ty - y0;
  plan->width = (int) (x1 - x0);
  plan->height = (int) (y1 - y0);
  plan->device_scale = f * sx;
  plan->paint_x = (x0 / f - ox) / sx;
  plan->paint_y = (y0 / f - oy) / sy;
  return TRUE;
}

void
adj_stroke_mask_drop (AdjStrokeMask *self)
{
  g_clear_pointer (&self->mask_pattern, cairo_pattern_destroy);
  g_clear_pointer (&self->mask, cairo_surface_destroy);
}

gboolean
adj_stroke_mask_prepare (AdjStrokeMask *self, const AdjStrokePlan *plan, double line_width)
{
  double radius = line_width * plan->scale / 2 + 0.5;
  cairo_matrix_t m;

  if (self->mask != NULL && (cairo_image_surface_get_width (self->mask) != plan->width ||
                             cairo_image_surface_get_height (self->mask) != plan->height))
    adj_stroke_mask_drop (self);
  if (self->mask == NULL)
    {
      self->mask = cairo_image_surface_create (CAIRO_FORMAT_A8, plan->width, plan->height);
      self->mask_pattern = cairo_pattern_create_for_surface (self->mask);
      if (cairo_pattern_status (self->mask_pattern) != CAIRO_STATUS_SUCCESS)
        {
          adj_stroke_mask_drop (self);
          return FALSE;
        }
    }
  cairo_surface_set_device_scale (self->mask, plan->device_scale, plan->device_scale);
  cairo_matrix_init_translate (&m, -plan->paint_x, -plan->paint_y);
  cairo_pattern_set_matrix (self->mask_pattern, &m);

  if (self->stamp_radius != radius)
    {
      int size = (int) ceil (2 * radius);

      /* Disc (qx, qy) is centred qx/STAMP_STEPS of a pixel right of (and qy below) the one
       * before, half a step in, so each stands for the offsets nearest it. */
      self->stamps = g_renew (guint8, self->stamps,
                              (gsize) STAMP_STEPS * STAMP_STEPS * size * size);
      for (int qy = 0; qy < STAMP_STEPS; qy++)
        for (int qx = 0; qx < STAMP_STEPS; qx++)
          {
            guint8 *stamp = self->stamps + (gsize) (qy * STAMP_STEPS + qx) * size * size;
            double cx = radius - 0.5 + (qx + 0.5) / STAMP_STEPS;
            double cy = radius - 0.5 + (qy + 0.5) / STAMP_STEPS;

            for (int y = 0; y < size; y++)
              for (int x = 0; x < size; x++)
                {
                  stamp[y * size + x] = 0;
                  cover (&stamp[y * size + x],
                         (float) (radius - hypot (x + 0.5 - cx, y + 0.5 - cy)));
                }
          }
      self->stamp_radius = radius;
      self->stamp_size = size;
    }
  return TRUE;
}

/* A disc of the line's width centred on (@cx, @cy): a round cap, a join or a dot. */
static inline void
raster_disc (const Raster *r, float cx, float cy)
{
  int n = r->stamp_size;
  /* The top-left pixel the disc can reach, in 1/STAMP_STEPS of a pixel: its whole part
   * places the stamp, the rest picks it. */
  int fx = floor_int ((cx - r->reach + 0.5f) * STAMP_STEPS);
  int fy = floor_int ((cy - r->reach + 0.5f) * STAMP_STEPS);
  int x0 = fx >= 0 ? fx / STAMP_STEPS : -1 - (-1 - fx) / STAMP_STEPS;
  int y0 = fy >= 0 ? fy / STAMP_STEPS : -1 - (-1 - fy) / STAMP_STEPS;
  const guint8 *stamp = r->stamps + (gsize) ((fy - y0 * STAMP_STEPS) * STAMP_STEPS +
                                             (fx - x0 * STAMP_STEPS)) * n * n;
  int xa = MAX (x0, 0), xb = MIN (x0 + n, r->width);
  int ya = MAX (y0, 0), yb = MIN (y0 + n, r->height);

  if (xb - xa == n && yb - ya == n)
    {
      /* Inside the mask, as nearly all are. */
      guint8 *row = r->data + (gsize) y0 * r->stride + x0;

      for (int y = 0; y < n; y++, row += r->stride, stamp += n)
        for (int x = 0; x < n; x++)
          row[x] = row[x] > stamp[x] ? row[x] : stamp[x];
      return;
    }
  for (int y = ya; y < yb; y++)
    {
      guint8 *row = r->data + (gsize) y * r->stride;
      const guint8 *src = stamp + (y - y0) * n - x0;

      for (int x = xa; x < xb; x++)
        row[x] = row[x] > src[x] ? row[x] : src[x];
    }
}

/* The straight part of a vertical stroke at @x from @ay to @by, as each pixel column of a
 * long run is: the same coverage on every row. */
static void
raster_vertical (const Raster *r, float x, float ay, float by)
{
  guint8 row[BAND_MAX_ACROSS];
  int xa = MAX (floor_int (x - r->reach + 0.5f), 0);
  int xb = MIN (floor_int (x + r->reach - 0.5f), r->width - 1);
  int n = xb - xa + 1, y0, y1;

  for (int i = 0; i < n; i++)
    {
      row[i] = 0;
      cover (&row[i], r->reach - fabsf (xa + i + 0.5f - x));
    }
  y0 = MAX (floor_int (MIN (ay, by) + 0.5f), 0);    /* centres within the segment */
  y1 = MIN (floor_int (MAX (ay, by) - 0.5f), r->height - 1);
  for (int y = y0; y <= y1; y++)
    {
      guint8 *p = r->data + (gsize) y * r->stride + xa;

      for (int i = 0; i < n; i++)
        p[i] = p[i] > row[i] ? p[i] : row[i];
    }
}

/* A long band's table: the coverage of @n pixels across a row, for each of the STAMP_STEPS
 * offsets of the row's first pixel from the line (@across and @k as in raster_band()). */
static void
fill_band_table (guint8 rows[STAMP_STEPS][BAND_MAX_ACROSS], int n, float reach, float across,
                 float k)
{
  for (int q = 0; q < STAMP_STEPS; q++)
    for (int i = 0; i < n; i++)
      {
        rows[q][i] = 0;
        cover (&rows[q][i], reach - fabsf ((i + 1 - across - (q + 0.5f) / STAMP_STEPS) * k));
      }
}

/* The straight part of a stroke from (@ax, @ay) to (@bx, @by): the pixels whose centres
 * project onto the segment; the discs at its ends do the rest. Walks the rows a steep
 * segment crosses, or the columns of a shallow one, and the same few pixels across each, so
 * that the branches go the same way row after row. */
static void
raster_band (const Raster *r, float ax, float ay, float bx, float by)
{
  float dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy, len, ux, uy, k, slope, across;
  int along_n, across_n, y0, y1, mid0, mid1, n;
  gsize along_step, across_step;
  guint8 rows[STAMP_STEPS][BAND_MAX_ACROSS];
  gint64 fx = 0, fx_step = 0;
  gboolean table;

  /* Shorter than a quarter pixel, the discs at its ends leave out less than 1/100 of one. */
  if (!(len2 >= 0.0625f))
    return;
  len = sqrtf (len2);
  if (dx == 0 && 2 * r->reach < BAND_MAX_ACROSS)
    {
      raster_vertical (r, ax, ay, by);
      return;
    }
  if (fabsf (dy) < fabsf (dx))
    {
      /* Shallow: the same, with x and y swapped. */
      float t;

      t = ax, ax = ay, ay = t;
      t = bx, bx = by, by = t;
      t = dx, dx = dy, dy = t;
      along_n = r->width;
      across_n = r->height;
      along_step = 1;
      across_step = (gsize) r->stride;
    }
  else
    {
      along_n = r->height;
      across_n = r->width;
      along_step = (gsize) r->stride;
      across_step = 1;
    }
  ux = dx / len;
  uy = dy / len;
  k = fabsf (uy);                /* distance from the line per pixel across */
  slope = dx / dy;
  across = r->reach / k;         /* how far across a row the coverage reaches */
  n = (int) ceilf (2 * across);  /* pixels across a row that it can reach */
  y0 = MAX (floor_int (MIN (ay, by) - r->reach + 0.5f), 0);
  y1 = MIN (floor_int (MAX (ay, by) + r->reach - 0.5f), along_n - 1);

  /* The rows whose pixels all project onto the segment, well inside its ends: a pixel is
   * within across + 1 of the line's point on its row, so within du of that point along it. */
  {
    float du = (across + 1) * fabsf (ux), lo = ay + uy * du, hi = ay + uy * (len - du);

    mid0 = MAX (floor_int (MIN (lo, hi) + 0.5f), y0);   /* row centres from MIN (lo, hi) */
    mid1 = MIN (floor_int (MAX (lo, hi) - 0.5f), y1);
    if (!(len > 2 * du))
      mid0 = y1 + 1, mid1 = y1;
  }
  /* A long band takes those rows' coverage from a table of the STAMP_STEPS offsets of the
   * row's first pixel from the line, as the discs do, and steps from row to row in fixed
   * point (1/65536 of a step): a few byte copies a row. */
  table = mid1 - mid0 >= BAND_TABLE_ROWS && n <= BAND_MAX_ACROSS;
  if (table)
    {
      double start = ax + (mid0 + 0.5 - ay) * slope - across + 0.5;

      fx = (gint64) floor (start * STAMP_STEPS * 65536 + 0.5);
      fx_step = (gint64) floor ((double) slope * STAMP_STEPS * 65536 + 0.5);
      fill_band_table (rows, n, r->reach, across, k);
    }

  for (int y = y0; y <= y1; y++)
    {
      guint8 *p = r->data + (gsize) y * along_step;
      float yc, xc, h, u;
      int xa;

      if (table && y >= mid0 && y <= mid1)
        {
          int xq = (int) (fx / 65536);

          xa = xq / STAMP_STEPS;
          if (fx >= 0 && xa + n <= across_n)
            {
              const guint8 *src = rows[xq % STAMP_STEPS];

              p += (gsize) xa * across_step;
              for (int i = 0; i < n; i++, p += across_step)
                *p = *p > src[i] ? *p : src[i];
              fx += fx_step;
              continue;
            }
          fx += fx_step;
        }

      /* The pixels from where the coverage can start, each covered by its distance from the
       * line if its centre projects onto the segment. */
      yc = y + 0.5f - ay;
      xc = ax + yc * slope;
      xa = floor_int (xc - across + 0.5f);
      h = (xa + 0.5f - xc) * k;                  /* signed distance from the line */
      u = (xa + 0.5f - ax) * ux + yc * uy;       /* along the segment, from a */
      if (y >= mid0 && y <= mid1 && xa >= 0 && xa + n <= across_n)
        {
          p += (gsize) xa * across_step;
          for (int i = 0; i < n; i++, h += k, p += across_step)
            cover (p, r->reach - fabsf (h));
        }
      else
        for (int x = xa; x < xa + n; x++, h += k, u += ux)
          if (x >= 0 && x < across_n && u >= 0 && u <= len)
            cover (p + (gsize) x * across_step, r->reach - fabsf (h));
    }
}

/* The trace's runs with the series' dashes, as cairo would stroke them: the pattern starts
 * afresh with each run, dashes turn corners, and every dash has round caps. */
static void
raster_trace (const Raster *r, const AdjStrokePlan *plan, const double *xy, gsize len_xy,
              const double *dashes, int n_dashes)
{
  int dash = 0;
  gboolean start = TRUE;
  double px = 0, py = 0, left = 0;

  for (gsize i = 0; i < len_xy; i += 2)
    {
      double x, y, sx, sy, len, step_x, step_y, t = 0;

      if (isnan (xy[i]))
        {
          start = TRUE;
          continue;
        }
      x = plan->scale * xy[i] + plan->dx;
      y = plan->scale * xy[i + 1] + plan->dy;
      if (start)
        {
          raster_disc (r, (float) x, (float) y);
          start = FALSE;
          dash = 0;
          left = n_dashes > 0 ? dashes[0] : INFINITY;
          px = x;
          py = y;
          continue;
        }

      sx = px;
      sy = py;
      len = sqrt ((x - sx) * (x - sx) + (y - sy) * (y - sy));
      step_x = len > 0 ? (x - sx) / len : 0;
      step_y = len > 0 ? (y - sy) / len : 0;
      /* Each end of a dash inside this segment: a cap closing one (on an even index), or
       * opening the next. A dot's two caps are one disc. */
      while (len - t > left)
        {
          double qx, qy;

          t += left;
          qx = sx + step_x * t;
          qy = sy + step_y * t;
          if (dash % 2 == 0)
            {
              if (dashes[dash] >= 1.0 / STAMP_STEPS)
                {
                  raster_band (r, (float) px, (float) py, (float) qx, (float) qy);
                  raster_disc (r, (float) qx, (float) qy);
                }
            }
          else
            raster_disc (r, (float) qx, (float) qy);
          if (++dash == n_dashes)
            dash = 0;
          left = dashes[dash];
          px = qx;
          py = qy;
        }
      left -= len - t;
      if (dash % 2 == 0)
        {
          raster_band (r, (float) px, (float) py, (float) x, (float) y);
          raster_disc (r, (float) x, (float) y);     /* a join, or the last cap */
        }
      px = x;
      py = y;
    }
}

#define MAX_DASHES 8

void
adj_stroke_mask_paint (AdjStrokeMask *self, cairo_t *cr, const AdjStrokePlan *plan,
                       const double *xy, gsize len, double line_width, const double *dashes,
                       int n_dashes)
{
  double unit = line_width * plan->scale;   /* a line width in pixels */
  double px_dashes[MAX_DASHES];
  Raster r;

  g_return_if_fail (self->mask != NULL);
  g_return_if_fail (n_dashes >= 0 && n_dashes <= MAX_DASHES);

  for (int i = 0; i < n_dashes; i++)
    px_dashes[i] = dashes[i] * unit;
  /* Before writing into the pixels: a recording that still holds the last series gets its
   * own copy now. */
  cairo_surface_flush (self->mask);
  r = (Raster) {
    cairo_image_surface_get_data (self->mask), cairo_image_surface_get_stride (self->mask),
    plan->width, plan->height, (float) self->stamp_radius, self->stamps, self->stamp_size,
  };
  memset (r.data, 0, (gsize) r.stride * r.height);
  raster_trace (&r, plan, xy, len, px_dashes, n_dashes);
  cairo_surface_mark_dirty (self->mask);
  cairo_mask (cr, self->mask_pattern);
}

AdjStrokeMask *
adj_stroke_mask_new (void)
{
  return g_new0 (AdjStrokeMask, 1);
}

void
adj_stroke_mask_free (AdjStrokeMask *self)
{
  if (self == NULL)
    return;
  adj_stroke_mask_drop (self);
  g_free (self->stamps);
  g_free (self);
}
