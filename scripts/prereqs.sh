#!/usr/bin/env bash
# Installs what building HiGHS from source needs (cmake, libclang for bindgen, a C++
# compiler) and what the browser test of `rotation serve` drives (Debian's chromium
# and chromium-driver), with apt-get as root or through sudo; does nothing when all
# are present.
set -euo pipefail

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v c++ >/dev/null 2>&1 || missing+=(g++)
# Any one of the usual places will do (`ls` of all three fails when one is absent).
# libclang-cpp (the C++ library, installed with clang alone) does not count: bindgen
# needs the C library, libclang.so or libclang-N.so.
have_libclang=no
for dir in '/usr/lib/llvm-*/lib' '/usr/lib/x86_64-linux-gnu' '/usr/lib/aarch64-linux-gnu'; do
  for pattern in "$dir/libclang.so*" "$dir/libclang-[0-9]*.so*"; do
    # shellcheck disable=SC2086
    if ls $pattern >/dev/null 2>&1; then have_libclang=yes; fi
  done
done
[ "$have_libclang" = yes ] || missing+=(libclang-dev)
command -v make >/dev/null 2>&1 || missing+=(make)
# tests/browser.rs: headless chromium through chromedriver (WebDriver).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing build prerequisites: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "error: need root or sudo to install ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
if ! command -v cargo >/dev/null 2>&1; then
  echo "error: cargo not found; install Rust (https://rustup.rs) first" >&2
  exit 1
fi
