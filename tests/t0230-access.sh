#!/bin/sh
# Accounts with less than the ACME rights: one that may not even read the
# DNS tree (389-DS hides entries by ACI instead of refusing the search,
# so it sees nothing at all) and one that may only read it.  Each attempt
# exits 4 with one line that says what is missing, and changes nothing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

N=_acme-challenge.test.example
DN="idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE"

NR="-c $(norights_conf) --wait-timeout 5"
RO="-c $(account_conf readonly "$SANDBOX_READONLY_KEYTAB" \
    "$SANDBOX_READONLY_PRINCIPAL") --wait-timeout 5"
C="-c $SANDBOX_CONF"

expect_iad "the ACME account adds a value" 0 $C add $N acme-value
before=$(snapshot)

# No DNS permission at all.
expect_iad "no read permission: add exits 4" 4 $NR add $N v
check "... naming the missing read permission" \
    err_has "System: Read DNS Entries"
check "... in one line" one_line
expect_iad "no read permission: del exits 4" 4 $NR del $N acme-value
check "... naming the missing read permission" \
    err_has "System: Read DNS Entries"
expect_iad "no read permission: show exits 4" 4 $NR show $N
check "... and prints no value" test ! -s "$TESTDIR/out"
expect_iad "no read permission: zones is not an empty success" 4 $NR zones
check "... naming the missing read permission" \
    err_has "System: Read DNS Entries"
check "... in one line" one_line
check "nothing changed in the directory" test "$(snapshot)" = "$before"

# Read only.
expect_iad "read only: zones lists the zones" 0 $RO zones
check "... test.example. among them" grep -qx 'test.example.' "$TESTDIR/out"
expect_iad "read only: show prints the value" 0 $RO show $N
check "... exactly" out_is acme-value
expect_iad "read only: add exits 4" 4 $RO add $N v
check "... saying access is insufficient" err_has "insufficient access"
check "... in one line" one_line
expect_iad "read only: add at a new name exits 4" 4 $RO \
    add _acme-challenge.new.test.example v
check "... in one line" one_line
expect_iad "read only: del exits 4" 4 $RO del $N acme-value
check "... in one line" one_line
check "nothing changed in the directory" test "$(snapshot)" = "$before"
check "the ACME account's value is still served" \
    wait_served $N "$(hex acme-value)"

# Values that cannot be read: del must not claim that there is nothing to
# remove.  Both accounts are denied tXTRecord of the record entries.
Z="idnsName=test.example.,$SANDBOX_DNS_BASE"
if [ "$SANDBOX_LDAP_SERVER" = 389 ]; then
    aci="(targetattr = \"tXTRecord\")(target = \"ldap:///idnsname=*,$Z\")"
    aci="$aci(version 3.0; acl \"t0230: hide TXT\"; deny (read,search,compare)"
    aci="$aci (userdn = \"ldap:///$SANDBOX_PRINCIPAL_DN\" or"
    aci="$aci userdn = \"ldap:///$SANDBOX_READONLY_DN\");)"
    printf 'dn: %s\nchangetype: modify\nadd: aci\naci: %s\n' "$Z" "$aci" \
        >"$TESTDIR/hide.ldif"
    printf 'dn: %s\nchangetype: modify\ndelete: aci\naci: %s\n' "$Z" "$aci" \
        >"$TESTDIR/show.ldif"
else
    printf '%s\n' "dn: olcDatabase={1}mdb,cn=config" "changetype: modify" \
        "add: olcAccess" "olcAccess: {0}to dn.onelevel=\"$Z\"" \
        "  attrs=tXTRecord" \
        "  by dn.exact=\"$SANDBOX_PRINCIPAL_DN\" =w" \
        "  by dn.exact=\"$SANDBOX_READONLY_DN\" none" \
        "  by * break" >"$TESTDIR/hide.ldif"
    printf '%s\n' "dn: olcDatabase={1}mdb,cn=config" "changetype: modify" \
        "delete: olcAccess" "olcAccess: {0}" >"$TESTDIR/show.ldif"
fi
check "both accounts are denied reading tXTRecord" \
    ldap_modify -f "$TESTDIR/hide.ldif"
check "... the ACME account's show sees no value" sh -c \
    "'$IAD' $C show $N | wc -c | grep -qx 0"
before=$(snapshot)
expect_iad "unreadable values, read only: del exits 4, not 'nothing to remove'" \
    4 $RO del $N acme-value
check "... saying whether they are there is not known" \
    err_has "whether they are there is not known"
check "... in one line" one_line
check "... nothing changed" test "$(snapshot)" = "$before"
expect_iad "unreadable values, the ACME account: del of one not there: exit 0" \
    0 $C del $N other-value
check "... saying there was nothing to remove" err_has "no TXT value"
check "... nothing changed" test "$(snapshot)" = "$before"
expect_iad "unreadable values, the ACME account: del removes its value" \
    0 $C del $N acme-value
check "... saying it removed it" err_has "removed 1 TXT value"
check "the accounts may read tXTRecord again" \
    ldap_modify -f "$TESTDIR/show.ldif"
check "... the value is gone" test -z "$(values "$DN")"

test_done
