#!/bin/sh
# Two FreeIPA-like replicas, each with its own BIND: the wait covers
# replication, a dead first server is passed over, LDAP servers are found
# from SRV records, a stopped or lagging BIND is waited for or reported,
# also when it stops during the wait.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start --replicas 2

C="-c $SANDBOX_CONF"
N=_acme-challenge.test.example
DN="idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE"
set -- $SANDBOX_LDAP_URIS
URI1=$1
URI2=$2
set -- $SANDBOX_DNS_ALL
DNS1=$1
DNS2=$2
K="--keytab $SANDBOX_KEYTAB -b $SANDBOX_DNS_BASE --dns-port $SANDBOX_DNS_PORT"

ms() {
    "$PY" -c 'import time; print(int(time.time() * 1000))'
}

# caught_up LDAPI_URI: within 10 s, the server at LDAPI_URI holds the
# value "failover" at DN.
caught_up() {
    i=0
    while [ $i -lt 200 ]; do
        ldapsearch -Q -LLL -Y EXTERNAL -H "$1" -b "$DN" -s base tXTRecord \
            2>/dev/null | grep -q '^tXTRecord: "failover"$' && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

served_on() {
    "$PY" "$DNSQ" "$1" "$2"
}

check "the sandbox has two LDAP servers and two BINDs" \
    test -n "$URI2" -a -n "$DNS2"

expect_iad "add on replica 1 waits for both name servers" 0 $K -v \
    -H "$URI1" add $N r1
check "... both are asked" err_has "at ${DNS2%:*} port"
check "... replica 1's BIND serves it when add returns" \
    test "$(served_on "$DNS1" $N)" = "$(hex r1)"
check "... and so does replica 2's" \
    test "$(served_on "$DNS2" $N)" = "$(hex r1)"

expect_iad "add on replica 2 waits for replica 1's BIND" 0 $K -H "$URI2" \
    add $N r2
check "... replica 1's BIND serves it when add returns" \
    test "$(served_on "$DNS1" $N | grep -c "$(hex r2)")" -eq 1
expect_iad "clean up" 0 $K -H "$URI1" del --wait $N r1 r2

# Replica 2's stand-in 2 s behind.
echo 2 >"$SANDBOX_DIR/standin2.delay"
start=$(ms)
expect_iad "add with replica 2's BIND 2 s behind" 0 $C add $N lag
elapsed=$(( $(ms) - start ))
rm -f "$SANDBOX_DIR/standin2.delay"
check "... waits at least 2 s (${elapsed} ms)" test "$elapsed" -ge 2000
check "... then both serve it" \
    test "$(served_on "$DNS2" $N)" = "$(hex lag)"
expect_iad "clean up" 0 $C del --wait $N lag

# Replica 2's BIND stopped: exit 5 naming it; replica 1 alone is enough
# with --min-servers 1.
check "stop replica 2's BIND" "$top_srcdir/scripts/sandbox" stop \
    "$SANDBOX_DIR" dns2
start=$(ms)
expect_iad "add with one of two BINDs down: exit 5" 5 $C --wait-timeout 2 \
    add $N half
elapsed=$(( $(ms) - start ))
check "... within the timeout (${elapsed} ms)" \
    test "$elapsed" -lt $((4500 + IAD_SLOW_MS))
check "... naming that server" err_has "(${DNS2%:*} port ${DNS2##*:}) answers for '$N.': no answer"
expect_iad "--min-servers 1 is content with the other" 0 $C \
    --wait-timeout 2 --min-servers 1 wait $N half
check "start it again" "$top_srcdir/scripts/sandbox" start "$SANDBOX_DIR" dns2
expect_iad "then the wait for both succeeds" 0 $C wait $N half
expect_iad "clean up" 0 $C del --wait $N half

# Replica 2's BIND stopped in the middle of the wait (its stand-in holds
# the value back until then): exit 5, one line naming that server, what
# it answered before and that it answers no more.
echo 5 >"$SANDBOX_DIR/standin2.delay"
run_iad 5 $C --wait-timeout 8 add $N midway 2>"$TESTDIR/run.err" &
bg=$!
# Once the value is written the wait asks at once; a second later both
# BINDs have answered (a slow start, as under valgrind, does not count).
i=0
while [ $i -lt 600 ] && ! values "$DN" | grep -qx '"midway"'; do
    sleep 0.05
    i=$((i + 1))
done
sleep 1
check "stop replica 2's BIND during the wait" \
    "$top_srcdir/scripts/sandbox" stop "$SANDBOX_DIR" dns2
if wait $bg; then
    pass "add with replica 2's BIND stopped during the wait: exit 5"
else
    fail "add with replica 2's BIND stopped during the wait: exit 5" \
        "$(cat "$TESTDIR/run.err")"
fi
rm -f "$SANDBOX_DIR/standin2.delay"
check "... one line names it: no answer now, NXDOMAIN before" \
    err_has "(${DNS2%:*} port ${DNS2##*:}) answers for '$N.': no answer (nothing listens on that port), having answered NXDOMAIN"
check "... and no line names replica 1's, which served it" \
    test "$(grep -c "answers for '$N.'" "$TESTDIR/err")" -eq 1
check "... the summary counts 1 of 2" \
    err_has "is not yet served by 1 of 2 name servers after 8 s"
check "start it again" "$top_srcdir/scripts/sandbox" start "$SANDBOX_DIR" dns2
expect_iad "then the wait for both succeeds" 0 $C wait $N midway
expect_iad "clean up" 0 $C del --wait $N midway

# The first LDAP server down: passed over within the connect timeout.
# Replica 1's BIND follows the stopped server and cannot see the write
# until it is back, so one name server is enough here.
check "stop replica 1's slapd" "$top_srcdir/scripts/sandbox" stop \
    "$SANDBOX_DIR" ldap1
start=$(ms)
expect_iad "add with the first LDAP server down" 0 $C --timeout 2 -v \
    --min-servers 1 add $N failover
elapsed=$(( $(ms) - start ))
check "... used the second (${elapsed} ms)" err_has "binding to '$URI2'"
check "... within the connect timeout" \
    test "$elapsed" -lt $((3500 + IAD_SLOW_MS))
check "start it again" "$top_srcdir/scripts/sandbox" start "$SANDBOX_DIR" ldap1
# A del on replica 1 before replication has brought it the value would
# find nothing there to remove, while replica 2 keeps it.
set -- $SANDBOX_LDAPI_URIS
check "replica 1 catches up with the write on replica 2" caught_up "$1"
expect_iad "clean up" 0 $C del --wait $N failover

# No URI configured: FreeIPA's default.conf gives the domain, and the
# _ldap._tcp SRV records in the sandbox's DNS name the servers.
mkdir -p "$TESTDIR/ipa"
cat >"$TESTDIR/ipa/default.conf" <<CONF
[global]
basedn = $SANDBOX_BASE
realm = $SANDBOX_REALM
domain = $SANDBOX_DOMAIN
CONF
expect_iad "LDAP servers from SRV records" 0 --ipa-confdir "$TESTDIR/ipa" \
    --resolver "$DNS1" --keytab "$SANDBOX_KEYTAB" \
    --dns-port "$SANDBOX_DNS_PORT" -v add $N srv
check "... both servers were found" sh -c \
    "grep -qF \"names LDAP server '$URI1'\" '$TESTDIR/err' &&
     grep -qF \"names LDAP server '$URI2'\" '$TESTDIR/err'"
check "... the value is stored" test "$(values "$DN")" = '"srv"'
expect_iad "clean up" 0 $C del $N srv

test_done
