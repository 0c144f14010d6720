#!/bin/sh
# The ACME account holds only the narrow permission (on 389-DS the ACIs
# FreeIPA generates for ipa-acme-setup's permissions; on slapd the same
# rights as ACLs): it adds and removes values at _acme-challenge names,
# the first add at a new name and the last del included, and can change
# nothing else.  Each other attempt exits 4 (the tool) or 50 (a raw LDAP
# change as that account) and changes nothing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF --wait-timeout 10"
Z="idnsName=test.example.,$SANDBOX_DNS_BASE"
NEW=_acme-challenge.fresh.test.example
NEW_DN="idnsName=_acme-challenge.fresh,$Z"

check "the challenge entry does not exist yet" entry_missing "$NEW_DN"
expect_iad "the first add at a new name creates the entry" 0 $C add $NEW one
check "... which holds the value" test "$(values "$NEW_DN")" = '"one"'
expect_iad "a second value" 0 $C add $NEW two
expect_iad "del of one value" 0 $C del $NEW one
expect_iad "del of the last value" 0 $C del $NEW two
check "... and the entry is $(emptied_what)" emptied "$NEW_DN"
check "... and the name is NXDOMAIN" wait_served $NEW NXDOMAIN

before=$(snapshot)
expect_iad "no TXT at a name outside _acme-challenge: exit 4" 4 \
    $C --any-name add www.test.example v
expect_iad "no TXT at a new name outside _acme-challenge: exit 4" 4 \
    $C --any-name add other.test.example v
expect_iad "no TXT on the zone entry: exit 4" 4 \
    $C --any-name add test.example v
check "nothing changed" test "$(snapshot)" = "$before"

# Raw changes as the ACME account itself, through its own ticket.
export KRB5CCNAME="FILE:$TESTDIR/acme.cc"
check "a ticket for the ACME account" \
    kinit -k -t "$SANDBOX_KEYTAB" "$SANDBOX_PRINCIPAL"
expect_iad "an entry to try changes on" 0 $C add _acme-challenge.test.example t
CH_DN="idnsName=_acme-challenge,$Z"
before=$(snapshot)

# as_acme LDIF: apply LDIF as the ACME account; prints the result code.
as_acme() {
    printf '%s\n' "$1" | ldapmodify -Y GSSAPI -N -Q -H "$SANDBOX_LDAP_URI" \
        >"$TESTDIR/raw.out" 2>&1
    echo $?
}

check "an A record at the challenge name is refused (50)" test "$(as_acme "\
dn: $CH_DN
changetype: modify
add: aRecord
aRecord: 192.0.2.99")" -eq 50
check "a CNAME at the challenge name is refused (50)" test "$(as_acme "\
dn: $CH_DN
changetype: modify
add: cNAMERecord
cNAMERecord: www")" -eq 50
check "changing www's A record is refused (50)" test "$(as_acme "\
dn: idnsName=www,$Z
changetype: modify
replace: aRecord
aRecord: 192.0.2.66")" -eq 50
check "deleting www is refused (50)" test "$(as_acme "\
dn: idnsName=www,$Z
changetype: delete")" -eq 50
check "changing the zone entry is refused (50)" test "$(as_acme "\
dn: $Z
changetype: modify
replace: idnsZoneActive
idnsZoneActive: FALSE")" -eq 50
check "creating an entry at another name is refused (50)" test "$(as_acme "\
dn: idnsName=evil,$Z
changetype: add
objectClass: top
objectClass: idnsRecord
idnsName: evil
tXTRecord: evil")" -eq 50
check "nothing changed" test "$(snapshot)" = "$before"
kdestroy >/dev/null 2>&1

expect_iad "clean up" 0 $C del _acme-challenge.test.example t

test_done
