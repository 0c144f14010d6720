/* Kerberos credentials. */
#include "config.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>
#include <krb5.h>
#include <profile.h>

#include "krb.h"
#include "msg.h"
#include "perm.h"

struct iad_krb {
    krb5_context ctx;
    krb5_ccache cc;
    char *principal;
};

/* Record a failure with the Kerberos library's own message for CODE. */
static enum iad_error
krb_fail(krb5_context ctx, krb5_error_code code, enum iad_error err,
         const char *what)
{
    const char *text = krb5_get_error_message(ctx, code);

    /* The library's words are the reason: never shortened (fmt.h). */
    iad_fail(err, "%s: %-s", what, text);
    krb5_free_error_message(ctx, text);
    return err;
}

static enum iad_error
first_principal(krb5_context ctx, krb5_keytab kt, const char *keytab,
                krb5_principal *princ_out)
{
    krb5_kt_cursor cursor;
    krb5_keytab_entry entry;
    krb5_error_code code;
    enum iad_error ret = IAD_OK;
    char what[4200];

    snprintf(what, sizeof(what), "cannot read keytab '%s'", keytab);
    code = krb5_kt_start_seq_get(ctx, kt, &cursor);
    if (code != 0)
        return krb_fail(ctx, code, IAD_ERR_AUTH, what);
    code = krb5_kt_next_entry(ctx, kt, &entry, &cursor);
    if (code == KRB5_KT_END) {
        ret = iad_fail(IAD_ERR_AUTH, "keytab '%s' holds no key", keytab);
    } else if (code != 0) {
        ret = krb_fail(ctx, code, IAD_ERR_AUTH, what);
    } else {
        code = krb5_copy_principal(ctx, entry.principal, princ_out);
        krb5_free_keytab_entry_contents(ctx, &entry);
        if (code != 0)
            ret = krb_fail(ctx, code, IAD_ERR_KRB5, what);
    }
    krb5_kt_end_seq_get(ctx, kt, &cursor);
    return ret;
}

/*
 * Warn when the keytab named KEYTAB is a file open to other users.  Only
 * FILE: keytabs (a path, or FILE:/WRFILE: and a path) are files; other
 * types are left alone.  The Kerberos library opens the file again by
 * itself; the warning is advice, and fstat on our own descriptor at least
 * looks at a file that was really there under that name.
 */
static void
check_keytab_mode(const char *keytab)
{
    const char *path = keytab;
    int fd;

    if (strncmp(keytab, "FILE:", 5) == 0)
        path = keytab + 5;
    else if (strncmp(keytab, "WRFILE:", 7) == 0)
        path = keytab + 7;
    else if (keytab[0] != '/' && strchr(keytab, ':') != NULL)
        return;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return;
    iad_perm_warn_fd(fd, "keytab", keytab);
    close(fd);
}

/*
 * Step 1: the keytab KEYTAB in *KT_OUT and the principal to use, given or
 * the keytab's first, in *PRINC_OUT (and its text in KRB->principal).
 */
static enum iad_error
open_keytab(struct iad_krb *krb, const char *keytab, const char *principal,
            krb5_keytab *kt_out, krb5_principal *princ_out)
{
    krb5_error_code code;
    enum iad_error ret;
    char what[4400];

    check_keytab_mode(keytab);
    code = krb5_kt_resolve(krb->ctx, keytab, kt_out);
    if (code != 0) {
        snprintf(what, sizeof(what), "cannot open keytab '%s'", keytab);
        return krb_fail(krb->ctx, code, IAD_ERR_AUTH, what);
    }
    if (principal != NULL) {
        code = krb5_parse_name(krb->ctx, principal, princ_out);
        if (code != 0) {
            snprintf(what, sizeof(what), "invalid principal '%s'",
                     principal);
            return krb_fail(krb->ctx, code, IAD_ERR_CONFIG, what);
        }
    } else {
        ret = first_principal(krb->ctx, *kt_out, keytab, princ_out);
        if (ret != IAD_OK)
            return ret;
    }
    code = krb5_unparse_name(krb->ctx, *princ_out, &krb->principal);
    if (code != 0)
        return krb_fail(krb->ctx, code, IAD_ERR_KRB5, "bad principal");
    return IAD_OK;
}

/*
 * The KDCs krb5.conf names for the realm of PRINC, as " (KDC a, b in
 * krb5.conf)" in HINT of SIZE bytes; or that it names none, so that the
 * library looked for them in DNS.
 */
static void
kdc_hint(krb5_context ctx, krb5_const_principal princ, char *hint,
         size_t size)
{
    const krb5_data *realm = krb5_princ_realm(ctx, princ);
    const char *names[4] = { "realms", NULL, "kdc", NULL };
    char realm_name[256], **values = NULL;
    profile_t profile = NULL;
    size_t used, i;

    snprintf(realm_name, sizeof(realm_name), "%.*s", (int)realm->length,
             realm->data);
    names[1] = realm_name;
    if (krb5_get_profile(ctx, &profile) != 0 ||
        profile_get_values(profile, names, &values) != 0 ||
        values == NULL || values[0] == NULL) {
        snprintf(hint, size, " (krb5.conf names no KDC for realm '%s', "
                 "so DNS was asked for one)", realm_name);
        goto cleanup;
    }
    used = (size_t)snprintf(hint, size, " (asked ");
    for (i = 0; values[i] != NULL && used < size; i++)
        used += (size_t)snprintf(hint + used, size - used, "%s%s",
                                 i > 0 ? ", " : "", values[i]);
    if (used < size)
        snprintf(hint + used, size - used, ", the KDC%s of krb5.conf)",
                 i > 1 ? "s" : "");

cleanup:
    if (values != NULL)
        profile_free_list(values);
    if (profile != NULL)
        profile_release(profile);
}

/*
 * The first ticket could not be had: Kerberos's own words, and for the
 * two causes an administrator acts on, which KDC was asked, or what a
 * key that does not match means.
 */
static enum iad_error
ticket_fail(struct iad_krb *krb, krb5_error_code code,
            krb5_const_principal princ, const char *keytab)
{
    const char *text = krb5_get_error_message(krb->ctx, code);
    char hint[600] = "";

    if (code == KRB5_KDC_UNREACH || code == KRB5_REALM_CANT_RESOLVE)
        kdc_hint(krb->ctx, princ, hint, sizeof(hint));
    else if (code == KRB5KRB_AP_ERR_BAD_INTEGRITY ||
             code == KRB5KDC_ERR_PREAUTH_FAILED)
        snprintf(hint, sizeof(hint), " (the keytab's key is no longer "
                 "the principal's key in the KDC: it was changed since "
                 "the keytab was written; fetch the keytab again, with "
                 "ipa-getkeytab -r to keep the current key)");
    iad_fail(IAD_ERR_AUTH, "cannot get a ticket for '%s' from keytab "
             "'%s': %-s%s", krb->principal, keytab, text, hint);
    krb5_free_error_message(krb->ctx, text);
    return IAD_ERR_AUTH;
}

/*
 * Step 2: a ticket for PRINC from KT, stored in a unique MEMORY cache of
 * KRB's own: private to this process, gone at exit.
 */
static enum iad_error
store_ticket(struct iad_krb *krb, const char *keytab, krb5_keytab kt,
             krb5_principal princ)
{
    krb5_creds creds;
    krb5_error_code code;
    enum iad_error ret = IAD_OK;

    memset(&creds, 0, sizeof(creds));
    iad_trace(1, "getting a ticket for '%s' from keytab '%s'",
              krb->principal, keytab);
    code = krb5_get_init_creds_keytab(krb->ctx, &creds, princ, kt, 0, NULL,
                                      NULL);
    if (code != 0)
        return ticket_fail(krb, code, princ, keytab);
    code = krb5_cc_new_unique(krb->ctx, "MEMORY", NULL, &krb->cc);
    if (code == 0)
        code = krb5_cc_initialize(krb->ctx, krb->cc, princ);
    if (code == 0)
        code = krb5_cc_store_cred(krb->ctx, krb->cc, &creds);
    if (code != 0)
        ret = krb_fail(krb->ctx, code, IAD_ERR_KRB5,
                       "cannot store the ticket in memory");
    krb5_free_cred_contents(krb->ctx, &creds);
    return ret;
}

/*
 * Step 3: SASL's GSSAPI module asks GSSAPI for the default credentials:
 * make KRB's private cache the default for this thread.  libldap can only
 * hand a credential handle to SASL once a bind has begun.
 */
static enum iad_error
use_cache(struct iad_krb *krb)
{
    krb5_error_code code;
    OM_uint32 major, minor;
    char *cc_name = NULL;
    enum iad_error ret = IAD_OK;

    code = krb5_cc_get_full_name(krb->ctx, krb->cc, &cc_name);
    if (code != 0)
        return krb_fail(krb->ctx, code, IAD_ERR_KRB5,
                        "cannot name the in-memory cache");
    major = gss_krb5_ccache_name(&minor, cc_name, NULL);
    if (GSS_ERROR(major))
        ret = iad_fail(IAD_ERR_KRB5,
                       "cannot hand the ticket to GSSAPI (major 0x%x, "
                       "minor %u)", (unsigned)major, (unsigned)minor);
    krb5_free_string(krb->ctx, cc_name);
    return ret;
}

enum iad_error
iad_krb_from_keytab(const char *keytab, const char *principal,
                    struct iad_krb **krb_out)
{
    enum iad_error ret = IAD_OK;
    struct iad_krb *krb = NULL;
    krb5_context ctx = NULL;
    krb5_keytab kt = NULL;
    krb5_principal princ = NULL;
    krb5_error_code code;

    krb = calloc(1, sizeof(*krb));
    if (krb == NULL)
        return IAD_ERR_NOMEM;
    code = krb5_init_context(&krb->ctx);
    if (code != 0) {
        /* Without a context, the message comes from the error tables
         * alone: for a broken krb5.conf that is the profile library's
         * own words, which strerror() does not know.  Exit 3, as when
         * GSSAPI meets the same file without --keytab. */
        ret = krb_fail(NULL, code, IAD_ERR_AUTH,
                       "cannot initialise Kerberos");
        goto cleanup;
    }
    ctx = krb->ctx;
    ret = open_keytab(krb, keytab, principal, &kt, &princ);
    if (ret == IAD_OK)
        ret = store_ticket(krb, keytab, kt, princ);
    if (ret == IAD_OK)
        ret = use_cache(krb);
    if (ret != IAD_OK)
        goto cleanup;

    *krb_out = krb;
    krb = NULL;

cleanup:
    /* CTX stays valid until iad_krb_free() below (on failure) or for as
     * long as the caller keeps *KRB_OUT (on success). */
    if (princ != NULL)
        krb5_free_principal(ctx, princ);
    if (kt != NULL)
        krb5_kt_close(ctx, kt);
    iad_krb_free(krb);
    return ret;
}

const char *
iad_krb_principal(const struct iad_krb *krb)
{
    return krb->principal;
}

void
iad_krb_free(struct iad_krb *krb)
{
    OM_uint32 minor;

    if (krb == NULL)
        return;
    /* Back to the default cache before ours goes. */
    gss_krb5_ccache_name(&minor, NULL, NULL);
    if (krb->cc != NULL)
        krb5_cc_destroy(krb->ctx, krb->cc);
    if (krb->principal != NULL)
        krb5_free_unparsed_name(krb->ctx, krb->principal);
    if (krb->ctx != NULL)
        krb5_free_context(krb->ctx);
    free(krb);
}

/* The name of GSSAPI's default initiator credentials, or NULL. */
static char *
default_name(void)
{
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_name_t name = GSS_C_NO_NAME;
    gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    char *out = NULL;

    major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE,
                             GSS_C_NO_OID_SET, GSS_C_INITIATE, &cred, NULL,
                             NULL);
    if (!GSS_ERROR(major))
        major = gss_inquire_cred(&minor, cred, &name, NULL, NULL, NULL);
    if (!GSS_ERROR(major))
        major = gss_display_name(&minor, name, &text, NULL);
    if (!GSS_ERROR(major))
        out = strndup(text.value, text.length);
    gss_release_buffer(&minor, &text);
    gss_release_name(&minor, &name);
    gss_release_cred(&minor, &cred);
    return out;
}

void
iad_krb_describe_default(int ask_kdc, char *hint, size_t size)
{
    krb5_context ctx = NULL;
    krb5_principal princ = NULL;
    char *name = default_name(), kdcs[600] = "";
    size_t len;

    if (name == NULL) {
        snprintf(hint, size, " (no Kerberos credentials: run kinit or "
                 "pass --keytab)");
        return;
    }
    if (ask_kdc && krb5_init_context(&ctx) == 0 &&
        krb5_parse_name(ctx, name, &princ) == 0) {
        kdc_hint(ctx, princ, kdcs, sizeof(kdcs));
        /* " (asked ...)" becomes "; asked ...". */
        len = strlen(kdcs);
        if (len > 2) {
            kdcs[len - 1] = '\0';
            kdcs[0] = ';';
            kdcs[1] = ' ';
        }
    }
    snprintf(hint, size, " (as '%s'%s)", name, kdcs[0] == ';' ?
             kdcs : "");
    krb5_free_principal(ctx, princ);
    if (ctx != NULL)
        krb5_free_context(ctx);
    free(name);
}
