/* adj-document.c: the open document, the one owner of the core state the widgets show. */
#include "ui/graph/adj-document.h"
#include "ui/graph/adj-document-fold.h"
#include "ui/graph/adj-document-private.h"
#include "ui/graph/adj-document-text.h"
#include "core/autograd.h"
#include "core/caption-anchor.h"
#include "core/file.h"
#include "ui/graph/adj-eval.h"
#include "core/format.h"
#include "core/program.h"
#include "core/train.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (AdjDocument, adj_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_MODIFIED,
  PROP_ERROR,
  PROP_STEP,
  PROP_MODE,
  PROP_SELECTED,
  PROP_BUSY,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum {
  GRAPH_CHANGED,
  LAYOUT_CHANGED,
  CHANGED,
  QUESTIONS_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* ---- helpers ----------------------------------------------------------------------------- */

/* Where the player goes after an evaluation (AdjEval's step), besides a position >= 0. */
enum {
  STEP_AFTER_EDIT = -1,   /* stay when only values changed, else show the result (the end) */
  STEP_KEEP       = -2,   /* stay, clamped to the new trace (a new mode or tangent seed) */
  STEP_REFOLD     = -3,   /* stay on what it showed: self->refold_raw_done unfolded steps done */
};

/* Names the positions of the trace on show, for captions (reverse mode, the program's run).
 * The first run of a loaded file also places an old file's numbered captions on its steps. */
static void
refresh_anchors (AdjDocument *self, gboolean reverse)
{
  g_clear_pointer (&self->anchors, g_ptr_array_unref);
  if (!reverse || self->replaying)
    return;
  self->anchors = ag_caption_anchors_new (self->trace, self->graph);
  ag_graph_file_set_caption_order (self->doc, self->anchors);
  if (self->legacy_captions && ag_graph_n_nodes (self->graph) > 0)
    {
      ag_graph_file_anchor_captions (self->doc, self->anchors);
      self->legacy_captions = FALSE;
    }
}

/* Where the forward phase ends in @trace: its leading forward steps. Folding drops a closed
 * call's inner steps, so the run's own count (of the unfolded trace) is too many there. */
static guint
forward_steps (const AgTrace *trace)
{
  guint k = 0;

  while (k < ag_trace_n_steps (trace) && ag_trace_step (trace, k)->kind == AG_STEP_FORWARD)
    k++;
  return k;
}

/* Takes the run's trace, note and settled seed from @e. */
static void
take_run (AdjDocument *self, AdjEval *e)
{
  self->replaying = FALSE;
  adj_document_free_later (NULL, NULL, g_steal_pointer (&self->trace));
  self->trace = g_steal_pointer (&e->trace);
  adj_fold_state_take (&self->fold, self->graph, self->doc, &self->trace);
  g_free (self->run_note);
  self->run_note = g_steal_pointer (&e->run_note);
  self->phase_start = MIN (e->phase_start, forward_steps (self->trace));
  self->tangent_wrt = e->tangent_wrt;
  self->tangent_element = e->tangent_element;
  refresh_anchors (self, !e->forward);
}

/* Runs the document's own graph again, here, and records the trace of the current mode. */
static void
run (AdjDocument *self)
{
  AdjEval e = { .graph = self->graph, .trace = ag_trace_new (), .forward = self->mode == ADJ_MODE_FORWARD,
                .tangent_wrt = self->tangent_wrt, .tangent_element = self->tangent_element };

  adj_eval_run (&e, NULL);
  take_run (self, &e);
}

/* Lays out the graph, here, as the file and the canvas's text size say now. */
static AdjLayout *
make_layout (AdjDocument *self, const AgGraph *g)
{
  self->shown_epoch = self->layout_epoch;
  return adj_document_make_layout (g, self->doc, self->font_scale);
}

/* Makes @layout (owned) the one on show; a new serial tells the canvas. */
static void
set_layout (AdjDocument *self, AdjLayout *layout)
{
  adj_document_free_later (NULL, g_steal_pointer (&self->layout), NULL);
  g_clear_pointer (&self->moved_from, g_free);
  self->layout = layout;
  self->layout_serial++;
}

/* Makes @graph (owned) the document's graph and @layout (owned, made for it) its layout; a
 * NULL @layout keeps the old one (@graph has the old graph's structure). An edit's new layout
 * remembers where its nodes were drawn before, for the canvas to move them from there. */
static void
replace_graph (AdjDocument *self, AgGraph *graph, AdjLayout *layout, gboolean edit)
{
  if (layout)
    {
      double *from = edit ? adj_document_moved_from (self->graph, self->layout, graph, layout) : NULL;
      set_layout (self, layout);
      self->moved_from = from;
    }
  adj_document_free_later (g_steal_pointer (&self->graph), NULL, NULL);
  self->graph = graph;
}

/* The file the document is saved in (may be NULL) and the name it goes by. */
static void
set_file (AdjDocument *self, GFile *file, const char *display_name)
{
  g_set_object (&self->file, file);
  g_free (self->display_name);
  self->display_name = g_strdup (display_name);
}

/* Every edit passes here with TRUE: ::changed tells the recovery copy (app/window/adj-recovery.c)
 * about each one, :modified only about the first. */
static void
set_modified (AdjDocument *self, gboolean modified)
{
  if (self->modified != modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODIFIED]);
    }
  if (modified)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_error (AdjDocument *self, GError *error)   /* takes @error */
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR]);
}

/* The seed of the file's training setup: a network's initialisers draw from it, so the graph
 * shows the weights the training lab starts from. 0 without a setup. */
static guint64
training_seed (const AgGraphFile *doc)
{
  AgTrainSetup setup;
  guint64 seed;

  if (doc->training == NULL || !ag_train_setup_from_json (doc->training, &setup, NULL))
    return 0;
  seed = setup.seed;
  ag_train_setup_clear (&setup);
  return seed;
}

/* Parses @text into a graph the canvas can draw: dot's layout takes seconds past a few
 * thousand nodes, and nobody reads a drawing that size. */
static AgGraph *
parse_drawable (const AgGraphFile *doc, const char *text, GError **error)
{
  AgProgramOptions options = { training_seed (doc), 0 };
  AgGraph *graph = ag_program_parse_with (text, -1, &options, error);

  if (graph && ag_graph_n_nodes (graph) > ADJ_DOCUMENT_MAX_NODES)
    {
      ag_set_error_at (error, AG_ERROR_LIMIT, 0, 0, 0,
                       "the program makes %u nodes; the window draws at most %u "
                       "(the command-line verbs take larger graphs)",
                       ag_graph_n_nodes (graph), ADJ_DOCUMENT_MAX_NODES);
      g_clear_pointer (&graph, ag_graph_free);
    }
  return graph;
}

static void
set_busy (AdjDocument *self, gboolean busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
}

/* Forgets the evaluation in flight, if any: its result will be dropped when it arrives. */
static void
drop_pending (AdjDocument *self)
{
  self->generation++;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Makes @e's graph and run the document's, with @layout (owned, made for @e's graph) or, when
 * NULL, the layout on show (the structure is the same), then moves the player as @e->step says:
 * STEP_AFTER_EDIT stays where it was when only values changed, else shows the result (the last
 * position). Main thread. */
static void
install_eval (AdjDocument *self, AdjEval *e, AdjLayout *layout)
{
  AgGraph *graph = g_steal_pointer (&e->graph);
  const gboolean keep = layout == NULL;
  const guint old_step = self->step, old_n = self->trace ? ag_trace_n_steps (self->trace) : 0;
  AgId selected = AG_NO_ID;
  guint n;

  if (self->selected != AG_NO_ID && self->graph != NULL)
    {
      const AgNode *node = ag_graph_node (self->graph, self->selected);
      selected = keep ? self->selected : node->name ? ag_graph_lookup (graph, node->name) : AG_NO_ID;
    }
  replace_graph (self, graph, layout, e->step == STEP_AFTER_EDIT);
  take_run (self, e);
  /* Observers of ::graph-changed read the selection against the new graph. */
  {
    const AgId old_selected = self->selected;
    self->selected = selected;
    if (old_selected != selected)
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED]);
  }

  n = ag_trace_n_steps (self->trace);
  if (e->step >= 0)
    self->step = MIN ((guint) e->step, n);
  else if (e->step == STEP_REFOLD)
    self->step = adj_document_step_at_raw_done (&self->fold, self->refold_raw_done, n);
  else if (e->step == STEP_AFTER_EDIT && (!keep || old_step == old_n))
    self->step = n;
  else
    self->step = MIN (old_step, n);
  g_signal_emit (self, signals[GRAPH_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STEP]);
}

static void rerun (AdjDocument *self);
static void layout_done (GObject *source, GAsyncResult *result, gpointer user_data);

/* Installs @e (owned, run) now when the layout on show still fits its graph or a new one is
 * cheap; else lays its graph out on a worker (:busy stays TRUE, the old graph and layout stay on
 * show, whole, until both arrive together). */
static void
settle_eval (AdjDocument *self, AdjEval *e)
{
  const gboolean keep = self->shown_epoch == self->layout_epoch && adj_document_same_structure (self->graph, e->graph);
  AdjLayoutJob *job;

  /* A small graph is laid out here, unless Graphviz is still busy with an older (superseded)
   * layout: the main thread would wait for it. */
  /* An empty graph (a file's placeholder) never waits: its layout needs no Graphviz. */
  if (keep || ag_graph_n_nodes (e->graph) == 0 ||
      (ag_graph_n_nodes (e->graph) <= ADJ_DOCUMENT_INLINE_LAYOUT_NODES && !adj_document_layout_in_flight ()))
    {
      const gboolean forward = e->forward;
      install_eval (self, e, keep ? NULL : make_layout (self, e->graph));
      adj_eval_free (e);
      self->laying_out = FALSE;
      set_busy (self, FALSE);
      /* The mode changed while it ran, and the text no longer parses (else rerun() would have
       * asked again): run it once more in the new mode. */
      if (forward != (self->mode == ADJ_MODE_FORWARD))
        rerun (self);
      return;
    }
  job = adj_layout_job_new (e, self->doc, self->font_scale, self->generation, self->layout_epoch);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  adj_layout_job_run_in_thread (job, self, self->cancellable, layout_done, NULL);
  self->laying_out = TRUE;
  if (self->busy)   /* a run on a worker came first: the spinner says what is going on now */
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
  set_busy (self, TRUE);
}

/* Back on the main thread with a layout: installs it with its run unless a newer edit (or load,
 * or replayed training step) came after it; a call folded or the text size changed meanwhile
 * lays it out again. */
static void
layout_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AdjDocument *self = ADJ_DOCUMENT (source);
  AdjLayoutJob *job = adj_layout_job_from_result (result);
  AdjEval *e;

  if (job->generation != self->generation)
    return;
  g_clear_object (&self->cancellable);
  e = g_steal_pointer (&job->eval);
  if (job->epoch != self->layout_epoch || job->layout == NULL)
    {
      settle_eval (self, e);
      return;
    }
  self->shown_epoch = job->epoch;
  /* Nodes dragged while it was made go where they were dropped (the job had a copy). */
  adj_document_place_nodes (job->layout, e->graph, self->doc);
  install_eval (self, e, g_steal_pointer (&job->layout));
  self->laying_out = FALSE;
  set_busy (self, FALSE);
  if (e->forward != (self->mode == ADJ_MODE_FORWARD))
    rerun (self);
  adj_eval_free (e);
}

/* Back on the main thread with a run: settles it unless a newer edit (or load, or replayed
 * training step) came after it. */
static void
eval_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AdjDocument *self = ADJ_DOCUMENT (source);
  AdjEval *e = adj_eval_from_result (result);

  if (e->generation != self->generation)
    return;
  g_clear_object (&self->cancellable);
  /* The task frees its own copy: the document takes the run. */
  settle_eval (self, g_memdup2 (e, sizeof *e));
  memset (e, 0, sizeof *e);
}

/* Makes @graph (owned, not yet run) the document's graph; the player goes to position @step
 * (or STEP_AFTER_EDIT, STEP_KEEP). A graph costing at most ADJ_DOCUMENT_INLINE_COST is run here,
 * and one of at most ADJ_DOCUMENT_INLINE_LAYOUT_NODES nodes (or the old one's structure) laid
 * out here, and installed before this returns, exactly as before workers existed; a heavier
 * one runs or is laid out on a worker thread, with :busy TRUE until it is installed (the old
 * graph stays on show meanwhile). Either way any work still in flight is dropped: the newest
 * edit wins. */
static void
install_graph (AdjDocument *self, AgGraph *graph, int step)
{
  AdjEval *e;

  drop_pending (self);
  e = adj_eval_new (graph, self->mode == ADJ_MODE_FORWARD, self->tangent_wrt, self->tangent_element);
  e->step = step;
  e->generation = self->generation;
  if (adj_eval_cost (graph) <= ADJ_DOCUMENT_INLINE_COST)
    {
      adj_eval_run (e, NULL);
      settle_eval (self, e);
      return;
    }
  self->cancellable = g_cancellable_new ();
  adj_eval_run_in_thread (e, self, self->cancellable, eval_done, NULL);
  self->laying_out = FALSE;
  set_busy (self, TRUE);
}

/* Runs the same graph again after the mode or the tangent's seed changed; the player keeps its
 * step where the new trace has it. */
static void
rerun (AdjDocument *self)
{
  /* A heavy graph is parsed again from its text and run on a worker; a replayed training step
   * or a graph whose text no longer parses has no text to parse, so it runs here. */
  if (!self->replaying && self->error == NULL &&
      (self->busy || adj_eval_cost (self->graph) > ADJ_DOCUMENT_INLINE_COST))
    {
      AgGraph *graph = parse_drawable (self->doc, self->doc->program, NULL);
      if (graph)
        {
          install_graph (self, graph, STEP_KEEP);
          return;
        }
    }
  /* An evaluation in flight (of an older text) goes on and is run again when it arrives. */
  run (self);
  self->step = MIN (self->step, ag_trace_n_steps (self->trace));
  g_signal_emit (self, signals[GRAPH_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STEP]);
}

/* Lays the graph on show out again, as the file now says (a call opened or folded, a new text
 * size), on a worker when it is large or Graphviz is busy: parsed again from its text (a graph
 * the worker may own) and run, the old graph and layout on show meanwhile; the player goes to
 * @step. FALSE when it need not, or cannot (a replayed training step, or a text that does not
 * parse: the graph on show is not the text's): then the caller lays it out here. */
static gboolean
relayout_in_background (AdjDocument *self, int step)
{
  AgGraph *graph;

  if (self->replaying || self->error != NULL || self->busy ||
      (ag_graph_n_nodes (self->graph) <= ADJ_DOCUMENT_INLINE_LAYOUT_NODES && !adj_document_layout_in_flight ()))
    return FALSE;
  graph = parse_drawable (self->doc, self->doc->program, NULL);
  if (graph == NULL)
    return FALSE;
  install_graph (self, graph, step);
  return TRUE;
}

/* Replaces the whole document with @doc (owned). */
static void
install (AdjDocument *self, AgGraphFile *doc, GFile *file, const char *display_name)
{
  g_autoptr (GError) error = NULL;
  AgGraph *graph;

  g_clear_pointer (&self->doc, ag_graph_file_free);
  self->doc = doc;
  set_file (self, file, display_name);
  self->mode = doc->mode && g_str_equal (doc->mode, "forward") ? ADJ_MODE_FORWARD : ADJ_MODE_REVERSE;
  self->tangent_wrt = AG_NO_ID;
  self->selected = AG_NO_ID;
  graph = parse_drawable (doc, doc->program, &error);
  if (graph == NULL)
    graph = ag_graph_new ();
  /* A new file never keeps the old layout. One that runs or is laid out on a worker (a large
   * one, or any while Graphviz is busy) shows an empty graph meanwhile: the old file's graph
   * and trace do not belong to its text. */
  if (adj_eval_cost (graph) > ADJ_DOCUMENT_INLINE_COST ||
      ag_graph_n_nodes (graph) > ADJ_DOCUMENT_INLINE_LAYOUT_NODES || adj_document_layout_in_flight ())
    install_graph (self, ag_graph_new (), 0);
  else
    g_clear_pointer (&self->graph, ag_graph_free);
  self->view_fresh = doc->zoom > 0;
  self->legacy_captions = TRUE;
  install_graph (self, graph, MAX (doc->step, 0));
  set_error (self, g_steal_pointer (&error));
  set_modified (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED]);
}

/* The player's step and mode go into the file too. */
static void
store_player (AdjDocument *self)
{
  self->doc->step = (int) self->step;
  g_free (self->doc->mode);
  self->doc->mode = g_strdup (self->mode == ADJ_MODE_FORWARD ? "forward" : "reverse");
}

/* Writes @file as a graph file, or only the program text when @text, and makes it the
 * document's file, in that format. */
static gboolean
save_file (AdjDocument *self, GFile *file, gboolean text, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_IO, "only local files can be saved");
      return FALSE;
    }
  store_player (self);
  /* Program text through the one atomic writer, as the graph file is written. */
  if (!(text ? ag_file_replace_contents (path, self->doc->program, strlen (self->doc->program), error)
             : ag_graph_file_save (self->doc, path, error)))
    return FALSE;
  base = g_file_get_basename (file);
  set_file (self, file, base);
  self->plain_text = text;
  set_modified (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
  return TRUE;
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
adj_document_finalize (GObject *object)
{
  AdjDocument *self = ADJ_DOCUMENT (object);

  ag_graph_file_free (self->doc);
  g_clear_object (&self->file);
  g_free (self->display_name);
  ag_graph_free (self->graph);
  ag_trace_free (self->trace);
  adj_fold_state_clear (&self->fold);
  g_clear_pointer (&self->anchors, g_ptr_array_unref);
  adj_layout_free (self->layout);
  g_free (self->moved_from);
  g_clear_error (&self->error);
  g_free (self->run_note);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (adj_document_parent_class)->finalize (object);
}

static void
adj_document_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AdjDocument *self = ADJ_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_set_string (value, adj_document_get_title (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_document_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AdjDocument *self = ADJ_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_STEP:
      adj_document_set_step (self, g_value_get_uint (value));
      break;
    case PROP_MODE:
      adj_document_set_mode (self, g_value_get_int (value));
      break;
    case PROP_SELECTED:
      adj_document_set_selected (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_document_class_init (AdjDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = adj_document_finalize;
  object_class->get_property = adj_document_get_property;
  object_class->set_property = adj_document_set_property;

  props[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_STEP] = g_param_spec_uint ("step", NULL, NULL, 0, G_MAXUINT, 0,
                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_MODE] = g_param_spec_int ("mode", NULL, NULL, ADJ_MODE_REVERSE, ADJ_MODE_FORWARD, ADJ_MODE_REVERSE,
                                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_SELECTED] = g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, AG_NO_ID,
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An evaluation runs on a worker: the graph shown is the one before the last edit. */
  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* The graph, its trace and maybe its layout were replaced or re-run: redraw everything. */
  signals[GRAPH_CHANGED] = g_signal_new ("graph-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A node moved. */
  signals[LAYOUT_CHANGED] = g_signal_new ("layout-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* An edit: the program, a caption, a position or the training setup changed (not saved yet). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The lecturer's questions were edited (adj-document-questions.c): exercise mode re-reads them. */
  signals[QUESTIONS_CHANGED] = g_signal_new ("questions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
adj_document_init (AdjDocument *self)
{
  self->doc = ag_graph_file_new ();
  self->graph = ag_graph_new ();
  self->trace = ag_trace_new ();
  self->font_scale = 1.0;
  self->layout = make_layout (self, self->graph);
  self->tangent_wrt = AG_NO_ID;
  self->selected = AG_NO_ID;
}

/* ---- public API -------------------------------------------------------------------------- */

AdjDocument *
adj_document_new (void)
{
  return g_object_new (ADJ_TYPE_DOCUMENT, NULL);
}

gboolean
adj_document_load (AdjDocument *self, GFile *file, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  AgGraphFile *doc;
  gboolean plain = FALSE;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_set_error (error, AG_ERROR, AG_ERROR_IO, "%s: only local files can be opened", uri);
      return FALSE;
    }
  doc = adj_document_text_load (path, &plain, error);
  if (doc == NULL)
    return FALSE;
  base = g_file_get_basename (file);
  install (self, doc, file, base);
  self->plain_text = plain;
  return TRUE;
}

gboolean
adj_document_load_data (AdjDocument *self, const char *data, gsize length, const char *display_name,
                        GError **error)
{
  AgGraphFile *doc;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  doc = ag_graph_file_load_from_data (data, length, error);
  if (doc == NULL)
    return FALSE;
  install (self, doc, NULL, display_name);
  self->plain_text = adj_document_text_is_program (data, length);
  return TRUE;
}

gboolean
adj_document_save (AdjDocument *self, GFile *file, GError **error)
{
  return save_file (self, file, FALSE, error);
}

GFile *
adj_document_get_file (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->file;
}

const char *
adj_document_get_title (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  if (self->doc->title && self->doc->title[0])
    return self->doc->title;
  return self->display_name ? self->display_name : "Untitled";
}

void
adj_document_set_title (AdjDocument *self, const char *title)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  if (g_strcmp0 (self->doc->title, title) == 0)
    return;
  g_free (self->doc->title);
  self->doc->title = g_strdup (title);
  set_modified (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

const char *
adj_document_get_note (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->doc->note;
}

gboolean
adj_document_get_modified (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  return self->modified;
}

const char *
adj_document_get_program (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->doc->program;
}

gboolean
adj_document_set_program (AdjDocument *self, const char *text)
{
  g_autoptr (GError) error = NULL;
  AgGraph *graph;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  if (g_str_equal (text, self->doc->program))
    return self->error == NULL;
  ag_graph_file_set_program (self->doc, text);
  set_modified (self, TRUE);
  graph = parse_drawable (self->doc, text, &error);
  if (graph == NULL)
    {
      set_error (self, g_steal_pointer (&error));
      return FALSE;
    }
  set_error (self, NULL);
  install_graph (self, graph, -1);
  return TRUE;
}

const GError *
adj_document_get_error (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->error;
}

char *
adj_document_dup_error_text (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  if (self->error == NULL)
    return NULL;
  return ag_program_format_error (self->error, self->display_name ? self->display_name : "<program>",
                                  self->doc->program);
}

AgGraph *
adj_document_get_graph (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->graph;
}

const AgTrace *
adj_document_get_trace (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->trace;
}

const char *
adj_document_get_run_note (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->run_note;
}

guint
adj_document_get_step (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), 0);
  return self->step;
}

void
adj_document_set_step (AdjDocument *self, guint k)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  k = MIN (k, ag_trace_n_steps (self->trace));
  if (k == self->step)
    return;
  self->step = k;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STEP]);
}

guint
adj_document_get_n_steps (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), 0);
  return ag_trace_n_steps (self->trace);
}

guint
adj_document_get_phase_start (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), 0);
  return self->phase_start;
}

AdjMode
adj_document_get_mode (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), ADJ_MODE_REVERSE);
  return self->mode;
}

void
adj_document_set_mode (AdjDocument *self, AdjMode mode)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  if (mode == self->mode)
    return;
  self->mode = mode;
  rerun (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODE]);
}

void
adj_document_set_tangent_seed (AdjDocument *self, AgId wrt, guint element)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  self->tangent_wrt = wrt;
  self->tangent_element = element;
  if (self->mode != ADJ_MODE_FORWARD)
    return;
  rerun (self);
}

AgId
adj_document_get_tangent_seed (AdjDocument *self, guint *element)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), AG_NO_ID);
  if (element)
    *element = self->tangent_element;
  return self->tangent_wrt;
}

void
adj_document_toggle_call (AdjDocument *self, guint call)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  g_return_if_fail (call < ag_graph_n_calls (self->graph));
  adj_fold_toggle (self->doc, self->graph, call);
  self->layout_epoch++;
  if (self->busy)
    {
      /* The graph on show is about to go: its replacement is folded and laid out as the file
       * now says (settle_eval(), layout_done()), and the main thread waits on no layout. */
      set_modified (self, TRUE);
      return;
    }
  self->refold_raw_done = adj_document_raw_done_at (&self->fold, self->step);
  if (relayout_in_background (self, STEP_REFOLD))
    {
      set_modified (self, TRUE);
      return;
    }
  if (!self->replaying)
    {
      self->step = adj_fold_state_refold (&self->fold, self->graph, self->doc, &self->trace, self->step);
      self->phase_start = forward_steps (self->trace);
      refresh_anchors (self, self->mode != ADJ_MODE_FORWARD);
    }
  set_layout (self, make_layout (self, self->graph));
  set_modified (self, TRUE);
  g_signal_emit (self, signals[GRAPH_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STEP]);
}

AgId
adj_document_get_selected (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), AG_NO_ID);
  return self->selected;
}

void
adj_document_set_selected (AdjDocument *self, AgId id)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  if (id >= ag_graph_n_nodes (self->graph))
    id = AG_NO_ID;
  if (id == self->selected)
    return;
  self->selected = id;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED]);
}

gboolean
adj_document_set_input_value (AdjDocument *self, AgId id, guint element, double value)
{
  const AgNode *n;
  g_autofree double *data = NULL;
  g_autofree char *literal = NULL;
  GString *text;
  gssize start, end;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  /* While a worker runs, the graph shown is not the text's: its literals are elsewhere. */
  if (id >= ag_graph_n_nodes (self->graph) || self->error != NULL || self->busy || !isfinite (value))
    return FALSE;
  n = ag_graph_node (self->graph, id);
  if (n->op != AG_OP_LEAF || n->role == AG_ROLE_CONST || element >= n->size || n->line == 0)
    return FALSE;
  start = adj_document_text_offset (self->doc->program, n->line, n->col);
  if (start < 0)
    return FALSE;
  /* The span counts characters as the lexer does, newlines included: a matrix literal may
   * run over several lines. */
  {
    const char *p = self->doc->program + start;
    for (guint i = 0; i < n->len && *p; i++)
      p = g_utf8_next_char (p);
    end = p - self->doc->program;
  }
  data = g_memdup2 (ag_graph_value (self->graph, id), n->size * sizeof (double));
  data[element] = value;
  literal = ag_format_tensor_dup (n->shape, data);
  text = g_string_new_len (self->doc->program, start);
  g_string_append (text, literal);
  g_string_append (text, self->doc->program + end);
  adj_document_set_program (self, text->str);
  g_string_free (text, TRUE);
  return self->error == NULL;
}

void
adj_document_move_node (AdjDocument *self, AgId id, double x, double y)
{
  g_autofree char *key = NULL;

  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  g_return_if_fail (id < ag_graph_n_nodes (self->graph));
  if (!isfinite (x) || !isfinite (y))
    return;
  x = MAX (x, 0);
  y = MAX (y, 0);
  adj_layout_move_node (self->layout, self->graph, id, x, y);
  key = adj_document_node_key (self->graph, id);
  ag_graph_file_set_position (self->doc, key, x, y);
  set_modified (self, TRUE);
  g_signal_emit (self, signals[LAYOUT_CHANGED], 0);
}

void
adj_document_set_font_scale (AdjDocument *self, double font_scale)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  g_return_if_fail (font_scale >= 0.5 && font_scale <= 4.0);
  if (self->font_scale == font_scale)
    return;
  self->font_scale = font_scale;
  self->layout_epoch++;
  if (self->busy || relayout_in_background (self, STEP_KEEP))
    return;   /* the graph on the way is laid out at this size (layout_done()) */
  set_layout (self, make_layout (self, self->graph));
  g_signal_emit (self, signals[GRAPH_CHANGED], 0);
}

gboolean
adj_document_take_saved_view (AdjDocument *self, double *zoom, double *pan_x, double *pan_y)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  if (!self->view_fresh)
    return FALSE;
  self->view_fresh = FALSE;
  adj_document_get_view (self, zoom, pan_x, pan_y);
  return *zoom > 0;
}

void
adj_document_get_view (AdjDocument *self, double *zoom, double *pan_x, double *pan_y)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  *zoom = self->doc->zoom;
  *pan_x = self->doc->pan_x;
  *pan_y = self->doc->pan_y;
}

void
adj_document_set_view (AdjDocument *self, double zoom, double pan_x, double pan_y)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  if (!(zoom > 0) || !isfinite (zoom) || !isfinite (pan_x) || !isfinite (pan_y))
    return;
  self->doc->zoom = zoom;
  self->doc->pan_x = pan_x;
  self->doc->pan_y = pan_y;
}

JsonNode *
adj_document_get_training (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->doc->training;
}

void
adj_document_set_training (AdjDocument *self, JsonNode *training)
{
  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  if (self->doc->training && training && json_node_equal (self->doc->training, training))
    return;
  const guint64 old_seed = training_seed (self->doc);

  g_clear_pointer (&self->doc->training, json_node_unref);
  self->doc->training = training ? json_node_copy (training) : NULL;
  set_modified (self, TRUE);
  /* The initialisers draw from the seed: the graph shows the weights the lab starts from. */
  if (training_seed (self->doc) != old_seed && self->error == NULL)
    {
      AgGraph *graph = parse_drawable (self->doc, self->doc->program, NULL);
      if (graph)
        install_graph (self, graph, -1);
    }
}

void
adj_document_show_training_step (AdjDocument *self, AgGraph *graph, AgTrace *trace)
{
  const gboolean keep = adj_document_same_structure (self->graph, graph);

  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  g_return_if_fail (graph != NULL && trace != NULL);
  drop_pending (self);
  set_busy (self, FALSE);
  self->laying_out = FALSE;
  replace_graph (self, graph, keep && self->shown_epoch == self->layout_epoch ? NULL : make_layout (self, graph),
                 FALSE);
  g_clear_pointer (&self->trace, ag_trace_free);
  self->trace = trace;
  adj_fold_state_clear (&self->fold);   /* a trainer's steps: not folded */
  g_clear_pointer (&self->run_note, g_free);
  self->phase_start = 0;
  for (guint k = 0; k < ag_trace_n_steps (trace); k++)
    if (ag_trace_step (trace, k)->kind == AG_STEP_SEED)
      {
        self->phase_start = k;
        break;
      }
  if (self->mode != ADJ_MODE_REVERSE)
    {
      self->mode = ADJ_MODE_REVERSE;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODE]);
    }
  if (self->selected != AG_NO_ID && (!keep || self->selected >= ag_graph_n_nodes (graph)))
    {
      self->selected = AG_NO_ID;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED]);
    }
  self->replaying = TRUE;
  refresh_anchors (self, FALSE);
  self->step = 0;
  g_signal_emit (self, signals[GRAPH_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STEP]);
}

void
adj_document_run_again (AdjDocument *self)
{
  AgGraph *graph;

  g_return_if_fail (ADJ_IS_DOCUMENT (self));
  graph = parse_drawable (self->doc, self->doc->program, NULL);
  if (graph)
    install_graph (self, graph, STEP_KEEP);
}

const AgGraphFile *
adj_document_get_file_data (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  return self->doc;
}

AgGraphFile *
adj_document_edit_file_data (AdjDocument *self)
{
  return self->replaying ? NULL : self->doc;
}

void
adj_document_mark_modified (AdjDocument *self)
{
  set_modified (self, TRUE);
}

void
adj_document_questions_edited (AdjDocument *self)
{
  set_modified (self, TRUE);
  g_signal_emit (self, signals[QUESTIONS_CHANGED], 0);
}

gboolean
adj_document_get_busy (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  return self->busy;
}

gboolean
adj_document_is_replaying (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  return self->replaying;
}

/* ---- plain program text and recovery copies ---------------------------------------------- */

gboolean
adj_document_get_plain_text (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  return self->plain_text;
}

gboolean
adj_document_has_graph_extras (AdjDocument *self)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  return g_hash_table_size (self->doc->captions) > 0 || g_hash_table_size (self->doc->positions) > 0 ||
         self->doc->training != NULL || self->doc->title != NULL || self->doc->note != NULL ||
         self->doc->questions->len > 0;
}

gboolean
adj_document_save_program (AdjDocument *self, GFile *file, GError **error)
{
  return save_file (self, file, TRUE, error);
}

char *
adj_document_dup_data (AdjDocument *self, gsize *length)
{
  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), NULL);
  store_player (self);
  return ag_graph_file_to_data (self->doc, length);
}

gboolean
adj_document_load_recovered (AdjDocument *self, const char *data, gsize length, GFile *file,
                             const char *display_name, gboolean plain_text, GError **error)
{
  g_autofree char *base = file ? g_file_get_basename (file) : NULL;
  AgGraphFile *doc;

  g_return_val_if_fail (ADJ_IS_DOCUMENT (self), FALSE);
  doc = ag_graph_file_load_from_data (data, length, error);
  if (doc == NULL)
    return FALSE;
  install (self, doc, file, base ? base : display_name);
  self->plain_text = plain_text;
  set_modified (self, TRUE);
  return TRUE;
}
