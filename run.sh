#!/usr/bin/env bash
# run.sh: install what is missing, build, and open Adjoint on the welcome example
# (or on the FILE given).
set -euo pipefail
cd "$(dirname "$0")"
. tools/setup.sh
adjoint_install_missing
adjoint_build build
exec build/app/adjoint "${@:-data/examples/welcome.adjoint}"
