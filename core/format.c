/* format.c: numbers and tensors as text and as JSON. */
#include "core/format.h"

#include <math.h>
#include <stdlib.h>

void
ag_format_number (GString *out, double x)
{
  char buf[64];

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
  /* The fewest significant digits that read back as the same double, laid out positionally
   * (3125, 0.001) unless the exponent is far out (1e-07, 1.5e+21), as JavaScript does. */
  int prec, exp10;
  for (prec = 1; prec <= 17; prec++)
    {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%de", prec - 1);
      g_ascii_formatd (buf, sizeof buf, fmt, x);     /* "." whatever the locale */
      if (g_ascii_strtod (buf, NULL) == x)
        break;
    }
  {
    char digits[32];
    int nd = 0;
    const char *p = buf;
    const gboolean neg = *p == '-';
    if (neg)
      p++;
    for (; *p && *p != 'e'; p++)
      if (g_ascii_isdigit (*p))
        digits[nd++] = *p;
    exp10 = atoi (p + 1);
    while (nd > 1 && digits[nd - 1] == '0')
      nd--;
    digits[nd] = '\0';
    if (neg)
      g_string_append_c (out, '-');
    if (exp10 < -6 || exp10 >= 21)
      {
        g_string_append_c (out, digits[0]);
        if (nd > 1)
          g_string_append_printf (out, ".%s", digits + 1);
        g_string_append_printf (out, "e%c%02d", exp10 < 0 ? '-' : '+', ABS (exp10));
      }
    else if (exp10 < 0)
      {
        g_string_append (out, "0.");
        for (int i = -1; i > exp10; i--)
          g_string_append_c (out, '0');
        g_string_append (out, digits);
      }
    else
      {
        for (int i = 0; i <= exp10 || i < nd; i++)
          {
            if (i == exp10 + 1)
              g_string_append_c (out, '.');
            g_string_append_c (out, i < nd ? digits[i] : '0');
          }
      }
  }
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

static void
append_row_cut (GString *out, const double *row, guint32 cols, guint max_cols)
{
  const guint32 shown = cols <= max_cols ? cols : MAX (max_cols, 2) - 1;

  g_string_append_c (out, '[');
  for (guint32 c = 0; c < shown; c++)
    {
      if (c > 0)
        g_string_append (out, ", ");
      ag_format_number (out, row[c]);
    }
  if (shown < cols)
    g_string_append (out, ", …");
  g_string_append_c (out, ']');
}

void
ag_format_tensor_cut (GString *out, AgShape shape, const double *data, guint max_rows,
                      guint max_cols)
{
  guint32 shown;

  if (shape.ndim == 0)
    {
      ag_format_number (out, data[0]);
      return;
    }
  if (shape.ndim == 1)
    {
      append_row_cut (out, data, shape.cols, max_cols);
      return;
    }
  shown = shape.rows <= max_rows ? shape.rows : MAX (max_rows, 2) - 1;
  g_string_append_c (out, '[');
  for (guint32 r = 0; r < shown; r++)
    {
      if (r > 0)
        g_string_append (out, ", ");
      append_row_cut (out, data + (gsize) r * shape.cols, shape.cols, max_cols);
    }
  if (shown < shape.rows)
    g_string_append (out, ", …");
  g_string_append_c (out, ']');
}

gboolean
ag_format_is_identifier (const char *s)
{
  if (s == NULL || (!g_ascii_isalpha (s[0]) && s[0] != '_'))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}
