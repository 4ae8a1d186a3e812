/* adj-window-private.h: AdjWindow's instance struct and the functions its files share.
 *
 * The window is split by job, as gnome-text-editor splits its window: adj-window.c (the type,
 * its template, the document's signals, the public API), adj-window-actions.c (the win.*
 * actions), adj-window-save.c (open, save and the unsaved-changes prompt),
 * adj-window-export.c (pictures and slides) and adj-window-present.c (presentation mode).
 * adj-recovery.c keeps the copy of an unsaved document that a crash cannot take. */
#pragma once

#include <adwaita.h>
#include "app/window/adj-recovery.h"
#include "app/window/adj-window.h"
#include "ui/graph/adj-exercise.h"

G_BEGIN_DECLS

struct _AdjWindow
{
  AdwApplicationWindow parent_instance;

  /* owned */
  AdjDocument  *document;
  AdjRecovery  *recovery;         /* the document's recovery copy while it is unsaved */
  AdjExercise  *exercise;         /* exercise mode and find the bug, on the document */

  /* template children (borrowed) */
  GtkWidget    *header_bar;
  GtkWidget    *title_label, *subtitle_label;
  GtkWidget    *recent_button, *examples_button;
  GtkWidget    *editor;
  GtkWidget    *stack;            /* "graph" and "lab" */
  GtkWidget    *sidebar_button;   /* shows or hides it */
  GtkWidget    *sidebar;
  GtkWidget    *graph_view;
  GtkWidget    *inspector;
  GtkWidget    *timeline;
  GtkWidget    *caption, *counter, *note_label;
  GtkWidget    *caption_scroll;   /* holds the caption line; scrolls when the window is short */
  GtkWidget    *caption_entry;
  GtkWidget    *player_bar;
  GtkWidget    *exercise_bar;     /* AdjExerciseBar, shown while exercise mode is on */
  GtkWidget    *banner, *banner_label;     /* load and save errors */
  GtkWidget    *play_button;
  GtkWidget    *mode_dropdown;
  GtkWidget    *value_row, *value_spin, *value_label;
  GtkWidget    *stale_label;
  GtkWidget    *busy_box;         /* the spinner: the document runs a heavy program */
  guint         busy_timeout;     /* shows it after 200 ms */
  GtkWidget    *lab_page;         /* holds the lab once it is first shown */
  GtkWidget    *blank;            /* a black screen over everything (B or . while presenting) */
  GtkWidget    *spotlight;        /* dims all but a circle around the pointer (S) */
  GtkWidget    *toast_overlay;
  GtkDropTarget *drop_target;

  GtkWidget    *lab;              /* the AdjTrainLab, NULL until its page is first shown */

  gboolean      syncing;   /* the editor is being updated from the document */
  AdjTheme      theme;     /* the canvas's theme, from the preference and the style manager */

  /* presentation mode */
  gboolean      presenting, was_fullscreen;
  double        pointer_x, pointer_y;
  gboolean      closing_confirmed;
};

/* adj-window.c */
void     adj_window_show_banner    (AdjWindow *self, const char *message);
void     adj_window_show_toast     (AdjWindow *self, const char *message);
void     adj_window_update_caption (AdjWindow *self);
/* Writes every number for people again (the significant-digits preference changed). */
void     adj_window_numbers_changed (AdjWindow *self);
void     adj_window_show_caption_entry (AdjWindow *self, gboolean editing);
gboolean adj_window_lab_showing    (AdjWindow *self);

/* adj-window-actions.c: the class's actions, and the window's stateful ones (added per window). */
void     adj_window_class_add_actions (GtkWidgetClass *widget_class);
void     adj_window_add_actions       (AdjWindow *self);
void     adj_window_update_actions    (AdjWindow *self);

/* adj-window-save.c */
typedef void (*AdjWindowThen) (AdjWindow *self, gpointer data);
/* Runs @then now when there is nothing to lose; otherwise after the user saves or discards. */
void     adj_window_confirm_discard (AdjWindow *self, AdjWindowThen then, gpointer data,
                                     GDestroyNotify destroy);
void     adj_window_add_recent  (GFile *file);
void     adj_window_open        (AdjWindow *self);
void     adj_window_open_uri    (AdjWindow *self, const char *uri);
void     adj_window_save        (AdjWindow *self, gboolean ask_where);
void     adj_window_close_now   (AdjWindow *self, gpointer data);
/* A file chooser for this window ("_Save", "_Open", …). */
GtkFileChooserNative *adj_window_file_chooser (AdjWindow *self, const char *title,
                                               GtkFileChooserAction action, const char *accept);
/* What the user chose (NULL when cancelled); unrefs @chooser. */
GFile   *adj_window_file_chooser_finish (GtkFileChooserNative *chooser, int response);
/* The banner's text for a failed @doing ("save", "export"): @error's own sentence when it
 * already says what could not be done and why ("Could not write …: no space left on the
 * device; …"), else "Could not @doing: …". */
char    *adj_window_failure_text (const char *doing, const GError *error);

/* adj-window-export.c: "step", "all" or "loss", through a file chooser. */
void     adj_window_export_dialog (AdjWindow *self, const char *what);

/* adj-window-exercise.c: exercise mode's actions, and the player's stops at questions. */
void     adj_window_exercise_init   (AdjWindow *self);
void     adj_window_exercise_add_actions (AdjWindow *self);
/* Where a forward move of the player to @to stops (a question waits before it). */
guint    adj_window_exercise_stop   (AdjWindow *self, guint to);
/* A forward move was stopped at a question: the keyboard goes to the answer (not presenting). */
void     adj_window_exercise_focus  (AdjWindow *self);
/* The player's step changed: a question waiting there stops playing. */
void     adj_window_exercise_step_changed (AdjWindow *self);
/* Presenting, the caption shows the question waiting (or the answer just revealed) instead of
 * the step's sentence; finding the bug, the step's sentence says which engine it is. NULL when
 * the step's own text stands. Owned. */
char    *adj_window_exercise_dup_caption (AdjWindow *self);
/* The strip is shown while exercise mode is on, except when presenting. */
void     adj_window_exercise_sync (AdjWindow *self);

/* adj-window-present.c */
void     adj_window_set_presenting (AdjWindow *self, gboolean presenting);
/* Presenting, the caption at most two lines, its font fitted to the screen's width. */
void     adj_window_fit_caption    (AdjWindow *self);
void     adj_window_spotlight_init (AdjWindow *self);
/* The template's "pointer_motion_cb": a capture-phase motion controller on the window. */
void     adj_window_pointer_motion_cb (GtkEventControllerMotion *motion, double x, double y,
                                       AdjWindow *self);

G_END_DECLS
