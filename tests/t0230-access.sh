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

expect_iad "clean up" 0 $C del $N acme-value

test_done
