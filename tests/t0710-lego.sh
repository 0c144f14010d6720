#!/bin/sh
# lego's exec DNS provider with ipa-acme-dns-lego as EXEC_PATH, against
# pebble: one name, a wildcard with its apex, five names over two zones, a
# renewal, EXEC_MODE=RAW, and an account without DNS rights.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start --acme

make_hook lego

# lego_run CONF ARGS...: lego passes the hook no options; the tool finds
# its configuration in IPA_ACME_DNS_CONF.  Our hook has already waited for
# every name server, so lego's own propagation check is switched off, and
# so is its minute between two challenges at one name.
lego_run() {
    conf=$1
    shift
    env IPA_ACME_DNS_CONF="$conf" EXEC_PATH="$TESTDIR/bin/lego-hook" \
        LEGO_CA_CERTIFICATES="$SANDBOX_ACME_CA" \
        EXEC_PROPAGATION_TIMEOUT=60 EXEC_POLLING_INTERVAL=1 \
        EXEC_SEQUENCE_INTERVAL=1 \
        lego --server "$SANDBOX_ACME_URL" --accept-tos \
        --email acme@test.example --path "$TESTDIR/lego" \
        --dns exec --dns.disable-cp --dns.resolvers "$SANDBOX_DNS" \
        "$@" >"$TESTDIR/lego.out" 2>&1
}

crt() {
    echo "$TESTDIR/lego/certificates/$1.crt"
}

lego_ok() {
    desc=$1
    shift
    if lego_run "$SANDBOX_CONF" "$@"; then
        pass "$desc"
    else
        fail "$desc" "$(tail -n 30 "$TESTDIR/lego.out")"
    fi
}

lego_ok "lego: a certificate for one name" -d test.example run
check "... it names test.example" \
    test "$(cert_names "$(crt test.example)")" = test.example
check "... the hook ran present and cleanup" \
    test "$(hook_calls '^call: present ')" -eq 1 -a "$(hook_calls '^call: cleanup ')" -eq 1
check "... no challenge value is left in LDAP" no_leftovers

lego_ok "lego: a wildcard and its apex" -d '*.sub.test.example' \
    -d sub.test.example run
check "... both names are in the certificate" \
    test "$(cert_names "$(crt _.sub.test.example)")" = \
    "$(sorted_words '*.sub.test.example' sub.test.example)"
check "... no challenge value is left" no_leftovers

lego_ok "lego: five names in two zones" -d www.test.example \
    -d mail.test.example -d test.example -d sub.test.example \
    -d x.sub.test.example run
check "... all five are in the certificate" \
    test "$(cert_names "$(crt www.test.example)")" = "$(sorted_words \
    test.example www.test.example mail.test.example sub.test.example \
    x.sub.test.example)"
check "... no challenge value is left" no_leftovers

serial=$(cert_serial "$(crt test.example)")
renewal "lego: a renewal" '^call: present ' lego_run -d test.example \
    renew --days 100000 --no-random-sleep
check "... gives a new certificate" \
    test "$(cert_serial "$(crt test.example)")" != "$serial"
check "... after running the hook again" \
    test "$(hook_calls '^call: present ')" -eq 1
check "... no challenge value is left" no_leftovers

: >"$TESTDIR/hook.log"
export EXEC_MODE=RAW
lego_ok "lego: EXEC_MODE=RAW (we compute the value)" -d raw.test.example run
unset EXEC_MODE
check "... the hook was given the key authorization" \
    test "$(hook_calls '^call: present -- raw.test.example ')" -eq 1
check "... no challenge value is left" no_leftovers

before=$(snapshot)
if lego_run "$(norights_conf)" -d denied.test.example run; then
    fail "lego: no rights: the issuance fails"
else
    pass "lego: no rights: the issuance fails"
fi
check "... lego shows the hook's reason" \
    grep -q "lego present: insufficient access" "$TESTDIR/lego.out"
check "... nothing changed in the directory" test "$(snapshot)" = "$before"
IAD_ENV="IPA_ACME_DNS_CONF=$TESTDIR/norights.conf"
expect_iad "... the hook itself exits 4" 4 lego present \
    _acme-challenge.denied.test.example. v
IAD_ENV=

test_done
