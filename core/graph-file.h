/* graph-file.h: a graph file (docs/file-format.md): the program and how it is shown. */
#pragma once

#include <json-glib/json-glib.h>
#include "core/graph.h"

G_BEGIN_DECLS

#define AG_FILE_FORMAT      "adjoint-graph"   /* the "format" member */
#define AG_FILE_VERSION     1
#define AG_FILE_EXTENSION   ".adjoint"
#define AG_FILE_MIME_TYPE   "application/x-adjoint-graph"
#define AG_MAX_FILE_BYTES   (8u << 20)    /* 8 MiB */
#define AG_MAX_CAPTIONS     10000u
#define AG_MAX_CAPTION_BYTES 4096u
#define AG_MAX_CAPTION_ANCHOR_BYTES 4096u   /* a key: an expression can be long */
#define AG_MAX_JSON_DEPTH   32
#define AG_MAX_QUESTIONS    10000u
#define AG_MAX_PROMPT_BYTES 4096u
#define AG_MAX_OPEN_CALLS   100000u
#define AG_MAX_CALL_NAME_BYTES 1024u

typedef struct {
  double x, y;
} AgPoint;

/* A lecturer's question (docs/file-format.md, "questions"; core/exercise.h asks it). */
typedef struct {
  char *kind;           /* "value", "local", "contribution" or "grad" */
  char *step;           /* the anchor of the step it is asked before ("forward:n",
                         * "backward:o->n", core/caption-anchor.h): it follows its step through
                         * edits as captions do */
  char *prompt;         /* the lecturer's words, or NULL: a generated prompt */
} AgFileQuestion;

typedef struct {
  char    *title;       /* may be NULL */
  char    *note;        /* a short paragraph for the reader; may be NULL */
  char    *program;     /* never NULL */
  GHashTable *positions;/* node name (or "#id" for unnamed nodes) → AgPoint*, owned */
  GHashTable *captions; /* anchor → text, both owned: the anchor names what the step does
                         * ("start", "forward:h1", "backward:y->h1", core/caption-anchor.h);
                         * an old file's step number ("5", the player position) stays a
                         * number until ag_graph_file_anchor_captions() places it */
  GPtrArray *caption_order; /* a reference to the anchors of the trace on show (step order),
                         * or NULL: the file lists captions in this order, the others after */
  double   zoom;        /* view; 0 when not set */
  double   pan_x, pan_y;
  int      step;        /* the player's step, -1 when not set */
  char    *theme;       /* "light", "dark", "high-contrast" or NULL */
  char    *mode;        /* "reverse", "forward" or NULL */
  GStrv    open_calls;  /* the calls drawn open ("neuron#2", graph-calls.h), or NULL: every
                         * call folded (view.open, issue 18) */
  JsonNode *training;   /* the training setup, kept as it was read (issue 4); may be NULL */
  GPtrArray *questions; /* AgFileQuestion*, in the lecturer's order; never NULL */
} AgGraphFile;

AgGraphFile *ag_graph_file_new  (void);
void        ag_graph_file_free (AgGraphFile *doc);   /* NULL-safe */

/* Reads a graph file, or a plain program text file (anything whose first non-blank character
 * is not '{'). Nothing is executed: the program is not even parsed. Sizes are bounded and a
 * newer version is refused (AG_ERROR_VERSION). Errors: AG_ERROR_IO, AG_ERROR_FORMAT,
 * AG_ERROR_LIMIT, with a location when one is known. Owned by the caller. */
AgGraphFile *ag_graph_file_load           (const char *path, GError **error);
/* The same from memory (@data need not end in NUL). */
AgGraphFile *ag_graph_file_load_from_data (const char *data, gsize length, GError **error);

/* The JSON text of @doc (always the current version). Owned by the caller. */
char       *ag_graph_file_to_data        (const AgGraphFile *doc, gsize *length);
/* Writes @doc atomically: a temporary file, then a rename, so a crash never leaves half a file.
 * Refuses (AG_ERROR_LIMIT or AG_ERROR_FORMAT) a document that ag_graph_file_load() would refuse,
 * e.g. a caption over AG_MAX_CAPTION_BYTES or a position that is not finite. */
gboolean    ag_graph_file_save           (const AgGraphFile *doc, const char *path, GError **error);

/* Setters that take copies; NULL clears. */
void ag_graph_file_set_program  (AgGraphFile *doc, const char *program);
void ag_graph_file_set_position (AgGraphFile *doc, const char *node_key, double x, double y);
void ag_graph_file_set_caption  (AgGraphFile *doc, const char *anchor, const char *text);
const char *ag_graph_file_get_caption (const AgGraphFile *doc, const char *anchor);   /* borrowed or NULL */

/* Sets which calls are drawn open (copies; NULL or empty: every call folded). */
void ag_graph_file_set_open_calls (AgGraphFile *doc, const char *const *names);

/* Appends a question (copies; @prompt may be NULL). Kinds are checked when the file is read
 * and when it is saved, not here. */
void ag_graph_file_add_question (AgGraphFile *doc, const char *kind, const char *step,
                                 const char *prompt);
/* Removes question @index (in doc->questions); FALSE when there is none. */
gboolean ag_graph_file_remove_question (AgGraphFile *doc, guint index);

/* The caption of player position @k, whose anchors are @anchors (ag_caption_anchors_new() of
 * the trace on show), or NULL. A caption whose anchor names no step is never shown. */
const char *ag_graph_file_caption_at (const AgGraphFile *doc, const GPtrArray *anchors, guint k);

/* An old file's step-number keys, read against @anchors, the anchors of the file's own
 * program's trace: each becomes the anchor of its position, unless that anchor already has a
 * caption or the number is past the last position (then it stays a number, unplaced).
 * Returns how many were converted. */
guint ag_graph_file_anchor_captions (AgGraphFile *doc, const GPtrArray *anchors);

/* Captions are written in the order of @anchors (a reference is kept; NULL: sorted by name). */
void ag_graph_file_set_caption_order (AgGraphFile *doc, GPtrArray *anchors);

/* The anchors (sorted, borrowed from @doc; free the array only) of the captions that name no
 * position in @anchors: kept in the file, listed, shown on no step. */
GPtrArray *ag_graph_file_unplaced_captions (const AgGraphFile *doc, const GPtrArray *anchors);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgGraphFile, ag_graph_file_free)

G_END_DECLS
