/* test-export.c: `adjoint export` draws what the canvas draws: pixels of a PNG, pages of a PDF. */
#include <cairo.h>
#include "core/autograd.h"
#include "core/file.h"
#include "core/program.h"
#include "ui/draw/adj-chart-model.h"
#include "ui/draw/adj-scene.h"
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>
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

/* The first page's text, through Ghostscript when it is installed (NULL otherwise). */
static char *
first_page_text (const char *pdf)
{
  g_autofree char *gs = g_find_program_in_path ("gs");
  g_autofree char *out = NULL;
  const char *argv[] = { gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite",
                         "-dFirstPage=1", "-dLastPage=1", "-sOutputFile=-", pdf, NULL };
  int status = 1;

  if (gs == NULL || !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &out, NULL, &status, NULL) || status != 0)
    return NULL;
  return g_steal_pointer (&out);
}

/* --all-steps: slides: a title page (the lesson's title and note, no graph), then one page per
 * player position, 0 … n_steps (example 3 has 5 steps: 7 pages). */
static void
test_pdf_pages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-export-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "all.pdf", NULL);
  g_autofree char *example = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"), "03-composition.adjoint", NULL);
  const char *args[] = { "export", example, "-o", pdf, "--all-steps", NULL };
  const char *bad[] = { "export", "-e", "x = 3", "-o", "out.png", "--all-steps", NULL };
  g_autofree char *data = NULL, *text = NULL;
  gsize len;
  guint pages = 0;

  g_assert_cmpint (run_adjoint (args), ==, 0);
  g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF"));
  /* Binary streams hold NUL bytes, so scan bytes rather than strings. */
  for (gsize i = 0; i + 12 <= len; i++)
    pages += memcmp (data + i, "/Type /Page", 11) == 0 && data[i + 11] != 's';
  g_assert_cmpuint (pages, ==, 1 + 6);
  text = first_page_text (pdf);
  if (text)
    {
      g_assert_nonnull (strstr (text, "A composition of two"));   /* the title */
      g_assert_null (strstr (text, "1 / 5"));            /* no step counter: no step */
      g_assert_null (strstr (text, "0 / 5"));
    }
  else
    g_test_message ("no Ghostscript: the first page's text is not checked");
  g_assert_cmpint (run_adjoint (bad), ==, 2);
  g_remove (pdf);
  g_rmdir (dir);
}

/* The caption strip's letters are proportional to the page, so a slide reads from afar: 1/24
 * of the height (37.5 pt on 1600 × 900, where the old strip had 16-23 pt). */
static void
test_caption_font_size (void)
{
  g_assert_cmpfloat_with_epsilon (adj_scene_caption_font_size (1600, 900), 37.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (adj_scene_caption_font_size (3200, 1800), 75, 1e-9);
  g_assert_cmpfloat_with_epsilon (adj_scene_caption_font_size (1600, 900) / 900, 1 / 24.0, 1e-9);
  g_assert_cmpfloat (adj_scene_caption_font_size (320, 180), >=, 12);
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

/* ---- a failed export leaves the old file (issue 17) -------------------------------------- */

/* What the export tests write: a graph at two steps and a loss chart. */
typedef struct {
  AgGraph *graph;
  AgTrace *trace;
  AdjLayout *layout;
  AdjChartModel *chart;
} Scene;

static void
scene_init (Scene *sc)
{
  g_autoptr (GError) error = NULL;

  sc->graph = ag_program_parse ("x = 3; y = x + 1; z = y^2", -1, &error);
  g_assert_no_error (error);
  sc->trace = ag_trace_new ();
  g_assert_true (ag_graph_run (sc->graph, sc->trace, &error));
  sc->layout = adj_layout_new (sc->graph, &error);
  g_assert_no_error (error);
  sc->chart = adj_chart_model_new ();
  adj_chart_model_add_series (sc->chart, "train loss", ADJ_CHART_AXIS_LEFT);
  for (guint i = 1; i <= 50; i++)
    adj_chart_model_append (sc->chart, 0, i, 1.0 / i);
}

static void
scene_clear (Scene *sc)
{
  g_clear_pointer (&sc->chart, adj_chart_model_free);
  g_clear_pointer (&sc->layout, adj_layout_free);
  g_clear_pointer (&sc->trace, ag_trace_free);
  g_clear_pointer (&sc->graph, ag_graph_free);
}

/* Writes @path with the writer @which names: "scene" (one step or, for a PDF, all of them) or
 * "chart"; @k changes what is drawn. */
static gboolean
write_export (Scene *sc, const char *which, const char *path, guint k, GError **error)
{
  if (g_str_equal (which, "chart"))
    return adj_chart_model_write (sc->chart, path, 320 + k, 200, error);
  if (g_str_has_suffix (path, ".pdf"))
    return adj_scene_export (path, sc->graph, sc->layout, sc->trace, 0, ag_trace_n_steps (sc->trace),
                             NULL, NULL, ADJ_THEME_LIGHT, 640 + 16 * k, error);
  return adj_scene_export (path, sc->graph, sc->layout, sc->trace, k, k, NULL, NULL,
                           ADJ_THEME_LIGHT, 640, error);
}

/* The disk fills part way through (injected: the device says ENOSPC after 1000 bytes; in
 * tests/app/test-cli.c a real small tmpfs does it): the good file written before is byte for
 * byte what it was, no partial or temporary file is left, and the message names the file and
 * says "no space left on the device", not cairo's "error while writing to output stream". */
static void
test_export_full_disk (void)
{
  static const struct { const char *which, *name; } cases[] = {
    { "scene", "step.png" }, { "scene", "step.svg" }, { "scene", "all.pdf" },
    { "chart", "loss.png" }, { "chart", "loss.svg" }, { "chart", "loss.pdf" },
  };
  g_autofree char *dir = g_dir_make_tmp ("adjoint-export-XXXXXX", NULL);
  Scene sc = { 0 };

  scene_init (&sc);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *before = NULL, *after = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GDir) d = NULL;
      gsize before_len, after_len;
      guint n = 0;

      g_assert_true (write_export (&sc, cases[i].which, path, 1, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
      g_assert_cmpuint (before_len, >, 1000);

      ag_file_replace_fail_next (AG_FILE_FAIL_WRITE, 1000, ENOSPC);
      g_assert_false (write_export (&sc, cases[i].which, path, 2, &error));
      g_assert_error (error, AG_ERROR, AG_ERROR_IO);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, "no space left on the device"));
      g_assert_null (strstr (error->message, "output stream"));

      g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
      g_assert_cmpmem (after, after_len, before, before_len);
      d = g_dir_open (dir, 0, NULL);
      while (g_dir_read_name (d))
        n++;
      g_assert_cmpuint (n, ==, 1);
      g_remove (path);
    }
  scene_clear (&sc);
  g_rmdir (dir);
}

/* A folder that is not there says "no such folder" and names it; one the user may not write
 * in says "permission denied" (not testable as root, who may write anywhere). */
static void
test_export_folders (void)
{
  static const struct { const char *which, *name; } cases[] = {
    { "scene", "step.png" }, { "scene", "all.pdf" }, { "chart", "loss.png" }, { "chart", "loss.pdf" },
  };
  g_autofree char *dir = g_dir_make_tmp ("adjoint-export-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *probe = g_build_filename (locked, "probe", NULL);
  gboolean may_lock;
  Scene sc = { 0 };

  scene_init (&sc);
  g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
  may_lock = !g_file_set_contents (probe, "", 0, NULL);
  g_remove (probe);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *nowhere = g_build_filename (missing, cases[i].name, NULL);
      g_autofree char *refused = g_build_filename (locked, cases[i].name, NULL);
      g_autoptr (GError) error = NULL;

      g_assert_false (write_export (&sc, cases[i].which, nowhere, 1, &error));
      g_assert_error (error, AG_ERROR, AG_ERROR_IO);
      g_assert_nonnull (strstr (error->message, nowhere));
      g_assert_nonnull (strstr (error->message, "no such folder"));
      g_assert_nonnull (strstr (error->message, missing));
      g_clear_error (&error);
      if (!may_lock)
        continue;
      g_assert_false (write_export (&sc, cases[i].which, refused, 1, &error));
      g_assert_error (error, AG_ERROR, AG_ERROR_IO);
      g_assert_nonnull (strstr (error->message, refused));
      g_assert_nonnull (strstr (error->message, "permission denied"));
      g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
    }
  if (!may_lock)
    g_test_message ("this user may write in a 0555 folder: no permission to be denied");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  scene_clear (&sc);
  g_rmdir (locked);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/export/png", test_png);
  g_test_add_func ("/ui/export/pdf-pages", test_pdf_pages);
  g_test_add_func ("/ui/export/caption", test_caption_drawn);
  g_test_add_func ("/ui/export/caption-font-size", test_caption_font_size);
  g_test_add_func ("/ui/export/full-disk", test_export_full_disk);
  g_test_add_func ("/ui/export/folders", test_export_folders);
  return g_test_run ();
}
