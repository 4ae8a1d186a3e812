/* under-asan.h: UNDER_ASAN is 1 in a build with AddressSanitizer (GCC's or clang's), whose
 * malloc glibc's counters (mallinfo2) do not see: the tests that a step allocates nothing skip
 * there. */
#pragma once

#if defined (__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined (__has_feature)
#if __has_feature (address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
