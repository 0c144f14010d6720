/*
 * TXT values: the master-file text we store must be read back by BIND as
 * exactly the bytes the user gave, and we must read stored text the way
 * BIND does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "error.h"
#include "txt.h"

static char *
encode_ok(const void *value, size_t len)
{
    char *text = NULL;

    iad_error_clear();
    assert_int_equal(iad_txt_encode(value, len, &text), IAD_OK);
    assert_non_null(text);
    return text;
}

static void
expect_encoding(const char *value, const char *expected)
{
    char *text = encode_ok(value, strlen(value));

    assert_string_equal(text, expected);
    free(text);
}

static struct iad_txt *
decode_ok(const char *text)
{
    struct iad_txt *txt = NULL;
    enum iad_error ret;

    iad_error_clear();
    ret = iad_txt_decode(text, &txt);
    if (ret != IAD_OK)
        fail_msg("decoding '%s' failed: %s", text, iad_error_message(ret));
    assert_non_null(txt);
    return txt;
}

/* Decode TEXT and expect the N strings given after it. */
static void
expect_strings(const char *text, size_t n, ...)
{
    struct iad_txt *txt = decode_ok(text);
    const unsigned char *p = txt->data;
    size_t i, total = 0;
    va_list ap;

    assert_int_equal(txt->n_strings, n);
    va_start(ap, n);
    for (i = 0; i < n; i++) {
        const char *s = va_arg(ap, const char *);

        assert_int_equal(txt->lengths[i], strlen(s));
        assert_memory_equal(p, s, strlen(s));
        p += strlen(s);
        total += strlen(s);
    }
    va_end(ap);
    assert_int_equal(txt->len, total);
    iad_txt_free(txt);
}

/* Decoding TEXT must fail with IAD_ERR_INVALID_VALUE and a message. */
static void
expect_refused(const char *text)
{
    struct iad_txt *txt = NULL;
    enum iad_error ret;

    iad_error_clear();
    ret = iad_txt_decode(text, &txt);
    if (ret != IAD_ERR_INVALID_VALUE)
        fail_msg("decoding '%s' gave %d, not IAD_ERR_INVALID_VALUE", text,
                 (int)ret);
    assert_null(txt);
    /* Recorded by iad_fail(), not the generic description. */
    assert_string_not_equal(iad_error_message(ret),
                            iad_strerror(IAD_ERR_INVALID_VALUE));
}

static void
test_encode_plain(void **state)
{
    (void)state;
    expect_encoding("gfj9Xq-Rk_0t", "\"gfj9Xq-Rk_0t\"");
    expect_encoding("a", "\"a\"");
}

static void
test_encode_escapes_quote_and_backslash(void **state)
{
    (void)state;
    expect_encoding("a\"b", "\"a\\\"b\"");
    expect_encoding("a\\b", "\"a\\\\b\"");
    expect_encoding("\\\"", "\"\\\\\\\"\"");
}

static void
test_encode_keeps_space_in_quotes(void **state)
{
    (void)state;
    expect_encoding("two words", "\"two words\"");
    expect_encoding(" ", "\" \"");
    expect_encoding("a;b(c)", "\"a;b(c)\"");
}

static void
test_encode_nonprintable_as_ddd(void **state)
{
    static const unsigned char bytes[] = { 0x00, 0x01, 0x09, 0x0a, 0x1f,
                                           0x7f, 0x80, 0xe9, 0xff };
    static const char *const texts[] = { "\"\\000\"", "\"\\001\"",
                                         "\"\\009\"", "\"\\010\"",
                                         "\"\\031\"", "\"\\127\"",
                                         "\"\\128\"", "\"\\233\"",
                                         "\"\\255\"" };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bytes); i++) {
        char *text = encode_ok(&bytes[i], 1);

        assert_string_equal(text, texts[i]);
        free(text);
    }
    /* The printable range ends at '~' and starts at ' '. */
    expect_encoding("~ !", "\"~ !\"");
}

/* The encoding of LEN bytes of 'x' must be the strings of LENS. */
static void
expect_split(size_t len, size_t n, const size_t *lens)
{
    char *value = malloc(len), *text, *expected, *p;
    size_t i;

    assert_non_null(value);
    memset(value, 'x', len);
    text = encode_ok(value, len);
    expected = malloc(len + 3 * n + 1);
    assert_non_null(expected);
    p = expected;
    for (i = 0; i < n; i++) {
        if (i > 0)
            *p++ = ' ';
        *p++ = '"';
        memset(p, 'x', lens[i]);
        p += lens[i];
        *p++ = '"';
    }
    *p = '\0';
    assert_string_equal(text, expected);
    free(expected);
    free(text);
    free(value);
}

static void
test_encode_splits_at_255(void **state)
{
    static const size_t one[] = { 255 };
    static const size_t two_short[] = { 255, 1 };
    static const size_t two[] = { 255, 45 };
    static const size_t three[] = { 255, 255, 1 };

    (void)state;
    expect_split(255, 1, one);
    expect_split(256, 2, two_short);
    expect_split(300, 2, two);
    expect_split(511, 3, three);
}

static void
test_encode_split_counts_bytes_not_text(void **state)
{
    unsigned char value[256];
    struct iad_txt *txt;
    char *text;

    (void)state;
    /* 256 bytes that each take four characters of text. */
    memset(value, 0xff, sizeof(value));
    text = encode_ok(value, sizeof(value));
    txt = decode_ok(text);
    assert_int_equal(txt->n_strings, 2);
    assert_int_equal(txt->lengths[0], 255);
    assert_int_equal(txt->lengths[1], 1);
    iad_txt_free(txt);
    free(text);
}

static void
test_encode_empty_refused(void **state)
{
    char *text = NULL;

    (void)state;
    iad_error_clear();
    assert_int_equal(iad_txt_encode((const unsigned char *)"", 0, &text),
                     IAD_ERR_INVALID_VALUE);
    assert_null(text);
}

static void
test_decode_bare_and_quoted(void **state)
{
    (void)state;
    expect_strings("tok", 1, "tok");
    expect_strings("\"tok\"", 1, "tok");
    expect_strings("two words", 2, "two", "words");
    expect_strings("\"two words\"", 1, "two words");
    expect_strings("  \"a\"\t\"b\"  ", 2, "a", "b");
    expect_strings("\"\"", 1, "");
    expect_strings("\"a;b\"", 1, "a;b");
    expect_strings("\"(a)\"", 1, "(a)");
}

static void
test_decode_escapes(void **state)
{
    (void)state;
    expect_strings("\"a\\\"b\"", 1, "a\"b");
    expect_strings("\"a\\\\b\"", 1, "a\\b");
    expect_strings("\\065\\066", 1, "AB");
    expect_strings("\"\\065 \\255\"", 1, "A \xff");
    expect_strings("\"\\x\\;\"", 1, "x;");
    expect_strings("a\\ b", 1, "a b");
}

static void
test_decode_ddd_zero(void **state)
{
    struct iad_txt *txt = decode_ok("\"a\\000b\"");

    (void)state;
    assert_int_equal(txt->n_strings, 1);
    assert_int_equal(txt->len, 3);
    assert_memory_equal(txt->data, "a\0b", 3);
    iad_txt_free(txt);
}

static void
test_decode_bad_escapes(void **state)
{
    (void)state;
    expect_refused("\"\\256\"");
    expect_refused("\"\\999\"");
    expect_refused("\"\\12\"");
    expect_refused("\"\\1a0\"");
    expect_refused("abc\\");
}

static void
test_decode_string_too_long(void **state)
{
    char text[300];
    struct iad_txt *txt;

    (void)state;
    text[0] = '"';
    memset(text + 1, 'x', 255);
    text[256] = '"';
    text[257] = '\0';
    txt = decode_ok(text);
    assert_int_equal(txt->lengths[0], 255);
    iad_txt_free(txt);

    text[0] = '"';
    memset(text + 1, 'x', 256);
    text[257] = '"';
    text[258] = '\0';
    expect_refused(text);
    /* Also when unquoted. */
    text[257] = '\0';
    expect_refused(text + 1);
}

static void
test_decode_empty_refused(void **state)
{
    (void)state;
    expect_refused("");
    expect_refused("   ");
    expect_refused("\t");
    expect_refused("; only a comment");
    expect_refused("( )");
}

static void
test_decode_unterminated(void **state)
{
    (void)state;
    expect_refused("\"abc");
    expect_refused("\"abc\\\"");
    expect_refused("\"ab\ncd\"");
}

static void
test_decode_grouping_and_comments(void **state)
{
    (void)state;
    expect_strings("( \"a\" \"b\" )", 2, "a", "b");
    expect_strings("(\"a\"\n \"b\")", 2, "a", "b");
    expect_strings("\"a\" ; a comment", 1, "a");
    expect_strings("( \"a\" ; first\n \"b\" ) ; done", 2, "a", "b");
    expect_refused("( \"a\"");
    expect_refused("\"a\" )");
}

static void
test_roundtrip_every_byte(void **state)
{
    unsigned char value[1];
    unsigned c;

    (void)state;
    for (c = 0; c < 256; c++) {
        struct iad_txt *txt;
        char *text;

        value[0] = (unsigned char)c;
        text = encode_ok(value, 1);
        txt = decode_ok(text);
        assert_int_equal(txt->n_strings, 1);
        assert_int_equal(txt->len, 1);
        if (txt->data[0] != c)
            fail_msg("byte %u came back as %u from '%s'", c, txt->data[0],
                     text);
        iad_txt_free(txt);
        free(text);
    }
}

static void
test_roundtrip_lengths(void **state)
{
    unsigned char value[600];
    size_t len, i;

    (void)state;
    for (i = 0; i < sizeof(value); i++)
        value[i] = (unsigned char)(i * 7 + 3);
    for (len = 1; len <= sizeof(value); len++) {
        struct iad_txt *txt;
        char *text = encode_ok(value, len);

        txt = decode_ok(text);
        assert_int_equal(txt->len, len);
        assert_memory_equal(txt->data, value, len);
        assert_int_equal(txt->n_strings, (len + 254) / 255);
        for (i = 0; i < txt->n_strings; i++)
            assert_true(txt->lengths[i] <= 255 && txt->lengths[i] > 0);
        iad_txt_free(txt);
        free(text);
    }
}

static void
test_check(void **state)
{
    (void)state;
    iad_error_clear();
    assert_int_equal(iad_txt_check("abc", 3), IAD_OK);
    assert_int_equal(iad_txt_check("a b\t\"\\", 6), IAD_OK);
    assert_int_equal(iad_txt_check("\xc3\xa9", 2), IAD_OK);
    assert_int_equal(iad_txt_check("", 0), IAD_ERR_INVALID_VALUE);
    assert_int_equal(iad_txt_check("a\nb", 3), IAD_ERR_INVALID_VALUE);
    assert_non_null(strstr(iad_error_message(IAD_ERR_INVALID_VALUE),
                           "line break"));
    assert_int_equal(iad_txt_check("ab\r", 3), IAD_ERR_INVALID_VALUE);
    assert_int_equal(iad_txt_check("a\0b", 3), IAD_ERR_INVALID_VALUE);
    assert_non_null(strstr(iad_error_message(IAD_ERR_INVALID_VALUE),
                           "NUL"));
}

/* A value of LEN bytes 'a', NUL-terminated; caller frees. */
static char *
value_of(size_t len)
{
    char *v = malloc(len + 1);

    assert_non_null(v);
    memset(v, 'a', len);
    v[len] = '\0';
    return v;
}

/* iad_txt_check_size() on N values of the lengths given after N. */
static enum iad_error
check_lengths(size_t n, ...)
{
    char *values[8];
    enum iad_error ret;
    size_t i;
    va_list ap;

    assert_true(n <= 8);
    va_start(ap, n);
    for (i = 0; i < n; i++)
        values[i] = value_of(va_arg(ap, size_t));
    va_end(ap);
    iad_error_clear();
    ret = iad_txt_check_size(values, n);
    for (i = 0; i < n; i++)
        free(values[i]);
    return ret;
}

static void
expect_message(const char *part)
{
    const char *msg = iad_error_message(IAD_ERR_INVALID_VALUE);

    if (strstr(msg, part) == NULL)
        fail_msg("message '%s' lacks '%s'", msg, part);
}

/* RDATA: a length byte per string of at most 255; an empty value is one
 * empty string. */
static void
test_rdata_len(void **state)
{
    (void)state;
    assert_int_equal(iad_txt_rdata_len(0), 1);
    assert_int_equal(iad_txt_rdata_len(1), 2);
    assert_int_equal(iad_txt_rdata_len(255), 256);
    assert_int_equal(iad_txt_rdata_len(256), 258);
    assert_int_equal(iad_txt_rdata_len(510), 512);
    /* The largest value whose RDATA fits RDLENGTH, and one more. */
    assert_int_equal(iad_txt_rdata_len(65279), 65535);
    assert_int_equal(iad_txt_rdata_len(65280), 65536);
}

/* The formula of txt.h: 593 fixed bytes, 12 per record. */
static void
test_size_constants(void **state)
{
    (void)state;
    assert_int_equal(IAD_TXT_RESPONSE_FIXED, 593);
    assert_int_equal(IAD_TXT_RR_FIXED, 12);
    assert_int_equal(IAD_TXT_RESPONSE_FIXED + IAD_TXT_RR_FIXED +
                     iad_txt_rdata_len(64676), IAD_TXT_MESSAGE_MAX);
}

/* One value: 64676 bytes fit in a response, 64677 do not. */
static void
test_size_single(void **state)
{
    (void)state;
    assert_int_equal(check_lengths(1, (size_t)1), IAD_OK);
    assert_int_equal(check_lengths(1, (size_t)64676), IAD_OK);
    assert_int_equal(check_lengths(1, (size_t)64677),
                     IAD_ERR_INVALID_VALUE);
    expect_message("invalid value of 64677 bytes: a DNS response holding "
                   "it would exceed 65535 bytes (a value has at most "
                   "64676)");
}

/* Past 65279 bytes the record itself cannot exist: said so. */
static void
test_size_rdata(void **state)
{
    (void)state;
    assert_int_equal(check_lengths(1, (size_t)65279),
                     IAD_ERR_INVALID_VALUE);
    expect_message("DNS response");
    assert_int_equal(check_lengths(1, (size_t)65280),
                     IAD_ERR_INVALID_VALUE);
    expect_message("invalid value of 65280 bytes: its TXT record would "
                   "take 65536 bytes, and a DNS record holds at most "
                   "65535");
    assert_int_equal(check_lengths(1, (size_t)70000),
                     IAD_ERR_INVALID_VALUE);
    expect_message("70000 bytes");
}

/* Several values: their records together, 593 + sum(12 + RDATA). */
static void
test_size_set(void **state)
{
    (void)state;
    /* RDATA 25600 + 39318: 593 + 24 + 64918 = 65535. */
    assert_int_equal(check_lengths(2, (size_t)25500, (size_t)39164),
                     IAD_OK);
    assert_int_equal(check_lengths(2, (size_t)25500, (size_t)39165),
                     IAD_ERR_INVALID_VALUE);
    expect_message("invalid values: the first 2 take 64943 bytes as TXT "
                   "records, and one DNS response holds at most 64942");
    /* Each alone fits; together they do not. */
    assert_int_equal(check_lengths(3, (size_t)30000, (size_t)30000,
                                   (size_t)30000), IAD_ERR_INVALID_VALUE);
    expect_message("the first 3");
}

/* ACME tokens: 43 bytes, 56 a record: 1159 fit, 1160 do not. */
static void
test_size_many_tokens(void **state)
{
    char **values = calloc(1160, sizeof(*values));
    size_t i;

    (void)state;
    assert_non_null(values);
    for (i = 0; i < 1160; i++)
        values[i] = value_of(43);
    iad_error_clear();
    assert_int_equal(iad_txt_check_size(values, 1159), IAD_OK);
    assert_int_equal(iad_txt_check_size(values, 1160),
                     IAD_ERR_INVALID_VALUE);
    expect_message("the first 1160 take 64960 bytes");
    assert_int_equal(iad_txt_check_size(values, 0), IAD_OK);
    for (i = 0; i < 1160; i++)
        free(values[i]);
    free(values);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_plain),
        cmocka_unit_test(test_encode_escapes_quote_and_backslash),
        cmocka_unit_test(test_encode_keeps_space_in_quotes),
        cmocka_unit_test(test_encode_nonprintable_as_ddd),
        cmocka_unit_test(test_encode_splits_at_255),
        cmocka_unit_test(test_encode_split_counts_bytes_not_text),
        cmocka_unit_test(test_encode_empty_refused),
        cmocka_unit_test(test_decode_bare_and_quoted),
        cmocka_unit_test(test_decode_escapes),
        cmocka_unit_test(test_decode_ddd_zero),
        cmocka_unit_test(test_decode_bad_escapes),
        cmocka_unit_test(test_decode_string_too_long),
        cmocka_unit_test(test_decode_empty_refused),
        cmocka_unit_test(test_decode_unterminated),
        cmocka_unit_test(test_decode_grouping_and_comments),
        cmocka_unit_test(test_roundtrip_every_byte),
        cmocka_unit_test(test_roundtrip_lengths),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_rdata_len),
        cmocka_unit_test(test_size_constants),
        cmocka_unit_test(test_size_single),
        cmocka_unit_test(test_size_rdata),
        cmocka_unit_test(test_size_set),
        cmocka_unit_test(test_size_many_tokens),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
