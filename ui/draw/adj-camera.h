/* adj-camera.h: where the view looks while a lesson plays, as a pure function: the whole graph
 * when it fits at a readable size, otherwise the current step's neighbourhood at a zoom where
 * node text is at least ADJ_CAMERA_READABLE_PX, moving only when the step leaves the view. The
 * canvas, presentation mode and per-step exports all ask it. No GTK, no Cairo. */
#pragma once

#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-layout.h"
#include "ui/draw/adj-step-state.h"

G_BEGIN_DECLS

/* Text smaller than this (in device pixels at 100 % scale) is not readable on a screen or a
 * projector: the bar. */
#define ADJ_CAMERA_READABLE_PX 14.0
/* The smallest text a node draws at zoom 1 (its "value" and "grad" labels and a tensor's cells:
 * 11 pt, at Pango's 96 dpi), so the scene's text is readable when zoom × this ≥ 14 px. Keep in
 * step with adj-scene.c. */
#define ADJ_CAMERA_NODE_TEXT_PX (11.0 * 96.0 / 72.0)
/* The room below a node's box that its "k of n paths" badge takes, in layout units (the scene
 * centres it 16 below the box, 11 high either side). */
#define ADJ_CAMERA_BADGE_ROOM 30.0

/* Room kept around what a view frames, in pixels. */
#define ADJ_CAMERA_MARGIN 40.0

typedef struct {
  double x1, y1, x2, y2;    /* layout coordinates */
} AdjCameraRect;

/* What the camera is asked: the viewport's size in pixels, the scene's node text at zoom 1
 * (ADJ_CAMERA_NODE_TEXT_PX times any text scale), how far a whole-graph fit may enlarge, and
 * the room kept around a whole-graph fit (0: ADJ_CAMERA_MARGIN). */
typedef struct {
  double width, height;
  double text_px;
  double max_fit_zoom;
  double fit_margin;
} AdjCameraViewport;

/* The lowest zoom at which @text_px text reads ADJ_CAMERA_READABLE_PX or more. */
double   adj_camera_readable_zoom (double text_px);
/* TRUE when the whole of @layout fits @vp at a readable zoom. */
gboolean adj_camera_fits_whole (const AdjLayout *layout, const AdjCameraViewport *vp);
/* The layout area the current step of @state involves: the node it sets, the node it leaves and
 * the edges it uses; with @neighbours also every node one edge away from those two. FALSE (and
 * @rect untouched) when no step is current. */
gboolean adj_camera_step_rect (const AdjLayout *layout, const AdjStepState *state,
                               gboolean neighbours, AdjCameraRect *rect);
/* The view for @state in @vp. The whole graph when it fits readably or no step is current;
 * otherwise the step's neighbourhood at a readable zoom (the zoom of @current when that is
 * readable and holds the step). With @current (the view now), returns it unchanged while the
 * step lies comfortably inside it, so stepping does not make the view jitter. */
AdjView  adj_camera_frame (const AdjLayout *layout, const AdjStepState *state,
                           const AdjCameraViewport *vp, const AdjView *current);
/* The view @t (0 … 1, eased by the caller) of the way from @from to @to: the zoom moves
 * geometrically and the layout point at the viewport's centre in a straight line, so a move
 * that zooms neither swings nor overshoots. */
AdjView  adj_camera_lerp (const AdjView *from, const AdjView *to, double width, double height,
                          double t);

/* The view of an exported page: position @k of @trace, settled, in a @width × @height area (the
 * page less its caption), framed by adj_camera_frame() from nothing, so each page stands alone
 * and the active node's text is readable (≥ 14 px, or points on a PDF page) whenever the whole
 * graph would be smaller. */
AdjView  adj_camera_page_view (const AgGraph *graph, const AdjLayout *layout, const AgTrace *trace,
                               guint k, double width, double height, double margin,
                               double max_fit_zoom);

G_END_DECLS
