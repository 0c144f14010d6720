/* Waiting for the authoritative servers. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "interrupt.h"
#include "msg.h"
#include "name.h"
#include "wait.h"

/* Intervals between rounds: from FIRST_MS, doubling, at most MAX_MS. */
#define FIRST_MS 5
#define MAX_MS 1000
/* How long to wait for the NS set and for the system resolver. */
#define NS_WAIT_MS 500
#define RESOLVE_WAIT_MS 3000

static bool
has_value(const struct iad_dns_reply *r, const char *value)
{
    size_t len = strlen(value), i;

    for (i = 0; i < r->n_values; i++) {
        if (r->lens[i] == len && memcmp(r->values[i], value, len) == 0)
            return true;
    }
    return false;
}

bool
iad_wait_satisfied(const struct iad_dns_reply *r, char *const *values,
                   size_t n, bool present)
{
    size_t i;

    if (r->cname != NULL)
        return false;
    if (present) {
        if (r->kind != IAD_DNS_ANSWER)
            return false;
        for (i = 0; i < n; i++) {
            if (!has_value(r, values[i]))
                return false;
        }
        return true;
    }
    if (r->kind == IAD_DNS_RCODE && r->rcode == 3)
        return true;
    if (r->kind != IAD_DNS_ANSWER)
        return false;
    for (i = 0; i < n; i++) {
        if (has_value(r, values[i]))
            return false;
    }
    return true;
}

void
iad_wait_describe(const struct iad_dns_reply *r, char *buf, size_t size)
{
    size_t used = 0, i, j;

    if (r->kind == IAD_DNS_NO_REPLY) {
        snprintf(buf, size, "no answer");
        return;
    }
    if (r->kind == IAD_DNS_RCODE) {
        snprintf(buf, size, "%s", iad_dns_rcode_text(r->rcode));
        return;
    }
    if (r->cname != NULL) {
        snprintf(buf, size, "a CNAME to '%s'", r->cname);
        return;
    }
    if (r->n_values == 0) {
        snprintf(buf, size, "no TXT record");
        return;
    }
    used = (size_t)snprintf(buf, size, "other values:");
    for (i = 0; i < r->n_values && used < size; i++) {
        used += (size_t)snprintf(buf + used, size - used, " \"");
        for (j = 0; j < r->lens[i] && used + 5 < size; j++) {
            unsigned char c = r->values[i][j];

            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
                buf[used++] = (char)c;
            else
                used += (size_t)snprintf(buf + used, size - used, "\\%03u",
                                         c);
        }
        if (used + 2 < size) {
            buf[used++] = '"';
            buf[used] = '\0';
        }
    }
}

static bool
is_ipv6(const char *text)
{
    struct in6_addr a6;

    return inet_pton(AF_INET6, text, &a6) == 1;
}

/* True when PORT is 1 to 65535 in decimal digits, nothing else. */
static bool
parse_port(const char *port, unsigned *port_out)
{
    unsigned long p = 0;
    size_t i;

    for (i = 0; port[i] != '\0'; i++) {
        if (port[i] < '0' || port[i] > '9' || i >= 5)
            return false;
        p = p * 10 + (unsigned long)(port[i] - '0');
    }
    if (i == 0 || p == 0 || p > 65535)
        return false;
    *port_out = (unsigned)p;
    return true;
}

enum iad_error
iad_wait_parse_server(const char *text, unsigned default_port,
                      const char *where, char **host_out,
                      unsigned *port_out)
{
    const char *host = text, *port = NULL, *colon, *why = NULL;
    size_t host_len = strlen(text);
    unsigned p = default_port;
    char *copy = NULL;

    if (where == NULL)
        where = "--nameserver";
    if (text[0] == '[') {
        const char *close = strchr(text, ']');

        if (close == NULL)
            why = "no ']' after the IPv6 address";
        else if (close[1] != '\0' && close[1] != ':')
            why = "expected ':PORT' or nothing after ']'";
        else if (close[1] == ':')
            port = close + 2;
        host = text + 1;
        host_len = close != NULL ? (size_t)(close - host) : 0;
    } else {
        colon = strchr(text, ':');
        /* One colon separates a port; more make an IPv6 address. */
        if (colon != NULL && strchr(colon + 1, ':') == NULL) {
            host_len = (size_t)(colon - text);
            port = colon + 1;
        }
    }
    if (why == NULL && port != NULL && !parse_port(port, &p))
        why = "the port must be 1 to 65535";
    if (why == NULL && host_len == 0)
        why = "no host";
    if (why == NULL) {
        copy = strndup(host, host_len);
        if (copy == NULL)
            return IAD_ERR_NOMEM;
        /* Brackets hold an IPv6 address; a bare colon means one too. */
        if ((text[0] == '[' || memchr(host, ':', host_len) != NULL) &&
            !is_ipv6(copy))
            why = "not an IPv6 address";
        else if (!iad_dns_is_address(copy) && !iad_name_is_host(host, host_len))
            why = "not an address or a host name";
    }
    if (why != NULL) {
        free(copy);
        return iad_fail(IAD_ERR_USAGE, "invalid name server '%s' for %s: "
                        "%s", text, where, why);
    }
    *host_out = copy;
    *port_out = p;
    return IAD_OK;
}

/* Add the addresses of host NAME (a literal or a name to resolve). */
static enum iad_error
add_host(const char *name, unsigned port, const struct iad_ns *resolver,
         struct iad_ns **servers, size_t *n)
{
    static const enum iad_rr_type types[] = { IAD_RR_A, IAD_RR_AAAA };
    struct iad_dns_reply reply;
    enum iad_error ret = IAD_OK;
    size_t i, j, before = *n;

    if (iad_dns_is_address(name))
        return iad_ns_push(servers, n, name, name, port);
    for (i = 0; i < 2 && ret == IAD_OK; i++) {
        ret = iad_dns_resolve(resolver, name, types[i], RESOLVE_WAIT_MS,
                              &reply);
        for (j = 0; ret == IAD_OK && j < reply.n_values; j++)
            ret = iad_ns_push(servers, n, name, (char *)reply.values[j],
                              port);
        iad_dns_reply_release(&reply);
    }
    /* The resolver gives up on EINTR: not a missing address. */
    if (ret == IAD_OK && iad_interrupted() != 0)
        ret = IAD_ERR_INTERRUPTED;
    if (ret == IAD_OK && *n == before)
        iad_warn("cannot find an address for name server '%s'", name);
    return ret;
}

static bool
known_name(const struct iad_ns *servers, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strcmp(servers[i].name, name) == 0)
            return true;
    }
    return false;
}

/* Add to NAMES those of the zone's NS set that the servers report. */
static enum iad_error
add_dns_ns(const struct iad_target *t, const struct iad_ns *servers,
           size_t n_servers, char ***names, size_t *n_names)
{
    struct iad_dns_reply *replies = NULL;
    enum iad_error ret;
    size_t i, j, k;

    replies = calloc(n_servers + 1, sizeof(*replies));
    if (replies == NULL)
        return IAD_ERR_NOMEM;
    ret = iad_dns_ask(servers, n_servers, t->zone.name, IAD_RR_NS,
                      NS_WAIT_MS, replies);
    for (i = 0; ret == IAD_OK && i < n_servers; i++) {
        for (j = 0; ret == IAD_OK && j < replies[i].n_values; j++) {
            char *canon = iad_name_canon((char *)replies[i].values[j]);
            bool seen = false;
            char **grown;

            if (canon == NULL)
                continue;
            for (k = 0; k < *n_names && !seen; k++)
                seen = strcmp((*names)[k], canon) == 0;
            if (seen) {
                free(canon);
                continue;
            }
            grown = realloc(*names, (*n_names + 2) * sizeof(*grown));
            if (grown == NULL) {
                free(canon);
                ret = IAD_ERR_NOMEM;
                break;
            }
            *names = grown;
            grown[(*n_names)++] = canon;
            grown[*n_names] = NULL;
            iad_trace(2, "the NS set in DNS adds '%s'", canon);
        }
    }
    for (i = 0; i < n_servers; i++)
        iad_dns_reply_release(&replies[i]);
    free(replies);
    return ret;
}

enum iad_error
iad_wait_servers(struct iad_dir *dir, const struct iad_target *t,
                 char *const *specs, size_t n_specs, unsigned port,
                 const struct iad_ns *resolver, struct iad_ns **servers_out,
                 size_t *n_out)
{
    struct iad_ns *servers = NULL;
    enum iad_error ret = IAD_OK;
    char **names = NULL, *host = NULL;
    size_t n = 0, n_names = 0, i;

    if (n_specs > 0) {
        for (i = 0; i < n_specs && ret == IAD_OK; i++) {
            unsigned p;

            ret = iad_wait_parse_server(specs[i], port, NULL, &host, &p);
            if (ret == IAD_OK)
                ret = add_host(host, p, resolver, &servers, &n);
            free(host);
            host = NULL;
        }
        goto done;
    }

    ret = iad_tree_zone_ns(t, &names, &n_names);
    if (ret != IAD_OK)
        goto cleanup;
    ret = iad_tree_ns_addresses(dir, t, names, n_names, port, &servers, &n);
    if (ret != IAD_OK)
        goto cleanup;
    if (n > 0) {
        ret = add_dns_ns(t, servers, n, &names, &n_names);
        if (ret != IAD_OK)
            goto cleanup;
    }
    for (i = 0; i < n_names && ret == IAD_OK; i++) {
        if (!known_name(servers, n, names[i]))
            ret = add_host(names[i], port, resolver, &servers, &n);
    }

done:
    if (ret != IAD_OK)
        goto cleanup;
    if (n == 0) {
        ret = iad_fail(IAD_ERR_DNS, "cannot find the name servers of zone "
                       "'%s.': pass --nameserver", t->zone.name);
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        iad_trace(1, "name server '%s' at %s port %u", servers[i].name,
                  servers[i].addr, servers[i].port);
    *servers_out = servers;
    *n_out = n;
    servers = NULL;
    n = 0;

cleanup:
    iad_tree_values_free(names);
    iad_tree_ns_free(servers, n);
    return ret;
}

static void
sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

    while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR &&
           iad_interrupted() == 0)
        ;
}

enum iad_error
iad_wait_run(const struct iad_wait_params *p)
{
    struct iad_dns_reply *replies = NULL;
    struct iad_ns *lagging = NULL;
    size_t *index = NULL;
    bool *done = NULL;
    enum iad_error ret = IAD_OK;
    long start = iad_now_ms(), interval = FIRST_MS;
    size_t need = p->min_servers, n_done = 0, i, round = 0;
    char what[1024];

    if (need == 0 || need > p->n_servers)
        need = p->n_servers;
    replies = calloc(p->n_servers + 1, sizeof(*replies));
    lagging = calloc(p->n_servers + 1, sizeof(*lagging));
    index = calloc(p->n_servers + 1, sizeof(*index));
    done = calloc(p->n_servers + 1, sizeof(*done));
    if (replies == NULL || lagging == NULL || index == NULL ||
        done == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }

    for (;;) {
        long round_start = iad_now_ms(), left = p->timeout_ms -
                                             (round_start - start);
        size_t n_lag = 0;

        if (left <= 0)
            break;
        for (i = 0; i < p->n_servers; i++) {
            if (!done[i]) {
                lagging[n_lag] = p->servers[i];
                index[n_lag++] = i;
            }
        }
        ret = iad_dns_ask(lagging, n_lag, p->name, IAD_RR_TXT,
                          interval < left ? interval : left, replies);
        if (ret != IAD_OK)
            goto cleanup;
        for (i = 0; i < n_lag; i++) {
            const struct iad_ns *ns = &p->servers[index[i]];

            if (iad_wait_satisfied(&replies[i], p->values, p->n_values,
                                   p->present)) {
                done[index[i]] = true;
                n_done++;
                iad_trace(1, "%s (%s) serves %s after %ld ms", ns->name,
                          ns->addr, p->present ? "the values" :
                          "none of the values", iad_now_ms() - start);
            } else if (iad_verbosity >= 1 && round > 0 &&
                       (interval >= 160 || iad_verbosity >= 2)) {
                iad_wait_describe(&replies[i], what, sizeof(what));
                iad_trace(1, "still waiting for %s (%s): %-s", ns->name,
                          ns->addr, what);
            }
        }
        if (n_done >= need)
            goto cleanup;
        for (i = 0; i < p->n_servers; i++)
            iad_dns_reply_release(&replies[i]);
        /* The rest of this round's interval, then the next round. */
        sleep_ms(interval - (iad_now_ms() - round_start));
        interval = interval * 2 > MAX_MS ? MAX_MS : interval * 2;
        round++;
    }

    /* Out of time: ask once more to say what each lagging server has. */
    {
        size_t n_lag = 0;

        for (i = 0; i < p->n_servers; i++) {
            if (!done[i]) {
                lagging[n_lag] = p->servers[i];
                index[n_lag++] = i;
            }
        }
        ret = iad_dns_ask(lagging, n_lag, p->name, IAD_RR_TXT, 1000,
                          replies);
        if (ret != IAD_OK)
            goto cleanup;
        for (i = 0; i < n_lag; i++) {
            iad_wait_describe(&replies[i], what, sizeof(what));
            iad_info("name server '%s' (%s port %u) answers for '%s.': %-s",
                     lagging[i].name, lagging[i].addr, lagging[i].port,
                     p->name, what);
        }
        ret = iad_fail(IAD_ERR_TIMEOUT,
                       "'%s.' is %s by %zu of %zu name servers after %ld "
                       "s: see above", p->name, p->present ?
                       "not yet served" : "still served", n_lag,
                       p->n_servers, p->timeout_ms / 1000);
    }

cleanup:
    if (ret == IAD_ERR_INTERRUPTED)
        ret = iad_fail(ret, "interrupted while waiting for '%s.'", p->name);
    for (i = 0; replies != NULL && i < p->n_servers; i++)
        iad_dns_reply_release(&replies[i]);
    free(replies);
    free(lagging);
    free(index);
    free(done);
    return ret;
}
