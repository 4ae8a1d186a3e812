/* test-chart-scale.c: the chart's pure parts, without a display: scales (0..1 of the plot,
 * linear and log), ranges, nice and log ticks, their labels, and a series' polyline over a
 * plot (joined points, and one stroke per pixel column for long runs). */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <math.h>
#include "tests/lsan-glib.h"
#include <string.h>
#include "ui/draw/adj-chart-scale.h"
#include "ui/draw/adj-chart-series.h"

/* ---- helpers -------------------------------------------------------------------------- */

static void
assert_ticks (const double *got, guint n_got, const double *want, guint n_want)
{
  g_assert_cmpuint (n_got, ==, n_want);
  for (guint i = 0; i < n_want; i++)
    g_assert_cmpfloat (got[i], ==, want[i]);   /* exactly: ticks are the nearest doubles */
}

#define ASSERT_NICE(lo, hi, max, ...) G_STMT_START {                                  \
    const double want_[] = { __VA_ARGS__ };                                            \
    double got_[64];                                                                   \
    guint n_ = 99;                                                                     \
    adj_chart_nice_ticks ((lo), (hi), (max), got_, &n_);                               \
    assert_ticks (got_, n_, want_, G_N_ELEMENTS (want_));                              \
  } G_STMT_END

#define ASSERT_LOG(lo, hi, max, ...) G_STMT_START {                                   \
    const double want_[] = { __VA_ARGS__ };                                            \
    double got_[64];                                                                   \
    guint n_ = 99;                                                                     \
    adj_chart_log_ticks ((lo), (hi), (max), got_, &n_);                                \
    assert_ticks (got_, n_, want_, G_N_ELEMENTS (want_));                              \
  } G_STMT_END

/* ---- scales, ticks and labels --------------------------------------------------------- */

static void
test_nice_ticks (void)
{
  double ticks[8];
  guint n = 99;

  ASSERT_NICE (0, 1, 6, 0, 0.2, 0.4, 0.6, 0.8, 1);
  ASSERT_NICE (0, 137, 6, 0, 50, 100);
  ASSERT_NICE (0, 137, 8, 0, 20, 40, 60, 80, 100, 120);
  ASSERT_NICE (0.0137, 0.0891, 5, 0.02, 0.04, 0.06, 0.08);
  ASSERT_NICE (0.3, 0.45, 6, 0.3, 0.35, 0.4, 0.45);
  ASSERT_NICE (-3.2, 7.9, 6, -2, 0, 2, 4, 6);
  ASSERT_NICE (0, 1e6, 6, 0, 2e5, 4e5, 6e5, 8e5, 1e6);
  ASSERT_NICE (0, 300, 6, 0, 100, 200, 300);
  ASSERT_NICE (0, 1, 1, 0);

  /* Nothing to tick. */
  adj_chart_nice_ticks (1, 1, 8, ticks, &n);
  g_assert_cmpuint (n, ==, 0);
  adj_chart_nice_ticks (2, 1, 8, ticks, &n);
  g_assert_cmpuint (n, ==, 0);
  adj_chart_nice_ticks (0, NAN, 8, ticks, &n);
  g_assert_cmpuint (n, ==, 0);
  adj_chart_nice_ticks (-INFINITY, 0, 8, ticks, &n);
  g_assert_cmpuint (n, ==, 0);
  adj_chart_nice_ticks (0, 1, 0, NULL, &n);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_log_ticks (void)
{
  double ticks[8];
  guint n = 99;

  /* Four decades: too many 1-2-5 ticks for 6, so the decades. */
  ASSERT_LOG (0.003, 40, 6, 0.01, 0.1, 1, 10);
  /* With room, 1, 2 and 5 of each decade. */
  ASSERT_LOG (0.003, 40, 16, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20);
  /* Vanishing gradients: eleven decades thinned to the even ones. */
  ASSERT_LOG (1e-8, 1e3, 6, 1e-8, 1e-6, 1e-4, 0.01, 1, 100);
  ASSERT_LOG (1e-8, 1e3, 12, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000);
  /* Less than a decade. */
  ASSERT_LOG (0.2, 0.9, 6, 0.2, 0.5);
  ASSERT_LOG (0.3, 0.45, 6, 0.3, 0.35, 0.4, 0.45);
  /* Thinning would leave only 1: the ends instead. */
  ASSERT_LOG (0.09, 11, 2, 0.1, 10);

  adj_chart_log_ticks (0, 10, 6, ticks, &n);
  g_assert_cmpuint (n, ==, 0);
  adj_chart_log_ticks (-1, 10, 6, ticks, &n);
  g_assert_cmpuint (n, ==, 0);
  adj_chart_log_ticks (10, 1, 6, ticks, &n);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_scale (void)
{
  g_assert_cmpfloat (adj_chart_scale_linear (0, 0, 10), ==, 0);
  g_assert_cmpfloat (adj_chart_scale_linear (10, 0, 10), ==, 1);
  g_assert_cmpfloat (adj_chart_scale_linear (2.5, 0, 10), ==, 0.25);
  g_assert_cmpfloat (adj_chart_scale_linear (-5, 0, 10), ==, -0.5);   /* unclamped */
  g_assert_cmpfloat (adj_chart_scale_linear (-2, -2, 6), ==, 0);
  g_assert_cmpfloat (adj_chart_scale_linear (6, -2, 6), ==, 1);
  g_assert_cmpfloat (adj_chart_scale_linear (5, 5, 5), ==, 0.5);

  g_assert_cmpfloat (adj_chart_scale_log (0.01, 0.01, 100), ==, 0);
  g_assert_cmpfloat (adj_chart_scale_log (100, 0.01, 100), ==, 1);
  g_assert_cmpfloat_with_epsilon (adj_chart_scale_log (1, 0.01, 100), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (adj_chart_scale_log (0.1, 0.01, 100), 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (adj_chart_scale_log (1e4, 0.01, 100), 1.5, 1e-12);
  g_assert_true (isnan (adj_chart_scale_log (0, 0.01, 100)));
  g_assert_true (isnan (adj_chart_scale_log (-1, 0.01, 100)));
  g_assert_true (isnan (adj_chart_scale_log (1, 0, 100)));
}

static void
test_y_range (void)
{
  double lo, hi;

  adj_chart_y_range (0.5, 2.5, FALSE, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (hi, 2.6, 1e-12);
  /* A loss: not below 0. */
  adj_chart_y_range (0.02, 2, FALSE, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat_with_epsilon (hi, 2.099, 1e-12);
  adj_chart_y_range (-1, 1, FALSE, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -1.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (hi, 1.1, 1e-12);
  adj_chart_y_range (3, 3, FALSE, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 2.7, 1e-12);
  g_assert_cmpfloat_with_epsilon (hi, 3.3, 1e-12);
  adj_chart_y_range (0, 0, FALSE, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 1);
  adj_chart_y_range (INFINITY, -INFINITY, FALSE, &lo, &hi);   /* no data */
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 1);

  /* Log: 5 % of the decades, at least one decade in all. */
  adj_chart_y_range (0.01, 100, TRUE, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (log10 (lo), -2.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (log10 (hi), 2.2, 1e-12);
  adj_chart_y_range (0.5, 0.5, TRUE, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (hi / lo, 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (sqrt (lo * hi), 0.5, 1e-12);
  adj_chart_y_range (INFINITY, -INFINITY, TRUE, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.01);
  g_assert_cmpfloat (hi, ==, 1);
  adj_chart_y_range (0, 1, TRUE, &lo, &hi);   /* the caller passes the least positive */
  g_assert_cmpfloat (lo, ==, 0.01);
  g_assert_cmpfloat (hi, ==, 1);
}

static void
test_format (void)
{
  char buf[ADJ_CHART_LABEL_SIZE];

#define TICK(v, step, percent, want) G_STMT_START {                                   \
    adj_chart_format_tick (buf, (v), (step), (percent));                              \
    g_assert_cmpstr (buf, ==, (want));                                                 \
  } G_STMT_END
#define LOG_TICK(v, powers, want) G_STMT_START {                                      \
    adj_chart_format_log_tick (buf, (v), (powers));                                   \
    g_assert_cmpstr (buf, ==, (want));                                                 \
  } G_STMT_END
#define VALUE(v, axis, want) G_STMT_START {                                           \
    adj_chart_format_value (buf, (v), (axis));                                        \
    g_assert_cmpstr (buf, ==, (want));                                                 \
  } G_STMT_END

  TICK (0.6, 0.2, FALSE, "0.6");
  TICK (0.35, 0.05, FALSE, "0.35");
  TICK (0, 0.2, FALSE, "0");
  TICK (1e-17, 0.1, FALSE, "0");
  TICK (-0.05, 0.05, FALSE, "-0.05");
  TICK (150, 50, FALSE, "150");
  TICK (8000, 2000, FALSE, "8000");
  TICK (20000, 10000, FALSE, "20k");
  TICK (0, 10000, FALSE, "0");
  TICK (1.5e6, 5e5, FALSE, "1500k");
  TICK (3e6, 1e6, FALSE, "3M");
  TICK (0.5, 0.25, TRUE, "50 %");
  TICK (1, 0.2, TRUE, "100 %");

  LOG_TICK (0.001, FALSE, "0.001");
  LOG_TICK (0.02, FALSE, "0.02");
  LOG_TICK (0.35, FALSE, "0.35");
  LOG_TICK (1, FALSE, "1");
  LOG_TICK (1000, FALSE, "1000");
  LOG_TICK (1e-6, TRUE, "10⁻⁶");
  LOG_TICK (2e-5, TRUE, "2×10⁻⁵");
  LOG_TICK (1, TRUE, "1");
  LOG_TICK (10, TRUE, "10");
  LOG_TICK (100, TRUE, "10²");
  LOG_TICK (1e12, TRUE, "10¹²");

  VALUE (0.0423, ADJ_CHART_AXIS_LEFT, "0.0423");
  VALUE (2.3, ADJ_CHART_AXIS_LEFT, "2.3");
  VALUE (0.123456, ADJ_CHART_AXIS_LEFT, "0.1235");
  VALUE (1.234e-5, ADJ_CHART_AXIS_LEFT, "1.234×10⁻⁵");
  /* The lab's header writes the same loss the same way (issue 15: "7.328e-05" beside
   * "7.33×10⁻⁵"). */
  VALUE (7.32834e-5, ADJ_CHART_AXIS_LEFT, "7.328×10⁻⁵");
  VALUE (1e-5, ADJ_CHART_AXIS_LEFT, "1×10⁻⁵");
  VALUE (-1e-7, ADJ_CHART_AXIS_LEFT, "−1×10⁻⁷");
  VALUE (123456, ADJ_CHART_AXIS_LEFT, "123\u202f500");
  VALUE (0, ADJ_CHART_AXIS_LEFT, "0");
  VALUE (-0.0, ADJ_CHART_AXIS_LEFT, "0");
  VALUE (NAN, ADJ_CHART_AXIS_LEFT, "NaN");
  VALUE (INFINITY, ADJ_CHART_AXIS_LEFT, "∞");
  VALUE (-INFINITY, ADJ_CHART_AXIS_LEFT, "−∞");
  VALUE (0.975, ADJ_CHART_AXIS_RIGHT_UNIT, "97.5 %");
  VALUE (1, ADJ_CHART_AXIS_RIGHT_UNIT, "100 %");
  VALUE (NAN, ADJ_CHART_AXIS_RIGHT_UNIT, "NaN");

#undef TICK
#undef LOG_TICK
#undef VALUE
}

static void
test_fraction (void)
{
  AdjChartScale lin = { 0, 10, FALSE }, lg = { 0.01, 100, TRUE };

  g_assert_cmpfloat (adj_chart_scale_fraction (&lin, 0), ==, 0);
  g_assert_cmpfloat (adj_chart_scale_fraction (&lin, 2.5), ==, 0.25);
  g_assert_cmpfloat (adj_chart_scale_fraction (&lin, 10), ==, 1);
  /* Clamped a little outside the plot, so cairo never sees a wild coordinate. */
  g_assert_cmpfloat (adj_chart_scale_fraction (&lin, -100), ==, -0.5);
  g_assert_cmpfloat (adj_chart_scale_fraction (&lin, 1e300), ==, 1.5);
  g_assert_true (isnan (adj_chart_scale_fraction (&lin, NAN)));
  g_assert_true (isnan (adj_chart_scale_fraction (&lin, INFINITY)));

  g_assert_cmpfloat_with_epsilon (adj_chart_scale_fraction (&lg, 1), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (adj_chart_scale_fraction (&lg, 0.1), 0.25, 1e-12);
  g_assert_true (isnan (adj_chart_scale_fraction (&lg, 0)));
  g_assert_true (isnan (adj_chart_scale_fraction (&lg, -1)));

  /* The nearest doubles to the decimals. */
  g_assert_cmpfloat (adj_chart_decimal (3, -1), ==, 0.3);
  g_assert_cmpfloat (adj_chart_decimal (7, -3), ==, 0.007);
  g_assert_cmpfloat (adj_chart_decimal (2, 3), ==, 2000);
  g_assert_cmpfloat (adj_chart_decimal (1, 0), ==, 1);
}

/* ---- a series and its trace ----------------------------------------------------------- */

static void
test_series_trace (void)
{
  AdjChartSeries *s = adj_chart_series_new ("loss", ADJ_CHART_AXIS_LEFT, 0);
  AdjChartScale xa = { 0, 10, FALSE }, ya = { 0, 1, FALSE };
  AdjChartRect plot = { { 10, 20 }, { 100, 50 } };
  AdjChartTrace trace = { 0 };
  double lo, hi;

  g_assert_cmpuint (adj_chart_series_trace (s, &xa, &ya, &plot, &trace), ==, 0);
  g_assert_cmpuint (trace.len, ==, 0);

  /* Few points: joined as they are, y up; a NaN breaks the line (x NaN ends a run). */
  adj_chart_series_append (s, 0, 0);
  adj_chart_series_append (s, 5, 0.5);
  adj_chart_series_append (s, 6, NAN);
  adj_chart_series_append (s, 10, 1);
  g_assert_cmpuint (s->n, ==, 4);
  g_assert_true (adj_chart_extent_bounds (&s->all, FALSE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 1);
  g_assert_cmpuint (adj_chart_series_trace (s, &xa, &ya, &plot, &trace), ==, 3);
  g_assert_cmpuint (trace.len, ==, 10);
  g_assert_cmpfloat (trace.xy[0], ==, 10);
  g_assert_cmpfloat (trace.xy[1], ==, 70);
  g_assert_cmpfloat (trace.xy[2], ==, 60);
  g_assert_cmpfloat (trace.xy[3], ==, 45);
  g_assert_true (isnan (trace.xy[4]));
  g_assert_cmpfloat (trace.xy[6], ==, 110);
  g_assert_cmpfloat (trace.xy[7], ==, 20);
  g_assert_true (isnan (trace.xy[8]));

  /* On a log axis, 0 is a gap too. */
  g_assert_true (adj_chart_extent_bounds (&s->all, TRUE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 0.5);

  /* Many points: each pixel column becomes one stroke from its least to its greatest value,
   * so the vertices follow the width, not the points. */
  adj_chart_series_clear (s);
  g_assert_cmpuint (s->n, ==, 0);
  xa.hi = 100000;
  for (guint i = 0; i <= 100000; i++)
    adj_chart_series_append (s, i, i % 2 ? 1 : 0);
  g_assert_cmpuint (adj_chart_series_trace (s, &xa, &ya, &plot, &trace), <=, 2 * 100);
  for (gsize i = 0; i + 1 < trace.len; i += 2)
    if (!isnan (trace.xy[i]))
      {
        g_assert_cmpfloat (trace.xy[i + 1], >=, 20);
        g_assert_cmpfloat (trace.xy[i + 1], <=, 70);
      }
  g_assert_cmpfloat (trace.xy[1], ==, 20);   /* the first column spans 0..1 */
  g_assert_cmpfloat (trace.xy[3], ==, 70);

  adj_chart_trace_clear (&trace);
  adj_chart_series_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/chart/nice-ticks", test_nice_ticks);
  g_test_add_func ("/ui/chart/log-ticks", test_log_ticks);
  g_test_add_func ("/ui/chart/scale", test_scale);
  g_test_add_func ("/ui/chart/y-range", test_y_range);
  g_test_add_func ("/ui/chart/format", test_format);
  g_test_add_func ("/ui/chart/fraction", test_fraction);
  g_test_add_func ("/ui/chart/series-trace", test_series_trace);

  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
