/* ACME clients' hook conventions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "hooks.h"
#include "name.h"

static const char *const modes[] = { "certbot", "lego", "dehydrated",
                                     "uacme" };

int
iad_hook_is_mode(const char *word)
{
    size_t i;

    for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        if (strcmp(word, modes[i]) == 0)
            return 1;
    }
    return 0;
}

void
iad_hook_plan_release(struct iad_hook_plan *plan)
{
    size_t i;

    for (i = 0; i < plan->n_records; i++) {
        free(plan->records[i].name);
        free(plan->records[i].value);
    }
    free(plan->records);
    memset(plan, 0, sizeof(*plan));
}

/*
 * Add a record for DOMAIN (prefixing _acme-challenge. unless PREFIXED)
 * with VALUE to PLAN.
 */
static enum iad_error
push(struct iad_hook_plan *plan, const char *domain, int prefixed,
     const char *value)
{
    struct iad_hook_record *grown;
    size_t len;
    char *name;

    /* A wildcard's challenge lives at its base name (RFC 8555 8.4). */
    if (!prefixed && strncmp(domain, "*.", 2) == 0)
        domain += 2;
    /* Else "_acme-challenge." alone would be looked up, in no zone. */
    if (domain[0] == '\0')
        return iad_fail(IAD_ERR_INVALID_NAME, "invalid name: the client "
                        "gave an empty domain");
    len = strlen(domain) + sizeof(IAD_ACME_LABEL) + 1;
    name = malloc(len);
    if (name == NULL)
        return IAD_ERR_NOMEM;
    if (prefixed)
        snprintf(name, len, "%s", domain);
    else
        snprintf(name, len, "%s.%s", IAD_ACME_LABEL, domain);
    grown = realloc(plan->records, (plan->n_records + 1) * sizeof(*grown));
    if (grown == NULL) {
        free(name);
        return IAD_ERR_NOMEM;
    }
    plan->records = grown;
    grown[plan->n_records].name = name;
    grown[plan->n_records].value = strdup(value);
    if (grown[plan->n_records].value == NULL) {
        free(name);
        return IAD_ERR_NOMEM;
    }
    plan->n_records++;
    return IAD_OK;
}

static const char *
nonempty(iad_hook_env_fn env, const char *name)
{
    const char *v = env(name);

    return v != NULL && v[0] != '\0' ? v : NULL;
}

static enum iad_error
parse_certbot(int n, char *const *args, iad_hook_env_fn env,
              struct iad_hook_plan *plan)
{
    const char *domain = nonempty(env, "CERTBOT_IDENTIFIER");
    const char *value = nonempty(env, "CERTBOT_VALIDATION");

    if (domain == NULL)
        domain = nonempty(env, "CERTBOT_DOMAIN");
    if (n > 0)
        return iad_fail(IAD_ERR_USAGE, "certbot mode takes no arguments: "
                        "certbot passes everything in CERTBOT_* variables");
    if (domain == NULL || value == NULL)
        return iad_fail(IAD_ERR_USAGE, "CERTBOT_DOMAIN and "
                        "CERTBOT_VALIDATION are not set: use 'ipa-acme-dns "
                        "certbot' as certbot's --manual-auth-hook and "
                        "--manual-cleanup-hook");
    /* certbot sets CERTBOT_AUTH_OUTPUT for the cleanup hook only. */
    if (env("CERTBOT_AUTH_OUTPUT") != NULL) {
        plan->op = IAD_HOOK_DEL;
        snprintf(plan->label, sizeof(plan->label), "certbot cleanup");
    } else {
        plan->op = IAD_HOOK_ADD;
        snprintf(plan->label, sizeof(plan->label), "certbot auth");
    }
    return push(plan, domain, 0, value);
}

static enum iad_error
parse_lego(int n, char *const *args, struct iad_hook_plan *plan)
{
    enum iad_error ret;
    char *value = NULL;

    if (n < 1 || (strcmp(args[0], "present") != 0 &&
                  strcmp(args[0], "cleanup") != 0)) {
        /* lego may grow other subcommands: ignore them. */
        if (n >= 1 && strcmp(args[0], "timeout") != 0) {
            plan->op = IAD_HOOK_NOTHING;
            return IAD_OK;
        }
        return iad_fail(IAD_ERR_USAGE, "usage: lego mode: present|cleanup "
                        "FQDN VALUE, or present|cleanup -- DOMAIN TOKEN "
                        "KEYAUTH (EXEC_MODE=RAW)");
    }
    plan->op = strcmp(args[0], "present") == 0 ? IAD_HOOK_ADD
                                               : IAD_HOOK_DEL;
    snprintf(plan->label, sizeof(plan->label), "lego %s", args[0]);
    if (n == 3 && strcmp(args[1], "--") != 0)
        return push(plan, args[1], 1, args[2]);
    if (n == 5 && strcmp(args[1], "--") == 0) {
        /* EXEC_MODE=RAW: the value is ours to compute. */
        ret = iad_dns01_value(args[4], &value);
        if (ret == IAD_OK)
            ret = push(plan, args[2], 0, value);
        free(value);
        return ret;
    }
    return iad_fail(IAD_ERR_USAGE, "usage: lego mode: present|cleanup FQDN "
                    "VALUE, or present|cleanup -- DOMAIN TOKEN KEYAUTH "
                    "(EXEC_MODE=RAW)");
}

static enum iad_error
parse_dehydrated(int n, char *const *args, struct iad_hook_plan *plan)
{
    enum iad_error ret = IAD_OK;
    int i;

    if (n < 1)
        return iad_fail(IAD_ERR_USAGE, "usage: dehydrated mode: HANDLER "
                        "ARGS... (dehydrated's HOOK convention)");
    if (strcmp(args[0], "deploy_challenge") == 0) {
        plan->op = IAD_HOOK_ADD;
    } else if (strcmp(args[0], "clean_challenge") == 0) {
        plan->op = IAD_HOOK_DEL;
    } else {
        /* deploy_cert, startup_hook, exit_hook, ...: nothing to do. */
        plan->op = IAD_HOOK_NOTHING;
        return IAD_OK;
    }
    snprintf(plan->label, sizeof(plan->label), "dehydrated %s", args[0]);
    /* DOMAIN TOKEN_FILENAME TOKEN_VALUE, several with HOOK_CHAIN=yes. */
    if (n < 4 || (n - 1) % 3 != 0)
        return iad_fail(IAD_ERR_USAGE, "usage: dehydrated mode: %s DOMAIN "
                        "TOKEN_FILENAME TOKEN_VALUE...", args[0]);
    for (i = 1; i + 2 < n; i += 3) {
        ret = push(plan, args[i], 0, args[i + 2]);
        if (ret != IAD_OK)
            break;
    }
    return ret;
}

static enum iad_error
parse_uacme(int n, char *const *args, iad_hook_env_fn env,
            struct iad_hook_plan *plan)
{
    const char *method, *type, *ident, *auth;

    if (n == 5) {
        method = args[0];
        type = args[1];
        ident = args[2];
        auth = args[4];
    } else if (n == 0) {
        method = nonempty(env, "UACME_METHOD");
        type = nonempty(env, "UACME_TYPE");
        ident = nonempty(env, "UACME_IDENT");
        auth = nonempty(env, "UACME_AUTH");
    } else {
        method = type = ident = auth = NULL;
    }
    if (method == NULL || type == NULL || ident == NULL || auth == NULL)
        return iad_fail(IAD_ERR_USAGE, "usage: uacme mode: METHOD TYPE "
                        "IDENT TOKEN AUTH (uacme's hook convention)");
    snprintf(plan->label, sizeof(plan->label), "uacme %s", method);
    if (strcmp(type, "dns-01") != 0) {
        /* Exit 1 tells uacme to try another challenge type. */
        return iad_fail(IAD_ERR_DECLINED, "declining the %s challenge for "
                        "'%s': only dns-01 is handled", type, ident);
    }
    if (strcmp(method, "begin") == 0)
        plan->op = IAD_HOOK_ADD;
    else if (strcmp(method, "done") == 0 || strcmp(method, "failed") == 0)
        plan->op = IAD_HOOK_DEL;
    else
        return iad_fail(IAD_ERR_USAGE, "unknown uacme method '%s'", method);
    return push(plan, ident, 0, auth);
}

enum iad_error
iad_hook_parse(const char *mode, int n, char *const *args,
               iad_hook_env_fn env, struct iad_hook_plan *plan)
{
    enum iad_error ret;

    memset(plan, 0, sizeof(*plan));
    if (strcmp(mode, "certbot") == 0)
        ret = parse_certbot(n, args, env, plan);
    else if (strcmp(mode, "lego") == 0)
        ret = parse_lego(n, args, plan);
    else if (strcmp(mode, "dehydrated") == 0)
        ret = parse_dehydrated(n, args, plan);
    else if (strcmp(mode, "uacme") == 0)
        ret = parse_uacme(n, args, env, plan);
    else
        ret = iad_fail(IAD_ERR_USAGE, "unknown hook mode '%s'", mode);
    if (ret != IAD_OK)
        iad_hook_plan_release(plan);
    return ret;
}
