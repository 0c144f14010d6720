# Sourced by tests/lib.sh and tests/t0002-cli.sh, once $IAD is set.
#
# IAD_VALGRIND=1 runs every ipa-acme-dns a test starts (itself, through
# run_iad, or as the hook an ACME client calls) under valgrind's
# memcheck: $IAD becomes a wrapper script that runs the program under
# the name it was called by (so that a link ipa-acme-dns-MODE still picks
# its hook mode), each invocation with its own log in
# $IAD_VALGRIND_DIR/TEST/log/PID.log (default tests/valgrind in the build
# tree).  An error or a definite leak makes that run exit 97, and
# valgrind_report, at the end of the test, counts the invocations and
# those with errors.  Suppressions: tests/valgrind.supp.
#
# IAD_SLOW_MS is how much longer than usual a test lets one run take in
# its upper time bounds: 0, or IAD_VALGRIND_SLOW_MS (default 20000)
# under valgrind, which makes each run start seconds later.

IAD_SLOW_MS=0
IAD_VALGRIND_EXIT=97
vg_dir=
if [ "${IAD_VALGRIND:-0}" = 1 ]; then
    case $IAD in
    /*) vg_real=$IAD ;;
    *) vg_real=$PWD/$IAD ;;
    esac
    vg_top=${IAD_VALGRIND_DIR:-$top_builddir/tests/valgrind}
    case $vg_top in
    /*) ;;
    *) vg_top=$PWD/$vg_top ;;
    esac
    vg_dir=$vg_top/$(basename "$0" .sh)
    rm -rf "$vg_dir"
    mkdir -p "$vg_dir/bin" "$vg_dir/real" "$vg_dir/log"
    cat >"$vg_dir/bin/ipa-acme-dns" <<WRAPPER
#!/bin/sh
# ipa-acme-dns under valgrind, for tests/valgrind.sh.
name=\$(basename "\$0")
if [ ! -e "$vg_dir/real/\$name" ]; then
    ln -sf "$vg_real" "$vg_dir/real/\$name"
fi
exec valgrind --error-exitcode=$IAD_VALGRIND_EXIT --leak-check=full \\
    --show-leak-kinds=definite --errors-for-leak-kinds=definite \\
    --num-callers=40 --suppressions="$top_srcdir/tests/valgrind.supp" \\
    --child-silent-after-fork=yes \\
    --log-file="$vg_dir/log/%p.log" "$vg_dir/real/\$name" "\$@"
WRAPPER
    chmod 755 "$vg_dir/bin/ipa-acme-dns"
    IAD=$vg_dir/bin/ipa-acme-dns
    IAD_SLOW_MS=${IAD_VALGRIND_SLOW_MS:-20000}
fi

# valgrind_report: under IAD_VALGRIND=1, print "# valgrind: N
# invocations, E with errors" (and the logs of those), and return 1 when
# E is not 0.  A log without valgrind's final summary (a run killed, or
# still running) is counted apart, as unfinished.
valgrind_report() {
    [ -n "$vg_dir" ] || return 0
    vg_n=0 vg_bad=0 vg_open=0
    for vg_log in "$vg_dir"/log/*.log; do
        [ -f "$vg_log" ] || continue
        vg_n=$((vg_n + 1))
        vg_errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' \
            "$vg_log" | tail -n 1)
        if [ -z "$vg_errors" ]; then
            vg_open=$((vg_open + 1))
        elif [ "$vg_errors" -ne 0 ]; then
            vg_bad=$((vg_bad + 1))
            echo "# valgrind: $vg_errors errors in $vg_log"
        fi
    done
    echo "# valgrind: $vg_n invocations, $vg_bad with errors," \
        "$vg_open unfinished"
    [ "$vg_bad" -eq 0 ]
}
