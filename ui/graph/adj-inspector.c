/* adj-inspector.c: the side panel that explains the selected node at the player's step. */
#include "ui/graph/adj-inspector.h"
#include "adj-resources.h"
#include "core/bug.h"
#include "core/check.h"
#include "core/format.h"
#include "core/ops-text.h"
#include "core/ops.h"

#include <math.h>

/* Rows of the check shown at most: a network has thousands of parameters. */
#define CHECK_MAX_ROWS  200
/* Local-derivative lines shown at most: stack() may have thousands of inputs. */
#define MAX_DERIVATIVES 12
/* Tensors longer than this are shown cut short with "…". */
#define SHOW_MAX_COLS   10
#define SHOW_MAX_ROWS   8

/* Point size of the check's cells: readable from the back of a lecture hall (at least 13 pt),
 * as the template's labels are. */
#define BODY_PT         13

struct _AdjInspector
{
  AdjDocumentWidget parent_instance;

  /* borrowed: children from the template (data/ui/adj-inspector.ui), which the widget owns */
  GtkWidget   *scrolled;
  GtkWidget   *hint;
  GtkWidget   *details;
  GtkWidget   *heading;
  GtkWidget   *shape;
  GtkWidget   *value_caption;
  GtkWidget   *value;
  GtkWidget   *adjoint_caption;
  GtkWidget   *adjoint;
  GtkWidget   *derivatives_caption;
  GtkWidget   *derivatives;
  GtkWidget   *chain_caption;
  GtkWidget   *chain;
  GtkWidget   *exact_button;
  GtkWidget   *check_button;
  GtkWidget   *check_summary;
  GtkWidget   *check_scroll;
  GtkWidget   *check_grid;

  /* owned */
  GArray      *check_entries;   /* AgCheckEntry: the last check's rows shown, or NULL */
  gboolean     exact;           /* :exact-values: every number exact instead of for people */
  int          bug;             /* find the bug: the check is that engine's (an AgBug), or -1 */
};

G_DEFINE_FINAL_TYPE (AdjInspector, adj_inspector, ADJ_TYPE_DOCUMENT_WIDGET)

enum {
  PROP_0,
  PROP_EXACT_VALUES,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

/* ---- helpers --------------------------------------------------------------------------- */

/* x̄ (adjoint) or ẋ (tangent), written as the trace's sentences write them: a combining mark
 * on a plain name (composed, NFC), grad(…) or tangent(…) around an expression. */
static char *
dup_marked (const AgGraph *g, AgId id, gboolean tangent)
{
  GString *out = g_string_new (NULL);

  ag_trace_append_marked_name (out, g, id, tangent);
  return g_string_free (out, FALSE);
}

/* A node's name inside ∂u/∂v: expressions in parentheses, so ∂(x^2)/∂x. */
static char *
dup_partial_name (const AgGraph *g, AgId id)
{
  const char *name = ag_graph_display_name (g, id);

  return ag_format_is_identifier (name) ? g_strdup (name) : g_strdup_printf ("(%s)", name);
}

/* The significant digits of the panel's numbers: the preference's (ag_format_human), or every
 * digit (AG_FORMAT_EXACT) while "Exact values" is on. */
static int
digits_of (AdjInspector *self)
{
  return self->exact ? AG_FORMAT_EXACT : ag_format_get_human_digits ();
}

/* A number in the panel: for people, or exact (the shortest form that reads back, as files and
 * --json write it, so it can be copied into a program). */
static void
append_number (GString *out, double x, int digits)
{
  if (digits == AG_FORMAT_EXACT)
    ag_format_number (out, x);
  else
    ag_format_human_digits (out, x, digits);
}

/* The check's relative error: two significant digits say how close; more is noise. */
static char *
dup_error (double x)
{
  GString *out = g_string_new (NULL);

  ag_format_human_digits (out, x, 2);
  return g_string_free (out, FALSE);
}

/* A label for the panel: selectable, wrapping, left-aligned, at @points. */
static GtkWidget *
make_label (const char *name, int points, gboolean bold)
{
  GtkWidget *label = gtk_label_new (NULL);
  PangoAttrList *attrs = pango_attr_list_new ();

  gtk_widget_set_name (label, name);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  pango_attr_list_insert (attrs, pango_attr_size_new (points * PANGO_SCALE));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  pango_attr_list_unref (attrs);
  return label;
}

/* Sets a math line's text, and its accessible name to the section and the text, so a screen
 * reader says what the number is. */
static void
set_line (GtkWidget *label, const char *caption, const char *text)
{
  g_autofree char *name = g_strdup_printf ("%s: %s", caption, text);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
set_caption (GtkWidget *caption, const char *text)
{
  gtk_label_set_text (GTK_LABEL (caption), text);
}

static void
show_section (GtkWidget *caption, GtkWidget *line, gboolean visible)
{
  gtk_widget_set_visible (caption, visible);
  gtk_widget_set_visible (line, visible);
}

/* The document shown, or NULL. */
static AdjDocument *
document_of (AdjInspector *self)
{
  return adj_document_widget_get_document (ADJ_DOCUMENT_WIDGET (self));
}

/* The selected node, or AG_NO_ID when there is none (or it is not in the graph any more). */
static AgId
selected_node (AdjInspector *self)
{
  AgId id;

  if (document_of (self) == NULL)
    return AG_NO_ID;
  id = adj_document_get_selected (document_of (self));
  if (id != AG_NO_ID && id >= ag_graph_n_nodes (adj_document_get_graph (document_of (self))))
    return AG_NO_ID;
  return id;
}

/* Whether node @id has a value at player position @k: leaves always, computed nodes once
 * their forward step (index i) is among the first k steps. Stores the step in @step_out. */
static gboolean
value_known (const AgGraph *g, const AgTrace *t, AgId id, guint k, const AgStep **step_out)
{
  *step_out = NULL;
  if (ag_graph_node (g, id)->op == AG_OP_LEAF)
    return TRUE;
  for (guint i = 0; i < MIN (k, ag_trace_n_steps (t)); i++)
    {
      const AgStep *s = ag_trace_step (t, i);
      if (s->kind == AG_STEP_FORWARD && s->to == id)
        {
          *step_out = s;
          return TRUE;
        }
    }
  return FALSE;
}

/* The last step among the first @k that set node @id's adjoint (or tangent), or NULL when
 * nothing has arrived since it was last cleared (as the passes clear it: zero-grad for every
 * node, a new backward pass for computed nodes). */
static const AgStep *
last_arrival (const AgGraph *g, const AgTrace *t, AgId id, guint k, gboolean tangent)
{
  const gboolean computed = ag_graph_node (g, id)->op != AG_OP_LEAF;
  const AgStep *last = NULL;

  for (guint i = 0; i < MIN (k, ag_trace_n_steps (t)); i++)
    {
      const AgStep *s = ag_trace_step (t, i);

      switch (s->kind)
        {
        case AG_STEP_ZERO_GRAD:
          if (!tangent)
            last = NULL;
          break;
        case AG_STEP_SEED:
          if (!tangent && (s->to == id || computed))
            last = s->to == id ? s : NULL;
          break;
        case AG_STEP_BACKWARD:
          if (!tangent && s->to == id)
            last = s;
          break;
        case AG_STEP_TANGENT_SEED:
          if (tangent)
            last = s->to == id ? s : NULL;
          break;
        case AG_STEP_TANGENT:
          if (tangent && s->to == id)
            last = s;
          break;
        default:
          break;
        }
    }
  return last;
}

/* ---- the sections ---------------------------------------------------------------------- */

static void
update_heading (AdjInspector *self, const AgGraph *g, AgId id)
{
  const AgNode *n = ag_graph_node (g, id);
  g_autofree char *text = NULL;
  g_autofree char *shape = ag_shape_to_string (n->shape);
  g_autofree char *shape_text = g_strdup_printf ("Shape: %s", shape);

  if (n->op == AG_OP_LEAF)
    text = g_strdup_printf ("%s — %s", ag_graph_display_name (g, id), ag_role_to_words (n->role));
  else
    {
      g_autofree char *expr = ag_op_describe_expression (g, id);
      text = g_strdup_printf ("%s — %s: %s", ag_graph_display_name (g, id), ag_role_to_words (n->role),
                              expr);
    }
  gtk_label_set_text (GTK_LABEL (self->heading), text);
  gtk_label_set_text (GTK_LABEL (self->shape), shape_text);
}

static void
update_value (AdjInspector *self, const AgGraph *g, const AgTrace *t, AgId id, guint k)
{
  const AgNode *n = ag_graph_node (g, id);
  const AgStep *forward;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) number = g_string_new (NULL);
  const char *name = ag_graph_display_name (g, id);

  if (!value_known (g, t, id, k, &forward))
    g_string_assign (text, "not computed yet");
  else
    {
      ag_format_tensor_cut_digits (number, n->shape, forward ? ag_trace_data (t, forward->after)
                                   : ag_graph_value (g, id), SHOW_MAX_ROWS, SHOW_MAX_COLS,
                                   digits_of (self));
      /* A constant is its own name: "2", not "2 = 2". */
      if (g_strcmp0 (name, number->str) != 0)
        g_string_append_printf (text, "%s = ", name);
      g_string_append (text, number->str);
    }
  set_line (self->value, "Value", text->str);
}

static void
update_adjoint (AdjInspector *self, const AgGraph *g, const AgTrace *t, AgId id, guint k)
{
  const AgNode *n = ag_graph_node (g, id);
  const gboolean tangent = adj_document_get_mode (document_of (self)) == ADJ_MODE_FORWARD;
  g_autofree char *marked = dup_marked (g, id, tangent);
  g_autofree char *self_name = dup_partial_name (g, id);
  g_autofree char *caption = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  const char *run_note = adj_document_get_run_note (document_of (self));

  if (tangent)
    {
      guint element = 0;
      AgId wrt = adj_document_get_tangent_seed (document_of (self), &element);
      g_autofree char *wrt_name = NULL;

      if (wrt != AG_NO_ID && wrt < ag_graph_n_nodes (g))
        {
          wrt_name = dup_partial_name (g, wrt);
          if (ag_graph_node (g, wrt)->size > 1)
            caption = g_strdup_printf ("Tangent ∂%s/∂%s[%u]", self_name, wrt_name, element);
          else
            caption = g_strdup_printf ("Tangent ∂%s/∂%s", self_name, wrt_name);
        }
      else
        caption = g_strdup ("Tangent");
    }
  else if (g->output != AG_NO_ID)
    {
      g_autofree char *out_name = dup_partial_name (g, g->output);
      caption = g_strdup_printf ("Adjoint ∂%s/∂%s", out_name, self_name);
    }
  else
    caption = g_strdup ("Adjoint");

  if (!tangent && (n->role == AG_ROLE_CONST || n->role == AG_ROLE_DATA))
    g_string_printf (text, "none: %s takes no gradient",
                     n->role == AG_ROLE_CONST ? "a constant" : "data");
  else if (!tangent && !n->needs_grad)
    g_string_assign (text, "none: no input or parameter lies upstream");
  else if (!tangent && !n->reaches_output)
    g_string_assign (text, "none: it does not lead to the output");
  else if (!tangent && run_note != NULL)
    g_string_printf (text, "not computed: %s", run_note);
  else
    {
      const AgStep *s = last_arrival (g, t, id, k, tangent);

      if (s == NULL)
        g_string_assign (text, "not reached yet");
      else
        {
          g_string_append_printf (text, "%s = ", marked);
          ag_format_tensor_cut_digits (text, n->shape, ag_trace_data (t, s->after), SHOW_MAX_ROWS,
                                       SHOW_MAX_COLS, digits_of (self));
        }
    }
  set_caption (self->adjoint_caption, caption);
  set_line (self->adjoint, caption, text->str);
}

/* One line per input a gradient flows to: "∂y/∂x = 2x = 6", the number once y is computed
 * and both ends are scalars (the op's vector-Jacobian product of a 1, as the trace does). */
static void
update_derivatives (AdjInspector *self, const AgGraph *g, const AgTrace *t, AgId id, guint k)
{
  const AgNode *n = ag_graph_node (g, id);
  const AgStep *forward;
  const gboolean known = value_known (g, t, id, k, &forward);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *u_name = dup_partial_name (g, id);
  guint n_lines = 0;

  for (guint slot = 0; n->op != AG_OP_LEAF && slot < n->n_inputs; slot++)
    {
      const AgId vid = ag_graph_input (g, n, slot);
      const AgNode *v = ag_graph_node (g, vid);
      g_autofree char *v_name = NULL;
      g_autofree char *formula = NULL;

      if (!v->needs_grad)
        continue;
      if (n_lines++ == MAX_DERIVATIVES)
        {
          g_string_append_printf (text, "\n… and %u more inputs", n->n_inputs - slot);
          break;
        }
      v_name = dup_partial_name (g, vid);
      formula = ag_op_describe_derivative (g, id, slot);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "∂%s/∂%s", u_name, v_name);
      if (g_strcmp0 (formula, "?") != 0)
        g_string_append_printf (text, " = %s", formula);
      if (known && n->size == 1 && v->size == 1)
        {
          g_autoptr (GString) number = g_string_new (NULL);
          const double one = 1.0;
          double local = 0.0;

          ag_op_info (n->op)->vjp (g, n, slot, &one, &local);
          append_number (number, local, digits_of (self));
          if (g_strcmp0 (formula, number->str) != 0)
            g_string_append_printf (text, " = %s", number->str);
        }
    }
  show_section (self->derivatives_caption, self->derivatives, text->len > 0);
  set_caption (self->derivatives_caption, "Local derivatives");
  set_line (self->derivatives, "Local derivatives", text->str);
}

static void
update_chain_rule (AdjInspector *self, const AgGraph *g, const AgTrace *t, AgId id, guint k)
{
  const AgNode *n = ag_graph_node (g, id);
  g_autofree char *text = NULL;
  gboolean flows;

  /* The chain rule is how reverse mode assembles an adjoint; forward mode has none. */
  flows = adj_document_get_mode (document_of (self)) == ADJ_MODE_REVERSE
          && adj_document_get_run_note (document_of (self)) == NULL
          && n->needs_grad && n->reaches_output
          && n->role != AG_ROLE_CONST && n->role != AG_ROLE_DATA;
  if (flows)
    text = ag_trace_describe_chain_rule_digits (t, g, id, k, digits_of (self));
  if (flows && text == NULL)
    text = g_strdup ("nothing has arrived yet");
  show_section (self->chain_caption, self->chain, flows);
  set_line (self->chain, "Chain rule", flows ? text : "");
}

static void
clear_check (AdjInspector *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->check_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->check_grid), child);
  g_clear_pointer (&self->check_entries, g_array_unref);
  gtk_widget_set_visible (self->check_scroll, FALSE);
  gtk_widget_set_visible (self->check_grid, FALSE);
  gtk_widget_set_visible (self->check_summary, FALSE);
  gtk_widget_remove_css_class (self->check_summary, "success");
  gtk_widget_remove_css_class (self->check_summary, "error");
}

/* A folded call's box (issue 18): named as the call, and instead of an op's local derivatives
 * what the call has sent back to each argument so far: its vector–Jacobian product, with
 * numbers (the folded trace's summed steps). */
static void
update_folded_call (AdjInspector *self, const AgGraph *g, const AgTrace *t, AgId id, guint k,
                    guint call)
{
  const AgCall *c = ag_graph_call (g, call);
  g_autoptr (GString) head = g_string_new (NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *u_name = dup_partial_name (g, id);

  g_string_printf (head, "%s — the call %s: %s(", ag_graph_display_name (g, id), c->name, c->function);
  for (guint a = 0; a < c->n_args; a++)
    g_string_append_printf (head, "%s%s", a ? ", " : "",
                            ag_graph_display_name (g, ag_graph_call_arg (g, call, a)));
  g_string_append (head, ")");
  gtk_label_set_text (GTK_LABEL (self->heading), head->str);
  for (guint j = 0; j < MIN (k, ag_trace_n_steps (t)); j++)
    {
      const AgStep *s = ag_trace_step (t, j);
      g_autofree char *v_name = NULL;
      if (s->kind != AG_STEP_BACKWARD || s->from != id)
        continue;
      v_name = dup_partial_name (g, s->to);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (!isnan (s->local))
        {
          g_string_append_printf (text, "∂%s/∂%s = ", u_name, v_name);
          append_number (text, s->local, digits_of (self));
          g_string_append (text, ", sends ");
        }
      else
        g_string_append_printf (text, "to %s: vjp = ", v_name);
      ag_format_tensor_human_cut (text, ag_graph_node (g, s->to)->shape, ag_trace_data (t, s->delta), 2, 5);
    }
  show_section (self->derivatives_caption, self->derivatives, text->len > 0);
  set_caption (self->derivatives_caption, "What the call sent back");
  set_line (self->derivatives, "What the call sent back", text->str);
}

static void
refresh (AdjInspector *self)
{
  AgId id = selected_node (self);
  const AgGraph *g;
  const AgTrace *t;
  guint k;

  gtk_widget_set_visible (self->hint, id == AG_NO_ID);
  gtk_widget_set_visible (self->details, id != AG_NO_ID);
  if (id == AG_NO_ID)
    return;

  g = adj_document_get_graph (document_of (self));
  t = adj_document_get_trace (document_of (self));
  k = adj_document_get_step (document_of (self));
  update_heading (self, g, id);
  update_value (self, g, t, id, k);
  update_adjoint (self, g, t, id, k);
  update_derivatives (self, g, t, id, k);
  update_chain_rule (self, g, t, id, k);
  {
    const AdjLayout *layout = adj_document_get_layout (document_of (self));
    if (layout && layout->stands_for && id < layout->boxes->len && layout->stands_for[id] != AG_NO_CALL)
      update_folded_call (self, g, t, id, k, layout->stands_for[id]);
  }
  gtk_button_set_label (GTK_BUTTON (self->check_button),
                        ag_node_is_differentiable_leaf (ag_graph_node (g, id))
                        ? "Check gradient" : "Check all gradients");
}

static GtkWidget *
attach_cell (AdjInspector *self, const char *text, int column, int row, gboolean header,
             const char *css_class)
{
  GtkWidget *label = make_label ("check-cell", BODY_PT, header);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  if (header)
    gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_grid_attach (GTK_GRID (self->check_grid), label, column, row, 1, 1);
  return label;
}

/* ---- callbacks ------------------------------------------------------------------------- */

/* The check's rows and summary from self->check_entries, in the panel's digits: the analytic
 * gradient and the central difference for people (exact while "Exact values" is on), the
 * relative error to two digits. The table scrolls sideways inside the panel (check_scroll),
 * so a check never widens the inspector and pushes the canvas aside. */
static void
show_check (AdjInspector *self)
{
  const AgGraph *g = adj_document_get_graph (document_of (self));
  GArray *shown = self->check_entries;
  g_autofree char *worst_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *tol_text = dup_error (AG_CHECK_TOL);
  guint n_off = 0, row = 1;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->check_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->check_grid), child);
  /* Four columns: the element, both gradients and the verdict (its relative error in the
   * tooltip and the accessible label, the largest in the summary), so the table fits the
   * panel's width in numbers for people; exact ones scroll sideways. */
  attach_cell (self, "Element", 0, 0, TRUE, NULL);
  attach_cell (self, "Analytic", 1, 0, TRUE, NULL);
  attach_cell (self, "Numeric", 2, 0, TRUE, NULL);
  attach_cell (self, "", 3, 0, TRUE, NULL);
  for (guint i = 0; i < shown->len; i++)
    {
      const AgCheckEntry *e = &g_array_index (shown, AgCheckEntry, i);
      /* NaN fails too: !(x <= tol). */
      const gboolean ok = e->rel_error <= AG_CHECK_TOL;
      g_autofree char *element = NULL;
      g_autofree char *rel = NULL;
      g_autoptr (GString) analytic = NULL;
      g_autoptr (GString) numeric = NULL;
      g_autofree char *verdict = NULL;
      g_autofree char *mark = NULL;
      GtkWidget *status;

      n_off += !ok;
      if (row > CHECK_MAX_ROWS)
        continue;
      element = ag_format_element_name (g, e->node, e->element);
      analytic = g_string_new (NULL);
      numeric = g_string_new (NULL);
      append_number (analytic, e->analytic, digits_of (self));
      append_number (numeric, e->numeric, digits_of (self));
      rel = dup_error (e->rel_error);
      attach_cell (self, element, 0, row, FALSE, NULL);
      attach_cell (self, analytic->str, 1, row, FALSE, "numeric");
      attach_cell (self, numeric->str, 2, row, FALSE, "numeric");
      mark = g_strdup_printf ("relative error %s", rel);
      status = attach_cell (self, ok ? "✓" : "✗", 3, row, FALSE, ok ? "success" : "error");
      gtk_widget_set_tooltip_text (status, mark);
      /* Said, not only shown: "x[2]: off, relative error 0.5". */
      verdict = g_strdup_printf ("%s: %s, relative error %s", element, ok ? "ok" : "off", rel);
      gtk_accessible_update_property (GTK_ACCESSIBLE (status), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      verdict, -1);
      row++;
    }
  gtk_widget_set_visible (self->check_scroll, TRUE);
  gtk_widget_set_visible (self->check_grid, TRUE);

  worst_text = dup_error (ag_check_max_error (shown));
  if (n_off == 0)
    summary = g_strdup_printf ("✓ %s agree%s with central differences (largest relative "
                               "error %s ≤ %s).",
                               shown->len == 1 ? "The gradient" : "All gradients",
                               shown->len == 1 ? "s" : "", worst_text, tol_text);
  else
    summary = g_strdup_printf ("✗ %u of %u element%s off by more than %s (largest relative "
                               "error %s).", n_off, shown->len, n_off == 1 ? " is" : "s are",
                               tol_text, worst_text);
  if (shown->len > CHECK_MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf ("%s The first %u of %u elements are listed.",
                                               summary, CHECK_MAX_ROWS, shown->len);
      g_free (summary);
      summary = g_steal_pointer (&more);
    }
  if (self->bug >= 0)
    {
      /* Find the bug: the check judges the broken engine, and its ✗ rows are what it got wrong. */
      g_autofree char *engine = g_strdup_printf ("The %s engine: %s", ag_bug_to_string (self->bug), summary);
      g_free (summary);
      summary = g_steal_pointer (&engine);
    }
  gtk_widget_remove_css_class (self->check_summary, n_off == 0 ? "error" : "success");
  gtk_widget_add_css_class (self->check_summary, n_off == 0 ? "success" : "error");
  gtk_widget_set_visible (self->check_summary, TRUE);
  set_line (self->check_summary, "Gradient check", summary);
}

static void
check_clicked_cb (AdjInspector *self, GtkButton *button)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) entries = NULL;
  g_autoptr (GArray) shown = NULL;
  g_autofree char *summary = NULL;
  AgGraph *g;
  AgId id = selected_node (self);

  clear_check (self);
  if (id == AG_NO_ID)
    return;
  g = adj_document_get_graph (document_of (self));
  gtk_widget_set_visible (self->check_summary, TRUE);

  /* Restores the values bit for bit; the adjoints it leaves are those of a plain run. */
  entries = self->bug >= 0 ? ag_bug_check_gradients (g, self->bug, AG_CHECK_EPS, &error)
                           : ag_graph_check_gradients (g, AG_CHECK_EPS, &error);
  if (entries == NULL)
    {
      summary = g_strdup_printf ("✗ Cannot check: %s", error->message);
      gtk_widget_add_css_class (self->check_summary, "error");
      set_line (self->check_summary, "Gradient check", summary);
      return;
    }

  /* A leaf checks its own elements; any other node, the whole graph. */
  shown = g_array_new (FALSE, FALSE, sizeof (AgCheckEntry));
  for (guint i = 0; i < entries->len; i++)
    {
      const AgCheckEntry *e = &g_array_index (entries, AgCheckEntry, i);
      if (!ag_node_is_differentiable_leaf (ag_graph_node (g, id)) || e->node == id)
        g_array_append_val (shown, *e);
    }
  if (shown->len == 0)
    {
      set_line (self->check_summary, "Gradient check",
                "Nothing to check: the program has no inputs or parameters.");
      return;
    }
  self->check_entries = g_steal_pointer (&shown);
  show_check (self);
}

static void
document_changed_cb (AdjInspector *self)
{
  clear_check (self);
  refresh (self);
}

static void
document_step_cb (AdjInspector *self)
{
  refresh (self);
}

/* ---- class ----------------------------------------------------------------------------- */

static void
adj_inspector_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AdjInspector *self = ADJ_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_EXACT_VALUES:
      g_value_set_boolean (value, self->exact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_inspector_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AdjInspector *self = ADJ_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_EXACT_VALUES:
      adj_inspector_set_exact_values (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_inspector_finalize (GObject *object)
{
  AdjInspector *self = ADJ_INSPECTOR (object);

  g_clear_pointer (&self->check_entries, g_array_unref);
  G_OBJECT_CLASS (adj_inspector_parent_class)->finalize (object);
}

static void
adj_inspector_document_set (AdjDocumentWidget *widget)
{
  document_changed_cb (ADJ_INSPECTOR (widget));
}

static void
adj_inspector_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ADJ_TYPE_INSPECTOR);
  G_OBJECT_CLASS (adj_inspector_parent_class)->dispose (object);
}

static void
adj_inspector_class_init (AdjInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adj_inspector_dispose;
  object_class->finalize = adj_inspector_finalize;
  object_class->get_property = adj_inspector_get_property;
  object_class->set_property = adj_inspector_set_property;
  ADJ_DOCUMENT_WIDGET_CLASS (klass)->document_set = adj_inspector_document_set;

  /* Numbers for people by default; every digit on demand (the check box under the shape, and
   * "Show Exact Values" in the menu of every number's line), as the file holds them. */
  props[PROP_EXACT_VALUES] =
    g_param_spec_boolean ("exact-values", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  gtk_widget_class_install_property_action (widget_class, "inspector.exact-values", "exact-values");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* Referring to the generated resource object links it in, and its constructor registers the
   * bundle the template comes from (as in adj-editor.c). */
  g_return_if_fail (adj_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/adjoint/Adjoint/ui/adj-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, scrolled);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, hint);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, details);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, heading);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, shape);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, value_caption);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, value);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, adjoint_caption);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, adjoint);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, derivatives_caption);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, derivatives);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, chain_caption);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, chain);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, exact_button);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, check_button);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, check_summary);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, check_scroll);
  gtk_widget_class_bind_template_child (widget_class, AdjInspector, check_grid);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
}

static void
adj_inspector_init (AdjInspector *self)
{
  GSignalGroup *signals = adj_document_widget_get_signals (ADJ_DOCUMENT_WIDGET (self));

  self->bug = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    /* Every number's line offers the switch in its context menu, beside Copy. */
    g_autoptr (GMenu) menu = g_menu_new ();
    GtkWidget *lines[] = { self->value, self->adjoint, self->derivatives, self->chain };

    g_menu_append (menu, "Show Exact Values", "inspector.exact-values");
    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      gtk_label_set_extra_menu (GTK_LABEL (lines[i]), G_MENU_MODEL (menu));
  }
  g_signal_group_connect_swapped (signals, "notify::selected", G_CALLBACK (document_changed_cb), self);
  g_signal_group_connect_swapped (signals, "graph-changed", G_CALLBACK (document_changed_cb), self);
  g_signal_group_connect_swapped (signals, "notify::step", G_CALLBACK (document_step_cb), self);
  g_signal_group_connect_swapped (signals, "notify::mode", G_CALLBACK (document_step_cb), self);
  clear_check (self);
  refresh (self);
}

/* ---- public API ------------------------------------------------------------------------ */

GtkWidget *
adj_inspector_new (void)
{
  return g_object_new (ADJ_TYPE_INSPECTOR, NULL);
}

void
adj_inspector_set_document (AdjInspector *self, AdjDocument *document)
{
  g_return_if_fail (ADJ_IS_INSPECTOR (self));
  adj_document_widget_set_document (ADJ_DOCUMENT_WIDGET (self), document);
}

AdjDocument *
adj_inspector_get_document (AdjInspector *self)
{
  g_return_val_if_fail (ADJ_IS_INSPECTOR (self), NULL);
  return adj_document_widget_get_document (ADJ_DOCUMENT_WIDGET (self));
}

void
adj_inspector_set_exact_values (AdjInspector *self, gboolean exact)
{
  g_return_if_fail (ADJ_IS_INSPECTOR (self));
  if (self->exact == !!exact)
    return;
  self->exact = !!exact;
  adj_inspector_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_EXACT_VALUES]);
}

gboolean
adj_inspector_get_exact_values (AdjInspector *self)
{
  g_return_val_if_fail (ADJ_IS_INSPECTOR (self), FALSE);
  return self->exact;
}

void
adj_inspector_refresh (AdjInspector *self)
{
  g_return_if_fail (ADJ_IS_INSPECTOR (self));
  refresh (self);
  if (self->check_entries != NULL)
    show_check (self);
}

void
adj_inspector_set_bug (AdjInspector *self, int bug)
{
  g_return_if_fail (ADJ_IS_INSPECTOR (self));
  g_return_if_fail (bug >= -1 && bug < AG_N_BUGS);
  if (self->bug == bug)
    return;
  self->bug = bug;
  clear_check (self);
}
