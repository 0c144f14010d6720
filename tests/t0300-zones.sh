#!/bin/sh
# Zone choice: the longest active zone, never a disabled one, never below
# a delegation; and the zones command.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF"

expect_iad "zones lists the active zones" 0 $C zones
check "... test.example. and sub.test.example., not the disabled one" \
    out_is "$(printf 'sub.test.example.\ntest.example.')"
expect_iad "zones --json" 0 $C zones --json
check "... is valid JSON" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(z["zone"] for z in d) == ["sub.test.example", "test.example"]
' "$TESTDIR/out"

SUBDN="idnsName=_acme-challenge.x,idnsName=sub.test.example.,$SANDBOX_DNS_BASE"
expect_iad "a name in the subzone" 0 $C add _acme-challenge.x.sub.test.example v
check "the longest zone wins: the entry is in sub.test.example." \
    entry_exists "$SUBDN"
check "nothing was written in test.example." entry_missing \
    "idnsName=_acme-challenge.x.sub,idnsName=test.example.,$SANDBOX_DNS_BASE"
check "BIND serves it" wait_served _acme-challenge.x.sub.test.example "$(hex v)"
expect_iad "clean up" 0 $C del _acme-challenge.x.sub.test.example v

expect_iad "the subzone's apex name" 0 \
    $C add _acme-challenge.sub.test.example apexv
check "... lands in the subzone" entry_exists \
    "idnsName=_acme-challenge,idnsName=sub.test.example.,$SANDBOX_DNS_BASE"
expect_iad "clean up" 0 $C del _acme-challenge.sub.test.example apexv

before=$(snapshot)
expect_iad "a name in a disabled zone fails" 1 \
    $C add _acme-challenge.off.test.example v
check "... saying the zone is disabled" err_has "zone 'off.test.example.' is disabled"
expect_iad "a name in no zone fails" 1 $C add _acme-challenge.example.org v
check "... naming the name" err_has "'_acme-challenge.example.org.'"
expect_iad "a name below a delegation fails" 1 \
    $C add _acme-challenge.deleg.test.example v
check "... naming the delegation" err_has "delegation 'deleg.test.example.'"
expect_iad "a name deeper below a delegation fails" 1 \
    $C add _acme-challenge.a.deleg.test.example v
check "nothing changed in the directory" test "$(snapshot)" = "$before"

if [ "$SANDBOX_LDAP_SERVER" = 389 ]; then
    # 389-DS answers a search under a missing base, for an account that
    # may not read the suffix, as it answers one it hides: with nothing.
    expect_iad "389-DS: a DNS base that does not exist: exit 4" 4 \
        $C -b cn=nodns,$SANDBOX_BASE add _acme-challenge.test.example v
    check "... saying to check --base" err_has "check --base"
else
    expect_iad "a DNS base that does not exist is a configuration error" 2 \
        $C -b cn=nodns,$SANDBOX_BASE add _acme-challenge.test.example v
fi
check "... naming it" err_has "cn=nodns,$SANDBOX_BASE"

# The apex of a zone (the zone entry itself): root may write there; the
# zone entry is never deleted.
ZDN="idnsName=test.example.,$SANDBOX_DNS_BASE"
R="-H $SANDBOX_LDAPI_URI -b $SANDBOX_DNS_BASE --any-name"
R="$R --dns-port $SANDBOX_DNS_PORT --wait-timeout 10"
expect_iad "add at a zone apex (EXTERNAL as root)" 0 $R add test.example apex
check "... the value is on the zone entry" test "$(values "$ZDN")" = '"apex"'
check "... and served" wait_served test.example "$(hex apex)"
expect_iad "del at a zone apex" 0 $R del test.example apex
check "... the zone entry stays" entry_exists "$ZDN"
check "... the SOA is still served" sh -c \
    "dig +short -p ${SANDBOX_DNS##*:} @${SANDBOX_DNS%:*} SOA test.example | grep -q ."

test_done
