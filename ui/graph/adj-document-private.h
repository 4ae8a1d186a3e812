/* adj-document-private.h: what the document's other files (adj-document-questions.c) may touch
 * of it beyond its public API (adj-document.h). */
#pragma once

#include "ui/graph/adj-document.h"

G_BEGIN_DECLS

/* The file's contents to edit, or NULL while a recorded training step is on show (its trace is
 * not the program's, so nothing may be anchored to it). */
AgGraphFile *adj_document_edit_file_data (AdjDocument *self);
/* After an edit of doc->questions: marks the document modified (::changed) and emits
 * ::questions-changed. */
void         adj_document_questions_edited (AdjDocument *self);

G_END_DECLS
