#!/bin/sh
# Faults injected into a real sandbox with one server: the KDC stopped,
# a keytab whose key was changed in the KDC, the directory server frozen,
# and killed in the middle of a series of values.  Each fault ends with
# the documented exit code and one line naming the cause; after a killed
# server every value is either written or reported failed, and the same
# command run again converges.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

SANDBOX=$top_srcdir/scripts/sandbox
KDC="127.0.0.1:$SANDBOX_KDC_PORT"
FAULTS=0
FAULTS_OK=0

# fault DESCRIPTION CODE PATTERN ARGS...: one injected fault.  The tool
# must exit CODE with a single line on stderr matching the extended
# regular expression PATTERN.
fault() {
    desc=$1
    code=$2
    pattern=$3
    shift 3
    FAULTS=$((FAULTS + 1))
    if run_iad "$code" "$@" 2>"$TESTDIR/run.err" && one_line &&
        grep -qE -- "$pattern" "$TESTDIR/err"; then
        FAULTS_OK=$((FAULTS_OK + 1))
        pass "$desc"
    else
        fail "$desc" "wanted exit $code and: $pattern" \
            "$(cat "$TESTDIR/run.err" "$TESTDIR/err")"
    fi
}

# The injector runs a command at a chosen point of the tool's LDAP
# conversation (tests/faults.c).  AddressSanitizer's runtime wants to be
# the first library loaded; beside a preloaded one it is fine.
FAULTS_SO=$TESTDIR/faults.so
check "the fault injector builds" ${CC:-cc} -shared -fPIC -o "$FAULTS_SO" \
    "$top_srcdir/tests/faults.c" -ldl
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

# --- The KDC stopped -------------------------------------------------------
check "stop the KDC" "$SANDBOX" stop "$SB" kdc
fault "KDC stopped, --keytab: exit 3 naming the principal and the KDC" 3 \
    "'$SANDBOX_PRINCIPAL'.*Cannot contact any KDC.*asked $KDC" \
    -c "$SANDBOX_CONF" --no-wait add _acme-challenge.test.example kdc1
check "... nothing was written" test -z "$(values \
    "idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE")"
check "start the KDC again" "$SANDBOX" start "$SB" kdc

# The user's own ticket, but none yet for the LDAP service.
NOKT=$TESTDIR/nokeytab.conf
grep -v '^keytab\|^principal' "$SANDBOX_CONF" >"$NOKT"
check "kinit from the keytab into a cache of the test's own" \
    env KRB5CCNAME="FILE:$TESTDIR/user.cc" kinit -k -t "$SANDBOX_KEYTAB" \
    "$SANDBOX_PRINCIPAL"
check "stop the KDC" "$SANDBOX" stop "$SB" kdc
IAD_ENV="KRB5CCNAME=FILE:$TESTDIR/user.cc"
fault "KDC stopped, the user's ticket: exit 3 naming the principal and the KDC" \
    3 "Cannot contact any KDC.*as '$SANDBOX_PRINCIPAL'; asked $KDC" \
    -c "$NOKT" --no-wait add _acme-challenge.test.example kdc2
check "... without the misleading kinit hint" sh -c \
    "! grep -q 'run kinit' '$TESTDIR/err'"
IAD_ENV=
check "start the KDC again" "$SANDBOX" start "$SB" kdc

# --- A key changed in the KDC ----------------------------------------------
check "change the key of '$SANDBOX_NORIGHTS_PRINCIPAL' in the KDC" sh -c \
    "KRB5_KDC_PROFILE='$SB/kdc.conf' kadmin.local -r '$SANDBOX_REALM' \
        -q 'cpw -randkey $SANDBOX_NORIGHTS_PRINCIPAL' >'$TESTDIR/kadmin.log' 2>&1"
fault "a keytab with a stale key: exit 3 naming the principal and why" 3 \
    "'$SANDBOX_NORIGHTS_PRINCIPAL'.*Decrypt integrity check failed.*no longer the principal's key" \
    -c "$SANDBOX_CONF" --keytab "$SANDBOX_NORIGHTS_KEYTAB" \
    --principal "$SANDBOX_NORIGHTS_PRINCIPAL" --no-wait \
    add _acme-challenge.test.example stale

# --- The directory server frozen -------------------------------------------
cat >"$TESTDIR/freeze" <<EOF
#!/bin/sh
exec "$SANDBOX" kill "$SB" ldap1 STOP
EOF
chmod +x "$TESTDIR/freeze"
IAD_ENV="LD_PRELOAD=$FAULTS_SO IAD_FAULT_AFTER_BIND=$TESTDIR/freeze"
fault "the server frozen after the bind: exit 1, timed out, naming it" 1 \
    "cannot search .* on '$SANDBOX_LDAP_URI': Timed out" \
    -c "$SANDBOX_CONF" --timeout 2 --no-wait \
    add _acme-challenge.test.example frozen
IAD_ENV=
check "thaw it" "$SANDBOX" kill "$SB" ldap1 CONT

# --- The directory server killed in the middle of a series -----------------
# One chained dehydrated call writes five names, one after the other; the
# server dies just before the third write.
set -- deploy_challenge
for i in 1 2 3 4 5; do
    set -- "$@" "s$i.test.example" token "series-$i"
done
cat >"$TESTDIR/kill-ldap" <<EOF
#!/bin/sh
exec "$SANDBOX" kill "$SB" ldap1
EOF
chmod +x "$TESTDIR/kill-ldap"
IAD_ENV="LD_PRELOAD=$FAULTS_SO IAD_FAULT_BEFORE_WRITE=3 IAD_FAULT_CMD=$TESTDIR/kill-ldap"
fault "killed before the 3rd of 5 writes: exit 1 naming the server, the cause and what was written" \
    1 "on '$SANDBOX_LDAP_URI': Can't contact LDAP server.*written before it, not waited for: '_acme-challenge.s1.test.example.' '_acme-challenge.s2.test.example.'$" \
    -c "$SANDBOX_CONF" dehydrated "$@"
IAD_ENV=
check "start the directory server again" "$SANDBOX" start "$SB" ldap1

dn() {
    echo "idnsName=_acme-challenge.s$1,idnsName=test.example.,$SANDBOX_DNS_BASE"
}
check "... the two reported written are there" sh -c \
    "[ \"\$(ldapsearch -Q -LLL -o ldif-wrap=no -Y EXTERNAL -H '$SANDBOX_LDAPI_URI' \
        -b '$(dn 1)' -s base tXTRecord | grep -c '^tXTRecord: \"series-1\"$')\" -eq 1 ]"
check "... the three reported failed are not" \
    test -z "$(values "$(dn 3)")$(values "$(dn 4)")$(values "$(dn 5)")"
expect_iad "the same call again: exit 0" 0 -c "$SANDBOX_CONF" dehydrated "$@"
converged=yes
for i in 1 2 3 4 5; do
    [ "$(values "$(dn "$i")")" = "\"series-$i\"" ] || converged="no: $i"
    [ "$(served "_acme-challenge.s$i.test.example")" = \
        "$(hex "series-$i")" ] || converged="not served: $i"
done
check "... all five values written once and served" test "$converged" = yes

# Killed after the write was sent, before its result was read: the write
# may or may not have been applied; either way the tool says which, and
# running it again converges without a second value.
IAD_ENV="LD_PRELOAD=$FAULTS_SO IAD_FAULT_AFTER_WRITE=1 IAD_FAULT_CMD=$TESTDIR/kill-ldap"
FAULTS=$((FAULTS + 1))
run_iad 0 -c "$SANDBOX_CONF" --no-wait add _acme-challenge.s6.test.example \
    in-flight 2>/dev/null
got=$?
IAD_ENV=
if [ "$got" -eq 0 ] && err_has "added TXT"; then
    FAULTS_OK=$((FAULTS_OK + 1))
    pass "killed with the write in flight: its result was read, exit 0"
elif grep -qE "on '$SANDBOX_LDAP_URI': Can't contact LDAP server" \
        "$TESTDIR/err" && one_line; then
    FAULTS_OK=$((FAULTS_OK + 1))
    pass "killed with the write in flight: exit 1 naming the server"
else
    fail "killed with the write in flight: exit 0, or 1 naming the server" \
        "$(cat "$TESTDIR/err")"
fi
check "start the directory server again" "$SANDBOX" start "$SB" ldap1
expect_iad "... the same command again: exit 0" 0 -c "$SANDBOX_CONF" \
    --no-wait add _acme-challenge.s6.test.example in-flight
check "... the value is there once" test \
    "$(values "$(dn 6)")" = '"in-flight"'

echo "# figure: faults injected $FAULTS, ended with the documented exit" \
    "code and cause $FAULTS_OK ($SANDBOX_LDAP_SERVER, one server)"
test_done
