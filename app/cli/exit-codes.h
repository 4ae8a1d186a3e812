/* exit-codes.h: the exit codes of every `adjoint` verb (README.md lists them for users). */
#pragma once

enum {
  ADJ_EXIT_OK = 0,
  ADJ_EXIT_CHECK_FAILED = 1,
  ADJ_EXIT_BAD_INPUT = 2,
};
