/* adj-document-layout.c: the document's layouts, here or on a worker (declared in
 * adj-document-private.h), and its public getters of them. */
#include "ui/graph/adj-document-private.h"
#include "core/graph-calls.h"

#include <math.h>
#include <string.h>

char *
adj_document_node_key (const AgGraph *g, AgId id)
{
  const AgNode *n = ag_graph_node (g, id);

  if (n->name && ag_graph_lookup (g, n->name) == id)
    return g_strdup (n->name);
  return g_strdup_printf ("#%u", id);
}

gboolean
adj_document_same_structure (const AgGraph *a, const AgGraph *b)
{
  if (a == NULL || b == NULL || ag_graph_n_nodes (a) != ag_graph_n_nodes (b) ||
      a->edges->len != b->edges->len || ag_graph_n_calls (a) != ag_graph_n_calls (b))
    return FALSE;
  /* The calls too: a layout draws each folded call as one box (wrapping lines in a def keeps
   * every op and edge, yet needs a layout with the call's box). */
  for (AgId id = 0; id < ag_graph_n_nodes (a); id++)
    {
      const AgNode *x = ag_graph_node (a, id), *y = ag_graph_node (b, id);
      if (x->op != y->op || x->role != y->role || !ag_shape_equal (x->shape, y->shape) ||
          x->n_inputs != y->n_inputs || x->first_input != y->first_input || x->call != y->call)
        return FALSE;
    }
  return memcmp (a->edges->data, b->edges->data, a->edges->len * sizeof (AgId)) == 0;
}

/* A layout with a zero box per node and no edges: what an empty graph, or a failed layout,
 * draws. */
static AdjLayout *
blank_layout (const AgGraph *g)
{
  AdjLayout *layout = g_new0 (AdjLayout, 1);

  layout->boxes = g_array_new (FALSE, TRUE, sizeof (AdjBox));
  g_array_set_size (layout->boxes, ag_graph_n_nodes (g));
  layout->edges = g_array_new (FALSE, TRUE, sizeof (AdjEdgePath));
  return layout;
}

AdjLayout *
adj_document_make_layout (const AgGraph *g, const AgGraphFile *doc, double font_scale)
{
  g_autoptr (GError) error = NULL;
  AdjLayout *layout;

  if (ag_graph_n_nodes (g) == 0)
    return blank_layout (g);
  layout = adj_fold_layout (g, doc, font_scale > 0 ? font_scale : 1.0, &error);
  if (layout == NULL)
    {
      /* Graphviz failing on a graph we built is a bug, not the user's: say so, draw nothing. */
      g_critical ("layout failed: %s", error->message);
      return blank_layout (g);
    }
  adj_document_place_nodes (layout, g, doc);
  return layout;
}

void
adj_document_place_nodes (AdjLayout *layout, const AgGraph *g, const AgGraphFile *doc)
{
  if (g_hash_table_size (doc->positions) == 0)
    return;
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      g_autofree char *key = adj_document_node_key (g, id);
      const AgPoint *p = g_hash_table_lookup (doc->positions, key);
      if (p)
        adj_layout_move_node (layout, g, id, p->x, p->y);
    }
}

/* The node of @old that is @id of @graph, or AG_NO_ID; @names maps @old's names to their last
 * node, as ag_graph_lookup() finds them (that one walks the nodes: n lookups would be n²). */
static AgId
same_node (const AgGraph *old, GHashTable *names, const AgGraph *graph, AgId id)
{
  const AgNode *n = ag_graph_node (graph, id);
  gpointer was;

  if (n->name)
    return g_hash_table_lookup_extended (names, n->name, NULL, &was) ? GPOINTER_TO_UINT (was) : AG_NO_ID;
  if (id < ag_graph_n_nodes (old) && ag_graph_node (old, id)->name == NULL &&
      ag_graph_node (old, id)->op == n->op)
    return id;
  return AG_NO_ID;
}

double *
adj_document_moved_from (const AgGraph *old_graph, const AdjLayout *old_layout,
                         const AgGraph *graph, const AdjLayout *layout)
{
  const guint n = ag_graph_n_nodes (graph);
  g_autoptr (GHashTable) names = NULL;
  double *from;
  guint matched = 0;

  if (old_graph == NULL || old_layout == NULL || ag_graph_n_nodes (old_graph) == 0 || n == 0 ||
      old_layout->boxes->len != ag_graph_n_nodes (old_graph) || layout->boxes->len != n)
    return NULL;
  names = g_hash_table_new (g_str_hash, g_str_equal);
  for (AgId id = 0; id < ag_graph_n_nodes (old_graph); id++)
    if (ag_graph_node (old_graph, id)->name)
      g_hash_table_insert (names, ag_graph_node (old_graph, id)->name, GUINT_TO_POINTER (id));
  from = g_new (double, 2 * (gsize) n);
  for (AgId id = 0; id < n; id++)
    {
      const AgId was = same_node (old_graph, names, graph, id);
      from[2 * id] = from[2 * id + 1] = NAN;
      if (was == AG_NO_ID || !adj_layout_node_drawn (old_layout, was))
        continue;
      from[2 * id] = g_array_index (old_layout->boxes, AdjBox, was).x;
      from[2 * id + 1] = g_array_index (old_layout->boxes, AdjBox, was).y;
      matched++;
    }
  if (matched == 0)
    g_clear_pointer (&from, g_free);
  return from;
}

AdjLayoutJob *
adj_layout_job_new (AdjEval *eval, const AgGraphFile *doc, double font_scale, guint generation,
                    guint epoch)
{
  AdjLayoutJob *job = g_new0 (AdjLayoutJob, 1);
  GHashTableIter iter;
  gpointer key, value;

  job->eval = eval;
  job->doc = ag_graph_file_new ();
  ag_graph_file_set_open_calls (job->doc, (const char *const *) doc->open_calls);
  g_hash_table_iter_init (&iter, doc->positions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (job->doc->positions, g_strdup (key), g_memdup2 (value, sizeof (AgPoint)));
  job->font_scale = font_scale;
  job->generation = generation;
  job->epoch = epoch;
  return job;
}

void
adj_layout_job_free (AdjLayoutJob *job)
{
  if (job == NULL)
    return;
  if (job->eval)
    adj_eval_free (job->eval);
  ag_graph_file_free (job->doc);
  adj_layout_free (job->layout);
  g_free (job);
}

/* Layouts asked of workers and not yet made, in every document; layouts workers have made. */
static gint jobs_in_flight;
static guint jobs_made;

guint
adj_document_layouts_made (void)
{
  return g_atomic_int_get (&jobs_made);
}

gboolean
adj_document_layout_in_flight (void)
{
  return g_atomic_int_get (&jobs_in_flight) > 0;
}

/* The document's layouts take turns here, before Graphviz's own lock: a job that waited behind
 * an older one sees, once its turn comes, whether a newer edit superseded it meanwhile. (Typing
 * a statement makes a layout at each keystroke that parses; only the last should run.) */
static GMutex job_turn;

static void
layout_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AdjLayoutJob *job = task_data;

  g_mutex_lock (&job_turn);
  if (!g_cancellable_is_cancelled (cancellable))
    {
      job->layout = adj_document_make_layout (job->eval->graph, job->doc, job->font_scale);
      g_atomic_int_inc (&jobs_made);
    }
  g_mutex_unlock (&job_turn);
  g_atomic_int_dec_and_test (&jobs_in_flight);
  g_task_return_boolean (task, TRUE);
}

void
adj_layout_job_run_in_thread (AdjLayoutJob *job, gpointer source_object, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, adj_layout_job_run_in_thread);
  g_task_set_name (task, "adjoint-layout");
  g_task_set_task_data (task, job, (GDestroyNotify) adj_layout_job_free);
  /* The result is wanted even when cancelled: the callback drops it by generation. */
  g_task_set_check_cancellable (task, FALSE);
  g_atomic_int_inc (&jobs_in_flight);
  g_task_run_in_thread (task, layout_thread);
}

AdjLayoutJob *
adj_layout_job_from_result (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_get_task_data (G_TASK (result));
}

/* What a large edit leaves behind, freed on a worker. */
typedef struct {
  AgGraph   *graph;
  AdjLayout *layout;
  AgTrace   *trace;
} Leftovers;

static void
free_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Leftovers *l = task_data;

  g_clear_pointer (&l->graph, ag_graph_free);
  g_clear_pointer (&l->layout, adj_layout_free);
  g_clear_pointer (&l->trace, ag_trace_free);
  g_free (l);
  g_task_return_boolean (task, TRUE);   /* nobody waits for it, but a task returns */
}

void
adj_document_free_later (AgGraph *graph, AdjLayout *layout, AgTrace *trace)
{
  g_autoptr (GTask) task = NULL;
  Leftovers *l;

  if (graph == NULL && layout == NULL && trace == NULL)
    return;
  if ((graph ? ag_graph_n_nodes (graph) : layout ? layout->boxes->len : ag_trace_n_steps (trace) / 3)
      <= ADJ_DOCUMENT_INLINE_LAYOUT_NODES)
    {
      g_clear_pointer (&graph, ag_graph_free);
      g_clear_pointer (&layout, adj_layout_free);
      g_clear_pointer (&trace, ag_trace_free);
      return;
    }
  l = g_new (Leftovers, 1);
  *l = (Leftovers) { graph, layout, trace };
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_name (task, "adjoint-free");
  g_task_set_task_data (task, l, NULL);
  g_task_run_in_thread (task, free_thread);
}

/* How many unfolded steps position @step of the folded trace had done (@fs->origin maps each
 * shown step to the unfolded one it stands for), as adj_fold_state_refold() counts them. */
guint
adj_document_raw_done_at (const AdjFoldState *fs, guint step)
{
  if (step == 0)
    return 0;
  if (fs->raw == NULL || fs->origin == NULL || step > fs->origin->len)
    return fs->raw ? ag_trace_n_steps (fs->raw) : step;
  return g_array_index (fs->origin, guint, step - 1) + 1;
}

/* The position of the folded trace that has done @raw_done unfolded steps. */
guint
adj_document_step_at_raw_done (const AdjFoldState *fs, guint raw_done, guint n)
{
  guint k = 0;

  if (fs->origin == NULL)
    return MIN (raw_done, n);
  while (k < fs->origin->len && g_array_index (fs->origin, guint, k) < raw_done)
    k++;
  return k;
}

/* ---- public: the layout on show -------------------------------------------------------- */

gboolean
adj_document_get_laying_out (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  return self->laying_out;
}

const double *
adj_document_get_layout_moved_from (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->moved_from;
}

guint
adj_document_get_layout_serial (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), 0);
  return self->layout_serial;
}

const AdjLayout *
adj_document_get_layout (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->layout;
}
