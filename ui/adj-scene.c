/* adj-scene.c: drawing a graph at one step: boxes, curves, values, adjoints and the caption. */
#include "ui/adj-scene.h"
#include "core/format.h"
#include "core/ops.h"

#include <math.h>
#include <pango/pangocairo.h>

typedef struct {
  double bg[3], fg[3], muted[3], edge[3], box[3], border[3];
  double input[3], output[3], konst[3];
  double value[3], grad[3];
  double caption_bg[3], caption_fg[3];
} Palette;

/* Values in blue and adjoints in orange: a pair that colour-blind readers tell apart, and
 * every number also carries its own label, so colour is never the only cue. */
static const Palette light = {
  { 0.98, 0.98, 0.97 }, { 0.13, 0.13, 0.15 }, { 0.45, 0.45, 0.50 }, { 0.62, 0.62, 0.66 },
  { 1, 1, 1 }, { 0.70, 0.70, 0.74 },
  { 0.89, 0.94, 1.0 }, { 0.90, 0.97, 0.90 }, { 0.93, 0.93, 0.93 },
  { 0.00, 0.35, 0.75 }, { 0.80, 0.38, 0.00 },
  { 0.16, 0.16, 0.20 }, { 1, 1, 1 },
};
static const Palette dark = {
  { 0.12, 0.12, 0.14 }, { 0.93, 0.93, 0.95 }, { 0.65, 0.65, 0.70 }, { 0.45, 0.45, 0.50 },
  { 0.19, 0.19, 0.22 }, { 0.35, 0.35, 0.40 },
  { 0.14, 0.22, 0.34 }, { 0.15, 0.28, 0.17 }, { 0.22, 0.22, 0.24 },
  { 0.45, 0.72, 1.00 }, { 1.00, 0.62, 0.25 },
  { 0.95, 0.95, 0.97 }, { 0.10, 0.10, 0.12 },
};

#define SET(cr, c) cairo_set_source_rgb ((cr), (c)[0], (c)[1], (c)[2])

/* Draws @text in a column @max_w wide starting at x (aligned in it as @align), top at y. */
static void
text_at (cairo_t *cr, const char *text, const char *font, double x, double y, double max_w,
         PangoAlignment align)
{
  PangoLayout *pl = pango_cairo_create_layout (cr);
  PangoFontDescription *fd = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (pl, fd);
  pango_layout_set_text (pl, text, -1);
  pango_layout_set_width (pl, (int) (max_w * PANGO_SCALE));
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (pl, align);
  pango_layout_get_pixel_size (pl, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, pl);
  pango_font_description_free (fd);
  g_object_unref (pl);
}

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static char *
short_tensor (AgShape shape, const double *data)
{
  g_autofree char *s = ag_format_tensor_dup (shape, data);
  if (g_utf8_strlen (s, -1) <= 40)
    return g_steal_pointer (&s);
  return g_strdup_printf ("%.38s…", s);
}

void
adj_scene_draw (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout, const AgTrace *trace,
                guint k, const char *caption, AdjTheme theme, double width, double height)
{
  const Palette *pal = theme == ADJ_THEME_DARK ? &dark : &light;
  const guint n_nodes = ag_graph_n_nodes (graph);
  const double caption_h = 64, margin = 24;
  g_autofree gssize *value_step = g_new (gssize, n_nodes);   /* -1: a leaf, known from the start */
  g_autofree gssize *grad_step = g_new (gssize, n_nodes);    /* last step that set the adjoint */
  const AgStep *current = k > 0 ? ag_trace_step (trace, k - 1) : NULL;
  double scale, ox, oy;

  g_return_if_fail (k <= ag_trace_n_steps (trace));
  for (AgId id = 0; id < n_nodes; id++)
    {
      value_step[id] = ag_graph_node (graph, id)->op == AG_OP_LEAF ? -1 : G_MAXSSIZE;
      grad_step[id] = G_MAXSSIZE;
    }
  for (guint j = 0; j < k; j++)
    {
      const AgStep *s = ag_trace_step (trace, j);
      if (s->to == AG_NO_ID)
        continue;
      if (s->kind == AG_STEP_FORWARD)
        value_step[s->to] = j;
      else if (s->kind == AG_STEP_SEED || s->kind == AG_STEP_BACKWARD)
        grad_step[s->to] = j;
    }

  SET (cr, pal->bg);
  cairo_paint (cr);

  /* Fit the layout above the caption line, never enlarging past 1.6×. */
  scale = MIN ((width - 2 * margin) / MAX (layout->width, 1), (height - caption_h - 2 * margin) / MAX (layout->height, 1));
  scale = MIN (scale, 1.6);
  ox = (width - layout->width * scale) / 2;
  oy = margin + (height - caption_h - 2 * margin - layout->height * scale) / 2;
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, scale, scale);

  /* Edges first, so boxes sit on top; the current step's edge is drawn thick and coloured. */
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      gboolean active = current && ((current->kind == AG_STEP_FORWARD && current->to == e->to) ||
                                    (current->kind == AG_STEP_BACKWARD && current->from == e->to &&
                                     current->to == e->from && current->slot == e->slot));
      double ex, ey;

      cairo_move_to (cr, e->points[0], e->points[1]);
      for (guint p = 1; p + 2 < e->n_points; p += 3)
        cairo_curve_to (cr, e->points[2 * p], e->points[2 * p + 1], e->points[2 * p + 2],
                        e->points[2 * p + 3], e->points[2 * p + 4], e->points[2 * p + 5]);
      if (active)
        SET (cr, current->kind == AG_STEP_FORWARD ? pal->value : pal->grad);
      else
        SET (cr, pal->edge);
      cairo_set_line_width (cr, active ? 4.5 : 1.8);
      cairo_stroke (cr);

      /* An arrowhead at the consumer's end. */
      adj_edge_path_point (e, 0.97, &ex, &ey);
      {
        const double hx = e->points[2 * (e->n_points - 1)], hy = e->points[2 * (e->n_points - 1) + 1];
        const double ang = atan2 (hy - ey, hx - ex), len = active ? 14 : 10;
        cairo_move_to (cr, hx, hy);
        cairo_line_to (cr, hx - len * cos (ang - 0.4), hy - len * sin (ang - 0.4));
        cairo_line_to (cr, hx - len * cos (ang + 0.4), hy - len * sin (ang + 0.4));
        cairo_close_path (cr);
        cairo_fill (cr);
      }

    }

  for (AgId id = 0; id < n_nodes; id++)
    {
      const AgNode *n = ag_graph_node (graph, id);
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, id);
      const gboolean receives = current && current->to == id;
      const double *fill = n->role == AG_ROLE_CONST ? pal->konst
                         : ag_node_is_differentiable_leaf (n) || n->role == AG_ROLE_DATA ? pal->input
                         : n->role == AG_ROLE_OUTPUT ? pal->output : pal->box;

      rounded_rect (cr, b->x, b->y, b->w, b->h, 10);
      SET (cr, fill);
      cairo_fill_preserve (cr);
      if (receives)
        SET (cr, current->kind == AG_STEP_FORWARD ? pal->value : pal->grad);
      else
        SET (cr, pal->border);
      cairo_set_line_width (cr, receives ? 4 : 1.5);
      cairo_stroke (cr);

      if (n->role == AG_ROLE_CONST && n->size == 1)
        {
          SET (cr, pal->muted);
          text_at (cr, ag_graph_display_name (graph, id), "Sans 14", b->x + 4, b->y + 8, b->w - 8, PANGO_ALIGN_CENTER);
          continue;
        }

      /* Name, and the op as a symbol in the corner. */
      SET (cr, pal->fg);
      text_at (cr, ag_graph_display_name (graph, id), "Sans Bold 15", b->x + 10, b->y + 6, b->w - 70, PANGO_ALIGN_LEFT);
      SET (cr, pal->muted);
      text_at (cr, n->op == AG_OP_LEAF ? ag_role_to_string (n->role) : ag_op_info (n->op)->symbol,
               "Sans 12", b->x + b->w - 70, b->y + 8, 60, PANGO_ALIGN_RIGHT);

      if (value_step[id] != G_MAXSSIZE)
        {
          g_autofree char *v = short_tensor (n->shape, ag_graph_value (graph, id));
          g_autofree char *line = g_strdup_printf ("= %s", v);
          SET (cr, pal->value);
          text_at (cr, line, "Sans 14", b->x + 10, b->y + 31, b->w - 20, PANGO_ALIGN_LEFT);
        }
      if (grad_step[id] != G_MAXSSIZE)
        {
          const AgStep *s = ag_trace_step (trace, grad_step[id]);
          g_autofree char *v = short_tensor (n->shape, ag_trace_data (trace, s->after));
          g_autofree char *line = g_strdup_printf ("grad %s", v);
          SET (cr, pal->grad);
          text_at (cr, line, "Sans Bold 14", b->x + 10, b->y + 55, b->w - 20, PANGO_ALIGN_LEFT);
        }
    }

  /* What the current edge carries, on top of everything: the contribution travelling back. */
  if (current && current->kind == AG_STEP_BACKWARD)
    for (guint i = 0; i < layout->edges->len; i++)
      {
        const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
        g_autofree char *num = NULL;
        g_autofree char *label = NULL;
        double mx, my;

        if (current->from != e->to || current->to != e->from || current->slot != e->slot)
          continue;
        num = short_tensor (ag_graph_node (graph, current->to)->shape, ag_trace_data (trace, current->delta));
        label = g_strdup_printf ("+= %s", num);
        adj_edge_path_point (e, 0.5, &mx, &my);
        SET (cr, pal->bg);
        rounded_rect (cr, mx - 60, my - 28, 120, 24, 6);
        cairo_fill_preserve (cr);
        SET (cr, pal->grad);
        cairo_set_line_width (cr, 1.5);
        cairo_stroke (cr);
        text_at (cr, label, "Sans Bold 14", mx - 58, my - 26, 116, PANGO_ALIGN_CENTER);
      }
  cairo_restore (cr);

  /* The caption line: what this step does, in words. */
  {
    g_autofree char *text = caption ? g_strdup (caption)
                          : k > 0 ? ag_trace_describe_step (trace, graph, k - 1)
                          : g_strdup ("Start: the inputs hold their values. Step forward to compute.");
    g_autofree char *counter = g_strdup_printf ("%u / %u", k, ag_trace_n_steps (trace));
    SET (cr, pal->caption_bg);
    cairo_rectangle (cr, 0, height - caption_h, width, caption_h);
    cairo_fill (cr);
    SET (cr, pal->caption_fg);
    text_at (cr, text, "Sans 17", 20, height - caption_h + 18, width - 140, PANGO_ALIGN_LEFT);
    text_at (cr, counter, "Sans Bold 15", width - 120, height - caption_h + 20, 100, PANGO_ALIGN_RIGHT);
  }
}
