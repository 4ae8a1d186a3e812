/* adj-window.h: one window per document: the editor, the canvas, the player and the inspector,
 * built from the template data/ui/adj-window.ui. */
#pragma once

#include <adwaita.h>
#include "app/window/adj-recovery.h"
#include "ui/graph/adj-document.h"
#include "ui/graph/adj-graph-view.h"

G_BEGIN_DECLS

#define ADJ_TYPE_WINDOW (adj_window_get_type ())
G_DECLARE_FINAL_TYPE (AdjWindow, adj_window, ADJ, WINDOW, AdwApplicationWindow)

/* A window on a new, empty document. */
AdjWindow   *adj_window_new (GtkApplication *app);
/* The size a new window opens at on a @screen_w × @screen_h monitor: most of the screen (nine
 * tenths, at least 1440 × 900 where that fits, at most 2400 × 1500), so a lesson's graph has
 * the room to show whole at a readable size. Pure. */
void         adj_window_default_size (int screen_w, int screen_h, int *width, int *height);

/* Opens @file in this window (no unsaved-changes prompt: see the win.open action for that).
 * On failure the error is shown in the window, the document is left as it was, and FALSE
 * is returned with @error set. */
gboolean     adj_window_open_file (AdjWindow *self, GFile *file, GError **error);
/* Opens the bundled example called @name ("welcome", "05-paths-add-up"). */
gboolean     adj_window_open_example (AdjWindow *self, const char *name, GError **error);

/* Opens a recovery copy a crashed or killed Adjoint left (see adj-recovery.h) as an unsaved
 * document; Save writes to the file it belongs to. */
gboolean     adj_window_restore (AdjWindow *self, AdjRecovered *recovered, GError **error);

/* Save (win.save) writes a program opened as text back as text. When the document holds what
 * only a graph file can (adj_document_has_graph_extras()), it asks first, with an
 * AdwMessageDialog answering one of these (or "cancel"): the program alone, or Save As with
 * a .adjoint name suggested beside the text file. */
#define ADJ_WINDOW_SAVE_PROGRAM "program"
#define ADJ_WINDOW_SAVE_GRAPH   "graph"

AdjDocument  *adj_window_get_document   (AdjWindow *self);
/* The recovery copy kept of this window's document. Borrowed. */
AdjRecovery  *adj_window_get_recovery   (AdjWindow *self);
AdjGraphView *adj_window_get_graph_view (AdjWindow *self);
/* The training lab (an AdjTrainLab), or NULL until the Train page is first shown: it is made
 * then, so a lesson never pays for it. Borrowed. The other children are the template's:
 * gtk_widget_get_template_child (window, ADJ_TYPE_WINDOW, "stack"), "caption", … */
GtkWidget    *adj_window_get_lab (AdjWindow *self);

/* Exports what @what names to @path (the format from its ending): "step", the current
 * position as the canvas shows it (PNG, SVG or PDF); "all", every position as one PDF page
 * each, with the lesson's captions (slides and handouts); "loss", the lab's loss plot.
 * The same drawing as `adjoint export`. FALSE with @error on failure. */
gboolean adj_window_export (AdjWindow *self, const char *path, const char *what, GError **error);

G_END_DECLS
