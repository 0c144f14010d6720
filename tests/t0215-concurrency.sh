#!/bin/sh
# Many writers on one name at the same moment lose nothing.  50 processes
# add 50 values to an absent name at once: all are stored and served.
# Then 50 delete their own values while 10 add new ones: the 10 survive,
# and the entry goes only with its last value.  Last, an add and a del of
# each of 10 values race, round after round: each value ends as one of
# the two serial orders of its add and del would leave it, and agrees
# with what the two processes reported.  Each racing process waits at a
# barrier (a line from a FIFO) so that all of them start together.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

N=_acme-challenge.crowd.test.example
DN="idnsName=_acme-challenge.crowd,idnsName=test.example.,$SANDBOX_DNS_BASE"
C="-c $SANDBOX_CONF"
ROUNDS=${IAD_CONCURRENCY_ROUNDS:-3}
R=

# new_race NAME: a fresh directory $R for one race's barrier and results.
# The FIFO is held open for reading and writing here, so that a racer
# opening it never blocks and the lines written to it wait for readers.
new_race() {
    R="$TESTDIR/$1"
    mkdir "$R"
    mkfifo "$R/go"
    exec 3<>"$R/go"
    racers=0
    pids=
}

# racer TAG ARGS...: in the background, wait at the barrier, then run
# ipa-acme-dns ARGS; stderr goes to $R/TAG.err, the exit status to
# $R/TAG.rc.
racer() {
    tag=$1
    shift
    (
        exec 3>&-
        : >"$R/$tag.ready"
        read -r _ <"$R/go"
        # shellcheck disable=SC2086
        "$IAD" "$@" >/dev/null 2>"$R/$tag.err"
        echo $? >"$R/$tag.rc"
    ) &
    pids="$pids $!"
    racers=$((racers + 1))
}

# go: once every racer is at the barrier, let them all through (one line
# each: read takes a line and no more), then wait for all of them.
go() {
    t=0
    while [ "$(find "$R" -name '*.ready' | wc -l)" -lt "$racers" ]; do
        t=$((t + 1))
        if [ "$t" -gt 600 ]; then
            echo "# racers not ready after 60 s" >&2
            break
        fi
        sleep 0.1
    done
    i=0
    while [ "$i" -lt "$racers" ]; do
        echo
        i=$((i + 1))
    done >&3
    # shellcheck disable=SC2086
    wait $pids
    exec 3>&-
}

# failed_racers: the tags of the racers of $R that did not exit 0.
failed_racers() {
    for f in "$R"/*.rc; do
        [ "$(cat "$f")" = 0 ] || basename "$f" .rc
    done
}

# removed TAG: the del run as racer TAG reported removing one value.
removed() {
    grep -q "removed 1 TXT value" "$R/$1.err"
}

# quoted VALUES...: the values as values() prints them.
quoted() {
    for v in "$@"; do
        echo "\"$v\""
    done | sort
}

# hexes VALUES...: the values as served() prints them.
hexes() {
    for v in "$@"; do
        hex "$v"
        echo
    done | sort
}

seq_words() {
    i=1
    while [ "$i" -le "$2" ]; do
        echo "$1$i"
        i=$((i + 1))
    done
}

# 1. 50 values added at once to an absent name.
FIRST=$(seq_words crowd- 50)
check "the name is absent at first" entry_missing "$DN"
new_race add50
for v in $FIRST; do
    racer "$v" $C --no-wait add $N "$v"
done
start=$(date +%s)
go
echo "# $SANDBOX_LDAP_SERVER: 50 adds at once took $(($(date +%s) - start)) s"
f=$(failed_racers | wc -l)
check "all 50 adders exit 0 (failed: $f)" test "$f" -eq 0
values "$DN" >"$TESTDIR/stored"
# shellcheck disable=SC2086
quoted $FIRST >"$TESTDIR/want"
lost1=$(comm -23 "$TESTDIR/want" "$TESTDIR/stored" | wc -l)
check "all 50 values are stored (lost: $lost1)" test "$lost1" -eq 0
check "... and nothing else" cmp -s "$TESTDIR/want" "$TESTDIR/stored"
# shellcheck disable=SC2086
check "BIND serves all 50" wait_served $N "$(hexes $FIRST)"

# 2. 50 deleters of those values race 10 adders of new ones.
NEW=$(seq_words fresh- 10)
new_race del50add10
for v in $FIRST; do
    racer "$v" $C del $N "$v"
done
for v in $NEW; do
    racer "$v" $C --no-wait add $N "$v"
done
start=$(date +%s)
go
echo "# $SANDBOX_LDAP_SERVER: 50 dels and 10 adds at once took" \
    "$(($(date +%s) - start)) s"
f=$(failed_racers | wc -l)
check "all 60 racers exit 0 (failed: $f)" test "$f" -eq 0
gone=0
for v in $FIRST; do
    removed "$v" || gone=$((gone + 1))
done
check "each deleter found its own value there (gone before: $gone)" \
    test "$gone" -eq 0
values "$DN" >"$TESTDIR/stored"
# shellcheck disable=SC2086
quoted $NEW >"$TESTDIR/want"
lost2=$(comm -23 "$TESTDIR/want" "$TESTDIR/stored" | wc -l)
left2=$(grep -c '^"crowd-' "$TESTDIR/stored")
check "the 10 new values survive (lost: $lost2)" test "$lost2" -eq 0
check "none of the 50 deleted values is left (left: $left2)" \
    test "$left2" -eq 0
check "... and nothing else is stored" \
    cmp -s "$TESTDIR/want" "$TESTDIR/stored"
# shellcheck disable=SC2086
check "BIND serves the 10 new values only" wait_served $N "$(hexes $NEW)"

# The last 10 go at once too: no deleter finds its value gone already,
# and only then is the entry emptied.
new_race del10
for v in $NEW; do
    racer "$v" $C del $N "$v"
done
go
f=$(failed_racers | wc -l)
check "all 10 deleters exit 0 (failed: $f)" test "$f" -eq 0
gone=0
for v in $NEW; do
    removed "$v" || gone=$((gone + 1))
done
check "each of the 10 deleters found its value there (gone before: $gone)" \
    test "$gone" -eq 0
check "the entry emptied of its last value is $(emptied_what)" emptied "$DN"
check "the name is NXDOMAIN" wait_served $N NXDOMAIN

# 3. For each of 10 values, an add and a del start together.  Half the
# values are there before a round (which half changes each round), so
# that both the creation and the removal of the entry race.  With the
# value absent before, the serial orders are add-del (add "added", del
# "removed", value absent) and del-add (del none, add "added", value
# present); with it present before: add-del (add "already there", del
# "removed", absent) and del-add (del "removed", add "added", present).
# Anything else is an outcome no serial order gives.
PAIRS=$(seq_words pair- 10)
bad3=0
failed3=0
r=1
while [ "$r" -le "$ROUNDS" ]; do
    expect_iad "round $r: start from an empty name" 0 $C del --all $N
    before=
    k=0
    for v in $PAIRS; do
        [ $(((k + r) % 2)) -eq 0 ] && before="$before $v"
        k=$((k + 1))
    done
    # shellcheck disable=SC2086
    expect_iad "round $r: add the values there before" 0 \
        $C --no-wait add $N $before
    # shellcheck disable=SC2086
    check "round $r: those values, and only they, are stored" \
        test "$(values "$DN")" = "$(quoted $before)"
    new_race "round$r"
    for v in $PAIRS; do
        racer "add-$v" $C -v --no-wait add $N "$v"
        racer "del-$v" $C del $N "$v"
    done
    go
    failed3=$((failed3 + $(failed_racers | wc -l)))
    values "$DN" >"$TESTDIR/after"
    present=
    for v in $PAIRS; do
        case " $before " in
        *" $v "*) was=present ;;
        *) was=absent ;;
        esac
        # add -v traces "TXT "V" already at" when it found V there;
        # it says "added TXT "V" at" either way.
        if grep -qF "TXT \"$v\" already at" "$R/add-$v.err"; then
            a=already
        elif grep -qF "added TXT \"$v\" at" "$R/add-$v.err"; then
            a=added
        else
            a=unknown
        fi
        if removed "del-$v"; then d=removed; else d=none; fi
        if grep -qx "\"$v\"" "$TESTDIR/after"; then
            now=present
            present="$present $v"
        else
            now=absent
        fi
        # A process that failed is counted, and said why, above: its
        # value's outcome is not held against the serial orders.
        if [ "$(cat "$R/add-$v.rc")" != 0 ] ||
            [ "$(cat "$R/del-$v.rc")" != 0 ]; then
            for p in add del; do
                [ "$(cat "$R/$p-$v.rc")" = 0 ] ||
                    echo "# round $r: $p $v failed: $(tail -n 1 \
                        "$R/$p-$v.err")"
            done
            continue
        fi
        case "$was $a $d $now" in
        "absent added removed absent" | "absent added none present" | \
            "present already removed absent" | \
            "present added removed present") ;;
        *)
            echo "# round $r, $v: before $was, add $a, del $d, after $now"
            bad3=$((bad3 + 1))
            ;;
        esac
    done
    # shellcheck disable=SC2086
    if [ -n "$present" ]; then want=$(hexes $present); else want=NXDOMAIN; fi
    check "round $r: BIND serves what LDAP holds" wait_served $N "$want"
    r=$((r + 1))
done
check "every racing add and del exited 0 (failed: $failed3)" \
    test "$failed3" -eq 0
check "each value ended as a serial order of its add and del leaves it\
 (in none: $bad3 of $((10 * ROUNDS)))" test "$bad3" -eq 0

echo "# $SANDBOX_LDAP_SERVER: values lost: $lost1 of 50 added at once;" \
    "$lost2 of 10 added among 50 deletes; $bad3 of $((10 * ROUNDS))" \
    "add/del races ended in no serial order, $failed3 racers failed"

expect_iad "clean up" 0 $C del --all $N
check "the emptied entry is $(emptied_what)" emptied "$DN"

test_done
