/* adj-exercise-bar.h: exercise mode's strip (template data/ui/adj-exercise-bar.ui): the question
 * waiting at the player's step, the entry its answer is typed in (Enter checks it), hint and
 * reveal, the last answer's verdict with its hint or reveal, the score and streak; and find the
 * bug's engine picker, its broken/correct switch and "This step is wrong"; and "Your questions…",
 * the popover a lecturer writes the step's questions in (adj-question-editor.h).
 *
 * It shows an AdjExercise and grades through it; the buttons' window actions (win.exercise-hint,
 * win.exercise-reveal, win.bug-mark, win.bug-compare) are the window's. */
#pragma once

#include <gtk/gtk.h>
#include "ui/graph/adj-exercise.h"

G_BEGIN_DECLS

#define ADJ_TYPE_EXERCISE_BAR (adj_exercise_bar_get_type ())
G_DECLARE_FINAL_TYPE (AdjExerciseBar, adj_exercise_bar, ADJ, EXERCISE_BAR, GtkBox)

GtkWidget *adj_exercise_bar_new (void);
/* Shows @exercise (may be NULL) and follows its ::changed. */
void       adj_exercise_bar_set_exercise (AdjExerciseBar *self, AdjExercise *exercise);
/* Puts the keyboard in the answer entry, when a question waits. Returns whether it did. */
gboolean   adj_exercise_bar_focus_entry  (AdjExerciseBar *self);
/* Opens the lecturer's question editor for the player's step (not while finding a bug). */
void       adj_exercise_bar_edit_questions (AdjExerciseBar *self);

G_END_DECLS
