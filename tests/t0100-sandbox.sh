#!/bin/sh
# The sandbox itself: what its env file promises, that it serves the
# zones, that two of them run side by side, and that down stops it all.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start
echo "# directory server: $SANDBOX_LDAP_SERVER (IAD_DS=$IAD_DS)"
check "the sandbox runs the directory server IAD_DS names" \
    test "$SANDBOX_LDAP_SERVER" = "$IAD_DS"

for var in SANDBOX_DOMAIN SANDBOX_REALM SANDBOX_BASE SANDBOX_LDAP_URI \
    SANDBOX_LDAPI_URI SANDBOX_DNS SANDBOX_KEYTAB SANDBOX_PRINCIPAL \
    SANDBOX_PRINCIPAL_DN SANDBOX_READONLY_KEYTAB SANDBOX_READONLY_PRINCIPAL \
    SANDBOX_NORIGHTS_KEYTAB SANDBOX_NORIGHTS_PRINCIPAL \
    SANDBOX_WRITER_KEYTAB SANDBOX_WRITER_PRINCIPAL SANDBOX_CACERT \
    SANDBOX_LDAPS_URI SANDBOX_LDAPS_URIS KRB5_CONFIG SANDBOX_CONF; do
    eval "val=\${$var:-}"
    check "env defines $var" test -n "$val"
done

dns_port=${SANDBOX_DNS##*:}
dns_host=${SANDBOX_DNS%:*}
check "BIND serves test.example." sh -c \
    "dig +short +norec -p $dns_port @$dns_host SOA test.example | grep -q ."
check "BIND serves sub.test.example." sh -c \
    "dig +short +norec -p $dns_port @$dns_host SOA sub.test.example | grep -q ."
check "BIND does not serve the disabled zone" sh -c \
    "! dig +short +norec -p $dns_port @$dns_host SOA off.test.example | grep -q ."
check "the directory answers a GSSAPI bind from the ACME keytab" sh -c \
    "kinit -k -t '$SANDBOX_KEYTAB' '$SANDBOX_PRINCIPAL' &&
     ldapwhoami -Q -N -Y GSSAPI -H '$SANDBOX_LDAP_URI' && kdestroy"
check "the ipa-acme-dns config file works as is" \
    "$IAD" -c "$SANDBOX_CONF" zones

# A second sandbox beside the first.
SB2="$TESTDIR/second"
if sandbox_up "$SB2" >"$TESTDIR/up2.log" 2>&1; then
    pass "a second sandbox starts beside the first"
    dns2=$(. "$SB2/env" && echo "$SANDBOX_DNS")
    ldap2=$(. "$SB2/env" && echo "$SANDBOX_LDAP_URI")
    check "... on other ports" test "$dns2" != "$SANDBOX_DNS" -a \
        "$ldap2" != "$SANDBOX_LDAP_URI"
    check "... and works" sh -c ". '$SB2/env' && '$IAD' -c \"\$SANDBOX_CONF\" zones"
    pids=$(cat "$SB2"/*.pid 2>/dev/null | tr '\n' ' ')
    check "... with processes recorded in pid files" test -n "$pids"
    "$top_srcdir/scripts/sandbox" down "$SB2" >/dev/null 2>&1
    alive=
    for pid in $pids; do
        kill -0 "$pid" 2>/dev/null && alive="$alive $pid"
    done
    check "down stops every process of the second sandbox" test -z "$alive"
    check "... and the first still works" "$IAD" -c "$SANDBOX_CONF" zones
else
    fail "a second sandbox starts beside the first" \
        "$(tail -n 20 "$TESTDIR/up2.log")"
fi

test_done
