/* adj-scene.h: a graph at one step of its trace, drawn with Cairo and Pango. The canvas and
 * `adjoint export` both call this, so what a test renders is what a user sees. */
#pragma once

#include <cairo.h>
#include "core/trace.h"
#include "ui/adj-layout.h"

G_BEGIN_DECLS

typedef enum {
  ADJ_THEME_LIGHT,
  ADJ_THEME_DARK,
} AdjTheme;

/* Draws @graph laid out by @layout as it stands after @k steps of @trace (0 ≤ k ≤ n_steps),
 * into a @width × @height area, with the step's sentence (or @caption when not NULL) on a
 * line at the bottom. */
void adj_scene_draw (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                     const AgTrace *trace, guint k, const char *caption, AdjTheme theme,
                     double width, double height);

G_END_DECLS
