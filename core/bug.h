/* bug.h: broken engines, for "find the bug" (issue 16 item 4): the backward pass as a learner's
 * engine with one classic mistake does it, step for step beside the correct one.
 *
 *   overwrite        an adjoint is assigned (v̄ = …) instead of accumulated (v̄ += …)
 *   no-zero-grad     a second backward pass runs without zeroing: every adjoint, the output's
 *                    seed included, adds onto the first pass's (ō = 2 at its seed)
 *   forget-upstream  a step sends the local derivative ∂u/∂v without multiplying by ū
 *   wrong-local      a product's local derivatives are swapped: ∂(a·b)/∂a taken as a,
 *                    ∂(a·b)/∂b as b
 *
 * The broken trace keeps the correct run's shape (the same steps in the same order; for
 * no-zero-grad the correct trace and then a second backward pass), so the first wrong step is
 * the first whose adjoint after it differs from the correct trace's at the same index, or the
 * first step the correct trace does not have. */
#pragma once

#include "core/exercise.h"
#include "core/trace.h"

G_BEGIN_DECLS

typedef enum {
  AG_BUG_OVERWRITE,
  AG_BUG_NO_ZERO_GRAD,
  AG_BUG_FORGET_UPSTREAM,
  AG_BUG_WRONG_LOCAL,
  AG_N_BUGS
} AgBug;

/* "overwrite", "no-zero-grad", "forget-upstream", "wrong-local". */
const char *ag_bug_to_string   (AgBug bug);
gboolean    ag_bug_from_string (const char *name, AgBug *bug);
/* "overwrite, no-zero-grad, forget-upstream or wrong-local", for messages. */
const char *ag_bug_list_names  (void);
/* What the engine does wrong, one sentence for people. */
const char *ag_bug_describe    (AgBug bug);

/* The trace the engine with @bug makes of the run @correct: a reverse-mode trace of @graph
 * (ag_graph_run()), whose values @graph still holds. Forward steps are copied; each backward
 * step is redone with the broken rule from what the broken engine holds. Owned by the caller. */
AgTrace *ag_bug_trace_new (const AgTrace *correct, const AgGraph *graph, AgBug bug);

/* The index (0-based) of the first step of @broken whose adjoint (or value) after it differs
 * from @correct's at the same index, or that @correct does not have; G_MAXUINT when there is
 * none (the bug changes nothing in this program, e.g. wrong-local without a product). */
guint    ag_bug_first_wrong_step (const AgTrace *correct, const AgTrace *broken);

/* The first-wrong-step question on @broken: its expected answer the 1-based step number, hints
 * that narrow the search (the bug's symptom, then the node), the reveal comparing the two
 * engines' numbers. NULL when the bug changes nothing. */
AgQuestion *ag_bug_question_new (const AgTrace *correct, const AgTrace *broken,
                                 const AgGraph *graph, AgBug bug);

/* The gradient check (core/check.h) of the engine with @bug: backward's adjoints taken from
 * its broken trace, against central differences. As ag_graph_check_gradients(), whose
 * contract it keeps (the values restored, NULL with @error on a non-scalar output). */
GArray  *ag_bug_check_gradients (AgGraph *graph, AgBug bug, double eps, GError **error);

G_END_DECLS
