/* adj-question-editor.c: the popover a lecturer writes a step's questions in
 * (adj-question-editor.h). */
#include "ui/graph/adj-question-editor.h"

static const char *const kind_names[] = { "Value", "Local derivative", "Contribution", "Gradient" };
#define N_KINDS G_N_ELEMENTS (kind_names)   /* AG_QUESTION_VALUE … AG_QUESTION_GRAD */

struct _AdjQuestionEditor
{
  GtkPopover parent_instance;

  /* owned */
  AdjDocument *document;
  gulong       step_id, graph_id, questions_id;
  gboolean     fits[N_KINDS];
  char        *why[N_KINDS];      /* why a kind cannot be asked here, or NULL */
  char        *preview[N_KINDS];  /* the generated prompt of a kind that can */
  gboolean     syncing;

  /* template children (borrowed) */
  GtkWidget *heading, *list, *kind_dropdown, *prompt_entry, *status, *add_button;
};

G_DEFINE_FINAL_TYPE (AdjQuestionEditor, adj_question_editor, GTK_TYPE_POPOVER)

/* ---- helpers ----------------------------------------------------------------------------- */

static void
set_status (AdjQuestionEditor *self, const char *text, gboolean error)
{
  gtk_label_set_text (GTK_LABEL (self->status), text);
  if (error)
    gtk_widget_add_css_class (self->status, "error");
  else
    gtk_widget_remove_css_class (self->status, "error");
}

/* What the chosen kind would ask, or why the step cannot ask it. */
static void
show_kind (AdjQuestionEditor *self)
{
  const guint kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));
  g_autofree char *text = NULL;

  if (kind >= N_KINDS)
    return;
  if (self->fits[kind])
    text = g_strdup_printf ("Asks: %s", self->preview[kind]);
  else
    text = g_strdup_printf ("Not at this step: %s", self->why[kind] ? self->why[kind] : "");
  set_status (self, text, FALSE);
  gtk_widget_set_sensitive (self->add_button, self->fits[kind]);
}

static void
remove_clicked_cb (GtkButton *button, AdjQuestionEditor *self)
{
  const guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "question-index"));

  if (self->document)
    adj_document_remove_question (self->document, index);   /* ::questions-changed refreshes */
}

static GtkWidget *
question_row (AdjQuestionEditor *self, const AgFileQuestion *fq, guint index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label, *button;
  AgQuestionKind kind = AG_QUESTION_VALUE;
  g_autofree char *text = NULL;

  ag_question_kind_from_string (fq->kind, &kind);
  text = g_strdup_printf ("%s · %s", kind < N_KINDS ? kind_names[kind] : fq->kind,
                          fq->prompt ? fq->prompt : "(the generated prompt)");
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (label, 6);
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, "Remove this question");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Remove this question", -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "question-index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static void
fill_list (AdjQuestionEditor *self, guint k)
{
  g_autoptr (GArray) here = adj_document_dup_questions_at (self->document, k);
  const AgGraphFile *file = adj_document_get_file_data (self->document);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  for (guint i = 0; i < here->len; i++)
    {
      const guint index = g_array_index (here, guint, i);
      gtk_list_box_append (GTK_LIST_BOX (self->list),
                           question_row (self, g_ptr_array_index (file->questions, index), index));
    }
  gtk_widget_set_visible (self->list, here->len > 0);
}

/* Which kinds position @k can ask, with the generated prompt or the reason; a kind the step
 * already asks is offered no second time (the document would refuse it). */
static void
read_kinds (AdjQuestionEditor *self, guint k)
{
  const AgTrace *trace = adj_document_get_trace (self->document);
  const AgGraph *graph = adj_document_get_graph (self->document);
  const AgGraphFile *file = adj_document_get_file_data (self->document);
  g_autoptr (GArray) here = adj_document_dup_questions_at (self->document, k);
  gboolean asked[N_KINDS] = { FALSE };

  for (guint i = 0; i < here->len; i++)
    {
      const AgFileQuestion *fq = g_ptr_array_index (file->questions, g_array_index (here, guint, i));
      AgQuestionKind kind;
      if (ag_question_kind_from_string (fq->kind, &kind) && kind < N_KINDS)
        asked[kind] = TRUE;
    }
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_clear_pointer (&self->why[kind], g_free);
      g_clear_pointer (&self->preview[kind], g_free);
      self->fits[kind] = adj_document_question_fits (self->document, k, kind, &self->why[kind]);
      if (self->fits[kind] && asked[kind])
        {
          self->fits[kind] = FALSE;
          self->why[kind] = g_strdup ("this step asks it already (listed above; remove it to write it again).");
        }
      if (self->fits[kind])
        {
          g_autoptr (AgQuestion) q = ag_question_new_at (kind, trace, graph, k, NULL);
          self->preview[kind] = g_strdup (q ? q->prompt : "");
        }
    }
}

/* The dropdown names the kinds the step cannot ask as such, and keeps a kind it can. */
static void
fill_kinds (AdjQuestionEditor *self)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (self->kind_dropdown));
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));
  const char *items[N_KINDS + 1] = { NULL };
  char *marked[N_KINDS] = { NULL };

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      marked[kind] = self->fits[kind] ? g_strdup (kind_names[kind])
                                      : g_strdup_printf ("%s (not here)", kind_names[kind]);
      items[kind] = marked[kind];
    }
  if (selected >= N_KINDS || !self->fits[selected])
    for (guint kind = 0; kind < N_KINDS; kind++)
      if (self->fits[kind])
        {
          selected = kind;
          break;
        }
  self->syncing = TRUE;
  gtk_string_list_splice (GTK_STRING_LIST (model), 0, g_list_model_get_n_items (model), items);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), selected < N_KINDS ? selected : 0);
  self->syncing = FALSE;
  for (guint kind = 0; kind < N_KINDS; kind++)
    g_free (marked[kind]);
}

static gboolean
shown (AdjQuestionEditor *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

/* ---- callbacks --------------------------------------------------------------------------- */

static void
document_cb (AdjQuestionEditor *self)
{
  if (shown (self))
    adj_question_editor_refresh (self);
}

static void
kind_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, AdjQuestionEditor *self)
{
  if (!self->syncing)
    show_kind (self);
}

static void
add (AdjQuestionEditor *self)
{
  const guint kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));
  g_autoptr (GError) error = NULL;

  if (self->document == NULL || kind >= N_KINDS)
    return;
  if (!adj_document_add_question (self->document, adj_document_get_step (self->document), kind,
                                  gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry)), &error))
    {
      /* Kept what was typed, to fix it. */
      set_status (self, error->message, TRUE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->prompt_entry), "");
  set_status (self, "Added: exercise mode asks it here. Save to keep it in the file.", FALSE);
}

static void
add_clicked_cb (GtkButton *button, AdjQuestionEditor *self)
{
  add (self);
}

static void
prompt_activate_cb (GtkEntry *entry, AdjQuestionEditor *self)
{
  if (gtk_widget_get_sensitive (self->add_button))
    add (self);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
adj_question_editor_show (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (adj_question_editor_parent_class)->show (widget);
  adj_question_editor_refresh (ADJ_QUESTION_EDITOR (widget));
}

static void
adj_question_editor_dispose (GObject *object)
{
  AdjQuestionEditor *self = ADJ_QUESTION_EDITOR (object);

  adj_question_editor_set_document (self, NULL);
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_clear_pointer (&self->why[kind], g_free);
      g_clear_pointer (&self->preview[kind], g_free);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), ADJ_TYPE_QUESTION_EDITOR);
  G_OBJECT_CLASS (adj_question_editor_parent_class)->dispose (object);
}

static void
adj_question_editor_class_init (AdjQuestionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adj_question_editor_dispose;
  widget_class->show = adj_question_editor_show;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/adjoint/Adjoint/ui/adj-question-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AdjQuestionEditor, heading);
  gtk_widget_class_bind_template_child (widget_class, AdjQuestionEditor, list);
  gtk_widget_class_bind_template_child (widget_class, AdjQuestionEditor, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AdjQuestionEditor, prompt_entry);
  gtk_widget_class_bind_template_child (widget_class, AdjQuestionEditor, status);
  gtk_widget_class_bind_template_child (widget_class, AdjQuestionEditor, add_button);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, prompt_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
adj_question_editor_init (AdjQuestionEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API -------------------------------------------------------------------------- */

GtkWidget *
adj_question_editor_new (void)
{
  return g_object_new (ADJ_TYPE_QUESTION_EDITOR, NULL);
}

void
adj_question_editor_set_document (AdjQuestionEditor *self, AdjDocument *document)
{
  g_return_if_fail (ADJ_IS_QUESTION_EDITOR (self));
  if (self->document == document)
    return;
  if (self->document)
    {
      g_clear_signal_handler (&self->step_id, self->document);
      g_clear_signal_handler (&self->graph_id, self->document);
      g_clear_signal_handler (&self->questions_id, self->document);
    }
  g_clear_object (&self->document);
  if (document == NULL)
    return;
  self->document = g_object_ref (document);
  self->step_id = g_signal_connect_swapped (document, "notify::step", G_CALLBACK (document_cb), self);
  self->graph_id = g_signal_connect_swapped (document, "graph-changed", G_CALLBACK (document_cb), self);
  self->questions_id = g_signal_connect_swapped (document, "questions-changed", G_CALLBACK (document_cb), self);
}

void
adj_question_editor_refresh (AdjQuestionEditor *self)
{
  guint k, n;
  g_autofree char *what = NULL, *heading = NULL;

  g_return_if_fail (ADJ_IS_QUESTION_EDITOR (self));
  if (self->document == NULL)
    return;
  k = adj_document_get_step (self->document);
  n = adj_document_get_n_steps (self->document);
  /* Asked at position k, before step k + 1 is taken: about what that step computes. */
  what = k < n ? adj_document_dup_step_text (self->document, k + 1) : NULL;
  heading = what ? g_strdup_printf ("Asked here, before the next step (%u of %u) — %s", k + 1, n, what)
                 : g_strdup ("Questions are asked before a step: go back to one.");
  gtk_label_set_text (GTK_LABEL (self->heading), heading);
  read_kinds (self, k);
  fill_kinds (self);
  fill_list (self, k);
  show_kind (self);
}
