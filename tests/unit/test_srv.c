/* LDAP servers from _ldap._tcp SRV records, in the order to try them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "srv.h"

static void
free_uris(char **uris, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(uris[i]);
    free(uris);
}

static void
test_priority_then_weight(void **state)
{
    char *texts[] = {
        "10 100 389 ipa3.example.com.",
        "0 10 389 ipa2.example.com.",
        "0 90 3389 IPA1.Example.COM.",
    };
    char **uris = NULL;
    size_t n = 0;

    assert_int_equal(iad_srv_uris(texts, 3, &uris, &n), IAD_OK);
    assert_int_equal(n, 3);
    assert_string_equal(uris[0], "ldap://ipa1.example.com:3389");
    assert_string_equal(uris[1], "ldap://ipa2.example.com:389");
    assert_string_equal(uris[2], "ldap://ipa3.example.com:389");
    free_uris(uris, n);
}

static void
test_no_service_target_is_dropped(void **state)
{
    char *texts[] = { "0 0 389 ." };
    char **uris = NULL;
    size_t n = 7;

    assert_int_equal(iad_srv_uris(texts, 1, &uris, &n), IAD_OK);
    assert_int_equal(n, 0);
    free_uris(uris, n);
}

static void
test_malformed_records_are_errors(void **state)
{
    char *bad[][1] = { { "0 0 ipa.example.com." }, { "0 0 0 ipa." },
                       { "x 0 389 ipa." }, { "0 0 70000 ipa." } };
    char **uris = NULL;
    size_t n = 0, i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(iad_srv_uris(bad[i], 1, &uris, &n), IAD_ERR_DNS);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_priority_then_weight),
        cmocka_unit_test(test_no_service_target_is_dropped),
        cmocka_unit_test(test_malformed_records_are_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
