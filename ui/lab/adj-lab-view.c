/* adj-lab-view.c: what the training lab's canvas views share (see adj-lab-view.h). */
#include "ui/lab/adj-lab-view.h"

#include "ui/common/adj-label-pool.h"

typedef struct
{
  AdjLabelPool *labels;
  gboolean      dark;
  double        font_scale;
} AdjLabViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (AdjLabView, adj_lab_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DARK,
  PROP_FONT_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A new root may bring a new Pango context, which cached layouts must not outlive. */
static void
adj_lab_view_root (GtkWidget *widget)
{
  AdjLabViewPrivate *priv = adj_lab_view_get_instance_private (ADJ_LAB_VIEW (widget));

  GTK_WIDGET_CLASS (adj_lab_view_parent_class)->root (widget);
  adj_label_pool_reset (priv->labels);
}

static void
adj_lab_view_system_setting_changed (GtkWidget *widget, GtkSystemSetting setting)
{
  AdjLabViewPrivate *priv = adj_lab_view_get_instance_private (ADJ_LAB_VIEW (widget));

  GTK_WIDGET_CLASS (adj_lab_view_parent_class)->system_setting_changed (widget, setting);
  if (adj_label_pool_setting_changed (priv->labels, setting))
    gtk_widget_queue_draw (widget);
}

static void
adj_lab_view_finalize (GObject *object)
{
  AdjLabViewPrivate *priv = adj_lab_view_get_instance_private (ADJ_LAB_VIEW (object));

  adj_label_pool_free (priv->labels);
  G_OBJECT_CLASS (adj_lab_view_parent_class)->finalize (object);
}

static void
adj_lab_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AdjLabView *self = ADJ_LAB_VIEW (object);

  switch (prop_id)
    {
    case PROP_DARK:
      g_value_set_boolean (value, adj_lab_view_get_dark (self));
      break;
    case PROP_FONT_SCALE:
      g_value_set_double (value, adj_lab_view_get_font_scale (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_lab_view_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  AdjLabView *self = ADJ_LAB_VIEW (object);

  switch (prop_id)
    {
    case PROP_DARK:
      adj_lab_view_set_dark (self, g_value_get_boolean (value));
      break;
    case PROP_FONT_SCALE:
      adj_lab_view_set_font_scale (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_lab_view_class_init (AdjLabViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = adj_lab_view_finalize;
  object_class->get_property = adj_lab_view_get_property;
  object_class->set_property = adj_lab_view_set_property;
  widget_class->root = adj_lab_view_root;
  widget_class->system_setting_changed = adj_lab_view_system_setting_changed;

  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE, flags);
  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, 0.5, 4.0, 1.0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adj_lab_view_init (AdjLabView *self)
{
  AdjLabViewPrivate *priv = adj_lab_view_get_instance_private (self);

  priv->labels = adj_label_pool_new (GTK_WIDGET (self));
  priv->font_scale = 1.0;
}

void
adj_lab_view_set_dark (AdjLabView *self, gboolean dark)
{
  AdjLabViewPrivate *priv = adj_lab_view_get_instance_private (self);

  dark = !!dark;
  if (priv->dark == dark)
    return;
  priv->dark = dark;
  if (ADJ_LAB_VIEW_GET_CLASS (self)->dark_changed != NULL)
    ADJ_LAB_VIEW_GET_CLASS (self)->dark_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

gboolean
adj_lab_view_get_dark (AdjLabView *self)
{
  AdjLabViewPrivate *priv = adj_lab_view_get_instance_private (self);

  return priv->dark;
}

void
adj_lab_view_set_font_scale (AdjLabView *self, double font_scale)
{
  AdjLabViewPrivate *priv = adj_lab_view_get_instance_private (self);

  g_return_if_fail (font_scale >= 0.5 && font_scale <= 4.0);

  if (priv->font_scale == font_scale)
    return;
  priv->font_scale = font_scale;
  adj_label_pool_reset (priv->labels);
  if (ADJ_LAB_VIEW_GET_CLASS (self)->font_scale_changed != NULL)
    ADJ_LAB_VIEW_GET_CLASS (self)->font_scale_changed (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

double
adj_lab_view_get_font_scale (AdjLabView *self)
{
  AdjLabViewPrivate *priv = adj_lab_view_get_instance_private (self);

  return priv->font_scale;
}

PangoLayout *
adj_lab_view_label (AdjLabView *self, guint i, const char *text, double points)
{
  AdjLabViewPrivate *priv = adj_lab_view_get_instance_private (self);

  return adj_label_pool_get (priv->labels, i, text, points * priv->font_scale);
}

double
adj_lab_view_cache_scale (cairo_t *cr)
{
  cairo_matrix_t m;
  double dx = 1, dy = 1;

  g_return_val_if_fail (cr != NULL, 0);

  cairo_get_matrix (cr, &m);
  if (cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE ||
      m.xy != 0 || m.yx != 0 || !(m.xx > 0) || m.xx != m.yy)
    return 0;
  cairo_surface_get_device_scale (cairo_get_target (cr), &dx, &dy);
  return dx == dy ? m.xx * dx : 0;
}
