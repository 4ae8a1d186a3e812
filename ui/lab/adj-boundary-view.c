/* adj-boundary-view.c: the training lab's decision boundary: a prediction heatmap under the
 * data's points (see adj-boundary-view.h). */
#include "ui/lab/adj-boundary-view.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include "ui/draw/adj-chart-scale.h"
#include "ui/draw/adj-palette.h"

/* Sizes at font-scale 1: text in points, the rest in pixels. */
#define LABEL_PT      9.0
#define MARGIN        24.0    /* around the plot, on all four sides, so it stays centred */
#define TICK_LEN      4.0
#define TICK_GAP      2.0     /* between a tick and its label */
#define MAX_TICKS     5       /* per axis, as adj_chart_nice_ticks() picks them: −1, 0, 1 on ±1.5 */
#define HEAT_MAX      0.68    /* the heatmap's strongest tint: points at full colour stand out */
#define CONTOUR_W     1.25

typedef enum {
  KIND_CLASSES,      /* two classes, or more */
  KIND_REGRESSION,
} Kind;

/* A copy of a dataset's points: (n, 2) inputs, (n) labels. */
typedef struct {
  guint   n;
  double *x;
  double *y;
} Points;

struct _AdjBoundaryView
{
  AdjLabView parent_instance;

  /* owned */
  Points                train, test;
  double               *grid;          /* res² × n_outputs values, room for grid_cap */
  gsize                 grid_cap;
  cairo_surface_t      *heat;          /* res × res RGB24, the grid coloured; NULL without one */
  cairo_surface_t      *points_layer;  /* the points, drawn once and composited every frame */

  /* the data */
  Kind                  kind;
  guint                 n_classes;     /* 0 for regression */
  double                extent;
  double                target_max;    /* the largest |target|: the regression scale's end */

  /* the grid */
  guint                 res;
  guint                 n_outputs;
  gboolean              has_grid;

  /* what the points layer was drawn for; it is stale when points_stamp has moved on */
  guint                 points_stamp;
  guint                 layer_stamp;
  double                layer_side;
  double                layer_scale;

  /* properties */
  gboolean              show_test;
};

G_DEFINE_FINAL_TYPE (AdjBoundaryView, adj_boundary_view, ADJ_TYPE_LAB_VIEW)

enum {
  PROP_0,
  PROP_SHOW_TEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* :dark and :font-scale are AdjLabView's. */
static inline gboolean
is_dark (AdjBoundaryView *self)
{
  return adj_lab_view_get_dark (ADJ_LAB_VIEW (self));
}

static inline double
font_scale (AdjBoundaryView *self)
{
  return adj_lab_view_get_font_scale (ADJ_LAB_VIEW (self));
}

/* ---- colours -------------------------------------------------------------------------- */


/* Okabe & Ito's colour-blind-safe palette, ordered so that classes 0 and 1 are Playground's
 * orange and blue and the first few are the most distinct; then two of Paul Tol's. */
static const AdjRgb class_light[AG_DATASET_MAX_CLASSES] = {
  ADJ_RGB_HEX (ADJ_OKABE_ITO_ORANGE), ADJ_RGB_HEX (ADJ_OKABE_ITO_BLUE), ADJ_RGB_HEX (ADJ_OKABE_ITO_GREEN), ADJ_RGB_HEX (ADJ_OKABE_ITO_PURPLE), ADJ_RGB_HEX (ADJ_OKABE_ITO_SKY_BLUE),
  ADJ_RGB_HEX (ADJ_OKABE_ITO_VERMILION), ADJ_RGB_HEX (ADJ_OKABE_ITO_YELLOW), ADJ_RGB_HEX (0x000000), ADJ_RGB_HEX (0x882255), ADJ_RGB_HEX (0x999933),
};
/* On a dark plane black would vanish: it becomes white, the rest stay. */
static const AdjRgb class_dark[AG_DATASET_MAX_CLASSES] = {
  ADJ_RGB_HEX (ADJ_OKABE_ITO_ORANGE), ADJ_RGB_HEX (ADJ_OKABE_ITO_BLUE), ADJ_RGB_HEX (ADJ_OKABE_ITO_GREEN), ADJ_RGB_HEX (ADJ_OKABE_ITO_PURPLE), ADJ_RGB_HEX (ADJ_OKABE_ITO_SKY_BLUE),
  ADJ_RGB_HEX (ADJ_OKABE_ITO_VERMILION), ADJ_RGB_HEX (ADJ_OKABE_ITO_YELLOW), ADJ_RGB_HEX (0xFFFFFF), ADJ_RGB_HEX (0xAA4499), ADJ_RGB_HEX (0x999933),
};

/* Outlines: the first inside, the second outside it, so a marker shows on any tint. */
static const AdjRgb white = ADJ_RGB_HEX (0xFFFFFF);
static const AdjRgb ink = ADJ_RGB_HEX (0x1E1E1E);

static const AdjRgb *
class_rgb (guint k, gboolean dark)
{
  return &(dark ? class_dark : class_light)[k % AG_DATASET_MAX_CLASSES];
}

/* The diverging map: -1 orange, 0 @neutral, 1 blue, at @strength of full colour. NaN is
 * neutral. */
static AdjRgb
diverging (double t, AdjRgb neutral, double strength, gboolean dark)
{
  if (isnan (t))
    return neutral;
  t = CLAMP (t, -1.0, 1.0);
  return adj_rgb_mix (neutral, *class_rgb (t < 0 ? 0 : 1, dark), fabs (t) * strength);
}

/* ---- markers -------------------------------------------------------------------------- */

/* A closed polygon of @n vertices on a circle of radius @r, the first at angle @a0
 * (radians, 0 pointing right, y down). */
static void
polygon (cairo_t *cr, double x, double y, double r, guint n, double a0)
{
  for (guint i = 0; i < n; i++)
    {
      double a = a0 + 2 * G_PI * i / n;

      if (i == 0)
        cairo_move_to (cr, x + r * cos (a), y + r * sin (a));
      else
        cairo_line_to (cr, x + r * cos (a), y + r * sin (a));
    }
  cairo_close_path (cr);
}

/* A plus of arms @r long and 0.7·@r thick, turned by @a (0 or π/4 for an x). */
static void
cross (cairo_t *cr, double x, double y, double r, double a)
{
  static const double pts[12][2] = {
    { 0.35, -1 }, { 0.35, -0.35 }, { 1, -0.35 }, { 1, 0.35 }, { 0.35, 0.35 }, { 0.35, 1 },
    { -0.35, 1 }, { -0.35, 0.35 }, { -1, 0.35 }, { -1, -0.35 }, { -0.35, -0.35 }, { -0.35, -1 },
  };
  double c = cos (a), s = sin (a);

  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      double px = pts[i][0] * r, py = pts[i][1] * r;

      if (i == 0)
        cairo_move_to (cr, x + c * px - s * py, y + s * px + c * py);
      else
        cairo_line_to (cr, x + c * px - s * py, y + s * px + c * py);
    }
  cairo_close_path (cr);
}

/* Class @k's marker around (@x, @y) as a path, of about the area of a circle of radius @r:
 * circle, square, triangle, diamond, triangle down, plus, star, x, hexagon, triangle left. */
static void
marker_path (cairo_t *cr, guint k, double x, double y, double r)
{
  switch (k % AG_DATASET_MAX_CLASSES)
    {
    case 0:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    case 1:
      cairo_rectangle (cr, x - 0.89 * r, y - 0.89 * r, 1.78 * r, 1.78 * r);
      break;
    case 2:
      polygon (cr, x, y + 0.2 * r, 1.35 * r, 3, -G_PI / 2);
      break;
    case 3:
      polygon (cr, x, y, 1.25 * r, 4, -G_PI / 2);
      break;
    case 4:
      polygon (cr, x, y - 0.2 * r, 1.35 * r, 3, G_PI / 2);
      break;
    case 5:
      cross (cr, x, y, 1.2 * r, 0);
      break;
    case 6:
      for (guint i = 0; i < 10; i++)
        {
          double a = -G_PI / 2 + G_PI * i / 5, rr = (i % 2 ? 0.55 : 1.45) * r;

          if (i == 0)
            cairo_move_to (cr, x + rr * cos (a), y + rr * sin (a));
          else
            cairo_line_to (cr, x + rr * cos (a), y + rr * sin (a));
        }
      cairo_close_path (cr);
      break;
    case 7:
      cross (cr, x, y, 1.3 * r, G_PI / 4);
      break;
    case 8:
      polygon (cr, x, y, 1.1 * r, 6, 0);
      break;
    default:
      polygon (cr, x + 0.2 * r, y, 1.35 * r, 3, G_PI);
      break;
    }
}

/* A training point: @fill with a white rim and a dark line around that. A test point: a
 * ring of @fill with the same rims inside and out, its middle left clear. */
static void
draw_marker (cairo_t *cr, guint k, double x, double y, double r, AdjRgb fill, gboolean ring,
             double line)
{
  /* The dark line's and the white rim's widths, in lines: a ring's reach past its own. */
  const double outer = ring ? 4.4 : 2.6, rim = ring ? 3.2 : 1.2;

  cairo_new_path (cr);
  marker_path (cr, k, x, y, r);
  adj_rgb_set_source (cr, ink, 0.7);
  cairo_set_line_width (cr, outer * line);
  cairo_stroke_preserve (cr);
  adj_rgb_set_source (cr, white, 1);
  cairo_set_line_width (cr, rim * line);
  cairo_stroke_preserve (cr);
  adj_rgb_set_source (cr, fill, 1);
  if (!ring)
    cairo_fill (cr);
  else
    {
      cairo_set_line_width (cr, 1.9 * line);
      cairo_stroke (cr);
    }
}

/* The marker and colour of label @y: its class, or for regression a circle coloured by where
 * the target lies on the ±@target_max scale. */
static void
point_style (Kind kind, double y, double target_max, gboolean dark, guint *shape, AdjRgb *fill)
{
  if (kind == KIND_REGRESSION)
    {
      *shape = 0;
      *fill = diverging (y / target_max, adj_view_palette (dark)->neutral, 1.0, dark);
    }
  else
    {
      *shape = isfinite (y) && y >= 0 ? (guint) y : 0;
      *fill = *class_rgb (*shape, dark);
    }
}

/* Maps the plane's (@x1, @x2) into the square (@px, @py, @side) for extent @e. */
static inline double
to_x (double x1, double px, double side, double e)
{
  return px + (x1 + e) / (2 * e) * side;
}

static inline double
to_y (double x2, double py, double side, double e)
{
  return py + (e - x2) / (2 * e) * side;
}

static void
draw_points (cairo_t *cr, const Points *pts, Kind kind, double target_max, gboolean dark,
             gboolean ring, double px, double py, double side, double extent, double r,
             double line)
{
  for (guint i = 0; i < pts->n; i++)
    {
      guint shape;
      AdjRgb fill;

      if (!isfinite (pts->x[2 * i]) || !isfinite (pts->x[2 * i + 1]))
        continue;
      point_style (kind, pts->y[i], target_max, dark, &shape, &fill);
      draw_marker (cr, shape, to_x (pts->x[2 * i], px, side, extent),
                   to_y (pts->x[2 * i + 1], py, side, extent), r, fill, ring, line);
    }
}

/* ---- helpers -------------------------------------------------------------------------- */

/* The points change far less often than the grid: while training, every frame has new
 * predictions under the same points. */
static void
points_changed (AdjBoundaryView *self)
{
  self->points_stamp++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
points_set (Points *p, const AgDataset *data)
{
  g_clear_pointer (&p->x, g_free);
  g_clear_pointer (&p->y, g_free);
  p->n = data != NULL ? data->n : 0;
  if (p->n == 0)
    return;
  p->x = g_memdup2 (data->x, sizeof (double) * 2 * p->n);
  p->y = g_memdup2 (data->y, sizeof (double) * p->n);
}

static gboolean
is_classes (AdjBoundaryView *self)
{
  return self->kind == KIND_CLASSES;
}

/* Colours the grid into the heat image. Allocates nothing. */
static void
paint_heat (AdjBoundaryView *self)
{
  const gboolean dark = is_dark (self);
  AdjRgb neutral = adj_view_palette (dark)->neutral;
  guint res = self->res, k_out = self->n_outputs;
  guchar *data;
  int stride;

  if (!self->has_grid)
    return;
  /* Before writing into the pixels: a recording (a render node) that still holds the last
   * frame's image gets its own copy now. */
  cairo_surface_flush (self->heat);
  data = cairo_image_surface_get_data (self->heat);
  stride = cairo_image_surface_get_stride (self->heat);

  for (guint r = 0; r < res; r++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) r * stride);

      for (guint c = 0; c < res; c++)
        {
          const double *v = self->grid + ((gsize) r * res + c) * k_out;
          AdjRgb rgb;

          if (k_out >= 2)
            {
              /* The most likely class, tinted by how much more likely than chance. */
              guint best = 0;
              double chance = 1.0 / k_out, t;

              for (guint k = 1; k < k_out; k++)
                if (v[k] > v[best] || isnan (v[best]))
                  best = k;
              t = (v[best] - chance) / (1 - chance);
              rgb = isnan (t) ? neutral : adj_rgb_mix (neutral, *class_rgb (best, dark),
                                               CLAMP (t, 0.0, 1.0) * HEAT_MAX);
            }
          else if (is_classes (self))
            rgb = diverging (2 * v[0] - 1, neutral, HEAT_MAX, dark);
          else
            rgb = diverging (v[0] / self->target_max, neutral, HEAT_MAX, dark);
          row[c] = adj_rgb_pack (rgb);
        }
    }
  cairo_surface_mark_dirty (self->heat);
}

/* One crossing of the 0.5 level on the edge from a (at @ax, @ay) to b. */
static void
crossing (double va, double vb, double ax, double ay, double bx, double by, double *x,
          double *y)
{
  double t = (0.5 - va) / (vb - va);

  *x = ax + (bx - ax) * t;
  *y = ay + (by - ay) * t;
}

/* The p = 0.5 line of a one-output classification grid, by marching squares over the cells'
 * centres, as a path of separate segments. */
static void
contour_path (AdjBoundaryView *self, cairo_t *cr, double px, double py, double side)
{
  guint res = self->res;
  double cell = side / res;

  for (guint r = 0; r + 1 < res; r++)
    for (guint c = 0; c + 1 < res; c++)
      {
        /* Corners clockwise from the top left: their values, positions, and crossings of
         * the four edges (top, right, bottom, left). */
        double v[4] = { self->grid[r * res + c], self->grid[r * res + c + 1],
                        self->grid[(r + 1) * res + c + 1], self->grid[(r + 1) * res + c] };
        double x0 = px + (c + 0.5) * cell, y0 = py + (r + 0.5) * cell;
        double cx[4] = { x0, x0 + cell, x0 + cell, x0 };
        double cy[4] = { y0, y0, y0 + cell, y0 + cell };
        double ex[4], ey[4];
        guint n = 0, edges[4];

        if (isnan (v[0]) || isnan (v[1]) || isnan (v[2]) || isnan (v[3]))
          continue;
        for (guint e = 0; e < 4; e++)
          {
            guint a = e, b = (e + 1) % 4;

            if ((v[a] >= 0.5) != (v[b] >= 0.5))
              {
                crossing (v[a], v[b], cx[a], cy[a], cx[b], cy[b], &ex[e], &ey[e]);
                edges[n++] = e;
              }
          }
        if (n == 2)
          {
            cairo_move_to (cr, ex[edges[0]], ey[edges[0]]);
            cairo_line_to (cr, ex[edges[1]], ey[edges[1]]);
          }
        else if (n == 4)
          {
            /* A saddle: the centre's value says which corners the line goes around. */
            gboolean centre_high = (v[0] + v[1] + v[2] + v[3]) / 4 >= 0.5;
            gboolean tl_high = v[0] >= 0.5;

            if (centre_high == tl_high)
              {
                /* Top-left and bottom-right joined: cut off the other two corners. */
                cairo_move_to (cr, ex[0], ey[0]);
                cairo_line_to (cr, ex[1], ey[1]);
                cairo_move_to (cr, ex[2], ey[2]);
                cairo_line_to (cr, ex[3], ey[3]);
              }
            else
              {
                cairo_move_to (cr, ex[3], ey[3]);
                cairo_line_to (cr, ex[0], ey[0]);
                cairo_move_to (cr, ex[1], ey[1]);
                cairo_line_to (cr, ex[2], ey[2]);
              }
          }
      }
}

/* Label @i of this draw, showing @text, at LABEL_PT × :font-scale. */
static PangoLayout *
label_layout (AdjBoundaryView *self, guint i, const char *text)
{
  return adj_lab_view_label (ADJ_LAB_VIEW (self), i, text, LABEL_PT);
}

/* Shows @layout with its centre (@ax = 0.5) or an edge (0 left, 1 right) at @x, and likewise
 * @ay for @y. */
static void
show_label (cairo_t *cr, PangoLayout *layout, double x, double y, double ax, double ay)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - ax * w), round (y - ay * h));
  pango_cairo_show_layout (cr, layout);
}

/* The markers' radius in a plot of @side at font scale @sc: larger in a larger plot, up to a
 * limit, and larger for presentation. */
static double
marker_radius (double side, double sc)
{
  return CLAMP (side / 85, 2.0, 5.0) * (1 + (MAX (sc, 1.0) - 1) / 2);
}

static double
marker_line (double sc)
{
  return 1 + (MAX (sc, 1.0) - 1) / 2;
}

/* How far a marker and its outlines reach past its centre, at most (the star and the
 * triangles reach 1.45 radii; a ring's outer rim 2.2 lines), rounded up to whole units. */
static double
layer_margin (double side, double sc)
{
  return ceil (1.5 * marker_radius (side, sc) + 2.5 * marker_line (sc)) + 1;
}

/* The frame @f (x, y, side: the heatmap, the axes, what the points are clipped to) in
 * @width × @height, and inside it the plot (@x, @y, @side) the plane [-E, E]² maps to: inset
 * by as far as a marker reaches, so a point at the edge of the range is drawn whole (issue
 * 15: half of it was clipped). */
static void
plot_geometry (double width, double height, double sc, double f[3], double *x, double *y,
               double *side)
{
  double s = floor (MAX (MIN (width, height) - 2 * MARGIN * sc, 0.0));
  double inset = MIN (layer_margin (s, sc), floor (s / 4));

  f[2] = s;
  f[0] = floor ((width - s) / 2);
  f[1] = floor ((height - s) / 2);
  *side = s - 2 * inset;
  *x = f[0] + inset;
  *y = f[1] + inset;
}

/* The training points, then the test points when shown, in the plot (@px, @py, @side). */
static void
draw_all_points (AdjBoundaryView *self, cairo_t *cr, double px, double py, double side)
{
  double r = marker_radius (side, font_scale (self)), line = marker_line (font_scale (self));

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  draw_points (cr, &self->train, self->kind, self->target_max, is_dark (self), FALSE, px, py, side,
               self->extent, r, line);
  if (self->show_test)
    draw_points (cr, &self->test, self->kind, self->target_max, is_dark (self), TRUE, px, py, side,
                 self->extent, r, line);
}

static void
update_accessible (AdjBoundaryView *self)
{
  g_autofree char *summary = adj_boundary_view_dup_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);
}

/* The heatmap: the grid's image stretched over the plot (@px, @py, @side), each pixel on its
 * cell's centre and blended bilinearly between them; past the outer centres, to the frame
 * @f, the edge colour holds. Then the boundary between two classes, where p = 0.5. */
static void
draw_heat (AdjBoundaryView *self, cairo_t *cr, const double f[3], double px, double py, double side)
{
  cairo_save (cr);
  cairo_rectangle (cr, f[0], f[1], f[2], f[2]);
  cairo_clip (cr);
  if (self->has_grid)
    {
      cairo_pattern_t *pattern;

      cairo_translate (cr, px, py);
      cairo_scale (cr, side / self->res, side / self->res);
      cairo_set_source_surface (cr, self->heat, 0, 0);
      pattern = cairo_get_source (cr);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
      cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
    }
  else
    adj_rgb_set_source (cr, adj_view_palette (is_dark (self))->neutral, 1);
  cairo_paint (cr);
  cairo_restore (cr);

  if (self->has_grid && self->n_outputs == 1 && is_classes (self) && self->res >= 2)
    {
      cairo_save (cr);
      cairo_rectangle (cr, f[0], f[1], f[2], f[2]);
      cairo_clip (cr);
      cairo_new_path (cr);
      contour_path (self, cr, px, py, side);
      adj_rgb_set_source (cr, is_dark (self) ? white : ink, 0.55);
      cairo_set_line_width (cr, CONTOUR_W * font_scale (self));
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

/* The frame @f, the ticks of the plot (@px, @py, @side) and their labels: x1 below, x2 on the
 * left; the axes' names in the corners past the last ticks, where they fit beside them. */
static void
draw_axes (AdjBoundaryView *self, cairo_t *cr, const double f[3], double px, double py, double side)
{
  AdjRgb fg = adj_view_palette (is_dark (self))->text;
  double sc = font_scale (self), e = self->extent, last_tick;
  double ticks[MAX_TICKS];
  guint n_ticks, n_labels = 0;
  int last_w = 0, last_h = 0, name_w, name_h;
  PangoLayout *name;

  adj_rgb_set_source (cr, fg, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, f[0] + 0.5, f[1] + 0.5, f[2] - 1, f[2] - 1);
  cairo_stroke (cr);

  adj_chart_nice_ticks (-e, e, MAX_TICKS, ticks, &n_ticks);
  for (guint i = 0; i < n_ticks; i++)
    {
      double tx = round (to_x (ticks[i], px, side, e)) + 0.5;
      double ty = round (to_y (ticks[i], py, side, e)) + 0.5;

      cairo_move_to (cr, tx, f[1] + f[2]);
      cairo_line_to (cr, tx, f[1] + f[2] + TICK_LEN * sc);
      cairo_move_to (cr, f[0], ty);
      cairo_line_to (cr, f[0] - TICK_LEN * sc, ty);
    }
  adj_rgb_set_source (cr, fg, 0.5);
  cairo_stroke (cr);

  adj_rgb_set_source (cr, fg, 0.85);
  for (guint i = 0; i < n_ticks; i++)
    {
      char buf[32];
      PangoLayout *layout;

      /* A real minus sign, as typeset. */
      g_snprintf (buf, sizeof buf, "%s%g", ticks[i] < 0 ? "−" : "", fabs (ticks[i]));
      layout = label_layout (self, n_labels++, buf);
      show_label (cr, layout, to_x (ticks[i], px, side, e),
                  f[1] + f[2] + (TICK_LEN + TICK_GAP) * sc, 0.5, 0);
      show_label (cr, layout, f[0] - (TICK_LEN + TICK_GAP) * sc, to_y (ticks[i], py, side, e),
                  1, 0.5);
      pango_layout_get_pixel_size (layout, &last_w, &last_h);
    }
  last_tick = n_ticks > 0 ? ticks[n_ticks - 1] : -e;
  name = label_layout (self, n_labels++, "x₁");
  pango_layout_get_pixel_size (name, &name_w, &name_h);
  if (f[0] + f[2] - name_w > to_x (last_tick, px, side, e) + last_w / 2.0 + 2 * sc)
    show_label (cr, name, f[0] + f[2], f[1] + f[2] + (TICK_LEN + TICK_GAP) * sc, 1, 0);
  name = label_layout (self, n_labels++, "x₂");
  pango_layout_get_pixel_size (name, &name_w, &name_h);
  if (f[1] + name_h < to_y (last_tick, py, side, e) - last_h / 2.0)
    show_label (cr, name, f[0] - (TICK_LEN + TICK_GAP) * sc, f[1], 1, 0);
}

/* The points, from a layer drawn at @cache_scale device pixels per unit when that is > 0
 * (drawn again only when the points, the plot's size or the scale change), else one by one
 * (into a PDF or SVG, say). */
static void
draw_points_layer (AdjBoundaryView *self, cairo_t *cr, double px, double py, double side,
                   double cache_scale)
{
  double m = layer_margin (side, font_scale (self));

  if (!(cache_scale > 0))
    {
      draw_all_points (self, cr, px, py, side);
      return;
    }
  if (self->points_layer == NULL || self->layer_stamp != self->points_stamp ||
      self->layer_side != side || self->layer_scale != cache_scale)
    {
      int n = (int) ceil ((side + 2 * m) * cache_scale);
      cairo_t *lcr;

      g_clear_pointer (&self->points_layer, cairo_surface_destroy);
      self->points_layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, n, n);
      cairo_surface_set_device_scale (self->points_layer, cache_scale, cache_scale);
      lcr = cairo_create (self->points_layer);
      cairo_translate (lcr, m, m);
      draw_all_points (self, lcr, 0, 0, side);
      cairo_destroy (lcr);
      self->layer_stamp = self->points_stamp;
      self->layer_side = side;
      self->layer_scale = cache_scale;
    }
  cairo_set_source_surface (cr, self->points_layer, px - m, py - m);
  cairo_paint (cr);
}

/* Draws the view; with @cache_scale > 0 the points come from a layer drawn at that many
 * device pixels per unit, else they are drawn one by one. */
static void
draw_full (AdjBoundaryView *self, cairo_t *cr, double width, double height, double cache_scale)
{
  double sc = font_scale (self), px, py, side, f[3];

  plot_geometry (width, height, sc, f, &px, &py, &side);
  if (side < 1)
    return;

  cairo_save (cr);
  draw_heat (self, cr, f, px, py, side);
  draw_axes (self, cr, f, px, py, side);
  /* The points, over everything, inside the frame: whole at the edge of the range. */
  cairo_rectangle (cr, f[0], f[1], f[2], f[2]);
  cairo_clip (cr);
  draw_points_layer (self, cr, px, py, side, cache_scale);
  cairo_restore (cr);
}

/* ---- vfuncs --------------------------------------------------------------------------- */

static void
adj_boundary_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline,
                           int *natural_baseline)
{
  AdjBoundaryView *self = ADJ_BOUNDARY_VIEW (widget);

  *minimum = 120;
  *natural = (int) ceil (320 * MAX (font_scale (self), 1.0));
}

static void
adj_boundary_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* The cairo_t records; GSK plays it back at the window's scale, which is what the cached
   * points must be drawn at to stay sharp. */
  draw_full (ADJ_BOUNDARY_VIEW (widget), cr, width, height, gtk_widget_get_scale_factor (widget));
  cairo_destroy (cr);
}

static void
adj_boundary_view_finalize (GObject *object)
{
  AdjBoundaryView *self = ADJ_BOUNDARY_VIEW (object);

  g_clear_pointer (&self->heat, cairo_surface_destroy);
  g_clear_pointer (&self->points_layer, cairo_surface_destroy);
  g_free (self->grid);
  g_free (self->train.x);
  g_free (self->train.y);
  g_free (self->test.x);
  g_free (self->test.y);
  G_OBJECT_CLASS (adj_boundary_view_parent_class)->finalize (object);
}

static void
adj_boundary_view_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
  AdjBoundaryView *self = ADJ_BOUNDARY_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_TEST:
      g_value_set_boolean (value, self->show_test);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_boundary_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  AdjBoundaryView *self = ADJ_BOUNDARY_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_TEST:
      adj_boundary_view_set_show_test (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_boundary_view_dark_changed (AdjLabView *view)
{
  AdjBoundaryView *self = ADJ_BOUNDARY_VIEW (view);

  paint_heat (self);
  points_changed (self);
}

static void
adj_boundary_view_font_scale_changed (AdjLabView *view)
{
  points_changed (ADJ_BOUNDARY_VIEW (view));
}

static void
adj_boundary_view_class_init (AdjBoundaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdjLabViewClass *lab_class = ADJ_LAB_VIEW_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = adj_boundary_view_finalize;
  object_class->get_property = adj_boundary_view_get_property;
  object_class->set_property = adj_boundary_view_set_property;

  widget_class->measure = adj_boundary_view_measure;
  widget_class->snapshot = adj_boundary_view_snapshot;
  lab_class->dark_changed = adj_boundary_view_dark_changed;
  lab_class->font_scale_changed = adj_boundary_view_font_scale_changed;

  properties[PROP_SHOW_TEST] =
    g_param_spec_boolean ("show-test", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "boundary");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
adj_boundary_view_init (AdjBoundaryView *self)
{
  self->kind = KIND_CLASSES;
  self->n_classes = 2;
  self->extent = AG_DATASET_EXTENT;
  self->target_max = 1;
  self->show_test = TRUE;
  update_accessible (self);
}

/* ---- public API ----------------------------------------------------------------------- */

GtkWidget *
adj_boundary_view_new (void)
{
  return g_object_new (ADJ_TYPE_BOUNDARY_VIEW, NULL);
}

void
adj_boundary_view_set_data (AdjBoundaryView *self, const AgDataset *train,
                            const AgDataset *test, double extent)
{
  const AgDataset *first = train != NULL ? train : test;
  guint n_classes = first != NULL ? first->n_classes : 2;
  Kind kind = n_classes == 0 ? KIND_REGRESSION : KIND_CLASSES;
  double m = 0;

  g_return_if_fail (ADJ_IS_BOUNDARY_VIEW (self));
  g_return_if_fail (extent > 0 && isfinite (extent));
  g_return_if_fail (train == NULL || train->n == 0 || (train->x != NULL && train->y != NULL));
  g_return_if_fail (test == NULL || test->n == 0 || (test->x != NULL && test->y != NULL));

  if (kind != self->kind || n_classes != self->n_classes)
    self->has_grid = FALSE;
  self->kind = kind;
  self->n_classes = n_classes;
  self->extent = extent;
  points_set (&self->train, train);
  points_set (&self->test, test);

  for (guint i = 0; i < self->train.n; i++)
    if (isfinite (self->train.y[i]))
      m = MAX (m, fabs (self->train.y[i]));
  for (guint i = 0; i < self->test.n; i++)
    if (isfinite (self->test.y[i]))
      m = MAX (m, fabs (self->test.y[i]));
  self->target_max = m > 0 ? m : 1;

  paint_heat (self);
  update_accessible (self);
  points_changed (self);
}

void
adj_boundary_view_set_grid (AdjBoundaryView *self, guint res, guint n_outputs,
                            const double *grid)
{
  gsize n;

  g_return_if_fail (ADJ_IS_BOUNDARY_VIEW (self));
  g_return_if_fail (res >= 1 && res <= 4096);
  g_return_if_fail (n_outputs >= 1 && n_outputs <= 64);
  g_return_if_fail (grid != NULL);

  n = (gsize) res * res * n_outputs;
  if (n > self->grid_cap)
    {
      g_free (self->grid);
      self->grid = g_new (double, n);
      self->grid_cap = n;
    }
  if (self->heat == NULL || res != self->res)
    {
      g_clear_pointer (&self->heat, cairo_surface_destroy);
      self->heat = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) res, (int) res);
    }
  memcpy (self->grid, grid, n * sizeof (double));
  self->res = res;
  self->n_outputs = n_outputs;
  self->has_grid = TRUE;
  paint_heat (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
adj_boundary_view_clear_grid (AdjBoundaryView *self)
{
  g_return_if_fail (ADJ_IS_BOUNDARY_VIEW (self));

  if (!self->has_grid)
    return;
  self->has_grid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
adj_boundary_view_set_show_test (AdjBoundaryView *self, gboolean show_test)
{
  g_return_if_fail (ADJ_IS_BOUNDARY_VIEW (self));

  show_test = !!show_test;
  if (self->show_test == show_test)
    return;
  self->show_test = show_test;
  points_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TEST]);
}

gboolean
adj_boundary_view_get_show_test (AdjBoundaryView *self)
{
  g_return_val_if_fail (ADJ_IS_BOUNDARY_VIEW (self), TRUE);
  return self->show_test;
}

char *
adj_boundary_view_dup_summary (AdjBoundaryView *self)
{
  GString *out;
  char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];
  double ymin = INFINITY, ymax = -INFINITY;

  g_return_val_if_fail (ADJ_IS_BOUNDARY_VIEW (self), NULL);

  out = g_string_new (self->kind == KIND_REGRESSION ? "Regression: " : "Decision boundary: ");
  if (self->train.n == 0 && self->test.n == 0)
    {
      g_string_append (out, "no data");
      return g_string_free (out, FALSE);
    }
  g_string_append_printf (out, "%u training point%s", self->train.n,
                          self->train.n == 1 ? "" : "s");
  if (self->test.n > 0)
    g_string_append_printf (out, " and %u test point%s", self->test.n,
                            self->test.n == 1 ? "" : "s");

  if (self->kind == KIND_CLASSES)
    {
      g_string_append_printf (out, " in %u classes", self->n_classes);
      return g_string_free (out, FALSE);
    }
  for (guint i = 0; i < self->train.n + self->test.n; i++)
    {
      double y = i < self->train.n ? self->train.y[i] : self->test.y[i - self->train.n];

      if (isfinite (y))
        {
          ymin = MIN (ymin, y);
          ymax = MAX (ymax, y);
        }
    }
  if (ymin <= ymax)
    g_string_append_printf (out, ", targets from %s to %s",
                            g_ascii_formatd (lo, sizeof lo, "%.2g", ymin),
                            g_ascii_formatd (hi, sizeof hi, "%.2g", ymax));
  return g_string_free (out, FALSE);
}

void
adj_boundary_plot_rect (double width, double height, double font_scale, double *x, double *y,
                        double *side)
{
  double frame[3];

  plot_geometry (width, height, font_scale, frame, x, y, side);
}

double
adj_boundary_data_extent (const AgDataset *train, const AgDataset *test, double at_least)
{
  const AgDataset *sets[2] = { train, test };
  double e = at_least;

  for (guint k = 0; k < 2; k++)
    for (guint i = 0; sets[k] && i < 2 * sets[k]->n; i++)
      if (isfinite (sets[k]->x[i]))
        e = MAX (e, fabs (sets[k]->x[i]));
  /* Up to a quarter past it: the ticks stay round. */
  return e > at_least ? ceil (e * 4) / 4 : e;
}

void
adj_boundary_view_draw (AdjBoundaryView *self, cairo_t *cr, double width, double height)
{
  g_return_if_fail (ADJ_IS_BOUNDARY_VIEW (self));
  g_return_if_fail (cr != NULL);

  draw_full (self, cr, width, height, adj_lab_view_cache_scale (cr));
}

void
adj_boundary_draw_thumbnail (cairo_t *cr, double size, const AgDataset *data, double extent,
                             gboolean dark)
{
  Kind kind;
  double m = 0, pad, side, r;
  Points pts;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (extent > 0);

  if (size <= 0)
    return;
  cairo_save (cr);
  cairo_new_path (cr);
  pad = MAX (2.0, size * 0.06);
  r = size * 0.12;
  cairo_move_to (cr, r, 0);
  cairo_arc (cr, size - r, r, r, -G_PI / 2, 0);
  cairo_arc (cr, size - r, size - r, r, 0, G_PI / 2);
  cairo_arc (cr, r, size - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, r, r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  adj_rgb_set_source (cr, adj_view_palette (dark)->neutral, 1);
  cairo_fill_preserve (cr);
  adj_rgb_set_source (cr, dark ? white : ink, 0.12);
  cairo_set_line_width (cr, 1);
  cairo_stroke_preserve (cr);
  cairo_clip (cr);

  if (data != NULL && data->n > 0)
    {
      kind = data->n_classes == 0 ? KIND_REGRESSION : KIND_CLASSES;
      for (guint i = 0; i < data->n; i++)
        if (isfinite (data->y[i]))
          m = MAX (m, fabs (data->y[i]));
      side = size - 2 * pad;
      pts = (Points) { data->n, data->x, data->y };
      /* Smaller markers for more points, so a thousand still read as a shape. */
      r = CLAMP (size / (data->n > 400 ? 55.0 : 40.0), 1.2, 3.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      /* Thin rims: at this size thicker ones would outweigh the colours. */
      draw_points (cr, &pts, kind, m > 0 ? m : 1, dark, FALSE, pad, pad, side, extent, r,
                   MIN (r / 5, 1.0));
    }
  cairo_restore (cr);
}
