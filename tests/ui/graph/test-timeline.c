/* test-timeline.c: the player's timeline: its geometry, the pointer, the keys, what it draws,
 * and that it lets go of its document. Runs under Xvfb. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <math.h>
#include "tests/lsan-glib.h"
#include <gtk/gtk.h>
#include "ui/graph/adj-timeline.h"

/* The example whose trace the widget tests show: x reaches z along two paths. */
#define EXAMPLE "05-paths-add-up.adjoint"

static AdjDocument *
load_example (void)
{
  const char *dir = g_getenv ("ADJOINT_EXAMPLES_DIR");
  g_autoptr (AdjDocument) document = adj_document_new ();
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (dir);   /* set by meson; run through `meson test` */
  file = g_file_new_build_filename (dir, EXAMPLE, NULL);
  g_assert_true (adj_document_load (document, file, &error));
  g_assert_no_error (error);
  /* Both phases, so both tints and the boundary are on screen. */
  g_assert_cmpuint (adj_document_get_phase_start (document), >, 1);
  g_assert_cmpuint (adj_document_get_phase_start (document), <,
                    adj_document_get_n_steps (document) - 1);
  return g_steal_pointer (&document);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @widget is mapped and has a width, or fails after 5 s. */
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

/* A window of known size holding a timeline on @document, presented and allocated. */
static GtkWidget *
show_timeline (AdjDocument *document, GtkWindow **window)
{
  GtkWidget *timeline = adj_timeline_new ();

  adj_timeline_set_document (ADJ_TIMELINE (timeline), document);
  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 600, 60);
  gtk_window_set_child (*window, timeline);
  gtk_window_present (*window);
  wait_for_allocation (timeline);
  return timeline;
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

/* Does what GTK does when @keyval (no modifiers) is pressed on the focused @widget: find the
 * shortcut whose trigger is that key and activate its action. Fails when no shortcut has it. */
static void
press_key (GtkWidget *widget, guint keyval)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                           GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("no shortcut for %s", gdk_keyval_name (keyval));
}

static void
assert_accessible_step (GtkWidget *timeline, guint k, guint n)
{
  g_autofree char *text = g_strdup_printf ("step %u of %u", k, n);

  gtk_test_accessible_assert_role (timeline, GTK_ACCESSIBLE_ROLE_SLIDER);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) n);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) k);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text);
}

static void
test_geometry (void)
{
  const double widths[] = { 40, 100, 333.5, 601, 1920 };
  const guint ns[] = { 1, 2, 3, 7, 13, 100, 1000 };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      double width = widths[w];

      /* No steps: one position, at the left end, whatever the pointer does. */
      g_assert_cmpfloat (adj_timeline_x_of_position (width, 0, 0), ==,
                         adj_timeline_x_of_position (width, 0, 5));
      g_assert_cmpuint (adj_timeline_position_at (width, 0, -10), ==, 0);
      g_assert_cmpuint (adj_timeline_position_at (width, 0, width / 2), ==, 0);
      g_assert_cmpuint (adj_timeline_position_at (width, 0, width + 10), ==, 0);

      for (guint i = 0; i < G_N_ELEMENTS (ns); i++)
        {
          guint n = ns[i];
          double first = adj_timeline_x_of_position (width, n, 0);
          double last = adj_timeline_x_of_position (width, n, n);
          double cell = (last - first) / n;

          /* Inside the widget, with the same margin at both ends. */
          g_assert_cmpfloat (first, >, 0);
          g_assert_cmpfloat (last, <, width);
          g_assert_cmpfloat_with_epsilon (first, width - last, 1e-9);

          for (guint k = 0; k <= n; k++)
            {
              double x = adj_timeline_x_of_position (width, n, k);

              g_assert_cmpfloat_with_epsilon (x, first + k * cell, 1e-9);
              g_assert_cmpuint (adj_timeline_position_at (width, n, x), ==, k);
              /* The nearest position: anything under half a cell away. */
              g_assert_cmpuint (adj_timeline_position_at (width, n, x - 0.49 * cell), ==, k);
              g_assert_cmpuint (adj_timeline_position_at (width, n, x + 0.49 * cell), ==, k);
            }

          /* Clamped at both ends, including past the widget and nonsense. */
          g_assert_cmpfloat (adj_timeline_x_of_position (width, n, n + 1), ==, last);
          g_assert_cmpfloat (adj_timeline_x_of_position (width, n, G_MAXUINT), ==, last);
          g_assert_cmpuint (adj_timeline_position_at (width, n, 0), ==, 0);
          g_assert_cmpuint (adj_timeline_position_at (width, n, -1e9), ==, 0);
          g_assert_cmpuint (adj_timeline_position_at (width, n, -INFINITY), ==, 0);
          g_assert_cmpuint (adj_timeline_position_at (width, n, NAN), ==, 0);
          g_assert_cmpuint (adj_timeline_position_at (width, n, width), ==, n);
          g_assert_cmpuint (adj_timeline_position_at (width, n, 1e9), ==, n);
          g_assert_cmpuint (adj_timeline_position_at (width, n, INFINITY), ==, n);
        }
    }

  /* A strip too narrow for its margins still answers inside the range. */
  g_assert_cmpuint (adj_timeline_position_at (10, 5, 5), <=, 5);
  g_assert_cmpfloat (adj_timeline_x_of_position (0, 5, 5), >=, 0);
}

/* A phase's name never lies under the playhead (evidence 82: it covered "forward"): for every
 * playhead position across a phase, the name is placed clear of the line and inside the
 * phase, centred when the playhead is elsewhere; a phase with room for the name on either
 * side of the playhead always shows it. */
static void
test_label_clear_of_playhead (void)
{
  const double label_ws[] = { 25, 52, 61, 120 };
  const double phases[][2] = { { 12, 170 }, { 170, 400 }, { 12, 100 }, { 300, 330 } };

  for (guint p = 0; p < G_N_ELEMENTS (phases); p++)
    for (guint l = 0; l < G_N_ELEMENTS (label_ws); l++)
      {
        const double x0 = phases[p][0], x1 = phases[p][1], lw = label_ws[l];
        double x;

        /* The playhead far away (another phase): centred. */
        if (adj_timeline_place_label (x0, x1, lw, 2000, &x))
          g_assert_cmpfloat (fabs (x + lw / 2 - (x0 + x1) / 2), <=, 1);
        else
          g_assert_cmpfloat (lw, >, x1 - x0 - 12);

        for (double playhead = x0 - 5; playhead <= x1 + 5; playhead += 0.5)
          {
            const gboolean placed = adj_timeline_place_label (x0, x1, lw, playhead, &x);

            if (!placed)
              {
                /* Only when neither side of the playhead holds the name. */
                g_assert_cmpfloat (x1 - x0, <, 2 * lw + 2 * 6 + 2 * 5 + 2);
                continue;
              }
            g_assert_cmpfloat (x, >=, x0 + 5.9);
            g_assert_cmpfloat (x + lw, <=, x1 - 5.9);
            /* The 4-pixel line and 2 px more on each side stay off the letters. */
            g_assert_true (playhead + 4 <= x || playhead - 4 >= x + lw);
          }
      }
  /* The minimum width holds both short names beside a playhead at either phase's edge. */
  {
    const int w = adj_timeline_min_width (25);
    const double mid = adj_timeline_x_of_position (w, 2, 1);
    double x;

    for (guint k = 0; k <= 2; k++)
      {
        const double playhead = adj_timeline_x_of_position (w, 2, k);
        g_assert_true (adj_timeline_place_label (adj_timeline_x_of_position (w, 2, 0), mid, 25, playhead, &x));
        g_assert_true (adj_timeline_place_label (mid, adj_timeline_x_of_position (w, 2, 2), 25, playhead, &x));
      }
  }
}

/* The phases' names stay inside the strip at any text size: at Text Size 200 % (gtk-xft-dpi
 * doubled) the strip grows with them instead of cutting them at its bottom edge. */
static void
test_text_size (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autoptr (AdjDocument) document = load_example ();
  GtkWindow *window;
  GtkWidget *timeline = show_timeline (document, &window);
  int dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  for (int scale = 1; scale <= 2; scale++)
    {
      g_autoptr (PangoLayout) layout = NULL;
      g_autoptr (PangoLayout) short_layout = NULL;
      int min_h = 0, nat_h = 0, min_w = 0, nat_w = 0, lw = 0, lh = 0;

      g_object_set (settings, "gtk-xft-dpi", dpi * scale, NULL);
      layout = gtk_widget_create_pango_layout (timeline, "backward");
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_widget_measure (timeline, GTK_ORIENTATION_VERTICAL, -1, &min_h, &nat_h, NULL, NULL);
      g_test_message ("text ×%d: names %d px high, timeline %d px high", scale, lh, min_h);
      /* The strip (below a 12 px top for the knob, above 6 px for the foot) holds the name
       * with 4 px above and below. */
      g_assert_cmpint (min_h - 12 - 6, >=, lh + 2 * 4);
      /* Its minimum width still names both phases, shortened. */
      gtk_widget_measure (timeline, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
      short_layout = gtk_widget_create_pango_layout (timeline, "bwd");
      pango_layout_get_pixel_size (short_layout, &lw, &lh);
      g_assert_cmpint (min_w, ==, adj_timeline_min_width (lw));
    }
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  gtk_window_destroy (window);
}

static void
test_click (void)
{
  g_autoptr (AdjDocument) document = load_example ();
  GtkWindow *window;
  GtkWidget *timeline = show_timeline (document, &window);
  guint n = adj_document_get_n_steps (document);
  double width = gtk_widget_get_width (timeline);
  double x3 = adj_timeline_x_of_position (width, n, 3);
  double cell = adj_timeline_x_of_position (width, n, 1) - adj_timeline_x_of_position (width, n, 0);
  GtkEventController *drag = find_controller (timeline, GTK_TYPE_GESTURE_DRAG);

  g_assert_cmpfloat (width, >=, 300);
  g_assert_nonnull (drag);
  adj_document_set_step (document, 0);

  /* The gesture's own signals, as GTK emits them for a press and a drag. A press a little
   * right of position 3 picks 3, not 4. */
  g_signal_emit_by_name (drag, "drag-begin", x3 + 0.3 * cell, 20.0);
  g_assert_cmpuint (adj_document_get_step (document), ==, 3);
  g_assert_true (gtk_widget_is_focus (timeline));
  assert_accessible_step (timeline, 3, n);

  g_signal_emit_by_name (drag, "drag-update", 1.8 * cell, 3.0);
  g_assert_cmpuint (adj_document_get_step (document), ==, 5);
  g_signal_emit_by_name (drag, "drag-update", 2 * width, 0.0);      /* past the right end */
  g_assert_cmpuint (adj_document_get_step (document), ==, n);
  g_signal_emit_by_name (drag, "drag-update", -2 * width, 0.0);     /* past the left end */
  g_assert_cmpuint (adj_document_get_step (document), ==, 0);
  g_signal_emit_by_name (drag, "drag-end", -2 * width, 0.0);
  assert_accessible_step (timeline, 0, n);

  /* A click at the very end is the last position. */
  g_signal_emit_by_name (drag, "drag-begin", width - 1, 20.0);
  g_assert_cmpuint (adj_document_get_step (document), ==, n);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);

  gtk_window_destroy (window);
}

static void
test_keys (void)
{
  g_autoptr (AdjDocument) document = load_example ();
  GtkWindow *window;
  GtkWidget *timeline = show_timeline (document, &window);
  guint n = adj_document_get_n_steps (document);

  g_assert_true (gtk_widget_get_focusable (timeline));
  adj_document_set_step (document, 0);
  assert_accessible_step (timeline, 0, n);

  press_key (timeline, GDK_KEY_Right);
  g_assert_cmpuint (adj_document_get_step (document), ==, 1);
  press_key (timeline, GDK_KEY_Right);
  press_key (timeline, GDK_KEY_KP_Right);
  g_assert_cmpuint (adj_document_get_step (document), ==, 3);
  press_key (timeline, GDK_KEY_Left);
  g_assert_cmpuint (adj_document_get_step (document), ==, 2);
  assert_accessible_step (timeline, 2, n);

  press_key (timeline, GDK_KEY_End);
  g_assert_cmpuint (adj_document_get_step (document), ==, n);
  press_key (timeline, GDK_KEY_Right);                  /* stays at the end */
  g_assert_cmpuint (adj_document_get_step (document), ==, n);
  assert_accessible_step (timeline, n, n);

  press_key (timeline, GDK_KEY_Home);
  g_assert_cmpuint (adj_document_get_step (document), ==, 0);
  press_key (timeline, GDK_KEY_Left);                   /* stays at the start */
  g_assert_cmpuint (adj_document_get_step (document), ==, 0);
  press_key (timeline, GDK_KEY_KP_End);
  g_assert_cmpuint (adj_document_get_step (document), ==, n);

  gtk_window_destroy (window);
}

/* The length of the trace follows the document: a new program, or the other mode. */
static void
test_follow (void)
{
  g_autoptr (AdjDocument) document = load_example ();
  GtkWindow *window;
  GtkWidget *timeline = show_timeline (document, &window);
  guint n;

  g_assert_true (adj_document_set_program (document, "x = 3\ny = x * 2\nz = y * y + x\n"));
  n = adj_document_get_n_steps (document);
  adj_document_set_step (document, 4);
  assert_accessible_step (timeline, 4, n);

  adj_document_set_mode (document, ADJ_MODE_FORWARD);
  n = adj_document_get_n_steps (document);
  assert_accessible_step (timeline, adj_document_get_step (document), n);

  gtk_window_destroy (window);
}

/* The colour of pixel (@x, @y) of an RGB24 image. */
static void
pixel_at (cairo_surface_t *surface, int x, int y, double rgb[3])
{
  guint32 p;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  p = *(guint32 *) (cairo_image_surface_get_data (surface) +
                    y * cairo_image_surface_get_stride (surface) + 4 * x);
  rgb[0] = ((p >> 16) & 0xff) / 255.0;
  rgb[1] = ((p >> 8) & 0xff) / 255.0;
  rgb[2] = (p & 0xff) / 255.0;
}

/* Saturation (max − min channel): tinted strongly, faintly, or not at all. */
static double
saturation (const double rgb[3])
{
  return MAX (rgb[0], MAX (rgb[1], rgb[2])) - MIN (rgb[0], MIN (rgb[1], rgb[2]));
}

/* What the timeline draws: blue before the phase boundary, orange after it, and the steps
 * done stronger than the steps to come. Drawn by the widget's own snapshot over white. */
static void
test_draw (void)
{
  g_autoptr (AdjDocument) document = load_example ();
  GtkWindow *window;
  GtkWidget *timeline = show_timeline (document, &window);
  guint n = adj_document_get_n_steps (document);
  guint phase = adj_document_get_phase_start (document);
  int width = gtk_widget_get_width (timeline), height = gtk_widget_get_height (timeline);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  /* Just inside the top of the strip: above the labels, below nothing but the knob. */
  int y = (height - 44) / 2 + 14;
  double done_fwd[3], done_bwd[3], todo_bwd[3];

  adj_document_set_step (document, phase + 1);
  GTK_WIDGET_GET_CLASS (timeline)->snapshot (timeline, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

#define CELL_MIDDLE(i) ((int) ((adj_timeline_x_of_position (width, n, i) + \
                                adj_timeline_x_of_position (width, n, (i) + 1)) / 2))
  pixel_at (surface, CELL_MIDDLE (0), y, done_fwd);
  pixel_at (surface, CELL_MIDDLE (phase), y, done_bwd);
  pixel_at (surface, CELL_MIDDLE (n - 1), y, todo_bwd);
#undef CELL_MIDDLE
  cairo_surface_destroy (surface);

  g_assert_cmpfloat (done_fwd[2], >, done_fwd[0] + 0.2);      /* blue */
  g_assert_cmpfloat (done_bwd[0], >, done_bwd[2] + 0.2);      /* orange */
  g_assert_cmpfloat (todo_bwd[0], >, todo_bwd[2]);            /* faint orange */
  g_assert_cmpfloat (saturation (done_bwd), >, 2 * saturation (todo_bwd));
  g_assert_cmpfloat (saturation (todo_bwd), >, 0.05);

  gtk_window_destroy (window);
}

/* The timeline keeps its document alive and watched only while it shows it. */
static void
test_finalize (void)
{
  AdjDocument *document = load_example ();
  g_autoptr (AdjDocument) other = adj_document_new ();
  GtkWindow *window;
  GtkWidget *timeline = show_timeline (document, &window);

  g_assert_true (adj_timeline_get_document (ADJ_TIMELINE (timeline)) == document);
  g_assert_cmpuint (g_signal_handler_find (document, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                           timeline), !=, 0);

  /* Another document: the first one is no longer watched. */
  g_object_set (timeline, "document", other, NULL);
  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (document, timeline), ==, 0);
  adj_timeline_set_document (ADJ_TIMELINE (timeline), document);

  g_object_ref (timeline);
  gtk_window_destroy (window);
  g_assert_finalize_object (timeline);

  /* Nothing left behind that a change could reach. */
  adj_document_set_step (document, 2);
  g_assert_finalize_object (document);
}

/* The phases follow folding: a folded call is one forward step, so the backward phase starts
 * after the folded trace's forward steps, and again after a call is opened (lesson 25: 6 folded
 * forward steps; opening neuron adds its 3 inner ones). */
static void
test_phase_folded (void)
{
  const char *dir = g_getenv ("ADJOINT_EXAMPLES_DIR");
  g_autoptr (AdjDocument) document = adj_document_new ();
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  const AgTrace *trace;
  guint phase;

  g_assert_nonnull (dir);
  file = g_file_new_build_filename (dir, "25-mlp-neurons.adjoint", NULL);
  g_assert_true (adj_document_load (document, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (adj_document_get_phase_start (document), ==, 6);
  trace = adj_document_get_trace (document);
  g_assert_cmpint (ag_trace_step (trace, 6)->kind, ==, AG_STEP_SEED);
  adj_document_toggle_call (document, 0);
  phase = adj_document_get_phase_start (document);
  trace = adj_document_get_trace (document);
  g_assert_cmpuint (phase, >, 6);
  g_assert_cmpint (ag_trace_step (trace, phase)->kind, ==, AG_STEP_SEED);
  g_assert_cmpint (ag_trace_step (trace, phase - 1)->kind, ==, AG_STEP_FORWARD);
}

int
main (int argc, char **argv)
{
  /* GTK's test accessibility backend: it records what the widget tells assistive technology
   * (the assertions read it back) and needs no session bus, which Xvfb runs do not have. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/timeline/geometry", test_geometry);
  g_test_add_func ("/ui/timeline/label-clear-of-playhead", test_label_clear_of_playhead);
  g_test_add_func ("/ui/timeline/text-size", test_text_size);
  g_test_add_func ("/ui/timeline/click", test_click);
  g_test_add_func ("/ui/timeline/keys", test_keys);
  g_test_add_func ("/ui/timeline/follow", test_follow);
  g_test_add_func ("/ui/timeline/draw", test_draw);
  g_test_add_func ("/ui/timeline/finalize", test_finalize);
  g_test_add_func ("/ui/timeline/phase-folded", test_phase_folded);

  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
