/* adjoint.h: the Adjoint core, an autograd library that shows its work.
 *
 * Define a graph, then run it: parsing builds nodes in topological order and runs nothing;
 * each pass is one loop over them.
 *
 *   g_autoptr (GError) error = NULL;
 *   g_autoptr (AgGraph) g = ag_program_parse ("x = 3; y = x + 1; z = y^2", -1, &error);
 *   g_autoptr (AgTrace) trace = ag_trace_new ();
 *
 *   if (g == NULL)                                   // a typo: error names line and column
 *     return print (ag_program_format_error (error, "<program>", text));
 *   ag_graph_run (g, trace, &error);                 // zero-grad, forward, backward
 *   *ag_graph_value (g, g->output);                  // z = 16
 *   *ag_graph_grad (g, ag_graph_lookup (g, "x"));    // x̄ = ∂z/∂x = 8
 *   ag_trace_describe_step (trace, g, 3);            // "backward 4: z̄ = 1 flows to y:
 *                                                    //  ȳ += 1 · 2y = 8 → ȳ = 8"
 *
 * The pieces:
 *   graph.h       nodes, shapes and roles: the graph arena
 *   graph-calls.h the calls of user functions (`def`) each node came from
 *   autograd.h    the passes: forward, backward, forward mode, run
 *   ops.h         the op table: one row per op, the one place an op is defined
 *   ops-text.h    an op as text for people: its expression and local derivative
 *   trace.h       the ordered steps of a run, each with the numbers it moved
 *   program.h     the program language, parsed into a graph
 *   graph-file.h  graph files: the program plus layout, view and captions
 *   caption-anchor.h  a caption's anchor: the name of what a step does
 *   check.h       central-difference gradient checks
 *   optim.h       SGD, momentum and Adam with PyTorch's rules
 *   format.h      numbers and tensors as text and JSON
 *
 * Conventions: doubles; PyTorch's choices (relu'(0) = 0, leaves accumulate gradients until
 * ag_graph_zero_grad); nothing recurses over a graph; bad programs and files return a GError
 * that says what and where, never abort. */
#pragma once

#include "core/graph.h"
#include "core/graph-calls.h"
#include "core/autograd.h"
#include "core/ops.h"
#include "core/ops-text.h"
#include "core/trace.h"
#include "core/program.h"
#include "core/graph-file.h"
#include "core/caption-anchor.h"
#include "core/check.h"
#include "core/optim.h"
#include "core/format.h"
