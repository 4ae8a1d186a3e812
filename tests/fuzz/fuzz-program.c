/* fuzz-program.c: libFuzzer target for the program parser and the passes behind it: parse,
 * and for a small graph run it with a trace, run forward mode, and describe every step. */
#include "core/autograd.h"
#include "core/graph.h"
#include "core/program.h"
#include "core/trace.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES    2000
#define MAX_ELEMENTS 100000

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
describe_all (const AgTrace *trace, const AgGraph *graph)
{
  for (guint k = 0; k < ag_trace_n_steps (trace); k++)
    {
      g_autofree char *text = ag_trace_describe_step (trace, graph, k);
      if (text == NULL)
        abort ();
    }
}

static void
format_error (const GError *error, const char *text)
{
  g_autofree char *message = NULL;

  if (error == NULL || error->domain != AG_ERROR)
    abort ();
  message = ag_program_format_error (error, "<fuzz>", text);
  if (message == NULL || message[0] == 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraph) graph = NULL;
  g_autoptr (AgTrace) trace = NULL;
  /* For messages, which take a C string: cut at the first NUL, as a caller's would be. */
  g_autofree char *text = g_strndup ((const char *) data, size);

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  graph = ag_program_parse ((const char *) data, (gssize) size, &error);
  if (graph == NULL)
    {
      format_error (error, text);
      return 0;
    }
  if (error != NULL)
    abort ();
  if (ag_graph_n_nodes (graph) > MAX_NODES || graph->n_elements > MAX_ELEMENTS)
    return 0;

  trace = ag_trace_new ();
  if (!ag_graph_run (graph, trace, &error))
    {
      format_error (error, text);
      g_clear_error (&error);
    }
  describe_all (trace, graph);

  /* Forward mode from the first input, its first and last element. */
  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    {
      const AgNode *node = ag_graph_node (graph, id);

      if (node->role != AG_ROLE_INPUT)
        continue;
      for (guint pass = 0; pass < 2; pass++)
        {
          guint element = pass == 0 ? 0 : node->size - 1;

          ag_trace_clear (trace);
          if (!ag_graph_forward_mode (graph, id, element, trace, &error))
            {
              format_error (error, text);
              g_clear_error (&error);
            }
          describe_all (trace, graph);
        }
      break;
    }
  return 0;
}
