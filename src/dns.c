/* Asking DNS servers. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ldns/ldns.h>
#include <ldns/sha2.h>

#include "dns.h"
#include "interrupt.h"
#include "msg.h"

#define UDP_MAX 65535

static const ldns_rr_type rr_types[] = {
    [IAD_RR_A] = LDNS_RR_TYPE_A,
    [IAD_RR_AAAA] = LDNS_RR_TYPE_AAAA,
    [IAD_RR_NS] = LDNS_RR_TYPE_NS,
    [IAD_RR_CNAME] = LDNS_RR_TYPE_CNAME,
    [IAD_RR_TXT] = LDNS_RR_TYPE_TXT,
    [IAD_RR_SRV] = LDNS_RR_TYPE_SRV,
};

const char *
iad_dns_rcode_text(int rcode)
{
    switch (rcode) {
    case 0:
        return "NOERROR";
    case 1:
        return "FORMERR";
    case 2:
        return "SERVFAIL";
    case 3:
        return "NXDOMAIN";
    case 4:
        return "NOTIMP";
    case 5:
        return "REFUSED";
    case 9:
        return "NOTAUTH";
    default:
        return "error";
    }
}

enum iad_error
iad_dns01_value(const char *keyauth, char **value_out)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char digest[LDNS_SHA256_DIGEST_LENGTH];
    size_t i, o = 0;
    unsigned bits = 0, nbits = 0;
    char *value;

    ldns_sha256((const unsigned char *)keyauth, (unsigned)strlen(keyauth),
                digest);
    /* 256 bits make 43 characters of 6 bits, the last one padded. */
    value = malloc(44);
    if (value == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < sizeof(digest); i++) {
        bits = (bits << 8) | digest[i];
        nbits += 8;
        while (nbits >= 6) {
            nbits -= 6;
            value[o++] = alphabet[(bits >> nbits) & 0x3f];
        }
    }
    if (nbits > 0)
        value[o++] = alphabet[(bits << (6 - nbits)) & 0x3f];
    value[o] = '\0';
    *value_out = value;
    return IAD_OK;
}

bool
iad_dns_is_address(const char *text)
{
    struct in6_addr a6;
    struct in_addr a4;

    return inet_pton(AF_INET, text, &a4) == 1 ||
           inet_pton(AF_INET6, text, &a6) == 1;
}

void
iad_dns_reply_release(struct iad_dns_reply *r)
{
    size_t i;

    for (i = 0; i < r->n_values; i++)
        free(r->values[i]);
    free(r->values);
    free(r->lens);
    free(r->cname);
    memset(r, 0, sizeof(*r));
}

static bool
push_value(struct iad_dns_reply *r, const unsigned char *data, size_t len)
{
    unsigned char **values;
    size_t *lens;
    unsigned char *copy;

    values = realloc(r->values, (r->n_values + 1) * sizeof(*values));
    if (values == NULL)
        return false;
    r->values = values;
    lens = realloc(r->lens, (r->n_values + 1) * sizeof(*lens));
    if (lens == NULL)
        return false;
    r->lens = lens;
    copy = malloc(len + 1);
    if (copy == NULL)
        return false;
    memcpy(copy, data, len);
    copy[len] = '\0';
    r->values[r->n_values] = copy;
    r->lens[r->n_values] = len;
    r->n_values++;
    return true;
}

/* The rdata of RR as one value: TXT strings joined, else presentation. */
static bool
push_rr(struct iad_dns_reply *r, const ldns_rr *rr, enum iad_rr_type type)
{
    size_t i, len = 0;
    unsigned char buf[65536];
    char *text;
    bool ok;

    if (type == IAD_RR_TXT) {
        for (i = 0; i < ldns_rr_rd_count(rr); i++) {
            const ldns_rdf *rdf = ldns_rr_rdf(rr, i);
            const uint8_t *d = ldns_rdf_data(rdf);
            size_t n = ldns_rdf_size(rdf);

            /* A character-string: its length byte, then its bytes. */
            if (n < 1 || (size_t)d[0] + 1 > n || len + d[0] > sizeof(buf))
                return false;
            memcpy(buf + len, d + 1, d[0]);
            len += d[0];
        }
        return push_value(r, buf, len);
    }
    /* A record without its rdata (RDLENGTH 0) says nothing: pass over
     * it rather than fail the whole reply as if out of memory. */
    if (ldns_rr_rd_count(rr) < (type == IAD_RR_SRV ? 4u : 1u))
        return true;
    if (type == IAD_RR_SRV) {
        char *target = ldns_rdf2str(ldns_rr_rdf(rr, 3));
        char line[1100];

        if (target == NULL)
            return false;
        snprintf(line, sizeof(line), "%u %u %u %s",
                 (unsigned)ldns_rdf2native_int16(ldns_rr_rdf(rr, 0)),
                 (unsigned)ldns_rdf2native_int16(ldns_rr_rdf(rr, 1)),
                 (unsigned)ldns_rdf2native_int16(ldns_rr_rdf(rr, 2)),
                 target);
        free(target);
        text = strdup(line);
    } else {
        text = ldns_rdf2str(ldns_rr_rdf(rr, 0));
    }
    if (text == NULL)
        return false;
    ok = push_value(r, (unsigned char *)text, strlen(text));
    free(text);
    return ok;
}

/* Fill R from the response PKT to a query for TYPE at QNAME. */
static enum iad_error
parse_reply(const ldns_pkt *pkt, const ldns_rdf *qname,
            enum iad_rr_type type, struct iad_dns_reply *r)
{
    ldns_rr_list *answer = ldns_pkt_answer(pkt);
    size_t i;

    r->rcode = (int)ldns_pkt_get_rcode(pkt);
    r->kind = r->rcode == 0 ? IAD_DNS_ANSWER : IAD_DNS_RCODE;
    r->aa = ldns_pkt_aa(pkt);
    /* NXDOMAIN may still carry a CNAME chain: look at the answer anyway. */
    for (i = 0; i < ldns_rr_list_rr_count(answer); i++) {
        const ldns_rr *rr = ldns_rr_list_rr(answer, i);

        if (ldns_rr_get_type(rr) == rr_types[type] &&
            (type != IAD_RR_TXT || r->cname == NULL)) {
            if (!push_rr(r, rr, type))
                return IAD_ERR_NOMEM;
        } else if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME &&
                   r->cname == NULL && ldns_rr_rd_count(rr) > 0 &&
                   ldns_dname_compare(ldns_rr_owner(rr), qname) == 0) {
            r->cname = ldns_rdf2str(ldns_rr_rdf(rr, 0));
            if (r->cname == NULL)
                return IAD_ERR_NOMEM;
        }
    }
    return IAD_OK;
}

/*
 * Why PKT is not the reply to query ID for TYPE at QNAME in class IN, or
 * NULL when it is.  Names compare without regard to letter case.
 */
static const char *
mismatch(const ldns_pkt *pkt, uint16_t id, const ldns_rdf *qname,
         enum iad_rr_type type)
{
    const ldns_rr *q;

    if (!ldns_pkt_qr(pkt))
        return "a query instead of a reply";
    if (ldns_pkt_id(pkt) != id)
        return "a reply with another ID";
    if (ldns_pkt_get_opcode(pkt) != LDNS_PACKET_QUERY)
        return "a reply to another kind of request";
    if (ldns_pkt_qdcount(pkt) != 1 ||
        ldns_rr_list_rr_count(ldns_pkt_question(pkt)) != 1)
        return "a reply without the question";
    q = ldns_rr_list_rr(ldns_pkt_question(pkt), 0);
    if (ldns_dname_compare(ldns_rr_owner(q), qname) != 0)
        return "a reply about another name";
    if (ldns_rr_get_type(q) != rr_types[type])
        return "a reply about another type";
    if (ldns_rr_get_class(q) != LDNS_RR_CLASS_IN)
        return "a reply in another class than IN";
    return NULL;
}

/* R from PKT, or IAD_DNS_INVALID saying why PKT does not answer ID. */
static enum iad_error
check_reply(const ldns_pkt *pkt, uint16_t id, const ldns_rdf *qname,
            enum iad_rr_type type, struct iad_dns_reply *r)
{
    const char *why = mismatch(pkt, id, qname, type);

    if (why != NULL) {
        r->kind = IAD_DNS_INVALID;
        r->why = why;
        return IAD_OK;
    }
    return parse_reply(pkt, qname, type, r);
}

enum iad_error
iad_dns_read_reply(const unsigned char *wire, size_t len, unsigned id,
                   const char *name, enum iad_rr_type type,
                   struct iad_dns_reply *reply)
{
    ldns_rdf *qname = NULL;
    ldns_pkt *pkt = NULL;
    enum iad_error ret = IAD_OK;

    memset(reply, 0, sizeof(*reply));
    qname = ldns_dname_new_frm_str(name);
    if (qname == NULL) {
        ret = iad_fail(IAD_ERR_DNS, "cannot make a DNS name of '%s'", name);
        goto cleanup;
    }
    if (ldns_wire2pkt(&pkt, wire, len) != LDNS_STATUS_OK) {
        reply->kind = IAD_DNS_INVALID;
        reply->why = "a reply that cannot be decoded";
        goto cleanup;
    }
    ret = check_reply(pkt, (uint16_t)id, qname, type, reply);
    if (ret != IAD_OK)
        iad_dns_reply_release(reply);

cleanup:
    ldns_pkt_free(pkt);
    ldns_rdf_deep_free(qname);
    return ret;
}

/* A UDP socket connected to NS, or -1 with errno set. */
static int
open_udp(const struct iad_ns *ns)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int fd, saved;

    memset(&ss, 0, sizeof(ss));
    if (inet_pton(AF_INET, ns->addr,
                  &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
        ((struct sockaddr_in *)&ss)->sin_family = AF_INET;
        ((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)ns->port);
        len = sizeof(struct sockaddr_in);
    } else if (inet_pton(AF_INET6, ns->addr,
                         &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
        ((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)ns->port);
        len = sizeof(struct sockaddr_in6);
    } else {
        errno = EINVAL;
        return -1;
    }
    fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    /* A connected socket only receives from that server. */
    if (connect(fd, (struct sockaddr *)&ss, len) != 0) {
        saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/*
 * A resolver that asks only NS (recursion RECURSIVE, over TCP with TCP),
 * waiting up to WAIT_MS; NULL when NS->addr is no address or out of
 * memory.  Free with ldns_resolver_deep_free().
 */
static ldns_resolver *
resolver_for(const struct iad_ns *ns, bool recursive, bool tcp,
             long wait_ms)
{
    struct timeval tv = { wait_ms / 1000, (wait_ms % 1000) * 1000 };
    ldns_resolver *res;
    ldns_rdf *addr;

    addr = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, ns->addr);
    if (addr == NULL)
        addr = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_AAAA, ns->addr);
    if (addr == NULL)
        return NULL;
    res = ldns_resolver_new();
    if (res != NULL) {
        /* The resolver keeps a copy of the address. */
        ldns_resolver_push_nameserver(res, addr);
        ldns_resolver_set_port(res, (uint16_t)ns->port);
        ldns_resolver_set_usevc(res, tcp);
        ldns_resolver_set_recursive(res, recursive);
        ldns_resolver_set_timeout(res, tv);
        ldns_resolver_set_retry(res, 1);
    }
    ldns_rdf_deep_free(addr);
    return res;
}

/* One query in flight to one server. */
struct iad_dns_query {
    const struct iad_ns *ns;
    ldns_rdf *qname;
    ldns_pkt *pkt;             /* the query, kept for a retry over TCP */
    enum iad_rr_type type;
    int fd;
    long deadline;             /* iad_now_ms() at which it gives up */
    bool done;
    const char *invalid;       /* why the last datagram was refused */
    struct iad_dns_reply reply;
};

/* Q has ended without a reply, for errno ERR (0: out of time). */
static void
query_fail(struct iad_dns_query *q, int err)
{
    q->done = true;
    q->reply.kind = IAD_DNS_NO_REPLY;
    q->reply.error = err;
    q->reply.why = q->invalid;
    if (err != 0)
        iad_trace(2, "no reply from %s (%s): %s", q->ns->name, q->ns->addr,
                  strerror(err));
}

/* Ask Q's server again over TCP, after a truncated UDP reply. */
static enum iad_error
ask_tcp(struct iad_dns_query *q)
{
    long rest = q->deadline - iad_now_ms();
    ldns_resolver *res = NULL;
    ldns_pkt *reply = NULL;
    enum iad_error ret = IAD_OK;
    ldns_status st;

    res = resolver_for(q->ns, false, true, rest > 100 ? rest : 100);
    if (res == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    q->done = true;
    st = ldns_resolver_send_pkt(&reply, res, q->pkt);
    if (st != LDNS_STATUS_OK || reply == NULL) {
        iad_trace(2, "no TCP reply from %s: %s", q->ns->name,
                  ldns_get_errorstr_by_id(st));
        q->reply.kind = IAD_DNS_NO_REPLY;
        goto cleanup;
    }
    ret = check_reply(reply, ldns_pkt_id(q->pkt), q->qname, q->type,
                      &q->reply);
    if (ret == IAD_OK && q->reply.kind == IAD_DNS_INVALID) {
        q->invalid = q->reply.why;
        query_fail(q, 0);
    }

cleanup:
    ldns_pkt_free(reply);
    ldns_resolver_deep_free(res);
    return ret;
}

enum iad_error
iad_dns_query_start(const struct iad_ns *ns, const char *name,
                    enum iad_rr_type type, long wait_ms,
                    struct iad_dns_query **query_out)
{
    struct iad_dns_query *q = NULL;
    enum iad_error ret = IAD_OK;
    uint8_t *wire = NULL;
    size_t wire_len = 0;

    q = calloc(1, sizeof(*q));
    if (q == NULL)
        return IAD_ERR_NOMEM;
    q->ns = ns;
    q->type = type;
    q->fd = -1;
    q->deadline = iad_now_ms() + wait_ms;
    q->qname = ldns_dname_new_frm_str(name);
    if (q->qname == NULL) {
        ret = iad_fail(IAD_ERR_DNS, "cannot make a DNS name of '%s'", name);
        goto cleanup;
    }
    q->pkt = ldns_pkt_query_new(ldns_rdf_clone(q->qname), rr_types[type],
                                LDNS_RR_CLASS_IN, 0);
    if (q->pkt == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    /* A fresh id for each query: a reply must match its query. */
    ldns_pkt_set_random_id(q->pkt);
    if (ldns_pkt2wire(&wire, q->pkt, &wire_len) != LDNS_STATUS_OK) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    /* A host that cannot reach the address (no route for its family)
     * learns it here: the query ends at once, not at its deadline. */
    q->fd = open_udp(ns);
    if (q->fd < 0 || send(q->fd, wire, wire_len, 0) < 0)
        query_fail(q, errno);
    *query_out = q;
    q = NULL;

cleanup:
    free(wire);
    iad_dns_query_free(q);
    return ret;
}

void
iad_dns_query_free(struct iad_dns_query *q)
{
    if (q == NULL)
        return;
    if (q->fd >= 0)
        close(q->fd);
    iad_dns_reply_release(&q->reply);
    ldns_pkt_free(q->pkt);
    ldns_rdf_deep_free(q->qname);
    free(q);
}

bool
iad_dns_query_done(const struct iad_dns_query *q)
{
    return q->done;
}

long
iad_dns_query_deadline(const struct iad_dns_query *q)
{
    return q->deadline;
}

void
iad_dns_query_take(struct iad_dns_query *q, struct iad_dns_reply *reply_out)
{
    *reply_out = q->reply;
    memset(&q->reply, 0, sizeof(q->reply));
}

/* Read what came for Q on its socket into BUF of UDP_MAX bytes. */
static enum iad_error
query_read(struct iad_dns_query *q, unsigned char *buf)
{
    enum iad_error ret = IAD_OK;

    while (!q->done && ret == IAD_OK) {
        ldns_pkt *pkt = NULL;
        ssize_t got = recv(q->fd, buf, UDP_MAX, 0);

        if (got < 0) {
            /* ICMP port unreachable: nobody listens there. */
            if (errno != EAGAIN && errno != EINTR)
                query_fail(q, errno);
            break;
        }
        if (ldns_wire2pkt(&pkt, buf, (size_t)got) != LDNS_STATUS_OK) {
            q->invalid = "a reply that cannot be decoded";
            continue;
        }
        ret = check_reply(pkt, ldns_pkt_id(q->pkt), q->qname, q->type,
                          &q->reply);
        if (ret == IAD_OK && q->reply.kind == IAD_DNS_INVALID) {
            /* Not ours (or forged): wait on for the real one. */
            iad_trace(2, "%s (%s) sent %s", q->ns->name, q->ns->addr,
                      q->reply.why);
            q->invalid = q->reply.why;
            memset(&q->reply, 0, sizeof(q->reply));
        } else if (ret == IAD_OK && ldns_pkt_tc(pkt)) {
            iad_dns_reply_release(&q->reply);
            ret = ask_tcp(q);
        } else {
            q->done = true;
        }
        ldns_pkt_free(pkt);
    }
    return ret;
}

/* The poll() timeout: WAIT_MS, or less to meet the first deadline. */
static int
poll_timeout(struct iad_dns_query *const *queries, size_t n, long wait_ms)
{
    long now = iad_now_ms(), t = wait_ms;
    size_t i;

    for (i = 0; i < n; i++) {
        if (queries[i] != NULL && !queries[i]->done &&
            queries[i]->deadline - now < t)
            t = queries[i]->deadline - now;
    }
    return t < 0 ? 0 : t > 60000 ? 60000 : (int)t;
}

enum iad_error
iad_dns_query_poll(struct iad_dns_query *const *queries, size_t n,
                   long wait_ms)
{
    struct pollfd *fds = NULL;
    unsigned char *buf = NULL;
    enum iad_error ret = IAD_OK;
    size_t i;
    int rc;

    fds = calloc(n + 1, sizeof(*fds));
    buf = malloc(UDP_MAX);
    if (fds == NULL || buf == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        const struct iad_dns_query *q = queries[i];

        fds[i].fd = q != NULL && !q->done ? q->fd : -1;
        fds[i].events = POLLIN;
    }
    if (iad_interrupted() != 0) {
        ret = IAD_ERR_INTERRUPTED;
        goto cleanup;
    }
    rc = poll(fds, n, poll_timeout(queries, n, wait_ms));
    /* SIGINT or SIGTERM stop the wait; other signals do not. */
    if (rc < 0 && errno == EINTR && iad_interrupted() != 0)
        ret = IAD_ERR_INTERRUPTED;
    for (i = 0; ret == IAD_OK && rc > 0 && i < n; i++) {
        if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLERR)))
            ret = query_read(queries[i], buf);
    }
    for (i = 0; ret == IAD_OK && i < n; i++) {
        if (queries[i] != NULL && !queries[i]->done &&
            iad_now_ms() >= queries[i]->deadline)
            query_fail(queries[i], 0);
    }

cleanup:
    free(buf);
    free(fds);
    return ret;
}

enum iad_error
iad_dns_ask(const struct iad_ns *servers, size_t n, const char *name,
            enum iad_rr_type type, long wait_ms,
            struct iad_dns_reply *replies)
{
    struct iad_dns_query **queries = NULL;
    enum iad_error ret = IAD_OK;
    size_t i, left = n;
    long deadline = iad_now_ms() + wait_ms;

    for (i = 0; i < n; i++)
        memset(&replies[i], 0, sizeof(replies[i]));
    queries = calloc(n + 1, sizeof(*queries));
    if (queries == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < n && ret == IAD_OK; i++)
        ret = iad_dns_query_start(&servers[i], name, type, wait_ms,
                                  &queries[i]);
    while (ret == IAD_OK && left > 0 && iad_now_ms() < deadline) {
        ret = iad_dns_query_poll(queries, n, deadline - iad_now_ms());
        for (i = 0, left = 0; i < n; i++)
            left += !queries[i]->done;
    }
    for (i = 0; i < n; i++) {
        if (ret == IAD_OK && queries[i] != NULL && queries[i]->done)
            iad_dns_query_take(queries[i], &replies[i]);
        else
            replies[i].kind = IAD_DNS_NO_REPLY;
        iad_dns_query_free(queries[i]);
    }
    free(queries);
    return ret;
}

enum iad_error
iad_dns_resolve(const struct iad_ns *resolver, const char *name,
                enum iad_rr_type type, long wait_ms,
                struct iad_dns_reply *reply)
{
    ldns_resolver *res = NULL;
    ldns_rdf *qname = NULL;
    ldns_pkt *pkt = NULL;
    struct timeval tv = { wait_ms / 1000, (wait_ms % 1000) * 1000 };
    enum iad_error ret = IAD_OK;
    ldns_status st;

    memset(reply, 0, sizeof(*reply));
    reply->kind = IAD_DNS_NO_REPLY;
    if (resolver != NULL) {
        res = resolver_for(resolver, true, false, wait_ms);
        if (res == NULL) {
            ret = iad_fail(IAD_ERR_DNS, "cannot use resolver '%s'",
                           resolver->addr);
            goto cleanup;
        }
    } else {
        st = ldns_resolver_new_frm_file(&res, NULL);
        if (st != LDNS_STATUS_OK) {
            ret = iad_fail(IAD_ERR_DNS, "cannot read the resolver "
                           "configuration: %s", ldns_get_errorstr_by_id(st));
            goto cleanup;
        }
    }
    ldns_resolver_set_timeout(res, tv);
    ldns_resolver_set_retry(res, 1);
    qname = ldns_dname_new_frm_str(name);
    if (qname == NULL) {
        ret = iad_fail(IAD_ERR_DNS, "cannot make a DNS name of '%s'", name);
        goto cleanup;
    }
    iad_trace(2, "asking the system resolver about '%s'", name);
    st = ldns_resolver_send(&pkt, res, qname, rr_types[type],
                            LDNS_RR_CLASS_IN, LDNS_RD);
    if (st != LDNS_STATUS_OK || pkt == NULL) {
        iad_trace(1, "the system resolver did not answer for '%s': %s",
                  name, ldns_get_errorstr_by_id(st));
        goto cleanup;
    }
    ret = parse_reply(pkt, qname, type, reply);

cleanup:
    ldns_pkt_free(pkt);
    ldns_rdf_deep_free(qname);
    ldns_resolver_deep_free(res);
    return ret;
}

/* For the fuzzer: the reply path of iad_dns_ask() from the wire bytes. */
enum iad_error
iad_dns_parse_wire(const unsigned char *wire, size_t len, const char *name,
                   enum iad_rr_type type, struct iad_dns_reply *reply)
{
    ldns_rdf *qname = ldns_dname_new_frm_str(name);
    ldns_pkt *pkt = NULL;
    enum iad_error ret = IAD_ERR_DNS;

    memset(reply, 0, sizeof(*reply));
    reply->kind = IAD_DNS_NO_REPLY;
    if (qname != NULL && ldns_wire2pkt(&pkt, wire, len) == LDNS_STATUS_OK)
        ret = parse_reply(pkt, qname, type, reply);
    ldns_pkt_free(pkt);
    ldns_rdf_deep_free(qname);
    return ret;
}
