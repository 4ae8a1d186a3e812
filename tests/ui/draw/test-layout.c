/* test-layout.c: Graphviz layout keeps no memory per layout, and layouts from two threads at
 * once give the same boxes as one at a time. */
#include "core/program.h"
#include "ui/draw/adj-layout.h"

#include <malloc.h>

#if defined (__SANITIZE_ADDRESS__)
size_t __sanitizer_get_current_allocated_bytes (void);
#endif

#define PROGRAM "param W = [[0.5, -1], [2, 0.25]]\nx = [1, 2]\nh = relu(W @ x)\n" \
                "b = 3\ny = sum(h * b) + b ^ 2"

/* Bytes the program holds on the heap now. malloc's own count without ASan; ASan's
 * allocator keeps its own, and its quarantine would make a process's size meaningless. */
static gsize
heap_in_use (void)
{
#if defined (__SANITIZE_ADDRESS__)
  return __sanitizer_get_current_allocated_bytes ();
#else
  return mallinfo2 ().uordblks;
#endif
}

static AgGraph *
parse (void)
{
  g_autoptr (GError) error = NULL;
  AgGraph *graph = ag_program_parse (PROGRAM, -1, &error);

  g_assert_no_error (error);
  return graph;
}

static void
lay_out_once (const AgGraph *graph)
{
  g_autoptr (GError) error = NULL;
  AdjLayout *layout = adj_layout_new (graph, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layout);
  adj_layout_free (layout);
}

/* A context per layout leaked about 3.6 KB each (libgvc's plugin tables), 700 KB over 200
 * layouts; one context for the process keeps the heap flat. The first layouts load the dot
 * plugin and its caches, so they come before the first count. */
static void
test_layout_memory_flat (void)
{
  AgGraph *graph = parse ();
  gsize before, after;

  for (guint i = 0; i < 5; i++)
    lay_out_once (graph);
  before = heap_in_use ();
  for (guint i = 0; i < 200; i++)
    lay_out_once (graph);
  after = heap_in_use ();
  g_test_message ("heap before %" G_GSIZE_FORMAT ", after %" G_GSIZE_FORMAT, before, after);
  g_assert_cmpuint (after, <=, before + 32 * 1024);
  ag_graph_free (graph);
}

static gpointer
lay_out_many (gpointer data)
{
  const AgGraph *graph = data;
  AdjLayout *first = adj_layout_new (graph, NULL);

  for (guint i = 0; i < 20; i++)
    {
      AdjLayout *again = adj_layout_new (graph, NULL);
      g_assert_nonnull (again);
      g_assert_cmpuint (again->boxes->len, ==, first->boxes->len);
      for (guint k = 0; k < first->boxes->len; k++)
        g_assert_cmpmem (&g_array_index (again->boxes, AdjBox, k), sizeof (AdjBox),
                         &g_array_index (first->boxes, AdjBox, k), sizeof (AdjBox));
      adj_layout_free (again);
    }
  return first;
}

/* Graphviz keeps global state, so layouts take turns; from two threads at once each still
 * gets the layout it gets alone. */
static void
test_layout_threads (void)
{
  AgGraph *graph = parse ();
  AdjLayout *alone = adj_layout_new (graph, NULL);
  GThread *threads[2];

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("layout", lay_out_many, graph);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      AdjLayout *got = g_thread_join (threads[t]);
      g_assert_cmpuint (got->boxes->len, ==, alone->boxes->len);
      g_assert_cmpmem (got->boxes->data, got->boxes->len * sizeof (AdjBox),
                       alone->boxes->data, alone->boxes->len * sizeof (AdjBox));
      adj_layout_free (got);
    }
  adj_layout_free (alone);
  ag_graph_free (graph);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layout/memory-flat", test_layout_memory_flat);
  g_test_add_func ("/layout/threads", test_layout_threads);
  return g_test_run ();
}
