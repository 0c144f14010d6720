/* The DNS tree of bind-dyndb-ldap. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "msg.h"
#include "name.h"
#include "tree.h"
#include "txt.h"

#define TXT_ATTR "tXTRecord"

/* Append "(ATTR=<escaped VALUE>)" to B. */
static void
add_eq(struct iad_buf *b, const char *attr, const char *value)
{
    char *escaped = iad_dir_filter_escape(value);

    if (escaped == NULL) {
        b->failed = true;
        return;
    }
    iad_buf_addf(b, "(%s=%s)", attr, escaped);
    free(escaped);
}

char *
iad_tree_zone_filter(const char *name)
{
    struct iad_buf b;
    const char *suffix;

    iad_buf_init(&b);
    iad_buf_add(&b, "(&(objectClass=idnsZone)(|");
    for (suffix = name; suffix != NULL; suffix = iad_name_parent(suffix)) {
        char dotted[IAD_NAME_MAX + 2];

        add_eq(&b, "idnsName", suffix);
        snprintf(dotted, sizeof(dotted), "%s.", suffix);
        add_eq(&b, "idnsName", dotted);
    }
    iad_buf_add(&b, "))");
    return iad_buf_steal(&b);
}

char *
iad_tree_delegation_filter(const char *rel)
{
    struct iad_buf b;
    const char *suffix;

    iad_buf_init(&b);
    iad_buf_add(&b, "(&(nSRecord=*)(|");
    for (suffix = rel; suffix != NULL; suffix = iad_name_parent(suffix))
        add_eq(&b, "idnsName", suffix);
    iad_buf_add(&b, "))");
    return iad_buf_steal(&b);
}

static bool
is_true(const struct iad_dir_attr *a)
{
    return a != NULL && a->n_values > 0 &&
           strcasecmp(a->values[0], "TRUE") == 0;
}

/* Turn the zone entries of RES into N iad_zone structures. */
static enum iad_error
zones_from(const struct iad_dir_result *res, struct iad_zone **zones_out,
           size_t *n_out)
{
    struct iad_zone *zones;
    size_t i, n = 0;

    zones = calloc(res->n_entries + 1, sizeof(*zones));
    if (zones == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < res->n_entries; i++) {
        const struct iad_dir_entry *e = &res->entries[i];
        const struct iad_dir_attr *name = iad_dir_entry_attr(e, "idnsName");

        if (name == NULL || name->n_values == 0)
            continue;
        zones[n].name = iad_name_canon(name->values[0]);
        if (zones[n].name == NULL)
            continue;
        zones[n].dn = strdup(e->dn);
        if (zones[n].dn == NULL) {
            iad_tree_zones_free(zones, n + 1);
            return IAD_ERR_NOMEM;
        }
        zones[n].active = is_true(iad_dir_entry_attr(e, "idnsZoneActive"));
        n++;
    }
    *zones_out = zones;
    *n_out = n;
    return IAD_OK;
}

/* The nSRecord values of the entry DN of RES, copied into *NS_OUT. */
static enum iad_error
copy_ns(const struct iad_dir_result *res, const char *dn, char ***ns_out)
{
    const struct iad_dir_attr *a = NULL;
    char **ns;
    size_t i;

    for (i = 0; i < res->n_entries && a == NULL; i++) {
        if (strcmp(res->entries[i].dn, dn) == 0)
            a = iad_dir_entry_attr(&res->entries[i], "nSRecord");
    }
    ns = calloc((a != NULL ? a->n_values : 0) + 1, sizeof(*ns));
    if (ns == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; a != NULL && i < a->n_values; i++) {
        ns[i] = strdup(a->values[i]);
        if (ns[i] == NULL) {
            iad_tree_values_free(ns);
            return IAD_ERR_NOMEM;
        }
    }
    *ns_out = ns;
    return IAD_OK;
}

/*
 * The error for a DNS container in which this identity sees no zone at
 * all: 389-DS hides what an identity may not read instead of refusing the
 * search, so this is how a missing read permission shows.
 */
static enum iad_error
no_zone_seen(const char *base)
{
    return iad_fail(IAD_ERR_ACCESS, "insufficient access to read '%s': no "
                    "DNS zone is visible there (the account needs FreeIPA's "
                    "permission 'System: Read DNS Entries', or check "
                    "--base)", base);
}

/* Whether any idnsZone under BASE is visible to this identity. */
static enum iad_error
check_zones_visible(struct iad_dir *dir, const char *base)
{
    static const char *const attrs[] = { "1.1", NULL };
    struct iad_dir_result *res = NULL;
    enum iad_error ret;

    ret = iad_dir_search(dir, base, IAD_SCOPE_ONE, "(objectClass=idnsZone)",
                         attrs, &res);
    if (ret == IAD_OK && res->n_entries == 0)
        ret = no_zone_seen(base);
    iad_dir_result_free(res);
    return ret;
}

static enum iad_error
base_missing(enum iad_error ret, const char *base)
{
    if (ret == IAD_ERR_ACCESS)
        return no_zone_seen(base);
    if (ret == IAD_ERR_NO_ENTRY)
        return iad_fail(IAD_ERR_CONFIG, "DNS container '%s' does not "
                        "exist: check --base", base);
    return ret;
}

/*
 * Step 1 of locating NAME: the zone under BASE that holds it, with its
 * name servers, into T.
 */
static enum iad_error
locate_zone(struct iad_dir *dir, const char *base, const char *name,
            struct iad_target *t)
{
    /* nSRecord comes along so that the wait needs no second look. */
    static const char *const attrs[] = { "idnsName", "idnsZoneActive",
                                         "nSRecord", NULL };
    struct iad_dir_result *res = NULL;
    struct iad_zone *zones = NULL;
    const struct iad_zone *zone;
    enum iad_error ret;
    size_t n_zones = 0;
    char *filter;

    filter = iad_tree_zone_filter(name);
    if (filter == NULL)
        return IAD_ERR_NOMEM;
    ret = iad_dir_search(dir, base, IAD_SCOPE_ONE, filter, attrs, &res);
    if (ret != IAD_OK) {
        ret = base_missing(ret, base);
        goto cleanup;
    }
    ret = zones_from(res, &zones, &n_zones);
    if (ret == IAD_OK && n_zones == 0)
        ret = check_zones_visible(dir, base);
    if (ret == IAD_OK)
        ret = iad_zone_choose(name, zones, n_zones, &zone);
    if (ret != IAD_OK)
        goto cleanup;
    t->zone.name = strdup(zone->name);
    t->zone.dn = strdup(zone->dn);
    t->zone.active = zone->active;
    if (t->zone.name == NULL || t->zone.dn == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    ret = copy_ns(res, zone->dn, &t->zone_ns);
    if (ret == IAD_OK)
        iad_trace(1, "zone '%s.' is '%s'", t->zone.name, t->zone.dn);

cleanup:
    free(filter);
    iad_tree_zones_free(zones, n_zones);
    iad_dir_result_free(res);
    return ret;
}

/*
 * True when E holds a value of an attribute whose name ends in "Record":
 * what bind-dyndb-ldap takes for a record.
 */
static bool
holds_any_record(const struct iad_dir_entry *e)
{
    static const char suffix[] = "Record";
    size_t i, len;

    for (i = 0; i < e->n_attrs; i++) {
        len = strlen(e->attrs[i].name);
        if (e->attrs[i].n_values > 0 && len > strlen(suffix) &&
            strcasecmp(e->attrs[i].name + len - strlen(suffix), suffix) == 0)
            return true;
    }
    return false;
}

/* The target of the cNAMERecord TEXT of the entry DN, into T->cname. */
static enum iad_error
read_cname(struct iad_target *t, const char *dn, const char *text)
{
    if (text[strspn(text, " \t")] == '\0')
        return iad_fail(IAD_ERR_LDAP, "the cNAMERecord of '%s' is empty: "
                        "bind-dyndb-ldap cannot load that entry; fix or "
                        "remove it in the directory", dn);
    t->cname = iad_name_from_master(text, t->zone.name);
    return t->cname != NULL ? IAD_OK : IAD_ERR_NOMEM;
}

/* The filter for step 2: delegations at or above REL, and REL itself. */
static char *
name_filter(const char *rel)
{
    struct iad_buf b;
    char *deleg = iad_tree_delegation_filter(rel);

    if (deleg == NULL)
        return NULL;
    iad_buf_init(&b);
    iad_buf_add(&b, "(|");
    iad_buf_add(&b, deleg);
    add_eq(&b, "idnsName", rel);
    iad_buf_add(&b, ")");
    free(deleg);
    return iad_buf_steal(&b);
}

/*
 * Step 2, below the apex: one search finds both the delegations at or
 * above the name (its data would never be served) and the entry of the
 * name itself, with a CNAME there.
 */
static enum iad_error
locate_name(struct iad_dir *dir, struct iad_target *t)
{
    static const char *const attrs[] = { "*", NULL };
    struct iad_dir_result *res = NULL;
    enum iad_error ret;
    char *filter, **ns = NULL;
    size_t n_ns = 0, i;

    filter = name_filter(t->rel);
    if (filter == NULL)
        return IAD_ERR_NOMEM;
    ret = iad_dir_search(dir, t->zone.dn, IAD_SCOPE_ONE, filter, attrs,
                         &res);
    if (ret == IAD_OK && (ns = calloc(res->n_entries + 1,
                                      sizeof(*ns))) == NULL)
        ret = IAD_ERR_NOMEM;
    for (i = 0; ret == IAD_OK && i < res->n_entries; i++) {
        const struct iad_dir_entry *e = &res->entries[i];
        const struct iad_dir_attr *a = iad_dir_entry_attr(e, "idnsName");
        const struct iad_dir_attr *cname =
            iad_dir_entry_attr(e, "cNAMERecord");
        char *rel = a != NULL && a->n_values > 0 ? a->values[0] : "@";

        if (iad_dir_entry_attr(e, "nSRecord") != NULL)
            ns[n_ns++] = rel;
        if (strcasecmp(rel, t->rel) != 0)
            continue;
        t->exists = true;
        t->empty = !holds_any_record(e);
        if (cname != NULL && cname->n_values > 0 && t->cname == NULL)
            ret = read_cname(t, e->dn, cname->values[0]);
    }
    if (ret == IAD_OK)
        ret = iad_zone_check_delegation(t->name, t->zone.name, ns, n_ns);
    free(ns);
    free(filter);
    iad_dir_result_free(res);
    return ret;
}

/* The DN of the record entry REL in the zone entry ZONE_DN. */
static char *
record_dn(const char *rel, const char *zone_dn)
{
    char *rdn = iad_dir_rdn("idnsName", rel), *dn;
    size_t size;

    if (rdn == NULL)
        return NULL;
    size = strlen(rdn) + 1 + strlen(zone_dn) + 1;
    dn = malloc(size);
    if (dn != NULL)
        snprintf(dn, size, "%s,%s", rdn, zone_dn);
    free(rdn);
    return dn;
}

static enum iad_error ns_addresses(struct iad_dir *dir,
                                   const struct iad_target *t,
                                   char *const *names, size_t n,
                                   unsigned port, struct iad_ns **servers,
                                   size_t *n_servers);

/*
 * Note in T the addresses of its zone's in-zone name servers, read now
 * for the wait.  A directory that does not let us read them leaves the
 * wait to find them in DNS, as it does for servers outside the zone.
 */
static enum iad_error
locate_ns_addresses(struct iad_dir *dir, struct iad_target *t)
{
    enum iad_error ret;
    char **names = NULL;
    size_t n = 0;

    ret = iad_tree_zone_ns(t, &names, &n);
    if (ret == IAD_OK)
        ret = ns_addresses(dir, t, names, n, 0, &t->ns_addrs,
                           &t->n_ns_addrs);
    if (ret == IAD_ERR_ACCESS || ret == IAD_ERR_NO_ENTRY) {
        iad_trace(1, "cannot read the name servers' addresses in zone "
                  "'%s.': %s", t->zone.name, iad_error_message(ret));
        iad_error_clear();
        ret = IAD_OK;
    }
    iad_tree_values_free(names);
    return ret;
}

enum iad_error
iad_tree_locate(struct iad_dir *dir, const char *base, const char *name,
                bool for_wait, struct iad_target **target_out)
{
    enum iad_error ret;
    struct iad_target *t = NULL;

    t = calloc(1, sizeof(*t));
    if (t == NULL)
        return IAD_ERR_NOMEM;
    t->name = strdup(name);
    if (t->name == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    ret = locate_zone(dir, base, name, t);
    if (ret == IAD_OK)
        ret = iad_name_relative(name, t->zone.name, &t->rel);
    if (ret != IAD_OK)
        goto cleanup;
    if (t->rel[0] == '\0') {
        t->exists = true;
        t->dn = strdup(t->zone.dn);
    } else {
        ret = locate_name(dir, t);
        if (ret != IAD_OK)
            goto cleanup;
        t->dn = record_dn(t->rel, t->zone.dn);
    }
    if (t->dn == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    ret = for_wait ? locate_ns_addresses(dir, t) : IAD_OK;
    if (ret != IAD_OK)
        goto cleanup;
    *target_out = t;
    t = NULL;

cleanup:
    iad_target_free(t);
    return ret;
}

void
iad_target_free(struct iad_target *t)
{
    if (t == NULL)
        return;
    free(t->name);
    free(t->zone.name);
    free(t->zone.dn);
    free(t->rel);
    free(t->dn);
    free(t->cname);
    iad_tree_values_free(t->zone_ns);
    iad_tree_ns_free(t->ns_addrs, t->n_ns_addrs);
    free(t);
}

enum iad_error
iad_tree_read(struct iad_dir *dir, const struct iad_target *t,
              char ***values_out, size_t *n_out)
{
    static const char *const attrs[] = { TXT_ATTR, NULL };
    struct iad_dir_result *res = NULL;
    const struct iad_dir_attr *a = NULL;
    enum iad_error ret;
    char **values = NULL;
    size_t i, n = 0;

    ret = iad_dir_search(dir, t->dn, IAD_SCOPE_BASE, "(objectClass=*)",
                         attrs, &res);
    if (ret == IAD_ERR_NO_ENTRY) {
        iad_error_clear();
        ret = IAD_OK;
    }
    if (ret != IAD_OK)
        goto cleanup;
    if (res != NULL && res->n_entries > 0)
        a = iad_dir_entry_attr(&res->entries[0], TXT_ATTR);
    n = a != NULL ? a->n_values : 0;
    values = calloc(n + 1, sizeof(*values));
    if (values == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        values[i] = strdup(a->values[i]);
        if (values[i] == NULL) {
            ret = IAD_ERR_NOMEM;
            goto cleanup;
        }
    }
    *values_out = values;
    *n_out = n;
    values = NULL;

cleanup:
    iad_tree_values_free(values);
    iad_dir_result_free(res);
    return ret;
}

void
iad_tree_values_free(char **values)
{
    size_t i;

    if (values == NULL)
        return;
    for (i = 0; values[i] != NULL; i++)
        free(values[i]);
    free(values);
}

/* True when the stored text STORED decodes to exactly the bytes VALUE. */
static bool
same_value(const char *stored, const char *value)
{
    struct iad_txt *txt = NULL;
    bool same;

    if (iad_txt_decode(stored, &txt) != IAD_OK) {
        iad_error_clear();
        return false;
    }
    same = txt->len == strlen(value) &&
           memcmp(txt->data, value, txt->len) == 0;
    iad_txt_free(txt);
    return same;
}

/*
 * True when the stored texts A and B are equal under caseIgnoreIA5Match,
 * the matching rule of tXTRecord: letter case, leading and trailing
 * spaces and the length of runs of spaces do not count (RFC 4518).
 */
static bool
ia5_equal(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ' && (a[1] == ' ' || a[1] == '\0'))
            a++;
        while (*b == ' ' && (b[1] == ' ' || b[1] == '\0'))
            b++;
        if (*a == '\0' || *b == '\0')
            return *a == *b;
        if ((*a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a) !=
            (*b >= 'A' && *b <= 'Z' ? *b - 'A' + 'a' : *b))
            return false;
        a++;
        b++;
    }
}

/*
 * After the server refused TEXT as a duplicate (its matching rule ignores
 * letter case and runs of spaces), tell whether VALUE itself is stored
 * (IAD_OK) or only a value the server takes for the same (a conflict
 * naming that one); IAD_ERR_NO_VALUE when neither is there any more.
 */
static enum iad_error
check_duplicate(struct iad_dir *dir, const struct iad_target *t,
                const char *value, const char *text)
{
    enum iad_error ret;
    char **stored = NULL;
    const char *twin = NULL;
    size_t n = 0, i;

    ret = iad_tree_read(dir, t, &stored, &n);
    if (ret != IAD_OK)
        return ret;
    for (i = 0; i < n; i++) {
        if (same_value(stored[i], value))
            goto cleanup;
        if (twin == NULL && ia5_equal(stored[i], text))
            twin = stored[i];
    }
    /* Neither: another writer removed it since the server refused ours,
     * and the caller tries again. */
    ret = IAD_ERR_NO_VALUE;
    if (twin != NULL)
        ret = iad_fail(IAD_ERR_CONFLICT, "cannot add %s to '%s.': the "
                       "directory holds %s there, which its matching rule "
                       "takes for the same value (it ignores letter case "
                       "and runs of spaces)", text, t->name, twin);

cleanup:
    iad_tree_values_free(stored);
    return ret;
}

/*
 * After the modify of an entry was refused (389-DS answers a modify of a
 * missing entry that way, unless the writer may write every attribute of
 * the parent), try to create the entry with ENTRY (N attributes): when it
 * exists after all, the refusal stands.
 */
static enum iad_error
add_after_refusal(struct iad_dir *dir, const struct iad_target *t,
                  const struct iad_dir_mod *entry, size_t n)
{
    char refusal[1024];
    enum iad_error ret;

    snprintf(refusal, sizeof(refusal), "%s",
             iad_error_message(IAD_ERR_ACCESS));
    iad_error_clear();
    iad_trace(1, "modify refused: the entry may be missing; creating it");
    ret = iad_dir_add(dir, t->dn, entry, n);
    if (ret == IAD_ERR_EXISTS)
        return iad_fail(IAD_ERR_ACCESS, "%-s", refusal);
    return ret;
}

static enum iad_error
add_one(struct iad_dir *dir, const struct iad_target *t, const char *value,
        const char *text, long ttl)
{
    const char *const txt_values[] = { text };
    const char *const classes[] = { "top", "idnsRecord" };
    const char *const names[] = { t->rel };
    char ttl_text[32];
    const char *const ttls[] = { ttl_text };
    const struct iad_dir_mod mods[] = {
        { IAD_MOD_ADD, TXT_ATTR, txt_values, 1 },
        { IAD_MOD_REPLACE, "dNSTTL", ttls, 1 },
    };
    const struct iad_dir_mod entry[] = {
        { IAD_MOD_ADD, "objectClass", classes, 2 },
        { IAD_MOD_ADD, "idnsName", names, 1 },
        { IAD_MOD_ADD, TXT_ATTR, txt_values, 1 },
        { IAD_MOD_ADD, "dNSTTL", ttls, 1 },
    };
    const size_t n_entry = sizeof(entry) / sizeof(entry[0]);
    bool apex = t->rel[0] == '\0', exists = apex || t->exists;
    enum iad_error ret = IAD_OK;
    int attempt;

    snprintf(ttl_text, sizeof(ttl_text), "%ld", ttl);
    /* Another writer may create or delete the entry between our steps:
     * go round again, a few times. */
    for (attempt = 0; attempt < 5; attempt++) {
        if (!exists) {
            ret = iad_dir_add(dir, t->dn, entry, n_entry);
            if (ret != IAD_ERR_EXISTS)
                break;
            iad_error_clear();
            exists = true;
            continue;
        }
        /* An entry left empty by an earlier del gets the TTL a new
         * one would have. */
        ret = iad_dir_modify(dir, t->dn, mods, !apex && t->empty ? 2 : 1);
        if (ret == IAD_ERR_NO_ENTRY && !apex) {
            iad_error_clear();
            exists = false;
            continue;
        }
        if (ret == IAD_ERR_ACCESS && !apex)
            ret = add_after_refusal(dir, t, entry, n_entry);
        if (ret != IAD_ERR_VALUE_EXISTS)
            break;
        iad_error_clear();
        ret = check_duplicate(dir, t, value, text);
        if (ret == IAD_OK) {
            iad_trace(1, "TXT %s already at '%s.'", text, t->name);
            return ret;
        }
        if (ret != IAD_ERR_NO_VALUE)
            return ret;
        /* Gone again: write it once more. */
    }
    if (ret == IAD_ERR_NO_VALUE)
        ret = iad_fail(IAD_ERR_LDAP, "cannot add %s to '%s.': other "
                       "writers keep adding and removing it", text,
                       t->name);
    if (ret == IAD_OK)
        iad_trace(1, "added TXT %s at '%s.'", text, t->name);
    return ret;
}

enum iad_error
iad_tree_add(struct iad_dir *dir, const struct iad_target *t,
             char *const *values, size_t n, long ttl, bool dry_run)
{
    enum iad_error ret = IAD_OK;
    char *text = NULL;
    size_t i;

    if (dry_run) {
        printf("zone: %s. (%s)\nentry: %s\n", t->zone.name, t->zone.dn,
               t->dn);
        if (t->rel[0] != '\0' && !t->exists)
            printf("create the entry, with dNSTTL: %ld\n", ttl);
        else if (t->rel[0] != '\0' && t->empty)
            printf("replace dNSTTL: %ld (the entry holds no record)\n", ttl);
    }
    for (i = 0; i < n; i++) {
        ret = iad_txt_encode((const unsigned char *)values[i],
                             strlen(values[i]), &text);
        if (ret != IAD_OK)
            goto cleanup;
        if (dry_run)
            printf("add %s: %s\n", TXT_ATTR, text);
        else
            ret = add_one(dir, t, values[i], text, ttl);
        free(text);
        text = NULL;
        if (ret != IAD_OK)
            goto cleanup;
    }

cleanup:
    free(text);
    return ret;
}

/*
 * The record attributes of the server's schema: those it allows on
 * idnsRecord whose names end in "Record", which is how bind-dyndb-ldap
 * tells a record attribute.  Free with iad_tree_values_free().
 */
static enum iad_error
record_attrs(struct iad_dir *dir, char ***attrs_out)
{
    static const char suffix[] = "Record";
    enum iad_error ret;
    char **names = NULL;
    size_t n = 0, i, kept = 0, len;

    ret = iad_dir_class_attrs(dir, "idnsRecord", &names, &n);
    if (ret != IAD_OK)
        return ret;
    for (i = 0; i < n; i++) {
        len = strlen(names[i]);
        if (len > strlen(suffix) &&
            strcasecmp(names[i] + len - strlen(suffix), suffix) == 0)
            names[kept++] = names[i];
        else
            free(names[i]);
    }
    names[kept] = NULL;
    if (kept == 0) {
        iad_tree_values_free(names);
        return iad_fail(IAD_ERR_LDAP, "the schema of '%s' allows no "
                        "record attribute on idnsRecord",
                        iad_dir_uri(dir));
    }
    *attrs_out = names;
    return IAD_OK;
}

/* True when NAME is one of the NULL-terminated NAMES, in any case. */
static bool
name_in(const char *name, char *const *names)
{
    size_t i;

    for (i = 0; names[i] != NULL; i++) {
        if (strcasecmp(names[i], name) == 0)
            return true;
    }
    return false;
}

/* "(!(|(a=*)(b=*)...))": the entry holds none of RECORDS. */
static char *
assertion_filter(char *const *records)
{
    struct iad_buf b;
    size_t i;

    iad_buf_init(&b);
    iad_buf_add(&b, "(!(|");
    for (i = 0; records[i] != NULL; i++)
        iad_buf_addf(&b, "(%s=*)", records[i]);
    iad_buf_add(&b, "))");
    return iad_buf_steal(&b);
}

/*
 * Delete T's entry, which held nothing but the values just removed, under
 * the assertion that it still holds none of RECORDS, so that the server
 * checks and deletes in one step: a value another writer added meanwhile
 * keeps the entry alive.  Only for a server with the assertion control:
 * without it (389-DS, so FreeIPA) the emptied entry stays, as
 * bind-dyndb-ldap serves nothing for it, and any way of deleting it there
 * would leave a moment in which another writer's new value is gone (a
 * delete with the pre-read control, then putting the entry back).
 */
static enum iad_error
delete_if_empty(struct iad_dir *dir, const struct iad_target *t,
                char *const *records)
{
    enum iad_error ret;
    char *assertion;

    assertion = assertion_filter(records);
    if (assertion == NULL)
        return IAD_ERR_NOMEM;
    ret = iad_dir_delete(dir, t->dn, assertion);
    free(assertion);
    switch (ret) {
    case IAD_OK:
        iad_trace(1, "deleted the empty entry '%s'", t->dn);
        return IAD_OK;
    case IAD_ERR_ASSERTION:
    case IAD_ERR_NOT_LEAF:
    case IAD_ERR_NO_ENTRY:
        iad_error_clear();
        return IAD_OK;
    case IAD_ERR_ACCESS:
        iad_warn("left the empty entry '%s': no right to delete it",
                 t->dn);
        iad_error_clear();
        return IAD_OK;
    default:
        return ret;
    }
}

/* The entry of T with all its user attributes, or NULL when missing. */
static enum iad_error
read_entry(struct iad_dir *dir, const struct iad_target *t,
           struct iad_dir_result **res_out)
{
    static const char *const attrs[] = { "*", NULL };
    enum iad_error ret;

    ret = iad_dir_search(dir, t->dn, IAD_SCOPE_BASE, "(objectClass=*)",
                         attrs, res_out);
    if (ret == IAD_ERR_NO_ENTRY) {
        iad_error_clear();
        *res_out = NULL;
        ret = IAD_OK;
    }
    return ret;
}

/*
 * After N tXTRecord values went from the entry E that held them: delete
 * the entry if it holds nothing else that is a record.  Only a server
 * with the assertion control deletes it (see delete_if_empty); when E
 * held other TXT values, writers removing them at the same time may each
 * have seen the others' values, so the entry is read again: the last of
 * them to read it finds it empty.
 */
static enum iad_error
cleanup_entry(struct iad_dir *dir, const struct iad_target *t,
              const struct iad_dir_entry *e, size_t n)
{
    const struct iad_dir_attr *txt = iad_dir_entry_attr(e, TXT_ATTR);
    struct iad_dir_result *now = NULL;
    enum iad_error ret;
    char **records = NULL;
    bool assert_ok = false;
    size_t i;

    /* The zone entry holds the zone itself: never delete it. */
    if (t->rel[0] == '\0')
        return IAD_OK;
    ret = iad_dir_supports_control(dir, IAD_CONTROL_ASSERTION, &assert_ok);
    if (ret != IAD_OK || !assert_ok) {
        if (ret == IAD_OK)
            iad_trace(1, "left '%s' in place: the server cannot assert "
                      "that an entry holds no record", t->dn);
        return ret;
    }
    if (txt != NULL && txt->n_values > n) {
        ret = read_entry(dir, t, &now);
        if (ret != IAD_OK || now == NULL || now->n_entries == 0)
            goto cleanup;
        e = &now->entries[0];
        txt = iad_dir_entry_attr(e, TXT_ATTR);
        if (txt != NULL && txt->n_values > 0) {
            iad_trace(1, "'%s' still holds other TXT values", t->dn);
            goto cleanup;
        }
    }
    ret = record_attrs(dir, &records);
    if (ret != IAD_OK)
        goto cleanup;
    for (i = 0; i < e->n_attrs; i++) {
        if (strcasecmp(e->attrs[i].name, TXT_ATTR) != 0 &&
            e->attrs[i].n_values > 0 && name_in(e->attrs[i].name, records))
            break;
    }
    if (i < e->n_attrs)
        iad_trace(1, "'%s' still holds '%s'", t->dn, e->attrs[i].name);
    else
        ret = delete_if_empty(dir, t, records);

cleanup:
    iad_tree_values_free(records);
    iad_dir_result_free(now);
    return ret;
}

/*
 * The tXTRecord texts of E that mean one of the N VALUES (all of them
 * with ALL), in *DOOMED_OUT (free the array only).  Only those that mean
 * exactly our values: the server would match others ignoring case.
 */
static enum iad_error
pick_doomed(const struct iad_dir_entry *e, char *const *values, size_t n,
            bool all, const char ***doomed_out, size_t *n_out)
{
    const struct iad_dir_attr *txt = e != NULL ?
                                     iad_dir_entry_attr(e, TXT_ATTR) : NULL;
    size_t n_stored = txt != NULL ? txt->n_values : 0, i, j, k = 0;
    const char **doomed;

    doomed = calloc(n_stored + 1, sizeof(*doomed));
    if (doomed == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < n_stored; i++) {
        bool match = all;

        for (j = 0; j < n && !match; j++)
            match = same_value(txt->values[i], values[j]);
        if (match)
            doomed[k++] = txt->values[i];
    }
    *doomed_out = doomed;
    *n_out = k;
    return IAD_OK;
}

static void
print_dry_del(const struct iad_target *t, const char *const *doomed,
              size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        printf("delete %s: %s\n", TXT_ATTR, doomed[i]);
    if (t->rel[0] != '\0')
        printf("then delete the entry if it holds no record and the "
               "server can assert that it holds none\n");
}

/*
 * del found nothing to remove at T, but saw no tXTRecord at all there,
 * in the entry E or because E itself was not seen: the identity may lack
 * the right to read them rather than the values be gone, and success
 * cannot be claimed on what was not seen.  Let the server say, with the
 * write itself: it removes exactly the N VALUES (all of them with ALL)
 * when they are there, so they were (*REMOVED_OUT); it answers
 * noSuchAttribute or noSuchObject when they are not; and it refuses when
 * the identity may not write them, and that refusal stands.
 */
static enum iad_error
del_unseen(struct iad_dir *dir, const struct iad_target *t,
           const struct iad_dir_entry *e, char *const *values, size_t n,
           bool all, size_t *removed_out)
{
    struct iad_dir_mod mod = { IAD_MOD_DELETE, TXT_ATTR, NULL, 0 };
    enum iad_error ret = IAD_OK;
    char **texts = NULL;
    size_t i;

    /* Unseen, the values can only be named as this tool writes them. */
    texts = calloc(n + 1, sizeof(*texts));
    if (texts == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < n && !all && ret == IAD_OK; i++)
        ret = iad_txt_encode((const unsigned char *)values[i],
                             strlen(values[i]), &texts[i]);
    if (ret != IAD_OK)
        goto cleanup;
    mod.values = all ? NULL : (const char *const *)texts;
    mod.n_values = all ? 0 : n;
    iad_trace(1, "no TXT value seen at '%s.': asking the server", t->name);
    ret = iad_dir_modify(dir, t->dn, &mod, 1);
    if (ret == IAD_ERR_NO_VALUE || ret == IAD_ERR_NO_ENTRY) {
        iad_error_clear();
        ret = IAD_OK;
    } else if (ret == IAD_ERR_ACCESS) {
        ret = iad_fail_append(ret, " (and no TXT value there could be "
                              "read, so whether they are there is not "
                              "known)");
    } else if (ret == IAD_OK) {
        /* With ALL, how many went is not known: at least one. */
        *removed_out = all ? 1 : n;
        if (e != NULL)
            ret = cleanup_entry(dir, t, e, *removed_out);
    }

cleanup:
    iad_tree_values_free(texts);
    return ret;
}

enum iad_error
iad_tree_del(struct iad_dir *dir, const struct iad_target *t,
             char *const *values, size_t n, bool all, bool dry_run,
             size_t *removed_out)
{
    enum iad_error ret = IAD_OK;
    struct iad_dir_result *res = NULL;
    const struct iad_dir_entry *e = NULL;
    const char **doomed = NULL;
    size_t n_doomed = 0, i;
    int attempt;

    *removed_out = 0;
    for (i = 0; i < n; i++) {
        ret = iad_txt_check(values[i], strlen(values[i]));
        if (ret != IAD_OK)
            return ret;
    }
    if (dry_run)
        printf("zone: %s. (%s)\nentry: %s\n", t->zone.name, t->zone.dn,
               t->dn);

    /* Another writer may remove a value between our read and our write:
     * then the server refuses the whole change, and we read again. */
    for (attempt = 0; attempt < 5; attempt++) {
        struct iad_dir_mod mod = { IAD_MOD_DELETE, TXT_ATTR, NULL, 0 };

        iad_dir_result_free(res);
        free(doomed);
        doomed = NULL;
        ret = read_entry(dir, t, &res);
        e = ret == IAD_OK && res != NULL && res->n_entries > 0 ?
            &res->entries[0] : NULL;
        if (ret == IAD_OK)
            ret = pick_doomed(e, values, n, all, &doomed, &n_doomed);
        if (ret != IAD_OK || n_doomed == 0 || dry_run)
            break;
        mod.values = doomed;
        mod.n_values = n_doomed;
        ret = iad_dir_modify(dir, t->dn, &mod, 1);
        if (ret != IAD_ERR_NO_VALUE && ret != IAD_ERR_NO_ENTRY)
            break;
        iad_error_clear();
        ret = IAD_OK;
        n_doomed = 0;
    }
    if (ret != IAD_OK)
        goto cleanup;
    if (n_doomed == 0 && !dry_run &&
        (e == NULL || iad_dir_entry_attr(e, TXT_ATTR) == NULL)) {
        ret = del_unseen(dir, t, e, values, n, all, removed_out);
        goto cleanup;
    }
    if (n_doomed == 0) {
        iad_trace(1, "no such TXT value at '%s.'", t->name);
        goto cleanup;
    }
    if (dry_run) {
        print_dry_del(t, doomed, n_doomed);
        goto cleanup;
    }
    for (i = 0; i < n_doomed; i++)
        iad_trace(1, "removed TXT %s at '%s.'", doomed[i], t->name);
    *removed_out = n_doomed;
    ret = cleanup_entry(dir, t, e, n_doomed);

cleanup:
    free(doomed);
    iad_dir_result_free(res);
    return ret;
}

enum iad_error
iad_tree_zones(struct iad_dir *dir, const char *base,
               struct iad_zone **zones_out, size_t *n_out)
{
    static const char *const attrs[] = { "idnsName", "idnsZoneActive",
                                         NULL };
    struct iad_dir_result *res = NULL;
    enum iad_error ret;

    ret = iad_dir_search(dir, base, IAD_SCOPE_ONE, "(objectClass=idnsZone)",
                         attrs, &res);
    if (ret != IAD_OK) {
        ret = base_missing(ret, base);
        goto cleanup;
    }
    if (res->n_entries == 0)
        ret = no_zone_seen(base);
    else
        ret = zones_from(res, zones_out, n_out);

cleanup:
    iad_dir_result_free(res);
    return ret;
}

void
iad_tree_zones_free(struct iad_zone *zones, size_t n)
{
    size_t i;

    if (zones == NULL)
        return;
    for (i = 0; i < n; i++) {
        free(zones[i].name);
        free(zones[i].dn);
    }
    free(zones);
}

enum iad_error
iad_tree_zone_ns(const struct iad_target *t, char ***names_out,
                 size_t *n_out)
{
    char **names;
    size_t i, n = 0, n_values = 0;

    while (t->zone_ns[n_values] != NULL)
        n_values++;
    names = calloc(n_values + 1, sizeof(*names));
    if (names == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < n_values; i++) {
        names[n] = iad_name_from_master(t->zone_ns[i], t->zone.name);
        if (names[n] != NULL)
            n++;
    }
    *names_out = names;
    *n_out = n;
    return IAD_OK;
}

enum iad_error
iad_ns_push(struct iad_ns **servers, size_t *n, const char *name,
            const char *addr, unsigned port)
{
    struct iad_ns *grown;
    size_t i;

    for (i = 0; i < *n; i++) {
        if (strcmp((*servers)[i].addr, addr) == 0 &&
            (*servers)[i].port == port)
            return IAD_OK;
    }
    grown = realloc(*servers, (*n + 1) * sizeof(*grown));
    if (grown == NULL)
        return IAD_ERR_NOMEM;
    *servers = grown;
    grown[*n].name = strdup(name);
    grown[*n].addr = strdup(addr);
    grown[*n].port = port;
    if (grown[*n].name == NULL || grown[*n].addr == NULL) {
        free(grown[*n].name);
        free(grown[*n].addr);
        return IAD_ERR_NOMEM;
    }
    (*n)++;
    return IAD_OK;
}

void
iad_tree_ns_free(struct iad_ns *servers, size_t n)
{
    size_t i;

    if (servers == NULL)
        return;
    for (i = 0; i < n; i++) {
        free(servers[i].name);
        free(servers[i].addr);
    }
    free(servers);
}

/*
 * Addresses of those of the N canonical NAMES that lie in T's zone, from
 * their aRecord and aAAARecord values, as name servers on PORT appended to
 * *SERVERS (growing *N_SERVERS).
 */
static enum iad_error
ns_addresses(struct iad_dir *dir, const struct iad_target *t,
             char *const *names, size_t n, unsigned port,
             struct iad_ns **servers, size_t *n_servers)
{
    static const char *const attrs[] = { "idnsName", "aRecord",
                                         "aAAARecord", NULL };
    static const char *const addr_attrs[] = { "aRecord", "aAAARecord" };
    struct iad_dir_result *res = NULL;
    struct iad_buf b;
    enum iad_error ret = IAD_OK;
    char *filter = NULL, *rel = NULL;
    size_t i, j, k, terms = 0;

    iad_buf_init(&b);
    iad_buf_add(&b, "(|");
    for (i = 0; i < n; i++) {
        if (strcmp(names[i], t->zone.name) == 0 ||
            !iad_name_in_zone(names[i], t->zone.name))
            continue;
        ret = iad_name_relative(names[i], t->zone.name, &rel);
        if (ret != IAD_OK)
            goto cleanup;
        add_eq(&b, "idnsName", rel);
        free(rel);
        rel = NULL;
        terms++;
    }
    iad_buf_add(&b, ")");
    filter = iad_buf_steal(&b);
    if (filter == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    if (terms == 0)
        goto cleanup;
    ret = iad_dir_search(dir, t->zone.dn, IAD_SCOPE_ONE, filter, attrs,
                         &res);
    if (ret != IAD_OK)
        goto cleanup;
    for (i = 0; i < res->n_entries; i++) {
        const struct iad_dir_entry *e = &res->entries[i];
        const struct iad_dir_attr *name = iad_dir_entry_attr(e, "idnsName");
        char *full;

        if (name == NULL || name->n_values == 0)
            continue;
        full = iad_name_from_master(name->values[0], t->zone.name);
        if (full == NULL)
            continue;
        for (j = 0; j < 2; j++) {
            const struct iad_dir_attr *a =
                iad_dir_entry_attr(e, addr_attrs[j]);

            for (k = 0; a != NULL && k < a->n_values; k++) {
                ret = iad_ns_push(servers, n_servers, full, a->values[k],
                                  port);
                if (ret != IAD_OK)
                    break;
            }
        }
        free(full);
        if (ret != IAD_OK)
            goto cleanup;
    }

cleanup:
    iad_buf_release(&b);
    free(rel);
    free(filter);
    iad_dir_result_free(res);
    return ret;
}

/* prune: challenge values left behind by failed or interrupted runs. */

/*
 * The idnsName terms of the challenge names: _acme-challenge and the
 * names under it, and with ACCOUNT also the dns-account-01 names
 * _LABEL._acme-challenge; an absolute idnsName matches too.  The server's
 * substring match is looser than the names themselves: is_prunable()
 * checks each entry it returns.
 */
static void
add_challenge_terms(struct iad_buf *b, bool account)
{
    iad_buf_add(b, "(|(idnsName=" IAD_ACME_LABEL ")(idnsName="
                IAD_ACME_LABEL ".*)");
    if (account)
        iad_buf_add(b, "(idnsName=_*." IAD_ACME_LABEL ")(idnsName=_*."
                    IAD_ACME_LABEL ".*)");
    iad_buf_add(b, ")");
}

/*
 * The filter for the challenge entries holding TXT values whose
 * modifyTimestamp is OP ("<=" or ">=") the generalizedTime WHEN, or all
 * of them when WHEN is NULL.  Caller frees.
 */
static char *
prune_filter(bool account, const char *op, const char *when)
{
    struct iad_buf b;

    iad_buf_init(&b);
    iad_buf_add(&b, "(&(objectClass=idnsRecord)(" TXT_ATTR "=*)");
    if (when != NULL)
        iad_buf_addf(&b, "(modifyTimestamp%s%s)", op, when);
    add_challenge_terms(&b, account);
    iad_buf_add(&b, ")");
    return iad_buf_steal(&b);
}

/* True when the canonical NAME is one prune may clean: see above. */
static bool
is_prunable(const char *name, bool account)
{
    const char *parent = iad_name_parent(name);

    if (iad_name_is_acme(name))
        return true;
    return account && name[0] == '_' && name[1] != '.' && parent != NULL &&
           iad_name_is_acme(parent);
}

/* WHEN as generalizedTime (UTC), in BUF of SIZE bytes. */
static enum iad_error
generalized_time(time_t when, char *buf, size_t size)
{
    struct tm tm;

    if (gmtime_r(&when, &tm) == NULL ||
        strftime(buf, size, "%Y%m%d%H%M%SZ", &tm) == 0)
        return iad_fail(IAD_ERR_INTERNAL, "cannot write the time %lld as "
                        "generalizedTime", (long long)when);
    return IAD_OK;
}

/*
 * The generalizedTime TEXT ("20261201225915Z", UTC as both servers write
 * it) as "2026-12-01T22:59:15Z" in BUF; TEXT itself in another form.
 */
static void
show_time(const char *text, char *buf, size_t size)
{
    if (text == NULL)
        snprintf(buf, size, "an unknown time");
    else if (strspn(text, "0123456789") >= 14)
        snprintf(buf, size, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", text,
                 text + 4, text + 6, text + 8, text + 10, text + 12);
    else
        snprintf(buf, size, "%s", text);
}

/* The error for challenge entries whose age this identity cannot see. */
static enum iad_error
age_hidden(const char *dn)
{
    return iad_fail(IAD_ERR_ACCESS, "insufficient access to read "
                    "modifyTimestamp in '%s': prune cannot tell how old the "
                    "challenge entries are (the account needs FreeIPA's "
                    "permission 'System: Read DNS Entries', which allows "
                    "it)", dn);
}

/* How many entries the search FILTER finds one level below ZONE's entry. */
static enum iad_error
count_entries(struct iad_dir *dir, const struct iad_zone *zone,
              const char *filter, size_t *n_out)
{
    static const char *const attrs[] = { "1.1", NULL };
    struct iad_dir_result *res = NULL;
    enum iad_error ret;

    if (filter == NULL)
        return IAD_ERR_NOMEM;
    ret = iad_dir_search(dir, zone->dn, IAD_SCOPE_ONE, filter, attrs, &res);
    if (ret == IAD_OK)
        *n_out = res->n_entries;
    iad_dir_result_free(res);
    return ret;
}

/*
 * Whether the challenge entries of ZONE are all told apart by the
 * filters on modifyTimestamp: those older than OLD (N_OLD of them, just
 * found) and those newer must add up to all of them.  An identity that
 * may not search modifyTimestamp matches neither (both servers take the
 * term for undefined and say nothing), and would prune nothing without
 * knowing it.  Counted again once, in case a writer added an entry
 * between the searches.
 */
static enum iad_error
check_ages_visible(struct iad_dir *dir, const struct iad_zone *zone,
                   bool account, const char *newer, size_t n_old)
{
    enum iad_error ret = IAD_OK;
    size_t n_new = 0, n_all = 0;
    int attempt;

    for (attempt = 0; attempt < 2; attempt++) {
        char *new_filter = prune_filter(account, ">=", newer);
        char *all_filter = prune_filter(account, NULL, NULL);

        ret = count_entries(dir, zone, new_filter, &n_new);
        if (ret == IAD_OK)
            ret = count_entries(dir, zone, all_filter, &n_all);
        free(new_filter);
        free(all_filter);
        if (ret != IAD_OK || n_old + n_new >= n_all)
            return ret;
    }
    iad_trace(1, "'%s': %zu challenge entries, %zu older, %zu newer",
              zone->dn, n_all, n_old, n_new);
    return age_hidden(zone->dn);
}

/*
 * The zones prune works in: of the N ZONES, the active ones, or with
 * N_NAMES canonical NAMES, those zones, each of which must exist and be
 * active.  *PICK_OUT (N flags, caller frees) says which.
 */
static enum iad_error
pick_zones(const struct iad_zone *zones, size_t n, char *const *names,
           size_t n_names, bool **pick_out)
{
    bool *pick;
    size_t i, j;

    pick = calloc(n + 1, sizeof(*pick));
    if (pick == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < n; i++)
        pick[i] = n_names == 0 && zones[i].active;
    for (j = 0; j < n_names; j++) {
        for (i = 0; i < n && strcmp(zones[i].name, names[j]) != 0; i++)
            ;
        if (i == n || !zones[i].active) {
            free(pick);
            return iad_fail(i == n ? IAD_ERR_NO_ZONE : IAD_ERR_ZONE_DISABLED,
                            "cannot prune '%s.': %s", names[j], i == n ?
                            "no zone of that name in the directory (see "
                            "'zones')" : "the zone is disabled");
        }
        pick[i] = true;
    }
    *pick_out = pick;
    return IAD_OK;
}

/*
 * Every idnsZone under BASE into *ZONES_OUT, each zone entry's
 * modifyTimestamp checked for visibility: where even the zones' ages are
 * hidden, the records' are.
 */
static enum iad_error
prune_zones(struct iad_dir *dir, const char *base,
            struct iad_zone **zones_out, size_t *n_out)
{
    static const char *const attrs[] = { "idnsName", "idnsZoneActive",
                                         "modifyTimestamp", NULL };
    struct iad_dir_result *res = NULL;
    enum iad_error ret;
    size_t i;

    ret = iad_dir_search(dir, base, IAD_SCOPE_ONE, "(objectClass=idnsZone)",
                         attrs, &res);
    if (ret != IAD_OK) {
        ret = base_missing(ret, base);
        goto cleanup;
    }
    if (res->n_entries == 0) {
        ret = no_zone_seen(base);
        goto cleanup;
    }
    for (i = 0; i < res->n_entries; i++) {
        if (iad_dir_entry_attr(&res->entries[i], "modifyTimestamp") == NULL) {
            ret = age_hidden(res->entries[i].dn);
            goto cleanup;
        }
    }
    ret = zones_from(res, zones_out, n_out);

cleanup:
    iad_dir_result_free(res);
    return ret;
}

/*
 * Remove, from the entry E of ZONE that was found stale, the tXTRecord
 * values read with it, then delete the entry as del does when it holds no
 * record any more; print the line that says so.  *VALUES_OUT: how many
 * went (or would go, with P->dry_run).
 */
static enum iad_error
prune_entry(struct iad_dir *dir, const struct iad_zone *zone,
            const struct iad_dir_entry *e, const struct iad_prune_params *p,
            size_t *values_out)
{
    const struct iad_dir_attr *rel = iad_dir_entry_attr(e, "idnsName");
    const struct iad_dir_attr *txt = iad_dir_entry_attr(e, TXT_ATTR);
    const struct iad_dir_attr *stamp =
        iad_dir_entry_attr(e, "modifyTimestamp");
    struct iad_dir_mod mod = { IAD_MOD_DELETE, TXT_ATTR, NULL, 0 };
    struct iad_target t;
    enum iad_error ret = IAD_OK;
    char *name = NULL, when[64];
    size_t i;

    *values_out = 0;
    if (rel == NULL || rel->n_values == 0 || txt == NULL ||
        txt->n_values == 0)
        return IAD_OK;
    name = iad_name_from_master(rel->values[0], zone->name);
    if (name == NULL)
        return IAD_ERR_NOMEM;
    if (strcmp(name, zone->name) == 0 || !iad_name_in_zone(name, zone->name)
        || !is_prunable(name, p->account_names)) {
        iad_trace(2, "'%s' is not a challenge name: left alone", e->dn);
        goto cleanup;
    }
    show_time(stamp != NULL && stamp->n_values > 0 ? stamp->values[0] : NULL,
              when, sizeof(when));
    for (i = 0; i < txt->n_values; i++)
        iad_trace(1, "%s TXT %s at '%s.'", p->dry_run ? "would remove" :
                  "removing", txt->values[i], name);
    if (!p->dry_run) {
        /* Exactly the values read: one that another writer adds
         * meanwhile stays, and when another writer removed one of these,
         * the server refuses the whole change and the entry, changed
         * just now, is no longer stale. */
        mod.values = (const char *const *)txt->values;
        mod.n_values = txt->n_values;
        ret = iad_dir_modify(dir, e->dn, &mod, 1);
        if (ret == IAD_ERR_NO_VALUE || ret == IAD_ERR_NO_ENTRY) {
            iad_error_clear();
            iad_trace(1, "'%s.' changed meanwhile: left alone", name);
            ret = IAD_OK;
            goto cleanup;
        }
        if (ret != IAD_OK)
            goto cleanup;
    }
    printf("%s %zu TXT value%s at '%s.' (unchanged since %s)\n",
           p->dry_run ? "would remove" : "removed", txt->n_values,
           txt->n_values == 1 ? "" : "s", name, when);
    *values_out = txt->n_values;
    if (p->dry_run)
        goto cleanup;
    memset(&t, 0, sizeof(t));
    t.name = name;
    t.zone = *zone;
    t.rel = rel->values[0];
    t.dn = e->dn;
    ret = cleanup_entry(dir, &t, e, txt->n_values);

cleanup:
    free(name);
    return ret;
}

/* Free the N search results FOUND; NULL is allowed. */
static void
found_free(struct iad_dir_result **found, size_t n)
{
    size_t i;

    for (i = 0; found != NULL && i < n; i++)
        iad_dir_result_free(found[i]);
    free(found);
}

/*
 * Step 1 of prune: in each zone picked, the stale challenge entries with
 * their values and ages, into FOUND (one result a zone, NULL for a zone
 * not picked).  Everything is read and checked before anything changes.
 */
static enum iad_error
find_stale(struct iad_dir *dir, const struct iad_prune_params *p,
           const struct iad_zone *zones, const bool *pick, size_t n,
           struct iad_dir_result **found)
{
    static const char *const attrs[] = { "*", "modifyTimestamp", NULL };
    char older[32], newer[32], *filter = NULL;
    time_t now = time(NULL);
    enum iad_error ret;
    size_t i;

    /* One clock reading for both bounds, so that no second falls
     * between them. */
    ret = generalized_time(now - (time_t)p->older_than, older,
                           sizeof(older));
    if (ret == IAD_OK)
        ret = generalized_time(now - (time_t)p->older_than + 1, newer,
                               sizeof(newer));
    if (ret != IAD_OK)
        return ret;
    iad_trace(1, "pruning entries unchanged since %s", older);
    filter = prune_filter(p->account_names, "<=", older);
    if (filter == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < n && ret == IAD_OK; i++) {
        if (!pick[i])
            continue;
        ret = iad_dir_search(dir, zones[i].dn, IAD_SCOPE_ONE, filter, attrs,
                             &found[i]);
        if (ret == IAD_OK)
            ret = check_ages_visible(dir, &zones[i], p->account_names,
                                     newer, found[i]->n_entries);
    }
    free(filter);
    return ret;
}

enum iad_error
iad_tree_prune(struct iad_dir *dir, const struct iad_prune_params *p,
               size_t *entries_out, size_t *values_out)
{
    struct iad_dir_result **found = NULL;
    struct iad_zone *zones = NULL;
    enum iad_error ret;
    bool *pick = NULL;
    size_t n_zones = 0, i, j, n, entries = 0, values = 0;

    ret = prune_zones(dir, p->base, &zones, &n_zones);
    if (ret == IAD_OK)
        ret = pick_zones(zones, n_zones, p->zones, p->n_zones, &pick);
    if (ret == IAD_OK &&
        (found = calloc(n_zones + 1, sizeof(*found))) == NULL)
        ret = IAD_ERR_NOMEM;
    if (ret == IAD_OK)
        ret = find_stale(dir, p, zones, pick, n_zones, found);
    for (i = 0; ret == IAD_OK && i < n_zones; i++) {
        for (j = 0; found[i] != NULL && j < found[i]->n_entries; j++) {
            ret = prune_entry(dir, &zones[i], &found[i]->entries[j], p, &n);
            if (ret != IAD_OK)
                break;
            if (n > 0)
                entries++;
            values += n;
        }
    }
    *entries_out = entries;
    *values_out = values;
    found_free(found, n_zones);
    free(pick);
    iad_tree_zones_free(zones, n_zones);
    return ret;
}
