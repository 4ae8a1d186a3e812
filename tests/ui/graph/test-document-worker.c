/* test-document-worker.c: AdjDocument runs a heavy program on a worker thread (issue 17, item 8):
 * the edit returns at once with :busy set, the main loop keeps turning, the result arrives
 * later, and a newer edit wins over one still running. Small programs run inline, as always. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include "tests/lsan-glib.h"
#include <string.h>
#include "core/graph.h"
#include "ui/graph/adj-document.h"

/* 768³ ≈ 4.5e8 multiply-adds forwards, twice that backwards: far past the inline threshold,
 * yet a fraction of a second, so the suite stays quick on a busy machine. */
#define HEAVY_N 768
#define HEAVY "param W = ones(768, 768)\ny = sum(W @ W)"
#define HEAVY_TWICE "param W = ones(768, 768)\ny = 2 * sum(W @ W)"
#define SMALL "x = 3\ny = x^2"

typedef struct {
  guint graph_changed;   /* ::graph-changed emissions */
  guint busy_notes;      /* notify::busy emissions */
  guint ticks_busy;      /* main-loop ticks seen while :busy was TRUE */
} Counts;

static void
graph_changed_cb (AdjDocument *document, Counts *counts)
{
  counts->graph_changed++;
}

static void
busy_cb (AdjDocument *document, GParamSpec *pspec, Counts *counts)
{
  counts->busy_notes++;
}

static AdjDocument *
new_document (Counts *counts)
{
  AdjDocument *document = adj_document_new ();

  g_signal_connect (document, "graph-changed", G_CALLBACK (graph_changed_cb), counts);
  g_signal_connect (document, "notify::busy", G_CALLBACK (busy_cb), counts);
  return document;
}

typedef struct {
  AdjDocument *document;
  Counts      *counts;
} Tick;

static gboolean
tick_cb (gpointer data)
{
  Tick *tick = data;

  if (adj_document_get_busy (tick->document))
    tick->counts->ticks_busy++;
  return G_SOURCE_CONTINUE;
}

/* Turns the main loop until no evaluation is in flight and every worker has let go of the
 * document (a GTask holds its source object until its callback has run), or fails after 120 s.
 * A 5 ms tick counts the turns made while :busy was TRUE. */
static void
wait_idle (AdjDocument *document, Counts *counts)
{
  Tick tick = { document, counts };
  const gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  const guint source = g_timeout_add (5, tick_cb, &tick);

  while (adj_document_get_busy (document) || g_atomic_int_get (&G_OBJECT (document)->ref_count) > 1)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_source_remove (source);
}

static double
output_value (AdjDocument *document)
{
  AgGraph *g = adj_document_get_graph (document);

  g_assert_cmpuint (g->output, !=, AG_NO_ID);
  return ag_graph_value (g, g->output)[0];
}

/* A lesson-sized program runs inline: the graph is there on return, :busy never changes. */
static void
test_small_inline (void)
{
  Counts counts = { 0 };
  g_autoptr (AdjDocument) document = new_document (&counts);

  g_assert_true (adj_document_set_program (document, SMALL));
  g_assert_cmpuint (counts.graph_changed, ==, 1);
  g_assert_cmpfloat (output_value (document), ==, 9);
  g_assert_false (adj_document_get_busy (document));
  g_assert_cmpuint (counts.busy_notes, ==, 0);
}

/* Every bundled lesson runs inline: opening one, the graph is there on return and :busy never
 * changes, as before workers existed. */
static void
test_examples_inline (void)
{
  const char *dir = g_getenv ("ADJOINT_EXAMPLES_DIR");
  g_autoptr (GDir) listing = NULL;
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);   /* set by meson; run through `meson test` */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)))
    {
      Counts counts = { 0 };
      g_autoptr (AdjDocument) document = NULL;
      g_autoptr (GFile) file = NULL;
      g_autoptr (GError) error = NULL;

      if (!g_str_has_suffix (name, ".adjoint"))
        continue;
      document = new_document (&counts);
      file = g_file_new_build_filename (dir, name, NULL);
      g_assert_true (adj_document_load (document, file, &error));
      g_assert_no_error (error);
      g_assert_false (adj_document_get_busy (document));
      g_assert_cmpuint (counts.busy_notes, ==, 0);
      g_assert_cmpuint (counts.graph_changed, ==, 1);
      n++;
    }
  g_assert_cmpuint (n, >, 10);
}

/* A heavy edit returns before its run: the old graph stays, :busy is TRUE, the main loop turns
 * while it runs, and then the new graph, trace and layout arrive together. */
static void
test_heavy_in_background (void)
{
  Counts counts = { 0 };
  g_autoptr (AdjDocument) document = new_document (&counts);
  const double expected = (double) HEAVY_N * HEAVY_N * HEAVY_N;

  g_assert_true (adj_document_set_program (document, SMALL));
  g_assert_true (adj_document_set_program (document, HEAVY));
  /* Not run yet: the small program's graph is still the one shown. */
  g_assert_cmpuint (counts.graph_changed, ==, 1);
  g_assert_true (adj_document_get_busy (document));
  g_assert_cmpfloat (output_value (document), ==, 9);
  g_assert_null (adj_document_get_error (document));

  wait_idle (document, &counts);
  g_assert_cmpuint (counts.ticks_busy, >, 0);
  g_assert_false (adj_document_get_busy (document));
  g_assert_cmpuint (counts.busy_notes, ==, 2);
  g_assert_cmpuint (counts.graph_changed, ==, 2);
  g_assert_cmpfloat (output_value (document), ==, expected);
  /* W̄ = 2 · 768 in every element (W is on both sides), and the player shows the result. */
  {
    AgGraph *g = adj_document_get_graph (document);
    const AgId w = ag_graph_lookup (g, "W");
    g_assert_cmpfloat (ag_graph_grad (g, w)[0], ==, 2.0 * HEAVY_N);
  }
  g_assert_cmpuint (adj_document_get_step (document), ==, adj_document_get_n_steps (document));
  g_assert_cmpuint (adj_document_get_layout (document)->boxes->len, ==,
                    ag_graph_n_nodes (adj_document_get_graph (document)));

  /* A mode change on the heavy graph runs on the worker as well. */
  adj_document_set_mode (document, ADJ_MODE_FORWARD);
  g_assert_true (adj_document_get_busy (document));
  wait_idle (document, &counts);
  g_assert_cmpuint (counts.graph_changed, ==, 3);
  g_assert_null (adj_document_get_run_note (document));
  g_assert_cmpfloat (output_value (document), ==, expected);
}

/* Opening a heavy file shows an empty graph until its run arrives, never the old file's graph
 * under the new text; meanwhile an input's value cannot be rewritten (its literal is not where
 * the old graph says). */
static void
test_heavy_load (void)
{
  Counts counts = { 0 };
  g_autoptr (AdjDocument) document = new_document (&counts);
  g_autoptr (GError) error = NULL;

  g_assert_true (adj_document_set_program (document, "x = 3\ny = x^2"));
  g_assert_true (adj_document_load_data (document, HEAVY, strlen (HEAVY), "heavy.txt", &error));
  g_assert_no_error (error);
  g_assert_true (adj_document_get_busy (document));
  g_assert_cmpuint (ag_graph_n_nodes (adj_document_get_graph (document)), ==, 0);
  g_assert_cmpuint (adj_document_get_n_steps (document), ==, 0);
  g_assert_false (adj_document_get_modified (document));
  g_assert_false (adj_document_set_input_value (document, 0, 0, 2.0));
  wait_idle (document, &counts);
  g_assert_cmpfloat (output_value (document), ==, (double) HEAVY_N * HEAVY_N * HEAVY_N);
  g_assert_cmpuint (adj_document_get_step (document), ==, 0);   /* a file opens at its step */
  g_assert_false (adj_document_get_modified (document));
}

/* Two heavy edits in a row: only the second one's result is installed. */
static void
test_newer_heavy_edit_wins (void)
{
  Counts counts = { 0 };
  g_autoptr (AdjDocument) document = new_document (&counts);

  g_assert_true (adj_document_set_program (document, HEAVY));
  g_assert_true (adj_document_set_program (document, HEAVY_TWICE));
  g_assert_cmpuint (counts.graph_changed, ==, 0);
  wait_idle (document, &counts);
  g_assert_cmpuint (counts.graph_changed, ==, 1);
  g_assert_cmpfloat (output_value (document), ==, 2.0 * HEAVY_N * HEAVY_N * HEAVY_N);
  g_assert_cmpstr (adj_document_get_program (document), ==, HEAVY_TWICE);
}

/* A small edit after a heavy one is installed at once, and the heavy result, arriving later,
 * is dropped. So is one overtaken by a load. */
static void
test_newer_small_edit_wins (void)
{
  Counts counts = { 0 };
  g_autoptr (AdjDocument) document = new_document (&counts);

  g_assert_true (adj_document_set_program (document, HEAVY));
  g_assert_true (adj_document_get_busy (document));
  g_assert_true (adj_document_set_program (document, SMALL));
  g_assert_false (adj_document_get_busy (document));
  g_assert_cmpuint (counts.graph_changed, ==, 1);
  g_assert_cmpfloat (output_value (document), ==, 9);
  wait_idle (document, &counts);     /* the heavy worker has finished and been ignored */
  g_assert_cmpuint (counts.graph_changed, ==, 1);
  g_assert_cmpfloat (output_value (document), ==, 9);

  g_assert_true (adj_document_set_program (document, HEAVY));
  g_assert_true (adj_document_load_data (document, SMALL, strlen (SMALL), "small.txt", NULL));
  g_assert_false (adj_document_get_busy (document));
  wait_idle (document, &counts);
  g_assert_cmpfloat (output_value (document), ==, 9);
  g_assert_cmpstr (adj_document_get_program (document), ==, SMALL);
}

/* A program that does not parse while a heavy one runs: the error shows at once, and the
 * heavy result (the last good program) still arrives, as the last good graph always stays. */
static void
test_error_keeps_heavy_result (void)
{
  Counts counts = { 0 };
  g_autoptr (AdjDocument) document = new_document (&counts);

  g_assert_true (adj_document_set_program (document, HEAVY));
  g_assert_false (adj_document_set_program (document, HEAVY "\nz = ("));
  g_assert_nonnull (adj_document_get_error (document));
  wait_idle (document, &counts);
  g_assert_cmpuint (counts.graph_changed, ==, 1);
  g_assert_cmpfloat (output_value (document), ==, (double) HEAVY_N * HEAVY_N * HEAVY_N);
  g_assert_nonnull (adj_document_get_error (document));
}

int
main (int argc, char **argv)
{
  lsan_ignore_glib_quark_block ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/document-worker/small-inline", test_small_inline);
  g_test_add_func ("/ui/document-worker/examples-inline", test_examples_inline);
  g_test_add_func ("/ui/document-worker/heavy-in-background", test_heavy_in_background);
  g_test_add_func ("/ui/document-worker/heavy-load", test_heavy_load);
  g_test_add_func ("/ui/document-worker/newer-heavy-edit-wins", test_newer_heavy_edit_wins);
  g_test_add_func ("/ui/document-worker/newer-small-edit-wins", test_newer_small_edit_wins);
  g_test_add_func ("/ui/document-worker/error-keeps-heavy-result", test_error_keeps_heavy_result);
  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
