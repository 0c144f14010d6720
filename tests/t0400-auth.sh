#!/bin/sh
# Binding: a keytab, the user's credential cache, EXTERNAL over ldapi,
# no credentials, no rights; and trying several servers in turn.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

N=_acme-challenge.test.example
DN="idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE"
# The sandbox's name servers listen on a port of their own.
B="-b $SANDBOX_DNS_BASE --dns-port $SANDBOX_DNS_PORT --wait-timeout 10"

# The keytab: its own ticket in a private memory cache.
rm -f "${KRB5CCNAME#FILE:}"
expect_iad "keytab authentication" 0 -H "$SANDBOX_LDAP_URI" $B \
    --keytab "$SANDBOX_KEYTAB" add $N kt
check "... the user's credential cache was not touched" \
    test ! -e "${KRB5CCNAME#FILE:}"
expect_iad "keytab with an explicit principal" 0 -H "$SANDBOX_LDAP_URI" $B \
    --keytab "$SANDBOX_KEYTAB" --principal "$SANDBOX_PRINCIPAL" del $N kt

# No credentials at all.
before=$(snapshot)
expect_iad "no Kerberos credentials: exit 3" 3 -H "$SANDBOX_LDAP_URI" $B \
    add $N v
check "... telling what to do" err_has "run kinit or pass --keytab"
expect_iad "a keytab that does not exist: exit 3" 3 -H "$SANDBOX_LDAP_URI" \
    $B --keytab "$TESTDIR/none.keytab" add $N v
check "... naming the keytab" err_has "$TESTDIR/none.keytab"
expect_iad "a principal not in the keytab: exit 3" 3 -H "$SANDBOX_LDAP_URI" \
    $B --keytab "$SANDBOX_KEYTAB" --principal "nobody@$SANDBOX_REALM" add $N v
check "nothing changed in the directory" test "$(snapshot)" = "$before"

# The user's own ticket (kinit), from KRB5CCNAME.
check "kinit from the keytab" kinit -k -t "$SANDBOX_KEYTAB" "$SANDBOX_PRINCIPAL"
expect_iad "credential cache authentication" 0 -H "$SANDBOX_LDAP_URI" $B \
    add $N cc
check "... the value is stored" test "$(values "$DN")" = '"cc"'
expect_iad "clean up" 0 -H "$SANDBOX_LDAP_URI" $B del $N cc
kdestroy >/dev/null 2>&1

# EXTERNAL over ldapi as root: the default there.
expect_iad "EXTERNAL over ldapi (the default as root)" 0 \
    -H "$SANDBOX_LDAPI_URI" $B add $N ext
check "... the value is stored" test "$(values "$DN")" = '"ext"'
expect_iad "--mech EXTERNAL explicitly" 0 -H "$SANDBOX_LDAPI_URI" $B \
    --mech EXTERNAL del $N ext
expect_iad "EXTERNAL over TCP fails to bind: exit 3" 3 \
    -H "$SANDBOX_LDAP_URI" $B --mech EXTERNAL add $N v

# An account without DNS rights, and one that may only read.
before=$(snapshot)
expect_iad "no rights: exit 4" 4 -H "$SANDBOX_LDAP_URI" $B \
    --keytab "$SANDBOX_NORIGHTS_KEYTAB" add $N v
check "... naming the read permission it lacks" \
    err_has "System: Read DNS Entries"
expect_iad "read-only rights: exit 4" 4 -H "$SANDBOX_LDAP_URI" $B \
    --keytab "$SANDBOX_READONLY_KEYTAB" add $N v
check "... naming the entry" err_has "$DN"
check "... and nothing changed" test "$(snapshot)" = "$before"
expect_iad "the ACME account cannot write other names: exit 4" 4 \
    -c "$SANDBOX_CONF" --any-name add www.test.example v
check "nothing changed" test "$(snapshot)" = "$before"

# Several servers: the first that answers is used.
free_port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect_iad "an unreachable first server is passed over" 0 \
    -H "ldap://127.0.0.1:$free_port" -H "$SANDBOX_LDAP_URI" $B \
    --keytab "$SANDBOX_KEYTAB" add $N two
expect_iad "clean up" 0 -c "$SANDBOX_CONF" del $N two
expect_iad "no server reachable: exit 1" 1 -H "ldap://127.0.0.1:$free_port" \
    $B --keytab "$SANDBOX_KEYTAB" add $N v
check "... naming the URI tried" err_has "ldap://127.0.0.1:$free_port"

# The configuration file: the sandbox's, and command-line options win.
expect_iad "the config file alone is enough" 0 -c "$SANDBOX_CONF" add $N cf
IAD_ENV="IPA_ACME_DNS_CONF=$SANDBOX_CONF"
expect_iad "IPA_ACME_DNS_CONF names the config file" 0 del $N cf
IAD_ENV=
check "... the value is gone" test -z "$(values "$DN")"

# FreeIPA's default.conf supplies server and base.
mkdir -p "$TESTDIR/ipa"
cat >"$TESTDIR/ipa/default.conf" <<CONF
[global]
basedn = $SANDBOX_BASE
realm = $SANDBOX_REALM
domain = $SANDBOX_DOMAIN
ldap_uri = $SANDBOX_LDAP_URI
CONF
expect_iad "defaults from /etc/ipa/default.conf (--ipa-confdir)" 0 \
    --ipa-confdir "$TESTDIR/ipa" --dns-port "$SANDBOX_DNS_PORT" --keytab "$SANDBOX_KEYTAB" add $N ipa
IAD_ENV="IPA_CONFDIR=$TESTDIR/ipa"
expect_iad "IPA_CONFDIR works too" 0 --keytab "$SANDBOX_KEYTAB" del $N ipa
IAD_ENV=
check "... the value is gone" test -z "$(values "$DN")"

test_done
