/* test-document-captions.c: the document shows a lesson caption on the step it was written
 * for, by its anchor, when the program is edited (issue 15 item 5): lesson 05 with two lines
 * added above, an old numbered file, and a caption whose step was edited away (kept on save). */
#include <string.h>
#include "core/graph-file.h"
#include "ui/graph/adj-document.h"

#define LEGACY_05 \
  "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 3\\nz = x^2 + x\\n\", " \
  "\"captions\": {\"0\": \"two paths\", \"5\": \"the direct path\", \"6\": \"through x squared\"}}"

/* The position whose caption is @text, or -1; fails when two positions show it. */
static int
position_of (AdjDocument *doc, const char *text)
{
  int found = -1;

  for (guint k = 0; k <= adj_document_get_n_steps (doc); k++)
    if (g_strcmp0 (adj_document_get_caption (doc, k), text) == 0)
      {
        g_assert_cmpint (found, ==, -1);
        found = (int) k;
      }
  return found;
}

static void
test_lines_added_above (void)
{
  g_autoptr (AdjDocument) doc = adj_document_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) unplaced = NULL;
  g_autofree char *data = NULL;
  guint shown = 0;

  g_assert_true (adj_document_load_data (doc, LEGACY_05, strlen (LEGACY_05), "05", &error));
  g_assert_no_error (error);
  /* The old numbers are read against the file's own program. */
  g_assert_cmpint (position_of (doc, "the direct path"), ==, 5);
  g_assert_cmpint (position_of (doc, "through x squared"), ==, 6);
  g_assert_cmpstr (adj_document_get_caption_anchor (doc, 5), ==, "backward:z->x");

  adj_document_set_program (doc, "a = 2\nb = a * 5\nx = 3\nz = x^2 + x\n");
  g_assert_cmpuint (adj_document_get_n_steps (doc), ==, 7);   /* b is computed first; a is an input */
  g_assert_cmpint (position_of (doc, "two paths"), ==, 0);
  g_assert_cmpint (position_of (doc, "the direct path"), ==, 6);
  g_assert_cmpint (position_of (doc, "through x squared"), ==, 7);
  g_assert_cmpstr (adj_document_get_caption_anchor (doc, 6), ==, "backward:z->x");
  for (guint k = 0; k <= adj_document_get_n_steps (doc); k++)
    shown += adj_document_get_caption (doc, k) != NULL;
  g_assert_cmpuint (shown, ==, 3);    /* position 5 (now z → x²) shows none */
  g_assert_null (adj_document_get_caption (doc, 5));

  /* The direct path removed: its caption is kept, listed, shown nowhere, and saved. */
  adj_document_set_program (doc, "x = 3\nz = 2 * x^2\n");
  g_assert_cmpint (position_of (doc, "the direct path"), ==, -1);
  unplaced = adj_document_dup_unplaced_captions (doc);
  g_assert_cmpuint (unplaced->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (unplaced, 0), ==, "backward:z->x");
  data = adj_document_dup_data (doc, NULL);
  g_assert_nonnull (strstr (data, "\"backward:z->x\": \"the direct path\""));

  /* A caption written now is kept under its step's anchor. */
  g_assert_true (adj_document_set_caption (doc, 1, "x squared first"));
  g_free (data);
  data = adj_document_dup_data (doc, NULL);
  g_assert_nonnull (strstr (data, "\"forward:x^2\": \"x squared first\""));
}

/* A lecturer's questions are part of the graph file: a document with only questions still asks
 * before it is saved as program text, which would drop them. */
static void
test_questions_are_extras (void)
{
  static const char data[] =
    "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 3\\nz = x^2 + x\\n\", "
    "\"questions\": [{\"kind\": \"value\", \"step\": \"forward:z\"}]}";
  g_autoptr (AdjDocument) doc = adj_document_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (adj_document_load_data (doc, data, strlen (data), "q", &error));
  g_assert_no_error (error);
  g_assert_true (adj_document_has_graph_extras (doc));
  /* Plain program text has none. */
  g_assert_true (adj_document_load_data (doc, "x = 1\n", 6, "plain", &error));
  g_assert_no_error (error);
  g_assert_false (adj_document_has_graph_extras (doc));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/document/captions-follow-steps", test_lines_added_above);
  g_test_add_func ("/ui/document/questions-are-extras", test_questions_are_extras);
  return g_test_run ();
}
