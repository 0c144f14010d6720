/*
 * Waiting until every authoritative server serves (or stops serving) the
 * values, so that the ACME server's own query succeeds (RFC 8555 8.2).
 */
#ifndef IAD_WAIT_H
#define IAD_WAIT_H

#include <stdbool.h>
#include <stddef.h>

#include "dns.h"
#include "error.h"
#include "tree.h"

/* A name server and its addresses: it serves once one of them does. */
struct iad_wait_ns {
    char *name;
    struct iad_ns *addrs;
    size_t n_addrs;
};

struct iad_wait_params {
    const struct iad_wait_ns *servers;
    size_t n_servers;
    const char *name;            /* canonical */
    char *const *values;         /* raw bytes, NUL-terminated */
    size_t n_values;
    bool present;                /* wait for all values, or for none */
    long timeout_ms;
    size_t min_servers;          /* 0: all of them */
};

/*
 * True when the authoritative reply R (AA set; any other counts for
 * nothing) shows the N VALUES all served (PRESENT) or none of them served
 * (!PRESENT: NXDOMAIN or no data).
 */
bool iad_wait_satisfied(const struct iad_dns_reply *r, char *const *values,
                        size_t n, bool present);

/*
 * What R says, in words for a person, into BUF of SIZE bytes: no answer
 * and why, an answer without authority, the response code, the values.
 */
void iad_wait_describe(const struct iad_dns_reply *r, char *buf,
                       size_t size);

/*
 * Parse a --nameserver or --resolver argument, HOST, HOST:PORT,
 * [IPV6]:PORT, [IPV6] or a bare IPv6 address, into *HOST_OUT (caller
 * frees) and *PORT_OUT (DEFAULT_PORT when none is given).  HOST is an
 * address or a host name.  IAD_ERR_USAGE with a message naming WHERE
 * (the option or FILE:LINE; NULL: --nameserver) when TEXT is none of
 * these or its port is not 1 to 65535.
 */
enum iad_error iad_wait_parse_server(const char *text, unsigned default_port,
                                     const char *where, char **host_out,
                                     unsigned *port_out);

/*
 * The name servers to ask about T: one for each of the N_SPECS
 * --nameserver arguments when there are any, else the zone's name servers
 * (nSRecord in LDAP and the zone's NS set in DNS) with addresses from the
 * zone's own A/AAAA records as locate read them (see tree.h), else from
 * RESOLVER (NULL: the system's), all on PORT; the directory is not read.
 * Free with iad_wait_ns_free().  IAD_ERR_DNS when none can be found.
 */
enum iad_error iad_wait_servers(const struct iad_target *t,
                                char *const *specs, size_t n_specs,
                                unsigned port, const struct iad_ns *resolver,
                                struct iad_wait_ns **servers_out,
                                size_t *n_out);

/* Free N SERVERS; NULL is allowed. */
void iad_wait_ns_free(struct iad_wait_ns *servers, size_t n);

/*
 * Ask each address of each name server, from right away and at growing
 * intervals of at most a second, each question awaited for up to two
 * seconds (a slow server is not asked again before it could answer),
 * until enough name servers serve what P asks for: a name server serves
 * once one of its addresses answers with authority that it does.  An
 * address the host cannot reach does not hold up the others.
 * IAD_ERR_TIMEOUT after P->timeout_ms, having written one line per
 * lagging name server saying what each of its addresses answered last.
 * IAD_ERR_INTERRUPTED once iad_interrupted() (see interrupt.h).
 */
enum iad_error iad_wait_run(const struct iad_wait_params *p);

#endif
