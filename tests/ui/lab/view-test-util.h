/* view-test-util.h: what the boundary and neuron view tests share: images to draw on and
 * read pixels from, and a window to show a widget in under Xvfb. */
#pragma once

#include <gtk/gtk.h>

#define ASSERT_ORANGE(rgb) G_STMT_START {                                 \
    g_assert_cmpfloat ((rgb)[0], >, (rgb)[2] + 0.4);                      \
    g_assert_cmpfloat ((rgb)[0], >, (rgb)[1]);                            \
  } G_STMT_END
#define ASSERT_BLUE(rgb) G_STMT_START {                                   \
    g_assert_cmpfloat ((rgb)[2], >, (rgb)[0] + 0.3);                      \
    g_assert_cmpfloat ((rgb)[2], >, (rgb)[1]);                            \
  } G_STMT_END
#define ASSERT_RGB(rgb, r, g, b, tol) G_STMT_START {                      \
    g_assert_cmpfloat_with_epsilon ((rgb)[0], (r), (tol));                \
    g_assert_cmpfloat_with_epsilon ((rgb)[1], (g), (tol));                \
    g_assert_cmpfloat_with_epsilon ((rgb)[2], (b), (tol));                \
  } G_STMT_END

/* A new opaque @width × @height image painted @bg (grey level). */
cairo_surface_t *new_image (int width, int height, double bg, cairo_t **cr);
cairo_surface_t *finish_image (cairo_surface_t *surface, cairo_t *cr);
/* The colour of pixel (@x, @y), 0..1 per channel. */
void pixel_at (cairo_surface_t *surface, double x, double y, double rgb[3]);
double luminance (const double rgb[3]);
double saturation (const double rgb[3]);
/* Pixels in the rectangle that differ between two images of the same size. */
guint count_diff (cairo_surface_t *a, cairo_surface_t *b, int x0, int y0, int x1, int y1);
gboolean same_image (cairo_surface_t *a, cairo_surface_t *b);
/* Iterates the main context until @widget is mapped and has a size, or fails after 5 s. */
void wait_for_allocation (GtkWidget *widget);
/* Gives @widget the keyboard focus. Its window needs the display's focus for that, which
 * another suite's window may hold (meson runs them side by side on one X server): presents it
 * again until it has it, for up to 5 s. Iterate nothing after this while the focus matters. */
void focus_widget (GtkWidget *widget);
GtkWindow *show_in_window (GtkWidget *widget, int width, int height);
GtkEventController *find_controller (GtkWidget *widget, GType type);
/* Renders @widget's own snapshot over white into a new image of its size. */
cairo_surface_t *snapshot_widget (GtkWidget *widget);
