#!/bin/sh
# Hostile input (tests/hostile/*.txt: names, values, options, configuration
# files, FreeIPA's default.conf, each hook mode's environment and
# arguments): each input is refused with exit 2, one clean line on stderr
# and the DNS subtree unchanged, or stored, served byte-exact by BIND and
# removed leaving the subtree as it was.  Prints the counts.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF"
N=_acme-challenge.test.example

mkdir -p "$TESTDIR/hostile"
"$PY" "$top_srcdir/tests/hostile/run.py" "$top_srcdir/tests/hostile" "$IAD" \
    "$TESTDIR/hostile" >"$TESTDIR/hostile.log" 2>&1
status=$?
cat "$TESTDIR/hostile/outputs" >>"$TESTDIR/iad-output.all"
grep '^# ' "$TESTDIR/hostile.log"
tried=$(sed -n 's/^# hostile inputs: \([0-9]*\) tried.*/\1/p' \
    "$TESTDIR/hostile.log")
if [ "$status" -eq 0 ] && [ "${tried:-0}" -ge 300 ]; then
    pass "every hostile input is refused or stored exactly ($tried tried)"
else
    fail "every hostile input is refused or stored exactly" \
        "$(grep -v '^# hostile' "$TESTDIR/hostile.log" | head -c 3000)"
fi

# A DNS base of 2000 bytes: the message is shortened, never cut, and
# still says what is wrong at its end.
before=$(snapshot)
long="cn=$(printf '%01990d' 0),$SANDBOX_DNS_BASE"
if [ "$SANDBOX_LDAP_SERVER" = 389 ]; then
    # 389-DS answers a search under a missing base as one it hides.
    expect_iad "a 2000-byte --base that does not exist: exit 4" 4 \
        $C -b "$long" add $N v
    check "... the message ends with the reason" \
        sh -c "tail -c 20 '$TESTDIR/err' | grep -q 'check --base)\$'"
else
    expect_iad "a 2000-byte --base that does not exist: exit 2" 2 \
        $C -b "$long" add $N v
    check "... the message ends with the reason" \
        sh -c "tail -c 30 '$TESTDIR/err' | grep -q 'does not exist: check --base\$'"
fi
check "... on one line" one_line
check "... shortened" test "$(wc -c <"$TESTDIR/err")" -lt 600
check "... showing how long the base is" err_has "...[$(printf '%s' "$long" | wc -c) bytes]..."
check "nothing changed in the directory" test "$(snapshot)" = "$before"

test_done
