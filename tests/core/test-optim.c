/* test-optim.c: SGD, momentum, Nesterov, weight decay and Adam against PyTorch's rules, on the
 * worked examples' "gradient descent on a program's inputs" (EXAMPLES.md, examples 14 and 15).
 *
 * The tables are the output of tests/reference/optim.py, which follows torch.optim.SGD and
 * torch.optim.Adam line by line in plain Python floats; rerun it to regenerate them. The loop
 * is `adjoint optimize`'s: {run; record the loss; step}, so loss[k] is f(x_k) after k updates. */
#include "core/autograd.h"
#include "core/graph.h"
#include "core/optim.h"
#include "core/program.h"

#include <math.h>
#include <string.h>

#define EXAMPLE_14 \
  "x = [3, -1, 0, 1]\n" \
  "f = (x[0] + 10*x[1])^2 + 5*(x[2] - x[3])^2 + (x[1] + 2*x[2])^4 + 10*(x[0] - x[3])^4\n"
#define EXAMPLE_15 \
  "z = [1, -1]\n" \
  "x = [z[0] - z[1], z[0]^2, z[1]^2, z[0]^2 + z[0]*z[1]]\n" \
  "f = (x[0] + 10*x[1])^2 + 5*(x[2] - x[3])^2 + (x[1] + 2*x[2])^4 + 10*(x[0] - x[3])^4\n"

/* The graph computes gradients in its own order, so it may differ from the reference in the
 * last bits; over a few dozen steps that stays far below this. */
#define REL_TOL 1e-10

/* python3 tests/reference/optim.py */
static const double sgd14_losses[] = {
  215.0, 79.89811463935999, 52.75659842031102, 38.61220003054886, 30.109729215381435
};
static const double sgd14_final[] = {
  2.497641072703793, -0.5621878355724977, 0.06667669693881195, 1.4946756057128308
};
static const double mom14_losses[] = {
  215.0, 79.89811463935999, 29.08007389344119, 19.459554389821456, 26.276093397191474,
  52.62738586494728, 88.71566553242542, 94.85999636424117, 62.35072152214536,
  28.543052672253392, 11.441823848148161
};
static const double mom14_final[] = {
  1.4354853600274327, -0.08792165917453909, 0.6734621054454104, 1.9372622958326275
};
static const double nest14_losses[] = {
  215.0, 40.489064304611446, 20.1281309137897, 18.34722620883663, 24.510737680695854,
  32.560695697045354, 37.57077931150474, 34.80312587360799, 26.138559269558126,
  17.781992930210524, 12.713138329876509
};
static const double nest14_final[] = {
  1.306651446471328, -0.17177723958536673, 0.7275934580092009, 1.977271025030956
};
static const double wd14_losses[] = {
  215.0, 79.74357963940005, 52.59563890984575, 38.4513942211596, 29.95138141605488,
  24.515495730927494, 20.898241367917088, 18.409769141261442, 16.64107577296552,
  15.340341753447543, 14.348875903672766
};
static const double wd14_final[] = {
  2.3399965070034745, -0.32340117706403243, 0.1533382054428439, 1.5700686714367937
};
static const double momwd14_losses[] = {
  215.0, 79.74357963940005, 28.959584021442165, 19.355264936492915, 26.225756467210374,
  52.7527020519389, 88.83653849220903, 94.39408031266538, 61.43722188933842, 27.70471590423194,
  10.839403387063971
};
static const double momwd14_final[] = {
  1.3996354263565822, -0.08666789911481751, 0.6677402933162355, 1.8944301497379876
};
static const double adam14_losses[] = {
  215.0, 178.74550625173094, 147.6094745836612, 121.11218159206075, 98.76058237851029,
  80.06370016194629, 64.54745926672865, 51.76794605081562, 41.32204808266907, 32.85462469767521,
  26.06177324320495, 20.690196370553984, 16.532953737524657, 13.421891572307452,
  11.216838885364965, 9.791587934377539, 9.017660869714971, 8.750257118819121,
  8.825674409385991, 9.078043771153032, 9.368338367964684
};
static const double adam14_final[] = {
  2.2718251745133973, -0.18443381220221236, 0.8020203414682407, 1.7128034596617334
};
static const double adamx14_losses[] = {
  215.0, 178.74550642303208, 147.72016217629778, 121.45681154661881, 99.44511191773233,
  81.15906066155262, 66.08269438704522, 53.731646365681954, 43.66891345750128,
  35.514116969510695, 28.946482274476914, 23.702418213630537, 19.568821029782196,
  16.373146301384885, 13.971166105732152, 12.233609164906252, 11.034065494988772,
  10.242479565319734, 9.729068732767956, 9.378840063936323, 9.108103612928039
};
static const double adamx14_final[] = {
  2.3564296670663656, -0.2560004973015571, 0.7463332750827933, 1.6242227503665732
};
static const double sgd15_losses[] = {
  390.0, 1.0651179675015459, 0.867965310714841, 0.7193739934062117, 0.6046135701110027,
  0.5141672196748608, 0.44165461930259386, 0.38266370126237054, 0.3340620948119482,
  0.2935749674798633, 0.2595173212546531, 0.23061920518448528, 0.20590864253964328,
  0.18463142738602084, 0.16619506612491253, 0.15012888473509262, 0.1360551763774179,
  0.12366802532968166, 0.11271755574230327, 0.10299807134462738, 0.09433902407999566,
  0.08659806535374934, 0.07965564822416286, 0.07341079697220135, 0.06777776408292013,
  0.06268336805758486, 0.05806485807618759, 0.053868189647963804, 0.05004662329492709,
  0.04655957894253356, 0.0433716940786817, 0.0404520453171259, 0.037773501778423105,
  0.0353121854074421, 0.03304701850668272, 0.030959342762392913, 0.029032597157550712,
  0.027252044611048305, 0.025604539111822488, 0.024078326647475556, 0.022662874447885208,
  0.021348724043032213, 0.02012736442261281, 0.018991122222910266, 0.017933066384858132,
  0.01694692515038438, 0.016027013610899712, 0.015168170307077154, 0.014365701614646799,
  0.013615332846158432, 0.012913165161016912, 0.012255637511557196, 0.011639492966314544,
  0.011061748846852057, 0.010519670194686404, 0.01001074615257108, 0.009532668901750323,
  0.009083314845503707, 0.008660727770772736, 0.00826310375506104, 0.0078887776160911,
  0.007536210727682108, 0.007203980047649753, 0.006890768222773712, 0.0065953546524959725,
  0.006316607407392306, 0.006053475910925891, 0.005804984303823739, 0.005570225419843813,
  0.005348355309922928, 0.005138588258878111, 0.004940192245121, 0.004752484799356274,
  0.004574829223075379, 0.0044066311319145264, 0.00424733529269691, 0.004096422726289241,
  0.0039534080513277696, 0.0038178370464580016, 0.0036892844110269296, 0.0035673517062033066,
  0.003451665460311691, 0.003341875423777119, 0.003237652960512872, 0.003138689563865084,
  0.0030446954863723383, 0.0029553984736223685, 0.0028705425934048455, 0.00278988715218145,
  0.002713205691632423, 0.002640285058702033, 0.002570924543162181, 0.002504935077250637,
  0.0024421384924250464, 0.002382366828711035, 0.0023254616925178087, 0.0022712736591519126,
  0.002219661716583169, 0.0021704927473097727, 0.0021236410454352817, 0.0020789878663114397
};
static const double sgd15_final[] = {
  0.10062055515135401, 0.16468520913903317
};
static const double mom15_losses[] = {
  390.0, 247.15056296386302, 120.25520114664624, 50.50205923589204, 18.45268746551119,
  5.561276939844487, 1.2136932609545128, 0.11008909102907921, 0.02609375834359231,
  0.3100971132403417, 0.9813500615874634
};
static const double mom15_final[] = {
  -0.12383345143909989, 0.40960970145429654
};
static const double adam15_losses[] = {
  390.0, 372.03262289885333, 354.8516804695355, 338.43703370061957, 322.76742576723706,
  307.82065383901687, 293.5737408386295, 280.00310457305864, 267.0847219065059,
  254.7942859351749, 243.10735444542203
};
static const double adam15_final[] = {
  0.901338011404889, -0.9018833402926459
};

static AgGraph *
parse (const char *program)
{
  g_autoptr (GError) error = NULL;
  AgGraph *g = ag_program_parse (program, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (g);
  return g;
}

static void
assert_close (double actual, double expected, double rel)
{
  if (!(fabs (actual - expected) <= rel * fmax (fabs (expected), 1e-300)))
    g_error ("expected %.17g, got %.17g (relative error %.3g > %.3g)", expected, actual,
             fabs (actual - expected) / fabs (expected), rel);
}

/* The loss after a run, failing the test on an error. */
static double
run (AgGraph *g)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (ag_graph_run (g, NULL, &error));
  g_assert_no_error (error);
  return *ag_graph_value (g, g->output);
}

typedef struct {
  const char   *path;
  const char   *program;
  const char   *leaf;       /* the input being optimised */
  AgOptimConfig config;
  const double *losses;     /* steps + 1 of them */
  guint         steps;
  const double *final;      /* the leaf after the last update */
  guint         n_final;
} OptimCase;

#define CASE(path_, program_, leaf_, table_, ...) \
  { path_, program_, leaf_, { __VA_ARGS__ }, table_##_losses, G_N_ELEMENTS (table_##_losses) - 1, \
    table_##_final, G_N_ELEMENTS (table_##_final) }

/* Every field spelled out: SGD (lr, μ, nesterov, weight decay), Adam (lr, β1, β2, ε, weight
 * decay), the rest at torch's defaults. */
#define SGD(lr_, mu_, nesterov_, wd_) \
  .kind = (mu_) != 0 ? AG_OPTIM_MOMENTUM : AG_OPTIM_SGD, .lr = lr_, .momentum = mu_, \
  .nesterov = nesterov_, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8, .weight_decay = wd_
#define ADAM(lr_, beta1_, beta2_, eps_, wd_) \
  .kind = AG_OPTIM_ADAM, .lr = lr_, .beta1 = beta1_, .beta2 = beta2_, .eps = eps_, \
  .weight_decay = wd_

static const OptimCase cases[] = {
  CASE ("/core/optim/example-14/sgd", EXAMPLE_14, "x", sgd14, SGD (1e-3, 0, FALSE, 0)),
  CASE ("/core/optim/example-14/momentum", EXAMPLE_14, "x", mom14, SGD (1e-3, 0.9, FALSE, 0)),
  CASE ("/core/optim/example-14/nesterov", EXAMPLE_14, "x", nest14, SGD (1e-3, 0.9, TRUE, 0)),
  CASE ("/core/optim/example-14/sgd-weight-decay", EXAMPLE_14, "x", wd14,
        SGD (1e-3, 0, FALSE, 0.5)),
  CASE ("/core/optim/example-14/momentum-weight-decay", EXAMPLE_14, "x", momwd14,
        SGD (1e-3, 0.9, FALSE, 0.5)),
  CASE ("/core/optim/example-14/adam", EXAMPLE_14, "x", adam14, ADAM (0.05, 0.9, 0.999, 1e-8, 0)),
  CASE ("/core/optim/example-14/adam-options", EXAMPLE_14, "x", adamx14,
        ADAM (0.05, 0.8, 0.99, 1e-6, 0.1)),
  CASE ("/core/optim/example-15/sgd", EXAMPLE_15, "z", sgd15, SGD (1e-3, 0, FALSE, 0)),
  CASE ("/core/optim/example-15/momentum", EXAMPLE_15, "z", mom15, SGD (1e-4, 0.9, FALSE, 0)),
  CASE ("/core/optim/example-15/adam", EXAMPLE_15, "z", adam15, ADAM (0.01, 0.9, 0.999, 1e-8, 0)),
};

/* The trajectory, loss by loss, against the reference. */
static void
test_reference (gconstpointer data)
{
  const OptimCase *c = data;
  g_autoptr (AgGraph) g = parse (c->program);
  g_autoptr (AgOptimizer) opt = ag_optimizer_new (g, &c->config);
  AgId leaf = ag_graph_lookup (g, c->leaf);

  g_assert_cmpuint (leaf, !=, AG_NO_ID);
  g_assert_cmpuint (ag_graph_node (g, leaf)->size, ==, c->n_final);
  for (guint k = 0; k <= c->steps; k++)
    {
      assert_close (run (g), c->losses[k], REL_TOL);
      if (k < c->steps)
        ag_optimizer_step (opt);
    }
  for (guint i = 0; i < c->n_final; i++)
    assert_close (ag_graph_value (g, leaf)[i], c->final[i], REL_TOL);
}

/* Runs @steps updates of @config on @program; returns the loss at the end, and leaves the
 * leaf's values in @x (as many as it has). */
static double
descend (const char *program, const char *leaf, const AgOptimConfig *config, guint steps,
         double *x)
{
  g_autoptr (AgGraph) g = parse (program);
  g_autoptr (AgOptimizer) opt = ag_optimizer_new (g, config);
  AgId id = ag_graph_lookup (g, leaf);
  double loss = 0;

  for (guint k = 0; k <= steps; k++)
    {
      loss = run (g);
      if (k < steps)
        ag_optimizer_step (opt);
    }
  memcpy (x, ag_graph_value (g, id), ag_graph_node (g, id)->size * sizeof (double));
  return loss;
}

/* EXAMPLES.md: plain gradient descent on example 14, lr 1e-3: after one step
 * x = [2.694, −0.856, 0.018, 1.31]; the losses at steps 0…4 are 215, then falling. */
static void
test_example_14_sgd (void)
{
  const AgOptimConfig config = ag_optim_config_default (AG_OPTIM_SGD, 1e-3);
  const double expected[] = { 2.694, -0.856, 0.018, 1.31 };
  double x[4], previous = INFINITY;

  descend (EXAMPLE_14, "x", &config, 1, x);
  for (guint i = 0; i < 4; i++)
    assert_close (x[i], expected[i], 1e-12);

  for (guint k = 0; k <= 4; k++)
    {
      double loss = descend (EXAMPLE_14, "x", &config, k, x);
      if (k == 0)
        g_assert_cmpfloat (loss, ==, 215);
      g_assert_cmpfloat (loss, <, previous);
      previous = loss;
    }
}

/* EXAMPLES.md: momentum 0.9, lr 1e-3, PyTorch semantics: loss at step 10 is 11.4418238…
 * (float32 PyTorch prints 11.441824913024902; these are doubles). */
static void
test_example_14_momentum (void)
{
  const AgOptimConfig config = ag_optim_config_default (AG_OPTIM_MOMENTUM, 1e-3);
  double x[4];
  double loss = descend (EXAMPLE_14, "x", &config, 10, x);

  g_assert_cmpfloat (config.momentum, ==, 0.9);
  g_assert_cmpfloat (loss, >=, 11.4418238);
  g_assert_cmpfloat (loss, <, 11.4418239);
  g_assert_cmpfloat (fabs (loss - 11.441824913024902), <, 2e-6);   /* float32's rounding */
}

/* EXAMPLES.md, example 15 (z from [1, −1]): lr 1e-3: after one step z = [0.29, 0.126],
 * loss at step 100 ≈ 0.00208. */
static void
test_example_15_sgd (void)
{
  const AgOptimConfig config = ag_optim_config_default (AG_OPTIM_SGD, 1e-3);
  double z[2], loss;

  descend (EXAMPLE_15, "z", &config, 1, z);
  assert_close (z[0], 0.29, 1e-12);
  assert_close (z[1], 0.126, 1e-12);
  loss = descend (EXAMPLE_15, "z", &config, 100, z);
  g_assert_cmpfloat (loss, >=, 0.002075);
  g_assert_cmpfloat (loss, <, 0.002085);
}

/* Momentum 0.9, lr 1e-4: after one step z = [0.929, −0.8874]; loss at step 10 ≈ 0.98135. */
static void
test_example_15_momentum (void)
{
  const AgOptimConfig config = ag_optim_config_default (AG_OPTIM_MOMENTUM, 1e-4);
  double z[2], loss;

  descend (EXAMPLE_15, "z", &config, 1, z);
  assert_close (z[0], 0.929, 1e-12);
  assert_close (z[1], -0.8874, 1e-12);
  loss = descend (EXAMPLE_15, "z", &config, 10, z);
  g_assert_cmpfloat (loss, >=, 0.981345);
  g_assert_cmpfloat (loss, <, 0.981355);
}

/* Adam's first update, worked by hand: m = (1 − β1) g and v = (1 − β2) g², so after bias
 * correction every element moves by lr·g / (|g| + ε): about lr, whatever g's size. */
static void
test_adam_first_step (void)
{
  const AgOptimConfig config = ag_optim_config_default (AG_OPTIM_ADAM, 0.01);
  const double x0[] = { 3, -1, 0, 1 }, g0[] = { 306, -144, -18, -310 };
  double x[4];

  descend (EXAMPLE_14, "x", &config, 1, x);
  for (guint i = 0; i < 4; i++)
    assert_close (x[i], x0[i] - 0.01 * g0[i] / (fabs (g0[i]) + 1e-8), 1e-12);
}

static void
test_defaults (void)
{
  AgOptimConfig sgd = ag_optim_config_default (AG_OPTIM_SGD, 0.1);
  AgOptimConfig mom = ag_optim_config_default (AG_OPTIM_MOMENTUM, 0.2);
  AgOptimConfig adam = ag_optim_config_default (AG_OPTIM_ADAM, 0.3);

  g_assert_cmpint (sgd.kind, ==, AG_OPTIM_SGD);
  g_assert_cmpfloat (sgd.lr, ==, 0.1);
  g_assert_cmpfloat (sgd.momentum, ==, 0);
  g_assert_false (sgd.nesterov);
  g_assert_cmpfloat (sgd.weight_decay, ==, 0);

  g_assert_cmpint (mom.kind, ==, AG_OPTIM_MOMENTUM);
  g_assert_cmpfloat (mom.lr, ==, 0.2);
  g_assert_cmpfloat (mom.momentum, ==, 0.9);
  g_assert_false (mom.nesterov);
  g_assert_cmpfloat (mom.weight_decay, ==, 0);

  g_assert_cmpint (adam.kind, ==, AG_OPTIM_ADAM);
  g_assert_cmpfloat (adam.lr, ==, 0.3);
  g_assert_cmpfloat (adam.beta1, ==, 0.9);
  g_assert_cmpfloat (adam.beta2, ==, 0.999);
  g_assert_cmpfloat (adam.eps, ==, 1e-8);
  g_assert_cmpfloat (adam.weight_decay, ==, 0);
}

static void
test_kind_names (void)
{
  const char *names[] = { "sgd", "momentum", "adam" };
  AgOptimKind kind;

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_assert_true (ag_optim_kind_from_string (names[k], &kind));
      g_assert_cmpint (kind, ==, (AgOptimKind) k);
      g_assert_cmpstr (ag_optim_kind_to_string (kind), ==, names[k]);
    }
  kind = AG_OPTIM_ADAM;
  g_assert_false (ag_optim_kind_from_string ("Adam", &kind));
  g_assert_false (ag_optim_kind_from_string ("", &kind));
  g_assert_false (ag_optim_kind_from_string ("sgd ", &kind));
  g_assert_cmpint (kind, ==, AG_OPTIM_ADAM);
}

/* Parameters and inputs move; data leaves, constants and leaves the loss does not use stay
 * (PyTorch skips a parameter whose gradient is None, even with weight decay). */
static void
test_roles (void)
{
  const char *program = "param w = [1, -2]\n"
                        "data d = [0.5, 3]\n"
                        "u = 4\n"
                        "v = 7              # not used by L\n"
                        "L = sum((w * d - 1)^2) + u^2 * 0.5\n";
  const AgOptimKind kinds[] = { AG_OPTIM_SGD, AG_OPTIM_MOMENTUM, AG_OPTIM_ADAM };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr (AgGraph) g = parse (program);
      AgOptimConfig config = ag_optim_config_default (kinds[k], 0.1);
      g_autoptr (AgOptimizer) opt = NULL;
      const double *w = ag_graph_value (g, ag_graph_lookup (g, "w"));
      const double *d = ag_graph_value (g, ag_graph_lookup (g, "d"));
      const double *u = ag_graph_value (g, ag_graph_lookup (g, "u"));
      const double *v = ag_graph_value (g, ag_graph_lookup (g, "v"));

      config.weight_decay = 0.25;
      opt = ag_optimizer_new (g, &config);
      run (g);
      ag_optimizer_step (opt);
      g_assert_cmpfloat (d[0], ==, 0.5);
      g_assert_cmpfloat (d[1], ==, 3);
      g_assert_cmpfloat (v[0], ==, 7);
      /* ḡ = ∂L/∂p + wd·p: w̄_i = 2(w_i d_i − 1) d_i, ū = u. */
      {
        const double gw0 = 2 * (0.5 - 1) * 0.5 + 0.25 * 1;
        const double gw1 = 2 * (-6 - 1) * 3 + 0.25 * -2;
        const double gu = 4 + 0.25 * 4;
        if (kinds[k] == AG_OPTIM_ADAM)
          {
            /* Adam's first step: lr·g / (|g| + ε). */
            assert_close (w[0], 1 - 0.1 * gw0 / (fabs (gw0) + 1e-8), 1e-12);
            assert_close (w[1], -2 - 0.1 * gw1 / (fabs (gw1) + 1e-8), 1e-12);
            assert_close (u[0], 4 - 0.1 * gu / (fabs (gu) + 1e-8), 1e-12);
          }
        else
          {
            /* One step is plain SGD whatever μ is: the buffer starts as g. */
            assert_close (w[0], 1 - 0.1 * gw0, 1e-12);
            assert_close (w[1], -2 - 0.1 * gw1, 1e-12);
            assert_close (u[0], 4 - 0.1 * gu, 1e-12);
          }
      }
    }
}

/* A step reads the adjoints and leaves them: zeroing is the caller's, visible step. */
static void
test_keeps_adjoints (void)
{
  g_autoptr (AgGraph) g = parse (EXAMPLE_14);
  AgOptimConfig config = ag_optim_config_default (AG_OPTIM_ADAM, 0.1);
  g_autoptr (AgOptimizer) opt = ag_optimizer_new (g, &config);
  const double *grad = ag_graph_grad (g, ag_graph_lookup (g, "x"));
  const double expected[] = { 306, -144, -18, -310 };

  run (g);
  ag_optimizer_step (opt);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (grad[i], ==, expected[i]);
}

/* After a reset the optimizer behaves as a new one from the current point: momentum starts
 * again from g, Adam's moments and step count from 0. */
static void
test_reset (void)
{
  const AgOptimKind kinds[] = { AG_OPTIM_MOMENTUM, AG_OPTIM_ADAM };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const double lr = kinds[k] == AG_OPTIM_ADAM ? 0.05 : 1e-3;
      AgOptimConfig config = ag_optim_config_default (kinds[k], lr);
      g_autoptr (AgGraph) g = parse (EXAMPLE_14);
      g_autoptr (AgGraph) fresh = parse (EXAMPLE_14);
      g_autoptr (AgOptimizer) opt = ag_optimizer_new (g, &config);
      g_autoptr (AgOptimizer) fresh_opt = NULL;
      double *x = ag_graph_value (g, ag_graph_lookup (g, "x"));
      double *fx = ag_graph_value (fresh, ag_graph_lookup (fresh, "x"));

      for (guint s = 0; s < 3; s++)
        {
          run (g);
          ag_optimizer_step (opt);
        }
      ag_optimizer_reset (opt);
      memcpy (fx, x, 4 * sizeof (double));
      fresh_opt = ag_optimizer_new (fresh, &config);
      for (guint s = 0; s < 5; s++)
        {
          run (g);
          ag_optimizer_step (opt);
          run (fresh);
          ag_optimizer_step (fresh_opt);
          g_assert_cmpmem (x, 4 * sizeof (double), fx, 4 * sizeof (double));
        }
    }
}

/* A new learning rate applies from the next step and keeps the state: changing it to the same
 * value mid-run changes nothing, and a rate of 0 freezes the values while momentum builds. */
static void
test_set_lr (void)
{
  AgOptimConfig config = ag_optim_config_default (AG_OPTIM_MOMENTUM, 1e-3);
  g_autoptr (AgGraph) g = parse (EXAMPLE_14);
  g_autoptr (AgOptimizer) opt = ag_optimizer_new (g, &config);
  const double *x = ag_graph_value (g, ag_graph_lookup (g, "x"));
  double before[4];

  for (guint k = 0; k < 10; k++)
    {
      assert_close (run (g), mom14_losses[k], REL_TOL);
      ag_optimizer_set_lr (opt, 1e-3);
      ag_optimizer_step (opt);
    }
  assert_close (run (g), mom14_losses[10], REL_TOL);

  memcpy (before, x, sizeof before);
  ag_optimizer_set_lr (opt, 0);
  ag_optimizer_step (opt);
  g_assert_cmpmem (x, sizeof before, before, sizeof before);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    g_test_add_data_func (cases[k].path, &cases[k], test_reference);
  g_test_add_func ("/core/optim/example-14/sgd-first-step", test_example_14_sgd);
  g_test_add_func ("/core/optim/example-14/momentum-step-10", test_example_14_momentum);
  g_test_add_func ("/core/optim/example-15/sgd-first-step", test_example_15_sgd);
  g_test_add_func ("/core/optim/example-15/momentum-first-step", test_example_15_momentum);
  g_test_add_func ("/core/optim/adam/first-step", test_adam_first_step);
  g_test_add_func ("/core/optim/defaults", test_defaults);
  g_test_add_func ("/core/optim/kind-names", test_kind_names);
  g_test_add_func ("/core/optim/roles", test_roles);
  g_test_add_func ("/core/optim/keeps-adjoints", test_keeps_adjoints);
  g_test_add_func ("/core/optim/reset", test_reset);
  g_test_add_func ("/core/optim/set-lr", test_set_lr);
  return g_test_run ();
}
