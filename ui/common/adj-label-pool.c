/* adj-label-pool.c: a widget's text labels, kept between draws (see adj-label-pool.h). */
#include "ui/common/adj-label-pool.h"

struct _AdjLabelPool
{
  GtkWidget            *widget;   /* not a reference: it owns us */
  PangoFontDescription *font;     /* NULL until the first label, and after a reset */
  GPtrArray            *layouts;  /* of PangoLayout, in the order of a draw */
};

AdjLabelPool *
adj_label_pool_new (GtkWidget *widget)
{
  AdjLabelPool *self = g_new0 (AdjLabelPool, 1);

  self->widget = widget;
  self->layouts = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

void
adj_label_pool_free (AdjLabelPool *self)
{
  if (self == NULL)
    return;
  adj_label_pool_reset (self);
  g_ptr_array_unref (self->layouts);
  g_free (self);
}

void
adj_label_pool_reset (AdjLabelPool *self)
{
  g_clear_pointer (&self->font, pango_font_description_free);
  g_ptr_array_set_size (self->layouts, 0);
}

PangoLayout *
adj_label_pool_get (AdjLabelPool *self, guint i, const char *text, double points)
{
  PangoLayout *layout;

  if (self->font == NULL)
    {
      PangoContext *context = gtk_widget_get_pango_context (self->widget);

      self->font = pango_font_description_copy (pango_context_get_font_description (context));
      pango_font_description_set_size (self->font, (int) (points * PANGO_SCALE));
    }
  while (self->layouts->len <= i)
    {
      layout = gtk_widget_create_pango_layout (self->widget, NULL);
      pango_layout_set_font_description (layout, self->font);
      g_ptr_array_add (self->layouts, layout);
    }
  layout = g_ptr_array_index (self->layouts, i);
  if (g_strcmp0 (pango_layout_get_text (layout), text) != 0)
    pango_layout_set_text (layout, text, -1);
  return layout;
}

gboolean
adj_label_pool_setting_changed (AdjLabelPool *self, GtkSystemSetting setting)
{
  if (setting != GTK_SYSTEM_SETTING_FONT_NAME && setting != GTK_SYSTEM_SETTING_DPI &&
      setting != GTK_SYSTEM_SETTING_FONT_CONFIG)
    return FALSE;
  adj_label_pool_reset (self);
  return TRUE;
}
