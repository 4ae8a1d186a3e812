/* test-caption-anchor.c: captions anchored to what a step does stay on their steps when the
 * program is edited (issue 15 item 5); old numbered captions load; unplaced ones are kept. */
#include "core/autograd.h"
#include "core/caption-anchor.h"
#include "core/graph-file.h"
#include "core/program.h"

#include <string.h>

/* Lesson 05 as the shipped file had it: captions by player position. */
#define LESSON_05 "x = 3\nz = x^2 + x\n"
#define LEGACY_05 \
  "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 3\\nz = x^2 + x\\n\", " \
  "\"captions\": {\"0\": \"two paths\", \"5\": \"the direct path\", \"6\": \"through x squared\", " \
  "\"99\": \"past the end\"}}"

typedef struct {
  AgGraph *graph;
  AgTrace *trace;
  GPtrArray *anchors;
} Run;

static void
run_program (Run *r, const char *program)
{
  g_autoptr (GError) error = NULL;

  r->graph = ag_program_parse (program, -1, &error);
  g_assert_no_error (error);
  r->trace = ag_trace_new ();
  g_assert_true (ag_graph_run (r->graph, r->trace, &error));
  r->anchors = ag_caption_anchors_new (r->trace, r->graph);
}

static void
run_clear (Run *r)
{
  ag_graph_free (r->graph);
  ag_trace_free (r->trace);
  g_ptr_array_unref (r->anchors);
}

static void
test_lesson_05 (void)
{
  static const char *const expected[] = {
    "start", "forward:x^2", "forward:z", "seed:z", "backward:z->x^2", "backward:z->x",
    "backward:x^2->x",
  };
  Run r;

  run_program (&r, LESSON_05);
  g_assert_cmpuint (r.anchors->len, ==, G_N_ELEMENTS (expected));
  for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
    g_assert_cmpstr (g_ptr_array_index (r.anchors, k), ==, expected[k]);
  g_assert_cmpint (ag_caption_anchors_find (r.anchors, "backward:z->x"), ==, 5);
  g_assert_cmpint (ag_caption_anchors_find (r.anchors, "backward:z->y"), ==, -1);
  run_clear (&r);
}

/* dot(x, x) sends to x twice: the second step with the same name is "#2". */
static void
test_repeated_steps (void)
{
  Run r;

  run_program (&r, "x = [0, 1, 2, 3]\ny = 2 * dot(x, x)\n");
  g_assert_cmpint (ag_caption_anchors_find (r.anchors, "backward:dot(x, x)->x"), ==, 5);
  g_assert_cmpint (ag_caption_anchors_find (r.anchors, "backward:dot(x, x)->x#2"), ==, 6);
  for (guint i = 0; i < r.anchors->len; i++)   /* every anchor unique */
    g_assert_cmpint (ag_caption_anchors_find (r.anchors, g_ptr_array_index (r.anchors, i)), ==, i);
  run_clear (&r);
}

static void
test_legacy_keys (void)
{
  g_assert_true (ag_caption_key_is_legacy ("0", NULL));
  g_assert_true (ag_caption_key_is_legacy ("15", NULL));
  g_assert_false (ag_caption_key_is_legacy ("01", NULL));
  g_assert_false (ag_caption_key_is_legacy ("start", NULL));
  g_assert_false (ag_caption_key_is_legacy ("forward:h1", NULL));
  g_assert_false (ag_caption_key_is_legacy ("4294967296", NULL));
}

/* An old file's numbered captions are placed on the steps of its own program; one past the
 * end stays a number, kept and listed as unplaced, shown on no step. */
static void
test_old_file_loads (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_load_from_data (LEGACY_05, strlen (LEGACY_05), &error);
  g_autoptr (GPtrArray) unplaced = NULL;
  Run r;

  g_assert_no_error (error);
  run_program (&r, doc->program);
  g_assert_cmpuint (ag_graph_file_anchor_captions (doc, r.anchors), ==, 3);
  g_assert_cmpstr (ag_graph_file_get_caption (doc, "start"), ==, "two paths");
  g_assert_cmpstr (ag_graph_file_get_caption (doc, "backward:z->x"), ==, "the direct path");
  g_assert_cmpstr (ag_graph_file_get_caption (doc, "backward:x^2->x"), ==, "through x squared");
  g_assert_cmpstr (ag_graph_file_get_caption (doc, "99"), ==, "past the end");
  g_assert_null (ag_graph_file_get_caption (doc, "5"));
  unplaced = ag_graph_file_unplaced_captions (doc, r.anchors);
  g_assert_cmpuint (unplaced->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (unplaced, 0), ==, "99");
  for (guint k = 0; k < r.anchors->len; k++)
    g_assert_cmpstr (ag_graph_file_caption_at (doc, r.anchors, k), !=, "past the end");
  run_clear (&r);
}

/* Lesson 05 with two lines added above (the screenshot): ids shift, but each caption
 * is shown at the step that does what it was written for, and on no other. */
static void
test_lines_added_above (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_load_from_data (LEGACY_05, strlen (LEGACY_05), &error);
  Run before, after;
  guint shown = 0;

  g_assert_no_error (error);
  run_program (&before, doc->program);
  ag_graph_file_anchor_captions (doc, before.anchors);
  run_program (&after, "a = 2\nb = a * 5\n" LESSON_05);
  g_assert_cmpuint (after.anchors->len, >, before.anchors->len);
  for (guint k = 0; k < after.anchors->len; k++)
    {
      const char *caption = ag_graph_file_caption_at (doc, after.anchors, k);
      int was;

      if (caption == NULL)
        continue;
      shown++;
      /* The same anchor before the edit had the same caption, at another position. */
      was = ag_caption_anchors_find (before.anchors, g_ptr_array_index (after.anchors, k));
      g_assert_cmpint (was, >=, 0);
      g_assert_cmpstr (ag_graph_file_caption_at (doc, before.anchors, was), ==, caption);
      if (k > 0)
        {
          const AgStep *s = ag_trace_step (after.trace, k - 1), *t = ag_trace_step (before.trace, was - 1);
          g_assert_cmpint (s->kind, ==, t->kind);
          g_assert_cmpstr (ag_graph_display_name (after.graph, s->to), ==,
                           ag_graph_display_name (before.graph, t->to));
          g_assert_cmpstr (ag_graph_display_name (after.graph, s->from), ==,
                           ag_graph_display_name (before.graph, t->from));
        }
    }
  g_assert_cmpuint (shown, ==, 3);
  /* Position 5 now is not the direct path's step, and shows no caption of it. */
  g_assert_cmpstr (ag_graph_file_caption_at (doc, after.anchors, 5), !=, "the direct path");
  run_clear (&before);
  run_clear (&after);
}

/* A caption whose step was edited away is kept through a save, in step order after the rest. */
static void
test_unplaced_kept_on_save (void)
{
  g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
  g_autoptr (AgGraphFile) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  Run r;

  ag_graph_file_set_program (doc, LESSON_05);
  ag_graph_file_set_caption (doc, "backward:x^2->x", "second");
  ag_graph_file_set_caption (doc, "forward:gone", "was for a deleted line");
  ag_graph_file_set_caption (doc, "start", "first");
  run_program (&r, LESSON_05);
  ag_graph_file_set_caption_order (doc, r.anchors);
  data = ag_graph_file_to_data (doc, &length);
  g_assert_nonnull (strstr (data, "\"captions\": {\n    \"start\": \"first\",\n"
                                  "    \"backward:x^2->x\": \"second\",\n"
                                  "    \"forward:gone\": \"was for a deleted line\"\n  }"));
  back = ag_graph_file_load_from_data (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ag_graph_file_get_caption (back, "forward:gone"), ==, "was for a deleted line");
  g_assert_cmpstr (ag_graph_file_caption_at (back, r.anchors, 6), ==, "second");
  run_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/caption-anchor/lesson-05", test_lesson_05);
  g_test_add_func ("/core/caption-anchor/repeated-steps", test_repeated_steps);
  g_test_add_func ("/core/caption-anchor/legacy-keys", test_legacy_keys);
  g_test_add_func ("/core/caption-anchor/old-file-loads", test_old_file_loads);
  g_test_add_func ("/core/caption-anchor/lines-added-above", test_lines_added_above);
  g_test_add_func ("/core/caption-anchor/unplaced-kept-on-save", test_unplaced_kept_on_save);
  return g_test_run ();
}
