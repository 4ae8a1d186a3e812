/* test-camera.c: the view that follows the step: readable text (≥ 14 px) with the active step in
 * view on a big lesson, the whole graph on a small one, stillness while the step stays inside. */
#include "core/graph-file.h"
#include "core/autograd.h"
#include "core/program.h"
#include "ui/draw/adj-camera.h"
#include "ui/draw/adj-minimap.h"
#include "ui/draw/adj-scene.h"
#include <cairo.h>
#include <glib/gstdio.h>
#include <stdlib.h>

typedef struct {
  AgGraph   *graph;
  AgTrace   *trace;
  AdjLayout *layout;
} Run;

static void
run_example (Run *run, const char *file)
{
  g_autofree char *path = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"), file, NULL);
  g_autoptr (GError) error = NULL;
  AgGraphFile *doc = ag_graph_file_load (path, &error);

  g_assert_no_error (error);
  run->graph = ag_program_parse (doc->program, -1, &error);
  g_assert_no_error (error);
  ag_graph_file_free (doc);
  run->trace = ag_trace_new ();
  ag_graph_zero_grad (run->graph, NULL);
  ag_graph_forward (run->graph, run->trace);
  g_assert_true (ag_graph_backward (run->graph, run->trace, &error));
  g_assert_no_error (error);
  run->layout = adj_layout_new (run->graph, &error);
  g_assert_no_error (error);
}

static void
run_free (Run *run)
{
  adj_layout_free (run->layout);
  ag_trace_free (run->trace);
  ag_graph_free (run->graph);
}

/* TRUE when node @id's box lies wholly inside @view's @vp. */
static gboolean
box_inside (const Run *run, AgId id, const AdjView *view, const AdjCameraViewport *vp)
{
  const AdjBox *b = &g_array_index (run->layout->boxes, AdjBox, id);
  double x1, y1, x2, y2;

  /* With its paths badge below it. */
  adj_view_to_widget (view, b->x, b->y, &x1, &y1);
  adj_view_to_widget (view, b->x + b->w, b->y + b->h + ADJ_CAMERA_BADGE_ROOM, &x2, &y2);
  return x1 >= 0 && y1 >= 0 && x2 <= vp->width && y2 <= vp->height;
}

/* Steps through @file at @w × @h, as the canvas does (each view from the last) and as an export
 * does (each from nothing): text at 14 px or more and the active node inside at every step.
 * Returns how many times the following view under_corner. */
static guint
follow_example (const char *file, double w, double h)
{
  const AdjCameraViewport vp = { w, h, ADJ_CAMERA_NODE_TEXT_PX, 1.5, 0 };
  AdjStepState st;
  Run run;
  AdjView view;
  guint moves = 0;

  run_example (&run, file);
  adj_step_state_init (&st);
  /* Wrapped into rows, lesson 18 fits whole at 1920 × 1080 and only needs following in a small
   * window; either way every step must be readable with its nodes in view. */
  adj_step_state_compute (&st, run.graph, run.trace, 0, 1);
  view = adj_camera_frame (run.layout, &st, &vp, NULL);   /* the start: the whole graph */
  for (guint k = 1; k <= ag_trace_n_steps (run.trace); k++)
    {
      AdjView fresh, next;

      adj_step_state_compute (&st, run.graph, run.trace, k, 1);
      next = adj_camera_frame (run.layout, &st, &vp, &view);
      fresh = adj_camera_frame (run.layout, &st, &vp, NULL);
      g_assert_cmpfloat (next.zoom * ADJ_CAMERA_NODE_TEXT_PX, >=, ADJ_CAMERA_READABLE_PX - 1e-9);
      g_assert_cmpfloat (fresh.zoom * ADJ_CAMERA_NODE_TEXT_PX, >=, ADJ_CAMERA_READABLE_PX - 1e-9);
      g_assert_true (box_inside (&run, adj_step_state_receiver (&st), &next, &vp));
      g_assert_true (box_inside (&run, adj_step_state_receiver (&st), &fresh, &vp));
      /* The sender too, when the two fit together (a chain wrapped into rows sends from the
       * end of one row to the start of the next: then the receiver is shown). */
      if (st.current->from != AG_NO_ID)
        {
          const AdjBox *a = &g_array_index (run.layout->boxes, AdjBox, st.current->from);
          const AdjBox *b = &g_array_index (run.layout->boxes, AdjBox, adj_step_state_receiver (&st));
          const double span_w = MAX (a->x + a->w, b->x + b->w) - MIN (a->x, b->x);
          const double span_h = MAX (a->y + a->h, b->y + b->h) - MIN (a->y, b->y);

          if (span_w * fresh.zoom + 2 * ADJ_CAMERA_MARGIN <= w && span_h * fresh.zoom + 2 * ADJ_CAMERA_MARGIN <= h)
            g_assert_true (box_inside (&run, st.current->from, &fresh, &vp));
        }
      moves += next.zoom != view.zoom || next.pan_x != view.pan_x || next.pan_y != view.pan_y;
      view = next;
    }
  g_assert_cmpuint (moves, <, ag_trace_n_steps (run.trace));   /* it keeps still at times */
  adj_step_state_clear (&st);
  run_free (&run);
  return moves;
}

static void
test_lesson18_1080 (void)
{
  follow_example ("18-vanishing-gradients.adjoint", 1920, 1080);
}

static void
test_lesson18_small (void)
{
  follow_example ("18-vanishing-gradients.adjoint", 900, 500);
}

/* Lessons 14 and 15 in a 1280 × 720 window's canvas: the node a backward step fills ends with
 * "k of n paths" below it, which used to fall off the bottom edge. */
static void
test_paths_badge_in_view (void)
{
  follow_example ("14-four-variables.adjoint", 960, 470);
  follow_example ("15-vector-chain-rule.adjoint", 960, 470);
}

static void
test_lesson17 (void)
{
  follow_example ("17-training-step.adjoint", 1920, 1080 - 90);
}

/* The welcome graph fits at a readable size: every step, and the start, show it whole. */
static void
test_small_graph_fits_whole (void)
{
  const AdjCameraViewport vp = { 1280, 600, ADJ_CAMERA_NODE_TEXT_PX, 1.5, 0 };
  AdjStepState st;
  Run run;
  AdjView whole;

  run_example (&run, "welcome.adjoint");
  adj_step_state_init (&st);
  g_assert_true (adj_camera_fits_whole (run.layout, &vp));
  whole = adj_view_fit (run.layout->width, run.layout->height, vp.width, vp.height, ADJ_CAMERA_MARGIN, 1.5);
  for (guint k = 0; k <= ag_trace_n_steps (run.trace); k++)
    {
      AdjView v;

      adj_step_state_compute (&st, run.graph, run.trace, k, 1);
      v = adj_camera_frame (run.layout, &st, &vp, NULL);
      g_assert_cmpfloat_with_epsilon (v.zoom, whole.zoom, 1e-12);
      g_assert_cmpfloat_with_epsilon (v.pan_x, whole.pan_x, 1e-9);
      g_assert_cmpfloat_with_epsilon (v.pan_y, whole.pan_y, 1e-9);
    }
  adj_step_state_clear (&st);
  run_free (&run);
}

/* A view the viewer zoomed into, readable and holding the step, is kept as it is. */
static void
test_keeps_still (void)
{
  const AdjCameraViewport vp = { 1000, 700, ADJ_CAMERA_NODE_TEXT_PX, 1.5, 0 };
  AdjStepState st;
  Run run;
  AdjView first, again;

  run_example (&run, "18-vanishing-gradients.adjoint");
  adj_step_state_init (&st);
  adj_step_state_compute (&st, run.graph, run.trace, 1, 1);
  first = adj_camera_frame (run.layout, &st, &vp, NULL);
  first.zoom *= 1.2;   /* the viewer zooms in a little about the centre of the step */
  again = adj_camera_frame (run.layout, &st, &vp, &first);
  if (box_inside (&run, adj_step_state_receiver (&st), &first, &vp))
    {
      g_assert_cmpfloat (again.zoom, ==, first.zoom);
      g_assert_cmpfloat (again.pan_x, ==, first.pan_x);
    }
  adj_step_state_clear (&st);
  run_free (&run);
}

/* Half way, the zoom is the geometric mean and the centre half way along. */
static void
test_lerp (void)
{
  const AdjView a = { 1, 0, 0 }, b = { 4, -300, -100 };
  AdjView m = adj_camera_lerp (&a, &b, 800, 600, 0.5), e = adj_camera_lerp (&a, &b, 800, 600, 1);
  double cx, cy, ax, ay, bx, by;

  g_assert_cmpfloat_with_epsilon (m.zoom, 2, 1e-12);
  adj_view_to_layout (&m, 400, 300, &cx, &cy);
  adj_view_to_layout (&a, 400, 300, &ax, &ay);
  adj_view_to_layout (&b, 400, 300, &bx, &by);
  g_assert_cmpfloat_with_epsilon (cx, (ax + bx) / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (cy, (ay + by) / 2, 1e-9);
  g_assert_cmpfloat (e.pan_x, ==, b.pan_x);
}

static void
pixel (cairo_surface_t *s, int x, int y, int *r, int *g, int *b)
{
  const guint32 p = *(guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s) + 4 * x);
  *r = (p >> 16) & 0xff;
  *g = (p >> 8) & 0xff;
  *b = p & 0xff;
}

static gboolean
is_background (cairo_surface_t *s, int x, int y)
{
  int r, g, b;

  pixel (s, x, y, &r, &g, &b);   /* the dark theme's background, 0.12 0.12 0.14 */
  return abs (r - 31) <= 2 && abs (g - 31) <= 2 && abs (b - 36) <= 2;
}

/* Exports step @k of @file as a @width-wide PNG (dark), as `adjoint export` does, and checks the
 * page's scale: the receiving node's box begins in the picture where the camera's view puts it,
 * and that view draws node text at 14 px or more. */
static void
check_export (const char *file, guint k, int width)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-camera-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "step.png", NULL);
  g_autoptr (GError) error = NULL;
  cairo_surface_t *s;
  const AdjBox *b;
  AdjStepState st;
  AdjView view;
  Run run;
  int h, top, found = -1;
  double x1, y1, x2, y2;

  run_example (&run, file);
  k = MIN (k, ag_trace_n_steps (run.trace));
  g_assert_true (adj_scene_export (png, run.graph, run.layout, run.trace, k, k, NULL, NULL,
                                   ADJ_THEME_DARK, width, &error));
  g_assert_no_error (error);
  s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  h = cairo_image_surface_get_height (s);
  /* The graph's area ends where the caption bar (light in the dark theme) begins. */
  for (top = h - 1; top > 0 && !is_background (s, 1, top - 1); top--)
    ;
  g_assert_cmpint (top, >, h / 2);
  view = adj_camera_page_view (run.graph, run.layout, run.trace, k, width, top, 32, 1.6);
  g_assert_cmpfloat (view.zoom * ADJ_CAMERA_NODE_TEXT_PX, >=, ADJ_CAMERA_READABLE_PX - 1e-9);

  adj_step_state_init (&st);
  adj_step_state_compute (&st, run.graph, run.trace, k, 1);
  b = &g_array_index (run.layout->boxes, AdjBox, adj_step_state_receiver (&st));
  adj_view_to_widget (&view, b->x, b->y + 0.3 * b->h, &x1, &y1);
  adj_view_to_widget (&view, b->x + b->w, b->y + b->h, &x2, &y2);
  g_assert_cmpfloat (x1, >=, 0);
  g_assert_cmpfloat (x2, <=, width);
  g_assert_cmpfloat (y2, <=, top);
  for (int x = MAX (0, (int) x1 - 8); x < (int) x1 + 8 && found < 0; x++)
    if (!is_background (s, x, (int) y1))
      found = x;
  g_assert_cmpint (found, >=, (int) x1 - 3);
  g_assert_cmpint (found, <=, (int) x1 + 3);
  g_assert_false (is_background (s, (int) (x1 + x2) / 2, (int) y2 - 6));   /* inside the box */

  adj_step_state_clear (&st);
  cairo_surface_destroy (s);
  g_unlink (png);
  g_rmdir (dir);
  run_free (&run);
}

static void
test_export_lesson18 (void)
{
  check_export ("18-vanishing-gradients.adjoint", 5, 1920);
  check_export ("18-vanishing-gradients.adjoint", 30, 1920);
}

static void
test_export_lesson17 (void)
{
  check_export ("17-training-step.adjoint", 4, 1920);
  check_export ("17-training-step.adjoint", 1000, 1600);
}

/* The widget-pixel area of node @id's box that @map hides under @view. */
static double
hidden_area (const Run *run, AgId id, const AdjView *view, const AdjMinimap *map)
{
  const AdjBox *b = &g_array_index (run->layout->boxes, AdjBox, id);
  double x1, y1, x2, y2, w, h;

  adj_view_to_widget (view, b->x, b->y, &x1, &y1);
  adj_view_to_widget (view, b->x + b->w, b->y + b->h, &x2, &y2);
  w = MIN (x2, map->x + map->w) - MAX (x1, map->x);
  h = MIN (y2, map->y + map->h) - MAX (y1, map->y);
  return w > 0 && h > 0 ? w * h : 0;
}

static double
hidden_total (const Run *run, const AdjView *view, const AdjMinimap *map)
{
  double sum = 0;

  for (guint i = 0; i < run->layout->boxes->len; i++)
    sum += hidden_area (run, i, view, map);
  return sum;
}

/* Following lesson 18 in a small window, the overview map never hides the step being taught, and
 * hides no more of the graph than the bottom-right corner would; it stays put while its corner
 * is free. */
static void
test_minimap_never_hides_step (void)
{
  const double w = 900, h = 500;
  const AdjCameraViewport vp = { w, h, ADJ_CAMERA_NODE_TEXT_PX, 1.5, 0 };
  AdjCorner corner = ADJ_CORNER_BOTTOM_RIGHT;
  guint hops = 0, under_corner = 0;
  AdjStepState st;
  AdjView view;
  Run run;

  run_example (&run, "18-vanishing-gradients.adjoint");
  adj_step_state_init (&st);
  adj_step_state_compute (&st, run.graph, run.trace, 0, 1);
  view = adj_camera_frame (run.layout, &st, &vp, NULL);
  for (guint k = 1; k <= ag_trace_n_steps (run.trace); k++)
    {
      AdjMinimap map;
      double least = G_MAXDOUBLE;
      AgId active;

      adj_step_state_compute (&st, run.graph, run.trace, k, 1);
      view = adj_camera_frame (run.layout, &st, &vp, &view);
      g_assert_true (adj_minimap_wanted (run.layout, &view, w, h));
      active = adj_step_state_receiver (&st);
      map = adj_minimap_place_free (run.layout, &view, w, h, active, corner);
      for (guint c = 0; c < ADJ_N_CORNERS; c++)
        {
          const AdjMinimap m = adj_minimap_place (run.layout, w, h, c);
          least = MIN (least, hidden_total (&run, &view, &m));
        }
      g_assert_cmpfloat (hidden_area (&run, active, &view, &map), ==, 0);
      /* At most twice the least any corner hides, and a fifth of a node box (1000 px²). */
      g_assert_cmpfloat (hidden_total (&run, &view, &map), <=, 2 * least + 1000);
      /* Inside the canvas, whichever corner. */
      g_assert_cmpfloat (map.x, >=, 0);
      g_assert_cmpfloat (map.y, >=, 0);
      g_assert_cmpfloat (map.x + map.w, <=, w);
      g_assert_cmpfloat (map.y + map.h, <=, h);
      {
        const AdjMinimap br = adj_minimap_place (run.layout, w, h, ADJ_CORNER_BOTTOM_RIGHT);
        under_corner += hidden_area (&run, active, &view, &br) > 0;
      }
      /* A hop uncovers the active node, or hides clearly less: half, and a fifth of a box. */
      if (map.corner != corner)
        {
          const AdjMinimap old = adj_minimap_place (run.layout, w, h, corner);
          g_assert_true (hidden_area (&run, active, &view, &old) > 0 ||
                         hidden_total (&run, &view, &old) > 2 * hidden_total (&run, &view, &map) + 1000);
        }
      hops += map.corner != corner;
      corner = map.corner;
    }
  /* The active node does pass under the bottom-right corner (where the map sat before), and the
   * map does not hop at every step. */
  g_assert_cmpuint (under_corner, >, 0);
  g_assert_cmpuint (hops, <, ag_trace_n_steps (run.trace) / 2);
  adj_step_state_clear (&st);
  run_free (&run);
}

/* How many boxes (with their badge room) @view's viewport edges cut: seen in part, or within
 * 4 px of an edge. */
static guint
boxes_cut (const Run *run, const AdjView *view, double w, double h)
{
  guint n = 0;

  for (guint i = 0; i < run->layout->boxes->len; i++)
    {
      const AdjBox *b = &g_array_index (run->layout->boxes, AdjBox, i);
      double x1, y1, x2, y2;

      adj_view_to_widget (view, b->x, b->y, &x1, &y1);
      adj_view_to_widget (view, b->x + b->w, b->y + b->h + ADJ_CAMERA_BADGE_ROOM, &x2, &y2);
      if (x2 <= 0 || x1 >= w || y2 <= 0 || y1 >= h)
        continue;                                   /* not seen at all */
      n += x1 < 4 || x2 > w - 4 || y1 < 4 || y2 > h - 4;
    }
  return n;
}

/* Of the steps of @file at @w × @h, how many have a freshly framed view that cuts a box at its
 * edge, and the most boxes one view cuts (@most). */
static guint
steps_cutting (const char *file, double w, double h, guint *most)
{
  const AdjCameraViewport vp = { w, h, ADJ_CAMERA_NODE_TEXT_PX, 1.5, 0 };
  AdjStepState st;
  guint cutting = 0;
  Run run;

  *most = 0;
  run_example (&run, file);
  adj_step_state_init (&st);
  for (guint k = 1; k <= ag_trace_n_steps (run.trace); k++)
    {
      AdjView v;
      guint cut;

      adj_step_state_compute (&st, run.graph, run.trace, k, 1);
      v = adj_camera_frame (run.layout, &st, &vp, NULL);
      cut = boxes_cut (&run, &v, w, h);
      cutting += cut > 0;
      *most = MAX (*most, cut);
    }
  adj_step_state_clear (&st);
  run_free (&run);
  return cutting;
}

/* A view that follows the step puts its edges between boxes where it can: half a box at the edge
 * reads as a clipped number (lesson 18's rows at a 1920×1080 screen's canvas, lessons 14 and 15
 * at 1280×720). Centred on the step, the views cut up to 8, 15 and 15 boxes (in 26, 52 and 86
 * steps); moved to the gaps, at most 2, 4 and 6. Dense graphs cannot always avoid a cut. */
static void
test_edges_between_boxes (void)
{
  static const struct { const char *file; double w, h; guint most, steps; } cases[] = {
    { "18-vanishing-gradients.adjoint", 1100, 700, 2, 17 },
    { "14-four-variables.adjoint", 960, 470, 4, 43 },
    { "15-vector-chain-rule.adjoint", 960, 470, 6, 78 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint most, steps = steps_cutting (cases[i].file, cases[i].w, cases[i].h, &most);
      g_assert_cmpuint (most, <=, cases[i].most);
      g_assert_cmpuint (steps, <=, cases[i].steps);
    }
}

/* TRUE when pixels @a and @b differ by at most 1 in each channel (blending the background over
 * itself may round). */
static gboolean
near_pixel (guint32 a, guint32 b)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 1)
      return FALSE;
  return TRUE;
}

/* Where the layout goes on past an edge of the view, the drawing fades into the background there:
 * the outermost column of pixels is the background, whatever box the edge cuts. */
static void
test_edge_fade (void)
{
  const int w = 700, h = 420;
  const AdjCameraViewport vp = { w, h, ADJ_CAMERA_NODE_TEXT_PX, 1.5, 0 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_surface_t *plain = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  cairo_t *cr = cairo_create (surface), *pc = cairo_create (plain);
  AdjSceneState st = ADJ_SCENE_STATE_INIT (20);
  AdjStepState state;
  guint32 bg, *px;
  guint differ_inside = 0;
  AdjView view;
  Run run;

  run_example (&run, "18-vanishing-gradients.adjoint");
  adj_step_state_init (&state);
  adj_step_state_compute (&state, run.graph, run.trace, 20, 1);
  view = adj_camera_frame (run.layout, &state, &vp, NULL);
  adj_scene_paint_background (pc, ADJ_THEME_LIGHT);
  cairo_surface_flush (plain);
  bg = *(guint32 *) cairo_image_surface_get_data (plain) & 0xffffff;

  adj_scene_paint_background (cr, ADJ_THEME_LIGHT);
  cairo_save (cr);
  cairo_translate (cr, view.pan_x, view.pan_y);
  cairo_scale (cr, view.zoom, view.zoom);
  adj_scene_draw_graph (cr, run.graph, run.layout, run.trace, &st);
  cairo_restore (cr);
  adj_scene_paint_edge_fade (cr, ADJ_THEME_LIGHT, run.layout, &view, w, h);
  cairo_surface_flush (surface);
  px = (guint32 *) cairo_image_surface_get_data (surface);
  g_assert_true (adj_minimap_wanted (run.layout, &view, w, h));   /* the view shows a part */
  for (int y = 0; y < h; y++)
    {
      const guint32 *row = px + y * cairo_image_surface_get_stride (surface) / 4;
      double x1, y1, x2, y2;

      adj_view_to_widget (&view, 0, 0, &x1, &y1);
      adj_view_to_widget (&view, run.layout->width, run.layout->height, &x2, &y2);
      if (x1 < 0)
        g_assert_true (near_pixel (row[0], bg));
      if (x2 > w)
        g_assert_true (near_pixel (row[w - 1], bg));
      differ_inside += !near_pixel (row[w / 2], bg);
    }
  g_assert_cmpuint (differ_inside, >, 0);     /* the middle shows the graph */
  adj_step_state_clear (&state);
  run_free (&run);
  cairo_destroy (pc);
  cairo_destroy (cr);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/camera/lesson18-1920x1080", test_lesson18_1080);
  g_test_add_func ("/camera/lesson18-900x500", test_lesson18_small);
  g_test_add_func ("/camera/lesson17", test_lesson17);
  g_test_add_func ("/camera/paths-badge-in-view", test_paths_badge_in_view);
  g_test_add_func ("/camera/edges-between-boxes", test_edges_between_boxes);
  g_test_add_func ("/camera/edge-fade", test_edge_fade);
  g_test_add_func ("/camera/small-graph-fits-whole", test_small_graph_fits_whole);
  g_test_add_func ("/camera/keeps-still", test_keeps_still);
  g_test_add_func ("/camera/lerp", test_lerp);
  g_test_add_func ("/camera/minimap-never-hides-step", test_minimap_never_hides_step);
  g_test_add_func ("/camera/export-lesson18", test_export_lesson18);
  g_test_add_func ("/camera/export-lesson17", test_export_lesson17);
  return g_test_run ();
}
