#!/bin/sh
# Secrets and permissions: a keytab or configuration file that other
# users can read (or change) draws one warning line and the run goes on;
# and no output of any command, hook mode or failure, even with -vv,
# holds the keys of the keytab it used.
#
# Each sandbox makes its own realm with fresh random keys, so a search
# for key bytes can only be made against the sandbox that made them: this
# test runs every command and hook mode against its own sandbox and
# searches everything they printed (scripts/find-secrets), and tests/
# lib.sh does the same for every run_iad of every test when its sandbox
# goes down.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
sandbox_start

N=_acme-challenge.test.example
DN="idnsName=_acme-challenge,idnsName=test.example.,$SANDBOX_DNS_BASE"
C="-c $SANDBOX_CONF"
KT="$TESTDIR/copy.keytab"
warned() {
    grep -c 'warning:' "$TESTDIR/err" | grep -qx "$1"
}

# --- a keytab open to others ---------------------------------------------
cp "$SANDBOX_KEYTAB" "$KT"
chmod 644 "$KT"
expect_iad "a keytab readable by others still works" 0 $C --keytab "$KT" \
    --no-wait add $N open
check "... the value is stored" test "$(values "$DN")" = '"open"'
check "... with one warning saying what to do" err_has \
    "ipa-acme-dns: warning: keytab '$KT' is readable by other users: chmod o-rwx it"
check "... and only one" warned 1
expect_iad "a FILE: keytab readable by others: the same warning" 0 $C \
    --keytab "FILE:$KT" show $N
check "... naming it as given" err_has "keytab 'FILE:$KT' is readable"
chmod 620 "$KT"
expect_iad "a keytab writable by its group works" 0 $C --keytab "$KT" \
    show $N
check "... and is warned about" err_has \
    "keytab '$KT' is writable by its group: chmod g-w it"
chmod 600 "$KT"
expect_iad "a private keytab" 0 $C --keytab "$KT" --no-wait del $N open
check "... draws no warning" warned 0
check "... and did its work" emptied "$DN"
chmod 640 "$KT"
expect_iad "a keytab its group may read" 0 $C --keytab "$KT" show $N
check "... draws no warning (a service's group may share it)" warned 0

# --- a configuration file open to others ---------------------------------
cp "$SANDBOX_CONF" "$TESTDIR/open.conf"
chmod 644 "$TESTDIR/open.conf"
expect_iad "a configuration file readable by others still works" 0 \
    -c "$TESTDIR/open.conf" show $N
check "... with one warning saying what to do" err_has \
    "ipa-acme-dns: warning: configuration file '$TESTDIR/open.conf' is readable by other users: chmod o-rwx it"
check "... and only one" warned 1
IAD_ENV="IPA_ACME_DNS_CONF=$TESTDIR/open.conf"
expect_iad "the same from IPA_ACME_DNS_CONF" 0 show $N
IAD_ENV=
check "... warns the same" err_has "configuration file '$TESTDIR/open.conf'"
chmod 602 "$TESTDIR/open.conf"
expect_iad "a configuration file writable by others" 0 \
    -c "$TESTDIR/open.conf" show $N
check "... is warned about" err_has "is writable by other users"
chmod 600 "$TESTDIR/open.conf"
expect_iad "a private configuration file" 0 -c "$TESTDIR/open.conf" show $N
check "... draws no warning" warned 0
check "the sandbox's own configuration file is private" \
    test "$(stat -c %a "$SANDBOX_CONF")" = 600
mkdir -p "$TESTDIR/ipa"
printf '[global]\nbasedn = %s\n' "$SANDBOX_BASE" >"$TESTDIR/ipa/default.conf"
chmod 644 "$TESTDIR/ipa/default.conf"
expect_iad "FreeIPA's default.conf is world-readable by design" 0 $C \
    --ipa-confdir "$TESTDIR/ipa" show $N
check "... and draws no warning" warned 0

# --- no key material in any output ---------------------------------------
# Every command, hook mode and kind of failure, with -vv; what each
# printed is kept in $TESTDIR/outputs.
O="$TESTDIR/outputs"
mkdir "$O"
runs=0
run_all() {
    want=$1
    shift
    runs=$((runs + 1))
    desc=$(echo "$*" | sed -e "s|$SANDBOX_CONF|SANDBOX_CONF|g" \
        -e "s|$TESTDIR|TESTDIR|g")
    expect_iad "-vv $desc: exit $want" "$want" -vv "$@"
    cp "$TESTDIR/out" "$O/$runs.out"
    cp "$TESTDIR/err" "$O/$runs.err"
}
W="--wait-timeout 20"
run_all 0 $C $W add $N k1 k2
run_all 0 $C show $N
run_all 0 $C $W wait $N k1
run_all 0 $C --no-wait del $N k1
run_all 0 $C --no-wait del --all $N
run_all 0 $C zones
run_all 0 $C --keytab "$KT" --no-wait add $N k3
run_all 0 $C --keytab "$KT" --wait $W del $N k3
# Failures: a principal not in the keytab, no rights, no credentials, a
# server that is not there, bad usage.
run_all 3 $C --principal "nobody@$SANDBOX_REALM" add $N bad
run_all 4 -c "$(norights_conf)" add $N denied
run_all 3 -H "$SANDBOX_LDAP_URI" -b "$SANDBOX_DNS_BASE" add $N nocreds
run_all 1 $C -H ldap://127.0.0.1:1 add $N down
run_all 2 $C add not-a-name v
# The user's own ticket, from a credential cache.
kinit -k -t "$SANDBOX_KEYTAB" "$SANDBOX_PRINCIPAL" >/dev/null 2>&1
run_all 0 -H "$SANDBOX_LDAP_URI" -b "$SANDBOX_DNS_BASE" zones
kdestroy >/dev/null 2>&1
# Each hook mode, both ways.
IAD_ENV="CERTBOT_DOMAIN=test.example CERTBOT_VALIDATION=cb"
run_all 0 $C $W certbot
IAD_ENV="CERTBOT_DOMAIN=test.example CERTBOT_VALIDATION=cb CERTBOT_AUTH_OUTPUT=x"
run_all 0 $C certbot
IAD_ENV=
run_all 0 $C $W lego present $N. lg
run_all 0 $C lego cleanup $N. lg
run_all 0 $C $W dehydrated deploy_challenge test.example tok dh
run_all 0 $C dehydrated clean_challenge test.example tok dh
run_all 0 $C $W uacme begin dns-01 test.example tok ua
run_all 0 $C uacme done dns-01 test.example tok ua
run_all 1 $C uacme begin http-01 test.example tok ua
run_all 0 --help
run_all 0 --version

check "the search finds the keys where they are (klist -K)" sh -c \
    'klist -k -K "$1" >"$2/klist.txt"; ! "$3" "$1" -- "$2/klist.txt"' \
    sh "$SANDBOX_KEYTAB" "$TESTDIR" "$top_srcdir/scripts/find-secrets"
check "no output of $runs runs holds a key of the keytabs" \
    "$top_srcdir/scripts/find-secrets" "$SANDBOX_KEYTAB" \
    "$SANDBOX_NORIGHTS_KEYTAB" -- "$O"/*
check "... and none names a password or ticket" sh -c \
    '! grep -il "password\|session key\|ticket:" "$@"' sh "$O"/*
check "no challenge value was left in the directory" no_leftovers

test_done
