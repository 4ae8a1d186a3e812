/* adj-canvas-column.h: the graph page's centre column: panels stacked top to bottom (the
 * lesson's note, the canvas, the caption, the player) where one of them, the canvas, keeps at
 * least a share of the height whatever the text size; the others get their natural heights
 * while that allows and otherwise give way (the note and the caption scroll). The split is
 * adj_column_split (ui/draw/adj-column-split.c). Children are added in a template with
 * <child>, like a box's.
 *
 *   <object class="AdjCanvasColumn">
 *     <property name="keep">canvas_overlay</property>
 *     <child>…note…</child> <child><object class="GtkOverlay" id="canvas_overlay">…</child> …
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ADJ_TYPE_CANVAS_COLUMN (adj_canvas_column_get_type ())
G_DECLARE_FINAL_TYPE (AdjCanvasColumn, adj_canvas_column, ADJ, CANVAS_COLUMN, GtkWidget)

/* The share of the column's height the kept child gets at least. */
#define ADJ_CANVAS_COLUMN_KEEP_FRACTION 0.5

GtkWidget *adj_canvas_column_new      (void);
/* The child that keeps its share (:keep); NULL or a hidden child: the column stacks its
 * children at their natural heights and the last takes the rest. */
void       adj_canvas_column_set_keep (AdjCanvasColumn *self, GtkWidget *child);
GtkWidget *adj_canvas_column_get_keep (AdjCanvasColumn *self);

G_END_DECLS
