/* json-writer.h: the one JSON writer: JsonNode trees (from JsonBuilder or a file) as text,
 * numbers through ag_json_number() so that every finite double reads back bit for bit. */
#pragma once

#include <json-glib/json-glib.h>
#include "core/graph.h"

G_BEGIN_DECLS

/* Appends @node as the graph files write JSON: a member per line, nested lines indented two
 * spaces from @level, a list of scalars on one line. Past 64 levels it writes null (a file
 * never nests that deep: ag_graph_file_save() refuses deeper training setups first). */
void ag_json_write_node  (GString *out, JsonNode *node, guint level);
/* Appends @node as every --json of the command line writes it: one line, except that a list
 * of objects or lists directly inside the top-level object puts each element on its own line
 * (a step, a node: `grep` and `head` then work on the output). */
void ag_json_write_lines (GString *out, JsonNode *node);

/* Builds a tensor as nested lists of numbers ("3", "[0, 4]", "[[1, 2], [3, 4]]"), the shape
 * ag_format_tensor() prints. NaN and infinities included: the writer writes those as the
 * strings "NaN", "Infinity" and "-Infinity". */
void ag_json_builder_add_tensor (JsonBuilder *builder, AgShape shape, const double *data);

G_END_DECLS
