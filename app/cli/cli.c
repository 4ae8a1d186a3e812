/* cli.c: the table of `adjoint`'s verbs and its usage; each verb lives in cli-VERB.c. */
#include "app/cli/cli.h"
#include "app/cli/bench.h"
#include "app/cli/cli-common.h"
#include "core/ops.h"

#include <string.h>

/* ---- the verb table ---------------------------------------------------------------------- */

static const AdjVerb verbs[] = {
  { "eval", "values and gradients of a program", adj_cli_eval },
  { "trace", "every step of the forward and backward passes, as sentences", adj_cli_trace },
  { "check", "compare gradients with central differences (exit 1 past tolerance)", adj_cli_check },
  { "quiz", "questions on a program's steps, graded with hints; find a broken engine's bug", adj_cli_quiz },
  { "optimize", "gradient descent on a program's inputs (sgd, momentum, adam)", adj_cli_optimize },
  { "export", "draw a step (PNG, SVG, PDF) or every step as one multi-page PDF", adj_cli_export },
  { "train", "train a small network on 2-D data and print its losses", adj_cli_train },
  { "bench", "measure the core and the canvas against the targets (docs/performance.md)", adj_bench_main },
  { NULL }
};

const AdjVerb *
adj_cli_verbs (void)
{
  return verbs;
}

const AdjVerb *
adj_cli_lookup (const char *name)
{
  for (const AdjVerb *v = verbs; v->name; v++)
    if (strcmp (v->name, name) == 0)
      return v;
  return NULL;
}

/* The functions a program may call, read from the op table so the list is never stale. */
static void
print_functions (FILE *out)
{
  guint col = 1;

  fprintf (out, "\nFunctions:\n ");
  for (guint op = AG_OP_LEAF + 1; op < AG_N_OPS; op++)
    {
      const AgOpInfo *info = ag_op_info (op);
      const guint len = (guint) strlen (info->name) + 1;

      if (!ag_op_is_function (info))
        continue;
      if (col + len > 80)
        {
          fprintf (out, "\n ");
          col = 1;
        }
      fprintf (out, " %s", info->name);
      col += len;
    }
  fprintf (out, "\nAlong an axis and joining, written as in PyTorch: sum(X, 1),\n"
           "mean(X, -1, keepdim=True), max(X, 0), softmax(X, dim=0), cat([a, b], 1),\n"
           "stack([a, b], 1).\n"
           "Your own: def name(a, b): with an indented body ending in return EXPR.\n"
           "grad(y, x) is dy/dx as nodes of the graph, so grad(grad(y, x), x) is the second\n"
           "derivative and W - 0.1 * grad(L, W) an update. README.md describes the language.\n");
}

void
adj_cli_print_usage (FILE *out)
{
  fprintf (out,
           "Usage:\n"
           "  adjoint [FILE]                 open the window on FILE (or the welcome example)\n"
           "  adjoint VERB [OPTION…] (FILE | -e PROGRAM)\n\n"
           "Adjoint teaches backpropagation: it runs a small program forwards and backwards\n"
           "and shows every step. FILE is a graph file (.adjoint) or a plain program text.\n\n"
           "Verbs:\n");
  for (const AdjVerb *v = verbs; v->name; v++)
    fprintf (out, "  %-10s %s\n", v->name, v->summary);
  print_functions (out);
  fprintf (out,
           "\nEach verb takes --json for output that programs read, and --help for its options.\n"
           "Exit codes: 0 success, 1 a check failed, 2 bad input.\n\n"
           "Example:\n"
           "  adjoint trace -e 'x = 3; y = x + 1; z = y^2'\n");
}
