/* bench-edit.c: R6–R8, edits of a 2,000-node program in a window (bench-edit.h). */
#include "app/cli/bench-edit.h"
#include "app/cli/bench-yardstick.h"
#include "ui/graph/adj-document.h"
#include "ui/graph/adj-document-widget.h"
#include "ui/graph/adj-graph-view.h"
#include "ui/graph/adj-inspector.h"
#include "ui/graph/adj-timeline.h"

#include <gtk/gtk.h>
#include <math.h>
#include <time.h>

#define N_NODES 1999u   /* one statement more is ADJ_DOCUMENT_MAX_NODES */

/* The program: four inputs (x1's value is @x1), then layers four wide, each node the sum or
 * difference of two of the layer before, as a deep network's scalar graph is: every input reaches
 * every node of the last layers. (R1's tangled DAG, each node on one of the ten before it, is
 * the hard case for dot: at 2,000 nodes it takes half a minute, a layout question for the
 * engine; this one takes about a second, as the measurement did.) */
static char *
edit_program (double x1, gboolean extra)
{
  GString *s = g_string_new ("# adjoint bench: R6-R8\n");
  guint n = 4;

  g_string_append_printf (s, "x1 = %.2f\nx2 = 0.2\nx3 = 0.3\nx4 = 0.4\n", x1);
  for (guint layer = 1; n < N_NODES; layer++)
    for (guint j = 0; j < 4 && n < N_NODES; j++, n++)
      {
        char a[16], b[16];
        g_snprintf (a, sizeof a, layer == 1 ? "x%u" : "h%u_%u", layer == 1 ? j + 1 : layer - 1, j);
        g_snprintf (b, sizeof b, layer == 1 ? "x%u" : "h%u_%u", layer == 1 ? (j + 1) % 4 + 1 : layer - 1,
                    (j + 1) % 4);
        g_string_append_printf (s, "h%u_%u = %s %s %s\n", layer, j, a, j % 2 ? "-" : "+", b);
      }
  if (extra)
    g_string_append (s, "extra = h200_1 * h400_2\n");
  return g_string_free (s, FALSE);
}

/* The main thread's longest stretch away from its poll, while measuring: the time from poll()
 * returning to the next call is time nothing else could be handled. Also the thread's CPU time
 * in its busiest stretch: on a loaded machine the wall clock counts time the thread waited for
 * a core, which the CPU time does not. */
static GPollFunc default_poll;
static gint64 awake_since, cpu_since, longest, longest_cpu;
static gboolean measuring;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_GINT64_CONSTANT (1000000) + ts.tv_nsec / 1000;
}

static gint
stall_poll (GPollFD *fds, guint n_fds, gint timeout)
{
  gint r;

  if (measuring && awake_since)
    {
      longest = MAX (longest, g_get_monotonic_time () - awake_since);
      longest_cpu = MAX (longest_cpu, thread_cpu_us () - cpu_since);
    }
  r = default_poll (fds, n_fds, timeout);
  awake_since = g_get_monotonic_time ();
  cpu_since = thread_cpu_us ();
  return r;
}

typedef struct {
  AdjDocument *doc;
  const char  *text;          /* the edit's program */
  gint64       t_edit;        /* when the edit was made */
  gint64       t_drawn;       /* the first frame after it with what it asked for, or 0 */
  guint        serial;        /* the layout serial before the edit */
  gboolean     new_layout;    /* wait for a new layout, not only new values */
  gboolean     changed;       /* ::graph-changed since the edit */
} Edit;

static gboolean
edit_cb (gpointer data)
{
  Edit *e = data;

  e->t_edit = g_get_monotonic_time ();
  adj_document_set_program (e->doc, e->text);
  return G_SOURCE_REMOVE;
}

static void
graph_changed_cb (AdjDocument *doc, Edit *e)
{
  e->changed = TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock, Edit *e)
{
  if (e->t_drawn || !e->changed || e->t_edit == 0)
    return;
  if (e->new_layout && adj_document_get_layout_serial (e->doc) == e->serial)
    return;
  e->t_drawn = g_get_monotonic_time ();
}

/* Makes edit @e from the main loop and turns it until its frame is drawn (at most 60 s), then
 * @settle seconds more. Returns the ms from the edit to that frame. */
static double
run_edit (Edit *e, double settle)
{
  const gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  e->serial = adj_document_get_layout_serial (e->doc);
  e->t_edit = e->t_drawn = 0;
  e->changed = FALSE;
  g_idle_add_full (G_PRIORITY_DEFAULT, edit_cb, e, NULL);
  while (e->t_drawn == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  adj_bench_spin (settle);
  return e->t_drawn ? (e->t_drawn - e->t_edit) / 1e3 : NAN;
}

static int
compare_doubles (const void *a, const void *b)
{
  const double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
summarise (AdjBenchEdit *out, guint r, double *v, guint n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  out->value[r] = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  out->min[r] = v[0];
  out->max[r] = v[n - 1];
  out->samples[r] = n;
}

void
adj_bench_edit_run (gboolean quick, AdjBenchEdit *out)
{
  const guint n6 = quick ? 3 : 21, n78 = quick ? 2 : 8;
  g_autofree char *base = edit_program (-0.35, FALSE), *more = edit_program (-0.35, TRUE);
  g_autofree char *nudged = edit_program (-0.34, FALSE);
  g_autofree double *r6 = g_new (double, n6), *r7 = g_new (double, n78), *r8 = g_new (double, n78);
  g_autofree double *r7_cpu = g_new (double, n78);
  g_autoptr (AdjDocument) doc = NULL;
  GtkWidget *window, *box, *view, *timeline, *inspector;
  GdkFrameClock *clock;
  Edit e = { 0 };
  gulong paint_id, changed_id;

  *out = (AdjBenchEdit) { { NAN, NAN, NAN }, { NAN, NAN, NAN }, { NAN, NAN, NAN } };
  g_setenv ("GTK_A11Y", "none", FALSE);
  if (!gtk_init_check ())
    {
      out->skipped = g_strdup ("no display: run it on a desktop, or under xvfb-run for a software-rendered figure");
      for (guint r = 0; r < 3; r++)
        out->checksum[r] = g_strdup ("skipped");
      return;
    }
  doc = adj_document_new ();
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "adjoint bench: R6-R8");
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  view = adj_graph_view_new ();
  gtk_widget_set_hexpand (view, TRUE);
  adj_graph_view_set_document (ADJ_GRAPH_VIEW (view), doc);
  timeline = adj_timeline_new ();
  adj_document_widget_set_document (ADJ_DOCUMENT_WIDGET (timeline), doc);
  inspector = adj_inspector_new ();
  adj_document_widget_set_document (ADJ_DOCUMENT_WIDGET (inspector), doc);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), timeline);
  gtk_box_append (GTK_BOX (box), inspector);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  e.doc = doc;
  changed_id = g_signal_connect (doc, "graph-changed", G_CALLBACK (graph_changed_cb), &e);
  adj_bench_spin (0.2);
  clock = gtk_widget_get_frame_clock (window);
  g_assert (clock != NULL);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &e);
  /* The program first, laid out, and one node selected, as someone reading it has. */
  e.text = base;
  e.new_layout = TRUE;
  run_edit (&e, 0.5);
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "h300_1"));
  adj_bench_spin (0.3);

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, stall_poll);
  /* R7, R8: add the statement, take it away, and again; until the nodes have stopped moving. */
  for (guint i = 0; i < n78; i++)
    {
      e.text = i % 2 ? base : more;
      longest = longest_cpu = 0;
      measuring = TRUE;
      r8[i] = run_edit (&e, 0.6);
      measuring = FALSE;
      r7[i] = longest / 1e3;
      r7_cpu[i] = longest_cpu / 1e3;
    }
  out->checksum[2] = g_strdup_printf ("the layout of %u nodes, %u edges, layout %u",
                                      ag_graph_n_nodes (adj_document_get_graph (doc)),
                                      adj_document_get_layout (doc)->edges->len,
                                      adj_document_get_layout_serial (doc));
  qsort (r7_cpu, n78, sizeof *r7_cpu, compare_doubles);
  out->checksum[1] = g_strdup_printf ("%s; the busiest stretch's main-thread CPU time %.3g ms [%.3g … %.3g]",
                                      out->checksum[2], r7_cpu[n78 / 2], r7_cpu[0], r7_cpu[n78 - 1]);
  /* R6: x1 from -0.35 to -0.34 and back: the layout stays, the values are new. */
  e.new_layout = FALSE;
  for (guint i = 0; i < n6; i++)
    {
      e.text = i % 2 ? base : nudged;
      r6[i] = run_edit (&e, 0.05);
    }
  {
    AgGraph *g = adj_document_get_graph (doc);
    out->checksum[0] = g_strdup_printf ("x1 = %g: %u nodes, the output %.17g, layout %u",
                                        ag_graph_value (g, ag_graph_lookup (g, "x1"))[0], ag_graph_n_nodes (g),
                                        ag_graph_value (g, g->output)[0], adj_document_get_layout_serial (doc));
  }
  g_main_context_set_poll_func (NULL, default_poll);
  summarise (out, 0, r6, n6);
  summarise (out, 1, r7, n78);
  summarise (out, 2, r8, n78);

  g_signal_handler_disconnect (clock, paint_id);
  g_signal_handler_disconnect (doc, changed_id);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
adj_bench_edit_clear (AdjBenchEdit *out)
{
  for (guint r = 0; r < 3; r++)
    g_clear_pointer (&out->checksum[r], g_free);
  g_clear_pointer (&out->skipped, g_free);
}
