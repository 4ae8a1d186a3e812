/* adj-lab-runner.h: the training lab's runner: the trainer, stepped on the lab's frames or, "as
 * fast as it goes", on a worker thread between them. No GTK: the lab's widget owns the frame
 * clock and asks the runner; tests drive it without a display.
 *
 *   adj_lab_runner_load (runner, program, &setup, &error);
 *   adj_lab_runner_set_pace (runner, 0);              // as fast as it goes
 *   // each frame, on the frame clock:
 *   if (adj_lab_runner_begin_frame (runner))          // takes the trainer back, trains
 *     {
 *       show (adj_lab_runner_get_trainer (runner));    // draw where training got to
 *       adj_lab_runner_mark_shown (runner);
 *       adj_lab_runner_end_frame (runner);             // lends it to the worker until the next
 *     }
 *
 * Threads: every function is called on one thread (the main one). Between end_frame() and the
 * next reclaim the worker thread "adjoint-train" owns the trainer and steps it as fast as it
 * goes; every function that touches the trainer takes it back first (reclaim: it waits for at
 * most the step in progress), so a trainer got from adj_lab_runner_get_trainer() may be used
 * freely until the next end_frame(). Keeping it across an end_frame() is a race. */
#pragma once

#include <glib-object.h>
#include "core/train.h"

G_BEGIN_DECLS

#define ADJ_TYPE_LAB_RUNNER (adj_lab_runner_get_type ())
G_DECLARE_FINAL_TYPE (AdjLabRunner, adj_lab_runner, ADJ, LAB_RUNNER, GObject)

/* At a pace, training takes at most this much of each frame, so
 * drawing keeps the display's rate. */
#define ADJ_LAB_RUNNER_FRAME_BUDGET_US 7000

AdjLabRunner *adj_lab_runner_new (void);

/* Makes the trainer of @program and @setup (ag_trainer_new()), in place of the last one. FALSE
 * with @error, and no trainer, when it cannot be made. */
gboolean    adj_lab_runner_load        (AdjLabRunner *self, const char *program,
                                        const AgTrainSetup *setup, GError **error);
/* The program of the last load, or NULL before the first. Borrowed. */
const char *adj_lab_runner_get_program (AdjLabRunner *self);
/* The trainer, taken back from the worker; NULL when the last load failed. Borrowed: see the
 * threads above. */
AgTrainer  *adj_lab_runner_get_trainer (AdjLabRunner *self);
/* Takes the trainer back from the worker, if it has it. */
void        adj_lab_runner_reclaim     (AdjLabRunner *self);

/* One step. FALSE when there is no trainer. */
gboolean    adj_lab_runner_step  (AdjLabRunner *self);
/* Back to the first weights and batch. FALSE when there is no trainer. */
gboolean    adj_lab_runner_reset (AdjLabRunner *self);
/* Stops training between frames: takes the trainer back. TRUE when the worker went past the
 * step last shown (the caller shows where it stopped). */
gboolean    adj_lab_runner_pause (AdjLabRunner *self);

/* The pace of training, in steps a second: each frame takes the steps that fell due since the
 * last one (adj_lab_pace_steps()), within ADJ_LAB_RUNNER_FRAME_BUDGET_US, so the pace is the
 * same at any refresh rate; 0, as fast as it goes: the worker trains between frames. The
 * default, ADJ_LAB_RUNNER_DEFAULT_PACE, lets the boundary be watched as it forms (two moons
 * comes clean in about 100 steps: some three seconds). */
#define ADJ_LAB_RUNNER_DEFAULT_PACE 30.0
void        adj_lab_runner_set_pace (AdjLabRunner *self, double steps_per_second);
double      adj_lab_runner_get_pace (AdjLabRunner *self);

/* A frame's gap counts up to this much: after a stall training goes on, it does not rush. */
#define ADJ_LAB_RUNNER_MAX_GAP_S 0.25
/* Pure: the whole steps due @seconds after the last frame at @pace steps a second, with
 * *@carry the fraction of a step left over from the frames before (updated; start at 0). */
guint       adj_lab_pace_steps (double pace, double seconds, double *carry);

/* A frame begins: takes the trainer back and trains this frame's share (a run's first frame
 * one step at once; as fast as it goes: one step only when the worker made none since the last
 * shown step, e.g. on the first frame).
 * FALSE when there is no trainer. */
gboolean    adj_lab_runner_begin_frame (AdjLabRunner *self);
/* The trainer's current step is on screen. */
void        adj_lab_runner_mark_shown  (AdjLabRunner *self);
guint64     adj_lab_runner_get_shown_step (AdjLabRunner *self);
/* The frame is done: as fast as it goes, lends the trainer to the worker until the next
 * reclaim (starting the worker the first time); else nothing. */
void        adj_lab_runner_end_frame   (AdjLabRunner *self);

G_END_DECLS
