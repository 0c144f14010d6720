/*
 * Fault injection for the integration tests, preloaded into ipa-acme-dns
 * with LD_PRELOAD: it runs a shell command at one chosen point of the
 * tool's LDAP conversation, so that a test can stop or kill a real server
 * exactly there, which no timing from outside can do.
 *
 *   IAD_FAULT_AFTER_BIND=CMD     after the first SASL bind that succeeds
 *   IAD_FAULT_BEFORE_WRITE=N     before the Nth modify, add or delete is
 *                                sent
 *   IAD_FAULT_AFTER_WRITE=N      after the Nth is sent, before its result
 *                                is read
 *   IAD_FAULT_CMD=CMD            the command for the two above
 *
 * Each fires once.  The command runs with sh -c and without LD_PRELOAD,
 * and the tool goes on when it has ended.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

#include <ldap.h>

static int writes;

static void
run(const char *cmd)
{
    if (cmd == NULL || *cmd == '\0')
        return;
    unsetenv("LD_PRELOAD");
    if (system(cmd) != 0)
        return;
}

static int
write_is(const char *var)
{
    const char *n = getenv(var);

    return n != NULL && atoi(n) == writes;
}

int
ldap_sasl_interactive_bind_s(LDAP *ld, const char *dn, const char *mech,
                             LDAPControl **sctrls, LDAPControl **cctrls,
                             unsigned flags, LDAP_SASL_INTERACT_PROC *proc,
                             void *defaults)
{
    static int (*real)(LDAP *, const char *, const char *, LDAPControl **,
                       LDAPControl **, unsigned, LDAP_SASL_INTERACT_PROC *,
                       void *);
    static int fired;
    int rc;

    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "ldap_sasl_interactive_bind_s");
    rc = real(ld, dn, mech, sctrls, cctrls, flags, proc, defaults);
    if (rc == LDAP_SUCCESS && !fired) {
        fired = 1;
        run(getenv("IAD_FAULT_AFTER_BIND"));
    }
    return rc;
}

/* Count a write; run the command before it when it is the chosen one. */
static void
before_write(void)
{
    writes++;
    if (write_is("IAD_FAULT_BEFORE_WRITE"))
        run(getenv("IAD_FAULT_CMD"));
}

static void
after_write(void)
{
    if (write_is("IAD_FAULT_AFTER_WRITE"))
        run(getenv("IAD_FAULT_CMD"));
}

int
ldap_modify_ext(LDAP *ld, const char *dn, LDAPMod **mods,
                LDAPControl **sctrls, LDAPControl **cctrls, int *msgidp)
{
    static int (*real)(LDAP *, const char *, LDAPMod **, LDAPControl **,
                       LDAPControl **, int *);
    int rc;

    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "ldap_modify_ext");
    before_write();
    rc = real(ld, dn, mods, sctrls, cctrls, msgidp);
    after_write();
    return rc;
}

int
ldap_add_ext(LDAP *ld, const char *dn, LDAPMod **attrs, LDAPControl **sctrls,
             LDAPControl **cctrls, int *msgidp)
{
    static int (*real)(LDAP *, const char *, LDAPMod **, LDAPControl **,
                       LDAPControl **, int *);
    int rc;

    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "ldap_add_ext");
    before_write();
    rc = real(ld, dn, attrs, sctrls, cctrls, msgidp);
    after_write();
    return rc;
}

int
ldap_delete_ext(LDAP *ld, const char *dn, LDAPControl **sctrls,
                LDAPControl **cctrls, int *msgidp)
{
    static int (*real)(LDAP *, const char *, LDAPControl **, LDAPControl **,
                       int *);
    int rc;

    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "ldap_delete_ext");
    before_write();
    rc = real(ld, dn, sctrls, cctrls, msgidp);
    after_write();
    return rc;
}
