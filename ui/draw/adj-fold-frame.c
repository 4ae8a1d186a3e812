/* adj-fold-frame.c: folded boxes' titles and open calls' frames (adj-fold-frame.h). */
#include "ui/draw/adj-fold-frame.h"

#include <math.h>

/* TRUE when @call and every call around it are open: its inside is drawn. */
static gboolean
inside_drawn (const AgGraph *g, AgOpenCalls open, guint call)
{
  for (guint c = call; c != AG_NO_CALL; c = ag_graph_call (g, c)->parent)
    if (open == NULL || !open[c])
      return FALSE;
  return TRUE;
}

static void
grow (gboolean *any, double *x0, double *y0, double *x1, double *y1, const AdjRect *r)
{
  if (!*any)
    {
      *x0 = r->x, *y0 = r->y, *x1 = r->x + r->w, *y1 = r->y + r->h;
      *any = TRUE;
      return;
    }
  *x0 = MIN (*x0, r->x);
  *y0 = MIN (*y0, r->y);
  *x1 = MAX (*x1, r->x + r->w);
  *y1 = MAX (*y1, r->y + r->h);
}

void
adj_fold_frames_compute (GArray *frames, const AgGraph *graph, AgOpenCalls open,
                         const AdjRect *boxes, const guint8 *hidden, double scale)
{
  const guint n_calls = ag_graph_n_calls (graph);
  guint max_depth = 0;

  g_return_if_fail (frames != NULL && graph != NULL && boxes != NULL);
  g_array_set_size (frames, 0);
  for (guint c = 0; c < n_calls; c++)
    max_depth = MAX (max_depth, ag_graph_call (graph, c)->depth);
  /* Deepest first: a parent's frame holds its children's frames. */
  for (int depth = (int) max_depth; depth >= 0 && n_calls > 0; depth--)
    for (guint c = 0; c < n_calls; c++)
      {
        const AgCall *call = ag_graph_call (graph, c);
        gboolean any = FALSE;
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        AdjCallFrame f;

        if ((int) call->depth != depth || !inside_drawn (graph, open, c))
          continue;
        for (AgId id = call->first_node; id < call->end_node; id++)
          if (hidden == NULL || !hidden[id])
            grow (&any, &x0, &y0, &x1, &y1, &boxes[id]);
        for (guint i = 0; i < frames->len; i++)
          {
            const AdjCallFrame *child = &g_array_index (frames, AdjCallFrame, i);
            if (ag_graph_call (graph, child->call)->parent == c)
              grow (&any, &x0, &y0, &x1, &y1, &child->rect);
          }
        if (!any)
          continue;
        f.call = c;
        f.depth = call->depth;
        f.rect = (AdjRect) { x0 - ADJ_FRAME_PAD * scale,
                             y0 - (ADJ_FRAME_PAD + ADJ_FRAME_TITLE_H) * scale,
                             x1 - x0 + 2 * ADJ_FRAME_PAD * scale,
                             y1 - y0 + (2 * ADJ_FRAME_PAD + ADJ_FRAME_TITLE_H) * scale };
        g_array_append_val (frames, f);
      }
}

const char *
adj_fold_box_title (const AgGraph *graph, guint call, char *buf, gsize size)
{
  const AgCall *c = ag_graph_call (graph, call);
  AgId out = ag_fold_call_node (graph, call);
  const char *name = out != AG_NO_ID ? ag_graph_node (graph, out)->name : NULL;

  if (name)
    g_snprintf (buf, size, "%s → %s", c->name, name);
  else
    g_snprintf (buf, size, "%s", c->name);
  return buf;
}

int
adj_fold_frame_title_at (const GArray *frames, double x, double y, double scale)
{
  if (frames == NULL)
    return -1;
  for (guint i = 0; i < frames->len; i++)   /* innermost first */
    {
      const AdjRect *r = &g_array_index (frames, AdjCallFrame, i).rect;
      if (x >= r->x && x <= r->x + r->w && y >= r->y && y <= r->y + ADJ_FRAME_TITLE_H * scale)
        return (int) i;
    }
  return -1;
}
