/* adj-document-widget.h: the base of the graph page's panels that show one AdjDocument and
 * follow it (the inspector, the timeline). It holds the document in property :document and
 * keeps the handlers a subclass put in its signal group connected to whichever document is
 * shown, so each panel only says what to redraw.
 *
 *   static void my_panel_init (MyPanel *self)
 *   {
 *     GSignalGroup *signals = adj_document_widget_get_signals (ADJ_DOCUMENT_WIDGET (self));
 *     g_signal_group_connect_swapped (signals, "notify::step", G_CALLBACK (refresh), self);
 *   }
 */
#pragma once

#include <gtk/gtk.h>
#include "ui/graph/adj-document.h"

G_BEGIN_DECLS

#define ADJ_TYPE_DOCUMENT_WIDGET (adj_document_widget_get_type ())
G_DECLARE_DERIVABLE_TYPE (AdjDocumentWidget, adj_document_widget, ADJ, DOCUMENT_WIDGET, GtkWidget)

struct _AdjDocumentWidgetClass
{
  GtkWidgetClass parent_class;

  /* Called after another document (or NULL) is set, to show it. */
  void (*document_set) (AdjDocumentWidget *self);

  gpointer padding[4];
};

/* Shows @document (may be NULL): keeps a reference until another is set or the widget is
 * disposed, moves the signal group to it, calls document_set and notifies :document. */
void          adj_document_widget_set_document (AdjDocumentWidget *self, AdjDocument *document);
/* The document shown, or NULL. Borrowed. */
AdjDocument  *adj_document_widget_get_document (AdjDocumentWidget *self);
/* The group whose handlers are connected to the document shown: connect them once, in init. */
GSignalGroup *adj_document_widget_get_signals  (AdjDocumentWidget *self);

G_END_DECLS
