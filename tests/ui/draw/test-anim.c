/* test-anim.c: the canvas's pure geometry and the document object, without a display. */
#include "ui/draw/adj-anim.h"
#include "ui/graph/adj-document.h"
#include "ui/draw/adj-scene.h"
#include "core/program.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static AdjDocument *
load_example (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"), name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  AdjDocument *doc = adj_document_new ();

  g_assert_true (adj_document_load (doc, file, &error));
  g_assert_no_error (error);
  return doc;
}

static void
test_ease (void)
{
  g_assert_cmpfloat (adj_anim_ease (0), ==, 0);
  g_assert_cmpfloat (adj_anim_ease (1), ==, 1);
  g_assert_cmpfloat_with_epsilon (adj_anim_ease (0.5), 0.5, 1e-12);
  g_assert_cmpfloat (adj_anim_ease (-3), ==, 0);
  g_assert_cmpfloat (adj_anim_ease (7), ==, 1);
  for (int i = 0; i < 100; i++)
    g_assert_cmpfloat (adj_anim_ease (i / 100.0), <=, adj_anim_ease ((i + 1) / 100.0));
  g_assert_cmpfloat_with_epsilon (adj_anim_step_seconds (1) * 2, adj_anim_step_seconds (0.5), 1e-12);
  g_assert_cmpfloat (adj_anim_step_seconds (100), ==, adj_anim_step_seconds (4));
}

/* On a 30-point edge a number would move 30 points under a 25-point pill: it starts inside the
 * sender's box and lands inside the receiver's, so it travels over 100 points; on a long edge it
 * stays on the path. */
static void
test_token_short_edge (void)
{
  double pts[] = { 100, 50, 110, 50, 120, 50, 130, 50 };
  const AdjEdgePath e = { 0, 1, 0, 4, pts };
  const AdjBox from = { 0, 20, 100, 60 }, to = { 130, 20, 100, 60 };
  double x0, y0, x1, y1, xm, ym;
  double long_pts[] = { 100, 50, 200, 50, 300, 50, 400, 50 };
  const AdjEdgePath long_e = { 0, 1, 0, 4, long_pts };
  const AdjBox far = { 400, 20, 100, 60 };

  adj_anim_token_point (&e, &from, &to, 0, &x0, &y0);
  adj_anim_token_point (&e, &from, &to, 1, &x1, &y1);
  adj_anim_token_point (&e, &from, &to, 0.5, &xm, &ym);
  g_assert_cmpfloat (x1 - x0, >=, 100);
  g_assert_cmpfloat_with_epsilon (x0, 100 - ADJ_ANIM_REACH, 1e-9);
  g_assert_cmpfloat_with_epsilon (x1, 130 + ADJ_ANIM_REACH, 1e-9);
  g_assert_cmpfloat_with_epsilon (xm, 115, 1e-6);
  g_assert_cmpfloat_with_epsilon (ym, 50, 1e-9);
  for (int i = 0; i < 10; i++)
    {
      double a, b, c;
      adj_anim_token_point (&e, &from, &to, i / 10.0, &a, &c);
      adj_anim_token_point (&e, &from, &to, (i + 1) / 10.0, &b, &c);
      g_assert_cmpfloat (b, >, a);
    }
  adj_anim_token_point (&long_e, &from, &far, 0.25, &x0, &y0);
  adj_edge_path_point (&long_e, 0.25, &x1, &y1);
  g_assert_cmpfloat (x0, ==, x1);
  g_assert_cmpfloat (y0, ==, y1);
}

/* Values travel from input to consumer (0 → 1 along the path); adjoints travel back. */
static void
test_token (void)
{
  g_assert_cmpfloat (adj_anim_token_fraction (AG_STEP_FORWARD, 0), ==, 0);
  g_assert_cmpfloat (adj_anim_token_fraction (AG_STEP_FORWARD, ADJ_ANIM_ARRIVE), ==, 1);
  g_assert_cmpfloat (adj_anim_token_fraction (AG_STEP_BACKWARD, 0), ==, 1);
  g_assert_cmpfloat (adj_anim_token_fraction (AG_STEP_BACKWARD, ADJ_ANIM_ARRIVE), ==, 0);
  g_assert_cmpfloat_with_epsilon (adj_anim_token_fraction (AG_STEP_TANGENT, ADJ_ANIM_ARRIVE / 2), 0.5, 1e-12);
  g_assert_false (adj_anim_arrived (ADJ_ANIM_ARRIVE - 0.01));
  g_assert_true (adj_anim_arrived (ADJ_ANIM_ARRIVE));
  g_assert_cmpfloat (adj_anim_pulse (0.1), ==, 0);
  g_assert_cmpfloat_with_epsilon (adj_anim_pulse (ADJ_ANIM_ARRIVE + 0.25 * (1 - ADJ_ANIM_ARRIVE)), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (adj_anim_pulse (1), 0.35, 1e-12);
}

static void
test_view (void)
{
  AdjView v = adj_view_fit (1000, 500, 1040, 580, 20, 2);
  double lx, ly, wx, wy;

  g_assert_cmpfloat_with_epsilon (v.zoom, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (v.pan_x, 20, 1e-12);
  g_assert_cmpfloat_with_epsilon (v.pan_y, 40, 1e-12);
  /* Small drawings are not blown up past max_zoom, and stay centred. */
  v = adj_view_fit (100, 100, 1000, 1000, 20, 1.5);
  g_assert_cmpfloat (v.zoom, ==, 1.5);
  g_assert_cmpfloat_with_epsilon (v.pan_x, 425, 1e-12);
  /* Zooming about a point keeps the point under the pointer. */
  adj_view_to_layout (&v, 300, 200, &lx, &ly);
  adj_view_zoom_at (&v, 2, 300, 200);
  g_assert_cmpfloat (v.zoom, ==, 3);
  adj_view_to_widget (&v, lx, ly, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (wy, 200, 1e-9);
  adj_view_zoom_at (&v, 1000, 0, 0);
  g_assert_cmpfloat (v.zoom, ==, ADJ_VIEW_MAX_ZOOM);
  adj_view_zoom_at (&v, 1e-9, 0, 0);
  g_assert_cmpfloat (v.zoom, ==, ADJ_VIEW_MIN_ZOOM);
}

/* Every box's centre hits its node; every edge's midpoint hits that edge, nothing else near. */
static void
test_hit (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  const AdjLayout *layout = adj_document_get_layout (doc);

  g_assert_cmpuint (layout->boxes->len, ==, 4);   /* x, 2, x^2, z */
  g_assert_cmpuint (layout->edges->len, ==, 4);
  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, i);
      g_assert_cmpuint (adj_layout_node_at (layout, b->x + b->w / 2, b->y + b->h / 2), ==, i);
    }
  g_assert_cmpuint (adj_layout_node_at (layout, -50, -50), ==, AG_NO_ID);
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      double mx, my;
      adj_edge_path_point (e, 0.5, &mx, &my);
      g_assert_cmpint (adj_layout_edge_near (layout, mx, my, 4), ==, (int) i);
    }
  g_assert_cmpint (adj_layout_edge_near (layout, -500, -500, 8), ==, -1);
}

/* Moving a node re-routes its edges to start and end on the boxes' sides. */
static void
test_move (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  const AdjLayout *layout = adj_document_get_layout (doc);
  const AgId x = ag_graph_lookup (adj_document_get_graph (doc), "x");
  const AdjBox *b;

  g_assert_false (adj_document_get_modified (doc));
  adj_document_move_node (doc, x, 10, 400);
  g_assert_true (adj_document_get_modified (doc));
  b = &g_array_index (layout->boxes, AdjBox, x);
  g_assert_cmpfloat (b->x, ==, 10);
  g_assert_cmpfloat (b->y, ==, 400);
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      if (e->from != x)
        continue;
      g_assert_cmpfloat (e->points[0], ==, b->x + b->w);
      g_assert_cmpfloat (e->points[1], ==, b->y + b->h / 2);
    }
  g_assert_cmpfloat (layout->height, >=, 400 + b->h);
}

static void
test_document_steps (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  g_autofree char *start = NULL, *six = NULL, *three = NULL;

  g_assert_cmpstr (adj_document_get_title (doc), ==, "Several paths add up");
  g_assert_cmpuint (adj_document_get_n_steps (doc), ==, 6);
  g_assert_cmpuint (adj_document_get_phase_start (doc), ==, 2);
  g_assert_cmpuint (adj_document_get_step (doc), ==, 0);
  adj_document_set_step (doc, 99);
  g_assert_cmpuint (adj_document_get_step (doc), ==, 6);
  start = adj_document_dup_step_text (doc, 0);
  g_assert_true (g_str_has_prefix (start, "x is used twice"));        /* the lesson's caption */
  six = adj_document_dup_step_text (doc, 6);
  g_assert_true (g_str_has_prefix (six, "The path through x²"));
  three = adj_document_dup_step_text (doc, 3);                         /* no caption: the sentence */
  g_assert_cmpstr (three, ==, "seed 3: z̄ = 1 (the output's adjoint starts at 1, since ∂z/∂z = 1)");
}

/* Editing an input rewrites the program in place and everything follows: x = 4 gives
 * x̄ = 2x + 1 = 9; the layout is kept since only a value changed. */
static void
test_document_edit_value (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  const AdjLayout *layout = adj_document_get_layout (doc);
  AgId x = ag_graph_lookup (adj_document_get_graph (doc), "x");

  adj_document_set_step (doc, 4);
  g_assert_true (adj_document_set_input_value (doc, x, 0, 4));
  g_assert_true (g_str_has_prefix (adj_document_get_program (doc), "x = 4\nz = x^2 + x"));
  g_assert_true (adj_document_get_layout (doc) == layout);
  g_assert_cmpuint (adj_document_get_step (doc), ==, 4);
  x = ag_graph_lookup (adj_document_get_graph (doc), "x");
  g_assert_cmpfloat (*ag_graph_grad (adj_document_get_graph (doc), x), ==, 9);
  g_assert_true (adj_document_set_input_value (doc, x, 0, -0.5));
  g_assert_true (g_str_has_prefix (adj_document_get_program (doc), "x = -0.5\n"));
  /* Not an input: refused, nothing changes. */
  g_assert_false (adj_document_set_input_value (doc, ag_graph_lookup (adj_document_get_graph (doc), "z"), 0, 1));
  g_assert_true (g_str_has_prefix (adj_document_get_program (doc), "x = -0.5\n"));

  /* A vector input: one element changes. */
  g_assert_true (adj_document_set_program (doc, "w = [1, 2, 3]\ny = sum(w * w)\n"));
  g_assert_true (adj_document_set_input_value (doc, ag_graph_lookup (adj_document_get_graph (doc), "w"), 1, 5));
  g_assert_cmpstr (adj_document_get_program (doc), ==, "w = [1, 5, 3]\ny = sum(w * w)\n");

  /* A literal over several lines, after a multi-byte character: replaced whole. */
  g_assert_true (adj_document_set_program (doc, "# ∂ matrix\nW = [[1, 2],\n     [3, 4]]\ny = sum(W)\n"));
  g_assert_true (adj_document_set_input_value (doc, ag_graph_lookup (adj_document_get_graph (doc), "W"), 3, 7));
  g_assert_cmpstr (adj_document_get_program (doc), ==, "# ∂ matrix\nW = [[1, 2], [3, 7]]\ny = sum(W)\n");
}

/* A graph too big to draw is refused like a typo: the last good graph stays. */
static void
test_document_too_big (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  AgGraph *before = adj_document_get_graph (doc);
  GString *text = g_string_new ("x = 1\n");

  for (guint i = 0; i < ADJ_DOCUMENT_MAX_NODES; i++)
    g_string_append (text, "x = x + x\n");
  g_assert_false (adj_document_set_program (doc, text->str));
  g_assert_error ((GError *) adj_document_get_error (doc), AG_ERROR, AG_ERROR_LIMIT);
  g_assert_true (adj_document_get_graph (doc) == before);
  g_string_free (text, TRUE);
}

/* A program that does not parse keeps the last good graph and reports where. */
static void
test_document_error (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  AgGraph *before = adj_document_get_graph (doc);
  const GError *error;
  guint line, col, len;
  g_autofree char *text = NULL;

  g_assert_false (adj_document_set_program (doc, "x = 3\nz = x^2 +\n"));
  g_assert_true (adj_document_get_graph (doc) == before);
  error = adj_document_get_error (doc);
  g_assert_nonnull (error);
  g_assert_true (ag_error_get_location (error, &line, &col, &len));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (col, ==, 10);
  text = adj_document_dup_error_text (doc);
  g_assert_true (g_str_has_prefix (text, "05-paths-add-up.adjoint:2:10: error: "));
  g_assert_true (adj_document_get_modified (doc));
  g_assert_true (adj_document_set_program (doc, "x = 3\nz = x^2 + 2*x\n"));
  g_assert_null (adj_document_get_error (doc));
  g_assert_cmpfloat (*ag_graph_grad (adj_document_get_graph (doc), 0), ==, 8);
}

/* A failed load leaves everything as it was. */
static void
test_document_failed_load (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/graph.adjoint");
  g_autoptr (GError) error = NULL;
  const char *newer = "{\"format\": \"adjoint-graph\", \"version\": 99, \"program\": \"\"}";
  const char *program = adj_document_get_program (doc);
  AgGraph *graph = adj_document_get_graph (doc);

  adj_document_set_step (doc, 5);
  g_assert_false (adj_document_load (doc, missing, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (adj_document_load_data (doc, newer, strlen (newer), "new.adjoint", &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_VERSION);
  g_assert_true (adj_document_get_program (doc) == program);
  g_assert_true (adj_document_get_graph (doc) == graph);
  g_assert_cmpuint (adj_document_get_step (doc), ==, 5);
  g_assert_cmpstr (adj_document_get_title (doc), ==, "Several paths add up");
}

/* Moved nodes, the step and the mode survive a save and a load. */
static void
test_document_save (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  g_autoptr (AdjDocument) again = adj_document_new ();
  g_autofree char *dir = g_dir_make_tmp ("adjoint-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.adjoint", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  const AdjBox *b;
  AgId x;

  x = ag_graph_lookup (adj_document_get_graph (doc), "x");
  adj_document_move_node (doc, x, 33, 444);
  adj_document_set_step (doc, 4);
  g_assert_true (adj_document_save (doc, file, &error));
  g_assert_no_error (error);
  g_assert_false (adj_document_get_modified (doc));
  g_assert_true (adj_document_load (again, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (adj_document_get_step (again), ==, 4);
  x = ag_graph_lookup (adj_document_get_graph (again), "x");
  b = &g_array_index (adj_document_get_layout (again)->boxes, AdjBox, x);
  g_assert_cmpfloat (b->x, ==, 33);
  g_assert_cmpfloat (b->y, ==, 444);
  g_assert_cmpstr (adj_document_get_caption (again, 6), ==, adj_document_get_caption (doc, 6));
  g_remove (path);
  g_rmdir (dir);
}

/* Forward mode: the forward pass, then tangents seeded at the first input. */
static void
test_document_forward_mode (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  const AgTrace *trace;

  adj_document_set_step (doc, 6);
  adj_document_set_mode (doc, ADJ_MODE_FORWARD);
  trace = adj_document_get_trace (doc);
  g_assert_cmpuint (adj_document_get_phase_start (doc), ==, 2);
  g_assert_cmpint (ag_trace_step (trace, 2)->kind, ==, AG_STEP_TANGENT_SEED);
  g_assert_cmpint (ag_trace_step (trace, ag_trace_n_steps (trace) - 1)->kind, ==, AG_STEP_TANGENT);
  /* ż = dz/dx = 2x + 1 = 7, the same number reverse mode gives as x̄. */
  g_assert_cmpfloat (*ag_trace_data (trace, ag_trace_step (trace, ag_trace_n_steps (trace) - 1)->after), ==, 7);
  g_assert_cmpuint (adj_document_get_step (doc), <=, adj_document_get_n_steps (doc));
  /* The lesson's captions describe reverse mode's steps: forward mode says its own. */
  g_assert_null (adj_document_get_caption (doc, 5));
  {
    g_autofree char *text = adj_document_dup_step_text (doc, 3);
    g_assert_true (g_str_has_prefix (text, "tangent-seed 3: "));
  }
  adj_document_set_mode (doc, ADJ_MODE_REVERSE);
  g_assert_nonnull (adj_document_get_caption (doc, 5));
}

/* The hover text of an edge: the local derivative with its number. */
static void
test_edge_text (void)
{
  g_autoptr (AdjDocument) doc = load_example ("05-paths-add-up.adjoint");
  const AdjLayout *layout = adj_document_get_layout (doc);
  gboolean seen = FALSE;

  for (guint i = 0; i < layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      g_autofree char *text = adj_scene_dup_edge_text (adj_document_get_graph (doc), layout,
                                                       adj_document_get_trace (doc), i);
      if (e->from == 0 && e->slot == 0 && ag_graph_node (adj_document_get_graph (doc), e->to)->op == AG_OP_POW)
        {
          g_assert_cmpstr (text, ==, "∂(x^2)/∂x = 2x = 6");
          seen = TRUE;
        }
    }
  g_assert_true (seen);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/anim/ease", test_ease);
  g_test_add_func ("/ui/anim/token", test_token);
  g_test_add_func ("/ui/anim/token-short-edge", test_token_short_edge);
  g_test_add_func ("/ui/anim/view", test_view);
  g_test_add_func ("/ui/anim/hit", test_hit);
  g_test_add_func ("/ui/anim/move", test_move);
  g_test_add_func ("/ui/anim/edge-text", test_edge_text);
  g_test_add_func ("/ui/document/steps", test_document_steps);
  g_test_add_func ("/ui/document/edit-value", test_document_edit_value);
  g_test_add_func ("/ui/document/error", test_document_error);
  g_test_add_func ("/ui/document/too-big", test_document_too_big);
  g_test_add_func ("/ui/document/failed-load", test_document_failed_load);
  g_test_add_func ("/ui/document/save", test_document_save);
  g_test_add_func ("/ui/document/forward-mode", test_document_forward_mode);
  return g_test_run ();
}
