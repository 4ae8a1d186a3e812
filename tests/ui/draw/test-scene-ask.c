/* test-scene-ask.c: exercise mode's "?" on the canvas (issue 16), in pixels: the number asked
 * is drawn as "?" even before it exists, the edge asked about shows its own "?", and hovering
 * that edge does not give its derivative away. No display: the scene paints into an image. */
#include "core/autograd.h"
#include "core/program.h"
#include "ui/draw/adj-scene.h"

#include <string.h>

typedef struct {
  AgGraph   *graph;
  AgTrace   *trace;
  AdjLayout *layout;
} Fixture;

/* Example 5's program: x used twice, z = x^2 + x. */
static void
fixture_init (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->graph = ag_program_parse ("x = 3\nz = x^2 + x\n", -1, &error);
  g_assert_no_error (error);
  f->trace = ag_trace_new ();
  g_assert_true (ag_graph_run (f->graph, f->trace, &error));
  f->layout = adj_layout_new (f->graph, &error);
  g_assert_no_error (error);
}

static void
fixture_clear (Fixture *f)
{
  adj_layout_free (f->layout);
  ag_trace_free (f->trace);
  ag_graph_free (f->graph);
}

/* The frame at position @k with @ask and the pointer on edge @hovered, at zoom 1. */
static cairo_surface_t *
render (Fixture *f, guint k, AdjSceneAsk ask, int hovered)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) f->layout->width + 200,
                                                   (int) f->layout->height + 200);
  cairo_t *cr = cairo_create (s);
  AdjSceneState st = ADJ_SCENE_STATE_INIT (k);

  st.hovered_edge = hovered;
  st.ask = ask;
  adj_scene_paint_background (cr, ADJ_THEME_LIGHT);
  cairo_translate (cr, 100, 100);
  adj_scene_draw_graph (cr, f->graph, f->layout, f->trace, &st);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* Pixels that differ between @a and @b inside the layout rectangle @r (offset as rendered). */
static guint
differing (cairo_surface_t *a, cairo_surface_t *b, double x, double y, double w, double h)
{
  const int stride = cairo_image_surface_get_stride (a);
  const guint32 *pa = (const guint32 *) cairo_image_surface_get_data (a);
  const guint32 *pb = (const guint32 *) cairo_image_surface_get_data (b);
  guint n = 0;

  for (int j = (int) (y + 100); j < (int) (y + h + 100); j++)
    for (int i = (int) (x + 100); i < (int) (x + w + 100); i++)
      n += (pa[j * stride / 4 + i] & 0xffffff) != (pb[j * stride / 4 + i] & 0xffffff);
  return n;
}

static AgId
node_named (Fixture *f, const char *name)
{
  const AgId id = ag_graph_lookup (f->graph, name);
  g_assert_cmpuint (id, !=, AG_NO_ID);
  return id;
}

static int
edge_between (Fixture *f, AgId from, AgId to)
{
  for (guint i = 0; i < f->layout->edges->len; i++)
    {
      const AdjEdgePath *e = &g_array_index (f->layout->edges, AdjEdgePath, i);
      if (e->from == from && e->to == to)
        return (int) i;
    }
  g_assert_not_reached ();
}

/* Before z's forward step its value is not shown; asked, its box shows "?" (pixels change
 * inside z's box and only there). */
static void
test_value (void)
{
  Fixture f;
  const AdjSceneAsk none = { ADJ_ASK_NONE, AG_NO_ID, AG_NO_ID, AG_NO_ID, FALSE };
  AdjSceneAsk ask = none;
  AgId z, x;

  fixture_init (&f);
  z = node_named (&f, "z");
  x = node_named (&f, "x");
  ask = (AdjSceneAsk) { ADJ_ASK_VALUE, z, AG_NO_ID, AG_NO_ID, TRUE };
  {
    cairo_surface_t *plain = render (&f, 1, none, -1), *asked = render (&f, 1, ask, -1);
    const AdjBox *bz = &g_array_index (f.layout->boxes, AdjBox, z);
    const AdjBox *bx = &g_array_index (f.layout->boxes, AdjBox, x);

    g_assert_cmpuint (differing (plain, asked, bz->x, bz->y, bz->w, bz->h), >, 20);
    g_assert_cmpuint (differing (plain, asked, bx->x + 8, bx->y + 8, bx->w - 16, bx->h - 16), ==, 0);
    cairo_surface_destroy (plain);
    cairo_surface_destroy (asked);
  }
  fixture_clear (&f);
}

/* The local derivative on x → z is asked: hovering that edge shows nothing more (its
 * derivative would be the answer), while hovering another edge shows its label. */
static void
test_hover_hidden (void)
{
  Fixture f;
  const AdjSceneAsk none = { ADJ_ASK_NONE, AG_NO_ID, AG_NO_ID, AG_NO_ID, FALSE };
  AgId z, x;
  int asked_edge;
  const guint k = 4;

  fixture_init (&f);
  z = node_named (&f, "z");
  x = node_named (&f, "x");
  asked_edge = edge_between (&f, x, z);
  {
    const AdjSceneAsk ask = { ADJ_ASK_LOCAL, AG_NO_ID, z, x, TRUE };
    const AdjEdgePath *e = &g_array_index (f.layout->edges, AdjEdgePath, asked_edge);
    cairo_surface_t *asked = render (&f, k, ask, -1), *hover = render (&f, k, ask, asked_edge);
    cairo_surface_t *plain = render (&f, k, none, -1), *plain_hover = render (&f, k, none, asked_edge);
    const double w = f.layout->width, h = f.layout->height;

    g_assert_true (adj_scene_ask_on_edge (&ask, e));
    g_assert_false (adj_scene_ask_on_edge (&none, e));
    /* The "?" label is drawn; hovering adds nothing to it. */
    const guint label = differing (plain, asked, -100, -100, w + 200, h + 200);
    const guint thicken = differing (asked, hover, -100, -100, w + 200, h + 200);
    const guint hover_label = differing (plain, plain_hover, -100, -100, w + 200, h + 200);

    g_test_message ("? label %u px, hover on the asked edge %u px, hover elsewhere %u px", label, thicken, hover_label);
    g_assert_cmpuint (label, >, 500);
    /* Hovering the asked edge only thickens it; without the question its label appears too. */
    g_assert_cmpuint (hover_label, >, thicken + 500);
    cairo_surface_destroy (asked);
    cairo_surface_destroy (hover);
    cairo_surface_destroy (plain);
    cairo_surface_destroy (plain_hover);
  }
  fixture_clear (&f);
}

/* In exercise mode a hovered edge shows its derivative's formula, not its number, which a
 * later question may ask. */
static void
test_formula (void)
{
  Fixture f;
  AgId x, z;
  int e = -1;

  fixture_init (&f);
  x = node_named (&f, "x");
  z = node_named (&f, "z");
  /* The edge from x into x^2 (the unnamed node that is not z). */
  for (guint i = 0; i < f.layout->edges->len; i++)
    {
      const AdjEdgePath *p = &g_array_index (f.layout->edges, AdjEdgePath, i);
      if (p->from == x && p->to != z)
        e = (int) i;
    }
  g_assert_cmpint (e, >=, 0);
  {
    g_autofree char *full = adj_scene_dup_edge_formula (f.graph, f.layout, f.trace, e, TRUE);
    g_autofree char *quiz = adj_scene_dup_edge_formula (f.graph, f.layout, f.trace, e, FALSE);
    g_autofree char *text = adj_scene_dup_edge_text (f.graph, f.layout, f.trace, e);

    g_assert_cmpstr (full, ==, "∂(x^2)/∂x = 2x = 6");
    g_assert_cmpstr (text, ==, full);
    g_assert_cmpstr (quiz, ==, "∂(x^2)/∂x = 2x");
  }
  fixture_clear (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/scene/ask/value", test_value);
  g_test_add_func ("/ui/scene/ask/hover-hidden", test_hover_hidden);
  g_test_add_func ("/ui/scene/ask/formula", test_formula);
  return g_test_run ();
}
