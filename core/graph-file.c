/* graph-file.c: graph files (docs/file-format.md): checked, bounded JSON in; deterministic out. */


#include "core/graph-file.h"
#include "core/file.h"
#include "core/format.h"
#include "core/program.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define FORMAT_NAME AG_FILE_FORMAT

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

/* ---- writing --------------------------------------------------------------------------- */

/* The shortest decimal that reads back as @x, laid out much as JavaScript does ("300",
 * "120.5", "0.001", "1e-7", "1e+18"): ag_json_number() finds the same digits but writes 300
 * as "3e+02", which a person editing a file should not have to read. From 1e18 on, unlike
 * JavaScript, the exponent is written: json-glib reads a number without '.' or 'e' as a
 * 64-bit integer, and 1e20 written out in digits would wrap around. */
static void
write_number (GString *out, double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[24];
  int n = 0, e;

  if (!isfinite (x))
    {
      ag_json_number (out, x);   /* the strings "NaN", "Infinity", "-Infinity" */
      return;
    }
  if (x == 0)
    {
      g_string_append_c (out, '0');   /* -0 too */
      return;
    }
  if (x < 0)
    {
      g_string_append_c (out, '-');
      x = -x;
    }
  for (int prec = 0; prec <= 16; prec++)
    {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%de", prec);
      g_ascii_formatd (buf, sizeof buf, fmt, x);
      if (g_ascii_strtod (buf, NULL) == x)
        break;
    }
  /* buf is "d.ddde±xx": take the digits and the exponent. */
  for (const char *p = buf; *p && *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && n < (int) sizeof digits)
      digits[n++] = *p;
  e = (int) g_ascii_strtoll (strchr (buf, 'e') + 1, NULL, 10);
  while (n > 1 && digits[n - 1] == '0')
    n--;

  if (e >= -6 && e < 18)
    {
      if (e >= n - 1)
        {
          g_string_append_len (out, digits, n);
          for (int i = n - 1; i < e; i++)
            g_string_append_c (out, '0');
        }
      else if (e >= 0)
        {
          g_string_append_len (out, digits, e + 1);
          g_string_append_c (out, '.');
          g_string_append_len (out, digits + e + 1, n - e - 1);
        }
      else
        {
          g_string_append (out, "0.");
          for (int i = -1; i > e; i--)
            g_string_append_c (out, '0');
          g_string_append_len (out, digits, n);
        }
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (n > 1)
        {
          g_string_append_c (out, '.');
          g_string_append_len (out, digits + 1, n - 1);
        }
      g_string_append_printf (out, "e%c%d", e < 0 ? '-' : '+', ABS (e));
    }
}

static void
indent (GString *out, guint level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static gboolean
is_scalar (JsonNode *node)
{
  return !JSON_NODE_HOLDS_ARRAY (node) && !JSON_NODE_HOLDS_OBJECT (node);
}

/* @node as pretty JSON, its nested lines indented from @level. Recursive, but a node read
 * from a file is at most AG_MAX_JSON_DEPTH deep; ag_graph_file_save() refuses deeper ones
 * before they get here, and this stops descending past that depth in any case. */
static void
write_node (GString *out, JsonNode *node, guint level)
{
  if (level > AG_MAX_JSON_DEPTH + 1)
    {
      g_string_append (out, "null");
      return;
    }
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        if (json_object_get_size (obj) == 0)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, obj);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            g_string_append (out, first ? "\n" : ",\n");
            first = FALSE;
            indent (out, level + 1);
            ag_json_string (out, name);
            g_string_append (out, ": ");
            write_node (out, member, level + 1);
          }
        g_string_append_c (out, '\n');
        indent (out, level);
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        gboolean flat = TRUE;

        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        /* A list of numbers stays on one line; anything nested gets a line per element. */
        for (guint i = 0; i < n && flat; i++)
          flat = is_scalar (json_array_get_element (array, i));
        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (flat)
              g_string_append (out, i ? ", " : "");
            else
              {
                g_string_append (out, i ? ",\n" : "\n");
                indent (out, level + 1);
              }
            write_node (out, json_array_get_element (array, i), level + 1);
          }
        if (!flat)
          {
            g_string_append_c (out, '\n');
            indent (out, level);
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          write_number (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          ag_json_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

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

/* Starts a member of the top-level object. */
static void
member (GString *out, const char *name)
{
  g_string_append (out, ",\n  ");
  ag_json_string (out, name);
  g_string_append (out, ": ");
}

void
ag_json_write_node (GString *out, JsonNode *node, guint level)
{
  g_return_if_fail (out != NULL && node != NULL);
  write_node (out, node, level);
}

char *
ag_graph_file_to_data (const AgGraphFile *doc, gsize *length)
{
  GString *out;

  g_return_val_if_fail (doc != NULL, NULL);

  out = g_string_new ("{\n  \"format\": \"" FORMAT_NAME "\"");
  g_string_append_printf (out, ",\n  \"version\": %d", AG_FILE_VERSION);
  if (doc->title)
    {
      member (out, "title");
      ag_json_string (out, doc->title);
    }
  if (doc->note)
    {
      member (out, "note");
      ag_json_string (out, doc->note);
    }
  member (out, "program");
  ag_json_string (out, doc->program ? doc->program : "");

  if (doc->positions && g_hash_table_size (doc->positions) > 0)
    {
      guint n;
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (doc->positions, &n);

      qsort (keys, n, sizeof *keys, compare_strings);
      member (out, "layout");
      g_string_append_c (out, '{');
      for (guint i = 0; i < n; i++)
        {
          const AgPoint *p = g_hash_table_lookup (doc->positions, keys[i]);
          g_string_append (out, i ? ",\n    " : "\n    ");
          ag_json_string (out, keys[i]);
          g_string_append (out, ": [");
          write_number (out, p->x);
          g_string_append (out, ", ");
          write_number (out, p->y);
          g_string_append_c (out, ']');
        }
      g_string_append (out, "\n  }");
    }

  /* A zoom of 0 and a negative step mean "not set"; so does a pan of (0, 0), the default. */
  if (doc->zoom != 0 || doc->pan_x != 0 || doc->pan_y != 0 || doc->step >= 0
      || doc->theme || doc->mode)
    {
      const char *sep = "\n    ";

      member (out, "view");
      g_string_append_c (out, '{');
      if (doc->zoom != 0)
        {
          g_string_append_printf (out, "%s\"zoom\": ", sep);
          write_number (out, doc->zoom);
          sep = ",\n    ";
        }
      if (doc->pan_x != 0 || doc->pan_y != 0)
        {
          g_string_append_printf (out, "%s\"pan\": [", sep);
          write_number (out, doc->pan_x);
          g_string_append (out, ", ");
          write_number (out, doc->pan_y);
          g_string_append_c (out, ']');
          sep = ",\n    ";
        }
      if (doc->step >= 0)
        {
          g_string_append_printf (out, "%s\"step\": %d", sep, doc->step);
          sep = ",\n    ";
        }
      if (doc->theme)
        {
          g_string_append_printf (out, "%s\"theme\": ", sep);
          ag_json_string (out, doc->theme);
          sep = ",\n    ";
        }
      if (doc->mode)
        {
          g_string_append_printf (out, "%s\"mode\": ", sep);
          ag_json_string (out, doc->mode);
        }
      g_string_append (out, "\n  }");
    }

  if (doc->captions && g_hash_table_size (doc->captions) > 0)
    {
      guint n;
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (doc->captions, &n);

      qsort (keys, n, sizeof *keys, compare_steps);
      member (out, "captions");
      g_string_append_c (out, '{');
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (out, "%s\"%u\": ", i ? ",\n    " : "\n    ",
                                  GPOINTER_TO_UINT (keys[i]));
          ag_json_string (out, g_hash_table_lookup (doc->captions, keys[i]));
        }
      g_string_append (out, "\n  }");
    }

  if (doc->training)
    {
      member (out, "training");
      write_node (out, doc->training, 1);
    }

  g_string_append (out, "\n}\n");
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
