/* test-inspector.c: the inspector explains the selected node at the player's step, on the
 * worked lesson "several paths add up" (EXAMPLES.md 5: x = 3; z = x^2 + x → x̄ = 7).
 *
 * The trace of that lesson: 1 forward x^2, 2 forward z, 3 seed, 4 z→x^2, 5 z→x (the direct
 * path), 6 x^2→x. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <gtk/gtk.h>
#include "tests/lsan-glib.h"
#include "ui/graph/adj-document.h"
#include "ui/graph/adj-inspector.h"
#include "core/graph-calls.h"
#include "core/format.h"
#include <string.h>

static AdjDocument *
load_example (const char *name)
{
  const char *dir = g_getenv ("ADJOINT_EXAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  AdjDocument *doc = adj_document_new ();

  if (dir == NULL)
    g_error ("ADJOINT_EXAMPLES_DIR is not set: run the tests with `meson test`");
  path = g_strconcat (dir, G_DIR_SEPARATOR_S, name, ".adjoint", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (adj_document_load (doc, file, &error));
  g_assert_no_error (error);
  return doc;
}

/* The inspector's child with template id @id (data/ui/adj-inspector.ui), e.g. "value". */
static GtkWidget *
part (GtkWidget *inspector, const char *id)
{
  GObject *child = gtk_widget_get_template_child (inspector, ADJ_TYPE_INSPECTOR, id);

  g_assert_true (GTK_IS_WIDGET (child));
  return GTK_WIDGET (child);
}

static const char *
label_text (GtkWidget *inspector, const char *name)
{
  GtkWidget *label = part (inspector, name);

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
shown (GtkWidget *inspector, const char *name)
{
  GtkWidget *w = part (inspector, name);

  g_assert_nonnull (w);
  return gtk_widget_is_visible (w);
}

/* The text of the check's cell at @column, @row (row 0 is the header). */
static const char *
cell_text (GtkWidget *inspector, int column, int row)
{
  GtkWidget *grid = part (inspector, "check_grid");
  GtkWidget *cell;

  g_assert_true (GTK_IS_GRID (grid));
  cell = gtk_grid_get_child_at (GTK_GRID (grid), column, row);
  g_assert_true (GTK_IS_LABEL (cell));
  return gtk_label_get_text (GTK_LABEL (cell));
}

static gboolean
cell_has_class (GtkWidget *inspector, int column, int row, const char *css_class)
{
  GtkWidget *grid = part (inspector, "check_grid");

  return gtk_widget_has_css_class (gtk_grid_get_child_at (GTK_GRID (grid), column, row), css_class);
}

/* The inspector in a window, showing @doc; the caller destroys the window. */
static GtkWidget *
show_inspector (AdjDocument *doc, GtkWidget **window)
{
  GtkWidget *inspector = adj_inspector_new ();

  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), inspector);
  adj_inspector_set_document (ADJ_INSPECTOR (inspector), doc);
  gtk_window_present (GTK_WINDOW (*window));
  return inspector;
}

static void
test_hint (void)
{
  GtkWidget *inspector = adj_inspector_new ();
  AdjDocument *doc = load_example ("05-paths-add-up");

  g_object_ref_sink (inspector);
  g_assert_true (shown (inspector, "hint"));
  g_assert_cmpstr (label_text (inspector, "hint"), ==,
                   "Click a node to see how its value and gradient are computed.");
  adj_inspector_set_document (ADJ_INSPECTOR (inspector), doc);
  g_assert_true (adj_inspector_get_document (ADJ_INSPECTOR (inspector)) == doc);
  g_assert_true (shown (inspector, "hint"));
  g_assert_false (shown (inspector, "heading"));

  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "x"));
  g_assert_false (shown (inspector, "hint"));
  g_assert_true (shown (inspector, "heading"));
  adj_document_set_selected (doc, AG_NO_ID);
  g_assert_true (shown (inspector, "hint"));

  g_object_set (inspector, "document", NULL, NULL);
  g_assert_null (adj_inspector_get_document (ADJ_INSPECTOR (inspector)));
  g_assert_finalize_object (inspector);
  g_assert_finalize_object (doc);
}

/* The heart of the lesson: x̄ receives two contributions that add up to 7. */
static void
test_paths_add_up (void)
{
  AdjDocument *doc = load_example ("05-paths-add-up");
  GtkWidget *window;
  GtkWidget *inspector = g_object_ref (show_inspector (doc, &window));
  GtkWidget *button;

  g_assert_cmpuint (adj_document_get_n_steps (doc), ==, 6);
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "x"));
  adj_document_set_step (doc, adj_document_get_n_steps (doc));

  g_assert_cmpstr (label_text (inspector, "heading"), ==, "x — input");
  g_assert_cmpstr (label_text (inspector, "shape"), ==, "Shape: scalar");
  g_assert_cmpstr (label_text (inspector, "value"), ==, "x = 3");
  g_assert_cmpstr (label_text (inspector, "adjoint_caption"), ==, "Adjoint ∂z/∂x");
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "x̄ = 7");
  g_assert_false (shown (inspector, "derivatives"));
  g_assert_true (shown (inspector, "chain"));
  g_assert_cmpstr (label_text (inspector, "chain"), ==,
                   "x̄ = z̄·∂z/∂x + grad(x^2)·∂(x^2)/∂x = 1·1 + 1·6 = 7");
  /* A screen reader hears which section a line belongs to. */
  gtk_test_accessible_assert_property (part (inspector, "chain"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Chain rule: x̄ = z̄·∂z/∂x + grad(x^2)·∂(x^2)/∂x"
                                       " = 1·1 + 1·6 = 7");

  /* Back to step 5: only the direct path has arrived. */
  adj_document_set_step (doc, 5);
  g_assert_cmpstr (label_text (inspector, "chain"), ==, "x̄ = z̄·∂z/∂x = 1·1 = 1");
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "x̄ = 1");
  adj_document_set_step (doc, 4);
  g_assert_cmpstr (label_text (inspector, "chain"), ==, "nothing has arrived yet");
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "not reached yet");

  /* The check compares x̄ = 7 with a central difference and leaves x as it was. */
  button = part (inspector, "check_button");
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Check gradient");
  g_assert_false (shown (inspector, "check_grid"));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (shown (inspector, "check_grid"));
  g_assert_cmpstr (cell_text (inspector, 0, 0), ==, "Element");
  g_assert_cmpstr (cell_text (inspector, 0, 1), ==, "x");
  g_assert_cmpstr (cell_text (inspector, 1, 1), ==, "7");
  /* A central difference with eps = 1e-6 is off by rounding, about 1e-16 / 1e-6: for people
   * it reads 7, its relative error a power of ten far below 10⁻⁸. */
  g_assert_cmpstr (cell_text (inspector, 2, 1), ==, "7");
  g_assert_cmpstr (cell_text (inspector, 3, 1), ==, "✓");
  {
    const char *tip = gtk_widget_get_tooltip_text (gtk_grid_get_child_at (GTK_GRID (part (inspector, "check_grid")), 3, 1));
    g_test_message ("%s", tip);
    g_assert_true (g_str_equal (tip, "relative error 0")
                   || g_regex_match_simple ("^relative error [1-9](\\.[0-9])?×10⁻(⁹|¹.+)$", tip, 0, 0));
  }
  /* Exact values on demand: every digit of the central difference. */
  g_assert_true (gtk_widget_activate_action (inspector, "inspector.exact-values", NULL));
  g_assert_true (adj_inspector_get_exact_values (ADJ_INSPECTOR (inspector)));
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cell_text (inspector, 2, 1), NULL), 7, 1e-8);
  g_assert_cmpuint (strlen (cell_text (inspector, 2, 1)), >, 8);
  g_assert_cmpstr (cell_text (inspector, 1, 1), ==, "7");
  g_assert_true (gtk_widget_activate_action (inspector, "inspector.exact-values", NULL));
  g_assert_cmpstr (cell_text (inspector, 2, 1), ==, "7");
  g_assert_true (cell_has_class (inspector, 3, 1, "success"));
  g_assert_false (cell_has_class (inspector, 3, 1, "error"));
  g_assert_null (gtk_grid_get_child_at (GTK_GRID (part (inspector, "check_grid")), 4, 0));
  g_assert_null (gtk_grid_get_child_at (GTK_GRID (part (inspector, "check_grid")), 0, 2));
  g_assert_true (g_str_has_prefix (label_text (inspector, "check_summary"),
                                   "✓ The gradient agrees with central differences"));
  g_assert_cmpfloat (*ag_graph_value (adj_document_get_graph (doc),
                                      ag_graph_lookup (adj_document_get_graph (doc), "x")), ==, 3);
  g_assert_cmpfloat (*ag_graph_value (adj_document_get_graph (doc),
                                      ag_graph_lookup (adj_document_get_graph (doc), "z")), ==, 12);

  /* Selecting another node clears the check, which belonged to x. */
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "z"));
  g_assert_false (shown (inspector, "check_grid"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (inspector);
  g_assert_finalize_object (doc);
}

/* A computed node: its expression, its value only once computed, its local derivatives. */
static void
test_computed (void)
{
  AdjDocument *doc = load_example ("05-paths-add-up");
  AgGraph *g = adj_document_get_graph (doc);
  GtkWidget *window;
  GtkWidget *inspector = g_object_ref (show_inspector (doc, &window));
  AgId z = ag_graph_lookup (g, "z");
  AgId square = ag_graph_input (g, ag_graph_node (g, z), 0);

  adj_document_set_selected (doc, z);
  adj_document_set_step (doc, 1);
  g_assert_cmpstr (label_text (inspector, "heading"), ==, "z — output: (x^2) + x");
  g_assert_cmpstr (label_text (inspector, "value"), ==, "not computed yet");
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "not reached yet");
  g_assert_cmpstr (label_text (inspector, "derivatives"), ==, "∂z/∂(x^2) = 1\n∂z/∂x = 1");
  adj_document_set_step (doc, 2);
  g_assert_cmpstr (label_text (inspector, "value"), ==, "z = 12");
  adj_document_set_step (doc, 3);
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "z̄ = 1");
  g_assert_cmpstr (label_text (inspector, "chain"), ==, "z̄ = 1 (the output: ∂z/∂z = 1)");

  adj_document_set_selected (doc, square);
  adj_document_set_step (doc, 0);
  g_assert_cmpstr (label_text (inspector, "heading"), ==, "x^2 — computed: x^2");
  g_assert_cmpstr (label_text (inspector, "derivatives"), ==, "∂(x^2)/∂x = 2x");
  adj_document_set_step (doc, 1);
  g_assert_cmpstr (label_text (inspector, "value"), ==, "x^2 = 9");
  g_assert_cmpstr (label_text (inspector, "derivatives"), ==, "∂(x^2)/∂x = 2x = 6");
  adj_document_set_step (doc, 6);
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "grad(x^2) = 1");
  g_assert_cmpstr (label_text (inspector, "chain"), ==, "grad(x^2) = z̄·∂z/∂(x^2) = 1·1 = 1");

  /* Not a leaf: the button checks the whole graph. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (part (inspector, "check_button"))), ==,
                   "Check all gradients");

  /* Forward mode: tangents instead of adjoints, and no chain-rule sum. */
  adj_document_set_mode (doc, ADJ_MODE_FORWARD);
  adj_document_set_selected (doc, z);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  g_assert_cmpstr (label_text (inspector, "adjoint_caption"), ==, "Tangent ∂z/∂x");
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "ż = 7");
  g_assert_false (shown (inspector, "chain"));
  adj_document_set_step (doc, adj_document_get_phase_start (doc));
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "not reached yet");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (inspector);
  g_assert_finalize_object (doc);
}

/* A vector input: one check row per element, and the graph follows a new program. */
static void
test_tensor (void)
{
  AdjDocument *doc = load_example ("02-dot-product");
  GtkWidget *window;
  GtkWidget *inspector = g_object_ref (show_inspector (doc, &window));
  AgGraph *g;

  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "x"));
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  g_assert_cmpstr (label_text (inspector, "shape"), ==, "Shape: [4]");
  g_assert_cmpstr (label_text (inspector, "value"), ==, "x = [0, 1, 2, 3]");
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "x̄ = [0, 4, 8, 12]");
  g_assert_cmpstr (label_text (inspector, "chain"), ==,
                   "x̄ = grad(dot(x, x))·∂(dot(x, x))/∂x + grad(dot(x, x))·∂(dot(x, x))/∂x"
                   " = [0, 2, 4, 6] + [0, 2, 4, 6] = [0, 4, 8, 12]");

  g_signal_emit_by_name (part (inspector, "check_button"), "clicked");
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *element = g_strdup_printf ("x[%d]", i);
      g_autofree char *analytic = g_strdup_printf ("%d", 4 * i);
      g_assert_cmpstr (cell_text (inspector, 0, i + 1), ==, element);
      g_assert_cmpstr (cell_text (inspector, 1, i + 1), ==, analytic);
      g_assert_cmpstr (cell_text (inspector, 3, i + 1), ==, "✓");
    }
  g_assert_true (g_str_has_prefix (label_text (inspector, "check_summary"),
                                   "✓ All gradients agree with central differences"));

  /* A new program replaces the graph: the check is gone and the text follows. */
  g_assert_true (adj_document_set_program (doc, "x = [1, 2]\ny = sum(x * x)\n"));
  g = adj_document_get_graph (doc);
  g_assert_false (shown (inspector, "check_grid"));
  adj_document_set_selected (doc, ag_graph_lookup (g, "x"));
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "x̄ = [2, 4]");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (inspector);
  g_assert_finalize_object (doc);
}

/* At relu's kink the central difference (0.5) disagrees with PyTorch's relu'(0) = 0: the row
 * says so in words and in red. */
static void
test_check_off (void)
{
  AdjDocument *doc = adj_document_new ();
  GtkWidget *window;
  GtkWidget *inspector = g_object_ref (show_inspector (doc, &window));
  GtkWidget *status;

  g_assert_true (adj_document_set_program (doc, "x = 0\ny = relu(x)\n"));
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "x"));
  g_signal_emit_by_name (part (inspector, "check_button"), "clicked");
  g_assert_cmpstr (cell_text (inspector, 0, 1), ==, "x");
  g_assert_cmpstr (cell_text (inspector, 1, 1), ==, "0");
  g_assert_cmpstr (cell_text (inspector, 2, 1), ==, "0.5");
  g_assert_cmpstr (cell_text (inspector, 3, 1), ==, "✗");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_grid_get_child_at (GTK_GRID (part (inspector, "check_grid")), 3, 1)),
                   ==, "relative error 0.5");
  g_assert_true (cell_has_class (inspector, 3, 1, "error"));
  status = gtk_grid_get_child_at (GTK_GRID (part (inspector, "check_grid")), 3, 1);
  gtk_test_accessible_assert_property (status, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "x: off, relative error 0.5");
  g_assert_cmpstr (label_text (inspector, "check_summary"), ==,
                   "✗ 1 of 1 element is off by more than 1×10⁻⁶ (largest relative error 0.5).");
  g_assert_true (gtk_widget_has_css_class (part (inspector, "check_summary"), "error"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (inspector);
  g_assert_finalize_object (doc);
}

/* Issue 15: numbers for people (4 significant digits, the preference's), every digit on
 * demand: the "Exact values" check box, the same switch in each line's context menu. */
static void
test_exact_values (void)
{
  AdjDocument *doc = adj_document_new ();
  GtkWidget *window;
  GtkWidget *inspector = g_object_ref (show_inspector (doc, &window));
  GMenuModel *menu;
  g_autofree char *action = NULL;
  AgGraph *g;
  AgId power;

  g_assert_true (adj_document_set_program (doc, "x = 2\ny = x^0.123456789 / 3\n"));
  g = adj_document_get_graph (doc);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  adj_document_set_selected (doc, ag_graph_lookup (g, "x"));
  g_assert_cmpstr (label_text (inspector, "value"), ==, "x = 2");
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "x̄ = 0.02241");
  g_assert_cmpstr (label_text (inspector, "chain"), ==,
                   "x̄ = grad(x^0.123456789)·∂(x^0.123456789)/∂x = 0.3333·0.06724 = 0.02241");
  power = ag_graph_input (g, ag_graph_node (g, ag_graph_lookup (g, "y")), 0);
  adj_document_set_selected (doc, power);
  g_assert_cmpstr (label_text (inspector, "derivatives"), ==,
                   "∂(x^0.123456789)/∂x = 0.1235x^(-0.8765) = 0.06724");

  /* The check box shows every digit: the shortest form that reads back, as files write it. */
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (part (inspector, "exact_button"))));
  g_object_set (inspector, "exact-values", TRUE, NULL);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (part (inspector, "exact_button"))));
  g_assert_cmpstr (label_text (inspector, "derivatives"), ==,
                   "∂(x^0.123456789)/∂x = 0.1235x^(-0.8765) = 0.06724332471825137");
  adj_document_set_selected (doc, ag_graph_lookup (g, "x"));
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "x̄ = 0.022414441572750455");

  /* Off again from the line's context menu, which names the same action. */
  menu = gtk_label_get_extra_menu (GTK_LABEL (part (inspector, "adjoint")));
  g_assert_nonnull (menu);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  g_assert_cmpstr (action, ==, "inspector.exact-values");
  g_assert_true (gtk_widget_activate_action (part (inspector, "adjoint"), action, NULL));
  g_assert_false (adj_inspector_get_exact_values (ADJ_INSPECTOR (inspector)));
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "x̄ = 0.02241");

  /* The preference for more digits, applied and redrawn. */
  ag_format_set_human_digits (7);
  adj_inspector_refresh (ADJ_INSPECTOR (inspector));
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "x̄ = 0.02241444");
  ag_format_set_human_digits (4);
  adj_inspector_refresh (ADJ_INSPECTOR (inspector));
  g_assert_cmpstr (label_text (inspector, "adjoint"), ==, "x̄ = 0.02241");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (inspector);
  g_assert_finalize_object (doc);
}

/* A folded call's box (issue 18, lesson 19): named as the call, and what it sent back to each
 * argument, with numbers: its vector–Jacobian product; opened, the box's node is tanh again. */
static void
test_folded_call (void)
{
  AdjDocument *doc = load_example ("25-mlp-neurons");
  AgGraph *g = adj_document_get_graph (doc);
  GtkWidget *window;
  GtkWidget *inspector = g_object_ref (show_inspector (doc, &window));
  AgId h2 = ag_graph_lookup (g, "h2");

  adj_document_set_selected (doc, h2);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  g_assert_cmpstr (label_text (inspector, "heading"), ==, "h2 — the call neuron#2: neuron(x, w2, b2)");
  g_assert_cmpstr (label_text (inspector, "derivatives"), ==,
                   "∂h2/∂b2 = 0.7116, sends −0.07731\n"
                   "to w2: vjp = [−0.07731, 0.1546]\n"
                   "to x: vjp = [0.03092, −0.01546]");
  adj_document_toggle_call (doc, ag_graph_lookup_call (g, "neuron#2"));
  g_assert_cmpstr (label_text (inspector, "heading"), ==, "h2 — computed: tanh(neuron#2.z)");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (inspector);
  g_assert_finalize_object (doc);
}

/* A grad box folds like a call (issue 18 item 3, lesson 26): the curvature s0 = grad(d0, x0)
 * is one box that sends s̄0 · f'''(2) = s̄0 · 48 back to x0; opened, s0 is the sum of the nodes
 * grad wrote, 12·x0² + (−6), and the player steps through them: 36 positions become 40, the
 * step that had s0 send to x0 is now three, inside. */
static void
test_folded_grad (void)
{
  AdjDocument *doc = load_example ("26-newton");
  AgGraph *g = adj_document_get_graph (doc);
  GtkWidget *window;
  GtkWidget *inspector = g_object_ref (show_inspector (doc, &window));
  const AgId s0 = ag_graph_lookup (g, "s0"), x0 = ag_graph_lookup (g, "x0");
  const AgTrace *trace;
  guint n_inside = 0;

  adj_document_set_selected (doc, s0);
  g_assert_cmpuint (adj_document_get_n_steps (doc), ==, 36);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  g_test_message ("%s | %s", label_text (inspector, "heading"), label_text (inspector, "derivatives"));
  g_assert_cmpstr (label_text (inspector, "heading"), ==, "s0 — the call grad#2: grad(d0, x0)");
  g_assert_nonnull (strstr (label_text (inspector, "derivatives"), "∂s0/∂x0 = 48"));
  adj_document_toggle_call (doc, ag_graph_lookup_call (g, "grad#2"));
  g_test_message ("%s", label_text (inspector, "heading"));
  g_assert_cmpstr (label_text (inspector, "heading"), ==, "s0 — computed: (12 * (x0^2)) + (−6)");
  g_assert_cmpuint (adj_document_get_n_steps (doc), ==, 40);
  trace = adj_document_get_trace (doc);
  for (guint k = 0; k < ag_trace_n_steps (trace); k++)
    {
      const AgStep *st = ag_trace_step (trace, k);
      n_inside += st->kind == AG_STEP_BACKWARD && st->from == s0;
      g_assert_false (st->kind == AG_STEP_BACKWARD && st->from == s0 && st->to == x0);
    }
  g_assert_cmpuint (n_inside, ==, 1);   /* s0 → 12·x0², then 12·x0² → x0², then x0² → x0 */
  adj_document_set_step (doc, 39);
  g_assert_cmpuint (ag_trace_step (trace, 38)->to, ==, x0);
  g_assert_cmpuint (ag_trace_step (trace, 38)->from, ==,
                    ag_graph_input (g, ag_graph_node (g, ag_graph_input (g, ag_graph_node (g, s0), 0)), 1));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (inspector);
  g_assert_finalize_object (doc);
}

int
main (int argc, char **argv)
{
  /* GTK's test accessibility backend: it records what the widget tells assistive technology
   * (the assertions read it back) and needs no session bus, which Xvfb runs do not have. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/inspector/hint", test_hint);
  g_test_add_func ("/ui/inspector/paths-add-up", test_paths_add_up);
  g_test_add_func ("/ui/inspector/computed", test_computed);
  g_test_add_func ("/ui/inspector/tensor", test_tensor);
  g_test_add_func ("/ui/inspector/check-off", test_check_off);
  g_test_add_func ("/ui/inspector/exact-values", test_exact_values);
  g_test_add_func ("/ui/inspector/folded-call", test_folded_call);
  g_test_add_func ("/ui/inspector/folded-grad", test_folded_grad);
  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
