/* ops.h: the op table, the one place an op is defined. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

/* Kernels trust their input: shapes were checked by `infer` when the node was added.
 * `vjp` adds (+=) the contribution ū·∂u/∂v of input @slot into @gin (shaped like that input);
 * `jvp` adds ∂u/∂v·v̇ of input @slot into @tout (shaped like the node). */
typedef gboolean (*AgInferFunc)   (const AgGraph *g, const AgShape *in, guint n_in,
                                   const gint32 *attr, AgShape *out, GError **error);
typedef void     (*AgForwardFunc) (const AgGraph *g, const AgNode *n);
typedef void     (*AgVjpFunc)     (const AgGraph *g, const AgNode *n, guint slot,
                                   const double *gout, double *gin);
typedef void     (*AgJvpFunc)     (const AgGraph *g, const AgNode *n, guint slot,
                                   const double *tin, double *tout);

typedef enum {
  AG_SYNTAX_LEAF,       /* not written: a number or a name */
  AG_SYNTAX_INFIX,      /* a + b */
  AG_SYNTAX_PREFIX,     /* -a */
  AG_SYNTAX_CALL,       /* sin(a) */
  AG_SYNTAX_INDEX,      /* a[0] */
  AG_SYNTAX_LIST,       /* [a, b] */
} AgSyntax;

/* What a call may write besides its inputs, as PyTorch spells it (docs/design-notes.md):
 * whole numbers and True/False written in the program, kept in the node's attr[]. */
typedef enum {
  AG_CALL_INPUTS,       /* f(a, b): the arity's inputs and nothing else */
  AG_CALL_AXIS,         /* f(x), f(x, dim): attr[0] the axis, -1 for the last */
  AG_CALL_REDUCE,       /* f(x), f(x, dim), f(x, dim, keepdim): attr[0] the axis, -1 for the
                         * whole tensor; attr[1] 1 to keep the axis with length 1 */
  AG_CALL_LIST,         /* f([a, b, …]), f([a, b], dim): attr[0] the axis, -1 for 0 */
} AgCallForm;

typedef struct {
  AgOp          op;
  const char   *name;        /* as in files, JSON and calls: "mul", "sigmoid" */
  const char   *symbol;      /* as drawn on a node: "×", "σ" */
  AgSyntax      syntax;
  int           arity;       /* -1: any number of inputs (stack) */
  AgInferFunc   infer;
  AgForwardFunc forward;
  AgVjpFunc     vjp;
  AgJvpFunc     jvp;
  /* The local derivative of the output u with respect to each input, for the inspector.
   * Placeholders: {a} and {b} stand for the inputs, {u} for the output. */
  const char   *derivative[2];
  /* For an op with an axis (AgCallForm), the derivative when it works along one axis; {d}
   * stands for the axis. NULL: derivative[0] says it. */
  const char   *derivative_axis;
  AgCallForm    call;
  /* Programs the gradient-check test runs this op on: inputs first, the op's node last,
   * values away from kinks and outside domains. At least one. */
  const char   *checks[4];
} AgOpInfo;

/* The row for @op. */
const AgOpInfo *ag_op_info (AgOp op);
/* The row whose name (or, for calls, function name) is @name, or NULL. */
const AgOpInfo *ag_op_lookup (const char *name);
/* TRUE when a program calls the op by its name: sin(x), sum(x, 1), stack([a, b], 1). */
gboolean        ag_op_is_function (const AgOpInfo *info);

/* What the passes call for one node: the row's forward and vjp, with one-element element-wise
 * nodes (most of a scalar lesson) done inline without the table's call. Same numbers. */
void ag_op_forward_node (const AgGraph *g, const AgNode *n);
void ag_op_vjp_node     (const AgGraph *g, const AgNode *n, guint slot, const double *gout,
                         double *gin);
/* The same into an adjoint that no edge has written yet in this pass (it may hold anything):
 * stores where the op has a storing kernel, else zeroes @gin and adds. */
void ag_op_vjp_set_node (const AgGraph *g, const AgNode *n, guint slot, const double *gout,
                         double *gin);

G_END_DECLS
