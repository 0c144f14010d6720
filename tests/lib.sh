# Shared code for the integration tests.  Each test script sources this,
# calls sandbox_start, runs its checks with the helpers below and ends with
# test_done.  Output: "ok N - what" / "not ok N - what", then a summary
# line "N passed, N failed"; the exit status is 1 when anything failed.
#
# A test that cannot start its sandbox fails: it never skips.
#
# IAD_DS selects the directory server of every sandbox the tests start:
# openldap (the default) or 389 (`make check IAD_DS=389`); it is passed
# to scripts/sandbox up as --ds.  sandbox_up is scripts/sandbox up with
# that option, for tests that start a sandbox of their own.

set -u
# What the tests write (configuration files naming keytabs, copies of
# keytabs) is private, as the tool wants its own files to be; a test
# that needs another mode sets it.
umask 077

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
IAD="$top_builddir/src/ipa-acme-dns"
# IAD_VALGRIND=1: $IAD runs the program under valgrind.
# shellcheck source=tests/valgrind.sh
. "$top_srcdir/tests/valgrind.sh"
PY=/usr/bin/python3
DNSQ="$top_srcdir/tests/dnsq"

test_count=0
test_failed=0
TESTDIR=
SB=

pass() {
    test_count=$((test_count + 1))
    echo "ok $test_count - $1"
}

fail() {
    test_count=$((test_count + 1))
    test_failed=$((test_failed + 1))
    echo "not ok $test_count - $1"
    shift
    for line in "$@"; do
        printf '#   %s\n' "$line"
    done
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
    desc=$1
    shift
    if "$@" >"$TESTDIR/check.out" 2>&1; then
        pass "$desc"
    else
        fail "$desc" "command: $*" "$(head -c 2000 "$TESTDIR/check.out")"
    fi
}

# run_iad CODE ARGS...: run ipa-acme-dns, keep stdout in $TESTDIR/out and
# stderr in $TESTDIR/err, and report whether it exited with CODE.  The
# words in IAD_ENV (VAR=value, no spaces) are set in its environment.
IAD_ENV=
run_iad() {
    want=$1
    shift
    # shellcheck disable=SC2086
    env $IAD_ENV "$IAD" "$@" >"$TESTDIR/out" 2>"$TESTDIR/err"
    got=$?
    # Kept for sandbox_stop's search for key material.
    cat "$TESTDIR/out" "$TESTDIR/err" >>"$TESTDIR/iad-output.all"
    if [ "$got" -eq "$want" ]; then
        return 0
    fi
    echo "exit status $got, expected $want: ipa-acme-dns $*" >&2
    sed 's/^/stderr: /' "$TESTDIR/err" >&2
    return 1
}

# expect_iad DESCRIPTION CODE ARGS...: a test that ipa-acme-dns exits CODE.
expect_iad() {
    desc=$1
    shift
    if run_iad "$@" 2>"$TESTDIR/run.err"; then
        pass "$desc"
    else
        fail "$desc" "$(cat "$TESTDIR/run.err")"
    fi
}

# err_has TEXT: the last run's stderr contains TEXT.
err_has() {
    grep -qF -- "$1" "$TESTDIR/err"
}

# one_line: the last run's stderr is a single line.
one_line() {
    test "$(wc -l <"$TESTDIR/err")" -eq 1
}

# out_is TEXT: the last run's stdout is exactly TEXT (plus a newline).
out_is() {
    [ "$(cat "$TESTDIR/out")" = "$1" ]
}

IAD_DS=${IAD_DS:-openldap}

# sandbox_up ARGS...: scripts/sandbox up --ds "$IAD_DS" ARGS...
sandbox_up() {
    "$top_srcdir/scripts/sandbox" up --ds "$IAD_DS" "$@"
}

# sandbox_stop: search what every run_iad printed for the keys of the
# sandbox's keytabs (each sandbox has keys of its own, so this is the
# only place they can be searched for), then stop the sandbox.  Key
# material found fails the test.
sandbox_stop() {
    leaked=
    if [ -n "$SB" ] && [ -f "$SB/acme.keytab" ] &&
        [ -s "$TESTDIR/iad-output.all" ] &&
        ! "$top_srcdir/scripts/find-secrets" "$SB"/*.keytab -- \
            "$TESTDIR/iad-output.all"; then
        test_failed=$((test_failed + 1))
        echo "not ok - no key of the sandbox in any output of ipa-acme-dns"
        leaked=1
    fi
    if [ -n "$SB" ] && [ -d "$SB" ]; then
        "$top_srcdir/scripts/sandbox" down "$SB" >/dev/null 2>&1
    fi
    if [ -n "$TESTDIR" ]; then
        if [ "$test_failed" -eq 0 ]; then
            rm -rf "$TESTDIR"
        else
            echo "# test files kept in $TESTDIR"
        fi
    fi
    if [ -n "$leaked" ]; then
        exit 1
    fi
}

# sandbox_start [OPTIONS]: bring up a sandbox (scripts/sandbox up OPTIONS)
# in a fresh temporary directory and load its environment.  It is stopped
# when the script exits.
sandbox_start() {
    TESTDIR=$(mktemp -d "${TMPDIR:-/tmp}/iad-test.XXXXXX")
    SB="$TESTDIR/sandbox"
    trap 'sandbox_stop' EXIT
    trap 'exit 1' INT TERM HUP
    if ! sandbox_up "$@" "$SB" >"$TESTDIR/up.log" 2>&1; then
        fail "the sandbox starts" "$(tail -n 20 "$TESTDIR/up.log")"
        test_done
    fi
    # shellcheck disable=SC1091
    . "$SB/env"
    export IPA_CONFDIR="$TESTDIR/no-ipa"
    unset IPA_ACME_DNS_CONF
}

# testdir_only: a scratch directory without a sandbox.
testdir_only() {
    TESTDIR=$(mktemp -d "${TMPDIR:-/tmp}/iad-test.XXXXXX")
    trap 'sandbox_stop' EXIT
}

# served NAME: the TXT data BIND serves at NAME, one rdata a line, each
# as the hex of its strings put together, sorted; "NXDOMAIN" or the
# response code otherwise.
served() {
    "$PY" "$DNSQ" "$SANDBOX_DNS" "$1"
}

# hex TEXT: TEXT as lower-case hex, as served() prints it.
hex() {
    printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}

# wait_served NAME EXPECTED: wait up to 5 s until served NAME prints
# EXPECTED (the stand-in applies LDAP changes within milliseconds).
wait_served() {
    i=0
    while [ $i -lt 100 ]; do
        [ "$(served "$1")" = "$2" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    echo "served $1: $(served "$1"), expected: $2" >&2
    return 1
}

# ldap_root ARGS...: ldapsearch/ldapmodify-style tool as root over ldapi.
ldap_search() {
    ldapsearch -Q -LLL -o ldif-wrap=no -Y EXTERNAL -H "$SANDBOX_LDAPI_URI" \
        "$@"
}

ldap_modify() {
    ldapmodify -Q -Y EXTERNAL -H "$SANDBOX_LDAPI_URI" "$@"
}

# values DN: the tXTRecord values of DN, sorted, one a line.
values() {
    ldap_search -b "$1" -s base tXTRecord 2>/dev/null |
        sed -n 's/^tXTRecord: //p' | sort
}

# entry_exists DN
entry_exists() {
    ldap_search -b "$1" -s base dn >/dev/null 2>&1
}

# entry_missing DN
entry_missing() {
    ! entry_exists "$1"
}

# emptied DN: DN is as del of its last record leaves it (ipa-acme-dns(1),
# "How values are written"): deleted on slapd, which offers the RFC 4528
# assertion control; on 389-DS, which does not, still there holding no
# record.  emptied_what says which, for a test's description.  Keyed on
# the server, not on what it lists, so that a wrong reading of its root
# DSE by the tool shows.
emptied() {
    if [ "$SANDBOX_LDAP_SERVER" = 389 ]; then
        entry_exists "$1" &&
            ! ldap_search -b "$1" -s base '*' | grep -qi '^[a-z0-9]*record:'
    else
        entry_missing "$1"
    fi
}

emptied_what() {
    if [ "$SANDBOX_LDAP_SERVER" = 389 ]; then
        echo "left holding no record (389-DS: no assertion control)"
    else
        echo "deleted (slapd: under the assertion control)"
    fi
}

# snapshot: the whole DNS tree (user attributes), for "nothing changed".
snapshot() {
    ldap_search -b "$SANDBOX_DNS_BASE" '*' | sort
}

# leftovers: the DNs of _acme-challenge entries that still hold a TXT value.
leftovers() {
    ldap_search -b "$SANDBOX_DNS_BASE" \
        '(&(idnsName=_acme-challenge*)(tXTRecord=*))' dn | sed -n 's/^dn: //p'
}

# no_leftovers: passes when no challenge value is left in LDAP.
no_leftovers() {
    test -z "$(leftovers)"
}

# cert_names FILE: the DNS names of a certificate, sorted, one a line.
cert_names() {
    openssl x509 -noout -ext subjectAltName -in "$1" |
        tr ',' '\n' | sed -n 's/^ *DNS://p' | sort
}

# sorted_words WORDS...: the words one a line, sorted.
sorted_words() {
    printf '%s\n' "$@" | sort
}

# cert_serial FILE
cert_serial() {
    openssl x509 -noout -serial -in "$1"
}

# make_hook MODE: a program $TESTDIR/bin/MODE-hook that logs each call to
# $TESTDIR/hook.log, then runs ipa-acme-dns as the MODE hook (through the
# name ipa-acme-dns-MODE, as an installed copy would be called).
make_hook() {
    mkdir -p "$TESTDIR/bin" "$TESTDIR/links"
    ln -sf "$IAD" "$TESTDIR/links/ipa-acme-dns-$1"
    cat >"$TESTDIR/bin/$1-hook" <<HOOK
#!/bin/sh
echo "call: \$*" >>"$TESTDIR/hook.log"
exec "$TESTDIR/links/ipa-acme-dns-$1" "\$@"
HOOK
    chmod +x "$TESTDIR/bin/$1-hook"
}

# renewal DESCRIPTION PATTERN RUN ARGS...: a test that renewing with RUN
# SANDBOX_CONF ARGS (a client's *_run function) works, run again (twice
# at most) when no hook call matched PATTERN because pebble reused a valid
# authorization: pebble 2.4 makes a new one only when rand(100) is above
# PEBBLE_AUTHZREUSE, so with 0 it still reuses one in a hundred times.
# The hook log holds the last run's calls.
renewal() {
    desc=$1 pattern=$2 runfn=$3
    shift 3
    for try in 1 2 3; do
        : >"$TESTDIR/hook.log"
        if ! "$runfn" "$SANDBOX_CONF" "$@"; then
            fail "$desc" "the client failed: see its output in $TESTDIR"
            return
        fi
        if [ "$(hook_calls "$pattern")" -gt 0 ]; then
            pass "$desc"
            return
        fi
        echo "# pebble reused a valid authorization (renewal $try):" \
            "renewing again"
    done
    fail "$desc" "three renewals ran no hook"
}

# hook_calls PATTERN: how many logged hook calls match PATTERN (each is
# logged as "call: ARGUMENTS").
hook_calls() {
    grep -c -- "$1" "$TESTDIR/hook.log" 2>/dev/null || true
}

# norights_conf: a copy of the sandbox's config file that binds as the
# account without DNS rights; prints its path.
norights_conf() {
    account_conf norights "$SANDBOX_NORIGHTS_KEYTAB" \
        "$SANDBOX_NORIGHTS_PRINCIPAL"
}

# account_conf NAME KEYTAB PRINCIPAL: a copy of the sandbox's config file
# that binds as another account, $TESTDIR/NAME.conf; prints its path.
account_conf() {
    sed -e "s|^keytab = .*|keytab = $2|" -e "s|^principal = .*|principal = $3|" \
        "$SANDBOX_CONF" >"$TESTDIR/$1.conf"
    chmod 600 "$TESTDIR/$1.conf"
    echo "$TESTDIR/$1.conf"
}

test_done() {
    if ! valgrind_report; then
        fail "valgrind: no error and no definite leak in any run"
    fi
    echo "$((test_count - test_failed)) passed, $test_failed failed"
    if [ "$test_failed" -ne 0 ] || [ "$test_count" -eq 0 ]; then
        exit 1
    fi
    exit 0
}
