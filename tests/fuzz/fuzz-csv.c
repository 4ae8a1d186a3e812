/* fuzz-csv.c: libFuzzer target for the dataset's CSV reader: a refusal says why in the core's
 * terms, and a dataset read has what dataset.h promises (finite values, labels that fit its
 * classes) and splits as documented. */
#include "core/dataset.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgDataset) set = NULL;
  g_autoptr (AgDataset) train = NULL;
  g_autoptr (AgDataset) test = NULL;

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  set = ag_dataset_load_csv_from_data ((const char *) data, size, &error);
  if (set == NULL)
    {
      if (error == NULL || error->domain != AG_ERROR || error->message[0] == 0)
        abort ();
      return 0;
    }
  if (error != NULL || set->n == 0 || set->n_features != 2 || set->n_classes == 1
      || set->n_classes > 10)
    abort ();
  for (guint i = 0; i < set->n; i++)
    {
      double y = set->y[i];

      if (!isfinite (set->x[2 * i]) || !isfinite (set->x[2 * i + 1]) || !isfinite (y))
        abort ();
      if (set->n_classes > 0 && (y < 0 || y >= set->n_classes || y != floor (y)))
        abort ();
    }

  ag_dataset_split (set, 0.2, 1, &train, &test);
  if (train->n + test->n != set->n || train->n == 0 || train->n_classes != set->n_classes)
    abort ();
  return 0;
}
