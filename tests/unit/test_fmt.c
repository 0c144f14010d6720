/*
 * The message formatter: every text argument escaped, long ones shortened
 * with the reason kept, every other conversion as printf does it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>

#include "error.h"
#include "fmt.h"

static char out[IAD_FMT_MESSAGE_MAX];

/* What the formatter makes of "<%s>" with S. */
static const char *
shown(const char *s)
{
    iad_format(out, sizeof(out), "<%s>", s);
    return out;
}

/* Whether OUT holds only printable ASCII and bytes >= 0x80. */
static int
no_control_bytes(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

static void
test_escape_sequences(void **state)
{
    (void)state;
    assert_string_equal(shown("a\033[31mred\033[0m"),
                        "<a\\x1b[31mred\\x1b[0m>");
    assert_string_equal(shown("a\nb"), "<a\\x0ab>");
    assert_string_equal(shown("a\rb"), "<a\\x0db>");
    assert_string_equal(shown("\x01\x08\t\x1f\x7f"),
                        "<\\x01\\x08\\x09\\x1f\\x7f>");
}

static void
test_backslash_and_quotes(void **state)
{
    (void)state;
    /* A backslash always starts an escape: the input's own is doubled,
     * so a literal "\x1b" cannot pass for an ESC byte. */
    assert_string_equal(shown("\\x1b"), "<\\\\x1b>");
    assert_string_equal(shown("it's \"q\""), "<it's \"q\">");
}

static void
test_utf8(void **state)
{
    (void)state;
    /* Valid multibyte UTF-8 is kept. */
    assert_string_equal(shown("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
                        "<caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80>");
    /* C1 controls (U+0085, U+009B CSI), bidi overrides, separators. */
    assert_string_equal(shown("\xc2\x85\xc2\x9b"),
                        "<\\xc2\\x85\\xc2\\x9b>");
    assert_string_equal(shown("a\xe2\x80\xae" "b"),
                        "<a\\xe2\\x80\\xaeb>");
    assert_string_equal(shown("\xe2\x80\xa8\xe2\x81\xa6"),
                        "<\\xe2\\x80\\xa8\\xe2\\x81\\xa6>");
    /* Not UTF-8: a lone byte, a cut sequence, overlong forms, a
     * surrogate, a code point above U+10FFFF. */
    assert_string_equal(shown("\xff\xfe"), "<\\xff\\xfe>");
    assert_string_equal(shown("\xc3"), "<\\xc3>");
    assert_string_equal(shown("\xe2\x82x"), "<\\xe2\\x82x>");
    assert_string_equal(shown("\xc0\xaf"), "<\\xc0\\xaf>");
    assert_string_equal(shown("\xe0\x80\xaf"), "<\\xe0\\x80\\xaf>");
    assert_string_equal(shown("\xed\xa0\x80"), "<\\xed\\xa0\\x80>");
    assert_string_equal(shown("\xf4\x90\x80\x80"),
                        "<\\xf4\\x90\\x80\\x80>");
}

static void
test_precision_and_char(void **state)
{
    (void)state;
    iad_format(out, sizeof(out), "[%.3s|%.*s]", "a\nbcdef", 2, "\033xyz");
    assert_string_equal(out, "[a\\x0ab|\\x1bx]");
    iad_format(out, sizeof(out), "'%c' '%c' '%c'", 'x', '\n', 0xe9);
    assert_string_equal(out, "'x' '\\x0a' '\\xe9'");
    iad_format(out, sizeof(out), "[%5s|%-4s|%s]", "ab", "\033",
               getenv("IAD_TEST_NO_SUCH_VARIABLE"));
    assert_string_equal(out, "[   ab|\\x1b|(null)]");
}

static void
test_long_argument(void **state)
{
    char big[2001];
    size_t n;

    (void)state;
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    big[0] = 'H';
    big[sizeof(big) - 2] = 'T';
    n = iad_format(out, sizeof(out), "container '%s' does not exist", big);
    assert_int_equal(n, strlen(out));
    assert_true(n < 280);
    assert_non_null(strstr(out, "...[2000 bytes]..."));
    assert_true(strncmp(out, "container 'Hxxx", 15) == 0);
    assert_non_null(strstr(out, "xxT' does not exist"));
    /* Escapes count in the length, and are never cut in two. */
    memset(big, '\033', sizeof(big) - 1);
    iad_format(out, sizeof(out), "'%s' why", big);
    assert_true(strlen(out) <= IAD_FMT_ARG_MAX + 20);
    assert_non_null(strstr(out, "\\x1b...[2000 bytes]...\\x1b"));
    assert_non_null(strstr(out, "\\x1b' why"));
    assert_true(no_control_bytes(out));
    /* An argument just at the limit is shown whole. */
    big[IAD_FMT_ARG_MAX] = '\0';
    memset(big, 'y', IAD_FMT_ARG_MAX);
    assert_int_equal(iad_format(out, sizeof(out), "%s", big),
                     IAD_FMT_ARG_MAX);
}

static void
test_several_long_arguments(void **state)
{
    char big[5000];
    size_t n;

    (void)state;
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    n = iad_format(out, sizeof(out), "%s %s %s %s %s %s %s %s: the reason",
                   big, big, big, big, big, big, big, big);
    assert_true(n < sizeof(out));
    assert_non_null(strstr(out, "zzz: the reason"));
}

static void
test_integer_conversions(void **state)
{
    char want[256];

    (void)state;
    iad_format(out, sizeof(out), "%d %i %u %x %X %o %c %%", -5, 7, 4000000000u,
               255u, 255u, 8u, 'q');
    assert_string_equal(out, "-5 7 4000000000 ff FF 10 q %");
    iad_format(out, sizeof(out), "%ld %lu %lld %llu %zu %zd %jd %td",
               -1L, 2UL, -3LL, 4ULL, (size_t)5, (ssize_t)-6, (intmax_t)7,
               (ptrdiff_t)-8);
    assert_string_equal(out, "-1 2 -3 4 5 -6 7 -8");
    iad_format(out, sizeof(out), "%hhd %hd %hu %lx", 65, -2, 65535, 0xabcUL);
    assert_string_equal(out, "65 -2 65535 abc");
    iad_format(out, sizeof(out), "[%5d|%-5d|%05d|%+d|% d|%#x|%.3d]", 42, 42,
               42, 42, 42, 42u, 7);
    assert_string_equal(out, "[   42|42   |00042|+42| 42|0x2a|007]");
    iad_format(out, sizeof(out), "[%*d|%-*d|%*d|%.*d]", 4, 1, 3, 2, -3, 3,
               2, 4);
    assert_string_equal(out, "[   1|2  |3  |04]");
    iad_format(out, sizeof(out), "%02x:%lu ms %s", 0xau, 1234567890123UL,
               "end");
    assert_string_equal(out, "0a:1234567890123 ms end");
    snprintf(want, sizeof(want), "%p %.2f", (void *)out, 1.5);
    iad_format(out, sizeof(out), "%p %.2f", (void *)out, 1.5);
    assert_string_equal(out, want);
}

static void
test_small_buffer(void **state)
{
    char small[8];

    (void)state;
    assert_int_equal(iad_format(small, sizeof(small), "%s-%d", "abcdef",
                                123), 10);
    assert_string_equal(small, "abcdef-");
    assert_int_equal(iad_format(small, sizeof(small), "ab%s", "\033\033"),
                     10);
    assert_string_equal(small, "ab\\x1b\\");
}

static void
test_verbatim(void **state)
{
    char big[1000];
    const char *message;

    (void)state;
    memset(big, 'w', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    /* A message formatted before is neither shortened nor escaped
     * again; a control byte given by mistake is still escaped. */
    iad_fail(IAD_ERR_CONFIG, "'%s' and '%s': the reason", big, "a\\b\033");
    message = iad_error_message(IAD_ERR_CONFIG);
    assert_non_null(strstr(message, "'a\\\\b\\x1b': the reason"));
    iad_fail(IAD_ERR_LDAP, "outer: %-s", message);
    message = iad_error_message(IAD_ERR_LDAP);
    assert_true(strncmp(message, "outer: 'www", 11) == 0);
    assert_non_null(strstr(message, "'a\\\\b\\x1b': the reason"));
    iad_format(out, sizeof(out), "%-s", "a\nb\\x");
    assert_string_equal(out, "a\\x0ab\\x");
    iad_error_clear();
}

static void
test_escape_with_nul(void **state)
{
    char small[64];

    (void)state;
    assert_int_equal(iad_fmt_escape(small, sizeof(small), "a\0b\\", 4), 8);
    assert_string_equal(small, "a\\x00b\\\\");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_sequences),
        cmocka_unit_test(test_backslash_and_quotes),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_precision_and_char),
        cmocka_unit_test(test_long_argument),
        cmocka_unit_test(test_several_long_arguments),
        cmocka_unit_test(test_integer_conversions),
        cmocka_unit_test(test_small_buffer),
        cmocka_unit_test(test_verbatim),
        cmocka_unit_test(test_escape_with_nul),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
