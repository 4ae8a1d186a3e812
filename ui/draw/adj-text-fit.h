/* adj-text-fit.h: the scene's fonts and a node's text geometry, sized by measured width (Pango),
 * never by character count. The layout measures with these to size boxes; the scene places its
 * text with the same functions, so what was measured is what is drawn. */
#pragma once

#include <pango/pango.h>
#include "core/graph.h"

G_BEGIN_DECLS

/* The scene's fonts, each a family and weight and a size in points at font scale 1. */
typedef enum {
  ADJ_FONT_TITLE,    /* a node's name or expression */
  ADJ_FONT_TAG,      /* an op's symbol in the corner */
  ADJ_FONT_ROLE,     /* a leaf's role in the corner ("input") */
  ADJ_FONT_LABEL,    /* "value", "grad" */
  ADJ_FONT_NUMBER,   /* a scalar's value and adjoint */
  ADJ_FONT_CONST,    /* a constant's number */
  ADJ_FONT_SHAPE,    /* a tensor's shape line */
  ADJ_FONT_CELL,     /* a tensor cell */
  ADJ_FONT_MARK,     /* the "=" and "∇" before a grid */
  ADJ_FONT_BADGE,    /* "2 of 3 paths" */
  ADJ_N_FONTS
} AdjFont;

/* @font's Pango name at font scale 1 ("Sans Bold 15"). */
const char *adj_font_name (AdjFont font);
/* The font description of @font at @scale (1 = the sizes above), or of any Pango font @name
 * with its size times @scale; owned by the caller. */
PangoFontDescription *adj_font_description (AdjFont font, double scale);
PangoFontDescription *adj_font_description_scaled (const char *name, double scale);
/* A context for measuring and drawing scene text: metric hinting off, so sizes do not depend
 * on the zoom. On @font_map (NULL: this thread's default Cairo font map). */
PangoContext *adj_text_context_new (PangoFontMap *font_map);
/* The width and height in points of @text in @font at @scale, laid out once in @scratch (any
 * layout of a context from adj_text_context_new(); its text and font are replaced). */
void   adj_text_measure (PangoLayout *scratch, const char *text, AdjFont font, double scale,
                         double *width, double *height);

/* The width of a scalar's label column: the widest of "value", "grad" and "tangent". */
double adj_node_label_width (PangoLayout *scratch, double scale);

/* Geometry at font scale 1 as well. */
/* Tensor nodes show two grids of at most ROWS × COLS cells: values above, adjoints below. */
#define ADJ_GRID_MAX_ROWS 6
#define ADJ_GRID_MAX_COLS 6
#define ADJ_CELL_W      58.0
#define ADJ_CELL_H      22.0
#define ADJ_GRID_PAD    10.0
#define ADJ_GRID_LABEL_W 22.0   /* the "=" and "∇" in front of each grid */
#define ADJ_GRID_TOP    46.0    /* below the name and shape lines */
#define ADJ_GRID_GAP    8.0

/* Geometry at font scale 1, in points; everything scales with the font scale. */
#define ADJ_NODE_PAD        10.0   /* inside the box, left and right */
#define ADJ_NODE_TAG_GAP    10.0   /* between the title and the op tag */
#define ADJ_NODE_LABEL_GAP  8.0    /* between "value" and its number */
#define ADJ_NODE_MIN_W      110.0
#define ADJ_NODE_MAX_W      300.0  /* past it a title ellipsizes in its middle */
#define ADJ_NODE_H          80.0   /* a scalar: title, value, adjoint */
#define ADJ_CONST_MIN_W     54.0
#define ADJ_CONST_H         36.0

/* A rectangle, top-left origin, in layout points. */
typedef struct {
  double x, y, w, h;
} AdjRect;

/* What a node's text measures, in points at the layout's font scale. */
typedef struct {
  double title_w;    /* the name or expression, whole */
  double tag_w;      /* the op's symbol or the leaf's role */
  double label_w;    /* the widest of "value", "grad", "tangent" */
  double number_w;   /* the widest number the node shows (at least a typical "−0.0000") */
  double grid_w;     /* a tensor's grids with their marks and padding, or 0 for a scalar */
} AdjNodeText;

/* The width of a scalar or tensor node's box for text measuring @t at @scale: as wide as its
 * title beside its tag and its numbers beside their labels, from ADJ_NODE_MIN_W up to
 * ADJ_NODE_MAX_W (a grid may make it wider still: its numbers are never cut). */
double adj_node_fit_width (const AdjNodeText *t, double scale);
/* Where a node's title and tag go in box (@x, @y, @w): the tag right-aligned in the top-right
 * corner, the title on the left up to ADJ_NODE_TAG_GAP before the tag. They never overlap;
 * a title wider than its rectangle ellipsizes in its middle. */
void   adj_node_title_rects (double x, double y, double w, double tag_w, double scale,
                             AdjRect *title, AdjRect *tag);
/* Where a scalar's number goes on its line: after the label column, to the box's padding. */
void   adj_node_number_rect (double x, double y, double w, double label_w, double line_y,
                             double scale, AdjRect *number);
/* The width of a tensor cell for numbers up to @max_number_w points wide, at @scale. */
double adj_cell_fit_width (double max_number_w, double scale);

/* TRUE when rectangles @a and @b share any area. */
gboolean adj_rect_intersects (const AdjRect *a, const AdjRect *b);

G_END_DECLS
