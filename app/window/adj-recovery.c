/* adj-recovery.c: recovery copies of unsaved documents, written atomically a moment after each
 * edit, locked while their process lives, and found again after it died. */
#define _DEFAULT_SOURCE   /* flock() and O_CLOEXEC under -std=c17 */
#include "app/window/adj-recovery.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define FORMAT_NAME "adjoint-recovery"
#define COPY_SUFFIX ".json"
#define LOCK_SUFFIX ".lock"

struct _AdjRecovery
{
  AdjDocument *document;   /* owned */
  char        *path;       /* the copy, once there is one */
  int          lock;       /* the copy's lock file, held; -1 before the first copy */
  guint        timer;
  gint64       due;        /* monotonic time by which the pending edit must be written; 0 */
};

char *
adj_recovery_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "adjoint", "recovery", NULL);
}

/* "…/ID.lock" for the copy "…/ID.json". */
static char *
lock_path (const char *copy)
{
  g_autofree char *stem = g_strndup (copy, strlen (copy) - strlen (COPY_SUFFIX));
  return g_strconcat (stem, LOCK_SUFFIX, NULL);
}

/* Opens and locks @copy's lock file: the fd, or -1 when another process holds it. A lock held
 * with flock() goes with the process, however it ends (SIGKILL too). */
static int
take_lock (const char *copy)
{
  g_autofree char *path = lock_path (copy);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

/* Removes @path's copy, then its lock file, and lets the lock go. */
static void
delete_copy (char **path, int *lock)
{
  if (*path)
    {
      g_autofree char *lock_file = lock_path (*path);
      g_unlink (*path);
      g_unlink (lock_file);
    }
  if (*lock >= 0)
    close (*lock);
  *lock = -1;
  g_clear_pointer (path, g_free);
}

/* ---- writing ----------------------------------------------------------------------------- */

/* The copy's text: a small JSON object around the graph file's text, so the file it belongs to
 * and its format travel with it. */
static char *
copy_text (AdjDocument *document, gsize *length)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *data = adj_document_dup_data (document, NULL);
  GFile *file = adj_document_get_file (document);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FORMAT_NAME);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "written");
  json_builder_add_int_value (b, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, adj_document_get_title (document));
  if (file)
    {
      /* A URI: a file name need not be UTF-8, a JSON string must. */
      g_autofree char *uri = g_file_get_uri (file);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, uri);
    }
  json_builder_set_member_name (b, "plain-text");
  json_builder_add_boolean_value (b, adj_document_get_plain_text (document));
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, data);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, length);
}

static gboolean
write_copy (AdjRecovery *self, GError **error)
{
  g_autofree char *dir = adj_recovery_dir ();
  g_autofree char *text = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "cannot make %s: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  /* The lock first: a copy without a held lock is an orphan to any other process. */
  if (self->path == NULL)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *name = g_strconcat (id, COPY_SUFFIX, NULL);
      self->path = g_build_filename (dir, name, NULL);
      self->lock = take_lock (self->path);
      if (self->lock < 0)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot lock %s", self->path);
          g_clear_pointer (&self->path, g_free);
          return FALSE;
        }
    }
  text = copy_text (self->document, &length);
  /* A temporary file renamed over the copy, synced: a kill or a power cut leaves the old copy
   * or the new one, never half of one. */
  return g_file_set_contents_full (self->path, text, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static gboolean
timer_cb (gpointer data)
{
  AdjRecovery *self = data;

  self->timer = 0;
  adj_recovery_flush (self);
  return G_SOURCE_REMOVE;
}

static void
changed_cb (AdjDocument *document, AdjRecovery *self)
{
  const gint64 now = g_get_monotonic_time ();
  gint64 delay;

  if (!adj_document_get_modified (document))
    return;
  if (self->due == 0)
    self->due = now + ADJ_RECOVERY_MAX_MS * 1000;
  delay = MIN ((gint64) ADJ_RECOVERY_DELAY_MS * 1000, self->due - now);
  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add ((guint) MAX (delay / 1000, 0), timer_cb, self);
}

static void
modified_cb (AdjDocument *document, GParamSpec *pspec, AdjRecovery *self)
{
  /* Saved, or replaced by a file just opened: nothing unsaved to keep. */
  if (!adj_document_get_modified (document))
    adj_recovery_discard (self);
}

/* ---- the public API ---------------------------------------------------------------------- */

AdjRecovery *
adj_recovery_new (AdjDocument *document)
{
  AdjRecovery *self = g_new0 (AdjRecovery, 1);

  self->document = g_object_ref (document);
  self->lock = -1;
  g_signal_connect (document, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect (document, "notify::modified", G_CALLBACK (modified_cb), self);
  return self;
}

void
adj_recovery_free (AdjRecovery *self)
{
  if (self == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->lock >= 0)
    close (self->lock);
  g_free (self->path);
  g_object_unref (self->document);
  g_free (self);
}

void
adj_recovery_discard (AdjRecovery *self)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  self->due = 0;
  delete_copy (&self->path, &self->lock);
}

void
adj_recovery_flush (AdjRecovery *self)
{
  g_autoptr (GError) error = NULL;

  if (self->due == 0)
    return;
  g_clear_handle_id (&self->timer, g_source_remove);
  self->due = 0;
  if (!adj_document_get_modified (self->document))
    return;
  /* Nowhere to say it but the log: the edit itself is in the window, and the next one tries
   * again. */
  if (!write_copy (self, &error))
    g_message ("could not keep a recovery copy: %s", error->message);
}

const char *
adj_recovery_get_path (AdjRecovery *self)
{
  return self->path;
}

/* ---- finding and restoring --------------------------------------------------------------- */

void
adj_recovered_free (AdjRecovered *r)
{
  if (r == NULL)
    return;
  if (r->lock >= 0)
    close (r->lock);
  g_free (r->path);
  g_free (r->title);
  g_clear_object (&r->file);
  g_free (r->data);
  g_free (r);
}

void
adj_recovered_delete (AdjRecovered *r)
{
  delete_copy (&r->path, &r->lock);
}

/* Reads the copy at @path (its lock held as @lock); NULL when it is not one. */
static AdjRecovered *
read_copy (const char *path, int lock)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (AgGraphFile) check = NULL;
  JsonObject *o;
  AdjRecovered *r;
  const char *document;

  if (!json_parser_load_from_mapped_file (parser, path, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  o = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (o, "format", ""), FORMAT_NAME) != 0 ||
      json_object_get_int_member_with_default (o, "version", 0) != 1)
    return NULL;
  document = json_object_get_string_member_with_default (o, "document", NULL);
  if (document == NULL || (check = ag_graph_file_load_from_data (document, strlen (document), NULL)) == NULL)
    return NULL;
  r = g_new0 (AdjRecovered, 1);
  r->path = g_strdup (path);
  r->lock = lock;
  r->title = g_strdup (json_object_get_string_member_with_default (o, "title", "Untitled"));
  if (json_object_has_member (o, "file"))
    r->file = g_file_new_for_uri (json_object_get_string_member_with_default (o, "file", ""));
  r->plain_text = json_object_get_boolean_member_with_default (o, "plain-text", FALSE);
  r->written = json_object_get_int_member_with_default (o, "written", 0);
  r->data = g_strdup (document);
  r->length = strlen (document);
  return r;
}

static int
by_time (gconstpointer a, gconstpointer b)
{
  const AdjRecovered *x = *(AdjRecovered *const *) a, *y = *(AdjRecovered *const *) b;
  return (x->written > y->written) - (x->written < y->written);
}

GPtrArray *
adj_recovery_find (void)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) adj_recovered_free);
  g_autofree char *dir_path = adj_recovery_dir ();
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      AdjRecovered *r;
      int lock;

      if (!g_str_has_suffix (name, COPY_SUFFIX))
        continue;   /* lock files, and the temporary file of a write cut short */
      path = g_build_filename (dir_path, name, NULL);
      lock = take_lock (path);
      if (lock < 0)
        continue;   /* a running Adjoint keeps it */
      r = read_copy (path, lock);
      if (r)
        g_ptr_array_add (found, r);
      else
        close (lock);
    }
  g_ptr_array_sort (found, by_time);
  return found;
}

gboolean
adj_recovery_restore (AdjRecovery *self, AdjRecovered *r, GError **error)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  self->due = 0;
  if (!adj_document_load_recovered (self->document, r->data, r->length, r->file,
                                    g_str_equal (r->title, "Untitled") ? NULL : r->title,
                                    r->plain_text, error))
    return FALSE;
  /* Loading cleared the old document's copy, if it had one; @r's copy is this one's now, so a
   * second crash still finds it. */
  delete_copy (&self->path, &self->lock);
  self->path = g_steal_pointer (&r->path);
  self->lock = r->lock;
  r->lock = -1;
  g_clear_handle_id (&self->timer, g_source_remove);
  self->due = 0;
  return TRUE;
}
