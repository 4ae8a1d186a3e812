/* json-writer.c: JsonNode trees as text, in the files' layout and in the command line's. */
#include "core/json-writer.h"

#include "core/format.h"

/* A node read from a file is at most AG_MAX_JSON_DEPTH (32) deep and a tree built here is
 * shallower still; this only bounds the recursion for any other caller. */
#define MAX_LEVEL 64

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

static void
write_value (GString *out, JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      g_string_append (out, "null");
      return;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      ag_json_number (out, json_node_get_double (node));
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
}

static void write_pretty (GString *out, JsonNode *node, guint level);

static void
write_pretty_object (GString *out, JsonObject *obj, guint level)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  if (json_object_get_size (obj) == 0)
    {
      g_string_append (out, "{}");
      return;
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
      write_pretty (out, member, level + 1);
    }
  g_string_append_c (out, '\n');
  indent (out, level);
  g_string_append_c (out, '}');
}

/* A list of scalars stays on one line; anything nested gets a line per element, indented
 * (@flat FALSE) — the files' layout, and the command line's for its top-level lists. */
static void
write_array (GString *out, JsonArray *array, guint level,
             void (*element) (GString *, JsonNode *, guint), gboolean flat)
{
  guint n = json_array_get_length (array);

  if (n == 0)
    {
      g_string_append (out, "[]");
      return;
    }
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
      element (out, json_array_get_element (array, i), level + 1);
    }
  if (!flat)
    {
      g_string_append_c (out, '\n');
      indent (out, level);
    }
  g_string_append_c (out, ']');
}

static gboolean
all_scalars (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!is_scalar (json_array_get_element (array, i)))
      return FALSE;
  return TRUE;
}

/* @node as pretty JSON, its nested lines indented from @level. */
static void
write_pretty (GString *out, JsonNode *node, guint level)
{
  if (level > MAX_LEVEL)
    g_string_append (out, "null");
  else if (JSON_NODE_HOLDS_OBJECT (node))
    write_pretty_object (out, json_node_get_object (node), level);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    write_array (out, json_node_get_array (node), level, write_pretty,
                 all_scalars (json_node_get_array (node)));
  else
    write_value (out, node);
}

/* @node on one line, except a list of containers at @level 1 (see ag_json_write_lines()). */
static void
write_lines (GString *out, JsonNode *node, guint level)
{
  if (level > MAX_LEVEL)
    g_string_append (out, "null");
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      gboolean first = TRUE;

      g_string_append_c (out, '{');
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_string_append (out, first ? "" : ", ");
          first = FALSE;
          ag_json_string (out, name);
          g_string_append (out, ": ");
          write_lines (out, member, level + 1);
        }
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      /* The top-level lists start at column 0 again: "[\n  {…},\n  {…}\n]". */
      write_array (out, array, 0, write_lines, level != 1 || all_scalars (array));
    }
  else
    write_value (out, node);
}

void
ag_json_write_node (GString *out, JsonNode *node, guint level)
{
  g_return_if_fail (out != NULL && node != NULL);
  write_pretty (out, node, level);
}

void
ag_json_write_lines (GString *out, JsonNode *node)
{
  g_return_if_fail (out != NULL && node != NULL);
  write_lines (out, node, 0);
}

static void
add_row (JsonBuilder *b, const double *row, guint32 cols)
{
  json_builder_begin_array (b);
  for (guint32 c = 0; c < cols; c++)
    json_builder_add_double_value (b, row[c]);
  json_builder_end_array (b);
}

void
ag_json_builder_add_tensor (JsonBuilder *b, AgShape shape, const double *data)
{
  g_return_if_fail (b != NULL && data != NULL);
  if (shape.ndim == 0)
    {
      json_builder_add_double_value (b, data[0]);
      return;
    }
  if (shape.ndim == 1)
    {
      add_row (b, data, shape.cols);
      return;
    }
  json_builder_begin_array (b);
  for (guint32 r = 0; r < shape.rows; r++)
    add_row (b, data + (gsize) r * shape.cols, shape.cols);
  json_builder_end_array (b);
}
