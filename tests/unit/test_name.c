/*
 * Owner names: what iad_name_normalize accepts and refuses, and the
 * relations between a name and the zones that may hold it.
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
#include "name.h"

/* A name of LEN bytes made of labels of at most 63 bytes: "aaa...a.bbb". */
static char *
make_name(size_t len)
{
    char *s = malloc(len + 1);
    size_t i;

    assert_non_null(s);
    for (i = 0; i < len; i++)
        s[i] = (i % 64 == 63) ? '.' : (char)('a' + i / 64 % 26);
    s[len] = '\0';
    /* A dot must not end up first or last, which would be a bad name. */
    assert_true(len == 0 || (s[0] != '.' && s[len - 1] != '.'));
    return s;
}

/* Normalize IN, expecting success, and return the result. */
static char *
normalize_ok(const char *in)
{
    char *out = NULL;

    iad_error_clear();
    assert_int_equal(iad_name_normalize(in, &out), IAD_OK);
    assert_non_null(out);
    return out;
}

/* Normalize IN, expecting IAD_ERR_INVALID_NAME and a message with WHAT. */
static void
normalize_refused(const char *in, const char *what)
{
    char *out = NULL;
    enum iad_error ret;

    iad_error_clear();
    ret = iad_name_normalize(in, &out);
    assert_int_equal(ret, IAD_ERR_INVALID_NAME);
    assert_null(out);
    if (strstr(iad_error_message(ret), what) == NULL)
        fail_msg("message '%s' does not mention '%s'",
                 iad_error_message(ret), what);
    if (strncmp(iad_error_message(ret), "invalid name", 12) != 0)
        fail_msg("message '%s' does not begin with 'invalid name'",
                 iad_error_message(ret));
}

static void
test_normalize_trailing_dot_optional(void **state)
{
    char *a = normalize_ok("_acme-challenge.www.example.com");
    char *b = normalize_ok("_acme-challenge.www.example.com.");

    (void)state;
    assert_string_equal(a, "_acme-challenge.www.example.com");
    assert_string_equal(b, "_acme-challenge.www.example.com");
    free(a);
    free(b);
}

static void
test_normalize_folds_case(void **state)
{
    char *a = normalize_ok("_ACME-Challenge.WWW.Example.COM.");

    (void)state;
    assert_string_equal(a, "_acme-challenge.www.example.com");
    free(a);
}

static void
test_normalize_keeps_allowed_chars(void **state)
{
    char *a = normalize_ok("_acme-challenge.a-0_9.z");

    (void)state;
    assert_string_equal(a, "_acme-challenge.a-0_9.z");
    free(a);
}

static void
test_normalize_empty(void **state)
{
    (void)state;
    normalize_refused("", "empty");
    normalize_refused(".", "empty");
}

static void
test_normalize_empty_label(void **state)
{
    (void)state;
    normalize_refused("a..b", "empty label");
    normalize_refused(".a.b", "empty label");
    normalize_refused("a.b..", "empty label");
}

static void
test_normalize_label_length(void **state)
{
    char label[70], name[80], *out;

    (void)state;
    memset(label, 'x', 63);
    label[63] = '\0';
    snprintf(name, sizeof(name), "%s.example", label);
    out = normalize_ok(name);
    assert_string_equal(out, name);
    free(out);

    memset(label, 'x', 64);
    label[64] = '\0';
    snprintf(name, sizeof(name), "%s.example", label);
    normalize_refused(name, "label longer than 63");
    snprintf(name, sizeof(name), "example.%s", label);
    normalize_refused(name, "label longer than 63");
}

static void
test_normalize_total_length(void **state)
{
    char *name, *dotted, *out;

    (void)state;
    name = make_name(253);
    out = normalize_ok(name);
    assert_string_equal(out, name);
    free(out);

    /* The trailing dot does not count. */
    dotted = malloc(255);
    assert_non_null(dotted);
    snprintf(dotted, 255, "%s.", name);
    out = normalize_ok(dotted);
    assert_string_equal(out, name);
    free(out);
    free(dotted);
    free(name);

    name = make_name(254);
    normalize_refused(name, "longer than 253");
    free(name);
}

static void
test_normalize_forbidden_chars(void **state)
{
    static const char *const bad[] = { ",", "=", "*", "+", "\"", "(", ")",
                                       "\\", "/", "@", "#", ";", "!" };
    char name[64], what[32];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(name, sizeof(name), "_acme-challenge.a%sb.example", bad[i]);
        /* Messages show a backslash doubled (fmt.h). */
        snprintf(what, sizeof(what), "character '%s%s'",
                 bad[i][0] == '\\' ? "\\" : "", bad[i]);
        normalize_refused(name, what);
    }
    normalize_refused("_acme-challenge.a b.example", "byte 0x20");
    normalize_refused("_acme-challenge.a\tb.example", "byte 0x09");
}

static void
test_normalize_high_bytes(void **state)
{
    char name[64];
    unsigned c;

    (void)state;
    /* An IDN must be given in its A-label form (xn--...). */
    normalize_refused("_acme-challenge.b\xc3\xa9.example", "byte 0xc3");
    for (c = 0x80; c <= 0xff; c++) {
        char out[16];

        snprintf(name, sizeof(name), "_acme-challenge.a%cb.example",
                 (char)c);
        snprintf(out, sizeof(out), "byte 0x%02x", c);
        normalize_refused(name, out);
    }
}

static void
test_is_acme(void **state)
{
    (void)state;
    assert_true(iad_name_is_acme("_acme-challenge.example.com"));
    assert_true(iad_name_is_acme("_acme-challenge.a.b.c"));
    assert_true(iad_name_is_acme("_acme-challenge"));
    assert_false(iad_name_is_acme("_acme-challengex.example.com"));
    assert_false(iad_name_is_acme("www._acme-challenge.example.com"));
    assert_false(iad_name_is_acme("_acme.example.com"));
    assert_false(iad_name_is_acme("example.com"));
    assert_false(iad_name_is_acme(""));
}

static void
test_parent(void **state)
{
    const char *name = "_acme-challenge.www.example.com";

    (void)state;
    assert_string_equal(iad_name_parent(name), "www.example.com");
    assert_ptr_equal(iad_name_parent(name), name + 16);
    assert_string_equal(iad_name_parent(iad_name_parent(name)),
                        "example.com");
    assert_string_equal(iad_name_parent("example.com"), "com");
    assert_null(iad_name_parent("com"));
}

static void
test_in_zone(void **state)
{
    (void)state;
    assert_true(iad_name_in_zone("test.example", "test.example"));
    assert_true(iad_name_in_zone("_acme-challenge.test.example",
                                 "test.example"));
    assert_true(iad_name_in_zone("a.b.test.example", "test.example"));
    assert_true(iad_name_in_zone("a.b.test.example", "example"));
    /* Only on a label boundary. */
    assert_false(iad_name_in_zone("xtest.example", "test.example"));
    assert_false(iad_name_in_zone("_acme-challenge.xtest.example",
                                  "test.example"));
    assert_false(iad_name_in_zone("test.example", "sub.test.example"));
    assert_false(iad_name_in_zone("test.example.org", "test.example"));
    assert_false(iad_name_in_zone("example", "test.example"));
}

static void
test_relative(void **state)
{
    char *rel = NULL;

    (void)state;
    assert_int_equal(iad_name_relative("_acme-challenge.www.ex.com",
                                       "ex.com", &rel), IAD_OK);
    assert_string_equal(rel, "_acme-challenge.www");
    free(rel);
    rel = NULL;

    assert_int_equal(iad_name_relative("_acme-challenge.ex.com", "ex.com",
                                       &rel), IAD_OK);
    assert_string_equal(rel, "_acme-challenge");
    free(rel);
    rel = NULL;

    /* At the apex the records live on the zone entry itself. */
    assert_int_equal(iad_name_relative("ex.com", "ex.com", &rel), IAD_OK);
    assert_string_equal(rel, "");
    free(rel);
    rel = NULL;

    iad_error_clear();
    assert_int_equal(iad_name_relative("_acme-challenge.xex.com", "ex.com",
                                       &rel), IAD_ERR_INTERNAL);
    assert_null(rel);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_trailing_dot_optional),
        cmocka_unit_test(test_normalize_folds_case),
        cmocka_unit_test(test_normalize_keeps_allowed_chars),
        cmocka_unit_test(test_normalize_empty),
        cmocka_unit_test(test_normalize_empty_label),
        cmocka_unit_test(test_normalize_label_length),
        cmocka_unit_test(test_normalize_total_length),
        cmocka_unit_test(test_normalize_forbidden_chars),
        cmocka_unit_test(test_normalize_high_bytes),
        cmocka_unit_test(test_is_acme),
        cmocka_unit_test(test_parent),
        cmocka_unit_test(test_in_zone),
        cmocka_unit_test(test_relative),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
