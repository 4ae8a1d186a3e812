/* trace.h: the ordered steps of a run, the heart of the teaching.
 *
 * What the screen shows at step k is a pure function of (graph, trace, k): each step records
 * the node that receives something, what it receives and what it holds afterwards. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

typedef enum {
  AG_STEP_FORWARD,       /* `to` is computed from its inputs; each input edge carries its value */
  AG_STEP_SEED,          /* the output's adjoint starts at 1 */
  AG_STEP_BACKWARD,      /* edge from→to carries ū·∂u/∂v; v̄ += it (u = from, v = to) */
  AG_STEP_TANGENT_SEED,  /* forward mode: one element of a leaf's tangent starts at 1 */
  AG_STEP_TANGENT,       /* edge from→to carries ∂u/∂v·v̇; u̇ += it (v = from, u = to) */
  AG_STEP_ZERO_GRAD,     /* every adjoint is set to 0 */
  AG_STEP_UPDATE,        /* an optimizer changes parameter `to` */
} AgStepKind;

typedef struct {
  AgStepKind kind;
  AgId       from;      /* the node a contribution leaves, or AG_NO_ID */
  AgId       to;        /* the node that receives (forward: the node computed) */
  guint32    slot;      /* which input of the consumer the edge is */
  guint32    size;      /* elements of `to` */
  double     local;     /* the scalar local derivative when both ends are scalars, else NAN */
  gsize      delta;     /* offset in the trace's data: what `to` receives (size elements) */
  gsize      after;     /* offset: `to`'s value, adjoint or tangent after the step */
  gsize      sent;      /* edges: offset of what `from` held when it sent (its adjoint or
                         * tangent, as many elements as `from` has); G_MAXSIZE otherwise */
} AgStep;

typedef struct _AgTrace AgTrace;

struct _AgTrace {
  GArray *steps;        /* AgStep */
  GArray *data;         /* double */
};

AgTrace *ag_trace_new   (void);
void     ag_trace_clear (AgTrace *trace);
void     ag_trace_free  (AgTrace *trace);   /* NULL-safe */

static inline guint         ag_trace_n_steps (const AgTrace *t) { return t->steps->len; }
static inline const AgStep *ag_trace_step (const AgTrace *t, guint k) { return &g_array_index (t->steps, AgStep, k); }
static inline const double *ag_trace_data (const AgTrace *t, gsize offset) { return &g_array_index (t->data, double, offset); }

const char *ag_step_kind_to_string (AgStepKind kind);   /* "forward", "backward", … */

/* Appends a step and returns it; copies @size elements from @delta and @after (either may be
 * NULL: zeros). Used by the passes, and by trainers for zero-grad and update steps. */
AgStep  *ag_trace_append (AgTrace *trace, AgStepKind kind, AgId from, AgId to, guint slot,
                          guint size, const double *delta, const double *after);

/* One sentence a student can read, e.g.
 * "backward 4: z̄ = 1 flows to y: ȳ += 1 · 2y = 8 → ȳ = 8" (k is 0-based, shown 1-based).
 * Owned by the caller. */
char *ag_trace_describe_step (const AgTrace *trace, const AgGraph *graph, guint k);
/* The same; with @every_element a tensor is written whole instead of cut to a sentence's
 * 2 rows and 5 columns (`adjoint trace --full`). */
char *ag_trace_describe_step_with (const AgTrace *trace, const AgGraph *graph, guint k,
                                   gboolean every_element);

/* How node @id's adjoint (reverse mode) was assembled from the backward steps among the
 * first @k steps of @trace (k is a player position: 0 before the first step): the chain-rule
 * sum over @id's consumers u, symbols first, then the numbers, then the total, e.g.
 *   "x̄ = z̄·∂z/∂x + grad(x^2)·∂(x^2)/∂x = 1·1 + 1·6 = 7"
 * Terms come in the trace's order; a term is ū·(local derivative) where both are scalars, else
 * the tensor the edge carried (long tensors are cut short with "…"). For the output, once
 * seeded: "z̄ = 1 (the output: ∂z/∂z = 1)". A zero-grad step starts the sum afresh, and so
 * does a seed for computed nodes (leaves accumulate across passes, as in PyTorch).
 * Returns NULL when no contribution has arrived yet (or ever will: a constant, an unused
 * leaf, forward mode). Owned by the caller. */
char *ag_trace_describe_chain_rule (const AgTrace *trace, const AgGraph *graph, AgId id,
                                    guint k);
/* The same with @digits significant digits (1–17), or AG_FORMAT_EXACT (core/format.h) for
 * every number exact, as ag_format_number() writes it: the inspector's "Exact values". */
char *ag_trace_describe_chain_rule_digits (const AgTrace *trace, const AgGraph *graph, AgId id,
                                           guint k, int digits);

/* Appends x̄ (the adjoint) or ẋ (the tangent, with @tangent) of node @id as the sentences
 * write it: a combining mark on a plain name (composed, NFC), grad(…) or tangent(…) around
 * an expression. */
void ag_trace_append_marked_name (GString *out, const AgGraph *graph, AgId id, gboolean tangent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgTrace, ag_trace_free)

G_END_DECLS
