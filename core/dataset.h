/* dataset.h: the training lab's 2-D datasets: seeded generators, a CSV loader, a train/test split.
 *
 *   g_autoptr (GError) error = NULL;
 *   g_autoptr (AgDataset) all = ag_dataset_generate (AG_DATASET_MOONS, 200, 0.1, 42, &error);
 *   g_autoptr (AgDataset) train = NULL;
 *   g_autoptr (AgDataset) test = NULL;
 *
 *   ag_dataset_split (all, 0.2, 42, &train, &test);   // 160 to train on, 40 to test with
 *   for (guint i = 0; i < train->n; i++)
 *     use (train->x[2 * i], train->x[2 * i + 1], train->y[i]);
 *
 * Conventions:
 * - Scale: inputs are of unit scale, so a small MLP trains with the default learning rates.
 *   The clean shapes lie in [-AG_DATASET_EXTENT, AG_DATASET_EXTENT]² = [-1.5, 1.5]² (TensorFlow
 *   Playground's [-6, 6]² divided by 4); blobs are Gaussian, so a rare point lies outside.
 * - Noise is the standard deviation of a Gaussian: classification sets add it to each input
 *   coordinate of the clean shape (as scikit-learn's make_moons), regression sets to the target.
 *   No Gaussian draw exceeds 8.58 standard deviations (see dataset.c), which bounds every point.
 *   With one seed, changing only the noise scales each point's displacement from its clean
 *   place, so a noise slider moves the points smoothly.
 * - Classes are balanced: with k classes, class c gets n / k samples, plus one for the first
 *   n mod k classes (so class 0 takes the remainder when k = 2). Samples come shuffled, so any
 *   prefix mixes the classes.
 * - Determinism: the same (kind, n, noise, seed) gives the same data bit for bit on every
 *   machine: dataset.c has its own generator (xoshiro256**) and its own sin, cos and log, built
 *   from IEEE operations that round the same everywhere (tests/reference/dataset.py repeats
 *   them in Python and the tests compare bits).
 */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

#define AG_DATASET_MAX_SAMPLES    100000u        /* samples in one dataset (generated or read) */
#define AG_DATASET_MAX_FILE_BYTES (8u << 20)     /* 8 MiB of CSV */
#define AG_DATASET_MAX_CLASSES    10u            /* labels 0..9 in a CSV file */
#define AG_DATASET_EXTENT         1.5            /* the clean shapes lie in [-1.5, 1.5]² */

typedef enum {
  AG_DATASET_MOONS,     /* make_moons: two interleaving half circles of radius 1, centred at
                         * (-0.5, -0.25) (class 0, upper) and (0.5, 0.25) (class 1, lower) */
  AG_DATASET_CIRCLES,   /* make_circles, factor 0.5: class 0 on the unit circle, class 1 on
                         * the circle of radius 0.5 */
  AG_DATASET_XOR,       /* uniform in [-1, 1]² but at least 0.05 from both axes (Playground's
                         * margin); class 1 where x1·x2 > 0, class 0 elsewhere */
  AG_DATASET_BLOBS,     /* two Gaussians of std 0.2: class 0 around (-0.5, -0.5), class 1 around
                         * (0.5, 0.5); noise widens them to std √(0.2² + noise²) */
  AG_DATASET_SPIRAL,    /* Playground's spiral: two arms of 1.75 turns out to radius 1.5, the
                         * second (class 1) turned by π */
  AG_DATASET_SPIRAL3,   /* CS231n's three-class spiral: arm c sweeps 4 radians from angle 4c
                         * while the radius grows from 0 to 1.5 */
  AG_DATASET_PLANE,     /* regression: x uniform in [-1, 1]², y = 0.6·x1 − 0.3·x2 + noise */
  AG_DATASET_SINE,      /* regression: x uniform in [-1, 1]², y = sin(π·x1) + noise (x2 is a
                         * feature the target does not depend on) */
  AG_N_DATASETS
} AgDatasetKind;

/* Samples of two features and one label. Plain data: read and write the fields directly. */
typedef struct {
  guint    n;           /* samples; 0 only for an empty part of a split */
  guint    n_features;  /* 2 */
  guint    n_classes;   /* 2 or more for classification; 0 for regression */
  double  *x;           /* (n, n_features), row-major: sample i is x[2i], x[2i + 1] */
  double  *y;           /* (n): the class (0, 1, 2, … as a double) or the regression target */
} AgDataset;

/* "moons", "circles", "xor", "blobs", "spiral", "spiral3", "plane", "sine". Static. */
const char *ag_dataset_kind_to_string   (AgDatasetKind kind);
/* The reverse of ag_dataset_kind_to_string(); FALSE (and @kind untouched) for other names. */
gboolean    ag_dataset_kind_from_string (const char *name, AgDatasetKind *kind);

/* Generates @n samples of @kind with Gaussian noise of std @noise, from @seed (see the
 * conventions above). Returns a dataset owned by the caller, or NULL with AG_ERROR_ARGUMENT
 * unless 1 ≤ @n ≤ AG_DATASET_MAX_SAMPLES and 0 ≤ @noise ≤ 1. */
AgDataset  *ag_dataset_generate (AgDatasetKind kind, guint n, double noise, guint64 seed,
                                 GError **error);

/* Reads a CSV file of rows "x1,x2,label":
 * - fields are separated by commas, with optional spaces or tabs around them; lines end in LF
 *   or CRLF; '#' starts a comment that runs to the end of the line; blank lines are skipped;
 * - the first row may be a header: three fields none of which is a number ("x1,x2,label");
 * - values are finite decimal numbers ("3", "-0.25", ".5", "1e-3"; not "nan", "inf" or hex);
 * - labels: if every label is an integer 0..9, the set is a classification with
 *   n_classes = max(largest label + 1, 2); if every label is -1 or 1 (as TensorFlow Playground
 *   and SVMs write them), they are classes 0 and 1; anything else is a regression target
 *   (n_classes = 0).
 * Returns a dataset owned by the caller, or NULL with @error set: AG_ERROR_IO (cannot read),
 * AG_ERROR_LIMIT (more than AG_DATASET_MAX_FILE_BYTES or AG_DATASET_MAX_SAMPLES rows),
 * AG_ERROR_FORMAT (a bad row, a NUL byte, no rows at all). Errors in a row carry its line and
 * column (ag_error_get_location(); columns count characters); their messages do not name the
 * file, so print them as ag_program_format_error() does: "FILE:LINE:COL: error: message". */
AgDataset  *ag_dataset_load_csv           (const char *path, GError **error);
/* The same from @length bytes of @data (which need not end in NUL). */
AgDataset  *ag_dataset_load_csv_from_data (const char *data, gsize length, GError **error);

/* Splits @all at random (a seeded shuffle) into *@train and *@test, both owned by the caller.
 * The test part holds round(@test_fraction · n) samples, but never all of them, so *@train is
 * empty only if @all is; *@test may be empty (n = 0). Each part keeps the samples' order in
 * @all and its n_classes. @test_fraction lies in [0, 0.9]. */
void        ag_dataset_split (const AgDataset *all, double test_fraction, guint64 seed,
                              AgDataset **train, AgDataset **test);

void        ag_dataset_free  (AgDataset *dataset);   /* NULL-safe */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgDataset, ag_dataset_free)

G_END_DECLS
