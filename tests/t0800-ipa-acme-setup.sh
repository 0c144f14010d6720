#!/bin/sh
# scripts/ipa-acme-setup against a fake ipa and ipa-getkeytab on PATH that
# log their arguments (there is no FreeIPA server to run it against): the
# exact commands and arguments of the narrow permissions, a second run
# where every object exists, --dry-run, usage errors, a failing command,
# and that ldif/389-acme-permission.ldif holds the ACIs FreeIPA builds from
# those permission-add commands.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

SETUP="$top_srcdir/scripts/ipa-acme-setup"
LDIF="$top_srcdir/ldif/389-acme-permission.ldif"
P=acme/certhost.test.example
SUFFIX=dc=test,dc=example

testdir_only
mkdir "$TESTDIR/bin" "$TESTDIR/kt"
LOG="$TESTDIR/calls.log"

# The fakes log each call as one line, the arguments separated by "|".
# FAKE_EXISTS=1: every *-add says the object exists, every add-member that
# the member is there, both with ipa's exit status 1.  FAKE_FAIL=COMMAND:
# that command fails with an ipa error.  "ipa env basedn" prints the base.
cat >"$TESTDIR/bin/ipa" <<'EOF'
#!/bin/sh
{ printf 'ipa'; printf '|%s' "$@"; echo; } >>"$FAKE_LOG"
if [ "$1" = env ]; then
    echo "  basedn: dc=env,dc=example"
    exit 0
fi
if [ "$1" = "${FAKE_FAIL:-}" ]; then
    echo "ipa: ERROR: Insufficient access: Insufficient 'add' privilege" >&2
    exit 1
fi
if [ "${FAKE_EXISTS:-0}" = 1 ]; then
    case $1 in
        *-add-*)
            echo "  Failed members:"
            echo "    member: $3: This entry is already a member"
            echo "---"
            echo "Number of members added 0"
            exit 1 ;;
        *-add)
            echo "ipa: ERROR: ${1%-add} with name \"$2\" already exists" >&2
            exit 1 ;;
    esac
fi
echo "---"
echo "Added \"$2\""
EOF
cat >"$TESTDIR/bin/ipa-getkeytab" <<'EOF'
#!/bin/sh
{ printf 'ipa-getkeytab'; printf '|%s' "$@"; echo; } >>"$FAKE_LOG"
while [ $# -gt 0 ]; do
    [ "$1" = -k ] && echo fake-keytab >"$2"
    shift
done
echo "Keytab successfully retrieved and stored in: the file"
EOF
chmod +x "$TESTDIR/bin/ipa" "$TESTDIR/bin/ipa-getkeytab"
PATH="$TESTDIR/bin:$PATH"
FAKE_LOG=$LOG
export PATH FAKE_LOG

# setup CODE ARGS...: run the script with a fresh log; stdout in out,
# stderr in err; passes when it exits CODE.
setup() {
    want=$1
    shift
    : >"$LOG"
    "$SETUP" "$@" >"$TESTDIR/out" 2>"$TESTDIR/err"
    got=$?
    [ "$got" -eq "$want" ] && return 0
    echo "exit status $got, expected $want" >&2
    return 1
}

# expect DESCRIPTION CODE ARGS...
expect() {
    desc=$1
    shift
    if setup "$@" 2>"$TESTDIR/why"; then
        pass "$desc"
    else
        fail "$desc" "$(cat "$TESTDIR/why")" "$(cat "$TESTDIR/err")"
    fi
}

# same DESCRIPTION FILE EXPECTED-FILE
same() {
    if cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1" "$(diff "$3" "$2" | head -n 30)"
    fi
}

# refused_cleanly DESCRIPTION: the last run printed one line on stderr, nothing
# on stdout, and ran no ipa command.
refused_cleanly() {
    if [ "$(wc -l <"$TESTDIR/err")" -eq 1 ] &&
            grep -q '^ipa-acme-setup: ' "$TESTDIR/err" &&
            [ ! -s "$TESTDIR/out" ] && [ ! -s "$LOG" ]; then
        pass "$1"
    else
        fail "$1" "stderr: $(cat "$TESTDIR/err")" \
            "stdout: $(cat "$TESTDIR/out")" "calls: $(cat "$LOG")"
    fi
}

T="idnsname=_acme-challenge*,idnsname=*,cn=dns"
F='(&(objectclass=idnsrecord)(!(objectclass=idnszone)))'
PE='ACME Add and Remove Challenge Entries'
PV='ACME Update Challenge TXT Records'
# expected_calls BASE [KEYTAB]: the commands a full run makes, in order.
expected_calls() {
    cat <<EOF
ipa|permission-add|$PE|--right=add|--right=delete|--target=$T,$1|--filter=$F
ipa|permission-add|$PV|--right=write|--attrs=dnsttl|--attrs=txtrecord|--target=$T,$1|--filter=$F
ipa|privilege-add|ACME DNS|--desc=Add and remove ACME dns-01 challenge TXT records
ipa|privilege-add-permission|ACME DNS|--permissions=System: Read DNS Entries
ipa|privilege-add-permission|ACME DNS|--permissions=$PE
ipa|privilege-add-permission|ACME DNS|--permissions=$PV
ipa|role-add|ACME DNS writers|--desc=Services that answer ACME dns-01 challenges
ipa|role-add-privilege|ACME DNS writers|--privileges=ACME DNS
ipa|service-add|$P
ipa|role-add-member|ACME DNS writers|--services=$P
EOF
    [ $# -lt 2 ] || echo "ipa-getkeytab|-p|$P|-k|$2"
}

KT="$TESTDIR/kt/acme.keytab"

# A first run: every object is created, with exactly these arguments.
expect "a first run succeeds" 0 --base "$SUFFIX" --keytab "$KT" "$P"
expected_calls "$SUFFIX" "$KT" >"$TESTDIR/want"
same "it runs the permission, privilege, role, service and keytab commands" \
    "$LOG" "$TESTDIR/want"
check "the keytab is written where --keytab says" \
    grep -qx fake-keytab "$KT"
check "each step is reported as added" \
    test "$(grep -c ': added$' "$TESTDIR/out")" -eq 10
check "the keytab step is reported" \
    grep -q "^keytab '$KT' for '$P': written$" "$TESTDIR/out"
check "a first run prints nothing on stderr" test ! -s "$TESTDIR/err"

# Without --base, the base DN is the ipa CLI's own.
expect "without --base it succeeds" 0 "$P"
{ echo "ipa|env|basedn"; expected_calls dc=env,dc=example; } \
    >"$TESTDIR/want"
same "without --base the target is under 'ipa env basedn'" \
    "$LOG" "$TESTDIR/want"

# Everything there already: "exists" for each step, exit 0, and the keytab
# is not fetched again (that would give the service new keys).
FAKE_EXISTS=1
export FAKE_EXISTS
expect "a second run where everything exists succeeds" 0 \
    --base "$SUFFIX" --keytab "$KT" "$P"
check "each existing object is reported as exists" \
    test "$(grep -c ': exists$' "$TESTDIR/out")" -eq 10
check "nothing is reported as added" test "$(grep -c added "$TESTDIR/out")" \
    -eq 0
check "an existing keytab is kept and ipa-getkeytab is not run" \
    sh -c "grep -q \"^keytab '$KT': exists, not replaced$\" '$TESTDIR/out' &&
        ! grep -q '^ipa-getkeytab' '$LOG'"
check "the second run prints nothing on stderr" test ! -s "$TESTDIR/err"
unset FAKE_EXISTS

# --dry-run prints commands and runs none; run through sh, those lines
# make exactly the calls of a real run.
rm -f "$KT"
expect "--dry-run succeeds" 0 --dry-run --base "$SUFFIX" --keytab "$KT" "$P"
check "--dry-run runs nothing" test ! -s "$LOG"
check "--dry-run writes no keytab" test ! -e "$KT"
cp "$TESTDIR/out" "$TESTDIR/dry"
: >"$LOG"
sh -e "$TESTDIR/dry" >/dev/null 2>&1
expected_calls "$SUFFIX" "$KT" >"$TESTDIR/want"
same "the printed commands are the real run's commands" "$LOG" "$TESTDIR/want"

# Usage errors: one line, exit 2, nothing run.
expect "no PRINCIPAL is a usage error" 2 --base "$SUFFIX"
refused_cleanly "no PRINCIPAL: one line, nothing run"
expect "a principal without SERVICE/ is a usage error" 2 --base "$SUFFIX" \
    certhost.test.example
refused_cleanly "a bad principal: one line, nothing run"
expect "an unknown option is a usage error" 2 --frobnicate "$P"
refused_cleanly "an unknown option: one line, nothing run"
expect "a keytab in a missing directory is a usage error" 2 \
    --base "$SUFFIX" --keytab "$TESTDIR/nowhere/k" "$P"
refused_cleanly "a missing keytab directory: one line, nothing run"
expect "--keytab without a value is a usage error" 2 "$P" --keytab
expect "--help succeeds" 0 --help
for opt in --keytab --base --privilege --role --dry-run --help; do
    check "--help lists $opt" grep -q -- "$opt" "$TESTDIR/out"
done

# A failing ipa command: exit 1, one line with ipa's reason and the step,
# and no later step runs.
FAKE_FAIL=service-add
export FAKE_FAIL
expect "a failing ipa command makes it exit 1" 1 --base "$SUFFIX" "$P"
check "the failure is one line naming the step and ipa's reason" \
    sh -c "test \"\$(wc -l <'$TESTDIR/err')\" -eq 1 &&
        grep -q \"^ipa-acme-setup: service '$P': Insufficient access\" \
            '$TESTDIR/err'"
check "no step runs after the failing one" \
    sh -c "tail -n 1 '$LOG' | grep -q '^ipa|service-add|'"
unset FAKE_FAIL

# The ACIs of ldif/389-acme-permission.ldif are what FreeIPA's permission
# plugin makes of the two permission-add calls above: (targetattr = "a ||
# b") with the attributes sorted, (target = "ldap:///T"), (targetfilter =
# "F"), then (version 3.0;acl "permission:NAME";allow (RIGHTS sorted, comma
# separated) groupdn = "ldap:///cn=NAME,cn=permissions,cn=pbac,SUFFIX";).
expected_calls "$SUFFIX" | grep '^ipa|permission-add|' |
while IFS= read -r call; do
    name=$(printf '%s\n' "$call" | cut -d'|' -f3)
    words=$(printf '%s\n' "$call" | cut -d'|' -f4- | tr '|' '\n')
    attrs=$(printf '%s\n' "$words" | sed -n 's/^--attrs=//p' | sort |
        awk '{ printf "%s%s", (NR > 1 ? " || " : ""), $0 }')
    rights=$(printf '%s\n' "$words" | sed -n 's/^--right=//p' | sort |
        paste -sd, -)
    target=$(printf '%s\n' "$words" | sed -n 's/^--target=//p')
    filter=$(printf '%s\n' "$words" | sed -n 's/^--filter=//p')
    [ -z "$attrs" ] || printf '(targetattr = "%s")' "$attrs"
    printf '(target = "ldap:///%s")(targetfilter = "%s")' "$target" "$filter"
    printf '(version 3.0;acl "permission:%s";allow (%s) ' "$name" "$rights"
    printf 'groupdn = "ldap:///cn=%s,cn=permissions,cn=pbac,%s";)\n' \
        "$name" "$SUFFIX"
done >"$TESTDIR/want-acis"
# LDIF continuation lines joined, then the aci values of the suffix.
awk '/^ / { line = line substr($0, 2); next }
    { if (NR > 1) print line; line = $0 }
    END { print line }' "$LDIF" | sed -n 's/^aci: //p' >"$TESTDIR/acis"
same "the 389-DS LDIF holds the ACIs FreeIPA builds for these permissions" \
    "$TESTDIR/acis" "$TESTDIR/want-acis"
for name in "$PE" "$PV" 'System: Read DNS Entries'; do
    # The awk program is meant to be in single quotes.
    # shellcheck disable=SC2016
    check "the LDIF puts privilege ACME DNS into '$name'" \
        awk -v dn="dn: cn=$name,cn=permissions,cn=pbac,$SUFFIX" \
            -v member="member: cn=ACME DNS,cn=privileges,cn=pbac,$SUFFIX" '
            $0 == dn { inside = 1; next }
            /^$/ { inside = 0 }
            inside && $0 == member { found = 1 }
            END { exit !found }' "$LDIF"
done

test_done
