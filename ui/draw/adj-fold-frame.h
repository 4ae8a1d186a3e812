/* adj-fold-frame.h: the geometry of folded and open calls on the canvas (issue 18): which
 * nodes a folded call hides, the title of the box that stands for it, and the frame drawn
 * around an open call's inside. Pure: no Cairo, no GTK; adj-layout.c and adj-scene.c use it,
 * tests call it. */
#pragma once

#include "core/trace-fold.h"
#include "ui/draw/adj-text-fit.h"

G_BEGIN_DECLS

#define ADJ_FRAME_PAD     14.0   /* between a frame and the boxes inside it */
#define ADJ_FRAME_TITLE_H 24.0   /* the band at a frame's top that holds its title */

typedef struct {
  guint   call;    /* the open call */
  guint   depth;   /* 0 for a call of the program's top level */
  AdjRect rect;    /* the frame, its title band included, in canvas units */
} AdjCallFrame;

/* The frames of the open calls whose inside is drawn (every enclosing call open too), around
 * the boxes of their drawn nodes (@boxes, indexed by node; @hidden[id] TRUE for a node not
 * drawn), a nested frame inside its parent's with ADJ_FRAME_PAD to spare and a title band on
 * top, at @scale. A call with nothing drawn has no frame. Fills @frames (AdjCallFrame),
 * innermost first, so a parent's frame is painted first when read backwards. */
void  adj_fold_frames_compute (GArray *frames, const AgGraph *graph, AgOpenCalls open,
                               const AdjRect *boxes, const guint8 *hidden, double scale);

/* The title of the box standing for folded call @call: "neuron#2 → h1" when the call's
 * output has a name, else the call's name. Writes into @buf. */
const char *adj_fold_box_title (const AgGraph *graph, guint call, char *buf, gsize size);

/* The frame whose title band holds (@x, @y), innermost first; -1 when none. */
int   adj_fold_frame_title_at (const GArray *frames, double x, double y, double scale);

G_END_DECLS
