#!/bin/sh
# certbot with ipa-acme-dns as its manual hooks, against pebble: one name,
# a wildcard with its apex, five names over two zones, a renewal, and an
# account without DNS rights.  No challenge value may be left behind.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start --acme

make_hook certbot

# certbot_run CONF ARGS...: certbot with our hooks, configured by CONF.
# This machine may export a REQUESTS_CA_BUNDLE of its own: certbot must
# trust pebble's CA.
certbot_run() {
    conf=$1
    shift
    env IPA_ACME_DNS_CONF="$conf" REQUESTS_CA_BUNDLE="$SANDBOX_ACME_CA" \
        certbot --non-interactive --agree-tos \
        --register-unsafely-without-email --server "$SANDBOX_ACME_URL" \
        --config-dir "$TESTDIR/certbot/etc" --work-dir "$TESTDIR/certbot/work" \
        --logs-dir "$TESTDIR/certbot/logs" \
        --manual --preferred-challenges dns \
        --manual-auth-hook "$TESTDIR/bin/certbot-hook" \
        --manual-cleanup-hook "$TESTDIR/bin/certbot-hook" \
        "$@" >"$TESTDIR/certbot.out" 2>&1
}

live() {
    echo "$TESTDIR/certbot/etc/live/$1/cert.pem"
}

certbot_ok() {
    desc=$1
    shift
    if certbot_run "$SANDBOX_CONF" "$@"; then
        pass "$desc"
    else
        fail "$desc" "$(tail -n 30 "$TESTDIR/certbot.out")"
    fi
}

certbot_ok "certbot: a certificate for one name" certonly --cert-name one \
    -d test.example
check "... it names test.example" test "$(cert_names "$(live one)")" = \
    test.example
check "... the hooks ran twice (auth, cleanup)" \
    test "$(hook_calls '^call:')" -eq 2
check "... no challenge value is left in LDAP" no_leftovers

: >"$TESTDIR/hook.log"
certbot_ok "certbot: a wildcard and its apex" certonly --cert-name wild \
    -d sub.test.example -d '*.sub.test.example'
check "... both names are in the certificate" \
    test "$(cert_names "$(live wild)")" = \
    "$(sorted_words '*.sub.test.example' sub.test.example)"
check "... both values went through the hooks (2 auth, 2 cleanup)" \
    test "$(hook_calls '^call:')" -eq 4
check "... no challenge value is left" no_leftovers

certbot_ok "certbot: five names in two zones" certonly --cert-name five \
    -d test.example -d www.test.example -d mail.test.example \
    -d sub.test.example -d x.sub.test.example
check "... all five are in the certificate" \
    test "$(cert_names "$(live five)")" = "$(sorted_words test.example \
    www.test.example mail.test.example sub.test.example x.sub.test.example)"
check "... no challenge value is left" no_leftovers

serial=$(cert_serial "$(live one)")
renewal "certbot: a renewal" '^call:' certbot_run renew --cert-name one \
    --force-renewal --no-random-sleep-on-renew
check "... gives a new certificate" \
    test "$(cert_serial "$(live one)")" != "$serial"
check "... after running the hooks again" test "$(hook_calls '^call:')" -eq 2
check "... no challenge value is left" no_leftovers
check "the auth hook's line shows in certbot's log" \
    grep -rq "certbot auth: added TXT" "$TESTDIR/certbot/logs"

# An account without DNS rights: the hook fails with its reason, the
# issuance fails, nothing is left.
before=$(snapshot)
if certbot_run "$(norights_conf)" certonly --cert-name denied \
    -d denied.test.example; then
    fail "certbot: no rights: the issuance fails"
else
    pass "certbot: no rights: the issuance fails"
fi
check "... certbot shows the hook's reason" \
    grep -q "certbot auth: insufficient access" "$TESTDIR/certbot.out"
check "... no certificate" test ! -e "$(live denied)"
check "... nothing changed in the directory" test "$(snapshot)" = "$before"
IAD_ENV="IPA_ACME_DNS_CONF=$TESTDIR/norights.conf CERTBOT_DOMAIN=denied.test.example CERTBOT_VALIDATION=v"
expect_iad "... the auth hook itself exits 4" 4 certbot
IAD_ENV=

test_done
