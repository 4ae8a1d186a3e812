/* test-renderer.c: the cairo renderer where GL could only be software (ui/common/adj-renderer.h),
 * and the user's GSK_RENDERER always wins. Pure. */
#include "ui/common/adj-renderer.h"

static void
test_renderer_choose (void)
{
  /* No GPU render node (a VM, Xvfb, a container): Mesa's GL is llvmpipe, so cairo. */
  g_assert_cmpstr (adj_renderer_choose (&(AdjRendererFacts) { NULL, NULL, NULL, FALSE }), ==, "cairo");
  /* A GPU: GTK's own choice (GL). */
  g_assert_null (adj_renderer_choose (&(AdjRendererFacts) { NULL, NULL, NULL, TRUE }));
  /* Mesa told to rasterise in software, even with a GPU. */
  g_assert_cmpstr (adj_renderer_choose (&(AdjRendererFacts) { NULL, "1", NULL, TRUE }), ==, "cairo");
  g_assert_null (adj_renderer_choose (&(AdjRendererFacts) { NULL, "0", NULL, TRUE }));
  g_assert_cmpstr (adj_renderer_choose (&(AdjRendererFacts) { NULL, NULL, "llvmpipe", TRUE }), ==, "cairo");
  g_assert_cmpstr (adj_renderer_choose (&(AdjRendererFacts) { NULL, NULL, "softpipe", TRUE }), ==, "cairo");
  g_assert_null (adj_renderer_choose (&(AdjRendererFacts) { NULL, NULL, "radeonsi", TRUE }));
  /* The user chose: left alone, whatever the machine. */
  g_assert_null (adj_renderer_choose (&(AdjRendererFacts) { "gl", NULL, NULL, FALSE }));
  g_assert_null (adj_renderer_choose (&(AdjRendererFacts) { "ngl", "1", "llvmpipe", FALSE }));
  g_assert_cmpstr (adj_renderer_choose (&(AdjRendererFacts) { "", NULL, NULL, FALSE }), ==, "cairo");
}

/* Applying it sets GSK_RENDERER only when unset. */
static void
test_renderer_apply (void)
{
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_assert_null (adj_renderer_apply_default ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
  g_unsetenv ("GSK_RENDERER");
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);
  g_assert_cmpstr (adj_renderer_apply_default (), ==, "cairo");
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/choose", test_renderer_choose);
  g_test_add_func ("/renderer/apply", test_renderer_apply);
  return g_test_run ();
}
