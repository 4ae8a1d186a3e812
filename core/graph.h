/* graph.h: tensors, nodes and the graph arena (the passes that run over it: autograd.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits that keep hostile programs and files from exhausting the machine. */
#define AG_MAX_NODES        1000000u   /* nodes in one graph */
#define AG_MAX_ELEMENTS     (1u << 22) /* elements in one tensor (4 Mi) */
#define AG_MAX_TOTAL        (1u << 24) /* elements in all tensors of a graph (16 Mi) */

typedef guint32 AgId;                   /* a node's index in its graph */
#define AG_NO_ID G_MAXUINT32
#define AG_NO_CALL G_MAXUINT32          /* a node made outside every call (graph-calls.h) */

/* Error domain of the core. Errors that come from a place in a program or file carry
 * that place: see ag_error_get_location(). */
#define AG_ERROR (ag_error_quark ())
typedef enum {
  AG_ERROR_SYNTAX,      /* a program that does not parse */
  AG_ERROR_NAME,        /* an unknown name or function */
  AG_ERROR_SHAPE,       /* shapes that do not fit the op */
  AG_ERROR_LIMIT,       /* a size bound was exceeded */
  AG_ERROR_NOT_SCALAR,  /* backward asked of a non-scalar output */
  AG_ERROR_FORMAT,      /* a graph file that is not well formed */
  AG_ERROR_VERSION,     /* a graph file newer than this program */
  AG_ERROR_IO,          /* reading or writing failed */
  AG_ERROR_ARGUMENT,    /* a bad value for an option */
} AgErrorCode;
GQuark ag_error_quark (void);

/* Sets @error with a location (1-based line and column; @length characters long, at least 1).
 * A line of 0 means "no location". */
void     ag_set_error_at       (GError **error, AgErrorCode code, guint line, guint col,
                                guint length, const char *format, ...) G_GNUC_PRINTF (6, 7);
/* Reads the location of an error made by ag_set_error_at(). Returns FALSE when it has none. */
gboolean ag_error_get_location (const GError *error, guint *line, guint *col, guint *length);

/* A shape: a scalar (ndim 0, 1×1), a vector of n (ndim 1, 1×n) or a matrix r×c (ndim 2).
 * Vectors are stored as one row, so a vector broadcasts as a row over a matrix. */
typedef struct {
  guint8  ndim;
  guint32 rows;
  guint32 cols;
} AgShape;

#define AG_SHAPE_SCALAR ((AgShape) { 0, 1, 1 })
static inline AgShape ag_shape_vector (guint32 n) { return (AgShape) { 1, 1, n }; }
static inline AgShape ag_shape_matrix (guint32 r, guint32 c) { return (AgShape) { 2, r, c }; }
static inline gsize   ag_shape_size (AgShape s) { return (gsize) s.rows * s.cols; }
gboolean ag_shape_equal  (AgShape a, AgShape b);
/* "scalar", "[3]" or "[2, 3]". Owned by the caller. */
char    *ag_shape_to_string (AgShape s);

typedef enum {
  AG_ROLE_COMPUTED,     /* the result of an op */
  AG_ROLE_INPUT,        /* a leaf the user edits and differentiates: x = 3 */
  AG_ROLE_PARAM,        /* a trained leaf (weights, biases) */
  AG_ROLE_DATA,         /* a leaf fed from a dataset; no gradient */
  AG_ROLE_CONST,        /* a number in an expression; no gradient */
  AG_ROLE_OUTPUT,       /* the computed node whose adjoint starts at 1 */
} AgRole;
const char *ag_role_to_string (AgRole role);   /* "input", "param", … */
const char *ag_role_to_words (AgRole role);    /* for people: "input", "parameter", … */

/* The names of an enum's values, for files and options: the index of @name (exact,
 * case-sensitive) among the @n @names in @index; FALSE when it is none of them. */
gboolean ag_lookup_name (const char *const *names, guint n, const char *name, guint *index);
/* Defines PREFIX_to_string (TYPE) ("?" out of range) and PREFIX_from_string (name, TYPE *)
 * from a table of @count @names in the enum's order:
 *
 *   AG_DEFINE_NAME_FUNCS (AgLoss, ag_loss, loss_names, AG_N_LOSSES)
 */
#define AG_DEFINE_NAME_FUNCS(type, prefix, names, count)                                    \
const char *prefix##_to_string (type v)                                                    \
{                                                                                          \
  g_return_val_if_fail ((guint) v < (count), "?");                                         \
  return names[v];                                                                         \
}                                                                                          \
gboolean prefix##_from_string (const char *name, type *v)                                  \
{                                                                                          \
  guint i;                                                                                 \
  if (!ag_lookup_name (names, (count), name, &i))                                          \
    return FALSE;                                                                          \
  *v = (type) i;                                                                           \
  return TRUE;                                                                             \
}

typedef enum {
  AG_OP_LEAF,
  AG_OP_ADD, AG_OP_SUB, AG_OP_MUL, AG_OP_DIV, AG_OP_NEG, AG_OP_POW,
  AG_OP_EXP, AG_OP_LOG, AG_OP_SIN, AG_OP_COS, AG_OP_TAN, AG_OP_SQRT, AG_OP_ABS,
  AG_OP_TANH, AG_OP_SIGMOID, AG_OP_RELU,
  AG_OP_SUM, AG_OP_MEAN, AG_OP_DOT, AG_OP_MATMUL, AG_OP_TRANSPOSE,
  AG_OP_INDEX, AG_OP_STACK,
  AG_OP_MSE, AG_OP_SOFTMAX, AG_OP_CROSS_ENTROPY, AG_OP_BCE_LOGITS, AG_OP_HINGE,
  AG_OP_LOG_SOFTMAX, AG_OP_CAT, AG_OP_MAX, AG_OP_MAXIMUM,
  AG_OP_HEAVISIDE,
  AG_N_OPS
} AgOp;

/* A node: fields mirror the maths. The graph owns it; a pointer to it is valid until the
 * graph grows or is freed. Values, adjoints and tangents live in the graph's buffers at
 * `offset` (see ag_graph_value() and friends). */
typedef struct {
  AgOp     op;
  AgRole   role;
  AgShape  shape;
  guint32  size;          /* rows × cols */
  guint32  n_inputs;
  guint32  first_input;   /* index of the first input in the graph's edge list */
  gint32   attr[2];       /* op attributes, -1 when unused: the positions of an index; the
                           * axis (and keepdim) of a call such as sum(x, 1), see AgCallForm */
  gboolean needs_grad;    /* an input or parameter lies upstream */
  gboolean reaches_output;/* the output lies downstream (or it is the output) */
  gboolean on_tangent;    /* scratch of ag_graph_forward_mode(): the seeded leaf lies upstream */
  gboolean adjoint_unwritten; /* scratch of ag_graph_run(): no edge has written its adjoint
                               * yet in this pass, so the first one stores (no memset first) */
  gsize    offset;        /* of its elements in the value, adjoint and tangent buffers */
  char    *name;          /* the name it was assigned to, or NULL */
  char    *label;         /* its source text (a number for a constant), or NULL */
  guint32  line, col, len;/* where in the program it was written; line 0 when unknown */
  guint32  call;          /* the innermost call of a user function that made it, or
                           * AG_NO_CALL (the call table: graph-calls.h) */
} AgNode;

/* The graph: an arena of nodes in topological order (a node's inputs come before it),
 * so every pass is a plain loop. Build it (ag_graph_add_*), then run it. */
typedef struct {
  GArray  *nodes;         /* AgNode */
  GArray  *edges;         /* AgId: the inputs of every node, in order */
  double  *values;
  double  *grads;
  double  *tangents;
  gsize    n_elements;    /* used length of the three buffers */
  gsize    capacity;
  AgId     output;        /* AG_NO_ID until set */
  double  *scratch;       /* working space of the kernels (a transposed matrix), sized as the
                           * nodes are added so a pass never allocates */
  gsize    scratch_size;
  GArray  *calls;         /* AgCall, or NULL while there is none (graph-calls.h) */
  GArray  *call_args;     /* AgId: the arguments of every call, in order */
  guint32  open_call;     /* the call new nodes belong to, or AG_NO_CALL */
} AgGraph;

AgGraph *ag_graph_new  (void);
void     ag_graph_free (AgGraph *graph);   /* NULL-safe */

/* Adds a leaf of @role (input, param, data or const) with @shape, copying @data (all zeros
 * when NULL). @name may be NULL. Returns its id, or AG_NO_ID with @error set (AG_ERROR_LIMIT). */
AgId ag_graph_add_leaf (AgGraph *graph, AgRole role, AgShape shape, const double *data,
                        const char *name, GError **error);
/* Adds a node computing @op from @inputs (ids of nodes already in the graph). @attrs holds the
 * op's attributes (index positions) or is NULL. The shape is inferred; a mismatch returns
 * AG_NO_ID with AG_ERROR_SHAPE and a message that names the shapes. */
AgId ag_graph_add_op   (AgGraph *graph, AgOp op, const AgId *inputs, guint n_inputs,
                        const gint32 *attrs, GError **error);
/* Names, labels and source spans are for people: they never change a computation. */
void ag_graph_set_name   (AgGraph *graph, AgId id, const char *name);
void ag_graph_set_label  (AgGraph *graph, AgId id, const char *label);
void ag_graph_set_span   (AgGraph *graph, AgId id, guint line, guint col, guint len);
/* Marks @id as the output: its role becomes AG_ROLE_OUTPUT if it was computed. */
void ag_graph_set_output (AgGraph *graph, AgId id);

static inline guint   ag_graph_n_nodes (const AgGraph *g) { return g->nodes->len; }
static inline AgNode *ag_graph_node (const AgGraph *g, AgId id) { return &g_array_index (g->nodes, AgNode, id); }
static inline AgId    ag_graph_input (const AgGraph *g, const AgNode *n, guint slot)
{ return g_array_index (g->edges, AgId, n->first_input + slot); }
/* Borrowed pointers into the graph's buffers; valid until the graph grows or is freed. */
static inline double *ag_graph_value   (const AgGraph *g, AgId id) { return g->values + ag_graph_node (g, id)->offset; }
static inline double *ag_graph_grad    (const AgGraph *g, AgId id) { return g->grads + ag_graph_node (g, id)->offset; }
static inline double *ag_graph_tangent (const AgGraph *g, AgId id) { return g->tangents + ag_graph_node (g, id)->offset; }

/* The latest node assigned @name (assignments shadow earlier ones), or AG_NO_ID. */
AgId ag_graph_lookup (const AgGraph *graph, const char *name);
/* How a node is called in text: its name, else its label, else "#id". Borrowed. */
const char *ag_graph_display_name (const AgGraph *graph, AgId id);
/* TRUE for leaves a gradient is taken for (inputs and parameters). */
gboolean ag_node_is_differentiable_leaf (const AgNode *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgGraph, ag_graph_free)

G_END_DECLS
