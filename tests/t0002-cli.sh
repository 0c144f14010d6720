#!/bin/sh
# The command line without a server: --help and the man page agree, and
# each mistake a user can make ends with the documented exit status and
# one line on stderr, before any connection.
#
# Run by make check with top_srcdir and top_builddir set; exit 0 when
# every check passed, 1 otherwise.

# $SERVER below is meant to split into words.
# shellcheck disable=SC2086
set -u
# The configuration files written below are private, as the tool wants
# its own to be: otherwise each run would begin with a warning line.
umask 077

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
IAD="$top_builddir/src/ipa-acme-dns"
# IAD_VALGRIND=1: $IAD runs the program under valgrind.
# shellcheck source=tests/valgrind.sh
. "$top_srcdir/tests/valgrind.sh"
MAN="$top_srcdir/doc/ipa-acme-dns.1"

passed=0
failed=0
count=0

ok() {
    count=$((count + 1))
    passed=$((passed + 1))
    echo "ok $count - $1"
}

not_ok() {
    count=$((count + 1))
    failed=$((failed + 1))
    echo "not ok $count - $1"
    shift
    for line in "$@"; do
        printf '#   %s\n' "$line"
    done
}

T=$(mktemp -d "${TMPDIR:-/tmp}/t0002.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

# Nothing from the machine or the user: no configuration file, no FreeIPA
# default.conf, no Kerberos ticket.
HOME=$T
IPA_ACME_DNS_CONF=
IPA_CONFDIR=/nonexistent
KRB5CCNAME=FILE:/nonexistent
KRB5_CONFIG=/dev/null
export HOME IPA_ACME_DNS_CONF IPA_CONFDIR KRB5CCNAME KRB5_CONFIG
unset LDAPCONF LDAPRC LDAPURI LDAPBASE 2>/dev/null

# A port where nothing listens, and a DNS container, for the commands
# that must get as far as connecting.
NOWHERE=ldap://127.0.0.1:1
SERVER="-H $NOWHERE -b cn=dns,dc=x"

# run ARGS...: run the program, stdout in $T/out, stderr in $T/err, and
# its exit status in $status.
run() {
    "$IAD" "$@" >"$T/out" 2>"$T/err"
    status=$?
}

# expect CODE DESCRIPTION ARGS...: the program exits with CODE, writes
# nothing on stdout unless it succeeds, and, when it fails, exactly one
# line on stderr that begins with "ipa-acme-dns: ".
expect() {
    code=$1
    desc=$2
    shift 2
    run "$@"
    lines=$(wc -l <"$T/err")
    if [ "$status" -ne "$code" ]; then
        not_ok "$desc" "ipa-acme-dns $*" \
            "exit status $status, expected $code" "stderr: $(cat "$T/err")"
    elif [ "$code" -ne 0 ] && [ "$lines" -ne 1 ]; then
        not_ok "$desc" "ipa-acme-dns $*" \
            "$lines lines on stderr, expected 1" "stderr: $(cat "$T/err")"
    elif [ "$code" -ne 0 ] && ! grep -q '^ipa-acme-dns: ' "$T/err"; then
        not_ok "$desc" "ipa-acme-dns $*" \
            "stderr does not begin with 'ipa-acme-dns: '" \
            "stderr: $(cat "$T/err")"
    elif [ "$code" -ne 0 ] && [ -s "$T/out" ]; then
        not_ok "$desc" "ipa-acme-dns $*" "unexpected stdout: $(cat "$T/out")"
    else
        ok "$desc"
    fi
}

# says DESCRIPTION TEXT: the last run's stderr contains TEXT.
says() {
    if grep -qF -- "$2" "$T/err"; then
        ok "$1"
    else
        not_ok "$1" "stderr lacks '$2'" "stderr: $(cat "$T/err")"
    fi
}

if [ ! -x "$IAD" ]; then
    not_ok "the program is built" "no executable at $IAD"
    echo "$passed passed, $failed failed"
    exit 1
fi

# --- --help, --version and the man page -----------------------------------

expect 0 "--help exits 0" --help
if grep -q '^Usage: ipa-acme-dns' "$T/out" && [ ! -s "$T/err" ]; then
    ok "--help prints the usage on stdout"
else
    not_ok "--help prints the usage on stdout" "stdout: $(head -3 "$T/out")"
fi

# The long options of --help: the lines of its Options section that begin
# with an option.
sed -n '/^Options:/,/^$/p' "$T/out" |
    sed -n 's/^ *\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p' |
    sort -u >"$T/help-options"

# The long options of the man page: the tags (the line after .TP) of its
# OPTIONS section.
sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$MAN" |
    sed -n '/^\.TP/{n;p;}' |
    sed 's/\\-/-/g' |
    grep -o -- '--[a-z][a-z0-9-]*' |
    sort -u >"$T/man-options"

if [ "$(wc -l <"$T/help-options")" -ge 10 ]; then
    ok "--help lists the long options"
else
    not_ok "--help lists the long options" \
        "found only: $(tr '\n' ' ' <"$T/help-options")"
fi

missing=$(comm -23 "$T/help-options" "$T/man-options" | tr '\n' ' ')
if [ -z "$missing" ]; then
    ok "every long option of --help is in the man page's OPTIONS"
else
    not_ok "every long option of --help is in the man page's OPTIONS" \
        "missing from $MAN: $missing"
fi

extra=$(comm -13 "$T/help-options" "$T/man-options" | tr '\n' ' ')
if [ -z "$extra" ] && [ -s "$T/man-options" ]; then
    ok "every long option of the man page's OPTIONS is in --help"
else
    not_ok "every long option of the man page's OPTIONS is in --help" \
        "not in --help: ${extra:-(no options found in the man page)}"
fi

for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS ENVIRONMENT \
    FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    if grep -q "^\.SH \"\{0,1\}$section\"\{0,1\}\$" "$MAN"; then
        ok "the man page has a $section section"
    else
        not_ok "the man page has a $section section"
    fi
done

# Every exit status of --help's summary is in EXIT STATUS.
for code in 0 1 2 3 4; do
    if sed -n '/^\.SH "\{0,1\}EXIT STATUS/,/^\.SH /p' "$MAN" |
        grep -q "^\.B $code\$"; then
        ok "the man page documents exit status $code"
    else
        not_ok "the man page documents exit status $code"
    fi
done

version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
    "$top_builddir/config.h")
expect 0 "--version exits 0" --version
if [ -n "$version" ] && [ "$(cat "$T/out")" = "ipa-acme-dns $version" ]; then
    ok "--version prints 'ipa-acme-dns $version'"
else
    not_ok "--version prints 'ipa-acme-dns $version'" \
        "stdout: $(cat "$T/out")"
fi
if grep -q "^\.TH .*\"ipa-acme-dns $version\"" "$MAN"; then
    ok "the man page is for version $version"
else
    not_ok "the man page is for version $version" \
        "$(grep '^\.TH' "$MAN")"
fi

# --- usage errors: exit 2 -------------------------------------------------

expect 2 "an unknown long option exits 2" --bogus zones
says "an unknown long option is named" "'--bogus'"
expect 2 "an unknown short option exits 2" -Z zones
says "an unknown short option is named" "'-Z'"
expect 2 "an unknown option after the command word exits 2" \
    add --frob _acme-challenge.a.example x
expect 2 "an option without its value exits 2" zones --uri
expect 2 "no command exits 2"
expect 2 "an unknown command exits 2" frob _acme-challenge.a.example
says "an unknown command is named" "unknown command 'frob'"
expect 2 "add without a name exits 2" $SERVER add
expect 2 "add without a value exits 2" $SERVER add _acme-challenge.a.example
expect 2 "del without a name exits 2" $SERVER del
expect 2 "show without a name exits 2" $SERVER show
expect 2 "show with two names exits 2" $SERVER show \
    _acme-challenge.a.example _acme-challenge.b.example
expect 2 "zones with an operand exits 2" $SERVER zones extra
expect 2 "add --all exits 2" $SERVER add --all _acme-challenge.a.example x
says "... saying --all is for del" "--all is for del only"

# --- names and values: exit 2, before any connection -----------------------

l63=$(printf '%063d' 0 | tr 0 a)
l64=$(printf '%064d' 0 | tr 0 a)
# 16 + 3 * 64 + 45 = 253 bytes, and one more.
l45=$(printf '%045d' 0 | tr 0 b)
name253="_acme-challenge.$l63.$l63.$l63.$l45"
name254="_acme-challenge.$l63.$l63.$l63.${l45}b"
nonascii=$(printf '_acme-challenge.b\303\251t\303\251.example')

expect 2 "an empty label is refused" $SERVER add _acme-challenge.a..b x
says "an empty label is called an invalid name" "invalid name"
expect 2 "a label of 64 bytes is refused" $SERVER add \
    "_acme-challenge.$l64.example" x
says "a label of 64 bytes is said to be too long" "label longer than 63"
expect 2 "a name of 254 bytes is refused" $SERVER add "$name254" x
says "a name of 254 bytes is said to be too long" "longer than 253"
expect 2 "a comma in a name is refused" $SERVER add \
    _acme-challenge.a,b.example x
says "the comma is named" "character ','"
expect 2 "a non-ASCII name is refused" $SERVER add "$nonascii" x
says "the non-ASCII byte is named" "byte 0xc3"
expect 2 "an empty name is refused" $SERVER add "" x
expect 2 "a name without _acme-challenge is refused" $SERVER \
    add www.example.com x
says "the refusal names --any-name" "--any-name"

# With --any-name (and EXTERNAL, so that no Kerberos ticket is needed) it
# goes on to connect, and fails there.
expect 1 "--any-name lets any name through to the connection" \
    $SERVER --mech EXTERNAL --any-name add www.example.com x
says "an unreachable server is reported" "cannot reach any LDAP server"
says "the unreachable URI is named" "'$NOWHERE'"
expect 1 "a name of 253 bytes is accepted" \
    $SERVER --mech EXTERNAL add "$name253." x
expect 1 "a value beginning with '-' after NAME is a value" \
    $SERVER --mech EXTERNAL add _acme-challenge.a.example -abc --all
expect 1 "options may follow the command word" \
    add $SERVER --mech EXTERNAL _acme-challenge.a.example x

expect 2 "a value with a newline is refused" $SERVER \
    add _acme-challenge.a.example "$(printf 'a\nb')"
says "the value is said to contain a line break" "line break"
expect 2 "a value with a carriage return is refused" $SERVER \
    add _acme-challenge.a.example "$(printf 'a\rb')"
expect 2 "an empty value is refused" $SERVER add _acme-challenge.a.example ""
expect 2 "del with neither values nor --all exits 2" $SERVER \
    del _acme-challenge.a.example
says "del says what it needs" "--all"
expect 2 "del --all with a value exits 2" $SERVER \
    del --all _acme-challenge.a.example x

# --- settings and configuration: exit 2 -----------------------------------

expect 2 "no LDAP server configured exits 2" add _acme-challenge.a.example x
says "the message says how to configure a server" "--uri"
expect 2 "no DNS container configured exits 2" -H "$NOWHERE" \
    add _acme-challenge.a.example x
says "the message says how to configure the container" "--base"
expect 2 "--ttl abc exits 2" $SERVER --ttl abc add _acme-challenge.a.example x
says "the bad number is named" "'abc'"
expect 2 "--timeout 0 exits 2" $SERVER --timeout 0 zones
expect 2 "a bad --mech exits 2" $SERVER --mech PLAIN zones
expect 2 "a URI that is not LDAP exits 2" -H http://127.0.0.1 -b x zones

# A URI or DN that cannot be right is the user's mistake, said before any
# connection, not a server that "cannot be reached".
for uri in ldap://localhost:99999 ldap://localhost:0 'ldap://[zz]' \
    'ldap://[::1]x' 'ldap://a b' ldap://localhost:4294967297; do
    expect 2 "--uri '$uri' exits 2" -H "$uri" -b cn=dns,dc=x --mech EXTERNAL \
        add _acme-challenge.a.example x
    says "... naming the URI" "invalid LDAP URI '$uri' for --uri"
done
for dn in foo 'cn=dns,,dc=x' 'cn=dns,'; do
    expect 2 "-b '$dn' exits 2" -H "$NOWHERE" -b "$dn" --mech EXTERNAL \
        add _acme-challenge.a.example x
    says "... naming the DN" "invalid DN '$dn' for --base"
done
printf 'uri = ldap://[zz]\nbase = cn=dns,dc=x\n' >"$T/uri.conf"
expect 2 "a bad uri in the configuration file exits 2" -c "$T/uri.conf" \
    --mech EXTERNAL add _acme-challenge.a.example x
says "... located as FILE:LINE" "'ldap://[zz]' for $T/uri.conf:1"
printf 'uri = %s\nbase = foo\n' "$NOWHERE" >"$T/base.conf"
expect 2 "a bad base in the configuration file exits 2" -c "$T/base.conf" \
    --mech EXTERNAL add _acme-challenge.a.example x
says "... located as FILE:LINE" "'foo' for $T/base.conf:2"
mkdir "$T/ipa-dn"
printf '[global]\nbasedn = dc=x,,\nserver = 127.0.0.1:1\n' \
    >"$T/ipa-dn/default.conf"
expect 2 "a bad basedn in FreeIPA's default.conf exits 2" \
    --ipa-confdir "$T/ipa-dn" --mech EXTERNAL add _acme-challenge.a.example x
says "... naming the file" "basedn of '$T/ipa-dn/default.conf'"

printf 'uri = %s\n# comment\nfrobnicate = yes\n' "$NOWHERE" >"$T/bad.conf"
expect 2 "an unknown key in the configuration file exits 2" \
    -c "$T/bad.conf" zones
says "the unknown key is located as FILE:LINE" "$T/bad.conf:3:"
printf 'config = /etc/x\n' >"$T/config.conf"
expect 2 "'config' in a configuration file exits 2" \
    -c "$T/config.conf" zones
says "the key is located as FILE:LINE" "$T/config.conf:1:"
expect 2 "-c with a missing file exits 2" -c /nonexistent zones
says "the missing file is named" "'/nonexistent'"
mkdir "$T/conf.d"
expect 2 "a configuration file that cannot be read exits 2" \
    -c "$T/conf.d" zones
says "the unreadable file is named" "'$T/conf.d'"
IPA_ACME_DNS_CONF=/nonexistent
expect 2 "IPA_ACME_DNS_CONF naming a missing file exits 2" zones
IPA_ACME_DNS_CONF=

# A configuration file that sets everything: the command gets as far as
# connecting.
printf 'uri = %s\nbase = cn=dns,dc=x\nmech = external\n' "$NOWHERE" \
    >"$T/good.conf"
expect 1 "a configuration file supplies the server" \
    -c "$T/good.conf" add _acme-challenge.a.example x
says "the server of the file is tried" "'$NOWHERE'"

mkdir "$T/ipa"
printf '[global]\nbasedn = dc=x\nserver = 127.0.0.1:1\n' >"$T/ipa/default.conf"
expect 1 "FreeIPA's default.conf supplies the server" \
    --ipa-confdir "$T/ipa" --mech EXTERNAL add _acme-challenge.a.example x
says "the server of default.conf is tried" "'ldap://127.0.0.1:1'"

# --- TLS and SASL settings: exit 2, before any connection ------------------

expect 2 "--starttls with an ldaps:// URI exits 2" --starttls \
    -H ldaps://127.0.0.1:1 -b cn=dns,dc=x zones
says "the URI is named" "'ldaps://127.0.0.1:1'"
expect 2 "--starttls with an ldapi:// URI exits 2" --starttls \
    -H ldapi://%2Fnonexistent -b cn=dns,dc=x zones
expect 2 "--cacert naming a missing file exits 2" \
    -H ldaps://127.0.0.1:1 -b cn=dns,dc=x --cacert "$T/none.pem" zones
says "the missing file is named" "'$T/none.pem'"
expect 2 "... also when no TLS would use it" $SERVER --cacert "$T/none.pem" \
    zones
expect 2 "--min-ssf 257 exits 2" $SERVER --min-ssf 257 zones
printf 'uri = %s\nbase = cn=dns,dc=x\nstarttls = maybe\n' "$NOWHERE" \
    >"$T/tls.conf"
expect 2 "a bad starttls in the configuration file exits 2" \
    -c "$T/tls.conf" zones
says "it is located as FILE:LINE" "$T/tls.conf:3:"

# --- echoed input is escaped, one line, the reason kept ---------------

# clean_err DESCRIPTION: stderr holds no control byte but its final
# newline (no C0, DEL or C1 control, in which terminals act).
clean_err() {
    if [ "$(LC_ALL=C tr -d '\000-\011\013-\037\177' <"$T/err" | wc -c)" \
        -eq "$(wc -c <"$T/err")" ] &&
        ! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$T/err"; then
        ok "$1"
    else
        not_ok "$1" "stderr: $(od -c "$T/err" | head -5)"
    fi
}

ESC=$(printf '\033')
expect 2 "a name with ESC and a newline exits 2" $SERVER \
    add "_acme-challenge.a${ESC}[2Jb
c.example" v
clean_err "... and its message holds no control byte"
says "... showing them escaped" '_acme-challenge.a\x1b[2Jb\x0ac.example'
expect 2 "a value with control bytes exits 2" $SERVER \
    add _acme-challenge.a.example "$(printf 'x\033]0;t\007\rz')"
clean_err "... and its message holds no control byte"
says "... showing them escaped" 'x\x1b]0;t\x07\x0dz'
expect 2 "an option with ESC exits 2" $SERVER "--fo${ESC}[1mo" zones
clean_err "... and its message holds no control byte"
says "... showing it escaped" "'--fo\\x1b[1mo'"
expect 2 "a URI with ESC and a CR exits 2" -b cn=dns,dc=x \
    -H "$(printf 'ldap://a\033[31m\rb')" zones
clean_err "... and its message holds no control byte"
says "... showing them escaped" 'ldap://a\x1b[31m\x0db'
printf 'uri = %s\nbase = cn=dns,dc=x\nk\033[31mey = 1\n' "$NOWHERE" \
    >"$T/esc.conf"
expect 2 "a configuration key with ESC exits 2" -c "$T/esc.conf" zones
clean_err "... and its message holds no control byte"
says "... showing it escaped, with FILE:LINE" "$T/esc.conf:3:"
says "... the byte escaped" '\x1b'
printf 'uri = %s\nba\302\233se = x\n' "$NOWHERE" >"$T/c1.conf"
expect 2 "a configuration key with a C1 control exits 2" -c "$T/c1.conf" zones
clean_err "... and its message holds no control byte"
long=$(printf '%0290d' 0 | tr 0 a)
expect 2 "a 300-byte name with ESC exits 2" $SERVER \
    add "_acme-challenge.${ESC}]0;x.$long.example" v
clean_err "... and its message holds no control byte"
says "... shortened, the reason kept" "bytes]...aaa"
says "... saying why" "longer than 253 bytes"
expect 2 "a 300-byte option value with a newline exits 2" $SERVER \
    --ttl "$(printf '1\n%0300d' 0)" zones
clean_err "... and its message holds no control byte"
if [ "$(wc -c <"$T/err")" -lt 400 ]; then
    ok "... and is shortened"
else
    not_ok "... and is shortened" "stderr: $(cat "$T/err")"
fi

# --- authentication -------------------------------------------------------

# No check of our own before the bind: GSSAPI may find credentials in
# places we do not look (a client keytab, gssproxy), so the server is
# tried.  The sandbox tests (t0400, t0420) check the exit 3 of the bind.
expect 1 "without Kerberos credentials the server is still tried" \
    -H "$NOWHERE" -b cn=dns,dc=x add _acme-challenge.a.example x
says "... and found unreachable" "cannot reach any LDAP server"

if ! valgrind_report; then
    not_ok "valgrind: no error and no definite leak in any run"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
