/* adj-examples.c: the bundled examples, listed from the resources (see adj-examples.h). */
#include "app/window/adj-examples.h"
#include "core/graph-file.h"

#include <stdlib.h>
#include <string.h>

static int
compare_names (gconstpointer a, gconstpointer b)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;

  /* The first thing a newcomer sees comes first. */
  if (g_str_equal (x, ADJ_EXAMPLES_WELCOME) != g_str_equal (y, ADJ_EXAMPLES_WELCOME))
    return g_str_equal (x, ADJ_EXAMPLES_WELCOME) ? -1 : 1;
  return strcmp (x, y);
}

char **
adj_examples_list (void)
{
  g_auto (GStrv) files = g_resources_enumerate_children (ADJ_EXAMPLES_RESOURCE, 0, NULL);
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; files && files[i]; i++)
    if (g_str_has_suffix (files[i], AG_FILE_EXTENSION))
      g_ptr_array_add (names, g_strndup (files[i], strlen (files[i]) - strlen (AG_FILE_EXTENSION)));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* The example's own title, or its name when it has none. */
static char *
dup_title (const char *name)
{
  g_autofree char *path = g_strconcat (ADJ_EXAMPLES_RESOURCE, name, AG_FILE_EXTENSION, NULL);
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  g_autoptr (AgGraphFile) file = bytes ? ag_graph_file_load_from_data (g_bytes_get_data (bytes, NULL),
                                                                       g_bytes_get_size (bytes), NULL) : NULL;

  return g_strdup (file && file->title ? file->title : name);
}

GMenuModel *
adj_examples_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr (GMenu) lessons = g_menu_new ();
  g_auto (GStrv) names = adj_examples_list ();

  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *title = dup_title (names[i]);
      g_autofree char *detailed = g_strdup_printf ("win.open-example::%s", names[i]);
      const gboolean lesson = g_ascii_isdigit (names[i][0]);
      g_autofree char *label = lesson ? g_strdup_printf ("%d. %s", atoi (names[i]), title) : g_strdup (title);

      g_menu_append (lesson ? lessons : menu, label, detailed);
    }
  g_menu_append_section (menu, "Lessons", G_MENU_MODEL (lessons));
  return G_MENU_MODEL (menu);
}
