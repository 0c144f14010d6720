#!/bin/sh
# TXT values: whatever bytes the user gives are served by BIND exactly as
# given and read back by show; bad names and values change nothing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF"
N=_acme-challenge.test.example

# round_trip DESCRIPTION VALUE
round_trip() {
    if ! run_iad 0 $C add $N "$2" 2>"$TESTDIR/run.err"; then
        fail "$1: add" "$(cat "$TESTDIR/run.err")"
        return
    fi
    if wait_served $N "$(hex "$2")" 2>"$TESTDIR/run.err"; then
        pass "$1: served by BIND exactly as given"
    else
        fail "$1: served by BIND exactly as given" "$(cat "$TESTDIR/run.err")"
    fi
    run_iad 0 $C show $N 2>/dev/null
    if [ "$(od -An -v -tx1 "$TESTDIR/out" | tr -d ' \n')" = "$(hex "$2")0a" ]
    then
        pass "$1: show prints it back"
    else
        fail "$1: show prints it back" "$(od -c "$TESTDIR/out" | head -5)"
    fi
    if run_iad 0 $C del $N "$2" 2>"$TESTDIR/run.err" &&
        wait_served $N NXDOMAIN 2>>"$TESTDIR/run.err"; then
        pass "$1: del removes it"
    else
        fail "$1: del removes it" "$(cat "$TESTDIR/run.err")"
    fi
}

round_trip "double quotes" 'say "hi"'
round_trip "backslashes" 'back\slash\\two'
round_trip "spaces stay one string" 'two  words and more'
round_trip "leading and trailing spaces" '  padded  '
round_trip "semicolon and parentheses" 'a;b (c) $ORIGIN @'
round_trip "non-ASCII bytes" "$(printf 'caf\303\251 \001\177\377')"
round_trip "a 255-byte value" "$(printf '%0255d' 0)"
round_trip "a 300-byte value (two strings)" \
    "$(printf '%0150d%0150d' 1 2 | tr 0 x)"
round_trip "a 1000-byte value" "$(printf '%01000d' 7)"
round_trip "base64url with a leading dash" "-_AbC09"

before=$(snapshot)
# reject DESCRIPTION ARGS...: exit 2, nothing changed.
reject() {
    desc=$1
    shift
    expect_iad "$desc: exit 2" 2 $C "$@"
}
reject "a value with a newline" add $N "$(printf 'a\nb')"
reject "a value with a carriage return" add $N "$(printf 'a\rb')"
reject "an empty value" add $N ""
reject "no value" add $N
reject "an empty label" add _acme-challenge..test.example v
reject "a label over 63 bytes" add "_acme-challenge.$(printf '%064d' 0).test.example" v
reject "a name over 253 bytes" add "_acme-challenge.$(printf '%063d.%063d.%063d.%043d' 0 0 0 0).test.example" v
reject "a comma in the name" add "_acme-challenge,idnsName=x.test.example" v
reject "a filter character in the name" add "_acme-challenge.*.test.example" v
reject "parentheses in the name" add "_acme-challenge.a(b).test.example" v
reject "a space in the name" add "_acme-challenge.a b.test.example" v
reject "a non-ASCII name" add "$(printf '_acme-challenge.caf\303\251.test.example')" v
reject "a name without _acme-challenge" add www.test.example v
reject "an unknown option" --frobnicate add $N v
check "nothing changed in the directory" test "$(snapshot)" = "$before"

test_done
