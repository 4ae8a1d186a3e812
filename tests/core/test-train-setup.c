/* test-train-setup.c: the training setup's table: every limit of every row is accepted at its
 * edge and refused just past it, with the same rule in the message, by the validator, the
 * graph file's reader and the command line's parser (tests/app/test-cli.c runs the binary). */
#include "core/format.h"
#include "core/train-setup.h"

#include <math.h>
#include <string.h>

typedef struct {
  double   value;
  gboolean ok;
} Probe;

/* The edges of a number row: each end, and the nearest value on its other side. */
static guint
edge_probes (const AgSetupField *f, Probe probes[4])
{
  if (f->type == AG_SETUP_UINT)
    {
      probes[0] = (Probe) { f->min, TRUE };
      probes[1] = (Probe) { f->min - 1, FALSE };
      probes[2] = (Probe) { f->max, TRUE };
      probes[3] = (Probe) { f->max + 1, FALSE };
      return 4;
    }
  probes[0] = (Probe) { f->min, !f->min_open };
  probes[1] = (Probe) { nextafter (f->min, f->min_open ? INFINITY : -INFINITY), f->min_open };
  probes[2] = (Probe) { f->max, !f->max_open };
  probes[3] = (Probe) { nextafter (f->max, f->max_open ? -INFINITY : INFINITY), f->max_open };
  return 4;
}

static char *
probe_text (const AgSetupField *f, double v)
{
  GString *s = g_string_new (NULL);

  if (f->type == AG_SETUP_UINT)
    g_string_append_printf (s, "%.0f", v);
  else
    ag_json_number (s, v);
  return g_string_free (s, FALSE);
}

static void
set_number (const AgSetupField *f, AgTrainSetup *s, double v)
{
  if (f->type == AG_SETUP_UINT)
    G_STRUCT_MEMBER (guint, s, f->offset) = v < 0 ? G_MAXUINT : (guint) v;
  else
    G_STRUCT_MEMBER (double, s, f->offset) = v;
}

static double
get_number (const AgSetupField *f, const AgTrainSetup *s)
{
  if (f->type == AG_SETUP_UINT)
    return G_STRUCT_MEMBER (guint, s, f->offset);
  return G_STRUCT_MEMBER (double, s, f->offset);
}

/* Reads @json as a "training" object: TRUE, or FALSE with @error. */
static gboolean
from_json_text (const char *json, AgTrainSetup *s, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return ag_train_setup_from_json (json_parser_get_root (parser), s, error);
}

/* One value of one row through the three doors; @rule is what a refusal must quote. */
static void
probe_everywhere (const AgSetupField *f, const char *text, gboolean ok, const char *rule,
                  void (*set) (const AgSetupField *, AgTrainSetup *, gconstpointer),
                  gconstpointer value, const char *json_value)
{
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL;
  g_autofree char *json = g_strdup_printf ("{\"%s\": %s}", f->name, json_value);
  g_autofree char *who = g_strconcat ("--", f->option, NULL);
  AgTrainSetup s;

  g_test_message ("%s = %s: %s", f->name, text, ok ? "accepted" : "refused");
  /* The validator. */
  ag_train_setup_init (&s);
  set (f, &s, value);
  g_assert_cmpint (ag_train_setup_validate (&s, &e1), ==, ok);
  ag_train_setup_clear (&s);
  /* The file's reader. */
  g_assert_cmpint (from_json_text (json, &s, &e2), ==, ok);
  ag_train_setup_clear (&s);
  /* The command line's parser. */
  ag_train_setup_init (&s);
  g_assert_cmpint (ag_setup_field_set_text (f, &s, text, who, &e3), ==, ok);
  ag_train_setup_clear (&s);
  if (ok)
    {
      g_assert_no_error (e1);
      g_assert_no_error (e2);
      g_assert_no_error (e3);
    }
  else
    {
      g_autofree char *m1 = g_strdup_printf ("%s must be %s", f->label, rule);
      g_autofree char *m2 = g_strdup_printf ("training.%s must be %s", f->name, rule);
      g_autofree char *m3 = g_strdup_printf ("--%s must be %s, not '%s'", f->option, rule, text);
      g_assert_error (e1, AG_ERROR, AG_ERROR_ARGUMENT);
      g_assert_error (e2, AG_ERROR, AG_ERROR_FORMAT);
      g_assert_error (e3, AG_ERROR, AG_ERROR_ARGUMENT);
      g_assert_cmpstr (e1->message, ==, m1);
      g_assert_cmpstr (e2->message, ==, m2);
      g_assert_cmpstr (e3->message, ==, m3);
    }
}

static void
set_number_cb (const AgSetupField *f, AgTrainSetup *s, gconstpointer value)
{
  set_number (f, s, *(const double *) value);
}

static void
test_number_limits (void)
{
  guint n, tested = 0;
  const AgSetupField *fields = ag_train_setup_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      const AgSetupField *f = &fields[i];
      g_autofree char *rule = ag_setup_field_dup_rule (f);
      Probe probes[4];
      guint n_probes;

      if (f->type != AG_SETUP_UINT && f->type != AG_SETUP_DOUBLE)
        continue;
      n_probes = edge_probes (f, probes);
      for (guint k = 0; k < n_probes; k++)
        {
          g_autofree char *text = probe_text (f, probes[k].value);
          AgTrainSetup s;

          probe_everywhere (f, text, probes[k].ok, rule, set_number_cb, &probes[k].value, text);
          g_assert_cmpint (ag_setup_field_accepts (f, probes[k].value), ==, probes[k].ok);
          /* What is accepted is kept exactly. */
          if (probes[k].ok)
            {
              ag_train_setup_init (&s);
              g_assert_true (ag_setup_field_set_text (f, &s, text, "x", NULL));
              g_assert_cmpfloat (get_number (f, &s), ==, probes[k].value);
            }
          tested++;
        }
    }
  g_assert_cmpuint (tested, >=, 9 * 4);
}

static void
set_choice_cb (const AgSetupField *f, AgTrainSetup *s, gconstpointer value)
{
  G_STRUCT_MEMBER (guint, s, f->offset) = GPOINTER_TO_UINT (value);
}

/* Choices: the last name is taken, one past the list is not (an index in the setup, a name
 * elsewhere). */
static void
test_choices (void)
{
  guint n;
  const AgSetupField *fields = ag_train_setup_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      const AgSetupField *f = &fields[i];
      g_autofree char *rule = ag_setup_field_dup_rule (f);
      const char *last;
      g_autofree char *quoted = NULL;

      if (f->type != AG_SETUP_CHOICE)
        continue;
      g_assert_cmpuint (f->n_choices, ==, (guint) f->max + 1);
      last = f->choice_name (f->n_choices - 1);
      quoted = g_strdup_printf ("\"%s\"", last);
      probe_everywhere (f, last, TRUE, rule, set_choice_cb, GUINT_TO_POINTER (f->n_choices - 1),
                        quoted);
      probe_everywhere (f, "nonesuch", FALSE, rule, set_choice_cb, GUINT_TO_POINTER (f->n_choices),
                        "\"nonesuch\"");
      g_assert_nonnull (strstr (rule, last));
    }
}

static void
set_widths_cb (const AgSetupField *f, AgTrainSetup *s, gconstpointer value)
{
  const guint *w = value;   /* count, then the widths */

  s->n_hidden = w[0];
  for (guint i = 0; i < w[0] && i < AG_TRAIN_MAX_LAYERS; i++)
    s->hidden[i] = w[1 + i];
}

/* The hidden layers: the widths' range and the list's length. */
static void
test_widths (void)
{
  const AgSetupField *f = ag_train_setup_find ("hidden");
  g_autofree char *width_rule = g_strdup_printf ("a list of layer widths from %g to %g", f->min, f->max);
  g_autofree char *count_rule = g_strdup_printf ("a list of at most %u layer widths", f->max_count);
  const guint max = (guint) f->max, min = (guint) f->min;
  guint w[2 + AG_TRAIN_MAX_LAYERS];

  g_assert_cmpuint (f->max_count, ==, AG_TRAIN_MAX_LAYERS);
  {
    guint ok_edges[] = { 2, min, max };
    g_autofree char *t = g_strdup_printf ("%u,%u", min, max);
    g_autofree char *j = g_strdup_printf ("[%u, %u]", min, max);
    probe_everywhere (f, t, TRUE, width_rule, set_widths_cb, ok_edges, j);
  }
  {
    guint past[] = { 1, max + 1 };
    g_autofree char *t = g_strdup_printf ("%u", max + 1);
    g_autofree char *j = g_strdup_printf ("[%u]", max + 1);
    probe_everywhere (f, t, FALSE, width_rule, set_widths_cb, past, j);
  }
  if (min > 0)
    {
      guint past[] = { 1, min - 1 };
      g_autofree char *t = g_strdup_printf ("%u", min - 1);
      g_autofree char *j = g_strdup_printf ("[%u]", min - 1);
      probe_everywhere (f, t, FALSE, width_rule, set_widths_cb, past, j);
    }
  /* As many layers as allowed, then one more. */
  {
    g_autoptr (GString) t = g_string_new (NULL), j = g_string_new ("[");
    w[0] = f->max_count;
    for (guint i = 0; i < f->max_count; i++)
      {
        w[1 + i] = 2;
        g_string_append_printf (t, "%s2", i ? "," : "");
        g_string_append_printf (j, "%s2", i ? ", " : "");
      }
    g_string_append_c (j, ']');
    probe_everywhere (f, t->str, TRUE, count_rule, set_widths_cb, w, j->str);
    w[0] = f->max_count + 1;
    g_string_append (t, ",2");
    g_string_truncate (j, j->len - 1);
    g_string_append (j, ", 2]");
    probe_everywhere (f, t->str, FALSE, count_rule, set_widths_cb, w, j->str);
  }
  /* No hidden layer at all: "none" on the command line, [] in a file. */
  {
    guint none[] = { 0 };
    probe_everywhere (f, "none", TRUE, width_rule, set_widths_cb, none, "[]");
  }
}

/* The defaults are the table's, pass their own rules, and survive the file and the text. */
static void
test_defaults (void)
{
  guint n;
  const AgSetupField *fields = ag_train_setup_fields (&n);
  AgTrainSetup s, back;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  ag_train_setup_init (&s);
  g_assert_true (ag_train_setup_validate (&s, &error));
  g_assert_cmpfloat (s.lr, ==, ag_train_setup_find ("lr")->default_value);
  g_assert_cmpuint (s.n_hidden, ==, 2);
  g_assert_cmpuint (s.hidden[1], ==, 8);
  g_assert_cmpint (s.optimizer, ==, AG_OPTIM_ADAM);
  g_assert_cmpuint (s.seed, ==, 1);
  for (guint i = 0; i < n; i++)
    {
      const AgSetupField *f = &fields[i];
      g_autofree char *def = ag_setup_field_dup_default (f);
      g_autofree char *text = ag_setup_field_dup_text (f, &s);

      g_assert_true (ag_train_setup_find (f->name) == f);
      g_assert_true (ag_train_setup_find (f->option) == f);
      g_assert_nonnull (f->help);
      g_assert_nonnull (f->label);
      if (f->type == AG_SETUP_FILE)
        continue;
      /* The default as text is what the setup holds, and reads back to it. */
      g_assert_cmpstr (def, ==, text);
      ag_train_setup_init (&back);
      back.seed = 99;
      back.lr = 5;
      g_assert_true (ag_setup_field_set_text (f, &back, text, "x", &error));
      g_assert_no_error (error);
      if (f->type == AG_SETUP_DOUBLE || f->type == AG_SETUP_UINT)
        g_assert_true (ag_setup_field_accepts (f, f->default_value));
    }
  g_assert_null (ag_train_setup_find ("nonesuch"));

  /* The file form writes a member per row (csv only when set) and reads back the same. */
  s.lr = 0.1 + 0.2;
  s.seed = G_MAXUINT64;
  s.csv = g_strdup ("points.csv");
  node = ag_train_setup_to_json (&s);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, n);
  g_assert_true (ag_train_setup_from_json (node, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (back.lr, ==, s.lr);
  g_assert_cmpuint (back.seed, ==, G_MAXUINT64);
  g_assert_cmpstr (back.csv, ==, "points.csv");
  ag_train_setup_clear (&back);
  ag_train_setup_clear (&s);
}

/* The two limits the three old copies disagreed on (issue 14), as the table decided them. */
static void
test_decided_limits (void)
{
  const AgSetupField *lr = ag_train_setup_find ("lr");
  const AgSetupField *momentum = ag_train_setup_find ("momentum");
  g_autofree char *lr_rule = ag_setup_field_dup_rule (lr);
  g_autofree char *momentum_rule = ag_setup_field_dup_rule (momentum);

  g_assert_false (ag_setup_field_accepts (lr, 0));
  g_assert_true (ag_setup_field_accepts (lr, 1e-13));   /* the JSON reader refused this */
  g_assert_true (ag_setup_field_accepts (lr, 10));
  g_assert_false (ag_setup_field_accepts (momentum, 1));
  g_assert_true (ag_setup_field_accepts (momentum, 0.9999999));   /* and this */
  g_assert_cmpstr (lr_rule, ==, "a number from 0 (excluded) to 10");
  g_assert_cmpstr (momentum_rule, ==, "a number from 0 to 1 (excluded)");
}

/* ag_train_setup_differs() sees a change in every row (so a new row is compared without a new
 * line of code), can ignore one row, and can look at the network's rows only. */
static void
test_differs (void)
{
  guint n;
  const AgSetupField *rows = ag_train_setup_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      AgTrainSetup a, b;
      g_autoptr (GError) error = NULL;
      g_autofree char *before = NULL;
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      const char *other;

      ag_train_setup_init (&a);
      ag_train_setup_init (&b);
      before = ag_setup_field_dup_text (&rows[i], &b);
      /* another value the row accepts */
      switch (rows[i].type)
        {
        case AG_SETUP_CHOICE: other = rows[i].choice_name (g_str_equal (before, rows[i].choice_name (0)) ? 1 : 0); break;
        case AG_SETUP_WIDTHS: other = "3"; break;
        case AG_SETUP_FILE: other = "points.csv"; break;
        case AG_SETUP_SEED: other = "7"; break;
        default:   /* an end of the range the row accepts */
          g_ascii_formatd (number, sizeof number, "%.17g", rows[i].max_open ? rows[i].min : rows[i].max);
          other = number;
          break;
        }
      g_test_message ("%s: %s -> %s", rows[i].name, before, other);
      g_assert_true (ag_setup_field_set_text (&rows[i], &b, other, rows[i].name, &error));
      g_assert_no_error (error);
      g_assert_true (ag_train_setup_differs (&a, &b, NULL, FALSE));
      g_assert_false (ag_train_setup_differs (&a, &b, rows[i].name, FALSE));
      g_assert_true (ag_train_setup_differs (&a, &b, NULL, TRUE) == rows[i].network);
      ag_train_setup_clear (&a);
      ag_train_setup_clear (&b);
    }
}

/* The loss follows the data, as the lab and `adjoint train` both choose it. */
static void
test_fit_loss (void)
{
  static const struct { AgLoss loss; guint n_classes; AgLoss fitted; } cases[] = {
    { AG_LOSS_BCE, 0, AG_LOSS_MSE }, { AG_LOSS_HINGE, 0, AG_LOSS_MSE },
    { AG_LOSS_BCE, 3, AG_LOSS_CROSS_ENTROPY }, { AG_LOSS_MSE, 3, AG_LOSS_CROSS_ENTROPY },
    { AG_LOSS_MSE, 2, AG_LOSS_BCE }, { AG_LOSS_BCE, 2, AG_LOSS_BCE },
    { AG_LOSS_HINGE, 2, AG_LOSS_HINGE }, { AG_LOSS_CROSS_ENTROPY, 2, AG_LOSS_CROSS_ENTROPY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AgTrainSetup s;
      ag_train_setup_init (&s);
      s.loss = cases[i].loss;
      ag_train_setup_fit_loss (&s, cases[i].n_classes);
      g_assert_cmpint (s.loss, ==, cases[i].fitted);
      ag_train_setup_clear (&s);
    }
}

/* docs/file-format.md lists every member of the table, with the table's default for the
 * numbers, so the documented file format cannot drift from the table unseen. */
static void
test_documented (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "file-format.md", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint n;
  const AgSetupField *rows = ag_train_setup_fields (&n);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint r = 0; r < n; r++)
    {
      g_autofree char *member = g_strdup_printf ("`%s`", rows[r].name);
      g_autofree char *def = ag_setup_field_dup_default (&rows[r]);
      const char *line = NULL;

      for (guint i = 0; lines[i] && line == NULL; i++)
        if (g_str_has_prefix (lines[i], "| ") && strstr (lines[i], member) &&
            strstr (lines[i], member) < strstr (lines[i] + 2, " |"))
          line = lines[i];
      g_test_message ("%s: %s", rows[r].name, line ? line : "(missing)");
      g_assert_nonnull (line);
      if (rows[r].type == AG_SETUP_UINT || rows[r].type == AG_SETUP_DOUBLE || rows[r].type == AG_SETUP_SEED)
        g_assert_nonnull (strstr (line, def));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/train-setup/number-limits", test_number_limits);
  g_test_add_func ("/core/train-setup/choices", test_choices);
  g_test_add_func ("/core/train-setup/widths", test_widths);
  g_test_add_func ("/core/train-setup/defaults", test_defaults);
  g_test_add_func ("/core/train-setup/decided-limits", test_decided_limits);
  g_test_add_func ("/core/train-setup/differs", test_differs);
  g_test_add_func ("/core/train-setup/fit-loss", test_fit_loss);
  g_test_add_func ("/core/train-setup/documented", test_documented);
  return g_test_run ();
}
