#!/usr/bin/env bash
# setup.sh: installs what a fresh Debian 12 machine lacks to build and test Adjoint, then
# configures and builds BUILD_DIR (default: build). Sourced by run.sh and test.sh. clang and
# its sanitizer runtimes are only for test.sh's fuzz step, which is skipped where clang is not.
set -euo pipefail

ADJOINT_PACKAGES=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-bin libjson-glib-dev
  libgtk-4-dev libadwaita-1-dev libgraphviz-dev libgtksourceview-5-dev libopenblas-dev libsleef-dev
  xvfb xauth
  clang libclang-rt-14-dev
  desktop-file-utils appstream shared-mime-info libxml2-utils
)

adjoint_install_missing () {
  local missing=()
  for p in "${ADJOINT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# adjoint_build DIR [MESON_OPTIONS…]
adjoint_build () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >&2
  fi
  ninja -C "$dir" >&2
}
