/* trace-fold.c: the trace with folded calls (trace-fold.h): a pure transformation of the
 * unfolded trace, so the window, `adjoint trace --fold` and `adjoint export --fold` agree. */
#include "core/trace-fold.h"
#include "core/format.h"
#include "core/ops-text.h"

#include <math.h>
#include <string.h>

static gboolean
call_open (AgOpenCalls open, guint call)
{
  return open != NULL && open[call];
}

guint
ag_fold_node_box (const AgGraph *graph, AgOpenCalls open, AgId id)
{
  guint box = AG_NO_CALL;

  g_return_val_if_fail (graph != NULL && id < ag_graph_n_nodes (graph), AG_NO_CALL);
  /* Walk out from the innermost call: the last folded one met is the outermost. */
  for (guint c = ag_graph_node (graph, id)->call; c != AG_NO_CALL;
       c = ag_graph_call (graph, c)->parent)
    if (!call_open (open, c))
      box = c;
  return box;
}

AgId
ag_fold_call_node (const AgGraph *graph, guint call)
{
  const AgCall *c = ag_graph_call (graph, call);

  g_return_val_if_fail (c != NULL, AG_NO_ID);
  if (c->output == AG_NO_ID || !ag_graph_call_contains (graph, call, c->output))
    return AG_NO_ID;
  return c->output;
}

guint
ag_fold_node_stands_for (const AgGraph *graph, AgOpenCalls open, AgId id)
{
  guint box = ag_fold_node_box (graph, open, id);

  return box != AG_NO_CALL && ag_fold_call_node (graph, box) == id ? box : AG_NO_CALL;
}

gboolean
ag_fold_node_visible (const AgGraph *graph, AgOpenCalls open, AgId id)
{
  guint box = ag_fold_node_box (graph, open, id);

  return box == AG_NO_CALL || ag_fold_call_node (graph, box) == id;
}

/* ---- the transformation ---------------------------------------------------------------- */

/* What becomes of an unfolded step. */
#define KEEP G_MAXUINT
#define DROP (G_MAXUINT - 1)

/* One summed step: what a folded call sent to one node outside it in one backward pass (or,
 * forward mode, what its inside sent to its output). */
typedef struct {
  guint   call;
  guint   last;       /* the unfolded step of the last contribution: the summed step's place */
  AgId    to;
  GArray *sum;        /* double, the node's size */
} Group;

static void
group_clear (gpointer data)
{
  g_clear_pointer (&((Group *) data)->sum, g_array_unref);
}

/* The key of a group: the pass (seeds counted), the call and the receiving node. */
static char *
group_key (guint pass, guint call, AgId to)
{
  return g_strdup_printf ("%u/%u/%u", pass, call, to);
}

/* Decides each step's fate (KEEP, DROP or the index of its group) and sums the groups. */
static void
classify (const AgTrace *trace, const AgGraph *g, AgOpenCalls open, guint *fate, GArray *groups)
{
  g_autoptr (GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint pass = 0;

  for (guint k = 0; k < ag_trace_n_steps (trace); k++)
    {
      const AgStep *s = ag_trace_step (trace, k);
      gboolean edge = s->kind == AG_STEP_BACKWARD || s->kind == AG_STEP_TANGENT;
      guint box;

      fate[k] = KEEP;
      if (s->kind == AG_STEP_SEED || s->kind == AG_STEP_TANGENT_SEED)
        pass++;
      if (s->to == AG_NO_ID || s->kind == AG_STEP_SEED || s->kind == AG_STEP_TANGENT_SEED)
        continue;                               /* zero-grad, seeds: about the whole graph */
      if (!ag_fold_node_visible (g, open, s->to))
        {
          fate[k] = DROP;                       /* inside a folded call */
          continue;
        }
      /* An edge leaving a folded call (its output's own edges included: the box is the call)
       * joins the call's one step to its receiver. */
      if (!edge || s->from == AG_NO_ID)
        continue;
      box = ag_fold_node_box (g, open, s->from);
      /* Forward mode: every tangent into a folded call's box (from its inside, or straight
       * from an argument) is the call's one step. */
      if (s->kind == AG_STEP_TANGENT)
        box = ag_fold_node_stands_for (g, open, s->to);
      if (box == AG_NO_CALL)
        continue;
      if (s->kind == AG_STEP_BACKWARD && ag_fold_call_node (g, box) == s->to)
        {
          fate[k] = DROP;                       /* the call's inside using its own output */
          continue;
        }
      {
        g_autofree char *key = group_key (pass, box, s->to);
        gpointer found;
        Group *grp;
        const double *delta = ag_trace_data (trace, s->delta);

        if (!g_hash_table_lookup_extended (index, key, NULL, &found))
          {
            Group fresh = { box, k, s->to, g_array_new (FALSE, TRUE, sizeof (double)) };
            g_array_set_size (fresh.sum, s->size);
            g_array_append_val (groups, fresh);
            found = GUINT_TO_POINTER (groups->len - 1);
            g_hash_table_insert (index, g_steal_pointer (&key), found);
          }
        fate[k] = GPOINTER_TO_UINT (found);
        grp = &g_array_index (groups, Group, fate[k]);
        grp->last = k;
        for (guint i = 0; i < s->size && i < grp->sum->len; i++)
          g_array_index (grp->sum, double, i) += delta[i];
      }
    }
}

/* Copies @n elements at @offset of @src's data to the end of @dst's; returns where. */
static gsize
copy_data (AgTrace *dst, const AgTrace *src, gsize offset, guint n)
{
  gsize at = dst->data->len;

  if (n > 0)
    g_array_append_vals (dst->data, ag_trace_data (src, offset), n);
  return at;
}

/* The argument slot of node @id in @call, or 0 (a node the body used without its being an
 * argument: a constant shared with the outside). */
static guint
arg_slot (const AgGraph *g, guint call, AgId id)
{
  for (guint i = 0; i < ag_graph_call (g, call)->n_args; i++)
    if (ag_graph_call_arg (g, call, i) == id)
      return i;
  return 0;
}

/* The summed step of @grp: from the call's output (it stands for the call) to the node, its
 * sum as the contribution, the adjoint after it as the unfolded trace had it. */
static void
append_group (AgFoldedTrace *f, const AgTrace *trace, const AgGraph *g, const Group *grp,
              const gsize *adjoint_at)
{
  const AgStep *last = ag_trace_step (trace, grp->last);
  AgId out = ag_fold_call_node (g, grp->call);
  gboolean backward = last->kind == AG_STEP_BACKWARD;
  const AgCall *call = ag_graph_call (g, grp->call);
  /* Backward: from the box to the argument. Forward mode: into the box, drawn from its first
   * argument (the sum holds every argument's tangent). */
  AgId from = backward && out != AG_NO_ID ? out
            : !backward && call->n_args > 0 ? ag_graph_call_arg (g, grp->call, 0) : last->from;
  AgStep *s = ag_trace_append (f->trace, last->kind, from, grp->to,
                               backward ? arg_slot (g, grp->call, grp->to) : 0,
                               last->size, (const double *) grp->sum->data,
                               ag_trace_data (trace, last->after));

  if (backward && out != AG_NO_ID && adjoint_at[out] != G_MAXSIZE)
    {
      /* What the call's output held when it sent: its adjoint, complete by now. */
      const double u_bar = *ag_trace_data (trace, adjoint_at[out]);
      s->sent = copy_data (f->trace, trace, adjoint_at[out], ag_graph_node (g, out)->size);
      if (ag_graph_node (g, out)->size == 1 && grp->sum->len == 1 && u_bar != 0)
        s->local = g_array_index (grp->sum, double, 0) / u_bar;   /* ∂out/∂arg */
    }
  else if (!backward)
    s->sent = G_MAXSIZE;   /* several arguments' tangents: no one sender */
  else if (last->sent != G_MAXSIZE)
    s->sent = copy_data (f->trace, trace, last->sent, ag_graph_node (g, last->from)->size);
  g_array_append_val (f->origin, grp->last);
  g_array_append_val (f->call, grp->call);
}

/* A step as it was. A forward step of a folded call's output is that call's step (f->call). */
static void
append_copy (AgFoldedTrace *f, const AgTrace *trace, const AgGraph *g, AgOpenCalls open, guint k)
{
  const AgStep *o = ag_trace_step (trace, k);
  const guint call = o->kind == AG_STEP_FORWARD ? ag_fold_node_stands_for (g, open, o->to)
                                                : AG_NO_CALL;
  AgStep *s = ag_trace_append (f->trace, o->kind, o->from, o->to, o->slot, o->size,
                               o->size ? ag_trace_data (trace, o->delta) : NULL,
                               o->size ? ag_trace_data (trace, o->after) : NULL);

  s->local = o->local;
  if (o->sent != G_MAXSIZE && o->from != AG_NO_ID)
    s->sent = copy_data (f->trace, trace, o->sent, ag_graph_node (g, o->from)->size);
  g_array_append_val (f->origin, k);
  g_array_append_val (f->call, call);
}

AgFoldedTrace *
ag_trace_fold (const AgTrace *trace, const AgGraph *graph, AgOpenCalls open)
{
  AgFoldedTrace *f;
  g_autofree guint *fate = NULL;
  g_autofree gsize *adjoint_at = NULL;
  g_autoptr (GArray) groups = NULL;
  guint n;

  g_return_val_if_fail (trace != NULL && graph != NULL, NULL);
  n = ag_trace_n_steps (trace);
  f = g_new0 (AgFoldedTrace, 1);
  f->trace = ag_trace_new ();
  f->origin = g_array_new (FALSE, FALSE, sizeof (guint));
  f->call = g_array_new (FALSE, FALSE, sizeof (guint));
  fate = g_new (guint, MAX (n, 1));
  groups = g_array_new (FALSE, FALSE, sizeof (Group));
  g_array_set_clear_func (groups, group_clear);
  classify (trace, graph, open, fate, groups);

  /* Where each node's adjoint stands now in the unfolded data: a summed step's `sent`. */
  adjoint_at = g_new (gsize, MAX (ag_graph_n_nodes (graph), 1));
  for (AgId i = 0; i < ag_graph_n_nodes (graph); i++)
    adjoint_at[i] = G_MAXSIZE;
  for (guint k = 0; k < n; k++)
    {
      const AgStep *s = ag_trace_step (trace, k);

      if (fate[k] == KEEP)
        append_copy (f, trace, graph, open, k);
      else if (fate[k] != DROP && g_array_index (groups, Group, fate[k]).last == k)
        append_group (f, trace, graph, &g_array_index (groups, Group, fate[k]), adjoint_at);
      if ((s->kind == AG_STEP_SEED || s->kind == AG_STEP_BACKWARD) && s->to != AG_NO_ID)
        adjoint_at[s->to] = s->after;
    }
  return f;
}

void
ag_folded_trace_free (AgFoldedTrace *folded)
{
  if (folded == NULL)
    return;
  ag_trace_free (folded->trace);
  g_array_unref (folded->origin);
  g_array_unref (folded->call);
  g_free (folded);
}

AgTrace *
ag_folded_trace_steal (AgFoldedTrace *folded)
{
  AgTrace *t;

  g_return_val_if_fail (folded != NULL, NULL);
  t = g_steal_pointer (&folded->trace);
  folded->trace = ag_trace_new ();
  ag_folded_trace_free (folded);
  return t;
}

/* ---- sentences ------------------------------------------------------------------------- */

/* "neuron(x, w1, b1)": the call as it was written, its arguments by name. */
static void
append_call (GString *out, const AgGraph *g, guint call)
{
  const AgCall *c = ag_graph_call (g, call);

  g_string_append_printf (out, "%s(", c->function);
  for (guint i = 0; i < c->n_args; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "",
                            ag_graph_display_name (g, ag_graph_call_arg (g, call, i)));
  g_string_append_c (out, ')');
}

static void
append_tensor (GString *out, const AgGraph *g, AgId id, const double *data, gboolean every)
{
  AgShape shape = ag_graph_node (g, id)->shape;

  if (every)
    ag_format_tensor_human_cut (out, shape, data, G_MAXUINT, G_MAXUINT);
  else
    ag_format_tensor_human_cut (out, shape, data, 2, 5);
}

/* "backward 9: neuron sends h̄1 = 1 back to w1: w̄1 += h̄1 · ∂h1/∂w1 = 1 · 0.42 = 0.42 → …" */
static void
append_call_backward (GString *out, const AgTrace *t, const AgGraph *g, guint call,
                      const AgStep *s, gboolean every)
{
  const char *u = ag_graph_display_name (g, s->from), *v = ag_graph_display_name (g, s->to);

  g_string_append_printf (out, "%s sends ", ag_graph_call (g, call)->name);
  ag_trace_append_marked_name (out, g, s->from, FALSE);
  if (s->sent != G_MAXSIZE)
    {
      g_string_append (out, " = ");
      append_tensor (out, g, s->from, ag_trace_data (t, s->sent), every);
    }
  g_string_append_printf (out, " back to %s: ", v);
  ag_trace_append_marked_name (out, g, s->to, FALSE);
  g_string_append (out, " += ");
  if (!isnan (s->local) && s->sent != G_MAXSIZE)
    {
      ag_trace_append_marked_name (out, g, s->from, FALSE);
      g_string_append_printf (out, " · ∂%s/∂%s = ", u, v);
      ag_format_human (out, *ag_trace_data (t, s->sent));
      g_string_append (out, " · ");
      ag_format_human (out, s->local);
    }
  else
    {
      g_string_append (out, "vjp(");
      ag_trace_append_marked_name (out, g, s->from, FALSE);
      g_string_append_printf (out, ", ∂%s/∂%s)", u, v);
    }
  g_string_append (out, " = ");
  append_tensor (out, g, s->to, ag_trace_data (t, s->delta), every);
  g_string_append (out, " → ");
  ag_trace_append_marked_name (out, g, s->to, FALSE);
  g_string_append (out, " = ");
  append_tensor (out, g, s->to, ag_trace_data (t, s->after), every);
}

char *
ag_folded_trace_describe_step (const AgFoldedTrace *folded, const AgGraph *graph, guint k,
                               gboolean every_element)
{
  const AgTrace *t;
  const AgStep *s;
  guint call;
  GString *out;

  g_return_val_if_fail (folded != NULL && graph != NULL, NULL);
  t = folded->trace;
  g_return_val_if_fail (k < ag_trace_n_steps (t), NULL);
  s = ag_trace_step (t, k);
  call = g_array_index (folded->call, guint, k);
  if (call == AG_NO_CALL || (s->kind != AG_STEP_FORWARD && s->kind != AG_STEP_BACKWARD
                             && s->kind != AG_STEP_TANGENT))
    return ag_trace_describe_step_with (t, graph, k, every_element);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s %u: ", ag_step_kind_to_string (s->kind), k + 1);
  if (s->kind == AG_STEP_FORWARD)
    {
      const AgNode *n = ag_graph_node (graph, s->to);
      if (n->name)
        g_string_append_printf (out, "%s = ", n->name);
      append_call (out, graph, call);
      g_string_append (out, " = ");
      append_tensor (out, graph, s->to, ag_trace_data (t, s->after), every_element);
    }
  else if (s->kind == AG_STEP_TANGENT)
    {
      /* "tangent 4: sq carries its arguments' tangents to y: ẏ += 7 → ẏ = 7" */
      g_string_append_printf (out, "%s carries its arguments' tangents to %s: ",
                              ag_graph_call (graph, call)->name, ag_graph_display_name (graph, s->to));
      ag_trace_append_marked_name (out, graph, s->to, TRUE);
      g_string_append (out, " += ");
      append_tensor (out, graph, s->to, ag_trace_data (t, s->delta), every_element);
      g_string_append (out, " → ");
      ag_trace_append_marked_name (out, graph, s->to, TRUE);
      g_string_append (out, " = ");
      append_tensor (out, graph, s->to, ag_trace_data (t, s->after), every_element);
    }
  else
    append_call_backward (out, t, graph, call, s, every_element);
  return g_string_free (out, FALSE);
}

gboolean *
ag_open_calls_from_names (const AgGraph *graph, const char *const *names)
{
  gboolean *open = g_new0 (gboolean, MAX (ag_graph_n_calls (graph), 1));

  for (guint i = 0; names && names[i]; i++)
    {
      guint c = ag_graph_lookup_call (graph, names[i]);
      if (c != AG_NO_CALL)
        open[c] = TRUE;
    }
  return open;
}
