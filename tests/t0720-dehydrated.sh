#!/bin/sh
# dehydrated with ipa-acme-dns-dehydrated as its HOOK (HOOK_CHAIN=yes),
# against pebble: one name, a wildcard with its apex, five names over two
# zones, a renewal, and an account without DNS rights.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start --acme

make_hook dehydrated
D="$TESTDIR/dehydrated"
mkdir -p "$D"
cat >"$D/config" <<CONF
CA="$SANDBOX_ACME_URL"
CHALLENGETYPE="dns-01"
HOOK="$TESTDIR/bin/dehydrated-hook"
HOOK_CHAIN="yes"
BASEDIR="$D"
CURL_OPTS="--cacert $SANDBOX_ACME_CA"
CONF

# dehydrated_run CONF ARGS...
dehydrated_run() {
    conf=$1
    shift
    env IPA_ACME_DNS_CONF="$conf" dehydrated -f "$D/config" "$@" \
        >"$TESTDIR/dehydrated.out" 2>&1
}

dehydrated_ok() {
    desc=$1
    shift
    if dehydrated_run "$SANDBOX_CONF" "$@"; then
        pass "$desc"
    else
        fail "$desc" "$(tail -n 30 "$TESTDIR/dehydrated.out")"
    fi
}

dehydrated_ok "dehydrated: register" --register --accept-terms
dehydrated_ok "dehydrated: a certificate for one name" -c -d test.example
check "... it names test.example" \
    test "$(cert_names "$D/certs/test.example/cert.pem")" = test.example
check "... no challenge value is left in LDAP" no_leftovers
check "... other handlers were called and did nothing" \
    test "$(hook_calls '^call: deploy_cert ')" -ge 1

: >"$TESTDIR/hook.log"
dehydrated_ok "dehydrated: a wildcard and its apex" -c \
    -d 'sub.test.example *.sub.test.example'
check "... both names are in the certificate" \
    test "$(cert_names "$D/certs/sub.test.example/cert.pem")" = \
    "$(sorted_words '*.sub.test.example' sub.test.example)"
check "... both values came in one chained deploy_challenge" \
    test "$(hook_calls '^call: deploy_challenge sub.test.example .* sub.test.example ')" -eq 1
check "... no challenge value is left" no_leftovers

dehydrated_ok "dehydrated: five names in two zones" -c \
    -d 'www.test.example mail.test.example test.example sub.test.example x.sub.test.example'
check "... all five are in the certificate" \
    test "$(cert_names "$D/certs/www.test.example/cert.pem")" = \
    "$(sorted_words test.example www.test.example mail.test.example \
    sub.test.example x.sub.test.example)"
check "... no challenge value is left" no_leftovers

serial=$(cert_serial "$D/certs/test.example/cert.pem")
renewal "dehydrated: a renewal" '^call: deploy_challenge ' dehydrated_run \
    -c --force -d test.example
check "... gives a new certificate" \
    test "$(cert_serial "$D/certs/test.example/cert.pem")" != "$serial"
check "... after running the hook again" \
    test "$(hook_calls '^call: deploy_challenge ')" -eq 1
check "... no challenge value is left" no_leftovers

before=$(snapshot)
if dehydrated_run "$(norights_conf)" -c -d denied.test.example; then
    fail "dehydrated: no rights: the issuance fails"
else
    pass "dehydrated: no rights: the issuance fails"
fi
check "... dehydrated shows the hook's reason" \
    grep -q "dehydrated deploy_challenge: insufficient access" \
    "$TESTDIR/dehydrated.out"
check "... no certificate" test ! -e "$D/certs/denied.test.example/cert.pem"
check "... nothing changed in the directory" test "$(snapshot)" = "$before"
IAD_ENV="IPA_ACME_DNS_CONF=$TESTDIR/norights.conf"
expect_iad "... the hook itself exits 4" 4 dehydrated deploy_challenge \
    denied.test.example f v
expect_iad "another handler exits 0 and does nothing" 0 dehydrated \
    deploy_cert denied.test.example k c f ch ts
IAD_ENV=

test_done
