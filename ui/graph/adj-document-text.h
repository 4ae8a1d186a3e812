/* adj-document-text.h: the document's program text as a file and as lines (GLib only; moved
 * out of adj-document.c, which reads and writes through them): a plain-text program beside
 * graph files, and a position in the text. */
#pragma once

#include <glib.h>
#include "core/graph-file.h"

G_BEGIN_DECLS

/* The reader's rule (core/graph-file-read.c): after a byte-order mark and blanks, a graph file
 * starts with '{'; anything else is a program saved as plain text. */
gboolean     adj_document_text_is_program (const char *data, gsize length);
/* ag_graph_file_load_from_data() of the file at @path (read with the graph-file limit), also
 * saying in @plain whether it was plain program text. NULL with @error when it cannot. */
AgGraphFile *adj_document_text_load       (const char *path, gboolean *plain, GError **error);
/* Byte offset of 1-based (@line, @col) in @text, counting columns in characters; -1 past the
 * text or its line. */
gssize       adj_document_text_offset     (const char *text, guint line, guint col);

G_END_DECLS
