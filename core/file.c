/* file.c: reading a file a user names, bounded (see file.h). */
#define _POSIX_C_SOURCE 200809L   /* O_CLOEXEC, fstat, read: the project builds as plain C17 */

#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads @fd (named @name in messages) to its end, bounded as file.h says; leaves it open. */
static char *
read_fd (int fd, const char *name, gsize max_bytes, const char *what, gsize *length,
         GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0, capacity = MIN ((gsize) 65536, max_bytes + 1);
  struct stat st;

  if (fstat (fd, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0,
                           "could not open %s: it is a folder, not a file", name);
          return NULL;
        }
      if (S_ISREG (st.st_mode) && (guint64) st.st_size > (guint64) max_bytes)
        {
          ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                           "%s is %" G_GUINT64_FORMAT " bytes long; %s holds at most "
                           "%" G_GSIZE_FORMAT " (%" G_GSIZE_FORMAT " MiB)", name,
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
          int saved_errno = errno;
          ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0, "could not read %s: %s", name,
                           g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      len += (gsize) n;
      /* Reading stops here, so the message gives the bound, not a length it never saw. */
      if (len > max_bytes)
        {
          ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                           "%s is longer than %" G_GSIZE_FORMAT " bytes (%" G_GSIZE_FORMAT
                           " MiB), the most %s holds", name, max_bytes, max_bytes >> 20, what);
          return NULL;
        }
    }
  *length = len;
  return g_steal_pointer (&contents);
}

char *
ag_file_read_bounded (const char *path, gsize max_bytes, const char *what, gsize *length,
                      GError **error)
{
  char *contents;
  int fd, saved_errno;

  g_return_val_if_fail (path != NULL && what != NULL && length != NULL, NULL);

  /* O_NONBLOCK only for the open: a FIFO nobody writes to would block it forever (a file
   * naming one must not freeze the window); reads then block as usual, and end at once. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0, "could not open %s: %s", path,
                       g_strerror (saved_errno));
      return NULL;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  contents = read_fd (fd, path, max_bytes, what, length, error);
  g_close (fd, NULL);
  return contents;
}

char *
ag_file_read_stdin_bounded (gsize max_bytes, const char *what, gsize *length, GError **error)
{
  g_return_val_if_fail (what != NULL && length != NULL, NULL);
  return read_fd (STDIN_FILENO, "standard input", max_bytes, what, length, error);
}
