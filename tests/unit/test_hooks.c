/* The hook conventions of certbot, lego, dehydrated and uacme. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hooks.h"

/* A fake environment: NAME=VALUE strings. */
static const char *const *fake_env;

static const char *
env(const char *name)
{
    size_t len = strlen(name), i;

    for (i = 0; fake_env != NULL && fake_env[i] != NULL; i++) {
        if (strncmp(fake_env[i], name, len) == 0 && fake_env[i][len] == '=')
            return fake_env[i] + len + 1;
    }
    return NULL;
}

static void
parse_ok(const char *mode, int n, char **args, const char *const *e,
         struct iad_hook_plan *plan)
{
    fake_env = e;
    assert_int_equal(iad_hook_parse(mode, n, args, env, plan), IAD_OK);
}

static void
test_certbot_auth_and_cleanup(void **state)
{
    static const char *const auth[] = { "CERTBOT_DOMAIN=www.example.com",
                                        "CERTBOT_VALIDATION=v1", NULL };
    static const char *const cleanup[] = {
        "CERTBOT_DOMAIN=www.example.com", "CERTBOT_VALIDATION=v1",
        "CERTBOT_AUTH_OUTPUT=", NULL };
    struct iad_hook_plan plan;

    parse_ok("certbot", 0, NULL, auth, &plan);
    assert_int_equal(plan.op, IAD_HOOK_ADD);
    assert_int_equal(plan.n_records, 1);
    assert_string_equal(plan.records[0].name,
                        "_acme-challenge.www.example.com");
    assert_string_equal(plan.records[0].value, "v1");
    assert_string_equal(plan.label, "certbot auth");
    iad_hook_plan_release(&plan);

    /* An empty CERTBOT_AUTH_OUTPUT still means cleanup. */
    parse_ok("certbot", 0, NULL, cleanup, &plan);
    assert_int_equal(plan.op, IAD_HOOK_DEL);
    assert_string_equal(plan.label, "certbot cleanup");
    iad_hook_plan_release(&plan);
}

static void
test_certbot_identifier_wins_and_wildcards(void **state)
{
    static const char *const e[] = { "CERTBOT_DOMAIN=old.example.com",
                                     "CERTBOT_IDENTIFIER=*.example.com",
                                     "CERTBOT_VALIDATION=v", NULL };
    struct iad_hook_plan plan;

    parse_ok("certbot", 0, NULL, e, &plan);
    assert_string_equal(plan.records[0].name, "_acme-challenge.example.com");
    iad_hook_plan_release(&plan);
}

static void
test_certbot_outside_certbot(void **state)
{
    static const char *const e[] = { NULL };
    struct iad_hook_plan plan;

    fake_env = e;
    assert_int_equal(iad_hook_parse("certbot", 0, NULL, env, &plan),
                     IAD_ERR_USAGE);
}

static void
test_lego_default_and_raw(void **state)
{
    char *present[] = { "present", "_acme-challenge.a.example.com.", "val" };
    char *cleanup[] = { "cleanup", "_acme-challenge.a.example.com.", "val" };
    /* SHA-256("abc") is the FIPS 180-2 test vector; this is its
     * base64url form without padding. */
    char *raw[] = { "present", "--", "a.example.com", "tok", "abc" };
    struct iad_hook_plan plan;

    parse_ok("lego", 3, present, NULL, &plan);
    assert_int_equal(plan.op, IAD_HOOK_ADD);
    assert_string_equal(plan.records[0].name,
                        "_acme-challenge.a.example.com.");
    assert_string_equal(plan.records[0].value, "val");
    iad_hook_plan_release(&plan);
    parse_ok("lego", 3, cleanup, NULL, &plan);
    assert_int_equal(plan.op, IAD_HOOK_DEL);
    iad_hook_plan_release(&plan);
    parse_ok("lego", 5, raw, NULL, &plan);
    assert_string_equal(plan.records[0].name, "_acme-challenge.a.example.com");
    assert_string_equal(plan.records[0].value,
                        "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    iad_hook_plan_release(&plan);
}

static void
test_lego_bad_calls(void **state)
{
    char *few[] = { "present", "x" };
    char *none[] = { NULL };
    struct iad_hook_plan plan;

    fake_env = NULL;
    assert_int_equal(iad_hook_parse("lego", 2, few, env, &plan),
                     IAD_ERR_USAGE);
    assert_int_equal(iad_hook_parse("lego", 0, none, env, &plan),
                     IAD_ERR_USAGE);
}

static void
test_dehydrated_chain_and_other_handlers(void **state)
{
    char *deploy[] = { "deploy_challenge", "example.com", "f1", "v1",
                       "*.example.com", "f2", "v2" };
    char *clean[] = { "clean_challenge", "example.com", "f1", "v1" };
    char *other[] = { "deploy_cert", "example.com", "k", "c", "f", "ch",
                      "ts" };
    char *unknown[] = { "some_future_handler" };
    char *broken[] = { "deploy_challenge", "example.com", "f1" };
    char *empty[] = { "deploy_challenge", "", "f1", "v1" };
    char *star[] = { "deploy_challenge", "*.", "f1", "v1" };
    struct iad_hook_plan plan;

    parse_ok("dehydrated", 7, deploy, NULL, &plan);
    assert_int_equal(plan.op, IAD_HOOK_ADD);
    assert_int_equal(plan.n_records, 2);
    assert_string_equal(plan.records[0].name, "_acme-challenge.example.com");
    assert_string_equal(plan.records[0].value, "v1");
    assert_string_equal(plan.records[1].name, "_acme-challenge.example.com");
    assert_string_equal(plan.records[1].value, "v2");
    iad_hook_plan_release(&plan);
    parse_ok("dehydrated", 4, clean, NULL, &plan);
    assert_int_equal(plan.op, IAD_HOOK_DEL);
    iad_hook_plan_release(&plan);
    parse_ok("dehydrated", 7, other, NULL, &plan);
    assert_int_equal(plan.op, IAD_HOOK_NOTHING);
    parse_ok("dehydrated", 1, unknown, NULL, &plan);
    assert_int_equal(plan.op, IAD_HOOK_NOTHING);
    fake_env = NULL;
    assert_int_equal(iad_hook_parse("dehydrated", 3, broken, env, &plan),
                     IAD_ERR_USAGE);
    /* An empty domain is no name: not "_acme-challenge." alone. */
    assert_int_equal(iad_hook_parse("dehydrated", 4, empty, env, &plan),
                     IAD_ERR_INVALID_NAME);
    assert_int_equal(iad_hook_parse("dehydrated", 4, star, env, &plan),
                     IAD_ERR_INVALID_NAME);
}

static void
test_uacme_methods_and_types(void **state)
{
    char *begin[] = { "begin", "dns-01", "example.com", "tok", "auth" };
    char *done[] = { "done", "dns-01", "example.com", "tok", "auth" };
    char *failed[] = { "failed", "dns-01", "example.com", "tok", "auth" };
    char *http[] = { "begin", "http-01", "example.com", "tok", "auth" };
    static const char *const e[] = { "UACME_METHOD=begin",
                                     "UACME_TYPE=dns-01",
                                     "UACME_IDENT=e.example.com",
                                     "UACME_TOKEN=t", "UACME_AUTH=a", NULL };
    struct iad_hook_plan plan;

    parse_ok("uacme", 5, begin, NULL, &plan);
    assert_int_equal(plan.op, IAD_HOOK_ADD);
    assert_string_equal(plan.records[0].value, "auth");
    assert_string_equal(plan.records[0].name, "_acme-challenge.example.com");
    iad_hook_plan_release(&plan);
    parse_ok("uacme", 5, done, NULL, &plan);
    assert_int_equal(plan.op, IAD_HOOK_DEL);
    iad_hook_plan_release(&plan);
    parse_ok("uacme", 5, failed, NULL, &plan);
    assert_int_equal(plan.op, IAD_HOOK_DEL);
    iad_hook_plan_release(&plan);
    parse_ok("uacme", 0, NULL, e, &plan);
    assert_string_equal(plan.records[0].name,
                        "_acme-challenge.e.example.com");
    iad_hook_plan_release(&plan);
    /* Another type: exit status 1, so that uacme tries another. */
    fake_env = NULL;
    assert_int_equal(iad_hook_parse("uacme", 5, http, env, &plan),
                     IAD_ERR_DECLINED);
}

static void
test_modes(void **state)
{
    assert_true(iad_hook_is_mode("certbot"));
    assert_true(iad_hook_is_mode("uacme"));
    assert_false(iad_hook_is_mode("add"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_certbot_auth_and_cleanup),
        cmocka_unit_test(test_certbot_identifier_wins_and_wildcards),
        cmocka_unit_test(test_certbot_outside_certbot),
        cmocka_unit_test(test_lego_default_and_raw),
        cmocka_unit_test(test_lego_bad_calls),
        cmocka_unit_test(test_dehydrated_chain_and_other_handlers),
        cmocka_unit_test(test_uacme_methods_and_types),
        cmocka_unit_test(test_modes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
