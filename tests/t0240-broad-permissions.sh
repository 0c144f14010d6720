#!/bin/sh
# An account that holds FreeIPA's four broad DNS permissions ("System:
# Read/Add/Update/Remove DNS Entries", as older recipes grant them; on
# slapd the same rights as ACLs) works as the narrow ACME account does:
# the first add at a name that has no entry yet (on 389-DS a modify
# there is refused, not answered "no such entry"), more values, and the
# del of the last one.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $(account_conf writer "$SANDBOX_WRITER_KEYTAB" \
    "$SANDBOX_WRITER_PRINCIPAL") --wait-timeout 10"
N=_acme-challenge.broad.test.example
DN="idnsName=_acme-challenge.broad,idnsName=test.example.,$SANDBOX_DNS_BASE"

check "the entry does not exist yet" entry_missing "$DN"
expect_iad "the first add at a new name creates the entry" 0 $C add $N one
check "... which holds the value" test "$(values "$DN")" = '"one"'
check "... served" wait_served $N "$(hex one)"
expect_iad "a second value at the same name" 0 $C add $N two
check "... both stored" test "$(values "$DN" | wc -l)" -eq 2
expect_iad "del of one value" 0 $C del $N one
check "... the other stays" test "$(values "$DN")" = '"two"'
expect_iad "del of the last value" 0 $C del $N two
check "... the entry is $(emptied_what)" emptied "$DN"
check "... and the name is NXDOMAIN" wait_served $N NXDOMAIN
expect_iad "add again after the last del" 0 $C add $N three
check "... served" wait_served $N "$(hex three)"
expect_iad "clean up" 0 $C del $N three

test_done
