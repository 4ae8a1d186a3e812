/* graph-file.c: graph files (docs/file-format.md): checked, bounded JSON in; deterministic out. */


#include "core/graph-file.h"
#include "core/caption-anchor.h"
#include "core/file.h"
#include "core/format.h"
#include "core/json-writer.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

#define FORMAT_NAME AG_FILE_FORMAT

static int compare_caption_keys (gconstpointer a, gconstpointer b);

/* ---- the document ---------------------------------------------------------------------- */

static void
file_question_free (gpointer data)
{
  AgFileQuestion *q = data;

  g_free (q->kind);
  g_free (q->step);
  g_free (q->prompt);
  g_free (q);
}

AgGraphFile *
ag_graph_file_new (void)
{
  AgGraphFile *doc = g_new0 (AgGraphFile, 1);

  doc->program = g_strdup ("");
  doc->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  doc->captions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  doc->step = -1;
  doc->questions = g_ptr_array_new_with_free_func (file_question_free);
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
  g_clear_pointer (&doc->caption_order, g_ptr_array_unref);
  g_free (doc->theme);
  g_free (doc->mode);
  g_strfreev (doc->open_calls);
  g_clear_pointer (&doc->training, json_node_unref);
  g_clear_pointer (&doc->questions, g_ptr_array_unref);
  g_free (doc);
}

void
ag_graph_file_set_open_calls (AgGraphFile *doc, const char *const *names)
{
  GStrv copy;

  g_return_if_fail (doc != NULL);
  copy = names && names[0] ? g_strdupv ((char **) names) : NULL;

  /* Copied first: @names may point into the list it replaces. */
  g_strfreev (doc->open_calls);
  doc->open_calls = copy;
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
ag_graph_file_set_caption (AgGraphFile *doc, const char *anchor, const char *text)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (anchor != NULL);

  if (text == NULL)
    g_hash_table_remove (doc->captions, anchor);
  else
    g_hash_table_replace (doc->captions, g_strdup (anchor), g_strdup (text));
}

void
ag_graph_file_add_question (AgGraphFile *doc, const char *kind, const char *step,
                            const char *prompt)
{
  AgFileQuestion *q;

  g_return_if_fail (doc != NULL && kind != NULL && step != NULL);
  q = g_new0 (AgFileQuestion, 1);
  q->kind = g_strdup (kind);
  q->step = g_strdup (step);
  q->prompt = g_strdup (prompt);
  g_ptr_array_add (doc->questions, q);
}

gboolean
ag_graph_file_remove_question (AgGraphFile *doc, guint index)
{
  g_return_val_if_fail (doc != NULL, FALSE);
  if (index >= doc->questions->len)
    return FALSE;
  g_ptr_array_remove_index (doc->questions, index);
  return TRUE;
}

const char *
ag_graph_file_get_caption (const AgGraphFile *doc, const char *anchor)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return anchor ? g_hash_table_lookup (doc->captions, anchor) : NULL;
}

const char *
ag_graph_file_caption_at (const AgGraphFile *doc, const GPtrArray *anchors, guint k)
{
  g_return_val_if_fail (doc != NULL, NULL);

  if (anchors == NULL || k >= anchors->len)
    return NULL;
  return g_hash_table_lookup (doc->captions, g_ptr_array_index (anchors, k));
}

guint
ag_graph_file_anchor_captions (AgGraphFile *doc, const GPtrArray *anchors)
{
  g_autoptr (GPtrArray) legacy = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  guint converted = 0;

  g_return_val_if_fail (doc != NULL && anchors != NULL, 0);
  g_hash_table_iter_init (&iter, doc->captions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (ag_caption_key_is_legacy (key, NULL))
      g_ptr_array_add (legacy, key);
  for (guint i = 0; i < legacy->len; i++)
    {
      const char *number = g_ptr_array_index (legacy, i);
      const char *anchor;
      guint k;

      ag_caption_key_is_legacy (number, &k);
      if (k >= anchors->len)
        continue;
      anchor = g_ptr_array_index (anchors, k);
      if (g_hash_table_contains (doc->captions, anchor))
        continue;
      /* Steal the text, then drop the number's entry (its key is freed last). */
      {
        char *text = g_strdup (g_hash_table_lookup (doc->captions, number));
        g_hash_table_insert (doc->captions, g_strdup (anchor), text);
        g_hash_table_remove (doc->captions, number);
      }
      converted++;
    }
  return converted;
}

void
ag_graph_file_set_caption_order (AgGraphFile *doc, GPtrArray *anchors)
{
  g_return_if_fail (doc != NULL);
  if (anchors)
    g_ptr_array_ref (anchors);
  g_clear_pointer (&doc->caption_order, g_ptr_array_unref);
  doc->caption_order = anchors;
}

GPtrArray *
ag_graph_file_unplaced_captions (const AgGraphFile *doc, const GPtrArray *anchors)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (doc != NULL, out);
  g_hash_table_iter_init (&iter, doc->captions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (anchors == NULL || ag_caption_anchors_find (anchors, key) < 0)
      g_ptr_array_add (out, key);
  g_ptr_array_sort (out, compare_caption_keys);
  return out;
}

/* ---- writing --------------------------------------------------------------------------- */

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Caption keys: an old file's step numbers first, in order, then anchors alphabetically. */
static int
compare_caption_keys (gconstpointer a, gconstpointer b)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  guint i, j;
  const gboolean nx = ag_caption_key_is_legacy (x, &i), ny = ag_caption_key_is_legacy (y, &j);

  if (nx && ny)
    return i < j ? -1 : i > j;
  if (nx != ny)
    return nx ? -1 : 1;
  return strcmp (x, y);
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

/* Writes one entry of a table as a member of the object being built. */
typedef void (*AddEntry) (JsonBuilder *b, gpointer key, gpointer value);

/* Member @name: an object of @table's entries, keys in the order @compare gives (so saving
 * the same document twice writes the same bytes), each written by @add_entry. */
static void
add_sorted_object (JsonBuilder *b, const char *name, GHashTable *table, GCompareFunc compare,
                   AddEntry add_entry)
{
  guint n;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (table, &n);

  qsort (keys, n, sizeof *keys, compare);
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    add_entry (b, keys[i], g_hash_table_lookup (table, keys[i]));
  json_builder_end_object (b);
}

/* A "layout" entry: node key → [x, y]. */
static void
add_position (JsonBuilder *b, gpointer key, gpointer value)
{
  const AgPoint *p = value;

  json_builder_set_member_name (b, key);
  add_pair (b, p->x, p->y);
}

/* "view": what is set of zoom, pan, step, theme, mode and the open calls. A zoom of 0 and a negative step
 * mean "not set"; so does a pan of (0, 0), the default. */
static void
add_view (JsonBuilder *b, const AgGraphFile *doc)
{
  if (doc->zoom == 0 && doc->pan_x == 0 && doc->pan_y == 0 && doc->step < 0 && !doc->theme
      && !doc->mode && !doc->open_calls)
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
  if (doc->open_calls)
    {
      json_builder_set_member_name (b, "open");
      json_builder_begin_array (b);
      for (guint i = 0; doc->open_calls[i]; i++)
        json_builder_add_string_value (b, doc->open_calls[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

/* A "captions" entry: anchor → text. */
static void
add_caption (JsonBuilder *b, gpointer key, gpointer value)
{
  add_string_member (b, key, value);
}

/* Caption keys in the order of their steps (@data: the anchors in step order), then the rest
 * as compare_caption_keys() orders them: a lesson's file reads as its steps run. */
static int
compare_caption_steps (gconstpointer a, gconstpointer b, gpointer data)
{
  const GPtrArray *order = data;
  const int i = ag_caption_anchors_find (order, *(const char *const *) a);
  const int j = ag_caption_anchors_find (order, *(const char *const *) b);

  if (i >= 0 && j >= 0)
    return i < j ? -1 : i > j;
  if ((i >= 0) != (j >= 0))
    return i >= 0 ? -1 : 1;
  return compare_caption_keys (a, b);
}

/* "captions": anchor → text, in step order when the document knows it. */
static void
add_captions (JsonBuilder *b, const AgGraphFile *doc)
{
  guint n;
  g_autofree gpointer *keys = NULL;

  if (doc->caption_order == NULL)
    {
      add_sorted_object (b, "captions", doc->captions, compare_caption_keys, add_caption);
      return;
    }
  keys = g_hash_table_get_keys_as_array (doc->captions, &n);
  g_qsort_with_data (keys, n, sizeof *keys, compare_caption_steps, doc->caption_order);
  json_builder_set_member_name (b, "captions");
  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    add_caption (b, keys[i], g_hash_table_lookup (doc->captions, keys[i]));
  json_builder_end_object (b);
}

/* "questions": the lecturer's, in their order, each {kind, step, prompt}. */
static void
add_questions (JsonBuilder *b, const AgGraphFile *doc)
{
  json_builder_set_member_name (b, "questions");
  json_builder_begin_array (b);
  for (guint i = 0; i < doc->questions->len; i++)
    {
      const AgFileQuestion *q = g_ptr_array_index (doc->questions, i);

      json_builder_begin_object (b);
      add_string_member (b, "kind", q->kind);
      add_string_member (b, "step", q->step);
      if (q->prompt)
        add_string_member (b, "prompt", q->prompt);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
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
    add_sorted_object (b, "layout", doc->positions, compare_strings, add_position);
  add_view (b, doc);
  if (doc->captions && g_hash_table_size (doc->captions) > 0)
    add_captions (b, doc);
  if (doc->questions && doc->questions->len > 0)
    add_questions (b, doc);
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

  /* Whole or not at all, through symlinks, keeping the mode (core/file.h). */
  return ag_file_replace_contents (path, data, length, error);
}
