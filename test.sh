#!/usr/bin/env bash
# test.sh: install what is missing, build, and run every test: the plain build, then the
# same suite built with AddressSanitizer and UndefinedBehaviorSanitizer. Ends with one line,
# "N passed, N failed", counting every test case of every suite.
set -uo pipefail
cd "$(dirname "$0")"
. tools/setup.sh
set +e
adjoint_install_missing || { echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0
run_suite () {
  local dir=$1; shift
  if ! adjoint_build "$dir" "$@"; then
    echo "test.sh: the build in $dir failed" >&2
    failed=$((failed + 1))
    return
  fi
  # UI tests need a display; CI has none, so they run inside Xvfb.
  local runner=()
  if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
    runner=(xvfb-run -a -s "-screen 0 1920x1080x24")
  fi
  "${runner[@]}" meson test -C "$dir" --print-errorlogs --num-processes 2 >&2
  local counts
  counts=$(python3 tools/count-tests.py "$dir/meson-logs/testlog.json")
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

run_suite build
if [ "${ADJOINT_SKIP_SANITIZE:-}" = "" ]; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    run_suite build-sanitize -Db_sanitize=address,undefined -Dbuildtype=debug
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
