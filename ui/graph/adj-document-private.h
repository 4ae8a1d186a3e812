/* adj-document-private.h: the document's state, for its own files (adj-document.c,
 * adj-document-captions.c, adj-document-questions.c) and no one else: what they may touch beyond
 * the public API (adj-document.h). */
#pragma once

#include "ui/graph/adj-document.h"
#include "ui/graph/adj-document-fold.h"

G_BEGIN_DECLS

struct _AdjDocument
{
  GObject     parent_instance;

  /* owned */
  AgGraphFile *doc;          /* the file's contents: program, positions, captions, view */
  GFile      *file;
  char       *display_name; /* the file's base name, or NULL */
  AgGraph    *graph;        /* the last good graph, run */
  AgTrace    *trace;
  GPtrArray  *anchors;      /* the captions' names of the trace's positions, or NULL (forward
                             * mode, a replayed training step): captions follow their steps */
  gboolean    legacy_captions; /* an old file's step-number captions await its own trace */
  AdjLayout  *layout;
  AdjFoldState fold;        /* folded calls: the unfolded run the trace is folded from */
  GError     *error;        /* why the current text does not build */
  char       *run_note;     /* why backward could not run */

  guint       step;
  guint       phase_start;
  AdjMode     mode;
  AgId        tangent_wrt;
  guint       tangent_element;
  AgId        selected;
  gboolean    modified;
  guint       layout_serial; /* counts layouts, so observers notice a new one */
  guint       layout_epoch;  /* counts changes a layout is made from besides the graph: folded
                              * calls, the text size */
  guint       shown_epoch;   /* layout_epoch when the layout on show was made */
  guint       refold_raw_done; /* STEP_REFOLD's unfolded steps done, for a call toggled on a
                                * worker */
  double     *moved_from;    /* where the layout's nodes were before the edit that made it
                              * (adj_document_moved_from()), or NULL */
  double      font_scale;    /* the canvas's text size, that layouts measure boxes for */
  gboolean    view_fresh;    /* the file's saved view has not been taken yet */
  gboolean    replaying;     /* the trace is a recorded training step, not the program's run */
  gboolean    plain_text;    /* the file was program text, not a graph file: saved back as text */

  /* evaluation on a worker (heavy programs only, see ADJ_DOCUMENT_INLINE_COST) */
  guint         generation;   /* counts evaluations asked for: an older one's result is dropped */
  GCancellable *cancellable;  /* the one in flight, or NULL */
  gboolean      busy;         /* property :busy: an evaluation or a layout is in flight */
  gboolean      laying_out;   /* the one in flight is a layout (adj-document-layout.c) */
};

/* Marks the document modified (:modified, ::changed). */
void         adj_document_mark_modified (AdjDocument *self);

/* The file's contents to edit, or NULL while a recorded training step is on show (its trace is
 * not the program's, so nothing may be anchored to it). */
AgGraphFile *adj_document_edit_file_data (AdjDocument *self);
/* After an edit of doc->questions: marks the document modified (::changed) and emits
 * ::questions-changed. */
void         adj_document_questions_edited (AdjDocument *self);

G_END_DECLS
