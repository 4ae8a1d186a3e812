/* adj-inspector.h: the side panel that explains the selected node at the player's step: its
 * role and expression, shape, value, adjoint, local derivatives and the chain-rule sum with the
 * numbers filled in, and a numerical gradient check.
 *
 *   GtkWidget *inspector = adj_inspector_new ();
 *   adj_inspector_set_document (ADJ_INSPECTOR (inspector), document);
 *
 * It follows the document's :selected, :step and :mode and its ::graph-changed signal; it never
 * changes the document (the gradient check restores the graph's values bit for bit). */
#pragma once

#include <gtk/gtk.h>
#include "ui/graph/adj-document-widget.h"

G_BEGIN_DECLS

#define ADJ_TYPE_INSPECTOR (adj_inspector_get_type ())
G_DECLARE_FINAL_TYPE (AdjInspector, adj_inspector, ADJ, INSPECTOR, AdjDocumentWidget)

/* A new inspector showing no document (only the hint to click a node). */
GtkWidget   *adj_inspector_new          (void);

/* Shows @document (may be NULL) and follows it (property :document). The inspector keeps a
 * reference until another document is set or the widget is disposed. */
void         adj_inspector_set_document (AdjInspector *self, AdjDocument *document);
/* The document shown, or NULL. Borrowed. */
AdjDocument *adj_inspector_get_document (AdjInspector *self);

/* Numbers for people (ag_format_human, the preference's significant digits) or, with
 * @exact, every number exact as files and --json write it (property :exact-values, action
 * "inspector.exact-values": the "Exact values" check box and the lines' context menus). */
void         adj_inspector_set_exact_values (AdjInspector *self, gboolean exact);
gboolean     adj_inspector_get_exact_values (AdjInspector *self);

/* Writes the panel again, the gradient check's table included, e.g. after the preference for
 * significant digits changed (ag_format_set_human_digits). */
void         adj_inspector_refresh          (AdjInspector *self);

/* Find the bug (issue 16): the gradient check judges the engine with @bug (an AgBug, through
 * ag_bug_check_gradients()) and says so, its ✗ rows the gradients it gets wrong; -1 for the
 * correct engine. Clears a check on show. */
void         adj_inspector_set_bug          (AdjInspector *self, int bug);

G_END_DECLS
