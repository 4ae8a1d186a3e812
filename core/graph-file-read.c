/* graph-file-read.c: reading graph files (docs/file-format.md): a pre-scan that bounds the JSON
 * before json-glib builds it, then every member checked, with messages that say where. */
#include "core/graph-file.h"
#include "core/exercise.h"
#include "core/file.h"
#include "core/format.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

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

/* The escape at @data[@i] (a backslash inside a string, not the last byte): NULL when JSON has
 * it, with *@last set to the index of its last byte; otherwise why it is refused (*@last is left
 * alone). */
static const char *
check_escape (const char *data, gsize length, gsize i, gsize *last)
{
  const char e = data[i + 1];
  int hi, lo;

  if (e != 'u')
    {
      if (e == 0 || strchr ("\"\\/bfnrt", e) == NULL)
        return "a string holds an escape JSON does not have: JSON allows "
               "\\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX";
      *last = i + 1;
      return NULL;
    }
  hi = hex4 (data + i + 2, length - (i + 2));
  if (hi < 0)
    return "\\u must be followed by four hexadecimal digits";
  if (hi == 0)
    return "a string holds \\u0000: strings cannot contain NUL";
  if (hi >= 0xdc00 && hi <= 0xdfff)
    return "a string holds a lone low surrogate (\\uDC00 to \\uDFFF)";
  if (hi >= 0xd800 && hi <= 0xdbff)
    {
      lo = (i + 7 < length && data[i + 6] == '\\' && data[i + 7] == 'u')
           ? hex4 (data + i + 8, length - (i + 8)) : -1;
      if (lo < 0xdc00 || lo > 0xdfff)
        return "a high surrogate (\\uD800 to \\uDBFF) must be followed by a low one "
               "(\\uDC00 to \\uDFFF)";
      i += 6;
    }
  *last = i + 5;
  return NULL;
}

/* The number that starts at @data[@i] (a digit that does not continue a word or a number):
 * sets *@end to the index after it. Returns FALSE for an integer (no fraction, no exponent)
 * outside gint64 (@negative: a minus sign comes before it): json-glib reads the digits into
 * 64 bits without a check, so -99999999999999999999 would load as 1 and 2^63 as -2^63.
 * Octal and hex forms (json-glib's, not JSON's) are measured as decimal or hex digits: a
 * bound that is never looser. */
static gboolean
scan_number (const char *data, gsize length, gsize i, gboolean negative, gsize *end)
{
  const guint64 max = (guint64) G_MAXINT64 + (negative ? 1 : 0);
  gboolean hex = i + 1 < length && data[i] == '0' && (data[i + 1] == 'x' || data[i + 1] == 'X');
  guint64 v = 0, base = hex ? 16 : 10;
  gboolean fits = TRUE;
  int d;

  if (hex)
    i += 2;
  for (; i < length && (d = g_ascii_xdigit_value (data[i])) >= 0 && (hex || d < 10); i++)
    {
      if (v > (max - (guint64) d) / base)
        fits = FALSE;
      else
        v = v * base + (guint64) d;
    }
  if (!hex && i < length && (data[i] == '.' || data[i] == 'e' || data[i] == 'E'))
    {
      /* A fraction or an exponent makes a double, which json-glib reads with its own check
       * (1e400 is inf, refused where a finite number is needed). */
      fits = TRUE;
      while (i < length && (g_ascii_isdigit (data[i]) || data[i] == '.' || data[i] == 'e'
                            || data[i] == 'E' || data[i] == '+' || data[i] == '-'))
        i++;
    }
  *end = i;
  return fits;
}

/* Checks what json-glib would trust us to have checked, in one loop with no recursion: the
 * text is UTF-8 with no NUL, strings use only JSON's escapes (json-glib 1.6 aborts or makes
 * invalid UTF-8 on some others, e.g. a lone surrogate), there are no comments or single-quoted
 * strings (json-glib accepts them, and they would hide brackets from this count), and arrays
 * and objects nest at most AG_MAX_JSON_DEPTH deep, since json-glib parses recursively and
 * 8 MiB of '[' would overflow the stack, and every integer fits in 64 bits (scan_number). */
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
              if (i + 1 >= length)
                break;   /* unterminated: reported below */
              why = check_escape (data, length, i, &i);
              if (why)
                {
                  bad = i;
                  goto fail;
                }
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
          if (g_ascii_isdigit (c)
              && (i == 0 || !(g_ascii_isalnum (data[i - 1]) || data[i - 1] == '_'
                              || data[i - 1] == '.')))
            {
              gsize start = i > 0 && data[i - 1] == '-' ? i - 1 : i;

              if (!scan_number (data, length, i, start < i, &i))
                {
                  bad = start;
                  why = "an integer lies beyond what 64 bits hold (from -9223372036854775808 "
                        "to 9223372036854775807); a number this large must be written with "
                        "an exponent (1e+20)";
                  goto fail;
                }
              i--;   /* the loop steps past the number's last character */
            }
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

/* One entry of a map member: its key and its value, read into @doc. */
typedef gboolean (*ReadEntryFunc) (AgGraphFile *doc, const char *key, JsonNode *value,
                                   GError **error);

/* A member that maps keys to values ("layout", "captions"), absent or null, or an object (@map
 * says of what: "node name → [x, y]") of at most @max entries (@bound says whose: "a graph has
 * at most", @unit: "nodes"), each read in order by @read_entry. */
static gboolean
read_map (AgGraphFile *doc, JsonNode *node, const char *name, const char *map, guint max,
          const char *bound, const char *unit, ReadEntryFunc read_entry, GError **error)
{
  JsonObject *obj;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"%s\" must be an object: %s", name, map);
      return FALSE;
    }
  obj = json_node_get_object (node);
  if (json_object_get_size (obj) > max)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0, "\"%s\" has %u entries; %s %u %s", name,
                       json_object_get_size (obj), bound, max, unit);
      return FALSE;
    }
  json_object_iter_init_ordered (&iter, obj);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    if (!read_entry (doc, key, value, error))
      return FALSE;
  return TRUE;
}

/* "layout": node name → [x, y]. */
static gboolean
read_position (AgGraphFile *doc, const char *key, JsonNode *value, GError **error)
{
  g_autofree char *q = quote (key);
  double x, y;
  gboolean finite;

  if (!get_pair (value, &x, &y, &finite))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"layout\".%s must be an array of two numbers", q);
      return FALSE;
    }
  if (!finite)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"layout\".%s holds a number too large to be a position", q);
      return FALSE;
    }
  ag_graph_file_set_position (doc, key, x, y);
  return TRUE;
}

/* "view"."open": the names of the calls drawn open (issue 18); a file without it (every file
 * before functions) has every call folded. */
static gboolean
read_open_calls (AgGraphFile *doc, JsonNode *node, GError **error)
{
  g_autoptr (GPtrArray) names = NULL;
  JsonArray *array;

  if (is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (array = json_node_get_array (node)) > AG_MAX_OPEN_CALLS)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"view\".\"open\" must be a list of at most %u call names",
                       AG_MAX_OPEN_CALLS);
      return FALSE;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s;
      if (!get_string (json_array_get_element (array, i), &s) || s[0] == 0
          || strlen (s) > AG_MAX_CALL_NAME_BYTES)
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                           "\"view\".\"open\" must hold call names such as \"neuron#2\"");
          return FALSE;
        }
      g_ptr_array_add (names, g_strdup (s));
    }
  g_ptr_array_add (names, NULL);
  g_strfreev (doc->open_calls);
  doc->open_calls = (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  if (doc->open_calls[0] == NULL)
    g_clear_pointer (&doc->open_calls, g_strfreev);
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
  return read_open_calls (doc, json_object_get_member (obj, "open"), error);
}

/* "captions": anchor → text (core/caption-anchor.h); an old file's step number is kept as it
 * is until the document places it against the program's trace. */
static gboolean
read_caption (AgGraphFile *doc, const char *key, JsonNode *value, GError **error)
{
  g_autofree char *q = quote (key);
  const char *text;

  if (key[0] == 0 || strlen (key) > AG_MAX_CAPTION_ANCHOR_BYTES)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"captions\" key %s must name a step (\"start\", \"forward:y\", "
                       "\"backward:y->x\", …) in at most %u bytes", q,
                       AG_MAX_CAPTION_ANCHOR_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate (key, -1, NULL))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"captions\" key %s is not valid UTF-8 text", q);
      return FALSE;
    }
  if (!get_string (value, &text))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"captions\".%s must be a string", q);
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
  ag_graph_file_set_caption (doc, key, text);
  return TRUE;
}

/* A question's string member @member (at @path, e.g. "questions"[2].step): absent or null is
 * allowed only when @optional; at most @max bytes of UTF-8. */
static gboolean
read_question_text (JsonObject *obj, const char *member, const char *path, gboolean optional,
                    guint max, const char **out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (is_null (node) && optional)
    return TRUE;
  if (is_null (node) || !get_string (node, out) || (*out)[0] == '\0')
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "%s must be a string that is not empty",
                       path);
      return FALSE;
    }
  if (strlen (*out) > max)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0, "%s is %" G_GSIZE_FORMAT " bytes long; "
                       "it holds at most %u", path, strlen (*out), max);
      return FALSE;
    }
  if (!g_utf8_validate (*out, -1, NULL))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "%s is not valid UTF-8 text", path);
      return FALSE;
    }
  return TRUE;
}

/* "questions": a list of {kind, step, prompt} (core/exercise.h), in the lecturer's order. A
 * step that names no step of the program is kept, as a caption's anchor is. */
static gboolean
read_questions (AgGraphFile *doc, JsonNode *node, GError **error)
{
  JsonArray *list;

  if (is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"questions\" must be a list of "
                       "objects: {\"kind\", \"step\", \"prompt\"}");
      return FALSE;
    }
  list = json_node_get_array (node);
  if (json_array_get_length (list) > AG_MAX_QUESTIONS)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0, "\"questions\" has %u entries; a file "
                       "holds at most %u questions", json_array_get_length (list),
                       AG_MAX_QUESTIONS);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *entry = json_array_get_element (list, i);
      g_autofree char *at = g_strdup_printf ("\"questions\"[%u]", i);
      g_autofree char *kind_path = g_strconcat (at, ".kind", NULL);
      g_autofree char *step_path = g_strconcat (at, ".step", NULL);
      g_autofree char *prompt_path = g_strconcat (at, ".prompt", NULL);
      const char *kind, *step, *prompt;
      AgQuestionKind k;
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "%s must be an object", at);
          return FALSE;
        }
      obj = json_node_get_object (entry);
      if (!read_question_text (obj, "kind", kind_path, FALSE, 64, &kind, error)
          || !read_question_text (obj, "step", step_path, FALSE, AG_MAX_CAPTION_ANCHOR_BYTES,
                                  &step, error)
          || !read_question_text (obj, "prompt", prompt_path, TRUE, AG_MAX_PROMPT_BYTES, &prompt,
                                  error))
        return FALSE;
      if (!ag_question_kind_from_string (kind, &k) || !ag_question_kind_is_authored (k))
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "%s must be \"value\", \"local\", "
                           "\"contribution\" or \"grad\"", kind_path);
          return FALSE;
        }
      ag_graph_file_add_question (doc, kind, step, prompt);
    }
  return TRUE;
}

/* "format" and "version" come first, so that another JSON file or a newer graph file is named
 * as such rather than by whatever member it lacks. */
static gboolean
check_format (JsonObject *obj, GError **error)
{
  JsonNode *node;
  const char *s;
  gint64 version;

  node = json_object_get_member (obj, "format");
  if (node == NULL)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "missing \"format\": this JSON is not an Adjoint graph file");
      return FALSE;
    }
  if (!get_string (node, &s))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"format\" must be the string \"" AG_FILE_FORMAT "\"");
      return FALSE;
    }
  if (strcmp (s, AG_FILE_FORMAT) != 0)
    {
      g_autofree char *q = quote (s);
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"format\" is %s, not \"" AG_FILE_FORMAT "\": this JSON is not an "
                       "Adjoint graph file", q);
      return FALSE;
    }

  node = json_object_get_member (obj, "version");
  if (node == NULL)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "missing \"version\"");
      return FALSE;
    }
  if (!get_integer (node, &version))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"version\" must be an integer");
      return FALSE;
    }
  if (version < 1)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "\"version\" is %" G_GINT64_FORMAT "; versions start at 1", version);
      return FALSE;
    }
  if (version > AG_FILE_VERSION)
    {
      ag_set_error_at (error, AG_ERROR_VERSION, 0, 0, 0,
                       "this file was written by a newer Adjoint (format version %"
                       G_GINT64_FORMAT "); this Adjoint reads up to version %d",
                       version, AG_FILE_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_program (AgGraphFile *doc, JsonObject *obj, GError **error)
{
  JsonNode *node;
  const char *s;

  node = json_object_get_member (obj, "program");
  if (node == NULL)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "missing \"program\": a graph file holds its program as a string");
      return FALSE;
    }
  if (!get_string (node, &s))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"program\" must be a string");
      return FALSE;
    }
  if (strlen (s) > AG_MAX_PROGRAM_BYTES)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                       "\"program\" is %" G_GSIZE_FORMAT " bytes long; a program holds at "
                       "most %u", strlen (s), AG_MAX_PROGRAM_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate (s, -1, NULL))
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0, "\"program\" is not valid UTF-8 text");
      return FALSE;
    }
  ag_graph_file_set_program (doc, s);
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

  if (!check_format (obj, error))
    return NULL;

  doc = ag_graph_file_new ();
  if (!read_text (obj, "title", "\"title\"", &doc->title, error)
      || !read_text (obj, "note", "\"note\"", &doc->note, error)
      || !read_program (doc, obj, error)
      || !read_map (doc, json_object_get_member (obj, "layout"), "layout", "node name → [x, y]",
                    AG_MAX_NODES, "a graph has at most", "nodes", read_position, error)
      || !read_view (doc, json_object_get_member (obj, "view"), error)
      || !read_map (doc, json_object_get_member (obj, "captions"), "captions",
                    "step anchor → text", AG_MAX_CAPTIONS, "a file holds at most", "captions",
                    read_caption, error)
      || !read_questions (doc, json_object_get_member (obj, "questions"), error))
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
