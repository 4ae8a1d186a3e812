/* ops-text.c: an op as text for people: the node's expression and its local derivative, with
 * the inputs' names (or values) put into the table's templates. */
#include "core/ops-text.h"
#include "core/format.h"

#include <string.h>

static gboolean
is_simple (const char *s)
{
  if (s[0] == '\0')
    return FALSE;
  if (g_ascii_isdigit (s[0]) || s[0] == '.')
    {
      char *end;
      g_ascii_strtod (s, &end);
      return *end == '\0';
    }
  /* A name made in a call of a function, "neuron.z" or "neuron#2.z", is one name too. */
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '#')
      return FALSE;
  return TRUE;
}

/* An input's name as it appears inside a larger formula: in parentheses unless it is a plain
 * name or number. */
static char *
operand_text (const AgGraph *g, AgId id)
{
  const char *name = ag_graph_display_name (g, id);
  return is_simple (name) ? g_strdup (name) : g_strdup_printf ("(%s)", name);
}

static char *
substitute (const AgGraph *g, AgId id, const char *templ)
{
  const AgNode *n = ag_graph_node (g, id);
  GString *out = g_string_new (NULL);

  for (const char *p = templ; *p; p++)
    {
      if (p[0] == '{' && (p[1] == 'a' || p[1] == 'b' || p[1] == 'u' || p[1] == 'd') && p[2] == '}')
        {
          g_autofree char *text = NULL;
          if (p[1] == 'd')
            text = g_strdup_printf ("%d", n->attr[0]);
          else if (p[1] == 'u')
            text = operand_text (g, id);
          else if ((guint) (p[1] - 'a') < n->n_inputs)
            text = operand_text (g, ag_graph_input (g, n, p[1] - 'a'));
          else
            text = g_strdup ("?");
          g_string_append (out, text);
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A number inside a formula: for people (x^0.123456789 gives "0.1235x^(-0.8765)", not 17
 * digits), with the program's ASCII minus the formulas' templates use ("-a/b^2"). */
static void
append_formula_number (GString *out, double x)
{
  const gsize start = out->len;

  ag_format_human (out, x);
  if (g_str_has_prefix (out->str + start, "−"))
    {
      g_string_erase (out, start, strlen ("−"));
      g_string_insert_c (out, start, '-');
    }
}

char *
ag_op_describe_derivative (const AgGraph *graph, AgId id, guint slot)
{
  const AgGraph *g = graph;
  const AgNode *n;
  const AgOpInfo *info;

  g_return_val_if_fail (graph != NULL && id < ag_graph_n_nodes (graph), NULL);
  n = ag_graph_node (graph, id);
  info = ag_op_info (n->op);
  g_return_val_if_fail (slot < n->n_inputs, NULL);

  if (info->arity < 0 || n->op == AG_OP_INDEX || n->op == AG_OP_NEG)
    slot = 0;
  else if (slot > 1)
    slot = 1;

  /* y^c with a constant c: the power rule, worked out, as a student writes it ("2y", "5y^4"). */
  if (n->op == AG_OP_POW && slot == 0)
    {
      const AgNode *e = ag_graph_node (g, ag_graph_input (g, n, 1));
      if (e->role == AG_ROLE_CONST && e->size == 1)
        {
          const double c = g->values[e->offset];
          g_autofree char *base = operand_text (g, ag_graph_input (g, n, 0));
          g_autoptr (GString) cs = g_string_new (NULL);
          g_autoptr (GString) ps = g_string_new (NULL);
          const char *sep = is_simple (base) && !g_ascii_isdigit (base[0]) ? "" : "·";

          append_formula_number (cs, c);
          append_formula_number (ps, c - 1.0);
          if (c == 0.0)
            return g_strdup ("0");
          if (c == 1.0)
            return g_strdup ("1");
          if (c == 2.0)
            return g_strdup_printf ("%s%s%s", cs->str, sep, base);
          if (c == -1.0)                        /* -x^(-2), not -1x^(-2) */
            {
              g_string_assign (cs, "-");
              sep = "";
            }
          return g_strdup_printf ("%s%s%s^%s%s%s", cs->str, sep, base,
                                  c - 1.0 < 0 ? "(" : "", ps->str, c - 1.0 < 0 ? ")" : "");
        }
    }
  if (info->derivative_axis && n->attr[0] >= 0)
    return substitute (graph, id, info->derivative_axis);
  return substitute (graph, id, info->derivative[slot] ? info->derivative[slot] : "?");
}

/* A call or a list with @text for its inputs, and what its attributes say as it was
 * written: "sum(x, 1, keepdim=True)", "cat([a, b], 1)", "[a, b]", "stack([a, b], 1)". */
static void
append_call (GString *out, const AgNode *n, const AgOpInfo *info, const char *const *text)
{
  const gboolean list = info->call == AG_CALL_LIST;
  /* A list on its own is a stack along axis 0, as written in brackets. */
  const gboolean bare = info->syntax == AG_SYNTAX_LIST && n->attr[0] <= 0;

  if (!bare)
    g_string_append_printf (out, "%s(", info->name);
  if (list || bare)
    g_string_append_c (out, '[');
  for (guint i = 0; i < n->n_inputs; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", text[i]);
  if (list || bare)
    g_string_append_c (out, ']');
  if (bare)
    return;
  if (info->call != AG_CALL_INPUTS && n->attr[0] >= 0)
    g_string_append_printf (out, ", %d", n->attr[0]);
  if (info->call == AG_CALL_REDUCE && n->attr[0] >= 0 && n->attr[1] > 0)
    g_string_append (out, ", keepdim=True");
  g_string_append_c (out, ')');
}

/* The expression of node @id with @text (one per input) for its operands. */
char *
ag_op_describe_expression_with (const AgGraph *graph, AgId id, const char *const *text)
{
  const AgNode *n;
  const AgOpInfo *info;
  GString *out;

  g_return_val_if_fail (graph != NULL && id < ag_graph_n_nodes (graph), NULL);
  n = ag_graph_node (graph, id);
  info = ag_op_info (n->op);
  out = g_string_new (NULL);

  switch (info->syntax)
    {
    case AG_SYNTAX_LEAF:
      g_string_append (out, ag_graph_display_name (graph, id));
      break;
    case AG_SYNTAX_INFIX:
      {
        static const char *ascii[AG_N_OPS] = {
          [AG_OP_ADD] = "+", [AG_OP_SUB] = "-", [AG_OP_MUL] = "*", [AG_OP_DIV] = "/",
          [AG_OP_POW] = "^", [AG_OP_MATMUL] = "@",
        };
        if (n->op == AG_OP_POW)
          g_string_append_printf (out, "%s^%s", text[0], text[1]);
        else
          g_string_append_printf (out, "%s %s %s", text[0], ascii[n->op], text[1]);
        break;
      }
    case AG_SYNTAX_PREFIX:
      g_string_append_printf (out, "-%s", text[0]);
      break;
    case AG_SYNTAX_CALL:
    case AG_SYNTAX_LIST:
      append_call (out, n, info, text);
      break;
    case AG_SYNTAX_INDEX:
      if (n->attr[1] >= 0)
        g_string_append_printf (out, "%s[%d, %d]", text[0], n->attr[0], n->attr[1]);
      else
        g_string_append_printf (out, "%s[%d]", text[0], n->attr[0]);
      break;
    }
  return g_string_free (out, FALSE);
}

char *
ag_op_describe_expression (const AgGraph *graph, AgId id)
{
  const AgNode *n;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (graph != NULL && id < ag_graph_n_nodes (graph), NULL);
  n = ag_graph_node (graph, id);
  for (guint i = 0; i < n->n_inputs; i++)
    {
      const AgOpInfo *info = ag_op_info (n->op);
      AgId in = ag_graph_input (graph, n, i);
      /* Call and list arguments need no parentheses; operators' operands may. */
      g_ptr_array_add (names, info->syntax == AG_SYNTAX_CALL || info->syntax == AG_SYNTAX_LIST
                                ? g_strdup (ag_graph_display_name (graph, in))
                                : operand_text (graph, in));
    }
  return ag_op_describe_expression_with (graph, id, (const char *const *) names->pdata);
}
