/* significant-digits.h: the most significant digits of any number in a text a person reads,
 * for tests that hold sentences, captions and tables to ag_format_human()'s digits. Numbers
 * are runs of digits with a '.' or narrow no-break spaces (U+202F) between digits; a run that
 * follows a letter, digit, '_' or a combining mark is part of a name ("h20", "w1̄") and is
 * skipped. Leading zeros do not count, nor an integer's trailing zeros ("12 340" has 4). */
#pragma once

#include <glib.h>
#include <string.h>

static inline gboolean
sig_digits_in_name (const char *text, const char *p)
{
  gunichar prev;

  if (p == text)
    return FALSE;
  prev = g_utf8_get_char (g_utf8_find_prev_char (text, p));
  return g_unichar_isalnum (prev) || prev == '_' || g_unichar_ismark (prev);
}

static inline int
max_significant_digits (const char *text)
{
  int most = 0;

  for (const char *p = text; *p;)
    {
      g_autoptr (GString) digits = NULL;
      gboolean dot = FALSE;
      const char *d;
      gsize n;

      if (!g_ascii_isdigit (*p) || sig_digits_in_name (text, p))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      digits = g_string_new (NULL);
      for (;;)
        {
          if (g_ascii_isdigit (*p))
            g_string_append_c (digits, *p++);
          else if (*p == '.' && g_ascii_isdigit (p[1]) && !dot)
            dot = TRUE, p++;
          else if (g_str_has_prefix (p, "\u202f") && g_ascii_isdigit (p[strlen ("\u202f")]))
            p += strlen ("\u202f");
          else
            break;
        }
      d = digits->str;
      while (*d == '0')
        d++;
      n = strlen (d);
      while (!dot && n > 0 && d[n - 1] == '0')
        n--;
      most = MAX (most, (int) n);
    }
  return most;
}
