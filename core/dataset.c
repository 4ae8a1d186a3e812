/* dataset.c: seeded 2-D datasets (moons, circles, XOR, blobs, spirals, plane, sine) and CSV. */
#include "core/dataset.h"
#include "core/file.h"
#include "core/random.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* Bit-for-bit reproducible data needs every operation to round the same on every machine
 * (random.c makes the random numbers and sin and cos so); a fused multiply-add would round once
 * where the code says twice, so the compiler is told not to fuse. */
#if defined (__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined (__GNUC__)
#pragma GCC optimize ("fp-contract=off")
#endif

#define SALT_GENERATE G_GUINT64_CONSTANT (0x6164a01e67656e00)
#define SALT_SPLIT    G_GUINT64_CONSTANT (0x6164a01e73706c00)

/* ---- datasets -------------------------------------------------------------------------- */

static const struct {
  const char *name;
  guint n_classes;
} kinds[AG_N_DATASETS] = {
  [AG_DATASET_MOONS]   = { "moons", 2 },
  [AG_DATASET_CIRCLES] = { "circles", 2 },
  [AG_DATASET_XOR]     = { "xor", 2 },
  [AG_DATASET_BLOBS]   = { "blobs", 2 },
  [AG_DATASET_SPIRAL]  = { "spiral", 2 },
  [AG_DATASET_SPIRAL3] = { "spiral3", 3 },
  [AG_DATASET_PLANE]   = { "plane", 0 },
  [AG_DATASET_SINE]    = { "sine", 0 },
};

#define XOR_MARGIN 0.05   /* Playground's 0.3 on its [-6, 6] scale, rounded */
#define BLOB_STD   0.2

const char *
ag_dataset_kind_to_string (AgDatasetKind kind)
{
  g_return_val_if_fail (kind < AG_N_DATASETS, NULL);
  return kinds[kind].name;
}

gboolean
ag_dataset_kind_from_string (const char *name, AgDatasetKind *kind)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint k = 0; k < AG_N_DATASETS; k++)
    if (strcmp (name, kinds[k].name) == 0)
      {
        if (kind)
          *kind = (AgDatasetKind) k;
        return TRUE;
      }
  return FALSE;
}

static AgDataset *
dataset_new (guint n, guint n_classes)
{
  AgDataset *ds = g_new0 (AgDataset, 1);

  ds->n = n;
  ds->n_features = 2;
  ds->n_classes = n_classes;
  ds->x = g_new (double, 2 * (gsize) n);
  ds->y = g_new (double, n);
  return ds;
}

void
ag_dataset_free (AgDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_free (dataset->x);
  g_free (dataset->y);
  g_free (dataset);
}

/* Point @i of the @n_c points of class @c of @kind, before noise. Shapes traced by a parameter
 * space it evenly (numpy's linspace, as the originals do); the rest draw from @rng. */
static void
clean_point (AgDatasetKind kind, guint c, guint i, guint n_c, AgRng *rng, double p[2])
{
  double f, t, r, s, co, a, b, sign;

  switch (kind)
    {
    case AG_DATASET_MOONS:
      /* make_moons: outer (cos t, sin t), inner (1 − cos t, 0.5 − sin t), t in [0, π];
       * moved by (−0.5, −0.25) to centre the pair on the origin. */
      t = n_c > 1 ? G_PI * i / (n_c - 1) : 0;
      ag_det_sincos (t, &s, &co);
      p[0] = c == 0 ? co - 0.5 : 0.5 - co;
      p[1] = c == 0 ? s - 0.25 : 0.25 - s;
      break;
    case AG_DATASET_CIRCLES:
      /* make_circles: t in [0, 2π) without the end point; the inner circle scaled by 0.5. */
      t = 2 * G_PI * i / n_c;
      ag_det_sincos (t, &s, &co);
      r = c == 0 ? 1 : 0.5;
      p[0] = r * co;
      p[1] = r * s;
      break;
    case AG_DATASET_XOR:
      /* Uniform in the class's two quadrants, kept XOR_MARGIN away from the axes. */
      sign = (ag_rng_next (rng) >> 63) ? 1 : -1;
      a = XOR_MARGIN + (1 - XOR_MARGIN) * ag_rng_uniform (rng);
      b = XOR_MARGIN + (1 - XOR_MARGIN) * ag_rng_uniform (rng);
      p[0] = sign * a;
      p[1] = (c == 1 ? sign : -sign) * b;
      break;
    case AG_DATASET_BLOBS:
      a = c == 0 ? -0.5 : 0.5;
      p[0] = a + BLOB_STD * ag_rng_normal (rng);
      p[1] = a + BLOB_STD * ag_rng_normal (rng);
      break;
    case AG_DATASET_SPIRAL:
      /* Playground: r = 5 i/n, t = 1.75 · 2π i/n + Δ, (r sin t, r cos t); r scaled to 1.5. */
      f = (double) i / n_c;
      r = 1.5 * f;
      t = 3.5 * G_PI * f + c * G_PI;
      ag_det_sincos (t, &s, &co);
      p[0] = r * s;
      p[1] = r * co;
      break;
    case AG_DATASET_SPIRAL3:
      /* CS231n: r = linspace(0, 1), t = linspace(4c, 4c + 4), (r sin t, r cos t). */
      f = n_c > 1 ? (double) i / (n_c - 1) : 0;
      r = 1.5 * f;
      t = 4.0 * c + 4 * f;
      ag_det_sincos (t, &s, &co);
      p[0] = r * s;
      p[1] = r * co;
      break;
    case AG_DATASET_PLANE:
    case AG_DATASET_SINE:
    case AG_N_DATASETS:
    default:
      g_assert_not_reached ();
    }
}

/* Fisher–Yates on the rows of @ds. */
static void
shuffle_rows (AgDataset *ds, AgRng *rng)
{
  for (guint i = ds->n; i > 1; i--)
    {
      guint j = (guint) ag_rng_below (rng, i);
      guint k = i - 1;
      double t;

      t = ds->x[2 * k], ds->x[2 * k] = ds->x[2 * j], ds->x[2 * j] = t;
      t = ds->x[2 * k + 1], ds->x[2 * k + 1] = ds->x[2 * j + 1], ds->x[2 * j + 1] = t;
      t = ds->y[k], ds->y[k] = ds->y[j], ds->y[j] = t;
    }
}

AgDataset *
ag_dataset_generate (AgDatasetKind kind, guint n, double noise, guint64 seed, GError **error)
{
  g_autoptr (AgDataset) ds = NULL;
  AgRng rng;
  guint k, row = 0;

  g_return_val_if_fail (kind < AG_N_DATASETS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n < 1 || n > AG_DATASET_MAX_SAMPLES)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT,
                   "the number of samples must be between 1 and %u, not %u",
                   AG_DATASET_MAX_SAMPLES, n);
      return NULL;
    }
  if (!(noise >= 0 && noise <= 1))
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT,
                   "the noise must be between 0 and 1, not %g", noise);
      return NULL;
    }

  /* Draws come in a fixed order: each sample's own draws, then its noise (always drawn, even
   * when @noise is 0), then the shuffle. So with one seed, changing the noise only scales each
   * point's displacement, and a noise slider moves the points smoothly. */
  ag_rng_init (&rng, seed, SALT_GENERATE);
  k = kinds[kind].n_classes;
  ds = dataset_new (n, k);
  if (k == 0)
    {
      for (; row < n; row++)
        {
          double x1 = 2 * ag_rng_uniform (&rng) - 1;
          double x2 = 2 * ag_rng_uniform (&rng) - 1;
          double s, c;

          if (kind == AG_DATASET_PLANE)
            s = 0.6 * x1 - 0.3 * x2;
          else
            ag_det_sincos (G_PI * x1, &s, &c);
          ds->x[2 * row] = x1;
          ds->x[2 * row + 1] = x2;
          ds->y[row] = s + noise * ag_rng_normal (&rng);
        }
    }
  else
    {
      for (guint c = 0; c < k; c++)
        {
          guint n_c = n / k + (c < n % k ? 1 : 0);

          for (guint i = 0; i < n_c; i++, row++)
            {
              double p[2];

              clean_point (kind, c, i, n_c, &rng, p);
              ds->x[2 * row] = p[0] + noise * ag_rng_normal (&rng);
              ds->x[2 * row + 1] = p[1] + noise * ag_rng_normal (&rng);
              ds->y[row] = c;
            }
        }
    }
  g_assert (row == n);
  shuffle_rows (ds, &rng);
  return g_steal_pointer (&ds);
}

void
ag_dataset_split (const AgDataset *all, double test_fraction, guint64 seed, AgDataset **train,
                  AgDataset **test)
{
  g_autofree guint *perm = NULL;
  g_autofree guint8 *in_test = NULL;
  AgDataset *tr, *te;
  guint n, n_test, a = 0, b = 0;
  AgRng rng;

  g_return_if_fail (all != NULL);
  g_return_if_fail (test_fraction >= 0 && test_fraction <= 0.9);
  g_return_if_fail (train != NULL && test != NULL);

  n = all->n;
  n_test = (guint) floor (test_fraction * n + 0.5);
  if (n_test >= n)
    n_test = n > 0 ? n - 1 : 0;

  /* The first n_test places of a seeded shuffle go to the test part. */
  ag_rng_init (&rng, seed, SALT_SPLIT);
  perm = g_new (guint, n);
  in_test = g_new0 (guint8, n);
  for (guint i = 0; i < n; i++)
    perm[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) ag_rng_below (&rng, i);
      guint t = perm[i - 1];
      perm[i - 1] = perm[j];
      perm[j] = t;
    }
  for (guint i = 0; i < n_test; i++)
    in_test[perm[i]] = 1;

  tr = dataset_new (n - n_test, all->n_classes);
  te = dataset_new (n_test, all->n_classes);
  for (guint i = 0; i < n; i++)
    {
      AgDataset *to = in_test[i] ? te : tr;
      guint j = in_test[i] ? b++ : a++;

      to->x[2 * j] = all->x[2 * i];
      to->x[2 * j + 1] = all->x[2 * i + 1];
      to->y[j] = all->y[i];
    }
  *train = tr;
  *test = te;
}

/* ---- CSV ------------------------------------------------------------------------------- */

static const char *const column_names[] = { "x1", "x2", "label" };

typedef struct {
  const char *p;
  gsize len;
} Field;

typedef enum {
  NUMBER_OK,
  NUMBER_EMPTY,
  NUMBER_NOT_A_NUMBER,
  NUMBER_NOT_FINITE,
} NumberStatus;

/* Columns count characters, as in programs: every byte that does not continue a UTF-8
 * sequence starts one. */
static guint
count_chars (const char *p, gsize len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    if (((guchar) p[i] & 0xc0) != 0x80)
      n++;
  return n;
}

/* '@text' for a message: at most 24 characters, made valid UTF-8; "nothing" when empty. */
static char *
quote_field (const char *p, gsize len)
{
  g_autofree char *valid = NULL;
  gsize cut = 0;

  if (len == 0)
    return g_strdup ("nothing");
  for (guint chars = 0; cut < len && chars < 24; chars++)
    {
      cut++;
      while (cut < len && ((guchar) p[cut] & 0xc0) == 0x80)
        cut++;
    }
  valid = g_utf8_make_valid (p, (gssize) cut);
  return g_strdup_printf ("'%s%s'", valid, cut < len ? "…" : "");
}

/* A decimal number: [+-] (digits [. digits] | . digits) [(e|E) [+-] digits]. */
static gboolean
is_decimal (const char *p, gsize len)
{
  gsize i = 0, digits = 0;

  if (i < len && (p[i] == '+' || p[i] == '-'))
    i++;
  for (; i < len && g_ascii_isdigit (p[i]); i++)
    digits++;
  if (i < len && p[i] == '.')
    for (i++; i < len && g_ascii_isdigit (p[i]); i++)
      digits++;
  if (digits == 0)
    return FALSE;
  if (i < len && (p[i] == 'e' || p[i] == 'E'))
    {
      gsize exp_digits = 0;

      i++;
      if (i < len && (p[i] == '+' || p[i] == '-'))
        i++;
      for (; i < len && g_ascii_isdigit (p[i]); i++)
        exp_digits++;
      if (exp_digits == 0)
        return FALSE;
    }
  return i == len;
}

static gboolean
is_non_finite_word (const char *p, gsize len)
{
  if (len > 0 && (p[0] == '+' || p[0] == '-'))
    p++, len--;
  return (len == 3 && (g_ascii_strncasecmp (p, "nan", 3) == 0
                       || g_ascii_strncasecmp (p, "inf", 3) == 0))
         || (len == 8 && g_ascii_strncasecmp (p, "infinity", 8) == 0);
}

static NumberStatus
parse_number (const char *p, gsize len, double *out)
{
  g_autofree char *copy = NULL;
  double v;

  if (len == 0)
    return NUMBER_EMPTY;
  if (!is_decimal (p, len))
    return is_non_finite_word (p, len) ? NUMBER_NOT_FINITE : NUMBER_NOT_A_NUMBER;
  /* g_ascii_strtod does not depend on the locale (a decimal point, never a comma). */
  copy = g_strndup (p, len);
  v = g_ascii_strtod (copy, NULL);
  if (!isfinite (v))
    return NUMBER_NOT_FINITE;   /* 1e999 */
  *out = v;
  return NUMBER_OK;
}

static void
trim (const char **p, const char **end)
{
  while (*p < *end && (**p == ' ' || **p == '\t'))
    (*p)++;
  while (*end > *p && ((*end)[-1] == ' ' || (*end)[-1] == '\t'))
    (*end)--;
}

/* Splits [@p, @end) at commas into @fields (the first 4 kept, trimmed). Returns the count. */
static guint
split_fields (const char *p, const char *end, Field fields[4])
{
  guint n = 0;

  for (;;)
    {
      const char *comma = memchr (p, ',', (gsize) (end - p));
      const char *fend = comma ? comma : end;
      const char *fp = p;

      trim (&fp, &fend);
      if (n < 4)
        fields[n] = (Field) { fp, (gsize) (fend - fp) };
      n++;
      if (comma == NULL)
        return n;
      p = comma + 1;
    }
}

/* The first row is a header when none of its three fields is a number (or nan, inf). */
static gboolean
is_header (const Field f[3])
{
  for (guint i = 0; i < 3; i++)
    {
      double ignored;
      NumberStatus st = parse_number (f[i].p, f[i].len, &ignored);

      if (st == NUMBER_OK || st == NUMBER_NOT_FINITE)
        return FALSE;
    }
  return TRUE;
}

/* Classification when every label is a class 0..9 (or -1/1, read as 0/1); else regression. */
static void
settle_labels (AgDataset *ds)
{
  gboolean classes = TRUE, plus_minus = TRUE;
  double max = 0;

  for (guint i = 0; i < ds->n; i++)
    {
      double v = ds->y[i];

      if (!(v >= 0 && v < AG_DATASET_MAX_CLASSES && v == floor (v)))
        classes = FALSE;
      if (v != -1 && v != 1)
        plus_minus = FALSE;
      max = MAX (max, v);
    }
  if (classes)
    {
      ds->n_classes = MAX ((guint) max + 1, 2u);
      for (guint i = 0; i < ds->n; i++)
        ds->y[i] = (guint) ds->y[i];   /* -0 → 0 */
    }
  else if (plus_minus)
    {
      ds->n_classes = 2;
      for (guint i = 0; i < ds->n; i++)
        ds->y[i] = ds->y[i] > 0 ? 1 : 0;
    }
  else
    ds->n_classes = 0;
}

/* The three numbers of a row's fields @f into @v; the row starts at @lstart on 0-based @line. */
static gboolean
read_row (const Field f[3], const char *lstart, guint line, double v[3], GError **error)
{
  for (guint i = 0; i < 3; i++)
    {
      NumberStatus st = parse_number (f[i].p, f[i].len, &v[i]);
      g_autofree char *found = NULL;
      guint col, len;

      if (st == NUMBER_OK)
        continue;
      found = quote_field (f[i].p, f[i].len);
      col = count_chars (lstart, (gsize) (f[i].p - lstart)) + 1;
      len = MAX (count_chars (f[i].p, f[i].len), 1u);
      if (st == NUMBER_NOT_FINITE)
        ag_set_error_at (error, AG_ERROR_FORMAT, line + 1, col, len,
                         "column %u (%s) is %s, but every value must be a finite number",
                         i + 1, column_names[i], found);
      else
        ag_set_error_at (error, AG_ERROR_FORMAT, line + 1, col, len,
                         "expected a number in column %u (%s), found %s",
                         i + 1, column_names[i], found);
      return FALSE;
    }
  return TRUE;
}

AgDataset *
ag_dataset_load_csv_from_data (const char *data, gsize length, GError **error)
{
  g_autoptr (GArray) xs = NULL;
  g_autoptr (GArray) ys = NULL;
  const char *p, *end;
  gboolean seen_row = FALSE;
  AgDataset *ds;
  guint line = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > AG_DATASET_MAX_FILE_BYTES)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                       "the file is %" G_GSIZE_FORMAT " bytes long; a dataset holds at most "
                       "%u (8 MiB)", length, AG_DATASET_MAX_FILE_BYTES);
      return NULL;
    }
  if (length == 0)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "the file is empty; expected rows of x1,x2,label");
      return NULL;
    }

  p = data;
  end = data + length;
  /* A byte-order mark, as some editors write, says nothing in UTF-8. */
  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  xs = g_array_new (FALSE, FALSE, sizeof (double));
  ys = g_array_new (FALSE, FALSE, sizeof (double));
  for (; p < end; line++)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *lstart = p, *lend = nl ? nl : end;
      const char *cstart, *cend, *hash, *nul;
      Field f[4];
      guint n_fields;
      double v[3];

      p = nl ? nl + 1 : end;
      if (lend > lstart && lend[-1] == '\r')
        lend--;
      nul = memchr (lstart, '\0', (gsize) (lend - lstart));
      if (nul)
        {
          ag_set_error_at (error, AG_ERROR_FORMAT, line + 1,
                           count_chars (lstart, (gsize) (nul - lstart)) + 1, 1,
                           "a NUL byte: a CSV file is text");
          return NULL;
        }
      hash = memchr (lstart, '#', (gsize) (lend - lstart));
      cstart = lstart;
      cend = hash ? hash : lend;
      trim (&cstart, &cend);
      if (cstart == cend)
        continue;   /* blank, or only a comment */

      n_fields = split_fields (cstart, cend, f);
      if (!seen_row)
        {
          seen_row = TRUE;
          if (n_fields == 3 && is_header (f))
            continue;
        }

      if (n_fields != 3)
        {
          /* Too few: point just past the row, where the next column was expected;
           * too many: at the first extra one. */
          const char *at = n_fields < 3 ? cend : f[3].p;
          guint len = n_fields < 3 ? 1 : count_chars (f[3].p, (gsize) (cend - f[3].p));

          ag_set_error_at (error, AG_ERROR_FORMAT, line + 1,
                           count_chars (lstart, (gsize) (at - lstart)) + 1, len,
                           "expected 3 comma-separated columns (x1,x2,label), found %u",
                           n_fields);
          return NULL;
        }
      if (ys->len == AG_DATASET_MAX_SAMPLES)
        {
          ag_set_error_at (error, AG_ERROR_LIMIT, line + 1,
                           count_chars (lstart, (gsize) (cstart - lstart)) + 1,
                           count_chars (cstart, (gsize) (cend - cstart)),
                           "too many rows: a dataset holds at most %u samples",
                           AG_DATASET_MAX_SAMPLES);
          return NULL;
        }
      if (!read_row (f, lstart, line, v, error))
        return NULL;
      g_array_append_vals (xs, v, 2);
      g_array_append_val (ys, v[2]);
    }

  if (ys->len == 0)
    {
      ag_set_error_at (error, AG_ERROR_FORMAT, 0, 0, 0,
                       "the file holds no data rows; expected rows of x1,x2,label");
      return NULL;
    }
  ds = g_new0 (AgDataset, 1);
  ds->n = ys->len;
  ds->n_features = 2;
  ds->x = g_array_steal (xs, NULL);
  ds->y = g_array_steal (ys, NULL);
  settle_labels (ds);
  return ds;
}

AgDataset *
ag_dataset_load_csv (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  contents = ag_file_read_bounded (path, AG_DATASET_MAX_FILE_BYTES, "a dataset", &length, error);
  if (contents == NULL)
    return NULL;
  return ag_dataset_load_csv_from_data (contents, length, error);
}
