/* adj-export-file.h: a drawing written to a PNG, SVG or PDF file whole or not at all. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  ADJ_EXPORT_PNG,
  ADJ_EXPORT_SVG,
  ADJ_EXPORT_PDF,
} AdjExportFormat;

/* Draws the picture (every page of it, for a PDF) on @surface; returns the cairo status. */
typedef cairo_status_t (*AdjExportPaint) (cairo_surface_t *surface, gpointer data);

/* Draws with @paint on a @width × @height surface of @format (a PNG's pixels in @png_format)
 * and writes it to @path through core/file.h's atomic writer: the old file stays as it was
 * unless every byte of the new one was written. FALSE with @error (AG_ERROR_IO, naming @path
 * and why in words: no space, permission denied, no such folder) when it was not. */
gboolean adj_export_file_write (const char *path, AdjExportFormat format, cairo_format_t png_format,
                                double width, double height, AdjExportPaint paint, gpointer data,
                                GError **error);

G_END_DECLS
