/* test-recovery.c: recovery copies of unsaved documents (app/window/adj-recovery.c): written
 * within three seconds of an edit, gone on save and on a discarded close, offered and restored
 * by the next start, and whole after the process is killed with SIGKILL. */
#define _GNU_SOURCE   /* dl_iterate_phdr, for lsan-glib.h under the sanitizers; kill() */
#include "app/window/adj-application.h"
#include "app/window/adj-recovery.h"
#include "app/window/adj-window.h"
#include "tests/app/window-harness.h"
#include "ui/graph/adj-editor.h"

#include <gtk/gtk.h>
#include "tests/lsan-glib.h"
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

/* Deletes every copy and lock in the recovery folder. */
static void
clear_recovery_dir (void)
{
  g_autofree char *path = adj_recovery_dir ();
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
}

/* The copies (*.json) in the recovery folder. */
static guint
count_copies (void)
{
  g_autofree char *path = adj_recovery_dir ();
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".json");
  return n;
}

/* The program in the copy at @path, read as a user's next start would; asserts the copy is
 * whole JSON holding a whole graph file. */
static char *
copy_program (const char *path)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = NULL;
  JsonObject *o;
  const char *text;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "adjoint-recovery");
  text = json_object_get_string_member (o, "document");
  doc = ag_graph_file_load_from_data (text, strlen (text), &error);
  g_assert_no_error (error);
  return g_strdup (doc->program);
}

static char *
scratch_file (const char *name, const char *contents)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-recovery-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
remove_scratch (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
}

/* Types @text into the window's editor, as the user would. */
static void
type_program (AdjWindow *window, const char *text)
{
  AdjEditor *editor = ADJ_EDITOR (window_part (window, "editor"));

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (adj_editor_get_buffer (editor)), text, -1);
  adj_editor_flush (editor);
}

static gboolean
has_copy (gpointer window)
{
  const char *path = adj_recovery_get_path (adj_window_get_recovery (window));
  return path != NULL && g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The window's copy appears within three seconds of the edit, and holds it. */
static char *
wait_for_copy (AdjWindow *window, const char *program)
{
  const gint64 start = g_get_monotonic_time ();
  g_autofree char *got = NULL;
  char *path;

  g_assert_true (spin_until (has_copy, window, 3.0));
  g_assert_cmpint (g_get_monotonic_time () - start, <=, 3 * G_USEC_PER_SEC);
  path = g_strdup (adj_recovery_get_path (adj_window_get_recovery (window)));
  got = copy_program (path);
  g_assert_cmpstr (got, ==, program);
  return path;
}

/* No copy while nothing is unsaved; one within 3 s of an edit; none once saved. */
static void
test_edit_then_save (void)
{
  g_autofree char *path = scratch_file ("lesson.adjoint", "x = 3\ny = x^2\n");
  AdjWindow *window;
  g_autofree char *copy = NULL;

  clear_recovery_dir ();
  window = open_path (path);
  g_assert_null (adj_recovery_get_path (adj_window_get_recovery (window)));
  type_program (window, "x = 3\ny = x^2\nz = y + 1\n");
  copy = wait_for_copy (window, "x = 3\ny = x^2\nz = y + 1\n");
  g_assert_cmpuint (count_copies (), ==, 1);

  /* Typing on keeps one copy, rewritten. */
  type_program (window, "x = 4\ny = x^2\nz = y + 1\n");
  g_assert_true (spin_until (has_copy, window, 3.0));
  adj_recovery_flush (adj_window_get_recovery (window));
  {
    g_autofree char *got = copy_program (copy);
    g_assert_cmpstr (got, ==, "x = 4\ny = x^2\nz = y + 1\n");
  }
  g_assert_cmpuint (count_copies (), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_false (adj_document_get_modified (adj_window_get_document (window)));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_null (adj_recovery_get_path (adj_window_get_recovery (window)));
  g_assert_cmpuint (count_copies (), ==, 0);
  close_window (window);
  remove_scratch (path);
}

/* The question asked before unsaved changes are lost, or NULL. */
static GtkDialog *
find_prompt (AdjWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (window))
        return GTK_DIALOG (w);
    }
  return NULL;
}

enum { RESPONSE_DISCARD = 1 };   /* as in adj-window-save.c */

/* Closing and choosing Discard deletes the copy; cancelling keeps it. */
static void
test_discard_on_close (void)
{
  g_autofree char *path = scratch_file ("draft.adjoint", "a = 1\nb = a + a\n");
  AdjWindow *window;
  g_autofree char *copy = NULL;

  clear_recovery_dir ();
  window = open_path (path);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  type_program (window, "a = 2\nb = a + a\n");
  copy = wait_for_copy (window, "a = 2\nb = a + a\n");
  gtk_window_close (GTK_WINDOW (window));
  gtk_dialog_response (find_prompt (window), GTK_RESPONSE_CANCEL);
  g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
  gtk_window_close (GTK_WINDOW (window));
  gtk_dialog_response (find_prompt (window), RESPONSE_DISCARD);
  g_assert_null (window);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_copies (), ==, 0);
  remove_scratch (path);
}

/* The application's offer to restore, over one of its windows, or NULL. */
static AdwMessageDialog *
find_offer (GtkApplication *app)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      GtkWindow *parent = gtk_window_get_transient_for (w);
      if (ADW_IS_MESSAGE_DIALOG (w) && parent && gtk_window_get_application (parent) == app)
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

/* Answers @dialog as its button would: the response, then the dialog closes. */
static void
answer (AdwMessageDialog *dialog, const char *response)
{
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A new start of the application (activate, as `adjoint` with no file), registered but with
 * no main loop of its own: the test's loop runs it. */
static GtkApplication *
start_application (void)
{
  GtkApplication *app = GTK_APPLICATION (adj_application_new ());
  g_autoptr (GError) error = NULL;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  return app;
}

static void
stop_application (GtkApplication *app)
{
  GList *windows = g_list_copy (gtk_application_get_windows (app));
  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (app);
}

/* The window of @app whose document came from @path, or NULL. */
static AdjWindow *
window_of (GtkApplication *app, const char *path)
{
  for (GList *l = gtk_application_get_windows (app); l; l = l->next)
    {
      GFile *file;
      g_autofree char *p = NULL;
      if (!ADJ_IS_WINDOW (l->data))
        continue;
      file = adj_document_get_file (adj_window_get_document (l->data));
      p = file ? g_file_get_path (file) : NULL;
      if (g_strcmp0 (p, path) == 0)
        return l->data;
    }
  return NULL;
}

/* Restores what a window that went without saving left (its process "crashed": the window is
 * destroyed without the user's choice, its copy stays): the next start offers it, Restore
 * opens it unsaved with its captions, Save writes the original file. */
static void
test_restore (void)
{
  g_autofree char *path = scratch_file ("lesson.adjoint", "x = 3\ny = x^2\n");
  AdjWindow *window;
  GtkApplication *app;
  AdwMessageDialog *offer;
  AdjDocument *doc;
  g_autofree char *copy = NULL, *saved = NULL;

  clear_recovery_dir ();
  window = open_path (path);
  adj_document_set_caption (adj_window_get_document (window), 0, "Before anything runs.");
  type_program (window, "x = 5\ny = x^2\n");
  copy = wait_for_copy (window, "x = 5\ny = x^2\n");
  close_window (window);
  g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));

  app = start_application ();
  offer = find_offer (app);
  g_assert_nonnull (offer);
  g_assert_cmpstr (adw_message_dialog_get_heading (offer), ==, "Restore Unsaved Changes?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (offer), "lesson.adjoint"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (offer), path));
  answer (offer, ADJ_APPLICATION_RESTORE);

  window = window_of (app, path);
  g_assert_nonnull (window);
  doc = adj_window_get_document (window);
  g_assert_cmpstr (adj_document_get_program (doc), ==, "x = 5\ny = x^2\n");
  g_assert_cmpstr (adj_document_get_caption (doc, 0), ==, "Before anything runs.");
  g_assert_true (adj_document_get_modified (doc));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• lesson.adjoint");
  /* It replaced the welcome page: one window. */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (app)), ==, 1);
  /* Its copy is the restored one, still there should this start crash too. */
  g_assert_cmpstr (adj_recovery_get_path (adj_window_get_recovery (window)), ==, copy);
  g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "x = 5"));
  g_assert_nonnull (strstr (saved, "Before anything runs."));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_copies (), ==, 0);
  stop_application (app);
  remove_scratch (path);
}

/* Discard deletes the copies; a start with none asks nothing. */
static void
test_discard_offer (void)
{
  AdjWindow *window = adj_window_new (NULL);
  GtkApplication *app;

  clear_recovery_dir ();
  g_assert_true (adj_window_open_example (window, "01-chain-rule", NULL));
  adj_document_set_program (adj_window_get_document (window), "u = 2\nv = u * u\n");
  adj_recovery_flush (adj_window_get_recovery (window));
  g_assert_cmpuint (count_copies (), ==, 1);
  close_window (window);

  app = start_application ();
  g_assert_nonnull (find_offer (app));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (find_offer (app)), "never saved"));
  answer (find_offer (app), ADJ_APPLICATION_DISCARD);
  g_assert_cmpuint (count_copies (), ==, 0);
  stop_application (app);

  app = start_application ();
  g_assert_null (find_offer (app));
  stop_application (app);
}

/* A copy a running window keeps is not offered to another start. */
static void
test_live_copy_not_offered (void)
{
  AdjWindow *window = adj_window_new (NULL);
  GtkApplication *app;
  g_autoptr (GPtrArray) found = NULL;

  clear_recovery_dir ();
  adj_document_set_program (adj_window_get_document (window), "p = 1\nq = p + p\n");
  adj_recovery_flush (adj_window_get_recovery (window));
  g_assert_cmpuint (count_copies (), ==, 1);
  found = adj_recovery_find ();
  g_assert_cmpuint (found->len, ==, 0);
  app = start_application ();
  g_assert_null (find_offer (app));
  stop_application (app);
  g_assert_cmpuint (count_copies (), ==, 1);
  adj_recovery_discard (adj_window_get_recovery (window));
  close_window (window);
}

/* ---- a real kill ------------------------------------------------------------------------- */

/* The child: the application, opened on a file as `adjoint FILE` is, which keeps typing a new
 * line every 50 ms until it is killed, so a recovery write is always due. */
static guint typed;

static gboolean
keep_typing (gpointer data)
{
  AdjWindow *window = data;
  g_autofree char *text = NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;
  text = g_strdup_printf ("x = 3\ny = x^2\nz = y + %u\n", ++typed);
  type_program (window, text);
  return G_SOURCE_CONTINUE;
}

static void
window_added_cb (GtkApplication *app, GtkWindow *window, gpointer data)
{
  if (ADJ_IS_WINDOW (window))
    g_timeout_add_full (G_PRIORITY_DEFAULT, 50, keep_typing, g_object_ref (window), g_object_unref);
}

static int
run_child (const char *file)
{
  GtkApplication *app = GTK_APPLICATION (adj_application_new ());
  char *argv[] = { (char *) "adjoint", (char *) file, NULL };

  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  return g_application_run (G_APPLICATION (app), 2, argv);
}

static gboolean
any_copy (gpointer data)
{
  return count_copies () > 0;
}

/* Kills a real process (this test binary running the application on a file, editing it)
 * with SIGKILL while edits are pending, several times at random moments: the copy on disk is
 * always whole and holds an edit, and the next start restores it. */
static void
test_kill (void)
{
  g_autofree char *path = scratch_file ("killed.adjoint", "x = 3\ny = x^2\n");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  GtkApplication *app;
  AdwMessageDialog *offer;
  AdjWindow *window;
  g_autofree char *program = NULL;

  g_assert_nonnull (self_exe);
  for (int round = 0; round < 3; round++)
    {
      const char *argv[] = { self_exe, "--child", path, NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) found = NULL;
      GPid pid;
      int status;

      clear_recovery_dir ();
      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                    &pid, &error));
      g_assert_no_error (error);
      g_assert_true (spin_until (any_copy, NULL, 15));
      /* Let it type, and write, a while longer: up to 4 s, past at least one rewrite. */
      g_usleep (g_random_int_range (100, 4000) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      g_spawn_close_pid (pid);

      /* One copy, whole, its lock gone with the process. */
      g_assert_cmpuint (count_copies (), ==, 1);
      found = adj_recovery_find ();
      g_assert_cmpuint (found->len, ==, 1);
      g_free (program);
      program = copy_program (((AdjRecovered *) found->pdata[0])->path);
      g_assert_true (g_str_has_prefix (program, "x = 3\ny = x^2\nz = y + "));
    }
  app = start_application ();
  offer = find_offer (app);
  g_assert_nonnull (offer);
  answer (offer, ADJ_APPLICATION_RESTORE);
  window = window_of (app, path);
  g_assert_nonnull (window);
  g_assert_cmpstr (adj_document_get_program (adj_window_get_document (window)), ==, program);
  g_assert_true (adj_document_get_modified (adj_window_get_document (window)));
  adj_recovery_discard (adj_window_get_recovery (window));
  stop_application (app);
  g_assert_cmpuint (count_copies (), ==, 0);
  remove_scratch (path);
}

int
main (int argc, char **argv)
{
  g_autofree char *state = NULL;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);
  /* A folder of its own, so copies from the other suites running beside it never count. */
  state = g_dir_make_tmp ("adjoint-state-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  lsan_ignore_glib_quark_block ();
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/recovery/edit-then-save", test_edit_then_save);
  g_test_add_func ("/app/recovery/discard-on-close", test_discard_on_close);
  g_test_add_func ("/app/recovery/restore", test_restore);
  g_test_add_func ("/app/recovery/discard-offer", test_discard_offer);
  g_test_add_func ("/app/recovery/live-copy-not-offered", test_live_copy_not_offered);
  g_test_add_func ("/app/recovery/kill", test_kill);
  {
    const int status = g_test_run ();
    g_autofree char *dir = g_build_filename (state, "adjoint", "recovery", NULL);
    g_autofree char *parent = g_build_filename (state, "adjoint", NULL);
    clear_recovery_dir ();
    g_rmdir (dir);
    g_rmdir (parent);
    g_rmdir (state);
    lsan_check_before_exit ();
    return status;
  }
}
