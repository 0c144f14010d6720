#!/bin/sh
# add, del and show against a sandbox: values reach BIND through the
# bind-dyndb-ldap stand-in, other writers' values survive, entries come
# and go as bind-dyndb-ldap expects.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF"
N=_acme-challenge.test.example
DN="idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE"

expect_iad "add a value" 0 $C add $N. token-one
check "the value is stored quoted in tXTRecord" \
    test "$(values "$DN")" = '"token-one"'
check "BIND serves the value" wait_served $N "$(hex token-one)"
check "add says what it did on stderr" err_has "added TXT"

expect_iad "show prints the value" 0 $C show $N
check "show prints exactly the decoded value" out_is "token-one"

expect_iad "adding the same value again succeeds" 0 $C add $N token-one
check "the value is stored once" test "$(values "$DN" | wc -l)" -eq 1

# A wildcard and its apex: two values on one name, both served.
expect_iad "add a second value" 0 $C add $N token-two
check "BIND serves both values" wait_served $N \
    "$(printf '%s\n%s' "$(hex token-one)" "$(hex token-two)" | sort)"
expect_iad "show lists both" 0 $C show $N
check "show prints one value a line" \
    test "$(sort "$TESTDIR/out")" = "$(printf 'token-one\ntoken-two')"

expect_iad "remove the first value" 0 $C del $N token-one
check "the second value is still served" wait_served $N "$(hex token-two)"
check "the entry holds only the second value" \
    test "$(values "$DN")" = '"token-two"'
expect_iad "removing an absent value succeeds" 0 $C del $N token-one

expect_iad "remove the last value" 0 $C del $N token-two
check "the emptied entry is $(emptied_what)" emptied "$DN"
check "the name is NXDOMAIN" wait_served $N NXDOMAIN
expect_iad "removing from a missing entry succeeds" 0 $C del $N token-two

expect_iad "letter case and trailing dot of NAME do not matter" 0 \
    $C add _ACME-Challenge.Test.EXAMPLE tok
check "... the value lands on the same entry" test "$(values "$DN")" = '"tok"'

# Another writer's value must survive our del, and keep the entry.
cat >"$TESTDIR/other.ldif" <<LDIF
dn: $DN
changetype: modify
add: tXTRecord
tXTRecord: "other-writer"
LDIF
check "another writer adds a value" ldap_modify -f "$TESTDIR/other.ldif"
expect_iad "remove our value" 0 $C del $N tok
check "the other writer's value is left" \
    test "$(values "$DN")" = '"other-writer"'
check "the other writer's value is still served" \
    wait_served $N "$(hex other-writer)"

# A value stored in another spelling ("tok" unquoted) is the same record:
# del finds it by meaning.
cat >"$TESTDIR/bare.ldif" <<LDIF
dn: $DN
changetype: modify
add: tXTRecord
tXTRecord: bare-token
LDIF
check "another writer adds an unquoted value" \
    ldap_modify -f "$TESTDIR/bare.ldif"
expect_iad "show decodes an unquoted value" 0 $C show $N
check "... to its bytes" \
    test "$(sort "$TESTDIR/out")" = "$(printf 'bare-token\nother-writer')"
expect_iad "del removes a value stored in another spelling" 0 \
    $C del $N bare-token
check "... only that one" test "$(values "$DN")" = '"other-writer"'

# An entry that still holds another record type is never deleted.
cat >"$TESTDIR/a.ldif" <<LDIF
dn: $DN
changetype: modify
add: aRecord
aRecord: 192.0.2.1
LDIF
check "another writer adds an A record" ldap_modify -f "$TESTDIR/a.ldif"
expect_iad "del --all removes every TXT value" 0 $C del --all $N
check "no TXT value is left" test -z "$(values "$DN")"
check "the entry with its A record stays" entry_exists "$DN"

# Letter case: the directory matches tXTRecord ignoring case, but ACME
# tokens are case-sensitive.
cat >"$TESTDIR/reset.ldif" <<LDIF
dn: $DN
changetype: delete
LDIF
ldap_modify -f "$TESTDIR/reset.ldif" >/dev/null 2>&1
expect_iad "add a mixed-case value" 0 $C add $N AbC
expect_iad "a value differing only in case is refused" 1 $C add $N abc
check "... with a message saying why" err_has "letter case"
expect_iad "del of the other-case value removes nothing" 0 $C del $N abc
check "... the original value stays" test "$(values "$DN")" = '"AbC"'
expect_iad "clean up" 0 $C del $N AbC
# The same matching rule takes runs of spaces for one space.
expect_iad "add a value with one space" 0 $C add $N 'a b'
expect_iad "a value differing only in runs of spaces is refused" 1 \
    $C add $N 'a  b'
check "... naming the stored value the directory took for it" \
    err_has "holds \"a b\" there"
check "... and why" err_has "runs of spaces"
check "... the stored value is unchanged" test "$(values "$DN")" = '"a b"'
expect_iad "clean up" 0 $C del $N 'a b'

# --ttl: the new entry's dNSTTL, served as the record's TTL.
expect_iad "add with --ttl 120" 0 $C --ttl 120 add $N ttl-test
check "the entry has dNSTTL 120" \
    test "$(ldap_search -b "$DN" -s base dNSTTL | sed -n 's/^dNSTTL: //p')" \
    = 120
wait_served $N "$(hex ttl-test)" 2>/dev/null
check "BIND serves it with TTL 120" \
    test "$("$PY" "$DNSQ" --ttl "$SANDBOX_DNS" $N)" = 120
expect_iad "clean up" 0 $C del $N ttl-test

# --dry-run changes nothing and says what it would do.
before=$(snapshot)
expect_iad "add --dry-run" 0 $C --dry-run add $N dry
check "... prints the DN" grep -qF "entry: $DN" "$TESTDIR/out"
check "... prints the modification" grep -qF 'add tXTRecord: "dry"' \
    "$TESTDIR/out"
check "... and changes nothing" test "$(snapshot)" = "$before"
expect_iad "add for real" 0 $C add $N dry
before=$(snapshot)
expect_iad "del -n" 0 $C -n del $N dry
check "... prints the deletion" grep -qF 'delete tXTRecord: "dry"' \
    "$TESTDIR/out"
check "... and changes nothing" test "$(snapshot)" = "$before"

# show --json for scripts.
expect_iad "show --json" 0 $C show --json $N
check "... is valid JSON with the value" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["name"] == "_acme-challenge.test.example", d
assert [v["value"] for v in d["values"]] == ["dry"], d
' "$TESTDIR/out"

# A deeper name gets a multi-label RDN in its zone.
expect_iad "add at _acme-challenge.www" 0 $C add _acme-challenge.www.test.example w
check "the entry is idnsName=_acme-challenge.www" \
    entry_exists "idnsName=_acme-challenge.www,idnsName=test.example.,$SANDBOX_DNS_BASE"
check "BIND serves it" wait_served _acme-challenge.www.test.example "$(hex w)"

test_done
