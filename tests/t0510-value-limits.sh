#!/bin/sh
# TXT value sizes: a value, or the values of one add, whose records fit
# in one DNS response (ipa-acme-dns(1), "How values are written": one
# value of at most 64676 bytes) are stored and served byte for byte over
# TCP; one byte more is refused with exit 2 before anything is written.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF"
N=_acme-challenge.test.example

# make_value FILE LEN: LEN bytes cycling through every byte but NUL, CR
# and LF (the ones a value may not hold), so that every escape is used.
make_value() {
    "$PY" -c '
import sys
out, n = sys.argv[1], int(sys.argv[2])
alphabet = bytes(b for b in range(1, 256) if b not in (10, 13))
data = (alphabet * (n // len(alphabet) + 1))[:n]
open(out, "wb").write(data)
' "$1" "$2"
}

# hexfile FILE: FILE as lower-case hex, as served() prints it.
hexfile() {
    od -An -v -tx1 "$1" | tr -d ' \n'
}

make_value "$TESTDIR/max" 64676
make_value "$TESTDIR/over" 64677
make_value "$TESTDIR/huge" 70000
make_value "$TESTDIR/a" 25500
make_value "$TESTDIR/b" 39164
make_value "$TESTDIR/b1" 39165
check "the largest value has 64676 bytes" \
    test "$(wc -c <"$TESTDIR/max")" -eq 64676

# Largest single value: stored, served exactly (over TCP), removed.
expect_iad "a 64676-byte value is added" 0 $C add $N "$(cat "$TESTDIR/max")"
if wait_served $N "$(hexfile "$TESTDIR/max")" 2>"$TESTDIR/run.err"; then
    pass "a 64676-byte value is served byte for byte"
else
    fail "a 64676-byte value is served byte for byte" \
        "$(head -c 300 "$TESTDIR/run.err")"
fi
expect_iad "... and removed" 0 $C del $N "$(cat "$TESTDIR/max")"
check "... and no longer served" wait_served $N NXDOMAIN

# Two values whose records fill one response exactly.
expect_iad "values of 25500 and 39164 bytes are added together" 0 \
    $C add $N "$(cat "$TESTDIR/a")" "$(cat "$TESTDIR/b")"
want=$(printf '%s\n%s\n' "$(hexfile "$TESTDIR/a")" "$(hexfile "$TESTDIR/b")" |
    sort)
if wait_served $N "$want" 2>"$TESTDIR/run.err"; then
    pass "... and both are served byte for byte"
else
    fail "... and both are served byte for byte" \
        "$(head -c 300 "$TESTDIR/run.err")"
fi
expect_iad "... and removed" 0 $C del $N "$(cat "$TESTDIR/a")" \
    "$(cat "$TESTDIR/b")"
check "... and no longer served" wait_served $N NXDOMAIN

# One byte over each limit: refused, nothing written.
before=$(snapshot)
expect_iad "a 64677-byte value: exit 2" 2 $C add $N "$(cat "$TESTDIR/over")"
check "... saying the largest size" \
    err_has "invalid value of 64677 bytes: a DNS response holding it would exceed 65535 bytes (a value has at most 64676)"
check "... on one line" one_line
expect_iad "a 70000-byte value: exit 2" 2 $C add $N "$(cat "$TESTDIR/huge")"
check "... saying no DNS record holds it" \
    err_has "its TXT record would take 70275 bytes, and a DNS record holds at most 65535"
expect_iad "a 70000-byte value with --dry-run: exit 2" 2 $C --dry-run \
    add $N "$(cat "$TESTDIR/huge")"
expect_iad "values of 25500 and 39165 bytes together: exit 2" 2 \
    $C add $N "$(cat "$TESTDIR/a")" "$(cat "$TESTDIR/b1")"
check "... saying they do not fit in one response" \
    err_has "one DNS response holds at most 64942"
check "nothing changed in the directory" test "$(snapshot)" = "$before"
check "nothing is served" test "$(served $N)" = NXDOMAIN

test_done
