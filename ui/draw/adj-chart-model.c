/* adj-chart-model.c: the training lab's line chart without GTK: losses, accuracy and
 * gradient norms over training steps, kept with a min/max summary for long runs and drawn
 * with Cairo and Pango on any cairo_t, or written to a PNG, SVG or PDF file. */
#include "ui/draw/adj-chart-model.h"

#include <math.h>
#include <string.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

/* Points per block of the per-series min/max summary: a frame over a million points reads a
 * few blocks per pixel column instead of every point. Sub-blocks of SUB_BLOCK points cover a
 * column's ends, so that a column of a few hundred points does not read them one by one. */
#define BLOCK            256
#define SUB_BLOCK        16

/* Sizes at font-scale 1: text in points, the rest in pixels. */
#define TICK_PT          10.0
#define TITLE_PT         12.0
#define PAD              6.0     /* around the whole chart */
#define GAP              6.0     /* between a label and what it labels */
#define TICK_LEN         4.0
#define LINE_W           2.0
#define SAMPLE_W         24.0    /* the legend's line sample */
#define LEGEND_GAP       14.0    /* between legend entries */
#define MAX_TICKS        16

#define X_MIN_RANGE      10.0    /* a new run's x axis starts 0..10, not 0..0 */
#define DEFAULT_FONT     "Sans"  /* the family when no context is given */

/* The model rasterises the series itself where it knows the pixels (see "rasterising the
 * series" below): a disc is copied from one of STAMP_STEPS² pre-drawn ones, each offset by
 * 1/STAMP_STEPS of a pixel; a plot larger than MAX_MASK_PIXELS is stroked by cairo instead. */
#define STAMP_STEPS      16
#define MAX_MASK_PIXELS  (4096 * 4096)
#define MAX_RASTER_WIDTH 24.0    /* pixels: wider lines (a zoomed export) are cairo's */
#define BAND_TABLE_ROWS  32      /* a band this long makes a table of its rows' coverage */
#define BAND_MAX_ACROSS  40      /* the widest row such a table holds */

/* The finite values of some points: least, greatest, and least positive (for log axes).
 * Empty is { inf, -inf, inf }. */
typedef struct {
  double fmin, fmax, pmin;
} Extent;

#define EXTENT_EMPTY ((Extent) { INFINITY, -INFINITY, INFINITY })

typedef struct {
  /* owned */
  char        *label;
  double      *x, *y;       /* n points, room for capacity */
  Extent      *blocks;      /* block b summarises points b·BLOCK .. b·BLOCK + BLOCK - 1 */
  Extent      *sub_blocks;  /* and sub-block b points b·SUB_BLOCK .. (b + 1)·SUB_BLOCK - 1 */
  PangoLayout *legend;      /* cached: "train loss 0.0423" */

  gsize        n, capacity;
  Extent       all;
  AdjChartAxis axis;
  guint        style;       /* index into the colours and the dashes */
} Series;

/* One axis as drawn: its range and whether it is logarithmic. */
typedef struct {
  double   lo, hi;
  gboolean log;
} Axis;

/* The file formats adj_chart_model_write() knows, by the end of the file's name. */
typedef enum {
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} Format;

/* What our own Pango context is set up for: an image or a vector surface, at a scale (the
 * linear part of the cairo matrix). */
typedef struct {
  gboolean valid;
  gboolean raster;
  double   xx, yx, xy, yy;
} ContextTarget;

struct _AdjChartModel
{
  /* owned */
  GPtrArray            *series;        /* of Series */
  char                 *title;
  char                 *x_label;
  PangoContext         *context;       /* the caller's (a ref) or our own; NULL until a draw */
  PangoFontDescription *tick_font;     /* NULL until the first draw, and after a font change */
  PangoFontDescription *title_font;
  PangoLayout          *title_layout;
  PangoLayout          *x_label_layout;
  PangoLayout          *probe_layout;  /* "0123456789": the height and width of digits */
  GPtrArray            *tick_layouts;  /* a pool, reused in order every frame */
  gboolean              own_context;   /* ours, so updated to each cairo_t drawn on */
  ContextTarget         synced;        /* what our context was last set up for */

  /* scratch for the series, kept between frames so that a frame allocates nothing */
  double               *trace;         /* one series' vertices: x, y pairs; x NaN ends a run */
  gsize                 trace_len, trace_capacity;   /* in doubles */
  cairo_surface_t      *mask;          /* A8: one series' coverage over the plot, or NULL */
  cairo_pattern_t      *mask_pattern;  /* of mask */
  guint8               *stamps;        /* STAMP_STEPS² discs of stamp_size² coverages */
  double                stamp_radius;  /* the discs' radius in pixels; 0 before the first */
  int                   stamp_size;

  /* settings */
  gboolean              log_scale;
  gboolean              dark;
  double                font_scale;
  double                scale_factor;  /* 0: unknown */

  AdjChartFrame         frame;
};

typedef struct {
  double bg[3];        /* painted only by adj_chart_model_write(): on screen, the window's */
  double fg[3];        /* title and legend */
  double muted[3];     /* tick labels */
  double axis[4];
  double grid[4];
  double minor[4];     /* the 2..9 lines between decades */
  guint32 series[6];
} Theme;

/* Okabe & Ito's colour-blind-safe set. On dark, sky blue leads (the deep blue is too dim
 * there) and yellow, which vanishes on white, takes the last place. */
static const Theme light_theme = {
  { 1, 1, 1 },
  { 0.13, 0.13, 0.15 }, { 0.30, 0.30, 0.34 },
  { 0, 0, 0, 0.45 }, { 0, 0, 0, 0.10 }, { 0, 0, 0, 0.045 },
  { 0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9 },
};
static const Theme dark_theme = {
  { 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0 },   /* Adwaita's dark window, #242424 */
  { 0.93, 0.93, 0.95 }, { 0.78, 0.78, 0.82 },
  { 1, 1, 1, 0.50 }, { 1, 1, 1, 0.13 }, { 1, 1, 1, 0.06 },
  { 0x56B4E9, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0xF0E442 },
};

/* Dash patterns in line widths, so colour is never the only cue: solid, dashed, dotted,
 * dash-dot, short dashes, dash-dot-dot. Round caps lengthen each dash by one width and turn
 * the near-zero ones into dots. */
static const struct {
  double dashes[6];
  int    n;
} dash_styles[] = {
  { { 0 }, 0 },
  { { 4, 3 }, 2 },
  { { 0.01, 2 }, 2 },
  { { 5, 2.5, 0.01, 2.5 }, 4 },
  { { 2, 2.5 }, 2 },
  { { 6, 2.5, 0.01, 2.5, 0.01, 2.5 }, 6 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (dash_styles) == G_N_ELEMENTS (light_theme.series));
G_STATIC_ASSERT (BLOCK % SUB_BLOCK == 0);   /* a block starts on a sub-block */

/* ---- helpers -------------------------------------------------------------------------- */

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->label);
  g_free (s->x);
  g_free (s->y);
  g_free (s->blocks);
  g_free (s->sub_blocks);
  g_clear_object (&s->legend);
  g_free (s);
}

static Series *
get_series (AdjChartModel *self, guint i)
{
  return g_ptr_array_index (self->series, i);
}

static void
extent_add (Extent *e, double v)
{
  if (!isfinite (v))
    return;
  e->fmin = MIN (e->fmin, v);
  e->fmax = MAX (e->fmax, v);
  if (v > 0)
    e->pmin = MIN (e->pmin, v);
}

static void
extent_merge (Extent *e, const Extent *other)
{
  e->fmin = MIN (e->fmin, other->fmin);
  e->fmax = MAX (e->fmax, other->fmax);
  e->pmin = MIN (e->pmin, other->pmin);
}

/* The least and greatest drawable values of @e on a linear or log axis; FALSE if none. */
static gboolean
extent_bounds (const Extent *e, gboolean log_axis, double *lo, double *hi)
{
  *lo = log_axis ? e->pmin : e->fmin;
  *hi = e->fmax;
  return *lo <= *hi;
}

/* The extent of points @i..@j - 1: whole blocks and sub-blocks from the summary, loose points
 * at the ends. */
static Extent
extent_of_range (const Series *s, gsize i, gsize j)
{
  Extent e = EXTENT_EMPTY;

  for (; i < j && i % SUB_BLOCK != 0; i++)
    extent_add (&e, s->y[i]);
  for (; i + SUB_BLOCK <= j && i % BLOCK != 0; i += SUB_BLOCK)
    extent_merge (&e, &s->sub_blocks[i / SUB_BLOCK]);
  for (; i + BLOCK <= j; i += BLOCK)
    extent_merge (&e, &s->blocks[i / BLOCK]);
  for (; i + SUB_BLOCK <= j; i += SUB_BLOCK)
    extent_merge (&e, &s->sub_blocks[i / SUB_BLOCK]);
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

/* Where @v sits on @axis, 0..1 inside it (clamped a little outside, so that cairo's fixed
 * point never sees a wild coordinate), or NaN when it cannot be drawn. */
static double
axis_fraction (const Axis *axis, double v)
{
  double f;

  if (!isfinite (v))
    return NAN;
  f = axis->log ? adj_chart_scale_log (v, axis->lo, axis->hi)
                : adj_chart_scale_linear (v, axis->lo, axis->hi);
  return isnan (f) ? f : CLAMP (f, -0.5, 1.5);
}

/* k × 10^e, the double nearest the decimal when k is an integer: dividing by an exact
 * power of ten rounds once, multiplying by 10^-e would round twice. */
static double
decimal (double k, int e)
{
  return e >= 0 ? k * pow (10, e) : k / pow (10, -e);
}

static const Theme *
get_theme (AdjChartModel *self)
{
  return self->dark ? &dark_theme : &light_theme;
}

static void
set_source_hex (cairo_t *cr, guint32 c)
{
  cairo_set_source_rgb (cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
                        (c & 0xff) / 255.0);
}

static void
set_line_style (AdjChartModel *self, cairo_t *cr, const Series *s)
{
  guint style = s->style % G_N_ELEMENTS (dash_styles);
  double w = LINE_W * self->font_scale;
  double dashes[G_N_ELEMENTS (dash_styles[0].dashes)];

  for (int i = 0; i < dash_styles[style].n; i++)
    dashes[i] = dash_styles[style].dashes[i] * w;
  set_source_hex (cr, get_theme (self)->series[style]);
  cairo_set_line_width (cr, w);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_dash (cr, dashes, dash_styles[style].n, 0);
}

/* Drops every cached layout and font: after a font-scale change, or when the Pango context
 * is replaced (a widget's new root or font setting). They come back on the next draw. */
static void
reset_text (AdjChartModel *self)
{
  g_clear_pointer (&self->tick_font, pango_font_description_free);
  g_clear_pointer (&self->title_font, pango_font_description_free);
  g_clear_object (&self->title_layout);
  g_clear_object (&self->x_label_layout);
  g_clear_object (&self->probe_layout);
  g_ptr_array_set_size (self->tick_layouts, 0);
  for (guint i = 0; i < self->series->len; i++)
    g_clear_object (&get_series (self, i)->legend);
}

/* Replaces *@field with a copy of @value; FALSE when they were equal. (g_set_str() is 2.76.) */
static gboolean
set_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static PangoLayout *
new_layout (AdjChartModel *self, const PangoFontDescription *font)
{
  PangoLayout *layout = pango_layout_new (self->context);

  pango_layout_set_font_description (layout, font);
  return layout;
}

/* Our own context follows @cr: its transformation (glyphs hinted for the device's pixels),
 * and font options that make a PNG match the screen (GTK's defaults: greyscale, medium
 * hinting, and unhinted metrics, so text is as wide at every size and a layout moves by no
 * pixel) and leave a vector file's glyphs unhinted. Every update is a change to Pango, after
 * which each layout shapes its text again, so only a new kind of target or a new scale
 * updates. */
static void
update_own_context (AdjChartModel *self, cairo_t *cr)
{
  cairo_font_options_t *options;
  cairo_matrix_t m;
  ContextTarget target;

  cairo_get_matrix (cr, &m);
  target = (ContextTarget) {
    TRUE, cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE,
    m.xx, m.yx, m.xy, m.yy,
  };
  if (self->synced.valid && self->synced.raster == target.raster &&
      self->synced.xx == m.xx && self->synced.yx == m.yx && self->synced.xy == m.xy &&
      self->synced.yy == m.yy)
    return;
  self->synced = target;

  options = cairo_font_options_create ();
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, target.raster ? CAIRO_HINT_STYLE_MEDIUM
                                                            : CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_cairo_update_context (cr, self->context);
}

/* The context's font family (a widget's theme font, or "Sans") at the chart's sizes. */
static void
ensure_text (AdjChartModel *self, cairo_t *cr)
{
  if (self->context == NULL)
    {
      g_autoptr (PangoFontDescription) font = pango_font_description_from_string (DEFAULT_FONT);

      self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      pango_context_set_font_description (self->context, font);
      self->own_context = TRUE;
    }
  if (self->own_context)
    update_own_context (self, cr);
  if (self->tick_font != NULL)
    return;

  self->tick_font =
    pango_font_description_copy (pango_context_get_font_description (self->context));
  pango_font_description_set_size (self->tick_font,
                                   (int) (TICK_PT * self->font_scale * PANGO_SCALE));
  self->title_font = pango_font_description_copy (self->tick_font);
  pango_font_description_set_size (self->title_font,
                                   (int) (TITLE_PT * self->font_scale * PANGO_SCALE));
  pango_font_description_set_weight (self->title_font, PANGO_WEIGHT_BOLD);

  self->title_layout = new_layout (self, self->title_font);
  self->x_label_layout = new_layout (self, self->tick_font);
  self->probe_layout = new_layout (self, self->tick_font);
  pango_layout_set_text (self->probe_layout, "0123456789", -1);
}

/* Sets @text unless the layout has it already: unchanged labels keep their shaping. */
static void
set_text (PangoLayout *layout, const char *text)
{
  if (g_strcmp0 (pango_layout_get_text (layout), text) != 0)
    pango_layout_set_text (layout, text, -1);
}

/* Tick label @i of this frame, showing @text. The pool only grows in the first frames. */
static PangoLayout *
tick_layout (AdjChartModel *self, guint i, const char *text)
{
  PangoLayout *layout;

  while (self->tick_layouts->len <= i)
    g_ptr_array_add (self->tick_layouts, new_layout (self, self->tick_font));
  layout = g_ptr_array_index (self->tick_layouts, i);
  set_text (layout, text);
  return layout;
}

static void
layout_size (PangoLayout *layout, double *w, double *h)
{
  int iw, ih;

  pango_layout_get_pixel_size (layout, &iw, &ih);
  *w = iw;
  *h = ih;
}

static void
show_layout (cairo_t *cr, PangoLayout *layout, const double rgb[3], double x, double y)
{
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_move_to (cr, round (x), round (y));
  pango_cairo_show_layout (cr, layout);
}

/* How much the header says, as room allows. */
typedef enum {
  HEADER_TITLE,        /* the title alone */
  HEADER_LABELS,       /* and the series' labels */
  HEADER_VALUES,       /* and their last values */
} HeaderDetail;

static void
legend_text (const Series *s, HeaderDetail detail, char *buf, gsize size)
{
  char value[ADJ_CHART_LABEL_SIZE];

  if (s->n == 0 || detail < HEADER_VALUES)
    g_strlcpy (buf, s->label, size);
  else
    {
      adj_chart_format_value (value, s->y[s->n - 1], s->axis);
      g_snprintf (buf, size, "%s %s", s->label, value);
    }
}

/* The title and the legend, flowing left to right and wrapping; items on the title's row
 * are centred on it. Draws them when @draw. Returns the y below them. */
static double
header_flow (AdjChartModel *self, cairo_t *cr, double width, HeaderDetail detail, gboolean draw)
{
  const Theme *th = get_theme (self);
  double sc = self->font_scale;
  double left = PAD * sc, x = left, y = PAD * sc, row_h = 0, first_row_h = 0;
  gboolean first_row = TRUE;
  char text[256];
  double w, h;

  if (self->title != NULL && *self->title != '\0')
    {
      set_text (self->title_layout, self->title);
      layout_size (self->title_layout, &w, &h);
      if (draw)
        show_layout (cr, self->title_layout, th->fg, x, y);
      x += w + LEGEND_GAP * sc;
      row_h = first_row_h = h;
    }

  for (guint i = 0; i < self->series->len && detail > HEADER_TITLE; i++)
    {
      Series *s = get_series (self, i);
      double item_w, item_y;

      if (s->legend == NULL)
        s->legend = new_layout (self, self->tick_font);
      legend_text (s, detail, text, sizeof text);
      set_text (s->legend, text);
      layout_size (s->legend, &w, &h);
      item_w = (SAMPLE_W + 4) * sc + w;

      if (x > left && x + item_w > width - PAD * sc)
        {
          x = left;
          y += row_h + 2 * sc;
          row_h = 0;
          first_row = FALSE;
        }
      item_y = first_row ? y + MAX (0, (first_row_h - h) / 2) : y;
      if (draw)
        {
          /* An odd line width is crisp on a half pixel. */
          double my = round (item_y + h / 2) + ((int) round (LINE_W * sc) % 2 ? 0.5 : 0);

          cairo_save (cr);
          set_line_style (self, cr, s);
          cairo_move_to (cr, x + LINE_W * sc, my);
          cairo_line_to (cr, x + (SAMPLE_W - LINE_W) * sc, my);
          cairo_stroke (cr);
          cairo_restore (cr);
          show_layout (cr, s->legend, th->fg, x + (SAMPLE_W + 4) * sc, item_y);
        }
      x += item_w + LEGEND_GAP * sc;
      row_h = MAX (row_h, item_y - y + h);
    }
  return y + row_h;
}

/* Formats and measures the labels of @ticks into the pool from @first; returns the widest. */
static double
label_ticks (AdjChartModel *self, guint first, const double *ticks, guint n, const Axis *axis,
             gboolean percent)
{
  char buf[ADJ_CHART_LABEL_SIZE];
  gboolean powers = FALSE;
  double step = n > 1 ? ticks[1] - ticks[0] : 1;
  double widest = 0, w, h;

  /* One notation per axis: powers of ten for all when any tick needs them. */
  if (axis->log)
    for (guint i = 0; i < n; i++)
      powers |= ticks[i] < 0.999e-3 || ticks[i] > 1.001e3;

  for (guint i = 0; i < n; i++)
    {
      if (axis->log)
        adj_chart_format_log_tick (buf, ticks[i], powers);
      else
        adj_chart_format_tick (buf, ticks[i], step, percent);
      layout_size (tick_layout (self, first + i, buf), &w, &h);
      widest = MAX (widest, w);
    }
  return widest;
}

/* Horizontal grid lines at @ticks, and on a log axis faint ones at 2..9 × 10^k when the
 * decades are tall enough to read them. */
static void
draw_y_grid (AdjChartModel *self, cairo_t *cr, const Axis *axis, const double *ticks, guint n,
             const AdjChartRect *plot)
{
  const Theme *th = get_theme (self);
  double sc = self->font_scale;
  double x0 = plot->origin.x, x1 = plot->origin.x + plot->size.width;

  cairo_set_line_width (cr, 1);
  if (axis->log)
    {
      double decade_px = plot->size.height / (log10 (axis->hi) - log10 (axis->lo));
      int d0 = (int) floor (log10 (axis->lo)), d1 = (int) ceil (log10 (axis->hi));

      /* Every decade gets a line, labelled or not; the 2..9 lines need room. */
      cairo_set_source_rgba (cr, th->minor[0], th->minor[1], th->minor[2], th->minor[3]);
      for (int d = d0; d <= d1 && d1 - d0 < 400; d++)
        for (int m = decade_px >= 24 * sc ? 2 : 10; m <= 9; m++)
          {
            double f = axis_fraction (axis, decimal (m, d));

            if (f > 0 && f < 1)
              {
                double y = round (plot->origin.y + (1 - f) * plot->size.height) + 0.5;

                cairo_move_to (cr, x0, y);
                cairo_line_to (cr, x1, y);
              }
          }
      cairo_stroke (cr);
      if (decade_px >= 4)
        {
          cairo_set_source_rgba (cr, th->grid[0], th->grid[1], th->grid[2], th->grid[3] * 0.6);
          for (int d = d0; d <= d1 && d1 - d0 < 400; d++)
            {
              double f = axis_fraction (axis, decimal (1, d));

              if (f > 0 && f < 1)
                {
                  double y = round (plot->origin.y + (1 - f) * plot->size.height) + 0.5;

                  cairo_move_to (cr, x0, y);
                  cairo_line_to (cr, x1, y);
                }
            }
          cairo_stroke (cr);
        }
    }

  cairo_set_source_rgba (cr, th->grid[0], th->grid[1], th->grid[2], th->grid[3]);
  for (guint i = 0; i < n; i++)
    {
      double f = axis_fraction (axis, ticks[i]);
      double y = round (plot->origin.y + (1 - f) * plot->size.height) + 0.5;

      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x1, y);
    }
  cairo_stroke (cr);
}

/* Tick marks and labels (from the pool, from @first) beside the left or right edge. */
static void
draw_y_labels (AdjChartModel *self, cairo_t *cr, const Axis *axis, const double *ticks, guint n,
               guint first, const AdjChartRect *plot, gboolean right, double height)
{
  const Theme *th = get_theme (self);
  double sc = self->font_scale;
  double edge = right ? plot->origin.x + plot->size.width : plot->origin.x;

  cairo_set_source_rgba (cr, th->axis[0], th->axis[1], th->axis[2], th->axis[3]);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n; i++)
    {
      double y = round (plot->origin.y + (1 - axis_fraction (axis, ticks[i])) *
                        plot->size.height) + 0.5;

      cairo_move_to (cr, edge, y);
      cairo_line_to (cr, edge + (right ? TICK_LEN : -TICK_LEN) * sc, y);
    }
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *layout = g_ptr_array_index (self->tick_layouts, first + i);
      double y = plot->origin.y + (1 - axis_fraction (axis, ticks[i])) * plot->size.height;
      double w, h;

      layout_size (layout, &w, &h);
      show_layout (cr, layout, th->muted,
                   right ? edge + (TICK_LEN + 2) * sc : edge - (TICK_LEN + 2) * sc - w,
                   CLAMP (y - h / 2, 0, height - h));
    }
}

/* Appends the vertex (@x, @y) to the trace; NaN @x ends a run. Grows only in the first frames
 * and as a run's points grow towards two per pixel column. */
static void
trace_add (AdjChartModel *self, double x, double y)
{
  if (self->trace_len + 2 > self->trace_capacity)
    {
      self->trace_capacity = MAX (2 * self->trace_capacity, 1024);
      self->trace = g_renew (double, self->trace, self->trace_capacity);
    }
  self->trace[self->trace_len++] = x;
  self->trace[self->trace_len++] = y;
}

static void
trace_end_run (AdjChartModel *self)
{
  if (self->trace_len > 0 && !isnan (self->trace[self->trace_len - 2]))
    trace_add (self, NAN, NAN);
}

/* A series as a polyline, into the trace in the drawing's coordinates. Up to two points per
 * pixel column it joins the points themselves; past that, each column's points become one
 * vertical stroke from their least to their greatest value (from the block summary), so
 * spikes survive and a frame costs the width, not the length of the run. Undrawable points
 * break the line; a lone point is a dot. */
static void
trace_series (AdjChartModel *self, const Series *s, const Axis *xa, const Axis *ya,
              const AdjChartRect *plot)
{
  double px0 = plot->origin.x, py0 = plot->origin.y;
  double pw = plot->size.width, ph = plot->size.height;
  gsize columns = (gsize) MAX (floor (pw), 1);
  guint run = 0;
  double last_y = 0;

  self->trace_len = 0;
  if (s->n == 0)
    return;

#define EMIT(X, Y) G_STMT_START {                                                        \
    trace_add (self, (X), (Y));                                                         \
    run++;                                                                              \
    last_y = (Y);                                                                       \
    self->frame.n_vertices++;                                                           \
  } G_STMT_END
#define END_RUN() G_STMT_START {                                                         \
    trace_end_run (self);                                                               \
    run = 0;                                                                            \
  } G_STMT_END

  if (s->n <= 2 * columns)
    for (gsize i = 0; i < s->n; i++)
      {
        double fy = axis_fraction (ya, s->y[i]);

        if (isnan (fy))
          END_RUN ();
        else
          EMIT (px0 + axis_fraction (xa, s->x[i]) * pw, py0 + (1 - fy) * ph);
      }
  else
    {
      gsize i = 0;

      for (gsize c = 0; c < columns && i < s->n; c++)
        {
          double x_end = xa->lo + (double) (c + 1) / columns * (xa->hi - xa->lo);
          gsize j = c + 1 == columns ? s->n : lower_bound (s->x, i, s->n, x_end);
          double lo, hi, y_lo, y_hi, x;
          Extent e;

          if (j == i)
            continue;   /* no points here: the line runs on to the next column */
          e = extent_of_range (s, i, j);
          i = j;
          if (!extent_bounds (&e, ya->log, &lo, &hi))
            {
              END_RUN ();
              continue;
            }
          x = px0 + c + 0.5;
          y_lo = py0 + (1 - axis_fraction (ya, lo)) * ph;
          y_hi = py0 + (1 - axis_fraction (ya, hi)) * ph;
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
}

/* The trace as a cairo path, stroked with the series' dashes: for vector files, and any
 * target whose pixels we cannot know. */
static void
stroke_trace (AdjChartModel *self, cairo_t *cr, const Series *s)
{
  guint run = 0;
  double last_x = 0, last_y = 0;

  for (gsize i = 0; i < self->trace_len; i += 2)
    {
      double x = self->trace[i], y = self->trace[i + 1];

      if (isnan (x))
        {
          if (run == 1)
            cairo_line_to (cr, last_x, last_y);   /* a dot */
          run = 0;
          continue;
        }
      if (run++ == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
      last_x = x;
      last_y = y;
    }
  cairo_save (cr);
  set_line_style (self, cr, s);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* ---- rasterising the series ------------------------------------------------------------
 *
 * Cairo's stroker and scan converter take milliseconds over a noisy series: a few hundred
 * long, steep segments with a sharp turn at each, cut into hundreds of dashes with round
 * caps. On a raster target the model draws each series itself instead, into an A8 mask the
 * plot's size in pixels, and paints the series' colour through it once. A round-capped,
 * round-joined stroke is the union of discs at its vertices and dash ends and of bands
 * along its segments; a pixel is covered by max (0, min (1, r + 1/2 - d)), d its centre's
 * distance to the nearest, which is a box filter's coverage of a straight edge. The union
 * takes the greatest coverage, so crossings and joins do not darken. The cost is the
 * pixels near the line, a few per row it crosses, with no sorting of edges. */

/* The mask's pixels and the drawing's user space. */
typedef struct {
  double scale;                /* mask pixels per user unit */
  double dx, dy;               /* a user point's mask pixel is scale · (x, y) + (dx, dy) */
  int    width, height;        /* of the mask */
  double device_scale;         /* the mask's, so that a pixel is one of the target's */
  double paint_x, paint_y;     /* where the mask goes in the target's unscaled user space */
} RasterPlan;

/* One series' coverage, being drawn. */
typedef struct {
  guint8       *data;
  int           stride, width, height;
  float         reach;         /* half the line width plus half a pixel: coverage ends there */
  const guint8 *stamps;
  int           stamp_size;
} Raster;

/* floor(), without a call into the maths library on CPUs that lack a rounding instruction. */
static inline int
floor_int (float v)
{
  int i = (int) v;

  return i - (v < (float) i);
}

/* Raises the pixel at @p to the coverage @c, clamped to 0..1. */
static inline void
cover (guint8 *p, float c)
{
  /* Clamped as an integer, which compiles to conditional moves: the coverage of the pixels
   * at a line's edge goes up and down too irregularly for branches. */
  int v = (int) (c * 255 + 0.5f);

  v = v < 255 ? v : 255;
  v = v > 0 ? v : 0;
  *p = *p > v ? *p : (guint8) v;
}

/* Whether the series can be rasterised for @cr, and how. An image, unrotated and unskewed,
 * gives its pixels; a recording (a GTK render node) is played back later at the scale
 * factor the caller set, if it set one; anything else (a vector file, a rotation) strokes. */
static gboolean
plan_raster (AdjChartModel *self, cairo_t *cr, const AdjChartRect *plot, RasterPlan *plan)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_matrix_t m;
  double f, sx, sy, ox, oy, tx, ty, x0, y0, x1, y1;

  switch (cairo_surface_get_type (target))
    {
    case CAIRO_SURFACE_TYPE_IMAGE:
      f = 1;
      break;
    case CAIRO_SURFACE_TYPE_RECORDING:
      f = self->scale_factor;
      break;
    default:
      f = 0;
      break;
    }
  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  if (!(f > 0) || m.xy != 0 || m.yx != 0 || !(m.xx > 0) || m.xx != m.yy || sx != sy)
    return FALSE;

  /* A pixel is f · (device scale · (matrix · user) + device offset). */
  plan->scale = f * sx * m.xx;
  tx = f * (sx * m.x0 + ox);
  ty = f * (sy * m.y0 + oy);
  x0 = floor (plan->scale * plot->origin.x + tx);
  y0 = floor (plan->scale * plot->origin.y + ty);
  x1 = ceil (plan->scale * (plot->origin.x + plot->size.width) + tx);
  y1 = ceil (plan->scale * (plot->origin.y + plot->size.height) + ty);
  if (!((x1 - x0) * (y1 - y0) <= MAX_MASK_PIXELS) || fabs (x0) > 1e6 || fabs (y0) > 1e6 ||
      LINE_W * self->font_scale * plan->scale > MAX_RASTER_WIDTH)
    return FALSE;
  plan->dx = tx - x0;
  plan->dy = ty - y0;
  plan->width = (int) (x1 - x0);
  plan->height = (int) (y1 - y0);
  plan->device_scale = f * sx;
  plan->paint_x = (x0 / f - ox) / sx;
  plan->paint_y = (y0 / f - oy) / sy;
  return TRUE;
}

static void
drop_mask (AdjChartModel *self)
{
  g_clear_pointer (&self->mask_pattern, cairo_pattern_destroy);
  g_clear_pointer (&self->mask, cairo_surface_destroy);
}

/* The mask and the discs for @plan and the current line width; FALSE if cairo cannot make
 * the mask. Allocates only when the plot's size or the line width changes. */
static gboolean
ensure_raster (AdjChartModel *self, const RasterPlan *plan)
{
  double radius = LINE_W * self->font_scale * plan->scale / 2 + 0.5;

  cairo_matrix_t m;

  if (self->mask != NULL && (cairo_image_surface_get_width (self->mask) != plan->width ||
                             cairo_image_surface_get_height (self->mask) != plan->height))
    drop_mask (self);
  if (self->mask == NULL)
    {
      self->mask = cairo_image_surface_create (CAIRO_FORMAT_A8, plan->width, plan->height);
      self->mask_pattern = cairo_pattern_create_for_surface (self->mask);
      if (cairo_pattern_status (self->mask_pattern) != CAIRO_STATUS_SUCCESS)
        {
          drop_mask (self);
          return FALSE;
        }
    }
  cairo_surface_set_device_scale (self->mask, plan->device_scale, plan->device_scale);
  cairo_matrix_init_translate (&m, -plan->paint_x, -plan->paint_y);
  cairo_pattern_set_matrix (self->mask_pattern, &m);

  if (self->stamp_radius != radius)
    {
      int size = (int) ceil (2 * radius);

      /* Disc (qx, qy) is centred qx/STAMP_STEPS of a pixel right of (and qy below) the one
       * before, half a step in, so each stands for the offsets nearest it. */
      self->stamps = g_renew (guint8, self->stamps,
                              (gsize) STAMP_STEPS * STAMP_STEPS * size * size);
      for (int qy = 0; qy < STAMP_STEPS; qy++)
        for (int qx = 0; qx < STAMP_STEPS; qx++)
          {
            guint8 *stamp = self->stamps + (gsize) (qy * STAMP_STEPS + qx) * size * size;
            double cx = radius - 0.5 + (qx + 0.5) / STAMP_STEPS;
            double cy = radius - 0.5 + (qy + 0.5) / STAMP_STEPS;

            for (int y = 0; y < size; y++)
              for (int x = 0; x < size; x++)
                {
                  stamp[y * size + x] = 0;
                  cover (&stamp[y * size + x],
                         (float) (radius - hypot (x + 0.5 - cx, y + 0.5 - cy)));
                }
          }
      self->stamp_radius = radius;
      self->stamp_size = size;
    }
  return TRUE;
}

/* A disc of the line's width centred on (@cx, @cy): a round cap, a join or a dot. */
static inline void
raster_disc (const Raster *r, float cx, float cy)
{
  int n = r->stamp_size;
  /* The top-left pixel the disc can reach, in 1/STAMP_STEPS of a pixel: its whole part
   * places the stamp, the rest picks it. */
  int fx = floor_int ((cx - r->reach + 0.5f) * STAMP_STEPS);
  int fy = floor_int ((cy - r->reach + 0.5f) * STAMP_STEPS);
  int x0 = fx >= 0 ? fx / STAMP_STEPS : -1 - (-1 - fx) / STAMP_STEPS;
  int y0 = fy >= 0 ? fy / STAMP_STEPS : -1 - (-1 - fy) / STAMP_STEPS;
  const guint8 *stamp = r->stamps + (gsize) ((fy - y0 * STAMP_STEPS) * STAMP_STEPS +
                                             (fx - x0 * STAMP_STEPS)) * n * n;
  int xa = MAX (x0, 0), xb = MIN (x0 + n, r->width);
  int ya = MAX (y0, 0), yb = MIN (y0 + n, r->height);

  if (xb - xa == n && yb - ya == n)
    {
      /* Inside the mask, as nearly all are. */
      guint8 *row = r->data + (gsize) y0 * r->stride + x0;

      for (int y = 0; y < n; y++, row += r->stride, stamp += n)
        for (int x = 0; x < n; x++)
          row[x] = row[x] > stamp[x] ? row[x] : stamp[x];
      return;
    }
  for (int y = ya; y < yb; y++)
    {
      guint8 *row = r->data + (gsize) y * r->stride;
      const guint8 *src = stamp + (y - y0) * n - x0;

      for (int x = xa; x < xb; x++)
        row[x] = row[x] > src[x] ? row[x] : src[x];
    }
}

/* The straight part of a stroke from (@ax, @ay) to (@bx, @by): the pixels whose centres
 * project onto the segment; the discs at its ends do the rest. Walks the rows a steep
 * segment crosses, or the columns of a shallow one, and the same few pixels across each, so
 * that the branches go the same way row after row. */
static void
raster_band (const Raster *r, float ax, float ay, float bx, float by)
{
  float dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy, len, ux, uy, k, slope, across;
  int along_n, across_n, y0, y1, mid0, mid1, n;
  gsize along_step, across_step;
  guint8 rows[STAMP_STEPS][BAND_MAX_ACROSS];
  gint64 fx = 0, fx_step = 0;
  gboolean table;

  /* Shorter than a quarter pixel, the discs at its ends leave out less than 1/100 of one. */
  if (!(len2 >= 0.0625f))
    return;
  len = sqrtf (len2);
  if (dx == 0 && 2 * r->reach < BAND_MAX_ACROSS)
    {
      /* Vertical, as each pixel column of a long run is: the same coverage on every row. */
      guint8 row[BAND_MAX_ACROSS];
      int xa = MAX (floor_int (ax - r->reach + 0.5f), 0);
      int xb = MIN (floor_int (ax + r->reach - 0.5f), r->width - 1);

      n = xb - xa + 1;
      for (int i = 0; i < n; i++)
        {
          row[i] = 0;
          cover (&row[i], r->reach - fabsf (xa + i + 0.5f - ax));
        }
      y0 = MAX (floor_int (MIN (ay, by) + 0.5f), 0);    /* centres within the segment */
      y1 = MIN (floor_int (MAX (ay, by) - 0.5f), r->height - 1);
      for (int y = y0; y <= y1; y++)
        {
          guint8 *p = r->data + (gsize) y * r->stride + xa;

          for (int i = 0; i < n; i++)
            p[i] = p[i] > row[i] ? p[i] : row[i];
        }
      return;
    }
  if (fabsf (dy) < fabsf (dx))
    {
      /* Shallow: the same, with x and y swapped. */
      float t;

      t = ax, ax = ay, ay = t;
      t = bx, bx = by, by = t;
      t = dx, dx = dy, dy = t;
      along_n = r->width;
      across_n = r->height;
      along_step = 1;
      across_step = (gsize) r->stride;
    }
  else
    {
      along_n = r->height;
      across_n = r->width;
      along_step = (gsize) r->stride;
      across_step = 1;
    }
  ux = dx / len;
  uy = dy / len;
  k = fabsf (uy);                /* distance from the line per pixel across */
  slope = dx / dy;
  across = r->reach / k;         /* how far across a row the coverage reaches */
  n = (int) ceilf (2 * across);  /* pixels across a row that it can reach */
  y0 = MAX (floor_int (MIN (ay, by) - r->reach + 0.5f), 0);
  y1 = MIN (floor_int (MAX (ay, by) + r->reach - 0.5f), along_n - 1);

  /* The rows whose pixels all project onto the segment, well inside its ends: a pixel is
   * within across + 1 of the line's point on its row, so within du of that point along it. */
  {
    float du = (across + 1) * fabsf (ux), lo = ay + uy * du, hi = ay + uy * (len - du);

    mid0 = MAX (floor_int (MIN (lo, hi) + 0.5f), y0);   /* row centres from MIN (lo, hi) */
    mid1 = MIN (floor_int (MAX (lo, hi) - 0.5f), y1);
    if (!(len > 2 * du))
      mid0 = y1 + 1, mid1 = y1;
  }
  /* A long band takes those rows' coverage from a table of the STAMP_STEPS offsets of the
   * row's first pixel from the line, as the discs do, and steps from row to row in fixed
   * point (1/65536 of a step): a few byte copies a row. */
  table = mid1 - mid0 >= BAND_TABLE_ROWS && n <= BAND_MAX_ACROSS;
  if (table)
    {
      double start = ax + (mid0 + 0.5 - ay) * slope - across + 0.5;

      fx = (gint64) floor (start * STAMP_STEPS * 65536 + 0.5);
      fx_step = (gint64) floor ((double) slope * STAMP_STEPS * 65536 + 0.5);
      for (int q = 0; q < STAMP_STEPS; q++)
        for (int i = 0; i < n; i++)
          {
            rows[q][i] = 0;
            cover (&rows[q][i],
                   r->reach - fabsf ((i + 1 - across - (q + 0.5f) / STAMP_STEPS) * k));
          }
    }

  for (int y = y0; y <= y1; y++)
    {
      guint8 *p = r->data + (gsize) y * along_step;
      float yc, xc, h, u;
      int xa;

      if (table && y >= mid0 && y <= mid1)
        {
          int xq = (int) (fx / 65536);

          xa = xq / STAMP_STEPS;
          if (fx >= 0 && xa + n <= across_n)
            {
              const guint8 *src = rows[xq % STAMP_STEPS];

              p += (gsize) xa * across_step;
              for (int i = 0; i < n; i++, p += across_step)
                *p = *p > src[i] ? *p : src[i];
              fx += fx_step;
              continue;
            }
          fx += fx_step;
        }

      /* The pixels from where the coverage can start, each covered by its distance from the
       * line if its centre projects onto the segment. */
      yc = y + 0.5f - ay;
      xc = ax + yc * slope;
      xa = floor_int (xc - across + 0.5f);
      h = (xa + 0.5f - xc) * k;                  /* signed distance from the line */
      u = (xa + 0.5f - ax) * ux + yc * uy;       /* along the segment, from a */
      if (y >= mid0 && y <= mid1 && xa >= 0 && xa + n <= across_n)
        {
          p += (gsize) xa * across_step;
          for (int i = 0; i < n; i++, h += k, p += across_step)
            cover (p, r->reach - fabsf (h));
        }
      else
        for (int x = xa; x < xa + n; x++, h += k, u += ux)
          if (x >= 0 && x < across_n && u >= 0 && u <= len)
            cover (p + (gsize) x * across_step, r->reach - fabsf (h));
    }
}

/* The trace's runs with the series' dashes, as cairo would stroke them: the pattern starts
 * afresh with each run, dashes turn corners, and every dash has round caps. */
static void
raster_trace (AdjChartModel *self, const Raster *r, const Series *s, const RasterPlan *plan)
{
  guint style = s->style % G_N_ELEMENTS (dash_styles);
  double unit = LINE_W * self->font_scale * plan->scale;   /* a line width in pixels */
  double dashes[G_N_ELEMENTS (dash_styles[0].dashes)];
  int n_dashes = dash_styles[style].n, dash = 0;
  gboolean start = TRUE;
  double px = 0, py = 0, left = 0;

  for (int i = 0; i < n_dashes; i++)
    dashes[i] = dash_styles[style].dashes[i] * unit;

  for (gsize i = 0; i < self->trace_len; i += 2)
    {
      double x, y, sx, sy, len, step_x, step_y, t = 0;

      if (isnan (self->trace[i]))
        {
          start = TRUE;
          continue;
        }
      x = plan->scale * self->trace[i] + plan->dx;
      y = plan->scale * self->trace[i + 1] + plan->dy;
      if (start)
        {
          raster_disc (r, (float) x, (float) y);
          start = FALSE;
          dash = 0;
          left = n_dashes > 0 ? dashes[0] : INFINITY;
          px = x;
          py = y;
          continue;
        }

      sx = px;
      sy = py;
      len = sqrt ((x - sx) * (x - sx) + (y - sy) * (y - sy));
      step_x = len > 0 ? (x - sx) / len : 0;
      step_y = len > 0 ? (y - sy) / len : 0;
      /* Each end of a dash inside this segment: a cap closing one (on an even index), or
       * opening the next. A dot's two caps are one disc. */
      while (len - t > left)
        {
          double qx, qy;

          t += left;
          qx = sx + step_x * t;
          qy = sy + step_y * t;
          if (dash % 2 == 0)
            {
              if (dashes[dash] >= 1.0 / STAMP_STEPS)
                {
                  raster_band (r, (float) px, (float) py, (float) qx, (float) qy);
                  raster_disc (r, (float) qx, (float) qy);
                }
            }
          else
            raster_disc (r, (float) qx, (float) qy);
          if (++dash == n_dashes)
            dash = 0;
          left = dashes[dash];
          px = qx;
          py = qy;
        }
      left -= len - t;
      if (dash % 2 == 0)
        {
          raster_band (r, (float) px, (float) py, (float) x, (float) y);
          raster_disc (r, (float) x, (float) y);     /* a join, or the last cap */
        }
      px = x;
      py = y;
    }
}

/* Draws the trace of @s through the mask in its colour, in the unscaled user space the
 * caller set up for @plan. */
static void
raster_series (AdjChartModel *self, cairo_t *cr, const Series *s, const RasterPlan *plan)
{
  Raster r;

  /* Before writing into the pixels: a recording that still holds the last series gets its
   * own copy now. */
  cairo_surface_flush (self->mask);
  r = (Raster) {
    cairo_image_surface_get_data (self->mask), cairo_image_surface_get_stride (self->mask),
    plan->width, plan->height, (float) self->stamp_radius, self->stamps, self->stamp_size,
  };
  memset (r.data, 0, (gsize) r.stride * r.height);
  raster_trace (self, &r, s, plan);
  cairo_surface_mark_dirty (self->mask);

  set_source_hex (cr, get_theme (self)->series[s->style % G_N_ELEMENTS (dash_styles)]);
  cairo_mask (cr, self->mask_pattern);
}

/* Paints the theme's background and the chart on @surface; returns the drawing's status. */
static cairo_status_t
paint_surface (AdjChartModel *self, cairo_surface_t *surface, double width, double height)
{
  const Theme *th = get_theme (self);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  cairo_set_source_rgb (cr, th->bg[0], th->bg[1], th->bg[2]);
  cairo_paint (cr);
  adj_chart_model_draw (self, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);
  return status;
}

/* ---- public API ----------------------------------------------------------------------- */

AdjChartModel *
adj_chart_model_new (void)
{
  AdjChartModel *self = g_new0 (AdjChartModel, 1);

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->tick_layouts = g_ptr_array_new_with_free_func (g_object_unref);
  self->font_scale = 1.0;
  return self;
}

void
adj_chart_model_free (AdjChartModel *self)
{
  if (self == NULL)
    return;
  reset_text (self);
  g_clear_object (&self->context);
  drop_mask (self);
  g_free (self->stamps);
  g_free (self->trace);
  g_ptr_array_unref (self->tick_layouts);
  g_ptr_array_unref (self->series);
  g_free (self->title);
  g_free (self->x_label);
  g_free (self);
}

guint
adj_chart_model_add_series (AdjChartModel *self, const char *label, AdjChartAxis axis)
{
  Series *s;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (label != NULL, 0);
  g_return_val_if_fail (axis == ADJ_CHART_AXIS_LEFT || axis == ADJ_CHART_AXIS_RIGHT_UNIT, 0);

  s = g_new0 (Series, 1);
  s->label = g_strdup (label);
  s->axis = axis;
  s->style = self->series->len;
  s->all = EXTENT_EMPTY;
  g_ptr_array_add (self->series, s);
  return self->series->len - 1;
}

guint
adj_chart_model_get_n_series (AdjChartModel *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->series->len;
}

gsize
adj_chart_model_get_n_points (AdjChartModel *self, guint series)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (series < self->series->len, 0);
  return get_series (self, series)->n;
}

void
adj_chart_model_get_series_rgb (AdjChartModel *self, guint series, double rgb[3])
{
  guint32 c;

  g_return_if_fail (self != NULL);
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (rgb != NULL);

  c = get_theme (self)->series[get_series (self, series)->style % G_N_ELEMENTS (dash_styles)];
  rgb[0] = ((c >> 16) & 0xff) / 255.0;
  rgb[1] = ((c >> 8) & 0xff) / 255.0;
  rgb[2] = (c & 0xff) / 255.0;
}

void
adj_chart_model_append (AdjChartModel *self, guint series, double x, double y)
{
  Series *s;

  g_return_if_fail (self != NULL);
  g_return_if_fail (series < self->series->len);
  s = get_series (self, series);
  g_return_if_fail (isfinite (x));
  if (s->n > 0 && x < s->x[s->n - 1])
    {
      g_critical ("%s: x = %g is before the previous point's %g in series \"%s\"; did you "
                  "forget adj_chart_clear() (or adj_chart_model_clear()) before a new run?",
                  G_STRFUNC, x, s->x[s->n - 1], s->label);
      return;
    }

  if (s->n == s->capacity)
    {
      /* A multiple of BLOCK, so every block has a summary slot. */
      s->capacity = MAX (2 * s->capacity, BLOCK);
      s->x = g_renew (double, s->x, s->capacity);
      s->y = g_renew (double, s->y, s->capacity);
      s->blocks = g_renew (Extent, s->blocks, s->capacity / BLOCK);
      s->sub_blocks = g_renew (Extent, s->sub_blocks, s->capacity / SUB_BLOCK);
    }
  if (s->n % BLOCK == 0)
    s->blocks[s->n / BLOCK] = EXTENT_EMPTY;
  if (s->n % SUB_BLOCK == 0)
    s->sub_blocks[s->n / SUB_BLOCK] = EXTENT_EMPTY;
  s->x[s->n] = x;
  s->y[s->n] = y;
  extent_add (&s->blocks[s->n / BLOCK], y);
  extent_add (&s->sub_blocks[s->n / SUB_BLOCK], y);
  extent_add (&s->all, y);
  s->n++;
}

void
adj_chart_model_clear (AdjChartModel *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = get_series (self, i);

      s->n = 0;
      s->all = EXTENT_EMPTY;
    }
}

void
adj_chart_model_remove_all_series (AdjChartModel *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->series, 0);
}

gboolean
adj_chart_model_set_log_scale (AdjChartModel *self, gboolean log_scale)
{
  g_return_val_if_fail (self != NULL, FALSE);

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return FALSE;
  self->log_scale = log_scale;
  return TRUE;
}

gboolean
adj_chart_model_get_log_scale (AdjChartModel *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->log_scale;
}

gboolean
adj_chart_model_set_title (AdjChartModel *self, const char *title)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return set_string (&self->title, title);
}

const char *
adj_chart_model_get_title (AdjChartModel *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

gboolean
adj_chart_model_set_x_label (AdjChartModel *self, const char *x_label)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return set_string (&self->x_label, x_label);
}

const char *
adj_chart_model_get_x_label (AdjChartModel *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->x_label;
}

gboolean
adj_chart_model_set_dark (AdjChartModel *self, gboolean dark)
{
  g_return_val_if_fail (self != NULL, FALSE);

  dark = !!dark;
  if (self->dark == dark)
    return FALSE;
  self->dark = dark;
  return TRUE;
}

gboolean
adj_chart_model_get_dark (AdjChartModel *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->dark;
}

gboolean
adj_chart_model_set_font_scale (AdjChartModel *self, double font_scale)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (font_scale >= 0.5 && font_scale <= 4.0, FALSE);

  if (self->font_scale == font_scale)
    return FALSE;
  self->font_scale = font_scale;
  reset_text (self);
  return TRUE;
}

double
adj_chart_model_get_font_scale (AdjChartModel *self)
{
  g_return_val_if_fail (self != NULL, 1.0);
  return self->font_scale;
}

gboolean
adj_chart_model_set_scale_factor (AdjChartModel *self, double scale_factor)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (scale_factor == 0 || (scale_factor >= 0.5 && scale_factor <= 8), FALSE);

  if (self->scale_factor == scale_factor)
    return FALSE;
  self->scale_factor = scale_factor;
  return TRUE;
}

double
adj_chart_model_get_scale_factor (AdjChartModel *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->scale_factor;
}

void
adj_chart_model_set_context (AdjChartModel *self, PangoContext *context)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (context == NULL || PANGO_IS_CONTEXT (context));

  if (self->own_context ? context == NULL : context == self->context)
    return;
  reset_text (self);
  g_clear_object (&self->context);
  self->context = context != NULL ? g_object_ref (context) : NULL;
  self->own_context = FALSE;   /* made again, on the next draw, when NULL */
  self->synced = (ContextTarget) { FALSE };
}

char *
adj_chart_model_dup_summary (AdjChartModel *self)
{
  GString *out;
  double steps = -INFINITY;
  char buf[ADJ_CHART_LABEL_SIZE];

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  if (self->title != NULL && *self->title != '\0')
    g_string_append_printf (out, "%s: ", self->title);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = get_series (self, i);

      if (s->n == 0)
        continue;
      adj_chart_format_value (buf, s->y[s->n - 1], s->axis);
      g_string_append_printf (out, "%s%s %s", isinf (steps) ? "" : ", ", s->label, buf);
      steps = MAX (steps, s->x[s->n - 1]);
    }
  if (isinf (steps))
    g_string_append (out, "no data");
  else
    g_string_append_printf (out, " after %s step%s",
                            g_ascii_formatd (buf, sizeof buf,
                                             steps == floor (steps) ? "%.0f" : "%.3g", steps),
                            steps == 1 ? "" : "s");
  return g_string_free (out, FALSE);
}

void
adj_chart_model_draw (AdjChartModel *self, cairo_t *cr, double width, double height)
{
  const Theme *th;
  double sc, digit_w, line_h, w, h, header_bottom;
  double left_w = 0, right_w = 0, top, bottom, left, right, x_label_w = 0;
  double ticks_l[MAX_TICKS], ticks_r[MAX_TICKS], ticks_x[MAX_TICKS];
  guint n_l = 0, n_r = 0, n_x = 0, max_y, max_x;
  gboolean has_right = FALSE;
  HeaderDetail detail;
  Extent left_data = EXTENT_EMPTY;
  Axis xa = { 0, X_MIN_RANGE, FALSE }, ya, ra = { 0, 1, FALSE };
  AdjChartRect plot;
  RasterPlan plan = { 0 };
  gboolean raster;
  double lo, hi;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  self->frame.n_draws++;
  self->frame.n_vertices = 0;
  if (!(width >= 1 && height >= 1))
    return;

  th = get_theme (self);
  sc = self->font_scale;
  ensure_text (self, cr);

  /* Ranges: x from 0 (or the first point) to the last step; y from the data. */
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = get_series (self, i);

      if (s->axis == ADJ_CHART_AXIS_RIGHT_UNIT)
        has_right = TRUE;
      if (s->n == 0)
        continue;
      xa.lo = MIN (xa.lo, s->x[0]);
      xa.hi = MAX (xa.hi, s->x[s->n - 1]);
      if (s->axis == ADJ_CHART_AXIS_LEFT)
        extent_merge (&left_data, &s->all);
    }
  ya.log = self->log_scale;
  if (!extent_bounds (&left_data, ya.log, &lo, &hi))
    lo = INFINITY, hi = -INFINITY;
  adj_chart_y_range (lo, hi, ya.log, &ya.lo, &ya.hi);

  /* Vertical layout: header, plot, x tick row. A small chart drops the legend's values,
   * then the legend, rather than its plot: the summary still says it all. */
  cairo_save (cr);
  layout_size (self->probe_layout, &digit_w, &line_h);
  digit_w /= 10;
  bottom = height - PAD * sc - line_h - TICK_LEN * sc;
  for (detail = HEADER_VALUES; ; detail--)
    {
      header_bottom = header_flow (self, cr, width, detail, FALSE);
      top = header_bottom + GAP * sc;
      if (detail == HEADER_TITLE || bottom - top >= MAX (0.45 * height, 3 * line_h))
        break;
    }
  max_y = (guint) CLAMP ((bottom - top) / (1.8 * line_h), 2, MAX_TICKS);

  /* Horizontal layout: the y labels' widths set the plot's sides. */
  if (ya.log)
    adj_chart_log_ticks (ya.lo, ya.hi, max_y, ticks_l, &n_l);
  else
    adj_chart_nice_ticks (ya.lo, ya.hi, max_y, ticks_l, &n_l);
  left_w = label_ticks (self, 0, ticks_l, n_l, &ya, FALSE);
  if (has_right)
    {
      adj_chart_nice_ticks (ra.lo, ra.hi, MIN (max_y, 6), ticks_r, &n_r);
      right_w = label_ticks (self, n_l, ticks_r, n_r, &ra, TRUE);
    }
  left = ceil (PAD * sc + left_w + (TICK_LEN + 2) * sc);
  right = floor (width - PAD * sc - (has_right ? right_w + (TICK_LEN + 2) * sc : 2 * digit_w));
  plot = (AdjChartRect) { { left, top }, { MAX (right - left, 0), MAX (bottom - top, 0) } };
  self->frame.plot = plot;
  self->frame.x_lo = xa.lo;
  self->frame.x_hi = xa.hi;
  self->frame.y_lo = ya.lo;
  self->frame.y_hi = ya.hi;

  header_flow (self, cr, width, detail, TRUE);
  if (plot.size.width < 8 || plot.size.height < 8)
    {
      cairo_restore (cr);
      return;
    }

  /* Grid, then the axes, then the data over them. */
  draw_y_grid (self, cr, &ya, ticks_l, n_l, &plot);
  max_x = (guint) CLAMP (plot.size.width / (7 * digit_w), 2, MAX_TICKS);
  adj_chart_nice_ticks (xa.lo, xa.hi, max_x, ticks_x, &n_x);

  cairo_set_source_rgba (cr, th->axis[0], th->axis[1], th->axis[2], th->axis[3]);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left - 0.5, top);
  cairo_line_to (cr, left - 0.5, bottom + 0.5);
  cairo_line_to (cr, right + (has_right ? 0.5 : 0), bottom + 0.5);
  if (has_right)
    cairo_line_to (cr, right + 0.5, top);
  for (guint i = 0; i < n_x; i++)
    {
      double x = round (left + axis_fraction (&xa, ticks_x[i]) * plot.size.width) - 0.5;

      cairo_move_to (cr, x, bottom + 0.5);
      cairo_line_to (cr, x, bottom + 0.5 + TICK_LEN * sc);
    }
  cairo_stroke (cr);

  draw_y_labels (self, cr, &ya, ticks_l, n_l, 0, &plot, FALSE, height);
  if (has_right)
    draw_y_labels (self, cr, &ra, ticks_r, n_r, n_l, &plot, TRUE, height);

  /* The x label sits at the right end of the tick row; tick labels it would cover go. */
  if (self->x_label != NULL && *self->x_label != '\0')
    {
      set_text (self->x_label_layout, self->x_label);
      layout_size (self->x_label_layout, &x_label_w, &h);
      show_layout (cr, self->x_label_layout, th->muted, right - x_label_w,
                   bottom + TICK_LEN * sc + 1);
    }
  for (guint i = 0; i < n_x; i++)
    {
      char buf[ADJ_CHART_LABEL_SIZE];
      PangoLayout *layout;
      double x = left + axis_fraction (&xa, ticks_x[i]) * plot.size.width;

      adj_chart_format_tick (buf, ticks_x[i], n_x > 1 ? ticks_x[1] - ticks_x[0] : 1, FALSE);
      layout = tick_layout (self, n_l + n_r + i, buf);
      layout_size (layout, &w, &h);
      x = CLAMP (x - w / 2, 0, width - w);
      if (x_label_w > 0 && x + w + GAP * sc > right - x_label_w)
        continue;
      show_layout (cr, layout, th->muted, x, bottom + TICK_LEN * sc + 1);
    }

  /* The series, clipped to the plot: rasterised by us where we know the pixels, stroked by
   * cairo where we do not. */
  cairo_rectangle (cr, plot.origin.x, plot.origin.y, plot.size.width, plot.size.height);
  cairo_clip (cr);
  raster = plan_raster (self, cr, &plot, &plan) && ensure_raster (self, &plan);
  if (raster)
    cairo_identity_matrix (cr);   /* the masks are placed in the target's own units */
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = get_series (self, i);

      trace_series (self, s, &xa, s->axis == ADJ_CHART_AXIS_RIGHT_UNIT ? &ra : &ya, &plot);
      if (self->trace_len == 0)
        continue;
      if (raster)
        raster_series (self, cr, s, &plan);
      else
        stroke_trace (self, cr, s);
    }
  cairo_restore (cr);
}

void
adj_chart_model_get_last_frame (AdjChartModel *self, AdjChartFrame *frame)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (frame != NULL);
  *frame = self->frame;
}


gboolean
adj_chart_model_write (AdjChartModel *self, const char *path, double width, double height,
                       GError **error)
{
  static const char *const suffixes[] = { ".png", ".svg", ".pdf" };
  g_autofree char *lower = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  int format = -1;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width >= 1 && height >= 1 && width <= 32767 && height <= 32767, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      format = (int) i;
  if (format < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Cannot tell which format to write “%s” in: the name should end in .png, "
                   ".svg or .pdf", path);
      return FALSE;
    }

  switch ((Format) format)
    {
    case FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width),
                                            (int) ceil (height));
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;
    case FORMAT_PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      break;
    }

  /* A vector surface opens its file when created; any error stays in its status. */
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = paint_surface (self, surface, width, height);
  drop_mask (self);   /* an export's may be big */
  if (status == CAIRO_STATUS_SUCCESS && format == FORMAT_PNG)
    status = cairo_surface_write_to_png (surface, path);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_finish (surface);   /* writes the vector formats' last pages */
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write the chart to “%s”: %s",
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* Scales and ticks: pure, so that the tests can check them without a display. */

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
        double step = decimal (mantissas[m], e);
        double k0 = ceil (lo / step - 1e-9), k1 = floor (hi / step + 1e-9);

        if (k1 - k0 + 1 > max_ticks)
          continue;
        for (double k = k0; k <= k1; k++)
          ticks[(*n)++] = k == 0 ? 0 : decimal (k * mantissas[m], e);
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
        double v = decimal (mantissas[m], d);

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
          ticks[(*n)++] = decimal (1, d);
      /* Thinning can leave one (10^-1..10^1 in two ticks keeps only 1): take the ends. */
      if (*n < 2 && max_ticks >= 2)
        {
          ticks[0] = decimal (1, d0);
          ticks[1] = decimal (1, d1);
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
  char plain[G_ASCII_DTOSTR_BUF_SIZE];
  char *exp;

  g_return_if_fail (buf != NULL);

  if (isnan (v))
    g_strlcpy (buf, "nan", ADJ_CHART_LABEL_SIZE);
  else if (isinf (v))
    g_strlcpy (buf, v > 0 ? "inf" : "-inf", ADJ_CHART_LABEL_SIZE);
  else if (axis == ADJ_CHART_AXIS_RIGHT_UNIT)
    {
      g_ascii_formatd (plain, sizeof plain, "%.3g", v * 100);
      g_snprintf (buf, ADJ_CHART_LABEL_SIZE, "%s %%", plain);
    }
  else
    {
      /* %.3g, with "1.23e-05" written "1.23×10⁻⁵". */
      g_ascii_formatd (plain, sizeof plain, "%.3g", v == 0 ? 0 : v);
      exp = strchr (plain, 'e');
      if (exp == NULL)
        {
          g_strlcpy (buf, plain, ADJ_CHART_LABEL_SIZE);
          return;
        }
      *exp = '\0';
      buf[0] = '\0';
      if (strcmp (plain, "-1") == 0)
        g_strlcpy (buf, "-", ADJ_CHART_LABEL_SIZE);
      else if (strcmp (plain, "1") != 0)
        {
          g_strlcpy (buf, plain, ADJ_CHART_LABEL_SIZE);
          g_strlcat (buf, "×", ADJ_CHART_LABEL_SIZE);
        }
      append_power (buf, atoi (exp + 1));
    }
}
