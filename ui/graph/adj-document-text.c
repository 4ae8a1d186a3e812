/* adj-document-text.c: the document's program text as a file and as lines (see
 * adj-document-text.h). */
#include "ui/graph/adj-document-text.h"
#include "core/file.h"

#include <string.h>

gboolean
adj_document_text_is_program (const char *data, gsize length)
{
  gsize i = 0;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
    i++;
  return i >= length || data[i] != '{';
}

AgGraphFile *
adj_document_text_load (const char *path, gboolean *plain, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  AgGraphFile *doc;

  contents = ag_file_read_bounded (path, AG_MAX_FILE_BYTES, "a graph file", &length, error);
  if (contents == NULL)
    return NULL;
  doc = ag_graph_file_load_from_data (contents, length, error);
  *plain = doc != NULL && adj_document_text_is_program (contents, length);
  return doc;
}

gssize
adj_document_text_offset (const char *text, guint line, guint col)
{
  const char *p = text;

  for (guint l = 1; l < line; l++)
    {
      p = strchr (p, '\n');
      if (p == NULL)
        return -1;
      p++;
    }
  for (guint c = 1; c < col; c++)
    {
      if (*p == '\0' || *p == '\n')
        return -1;
      p = g_utf8_next_char (p);
    }
  return p - text;
}
