/* adj-label-pool.h: a widget's text labels, kept between draws. Shaping text with Pango costs
 * more than drawing it, and a view shows much the same labels every frame, so the layouts are
 * a pool reused in order: label 0, 1, 2, … of each draw, each keeping its shaping while its
 * text stays the same. The boundary and neuron views share it.
 *
 *   self->labels = adj_label_pool_new (GTK_WIDGET (self));
 *   ...in a draw:
 *   guint n = 0;
 *   PangoLayout *tick = adj_label_pool_get (self->labels, n++, "0.5", 9 * font_scale);
 *   ...on a new root, a font setting or a new font scale:
 *   adj_label_pool_reset (self->labels);
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _AdjLabelPool AdjLabelPool;

/* A pool for @widget's labels; it does not keep a reference (the widget owns the pool). */
AdjLabelPool *adj_label_pool_new   (GtkWidget *widget);
void          adj_label_pool_free  (AdjLabelPool *self);
/* Drops the font and the layouts: after a font-scale or font change, or a new root (which may
 * bring a new Pango context, which the layouts must not outlive). */
void          adj_label_pool_reset (AdjLabelPool *self);
/* Label @i of this draw, showing @text, in the widget's font at @points (the size is taken
 * when the pool makes its font: after a reset). Owned by the pool. */
PangoLayout  *adj_label_pool_get   (AdjLabelPool *self, guint i, const char *text,
                                    double points);
/* For a widget's system_setting_changed: TRUE when @setting changes the font (its name, the
 * resolution, fontconfig), after resetting the pool. */
gboolean      adj_label_pool_setting_changed (AdjLabelPool *self, GtkSystemSetting setting);

G_END_DECLS
