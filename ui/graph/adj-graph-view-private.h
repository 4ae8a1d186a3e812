/* adj-graph-view-private.h: the canvas widget's state, shared by its files: adj-graph-view.c
 * (view, animation, camera, keys, drawing) and adj-graph-view-pointer.c (clicks, drags,
 * scrolling, hover). Not for other widgets. */
#pragma once

#include "ui/graph/adj-graph-view.h"
#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-camera.h"
#include "ui/draw/adj-minimap.h"

G_BEGIN_DECLS

typedef enum {
  DRAG_NONE,
  DRAG_PAN,
  DRAG_NODE,
  DRAG_VALUE,     /* scrubbing a scalar input's value */
  DRAG_MAP,       /* moving the view on the overview map */
} DragKind;

struct _AdjGraphView
{
  GtkWidget    parent_instance;

  /* owned */
  AdjDocument *document;
  gulong       graph_changed_id, layout_changed_id, step_id, selected_id;
  gulong       dpi_id;         /* GtkSettings' gtk-xft-dpi: the Text Size */

  /* borrowed from the document */
  const AdjLayout *layout;
  guint        layout_serial;  /* the document's, when this layout was taken */

  AdjView      view;
  gboolean     view_set;       /* FALSE until the first fit (or a saved view) */
  double       max_fit_zoom;   /* how far a fit may enlarge: 1.5, more when presenting */
  gboolean     refit_pending;
  AdjTheme     theme;
  guint        shown_step;
  double       t;              /* fraction of the current step's animation */
  AdjStepState shown;          /* what the frame shows, reused by every frame (zeroed = init) */
  gboolean     animate;
  gboolean     playing;
  double       speed;
  guint        tick_id;
  gint64       last_frame;
  int          hovered_edge;
  AdjSceneAsk  ask;          /* exercise mode's "?" */
  AdjCorner    map_corner;   /* where the overview map sat last */

  DragKind     drag;
  AgId         drag_node;
  double       drag_x0, drag_y0;   /* the box's corner, the pan, or the value, at the start */
  double       zoom_start;

  /* The camera: with follow on, the view moves to frame each step (adj-camera.h), eased over
   * CAMERA_SECONDS on the frame clock; panning or zooming by hand turns follow off. */
  gboolean     follow;
  AdjView      cam_from, cam_to;
  gint64       cam_start;      /* frame time the move began, 0 before its first frame */
  guint        cam_tick_id;
  AdjStepState cam_state;      /* the current step, settled: what the camera frames */

  /* An edit's new layout (issue 19): the nodes move from where they were over
   * ADJ_ANIM_MOVE_SECONDS; meanwhile self->layout is this copy, moved a little each frame. */
  AdjLayout   *morph;
  gint64       morph_start;    /* frame time the move began, 0 before its first frame */
  guint        morph_tick_id;
  int          cam_w, cam_h;   /* the size the camera last framed for */
};

/* Remembers the view in the document (saved with the file). */
void     adj_graph_view_save_view (AdjGraphView *self);
/* Lets go of the camera: the user moved the view by hand. */
void     adj_graph_view_camera_release (AdjGraphView *self);
/* TRUE, with @map, when the overview map is shown (the same test for drawing and pointing). */
gboolean adj_graph_view_map_shown (AdjGraphView *self, AdjMinimap *map);
/* Adds the pointer's controllers (adj-graph-view-pointer.c). */
void     adj_graph_view_pointer_init (AdjGraphView *self);
/* Opens the folded call node @id stands for, or folds the innermost open call drawn around it
 * (issue 18). FALSE when @id belongs to no call. */
gboolean adj_graph_view_toggle_call_at (AdjGraphView *self, AgId id);

G_END_DECLS
