#!/bin/sh
# Kerberos: every credential source GSSAPI itself uses works, with no
# check of our own before the bind: a DIR: ccache collection, a KEYRING:
# cache, a client keytab (KRB5_CLIENT_KTNAME) with no ccache at all.
# Without credentials the bind fails with exit 3 and the hint; a broken
# krb5.conf is reported in Kerberos's own words.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

N=_acme-challenge.test.example
DN="idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE"
B="-H $SANDBOX_LDAP_URI -b $SANDBOX_DNS_BASE --dns-port $SANDBOX_DNS_PORT"
B="$B --wait-timeout 10"
FILE_CC=${KRB5CCNAME#FILE:}

# --- a DIR: collection --------------------------------------------------

mkdir -p "$TESTDIR/cc"
CC="DIR:$TESTDIR/cc"
check "kinit the account without rights into a DIR: collection" env \
    KRB5CCNAME="$CC" kinit -k -t "$SANDBOX_NORIGHTS_KEYTAB" \
    "$SANDBOX_NORIGHTS_PRINCIPAL"
check "kinit the ACME account into it too (it becomes the primary)" env \
    KRB5CCNAME="$CC" kinit -k -t "$SANDBOX_KEYTAB" "$SANDBOX_PRINCIPAL"
IAD_ENV="KRB5CCNAME=$CC"
expect_iad "the collection's primary cache is used" 0 $B add $N dir
check "... the value is stored" test "$(values "$DN")" = '"dir"'
check "kswitch to the account without rights" env KRB5CCNAME="$CC" \
    kswitch -p "$SANDBOX_NORIGHTS_PRINCIPAL"
before=$(snapshot)
expect_iad "... its cache is used now: exit 4" 4 $B del $N dir
check "... nothing changed" test "$(snapshot)" = "$before"
check "kswitch back" env KRB5CCNAME="$CC" kswitch -p "$SANDBOX_PRINCIPAL"
expect_iad "... clean up" 0 $B del $N dir
IAD_ENV=
env KRB5CCNAME="$CC" kdestroy -A >/dev/null 2>&1

# --- a KEYRING: cache ----------------------------------------------------

KR="KEYRING:session:iad-test-$$"
if env KRB5CCNAME="$KR" kinit -k -t "$SANDBOX_KEYTAB" "$SANDBOX_PRINCIPAL" \
    >"$TESTDIR/keyring.log" 2>&1; then
    IAD_ENV="KRB5CCNAME=$KR"
    expect_iad "a KEYRING: cache" 0 $B add $N keyring
    expect_iad "... clean up" 0 $B del $N keyring
    IAD_ENV=
    env KRB5CCNAME="$KR" kdestroy >/dev/null 2>&1
else
    fail "kinit into a KEYRING: cache" "$(cat "$TESTDIR/keyring.log")"
fi

# --- a client keytab, no ccache -----------------------------------------

rm -f "$FILE_CC"
IAD_ENV="KRB5_CLIENT_KTNAME=$SANDBOX_KEYTAB"
expect_iad "KRB5_CLIENT_KTNAME with no ccache at all" 0 $B add $N ckt
check "... the value is stored" test "$(values "$DN")" = '"ckt"'
expect_iad "... clean up" 0 $B del $N ckt
IAD_ENV=
rm -f "$FILE_CC"

# --- no credentials; a broken krb5.conf -----------------------------------

before=$(snapshot)
expect_iad "no credentials at all: exit 3" 3 $B add $N none
check "... on one line" one_line
check "... with the hint" err_has "run kinit or pass --keytab"
check "... and GSSAPI's reason" err_has "No Kerberos credentials available"
IAD_ENV="KRB5CCNAME=DIR:$TESTDIR/empty-collection"
mkdir -p "$TESTDIR/empty-collection"
expect_iad "an empty DIR: collection: exit 3" 3 $B add $N none
check "... with the hint" err_has "run kinit or pass --keytab"
IAD_ENV=

printf '[libdefaults\n    default_realm = %s\n' "$SANDBOX_REALM" \
    >"$TESTDIR/broken-krb5.conf"
IAD_ENV="KRB5_CONFIG=$TESTDIR/broken-krb5.conf"
expect_iad "a broken krb5.conf with --keytab: exit 3" 3 $B \
    --keytab "$SANDBOX_KEYTAB" add $N none
check "... in Kerberos's words" \
    err_has "Improper format of Kerberos configuration file"
check "... not an unknown error number" sh -c \
    "! grep -q 'Unknown error' '$TESTDIR/err'"
expect_iad "a broken krb5.conf with a ccache: exit 3" 3 $B add $N none
check "... in Kerberos's words" \
    err_has "Improper format of Kerberos configuration file"
IAD_ENV=
check "nothing changed" test "$(snapshot)" = "$before"

test_done
