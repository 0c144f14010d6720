/* DNS owner names: validation and the relations between names and zones. */
#ifndef IAD_NAME_H
#define IAD_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define IAD_NAME_MAX 253
#define IAD_LABEL_MAX 63
#define IAD_ACME_LABEL "_acme-challenge"

/*
 * Check a fully qualified owner name given by the user and return in
 * *NAME_OUT (caller frees) its canonical form: lower case, without the
 * trailing dot.  Letters, digits, '-' and '_' are the only characters
 * allowed in a label.  Fails with IAD_ERR_INVALID_NAME and a message.
 */
enum iad_error iad_name_normalize(const char *in, char **name_out);

/*
 * Canonical form of a name read from the directory (a zone's idnsName):
 * lower case, without the trailing dot, no check of the characters.
 * Returns NULL when out of memory or when IN is empty; caller frees.
 */
char *iad_name_canon(const char *in);

/*
 * True when TEXT of LEN bytes (not NUL-terminated) is a host name: labels
 * of letters, digits, '-' and '_' of 1 to 63 bytes, at most 253 in all,
 * a final dot allowed.
 */
bool iad_name_is_host(const char *text, size_t len);

/* True when the first label of the canonical NAME is _acme-challenge. */
bool iad_name_is_acme(const char *name);

/*
 * The next shorter suffix of canonical NAME (a pointer into NAME after
 * its first label), or NULL when NAME has a single label.
 */
const char *iad_name_parent(const char *name);

/* True when canonical NAME is ZONE or lies below it. */
bool iad_name_in_zone(const char *name, const char *zone);

/*
 * The part of canonical NAME in front of ZONE, as bind-dyndb-ldap names
 * record entries ("_acme-challenge.www" for _acme-challenge.www.ex.com in
 * ex.com), in *REL_OUT (caller frees): the empty string at the apex.
 * NAME must lie in ZONE (IAD_ERR_INTERNAL otherwise).
 */
enum iad_error iad_name_relative(const char *name, const char *zone,
                                 char **rel_out);

/*
 * A domain name as master-file text relative to ORIGIN (canonical), as
 * bind-dyndb-ldap reads nSRecord and cNAMERecord values: "host" is
 * host.ORIGIN, "host.example." is absolute, "@" is ORIGIN.  Returns the
 * canonical absolute name (caller frees), or NULL when out of memory or
 * TEXT is empty.
 */
char *iad_name_from_master(const char *text, const char *origin);

#endif
