/* adj-recovery.h: recovery copies of unsaved documents in the user's state folder, so a crash,
 * a kill or a power cut loses at most the last seconds of editing; the next start offers them
 * back (see docs/design-notes.md, "Recovery copies"). */
#pragma once

#include "ui/graph/adj-document.h"

G_BEGIN_DECLS

/* A copy is written this long after the last edit, and never later than ADJ_RECOVERY_MAX_MS
 * after the first edit it does not hold yet (so typing without a pause is kept too). */
#define ADJ_RECOVERY_DELAY_MS 1000
#define ADJ_RECOVERY_MAX_MS   3000

/* g_get_user_state_dir()/adjoint/recovery. Owned by the caller. */
char *adj_recovery_dir (void);

/* Keeps a copy of one document. */
typedef struct _AdjRecovery AdjRecovery;

/* Watches @document: while it has unsaved changes a copy of it (the graph file's whole text,
 * with the file it belongs to) is kept in adj_recovery_dir(), written atomically; when the
 * document is saved (or replaced by another) the copy goes. The copy is locked while this
 * process keeps it, so another Adjoint never offers it. */
AdjRecovery *adj_recovery_new      (AdjDocument *document);
/* Stops watching. A copy stays on disk, for the next start to offer: only saving or
 * adj_recovery_discard() loses it. NULL-safe. */
void         adj_recovery_free     (AdjRecovery *self);
/* The user chose to lose the unsaved changes: removes the copy. */
void         adj_recovery_discard  (AdjRecovery *self);
/* Writes the copy now when one is due (the tests; a window about to go). */
void         adj_recovery_flush    (AdjRecovery *self);
/* The copy on disk (borrowed), or NULL when there is none. */
const char  *adj_recovery_get_path (AdjRecovery *self);

/* A copy that no running Adjoint keeps: what a crashed or killed one left. */
typedef struct {
  char    *path;        /* the copy */
  char    *title;       /* the document's title when the copy was written */
  GFile   *file;        /* the file it belongs to, or NULL when it was never saved */
  gboolean plain_text;  /* that file is program text */
  gint64   written;     /* when, in seconds since 1970 */
  char    *data;        /* the graph file's text */
  gsize    length;
  int      lock;        /* held until freed or restored, so one start takes it */
} AdjRecovered;

/* The copies left behind, oldest first (AdjRecovered, freed with the array). Copies another
 * running Adjoint keeps are not listed; unreadable ones are left alone. */
GPtrArray *adj_recovery_find     (void);
void       adj_recovered_free    (AdjRecovered *recovered);
/* Deletes the copy (the user discarded it). */
void       adj_recovered_delete  (AdjRecovered *recovered);
/* Loads @recovered into @self's document as an unsaved document; its copy becomes @self's
 * (and @self's own, if any, goes). FALSE with @error when the text no longer loads. */
gboolean   adj_recovery_restore  (AdjRecovery *self, AdjRecovered *recovered, GError **error);

G_END_DECLS
