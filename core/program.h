/* program.h: the program language v1 (DESIGN.md), parsed straight into a graph. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

#define AG_MAX_PROGRAM_BYTES (1u << 20)   /* 1 MiB of program text */
#define AG_MAX_NESTING       200          /* parentheses, brackets and calls inside each other */

/* Parses @text (@length bytes, or -1 when NUL-terminated) and builds its graph: a statement
 * whose right side is only a number or a literal of numbers defines an input (`param` and
 * `data` in front make a parameter or a data leaf); a number inside an expression is a
 * constant; the last assigned name is the output. Nothing is run.
 *
 * Returns the graph (owned by the caller), or NULL with @error set: AG_ERROR_SYNTAX,
 * AG_ERROR_NAME, AG_ERROR_SHAPE or AG_ERROR_LIMIT, located with ag_error_get_location()
 * (line and column are 1-based; columns count characters, not bytes). */
AgGraph *ag_program_parse (const char *text, gssize length, GError **error);

/* Formats @error as the command line and the editor show it:
 *   FILE:LINE:COL: error: MESSAGE
 *     3 | y = x +
 *       |        ^
 * @source_name is the file's name or "<program>"; @text the program (may be NULL: no excerpt).
 * Owned by the caller; no trailing newline. */
char *ag_program_format_error (const GError *error, const char *source_name, const char *text);

G_END_DECLS
