#!/bin/sh
# The mechanical part of the house style (STYLE.md): scripts/checksrc over
# src/*.c src/*.h tests/unit/*.c fuzz/*.c fuzz/*.h.  Exit 0 when clean, 1 otherwise.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"

checksrc="$top_srcdir/scripts/checksrc"
if [ ! -x "$checksrc" ]; then
    echo "not ok 1 - scripts/checksrc is missing or not executable"
    echo "0 passed, 1 failed"
    exit 1
fi

if out=$("$checksrc" 2>&1); then
    echo "ok 1 - sources follow the mechanical rules of STYLE.md"
    echo "1 passed, 0 failed"
    exit 0
fi
printf '%s\n' "$out" | sed 's/^/#   /'
echo "not ok 1 - sources follow the mechanical rules of STYLE.md"
echo "0 passed, 1 failed"
exit 1
