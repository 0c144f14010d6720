#!/bin/sh
# Faults during the wait: a name server stopped while add waits for it
# (exit 5 naming it), SIGINT and SIGTERM (exit 130 and 143, one line
# saying what was written, the value left in LDAP), and a closed stdout
# (an error, not a death by SIGPIPE).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

C="-c $SANDBOX_CONF"
N=_acme-challenge.test.example
DN="idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE"
DELAY="$SANDBOX_DIR/standin1.delay"
export TESTDIR

# signal_iad SIGNAL WHEN ARGS...: run ipa-acme-dns ARGS (stderr in
# $TESTDIR/err) with SIGINT and SIGTERM at their default action, send it
# SIGNAL (INT or TERM) once the shell command WHEN succeeds (tried every
# 50 ms for 30 s), and print its exit status (-N: killed by signal N)
# and the milliseconds from the signal to its exit.
signal_iad() {
    "$PY" - "$@" <<'PY'
import os, signal, subprocess, sys, time
sig = getattr(signal, "SIG" + sys.argv[1])
when = sys.argv[2]
def defaults():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
with open(os.path.join(os.environ["TESTDIR"], "err"), "w") as err:
    p = subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL,
                         stderr=err, preexec_fn=defaults)
    deadline = time.time() + 30
    while (p.poll() is None and time.time() < deadline and
           subprocess.call(["sh", "-c", when]) != 0):
        time.sleep(0.05)
    sent = time.time()
    if p.poll() is None:
        p.send_signal(sig)
    try:
        p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    print(p.returncode, int((time.time() - sent) * 1000))
PY
}

# ldap_has VALUE: a shell command true once LDAP holds VALUE at DN.
ldap_has() {
    echo "ldapsearch -Q -LLL -o ldif-wrap=no -Y EXTERNAL \
        -H '$SANDBOX_LDAPI_URI' -b '$DN' -s base tXTRecord 2>/dev/null |
        grep -qx 'tXTRecord: \"$1\"' && sleep 0.5"
}

# A name server stopped while add waits for it: BIND 3 s behind LDAP,
# stopped 1 s into the wait, never serves the value.
echo 3 >"$DELAY"
"$IAD" $C --wait-timeout 6 add $N stopped >"$TESTDIR/out" \
    2>"$TESTDIR/err" &
pid=$!
sleep 1
check "stop BIND during the wait" \
    "$top_srcdir/scripts/sandbox" stop "$SANDBOX_DIR" dns
wait $pid
rc=$?
check "add whose name server stopped during the wait: exit 5 (got $rc)" \
    test "$rc" -eq 5
check "... naming the server and what it answered" \
    err_has "name server 'ns1.test.example' (127.0.0.1 port $SANDBOX_DNS_PORT) answers for '$N.': no answer"
check "... the value is in LDAP all the same" \
    test "$(values "$DN")" = '"stopped"'
rm -f "$DELAY"
check "start BIND again" "$top_srcdir/scripts/sandbox" start "$SANDBOX_DIR" dns
expect_iad "wait succeeds once BIND is back" 0 $C wait $N stopped
expect_iad "clean up" 0 $C del --wait $N stopped

# SIGINT while add waits for a BIND 20 s behind: it stops at once.
echo 20 >"$DELAY"
set -- $(signal_iad INT "grep -q 'still waiting' '$TESTDIR/err'" \
    "$IAD" $C -vv --wait-timeout 40 add $N sigint)
check "SIGINT during the wait: exit 130 (got $1)" test "$1" -eq 130
check "... within 5 s of the signal (${2} ms)" \
    test "$2" -lt $((5000 + IAD_SLOW_MS))
check "... saying the value was written and is not yet served" \
    err_has "ipa-acme-dns: interrupted while waiting: TXT \"sigint\" was written at '$N.' and is not yet seen served by every name server"
check "... the value is in LDAP" test "$(values "$DN")" = '"sigint"'

# SIGTERM, without -v: the message is the one line on stderr.
set -- $(signal_iad TERM "$(ldap_has sigterm)" \
    "$IAD" $C --wait-timeout 40 add $N sigterm)
check "SIGTERM during the wait: exit 143 (got $1)" test "$1" -eq 143
check "... within 5 s of the signal (${2} ms)" \
    test "$2" -lt $((5000 + IAD_SLOW_MS))
check "... one line on stderr" one_line
check "... saying the value was written and is not yet served" \
    err_has "ipa-acme-dns: interrupted while waiting: TXT \"sigterm\" was written at '$N.' and is not yet seen served by every name server"
check "... both values are in LDAP" \
    test "$(values "$DN" | tr '\n' ' ')" = '"sigint" "sigterm" '

# The stand-in is still asleep on those changes: restart it, which
# loads the zone afresh, as the plugin does.
rm -f "$DELAY"
check "restart the stand-in" sh -c "'$top_srcdir/scripts/sandbox' stop \
    '$SANDBOX_DIR' standin && '$top_srcdir/scripts/sandbox' start \
    '$SANDBOX_DIR' standin"
expect_iad "both values are served then" 0 $C wait $N sigint sigterm

# SIGTERM during del --wait of a served value: it says what was removed.
echo 20 >"$DELAY"
set -- $(signal_iad TERM "! $(ldap_has sigint | sed 's/ && sleep 0.5$//')" \
    "$IAD" $C --wait-timeout 40 del --wait $N sigint)
check "SIGTERM during del --wait: exit 143 (got $1)" test "$1" -eq 143
check "... saying what was removed" \
    err_has "interrupted while waiting: 1 TXT value was removed at '$N.' and may still be served by some name server"
check "... the value is gone from LDAP" test "$(values "$DN")" = '"sigterm"'
rm -f "$DELAY"
check "restart the stand-in" sh -c "'$top_srcdir/scripts/sandbox' stop \
    '$SANDBOX_DIR' standin && '$top_srcdir/scripts/sandbox' start \
    '$SANDBOX_DIR' standin"
expect_iad "clean up" 0 $C del --wait $N sigterm

# stdout a pipe whose reader is gone: EPIPE is reported, exit 1, not a
# death by SIGPIPE (141 in a shell).
rc=$("$PY" - "$IAD" $C zones <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
with open(os.path.join(os.environ["TESTDIR"], "err"), "w") as err:
    # restore_signals (the default) gives the child SIGPIPE's default
    # action, as a shell does.
    print(subprocess.call(sys.argv[1:], stdout=w, stderr=err))
PY
)
check "zones into a closed pipe: exit 1, not killed by SIGPIPE (got $rc)" \
    test "$rc" -eq 1
check "... saying the output cannot be written" \
    err_has "cannot write the output"

test_done
