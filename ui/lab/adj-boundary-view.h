/* adj-boundary-view.h: the training lab's decision boundary: the network's prediction over the
 * input plane as a heatmap, with the training and test points on top.
 *
 *   GtkWidget *view = adj_boundary_view_new ();
 *
 *   adj_boundary_view_set_data (ADJ_BOUNDARY_VIEW (view), train, test, AG_DATASET_EXTENT);
 *   for (;;)   // while training, up to once a frame
 *     {
 *       ag_trainer_predict_grid (trainer, 50, AG_DATASET_EXTENT, grid, NULL);
 *       adj_boundary_view_set_grid (ADJ_BOUNDARY_VIEW (view), 50, n_outputs, grid);
 *     }
 *
 * The plane is the square [-E, E]² (E = the extent given with the data). A grid of resolution
 * G samples it at the centres of G × G cells: cell (r, c) is at
 *   x1 = -E + (c + 0.5)·2E/G,   x2 = E − (r + 0.5)·2E/G,
 * row 0 at the top (largest x2), row-major, so the grid reads like an image. Between the
 * samples the colours are interpolated bilinearly.
 *
 * Colours are colour-blind safe and never the only cue:
 * - two classes: class 0 orange, class 1 blue (as TensorFlow Playground); the heatmap blends
 *   through a light neutral (dark with :dark) at p = 0.5, stronger as the prediction is more
 *   confident, and a thin line follows p = 0.5;
 * - more classes: the Okabe–Ito colours, one per class; a cell takes its most likely class's
 *   colour, the stronger the more likely;
 * - regression: orange below 0, blue above, on a scale symmetric about 0 that reaches the
 *   largest |target| in the data.
 * Points take their class's colour with a contrasting outline and a shape per class (circle,
 * square, triangle, diamond, …); training points are filled, test points are rings. */
#pragma once

#include <gtk/gtk.h>
#include <cairo.h>
#include "core/dataset.h"
#include "ui/lab/adj-lab-view.h"

G_BEGIN_DECLS

#define ADJ_TYPE_BOUNDARY_VIEW (adj_boundary_view_get_type ())
G_DECLARE_FINAL_TYPE (AdjBoundaryView, adj_boundary_view, ADJ, BOUNDARY_VIEW, AdjLabView)

/* A new view with no data and no grid: it draws the axes over a neutral plane. */
GtkWidget *adj_boundary_view_new       (void);

/* Shows the points of @train (filled) and @test (rings); either may be NULL or empty. Both are
 * copied: the view keeps no pointer to them. The kind of plot (two classes, more, or
 * regression) and the number of classes come from @train's n_classes (from @test's when
 * @train is NULL). @extent (> 0) is E above. Forgets the grid when the kind of plot or the
 * number of classes changes, and updates the accessible label. */
void       adj_boundary_view_set_data  (AdjBoundaryView *self, const AgDataset *train,
                                        const AgDataset *test, double extent);

/* Shows the prediction @grid: @res × @res cells (see above) of @n_outputs values each,
 * cell-major: grid[(r·res + c)·n_outputs + k]. @n_outputs is 1 for two classes (the
 * probability of class 1, in 0..1) and for regression (the predicted value), or the number of
 * classes K ≥ 2 for more (each cell's probabilities of the K classes). Copied. Cheap enough to
 * call every frame: after the first call with a given @res and @n_outputs, it allocates
 * nothing and only recolours a @res × @res image. A grid whose @n_outputs does not fit the
 * data's kind is drawn as well as it can be (K values: by argmax; 1 value with more classes:
 * as two classes). NaNs are drawn neutral. */
void       adj_boundary_view_set_grid  (AdjBoundaryView *self, guint res, guint n_outputs,
                                        const double *grid);
/* Forgets the grid: the plane is drawn neutral again until the next set_grid(). */
void       adj_boundary_view_clear_grid (AdjBoundaryView *self);

/* Properties. :show-test (default TRUE) draws the test points. :dark (the plane is then a dark
 * neutral) and :font-scale (the axis labels, the markers and the margins) are AdjLabView's:
 * set them with adj_lab_view_set_dark() and adj_lab_view_set_font_scale(). */
void       adj_boundary_view_set_show_test  (AdjBoundaryView *self, gboolean show_test);
gboolean   adj_boundary_view_get_show_test  (AdjBoundaryView *self);

/* One line on what the view shows, for assistive technology (it is the accessible label) and
 * tests: "Decision boundary: 200 training points and 50 test points in 2 classes",
 * "Regression: 200 training points, targets from -1.2 to 0.97", "Decision boundary: no data".
 * It describes the data, not the grid, so it does not change while training. Owned by the
 * caller. */
char      *adj_boundary_view_dup_summary (AdjBoundaryView *self);

/* Draws the view into the @width × @height rectangle at the origin of @cr's user space: the
 * square plot, as large as fits with its axis labels around it, centred. Paints no background
 * outside the plot. Needs no window: exports and tests call it on any surface, and the
 * widget's snapshot calls it too. Into an image surface (and in the snapshot) the points come
 * from a layer kept between calls and redrawn only when the data, :show-test, :dark,
 * :font-scale or the plot's size change, so a frame of 2000 points costs about what one of 20
 * does; into other surfaces (PDF, SVG) they are drawn as paths. */
void       adj_boundary_view_draw      (AdjBoundaryView *self, cairo_t *cr, double width,
                                        double height);

/* Where the plot lies when drawn into @width × @height at font scale @font_scale: the square
 * (x, y, side) the plane [-E, E]² maps to, in the drawing's coordinates. Its frame (the
 * heatmap, the axes) reaches past it by as far as a marker reaches, so points at the edge of
 * the range are drawn whole. Pure; the drawing and the tests share it. */
void       adj_boundary_plot_rect      (double width, double height, double font_scale,
                                        double *x, double *y, double *side);

/* The extent E that shows every point of @train and @test (either may be NULL): @at_least, or
 * past it the largest |x1| or |x2|, rounded up to a quarter (noise carries points past the
 * clean shapes' AG_DATASET_EXTENT; a CSV may lie anywhere). Pure. */
double     adj_boundary_data_extent    (const AgDataset *train, const AgDataset *test,
                                        double at_least);

/* Draws the points of @data (small markers, in the same colours and shapes as the view) in
 * the @size × @size square at the origin of @cr over a soft rounded background: a dataset
 * picker's thumbnail. @extent is E above; @dark picks the dark colours. No widget needed. */
void       adj_boundary_draw_thumbnail (cairo_t *cr, double size, const AgDataset *data,
                                        double extent, gboolean dark);

G_END_DECLS
