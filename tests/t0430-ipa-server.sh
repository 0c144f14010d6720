#!/bin/sh
# On a FreeIPA server, as root and with no URI configured anywhere: the
# directory's LDAPI socket <rundir>/slapd-<REALM, dots as dashes>.socket
# with SASL EXTERNAL, the realm from default.conf.  A fake --ipa-confdir
# and --ipa-rundir stand for /etc/ipa and /run; the socket is a link to
# the sandbox's.  On an enrolled host (no socket), default.conf's server.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

N=_acme-challenge.test.example
DN="idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE"
SOCKET=$(printf '%s' "${SANDBOX_LDAPI_URI#ldapi://}" | sed 's/%2[Ff]/\//g')

mkdir -p "$TESTDIR/ipa" "$TESTDIR/run"
cat >"$TESTDIR/ipa/default.conf" <<CONF
[global]
realm = $SANDBOX_REALM
basedn = $SANDBOX_BASE
domain = $SANDBOX_DOMAIN
CONF
# Only the options that stand for the machine's files, and the sandbox's
# DNS port.
IPA="--ipa-confdir $TESTDIR/ipa --ipa-rundir $TESTDIR/run"
W="--dns-port $SANDBOX_DNS_PORT --wait-timeout 10"

check "the sandbox runs as root (this test needs it)" test "$(id -u)" -eq 0

# No socket, no server, no SRV records reachable: nothing to connect to.
expect_iad "without the socket and a server, no LDAP server is found" 2 \
    $IPA --resolver 127.0.0.1:1 $W zones

ln -s "$SOCKET" "$TESTDIR/run/slapd-TEST-EXAMPLE.socket"
expect_iad "with slapd-TEST-EXAMPLE.socket: zones" 0 $IPA $W zones
check "... lists the zones" \
    test "$(cat "$TESTDIR/out")" = "$(printf 'sub.test.example.\ntest.example.')"
expect_iad "... add, as root over the socket" 0 -v $IPA $W \
    add $N ipa-server
check "... over the socket" \
    err_has "binding to 'ldapi://%2F"
check "... named after the realm" err_has "slapd-TEST-EXAMPLE.socket"
check "... with EXTERNAL" err_has "with SASL EXTERNAL"
check "... and -v says why" err_has "FreeIPA server of 'TEST.EXAMPLE'"
check "... the value is stored" test "$(values "$DN")" = '"ipa-server"'
IAD_ENV="IPA_CONFDIR=$TESTDIR/ipa"
expect_iad "IPA_CONFDIR works too" 0 --ipa-rundir "$TESTDIR/run" $W \
    del $N ipa-server
IAD_ENV=
check "... the value is gone" test -z "$(values "$DN")"

# A URI given anywhere wins over the socket.
free_port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect_iad "--uri wins over the socket" 1 $IPA $W \
    -H "ldap://127.0.0.1:$free_port" zones
check "... the URI was tried" err_has "127.0.0.1:$free_port"
printf 'ldap_uri = ldap://127.0.0.1:%s\n' "$free_port" \
    >>"$TESTDIR/ipa/default.conf"
expect_iad "ldap_uri of default.conf wins over the socket" 1 $IPA $W zones
check "... it was tried" err_has "127.0.0.1:$free_port"

# An enrolled host: no socket, default.conf's server as today.
rm -f "$TESTDIR/run/slapd-TEST-EXAMPLE.socket"
cat >"$TESTDIR/ipa/default.conf" <<CONF
[global]
realm = $SANDBOX_REALM
basedn = $SANDBOX_BASE
domain = $SANDBOX_DOMAIN
server = localhost:$SANDBOX_LDAP_PORT
CONF
expect_iad "an enrolled host: default.conf's server, with GSSAPI" 0 -v \
    $IPA $W --keytab "$SANDBOX_KEYTAB" zones
check "... it was used" err_has "ldap://localhost:$SANDBOX_LDAP_PORT"
check "... with GSSAPI" err_has "with SASL GSSAPI"
# A regular file of that name is not a socket.
: >"$TESTDIR/run/slapd-TEST-EXAMPLE.socket"
expect_iad "a file that is not a socket is passed over" 0 -v $IPA $W \
    --keytab "$SANDBOX_KEYTAB" zones
check "... for default.conf's server" \
    err_has "ldap://localhost:$SANDBOX_LDAP_PORT"

test_done
