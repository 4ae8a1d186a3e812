/* window-harness.h: what the window suites (tests/app/test-window*.c, test-recovery.c) share:
 * a part of the window's template, its actions, the main loop run until something holds, and
 * a window opened on an example or a file and closed again with nothing left behind. Linking
 * it also gives the suite a preferences folder of its own (window-harness.c says why). */
#pragma once

#include "app/window/adj-window.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The window template's child @id (data/ui/adj-window.ui); fails the test when there is none. */
GtkWidget *window_part          (AdjWindow *window, const char *id);
/* Activates the window's action @action ("win.step-forward"), with @parameter if any. */
void       window_activate      (AdjWindow *window, const char *action);
void       window_activate_with (AdjWindow *window, const char *action, GVariant *parameter);

/* Runs the main loop until @done (@data) is true or @seconds pass; returns @done. */
gboolean   spin_until           (gboolean (*done) (gpointer), gpointer data, double seconds);
/* Whether @widget is mapped: a condition for spin_until(). */
gboolean   widget_is_mapped     (gpointer widget);
/* Runs the main loop for @seconds: long enough for a resize and a relayout. */
void       spin                 (double seconds);

/* A new window on the example @name or the file at @path, shown and mapped. */
AdjWindow *open_example         (const char *name);
AdjWindow *open_path            (const char *path);
/* Destroys @window and checks that it and its document are finalized. */
void       close_window         (AdjWindow *window);

G_END_DECLS
