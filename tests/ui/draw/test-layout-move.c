/* test-layout-move.c: an edit's new layout, moved to from where the nodes were (issue 19):
 * adj_anim_layout_move() on real layouts, pure. */
#include "ui/draw/adj-anim.h"
#include "core/program.h"

#include <math.h>

static AgGraph *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  AgGraph *g = ag_program_parse (text, -1, &error);

  g_assert_no_error (error);
  return g;
}

static const AdjBox *
box (const AdjLayout *l, AgId id)
{
  return &g_array_index (l->boxes, AdjBox, id);
}

/* The old graph's nodes keep their ids in the new one (a statement added at the end): x, y
 * were somewhere else; z is new. At 0 the kept nodes are where they were and z at its place;
 * at 1 everything is where the new layout says; halfway, halfway; edges stay joined to their
 * boxes' moves. */
static void
test_move (void)
{
  g_autoptr (AgGraph) old_g = parse ("x = 1\ny = sin(x)\n");
  g_autoptr (AgGraph) new_g = parse ("x = 1\ny = sin(x)\nz = y * x\n");
  g_autoptr (AdjLayout) old_l = adj_layout_new (old_g, NULL);
  g_autoptr (AdjLayout) to = adj_layout_new (new_g, NULL);
  g_autoptr (AdjLayout) out = adj_anim_layout_copy (to, 0);
  const AgId z = ag_graph_lookup (new_g, "z");
  const guint n = ag_graph_n_nodes (new_g);
  g_autofree double *from = g_new (double, 2 * n);

  for (AgId id = 0; id < n; id++)
    {
      from[2 * id] = id < ag_graph_n_nodes (old_g) ? box (old_l, id)->x + 100 : NAN;
      from[2 * id + 1] = id < ag_graph_n_nodes (old_g) ? box (old_l, id)->y + 50 : NAN;
    }

  adj_anim_layout_move (out, to, from, 0);
  for (AgId id = 0; id < ag_graph_n_nodes (old_g); id++)
    {
      g_assert_cmpfloat (box (out, id)->x, ==, from[2 * id]);
      g_assert_cmpfloat (box (out, id)->y, ==, from[2 * id + 1]);
      g_assert_cmpfloat (box (out, id)->w, ==, box (to, id)->w);
      g_assert_cmpfloat (out->width, >=, box (out, id)->x + box (out, id)->w);
      g_assert_cmpfloat (out->height, >=, box (out, id)->y + box (out, id)->h);
    }
  g_assert_cmpfloat (box (out, z)->x, ==, box (to, z)->x);
  g_assert_cmpfloat (box (out, z)->y, ==, box (to, z)->y);
  /* Each edge's ends moved with their boxes: its first point by its input's move, its last by
   * its consumer's. */
  for (guint i = 0; i < to->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (to->edges, AdjEdgePath, i);
      const AdjEdgePath *m = &g_array_index (out->edges, AdjEdgePath, i);
      const guint last = e->n_points - 1;
      g_assert_cmpfloat_with_epsilon (m->points[0] - e->points[0], box (out, e->from)->x - box (to, e->from)->x, 1e-9);
      g_assert_cmpfloat_with_epsilon (m->points[1] - e->points[1], box (out, e->from)->y - box (to, e->from)->y, 1e-9);
      g_assert_cmpfloat_with_epsilon (m->points[2 * last] - e->points[2 * last], box (out, e->to)->x - box (to, e->to)->x, 1e-9);
      g_assert_cmpfloat_with_epsilon (m->points[2 * last + 1] - e->points[2 * last + 1], box (out, e->to)->y - box (to, e->to)->y, 1e-9);
    }

  adj_anim_layout_move (out, to, from, 0.5);
  g_assert_cmpfloat_with_epsilon (box (out, 0)->x, (from[0] + box (to, 0)->x) / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (box (out, 0)->y, (from[1] + box (to, 0)->y) / 2, 1e-9);

  adj_anim_layout_move (out, to, from, 1);
  for (AgId id = 0; id < n; id++)
    {
      g_assert_cmpfloat (box (out, id)->x, ==, box (to, id)->x);
      g_assert_cmpfloat (box (out, id)->y, ==, box (to, id)->y);
    }
  for (guint i = 0; i < to->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (to->edges, AdjEdgePath, i);
      const AdjEdgePath *m = &g_array_index (out->edges, AdjEdgePath, i);
      for (guint k = 0; k < 2 * e->n_points; k++)
        g_assert_cmpfloat (m->points[k], ==, e->points[k]);
    }
  g_assert_cmpfloat (out->width, ==, to->width);
  g_assert_cmpfloat (out->height, ==, to->height);
}

/* A folded layout's marks are copied with it, so the moving copy hides what the new one hides. */
static void
test_copy_folded (void)
{
  g_autoptr (AgGraph) g = parse ("def f(a):\n    return sin(a) * a\nx = 1\ny = f(x)\n");
  g_autoptr (AdjLayout) l = adj_layout_new_folded (g, NULL, 1.0, NULL);
  g_autoptr (AdjLayout) copy = adj_anim_layout_copy (l, ag_graph_n_calls (g));

  g_assert_nonnull (l->hidden);
  g_assert_true (copy->hidden != l->hidden);
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      g_assert_cmpuint (copy->hidden[id], ==, l->hidden[id]);
      g_assert_cmpuint (copy->stands_for[id], ==, l->stands_for[id]);
    }
}

/* The moving copy keeps the faster engine's note (big graphs): it is drawn during the move too,
 * and the copy owns its own string. */
static void
test_copy_note (void)
{
  g_autoptr (AgGraph) g = parse ("x = 1\ny = sin(x)\n");
  g_autoptr (AdjLayout) l = adj_layout_new_folded (g, NULL, 1.0, NULL);
  g_autoptr (AdjLayout) copy = NULL;

  l->engine = ADJ_LAYOUT_SFDP;
  l->note = g_strdup ("laid out with sfdp");
  copy = adj_anim_layout_copy (l, 0);
  g_assert_cmpint (copy->engine, ==, ADJ_LAYOUT_SFDP);
  g_assert_cmpstr (copy->note, ==, "laid out with sfdp");
  g_assert_true (copy->note != l->note);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/anim/layout-move", test_move);
  g_test_add_func ("/anim/layout-copy-folded", test_copy_folded);
  g_test_add_func ("/anim/layout-copy-note", test_copy_note);
  return g_test_run ();
}
