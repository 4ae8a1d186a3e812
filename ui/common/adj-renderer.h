/* adj-renderer.h: which GSK renderer the app asks GTK for. GTK 4.8 picks its GL renderer
 * wherever GL works, even when GL is Mesa's software rasteriser (llvmpipe, softpipe: a machine
 * without a GPU, a VM, Xvfb): there its render threads take every core and the training lab
 * drew 32 frames a second against 54.5 with the cairo renderer, and took a quarter of the
 * training thread's steps (docs/performance.md, R5). So where GL can only be software, the app
 * asks for cairo before GTK starts; a user's GSK_RENDERER always wins. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What is known before GTK starts, cheaply: no GPU probing, no GL context. */
typedef struct {
  const char *gsk_renderer;            /* $GSK_RENDERER, or NULL */
  const char *libgl_always_software;   /* $LIBGL_ALWAYS_SOFTWARE, or NULL */
  const char *gallium_driver;          /* $GALLIUM_DRIVER, or NULL */
  gboolean    has_render_node;         /* a /dev/dri/renderD* exists: a GPU driver may be there */
} AdjRendererFacts;

/* The renderer to ask for: "cairo" when GL can only be software (no render node, or Mesa told
 * to rasterise in software), NULL to leave GTK's choice (a GPU, or the user chose). Pure. */
const char *adj_renderer_choose (const AdjRendererFacts *facts);

/* Gathers the facts of this process and, when adj_renderer_choose() says so, sets
 * GSK_RENDERER for GTK to read. Call before the first window is realised (before gtk_init()).
 * Returns what it set, or NULL. */
const char *adj_renderer_apply_default (void);

G_END_DECLS
