/* test-text-fit.c: node text fitted by measured width, never by character count (every
 * example's titles whole when they fit under the limit, op tags clear of titles, numbers whole
 * in their boxes, a long expression cut in its middle), long chains wrapped into rows near
 * 16:9 (no overlap, edges still joining their nodes, the chain's order kept), and boxes that
 * grow with the font scale. No display: Pango measures through Cairo's font map. */
#include "core/autograd.h"
#include "core/format.h"
#include "core/graph-file.h"
#include "core/ops.h"
#include "core/program.h"
#include "ui/draw/adj-layout.h"
#include "ui/draw/adj-text-fit.h"

#include <math.h>
#include <pango/pangocairo.h>

static PangoLayout *
scratch (void)
{
  static PangoLayout *pl;

  if (pl == NULL)
    {
      PangoContext *context = adj_text_context_new (NULL);
      pl = pango_layout_new (context);
      g_object_unref (context);
    }
  return pl;
}

static double
width_of (const char *text, AdjFont font, double scale)
{
  double w;

  adj_text_measure (scratch (), text, font, scale, &w, NULL);
  return w;
}

/* @program parsed and run backward (its values and adjoints in the graph, as the window's). */
static AgGraph *
run_program (const char *program)
{
  g_autoptr (GError) error = NULL;
  AgGraph *graph = ag_program_parse (program, -1, &error);
  AgTrace *trace = ag_trace_new ();

  g_assert_no_error (error);
  g_assert_true (ag_graph_run (graph, trace, &error));
  g_assert_no_error (error);
  ag_trace_free (trace);
  return graph;
}

static AgGraph *
run_example (const char *file)
{
  g_autofree char *path = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"), file, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_load (path, &error);

  g_assert_no_error (error);
  return run_program (doc->program);
}

static const char *
tag_of (const AgNode *n, AdjFont *font)
{
  *font = n->op == AG_OP_LEAF ? ADJ_FONT_ROLE : ADJ_FONT_TAG;
  return n->op == AG_OP_LEAF ? ag_role_to_string (n->role) : ag_op_info (n->op)->symbol;
}

/* Every node of @graph laid out at @scale: its title whole unless it is wider than the limit
 * allows, its tag clear of it, its numbers whole in their rectangles. Returns how many titles
 * were cut. */
static guint
check_text (const AgGraph *graph, const AdjLayout *layout, double scale)
{
  const double label_w = adj_node_label_width (scratch (), scale);
  guint cut = 0;

  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    {
      const AgNode *n = ag_graph_node (graph, id);
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, id);
      const char *name = ag_graph_display_name (graph, id);
      AdjFont tag_font;
      const char *tag = tag_of (n, &tag_font);
      const double title_w = width_of (name, ADJ_FONT_TITLE, scale), tag_w = width_of (tag, tag_font, scale);
      AdjRect title, tag_r;
      char buf[AG_FORMAT_HUMAN_SIZE];

      if (n->role == AG_ROLE_CONST && n->size == 1)
        {
          g_assert_cmpfloat (width_of (name, ADJ_FONT_CONST, scale), <=, b->w - 8 * scale);
          continue;
        }
      adj_node_title_rects (b->x, b->y, b->w, tag_w, scale, &title, &tag_r);
      g_assert_false (adj_rect_intersects (&title, &tag_r));
      g_assert_cmpfloat (tag_r.x + tag_r.w, <=, b->x + b->w);
      if (2 * ADJ_NODE_PAD * scale + title_w + ADJ_NODE_TAG_GAP * scale + tag_w <= ADJ_NODE_MAX_W * scale)
        g_assert_cmpfloat (title_w, <=, title.w + 1e-9);
      else
        cut++;
      if (n->size == 1)
        {
          const double *numbers[] = { ag_graph_value (graph, id), ag_graph_grad (graph, id) };
          AdjRect r;
          adj_node_number_rect (b->x, b->y, b->w, label_w, 31, scale, &r);
          for (guint k = 0; k < G_N_ELEMENTS (numbers); k++)
            g_assert_cmpfloat (width_of (ag_format_human_buf (buf, *numbers[k]), ADJ_FONT_NUMBER, scale), <=, r.w);
        }
      else
        {
          const guint cols = MIN (n->shape.cols, ADJ_GRID_MAX_COLS), rows = MIN (n->shape.rows, ADJ_GRID_MAX_ROWS);
          const double cell_w = (b->w - (2 * ADJ_GRID_PAD + ADJ_GRID_LABEL_W) * scale) / cols;
          for (guint i = 0; i < rows; i++)
            for (guint j = 0; j < cols; j++)
              {
                const double v = ag_graph_value (graph, id)[i * n->shape.cols + j];
                const double g = ag_graph_grad (graph, id)[i * n->shape.cols + j];
                g_assert_cmpfloat (width_of (ag_format_human_buf (buf, v), ADJ_FONT_CELL, scale), <=, cell_w - 6 * scale);
                g_assert_cmpfloat (width_of (ag_format_human_buf (buf, g), ADJ_FONT_CELL, scale), <=, cell_w - 6 * scale);
              }
        }
    }
  return cut;
}

/* Every example at 100 % and 200 %: no title cut that fitted under the limit ("sigmoi…",
 * "transpo…", "cos(sqr…" were cut by a count of characters), tags never on titles ("cos(sqr…"
 * ran into "cos"), every number whole (8.4×10⁻¹⁰ was "0.00…"). */
static void
test_examples (void)
{
  g_autoptr (GDir) dir = g_dir_open (g_getenv ("ADJOINT_EXAMPLES_DIR"), 0, NULL);
  const char *file;
  guint n_files = 0;

  g_assert_nonnull (dir);
  while ((file = g_dir_read_name (dir)) != NULL)
    {
      AgGraph *graph;

      if (!g_str_has_suffix (file, ".adjoint"))
        continue;
      graph = run_example (file);
      for (double scale = 1; scale <= 2; scale += 1)
        {
          g_autoptr (GError) error = NULL;
          g_autoptr (AdjLayout) layout = adj_layout_new_scaled (graph, scale, &error);
          g_assert_no_error (error);
          g_assert_cmpfloat (layout->font_scale, ==, scale);
          g_test_message ("%s at %g: %u titles cut", file, scale, check_text (graph, layout, scale));
        }
      ag_graph_free (graph);
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 19);
}

/* Lesson 11's "cos(sqrt(x))" whole beside its tag; lesson 18's vanishing adjoint whole. */
static void
test_lessons (void)
{
  AgGraph *graph = run_example ("11-log-cos-sqrt.adjoint");
  g_autoptr (AdjLayout) layout = adj_layout_new (graph, NULL);
  AgGraph *deep;
  g_autoptr (AdjLayout) deep_layout = NULL;
  gboolean seen = FALSE;

  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    if (g_str_equal (ag_graph_display_name (graph, id), "cos(sqrt(x))"))
      {
        const AdjBox *b = &g_array_index (layout->boxes, AdjBox, id);
        AdjRect title, tag;
        adj_node_title_rects (b->x, b->y, b->w, width_of ("cos", ADJ_FONT_TAG, 1), 1, &title, &tag);
        g_assert_cmpfloat (width_of ("cos(sqrt(x))", ADJ_FONT_TITLE, 1), <=, title.w);
        g_assert_false (adj_rect_intersects (&title, &tag));
        seen = TRUE;
      }
  g_assert_true (seen);
  check_text (graph, layout, 1);
  ag_graph_free (graph);

  deep = run_example ("18-vanishing-gradients.adjoint");
  deep_layout = adj_layout_new (deep, NULL);
  {
    const AgId h0 = ag_graph_lookup (deep, "h0");
    char buf[AG_FORMAT_HUMAN_SIZE];
    const char *text = ag_format_human_buf (buf, *ag_graph_grad (deep, h0));
    const AdjBox *b = &g_array_index (deep_layout->boxes, AdjBox, h0);
    AdjRect r;
    g_assert_nonnull (strstr (text, "×10"));
    adj_node_number_rect (b->x, b->y, b->w, adj_node_label_width (scratch (), 1), 55, 1, &r);
    g_assert_cmpfloat (width_of (text, ADJ_FONT_NUMBER, 1), <=, r.w);
  }
  check_text (deep, deep_layout, 1);
  ag_graph_free (deep);
}

/* A long expression grows its box to the limit and no further; its title is then cut in its
 * middle, so both ends still show. */
static void
test_long_title (void)
{
  AgGraph *graph = run_program ("x = 0.5\ny = 2\no = sigmoid(x * y + x * x * y * y + tanh(x) * exp(y) + sin(x) * cos(y) + x * y * x)");
  g_autoptr (AdjLayout) layout = adj_layout_new (graph, NULL);
  const AgId out = ag_graph_n_nodes (graph) - 2;   /* the sum inside sigmoid, named by its expression */
  const AdjBox *b = &g_array_index (layout->boxes, AdjBox, out);
  const char *name = ag_graph_display_name (graph, out);
  PangoLayout *pl = scratch ();
  AdjRect title, tag;
  PangoLayoutIter *iter;
  int first_index = -1, last_index = -1;

  g_assert_cmpfloat (b->w, ==, ADJ_NODE_MAX_W);
  adj_node_title_rects (b->x, b->y, b->w, width_of (ag_op_info (ag_graph_node (graph, out)->op)->symbol, ADJ_FONT_TAG, 1), 1, &title, &tag);
  g_assert_cmpfloat (width_of (name, ADJ_FONT_TITLE, 1), >, title.w);
  /* The scene's title: this width, cut in the middle. Its first and last clusters are the
   * expression's first and last characters. */
  pango_layout_set_text (pl, name, -1);
  pango_layout_set_width (pl, (int) (title.w * PANGO_SCALE));
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_MIDDLE);
  g_assert_true (pango_layout_is_ellipsized (pl));
  iter = pango_layout_get_iter (pl);
  do
    {
      if (first_index < 0)
        first_index = pango_layout_iter_get_index (iter);
      last_index = pango_layout_iter_get_index (iter);
    }
  while (pango_layout_iter_next_char (iter));
  pango_layout_iter_free (iter);
  g_assert_cmpint (first_index, ==, 0);
  g_assert_cmpint (last_index, >=, (int) strlen (name) - 2);
  pango_layout_set_width (pl, -1);
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_NONE);
  ag_graph_free (graph);
}

/* A chain of @n sines after x = 1. */
static AgGraph *
chain (guint n)
{
  g_autoptr (GString) program = g_string_new ("x = 1\na1 = sin(x)\n");

  for (guint i = 2; i <= n; i++)
    g_string_append_printf (program, "a%u = sin(a%u)\n", i, i - 1);
  return run_program (program->str);
}

/* Wrapped layouts: no two boxes overlap, every edge starts on its input's box and ends on its
 * consumer's, and a chain reads in order like lines of text (rows top to bottom, each left to
 * right). Returns the number of rows. */
static guint
check_wrapped (const AgGraph *graph, const AdjLayout *layout)
{
  const guint n = layout->boxes->len;
  guint rows = 1;

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        const AdjBox *a = &g_array_index (layout->boxes, AdjBox, i), *b = &g_array_index (layout->boxes, AdjBox, j);
        const AdjRect ra = { a->x, a->y, a->w, a->h }, rb = { b->x, b->y, b->w, b->h };
        g_assert_false (adj_rect_intersects (&ra, &rb));
      }
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      const AdjBox *from = &g_array_index (layout->boxes, AdjBox, e->from);
      const AdjBox *to = &g_array_index (layout->boxes, AdjBox, e->to);
      const double x0 = e->points[0], y0 = e->points[1];
      const double x1 = e->points[2 * (e->n_points - 1)], y1 = e->points[2 * (e->n_points - 1) + 1];
      g_assert_cmpfloat (fabs (x0 - (from->x + from->w)), <, 2);
      g_assert_cmpfloat (y0, >=, from->y);
      g_assert_cmpfloat (y0, <=, from->y + from->h);
      g_assert_cmpfloat (fabs (x1 - to->x), <, 2);
      g_assert_cmpfloat (y1, >=, to->y);
      g_assert_cmpfloat (y1, <=, to->y + to->h);
      for (guint p = 0; p < e->n_points; p++)
        {
          g_assert_cmpfloat (e->points[2 * p], >=, 0);
          g_assert_cmpfloat (e->points[2 * p], <=, layout->width);
          g_assert_cmpfloat (e->points[2 * p + 1], >=, 0);
          g_assert_cmpfloat (e->points[2 * p + 1], <=, layout->height);
        }
    }
  /* In graph order, a chain goes right along a row, or starts the next row at its left. */
  for (AgId id = 1; id < n; id++)
    {
      const AdjBox *a = &g_array_index (layout->boxes, AdjBox, id - 1), *b = &g_array_index (layout->boxes, AdjBox, id);
      if (ag_graph_node (graph, id)->role == AG_ROLE_CONST)
        continue;
      if (b->x > a->x)
        g_assert_cmpfloat (fabs (b->y - a->y), <, a->h);
      else
        {
          g_assert_cmpfloat (b->y, >, a->y + a->h);
          rows++;
        }
    }
  return rows;
}

/* Lesson 18 (21 layers) and a chain of 600 nodes wrap into rows near 16:9; lesson 18's text
 * is then 15 pt at 1920 × 1080 (zoom 1.5 at most) instead of 3 px high. */
static void
test_wrap (void)
{
  AgGraph *graph = run_example ("18-vanishing-gradients.adjoint");
  g_autoptr (AdjLayout) layout = adj_layout_new (graph, NULL);
  AgGraph *long_chain = chain (600);
  g_autoptr (AdjLayout) long_layout = adj_layout_new (long_chain, NULL);
  guint rows;

  rows = check_wrapped (graph, layout);
  g_test_message ("lesson 18: %u rows, %g × %g", rows, layout->width, layout->height);
  g_assert_cmpuint (rows, >=, 3);
  g_assert_cmpfloat (layout->width / layout->height, >, 1.0);
  g_assert_cmpfloat (layout->width / layout->height, <, 3.2);
  g_assert_cmpfloat (MIN (1840 / layout->width, 1000 / layout->height), >=, 1.0);

  rows = check_wrapped (long_chain, long_layout);
  g_test_message ("600 sines: %u rows, %g × %g", rows, long_layout->width, long_layout->height);
  g_assert_cmpuint (rows, >=, 10);
  g_assert_cmpfloat (long_layout->width / long_layout->height, >, 1.0);
  g_assert_cmpfloat (long_layout->width / long_layout->height, <, 3.2);

  /* A dragged node still takes its edges along. */
  {
    const AgId id = 5;
    const AdjBox *b;
    adj_layout_move_node (layout, graph, id, 10, 10);
    b = &g_array_index (layout->boxes, AdjBox, id);
    g_assert_cmpfloat (b->x, ==, 10);
    for (guint i = 0; i < layout->edges->len; i++)
      {
        const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
        if (e->to == id)
          g_assert_cmpfloat (e->points[2 * (e->n_points - 1)], ==, 10);
      }
  }
  /* A short graph is left as dot made it. */
  {
    AgGraph *small = chain (3);
    g_autoptr (AdjLayout) small_layout = adj_layout_new (small, NULL);
    g_assert_cmpuint (check_wrapped (small, small_layout), ==, 1);
    ag_graph_free (small);
  }
  ag_graph_free (long_chain);
  ag_graph_free (graph);
}

/* At Text Size 200 % the boxes are twice as large: the canvas text grows with the widgets'. */
static void
test_font_scale (void)
{
  AgGraph *graph = run_example ("welcome.adjoint");
  g_autoptr (AdjLayout) one = adj_layout_new_scaled (graph, 1.0, NULL);
  g_autoptr (AdjLayout) two = adj_layout_new_scaled (graph, 2.0, NULL);

  g_assert_cmpfloat (one->font_scale, ==, 1.0);
  g_assert_cmpfloat (two->font_scale, ==, 2.0);
  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    {
      const AdjBox *a = &g_array_index (one->boxes, AdjBox, id), *b = &g_array_index (two->boxes, AdjBox, id);
      g_assert_cmpfloat (b->w, >=, 1.9 * a->w);
      g_assert_cmpfloat (b->h, >=, 1.9 * a->h);
    }
  g_assert_cmpfloat (width_of ("value", ADJ_FONT_LABEL, 2), >=, 1.9 * width_of ("value", ADJ_FONT_LABEL, 1));
  ag_graph_free (graph);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/text-fit/examples", test_examples);
  g_test_add_func ("/ui/text-fit/lessons", test_lessons);
  g_test_add_func ("/ui/text-fit/long-title", test_long_title);
  g_test_add_func ("/ui/text-fit/wrap", test_wrap);
  g_test_add_func ("/ui/text-fit/font-scale", test_font_scale);
  return g_test_run ();
}
