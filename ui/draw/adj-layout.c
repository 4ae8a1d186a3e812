/* adj-layout.c: node boxes and edge curves from Graphviz's dot layout. */
#include "ui/draw/adj-layout.h"
#include "core/format.h"
#include "core/ops.h"
#include "ui/draw/adj-text-fit.h"
#include "ui/draw/adj-fold-frame.h"

#include <graphviz/gvc.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

/* The shape long layouts wrap to: a window's, near 16:9. */
#define ADJ_LAYOUT_ASPECT (16.0 / 9.0)

/* How wide a node's numbers may be before any run: a typical four-digit number with a sign. */
#define TYPICAL_NUMBER "−0.0000"

/* The widest of @n numbers at @data in @font, at least TYPICAL_NUMBER's width. */
static double
numbers_width (PangoLayout *scratch, const double *data, guint n, AdjFont font, double scale)
{
  char buf[AG_FORMAT_HUMAN_SIZE];
  double widest, w;

  adj_text_measure (scratch, TYPICAL_NUMBER, font, scale, &widest, NULL);
  for (guint i = 0; data != NULL && i < n; i++)
    {
      adj_text_measure (scratch, ag_format_human_buf (buf, data[i]), font, scale, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

/* The widest number of a node's shown elements (a tensor shows at most ROWS × COLS cells),
 * among its value, adjoint and tangent as the graph holds them after its run. */
static double
node_numbers_width (PangoLayout *scratch, const AgGraph *g, AgId id, AdjFont font, double scale)
{
  const AgNode *n = ag_graph_node (g, id);
  const guint rows = MIN (n->shape.rows, ADJ_GRID_MAX_ROWS), cols = MIN (n->shape.cols, ADJ_GRID_MAX_COLS);
  double widest = 0;

  for (guint i = 0; i < MAX (rows, 1u); i++)
    {
      const gsize at = (gsize) i * n->shape.cols;
      const guint len = n->size == 1 ? 1 : cols;
      if (g->values)
        widest = MAX (widest, numbers_width (scratch, ag_graph_value (g, id) + at, len, font, scale));
      if (g->grads)
        widest = MAX (widest, numbers_width (scratch, ag_graph_grad (g, id) + at, len, font, scale));
      if (g->tangents)
        widest = MAX (widest, numbers_width (scratch, ag_graph_tangent (g, id) + at, len, font, scale));
    }
  return widest;
}

/* A node's box, sized for its text as measured in the scene's fonts at @scale: the title
 * beside its tag, the numbers beside their labels, a tensor's grids. */
static void
node_size (PangoLayout *scratch, const AgGraph *g, AgId id, const char *title, double scale,
           double *w, double *h)
{
  const AgNode *n = ag_graph_node (g, id);
  const char *name = title ? title : ag_graph_display_name (g, id);
  AdjNodeText t = { 0 };

  if (n->role == AG_ROLE_CONST && n->size == 1 && title == NULL)
    {
      adj_text_measure (scratch, name, ADJ_FONT_CONST, scale, &t.title_w, NULL);
      *w = MAX (ADJ_CONST_MIN_W * scale, t.title_w + 2 * ADJ_NODE_PAD * scale);
      *h = ADJ_CONST_H * scale;
      return;
    }
  adj_text_measure (scratch, name, ADJ_FONT_TITLE, scale, &t.title_w, NULL);
  if (n->op == AG_OP_LEAF)
    adj_text_measure (scratch, ag_role_to_string (n->role), ADJ_FONT_ROLE, scale, &t.tag_w, NULL);
  else
    adj_text_measure (scratch, ag_op_info (n->op)->symbol, ADJ_FONT_TAG, scale, &t.tag_w, NULL);
  if (n->size == 1)
    {
      t.label_w = adj_node_label_width (scratch, scale);
      t.number_w = node_numbers_width (scratch, g, id, ADJ_FONT_NUMBER, scale);
      *h = ADJ_NODE_H * scale;
    }
  else
    {
      const guint cols = MIN (n->shape.cols, ADJ_GRID_MAX_COLS), rows = MIN (n->shape.rows, ADJ_GRID_MAX_ROWS);
      const double cell_w = adj_cell_fit_width (node_numbers_width (scratch, g, id, ADJ_FONT_CELL, scale), scale);
      t.grid_w = (2 * ADJ_GRID_PAD + ADJ_GRID_LABEL_W) * scale + cols * cell_w;
      *h = (ADJ_GRID_TOP + 2 * rows * ADJ_CELL_H + ADJ_GRID_GAP + ADJ_GRID_PAD) * scale;
    }
  *w = adj_node_fit_width (&t, scale);
}

static void route_edge (AdjEdgePath *e, const AdjBox *from, const AdjBox *to);

/* One Graphviz context for the process. libgvc keeps a few kilobytes per context that
 * gvFreeContext never gives back (plugin and font tables), so a context per layout made the
 * memory grow with every edit. Graphviz is not thread-safe either (cgraph and the dot engine
 * keep global state), so every layout runs under layout_lock: one at a time, from any thread. */
static GMutex layout_lock;

static GVC_t *
layout_context (void)
{
  static GVC_t *gvc;   /* under layout_lock; kept for the life of the process */

  if (gvc == NULL)
    gvc = gvContext ();
  return gvc;
}

/* A layout of text for measuring, under layout_lock, on a font map of its own: Pango's
 * default font map belongs to one thread, and layouts run on any. Kept for the process. */
static PangoLayout *
measure_layout (void)
{
  static PangoLayout *scratch;   /* under layout_lock */

  if (scratch == NULL)
    {
      PangoFontMap *map = pango_cairo_font_map_new ();
      PangoContext *context = adj_text_context_new (map);
      scratch = pango_layout_new (context);
      g_object_unref (context);
      g_object_unref (map);
    }
  return scratch;
}

/* Folding: which nodes are hidden, which stand for a folded call. */
static void
fold_marks (const AgGraph *graph, AgOpenCalls open, guint8 **hidden, guint **stands_for)
{
  const guint n = ag_graph_n_nodes (graph);

  *hidden = g_new0 (guint8, MAX (n, 1));
  *stands_for = g_new (guint, MAX (n, 1));
  for (AgId id = 0; id < n; id++)
    {
      (*hidden)[id] = !ag_fold_node_visible (graph, open, id);
      (*stands_for)[id] = ag_fold_node_stands_for (graph, open, id);
    }
}

/* The innermost call around node @id whose inside is drawn (every call around it open), not
 * counting the folded call the node stands for: the cluster it is laid out in. */
static guint
cluster_of (const AgGraph *g, AgOpenCalls open, AgId id)
{
  for (guint c = ag_graph_node (g, id)->call; c != AG_NO_CALL; c = ag_graph_call (g, c)->parent)
    {
      gboolean drawn = TRUE;
      for (guint a = c; a != AG_NO_CALL && drawn; a = ag_graph_call (g, a)->parent)
        drawn = open != NULL && open[a];
      if (drawn)
        return c;
    }
  return AG_NO_CALL;
}

/* The Graphviz cluster of call @c, made (inside its parent's) when first asked for. */
static Agraph_t *
cluster_graph (Agraph_t *root, Agraph_t **clusters, const AgGraph *g, guint c, double scale)
{
  char name[32], buf[G_ASCII_DTOSTR_BUF_SIZE];
  guint parent = ag_graph_call (g, c)->parent;

  if (clusters[c])
    return clusters[c];
  g_snprintf (name, sizeof name, "cluster_%u", c);
  clusters[c] = agsubg (parent == AG_NO_CALL ? root : cluster_graph (root, clusters, g, parent, scale),
                        name, TRUE);
  /* Room for the frame's title band, which adj-scene.c paints (Graphviz draws nothing). */
  agset (clusters[c], (char *) "label", ag_graph_call (g, c)->name);
  agset (clusters[c], (char *) "fontsize", g_ascii_dtostr (buf, sizeof buf, 16 * scale));
  agset (clusters[c], (char *) "margin", g_ascii_dtostr (buf, sizeof buf, ADJ_FRAME_PAD * scale));
  return clusters[c];
}

/* The input at @slot of drawn node @id: a folded call's box takes the call's arguments. */
static AgId
drawn_input (const AgGraph *g, const guint *stands_for, AgId id, guint slot)
{
  if (stands_for && stands_for[id] != AG_NO_CALL)
    return ag_graph_call_arg (g, stands_for[id], slot);
  return ag_graph_input (g, ag_graph_node (g, id), slot);
}

static guint
drawn_n_inputs (const AgGraph *g, const guint *stands_for, AgId id)
{
  if (stands_for && stands_for[id] != AG_NO_CALL)
    return ag_graph_call (g, stands_for[id])->n_args;
  return ag_graph_node (g, id)->n_inputs;
}

/* One Graphviz node per drawn node, sized for its text (a folded call's box for its title), in
 * its open call's cluster; @gnodes and @sizes (w, h) are indexed by node, NULL and 0 when hidden. */
static void
add_nodes (Agraph_t *gg, const AgGraph *graph, AgOpenCalls open, const guint8 *hidden,
           const guint *stands_for, Agraph_t **clusters, double scale, Agnode_t **gnodes,
           double *sizes)
{
  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    {
      char name[16], buf[G_ASCII_DTOSTR_BUF_SIZE], title[256];
      double w, h;
      if (hidden && hidden[id])
        continue;
      g_snprintf (name, sizeof name, "n%u", id);
      gnodes[id] = agnode (gg, name, TRUE);
      if (clusters && cluster_of (graph, open, id) != AG_NO_CALL)
        agsubnode (cluster_graph (gg, clusters, graph, cluster_of (graph, open, id), scale),
                   gnodes[id], TRUE);
      node_size (measure_layout (), graph, id,
                 stands_for && stands_for[id] != AG_NO_CALL
                   ? adj_fold_box_title (graph, stands_for[id], title, sizeof title) : NULL,
                 scale, &w, &h);
      sizes[2 * id] = w;
      sizes[2 * id + 1] = h;
      agset (gnodes[id], (char *) "width", g_ascii_dtostr (buf, sizeof buf, w / 72.0));
      agset (gnodes[id], (char *) "height", g_ascii_dtostr (buf, sizeof buf, h / 72.0));
    }
}

/* A folded layout keeps its marks, puts each hidden node's (empty) box at the centre of the
 * box that hides it, and frames the open calls. Not wrapped: a frame would break across rows. */
static void
fold_finish (AdjLayout *layout, const AgGraph *graph, AgOpenCalls open, guint8 *hidden,
             guint *stands_for)
{
  AdjBox *boxes = (AdjBox *) layout->boxes->data;
  const guint n_calls = ag_graph_n_calls (graph);

  layout->hidden = hidden;
  layout->stands_for = stands_for;
  layout->open = g_new0 (gboolean, MAX (n_calls, 1));
  for (guint c = 0; open && c < n_calls; c++)
    layout->open[c] = open[c];
  for (AgId id = 0; id < layout->boxes->len; id++)
    if (hidden[id])
      {
        guint box = ag_fold_node_box (graph, open, id);
        AgId stand = box == AG_NO_CALL ? AG_NO_ID : ag_fold_call_node (graph, box);
        if (stand != AG_NO_ID && !hidden[stand])
          boxes[id] = (AdjBox) { boxes[stand].x + boxes[stand].w / 2,
                                 boxes[stand].y + boxes[stand].h / 2, 0, 0 };
      }
  layout->frames = g_array_new (FALSE, FALSE, sizeof (AdjCallFrame));
  adj_fold_frames_compute (layout->frames, graph, layout->open, boxes, hidden, layout->font_scale);
  /* The frames may reach past dot's box (the title band): the drawing holds them. */
  for (guint i = 0; i < layout->frames->len; i++)
    {
      const AdjRect *r = &g_array_index (layout->frames, AdjCallFrame, i).rect;
      layout->width = MAX (layout->width, r->x + r->w);
      layout->height = MAX (layout->height, r->y + r->h);
    }
}

AdjLayoutEngine
adj_layout_engine_for (guint n_drawn)
{
  return n_drawn <= ADJ_LAYOUT_DOT_MAX ? ADJ_LAYOUT_DOT
       : n_drawn <= ADJ_LAYOUT_FAST_MAX ? ADJ_LAYOUT_DOT_FAST : ADJ_LAYOUT_SFDP;
}

const char *
adj_layout_engine_name (AdjLayoutEngine engine)
{
  switch (engine)
    {
    case ADJ_LAYOUT_DOT:      return "dot";
    case ADJ_LAYOUT_DOT_FAST: return "dot (limited)";
    case ADJ_LAYOUT_SFDP:     return "sfdp";
    }
  return "dot";
}

/* Sets @engine's attributes on @gg and returns the Graphviz engine's name. */
static const char *
engine_setup (Agraph_t *gg, AdjLayoutEngine engine)
{
  switch (engine)
    {
    case ADJ_LAYOUT_DOT:
      return "dot";
    case ADJ_LAYOUT_DOT_FAST:
      /* Ranks by one network simplex over the whole graph (newrank), few passes of crossing
       * minimisation and of network simplex for the x positions, and no spline routing
       * (edges are drawn as curves between the boxes instead): 1,000 nodes of the bench's
       * tangled DAG in 0.56 s against dot's 4.8 s. */
      agattr (gg, AGRAPH, (char *) "newrank", (char *) "true");
      agattr (gg, AGRAPH, (char *) "mclimit", (char *) "0.01");
      agattr (gg, AGRAPH, (char *) "nslimit", (char *) "0.1");
      agattr (gg, AGRAPH, (char *) "nslimit1", (char *) "0.1");
      agattr (gg, AGRAPH, (char *) "splines", (char *) "false");
      return "dot";
    case ADJ_LAYOUT_SFDP:
      /* Overlaps are left to adj_layout_grid_snap() (prism took 20–35 s), edges straight, the
       * coarser Barnes–Hut tree (8 s at 10,000 nodes against 18). */
      agattr (gg, AGRAPH, (char *) "overlap", (char *) "true");
      agattr (gg, AGRAPH, (char *) "splines", (char *) "false");
      agattr (gg, AGRAPH, (char *) "quadtree", (char *) "fast");
      return "sfdp";
    }
  return "dot";
}

/* What a person is told when a faster engine stood in for dot; NULL for dot. */
static char *
engine_note (AdjLayoutEngine engine, guint n_drawn)
{
  if (engine == ADJ_LAYOUT_DOT_FAST)
    return g_strdup_printf ("%u nodes: laid out quickly (Graphviz dot with fewer passes), so more "
                            "lines cross than in a smaller graph's drawing", n_drawn);
  if (engine == ADJ_LAYOUT_SFDP)
    return g_strdup_printf ("%u nodes: laid out with Graphviz sfdp, which takes seconds where dot "
                            "would take minutes; neighbours stay near, but values no longer flow "
                            "left to right", n_drawn);
  return NULL;
}

static guint
count_drawn (const AgGraph *graph, const guint8 *hidden)
{
  guint n = 0;

  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    n += hidden == NULL || !hidden[id];
  return n;
}

/* Edges as straight lines between the boxes, for an engine that routed none. */
static void
straight_edges (AdjLayout *layout)
{
  for (guint i = 0; i < layout->edges->len; i++)
    {
      AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      if (e->n_points == 0)
        route_edge (e, &g_array_index (layout->boxes, AdjBox, e->from),
                    &g_array_index (layout->boxes, AdjBox, e->to));
    }
}

/* @path's points from Graphviz's spline @bz, in the screen's coordinates (y downwards from
 * @top, x from @left). */
static void
path_from_spline (AdjEdgePath *path, const bezier *bz, double left, double top)
{
  /* dot's spline stops short of the head for an arrow; end it on the box instead. */
  path->n_points = bz->size + (bz->eflag ? 3 : 0);
  path->points = g_new (double, 2 * path->n_points);
  for (guint i = 0; i < (guint) bz->size; i++)
    {
      path->points[2 * i] = bz->list[i].x - left;
      path->points[2 * i + 1] = top - bz->list[i].y;
    }
  if (bz->eflag)
    {
      const double ex = bz->ep.x - left, ey = top - bz->ep.y;
      const double lx = path->points[2 * (bz->size - 1)], ly = path->points[2 * (bz->size - 1) + 1];
      for (guint i = 0; i < 3; i++)
        {
          path->points[2 * (bz->size + i)] = lx + (ex - lx) * (i + 1) / 3.0;
          path->points[2 * (bz->size + i) + 1] = ly + (ey - ly) * (i + 1) / 3.0;
        }
    }
}

/* @engine < 0: the one adj_layout_engine_for() picks for the drawn nodes. */
static AdjLayout *
layout_locked (GVC_t *gvc, const AgGraph *graph, AgOpenCalls open, gboolean fold, double scale,
               int engine, GError **error)
{
  g_autofree guint8 *hidden = NULL;
  g_autofree guint *stands_for = NULL;
  g_autofree Agraph_t **clusters = NULL;
  Agraph_t *gg;
  g_autofree Agnode_t **gnodes = NULL;
  g_autofree double *sizes = NULL;
  AdjLayout *layout;
  const guint n_nodes = ag_graph_n_nodes (graph);
  double top;

  gg = agopen ((char *) "adjoint", Agdirected, NULL);
  agattr (gg, AGRAPH, (char *) "rankdir", (char *) "LR");
  agattr (gg, AGRAPH, (char *) "nodesep", (char *) "0.35");
  agattr (gg, AGRAPH, (char *) "ranksep", (char *) "0.6");
  agattr (gg, AGNODE, (char *) "shape", (char *) "box");
  agattr (gg, AGNODE, (char *) "fixedsize", (char *) "true");
  agattr (gg, AGNODE, (char *) "width", (char *) "1");
  agattr (gg, AGNODE, (char *) "height", (char *) "1");
  agattr (gg, AGNODE, (char *) "label", (char *) "");
  if (fold && ag_graph_n_calls (graph) > 0)
    {
      fold_marks (graph, open, &hidden, &stands_for);
      agattr (gg, AGRAPH, (char *) "label", (char *) "");
      agattr (gg, AGRAPH, (char *) "fontsize", (char *) "14");
      agattr (gg, AGRAPH, (char *) "margin", (char *) "8");
      clusters = g_new0 (Agraph_t *, ag_graph_n_calls (graph));
    }

  gnodes = g_new0 (Agnode_t *, MAX (n_nodes, 1));
  sizes = g_new0 (double, 2 * (gsize) MAX (n_nodes, 1));
  add_nodes (gg, graph, open, hidden, stands_for, clusters, scale, gnodes, sizes);
  for (AgId id = 0; id < n_nodes; id++)
    for (guint slot = 0; gnodes[id] && slot < drawn_n_inputs (graph, stands_for, id); slot++)
      {
        char key[32];
        AgId from = drawn_input (graph, stands_for, id, slot);
        if (gnodes[from] == NULL)
          continue;
        g_snprintf (key, sizeof key, "e%u_%u", id, slot);
        agedge (gg, gnodes[from], gnodes[id], key, TRUE);
      }
  if (engine < 0)
    engine = adj_layout_engine_for (count_drawn (graph, hidden));
  if (gvLayout (gvc, gg, engine_setup (gg, engine)) != 0)
    {
      g_set_error (error, AG_ERROR, AG_ERROR_ARGUMENT, "Graphviz could not lay out the graph");
      agclose (gg);
      return NULL;
    }

  /* Graphviz puts y upwards; the screen puts it downwards. */
  layout = g_new0 (AdjLayout, 1);
  layout->boxes = g_array_sized_new (FALSE, TRUE, sizeof (AdjBox), n_nodes);
  layout->edges = g_array_new (FALSE, TRUE, sizeof (AdjEdgePath));
  top = GD_bb (gg).UR.y;
  layout->width = GD_bb (gg).UR.x - GD_bb (gg).LL.x;
  layout->height = GD_bb (gg).UR.y - GD_bb (gg).LL.y;
  layout->font_scale = scale;
  layout->engine = engine;
  layout->note = engine_note (engine, count_drawn (graph, hidden));
  for (AgId id = 0; id < n_nodes; id++)
    {
      const double w = sizes[2 * id], h = sizes[2 * id + 1];
      AdjBox box = { 0, 0, 0, 0 };
      if (gnodes[id])
        box = (AdjBox) { ND_coord (gnodes[id]).x - w / 2 - GD_bb (gg).LL.x,
                         top - ND_coord (gnodes[id]).y - h / 2, w, h };
      g_array_append_val (layout->boxes, box);
    }
  for (AgId id = 0; id < n_nodes; id++)
    {
      Agedge_t *e;
      if (gnodes[id] == NULL)
        continue;
      for (e = agfstin (gg, gnodes[id]); e; e = agnxtin (gg, e))
        {
          AdjEdgePath path = { 0 };
          const char *key = agnameof (e);
          const bezier *bz;
          if (key == NULL || sscanf (key, "e%*u_%u", &path.slot) != 1)
            continue;
          path.from = drawn_input (graph, stands_for, id, path.slot);
          path.to = id;
          if (ED_spl (e) == NULL)   /* routed below */
            {
              g_array_append_val (layout->edges, path);
              continue;
            }
          bz = &ED_spl (e)->list[0];
          path_from_spline (&path, bz, GD_bb (gg).LL.x, top);
          g_array_append_val (layout->edges, path);
        }
    }
  gvFreeLayout (gvc, gg);
  agclose (gg);
  straight_edges (layout);
  if (engine == ADJ_LAYOUT_SFDP)
    adj_layout_grid_snap (layout, hidden);
  if (hidden)
    fold_finish (layout, graph, open, g_steal_pointer (&hidden), g_steal_pointer (&stands_for));
  else if (engine != ADJ_LAYOUT_SFDP)   /* wrapping moves dot's columns; sfdp has none */
    adj_layout_wrap (layout, ADJ_LAYOUT_ASPECT);
  return layout;
}

AdjLayout *
adj_layout_new (const AgGraph *graph, GError **error)
{
  return adj_layout_new_scaled (graph, 1.0, error);
}

AdjLayout *
adj_layout_new_scaled (const AgGraph *graph, double font_scale, GError **error)
{
  AdjLayout *layout;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (font_scale > 0, NULL);
  g_mutex_lock (&layout_lock);
  layout = layout_locked (layout_context (), graph, NULL, FALSE, font_scale, -1, error);
  g_mutex_unlock (&layout_lock);
  return layout;
}

AdjLayout *
adj_layout_new_folded (const AgGraph *graph, AgOpenCalls open, double font_scale,
                       GError **error)
{
  AdjLayout *layout;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (font_scale > 0, NULL);
  g_mutex_lock (&layout_lock);
  layout = layout_locked (layout_context (), graph, open, TRUE, font_scale, -1, error);
  g_mutex_unlock (&layout_lock);
  return layout;
}

AdjLayout *
adj_layout_new_with_engine (const AgGraph *graph, double font_scale, AdjLayoutEngine engine,
                            GError **error)
{
  AdjLayout *layout;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (font_scale > 0, NULL);
  g_mutex_lock (&layout_lock);
  layout = layout_locked (layout_context (), graph, NULL, FALSE, font_scale, engine, error);
  g_mutex_unlock (&layout_lock);
  return layout;
}

void
adj_layout_free (AdjLayout *layout)
{
  if (layout == NULL)
    return;
  for (guint i = 0; i < layout->edges->len; i++)
    g_free (g_array_index (layout->edges, AdjEdgePath, i).points);
  g_array_unref (layout->boxes);
  g_array_unref (layout->edges);
  g_free (layout->hidden);
  g_free (layout->stands_for);
  g_free (layout->open);
  g_free (layout->note);
  g_clear_pointer (&layout->frames, g_array_unref);
  g_free (layout);
}

static void
route_edge (AdjEdgePath *e, const AdjBox *from, const AdjBox *to)
{
  const double x0 = from->x + from->w, y0 = from->y + from->h / 2;
  const double x1 = to->x, y1 = to->y + to->h / 2;
  const double bend = MAX (40.0, fabs (x1 - x0) / 2);

  g_free (e->points);
  e->n_points = 4;
  e->points = g_new (double, 8);
  e->points[0] = x0;
  e->points[1] = y0;
  e->points[2] = x0 + bend;
  e->points[3] = y0;
  e->points[4] = x1 - bend;
  e->points[5] = y1;
  e->points[6] = x1;
  e->points[7] = y1;
}

void
adj_layout_move_node (AdjLayout *layout, const AgGraph *graph, AgId id, double x, double y)
{
  AdjBox *box;

  g_return_if_fail (layout != NULL && id < layout->boxes->len);
  box = &g_array_index (layout->boxes, AdjBox, id);
  box->x = x;
  box->y = y;
  for (guint i = 0; i < layout->edges->len; i++)
    {
      AdjEdgePath *e = &g_array_index (layout->edges, AdjEdgePath, i);
      if (e->from == id || e->to == id)
        route_edge (e, &g_array_index (layout->boxes, AdjBox, e->from),
                    &g_array_index (layout->boxes, AdjBox, e->to));
    }
  layout->width = MAX (layout->width, x + box->w);
  layout->height = MAX (layout->height, y + box->h);
  if (layout->frames)   /* the frames follow their boxes */
    adj_fold_frames_compute (layout->frames, graph, layout->open, (const AdjBox *) layout->boxes->data,
                             layout->hidden, layout->font_scale > 0 ? layout->font_scale : 1.0);
}

void
adj_edge_path_point (const AdjEdgePath *edge, double t, double *x, double *y)
{
  const guint n_seg = (edge->n_points - 1) / 3;
  double u;
  guint seg;
  const double *p;

  t = CLAMP (t, 0.0, 1.0);
  if (n_seg == 0)
    {
      *x = edge->points[0];
      *y = edge->points[1];
      return;
    }
  seg = MIN ((guint) (t * n_seg), n_seg - 1);
  u = t * n_seg - seg;
  p = edge->points + 6 * seg;
  /* De Casteljau on one cubic segment. */
  const double a = (1 - u) * (1 - u) * (1 - u), b = 3 * u * (1 - u) * (1 - u);
  const double c = 3 * u * u * (1 - u), d = u * u * u;
  *x = a * p[0] + b * p[2] + c * p[4] + d * p[6];
  *y = a * p[1] + b * p[3] + c * p[5] + d * p[7];
}
