#!/bin/sh
# TLS and SASL security: ldaps:// and --starttls with the server
# certificate verified against --cacert (or FreeIPA's ca.crt), a wrong
# CA refused with one line and nothing written, the least SSF, and no
# ldaprc read from the current or home directory.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

N=_acme-challenge.test.example
DN="idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE"
B="-b $SANDBOX_DNS_BASE --dns-port $SANDBOX_DNS_PORT --wait-timeout 10"
K="--keytab $SANDBOX_KEYTAB"
LDAPS_PORT=${SANDBOX_LDAPS_URI##*:}

# A CA of our own that signed nothing the sandbox serves.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$TESTDIR/wrong.key" -out "$TESTDIR/wrong-ca.pem" -days 1 \
    -subj "/CN=a wrong CA" >"$TESTDIR/openssl.log" 2>&1

# slapd_saw WHAT: the directory server logged a connection with WHAT
# since mark_log.  WHAT is slapd's words; 389-DS logs connections in its
# access log, a TLS one as "TLS1.<n> <bits>-bit <cipher>".
# What each logs for a new connection, ldapi included: slapd "ACCEPT",
# 389-DS "connection from".
if [ "$SANDBOX_LDAP_SERVER" = 389 ]; then
    server_log=$SANDBOX_DIR/slapd-access.log
    accepted="connection from"
else
    server_log=$SANDBOX_DIR/slapd.log
    accepted=ACCEPT
fi
mark_log() {
    log_mark=$(wc -c <"$server_log")
}
slapd_saw() {
    pattern=$1
    [ "$SANDBOX_LDAP_SERVER" != 389 ] || [ "$1" != "TLS established" ] ||
        pattern=" TLS1\.[0-9]"
    tail -c +"$((log_mark + 1))" "$server_log" | grep -q -- "$pattern"
}

# --- the right CA ---------------------------------------------------------

mark_log
expect_iad "ldaps:// with the sandbox's CA" 0 -H "$SANDBOX_LDAPS_URI" \
    --cacert "$SANDBOX_CACERT" $B $K add $N ldaps
check "... the value is stored" test "$(values "$DN")" = '"ldaps"'
check "... over TLS" slapd_saw "TLS established"
mark_log
expect_iad "--starttls on ldap:// with the sandbox's CA" 0 --starttls \
    -H "$SANDBOX_LDAP_URI" --cacert "$SANDBOX_CACERT" $B $K del $N ldaps
check "... the value is gone" test -z "$(values "$DN")"
check "... the connection was switched to TLS" slapd_saw "TLS established"

printf 'starttls = yes\ncacert = %s\n' "$SANDBOX_CACERT" >"$TESTDIR/tls.conf"
cat "$SANDBOX_CONF" >>"$TESTDIR/tls.conf"
mark_log
expect_iad "starttls and cacert in the configuration file" 0 \
    -c "$TESTDIR/tls.conf" zones
check "... StartTLS was used" slapd_saw "TLS established"

# FreeIPA's clients trust <confdir>/ca.crt: so does the tool, by default.
mkdir -p "$TESTDIR/ipa"
cp "$SANDBOX_CACERT" "$TESTDIR/ipa/ca.crt"
expect_iad "the CA defaults to ca.crt of --ipa-confdir" 0 \
    --ipa-confdir "$TESTDIR/ipa" -H "$SANDBOX_LDAPS_URI" $B $K zones
IAD_ENV="IPA_CONFDIR=$TESTDIR/ipa"
expect_iad "... and of IPA_CONFDIR" 0 -H "$SANDBOX_LDAPS_URI" $B $K zones
IAD_ENV=
expect_iad "without it, the system's CAs do not trust the sandbox" 1 \
    -H "$SANDBOX_LDAPS_URI" $B $K zones

# --- a wrong CA: exit 1, one line, nothing written ---------------------------

before=$(snapshot)
expect_iad "ldaps:// with a wrong CA: exit 1" 1 -H "$SANDBOX_LDAPS_URI" \
    --cacert "$TESTDIR/wrong-ca.pem" $B $K add $N wrong
check "... on one line" one_line
check "... saying the certificate cannot be verified" \
    err_has "cannot verify the TLS certificate of '$SANDBOX_LDAPS_URI'"
check "... naming the CA file" err_has "$TESTDIR/wrong-ca.pem"
check "... and --cacert" err_has "(check --cacert)"
expect_iad "--starttls with a wrong CA: exit 1" 1 --starttls \
    -H "$SANDBOX_LDAP_URI" --cacert "$TESTDIR/wrong-ca.pem" $B $K add $N wrong
check "... on one line" one_line
check "... naming the URI" \
    err_has "cannot verify the TLS certificate of '$SANDBOX_LDAP_URI'"
mkdir -p "$TESTDIR/ipa-wrong"
cp "$TESTDIR/wrong-ca.pem" "$TESTDIR/ipa-wrong/ca.crt"
expect_iad "a wrong ca.crt in --ipa-confdir: exit 1" 1 \
    --ipa-confdir "$TESTDIR/ipa-wrong" -H "$SANDBOX_LDAPS_URI" $B $K \
    add $N wrong
check "... naming it" err_has "$TESTDIR/ipa-wrong/ca.crt"
# The sandbox's certificate names localhost, not the address 127.0.0.1.
expect_iad "a certificate that does not name the host: exit 1" 1 \
    -H "ldaps://127.0.0.1:$LDAPS_PORT" --cacert "$SANDBOX_CACERT" $B $K \
    add $N wrong
check "... naming the host" err_has "does not name '127.0.0.1'"
check "... in one line" one_line
expect_iad "a wrong CA stops at the first server" 1 \
    -H "$SANDBOX_LDAPS_URI" -H "$SANDBOX_LDAP_URI" \
    --cacert "$TESTDIR/wrong-ca.pem" $B $K add $N wrong
check "nothing was written" test "$(snapshot)" = "$before"

# --- settings checked before any connection: exit 2 ---------------------

mark_log
expect_iad "--cacert naming a missing file: exit 2" 2 \
    -H "$SANDBOX_LDAPS_URI" --cacert "$TESTDIR/none.pem" $B $K zones
check "... naming it" err_has "$TESTDIR/none.pem"
expect_iad "--starttls with ldaps://: exit 2" 2 --starttls \
    -H "$SANDBOX_LDAPS_URI" --cacert "$SANDBOX_CACERT" $B $K zones
expect_iad "--starttls with ldapi://: exit 2" 2 --starttls \
    -H "$SANDBOX_LDAPI_URI" $B zones
check "... and no connection was made" sh -c \
    "! tail -c +$((log_mark + 1)) '$server_log' | grep -q '$accepted'"
mark_log
expect_iad "a run that does connect" 0 -H "$SANDBOX_LDAPI_URI" $B zones
check "... shows in the log, so the check above can fail" sh -c \
    "tail -c +$((log_mark + 1)) '$server_log' | grep -q '$accepted'"

# --- the least SSF ------------------------------------------------------

# EXTERNAL over slapd's ldapi socket has SSF 71.
expect_iad "--min-ssf 71 with EXTERNAL over ldapi" 0 \
    -H "$SANDBOX_LDAPI_URI" --min-ssf 71 $B zones
expect_iad "--min-ssf 72 with EXTERNAL over ldapi: exit 3" 3 \
    -H "$SANDBOX_LDAPI_URI" --min-ssf 72 $B zones
check "... saying why" err_has "--min-ssf 72"

# A server that offers GSSAPI no security layer: the default (56) refuses
# it, --min-ssf 0 accepts it, and over TLS the TLS SSF counts.  slapd
# only: the sandbox knows no setting of 389-DS's that takes the SASL
# security layer away (slapd's olcSaslSecProps maxssf=0 does).
if [ "$SANDBOX_LDAP_SERVER" = 389 ]; then
    echo "# slapd only: GSSAPI without a security layer (no such" \
        "setting known for 389-DS)"
else
    secprops() {
        printf 'dn: cn=config\nchangetype: modify\nreplace: olcSaslSecProps\n'
        printf 'olcSaslSecProps: noanonymous,noplain,maxssf=%s\n' "$1"
    }
    secprops 0 | ldap_modify >/dev/null
    expect_iad "GSSAPI without a security layer: refused, exit 3" 3 \
        -H "$SANDBOX_LDAP_URI" $B $K zones
    check "... saying why" err_has "--min-ssf 56"
    expect_iad "... accepted with --min-ssf 0" 0 -H "$SANDBOX_LDAP_URI" \
        --min-ssf 0 $B $K zones
    expect_iad "... accepted over StartTLS" 0 --starttls -H "$SANDBOX_LDAP_URI" \
        --cacert "$SANDBOX_CACERT" $B $K zones
    secprops 2147483647 | ldap_modify >/dev/null
    expect_iad "the layer is back: the default works again" 0 \
        -H "$SANDBOX_LDAP_URI" $B $K zones
fi

# --- no ldaprc from the current or home directory -----------------------

# Each line, if read, would break the runs below: a size limit of 1
# (three zones), a bogus authorization identity, SASL without a
# security layer, a wrong CA that is trusted without a check.
mkdir -p "$TESTDIR/cwd"
cat >"$TESTDIR/cwd/ldaprc" <<RC
URI ldap://127.0.0.1:1
BASE dc=nowhere
SIZELIMIT 1
SASL_MECH PLAIN
SASL_AUTHZID dn:cn=nobody,dc=nowhere
SASL_SECPROPS maxssf=0
TLS_CACERT $TESTDIR/wrong-ca.pem
TLS_REQCERT never
RC
cp "$TESTDIR/cwd/ldaprc" "$TESTDIR/cwd/.ldaprc"
zones_in_cwd() {
    (cd "$TESTDIR/cwd" && HOME="$TESTDIR/cwd" "$IAD" "$@" zones) \
        >"$TESTDIR/out" 2>"$TESTDIR/err"
}
check "a stray ./ldaprc and ~/.ldaprc change nothing: GSSAPI" \
    zones_in_cwd -H "$SANDBOX_LDAP_URI" $B $K
check "... all zones listed" \
    test "$(cat "$TESTDIR/out")" = "$(printf 'sub.test.example.\ntest.example.')"
check "... EXTERNAL over ldapi" zones_in_cwd -H "$SANDBOX_LDAPI_URI" $B
check "... ldaps:// verified against --cacert" \
    zones_in_cwd -H "$SANDBOX_LDAPS_URI" --cacert "$SANDBOX_CACERT" $B $K
check "... a wrong --cacert still fails" sh -c \
    "cd '$TESTDIR/cwd' && HOME='$TESTDIR/cwd' '$IAD' -H '$SANDBOX_LDAPS_URI' \
     --cacert '$TESTDIR/wrong-ca.pem' $B $K zones; test \$? -eq 1"
check "LDAP* variables are not read either" sh -c \
    "LDAPSIZELIMIT=1 LDAPRC='$TESTDIR/cwd/ldaprc' '$IAD' \
     -H '$SANDBOX_LDAP_URI' $B $K zones | grep -c . | grep -qx 2"

test_done
