/* Choosing the zone that holds a name, from the zones the directory has. */
#ifndef IAD_ZONE_H
#define IAD_ZONE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* An idnsZone entry as read from the directory. */
struct iad_zone {
    char *name;   /* canonical: lower case, no trailing dot */
    char *dn;     /* the entry's DN as the server returned it */
    bool active;  /* idnsZoneActive is TRUE */
};

/*
 * Among the N ZONES, find the one with the longest name that contains the
 * canonical NAME, and return a pointer into ZONES in *ZONE_OUT.  Fails
 * with IAD_ERR_NO_ZONE when none does and with IAD_ERR_ZONE_DISABLED when
 * the longest one is not active; an inactive zone shorter than an active
 * match does not matter.
 */
enum iad_error iad_zone_choose(const char *name, const struct iad_zone *zones,
                               size_t n, const struct iad_zone **zone_out);

/*
 * Refuse (IAD_ERR_DELEGATED) a canonical NAME at or below one of the N
 * names REL_NS, which are the idnsName values (relative to ZONE) of the
 * entries of ZONE carrying nSRecord: BIND would never serve its data.
 * The apex (an empty relative name) is not a delegation.
 */
enum iad_error iad_zone_check_delegation(const char *name, const char *zone,
                                         char *const *rel_ns, size_t n);

#endif
