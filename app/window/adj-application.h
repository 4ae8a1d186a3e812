/* adj-application.h: the GtkApplication: windows, app-wide actions, and their shortcuts. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ADJ_APPLICATION_ID "org.adjoint.Adjoint"

#define ADJ_TYPE_APPLICATION (adj_application_get_type ())
G_DECLARE_FINAL_TYPE (AdjApplication, adj_application, ADJ, APPLICATION, GtkApplication)

AdjApplication *adj_application_new (void);

/* The names of the bundled examples, in menu order ("welcome" first). Static. */
const char *const *adj_application_example_names (void);

G_END_DECLS
