/* adj-timeline.h: the player's scrubbable timeline: one cell per trace step, the forward
 * phase and the backward (or tangent) phase, and a playhead at the document's step. */
#pragma once

#include <gtk/gtk.h>
#include "ui/graph/adj-document-widget.h"

G_BEGIN_DECLS

#define ADJ_TYPE_TIMELINE (adj_timeline_get_type ())
G_DECLARE_FINAL_TYPE (AdjTimeline, adj_timeline, ADJ, TIMELINE, AdjDocumentWidget)

/* A new timeline showing no document. */
GtkWidget   *adj_timeline_new          (void);

/* Shows @document (may be NULL) and follows its step, mode and graph (property :document).
 * Clicking, dragging and the keys Left, Right, Home and End set its step. The timeline keeps
 * a reference until another document is set or the widget is disposed. */
void         adj_timeline_set_document (AdjTimeline *self, AdjDocument *document);
/* The document shown, or NULL. Borrowed. */
AdjDocument *adj_timeline_get_document (AdjTimeline *self);

/* Pure geometry, shared by the drawing and the pointer, and tested without a display.
 * Positions 0..@n_steps sit evenly between a margin at each end of a @width-pixel strip;
 * cell i (step i, 0-based) lies between positions i and i + 1. */

/* The x of the playhead at position @k (clamped to @n_steps). With no steps, the left end. */
double adj_timeline_x_of_position (double width, guint n_steps, guint k);
/* The position nearest to pointer @x, clamped to 0..@n_steps. Inverse of
 * adj_timeline_x_of_position() for every k once the strip is wider than its margins. */
guint  adj_timeline_position_at   (double width, guint n_steps, double x);

/* Where a phase's name @label_w pixels wide goes in the phase @x0..@x1 with the playhead's
 * line at @playhead_x: centred when the playhead does not cross it, else centred in the
 * larger side of the playhead that holds it, always inside the phase with a pad at each end
 * and clear of the playhead by a few pixels. Sets *@label_x (its left edge) and returns TRUE,
 * or FALSE when there is no such place. */
gboolean adj_timeline_place_label (double x0, double x1, double label_w, double playhead_x,
                                   double *label_x);
/* The narrowest timeline whose two phases each hold a name @label_w wide beside a playhead at
 * the phase's edge: the widget's minimum width for its short names ("fwd", "bwd"). */
int      adj_timeline_min_width   (int label_w);

G_END_DECLS
