/* adj-exercise.h: exercise mode's state for one document (issue 16): the questions of its run
 * (core/exercise.h), the one being asked, its hint ladder, the score and streak, the lesson's
 * progress remembered across runs, and "find the bug" (core/bug.h): a broken engine's trace
 * replayed on the player, toggled against the correct one.
 *
 *   AdjExercise *ex = adj_exercise_new (document);
 *   adj_exercise_set_active (ex, TRUE);
 *   const AgQuestion *q = adj_exercise_get_pending (ex);        // asked at the player's step
 *   adj_exercise_answer (ex, "-1/4", &error);                   // right, a hint, or the reveal
 *
 * It follows the document (a new run makes new questions) and never draws: the window shows its
 * prompt, feedback and score, and the canvas its "?" (adj_exercise_get_ask()). GLib only. */
#pragma once

#include "core/bug.h"
#include "core/exercise.h"
#include "ui/draw/adj-scene.h"
#include "ui/graph/adj-document.h"

G_BEGIN_DECLS

#define ADJ_TYPE_EXERCISE (adj_exercise_get_type ())
G_DECLARE_FINAL_TYPE (AdjExercise, adj_exercise, ADJ, EXERCISE, GObject)

/* What the last answer (or hint) did. */
typedef enum {
  ADJ_ANSWER_NONE,       /* nothing answered yet for the question on show */
  ADJ_ANSWER_RIGHT,      /* right: the player may go on */
  ADJ_ANSWER_WRONG,      /* wrong: the feedback holds the next hint */
  ADJ_ANSWER_REVEALED,   /* the answer was shown (after the last hint, or asked for) */
} AdjAnswerResult;

/* ---- pure: no document ------------------------------------------------------------------- */

/* The first question of @quiz (AgQuestion) asked at player position @k whose id is not in
 * @done (a set of ids; may be NULL), or NULL. */
const AgQuestion *adj_exercise_pending_in (GPtrArray *quiz, GHashTable *done, guint k);
/* Where a move forwards from position @from to @to stops with exercise mode on: at @from when
 * a question waits there, else at the first position in (from, to] with one, else @to. A move
 * backwards (to <= from) is never stopped. */
guint adj_exercise_stop_in (GPtrArray *quiz, GHashTable *done, guint from, guint to);

/* The progress file: g_get_user_state_dir()/adjoint/exercises.ini. Owned by the caller. */
char       *adj_exercise_progress_path (void);
/* The ids of the questions of lesson @lesson answered right in @path (a set of strings, owned;
 * empty when the file or the lesson is missing or unreadable). */
GHashTable *adj_exercise_progress_load (const char *path, const char *lesson);
/* Writes @right (a set of ids) for @lesson into @path, keeping the other lessons; makes the
 * folder. FALSE with @error when it cannot be written. */
gboolean    adj_exercise_progress_save (const char *path, const char *lesson, GHashTable *right,
                                        GError **error);

/* ---- the object -------------------------------------------------------------------------- */

AdjExercise *adj_exercise_new (AdjDocument *document);
AdjDocument *adj_exercise_get_document (AdjExercise *self);

/* Exercise mode on or off (property :active). Off, nothing is pending and find the bug ends. */
void     adj_exercise_set_active (AdjExercise *self, gboolean active);
gboolean adj_exercise_get_active (AdjExercise *self);

/* The questions of the current run (AG_QUESTION kinds, step order). Borrowed. */
GPtrArray        *adj_exercise_get_quiz    (AdjExercise *self);
/* The question waiting at the player's step (active, not yet answered right or revealed), or
 * NULL. Borrowed until the next ::changed. */
const AgQuestion *adj_exercise_get_pending (AdjExercise *self);
/* The question the feedback is about: the last one answered (right, revealed) or hinted,
 * else the pending one; NULL. */
const AgQuestion *adj_exercise_get_current (AdjExercise *self);
/* Where a forward move from the player's step to @to stops (adj_exercise_stop_in()); @to when
 * exercise mode is off. */
guint             adj_exercise_stop (AdjExercise *self, guint to);
/* What the canvas shows as "?" for the pending question (kind ADJ_ASK_NONE when none; quiz
 * while exercise mode is on, so hovering an edge shows no number). */
AdjSceneAsk       adj_exercise_get_ask (AdjExercise *self);

/* Grades @text (ag_answer_parse()) against the pending question. FALSE with @error (nothing
 * counted) when there is none or @text is not a number or arithmetic; else the result in
 * @result: right; wrong with the next hint as the feedback; or, past the last hint, revealed. */
gboolean adj_exercise_answer (AdjExercise *self, const char *text, AdjAnswerResult *result,
                              GError **error);
/* The next hint of the pending question, or its reveal after the last: what a wrong answer
 * shows, asked for. Returns the result (ADJ_ANSWER_NONE when nothing is pending). */
AdjAnswerResult adj_exercise_hint   (AdjExercise *self);
/* Shows the pending question's answer with its chain-rule line (q->reveal) and lets the
 * player go on; counted as not right. */
AdjAnswerResult adj_exercise_reveal (AdjExercise *self);
/* After a question is over, the next one waiting at the same step becomes the current one,
 * its hint ladder fresh (presenting: the answer to the one before stays on the slide until the
 * lecturer moves on to it). FALSE when there is none, or it already is. */
gboolean        adj_exercise_next_question (AdjExercise *self);
/* The last result, and what the student reads about it: "Right: …", the hint, the reveal; or
 * NULL. Borrowed. */
AdjAnswerResult adj_exercise_get_result   (AdjExercise *self);
const char     *adj_exercise_get_feedback (AdjExercise *self);
/* How many hints the pending question has shown (0 before a wrong answer). */
guint           adj_exercise_get_hint_level (AdjExercise *self);

/* This session's score: questions answered right and questions finished (right or revealed),
 * and the streak: right answers in a row without a wrong one. */
void  adj_exercise_get_score (AdjExercise *self, guint *right, guint *finished, guint *streak);
/* The lesson's progress across runs: how many of its questions were ever answered right. */
guint adj_exercise_get_progress (AdjExercise *self, guint *n_questions);
/* The key the progress file keeps this lesson under: its file's path, else its title. Owned. */
char *adj_exercise_dup_lesson_key (AdjExercise *self);

/* ---- find the bug ------------------------------------------------------------------------ */

/* Replays the backward pass of the engine with @bug (an AgBug, or -1 for the correct engine
 * only, leaving find the bug) on the document's player at its step; its question is the first
 * wrong step. FALSE when the program does not run in reverse mode. */
gboolean adj_exercise_set_bug     (AdjExercise *self, int bug);
int      adj_exercise_get_bug     (AdjExercise *self);
/* Shows the broken engine's trace (TRUE) or the correct one at the same step. */
void     adj_exercise_show_broken (AdjExercise *self, gboolean broken);
gboolean adj_exercise_get_showing_broken (AdjExercise *self);
/* Marks the player's step (the step just done, position k: step k) as the first wrong one and
 * grades it; as adj_exercise_answer(). FALSE when find the bug is off or at position 0. */
gboolean adj_exercise_mark_wrong_step (AdjExercise *self, AdjAnswerResult *result);
/* The first-wrong-step question of the bug on show, or NULL. Borrowed. */
const AgQuestion *adj_exercise_get_bug_question (AdjExercise *self);

G_END_DECLS
