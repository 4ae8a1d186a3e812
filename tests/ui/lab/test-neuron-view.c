/* test-neuron-view.c: the training lab's neuron view: its summary, the network's geometry
 * and hit test, clicks, the keyboard's cursor and focus ring, hover, links and the cache.
 * Asserts pixels of drawings on image surfaces. Runs under Xvfb. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <math.h>
#include "tests/lsan-glib.h"
#include <string.h>
#include <gtk/gtk.h>
#include "ui/lab/adj-neuron-layout.h"
#include "ui/lab/adj-neuron-links.h"
#include "ui/lab/adj-neuron-view.h"
#include "tests/ui/lab/view-test-util.h"

/* ---- helpers -------------------------------------------------------------------------- */

static AdjNeuronView *
new_neurons (guint n_layers, const guint *widths)
{
  AdjNeuronView *view = ADJ_NEURON_VIEW (g_object_ref_sink (adj_neuron_view_new ()));

  if (n_layers > 0)
    adj_neuron_view_set_shape (view, n_layers, widths);
  return view;
}

static cairo_surface_t *
draw_neurons (AdjNeuronView *view, int width, int height)
{
  cairo_t *cr;
  cairo_surface_t *surface = new_image (width, height, 1, &cr);

  adj_neuron_view_draw (view, cr, width, height);
  return finish_image (surface, cr);
}

/* ---- the neuron view ------------------------------------------------------------------ */

static const guint net_2881[] = { 2, 8, 8, 1 };

static void
test_neurons_summary (void)
{
  static const guint solo[] = { 2, 1 };
  static const guint one[] = { 2, 1, 3 };
  AdjNeuronView *view = new_neurons (0, NULL);
  char *s;

  s = adj_neuron_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Network: no layers");
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, s);
  g_free (s);

  adj_neuron_view_set_shape (view, 4, net_2881);
  s = adj_neuron_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Network 2-8-8-1: 16 hidden units");
  g_free (s);
  /* The label goes on to the keyboard's unit, which starts at the first input. */
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Network 2-8-8-1: 16 hidden units. "
                                       "At x1, unit 1 of 2 in the input layer");
  g_assert_cmpuint (adj_neuron_view_get_n_layers (view), ==, 4);
  g_assert_cmpuint (adj_neuron_view_get_width (view, 1), ==, 8);
  g_assert_cmpuint (adj_neuron_view_get_width (view, 3), ==, 1);
  g_assert_cmpuint (adj_neuron_view_get_width (view, 4), ==, 0);

  adj_neuron_view_set_shape (view, 2, solo);
  s = adj_neuron_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Network 2-1: no hidden units");
  g_free (s);
  adj_neuron_view_set_shape (view, 3, one);
  s = adj_neuron_view_dup_summary (view);
  g_assert_cmpstr (s, ==, "Network 2-1-3: 1 hidden unit");
  g_free (s);

  gtk_test_accessible_assert_role (view, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_finalize_object (view);
}

/* Every unit's square: inside the picture, square, in its column's block (blocks left to
 * right, each vertically centred); the hit test finds it at its centre and its corner, and
 * nothing in the gaps beside and below it or between the blocks. */
static void
check_geometry (AdjNeuronView *view, guint n_layers, const guint *widths, double width,
                double height)
{
  double prev_right = -1;

  for (guint l = 0; l < n_layers; l++)
    {
      double left = G_MAXDOUBLE, right = -1, top = G_MAXDOUBLE, bottom = -1;
      graphene_rect_t r, first;

      g_assert_false (adj_neuron_view_get_unit_bounds (view, l, widths[l], &r));
      g_assert_true (adj_neuron_view_get_unit_bounds (view, l, 0, &first));
      for (guint u = 0; u < widths[l]; u++)
        {
          guint hl = 99, hu = 99;

          g_assert_true (adj_neuron_view_get_unit_bounds (view, l, u, &r));
          g_assert_cmpfloat (r.size.width, ==, r.size.height);
          g_assert_cmpfloat (r.size.width, >=, 1);
          g_assert_cmpfloat (r.size.width, <=, 56);
          g_assert_cmpfloat (r.size.width, ==, first.size.width);
          g_assert_cmpfloat (r.origin.x, >=, 0);
          g_assert_cmpfloat (r.origin.y, >=, 28);               /* below the captions */
          g_assert_cmpfloat (r.origin.x + r.size.width, <=, width);
          g_assert_cmpfloat (r.origin.y + r.size.height, <=, height);
          left = MIN (left, r.origin.x);
          right = MAX (right, r.origin.x + r.size.width);
          top = MIN (top, r.origin.y);
          bottom = MAX (bottom, r.origin.y + r.size.height);

          g_assert_true (adj_neuron_view_unit_at (view, r.origin.x + r.size.width / 2,
                                                  r.origin.y + r.size.height / 2, &hl, &hu));
          g_assert_cmpuint (hl, ==, l);
          g_assert_cmpuint (hu, ==, u);
          g_assert_true (adj_neuron_view_unit_at (view, r.origin.x, r.origin.y, &hl, &hu));
          g_assert_cmpuint (hu, ==, u);
          /* Just past its right and bottom edges: a gap, not a unit. */
          g_assert_false (adj_neuron_view_unit_at (view, r.origin.x + r.size.width + 0.5,
                                                   r.origin.y + r.size.height / 2, NULL, NULL));
          g_assert_false (adj_neuron_view_unit_at (view, r.origin.x + r.size.width / 2,
                                                   r.origin.y + r.size.height + 0.5, NULL, NULL));
        }
      g_assert_cmpfloat (fabs ((top - 28) - (height - 8 - bottom)), <=, 1);
      g_assert_cmpfloat (left, >, prev_right);
      if (l > 0)
        /* Half-way between two blocks, level with a unit: nothing. */
        g_assert_false (adj_neuron_view_unit_at (view, (prev_right + left) / 2,
                                                 first.origin.y + first.size.height / 2,
                                                 NULL, NULL));
      prev_right = right;
    }
  g_assert_false (adj_neuron_view_unit_at (view, width / 2, 3, NULL, NULL));
  g_assert_false (adj_neuron_view_unit_at (view, -5, height / 2, NULL, NULL));
  g_assert_false (adj_neuron_view_unit_at (view, NAN, NAN, NULL, NULL));
}

static void
test_neurons_geometry (void)
{
  static const guint wide[] = { 2, 64, 1 };
  static const guint deep[] = { 2, 6, 6, 6, 6, 6, 6, 3 };
  AdjNeuronView *view = new_neurons (4, net_2881);
  cairo_surface_t *img;
  graphene_rect_t in, out;

  img = draw_neurons (view, 420, 300);
  cairo_surface_destroy (img);
  check_geometry (view, 4, net_2881, 420, 300);
  /* Few units: as big as allowed. */
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 0, &in));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 3, 0, &out));
  g_assert_cmpfloat (in.size.width, >=, 24);
  g_assert_cmpfloat (out.size.width, ==, in.size.width);

  img = draw_neurons (view, 1000, 700);
  cairo_surface_destroy (img);
  check_geometry (view, 4, net_2881, 1000, 700);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 0, &in));
  g_assert_cmpfloat (in.size.width, ==, 56);                 /* the cap */

  adj_neuron_view_set_shape (view, 3, wide);
  img = draw_neurons (view, 420, 300);
  cairo_surface_destroy (img);
  check_geometry (view, 3, wide, 420, 300);
  /* The inputs stay readable beside a wide layer, which splits into sub-columns of units
   * no smaller than 12 px: 4 of 16 here. Units go down one sub-column, then the next. */
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 0, &in));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 0, &out));
  g_assert_cmpfloat (in.size.width, >=, 24);
  g_assert_cmpfloat (out.size.width, <, in.size.width);
  g_assert_cmpfloat (out.size.width, >=, 12);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 15, &in));
  g_assert_cmpfloat (in.origin.x, ==, out.origin.x);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 16, &in));
  g_assert_cmpfloat (in.origin.x, >, out.origin.x + out.size.width);
  g_assert_cmpfloat (in.origin.y, ==, out.origin.y);
  {
    double step = in.origin.x - out.origin.x;

    g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 63, &in));
    g_assert_cmpfloat (in.origin.x, ==, out.origin.x + 3 * step);
    g_assert_cmpfloat (in.origin.y, ==, out.origin.y + 15 * step);   /* the same gaps down */
  }

  adj_neuron_view_set_shape (view, 8, deep);
  img = draw_neurons (view, 200, 140);                       /* the minimum size */
  cairo_surface_destroy (img);
  check_geometry (view, 8, deep, 200, 140);

  g_assert_finalize_object (view);
}

static void
unit_activated_cb (AdjNeuronView *view, guint layer, guint unit, gpointer data)
{
  guint *got = data;

  got[0] = layer;
  got[1] = unit;
  got[2]++;
}

/* A click on a unit emits ::unit-activated with its column and index; a click elsewhere, or
 * a press on one unit released on another, emits nothing. */
static void
test_neurons_click (void)
{
  GtkWidget *view = adj_neuron_view_new ();
  GtkWindow *window;
  GtkEventController *click;
  graphene_rect_t r, other;
  guint got[3] = { 99, 99, 0 };
  double cx, cy;

  adj_neuron_view_set_shape (ADJ_NEURON_VIEW (view), 4, net_2881);
  g_signal_connect (view, "unit-activated", G_CALLBACK (unit_activated_cb), got);
  window = show_in_window (view, 420, 300);
  click = find_controller (view, GTK_TYPE_GESTURE_CLICK);
  g_assert_nonnull (click);

  /* The allocation is the geometry's size. */
  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 3, 0, &r));
  g_assert_cmpfloat (r.origin.x + r.size.width, <=, gtk_widget_get_width (view));
  g_assert_cmpfloat (r.origin.x + r.size.width, >, gtk_widget_get_width (view) - 40);

  /* The snapshot draws what adj_neuron_view_draw() does: x1 orange on the left of its unit,
   * blue on the right. */
  {
    cairo_surface_t *img = snapshot_widget (view);
    double rgb[3];

    g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 0, 0, &r));
    pixel_at (img, r.origin.x + 0.2 * r.size.width, r.origin.y + r.size.height / 2, rgb);
    ASSERT_ORANGE (rgb);
    pixel_at (img, r.origin.x + 0.8 * r.size.width, r.origin.y + r.size.height / 2, rgb);
    ASSERT_BLUE (rgb);
    cairo_surface_destroy (img);
  }

  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 2, 3, &r));
  cx = r.origin.x + r.size.width / 2;
  cy = r.origin.y + r.size.height / 2;
  g_signal_emit_by_name (click, "pressed", 1, cx, cy);
  g_signal_emit_by_name (click, "released", 1, cx + 1, cy - 1);
  g_assert_cmpuint (got[2], ==, 1);
  g_assert_cmpuint (got[0], ==, 2);
  g_assert_cmpuint (got[1], ==, 3);

  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 0, 1, &other));
  g_signal_emit_by_name (click, "pressed", 1, other.origin.x + 2, other.origin.y + 2);
  g_signal_emit_by_name (click, "released", 1, other.origin.x + 2, other.origin.y + 2);
  g_assert_cmpuint (got[2], ==, 2);
  g_assert_cmpuint (got[0], ==, 0);
  g_assert_cmpuint (got[1], ==, 1);

  /* Between columns 1 and 2, level with a unit. */
  {
    graphene_rect_t left;
    double x;

    g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 1, 3, &left));
    x = (left.origin.x + left.size.width + r.origin.x) / 2;
    g_signal_emit_by_name (click, "pressed", 1, x, cy);
    g_signal_emit_by_name (click, "released", 1, x, cy);
    g_assert_cmpuint (got[2], ==, 2);
  }
  /* Pressed on one unit, released on another. */
  g_signal_emit_by_name (click, "pressed", 1, cx, cy);
  g_signal_emit_by_name (click, "released", 1, other.origin.x + 2, other.origin.y + 2);
  g_assert_cmpuint (got[2], ==, 2);

  g_object_ref (view);
  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

/* Presses @keyval with @state on @view as GTK delivers it to the focused widget: through its
 * key controller. Returns whether the view kept the key (else it goes on to the window). */
static gboolean
press_key (GtkWidget *view, guint keyval, GdkModifierType state)
{
  GtkEventController *keys = find_controller (view, GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, state, &handled);
  return handled;
}

/* Releases @keyval on @view, after GTK's own window controller has run: GTK 4 hides the focus
 * again when a key is released on the widget it was pressed on. */
static void
release_key (GtkWidget *view, guint keyval)
{
  GtkEventController *keys = find_controller (view, GTK_TYPE_EVENT_CONTROLLER_KEY);

  gtk_window_set_focus_visible (GTK_WINDOW (gtk_widget_get_root (view)), FALSE);
  g_signal_emit_by_name (keys, "key-released", keyval, 0, 0);
}

#define ASSERT_AT(view, text)                                                            \
  gtk_test_accessible_assert_property ((view), GTK_ACCESSIBLE_PROPERTY_LABEL,            \
                                       "Network 2-8-8-1: 16 hidden units. At " text)

/* The arrows move a cursor over the units: Up and Down within a column, Left and Right to
 * the unit at the same relative height of the next column, stopping at the ends; Return and
 * space activate it; a click moves it; every other key goes on to the window. */
static void
test_neurons_keyboard (void)
{
  GtkWidget *view = adj_neuron_view_new ();
  GtkWindow *window;
  guint got[3] = { 99, 99, 0 };

  adj_neuron_view_set_shape (ADJ_NEURON_VIEW (view), 4, net_2881);
  g_signal_connect (view, "unit-activated", G_CALLBACK (unit_activated_cb), got);
  window = show_in_window (view, 420, 300);
  g_assert_true (gtk_widget_get_focusable (view));
  focus_widget (view);

  ASSERT_AT (view, "x1, unit 1 of 2 in the input layer");
  g_assert_true (press_key (view, GDK_KEY_Return, 0));
  g_assert_cmpuint (got[2], ==, 1);
  g_assert_cmpuint (got[0], ==, 0);
  g_assert_cmpuint (got[1], ==, 0);

  g_assert_true (press_key (view, GDK_KEY_Down, 0));
  ASSERT_AT (view, "x2, unit 2 of 2 in the input layer");
  g_assert_true (press_key (view, GDK_KEY_Down, 0));           /* the end: kept, no move */
  ASSERT_AT (view, "x2, unit 2 of 2 in the input layer");
  g_assert_true (press_key (view, GDK_KEY_Left, 0));           /* the first column: likewise */
  ASSERT_AT (view, "x2, unit 2 of 2 in the input layer");

  /* The lower half of 2 is units 4..7 of 8; the middle of it, unit 6. */
  g_assert_true (press_key (view, GDK_KEY_Right, 0));
  ASSERT_AT (view, "h1[6], unit 7 of 8 in hidden layer 1");
  g_assert_true (press_key (view, GDK_KEY_Up, 0));
  g_assert_true (press_key (view, GDK_KEY_KP_Up, 0));
  ASSERT_AT (view, "h1[4], unit 5 of 8 in hidden layer 1");
  g_assert_true (press_key (view, GDK_KEY_KP_Right, 0));
  ASSERT_AT (view, "h2[4], unit 5 of 8 in hidden layer 2");
  g_assert_true (press_key (view, GDK_KEY_Right, 0));
  ASSERT_AT (view, "out, unit 1 of 1 in the output layer");
  g_assert_true (press_key (view, GDK_KEY_Right, 0));          /* the last column: kept */
  g_assert_true (press_key (view, GDK_KEY_Up, 0));
  ASSERT_AT (view, "out, unit 1 of 1 in the output layer");
  g_assert_true (press_key (view, GDK_KEY_space, 0));
  g_assert_cmpuint (got[2], ==, 2);
  g_assert_cmpuint (got[0], ==, 3);
  g_assert_cmpuint (got[1], ==, 0);

  /* Back: the one unit spans the column, so the middle of the next one, unit 4. */
  g_assert_true (press_key (view, GDK_KEY_Left, 0));
  ASSERT_AT (view, "h2[4], unit 5 of 8 in hidden layer 2");
  g_assert_true (press_key (view, GDK_KEY_Up, GDK_SHIFT_MASK));
  ASSERT_AT (view, "h2[3], unit 4 of 8 in hidden layer 2");
  g_assert_true (press_key (view, GDK_KEY_KP_Enter, 0));
  g_assert_cmpuint (got[2], ==, 3);
  g_assert_cmpuint (got[0], ==, 2);
  g_assert_cmpuint (got[1], ==, 3);

  /* The window's keys (the player's, focus moves, accelerators) pass, and change nothing. */
  {
    static const guint others[] = {
      GDK_KEY_Page_Up, GDK_KEY_Page_Down, GDK_KEY_Home, GDK_KEY_End, GDK_KEY_Escape,
      GDK_KEY_Tab, GDK_KEY_b, GDK_KEY_s, GDK_KEY_F5, GDK_KEY_n,
    };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      g_assert_false (press_key (view, others[i], 0));
    g_assert_false (press_key (view, GDK_KEY_Right, GDK_CONTROL_MASK));
    g_assert_false (press_key (view, GDK_KEY_Return, GDK_ALT_MASK));
    ASSERT_AT (view, "h2[3], unit 4 of 8 in hidden layer 2");
    g_assert_cmpuint (got[2], ==, 3);
  }

  /* A click moves the cursor to the unit clicked. */
  {
    GtkEventController *click = find_controller (view, GTK_TYPE_GESTURE_CLICK);
    graphene_rect_t r;

    g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 1, 2, &r));
    g_signal_emit_by_name (click, "pressed", 1, r.origin.x + 2, r.origin.y + 2);
    g_signal_emit_by_name (click, "released", 1, r.origin.x + 2, r.origin.y + 2);
    g_assert_cmpuint (got[2], ==, 4);
    ASSERT_AT (view, "h1[2], unit 3 of 8 in hidden layer 1");
    g_assert_true (press_key (view, GDK_KEY_Down, 0));
    g_assert_true (press_key (view, GDK_KEY_Return, 0));
    g_assert_cmpuint (got[2], ==, 5);
    g_assert_cmpuint (got[0], ==, 1);
    g_assert_cmpuint (got[1], ==, 3);
  }

  /* A new shape keeps the cursor where that unit still exists, else the nearest. */
  {
    static const guint smaller[] = { 2, 3, 1 };

    adj_neuron_view_set_shape (ADJ_NEURON_VIEW (view), 3, smaller);
    gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Network 2-3-1: 3 hidden units. "
                                         "At h1[2], unit 3 of 3 in hidden layer 1");
  }

  g_object_ref (view);
  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

/* The cursor's unit is ringed (and named) only while the view shows the keyboard focus, and
 * never in adj_neuron_view_draw(), which exports use. Moving the cursor makes the focus show. */
static void
test_neurons_focus_ring (void)
{
  GtkWidget *view = adj_neuron_view_new ();
  GtkWindow *window;
  cairo_surface_t *plain, *ringed, *drawn;
  graphene_rect_t r;
  double rgb[3];
  guint blue = 0;

  adj_neuron_view_set_shape (ADJ_NEURON_VIEW (view), 4, net_2881);
  window = show_in_window (view, 420, 300);
  g_assert_true (press_key (view, GDK_KEY_Right, 0));            /* to h1[2] */
  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 1, 2, &r));

  focus_widget (view);
  gtk_window_set_focus_visible (window, FALSE);
  plain = snapshot_widget (view);
  gtk_window_set_focus_visible (window, TRUE);
  g_assert_true (gtk_widget_has_visible_focus (view));
  ringed = snapshot_widget (view);

  /* The ring: 2 px of blue, 3 px outside the unit, beside and below it (above it is the
   * unit's name). */
  for (double d = 3; d <= 4; d++)
    {
      double pts[3][2] = {
        { r.origin.x - d, r.origin.y + r.size.height / 2 },
        { r.origin.x + r.size.width + d - 1, r.origin.y + r.size.height / 2 },
        { r.origin.x + r.size.width / 2, r.origin.y + r.size.height + d - 1 },
      };

      for (guint i = 0; i < 3; i++)
        {
          pixel_at (ringed, pts[i][0], pts[i][1], rgb);
          blue += rgb[2] > rgb[0] + 0.4;
        }
    }
  g_assert_cmpuint (blue, ==, 6);
  g_assert_cmpuint (count_diff (plain, ringed, r.origin.x - 10, r.origin.y - 24,
                                r.origin.x + r.size.width + 10, r.origin.y - 5), >, 50);
  pixel_at (plain, r.origin.x - 3, r.origin.y + r.size.height / 2, rgb);
  ASSERT_RGB (rgb, 1, 1, 1, 0.01);
  /* Inside the unit nothing changes, and other units are left alone. */
  g_assert_cmpuint (count_diff (plain, ringed, r.origin.x + 2, r.origin.y + 2,
                                r.origin.x + r.size.width - 2,
                                r.origin.y + r.size.height - 2), ==, 0);
  g_assert_true (adj_neuron_view_get_unit_bounds (ADJ_NEURON_VIEW (view), 1, 5, &r));
  g_assert_cmpuint (count_diff (plain, ringed, r.origin.x - 4, r.origin.y - 4,
                                r.origin.x + r.size.width + 4,
                                r.origin.y + r.size.height + 4), ==, 0);

  drawn = draw_neurons (ADJ_NEURON_VIEW (view), gtk_widget_get_width (view),
                        gtk_widget_get_height (view));
  g_assert_cmpuint (count_diff (plain, drawn, 0, 0, gtk_widget_get_width (view),
                                gtk_widget_get_height (view)), ==, 0);

  /* Moving the cursor shows the focus (GTK shows it by itself only after Tab and the like);
   * a key the view lets through does not. */
  gtk_window_set_focus_visible (window, FALSE);
  g_assert_false (press_key (view, GDK_KEY_Page_Down, 0));
  release_key (view, GDK_KEY_Page_Down);
  g_assert_false (gtk_window_get_focus_visible (window));
  g_assert_true (press_key (view, GDK_KEY_Down, 0));
  g_assert_true (gtk_widget_has_visible_focus (view));
  release_key (view, GDK_KEY_Down);
  g_assert_true (gtk_widget_has_visible_focus (view));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (ringed);
  cairo_surface_destroy (drawn);
  g_object_ref (view);
  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

/* Links: blue and solid for a positive weight, orange and dashed for a negative one, wider
 * for a larger |w|. A 1-1 network: one straight link across the middle. */
static void
test_neurons_links (void)
{
  static const guint one_one[] = { 1, 1 };
  AdjNeuronView *view = new_neurons (2, one_one);
  const double weights[] = { 2, -2, 0.1 };
  guint blue[3], orange[3], runs[3], thick[3];
  graphene_rect_t a, b;
  cairo_surface_t *img;
  double y;

  cairo_surface_destroy (draw_neurons (view, 420, 300));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 0, &a));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 0, &b));
  g_assert_cmpfloat (a.origin.y, ==, b.origin.y);
  y = a.origin.y + a.size.height / 2;

  /* No weights yet: no link. */
  img = draw_neurons (view, 420, 300);
  for (double x = a.origin.x + a.size.width + 2; x < b.origin.x - 2; x++)
    {
      double rgb[3];

      pixel_at (img, x, y, rgb);
      ASSERT_RGB (rgb, 1, 1, 1, 0.01);
    }
  cairo_surface_destroy (img);

  for (guint k = 0; k < G_N_ELEMENTS (weights); k++)
    {
      gboolean was_on = FALSE;
      double mid = round ((a.origin.x + a.size.width + b.origin.x) / 2) + 0.5;

      adj_neuron_view_set_weights (view, 0, &weights[k]);
      img = draw_neurons (view, 420, 300);
      blue[k] = orange[k] = runs[k] = thick[k] = 0;
      for (double x = a.origin.x + a.size.width + 2; x < b.origin.x - 2; x++)
        {
          double rgb[3];
          gboolean on;

          pixel_at (img, x, y, rgb);
          blue[k] += rgb[2] > rgb[0] + 0.3;
          orange[k] += rgb[0] > rgb[2] + 0.3;
          on = saturation (rgb) > 0.1;
          runs[k] += on && !was_on;
          was_on = on;
        }
      /* Across the link at its middle: how thick it is. */
      for (double dy = -10; dy <= 10; dy++)
        {
          double rgb[3];

          pixel_at (img, mid, y + dy, rgb);
          thick[k] += saturation (rgb) > 0.03;
        }
      cairo_surface_destroy (img);
    }
  g_assert_cmpuint (blue[0], >, 20);
  g_assert_cmpuint (orange[0], ==, 0);
  g_assert_cmpuint (runs[0], ==, 1);                         /* solid */
  g_assert_cmpuint (orange[1], >, 10);
  g_assert_cmpuint (blue[1], ==, 0);
  g_assert_cmpuint (runs[1], >=, 3);                         /* dashed */
  g_assert_cmpuint (thick[0], >, thick[2]);                  /* |2| is wider than |0.1| */
  g_assert_cmpuint (thick[2], >=, 1);

  g_assert_finalize_object (view);
}

/* Units' heatmaps: orange at the low end, blue at the high end; neutral at 0 when the range
 * spans 0, else at its middle. The inputs start as x1 and x2. */
static void
test_neurons_units (void)
{
  static const guint shape[] = { 2, 1 };
  AdjNeuronView *view = new_neurons (2, shape);
  const double lr[4] = { -1, 1, -1, 1 };      /* 2 × 2: left column -1, right column 1 */
  const double zero[4] = { 0, 0, 0, 0 };
  const double low[4] = { 0.1, 0.1, 0.1, 0.1 };
  graphene_rect_t r;
  cairo_surface_t *img;
  double rgb[3], rgb2[3];

  cairo_surface_destroy (draw_neurons (view, 420, 300));

  /* x1 grows to the right, x2 upwards. */
  img = draw_neurons (view, 420, 300);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 0, &r));
  pixel_at (img, r.origin.x + 0.2 * r.size.width, r.origin.y + r.size.height / 2, rgb);
  pixel_at (img, r.origin.x + 0.8 * r.size.width, r.origin.y + r.size.height / 2, rgb2);
  ASSERT_ORANGE (rgb);
  ASSERT_BLUE (rgb2);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 0, 1, &r));
  pixel_at (img, r.origin.x + r.size.width / 2, r.origin.y + 0.2 * r.size.height, rgb);
  pixel_at (img, r.origin.x + r.size.width / 2, r.origin.y + 0.8 * r.size.height, rgb2);
  ASSERT_BLUE (rgb);
  ASSERT_ORANGE (rgb2);
  cairo_surface_destroy (img);

  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 0, &r));
#define SAMPLE(values, lo, hi, fx, out) G_STMT_START {                                  \
    adj_neuron_view_set_unit_grid (view, 1, 0, 2, (values), (lo), (hi));                 \
    img = draw_neurons (view, 420, 300);                                                 \
    pixel_at (img, r.origin.x + (fx) * r.size.width, r.origin.y + r.size.height / 2, out); \
    cairo_surface_destroy (img);                                                         \
  } G_STMT_END
  SAMPLE (lr, -1, 1, 0.2, rgb);
  ASSERT_ORANGE (rgb);
  SAMPLE (lr, -1, 1, 0.8, rgb);
  ASSERT_BLUE (rgb);
  SAMPLE (zero, -1, 1, 0.5, rgb);           /* tanh's 0: neutral */
  g_assert_cmpfloat (saturation (rgb), <, 0.05);
  SAMPLE (zero, 0, 1, 0.5, rgb);            /* sigmoid's 0: the low end */
  ASSERT_ORANGE (rgb);
  SAMPLE (low, 0, 1, 0.5, rgb2);            /* 0.1: a little less so */
  ASSERT_ORANGE (rgb2);
  g_assert_cmpfloat (saturation (rgb2), <, saturation (rgb));
#undef SAMPLE

  /* Dark: the neutral follows. */
  adj_neuron_view_set_unit_grid (view, 1, 0, 2, zero, -1, 1);
  adj_lab_view_set_dark (ADJ_LAB_VIEW (view), TRUE);
  img = draw_neurons (view, 420, 300);
  pixel_at (img, r.origin.x + r.size.width / 2, r.origin.y + r.size.height / 2, rgb);
  cairo_surface_destroy (img);
  g_assert_cmpfloat (luminance (rgb), <, 0.25);

  g_assert_finalize_object (view);
}

/* Pointing at a unit highlights it and names it; leaving puts the picture back. */
static void
test_neurons_hover (void)
{
  AdjNeuronView *view = new_neurons (4, net_2881);
  double w1[2 * 8], w2[8 * 8], w3[8];
  GtkEventController *motion = find_controller (GTK_WIDGET (view),
                                                GTK_TYPE_EVENT_CONTROLLER_MOTION);
  cairo_surface_t *before, *during, *after;
  graphene_rect_t r;

  g_assert_nonnull (motion);
  for (guint i = 0; i < G_N_ELEMENTS (w1); i++)
    w1[i] = i % 3 ? 0.8 : -1.1;
  for (guint i = 0; i < G_N_ELEMENTS (w2); i++)
    w2[i] = i % 2 ? 0.3 : -0.6;
  for (guint i = 0; i < G_N_ELEMENTS (w3); i++)
    w3[i] = 1.5;
  adj_neuron_view_set_weights (view, 0, w1);
  adj_neuron_view_set_weights (view, 1, w2);
  adj_neuron_view_set_weights (view, 2, w3);
  before = draw_neurons (view, 420, 300);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 3, &r));

  g_signal_emit_by_name (motion, "motion", r.origin.x + 3, r.origin.y + 3);
  during = draw_neurons (view, 420, 300);
  /* The name's bubble, above the unit. */
  g_assert_cmpuint (count_diff (before, during, r.origin.x - 10, r.origin.y - 24,
                                r.origin.x + r.size.width + 10, r.origin.y - 4), >, 50);
  /* A bold frame around the unit. */
  g_assert_cmpuint (count_diff (before, during, r.origin.x - 2, r.origin.y - 2,
                                r.origin.x + r.size.width + 2, r.origin.y + 1), >, 10);
  /* Another unit's links fade. */
  g_assert_false (same_image (before, during));

  g_signal_emit_by_name (motion, "motion", 0.0, 0.0);
  after = draw_neurons (view, 420, 300);
  g_assert_true (same_image (before, after));
  cairo_surface_destroy (after);

  g_signal_emit_by_name (motion, "motion", r.origin.x + 3, r.origin.y + 3);
  g_signal_emit_by_name (motion, "leave");
  after = draw_neurons (view, 420, 300);
  g_assert_true (same_image (before, after));

  cairo_surface_destroy (before);
  cairo_surface_destroy (during);
  cairo_surface_destroy (after);
  g_assert_finalize_object (view);
}

/* Into an image the links come from a cached layer, redrawn only when a link's drawn
 * strength changes; into anything else (here a recording, as a PDF export would) they are
 * drawn one by one. Both give the same picture, and a change of weight reaches the cache. */
static cairo_surface_t *
draw_neurons_direct (AdjNeuronView *view, int width, int height)
{
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rec), *out;
  cairo_surface_t *img = new_image (width, height, 1, &out);

  adj_neuron_view_draw (view, cr, width, height);
  cairo_destroy (cr);
  cairo_set_source_surface (out, rec, 0, 0);
  cairo_paint (out);
  cairo_surface_destroy (rec);
  return finish_image (img, out);
}

static void
test_neurons_cache (void)
{
  AdjNeuronView *view = new_neurons (4, net_2881);
  double w1[16], w2[64], w3[8];
  cairo_surface_t *cached, *direct, *again;
  GRand *rand = g_rand_new_with_seed (3);

  for (guint i = 0; i < 16; i++)
    w1[i] = g_rand_double_range (rand, -2, 2);
  for (guint i = 0; i < 64; i++)
    w2[i] = g_rand_double_range (rand, -2, 2);
  for (guint i = 0; i < 8; i++)
    w3[i] = g_rand_double_range (rand, -2, 2);
  adj_neuron_view_set_weights (view, 0, w1);
  adj_neuron_view_set_weights (view, 1, w2);
  adj_neuron_view_set_weights (view, 2, w3);

  cached = draw_neurons (view, 420, 300);
  direct = draw_neurons_direct (view, 420, 300);
  g_assert_cmpuint (count_diff (cached, direct, 0, 0, 420, 300), <, 420 * 300 / 500);
  cairo_surface_destroy (direct);

  /* A tiny change draws the same; flipping a strong link's sign does not. */
  w3[0] += 1e-6;
  adj_neuron_view_set_weights (view, 2, w3);
  again = draw_neurons (view, 420, 300);
  g_assert_true (same_image (cached, again));
  cairo_surface_destroy (again);
  w3[0] = -2.5;
  w3[1] = 2.5;
  adj_neuron_view_set_weights (view, 2, w3);
  again = draw_neurons (view, 420, 300);
  g_assert_false (same_image (cached, again));
  direct = draw_neurons_direct (view, 420, 300);
  g_assert_cmpuint (count_diff (again, direct, 0, 0, 420, 300), <, 420 * 300 / 500);

  cairo_surface_destroy (again);
  cairo_surface_destroy (direct);
  cairo_surface_destroy (cached);
  g_rand_free (rand);
  g_assert_finalize_object (view);
}

/* While training, new weights alone redraw the links at most 8 times a second in the widget's
 * own frames, and in at most a tenth of the time (they were most of a lab frame); the last weights are drawn once the interval is
 * over, without another frame asking; an export draws them at once. */
static void
test_neurons_links_throttled (void)
{
  AdjNeuronView *view = new_neurons (4, net_2881);
  GtkWindow *window = show_in_window (GTK_WIDGET (view), 420, 300);
  double w2[64];
  cairo_surface_t *img;
  guint redraws;
  gint64 end;

  for (guint i = 0; i < 64; i++)
    w2[i] = i % 2 ? 1.5 : -1.5;
  adj_neuron_view_set_weights (view, 1, w2);
  cairo_surface_destroy (snapshot_widget (GTK_WIDGET (view)));
  redraws = adj_neuron_view_get_links_redraws (view);
  g_assert_cmpuint (redraws, >=, 1);
  /* New weights at once: the frame keeps the links it has. */
  for (guint i = 0; i < 64; i++)
    w2[i] = -w2[i];
  adj_neuron_view_set_weights (view, 1, w2);
  cairo_surface_destroy (snapshot_widget (GTK_WIDGET (view)));
  g_assert_cmpuint (adj_neuron_view_get_links_redraws (view), ==, redraws);
  /* An export is never stale. */
  img = draw_neurons (view, 420, 300);
  g_assert_cmpuint (adj_neuron_view_get_links_redraws (view), ==, redraws + 1);
  cairo_surface_destroy (img);
  /* Once more in the widget: within the interval of that redraw, kept; past it, the view asks
   * for a frame itself and draws the last weights. */
  w2[0] = 0.01;
  adj_neuron_view_set_weights (view, 1, w2);
  cairo_surface_destroy (snapshot_widget (GTK_WIDGET (view)));
  g_assert_cmpuint (adj_neuron_view_get_links_redraws (view), ==, redraws + 1);
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;   /* ten times a slow redraw's cost */
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  cairo_surface_destroy (snapshot_widget (GTK_WIDGET (view)));
  g_assert_cmpuint (adj_neuron_view_get_links_redraws (view), ==, redraws + 2);

  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

/* New weights are drawn a few links a frame (adj-neuron-links.h); the drawing in steps of 8
 * links makes the same pixels as the one at once, with a unit pointed at too (its links are
 * drawn again over the rest), and each step draws something until it is done. */
static void
test_neurons_links_in_steps (void)
{
  static const guint widths[] = { 2, 16, 16, 1 };
  guint8 codes[2 * 16 + 16 * 16 + 16];
  GRand *rand = g_rand_new_with_seed (6);
  AdjNeuronLinks k = { .n_layers = 4, .codes = codes, .width_scale = 1 };

  memcpy (k.widths, widths, sizeof widths);
  for (guint l = 0, total = 0; l < 4; l++)
    {
      k.first_link[l] = total;
      total += l < 3 ? widths[l] * widths[l + 1] : 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    codes[i] = i % 37 == 0 ? ADJ_NEURON_LINK_NONE : adj_neuron_link_code (g_rand_double_range (rand, -2.5, 2.5));
  adj_neuron_layout_compute (&k.layout, 4, widths, 1.0, 420, 300);
  for (guint hover = 0; hover < 2; hover++)
    {
      cairo_surface_t *once = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 420, 300);
      cairo_surface_t *steps = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 420, 300);
      AdjNeuronLinksDrawing *d;
      cairo_t *cr;
      guint n_steps = 0;

      k.hovering = hover;
      k.hover_layer = 1;
      k.hover_unit = 3;
      cr = cairo_create (once);
      adj_neuron_links_draw (&k, cr);
      cairo_destroy (cr);
      d = adj_neuron_links_drawing_new (&k);
      /* The codes are copied: changing them now changes nothing drawn. */
      memset (codes, 0, sizeof codes);
      cr = cairo_create (steps);
      while (!adj_neuron_links_drawing_step (d, cr, 0))
        n_steps++;
      cairo_destroy (cr);
      adj_neuron_links_drawing_free (d);
      g_assert_cmpuint (n_steps, >, 10);
      g_assert_true (same_image (once, steps));
      cairo_surface_destroy (once);
      cairo_surface_destroy (steps);
      g_rand_set_seed (rand, 6);
      for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
        codes[i] = i % 37 == 0 ? ADJ_NEURON_LINK_NONE : adj_neuron_link_code (g_rand_double_range (rand, -2.5, 2.5));
    }
  g_rand_free (rand);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* A drawing of new weights in progress when the view is hidden stops there (no frames would
 * finish it, and its tick would run on) and the weights are drawn once the view shows again. */
static void
test_neurons_links_hidden (void)
{
  static const guint shape[] = { 2, 16, 16, 1 };
  AdjNeuronView *view = new_neurons (4, shape);
  GtkWindow *window = show_in_window (GTK_WIDGET (view), 420, 300);
  GdkFrameClock *clock;
  double w[256];
  guint redraws, updates = 0;
  gulong handler;
  gint64 end;

  for (guint i = 0; i < 256; i++)
    w[i] = i % 3 ? 1.5 : -1.5;
  adj_neuron_view_set_weights (view, 1, w);
  /* The window's own frames draw the links at its size. */
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  redraws = adj_neuron_view_get_links_redraws (view);
  g_assert_cmpuint (redraws, >=, 1);
  /* New weights, past the interval: the frames start a drawing (256 links, more than one
   * frame's share), then the view is hidden before it is done. */
  for (guint i = 0; i < 256; i++)
    w[i] = -w[i];
  adj_neuron_view_set_weights (view, 1, w);
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 25;      /* two frames or so */
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (adj_neuron_view_get_links_redraws (view), ==, redraws);
  gtk_widget_set_visible (GTK_WIDGET (view), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));
  /* Hidden, nothing asks the window for frames: no tick left running. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 10;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  handler = g_signal_connect_swapped (clock, "update", G_CALLBACK (count_cb), &updates);
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (updates, <=, 2);
  g_assert_cmpuint (adj_neuron_view_get_links_redraws (view), ==, redraws);
  /* Shown again: the last weights are drawn, over some frames. */
  gtk_widget_set_visible (GTK_WIDGET (view), TRUE);
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end && adj_neuron_view_get_links_redraws (view) == redraws)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (adj_neuron_view_get_links_redraws (view), ==, redraws + 1);

  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

/* Two layers of 64: 4096 links, of which only the strongest are drawn. */
static void
test_neurons_many_links (void)
{
  static const guint shape[] = { 2, 64, 64, 1 };
  AdjNeuronView *view = new_neurons (4, shape);
  g_autofree double *w = g_new (double, 64 * 64);
  graphene_rect_t a, b;
  cairo_surface_t *img;
  guint coloured = 0;

  for (guint i = 0; i < 64 * 64; i++)
    w[i] = 0.05;
  w[0] = -2;                    /* h1[0] → h2[0], dashed orange */
  adj_neuron_view_set_weights (view, 1, w);
  img = draw_neurons (view, 420, 300);
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 1, 63, &a));
  g_assert_true (adj_neuron_view_get_unit_bounds (view, 2, 0, &b));
  g_assert_cmpfloat (a.origin.x + a.size.width + 8, <, b.origin.x - 8);
  for (double y = 30; y < 290; y++)
    for (double x = a.origin.x + a.size.width + 8; x < b.origin.x - 8; x++)
      {
        double rgb[3];

        pixel_at (img, x, y, rgb);
        coloured += saturation (rgb) > 0.05;
        /* The strong link is drawn; the 4095 weak ones are not. */
        g_assert_false (rgb[2] > rgb[0] + 0.05);
      }
  g_assert_cmpuint (coloured, >, 10);
  cairo_surface_destroy (img);

  g_assert_finalize_object (view);
}

static void
test_neurons_properties (void)
{
  AdjNeuronView *view = new_neurons (4, net_2881);
  gboolean dark;
  double scale;
  int min, nat;

  g_object_get (view, "dark", &dark, "font-scale", &scale, NULL);
  g_assert_false (dark);
  g_assert_cmpfloat (scale, ==, 1.0);
  g_object_set (view, "dark", TRUE, "font-scale", 2.0, NULL);
  g_assert_true (adj_lab_view_get_dark (ADJ_LAB_VIEW (view)));
  g_assert_cmpfloat (adj_lab_view_get_font_scale (ADJ_LAB_VIEW (view)), ==, 2.0);
  g_object_set (view, "font-scale", 1.0, NULL);

  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 200);
  g_assert_cmpint (nat, ==, 420);
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 140);
  g_assert_cmpint (nat, ==, 300);

  g_assert_finalize_object (view);
}

/* The layout alone, a pure function of the shape, the font scale and the size: every unit's
 * square hits back to it, columns keep apart and inside the picture, and a column too tall
 * for the height splits into sub-columns. */
static void
test_neurons_layout (void)
{
  static const guint widths[] = { 2, 8, 200, 1 };
  AdjNeuronLayout lo;

  adj_neuron_layout_compute (&lo, G_N_ELEMENTS (widths), widths, 1, 400, 300);
  g_assert_cmpuint (lo.n_layers, ==, 4);
  g_assert_cmpfloat (lo.pad, ==, 8);
  g_assert_cmpuint (lo.rows[2] * ((widths[2] + lo.rows[2] - 1) / lo.rows[2]), >=, widths[2]);
  g_assert_cmpuint (lo.rows[2], <, widths[2]);   /* sub-columns */
  g_assert_cmpuint (lo.rows[1], ==, widths[1]);  /* one column */
  for (guint l = 0; l < lo.n_layers; l++)
    {
      double centre = adj_neuron_layout_block_centre (&lo, l);

      g_assert_cmpfloat (centre, >, lo.left[l]);
      g_assert_cmpfloat (centre, <, lo.left[l] + lo.block[l]);
      g_assert_cmpfloat (lo.left[l], >=, lo.pad - 1);
      g_assert_cmpfloat (lo.left[l] + lo.block[l], <=, 400 - lo.pad + 1);
      if (l > 0)
        g_assert_cmpfloat (lo.left[l], >, lo.left[l - 1] + lo.block[l - 1]);
      for (guint u = 0; u < widths[l]; u++)
        {
          graphene_rect_t r;
          guint hl = 99, hu = 99;

          adj_neuron_layout_unit_rect (&lo, l, u, &r);
          g_assert_cmpfloat (r.size.width, ==, lo.side[l]);
          g_assert_cmpfloat (r.origin.y + r.size.height, <=, 300);
          g_assert_true (adj_neuron_layout_hit (&lo, r.origin.x + r.size.width / 2,
                                                r.origin.y + r.size.height / 2, &hl, &hu));
          g_assert_cmpuint (hl, ==, l);
          g_assert_cmpuint (hu, ==, u);
        }
    }
  {
    guint hl, hu;

    g_assert_false (adj_neuron_layout_hit (&lo, -1, 150, &hl, &hu));
    g_assert_false (adj_neuron_layout_hit (&lo, 200, 2, &hl, &hu));   /* the captions' band */
  }

  /* Presentation: more padding, the same columns. */
  adj_neuron_layout_compute (&lo, G_N_ELEMENTS (widths), widths, 2, 400, 300);
  g_assert_cmpfloat (lo.pad, ==, 16);
}

int
main (int argc, char *argv[])
{
  /* GTK's test accessibility backend: it records what the widgets tell assistive technology
   * (the assertions read it back) and needs no session bus, which Xvfb runs do not have. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/neuron-view/summary", test_neurons_summary);
  g_test_add_func ("/ui/neuron-view/geometry", test_neurons_geometry);
  g_test_add_func ("/ui/neuron-view/layout", test_neurons_layout);
  g_test_add_func ("/ui/neuron-view/click", test_neurons_click);
  g_test_add_func ("/ui/neuron-view/keyboard", test_neurons_keyboard);
  g_test_add_func ("/ui/neuron-view/focus-ring", test_neurons_focus_ring);
  g_test_add_func ("/ui/neuron-view/links", test_neurons_links);
  g_test_add_func ("/ui/neuron-view/units", test_neurons_units);
  g_test_add_func ("/ui/neuron-view/hover", test_neurons_hover);
  g_test_add_func ("/ui/neuron-view/cache", test_neurons_cache);
  g_test_add_func ("/ui/neuron-view/many-links", test_neurons_many_links);
  g_test_add_func ("/ui/neuron-view/links-throttled", test_neurons_links_throttled);
  g_test_add_func ("/ui/neuron-view/links-in-steps", test_neurons_links_in_steps);
  g_test_add_func ("/ui/neuron-view/links-hidden", test_neurons_links_hidden);
  g_test_add_func ("/ui/neuron-view/properties", test_neurons_properties);

  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
