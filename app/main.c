/* main.c: the `adjoint` binary: a verb runs headless (app/cli/); no verb opens the window
 * (app/window/). Only here do the two meet, so app/cli/ never includes app/window/. */
#include <stdio.h>
#include <string.h>
#include <locale.h>
#include "app/cli/cli.h"
#include "app/window/adj-application.h"
#include "ui/common/adj-renderer.h"

int
main (int argc, char **argv)
{
  const AdjVerb *verb;

  setlocale (LC_ALL, "");
  g_set_prgname ("adjoint");

  if (argc >= 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
                    strcmp (argv[1], "help") == 0))
    {
      adj_cli_print_usage (stdout);
      return ADJ_EXIT_OK;
    }
  if (argc >= 2 && strcmp (argv[1], "--version") == 0)
    {
      printf ("adjoint %s\n", ADJOINT_VERSION);
      return ADJ_EXIT_OK;
    }
  if (argc >= 2 && (verb = adj_cli_lookup (argv[1])) != NULL)
    return verb->run (argc - 1, argv + 1);

  if (argc >= 2 && argv[1][0] == '-')
    {
      fprintf (stderr, "adjoint: error: unknown option '%s'\n\n", argv[1]);
      adj_cli_print_usage (stderr);
      return ADJ_EXIT_BAD_INPUT;
    }
  /* No verb: the window, on the cairo renderer where GL could only be software. */
  adj_renderer_apply_default ();
  {
    g_autoptr (AdjApplication) app = adj_application_new ();
    return g_application_run (G_APPLICATION (app), argc, argv);
  }
}
