/*
 * Escaping for LDAP: search filter values (RFC 4515), RDN values
 * (RFC 4514), and the filters built from names.  The checks parse the
 * output as a server would, so that any correct escaping passes and any
 * text that would change the meaning of the filter or DN fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "directory.h"
#include "tree.h"

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Decode the filter value at *P (RFC 4515 "value": no unescaped '(', ')',
 * '*' or '\', and \HH escapes) up to the closing ')' into OUT (SIZE
 * bytes); false when it is not a valid value.
 */
static bool
filter_value(const char **p, char *out, size_t size)
{
    const char *s = *p;
    size_t o = 0;

    while (*s != ')') {
        int hi, lo;

        if (*s == '\0' || *s == '(' || *s == '*' || o + 1 >= size)
            return false;
        if (*s != '\\') {
            out[o++] = *s++;
            continue;
        }
        hi = hex_value(s[1]);
        lo = hi < 0 ? -1 : hex_value(s[2]);
        if (lo < 0)
            return false;
        out[o++] = (char)(hi * 16 + lo);
        s += 3;
    }
    out[o] = '\0';
    *p = s;
    return true;
}

/*
 * Parse the filter at *P: "(&...)", "(|...)", "(!...)", "(attr=*)" or
 * "(attr=value)".  CALLBACK gets every equality term; false when the text
 * is not a valid filter.
 */
static bool
parse_filter(const char **p, void (*callback)(const char *attr,
                                              const char *value, void *),
             void *data)
{
    const char *s = *p;

    if (*s++ != '(')
        return false;
    if (*s == '&' || *s == '|' || *s == '!') {
        char op = *s++;
        int n = 0;

        while (*s == '(') {
            if (!parse_filter(&s, callback, data))
                return false;
            n++;
        }
        if (n == 0 || (op == '!' && n != 1))
            return false;
    } else {
        char attr[64], value[600];
        size_t a = 0;

        while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
               (*s >= '0' && *s <= '9') || *s == '-') {
            if (a + 1 >= sizeof(attr))
                return false;
            attr[a++] = *s++;
        }
        attr[a] = '\0';
        if (a == 0 || *s++ != '=')
            return false;
        if (s[0] == '*' && s[1] == ')') {
            s++;
        } else {
            if (!filter_value(&s, value, sizeof(value)))
                return false;
            if (callback != NULL)
                callback(attr, value, data);
        }
    }
    if (*s++ != ')')
        return false;
    *p = s;
    return true;
}

/* TEXT is one whole valid filter. */
static bool
valid_filter(const char *text)
{
    const char *p = text;

    return parse_filter(&p, NULL, NULL) && *p == '\0';
}

/* The values of the idnsName equality terms of a filter. */
struct terms {
    char values[32][300];
    size_t n;
};

static void
collect(const char *attr, const char *value, void *data)
{
    struct terms *t = data;

    if (strcmp(attr, "idnsName") != 0)
        return;
    assert_true(t->n < 32);
    snprintf(t->values[t->n++], sizeof(t->values[0]), "%s", value);
}

/* The idnsName values of the equality terms of FILTER. */
static void
filter_terms(const char *filter, struct terms *t)
{
    const char *p = filter;

    memset(t, 0, sizeof(*t));
    if (!parse_filter(&p, collect, t) || *p != '\0')
        fail_msg("'%s' is not a valid search filter", filter);
}

static bool
has_term(const struct terms *t, const char *value)
{
    size_t i;

    for (i = 0; i < t->n; i++) {
        if (strcmp(t->values[i], value) == 0)
            return true;
    }
    return false;
}

/* Escape VALUE for a filter; the result must mean exactly VALUE. */
static void
expect_filter_roundtrip(const char *value)
{
    char *escaped = iad_dir_filter_escape(value), filter[700], back[600];
    const char *p;

    assert_non_null(escaped);
    snprintf(filter, sizeof(filter), "(idnsName=%s)", escaped);
    p = filter + strlen("(idnsName=");
    if (!filter_value(&p, back, sizeof(back)) || strcmp(p, ")") != 0)
        fail_msg("'%s' escaped as '%s' breaks the filter", value, escaped);
    assert_string_equal(back, value);
    free(escaped);
}

static void
test_filter_escape_specials(void **state)
{
    char *escaped;

    (void)state;
    expect_filter_roundtrip("*");
    expect_filter_roundtrip("(");
    expect_filter_roundtrip(")");
    expect_filter_roundtrip("\\");
    expect_filter_roundtrip("a*)(objectClass=*");
    expect_filter_roundtrip("\\2a");
    expect_filter_roundtrip("\xc3\xa9t\xc3\xa9");
    expect_filter_roundtrip("_acme-challenge.www.example.com.");

    escaped = iad_dir_filter_escape("");
    assert_non_null(escaped);
    assert_string_equal(escaped, "");
    free(escaped);

    /* Harmless characters stay as they are. */
    escaped = iad_dir_filter_escape("_acme-challenge.a-b");
    assert_non_null(escaped);
    assert_string_equal(escaped, "_acme-challenge.a-b");
    free(escaped);
}

/*
 * Parse the RDN TEXT as RFC 4514 says: "attr=value" with the value's
 * escapes (\special, \HH) undone into OUT.  False when it is not valid:
 * an unescaped special, a leading '#' or space, a trailing space.
 */
static bool
parse_rdn(const char *text, const char *attr, char *out, size_t size)
{
    const char *s = text;
    size_t o = 0, len = strlen(attr);
    bool last_escaped = false;

    if (strncmp(s, attr, len) != 0 || s[len] != '=')
        return false;
    s += len + 1;
    if (*s == '#' || *s == ' ')
        return false;
    while (*s != '\0') {
        if (o + 1 >= size)
            return false;
        if (strchr(",+\"<>;", *s) != NULL)
            return false;
        if (*s != '\\') {
            out[o++] = *s++;
            last_escaped = false;
            continue;
        }
        if (s[1] != '\0' && strchr(" \"#+,;<=>\\", s[1]) != NULL) {
            out[o++] = s[1];
            s += 2;
        } else if (hex_value(s[1]) >= 0 && hex_value(s[2]) >= 0) {
            out[o++] = (char)(hex_value(s[1]) * 16 + hex_value(s[2]));
            s += 3;
        } else {
            return false;
        }
        last_escaped = true;
    }
    if (o > 0 && out[o - 1] == ' ' && !last_escaped)
        return false;
    out[o] = '\0';
    return true;
}

static void
expect_rdn(const char *value)
{
    char *rdn = iad_dir_rdn("idnsName", value), back[300];

    assert_non_null(rdn);
    if (!parse_rdn(rdn, "idnsName", back, sizeof(back)))
        fail_msg("'%s' gave the invalid RDN '%s'", value, rdn);
    assert_string_equal(back, value);
    free(rdn);
}

static void
test_rdn_escapes(void **state)
{
    static const char *const values[] = {
        "a,b", "a+b", "a\"b", "a\\b", "a<b", "a>b", "a;b", "a=b",
        "#a", "a#b", " a", "a ", " ", "  a  ", ",+\"\\<>;=#",
        "_acme-challenge.www", "\xc3\xa9t\xc3\xa9",
    };
    size_t i;
    char *rdn;

    (void)state;
    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
        expect_rdn(values[i]);

    /* An ordinary relative name is used as it is. */
    rdn = iad_dir_rdn("idnsName", "_acme-challenge.www");
    assert_non_null(rdn);
    assert_string_equal(rdn, "idnsName=_acme-challenge.www");
    free(rdn);
}

static void
test_zone_filter_has_every_suffix(void **state)
{
    static const char *const suffixes[] = {
        "_acme-challenge.a.test.example", "a.test.example", "test.example",
        "example",
    };
    char *filter = iad_tree_zone_filter("_acme-challenge.a.test.example");
    struct terms t;
    char dotted[300];
    size_t i;

    (void)state;
    assert_non_null(filter);
    assert_true(valid_filter(filter));
    /* Only zones: never a record entry that happens to have the name. */
    assert_non_null(strstr(filter, "(objectClass=idnsZone)"));
    assert_int_equal(strncmp(filter, "(&", 2), 0);
    filter_terms(filter, &t);
    assert_int_equal(t.n, 2 * 4);
    for (i = 0; i < 4; i++) {
        if (!has_term(&t, suffixes[i]))
            fail_msg("'%s' lacks '%s'", filter, suffixes[i]);
        snprintf(dotted, sizeof(dotted), "%s.", suffixes[i]);
        if (!has_term(&t, dotted))
            fail_msg("'%s' lacks '%s'", filter, dotted);
    }
    free(filter);
}

static void
test_zone_filter_escapes(void **state)
{
    char *filter = iad_tree_zone_filter("a*b.ex)(x");
    struct terms t;

    (void)state;
    assert_non_null(filter);
    assert_true(valid_filter(filter));
    filter_terms(filter, &t);
    assert_true(has_term(&t, "a*b.ex)(x"));
    assert_true(has_term(&t, "ex)(x."));
    free(filter);
}

static void
test_delegation_filter(void **state)
{
    char *filter = iad_tree_delegation_filter("_acme-challenge.www.sub");
    struct terms t;

    (void)state;
    assert_non_null(filter);
    assert_true(valid_filter(filter));
    assert_non_null(strstr(filter, "(nSRecord=*)"));
    assert_int_equal(strncmp(filter, "(&", 2), 0);
    filter_terms(filter, &t);
    assert_int_equal(t.n, 3);
    assert_true(has_term(&t, "_acme-challenge.www.sub"));
    assert_true(has_term(&t, "www.sub"));
    assert_true(has_term(&t, "sub"));
    free(filter);

    filter = iad_tree_delegation_filter("_acme-challenge");
    assert_non_null(filter);
    assert_true(valid_filter(filter));
    filter_terms(filter, &t);
    assert_int_equal(t.n, 1);
    assert_true(has_term(&t, "_acme-challenge"));
    free(filter);
}

static void
test_filter_checker_catches_breakage(void **state)
{
    /* The checker above must itself refuse what a server would. */
    (void)state;
    assert_false(valid_filter("(idnsName=a*b)(x"));
    assert_false(valid_filter("(idnsName=a)(idnsName=b)"));
    assert_false(valid_filter("(idnsName=a(b)"));
    assert_false(valid_filter("(idnsName=a\\zz)"));
    assert_false(valid_filter("(&(idnsName=a)"));
    assert_true(valid_filter("(&(a=*)(|(b=c\\2a)))"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter_escape_specials),
        cmocka_unit_test(test_rdn_escapes),
        cmocka_unit_test(test_zone_filter_has_every_suffix),
        cmocka_unit_test(test_zone_filter_escapes),
        cmocka_unit_test(test_delegation_filter),
        cmocka_unit_test(test_filter_checker_catches_breakage),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
