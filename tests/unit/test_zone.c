/*
 * Which zone holds a name, as bind-dyndb-ldap decides it, and refusing
 * names at or below a delegation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "error.h"
#include "zone.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct iad_zone *
choose_ok(const char *name, const struct iad_zone *zones, size_t n)
{
    const struct iad_zone *zone = NULL;
    enum iad_error ret;

    iad_error_clear();
    ret = iad_zone_choose(name, zones, n, &zone);
    if (ret != IAD_OK)
        fail_msg("no zone for '%s': %s", name, iad_error_message(ret));
    assert_non_null(zone);
    return zone;
}

static void
test_longest_active_zone_wins(void **state)
{
    static const struct iad_zone zones[] = {
        { "example", "idnsname=example,cn=dns", true },
        { "test.example", "idnsname=test.example,cn=dns", true },
        { "sub.test.example", "idnsname=sub.test.example,cn=dns", true },
        { "other.example", "idnsname=other.example,cn=dns", true },
    };

    (void)state;
    assert_ptr_equal(choose_ok("_acme-challenge.www.sub.test.example",
                               zones, N(zones)), &zones[2]);
    assert_ptr_equal(choose_ok("_acme-challenge.sub.test.example", zones,
                               N(zones)), &zones[2]);
    assert_ptr_equal(choose_ok("_acme-challenge.test.example", zones,
                               N(zones)), &zones[1]);
    /* "xsub.test.example" is not in "sub.test.example". */
    assert_ptr_equal(choose_ok("_acme-challenge.xsub.test.example", zones,
                               N(zones)), &zones[1]);
    assert_ptr_equal(choose_ok("_acme-challenge.foo.example", zones,
                               N(zones)), &zones[0]);
}

static void
test_order_does_not_matter(void **state)
{
    static const struct iad_zone zones[] = {
        { "sub.test.example", "idnsname=sub.test.example,cn=dns", true },
        { "test.example", "idnsname=test.example,cn=dns", true },
    };

    (void)state;
    assert_ptr_equal(choose_ok("_acme-challenge.sub.test.example", zones,
                               N(zones)), &zones[0]);
}

static void
test_longer_disabled_zone_refused(void **state)
{
    static const struct iad_zone zones[] = {
        { "test.example", "idnsname=test.example,cn=dns", true },
        { "sub.test.example", "idnsname=sub.test.example,cn=dns", false },
    };
    const struct iad_zone *zone = NULL;
    enum iad_error ret;

    (void)state;
    /* BIND serves the disabled zone's names from nowhere: writing them
     * into the parent would never be seen. */
    iad_error_clear();
    ret = iad_zone_choose("_acme-challenge.sub.test.example", zones,
                          N(zones), &zone);
    assert_int_equal(ret, IAD_ERR_ZONE_DISABLED);
    assert_null(zone);
    assert_non_null(strstr(iad_error_message(ret), "'sub.test.example.'"));
    assert_non_null(strstr(iad_error_message(ret), "disabled"));
}

static void
test_shorter_disabled_zone_ignored(void **state)
{
    static const struct iad_zone zones[] = {
        { "example", "idnsname=example,cn=dns", false },
        { "test.example", "idnsname=test.example,cn=dns", true },
    };

    (void)state;
    assert_ptr_equal(choose_ok("_acme-challenge.test.example", zones,
                               N(zones)), &zones[1]);
}

static void
test_no_zone(void **state)
{
    static const struct iad_zone zones[] = {
        { "test.example", "idnsname=test.example,cn=dns", true },
    };
    const struct iad_zone *zone = NULL;
    enum iad_error ret;

    (void)state;
    iad_error_clear();
    ret = iad_zone_choose("_acme-challenge.xtest.example", zones, N(zones),
                          &zone);
    assert_int_equal(ret, IAD_ERR_NO_ZONE);
    assert_null(zone);
    assert_non_null(strstr(iad_error_message(ret),
                           "'_acme-challenge.xtest.example.'"));

    iad_error_clear();
    assert_int_equal(iad_zone_choose("_acme-challenge.test.example", NULL,
                                     0, &zone), IAD_ERR_NO_ZONE);
    assert_null(zone);
}

static void
test_duplicate_active_wins(void **state)
{
    /* The same zone with and without a trailing dot, one disabled. */
    static const struct iad_zone first_off[] = {
        { "test.example", "idnsname=test.example.,cn=dns", false },
        { "test.example", "idnsname=test.example,cn=dns", true },
    };
    static const struct iad_zone first_on[] = {
        { "test.example", "idnsname=test.example,cn=dns", true },
        { "test.example", "idnsname=test.example.,cn=dns", false },
    };

    (void)state;
    assert_ptr_equal(choose_ok("_acme-challenge.test.example", first_off,
                               N(first_off)), &first_off[1]);
    assert_ptr_equal(choose_ok("_acme-challenge.test.example", first_on,
                               N(first_on)), &first_on[0]);
}

static enum iad_error
check(const char *name, const char *zone, char *const *ns, size_t n)
{
    iad_error_clear();
    return iad_zone_check_delegation(name, zone, ns, n);
}

static void
test_delegation(void **state)
{
    char *ns[] = { "www", "deep.sub" };
    enum iad_error ret;

    (void)state;
    /* At the delegation point. */
    ret = check("www.test.example", "test.example", ns, N(ns));
    assert_int_equal(ret, IAD_ERR_DELEGATED);
    assert_non_null(strstr(iad_error_message(ret), "'www.test.example.'"));
    /* Below it. */
    assert_int_equal(check("_acme-challenge.www.test.example",
                           "test.example", ns, N(ns)), IAD_ERR_DELEGATED);
    assert_int_equal(check("_acme-challenge.a.deep.sub.test.example",
                           "test.example", ns, N(ns)), IAD_ERR_DELEGATED);
    /* Beside it, above it, or sharing only a suffix of a label. */
    assert_int_equal(check("_acme-challenge.wwww.test.example",
                           "test.example", ns, N(ns)), IAD_OK);
    assert_int_equal(check("_acme-challenge.test.example", "test.example",
                           ns, N(ns)), IAD_OK);
    assert_int_equal(check("_acme-challenge.sub.test.example",
                           "test.example", ns, N(ns)), IAD_OK);
    assert_int_equal(check("_acme-challenge.www.test.example",
                           "test.example", NULL, 0), IAD_OK);
}

static void
test_delegation_name_forms(void **state)
{
    char *upper[] = { "WWW" };
    char *dotted[] = { "www." };

    (void)state;
    assert_int_equal(check("_acme-challenge.www.test.example",
                           "test.example", upper, N(upper)),
                     IAD_ERR_DELEGATED);
    assert_int_equal(check("_acme-challenge.www.test.example",
                           "test.example", dotted, N(dotted)),
                     IAD_ERR_DELEGATED);
}

static void
test_apex_is_not_a_delegation(void **state)
{
    /* The zone's own NS records live on the apex entry. */
    char *apex[] = { "@", "" };

    (void)state;
    assert_int_equal(check("_acme-challenge.test.example", "test.example",
                           apex, N(apex)), IAD_OK);
    assert_int_equal(check("_acme-challenge.www.test.example",
                           "test.example", apex, N(apex)), IAD_OK);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_longest_active_zone_wins),
        cmocka_unit_test(test_order_does_not_matter),
        cmocka_unit_test(test_longer_disabled_zone_refused),
        cmocka_unit_test(test_shorter_disabled_zone_ignored),
        cmocka_unit_test(test_no_zone),
        cmocka_unit_test(test_duplicate_active_wins),
        cmocka_unit_test(test_delegation),
        cmocka_unit_test(test_delegation_name_forms),
        cmocka_unit_test(test_apex_is_not_a_delegation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
