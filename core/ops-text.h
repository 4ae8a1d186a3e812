/* ops-text.h: an op as text for people (the inspector, the trace's sentences, the command line). */
#pragma once

#include "core/ops.h"

G_BEGIN_DECLS

/* The local derivative ∂u/∂(input @slot) of node @id as text with the inputs' names put in,
 * simplified where that helps ("2y" for y^2). Owned by the caller. */
char *ag_op_describe_derivative (const AgGraph *graph, AgId id, guint slot);
/* The node's expression with its inputs' names ("x + 1", "sin(y)"). Owned by the caller. */
char *ag_op_describe_expression (const AgGraph *graph, AgId id);
/* The same with @operands (one text per input) in place of the names, e.g. values. */
char *ag_op_describe_expression_with (const AgGraph *graph, AgId id, const char *const *operands);

G_END_DECLS
