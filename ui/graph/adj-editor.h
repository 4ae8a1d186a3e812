/* adj-editor.h: the program editor: a source view with Adjoint's highlighting, and below it a
 * bar that shows why the program does not build, with the place underlined in the text.
 *
 *   GtkWidget *editor = adj_editor_new ();
 *   adj_editor_set_text (ADJ_EDITOR (editor), program);       // silent: no ::changed
 *   g_signal_connect (editor, "changed", G_CALLBACK (rebuild_cb), doc);
 *   ...
 *   adj_editor_show_error (ADJ_EDITOR (editor), 2, 7, 1, "2:7: expected an expression after '+'");
 *
 * Lines and columns are 1-based and count characters, not bytes, as the parser's do. */
#pragma once

#include <gtk/gtk.h>
#include "ui/graph/adj-document.h"
#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define ADJ_TYPE_EDITOR (adj_editor_get_type ())
G_DECLARE_FINAL_TYPE (AdjEditor, adj_editor, ADJ, EDITOR, GtkWidget)

/* A new, empty editor. Signal ::changed (no arguments) is emitted once the user stops typing
 * (about 150 ms after the last edit), never for adj_editor_set_text(). */
GtkWidget *adj_editor_new (void);

/* Replaces the text without emitting ::changed, as one action that cannot be undone (the undo
 * history starts here), and puts the cursor at the start. A shown error stays shown (only
 * show_error and clear_error change it), its underline re-placed in the new text. */
void  adj_editor_set_text (AdjEditor *self, const char *text);
/* The whole text. Owned by the caller. */
char *adj_editor_dup_text (AdjEditor *self);
/* Emits a pending ::changed now instead of when the debounce runs out; does nothing when no
 * edit is pending. Call it before reading the text for a save. */
void  adj_editor_flush    (AdjEditor *self);

/* Underlines @length characters from @line:@col (at least one; the last character of the line
 * when the place is at its end) and shows @message in the error bar. @line 0 means no place:
 * only the bar. Places outside the text are clamped to it. Replaces the previous error. */
void        adj_editor_show_error         (AdjEditor *self, guint line, guint col, guint length,
                                           const char *message);
/* Removes the underline and hides the bar. */
void        adj_editor_clear_error        (AdjEditor *self);
/* Whether the error bar is shown. */
gboolean    adj_editor_get_error_visible  (AdjEditor *self);
/* The message the bar shows, or NULL when there is none. Borrowed: valid until the next
 * show_error / clear_error. */
const char *adj_editor_get_error_message  (AdjEditor *self);

/* Selects @length characters from @line:@col (clamped like show_error) and scrolls to them,
 * e.g. the source of a node the user clicked on the canvas. */
void adj_editor_select_span (AdjEditor *self, guint line, guint col, guint length);

/* Tints line @line (1-based; 0 for none) as the current step's statement and scrolls it into
 * view when it is off screen (not while the editor has the focus). */
void  adj_editor_show_step_line (AdjEditor *self, guint line);
guint adj_editor_get_step_line  (AdjEditor *self);
/* Shows the statement of @document's current step: the consumer's for a backward or tangent
 * step (whose local derivative it applies), the node's own otherwise; none at step 0. */
void  adj_editor_follow_step    (AdjEditor *self, AdjDocument *document);
/* High contrast (the window's theme): the editor's colours reach 7:1 instead of 4.5:1. Light
 * or dark follows the application's dark preference by itself. */
void     adj_editor_set_high_contrast (AdjEditor *self, gboolean high_contrast);
gboolean adj_editor_get_high_contrast (AdjEditor *self);
/* The editor's style scheme (data/styles/) for a light or dark, normal or high-contrast
 * window: Adjoint's own colours, whose every text colour reaches 4.5:1 (7:1 in high
 * contrast) on every background text sits on. Borrowed; NULL only if the bundle is broken. */
GtkSourceStyleScheme *adj_editor_lookup_scheme (gboolean dark, gboolean high_contrast);

/* The text buffer. Borrowed: valid as long as @self. */
GtkSourceBuffer *adj_editor_get_buffer (AdjEditor *self);

G_END_DECLS
