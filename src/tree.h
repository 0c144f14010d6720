/*
 * The DNS tree of bind-dyndb-ldap in the directory: zones, record entries
 * and their tXTRecord values.  Speaks to LDAP only through directory.h.
 */
#ifndef IAD_TREE_H
#define IAD_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "directory.h"
#include "dns.h"
#include "error.h"
#include "zone.h"

/* Where the records of a name live. */
struct iad_target {
    char *name;             /* canonical owner name */
    struct iad_zone zone;   /* the zone that holds it */
    char *rel;              /* name relative to the zone, "" at the apex */
    char *dn;               /* the record entry (the zone entry at apex) */
    char **zone_ns;         /* the zone's nSRecord values, as found with
                               the zone (NULL-terminated) */
    struct iad_ns *ns_addrs; /* addresses of those name servers that lie
                               in the zone, from their aRecord and
                               aAAARecord, port 0 (for the wait) */
    size_t n_ns_addrs;
    char *cname;            /* the target of a cNAMERecord at the name,
                               canonical, or NULL */
    bool exists;            /* the record entry was there when located */
    bool empty;             /* ... but held no record (a server without
                               the assertion control keeps such entries) */
};

/*
 * The search filter that finds, in one search, every idnsZone entry that
 * could hold canonical NAME: one term per suffix, with and without the
 * trailing dot.  Caller frees.
 */
char *iad_tree_zone_filter(const char *name);

/*
 * The filter that finds, among the record entries of a zone, those with
 * nSRecord at REL (relative to the zone) or above it.  Caller frees.
 */
char *iad_tree_delegation_filter(const char *rel);

/*
 * Find the zone for canonical NAME under the DNS container BASE, refuse a
 * disabled zone or a delegated name, compute the record entry's DN, and
 * note the zone's name servers and a CNAME at NAME; with FOR_WAIT also
 * the addresses of the name servers in the zone, so that the wait never
 * has to read the directory (a command that does not wait skips that
 * search).
 * *TARGET_OUT is freed with iad_target_free().
 */
enum iad_error iad_tree_locate(struct iad_dir *dir, const char *base,
                               const char *name, bool for_wait,
                               struct iad_target **target_out);

/* Free T; NULL is allowed. */
void iad_target_free(struct iad_target *t);

/*
 * Add the N values (raw bytes, NUL-terminated) to T's tXTRecord, creating
 * the record entry with dNSTTL TTL when it is missing, or giving it that
 * TTL when it held no record.  A value already present is success.  With
 * DRY_RUN, print the change on stdout instead.
 */
enum iad_error iad_tree_add(struct iad_dir *dir, const struct iad_target *t,
                            char *const *values, size_t n, long ttl,
                            bool dry_run);

/*
 * Remove the N values (every tXTRecord value when ALL) from T, leaving
 * other writers' values alone; then delete the record entry if it holds
 * no record at all (a record attribute being one that the server's schema
 * allows on idnsRecord and whose name ends in "Record", as bind-dyndb-ldap
 * reads them), under an RFC 4528 assertion that it still holds none, so
 * that a record another writer adds meanwhile is never lost; a server
 * without that control keeps the emptied entry.  An absent value or entry
 * is success.
 * *REMOVED_OUT says how many stored values went.
 */
enum iad_error iad_tree_del(struct iad_dir *dir, const struct iad_target *t,
                            char *const *values, size_t n, bool all,
                            bool dry_run, size_t *removed_out);

/*
 * The tXTRecord values of T as stored (master-file text) in *VALUES_OUT,
 * a NULL-terminated array; none when the entry does not exist.  Free with
 * iad_tree_values_free().
 */
enum iad_error iad_tree_read(struct iad_dir *dir, const struct iad_target *t,
                             char ***values_out, size_t *n_out);

/* Free VALUES from iad_tree_read(); NULL is allowed. */
void iad_tree_values_free(char **values);

/*
 * Every idnsZone under BASE (active or not), in the order the server
 * returns them, in *ZONES_OUT; free with iad_tree_zones_free().
 */
enum iad_error iad_tree_zones(struct iad_dir *dir, const char *base,
                              struct iad_zone **zones_out, size_t *n_out);

/* Free N ZONES; NULL is allowed. */
void iad_tree_zones_free(struct iad_zone *zones, size_t n);

/*
 * The name servers of T's zone from its nSRecord values (read with the
 * zone), as canonical absolute names in *NAMES_OUT (NULL-terminated; free
 * with iad_tree_values_free()).
 */
enum iad_error iad_tree_zone_ns(const struct iad_target *t,
                                char ***names_out, size_t *n_out);

/* Append a copy of NAME, ADDR, PORT to *SERVERS, unless ADDR:PORT is
 * there already. */
enum iad_error iad_ns_push(struct iad_ns **servers, size_t *n,
                           const char *name, const char *addr,
                           unsigned port);

/* Free N SERVERS; NULL is allowed. */
void iad_tree_ns_free(struct iad_ns *servers, size_t n);

/* What prune cleans, and where. */
struct iad_prune_params {
    const char *base;         /* the DNS container */
    char *const *zones;       /* canonical zone names; none: every active
                                 zone under BASE */
    size_t n_zones;
    long older_than;          /* seconds without a change */
    bool account_names;       /* also _LABEL._acme-challenge names */
    bool dry_run;             /* print, change nothing */
};

/*
 * Remove the tXTRecord values of the challenge entries (names whose first
 * label is _acme-challenge) of P's zones that no one changed for
 * P->older_than seconds, as their modifyTimestamp says and the server
 * selects: only the values read with the entry, so that a value another
 * writer adds meanwhile stays; the emptied entry is deleted as
 * iad_tree_del() deletes it.  An entry changed meanwhile is left alone.
 * Prints one line a pruned entry on stdout.  An identity that cannot see
 * the entries' ages is IAD_ERR_ACCESS before anything changes.
 * *ENTRIES_OUT and *VALUES_OUT: how many were pruned (or would be).
 */
enum iad_error iad_tree_prune(struct iad_dir *dir,
                              const struct iad_prune_params *p,
                              size_t *entries_out, size_t *values_out);

#endif
