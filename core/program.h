/* program.h: the program language v1 (DESIGN.md), parsed straight into a graph. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

#define AG_MAX_PROGRAM_BYTES (1u << 20)   /* 1 MiB of program text */
#define AG_MAX_NESTING       200          /* parentheses, brackets and calls inside each other */
#define AG_MAX_CALL_DEPTH    32           /* calls of user functions inside each other */
#define AG_MAX_CALLS         100000       /* calls of user functions in one program */
#define AG_MAX_CALL_TOKENS   (1u << 23)   /* tokens read by all the calls' bodies together */

/* Parses @text (@length bytes, or -1 when NUL-terminated) and builds its graph: a statement
 * whose right side is only a number or a literal of numbers defines an input (`param` and
 * `data` in front make a parameter or a data leaf); a number inside an expression is a
 * constant; the last assigned name is the output. Nothing is run.
 *
 * Returns the graph (owned by the caller), or NULL with @error set: AG_ERROR_SYNTAX,
 * AG_ERROR_NAME, AG_ERROR_SHAPE or AG_ERROR_LIMIT, located with ag_error_get_location()
 * (line and column are 1-based; columns count characters, not bytes). */
AgGraph *ag_program_parse (const char *text, gssize length, GError **error);

/* A `param` or `data` statement may make its leaf with an initialiser in place of a literal:
 *   param W1 = he(2, 16)     data X = zeros(200, 2)
 * zeros(…) and ones(…) fill it; uniform(…) draws from U(−1/√fan_in, 1/√fan_in) (the default of
 * torch.nn.Linear), xavier(…) from U(−a, a) with a = √(6/(fan_in + fan_out)) (Glorot), he(…)
 * from N(0, 2/fan_in) (Kaiming). For a matrix (rows, cols), fan_in = rows and fan_out = cols,
 * as `X @ W` uses it; for a vector (n) both are n. Each initialiser call draws its own stream,
 * seeded by @seed and by how many calls came before it, so one seed gives the same weights
 * bit for bit. @data_rows, when not 0, replaces the first dimension of every `data … = zeros(…)`
 * leaf: the trainer's batch size. */
typedef struct {
  guint64 seed;
  guint32 data_rows;
} AgProgramOptions;

/* ag_program_parse() with @options (NULL: seed 0, shapes as written). */
AgGraph *ag_program_parse_with (const char *text, gssize length, const AgProgramOptions *options,
                                GError **error);

/* Formats @error as the command line and the editor show it:
 *   FILE:LINE:COL: error: MESSAGE
 *     3 | y = x +
 *       |        ^
 * @source_name is the file's name or "<program>"; @text the program (may be NULL: no excerpt).
 * Owned by the caller; no trailing newline. */
char *ag_program_format_error (const GError *error, const char *source_name, const char *text);

G_END_DECLS
