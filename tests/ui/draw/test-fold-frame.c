/* test-fold-frame.c: folded calls on the canvas as geometry (issue 18): a folded call is one
 * box with an edge from each argument and its inside hidden; an open call's frame holds its
 * drawn boxes and a nested open call's frame with room to spare; the title band is where a
 * click folds it; frames follow a moved box. Pure: no display. */
#include "core/autograd.h"
#include "core/program.h"
#include "ui/draw/adj-fold-frame.h"
#include "ui/draw/adj-layout.h"
#include "ui/draw/adj-scene.h"

#include <string.h>

static const char program[] =
  "def sq(a):\n    b = a * a\n    return b + a\n"
  "def quad(c):\n    d = sq(c)\n    return sq(d)\n"
  "x = 3\ny = quad(x)\n";

static AgGraph *
parse (void)
{
  g_autoptr (GError) error = NULL;
  AgGraph *g = ag_program_parse (program, -1, &error);

  g_assert_no_error (error);
  g_assert_true (ag_graph_run (g, NULL, &error));
  return g;
}

static gboolean
inside (const AdjRect *outer, const AdjRect *inner, double margin)
{
  return inner->x >= outer->x + margin && inner->y >= outer->y + margin
         && inner->x + inner->w <= outer->x + outer->w - margin
         && inner->y + inner->h <= outer->y + outer->h - margin;
}

/* Every call folded: quad is one box (y's), edges only from x into it, the rest hidden. */
static void
test_folded (void)
{
  g_autoptr (AgGraph) g = parse ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AdjLayout) l = adj_layout_new_folded (g, NULL, 1.0, &error);
  AgId x = ag_graph_lookup (g, "x"), y = ag_graph_lookup (g, "y");
  guint quad = ag_graph_lookup_call (g, "quad");
  char title[64];

  g_assert_no_error (error);
  g_assert_cmpuint (l->stands_for[y], ==, quad);
  g_assert_cmpstr (adj_fold_box_title (g, quad, title, sizeof title), ==, "quad → y");
  g_assert_cmpuint (l->frames->len, ==, 0);
  g_assert_cmpuint (l->edges->len, ==, 1);
  g_assert_cmpuint (g_array_index (l->edges, AdjEdgePath, 0).from, ==, x);
  g_assert_cmpuint (g_array_index (l->edges, AdjEdgePath, 0).to, ==, y);
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      const AdjBox *b = &g_array_index (l->boxes, AdjBox, id);
      g_assert_cmpint (adj_layout_node_drawn (l, id), ==, id == x || id == y);
      if (!adj_layout_node_drawn (l, id))
        g_assert_cmpfloat (b->w, ==, 0);
    }
  /* The hovered edge into the box names the call's derivative, with its number from the folded
   * trace: y = sq(sq(x)), ∂y/∂x = (2·12 + 1)(2·3 + 1) = 175. */
  {
    g_autoptr (AgTrace) t = ag_trace_new ();
    g_autoptr (AgFoldedTrace) f = NULL;
    g_autofree char *text = NULL;
    ag_graph_zero_grad (g, NULL);
    g_assert_true (ag_graph_run (g, t, &error));
    f = ag_trace_fold (t, g, NULL);
    text = adj_scene_dup_edge_text (g, l, f->trace, 0);
    g_assert_cmpstr (text, ==, "∂y/∂x = the derivative of quad through its inside = 175");
  }
}

/* quad open, its second sq open, its first sq folded: two frames, the inner inside the outer,
 * each around its drawn boxes; the title band hits the innermost frame. */
static void
test_open_nested (void)
{
  g_autoptr (AgGraph) g = parse ();
  g_autoptr (GError) error = NULL;
  const char *names[] = { "quad", "sq#2", NULL };
  g_autofree gboolean *open = ag_open_calls_from_names (g, names);
  g_autoptr (AdjLayout) l = adj_layout_new_folded (g, open, 1.0, &error);
  guint quad = ag_graph_lookup_call (g, "quad"), sq2 = ag_graph_lookup_call (g, "sq#2");
  guint sq1 = ag_graph_lookup_call (g, "sq");
  const AdjCallFrame *inner, *outer;
  AgId d = ag_graph_lookup (g, "quad.d"), b2 = ag_graph_lookup (g, "sq#2.b");
  double hx, hy;

  g_assert_no_error (error);
  g_assert_cmpuint (d, !=, AG_NO_ID);
  g_assert_cmpuint (l->frames->len, ==, 2);
  inner = &g_array_index (l->frames, AdjCallFrame, 0);   /* deepest first */
  outer = &g_array_index (l->frames, AdjCallFrame, 1);
  g_assert_cmpuint (inner->call, ==, sq2);
  g_assert_cmpuint (outer->call, ==, quad);
  g_assert_true (inside (&outer->rect, &inner->rect, ADJ_FRAME_PAD - 1e-9));
  /* The folded first sq is drawn as d's box, inside quad's frame, not sq#2's. */
  g_assert_cmpuint (l->stands_for[d], ==, sq1);
  g_assert_true (inside (&outer->rect, &g_array_index (l->boxes, AdjBox, d), ADJ_FRAME_PAD - 1e-9));
  g_assert_true (inside (&inner->rect, &g_array_index (l->boxes, AdjBox, b2), ADJ_FRAME_PAD - 1e-9));
  g_assert_false (inside (&inner->rect, &g_array_index (l->boxes, AdjBox, d), 0));
  /* The title band: inner frame's top strip; below it (a box's place) is no title. */
  hx = inner->rect.x + 20;
  hy = inner->rect.y + ADJ_FRAME_TITLE_H / 2;
  g_assert_cmpint (adj_fold_frame_title_at (l->frames, hx, hy, 1.0), ==, 0);
  g_assert_cmpint (adj_fold_frame_title_at (l->frames, outer->rect.x + 5, outer->rect.y + 5, 1.0), ==, 1);
  g_assert_cmpint (adj_fold_frame_title_at (l->frames, hx, inner->rect.y + ADJ_FRAME_TITLE_H + 30, 1.0), ==, -1);
  /* Moving a box inside moves its frames with it. */
  {
    const AdjBox before = g_array_index (l->boxes, AdjBox, b2);
    const AdjRect old = inner->rect;
    adj_layout_move_node (l, g, b2, before.x, before.y + 400);
    inner = &g_array_index (l->frames, AdjCallFrame, 0);
    g_assert_cmpfloat (inner->rect.y + inner->rect.h, >=, before.y + 400 + before.h + ADJ_FRAME_PAD - 1e-9);
    g_assert_cmpfloat (inner->rect.h, >, old.h);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fold-frame/folded", test_folded);
  g_test_add_func ("/fold-frame/open-nested", test_open_nested);
  return g_test_run ();
}
