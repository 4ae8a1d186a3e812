/* test-cli-fold.c: `adjoint trace --fold` and `adjoint export --fold` (issue 18 item 2): folded,
 * a call is one forward step and one backward step per argument; --fold none gives every
 * inner step; without --fold the file's view.open decides; the contributions into each node
 * add up to the same in both; a bad --fold is refused; export draws both. */
#include "tests/app/cli-harness.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define PROGRAM "def sq(a):\n    b = a * a\n    return b + a\nx = 3\ny = sq(x)\nz = sq(y)\n"

/* The steps of `trace --json` output. */
static JsonArray *
steps_of (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "steps");
}

/* The sum of the backward contributions into the node named @to. */
static double
sum_into (JsonArray *steps, const char *to)
{
  double sum = 0;

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);
      if (strcmp (json_object_get_string_member (s, "kind"), "backward") == 0
          && strcmp (json_object_get_string_member (s, "to"), to) == 0)
        sum += json_object_get_double_member (s, "contribution");
    }
  return sum;
}

static void
test_trace_fold (void)
{
  g_auto (Run) folded = run ("trace", "-e", PROGRAM, NULL);
  g_auto (Run) all = run ("trace", "--fold", "all", "-e", PROGRAM, NULL);
  g_auto (Run) none = run ("trace", "--fold", "none", "-e", PROGRAM, NULL);
  g_auto (Run) jf = run ("trace", "--json", "--fold", "all", "-e", PROGRAM, NULL);
  g_auto (Run) jn = run ("trace", "--json", "--fold", "none", "-e", PROGRAM, NULL);
  g_auto (Run) bad = run ("trace", "--fold", "some", "-e", PROGRAM, NULL);
  g_autoptr (JsonParser) pf = json_parser_new ();
  g_autoptr (JsonParser) pn = json_parser_new ();
  JsonArray *sf, *sn;
  JsonObject *back;

  g_assert_cmpint (folded.status, ==, 0);
  g_assert_cmpstr (folded.out, ==, all.out);    /* no view.open: every call folded */
  /* y = 3² + 3 = 12, z = 12² + 12 = 156; z̄ = 1, ȳ = 2y + 1 = 25, x̄ = 25 · (2x + 1) = 175. */
  g_assert_cmpstr (folded.out, ==,
                   "forward 1: y = sq(x) = 12\n"
                   "forward 2: z = sq(y) = 156\n"
                   "seed 3: z̄ = 1 (the output's adjoint starts at 1, since ∂z/∂z = 1)\n"
                   "backward 4: sq#2 sends z̄ = 1 back to y: ȳ += z̄ · ∂z/∂y = 1 · 25 = 25 → ȳ = 25\n"
                   "backward 5: sq sends ȳ = 25 back to x: x̄ += ȳ · ∂y/∂x = 25 · 7 = 175 → x̄ = 175\n");
  g_assert_cmpint (none.status, ==, 0);
  g_assert_nonnull (strstr (none.out, "forward 1: sq.b = x * x = 3 * 3 = 9"));
  g_assert_cmpint (bad.status, !=, 0);
  g_assert_nonnull (strstr (bad.err, "--fold must be all or none, not 'some'"));

  sf = steps_of (pf, jf.out);
  sn = steps_of (pn, jn.out);
  g_assert_cmpuint (json_array_get_length (sf), ==, 5);
  g_assert_cmpuint (json_array_get_length (sn), >, 5);
  back = json_array_get_object_element (sf, 4);
  g_assert_cmpstr (json_object_get_string_member (back, "call"), ==, "sq");
  g_assert_cmpstr (json_object_get_string_member (back, "from"), ==, "y");
  g_assert_cmpstr (json_object_get_string_member (back, "to"), ==, "x");
  g_assert_cmpfloat (json_object_get_double_member (back, "local"), ==, 7);
  /* The folded contributions are the sums of the unfolded ones. */
  g_assert_cmpfloat (sum_into (sf, "x"), ==, sum_into (sn, "x"));
  g_assert_cmpfloat (sum_into (sf, "x"), ==, 175);
  g_assert_cmpfloat (sum_into (sf, "y"), ==, sum_into (sn, "y"));
}

/* Without --fold, the file's view.open opens the calls it names; --fold overrides it. */
static void
test_file_choice (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-fold-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "f.adjoint", NULL);
  g_autofree char *png = g_build_filename (dir, "f.png", NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "adjoint-graph");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "program");
  json_builder_add_string_value (b, PROGRAM);
  json_builder_set_member_name (b, "view");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "open");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "sq#2");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  {
    g_auto (Run) r = run ("trace", path, NULL);
    g_auto (Run) all = run ("trace", path, "--fold", "all", NULL);
    g_auto (Run) e1 = run ("export", path, "-o", png, "--step", "6", NULL);
    g_autofree char *first = NULL, *second = NULL;
    gsize first_len = 0, second_len = 0;
    g_assert_true (g_file_get_contents (png, &first, &first_len, NULL));
    g_auto (Run) e2 = run ("export", path, "-o", png, "--fold", "none", NULL);
    g_assert_true (g_file_get_contents (png, &second, &second_len, NULL));
    /* Folded and open are different drawings. */
    g_assert_true (first_len != second_len || memcmp (first, second, first_len) != 0);
    g_assert_cmpint (r.status, ==, 0);
    /* sq#2 open: its inside steps (sq#2.b); sq folded: one step. */
    g_assert_true (g_str_has_prefix (r.out, "forward 1: y = sq(x) = 12\nforward 2: sq#2.b = y * y = 12 * 12 = 144"));
    g_assert_true (g_str_has_prefix (all.out, "forward 1: y = sq(x) = 12\nforward 2: z = sq(y) = 156"));
    g_assert_cmpint (e1.status, ==, 0);
    g_assert_cmpint (e2.status, ==, 0);
    g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  }
  g_unlink (png);
  g_unlink (path);
  g_rmdir (dir);
}

/* Export tells a folded call's backward steps as the call's (a call of two arguments whose
 * output is tanh: the step to its second argument has no second input on the tanh node, which
 * the plain sentence asked for and GLib flagged as a critical): every page of the handout,
 * nothing on standard error, and each step sentence names the call. */
static void
test_export_folded_steps (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-fold-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "f.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "f.png", NULL);
  const char *program = "def f(a, b):\n    return tanh(a * b)\nx = 0.5\nw = 2\ny = f(x, w)\n";
  g_auto (Run) slides = run ("export", "-e", program, "-o", pdf, "--all-steps", NULL);
  g_auto (Run) last = run ("export", "-e", program, "-o", png, NULL);
  g_auto (Run) trace = run ("trace", "-e", program, NULL);

  /* Nothing from GLib on standard error (the sanitizer build adds its own report there). */
  g_assert_cmpint (slides.status, ==, 0);
  g_assert_null (strstr (slides.err, "CRITICAL"));
  g_assert_null (strstr (slides.err, "WARNING"));
  g_assert_cmpint (last.status, ==, 0);
  g_assert_null (strstr (last.err, "CRITICAL"));
  g_assert_null (strstr (last.err, "WARNING"));
  g_assert_nonnull (strstr (trace.out, "f sends ȳ = 1 back to w"));
  g_unlink (pdf);
  g_unlink (png);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/fold/trace", test_trace_fold);
  g_test_add_func ("/cli/fold/file-choice", test_file_choice);
  g_test_add_func ("/cli/fold/export-folded-steps", test_export_folded_steps);
  return g_test_run ();
}
