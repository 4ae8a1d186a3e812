/* file.c: reading a file a user names, bounded; replacing one whole (see file.h). */
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

/* ---- replacing a file whole ------------------------------------------------------------ */

struct _AgFileReplace {
  char    *path;       /* as the caller named it: messages name it */
  char    *target;     /* the end of its symlink chain: what is replaced */
  char    *temp;       /* beside the target; NULL when writing straight to a device or FIFO */
  int      fd;         /* the temporary file's (read back when in place), or the device's */
  gboolean in_place;   /* several hard links: the checked copy is copied over the target */
  guint64  old_size;   /* the target's, when in place */
  guint64  written;
  int      failed;     /* errno of the first failed write; 0 while all went well */
};

static struct {
  gboolean        armed;
  AgFileFailStage stage;
  gsize           after;
  int             error_number;
} fail_next;

void
ag_file_replace_fail_next (AgFileFailStage stage, gsize after_bytes, int error_number)
{
  fail_next.armed = TRUE;
  fail_next.stage = stage;
  fail_next.after = after_bytes;
  fail_next.error_number = error_number;
}

/* TRUE (once) when a test asked @stage to fail; errno is then what it asked for. */
static gboolean
injected (AgFileFailStage stage)
{
  if (!fail_next.armed || fail_next.stage != stage)
    return FALSE;
  fail_next.armed = FALSE;
  errno = fail_next.error_number;
  return TRUE;
}

/* Why writing failed, in words that say what to do; @folder is where the temporary file was
 * made (NULL: the failure was the file's own). */
static void
set_write_error (GError **error, const char *path, int errsv, const char *folder)
{
  g_autofree char *reason = NULL;

  switch (errsv)
    {
    case ENOSPC:
      reason = g_strdup ("no space left on the device; free some space or choose another place");
      break;
#ifdef EDQUOT
    case EDQUOT:
      reason = g_strdup ("your disk quota is used up; free some space or choose another place");
      break;
#endif
    case EACCES:
    case EPERM:
      reason = folder ? g_strdup_printf ("permission denied: you may not write in the folder %s",
                                         folder)
                      : g_strdup ("permission denied: you may not change this file");
      break;
    case ENOENT:
    case ENOTDIR:
      reason = g_strdup_printf ("no such folder: %s (%s)", folder ? folder : path,
                                g_strerror (errsv));
      break;
    case EROFS:
      reason = g_strdup ("the device is read-only; choose another place");
      break;
    case EFBIG:
      reason = g_strdup ("the file would be larger than this system lets a file be");
      break;
    case EIO:
      reason = g_strdup ("the device reported an input/output error (is it unplugged or "
                         "failing?)");
      break;
    case ELOOP:
      reason = g_strdup ("its symbolic links form a loop");
      break;
    case EISDIR:
      reason = g_strdup ("it is a folder, not a file");
      break;
    default:
      reason = g_strdup (g_strerror (errsv));
      break;
    }
  ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0, "could not write %s: %s", path, reason);
}

/* The end of @path's chain of symbolic links, which need not exist yet (writing through a
 * dangling link creates its target, as the shell's `>` does). NULL on a loop. */
static char *
resolve_links (const char *path)
{
  g_autofree char *at = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)   /* the kernel's own bound, MAXSYMLINKS */
    {
      struct stat st;
      g_autofree char *link = NULL, *dir = NULL;

      if (lstat (at, &st) != 0 || !S_ISLNK (st.st_mode)
          || (link = g_file_read_link (at, NULL)) == NULL)
        return g_steal_pointer (&at);
      dir = g_path_get_dirname (at);
      g_free (at);
      at = g_path_is_absolute (link) ? g_steal_pointer (&link)
                                     : g_build_filename (dir, link, NULL);
    }
  return NULL;
}

/* A device or a FIFO (`-o /dev/stdout`) cannot be replaced: its bytes go straight to it. */
static AgFileReplace *
begin_straight (const char *path, GError **error)
{
  AgFileReplace *r;
  int fd = injected (AG_FILE_FAIL_CREATE) ? -1
         : g_open (path, O_WRONLY | O_CLOEXEC | O_NONBLOCK, 0);   /* a FIFO without reader */

  if (fd < 0)
    {
      set_write_error (error, path, errno, NULL);
      return NULL;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  r = g_new0 (AgFileReplace, 1);
  r->path = g_strdup (path);
  r->target = g_strdup (path);
  r->fd = fd;
  return r;
}

AgFileReplace *
ag_file_replace_begin (const char *path, GError **error)
{
  g_autofree char *target = NULL, *dir = NULL, *base = NULL, *name = NULL, *temp = NULL;
  AgFileReplace *r;
  struct stat st;
  gboolean exists;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  exists = stat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    {
      set_write_error (error, path, EISDIR, NULL);
      return NULL;
    }
  if (exists && !S_ISREG (st.st_mode))
    return begin_straight (path, error);
  target = resolve_links (path);
  if (target == NULL)
    {
      set_write_error (error, path, ELOOP, NULL);
      return NULL;
    }
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  /* Hidden, and short enough for any name's temporary to fit NAME_MAX. */
  name = g_strdup_printf (".%.200s.XXXXXX", base);
  temp = g_build_filename (dir, name, NULL);
  fd = injected (AG_FILE_FAIL_CREATE) ? -1
     : g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, exists ? st.st_mode & 0777 : 0666);
  if (fd < 0)
    {
      set_write_error (error, path, errno, dir);
      return NULL;
    }
  if (exists)
    {
      /* The replacement keeps the file's mode exactly (mkstemp's is less the umask), and its
       * owner when we may give it (root saving someone's file); otherwise it becomes ours,
       * as any editor's save does. */
      fchmod (fd, st.st_mode & 07777);
      if ((st.st_uid != geteuid () || st.st_gid != getegid ())
          && fchown (fd, st.st_uid, st.st_gid) != 0)
        { /* not ours to give: the copy stays ours */ }
    }
  r = g_new0 (AgFileReplace, 1);
  r->path = g_strdup (path);
  r->target = g_steal_pointer (&target);
  r->temp = g_steal_pointer (&temp);
  r->fd = fd;
  r->in_place = exists && st.st_nlink > 1;
  r->old_size = exists ? (guint64) st.st_size : 0;
  return r;
}

gboolean
ag_file_replace_write (AgFileReplace *r, const void *data, gsize length)
{
  const char *p = data;

  g_return_val_if_fail (r != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  while (length > 0 && r->failed == 0)
    {
      gsize chunk = MIN (length, (gsize) G_MAXSSIZE);
      gssize n;

      if (fail_next.armed && fail_next.stage == AG_FILE_FAIL_WRITE)
        chunk = MIN (chunk, fail_next.after - MIN (fail_next.after, r->written));
      n = chunk == 0 && injected (AG_FILE_FAIL_WRITE) ? -1 : write (r->fd, p, chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        r->failed = errno;
      else
        {
          p += n;
          length -= (gsize) n;
          r->written += (guint64) n;
        }
    }
  return r->failed == 0;
}

static void
replace_free (AgFileReplace *r)
{
  if (r->fd >= 0)
    g_close (r->fd, NULL);
  g_free (r->path);
  g_free (r->target);
  g_free (r->temp);
  g_free (r);
}

void
ag_file_replace_abort (AgFileReplace *r, GError **error)
{
  g_return_if_fail (r != NULL);

  if (r->failed != 0)
    {
      g_autofree char *dir = g_path_get_dirname (r->target);
      set_write_error (error, r->path, r->failed, r->temp ? dir : NULL);
    }
  if (r->temp)
    g_unlink (r->temp);
  replace_free (r);
}

/* Copies bytes [@from, @to) of the checked copy over the target's. Returns 0 or an errno. */
static int
copy_range (int in, int out, guint64 from, guint64 to)
{
  char buf[65536];

  while (from < to)
    {
      gssize n = pread (in, buf, (size_t) MIN ((guint64) sizeof buf, to - from), (off_t) from);
      gssize done = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return n < 0 ? errno : EIO;
      while (done < n)
        {
          gssize m = pwrite (out, buf + done, (size_t) (n - done), (off_t) (from + done));
          if (m < 0 && errno == EINTR)
            continue;
          if (m <= 0)
            return m < 0 ? errno : EIO;
          done += m;
        }
      from += (guint64) n;
    }
  return 0;
}

/* A file with several names: renaming would give only this name the new bytes, so they are
 * copied over the target from the synced copy. The part past the old end goes first, so a
 * full disk is found while the old bytes are still whole (and the file is cut back); past
 * that, overwriting blocks the file already has needs no space. *@touched says whether the
 * target's old bytes were reached. Returns 0 or an errno. */
static int
copy_in_place (AgFileReplace *r, gboolean *touched)
{
  int out = g_open (r->target, O_WRONLY | O_CLOEXEC, 0), errsv;

  *touched = FALSE;
  if (out < 0)
    return errno;
  errsv = injected (AG_FILE_FAIL_IN_PLACE) ? errno
        : copy_range (r->fd, out, MIN (r->old_size, r->written), r->written);
  if (errsv != 0)
    {
      if (ftruncate (out, (off_t) r->old_size) != 0)
        *touched = TRUE;
      g_close (out, NULL);
      return errsv;
    }
  *touched = TRUE;
  errsv = copy_range (r->fd, out, 0, MIN (r->old_size, r->written));
  if (errsv == 0 && ftruncate (out, (off_t) r->written) != 0)
    errsv = errno;
  if (errsv == 0 && fsync (out) != 0)
    errsv = errno;
  if (!g_close (out, NULL) && errsv == 0)
    errsv = EIO;
  return errsv;
}

/* Makes the rename itself durable: a crash right after it must not bring the old name back. */
static void
sync_folder (const char *target)
{
  g_autofree char *dir = g_path_get_dirname (target);
  int fd = g_open (dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY, 0);

  if (fd >= 0)
    {
      fsync (fd);   /* best effort: some file systems cannot sync a folder */
      g_close (fd, NULL);
    }
}

gboolean
ag_file_replace_commit (AgFileReplace *r, GError **error)
{
  g_autofree char *dir = NULL;
  gboolean touched = FALSE;
  int errsv = 0;

  g_return_val_if_fail (r != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (r->failed != 0)
    {
      ag_file_replace_abort (r, error);
      return FALSE;
    }
  dir = g_path_get_dirname (r->target);
  /* EINVAL: a FIFO or a terminal, which has nothing to sync. */
  if (injected (AG_FILE_FAIL_COMMIT) || (fsync (r->fd) != 0 && errno != EINVAL))
    errsv = errno;
  else if (r->in_place)
    errsv = copy_in_place (r, &touched);
  if (errsv == 0 && !g_close (r->fd, NULL))
    errsv = EIO;
  r->fd = -1;
  if (errsv == 0 && r->temp && !r->in_place && g_rename (r->temp, r->target) != 0)
    errsv = errno;

  if (errsv != 0 && touched)
    {
      /* The old bytes are partly overwritten: the whole new ones stay in the copy. */
      g_autoptr (GError) local = NULL;
      set_write_error (&local, r->path, errsv, NULL);
      ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0, "%s; its new contents are whole in %s",
                       local->message, r->temp);
      g_clear_pointer (&r->temp, g_free);
    }
  else if (errsv != 0)
    set_write_error (error, r->path, errsv, r->in_place ? NULL : dir);
  if (r->temp && (errsv != 0 || r->in_place))
    g_unlink (r->temp);
  else if (r->temp)
    sync_folder (r->target);
  replace_free (r);
  return errsv == 0;
}

gboolean
ag_file_replace_contents (const char *path, const void *data, gsize length, GError **error)
{
  AgFileReplace *r = ag_file_replace_begin (path, error);

  if (r == NULL)
    return FALSE;
  ag_file_replace_write (r, data, length);
  return ag_file_replace_commit (r, error);
}
