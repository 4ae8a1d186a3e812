/* read-back.h: what the number round-trip tests share (test-json-writer.c, test-cli.c): a
 * double's bits as hex, and Python's json reading the same text. */
#pragma once

#include <gio/gio.h>
#include <string.h>

/* The eight bytes of @v in memory order (little-endian here, as Python's "<d"). Owned. */
static inline char *
read_back_bits_hex (double v)
{
  guint8 b[8];

  memcpy (b, &v, sizeof b);
  return g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
                          b[6], b[7]);
}

/* Python's json reading @json: the bits of each number of the list at @path (a Python
 * expression on `d`), space-separated. NULL when python3 is not on PATH. Owned. */
static inline char *
read_back_python_bits (const char *json, const char *path)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *script = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;

  if (python == NULL)
    return NULL;
  script = g_strdup_printf ("import json, struct, sys\n"
                            "d = json.load(sys.stdin)\n"
                            "print(' '.join(struct.pack('<d', float(v)).hex() for v in %s))\n", path);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           python, "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, json, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  return g_strdup (g_strchomp (out));
}
