#!/usr/bin/env bash
# test.sh: install what is missing, build, and run every test: the plain build, then the
# same suite built with AddressSanitizer and UndefinedBehaviorSanitizer, then, when clang is
# there, each fuzz target for ADJOINT_FUZZ_SECONDS (default 20) with both sanitizers. Ends with
# one line, "N passed, N failed", counting every test case of every suite and each fuzz target
# as one. ADJOINT_SKIP_SANITIZE=1 skips the sanitizer suite (not the fuzzers).
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
# The fuzz targets (tests/fuzz/meson.build): built by clang alone, so they break unseen unless
# something builds them; only they are built here, not the whole tree again.
run_fuzzers () {
  local dir=build-fuzz
  if [ ! -f "$dir/build.ninja" ] \
     && ! CC=clang meson setup "$dir" -Dfuzz=enabled -Db_sanitize=address,undefined \
            -Db_lundef=false >&2; then
    echo "test.sh: the fuzz build in $dir could not be configured" >&2
    failed=$((failed + 1))
    return
  fi
  if ! ninja -C "$dir" tests/fuzz/fuzz-csv tests/fuzz/fuzz-graph-file tests/fuzz/fuzz-program \
         tests/fuzz/fuzz-train-setup >&2; then
    echo "test.sh: the fuzz build in $dir failed" >&2
    failed=$((failed + 1))
    return
  fi
  local report
  report=$(tests/fuzz/run.sh "$dir" "${ADJOINT_FUZZ_SECONDS:-20}")
  echo "$report" >&2
  passed=$((passed + $(grep -c '^ok ' <<< "$report")))
  failed=$((failed + $(grep -c '^not ok ' <<< "$report")))
}

if command -v clang >/dev/null; then
  run_fuzzers
else
  echo "test.sh: no clang, so the fuzz targets are not built or run" >&2
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
