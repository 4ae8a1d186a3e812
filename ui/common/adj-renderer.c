/* adj-renderer.c: the cairo renderer where GL could only be software (adj-renderer.h). */
#include "ui/common/adj-renderer.h"

#include <string.h>

const char *
adj_renderer_choose (const AdjRendererFacts *facts)
{
  if (facts->gsk_renderer != NULL && facts->gsk_renderer[0] != '\0')
    return NULL;   /* the user's choice */
  if (facts->libgl_always_software != NULL && strcmp (facts->libgl_always_software, "0") != 0
      && facts->libgl_always_software[0] != '\0')
    return "cairo";
  if (facts->gallium_driver != NULL && (strcmp (facts->gallium_driver, "llvmpipe") == 0 ||
                                        strcmp (facts->gallium_driver, "softpipe") == 0))
    return "cairo";
  /* Without a DRI render node Mesa has no GPU driver to load: its GL is llvmpipe. */
  return facts->has_render_node ? NULL : "cairo";
}

static gboolean
has_render_node (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

const char *
adj_renderer_apply_default (void)
{
  const AdjRendererFacts facts = { g_getenv ("GSK_RENDERER"), g_getenv ("LIBGL_ALWAYS_SOFTWARE"),
                                   g_getenv ("GALLIUM_DRIVER"), has_render_node () };
  const char *renderer = adj_renderer_choose (&facts);

  if (renderer)
    g_setenv ("GSK_RENDERER", renderer, TRUE);
  return renderer;
}
