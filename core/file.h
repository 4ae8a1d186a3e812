/* file.h: reading a file a user names, bounded and never blocking on open; replacing one whole. */
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

/* Writing a file so that it is either the old one or the new one, never a mix: the bytes go
 * to a temporary file beside the target, which replaces the target when all were written and
 * synced (docs/design-notes.md, "What a crash, a kill and a full disk do"). A symlink is
 * written through (the end of its chain is replaced and the link stays); an existing file
 * keeps its mode; a file with several hard links, or one that is not a regular file (a
 * device, a FIFO), is written in place so every name sees the new bytes. Errors are
 * AG_ERROR_IO, name the path and say why in words a person acts on ("no space left on the
 * device", "permission denied", "no such folder"). */
typedef struct _AgFileReplace AgFileReplace;

/* Opens the temporary file for @path, or returns NULL with the reason. */
AgFileReplace *ag_file_replace_begin    (const char *path, GError **error);
/* Appends @length bytes. Returns FALSE when they could not be written; the reason is kept for
 * ag_file_replace_commit() or ag_file_replace_abort(), and later writes do nothing. */
gboolean       ag_file_replace_write    (AgFileReplace *replace, const void *data, gsize length);
/* Syncs the new bytes and puts them in place; frees @replace. On failure the target is as it
 * was and the temporary file is gone. */
gboolean       ag_file_replace_commit   (AgFileReplace *replace, GError **error);
/* Removes the temporary file and frees @replace, leaving the target as it was; sets @error
 * (may be NULL) only when a write had failed, to why. */
void           ag_file_replace_abort    (AgFileReplace *replace, GError **error);
/* All of the above for bytes already in memory. */
gboolean       ag_file_replace_contents (const char *path, const void *data, gsize length,
                                         GError **error);

/* For tests: the next ag_file_replace_begin() (AG_FILE_FAIL_CREATE), write after
 * @after_bytes bytes (AG_FILE_FAIL_WRITE, the bytes before are written), commit
 * (AG_FILE_FAIL_COMMIT) or, for a file with several hard links, the extending of the file
 * when it is written in place (AG_FILE_FAIL_IN_PLACE) fails with @error_number, as a device
 * reporting it would. Once. */
typedef enum {
  AG_FILE_FAIL_CREATE,
  AG_FILE_FAIL_WRITE,
  AG_FILE_FAIL_COMMIT,
  AG_FILE_FAIL_IN_PLACE,
} AgFileFailStage;
void           ag_file_replace_fail_next (AgFileFailStage stage, gsize after_bytes,
                                          int error_number);

G_END_DECLS
