/* adj-document.h: the open document: its file, program text, graph, trace, layout, player
 * position and selection. One object owns the core state; the widgets observe it through its
 * properties and signals and change it only through this API. */
#pragma once

#include <gio/gio.h>
#include "core/exercise.h"
#include "core/graph-file.h"
#include "core/trace.h"
#include "ui/draw/adj-layout.h"

G_BEGIN_DECLS

typedef enum {
  ADJ_MODE_REVERSE,     /* forward pass, then the adjoints travel back (backpropagation) */
  ADJ_MODE_FORWARD,     /* forward pass, then tangents travel forwards (forward-mode AD) */
} AdjMode;

#define ADJ_TYPE_DOCUMENT (adj_document_get_type ())
G_DECLARE_FINAL_TYPE (AdjDocument, adj_document, ADJ, DOCUMENT, GObject)

/* A new, untitled document holding an empty program. */
AdjDocument *adj_document_new (void);

/* Replaces everything with the file at @file (a graph file or a plain program). On failure
 * returns FALSE with @error set (located when the place is known) and leaves the document
 * exactly as it was. A program that does not parse still loads: its text is kept and the
 * error is shown (see adj_document_get_error()). Emits ::graph-changed. */
gboolean adj_document_load      (AdjDocument *self, GFile *file, GError **error);
/* The same from memory; @display_name names it in errors and the title ("welcome.adjoint"). */
gboolean adj_document_load_data (AdjDocument *self, const char *data, gsize length,
                                 const char *display_name, GError **error);
/* Writes the program, positions of moved nodes, view and captions to @file atomically as a
 * graph file and makes it the document's file; clears :modified. ::changed is emitted on every
 * edit (each change that sets :modified). */
gboolean adj_document_save      (AdjDocument *self, GFile *file, GError **error);

/* TRUE when the file was a plain program text rather than a graph file (see
 * core/graph-file-read.c); adj_document_save() clears it, adj_document_save_program() sets it.
 * The window saves such a document back as text. */
gboolean adj_document_get_plain_text    (AdjDocument *self);
/* TRUE when the document holds what only a graph file can: captions, moved nodes, a training
 * setup, a title or a note. Saving it as program text would drop them. */
gboolean adj_document_has_graph_extras  (AdjDocument *self);
/* Writes only the program text to @file (atomically, through a symbolic link, keeping the
 * file's permissions) and makes it the document's file; clears :modified. */
gboolean adj_document_save_program      (AdjDocument *self, GFile *file, GError **error);
/* The graph file's text as adj_document_save() would write it (ag_graph_file_to_data()):
 * what a recovery copy keeps. Owned by the caller. */
char    *adj_document_dup_data          (AdjDocument *self, gsize *length);
/* Replaces everything with @data (a graph file's text) as an unsaved document: :modified is
 * set, @file (may be NULL) stays the file Save writes to, in the text format when
 * @plain_text. @display_name names an untitled one. */
gboolean adj_document_load_recovered    (AdjDocument *self, const char *data, gsize length,
                                         GFile *file, const char *display_name,
                                         gboolean plain_text, GError **error);

/* The file it was loaded from or saved to; NULL when untitled. Borrowed. */
GFile      *adj_document_get_file     (AdjDocument *self);
/* The title to show: the file's title field, else its base name, else "Untitled". Borrowed. */
const char *adj_document_get_title    (AdjDocument *self);
/* The file's title field (the training lab names its dataset there); NULL drops it. Marks the
 * document modified and notifies :title. */
void        adj_document_set_title    (AdjDocument *self, const char *title);
/* The lesson's note (a paragraph), or NULL. Borrowed. */
const char *adj_document_get_note     (AdjDocument *self);
/* TRUE when there are unsaved changes (property :modified). */
gboolean    adj_document_get_modified (AdjDocument *self);

/* The program text (never NULL). Borrowed until the next change. */
const char *adj_document_get_program  (AdjDocument *self);
/* Sets the program text and rebuilds: on success the graph, trace and layout are replaced
 * (the layout is kept when only values changed) and ::graph-changed is emitted; when the
 * program does not parse, the last good graph stays and :error is set. Either way the text
 * is kept and the document is modified. Returns whether it parsed.
 * The text is parsed here; running it is too when it costs at most ADJ_DOCUMENT_INLINE_COST,
 * so the new graph is in place on return. A heavier graph runs on a worker thread: :busy is
 * TRUE and the old graph stays until ::graph-changed brings the new one; a newer edit, load or
 * mode change drops it (the newest edit wins). Loading a file and set_training do the same. */
gboolean    adj_document_set_program  (AdjDocument *self, const char *text);
/* Why the current text does not build (located: see ag_error_get_location()), or NULL
 * (property :error changes). Borrowed. */
const GError *adj_document_get_error  (AdjDocument *self);
/* The same error as the editor and the command line print it, with a caret, or NULL. */
char       *adj_document_dup_error_text (AdjDocument *self);

/* The last good graph, run; its trace and layout. Never NULL (an empty program has an empty
 * graph). Borrowed: valid until the next ::graph-changed. */
AgGraph         *adj_document_get_graph  (AdjDocument *self);
const AgTrace   *adj_document_get_trace  (AdjDocument *self);
const AdjLayout *adj_document_get_layout (AdjDocument *self);
/* Why backward could not run (a non-scalar output), or NULL: only values are shown then. */
const char      *adj_document_get_run_note (AdjDocument *self);

/* The player position k: 0 before the first step, n_steps after the last (property :step). */
guint   adj_document_get_step    (AdjDocument *self);
void    adj_document_set_step    (AdjDocument *self, guint k);   /* clamped to n_steps */
guint   adj_document_get_n_steps (AdjDocument *self);
/* The position where the second phase begins (the seed step, or the tangent seed), i.e. the
 * number of forward steps; n_steps when there is none. */
guint   adj_document_get_phase_start (AdjDocument *self);

/* Reverse mode (the default) or forward mode (property :mode). Forward mode seeds element
 * @element of differentiable leaf @wrt (the first input by default). Rebuilds the trace and
 * keeps the step when it still exists. */
AdjMode adj_document_get_mode    (AdjDocument *self);
void    adj_document_set_mode    (AdjDocument *self, AdjMode mode);
void    adj_document_set_tangent_seed (AdjDocument *self, AgId wrt, guint element);
AgId    adj_document_get_tangent_seed (AdjDocument *self, guint *element);

/* The selected node, or AG_NO_ID (property :selected). */
AgId    adj_document_get_selected (AdjDocument *self);
/* Opens folded call @call (graph-calls.h) in place, or folds it when open (issue 18): the
 * trace is folded again from the same run (the player stays on what it showed), the graph
 * laid out again, and the choice kept in the file (view.open). */
void    adj_document_toggle_call  (AdjDocument *self, guint call);
void    adj_document_set_selected (AdjDocument *self, AgId id);

/* Changes element @element of input @id to @value: the program text is rewritten in place
 * (so the program stays the model), then values, adjoints and trace follow at once
 * (::graph-changed with the same layout). Returns FALSE when @id is not an input leaf. */
gboolean adj_document_set_input_value (AdjDocument *self, AgId id, guint element, double value);

/* Moves node @id's box so its top-left corner is at (@x, @y) in layout points and re-routes
 * its edges; the position is saved with the file. Emits ::layout-changed. */
void     adj_document_move_node (AdjDocument *self, AgId id, double x, double y);

/* The lesson caption for player position @k in reverse mode (captions describe its steps),
 * or NULL; always NULL in forward mode. Borrowed. */
const char *adj_document_get_caption (AdjDocument *self, guint k);
/* The anchor of position @k (what its step does: "backward:y->h1", core/caption-anchor.h),
 * which a caption written there is kept under, or NULL (forward mode, past the end). Borrowed. */
const char *adj_document_get_caption_anchor (AdjDocument *self, guint k);
/* The anchors of the file's captions that name no step of the current trace (their step was
 * edited away): kept and saved, shown on no step. Sorted; the strings are borrowed. */
GPtrArray  *adj_document_dup_unplaced_captions (AdjDocument *self);
/* What the screen says at position @k: the caption if there is one, else the step's sentence
 * ("backward 4: z̄ = 1 flows to y: …"), else the start text. Owned by the caller. */
char       *adj_document_dup_step_text (AdjDocument *self, guint k);

/* A graph of more nodes than this is laid out on a worker. dot takes about 0.15 ms a node here
 * (R3: 200 nodes in 29 ms), so this many cost under a frame, and every bundled lesson (49 nodes
 * at most) stays under it: opening one draws it before the call returns, as before workers. */
#define ADJ_DOCUMENT_INLINE_LAYOUT_NODES 100u

/* How many layouts workers have made in this process (superseded ones skipped while waiting
 * for their turn are not), for tests. */
guint    adj_document_layouts_made (void);

/* A graph whose run costs at most this many multiply-adds and element visits (every node's
 * elements and its inputs', plus a matrix product's inner loop) runs on the main thread, at
 * once, as every lesson does (a few milliseconds at most); a heavier one (ones(2048, 2048)
 * squared: 8.6e9) runs on a worker thread. */
#define ADJ_DOCUMENT_INLINE_COST 1e6

/* TRUE while an evaluation or a layout runs on a worker (property :busy): the graph, trace and
 * layout on show are still the ones before the edit, whole; the window shows a spinner when it
 * lasts. */
gboolean adj_document_get_busy (AdjDocument *self);
/* TRUE while the work in flight is the new graph's layout (a graph of more than
 * ADJ_DOCUMENT_INLINE_LAYOUT_NODES nodes, adj-document-layout.c): "Laying out…". */
gboolean adj_document_get_laying_out (AdjDocument *self);

/* Graphs past this many nodes are refused by the window (an error, as for a typo). Past
 * ADJ_LAYOUT_DOT_MAX nodes a faster engine lays the graph out and the canvas says so. */
#define ADJ_DOCUMENT_MAX_NODES ADJ_LAYOUT_MAX_NODES

/* The text size (0.5 … 4; 1 = 100 %) the layout's boxes are measured for: the canvas passes
 * the desktop's and the app's Text Size. A new value lays the graph out again
 * (::graph-changed, a new layout serial). */
void     adj_document_set_font_scale (AdjDocument *self, double font_scale);

/* Counts the layouts the document has made: a new value means a new layout, not a moved node. */
guint    adj_document_get_layout_serial (AdjDocument *self);
/* When the layout on show came from an edit: where each of its nodes was drawn before, as the
 * (x, y) of its box's top-left corner per node, NAN for a new node, for the canvas to move
 * them from there; else NULL. Valid until the next layout. */
const double *adj_document_get_layout_moved_from (AdjDocument *self);
/* Once after each load whose file has a saved view: that view, for the canvas to restore.
 * Returns FALSE (and leaves the outputs alone) otherwise. */
gboolean adj_document_take_saved_view (AdjDocument *self, double *zoom, double *pan_x, double *pan_y);

/* The saved view (zoom 0 when none) for the canvas to restore, and the canvas's to save. */
void adj_document_get_view (AdjDocument *self, double *zoom, double *pan_x, double *pan_y);
void adj_document_set_view (AdjDocument *self, double zoom, double pan_x, double pan_y);

/* TRUE while the player shows a recorded training step (adj_document_show_training_step()),
 * until the program is run again. */
gboolean adj_document_is_replaying (AdjDocument *self);

/* Writes the lesson caption for player position @k (reverse mode, the program's own trace);
 * an empty @text removes it, so the generated sentence shows again. Marks the document
 * modified. FALSE (nothing changed) in forward mode, on a replayed training step, past the
 * last position, or for a text over AG_MAX_CAPTION_BYTES. */
gboolean adj_document_set_caption (AdjDocument *self, guint k, const char *text);

/* The file's training setup (the "training" object, see core/train.h), or NULL. Borrowed. */
JsonNode *adj_document_get_training (AdjDocument *self);
/* Replaces it with a copy of @training (NULL removes it); marks the document modified when it
 * changed. The program is not touched: the lab writes that with adj_document_set_program(). */
void      adj_document_set_training (AdjDocument *self, JsonNode *training);
/* Shows one recorded training step on the player: @graph (the network as the step saw it, see
 * ag_trainer_step_traced()) and its @trace, both owned by the document from now on, in reverse
 * mode at position 0. The program text is unchanged; the next edit or run replaces them.
 * Emits ::graph-changed. */
void      adj_document_show_training_step (AdjDocument *self, AgGraph *graph, AgTrace *trace);
/* Runs the program's text again (after a replayed trace: find the bug's broken engine), the
 * player kept at its step where the new trace has it. Nothing happens when it does not parse. */
void      adj_document_run_again (AdjDocument *self);
/* The file's contents as loaded and edited (its questions, for exercise mode). Borrowed. */
const AgGraphFile *adj_document_get_file_data (AdjDocument *self);

/* ---- a lecturer's questions (adj-document-questions.c; docs/file-format.md "questions") ---- */
/* A question written at player position @k is asked there, before trace step k, about what that
 * step computes; it is kept under the anchor of the step (as captions are) so it follows it
 * through edits. Only in reverse mode on the program's own run, for k < n_steps.
 * ::questions-changed is emitted after each edit (besides ::changed and :modified). */

/* Whether position @k can ask @kind (core/exercise.h, ag_question_new_at()); when not, @why
 * (owned by the caller, may be NULL) says why, in a lecturer's words, lowercase (as
 * ag_question_new_at()'s reasons). */
gboolean adj_document_question_fits (AdjDocument *self, guint k, AgQuestionKind kind, char **why);
/* Adds a question of @kind at position @k with the lecturer's @prompt (stripped; NULL or empty:
 * the generated prompt). FALSE with AG_ERROR_ARGUMENT when it cannot be asked there, the same
 * kind is already asked there, or the prompt is over AG_MAX_PROMPT_BYTES or not UTF-8. */
gboolean adj_document_add_question (AdjDocument *self, guint k, AgQuestionKind kind,
                                    const char *prompt, GError **error);
/* The indices (guint, into the file's questions, in the lecturer's order) of the questions
 * asked at position @k. Owned by the caller. */
GArray  *adj_document_dup_questions_at (AdjDocument *self, guint k);
/* Removes the file's question @index; FALSE when there is none. */
gboolean adj_document_remove_question (AdjDocument *self, guint index);

G_END_DECLS
