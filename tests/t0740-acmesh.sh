#!/bin/sh
# The acme.sh DNS API shim: acme.sh is not packaged for Debian, so the
# test sources hooks/dns_ipa.sh and calls its functions as acme.sh does.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

N=_acme-challenge.test.example
export IPA_ACME_DNS="$IAD" IPA_ACME_DNS_CONF="$SANDBOX_CONF"
. "$top_srcdir/hooks/dns_ipa.sh"

check "dns_ipa_add adds the value" dns_ipa_add $N acmesh-value
check "... and returns once BIND serves it" \
    test "$(served $N)" = "$(hex acmesh-value)"
check "a second value on the same name (wildcard and apex)" \
    dns_ipa_add $N second-value
check "... both are served" test "$(served $N)" = \
    "$(printf '%s\n%s' "$(hex acmesh-value)" "$(hex second-value)" | sort)"
check "dns_ipa_rm removes one value" dns_ipa_rm $N acmesh-value
check "... the other stays" wait_served $N "$(hex second-value)"
check "dns_ipa_rm removes the other" dns_ipa_rm $N second-value
check "... nothing is left" no_leftovers
export IPA_ACME_DNS_CONF="$(norights_conf)"
if dns_ipa_add $N denied 2>"$TESTDIR/shim.err"; then
    fail "dns_ipa_add fails without DNS rights"
else
    pass "dns_ipa_add fails without DNS rights"
fi
check "... saying why" grep -q "insufficient access" "$TESTDIR/shim.err"

test_done
