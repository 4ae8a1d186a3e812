/* test-format.c: numbers for people (ag_format_human). */
#include "core/format.h"

#include <math.h>

static void
expect (double x, int digits, const char *want)
{
  GString *s = g_string_new (NULL);

  ag_format_human_digits (s, x, digits);
  g_assert_cmpstr (s->str, ==, want);
  g_string_free (s, TRUE);
}

static void
test_human_short_stays (void)
{
  expect (0.5, 4, "0.5");
  expect (1.001, 4, "1.001");
  expect (3, 4, "3");
  expect (-1.5, 4, "−1.5");
  expect (0.1, 4, "0.1");
  expect (100, 4, "100");
  expect (1000, 4, "1000");
}

static void
test_human_rounds (void)
{
  expect (0.62245933120185459, 4, "0.6225");
  expect (0.49999999999999998, 4, "0.5");
  expect (8.3667e-10, 4, "8.367×10⁻¹⁰");
  expect (3.7234886735715107e-09, 4, "3.723×10⁻⁹");
  expect (12341.7, 4, "12\u202f340");
  expect (-1.5825623008968446, 4, "−1.583");
  expect (9.99996, 4, "10");
  expect (999999.7, 4, "1×10⁶");
  expect (0.0012346, 4, "0.001235");
  expect (0.00012346, 4, "1.235×10⁻⁴");
  expect (7.328e-05, 3, "7.33×10⁻⁵");
  expect (1234567, 4, "1.235×10⁶");
  expect (1e20, 4, "1×10²⁰");
}

static void
test_human_special (void)
{
  expect (NAN, 4, "NaN");
  expect (INFINITY, 4, "∞");
  expect (-INFINITY, 4, "−∞");
  expect (0.0, 4, "0");
  expect (-0.0, 4, "0");
}

static void
test_human_full_precision (void)
{
  /* 17 digits is exact: the shortest form that reads back. */
  expect (0.1 + 0.2, 17, "0.30000000000000004");
  expect (-2.6145744834544478, 17, "−2.6145744834544478");
  expect (123456789.0, 17, "1.23456789×10⁸");
  expect (123456.75, 17, "123\u202f456.75");
}

static void
test_human_preference (void)
{
  char buf[AG_FORMAT_HUMAN_SIZE];

  g_assert_cmpint (ag_format_get_human_digits (), ==, 4);
  g_assert_cmpstr (ag_format_human_buf (buf, 2.0 / 3.0), ==, "0.6667");
  ag_format_set_human_digits (6);
  g_assert_cmpstr (ag_format_human_buf (buf, 2.0 / 3.0), ==, "0.666667");
  ag_format_set_human_digits (99);
  g_assert_cmpint (ag_format_get_human_digits (), ==, 17);
  ag_format_set_human_digits (4);
  /* Never more than the buffer, never "…". */
  g_assert_cmpstr (ag_format_human_buf (buf, -1.2345678901234567e-300), ==, "−1.235×10⁻³⁰⁰");
}

static char *
cut (AgShape shape, const double *data, guint rows, guint cols, int digits)
{
  GString *s = g_string_new (NULL);

  ag_format_tensor_cut_digits (s, shape, data, rows, cols, digits);
  return g_string_free (s, FALSE);
}

/* Tensors for people: numpy's cut (the first and last elements around "…"), human numbers,
 * or exact ones on demand. */
static void
test_tensor_human_cut (void)
{
  const double v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 2.0 / 3.0 };
  const double m[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
  const AgShape vec = { .ndim = 1, .rows = 1, .cols = 10 };
  const AgShape mat = { .ndim = 2, .rows = 4, .cols = 3 };
  const AgShape scalar = { .ndim = 0, .rows = 1, .cols = 1 };
  g_autofree char *five = cut (vec, v, 2, 5, 4);
  g_autofree char *whole = cut (vec, v, G_MAXUINT, G_MAXUINT, 4);
  g_autofree char *exact = cut (vec, v, 2, 5, AG_FORMAT_EXACT);
  g_autofree char *rows = cut (mat, m, 3, 2, 4);
  g_autofree char *one = cut (scalar, v + 9, 1, 1, 3);
  GString *pref = g_string_new (NULL);

  g_assert_cmpstr (five, ==, "[1, 2, …, 9, 0.6667]");
  g_assert_cmpstr (whole, ==, "[1, 2, 3, 4, 5, 6, 7, 8, 9, 0.6667]");
  g_assert_cmpstr (exact, ==, "[1, 2, …, 9, 0.6666666666666666]");
  g_assert_cmpstr (rows, ==, "[[1, …], …, [10, …]]");
  g_assert_cmpstr (one, ==, "0.667");
  ag_format_tensor_human_cut (pref, vec, v, 1, 3);
  g_assert_cmpstr (pref->str, ==, "[1, …, 0.6667]");
  g_string_free (pref, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/human/short-stays", test_human_short_stays);
  g_test_add_func ("/format/human/rounds", test_human_rounds);
  g_test_add_func ("/format/human/special", test_human_special);
  g_test_add_func ("/format/human/full-precision", test_human_full_precision);
  g_test_add_func ("/format/human/preference", test_human_preference);
  g_test_add_func ("/format/human/tensor-cut", test_tensor_human_cut);
  return g_test_run ();
}
