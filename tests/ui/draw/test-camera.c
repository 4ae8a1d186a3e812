/* test-camera.c: the view that follows the step: readable text (≥ 14 px) with the active step in
 * view on a big lesson, the whole graph on a small one, stillness while the step stays inside. */
#include "core/graph-file.h"
#include "core/autograd.h"
#include "core/program.h"
#include "ui/draw/adj-camera.h"

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

  adj_view_to_widget (view, b->x, b->y, &x1, &y1);
  adj_view_to_widget (view, b->x + b->w, b->y + b->h, &x2, &y2);
  return x1 >= 0 && y1 >= 0 && x2 <= vp->width && y2 <= vp->height;
}

/* Steps through @file at @w × @h, as the canvas does (each view from the last) and as an export
 * does (each from nothing): text at 14 px or more and the active node inside at every step.
 * Returns how many times the following view moved. */
static guint
follow_example (const char *file, double w, double h)
{
  const AdjCameraViewport vp = { w, h, ADJ_CAMERA_NODE_TEXT_PX, 1.5 };
  AdjStepState st;
  Run run;
  AdjView view;
  guint moves = 0;

  run_example (&run, file);
  adj_step_state_init (&st);
  g_assert_false (adj_camera_fits_whole (run.layout, &vp));
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
      if (st.current->from != AG_NO_ID)
        g_assert_true (box_inside (&run, st.current->from, &fresh, &vp));
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

static void
test_lesson17 (void)
{
  follow_example ("17-training-step.adjoint", 1920, 1080 - 90);
}

/* The welcome graph fits at a readable size: every step, and the start, show it whole. */
static void
test_small_graph_fits_whole (void)
{
  const AdjCameraViewport vp = { 1280, 600, ADJ_CAMERA_NODE_TEXT_PX, 1.5 };
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
  const AdjCameraViewport vp = { 1000, 700, ADJ_CAMERA_NODE_TEXT_PX, 1.5 };
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/camera/lesson18-1920x1080", test_lesson18_1080);
  g_test_add_func ("/camera/lesson18-900x500", test_lesson18_small);
  g_test_add_func ("/camera/lesson17", test_lesson17);
  g_test_add_func ("/camera/small-graph-fits-whole", test_small_graph_fits_whole);
  g_test_add_func ("/camera/keeps-still", test_keeps_still);
  g_test_add_func ("/camera/lerp", test_lerp);
  return g_test_run ();
}
