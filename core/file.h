/* file.h: reading a file a user names, bounded and never blocking on open. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

/* Reads @path whole, but never more than @max_bytes + 1 bytes: a larger file is refused before
 * it is read (a regular file) or as soon as it passes the bound (a pipe or a device that never
 * ends), so nothing can exhaust memory. A FIFO nobody writes to does not block the open.
 * @what names the kind of file in messages ("a dataset", "a graph file"), and @max_bytes should
 * be a whole number of MiB. Returns the contents (owned by the caller; not NUL-terminated) and
 * sets *@length, or NULL with AG_ERROR_IO (cannot open or read, a folder) or AG_ERROR_LIMIT. */
char *ag_file_read_bounded (const char *path, gsize max_bytes, const char *what, gsize *length,
                            GError **error);
/* The same from standard input, read from where it stands and left open; messages call it
 * "standard input" ("standard input is longer than 8388608 bytes (8 MiB), the most a graph
 * file holds": reading stops at the bound, so its full length is never known). */
char *ag_file_read_stdin_bounded (gsize max_bytes, const char *what, gsize *length,
                                  GError **error);

G_END_DECLS
