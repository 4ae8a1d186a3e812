/* adj-lab-runner.c: the training lab's runner (see adj-lab-runner.h). */
#include "ui/lab/adj-lab-runner.h"

#include <math.h>

struct _AdjLabRunner
{
  GObject      parent_instance;

  /* owned */
  AgTrainer   *trainer;
  char        *program;          /* the program of the last load */
  double       pace;             /* steps a second; 0: as fast as it goes */
  double       carry;            /* the fraction of a step due but not taken */
  gint64       last_frame;       /* when the last frame trained, or 0: the next is a run's first */
  guint64      shown_step;       /* the step the views last showed */

  /* "As fast as it goes": a worker thread steps the trainer while the main thread has lent it
   * (from the end of one frame to the start of the next), so training runs on its own core
   * while the window draws. Every use of the trainer on the main thread takes it back first
   * (reclaim()), which waits for at most the step in progress. */
  GThread     *worker;
  GMutex       lock;
  GCond        cond;
  gboolean     quit;             /* under lock */
  gboolean     busy;             /* under lock: the worker is stepping */
  AgTrainer   *lent_trainer;     /* under lock */
  gint         lent;             /* atomic: the worker may step */
};

G_DEFINE_FINAL_TYPE (AdjLabRunner, adj_lab_runner, G_TYPE_OBJECT)

/* ---- the worker ------------------------------------------------------------------------- */

static gpointer
worker_main (gpointer data)
{
  AdjLabRunner *self = data;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      AgTrainer *t;

      while (!g_atomic_int_get (&self->lent) && !self->quit)
        g_cond_wait (&self->cond, &self->lock);
      if (self->quit)
        break;
      t = self->lent_trainer;
      self->busy = TRUE;
      g_mutex_unlock (&self->lock);
      while (g_atomic_int_get (&self->lent))
        ag_trainer_step (t);
      g_mutex_lock (&self->lock);
      self->busy = FALSE;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* Lets the worker train until reclaim; starts it the first time. */
static void
lend (AdjLabRunner *self)
{
  if (self->trainer == NULL)
    return;
  if (self->worker == NULL)
    self->worker = g_thread_new ("adjoint-train", worker_main, self);
  g_mutex_lock (&self->lock);
  self->lent_trainer = self->trainer;
  g_atomic_int_set (&self->lent, 1);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
stop_worker (AdjLabRunner *self)
{
  if (self->worker == NULL)
    return;
  adj_lab_runner_reclaim (self);
  g_mutex_lock (&self->lock);
  self->quit = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->worker);
  self->worker = NULL;
  self->quit = FALSE;
}

/* ---- the object -------------------------------------------------------------------------- */

static void
adj_lab_runner_dispose (GObject *object)
{
  stop_worker (ADJ_LAB_RUNNER (object));
  G_OBJECT_CLASS (adj_lab_runner_parent_class)->dispose (object);
}

static void
adj_lab_runner_finalize (GObject *object)
{
  AdjLabRunner *self = ADJ_LAB_RUNNER (object);

  stop_worker (self);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  ag_trainer_free (self->trainer);
  g_free (self->program);
  G_OBJECT_CLASS (adj_lab_runner_parent_class)->finalize (object);
}

static void
adj_lab_runner_class_init (AdjLabRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = adj_lab_runner_dispose;
  object_class->finalize = adj_lab_runner_finalize;
}

static void
adj_lab_runner_init (AdjLabRunner *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->pace = ADJ_LAB_RUNNER_DEFAULT_PACE;
}

/* ---- public API -------------------------------------------------------------------------- */

AdjLabRunner *
adj_lab_runner_new (void)
{
  return g_object_new (ADJ_TYPE_LAB_RUNNER, NULL);
}

gboolean
adj_lab_runner_load (AdjLabRunner *self, const char *program, const AgTrainSetup *setup,
                     GError **error)
{
  g_return_val_if_fail (ADJ_IS_LAB_RUNNER (self), FALSE);
  g_return_val_if_fail (program != NULL && setup != NULL, FALSE);
  adj_lab_runner_reclaim (self);
  g_clear_pointer (&self->trainer, ag_trainer_free);
  g_free (self->program);
  self->program = g_strdup (program);
  self->shown_step = 0;
  self->trainer = ag_trainer_new (program, setup, error);
  return self->trainer != NULL;
}

const char *
adj_lab_runner_get_program (AdjLabRunner *self)
{
  g_return_val_if_fail (ADJ_IS_LAB_RUNNER (self), NULL);
  return self->program;
}

AgTrainer *
adj_lab_runner_get_trainer (AdjLabRunner *self)
{
  g_return_val_if_fail (ADJ_IS_LAB_RUNNER (self), NULL);
  adj_lab_runner_reclaim (self);
  return self->trainer;
}

void
adj_lab_runner_reclaim (AdjLabRunner *self)
{
  g_return_if_fail (ADJ_IS_LAB_RUNNER (self));
  if (self->worker == NULL)
    return;
  g_mutex_lock (&self->lock);
  g_atomic_int_set (&self->lent, 0);
  while (self->busy)
    g_cond_wait (&self->cond, &self->lock);
  self->lent_trainer = NULL;
  g_mutex_unlock (&self->lock);
}

gboolean
adj_lab_runner_step (AdjLabRunner *self)
{
  AgTrainer *t = adj_lab_runner_get_trainer (self);

  if (t == NULL)
    return FALSE;
  ag_trainer_step (t);
  return TRUE;
}

gboolean
adj_lab_runner_reset (AdjLabRunner *self)
{
  AgTrainer *t = adj_lab_runner_get_trainer (self);

  if (t == NULL)
    return FALSE;
  ag_trainer_reset (t);
  return TRUE;
}

gboolean
adj_lab_runner_pause (AdjLabRunner *self)
{
  AgTrainer *t = adj_lab_runner_get_trainer (self);

  /* Played again, the run's first frame steps at once. */
  self->last_frame = 0;
  self->carry = 0;
  return t != NULL && ag_trainer_get_step (t) != self->shown_step;
}

guint
adj_lab_pace_steps (double pace, double seconds, double *carry)
{
  double due;
  guint n;

  g_return_val_if_fail (carry != NULL, 0);
  due = *carry + MAX (pace, 0.0) * CLAMP (seconds, 0.0, ADJ_LAB_RUNNER_MAX_GAP_S);
  n = (guint) floor (due);
  *carry = due - n;
  return n;
}

void
adj_lab_runner_set_pace (AdjLabRunner *self, double steps_per_second)
{
  g_return_if_fail (ADJ_IS_LAB_RUNNER (self));
  g_return_if_fail (steps_per_second >= 0);
  self->pace = steps_per_second;
  self->last_frame = 0;
  self->carry = 0;
}

double
adj_lab_runner_get_pace (AdjLabRunner *self)
{
  g_return_val_if_fail (ADJ_IS_LAB_RUNNER (self), 0);
  return self->pace;
}

gboolean
adj_lab_runner_begin_frame (AdjLabRunner *self)
{
  const gint64 start = g_get_monotonic_time ();
  AgTrainer *t = adj_lab_runner_get_trainer (self);
  guint due;

  if (t == NULL)
    return FALSE;
  /* At a pace, the steps due since the last frame, here (a run's first frame steps at once);
   * as fast as it goes, the worker trained since the last frame. */
  if (self->pace > 0)
    {
      due = self->last_frame == 0 ? 1 : adj_lab_pace_steps (self->pace, (start - self->last_frame) / 1e6,
                                                            &self->carry);
      self->last_frame = start;
      for (guint n = 0; n < due && g_get_monotonic_time () - start < ADJ_LAB_RUNNER_FRAME_BUDGET_US; n++)
        ag_trainer_step (t);
    }
  else if (ag_trainer_get_step (t) == self->shown_step)
    ag_trainer_step (t);      /* the first frame, or a worker that got no time */
  return TRUE;
}

void
adj_lab_runner_mark_shown (AdjLabRunner *self)
{
  AgTrainer *t = adj_lab_runner_get_trainer (self);

  self->shown_step = t ? ag_trainer_get_step (t) : 0;
}

guint64
adj_lab_runner_get_shown_step (AdjLabRunner *self)
{
  g_return_val_if_fail (ADJ_IS_LAB_RUNNER (self), 0);
  return self->shown_step;
}

void
adj_lab_runner_end_frame (AdjLabRunner *self)
{
  g_return_if_fail (ADJ_IS_LAB_RUNNER (self));
  if (self->pace == 0)
    lend (self);
}
