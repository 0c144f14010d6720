/*
 * Asking DNS servers: the only module that calls ldns_*.  Queries go
 * straight to the servers named, recursion off, all at once over UDP
 * (TCP when truncated); the system resolver is used only to find
 * addresses and SRV records.
 */
#ifndef IAD_DNS_H
#define IAD_DNS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* A name server to ask. */
struct iad_ns {
    char *name;      /* its host name, for messages */
    char *addr;      /* numeric IPv4 or IPv6 address */
    unsigned port;
};

enum iad_rr_type {
    IAD_RR_A,
    IAD_RR_AAAA,
    IAD_RR_NS,
    IAD_RR_CNAME,
    IAD_RR_TXT,
    IAD_RR_SRV
};

enum iad_dns_kind {
    IAD_DNS_NO_REPLY,   /* nothing came back in time: see error, why */
    IAD_DNS_INVALID,    /* not the reply to the query asked: see why */
    IAD_DNS_RCODE,      /* an error response: see rcode */
    IAD_DNS_ANSWER      /* NOERROR; values may be empty (no data) */
};

/* What one server answered. */
struct iad_dns_reply {
    enum iad_dns_kind kind;
    int rcode;                /* the response code (3 NXDOMAIN, ...) */
    bool aa;                  /* answered with authority (the AA bit) */
    int error;                /* NO_REPLY: the errno that ended the query
                                 (ECONNREFUSED, ENETUNREACH...), or 0 */
    const char *why;          /* INVALID: what was wrong with the reply;
                                 NO_REPLY: the last such reason, or NULL
                                 (static text) */
    size_t n_values;
    unsigned char **values;   /* TXT: the strings of each rdata joined;
                                 other types: presentation text */
    size_t *lens;             /* length of each value */
    char *cname;              /* the CNAME target met instead, or NULL */
};

/* The text of a response code ("NXDOMAIN", "SERVFAIL", ...), static. */
const char *iad_dns_rcode_text(int rcode);

/* A query to one server, in flight or done. */
struct iad_dns_query;

/*
 * Send the query for TYPE at the canonical NAME to NS (which must outlive
 * the query), to be answered within WAIT_MS; *QUERY_OUT is freed with
 * iad_dns_query_free().  A server the host cannot reach (no route for
 * the address family, say) makes a query that is done at once with
 * IAD_DNS_NO_REPLY and the errno: that is not an error.
 */
enum iad_error iad_dns_query_start(const struct iad_ns *ns, const char *name,
                                   enum iad_rr_type type, long wait_ms,
                                   struct iad_dns_query **query_out);

/*
 * Wait up to WAIT_MS for replies to the N QUERIES (NULL entries and done
 * queries are skipped; with none in flight this only sleeps), reading
 * what arrived.  A query is done when its reply came (over TCP when the
 * UDP one was truncated), when the server cannot be reached, or at its
 * deadline.  A datagram that is not the reply asked for (see
 * iad_dns_read_reply()) is dropped and the query waits on.
 * IAD_ERR_INTERRUPTED, without a message, once iad_interrupted().
 */
enum iad_error iad_dns_query_poll(struct iad_dns_query *const *queries,
                                  size_t n, long wait_ms);

/* True once Q has its reply or has given up. */
bool iad_dns_query_done(const struct iad_dns_query *q);

/* The iad_now_ms() at which Q gives up. */
long iad_dns_query_deadline(const struct iad_dns_query *q);

/* Move Q's reply, once done, into *REPLY_OUT (the caller releases it). */
void iad_dns_query_take(struct iad_dns_query *q,
                        struct iad_dns_reply *reply_out);

/* Free Q, closing its socket; NULL is allowed. */
void iad_dns_query_free(struct iad_dns_query *q);

/*
 * Read the datagram WIRE of LEN bytes as the reply to query ID for TYPE
 * at NAME in class IN, into *REPLY (released by the caller): kind
 * IAD_DNS_INVALID with a reason when it is not one (not a response,
 * another ID, another question, another class, undecodable), else the
 * answer with its AA bit.  The name compares without regard to case.
 */
enum iad_error iad_dns_read_reply(const unsigned char *wire, size_t len,
                                  unsigned id, const char *name,
                                  enum iad_rr_type type,
                                  struct iad_dns_reply *reply);

/*
 * Ask each of the N SERVERS for TYPE at the canonical NAME, all at once,
 * and wait up to WAIT_MS for their replies, which go into REPLIES[i]
 * (released by the caller with iad_dns_reply_release()).  A server that
 * does not reply in time gets IAD_DNS_NO_REPLY; that is not an error.
 * IAD_ERR_INTERRUPTED, without a message, as soon as iad_interrupted().
 */
enum iad_error iad_dns_ask(const struct iad_ns *servers, size_t n,
                           const char *name, enum iad_rr_type type,
                           long wait_ms, struct iad_dns_reply *replies);

/*
 * Ask RESOLVER (a recursive server, or NULL for the system's from
 * resolv.conf) for TYPE at NAME, waiting up to WAIT_MS; the reply goes
 * into *REPLY.  No reply is not an error: REPLY says IAD_DNS_NO_REPLY.
 */
enum iad_error iad_dns_resolve(const struct iad_ns *resolver,
                               const char *name, enum iad_rr_type type,
                               long wait_ms, struct iad_dns_reply *reply);

/*
 * The dns-01 TXT value for the key authorization KEYAUTH (RFC 8555 8.4):
 * base64url(SHA-256(KEYAUTH)) without padding, 43 characters, in
 * *VALUE_OUT (caller frees).
 */
enum iad_error iad_dns01_value(const char *keyauth, char **value_out);

/* True when TEXT is a numeric IPv4 or IPv6 address. */
bool iad_dns_is_address(const char *text);

/* Free what R holds and zero it; a zeroed R is allowed. */
void iad_dns_reply_release(struct iad_dns_reply *r);

/*
 * Parse the LEN bytes at WIRE as iad_dns_ask() parses a server's reply to
 * a query for TYPE at NAME, into *REPLY (released by the caller with
 * iad_dns_reply_release()).  IAD_ERR_DNS, without a message, when WIRE
 * is not a DNS message.  For the fuzzer (fuzz/fuzz_dns.c).
 */
enum iad_error iad_dns_parse_wire(const unsigned char *wire, size_t len,
                                  const char *name, enum iad_rr_type type,
                                  struct iad_dns_reply *reply);

#endif
