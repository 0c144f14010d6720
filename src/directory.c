/* The LDAP directory. */
#include "config.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <unistd.h>

#include <ldap.h>
#include <ldap_schema.h>
#include <sasl/sasl.h>

#include "directory.h"
#include "msg.h"
#include "name.h"

struct iad_dir {
    LDAP *ld;
    char *uri;
    long timeout;
    struct iad_dir_params params;   /* its arrays and strings the caller's */
    size_t at;                      /* index of URI in params.uris */
    /* From the root DSE, read on first use. */
    bool dse_read;
    char **controls;        /* supportedControl, NULL-terminated */
    char *subschema;        /* subschemaSubentry, or NULL */
};

const char *
iad_dir_mech_for(const char *uri, const char *mech)
{
    if (mech != NULL)
        return mech;
    if (strncasecmp(uri, "ldapi://", 8) == 0 && geteuid() == 0)
        return "EXTERNAL";
    return "GSSAPI";
}

/*
 * Make the server's diagnostic text MSG fit on the one line of an error
 * message: 389-DS ends its messages with a newline, and a server may put
 * any byte there.  Control bytes become spaces, runs of spaces one, and
 * trailing ones go.  Returns MSG, or NULL when nothing is left.
 */
static char *
tidy_diag(char *msg)
{
    size_t i, j = 0;

    if (msg == NULL)
        return NULL;
    for (i = 0; msg[i] != '\0'; i++) {
        char c = (unsigned char)msg[i] < 0x20 || msg[i] == 0x7f ? ' ' :
                 msg[i];

        if (c == ' ' && (j == 0 || msg[j - 1] == ' '))
            continue;
        msg[j++] = c;
    }
    while (j > 0 && msg[j - 1] == ' ')
        j--;
    msg[j] = '\0';
    return j > 0 ? msg : NULL;
}

/* The server's diagnostic message for the last operation on LD, or NULL;
 * free with ldap_memfree().  Messages give it with "%-s" (fmt.h): it is
 * the reason itself, often long (GSSAPI puts its minor status last), so
 * it is not shortened; its control bytes are still escaped. */
static char *
diagnostic(LDAP *ld)
{
    char *msg = NULL;

    if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg) !=
            LDAP_OPT_SUCCESS || msg == NULL)
        return NULL;
    if (tidy_diag(msg) == NULL) {
        ldap_memfree(msg);
        return NULL;
    }
    return msg;
}

/*
 * What each LDAP result code means here, decided per code as SSSD does:
 * the error callers see, and whether the fault is the server's rather
 * than the request's, so that another server may well carry the request
 * out (IAD_ERR_SERVER, on which callers go on with the next URI).  A code
 * not listed is the request's fault: IAD_ERR_LDAP, with its words.
 */
static const struct code_policy {
    int rc;
    enum iad_error err;
} policies[] = {
    /* Outcomes the callers act upon. */
    { LDAP_NO_SUCH_OBJECT, IAD_ERR_NO_ENTRY },
    { LDAP_ALREADY_EXISTS, IAD_ERR_EXISTS },
    { LDAP_TYPE_OR_VALUE_EXISTS, IAD_ERR_VALUE_EXISTS },
    { LDAP_NO_SUCH_ATTRIBUTE, IAD_ERR_NO_VALUE },
    { LDAP_ASSERTION_FAILED, IAD_ERR_ASSERTION },
    { LDAP_NOT_ALLOWED_ON_NONLEAF, IAD_ERR_NOT_LEAF },
    /* Refusals: every server holds the same ACIs. */
    { LDAP_INSUFFICIENT_ACCESS, IAD_ERR_ACCESS },
    { LDAP_CONFIDENTIALITY_REQUIRED, IAD_ERR_ACCESS },
    { LDAP_STRONG_AUTH_REQUIRED, IAD_ERR_ACCESS },
    /* The connection is gone or the server does not answer. */
    { LDAP_SERVER_DOWN, IAD_ERR_SERVER },
    { LDAP_CONNECT_ERROR, IAD_ERR_SERVER },
    { LDAP_TIMEOUT, IAD_ERR_SERVER },
    { LDAP_TIMELIMIT_EXCEEDED, IAD_ERR_SERVER },
    /* The server says it cannot serve now, or not here. */
    { LDAP_BUSY, IAD_ERR_SERVER },
    { LDAP_UNAVAILABLE, IAD_ERR_SERVER },
    { LDAP_REFERRAL, IAD_ERR_SERVER },        /* a read-only replica */
    { LDAP_UNWILLING_TO_PERFORM, IAD_ERR_SERVER }, /* read-only database */
    { LDAP_LOOP_DETECT, IAD_ERR_SERVER },
    { LDAP_OPERATIONS_ERROR, IAD_ERR_SERVER }, /* 389-DS: backend error */
    { LDAP_OTHER, IAD_ERR_SERVER },
};

/* The project's error for the LDAP result code RC. */
static enum iad_error
code_error(int rc)
{
    size_t i;

    for (i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
        if (policies[i].rc == rc)
            return policies[i].err;
    return IAD_ERR_LDAP;
}

/*
 * Record a failure of the operation described by WHAT on DIR's server,
 * with LDAP result RC and the server's diagnostic DIAG (may be NULL), and
 * return the project's error for it.  The message names the server.
 */
static enum iad_error
ldap_fail(const struct iad_dir *dir, int rc, const char *diag,
          const char *what)
{
    enum iad_error err = code_error(rc);

    if (err == IAD_ERR_ACCESS)
        return iad_fail(err, "insufficient access to %s on '%s': %s%s%-s: "
                        "ask a FreeIPA administrator for the DNS "
                        "permission", what, dir->uri, ldap_err2string(rc),
                        diag ? ": " : "", diag ? diag : "");
    return iad_fail(err, "cannot %s on '%s': %s%s%-s", what, dir->uri,
                    ldap_err2string(rc), diag ? ": " : "",
                    diag ? diag : "");
}

/*
 * Wait for the result of operation MSGID and return the project's error
 * for it; WHAT describes the operation for messages.
 */
static enum iad_error
wait_done(struct iad_dir *dir, int msgid, const char *what)
{
    struct timeval tv = { dir->timeout, 0 };
    LDAPMessage *res = NULL;
    char *diag = NULL;
    enum iad_error ret = IAD_OK;
    int rc, err = LDAP_OTHER;

    rc = ldap_result(dir->ld, msgid, LDAP_MSG_ALL, &tv, &res);
    if (rc == 0) {
        ldap_abandon_ext(dir->ld, msgid, NULL, NULL);
        ret = ldap_fail(dir, LDAP_TIMEOUT, NULL, what);
        goto cleanup;
    }
    if (rc < 0) {
        ldap_get_option(dir->ld, LDAP_OPT_RESULT_CODE, &err);
        ret = ldap_fail(dir, err, NULL, what);
        goto cleanup;
    }
    rc = ldap_parse_result(dir->ld, res, &err, NULL, &diag, NULL, NULL, 0);
    if (rc != LDAP_SUCCESS) {
        ret = ldap_fail(dir, rc, NULL, what);
        goto cleanup;
    }
    if (err != LDAP_SUCCESS)
        ret = ldap_fail(dir, err, tidy_diag(diag), what);

cleanup:
    if (diag != NULL)
        ldap_memfree(diag);
    if (res != NULL)
        ldap_msgfree(res);
    return ret;
}

static int
sasl_interact(LDAP *ld, unsigned flags, void *defaults, void *in)
{
    sasl_interact_t *interact = in;

    /* GSSAPI and EXTERNAL ask at most for an authorization identity: we
     * use none, so the server takes the authenticated one. */
    for (; interact->id != SASL_CB_LIST_END; interact++) {
        interact->result = interact->defresult ? interact->defresult : "";
        interact->len = (unsigned)strlen(interact->result);
    }
    return LDAP_SUCCESS;
}

/* Whether URI is used over TLS: ldaps://, or ldap:// with StartTLS. */
static bool
wants_tls(const struct iad_dir_params *p, const char *uri)
{
    return strncasecmp(uri, "ldaps://", 8) == 0 ||
           (p->starttls && strncasecmp(uri, "ldap://", 7) == 0);
}

/* libldap calls this when a TLS handshake begins on the handle. */
static int
tls_begun(LDAP *ld, void *session, void *ctx, void *arg)
{
    *(bool *)arg = true;
    return 0;
}

/*
 * TLS settings on LD alone, never libldap's global ones: the server's
 * certificate required and its name checked, P->cacert as the trust
 * anchors, and a TLS context of LD's own made from them.  *BEGUN becomes
 * true once a handshake starts, which tells TLS failures from
 * unreachable servers.
 */
static enum iad_error
set_tls(LDAP *ld, const struct iad_dir_params *p, bool *begun)
{
    int demand = LDAP_OPT_X_TLS_DEMAND, client = 0;

    if (ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand) !=
            LDAP_OPT_SUCCESS ||
        (p->cacert != NULL &&
         ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, p->cacert) !=
            LDAP_OPT_SUCCESS) ||
        ldap_set_option(ld, LDAP_OPT_X_TLS_CONNECT_CB, (void *)tls_begun) !=
            LDAP_OPT_SUCCESS ||
        ldap_set_option(ld, LDAP_OPT_X_TLS_CONNECT_ARG, begun) !=
            LDAP_OPT_SUCCESS)
        return iad_fail(IAD_ERR_INTERNAL, "cannot set the TLS options");
    if (ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &client) !=
            LDAP_OPT_SUCCESS)
        return iad_fail(IAD_ERR_CONFIG, "cannot use the CA certificates "
                        "in '%s' for TLS (check --cacert)",
                        p->cacert != NULL ? p->cacert :
                        "the system's trust store");
    return IAD_OK;
}

/*
 * The failure of the TLS handshake with URI, whose diagnostic was DIAG
 * (may be NULL).  GnuTLS builds of libldap give no reason for a
 * certificate that does not verify or does not name the host ("(unknown
 * error code)"): then say what was checked.
 */
static enum iad_error
tls_fail(const struct iad_dir_params *p, const char *uri, const char *diag)
{
    LDAPURLDesc *lud = NULL;
    enum iad_error ret;
    char ca[1100];

    if (diag != NULL && strstr(diag, "unknown error") == NULL &&
        strstr(diag, "certificate") == NULL && strstr(diag, "verif") == NULL)
        return iad_fail(IAD_ERR_TLS, "TLS handshake with '%s' failed: %-s",
                        uri, diag);
    if (diag != NULL && strstr(diag, "unknown error") == NULL)
        return iad_fail(IAD_ERR_TLS, "cannot verify the TLS certificate "
                        "of '%s': %-s (check --cacert)", uri, diag);
    if (p->cacert != NULL)
        snprintf(ca, sizeof(ca), "a CA of '%s'", p->cacert);
    else
        snprintf(ca, sizeof(ca), "a CA the system trusts");
    if (ldap_url_parse(uri, &lud) != LDAP_SUCCESS)
        lud = NULL;
    ret = iad_fail(IAD_ERR_TLS, "cannot verify the TLS certificate of "
                   "'%s': it is not signed by %s, or it does not name '%s' "
                   "(check --cacert)", uri, ca,
                   lud != NULL && lud->lud_host != NULL ? lud->lud_host :
                   uri);
    ldap_free_urldesc(lud);
    return ret;
}

/* The handle for URI with every option of P set on it. */
static enum iad_error
new_handle(const struct iad_dir_params *p, const char *uri, bool *begun,
           LDAP **ld_out)
{
    struct timeval tv = { p->timeout, 0 };
    int version = LDAP_VERSION3, rc;
    ber_len_t ssf = p->min_ssf;
    enum iad_error ret = IAD_OK;
    LDAP *ld = NULL;

    rc = ldap_initialize(&ld, uri);
    if (rc != LDAP_SUCCESS) {
        ret = iad_fail(IAD_ERR_CONFIG, "invalid LDAP URI '%s': %s", uri,
                       ldap_err2string(rc));
        goto cleanup;
    }
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    /* Ask for ldap/<host as written>: libldap would otherwise replace a
     * loopback or CNAME host by a name of its own choosing. */
    ldap_set_option(ld, LDAP_OPT_X_SASL_NOCANON, LDAP_OPT_ON);
    if (ldap_set_option(ld, LDAP_OPT_X_SASL_SSF_MIN, &ssf) !=
            LDAP_OPT_SUCCESS) {
        ret = iad_fail(IAD_ERR_INTERNAL, "cannot set the least SSF");
        goto cleanup;
    }
    if (wants_tls(p, uri)) {
        ret = set_tls(ld, p, begun);
        if (ret != IAD_OK)
            goto cleanup;
    }
    *ld_out = ld;
    ld = NULL;

cleanup:
    if (ld != NULL)
        ldap_unbind_ext_s(ld, NULL, NULL);
    return ret;
}

/*
 * Connect LD to URI, and start TLS when P asks for it.  IAD_ERR_CONNECT
 * when the server cannot be reached, so that the caller tries the next
 * one; IAD_ERR_TLS when TLS fails.
 */
static enum iad_error
connect_one(const struct iad_dir_params *p, const char *uri, LDAP *ld,
            const bool *begun)
{
    enum iad_error ret = IAD_OK;
    char *diag = NULL;
    int rc;

    iad_trace(1, "connecting to '%s'", uri);
    rc = ldap_connect(ld);
    if (rc == LDAP_SUCCESS && p->starttls &&
        strncasecmp(uri, "ldap://", 7) == 0) {
        iad_trace(1, "starting TLS on '%s'", uri);
        rc = ldap_start_tls_s(ld, NULL, NULL);
        if (rc != LDAP_SUCCESS && !*begun && rc != LDAP_SERVER_DOWN &&
            rc != LDAP_TIMEOUT) {
            diag = diagnostic(ld);
            ret = iad_fail(IAD_ERR_TLS, "cannot start TLS on '%s': %s%s%-s",
                           uri, ldap_err2string(rc), diag ? ": " : "",
                           diag ? diag : "");
            goto cleanup;
        }
    }
    if (rc != LDAP_SUCCESS) {
        diag = diagnostic(ld);
        if (*begun)
            ret = tls_fail(p, uri, diag);
        else
            ret = iad_fail(IAD_ERR_CONNECT, "%s%s%-s", ldap_err2string(rc),
                           diag ? ": " : "", diag ? diag : "");
    }

cleanup:
    if (diag != NULL)
        ldap_memfree(diag);
    return ret;
}

/* Trace who LD is bound as, and the SASL layer's strength. */
static void
trace_bound(LDAP *ld)
{
    struct berval *authzid = NULL;
    ber_len_t ssf = 0;

    if (iad_verbosity < 2)
        return;
    ldap_get_option(ld, LDAP_OPT_X_SASL_SSF, &ssf);
    if (ldap_whoami_s(ld, &authzid, NULL, NULL) == LDAP_SUCCESS &&
        authzid != NULL)
        iad_trace(2, "bound as '%.*s' (SASL SSF %lu)",
                  (int)authzid->bv_len, authzid->bv_val,
                  (unsigned long)ssf);
    ber_bvfree(authzid);
}

/* Bind LD, connected to URI, with SASL as P says. */
static enum iad_error
bind_one(const struct iad_dir_params *p, const char *uri, LDAP *ld)
{
    const char *mech = iad_dir_mech_for(uri, p->mech);
    enum iad_error ret = IAD_OK;
    char *diag = NULL, what[1100], hint[80] = "";
    int rc;

    iad_trace(1, "binding to '%s' with SASL %s", uri, mech);
    rc = ldap_sasl_interactive_bind_s(ld, NULL, mech, NULL, NULL,
                                      LDAP_SASL_QUIET, sasl_interact, NULL);
    if (rc == LDAP_SUCCESS) {
        trace_bound(ld);
        return IAD_OK;
    }
    diag = diagnostic(ld);
    if (rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ||
        rc == LDAP_TIMEOUT) {
        ret = iad_fail(IAD_ERR_CONNECT, "%s%s%-s", ldap_err2string(rc),
                       diag ? ": " : "", diag ? diag : "");
        goto cleanup;
    }
    snprintf(what, sizeof(what), "SASL %s bind to '%s' failed", mech, uri);
    /* SASL says "too weak" or "no worthy mechs" when the layer the
     * server offers, and TLS or the local socket, fall below the least
     * SSF. */
    if (rc == LDAP_AUTH_UNKNOWN && p->min_ssf > 0)
        snprintf(hint, sizeof(hint), " (less than --min-ssf %u: use TLS, "
                 "or a lower --min-ssf)", p->min_ssf);
    ret = iad_fail(IAD_ERR_AUTH, "%s: %s%s%-s%s", what, ldap_err2string(rc),
                   diag ? ": " : "", diag ? diag : "", hint);

cleanup:
    if (diag != NULL)
        ldap_memfree(diag);
    return ret;
}

/*
 * Connect to URI and bind.  IAD_ERR_CONNECT when the server cannot be
 * reached, so that the caller tries the next one.
 */
static enum iad_error
open_one(const struct iad_dir_params *p, const char *uri, LDAP **ld_out)
{
    enum iad_error ret;
    LDAP *ld = NULL;
    bool begun = false;

    ret = new_handle(p, uri, &begun, &ld);
    if (ret == IAD_OK)
        ret = connect_one(p, uri, ld, &begun);
    if (ret == IAD_OK)
        ret = bind_one(p, uri, ld);
    if (ret != IAD_OK)
        goto cleanup;
    *ld_out = ld;
    ld = NULL;

cleanup:
    if (ld != NULL)
        ldap_unbind_ext_s(ld, NULL, NULL);
    return ret;
}

/*
 * Connect DIR to the first of its servers from index FIRST on that
 * answers, and bind.  IAD_ERR_CONNECT names every URI tried when none
 * answers.
 */
static enum iad_error
open_from(struct iad_dir *dir, size_t first)
{
    const struct iad_dir_params *p = &dir->params;
    enum iad_error ret = IAD_ERR_CONNECT;
    char tried[2048] = "", last[4096] = "", *uri;
    size_t i, used = 0;

    for (i = first; i < p->n_uris; i++) {
        ret = open_one(p, p->uris[i], &dir->ld);
        if (ret != IAD_ERR_CONNECT)
            break;
        snprintf(last, sizeof(last), "%s", iad_error_message(ret));
        iad_trace(1, "cannot reach '%s': %-s", p->uris[i], last);
        if (used < sizeof(tried))
            used += (size_t)snprintf(tried + used, sizeof(tried) - used,
                                     "%s'%s'", i > first ? ", " : "",
                                     p->uris[i]);
    }
    if (ret == IAD_ERR_CONNECT)
        return iad_fail(IAD_ERR_CONNECT, "cannot reach %s LDAP server "
                        "(tried %s): %-s", first > 0 ? "any other" : "any",
                        tried, last);
    if (ret != IAD_OK)
        return ret;
    uri = strdup(p->uris[i]);
    if (uri == NULL)
        return IAD_ERR_NOMEM;
    free(dir->uri);
    dir->uri = uri;
    dir->at = i;
    return IAD_OK;
}

enum iad_error
iad_dir_open(const struct iad_dir_params *p, struct iad_dir **dir_out)
{
    enum iad_error ret;
    struct iad_dir *dir = NULL;

    dir = calloc(1, sizeof(*dir));
    if (dir == NULL)
        return IAD_ERR_NOMEM;
    dir->params = *p;
    dir->timeout = p->timeout;
    ret = open_from(dir, 0);
    if (ret != IAD_OK)
        goto cleanup;
    *dir_out = dir;
    dir = NULL;

cleanup:
    iad_dir_free(dir);
    return ret;
}

/* Forget what the server DIR was bound to said of itself. */
static void
forget_dse(struct iad_dir *dir)
{
    size_t i;

    for (i = 0; dir->controls != NULL && dir->controls[i] != NULL; i++)
        free(dir->controls[i]);
    free(dir->controls);
    dir->controls = NULL;
    free(dir->subschema);
    dir->subschema = NULL;
    dir->dse_read = false;
}

enum iad_error
iad_dir_next_server(struct iad_dir *dir)
{
    char reason[4096];
    enum iad_error ret;

    if (dir->at + 1 >= dir->params.n_uris) {
        if (dir->params.n_uris > 1)
            iad_fail_append(IAD_ERR_SERVER, "; no other LDAP server is "
                            "left to try");
        return IAD_ERR_SERVER;
    }
    snprintf(reason, sizeof(reason), "%s",
             iad_error_message(IAD_ERR_SERVER));
    if (dir->ld != NULL)
        ldap_unbind_ext_s(dir->ld, NULL, NULL);
    dir->ld = NULL;
    forget_dse(dir);
    ret = open_from(dir, dir->at + 1);
    if (ret != IAD_OK) {
        char then[4096];

        snprintf(then, sizeof(then), "%s", iad_error_message(ret));
        return iad_fail(ret, "%-s; then %-s", reason, then);
    }
    iad_warn("%-s: going on with '%s'", reason, dir->uri);
    return IAD_OK;
}

const char *
iad_dir_uri(const struct iad_dir *dir)
{
    return dir->uri;
}

void
iad_dir_free(struct iad_dir *dir)
{
    if (dir == NULL)
        return;
    if (dir->ld != NULL)
        ldap_unbind_ext_s(dir->ld, NULL, NULL);
    forget_dse(dir);
    free(dir->uri);
    free(dir);
}

static void
entry_release(struct iad_dir_entry *e)
{
    size_t i, j;

    for (i = 0; i < e->n_attrs; i++) {
        for (j = 0; j < e->attrs[i].n_values; j++)
            free(e->attrs[i].values[j]);
        free(e->attrs[i].values);
        free(e->attrs[i].name);
    }
    free(e->attrs);
    free(e->dn);
}

void
iad_dir_result_free(struct iad_dir_result *res)
{
    size_t i;

    if (res == NULL)
        return;
    for (i = 0; i < res->n_entries; i++)
        entry_release(&res->entries[i]);
    free(res->entries);
    free(res);
}

const struct iad_dir_attr *
iad_dir_entry_attr(const struct iad_dir_entry *e, const char *name)
{
    size_t i;

    for (i = 0; i < e->n_attrs; i++) {
        if (strcasecmp(e->attrs[i].name, name) == 0)
            return &e->attrs[i];
    }
    return NULL;
}

/* Copy the LDAP entry MSG into E. */
static enum iad_error
copy_entry(LDAP *ld, LDAPMessage *msg, struct iad_dir_entry *e)
{
    BerElement *ber = NULL;
    char *dn = NULL, *a;
    enum iad_error ret = IAD_OK;

    dn = ldap_get_dn(ld, msg);
    e->dn = dn != NULL ? strdup(dn) : NULL;
    if (e->dn == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    for (a = ldap_first_attribute(ld, msg, &ber); a != NULL;
         a = ldap_next_attribute(ld, msg, ber)) {
        struct berval **vals = ldap_get_values_len(ld, msg, a);
        struct iad_dir_attr *attrs, *attr;
        size_t n = vals != NULL ? (size_t)ldap_count_values_len(vals) : 0;
        size_t j;

        attrs = realloc(e->attrs, (e->n_attrs + 1) * sizeof(*attrs));
        if (attrs == NULL) {
            ldap_value_free_len(vals);
            ldap_memfree(a);
            ret = IAD_ERR_NOMEM;
            goto cleanup;
        }
        e->attrs = attrs;
        attr = &e->attrs[e->n_attrs++];
        memset(attr, 0, sizeof(*attr));
        attr->name = strdup(a);
        attr->values = calloc(n + 1, sizeof(*attr->values));
        ldap_memfree(a);
        if (attr->name == NULL || attr->values == NULL) {
            ldap_value_free_len(vals);
            ret = IAD_ERR_NOMEM;
            goto cleanup;
        }
        for (j = 0; j < n; j++) {
            attr->values[j] = strndup(vals[j]->bv_val, vals[j]->bv_len);
            if (attr->values[j] == NULL) {
                ldap_value_free_len(vals);
                ret = IAD_ERR_NOMEM;
                goto cleanup;
            }
            attr->n_values++;
        }
        ldap_value_free_len(vals);
    }

cleanup:
    if (ber != NULL)
        ber_free(ber, 0);
    if (dn != NULL)
        ldap_memfree(dn);
    return ret;
}

enum iad_error
iad_dir_search(struct iad_dir *dir, const char *base,
               enum iad_dir_scope scope, const char *filter,
               const char *const *attrs, struct iad_dir_result **res_out)
{
    static const int scopes[] = { LDAP_SCOPE_BASE, LDAP_SCOPE_ONELEVEL,
                                  LDAP_SCOPE_SUBTREE };
    struct iad_dir_result *result = NULL;
    struct timeval tv = { dir->timeout, 0 };
    LDAPMessage *res = NULL, *msg;
    enum iad_error ret = IAD_OK;
    char *diag = NULL, what[1200];
    int rc, err, msgid;

    snprintf(what, sizeof(what), "search '%s'", base);
    iad_trace(1, "search '%s' scope %s filter %s", base,
              scope == IAD_SCOPE_BASE ? "base" :
              scope == IAD_SCOPE_ONE ? "one" : "sub", filter);
    result = calloc(1, sizeof(*result));
    if (result == NULL)
        return IAD_ERR_NOMEM;
    rc = ldap_search_ext(dir->ld, base, scopes[scope], filter,
                         (char **)attrs, 0, NULL, NULL, &tv, 0, &msgid);
    if (rc != LDAP_SUCCESS) {
        ret = ldap_fail(dir, rc, NULL, what);
        goto cleanup;
    }
    rc = ldap_result(dir->ld, msgid, LDAP_MSG_ALL, &tv, &res);
    if (rc == 0) {
        ldap_abandon_ext(dir->ld, msgid, NULL, NULL);
        ret = ldap_fail(dir, LDAP_TIMEOUT, NULL, what);
        goto cleanup;
    }
    if (rc < 0) {
        err = LDAP_OTHER;
        ldap_get_option(dir->ld, LDAP_OPT_RESULT_CODE, &err);
        ret = ldap_fail(dir, err, NULL, what);
        goto cleanup;
    }
    for (msg = ldap_first_message(dir->ld, res); msg != NULL;
         msg = ldap_next_message(dir->ld, msg)) {
        struct iad_dir_entry *entries;

        if (ldap_msgtype(msg) == LDAP_RES_SEARCH_ENTRY) {
            entries = realloc(result->entries, (result->n_entries + 1) *
                                                   sizeof(*entries));
            if (entries == NULL) {
                ret = IAD_ERR_NOMEM;
                goto cleanup;
            }
            result->entries = entries;
            memset(&entries[result->n_entries], 0, sizeof(*entries));
            ret = copy_entry(dir->ld, msg, &entries[result->n_entries++]);
            if (ret != IAD_OK)
                goto cleanup;
        } else if (ldap_msgtype(msg) == LDAP_RES_SEARCH_RESULT) {
            rc = ldap_parse_result(dir->ld, msg, &err, NULL, &diag, NULL,
                                   NULL, 0);
            if (rc != LDAP_SUCCESS)
                err = rc;
            if (err != LDAP_SUCCESS) {
                ret = ldap_fail(dir, err, tidy_diag(diag), what);
                goto cleanup;
            }
        }
    }
    iad_trace(2, "search found %zu entries", result->n_entries);

    *res_out = result;
    result = NULL;

cleanup:
    if (diag != NULL)
        ldap_memfree(diag);
    if (res != NULL)
        ldap_msgfree(res);
    iad_dir_result_free(result);
    return ret;
}

/* Build libldap's modification array for MODS; free with free_mods(). */
static LDAPMod **
make_mods(const struct iad_dir_mod *mods, size_t n, bool for_add)
{
    LDAPMod **lmods;
    size_t i;

    lmods = calloc(n + 1, sizeof(*lmods));
    if (lmods == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        LDAPMod *m = calloc(1, sizeof(*m));

        if (m == NULL)
            goto fail;
        lmods[i] = m;
        m->mod_op = for_add || mods[i].op == IAD_MOD_ADD ? LDAP_MOD_ADD :
                    mods[i].op == IAD_MOD_DELETE ? LDAP_MOD_DELETE :
                    LDAP_MOD_REPLACE;
        m->mod_type = (char *)mods[i].attr;
        if (mods[i].n_values > 0) {
            size_t j;

            m->mod_values = calloc(mods[i].n_values + 1,
                                   sizeof(*m->mod_values));
            if (m->mod_values == NULL)
                goto fail;
            for (j = 0; j < mods[i].n_values; j++)
                m->mod_values[j] = (char *)mods[i].values[j];
        }
    }
    return lmods;

fail:
    for (i = 0; i < n; i++) {
        if (lmods[i] != NULL)
            free(lmods[i]->mod_values);
        free(lmods[i]);
    }
    free(lmods);
    return NULL;
}

static void
free_mods(LDAPMod **lmods)
{
    size_t i;

    if (lmods == NULL)
        return;
    for (i = 0; lmods[i] != NULL; i++) {
        free(lmods[i]->mod_values);
        free(lmods[i]);
    }
    free(lmods);
}

static void
trace_mods(const char *op, const char *dn, const struct iad_dir_mod *mods,
           size_t n, bool for_add)
{
    size_t i, j;

    if (iad_verbosity < 1)
        return;
    iad_trace(1, "%s '%s'", op, dn);
    for (i = 0; i < n; i++) {
        const char *verb = for_add ? "" :
                           mods[i].op == IAD_MOD_ADD ? "add " :
                           mods[i].op == IAD_MOD_DELETE ? "delete " :
                           "replace ";

        if (mods[i].n_values == 0)
            iad_trace(1, "  %s%s", verb, mods[i].attr);
        for (j = 0; j < mods[i].n_values; j++)
            iad_trace(1, "  %s%s: %s", verb, mods[i].attr,
                      mods[i].values[j]);
    }
}

/* "'a', 'b'" for the attribute names of MODS, for messages. */
static void
attr_names(const struct iad_dir_mod *mods, size_t n, char *buf,
           size_t size)
{
    size_t i, used = 0;

    buf[0] = '\0';
    for (i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s'%s'",
                                 i > 0 ? ", " : "", mods[i].attr);
}

/* Send a modify, or with ADD an add, of DN with MODS and wait for it. */
static enum iad_error
send_mods(struct iad_dir *dir, const char *dn,
          const struct iad_dir_mod *mods, size_t n, bool add)
{
    LDAPMod **lmods = NULL;
    enum iad_error ret;
    char what[1400], names[256];
    int rc, msgid;

    trace_mods(add ? "add" : "modify", dn, mods, n, add);
    if (add) {
        snprintf(what, sizeof(what), "add entry '%s'", dn);
    } else {
        attr_names(mods, n, names, sizeof(names));
        snprintf(what, sizeof(what), "modify %s of '%s'", names, dn);
    }
    lmods = make_mods(mods, n, add);
    if (lmods == NULL)
        return IAD_ERR_NOMEM;
    if (add)
        rc = ldap_add_ext(dir->ld, dn, lmods, NULL, NULL, &msgid);
    else
        rc = ldap_modify_ext(dir->ld, dn, lmods, NULL, NULL, &msgid);
    if (rc != LDAP_SUCCESS)
        ret = ldap_fail(dir, rc, NULL, what);
    else
        ret = wait_done(dir, msgid, what);
    free_mods(lmods);
    return ret;
}

enum iad_error
iad_dir_modify(struct iad_dir *dir, const char *dn,
               const struct iad_dir_mod *mods, size_t n)
{
    return send_mods(dir, dn, mods, n, false);
}

enum iad_error
iad_dir_add(struct iad_dir *dir, const char *dn,
            const struct iad_dir_mod *attrs, size_t n)
{
    return send_mods(dir, dn, attrs, n, true);
}

enum iad_error
iad_dir_delete(struct iad_dir *dir, const char *dn, const char *assertion)
{
    LDAPControl *ctrl = NULL;
    LDAPControl *ctrls[2] = { NULL, NULL };
    enum iad_error ret;
    char what[1100];
    int rc, msgid;

    iad_trace(1, "delete '%s'%s%s", dn, assertion ? " if " : "",
              assertion ? assertion : "");
    snprintf(what, sizeof(what), "delete '%s'", dn);
    if (assertion != NULL) {
        rc = ldap_create_assertion_control(dir->ld, (char *)assertion, 1,
                                           &ctrl);
        if (rc != LDAP_SUCCESS)
            return ldap_fail(dir, rc, NULL, what);
        ctrls[0] = ctrl;
    }
    rc = ldap_delete_ext(dir->ld, dn, ctrls, NULL, &msgid);
    if (rc != LDAP_SUCCESS)
        ret = ldap_fail(dir, rc, NULL, what);
    else
        ret = wait_done(dir, msgid, what);
    if (ctrl != NULL)
        ldap_control_free(ctrl);
    return ret;
}

/* Read what DIR's server says of itself, once per connection. */
static enum iad_error
read_root_dse(struct iad_dir *dir)
{
    static const char *const attrs[] = { "supportedControl",
                                         "subschemaSubentry", NULL };
    struct iad_dir_result *res = NULL;
    const struct iad_dir_attr *a;
    enum iad_error ret;
    size_t i;

    if (dir->dse_read)
        return IAD_OK;
    ret = iad_dir_search(dir, "", IAD_SCOPE_BASE, "(objectClass=*)",
                         attrs, &res);
    if (ret != IAD_OK)
        goto cleanup;
    if (res->n_entries == 0) {
        ret = iad_fail(IAD_ERR_LDAP, "cannot read the root DSE of '%s'",
                       dir->uri);
        goto cleanup;
    }
    a = iad_dir_entry_attr(&res->entries[0], "supportedControl");
    dir->controls = calloc((a != NULL ? a->n_values : 0) + 1,
                           sizeof(*dir->controls));
    if (dir->controls == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    for (i = 0; a != NULL && i < a->n_values; i++) {
        dir->controls[i] = a->values[i];
        a->values[i] = NULL;
    }
    a = iad_dir_entry_attr(&res->entries[0], "subschemaSubentry");
    if (a != NULL && a->n_values > 0) {
        dir->subschema = a->values[0];
        a->values[0] = NULL;
    }
    dir->dse_read = true;

cleanup:
    iad_dir_result_free(res);
    return ret;
}

enum iad_error
iad_dir_supports_control(struct iad_dir *dir, const char *oid,
                         bool *yes_out)
{
    enum iad_error ret;
    size_t i;

    ret = read_root_dse(dir);
    if (ret != IAD_OK)
        return ret;
    *yes_out = false;
    for (i = 0; dir->controls[i] != NULL; i++) {
        if (strcmp(dir->controls[i], oid) == 0)
            *yes_out = true;
    }
    iad_trace(2, "'%s' %s control %s", dir->uri,
              *yes_out ? "supports" : "does not support", oid);
    return IAD_OK;
}

/* Append a copy of NAME to NAMES (N of them) unless it is there. */
static enum iad_error
names_push(char ***names, size_t *n, const char *name)
{
    char **grown;
    size_t i;

    for (i = 0; i < *n; i++) {
        if (strcasecmp((*names)[i], name) == 0)
            return IAD_OK;
    }
    grown = realloc(*names, (*n + 2) * sizeof(*grown));
    if (grown == NULL)
        return IAD_ERR_NOMEM;
    *names = grown;
    grown[*n] = strdup(name);
    if (grown[*n] == NULL)
        return IAD_ERR_NOMEM;
    grown[++*n] = NULL;
    return IAD_OK;
}

/* The object class named NAME among the N definitions CLASSES, or NULL. */
static const LDAPObjectClass *
find_class(LDAPObjectClass *const *classes, size_t n, const char *name)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        if (classes[i] == NULL)
            continue;
        if (strcmp(classes[i]->oc_oid, name) == 0)
            return classes[i];
        for (j = 0; classes[i]->oc_names != NULL &&
                    classes[i]->oc_names[j] != NULL; j++) {
            if (strcasecmp(classes[i]->oc_names[j], name) == 0)
                return classes[i];
        }
    }
    return NULL;
}

/* Collect the attributes of class NAME and of its superclasses. */
static enum iad_error
class_attrs(LDAPObjectClass *const *classes, size_t n, const char *name,
            int depth, char ***names, size_t *n_names)
{
    const LDAPObjectClass *oc = find_class(classes, n, name);
    enum iad_error ret = IAD_OK;
    char **lists[3];
    size_t i, j;

    if (oc == NULL || depth > 16)
        return IAD_OK;
    lists[0] = oc->oc_at_oids_must;
    lists[1] = oc->oc_at_oids_may;
    lists[2] = oc->oc_sup_oids;
    for (i = 0; i < 2 && ret == IAD_OK; i++) {
        for (j = 0; lists[i] != NULL && lists[i][j] != NULL &&
                    ret == IAD_OK; j++)
            ret = names_push(names, n_names, lists[i][j]);
    }
    for (j = 0; lists[2] != NULL && lists[2][j] != NULL && ret == IAD_OK;
         j++)
        ret = class_attrs(classes, n, lists[2][j], depth + 1, names,
                          n_names);
    return ret;
}

enum iad_error
iad_dir_class_attrs(struct iad_dir *dir, const char *oc_name,
                    char ***names_out, size_t *n_out)
{
    static const char *const attrs[] = { "objectClasses", NULL };
    struct iad_dir_result *res = NULL;
    const struct iad_dir_attr *a = NULL;
    LDAPObjectClass **classes = NULL;
    enum iad_error ret;
    char **names = NULL;
    size_t n = 0, i;
    int code;
    const char *errp;

    ret = read_root_dse(dir);
    if (ret != IAD_OK)
        return ret;
    ret = iad_dir_search(dir, dir->subschema != NULL ? dir->subschema :
                         "cn=Subschema", IAD_SCOPE_BASE,
                         "(objectClass=subschema)", attrs, &res);
    if (ret != IAD_OK)
        goto cleanup;
    if (res->n_entries > 0)
        a = iad_dir_entry_attr(&res->entries[0], "objectClasses");
    if (a == NULL) {
        ret = iad_fail(IAD_ERR_LDAP, "cannot read the schema of '%s'",
                       dir->uri);
        goto cleanup;
    }
    classes = calloc(a->n_values + 1, sizeof(*classes));
    names = calloc(1, sizeof(*names));
    if (classes == NULL || names == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    for (i = 0; i < a->n_values; i++)
        classes[i] = ldap_str2objectclass(a->values[i], &code, &errp,
                                          LDAP_SCHEMA_ALLOW_ALL);
    ret = class_attrs(classes, a->n_values, oc_name, 0, &names, &n);
    if (ret != IAD_OK)
        goto cleanup;
    iad_trace(2, "the schema of '%s' allows %zu attributes on '%s'",
              dir->uri, n, oc_name);
    *names_out = names;
    *n_out = n;
    names = NULL;

cleanup:
    for (i = 0; classes != NULL && a != NULL && i < a->n_values; i++) {
        if (classes[i] != NULL)
            ldap_objectclass_free(classes[i]);
    }
    free(classes);
    for (i = 0; names != NULL && names[i] != NULL; i++)
        free(names[i]);
    free(names);
    iad_dir_result_free(res);
    return ret;
}

enum iad_error
iad_dir_check_uri(const char *uri, const char *where)
{
    const char *authority, *end, *port = NULL, *why = NULL;
    LDAPURLDesc *lud = NULL;
    struct in6_addr a6;
    char host[256];
    size_t len, i;
    int rc;

    rc = ldap_url_parse(uri, &lud);
    if (rc != LDAP_URL_SUCCESS) {
        why = "not an LDAP URI";
        goto cleanup;
    }
    if (strcasecmp(lud->lud_scheme, "ldapi") == 0)
        goto cleanup;
    /* libldap reads the port with atoi and takes 0 for the default, so
     * the host and port are read here from the URI's own text. */
    authority = strstr(uri, "://") + 3;
    end = authority + strcspn(authority, "/?#");
    if (authority[0] == '[') {
        const char *close = memchr(authority, ']', (size_t)(end - authority));

        len = close != NULL ? (size_t)(close - authority - 1) : 0;
        if (close == NULL || len == 0 || len >= sizeof(host)) {
            why = "expected an IPv6 address in brackets";
            goto cleanup;
        }
        memcpy(host, authority + 1, len);
        host[len] = '\0';
        if (inet_pton(AF_INET6, host, &a6) != 1) {
            why = "what is in brackets is not an IPv6 address";
            goto cleanup;
        }
        if (close + 1 < end && close[1] != ':') {
            why = "expected ':PORT' after ']'";
            goto cleanup;
        }
        if (close + 1 < end)
            port = close + 2;
    } else {
        const char *colon = memchr(authority, ':', (size_t)(end - authority));

        len = (size_t)((colon != NULL ? colon : end) - authority);
        /* An IPv4 address passes as a host name; an empty host is
         * libldap's default. */
        if (len > 0 && !iad_name_is_host(authority, len)) {
            why = "the host is not a host name or an address";
            goto cleanup;
        }
        if (colon != NULL)
            port = colon + 1;
    }
    if (port != NULL) {
        unsigned long p = 0;

        for (i = 0; port + i < end; i++) {
            if (port[i] < '0' || port[i] > '9' || i >= 5)
                break;
            p = p * 10 + (unsigned long)(port[i] - '0');
        }
        if (i == 0 || port + i < end || p == 0 || p > 65535)
            why = "the port must be 1 to 65535";
    }

cleanup:
    ldap_free_urldesc(lud);
    if (why != NULL)
        return iad_fail(IAD_ERR_USAGE, "invalid LDAP URI '%s' for %s: %s",
                        uri, where, why);
    return IAD_OK;
}

enum iad_error
iad_dir_check_dn(const char *dn, const char *where)
{
    LDAPDN parsed = NULL;
    int rc;

    rc = ldap_str2dn(dn, &parsed, LDAP_DN_FORMAT_LDAPV3);
    ldap_dnfree(parsed);
    if (rc != LDAP_SUCCESS)
        return iad_fail(IAD_ERR_USAGE, "invalid DN '%s' for %s: expected "
                        "attribute=value pairs separated by commas, as "
                        "in cn=dns,dc=example,dc=com", dn, where);
    return IAD_OK;
}

char *
iad_dir_filter_escape(const char *value)
{
    struct berval in, out = { 0, NULL };
    char *copy;

    in.bv_val = (char *)value;
    in.bv_len = strlen(value);
    if (ldap_bv2escaped_filter_value(&in, &out) != 0)
        return NULL;
    /* An empty value comes back without a buffer. */
    if (out.bv_val == NULL)
        return strdup("");
    copy = strndup(out.bv_val, out.bv_len);
    ber_memfree(out.bv_val);
    return copy;
}

char *
iad_dir_rdn(const char *attr, const char *value)
{
    LDAPAVA ava;
    LDAPAVA *avas[2] = { &ava, NULL };
    char *str = NULL, *copy;

    memset(&ava, 0, sizeof(ava));
    ava.la_attr.bv_val = (char *)attr;
    ava.la_attr.bv_len = strlen(attr);
    ava.la_value.bv_val = (char *)value;
    ava.la_value.bv_len = strlen(value);
    ava.la_flags = LDAP_AVA_STRING;
    if (ldap_rdn2str(avas, &str, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS)
        return NULL;
    copy = strdup(str);
    ldap_memfree(str);
    return copy;
}
