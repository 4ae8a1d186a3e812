#!/usr/bin/env bash
# run.sh: runs each libFuzzer target of a fuzz build for a while, with the sanitizers, each from
# a copy of its seed corpus (the corpus here is never written) and with its dictionary.
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET…]     (targets: csv graph-file program train-setup)
# Prints "ok TARGET …" or "not ok TARGET …" per target on stdout, with libFuzzer's speed and
# coverage, and libFuzzer's log on stderr; a crash, a leak, a sanitizer report or a timeout
# fails the target, and its input is kept in BUILD_DIR/fuzz-artifacts/ to replay with
# BUILD_DIR/tests/fuzz/fuzz-TARGET FILE. Exits 1 when any target failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET…]}
seconds=${2:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET…]}
shift 2
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv graph-file program train-setup)

artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
status=0
for name in "${targets[@]}"; do
  bin="$build/tests/fuzz/fuzz-$name"
  if [ ! -x "$bin" ]; then
    echo "not ok $name # $bin was not built"
    status=1
    continue
  fi
  work=$(mktemp -d)
  cp "$here/corpus/$name/"* "$work/"
  # halt_on_error: UBSan otherwise reports and goes on, and libFuzzer would not see it.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    "$bin" -max_total_time="$seconds" -timeout=10 -max_len=8192 -print_final_stats=1 \
      -dict="$here/$name.dict" -artifact_prefix="$artifacts/$name-" "$work" > "$work.log" 2>&1
  rc=$?
  cat "$work.log" >&2
  # "#123 DONE cov: 456 ft: 789 …" and "stat::average_exec_per_sec: 1234"
  cov=$(grep -o 'cov: [0-9]*' "$work.log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work.log")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log")
  if [ $rc -eq 0 ]; then
    echo "ok $name # ${runs:-?} runs in ${seconds} s, ${speed:-?} execs/s, ${cov:-cov: ?}"
  else
    echo "not ok $name # libFuzzer exit status $rc: see the log above and $artifacts/"
    status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status
