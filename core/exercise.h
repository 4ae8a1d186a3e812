/* exercise.h: questions a student answers about a run, their answers, grades and hints
 * (issue 16: predict, then reveal).
 *
 * A question is asked before a step of the trace and is about what that step (or the pass)
 * computes:
 *
 *   value         a node's value after its forward step          ("forward:n")
 *   local         the local derivative ∂u/∂v on a backward edge   ("backward:o->n")
 *   contribution  ū·∂u/∂v, what a backward step sends to v̄        ("backward:o->n")
 *   grad          a node's adjoint after the backward pass        ("backward:o->n": v̄, "seed:o")
 *   first-wrong-step  the first wrong step of a broken engine's trace (core/bug.h)
 *
 * Questions come from a lesson's file (authored, anchored to their steps as captions are:
 * core/caption-anchor.h, docs/file-format.md "questions") or are made for any program
 * (ag_quiz_new_auto()). Only scalar quantities are asked: a student types one number.
 *
 *   g_autoptr (GPtrArray) quiz = ag_quiz_new (trace, graph, doc, FALSE, NULL);
 *   const AgQuestion *q = g_ptr_array_index (quiz, 0);
 *   double a;
 *   if (ag_answer_parse ("-1/4", &a, &error) && ag_question_grade (q, a))
 *     …;                             // else show q->hints[0], then [1], …, then q->reveal
 */
#pragma once

#include "core/graph-file.h"
#include "core/trace.h"

G_BEGIN_DECLS

typedef enum {
  AG_QUESTION_VALUE,
  AG_QUESTION_LOCAL,
  AG_QUESTION_CONTRIBUTION,
  AG_QUESTION_GRAD,
  AG_QUESTION_FIRST_WRONG_STEP,
  AG_N_QUESTION_KINDS
} AgQuestionKind;

/* "value", "local", "contribution", "grad", "first-wrong-step" (files and --json). */
const char *ag_question_kind_to_string   (AgQuestionKind kind);
gboolean    ag_question_kind_from_string (const char *name, AgQuestionKind *kind);
/* TRUE for the kinds a lesson's file may ask (all but first-wrong-step, which --bug asks). */
gboolean    ag_question_kind_is_authored (AgQuestionKind kind);

#define AG_QUESTION_NO_STEP G_MAXUINT
#define AG_QUESTION_MAX_HINTS 3

typedef struct {
  AgQuestionKind kind;
  char    *id;          /* unique in its quiz, stable across edits: "value:n", "local:o->n",
                         * "contribution:o->n", "grad:x", "first-wrong-step" ("#2" on a repeat) */
  guint    step;        /* the trace index (0-based) of the step it is asked before: the player
                         * stops at position `step`; AG_QUESTION_NO_STEP for first-wrong-step */
  AgId     node;        /* value, grad: the node asked about; else AG_NO_ID */
  AgId     from, to;    /* local, contribution: the backward edge u → v; else AG_NO_ID */
  char    *prompt;      /* what the student reads: the lecturer's words or a generated line */
  gboolean authored;
  double   expected;    /* the right answer (first-wrong-step: the 1-based step number) */
  char    *hints[AG_QUESTION_MAX_HINTS + 1];   /* weakest first, NULL-terminated; numbers by
                                                 * ag_format_human() */
  char    *reveal;      /* the answer with its formula or chain-rule line */
} AgQuestion;

void ag_question_free (AgQuestion *q);   /* NULL-safe */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgQuestion, ag_question_free)

guint ag_question_n_hints (const AgQuestion *q);

/* Every question the window asks of any program, in step order: the value of every scalar
 * node after its forward step; at every backward step between scalars, its contribution; and
 * the final adjoint of every input and parameter, and of every node that adds up more than one
 * contribution, asked before the last contribution it receives. @trace is a reverse-mode run
 * of @graph (ag_graph_run()), @graph holds its values. A GPtrArray of AgQuestion, owned. */
GPtrArray *ag_quiz_new_auto (const AgTrace *trace, const AgGraph *graph);

/* The authored questions of @doc (doc->questions), placed on the steps of @trace, in step
 * order (authored order within a step). A question that cannot be asked here (its anchor names
 * no step, its kind does not fit the step, the quantity is not a scalar) is left out, and a
 * sentence saying why is added to @skipped (char *, may be NULL). */
GPtrArray *ag_quiz_new_authored (const AgTrace *trace, const AgGraph *graph,
                                 const AgGraphFile *doc, GPtrArray *skipped);

/* What exercise mode asks: the authored questions when @doc has any and @automatic is FALSE,
 * else ag_quiz_new_auto(). */
GPtrArray *ag_quiz_new (const AgTrace *trace, const AgGraph *graph, const AgGraphFile *doc,
                        gboolean automatic, GPtrArray *skipped);

/* ---- answers ----------------------------------------------------------------------------- */

#define AG_ANSWER_MAX_BYTES 256

/* Reads an answer as a student types it: a number or a small arithmetic expression of numbers
 * (+ − * / ^, parentheses, a sign: "2*3", "-1/4", "(1 - 0.25)^2"); "−", "×", "·" and "÷" as
 * the hints write them are taken too. At most AG_ANSWER_MAX_BYTES bytes. FALSE with a message
 * a student can act on (AG_ERROR_ARGUMENT) for anything else: names, functions, lists, a result
 * that is not finite. Programs parse it (core/program.h), so it reads numbers as they do. */
gboolean ag_answer_parse (const char *text, double *value, GError **error);

/* TRUE when @answer matches @expected to 4 significant digits or within 1e-3 relative; a
 * first-wrong-step answer must be the step number itself. */
gboolean ag_answer_matches (double answer, double expected);
gboolean ag_question_grade (const AgQuestion *q, double answer);

/* ---- for the builders (exercise.c, exercise-hint.c, bug.c) ----------------------------- */

/* A question of @kind on step @k of @trace (not first-wrong-step), its id left to the caller;
 * NULL when that step cannot ask @kind, with the reason in @why (owned by the caller) when
 * given. Fills expected, prompt (generated), hints and reveal. */
AgQuestion *ag_question_new_at (AgQuestionKind kind, const AgTrace *trace, const AgGraph *graph,
                                guint k, char **why);
/* Fills @q's prompt (when it has none), hints and reveal from the run (exercise-hint.c). */
void        ag_question_fill_text (AgQuestion *q, const AgTrace *trace, const AgGraph *graph);
/* The final adjoint of @id in @trace: the last seed or backward step into it, else 0. */
double      ag_trace_final_adjoint (const AgTrace *trace, AgId id);

G_END_DECLS
