/* graph-calls.c: the call table of a graph (graph-calls.h): built while the parser expands a
 * call, read by whoever draws or describes a call. */
#include "core/graph-calls.h"

#include <string.h>

static void
call_clear (gpointer data)
{
  AgCall *c = data;

  g_clear_pointer (&c->function, g_free);
  g_clear_pointer (&c->name, g_free);
}

guint
ag_graph_n_calls (const AgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, 0);
  return graph->calls ? graph->calls->len : 0;
}

const AgCall *
ag_graph_call (const AgGraph *graph, guint call)
{
  g_return_val_if_fail (call < ag_graph_n_calls (graph), NULL);
  return &g_array_index (graph->calls, AgCall, call);
}

AgId
ag_graph_call_arg (const AgGraph *graph, guint call, guint slot)
{
  const AgCall *c = ag_graph_call (graph, call);

  g_return_val_if_fail (c != NULL && slot < c->n_args, AG_NO_ID);
  return g_array_index (graph->call_args, AgId, c->first_arg + slot);
}

guint
ag_graph_node_call (const AgGraph *graph, AgId id)
{
  g_return_val_if_fail (graph != NULL && id < ag_graph_n_nodes (graph), AG_NO_CALL);
  return ag_graph_node (graph, id)->call;
}

gboolean
ag_graph_call_contains (const AgGraph *graph, guint call, AgId id)
{
  const AgCall *c = ag_graph_call (graph, call);

  g_return_val_if_fail (c != NULL, FALSE);
  /* While the call is open, everything made since it began is inside it. */
  return id >= c->first_node && (c->output == AG_NO_ID ? id < ag_graph_n_nodes (graph)
                                                        : id < c->end_node);
}

guint
ag_graph_lookup_call (const AgGraph *graph, const char *name)
{
  g_return_val_if_fail (graph != NULL && name != NULL, AG_NO_CALL);
  for (guint i = 0; i < ag_graph_n_calls (graph); i++)
    if (strcmp (ag_graph_call (graph, i)->name, name) == 0)
      return i;
  return AG_NO_CALL;
}

guint
ag_graph_begin_call (AgGraph *graph, const char *function, const char *name, guint line,
                     guint col, guint len, const AgId *args, guint n_args)
{
  AgCall c = { 0 };

  g_return_val_if_fail (graph != NULL && function != NULL && name != NULL, AG_NO_CALL);
  g_return_val_if_fail (n_args == 0 || args != NULL, AG_NO_CALL);
  if (graph->calls == NULL)
    {
      graph->calls = g_array_new (FALSE, FALSE, sizeof (AgCall));
      g_array_set_clear_func (graph->calls, call_clear);
      graph->call_args = g_array_new (FALSE, FALSE, sizeof (AgId));
    }
  c.function = g_strdup (function);
  c.name = g_strdup (name);
  c.line = line;
  c.col = col;
  c.len = len;
  c.parent = graph->open_call;
  c.depth = c.parent == AG_NO_CALL ? 0 : ag_graph_call (graph, c.parent)->depth + 1;
  c.first_arg = graph->call_args->len;
  c.n_args = n_args;
  c.output = AG_NO_ID;
  c.first_node = c.end_node = ag_graph_n_nodes (graph);
  g_array_append_vals (graph->call_args, args, n_args);
  g_array_append_val (graph->calls, c);
  graph->open_call = graph->calls->len - 1;
  return graph->open_call;
}

void
ag_graph_end_call (AgGraph *graph, guint call, AgId output)
{
  AgCall *c;

  g_return_if_fail (graph != NULL && call < ag_graph_n_calls (graph));
  g_return_if_fail (graph->open_call == call);
  g_return_if_fail (output < ag_graph_n_nodes (graph));
  c = &g_array_index (graph->calls, AgCall, call);
  c->output = output;
  c->end_node = ag_graph_n_nodes (graph);
  graph->open_call = c->parent;
}
