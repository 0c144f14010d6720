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
    IAD_DNS_NO_REPLY,   /* nothing came back in time */
    IAD_DNS_RCODE,      /* an error response: see rcode */
    IAD_DNS_ANSWER      /* NOERROR; values may be empty (no data) */
};

/* What one server answered. */
struct iad_dns_reply {
    enum iad_dns_kind kind;
    int rcode;                /* the response code (3 NXDOMAIN, ...) */
    size_t n_values;
    unsigned char **values;   /* TXT: the strings of each rdata joined;
                                 other types: presentation text */
    size_t *lens;             /* length of each value */
    char *cname;              /* the CNAME target met instead, or NULL */
};

/* The text of a response code ("NXDOMAIN", "SERVFAIL", ...), static. */
const char *iad_dns_rcode_text(int rcode);

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
