#!/bin/sh
# Racing writers on one name lose nothing: each writer adds a value and
# deletes it again, over and over, so the entry is emptied often while
# the others add to it.  A writer whose delete finds its own value gone
# has lost it to another's cleanup of the entry; that never happens,
# whatever the directory server (slapd deletes the emptied entry under
# an assertion that it holds no record; 389-DS, without that control,
# keeps it), and the value each writer adds last is stored at the end.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

N=_acme-challenge.race.test.example
DN="idnsName=_acme-challenge.race,idnsName=test.example.,$SANDBOX_DNS_BASE"
C="-c $SANDBOX_CONF --no-wait"
WRITERS=4
ROUNDS=${IAD_RACE_ROUNDS:-30}

# writer I: ROUNDS times, add race-I-J and delete it again; a delete
# that finds its own value gone has lost it to another writer's delete
# of the entry.  Then add keep-I, to be found at the end.
writer() {
    j=1
    while [ "$j" -le "$ROUNDS" ]; do
        v=race-$1-$j
        if ! "$IAD" $C add $N "$v" 2>>"$TESTDIR/writer$1.err"; then
            echo "add $v" >>"$TESTDIR/failed"
        elif ! "$IAD" $C del $N "$v" 2>"$TESTDIR/del$1.err"; then
            echo "del $v: $(cat "$TESTDIR/del$1.err")" >>"$TESTDIR/failed"
        elif ! grep -q "removed 1 TXT value" "$TESTDIR/del$1.err"; then
            echo "$v" >>"$TESTDIR/lost"
        fi
        j=$((j + 1))
    done
    if "$IAD" $C add $N "keep-$1" 2>>"$TESTDIR/writer$1.err"; then
        echo "\"keep-$1\"" >>"$TESTDIR/kept"
    else
        echo "add keep-$1" >>"$TESTDIR/failed"
    fi
}

: >"$TESTDIR/kept"
: >"$TESTDIR/failed"
: >"$TESTDIR/lost"
pids=
i=1
while [ "$i" -le "$WRITERS" ]; do
    writer "$i" &
    pids="$pids $!"
    i=$((i + 1))
done
# shellcheck disable=SC2086
wait $pids

values "$DN" | grep '^"keep-' >"$TESTDIR/stored"
sort "$TESTDIR/kept" >"$TESTDIR/kept.sorted"
lost=$(( $(wc -l <"$TESTDIR/lost") +
    $(comm -23 "$TESTDIR/kept.sorted" "$TESTDIR/stored" | wc -l) ))
echo "# $SANDBOX_LDAP_SERVER: $WRITERS writers, $((WRITERS * ROUNDS))" \
    "add/del pairs, $(wc -l <"$TESTDIR/failed") calls failed," \
    "lost values: $lost"
check "every call of the racing writers succeeded" \
    test ! -s "$TESTDIR/failed"
check "no value was lost to another writer (lost: $lost)" \
    test "$lost" -eq 0
check "every writer's last value is stored" \
    test "$(wc -l <"$TESTDIR/stored")" -eq "$WRITERS"
check "no value deleted by its writer is left" \
    test -z "$(values "$DN" | grep '^"race-')"
check "BIND serves every kept value" wait_served $N \
    "$(sed 's/^"\(.*\)"$/\1/' "$TESTDIR/kept.sorted" | while read -r v; do
        hex "$v"; echo; done | sort)"

expect_iad "clean up" 0 -c "$SANDBOX_CONF" del --all $N
check "the emptied entry is $(emptied_what)" emptied "$DN"

test_done
