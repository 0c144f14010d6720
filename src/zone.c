/* Zone choice. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "zone.h"

enum iad_error
iad_zone_choose(const char *name, const struct iad_zone *zones, size_t n,
                const struct iad_zone **zone_out)
{
    const struct iad_zone *best = NULL;
    size_t i;

    for (i = 0; i < n; i++) {
        const struct iad_zone *z = &zones[i];

        if (!iad_name_in_zone(name, z->name))
            continue;
        /* Longer wins; at equal length an active entry beats a disabled
         * duplicate (the same zone with and without its trailing dot). */
        if (best == NULL || strlen(z->name) > strlen(best->name) ||
            (strlen(z->name) == strlen(best->name) && z->active &&
             !best->active))
            best = z;
    }
    if (best == NULL)
        return iad_fail(IAD_ERR_NO_ZONE,
                        "no active zone in the directory contains '%s.'",
                        name);
    if (!best->active)
        return iad_fail(IAD_ERR_ZONE_DISABLED,
                        "zone '%s.' is disabled: enable it or use a name "
                        "in another zone", best->name);
    *zone_out = best;
    return IAD_OK;
}

enum iad_error
iad_zone_check_delegation(const char *name, const char *zone,
                          char *const *rel_ns, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char *canon = iad_name_canon(rel_ns[i]);
        char full[512];
        enum iad_error ret = IAD_OK;

        if (canon == NULL || strcmp(canon, "@") == 0) {
            free(canon);
            continue;
        }
        if (snprintf(full, sizeof(full), "%s.%s", canon, zone) <
                (int)sizeof(full) && iad_name_in_zone(name, full))
            ret = iad_fail(IAD_ERR_DELEGATED,
                           "'%s.' is at or below the delegation '%s.': its "
                           "records would never be served", name, full);
        free(canon);
        if (ret != IAD_OK)
            return ret;
    }
    return IAD_OK;
}
