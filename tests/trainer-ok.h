/* trainer-ok.h: a trainer for a setup on the program the training lab writes for it, for the
 * core tests (test-train, test-row-split); any error fails the test. */
#pragma once

#include "core/train.h"

static inline AgTrainer *
trainer_ok (const AgTrainSetup *setup)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgDataset) data = ag_train_setup_load_data (setup, &error);
  g_autofree char *program = NULL;
  AgTrainer *t;

  g_assert_no_error (error);
  program = ag_train_setup_write_program (setup, data->n_classes);
  t = ag_trainer_new (program, setup, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}
