/* adj-window-exercise.c: exercise mode in the window (issue 16): its toggle and keys, the
 * player stopping before each question, the canvas's "?", the answer strip, the question and its
 * reveal in presentation mode, find the bug's engines and wrong-step mark, and opening the
 * lecturer's question editor (win.exercise-questions). The state is
 * AdjExercise's (ui/graph/adj-exercise.c); this file connects it to the window. */
#include "app/window/adj-window-private.h"
#include "ui/graph/adj-exercise-bar.h"
#include "ui/graph/adj-inspector.h"

static void
set_enabled (AdjWindow *self, const char *name, gboolean enabled)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), name)), enabled);
}

void
adj_window_exercise_sync (AdjWindow *self)
{
  const gboolean active = adj_exercise_get_active (self->exercise);
  const gboolean pending = adj_exercise_get_pending (self->exercise) != NULL;
  const gboolean bug = adj_exercise_get_bug (self->exercise) >= 0;
  const AgQuestion *current = adj_exercise_get_current (self->exercise);
  AdjSceneAsk ask = adj_exercise_get_ask (self->exercise);

  /* Presenting, while the answer to one question is on the slide the next one's "?" waits. */
  if (self->presenting && pending && current != adj_exercise_get_pending (self->exercise))
    ask.kind = ADJ_ASK_NONE;
  gtk_widget_set_visible (self->exercise_bar, active && !self->presenting);
  adj_graph_view_set_ask (ADJ_GRAPH_VIEW (self->graph_view), &ask);
  adj_inspector_set_bug (ADJ_INSPECTOR (self->inspector), adj_exercise_get_bug (self->exercise));
  set_enabled (self, "exercise-hint", pending);
  set_enabled (self, "exercise-reveal", pending);
  set_enabled (self, "bug-compare", bug);
  set_enabled (self, "bug-mark", bug && pending);
}

guint
adj_window_exercise_stop (AdjWindow *self, guint to)
{
  return adj_exercise_stop (self->exercise, to);
}

void
adj_window_exercise_focus (AdjWindow *self)
{
  /* Presenting, → after an answer moves on to the next question at the same step. */
  if (self->presenting)
    adj_exercise_next_question (self->exercise);
  else
    adj_exercise_bar_focus_entry (ADJ_EXERCISE_BAR (self->exercise_bar));
}

void
adj_window_exercise_step_changed (AdjWindow *self)
{
  AdjGraphView *view = ADJ_GRAPH_VIEW (self->graph_view);

  if (adj_exercise_get_pending (self->exercise) == NULL || adj_exercise_get_bug (self->exercise) >= 0)
    return;
  /* Stopped before the question: the step just taken still settles on the frame clock. */
  if (adj_graph_view_get_playing (view))
    {
      adj_graph_view_set_playing (view, FALSE);
      g_object_set_data (G_OBJECT (self), "exercise-resume", GINT_TO_POINTER (TRUE));
    }
  adj_window_exercise_focus (self);
}

char *
adj_window_exercise_dup_caption (AdjWindow *self)
{
  const AgQuestion *q, *current;
  const char *feedback;
  int bug;

  if (self->exercise == NULL)   /* the window is still being built */
    return NULL;
  bug = adj_exercise_get_bug (self->exercise);
  /* Finding the bug, the caption says whose step it is, so a screen (or a slide) is never
   * taken for the correct engine's. */
  if (bug >= 0)
    {
      const guint k = adj_document_get_step (self->document);
      g_autofree char *text = adj_document_dup_step_text (self->document, k);
      return adj_exercise_get_showing_broken (self->exercise)
             ? g_strdup_printf ("Broken engine (%s) · %s", ag_bug_to_string (bug), text)
             : g_strdup_printf ("Correct engine · %s", text);
    }
  if (!self->presenting || !adj_exercise_get_active (self->exercise))
    return NULL;
  q = adj_exercise_get_pending (self->exercise);
  current = adj_exercise_get_current (self->exercise);
  feedback = adj_exercise_get_feedback (self->exercise);
  /* A hint for the question asked, or the answer to the one before, which stays on the slide
   * until the lecturer moves on (→). */
  if (feedback && current && (current != q || adj_exercise_get_result (self->exercise) == ADJ_ANSWER_WRONG) &&
      current->step == adj_document_get_step (self->document))
    return g_strdup (feedback);
  return q ? g_strdup_printf ("Question: %s", q->prompt) : NULL;
}

/* A question is over (right, or revealed): the player goes on, one step, so the number the
 * student predicted arrives, or playing again when the question had stopped it. Presenting, the
 * answer stays on the slide until the lecturer moves on. */
static void
go_on (AdjWindow *self, AdjAnswerResult result)
{
  AdjGraphView *view = ADJ_GRAPH_VIEW (self->graph_view);
  const guint k = adj_document_get_step (self->document);
  gboolean resume;

  if (result != ADJ_ANSWER_RIGHT && result != ADJ_ANSWER_REVEALED)
    return;
  if (adj_exercise_get_pending (self->exercise))
    {
      /* The next question at this step: asked at once (the verdict stays readable below it). */
      if (!self->presenting)
        {
          adj_exercise_next_question (self->exercise);
          adj_window_exercise_focus (self);
        }
      return;
    }
  if (self->presenting || adj_exercise_get_bug (self->exercise) >= 0)
    return;
  resume = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "exercise-resume"));
  g_object_set_data (G_OBJECT (self), "exercise-resume", NULL);
  gtk_widget_grab_focus (self->graph_view);
  if (resume)
    adj_graph_view_set_playing (view, TRUE);
  else if (k < adj_document_get_n_steps (self->document))
    adj_document_set_step (self->document, k + 1);
}

/* ---- callbacks --------------------------------------------------------------------------- */

static void
exercise_changed_cb (AdjExercise *exercise, AdjWindow *self)
{
  adj_window_exercise_sync (self);
  if (self->presenting || adj_exercise_get_bug (exercise) >= 0)
    adj_window_update_caption (self);
}

static void
answered_cb (AdjExerciseBar *bar, int result, AdjWindow *self)
{
  go_on (self, result);
}

/* ---- actions ----------------------------------------------------------------------------- */

static void
exercise_change_state (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  AdjWindow *self = user_data;
  const gboolean on = g_variant_get_boolean (state);

  if (on && adj_window_lab_showing (self))
    return;
  g_simple_action_set_state (action, state);
  adj_exercise_set_active (self->exercise, on);
  adj_window_exercise_sync (self);
  adj_window_update_caption (self);
  if (on)
    adj_window_exercise_focus (self);
  else
    gtk_widget_grab_focus (self->graph_view);
}

static void
hint_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;

  go_on (self, adj_exercise_hint (self->exercise));
}

static void
reveal_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;

  go_on (self, adj_exercise_reveal (self->exercise));
}

static void
bug_compare_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;

  adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
  adj_exercise_show_broken (self->exercise, !adj_exercise_get_showing_broken (self->exercise));
}

static void
bug_mark_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;
  AdjAnswerResult result;

  adj_graph_view_set_playing (ADJ_GRAPH_VIEW (self->graph_view), FALSE);
  adj_exercise_mark_wrong_step (self->exercise, &result);
}

/* The lecturer's question editor opens from the strip, so exercise mode comes on with it: what
 * is written is asked at once, where the lecturer can try it. */
static void
edit_questions_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;

  if (self->presenting)
    return;
  if (!adj_exercise_get_active (self->exercise))
    g_action_group_change_action_state (G_ACTION_GROUP (self), "exercise", g_variant_new_boolean (TRUE));
  if (adj_exercise_get_active (self->exercise))
    adj_exercise_bar_edit_questions (ADJ_EXERCISE_BAR (self->exercise_bar));
}

static void
focus_graph_action (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  AdjWindow *self = user_data;

  gtk_widget_grab_focus (self->graph_view);
}

static const GActionEntry exercise_actions[] = {
  { "exercise", NULL, NULL, "false", exercise_change_state },
  { "exercise-hint", hint_action },
  { "exercise-reveal", reveal_action },
  { "bug-compare", bug_compare_action },
  { "bug-mark", bug_mark_action },
  { "focus-graph", focus_graph_action },
  { "exercise-questions", edit_questions_action },
};

void
adj_window_exercise_add_actions (AdjWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), exercise_actions, G_N_ELEMENTS (exercise_actions), self);
}

void
adj_window_exercise_init (AdjWindow *self)
{
  self->exercise = adj_exercise_new (self->document);
  adj_exercise_bar_set_exercise (ADJ_EXERCISE_BAR (self->exercise_bar), self->exercise);
  g_signal_connect (self->exercise, "changed", G_CALLBACK (exercise_changed_cb), self);
  g_signal_connect (self->exercise_bar, "answered", G_CALLBACK (answered_cb), self);
  adj_window_exercise_add_actions (self);
  adj_window_exercise_sync (self);
}
