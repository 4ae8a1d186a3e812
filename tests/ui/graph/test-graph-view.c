/* test-graph-view.c: the canvas from the keyboard: n, Shift+n, ] and [ walk the nodes in graph
 * order and wrap, Escape clears the selection (and only then stops there), the player's keys
 * pass through to the window, the accessible label names the selected node with what the
 * canvas shows of it, a node selected off screen is panned into view, and a frame shows the
 * keyboard focus. Runs under Xvfb. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <math.h>
#include <string.h>
#include "tests/lsan-glib.h"
#include <gtk/gtk.h>
#include "ui/graph/adj-graph-view.h"
#include "ui/draw/adj-camera.h"
#include "ui/draw/adj-fold-frame.h"
#include "core/graph-file.h"

/* x = 3, y = x² = 9, z = y + x = 12; z̄ = 1, ȳ = 1, x̄ = 2x + 1 = 7. */
#define PROGRAM "x = 3\ny = x^2\nz = y + x"

static AdjDocument *
new_document (void)
{
  AdjDocument *doc = adj_document_new ();

  g_assert_true (adj_document_set_program (doc, PROGRAM));
  return doc;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @widget is mapped and has a size, or fails after 5 s. */
static void
wait_for_allocation (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

/* Gives @widget the keyboard focus. Its window needs the display's focus for that, which
 * another suite's window may hold (meson runs them side by side on one X server): presents it
 * again until it has it, for up to 5 s. Iterate nothing after this while the focus matters. */
static void
focus_widget (GtkWidget *widget)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  g_assert_true (gtk_widget_grab_focus (widget));
  for (guint i = 0; !gtk_widget_has_focus (widget); i++)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (i % 10 == 0)
        gtk_window_present (window);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

/* A presented window of @width × @height holding a canvas on @doc, with the focus in it. */
static GtkWidget *
show_view (AdjDocument *doc, int width, int height, GtkWindow **window)
{
  GtkWidget *view = adj_graph_view_new ();

  adj_graph_view_set_document (ADJ_GRAPH_VIEW (view), doc);
  adj_graph_view_set_animate (ADJ_GRAPH_VIEW (view), FALSE);
  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, width, height);
  gtk_window_set_child (*window, view);
  gtk_window_present (*window);
  wait_for_allocation (view);
  g_assert_true (gtk_widget_get_focusable (view));
  focus_widget (view);
  return view;
}

/* Destroys the window and checks the canvas is freed with it. */
static void
finish (GtkWidget *view, GtkWindow *window)
{
  g_object_ref (view);
  gtk_window_destroy (window);
  g_assert_finalize_object (view);
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;   /* the widget keeps it */
    }
  return NULL;
}

/* Presses @keyval with @state on @view as GTK delivers it to the focused widget: through its
 * key controller. Returns whether the view kept the key (else it goes on to the window). */
static gboolean
press (GtkWidget *view, guint keyval, GdkModifierType state)
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
release (GtkWidget *view, guint keyval)
{
  GtkEventController *keys = find_controller (view, GTK_TYPE_EVENT_CONTROLLER_KEY);

  gtk_window_set_focus_visible (GTK_WINDOW (gtk_widget_get_root (view)), FALSE);
  g_signal_emit_by_name (keys, "key-released", keyval, 0, 0);
}

/* Renders @widget's own snapshot over black into a new image of its size. */
static cairo_surface_t *
snapshot_widget (GtkWidget *widget)
{
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         gtk_widget_get_width (widget),
                                                         gtk_widget_get_height (widget));
  cairo_t *cr = cairo_create (surface);

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  gsk_render_node_draw (node, cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
pixel_at (cairo_surface_t *surface, int x, int y, double rgb[3])
{
  guint32 p = *(guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                       y * cairo_image_surface_get_stride (surface) + 4 * x);

  rgb[0] = ((p >> 16) & 0xff) / 255.0;
  rgb[1] = ((p >> 8) & 0xff) / 255.0;
  rgb[2] = (p & 0xff) / 255.0;
}

/* ---- tests ------------------------------------------------------------------------------- */

/* n walks the nodes in graph order and wraps; Shift+n, [ and ] likewise; Escape clears. */
static void
test_select_keys (void)
{
  g_autoptr (AdjDocument) doc = new_document ();
  GtkWindow *window;
  GtkWidget *view = show_view (doc, 900, 600, &window);
  const guint n = ag_graph_n_nodes (adj_document_get_graph (doc));

  g_assert_cmpuint (n, ==, 4);   /* x, the constant 2, y, z */
  g_assert_cmpuint (adj_document_get_selected (doc), ==, AG_NO_ID);

  for (guint i = 0; i < n; i++)
    {
      g_assert_true (press (view, GDK_KEY_n, 0));
      g_assert_cmpuint (adj_document_get_selected (doc), ==, i);
    }
  g_assert_true (press (view, GDK_KEY_n, 0));                  /* wraps to the first */
  g_assert_cmpuint (adj_document_get_selected (doc), ==, 0);
  g_assert_true (press (view, GDK_KEY_N, GDK_SHIFT_MASK));      /* and back to the last */
  g_assert_cmpuint (adj_document_get_selected (doc), ==, n - 1);
  g_assert_true (press (view, GDK_KEY_N, GDK_SHIFT_MASK));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, n - 2);
  g_assert_true (press (view, GDK_KEY_bracketright, 0));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, n - 1);
  g_assert_true (press (view, GDK_KEY_bracketright, 0));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, 0);
  g_assert_true (press (view, GDK_KEY_bracketleft, 0));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, n - 1);
  /* Caps Lock gives N without Shift: still forwards. */
  g_assert_true (press (view, GDK_KEY_N, GDK_LOCK_MASK));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, 0);

  /* Return keeps the selection. */
  g_assert_true (press (view, GDK_KEY_Return, 0));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, 0);

  /* The player's keys, and accelerators, are the window's: the canvas lets them through and
   * the selection stays. */
  {
    static const guint player[] = {
      GDK_KEY_Left, GDK_KEY_Right, GDK_KEY_Page_Up, GDK_KEY_Page_Down, GDK_KEY_Home,
      GDK_KEY_End, GDK_KEY_space, GDK_KEY_b, GDK_KEY_s, GDK_KEY_period, GDK_KEY_F5, GDK_KEY_Tab,
    };

    for (guint i = 0; i < G_N_ELEMENTS (player); i++)
      g_assert_false (press (view, player[i], 0));
    g_assert_false (press (view, GDK_KEY_n, GDK_CONTROL_MASK));   /* app.new-window */
    g_assert_false (press (view, GDK_KEY_n, GDK_ALT_MASK));
    g_assert_cmpuint (adj_document_get_selected (doc), ==, 0);
  }

  /* Escape clears the selection; with nothing selected it is the window's (it leaves
   * presentation mode), and so is Return. */
  g_assert_true (press (view, GDK_KEY_Escape, 0));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, AG_NO_ID);
  g_assert_false (press (view, GDK_KEY_Escape, 0));
  g_assert_false (press (view, GDK_KEY_Return, 0));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, AG_NO_ID);

  /* From nothing, backwards starts at the last node. */
  g_assert_true (press (view, GDK_KEY_bracketleft, 0));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, n - 1);

  /* The function the keys call: any stride, wrapping either way. */
  g_assert_true (adj_graph_view_select_next (ADJ_GRAPH_VIEW (view), 2));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, 1);
  g_assert_true (adj_graph_view_select_next (ADJ_GRAPH_VIEW (view), -3));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, 2);
  g_assert_false (adj_graph_view_select_next (ADJ_GRAPH_VIEW (view), 0));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, 2);

  /* An empty document: nothing to select, and n goes on to the window. */
  {
    g_autoptr (AdjDocument) empty = adj_document_new ();

    adj_graph_view_set_document (ADJ_GRAPH_VIEW (view), empty);
    g_assert_cmpuint (ag_graph_n_nodes (adj_document_get_graph (empty)), ==, 0);
    g_assert_false (press (view, GDK_KEY_n, 0));
    g_assert_false (adj_graph_view_select_next (ADJ_GRAPH_VIEW (view), 1));
    g_assert_cmpuint (adj_document_get_selected (empty), ==, AG_NO_ID);
    adj_graph_view_set_document (ADJ_GRAPH_VIEW (view), NULL);
    g_assert_false (press (view, GDK_KEY_n, 0));
  }

  finish (view, window);
}

/* The label names the selected node with what the canvas shows of it at the player's step;
 * the description stays the step's sentence. */
static void
test_accessible (void)
{
  g_autoptr (AdjDocument) doc = new_document ();
  const AgGraph *g = adj_document_get_graph (doc);
  GtkWindow *window;
  GtkWidget *view = show_view (doc, 900, 600, &window);
  const guint n_steps = adj_document_get_n_steps (doc);
  g_autofree char *sentence = NULL;

  gtk_test_accessible_assert_role (view, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Computational graph");

  /* Before the first step: leaves have their values, computed nodes none yet. */
  adj_document_set_step (doc, 0);
  adj_document_set_selected (doc, ag_graph_lookup (g, "x"));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: x, input, value 3");
  adj_document_set_selected (doc, ag_graph_lookup (g, "y"));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: y = x^2, computed, "
                                       "value not computed yet");

  /* At the end: values and gradients; the label follows the step without a new selection. */
  adj_document_set_step (doc, n_steps);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: y = x^2, computed, "
                                       "value 9, gradient 1");
  sentence = adj_document_dup_step_text (doc, n_steps);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence);

  /* From the keyboard, as a screen reader user walks the graph. */
  adj_document_set_selected (doc, AG_NO_ID);
  g_assert_true (press (view, GDK_KEY_n, 0));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: x, input, value 3, "
                                       "gradient 7");
  g_assert_true (press (view, GDK_KEY_n, 0));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: 2, constant");
  g_assert_true (press (view, GDK_KEY_N, GDK_SHIFT_MASK));
  g_assert_true (press (view, GDK_KEY_N, GDK_SHIFT_MASK));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: z = y + x, output, "
                                       "value 12, gradient 1");
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence);

  /* Numbers as the boxes show them: four significant digits. */
  g_assert_true (adj_document_set_program (doc, "x = 0.1\ny = exp(x)\n"));
  g = adj_document_get_graph (doc);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  adj_document_set_selected (doc, ag_graph_lookup (g, "y"));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: y = exp(x), output, "
                                       "value 1.105, gradient 1");
  /* A vector, cut short. */
  g_assert_true (adj_document_set_program (doc, "w = [1, 2, 3, 4, 5]\ny = sum(w * w)\n"));
  g = adj_document_get_graph (doc);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  adj_document_set_selected (doc, ag_graph_lookup (g, "w"));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: w, input, "
                                       "value [1, 2, …, 5], gradient [2, 4, …, 10]");
  /* Numbers for people (issue 15), as the canvas shows them: 4 significant digits, a real
   * minus and ×10 with a superscript, never 17 digits. */
  g_assert_true (adj_document_set_program (doc, "x = 2\ny = x / -3 * 0.000000001\n"));
  g = adj_document_get_graph (doc);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  adj_document_set_selected (doc, ag_graph_lookup (g, "x"));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: x, input, value 2, "
                                       "gradient −3.333×10⁻¹⁰");

  /* Forward mode calls the second number a tangent. */
  g_assert_true (adj_document_set_program (doc, PROGRAM));
  g = adj_document_get_graph (doc);
  adj_document_set_mode (doc, ADJ_MODE_FORWARD);
  adj_document_set_step (doc, adj_document_get_n_steps (doc));
  adj_document_set_selected (doc, ag_graph_lookup (g, "z"));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Computational graph. Selected: z = y + x, output, "
                                       "value 12, tangent 7");

  g_assert_true (press (view, GDK_KEY_Escape, 0));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Computational graph");

  finish (view, window);
}

/* A node selected from the keyboard while it is off screen is panned into view. */
static void
test_reveal (void)
{
  g_autoptr (AdjDocument) doc = new_document ();
  GtkWindow *window;
  GtkWidget *view = show_view (doc, 500, 400, &window);
  const AdjLayout *layout = adj_document_get_layout (doc);
  const guint n = ag_graph_n_nodes (adj_document_get_graph (doc));
  const double w = gtk_widget_get_width (view), h = gtk_widget_get_height (view);
  guint off_screen = 0;

  adj_graph_view_zoom_by (ADJ_GRAPH_VIEW (view), 3);
  for (guint i = 0; i < n; i++)
    {
      const AdjBox *b = &g_array_index (layout->boxes, AdjBox, i);
      AdjView before = adj_graph_view_get_view (ADJ_GRAPH_VIEW (view)), after;
      double x0, y0, x1, y1;
      gboolean was_visible, well_inside;

      adj_view_to_widget (&before, b->x, b->y, &x0, &y0);
      adj_view_to_widget (&before, b->x + b->w, b->y + b->h, &x1, &y1);
      was_visible = x0 >= 0 && y0 >= 0 && x1 <= w && y1 <= h;
      well_inside = x0 >= 32 && y0 >= 32 && x1 <= w - 32 && y1 <= h - 32;
      off_screen += !was_visible;

      g_assert_true (press (view, GDK_KEY_n, 0));
      g_assert_cmpuint (adj_document_get_selected (doc), ==, i);
      after = adj_graph_view_get_view (ADJ_GRAPH_VIEW (view));
      g_assert_cmpfloat (after.zoom, ==, before.zoom);
      adj_view_to_widget (&after, b->x, b->y, &x0, &y0);
      adj_view_to_widget (&after, b->x + b->w, b->y + b->h, &x1, &y1);
      g_assert_cmpfloat (x0, >=, 0);
      g_assert_cmpfloat (y0, >=, 0);
      /* A box bigger than the view (boxes grow to their text) shows its top-left corner. */
      if (x1 - x0 <= w)
        g_assert_cmpfloat (x1, <=, w);
      if (y1 - y0 <= h)
        g_assert_cmpfloat (y1, <=, h);
      /* A box already well in view does not move. */
      if (well_inside)
        {
          g_assert_cmpfloat (after.pan_x, ==, before.pan_x);
          g_assert_cmpfloat (after.pan_y, ==, before.pan_y);
        }
    }
  g_assert_cmpuint (off_screen, >, 0);   /* the zoom did push some out */

  finish (view, window);
}

/* With the keyboard focus showing, a frame in the focus colour runs round the canvas; without
 * it, the edge is the background. The canvas's own keys make the focus show. */
static void
test_focus_frame (void)
{
  g_autoptr (AdjDocument) doc = new_document ();
  GtkWindow *window;
  GtkWidget *view = show_view (doc, 600, 400, &window);
  const int w = gtk_widget_get_width (view), h = gtk_widget_get_height (view);
  cairo_surface_t *plain, *framed;
  double edge[3], inner[3];

  focus_widget (view);
  gtk_window_set_focus_visible (window, FALSE);
  g_assert_false (gtk_widget_has_visible_focus (view));
  plain = snapshot_widget (view);
  gtk_window_set_focus_visible (window, TRUE);
  g_assert_true (gtk_widget_has_focus (view));
  g_assert_true (gtk_widget_has_visible_focus (view));
  framed = snapshot_widget (view);

  /* Plain: the light background, grey. */
  pixel_at (plain, 0, h / 2, edge);
  g_assert_cmpfloat (edge[0], >, 0.9);
  g_assert_cmpfloat (fabs (edge[2] - edge[0]), <, 0.05);
  /* Framed: blue on all four sides, two pixels deep, and the background just inside. */
  {
    const int pts[][2] = {
      { 0, h / 2 }, { 1, h / 2 }, { w - 1, h / 2 }, { w / 2, 0 }, { w / 2, h - 2 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
      {
        pixel_at (framed, pts[i][0], pts[i][1], edge);
        g_assert_cmpfloat (edge[2], >, edge[0] + 0.3);
      }
  }
  pixel_at (framed, 3, h / 2, inner);
  pixel_at (plain, 3, h / 2, edge);
  g_assert_cmpfloat_with_epsilon (inner[0], edge[0], 0.01);
  g_assert_cmpfloat_with_epsilon (inner[2], edge[2], 0.01);

  /* Walking the graph from the keyboard shows the focus (GTK shows it by itself only after
   * Tab and the like); a key the canvas lets through does not. */
  gtk_window_set_focus_visible (window, FALSE);
  g_assert_false (press (view, GDK_KEY_Right, 0));
  release (view, GDK_KEY_Right);
  g_assert_false (gtk_window_get_focus_visible (window));
  g_assert_true (press (view, GDK_KEY_n, 0));
  g_assert_true (gtk_widget_has_visible_focus (view));
  release (view, GDK_KEY_n);
  g_assert_true (gtk_widget_has_visible_focus (view));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (framed);
  finish (view, window);
}

/* Zoom to fit holds the whole drawing, however large: a chain of 600 nodes needs less zoom
 * than the least the wheel reaches (ADJ_VIEW_MIN_ZOOM), and the fit clamped there and cut both
 * ends off. */
static void
test_fit_huge (void)
{
  g_autoptr (AdjDocument) doc = adj_document_new ();
  g_autoptr (GString) program = g_string_new ("x = 1\na1 = sin(x)\n");
  GtkWindow *window;
  GtkWidget *view;
  const AdjLayout *layout;
  AdjView v;
  int w, h;

  for (guint i = 2; i <= 600; i++)
    g_string_append_printf (program, "a%u = sin(a%u)\n", i, i - 1);
  g_assert_true (adj_document_set_program (doc, program->str));
  while (adj_document_get_busy (doc))   /* 1,201 nodes: laid out on a worker (issue 19) */
    g_main_context_iteration (NULL, TRUE);
  view = show_view (doc, 400, 300, &window);
  w = gtk_widget_get_width (view);
  h = gtk_widget_get_height (view);
  adj_graph_view_zoom_to_fit (ADJ_GRAPH_VIEW (view));
  v = adj_graph_view_get_view (ADJ_GRAPH_VIEW (view));
  layout = adj_document_get_layout (doc);
  g_assert_cmpfloat (v.zoom, <, ADJ_VIEW_MIN_ZOOM);
  g_assert_cmpfloat (v.pan_x, >=, 0);
  g_assert_cmpfloat (v.pan_y, >=, 0);
  g_assert_cmpfloat (v.pan_x + layout->width * v.zoom, <=, w);
  g_assert_cmpfloat (v.pan_y + layout->height * v.zoom, <=, h);
  finish (view, window);
}

/* The canvas's text follows Text Size: at twice the resolution (what GNOME's text scaling and
 * the app's preference set) the layout is measured at font scale 2 and its boxes double; the
 * canvas text stayed small while the widgets grew. */
static void
test_text_size (void)
{
  g_autoptr (AdjDocument) doc = new_document ();
  GtkSettings *settings = gtk_settings_get_default ();
  GtkWindow *window;
  GtkWidget *view = show_view (doc, 600, 400, &window);
  int dpi;
  double w1;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 96 * 1024, NULL);
  g_assert_cmpfloat (adj_document_get_layout (doc)->font_scale, ==, 1.0);
  w1 = g_array_index (adj_document_get_layout (doc)->boxes, AdjBox, 1).w;
  g_object_set (settings, "gtk-xft-dpi", 2 * 96 * 1024, NULL);
  g_assert_cmpfloat (adj_document_get_layout (doc)->font_scale, ==, 2.0);
  g_assert_cmpfloat (g_array_index (adj_document_get_layout (doc)->boxes, AdjBox, 1).w, >=, 1.9 * w1);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  finish (view, window);
}

/* Lesson 18's program in a new document. */
static AdjDocument *
lesson18 (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"), "18-vanishing-gradients.adjoint", NULL);
  g_autoptr (GError) error = NULL;
  AgGraphFile *file = ag_graph_file_load (path, &error);
  AdjDocument *doc = adj_document_new ();

  g_assert_no_error (error);
  g_assert_true (adj_document_set_program (doc, file->program));
  ag_graph_file_free (file);
  return doc;
}

/* Runs the main loop for @ms milliseconds. */
static void
spin (guint ms)
{
  const gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add (5, wake_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

/* TRUE when the node the current step sets lies wholly inside the canvas. */
static gboolean
active_inside (GtkWidget *view, AdjDocument *doc)
{
  const AgTrace *t = adj_document_get_trace (doc);
  const guint k = adj_document_get_step (doc);
  const AdjLayout *layout = adj_document_get_layout (doc);
  const AdjView v = adj_graph_view_get_view (ADJ_GRAPH_VIEW (view));
  const AdjBox *b;
  double x1, y1, x2, y2;

  g_assert_cmpuint (k, >, 0);
  b = &g_array_index (layout->boxes, AdjBox, ag_trace_step (t, k - 1)->to);
  adj_view_to_widget (&v, b->x, b->y, &x1, &y1);
  adj_view_to_widget (&v, b->x + b->w, b->y + b->h, &x2, &y2);
  return x1 >= 0 && y1 >= 0 && x2 <= gtk_widget_get_width (view) && y2 <= gtk_widget_get_height (view);
}

/* Lesson 18 in a small canvas: the view follows every step with readable text and an overview
 * map; moving, it eases on the frame clock; zooming by hand lets go of it and f takes it back. */
static void
test_follow (void)
{
  g_autoptr (AdjDocument) doc = lesson18 ();
  GtkWindow *window;
  GtkWidget *view = show_view (doc, 700, 420, &window);
  const guint n = adj_document_get_n_steps (doc);
  double mx, my, mw, mh;

  g_assert_true (adj_graph_view_get_follow (ADJ_GRAPH_VIEW (view)));
  for (guint k = 1; k <= n; k++)
    {
      adj_document_set_step (doc, k);
      g_assert_true (active_inside (view, doc));
      g_assert_cmpfloat (adj_graph_view_get_view (ADJ_GRAPH_VIEW (view)).zoom * ADJ_CAMERA_NODE_TEXT_PX,
                         >=, ADJ_CAMERA_READABLE_PX - 1e-9);
    }
  g_assert_true (adj_graph_view_get_minimap (ADJ_GRAPH_VIEW (view), &mx, &my, &mw, &mh));
  g_assert_cmpfloat (mx + mw, <=, gtk_widget_get_width (view));
  g_assert_cmpfloat (my + mh, <=, gtk_widget_get_height (view));

  /* Zooming by hand lets go; f takes the camera back and frames the step again. */
  adj_graph_view_set_animate (ADJ_GRAPH_VIEW (view), FALSE);
  adj_graph_view_zoom_by (ADJ_GRAPH_VIEW (view), 0.3);
  g_assert_false (adj_graph_view_get_follow (ADJ_GRAPH_VIEW (view)));
  adj_document_set_step (doc, n / 2);
  g_assert_cmpfloat (adj_graph_view_get_view (ADJ_GRAPH_VIEW (view)).zoom * ADJ_CAMERA_NODE_TEXT_PX,
                     <, ADJ_CAMERA_READABLE_PX);
  g_assert_true (press (view, GDK_KEY_f, 0));
  g_assert_true (adj_graph_view_get_follow (ADJ_GRAPH_VIEW (view)));
  g_assert_true (active_inside (view, doc));
  /* 0 zooms to fit the whole graph, and lets go of the camera. */
  g_assert_true (press (view, GDK_KEY_0, 0));
  g_assert_false (adj_graph_view_get_follow (ADJ_GRAPH_VIEW (view)));
  g_assert_false (adj_graph_view_get_minimap (ADJ_GRAPH_VIEW (view), &mx, &my, &mw, &mh));
  finish (view, window);
}

/* While the camera moves, the view is between where it was and where it goes: eased on the frame
 * clock, not a jump. */
static void
test_follow_smooth (void)
{
  g_autoptr (AdjDocument) doc = lesson18 ();
  GtkWindow *window;
  GtkWidget *view = show_view (doc, 700, 420, &window);
  AdjView a, mid, b;
  double ax, ay, mxl, myl, bx, by;
  const double w = gtk_widget_get_width (view), h = gtk_widget_get_height (view);

  adj_document_set_step (doc, 1);
  a = adj_graph_view_get_view (ADJ_GRAPH_VIEW (view));
  adj_graph_view_set_animate (ADJ_GRAPH_VIEW (view), TRUE);
  adj_document_set_step (doc, adj_document_get_n_steps (doc) / 2);   /* far along the chain */
  spin (150);
  mid = adj_graph_view_get_view (ADJ_GRAPH_VIEW (view));
  spin (800);
  b = adj_graph_view_get_view (ADJ_GRAPH_VIEW (view));
  g_assert_true (active_inside (view, doc));
  adj_view_to_layout (&a, w / 2, h / 2, &ax, &ay);
  adj_view_to_layout (&mid, w / 2, h / 2, &mxl, &myl);
  adj_view_to_layout (&b, w / 2, h / 2, &bx, &by);
  g_assert_cmpfloat (fabs (bx - ax), >, 100);       /* it did move */
  g_assert_cmpfloat (MIN (ax, bx), <, mxl);         /* and was on its way, not there yet */
  g_assert_cmpfloat (mxl, <, MAX (ax, bx));
  finish (view, window);
}

/* Issue 18: a call drawn folded, opened in place with o on its box, stepped inside, and folded
 * back with o on a node inside it; the player stays on the step it showed. */
static void
test_fold_keys (void)
{
  AdjDocument *doc = adj_document_new ();
  GtkWindow *window;
  GtkWidget *view;
  const AdjLayout *layout;
  const AgGraph *g;
  AgId y, b;
  guint folded_n, open_n, k_inner = 0;
  g_autofree char *text = NULL;

  g_assert_true (adj_document_set_program (doc, "def sq(a):\n    b = a * a\n    return b + a\nx = 3\ny = sq(x)\n"));
  view = show_view (doc, 900, 600, &window);
  g = adj_document_get_graph (doc);
  y = ag_graph_lookup (g, "y");
  b = ag_graph_lookup (g, "sq.b");
  g_assert_cmpuint (b, !=, AG_NO_ID);
  layout = adj_document_get_layout (doc);
  /* Folded: y's box stands for the call, b is hidden, three steps (forward y, seed, one back). */
  g_assert_nonnull (layout->stands_for);
  g_assert_cmpuint (layout->stands_for[y], ==, 0);
  g_assert_false (adj_layout_node_drawn (layout, b));
  folded_n = adj_document_get_n_steps (doc);
  g_assert_cmpuint (folded_n, ==, 3);
  text = adj_document_dup_step_text (doc, 3);
  g_assert_cmpstr (text, ==, "backward 3: sq sends ȳ = 1 back to x: x̄ += ȳ · ∂y/∂x = 1 · 7 = 7 → x̄ = 7");
  g_clear_pointer (&text, g_free);
  adj_document_set_step (doc, 1);
  /* n walks the drawn boxes: from x straight to the call's box, past its hidden inside. */
  adj_document_set_selected (doc, ag_graph_lookup (g, "x"));
  g_assert_true (press (view, GDK_KEY_n, 0));
  g_assert_cmpuint (adj_document_get_selected (doc), ==, y);

  /* o on the selected box opens it: b is drawn in a frame, every inner step is there. */
  adj_document_set_selected (doc, y);
  g_assert_true (press (view, GDK_KEY_o, 0));
  layout = adj_document_get_layout (doc);
  g_assert_true (adj_layout_node_drawn (layout, b));
  g_assert_cmpuint (layout->frames->len, ==, 1);
  g_assert_cmpuint (g_array_index (layout->frames, AdjCallFrame, 0).call, ==, 0);
  open_n = adj_document_get_n_steps (doc);
  g_assert_cmpuint (open_n, >, folded_n);
  /* The player showed y computed; it still does (the last forward step). */
  g_assert_cmpuint (adj_document_get_step (doc), ==, 2);
  for (guint k = 1; k <= open_n && k_inner == 0; k++)
    {
      g_autofree char *t = adj_document_dup_step_text (doc, k);
      if (g_str_has_prefix (t, "backward") && strstr (t, "flows to sq.b"))
        k_inner = k;
    }
  g_assert_cmpuint (k_inner, >, 0);
  adj_document_set_step (doc, k_inner);   /* stepping inside the open call */
  text = adj_document_dup_step_text (doc, k_inner);
  g_assert_nonnull (strstr (text, "flows to sq.b"));
  g_clear_pointer (&text, g_free);
  g_main_context_iteration (NULL, FALSE);

  /* o on a node inside folds the call back; the player lands on the folded step before. */
  adj_document_set_selected (doc, b);
  g_assert_true (press (view, GDK_KEY_o, 0));
  layout = adj_document_get_layout (doc);
  g_assert_false (adj_layout_node_drawn (layout, b));
  g_assert_cmpuint (layout->frames->len, ==, 0);
  g_assert_cmpuint (adj_document_get_n_steps (doc), ==, folded_n);
  g_assert_cmpuint (adj_document_get_step (doc), ==, 2);
  /* o with nothing that folds goes on to the window. */
  adj_document_set_selected (doc, ag_graph_lookup (adj_document_get_graph (doc), "x"));
  g_assert_false (press (view, GDK_KEY_o, 0));
  finish (view, window);
  g_object_unref (doc);
}

int
main (int argc, char **argv)
{
  /* GTK's test accessibility backend: the assertions read back what the widget tells
   * assistive technology, with no session bus (Xvfb runs have none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/graph-view/select-keys", test_select_keys);
  g_test_add_func ("/ui/graph-view/accessible", test_accessible);
  g_test_add_func ("/ui/graph-view/reveal", test_reveal);
  g_test_add_func ("/ui/graph-view/focus-frame", test_focus_frame);
  g_test_add_func ("/ui/graph-view/fit-huge", test_fit_huge);
  g_test_add_func ("/ui/graph-view/text-size", test_text_size);
  g_test_add_func ("/ui/graph-view/follow", test_follow);
  g_test_add_func ("/ui/graph-view/follow-smooth", test_follow_smooth);
  g_test_add_func ("/ui/graph-view/fold-keys", test_fold_keys);
  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
