/* graph.c: the node arena: errors, shapes, and building a graph (the passes over it are in
 * autograd.c). */
#define _GNU_SOURCE   /* mremap */
#include "core/graph.h"
#include "core/ops.h"

#include <string.h>
#include <sys/mman.h>

/* ---- errors with a location ---------------------------------------------------------- */

typedef struct {
  guint line, col, length;
} AgErrorPrivate;

static void
ag_error_private_init (AgErrorPrivate *priv)
{
  priv->line = priv->col = priv->length = 0;
}

static void
ag_error_private_copy (const AgErrorPrivate *src, AgErrorPrivate *dest)
{
  *dest = *src;
}

static void
ag_error_private_clear (AgErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (AgError, ag_error)

void
ag_set_error_at (GError **error, AgErrorCode code, guint line, guint col, guint length,
                 const char *format, ...)
{
  va_list args;
  GError *err;
  AgErrorPrivate *priv;

  if (error == NULL)
    return;
  va_start (args, format);
  err = g_error_new_valist (AG_ERROR, code, format, args);
  va_end (args);
  priv = ag_error_get_private (err);
  priv->line = line;
  priv->col = line ? MAX (col, 1) : 0;
  priv->length = line ? MAX (length, 1) : 0;
  g_propagate_error (error, err);
}

gboolean
ag_error_get_location (const GError *error, guint *line, guint *col, guint *length)
{
  AgErrorPrivate *priv = error && error->domain == AG_ERROR ? ag_error_get_private (error) : NULL;

  if (priv == NULL || priv->line == 0)
    return FALSE;
  if (line)
    *line = priv->line;
  if (col)
    *col = priv->col;
  if (length)
    *length = priv->length;
  return TRUE;
}

/* ---- shapes and roles ------------------------------------------------------------------ */

gboolean
ag_shape_equal (AgShape a, AgShape b)
{
  return a.ndim == b.ndim && a.rows == b.rows && a.cols == b.cols;
}

char *
ag_shape_to_string (AgShape s)
{
  switch (s.ndim)
    {
    case 0: return g_strdup ("scalar");
    case 1: return g_strdup_printf ("[%u]", s.cols);
    default: return g_strdup_printf ("[%u, %u]", s.rows, s.cols);
    }
}

const char *
ag_role_to_string (AgRole role)
{
  static const char *names[] = { "computed", "input", "param", "data", "const", "output" };

  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (names), "?");
  return names[role];
}

gboolean
ag_lookup_name (const char *const *names, guint n, const char *name, guint *index)
{
  g_return_val_if_fail (name != NULL, FALSE);
  for (guint i = 0; i < n; i++)
    if (strcmp (names[i], name) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

/* The inspector's heading and the canvas's accessible description name roles in words: the
 * short names, with the two abbreviations spelt out. */
const char *
ag_role_to_words (AgRole role)
{
  switch (role)
    {
    case AG_ROLE_PARAM: return "parameter";
    case AG_ROLE_CONST: return "constant";
    default:            return ag_role_to_string (role);
    }
}

gboolean
ag_node_is_differentiable_leaf (const AgNode *node)
{
  return node->op == AG_OP_LEAF && (node->role == AG_ROLE_INPUT || node->role == AG_ROLE_PARAM);
}

/* ---- building -------------------------------------------------------------------------- */

AgGraph *
ag_graph_new (void)
{
  AgGraph *g = g_new0 (AgGraph, 1);

  g->nodes = g_array_new (FALSE, TRUE, sizeof (AgNode));
  g->edges = g_array_new (FALSE, FALSE, sizeof (AgId));
  g->output = AG_NO_ID;
  g->open_call = AG_NO_CALL;
  return g;
}

/* The three buffers: small ones on the heap, from BUFFER_MAP_BYTES up anonymous mappings,
 * which the kernel gives zeroed and mremap() grows without copying or touching a page. So a
 * 2048 × 2048 tensor costs no clearing, copying nor page faults until something writes it: a
 * heavy program parses in milliseconds (it took 0.6 s of memset and page faults on the
 * window's main thread) and the worker pays for the pages when it runs. Invariant: every
 * element at or past n_elements is zero. */
#define BUFFER_MAP_BYTES ((gsize) 1 << 20)

static double *
buffer_resize (double *old, gsize used, gsize old_cap, gsize cap)
{
  const gsize old_bytes = old_cap * sizeof (double), bytes = cap * sizeof (double);
  void *p;

  if (bytes < BUFFER_MAP_BYTES)
    {
      double *b = g_renew (double, old, cap);
      memset (b + old_cap, 0, (cap - old_cap) * sizeof (double));
      return b;
    }
  if (old_bytes >= BUFFER_MAP_BYTES)
    p = mremap (old, old_bytes, bytes, MREMAP_MAYMOVE);
  else
    p = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    g_error ("%s: failed to map %" G_GSIZE_FORMAT " bytes", G_STRLOC, bytes);   /* as g_malloc */
  if (old_bytes < BUFFER_MAP_BYTES)
    {
      if (used > 0)
        memcpy (p, old, used * sizeof (double));
      g_free (old);
    }
  return p;
}

static void
buffer_free (double *b, gsize cap)
{
  if (cap * sizeof (double) >= BUFFER_MAP_BYTES)
    munmap (b, cap * sizeof (double));
  else
    g_free (b);
}

void
ag_graph_free (AgGraph *graph)
{
  if (graph == NULL)
    return;
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      AgNode *n = ag_graph_node (graph, i);
      g_free (n->name);
      g_free (n->label);
    }
  g_array_unref (graph->nodes);
  g_array_unref (graph->edges);
  if (graph->calls)
    g_array_unref (graph->calls);
  if (graph->call_args)
    g_array_unref (graph->call_args);
  buffer_free (graph->values, graph->capacity);
  buffer_free (graph->grads, graph->capacity);
  buffer_free (graph->tangents, graph->capacity);
  g_free (graph->scratch);
  g_free (graph);
}

/* Reserves @size elements in the three buffers; returns the offset, or G_MAXSIZE past the bound. */
static gsize
graph_reserve (AgGraph *g, gsize size, GError **error)
{
  gsize offset = g->n_elements;

  if (g->nodes->len >= AG_MAX_NODES)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_LIMIT,
                   "the graph would have more than %u nodes", AG_MAX_NODES);
      return G_MAXSIZE;
    }
  if (size > AG_MAX_ELEMENTS || offset + size > AG_MAX_TOTAL)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_LIMIT,
                   "tensors this large are not supported (at most %u elements in one tensor, "
                   "%u in a graph)", AG_MAX_ELEMENTS, AG_MAX_TOTAL);
      return G_MAXSIZE;
    }
  if (offset + size > g->capacity)
    {
      gsize cap = MAX (64, g->capacity);
      while (cap < offset + size)
        cap *= 2;
      g->values = buffer_resize (g->values, offset, g->capacity, cap);
      g->grads = buffer_resize (g->grads, offset, g->capacity, cap);
      g->tangents = buffer_resize (g->tangents, offset, g->capacity, cap);
      g->capacity = cap;
    }
  /* No memset: past n_elements the buffers are zero (see buffer_resize). */
  g->n_elements = offset + size;
  return offset;
}

static AgId
graph_append (AgGraph *g, const AgNode *proto, GError **error)
{
  AgNode node = *proto;
  AgId id = g->nodes->len;
  const gsize size = ag_shape_size (node.shape);   /* checked before it can be narrowed */

  node.offset = graph_reserve (g, size, error);
  if (node.offset == G_MAXSIZE)
    return AG_NO_ID;
  node.size = (guint32) size;
  node.call = g->open_call;
  node.label = g_strdup_printf ("#%u", id);
  g_array_append_val (g->nodes, node);
  return id;
}

AgId
ag_graph_add_leaf (AgGraph *graph, AgRole role, AgShape shape, const double *data,
                   const char *name, GError **error)
{
  AgNode proto = { 0 };
  AgId id;

  g_return_val_if_fail (graph != NULL, AG_NO_ID);
  g_return_val_if_fail (role == AG_ROLE_INPUT || role == AG_ROLE_PARAM ||
                        role == AG_ROLE_DATA || role == AG_ROLE_CONST, AG_NO_ID);
  g_return_val_if_fail (shape.rows > 0 && shape.cols > 0, AG_NO_ID);

  proto.op = AG_OP_LEAF;
  proto.role = role;
  proto.shape = shape;
  proto.attr[0] = proto.attr[1] = -1;
  proto.needs_grad = role == AG_ROLE_INPUT || role == AG_ROLE_PARAM;
  id = graph_append (graph, &proto, error);
  if (id == AG_NO_ID)
    return AG_NO_ID;
  if (data)
    memcpy (ag_graph_value (graph, id), data, ag_shape_size (shape) * sizeof (double));
  if (name)
    ag_graph_set_name (graph, id, name);
  return id;
}

AgId
ag_graph_add_op (AgGraph *graph, AgOp op, const AgId *inputs, guint n_inputs,
                 const gint32 *attrs, GError **error)
{
  const AgOpInfo *info;
  AgShape in_shapes[8];
  g_autofree AgShape *heap_shapes = NULL;
  AgShape *shapes = in_shapes;
  AgNode proto = { 0 };
  AgId id;

  g_return_val_if_fail (graph != NULL, AG_NO_ID);
  g_return_val_if_fail (op > AG_OP_LEAF && op < AG_N_OPS, AG_NO_ID);
  g_return_val_if_fail (n_inputs == 0 || inputs != NULL, AG_NO_ID);

  info = ag_op_info (op);
  if (info->arity >= 0 ? n_inputs != (guint) info->arity : n_inputs == 0)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "%s takes %d input%s, got %u", info->name,
                   info->arity, info->arity == 1 ? "" : "s", n_inputs);
      return AG_NO_ID;
    }
  if (n_inputs > G_N_ELEMENTS (in_shapes))
    shapes = heap_shapes = g_new (AgShape, n_inputs);
  for (guint i = 0; i < n_inputs; i++)
    {
      g_return_val_if_fail (inputs[i] < graph->nodes->len, AG_NO_ID);
      shapes[i] = ag_graph_node (graph, inputs[i])->shape;
      proto.needs_grad |= ag_graph_node (graph, inputs[i])->needs_grad;
    }
  proto.attr[0] = attrs ? attrs[0] : -1;
  proto.attr[1] = attrs ? attrs[1] : -1;
  if (!info->infer (graph, shapes, n_inputs, proto.attr, &proto.shape, error))
    return AG_NO_ID;

  proto.op = op;
  proto.role = AG_ROLE_COMPUTED;
  proto.n_inputs = n_inputs;
  proto.first_input = graph->edges->len;
  id = graph_append (graph, &proto, error);
  if (id == AG_NO_ID)
    return AG_NO_ID;
  g_array_append_vals (graph->edges, inputs, n_inputs);
  if (op == AG_OP_MATMUL && ag_graph_node (graph, inputs[1])->size > graph->scratch_size)
    {
      /* matmul's vjp transposes its right operand here. */
      graph->scratch_size = ag_graph_node (graph, inputs[1])->size;
      graph->scratch = g_renew (double, graph->scratch, graph->scratch_size);
    }
  return id;
}

/* Frees *@field and puts @value (owned) in its place. */
static void
replace_text (char **field, char *value)
{
  g_free (*field);
  *field = value;
}

void
ag_graph_set_name (AgGraph *graph, AgId id, const char *name)
{
  g_return_if_fail (graph != NULL && id < graph->nodes->len);
  replace_text (&ag_graph_node (graph, id)->name, g_strdup (name));
}

void
ag_graph_set_label (AgGraph *graph, AgId id, const char *label)
{
  g_return_if_fail (graph != NULL && id < graph->nodes->len);
  replace_text (&ag_graph_node (graph, id)->label,
                label ? g_strdup (label) : g_strdup_printf ("#%u", id));
}

void
ag_graph_set_span (AgGraph *graph, AgId id, guint line, guint col, guint len)
{
  AgNode *n;

  g_return_if_fail (graph != NULL && id < graph->nodes->len);
  n = ag_graph_node (graph, id);
  n->line = line;
  n->col = col;
  n->len = len;
}

void
ag_graph_set_output (AgGraph *graph, AgId id)
{
  g_return_if_fail (graph != NULL && id < graph->nodes->len);
  if (graph->output != AG_NO_ID && ag_graph_node (graph, graph->output)->role == AG_ROLE_OUTPUT)
    ag_graph_node (graph, graph->output)->role = AG_ROLE_COMPUTED;
  graph->output = id;
  if (ag_graph_node (graph, id)->role == AG_ROLE_COMPUTED)
    ag_graph_node (graph, id)->role = AG_ROLE_OUTPUT;

  /* Which nodes lead to the output: one reverse sweep, since consumers come after inputs.
   * Nodes added later cannot lead to it, so this stays true as the graph grows. */
  for (AgId i = 0; i < graph->nodes->len; i++)
    ag_graph_node (graph, i)->reaches_output = i == id;
  for (AgId i = id + 1; i-- > 0;)
    {
      const AgNode *n = ag_graph_node (graph, i);
      if (!n->reaches_output)
        continue;
      for (guint slot = 0; slot < n->n_inputs; slot++)
        ag_graph_node (graph, ag_graph_input (graph, n, slot))->reaches_output = TRUE;
    }
}

AgId
ag_graph_lookup (const AgGraph *graph, const char *name)
{
  g_return_val_if_fail (graph != NULL && name != NULL, AG_NO_ID);
  for (guint i = graph->nodes->len; i-- > 0;)
    {
      const AgNode *n = ag_graph_node (graph, i);
      if (n->name && strcmp (n->name, name) == 0)
        return i;
    }
  return AG_NO_ID;
}

const char *
ag_graph_display_name (const AgGraph *graph, AgId id)
{
  const AgNode *n;

  g_return_val_if_fail (graph != NULL && id < graph->nodes->len, "?");
  n = ag_graph_node (graph, id);
  return n->name ? n->name : n->label;
}
