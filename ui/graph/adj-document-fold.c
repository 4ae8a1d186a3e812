/* adj-document-fold.c: the document's folded calls (adj-document-fold.h). */
#include "ui/graph/adj-document-fold.h"

#include <string.h>

void
adj_fold_state_clear (AdjFoldState *fs)
{
  g_clear_pointer (&fs->raw, ag_trace_free);
  g_clear_pointer (&fs->origin, g_array_unref);
  g_clear_pointer (&fs->call, g_array_unref);
}

gboolean *
adj_fold_open_set (const AgGraph *graph, const AgGraphFile *doc)
{
  return ag_open_calls_from_names (graph, (const char *const *) doc->open_calls);
}

/* Folds fs->raw into *@trace (freeing what was there). */
static void
fold (AdjFoldState *fs, const AgGraph *graph, const AgGraphFile *doc, AgTrace **trace)
{
  g_autofree gboolean *open = adj_fold_open_set (graph, doc);
  AgFoldedTrace *f = ag_trace_fold (fs->raw, graph, open);

  g_clear_pointer (&fs->origin, g_array_unref);
  g_clear_pointer (&fs->call, g_array_unref);
  fs->origin = g_steal_pointer (&f->origin);
  fs->call = g_steal_pointer (&f->call);
  f->origin = g_array_new (FALSE, FALSE, sizeof (guint));
  f->call = g_array_new (FALSE, FALSE, sizeof (guint));
  g_clear_pointer (trace, ag_trace_free);
  *trace = ag_folded_trace_steal (f);
}

void
adj_fold_state_take (AdjFoldState *fs, const AgGraph *graph, const AgGraphFile *doc,
                     AgTrace **trace)
{
  adj_fold_state_clear (fs);
  if (graph == NULL || ag_graph_n_calls (graph) == 0 || *trace == NULL)
    return;
  fs->raw = g_steal_pointer (trace);
  fold (fs, graph, doc, trace);
}

guint
adj_fold_state_refold (AdjFoldState *fs, const AgGraph *graph, const AgGraphFile *doc,
                       AgTrace **trace, guint step)
{
  guint raw_done, k = 0;

  if (fs->raw == NULL)
    return step;
  /* How many unfolded steps position @step had done. */
  raw_done = step == 0 || fs->origin == NULL || step > fs->origin->len
             ? (step == 0 ? 0 : ag_trace_n_steps (fs->raw))
             : g_array_index (fs->origin, guint, step - 1) + 1;
  fold (fs, graph, doc, trace);
  while (k < fs->origin->len && g_array_index (fs->origin, guint, k) < raw_done)
    k++;
  return k;
}

char *
adj_fold_state_describe (const AdjFoldState *fs, const AgGraph *graph, const AgTrace *trace,
                         guint k)
{
  AgFoldedTrace f;

  if (fs->raw == NULL || fs->call == NULL || k >= fs->call->len)
    return ag_trace_describe_step (trace, graph, k);
  f = (AgFoldedTrace) { (AgTrace *) trace, fs->origin, fs->call };
  return ag_folded_trace_describe_step (&f, graph, k, FALSE);
}

gboolean
adj_fold_is_open (const AgGraphFile *doc, const AgGraph *graph, guint call)
{
  g_return_val_if_fail (call < ag_graph_n_calls (graph), FALSE);
  return doc->open_calls != NULL
         && g_strv_contains ((const char *const *) doc->open_calls, ag_graph_call (graph, call)->name);
}

void
adj_fold_toggle (AgGraphFile *doc, const AgGraph *graph, guint call)
{
  const char *name;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  gboolean was_open;

  g_return_if_fail (call < ag_graph_n_calls (graph));
  name = ag_graph_call (graph, call)->name;
  was_open = adj_fold_is_open (doc, graph, call);
  for (guint i = 0; doc->open_calls && doc->open_calls[i]; i++)
    if (strcmp (doc->open_calls[i], name) != 0)
      g_ptr_array_add (names, doc->open_calls[i]);
  if (!was_open)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_add (names, NULL);
  ag_graph_file_set_open_calls (doc, (const char *const *) names->pdata);
}

AdjLayout *
adj_fold_layout (const AgGraph *graph, const AgGraphFile *doc, double font_scale, GError **error)
{
  g_autofree gboolean *open = NULL;

  if (ag_graph_n_calls (graph) == 0)
    return adj_layout_new_scaled (graph, font_scale, error);
  open = adj_fold_open_set (graph, doc);
  return adj_layout_new_folded (graph, open, font_scale, error);
}
