/* bench-edit.h: R6–R8 of `adjoint bench` (issue 19): editing a 2,000-node program in a window. */
#pragma once

#include <glib.h>

typedef struct {
  double value[3], min[3], max[3];   /* R6, R7, R8 in ms: the median, the fastest, the slowest */
  guint  samples[3];
  char  *checksum[3];
  char  *skipped;                    /* why it did not run (no display), or NULL */
} AdjBenchEdit;

/* Opens a window with the canvas, the timeline and the inspector on a 1,999-node program and
 * measures, each over several edits made as the editor makes them (adj_document_set_program()
 * from the main loop):
 *   R6: a number changed until the first frame drawn with the new values;
 *   R7: a statement added (2,000 nodes) or taken away: the longest stretch the main thread
 *       spends away from its poll (no event handled, no frame drawn), from the edit until the
 *       new layout's nodes have finished moving;
 *   R8: the same edit until the first frame drawn with the new layout.
 * Fewer edits when @quick. Without a display, sets @out->skipped. */
void adj_bench_edit_run   (gboolean quick, AdjBenchEdit *out);
void adj_bench_edit_clear (AdjBenchEdit *out);
