/* The option table, command-line parsing and --help. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "directory.h"
#include "dns.h"
#include "msg.h"
#include "options.h"
#include "wait.h"

const struct iad_option_def iad_option_defs[] = {
    { "uri", 'H', IAD_OPT_URI, "URI", IAD_OPTF_CONFIG,
      "LDAP server (ldap://, ldaps://, ldapi://); repeat for more, tried "
      "in order" },
    { "base", 'b', IAD_OPT_BASE, "DN", IAD_OPTF_CONFIG,
      "DNS container (default cn=dns,<basedn of /etc/ipa/default.conf>)" },
    { "timeout", 0, IAD_OPT_TIMEOUT, "SECONDS", IAD_OPTF_CONFIG,
      "connect and operation timeout for each server (default 5)" },
    { "keytab", 0, IAD_OPT_KEYTAB, "FILE", IAD_OPTF_CONFIG,
      "get a ticket from this keytab into a private cache" },
    { "principal", 0, IAD_OPT_PRINCIPAL, "NAME", IAD_OPTF_CONFIG,
      "principal to use from the keytab (default its first)" },
    { "starttls", 0, IAD_OPT_STARTTLS, NULL, IAD_OPTF_CONFIG,
      "start TLS on ldap:// URIs, with the server certificate verified" },
    { "cacert", 0, IAD_OPT_CACERT, "FILE", IAD_OPTF_CONFIG,
      "CA certificates for TLS (default <ipa-confdir>/ca.crt when it "
      "exists, else the system's)" },
    { "min-ssf", 0, IAD_OPT_MIN_SSF, "N", IAD_OPTF_CONFIG,
      "least SASL security strength factor of the bind, 0 to 256 "
      "(default 56)" },
    { "mech", 0, IAD_OPT_MECH, "MECH", IAD_OPTF_CONFIG,
      "SASL mechanism: GSSAPI, or EXTERNAL (default over ldapi:// as "
      "root)" },
    { "config", 'c', IAD_OPT_CONFIG, "FILE", 0,
      "configuration file (default $IPA_ACME_DNS_CONF, "
      "/etc/ipa-acme-dns.conf)" },
    { "ipa-confdir", 0, IAD_OPT_IPA_CONFDIR, "DIR", IAD_OPTF_CONFIG,
      "FreeIPA configuration directory (default $IPA_CONFDIR, /etc/ipa)" },
    { "ipa-rundir", 0, IAD_OPT_IPA_RUNDIR, "DIR", IAD_OPTF_CONFIG,
      "where a FreeIPA server's LDAPI socket slapd-REALM.socket is "
      "(default /run)" },
    { "ttl", 0, IAD_OPT_TTL, "SECONDS", IAD_OPTF_CONFIG,
      "TTL of a record entry created by add (default 60)" },
    { "any-name", 0, IAD_OPT_ANY_NAME, NULL, IAD_OPTF_CONFIG,
      "allow names that do not begin with _acme-challenge" },
    { "no-wait", 0, IAD_OPT_NO_WAIT, NULL, IAD_OPTF_CONFIG,
      "add: return once written, without waiting for the name servers" },
    { "wait", 0, IAD_OPT_WAIT, NULL, 0,
      "del: wait until no name server serves the values" },
    { "wait-timeout", 0, IAD_OPT_WAIT_TIMEOUT, "SECONDS", IAD_OPTF_CONFIG,
      "how long to wait for the name servers (default 120)" },
    { "nameserver", 0, IAD_OPT_NAMESERVER, "HOST[:PORT]", IAD_OPTF_CONFIG,
      "ask this server instead of the zone's name servers; repeat for "
      "more" },
    { "dns-port", 0, IAD_OPT_DNS_PORT, "PORT", IAD_OPTF_CONFIG,
      "port to ask the zone's name servers on (default 53)" },
    { "resolver", 0, IAD_OPT_RESOLVER, "ADDRESS[:PORT]", IAD_OPTF_CONFIG,
      "recursive DNS server for addresses, SRV and CNAME lookups "
      "(default those of /etc/resolv.conf)" },
    { "min-servers", 0, IAD_OPT_MIN_SERVERS, "N", IAD_OPTF_CONFIG,
      "enough name servers to wait for (default all)" },
    { "no-follow-cname", 0, IAD_OPT_NO_FOLLOW_CNAME, NULL, IAD_OPTF_CONFIG,
      "do not follow CNAMEs: write at NAME itself (add and wait refuse "
      "a NAME that is a CNAME)" },
    { "all", 0, IAD_OPT_ALL, NULL, 0,
      "del: remove every TXT value of NAME" },
    { "older-than", 0, IAD_OPT_OLDER_THAN, "DURATION", 0,
      "prune: values in entries unchanged for DURATION, seconds or with "
      "a unit s, m, h, d (default 24h)" },
    { "json", 0, IAD_OPT_JSON, NULL, 0,
      "show, zones: print JSON" },
    { "dry-run", 'n', IAD_OPT_DRY_RUN, NULL, 0,
      "print what would be changed, change nothing" },
    { "verbose", 'v', IAD_OPT_VERBOSE, NULL, IAD_OPTF_CONFIG,
      "trace each LDAP operation on stderr; repeat for more" },
    { "help", 'h', IAD_OPT_HELP, NULL, 0, "show this help and exit" },
    { "version", 'V', IAD_OPT_VERSION, NULL, 0,
      "show the version and exit" },
};

const size_t iad_n_option_defs =
    sizeof(iad_option_defs) / sizeof(iad_option_defs[0]);

void
iad_settings_init(struct iad_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->timeout = IAD_UNSET;
    s->ttl = IAD_UNSET;
    s->any_name = IAD_UNSET;
    s->dry_run = IAD_UNSET;
    s->json = IAD_UNSET;
    s->all = IAD_UNSET;
    s->older_than = IAD_UNSET;
    s->verbose = IAD_UNSET;
    s->wait_timeout = IAD_UNSET;
    s->dns_port = IAD_UNSET;
    s->min_servers = IAD_UNSET;
    s->no_wait = IAD_UNSET;
    s->wait = IAD_UNSET;
    s->no_follow_cname = IAD_UNSET;
    s->starttls = IAD_UNSET;
    s->min_ssf = IAD_UNSET;
}

static void
free_list(char ***list, size_t *n)
{
    size_t i;

    for (i = 0; i < *n; i++)
        free((*list)[i]);
    free(*list);
    *list = NULL;
    *n = 0;
}

void
iad_settings_release(struct iad_settings *s)
{
    free_list(&s->uris, &s->n_uris);
    free_list(&s->nameservers, &s->n_nameservers);
    free(s->base);
    free(s->keytab);
    free(s->principal);
    free(s->mech);
    free(s->config);
    free(s->ipa_confdir);
    free(s->ipa_rundir);
    free(s->cacert);
    free(s->resolver);
    iad_settings_init(s);
}

static enum iad_error
set_string(char **field, const char *value)
{
    char *copy = strdup(value);

    if (copy == NULL)
        return IAD_ERR_NOMEM;
    free(*field);
    *field = copy;
    return IAD_OK;
}

static enum iad_error
parse_number(const char *value, long min, long max, const char *where,
             long *number_out)
{
    char *end = NULL;
    long n;

    /* Digits only, as the man page writes them: strtol() alone would
     * also take leading white space and a '+'. */
    errno = 0;
    n = strtol(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || n < min || n > max ||
        !(value[0] == '-' || (value[0] >= '0' && value[0] <= '9')))
        return iad_fail(IAD_ERR_USAGE,
                        "invalid number '%s' for %s: expected %ld to %ld",
                        value, where, min, max);
    *number_out = n;
    return IAD_OK;
}

enum iad_error
iad_parse_duration(const char *text, const char *where, long *seconds_out)
{
    static const char units[] = "smhd";
    static const long unit_seconds[] = { 1, 60, 3600, 86400 };
    size_t digits = strspn(text, "0123456789"), i;
    const char *unit = NULL;
    long n = 0, per = 1;
    bool ok = digits > 0;

    if (ok && text[digits] != '\0') {
        unit = strchr(units, text[digits]);
        ok = unit != NULL && text[digits + 1] == '\0';
    }
    if (ok && unit != NULL)
        per = unit_seconds[unit - units];
    /* Digit by digit, stopping past the largest: nothing overflows. */
    for (i = 0; ok && i < digits; i++) {
        n = n * 10 + (text[i] - '0');
        ok = n <= IAD_OLDER_THAN_MAX / per;
    }
    if (!ok || n == 0)
        return iad_fail(IAD_ERR_USAGE, "invalid duration '%s' for %s: "
                        "expected seconds, or a number and one of s, m, h, "
                        "d (90s, 30m, 24h, 7d), from 1s to %ldd", text,
                        where, IAD_OLDER_THAN_MAX / 86400);
    *seconds_out = n * per;
    return IAD_OK;
}

static enum iad_error
parse_bool(const char *value, const char *where, int *bool_out)
{
    static const char *const yes[] = { "1", "yes", "true", "on" };
    static const char *const no[] = { "0", "no", "false", "off" };
    size_t i;

    if (value == NULL) {
        *bool_out = 1;
        return IAD_OK;
    }
    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strcasecmp(value, yes[i]) == 0) {
            *bool_out = 1;
            return IAD_OK;
        }
        if (strcasecmp(value, no[i]) == 0) {
            *bool_out = 0;
            return IAD_OK;
        }
    }
    return iad_fail(IAD_ERR_USAGE,
                    "invalid value '%s' for %s: expected yes or no", value,
                    where);
}

static enum iad_error
push_string(char ***list, size_t *n, const char *value)
{
    char **grown;

    grown = realloc(*list, (*n + 1) * sizeof(*grown));
    if (grown == NULL)
        return IAD_ERR_NOMEM;
    *list = grown;
    grown[*n] = strdup(value);
    if (grown[*n] == NULL)
        return IAD_ERR_NOMEM;
    (*n)++;
    return IAD_OK;
}

static enum iad_error
add_uri(struct iad_settings *s, const char *value, const char *where)
{
    enum iad_error ret;

    if (strncasecmp(value, "ldap://", 7) != 0 &&
        strncasecmp(value, "ldaps://", 8) != 0 &&
        strncasecmp(value, "ldapi://", 8) != 0)
        return iad_fail(IAD_ERR_USAGE,
                        "invalid URI '%s' for %s: expected ldap://, "
                        "ldaps:// or ldapi://", value, where);
    /* A bad host or port is the user's mistake, found before connecting,
     * not a server that cannot be reached. */
    ret = iad_dir_check_uri(value, where);
    if (ret != IAD_OK)
        return ret;
    return push_string(&s->uris, &s->n_uris, value);
}

/*
 * Check a --nameserver (or with ADDRESS, a --resolver) VALUE as it is
 * set, so that a mistake stops the run before any connection, not after
 * the write when the wait begins.
 */
static enum iad_error
check_server(const char *value, bool address, const char *where)
{
    enum iad_error ret;
    char *host = NULL;
    unsigned port;

    ret = iad_wait_parse_server(value, 53, where, &host, &port);
    if (ret == IAD_OK && address && !iad_dns_is_address(host))
        ret = iad_fail(IAD_ERR_USAGE, "invalid resolver '%s' for %s: "
                       "expected an IP address, not a host name", value,
                       where);
    free(host);
    return ret;
}

/* The field of S that the flag option ID sets. */
static int *
flag_field(struct iad_settings *s, enum iad_opt_id id)
{
    switch (id) {
    case IAD_OPT_ANY_NAME:
        return &s->any_name;
    case IAD_OPT_DRY_RUN:
        return &s->dry_run;
    case IAD_OPT_JSON:
        return &s->json;
    case IAD_OPT_NO_WAIT:
        return &s->no_wait;
    case IAD_OPT_WAIT:
        return &s->wait;
    case IAD_OPT_NO_FOLLOW_CNAME:
        return &s->no_follow_cname;
    case IAD_OPT_STARTTLS:
        return &s->starttls;
    default:
        return &s->all;
    }
}

/* --mech VALUE, given at WHERE. */
static enum iad_error
set_mech(struct iad_settings *s, const char *value, const char *where)
{
    if (strcasecmp(value, "GSSAPI") == 0)
        return set_string(&s->mech, "GSSAPI");
    if (strcasecmp(value, "EXTERNAL") == 0)
        return set_string(&s->mech, "EXTERNAL");
    return iad_fail(IAD_ERR_USAGE, "invalid mechanism '%s' for %s: expected "
                    "GSSAPI or EXTERNAL", value, where);
}

/* -v once more, or with VALUE (given at WHERE) that level. */
static enum iad_error
set_verbose(struct iad_settings *s, const char *value, const char *where)
{
    enum iad_error ret;
    long level;

    if (value == NULL) {
        s->verbose = s->verbose == IAD_UNSET ? 1 : s->verbose + 1;
        return IAD_OK;
    }
    ret = parse_number(value, 0, 9, where, &level);
    if (ret == IAD_OK)
        s->verbose = (int)level;
    return ret;
}

enum iad_error
iad_settings_set(struct iad_settings *s, const struct iad_option_def *def,
                 const char *value, const char *where)
{
    enum iad_error ret;
    int flag = 0;

    if (def->arg != NULL && (value == NULL || value[0] == '\0'))
        return iad_fail(IAD_ERR_USAGE, "%s needs a value", where);

    switch (def->id) {
    case IAD_OPT_URI:
        return add_uri(s, value, where);
    case IAD_OPT_BASE:
        ret = iad_dir_check_dn(value, where);
        return ret != IAD_OK ? ret : set_string(&s->base, value);
    case IAD_OPT_KEYTAB:
        return set_string(&s->keytab, value);
    case IAD_OPT_PRINCIPAL:
        return set_string(&s->principal, value);
    case IAD_OPT_CONFIG:
        return set_string(&s->config, value);
    case IAD_OPT_IPA_CONFDIR:
        return set_string(&s->ipa_confdir, value);
    case IAD_OPT_RESOLVER:
        ret = check_server(value, true, where);
        return ret != IAD_OK ? ret : set_string(&s->resolver, value);
    case IAD_OPT_IPA_RUNDIR:
        return set_string(&s->ipa_rundir, value);
    case IAD_OPT_CACERT:
        return set_string(&s->cacert, value);
    case IAD_OPT_MIN_SSF:
        return parse_number(value, 0, 256, where, &s->min_ssf);
    case IAD_OPT_MECH:
        return set_mech(s, value, where);
    case IAD_OPT_TIMEOUT:
        return parse_number(value, 1, 3600, where, &s->timeout);
    case IAD_OPT_TTL:
        return parse_number(value, 0, 2147483647L, where, &s->ttl);
    case IAD_OPT_WAIT_TIMEOUT:
        return parse_number(value, 1, 86400, where, &s->wait_timeout);
    case IAD_OPT_DNS_PORT:
        return parse_number(value, 1, 65535, where, &s->dns_port);
    case IAD_OPT_MIN_SERVERS:
        return parse_number(value, 1, 1000, where, &s->min_servers);
    case IAD_OPT_OLDER_THAN:
        return iad_parse_duration(value, where, &s->older_than);
    case IAD_OPT_NAMESERVER:
        ret = check_server(value, false, where);
        return ret != IAD_OK ? ret :
               push_string(&s->nameservers, &s->n_nameservers, value);
    case IAD_OPT_VERBOSE:
        return set_verbose(s, value, where);
    case IAD_OPT_ANY_NAME:
    case IAD_OPT_DRY_RUN:
    case IAD_OPT_JSON:
    case IAD_OPT_ALL:
    case IAD_OPT_NO_WAIT:
    case IAD_OPT_WAIT:
    case IAD_OPT_NO_FOLLOW_CNAME:
    case IAD_OPT_STARTTLS:
        ret = parse_bool(value, where, &flag);
        if (ret != IAD_OK)
            return ret;
        *flag_field(s, def->id) = flag;
        return IAD_OK;
    case IAD_OPT_HELP:
        s->help = true;
        return IAD_OK;
    case IAD_OPT_VERSION:
        s->version = true;
        return IAD_OK;
    }
    return iad_fail(IAD_ERR_INTERNAL, "unhandled option %s", where);
}

const struct iad_option_def *
iad_option_find(const char *name)
{
    size_t i;

    for (i = 0; i < iad_n_option_defs; i++) {
        if (strcmp(iad_option_defs[i].name, name) == 0)
            return &iad_option_defs[i];
    }
    return NULL;
}

static const struct iad_option_def *
option_by_id(int id)
{
    size_t i;

    for (i = 0; i < iad_n_option_defs; i++) {
        if ((int)iad_option_defs[i].id == id)
            return &iad_option_defs[i];
    }
    return NULL;
}

enum iad_error
iad_options_parse(int argc, char **argv, int *index, struct iad_settings *s)
{
    struct option longopts[sizeof(iad_option_defs) /
                           sizeof(iad_option_defs[0]) + 1];
    char shortopts[3 * sizeof(iad_option_defs) /
                   sizeof(iad_option_defs[0]) + 3];
    size_t i, o = 0;
    enum iad_error ret = IAD_OK;
    int c;

    /* '+': stop at the first operand, so that a value such as "-x" that
     * follows NAME is never taken for an option; ':': report a missing
     * argument apart from an unknown option. */
    shortopts[o++] = '+';
    shortopts[o++] = ':';
    for (i = 0; i < iad_n_option_defs; i++) {
        const struct iad_option_def *def = &iad_option_defs[i];

        longopts[i].name = def->name;
        longopts[i].has_arg = def->arg != NULL ? required_argument
                                               : no_argument;
        longopts[i].flag = NULL;
        longopts[i].val = (int)def->id;
        if (def->short_name != 0) {
            shortopts[o++] = (char)def->short_name;
            if (def->arg != NULL)
                shortopts[o++] = ':';
        }
    }
    memset(&longopts[iad_n_option_defs], 0, sizeof(longopts[0]));
    shortopts[o] = '\0';

    optind = *index;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        const struct iad_option_def *def;
        char where[64];

        if (c == '?' || c == ':') {
            const char *bad = argv[optind - 1];

            if (strncmp(bad, "--", 2) == 0 && optopt != 0 && c == '?')
                ret = iad_fail(IAD_ERR_USAGE, "option '%.*s' takes no "
                               "value", (int)strcspn(bad, "="), bad);
            else if (optopt != 0 && optopt < 256 && c == '?')
                ret = iad_fail(IAD_ERR_USAGE,
                               "unknown option '-%c': see --help", optopt);
            else if (c == ':')
                ret = iad_fail(IAD_ERR_USAGE, "option '%s' needs a value",
                               bad);
            else
                ret = iad_fail(IAD_ERR_USAGE,
                               "unknown option '%s': see --help", bad);
            goto cleanup;
        }
        def = option_by_id(c);
        if (def == NULL) {
            ret = iad_fail(IAD_ERR_INTERNAL, "unhandled option %d", c);
            goto cleanup;
        }
        snprintf(where, sizeof(where), "--%s", def->name);
        ret = iad_settings_set(s, def, optarg, where);
        if (ret != IAD_OK)
            goto cleanup;
    }
    *index = optind;

cleanup:
    return ret;
}

enum iad_error
iad_settings_merge(struct iad_settings *dst, const struct iad_settings *src)
{
    char **fields_dst[] = { &dst->base, &dst->keytab, &dst->principal,
                            &dst->mech, &dst->ipa_confdir, &dst->resolver,
                            &dst->ipa_rundir, &dst->cacert };
    char *const fields_src[] = { src->base, src->keytab, src->principal,
                                 src->mech, src->ipa_confdir,
                                 src->resolver, src->ipa_rundir,
                                 src->cacert };
    size_t i;

    for (i = 0; i < sizeof(fields_src) / sizeof(fields_src[0]); i++) {
        if (*fields_dst[i] == NULL && fields_src[i] != NULL &&
            set_string(fields_dst[i], fields_src[i]) != IAD_OK)
            return IAD_ERR_NOMEM;
    }
    if (dst->n_uris == 0) {
        for (i = 0; i < src->n_uris; i++) {
            if (add_uri(dst, src->uris[i], "uri") != IAD_OK)
                return IAD_ERR_NOMEM;
        }
    }
    if (dst->n_nameservers == 0) {
        for (i = 0; i < src->n_nameservers; i++) {
            if (push_string(&dst->nameservers, &dst->n_nameservers,
                            src->nameservers[i]) != IAD_OK)
                return IAD_ERR_NOMEM;
        }
    }
    if (dst->wait_timeout == IAD_UNSET)
        dst->wait_timeout = src->wait_timeout;
    if (dst->dns_port == IAD_UNSET)
        dst->dns_port = src->dns_port;
    if (dst->min_servers == IAD_UNSET)
        dst->min_servers = src->min_servers;
    if (dst->no_wait == IAD_UNSET)
        dst->no_wait = src->no_wait;
    if (dst->no_follow_cname == IAD_UNSET)
        dst->no_follow_cname = src->no_follow_cname;
    if (dst->starttls == IAD_UNSET)
        dst->starttls = src->starttls;
    if (dst->min_ssf == IAD_UNSET)
        dst->min_ssf = src->min_ssf;
    if (dst->timeout == IAD_UNSET)
        dst->timeout = src->timeout;
    if (dst->ttl == IAD_UNSET)
        dst->ttl = src->ttl;
    if (dst->any_name == IAD_UNSET)
        dst->any_name = src->any_name;
    if (dst->verbose == IAD_UNSET)
        dst->verbose = src->verbose;
    return IAD_OK;
}

/* Print TEXT from column INDENT on, breaking lines before column WIDTH. */
static void
print_wrapped(FILE *f, const char *text, int indent, int width)
{
    int column = indent;

    while (*text != '\0') {
        const char *end = strchr(text, ' ');
        int len = end != NULL ? (int)(end - text) : (int)strlen(text);

        if (column > indent && column + 1 + len > width) {
            fprintf(f, "\n%*s", indent - 1, "");
            column = indent;
        }
        fprintf(f, " %.*s", len, text);
        column += len + 1;
        text += len;
        while (*text == ' ')
            text++;
    }
    fputc('\n', f);
}

void
iad_usage(FILE *f)
{
    size_t i;

    fprintf(f,
            "Usage: %s [OPTIONS] COMMAND ARGS...\n"
            "Answer ACME dns-01 challenges in FreeIPA DNS through LDAP.\n"
            "\n"
            "Commands:\n"
            "  add NAME VALUE...      add TXT values to NAME\n"
            "  del NAME VALUE...      remove these TXT values from NAME\n"
            "  del --all NAME         remove every TXT value of NAME\n"
            "  show NAME              print the TXT values of NAME, one a "
            "line\n"
            "  wait NAME VALUE...     wait until every name server serves "
            "the values\n"
            "  zones                  list the active zones\n"
            "  prune [ZONE...]        remove _acme-challenge TXT values "
            "left unchanged for\n"
            "                         --older-than (default 24h), in every "
            "active zone\n"
            "                         or in the zones given\n"
            "  certbot | lego ARGS... | dehydrated ARGS... | uacme ARGS...\n"
            "                         run as that ACME client's hook\n"
            "\n"
            "NAME is a fully qualified name beginning with "
            "_acme-challenge.\n"
            "\n"
            "Options:\n", IAD_PROGRAM);
    for (i = 0; i < iad_n_option_defs; i++) {
        const struct iad_option_def *def = &iad_option_defs[i];
        char left[64];

        if (def->short_name != 0)
            snprintf(left, sizeof(left), "-%c, --%s%s%s", def->short_name,
                     def->name, def->arg ? " " : "",
                     def->arg ? def->arg : "");
        else
            snprintf(left, sizeof(left), "    --%s%s%s", def->name,
                     def->arg ? " " : "", def->arg ? def->arg : "");
        /* A long option name gets its help on the next line. */
        if (strlen(left) > 26)
            fprintf(f, "  %s\n%28s", left, "");
        else
            fprintf(f, "  %-26s", left);
        print_wrapped(f, def->help, 29, 79);
    }
    fprintf(f,
            "\n"
            "Exit status: 0 success, 1 operation failed, 2 usage or "
            "configuration error,\n"
            "3 authentication failed, 4 insufficient access, 5 the name "
            "servers did not\nserve the change in time.\n"
            "See ipa-acme-dns(1).\n");
}
