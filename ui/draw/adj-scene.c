/* adj-scene.c: drawing a graph at one moment: boxes, curves, values, adjoints, what travels
 * on the current step, and the caption line of exported frames. */
#include "ui/draw/adj-scene.h"

#include <gio/gio.h>
#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-export-file.h"
#include "ui/draw/adj-palette.h"
#include "ui/draw/adj-step-state.h"
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
 * frame before, so layouts are kept between frames, keyed by font, width, alignment and text.
 * They live in a context of their own with metric hinting off, so their sizes do not depend on
 * the zoom and a zoom or a pan reuses them. The cache empties itself past TEXT_CACHE_MAX
 * entries (a long run of changing numbers). Only the main thread draws. */
#define TEXT_CACHE_MAX 16384

static GHashTable   *text_cache;    /* key → PangoLayout */
static PangoContext *text_context;

static PangoLayout *
cached_layout (const char *text, const char *font, double max_w, PangoAlignment align)
{
  const int width = max_w > 0 ? (int) (max_w * PANGO_SCALE) : -1;
  char *key = g_strdup_printf ("%s\x1f%d\x1f%d\x1f%s", font, width, (int) align, text);
  PangoLayout *pl;

  if (text_cache == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      text_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      text_context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      pango_cairo_context_set_font_options (text_context, options);
      cairo_font_options_destroy (options);
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
    PangoFontDescription *fd = pango_font_description_from_string (font);
    pl = pango_layout_new (text_context);
    pango_layout_set_font_description (pl, fd);
    pango_font_description_free (fd);
  }
  pango_layout_set_text (pl, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (pl, width);
      pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (pl, align);
    }
  g_hash_table_insert (text_cache, key, pl);
  return pl;
}

/* Draws @text in a column @max_w wide starting at x (aligned in it as @align), top at y.
 * Returns the height used. */
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
  int iw, ih;

  pango_layout_get_pixel_size (pl, &iw, &ih);
  *w = iw;
  *h = ih;
}

static void
append_compact (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (out, adj_format_compact (buf, v));
}

/* A tensor in compact numbers, cut with "…" past @max_chars characters. */
static char *
short_tensor (AgShape shape, const double *data, guint max_chars)
{
  GString *s = g_string_new (NULL);

  if (shape.ndim == 0)
    append_compact (s, data[0]);
  else
    {
      g_string_append_c (s, '[');
      for (guint i = 0; i < shape.rows && s->len < 4 * max_chars; i++)
        {
          if (shape.ndim == 2)
            g_string_append (s, i ? ", [" : "[");
          for (guint j = 0; j < shape.cols && s->len < 4 * max_chars; j++)
            {
              if (j)
                g_string_append (s, ", ");
              append_compact (s, data[i * shape.cols + j]);
            }
          if (shape.ndim == 2)
            g_string_append_c (s, ']');
        }
      g_string_append_c (s, ']');
    }
  if (g_utf8_strlen (s->str, -1) > max_chars)
    {
      g_string_truncate (s, g_utf8_offset_to_pointer (s->str, max_chars - 1) - s->str);
      g_string_append (s, "…");
    }
  return g_string_free (s, FALSE);
}

/* A pill with @text centred on (@cx, @cy); returns nothing, draws on top. */
static void
pill (cairo_t *cr, const Palette *pal, const double *colour, const char *text, const char *font,
      double cx, double cy, gboolean filled)
{
  double w, h;

  text_size (cr, text, font, &w, &h);
  adj_rounded_rect (cr, cx - w / 2 - 9, cy - h / 2 - 4, w + 18, h + 8, (h + 8) / 2);
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

/* A grid of at most ADJ_GRID_MAX_ROWS × COLS cells, each tinted by its magnitude relative to
 * the largest, with its number (the sign is in the text, not only in the colour). */
static void
draw_grid (cairo_t *cr, const Palette *pal, const double *colour, const char *mark, AgShape shape,
           const double *data, double x, double y)
{
  const guint rows = MIN (shape.rows, ADJ_GRID_MAX_ROWS), cols = MIN (shape.cols, ADJ_GRID_MAX_COLS);
  double max_abs = 0;

  SET (cr, colour);
  text_at (cr, mark, "Sans Bold 13", x, y + rows * ADJ_CELL_H / 2 - 9, ADJ_GRID_LABEL_W, PANGO_ALIGN_LEFT);
  x += ADJ_GRID_LABEL_W;
  for (guint i = 0; i < rows; i++)
    for (guint j = 0; j < cols; j++)
      if (isfinite (data[i * shape.cols + j]))
        max_abs = MAX (max_abs, fabs (data[i * shape.cols + j]));
  for (guint i = 0; i < rows; i++)
    for (guint j = 0; j < cols; j++)
      {
        const double v = data[i * shape.cols + j];
        const double a = max_abs > 0 && isfinite (v) ? fabs (v) / max_abs : 0;
        const double cx = x + j * ADJ_CELL_W, cy = y + i * ADJ_CELL_H;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        const gboolean more = (i == rows - 1 && shape.rows > rows) || (j == cols - 1 && shape.cols > cols);

        cairo_rectangle (cr, cx + 1, cy + 1, ADJ_CELL_W - 2, ADJ_CELL_H - 2);
        cairo_set_source_rgba (cr, colour[0], colour[1], colour[2], 0.08 + 0.42 * a);
        cairo_fill (cr);
        SET (cr, pal->fg);
        text_at (cr, more ? "…" : adj_format_compact (buf, v), "Sans 11", cx + 2, cy + 3, ADJ_CELL_W - 4, PANGO_ALIGN_CENTER);
      }
}

/* What of the layout the target shows, so a frame draws only that, and whether text is large
 * enough to read: below TEXT_MIN_SCALE device pixels per point an 11 pt label is under 4 pixels
 * high, so a raster frame draws the boxes and curves without it (an overview, as a map drops its
 * labels). */
#define TEXT_MIN_SCALE 0.27

typedef struct {
  double x1, y1, x2, y2;
  gboolean text;
} Visible;

static void
visible_init (Visible *v, cairo_t *cr)
{
  double dx = 1, dy = 0;

  cairo_clip_extents (cr, &v->x1, &v->y1, &v->x2, &v->y2);
  cairo_user_to_device_distance (cr, &dx, &dy);
  /* Pixels only: a PDF or SVG keeps every label, since its reader can zoom in. */
  v->text = hypot (dx, dy) >= TEXT_MIN_SCALE ||
            cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE;
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

/* Edges go first, so boxes sit on top; the current step's edges thick and coloured. */
static void
draw_edges (cairo_t *cr, const AdjLayout *layout, const AdjStepState *shown,
            const AdjSceneState *st, const Colours *col, const Visible *vis)
{
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      const gboolean active = adj_step_state_edge_active (shown, e);
      const gboolean hovered = (int) i == st->hovered_edge;
      const double hx = e->points[2 * (e->n_points - 1)], hy = e->points[2 * (e->n_points - 1) + 1];
      double ex, ey, ang, len;

      if (!visible_edge (vis, e))
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

/* A scalar's numbers on two lines ("value 3", "grad 7"), a tensor's as two grids. */
static void
draw_numbers (cairo_t *cr, const AgNode *n, const AdjBox *b, const AdjNodeShown *ns,
              gboolean tangents, const Colours *col)
{
  const Palette *pal = col->pal;

  if (n->size == 1)
    {
      if (ns->value)
        {
          g_autofree char *v = short_tensor (n->shape, ns->value, 14);
          SET (cr, pal->muted);
          text_at (cr, "value", "Sans 11", b->x + 10, b->y + 34, 56, PANGO_ALIGN_LEFT);
          SET (cr, pal->value);
          text_at (cr, v, "Sans Bold 15", b->x + 66, b->y + 31, b->w - 74, PANGO_ALIGN_LEFT);
        }
      if (ns->grad)
        {
          g_autofree char *v = short_tensor (n->shape, ns->grad, 14);
          SET (cr, pal->muted);
          text_at (cr, tangents ? "tangent" : "grad", "Sans 11", b->x + 10, b->y + 58, 56, PANGO_ALIGN_LEFT);
          SET (cr, col->grad);
          text_at (cr, v, "Sans Bold 15", b->x + 66, b->y + 55, b->w - 74, PANGO_ALIGN_LEFT);
        }
    }
  else
    {
      const double gy = b->y + ADJ_GRID_TOP + MIN (n->shape.rows, ADJ_GRID_MAX_ROWS) * ADJ_CELL_H + ADJ_GRID_GAP;
      g_autofree char *shape = ag_shape_to_string (n->shape);
      SET (cr, pal->muted);
      text_at (cr, shape, "Sans 10", b->x + 10, b->y + 27, b->w - 20, PANGO_ALIGN_LEFT);
      if (ns->value)
        draw_grid (cr, pal, pal->value, "=", n->shape, ns->value, b->x + ADJ_GRID_PAD, b->y + ADJ_GRID_TOP);
      if (ns->grad)
        draw_grid (cr, pal, col->grad, tangents ? "ẋ" : "∇", n->shape, ns->grad, b->x + ADJ_GRID_PAD, gy);
    }
}

/* The text of a node: its name, the op's symbol (or the leaf's role) in the corner, its numbers
 * and, where several paths meet, how many contributions have arrived. */
static void
draw_node_text (cairo_t *cr, const AgGraph *graph, AgId id, const AdjBox *b,
                const AdjStepState *shown, const Colours *col)
{
  const AgNode *n = ag_graph_node (graph, id);
  const Palette *pal = col->pal;
  char badge[64];

  if (n->role == AG_ROLE_CONST && n->size == 1)
    {
      SET (cr, pal->muted);
      text_at (cr, ag_graph_display_name (graph, id), "Sans 14", b->x + 4, b->y + 8, b->w - 8, PANGO_ALIGN_CENTER);
      return;
    }
  SET (cr, pal->fg);
  text_at (cr, ag_graph_display_name (graph, id), "Sans Bold 15", b->x + 10, b->y + 6,
           b->w - (n->op == AG_OP_LEAF ? 64 : 40), PANGO_ALIGN_LEFT);
  SET (cr, pal->muted);
  text_at (cr, n->op == AG_OP_LEAF ? ag_role_to_string (n->role) : ag_op_info (n->op)->symbol,
           n->op == AG_OP_LEAF ? "Sans 11" : "Sans Bold 15", b->x + b->w - 62, b->y + 7, 52, PANGO_ALIGN_RIGHT);
  draw_numbers (cr, n, b, &shown->nodes[id], shown->tangents, col);
  adj_step_state_paths_text (shown, id, badge, sizeof badge);
  if (badge[0])
    pill (cr, pal, col->grad, badge, "Sans Bold 11", b->x + b->w / 2, b->y + b->h + 16, FALSE);
}

/* What the current step carries, on top of everything: a number travelling on each of its
 * edges, then, on arrival, the running sum above the node that receives it. */
static void
draw_current (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout, const AgTrace *trace,
              const AdjStepState *shown, const Colours *col)
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
      adj_edge_path_point (e, shown->fraction, &px, &py);
      pill (cr, col->pal, col->step, num, "Sans Bold 14", px, py, TRUE);
    }
  if (shown->has_sum)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, adj_step_state_receiver (shown));
      char sum[160];

      adj_step_state_sum_text (shown, trace, sum, sizeof sum);
      pill (cr, col->pal, col->step, sum, "Sans Bold 15", b->x + b->w / 2, b->y - 18, FALSE);
    }
}

void
adj_scene_paint_step (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                      const AgTrace *trace, const AdjSceneState *st, const AdjStepState *shown)
{
  const Colours col = colours_for (shown, st->theme);
  const AgId receiver = adj_step_state_receiver (shown);
  Visible vis;

  g_return_if_fail (layout->boxes->len == ag_graph_n_nodes (graph));
  g_return_if_fail (shown->n_nodes == ag_graph_n_nodes (graph));
  visible_init (&vis, cr);
  draw_edges (cr, layout, shown, st, &col, &vis);
  for (AgId id = 0; id < shown->n_nodes; id++)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, id);

      /* The box with what hangs off it: the focus ring, the paths badge below, the running
       * sum above. */
      if (!visible_rect (&vis, b->x - 100, b->y - 60, b->x + b->w + 100, b->y + b->h + 60))
        continue;
      draw_box (cr, ag_graph_node (graph, id), b, id == st->selected, id == receiver ? shown->pulse : 0, &col);
      if (vis.text)
        draw_node_text (cr, graph, id, b, shown, &col);
    }
  draw_current (cr, graph, layout, trace, shown, &col);
  if (st->hovered_edge >= 0 && (guint) st->hovered_edge < layout->edges->len)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, st->hovered_edge);
      g_autofree char *text = adj_scene_dup_edge_text (graph, layout, trace, st->hovered_edge);
      double mx, my;
      adj_edge_path_point (e, 0.5, &mx, &my);
      pill (cr, col.pal, col.pal->focus, text, "Sans Bold 14", mx, my - 22, FALSE);
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

char *
adj_scene_dup_edge_text (const AgGraph *graph, const AdjLayout *layout, const AgTrace *trace,
                         int edge)
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
  formula = ag_op_describe_derivative (graph, e->to, e->slot);
  g_string_append_printf (s, ag_format_is_identifier (u) ? "%s/∂" : "(%s)/∂", u);
  g_string_append_printf (s, ag_format_is_identifier (v) ? "%s = %s" : "(%s) = %s", v, formula);
  for (guint j = 0; j < ag_trace_n_steps (trace); j++)
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
  view = adj_view_fit (layout->width, layout->height, width, height - caption_h, margin, 1.6);
  cairo_save (cr);
  cairo_translate (cr, view.pan_x, view.pan_y);
  cairo_scale (cr, view.zoom, view.zoom);
  adj_scene_draw_graph (cr, graph, layout, trace, &st);
  cairo_restore (cr);

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
