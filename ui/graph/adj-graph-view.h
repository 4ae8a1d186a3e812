/* adj-graph-view.h: the canvas: the document's graph drawn by the scene, animated step by step
 * on the frame clock, with pan, zoom, node dragging, selection and edge hover. */
#pragma once

#include <gtk/gtk.h>
#include "ui/graph/adj-document.h"
#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-scene.h"

G_BEGIN_DECLS

#define ADJ_TYPE_GRAPH_VIEW (adj_graph_view_get_type ())
G_DECLARE_FINAL_TYPE (AdjGraphView, adj_graph_view, ADJ, GRAPH_VIEW, GtkWidget)

GtkWidget   *adj_graph_view_new (void);
/* The document shown (property :document); NULL shows nothing. */
void         adj_graph_view_set_document (AdjGraphView *self, AdjDocument *document);
AdjDocument *adj_graph_view_get_document (AdjGraphView *self);

/* Playing advances one step each time the current step's animation ends, and stops at the
 * last step (property :playing). */
void         adj_graph_view_set_playing (AdjGraphView *self, gboolean playing);
gboolean     adj_graph_view_get_playing (AdjGraphView *self);
/* Animation speed, 0.25 … 4 (property :speed). */
void         adj_graph_view_set_speed   (AdjGraphView *self, double speed);
double       adj_graph_view_get_speed   (AdjGraphView *self);
/* Animations on or off (property :animate); off, a step shows its end at once. */
void         adj_graph_view_set_animate (AdjGraphView *self, gboolean animate);

void         adj_graph_view_set_theme   (AdjGraphView *self, AdjTheme theme);
AdjTheme     adj_graph_view_get_theme   (AdjGraphView *self);

/* The view: zoom to fit, zoom by a factor about the centre, or back to 100 %. */
void         adj_graph_view_zoom_to_fit (AdjGraphView *self);
/* Fits now and again once the view has its next size (after panels hide or show), enlarging
 * at most @max_zoom times (1.5 normally; more in presentation mode). */
void         adj_graph_view_refit       (AdjGraphView *self, double max_zoom);
void         adj_graph_view_zoom_by     (AdjGraphView *self, double factor);
void         adj_graph_view_zoom_reset  (AdjGraphView *self);
AdjView      adj_graph_view_get_view    (AdjGraphView *self);

/* Follow (on by default, f): the view frames each step as it plays (ui/draw/adj-camera.h), the
 * whole graph when that is readable (node text of 14 px or more), else the step's neighbourhood,
 * moving smoothly. Panning or zooming by hand, or zooming to fit, turns it off. */
void         adj_graph_view_set_follow  (AdjGraphView *self, gboolean follow);
gboolean     adj_graph_view_get_follow  (AdjGraphView *self);
/* The overview map's frame in widget pixels; FALSE while the view shows the whole graph and
 * there is none. */
gboolean     adj_graph_view_get_minimap (AdjGraphView *self, double *x, double *y, double *w,
                                         double *h);

/* Selects the node @delta places after the selected one in graph order (before it when
 * negative), wrapping around; with nothing selected, 1 selects the first node and -1 the last.
 * Pans to show it. What n and Shift+n do. FALSE (and nothing changes) without a document, with
 * an empty graph or for @delta 0. */
gboolean     adj_graph_view_select_next (AdjGraphView *self, int delta);

/* What exercise mode asks about, shown as "?" (a copy is kept; NULL or kind ADJ_ASK_NONE for
 * nothing). */
void         adj_graph_view_set_ask     (AdjGraphView *self, const AdjSceneAsk *ask);

/* The animation fraction of the current step (1 when settled), for tests. */
double       adj_graph_view_get_fraction (AdjGraphView *self);
/* The index of the hovered edge or -1, and the text shown for it, for tests. */
int          adj_graph_view_get_hovered_edge (AdjGraphView *self);

G_END_DECLS
