/* Configuration files. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conffile.h"
#include "msg.h"

/* Largest configuration file we read: these files are a few lines. */
#define CONFIG_MAX (1024 * 1024)

static enum iad_error
read_file(const char *path, char **text_out)
{
    enum iad_error ret = IAD_OK;
    FILE *f = NULL;
    char *text = NULL;
    size_t len;

    f = fopen(path, "r");
    if (f == NULL) {
        ret = iad_fail(errno == ENOENT ? IAD_ERR_CONFIG : IAD_ERR_IO,
                       "cannot read '%s': %s", path, strerror(errno));
        goto cleanup;
    }
    text = malloc(CONFIG_MAX + 1);
    if (text == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    len = fread(text, 1, CONFIG_MAX + 1, f);
    if (ferror(f)) {
        ret = iad_fail(IAD_ERR_IO, "cannot read '%s': %s", path,
                       strerror(errno));
        goto cleanup;
    }
    if (len > CONFIG_MAX) {
        ret = iad_fail(IAD_ERR_CONFIG, "'%s' is too large for a "
                       "configuration file", path);
        goto cleanup;
    }
    text[len] = '\0';
    *text_out = text;
    text = NULL;

cleanup:
    if (f != NULL)
        fclose(f);
    free(text);
    return ret;
}

/* Strip white space at both ends of [*start, *end). */
static void
trim(const char **start, const char **end)
{
    while (*start < *end && (**start == ' ' || **start == '\t'))
        (*start)++;
    while (*end > *start && ((*end)[-1] == ' ' || (*end)[-1] == '\t' ||
                             (*end)[-1] == '\r'))
        (*end)--;
}

/*
 * Call FN for each "key = value" line of TEXT, with the section it stands
 * in ("" before any [section] header).  Lines starting with '#' or ';'
 * are comments.  A line without '=' is an error.
 */
typedef enum iad_error (*line_fn)(void *data, const char *section,
                                  const char *key, const char *value,
                                  const char *where);

static enum iad_error
for_each_line(const char *text, const char *filename, line_fn fn,
              void *data)
{
    char section[64] = "";
    const char *line = text;
    unsigned lineno = 0;

    while (*line != '\0') {
        const char *eol = strchr(line, '\n');
        const char *end = eol != NULL ? eol : line + strlen(line);
        const char *start = line, *eq;
        char where[512], key[64], *value = NULL;
        enum iad_error ret;

        lineno++;
        line = eol != NULL ? eol + 1 : end;
        trim(&start, &end);
        if (start == end || *start == '#' || *start == ';')
            continue;
        snprintf(where, sizeof(where), "%s:%u", filename, lineno);
        if (*start == '[') {
            if (end[-1] != ']' || (size_t)(end - start - 2) >=
                                      sizeof(section))
                return iad_fail(IAD_ERR_CONFIG, "%s: bad section header",
                                where);
            snprintf(section, sizeof(section), "%.*s",
                     (int)(end - start - 2), start + 1);
            continue;
        }
        eq = memchr(start, '=', (size_t)(end - start));
        if (eq == NULL)
            return iad_fail(IAD_ERR_CONFIG,
                            "%s: expected 'key = value'", where);
        {
            const char *kend = eq, *vstart = eq + 1, *vend = end;

            trim(&start, &kend);
            trim(&vstart, &vend);
            if (kend == start || (size_t)(kend - start) >= sizeof(key))
                return iad_fail(IAD_ERR_CONFIG, "%s: bad key", where);
            snprintf(key, sizeof(key), "%.*s", (int)(kend - start), start);
            value = strndup(vstart, (size_t)(vend - vstart));
            if (value == NULL)
                return IAD_ERR_NOMEM;
        }
        ret = fn(data, section, key, value, where);
        free(value);
        if (ret != IAD_OK)
            return ret;
    }
    return IAD_OK;
}

static enum iad_error
settings_line(void *data, const char *section, const char *key,
              const char *value, const char *where)
{
    struct iad_settings *s = data;
    const struct iad_option_def *def = iad_option_find(key);
    enum iad_error ret;

    if (section[0] != '\0')
        return iad_fail(IAD_ERR_CONFIG, "%s: sections are not used in "
                        "this file", where);
    if (def == NULL)
        return iad_fail(IAD_ERR_CONFIG, "%s: unknown key '%s'", where, key);
    if (!(def->flags & IAD_OPTF_CONFIG))
        return iad_fail(IAD_ERR_CONFIG,
                        "%s: '%s' cannot be set in a configuration file",
                        where, key);
    ret = iad_settings_set(s, def, def->arg == NULL && value[0] == '\0' ?
                           NULL : value, where);
    /* A bad value in a file is a configuration error. */
    return ret == IAD_ERR_USAGE ? IAD_ERR_CONFIG : ret;
}

enum iad_error
iad_config_parse(const char *text, const char *filename,
                 struct iad_settings *s)
{
    return for_each_line(text, filename, settings_line, s);
}

enum iad_error
iad_config_load(const char *path, struct iad_settings *s)
{
    enum iad_error ret;
    char *text = NULL;

    ret = read_file(path, &text);
    /* A file that is there but unreadable is a configuration error too. */
    if (ret == IAD_ERR_IO)
        ret = IAD_ERR_CONFIG;
    if (ret != IAD_OK)
        goto cleanup;
    ret = iad_config_parse(text, path, s);

cleanup:
    free(text);
    return ret;
}

static enum iad_error
ipa_line(void *data, const char *section, const char *key,
         const char *value, const char *where)
{
    struct iad_ipa_conf *ipa = data;
    static const char *const keys[] = { "basedn", "realm", "domain",
                                        "server", "host", "ldap_uri" };
    char **fields[] = { &ipa->basedn, &ipa->realm, &ipa->domain,
                        &ipa->server, &ipa->host, &ipa->ldap_uri };
    size_t i;

    if (strcmp(section, "global") != 0)
        return IAD_OK;
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (strcmp(key, keys[i]) == 0) {
            char *copy = strdup(value);

            if (copy == NULL)
                return IAD_ERR_NOMEM;
            free(*fields[i]);
            *fields[i] = copy;
        }
    }
    return IAD_OK;
}

enum iad_error
iad_ipa_conf_parse(const char *text, const char *filename,
                   struct iad_ipa_conf *ipa)
{
    return for_each_line(text, filename, ipa_line, ipa);
}

/* FreeIPA's own clients trust DIR/ca.crt: note it when it is there. */
static enum iad_error
find_ca_cert(const char *dir, struct iad_ipa_conf *ipa)
{
    char path[4096];

    if ((size_t)snprintf(path, sizeof(path), "%s/ca.crt", dir) >=
        sizeof(path))
        return iad_fail(IAD_ERR_CONFIG, "path too long: '%s'", dir);
    if (access(path, F_OK) != 0)
        return IAD_OK;
    free(ipa->ca_cert);
    ipa->ca_cert = strdup(path);
    return ipa->ca_cert != NULL ? IAD_OK : IAD_ERR_NOMEM;
}

enum iad_error
iad_ipa_conf_load(const char *dir, struct iad_ipa_conf *ipa)
{
    enum iad_error ret;
    char path[4096], *text = NULL;

    ret = find_ca_cert(dir, ipa);
    if (ret != IAD_OK)
        return ret;
    if ((size_t)snprintf(path, sizeof(path), "%s/default.conf", dir) >=
        sizeof(path))
        return iad_fail(IAD_ERR_CONFIG, "path too long: '%s'", dir);
    ret = read_file(path, &text);
    if (ret == IAD_ERR_CONFIG) {
        /* Not an enrolled host: nothing to take from there. */
        iad_trace(2, "no FreeIPA configuration at '%s'", path);
        iad_error_clear();
        ret = IAD_OK;
        goto cleanup;
    }
    if (ret == IAD_ERR_IO)
        ret = IAD_ERR_CONFIG;
    if (ret != IAD_OK)
        goto cleanup;
    ret = iad_ipa_conf_parse(text, path, ipa);

cleanup:
    free(text);
    return ret;
}

enum iad_error
iad_ipa_ldapi(const char *rundir, const char *realm, char **path_out,
              char **uri_out)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-";
    char *path = NULL, *uri = NULL;
    size_t len, i, used;
    enum iad_error ret = IAD_OK;

    if (realm[0] == '\0' || strchr(realm, '/') != NULL)
        return iad_fail(IAD_ERR_CONFIG, "invalid realm '%s'", realm);
    len = strlen(rundir) + strlen(realm) + sizeof("/slapd-.socket");
    path = malloc(len);
    uri = malloc(sizeof("ldapi://") + 3 * len);
    if (path == NULL || uri == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    snprintf(path, len, "%s/slapd-%s.socket", rundir, realm);
    for (i = strlen(rundir) + strlen("/slapd-"); path[i] != '\0'; i++) {
        if (path[i] == '.' && strcmp(path + i, ".socket") != 0)
            path[i] = '-';
    }
    /* Every byte but the unreserved ones percent-encoded: '/' must be. */
    used = (size_t)snprintf(uri, 9, "ldapi://");
    for (i = 0; path[i] != '\0'; i++) {
        if (strchr(safe, path[i]) != NULL)
            uri[used++] = path[i];
        else
            used += (size_t)snprintf(uri + used, 4, "%%%02X",
                                     (unsigned char)path[i]);
    }
    uri[used] = '\0';
    *path_out = path;
    *uri_out = uri;
    path = NULL;
    uri = NULL;

cleanup:
    free(path);
    free(uri);
    return ret;
}

void
iad_ipa_conf_release(struct iad_ipa_conf *ipa)
{
    free(ipa->basedn);
    free(ipa->realm);
    free(ipa->domain);
    free(ipa->server);
    free(ipa->host);
    free(ipa->ldap_uri);
    free(ipa->ca_cert);
    memset(ipa, 0, sizeof(*ipa));
}

/* StartTLS only makes sense on ldap://: the others are secure already. */
static enum iad_error
check_starttls(const struct iad_settings *s)
{
    size_t i;

    for (i = 0; s->starttls && i < s->n_uris; i++) {
        if (strncasecmp(s->uris[i], "ldaps://", 8) == 0)
            return iad_fail(IAD_ERR_USAGE, "--starttls cannot be used "
                            "with '%s': ldaps:// is TLS already",
                            s->uris[i]);
        if (strncasecmp(s->uris[i], "ldapi://", 8) == 0)
            return iad_fail(IAD_ERR_USAGE, "--starttls cannot be used "
                            "with '%s': ldapi:// is a local socket",
                            s->uris[i]);
    }
    return IAD_OK;
}

enum iad_error
iad_settings_finish(struct iad_settings *s, const struct iad_ipa_conf *ipa)
{
    const struct iad_option_def *uri_def = iad_option_find("uri");
    enum iad_error ret;
    char buf[1024];

    if (s->n_uris == 0 && ipa->ldap_uri != NULL) {
        ret = iad_settings_set(s, uri_def, ipa->ldap_uri, "ldap_uri");
        if (ret != IAD_OK)
            return ret == IAD_ERR_USAGE ? IAD_ERR_CONFIG : ret;
    }
    if (s->n_uris == 0 && ipa->server != NULL) {
        if ((size_t)snprintf(buf, sizeof(buf), "ldap://%s", ipa->server) >=
            sizeof(buf))
            return iad_fail(IAD_ERR_CONFIG, "server name too long");
        ret = iad_settings_set(s, uri_def, buf, "server");
        if (ret != IAD_OK)
            return ret == IAD_ERR_USAGE ? IAD_ERR_CONFIG : ret;
    }
    /* With a domain, the caller can still find servers through SRV. */
    if (s->n_uris == 0 && ipa->domain == NULL)
        return iad_fail(IAD_ERR_CONFIG,
                        "no LDAP server configured: pass --uri, or set uri "
                        "in %s", IAD_DEFAULT_CONFIG);
    if (s->base == NULL && ipa->basedn != NULL) {
        if ((size_t)snprintf(buf, sizeof(buf), "cn=dns,%s", ipa->basedn) >=
            sizeof(buf))
            return iad_fail(IAD_ERR_CONFIG, "basedn too long");
        s->base = strdup(buf);
        if (s->base == NULL)
            return IAD_ERR_NOMEM;
    }
    if (s->base == NULL)
        return iad_fail(IAD_ERR_CONFIG,
                        "no DNS base DN configured: pass --base, or set "
                        "base in %s", IAD_DEFAULT_CONFIG);
    if (s->cacert == NULL && ipa->ca_cert != NULL) {
        s->cacert = strdup(ipa->ca_cert);
        if (s->cacert == NULL)
            return IAD_ERR_NOMEM;
    }
    if (s->starttls == IAD_UNSET)
        s->starttls = 0;
    ret = check_starttls(s);
    if (ret != IAD_OK)
        return ret;
    if (s->min_ssf == IAD_UNSET)
        s->min_ssf = IAD_DEFAULT_MIN_SSF;
    if (s->timeout == IAD_UNSET)
        s->timeout = IAD_DEFAULT_TIMEOUT;
    if (s->ttl == IAD_UNSET)
        s->ttl = IAD_DEFAULT_TTL;
    if (s->any_name == IAD_UNSET)
        s->any_name = 0;
    if (s->dry_run == IAD_UNSET)
        s->dry_run = 0;
    if (s->json == IAD_UNSET)
        s->json = 0;
    if (s->all == IAD_UNSET)
        s->all = 0;
    if (s->verbose == IAD_UNSET)
        s->verbose = 0;
    if (s->wait_timeout == IAD_UNSET)
        s->wait_timeout = IAD_DEFAULT_WAIT_TIMEOUT;
    if (s->dns_port == IAD_UNSET)
        s->dns_port = IAD_DEFAULT_DNS_PORT;
    if (s->min_servers == IAD_UNSET)
        s->min_servers = 0;
    if (s->no_wait == IAD_UNSET)
        s->no_wait = 0;
    if (s->wait == IAD_UNSET)
        s->wait = 0;
    if (s->no_follow_cname == IAD_UNSET)
        s->no_follow_cname = 0;
    return IAD_OK;
}
