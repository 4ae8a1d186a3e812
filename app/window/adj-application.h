/* adj-application.h: the AdwApplication: windows, app-wide actions and their shortcuts; libadwaita
 * gives it the style manager and loads data/style.css. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ADJ_APPLICATION_ID "org.adjoint.Adjoint"

#define ADJ_TYPE_APPLICATION (adj_application_get_type ())
G_DECLARE_FINAL_TYPE (AdjApplication, adj_application, ADJ, APPLICATION, AdwApplication)

AdjApplication *adj_application_new (void);

G_END_DECLS
