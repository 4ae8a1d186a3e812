/* format.c: numbers and tensors as text and as JSON. */
#include "core/format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The fewest significant digits (at most 17) that read back as the finite, non-zero @x: they
 * go to @digits (no sign, no trailing zeros, NUL-terminated), the power of ten of the first
 * one to @exp10. Returns how many. The one digit search behind both layouts below. */
static int
shortest_digits (double x, char digits[24], int *exp10)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *p;
  int nd = 0;

  for (int prec = 0; prec <= 16; prec++)
    {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%de", prec);
      g_ascii_formatd (buf, sizeof buf, fmt, x);     /* "." whatever the locale */
      if (g_ascii_strtod (buf, NULL) == x)
        break;
    }
  /* buf is "-d.ddde±xx": take the digits and the exponent. */
  for (p = buf; *p && *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && nd < 23)
      digits[nd++] = *p;
  *exp10 = atoi (p + 1);
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  digits[nd] = '\0';
  return nd;
}

/* digits × 10^exp10 written out positionally: "3125", "120.5", "0.001". */
static void
append_positional (GString *out, const char *digits, int nd, int exp10)
{
  if (exp10 < 0)
    {
      g_string_append (out, "0.");
      for (int i = -1; i > exp10; i--)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
      return;
    }
  for (int i = 0; i <= exp10 || i < nd; i++)
    {
      if (i == exp10 + 1)
        g_string_append_c (out, '.');
      g_string_append_c (out, i < nd ? digits[i] : '0');
    }
}

/* digits × 10^exp10 as "d.ddde±x", the exponent padded to @exp_width digits. */
static void
append_exponent (GString *out, const char *digits, int nd, int exp10, int exp_width)
{
  g_string_append_c (out, digits[0]);
  if (nd > 1)
    g_string_append_printf (out, ".%s", digits + 1);
  g_string_append_printf (out, "e%c%0*d", exp10 < 0 ? '-' : '+', exp_width, ABS (exp10));
}

void
ag_format_number (GString *out, double x)
{
  char digits[24];
  int nd, exp10;

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
  /* Laid out positionally (3125, 0.001) unless the exponent is far out (1e-07, 1.5e+21), as
   * JavaScript does. */
  nd = shortest_digits (x, digits, &exp10);
  if (x < 0)
    g_string_append_c (out, '-');
  if (exp10 < -6 || exp10 >= 21)
    append_exponent (out, digits, nd, exp10, 2);
  else
    append_positional (out, digits, nd, exp10);
}

/* A tensor as nested lists; past 2 × @edge rows or columns (@edge > 0) only the first and last
 * @edge of them, with "…" between, as numpy summarises. */
static void
append_row_edges (GString *out, const double *row, guint32 cols, guint edge)
{
  g_string_append_c (out, '[');
  for (guint32 c = 0; c < cols; c++)
    {
      if (c > 0)
        g_string_append (out, ", ");
      if (edge > 0 && cols > 2 * edge && c == edge)
        {
          g_string_append (out, "…, ");
          c = cols - edge;
        }
      ag_format_number (out, row[c]);
    }
  g_string_append_c (out, ']');
}

static void
append_tensor_edges (GString *out, AgShape shape, const double *data, guint edge)
{
  if (shape.ndim == 0)
    {
      ag_format_number (out, data[0]);
      return;
    }
  if (shape.ndim == 1)
    {
      append_row_edges (out, data, shape.cols, edge);
      return;
    }
  g_string_append_c (out, '[');
  for (guint32 r = 0; r < shape.rows; r++)
    {
      if (r > 0)
        g_string_append (out, ", ");
      if (edge > 0 && shape.rows > 2 * edge && r == edge)
        {
          g_string_append (out, "…, ");
          r = shape.rows - edge;
        }
      append_row_edges (out, data + (gsize) r * shape.cols, shape.cols, edge);
    }
  g_string_append_c (out, ']');
}

void
ag_format_tensor (GString *out, AgShape shape, const double *data)
{
  append_tensor_edges (out, shape, data, 0);
}

void
ag_format_tensor_summary (GString *out, AgShape shape, const double *data)
{
  const gboolean cut = ag_shape_size (shape) > AG_FORMAT_SUMMARY_THRESHOLD;

  append_tensor_edges (out, shape, data, cut ? AG_FORMAT_SUMMARY_EDGE : 0);
}

char *
ag_format_tensor_dup (AgShape shape, const double *data)
{
  GString *out = g_string_new (NULL);

  ag_format_tensor (out, shape, data);
  return g_string_free (out, FALSE);
}

/* Read back by programs (files, every --json), so the layout answers to parsers rather than
 * people: positional from 1e-6 up to 1e18 ("300", "0.001"), with an exponent outside
 * ("1e-7", "1e+18"). An integer of 18 digits or fewer is exact as json-glib's int64 and as
 * Python's int; from 1e18 on the exponent makes it a double, since json-glib reads a number
 * without '.' or 'e' as a 64-bit integer and 1e20 written out in digits wraps around to −1.
 * −0 is written "-0.0", the only form both json-glib and Python read back as −0. */
void
ag_json_number (GString *out, double x)
{
  char digits[24];
  int nd, exp10;

  if (isnan (x))
    {
      g_string_append (out, "\"NaN\"");
      return;
    }
  if (isinf (x))
    {
      g_string_append (out, x > 0 ? "\"Infinity\"" : "\"-Infinity\"");
      return;
    }
  if (x == 0)
    {
      g_string_append (out, signbit (x) ? "-0.0" : "0");
      return;
    }
  nd = shortest_digits (x, digits, &exp10);
  if (x < 0)
    g_string_append_c (out, '-');
  if (exp10 < -6 || exp10 >= 18)
    append_exponent (out, digits, nd, exp10, 1);
  else
    append_positional (out, digits, nd, exp10);
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

char *
ag_format_element_name (const AgGraph *g, AgId id, guint k)
{
  const AgNode *n = ag_graph_node (g, id);
  const char *name = ag_graph_display_name (g, id);

  if (n->shape.ndim == 0)
    return g_strdup (name);
  if (n->shape.ndim == 1)
    return g_strdup_printf ("%s[%u]", name, k);
  return g_strdup_printf ("%s[%u, %u]", name, k / n->shape.cols, k % n->shape.cols);
}

/* ---- numbers for people ---- */

static int human_digits = 4;   /* a preference; read on the main thread and in the CLI */

void
ag_format_set_human_digits (int digits)
{
  g_atomic_int_set (&human_digits, CLAMP (digits, 1, 17));
}

int
ag_format_get_human_digits (void)
{
  return g_atomic_int_get (&human_digits);
}

/* @x (finite, non-zero) rounded to @digits significant digits: digits without trailing zeros
 * and the power of ten of the first, as shortest_digits() gives them. A number whose shortest
 * exact form already fits keeps it, so 0.1 stays "0.1" and not a rounding of 0.1000000000000000055. */
static int
rounded_digits (double x, int digits, char out[24], int *exp10)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE], fmt[8];
  const char *p;
  int nd = shortest_digits (x, out, exp10);

  if (nd <= digits)
    return nd;
  g_snprintf (fmt, sizeof fmt, "%%.%de", digits - 1);
  g_ascii_formatd (buf, sizeof buf, fmt, fabs (x));
  nd = 0;
  for (p = buf; *p && *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && nd < 23)
      out[nd++] = *p;
  *exp10 = atoi (p + 1);
  while (nd > 1 && out[nd - 1] == '0')
    nd--;
  out[nd] = '\0';
  return nd;
}

/* A bounded text being written, so that a frame can format numbers without allocating. */
typedef struct {
  char *buf;
  gsize size, len;
} Out;

static void
put (Out *o, const char *s)
{
  for (; *s && o->len + 1 < o->size; s++)
    o->buf[o->len++] = *s;
  o->buf[o->len] = '\0';
}

static void
put_superscript (Out *o, int n)
{
  static const char *const sup[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  char dec[16];

  if (n < 0)
    put (o, "⁻");
  g_snprintf (dec, sizeof dec, "%d", ABS (n));
  for (const char *p = dec; *p; p++)
    put (o, sup[*p - '0']);
}

/* digits × 10^exp10 positionally, the integer part grouped by three with a narrow no-break
 * space (U+202F) from 10 000 up: "0.6225", "1.5", "12 340". */
static void
put_grouped (Out *o, const char *digits, int nd, int exp10)
{
  char c[2] = { 0, 0 };

  if (exp10 < 0)
    {
      put (o, "0.");
      for (int i = -1; i > exp10; i--)
        put (o, "0");
      put (o, digits);
      return;
    }
  for (int i = 0; i <= exp10 || i < nd; i++)
    {
      if (i == exp10 + 1)
        put (o, ".");
      else if (i > 0 && i <= exp10 && exp10 >= 4 && (exp10 + 1 - i) % 3 == 0)
        put (o, "\u202f");
      c[0] = i < nd ? digits[i] : '0';
      put (o, c);
    }
}

static void
human_into (Out *o, double x, int digits)
{
  char d[24];
  int nd, exp10;

  if (isnan (x))
    return put (o, "NaN");
  if (x == 0.0)
    return put (o, "0");   /* also −0: a sign on zero only confuses a reader */
  if (x < 0)
    put (o, "−");
  if (isinf (x))
    return put (o, "∞");
  nd = rounded_digits (x, CLAMP (digits, 1, 17), d, &exp10);
  if (exp10 < -3 || exp10 >= 6)
    {
      char head[3] = { d[0], 0, 0 };
      put (o, head);
      if (nd > 1)
        {
          put (o, ".");
          put (o, d + 1);
        }
      put (o, "×10");
      put_superscript (o, exp10);
    }
  else
    put_grouped (o, d, nd, exp10);
}

void
ag_format_human_digits (GString *out, double x, int digits)
{
  char buf[AG_FORMAT_HUMAN_SIZE];
  Out o = { buf, sizeof buf, 0 };

  buf[0] = '\0';
  human_into (&o, x, digits);
  g_string_append (out, buf);
}

void
ag_format_human (GString *out, double x)
{
  ag_format_human_digits (out, x, ag_format_get_human_digits ());
}

const char *
ag_format_human_buf (char buf[AG_FORMAT_HUMAN_SIZE], double x)
{
  Out o = { buf, AG_FORMAT_HUMAN_SIZE, 0 };

  buf[0] = '\0';
  human_into (&o, x, ag_format_get_human_digits ());
  return buf;
}

/* ---- tensors for people ---- */

static void
append_digits (GString *out, double x, int digits)
{
  if (digits == AG_FORMAT_EXACT)
    ag_format_number (out, x);
  else
    ag_format_human_digits (out, x, digits);
}

/* How many of @n items a cut to @max shows at its start and at its end: all when they fit,
 * else as many as fit with "…" taking one place, the start getting the odd one. */
static void
cut_edges (guint32 n, guint max, guint32 *head, guint32 *tail)
{
  const guint room = MAX (max, 2u) - 1;

  if (n <= max)
    {
      *head = n;
      *tail = 0;
      return;
    }
  *tail = room / 2;
  *head = room - *tail;
}

static void
append_row_human (GString *out, const double *row, guint32 cols, guint max_cols, int digits)
{
  guint32 head, tail;

  cut_edges (cols, max_cols, &head, &tail);
  g_string_append_c (out, '[');
  for (guint32 c = 0; c < head; c++)
    {
      if (c > 0)
        g_string_append (out, ", ");
      append_digits (out, row[c], digits);
    }
  if (head < cols)
    g_string_append (out, ", …");
  for (guint32 c = cols - tail; c < cols && head < cols; c++)
    {
      g_string_append (out, ", ");
      append_digits (out, row[c], digits);
    }
  g_string_append_c (out, ']');
}

void
ag_format_tensor_cut_digits (GString *out, AgShape shape, const double *data, guint max_rows,
                             guint max_cols, int digits)
{
  guint32 head, tail;

  if (shape.ndim == 0)
    {
      append_digits (out, data[0], digits);
      return;
    }
  if (shape.ndim == 1)
    {
      append_row_human (out, data, shape.cols, max_cols, digits);
      return;
    }
  cut_edges (shape.rows, max_rows, &head, &tail);
  g_string_append_c (out, '[');
  for (guint32 r = 0; r < shape.rows; r++)
    {
      if (r >= head && r < shape.rows - tail)
        {
          g_string_append (out, ", …");
          r = shape.rows - tail - 1;   /* the loop's r++ goes on at the tail */
          continue;
        }
      if (r > 0)
        g_string_append (out, ", ");
      append_row_human (out, data + (gsize) r * shape.cols, shape.cols, max_cols, digits);
    }
  g_string_append_c (out, ']');
}

void
ag_format_tensor_cut (GString *out, AgShape shape, const double *data, guint max_rows,
                      guint max_cols)
{
  ag_format_tensor_cut_digits (out, shape, data, max_rows, max_cols, AG_FORMAT_EXACT);
}

void
ag_format_tensor_human_cut (GString *out, AgShape shape, const double *data, guint max_rows,
                            guint max_cols)
{
  ag_format_tensor_cut_digits (out, shape, data, max_rows, max_cols, ag_format_get_human_digits ());
}
