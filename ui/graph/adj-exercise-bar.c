/* adj-exercise-bar.c: exercise mode's strip: question, answer entry, verdict, score, and find the
 * bug's controls (adj-exercise-bar.h). */
#include "ui/graph/adj-exercise-bar.h"
#include "ui/graph/adj-question-editor.h"

struct _AdjExerciseBar
{
  GtkBox parent_instance;

  /* owned */
  AdjExercise *exercise;
  gulong       changed_id;
  gboolean     syncing;

  /* template children (borrowed) */
  GtkWidget *prompt, *score, *entry, *check_button, *hint_button, *reveal_button;
  GtkWidget *wrong_button, *compare_button, *bug_dropdown, *feedback, *questions_button;
};

G_DEFINE_FINAL_TYPE (AdjExerciseBar, adj_exercise_bar, GTK_TYPE_BOX)

enum { ANSWERED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- helpers ----------------------------------------------------------------------------- */

/* What the strip says when no question waits at this step. */
static char *
idle_text (AdjExercise *ex)
{
  const int bug = adj_exercise_get_bug (ex);
  GPtrArray *quiz = adj_exercise_get_quiz (ex);

  if (bug >= 0 && adj_exercise_get_bug_question (ex) == NULL)
    return g_strdup_printf ("The %s engine gets every number of this program right: %s Pick "
                            "another bug, or a program it breaks.",
                            ag_bug_to_string (bug), ag_bug_describe (bug));
  if (bug >= 0)
    return g_strdup ("Found. Step through both engines (C switches) to see how the mistake spreads.");
  if (quiz == NULL || quiz->len == 0)
    return g_strdup ("No questions here: exercise mode asks about scalar values and gradients "
                     "in reverse mode.");
  return g_strdup_printf ("Exercise mode: the player stops before each of the %u questions. Step "
                          "forward (→) or play (Space).", quiz->len);
}

static void
show_feedback (AdjExerciseBar *self, AdjExercise *ex)
{
  const char *text = adj_exercise_get_feedback (ex);
  const AdjAnswerResult r = adj_exercise_get_result (ex);

  gtk_widget_set_visible (self->feedback, text != NULL);
  gtk_label_set_text (GTK_LABEL (self->feedback), text ? text : "");
  gtk_widget_remove_css_class (self->feedback, "success");
  gtk_widget_remove_css_class (self->feedback, "error");
  if (r == ADJ_ANSWER_RIGHT)
    gtk_widget_add_css_class (self->feedback, "success");
  else if (r == ADJ_ANSWER_WRONG)
    gtk_widget_add_css_class (self->feedback, "error");
}

static void
show_score (AdjExerciseBar *self, AdjExercise *ex)
{
  guint right, finished, streak, n;
  const guint ever = adj_exercise_get_progress (ex, &n);
  g_autofree char *text = NULL;

  adj_exercise_get_score (ex, &right, &finished, &streak);
  /* Finding the bug is not one of the lesson's questions. */
  text = n > 0 && adj_exercise_get_bug (ex) < 0 ? g_strdup_printf ("Score %u / %u · streak %u · lesson %u of %u right", right, finished,
                                  streak, ever, n)
               : g_strdup_printf ("Score %u / %u · streak %u", right, finished, streak);
  gtk_label_set_text (GTK_LABEL (self->score), text);
}

/* An entry made insensitive while it has the keyboard would never hear its focus-out (GTK
 * warns): the keys go back to the graph first. */
static void
give_back_focus (AdjExerciseBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus && (focus == self->entry || gtk_widget_is_ancestor (focus, self->entry)))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-graph", NULL);
}

static void
update (AdjExerciseBar *self)
{
  AdjExercise *ex = self->exercise;
  const AgQuestion *q;
  const int bug = ex ? adj_exercise_get_bug (ex) : -1;
  g_autofree char *idle = NULL;

  if (ex == NULL)
    return;
  q = adj_exercise_get_pending (ex);
  idle = q ? NULL : idle_text (ex);
  gtk_label_set_text (GTK_LABEL (self->prompt), q ? q->prompt : idle);
  if (q == NULL)
    give_back_focus (self);
  gtk_widget_set_sensitive (self->entry, q != NULL);
  gtk_widget_set_sensitive (self->check_button, q != NULL);
  gtk_widget_set_visible (self->wrong_button, bug >= 0);
  gtk_widget_set_visible (self->compare_button, bug >= 0);
  /* A broken engine's replay is no run to write questions on. */
  gtk_widget_set_visible (self->questions_button, bug < 0);
  self->syncing = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->bug_dropdown), bug + 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->compare_button),
                                bug >= 0 && !adj_exercise_get_showing_broken (ex));
  gtk_button_set_label (GTK_BUTTON (self->compare_button),
                        bug >= 0 && !adj_exercise_get_showing_broken (ex) ? "Show broken engine"
                                                                         : "Show correct engine");
  self->syncing = FALSE;
  show_feedback (self, ex);
  show_score (self, ex);
}

/* ---- callbacks --------------------------------------------------------------------------- */

static void
changed_cb (AdjExercise *exercise, AdjExerciseBar *self)
{
  update (self);
}

static void
check (AdjExerciseBar *self)
{
  g_autoptr (GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  AdjAnswerResult result = ADJ_ANSWER_NONE;

  if (self->exercise == NULL)
    return;
  if (!adj_exercise_answer (self->exercise, text, &result, &error))
    {
      /* Not graded: say why, keep what was typed to fix it. */
      gtk_label_set_text (GTK_LABEL (self->feedback), error->message);
      gtk_widget_remove_css_class (self->feedback, "success");
      gtk_widget_add_css_class (self->feedback, "error");
      gtk_widget_set_visible (self->feedback, TRUE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  g_signal_emit (self, signals[ANSWERED], 0, (int) result);
}

static void
entry_activate_cb (GtkEntry *entry, AdjExerciseBar *self)
{
  check (self);
}

static void
check_clicked_cb (GtkButton *button, AdjExerciseBar *self)
{
  check (self);
}

/* Escape gives the keys back to the graph (the player's arrows). */
static gboolean
entry_key_cb (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
              AdjExerciseBar *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-graph", NULL);
  return TRUE;
}

static void
bug_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, AdjExerciseBar *self)
{
  const int bug = (int) gtk_drop_down_get_selected (dropdown) - 1;

  if (self->syncing || self->exercise == NULL)
    return;
  adj_exercise_set_bug (self->exercise, bug);
  update (self);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
adj_exercise_bar_dispose (GObject *object)
{
  AdjExerciseBar *self = ADJ_EXERCISE_BAR (object);

  adj_exercise_bar_set_exercise (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ADJ_TYPE_EXERCISE_BAR);
  G_OBJECT_CLASS (adj_exercise_bar_parent_class)->dispose (object);
}

static void
adj_exercise_bar_class_init (AdjExerciseBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adj_exercise_bar_dispose;
  /* An answer was graded (an AdjAnswerResult): right or revealed lets the player go on. */
  signals[ANSWERED] = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/adjoint/Adjoint/ui/adj-exercise-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, prompt);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, score);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, entry);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, check_button);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, hint_button);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, wrong_button);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, compare_button);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, bug_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, feedback);
  gtk_widget_class_bind_template_child (widget_class, AdjExerciseBar, questions_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, bug_selected_cb);
}

static void
adj_exercise_bar_init (AdjExerciseBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->questions_button), adj_question_editor_new ());
}

/* ---- public API -------------------------------------------------------------------------- */

GtkWidget *
adj_exercise_bar_new (void)
{
  return g_object_new (ADJ_TYPE_EXERCISE_BAR, NULL);
}

void
adj_exercise_bar_set_exercise (AdjExerciseBar *self, AdjExercise *exercise)
{
  g_return_if_fail (ADJ_IS_EXERCISE_BAR (self));
  if (self->exercise == exercise)
    return;
  if (self->exercise)
    g_clear_signal_handler (&self->changed_id, self->exercise);
  g_clear_object (&self->exercise);
  adj_question_editor_set_document (ADJ_QUESTION_EDITOR (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->questions_button))),
                                    exercise ? adj_exercise_get_document (exercise) : NULL);
  if (exercise == NULL)
    return;
  self->exercise = g_object_ref (exercise);
  self->changed_id = g_signal_connect (exercise, "changed", G_CALLBACK (changed_cb), self);
  update (self);
}

gboolean
adj_exercise_bar_focus_entry (AdjExerciseBar *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE_BAR (self), FALSE);
  if (self->exercise == NULL || adj_exercise_get_pending (self->exercise) == NULL)
    return FALSE;
  /* The window may ask before the exercise has told the strip about the new step. */
  update (self);
  return gtk_widget_grab_focus (self->entry);
}

void
adj_exercise_bar_edit_questions (AdjExerciseBar *self)
{
  g_return_if_fail (ADJ_IS_EXERCISE_BAR (self));
  if (gtk_widget_get_visible (self->questions_button))
    gtk_menu_button_popup (GTK_MENU_BUTTON (self->questions_button));
}
