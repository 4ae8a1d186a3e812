/* graph-calls.h: the call table of a graph: which call of a user function (`def` in a program)
 * made which nodes, so a call can be drawn folded as one box and opened in place.
 *
 * A program's calls are expanded into the graph (inlined): calling `neuron` three times makes
 * its body's nodes three times. Each expansion is one AgCall: the function's name, the call
 * site, the call whose body made it (calls nest), its argument nodes and the node it returns.
 * The nodes a call makes are consecutive ids, [first_node, end_node), nested calls' included;
 * each node also records its innermost call (AgNode.call). A call's arguments are made before
 * it (outside it) and its output is usually inside it, but a function may return an argument
 * or a constant it did not make: use the `output` field, not the range, for the result. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

typedef struct {
  char    *function;          /* the function called: "neuron" */
  char    *name;              /* the call's name, unique in its graph: "neuron" for a function's
                               * first call, "neuron#2" for the second, … in program order */
  guint32  line, col, len;    /* the call site `neuron(x, w1, b1)` in the program text */
  guint32  parent;            /* the call whose body made this one, or AG_NO_CALL */
  guint32  depth;             /* 0 for a call in the program's top level, parent's + 1 */
  guint32  first_arg, n_args; /* its arguments: ag_graph_call_arg() */
  AgId     output;            /* the node it returns; AG_NO_ID while it is being built */
  AgId     first_node;        /* the nodes its body made: first_node ≤ id < end_node */
  AgId     end_node;
} AgCall;

/* How many calls @graph records (0 for a program without functions). */
guint         ag_graph_n_calls      (const AgGraph *graph);
/* Call @call (below ag_graph_n_calls()); borrowed, valid until the graph grows or is freed. */
const AgCall *ag_graph_call         (const AgGraph *graph, guint call);
/* The node passed as argument @slot of @call. */
AgId          ag_graph_call_arg     (const AgGraph *graph, guint call, guint slot);
/* The innermost call that made node @id, or AG_NO_CALL. */
guint         ag_graph_node_call    (const AgGraph *graph, AgId id);
/* TRUE when node @id was made by @call's body, directly or in a call nested in it. */
gboolean      ag_graph_call_contains (const AgGraph *graph, guint call, AgId id);
/* The call named @name ("neuron#2"), or AG_NO_CALL. */
guint         ag_graph_lookup_call  (const AgGraph *graph, const char *name);

/* Building (the parser): opens a call of @function named @name at the call site, inside the
 * call open now (its parent); nodes added until ag_graph_end_call() belong to it. Returns its
 * index. @args are the @n_args argument nodes, already in the graph. */
guint ag_graph_begin_call (AgGraph *graph, const char *function, const char *name, guint line,
                           guint col, guint len, const AgId *args, guint n_args);
/* Closes @call (the call open now), which returned @output; its parent is open again. */
void  ag_graph_end_call   (AgGraph *graph, guint call, AgId output);

G_END_DECLS
