/* test-json-writer.c: the one number writer (ag_json_number) and the JSON writer: every finite
 * double reads back bit for bit through json-glib and Python's json, written alone, in a tree
 * and in a graph file saved and loaded again; the files' and the command line's layouts. */
#include "core/format.h"
#include "core/graph-file.h"
#include "core/json-writer.h"
#include "tests/read-back.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* Doubles that once came back wrong, the extremes, and random bit patterns (finite ones). */
static GArray *
test_values (guint n)
{
  static const double fixed[] = {
    1e20, -1e300, 5e-324, 0.1, 9007199254740993.0, -0.0, 0.0, 1.7976931348623157e308,
    -1.7976931348623157e308, 2.2250738585072014e-308, 2.2250738585072009e-308, 1e18,
    999999999999999999.0, 9.2233720368547758e18, 1e-7, 1e-6, 123456.789, 300, 1e21, -2.5e-310,
  };
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_append_vals (values, fixed, G_N_ELEMENTS (fixed));
  while (values->len < n)
    {
      guint64 bits = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
      double v;
      memcpy (&v, &bits, sizeof v);
      if (isfinite (v))
        g_array_append_val (values, v);
    }
  return values;
}

static gboolean
same_bits (double a, double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

static char *
expected_bits (GArray *values)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *hex = read_back_bits_hex (g_array_index (values, double, i));
      g_string_append_printf (s, "%s%s", i ? " " : "", hex);
    }
  return g_string_free (s, FALSE);
}

/* A list of every value, written by the writer, read by json-glib and by Python. */
static void
test_numbers_read_back (void)
{
  g_autoptr (GArray) values = test_values (2000);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *want = expected_bits (values);
  g_autofree char *from_python = NULL;
  JsonArray *read;

  json_builder_begin_array (b);
  for (guint i = 0; i < values->len; i++)
    json_builder_add_double_value (b, g_array_index (values, double, i));
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  ag_json_write_lines (text, root);

  g_assert_true (json_parser_load_from_data (parser, text->str, -1, &error));
  g_assert_no_error (error);
  read = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (read), ==, values->len);
  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);
      if (!same_bits (json_array_get_double_element (read, i), v))
        g_error ("%.17g came back as %.17g", v, json_array_get_double_element (read, i));
    }
  from_python = read_back_python_bits (text->str, "d");
  if (from_python)
    g_assert_cmpstr (from_python, ==, want);
  else
    g_test_message ("python3 is not on PATH: json-glib only");
}

/* The layout: shortest digits, an exponent from 1e18 on and below 1e-6, "-0.0" for −0, and
 * today's strings for what JSON lacks. */
static void
test_number_layout (void)
{
  static const struct { double v; const char *json, *text; } cases[] = {
    { 300, "300", "300" },
    { 0.1, "0.1", "0.1" },
    { 1e-6, "0.000001", "0.000001" },
    { 1e-7, "1e-7", "1e-07" },
    { 123456789012345678.0, "123456789012345680", "123456789012345680" },
    { 1e18, "1e+18", "1000000000000000000" },
    { 1e20, "1e+20", "100000000000000000000" },
    { 1e21, "1e+21", "1e+21" },
    { -0.0, "-0.0", "0" },
    { -2.5, "-2.5", "-2.5" },
    { NAN, "\"NaN\"", "nan" },
    { INFINITY, "\"Infinity\"", "inf" },
    { -INFINITY, "\"-Infinity\"", "-inf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) json = g_string_new (NULL);
      g_autoptr (GString) text = g_string_new (NULL);

      ag_json_number (json, cases[i].v);
      ag_format_number (text, cases[i].v);
      g_assert_cmpstr (json->str, ==, cases[i].json);
      g_assert_cmpstr (text->str, ==, cases[i].text);
    }
}

/* The command line's layout: one line, but a top-level list of objects one per line. */
static void
test_layouts (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autoptr (GString) pretty = g_string_new (NULL);
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, "{\"a\": 1.5, \"steps\": [{\"k\": [1, 2]}, "
                                             "{\"k\": []}], \"o\": {\"x\": [[1], [2]]}, "
                                             "\"s\": \"q\\\"\", \"n\": null, \"t\": true}", -1, NULL));
  root = json_parser_get_root (parser);
  ag_json_write_lines (lines, root);
  g_assert_cmpstr (lines->str, ==, "{\"a\": 1.5, \"steps\": [\n  {\"k\": [1, 2]},\n  {\"k\": []}\n], "
                                   "\"o\": {\"x\": [[1], [2]]}, \"s\": \"q\\\"\", \"n\": null, \"t\": true}");
  ag_json_write_node (pretty, json_object_get_member (json_node_get_object (root), "o"), 0);
  g_assert_cmpstr (pretty->str, ==, "{\n  \"x\": [\n    [1],\n    [2]\n  ]\n}");
}

/* A graph file keeps its numbers bit for bit: positions, zoom and pan, saved and loaded. */
static void
test_graph_file_numbers (void)
{
  g_autoptr (GArray) values = test_values (600);
  g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
  g_autoptr (AgGraphFile) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("adjoint-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "numbers.adjoint", NULL);
  g_autofree char *data = NULL;
  g_autofree char *from_python = NULL;
  g_autoptr (GString) want = g_string_new (NULL);

  ag_graph_file_set_program (doc, "x = 1");
  for (guint i = 0; i + 1 < values->len; i += 2)
    {
      char key[16];
      g_snprintf (key, sizeof key, "n%04u", i / 2);
      ag_graph_file_set_position (doc, key, g_array_index (values, double, i),
                                  g_array_index (values, double, i + 1));
    }
  doc->zoom = 5e-324;   /* the smallest zoom above 0 */
  doc->pan_x = 1e20;
  doc->pan_y = -0.0;
  g_assert_true (ag_graph_file_save (doc, path, &error));
  g_assert_no_error (error);
  back = ag_graph_file_load (path, &error);
  g_assert_no_error (error);

  g_assert_true (same_bits (back->zoom, doc->zoom));
  g_assert_true (same_bits (back->pan_x, doc->pan_x));
  g_assert_true (same_bits (back->pan_y, doc->pan_y));
  for (guint i = 0; i + 1 < values->len; i += 2)
    {
      char key[16];
      g_autofree char *hx = read_back_bits_hex (g_array_index (values, double, i));
      g_autofree char *hy = read_back_bits_hex (g_array_index (values, double, i + 1));
      const AgPoint *p;
      g_snprintf (key, sizeof key, "n%04u", i / 2);
      p = g_hash_table_lookup (back->positions, key);
      g_assert_nonnull (p);
      g_assert_true (same_bits (p->x, g_array_index (values, double, i)));
      g_assert_true (same_bits (p->y, g_array_index (values, double, i + 1)));
      g_string_append_printf (want, "%s%s %s", i ? " " : "", hx, hy);
    }

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  from_python = read_back_python_bits (data, "[c for k in sorted(d['layout']) for c in d['layout'][k]]");
  if (from_python)
    g_assert_cmpstr (from_python, ==, want->str);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/json-writer/numbers-read-back", test_numbers_read_back);
  g_test_add_func ("/core/json-writer/number-layout", test_number_layout);
  g_test_add_func ("/core/json-writer/layouts", test_layouts);
  g_test_add_func ("/core/json-writer/graph-file", test_graph_file_numbers);
  return g_test_run ();
}
