/* adj-scene.h: a graph at one moment of its trace, drawn with Cairo and Pango. The canvas and
 * `adjoint export` both call this, so what a test renders is what a user sees. */
#pragma once

#include <cairo.h>
#include "core/trace.h"
#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-layout.h"
#include "ui/draw/adj-step-state.h"

G_BEGIN_DECLS

typedef enum {
  ADJ_THEME_LIGHT,
  ADJ_THEME_DARK,
  ADJ_THEME_HIGH_CONTRAST,   /* black on white, strong colours: projectors and low vision */
} AdjTheme;

/* "light", "dark", "high-contrast" → theme; FALSE for other names. */
gboolean    adj_theme_from_string (const char *name, AdjTheme *theme);
const char *adj_theme_to_string   (AdjTheme theme);

/* What exercise mode asks about and the canvas shows as "?" instead of its number (issue 16):
 * a node's value or adjoint, the local derivative on a backward edge u → v, or the
 * contribution that edge is about to carry. */
typedef enum {
  ADJ_ASK_NONE,
  ADJ_ASK_VALUE,          /* node */
  ADJ_ASK_LOCAL,          /* from (u, the consumer) → to (v, its input) */
  ADJ_ASK_CONTRIBUTION,   /* from → to */
  ADJ_ASK_GRAD,           /* node */
} AdjAskKind;

typedef struct {
  AdjAskKind kind;
  AgId       node, from, to;
  gboolean   quiz;    /* exercise mode is on: a hovered edge shows its derivative's formula,
                       * not its number (that may be asked later) */
} AdjSceneAsk;

/* One moment of the player: position @k (steps done) and the fraction @t of the animation of
 * step k (t = 1 when it has settled; see adj-anim.h), and what the pointer marks. */
typedef struct {
  guint    k;
  double   t;
  AdjTheme theme;
  AgId     selected;      /* drawn with a focus ring; AG_NO_ID for none */
  int      hovered_edge;  /* index in the layout's edges, or -1 */
  AdjSceneAsk ask;        /* shown as "?"; kind ADJ_ASK_NONE (zero) for none */
} AdjSceneState;

#define ADJ_SCENE_STATE_INIT(k_) ((AdjSceneState) { (k_), 1.0, ADJ_THEME_LIGHT, AG_NO_ID, -1 })

/* Fills the whole target with the theme's background. */
void  adj_scene_paint_background (cairo_t *cr, AdjTheme theme);
/* Where @layout under @view goes on past a side of the @width × @height viewport, fades the
 * drawing into the background over ADJ_SCENE_EDGE_FADE pixels at that side: a box the edge cuts
 * reads as going on out of view, not as a clipped number. Widget coordinates (no transform). */
#define ADJ_SCENE_EDGE_FADE 28.0
void  adj_scene_paint_edge_fade (cairo_t *cr, AdjTheme theme, const AdjLayout *layout,
                                 const AdjView *view, double width, double height);
/* When a faster engine stood in for dot (@layout's note), says so in a dark band at the top
 * left of a @width wide view, wrapped; widget coordinates. Nothing otherwise. */
void  adj_scene_paint_layout_note (cairo_t *cr, AdjTheme theme, const AdjLayout *layout, double width);
/* Draws the boxes, curves, values, adjoints and what travels on the current step, in layout
 * coordinates (the caller sets the transform): adj_step_state_compute() for @state's k and t,
 * then adj_scene_paint_step(). Main thread only (it keeps the step state between frames). */
void  adj_scene_draw_graph (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                            const AgTrace *trace, const AdjSceneState *state);
/* Paints @shown, computed for @graph and @trace: the scene draws what the step state says and
 * decides nothing about the trace itself. @state gives the theme and what the pointer marks. */
void  adj_scene_paint_step (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                            const AgTrace *trace, const AdjSceneState *state,
                            const AdjStepState *shown);
/* The local derivative an edge multiplies in, with numbers when the trace has them:
 * "∂z/∂y = 2y = 8". Owned by the caller. */
char *adj_scene_dup_edge_text (const AgGraph *graph, const AdjLayout *layout,
                               const AgTrace *trace, int edge);
/* The same without the number when @with_number is FALSE: "∂z/∂y = 2y" (exercise mode). */
char *adj_scene_dup_edge_formula (const AgGraph *graph, const AdjLayout *layout,
                                  const AgTrace *trace, int edge, gboolean with_number);

/* A whole frame for export: the background, the graph fitted into a @width × @height area at
 * position @k, settled, and a caption line at the bottom with @caption (or the step's
 * sentence when NULL) and the step counter. */
void  adj_scene_draw (cairo_t *cr, const AgGraph *graph, const AdjLayout *layout,
                      const AgTrace *trace, guint k, const char *caption, AdjTheme theme,
                      double width, double height);

/* The caption strip's font size on a @width × @height page: proportional to the page, so a
 * slide reads from the back of a hall (1/24 of the height). The strip holds at most
 * ADJ_SCENE_CAPTION_LINES lines of it. */
#define ADJ_SCENE_CAPTION_LINES 3
double adj_scene_caption_font_size (double width, double height);

/* A slide deck's title page: @title large and @note (may be NULL) below it, centred; no graph. */
void  adj_scene_draw_title (cairo_t *cr, const char *title, const char *note, AdjTheme theme,
                            double width, double height);

/* TRUE when layout edge @e is the backward edge u → v that @ask names (local, contribution). */
gboolean adj_scene_ask_on_edge (const AdjSceneAsk *ask, const AdjEdgePath *e);

/* The lesson caption for player position @k, or NULL for the step's own sentence. */
typedef const char *(*AdjCaptionFunc) (guint k, gpointer data);

/* Writes positions @first … @last (each drawn as adj_scene_draw() does, @width wide and 9/16 of
 * it high) to @path: one PNG (only when @first == @last), one SVG (likewise) or one PDF page
 * each, chosen by @path's ending, written whole or not at all (ui/draw/adj-export-file.h).
 * FALSE with @error: G_IO_ERROR when the ending is none of those, AG_ERROR_IO (saying why)
 * when the file cannot be written. What `adjoint export` and the window's Export share. */
gboolean adj_scene_export (const char *path, const AgGraph *graph, const AdjLayout *layout,
                           const AgTrace *trace, guint first, guint last, AdjCaptionFunc caption,
                           gpointer caption_data, AdjTheme theme, double width, GError **error);
/* The same, as slides: with @title_page (a PDF only) a first page with @title and @note
 * (adj_scene_draw_title()); a PDF's title metadata is @title when given. */
gboolean adj_scene_export_slides (const char *path, const AgGraph *graph, const AdjLayout *layout,
                                  const AgTrace *trace, guint first, guint last,
                                  AdjCaptionFunc caption, gpointer caption_data,
                                  const char *title, const char *note, gboolean title_page,
                                  AdjTheme theme, double width, GError **error);

G_END_DECLS
