/* test-placement.c: badges and hover labels go to free space: on no node, no other label, and
 * inside the visible rectangle, for the lessons where they used to cover a node. */
#include "core/graph-file.h"
#include "core/program.h"
#include "ui/draw/adj-placement.h"
#include <math.h>

static AdjLayout *
layout_of_example (const char *file, AgGraph **graph)
{
  g_autofree char *path = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"), file, NULL);
  g_autoptr (GError) error = NULL;
  AgGraphFile *doc = ag_graph_file_load (path, &error);
  AdjLayout *layout;

  g_assert_no_error (error);
  *graph = ag_program_parse (doc->program, -1, &error);
  g_assert_no_error (error);
  ag_graph_file_free (doc);
  layout = adj_layout_new (*graph, &error);
  g_assert_no_error (error);
  return layout;
}

static const AdjBox *
box_named (const AgGraph *g, const AdjLayout *layout, const char *name)
{
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    if (g_str_equal (ag_graph_display_name (g, id), name))
      return &g_array_index (layout->boxes, AdjBox, id);
  g_assert_not_reached ();
}

static gboolean
inside (const AdjRect *r, const AdjRect *v)
{
  return r->x >= v->x && r->y >= v->y && r->x + r->w <= v->x + v->w && r->y + r->h <= v->y + v->h;
}

/* What a label on @layout keeps clear of: its boxes and its edges. */
static AdjPlacementScene
scene_of (const AdjLayout *layout)
{
  return (AdjPlacementScene) { (const AdjBox *) layout->boxes->data, layout->boxes->len,
                               (const AdjEdgePath *) layout->edges->data, layout->edges->len };
}

/* On no node, across no edge line, inside @visible. */
static void
assert_free (const AdjRect *r, const AdjLayout *layout, const AdjRect *visible)
{
  for (guint i = 0; i < layout->boxes->len; i++)
    g_assert_cmpfloat (adj_rect_overlap (r, &g_array_index (layout->boxes, AdjBox, i)), ==, 0);
  for (guint i = 0; i < layout->edges->len; i++)
    g_assert_cmpfloat (adj_placement_edge_length_inside (r, &g_array_index (layout->edges, AdjEdgePath, i)), ==, 0);
  g_assert_true (inside (r, visible));
}

/* The view a window shows of a layout: all of it, with the fit's margin around. */
static AdjRect
fitted_view (const AdjLayout *layout)
{
  return (AdjRect) { -32, -32, layout->width + 64, layout->height + 64 };
}

/* Lesson 05, step 6: "1 + 6 = 7" (about 120 × 32 at 15 pt bold) above x sat on the constant 2. */
static void
test_lesson05_sum (void)
{
  AgGraph *g;
  AdjLayout *layout = layout_of_example ("05-paths-add-up.adjoint", &g);
  const AdjBox *x = box_named (g, layout, "x"), *two = box_named (g, layout, "2");
  const AdjRect view = fitted_view (layout);
  const AdjRect old = { x->x + x->w / 2 - 60, x->y - 18 - 16, 120, 32 };
  const AdjPlacementScene scene = scene_of (layout);
  AdjRect r;

  /* Where it used to go, centred 18 points above x: on the 2. */
  g_assert_cmpfloat (adj_rect_overlap (&old, two), >, 0);
  r = adj_placement_place (120, 32, x, 6, &scene, NULL, 0, &view);
  g_assert_cmpfloat (adj_rect_overlap (&r, two), ==, 0);
  assert_free (&r, layout, &view);
  adj_layout_free (layout);
  ag_graph_free (g);
}

/* The welcome at its end: "+= 1" (about 64 × 28) above w1 covered x1's gradient. A second label
 * placed beside the same node keeps clear of the first. */
static void
test_welcome_badge (void)
{
  AgGraph *g;
  AdjLayout *layout = layout_of_example ("welcome.adjoint", &g);
  const AdjBox *w1 = box_named (g, layout, "w1"), *x1 = box_named (g, layout, "x1");
  const AdjRect view = fitted_view (layout);
  const AdjRect old = { w1->x + w1->w / 2 - 32, w1->y - 18 - 14, 64, 28 };
  const AdjPlacementScene scene = scene_of (layout);
  AdjRect r, second;

  g_assert_cmpfloat (adj_rect_overlap (&old, x1), >, 0);
  r = adj_placement_place (64, 28, w1, 6, &scene, NULL, 0, &view);
  g_assert_cmpfloat (adj_rect_overlap (&r, x1), ==, 0);
  assert_free (&r, layout, &view);
  second = adj_placement_place (64, 28, w1, 6, &scene, &r, 1, &view);
  g_assert_cmpfloat (adj_rect_overlap (&second, &r), ==, 0);
  assert_free (&second, layout, &view);
  adj_layout_free (layout);
  ag_graph_free (g);
}

/* A hover label at the edge of the canvas is moved inside it, whole, and still covers no node. */
static void
test_canvas_edge (void)
{
  const AdjRect view = { 0, 0, 400, 300 };
  const AdjBox boxes[] = { { 300, 120, 100, 60 }, { 250, 0, 150, 40 } };
  const AdjRect point = { 390, 110, 0, 0 };
  const AdjRect corner = { 0, 0, 0, 0 };
  const AdjPlacementScene scene = { boxes, G_N_ELEMENTS (boxes), NULL, 0 };
  const AdjPlacementScene empty = { NULL, 0, NULL, 0 };
  AdjRect r;

  r = adj_placement_place (300, 30, &point, 10, &scene, NULL, 0, &view);
  g_assert_true (inside (&r, &view));
  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    g_assert_cmpfloat (adj_rect_overlap (&r, &boxes[i]), ==, 0);
  /* At the top left corner too; and a label wider than the view keeps its start in view. */
  r = adj_placement_place (120, 30, &corner, 10, &scene, NULL, 0, &view);
  g_assert_true (inside (&r, &view));
  r = adj_placement_place (500, 30, &point, 10, &empty, NULL, 0, &view);
  g_assert_cmpfloat (r.x, ==, 0);
  g_assert_cmpfloat (r.y + r.h, <=, 300);
}

/* With no room anywhere, the least covered candidate, still inside the view. */
static void
test_no_free_space (void)
{
  const AdjRect view = { 0, 0, 200, 100 };
  const AdjBox boxes[] = { { 0, 0, 200, 45 }, { 0, 55, 200, 45 } };
  const AdjPlacementScene scene = { boxes, 2, NULL, 0 };
  AdjRect r = adj_placement_place (80, 20, &boxes[0], 4, &scene, NULL, 0, &view);

  g_assert_true (inside (&r, &view));
  /* Partly in the 10-point gap between the boxes, not wholly on one. */
  g_assert_cmpfloat (adj_rect_overlap (&r, &boxes[0]) + adj_rect_overlap (&r, &boxes[1]), <, 80 * 20);
}

/* A label does not sit across an edge line when free space is near: an edge leaving the top of
 * the node sends the badge below it instead of above. The length inside is measured along the
 * curve. */
static void
test_edges_kept_clear (void)
{
  const AdjRect view = { 0, 0, 400, 400 };
  const AdjBox boxes[] = { { 150, 200, 100, 50 } };
  /* A straight line up from the top centre, as one Bézier segment. */
  double points[] = { 200, 200, 200, 150, 200, 100, 200, 0 };
  const AdjEdgePath up = { 0, 1, 0, 4, points };
  const AdjPlacementScene scene = { boxes, 1, &up, 1 };
  const AdjRect across = { 150, 50, 100, 20 };
  AdjRect r;

  g_assert_cmpfloat (fabs (adj_placement_edge_length_inside (&across, &up) - 20), <, 1.5);
  g_assert_cmpfloat (adj_placement_edge_length_inside (&(AdjRect) { 0, 0, 100, 400 }, &up), ==, 0);
  r = adj_placement_place (80, 24, &boxes[0], 6, &scene, NULL, 0, &view);
  g_assert_cmpfloat (adj_placement_edge_length_inside (&r, &up), ==, 0);
  g_assert_cmpfloat (adj_rect_overlap (&r, &boxes[0]), ==, 0);
  g_assert_cmpfloat (r.y, >=, 250);     /* below, the next candidate after above */
}

/* A badge beside its node needs no leader; one pushed away gets a line from its nearest side to
 * the node's nearest point. */
static void
test_leader (void)
{
  const AdjRect node = { 100, 100, 100, 50 };
  const AdjRect beside = { 120, 70, 60, 24 };        /* 6 above */
  const AdjRect away = { 260, 20, 60, 24 };          /* up and to the right */
  double x1, y1, x2, y2;

  g_assert_false (adj_placement_leader (&beside, &node, 6, &x1, &y1, &x2, &y2));
  g_assert_true (adj_placement_leader (&away, &node, 6, &x1, &y1, &x2, &y2));
  g_assert_cmpfloat (x2, ==, 200);     /* the node's top right corner */
  g_assert_cmpfloat (y2, ==, 100);
  g_assert_cmpfloat (x1, ==, 260);     /* the badge's bottom left corner */
  g_assert_cmpfloat (y1, ==, 44);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/placement/lesson05-sum", test_lesson05_sum);
  g_test_add_func ("/placement/welcome-badge", test_welcome_badge);
  g_test_add_func ("/placement/edges-kept-clear", test_edges_kept_clear);
  g_test_add_func ("/placement/leader", test_leader);
  g_test_add_func ("/placement/canvas-edge", test_canvas_edge);
  g_test_add_func ("/placement/no-free-space", test_no_free_space);
  return g_test_run ();
}
