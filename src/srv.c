/* LDAP servers from SRV records. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "srv.h"

struct srv {
    unsigned long priority;
    unsigned long weight;
    unsigned long port;
    char *target;
};

static int
compare(const void *a, const void *b)
{
    const struct srv *x = a, *y = b;

    if (x->priority != y->priority)
        return x->priority < y->priority ? -1 : 1;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return strcmp(x->target, y->target);
}

/* Read one decimal field of at most MAX from *P, advancing it. */
static int
field(const char **p, unsigned long max, unsigned long *out)
{
    char *end = NULL;

    errno = 0;
    *out = strtoul(*p, &end, 10);
    if (errno != 0 || end == *p || *out > max || *end != ' ')
        return -1;
    *p = end + 1;
    return 0;
}

enum iad_error
iad_srv_uris(char *const *texts, size_t n, char ***uris_out, size_t *n_out)
{
    enum iad_error ret = IAD_OK;
    struct srv *srvs = NULL;
    char **uris = NULL;
    size_t i, count = 0;

    srvs = calloc(n + 1, sizeof(*srvs));
    uris = calloc(n + 1, sizeof(*uris));
    if (srvs == NULL || uris == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        const char *p = texts[i];
        struct srv *s = &srvs[count];

        if (field(&p, 65535, &s->priority) != 0 ||
            field(&p, 65535, &s->weight) != 0 ||
            field(&p, 65535, &s->port) != 0 || s->port == 0) {
            ret = iad_fail(IAD_ERR_DNS, "malformed SRV record '%s'",
                           texts[i]);
            goto cleanup;
        }
        if (strcmp(p, ".") == 0)
            continue;
        s->target = iad_name_canon(p);
        if (s->target == NULL) {
            ret = iad_fail(IAD_ERR_DNS, "malformed SRV record '%s'",
                           texts[i]);
            goto cleanup;
        }
        count++;
    }
    qsort(srvs, count, sizeof(*srvs), compare);
    for (i = 0; i < count; i++) {
        size_t len = strlen(srvs[i].target) + 16;

        uris[i] = malloc(len);
        if (uris[i] == NULL) {
            ret = IAD_ERR_NOMEM;
            goto cleanup;
        }
        snprintf(uris[i], len, "ldap://%s:%lu", srvs[i].target,
                 srvs[i].port);
    }
    *uris_out = uris;
    *n_out = count;
    uris = NULL;

cleanup:
    for (i = 0; srvs != NULL && i < n; i++)
        free(srvs[i].target);
    free(srvs);
    for (i = 0; uris != NULL && i < n; i++)
        free(uris[i]);
    free(uris);
    return ret;
}
