/* bench-scaling.c: `adjoint bench --scaling`: layout time and frame time against graph size, the
 * table in docs/performance.md ("How cost grows with the graph"), reproducible on any machine. */
#include <stdio.h>
#include "app/cli/bench-scaling.h"
#include "app/cli/bench-yardstick.h"
#include "app/cli/cli-common.h"
#include "core/autograd.h"
#include "core/program.h"
#include "core/trace.h"
#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-scene.h"

typedef struct {
  const AgGraph   *graph;
  const AgTrace   *trace;
  const AdjLayout *layout;
  cairo_surface_t *surface;
  AdjSceneState    state;
  AdjView          view;
} ScalingFrame;

/* One frame as the canvas paints it (bench.c's frame_run, at a given view). */
static void
scaling_frame_run (gpointer ctx, guint64 reps)
{
  ScalingFrame *f = ctx;

  for (guint64 r = 0; r < reps; r++)
    {
      cairo_t *cr = cairo_create (f->surface);
      adj_scene_paint_background (cr, f->state.theme);
      cairo_translate (cr, f->view.pan_x, f->view.pan_y);
      cairo_scale (cr, f->view.zoom, f->view.zoom);
      adj_scene_draw_graph (cr, f->graph, f->layout, f->trace, &f->state);
      cairo_destroy (cr);
    }
  cairo_surface_flush (f->surface);
}

static double
frame_ms (ScalingFrame *f, gboolean quick)
{
  double med, lo, hi;
  guint samples;
  guint64 reps;

  scaling_frame_run (f, 1);   /* the text cache warm, as in a window that has drawn once */
  adj_bench_time (scaling_frame_run, f, quick ? 0.0005 : 0.002, quick ? 0.05 : 1.0, &med, &lo, &hi,
                  &samples, &reps);
  return med * 1e3;
}

typedef struct {
  guint n_nodes, n_edges;
  AdjLayoutEngine engine;
  double layout_ms, fitted_ms, zoom_ms;
} ScalingRow;

static gboolean
scaling_row (AdjBenchProgramFunc program, guint n, int engine, gboolean quick, ScalingRow *row,
             GError **error)
{
  g_autofree char *text = program (n);
  g_autoptr (AgGraph) graph = ag_program_parse (text, -1, error);
  g_autoptr (AgTrace) trace = ag_trace_new ();
  g_autoptr (AdjLayout) layout = NULL;
  ScalingFrame f = { 0 };
  double t0;

  if (graph == NULL)
    return FALSE;
  ag_graph_run (graph, trace, NULL);
  t0 = adj_bench_now ();
  layout = engine >= 0 ? adj_layout_new_with_engine (graph, 1.0, engine, error)
                       : adj_layout_new (graph, error);
  if (layout == NULL)
    return FALSE;
  row->layout_ms = (adj_bench_now () - t0) * 1e3;
  row->n_nodes = ag_graph_n_nodes (graph);
  row->n_edges = layout->edges->len;
  row->engine = layout->engine;
  f = (ScalingFrame) { graph, trace, layout, cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080),
                       ADJ_SCENE_STATE_INIT (ag_trace_n_steps (trace)),
                       adj_view_fit (layout->width, layout->height, 1920, 1080, 40, 1.5) };
  /* The whole drawing, as the canvas fits one too large for the wheel's least zoom. */
  f.view.zoom = MIN (f.view.zoom, MIN (1840 / layout->width, 1000 / layout->height));
  f.view.pan_x = (1920 - layout->width * f.view.zoom) / 2;
  f.view.pan_y = (1080 - layout->height * f.view.zoom) / 2;
  row->fitted_ms = frame_ms (&f, quick);
  /* 100 %: the middle of the drawing, every label readable. */
  f.view = (AdjView) { 1, 960 - layout->width / 2, 540 - layout->height / 2 };
  row->zoom_ms = frame_ms (&f, quick);
  cairo_surface_destroy (f.surface);
  return TRUE;
}

void
adj_bench_scaling (AdjBenchProgramFunc program, int engine, guint only, gboolean json,
                   gboolean quick)
{
  static const guint sizes[] = { 250, 500, 1000, 2000, 5000, 10000 };
  g_autoptr (JsonBuilder) jb = json_builder_new ();
  const guint n_sizes = quick ? 2 : G_N_ELEMENTS (sizes);

  if (json)
    {
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "scaling");
      json_builder_begin_array (jb);
    }
  else
    printf ("How cost grows with the graph: the bench's tangled DAG, 1920×1080 frames\n"
            "%7s %7s  %-14s %12s %12s %12s\n", "nodes", "edges", "engine", "layout ms",
            "fitted ms", "100 % ms");
  for (guint i = 0; i < n_sizes; i++)
    {
      g_autoptr (GError) error = NULL;
      ScalingRow row = { 0 };

      if (only > 0 && i > 0)
        break;
      if (!scaling_row (program, only > 0 ? only : sizes[i], engine, quick, &row, &error))
        g_error ("scaling, %u nodes: %s", only > 0 ? only : sizes[i], error->message);
      if (json)
        {
          json_builder_begin_object (jb);
          json_builder_set_member_name (jb, "nodes");
          json_builder_add_int_value (jb, row.n_nodes);
          json_builder_set_member_name (jb, "edges");
          json_builder_add_int_value (jb, row.n_edges);
          json_builder_set_member_name (jb, "engine");
          json_builder_add_string_value (jb, adj_layout_engine_name (row.engine));
          json_builder_set_member_name (jb, "layout_ms");
          json_builder_add_double_value (jb, row.layout_ms);
          json_builder_set_member_name (jb, "frame_fitted_ms");
          json_builder_add_double_value (jb, row.fitted_ms);
          json_builder_set_member_name (jb, "frame_zoom_ms");
          json_builder_add_double_value (jb, row.zoom_ms);
          json_builder_end_object (jb);
        }
      else
        {
          printf ("%7u %7u  %-14s %12.1f %12.2f %12.2f\n", row.n_nodes, row.n_edges,
                  adj_layout_engine_name (row.engine), row.layout_ms, row.fitted_ms, row.zoom_ms);
          fflush (stdout);
        }
    }
  if (json)
    {
      json_builder_end_array (jb);
      json_builder_end_object (jb);
      adj_cli_print_json (jb);
    }
}
