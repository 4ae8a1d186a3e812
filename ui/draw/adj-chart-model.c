/* adj-chart-model.c: the training lab's line chart without GTK: the series it holds and its
 * settings (adj-chart-model-draw.c draws it, and writes it to a PNG, SVG or PDF file; see
 * adj-chart-model.h). */
#include "ui/draw/adj-chart-model-private.h"

#include <math.h>

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

/* ---- public API ----------------------------------------------------------------------- */

AdjChartModel *
adj_chart_model_new (void)
{
  AdjChartModel *self = g_new0 (AdjChartModel, 1);

  self->series = g_ptr_array_new_with_free_func (adj_chart_series_free);
  self->tick_layouts = g_ptr_array_new_with_free_func (g_object_unref);
  self->legends = g_ptr_array_new_with_free_func (g_object_unref);
  self->mask = adj_stroke_mask_new ();
  self->font_scale = 1.0;
  return self;
}

void
adj_chart_model_free (AdjChartModel *self)
{
  if (self == NULL)
    return;
  adj_chart_model_reset_text (self);
  g_clear_object (&self->context);
  adj_stroke_mask_free (self->mask);
  adj_chart_trace_clear (&self->trace);
  g_ptr_array_unref (self->legends);
  g_ptr_array_unref (self->tick_layouts);
  g_ptr_array_unref (self->series);
  g_free (self->title);
  g_free (self->x_label);
  g_free (self);
}

guint
adj_chart_model_add_series (AdjChartModel *self, const char *label, AdjChartAxis axis)
{
  AdjChartSeries *s;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (label != NULL, 0);
  g_return_val_if_fail (axis == ADJ_CHART_AXIS_LEFT || axis == ADJ_CHART_AXIS_RIGHT_UNIT, 0);

  s = adj_chart_series_new (label, axis, self->series->len);
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
  return adj_chart_model_series (self, series)->n;
}


void
adj_chart_model_append (AdjChartModel *self, guint series, double x, double y)
{
  AdjChartSeries *s;

  g_return_if_fail (self != NULL);
  g_return_if_fail (series < self->series->len);
  s = adj_chart_model_series (self, series);
  g_return_if_fail (isfinite (x));
  if (s->n > 0 && x < s->x[s->n - 1])
    {
      g_critical ("%s: x = %g is before the previous point's %g in series \"%s\"; did you "
                  "forget adj_chart_clear() (or adj_chart_model_clear()) before a new run?",
                  G_STRFUNC, x, s->x[s->n - 1], s->label);
      return;
    }

  adj_chart_series_append (s, x, y);
}

void
adj_chart_model_clear (AdjChartModel *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->series->len; i++)
    adj_chart_series_clear (adj_chart_model_series (self, i));
}

void
adj_chart_model_remove_all_series (AdjChartModel *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->series, 0);
  g_ptr_array_set_size (self->legends, 0);
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
  adj_chart_model_reset_text (self);
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
  adj_chart_model_reset_text (self);
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
      AdjChartSeries *s = adj_chart_model_series (self, i);

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
