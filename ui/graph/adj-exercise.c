/* adj-exercise.c: exercise mode's state for one document: questions, the hint ladder, score,
 * progress across runs, and find the bug's broken engine on the player (adj-exercise.h). */
#include "ui/graph/adj-exercise.h"
#include "core/autograd.h"
#include "core/format.h"
#include "core/program.h"

#include <glib/gstdio.h>
#include <string.h>

struct _AdjExercise
{
  GObject parent_instance;

  /* owned */
  AdjDocument *document;
  gulong       graph_changed_id, step_id, questions_id;
  GPtrArray   *quiz;        /* AgQuestion, of the document's current run */
  GHashTable  *done;        /* ids answered right or revealed this session */
  GHashTable  *right;       /* ids ever answered right in this lesson (the progress file's) */
  char        *lesson;      /* the progress file's key for it */
  char        *feedback;
  char        *current_id;  /* the question the feedback is about */

  gboolean        active;
  AdjAnswerResult result;
  guint           hint_level;
  guint           n_right, n_finished, streak;

  /* find the bug: the engines' traces of the program's run, and its question */
  int          bug;         /* an AgBug, or -1 */
  gboolean     showing_broken;
  AgTrace     *correct, *broken;
  AgQuestion  *bug_question;
  gboolean     replaying;   /* this object is installing a trace on the document */
};

G_DEFINE_FINAL_TYPE (AdjExercise, adj_exercise, G_TYPE_OBJECT)

enum { PROP_0, PROP_ACTIVE, N_PROPS };
enum { CHANGED, N_SIGNALS };
static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- pure -------------------------------------------------------------------------------- */

const AgQuestion *
adj_exercise_pending_in (GPtrArray *quiz, GHashTable *done, guint k)
{
  for (guint i = 0; quiz && i < quiz->len; i++)
    {
      const AgQuestion *q = g_ptr_array_index (quiz, i);
      if (q->step == k && (done == NULL || !g_hash_table_contains (done, q->id)))
        return q;
    }
  return NULL;
}

guint
adj_exercise_stop_in (GPtrArray *quiz, GHashTable *done, guint from, guint to)
{
  guint stop = to;

  if (to <= from)
    return to;
  for (guint i = 0; quiz && i < quiz->len; i++)
    {
      const AgQuestion *q = g_ptr_array_index (quiz, i);
      if (q->step >= from && q->step < stop && (done == NULL || !g_hash_table_contains (done, q->id)))
        stop = q->step;
    }
  return stop;
}

char *
adj_exercise_progress_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "adjoint", "exercises.ini", NULL);
}

/* A key file's group name cannot hold "[", "]" or line breaks: a path may. */
static char *
group_of (const char *lesson)
{
  char *group = g_strdup (lesson);
  for (char *c = group; *c; c++)
    if (*c == '[' || *c == ']' || *c == '\n' || *c == '\r')
      *c = '_';
  return group;
}

GHashTable *
adj_exercise_progress_load (const char *path, const char *lesson)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree char *group = group_of (lesson);
  g_auto (GStrv) right = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return ids;
  right = g_key_file_get_string_list (file, group, "right", NULL, NULL);
  for (guint i = 0; right && right[i]; i++)
    g_hash_table_add (ids, g_strdup (right[i]));
  return ids;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

gboolean
adj_exercise_progress_save (const char *path, const char *lesson, GHashTable *right,
                            GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree char *group = group_of (lesson);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree const char **ids = NULL;
  guint n = 0;

  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  ids = (const char **) g_hash_table_get_keys_as_array (right, &n);
  /* Sorted, so the file does not change when nothing did. */
  qsort (ids, n, sizeof *ids, compare_strings);
  g_key_file_set_string_list (file, group, "right", ids, n);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Could not make %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  return g_key_file_save_to_file (file, path, error);
}

/* ---- helpers ----------------------------------------------------------------------------- */

static void
emit_changed (AdjExercise *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_feedback (AdjExercise *self, AdjAnswerResult result, char *text)
{
  self->result = result;
  g_free (self->feedback);
  self->feedback = text;
}

static const AgQuestion *
find_question (AdjExercise *self, const char *id)
{
  if (id == NULL)
    return NULL;
  if (self->bug_question && g_str_equal (self->bug_question->id, id))
    return self->bug_question;
  for (guint i = 0; self->quiz && i < self->quiz->len; i++)
    {
      const AgQuestion *q = g_ptr_array_index (self->quiz, i);
      if (g_str_equal (q->id, id))
        return q;
    }
  return NULL;
}

/* The lesson's key and its progress, for the document as it is now. */
static void
load_progress (AdjExercise *self)
{
  g_autofree char *path = adj_exercise_progress_path ();
  g_autofree char *key = adj_exercise_dup_lesson_key (self);

  if (self->lesson && g_str_equal (self->lesson, key))
    return;
  g_free (self->lesson);
  self->lesson = g_steal_pointer (&key);
  g_clear_pointer (&self->right, g_hash_table_unref);
  self->right = adj_exercise_progress_load (path, self->lesson);
}

static void
save_progress (AdjExercise *self)
{
  g_autofree char *path = adj_exercise_progress_path ();
  g_autoptr (GError) error = NULL;

  if (!adj_exercise_progress_save (path, self->lesson, self->right, &error))
    g_warning ("Exercise progress not saved: %s", error->message);
}

/* The questions of the document's run: a new run (an edit, another lesson) asks afresh. */
static void
rebuild (AdjExercise *self)
{
  AdjDocument *doc = self->document;

  g_clear_pointer (&self->quiz, g_ptr_array_unref);
  g_hash_table_remove_all (self->done);
  g_clear_pointer (&self->current_id, g_free);
  set_feedback (self, ADJ_ANSWER_NONE, NULL);
  self->hint_level = 0;
  load_progress (self);
  if (adj_document_get_mode (doc) != ADJ_MODE_REVERSE || adj_document_get_run_note (doc))
    self->quiz = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_question_free);
  else
    self->quiz = ag_quiz_new (adj_document_get_trace (doc), adj_document_get_graph (doc),
                              adj_document_get_file_data (doc), FALSE, NULL);
}

static void clear_bug (AdjExercise *self);

static void
graph_changed_cb (AdjDocument *document, AdjExercise *self)
{
  /* Our own replay of an engine keeps the questions; any other run makes new ones. */
  if (self->replaying)
    return;
  if (self->bug >= 0 && adj_document_is_replaying (document))
    return;
  clear_bug (self);
  rebuild (self);
  emit_changed (self);
}

/* A new question starts its hint ladder afresh. The verdict on the one before stays readable
 * ("Right! …", "Answer: …") until this one is answered; a hint for it does not. */
static void
new_question (AdjExercise *self, const AgQuestion *q)
{
  g_free (self->current_id);
  self->current_id = g_strdup (q->id);
  self->hint_level = 0;
  if (self->result == ADJ_ANSWER_WRONG)
    set_feedback (self, ADJ_ANSWER_NONE, NULL);
}

static void
step_cb (AdjDocument *document, GParamSpec *pspec, AdjExercise *self)
{
  const AgQuestion *q = adj_exercise_get_pending (self);

  if (q && g_strcmp0 (q->id, self->current_id) != 0)
    new_question (self, q);
  emit_changed (self);
}

/* The lecturer wrote or removed a question: the quiz is read again from the file, and a
 * question now waiting at this step is asked at once. */
static void
questions_cb (AdjDocument *document, AdjExercise *self)
{
  const AgQuestion *q;

  if (self->bug >= 0)
    return;
  rebuild (self);
  q = adj_exercise_get_pending (self);
  if (q)
    new_question (self, q);
  emit_changed (self);
}

/* The question is over (right or revealed): counted, remembered, and the player may go on. */
static void
finish (AdjExercise *self, const AgQuestion *q, gboolean right)
{
  g_hash_table_add (self->done, g_strdup (q->id));
  self->n_finished++;
  if (right)
    {
      self->n_right++;
      if (self->hint_level == 0)
        self->streak++;
      if (q->kind != AG_QUESTION_FIRST_WRONG_STEP && !g_hash_table_contains (self->right, q->id))
        {
          g_hash_table_add (self->right, g_strdup (q->id));
          save_progress (self);
        }
    }
  else
    self->streak = 0;
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
adj_exercise_dispose (GObject *object)
{
  AdjExercise *self = ADJ_EXERCISE (object);

  if (self->document)
    {
      g_clear_signal_handler (&self->graph_changed_id, self->document);
      g_clear_signal_handler (&self->step_id, self->document);
      g_clear_signal_handler (&self->questions_id, self->document);
    }
  g_clear_object (&self->document);
  G_OBJECT_CLASS (adj_exercise_parent_class)->dispose (object);
}

static void
adj_exercise_finalize (GObject *object)
{
  AdjExercise *self = ADJ_EXERCISE (object);

  g_clear_pointer (&self->quiz, g_ptr_array_unref);
  g_clear_pointer (&self->done, g_hash_table_unref);
  g_clear_pointer (&self->right, g_hash_table_unref);
  g_clear_pointer (&self->correct, ag_trace_free);
  g_clear_pointer (&self->broken, ag_trace_free);
  g_clear_pointer (&self->bug_question, ag_question_free);
  g_free (self->lesson);
  g_free (self->feedback);
  g_free (self->current_id);
  G_OBJECT_CLASS (adj_exercise_parent_class)->finalize (object);
}

static void
adj_exercise_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AdjExercise *self = ADJ_EXERCISE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_exercise_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AdjExercise *self = ADJ_EXERCISE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      adj_exercise_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_exercise_class_init (AdjExerciseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = adj_exercise_dispose;
  object_class->finalize = adj_exercise_finalize;
  object_class->get_property = adj_exercise_get_property;
  object_class->set_property = adj_exercise_set_property;
  props[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  /* Anything the window shows changed: the pending question, the feedback, the score. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
adj_exercise_init (AdjExercise *self)
{
  self->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bug = -1;
}

/* ---- public API -------------------------------------------------------------------------- */

AdjExercise *
adj_exercise_new (AdjDocument *document)
{
  AdjExercise *self;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (document), NULL);
  self = g_object_new (ADJ_TYPE_EXERCISE, NULL);
  self->document = g_object_ref (document);
  self->graph_changed_id = g_signal_connect (document, "graph-changed", G_CALLBACK (graph_changed_cb), self);
  self->step_id = g_signal_connect (document, "notify::step", G_CALLBACK (step_cb), self);
  self->questions_id = g_signal_connect (document, "questions-changed", G_CALLBACK (questions_cb), self);
  rebuild (self);
  return self;
}

AdjDocument *
adj_exercise_get_document (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), NULL);
  return self->document;
}

void
adj_exercise_set_active (AdjExercise *self, gboolean active)
{
  g_return_if_fail (ADJ_IS_EXERCISE (self));
  active = !!active;
  if (active == self->active)
    return;
  self->active = active;
  if (!active)
    adj_exercise_set_bug (self, -1);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACTIVE]);
  step_cb (self->document, NULL, self);
}

gboolean
adj_exercise_get_active (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), FALSE);
  return self->active;
}

GPtrArray *
adj_exercise_get_quiz (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), NULL);
  return self->quiz;
}

const AgQuestion *
adj_exercise_get_pending (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), NULL);
  if (!self->active)
    return NULL;
  if (self->bug >= 0)
    return self->bug_question && !g_hash_table_contains (self->done, self->bug_question->id)
           ? self->bug_question : NULL;
  return adj_exercise_pending_in (self->quiz, self->done, adj_document_get_step (self->document));
}

const AgQuestion *
adj_exercise_get_current (AdjExercise *self)
{
  const AgQuestion *q;

  g_return_val_if_fail (ADJ_IS_EXERCISE (self), NULL);
  if (!self->active)
    return NULL;
  q = find_question (self, self->current_id);
  return q ? q : adj_exercise_get_pending (self);
}

guint
adj_exercise_stop (AdjExercise *self, guint to)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), to);
  if (!self->active || self->bug >= 0)
    return to;
  return adj_exercise_stop_in (self->quiz, self->done, adj_document_get_step (self->document), to);
}

AdjSceneAsk
adj_exercise_get_ask (AdjExercise *self)
{
  const AgQuestion *q = adj_exercise_get_pending (self);
  static const AdjAskKind kinds[] = {
    [AG_QUESTION_VALUE] = ADJ_ASK_VALUE, [AG_QUESTION_LOCAL] = ADJ_ASK_LOCAL,
    [AG_QUESTION_CONTRIBUTION] = ADJ_ASK_CONTRIBUTION, [AG_QUESTION_GRAD] = ADJ_ASK_GRAD,
    [AG_QUESTION_FIRST_WRONG_STEP] = ADJ_ASK_NONE,
  };

  if (q == NULL)
    return (AdjSceneAsk) { ADJ_ASK_NONE, AG_NO_ID, AG_NO_ID, AG_NO_ID, self->active };
  return (AdjSceneAsk) { kinds[q->kind], q->node, q->from, q->to, TRUE };
}

/* A wrong answer, or a hint asked for: the next rung of the ladder, then the reveal. */
static AdjAnswerResult
next_hint (AdjExercise *self, const AgQuestion *q, const char *before)
{
  if (self->hint_level < ag_question_n_hints (q))
    {
      const char *hint = q->hints[self->hint_level++];
      set_feedback (self, ADJ_ANSWER_WRONG, g_strdup_printf ("%s%sHint: %s", before ? before : "",
                                                             before ? " " : "", hint));
      self->streak = 0;
      emit_changed (self);
      return ADJ_ANSWER_WRONG;
    }
  set_feedback (self, ADJ_ANSWER_REVEALED, g_strdup_printf ("%s%sAnswer: %s", before ? before : "",
                                                            before ? " " : "", q->reveal));
  finish (self, q, FALSE);
  emit_changed (self);
  return ADJ_ANSWER_REVEALED;
}

static AdjAnswerResult
grade (AdjExercise *self, const AgQuestion *q, double answer)
{
  char buf[AG_FORMAT_HUMAN_SIZE];

  if (g_strcmp0 (q->id, self->current_id) != 0)
    new_question (self, q);
  if (ag_question_grade (q, answer))
    {
      set_feedback (self, ADJ_ANSWER_RIGHT, g_strdup_printf ("Right! %s", q->reveal));
      finish (self, q, TRUE);
      emit_changed (self);
      return ADJ_ANSWER_RIGHT;
    }
  {
    g_autofree char *before = g_strdup_printf ("Not %s.", ag_format_human_buf (buf, answer));
    return next_hint (self, q, before);
  }
}

gboolean
adj_exercise_answer (AdjExercise *self, const char *text, AdjAnswerResult *result, GError **error)
{
  const AgQuestion *q;
  double answer;
  AdjAnswerResult r;

  g_return_val_if_fail (ADJ_IS_EXERCISE (self), FALSE);
  q = adj_exercise_get_pending (self);
  if (q == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No question is waiting at this step.");
      return FALSE;
    }
  if (!ag_answer_parse (text, &answer, error))
    return FALSE;
  r = grade (self, q, answer);
  if (result)
    *result = r;
  return TRUE;
}

AdjAnswerResult
adj_exercise_hint (AdjExercise *self)
{
  const AgQuestion *q;

  g_return_val_if_fail (ADJ_IS_EXERCISE (self), ADJ_ANSWER_NONE);
  q = adj_exercise_get_pending (self);
  if (q == NULL)
    return ADJ_ANSWER_NONE;
  if (g_strcmp0 (q->id, self->current_id) != 0)
    new_question (self, q);
  return next_hint (self, q, NULL);
}

AdjAnswerResult
adj_exercise_reveal (AdjExercise *self)
{
  const AgQuestion *q;

  g_return_val_if_fail (ADJ_IS_EXERCISE (self), ADJ_ANSWER_NONE);
  q = adj_exercise_get_pending (self);
  if (q == NULL)
    return ADJ_ANSWER_NONE;
  if (g_strcmp0 (q->id, self->current_id) != 0)
    new_question (self, q);
  self->hint_level = ag_question_n_hints (q);
  return next_hint (self, q, NULL);
}

gboolean
adj_exercise_next_question (AdjExercise *self)
{
  const AgQuestion *q;

  g_return_val_if_fail (ADJ_IS_EXERCISE (self), FALSE);
  q = adj_exercise_get_pending (self);
  if (q == NULL || g_strcmp0 (q->id, self->current_id) == 0)
    return FALSE;
  new_question (self, q);
  emit_changed (self);
  return TRUE;
}

AdjAnswerResult
adj_exercise_get_result (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), ADJ_ANSWER_NONE);
  return self->result;
}

const char *
adj_exercise_get_feedback (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), NULL);
  return self->feedback;
}

guint
adj_exercise_get_hint_level (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), 0);
  return self->hint_level;
}

void
adj_exercise_get_score (AdjExercise *self, guint *right, guint *finished, guint *streak)
{
  g_return_if_fail (ADJ_IS_EXERCISE (self));
  if (right)
    *right = self->n_right;
  if (finished)
    *finished = self->n_finished;
  if (streak)
    *streak = self->streak;
}

guint
adj_exercise_get_progress (AdjExercise *self, guint *n_questions)
{
  guint n = 0;

  g_return_val_if_fail (ADJ_IS_EXERCISE (self), 0);
  for (guint i = 0; self->quiz && i < self->quiz->len; i++)
    n += g_hash_table_contains (self->right, ((AgQuestion *) g_ptr_array_index (self->quiz, i))->id);
  if (n_questions)
    *n_questions = self->quiz ? self->quiz->len : 0;
  return n;
}

char *
adj_exercise_dup_lesson_key (AdjExercise *self)
{
  GFile *file;

  g_return_val_if_fail (ADJ_IS_EXERCISE (self), NULL);
  file = adj_document_get_file (self->document);
  if (file)
    {
      char *path = g_file_get_path (file);
      return path ? path : g_file_get_uri (file);
    }
  return g_strdup (adj_document_get_title (self->document));
}

/* ---- find the bug ------------------------------------------------------------------------ */

static AgTrace *
trace_copy (const AgTrace *trace)
{
  AgTrace *copy = ag_trace_new ();

  g_array_append_vals (copy->steps, trace->steps->data, trace->steps->len);
  g_array_append_vals (copy->data, trace->data->data, trace->data->len);
  return copy;
}

/* A fresh run of the document's program (its own graph, values in it), or NULL. */
static AgGraph *
run_program (AdjExercise *self, AgTrace **trace)
{
  g_autoptr (AgGraph) graph = ag_program_parse (adj_document_get_program (self->document), -1, NULL);
  g_autoptr (AgTrace) run = ag_trace_new ();

  if (graph == NULL || !ag_graph_run (graph, run, NULL))
    return NULL;
  *trace = g_steal_pointer (&run);
  return g_steal_pointer (&graph);
}

/* Puts the engine's trace on the document's player at the step it was at. */
static void
install_trace (AdjExercise *self)
{
  const guint k = adj_document_get_step (self->document);
  AgTrace *unused = NULL;
  AgGraph *graph = run_program (self, &unused);

  ag_trace_free (unused);
  if (graph == NULL)
    return;
  self->replaying = TRUE;
  adj_document_show_training_step (self->document, graph,
                                   trace_copy (self->showing_broken ? self->broken : self->correct));
  adj_document_set_step (self->document, k);
  self->replaying = FALSE;
}

static void
clear_bug (AdjExercise *self)
{
  self->bug = -1;
  g_clear_pointer (&self->correct, ag_trace_free);
  g_clear_pointer (&self->broken, ag_trace_free);
  g_clear_pointer (&self->bug_question, ag_question_free);
}

gboolean
adj_exercise_set_bug (AdjExercise *self, int bug)
{
  g_autoptr (AgGraph) graph = NULL;
  AgTrace *correct = NULL;

  g_return_val_if_fail (ADJ_IS_EXERCISE (self), FALSE);
  g_return_val_if_fail (bug >= -1 && bug < AG_N_BUGS, FALSE);
  if (bug == self->bug)
    return TRUE;
  if (bug < 0)
    {
      const gboolean was = self->bug >= 0;
      clear_bug (self);
      set_feedback (self, ADJ_ANSWER_NONE, NULL);
      if (was)
        adj_document_run_again (self->document);   /* rebuilds the questions */
      emit_changed (self);
      return TRUE;
    }
  if (adj_document_get_mode (self->document) != ADJ_MODE_REVERSE ||
      (graph = run_program (self, &correct)) == NULL || ag_graph_n_nodes (graph) == 0)
    return FALSE;
  clear_bug (self);
  self->bug = bug;
  self->correct = correct;
  self->broken = ag_bug_trace_new (correct, graph, bug);
  self->bug_question = ag_bug_question_new (correct, self->broken, graph, bug);
  self->showing_broken = TRUE;
  g_hash_table_remove_all (self->done);
  g_clear_pointer (&self->current_id, g_free);
  self->hint_level = 0;
  set_feedback (self, ADJ_ANSWER_NONE, NULL);
  install_trace (self);
  emit_changed (self);
  return TRUE;
}

int
adj_exercise_get_bug (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), -1);
  return self->bug;
}

void
adj_exercise_show_broken (AdjExercise *self, gboolean broken)
{
  g_return_if_fail (ADJ_IS_EXERCISE (self));
  if (self->bug < 0 || !!broken == self->showing_broken)
    return;
  self->showing_broken = !!broken;
  install_trace (self);
  emit_changed (self);
}

gboolean
adj_exercise_get_showing_broken (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), FALSE);
  return self->bug >= 0 && self->showing_broken;
}

gboolean
adj_exercise_mark_wrong_step (AdjExercise *self, AdjAnswerResult *result)
{
  const guint k = adj_document_get_step (self->document);
  const AgQuestion *q;
  AdjAnswerResult r;

  g_return_val_if_fail (ADJ_IS_EXERCISE (self), FALSE);
  q = adj_exercise_get_pending (self);
  if (self->bug < 0 || q == NULL || k == 0)
    return FALSE;
  r = grade (self, q, k);
  if (result)
    *result = r;
  return TRUE;
}

const AgQuestion *
adj_exercise_get_bug_question (AdjExercise *self)
{
  g_return_val_if_fail (ADJ_IS_EXERCISE (self), NULL);
  return self->bug_question;
}
