/* test-dataset.c: the generated datasets (shape, balance, geometry, bit-for-bit seeds), the
 * train/test split, and the CSV loader's numbers and located errors.
 *
 * The golden bits come from tests/reference/dataset.py, a second implementation of the
 * generators in Python: agreeing with it shows the data depend only on IEEE arithmetic. */
#define _POSIX_C_SOURCE 200809L   /* truncate */

#include "core/dataset.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

/* Some checks compare with the generators' formulas exactly, so the formulas must round as
 * dataset.c's do: no fused multiply-add. */
#if defined (__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined (__GNUC__)
#pragma GCC optimize ("fp-contract=off")
#endif

/* Box–Muller never draws past √(106 ln 2) ≈ 8.572 standard deviations. */
#define MAX_NORMAL 8.58

static const guint expected_classes[AG_N_DATASETS] = {
  [AG_DATASET_MOONS] = 2, [AG_DATASET_CIRCLES] = 2, [AG_DATASET_XOR] = 2,
  [AG_DATASET_BLOBS] = 2, [AG_DATASET_SPIRAL] = 2, [AG_DATASET_SPIRAL3] = 3,
  [AG_DATASET_PLANE] = 0, [AG_DATASET_SINE] = 0,
};

static AgDataset *
generate (AgDatasetKind kind, guint n, double noise, guint64 seed)
{
  g_autoptr (GError) error = NULL;
  AgDataset *ds = ag_dataset_generate (kind, n, noise, seed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

static gboolean
same_data (const AgDataset *a, const AgDataset *b)
{
  /* An empty part of a split has no buffers: memcmp must not see NULL. */
  return a->n == b->n && a->n_classes == b->n_classes
         && (a->n == 0 || memcmp (a->x, b->x, 2 * a->n * sizeof (double)) == 0)
         && (a->n == 0 || memcmp (a->y, b->y, a->n * sizeof (double)) == 0);
}

/* The bounds of each clean shape (dataset.h): the largest |x1|, |x2|, and |y| for regression. */
static void
clean_bounds (AgDatasetKind kind, double *bx1, double *bx2, double *by)
{
  *by = 0;
  switch (kind)
    {
    case AG_DATASET_MOONS:   *bx1 = 1.5, *bx2 = 0.75; break;
    case AG_DATASET_CIRCLES: *bx1 = *bx2 = 1; break;
    case AG_DATASET_XOR:     *bx1 = *bx2 = 1; break;
    case AG_DATASET_BLOBS:   *bx1 = *bx2 = 0.5 + 0.2 * MAX_NORMAL; break;
    case AG_DATASET_SPIRAL:  *bx1 = *bx2 = 1.5; break;
    case AG_DATASET_SPIRAL3: *bx1 = *bx2 = 1.5; break;
    case AG_DATASET_PLANE:   *bx1 = *bx2 = 1, *by = 0.9; break;
    case AG_DATASET_SINE:    *bx1 = *bx2 = 1, *by = 1; break;
    case AG_N_DATASETS:
    default:
      g_assert_not_reached ();
    }
}

static void
test_kind_names (void)
{
  static const char *const names[AG_N_DATASETS] = {
    "moons", "circles", "xor", "blobs", "spiral", "spiral3", "plane", "sine"
  };
  AgDatasetKind kind = AG_DATASET_SINE;

  for (guint k = 0; k < AG_N_DATASETS; k++)
    {
      g_assert_cmpstr (ag_dataset_kind_to_string ((AgDatasetKind) k), ==, names[k]);
      g_assert_true (ag_dataset_kind_from_string (names[k], &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_false (ag_dataset_kind_from_string ("Moons", &kind));
  g_assert_false (ag_dataset_kind_from_string ("", &kind));
  g_assert_false (ag_dataset_kind_from_string ("spiral4", &kind));
  g_assert_cmpint (kind, ==, AG_DATASET_SINE);   /* untouched */
}

/* Every kind, many sizes: the counts, the classes, balance, finiteness and the range. */
static void
test_generate_shape (void)
{
  static const guint sizes[] = { 1, 2, 3, 4, 5, 7, 200, 1001 };
  static const double noises[] = { 0, 0.3, 1 };

  for (guint k = 0; k < AG_N_DATASETS; k++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint v = 0; v < G_N_ELEMENTS (noises); v++)
        {
          guint n = sizes[s], nc = expected_classes[k];
          double noise = noises[v], bx1, bx2, by, slack = noise * MAX_NORMAL + 1e-12;
          g_autoptr (AgDataset) ds = generate ((AgDatasetKind) k, n, noise, 99);
          guint counts[3] = { 0, 0, 0 };

          g_test_message ("%s, n = %u, noise = %g", ag_dataset_kind_to_string (k), n, noise);
          g_assert_cmpuint (ds->n, ==, n);
          g_assert_cmpuint (ds->n_features, ==, 2);
          g_assert_cmpuint (ds->n_classes, ==, nc);
          clean_bounds ((AgDatasetKind) k, &bx1, &bx2, &by);
          for (guint i = 0; i < n; i++)
            {
              g_assert_true (isfinite (ds->x[2 * i]) && isfinite (ds->x[2 * i + 1]));
              g_assert_true (isfinite (ds->y[i]));
              if (nc > 0)
                {
                  g_assert_cmpfloat (ds->y[i], ==, floor (ds->y[i]));
                  g_assert_cmpfloat (ds->y[i], >=, 0);
                  g_assert_cmpfloat (ds->y[i], <, nc);
                  counts[(guint) ds->y[i]]++;
                  g_assert_cmpfloat (fabs (ds->x[2 * i]), <=, bx1 + slack);
                  g_assert_cmpfloat (fabs (ds->x[2 * i + 1]), <=, bx2 + slack);
                }
              else
                {
                  /* Regression: the inputs carry no noise, the target does. */
                  g_assert_cmpfloat (fabs (ds->x[2 * i]), <=, bx1);
                  g_assert_cmpfloat (fabs (ds->x[2 * i + 1]), <=, bx2);
                  g_assert_cmpfloat (fabs (ds->y[i]), <=, by + slack);
                }
              if (noise == 0 && k != AG_DATASET_BLOBS)
                {
                  g_assert_cmpfloat (fabs (ds->x[2 * i]), <=, AG_DATASET_EXTENT);
                  g_assert_cmpfloat (fabs (ds->x[2 * i + 1]), <=, AG_DATASET_EXTENT);
                }
            }
          /* Balanced: n / k each, the first n mod k classes one more. */
          for (guint c = 0; c < nc; c++)
            g_assert_cmpuint (counts[c], ==, n / nc + (c < n % nc ? 1 : 0));
        }
}

static void
test_generate_seed (void)
{
  for (guint k = 0; k < AG_N_DATASETS; k++)
    {
      g_autoptr (AgDataset) a = generate ((AgDatasetKind) k, 300, 0.1, 12345);
      g_autoptr (AgDataset) b = generate ((AgDatasetKind) k, 300, 0.1, 12345);
      g_autoptr (AgDataset) c = generate ((AgDatasetKind) k, 300, 0.1, 12346);
      g_autoptr (AgDataset) d = generate ((AgDatasetKind) k, 300, 0, 1);
      g_autoptr (AgDataset) e = generate ((AgDatasetKind) k, 300, 0, 2);

      g_assert_true (same_data (a, b));
      g_assert_cmpint (memcmp (a->x, c->x, 2 * 300 * sizeof (double)), !=, 0);
      /* Without noise the shapes traced by a parameter are the same points, but shuffled. */
      g_assert_cmpint (memcmp (d->x, e->x, 2 * 300 * sizeof (double)), !=, 0);
    }
}

/* python3 tests/reference/dataset.py: kind, n = 7, noise = 0.25, seed = 2024;
 * then the first three rows (x1, x2, y) as C99 hex floats. */
static const struct {
  const char *kind;
  double rows[9];
} golden_rows[] = {
  { "moons", {
      -0x1.c97210e3d88cap-1, 0x1.5017cd401261fp-1, 0x0.0p+0,
      0x1.0bda65e928ae8p-1, -0x1.2af5d0abb2616p-3, 0x0.0p+0,
      -0x1.6592d2ddf86d8p-5, -0x1.19ebf95dfe1b6p+0, 0x1.0000000000000p+0,
  } },
  { "circles", {
      -0x1.c97210e3d88ccp-1, 0x1.4b01eba8d9743p-5, 0x0.0p+0,
      0x1.05ed32f494574p+0, 0x1.aa145ea89b3d5p-4, 0x0.0p+0,
      -0x1.96592d2ddf86cp-1, 0x1.4edf243631750p-4, 0x1.0000000000000p+0,
  } },
  { "xor", {
      0x1.0b777ff55648ep-2, -0x1.953700579d202p-3, 0x0.0p+0,
      -0x1.61982889bc432p-1, 0x1.4c28cf258e55ep+0, 0x0.0p+0,
      -0x1.a9ba9edb45f97p-1, -0x1.0bce88c430d11p+0, 0x1.0000000000000p+0,
  } },
  { "blobs", {
      -0x1.052f0336a7e18p-1, -0x1.8b10c8192e9c0p-4, 0x0.0p+0,
      0x1.cbeb294948160p-2, 0x1.2f47924a75eb7p-1, 0x1.0000000000000p+0,
      -0x1.8949771179e64p-1, -0x1.7d7c1de83c9a0p-1, 0x0.0p+0,
  } },
  { "spiral", {
      -0x1.b1f2fb639eb4cp-2, 0x1.24378b888464cp-1, 0x0.0p+0,
      0x1.7b4cbd2515d04p-6, 0x1.aa145ea89b3d5p-4, 0x0.0p+0,
      -0x1.2cb25a5bbf0e0p-2, 0x1.4edf243631758p-4, 0x1.0000000000000p+0,
  } },
  { "spiral3", {
      -0x1.0755bed83db68p+0, -0x1.e14f71e9fddafp-1, 0x0.0p+0,
      0x1.7b4cbd2515d04p-6, 0x1.aa145ea89b3d5p-4, 0x0.0p+0,
      -0x1.16592d2ddf86dp-1, -0x1.67afe577f86d8p-2, 0x1.0000000000000p+1,
  } },
  { "plane", {
      -0x1.47e7841ab44fep-1, -0x1.7931d7bad2944p-1, -0x1.f72b7e84fb622p-4,
      -0x1.87305ee35b7a2p-1, 0x1.1e4af8c24a45ep-1, -0x1.0b575e20d35cfp-1,
      0x1.a3814f8545856p-1, -0x1.50c855ad57e40p-5, 0x1.38b260bce9630p-3,
  } },
  { "sine", {
      -0x1.47e7841ab44fep-1, -0x1.7931d7bad2944p-1, -0x1.ba486e5feec67p-1,
      -0x1.87305ee35b7a2p-1, 0x1.1e4af8c24a45ep-1, -0x1.24763ff1c2b07p-1,
      0x1.a3814f8545856p-1, -0x1.50c855ad57e40p-5, 0x1.7d8cc5cf99b54p-3,
  } },
};

/* n = 1000, noise = 0.1, seed = 7: FNV-1a over the bits of x1, x2, y, row by row. */
static const struct {
  const char *kind;
  guint64 hash;
} golden_hashes[] = {
  { "moons", G_GUINT64_CONSTANT (0x996a554f789d7a91) },
  { "circles", G_GUINT64_CONSTANT (0xc33b2c967a6ac6d9) },
  { "xor", G_GUINT64_CONSTANT (0x47378a942ec6004f) },
  { "blobs", G_GUINT64_CONSTANT (0xca09c015ed4604e0) },
  { "spiral", G_GUINT64_CONSTANT (0x2408b0a3f3eeaa9a) },
  { "spiral3", G_GUINT64_CONSTANT (0x1b47365e990fc136) },
  { "plane", G_GUINT64_CONSTANT (0xc506053507c7471c) },
  { "sine", G_GUINT64_CONSTANT (0x99c0a451d1f76215) },
};

static guint64
fnv1a_bits (guint64 h, double v)
{
  guint64 bits;

  memcpy (&bits, &v, sizeof bits);
  return (h ^ bits) * G_GUINT64_CONSTANT (0x100000001b3);
}

/* The same seed gives the same bits as an independent implementation (see the top). */
static void
test_generate_golden (void)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (golden_rows) == AG_N_DATASETS);
  G_STATIC_ASSERT (G_N_ELEMENTS (golden_hashes) == AG_N_DATASETS);

  for (guint k = 0; k < AG_N_DATASETS; k++)
    {
      AgDatasetKind kind;
      g_autoptr (AgDataset) small = NULL;
      g_autoptr (AgDataset) big = NULL;
      guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

      g_assert_true (ag_dataset_kind_from_string (golden_rows[k].kind, &kind));
      small = generate (kind, 7, 0.25, 2024);
      for (guint i = 0; i < 3; i++)
        {
          g_assert_cmpfloat (small->x[2 * i], ==, golden_rows[k].rows[3 * i]);
          g_assert_cmpfloat (small->x[2 * i + 1], ==, golden_rows[k].rows[3 * i + 1]);
          g_assert_cmpfloat (small->y[i], ==, golden_rows[k].rows[3 * i + 2]);
        }

      g_assert_true (ag_dataset_kind_from_string (golden_hashes[k].kind, &kind));
      big = generate (kind, 1000, 0.1, 7);
      for (guint i = 0; i < big->n; i++)
        {
          h = fnv1a_bits (h, big->x[2 * i]);
          h = fnv1a_bits (h, big->x[2 * i + 1]);
          h = fnv1a_bits (h, big->y[i]);
        }
      {
        g_autofree char *got = g_strdup_printf ("%s %016" G_GINT64_MODIFIER "x",
                                                golden_hashes[k].kind, h);
        g_autofree char *want = g_strdup_printf ("%s %016" G_GINT64_MODIFIER "x",
                                                 golden_hashes[k].kind, golden_hashes[k].hash);
        g_assert_cmpstr (got, ==, want);
      }
    }
}

/* With one seed, the noise only scales each point's displacement from its clean place. */
static void
test_generate_noise_scales (void)
{
  for (guint k = 0; k < AG_N_DATASETS; k++)
    {
      g_autoptr (AgDataset) clean = generate ((AgDatasetKind) k, 100, 0, 5);
      g_autoptr (AgDataset) a = generate ((AgDatasetKind) k, 100, 0.1, 5);
      g_autoptr (AgDataset) b = generate ((AgDatasetKind) k, 100, 0.2, 5);
      gboolean regression = expected_classes[k] == 0;

      for (guint i = 0; i < 100; i++)
        {
          if (regression)
            {
              g_assert_cmpfloat (a->x[2 * i], ==, clean->x[2 * i]);
              g_assert_cmpfloat_with_epsilon (b->y[i] - clean->y[i],
                                              2 * (a->y[i] - clean->y[i]), 1e-12);
              continue;
            }
          g_assert_cmpfloat (a->y[i], ==, clean->y[i]);
          g_assert_cmpfloat (b->y[i], ==, clean->y[i]);
          for (guint j = 2 * i; j < 2 * i + 2; j++)
            g_assert_cmpfloat_with_epsilon (b->x[j] - clean->x[j], 2 * (a->x[j] - clean->x[j]),
                                            1e-12);
        }
    }
}

static void
test_generate_bad_arguments (void)
{
  static const struct {
    guint n;
    double noise;
    const char *message;
  } cases[] = {
    { 0, 0.1, "the number of samples must be between 1 and 100000, not 0" },
    { 100001, 0.1, "the number of samples must be between 1 and 100000, not 100001" },
    { 10, -0.01, "the noise must be between 0 and 1, not -0.01" },
    { 10, 1.5, "the noise must be between 0 and 1, not 1.5" },
    { 10, NAN, "the noise must be between 0 and 1, not nan" },
    { 10, INFINITY, "the noise must be between 0 and 1, not inf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AgDataset) ds = ag_dataset_generate (AG_DATASET_MOONS, cases[i].n,
                                                      cases[i].noise, 1, &error);

      g_assert_null (ds);
      g_assert_error (error, AG_ERROR, AG_ERROR_ARGUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  {
    g_autoptr (AgDataset) ds = generate (AG_DATASET_MOONS, AG_DATASET_MAX_SAMPLES, 1, 1);
    g_assert_cmpuint (ds->n, ==, 100000);
  }
}

/* Without noise, make_moons' points lie on two unit half circles, ends included. */
static void
test_moons_geometry (void)
{
  g_autoptr (AgDataset) ds = generate (AG_DATASET_MOONS, 101, 0, 3);
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE;

  for (guint i = 0; i < ds->n; i++)
    {
      double x = ds->x[2 * i], y = ds->x[2 * i + 1];
      /* class 0: centre (-0.5, -0.25), upper half; class 1: centre (0.5, 0.25), lower half */
      double cx = ds->y[i] == 0 ? -0.5 : 0.5, cy = ds->y[i] == 0 ? -0.25 : 0.25;
      double side = ds->y[i] == 0 ? y - cy : cy - y;

      g_assert_cmpfloat_with_epsilon ((x - cx) * (x - cx) + (y - cy) * (y - cy), 1, 1e-12);
      g_assert_cmpfloat (side, >=, -1e-15);
      min_x = MIN (min_x, x);
      max_x = MAX (max_x, x);
    }
  g_assert_cmpfloat_with_epsilon (min_x, -1.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (max_x, 1.5, 1e-15);
}

static void
test_circles_geometry (void)
{
  g_autoptr (AgDataset) ds = generate (AG_DATASET_CIRCLES, 99, 0, 3);

  for (guint i = 0; i < ds->n; i++)
    {
      double r = ds->y[i] == 0 ? 1 : 0.5;

      g_assert_cmpfloat_with_epsilon (hypot (ds->x[2 * i], ds->x[2 * i + 1]), r, 1e-15);
    }
}

/* Class 1 where x1·x2 > 0, and every point at least the margin from both axes. */
static void
test_xor_labels (void)
{
  g_autoptr (AgDataset) ds = generate (AG_DATASET_XOR, 1000, 0, 8);
  guint quadrants[4] = { 0, 0, 0, 0 };

  for (guint i = 0; i < ds->n; i++)
    {
      double x1 = ds->x[2 * i], x2 = ds->x[2 * i + 1];

      g_assert_cmpfloat (ds->y[i], ==, x1 * x2 > 0 ? 1 : 0);
      g_assert_cmpfloat (fabs (x1), >=, 0.05);
      g_assert_cmpfloat (fabs (x2), >=, 0.05);
      g_assert_cmpfloat (fabs (x1), <=, 1);
      g_assert_cmpfloat (fabs (x2), <=, 1);
      quadrants[(x1 > 0) * 2 + (x2 > 0)]++;
    }
  /* Each class splits evenly between its two quadrants: 250 ± 5 standard deviations. */
  for (guint q = 0; q < 4; q++)
    g_assert_cmpuint (quadrants[q], >, 250 - 5 * 16);
}

/* Playground's spiral: the second arm is the first turned by π. */
static void
test_spiral_geometry (void)
{
  g_autoptr (AgDataset) ds = generate (AG_DATASET_SPIRAL, 100, 0, 4);

  for (guint i = 0; i < ds->n; i++)
    {
      gboolean found = FALSE;

      if (ds->y[i] != 0)
        continue;
      for (guint j = 0; j < ds->n && !found; j++)
        found = ds->y[j] == 1 && fabs (ds->x[2 * j] + ds->x[2 * i]) < 1e-12
                && fabs (ds->x[2 * j + 1] + ds->x[2 * i + 1]) < 1e-12;
      g_assert_true (found);
    }
}

/* CS231n's spiral: arm c ends at radius 1.5 and angle 4c + 4, as (r sin t, r cos t). */
static void
test_spiral3_geometry (void)
{
  g_autoptr (AgDataset) ds = generate (AG_DATASET_SPIRAL3, 300, 0, 4);

  for (guint c = 0; c < 3; c++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < ds->n; i++)
        {
          double r = hypot (ds->x[2 * i], ds->x[2 * i + 1]);

          g_assert_cmpfloat (r, <=, 1.5 + 1e-15);
          if (ds->y[i] == c && fabs (r - 1.5) < 1e-12)
            {
              g_assert_cmpfloat_with_epsilon (ds->x[2 * i], 1.5 * sin (4.0 * c + 4), 1e-12);
              g_assert_cmpfloat_with_epsilon (ds->x[2 * i + 1], 1.5 * cos (4.0 * c + 4), 1e-12);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
}

/* Without noise the targets are the formulas; with it, the residuals are N(0, noise²). */
static void
test_regression (void)
{
  g_autoptr (AgDataset) plane = generate (AG_DATASET_PLANE, 1000, 0, 6);
  g_autoptr (AgDataset) sine = generate (AG_DATASET_SINE, AG_DATASET_MAX_SAMPLES, 0, 6);
  g_autoptr (AgDataset) noisy = generate (AG_DATASET_PLANE, AG_DATASET_MAX_SAMPLES, 0.5, 6);
  double sum = 0, sum2 = 0, sum_x = 0, sum_x2 = 0;
  guint within = 0, n = noisy->n;

  for (guint i = 0; i < plane->n; i++)
    g_assert_cmpfloat (plane->y[i], ==, 0.6 * plane->x[2 * i] - 0.3 * plane->x[2 * i + 1]);
  /* dataset.c's own sine agrees with libm's to the last bit or so. */
  for (guint i = 0; i < sine->n; i++)
    g_assert_cmpfloat_with_epsilon (sine->y[i], sin (G_PI * sine->x[2 * i]), 4e-16);

  for (guint i = 0; i < n; i++)
    {
      double r = noisy->y[i] - (0.6 * noisy->x[2 * i] - 0.3 * noisy->x[2 * i + 1]);

      sum += r;
      sum2 += r * r;
      within += fabs (r) <= 0.5;
      sum_x += noisy->x[2 * i];
      sum_x2 += noisy->x[2 * i] * noisy->x[2 * i];
    }
  /* Tolerances are about 6 standard errors of each estimate over 100000 samples. */
  g_assert_cmpfloat_with_epsilon (sum / n, 0, 0.01);
  g_assert_cmpfloat_with_epsilon (sqrt (sum2 / n), 0.5, 0.01);
  g_assert_cmpfloat_with_epsilon ((double) within / n, 0.682689, 0.01);
  g_assert_cmpfloat_with_epsilon (sum_x / n, 0, 0.01);
  g_assert_cmpfloat_with_epsilon (sum_x2 / n, 1.0 / 3, 0.01);
}

/* ---- split ----------------------------------------------------------------------------- */

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const double *ra = a, *rb = b;

  for (guint i = 0; i < 3; i++)
    if (ra[i] != rb[i])
      return ra[i] < rb[i] ? -1 : 1;
  return 0;
}

/* Rows (x1, x2, y) of @ds appended to @rows. */
static void
append_rows (GArray *rows, const AgDataset *ds)
{
  for (guint i = 0; i < ds->n; i++)
    {
      double r[3] = { ds->x[2 * i], ds->x[2 * i + 1], ds->y[i] };
      g_array_append_vals (rows, r, 3);
    }
}

/* Is @part a subsequence of @all (its samples in @all's order)? */
static gboolean
in_order (const AgDataset *part, const AgDataset *all)
{
  guint j = 0;

  for (guint i = 0; i < all->n && j < part->n; i++)
    if (all->x[2 * i] == part->x[2 * j] && all->x[2 * i + 1] == part->x[2 * j + 1]
        && all->y[i] == part->y[j])
      j++;
  return j == part->n;
}

static void
test_split (void)
{
  static const guint sizes[] = { 1, 2, 10, 201 };
  static const double fractions[] = { 0, 0.2, 0.5, 0.9 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint f = 0; f < G_N_ELEMENTS (fractions); f++)
      {
        g_autoptr (AgDataset) all = generate (AG_DATASET_SPIRAL3, sizes[s], 0.2, 10);
        g_autoptr (AgDataset) train = NULL;
        g_autoptr (AgDataset) test = NULL;
        g_autoptr (AgDataset) train2 = NULL;
        g_autoptr (AgDataset) test2 = NULL;
        g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr (GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
        guint n = sizes[s], n_test = (guint) floor (fractions[f] * n + 0.5);

        if (n_test == n)
          n_test = n - 1;
        ag_dataset_split (all, fractions[f], 77, &train, &test);
        g_assert_cmpuint (test->n, ==, n_test);
        g_assert_cmpuint (train->n + test->n, ==, n);
        g_assert_cmpuint (train->n, >=, 1);
        g_assert_cmpuint (train->n_classes, ==, 3);
        g_assert_cmpuint (test->n_classes, ==, 3);
        g_assert_cmpuint (train->n_features, ==, 2);
        g_assert_true (in_order (train, all));
        g_assert_true (in_order (test, all));

        /* No sample lost or duplicated: the rows of both parts are those of the whole. */
        append_rows (a, all);
        append_rows (b, train);
        append_rows (b, test);
        g_assert_cmpuint (a->len, ==, b->len);
        qsort (a->data, n, 3 * sizeof (double), compare_rows);
        qsort (b->data, n, 3 * sizeof (double), compare_rows);
        g_assert_cmpmem (a->data, a->len * sizeof (double), b->data, b->len * sizeof (double));

        ag_dataset_split (all, fractions[f], 77, &train2, &test2);
        g_assert_true (same_data (train, train2));
        g_assert_true (same_data (test, test2));
      }
}

static void
test_split_seed (void)
{
  g_autoptr (AgDataset) all = generate (AG_DATASET_MOONS, 500, 0.1, 1);
  g_autoptr (AgDataset) train = NULL;
  g_autoptr (AgDataset) test = NULL;
  g_autoptr (AgDataset) train2 = NULL;
  g_autoptr (AgDataset) test2 = NULL;

  ag_dataset_split (all, 0.3, 1, &train, &test);
  ag_dataset_split (all, 0.3, 2, &train2, &test2);
  g_assert_cmpuint (test->n, ==, 150);
  g_assert_false (same_data (test, test2));
}

/* ---- CSV ------------------------------------------------------------------------------- */

static AgDataset *
load (const char *text)
{
  g_autoptr (GError) error = NULL;
  AgDataset *ds = ag_dataset_load_csv_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

/* A byte-order mark, CRLF, a header, comments, blank lines, spaces, no final newline. */
static void
test_csv_good (void)
{
  static const double x[] = { 0.1, -2.5e-3, 3, 0.5, 7, 100, -0.0, 1e-300 };
  static const double y[] = { 1, 0, 1, 0 };
  g_autoptr (AgDataset) ds = load ("\xef\xbb\xbf# my data: é\r\n"
                                   "x1, x2, label\r\n"
                                   "\r\n"
                                   "   # indented comment\n"
                                   "0.1,-2.5e-3,1   # first\r\n"
                                   "  +3 ,\t.5, 0\r\n"
                                   "7.,1E2,1\n"
                                   "-0, 1e-300, 0");

  g_assert_cmpuint (ds->n, ==, 4);
  g_assert_cmpuint (ds->n_features, ==, 2);
  g_assert_cmpuint (ds->n_classes, ==, 2);
  g_assert_cmpmem (ds->x, 8 * sizeof (double), x, sizeof x);
  g_assert_cmpmem (ds->y, 4 * sizeof (double), y, sizeof y);
}

static void
test_csv_no_header (void)
{
  g_autoptr (AgDataset) ds = load ("1,2,0\n3,4,1\n");

  g_assert_cmpuint (ds->n, ==, 2);
  g_assert_cmpfloat (ds->x[2], ==, 3);
}

/* Labels: classes 0..9, or -1/1; anything else is a regression target. */
static void
test_csv_labels (void)
{
  static const struct {
    const char *text;
    guint n_classes;
    double y[3];
  } cases[] = {
    { "0,0,0\n0,0,2\n0,0,1\n", 3, { 0, 2, 1 } },
    { "0,0,1\n0,0,1.0\n0,0,1e0\n", 2, { 1, 1, 1 } },
    { "0,0,0\n", 2, { 0 } },
    { "0,0,-0\n", 2, { 0 } },                      /* -0 becomes +0 */
    { "0,0,9\n", 10, { 9 } },
    { "0,0,10\n", 0, { 10 } },
    { "0,0,0.5\n0,0,1\n", 0, { 0.5, 1 } },
    { "0,0,-1\n0,0,1\n0,0,-1\n", 2, { 0, 1, 0 } },  /* Playground's ±1 */
    { "0,0,-1\n0,0,0\n0,0,1\n", 0, { -1, 0, 1 } },
    { "0,0,-2.5\n", 0, { -2.5 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AgDataset) ds = load (cases[i].text);

      g_assert_cmpuint (ds->n_classes, ==, cases[i].n_classes);
      g_assert_cmpmem (ds->y, ds->n * sizeof (double), cases[i].y, ds->n * sizeof (double));
    }
}

static void
check_error (const char *text, gsize length, int code, guint line, guint col, guint len,
             const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgDataset) ds = ag_dataset_load_csv_from_data (text, length, &error);
  g_autofree char *shown = g_strndup (text, MIN (length, 60));
  g_autofree char *escaped = g_strescape (shown, NULL);
  guint l = 0, c = 0, n = 0;

  g_test_message ("%s", escaped);
  g_assert_null (ds);
  g_assert_error (error, AG_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  if (line == 0)
    g_assert_false (ag_error_get_location (error, NULL, NULL, NULL));
  else
    {
      g_assert_true (ag_error_get_location (error, &l, &c, &n));
      g_assert_cmpuint (l, ==, line);
      g_assert_cmpuint (c, ==, col);
      g_assert_cmpuint (n, ==, len);
    }
}

#define CASE(text) text, sizeof (text) - 1

static void
test_csv_errors (void)
{
  static const struct {
    const char *text;
    gsize length;
    int code;
    guint line, col, len;
    const char *message;
  } cases[] = {
    { CASE ("1,2\n"), AG_ERROR_FORMAT, 1, 4, 1,
      "expected 3 comma-separated columns (x1,x2,label), found 2" },
    { CASE ("x1,x2,label\n1,abc,0\n"), AG_ERROR_FORMAT, 2, 3, 3,
      "expected a number in column 2 (x2), found 'abc'" },
    { CASE ("nan,1,0\n"), AG_ERROR_FORMAT, 1, 1, 3,
      "column 1 (x1) is 'nan', but every value must be a finite number" },
    { CASE ("1,2,0\n1,-Infinity,0\n"), AG_ERROR_FORMAT, 2, 3, 9,
      "column 2 (x2) is '-Infinity', but every value must be a finite number" },
    { CASE ("1,2,1e999\n"), AG_ERROR_FORMAT, 1, 5, 5,
      "column 3 (label) is '1e999', but every value must be a finite number" },
    { CASE (""), AG_ERROR_FORMAT, 0, 0, 0,
      "the file is empty; expected rows of x1,x2,label" },
    { CASE ("# only a comment\n\nx1,x2,label\n"), AG_ERROR_FORMAT, 0, 0, 0,
      "the file holds no data rows; expected rows of x1,x2,label" },
    { CASE ("1,2,0\n1,2,3,4\n"), AG_ERROR_FORMAT, 2, 7, 1,
      "expected 3 comma-separated columns (x1,x2,label), found 4" },
    { CASE ("1,2,0,\n"), AG_ERROR_FORMAT, 1, 7, 1,
      "expected 3 comma-separated columns (x1,x2,label), found 4" },
    { CASE ("1;2;0\n"), AG_ERROR_FORMAT, 1, 6, 1,
      "expected 3 comma-separated columns (x1,x2,label), found 1" },
    { CASE ("x1,x2\n1,2,0\n"), AG_ERROR_FORMAT, 1, 6, 1,
      "expected 3 comma-separated columns (x1,x2,label), found 2" },
    { CASE ("1,,0\n"), AG_ERROR_FORMAT, 1, 3, 1,
      "expected a number in column 2 (x2), found nothing" },
    { CASE ("1,2,0\n1,\0,0\n"), AG_ERROR_FORMAT, 2, 3, 1,
      "a NUL byte: a CSV file is text" },
    { CASE ("1,2,0\r\n  3 , 4 ,x\r\n"), AG_ERROR_FORMAT, 2, 10, 1,
      "expected a number in column 3 (label), found 'x'" },
    { CASE ("\xef\xbb\xbf" "1,x,0\n"), AG_ERROR_FORMAT, 1, 3, 1,   /* the mark is no column */
      "expected a number in column 2 (x2), found 'x'" },
    { CASE ("1,2,0\n\xcf\x80,2,0\n"), AG_ERROR_FORMAT, 2, 1, 1,
      "expected a number in column 1 (x1), found 'π'" },
    { CASE ("1,\xff,0\n"), AG_ERROR_FORMAT, 1, 3, 1,
      "expected a number in column 2 (x2), found '\xef\xbf\xbd'" },
    { CASE ("0x10,1,0\n"), AG_ERROR_FORMAT, 1, 1, 4,
      "expected a number in column 1 (x1), found '0x10'" },
    { CASE ("1,2,1e\n"), AG_ERROR_FORMAT, 1, 5, 2,
      "expected a number in column 3 (label), found '1e'" },
    { CASE ("1,2,0\n1,abcdefghijklmnopqrstuvwxyz0123,0\n"), AG_ERROR_FORMAT, 2, 3, 30,
      "expected a number in column 2 (x2), found 'abcdefghijklmnopqrstuvwx…'" },
    { CASE ("1,2,0\nx1,x2,label\n"), AG_ERROR_FORMAT, 2, 1, 2,   /* a header only comes first */
      "expected a number in column 1 (x1), found 'x1'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_error (cases[i].text, cases[i].length, cases[i].code, cases[i].line, cases[i].col,
                 cases[i].len, cases[i].message);
}

/* At most AG_DATASET_MAX_SAMPLES rows, and AG_DATASET_MAX_FILE_BYTES bytes. */
static void
test_csv_limits (void)
{
  g_autoptr (GString) text = g_string_new ("x1,x2,label\n");
  g_autoptr (AgDataset) ds = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *big = NULL;
  gsize big_len = AG_DATASET_MAX_FILE_BYTES + 1;

  for (guint i = 0; i < AG_DATASET_MAX_SAMPLES; i++)
    g_string_append (text, "0,1,0\n");
  ds = ag_dataset_load_csv_from_data (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n, ==, AG_DATASET_MAX_SAMPLES);

  g_string_append (text, "0,1,1\n");
  check_error (text->str, text->len, AG_ERROR_LIMIT, AG_DATASET_MAX_SAMPLES + 2, 1, 5,
               "too many rows: a dataset holds at most 100000 samples");

  big = g_malloc (big_len);
  memset (big, '\n', big_len);
  check_error (big, big_len, AG_ERROR_LIMIT, 0, 0, 0,
               "the file is 8388609 bytes long; a dataset holds at most 8388608 (8 MiB)");
}

static void
test_csv_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-dataset-XXXXXX", &error);
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (AgDataset) ds = NULL;
  guint line = 0, col = 0;

  g_assert_no_error (error);
  good = g_build_filename (dir, "good.csv", NULL);
  bad = g_build_filename (dir, "bad.csv", NULL);
  huge = g_build_filename (dir, "huge.csv", NULL);
  missing = g_build_filename (dir, "missing.csv", NULL);

  g_assert_true (g_file_set_contents (good, "x1,x2,y\n0.25,-1,0.5\n", -1, &error));
  ds = ag_dataset_load_csv (good, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n, ==, 1);
  g_assert_cmpuint (ds->n_classes, ==, 0);
  g_assert_cmpfloat (ds->x[0], ==, 0.25);
  g_assert_cmpfloat (ds->x[1], ==, -1);
  g_assert_cmpfloat (ds->y[0], ==, 0.5);
  g_clear_pointer (&ds, ag_dataset_free);

  g_assert_true (g_file_set_contents (bad, "1,2,0\n3,4\n", -1, &error));
  ds = ag_dataset_load_csv (bad, &error);
  g_assert_null (ds);
  g_assert_error (error, AG_ERROR, AG_ERROR_FORMAT);
  g_assert_true (ag_error_get_location (error, &line, &col, NULL));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (col, ==, 4);
  g_clear_error (&error);

  ds = ag_dataset_load_csv (missing, &error);
  g_assert_null (ds);
  g_assert_error (error, AG_ERROR, AG_ERROR_IO);
  expected = g_strdup_printf ("could not open %s: %s", missing, g_strerror (ENOENT));
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  ds = ag_dataset_load_csv (dir, &error);
  g_assert_null (ds);
  g_assert_error (error, AG_ERROR, AG_ERROR_IO);
  expected = g_strdup_printf ("could not open %s: it is a folder, not a file", dir);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  /* Refused before it is read (a sparse file: no 9 MiB written). */
  g_assert_true (g_file_set_contents (huge, "", 0, &error));
  g_assert_cmpint (truncate (huge, 9 << 20), ==, 0);
  ds = ag_dataset_load_csv (huge, &error);
  g_assert_null (ds);
  g_assert_error (error, AG_ERROR, AG_ERROR_LIMIT);
  expected = g_strdup_printf ("%s is 9437184 bytes long; a dataset holds at most 8388608 "
                              "(8 MiB)", huge);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (good), ==, 0);
  g_assert_cmpint (g_remove (bad), ==, 0);
  g_assert_cmpint (g_remove (huge), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/dataset/kind-names", test_kind_names);
  g_test_add_func ("/core/dataset/generate/shape", test_generate_shape);
  g_test_add_func ("/core/dataset/generate/seed", test_generate_seed);
  g_test_add_func ("/core/dataset/generate/golden", test_generate_golden);
  g_test_add_func ("/core/dataset/generate/noise-scales", test_generate_noise_scales);
  g_test_add_func ("/core/dataset/generate/bad-arguments", test_generate_bad_arguments);
  g_test_add_func ("/core/dataset/moons/geometry", test_moons_geometry);
  g_test_add_func ("/core/dataset/circles/geometry", test_circles_geometry);
  g_test_add_func ("/core/dataset/xor/labels", test_xor_labels);
  g_test_add_func ("/core/dataset/spiral/geometry", test_spiral_geometry);
  g_test_add_func ("/core/dataset/spiral3/geometry", test_spiral3_geometry);
  g_test_add_func ("/core/dataset/regression", test_regression);
  g_test_add_func ("/core/dataset/split", test_split);
  g_test_add_func ("/core/dataset/split/seed", test_split_seed);
  g_test_add_func ("/core/dataset/csv/good", test_csv_good);
  g_test_add_func ("/core/dataset/csv/no-header", test_csv_no_header);
  g_test_add_func ("/core/dataset/csv/labels", test_csv_labels);
  g_test_add_func ("/core/dataset/csv/errors", test_csv_errors);
  g_test_add_func ("/core/dataset/csv/limits", test_csv_limits);
  g_test_add_func ("/core/dataset/csv/file", test_csv_file);
  return g_test_run ();
}
