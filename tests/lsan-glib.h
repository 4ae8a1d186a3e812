/* lsan-glib.h: LeakSanitizer and GLib in the widget tests (no-ops without ASan): GLib's first
 * quark block, and the leak check run before exit.
 *
 * GLib keeps its quark strings in an array of 2048 slots allocated by a library constructor.
 * Once a process makes more quarks (a window with the training lab does), GLib moves to a
 * bigger array and leaves the first one behind on purpose, so readers need no lock. Its
 * allocation stack ends in g_malloc under the fast unwinder, so no suppression can name it.
 * Instead, while GLib still points to that array, find it in libglib's data and mark it as
 * not a leak: a heap block of 2048 pointers whose slot for a fresh quark holds that quark's
 * string. Call before anything makes many quarks (first thing in main). */
#pragma once

#include <glib.h>

#if defined (__SANITIZE_ADDRESS__)
#include <link.h>
#include <string.h>

int    __sanitizer_get_ownership (const volatile void *p);
void   __lsan_do_leak_check (void);
size_t __sanitizer_get_allocated_size (const volatile void *p);
void   __lsan_ignore_object (const void *p);

typedef struct {
  const char *probe;
  GQuark      quark;
  gboolean    found;
} LsanGlibScan;

static int
lsan_glib_scan_module (struct dl_phdr_info *info, size_t size, void *data)
{
  LsanGlibScan *scan = data;

  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0") == NULL)
    return 0;
  for (int i = 0; i < info->dlpi_phnum && !scan->found; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      const char *const *word, *const *end;

      if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
        continue;
      word = (const char *const *) (info->dlpi_addr + ph->p_vaddr);
      end = (const char *const *) (info->dlpi_addr + ph->p_vaddr + ph->p_memsz);
      for (; word < end; word++)
        {
          const char *const *block = (const char *const *) *word;
          if (block != NULL && __sanitizer_get_ownership (block) &&
              __sanitizer_get_allocated_size (block) == 2048 * sizeof (char *) &&
              block[scan->quark] == scan->probe)
            {
              __lsan_ignore_object (block);
              scan->found = TRUE;
              break;
            }
        }
    }
  return scan->found;
}

static inline void
lsan_ignore_glib_quark_block (void)
{
  static const char probe[] = "adjoint-lsan-quark-probe";
  LsanGlibScan scan = { probe, g_quark_from_static_string (probe), FALSE };

  if (scan.quark < 2048)
    dl_iterate_phdr (lsan_glib_scan_module, &scan);
}
/* LeakSanitizer's check at exit stops every thread to scan its stack; a GLib or GTK worker
 * thread that is just then winding down crashes the sanitizer itself ("Tracer caught signal
 * 11"), failing a suite whose every test passed. So check before returning from main, once
 * the thread pools' idle workers are gone. Leaks still fail the run. */
static inline void
lsan_check_before_exit (void)
{
  g_thread_pool_stop_unused_threads ();
  g_usleep (G_USEC_PER_SEC / 5);
  __lsan_do_leak_check ();
}
#else
static inline void lsan_ignore_glib_quark_block (void) {}
static inline void lsan_check_before_exit (void) {}
#endif
