/* file.c: reading a file a user names, bounded (see file.h). */
#define _POSIX_C_SOURCE 200809L   /* O_CLOEXEC, fstat, read: the project builds as plain C17 */

#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

char *
ag_file_read_bounded (const char *path, gsize max_bytes, const char *what, gsize *length,
                      GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0, capacity = MIN ((gsize) 65536, max_bytes + 1);
  struct stat st;
  int fd, saved_errno;

  g_return_val_if_fail (path != NULL && what != NULL && length != NULL, NULL);

  /* O_NONBLOCK only for the open: a FIFO nobody writes to would block it forever (a file
   * naming one must not freeze the window); reads then block as usual, and end at once. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd >= 0)
    fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  if (fd < 0)
    {
      saved_errno = errno;
      ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0, "could not open %s: %s", path,
                       g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_close (fd, NULL);
          ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0,
                           "could not open %s: it is a folder, not a file", path);
          return NULL;
        }
      if (S_ISREG (st.st_mode) && (guint64) st.st_size > (guint64) max_bytes)
        {
          g_close (fd, NULL);
          ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                           "%s is %" G_GUINT64_FORMAT " bytes long; %s holds at most "
                           "%" G_GSIZE_FORMAT " (%" G_GSIZE_FORMAT " MiB)", path,
                           (guint64) st.st_size, what, max_bytes, max_bytes >> 20);
          return NULL;
        }
      if (S_ISREG (st.st_mode))
        capacity = (gsize) st.st_size + 1;
    }
  contents = g_malloc (capacity);
  for (;;)
    {
      gssize n;

      if (len == capacity)
        {
          capacity = MIN (capacity * 2, max_bytes + 1);
          contents = g_realloc (contents, capacity);
        }
      n = read (fd, contents + len, capacity - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          g_close (fd, NULL);
          ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0, "could not read %s: %s", path,
                           g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      len += (gsize) n;
      if (len > max_bytes)
        {
          g_close (fd, NULL);
          ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                           "%s is longer than %" G_GSIZE_FORMAT " bytes (%" G_GSIZE_FORMAT
                           " MiB), the most %s holds", path, max_bytes, max_bytes >> 20, what);
          return NULL;
        }
    }
  g_close (fd, NULL);
  *length = len;
  return g_steal_pointer (&contents);
}
