/* test-document-big.c: the window takes graphs of up to 10,000 nodes (issue 19): one loads in a
 * document, within a generous bound, and is laid out by sfdp with a box for every node and a
 * note for the canvas to show; one node more is refused. */
#include "ui/graph/adj-document.h"

/* @n nodes: two inputs, then one op per line on the line before and one up to ten back. */
static char *
tangled_program (guint n)
{
  GString *s = g_string_new ("v0 = 0.5\nv1 = 0.25\n");

  for (guint i = 2; i < n; i++)
    g_string_append_printf (s, i % 4 == 3 ? "v%u = tanh(v%u)\n" : "v%u = v%u * v%u\n", i, i - 1,
                            i - 2 - (i * 7919) % MIN (i - 1, 9));
  return g_string_free (s, FALSE);
}

/* Turns the main loop until the document's layout has @n boxes (a layout may arrive from a
 * worker) or @seconds pass. */
static gboolean
wait_for_layout (AdjDocument *doc, guint n, double seconds)
{
  const gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      const AdjLayout *layout = adj_document_get_layout (doc);
      if (!adj_document_get_busy (doc) && layout && layout->boxes->len == n && layout->width > 0)
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  return FALSE;
}

static void
test_document_10k (void)
{
  g_autoptr (AdjDocument) doc = adj_document_new ();
  g_autofree char *program = tangled_program (ADJ_DOCUMENT_MAX_NODES);
  const gint64 t0 = g_get_monotonic_time ();
  const AdjLayout *layout;
  guint drawn_w = 0;

  g_assert_cmpuint (ADJ_DOCUMENT_MAX_NODES, ==, 10000);
  g_assert_true (adj_document_set_program (doc, program));
  g_assert_null (adj_document_get_error (doc));
  /* Seconds here (sfdp); 120 s is a bound for a loaded machine under sanitizers, not a target. */
  g_assert_true (wait_for_layout (doc, 10000, 120));
  g_test_message ("10,000 nodes loaded and laid out in %.1f s",
                  (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (ag_graph_n_nodes (adj_document_get_graph (doc)), ==, 10000);
  layout = adj_document_get_layout (doc);
  g_assert_cmpint (layout->engine, ==, ADJ_LAYOUT_SFDP);
  g_assert_nonnull (layout->note);
  for (guint i = 0; i < layout->boxes->len; i++)
    drawn_w += g_array_index (layout->boxes, AdjBox, i).w > 0;
  g_assert_cmpuint (drawn_w, ==, 10000);   /* a box for every node */
}

/* One node past the limit is refused like a typo. */
static void
test_document_over_limit (void)
{
  g_autoptr (AdjDocument) doc = adj_document_new ();
  g_autofree char *program = tangled_program (ADJ_DOCUMENT_MAX_NODES + 1);

  g_assert_false (adj_document_set_program (doc, program));
  g_assert_error ((GError *) adj_document_get_error (doc), AG_ERROR, AG_ERROR_LIMIT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/document/big/10k", test_document_10k);
  g_test_add_func ("/document/big/over-limit", test_document_over_limit);
  return g_test_run ();
}
