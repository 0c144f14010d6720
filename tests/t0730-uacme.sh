#!/bin/sh
# uacme with ipa-acme-dns-uacme as its hook, against pebble: one name, a
# wildcard with its apex, five names over two zones, a renewal, and an
# account without DNS rights.  The hook declines the other challenge
# types (exit 1), so uacme picks dns-01.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start --acme

make_hook uacme
U="$TESTDIR/uacme"
mkdir -p "$U"

# uacme's libcurl trusts only the system's CA bundle: in a mount namespace
# of its own, pebble's CA stands in for that file (the real one is not
# touched; the namespace ends with the command).
uacme_run() {
    conf=$1
    shift
    unshare -m sh -c 'mount --bind "$0" /etc/ssl/certs/ca-certificates.crt &&
        exec "$@"' "$SANDBOX_ACME_CA" \
        env IPA_ACME_DNS_CONF="$conf" \
        uacme -a "$SANDBOX_ACME_URL" -c "$U" -y -h "$TESTDIR/bin/uacme-hook" \
        "$@" >"$TESTDIR/uacme.out" 2>&1
}

uacme_ok() {
    desc=$1
    shift
    if uacme_run "$SANDBOX_CONF" "$@"; then
        pass "$desc"
    else
        fail "$desc" "$(tail -n 30 "$TESTDIR/uacme.out")"
    fi
}

uacme_ok "uacme: a new account" new
uacme_ok "uacme: a certificate for one name" issue test.example
check "... it names test.example" \
    test "$(cert_names "$U/test.example/cert.pem")" = test.example
check "... the hook began and finished dns-01" \
    test "$(hook_calls '^call: begin dns-01 test.example ')" -eq 1 -a \
    "$(hook_calls '^call: done dns-01 test.example ')" -eq 1
check "... no challenge value is left in LDAP" no_leftovers

: >"$TESTDIR/hook.log"
uacme_ok "uacme: a wildcard and its apex" issue sub.test.example \
    '*.sub.test.example'
check "... both names are in the certificate" \
    test "$(cert_names "$U/sub.test.example/cert.pem")" = \
    "$(sorted_words '*.sub.test.example' sub.test.example)"
check "... no challenge value is left" no_leftovers

uacme_ok "uacme: five names in two zones" issue www.test.example \
    mail.test.example test.example sub.test.example x.sub.test.example
check "... all five are in the certificate" \
    test "$(cert_names "$U/www.test.example/cert.pem")" = "$(sorted_words \
    test.example www.test.example mail.test.example sub.test.example \
    x.sub.test.example)"
check "... no challenge value is left" no_leftovers

serial=$(cert_serial "$U/test.example/cert.pem")
renewal "uacme: a renewal" '^call: begin dns-01 ' uacme_run -f issue \
    test.example
check "... gives a new certificate" \
    test "$(cert_serial "$U/test.example/cert.pem")" != "$serial"
check "... after running the hook again" \
    test "$(hook_calls '^call: begin dns-01 ')" -eq 1
check "... no challenge value is left" no_leftovers

before=$(snapshot)
if uacme_run "$(norights_conf)" issue denied.test.example; then
    fail "uacme: no rights: the issuance fails"
else
    pass "uacme: no rights: the issuance fails"
fi
check "... uacme shows the hook's reason" \
    grep -q "uacme begin: insufficient access" "$TESTDIR/uacme.out"
check "... nothing changed in the directory" test "$(snapshot)" = "$before"
IAD_ENV="IPA_ACME_DNS_CONF=$TESTDIR/norights.conf"
expect_iad "... the hook itself exits 4" 4 uacme begin dns-01 \
    denied.test.example tok v
IAD_ENV=
expect_iad "the hook declines http-01 with exit 1" 1 -c "$SANDBOX_CONF" \
    uacme begin http-01 test.example tok v
check "... nothing changed in the directory" test "$(snapshot)" = "$before"

test_done
