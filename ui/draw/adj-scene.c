/* adj-scene.c: drawing a graph at one moment: boxes, curves, values, adjoints, what travels
 * on the current step, and the caption line of exported frames. */
#include "ui/draw/adj-scene.h"

#include <gio/gio.h>
#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-camera.h"
#include "ui/draw/adj-export-file.h"
#include "ui/draw/adj-fold-frame.h"
#include "ui/draw/adj-lod.h"
#include "ui/draw/adj-palette.h"
#include "ui/draw/adj-placement.h"
#include "ui/draw/adj-step-state.h"
#include "ui/draw/adj-text-fit.h"
#include "core/format.h"
#include "core/ops-text.h"
#include "core/ops.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include <cairo-pdf.h>

typedef struct {
  double bg[3], fg[3], muted[3], edge[3], box[3], border[3];
  double input[3], output[3], konst[3];
  double value[3], grad[3], tangent[3], focus[3];
  double caption_bg[3], caption_fg[3];
} Palette;

/* Values in blue and adjoints in orange: a pair that colour-blind readers tell apart, and
 * every number also carries its own label, so colour is never the only cue. Tangents are
 * purple, the third colour of the same safe set. */
static const Palette light = {
  { 0.98, 0.98, 0.97 }, { 0.13, 0.13, 0.15 }, { 0.40, 0.40, 0.45 }, { 0.62, 0.62, 0.66 },
  { 1, 1, 1 }, { 0.70, 0.70, 0.74 },
  { 0.89, 0.94, 1.0 }, { 0.90, 0.97, 0.90 }, { 0.93, 0.93, 0.93 },
  { 0.00, 0.35, 0.75 }, { 0.80, 0.38, 0.00 }, { 0.50, 0.20, 0.65 }, { 0.10, 0.45, 0.85 },
  { 0.16, 0.16, 0.20 }, { 1, 1, 1 },
};
static const Palette dark = {
  { 0.12, 0.12, 0.14 }, { 0.93, 0.93, 0.95 }, { 0.68, 0.68, 0.72 }, { 0.45, 0.45, 0.50 },
  { 0.19, 0.19, 0.22 }, { 0.35, 0.35, 0.40 },
  { 0.14, 0.22, 0.34 }, { 0.15, 0.28, 0.17 }, { 0.22, 0.22, 0.24 },
  { 0.45, 0.72, 1.00 }, { 1.00, 0.62, 0.25 }, { 0.80, 0.60, 1.00 }, { 0.40, 0.65, 1.00 },
  { 0.95, 0.95, 0.97 }, { 0.10, 0.10, 0.12 },
};

/* High contrast: black text and edges on white, and the same colour-blind-safe hues made
 * dark enough for a contrast of at least 7:1 against white (WCAG AAA), for washed-out
 * projectors and low vision. */
static const Palette high_contrast = {
  { 1, 1, 1 }, { 0, 0, 0 }, { 0.15, 0.15, 0.15 }, { 0.10, 0.10, 0.10 },
  { 1, 1, 1 }, { 0, 0, 0 },
  { 0.88, 0.94, 1.0 }, { 0.88, 1.0, 0.88 }, { 0.90, 0.90, 0.90 },
  { 0.00, 0.24, 0.55 }, { 0.60, 0.20, 0.00 }, { 0.38, 0.08, 0.48 }, { 0.00, 0.20, 0.70 },
  { 0, 0, 0 }, { 1, 1, 1 },
};

#define SET(cr, c) cairo_set_source_rgb ((cr), (c)[0], (c)[1], (c)[2])

static const Palette *
palette (AdjTheme theme)
{
  return theme == ADJ_THEME_DARK ? &dark : theme == ADJ_THEME_HIGH_CONTRAST ? &high_contrast : &light;
}

static const char *const theme_names[] = { "light", "dark", "high-contrast" };

AG_DEFINE_NAME_FUNCS (AdjTheme, adj_theme, theme_names, G_N_ELEMENTS (theme_names))

/* Shaping text with Pango costs more than drawing it, and a frame shows the same strings as the
 * frame before, so layouts are kept between frames, keyed by font, scale, width, alignment,
 * ellipsis and text. They live in a context of their own with metric hinting off
 * (adj_text_context_new(), as the layout measures), so their sizes do not depend on the zoom and
 * a zoom or a pan reuses them. The cache empties itself past TEXT_CACHE_MAX entries (a long run
 * of changing numbers). Only the main thread draws. */
#define TEXT_CACHE_MAX 16384

static GHashTable   *text_cache;    /* key → PangoLayout */
static PangoContext *text_context;
/* The font scale of the layout being painted (its boxes were measured for it): every font of
 * the frame is that many times its size. Main thread only, like the cache. */
static double        text_scale = 1.0;

static PangoLayout *
cached_layout_full (const char *text, const char *font, double max_w, PangoAlignment align,
                    PangoEllipsizeMode ellipsize)
{
  const int width = max_w > 0 ? (int) (max_w * PANGO_SCALE) : -1;
  char *key = g_strdup_printf ("%s\x1f%d\x1f%d\x1f%d\x1f%d\x1f%s", font, (int) (text_scale * 1000), width,
                               (int) align, (int) ellipsize, text);
  PangoLayout *pl;

  if (text_cache == NULL)
    {
      text_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      text_context = adj_text_context_new (NULL);
    }
  pl = g_hash_table_lookup (text_cache, key);
  if (pl)
    {
      g_free (key);
      return pl;
    }
  if (g_hash_table_size (text_cache) >= TEXT_CACHE_MAX)
    g_hash_table_remove_all (text_cache);
  {
    PangoFontDescription *fd = adj_font_description_scaled (font, text_scale);
    pl = pango_layout_new (text_context);
    pango_layout_set_font_description (pl, fd);
    pango_font_description_free (fd);
  }
  pango_layout_set_text (pl, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (pl, width);
      pango_layout_set_ellipsize (pl, ellipsize);
      pango_layout_set_alignment (pl, align);
    }
  g_hash_table_insert (text_cache, key, pl);
  return pl;
}

static PangoLayout *
cached_layout (const char *text, const char *font, double max_w, PangoAlignment align)
{
  return cached_layout_full (text, font, max_w, align, PANGO_ELLIPSIZE_END);
}

/* Draws @text in a column @max_w wide starting at x (aligned in it as @align), top at y.
 * Returns the height used. @font is at font scale 1; the frame's scale applies. */
static double
text_at (cairo_t *cr, const char *text, const char *font, double x, double y, double max_w,
         PangoAlignment align)
{
  PangoLayout *pl = cached_layout (text, font, max_w, align);
  int w, h;

  pango_layout_get_pixel_size (pl, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, pl);
  return h;
}

static void
text_size (cairo_t *cr, const char *text, const char *font, double *w, double *h)
{
  PangoLayout *pl = cached_layout (text, font, -1, PANGO_ALIGN_LEFT);
  PangoRectangle logical;

  pango_layout_get_extents (pl, NULL, &logical);
  *w = (double) logical.width / PANGO_SCALE;
  *h = (double) logical.height / PANGO_SCALE;
}

/* Draws @text whole in @r: left-aligned, or right-aligned when @right; when it is wider than
 * @r (a number that grew after the layout measured it), it is drawn smaller to fit, never cut. */
static void
text_whole (cairo_t *cr, const char *text, AdjFont font, const AdjRect *r, gboolean right)
{
  PangoLayout *pl = cached_layout (text, adj_font_name (font), -1, PANGO_ALIGN_LEFT);
  double w, h, f;

  text_size (cr, text, adj_font_name (font), &w, &h);
  f = w > r->w ? r->w / w : 1.0;
  cairo_save (cr);
  cairo_translate (cr, right ? r->x + r->w - w * f : r->x, r->y + h * (1 - f) / 2);
  cairo_scale (cr, f, f);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, pl);
  cairo_restore (cr);
}

/* A number for a person (core/format.h): four significant digits, never cut. */
static void
append_compact (GString *out, double v)
{
  char buf[AG_FORMAT_HUMAN_SIZE];
  g_string_append (out, ag_format_human_buf (buf, v));
}

/* A tensor in numbers for people, its elements cut with "…" past @max_chars characters; a
 * number itself is never cut, and a scalar is always whole. */
static char *
short_tensor (AgShape shape, const double *data, guint max_chars)
{
  GString *s = g_string_new (NULL);

  if (shape.ndim == 0)
    {
      append_compact (s, data[0]);
      return g_string_free (s, FALSE);
    }
  g_string_append_c (s, '[');
  for (guint i = 0; i < shape.rows; i++)
    {
      if (shape.ndim == 2)
        g_string_append (s, i ? ", [" : "[");
      for (guint j = 0; j < shape.cols; j++)
        {
          const gsize before = s->len;
          if (j)
            g_string_append (s, ", ");
          append_compact (s, data[i * shape.cols + j]);
          /* Past the limit, the element that crossed it gives way to "…" whole. */
          if (g_utf8_strlen (s->str, -1) > max_chars && (i > 0 || j > 0))
            {
              g_string_truncate (s, before);
              g_string_append (s, j ? ", …" : "…");
              goto done;
            }
        }
      if (shape.ndim == 2)
        g_string_append_c (s, ']');
    }
done:
  if (shape.ndim == 2 && s->str[s->len - 1] != ']')
    g_string_append_c (s, ']');
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* The padding around a pill's text: its outer size is the text's plus these. */
#define PILL_PAD_X 18
#define PILL_PAD_Y 8

/* The outer size of the pill that pill() draws for @text. */
static void
pill_size (cairo_t *cr, const char *text, const char *font, double *w, double *h)
{
  text_size (cr, text, font, w, h);
  *w += PILL_PAD_X;
  *h += PILL_PAD_Y;
}

/* A pill with @text centred on (@cx, @cy); returns nothing, draws on top. */
static void
pill (cairo_t *cr, const Palette *pal, const double *colour, const char *text, const char *font,
      double cx, double cy, gboolean filled)
{
  double w, h;

  text_size (cr, text, font, &w, &h);
  adj_rounded_rect (cr, cx - w / 2 - PILL_PAD_X / 2, cy - h / 2 - PILL_PAD_Y / 2,
                    w + PILL_PAD_X, h + PILL_PAD_Y, (h + PILL_PAD_Y) / 2);
  if (filled)
    {
      SET (cr, colour);
      cairo_fill (cr);
      SET (cr, pal->bg);
    }
  else
    {
      SET (cr, pal->bg);
      cairo_fill_preserve (cr);
      SET (cr, colour);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  text_at (cr, text, font, cx - w / 2, cy - h / 2, w + 1, PANGO_ALIGN_LEFT);
}

/* A grid of at most ADJ_GRID_MAX_ROWS × COLS cells of @cell_w, each tinted by its magnitude
 * relative to the largest, with its number whole (the sign is in the text, not only in the
 * colour). The layout made the cells wide enough for the numbers it measured. */
static void
draw_grid (cairo_t *cr, const Palette *pal, const double *colour, const char *mark, AgShape shape,
           const double *data, double x, double y, double cell_w)
{
  const guint rows = MIN (shape.rows, ADJ_GRID_MAX_ROWS), cols = MIN (shape.cols, ADJ_GRID_MAX_COLS);
  const double sc = text_scale, cell_h = ADJ_CELL_H * sc;
  double max_abs = 0;

  SET (cr, colour);
  text_at (cr, mark, adj_font_name (ADJ_FONT_MARK), x, y + rows * cell_h / 2 - 9 * sc,
           ADJ_GRID_LABEL_W * sc, PANGO_ALIGN_LEFT);
  x += ADJ_GRID_LABEL_W * sc;
  for (guint i = 0; i < rows; i++)
    for (guint j = 0; j < cols; j++)
      if (isfinite (data[i * shape.cols + j]))
        max_abs = MAX (max_abs, fabs (data[i * shape.cols + j]));
  for (guint i = 0; i < rows; i++)
    for (guint j = 0; j < cols; j++)
      {
        const double v = data[i * shape.cols + j];
        const double a = max_abs > 0 && isfinite (v) ? fabs (v) / max_abs : 0;
        const double cx = x + j * cell_w, cy = y + i * cell_h;
        char buf[AG_FORMAT_HUMAN_SIZE];
        const gboolean more = (i == rows - 1 && shape.rows > rows) || (j == cols - 1 && shape.cols > cols);
        const char *text = more ? "…" : ag_format_human_buf (buf, v);
        double tw, th;
        AdjRect r;

        cairo_rectangle (cr, cx + 1, cy + 1, cell_w - 2, cell_h - 2);
        cairo_set_source_rgba (cr, colour[0], colour[1], colour[2], 0.08 + 0.42 * a);
        cairo_fill (cr);
        SET (cr, pal->fg);
        text_size (cr, text, adj_font_name (ADJ_FONT_CELL), &tw, &th);
        r = (AdjRect) { cx + 3 * sc, cy + 3 * sc, cell_w - 6 * sc, th };
        /* Centred when it fits, else drawn smaller: a number is never cut. */
        if (tw < r.w)
          r = (AdjRect) { cx + (cell_w - tw) / 2, r.y, tw, th };
        text_whole (cr, text, ADJ_FONT_CELL, &r, FALSE);
      }
}

/* What of the layout the target shows, so a frame draws only that, and how much detail its
 * size reads at (adj-lod.h): below ADJ_LOD_TEXT_MIN_SCALE device pixels per point a raster frame
 * draws the boxes and curves without text, and smaller still plain rectangles and lines (an
 * overview, as a map drops its labels and then its outlines). */
typedef struct {
  double x1, y1, x2, y2;
  gboolean text;
  AdjLod lod;
} Visible;

static void
visible_init (Visible *v, cairo_t *cr, double font_scale)
{
  double dx = 1, dy = 0;

  cairo_clip_extents (cr, &v->x1, &v->y1, &v->x2, &v->y2);
  cairo_user_to_device_distance (cr, &dx, &dy);
  /* Pixels only (an image, or the canvas's recording that GTK plays back as pixels): a PDF or
   * SVG keeps every label, since its reader can zoom in. */
  v->lod = adj_lod_for (hypot (dx, dy), font_scale, adj_lod_target_is_vector (cairo_get_target (cr)));
  v->text = v->lod == ADJ_LOD_FULL;
}

/* What is shown, less a margin, as the rectangle labels must stay inside: a badge at the canvas
 * edge is moved in, not cut off. */
#define VISIBLE_MARGIN 4

static AdjRect
visible_area (const Visible *v)
{
  const double m = MIN (VISIBLE_MARGIN, MIN (v->x2 - v->x1, v->y2 - v->y1) / 4);

  return (AdjRect) { v->x1 + m, v->y1 + m, v->x2 - v->x1 - 2 * m, v->y2 - v->y1 - 2 * m };
}

static gboolean
visible_rect (const Visible *v, double x1, double y1, double x2, double y2)
{
  return x2 >= v->x1 && x1 <= v->x2 && y2 >= v->y1 && y1 <= v->y2;
}

static gboolean
visible_edge (const Visible *v, const AdjEdgePath *e)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;

  /* A Bézier curve lies inside the hull of its control points. */
  for (guint p = 0; p < e->n_points; p++)
    {
      x1 = MIN (x1, e->points[2 * p]);
      x2 = MAX (x2, e->points[2 * p]);
      y1 = MIN (y1, e->points[2 * p + 1]);
      y2 = MAX (y2, e->points[2 * p + 1]);
    }
  return visible_rect (v, x1 - 16, y1 - 16, x2 + 16, y2 + 16);
}

static void
edge_path (cairo_t *cr, const AdjEdgePath *e)
{
  cairo_move_to (cr, e->points[0], e->points[1]);
  for (guint p = 1; p + 2 < e->n_points; p += 3)
    cairo_curve_to (cr, e->points[2 * p], e->points[2 * p + 1], e->points[2 * p + 2],
                    e->points[2 * p + 3], e->points[2 * p + 4], e->points[2 * p + 5]);
}

void
adj_scene_paint_background (cairo_t *cr, AdjTheme theme)
{
  SET (cr, palette (theme)->bg);
  cairo_paint (cr);
}

void
adj_scene_paint_edge_fade (cairo_t *cr, AdjTheme theme, const AdjLayout *layout,
                           const AdjView *view, double width, double height)
{
  /* Strips of falling opacity rather than a gradient pattern: a frame allocates nothing. */
  enum { STRIPS = 14 };
  const double *bg = palette (theme)->bg, step = ADJ_SCENE_EDGE_FADE / STRIPS;
  double x1, y1, x2, y2;
  gboolean left, right, top, bottom;

  adj_view_to_widget (view, 0, 0, &x1, &y1);
  adj_view_to_widget (view, layout->width, layout->height, &x2, &y2);
  left = x1 < 0;
  right = x2 > width;
  top = y1 < 0;
  bottom = y2 > height;
  for (guint i = 0; i < STRIPS; i++)
    {
      const double d = i * step;

      cairo_set_source_rgba (cr, bg[0], bg[1], bg[2], 1.0 - (double) i / STRIPS);
      if (left)
        cairo_rectangle (cr, d, 0, step, height);
      if (right)
        cairo_rectangle (cr, width - d - step, 0, step, height);
      if (top)
        cairo_rectangle (cr, 0, d, width, step);
      if (bottom)
        cairo_rectangle (cr, 0, height - d - step, width, step);
      cairo_fill (cr);
    }
}

/* The colours of a frame: adjoints in orange (tangents in purple), and what the current step
 * moves in the colour of what it moves. */
typedef struct {
  const Palette *pal;
  const double  *grad;
  const double  *step;
} Colours;

static Colours
colours_for (const AdjStepState *shown, AdjTheme theme)
{
  const Palette *pal = palette (theme);
  const double *grad = shown->tangents ? pal->tangent : pal->grad;

  return (Colours) { pal, grad, shown->value_step ? pal->value : grad };
}

typedef struct {
  const AdjStepState  *shown;
  const AdjSceneState *st;
} PlainSkip;

/* The step's and the hovered edge are drawn in full on top. */
static gboolean
plain_skip (guint i, const AdjEdgePath *e, gpointer data)
{
  const PlainSkip *p = data;

  return (int) i == p->st->hovered_edge || adj_step_state_edge_active (p->shown, e);
}

/* At the plain level, every edge but the marked ones as a one-pixel straight line. */
static void
draw_plain_edges (cairo_t *cr, const AdjLayout *layout, const AdjStepState *shown,
                  const AdjSceneState *st, const Colours *col)
{
  PlainSkip skip = { shown, st };

  SET (cr, col->pal->edge);
  adj_lod_paint_lines (cr, layout, plain_skip, &skip);
}

/* Edges go first, so boxes sit on top; the current step's edges thick and coloured. */
static void
draw_edges (cairo_t *cr, const AdjLayout *layout, const AdjStepState *shown,
            const AdjSceneState *st, const Colours *col, const Visible *vis)
{
  if (vis->lod == ADJ_LOD_PLAIN)
    draw_plain_edges (cr, layout, shown, st, col);
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      const gboolean active = adj_step_state_edge_active (shown, e);
      const gboolean hovered = (int) i == st->hovered_edge;
      const double hx = e->points[2 * (e->n_points - 1)], hy = e->points[2 * (e->n_points - 1) + 1];
      double ex, ey, ang, len;

      if ((vis->lod == ADJ_LOD_PLAIN && !active && !hovered) || !visible_edge (vis, e))
        continue;
      edge_path (cr, e);
      if (active)
        SET (cr, col->step);
      else if (hovered)
        SET (cr, col->pal->focus);
      else
        SET (cr, col->pal->edge);
      cairo_set_line_width (cr, active ? 4.5 : hovered ? 3.5 : 1.8);
      cairo_stroke (cr);

      /* An arrowhead at the consumer's end: the direction values flow. */
      adj_edge_path_point (e, 0.97, &ex, &ey);
      ang = atan2 (hy - ey, hx - ex);
      len = active ? 14 : 10;
      cairo_move_to (cr, hx, hy);
      cairo_line_to (cr, hx - len * cos (ang - 0.4), hy - len * sin (ang - 0.4));
      cairo_line_to (cr, hx - len * cos (ang + 0.4), hy - len * sin (ang + 0.4));
      cairo_close_path (cr);
      cairo_fill (cr);
    }
}

/* A node's box: the focus ring, the fill of its role, and a border that glows while the current
 * step sets it. */
static void
draw_box (cairo_t *cr, const AgNode *n, const AdjBox *b, gboolean selected, double pulse,
          const Colours *col)
{
  const Palette *pal = col->pal;
  const double *fill = n->role == AG_ROLE_CONST ? pal->konst
                     : ag_node_is_differentiable_leaf (n) || n->role == AG_ROLE_DATA ? pal->input
                     : n->role == AG_ROLE_OUTPUT ? pal->output : pal->box;

  if (selected)
    {
      adj_rounded_rect (cr, b->x - 5, b->y - 5, b->w + 10, b->h + 10, 14);
      SET (cr, pal->focus);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
    }
  adj_rounded_rect (cr, b->x, b->y, b->w, b->h, 10);
  SET (cr, fill);
  cairo_fill_preserve (cr);
  if (pulse > 0)
    {
      cairo_set_source_rgba (cr, col->step[0], col->step[1], col->step[2], 0.5 + 0.5 * pulse);
      cairo_set_line_width (cr, 2.5 + 3 * pulse);
    }
  else
    {
      SET (cr, pal->border);
      cairo_set_line_width (cr, 1.5);
    }
  cairo_stroke (cr);
}

/* The width of the label column ("value", "grad", "tangent") as the layout measured it. */
static double
label_width (void)
{
  double w = 0, lw, lh;

  text_size (NULL, "value", adj_font_name (ADJ_FONT_LABEL), &lw, &lh);
  w = MAX (w, lw);
  text_size (NULL, "grad", adj_font_name (ADJ_FONT_LABEL), &lw, &lh);
  w = MAX (w, lw);
  text_size (NULL, "tangent", adj_font_name (ADJ_FONT_LABEL), &lw, &lh);
  return MAX (w, lw);
}

/* One of a scalar's lines: its label, then its number (or exercise mode's "?": @v NULL)
 * whole in the rest of the box. */
static void
draw_number_line (cairo_t *cr, const AdjBox *b, const char *label, double line_y,
                  const double *colour, const double *v, const Colours *col)
{
  const double sc = text_scale, label_w = label_width ();
  char buf[AG_FORMAT_HUMAN_SIZE];
  AdjRect r;

  SET (cr, col->pal->muted);
  text_at (cr, label, adj_font_name (ADJ_FONT_LABEL), b->x + ADJ_NODE_PAD * sc, b->y + (line_y + 3) * sc,
           -1, PANGO_ALIGN_LEFT);
  SET (cr, v ? colour : col->pal->focus);
  adj_node_number_rect (b->x, b->y, b->w, label_w, line_y, sc, &r);
  text_whole (cr, v ? ag_format_human_buf (buf, *v) : "?", ADJ_FONT_NUMBER, &r, FALSE);
}

/* A scalar's numbers on two lines ("value 3", "grad 7"), a tensor's as two grids. The number
 * exercise mode asks for (@ask: value, grad) is a "?" instead, shown even before it exists. */
static void
draw_numbers (cairo_t *cr, const AgNode *n, const AdjBox *b, const AdjNodeShown *ns,
              gboolean tangents, const Colours *col, AdjAskKind ask)
{
  const Palette *pal = col->pal;
  const double sc = text_scale;

  if (n->size == 1)
    {
      if (ask == ADJ_ASK_VALUE)
        draw_number_line (cr, b, "value", 31, pal->value, NULL, col);
      else if (ns->value)
        draw_number_line (cr, b, "value", 31, pal->value, ns->value, col);
      if (ask == ADJ_ASK_GRAD)
        draw_number_line (cr, b, "grad", 55, col->grad, NULL, col);
      else if (ns->grad)
        draw_number_line (cr, b, tangents ? "tangent" : "grad", 55, col->grad, ns->grad, col);
    }
  else
    {
      const guint cols = MIN (n->shape.cols, ADJ_GRID_MAX_COLS);
      const double cell_w = (b->w - (2 * ADJ_GRID_PAD + ADJ_GRID_LABEL_W) * sc) / MAX (cols, 1u);
      const double gx = b->x + ADJ_GRID_PAD * sc;
      const double gy = b->y + (ADJ_GRID_TOP + MIN (n->shape.rows, ADJ_GRID_MAX_ROWS) * ADJ_CELL_H + ADJ_GRID_GAP) * sc;
      g_autofree char *shape = ag_shape_to_string (n->shape);
      SET (cr, pal->muted);
      text_at (cr, shape, adj_font_name (ADJ_FONT_SHAPE), b->x + ADJ_NODE_PAD * sc, b->y + 27 * sc,
               b->w - 2 * ADJ_NODE_PAD * sc, PANGO_ALIGN_LEFT);
      if (ns->value)
        draw_grid (cr, pal, pal->value, "=", n->shape, ns->value, gx, b->y + ADJ_GRID_TOP * sc, cell_w);
      if (ns->grad)
        draw_grid (cr, pal, col->grad, tangents ? "ẋ" : "∇", n->shape, ns->grad, gx, gy, cell_w);
    }
}

/* The text of a node: its name (cut in its middle when the box, grown to its limit, is still
 * too narrow), the op's symbol (or the leaf's role) in the corner beside it, never over it, its
 * numbers and, where several paths meet, how many contributions have arrived. */
static void
draw_node_text (cairo_t *cr, const AgGraph *graph, AgId id, const AdjBox *b,
                const AdjStepState *shown, const Colours *col, const AdjSceneAsk *ask,
                const char *call_title)
{
  const gboolean asked = (ask->kind == ADJ_ASK_VALUE || ask->kind == ADJ_ASK_GRAD) && ask->node == id;
  const AgNode *n = ag_graph_node (graph, id);
  const Palette *pal = col->pal;
  const double sc = text_scale;
  const char *tag = call_title ? "ƒ"
                  : n->op == AG_OP_LEAF ? ag_role_to_string (n->role) : ag_op_info (n->op)->symbol;
  const char *tag_font = adj_font_name (n->op == AG_OP_LEAF ? ADJ_FONT_ROLE : ADJ_FONT_TAG);
  char badge[64];
  double tag_w, tag_h;
  AdjRect title_r, tag_r;

  if (n->role == AG_ROLE_CONST && n->size == 1 && call_title == NULL)
    {
      AdjRect r = { b->x + 4 * sc, b->y + 8 * sc, b->w - 8 * sc, b->h };
      double w, h;
      SET (cr, pal->muted);
      text_size (cr, ag_graph_display_name (graph, id), adj_font_name (ADJ_FONT_CONST), &w, &h);
      if (w < r.w)
        r = (AdjRect) { b->x + (b->w - w) / 2, r.y, w, h };
      text_whole (cr, ag_graph_display_name (graph, id), ADJ_FONT_CONST, &r, FALSE);
      return;
    }
  text_size (cr, tag, tag_font, &tag_w, &tag_h);
  adj_node_title_rects (b->x, b->y, b->w, tag_w, sc, &title_r, &tag_r);
  SET (cr, pal->fg);
  {
    PangoLayout *pl = cached_layout_full (call_title ? call_title : ag_graph_display_name (graph, id),
                                          adj_font_name (ADJ_FONT_TITLE),
                                          title_r.w, PANGO_ALIGN_LEFT, PANGO_ELLIPSIZE_MIDDLE);
    cairo_move_to (cr, title_r.x, title_r.y);
    pango_cairo_show_layout (cr, pl);
  }
  SET (cr, pal->muted);
  /* A role in small type sits on the title's baseline side, a symbol level with it. */
  text_at (cr, tag, tag_font, tag_r.x, tag_r.y + (n->op == AG_OP_LEAF ? 1 : 0) * sc, -1, PANGO_ALIGN_LEFT);
  draw_numbers (cr, n, b, &shown->nodes[id], shown->tangents, col, asked ? ask->kind : ADJ_ASK_NONE);
  adj_step_state_paths_text (shown, id, badge, sizeof badge);
  if (badge[0])
    pill (cr, pal, col->grad, badge, "Sans Bold 11", b->x + b->w / 2, b->y + b->h + 16 * sc, FALSE);
}

/* The labels a frame has placed so far, which later ones keep clear of. */
typedef struct {
  AdjRect rects[ADJ_PLACEMENT_MAX_PLACED];
  guint   n;
} Placed;

static void
placed_add (Placed *p, const AdjRect *r)
{
  if (p->n < ADJ_PLACEMENT_MAX_PLACED)
    p->rects[p->n++] = *r;
}

/* A pill for @text near @anchor in free space (adj-placement.h): on no node, no label placed
 * before it, inside what is shown. Records where it went in @placed. */
static void
placed_pill (cairo_t *cr, const AdjLayout *layout, const Visible *vis, Placed *placed,
             const double *colour, const Palette *pal, const char *text, const char *font,
             const AdjRect *anchor, double gap)
{
  const AdjRect area = visible_area (vis);
  const AdjPlacementScene scene = {
    (const AdjBox *) layout->boxes->data, layout->boxes->len,
    (const AdjEdgePath *) layout->edges->data, layout->edges->len,
  };
  double w, h, lx1, ly1, lx2, ly2;
  AdjRect r;

  pill_size (cr, text, font, &w, &h);
  r = adj_placement_place (w, h, anchor, gap, &scene, placed->rects, placed->n, &area);
  placed_add (placed, &r);
  /* Pushed away from its node (or its edge's middle), a label says whose it is with a line. */
  if (adj_placement_leader (&r, anchor, gap, &lx1, &ly1, &lx2, &ly2))
    {
      SET (cr, colour);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, lx1, ly1);
      cairo_line_to (cr, lx2, ly2);
      cairo_stroke (cr);
    }
  pill (cr, pal, colour, text, font, r.x + r.w / 2, r.y + r.h / 2, FALSE);
}

/* The paths badges draw_node_text() puts under nodes ("1 of 2 paths"), as labels the sum and
 * the hover keep clear of. */
static void
placed_paths_badges (cairo_t *cr, const AdjLayout *layout, const AdjStepState *shown,
                     Placed *placed)
{
  for (AgId id = 0; id < shown->n_nodes && placed->n < ADJ_PLACEMENT_MAX_PLACED / 2; id++)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, id);
      char badge[64];
      double w, h;

      if (shown->nodes[id].expected < 2)
        continue;
      adj_step_state_paths_text (shown, id, badge, sizeof badge);
      if (!badge[0])
        continue;
      pill_size (cr, badge, "Sans Bold 11", &w, &h);
      placed_add (placed, &(AdjRect) { b->x + b->w / 2 - w / 2, b->y + b->h + 16 - h / 2, w, h });
    }
}

/* What the current step carries, on top of everything: a number travelling on each of its
 * edges, then, on arrival, the running sum beside the node that receives it, in free space. */
static void
draw_current (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout, const AgTrace *trace,
              const AdjStepState *shown, const Colours *col, const Visible *vis, Placed *placed)
{
  for (guint i = 0; i < layout->edges->len && shown->in_flight; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      AgShape shape;
      const double *carried = adj_step_state_carried (shown, graph, trace, e, &shape);
      g_autofree char *num = NULL;
      double px, py;

      if (carried == NULL)
        continue;
      num = short_tensor (shape, carried, 12);
      adj_anim_token_point (e, &g_array_index (layout->boxes, AdjBox, e->from),
                            &g_array_index (layout->boxes, AdjBox, e->to), shown->fraction, &px, &py);
      pill (cr, col->pal, col->step, num, "Sans Bold 14", px, py, TRUE);
    }
  if (shown->has_sum && vis->text)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, adj_step_state_receiver (shown));
      char sum[256];

      adj_step_state_sum_text (shown, trace, sum, sizeof sum);
      placed_pill (cr, layout, vis, placed, col->step, col->pal, sum, "Sans Bold 15", b, 6);
    }
}

gboolean
adj_scene_ask_on_edge (const AdjSceneAsk *ask, const AdjEdgePath *e)
{
  return (ask->kind == ADJ_ASK_LOCAL || ask->kind == ADJ_ASK_CONTRIBUTION) &&
         e->to == ask->from && e->from == ask->to;
}

/* Exercise mode's question on the canvas: a ring around the node asked about (its number is
 * already a "?"), or on the edge asked about a "?" where its number will be: the local
 * derivative as "∂u/∂v = ?" beside the edge's middle, the contribution as the filled token
 * that will travel. */
static void
draw_ask (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout, const AdjSceneAsk *ask,
          const Colours *col, const Visible *vis, Placed *placed)
{
  const Palette *pal = col->pal;

  if (ask->kind == ADJ_ASK_VALUE || ask->kind == ADJ_ASK_GRAD)
    {
      const AdjBox *b;
      static const double dash[] = { 8, 5 };

      if (ask->node >= layout->boxes->len)
        return;
      b = &g_array_index (layout->boxes, AdjBox, ask->node);
      adj_rounded_rect (cr, b->x - 6, b->y - 6, b->w + 12, b->h + 12, 15);
      SET (cr, pal->focus);
      cairo_set_line_width (cr, 3.5);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      return;
    }
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      AdjRect at = { 0, 0, 0, 0 };

      if (!adj_scene_ask_on_edge (ask, e))
        continue;
      if (ask->kind == ADJ_ASK_CONTRIBUTION)
        {
          /* Halfway between the boxes, where the travelling number will pass. */
          adj_anim_token_point (e, &g_array_index (layout->boxes, AdjBox, e->from),
                                &g_array_index (layout->boxes, AdjBox, e->to), 0.5, &at.x, &at.y);
          pill (cr, pal, col->grad, "?", "Sans Bold 18", at.x, at.y, TRUE);
          continue;
        }
      adj_edge_path_point (e, 0.5, &at.x, &at.y);
      if (vis->text)
        {
          const char *u = ag_graph_display_name (graph, ask->from);
          const char *name = ag_graph_display_name (graph, ask->to);
          g_autofree char *v = ag_format_is_identifier (name) ? g_strdup (name) : g_strdup_printf ("(%s)", name);
          g_autofree char *text = g_strdup_printf (ag_format_is_identifier (u) ? "∂%s/∂%s = ?" : "∂(%s)/∂%s = ?",
                                                   u, v);
          placed_pill (cr, layout, vis, placed, pal->focus, pal, text, "Sans Bold 15", &at, 10);
        }
    }
}

/* A folded call's box sits on a second card, offset down and right: there is more inside. */
static void
draw_folded_card (cairo_t *cr, const AdjBox *b, const Colours *col)
{
  adj_rounded_rect (cr, b->x + 6, b->y + 6, b->w, b->h, 10);
  SET (cr, col->pal->box);
  cairo_fill_preserve (cr);
  SET (cr, col->pal->border);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

/* An open call's frame, outermost first: a faint panel, a dashed border and the call written
 * as in the program ("neuron#2: neuron(x, w1, b1)") in its title band. */
static void
draw_frames (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout, const Colours *col,
             const Visible *vis)
{
  const double dashes[] = { 6, 4 };

  for (guint i = layout->frames ? layout->frames->len : 0; i-- > 0;)
    {
      const AdjCallFrame *f = &g_array_index (layout->frames, AdjCallFrame, i);
      const AdjRect *r = &f->rect;
      const AgCall *c = ag_graph_call (graph, f->call);
      char title[512];
      gsize len;

      if (!visible_rect (vis, r->x, r->y, r->x + r->w, r->y + r->h))
        continue;
      adj_rounded_rect (cr, r->x, r->y, r->w, r->h, 14);
      cairo_set_source_rgba (cr, col->pal->value[0], col->pal->value[1], col->pal->value[2], 0.05);
      cairo_fill_preserve (cr);
      SET (cr, col->pal->edge);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (!vis->text)
        continue;
      len = g_snprintf (title, sizeof title, "▾ %s: %s(", c->name, c->function);
      for (guint a = 0; a < c->n_args && len < sizeof title; a++)
        len += g_snprintf (title + len, sizeof title - len, "%s%s", a ? ", " : "",
                           ag_graph_display_name (graph, ag_graph_call_arg (graph, f->call, a)));
      if (len < sizeof title)
        g_snprintf (title + len, sizeof title - len, ")");
      SET (cr, col->pal->muted);
      text_at (cr, title, "Sans Bold 12", r->x + 10 * text_scale, r->y + 4 * text_scale,
               r->w - 20 * text_scale, PANGO_ALIGN_LEFT);
    }
}

void
adj_scene_paint_step (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                      const AgTrace *trace, const AdjSceneState *st, const AdjStepState *shown)
{
  const Colours col = colours_for (shown, st->theme);
  const AgId receiver = adj_step_state_receiver (shown);
  Placed placed = { .n = 0 };
  Visible vis;

  g_return_if_fail (layout->boxes->len == ag_graph_n_nodes (graph));
  g_return_if_fail (shown->n_nodes == ag_graph_n_nodes (graph));
  text_scale = layout->font_scale > 0 ? layout->font_scale : 1.0;
  visible_init (&vis, cr, text_scale);
  draw_frames (cr, graph, layout, &col, &vis);
  draw_edges (cr, layout, shown, st, &col, &vis);
  if (vis.lod == ADJ_LOD_PLAIN)   /* one path per fill; the marked boxes in full below */
    adj_lod_fill_boxes (cr, graph, layout, (const double *[]) { col.pal->box, col.pal->input,
                        col.pal->output, col.pal->konst }, col.pal->border, st->selected, receiver);
  for (AgId id = 0; id < shown->n_nodes; id++)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, id);
      const guint call = layout->stands_for ? layout->stands_for[id] : AG_NO_CALL;
      char title[256];

      /* The box with what hangs off it: the focus ring, the paths badge below, the running
       * sum beside it. A node folded inside a call is not drawn. */
      if (!adj_layout_node_drawn (layout, id)
          || (vis.lod == ADJ_LOD_PLAIN && id != st->selected && id != receiver)
          || !visible_rect (&vis, b->x - 100, b->y - 60, b->x + b->w + 100, b->y + b->h + 60))
        continue;
      if (call != AG_NO_CALL)
        draw_folded_card (cr, b, &col);
      draw_box (cr, ag_graph_node (graph, id), b, id == st->selected, id == receiver ? shown->pulse : 0, &col);
      if (vis.text)
        draw_node_text (cr, graph, id, b, shown, &col, &st->ask,
                        call != AG_NO_CALL ? adj_fold_box_title (graph, call, title, sizeof title) : NULL);
    }
  if (vis.text)
    placed_paths_badges (cr, layout, shown, &placed);
  draw_current (cr, graph, layout, trace, shown, &col, &vis, &placed);
  if (st->ask.kind != ADJ_ASK_NONE)
    draw_ask (cr, graph, layout, &st->ask, &col, &vis, &placed);
  /* The hovered edge's derivative, beside the edge's middle, in free space inside the view;
   * not on the edge exercise mode asks about, whose derivative would give the answer away. */
  if (st->hovered_edge >= 0 && (guint) st->hovered_edge < layout->edges->len &&
      !adj_scene_ask_on_edge (&st->ask, &g_array_index (layout->edges, AdjEdgePath, st->hovered_edge)))
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, st->hovered_edge);
      g_autofree char *text = adj_scene_dup_edge_formula (graph, layout, trace, st->hovered_edge,
                                                          !st->ask.quiz);
      AdjRect at = { 0, 0, 0, 0 };

      adj_edge_path_point (e, 0.5, &at.x, &at.y);
      placed_pill (cr, layout, &vis, &placed, col.pal->focus, col.pal, text, "Sans Bold 14", &at, 10);
    }
}

void
adj_scene_draw_graph (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                      const AgTrace *trace, const AdjSceneState *st)
{
  /* Only the main thread draws (as with the text cache), so one state, grown to the largest
   * graph drawn, serves every frame without allocating. */
  static AdjStepState shown;

  adj_step_state_compute (&shown, graph, trace, st->k, st->t);
  adj_scene_paint_step (cr, graph, layout, trace, st, &shown);
}

void
adj_scene_paint_layout_note (cairo_t *cr, AdjTheme theme, const AdjLayout *layout, double width)
{
  const Palette *pal = palette (theme);
  const double max_w = MIN (width - 48, 760);
  PangoLayout *pl;
  int w, h;

  if (layout->note == NULL || max_w < 100)
    return;
  text_scale = layout->font_scale > 0 ? layout->font_scale : 1.0;
  pl = cached_layout_full (layout->note, "Sans 11", max_w, PANGO_ALIGN_LEFT, PANGO_ELLIPSIZE_NONE);
  pango_layout_get_pixel_size (pl, &w, &h);
  adj_rounded_rect (cr, 12, 12, w + 24, h + 16, 8);
  SET (cr, pal->caption_bg);
  cairo_fill (cr);
  SET (cr, pal->caption_fg);
  cairo_move_to (cr, 24, 20);
  pango_cairo_show_layout (cr, pl);
}

char *
adj_scene_dup_edge_text (const AgGraph *graph, const AdjLayout *layout, const AgTrace *trace,
                         int edge)
{
  return adj_scene_dup_edge_formula (graph, layout, trace, edge, TRUE);
}

char *
adj_scene_dup_edge_formula (const AgGraph *graph, const AdjLayout *layout, const AgTrace *trace,
                            int edge, gboolean with_number)
{
  const AdjEdgePath *e;
  const char *u, *v;
  g_autofree char *formula = NULL;
  GString *s = g_string_new ("∂");
  double local = NAN;

  g_return_val_if_fail (edge >= 0 && (guint) edge < layout->edges->len, NULL);
  e = &g_array_index (layout->edges, AdjEdgePath, edge);
  u = ag_graph_display_name (graph, e->to);
  v = ag_graph_display_name (graph, e->from);
  /* Into a folded call's box: the derivative of the whole call, known by its numbers. */
  if (layout->stands_for && layout->stands_for[e->to] != AG_NO_CALL)
    formula = g_strdup_printf ("the derivative of %s through its inside",
                               ag_graph_call (graph, layout->stands_for[e->to])->name);
  else
    formula = ag_op_describe_derivative (graph, e->to, e->slot);
  g_string_append_printf (s, ag_format_is_identifier (u) ? "%s/∂" : "(%s)/∂", u);
  g_string_append_printf (s, ag_format_is_identifier (v) ? "%s = %s" : "(%s) = %s", v, formula);
  for (guint j = 0; with_number && j < ag_trace_n_steps (trace); j++)
    {
      const AgStep *st = ag_trace_step (trace, j);
      if ((st->kind == AG_STEP_BACKWARD || st->kind == AG_STEP_TANGENT) && adj_step_uses_edge (st, e))
        {
          local = st->local;
          break;
        }
    }
  if (isfinite (local))
    {
      GString *num = g_string_new (NULL);
      ag_format_number (num, local);
      if (!g_str_equal (num->str, formula))
        g_string_append_printf (s, " = %s", num->str);
      g_string_free (num, TRUE);
    }
  return g_string_free (s, FALSE);
}

double
adj_scene_caption_font_size (double width, double height)
{
  /* A slide is read from the back of a hall: the caption's letters are 1/24 of the page's
   * height (37.5 pt on a 1600 × 900 page, as a slide's body text), never wider than the page
   * holds in three lines of about 70 characters. */
  return MAX (12.0, MIN (height / 24.0, width / 40.0));
}

/* The caption's text laid out in the strip: at most ADJ_SCENE_CAPTION_LINES lines, wrapped at
 * words, longer text ends in "…". Owned by the caller. */
static PangoLayout *
caption_layout (cairo_t *cr, const char *text, double font, double width, gboolean bold)
{
  PangoLayout *pl = pango_cairo_create_layout (cr);
  PangoFontDescription *fd = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (fd, font * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (pl, fd);
  pango_layout_set_text (pl, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (pl, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (pl, -ADJ_SCENE_CAPTION_LINES);
      pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
    }
  pango_font_description_free (fd);
  return pl;
}

void
adj_scene_draw (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout, const AgTrace *trace,
                guint k, const char *caption, AdjTheme theme, double width, double height)
{
  const Palette *pal = palette (theme);
  /* The caption strip scales with the page and holds one to three lines of its text; the
   * graph gets the rest. */
  const double font = adj_scene_caption_font_size (width, height), pad = 0.45 * font;
  const double margin = 32;
  g_autofree char *text = caption ? g_strdup (caption)
                        : k > 0 ? ag_trace_describe_step (trace, graph, k - 1)
                        : g_strdup ("Start: the inputs hold their values. Step forward to compute.");
  g_autofree char *counter = g_strdup_printf ("%u / %u", k, ag_trace_n_steps (trace));
  PangoLayout *counter_pl = caption_layout (cr, counter, 0.8 * font, -1, TRUE);
  PangoLayout *text_pl;
  AdjSceneState st = ADJ_SCENE_STATE_INIT (k);
  AdjView view;
  double caption_h;
  int tw, th, cw, ch;

  g_return_if_fail (k <= ag_trace_n_steps (trace));
  pango_layout_get_pixel_size (counter_pl, &cw, &ch);
  text_pl = caption_layout (cr, text, font, width - 2 * pad - cw - 2 * pad, FALSE);
  pango_layout_get_pixel_size (text_pl, &tw, &th);
  caption_h = MAX (th, ch) + 2 * pad;

  st.theme = theme;
  adj_scene_paint_background (cr, theme);
  /* The whole graph, or the step's neighbourhood when the whole would be too small to read. */
  view = adj_camera_page_view (graph, layout, trace, k, width, height - caption_h, margin, 1.6);
  cairo_save (cr);
  cairo_translate (cr, view.pan_x, view.pan_y);
  cairo_scale (cr, view.zoom, view.zoom);
  adj_scene_draw_graph (cr, graph, layout, trace, &st);
  cairo_restore (cr);
  adj_scene_paint_edge_fade (cr, theme, layout, &view, width, height - caption_h);

  /* The caption strip: what this step does, in words, and where the step is. */
  SET (cr, pal->caption_bg);
  cairo_rectangle (cr, 0, height - caption_h, width, caption_h);
  cairo_fill (cr);
  SET (cr, pal->caption_fg);
  cairo_move_to (cr, pad, height - caption_h + (caption_h - th) / 2);
  pango_cairo_show_layout (cr, text_pl);
  cairo_move_to (cr, width - pad - cw, height - caption_h + (caption_h - ch) / 2);
  pango_cairo_show_layout (cr, counter_pl);
  g_object_unref (text_pl);
  g_object_unref (counter_pl);
}

void
adj_scene_draw_title (cairo_t *cr, const char *title, const char *note, AdjTheme theme,
                      double width, double height)
{
  const Palette *pal = palette (theme);
  const double font = adj_scene_caption_font_size (width, height), side = width / 10;
  PangoLayout *title_pl = caption_layout (cr, title ? title : "", 2 * font, width - 2 * side, TRUE);
  PangoLayout *note_pl = NULL;
  int tw, th, nw = 0, nh = 0;
  double top;

  adj_scene_paint_background (cr, theme);
  pango_layout_set_height (title_pl, -3);
  pango_layout_set_alignment (title_pl, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (title_pl, &tw, &th);
  if (note && note[0])
    {
      note_pl = caption_layout (cr, note, font, width - 2 * side, FALSE);
      pango_layout_set_height (note_pl, -6);
      pango_layout_set_alignment (note_pl, PANGO_ALIGN_CENTER);
      pango_layout_get_pixel_size (note_pl, &nw, &nh);
    }
  /* Title and note centred together, the note a line below the title. */
  top = (height - th - (note_pl ? font + nh : 0)) / 2;
  SET (cr, pal->fg);
  cairo_move_to (cr, side, top);
  pango_cairo_show_layout (cr, title_pl);
  if (note_pl)
    {
      cairo_move_to (cr, side, top + th + font);
      pango_cairo_show_layout (cr, note_pl);
      g_object_unref (note_pl);
    }
  g_object_unref (title_pl);
}

/* What adj_scene_export_slides() draws: a title page when @title_page, then positions
 * first … last, a page each. */
typedef struct {
  const AgGraph *graph;
  const AdjLayout *layout;
  const AgTrace *trace;
  guint first, last;
  AdjCaptionFunc caption;
  gpointer caption_data;
  const char *title, *note;
  gboolean title_page;
  AdjTheme theme;
  double width, height;
} ExportJob;

static cairo_status_t
export_paint (cairo_surface_t *surface, gpointer data)
{
  const ExportJob *job = data;
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  if (job->title && cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_PDF)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, job->title);
  if (job->title_page)
    {
      adj_scene_draw_title (cr, job->title, job->note, job->theme, job->width, job->height);
      cairo_show_page (cr);
    }
  for (guint k = job->first; k <= job->last; k++)
    {
      adj_scene_draw (cr, job->graph, job->layout, job->trace, k,
                      job->caption ? job->caption (k, job->caption_data) : NULL, job->theme,
                      job->width, job->height);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  return status;
}

gboolean
adj_scene_export (const char *path, const AgGraph *graph, const AdjLayout *layout,
                  const AgTrace *trace, guint first, guint last, AdjCaptionFunc caption,
                  gpointer caption_data, AdjTheme theme, double width, GError **error)
{
  return adj_scene_export_slides (path, graph, layout, trace, first, last, caption, caption_data,
                                  NULL, NULL, FALSE, theme, width, error);
}

gboolean
adj_scene_export_slides (const char *path, const AgGraph *graph, const AdjLayout *layout,
                         const AgTrace *trace, guint first, guint last, AdjCaptionFunc caption,
                         gpointer caption_data, const char *title, const char *note,
                         gboolean title_page, AdjTheme theme, double width, GError **error)
{
  const ExportJob job = { graph, layout, trace, first, last, caption, caption_data, title, note,
                          title_page, theme, width, width * 9.0 / 16.0 };
  const gboolean png = g_str_has_suffix (path, ".png"), svg = g_str_has_suffix (path, ".svg");
  const gboolean pdf = g_str_has_suffix (path, ".pdf");

  g_return_val_if_fail (path != NULL && graph != NULL && layout != NULL && trace != NULL, FALSE);
  g_return_val_if_fail (first <= last && last <= ag_trace_n_steps (trace), FALSE);
  if (!png && !svg && !pdf)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: the name must end in .png, .svg or .pdf", path);
      return FALSE;
    }
  if (!pdf && (first != last || title_page))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: several steps need a PDF, one page each", path);
      return FALSE;
    }
  /* Whole or not at all: a full disk leaves the old picture, not half a new one. */
  return adj_export_file_write (path, png ? ADJ_EXPORT_PNG : svg ? ADJ_EXPORT_SVG : ADJ_EXPORT_PDF,
                                CAIRO_FORMAT_RGB24, width, job.height, export_paint,
                                (gpointer) &job, error);
}
