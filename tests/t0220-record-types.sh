#!/bin/sh
# del of the last TXT value never takes another writer's record with it:
# for each record type that the server's schema allows on idnsRecord, a
# value of it stands beside our TXT value at one name; after del the
# entry and that record are still stored, and BIND still serves it where
# it serves that type at all (scripts/sandbox.d/record-examples says how
# BIND treats each).  The list of types is read from the server.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF --no-wait"
CW="-c $SANDBOX_CONF --wait-timeout 10"
Z="idnsName=test.example.,$SANDBOX_DNS_BASE"
EXAMPLES="$top_srcdir/scripts/sandbox.d/record-examples"

# schema_types: idnsRecord's *Record attributes in the server's schema.
schema_types() {
    sub=$(ldap_search -b "" -s base subschemaSubentry |
        sed -n 's/^subschemaSubentry: //p')
    ldap_search -b "$sub" -s base objectClasses |
        sed -n "s/^objectClasses: //p" |
        grep -i "NAME 'idnsRecord'" |
        sed -e 's/.* MAY (\([^)]*\)).*/\1/' | tr '$' '\n' |
        tr -d ' ' | grep -i 'record$'
}

schema_types >"$TESTDIR/types"
echo "# $SANDBOX_LDAP_SERVER: $(wc -l <"$TESTDIR/types") record types"
check "the schema allows at least the 35 record types of FreeIPA's" \
    test "$(wc -l <"$TESTDIR/types")" -ge 35

while read -r attr; do
    line=$(grep -i "^$attr	" "$EXAMPLES")
    if [ -z "$line" ]; then
        fail "$attr has an example value in $EXAMPLES"
        continue
    fi
    kind=$(printf '%s\n' "$line" | cut -f2)
    value=$(printf '%s\n' "$line" | cut -f3-)
    case $attr in
        [tT][xX][tT][rR]ecord) continue ;;
    esac
    # NS makes the name a delegation and DS needs one, so the tool
    # rightly refuses to write there; CNAME is followed instead.
    case $kind in
        delegation|at-cut|alone) continue ;;
    esac
    type=$(printf '%s' "${attr%[rR]ecord}" | tr '[:lower:]' '[:upper:]')
    rel=_acme-challenge.beside-$(printf '%s' "$type" | tr 'A-Z' 'a-z')
    name=$rel.test.example
    dn="idnsName=$rel,$Z"
    if ! run_iad 0 $C add "$name" ours 2>"$TESTDIR/run.err"; then
        fail "$type: add our TXT value" "$(cat "$TESTDIR/run.err")"
        continue
    fi
    printf 'dn: %s\nchangetype: modify\nadd: %s\n%s: %s\n' \
        "$dn" "$attr" "$attr" "$value" >"$TESTDIR/other.ldif"
    if ! ldap_modify -f "$TESTDIR/other.ldif" >"$TESTDIR/mod.out" 2>&1; then
        fail "$type: another writer adds its record" "$(cat "$TESTDIR/mod.out")"
        continue
    fi
    # With the wait: BIND no longer serves our value when del returns,
    # so what it serves next comes after the del.
    if ! run_iad 0 $CW del "$name" ours 2>"$TESTDIR/run.err"; then
        fail "$type: del of our last TXT value" "$(cat "$TESTDIR/run.err")"
        continue
    fi
    stored=$(ldap_search -b "$dn" -s base "$attr" 2>/dev/null |
        grep -ci "^$attr:")
    if [ "$stored" -ne 1 ]; then
        fail "$type: the other record is still stored after del"
        continue
    fi
    if [ "$kind" = served ]; then
        i=0
        while [ $i -lt 100 ]; do
            got=$(dig +short +norec +time=1 +tries=1 -p "$SANDBOX_DNS_PORT" \
                "@$SANDBOX_DNS_HOST" "$type" "$name")
            [ -n "$got" ] && break
            sleep 0.05
            i=$((i + 1))
        done
        if [ -z "$got" ]; then
            fail "$type: BIND still serves the other record after del"
            continue
        fi
    fi
    pass "$type beside our TXT value: still stored${kind:+ ($kind)} after del"
done <"$TESTDIR/types"

test_done
