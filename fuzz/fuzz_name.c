/*
 * Names: the check and canonical form of a NAME given by the user, the
 * relations between names and zones, host names and master-file names.
 * Input: NAME, then optionally NUL and an origin for the master-file
 * reading.  A canonical name must be its own canonical form again.
 */
#include "config.h"

#include <stdio.h>

#include "fuzz.h"
#include "name.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char **words = NULL, *name = NULL, *again = NULL, *rel = NULL;
    char *canon = NULL, *ocanon = NULL, *master = NULL;
    const char *origin, *p;
    int n;

    n = fuzz_words(data, size, 2, &words);
    if (n < 1)
        goto cleanup;
    origin = n > 1 ? words[1] : "example.com";
    (void)iad_name_is_host((const char *)data, size);
    canon = iad_name_canon(words[0]);
    /* bind-dyndb-ldap's names, read relative to a zone from the
     * directory: any bytes. */
    ocanon = iad_name_canon(origin);
    if (ocanon != NULL)
        master = iad_name_from_master(words[0], ocanon);
    if (fuzz_ret(iad_name_normalize(words[0], &name)) != IAD_OK)
        goto cleanup;
    if (iad_name_normalize(name, &again) != IAD_OK ||
        strcmp(name, again) != 0) {
        fprintf(stderr, "canonical name '%s' is not canonical\n", name);
        abort();
    }
    (void)iad_name_is_acme(name);
    for (p = name; p != NULL; p = iad_name_parent(p)) {
        if (!iad_name_in_zone(name, p)) {
            fprintf(stderr, "'%s' not in its suffix '%s'\n", name, p);
            abort();
        }
        if (iad_name_relative(name, p, &rel) != IAD_OK)
            abort();
        free(rel);
        rel = NULL;
    }

cleanup:
    free(master);
    free(ocanon);
    free(canon);
    free(again);
    free(name);
    fuzz_words_free(words);
    return 0;
}
