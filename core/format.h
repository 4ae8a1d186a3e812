/* format.h: numbers and tensors as text and JSON, shared by the command line and the window. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

/* The shortest decimal that reads back as @x ("0.1", "3125", "-2.6145744834544478");
 * "nan", "inf", "-inf" for the rest. Appended to @out. */
void  ag_format_number (GString *out, double x);
/* A number for people (the canvas, inspector, hovers, badges, captions, the lab, `adjoint
 * trace`'s text): at most ag_format_get_human_digits() significant digits (4 by default),
 * "0.6225", "8.367×10⁻¹⁰" (a real ×10 and superscript from 1e6 up and below 1e-3), "12 340"
 * (a narrow no-break space between groups of three from 10 000 up), "−1.5" (a real minus).
 * A number whose shortest exact form is that short stays as typed ("0.5", "1.001", "3"); the
 * rest round (trailing zeros dropped). Never "…": "NaN", "∞", "−∞"; zero is "0", also −0.
 * Appended to @out. Files and every --json use ag_json_number() instead. */
void  ag_format_human (GString *out, double x);
/* The same with @digits significant digits (1–17; 17 is exact). */
void  ag_format_human_digits (GString *out, double x, int digits);
/* The digits ag_format_human() uses: a preference (4 by default, clamped to 1–17). */
void  ag_format_set_human_digits (int digits);
int   ag_format_get_human_digits (void);
/* Into a caller's buffer (at least AG_FORMAT_HUMAN_SIZE bytes); returns @buf. */
#define AG_FORMAT_HUMAN_SIZE 64
const char *ag_format_human_buf (char buf[AG_FORMAT_HUMAN_SIZE], double x);
/* A tensor as nested lists: "3", "[0, 4, 8, 12]", "[[1, 2], [3, 4]]". Appended to @out. */
void  ag_format_tensor (GString *out, AgShape shape, const double *data);
/* The same, summarised as numpy prints an array: a tensor of more than
 * AG_FORMAT_SUMMARY_THRESHOLD elements shows only its first and last AG_FORMAT_SUMMARY_EDGE
 * rows and columns, with "…" between ("[[1, 1, 1, …, 1, 1, 1], …, [1, 1, 1, …, 1, 1, 1]]"), so
 * a 2048 × 2048 value is a few hundred bytes instead of megabytes. Smaller ones are whole. */
#define AG_FORMAT_SUMMARY_THRESHOLD 1000u   /* numpy's default print threshold */
#define AG_FORMAT_SUMMARY_EDGE      3u      /* numpy's default edgeitems */
void  ag_format_tensor_summary (GString *out, AgShape shape, const double *data);
/* The same, cut short for a sentence or a panel as numpy summarises: past @max_cols columns
 * (or @max_rows rows) the first and last ones that fit around "…" ("[1, 2, …, 9, 10]" for 10
 * elements cut to 5). Only the shown elements are formatted, so a huge tensor costs no more
 * than a small one; G_MAXUINT for both writes every element. Exact numbers
 * (ag_format_number). Appended to @out. */
void  ag_format_tensor_cut (GString *out, AgShape shape, const double *data, guint max_rows,
                            guint max_cols);
/* The same for people: each number by ag_format_human(). */
void  ag_format_tensor_human_cut (GString *out, AgShape shape, const double *data,
                                  guint max_rows, guint max_cols);
/* The same with @digits significant digits (1–17), or AG_FORMAT_EXACT for the shortest exact
 * form of ag_format_number() ("0.49999999999999994", what the inspector shows on demand). */
#define AG_FORMAT_EXACT 0
void  ag_format_tensor_cut_digits (GString *out, AgShape shape, const double *data,
                                   guint max_rows, guint max_cols, int digits);
/* TRUE for a plain name (an ASCII letter or _, then letters, digits and _): one a combining
 * mark or a ∂ can sit on without parentheses. */
gboolean ag_format_is_identifier (const char *s);
/* Convenience: a new string (owned by the caller). */
char *ag_format_tensor_dup (AgShape shape, const double *data);
/* Element @k (row-major) of node @id as people write it: "x", "x[2]", "W[1, 0]". Owned by the
 * caller. */
char *ag_format_element_name (const AgGraph *graph, AgId id, guint k);

/* JSON output: the one writer of numbers that programs read back (graph files, every --json).
 * The same shortest digits as ag_format_number(), laid out so that every finite double reads
 * back bit for bit through json-glib and Python's json: an exponent from 1e18 on (json-glib
 * would read 1e20 in digits as an int64 and wrap), "-0.0" for −0. NaN and infinities, which
 * JSON lacks, become the strings "NaN", "Infinity" and "-Infinity" (as the protobuf JSON
 * mapping does). See also core/json-writer.h for whole JsonNode trees. */
void  ag_json_number (GString *out, double x);
void  ag_json_string (GString *out, const char *s);   /* quoted and escaped; NULL gives null */

G_END_DECLS
