/* adj-eval.h: one run of the document's graph (issue 17): a graph of its own, the trace it
 * records and what the run settled. It touches nothing else, so AdjDocument runs a light one
 * on the main thread and a heavy one on a worker thread (adj_eval_run_in_thread()). */
#pragma once

#include <gio/gio.h>
#include "core/trace.h"

G_BEGIN_DECLS

typedef struct {
  AgGraph *graph;            /* owned until the document takes it */
  AgTrace *trace;            /* owned until the document takes it */
  char    *run_note;         /* why backward could not run, or NULL */
  gboolean forward;          /* forward mode (tangents) rather than reverse (adjoints) */
  AgId     tangent_wrt;      /* forward mode's seed, settled by the run */
  guint    tangent_element;
  guint    phase_start;      /* the number of forward steps */
  int      step;             /* the document's: where the player goes once it is installed */
  guint    generation;       /* the document's count of evaluations when it was asked for */
} AdjEval;

/* A new evaluation of @graph (owned) in reverse mode, or in forward mode when @forward: that
 * seeds element @tangent_element of @tangent_wrt, or the first input's first element when
 * that is not a differentiable leaf. */
AdjEval *adj_eval_new  (AgGraph *graph, gboolean forward, AgId tangent_wrt, guint tangent_element);
void     adj_eval_free (AdjEval *e);
/* Runs the graph and records the trace of @e's mode: forward, then backward or the tangents.
 * Any thread; stops after the forward pass once @cancellable (may be NULL) is cancelled, since
 * nobody will read the rest. */
void     adj_eval_run  (AdjEval *e, GCancellable *cancellable);
/* What running @g costs, in multiply-adds and element visits: every node's elements and its
 * inputs', plus a matrix product's inner loop. Forward, backward and zero-grad each cost
 * about this much again, so a constant factor does not matter against a threshold. */
double   adj_eval_cost (const AgGraph *g);
/* Runs @e (owned) on a worker thread (a GTask named "adjoint-eval" of @source_object), then
 * calls @callback on the caller's main context; adj_eval_from_result() gives @e back. */
void     adj_eval_run_in_thread (AdjEval *e, gpointer source_object, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
/* The finished evaluation of @result; borrowed (freed with the task). */
AdjEval *adj_eval_from_result (GAsyncResult *result);

G_END_DECLS
