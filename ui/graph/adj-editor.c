/* adj-editor.c: the program editor: a GtkSourceView with Adjoint's highlighting above an error
 * bar, the error's place underlined in the text, and a debounced ::changed. */
#include "ui/graph/adj-editor.h"
#include "adj-resources.h"

#include <string.h>

#define CHANGED_DELAY_MS 150
#define LANGUAGE_DIR "resource:///org/adjoint/Adjoint/language-specs"
#define STYLES_RESOURCE "/org/adjoint/Adjoint/styles/"

struct _AdjEditor
{
  GtkWidget parent_instance;

  /* children from the template (data/ui/adj-editor.ui) */
  GtkWidget       *scroller;        /* holds view */
  GtkSourceView   *view;
  GtkWidget       *error_bar;       /* a GtkLabel */

  /* owned */
  GtkSourceBuffer *buffer;
  char            *error_message;   /* NULL when there is no error */
  guint            error_line;      /* its place as given to show_error; line 0: none */
  guint            error_col;
  guint            error_length;
  guint            changed_source;  /* the pending ::changed, or 0 */

  /* borrowed */
  GtkTextTag    *error_tag;         /* owned by the buffer's tag table */
  GtkTextTag    *step_tag;          /* the current step's statement; likewise */
  GtkTextMark   *step_mark;         /* its start, for scrolling; owned by the buffer */
  guint          step_line;         /* 1-based; 0: none */
  GtkSettings   *settings;          /* the default display's; lives as long as the process */
  gboolean       setting_text;      /* inside adj_editor_set_text() */
  gboolean       high_contrast;
};

G_DEFINE_FINAL_TYPE (AdjEditor, adj_editor, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Large enough to read from the back of a classroom. The bar keeps the theme's text colour on
 * a red tint: GTK 4.8's dark theme draws label.error #cc0000 on #353535, too faint to project. */
static const char editor_css[] =
  "textview.adj-editor-view { font-family: monospace; font-size: 13pt; }\n"
  "label.adj-editor-error {\n"
  "  padding: 8px 12px;\n"
  "  font-size: 12pt;\n"
  "  color: @theme_fg_color;\n"
  "  background-color: alpha(@error_color, 0.15);\n"
  "  border-left: 4px solid @error_color;\n"
  "}\n";

/* Helpers */

/* A private manager, because a search path can only be set before the first language is
 * loaded, and the default manager may have loaded them already. Ours comes first; the
 * default directories supply def.lang, which the styles and the comment context refer to. */
static GtkSourceLanguage *
get_language (void)
{
  static GtkSourceLanguageManager *manager;

  if (manager == NULL)
    {
      GtkSourceLanguageManager *def = gtk_source_language_manager_get_default ();
      const char *const *default_path = gtk_source_language_manager_get_search_path (def);
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) path = NULL;

      /* The generated resource object registers the bundle from a constructor, but a linker
       * takes an object out of a static library only when something refers to it: this does. */
      g_return_val_if_fail (adj_get_resource () != NULL, NULL);
      g_strv_builder_add (builder, LANGUAGE_DIR);
      g_strv_builder_addv (builder, (const char **) default_path);
      path = g_strv_builder_end (builder);
      manager = gtk_source_language_manager_new ();
      gtk_source_language_manager_set_search_path (manager, (const char *const *) path);
    }
  return gtk_source_language_manager_get_language (manager, "adjoint");
}

/* GtkSourceView 5.6 lists style schemes in a resource folder but cannot load them from there:
 * the bundle's schemes are copied to the user's cache (rewritten only when they differ), a
 * folder the manager can read. FALSE if it cannot be written; the default schemes stand in. */
static gboolean
copy_schemes (const char *dir)
{
  g_auto (GStrv) names = g_resources_enumerate_children (STYLES_RESOURCE, 0, NULL);

  if (names == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *resource = g_strconcat (STYLES_RESOURCE, names[i], NULL);
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr (GBytes) bytes = g_resources_lookup_data (resource, 0, NULL);
      g_autofree char *old = NULL;
      gsize old_len = 0, len = 0;
      const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

      if (data == NULL)
        return FALSE;
      if (g_file_get_contents (path, &old, &old_len, NULL) && old_len == len &&
          memcmp (old, data, len) == 0)
        continue;
      if (!g_file_set_contents (path, data, (gssize) len, NULL))
        return FALSE;
    }
  return TRUE;
}

/* Likewise a private manager for the style schemes: ours, whose parents (Adwaita,
 * Adwaita-dark) come from the default directories. */
static GtkSourceStyleSchemeManager *
get_scheme_manager (void)
{
  static GtkSourceStyleSchemeManager *manager;

  if (manager == NULL)
    {
      GtkSourceStyleSchemeManager *def = gtk_source_style_scheme_manager_get_default ();
      const char *const *default_path = gtk_source_style_scheme_manager_get_search_path (def);
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "adjoint", "styles", NULL);
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) path = NULL;

      g_return_val_if_fail (adj_get_resource () != NULL, NULL);
      if (copy_schemes (dir))
        g_strv_builder_add (builder, dir);
      g_strv_builder_addv (builder, (const char **) default_path);
      path = g_strv_builder_end (builder);
      manager = gtk_source_style_scheme_manager_new ();
      gtk_source_style_scheme_manager_set_search_path (manager, (const char *const *) path);
    }
  return manager;
}

static GtkCssProvider *
get_css_provider (void)
{
  static GtkCssProvider *provider;

  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      gtk_css_provider_load_from_data (provider, editor_css, -1);
    }
  return provider;
}

static void
add_css (GtkWidget *widget, const char *css_class)
{
  gtk_widget_add_css_class (widget, css_class);
  /* Not deprecated before GTK 4.10, and the only way to style one widget without asking the
   * application to load our CSS. */
  gtk_style_context_add_provider (gtk_widget_get_style_context (widget),
                                  GTK_STYLE_PROVIDER (get_css_provider ()),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* The iters around @length characters from @line:@col (1-based, in characters), clamped to
 * the buffer: a line past the end is the end, a column past the line is its end. */
static void
get_span (GtkTextBuffer *buffer, guint line, guint col, guint length,
          GtkTextIter *start, GtkTextIter *end)
{
  const int line_index = (int) MIN (MAX (line, 1u) - 1, (guint) G_MAXINT);
  const int col_index = (int) MIN (MAX (col, 1u) - 1, (guint) G_MAXINT);

  /* This clamps by itself (returning FALSE): past the last line is the end of the buffer,
   * past the end of a line is the end of that line. */
  gtk_text_buffer_get_iter_at_line_offset (buffer, start, line_index, col_index);
  *end = *start;
  gtk_text_iter_forward_chars (end, (int) MIN (length, (guint) G_MAXINT));
}

/* A span the reader can see: an empty span shows the character at its place; a place at the
 * end of a line shows the last character before it (the error is "after" what was written),
 * skipping back over empty lines. FALSE when there is no such character (an empty buffer). */
static gboolean
get_visible_span (GtkTextBuffer *buffer, guint line, guint col, guint length,
                  GtkTextIter *start, GtkTextIter *end)
{
  get_span (buffer, line, col, length, start, end);
  if (gtk_text_iter_ends_line (start))
    {
      while (gtk_text_iter_ends_line (start) && gtk_text_iter_starts_line (start))
        if (!gtk_text_iter_backward_char (start))
          return FALSE;
      if (gtk_text_iter_ends_line (start) && !gtk_text_iter_backward_char (start))
        return FALSE;
      *end = *start;
      gtk_text_iter_forward_char (end);
    }
  else if (gtk_text_iter_equal (start, end))
    gtk_text_iter_forward_char (end);
  return TRUE;
}

/* Underlines the error's place in the current text, if it has one. */
static void
underline_error (AdjEditor *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start, end;
  int n_tags;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);
  if (self->error_line == 0 ||
      !get_visible_span (buffer, self->error_line, self->error_col, self->error_length,
                         &start, &end))
    return;
  /* Above the highlighting's tags, which are created lazily and so come later. */
  n_tags = gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (buffer));
  gtk_text_tag_set_priority (self->error_tag, n_tags - 1);
  gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
}

/* GtkSourceView 5.6 leaks a view that ever showed line numbers: the gutter's renderers hold a
 * reference to the view, and so does the GtkSourceGutterLines the gutter keeps from its last
 * snapshot until the next one (view -> gutter -> lines -> view). Taking the renderers out and
 * running one snapshot of the now empty gutter, which starts by dropping the lines, lets the
 * view go when its parent does. Harmless on versions that do not leak. */
static void
release_gutter (GtkSourceView *view)
{
  GtkSourceGutter *gutter = gtk_source_view_get_gutter (view, GTK_TEXT_WINDOW_LEFT);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  GtkWidget *child;

  gtk_source_view_set_show_line_numbers (view, FALSE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (gutter))) != NULL)
    gtk_source_gutter_remove (gutter, GTK_SOURCE_GUTTER_RENDERER (child));
  GTK_WIDGET_GET_CLASS (gutter)->snapshot (GTK_WIDGET (gutter), snapshot);
}

static gboolean
is_dark (GtkSettings *settings)
{
  gboolean prefer_dark = FALSE;
  g_autofree char *theme = NULL;

  g_object_get (settings,
                "gtk-application-prefer-dark-theme", &prefer_dark,
                "gtk-theme-name", &theme,
                NULL);
  return prefer_dark || (theme != NULL && g_str_has_suffix (theme, "-dark"));
}

/* Callbacks */

/* Sets @property of @tag to the background @style_id of @scheme gives, or to @fallback. */
static void
set_tag_background (GtkTextTag *tag, const char *property, GtkSourceStyleScheme *scheme,
                    const char *style_id, const GdkRGBA *fallback)
{
  GtkSourceStyle *style = scheme ? gtk_source_style_scheme_get_style (scheme, style_id) : NULL;
  g_autofree char *spec = NULL;
  gboolean set = FALSE;
  GdkRGBA color = *fallback;

  if (style != NULL)
    g_object_get (style, "background", &spec, "background-set", &set, NULL);
  if (set && spec != NULL && !gdk_rgba_parse (&color, spec))
    color = *fallback;
  g_object_set (tag, property, &color, NULL);
}

static void
update_style_scheme_cb (AdjEditor *self)
{
  const gboolean dark = self->settings != NULL && is_dark (self->settings);
  GtkSourceStyleScheme *scheme = adj_editor_lookup_scheme (dark, self->high_contrast);
  /* Only if the bundle lost the schemes: translucent tints that keep most of the contrast. */
  const GdkRGBA step_tint = { 0.21, 0.52, 0.89, 0.2 };
  const GdkRGBA error_tint = { 0.88, 0.11, 0.14, 0.2 };

  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (),
                                                         dark ? "Adwaita-dark" : "Adwaita");
  gtk_source_buffer_set_style_scheme (self->buffer, scheme);
  /* The step's and the error's lines are opaque colours of the scheme, chosen with its text
   * colours: a tint laid over them would have lowered every ratio below the scheme's. */
  set_tag_background (self->step_tag, "paragraph-background-rgba", scheme, "adjoint:step-line",
                      &step_tint);
  set_tag_background (self->error_tag, "background-rgba", scheme, "adjoint:error-line",
                      &error_tint);
}

static gboolean
changed_timeout_cb (gpointer user_data)
{
  AdjEditor *self = ADJ_EDITOR (user_data);

  self->changed_source = 0;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed_cb (AdjEditor *self)
{
  if (self->setting_text)
    return;
  /* Restart the wait on every keystroke, so a rebuild runs once the typing pauses. */
  g_clear_handle_id (&self->changed_source, g_source_remove);
  self->changed_source = g_timeout_add (CHANGED_DELAY_MS, changed_timeout_cb, self);
  g_source_set_name_by_id (self->changed_source, "[adjoint] AdjEditor::changed");
}

/* Vfuncs */

static gboolean
adj_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ADJ_EDITOR (widget)->view));
}

static void
adj_editor_dispose (GObject *object)
{
  AdjEditor *self = ADJ_EDITOR (object);

  g_clear_handle_id (&self->changed_source, g_source_remove);
  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      self->settings = NULL;
    }
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  if (self->view != NULL)
    release_gutter (self->view);
  gtk_widget_dispose_template (GTK_WIDGET (self), ADJ_TYPE_EDITOR);
  self->error_tag = NULL;
  self->step_tag = NULL;
  self->step_mark = NULL;
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (adj_editor_parent_class)->dispose (object);
}

static void
adj_editor_finalize (GObject *object)
{
  AdjEditor *self = ADJ_EDITOR (object);

  g_free (self->error_message);

  G_OBJECT_CLASS (adj_editor_parent_class)->finalize (object);
}

static void
adj_editor_class_init (AdjEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adj_editor_dispose;
  object_class->finalize = adj_editor_finalize;
  widget_class->grab_focus = adj_editor_grab_focus;

  /* Emitted once the user pauses after editing the text (debounced); never for set_text. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "adjeditor");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);

  gtk_source_init ();
  /* Referring to the generated resource object links it in, and its constructor registers the
   * bundle the template comes from. */
  g_return_if_fail (adj_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/adjoint/Adjoint/ui/adj-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AdjEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, AdjEditor, view);
  gtk_widget_class_bind_template_child (widget_class, AdjEditor, error_bar);
}

static void
adj_editor_init (AdjEditor *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  const GdkRGBA error_red = { 0.88, 0.11, 0.14, 1 };

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_language (self->buffer, get_language ());
  gtk_source_buffer_set_highlight_syntax (self->buffer, TRUE);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, TRUE);
  self->error_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "adj-error",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                "underline-rgba", &error_red,
                                                NULL);
  /* Behind the whole line; its colour, like the error's background, comes from the style
   * scheme (update_style_scheme_cb). */
  self->step_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "adj-step", NULL);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self);

  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), GTK_TEXT_BUFFER (self->buffer));
  add_css (GTK_WIDGET (self->view), "adj-editor-view");
  add_css (self->error_bar, "adj-editor-error");

  self->settings = gtk_settings_get_default ();
  if (self->settings != NULL)
    {
      g_signal_connect_swapped (self->settings, "notify::gtk-application-prefer-dark-theme",
                                G_CALLBACK (update_style_scheme_cb), self);
      g_signal_connect_swapped (self->settings, "notify::gtk-theme-name",
                                G_CALLBACK (update_style_scheme_cb), self);
    }
  update_style_scheme_cb (self);
}

/* Public API */

GtkWidget *
adj_editor_new (void)
{
  return g_object_new (ADJ_TYPE_EDITOR, NULL);
}

GtkSourceStyleScheme *
adj_editor_lookup_scheme (gboolean dark, gboolean high_contrast)
{
  static const char *const ids[2][2] = {
    { "adjoint-light", "adjoint-hc" },
    { "adjoint-dark", "adjoint-hc-dark" },
  };
  GtkSourceStyleSchemeManager *manager = get_scheme_manager ();

  g_return_val_if_fail (manager != NULL, NULL);
  return gtk_source_style_scheme_manager_get_scheme (manager, ids[dark != FALSE][high_contrast != FALSE]);
}

void
adj_editor_set_high_contrast (AdjEditor *self, gboolean high_contrast)
{
  g_return_if_fail (ADJ_IS_EDITOR (self));
  if (self->high_contrast == !!high_contrast)
    return;
  self->high_contrast = !!high_contrast;
  update_style_scheme_cb (self);
}

gboolean
adj_editor_get_high_contrast (AdjEditor *self)
{
  g_return_val_if_fail (ADJ_IS_EDITOR (self), FALSE);
  return self->high_contrast;
}

void
adj_editor_set_text (AdjEditor *self, const char *text)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;

  g_return_if_fail (ADJ_IS_EDITOR (self));
  g_return_if_fail (text != NULL);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  /* A load replaces whatever the user was typing: its pending ::changed is moot. */
  g_clear_handle_id (&self->changed_source, g_source_remove);
  self->setting_text = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  self->setting_text = FALSE;
  gtk_text_buffer_set_modified (buffer, FALSE);
  /* The error stays: whoever showed it clears it. A document reports the error of a file it
   * loads before handing over the text, so clearing here would hide that error. */
  underline_error (self);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer),
                                0, FALSE, 0, 0);
}

char *
adj_editor_dup_text (AdjEditor *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (ADJ_IS_EDITOR (self), NULL);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
}

void
adj_editor_flush (AdjEditor *self)
{
  g_return_if_fail (ADJ_IS_EDITOR (self));

  if (self->changed_source == 0)
    return;
  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
adj_editor_show_error (AdjEditor *self, guint line, guint col, guint length, const char *message)
{
  g_return_if_fail (ADJ_IS_EDITOR (self));
  g_return_if_fail (message != NULL);

  self->error_line = line;
  self->error_col = col;
  self->error_length = length;
  underline_error (self);
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  gtk_label_set_text (GTK_LABEL (self->error_bar), message);
  gtk_widget_set_visible (self->error_bar, TRUE);
}

void
adj_editor_clear_error (AdjEditor *self)
{
  g_return_if_fail (ADJ_IS_EDITOR (self));

  self->error_line = 0;
  underline_error (self);
  g_clear_pointer (&self->error_message, g_free);
  gtk_label_set_text (GTK_LABEL (self->error_bar), "");
  gtk_widget_set_visible (self->error_bar, FALSE);
}

gboolean
adj_editor_get_error_visible (AdjEditor *self)
{
  g_return_val_if_fail (ADJ_IS_EDITOR (self), FALSE);

  return gtk_widget_get_visible (self->error_bar);
}

const char *
adj_editor_get_error_message (AdjEditor *self)
{
  g_return_val_if_fail (ADJ_IS_EDITOR (self), NULL);

  return self->error_message;
}

void
adj_editor_select_span (AdjEditor *self, guint line, guint col, guint length)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (ADJ_IS_EDITOR (self));

  buffer = GTK_TEXT_BUFFER (self->buffer);
  get_span (buffer, line, col, length, &start, &end);
  /* The cursor at the end, as if the user had dragged over the span. */
  gtk_text_buffer_select_range (buffer, &end, &start);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view),
                                gtk_text_buffer_get_selection_bound (buffer),
                                0.1, FALSE, 0, 0);
}

GtkSourceBuffer *
adj_editor_get_buffer (AdjEditor *self)
{
  g_return_val_if_fail (ADJ_IS_EDITOR (self), NULL);

  return self->buffer;
}

void
adj_editor_show_step_line (AdjEditor *self, guint line)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (ADJ_IS_EDITOR (self));
  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->step_tag, &start, &end);
  self->step_line = 0;
  if (line == 0 || (int) line > gtk_text_buffer_get_line_count (buffer))
    return;
  self->step_line = line;
  gtk_text_buffer_get_iter_at_line (buffer, &start, line - 1);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  gtk_text_iter_forward_char (&end);   /* the paragraph's background needs its newline */
  gtk_text_buffer_apply_tag (buffer, self->step_tag, &start, &end);
  if (self->step_mark == NULL)
    self->step_mark = gtk_text_buffer_create_mark (buffer, "adj-step", &start, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, self->step_mark, &start);
  /* Into view only when off screen (the least scroll that shows it), and never under the
   * hands of someone typing. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self->view)))
    gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), self->step_mark, 0.1, FALSE, 0, 0);
}

guint
adj_editor_get_step_line (AdjEditor *self)
{
  g_return_val_if_fail (ADJ_IS_EDITOR (self), 0);
  return self->step_line;
}

void
adj_editor_follow_step (AdjEditor *self, AdjDocument *document)
{
  const AgGraph *g = adj_document_get_graph (document);
  const AgTrace *t = adj_document_get_trace (document);
  const guint k = adj_document_get_step (document);
  const AgStep *s;
  guint line = 0;

  g_return_if_fail (ADJ_IS_EDITOR (self));
  if (k > 0 && k <= ag_trace_n_steps (t))
    {
      s = ag_trace_step (t, k - 1);
      /* A backward or tangent step applies the local derivative of the consumer's statement
       * (the node it leaves); any other step is about the statement of the node it sets. */
      if (s->from != AG_NO_ID && s->from < ag_graph_n_nodes (g))
        line = ag_graph_node (g, s->from)->line;
      if (line == 0 && s->to != AG_NO_ID && s->to < ag_graph_n_nodes (g))
        line = ag_graph_node (g, s->to)->line;
    }
  adj_editor_show_step_line (self, line);
}
