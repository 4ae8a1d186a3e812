/* adj-step-state.c: what player position k at fraction t shows, worked out from the graph and
 * the trace alone, so the scene only paints it and tests can check it without pixels. */
#include "ui/draw/adj-step-state.h"
#include "core/format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/format.h"
#include "ui/draw/adj-anim.h"

void
adj_step_state_init (AdjStepState *state)
{
  *state = (AdjStepState) { 0 };
}

void
adj_step_state_clear (AdjStepState *state)
{
  g_free (state->nodes);
  adj_step_state_init (state);
}

static gboolean
is_grad_kind (AgStepKind kind)
{
  return kind == AG_STEP_SEED || kind == AG_STEP_BACKWARD || kind == AG_STEP_TANGENT_SEED ||
         kind == AG_STEP_TANGENT;
}

static gboolean
is_contribution (AgStepKind kind)
{
  return kind == AG_STEP_BACKWARD || kind == AG_STEP_TANGENT;
}

/* The fields that follow from the current step alone. */
static void
current_step (AdjStepState *state)
{
  const AgStep *c = state->current;

  state->arrived = c == NULL || adj_anim_arrived (state->t);
  state->value_step = c && (c->kind == AG_STEP_FORWARD || c->kind == AG_STEP_UPDATE);
  state->pulse = c && (state->value_step || is_grad_kind (c->kind))
                 ? MAX (adj_anim_pulse (state->t), 0.35) : 0;
  state->in_flight = c && (c->kind == AG_STEP_FORWARD || is_contribution (c->kind)) && !state->arrived;
  state->fraction = c ? adj_anim_token_fraction (c->kind, state->t) : 0;
  state->has_sum = c && is_contribution (c->kind) && state->arrived && c->size == 1;
}

void
adj_step_state_compute (AdjStepState *state, const AgGraph *graph, const AgTrace *trace,
                        guint k, double t)
{
  const guint n_nodes = ag_graph_n_nodes (graph), n_steps = ag_trace_n_steps (trace);
  guint applied;

  state->k = MIN (k, n_steps);
  state->current = state->k > 0 ? ag_trace_step (trace, state->k - 1) : NULL;
  state->t = state->current ? CLAMP (t, 0, 1) : 1;
  state->tangents = FALSE;
  current_step (state);
  /* The current step's effect shows once its number has arrived. */
  applied = state->arrived ? state->k : state->k - 1;

  if (n_nodes > state->capacity)
    {
      state->nodes = g_renew (AdjNodeShown, state->nodes, n_nodes);
      state->capacity = n_nodes;
    }
  state->n_nodes = n_nodes;
  /* Leaves hold their values from the start; the rest wait for their forward step. */
  for (AgId id = 0; id < n_nodes; id++)
    state->nodes[id] = (AdjNodeShown) {
      ag_graph_node (graph, id)->op == AG_OP_LEAF ? ag_graph_value (graph, id) : NULL, NULL, 0, 0
    };
  for (guint j = 0; j < n_steps; j++)
    {
      const AgStep *s = ag_trace_step (trace, j);
      AdjNodeShown *ns;

      if (s->to == AG_NO_ID)
        continue;
      ns = &state->nodes[s->to];
      state->tangents |= s->kind == AG_STEP_TANGENT_SEED;
      if (is_contribution (s->kind))
        ns->expected++;
      if (j >= applied)
        continue;
      /* A parameter the optimizer has moved shows its new value (the graph holds the old),
       * and keeps showing it. */
      if (s->kind == AG_STEP_FORWARD && ns->value == NULL)
        ns->value = ag_graph_value (graph, s->to);
      else if (s->kind == AG_STEP_UPDATE)
        ns->value = ag_trace_data (trace, s->after);
      else if (is_grad_kind (s->kind))
        {
          ns->grad = ag_trace_data (trace, s->after);
          ns->received += is_contribution (s->kind);
        }
    }
}

gboolean
adj_step_uses_edge (const AgStep *s, const AdjEdgePath *e)
{
  switch (s->kind)
    {
    case AG_STEP_FORWARD:
      return s->to == e->to;
    case AG_STEP_BACKWARD:
      return s->from == e->to && s->to == e->from && s->slot == e->slot;
    case AG_STEP_TANGENT:
      return s->to == e->to && s->from == e->from && s->slot == e->slot;
    default:
      return FALSE;
    }
}

gboolean
adj_step_state_edge_active (const AdjStepState *state, const AdjEdgePath *edge)
{
  return state->current && adj_step_uses_edge (state->current, edge);
}

AgId
adj_step_state_receiver (const AdjStepState *state)
{
  return state->current ? state->current->to : AG_NO_ID;
}

const double *
adj_step_state_carried (const AdjStepState *state, const AgGraph *graph, const AgTrace *trace,
                        const AdjEdgePath *edge, AgShape *shape)
{
  const AgStep *c = state->current;

  if (!adj_step_state_edge_active (state, edge))
    return NULL;
  if (c->kind == AG_STEP_FORWARD)
    {
      *shape = ag_graph_node (graph, edge->from)->shape;
      return ag_graph_value (graph, edge->from);
    }
  *shape = ag_graph_node (graph, c->to)->shape;
  return ag_trace_data (trace, c->delta);
}

const char *
adj_format_compact (char buf[G_ASCII_DTOSTR_BUF_SIZE], double v)
{
  char human[AG_FORMAT_HUMAN_SIZE];

  /* The one formatter for people (core/format.h); at 17 digits its longest text, 38 bytes
   * ("−1.2345678901234567×10⁻³⁰⁰"), still fits this buffer. */
  g_strlcpy (buf, ag_format_human_buf (human, v), G_ASCII_DTOSTR_BUF_SIZE);
  return buf;
}

/* Appends @before and @text to @buf (NUL-terminated, @size bytes) without allocating; cut at
 * @size. */
static void
append (char *buf, gsize size, const char *before, const char *text)
{
  g_strlcat (buf, before, size);
  g_strlcat (buf, text, size);
}

/* A term of the sum: "6" first, then " + 6"; a negative one subtracts, "1 − 6", which reads as
 * the arithmetic a student writes (the number itself is −6, so the result holds). */
static void
append_term (char *buf, gsize size, double v, gboolean first)
{
  char num[AG_FORMAT_HUMAN_SIZE];

  ag_format_human_buf (num, v < 0 ? -v : v);
  append (buf, size, first ? (v < 0 ? "−" : "") : (v < 0 ? " − " : " + "), num);
}

/* A zero-grad step, or a seed of the node, starts its sum afresh. */
static gboolean
restarts_sum (const AgStep *s, AgId to)
{
  return s->kind == AG_STEP_ZERO_GRAD ||
         (s->to == to && (s->kind == AG_STEP_SEED || s->kind == AG_STEP_TANGENT_SEED));
}

static gboolean
is_term (const AgStep *s, AgId to)
{
  return s->to == to && is_contribution (s->kind) && s->size == 1;
}

/* The contributions the receiving node of the current step has gathered so far, read from the
 * trace (nothing is kept per frame): how many since its adjoint (or tangent) last started from
 * zero, the first two and the last. */
typedef struct {
  guint  n;
  double first[2], last;
} Terms;

static Terms
gathered_terms (const AdjStepState *state, const AgTrace *trace)
{
  const AgId to = state->current->to;
  Terms t = { 0 };

  for (guint j = 0; j < state->k; j++)
    {
      const AgStep *s = ag_trace_step (trace, j);

      if (restarts_sum (s, to))
        t.n = 0;
      else if (is_term (s, to))
        {
          t.last = *ag_trace_data (trace, s->delta);
          if (t.n < 2)
            t.first[t.n] = t.last;
          t.n++;
        }
    }
  return t;
}

/* Past this many terms the sum shows the first two, "…", the last, and how many there are. */
#define SUM_MAX_TERMS 4

void
adj_step_state_sum_text (const AdjStepState *state, const AgTrace *trace, char *buf, gsize size)
{
  char num[AG_FORMAT_HUMAN_SIZE], count[32];
  Terms t;

  g_return_if_fail (state->has_sum && size > 0);
  buf[0] = '\0';
  t = gathered_terms (state, trace);
  /* The first path's number starts the sum: no "0 + 1 = 1". */
  if (t.n <= 1)
    {
      const double delta = *ag_trace_data (trace, state->current->delta);
      append (buf, size, delta < 0 ? "+= −" : "+= ", ag_format_human_buf (num, fabs (delta)));
      return;
    }
  if (t.n <= SUM_MAX_TERMS)
    {
      /* Every term, in the order they arrived: the trace again, since only two are kept. */
      guint i = 0;
      for (guint j = 0; j < state->k; j++)
        {
          const AgStep *s = ag_trace_step (trace, j);
          if (restarts_sum (s, state->current->to))
            i = 0, buf[0] = '\0';
          else if (is_term (s, state->current->to))
            append_term (buf, size, *ag_trace_data (trace, s->delta), i++ == 0);
        }
    }
  else
    {
      append_term (buf, size, t.first[0], TRUE);
      append_term (buf, size, t.first[1], FALSE);
      append (buf, size, " + …", "");
      append_term (buf, size, t.last, FALSE);
    }
  append (buf, size, " = ", ag_format_human_buf (num, *ag_trace_data (trace, state->current->after)));
  if (t.n > SUM_MAX_TERMS)
    {
      snprintf (count, sizeof count, " (%u terms)", t.n);
      append (buf, size, count, "");
    }
}

void
adj_step_state_paths_text (const AdjStepState *state, AgId id, char *buf, gsize size)
{
  const AdjNodeShown *n;

  g_return_if_fail (id < state->n_nodes && size > 0);
  n = &state->nodes[id];
  if (n->expected > 1 && (n->received > 0 || adj_step_state_receiver (state) == id))
    snprintf (buf, size, "%u of %u paths", n->received, n->expected);
  else
    buf[0] = '\0';
}
