/* caption-anchor.h: a lesson caption's anchor, the name of what a step does, so a caption stays
 * on its step when the program is edited (issue 15 item 5; docs/file-format.md, "captions").
 *
 * A player position k (0 before the first step, k after step k) is named by what step k does:
 *   "start"                 position 0
 *   "forward:h1"            node h1 is computed
 *   "seed:L"                the output L's adjoint starts at 1
 *   "backward:y->h1"        the edge y → h1 carries ȳ·∂y/∂h1 into h̄1
 *   "zero-grad", "update:W", "tangent-seed:x", "tangent:x->y"
 * A node is named by its name, or by its expression ("x^2") where it has none: node ids shift
 * when a line is added above, names and expressions do not. Inside a call of a function a node
 * is named after its call: "forward:neuron#2.z", "forward:neuron#2.dot(w2, x)" for one without
 * a name (core/graph-calls.h, docs/design-notes.md). The second and later steps with the
 * same name in one trace get "#2", "#3", … (dot(x, x) sends to x twice). */
#pragma once

#include "core/graph.h"
#include "core/trace.h"

G_BEGIN_DECLS

#define AG_CAPTION_ANCHOR_START "start"

/* The anchors of positions 0 … n of @trace (n + 1 strings, each unique). Owned by the caller. */
GPtrArray *ag_caption_anchors_new (const AgTrace *trace, const AgGraph *graph);

/* The position of @anchor among @anchors (from ag_caption_anchors_new()), or -1. */
int        ag_caption_anchors_find (const GPtrArray *anchors, const char *anchor);

/* TRUE when @key is an old file's caption key: a step number ("0", "5"), not an anchor. */
gboolean   ag_caption_key_is_legacy (const char *key, guint *position);

G_END_DECLS
