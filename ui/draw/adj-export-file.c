/* adj-export-file.c: a drawing written to a PNG, SVG or PDF file whole or not at all (see the .h). */
#include "ui/draw/adj-export-file.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include "core/file.h"

/* Cairo's stream callback: every byte goes through the atomic writer, which keeps the first
 * failure's errno for the message (cairo itself only knows "error while writing"). */
static cairo_status_t
write_cb (void *closure, const unsigned char *data, unsigned int length)
{
  return ag_file_replace_write (closure, data, length) ? CAIRO_STATUS_SUCCESS
                                                       : CAIRO_STATUS_WRITE_ERROR;
}

gboolean
adj_export_file_write (const char *path, AdjExportFormat format, cairo_format_t png_format,
                       double width, double height, AdjExportPaint paint, gpointer data,
                       GError **error)
{
  AgFileReplace *out;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;

  g_return_val_if_fail (path != NULL && paint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Opened first: a missing folder is told before the drawing is made. */
  out = ag_file_replace_begin (path, error);
  if (out == NULL)
    return FALSE;
  switch (format)
    {
    case ADJ_EXPORT_PNG:
      surface = cairo_image_surface_create (png_format, (int) ceil (width), (int) ceil (height));
      break;
    case ADJ_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_cb, out, width, height);
      break;
    case ADJ_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_cb, out, width, height);
      break;
    }
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = paint (surface, data);
  if (status == CAIRO_STATUS_SUCCESS && format == ADJ_EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_cb, out);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_finish (surface);   /* writes the vector formats' last pages */
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);   /* before the writer goes: destroying may still write */

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autoptr (GError) why = NULL;

      ag_file_replace_abort (out, &why);
      if (why != NULL)
        g_propagate_error (error, g_steal_pointer (&why));
      else
        ag_set_error_at (error, AG_ERROR_IO, 0, 0, 0, "could not draw %s: %s", path,
                         cairo_status_to_string (status));
      return FALSE;
    }
  return ag_file_replace_commit (out, error);
}
