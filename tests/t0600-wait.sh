#!/bin/sh
# Waiting for the authoritative name servers on a one-server sandbox: add
# returns once BIND serves the value, lags and dead servers are waited for
# or reported, CNAMEs are followed.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF"
N=_acme-challenge.test.example

# ms: milliseconds since the epoch.
ms() {
    "$PY" -c 'import time; print(int(time.time() * 1000))'
}

expect_iad "add waits for the zone's name server" 0 $C -v add $N w1
check "... found from the zone's NS record and its in-zone A record" \
    err_has "name server 'ns1.test.example' at 127.0.0.1 port $SANDBOX_DNS_PORT"
check "... and reports it serves the value" err_has "serves the values after"
# No polling here: the value must be served the moment add returns.
check "the value is served when add returns" \
    test "$(served $N)" = "$(hex w1)"

expect_iad "wait on a served value returns at once" 0 $C wait $N w1
expect_iad "del --wait waits until the value is gone" 0 $C del --wait $N w1
check "the value is gone when del returns" test "$(served $N)" = NXDOMAIN

expect_iad "--no-wait does not ask the name servers" 0 $C -v --no-wait \
    add $N w2
check "... (no name server is mentioned)" sh -c "! grep -q 'name server' '$TESTDIR/err'"
expect_iad "clean up" 0 $C del $N w2

# A value that never appears: wait times out with exit 5 and says what the
# server answered.
start=$(ms)
expect_iad "wait for a value nobody wrote: exit 5" 5 $C --wait-timeout 2 \
    wait $N never-written
elapsed=$(( $(ms) - start ))
check "... after the timeout (2 s), not much later: ${elapsed} ms" \
    test "$elapsed" -ge 2000 -a "$elapsed" -lt $((4500 + IAD_SLOW_MS))
check "... naming the server and what it answered" \
    err_has "'ns1.test.example' (127.0.0.1 port $SANDBOX_DNS_PORT) answers for '$N.': NXDOMAIN"

# A server that never answers counts as not serving.
dead=$("$PY" -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect_iad "--nameserver replaces the list" 0 $C --nameserver "$SANDBOX_DNS" \
    -v add $N w3
check "... only that server is asked" \
    err_has "name server '127.0.0.1' at 127.0.0.1 port $SANDBOX_DNS_PORT"
expect_iad "a server that never answers: exit 5" 5 $C --wait-timeout 1 \
    --nameserver "$SANDBOX_DNS" --nameserver "127.0.0.1:$dead" wait $N w3
check "... saying it gave no answer" \
    err_has "(127.0.0.1 port $dead) answers for '$N.': no answer"
expect_iad "--min-servers 1 is content with the live one" 0 \
    $C --wait-timeout 1 --min-servers 1 --nameserver "$SANDBOX_DNS" \
    --nameserver "127.0.0.1:$dead" wait $N w3
expect_iad "clean up" 0 $C del $N w3

# A bad --nameserver or --resolver is a usage error found before the
# first connection: nothing is written (it once was, and stayed served).
before=$(snapshot)
for bad in '[::1' 127.0.0.1:0 '[::1]x'; do
    expect_iad "--nameserver '$bad': exit 2" 2 $C --nameserver "$bad" \
        add $N bad-ns
    check "... naming it" err_has "invalid name server '$bad' for --nameserver"
    check "... on one line" one_line
    check "... nothing written" test "$(snapshot)" = "$before"
done
expect_iad "--resolver '[::1': exit 2" 2 $C --resolver '[::1' add $N bad-ns
check "... nothing written" test "$(snapshot)" = "$before"
cp "$SANDBOX_CONF" "$TESTDIR/bad-ns.conf"
echo 'nameserver = [::1' >>"$TESTDIR/bad-ns.conf"
line=$(wc -l <"$TESTDIR/bad-ns.conf")
expect_iad "nameserver = [::1 in the configuration file: exit 2" 2 \
    -c "$TESTDIR/bad-ns.conf" add $N bad-ns
check "... located as FILE:LINE" \
    err_has "invalid name server '[::1' for $TESTDIR/bad-ns.conf:$line"
check "... nothing written" test "$(snapshot)" = "$before"

# The stand-in for bind-dyndb-ldap delayed by 2 s: the wait covers it.
echo 2 >"$SANDBOX_DIR/standin1.delay"
start=$(ms)
expect_iad "add with a 2 s lag between LDAP and BIND" 0 $C add $N slow
elapsed=$(( $(ms) - start ))
rm -f "$SANDBOX_DIR/standin1.delay"
check "... waits at least 2 s (${elapsed} ms)" test "$elapsed" -ge 2000
check "... and the value is served when it returns" \
    test "$(served $N)" = "$(hex slow)"
expect_iad "clean up" 0 $C del --wait $N slow

# BIND stopped: exit 5 within the timeout, naming the server.
check "stop BIND" "$top_srcdir/scripts/sandbox" stop "$SANDBOX_DIR" dns
start=$(ms)
expect_iad "add with the only name server down: exit 5" 5 $C \
    --wait-timeout 2 add $N down
elapsed=$(( $(ms) - start ))
check "... within the timeout (${elapsed} ms)" \
    test "$elapsed" -lt $((4500 + IAD_SLOW_MS))
check "... naming the server and that nothing listens there" err_has \
    "'ns1.test.example' (127.0.0.1 port $SANDBOX_DNS_PORT) answers for '$N.': no answer (nothing listens on that port)"
check "... the value is in LDAP all the same" \
    test "$(values "idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE")" = '"down"'
check "start BIND again" "$top_srcdir/scripts/sandbox" start "$SANDBOX_DIR" dns
expect_iad "wait succeeds once BIND is back" 0 $C wait $N down
expect_iad "clean up" 0 $C del $N down

# CNAME into another zone of the directory.
ZDN="idnsName=test.example.,$SANDBOX_DNS_BASE"
cat >"$TESTDIR/cname.ldif" <<LDIF
dn: idnsName=_acme-challenge.alias,$ZDN
changetype: add
objectClass: top
objectClass: idnsRecord
idnsName: _acme-challenge.alias
cNAMERecord: _acme-challenge.target.sub.test.example.

dn: idnsName=_acme-challenge.away,$ZDN
changetype: add
objectClass: top
objectClass: idnsRecord
idnsName: _acme-challenge.away
cNAMERecord: _acme-challenge.example.org.
LDIF
check "root adds two CNAMEs" ldap_modify -f "$TESTDIR/cname.ldif"
TDN="idnsName=_acme-challenge.target,idnsName=sub.test.example.,$SANDBOX_DNS_BASE"
expect_iad "add at a CNAME writes at its target" 0 $C \
    add _acme-challenge.alias.test.example c1
check "... the target entry in sub.test.example. holds the value" \
    test "$(values "$TDN")" = '"c1"'
check "... the CNAME entry holds no TXT" test -z \
    "$(values "idnsName=_acme-challenge.alias,$ZDN")"
check "... it says so" err_has "is a CNAME to '_acme-challenge.target.sub.test.example.'"
check "... the target is served when add returns" \
    test "$(served _acme-challenge.target.sub.test.example)" = "$(hex c1)"
expect_iad "del follows the CNAME too" 0 $C \
    del _acme-challenge.alias.test.example c1
check "... the target entry is $(emptied_what)" emptied "$TDN"
before=$(snapshot)
expect_iad "a CNAME out of the directory: exit 1" 1 $C \
    add _acme-challenge.away.test.example c2
check "... naming the target" err_has "'_acme-challenge.example.org.'"
check "... nothing changed" test "$(snapshot)" = "$before"
# CNAME targets read from the directory pass the same rules as NAME, and
# an empty cNAMERecord is named as what it is.
cat >"$TESTDIR/badcname.ldif" <<LDIF
dn: idnsName=_acme-challenge.badtarget,$ZDN
changetype: add
objectClass: top
objectClass: idnsRecord
idnsName: _acme-challenge.badtarget
cNAMERecord: ((((

dn: idnsName=_acme-challenge.blank,$ZDN
changetype: add
objectClass: top
objectClass: idnsRecord
idnsName: _acme-challenge.blank
cNAMERecord:: IA==
LDIF
check "root adds a CNAME to '((((' and a blank one" \
    ldap_modify -f "$TESTDIR/badcname.ldif"
before=$(snapshot)
expect_iad "a CNAME to an invalid name is not followed: exit 1" 1 $C \
    add _acme-challenge.badtarget.test.example bad
check "... saying why" err_has "is a CNAME to a name that cannot be used"
check "... in one line" one_line
expect_iad "a blank cNAMERecord: exit 1" 1 $C \
    add _acme-challenge.blank.test.example bad
check "... saying it is empty" err_has "cNAMERecord of 'idnsName=_acme-challenge.blank,"
check "... nothing was written" test "$(snapshot)" = "$before"
printf 'dn: idnsName=_acme-challenge.%s,%s\nchangetype: delete\n\n' \
    badtarget "$ZDN" blank "$ZDN" | ldap_modify >/dev/null

# Without CNAME following, a TXT value beside the CNAME would be stored
# but never served (BIND answers with the CNAME): refused, not written.
before=$(snapshot)
expect_iad "--no-follow-cname at a CNAME: exit 1" 1 $C \
    --no-follow-cname --no-wait add _acme-challenge.alias.test.example c3
check "... saying why" err_has "'_acme-challenge.alias.test.example.' is a \
CNAME to '_acme-challenge.target.sub.test.example.': a TXT record beside it \
would never be served"
check "... one line" one_line
check "... nothing written" test "$(snapshot)" = "$before"
expect_iad "... also when it would wait" 1 $C --wait-timeout 2 \
    --no-follow-cname add _acme-challenge.alias.test.example c3
check "... nothing written" test "$(snapshot)" = "$before"

test_done
