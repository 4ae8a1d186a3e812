/* adj-chart.c: the training lab's live line chart: a thin widget over an AdjChartModel, which
 * holds the curves and draws them; the widget adds a size, redraws, property notifications,
 * the theme's font and a throttled accessible summary. */
#include "ui/lab/adj-chart.h"

#include <math.h>

#define SUMMARY_DELAY_MS 250     /* the accessible label changes at most 4 times a second */

struct _AdjChart
{
  GtkWidget parent_instance;

  /* owned */
  AdjChartModel *model;
  guint          summary_source;
};

G_DEFINE_FINAL_TYPE (AdjChart, adj_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG_SCALE,
  PROP_TITLE,
  PROP_X_LABEL,
  PROP_DARK,
  PROP_FONT_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- helpers -------------------------------------------------------------------------- */

static void
update_accessible (AdjChart *self)
{
  g_autofree char *summary = NULL;

  g_clear_handle_id (&self->summary_source, g_source_remove);
  summary = adj_chart_model_dup_summary (self->model);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);
}

/* The model lays its text out in the widget's Pango context, so the chart follows the
 * theme's font; the model drops its cached text when the context changes. */
static void
use_widget_fonts (AdjChart *self)
{
  adj_chart_model_set_context (self->model, gtk_widget_get_pango_context (GTK_WIDGET (self)));
}

/* ---- callbacks ------------------------------------------------------------------------ */

static gboolean
summary_timeout_cb (gpointer user_data)
{
  AdjChart *self = ADJ_CHART (user_data);

  self->summary_source = 0;
  update_accessible (self);
  return G_SOURCE_REMOVE;
}

/* A trainer appends every step, many times a frame; a screen reader needs the label only now
 * and then. Not motion, so a timeout rather than the frame clock (which an unmapped chart,
 * in a hidden tab, does not have). */
static void
data_changed (AdjChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->summary_source == 0)
    {
      self->summary_source = g_timeout_add (SUMMARY_DELAY_MS, summary_timeout_cb, self);
      g_source_set_name_by_id (self->summary_source, "[adjoint] chart summary");
    }
}

/* ---- vfuncs --------------------------------------------------------------------------- */

static void
adj_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                   int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  AdjChart *self = ADJ_CHART (widget);
  gboolean horizontal = orientation == GTK_ORIENTATION_HORIZONTAL;
  double font_scale = adj_chart_model_get_font_scale (self->model);

  *minimum = horizontal ? 160 : 100;
  *natural = (int) ceil ((horizontal ? 360 : 200) * MAX (font_scale, 1.0));
}

static void
adj_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AdjChart *self = ADJ_CHART (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  use_widget_fonts (self);
  /* A snapshot records the drawing for later, so the model cannot see the screen's density:
   * told it, the model rasterises its lines itself, far faster than Cairo's stroker. */
  adj_chart_model_set_scale_factor (self->model, gtk_widget_get_scale_factor (widget));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  adj_chart_model_draw (self->model, cr, width, height);
  cairo_destroy (cr);
}

/* A new root may bring new font settings, which cached layouts must not outlive: letting go
 * of the context drops them, and the next draw lays the text out again. */
static void
adj_chart_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (adj_chart_parent_class)->root (widget);
  adj_chart_model_set_context (ADJ_CHART (widget)->model, NULL);
}

static void
adj_chart_system_setting_changed (GtkWidget *widget, GtkSystemSetting setting)
{
  GTK_WIDGET_CLASS (adj_chart_parent_class)->system_setting_changed (widget, setting);
  if (setting == GTK_SYSTEM_SETTING_FONT_NAME || setting == GTK_SYSTEM_SETTING_DPI ||
      setting == GTK_SYSTEM_SETTING_FONT_CONFIG)
    {
      adj_chart_model_set_context (ADJ_CHART (widget)->model, NULL);
      gtk_widget_queue_draw (widget);
    }
}

static void
adj_chart_dispose (GObject *object)
{
  AdjChart *self = ADJ_CHART (object);

  g_clear_handle_id (&self->summary_source, g_source_remove);
  G_OBJECT_CLASS (adj_chart_parent_class)->dispose (object);
}

static void
adj_chart_finalize (GObject *object)
{
  AdjChart *self = ADJ_CHART (object);

  g_clear_pointer (&self->model, adj_chart_model_free);
  G_OBJECT_CLASS (adj_chart_parent_class)->finalize (object);
}

static void
adj_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AdjChart *self = ADJ_CHART (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      g_value_set_boolean (value, adj_chart_model_get_log_scale (self->model));
      break;
    case PROP_TITLE:
      g_value_set_string (value, adj_chart_model_get_title (self->model));
      break;
    case PROP_X_LABEL:
      g_value_set_string (value, adj_chart_model_get_x_label (self->model));
      break;
    case PROP_DARK:
      g_value_set_boolean (value, adj_chart_model_get_dark (self->model));
      break;
    case PROP_FONT_SCALE:
      g_value_set_double (value, adj_chart_model_get_font_scale (self->model));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_chart_set_property (GObject *object, guint prop_id, const GValue *value,
                        GParamSpec *pspec)
{
  AdjChart *self = ADJ_CHART (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      adj_chart_set_log_scale (self, g_value_get_boolean (value));
      break;
    case PROP_TITLE:
      adj_chart_set_title (self, g_value_get_string (value));
      break;
    case PROP_X_LABEL:
      adj_chart_set_x_label (self, g_value_get_string (value));
      break;
    case PROP_DARK:
      adj_chart_set_dark (self, g_value_get_boolean (value));
      break;
    case PROP_FONT_SCALE:
      adj_chart_set_font_scale (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_chart_class_init (AdjChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = adj_chart_dispose;
  object_class->finalize = adj_chart_finalize;
  object_class->get_property = adj_chart_get_property;
  object_class->set_property = adj_chart_set_property;

  widget_class->measure = adj_chart_measure;
  widget_class->snapshot = adj_chart_snapshot;
  widget_class->root = adj_chart_root;
  widget_class->system_setting_changed = adj_chart_system_setting_changed;

  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL, FALSE, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_X_LABEL] =
    g_param_spec_string ("x-label", NULL, NULL, NULL, flags);
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE, flags);
  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, 0.5, 4.0, 1.0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
adj_chart_init (AdjChart *self)
{
  self->model = adj_chart_model_new ();
  update_accessible (self);
}

/* ---- public API ----------------------------------------------------------------------- */

GtkWidget *
adj_chart_new (void)
{
  return g_object_new (ADJ_TYPE_CHART, NULL);
}

AdjChartModel *
adj_chart_get_model (AdjChart *self)
{
  g_return_val_if_fail (ADJ_IS_CHART (self), NULL);
  return self->model;
}

guint
adj_chart_add_series (AdjChart *self, const char *label, AdjChartAxis axis)
{
  guint series;

  g_return_val_if_fail (ADJ_IS_CHART (self), 0);

  series = adj_chart_model_add_series (self->model, label, axis);
  data_changed (self);
  return series;
}

guint
adj_chart_get_n_series (AdjChart *self)
{
  g_return_val_if_fail (ADJ_IS_CHART (self), 0);
  return adj_chart_model_get_n_series (self->model);
}

gsize
adj_chart_get_n_points (AdjChart *self, guint series)
{
  g_return_val_if_fail (ADJ_IS_CHART (self), 0);
  return adj_chart_model_get_n_points (self->model, series);
}

void
adj_chart_get_series_rgba (AdjChart *self, guint series, GdkRGBA *rgba)
{
  double rgb[3] = { 0, 0, 0 };

  g_return_if_fail (ADJ_IS_CHART (self));
  g_return_if_fail (rgba != NULL);

  adj_chart_model_get_series_rgb (self->model, series, rgb);
  *rgba = (GdkRGBA) { (float) rgb[0], (float) rgb[1], (float) rgb[2], 1.0f };
}

void
adj_chart_append (AdjChart *self, guint series, double x, double y)
{
  g_return_if_fail (ADJ_IS_CHART (self));

  adj_chart_model_append (self->model, series, x, y);
  data_changed (self);
}

void
adj_chart_clear (AdjChart *self)
{
  g_return_if_fail (ADJ_IS_CHART (self));

  adj_chart_model_clear (self->model);
  data_changed (self);
}

void
adj_chart_remove_all_series (AdjChart *self)
{
  g_return_if_fail (ADJ_IS_CHART (self));

  adj_chart_model_remove_all_series (self->model);
  data_changed (self);
}

void
adj_chart_set_log_scale (AdjChart *self, gboolean log_scale)
{
  g_return_if_fail (ADJ_IS_CHART (self));

  if (!adj_chart_model_set_log_scale (self->model, log_scale))
    return;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

gboolean
adj_chart_get_log_scale (AdjChart *self)
{
  g_return_val_if_fail (ADJ_IS_CHART (self), FALSE);
  return adj_chart_model_get_log_scale (self->model);
}

void
adj_chart_set_title (AdjChart *self, const char *title)
{
  g_return_if_fail (ADJ_IS_CHART (self));

  if (!adj_chart_model_set_title (self->model, title))
    return;
  data_changed (self);   /* the summary starts with the title */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
adj_chart_get_title (AdjChart *self)
{
  g_return_val_if_fail (ADJ_IS_CHART (self), NULL);
  return adj_chart_model_get_title (self->model);
}

void
adj_chart_set_x_label (AdjChart *self, const char *x_label)
{
  g_return_if_fail (ADJ_IS_CHART (self));

  if (!adj_chart_model_set_x_label (self->model, x_label))
    return;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_LABEL]);
}

const char *
adj_chart_get_x_label (AdjChart *self)
{
  g_return_val_if_fail (ADJ_IS_CHART (self), NULL);
  return adj_chart_model_get_x_label (self->model);
}

void
adj_chart_set_dark (AdjChart *self, gboolean dark)
{
  g_return_if_fail (ADJ_IS_CHART (self));

  if (!adj_chart_model_set_dark (self->model, dark))
    return;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

gboolean
adj_chart_get_dark (AdjChart *self)
{
  g_return_val_if_fail (ADJ_IS_CHART (self), FALSE);
  return adj_chart_model_get_dark (self->model);
}

void
adj_chart_set_font_scale (AdjChart *self, double font_scale)
{
  g_return_if_fail (ADJ_IS_CHART (self));

  if (!adj_chart_model_set_font_scale (self->model, font_scale))
    return;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

double
adj_chart_get_font_scale (AdjChart *self)
{
  g_return_val_if_fail (ADJ_IS_CHART (self), 1.0);
  return adj_chart_model_get_font_scale (self->model);
}

char *
adj_chart_dup_summary (AdjChart *self)
{
  g_return_val_if_fail (ADJ_IS_CHART (self), NULL);

  /* Whoever asks gets the text the label will have, so the label may as well have it now. */
  if (self->summary_source != 0)
    update_accessible (self);
  return adj_chart_model_dup_summary (self->model);
}

void
adj_chart_draw (AdjChart *self, cairo_t *cr, double width, double height)
{
  g_return_if_fail (ADJ_IS_CHART (self));

  use_widget_fonts (self);
  adj_chart_model_draw (self->model, cr, width, height);
}

void
adj_chart_get_last_frame (AdjChart *self, AdjChartFrame *frame)
{
  g_return_if_fail (ADJ_IS_CHART (self));
  adj_chart_model_get_last_frame (self->model, frame);
}
