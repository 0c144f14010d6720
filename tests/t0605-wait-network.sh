#!/bin/sh
# The wait on real networks: only authoritative answers count (a
# forwarding BIND's cached copy does not, for add or for del), a name
# server on ::1 beside 127.0.0.1, an unreachable IPv6 address that holds
# nothing up, a slow server awaited rather than asked again and again.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start --ipv6

C="-c $SANDBOX_CONF"
N=_acme-challenge.test.example
P=$SANDBOX_DNS_PORT
ZDN="idnsName=test.example.,$SANDBOX_DNS_BASE"
NSDN="idnsName=ns1,$ZDN"

# What the test starts beside the sandbox, stopped by PID at exit.
MINE=
trap 'for pid in $MINE; do kill "$pid" 2>/dev/null; done; sandbox_stop' EXIT

ms() {
    "$PY" -c 'import time; print(int(time.time() * 1000))'
}

# free_port: a port free on 127.0.0.1 for both UDP and TCP.
free_port() {
    "$PY" -c '
import socket
t = socket.socket(); t.bind(("127.0.0.1", 0)); port = t.getsockname()[1]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", port))
print(port)'
}

# fwd_dig [DIG OPTIONS] NAME: what the forwarder says about TXT at NAME.
fwd_dig() {
    dig +time=2 +tries=1 -p "$FWD_PORT" @127.0.0.1 TXT "$@"
}

# A caching BIND that forwards to the sandbox's: it answers from its cache
# without authority, as any resolver between the tool and the zone would.
mkdir "$TESTDIR/fwd"
FWD_PORT=$(free_port)
cat >"$TESTDIR/fwd/named.conf" <<EOF
options {
    directory "$TESTDIR/fwd";
    pid-file "$TESTDIR/fwd/named.pid";
    session-keyfile "$TESTDIR/fwd/session.key";
    managed-keys-directory "$TESTDIR/fwd";
    listen-on port $FWD_PORT { 127.0.0.1; };
    listen-on-v6 { none; };
    reuseport no;
    recursion yes;
    allow-query { 127.0.0.1; };
    allow-recursion { 127.0.0.1; };
    forward only;
    forwarders { 127.0.0.1 port $P; };
    dnssec-validation no;
    notify no;
};
controls { };
EOF
named -g -4 -c "$TESTDIR/fwd/named.conf" >"$TESTDIR/fwd/log" 2>&1 &
MINE="$MINE $!"
fwd_up() {
    i=0
    while [ $i -lt 100 ]; do
        fwd_dig test.example | grep -q 'status: NOERROR' && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
check "a forwarding BIND starts on 127.0.0.1 port $FWD_PORT" fwd_up

expect_iad "add waits for the zone's name server" 0 $C add $N fwd1
fwd_dig "$N" >/dev/null
fwd_dig +norec "$N" >"$TESTDIR/fwd.out"
check "the forwarder serves the value from its cache" \
    grep -q '"fwd1"' "$TESTDIR/fwd.out"
check "... without authority (no aa flag)" \
    sh -c "grep '^;; flags:' '$TESTDIR/fwd.out' | grep -vq ' aa'"
expect_iad "waiting on the forwarder for that value: exit 5" 5 $C \
    --wait-timeout 2 --nameserver "127.0.0.1:$FWD_PORT" wait $N fwd1
check "... it answered without authority, and the message says so" \
    err_has "(127.0.0.1 port $FWD_PORT) answers for '$N.': answered without authority (AA bit clear), so it does not count: TXT \"fwd1\""
expect_iad "the same value from the zone's server counts" 0 $C \
    --wait-timeout 2 --nameserver "$SANDBOX_DNS" wait $N fwd1
expect_iad "clean up" 0 $C del --wait $N fwd1

# del --wait: a cached NXDOMAIN is no proof that the value is gone.
N2=_acme-challenge.neg.test.example
fwd_dig "$N2" >/dev/null
expect_iad "add a value after the forwarder cached NXDOMAIN there" 0 $C \
    add $N2 neg1
fwd_dig +norec "$N2" >"$TESTDIR/fwd.out"
check "the forwarder still says NXDOMAIN, without authority" sh -c \
    "grep -q 'status: NXDOMAIN' '$TESTDIR/fwd.out' &&
     grep '^;; flags:' '$TESTDIR/fwd.out' | grep -vq ' aa'"
expect_iad "del --wait on the forwarder: exit 5" 5 $C --wait-timeout 2 \
    --nameserver "127.0.0.1:$FWD_PORT" del --wait $N2 neg1
check "... its NXDOMAIN did not count, and the message says so" \
    err_has "answered without authority (AA bit clear), so it does not count: NXDOMAIN"
check "... the value is gone from the zone's server all the same" \
    test "$(served $N2)" = NXDOMAIN

# An authoritative NODATA is "gone": the name keeps an A record.
N3=_acme-challenge.nodata.test.example
cat >"$TESTDIR/nodata.ldif" <<LDIF
dn: idnsName=_acme-challenge.nodata,$ZDN
changetype: add
objectClass: top
objectClass: idnsRecord
idnsName: _acme-challenge.nodata
aRecord: 127.0.0.9
LDIF
check "root adds a name holding an A record" \
    ldap_modify -f "$TESTDIR/nodata.ldif"
expect_iad "add a TXT value beside it" 0 $C add $N3 nd1
expect_iad "del --wait returns on the authoritative NODATA" 0 $C \
    --wait-timeout 5 del --wait $N3 nd1
check "... which is what the server says" test "$(served $N3)" = NOANSWER

# A name server with an address on ::1 beside 127.0.0.1.
cat >"$TESTDIR/aaaa.ldif" <<LDIF
dn: $NSDN
changetype: modify
replace: aAAARecord
aAAARecord: ::1
LDIF
check "root gives ns1.test.example the AAAA ::1" \
    ldap_modify -f "$TESTDIR/aaaa.ldif"
check "the sandbox's BIND answers on $SANDBOX_DNS6" \
    test "$("$PY" "$DNSQ" "::1:$P" $N)" = NXDOMAIN
expect_iad "add waits for ns1 at both addresses" 0 $C -v add $N v6
check "... ::1 is asked" err_has "name server 'ns1.test.example' at ::1 port $P"
check "... and 127.0.0.1" \
    err_has "name server 'ns1.test.example' at 127.0.0.1 port $P"
expect_iad "the server on ::1 alone serves it" 0 $C -v --wait-timeout 5 \
    --nameserver "$SANDBOX_DNS6" wait $N v6
check "... with authority" err_has "(::1) serves the values after"
expect_iad "clean up" 0 $C del --wait $N v6

# An AAAA that cannot be reached (the discard-only prefix 100::/64) beside
# the A that can: ns1 serves through 127.0.0.1, long before the timeout.
sed 's/^aAAARecord: ::1$/aAAARecord: 100::1/' "$TESTDIR/aaaa.ldif" \
    >"$TESTDIR/aaaa-away.ldif"
check "root gives ns1.test.example the AAAA 100::1 instead" \
    ldap_modify -f "$TESTDIR/aaaa-away.ldif"
start=$(ms)
expect_iad "add with one address of ns1 unreachable" 0 $C -v \
    --wait-timeout 30 add $N away
elapsed=$(( $(ms) - start ))
check "... 100::1 was asked" err_has "name server 'ns1.test.example' at 100::1 port $P"
check "... and did not hold up the wait for 30 s (${elapsed} ms)" \
    test "$elapsed" -lt 15000
expect_iad "a value nobody wrote: exit 5" 5 $C --wait-timeout 2 \
    wait $N never-written
check "... one line for ns1 says what each address answered" \
    err_has "name server 'ns1.test.example' answers for '$N.': 127.0.0.1 port $P: TXT \"away\"; 100::1 port $P: no answer"
check "... that line and the summary" test "$(wc -l <"$TESTDIR/err")" -eq 2
expect_iad "clean up" 0 $C del --wait $N away
printf 'dn: %s\nchangetype: modify\ndelete: aAAARecord\n' "$NSDN" \
    >"$TESTDIR/noaaaa.ldif"
check "root takes the AAAA away again" ldap_modify -f "$TESTDIR/noaaaa.ldif"

# A server 1.5 s away: each question is awaited for its own timeout, so
# the first reply is read instead of the question being asked again at
# every poll interval (it once was, and no reply was ever read).
expect_iad "add a value" 0 $C add $N slow
"$PY" "$top_srcdir/tests/udpdelay" 1.5 "$SANDBOX_DNS" \
    "$TESTDIR/delay.port" "$TESTDIR/delay.log" &
MINE="$MINE $!"
i=0
while [ ! -s "$TESTDIR/delay.port" ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
DELAY_PORT=$(cat "$TESTDIR/delay.port" 2>/dev/null)
check "a UDP relay 1.5 s slow listens on port $DELAY_PORT" \
    test -n "$DELAY_PORT"
start=$(ms)
expect_iad "wait through the slow relay" 0 $C --wait-timeout 10 \
    --nameserver "127.0.0.1:$DELAY_PORT" wait $N slow
elapsed=$(( $(ms) - start ))
asked=$(wc -l <"$TESTDIR/delay.log")
check "... took the relay's 1.5 s (${elapsed} ms)" test "$elapsed" -ge 1500
check "... asking once or twice, not every poll interval ($asked)" \
    test "$asked" -ge 1 -a "$asked" -le 2
expect_iad "clean up" 0 $C del --wait $N slow

test_done
