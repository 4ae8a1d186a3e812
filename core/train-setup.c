/* train-setup.c: the training setup and the one table of its fields (see train-setup.h). */
#include "core/train-setup.h"

#include "core/format.h"

#include <math.h>
#include <string.h>

#define MAX_CSV_NAME 4096

/* ---- names ----------------------------------------------------------------------------- */

/* The choices' names come from train.c (activations, losses, initialisations), dataset.c and
 * optim.c: a name has one home, the table only points at it. */
#define NAME_FUNC(type, prefix)                                                      \
static const char *prefix##_name (guint i)                                           \
{                                                                                    \
  return prefix##_to_string ((type) i);                                              \
}

NAME_FUNC (AgActivation, ag_activation)
NAME_FUNC (AgLoss, ag_loss)
NAME_FUNC (AgInit, ag_init)

static const char *
dataset_name (guint i)
{
  return ag_dataset_kind_to_string ((AgDatasetKind) i);
}

static const char *
optimizer_name (guint i)
{
  return ag_optim_kind_to_string ((AgOptimKind) i);
}

/* ---- the table ------------------------------------------------------------------------- */

#define OFF(member) G_STRUCT_OFFSET (AgTrainSetup, member)
#define CHOICE(n, fn) .type = AG_SETUP_CHOICE, .max = (n) - 1, .n_choices = (n), .choice_name = (fn)

/* Two limits were written differently in three places before this table; the rows decide:
 * - lr: PyTorch's optimizers accept lr ≥ 0, but a rate of 0 trains nothing, so the open end
 *   (lr > 0) of the validator and the command line stays, not the JSON reader's 1e-12.
 * - momentum: PyTorch only asks μ ≥ 0, but μ ≥ 1 never forgets a gradient (v ← μv + g grows
 *   without bound), so μ < 1 (open), as the validator and the command line had, rather than
 *   the JSON reader's closed 0.999999. */
static const AgSetupField fields[] = {
  { "csv", "csv", "CSV file", AG_SETUP_FILE, .arg = "FILE", .offset = OFF (csv),
    .help = "Train on a CSV file of x1,x2,label rows instead of generated data" },
  { "dataset", "dataset", "dataset", CHOICE (AG_N_DATASETS, dataset_name),
    .default_value = AG_DATASET_MOONS, .arg = "NAME", .offset = OFF (dataset),
    .help = "The generated data" },
  { "samples", "samples", "samples", AG_SETUP_UINT, .min = 4, .max = AG_TRAIN_MAX_SAMPLES,
    .default_value = 200, .arg = "N", .offset = OFF (samples),
    .help = "Samples to generate, training and test together" },
  { "noise", "noise", "noise", AG_SETUP_DOUBLE, .min = 0, .max = 1, .default_value = 0.1,
    .arg = "X", .offset = OFF (noise), .help = "Noise of the generated data" },
  { "test_fraction", "test-fraction", "test fraction", AG_SETUP_DOUBLE, .min = 0, .max = 0.9,
    .default_value = 0.2, .arg = "F", .offset = OFF (test_fraction),
    .help = "Share of the samples held out for testing" },
  { "hidden", "hidden", "hidden layers", AG_SETUP_WIDTHS, .min = 1, .max = AG_TRAIN_MAX_WIDTH,
    .max_count = AG_TRAIN_MAX_LAYERS, .default_text = "8,8", .arg = "W,W,…",
    .network = TRUE, .offset = OFF (hidden), .help = "Hidden layer widths, e.g. 16,16 ('none' for a linear model)" },
  { "activation", "activation", "activation", CHOICE (AG_N_ACTIVATIONS, ag_activation_name),
    .default_value = AG_ACTIVATION_TANH, .arg = "NAME", .network = TRUE, .offset = OFF (activation),
    .help = "Activation of the hidden layers" },
  { "loss", "loss", "loss", CHOICE (AG_N_LOSSES, ag_loss_name), .default_value = AG_LOSS_BCE,
    .arg = "NAME", .network = TRUE, .offset = OFF (loss),
    .help = "The loss" },
  { "init", "init", "initialisation", CHOICE (AG_N_INITS, ag_init_name),
    .default_value = AG_INIT_XAVIER, .arg = "NAME", .network = TRUE, .offset = OFF (init),
    .help = "Weight initialisation" },
  { "optimizer", "optimizer", "optimizer", CHOICE (AG_OPTIM_ADAM + 1, optimizer_name),
    .default_value = AG_OPTIM_ADAM, .arg = "NAME", .offset = OFF (optimizer),
    .help = "The optimizer" },
  { "lr", "lr", "learning rate", AG_SETUP_DOUBLE, .min = 0, .min_open = TRUE, .max = 10,
    .default_value = 0.03, .arg = "LR", .offset = OFF (lr), .help = "Learning rate" },
  { "momentum", "momentum", "momentum", AG_SETUP_DOUBLE, .min = 0, .max = 1, .max_open = TRUE,
    .default_value = 0.9, .arg = "M", .offset = OFF (momentum),
    .help = "Momentum μ for the momentum optimizer" },
  { "batch", "batch", "batch", AG_SETUP_UINT, .min = 0, .max = AG_TRAIN_MAX_SAMPLES,
    .default_value = 32, .arg = "B", .offset = OFF (batch),
    .help = "Samples per step; 0 for the whole training set" },
  { "steps", "steps", "steps", AG_SETUP_UINT, .min = 0, .max = AG_TRAIN_MAX_STEPS,
    .default_value = 300, .arg = "N", .offset = OFF (steps), .help = "Training steps" },
  { "l1", "l1", "L1 penalty", AG_SETUP_DOUBLE, .min = 0, .max = 1, .default_value = 0,
    .arg = "λ", .network = TRUE, .offset = OFF (l1), .help = "L1 penalty on the weights" },
  { "l2", "l2", "L2 penalty", AG_SETUP_DOUBLE, .min = 0, .max = 1, .default_value = 0,
    .arg = "λ", .network = TRUE, .offset = OFF (l2), .help = "L2 penalty on the weights" },
  { "seed", "seed", "seed", AG_SETUP_SEED, .min = 0, .max = (double) G_MAXUINT64,
    .default_value = 1, .arg = "S", .offset = OFF (seed),
    .help = "Seed of the data, the split, the weights and the batches" },
};

#define FIELD(s, f, type) G_STRUCT_MEMBER (type, (s), (f)->offset)

const AgSetupField *
ag_train_setup_fields (guint *n_fields)
{
  if (n_fields)
    *n_fields = G_N_ELEMENTS (fields);
  return fields;
}

const AgSetupField *
ag_train_setup_find (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (fields[i].name, name) == 0 || strcmp (fields[i].option, name) == 0)
      return &fields[i];
  return NULL;
}

gboolean
ag_setup_field_accepts (const AgSetupField *f, double v)
{
  g_return_val_if_fail (f != NULL, FALSE);
  if (!isfinite (v))
    return FALSE;
  if (f->type == AG_SETUP_UINT || f->type == AG_SETUP_CHOICE || f->type == AG_SETUP_WIDTHS)
    if (v != floor (v))
      return FALSE;
  return (f->min_open ? v > f->min : v >= f->min) && (f->max_open ? v < f->max : v <= f->max);
}

static void
append_range (GString *out, const AgSetupField *f)
{
  g_string_append (out, "from ");
  ag_format_number (out, f->min);
  g_string_append (out, f->min_open ? " (excluded) to " : " to ");
  ag_format_number (out, f->max);
  if (f->max_open)
    g_string_append (out, " (excluded)");
}

/* Which rule a value broke: its value's (the usual), the list's length (widths), or its JSON
 * type (a choice given as a number). */
typedef enum {
  BROKE_NONE,        /* no rule broke: describe them all */
  BROKE_VALUE,
  BROKE_COUNT,
  BROKE_TYPE,
} Broke;

static char *
dup_rule (const AgSetupField *f, Broke broke)
{
  GString *out = g_string_new (NULL);

  switch (f->type)
    {
    case AG_SETUP_CHOICE:
      if (broke == BROKE_TYPE)
        g_string_append (out, "a string: ");
      for (guint i = 0; i < f->n_choices; i++)
        g_string_append_printf (out, "%s%s", i == 0 ? "" : i + 1 < f->n_choices ? ", " : " or ",
                                f->choice_name (i));
      break;
    case AG_SETUP_UINT:
      g_string_append (out, "a whole number ");
      append_range (out, f);
      break;
    case AG_SETUP_DOUBLE:
      g_string_append (out, "a number ");
      append_range (out, f);
      break;
    case AG_SETUP_WIDTHS:
      if (broke == BROKE_COUNT || broke == BROKE_NONE)
        g_string_append_printf (out, "a list of at most %u layer widths", f->max_count);
      if (broke == BROKE_NONE)
        g_string_append_c (out, ' ');
      if (broke == BROKE_VALUE)
        g_string_append (out, "a list of layer widths ");
      if (broke != BROKE_COUNT)
        append_range (out, f);
      break;
    case AG_SETUP_SEED:
      g_string_append_printf (out, "a whole number from 0 to %" G_GUINT64_FORMAT, G_MAXUINT64);
      break;
    case AG_SETUP_FILE:
      g_string_append (out, "the name of a CSV file");
      break;
    }
  return g_string_free (out, FALSE);
}

char *
ag_setup_field_dup_rule (const AgSetupField *f)
{
  g_return_val_if_fail (f != NULL, NULL);
  return dup_rule (f, BROKE_NONE);
}

static void
append_widths (GString *out, guint n, const guint *widths)
{
  if (n == 0)
    g_string_append (out, "none");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%u", i ? "," : "", widths[i]);
}

char *
ag_setup_field_dup_default (const AgSetupField *f)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (f != NULL, NULL);
  if (f->type == AG_SETUP_CHOICE)
    g_string_append (out, f->choice_name ((guint) f->default_value));
  else if (f->type == AG_SETUP_WIDTHS)
    g_string_append (out, f->default_text);
  else if (f->type == AG_SETUP_FILE)
    g_string_append (out, "none");
  else
    ag_format_number (out, f->default_value);
  return g_string_free (out, FALSE);
}

char *
ag_setup_field_dup_text (const AgSetupField *f, const AgTrainSetup *s)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (f != NULL && s != NULL, NULL);
  switch (f->type)
    {
    case AG_SETUP_CHOICE:
      g_string_append (out, f->choice_name (FIELD (s, f, guint)));
      break;
    case AG_SETUP_UINT:
      g_string_append_printf (out, "%u", FIELD (s, f, guint));
      break;
    case AG_SETUP_DOUBLE:
      ag_json_number (out, FIELD (s, f, double));   /* exact, so it reads back the same */
      break;
    case AG_SETUP_WIDTHS:
      append_widths (out, s->n_hidden, s->hidden);
      break;
    case AG_SETUP_SEED:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, s->seed);
      break;
    case AG_SETUP_FILE:
      g_string_append (out, s->csv ? s->csv : "");
      break;
    }
  return g_string_free (out, FALSE);
}

/* ---- reading values, one rule for text and JSON ---------------------------------------- */

static gboolean
parse_choice (const AgSetupField *f, const char *name, guint *out)
{
  for (guint i = 0; i < f->n_choices; i++)
    if (strcmp (f->choice_name (i), name) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
valid_csv_name (const char *name)
{
  return name[0] != '\0' && strlen (name) <= MAX_CSV_NAME && g_utf8_validate (name, -1, NULL);
}

/* "16,16", "" or "none" → widths. FALSE, with @broke telling which rule broke. */
static gboolean
parse_widths (const AgSetupField *f, const char *text, guint *n, guint widths[], Broke *broke)
{
  g_auto (GStrv) parts = NULL;

  *broke = BROKE_VALUE;
  if (text[0] == '\0' || g_str_equal (text, "none"))
    {
      *n = 0;
      return TRUE;
    }
  parts = g_strsplit (text, ",", -1);
  *n = g_strv_length (parts);
  if (*n > f->max_count)
    {
      *broke = BROKE_COUNT;
      return FALSE;
    }
  for (guint i = 0; i < *n; i++)
    {
      guint64 w;
      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, G_MAXUINT, &w, NULL) ||
          !ag_setup_field_accepts (f, (double) w))
        return FALSE;
      widths[i] = (guint) w;
    }
  return TRUE;
}

gboolean
ag_setup_field_set_text (const AgSetupField *f, AgTrainSetup *s, const char *text,
                         const char *who, GError **error)
{
  gboolean ok = FALSE;
  Broke broke = BROKE_VALUE;
  guint index, n;
  guint widths[AG_TRAIN_MAX_LAYERS];
  gint64 i64;
  guint64 u64;
  double d;
  char *end;

  g_return_val_if_fail (f != NULL && s != NULL && text != NULL && who != NULL, FALSE);
  switch (f->type)
    {
    case AG_SETUP_CHOICE:
      if ((ok = parse_choice (f, text, &index)))
        FIELD (s, f, guint) = index;
      break;
    case AG_SETUP_UINT:
      ok = g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &i64, NULL) &&
           ag_setup_field_accepts (f, (double) i64);
      if (ok)
        FIELD (s, f, guint) = (guint) i64;
      break;
    case AG_SETUP_DOUBLE:
      d = g_ascii_strtod (text, &end);
      ok = end != text && *end == '\0' && ag_setup_field_accepts (f, d);
      if (ok)
        FIELD (s, f, double) = d;
      break;
    case AG_SETUP_WIDTHS:
      if ((ok = parse_widths (f, text, &n, widths, &broke)))
        {
          s->n_hidden = n;
          memcpy (s->hidden, widths, n * sizeof *widths);
        }
      break;
    case AG_SETUP_SEED:
      if ((ok = g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &u64, NULL)))
        s->seed = u64;
      break;
    case AG_SETUP_FILE:
      if ((ok = valid_csv_name (text)))
        {
          g_free (s->csv);
          s->csv = g_strdup (text);
        }
      break;
    }
  if (!ok)
    {
      g_autofree char *rule = dup_rule (f, broke);
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "%s must be %s, not '%s'", who, rule, text);
    }
  return ok;
}

/* ---- the setup ------------------------------------------------------------------------- */

void
ag_train_setup_init (AgTrainSetup *s)
{
  g_return_if_fail (s != NULL);
  memset (s, 0, sizeof *s);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const AgSetupField *f = &fields[i];
      switch (f->type)
        {
        case AG_SETUP_CHOICE:
        case AG_SETUP_UINT:
          FIELD (s, f, guint) = (guint) f->default_value;
          break;
        case AG_SETUP_DOUBLE:
          FIELD (s, f, double) = f->default_value;
          break;
        case AG_SETUP_WIDTHS:
          {
            Broke broke;
            gboolean ok = parse_widths (f, f->default_text, &s->n_hidden, s->hidden, &broke);
            g_assert (ok);   /* the row's own default */
          }
          break;
        case AG_SETUP_SEED:
          s->seed = (guint64) f->default_value;
          break;
        case AG_SETUP_FILE:
          break;
        }
    }
}

void
ag_train_setup_clear (AgTrainSetup *setup)
{
  g_return_if_fail (setup != NULL);
  g_clear_pointer (&setup->csv, g_free);
}

void
ag_train_setup_copy (AgTrainSetup *dest, const AgTrainSetup *src)
{
  char *csv;

  g_return_if_fail (dest != NULL && src != NULL);
  if (dest == src)
    return;
  csv = g_strdup (src->csv);   /* before freeing: the two may share the string */
  g_free (dest->csv);
  *dest = *src;
  dest->csv = csv;
}

/* Whether the field of @s keeps its row's rule; @broke as in parse_widths(). */
static gboolean
field_valid (const AgSetupField *f, const AgTrainSetup *s, Broke *broke)
{
  *broke = BROKE_VALUE;
  switch (f->type)
    {
    case AG_SETUP_CHOICE:
    case AG_SETUP_UINT:
      return ag_setup_field_accepts (f, FIELD (s, f, guint));
    case AG_SETUP_DOUBLE:
      return ag_setup_field_accepts (f, FIELD (s, f, double));
    case AG_SETUP_WIDTHS:
      if (s->n_hidden > f->max_count)
        {
          *broke = BROKE_COUNT;
          return FALSE;
        }
      for (guint i = 0; i < s->n_hidden; i++)
        if (!ag_setup_field_accepts (f, s->hidden[i]))
          return FALSE;
      return TRUE;
    case AG_SETUP_SEED:
      return TRUE;
    case AG_SETUP_FILE:
      return s->csv == NULL || valid_csv_name (s->csv);
    }
  return FALSE;
}

/* Compares the rows' values as text, the form files write them, so every field the table
 * knows is compared and a new row needs no new line here. Not for hot paths: it allocates. */
gboolean
ag_train_setup_differs (const AgTrainSetup *a, const AgTrainSetup *b, const char *except,
                        gboolean network_only)
{
  guint n;
  const AgSetupField *rows = ag_train_setup_fields (&n);

  g_return_val_if_fail (a != NULL && b != NULL, TRUE);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *ta = NULL, *tb = NULL;
      if ((network_only && !rows[i].network) || g_strcmp0 (rows[i].name, except) == 0)
        continue;
      ta = ag_setup_field_dup_text (&rows[i], a);
      tb = ag_setup_field_dup_text (&rows[i], b);
      if (!g_str_equal (ta, tb))
        return TRUE;
    }
  return FALSE;
}

void
ag_train_setup_fit_loss (AgTrainSetup *setup, guint n_classes)
{
  g_return_if_fail (setup != NULL);
  if (n_classes == 0)
    setup->loss = AG_LOSS_MSE;
  else if (n_classes > 2)
    setup->loss = AG_LOSS_CROSS_ENTROPY;
  else if (setup->loss == AG_LOSS_MSE)
    setup->loss = AG_LOSS_BCE;
}

gboolean
ag_train_setup_validate (const AgTrainSetup *s, GError **error)
{
  g_return_val_if_fail (s != NULL, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      Broke broke;
      if (!field_valid (&fields[i], s, &broke))
        {
          g_autofree char *rule = dup_rule (&fields[i], broke);
          g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "%s must be %s", fields[i].label, rule);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- JSON ------------------------------------------------------------------------------ */

static void
add_field (JsonBuilder *b, const AgSetupField *f, const AgTrainSetup *s)
{
  switch (f->type)
    {
    case AG_SETUP_CHOICE:
      json_builder_add_string_value (b, f->choice_name (FIELD (s, f, guint)));
      break;
    case AG_SETUP_UINT:
      json_builder_add_int_value (b, FIELD (s, f, guint));
      break;
    case AG_SETUP_DOUBLE:
      json_builder_add_double_value (b, FIELD (s, f, double));
      break;
    case AG_SETUP_WIDTHS:
      json_builder_begin_array (b);
      for (guint i = 0; i < s->n_hidden; i++)
        json_builder_add_int_value (b, s->hidden[i]);
      json_builder_end_array (b);
      break;
    case AG_SETUP_SEED:
      /* A seed above 2^53 would not survive a JSON number read as a double: write it as text. */
      if (s->seed <= (G_GUINT64_CONSTANT (1) << 53))
        json_builder_add_int_value (b, (gint64) s->seed);
      else
        {
          g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, s->seed);
          json_builder_add_string_value (b, text);
        }
      break;
    case AG_SETUP_FILE:
      json_builder_add_string_value (b, s->csv);
      break;
    }
}

JsonNode *
ag_train_setup_to_json (const AgTrainSetup *s)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (s != NULL, NULL);
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i].type == AG_SETUP_FILE && s->csv == NULL)
        continue;
      json_builder_set_member_name (b, fields[i].name);
      add_field (b, &fields[i], s);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
holds (JsonNode *n, GType type)
{
  return JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == type;
}

static gboolean
read_widths (const AgSetupField *f, JsonNode *n, AgTrainSetup *s, Broke *broke)
{
  JsonArray *a = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;

  if (a != NULL && json_array_get_length (a) > f->max_count)
    *broke = BROKE_COUNT;
  if (a == NULL || *broke == BROKE_COUNT)
    return FALSE;
  s->n_hidden = json_array_get_length (a);
  for (guint i = 0; i < s->n_hidden; i++)
    {
      JsonNode *w = json_array_get_element (a, i);
      if (!holds (w, G_TYPE_INT64) || !ag_setup_field_accepts (f, json_node_get_int (w)))
        return FALSE;
      s->hidden[i] = (guint) json_node_get_int (w);
    }
  return TRUE;
}

/* Reads member @n into the field; FALSE when its type or value breaks the row's rule. */
static gboolean
read_field (const AgSetupField *f, JsonNode *n, AgTrainSetup *s, Broke *broke)
{
  *broke = BROKE_VALUE;
  switch (f->type)
    {
    case AG_SETUP_CHOICE:
      if (!holds (n, G_TYPE_STRING))
        *broke = BROKE_TYPE;
      return holds (n, G_TYPE_STRING) &&
             parse_choice (f, json_node_get_string (n), &FIELD (s, f, guint));
    case AG_SETUP_UINT:
      if (!holds (n, G_TYPE_INT64) || !ag_setup_field_accepts (f, json_node_get_int (n)))
        return FALSE;
      FIELD (s, f, guint) = (guint) json_node_get_int (n);
      return TRUE;
    case AG_SETUP_DOUBLE:
      if (!(holds (n, G_TYPE_INT64) || holds (n, G_TYPE_DOUBLE)) ||
          !ag_setup_field_accepts (f, json_node_get_double (n)))
        return FALSE;
      FIELD (s, f, double) = json_node_get_double (n);
      return TRUE;
    case AG_SETUP_WIDTHS:
      return read_widths (f, n, s, broke);
    case AG_SETUP_SEED:
      if (holds (n, G_TYPE_INT64) && json_node_get_int (n) >= 0)
        {
          s->seed = (guint64) json_node_get_int (n);
          return TRUE;
        }
      return holds (n, G_TYPE_STRING) &&
             g_ascii_string_to_unsigned (json_node_get_string (n), 10, 0, G_MAXUINT64, &s->seed, NULL);
    case AG_SETUP_FILE:
      if (!holds (n, G_TYPE_STRING) || !valid_csv_name (json_node_get_string (n)))
        return FALSE;
      g_free (s->csv);
      s->csv = g_strdup (json_node_get_string (n));
      return TRUE;
    }
  return FALSE;
}

gboolean
ag_train_setup_from_json (JsonNode *node, AgTrainSetup *s, GError **error)
{
  JsonObject *obj;

  g_return_val_if_fail (node != NULL && s != NULL, FALSE);

  ag_train_setup_init (s);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, AG_ERROR, AG_ERROR_FORMAT, "training must be an object");
      return FALSE;
    }
  obj = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonNode *n = json_object_get_member (obj, fields[i].name);
      Broke broke;

      if (n == NULL || JSON_NODE_HOLDS_NULL (n))   /* absent: the default */
        continue;
      if (!read_field (&fields[i], n, s, &broke))
        {
          g_autofree char *rule = dup_rule (&fields[i], broke);
          g_set_error (error, AG_ERROR, AG_ERROR_FORMAT, "training.%s must be %s",
                       fields[i].name, rule);
          ag_train_setup_clear (s);
          return FALSE;
        }
    }
  return TRUE;
}

AgDataset *
ag_train_setup_load_data (const AgTrainSetup *setup, GError **error)
{
  g_autoptr (AgDataset) data = NULL;

  g_return_val_if_fail (setup != NULL, NULL);
  if (setup->csv != NULL)
    {
      data = ag_dataset_load_csv (setup->csv, error);
      if (data == NULL)
        return NULL;
      if (data->n > AG_TRAIN_MAX_SAMPLES)
        {
          g_set_error (error, AG_ERROR, AG_ERROR_LIMIT, "%s has %u samples; the trainer takes "
                       "at most %u", setup->csv, data->n, AG_TRAIN_MAX_SAMPLES);
          return NULL;
        }
      if (data->n < 2)
        {
          g_set_error (error, AG_ERROR, AG_ERROR_FORMAT, "%s has %u sample; training needs at "
                       "least 2", setup->csv, data->n);
          return NULL;
        }
      return g_steal_pointer (&data);
    }
  return ag_dataset_generate (setup->dataset, setup->samples, setup->noise, setup->seed, error);
}
