/* adj-document-widget.c: a panel that shows one document and follows its signals. */
#include "ui/graph/adj-document-widget.h"

typedef struct
{
  AdjDocument  *document;   /* owned */
  GSignalGroup *signals;    /* owned; its target is the document */
} AdjDocumentWidgetPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (AdjDocumentWidget, adj_document_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
adj_document_widget_dispose (GObject *object)
{
  AdjDocumentWidgetPrivate *priv = adj_document_widget_get_instance_private (ADJ_DOCUMENT_WIDGET (object));

  g_clear_object (&priv->signals);
  g_clear_object (&priv->document);
  G_OBJECT_CLASS (adj_document_widget_parent_class)->dispose (object);
}

static void
adj_document_widget_get_property (GObject *object, guint prop_id, GValue *value,
                                  GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, adj_document_widget_get_document (ADJ_DOCUMENT_WIDGET (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_document_widget_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_DOCUMENT:
      adj_document_widget_set_document (ADJ_DOCUMENT_WIDGET (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_document_widget_class_init (AdjDocumentWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = adj_document_widget_dispose;
  object_class->get_property = adj_document_widget_get_property;
  object_class->set_property = adj_document_widget_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, ADJ_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adj_document_widget_init (AdjDocumentWidget *self)
{
  AdjDocumentWidgetPrivate *priv = adj_document_widget_get_instance_private (self);

  priv->signals = g_signal_group_new (ADJ_TYPE_DOCUMENT);
}

void
adj_document_widget_set_document (AdjDocumentWidget *self, AdjDocument *document)
{
  AdjDocumentWidgetPrivate *priv;

  g_return_if_fail (ADJ_IS_DOCUMENT_WIDGET (self));
  g_return_if_fail (document == NULL || ADJ_IS_DOCUMENT (document));

  priv = adj_document_widget_get_instance_private (self);
  if (!g_set_object (&priv->document, document))
    return;
  g_signal_group_set_target (priv->signals, document);
  if (ADJ_DOCUMENT_WIDGET_GET_CLASS (self)->document_set)
    ADJ_DOCUMENT_WIDGET_GET_CLASS (self)->document_set (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

AdjDocument *
adj_document_widget_get_document (AdjDocumentWidget *self)
{
  AdjDocumentWidgetPrivate *priv;

  g_return_val_if_fail (ADJ_IS_DOCUMENT_WIDGET (self), NULL);
  priv = adj_document_widget_get_instance_private (self);
  return priv->document;
}

GSignalGroup *
adj_document_widget_get_signals (AdjDocumentWidget *self)
{
  AdjDocumentWidgetPrivate *priv;

  g_return_val_if_fail (ADJ_IS_DOCUMENT_WIDGET (self), NULL);
  priv = adj_document_widget_get_instance_private (self);
  return priv->signals;
}
