/* adj-eval.c: one run of the document's graph, on whichever thread the document chooses. */
#include "ui/graph/adj-eval.h"
#include "core/autograd.h"

AdjEval *
adj_eval_new (AgGraph *graph, gboolean forward, AgId tangent_wrt, guint tangent_element)
{
  AdjEval *e = g_new0 (AdjEval, 1);

  e->graph = graph;
  e->trace = ag_trace_new ();
  e->forward = forward;
  e->tangent_wrt = tangent_wrt;
  e->tangent_element = tangent_element;
  return e;
}

void
adj_eval_free (AdjEval *e)
{
  if (e->graph)
    ag_graph_free (e->graph);
  if (e->trace)
    ag_trace_free (e->trace);
  g_free (e->run_note);
  g_free (e);
}

static AgId
first_differentiable_leaf (const AgGraph *g)
{
  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    if (ag_node_is_differentiable_leaf (ag_graph_node (g, id)))
      return id;
  return AG_NO_ID;
}

void
adj_eval_run (AdjEval *e, GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  AgGraph *g = e->graph;

  ag_graph_zero_grad (g, NULL);
  ag_graph_forward (g, e->trace);
  e->phase_start = ag_trace_n_steps (e->trace);
  if (ag_graph_n_nodes (g) == 0 || g_cancellable_is_cancelled (cancellable))
    return;
  if (!e->forward)
    {
      if (!ag_graph_backward (g, e->trace, &error))
        e->run_note = g_strdup (error->message);
      return;
    }
  if (e->tangent_wrt >= ag_graph_n_nodes (g) ||
      !ag_node_is_differentiable_leaf (ag_graph_node (g, e->tangent_wrt)) ||
      e->tangent_element >= ag_graph_node (g, e->tangent_wrt)->size)
    {
      e->tangent_wrt = first_differentiable_leaf (g);
      e->tangent_element = 0;
    }
  if (e->tangent_wrt == AG_NO_ID)
    e->run_note = g_strdup ("forward mode needs an input to differentiate with respect to");
  else if (!ag_graph_forward_mode (g, e->tangent_wrt, e->tangent_element, e->trace, &error))
    e->run_note = g_strdup (error->message);
}

double
adj_eval_cost (const AgGraph *g)
{
  double cost = 0;

  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      const AgNode *n = ag_graph_node (g, id);
      cost += n->size;
      for (guint slot = 0; slot < n->n_inputs; slot++)
        cost += ag_graph_node (g, ag_graph_input (g, n, slot))->size;
      if (n->op == AG_OP_MATMUL && n->n_inputs == 2)
        cost += (double) n->size * ag_graph_node (g, ag_graph_input (g, n, 0))->shape.cols;
    }
  return cost;
}

static void
eval_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  adj_eval_run (task_data, cancellable);
  g_task_return_boolean (task, TRUE);
}

void
adj_eval_run_in_thread (AdjEval *e, gpointer source_object, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, adj_eval_run_in_thread);
  g_task_set_name (task, "adjoint-eval");
  g_task_set_task_data (task, e, (GDestroyNotify) adj_eval_free);
  g_task_run_in_thread (task, eval_thread);
}

AdjEval *
adj_eval_from_result (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_get_task_data (G_TASK (result));
}
