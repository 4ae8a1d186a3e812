/* test-row-split.c: a training step in slices of rows (core/row-split.c, core/train.c). Which
 * programs split (every program the lab writes, with each loss and penalty) and which must
 * not (an op that mixes rows, a loss not linear in the rows, a parameter of the batch's size),
 * and that a sliced trainer follows the same path as one that runs the whole batch. */
#include "core/program.h"
#include "core/row-split.h"
#include "core/train.h"

#include <malloc.h>
#include <math.h>

#include "tests/trainer-ok.h"
#include "tests/under-asan.h"

/* The verdict on @body after `data X = zeros(N, 2)`, `data y = zeros(N, 1)`, W and b, parsed
 * with 600 and 256 data rows. */
static AgRowSplit
check (const char *body, const char **why)
{
  g_autofree char *program = g_strdup_printf (
    "data X = zeros(600, 2)\ndata y = zeros(600, 1)\ndata c = zeros(600)\n"
    "param W = xavier(2, 3)\nparam b = zeros(3)\nparam V = xavier(3, 1)\n%s\n", body);
  AgProgramOptions full = { 1, 600 }, part = { 1, 256 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) gf = ag_program_parse_with (program, -1, &full, &error);
  g_autoptr (AgGraph) gp = NULL;

  g_assert_no_error (error);
  gp = ag_program_parse_with (program, -1, &part, &error);
  g_assert_no_error (error);
  return ag_row_split_check (gf, gp, why);
}

static void
test_splits (void)
{
  static const struct { const char *body; AgRowSplit want; } cases[] = {
    { "h = tanh(X @ W + b)\nout = h @ V\nloss = mse(out, y)", AG_ROW_SPLIT_MEAN },
    { "h = relu(X @ W + b)\nout = h @ V\nloss = bce_logits(out, y) + 0.01 * sum(W * W)", AG_ROW_SPLIT_MEAN },
    { "out = sigmoid(X @ W + b) @ V\nloss = hinge(out, 2 * y - 1)", AG_ROW_SPLIT_MEAN },
    { "out = X @ W + b\nloss = cross_entropy(out, c)", AG_ROW_SPLIT_MEAN },
    { "out = log_softmax(X @ W, 1)\nloss = -mean(out) / 3", AG_ROW_SPLIT_MEAN },
    { "out = X @ W\nloss = 0.5 * mean((out - 1) ^ 2) + mse(sum(out, 1), c)", AG_ROW_SPLIT_MEAN },
    { "out = X @ W\nloss = sum((out - y) * (out - y))", AG_ROW_SPLIT_SUM },
    { "out = X @ W\nloss = 2 * sum(exp(out)) + sum(out)", AG_ROW_SPLIT_SUM },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *why = "unset";
      g_test_message ("%s", cases[i].body);
      g_assert_cmpint (check (cases[i].body, &why), ==, cases[i].want);
      g_assert_null (why);
    }
}

/* Each of these mixes rows or is not a mean or sum over them: splitting would change it. */
static void
test_does_not_split (void)
{
  static const char *const bodies[] = {
    "out = X @ W\nloss = sum(transpose(out) @ out)",            /* rows meet in a product */
    "out = X @ W\nloss = mean(softmax(out, 0))",                /* softmax down the rows */
    "out = X @ W\nloss = sum(mean(out, 0))",                    /* a mean down the rows */
    "out = X @ W\nloss = mse(out, y) * mse(out, y)",            /* not linear */
    "out = X @ W\nloss = mse(out, y) + sum(out)",               /* a mean plus a sum */
    "out = X @ W\nloss = sum(out) + sum(W)",                    /* a sum plus a fixed term */
    "out = X @ W\nloss = max(out)",                             /* the largest of all rows */
    "out = X @ W\nloss = mean(out - mean(out))",                /* the batch's mean in a row */
    "out = X @ W\nloss = log(mean(out * out))",                 /* a function of the mean */
    "out = X @ W\nloss = mean(out[0])",                         /* one row picked */
    "out = X @ W @ V\nloss = mse(out, c)",                          /* [N, 1] against [N]: N² pairs */
    "out = X @ W @ V\nloss = bce_logits(out, c)",                   /* the same */
    "out = X @ W @ V\nloss = hinge(out, 2 * c - 1)",                /* the same */
    "out = X @ W @ V\nloss = mse(c, out)",                          /* either way round */
  };
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      const char *why = NULL;
      g_test_message ("%s", bodies[i]);
      g_assert_cmpint (check (bodies[i], &why), ==, AG_ROW_SPLIT_NONE);
      g_assert_nonnull (why);
    }
}

/* A parameter shaped by hand like the batch is not data: its rows are not the samples'. */
static void
test_batch_sized_param (void)
{
  const char *program = "data X = zeros(600, 2)\nparam P = zeros(600, 2)\nloss = mean(X * P)\n";
  AgProgramOptions full = { 1, 600 }, part = { 1, 256 };
  g_autoptr (AgGraph) gf = ag_program_parse_with (program, -1, &full, NULL);
  g_autoptr (AgGraph) gp = ag_program_parse_with (program, -1, &part, NULL);

  /* The parameter keeps 600 rows, so the slice's product does not even parse. */
  g_assert_nonnull (gf);
  if (gp != NULL)
    g_assert_cmpint (ag_row_split_check (gf, gp, NULL), ==, AG_ROW_SPLIT_NONE);
}

/* Every program the lab writes splits, with every loss, activation and penalty, and a sliced
 * trainer follows the unsliced one step for step: the same losses and parameters to the
 * rounding of sums taken in another order. */
static void
test_trainer_follows_whole_batch (void)
{
  static const struct { AgLoss loss; AgDatasetKind data; AgActivation act; double l2; } cases[] = {
    { AG_LOSS_BCE, AG_DATASET_MOONS, AG_ACTIVATION_TANH, 0 },
    { AG_LOSS_MSE, AG_DATASET_CIRCLES, AG_ACTIVATION_RELU, 0.001 },
    { AG_LOSS_HINGE, AG_DATASET_XOR, AG_ACTIVATION_SIGMOID, 0 },
    { AG_LOSS_CROSS_ENTROPY, AG_DATASET_SPIRAL, AG_ACTIVATION_TANH, 0.0001 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AgTrainer) sliced = NULL, whole = NULL;
      AgTrainSetup s;

      ag_train_setup_init (&s);
      s.dataset = cases[i].data;
      s.samples = 1500;            /* 1,200 to train: four slices and a tail of 176 rows */
      s.test_fraction = 0.2;
      s.batch = 0;
      s.n_hidden = 2;
      s.hidden[0] = s.hidden[1] = 16;
      s.activation = cases[i].act;
      s.loss = cases[i].loss;
      s.l2 = cases[i].l2;
      s.optimizer = AG_OPTIM_ADAM;
      s.lr = 0.01;
      sliced = trainer_ok (&s);
      whole = trainer_ok (&s);
      g_assert_cmpint (ag_trainer_get_row_split (sliced), ==, AG_ROW_SPLIT_MEAN);
      ag_trainer_set_row_slices (whole, FALSE);
      g_assert_cmpint (ag_trainer_get_row_split (whole), ==, AG_ROW_SPLIT_NONE);

      for (guint step = 0; step < 30; step++)
        {
          const double a = ag_trainer_step (sliced), b = ag_trainer_step (whole);
          g_assert_cmpfloat_with_epsilon (a, b, 1e-12 * MAX (1.0, fabs (b)));
          for (guint p = 0; p < ag_trainer_get_n_params (whole); p++)
            g_assert_cmpfloat_with_epsilon (ag_trainer_get_grad_norms (sliced)[p],
                                            ag_trainer_get_grad_norms (whole)[p], 1e-10);
        }
      for (guint p = 0; p < ag_trainer_get_n_params (whole); p++)
        {
          const AgGraph *gs = ag_trainer_get_graph (sliced), *gw = ag_trainer_get_graph (whole);
          const AgId id = ag_trainer_get_param (whole, p);
          for (guint k = 0; k < ag_graph_node (gw, id)->size; k++)
            g_assert_cmpfloat_with_epsilon (ag_graph_value (gs, id)[k], ag_graph_value (gw, id)[k], 1e-9);
        }
      ag_train_setup_clear (&s);
    }
}

/* A sliced step allocates nothing, as a whole one (W5's setup, smaller). */
static void
test_sliced_step_allocates_nothing (void)
{
#ifdef UNDER_ASAN
  g_test_skip ("ASan replaces malloc, so glibc's counters do not see it");
#else
  g_autoptr (AgTrainer) t = NULL;
  struct mallinfo2 before, after;
  AgTrainSetup s;
  double sum = 0;

  ag_train_setup_init (&s);
  s.samples = 2000;
  s.batch = 0;
  s.n_hidden = 3;
  s.hidden[0] = s.hidden[1] = s.hidden[2] = 64;
  s.activation = AG_ACTIVATION_TANH;
  s.loss = AG_LOSS_BCE;
  s.optimizer = AG_OPTIM_ADAM;
  t = trainer_ok (&s);
  g_assert_cmpint (ag_trainer_get_row_split (t), ==, AG_ROW_SPLIT_MEAN);
  ag_trainer_step (t);
  before = mallinfo2 ();
  for (guint k = 0; k < 20; k++)
    sum += ag_trainer_step (t);
  after = mallinfo2 ();
  g_assert_cmpuint (after.uordblks, ==, before.uordblks);
  g_assert_cmpuint (after.hblkhd, ==, before.hblkhd);
  g_assert_true (isfinite (sum));
  ag_train_setup_clear (&s);
#endif
}

/* A small batch runs whole: two slices at least, or slicing is not worth it. */
static void
test_small_batch_whole (void)
{
  g_autoptr (AgTrainer) t = NULL;
  AgTrainSetup s;

  ag_train_setup_init (&s);
  s.samples = 500;
  s.batch = 0;
  t = trainer_ok (&s);
  g_assert_cmpint (ag_trainer_get_row_split (t), ==, AG_ROW_SPLIT_NONE);
  ag_train_setup_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/row-split/splits", test_splits);
  g_test_add_func ("/core/row-split/does-not-split", test_does_not_split);
  g_test_add_func ("/core/row-split/batch-sized-param", test_batch_sized_param);
  g_test_add_func ("/core/row-split/trainer-follows-whole-batch", test_trainer_follows_whole_batch);
  g_test_add_func ("/core/row-split/sliced-step-allocates-nothing", test_sliced_step_allocates_nothing);
  g_test_add_func ("/core/row-split/small-batch-whole", test_small_batch_whole);
  return g_test_run ();
}
