#!/bin/sh
# build.sh: builds build/bench/exit-first.elf (or $1), the boot-time floor used by benchmarks.
# Run from anywhere; needs clang and ld.lld.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build/bench/exit-first.elf}
mkdir -p "$(dirname "$out")"
obj=$(mktemp "${TMPDIR:-/tmp}/exit-first.XXXXXX")
trap 'rm -f "$obj"' EXIT
clang --target=x86_64-unknown-none-elf -c -o "$obj" "$here/exit-first.S"
ld.lld -T "$here/exit-first.ld" -o "$out.tmp" "$obj"
mv "$out.tmp" "$out"
