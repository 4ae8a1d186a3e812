/* caption-anchor.c: what a step does, as a name that survives edits (caption-anchor.h). */
#include "core/caption-anchor.h"
#include "core/graph-calls.h"

#include <string.h>

/* A node in an anchor: its name, or its expression where it has none (never its id). A node
 * a call of a function made is named after the call ("neuron#2.z"); one without a name gets
 * the call's name in front of its expression, "neuron#2.dot(w2, x)", so two calls' anchors
 * differ even where their expressions read alike. Owned by the caller. */
static char *
node_text (const AgGraph *graph, AgId id)
{
  const AgNode *n;

  if (id == AG_NO_ID || id >= ag_graph_n_nodes (graph))
    return g_strdup ("?");
  n = ag_graph_node (graph, id);
  if (n->name == NULL && n->call != AG_NO_CALL)
    return g_strdup_printf ("%s.%s", ag_graph_call (graph, n->call)->name, n->label);
  return g_strdup (ag_graph_display_name (graph, id));
}

/* The anchor of one step, without the "#n" that tells repeated ones apart. */
static char *
step_anchor (const AgTrace *trace, const AgGraph *graph, guint i)
{
  const AgStep *s = ag_trace_step (trace, i);
  const char *kind = ag_step_kind_to_string (s->kind);
  g_autofree char *to = node_text (graph, s->to);

  switch (s->kind)
    {
    case AG_STEP_BACKWARD:
    case AG_STEP_TANGENT:
      {
        g_autofree char *from = node_text (graph, s->from);
        return g_strdup_printf ("%s:%s->%s", kind, from, to);
      }
    case AG_STEP_ZERO_GRAD:
      return g_strdup (kind);
    case AG_STEP_TANGENT_SEED:
      if (s->to < ag_graph_n_nodes (graph) && ag_graph_node (graph, s->to)->size > 1)
        return g_strdup_printf ("%s:%s[%u]", kind, to, s->slot);
      return g_strdup_printf ("%s:%s", kind, to);
    default:
      return g_strdup_printf ("%s:%s", kind, to);
    }
}

GPtrArray *
ag_caption_anchors_new (const AgTrace *trace, const AgGraph *graph)
{
  const guint n = ag_trace_n_steps (trace);
  GPtrArray *anchors = g_ptr_array_new_full (n + 1, g_free);
  /* How often each base anchor has come so far: the later ones get "#2", "#3", … */
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (trace != NULL && graph != NULL, anchors);
  g_ptr_array_add (anchors, g_strdup (AG_CAPTION_ANCHOR_START));
  for (guint i = 0; i < n; i++)
    {
      char *base = step_anchor (trace, graph, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, base)) + 1;

      if (count == 1)
        {
          g_ptr_array_add (anchors, g_strdup (base));
          g_hash_table_insert (seen, base, GUINT_TO_POINTER (count));
        }
      else
        {
          g_ptr_array_add (anchors, g_strdup_printf ("%s#%u", base, count));
          g_hash_table_replace (seen, base, GUINT_TO_POINTER (count));
        }
    }
  return anchors;
}

int
ag_caption_anchors_find (const GPtrArray *anchors, const char *anchor)
{
  g_return_val_if_fail (anchors != NULL, -1);
  if (anchor == NULL)
    return -1;
  for (guint k = 0; k < anchors->len; k++)
    if (strcmp (g_ptr_array_index (anchors, k), anchor) == 0)
      return (int) k;
  return -1;
}

gboolean
ag_caption_key_is_legacy (const char *key, guint *position)
{
  guint64 v = 0;

  if (key == NULL || key[0] == 0 || (key[0] == '0' && key[1] != 0))
    return FALSE;
  for (const char *p = key; *p; p++)
    {
      if (*p < '0' || *p > '9')
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
      if (v > G_MAXUINT)
        return FALSE;
    }
  if (position)
    *position = (guint) v;
  return TRUE;
}
