/* adj-document-fold.h: the document's folded calls (issue 18): which calls are open (kept in
 * the file's view.open), the unfolded run the shown trace is folded from, and the layout of
 * the folded graph. AdjDocument holds one AdjFoldState; this file keeps that state out of
 * adj-document.c. */
#pragma once

#include "core/graph-file.h"
#include "core/trace-fold.h"
#include "ui/draw/adj-layout.h"

G_BEGIN_DECLS

typedef struct {
  AgTrace *raw;      /* the unfolded run, or NULL: the trace on show is not folded */
  GArray  *origin;   /* guint, per shown step: the unfolded step it stands for */
  GArray  *call;     /* guint, per shown step: the folded call whose step it is, or AG_NO_CALL */
} AdjFoldState;

void       adj_fold_state_clear   (AdjFoldState *fs);
/* Takes *@trace, the run of @graph, and puts its folded form (under @doc's open calls) in its
 * place; a graph without calls keeps its trace as it is. */
void       adj_fold_state_take    (AdjFoldState *fs, const AgGraph *graph, const AgGraphFile *doc,
                                   AgTrace **trace);
/* Folds the unfolded run again after the open calls changed: replaces *@trace and returns the
 * position that shows what position @step showed (the same unfolded step, or the last folded
 * one before it). */
guint      adj_fold_state_refold  (AdjFoldState *fs, const AgGraph *graph, const AgGraphFile *doc,
                                   AgTrace **trace, guint step);
/* Step @k's sentence (0-based) of the shown trace: a folded call's step is said as the call's. */
char      *adj_fold_state_describe (const AdjFoldState *fs, const AgGraph *graph,
                                    const AgTrace *trace, guint k);

/* The calls @doc leaves open, as a set for @graph (g_free() it). */
gboolean  *adj_fold_open_set      (const AgGraph *graph, const AgGraphFile *doc);
/* Opens folded @call or folds open @call, in @doc's list (view.open). */
void       adj_fold_toggle        (AgGraphFile *doc, const AgGraph *graph, guint call);
/* TRUE when @doc has @call open. */
gboolean   adj_fold_is_open       (const AgGraphFile *doc, const AgGraph *graph, guint call);
/* The layout of @graph as @doc folds it (the plain layout for a graph without calls). */
AdjLayout *adj_fold_layout        (const AgGraph *graph, const AgGraphFile *doc, double font_scale,
                                   GError **error);

G_END_DECLS
