/* fuzz-graph-file.c: libFuzzer target for the graph-file loader: whatever loads must write out
 * as text that loads again and writes out the same, byte for byte. */
#include "core/graph-file.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = NULL;
  g_autoptr (AgGraphFile) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_len, second_len;

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  doc = ag_graph_file_load_from_data ((const char *) data, size, &error);
  if (doc == NULL)
    {
      /* A refusal is fine, as long as it says why in the core's own terms. */
      if (error == NULL || error->domain != AG_ERROR || error->message[0] == 0)
        abort ();
      return 0;
    }
  if (error != NULL || doc->program == NULL)
    abort ();

  first = ag_graph_file_to_data (doc, &first_len);
  if (first == NULL || strlen (first) != first_len)
    abort ();
  again = ag_graph_file_load_from_data (first, first_len, &error);
  if (again == NULL)
    {
      fprintf (stderr, "what was written does not load: %s\n---\n%s---\n", error->message, first);
      abort ();
    }
  second = ag_graph_file_to_data (again, &second_len);
  if (second_len != first_len || memcmp (first, second, first_len) != 0)
    {
      fprintf (stderr, "the round trip changed the text:\n---\n%s---\n%s---\n", first, second);
      abort ();
    }
  return 0;
}
