/* ipa-acme-dns: the command line. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"
#include "directory.h"
#include "error.h"
#include "hooks.h"
#include "interrupt.h"
#include "json.h"
#include "krb.h"
#include "msg.h"
#include "name.h"
#include "options.h"
#include "srv.h"
#include "tree.h"
#include "txt.h"
#include "wait.h"

/* At most this many CNAMEs are followed from NAME. */
#define MAX_CNAMES 8
/* How long the system resolver may take to say whether NAME is a CNAME. */
#define CNAME_WAIT_MS 3000

enum command {
    CMD_ADD,
    CMD_DEL,
    CMD_SHOW,
    CMD_WAIT,
    CMD_ZONES,
    CMD_PRUNE
};

static const struct {
    const char *word;
    enum command cmd;
    size_t min_args;   /* operands after the command word */
    size_t max_args;   /* 0: no limit */
} commands[] = {
    { "add", CMD_ADD, 2, 0 },
    { "del", CMD_DEL, 1, 0 },
    { "show", CMD_SHOW, 1, 1 },
    { "wait", CMD_WAIT, 2, 0 },
    { "zones", CMD_ZONES, 0, 0 },
    { "prune", CMD_PRUNE, 0, 0 },
};

/*
 * As root on a FreeIPA server of REALM, the directory's LDAPI socket
 * where FreeIPA puts it: the URI when S has none and the socket is there.
 */
static enum iad_error
ipa_server_socket(struct iad_settings *s, const char *realm)
{
    const char *rundir = s->ipa_rundir;
    char *path = NULL, *uri = NULL;
    enum iad_error ret;
    struct stat st;

    if (rundir == NULL)
        rundir = IAD_DEFAULT_IPA_RUNDIR;
    ret = iad_ipa_ldapi(rundir, realm, &path, &uri);
    if (ret != IAD_OK)
        return ret;
    if (stat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
        iad_trace(1, "FreeIPA server of '%s': using '%s'", realm, uri);
        ret = iad_settings_set(s, iad_option_find("uri"), uri, path);
    } else {
        iad_trace(2, "no FreeIPA server socket at '%s'", path);
    }
    free(path);
    free(uri);
    return ret;
}

/*
 * The CA file must be readable when TLS will use it, or when the user
 * named it: a typo shows now, not at the first TLS connection.
 */
static enum iad_error
check_cacert(const struct iad_settings *s, bool named)
{
    bool tls = s->starttls > 0;
    size_t i;

    for (i = 0; i < s->n_uris; i++)
        tls |= strncasecmp(s->uris[i], "ldaps://", 8) == 0;
    if (s->cacert == NULL || (!tls && !named))
        return IAD_OK;
    if (access(s->cacert, R_OK) != 0)
        return iad_fail(IAD_ERR_CONFIG, "cannot read the CA certificates "
                        "'%s': %s (check --cacert)", s->cacert,
                        strerror(errno));
    return IAD_OK;
}

/*
 * Read the configuration files into S, in their order of precedence; the
 * domain of FreeIPA's default.conf, if any, goes into *DOMAIN_OUT.
 */
static enum iad_error
load_config(struct iad_settings *s, char **domain_out)
{
    struct iad_settings file;
    struct iad_ipa_conf ipa;
    enum iad_error ret = IAD_OK;
    const char *path = s->config, *dir;
    bool named, base_given;

    iad_settings_init(&file);
    memset(&ipa, 0, sizeof(ipa));
    if (path == NULL)
        path = getenv("IPA_ACME_DNS_CONF");
    if (path == NULL && access(IAD_DEFAULT_CONFIG, F_OK) == 0)
        path = IAD_DEFAULT_CONFIG;
    if (path != NULL && path[0] != '\0') {
        iad_trace(2, "reading '%s'", path);
        ret = iad_config_load(path, &file);
        if (ret != IAD_OK)
            goto cleanup;
        ret = iad_settings_merge(s, &file);
        if (ret != IAD_OK)
            goto cleanup;
    }
    dir = s->ipa_confdir;
    if (dir == NULL)
        dir = getenv("IPA_CONFDIR");
    if (dir == NULL)
        dir = IAD_DEFAULT_IPA_CONFDIR;
    ret = iad_ipa_conf_load(dir, &ipa);
    if (ret != IAD_OK)
        goto cleanup;
    named = s->cacert != NULL;
    base_given = s->base != NULL;
    if (s->n_uris == 0 && ipa.ldap_uri == NULL && ipa.realm != NULL &&
        geteuid() == 0)
        ret = ipa_server_socket(s, ipa.realm);
    if (ret == IAD_OK)
        ret = iad_settings_finish(s, &ipa);
    /* --base and the file's base were checked as they were read; the
     * container made from default.conf's basedn is checked here, before
     * any connection. */
    if (ret == IAD_OK && !base_given) {
        char where[1100];

        snprintf(where, sizeof(where), "basedn of '%s/default.conf'", dir);
        ret = iad_dir_check_dn(s->base, where);
        if (ret == IAD_ERR_USAGE)
            ret = IAD_ERR_CONFIG;
    }
    if (ret == IAD_OK)
        ret = check_cacert(s, named);
    if (ret == IAD_OK && ipa.domain != NULL) {
        *domain_out = strdup(ipa.domain);
        if (*domain_out == NULL)
            ret = IAD_ERR_NOMEM;
    }

cleanup:
    iad_ipa_conf_release(&ipa);
    iad_settings_release(&file);
    return ret;
}

/* Check NAME as the user gave it, and its values, before any connection. */
static enum iad_error
check_operands(const struct iad_settings *s, enum command cmd,
               const char *name_in, char *const *values, size_t n,
               char **name_out)
{
    enum iad_error ret;
    char *name = NULL;
    size_t i;

    ret = iad_name_normalize(name_in, &name);
    if (ret != IAD_OK)
        return ret;
    if (!s->any_name && !iad_name_is_acme(name)) {
        ret = iad_fail(IAD_ERR_INVALID_NAME,
                       "refusing name '%s': it does not begin with '%s.' "
                       "(pass --any-name to allow it)", name_in,
                       IAD_ACME_LABEL);
        goto cleanup;
    }
    if (cmd == CMD_DEL && s->all && n > 0) {
        ret = iad_fail(IAD_ERR_USAGE, "del --all takes a name and no "
                       "values");
        goto cleanup;
    }
    if (cmd == CMD_DEL && !s->all && n == 0) {
        ret = iad_fail(IAD_ERR_USAGE, "del needs values, or --all");
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        ret = iad_txt_check(values[i], strlen(values[i]));
        if (ret != IAD_OK)
            goto cleanup;
    }
    if (cmd == CMD_ADD && (ret = iad_txt_check_size(values, n)) != IAD_OK)
        goto cleanup;
    *name_out = name;
    name = NULL;

cleanup:
    free(name);
    return ret;
}

/* The --resolver of S in *NS_OUT, or NULL for the system's resolver. */
static enum iad_error
get_resolver(const struct iad_settings *s, struct iad_ns *ns_out,
             const struct iad_ns **resolver_out)
{
    enum iad_error ret;
    char *host = NULL;
    unsigned port;

    *resolver_out = NULL;
    if (s->resolver == NULL)
        return IAD_OK;
    ret = iad_wait_parse_server(s->resolver, 53, "--resolver", &host,
                                &port);
    if (ret != IAD_OK)
        return ret;
    if (!iad_dns_is_address(host)) {
        ret = iad_fail(IAD_ERR_USAGE, "--resolver needs an address, not "
                       "'%s'", host);
        free(host);
        return ret;
    }
    ns_out->name = host;
    ns_out->addr = host;
    ns_out->port = port;
    *resolver_out = ns_out;
    return IAD_OK;
}

/* Find the LDAP servers of DOMAIN from its _ldap._tcp SRV records. */
static enum iad_error
discover_servers(struct iad_settings *s, const char *domain,
                 const struct iad_ns *resolver)
{
    struct iad_dns_reply reply;
    enum iad_error ret;
    char name[300], **uris = NULL;
    size_t n = 0, i;

    if ((size_t)snprintf(name, sizeof(name), "_ldap._tcp.%s", domain) >=
        sizeof(name))
        return iad_fail(IAD_ERR_CONFIG, "domain '%s' is too long", domain);
    ret = iad_dns_resolve(resolver, name, IAD_RR_SRV, CNAME_WAIT_MS,
                          &reply);
    if (ret == IAD_OK)
        ret = iad_srv_uris((char *const *)reply.values, reply.n_values,
                           &uris, &n);
    iad_dns_reply_release(&reply);
    if (ret != IAD_OK)
        return ret;
    for (i = 0; i < n; i++) {
        iad_trace(1, "'%s' names LDAP server '%s'", name, uris[i]);
        if (ret == IAD_OK)
            ret = iad_settings_set(s, iad_option_find("uri"), uris[i],
                                   name);
        free(uris[i]);
    }
    free(uris);
    if (ret == IAD_OK && n == 0)
        ret = iad_fail(IAD_ERR_CONFIG,
                       "no LDAP server configured, and DNS has no SRV "
                       "record '%s': pass --uri", name);
    return ret;
}

static enum iad_error
open_directory(const struct iad_settings *s, struct iad_krb **krb_out,
               struct iad_dir **dir_out)
{
    struct iad_dir_params p;
    struct iad_krb *krb = NULL;
    enum iad_error ret = IAD_OK;
    bool gssapi = false;
    size_t i;

    /* Without --keytab, nothing is checked here: GSSAPI itself finds
     * the credentials (a ccache or a collection, a client keytab,
     * gssproxy) and the bind says when there are none. */
    for (i = 0; i < s->n_uris; i++)
        gssapi |= strcmp(iad_dir_mech_for(s->uris[i], s->mech),
                         "GSSAPI") == 0;
    if (gssapi && s->keytab != NULL)
        ret = iad_krb_from_keytab(s->keytab, s->principal, &krb);
    if (ret != IAD_OK)
        goto cleanup;

    memset(&p, 0, sizeof(p));
    p.uris = s->uris;
    p.n_uris = s->n_uris;
    p.timeout = s->timeout;
    p.mech = s->mech;
    p.own_creds = krb != NULL;
    p.starttls = s->starttls != 0;
    p.cacert = s->cacert;
    p.min_ssf = (unsigned)s->min_ssf;
    ret = iad_dir_open(&p, dir_out);
    if (ret == IAD_ERR_AUTH && krb == NULL &&
        strstr(iad_error_message(ret), "SASL GSSAPI bind") != NULL) {
        /* GSSAPI chose the credentials: say whose they were. */
        char hint[800];

        iad_krb_describe_default(strstr(iad_error_message(ret), "KDC") !=
                                 NULL, hint, sizeof(hint));
        ret = iad_fail_append(ret, "%-s", hint);
    }
    if (ret != IAD_OK)
        goto cleanup;
    *krb_out = krb;
    krb = NULL;

cleanup:
    iad_krb_free(krb);
    return ret;
}

static void
print_value(const struct iad_settings *s, const char *stored, bool first)
{
    struct iad_txt *txt = NULL;

    if (iad_txt_decode(stored, &txt) != IAD_OK) {
        /* BIND skips the whole entry for such a value: say so. */
        iad_warn("unreadable TXT value %s: %-s", stored,
                 iad_error_message(IAD_ERR_INVALID_VALUE));
        iad_error_clear();
        return;
    }
    if (s->json) {
        fputs(first ? "" : ",", stdout);
        fputs("\n    {\"value\": ", stdout);
        iad_json_string(stdout, txt->data, txt->len);
        fputs(", \"stored\": ", stdout);
        iad_json_string(stdout, (const unsigned char *)stored,
                        strlen(stored));
        fputs("}", stdout);
    } else {
        fwrite(txt->data, 1, txt->len, stdout);
        fputc('\n', stdout);
    }
    iad_txt_free(txt);
}

static enum iad_error
cmd_show(const struct iad_settings *s, struct iad_dir *dir,
         const struct iad_target *t)
{
    enum iad_error ret;
    char **stored = NULL;
    size_t n = 0, i;

    ret = iad_tree_read(dir, t, &stored, &n);
    if (ret != IAD_OK)
        return ret;
    if (s->json) {
        printf("{\"name\": ");
        iad_json_string(stdout, (const unsigned char *)t->name,
                        strlen(t->name));
        printf(", \"zone\": ");
        iad_json_string(stdout, (const unsigned char *)t->zone.name,
                        strlen(t->zone.name));
        printf(", \"dn\": ");
        iad_json_string(stdout, (const unsigned char *)t->dn,
                        strlen(t->dn));
        printf(", \"values\": [");
    }
    for (i = 0; i < n; i++)
        print_value(s, stored[i], i == 0);
    if (s->json)
        printf("%s]}\n", n > 0 ? "\n  " : "");
    iad_tree_values_free(stored);
    return IAD_OK;
}

/*
 * Follow the CNAME at *CURRENT to TARGET (canonical, read from the
 * directory or from DNS; taken, may be NULL when out of memory): TARGET
 * must pass the rules for NAME, then it becomes *CURRENT.
 */
static enum iad_error
follow_cname(char **current, char *target)
{
    enum iad_error ret;
    char *checked = NULL, why[1024];

    if (target == NULL)
        return IAD_ERR_NOMEM;
    ret = iad_name_normalize(target, &checked);
    free(target);
    if (ret != IAD_OK) {
        snprintf(why, sizeof(why), "%s", iad_error_message(ret));
        return iad_fail(IAD_ERR_LDAP, "'%s.' is a CNAME to a name that "
                        "cannot be used: %-s", *current, why);
    }
    iad_info("'%s.' is a CNAME to '%s.': using that name", *current,
             checked);
    free(*current);
    *current = checked;
    return IAD_OK;
}

/* Whether CMD, as S has it, waits for the name servers. */
static bool
waits(const struct iad_settings *s, enum command cmd)
{
    if (s->dry_run)
        return false;
    return (cmd == CMD_ADD && !s->no_wait) || cmd == CMD_WAIT ||
           (cmd == CMD_DEL && s->wait && !s->all);
}

/*
 * Find where the records of NAME are written: its own entry, or with
 * CNAME following, the entry of the name its CNAME (in the directory, or
 * in DNS for a name in no zone of the directory) points to.  Without
 * CNAME following, a CNAME at NAME is an error for add and wait (CMD).
 */
static enum iad_error
locate(const struct iad_settings *s, struct iad_dir *dir,
       const struct iad_ns *resolver, const char *name, enum command cmd,
       struct iad_target **target_out)
{
    bool adding = cmd == CMD_ADD || cmd == CMD_WAIT;
    struct iad_target *t = NULL;
    struct iad_dns_reply reply;
    enum iad_error ret;
    char *current = NULL, *next = NULL;
    int hops;

    memset(&reply, 0, sizeof(reply));
    current = strdup(name);
    if (current == NULL)
        return IAD_ERR_NOMEM;
    for (hops = 0; hops <= MAX_CNAMES; hops++) {
        ret = iad_tree_locate(dir, s->base, current, waits(s, cmd), &t);
        if (ret == IAD_ERR_NO_ZONE && !s->no_follow_cname) {
            /* Outside the directory: a CNAME in DNS may lead into it. */
            if (hops > 0) {
                ret = iad_fail(IAD_ERR_NO_ZONE,
                               "'%s.' is a CNAME to '%s.', which is in no "
                               "zone of this directory: write the record "
                               "there, or pass --no-follow-cname", name,
                               current);
                goto cleanup;
            }
            ret = iad_dns_resolve(resolver, current, IAD_RR_CNAME,
                                  CNAME_WAIT_MS, &reply);
            if (ret != IAD_OK || reply.n_values == 0) {
                iad_dns_reply_release(&reply);
                ret = iad_fail(IAD_ERR_NO_ZONE, "no active zone in the "
                               "directory contains '%s.'", current);
                goto cleanup;
            }
            next = iad_name_canon((const char *)reply.values[0]);
            iad_dns_reply_release(&reply);
        } else if (ret != IAD_OK) {
            goto cleanup;
        } else if (s->no_follow_cname && adding && t->cname != NULL) {
            /* A CNAME allows no other data beside it (RFC 1034 3.6.2):
             * BIND serves the CNAME and never the TXT value, so the wait
             * could only time out and the ACME server would not see it. */
            ret = iad_fail(IAD_ERR_CONFLICT,
                           "'%s.' is a CNAME to '%s.': a TXT record beside "
                           "it would never be served (drop "
                           "--no-follow-cname to write at the target)",
                           current, t->cname);
            goto cleanup;
        } else if (s->no_follow_cname) {
            break;
        } else {
            if (t->cname == NULL)
                break;
            next = strdup(t->cname);
            iad_target_free(t);
            t = NULL;
        }
        ret = follow_cname(&current, next);
        next = NULL;
        if (ret != IAD_OK)
            goto cleanup;
    }
    if (t == NULL) {
        ret = iad_fail(IAD_ERR_LDAP, "more than %d CNAMEs from '%s.'",
                       MAX_CNAMES, name);
        goto cleanup;
    }
    *target_out = t;
    t = NULL;

cleanup:
    iad_dns_reply_release(&reply);
    iad_target_free(t);
    free(current);
    free(next);
    return ret;
}

/*
 * Wait until T's name servers serve the N VALUES, or none of them; say how
 * it went, for the line about the record, in REPORT of SIZE bytes.
 */
static enum iad_error
wait_for(const struct iad_settings *s, const struct iad_ns *resolver,
         const struct iad_target *t, char *const *values, size_t n,
         bool present, long since_ms, char *report, size_t size)
{
    struct iad_wait_params p;
    struct iad_wait_ns *servers = NULL;
    size_t n_servers = 0;
    enum iad_error ret;

    /* From here on SIGINT and SIGTERM stop the wait, so that the caller
     * can say what was written. */
    iad_interrupt_catch();
    /* What the wait needs from the directory, locate has read. */
    ret = iad_wait_servers(t, s->nameservers, s->n_nameservers,
                           (unsigned)s->dns_port, resolver, &servers,
                           &n_servers);
    if (ret != IAD_OK)
        goto cleanup;
    memset(&p, 0, sizeof(p));
    p.servers = servers;
    p.n_servers = n_servers;
    p.name = t->name;
    p.values = values;
    p.n_values = n;
    p.present = present;
    p.timeout_ms = s->wait_timeout * 1000;
    p.min_servers = (size_t)s->min_servers;
    ret = iad_wait_run(&p);
    if (ret == IAD_OK)
        snprintf(report, size, "; %s by %zu name server%s %ld ms after "
                 "the write", present ? "served" : "gone", n_servers,
                 n_servers == 1 ? "" : "s", iad_now_ms() - since_ms);

cleanup:
    iad_interrupt_release();
    iad_wait_ns_free(servers, n_servers);
    return ret;
}

/*
 * The message of a wait interrupted at TARGETS[I]: what CMD did there to
 * the values SHOWN (REMOVED of them, for del), and which of the N
 * TARGETS after it were written but not waited for.  Returns
 * IAD_ERR_INTERRUPTED.
 */
static enum iad_error
interrupted(enum command cmd, struct iad_target *const *targets, size_t i,
            size_t n, const char *shown, size_t removed)
{
    const char *name = targets[i]->name;
    char rest[512];
    size_t used = 0, j;

    rest[0] = '\0';
    for (j = i + 1; cmd == CMD_ADD && j < n && used < sizeof(rest); j++)
        used += (size_t)snprintf(rest + used, sizeof(rest) - used, "%s'%s.'",
                                 j == i + 1 ? "; also written, not waited "
                                 "for: " : " ", targets[j]->name);
    if (cmd == CMD_ADD)
        return iad_fail(IAD_ERR_INTERRUPTED, "interrupted while waiting: "
                        "TXT %s was written at '%s.' and is not yet seen "
                        "served by every name server%s", shown, name, rest);
    if (cmd == CMD_DEL && removed > 0)
        return iad_fail(IAD_ERR_INTERRUPTED, "interrupted while waiting: "
                        "%zu TXT value%s removed at '%s.' and may still be "
                        "served by some name server", removed,
                        removed == 1 ? " was" : "s were", name);
    return iad_fail(IAD_ERR_INTERRUPTED, "interrupted while waiting for TXT "
                    "%s at '%s.': nothing was %s", shown, name,
                    cmd == CMD_DEL ? "removed" : "written");
}

/* The N VALUES as master-file text, for messages, into BUF. */
static void
values_text(char *const *values, size_t n, char *buf, size_t size)
{
    size_t i, used = 0;
    char *text = NULL;

    buf[0] = '\0';
    for (i = 0; i < n && used < size; i++) {
        if (iad_txt_encode((const unsigned char *)values[i],
                           strlen(values[i]), &text) != IAD_OK) {
            iad_error_clear();
            continue;
        }
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 i > 0 ? " " : "", text);
        free(text);
        text = NULL;
    }
}

static int
compare_zones(const void *a, const void *b)
{
    return strcmp(((const struct iad_zone *)a)->name,
                  ((const struct iad_zone *)b)->name);
}

static enum iad_error
cmd_zones(const struct iad_settings *s, struct iad_dir *dir)
{
    struct iad_zone *zones = NULL;
    size_t n = 0, i, shown = 0;
    enum iad_error ret;

    ret = iad_tree_zones(dir, s->base, &zones, &n);
    if (ret != IAD_OK)
        return ret;
    qsort(zones, n, sizeof(*zones), compare_zones);
    if (s->json)
        printf("[");
    for (i = 0; i < n; i++) {
        if (!zones[i].active)
            continue;
        if (s->json) {
            printf("%s{\"zone\": ", shown > 0 ? ", " : "");
            iad_json_string(stdout, (const unsigned char *)zones[i].name,
                            strlen(zones[i].name));
            printf(", \"dn\": ");
            iad_json_string(stdout, (const unsigned char *)zones[i].dn,
                            strlen(zones[i].dn));
            printf("}");
        } else {
            printf("%s.\n", zones[i].name);
        }
        shown++;
    }
    if (s->json)
        printf("]\n");
    iad_tree_zones_free(zones, n);
    return IAD_OK;
}

/* One run of records: what run_records works through, step by step. */
struct records {
    const struct iad_settings *s;
    struct iad_dir *dir;
    const struct iad_ns *resolver;
    enum command cmd;
    const char *label;          /* a hook mode's, or "" */
    char *const *names;
    char *const *values;
    size_t per, n;              /* values per name, names */
    struct iad_target **targets;
    long written;               /* when the last add was written */
    size_t removed;             /* by del at the current name, so far */
};

/* Find where the records of NAMES[FROM] on are written, afresh. */
static enum iad_error
locate_from(struct records *r, size_t from)
{
    enum iad_error ret = IAD_OK;
    size_t i;

    for (i = from; i < r->n && ret == IAD_OK; i++) {
        iad_target_free(r->targets[i]);
        r->targets[i] = NULL;
        ret = locate(r->s, r->dir, r->resolver, r->names[i], r->cmd,
                     &r->targets[i]);
    }
    return ret;
}

/*
 * When RET says the LDAP server failed, go on with the next one and look
 * up the names from FROM on again there, as often as servers fail and
 * others are left.
 */
static enum iad_error
recover(struct records *r, size_t from, enum iad_error ret)
{
    while (ret == IAD_ERR_SERVER) {
        ret = iad_dir_next_server(r->dir);
        if (ret != IAD_OK)
            break;
        ret = locate_from(r, from);
    }
    return ret;
}

/* Write the values of record I, and for del wait for them to go. */
static enum iad_error
write_one(struct records *r, size_t i)
{
    const struct iad_settings *s = r->s;
    const struct iad_target *t = r->targets[i];
    char *const *v = r->values + i * r->per;
    char report[256] = "", shown[1024];
    const char *sep = r->label[0] != '\0' ? ": " : "";
    enum iad_error ret = IAD_OK;
    size_t removed = 0;

    values_text(v, r->per, shown, sizeof(shown));
    if (r->cmd == CMD_ADD) {
        ret = iad_tree_add(r->dir, t, v, r->per, s->ttl, s->dry_run);
        r->written = iad_now_ms();
        if (ret == IAD_OK && !s->dry_run && s->no_wait)
            iad_info("%s%sadded TXT %s at '%s.'", r->label, sep, shown,
                     t->name);
        return ret;
    }
    ret = iad_tree_del(r->dir, t, v, r->per, s->all, s->dry_run, &removed);
    /* What an earlier server removed before it failed counts too. */
    r->removed += removed;
    if (ret == IAD_OK && waits(s, r->cmd))
        ret = wait_for(s, r->resolver, t, v, r->per, false,
                       iad_now_ms(), report, sizeof(report));
    if (ret == IAD_ERR_INTERRUPTED)
        ret = interrupted(r->cmd, r->targets, i, r->n, shown, r->removed);
    if (ret == IAD_OK && !s->dry_run && r->removed > 0)
        iad_info("%s%sremoved %zu TXT value%s at '%s.'%s", r->label, sep,
                 r->removed, r->removed == 1 ? "" : "s", t->name, report);
    else if (ret == IAD_OK && !s->dry_run)
        iad_info("%s%sno TXT value %s at '%s.' to remove", r->label, sep,
                 s->all ? "at all" : shown, t->name);
    return ret;
}

/*
 * Write every record, going on with the next LDAP server when one fails.
 * When a later record cannot be written, the message says which earlier
 * ones were.
 */
static enum iad_error
write_all(struct records *r)
{
    enum iad_error ret = IAD_OK;
    size_t i = 0, j;

    while (i < r->n) {
        ret = write_one(r, i);
        if (ret == IAD_OK) {
            r->removed = 0;
            i++;
            continue;
        }
        /* On another server, record I again. */
        ret = recover(r, i, ret);
        if (ret != IAD_OK)
            break;
    }
    for (j = 0; ret != IAD_OK && r->cmd == CMD_ADD && j < i; j++)
        iad_fail_append(ret, "%s'%s.'", j == 0 ? "; written before it, "
                        "not waited for: " : " ", r->targets[j]->name);
    return ret;
}

/* Wait until every name server serves every record written. */
static enum iad_error
wait_all(struct records *r)
{
    const char *sep = r->label[0] != '\0' ? ": " : "";
    enum iad_error ret = IAD_OK;
    char report[256], shown[1024];
    size_t i;

    for (i = 0; i < r->n && ret == IAD_OK; i++) {
        char *const *v = r->values + i * r->per;

        values_text(v, r->per, shown, sizeof(shown));
        ret = wait_for(r->s, r->resolver, r->targets[i], v, r->per,
                       true, r->cmd == CMD_ADD ? r->written : iad_now_ms(),
                       report, sizeof(report));
        if (ret == IAD_ERR_INTERRUPTED)
            ret = interrupted(r->cmd, r->targets, i, r->n, shown, 0);
        if (ret == IAD_OK)
            iad_info("%s%s%s TXT %s at '%s.'%s", r->label, sep,
                     r->cmd == CMD_ADD ? "added" : "found", shown,
                     r->targets[i]->name, report);
    }
    return ret;
}

/*
 * Carry out CMD for the N canonical NAMES, each with VALUES_PER values
 * from VALUES (N_VALUES in all): for add, write them all first, then wait
 * for each; one line per record says what was done, behind LABEL (a hook
 * mode) when there is one.
 */
static enum iad_error
run_records(const struct iad_settings *s, struct iad_dir *dir,
            const struct iad_ns *resolver, enum command cmd,
            const char *label, char *const *names, char *const *values,
            size_t n_values, size_t n)
{
    struct records r;
    enum iad_error ret;
    size_t i;

    memset(&r, 0, sizeof(r));
    r.s = s;
    r.dir = dir;
    r.resolver = resolver;
    r.cmd = cmd;
    r.label = label != NULL ? label : "";
    r.names = names;
    r.values = values;
    r.per = n_values / n;
    r.n = n;
    r.targets = calloc(n + 1, sizeof(*r.targets));
    if (r.targets == NULL)
        return IAD_ERR_NOMEM;
    ret = recover(&r, 0, locate_from(&r, 0));
    while (ret == IAD_OK && cmd == CMD_SHOW) {
        ret = recover(&r, 0, cmd_show(s, dir, r.targets[0]));
        if (ret == IAD_OK)
            goto cleanup;
    }
    if (ret == IAD_OK && cmd != CMD_WAIT)
        ret = write_all(&r);
    /* Every record is written: now wait for the name servers, all of
     * them, so that the ACME server's query succeeds. */
    if (ret == IAD_OK && cmd != CMD_DEL && waits(s, cmd))
        ret = wait_all(&r);

cleanup:
    for (i = 0; i < n; i++)
        iad_target_free(r.targets[i]);
    free(r.targets);
    return ret;
}

/*
 * prune: the challenge values no one changed for --older-than, in the N
 * ZONES (canonical) or every active zone.
 */
static enum iad_error
cmd_prune(const struct iad_settings *s, struct iad_dir *dir,
          char *const *zones, size_t n)
{
    struct iad_prune_params p;
    size_t entries = 0, values = 0;
    enum iad_error ret;

    memset(&p, 0, sizeof(p));
    p.base = s->base;
    p.zones = zones;
    p.n_zones = n;
    p.older_than = s->older_than != IAD_UNSET ? s->older_than
                                              : IAD_DEFAULT_OLDER_THAN;
    p.account_names = s->any_name > 0;
    p.dry_run = s->dry_run > 0;
    ret = iad_tree_prune(dir, &p, &entries, &values);
    if (ret == IAD_OK)
        iad_trace(1, "%s %zu TXT values in %zu entries",
                  p.dry_run ? "would prune" : "pruned", values, entries);
    return ret;
}

/* The program's name without its directory. */
static const char *
base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash != NULL ? slash + 1 : path;
}

/*
 * Read the command line: the options, then a command word and its
 * operands, or a hook mode and its arguments (taken as they are, never
 * as options: lego passes "--" and values may begin with '-').  Called as
 * ipa-acme-dns-MODE, the whole command line is the hook's.
 */
static enum iad_error
parse_command_line(int argc, char **argv, struct iad_settings *s,
                   int *cmd_out, const char **mode_out, char ***args_out,
                   size_t *n_out)
{
    const char *self = base_name(argv[0]);
    enum iad_error ret;
    int index = 1, pass;
    size_t i;

    *mode_out = NULL;
    if (strncmp(self, IAD_PROGRAM "-", strlen(IAD_PROGRAM) + 1) == 0 &&
        iad_hook_is_mode(self + strlen(IAD_PROGRAM) + 1)) {
        *mode_out = self + strlen(IAD_PROGRAM) + 1;
        *args_out = argv + 1;
        *n_out = (size_t)(argc - 1);
        return IAD_OK;
    }
    for (pass = 0; pass < 2; pass++) {
        ret = iad_options_parse(argc, argv, &index, s);
        if (ret != IAD_OK || s->help || s->version)
            return ret;
        if (pass == 1)
            break;
        if (index >= argc)
            return iad_fail(IAD_ERR_USAGE, "no command given: see --help");
        if (iad_hook_is_mode(argv[index])) {
            *mode_out = argv[index];
            *args_out = argv + index + 1;
            *n_out = (size_t)(argc - index - 1);
            return IAD_OK;
        }
        for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
            if (strcmp(argv[index], commands[i].word) == 0)
                break;
        }
        if (i == sizeof(commands) / sizeof(commands[0]))
            return iad_fail(IAD_ERR_USAGE, "unknown command '%s': see "
                            "--help", argv[index]);
        *cmd_out = (int)i;
        index++;
    }
    *args_out = argv + index;
    *n_out = (size_t)(argc - index);
    i = (size_t)*cmd_out;
    if (*n_out < commands[i].min_args ||
        (commands[i].max_args > 0 && *n_out > commands[i].max_args) ||
        (commands[i].cmd == CMD_ZONES && *n_out > 0))
        return iad_fail(IAD_ERR_USAGE, "wrong number of arguments for '%s': "
                        "see --help", commands[i].word);
    return IAD_OK;
}

/* The names and values one run works on. */
struct operands {
    char **names;           /* canonical, owned */
    char **values;          /* borrowed from argv or the hook plan */
    size_t n_names;
    size_t n_values;
};

static void
operands_release(struct operands *ops)
{
    size_t i;

    for (i = 0; ops->names != NULL && i < ops->n_names; i++)
        free(ops->names[i]);
    free(ops->names);
    free(ops->values);
}

/* The zone names of prune, checked as names, into OPS. */
static enum iad_error
prune_operands(char **args, size_t n_args, struct operands *ops)
{
    enum iad_error ret = IAD_OK;
    size_t i;

    ops->names = calloc(n_args + 1, sizeof(*ops->names));
    if (ops->names == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < n_args && ret == IAD_OK; i++) {
        ret = iad_name_normalize(args[i], &ops->names[i]);
        if (ret == IAD_OK)
            ops->n_names++;
    }
    return ret;
}

/*
 * The names and values of CMD, from the hook PLAN (NULL: from the N_ARGS
 * operands ARGS of the command line), each checked, into OPS.
 */
static enum iad_error
gather_operands(const struct iad_settings *s, enum command cmd,
                const struct iad_hook_plan *plan, char **args,
                size_t n_args, struct operands *ops)
{
    enum iad_error ret = IAD_OK;
    size_t i;

    if (cmd != CMD_PRUNE && s->older_than != IAD_UNSET)
        return iad_fail(IAD_ERR_USAGE, "--older-than is for prune only");
    if (cmd != CMD_DEL && s->all > 0)
        return iad_fail(IAD_ERR_USAGE, "--all is for del only");
    if (plan != NULL) {
        ops->n_names = plan->n_records;
        ops->n_values = plan->n_records;
    } else if (cmd == CMD_PRUNE) {
        return prune_operands(args, n_args, ops);
    } else if (cmd != CMD_ZONES) {
        ops->n_names = 1;
        ops->n_values = n_args - 1;
    }
    ops->names = calloc(ops->n_names + 1, sizeof(*ops->names));
    ops->values = calloc(ops->n_values + 1, sizeof(*ops->values));
    if (ops->names == NULL || ops->values == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < ops->n_names && ret == IAD_OK; i++) {
        if (plan != NULL)
            ret = check_operands(s, cmd, plan->records[i].name,
                                 &plan->records[i].value, 1,
                                 &ops->names[i]);
        else
            ret = check_operands(s, cmd, args[0], args + 1, ops->n_values,
                                 &ops->names[i]);
    }
    for (i = 0; ret == IAD_OK && i < ops->n_values; i++)
        ops->values[i] = plan != NULL ? plan->records[i].value : args[i + 1];
    return ret;
}

/*
 * Everything before the first connection: the resolver, the servers
 * (from SRV records of DOMAIN when none is configured), then connect and
 * bind.
 */
static enum iad_error
connect_step(struct iad_settings *s, const char *domain,
             struct iad_ns *resolver_ns, const struct iad_ns **resolver,
             struct iad_krb **krb_out, struct iad_dir **dir_out)
{
    enum iad_error ret;

    ret = get_resolver(s, resolver_ns, resolver);
    if (ret == IAD_OK && s->n_uris == 0)
        ret = discover_servers(s, domain, *resolver);
    if (ret == IAD_OK)
        ret = open_directory(s, krb_out, dir_out);
    return ret;
}

/*
 * Carry out CMD with the operands OPS on DIR.  A command whose LDAP server
 * fails goes on with the next server, from the start; run_records, which
 * writes, does so record by record.
 */
static enum iad_error
run_command(const struct iad_settings *s, struct iad_dir *dir,
            const struct iad_ns *resolver, enum command cmd,
            const char *label, const struct operands *ops)
{
    enum iad_error ret;

    if (cmd != CMD_ZONES && cmd != CMD_PRUNE)
        return run_records(s, dir, resolver, cmd, label, ops->names,
                           ops->values, ops->n_values, ops->n_names);
    for (;;) {
        if (cmd == CMD_ZONES)
            ret = cmd_zones(s, dir);
        else
            ret = cmd_prune(s, dir, ops->names, ops->n_names);
        if (ret != IAD_ERR_SERVER)
            return ret;
        ret = iad_dir_next_server(dir);
        if (ret != IAD_OK)
            return ret;
    }
}

static enum iad_error
run(int argc, char **argv, const char **label_out)
{
    struct iad_settings s;
    struct iad_hook_plan plan;
    struct operands ops;
    struct iad_krb *krb = NULL;
    struct iad_dir *dir = NULL;
    struct iad_ns resolver_ns = { NULL, NULL, 0 };
    const struct iad_ns *resolver = NULL;
    enum iad_error ret;
    enum command cmd = CMD_ADD;
    const char *mode = NULL;
    char *domain = NULL, **args = NULL;
    size_t n_args = 0;
    int which = 0;

    iad_settings_init(&s);
    memset(&plan, 0, sizeof(plan));
    memset(&ops, 0, sizeof(ops));
    ret = parse_command_line(argc, argv, &s, &which, &mode, &args, &n_args);
    if (ret != IAD_OK)
        goto cleanup;
    if (s.help) {
        iad_usage(stdout);
        goto cleanup;
    }
    if (s.version) {
        printf("%s %s\n", IAD_PROGRAM, PACKAGE_VERSION);
        goto cleanup;
    }
    if (mode == NULL)
        cmd = commands[which].cmd;

    /* -v on the command line traces the configuration too. */
    if (s.verbose != IAD_UNSET)
        iad_verbosity = s.verbose;
    ret = load_config(&s, &domain);
    if (ret != IAD_OK)
        goto cleanup;
    iad_verbosity = s.verbose;

    /* What to do, to which names, with which values. */
    if (mode != NULL) {
        ret = iad_hook_parse(mode, (int)n_args, args, (iad_hook_env_fn)getenv,
                             &plan);
        if (ret != IAD_OK)
            goto cleanup;
        *label_out = plan.label;
        if (plan.op == IAD_HOOK_NOTHING) {
            iad_trace(1, "%s hook: nothing to do for this call", mode);
            goto cleanup;
        }
        cmd = plan.op == IAD_HOOK_ADD ? CMD_ADD : CMD_DEL;
    }
    ret = gather_operands(&s, cmd, mode != NULL ? &plan : NULL, args,
                          n_args, &ops);
    if (ret == IAD_OK)
        ret = connect_step(&s, domain, &resolver_ns, &resolver, &krb, &dir);
    if (ret != IAD_OK)
        goto cleanup;
    ret = run_command(&s, dir, resolver, cmd, mode != NULL ? plan.label :
                      NULL, &ops);

cleanup:
    iad_dir_free(dir);
    iad_krb_free(krb);
    operands_release(&ops);
    free(domain);
    free(resolver_ns.name);
    if (ret != IAD_OK && mode != NULL && *label_out == NULL)
        *label_out = mode;
    /* The label must outlive the plan for main's message. */
    if (*label_out == plan.label) {
        static char label[sizeof(plan.label)];

        memcpy(label, plan.label, sizeof(label));
        *label_out = label;
    }
    iad_hook_plan_release(&plan);
    iad_settings_release(&s);
    return ret;
}

int
main(int argc, char **argv)
{
    const char *label = NULL;
    enum iad_error ret;

    /* Before the first libldap call: no ldap.conf, no ldaprc in the
     * current or home directory, no LDAP* variables.  Every setting the
     * connection needs is set on its handle, as FreeIPA's clients do,
     * so that nothing depends on where the tool is run from. */
    if (setenv("LDAPNOINIT", "1", 1) != 0) {
        iad_error("cannot set LDAPNOINIT: %s", strerror(errno));
        return IAD_EXIT_FAILED;
    }
    /* A reader gone from stdout, or a peer from a socket, is an error
     * to report (EPIPE), not a silent death by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    ret = run(argc, argv, &label);
    if (fflush(stdout) != 0 && ret == IAD_OK)
        ret = iad_fail(IAD_ERR_IO, "cannot write the output");
    /* In a hook, say which step failed: certbot shows only this line. */
    if (ret != IAD_OK && label != NULL)
        iad_error("%s: %-s", label, iad_error_message(ret));
    else if (ret != IAD_OK)
        iad_error("%-s", iad_error_message(ret));
    return (int)iad_exit_code(ret);
}
