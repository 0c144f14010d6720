#!/bin/sh
# prune: challenge values that no one changed for --older-than go, under
# the rules of del; fresh values, other record types and TXT records at
# other names stay; --dry-run and refused input change nothing; an
# identity without the rights, or one that cannot see the entries' ages,
# exits 4 before changing anything.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF"
Z="idnsName=test.example.,$SANDBOX_DNS_BASE"
ZS="idnsName=sub.test.example.,$SANDBOX_DNS_BASE"
ZO="idnsName=off.test.example.,$SANDBOX_DNS_BASE"
# Entries older than AGE seconds are pruned.  Everything written before
# the pause is at least PAUSE old when the checks run; the fresh values
# are written after it, and pruned within seconds, far under AGE (each
# run of the tool takes seconds more under valgrind: IAD_SLOW_MS).
AGE=$((6 + IAD_SLOW_MS / 1000))
PAUSE=$((AGE + 1))

# entry LDIF for the record entry REL of zone DN ZDN with ATTR: VALUE...
entry() {
    rel=$1 zdn=$2
    shift 2
    printf 'dn: idnsName=%s,%s\nchangetype: add\nobjectClass: top\n' \
        "$rel" "$zdn"
    printf 'objectClass: idnsRecord\nidnsName: %s\n' "$rel"
    printf '%s\n' "$@"
    echo
}

expect_iad "add two values at a challenge name" 0 $C --no-wait \
    add _acme-challenge.test.example old-1 old-2
expect_iad "add one deeper" 0 $C --no-wait \
    add _acme-challenge.www.test.example old-www
{
    entry _acme-challenge.mixed "$Z" 'tXTRecord: "old-mixed"' \
        'aRecord: 192.0.2.7'
    entry _acme-challengex "$Z" 'tXTRecord: "lookalike"'
    entry _acct._acme-challenge "$Z" 'tXTRecord: "account-01"'
    entry _acme-challenge.touched "$Z" 'tXTRecord: "old-touched"'
    entry _acme-challenge "$ZS" 'tXTRecord: "old-sub"'
    entry _acme-challenge "$ZO" 'tXTRecord: "old-off"'
    printf 'dn: idnsName=www,%s\nchangetype: modify\nadd: tXTRecord\n' "$Z"
    printf 'tXTRecord: "not-a-challenge"\n'
} >"$TESTDIR/old.ldif"
check "other writers store old values and records" \
    ldap_modify -f "$TESTDIR/old.ldif"
check "BIND serves an old value" wait_served _acme-challenge.test.example \
    "$(printf '%s\n%s' "$(hex old-1)" "$(hex old-2)" | sort)"
sleep $PAUSE

# Refused before any connection: the only server named cannot be reached,
# yet the exit is 2, not 1.
before=$(snapshot)
for d in 1y 0 0s -5 '' 1h30m 24H 5x 3651d; do
    expect_iad "--older-than '$d' is refused with exit 2" 2 $C \
        --uri ldap://127.0.0.1:1 prune --older-than "$d"
done
check "... with a one-line message naming the option" one_line
check "... that says what a duration is" err_has "invalid duration"
check "... and nothing changed" test "$(snapshot)" = "$before"
expect_iad "a zone operand that is no name is refused with exit 2" 2 \
    $C --uri ldap://127.0.0.1:1 prune 'bad!name'
expect_iad "--older-than with another command is refused with exit 2" 2 \
    $C --uri ldap://127.0.0.1:1 --older-than 1h del --all \
    _acme-challenge.test.example
check "... and nothing changed" test "$(snapshot)" = "$before"

NR="-c $(norights_conf)"
RO="-c $(account_conf readonly "$SANDBOX_READONLY_KEYTAB" \
    "$SANDBOX_READONLY_PRINCIPAL")"
expect_iad "an account without DNS rights exits 4" 4 $NR prune \
    --older-than $AGE
check "... in one line" one_line
expect_iad "a read-only account exits 4" 4 $RO prune --older-than $AGE
check "... saying access is insufficient" err_has "insufficient access"
check "... and nothing changed" test "$(snapshot)" = "$before"

# An ACME account that may not see modifyTimestamp on the record entries
# would find no entry old, and prune nothing without a word.
if [ "$SANDBOX_LDAP_SERVER" = 389 ]; then
    aci="(targetattr = \"modifytimestamp\")"
    aci="$aci(target = \"ldap:///idnsname=*,$Z\")"
    aci="$aci(version 3.0; acl \"t0250: hide ages\"; deny"
    aci="$aci (read,search,compare)"
    aci="$aci userdn = \"ldap:///$SANDBOX_PRINCIPAL_DN\";)"
    printf 'dn: %s\nchangetype: modify\nadd: aci\naci: %s\n' "$Z" "$aci" \
        >"$TESTDIR/hide.ldif"
    printf 'dn: %s\nchangetype: modify\ndelete: aci\naci: %s\n' "$Z" "$aci" \
        >"$TESTDIR/show.ldif"
else
    printf '%s\n' "dn: olcDatabase={1}mdb,cn=config" "changetype: modify" \
        "add: olcAccess" "olcAccess: {0}to dn.onelevel=\"$Z\"" \
        "  attrs=modifyTimestamp by dn.exact=\"$SANDBOX_PRINCIPAL_DN\" none" \
        "  by * break" >"$TESTDIR/hide.ldif"
    printf '%s\n' "dn: olcDatabase={1}mdb,cn=config" "changetype: modify" \
        "delete: olcAccess" "olcAccess: {0}" >"$TESTDIR/show.ldif"
fi
check "the ACME account is denied modifyTimestamp of the records" \
    ldap_modify -f "$TESTDIR/hide.ldif"
before=$(snapshot)
expect_iad "prune then exits 4" 4 $C prune --older-than $AGE
check "... saying it cannot read modifyTimestamp" \
    err_has "insufficient access to read modifyTimestamp in '$Z'"
check "... and nothing changed" test "$(snapshot)" = "$before"
check "the ACME account sees modifyTimestamp again" \
    ldap_modify -f "$TESTDIR/show.ldif"

# Fresh: a new entry, and a new value in an old entry.
{
    entry _acme-challenge.fresh "$Z" 'tXTRecord: "fresh"'
    printf 'dn: idnsName=_acme-challenge.touched,%s\n' "$Z"
    printf 'changetype: modify\nadd: tXTRecord\ntXTRecord: "new-touched"\n'
} >"$TESTDIR/fresh.ldif"
check "another writer stores fresh values" ldap_modify -f "$TESTDIR/fresh.ldif"
fresh_at=$(date +%s)

before=$(snapshot)
expect_iad "prune --dry-run" 0 $C --dry-run prune --older-than $AGE
sed 's/ (unchanged since .*//' "$TESTDIR/out" | sort >"$TESTDIR/dry"
sort "$TESTDIR/out" | sed 's/^would remove/removed/' >"$TESTDIR/dry.full"
cat >"$TESTDIR/expected" <<EOF
would remove 1 TXT value at '_acme-challenge.mixed.test.example.'
would remove 1 TXT value at '_acme-challenge.sub.test.example.'
would remove 1 TXT value at '_acme-challenge.www.test.example.'
would remove 2 TXT values at '_acme-challenge.test.example.'
EOF
check "... lists the old challenge entries, one line each" \
    diff "$TESTDIR/expected" "$TESTDIR/dry"
check "... with the time each was last changed" \
    grep -q "(unchanged since 20[0-9-]*T[0-9:]*Z)$" "$TESTDIR/out"
check "... and changes nothing" test "$(snapshot)" = "$before"

expect_iad "prune" 0 $C prune --older-than $AGE
sort "$TESTDIR/out" >"$TESTDIR/real"
expect_iad "prune again" 0 $C prune --older-than $AGE
check "... finds nothing to remove" test ! -s "$TESTDIR/out"
pruned_at=$(date +%s)
check "both ran soon enough after the fresh writes for them to be fresh" \
    test $((pruned_at - fresh_at)) -lt $((AGE - 1))
check "the lines list what the dry run listed" \
    diff "$TESTDIR/dry.full" "$TESTDIR/real"
check "the old entry is $(emptied_what)" emptied "idnsName=_acme-challenge,$Z"
check "... and the name serves no TXT" \
    wait_served _acme-challenge.test.example NOANSWER
check "the deeper old entry is $(emptied_what)" \
    emptied "idnsName=_acme-challenge.www,$Z"
check "... and the name is NXDOMAIN" \
    wait_served _acme-challenge.www.test.example NXDOMAIN
check "the old entry in the other zone is $(emptied_what)" \
    emptied "idnsName=_acme-challenge,$ZS"
check "the old value beside an A record went" \
    test -z "$(values "idnsName=_acme-challenge.mixed,$Z")"
check "... and the A record stays" test "$(ldap_search -b \
    "idnsName=_acme-challenge.mixed,$Z" -s base aRecord |
    sed -n 's/^aRecord: //p')" = 192.0.2.7
check "the fresh value stays" \
    test "$(values "idnsName=_acme-challenge.fresh,$Z")" = '"fresh"'
check "... and is still served" wait_served _acme-challenge.fresh.test.example \
    "$(hex fresh)"
check "both values of the entry changed just now stay" \
    test "$(values "idnsName=_acme-challenge.touched,$Z" | tr '\n' ' ')" = \
    '"new-touched" "old-touched" '
check "a TXT record at a name outside _acme-challenge stays" \
    test "$(values "idnsName=www,$Z")" = '"not-a-challenge"'
check "a look-alike first label stays" \
    test "$(values "idnsName=_acme-challengex,$Z")" = '"lookalike"'
check "a dns-account-01 name stays without --any-name" \
    test "$(values "idnsName=_acct._acme-challenge,$Z")" = '"account-01"'
check "the disabled zone is left alone" \
    test "$(values "idnsName=_acme-challenge,$ZO")" = '"old-off"'

# Zone operands: only those zones; each must be an active zone.
expect_iad "a zone that does not exist: exit 1" 1 $C prune no-such.example
check "... naming it" err_has "'no-such.example.'"
expect_iad "a disabled zone: exit 1" 1 $C prune off.test.example
check "... saying so" err_has "disabled"
# dns-account-01 names lie outside the ACME account's narrow permission:
# a writer with FreeIPA's broad DNS permissions prunes them.
W="-c $(account_conf writer "$SANDBOX_WRITER_KEYTAB" \
    "$SANDBOX_WRITER_PRINCIPAL") --any-name"
before=$(snapshot)
expect_iad "prune --older-than 1 in the other zone only" 0 $W \
    prune --older-than 1 SUB.test.example.
check "... finds nothing there" test ! -s "$TESTDIR/out"
check "... and changes nothing elsewhere" test "$(snapshot)" = "$before"
sleep 2
expect_iad "prune --any-name --older-than 1s test.example" 0 $W \
    prune --older-than 1s test.example
sed 's/ (unchanged since .*//' "$TESTDIR/out" | sort >"$TESTDIR/got"
cat >"$TESTDIR/expected" <<EOF
removed 1 TXT value at '_acct._acme-challenge.test.example.'
removed 1 TXT value at '_acme-challenge.fresh.test.example.'
removed 2 TXT values at '_acme-challenge.touched.test.example.'
EOF
check "... takes the dns-account-01 name and the now old values" \
    diff "$TESTDIR/expected" "$TESTDIR/got"
check "... not the look-alike" \
    test "$(values "idnsName=_acme-challengex,$Z")" = '"lookalike"'
check "... nor the TXT record outside _acme-challenge" \
    test "$(values "idnsName=www,$Z")" = '"not-a-challenge"'
check "... nor the disabled zone" \
    test "$(values "idnsName=_acme-challenge,$ZO")" = '"old-off"'

test_done
