#!/bin/sh
# Failover after the bind, on two replicas: the first server killed
# between the bind and the write, frozen (a timeout), read-only, or both
# servers gone.  The tool goes on with the next URI, finds the zone there
# again and does the work once; each message names the server and the
# real cause.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start --replicas 2

SANDBOX=$top_srcdir/scripts/sandbox
set -- $SANDBOX_LDAP_URIS
URI1=$1
URI2=$2
set -- $SANDBOX_LDAPI_URIS
LDAPI1=$1
LDAPI2=$2
C="-c $SANDBOX_CONF --no-wait"
FAULTS=0
FAULTS_OK=0

FAULTS_SO=$TESTDIR/faults.so
check "the fault injector builds" ${CC:-cc} -shared -fPIC -o "$FAULTS_SO" \
    "$top_srcdir/tests/faults.c" -ldl
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

# script NAME COMMAND...: an executable $TESTDIR/NAME running COMMAND.
script() {
    name=$1
    shift
    printf '#!/bin/sh\n%s\n' "$*" >"$TESTDIR/$name"
    chmod +x "$TESTDIR/$name"
}
script kill1 "exec '$SANDBOX' kill '$SB' ldap1"
script freeze1 "exec '$SANDBOX' kill '$SB' ldap1 STOP"
script killboth "'$SANDBOX' kill '$SB' ldap1 && exec '$SANDBOX' kill '$SB' ldap2"

# on LDAPI NAME: the tXTRecord values of NAME's entry on one server.
on() {
    ldapsearch -Q -LLL -o ldif-wrap=no -Y EXTERNAL -H "$1" -b \
        "idnsName=$2,idnsName=test.example.,$SANDBOX_DNS_BASE" -s base \
        tXTRecord 2>/dev/null | sed -n 's/^tXTRecord: //p' | sort |
        tr '\n' ' '
}

# failed_over DESCRIPTION CAUSE ARGS...: the tool exits 0 after a warning
# that names the first server, the CAUSE, and the second server.
failed_over() {
    desc=$1
    cause=$2
    shift 2
    FAULTS=$((FAULTS + 1))
    if run_iad 0 "$@" 2>"$TESTDIR/run.err" &&
        grep -qE "warning: .* on '$URI1': $cause.*: going on with '$URI2'" \
            "$TESTDIR/err"; then
        FAULTS_OK=$((FAULTS_OK + 1))
        pass "$desc"
    else
        fail "$desc" "$(cat "$TESTDIR/run.err" "$TESTDIR/err")"
    fi
}

# back NAME VALUES: ldap1 restarted, replication brings it NAME's VALUES.
back() {
    "$SANDBOX" start "$SB" ldap1 >/dev/null 2>&1 || return 1
    i=0
    while [ $i -lt 200 ]; do
        [ "$(on "$LDAPI1" "$1")" = "$2" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    echo "ldap1 holds: $(on "$LDAPI1" "$1")" >&2
    return 1
}

# --- Killed between the bind and the first search --------------------------
IAD_ENV="LD_PRELOAD=$FAULTS_SO IAD_FAULT_AFTER_BIND=$TESTDIR/kill1"
failed_over "ldap1 killed after the bind: exit 0, on with ldap2, saying why" \
    "Can't contact LDAP server" $C add _acme-challenge.test.example bound
check "... the value is on ldap2, once" \
    test "$(on "$LDAPI2" _acme-challenge)" = '"bound" '
check "... and reaches ldap1 when it is back" back _acme-challenge '"bound" '

# --- Killed between the search and the write -------------------------------
IAD_ENV="LD_PRELOAD=$FAULTS_SO IAD_FAULT_BEFORE_WRITE=1 IAD_FAULT_CMD=$TESTDIR/kill1"
failed_over "ldap1 killed before the write: exit 0, the zone found again on ldap2" \
    "Can't contact LDAP server" $C add _acme-challenge.test.example written
check "... both values on ldap2, each once" \
    test "$(on "$LDAPI2" _acme-challenge)" = '"bound" "written" '
check "... ldap1 catches up" back _acme-challenge '"bound" "written" '

# A new entry: the add of the entry itself is the write that fails over.
failed_over "ldap1 killed before creating an entry: exit 0, created on ldap2" \
    "Can't contact LDAP server" $C add _acme-challenge.new.test.example fresh
check "... the new entry holds the value, on ldap2" \
    test "$(on "$LDAPI2" _acme-challenge.new)" = '"fresh" '
check "... ldap1 catches up" back _acme-challenge.new '"fresh" '

# del fails over too, and says what it removed.
failed_over "ldap1 killed before a del: exit 0, removed on ldap2" \
    "Can't contact LDAP server" $C del _acme-challenge.test.example bound
check "... saying it removed the value" err_has "removed 1 TXT value at"
check "... only that value is gone" \
    test "$(on "$LDAPI2" _acme-challenge)" = '"written" '
check "... ldap1 catches up" back _acme-challenge '"written" '

# --- Frozen: the search times out ------------------------------------------
IAD_ENV="LD_PRELOAD=$FAULTS_SO IAD_FAULT_AFTER_BIND=$TESTDIR/freeze1"
failed_over "ldap1 frozen after the bind: timed out, on with ldap2" \
    "Timed out" $C --timeout 2 add _acme-challenge.test.example thawed
IAD_ENV=
check "thaw ldap1" "$SANDBOX" kill "$SB" ldap1 CONT
check "... the value is on ldap2" \
    test "$(on "$LDAPI2" _acme-challenge)" = '"thawed" "written" '

# --- Read-only: the server says it will not write --------------------------
# A replica put in read-only mode for maintenance refuses writes with
# unwillingToPerform; another server can do them.
if [ "$SANDBOX_LDAP_SERVER" = 389 ]; then
    be=$(ldapsearch -Q -LLL -o ldif-wrap=no -Y EXTERNAL -H "$LDAPI1" \
        -b 'cn=ldbm database,cn=plugins,cn=config' \
        "(nsslapd-suffix=$SANDBOX_BASE)" dn | sed -n 's/^dn: //p')
    readonly_ldif() {
        printf 'dn: %s\nchangetype: modify\nreplace: nsslapd-readonly\nnsslapd-readonly: %s\n' \
            "$be" "$1"
    }
    ro_on=on
    ro_off=off
else
    be=$(ldapsearch -Q -LLL -o ldif-wrap=no -Y EXTERNAL -H "$LDAPI1" \
        -b cn=config "(olcSuffix=$SANDBOX_BASE)" dn | sed -n 's/^dn: //p')
    readonly_ldif() {
        printf 'dn: %s\nchangetype: modify\nreplace: olcReadOnly\nolcReadOnly: %s\n' \
            "$be" "$1"
    }
    ro_on=TRUE
    ro_off=FALSE
fi
check "make ldap1's database read-only" sh -c "test -n '$be' &&
    printf '%s' \"$(readonly_ldif "$ro_on")\" |
    ldapmodify -Q -Y EXTERNAL -H '$LDAPI1' >/dev/null"
failed_over "ldap1 read-only: exit 0, written on ldap2, naming the refusal" \
    "Server is unwilling to perform" \
    $C add _acme-challenge.test.example readonly
check "... the value is on ldap2" \
    test "$(on "$LDAPI2" _acme-challenge)" = '"readonly" "thawed" "written" '
check "make ldap1 writable again" sh -c "
    printf '%s' \"$(readonly_ldif "$ro_off")\" |
    ldapmodify -Q -Y EXTERNAL -H '$LDAPI1' >/dev/null"

# --- Both gone ---------------------------------------------------------------
IAD_ENV="LD_PRELOAD=$FAULTS_SO IAD_FAULT_AFTER_BIND=$TESTDIR/killboth"
FAULTS=$((FAULTS + 1))
if run_iad 1 $C add _acme-challenge.test.example lost 2>"$TESTDIR/run.err" &&
    one_line &&
    grep -qE "on '$URI1': Can't contact LDAP server; then cannot reach any other LDAP server \(tried '$URI2'\)" \
        "$TESTDIR/err"; then
    FAULTS_OK=$((FAULTS_OK + 1))
    pass "both servers killed: exit 1, one line naming both and why"
else
    fail "both servers killed: exit 1, one line naming both and why" \
        "$(cat "$TESTDIR/run.err" "$TESTDIR/err")"
fi
IAD_ENV=
check "start both again" sh -c "'$SANDBOX' start '$SB' ldap1 &&
    '$SANDBOX' start '$SB' ldap2"
check "... nothing was written" \
    test "$(on "$LDAPI2" _acme-challenge)" = '"readonly" "thawed" "written" '

echo "# figure: faults injected $FAULTS, ended with the documented exit" \
    "code and cause $FAULTS_OK ($SANDBOX_LDAP_SERVER, two replicas)"
test_done
