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
/* How long a reply to one question is awaited, at most. */
#define QUERY_MS 2000
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

    /* Only the zone's own data counts: a resolver's cache may be old. */
    if (r->cname != NULL || !r->aa)
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

/* ERR in words, starting lowercase, into BUF of SIZE bytes. */
static void
describe_errno(int err, char *buf, size_t size)
{
    if (err == ECONNREFUSED)
        snprintf(buf, size, "nothing listens on that port");
    else
        snprintf(buf, size, "%s", strerror(err));
    if (buf[0] >= 'A' && buf[0] <= 'Z')
        buf[0] = (char)(buf[0] - 'A' + 'a');
}

/* What R holds, after the checks of iad_wait_describe(). */
static void
describe_data(const struct iad_dns_reply *r, char *buf, size_t size)
{
    size_t used = 0, i, j;

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
    used = (size_t)snprintf(buf, size, "TXT");
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

void
iad_wait_describe(const struct iad_dns_reply *r, char *buf, size_t size)
{
    char err[128];
    size_t used;

    if (size == 0)
        return;
    if (r->kind == IAD_DNS_NO_REPLY) {
        if (r->error != 0)
            describe_errno(r->error, err, sizeof(err));
        snprintf(buf, size, "no answer%s%s%s%s%s", r->error != 0 ? " (" : "",
                 r->error != 0 ? err : "", r->error != 0 ? ")" : "",
                 r->why != NULL ? ", only " : "",
                 r->why != NULL ? r->why : "");
        return;
    }
    if (r->kind == IAD_DNS_INVALID) {
        snprintf(buf, size, "%s", r->why != NULL ? r->why : "a bad reply");
        return;
    }
    used = 0;
    if (!r->aa)
        used = (size_t)snprintf(buf, size, "answered without authority "
                                "(AA bit clear), so it does not count: ");
    if (used < size)
        describe_data(r, buf + used, size - used);
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

/* The name server called NAME in SERVERS, added when missing or FRESH. */
static struct iad_wait_ns *
server_named(struct iad_wait_ns **servers, size_t *n, const char *name,
             bool fresh)
{
    struct iad_wait_ns *grown;
    size_t i;

    for (i = 0; !fresh && i < *n; i++) {
        if (strcmp((*servers)[i].name, name) == 0)
            return &(*servers)[i];
    }
    grown = realloc(*servers, (*n + 1) * sizeof(*grown));
    if (grown == NULL)
        return NULL;
    *servers = grown;
    memset(&grown[*n], 0, sizeof(grown[*n]));
    grown[*n].name = strdup(name);
    if (grown[*n].name == NULL)
        return NULL;
    return &grown[(*n)++];
}

/*
 * Move the N_FLAT addresses of FLAT into SERVERS: those of one name make
 * one name server, or all of them one called NAME when NAME is not NULL.
 */
static enum iad_error
group(struct iad_wait_ns **servers, size_t *n, const struct iad_ns *flat,
      size_t n_flat, const char *name)
{
    struct iad_wait_ns *s = NULL;
    enum iad_error ret = IAD_OK;
    size_t i;

    for (i = 0; i < n_flat && ret == IAD_OK; i++) {
        if (name == NULL || i == 0)
            s = server_named(servers, n, name != NULL ? name : flat[i].name,
                             name != NULL);
        if (s == NULL)
            return IAD_ERR_NOMEM;
        ret = iad_ns_push(&s->addrs, &s->n_addrs, flat[i].name,
                          flat[i].addr, flat[i].port);
    }
    return ret;
}

void
iad_wait_ns_free(struct iad_wait_ns *servers, size_t n)
{
    size_t i;

    for (i = 0; servers != NULL && i < n; i++) {
        free(servers[i].name);
        iad_tree_ns_free(servers[i].addrs, servers[i].n_addrs);
    }
    free(servers);
}

/* The name servers of the N_SPECS --nameserver arguments, one each. */
static enum iad_error
spec_servers(char *const *specs, size_t n_specs, unsigned port,
             const struct iad_ns *resolver, struct iad_wait_ns **servers,
             size_t *n)
{
    struct iad_ns *flat = NULL;
    enum iad_error ret = IAD_OK;
    size_t n_flat = 0, i;
    char *host = NULL;
    unsigned p;

    for (i = 0; i < n_specs && ret == IAD_OK; i++) {
        ret = iad_wait_parse_server(specs[i], port, NULL, &host, &p);
        if (ret == IAD_OK)
            ret = add_host(host, p, resolver, &flat, &n_flat);
        if (ret == IAD_OK)
            ret = group(servers, n, flat, n_flat, host);
        iad_tree_ns_free(flat, n_flat);
        flat = NULL;
        n_flat = 0;
        free(host);
        host = NULL;
    }
    return ret;
}

/*
 * The zone's name servers: as locate found them in the directory, those
 * of the NS set in DNS, with addresses from RESOLVER for those outside.
 */
static enum iad_error
zone_servers(const struct iad_target *t, unsigned port,
             const struct iad_ns *resolver, struct iad_wait_ns **servers,
             size_t *n)
{
    struct iad_ns *flat = NULL;
    enum iad_error ret;
    char **names = NULL;
    size_t n_flat = 0, n_names = 0, i;

    ret = iad_tree_zone_ns(t, &names, &n_names);
    for (i = 0; i < t->n_ns_addrs && ret == IAD_OK; i++)
        ret = iad_ns_push(&flat, &n_flat, t->ns_addrs[i].name,
                          t->ns_addrs[i].addr, port);
    if (ret != IAD_OK)
        goto cleanup;
    if (n_flat > 0) {
        ret = add_dns_ns(t, flat, n_flat, &names, &n_names);
        if (ret != IAD_OK)
            goto cleanup;
    }
    for (i = 0; i < n_names && ret == IAD_OK; i++) {
        if (!known_name(flat, n_flat, names[i]))
            ret = add_host(names[i], port, resolver, &flat, &n_flat);
    }
    if (ret == IAD_OK)
        ret = group(servers, n, flat, n_flat, NULL);

cleanup:
    iad_tree_values_free(names);
    iad_tree_ns_free(flat, n_flat);
    return ret;
}

enum iad_error
iad_wait_servers(const struct iad_target *t, char *const *specs,
                 size_t n_specs, unsigned port,
                 const struct iad_ns *resolver,
                 struct iad_wait_ns **servers_out, size_t *n_out)
{
    struct iad_wait_ns *servers = NULL;
    enum iad_error ret;
    size_t n = 0, i, j;

    if (n_specs > 0)
        ret = spec_servers(specs, n_specs, port, resolver, &servers, &n);
    else
        ret = zone_servers(t, port, resolver, &servers, &n);
    if (ret != IAD_OK)
        goto cleanup;
    if (n == 0) {
        ret = iad_fail(IAD_ERR_DNS, "cannot find the name servers of zone "
                       "'%s.': pass --nameserver", t->zone.name);
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        for (j = 0; j < servers[i].n_addrs; j++)
            iad_trace(1, "name server '%s' at %s port %u", servers[i].name,
                      servers[i].addrs[j].addr, servers[i].addrs[j].port);
    }
    *servers_out = servers;
    *n_out = n;
    servers = NULL;
    n = 0;

cleanup:
    iad_wait_ns_free(servers, n);
    return ret;
}

/* One address of a name server, as the wait goes. */
struct addr_state {
    const struct iad_ns *ns;
    size_t server;                 /* its index in the parameters */
    long next_ms;                  /* when to ask it next */
    long interval;                 /* from one question to the next */
    struct iad_dns_reply last;     /* its latest reply, or no reply */
    struct iad_dns_reply answered; /* an earlier reply, when LAST is none */
};

struct wait_state {
    const struct iad_wait_params *p;
    struct addr_state *addrs;
    struct iad_dns_query **queries;   /* each address's, or NULL */
    size_t n_addrs;
    bool *done;                       /* for each name server */
    size_t n_done;
    long start, end;
};

static void
state_release(struct wait_state *st)
{
    size_t i;

    for (i = 0; st->addrs != NULL && st->queries != NULL &&
         i < st->n_addrs; i++) {
        iad_dns_query_free(st->queries[i]);
        iad_dns_reply_release(&st->addrs[i].last);
        iad_dns_reply_release(&st->addrs[i].answered);
    }
    free(st->addrs);
    free(st->queries);
    free(st->done);
}

static enum iad_error
state_init(struct wait_state *st, const struct iad_wait_params *p)
{
    size_t i, j, k = 0;

    memset(st, 0, sizeof(*st));
    st->p = p;
    for (i = 0; i < p->n_servers; i++)
        st->n_addrs += p->servers[i].n_addrs;
    st->addrs = calloc(st->n_addrs + 1, sizeof(*st->addrs));
    st->queries = calloc(st->n_addrs + 1, sizeof(*st->queries));
    st->done = calloc(p->n_servers + 1, sizeof(*st->done));
    if (st->addrs == NULL || st->queries == NULL || st->done == NULL)
        return IAD_ERR_NOMEM;
    st->start = iad_now_ms();
    st->end = st->start + p->timeout_ms;
    for (i = 0; i < p->n_servers; i++) {
        for (j = 0; j < p->servers[i].n_addrs; j++, k++) {
            st->addrs[k].ns = &p->servers[i].addrs[j];
            st->addrs[k].server = i;
            st->addrs[k].next_ms = st->start;
            st->addrs[k].interval = FIRST_MS;
        }
    }
    return IAD_OK;
}

/*
 * Ask every address of a lagging name server whose turn has come and that
 * has no question in flight.  Each question is awaited for its own
 * QUERY_MS (or what is left), whatever the interval: a slow server is
 * not asked again before it could answer.
 */
static enum iad_error
ask_due(struct wait_state *st)
{
    long now = iad_now_ms(), wait = st->end - now;
    enum iad_error ret = IAD_OK;
    size_t i;

    if (wait > QUERY_MS)
        wait = QUERY_MS;
    for (i = 0; i < st->n_addrs && ret == IAD_OK; i++) {
        struct addr_state *a = &st->addrs[i];

        if (st->done[a->server] || st->queries[i] != NULL ||
            a->next_ms > now)
            continue;
        ret = iad_dns_query_start(a->ns, st->p->name, IAD_RR_TXT, wait,
                                  &st->queries[i]);
        a->next_ms = now + a->interval;
        a->interval = a->interval * 2 > MAX_MS ? MAX_MS : a->interval * 2;
    }
    return ret;
}

/* How long to wait for replies before the next address is due. */
static long
idle_ms(const struct wait_state *st)
{
    long now = iad_now_ms(), t = st->end - now;
    size_t i;

    for (i = 0; i < st->n_addrs; i++) {
        const struct addr_state *a = &st->addrs[i];

        if (!st->done[a->server] && st->queries[i] == NULL &&
            a->next_ms - now < t)
            t = a->next_ms - now;
    }
    return t < 0 ? 0 : t;
}

/* Name server I serves: its other questions are dropped. */
static void
server_done(struct wait_state *st, size_t i, const struct iad_ns *ns)
{
    size_t j;

    st->done[i] = true;
    st->n_done++;
    iad_trace(1, "%s (%s) serves %s after %ld ms", ns->name, ns->addr,
              st->p->present ? "the values" : "none of the values",
              iad_now_ms() - st->start);
    for (j = 0; j < st->n_addrs; j++) {
        if (st->addrs[j].server == i) {
            iad_dns_query_free(st->queries[j]);
            st->queries[j] = NULL;
        }
    }
}

/* Keep REPLY as A's latest, and an earlier answer beside no answer. */
static void
keep_reply(struct addr_state *a, struct iad_dns_reply *reply)
{
    if (reply->kind == IAD_DNS_NO_REPLY &&
        a->last.kind != IAD_DNS_NO_REPLY) {
        iad_dns_reply_release(&a->answered);
        a->answered = a->last;
    } else {
        iad_dns_reply_release(&a->last);
        if (reply->kind != IAD_DNS_NO_REPLY)
            iad_dns_reply_release(&a->answered);
    }
    a->last = *reply;
    memset(reply, 0, sizeof(*reply));
}

/* What A answered last, in words, into BUF of SIZE bytes. */
static void
describe_addr(const struct addr_state *a, char *buf, size_t size)
{
    size_t used;

    iad_wait_describe(&a->last, buf, size);
    used = strlen(buf);
    if (a->last.kind == IAD_DNS_NO_REPLY &&
        a->answered.kind != IAD_DNS_NO_REPLY && used + 16 < size) {
        used += (size_t)snprintf(buf + used, size - used,
                                  ", having answered ");
        iad_wait_describe(&a->answered, buf + used, size - used);
    }
}

/* Take the replies that came and see which name servers now serve. */
static void
collect(struct wait_state *st)
{
    const struct iad_wait_params *p = st->p;
    struct iad_dns_reply reply;
    char what[1024];
    size_t i;

    for (i = 0; i < st->n_addrs; i++) {
        struct addr_state *a = &st->addrs[i];

        if (st->queries[i] == NULL || !iad_dns_query_done(st->queries[i]))
            continue;
        iad_dns_query_take(st->queries[i], &reply);
        iad_dns_query_free(st->queries[i]);
        st->queries[i] = NULL;
        if (iad_wait_satisfied(&reply, p->values, p->n_values, p->present)) {
            server_done(st, a->server, a->ns);
        } else if (iad_verbosity >= 2 ||
                   (iad_verbosity >= 1 && a->interval >= 320)) {
            iad_wait_describe(&reply, what, sizeof(what));
            iad_trace(1, "still waiting for %s (%s): %-s", a->ns->name,
                      a->ns->addr, what);
        }
        keep_reply(a, &reply);
        iad_dns_reply_release(&reply);
    }
}

/* One line for lagging name server I: what each of its addresses said. */
static void
report(const struct wait_state *st, size_t i)
{
    const struct iad_wait_ns *s = &st->p->servers[i];
    char line[2048], what[1024];
    size_t used = 0, j;

    line[0] = '\0';
    for (j = 0; j < st->n_addrs; j++) {
        const struct addr_state *a = &st->addrs[j];

        if (a->server != i)
            continue;
        describe_addr(a, what, sizeof(what));
        if (s->n_addrs == 1) {
            iad_info("name server '%s' (%s port %u) answers for '%s.': %-s",
                     s->name, a->ns->addr, a->ns->port, st->p->name, what);
            return;
        }
        if (used < sizeof(line))
            used += (size_t)snprintf(line + used, sizeof(line) - used,
                                     "%s%s port %u: %s", used > 0 ? "; " :
                                     "", a->ns->addr, a->ns->port, what);
    }
    iad_info("name server '%s' answers for '%s.': %-s", s->name, st->p->name,
             line);
}

enum iad_error
iad_wait_run(const struct iad_wait_params *p)
{
    struct wait_state st;
    enum iad_error ret;
    size_t need = p->min_servers, i;

    if (need == 0 || need > p->n_servers)
        need = p->n_servers;
    ret = state_init(&st, p);
    while (ret == IAD_OK && st.n_done < need && iad_now_ms() < st.end) {
        ret = ask_due(&st);
        if (ret == IAD_OK)
            ret = iad_dns_query_poll(st.queries, st.n_addrs, idle_ms(&st));
        if (ret == IAD_OK)
            collect(&st);
    }
    if (ret == IAD_OK && st.n_done < need) {
        /* Out of time: say what each lagging name server answered. */
        for (i = 0; i < p->n_servers; i++) {
            if (!st.done[i])
                report(&st, i);
        }
        ret = iad_fail(IAD_ERR_TIMEOUT,
                       "'%s.' is %s %zu of %zu name servers after %ld "
                       "s: see above", p->name, p->present ?
                       "not yet served by" : "not yet gone from",
                       p->n_servers - st.n_done, p->n_servers,
                       p->timeout_ms / 1000);
    }
    if (ret == IAD_ERR_INTERRUPTED)
        ret = iad_fail(ret, "interrupted while waiting for '%s.'", p->name);
    state_release(&st);
    return ret;
}
