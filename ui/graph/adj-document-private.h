/* adj-document-private.h: the document's state, for its own files (adj-document.c,
 * adj-document-captions.c, adj-document-questions.c, adj-document-layout.c) and no one else:
 * what they may touch beyond the public API (adj-document.h). */
#pragma once

#include "ui/graph/adj-document.h"
#include "ui/graph/adj-document-fold.h"
#include "ui/graph/adj-eval.h"

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

/* ---- adj-document-layout.c: the document's layouts (issue 19), made here for a small graph,
 * on a worker for a large one, so an edit never stalls the window on Graphviz ---------------- */

/* A node's key in the file's layout: its name while that name still means it, else "#id". */
char      *adj_document_node_key     (const AgGraph *g, AgId id);

/* Same nodes, ops, inputs, shapes and roles: a layout of @a fits @b (names may differ). */
gboolean   adj_document_same_structure (const AgGraph *a, const AgGraph *b);

/* Lays out @g as @doc folds it (its open calls) at @font_scale and puts the nodes the file
 * places where it says. An empty graph gets an empty layout without Graphviz, so the main
 * thread never waits on a worker's layout for one. Any thread, as long as nobody edits @g or
 * @doc meanwhile. Never NULL: a Graphviz failure is a bug, said as a critical, and draws
 * nothing. */
AdjLayout *adj_document_make_layout  (const AgGraph *g, const AgGraphFile *doc, double font_scale);
/* Moves @layout's nodes to where the user dragged them (@doc's positions). */
void       adj_document_place_nodes   (AdjLayout *layout, const AgGraph *g, const AgGraphFile *doc);

/* Where each node of @graph was drawn in @old_layout of @old_graph, as (x, y) of its box's
 * top-left corner per node (2 × n doubles), NAN for a node that is new (or was hidden). A node
 * is the same node when it has the same name, or, unnamed in both, the same id and op. NULL
 * when no node is the same (a new file, say). Owned by the caller. */
double    *adj_document_moved_from   (const AgGraph *old_graph, const AdjLayout *old_layout,
                                      const AgGraph *graph, const AdjLayout *layout);

/* Frees @graph, @layout and @trace (each owned, may be NULL): on a worker when they are large
 * (thousands of nodes, edges and steps take milliseconds to free, a frame's worth), else here. */
void       adj_document_free_later   (AgGraph *graph, AdjLayout *layout, AgTrace *trace);

/* How many unfolded steps position @step of the folded trace had done (@fs->origin maps each
 * shown step to the unfolded one it stands for), as adj_fold_state_refold() counts them; and
 * back, the position of the (re)folded trace of @n steps that has done @raw_done of them: a
 * call opened or folded on a worker keeps the player on what it showed. */
guint      adj_document_raw_done_at      (const AdjFoldState *fs, guint step);
guint      adj_document_step_at_raw_done (const AdjFoldState *fs, guint raw_done, guint n);

/* One layout on a worker: an evaluation whose graph needs a new layout, and copies of what
 * the layout reads from the file (its open calls, its placed nodes), so the main thread may go
 * on editing the file while it runs. */
typedef struct {
  AdjEval     *eval;        /* owned: the run whose graph is laid out; stolen on arrival */
  AgGraphFile *doc;         /* owned: open calls and positions only, copied when asked */
  double       font_scale;
  guint        generation;  /* the document's count of evaluations when asked */
  guint        epoch;       /* the document's count of fold and text-size changes when asked */
  AdjLayout   *layout;      /* the result, owned until stolen; NULL when cancelled first */
} AdjLayoutJob;

/* A job laying out @eval's graph (takes @eval) as @doc says (copied) at @font_scale. */
AdjLayoutJob *adj_layout_job_new        (AdjEval *eval, const AgGraphFile *doc, double font_scale,
                                         guint generation, guint epoch);
void          adj_layout_job_free       (AdjLayoutJob *job);
/* Runs @job (owned) on a worker thread (a GTask named "adjoint-layout" of @source_object),
 * then calls @callback on the caller's main context. The document's jobs take turns; one
 * cancelled before its turn comes makes nothing. Graphviz cannot be stopped once started, so a
 * layout superseded while running finishes and is dropped. */
void          adj_layout_job_run_in_thread (AdjLayoutJob *job, gpointer source_object,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
/* TRUE while a layout asked of a worker is not made yet (in any document; superseded ones too):
 * a layout made on the main thread now would wait for Graphviz behind it. */
gboolean      adj_document_layout_in_flight (void);
/* The finished job of @result; borrowed (freed with the task): steal what you keep. */
AdjLayoutJob *adj_layout_job_from_result (GAsyncResult *result);

G_END_DECLS
