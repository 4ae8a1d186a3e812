/* adj-chart-series.c: the points of one chart series, summarised per block for long runs,
 * and their polyline over a plot (see adj-chart-series.h). */
#include "ui/draw/adj-chart-series.h"

#include <math.h>

/* Points per block of the per-series min/max summary: a frame over a million points reads a
 * few blocks per pixel column instead of every point. Sub-blocks of SUB_BLOCK points cover a
 * column's ends, so that a column of a few hundred points does not read them one by one. */
#define BLOCK            256
#define SUB_BLOCK        16

G_STATIC_ASSERT (BLOCK % SUB_BLOCK == 0);   /* a block starts on a sub-block */

AdjChartSeries *
adj_chart_series_new (const char *label, AdjChartAxis axis, guint style)
{
  AdjChartSeries *s = g_new0 (AdjChartSeries, 1);

  s->label = g_strdup (label);
  s->axis = axis;
  s->style = style;
  s->all = ADJ_CHART_EXTENT_EMPTY;
  return s;
}

void
adj_chart_series_free (gpointer series)
{
  AdjChartSeries *s = series;

  g_free (s->label);
  g_free (s->x);
  g_free (s->y);
  g_free (s->blocks);
  g_free (s->sub_blocks);
  g_free (s);
}

static void
extent_add (AdjChartExtent *e, double v)
{
  if (!isfinite (v))
    return;
  e->fmin = MIN (e->fmin, v);
  e->fmax = MAX (e->fmax, v);
  if (v > 0)
    e->pmin = MIN (e->pmin, v);
}

void
adj_chart_extent_merge (AdjChartExtent *e, const AdjChartExtent *other)
{
  e->fmin = MIN (e->fmin, other->fmin);
  e->fmax = MAX (e->fmax, other->fmax);
  e->pmin = MIN (e->pmin, other->pmin);
}

gboolean
adj_chart_extent_bounds (const AdjChartExtent *e, gboolean log_axis, double *lo, double *hi)
{
  *lo = log_axis ? e->pmin : e->fmin;
  *hi = e->fmax;
  return *lo <= *hi;
}

/* The extent of points @i..@j - 1: whole blocks and sub-blocks from the summary, loose points
 * at the ends. */
static AdjChartExtent
extent_of_range (const AdjChartSeries *s, gsize i, gsize j)
{
  AdjChartExtent e = ADJ_CHART_EXTENT_EMPTY;

  for (; i < j && i % SUB_BLOCK != 0; i++)
    extent_add (&e, s->y[i]);
  for (; i + SUB_BLOCK <= j && i % BLOCK != 0; i += SUB_BLOCK)
    adj_chart_extent_merge (&e, &s->sub_blocks[i / SUB_BLOCK]);
  for (; i + BLOCK <= j; i += BLOCK)
    adj_chart_extent_merge (&e, &s->blocks[i / BLOCK]);
  for (; i + SUB_BLOCK <= j; i += SUB_BLOCK)
    adj_chart_extent_merge (&e, &s->sub_blocks[i / SUB_BLOCK]);
  for (; i < j; i++)
    extent_add (&e, s->y[i]);
  return e;
}

/* The first index in @from..@n - 1 whose x is >= @x, or @n. It is usually near @from (the
 * next pixel column's first point), so the search gallops from there before it halves. */
static gsize
lower_bound (const double *xs, gsize from, gsize n, double x)
{
  gsize lo = from, hi = from, step = 1;

  while (hi < n && xs[hi] < x)
    {
      lo = hi + 1;
      hi = MIN (hi + step, n);
      step *= 2;
    }
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (xs[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
adj_chart_series_append (AdjChartSeries *s, double x, double y)
{
  if (s->n == s->capacity)
    {
      /* A multiple of BLOCK, so every block has a summary slot. */
      s->capacity = MAX (2 * s->capacity, BLOCK);
      s->x = g_renew (double, s->x, s->capacity);
      s->y = g_renew (double, s->y, s->capacity);
      s->blocks = g_renew (AdjChartExtent, s->blocks, s->capacity / BLOCK);
      s->sub_blocks = g_renew (AdjChartExtent, s->sub_blocks, s->capacity / SUB_BLOCK);
    }
  if (s->n % BLOCK == 0)
    s->blocks[s->n / BLOCK] = ADJ_CHART_EXTENT_EMPTY;
  if (s->n % SUB_BLOCK == 0)
    s->sub_blocks[s->n / SUB_BLOCK] = ADJ_CHART_EXTENT_EMPTY;
  s->x[s->n] = x;
  s->y[s->n] = y;
  extent_add (&s->blocks[s->n / BLOCK], y);
  extent_add (&s->sub_blocks[s->n / SUB_BLOCK], y);
  extent_add (&s->all, y);
  s->n++;
}

void
adj_chart_series_clear (AdjChartSeries *s)
{
  s->n = 0;
  s->all = ADJ_CHART_EXTENT_EMPTY;
}

/* Appends the vertex (@x, @y) to the trace; NaN @x ends a run. Grows only in the first frames
 * and as a run's points grow towards two per pixel column. */
static void
trace_add (AdjChartTrace *trace, double x, double y)
{
  if (trace->len + 2 > trace->capacity)
    {
      trace->capacity = MAX (2 * trace->capacity, 1024);
      trace->xy = g_renew (double, trace->xy, trace->capacity);
    }
  trace->xy[trace->len++] = x;
  trace->xy[trace->len++] = y;
}

static void
trace_end_run (AdjChartTrace *trace)
{
  if (trace->len > 0 && !isnan (trace->xy[trace->len - 2]))
    trace_add (trace, NAN, NAN);
}

guint
adj_chart_series_trace (const AdjChartSeries *s, const AdjChartScale *xa, const AdjChartScale *ya,
                        const AdjChartRect *plot, AdjChartTrace *trace)
{
  double px0 = plot->origin.x, py0 = plot->origin.y;
  double pw = plot->size.width, ph = plot->size.height;
  gsize columns = (gsize) MAX (floor (pw), 1);
  guint run = 0;
  double last_y = 0;
  guint n_vertices = 0;

  trace->len = 0;
  if (s->n == 0)
    return 0;

#define EMIT(X, Y) G_STMT_START {                                                        \
    trace_add (trace, (X), (Y));                                                         \
    run++;                                                                              \
    last_y = (Y);                                                                       \
    n_vertices++;                                                                       \
  } G_STMT_END
#define END_RUN() G_STMT_START {                                                         \
    trace_end_run (trace);                                                              \
    run = 0;                                                                            \
  } G_STMT_END

  if (s->n <= 2 * columns)
    for (gsize i = 0; i < s->n; i++)
      {
        double fy = adj_chart_scale_fraction (ya, s->y[i]);

        if (isnan (fy))
          END_RUN ();
        else
          EMIT (px0 + adj_chart_scale_fraction (xa, s->x[i]) * pw, py0 + (1 - fy) * ph);
      }
  else
    {
      gsize i = 0;

      for (gsize c = 0; c < columns && i < s->n; c++)
        {
          double x_end = xa->lo + (double) (c + 1) / columns * (xa->hi - xa->lo);
          gsize j = c + 1 == columns ? s->n : lower_bound (s->x, i, s->n, x_end);
          double lo, hi, y_lo, y_hi, x;
          AdjChartExtent e;

          if (j == i)
            continue;   /* no points here: the line runs on to the next column */
          e = extent_of_range (s, i, j);
          i = j;
          if (!adj_chart_extent_bounds (&e, ya->log, &lo, &hi))
            {
              END_RUN ();
              continue;
            }
          x = px0 + c + 0.5;
          y_lo = py0 + (1 - adj_chart_scale_fraction (ya, lo)) * ph;
          y_hi = py0 + (1 - adj_chart_scale_fraction (ya, hi)) * ph;
          /* Enter the column at the end nearer the pen, so the line does not zigzag. */
          if (run > 0 && fabs (last_y - y_lo) < fabs (last_y - y_hi))
            {
              double t = y_lo;

              y_lo = y_hi;
              y_hi = t;
            }
          EMIT (x, y_hi);
          if (fabs (y_hi - y_lo) >= 0.5)
            EMIT (x, y_lo);
        }
    }
  END_RUN ();

#undef EMIT
#undef END_RUN
  return n_vertices;
}

void
adj_chart_trace_clear (AdjChartTrace *trace)
{
  g_clear_pointer (&trace->xy, g_free);
  trace->len = trace->capacity = 0;
}
