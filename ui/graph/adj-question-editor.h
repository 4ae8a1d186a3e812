/* adj-question-editor.h: the popover a lecturer writes the questions of a step in (template
 * data/ui/adj-question-editor.ui; issue 16): the questions already asked at the player's
 * position, each with a remove button; a kind (those the step cannot ask say why), an optional
 * prompt, and "Add question". It edits the document (adj_document_add_question() and
 * friends), so Save writes what it adds and exercise mode asks it. */
#pragma once

#include <gtk/gtk.h>
#include "ui/graph/adj-document.h"

G_BEGIN_DECLS

#define ADJ_TYPE_QUESTION_EDITOR (adj_question_editor_get_type ())
G_DECLARE_FINAL_TYPE (AdjQuestionEditor, adj_question_editor, ADJ, QUESTION_EDITOR, GtkPopover)

GtkWidget *adj_question_editor_new (void);
/* Edits @document's questions (may be NULL), at its player position. */
void       adj_question_editor_set_document (AdjQuestionEditor *self, AdjDocument *document);
/* Reads the document again (done on show, and on each change while shown). */
void       adj_question_editor_refresh (AdjQuestionEditor *self);

G_END_DECLS
