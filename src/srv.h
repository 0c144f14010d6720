/* LDAP servers from DNS SRV records (_ldap._tcp.DOMAIN), as FreeIPA
 * clients find them. */
#ifndef IAD_SRV_H
#define IAD_SRV_H

#include <stddef.h>

#include "error.h"

/*
 * Turn the N SRV rdatas TEXTS ("priority weight port target", as dns.c
 * gives them) into ldap:// URIs in *URIS_OUT (N_OUT of them; free each and
 * the array), lowest priority first and, within a priority, highest
 * weight first.  Records with target "." (no service) are dropped;
 * malformed ones are IAD_ERR_DNS.
 */
enum iad_error iad_srv_uris(char *const *texts, size_t n, char ***uris_out,
                            size_t *n_out);

#endif
