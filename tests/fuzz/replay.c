/* replay.c: runs a fuzz target's LLVMFuzzerTestOneInput over every file of a corpus (or the
 * files given), without libFuzzer, and reports each as a TAP test: the seed corpora replay in
 * the ordinary test suite, with any compiler. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint failed = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s CORPUS_DIR_OR_FILE…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GDir) dir = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_ptr_array_add (files, g_strdup (argv[i]));
          continue;
        }
      dir = g_dir_open (argv[i], 0, &error);
      if (dir == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 2;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (files, g_build_filename (argv[i], name, NULL));
    }
  g_ptr_array_sort (files, compare_paths);

  printf ("1..%u\n", files->len);
  fflush (stdout);
  for (guint k = 0; k < files->len; k++)
    {
      const char *path = g_ptr_array_index (files, k);
      g_autoptr (GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *base = g_path_get_basename (path);
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          printf ("not ok %u %s # %s\n", k + 1, base, error->message);
          failed++;
          continue;
        }
      /* An exact-size copy, so that AddressSanitizer sees a read past the end; never NULL,
       * as libFuzzer's is not. */
      {
        g_autofree uint8_t *copy = g_malloc (MAX (length, 1));
        memcpy (copy, contents, length);
        LLVMFuzzerTestOneInput (copy, length);
      }
      printf ("ok %u %s\n", k + 1, base);
      fflush (stdout);
    }
  return failed ? 1 : 0;
}
