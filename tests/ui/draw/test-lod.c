/* test-lod.c: big graphs (issue 19): the level of detail a frame draws at by the size it shows
 * a box, the layout engine by the graph's size, sfdp's boxes snapped to a grid without overlaps,
 * and the plain level's pixels. Pure, no display. */
#include "core/autograd.h"
#include "core/program.h"
#include "ui/draw/adj-layout.h"
#include "ui/draw/adj-lod.h"
#include "ui/draw/adj-scene.h"

#include <cairo-pdf.h>
#include <math.h>

/* Text while an 11 pt label is 3 px or more; outlined boxes while a scalar box (80 pt) is 16 px
 * high or more; plain rectangles below; a vector file always in full. */
static void
test_lod_by_size (void)
{
  g_assert_cmpint (adj_lod_for (1.0, 1.0, FALSE), ==, ADJ_LOD_FULL);
  g_assert_cmpint (adj_lod_for (ADJ_LOD_TEXT_MIN_SCALE, 1.0, FALSE), ==, ADJ_LOD_FULL);
  g_assert_cmpint (adj_lod_for (0.26, 1.0, FALSE), ==, ADJ_LOD_BOXES);
  g_assert_cmpint (adj_lod_for (0.20, 1.0, FALSE), ==, ADJ_LOD_BOXES);   /* 16 px */
  g_assert_cmpint (adj_lod_for (0.19, 1.0, FALSE), ==, ADJ_LOD_PLAIN);   /* 15.2 px */
  g_assert_cmpint (adj_lod_for (0.05, 1.0, FALSE), ==, ADJ_LOD_PLAIN);
  /* Boxes measured at twice the text size are twice as high on screen. */
  g_assert_cmpint (adj_lod_for (0.15, 2.0, FALSE), ==, ADJ_LOD_BOXES);
  g_assert_cmpint (adj_lod_for (0.19, 0.0, FALSE), ==, ADJ_LOD_PLAIN);   /* 0 reads as 1 */
  /* A PDF's reader zooms in: every label, however small. */
  g_assert_cmpint (adj_lod_for (0.01, 1.0, TRUE), ==, ADJ_LOD_FULL);
}

/* The canvas draws into a recording that GTK plays back as pixels: it gets the levels as an
 * image does (it got every label of 10,000 boxes); only a PDF, SVG or PostScript keeps them. */
static void
test_lod_targets (void)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 4);
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_surface_t *pdf = cairo_pdf_surface_create (NULL, 100, 100);

  g_assert_false (adj_lod_target_is_vector (image));
  g_assert_false (adj_lod_target_is_vector (rec));
  g_assert_true (adj_lod_target_is_vector (pdf));
  cairo_surface_destroy (image);
  cairo_surface_destroy (rec);
  cairo_surface_destroy (pdf);
}

/* dot up to 500 drawn nodes, dot with few passes to 2,000, sfdp beyond. */
static void
test_engine_by_size (void)
{
  g_assert_cmpint (adj_layout_engine_for (1), ==, ADJ_LAYOUT_DOT);
  g_assert_cmpint (adj_layout_engine_for (500), ==, ADJ_LAYOUT_DOT);
  g_assert_cmpint (adj_layout_engine_for (501), ==, ADJ_LAYOUT_DOT_FAST);
  g_assert_cmpint (adj_layout_engine_for (2000), ==, ADJ_LAYOUT_DOT_FAST);
  g_assert_cmpint (adj_layout_engine_for (2001), ==, ADJ_LAYOUT_SFDP);
  g_assert_cmpint (adj_layout_engine_for (ADJ_LAYOUT_MAX_NODES), ==, ADJ_LAYOUT_SFDP);
  g_assert_cmpstr (adj_layout_engine_name (ADJ_LAYOUT_SFDP), ==, "sfdp");
}

static gboolean
overlap (const AdjBox *a, const AdjBox *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static void
assert_no_overlaps (const AdjLayout *layout)
{
  const AdjBox *boxes = (const AdjBox *) layout->boxes->data;

  for (guint i = 0; i < layout->boxes->len; i++)
    {
      g_assert_cmpfloat (boxes[i].x, >=, 0);
      g_assert_cmpfloat (boxes[i].y, >=, 0);
      g_assert_cmpfloat (boxes[i].x + boxes[i].w, <=, layout->width);
      g_assert_cmpfloat (boxes[i].y + boxes[i].h, <=, layout->height);
      for (guint j = i + 1; j < layout->boxes->len; j++)
        if (overlap (&boxes[i], &boxes[j]))
          g_error ("boxes %u and %u overlap", i, j);
    }
}

/* The worst case for the snap: every box where sfdp might pile them, on one point. Afterwards
 * none overlaps, each keeps its size, and an edge runs from one box's border to the other's. */
static void
test_grid_snap (void)
{
  AdjLayout layout = { 0 };
  AdjEdgePath e = { 0, 1, 0, 0, NULL };
  const guint n = 500;
  const AdjBox *b;

  layout.boxes = g_array_new (FALSE, TRUE, sizeof (AdjBox));
  layout.edges = g_array_new (FALSE, TRUE, sizeof (AdjEdgePath));
  for (guint i = 0; i < n; i++)
    {
      AdjBox box = { i < n / 2 ? 100 : 100 + i, 50, 60 + i % 7 * 10, 80 };
      g_array_append_val (layout.boxes, box);
    }
  g_array_append_val (layout.edges, e);
  adj_layout_grid_snap (&layout, NULL);
  assert_no_overlaps (&layout);
  b = (const AdjBox *) layout.boxes->data;
  g_assert_cmpfloat (b[3].w, ==, 90);
  g_assert_cmpfloat (b[3].h, ==, 80);
  {
    const AdjEdgePath *p = &g_array_index (layout.edges, AdjEdgePath, 0);
    const double x0 = p->points[0], y0 = p->points[1];
    const double x1 = p->points[2 * (p->n_points - 1)], y1 = p->points[2 * (p->n_points - 1) + 1];
    /* On box 0's border and on box 1's. */
    g_assert_true (fabs (x0 - b[0].x) < 1e-9 || fabs (x0 - b[0].x - b[0].w) < 1e-9 ||
                   fabs (y0 - b[0].y) < 1e-9 || fabs (y0 - b[0].y - b[0].h) < 1e-9);
    g_assert_true (fabs (x1 - b[1].x) < 1e-9 || fabs (x1 - b[1].x - b[1].w) < 1e-9 ||
                   fabs (y1 - b[1].y) < 1e-9 || fabs (y1 - b[1].y - b[1].h) < 1e-9);
  }
  g_free (g_array_index (layout.edges, AdjEdgePath, 0).points);
  g_array_unref (layout.boxes);
  g_array_unref (layout.edges);
}

/* A program of @n scalar nodes, each on the one before and one up to ten back (the bench's
 * kind of tangled graph). */
static char *
tangled_program (guint n)
{
  GString *s = g_string_new ("v0 = 0.5\nv1 = 0.25\n");

  for (guint i = 2; i < n; i++)
    g_string_append_printf (s, i % 4 == 3 ? "v%u = tanh(v%u)\n" : "v%u = v%u * 0.9 + v%u\n", i, i - 1,
                            i - 2 - (i * 7919) % MIN (i - 1, 9));
  return g_string_free (s, FALSE);
}

/* Past 2,000 nodes sfdp lays the graph out: a box for every node, none over another, and a
 * note that says so. */
static void
test_sfdp_layout (void)
{
  g_autofree char *program = tangled_program (1200);
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) graph = ag_program_parse (program, -1, &error);
  g_autoptr (AdjLayout) layout = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ag_graph_n_nodes (graph), >, ADJ_LAYOUT_FAST_MAX);
  layout = adj_layout_new (graph, &error);
  g_assert_no_error (error);
  g_assert_cmpint (layout->engine, ==, ADJ_LAYOUT_SFDP);
  g_assert_nonnull (strstr (layout->note, "sfdp"));
  g_assert_cmpuint (layout->boxes->len, ==, ag_graph_n_nodes (graph));
  g_assert_cmpuint (layout->edges->len, >=, ag_graph_n_nodes (graph) - 2);
  assert_no_overlaps (layout);
}

/* At the plain level a box is one colour to its edge (no outline), in the canvas's recording
 * too. */
static void
test_plain_pixels (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) graph = ag_program_parse ("a = 1\nb = 2\nc = a * b + a\n", -1, &error);
  g_autoptr (AgTrace) trace = ag_trace_new ();
  g_autoptr (AdjLayout) layout = NULL;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  const AdjSceneState st = ADJ_SCENE_STATE_INIT (0);
  const double zoom = 0.15;
  const AdjBox *c;
  cairo_t *cr;
  guint32 bg, fill_px, border_px;
  int cx, cy, left;

  g_assert_no_error (error);
  ag_graph_run (graph, trace, NULL);
  layout = adj_layout_new (graph, &error);
  g_assert_no_error (error);
  g_assert_null (layout->note);   /* dot: nothing to say */
  c = &g_array_index (layout->boxes, AdjBox, ag_graph_lookup (graph, "c"));
  {
    /* Through a recording played back as pixels, as the canvas's GTK node is. */
    cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                           &(cairo_rectangle_t) { 0, 0, 400, 300 });
    cr = cairo_create (rec);
    adj_scene_paint_background (cr, ADJ_THEME_DARK);
    cairo_translate (cr, 10, 10);
    cairo_scale (cr, zoom, zoom);
    adj_scene_draw_graph (cr, graph, layout, trace, &st);
    cairo_destroy (cr);
    cr = cairo_create (s);
    cairo_set_source_surface (cr, rec, 0, 0);
    cairo_paint (cr);
    cairo_destroy (cr);
    cairo_surface_destroy (rec);
  }
  cairo_surface_flush (s);
  {
    const guint32 *px = (const guint32 *) cairo_image_surface_get_data (s);
    const int stride = cairo_image_surface_get_stride (s) / 4;
    cx = (int) (10 + zoom * (c->x + c->w / 2));
    cy = (int) (10 + zoom * (c->y + c->h / 2));
    left = (int) ceil (10 + zoom * c->x);
    bg = px[299 * stride + 399] & 0xffffff;
    fill_px = px[cy * stride + cx] & 0xffffff;
    border_px = px[cy * stride + left] & 0xffffff;
    g_assert_cmphex (fill_px, !=, bg);
    g_assert_cmphex (border_px, ==, fill_px);   /* no outline */
  }
  cairo_surface_destroy (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lod/by-size", test_lod_by_size);
  g_test_add_func ("/lod/targets", test_lod_targets);
  g_test_add_func ("/lod/engine-by-size", test_engine_by_size);
  g_test_add_func ("/lod/grid-snap", test_grid_snap);
  g_test_add_func ("/lod/sfdp-layout", test_sfdp_layout);
  g_test_add_func ("/lod/plain-pixels", test_plain_pixels);
  return g_test_run ();
}
