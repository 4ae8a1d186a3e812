/* fuzz-train-setup.c: libFuzzer target for the training setup a graph file holds: the input
 * is the "training" object's text, read as the loader reads it, then by the setup's reader;
 * what that accepts must validate, write out and read back the same, field by field as text
 * too, and give a dataset when it names a generated one. */
#include "core/graph-file.h"
#include "core/train-setup.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GENERATED 2000   /* samples worth generating per input: the rest only slows */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_refusal (const GError *error)
{
  if (error == NULL || error->domain != AG_ERROR || error->message[0] == 0)
    abort ();
}

static char *
to_text (const AgTrainSetup *setup)
{
  g_autoptr (JsonNode) node = ag_train_setup_to_json (setup);

  return json_to_string (node, FALSE);
}

/* Every field written as text reads back into a copy as the same text. */
static void
check_fields_as_text (const AgTrainSetup *setup)
{
  const AgSetupField *fields;
  AgTrainSetup copy;
  guint n;

  fields = ag_train_setup_fields (&n);
  ag_train_setup_init (&copy);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = ag_setup_field_dup_text (&fields[i], setup);
      g_autofree char *again = NULL;

      if (text == NULL)
        abort ();
      if (fields[i].type == AG_SETUP_FILE && setup->csv == NULL)
        continue;
      if (!ag_setup_field_set_text (&fields[i], &copy, text, fields[i].name, &error))
        {
          fprintf (stderr, "%s: %s\n", fields[i].name, error->message);
          abort ();
        }
      again = ag_setup_field_dup_text (&fields[i], &copy);
      if (strcmp (text, again) != 0)
        abort ();
    }
  ag_train_setup_clear (&copy);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char head[] = "{\"format\": \"adjoint-graph\", \"version\": 1, \"program\": \"\",\n"
                             "\"training\": ";
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = NULL;
  g_autoptr (GString) file = g_string_new (head);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  AgTrainSetup setup, again;

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  g_string_append_len (file, (const char *) data, (gssize) size);
  g_string_append (file, "\n}");
  doc = ag_graph_file_load_from_data (file->str, file->len, &error);
  if (doc == NULL)
    {
      check_refusal (error);
      return 0;
    }
  if (doc->training == NULL)
    return 0;
  if (!ag_train_setup_from_json (doc->training, &setup, &error))
    {
      check_refusal (error);
      return 0;
    }
  if (!ag_train_setup_validate (&setup, &error))
    {
      fprintf (stderr, "read, but does not validate: %s\n", error->message);
      abort ();
    }

  /* Written out and read back: the same setup. */
  first = to_text (&setup);
  {
    g_autoptr (JsonNode) node = ag_train_setup_to_json (&setup);
    if (!ag_train_setup_from_json (node, &again, &error))
      {
        fprintf (stderr, "what was written does not read: %s\n%s\n", error->message, first);
        abort ();
      }
  }
  second = to_text (&again);
  if (strcmp (first, second) != 0)
    {
      fprintf (stderr, "the round trip changed the setup:\n%s\n%s\n", first, second);
      abort ();
    }
  ag_train_setup_clear (&again);
  check_fields_as_text (&setup);

  /* A generated dataset (a CSV file is the other target's, not read from here). */
  if (setup.csv == NULL && setup.samples <= MAX_GENERATED)
    {
      g_autoptr (AgDataset) set = ag_train_setup_load_data (&setup, &error);
      if (set == NULL)
        check_refusal (error);
      else if (set->n != setup.samples || set->n_features != 2)
        abort ();
    }
  ag_train_setup_clear (&setup);
  return 0;
}
