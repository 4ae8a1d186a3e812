/* adj-chart-scale.c: the chart's scales and ticks, pure: where a value sits on an axis
 * (0..1 of the plot), the shown range of the data, nice ticks and their labels. No drawing,
 * so the tests check them directly. */
#include "ui/draw/adj-chart-scale.h"

#include "core/format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double
adj_chart_decimal (double k, int e)
{
  /* Dividing by an exact power of ten rounds once; multiplying by 10^-e would round twice. */
  return e >= 0 ? k * pow (10, e) : k / pow (10, -e);
}

double
adj_chart_scale_linear (double v, double lo, double hi)
{
  if (hi == lo)
    return 0.5;
  return (v - lo) / (hi - lo);
}

double
adj_chart_scale_log (double v, double lo, double hi)
{
  if (!(v > 0 && lo > 0 && hi > 0))
    return NAN;
  return adj_chart_scale_linear (log10 (v), log10 (lo), log10 (hi));
}

double
adj_chart_scale_fraction (const AdjChartScale *scale, double v)
{
  double f;

  if (!isfinite (v))
    return NAN;
  f = scale->log ? adj_chart_scale_log (v, scale->lo, scale->hi)
                 : adj_chart_scale_linear (v, scale->lo, scale->hi);
  /* Clamped a little outside, so that cairo's fixed point never sees a wild coordinate. */
  return isnan (f) ? f : CLAMP (f, -0.5, 1.5);
}

void
adj_chart_y_range (double min, double max, gboolean log_scale, double *lo, double *hi)
{
  g_return_if_fail (lo != NULL && hi != NULL);

  if (log_scale)
    {
      double a, b, pad;

      if (!(min > 0 && min <= max && isfinite (max)))
        {
          *lo = 0.01;
          *hi = 1;
          return;
        }
      a = log10 (min);
      b = log10 (max);
      pad = MAX (0.05 * (b - a), (1 - (b - a)) / 2);
      *lo = pow (10, a - pad);
      *hi = pow (10, b + pad);
    }
  else
    {
      double pad;

      if (!(min <= max && isfinite (min) && isfinite (max)))
        {
          *lo = 0;
          *hi = 1;
          return;
        }
      pad = max > min ? 0.05 * (max - min) : (max != 0 ? 0.1 * fabs (max) : 1);
      *lo = min - pad;
      *hi = max + pad;
      if (min >= 0 && *lo < 0)
        *lo = 0;
    }
}

void
adj_chart_nice_ticks (double lo, double hi, guint max_ticks, double *ticks, guint *n)
{
  static const int mantissas[] = { 1, 2, 5 };
  int e;

  g_return_if_fail (n != NULL);
  g_return_if_fail (ticks != NULL || max_ticks == 0);

  *n = 0;
  if (!(lo < hi) || !isfinite (lo) || !isfinite (hi) || max_ticks == 0)
    return;

  /* Start a decade below the step that would give max_ticks, and widen. */
  e = (int) floor (log10 ((hi - lo) / max_ticks)) - 1;
  for (int tries = 0; tries < 40; tries++, e++)
    for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
      {
        double step = adj_chart_decimal (mantissas[m], e);
        double k0 = ceil (lo / step - 1e-9), k1 = floor (hi / step + 1e-9);

        if (k1 - k0 + 1 > max_ticks)
          continue;
        for (double k = k0; k <= k1; k++)
          ticks[(*n)++] = k == 0 ? 0 : adj_chart_decimal (k * mantissas[m], e);
        return;
      }
}

void
adj_chart_log_ticks (double lo, double hi, guint max_ticks, double *ticks, guint *n)
{
  static const int mantissas[] = { 1, 2, 5 };
  guint n125 = 0;
  int d0, d1;

  g_return_if_fail (n != NULL);
  g_return_if_fail (ticks != NULL || max_ticks == 0);

  *n = 0;
  if (!(lo > 0 && lo < hi) || !isfinite (hi) || max_ticks == 0)
    return;

  /* 1, 2 and 5 times the powers of ten, when they all fit. */
  for (int d = (int) floor (log10 (lo)); d <= (int) floor (log10 (hi)); d++)
    for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
      {
        double v = adj_chart_decimal (mantissas[m], d);

        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && n125++ < max_ticks)
          ticks[(*n)++] = v;
      }
  if (n125 >= 2 && n125 <= max_ticks)
    return;

  *n = 0;
  d0 = (int) ceil (log10 (lo) - 1e-9);
  d1 = (int) floor (log10 (hi) + 1e-9);
  if (d1 > d0)
    {
      int stride = (d1 - d0 + (int) max_ticks) / (int) max_ticks;

      /* The multiples of stride: never more than max_ticks of them. */
      while ((d1 - d0) / stride + 1 > (int) max_ticks)
        stride++;
      for (int d = d0; d <= d1; d++)
        if (d % stride == 0)
          ticks[(*n)++] = adj_chart_decimal (1, d);
      /* Thinning can leave one (10^-1..10^1 in two ticks keeps only 1): take the ends. */
      if (*n < 2 && max_ticks >= 2)
        {
          ticks[0] = adj_chart_decimal (1, d0);
          ticks[1] = adj_chart_decimal (1, d1);
          *n = 2;
        }
      return;
    }
  adj_chart_nice_ticks (lo, hi, max_ticks, ticks, n);
}

/* Appends the power of ten "10⁻⁵" to @buf, in superscript digits and minus. */
static void
append_power (char buf[ADJ_CHART_LABEL_SIZE], int e)
{
  static const char *const digits[] = {
    "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹",
  };
  char plain[16];

  g_strlcat (buf, "10", ADJ_CHART_LABEL_SIZE);
  g_snprintf (plain, sizeof plain, "%d", e);
  for (const char *p = plain; *p; p++)
    g_strlcat (buf, *p == '-' ? "⁻" : digits[*p - '0'], ADJ_CHART_LABEL_SIZE);
}

void
adj_chart_format_tick (char buf[ADJ_CHART_LABEL_SIZE], double v, double step, gboolean percent)
{
  static const char *const formats[] = {
    "%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f", "%.7f", "%.8f", "%.9f", "%.10f",
    "%.11f", "%.12f",
  };
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  const char *suffix = "";
  int decimals;

  g_return_if_fail (buf != NULL);

  if (percent)
    {
      v *= 100;
      step *= 100;
    }
  if (!(step > 0) || !isfinite (step))
    step = 1;
  if (fabs (v) < step * 1e-6)
    v = 0;   /* no "-0", no "1e-17" */
  /* The unit follows the step, so one axis never mixes "8000" and "10k". */
  if (step >= 1e6)
    {
      v /= 1e6;
      step /= 1e6;
      suffix = "M";
    }
  else if (step >= 1e4)
    {
      v /= 1e3;
      step /= 1e3;
      suffix = "k";
    }
  decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  g_ascii_formatd (number, sizeof number, formats[CLAMP (decimals, 0, 12)], v);
  /* "1", not "1.0": a whole number reads the same at every step. */
  if (strchr (number, '.') != NULL)
    {
      char *end = number + strlen (number);

      while (end[-1] == '0')
        *--end = '\0';
      if (end[-1] == '.')
        end[-1] = '\0';
    }
  g_snprintf (buf, ADJ_CHART_LABEL_SIZE, "%s%s%s", number, v == 0 ? "" : suffix,
              percent ? " %" : "");
}

void
adj_chart_format_log_tick (char buf[ADJ_CHART_LABEL_SIZE], double v, gboolean powers)
{
  int e;
  double m;

  g_return_if_fail (buf != NULL);

  if (!(v > 0) || !isfinite (v))
    {
      adj_chart_format_value (buf, v, ADJ_CHART_AXIS_LEFT);
      return;
    }
  e = (int) floor (log10 (v) + 1e-9);
  m = round (v / pow (10, e) * 1000) / 1000;
  /* %g without an exponent for 0.001..1000, where %.6g keeps 0.35 from reading 0.34999. */
  if (!powers || e == 0 || (e == 1 && m == 1))
    {
      g_ascii_formatd (buf, ADJ_CHART_LABEL_SIZE, "%.6g", v);
      return;
    }
  buf[0] = '\0';
  if (m != 1)
    {
      g_ascii_formatd (buf, ADJ_CHART_LABEL_SIZE, "%.4g", m);
      g_strlcat (buf, "×", ADJ_CHART_LABEL_SIZE);
    }
  append_power (buf, e);
}

void
adj_chart_format_value (char buf[ADJ_CHART_LABEL_SIZE], double v, AdjChartAxis axis)
{
  char human[AG_FORMAT_HUMAN_SIZE];

  g_return_if_fail (buf != NULL);

  /* Every number the lab shows people has one form, ag_format_human()'s ("7.328×10⁻⁵", "NaN"),
   * so a legend and the lab's header never write the same loss two ways. */
  if (axis == ADJ_CHART_AXIS_RIGHT_UNIT && isfinite (v))
    g_snprintf (buf, ADJ_CHART_LABEL_SIZE, "%s %%", ag_format_human_buf (human, v * 100));
  else
    g_strlcpy (buf, ag_format_human_buf (human, v), ADJ_CHART_LABEL_SIZE);
}
