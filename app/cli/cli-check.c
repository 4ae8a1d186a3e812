/* cli-check.c: `adjoint check`: backpropagation's gradient against central differences. */
#include "app/cli/cli-common.h"
#include "core/bug.h"
#include "core/check.h"
#include "core/format.h"

#include <stdio.h>

static void
print_check_json (const AgGraph *g, GArray *entries, double eps, double tol, double max_err,
                  const char *bug)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, max_err <= tol);
  if (bug)
    {
      json_builder_set_member_name (b, "bug");
      json_builder_add_string_value (b, bug);
    }
  json_builder_set_member_name (b, "eps");
  json_builder_add_double_value (b, eps);
  json_builder_set_member_name (b, "tol");
  json_builder_add_double_value (b, tol);
  json_builder_set_member_name (b, "max_rel_error");
  json_builder_add_double_value (b, max_err);
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      const AgCheckEntry *e = &g_array_index (entries, AgCheckEntry, i);
      g_autofree char *label = ag_format_element_name (g, e->node, e->element);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, ag_graph_display_name (g, e->node));
      json_builder_set_member_name (b, "element");
      json_builder_add_int_value (b, e->element);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, label);
      json_builder_set_member_name (b, "analytic");
      json_builder_add_double_value (b, e->analytic);
      json_builder_set_member_name (b, "numeric");
      json_builder_add_double_value (b, e->numeric);
      json_builder_set_member_name (b, "rel_error");
      json_builder_add_double_value (b, e->rel_error);
      json_builder_set_member_name (b, "ok");
      json_builder_add_boolean_value (b, e->rel_error <= tol);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  adj_cli_print_json (b);
}

static void
print_check_table (const AgGraph *g, GArray *entries, double tol, double max_err)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  char *head[] = { g_strdup ("element"), g_strdup ("analytic"), g_strdup ("numeric"),
                   g_strdup ("rel. error"), g_strdup (""), NULL };

  g_ptr_array_add (rows, g_memdup2 (head, sizeof head));
  for (guint i = 0; i < entries->len; i++)
    {
      const AgCheckEntry *e = &g_array_index (entries, AgCheckEntry, i);
      GString *a = g_string_new (NULL), *n = g_string_new (NULL);
      char **cells = g_new0 (char *, 6);
      ag_format_number (a, e->analytic);
      ag_format_number (n, e->numeric);
      cells[0] = ag_format_element_name (g, e->node, e->element);
      cells[1] = g_string_free (a, FALSE);
      cells[2] = g_string_free (n, FALSE);
      cells[3] = g_strdup_printf ("%.2e", e->rel_error);
      cells[4] = g_strdup (e->rel_error <= tol ? "ok" : "FAILED");
      g_ptr_array_add (rows, cells);
    }
  adj_cli_print_table (rows, 5);
  printf ("%s: largest relative error %.2e, tolerance %.2e, %u element%s checked\n",
          max_err <= tol ? "ok" : "FAILED", max_err, tol, entries->len, entries->len == 1 ? "" : "s");
}

/* --bug: "the engine with the bug overwrite got x, w1 wrong", or that it got them all right. */
static void
print_bug_verdict (const AgGraph *g, GArray *entries, double tol, const char *bug)
{
  g_autoptr (GString) wrong = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const AgCheckEntry *e = &g_array_index (entries, AgCheckEntry, i);
      g_autofree char *label = ag_format_element_name (g, e->node, e->element);
      if (!(e->rel_error <= tol))
        g_string_append_printf (wrong, "%s%s", wrong->len ? ", " : "", label);
    }
  if (wrong->len)
    printf ("the engine with the bug %s got %s wrong\n", bug, wrong->str);
  else
    printf ("the engine with the bug %s gets every gradient of this program right\n", bug);
}

int
adj_cli_check (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  g_autofree char *bug_name = NULL;
  AgBug bug = AG_BUG_OVERWRITE;
  double eps = AG_CHECK_EPS, tol = AG_CHECK_TOL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    ADJ_CLI_EXPR_OPTION (expr, "Check"),
    { "eps", 0, 0, G_OPTION_ARG_DOUBLE, &eps, "Step of the central differences (default " G_STRINGIFY (AG_CHECK_EPS) ")", "E" },
    { "tol", 0, 0, G_OPTION_ARG_DOUBLE, &tol, "Largest relative error that passes (default " AG_CHECK_TOL_TEXT ")", "T" },
    { "bug", 0, 0, G_OPTION_ARG_STRING, &bug_name,
      "Check a broken engine's gradients instead (overwrite, no-zero-grad, forget-upstream, "
      "wrong-local): exits with 1 and names the ones it got wrong", "NAME" },
    ADJ_CLI_JSON_OPTION (json),
    { NULL }
  };
  g_auto (AdjCliSource) src = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) checked = NULL;
  double max_err;

  if (!adj_cli_parse_options ("check", "(FILE | -e PROGRAM)",
                              "Compare backpropagation's gradient with central differences "
                              "(f(x + ε) − f(x − ε)) / 2ε, element by element. The relative error is "
                              "|analytic − numeric| / max(|analytic|, |numeric|, 1). Exits with 1 when "
                              "any error is above the tolerance.",
                              "Examples:\n  adjoint check -e 'x = [3, -1, 0, 1]; f = sum(x^3)'\n"
                              "  adjoint check data/examples/17-training-step.adjoint --tol 1e-6 --json\n"
                              "  adjoint check data/examples/05-paths-add-up.adjoint --bug overwrite\n",
                              entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (!adj_cli_check_finite ("check", "--eps", eps, 0, TRUE) ||
      !adj_cli_check_finite ("check", "--tol", tol, 0, FALSE))
    return ADJ_EXIT_BAD_INPUT;
  if (bug_name && !ag_bug_from_string (bug_name, &bug))
    return adj_cli_usage_error ("check", "there is no bug '%s': give %s", bug_name,
                                ag_bug_list_names ());
  if (!adj_cli_source_load (&src, "check", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;

  if (bug_name)
    checked = ag_bug_check_gradients (src.graph, bug, eps, &error);
  else
    checked = ag_graph_check_gradients (src.graph, eps, &error);
  if (checked == NULL)
    {
      adj_cli_print_error (src.source_name, src.doc->program, error);
      return ADJ_EXIT_BAD_INPUT;
    }
  max_err = ag_check_max_error (checked);
  if (json)
    print_check_json (src.graph, checked, eps, tol, max_err, bug_name);
  else
    print_check_table (src.graph, checked, tol, max_err);
  if (bug_name && !json)
    print_bug_verdict (src.graph, checked, tol, bug_name);
  return max_err <= tol ? ADJ_EXIT_OK : ADJ_EXIT_CHECK_FAILED;
}
