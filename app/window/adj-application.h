/* adj-application.h: the AdwApplication: windows, app-wide actions and their shortcuts; libadwaita
 * gives it the style manager and loads data/style.css. */
#pragma once

#include <adwaita.h>
#include "app/window/adj-window.h"

G_BEGIN_DECLS

#define ADJ_APPLICATION_ID "org.adjoint.Adjoint"

#define ADJ_TYPE_APPLICATION (adj_application_get_type ())
G_DECLARE_FINAL_TYPE (AdjApplication, adj_application, ADJ, APPLICATION, AdwApplication)

AdjApplication *adj_application_new (void);

/* Once per start (called by activate and open with the first window): when an Adjoint ended
 * without saving, asks over @parent whether to restore its recovery copies (an
 * AdwMessageDialog answering ADJ_APPLICATION_RESTORE: each opens as an unsaved document, the
 * first in @parent when that shows nothing of the user's; or ADJ_APPLICATION_DISCARD: they
 * are deleted). Closed otherwise, the copies are offered again next time. */
void adj_application_offer_recovery (AdjApplication *self, AdjWindow *parent);
#define ADJ_APPLICATION_RESTORE "restore"
#define ADJ_APPLICATION_DISCARD "discard"

G_END_DECLS
