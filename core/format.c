/* format.c: numbers and tensors as text and as JSON. */
#include "core/format.h"

#include <math.h>
#include <stdlib.h>

void
ag_format_number (GString *out, double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (x))
    {
      g_string_append (out, "nan");
      return;
    }
  if (isinf (x))
    {
      g_string_append (out, x > 0 ? "inf" : "-inf");
      return;
    }
  if (x == 0.0)
    {
      g_string_append_c (out, '0');   /* also for -0: a sign on zero only confuses a reader */
      return;
    }
  /* The fewest significant digits that read back as the same double. */
  for (int prec = 1; prec <= 17; prec++)
    {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
      g_ascii_formatd (buf, sizeof buf, fmt, x);
      if (g_ascii_strtod (buf, NULL) == x)
        break;
    }
  g_string_append (out, buf);
}

static void
format_tensor (GString *out, AgShape shape, const double *data, void (*number) (GString *, double))
{
  if (shape.ndim == 0)
    {
      number (out, data[0]);
      return;
    }
  if (shape.ndim == 2)
    g_string_append_c (out, '[');
  for (guint32 r = 0; r < shape.rows; r++)
    {
      if (r > 0)
        g_string_append (out, ", ");
      g_string_append_c (out, '[');
      for (guint32 c = 0; c < shape.cols; c++)
        {
          if (c > 0)
            g_string_append (out, ", ");
          number (out, data[r * shape.cols + c]);
        }
      g_string_append_c (out, ']');
    }
  if (shape.ndim == 2)
    g_string_append_c (out, ']');
}

void
ag_format_tensor (GString *out, AgShape shape, const double *data)
{
  format_tensor (out, shape, data, ag_format_number);
}

char *
ag_format_tensor_dup (AgShape shape, const double *data)
{
  GString *out = g_string_new (NULL);

  ag_format_tensor (out, shape, data);
  return g_string_free (out, FALSE);
}

void
ag_json_number (GString *out, double x)
{
  if (isnan (x))
    g_string_append (out, "\"NaN\"");
  else if (isinf (x))
    g_string_append (out, x > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  else
    ag_format_number (out, x);
}

void
ag_json_tensor (GString *out, AgShape shape, const double *data)
{
  format_tensor (out, shape, data, ag_json_number);
}

void
ag_json_string (GString *out, const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}
