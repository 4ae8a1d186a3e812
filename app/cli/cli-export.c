/* cli-export.c: `adjoint export`: a step of the trace drawn to PNG, SVG or PDF. */
#include "app/cli/cli-common.h"
#include "core/autograd.h"
#include "core/caption-anchor.h"
#include "core/trace.h"
#include "core/trace-fold.h"
#include <string.h>
#include "ui/draw/adj-layout.h"
#include "ui/draw/adj-scene.h"

#include <stdio.h>

/* The file's captions and the anchors of the trace's positions, for the pages; a folded
 * trace's own sentences where the file has no caption (the plain one knows no call). */
typedef struct {
  const AgGraphFile   *doc;
  const GPtrArray     *anchors;
  const AgFoldedTrace *folded;     /* NULL for a program without functions */
  const AgGraph       *graph;
  char                *sentence;   /* the last one written, owned */
} ExportCaptions;

static const char *
document_caption (guint k, gpointer data)
{
  ExportCaptions *c = data;
  const char *text = ag_graph_file_caption_at (c->doc, c->anchors, k);

  if (text != NULL || c->folded == NULL || k == 0)
    return text;
  g_free (c->sentence);
  c->sentence = ag_folded_trace_describe_step (c->folded, c->graph, k - 1, FALSE);
  return c->sentence;
}

int
adj_cli_export (int argc, char **argv)
{
  g_autofree char *expr = NULL;
  g_autofree char *output = NULL;
  g_autofree char *theme_name = NULL;
  g_autofree char *fold = NULL;
  g_autofree gboolean *open = NULL;
  int step = -1, width = 1600;
  gboolean all_steps = FALSE;
  const GOptionEntry entries[] = {
    ADJ_CLI_EXPR_OPTION (expr, "Export"),
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The file to write: .png, .svg or .pdf (required)", "OUT" },
    { "step", 0, 0, G_OPTION_ARG_INT, &step, "The player position to draw: 0 is the start, the last step by default", "N" },
    { "all-steps", 0, 0, G_OPTION_ARG_NONE, &all_steps, "A title page, then every position from the start, one PDF page each (slides and handouts)", NULL },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_name, "light (the default), dark or high-contrast", "THEME" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width in pixels (points for PDF and SVG), 320 to 8000; the height is 9/16 of it", "PX" },
    { "fold", 0, 0, G_OPTION_ARG_STRING, &fold,
      "all: each call of a function drawn as one box, its steps summed; none: every call open, "
      "its inside framed. The file's open calls by default (every call folded)", "all|none" },
    { NULL }
  };
  g_auto (AdjCliSource) src = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AgTrace) trace = ag_trace_new ();
  g_autoptr (AgFoldedTrace) folded = NULL;
  AgTrace *shown = trace;
  g_autoptr (AdjLayout) layout = NULL;
  g_autoptr (GPtrArray) anchors = NULL;
  ExportCaptions captions;
  g_autofree char *title = NULL;
  AdjTheme theme = ADJ_THEME_LIGHT;
  guint n_steps, first, last;

  if (!adj_cli_parse_options ("export", "(FILE | -e PROGRAM) -o OUT",
                              "Draw the graph at one step of its trace, as the window shows it, to PNG, "
                              "SVG or PDF; or every step as one multi-page PDF.",
                              "Examples:\n  adjoint export data/examples/05-paths-add-up.adjoint -o step.png --step 6\n"
                              "  adjoint export data/examples/01-chain-rule.adjoint -o lesson.pdf --all-steps\n",
                              entries, &argc, &argv))
    return ADJ_EXIT_BAD_INPUT;
  if (output == NULL)
    return adj_cli_usage_error ("export", "give the file to write with -o OUT.png, OUT.svg or OUT.pdf");
  if (!g_str_has_suffix (output, ".png") && !g_str_has_suffix (output, ".svg") && !g_str_has_suffix (output, ".pdf"))
    return adj_cli_usage_error ("export", "-o must end in .png, .svg or .pdf, not '%s'", output);
  if (all_steps && !g_str_has_suffix (output, ".pdf"))
    return adj_cli_usage_error ("export", "--all-steps writes one PDF page per step: give -o OUT.pdf");
  if (all_steps && step >= 0)
    return adj_cli_usage_error ("export", "give --step N or --all-steps, not both");
  if (theme_name && !adj_theme_from_string (theme_name, &theme))
    return adj_cli_usage_error ("export", "--theme must be light, dark or high-contrast, not '%s'", theme_name);
  if (width < 320 || width > 8000)
    return adj_cli_usage_error ("export", "--width must be between 320 and 8000");
  if (fold && strcmp (fold, "all") != 0 && strcmp (fold, "none") != 0)
    return adj_cli_usage_error ("export", "--fold must be all or none, not '%s'", fold);
  if (!adj_cli_source_load (&src, "export", argc, argv, expr))
    return ADJ_EXIT_BAD_INPUT;
  open = adj_cli_open_calls (src.doc, src.graph, fold);
  if (ag_graph_n_nodes (src.graph) > ADJ_LAYOUT_MAX_NODES)
    return adj_cli_usage_error ("export", "the graph has %u nodes; export draws at most %u",
                                ag_graph_n_nodes (src.graph), ADJ_LAYOUT_MAX_NODES);

  ag_graph_zero_grad (src.graph, NULL);
  ag_graph_forward (src.graph, trace);
  if (!ag_graph_backward (src.graph, trace, &error))   /* a non-scalar output: values only */
    fprintf (stderr, "%s: note: values only: %s\n", src.source_name, error->message);
  /* Folded calls step as one box (core/trace-fold.h); a program without functions is as it was. */
  if (ag_graph_n_calls (src.graph) > 0)
    {
      folded = ag_trace_fold (trace, src.graph, open);
      shown = folded->trace;
    }
  g_clear_error (&error);
  n_steps = ag_trace_n_steps (shown);
  if (step > (int) n_steps)
    return adj_cli_usage_error ("export", "--step %d is past the last step (%u)", step, n_steps);
  first = all_steps ? 0 : step >= 0 ? (guint) step : n_steps;
  last = all_steps ? n_steps : first;
  layout = ag_graph_n_calls (src.graph) > 0 ? adj_layout_new_folded (src.graph, open, 1.0, &error)
                                             : adj_layout_new (src.graph, &error);
  if (layout == NULL)
    return adj_cli_usage_error ("export", "%s", error->message);
  if (layout->note)   /* a faster engine stood in for dot */
    fprintf (stderr, "%s: note: %s\n", src.source_name, layout->note);

  /* A lesson without a title is named by its file. */
  title = src.doc->title ? g_strdup (src.doc->title) : g_path_get_basename (src.source_name);
  /* Captions follow their steps by anchor; an old file's numbered ones are placed first. */
  anchors = ag_caption_anchors_new (shown, src.graph);
  ag_graph_file_anchor_captions (src.doc, anchors);
  captions = (ExportCaptions) { src.doc, anchors, folded, src.graph, NULL };
  /* Slides open with a title page: the lesson's title and note, no graph. */
  if (!adj_scene_export_slides (output, src.graph, layout, shown, first, last, document_caption,
                                &captions, title, src.doc->note, all_steps, theme, width, &error))
    {
      fprintf (stderr, "%s: error: %s\n", output, error->message);
      g_free (captions.sentence);
      return ADJ_EXIT_BAD_INPUT;
    }
  g_free (captions.sentence);
  return ADJ_EXIT_OK;
}
