/* test-export.c: `adjoint export` draws what the canvas draws: pixels of a PNG, pages of a PDF. */
#include <cairo.h>
#include "core/autograd.h"
#include "core/program.h"
#include "ui/draw/adj-scene.h"
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

static int
run_adjoint (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) proc = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("ADJOINT_BIN"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
pixel (cairo_surface_t *s, int x, int y, guint *r, guint *g, guint *b)
{
  const guint32 p = *(guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s) + 4 * x);
  *r = (p >> 16) & 0xff;
  *g = (p >> 8) & 0xff;
  *b = p & 0xff;
}

/* Example 5 after step 6: x receives its second contribution, so its box is outlined in the
 * adjoints' orange (204, 97, 0); the caption bar is dark; the background light. */
static void
test_png (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-export-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "step.png", NULL);
  g_autofree char *example = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"), "05-paths-add-up.adjoint", NULL);
  const char *args[] = { "export", example, "-o", png, "--step", "6", "--width", "1600", NULL };
  cairo_surface_t *s;
  guint r, g, b, orange = 0;

  g_assert_cmpint (run_adjoint (args), ==, 0);
  s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 900);
  pixel (s, 5, 5, &r, &g, &b);
  g_assert_cmpuint (r, >, 240);                 /* light background */
  pixel (s, 5, 895, &r, &g, &b);
  g_assert_cmpuint (r, <, 60);                  /* the caption bar */
  for (int y = 0; y < 830; y++)
    for (int x = 0; x < 1600; x++)
      {
        pixel (s, x, y, &r, &g, &b);
        orange += r == 204 && g == 97 && b == 0;
      }
  g_assert_cmpuint (orange, >, 1000);           /* the receiving box's outline and the edge */
  cairo_surface_destroy (s);
  g_remove (png);
  g_rmdir (dir);
}

/* --all-steps: one page per player position, 0 … n_steps (example 3 has 5 steps). */
static void
test_pdf_pages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-export-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "all.pdf", NULL);
  const char *args[] = { "export", "-e", "x = 3; y = x + 1; z = y^2", "-o", pdf, "--all-steps", NULL };
  const char *bad[] = { "export", "-e", "x = 3", "-o", "out.png", "--all-steps", NULL };
  g_autofree char *data = NULL;
  gsize len;
  guint pages = 0;

  g_assert_cmpint (run_adjoint (args), ==, 0);
  g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF"));
  /* Binary streams hold NUL bytes, so scan bytes rather than strings. */
  for (gsize i = 0; i + 12 <= len; i++)
    pages += memcmp (data + i, "/Type /Page", 11) == 0 && data[i + 11] != 's';
  g_assert_cmpuint (pages, ==, 6);
  g_assert_cmpint (run_adjoint (bad), ==, 2);
  g_remove (pdf);
  g_rmdir (dir);
}

/* A lesson caption goes into the exported frame in place of the step's sentence: two captions
 * give different pixels in the caption bar and the same graph above it. */
static void
test_caption_drawn (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) g = ag_program_parse ("x = 3; y = x^2", -1, &error);
  g_autoptr (AgTrace) trace = ag_trace_new ();
  g_autoptr (AdjLayout) layout = NULL;
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 450);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 450);
  guint caption_diff = 0, graph_diff = 0;

  g_assert_true (ag_graph_run (g, trace, &error));
  layout = adj_layout_new (g, &error);
  g_assert_no_error (error);
  {
    cairo_t *cr = cairo_create (a);
    adj_scene_draw (cr, g, layout, trace, 1, "The square is computed.", ADJ_THEME_LIGHT, 800, 450);
    cairo_destroy (cr);
    cr = cairo_create (b);
    adj_scene_draw (cr, g, layout, trace, 1, "Something else entirely, and longer.", ADJ_THEME_LIGHT, 800, 450);
    cairo_destroy (cr);
  }
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  for (int y = 0; y < 450; y++)
    for (int x = 0; x < 800; x++)
      {
        guint ra, ga, ba, rb, gb, bb;
        pixel (a, x, y, &ra, &ga, &ba);
        pixel (b, x, y, &rb, &gb, &bb);
        if (ra != rb || ga != gb || ba != bb)
          {
            if (y >= 450 - (2 * 1.35 * 12 + 28))   /* the caption bar at this width */
              caption_diff++;
            else
              graph_diff++;
          }
      }
  g_assert_cmpuint (caption_diff, >, 200);
  g_assert_cmpuint (graph_diff, ==, 0);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/export/png", test_png);
  g_test_add_func ("/ui/export/pdf-pages", test_pdf_pages);
  g_test_add_func ("/ui/export/caption", test_caption_drawn);
  return g_test_run ();
}
