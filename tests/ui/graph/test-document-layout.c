/* test-document-layout.c: a large graph's layout is made on a worker (issue 19, item 3): an edit
 * that adds a statement returns at once, the main loop keeps turning while Graphviz works, the
 * old graph and its layout stay on show together, and the new ones arrive together, with where
 * each node was drawn before; an edit of numbers only keeps the layout; the newest edit wins. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include "tests/lsan-glib.h"
#include <math.h>
#include <string.h>
#include "core/graph.h"
#include "core/graph-calls.h"
#include "ui/graph/adj-document.h"

#define N_NODES 500   /* well past ADJ_DOCUMENT_INLINE_LAYOUT_NODES; dot takes ~0.1–0.3 s */

/* A wide tangled DAG of about @n scalar nodes, as `adjoint bench` draws: eight inputs, then
 * each line on the one before and on one of the ten before that. @first is x1's value. */
static char *
big_program (guint n, double first)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "x1 = %.2f\n", first);
  for (guint i = 2; i <= 8; i++)
    g_string_append_printf (s, "x%u = %.2f\n", i, 0.1 * i - 0.45);
  for (guint i = 9; i <= n; i++)
    {
      char prev[16], other[16];
      const guint back = 2 + (i * 7) % 9;
      g_snprintf (prev, sizeof prev, i - 1 <= 8 ? "x%u" : "v%u", i - 1);
      g_snprintf (other, sizeof other, i <= back + 8 ? "x%u" : "v%u", i <= back + 8 ? 1 + (i - 9) % 8 : i - back);
      if (i % 4 == 3)
        g_string_append_printf (s, "v%u = tanh(%s)\n", i, prev);
      else
        g_string_append_printf (s, "v%u = %s %s %s\n", i, prev, i % 2 ? "+" : "*", other);
    }
  return g_string_free (s, FALSE);
}

typedef struct {
  AdjDocument *document;
  guint        ticks_laying_out;   /* 5 ms ticks seen while the layout was in flight */
  guint        mismatches;         /* ticks when the layout's boxes were not the graph's nodes */
  guint        graph_changed;
} Watch;

static gboolean
tick_cb (gpointer data)
{
  Watch *w = data;
  const AdjLayout *layout = adj_document_get_layout (w->document);

  if (adj_document_get_laying_out (w->document))
    w->ticks_laying_out++;
  if (layout->boxes->len != ag_graph_n_nodes (adj_document_get_graph (w->document)))
    w->mismatches++;
  return G_SOURCE_CONTINUE;
}

static void
graph_changed_cb (AdjDocument *document, Watch *w)
{
  w->graph_changed++;
  /* Whoever hears of the new graph reads a layout made for it. */
  g_assert_cmpuint (adj_document_get_layout (document)->boxes->len, ==,
                    ag_graph_n_nodes (adj_document_get_graph (document)));
}

/* Turns the main loop until nothing is in flight and every worker has let go of the document,
 * ticking every 5 ms, or fails after 120 s. */
static void
wait_idle (Watch *w)
{
  const gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  const guint source = g_timeout_add (5, tick_cb, w);

  while (adj_document_get_busy (w->document) ||
         g_atomic_int_get (&G_OBJECT (w->document)->ref_count) > 1)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_source_remove (source);
}

static AdjDocument *
big_document (Watch *w, double first)
{
  g_autofree char *program = big_program (N_NODES, first);

  *w = (Watch) { adj_document_new () };
  g_signal_connect (w->document, "graph-changed", G_CALLBACK (graph_changed_cb), w);
  g_assert_true (adj_document_set_program (w->document, program));
  g_assert_true (adj_document_get_laying_out (w->document));
  wait_idle (w);
  g_assert_cmpuint (w->graph_changed, ==, 1);
  g_assert_false (adj_document_get_laying_out (w->document));
  return w->document;
}

static double
value_of (AdjDocument *document, const char *name)
{
  AgGraph *g = adj_document_get_graph (document);
  const AgId id = ag_graph_lookup (g, name);

  g_assert_cmpuint (id, !=, AG_NO_ID);
  return ag_graph_value (g, id)[0];
}

/* Adds a statement to big_document()'s program: its layout is now made on a worker. */
static void
add_statement (AdjDocument *document)
{
  g_autofree char *program = big_program (N_NODES, -0.35);
  g_autofree char *longer = g_strconcat (program, "extra = v9 + v10\n", NULL);

  g_assert_true (adj_document_set_program (document, longer));
  g_assert_true (adj_document_get_laying_out (document));
}

/* Adding a statement: the edit returns before the layout, the main loop turns while it is made,
 * the old graph and layout stay on show together, then both arrive together; the selection
 * follows its node by name and every kept node knows where it was drawn. */
static void
test_add_statement (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = big_document (&w, -0.35);
  g_autofree char *program = big_program (N_NODES, -0.35);
  g_autofree char *longer = g_strconcat (program, "extra = v400 * v499\n", NULL);
  const guint serial = adj_document_get_layout_serial (document);
  AgGraph *old = adj_document_get_graph (document);
  const guint old_n = ag_graph_n_nodes (old);
  const AgId v400 = ag_graph_lookup (old, "v400");
  const AdjBox was = g_array_index (adj_document_get_layout (document)->boxes, AdjBox, v400);
  const double *from;
  const AdjLayout *layout;
  AgGraph *g;
  AgId id;

  adj_document_set_selected (document, v400);
  g_assert_null (adj_document_get_layout_moved_from (document));   /* the first layout: no move */
  {
    const gint64 t0 = g_get_monotonic_time ();
    g_assert_true (adj_document_set_program (document, longer));
    /* Parsing and running 500 scalar nodes takes milliseconds; dot would take far longer. */
    g_assert_cmpint (g_get_monotonic_time () - t0, <, 100 * 1000);
  }
  g_assert_true (adj_document_get_busy (document));
  g_assert_true (adj_document_get_laying_out (document));
  g_assert_true (adj_document_get_graph (document) == old);
  g_assert_cmpuint (adj_document_get_layout_serial (document), ==, serial);
  g_assert_cmpuint (w.graph_changed, ==, 1);
  wait_idle (&w);

  g_assert_cmpuint (w.ticks_laying_out, >, 0);
  g_assert_cmpuint (w.mismatches, ==, 0);
  g_assert_cmpuint (w.graph_changed, ==, 2);
  g_assert_false (adj_document_get_busy (document));
  g = adj_document_get_graph (document);
  layout = adj_document_get_layout (document);
  g_assert_cmpuint (ag_graph_n_nodes (g), ==, old_n + 1);
  g_assert_cmpuint (layout->boxes->len, ==, ag_graph_n_nodes (g));
  g_assert_cmpuint (layout->edges->len, ==, g->edges->len);
  g_assert_cmpuint (adj_document_get_layout_serial (document), ==, serial + 1);
  g_assert_cmpfloat (value_of (document, "extra"), ==, value_of (document, "v400") * value_of (document, "v499"));
  /* The selection is the same node in the new graph; the player shows the result. */
  id = ag_graph_lookup (g, "v400");
  g_assert_cmpuint (adj_document_get_selected (document), ==, id);
  g_assert_cmpuint (adj_document_get_step (document), ==, adj_document_get_n_steps (document));
  /* Where each node was: v400's old corner; the new node has no past. */
  from = adj_document_get_layout_moved_from (document);
  g_assert_nonnull (from);
  g_assert_cmpfloat (from[2 * id], ==, was.x);
  g_assert_cmpfloat (from[2 * id + 1], ==, was.y);
  id = ag_graph_lookup (g, "extra");
  g_assert_true (isnan (from[2 * id]) && isnan (from[2 * id + 1]));
}

/* Changing a number keeps the layout (same serial, same boxes) and shows the new values before
 * the call returns. */
static void
test_numbers_only (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = big_document (&w, -0.35);
  g_autofree char *program = big_program (N_NODES, -0.25);
  const guint serial = adj_document_get_layout_serial (document);
  const AdjLayout *layout = adj_document_get_layout (document);
  const guint n = ag_graph_n_nodes (adj_document_get_graph (document));
  g_autofree double *before = g_new (double, n);
  guint changed = 0;

  for (AgId id = 0; id < n; id++)
    before[id] = ag_graph_value (adj_document_get_graph (document), id)[0];

  g_assert_true (adj_document_set_program (document, program));
  g_assert_false (adj_document_get_busy (document));
  g_assert_cmpuint (w.graph_changed, ==, 2);
  g_assert_cmpuint (adj_document_get_layout_serial (document), ==, serial);
  g_assert_true (adj_document_get_layout (document) == layout);
  g_assert_cmpfloat (value_of (document, "x1"), ==, -0.25);
  for (AgId id = 0; id < n; id++)
    changed += ag_graph_value (adj_document_get_graph (document), id)[0] != before[id];
  g_assert_cmpuint (changed, >, 10);   /* x1 and what it reaches */
  wait_idle (&w);
  g_assert_cmpuint (w.graph_changed, ==, 2);
}

/* Two structural edits in quick succession: the first's layout is dropped, the second's is the
 * one shown, with the second's graph, and it is the only new layout. */
static void
test_newer_edit_wins (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = big_document (&w, -0.35);
  g_autofree char *program = big_program (N_NODES, -0.35);
  g_autofree char *one = g_strconcat (program, "first = v10 + v20\n", NULL);
  g_autofree char *two = g_strconcat (program, "second = sin(v30)\n", NULL);
  const guint serial = adj_document_get_layout_serial (document);
  AgGraph *g;

  g_assert_true (adj_document_set_program (document, one));
  g_assert_true (adj_document_get_laying_out (document));
  g_assert_true (adj_document_set_program (document, two));
  g_assert_true (adj_document_get_laying_out (document));
  wait_idle (&w);
  g = adj_document_get_graph (document);
  g_assert_cmpuint (w.graph_changed, ==, 2);
  g_assert_cmpuint (w.mismatches, ==, 0);
  g_assert_cmpuint (ag_graph_lookup (g, "first"), ==, AG_NO_ID);
  g_assert_cmpuint (ag_graph_lookup (g, "second"), !=, AG_NO_ID);
  g_assert_cmpuint (adj_document_get_layout (document)->boxes->len, ==, ag_graph_n_nodes (g));
  g_assert_cmpuint (adj_document_get_layout_serial (document), ==, serial + 1);
  g_assert_cmpstr (adj_document_get_program (document), ==, two);
}

/* Back to the graph on show while its replacement is being laid out: that layout still fits,
 * so the edit is shown at once and the one in flight is dropped when it arrives. */
static void
test_undo_while_laying_out (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = big_document (&w, -0.35);
  g_autofree char *program = big_program (N_NODES, -0.35);
  g_autofree char *longer = g_strconcat (program, "extra = v9 + v10\n", NULL);
  const guint serial = adj_document_get_layout_serial (document);

  g_assert_true (adj_document_set_program (document, longer));
  g_assert_true (adj_document_get_busy (document));
  g_assert_true (adj_document_set_program (document, program));
  g_assert_false (adj_document_get_busy (document));
  g_assert_cmpuint (w.graph_changed, ==, 2);
  wait_idle (&w);
  g_assert_cmpuint (w.graph_changed, ==, 2);
  g_assert_cmpuint (adj_document_get_layout_serial (document), ==, serial);
  g_assert_cmpuint (ag_graph_lookup (adj_document_get_graph (document), "extra"), ==, AG_NO_ID);
}

/* The text size changes while a layout is in flight: the layout made at the old size is not
 * shown; the graph arrives laid out at the new one. */
static void
test_font_scale_while_laying_out (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = big_document (&w, -0.35);
  g_autofree char *program = big_program (N_NODES, -0.35);
  g_autofree char *longer = g_strconcat (program, "extra = v9 + v10\n", NULL);

  g_assert_true (adj_document_set_program (document, longer));
  adj_document_set_font_scale (document, 2.0);
  g_assert_true (adj_document_get_busy (document));
  wait_idle (&w);
  g_assert_cmpuint (w.graph_changed, ==, 2);
  g_assert_cmpfloat (adj_document_get_layout (document)->font_scale, ==, 2.0);
  g_assert_cmpuint (ag_graph_lookup (adj_document_get_graph (document), "extra"), !=, AG_NO_ID);
}

/* A call opened while the new graph is being laid out: the graph on show does not change under
 * the reader, and the new one arrives laid out with the call open (its inside drawn and framed)
 * and its trace folded to match. */
static void
test_open_call_while_laying_out (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = NULL;
  g_autofree char *body = big_program (N_NODES, -0.35);
  g_autofree char *program = g_strconcat ("def f(a):\n    return sin(a) * a\n", body, "y = f(v400)\n", NULL);
  g_autofree char *longer = g_strconcat (program, "z = y + v9\n", NULL);
  const AdjLayout *layout;
  AgGraph *g;
  AgId sin_node = AG_NO_ID;

  w = (Watch) { adj_document_new () };
  document = w.document;
  g_signal_connect (document, "graph-changed", G_CALLBACK (graph_changed_cb), &w);
  g_assert_true (adj_document_set_program (document, program));
  wait_idle (&w);
  g_assert_cmpuint (ag_graph_n_calls (adj_document_get_graph (document)), ==, 1);
  /* Folded at first: the call's inside is hidden. */
  g_assert_nonnull (adj_document_get_layout (document)->hidden);

  g_assert_true (adj_document_set_program (document, longer));
  g_assert_true (adj_document_get_laying_out (document));
  {
    const guint serial = adj_document_get_layout_serial (document);
    adj_document_toggle_call (document, 0);
    g_assert_cmpuint (adj_document_get_layout_serial (document), ==, serial);   /* nothing laid out here */
  }
  wait_idle (&w);
  g_assert_cmpuint (w.mismatches, ==, 0);
  g = adj_document_get_graph (document);
  layout = adj_document_get_layout (document);
  g_assert_cmpuint (ag_graph_lookup (g, "z"), !=, AG_NO_ID);
  g_assert_cmpuint (layout->boxes->len, ==, ag_graph_n_nodes (g));
  g_assert_nonnull (layout->open);
  g_assert_true (layout->open[0]);
  g_assert_nonnull (layout->frames);
  g_assert_cmpuint (layout->frames->len, ==, 1);
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    if (ag_graph_node (g, id)->op == AG_OP_SIN && ag_graph_node (g, id)->call != AG_NO_CALL)
      sin_node = id;
  g_assert_cmpuint (sin_node, !=, AG_NO_ID);
  g_assert_true (adj_layout_node_drawn (layout, sin_node));
}

/* Opening a call of a large graph on show (no edit in flight) does not lay it out on the main
 * thread either: the folded graph stays on show until the open one arrives, laid out, and the
 * player stays on what it showed (the end stays the end). */
static void
test_open_call_large (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = NULL;
  g_autofree char *body = big_program (N_NODES, -0.35);
  g_autofree char *program = g_strconcat ("def f(a):\n    return sin(a) * a\n", body, "y = f(v400)\n", NULL);
  const AdjLayout *layout;
  guint serial, folded_steps;

  w = (Watch) { adj_document_new () };
  document = w.document;
  g_signal_connect (document, "graph-changed", G_CALLBACK (graph_changed_cb), &w);
  g_assert_true (adj_document_set_program (document, program));
  wait_idle (&w);
  folded_steps = adj_document_get_n_steps (document);
  adj_document_set_step (document, folded_steps);
  serial = adj_document_get_layout_serial (document);
  {
    const gint64 t0 = g_get_monotonic_time ();
    adj_document_toggle_call (document, 0);
    g_assert_cmpint (g_get_monotonic_time () - t0, <, 100 * 1000);
  }
  g_assert_true (adj_document_get_laying_out (document));
  g_assert_cmpuint (adj_document_get_layout_serial (document), ==, serial);
  g_assert_cmpuint (adj_document_get_n_steps (document), ==, folded_steps);
  g_assert_true (adj_document_get_modified (document));
  wait_idle (&w);
  g_assert_cmpuint (w.mismatches, ==, 0);
  layout = adj_document_get_layout (document);
  g_assert_cmpuint (adj_document_get_layout_serial (document), ==, serial + 1);
  g_assert_true (layout->open[0]);
  g_assert_cmpuint (layout->frames->len, ==, 1);
  /* Open, the call's inside steps are shown: more steps, and the player still at the end. */
  g_assert_cmpuint (adj_document_get_n_steps (document), >, folded_steps);
  g_assert_cmpuint (adj_document_get_step (document), ==, adj_document_get_n_steps (document));
}

/* A small program typed over a large one whose layout is still being made: Graphviz is busy, so
 * the small one's layout is not made on the main thread (it would wait for the large one); it
 * arrives a little later, and the large one's is dropped. */
static void
test_small_after_large (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = big_document (&w, -0.35);

  add_statement (document);
  g_usleep (50 * 1000);   /* the worker is inside Graphviz now (dot takes longer than this) */
  {
    const gint64 t0 = g_get_monotonic_time ();
    g_assert_true (adj_document_set_program (document, "x = 3\ny = x^2\n"));
    g_assert_cmpint (g_get_monotonic_time () - t0, <, 50 * 1000);
  }
  g_assert_true (adj_document_get_laying_out (document));
  wait_idle (&w);
  g_assert_cmpuint (w.mismatches, ==, 0);
  g_assert_cmpuint (ag_graph_n_nodes (adj_document_get_graph (document)), ==, 3);
  g_assert_cmpuint (adj_document_get_layout (document)->boxes->len, ==, 3);
  g_assert_cmpfloat (value_of (document, "y"), ==, 9);
}

/* Opening a small file while Graphviz is still busy with a large layout: the document never
 * goes without a graph (it crashed on a NULL one), shows the new file's graph (an empty one
 * meanwhile, never the old file's), and ends on it. */
static void
test_load_while_laying_out (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = big_document (&w, -0.35);
  static const char file[] = "{\"format\": \"adjoint-graph\", \"version\": 1, "
                             "\"program\": \"a = 2\\nb = a * a\\n\"}";
  g_autoptr (GError) error = NULL;

  add_statement (document);
  g_usleep (50 * 1000);   /* the worker is inside Graphviz now */
  g_assert_true (adj_document_load_data (document, file, sizeof file - 1, "small.adjoint", &error));
  g_assert_no_error (error);
  g_assert_nonnull (adj_document_get_graph (document));
  g_assert_cmpuint (adj_document_get_layout (document)->boxes->len, ==,
                    ag_graph_n_nodes (adj_document_get_graph (document)));
  g_assert_cmpuint (ag_graph_n_nodes (adj_document_get_graph (document)), <=, 2);
  wait_idle (&w);
  g_assert_cmpuint (w.mismatches, ==, 0);
  g_assert_cmpuint (ag_graph_n_nodes (adj_document_get_graph (document)), ==, 2);
  g_assert_cmpfloat (value_of (document, "b"), ==, 4);
}

/* A node dragged while the new layout is made on a worker stays where it was dropped when that
 * layout arrives (the worker had a copy of the positions from before the drag). */
static void
test_drag_while_laying_out (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = big_document (&w, -0.35);
  AgId v9;
  const AdjBox *box;

  add_statement (document);
  v9 = ag_graph_lookup (adj_document_get_graph (document), "v9");
  adj_document_move_node (document, v9, 4321, 1234);
  wait_idle (&w);
  v9 = ag_graph_lookup (adj_document_get_graph (document), "v9");
  box = &g_array_index (adj_document_get_layout (document)->boxes, AdjBox, v9);
  g_assert_cmpfloat (box->x, ==, 4321);
  g_assert_cmpfloat (box->y, ==, 1234);
}

/* Wrapping lines in a def keeps every op and edge but adds a call: the layout is made again,
 * with the call's folded box (it was kept, without one, and its marks did not fit the calls). */
static void
test_def_wrap_relayouts (void)
{
  g_autoptr (AdjDocument) document = adj_document_new ();
  const AdjLayout *layout;
  guint serial;

  g_assert_true (adj_document_set_program (document, "x = 1\ny = sin(x) * x\n"));
  g_assert_null (adj_document_get_layout (document)->stands_for);
  serial = adj_document_get_layout_serial (document);
  g_assert_true (adj_document_set_program (document,
                                           "def f(a):\n    return sin(a) * a\nx = 1\ny = f(x)\n"));
  g_assert_cmpuint (ag_graph_n_nodes (adj_document_get_graph (document)), ==, 3);
  g_assert_cmpuint (adj_document_get_layout_serial (document), !=, serial);
  layout = adj_document_get_layout (document);
  g_assert_nonnull (layout->stands_for);
  g_assert_cmpuint (layout->stands_for[ag_graph_lookup (adj_document_get_graph (document), "y")],
                    ==, 0);
}

/* Typing makes a layout at each keystroke that parses: one waiting for its turn behind another
 * is skipped when a newer edit came meanwhile, so three quick edits make at most two layouts
 * (the one already running, and the last), not three. */
static void
test_waiting_layout_skipped (void)
{
  Watch w;
  g_autoptr (AdjDocument) document = big_document (&w, -0.35);
  g_autofree char *program = big_program (N_NODES, -0.35);
  g_autofree char *one = g_strconcat (program, "a = v9 + v10\n", NULL);
  g_autofree char *two = g_strconcat (program, "a = v9 + v10\nb = a * v11\n", NULL);
  g_autofree char *three = g_strconcat (program, "a = v9 + v10\nb = a * v11\nc = sin(b)\n", NULL);
  const guint made = adj_document_layouts_made ();

  /* A pause between keystrokes, so each layout's worker has started and is waiting. */
  g_assert_true (adj_document_set_program (document, one));
  g_usleep (10 * 1000);
  g_assert_true (adj_document_set_program (document, two));
  g_usleep (10 * 1000);
  g_assert_true (adj_document_set_program (document, three));
  wait_idle (&w);
  g_assert_cmpuint (adj_document_layouts_made () - made, <=, 2);
  g_assert_cmpuint (adj_document_layouts_made () - made, >=, 1);
  g_assert_cmpuint (ag_graph_lookup (adj_document_get_graph (document), "c"), !=, AG_NO_ID);
  g_assert_cmpuint (w.mismatches, ==, 0);
}

int
main (int argc, char **argv)
{
  lsan_ignore_glib_quark_block ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/document-layout/add-statement", test_add_statement);
  g_test_add_func ("/ui/document-layout/numbers-only", test_numbers_only);
  g_test_add_func ("/ui/document-layout/newer-edit-wins", test_newer_edit_wins);
  g_test_add_func ("/ui/document-layout/undo-while-laying-out", test_undo_while_laying_out);
  g_test_add_func ("/ui/document-layout/font-scale-while-laying-out", test_font_scale_while_laying_out);
  g_test_add_func ("/ui/document-layout/open-call-while-laying-out", test_open_call_while_laying_out);
  g_test_add_func ("/ui/document-layout/open-call-large", test_open_call_large);
  g_test_add_func ("/ui/document-layout/small-after-large", test_small_after_large);
  g_test_add_func ("/ui/document-layout/waiting-layout-skipped", test_waiting_layout_skipped);
  g_test_add_func ("/ui/document-layout/load-while-laying-out", test_load_while_laying_out);
  g_test_add_func ("/ui/document-layout/drag-while-laying-out", test_drag_while_laying_out);
  g_test_add_func ("/ui/document-layout/def-wrap-relayouts", test_def_wrap_relayouts);
  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
