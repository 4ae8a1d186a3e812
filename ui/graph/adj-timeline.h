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

G_END_DECLS
