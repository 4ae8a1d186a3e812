/* test-graph-file.c: graph files: round trips, plain program text, every refusal, atomic saves. */
#define _POSIX_C_SOURCE 200809L   /* symlink, link, lstat, mkfifo: the project builds as plain C17 */
#include "core/graph-file.h"
#include "core/file.h"
#include "core/program.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers --------------------------------------------------------------------------- */

static char *
read_data_file (const char *name, gsize *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "graph-file", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* Loads @text (of @length bytes, -1: NUL-terminated) and asserts that it fails with @code,
 * a message containing @needle and, when @line > 0, that location. */
static void
assert_refused (const char *text, gssize length, AgErrorCode code, const char *needle,
                guint line, guint col)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = NULL;
  guint l = 0, c = 0, n = 0;
  gsize len = length < 0 ? strlen (text) : (gsize) length;

  doc = ag_graph_file_load_from_data (text, len, &error);
  g_assert_null (doc);
  g_assert_error (error, AG_ERROR, (int) code);
  if (strstr (error->message, needle) == NULL)
    g_error ("expected “%s” in the message “%s”", needle, error->message);
  if (line > 0)
    {
      g_assert_true (ag_error_get_location (error, &l, &c, &n));
      g_assert_cmpuint (l, ==, line);
      g_assert_cmpuint (c, ==, col);
      g_assert_cmpuint (n, ==, 1);
    }
  else
    g_assert_false (ag_error_get_location (error, NULL, NULL, NULL));
}

/* A graph file around @members (JSON members that follow the program). */
static char *
graph_file (const char *members)
{
  return g_strdup_printf ("{\"format\": \"adjoint-graph\", \"version\": 1, "
                          "\"program\": \"x = 3\"%s%s}", *members ? ", " : "", members);
}

static void
assert_member_refused (const char *members, AgErrorCode code, const char *message)
{
  g_autofree char *text = graph_file (members);
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_load_from_data (text, strlen (text), &error);

  g_assert_null (doc);
  g_assert_error (error, AG_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
}

static AgGraphFile *
load_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  AgGraphFile *doc = ag_graph_file_load_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

/* The document that tests/data/graph-file/full.adjoint holds, built through the API. */
static AgGraphFile *
build_full (void)
{
  AgGraphFile *doc = ag_graph_file_new ();
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  doc->title = g_strdup ("Two paths add up");
  doc->note = g_strdup ("x is used twice, so x̄ receives two contributions.\nWatch them add.");
  ag_graph_file_set_program (doc, "x = 3\nz = x^2 + x  # \"twice\"\n");
  ag_graph_file_set_position (doc, "x", 120.5, 80);
  ag_graph_file_set_position (doc, "z", -0.1, 1e21);
  ag_graph_file_set_position (doc, "#4", 300, 80);
  doc->zoom = 1.5;
  doc->pan_x = 0;
  doc->pan_y = -12.25;
  doc->step = 4;
  doc->theme = g_strdup ("high-contrast");
  doc->mode = g_strdup ("forward");
  ag_graph_file_set_caption (doc, "10", "Done: x̄ = 7, from 6 and 1.");
  ag_graph_file_set_caption (doc, "0", "Before any step: only the inputs have values.");
  ag_graph_file_set_caption (doc, "2", "x² is computed: 9.");
  json_parser_load_from_data (parser,
                              "{\"optimizer\": \"adam\", \"lr\": 0.001, \"steps\": 200, "
                              "\"shuffle\": true, \"seed\": null, \"layers\": [10, 32, 1], "
                              "\"data\": [[0, 1], [0.5, -2]], "
                              "\"nested\": {\"empty\": {}, \"list\": []}}", -1, &error);
  g_assert_no_error (error);
  doc->training = json_node_copy (json_parser_get_root (parser));
  return doc;
}

static void
assert_point (const AgGraphFile *doc, const char *key, double x, double y)
{
  const AgPoint *p = g_hash_table_lookup (doc->positions, key);

  g_assert_nonnull (p);
  g_assert_cmpfloat (p->x, ==, x);
  g_assert_cmpfloat (p->y, ==, y);
}

/* ---- documents in memory --------------------------------------------------------------- */

static void
test_new (void)
{
  g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
  g_autofree char *text = NULL;
  gsize length;

  g_assert_cmpstr (doc->program, ==, "");
  g_assert_null (doc->title);
  g_assert_null (doc->note);
  g_assert_cmpuint (g_hash_table_size (doc->positions), ==, 0);
  g_assert_cmpuint (g_hash_table_size (doc->captions), ==, 0);
  g_assert_cmpfloat (doc->zoom, ==, 0);
  g_assert_cmpint (doc->step, ==, -1);
  g_assert_null (doc->theme);
  g_assert_null (doc->mode);
  g_assert_null (doc->training);

  /* The least a file holds. */
  text = ag_graph_file_to_data (doc, &length);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"format\": \"adjoint-graph\",\n"
                   "  \"version\": 1,\n"
                   "  \"program\": \"\"\n"
                   "}\n");
  g_assert_cmpuint (length, ==, strlen (text));

  ag_graph_file_free (NULL);
}

static void
test_setters (void)
{
  g_autoptr (AgGraphFile) doc = ag_graph_file_new ();

  ag_graph_file_set_program (doc, "x = 1");
  g_assert_cmpstr (doc->program, ==, "x = 1");
  ag_graph_file_set_program (doc, NULL);
  g_assert_cmpstr (doc->program, ==, "");

  ag_graph_file_set_position (doc, "x", 1, 2);
  ag_graph_file_set_position (doc, "x", 3, 4);
  g_assert_cmpuint (g_hash_table_size (doc->positions), ==, 1);
  assert_point (doc, "x", 3, 4);

  g_assert_null (ag_graph_file_get_caption (doc, "3"));
  ag_graph_file_set_caption (doc, "3", "three");
  ag_graph_file_set_caption (doc, "3", "after step 3");
  g_assert_cmpstr (ag_graph_file_get_caption (doc, "3"), ==, "after step 3");
  ag_graph_file_set_caption (doc, "3", NULL);
  g_assert_null (ag_graph_file_get_caption (doc, "3"));
  g_assert_cmpuint (g_hash_table_size (doc->captions), ==, 0);
}

/* ---- round trips ----------------------------------------------------------------------- */

static void
test_round_trip (void)
{
  g_autoptr (AgGraphFile) built = build_full ();
  g_autoptr (AgGraphFile) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  g_autofree char *again = NULL;
  gsize expected_len, written_len, again_len;
  JsonObject *training;

  /* Written byte for byte as the file in tests/data. */
  expected = read_data_file ("full.adjoint", &expected_len);
  written = ag_graph_file_to_data (built, &written_len);
  g_assert_cmpstr (written, ==, expected);
  g_assert_cmpuint (written_len, ==, expected_len);

  /* Read back field by field. */
  loaded = ag_graph_file_load_from_data (expected, expected_len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->title, ==, "Two paths add up");
  g_assert_cmpstr (loaded->note, ==,
                   "x is used twice, so x̄ receives two contributions.\nWatch them add.");
  g_assert_cmpstr (loaded->program, ==, "x = 3\nz = x^2 + x  # \"twice\"\n");
  g_assert_cmpuint (g_hash_table_size (loaded->positions), ==, 3);
  assert_point (loaded, "x", 120.5, 80);
  assert_point (loaded, "z", -0.1, 1e21);
  assert_point (loaded, "#4", 300, 80);
  g_assert_cmpfloat (loaded->zoom, ==, 1.5);
  g_assert_cmpfloat (loaded->pan_x, ==, 0);
  g_assert_cmpfloat (loaded->pan_y, ==, -12.25);
  g_assert_cmpint (loaded->step, ==, 4);
  g_assert_cmpstr (loaded->theme, ==, "high-contrast");
  g_assert_cmpstr (loaded->mode, ==, "forward");
  g_assert_cmpuint (g_hash_table_size (loaded->captions), ==, 3);
  g_assert_cmpstr (ag_graph_file_get_caption (loaded, "0"), ==,
                   "Before any step: only the inputs have values.");
  g_assert_cmpstr (ag_graph_file_get_caption (loaded, "2"), ==, "x² is computed: 9.");
  g_assert_cmpstr (ag_graph_file_get_caption (loaded, "10"), ==, "Done: x̄ = 7, from 6 and 1.");
  g_assert_nonnull (loaded->training);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (loaded->training));
  training = json_node_get_object (loaded->training);
  g_assert_cmpstr (json_object_get_string_member (training, "optimizer"), ==, "adam");
  g_assert_cmpfloat (json_object_get_double_member (training, "lr"), ==, 0.001);
  g_assert_cmpint (json_object_get_int_member (training, "steps"), ==, 200);
  g_assert_true (json_object_get_boolean_member (training, "shuffle"));
  g_assert_true (json_object_get_null_member (training, "seed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (training, "data")),
                    ==, 2);

  /* And written again, unchanged. */
  again = ag_graph_file_to_data (loaded, &again_len);
  g_assert_cmpstr (again, ==, expected);
  g_assert_cmpuint (again_len, ==, expected_len);
}

static void
test_numbers (void)
{
  g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
  g_autoptr (AgGraphFile) back = NULL;
  g_autofree char *text = NULL;
  const double values[] = { 0.1, 1.0 / 3, 120.5, -2.6145744834544478, 1e-7, 5e-324,
                            1.7976931348623157e308, 100000, 123456789012345680, 1e-6, 1e21,
                            2.5e-7, 0.00123, 1152921504606846976.0, 1e20, 999999999999999872.0 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *key = g_strdup_printf ("n%u", i);
      ag_graph_file_set_position (doc, key, values[i], -values[i]);
    }
  text = ag_graph_file_to_data (doc, NULL);
  /* The shortest text that reads back as the same double: never 0.10000000000000001. */
  g_assert_nonnull (strstr (text, "\"n0\": [0.1, -0.1]"));
  g_assert_nonnull (strstr (text, "\"n1\": [0.3333333333333333, -0.3333333333333333]"));
  g_assert_nonnull (strstr (text, "\"n2\": [120.5, -120.5]"));
  g_assert_nonnull (strstr (text, "\"n3\": [-2.6145744834544478, 2.6145744834544478]"));
  g_assert_nonnull (strstr (text, "\"n4\": [1e-7, -1e-7]"));
  g_assert_nonnull (strstr (text, "\"n5\": [5e-324, -5e-324]"));
  g_assert_nonnull (strstr (text, "\"n6\": [1.7976931348623157e+308, -1.7976931348623157e+308]"));
  g_assert_nonnull (strstr (text, "\"n7\": [100000, -100000]"));
  g_assert_nonnull (strstr (text, "\"n8\": [123456789012345680, -123456789012345680]"));
  g_assert_nonnull (strstr (text, "\"n9\": [0.000001, -0.000001]"));
  g_assert_nonnull (strstr (text, "\"n10\": [1e+21, -1e+21]"));
  g_assert_nonnull (strstr (text, "\"n11\": [2.5e-7, -2.5e-7]"));
  g_assert_nonnull (strstr (text, "\"n12\": [0.00123, -0.00123]"));
  g_assert_nonnull (strstr (text, "\"n13\": [1.152921504606847e+18, -1.152921504606847e+18]"));
  g_assert_nonnull (strstr (text, "\"n14\": [1e+20, -1e+20]"));
  g_assert_nonnull (strstr (text, "\"n15\": [999999999999999900, -999999999999999900]"));

  back = load_ok (text);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *key = g_strdup_printf ("n%u", i);
      assert_point (back, key, values[i], -values[i]);
    }
}

static void
test_sorted (void)
{
  g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
  g_autofree char *text = NULL;

  ag_graph_file_set_caption (doc, "100", "c");
  ag_graph_file_set_caption (doc, "9", "b");
  ag_graph_file_set_caption (doc, "0", "a");
  ag_graph_file_set_position (doc, "b", 2, 2);
  ag_graph_file_set_position (doc, "a", 1, 1);
  ag_graph_file_set_position (doc, "#10", 3, 3);
  text = ag_graph_file_to_data (doc, NULL);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"format\": \"adjoint-graph\",\n"
                   "  \"version\": 1,\n"
                   "  \"program\": \"\",\n"
                   "  \"layout\": {\n"
                   "    \"#10\": [3, 3],\n"
                   "    \"a\": [1, 1],\n"
                   "    \"b\": [2, 2]\n"
                   "  },\n"
                   "  \"captions\": {\n"
                   "    \"0\": \"a\",\n"
                   "    \"9\": \"b\",\n"
                   "    \"100\": \"c\"\n"
                   "  }\n"
                   "}\n");
}

static void
test_partial_view (void)
{
  g_autoptr (AgGraphFile) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file = graph_file ("\"view\": {\"mode\": \"reverse\", \"future\": 1}, "
                                      "\"title\": null");

  doc = load_ok (file);
  g_assert_cmpstr (doc->mode, ==, "reverse");
  g_assert_null (doc->theme);
  g_assert_cmpfloat (doc->zoom, ==, 0);
  g_assert_cmpint (doc->step, ==, -1);
  g_assert_null (doc->title);
  text = ag_graph_file_to_data (doc, NULL);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"format\": \"adjoint-graph\",\n"
                   "  \"version\": 1,\n"
                   "  \"program\": \"x = 3\",\n"
                   "  \"view\": {\n"
                   "    \"mode\": \"reverse\"\n"
                   "  }\n"
                   "}\n");
}

static void
test_unknown_members (void)
{
  /* Members a later minor revision may add are skipped, whatever they hold. */
  g_autofree char *file = graph_file ("\"future\": {\"a\": [1, {\"b\": null}]}, \"z\": 1e400");
  g_autoptr (AgGraphFile) doc = load_ok (file);
  g_autofree char *text = ag_graph_file_to_data (doc, NULL);

  g_assert_cmpstr (doc->program, ==, "x = 3");
  g_assert_null (strstr (text, "future"));
}

static void
test_duplicate_members (void)
{
  g_autoptr (AgGraphFile) doc =
    load_ok ("{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"a = 1\", "
             "\"program\": \"b = 2\"}");

  g_assert_cmpstr (doc->program, ==, "b = 2");   /* the last one wins */
}

static void
test_escapes_round_trip (void)
{
  g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
  g_autoptr (AgGraphFile) back = NULL;
  g_autofree char *text = NULL;
  const char *program = "# \"quoted\" \\ back\\slash\ttab\r\n\x01 y = 1 # ü 😀 \u2028\n";

  ag_graph_file_set_program (doc, program);
  ag_graph_file_set_position (doc, "we\"ird\\key", 1, 2);
  text = ag_graph_file_to_data (doc, NULL);
  g_assert_nonnull (strstr (text, "\\u0001"));
  back = load_ok (text);
  g_assert_cmpstr (back->program, ==, program);
  assert_point (back, "we\"ird\\key", 1, 2);

  /* \u escapes, surrogate pairs included, read as UTF-8. */
  {
    g_autofree char *file = g_strdup ("{\"format\": \"adjoint-graph\", \"version\": 1, "
                                      "\"program\": \"\\u0078 = 1 # \\u00fc \\ud83d\\ude00 \\/\"}");
    g_autoptr (AgGraphFile) esc = load_ok (file);
    g_assert_cmpstr (esc->program, ==, "x = 1 # ü 😀 /");
  }
}

static void
test_training_verbatim (void)
{
  const char *file =
    "{\n"
    "  \"format\": \"adjoint-graph\",\n"
    "  \"version\": 1,\n"
    "  \"program\": \"\",\n"
    "  \"training\": {\n"
    "    \"z\": 1,\n"
    "    \"a\": [\n"
    "      {\n"
    "        \"deep\": [[1, 2], [3, [4]]]\n"
    "      },\n"
    "      \"s\",\n"
    "      false\n"
    "    ],\n"
    "    \"big\": 9223372036854775807,\n"
    "    \"neg\": -9223372036854775808,\n"
    "    \"x\": -1.5e-300\n"
    "  }\n"
    "}\n";
  g_autoptr (AgGraphFile) doc = load_ok (file);
  g_autofree char *text = ag_graph_file_to_data (doc, NULL);

  /* Kept as it was, member order included (the nested arrays get a line each). */
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"format\": \"adjoint-graph\",\n"
                   "  \"version\": 1,\n"
                   "  \"program\": \"\",\n"
                   "  \"training\": {\n"
                   "    \"z\": 1,\n"
                   "    \"a\": [\n"
                   "      {\n"
                   "        \"deep\": [\n"
                   "          [1, 2],\n"
                   "          [\n"
                   "            3,\n"
                   "            [4]\n"
                   "          ]\n"
                   "        ]\n"
                   "      },\n"
                   "      \"s\",\n"
                   "      false\n"
                   "    ],\n"
                   "    \"big\": 9223372036854775807,\n"
                   "    \"neg\": -9223372036854775808,\n"
                   "    \"x\": -1.5e-300\n"
                   "  }\n"
                   "}\n");
}

/* ---- plain program text ---------------------------------------------------------------- */

static void
test_plain_text (void)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr (AgGraphFile) doc = NULL;
  g_autoptr (AgGraphFile) empty = NULL;
  g_autoptr (AgGraphFile) bom = NULL;
  g_autoptr (AgGraphFile) brackets = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *many = NULL;

  data = read_data_file ("plain.txt", &length);
  doc = ag_graph_file_load_from_data (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->program, ==, "x = 3\nz = x^2 + x\n");
  g_assert_null (doc->title);
  g_assert_cmpuint (g_hash_table_size (doc->positions), ==, 0);
  g_assert_cmpuint (g_hash_table_size (doc->captions), ==, 0);
  g_assert_cmpint (doc->step, ==, -1);
  g_assert_null (doc->training);

  /* Not NUL-terminated: only @length bytes are read. */
  {
    g_autoptr (AgGraphFile) cut = ag_graph_file_load_from_data ("x = 1; y = 2", 5, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cut->program, ==, "x = 1");
  }

  empty = ag_graph_file_load_from_data ("", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty->program, ==, "");

  /* A byte-order mark is dropped. */
  bom = ag_graph_file_load_from_data ("\xef\xbb\xbfx = 1\n", 9, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bom->program, ==, "x = 1\n");

  /* Only a '{' makes it JSON: 100000 '[' are a (bad) program, for the parser to refuse. */
  many = g_strnfill (100000, '[');
  brackets = ag_graph_file_load_from_data (many, 100000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (brackets->program), ==, 100000);

  /* Blank lines before the '{' do not change that. */
  {
    g_autoptr (AgGraphFile) json =
      load_ok ("\n \t\r\n{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 2\"}");
    g_assert_cmpstr (json->program, ==, "x = 2");
  }
}

static void
test_plain_text_refused (void)
{
  g_autofree char *big = g_strnfill (AG_MAX_PROGRAM_BYTES + 1, '1');

  assert_refused ("x = 1\ny = \xff\n", -1, AG_ERROR_FORMAT, "not valid UTF-8", 2, 5);
  assert_refused ("x = 1\nü = \xc3\n", -1, AG_ERROR_FORMAT, "not valid UTF-8", 2, 5);
  assert_refused ("x = 1\nyy = 2\0 3", 15, AG_ERROR_FORMAT, "NUL byte", 2, 7);
  assert_refused (big, AG_MAX_PROGRAM_BYTES + 1, AG_ERROR_LIMIT, "at most 1048576", 0, 0);
}

/* ---- refusals -------------------------------------------------------------------------- */

static void
test_bad_json (void)
{
  /* json-glib's place, its byte column turned into characters. */
  assert_refused ("{\"format\": \"adjoint-graph\",\n \"program\": [1, 2,}\n}", -1,
                  AG_ERROR_FORMAT, "not valid JSON: unexpected character `}'", 2, 19);
  assert_refused ("{\"format\": \"adjoint-graph\",\n \"ü\": x}", -1, AG_ERROR_FORMAT,
                  "not valid JSON: unexpected identifier `x'", 2, 7);
  assert_refused ("{\"a\": 1} xyz", -1, AG_ERROR_FORMAT, "expected end of file", 1, 12);
  /* Ours: things json-glib would accept, or mishandle. */
  assert_refused ("{\"a\":\n  'single'}", -1, AG_ERROR_FORMAT, "double quotes", 2, 3);
  assert_refused ("{\"a\": 1 /* note */}", -1, AG_ERROR_FORMAT, "no comments", 1, 9);
  assert_refused ("{\"a\": \"\\uD800\"}", -1, AG_ERROR_FORMAT, "high surrogate", 1, 8);
  assert_refused ("{\"a\": \"\\uDC00\"}", -1, AG_ERROR_FORMAT, "lone low surrogate", 1, 8);
  assert_refused ("{\"a\": \"\\u12\"}", -1, AG_ERROR_FORMAT, "four hexadecimal digits", 1, 8);
  assert_refused ("{\"a\": \"\\u0000\"}", -1, AG_ERROR_FORMAT, "NUL", 1, 8);
  assert_refused ("{\"a\": \"\\377\"}", -1, AG_ERROR_FORMAT, "escape JSON does not have", 1, 8);
  assert_refused ("{\"a\": \"x", -1, AG_ERROR_FORMAT, "not closed", 1, 7);
  assert_refused ("{\"a\": \"x\\", -1, AG_ERROR_FORMAT, "not closed", 1, 7);
}

static void
test_wrong_types (void)
{
  assert_member_refused ("\"title\": 3", AG_ERROR_FORMAT, "\"title\" must be a string");
  assert_member_refused ("\"note\": [\"a\"]", AG_ERROR_FORMAT, "\"note\" must be a string");
  assert_member_refused ("\"layout\": [1, 2]", AG_ERROR_FORMAT,
                         "\"layout\" must be an object: node name → [x, y]");
  assert_member_refused ("\"layout\": {\"x\": [1]}", AG_ERROR_FORMAT,
                         "\"layout\".\"x\" must be an array of two numbers");
  assert_member_refused ("\"layout\": {\"x\": [1, 2, 3]}", AG_ERROR_FORMAT,
                         "\"layout\".\"x\" must be an array of two numbers");
  assert_member_refused ("\"layout\": {\"a\": [1, 2], \"x\": [1, \"2\"]}", AG_ERROR_FORMAT,
                         "\"layout\".\"x\" must be an array of two numbers");
  assert_member_refused ("\"layout\": {\"x\": {\"x\": 1, \"y\": 2}}", AG_ERROR_FORMAT,
                         "\"layout\".\"x\" must be an array of two numbers");
  assert_member_refused ("\"view\": 1", AG_ERROR_FORMAT, "\"view\" must be an object");
  assert_member_refused ("\"view\": {\"zoom\": 0}", AG_ERROR_FORMAT,
                         "\"view\".\"zoom\" must be a number greater than 0");
  assert_member_refused ("\"view\": {\"zoom\": -1.5}", AG_ERROR_FORMAT,
                         "\"view\".\"zoom\" must be a number greater than 0");
  assert_member_refused ("\"view\": {\"zoom\": \"2\"}", AG_ERROR_FORMAT,
                         "\"view\".\"zoom\" must be a number greater than 0");
  assert_member_refused ("\"view\": {\"pan\": [0]}", AG_ERROR_FORMAT,
                         "\"view\".\"pan\" must be an array of two numbers");
  assert_member_refused ("\"view\": {\"step\": 1.5}", AG_ERROR_FORMAT,
                         "\"view\".\"step\" must be an integer, 0 or more");
  assert_member_refused ("\"view\": {\"step\": -1}", AG_ERROR_FORMAT,
                         "\"view\".\"step\" must be an integer, 0 or more");
  assert_member_refused ("\"view\": {\"step\": 4294967296}", AG_ERROR_FORMAT,
                         "\"view\".\"step\" must be an integer, 0 or more");
  assert_member_refused ("\"view\": {\"theme\": \"solarized\"}", AG_ERROR_FORMAT,
                         "\"view\".\"theme\" must be \"light\", \"dark\" or \"high-contrast\"");
  assert_member_refused ("\"view\": {\"mode\": true}", AG_ERROR_FORMAT,
                         "\"view\".\"mode\" must be \"reverse\" or \"forward\"");
  assert_member_refused ("\"captions\": [\"a\"]", AG_ERROR_FORMAT,
                         "\"captions\" must be an object: step anchor → text");
  assert_member_refused ("\"captions\": {\"\": \"a\"}", AG_ERROR_FORMAT,
                         "\"captions\" key \"\" must name a step (\"start\", \"forward:y\", "
                         "\"backward:y->x\", …) in at most 4096 bytes");
  assert_member_refused ("\"captions\": {\"3\": 3}", AG_ERROR_FORMAT,
                         "\"captions\".\"3\" must be a string");
  assert_member_refused ("\"training\": [1]", AG_ERROR_FORMAT, "\"training\" must be an object");

  /* The largest step number is fine. */
  {
    g_autofree char *file = graph_file ("\"captions\": {\"4294967295\": \"last\"}");
    g_autoptr (AgGraphFile) doc = load_ok (file);
    g_assert_cmpstr (ag_graph_file_get_caption (doc, "4294967295"), ==, "last");
  }
}

static void
test_header (void)
{
  assert_refused ("{\"version\": 1, \"program\": \"x = 1\"}", -1, AG_ERROR_FORMAT,
                  "missing \"format\": this JSON is not an Adjoint graph file", 0, 0);
  assert_refused ("{\"format\": \"vega-lite\", \"version\": 1, \"program\": \"\"}", -1,
                  AG_ERROR_FORMAT,
                  "\"format\" is \"vega-lite\", not \"adjoint-graph\": this JSON is not an "
                  "Adjoint graph file", 0, 0);
  assert_refused ("{\"format\": 1, \"version\": 1, \"program\": \"\"}", -1, AG_ERROR_FORMAT,
                  "\"format\" must be the string \"adjoint-graph\"", 0, 0);
  assert_refused ("{\"format\": \"adjoint-graph\", \"program\": \"\"}", -1, AG_ERROR_FORMAT,
                  "missing \"version\"", 0, 0);
  assert_refused ("{\"format\": \"adjoint-graph\", \"version\": \"1\", \"program\": \"\"}", -1,
                  AG_ERROR_FORMAT, "\"version\" must be an integer", 0, 0);
  assert_refused ("{\"format\": \"adjoint-graph\", \"version\": 1.0, \"program\": \"\"}", -1,
                  AG_ERROR_FORMAT, "\"version\" must be an integer", 0, 0);
  assert_refused ("{\"format\": \"adjoint-graph\", \"version\": 0, \"program\": \"\"}", -1,
                  AG_ERROR_FORMAT, "\"version\" is 0; versions start at 1", 0, 0);
  assert_refused ("{\"format\": \"adjoint-graph\", \"version\": 1}", -1, AG_ERROR_FORMAT,
                  "missing \"program\"", 0, 0);
  assert_refused ("{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": null}", -1,
                  AG_ERROR_FORMAT, "\"program\" must be a string", 0, 0);
  assert_refused ("{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": 3}", -1,
                  AG_ERROR_FORMAT, "\"program\" must be a string", 0, 0);
}

static void
test_newer_version (void)
{
  g_autoptr (GError) error = NULL;
  /* A newer file may change anything else: the version is what it is refused for. */
  const char *file = "{\"format\": \"adjoint-graph\", \"version\": 3, \"graph\": {}}";
  g_autoptr (AgGraphFile) doc = ag_graph_file_load_from_data (file, strlen (file), &error);

  g_assert_null (doc);
  g_assert_error (error, AG_ERROR, AG_ERROR_VERSION);
  g_assert_cmpstr (error->message, ==,
                   "this file was written by a newer Adjoint (format version 3); "
                   "this Adjoint reads up to version 1");
}

static void
test_oversized (void)
{
  gsize n = AG_MAX_FILE_BYTES + 1;
  g_autofree char *data = g_malloc (n);
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  FILE *f;

  memset (data, ' ', n);
  data[0] = '{';
  assert_refused (data, (gssize) n, AG_ERROR_LIMIT,
                  "the file is 8388609 bytes long; a graph file holds at most 8388608", 0, 0);

  /* A huge file on disk is refused by its size, without being read. */
  dir = g_dir_make_tmp ("adjoint-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "huge.adjoint", NULL);
  f = fopen (path, "wb");
  g_assert_nonnull (f);
  g_assert_cmpint (fseek (f, (long) 1 << 32, SEEK_SET), ==, 0);   /* 4 GiB, sparse */
  g_assert_cmpint (fputc ('}', f), ==, '}');
  g_assert_cmpint (fclose (f), ==, 0);
  doc = ag_graph_file_load (path, &error);
  g_assert_null (doc);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "huge.adjoint is 4294967297 bytes long"));
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  /* The program inside a file has its own bound. */
  {
    GString *s = g_string_new ("{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"");
    g_autofree char *text = NULL;
    gsize len;

    for (guint i = 0; i < AG_MAX_PROGRAM_BYTES + 1; i++)
      g_string_append_c (s, '1');
    g_string_append (s, "\"}");
    len = s->len;
    text = g_string_free (s, FALSE);
    assert_refused (text, (gssize) len, AG_ERROR_LIMIT,
                    "\"program\" is 1048577 bytes long; a program holds at most 1048576", 0, 0);
  }
}

/* A graph file whose training setup holds @n arrays inside each other. */
static char *
nested_file (guint n)
{
  GString *s = g_string_new ("{\"format\": \"adjoint-graph\", \"version\": 1, "
                             "\"program\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\", "
                             "\"training\": {\"a\": ");

  for (guint i = 0; i < n; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, ']');
  g_string_append (s, "}}");
  return g_string_free (s, FALSE);
}

static void
test_too_deep (void)
{
  GString *s = g_string_new ("{\"training\": ");
  g_autofree char *text = NULL;
  g_autofree char *ok = nested_file (30);
  g_autofree char *deeper = nested_file (31);
  const char *first;
  gsize len;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  len = s->len;
  text = g_string_free (s, FALSE);
  /* '{' is level 1, the '[' at column 14 level 2, so the 32nd '[' is the 33rd level. */
  assert_refused (text, (gssize) len, AG_ERROR_LIMIT,
                  "arrays and objects nest deeper than 32 levels", 1, 14 + 31);

  /* Brackets inside strings do not count, and 32 levels are fine (the root object, the
   * training object and 30 arrays); 33 are not. */
  {
    g_autoptr (AgGraphFile) doc = load_ok (ok);
    g_autofree char *again = ag_graph_file_to_data (doc, NULL);
    g_autoptr (AgGraphFile) back = load_ok (again);
    g_assert_nonnull (back->training);
  }
  first = strstr (deeper, "{\"a\": [");
  assert_refused (deeper, -1, AG_ERROR_LIMIT, "nest deeper than 32 levels", 1,
                  (guint) (first - deeper) + 7 + 30);
}

static void
test_invalid_utf8 (void)
{
  assert_refused ("{\"format\": \"adjoint-graph\", \"version\": 1,\n"
                  "\"program\": \"x = 1 # caf\xe9\"}", -1, AG_ERROR_FORMAT,
                  "the file is not valid UTF-8 text", 2, 24);
  /* An overlong encoding of '"' must not end the string for one reader and not the other. */
  assert_refused ("{\"program\": \"\xc0\xa2\"}", -1, AG_ERROR_FORMAT, "not valid UTF-8", 1, 14);
}

static void
test_nul (void)
{
  const char text[] = "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x\0 = 1\"}";

  assert_refused (text, sizeof text - 1, AG_ERROR_FORMAT, "NUL byte", 1, 56);
}

static void
test_too_many_captions (void)
{
  GString *s = g_string_new ("{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"\", "
                             "\"captions\": {");
  g_autofree char *text = NULL;
  g_autofree char *ok = NULL;
  gsize len;

  for (guint i = 0; i < AG_MAX_CAPTIONS; i++)
    g_string_append_printf (s, "%s\"%u\": \"\"", i ? ", " : "", i);
  ok = g_strconcat (s->str, "}}", NULL);
  g_string_append (s, ", \"10000\": \"\"}}");
  len = s->len;
  text = g_string_free (s, FALSE);
  assert_refused (text, (gssize) len, AG_ERROR_LIMIT,
                  "\"captions\" has 10001 entries; a file holds at most 10000 captions", 0, 0);
  {
    g_autoptr (AgGraphFile) doc = load_ok (ok);
    g_assert_cmpuint (g_hash_table_size (doc->captions), ==, AG_MAX_CAPTIONS);
    g_assert_cmpstr (ag_graph_file_get_caption (doc, "9999"), ==, "");
  }
}

static void
test_caption_too_long (void)
{
  g_autofree char *caption = g_strnfill (AG_MAX_CAPTION_BYTES + 1, 'a');
  g_autofree char *members = g_strdup_printf ("\"captions\": {\"7\": \"%s\"}", caption);
  g_autofree char *fits = g_strdup_printf ("\"captions\": {\"7\": \"%s\"}", caption + 1);

  assert_member_refused (members, AG_ERROR_LIMIT,
                         "\"captions\".\"7\" is 4097 bytes long; a caption holds at most 4096");
  {
    g_autofree char *file = graph_file (fits);
    g_autoptr (AgGraphFile) doc = load_ok (file);
    g_assert_cmpuint (strlen (ag_graph_file_get_caption (doc, "7")), ==, AG_MAX_CAPTION_BYTES);
  }
}

static void
test_non_finite_layout (void)
{
  assert_member_refused ("\"layout\": {\"x\": [1e400, 0]}", AG_ERROR_FORMAT,
                         "\"layout\".\"x\" holds a number too large to be a position");
  assert_member_refused ("\"layout\": {\"y\": [0, -1e999]}", AG_ERROR_FORMAT,
                         "\"layout\".\"y\" holds a number too large to be a position");
  assert_member_refused ("\"layout\": {\"x\": [\"NaN\", 0]}", AG_ERROR_FORMAT,
                         "\"layout\".\"x\" must be an array of two numbers");
  assert_member_refused ("\"view\": {\"pan\": [1e400, 0]}", AG_ERROR_FORMAT,
                         "\"view\".\"pan\" must be an array of two numbers");
  assert_member_refused ("\"view\": {\"zoom\": 1e400}", AG_ERROR_FORMAT,
                         "\"view\".\"zoom\" must be a number greater than 0");
  /* Long keys are cut short in messages. */
  assert_member_refused ("\"layout\": {\"a_very_long_node_name_that_goes_on_and_on_and_on\": 1}",
                         AG_ERROR_FORMAT,
                         "\"layout\".\"a_very_long_node_name_that_goes_on_and_o…\" must be an "
                         "array of two numbers");
}

/* json-glib reads an integer into 64 bits unchecked: -99999999999999999999 came back as 1 and
 * 2^63 as -2^63, so a version, a zoom, a step or a position loaded as something else. */
static void
test_huge_integers (void)
{
  /* Each member, and the number in it that is refused. */
  static const char *const members[][2] = {
    { "\"view\": {\"zoom\": -99999999999999999999}", "-99999999999999999999" },
    { "\"view\": {\"step\": 99999999999999999999}", "99999999999999999999" },
    { "\"view\": {\"step\": 9223372036854775808}", "9223372036854775808" },
    { "\"view\": {\"step\": -9223372036854775809}", "-9223372036854775809" },
    { "\"view\": {\"pan\": [18446744073709551616, 0]}", "18446744073709551616" },
    { "\"layout\": {\"x\": [1, -99999999999999999999]}", "-99999999999999999999" },
    { "\"layout\": {\"x\": [0x10000000000000000, 2]}", "0x10000000000000000" },
    { "\"training\": {\"seed\": 99999999999999999999}", "99999999999999999999" },
  };
  const char *version = "{\"format\": \"adjoint-graph\",\n"
                        "  \"version\": -99999999999999999999,\n"
                        "  \"program\": \"x = 3\"}";
  g_autoptr (AgGraphFile) fits = NULL;

  /* At the minus sign: line 2, column 14. */
  assert_refused (version, -1, AG_ERROR_FORMAT, "beyond what 64 bits hold", 2, 14);
  for (guint k = 0; k < G_N_ELEMENTS (members); k++)
    {
      g_autofree char *text = graph_file (members[k][0]);
      const char *at = strstr (text, members[k][1]);

      assert_refused (text, -1, AG_ERROR_FORMAT, "beyond what 64 bits hold", 1,
                      (guint) (at - text) + 1);
    }

  /* The ends of int64, doubles of any size, and digits in strings load as they are. */
  fits = load_ok ("{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": "
                  "\"x = 99999999999999999999\", \"layout\": {\"x\": [9223372036854775807, "
                  "-9223372036854775807], \"y\": [99999999999999999999.5, -1e+300]}, "
                  "\"zoom99999999999999999999\": 1}");
  assert_point (fits, "x", 9223372036854775807.0, -9223372036854775807.0);
  assert_point (fits, "y", 99999999999999999999.5, -1e300);
  g_assert_cmpstr (fits->program, ==, "x = 99999999999999999999");
}

/* ---- files ----------------------------------------------------------------------------- */

static GPtrArray *
list_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  return names;
}

static void
test_load_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "graph-file", "full.adjoint",
                                                 NULL);
  g_autofree char *plain = g_test_build_filename (G_TEST_DIST, "data", "graph-file", "plain.txt",
                                                  NULL);
  g_autofree char *missing = g_test_build_filename (G_TEST_DIST, "data", "graph-file",
                                                    "no-such-file.adjoint", NULL);
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "data", "graph-file", NULL);
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = NULL;
  g_autoptr (AgGraphFile) text = NULL;
  AgGraphFile *none;

  doc = ag_graph_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->title, ==, "Two paths add up");
  g_assert_cmpint (doc->step, ==, 4);

  text = ag_graph_file_load (plain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text->program, ==, "x = 3\nz = x^2 + x\n");

  none = ag_graph_file_load (missing, &error);
  g_assert_null (none);
  g_assert_error (error, AG_ERROR, AG_ERROR_IO);
  expected = g_strdup_printf ("could not open %s: %s", missing, g_strerror (ENOENT));
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  none = ag_graph_file_load (folder, &error);
  g_assert_null (none);
  g_assert_error (error, AG_ERROR, AG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "it is a folder"));
}

static void
test_save_atomic (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *nowhere = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (AgGraphFile) doc = build_full ();
  g_autoptr (AgGraphFile) back = NULL;
  g_autoptr (GPtrArray) names = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  path = g_build_filename (dir, "lesson.adjoint", NULL);

  /* Over an existing file: replaced whole, and no temporary file is left beside it. */
  g_file_set_contents (path, "old contents, longer than nothing at all", -1, &error);
  g_assert_no_error (error);
  g_assert_true (ag_graph_file_save (doc, path, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  expected = ag_graph_file_to_data (doc, NULL);
  g_assert_cmpstr (contents, ==, expected);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0700, ==, 0600);   /* 0644 less the umask */
  names = list_dir (dir);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "lesson.adjoint");

  back = ag_graph_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->program, ==, doc->program);

  /* Into a folder that does not exist: an I/O error, and nothing is created. */
  nowhere = g_build_filename (dir, "missing", "lesson.adjoint", NULL);
  g_assert_false (ag_graph_file_save (doc, nowhere, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, nowhere));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);
  g_clear_pointer (&names, g_ptr_array_unref);
  names = list_dir (dir);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_save_refuses (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bad.adjoint", NULL);
  g_autofree char *caption = g_strnfill (AG_MAX_CAPTION_BYTES + 1, 'a');

  g_assert_no_error (error);

  /* What load would refuse is never written. */
  {
    g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
    ag_graph_file_set_caption (doc, "1", caption);
    g_assert_false (ag_graph_file_save (doc, path, &error));
    g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
    g_assert_nonnull (strstr (error->message, "\"captions\".\"1\" is 4097 bytes long"));
    g_assert_false (ag_error_get_location (error, NULL, NULL, NULL));
    g_clear_error (&error);
  }
  {
    g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
    ag_graph_file_set_position (doc, "x", NAN, 0);
    g_assert_false (ag_graph_file_save (doc, path, &error));
    g_assert_error (error, AG_ERROR, AG_ERROR_FORMAT);
    g_assert_nonnull (strstr (error->message, "\"layout\".\"x\" must be an array of two numbers"));
    g_clear_error (&error);
  }
  {
    g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
    doc->theme = g_strdup ("neon");
    g_assert_false (ag_graph_file_save (doc, path, &error));
    g_assert_error (error, AG_ERROR, AG_ERROR_FORMAT);
    g_clear_error (&error);
  }
  {
    g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
    JsonNode *node = json_node_new (JSON_NODE_OBJECT);
    JsonObject *obj = json_object_new ();
    json_node_take_object (node, obj);
    doc->training = node;
    for (guint i = 0; i < 40; i++)
      {
        JsonObject *inner = json_object_new ();
        json_object_set_object_member (obj, "in", inner);
        obj = inner;
      }
    g_assert_false (ag_graph_file_save (doc, path, &error));
    g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
    g_assert_nonnull (strstr (error->message, "nests deeper than 31 levels"));
    g_clear_error (&error);
  }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---- saving: what a save does to the file, its links and its mode (issue 17) ------------- */

/* @path's bytes, which must be @expected. */
static void
assert_contents (const char *path, const char *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

/* Removes @dir and everything in it (one level: the tests make no subfolders). */
static void
remove_dir (const char *dir)
{
  g_autoptr (GPtrArray) names = list_dir (dir);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *p = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_assert_cmpint (g_remove (p), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A 0600 file stays 0600 (it held a private lesson), whatever the umask; so does 0640. */
static void
test_save_keeps_mode (void)
{
  static const int modes[] = { 0600, 0640, 0666 };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "private.adjoint", NULL);
  g_autoptr (AgGraphFile) doc = build_full ();
  g_autofree char *expected = ag_graph_file_to_data (doc, NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      GStatBuf st;

      g_assert_true (g_file_set_contents (path, "x = 1\n", -1, &error));
      g_assert_cmpint (g_chmod (path, modes[i]), ==, 0);
      g_assert_true (ag_graph_file_save (doc, path, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 07777, ==, modes[i]);
      assert_contents (path, expected);
    }
  remove_dir (dir);
}

/* Saving through a symlink writes its target (at the end of a chain of them, relative or
 * absolute, or a dangling one's, which is created), and every link stays a link. */
static void
test_save_through_symlink (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-test-XXXXXX", &error);
  g_autofree char *real = g_build_filename (dir, "real.adjoint", NULL);
  g_autofree char *alias = g_build_filename (dir, "link.adjoint", NULL);
  g_autofree char *chain = g_build_filename (dir, "chain.adjoint", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.adjoint", NULL);
  g_autofree char *created = g_build_filename (dir, "created.adjoint", NULL);
  g_autoptr (AgGraphFile) doc = build_full ();
  g_autofree char *expected = ag_graph_file_to_data (doc, NULL);
  g_autoptr (GPtrArray) names = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (real, "x = 1\n", -1, &error));
  g_assert_cmpint (g_chmod (real, 0600), ==, 0);
  g_assert_cmpint (symlink ("real.adjoint", alias), ==, 0);   /* relative */
  g_assert_cmpint (symlink (alias, chain), ==, 0);            /* absolute, to a link */
  g_assert_cmpint (symlink ("created.adjoint", dangling), ==, 0);

  g_assert_true (ag_graph_file_save (doc, chain, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (chain, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (alias, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (real, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);   /* the target's mode, kept */
  assert_contents (real, expected);

  g_assert_true (ag_graph_file_save (doc, dangling, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  assert_contents (created, expected);

  names = list_dir (dir);   /* no temporary file left */
  g_assert_cmpuint (names->len, ==, 5);
  remove_dir (dir);
}

/* A file with two names (hard links): a save is seen under both, because the new bytes are
 * copied over the file from a synced copy (docs/design-notes.md); a longer and a shorter text
 * both come out exact, and the copy is gone. */
static void
test_save_hard_link (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-test-XXXXXX", &error);
  g_autofree char *one = g_build_filename (dir, "one.adjoint", NULL);
  g_autofree char *two = g_build_filename (dir, "two.adjoint", NULL);
  g_autoptr (AgGraphFile) doc = build_full ();
  g_autoptr (AgGraphFile) small = ag_graph_file_new ();
  g_autofree char *expected = ag_graph_file_to_data (doc, NULL);
  g_autofree char *expected_small = ag_graph_file_to_data (small, NULL);
  g_autoptr (GPtrArray) names = NULL;
  GStatBuf st1, st2;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (one, "x = 1\n", -1, &error));
  g_assert_cmpint (link (one, two), ==, 0);

  g_assert_true (ag_graph_file_save (doc, one, &error));   /* longer than before */
  g_assert_no_error (error);
  assert_contents (one, expected);
  assert_contents (two, expected);
  g_assert_true (ag_graph_file_save (small, two, &error));   /* shorter: cut to length */
  g_assert_no_error (error);
  assert_contents (one, expected_small);
  assert_contents (two, expected_small);
  g_assert_cmpint (g_stat (one, &st1), ==, 0);
  g_assert_cmpint (g_stat (two, &st2), ==, 0);
  g_assert_true (st1.st_ino == st2.st_ino);
  g_assert_cmpuint (st1.st_nlink, ==, 2);
  names = list_dir (dir);
  g_assert_cmpuint (names->len, ==, 2);

  /* The disk fills as the file grows in place: found before an old byte is overwritten,
   * so both names still read the old text, and the copy is gone. */
  ag_file_replace_fail_next (AG_FILE_FAIL_IN_PLACE, 0, ENOSPC);
  g_assert_false (ag_graph_file_save (doc, one, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, one));
  g_assert_nonnull (strstr (error->message, "no space left on the device"));
  g_assert_null (strstr (error->message, "new contents are whole in"));
  g_clear_error (&error);
  assert_contents (one, expected_small);
  assert_contents (two, expected_small);
  g_clear_pointer (&names, g_ptr_array_unref);
  names = list_dir (dir);
  g_assert_cmpuint (names->len, ==, 2);
  remove_dir (dir);
}

/* A write that fails part way (a full disk, injected after 100 bytes), a temporary file that
 * cannot be made, a rename that fails: the old file is byte for byte what it was, no
 * temporary file is left, and the message names the file and says why in words. */
static void
test_save_failures (void)
{
  static const struct { AgFileFailStage stage; int errsv; const char *words; } cases[] = {
    { AG_FILE_FAIL_WRITE, ENOSPC, "no space left on the device" },
    { AG_FILE_FAIL_WRITE, EDQUOT, "disk quota is used up" },
    { AG_FILE_FAIL_WRITE, EIO, "input/output error" },
    { AG_FILE_FAIL_CREATE, EACCES, "permission denied: you may not write in the folder " },
    { AG_FILE_FAIL_CREATE, EROFS, "read-only" },
    { AG_FILE_FAIL_COMMIT, ENOSPC, "no space left on the device" },
  };
  static const char old[] = "x = 1\ny = x * x   # the good old file\n";
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "good.adjoint", NULL);
  g_autofree char *twin = g_build_filename (dir, "twin.adjoint", NULL);
  g_autoptr (AgGraphFile) doc = build_full ();

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, old, -1, &error));
  for (guint linked = 0; linked < 2; linked++)   /* a plain file, then one with two names */
    {
      if (linked)
        g_assert_cmpint (link (path, twin), ==, 0);
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autoptr (GPtrArray) names = NULL;

          ag_file_replace_fail_next (cases[i].stage, 100, cases[i].errsv);
          g_assert_false (ag_graph_file_save (doc, path, &error));
          g_assert_error (error, AG_ERROR, AG_ERROR_IO);
          g_assert_nonnull (strstr (error->message, path));
          g_assert_nonnull (strstr (error->message, cases[i].words));
          g_assert_null (strstr (error->message, "output stream"));
          if (cases[i].errsv == EACCES)
            g_assert_nonnull (strstr (error->message, dir));
          g_clear_error (&error);
          assert_contents (path, old);
          names = list_dir (dir);
          g_assert_cmpuint (names->len, ==, 1 + linked);
        }
    }
  remove_dir (dir);
}

/* Without a test hook: a folder that is not there, and one the user may not write in. */
static void
test_save_folder_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-test-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *nowhere = g_build_filename (missing, "lesson.adjoint", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *inside = g_build_filename (locked, "lesson.adjoint", NULL);
  g_autofree char *probe = g_build_filename (locked, "probe", NULL);
  g_autoptr (AgGraphFile) doc = build_full ();

  g_assert_no_error (error);
  g_assert_false (ag_graph_file_save (doc, nowhere, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, nowhere));
  g_assert_nonnull (strstr (error->message, "no such folder"));
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
  if (g_file_set_contents (probe, "", 0, NULL))   /* root, or a file system that ignores modes */
    {
      g_remove (probe);
      g_test_message ("this user may write in a 0555 folder: no permission to be denied");
    }
  else
    {
      g_assert_false (ag_graph_file_save (doc, inside, &error));
      g_assert_error (error, AG_ERROR, AG_ERROR_IO);
      g_assert_nonnull (strstr (error->message, inside));
      g_assert_nonnull (strstr (error->message, "permission denied"));
      g_clear_error (&error);
    }
  g_assert_cmpint (g_rmdir (locked), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The writer on its own: an abort leaves the old file, and a FIFO is written to, never
 * renamed over (nobody reads it here, so the open is refused rather than blocking). */
static void
test_replace_abort_and_fifo (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kept.txt", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  AgFileReplace *r;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "old", -1, &error));
  r = ag_file_replace_begin (path, &error);
  g_assert_no_error (error);
  g_assert_true (ag_file_replace_write (r, "new and longer", 14));
  ag_file_replace_abort (r, &error);
  g_assert_no_error (error);   /* nothing had failed: nothing to tell */
  assert_contents (path, "old");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (ag_file_replace_contents (fifo, "x", 1, &error));
  g_assert_error (error, AG_ERROR, AG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, fifo));
  g_clear_error (&error);
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  remove_dir (dir);
}

/* Which calls are open (issue 18): view.open round-trips; a file without it (every file before
 * functions) has every call folded; a bad list is refused with a message. */
static void
test_open_calls (void)
{
  static const char text[] =
    "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 1\","
    " \"view\": {\"open\": [\"neuron#2\", \"layer\"]}}";
  static const char old[] = "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 1\"}";
  static const char bad[] =
    "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"x = 1\", \"view\": {\"open\": [3]}}";
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_load_from_data (text, strlen (text), &error);
  g_autoptr (AgGraphFile) again = NULL;
  g_autoptr (AgGraphFile) plain = NULL;
  g_autoptr (AgGraphFile) none = NULL;
  g_autofree char *saved = NULL;
  gsize len;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (doc->open_calls), ==, 2);
  g_assert_cmpstr (doc->open_calls[0], ==, "neuron#2");
  g_assert_cmpstr (doc->open_calls[1], ==, "layer");
  saved = ag_graph_file_to_data (doc, &len);
  g_assert_nonnull (strstr (saved, "\"open\": [\"neuron#2\", \"layer\"]"));
  again = ag_graph_file_load_from_data (saved, len, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (again->open_calls, doc->open_calls);

  plain = ag_graph_file_load_from_data (old, strlen (old), &error);
  g_assert_no_error (error);
  g_assert_null (plain->open_calls);
  ag_graph_file_set_open_calls (plain, (const char *const[]) { "f", NULL });
  g_assert_cmpstr (plain->open_calls[0], ==, "f");
  ag_graph_file_set_open_calls (plain, NULL);
  g_assert_null (plain->open_calls);
  g_clear_pointer (&saved, g_free);
  saved = ag_graph_file_to_data (plain, &len);
  g_assert_null (strstr (saved, "\"open\""));

  none = ag_graph_file_load_from_data (bad, strlen (bad), &error);
  g_assert_null (none);
  g_assert_error (error, AG_ERROR, AG_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "\"view\".\"open\" must hold call names"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/graph-file/new", test_new);
  g_test_add_func ("/core/graph-file/setters", test_setters);
  g_test_add_func ("/core/graph-file/round-trip", test_round_trip);
  g_test_add_func ("/core/graph-file/numbers", test_numbers);
  g_test_add_func ("/core/graph-file/sorted", test_sorted);
  g_test_add_func ("/core/graph-file/partial-view", test_partial_view);
  g_test_add_func ("/core/graph-file/unknown-members", test_unknown_members);
  g_test_add_func ("/core/graph-file/duplicate-members", test_duplicate_members);
  g_test_add_func ("/core/graph-file/escapes", test_escapes_round_trip);
  g_test_add_func ("/core/graph-file/training-verbatim", test_training_verbatim);
  g_test_add_func ("/core/graph-file/plain-text", test_plain_text);
  g_test_add_func ("/core/graph-file/plain-text-refused", test_plain_text_refused);
  g_test_add_func ("/core/graph-file/bad-json", test_bad_json);
  g_test_add_func ("/core/graph-file/wrong-types", test_wrong_types);
  g_test_add_func ("/core/graph-file/header", test_header);
  g_test_add_func ("/core/graph-file/newer-version", test_newer_version);
  g_test_add_func ("/core/graph-file/oversized", test_oversized);
  g_test_add_func ("/core/graph-file/too-deep", test_too_deep);
  g_test_add_func ("/core/graph-file/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/graph-file/nul", test_nul);
  g_test_add_func ("/core/graph-file/too-many-captions", test_too_many_captions);
  g_test_add_func ("/core/graph-file/caption-too-long", test_caption_too_long);
  g_test_add_func ("/core/graph-file/non-finite-layout", test_non_finite_layout);
  g_test_add_func ("/core/graph-file/huge-integers", test_huge_integers);
  g_test_add_func ("/core/graph-file/load-file", test_load_file);
  g_test_add_func ("/core/graph-file/save-atomic", test_save_atomic);
  g_test_add_func ("/core/graph-file/save-refuses", test_save_refuses);
  g_test_add_func ("/core/graph-file/save-keeps-mode", test_save_keeps_mode);
  g_test_add_func ("/core/graph-file/save-through-symlink", test_save_through_symlink);
  g_test_add_func ("/core/graph-file/save-hard-link", test_save_hard_link);
  g_test_add_func ("/core/graph-file/save-failures", test_save_failures);
  g_test_add_func ("/core/graph-file/save-folder-errors", test_save_folder_errors);
  g_test_add_func ("/core/graph-file/replace-abort-fifo", test_replace_abort_and_fifo);
  g_test_add_func ("/core/graph-file/open-calls", test_open_calls);

  return g_test_run ();
}
