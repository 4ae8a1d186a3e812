/* adj-chart-model-draw.c: the chart model drawn: its layout, text, axes and series on any
 * cairo_t (a widget's snapshot, an export, a test), and written to a PNG, SVG or PDF file. */
#include "ui/draw/adj-chart-model-private.h"
#include "ui/draw/adj-export-file.h"
#include "ui/draw/adj-palette.h"

#include <math.h>
#include <string.h>
#include <gio/gio.h>

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
  {
    ADJ_OKABE_ITO_BLUE, ADJ_OKABE_ITO_ORANGE, ADJ_OKABE_ITO_GREEN, ADJ_OKABE_ITO_VERMILION,
    ADJ_OKABE_ITO_PURPLE, ADJ_OKABE_ITO_SKY_BLUE,
  },
};
static const Theme dark_theme = {
  { 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0 },   /* Adwaita's dark window, #242424 */
  { 0.93, 0.93, 0.95 }, { 0.78, 0.78, 0.82 },
  { 1, 1, 1, 0.50 }, { 1, 1, 1, 0.13 }, { 1, 1, 1, 0.06 },
  {
    ADJ_OKABE_ITO_SKY_BLUE, ADJ_OKABE_ITO_ORANGE, ADJ_OKABE_ITO_GREEN, ADJ_OKABE_ITO_VERMILION,
    ADJ_OKABE_ITO_PURPLE, ADJ_OKABE_ITO_YELLOW,
  },
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


/* ---- helpers -------------------------------------------------------------------------- */



static const Theme *
get_theme (AdjChartModel *self)
{
  return self->dark ? &dark_theme : &light_theme;
}

static void
set_line_style (AdjChartModel *self, cairo_t *cr, const AdjChartSeries *s)
{
  guint style = s->style % G_N_ELEMENTS (dash_styles);
  double w = LINE_W * self->font_scale;
  double dashes[G_N_ELEMENTS (dash_styles[0].dashes)];

  for (int i = 0; i < dash_styles[style].n; i++)
    dashes[i] = dash_styles[style].dashes[i] * w;
  adj_set_source_hex (cr, get_theme (self)->series[style]);
  cairo_set_line_width (cr, w);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_dash (cr, dashes, dash_styles[style].n, 0);
}

void
adj_chart_model_reset_text (AdjChartModel *self)
{
  g_clear_pointer (&self->tick_font, pango_font_description_free);
  g_clear_pointer (&self->title_font, pango_font_description_free);
  g_clear_object (&self->title_layout);
  g_clear_object (&self->x_label_layout);
  g_clear_object (&self->probe_layout);
  g_ptr_array_set_size (self->tick_layouts, 0);
  g_ptr_array_set_size (self->legends, 0);
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
legend_text (const AdjChartSeries *s, HeaderDetail detail, char *buf, gsize size)
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
      AdjChartSeries *s = adj_chart_model_series (self, i);
      double item_w, item_y;

      PangoLayout *legend;

      while (self->legends->len <= i)
        g_ptr_array_add (self->legends, new_layout (self, self->tick_font));
      legend = g_ptr_array_index (self->legends, i);
      legend_text (s, detail, text, sizeof text);
      set_text (legend, text);
      layout_size (legend, &w, &h);
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
          show_layout (cr, legend, th->fg, x + (SAMPLE_W + 4) * sc, item_y);
        }
      x += item_w + LEGEND_GAP * sc;
      row_h = MAX (row_h, item_y - y + h);
    }
  return y + row_h;
}

/* Formats and measures the labels of @ticks into the pool from @first; returns the widest. */
static double
label_ticks (AdjChartModel *self, guint first, const double *ticks, guint n, const AdjChartScale *axis,
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
draw_y_grid (AdjChartModel *self, cairo_t *cr, const AdjChartScale *axis, const double *ticks, guint n,
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
            double f = adj_chart_scale_fraction (axis, adj_chart_decimal (m, d));

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
              double f = adj_chart_scale_fraction (axis, adj_chart_decimal (1, d));

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
      double f = adj_chart_scale_fraction (axis, ticks[i]);
      double y = round (plot->origin.y + (1 - f) * plot->size.height) + 0.5;

      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x1, y);
    }
  cairo_stroke (cr);
}

/* Tick marks and labels (from the pool, from @first) beside the left or right edge. */
static void
draw_y_labels (AdjChartModel *self, cairo_t *cr, const AdjChartScale *axis, const double *ticks, guint n,
               guint first, const AdjChartRect *plot, gboolean right, double height)
{
  const Theme *th = get_theme (self);
  double sc = self->font_scale;
  double edge = right ? plot->origin.x + plot->size.width : plot->origin.x;

  cairo_set_source_rgba (cr, th->axis[0], th->axis[1], th->axis[2], th->axis[3]);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n; i++)
    {
      double y = round (plot->origin.y + (1 - adj_chart_scale_fraction (axis, ticks[i])) *
                        plot->size.height) + 0.5;

      cairo_move_to (cr, edge, y);
      cairo_line_to (cr, edge + (right ? TICK_LEN : -TICK_LEN) * sc, y);
    }
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *layout = g_ptr_array_index (self->tick_layouts, first + i);
      double y = plot->origin.y + (1 - adj_chart_scale_fraction (axis, ticks[i])) * plot->size.height;
      double w, h;

      layout_size (layout, &w, &h);
      show_layout (cr, layout, th->muted,
                   right ? edge + (TICK_LEN + 2) * sc : edge - (TICK_LEN + 2) * sc - w,
                   CLAMP (y - h / 2, 0, height - h));
    }
}


/* The trace as a cairo path, stroked with the series' dashes: for vector files, and any
 * target whose pixels we cannot know. */
static void
stroke_trace (AdjChartModel *self, cairo_t *cr, const AdjChartSeries *s)
{
  guint run = 0;
  double last_x = 0, last_y = 0;

  for (gsize i = 0; i < self->trace.len; i += 2)
    {
      double x = self->trace.xy[i], y = self->trace.xy[i + 1];

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

/* Draws the trace of @s through the stroke mask in its colour, in the unscaled user space
 * the caller set up for @plan. */
static void
raster_series (AdjChartModel *self, cairo_t *cr, const AdjChartSeries *s,
               const AdjStrokePlan *plan)
{
  guint style = s->style % G_N_ELEMENTS (dash_styles);

  adj_set_source_hex (cr, get_theme (self)->series[style]);
  adj_stroke_mask_paint (self->mask, cr, plan, self->trace.xy, self->trace.len,
                         LINE_W * self->font_scale, dash_styles[style].dashes,
                         dash_styles[style].n);
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


/* ---- public API: drawing ------------------------------------------------------------- */

void
adj_chart_model_get_series_rgb (AdjChartModel *self, guint series, double rgb[3])
{
  guint32 c;

  g_return_if_fail (self != NULL);
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (rgb != NULL);

  c = get_theme (self)->series[adj_chart_model_series (self, series)->style % G_N_ELEMENTS (dash_styles)];
  rgb[0] = ((c >> 16) & 0xff) / 255.0;
  rgb[1] = ((c >> 8) & 0xff) / 255.0;
  rgb[2] = (c & 0xff) / 255.0;
}

/* Where a frame puts things: the header's detail, the plot, and the y axes' ticks. */
typedef struct {
  double       digit_w, line_h;   /* of the tick font */
  HeaderDetail detail;
  gboolean     has_right;         /* a series reads the right (0..1) axis */
  double       ticks_l[MAX_TICKS], ticks_r[MAX_TICKS], ticks_x[MAX_TICKS];
  guint        n_l, n_r, n_x;     /* the pool holds the labels in this order */
  double       top, bottom, left, right;
  AdjChartRect plot;
} FrameLayout;

/* The axes' ranges: x from 0 (or the first point) to the last step, at least X_MIN_RANGE;
 * the left axis from the data. Returns whether a series reads the right axis. */
static gboolean
data_ranges (AdjChartModel *self, AdjChartScale *xa, AdjChartScale *ya)
{
  AdjChartExtent left_data = ADJ_CHART_EXTENT_EMPTY;
  gboolean has_right = FALSE;
  double lo, hi;

  *xa = (AdjChartScale) { 0, X_MIN_RANGE, FALSE };
  for (guint i = 0; i < self->series->len; i++)
    {
      AdjChartSeries *s = adj_chart_model_series (self, i);

      if (s->axis == ADJ_CHART_AXIS_RIGHT_UNIT)
        has_right = TRUE;
      if (s->n == 0)
        continue;
      xa->lo = MIN (xa->lo, s->x[0]);
      xa->hi = MAX (xa->hi, s->x[s->n - 1]);
      if (s->axis == ADJ_CHART_AXIS_LEFT)
        adj_chart_extent_merge (&left_data, &s->all);
    }
  ya->log = self->log_scale;
  if (!adj_chart_extent_bounds (&left_data, ya->log, &lo, &hi))
    lo = INFINITY, hi = -INFINITY;
  adj_chart_y_range (lo, hi, ya->log, &ya->lo, &ya->hi);
  return has_right;
}

/* Lays the frame out. Vertically: header, plot, x tick row; a small chart drops the legend's
 * values, then the legend, rather than its plot (the summary still says it all).
 * Horizontally, the y labels' widths (formatted into the pool here) set the plot's sides. */
static void
layout_frame (AdjChartModel *self, cairo_t *cr, double width, double height,
              const AdjChartScale *xa, const AdjChartScale *ya, const AdjChartScale *ra,
              FrameLayout *lo)
{
  double sc = self->font_scale, left_w, right_w = 0, header_bottom;
  guint max_y, max_x;

  layout_size (self->probe_layout, &lo->digit_w, &lo->line_h);
  lo->digit_w /= 10;
  lo->bottom = height - PAD * sc - lo->line_h - TICK_LEN * sc;
  for (lo->detail = HEADER_VALUES; ; lo->detail--)
    {
      header_bottom = header_flow (self, cr, width, lo->detail, FALSE);
      lo->top = header_bottom + GAP * sc;
      if (lo->detail == HEADER_TITLE ||
          lo->bottom - lo->top >= MAX (0.45 * height, 3 * lo->line_h))
        break;
    }
  max_y = (guint) CLAMP ((lo->bottom - lo->top) / (1.8 * lo->line_h), 2, MAX_TICKS);

  lo->n_l = lo->n_r = 0;
  if (ya->log)
    adj_chart_log_ticks (ya->lo, ya->hi, max_y, lo->ticks_l, &lo->n_l);
  else
    adj_chart_nice_ticks (ya->lo, ya->hi, max_y, lo->ticks_l, &lo->n_l);
  left_w = label_ticks (self, 0, lo->ticks_l, lo->n_l, ya, FALSE);
  if (lo->has_right)
    {
      adj_chart_nice_ticks (ra->lo, ra->hi, MIN (max_y, 6), lo->ticks_r, &lo->n_r);
      right_w = label_ticks (self, lo->n_l, lo->ticks_r, lo->n_r, ra, TRUE);
    }
  lo->left = ceil (PAD * sc + left_w + (TICK_LEN + 2) * sc);
  lo->right = floor (width - PAD * sc -
                     (lo->has_right ? right_w + (TICK_LEN + 2) * sc : 2 * lo->digit_w));
  lo->plot = (AdjChartRect) {
    { lo->left, lo->top },
    { MAX (lo->right - lo->left, 0), MAX (lo->bottom - lo->top, 0) },
  };
  max_x = (guint) CLAMP (lo->plot.size.width / (7 * lo->digit_w), 2, MAX_TICKS);
  lo->n_x = 0;
  adj_chart_nice_ticks (xa->lo, xa->hi, max_x, lo->ticks_x, &lo->n_x);
}

/* The axis lines and the x ticks. */
static void
draw_axes (AdjChartModel *self, cairo_t *cr, const FrameLayout *lo, const AdjChartScale *xa)
{
  const Theme *th = get_theme (self);
  double sc = self->font_scale;

  cairo_set_source_rgba (cr, th->axis[0], th->axis[1], th->axis[2], th->axis[3]);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, lo->left - 0.5, lo->top);
  cairo_line_to (cr, lo->left - 0.5, lo->bottom + 0.5);
  cairo_line_to (cr, lo->right + (lo->has_right ? 0.5 : 0), lo->bottom + 0.5);
  if (lo->has_right)
    cairo_line_to (cr, lo->right + 0.5, lo->top);
  for (guint i = 0; i < lo->n_x; i++)
    {
      double x = round (lo->left + adj_chart_scale_fraction (xa, lo->ticks_x[i]) *
                        lo->plot.size.width) - 0.5;

      cairo_move_to (cr, x, lo->bottom + 0.5);
      cairo_line_to (cr, x, lo->bottom + 0.5 + TICK_LEN * sc);
    }
  cairo_stroke (cr);
}

/* The x label at the right end of the tick row, and the tick labels it does not cover. */
static void
draw_x_labels (AdjChartModel *self, cairo_t *cr, const FrameLayout *lo,
               const AdjChartScale *xa, double width)
{
  const Theme *th = get_theme (self);
  double sc = self->font_scale, x_label_w = 0, w, h;
  const double *ticks_x = lo->ticks_x;
  guint n_x = lo->n_x;

  if (self->x_label != NULL && *self->x_label != '\0')
    {
      set_text (self->x_label_layout, self->x_label);
      layout_size (self->x_label_layout, &x_label_w, &h);
      show_layout (cr, self->x_label_layout, th->muted, lo->right - x_label_w,
                   lo->bottom + TICK_LEN * sc + 1);
    }
  for (guint i = 0; i < n_x; i++)
    {
      char buf[ADJ_CHART_LABEL_SIZE];
      PangoLayout *layout;
      double x = lo->left + adj_chart_scale_fraction (xa, ticks_x[i]) * lo->plot.size.width;

      adj_chart_format_tick (buf, ticks_x[i], n_x > 1 ? ticks_x[1] - ticks_x[0] : 1, FALSE);
      layout = tick_layout (self, lo->n_l + lo->n_r + i, buf);
      layout_size (layout, &w, &h);
      x = CLAMP (x - w / 2, 0, width - w);
      if (x_label_w > 0 && x + w + GAP * sc > lo->right - x_label_w)
        continue;
      show_layout (cr, layout, th->muted, x, lo->bottom + TICK_LEN * sc + 1);
    }
}

/* The series, clipped to the plot: rasterised by the stroke mask where we know the pixels,
 * stroked by cairo where we do not. Leaves @cr clipped. */
static void
draw_series (AdjChartModel *self, cairo_t *cr, const AdjChartRect *plot,
             const AdjChartScale *xa, const AdjChartScale *ya, const AdjChartScale *ra)
{
  double line_w = LINE_W * self->font_scale;
  AdjStrokePlan plan = { 0 };
  gboolean raster;

  cairo_rectangle (cr, plot->origin.x, plot->origin.y, plot->size.width, plot->size.height);
  cairo_clip (cr);
  raster = adj_stroke_mask_plan (cr, self->scale_factor, plot, line_w, &plan) &&
           adj_stroke_mask_prepare (self->mask, &plan, line_w);
  if (raster)
    cairo_identity_matrix (cr);   /* the masks are placed in the target's own units */
  for (guint i = 0; i < self->series->len; i++)
    {
      AdjChartSeries *s = adj_chart_model_series (self, i);

      self->frame.n_vertices +=
        adj_chart_series_trace (s, xa, s->axis == ADJ_CHART_AXIS_RIGHT_UNIT ? ra : ya, plot,
                                &self->trace);
      if (self->trace.len == 0)
        continue;
      if (raster)
        raster_series (self, cr, s, &plan);
      else
        stroke_trace (self, cr, s);
    }
}

void
adj_chart_model_draw (AdjChartModel *self, cairo_t *cr, double width, double height)
{
  AdjChartScale xa, ya, ra = { 0, 1, FALSE };
  FrameLayout lo;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  self->frame.n_draws++;
  self->frame.n_vertices = 0;
  if (!(width >= 1 && height >= 1))
    return;

  ensure_text (self, cr);
  lo.has_right = data_ranges (self, &xa, &ya);

  cairo_save (cr);
  layout_frame (self, cr, width, height, &xa, &ya, &ra, &lo);
  self->frame.plot = lo.plot;
  self->frame.x_lo = xa.lo;
  self->frame.x_hi = xa.hi;
  self->frame.y_lo = ya.lo;
  self->frame.y_hi = ya.hi;

  header_flow (self, cr, width, lo.detail, TRUE);
  if (lo.plot.size.width < 8 || lo.plot.size.height < 8)
    {
      cairo_restore (cr);
      return;
    }

  /* Grid, then the axes, then the data over them. */
  draw_y_grid (self, cr, &ya, lo.ticks_l, lo.n_l, &lo.plot);
  draw_axes (self, cr, &lo, &xa);
  draw_y_labels (self, cr, &ya, lo.ticks_l, lo.n_l, 0, &lo.plot, FALSE, height);
  if (lo.has_right)
    draw_y_labels (self, cr, &ra, lo.ticks_r, lo.n_r, lo.n_l, &lo.plot, TRUE, height);
  draw_x_labels (self, cr, &lo, &xa, width);
  draw_series (self, cr, &lo.plot, &xa, &ya, &ra);
  cairo_restore (cr);
}

void
adj_chart_model_get_last_frame (AdjChartModel *self, AdjChartFrame *frame)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (frame != NULL);
  *frame = self->frame;
}


/* What adj_chart_model_write() draws. */
typedef struct {
  AdjChartModel *self;
  double width, height;
} WriteJob;

static cairo_status_t
write_paint (cairo_surface_t *surface, gpointer data)
{
  const WriteJob *job = data;

  return paint_surface (job->self, surface, job->width, job->height);
}

gboolean
adj_chart_model_write (AdjChartModel *self, const char *path, double width, double height,
                       GError **error)
{
  static const char *const suffixes[] = { ".png", ".svg", ".pdf" };   /* as AdjExportFormat */
  const WriteJob job = { self, width, height };
  g_autofree char *lower = NULL;
  gboolean done;
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
  /* Whole or not at all: a full disk leaves the old plot, not half a new one. */
  done = adj_export_file_write (path, (AdjExportFormat) format, CAIRO_FORMAT_ARGB32, width, height,
                                write_paint, (gpointer) &job, error);
  adj_stroke_mask_drop (self->mask);   /* an export's may be big */
  return done;
}

/* Scales and ticks: pure, so that the tests can check them without a display. */
