/* adj-lab-view.h: what the training lab's canvas views share; the decision boundary and the
 * neuron view derive from it. It holds their :dark and :font-scale properties and their text
 * labels, kept between draws (adj-label-pool.h) and reset on a new root, a font setting or a
 * new font scale. A view says what a change means for it in its class's dark_changed and
 * font_scale_changed (the labels are reset and a resize queued already).
 *
 *   static void
 *   my_view_dark_changed (AdjLabView *view)
 *   {
 *     ... recolour what depends on adj_lab_view_get_dark (view) ...
 *     gtk_widget_queue_draw (GTK_WIDGET (view));
 *   }
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ADJ_TYPE_LAB_VIEW (adj_lab_view_get_type ())
G_DECLARE_DERIVABLE_TYPE (AdjLabView, adj_lab_view, ADJ, LAB_VIEW, GtkWidget)

struct _AdjLabViewClass
{
  GtkWidgetClass parent_class;

  /* After :dark changed. */
  void (*dark_changed)       (AdjLabView *self);
  /* After :font-scale changed. */
  void (*font_scale_changed) (AdjLabView *self);
};

/* :dark (default FALSE) picks colours for a dark background; :font-scale (0.5..4, default 1)
 * scales text, markers and margins, for presentation mode. Setting either to its value does
 * nothing; a change notifies. */
void         adj_lab_view_set_dark       (AdjLabView *self, gboolean dark);
gboolean     adj_lab_view_get_dark       (AdjLabView *self);
void         adj_lab_view_set_font_scale (AdjLabView *self, double font_scale);
double       adj_lab_view_get_font_scale (AdjLabView *self);

/* Label @i of this draw, showing @text, in the widget's font at @points × :font-scale. Owned
 * by the view. */
PangoLayout *adj_lab_view_label          (AdjLabView *self, guint i, const char *text,
                                          double points);

/* The scale at which a view's cached layers suit drawing on @cr: into an image, unrotated,
 * the image's device pixels per unit; anything else (a vector surface, a rotation) 0, where
 * a view draws everything one by one. */
double       adj_lab_view_cache_scale    (cairo_t *cr);

G_END_DECLS
