/* Which file modes open a keytab or configuration file to others. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "perm.h"

static void
test_private_modes_are_quiet(void **state)
{
    unsigned modes[] = { 0600, 0400, 0640, 0700, 0750, 0601, 0100600 };
    const char *fix = "untouched";
    size_t i;

    for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        assert_null(iad_perm_exposure(modes[i], &fix));
        assert_string_equal(fix, "untouched");
    }
}

static void
test_exposed_modes_say_what_and_fix(void **state)
{
    static const struct {
        unsigned mode;
        const char *what, *fix;
    } cases[] = {
        { 0644, "readable by other users", "o-rwx" },
        { 0100604, "readable by other users", "o-rwx" },
        { 0602, "writable by other users", "o-rwx" },
        { 0620, "writable by its group", "g-w" },
        { 0664, "readable by other users and writable by its group",
          "g-w,o-rwx" },
        { 0622, "writable by other users and its group", "g-w,o-rwx" },
        { 0777, "readable by other users and writable by its group",
          "g-w,o-rwx" },
    };
    const char *fix, *what;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fix = NULL;
        what = iad_perm_exposure(cases[i].mode, &fix);
        assert_non_null(what);
        assert_string_equal(what, cases[i].what);
        assert_string_equal(fix, cases[i].fix);
    }
}

/* What iad_perm_warn_fd() writes on stderr for a file of MODE. */
static char *
warning_for(unsigned mode)
{
    char path[] = "/tmp/test_perm.XXXXXX";
    char errpath[] = "/tmp/test_perm.XXXXXX";
    static char text[512];
    int fd, errfd, saved;
    ssize_t n;

    fd = mkstemp(path);
    errfd = mkstemp(errpath);
    assert_true(fd >= 0 && errfd >= 0);
    assert_int_equal(fchmod(fd, mode), 0);
    fflush(stderr);
    saved = dup(2);
    assert_true(saved >= 0);
    assert_true(dup2(errfd, 2) == 2);
    iad_perm_warn_fd(fd, "keytab", "/etc/x.keytab");
    fflush(stderr);
    assert_true(dup2(saved, 2) == 2);
    close(saved);
    n = pread(errfd, text, sizeof(text) - 1, 0);
    assert_true(n >= 0);
    text[n] = '\0';
    close(fd);
    close(errfd);
    unlink(path);
    unlink(errpath);
    return text;
}

static void
test_warning_is_one_line_naming_the_file(void **state)
{
    assert_string_equal(warning_for(0644),
                        "ipa-acme-dns: warning: keytab '/etc/x.keytab' is "
                        "readable by other users: chmod o-rwx it\n");
    assert_string_equal(warning_for(0600), "");
    assert_string_equal(warning_for(0640), "");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_private_modes_are_quiet),
        cmocka_unit_test(test_exposed_modes_say_what_and_fix),
        cmocka_unit_test(test_warning_is_one_line_naming_the_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
