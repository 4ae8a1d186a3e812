/* adj-examples.h: the bundled examples, listed from the resources (the one list is
 * data/adjoint.gresource.xml): what the Examples menu offers and what a new window opens. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ADJ_EXAMPLES_RESOURCE "/org/adjoint/Adjoint/examples/"
/* The example a new window opens on. */
#define ADJ_EXAMPLES_WELCOME  "welcome"

/* The examples' names (file names without ".adjoint"), in menu order: "welcome" first, then
 * the others sorted by name, so the numbered lessons are in their order. Free with g_strfreev. */
char       **adj_examples_list (void);

/* The Examples menu: the unnumbered examples, then a "Lessons" section ("1. The chain rule"),
 * each item activating win.open-example with its name. The titles are the files' own. */
GMenuModel  *adj_examples_menu (void);

G_END_DECLS
