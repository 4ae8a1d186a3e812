/* adj-canvas-column.c: the centre column that keeps the canvas large (see adj-canvas-column.h). */
#include "app/window/adj-canvas-column.h"
#include "ui/draw/adj-column-split.h"

/* More panels than the window's centre will ever hold; the split needs no allocation. */
#define MAX_PANELS 16

struct _AdjCanvasColumn
{
  GtkWidget parent_instance;

  GtkWidget *keep;   /* borrowed: one of the children, or NULL */
};

G_DEFINE_FINAL_TYPE (AdjCanvasColumn, adj_canvas_column, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KEEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The children to lay out, at most MAX_PANELS, into @children; the kept one's index, or the
 * last child's when the kept one is not among them (then with no share of its own). */
static guint
collect (AdjCanvasColumn *self, GtkWidget **children, guint *keep, double *fraction)
{
  guint n = 0;

  *keep = G_MAXUINT;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c && n < MAX_PANELS;
       c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_should_layout (c))
      {
        if (c == self->keep)
          *keep = n;
        children[n++] = c;
      }
  *fraction = *keep == G_MAXUINT ? 0.0 : ADJ_CANVAS_COLUMN_KEEP_FRACTION;
  if (*keep == G_MAXUINT && n > 0)
    *keep = n - 1;
  return n;
}

/* @child's height for @width. A scrolled panel (the note, the caption) asks for its content's
 * natural height at that width: GTK 4.8's GtkScrolledWindow measures its content for no width
 * in particular, which for wrapped text is a few words a line, far too short. */
static void
measure_height (GtkWidget *child, int width, int *minimum, int *natural)
{
  GtkWidget *content;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, minimum, natural, NULL, NULL);
  if (!GTK_IS_SCROLLED_WINDOW (child) ||
      !gtk_scrolled_window_get_propagate_natural_height (GTK_SCROLLED_WINDOW (child)))
    return;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child));
  if (content != NULL && gtk_widget_should_layout (content))
    {
      int content_min = 0, content_nat = 0;

      gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, width, &content_min, &content_nat,
                          NULL, NULL);
      *natural = MAX (*minimum, content_nat);
    }
}

static void
adj_canvas_column_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = *natural = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      int min = 0, nat = 0;

      if (!gtk_widget_should_layout (c))
        continue;
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          gtk_widget_measure (c, orientation, -1, &min, &nat, NULL, NULL);
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      else
        {
          measure_height (c, for_size, &min, &nat);
          *minimum += min;
          *natural += nat;
        }
    }
}

static void
adj_canvas_column_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  AdjCanvasColumn *self = ADJ_CANVAS_COLUMN (widget);
  GtkWidget *children[MAX_PANELS];
  int minimum[MAX_PANELS], natural[MAX_PANELS], heights[MAX_PANELS];
  guint n, keep;
  double fraction;
  int y = 0;

  n = collect (self, children, &keep, &fraction);
  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    measure_height (children[i], width, &minimum[i], &natural[i]);
  adj_column_split (minimum, natural, n, keep, fraction, height, heights);
  for (guint i = 0; i < n; i++)
    {
      gtk_widget_size_allocate (children[i], &(GtkAllocation) { 0, y, width, heights[i] }, -1);
      y += heights[i];
    }
}

static GtkSizeRequestMode
adj_canvas_column_get_request_mode (GtkWidget *widget)
{
  /* Wrapping labels: their heights depend on the width they get. */
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
adj_canvas_column_dispose (GObject *object)
{
  AdjCanvasColumn *self = ADJ_CANVAS_COLUMN (object);
  GtkWidget *child;

  self->keep = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (adj_canvas_column_parent_class)->dispose (object);
}

static void
adj_canvas_column_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AdjCanvasColumn *self = ADJ_CANVAS_COLUMN (object);

  switch (prop_id)
    {
    case PROP_KEEP:
      g_value_set_object (value, self->keep);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_canvas_column_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AdjCanvasColumn *self = ADJ_CANVAS_COLUMN (object);

  switch (prop_id)
    {
    case PROP_KEEP:
      adj_canvas_column_set_keep (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adj_canvas_column_class_init (AdjCanvasColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adj_canvas_column_dispose;
  object_class->get_property = adj_canvas_column_get_property;
  object_class->set_property = adj_canvas_column_set_property;
  widget_class->measure = adj_canvas_column_measure;
  widget_class->size_allocate = adj_canvas_column_size_allocate;
  widget_class->get_request_mode = adj_canvas_column_get_request_mode;

  /* Borrowed: a child of the column, held until dispose drops it. */
  properties[PROP_KEEP] = g_param_spec_object ("keep", NULL, NULL, GTK_TYPE_WIDGET,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "canvascolumn");
}

static void
adj_canvas_column_init (AdjCanvasColumn *self)
{
}

GtkWidget *
adj_canvas_column_new (void)
{
  return g_object_new (ADJ_TYPE_CANVAS_COLUMN, NULL);
}

void
adj_canvas_column_set_keep (AdjCanvasColumn *self, GtkWidget *child)
{
  g_return_if_fail (ADJ_IS_CANVAS_COLUMN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));
  if (self->keep == child)
    return;
  self->keep = child;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP]);
}

GtkWidget *
adj_canvas_column_get_keep (AdjCanvasColumn *self)
{
  g_return_val_if_fail (ADJ_IS_CANVAS_COLUMN (self), NULL);
  return self->keep;
}
