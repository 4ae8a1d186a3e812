/* test-editor.c: the program editor: highlighting, the debounced ::changed, the error underline
 * (columns in characters, clamped), silent loads, and that it is freed. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers */
#include <gtk/gtk.h>
#include "tests/lsan-glib.h"
#include "core/ops.h"
#include "ui/graph/adj-editor.h"

/* Runs the main loop for @ms milliseconds, or until *@until becomes non-zero. */
static gboolean
set_true_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_loop (guint ms, const guint *until)
{
  gboolean timed_out = FALSE;
  const guint id = g_timeout_add (ms, set_true_cb, &timed_out);

  while (!timed_out && (until == NULL || *until == 0))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
}

static void
count_cb (AdjEditor *editor, guint *count)
{
  (*count)++;
}

static GtkTextBuffer *
text_buffer (AdjEditor *editor)
{
  return GTK_TEXT_BUFFER (adj_editor_get_buffer (editor));
}

static void
get_iter (AdjEditor *editor, int line, int offset, GtkTextIter *iter)
{
  GtkTextBuffer *buffer = text_buffer (editor);

  g_assert_true (gtk_text_buffer_get_iter_at_line_offset (buffer, iter, line, offset));
}

/* The characters carrying an error underline, in order (spans joined with '|'). */
static char *
dup_underlined (AdjEditor *editor)
{
  GString *out = g_string_new (NULL);
  GtkTextIter iter;
  gboolean in_span = FALSE;

  for (gtk_text_buffer_get_start_iter (text_buffer (editor), &iter);
       !gtk_text_iter_is_end (&iter);
       gtk_text_iter_forward_char (&iter))
    {
      g_autoptr (GSList) tags = gtk_text_iter_get_tags (&iter);
      gboolean underlined = FALSE;

      for (GSList *l = tags; l; l = l->next)
        {
          PangoUnderline underline;

          g_object_get (l->data, "underline", &underline, NULL);
          underlined |= underline == PANGO_UNDERLINE_ERROR;
        }
      if (underlined)
        {
          if (!in_span && out->len > 0)
            g_string_append_c (out, '|');
          g_string_append_unichar (out, gtk_text_iter_get_char (&iter));
        }
      in_span = underlined;
    }
  return g_string_free (out, FALSE);
}

static char *
dup_selection (AdjEditor *editor)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_selection_bounds (text_buffer (editor), &start, &end);
  return gtk_text_iter_get_text (&start, &end);
}

/* The foreground the highlighting gave the character at @line:@offset, or NULL. */
static char *
dup_foreground (AdjEditor *editor, int line, int offset)
{
  g_autoptr (GSList) tags = NULL;
  GtkTextIter iter;

  get_iter (editor, line, offset, &iter);
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l; l = l->next)
    {
      gboolean set = FALSE;
      GdkRGBA *rgba = NULL;
      char *text;

      g_object_get (l->data, "foreground-set", &set, "foreground-rgba", &rgba, NULL);
      if (!set)
        {
          g_clear_pointer (&rgba, gdk_rgba_free);
          continue;
        }
      text = gdk_rgba_to_string (rgba);
      gdk_rgba_free (rgba);
      return text;
    }
  return NULL;
}

/* The foreground the editor's style scheme gives the style @style_id, e.g. "def:function". */
static char *
dup_scheme_foreground (AdjEditor *editor, const char *style_id)
{
  GtkSourceBuffer *buffer = adj_editor_get_buffer (editor);
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (buffer);
  GtkSourceStyle *style;
  g_autofree char *spec = NULL;
  GdkRGBA rgba;

  g_assert_nonnull (scheme);
  style = gtk_source_style_scheme_get_style (scheme, style_id);
  g_assert_nonnull (style);
  g_object_get (style, "foreground", &spec, NULL);
  g_assert_nonnull (spec);
  g_assert_true (gdk_rgba_parse (&rgba, spec));
  return gdk_rgba_to_string (&rgba);
}

static void
highlight_all (AdjEditor *editor)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (text_buffer (editor), &start, &end);
  gtk_source_buffer_ensure_highlight (adj_editor_get_buffer (editor), &start, &end);
}

static void
test_language (void)
{
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  GtkSourceBuffer *buffer = adj_editor_get_buffer (editor);
  GtkSourceLanguage *language = gtk_source_buffer_get_language (buffer);
  GtkTextIter iter;

  g_assert_nonnull (language);
  g_assert_cmpstr (gtk_source_language_get_id (language), ==, "adjoint");

  adj_editor_set_text (editor, "# the loss\n"
                               "param w = [1.5, -2e-3]\n"
                               "y = sum(w) + 3#tail\n");
  highlight_all (editor);

  get_iter (editor, 0, 3, &iter);
  g_assert_true (gtk_source_buffer_iter_has_context_class (buffer, &iter, "comment"));
  get_iter (editor, 2, 15, &iter);   /* "#tail": a comment need not follow a space */
  g_assert_true (gtk_source_buffer_iter_has_context_class (buffer, &iter, "comment"));
  get_iter (editor, 2, 4, &iter);
  g_assert_false (gtk_source_buffer_iter_has_context_class (buffer, &iter, "comment"));
}

/* Each kind of token gets the colour the scheme gives its standard style. */
static void
test_styles (void)
{
  static const struct {
    int line, offset;
    const char *style;        /* NULL: left plain */
  } cases[] = {
    { 0, 2, "def:comment" },
    { 1, 0, "def:keyword" },     /* param (Adjoint's schemes colour def:keyword itself) */
    { 1, 6, "def:type" },        /* w, the name assigned */
    { 1, 11, "def:number" },     /* 1.5 */
    { 1, 17, "def:number" },     /* 2e-3 */
    { 2, 0, "def:type" },        /* y */
    { 2, 4, "def:function" },    /* sum */
    { 2, 8, NULL },              /* w, used */
    { 2, 2, NULL },              /* =: an assignment, not an operator */
    { 2, 11, "def:operator" },   /* + */
    { 2, 13, "def:number" },     /* 3 */
    { 3, 0, "def:type" },        /* mean, assigned: a name, not a call */
    { 3, 11, "def:type" },       /* z, after ';' */
    { 3, 16, NULL },             /* the 2 of x2: no number inside a name */
  };
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));

  adj_editor_set_text (editor, "# the loss\n"
                               "param w = [1.5, -2e-3]\n"
                               "y = sum(w) + 3\n"
                               "mean = 2 ; z = x2\n");
  highlight_all (editor);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = dup_foreground (editor, cases[i].line, cases[i].offset);
      const char *style = cases[i].style;
      g_autofree char *want = style ? dup_scheme_foreground (editor, style) : NULL;

      g_test_message ("%d:%d wants %s", cases[i].line, cases[i].offset, cases[i].style);
      g_assert_cmpstr (got, ==, want);
    }
}

/* Functions (issue 18): `def` and `return` are keywords, the defined name a definition; a
 * variable called def or return is a name. */
static void
test_styles_functions (void)
{
  static const struct {
    int line, offset;
    const char *style;
  } cases[] = {
    { 0, 0, "def:keyword" },     /* def (Adjoint's schemes colour def:keyword itself) */
    { 0, 4, "def:type" },        /* neuron, the name defined */
    { 1, 4, "def:type" },        /* z, assigned in the body */
    { 2, 4, "def:keyword" },     /* return */
    { 2, 11, "def:function" },   /* tanh */
    { 3, 0, "def:type" },        /* return, assigned: a name */
    { 4, 0, "def:type" },        /* define: no keyword inside a name */
  };
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));

  adj_editor_set_text (editor, "def neuron(x, w, b):\n"
                               "    z = w * x + b\n"
                               "    return tanh(z)\n"
                               "return = 3\n"
                               "define = neuron(1, 2, return)\n");
  highlight_all (editor);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = dup_foreground (editor, cases[i].line, cases[i].offset);
      g_autofree char *want = dup_scheme_foreground (editor, cases[i].style);

      g_test_message ("%d:%d wants %s", cases[i].line, cases[i].offset, cases[i].style);
      g_assert_cmpstr (got, ==, want);
    }
}

/* Every function the parser knows is highlighted as one: adding an op to core/ops.c without
 * adding it to data/language-specs/adjoint.lang fails here. */
static void
test_builtins (void)
{
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  g_autofree char *want = dup_scheme_foreground (editor, "def:function");
  guint n_calls = 0;

  for (guint op = AG_OP_LEAF + 1; op < AG_N_OPS; op++)
    {
      const AgOpInfo *info = ag_op_info (op);
      g_autofree char *text = NULL;
      g_autofree char *got = NULL;

      if (!ag_op_is_function (info))
        continue;
      n_calls++;
      text = g_strdup_printf ("y = %s(x)\n", info->name);
      adj_editor_set_text (editor, text);
      highlight_all (editor);
      got = dup_foreground (editor, 0, 4);
      g_test_message ("%s", info->name);
      g_assert_cmpstr (got, ==, want);
    }
  g_assert_cmpuint (n_calls, >=, 23);
  /* grad(y, x) is the parser's own call (core/program-grad.c), not an op: a function too */
  {
    g_autofree char *got = NULL;

    adj_editor_set_text (editor, "d = grad(y, x)\n");
    highlight_all (editor);
    got = dup_foreground (editor, 0, 4);
    g_assert_cmpstr (got, ==, want);
  }
}

static const char *
scheme_id (AdjEditor *editor)
{
  return gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (adj_editor_get_buffer (editor)));
}

/* The scheme follows the application's dark preference, and the window's high contrast; each
 * is Adjoint's own (data/styles/), whose colours test-editor-contrast checks. */
static void
test_dark (void)
{
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  GtkSettings *settings = gtk_settings_get_default ();

  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  g_assert_cmpstr (scheme_id (editor), ==, "adjoint-light");
  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  g_assert_cmpstr (scheme_id (editor), ==, "adjoint-dark");
  adj_editor_set_high_contrast (editor, TRUE);
  g_assert_true (adj_editor_get_high_contrast (editor));
  g_assert_cmpstr (scheme_id (editor), ==, "adjoint-hc-dark");
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  g_assert_cmpstr (scheme_id (editor), ==, "adjoint-hc");
  adj_editor_set_high_contrast (editor, FALSE);
  g_assert_cmpstr (scheme_id (editor), ==, "adjoint-light");
}

static void
test_changed_debounced (void)
{
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  guint count = 0;
  gint64 last_edit, emitted;
  g_autofree char *text = NULL;

  g_signal_connect (editor, "changed", G_CALLBACK (count_cb), &count);

  /* Three keystrokes 50 ms apart: one ::changed, ~150 ms after the last. */
  for (guint i = 0; i < 3; i++)
    {
      gtk_text_buffer_insert_at_cursor (text_buffer (editor), "x", -1);
      run_loop (50, NULL);
    }
  last_edit = g_get_monotonic_time () - 50 * 1000;
  g_assert_cmpuint (count, ==, 0);
  run_loop (2000, &count);
  emitted = g_get_monotonic_time ();
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpint (emitted - last_edit, >=, 140 * 1000);
  text = adj_editor_dup_text (editor);
  g_assert_cmpstr (text, ==, "xxx");
  run_loop (300, NULL);
  g_assert_cmpuint (count, ==, 1);

  /* flush emits a pending ::changed now, once, and nothing when none is pending. */
  gtk_text_buffer_insert_at_cursor (text_buffer (editor), "y", -1);
  adj_editor_flush (editor);
  g_assert_cmpuint (count, ==, 2);
  adj_editor_flush (editor);
  g_assert_cmpuint (count, ==, 2);
  run_loop (300, NULL);
  g_assert_cmpuint (count, ==, 2);
}

static void
test_set_text_silent (void)
{
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  GtkTextBuffer *buffer = text_buffer (editor);
  guint count = 0;
  GtkTextIter iter;
  g_autofree char *text = NULL;
  g_autofree char *undone = NULL;

  g_signal_connect (editor, "changed", G_CALLBACK (count_cb), &count);

  /* A pending edit is dropped by a load: the loaded text replaces it. */
  gtk_text_buffer_insert_at_cursor (buffer, "typed", -1);
  adj_editor_set_text (editor, "x = 3\ny = x^2\n");
  run_loop (300, NULL);
  adj_editor_flush (editor);
  g_assert_cmpuint (count, ==, 0);
  text = adj_editor_dup_text (editor);
  g_assert_cmpstr (text, ==, "x = 3\ny = x^2\n");

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, 0);
  g_assert_false (gtk_text_buffer_get_modified (buffer));

  /* The undo history starts at the load. */
  g_assert_false (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_insert_at_cursor (buffer, "# hi\n", -1);
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  undone = adj_editor_dup_text (editor);
  g_assert_cmpstr (undone, ==, "x = 3\ny = x^2\n");
  g_assert_false (gtk_text_buffer_get_can_undo (buffer));
  adj_editor_flush (editor);
  g_assert_cmpuint (count, ==, 1);
}

/* The template's parts: the view shows the editor's buffer and is named for screen readers;
 * the error bar is hidden until there is an error, then says it. */
static void
test_template (void)
{
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), ADJ_TYPE_EDITOR, "view"));
  GtkWidget *bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), ADJ_TYPE_EDITOR, "error_bar"));

  g_assert_true (GTK_SOURCE_IS_VIEW (view));
  g_assert_true (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)) == GTK_TEXT_BUFFER (adj_editor_get_buffer (editor)));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Program");
  g_assert_true (GTK_IS_LABEL (bar));
  g_assert_false (gtk_widget_get_visible (bar));
  adj_editor_show_error (editor, 1, 1, 1, "1:1: here");
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (bar)), ==, "1:1: here");
  adj_editor_clear_error (editor);
  g_assert_false (gtk_widget_get_visible (bar));
}

static void
test_error_underline (void)
{
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  char *underlined;

  /* "x̄" is two characters (x, U+0304) and three bytes: col 6 is "abc" only if columns
   * count characters. */
  adj_editor_set_text (editor, "a = 1\nx\xcc\x84 = abc + 1\n");
  g_assert_false (adj_editor_get_error_visible (editor));

  adj_editor_show_error (editor, 2, 6, 3, "2:6: unknown name 'abc'");
  underlined = dup_underlined (editor);
  g_assert_cmpstr (underlined, ==, "abc");
  g_free (underlined);
  g_assert_true (adj_editor_get_error_visible (editor));
  g_assert_cmpstr (adj_editor_get_error_message (editor), ==, "2:6: unknown name 'abc'");

  /* A new error replaces the old one; a zero-length span still shows one character. */
  adj_editor_show_error (editor, 1, 3, 0, "1:3: here");
  underlined = dup_underlined (editor);
  g_assert_cmpstr (underlined, ==, "=");
  g_free (underlined);

  /* At the end of a line: its last character. */
  adj_editor_show_error (editor, 1, 6, 1, "1:6: expected more");
  underlined = dup_underlined (editor);
  g_assert_cmpstr (underlined, ==, "1");
  g_free (underlined);

  /* No place: only the bar. */
  adj_editor_show_error (editor, 0, 0, 0, "the output is not a scalar");
  underlined = dup_underlined (editor);
  g_assert_cmpstr (underlined, ==, "");
  g_free (underlined);
  g_assert_true (adj_editor_get_error_visible (editor));
  g_assert_cmpstr (adj_editor_get_error_message (editor), ==, "the output is not a scalar");

  adj_editor_clear_error (editor);
  underlined = dup_underlined (editor);
  g_assert_cmpstr (underlined, ==, "");
  g_free (underlined);
  g_assert_false (adj_editor_get_error_visible (editor));
  g_assert_null (adj_editor_get_error_message (editor));

  /* An error on an empty line points at what came before it. */
  adj_editor_set_text (editor, "y = x +\n\n");
  adj_editor_show_error (editor, 3, 1, 1, "3:1: expected an expression after '+'");
  underlined = dup_underlined (editor);
  g_assert_cmpstr (underlined, ==, "+");
  g_free (underlined);
}

/* A document reports a loaded file's error before it hands over the text: the error stays,
 * underlined in the new text, until it is cleared. */
static void
test_error_survives_set_text (void)
{
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  char *underlined;

  adj_editor_set_text (editor, "old\n");
  adj_editor_show_error (editor, 2, 7, 1, "2:7: expected an expression after '+'");
  adj_editor_set_text (editor, "x = 3\ny = x +\n");
  underlined = dup_underlined (editor);
  g_assert_cmpstr (underlined, ==, "+");
  g_free (underlined);
  g_assert_true (adj_editor_get_error_visible (editor));
  g_assert_cmpstr (adj_editor_get_error_message (editor), ==,
                   "2:7: expected an expression after '+'");

  adj_editor_clear_error (editor);
  adj_editor_set_text (editor, "x = 3\ny = x +\n");
  underlined = dup_underlined (editor);
  g_assert_cmpstr (underlined, ==, "");
  g_free (underlined);
  g_assert_false (adj_editor_get_error_visible (editor));
}

static void
test_error_clamped (void)
{
  static const guint places[][3] = {
    { 99, 99, 99 },
    { 1, 0, 0 },
    { 2, 1000, G_MAXUINT },
    { G_MAXUINT, G_MAXUINT, G_MAXUINT },
    { 1, G_MAXUINT, 5 },
  };
  static const char *const underlines[] = { "2", "x", "2", "2", "x" };
  static const char *const selections[] = { "", "", "\n", "", "\na = " };
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));

  adj_editor_set_text (editor, "xx\na = 2\n");
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree char *underlined = NULL;
      g_autofree char *selected = NULL;

      adj_editor_show_error (editor, places[i][0], places[i][1], places[i][2], "somewhere");
      underlined = dup_underlined (editor);
      g_test_message ("%u:%u+%u", places[i][0], places[i][1], places[i][2]);
      g_assert_cmpstr (underlined, ==, underlines[i]);
      g_assert_true (adj_editor_get_error_visible (editor));
      g_assert_cmpstr (adj_editor_get_error_message (editor), ==, "somewhere");

      adj_editor_select_span (editor, places[i][0], places[i][1], places[i][2]);
      selected = dup_selection (editor);
      g_assert_cmpstr (selected, ==, selections[i]);
    }

  /* An empty buffer has nothing to underline, but the bar still says why. */
  adj_editor_set_text (editor, "");
  adj_editor_show_error (editor, 3, 4, 5, "empty");
  g_assert_true (adj_editor_get_error_visible (editor));
  g_assert_cmpstr (adj_editor_get_error_message (editor), ==, "empty");
}

static void
test_select_span (void)
{
  g_autoptr (GtkWidget) window = g_object_ref_sink (gtk_window_new ());
  AdjEditor *editor = ADJ_EDITOR (adj_editor_new ());
  g_autofree char *selected = NULL;
  g_autofree char *multi = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_present (GTK_WINDOW (window));
  adj_editor_set_text (editor, "a = 1\nx\xcc\x84 = abc + 1\nW = [[1, 2],\n     [3, 4]]\n");
  adj_editor_select_span (editor, 2, 6, 3);
  selected = dup_selection (editor);
  g_assert_cmpstr (selected, ==, "abc");

  /* A span may cross lines (a matrix literal written over two). */
  adj_editor_select_span (editor, 3, 5, 21);
  multi = dup_selection (editor);
  g_assert_cmpstr (multi, ==, "[[1, 2],\n     [3, 4]]");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_finalize (void)
{
  GtkWidget *window = gtk_window_new ();
  AdjEditor *editor = ADJ_EDITOR (adj_editor_new ());
  gpointer buffer = adj_editor_get_buffer (editor);
  gboolean timed_out = FALSE;

  g_object_add_weak_pointer (buffer, &buffer);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_present (GTK_WINDOW (window));
  adj_editor_set_text (editor, "x = 3\ny = x +\n");
  adj_editor_show_error (editor, 2, 8, 1, "2:8: expected an expression after '+'");
  run_loop (100, NULL);

  /* An edit leaves a ::changed pending: its timeout must go with the editor. */
  gtk_text_buffer_insert_at_cursor (text_buffer (editor), "1", -1);
  g_object_ref (editor);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (editor);

  g_timeout_add (300, set_true_cb, &timed_out);
  while (!timed_out && buffer != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (buffer);
  run_loop (300, NULL);
}

/* The lines the step tag covers, as "2" or "2,3"; "" for none. */
static char *
dup_step_lines (AdjEditor *editor)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (adj_editor_get_buffer (editor));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "adj-step");
  GString *out = g_string_new (NULL);

  for (int i = 0; i < gtk_text_buffer_get_line_count (buffer); i++)
    {
      GtkTextIter it;

      gtk_text_buffer_get_iter_at_line (buffer, &it, i);
      if (gtk_text_iter_has_tag (&it, tag))
        g_string_append_printf (out, "%s%d", out->len ? "," : "", i + 1);
    }
  return g_string_free (out, FALSE);
}

/* The first step of @kind that sets node @to (and leaves @from, unless AG_NO_ID), 1-based. */
static guint
find_step (AdjDocument *doc, AgStepKind kind, const char *to, const char *from)
{
  const AgGraph *g = adj_document_get_graph (doc);
  const AgTrace *t = adj_document_get_trace (doc);

  for (guint j = 0; j < ag_trace_n_steps (t); j++)
    {
      const AgStep *s = ag_trace_step (t, j);
      if (s->kind == kind && g_str_equal (ag_graph_display_name (g, s->to), to) &&
          (from == NULL || (s->from != AG_NO_ID && g_str_equal (ag_graph_display_name (g, s->from), from))))
        return j + 1;
    }
  g_assert_not_reached ();
}

/* Stepping tints the current step's statement: the computed node's line forwards, the
 * consumer's line backwards (whose local derivative the step applies), none at the start. */
static void
test_step_line (void)
{
  static const char program[] = "x = 3\ny = x^2\nz = y + x\n";
  g_autoptr (AdjEditor) editor = g_object_ref_sink (ADJ_EDITOR (adj_editor_new ()));
  g_autoptr (AdjDocument) doc = adj_document_new ();
  char *lines;

  g_assert_true (adj_document_set_program (doc, program));
  adj_editor_set_text (editor, program);
  adj_document_set_step (doc, find_step (doc, AG_STEP_FORWARD, "y", NULL));
  adj_editor_follow_step (editor, doc);
  lines = dup_step_lines (editor);
  g_assert_cmpstr (lines, ==, "2");
  g_free (lines);
  g_assert_cmpuint (adj_editor_get_step_line (editor), ==, 2);

  adj_document_set_step (doc, find_step (doc, AG_STEP_FORWARD, "z", NULL));
  adj_editor_follow_step (editor, doc);
  lines = dup_step_lines (editor);
  g_assert_cmpstr (lines, ==, "3");
  g_free (lines);

  adj_document_set_step (doc, find_step (doc, AG_STEP_BACKWARD, "x", "y"));
  adj_editor_follow_step (editor, doc);
  lines = dup_step_lines (editor);
  g_assert_cmpstr (lines, ==, "2");
  g_free (lines);

  adj_document_set_step (doc, 0);
  adj_editor_follow_step (editor, doc);
  lines = dup_step_lines (editor);
  g_assert_cmpstr (lines, ==, "");
  g_free (lines);
}

/* In a short window, a step whose statement is far below scrolls it into view. */
static void
test_step_line_scrolls (void)
{
  GtkWidget *editor = adj_editor_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  g_autoptr (AdjDocument) doc = adj_document_new ();
  g_autoptr (GString) program = g_string_new ("h0 = 0.5\n");
  GtkTextView *view;
  GtkTextIter it;
  GdkRectangle visible, where;

  for (int i = 1; i <= 60; i++)
    g_string_append_printf (program, "h%d = sigmoid(h%d)\n", i, i - 1);
  g_assert_true (adj_document_set_program (doc, program->str));
  adj_editor_set_text (ADJ_EDITOR (editor), program->str);
  gtk_window_set_default_size (window, 400, 300);
  gtk_window_set_child (window, editor);
  gtk_window_present (window);
  run_loop (300, NULL);
  adj_document_set_step (doc, find_step (doc, AG_STEP_FORWARD, "h60", NULL));
  adj_editor_follow_step (ADJ_EDITOR (editor), doc);
  g_assert_cmpuint (adj_editor_get_step_line (ADJ_EDITOR (editor)), ==, 61);
  run_loop (300, NULL);
  view = GTK_TEXT_VIEW (gtk_widget_get_template_child (editor, ADJ_TYPE_EDITOR, "view"));
  g_assert_true (GTK_IS_TEXT_VIEW (view));
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (view), &it, 60);
  gtk_text_view_get_iter_location (view, &it, &where);
  g_assert_cmpint (where.y, >=, visible.y);
  g_assert_cmpint (where.y + where.height, <=, visible.y + visible.height);
  gtk_window_destroy (window);
}

int
main (int argc, char **argv)
{
  /* The accessibility backend that needs no session bus, which Xvfb runs do not have. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/editor/language", test_language);
  g_test_add_func ("/ui/editor/styles-functions", test_styles_functions);
  g_test_add_func ("/ui/editor/step-line", test_step_line);
  g_test_add_func ("/ui/editor/step-line-scrolls", test_step_line_scrolls);
  g_test_add_func ("/ui/editor/styles", test_styles);
  g_test_add_func ("/ui/editor/builtins", test_builtins);
  g_test_add_func ("/ui/editor/dark", test_dark);
  g_test_add_func ("/ui/editor/changed-debounced", test_changed_debounced);
  g_test_add_func ("/ui/editor/set-text-silent", test_set_text_silent);
  g_test_add_func ("/ui/editor/template", test_template);
  g_test_add_func ("/ui/editor/error-underline", test_error_underline);
  g_test_add_func ("/ui/editor/error-survives-set-text", test_error_survives_set_text);
  g_test_add_func ("/ui/editor/error-clamped", test_error_clamped);
  g_test_add_func ("/ui/editor/select-span", test_select_span);
  g_test_add_func ("/ui/editor/finalize", test_finalize);

  {
    const int status = g_test_run ();
    lsan_check_before_exit ();
    return status;
  }
}
