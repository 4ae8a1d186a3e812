/* graph-file.c: graph files (docs/file-format.md): checked, bounded JSON in; deterministic out. */


#include "core/graph-file.h"
#include "core/file.h"
#include "core/format.h"
#include "core/json-writer.h"
#include "core/program.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define FORMAT_NAME "adjoint-graph"

/* ---- the document ---------------------------------------------------------------------- */

AgGraphFile *
ag_graph_file_new (void)
{
  AgGraphFile *doc = g_new0 (AgGraphFile, 1);

  doc->program = g_strdup ("");
  doc->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  doc->captions = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  doc->step = -1;
  return doc;
}

void
ag_graph_file_free (AgGraphFile *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_free (doc->note);
  g_free (doc->program);
  g_clear_pointer (&doc->positions, g_hash_table_unref);
  g_clear_pointer (&doc->captions, g_hash_table_unref);
  g_free (doc->theme);
  g_free (doc->mode);
  g_clear_pointer (&doc->training, json_node_unref);
  g_free (doc);
}

void
ag_graph_file_set_program (AgGraphFile *doc, const char *program)
{
  g_return_if_fail (doc != NULL);

  g_free (doc->program);
  doc->program = g_strdup (program ? program : "");
}

void
ag_graph_file_set_position (AgGraphFile *doc, const char *node_key, double x, double y)
{
  AgPoint *p;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (node_key != NULL);

  p = g_new (AgPoint, 1);
  p->x = x;
  p->y = y;
  g_hash_table_replace (doc->positions, g_strdup (node_key), p);
}

void
ag_graph_file_set_caption (AgGraphFile *doc, guint step, const char *text)
{
  g_return_if_fail (doc != NULL);

  if (text == NULL)
    g_hash_table_remove (doc->captions, GUINT_TO_POINTER (step));
  else
    g_hash_table_replace (doc->captions, GUINT_TO_POINTER (step), g_strdup (text));
}

const char *
ag_graph_file_get_caption (const AgGraphFile *doc, guint step)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return g_hash_table_lookup (doc->captions, GUINT_TO_POINTER (step));
}

/* ---- locations and messages ------------------------------------------------------------ */

/* The 1-based line and column (in characters) of byte @offset of @data. */
static void
locate (const char *data, gsize offset, guint *line, guint *col)
{
  gsize line_start = 0;
  guint l = 1, c = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        l++;
        line_start = i + 1;
      }
  for (gsize i = line_start; i < offset; i++)
    if (((guchar) data[i] & 0xc0) != 0x80)   /* count lead bytes: one per character */
      c++;
  *line = l;
  *col = c;
}

/* A member name or value fit to quote in a message: at most 40 characters, quoted and
 * escaped as in JSON. */
static char *
quote (const char *s)
{
  GString *out = g_string_new (NULL);

  if (g_utf8_validate (s, -1, NULL) && g_utf8_strlen (s, -1) > 40)
    {
      g_autofree char *cut = g_utf8_substring (s, 0, 40);
      g_autofree char *ellipsis = g_strconcat (cut, "…", NULL);
      ag_json_string (out, ellipsis);
    }
  else
    ag_json_string (out, s);
  return g_string_free (out, FALSE);
}

/* ---- the pre-scan ---------------------------------------------------------------------- */

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
hex4 (const char *p, gsize left)
{
  int v = 0;

  if (left < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* Checks what json-glib would trust us to have checked, in one loop with no recursion: the
 * text is UTF-8 with no NUL, strings use only JSON's escapes (json-glib 1.6 aborts or makes
 * invalid UTF-8 on some others, e.g. a lone surrogate), there are no comments or single-quoted
 * strings (json-glib accepts them, and they would hide brackets from this count), and arrays
 * and objects nest at most AG_MAX_JSON_DEPTH deep, since json-glib parses recursively and
 * 8 MiB of '[' would overflow the stack. */
static gboolean
prescan_json (const char *data, gsize length, GError **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gsize string_start = 0;
  gsize bad = 0;
  const char *why = NULL;
  AgErrorCode code = AG_ERROR_FORMAT;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (c == 0)
        {
          bad = i, why = "the file contains a NUL byte: is it a graph file?";
          goto fail;
        }
      if (c >= 0x80)
        {
          gunichar u = g_utf8_get_char_validated (data + i, length - i);
          if (u == (gunichar) -1 || u == (gunichar) -2)
            {
              bad = i, why = "the file is not valid UTF-8 text";
              goto fail;
            }
          i += g_utf8_skip[c] - 1;
          continue;
        }
      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\')
            {
              char e;
              int hi, lo;

              if (i + 1 >= length)
                break;   /* unterminated: reported below */
              e = data[i + 1];
              if (e != 'u')
                {
                  if (e == 0 || strchr ("\"\\/bfnrt", e) == NULL)
                    {
                      bad = i, why = "a string holds an escape JSON does not have: JSON allows "
                                     "\\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX";
                      goto fail;
                    }
                  i++;
                  continue;
                }
              hi = hex4 (data + i + 2, length - (i + 2));
              if (hi < 0)
                {
                  bad = i, why = "\\u must be followed by four hexadecimal digits";
                  goto fail;
                }
              if (hi == 0)
                {
                  bad = i, why = "a string holds \\u0000: strings cannot contain NUL";
                  goto fail;
                }
              if (hi >= 0xdc00 && hi <= 0xdfff)
                {
                  bad = i, why = "a string holds a lone low surrogate (\\uDC00 to \\uDFFF)";
                  goto fail;
                }
              if (hi >= 0xd800 && hi <= 0xdbff)
                {
                  lo = (i + 7 < length && data[i + 6] == '\\' && data[i + 7] == 'u')
                       ? hex4 (data + i + 8, length - (i + 8)) : -1;
                  if (lo < 0xdc00 || lo > 0xdfff)
                    {
                      bad = i, why = "a high surrogate (\\uD800 to \\uDBFF) must be followed by "
                                     "a low one (\\uDC00 to \\uDFFF)";
                      goto fail;
                    }
                  i += 6;
                }
              i += 5;
            }
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          string_start = i;
          break;
        case '[':
        case '{':
          if (++depth > AG_MAX_JSON_DEPTH)
            {
              bad = i, code = AG_ERROR_LIMIT;
              why = "arrays and objects nest deeper than " G_STRINGIFY (AG_MAX_JSON_DEPTH)
                    " levels";
              goto fail;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case '\'':
          bad = i, why = "JSON strings take double quotes (\"), not single ones";
          goto fail;
        case '/':
          bad = i, why = "JSON has no comments";
          goto fail;
        default:
          break;
        }
    }
  if (in_string)
    {
      bad = string_start, why = "a string is not closed: a \" is missing";
      goto fail;
    }
  return TRUE;

fail:
  {
    guint line, col;

    locate (data, bad, &line, &col);
    ag_set_error_at (error, code, line, col, 1, "%s", why);
    return FALSE;
  }
}

/* json-glib's messages read "<data>:LINE:COL: Parse error: MESSAGE", its column counting
 * bytes; ours count characters. */
static void
set_json_error (GError **error, const GError *json_error, const char *data, gsize length)
{
  const char *msg = json_error->message;
  const char *p;
  char *end;
  guint64 line = 0, col = 0;

  if (g_str_has_prefix (msg, "<data>:"))
    {
      p = msg + strlen ("<data>:");
      line = g_ascii_strtoull (p, &end, 10);
      if (end != p && *end == ':')
        {
          p = end + 1;
          col = g_ascii_strtoull (p, &end, 10);
          if (end != p && *end == ':')
            {
              msg = end + 1;
              while (*msg == ' ')
                msg++;
              if (g_str_has_prefix (msg, "Parse error: "))
                msg += strlen ("Parse error: ");
            }
          else
            line = 0;
        }
      else
        line = 0;
    }
  if (line > 0 && line <= G_MAXUINT && col <= G_MAXUINT)
    {
      /* Find the line, then turn its byte column into characters. */
      gsize start = 0, stop;
      guint64 l = 1;
      guint chars = 1;

      for (gsize i = 0; i < length && l < line; i++)
        if (data[i] == '\n')
          {
            l++;
            start = i + 1;
          }
      stop = start;
      while (stop < length && data[stop] != '\n' && stop - start + 1 < col)
        stop++;
      for (gsize i = start; i < stop; i++)
        if (((guchar) data[i] & 0xc0) != 0x80)
          chars++;
      ag_set_error_at (error, AG_ERROR_FORMAT, (guint) line, chars, 1, "not valid JSON: %s", msg);
    }
  else
    ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "not valid JSON: %s", msg);
}

/* ---- reading members ------------------------------------------------------------------- */

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
get_string (JsonNode *node, const char **out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return *out != NULL;
}

static gboolean
get_integer (JsonNode *node, gint64 *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_number (JsonNode *node, double *out)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  if (t != G_TYPE_INT64 && t != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

/* [x, y]: two numbers. Returns FALSE if it is not that; *finite says whether both are. */
static gboolean
get_pair (JsonNode *node, double *x, double *y, gboolean *finite)
{
  JsonArray *a;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  a = json_node_get_array (node);
  if (json_array_get_length (a) != 2
      || !get_number (json_array_get_element (a, 0), x)
      || !get_number (json_array_get_element (a, 1), y))
    return FALSE;
  *finite = isfinite (*x) && isfinite (*y);
  return TRUE;
}

/* An optional string member: absent or null leaves *out alone. */
static gboolean
read_text (JsonObject *obj, const char *member, const char *path, char **out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  const char *s;

  if (is_null (node))
    return TRUE;
  if (!get_string (node, &s))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "%s must be a string", path);
      return FALSE;
    }
  if (!g_utf8_validate (s, -1, NULL))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "%s is not valid UTF-8 text", path);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (s);
  return TRUE;
}

/* A caption key: a step number written as decimal digits, no sign and no leading zero. */
static gboolean
parse_step_key (const char *key, guint *out)
{
  guint64 v = 0;

  if (key[0] == 0 || (key[0] == '0' && key[1] != 0))
    return FALSE;
  for (const char *p = key; *p; p++)
    {
      if (*p < '0' || *p > '9')
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
      if (v > G_MAXUINT)
        return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

static gboolean
read_layout (AgGraphFile *doc, JsonNode *node, GError **error)
{
  JsonObject *obj;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"layout\" must be an object: node name → [x, y]");
      return FALSE;
    }
  obj = json_node_get_object (node);
  if (json_object_get_size (obj) > AG_MAX_NODES)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                       "\"layout\" has %u entries; a graph has at most %u nodes",
                       json_object_get_size (obj), AG_MAX_NODES);
      return FALSE;
    }
  json_object_iter_init_ordered (&iter, obj);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      double x, y;
      gboolean finite;

      if (!get_pair (value, &x, &y, &finite))
        {
          g_autofree char *q = quote (key);
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"layout\".%s must be an array of two numbers", q);
          return FALSE;
        }
      if (!finite)
        {
          g_autofree char *q = quote (key);
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"layout\".%s holds a number too large to be a position", q);
          return FALSE;
        }
      ag_graph_file_set_position (doc, key, x, y);
    }
  return TRUE;
}

static gboolean
read_view (AgGraphFile *doc, JsonNode *node, GError **error)
{
  JsonObject *obj;
  JsonNode *m;
  const char *s;

  if (is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"view\" must be an object");
      return FALSE;
    }
  obj = json_node_get_object (node);

  m = json_object_get_member (obj, "zoom");
  if (!is_null (m))
    {
      double zoom;
      if (!get_number (m, &zoom) || !isfinite (zoom) || zoom <= 0)
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"view\".\"zoom\" must be a number greater than 0");
          return FALSE;
        }
      doc->zoom = zoom;
    }

  m = json_object_get_member (obj, "pan");
  if (!is_null (m))
    {
      double x, y;
      gboolean finite;
      if (!get_pair (m, &x, &y, &finite) || !finite)
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"view\".\"pan\" must be an array of two numbers");
          return FALSE;
        }
      doc->pan_x = x;
      doc->pan_y = y;
    }

  m = json_object_get_member (obj, "step");
  if (!is_null (m))
    {
      gint64 step;
      if (!get_integer (m, &step) || step < 0 || step > G_MAXINT)
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"view\".\"step\" must be an integer, 0 or more");
          return FALSE;
        }
      doc->step = (int) step;
    }

  m = json_object_get_member (obj, "theme");
  if (!is_null (m))
    {
      if (!get_string (m, &s)
          || (strcmp (s, "light") != 0 && strcmp (s, "dark") != 0
              && strcmp (s, "high-contrast") != 0))
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"view\".\"theme\" must be \"light\", \"dark\" or \"high-contrast\"");
          return FALSE;
        }
      doc->theme = g_strdup (s);
    }

  m = json_object_get_member (obj, "mode");
  if (!is_null (m))
    {
      if (!get_string (m, &s) || (strcmp (s, "reverse") != 0 && strcmp (s, "forward") != 0))
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"view\".\"mode\" must be \"reverse\" or \"forward\"");
          return FALSE;
        }
      doc->mode = g_strdup (s);
    }
  return TRUE;
}

static gboolean
read_captions (AgGraphFile *doc, JsonNode *node, GError **error)
{
  JsonObject *obj;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"captions\" must be an object: step number → text");
      return FALSE;
    }
  obj = json_node_get_object (node);
  if (json_object_get_size (obj) > AG_MAX_CAPTIONS)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                       "\"captions\" has %u entries; a file holds at most %u captions",
                       json_object_get_size (obj), AG_MAX_CAPTIONS);
      return FALSE;
    }
  json_object_iter_init_ordered (&iter, obj);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      g_autofree char *q = quote (key);
      const char *text;
      guint k;

      if (!parse_step_key (key, &k))
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"captions\" key %s must be a step number (0, 1, 2, …)", q);
          return FALSE;
        }
      if (!get_string (value, &text))
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"captions\".%s must be a string", q);
          return FALSE;
        }
      if (strlen (text) > AG_MAX_CAPTION_BYTES)
        {
          ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                           "\"captions\".%s is %" G_GSIZE_FORMAT " bytes long; a caption "
                           "holds at most %u", q, strlen (text), AG_MAX_CAPTION_BYTES);
          return FALSE;
        }
      if (!g_utf8_validate (text, -1, NULL))
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"captions\".%s is not valid UTF-8 text", q);
          return FALSE;
        }
      ag_graph_file_set_caption (doc, k, text);
    }
  return TRUE;
}

static AgGraphFile *
load_json (const char *data, gsize length, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) json_error = NULL;
  g_autoptr (AgGraphFile) doc = NULL;
  JsonNode *root, *node;
  JsonObject *obj;
  const char *s;
  gint64 version;

  if (!prescan_json (data, length, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &json_error))
    {
      set_json_error (error, json_error, data, length);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "a graph file is one JSON object");
      return NULL;
    }
  obj = json_node_get_object (root);

  /* "format" and "version" first, so that another JSON file or a newer graph file is named
   * as such rather than by whatever member it lacks. */
  node = json_object_get_member (obj, "format");
  if (node == NULL)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "missing \"format\": this JSON is not an Adjoint graph file");
      return NULL;
    }
  if (!get_string (node, &s))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"format\" must be the string \"" FORMAT_NAME "\"");
      return NULL;
    }
  if (strcmp (s, FORMAT_NAME) != 0)
    {
      g_autofree char *q = quote (s);
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"format\" is %s, not \"" FORMAT_NAME "\": this JSON is not an "
                       "Adjoint graph file", q);
      return NULL;
    }

  node = json_object_get_member (obj, "version");
  if (node == NULL)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "missing \"version\"");
      return NULL;
    }
  if (!get_integer (node, &version))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"version\" must be an integer");
      return NULL;
    }
  if (version < 1)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"version\" is %" G_GINT64_FORMAT "; versions start at 1", version);
      return NULL;
    }
  if (version > AG_FILE_VERSION)
    {
      ag_set_error_at (error, AG_ERROR_VERSION, 0, 0, 0,
                       "this file was written by a newer Adjoint (format version %"
                       G_GINT64_FORMAT "); this Adjoint reads up to version %d",
                       version, AG_FILE_VERSION);
      return NULL;
    }

  doc = ag_graph_file_new ();

  if (!read_text (obj, "title", "\"title\"", &doc->title, error)
      || !read_text (obj, "note", "\"note\"", &doc->note, error))
    return NULL;

  node = json_object_get_member (obj, "program");
  if (node == NULL)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "missing \"program\": a graph file holds its program as a string");
      return NULL;
    }
  if (!get_string (node, &s))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"program\" must be a string");
      return NULL;
    }
  if (strlen (s) > AG_MAX_PROGRAM_BYTES)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                       "\"program\" is %" G_GSIZE_FORMAT " bytes long; a program holds at "
                       "most %u", strlen (s), AG_MAX_PROGRAM_BYTES);
      return NULL;
    }
  if (!g_utf8_validate (s, -1, NULL))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"program\" is not valid UTF-8 text");
      return NULL;
    }
  ag_graph_file_set_program (doc, s);

  if (!read_layout (doc, json_object_get_member (obj, "layout"), error)
      || !read_view (doc, json_object_get_member (obj, "view"), error)
      || !read_captions (doc, json_object_get_member (obj, "captions"), error))
    return NULL;

  node = json_object_get_member (obj, "training");
  if (!is_null (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"training\" must be an object");
          return NULL;
        }
      doc->training = json_node_copy (node);
    }

  return g_steal_pointer (&doc);
}

/* Anything that does not start with '{' is a program saved as plain text. */
static AgGraphFile *
load_text (const char *data, gsize length, GError **error)
{
  g_autoptr (AgGraphFile) doc = NULL;
  const char *nul, *end;

  if (length > AG_MAX_PROGRAM_BYTES)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                       "the program is %" G_GSIZE_FORMAT " bytes long; a program holds at "
                       "most %u", length, AG_MAX_PROGRAM_BYTES);
      return NULL;
    }
  nul = memchr (data, 0, length);
  if (!g_utf8_validate (data, (gssize) length, &end) || nul != NULL)
    {
      guint line, col;
      gboolean is_nul = nul != NULL && nul == end;

      locate (data, (gsize) ((is_nul ? nul : end) - data), &line, &col);
      ag_set_error_at (error, AG_ERROR_FORMAT, line, col, 1, "%s",
                       is_nul ? "the file contains a NUL byte: is it a program?"
                              : "the file is not valid UTF-8 text");
      return NULL;
    }
  doc = ag_graph_file_new ();
  g_free (doc->program);
  doc->program = g_strndup (data, length);
  return g_steal_pointer (&doc);
}

AgGraphFile *
ag_graph_file_load_from_data (const char *data, gsize length, GError **error)
{
  gsize i;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > AG_MAX_FILE_BYTES)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                       "the file is %" G_GSIZE_FORMAT " bytes long; a graph file holds at "
                       "most %u (8 MiB)", length, AG_MAX_FILE_BYTES);
      return NULL;
    }
  if (length == 0)
    return load_text ("", 0, error);
  /* A byte-order mark, as some editors write, says nothing in UTF-8. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  for (i = 0; i < length && is_blank (data[i]); i++)
    ;
  if (i < length && data[i] == '{')
    return load_json (data, length, error);
  return load_text (data, length, error);
}

AgGraphFile *
ag_graph_file_load (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  contents = ag_file_read_bounded (path, AG_MAX_FILE_BYTES, "a graph file", &length, error);
  if (contents == NULL)
    return NULL;
  return ag_graph_file_load_from_data (contents, length, error);
}

/* ---- writing --------------------------------------------------------------------------- */

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_steps (gconstpointer a, gconstpointer b)
{
  guint x = GPOINTER_TO_UINT (*(const gpointer *) a);
  guint y = GPOINTER_TO_UINT (*(const gpointer *) b);

  return x < y ? -1 : x > y;
}

static void
add_string_member (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_pair (JsonBuilder *b, double x, double y)
{
  json_builder_begin_array (b);
  json_builder_add_double_value (b, x);
  json_builder_add_double_value (b, y);
  json_builder_end_array (b);
}

/* "layout": node key → [x, y], sorted by key. */
static void
add_layout (JsonBuilder *b, GHashTable *positions)
{
  guint n;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (positions, &n);

  qsort (keys, n, sizeof *keys, compare_strings);
  json_builder_set_member_name (b, "layout");
  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    {
      const AgPoint *p = g_hash_table_lookup (positions, keys[i]);
      json_builder_set_member_name (b, keys[i]);
      add_pair (b, p->x, p->y);
    }
  json_builder_end_object (b);
}

/* "view": what is set of zoom, pan, step, theme and mode. A zoom of 0 and a negative step
 * mean "not set"; so does a pan of (0, 0), the default. */
static void
add_view (JsonBuilder *b, const AgGraphFile *doc)
{
  if (doc->zoom == 0 && doc->pan_x == 0 && doc->pan_y == 0 && doc->step < 0 && !doc->theme
      && !doc->mode)
    return;
  json_builder_set_member_name (b, "view");
  json_builder_begin_object (b);
  if (doc->zoom != 0)
    {
      json_builder_set_member_name (b, "zoom");
      json_builder_add_double_value (b, doc->zoom);
    }
  if (doc->pan_x != 0 || doc->pan_y != 0)
    {
      json_builder_set_member_name (b, "pan");
      add_pair (b, doc->pan_x, doc->pan_y);
    }
  if (doc->step >= 0)
    {
      json_builder_set_member_name (b, "step");
      json_builder_add_int_value (b, doc->step);
    }
  if (doc->theme)
    add_string_member (b, "theme", doc->theme);
  if (doc->mode)
    add_string_member (b, "mode", doc->mode);
  json_builder_end_object (b);
}

/* "captions": step → text, in step order. */
static void
add_captions (JsonBuilder *b, GHashTable *captions)
{
  guint n;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (captions, &n);

  qsort (keys, n, sizeof *keys, compare_steps);
  json_builder_set_member_name (b, "captions");
  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    {
      char key[16];
      g_snprintf (key, sizeof key, "%u", GPOINTER_TO_UINT (keys[i]));
      add_string_member (b, key, g_hash_table_lookup (captions, keys[i]));
    }
  json_builder_end_object (b);
}

/* The file as a tree, members in the order of docs/file-format.md, unset ones left out; the
 * one JSON writer lays it out (core/json-writer.c). */
char *
ag_graph_file_to_data (const AgGraphFile *doc, gsize *length)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (doc != NULL, NULL);

  json_builder_begin_object (b);
  add_string_member (b, "format", FORMAT_NAME);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, AG_FILE_VERSION);
  if (doc->title)
    add_string_member (b, "title", doc->title);
  if (doc->note)
    add_string_member (b, "note", doc->note);
  add_string_member (b, "program", doc->program ? doc->program : "");
  if (doc->positions && g_hash_table_size (doc->positions) > 0)
    add_layout (b, doc->positions);
  add_view (b, doc);
  if (doc->captions && g_hash_table_size (doc->captions) > 0)
    add_captions (b, doc->captions);
  if (doc->training)
    {
      json_builder_set_member_name (b, "training");
      json_builder_add_value (b, json_node_copy (doc->training));
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  ag_json_write_node (out, root, 0);
  g_string_append_c (out, '\n');
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* How deep @node nests, counting itself; stops counting past @limit. */
static guint
node_depth (JsonNode *node, guint limit)
{
  guint deepest = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node) && !JSON_NODE_HOLDS_ARRAY (node))
    return 0;
  if (limit == 0)
    return 1;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *m;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (deepest < limit && json_object_iter_next_ordered (&iter, &name, &m))
        {
          guint d = node_depth (m, limit - 1);   /* not inside MAX (), which evaluates twice */
          deepest = MAX (deepest, d);
        }
    }
  else
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a) && deepest < limit; i++)
        {
          guint d = node_depth (json_array_get_element (a, i), limit - 1);
          deepest = MAX (deepest, d);
        }
    }
  return deepest + 1;
}

gboolean
ag_graph_file_save (const AgGraphFile *doc, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr (AgGraphFile) check = NULL;
  g_autoptr (GError) local = NULL;
  gsize length;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Never write a file that Adjoint would refuse to open: read it back first, with the same
   * rules as a file from elsewhere (the training setup inside an object that holds it). */
  if (doc->training && node_depth (doc->training, AG_MAX_JSON_DEPTH) >= AG_MAX_JSON_DEPTH)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                       "could not save %s: the training setup nests deeper than %d levels",
                       path, AG_MAX_JSON_DEPTH - 1);
      return FALSE;
    }
  data = ag_graph_file_to_data (doc, &length);
  check = ag_graph_file_load_from_data (data, length, &local);
  if (check == NULL)
    {
      ag_set_error_at (error, local->code, 0, 0, 0, "could not save %s: %s", path,
                       local->message);
      return FALSE;
    }

  g_clear_error (&local);
  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local))
    {
      ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0, "could not save %s: %s", path,
                       local->message);
      return FALSE;
    }
  return TRUE;
}
