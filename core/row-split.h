/* row-split.h: whether a training program's step can run a few rows of the batch at a time.
 *
 * A big batch (W5: 8,000 rows through three 64-wide layers) streams every activation and
 * adjoint through memory several times a step; run in slices of a hundred rows, each slice's
 * numbers stay in the cache. That is exact (to the rounding of the sums) when every row's
 * numbers depend on that row alone and the loss is a mean, or a sum, over the rows: then the
 * loss and every parameter's gradient are the slices' own, weighted by the slice's share of the
 * rows (a mean) or by 1 (a sum), and added. Which programs are like that is read off the graph
 * itself, by comparing it parsed with two numbers of data rows (ag_row_split_check()). */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

typedef enum {
  AG_ROW_SPLIT_NONE,    /* the step needs the whole batch at once */
  AG_ROW_SPLIT_MEAN,    /* the loss is a mean over the rows (plus terms without them) */
  AG_ROW_SPLIT_SUM,     /* the loss is a sum over the rows */
} AgRowSplit;

/* @full and @part are one program parsed with different numbers of data rows (the data
 * leaves' first dimension, AgProgramOptions.data_rows). Returns how @full's loss and gradients
 * are made of @part's run on slices of the rows, or AG_ROW_SPLIT_NONE, with @why (static text,
 * may be NULL) saying what stands in the way: an op that mixes rows (a transpose, a sum down
 * the columns, a matrix product with the batch on the right), a leaf other than data whose
 * shape follows the rows, or a loss that is not linear in per-row terms. No recursion: one
 * pass over the nodes in order. */
AgRowSplit ag_row_split_check (const AgGraph *full, const AgGraph *part, const char **why);

G_END_DECLS
