/* adj-minimap.h: the overview map in a corner of the canvas while the view shows only part of
 * the graph: every node as a small box, the current step's node marked, and the rectangle the
 * view shows. Its geometry is pure (tests and the pointer use it); painting is Cairo, no GTK. */
#pragma once

#include <cairo.h>
#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-layout.h"

G_BEGIN_DECLS

/* The canvas corners the map can sit in, in the order they are preferred. */
typedef enum {
  ADJ_CORNER_BOTTOM_RIGHT,
  ADJ_CORNER_BOTTOM_LEFT,
  ADJ_CORNER_TOP_RIGHT,
  ADJ_CORNER_TOP_LEFT,
  ADJ_N_CORNERS
} AdjCorner;

typedef struct {
  double x, y, w, h;   /* the map's frame, in widget pixels */
  AdjCorner corner;
  double scale;        /* map pixels per layout unit */
  double ox, oy;       /* where layout (0, 0) lands, in widget pixels */
} AdjMinimap;

/* TRUE when @view in a @width × @height widget leaves part of @layout out, so a map is worth
 * showing. */
gboolean adj_minimap_wanted (const AdjLayout *layout, const AdjView *view, double width,
                             double height);
/* The map of @layout in @corner of a @width × @height widget: at most a fifth of its width and a
 * quarter of its height, keeping the layout's shape. */
AdjMinimap adj_minimap_place (const AdjLayout *layout, double width, double height,
                              AdjCorner corner);
/* The map in the corner where it hides least of what @view shows: never over node @active (the
 * step being taught, AG_NO_ID for none) when a corner leaves it free, then the corner covering the
 * least node area. It stays in @prefer (the corner it was in) unless that hides @active or
 * clearly more than another corner, so the map does not hop about while stepping. */
AdjMinimap adj_minimap_place_free (const AdjLayout *layout, const AdjView *view, double width,
                                   double height, AgId active, AdjCorner prefer);
/* The layout point under widget point (@wx, @wy) of the map; FALSE when it is off the map. */
gboolean adj_minimap_to_layout (const AdjMinimap *map, double wx, double wy, double *lx, double *ly);
/* Paints the map: a panel, the edges and boxes in miniature, node @active filled in @accent
 * (AG_NO_ID for none), and @view's rectangle outlined in @accent. @dark picks the panel's
 * shades. */
void     adj_minimap_paint (cairo_t *cr, const AdjMinimap *map, const AdjLayout *layout,
                            const AdjView *view, double width, double height, AgId active,
                            gboolean dark, const double accent[3]);

G_END_DECLS
