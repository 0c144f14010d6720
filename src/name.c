/* DNS owner names. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "name.h"

static bool
label_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

bool
iad_name_is_host(const char *text, size_t len)
{
    size_t label = 0, i;

    if (len > 0 && text[len - 1] == '.')
        len--;
    if (len == 0 || len > IAD_NAME_MAX)
        return false;
    for (i = 0; i < len; i++) {
        char c = text[i];

        if (c == '.') {
            if (label == 0)
                return false;
            label = 0;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!label_char_ok(c))
            return false;
        if (++label > IAD_LABEL_MAX)
            return false;
    }
    return label > 0;
}

enum iad_error
iad_name_normalize(const char *in, char **name_out)
{
    enum iad_error ret = IAD_OK;
    char *name = NULL;
    size_t len, i, label_len = 0;

    len = strlen(in);
    if (len > 0 && in[len - 1] == '.')
        len--;
    if (len == 0) {
        ret = iad_fail(IAD_ERR_INVALID_NAME, "invalid name '%s': it is empty",
                       in);
        goto cleanup;
    }
    if (len > IAD_NAME_MAX) {
        ret = iad_fail(IAD_ERR_INVALID_NAME,
                       "invalid name '%s': longer than %d bytes", in,
                       IAD_NAME_MAX);
        goto cleanup;
    }
    name = strndup(in, len);
    if (name == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }
    /* Characters first: a bad byte is the clearer reason. */
    for (i = 0; i < len; i++) {
        char c = name[i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != '.' && !label_char_ok(c)) {
            unsigned char uc = (unsigned char)c;

            if (uc >= 0x21 && uc < 0x7f)
                ret = iad_fail(IAD_ERR_INVALID_NAME,
                               "invalid name '%s': character '%c' is not "
                               "allowed", in, c);
            else
                ret = iad_fail(IAD_ERR_INVALID_NAME,
                               "invalid name '%s': byte 0x%02x is not "
                               "allowed", in, uc);
            goto cleanup;
        }
        name[i] = c;
    }
    for (i = 0; i <= len; i++) {
        char c = name[i];

        if (c == '.' || c == '\0') {
            if (label_len == 0) {
                ret = iad_fail(IAD_ERR_INVALID_NAME,
                               "invalid name '%s': empty label", in);
                goto cleanup;
            }
            if (label_len > IAD_LABEL_MAX) {
                ret = iad_fail(IAD_ERR_INVALID_NAME,
                               "invalid name '%s': label longer than %d "
                               "bytes", in, IAD_LABEL_MAX);
                goto cleanup;
            }
            label_len = 0;
            continue;
        }
        label_len++;
    }

    *name_out = name;
    name = NULL;

cleanup:
    free(name);
    return ret;
}

char *
iad_name_canon(const char *in)
{
    size_t len = strlen(in), i;
    char *out;

    if (len > 0 && in[len - 1] == '.')
        len--;
    if (len == 0)
        return NULL;
    out = strndup(in, len);
    if (out == NULL)
        return NULL;
    for (i = 0; i < len; i++) {
        if (out[i] >= 'A' && out[i] <= 'Z')
            out[i] = (char)(out[i] - 'A' + 'a');
    }
    return out;
}

bool
iad_name_is_acme(const char *name)
{
    size_t n = strlen(IAD_ACME_LABEL);

    return strncmp(name, IAD_ACME_LABEL, n) == 0 &&
           (name[n] == '.' || name[n] == '\0');
}

const char *
iad_name_parent(const char *name)
{
    const char *dot = strchr(name, '.');

    return dot == NULL ? NULL : dot + 1;
}

bool
iad_name_in_zone(const char *name, const char *zone)
{
    size_t nlen = strlen(name), zlen = strlen(zone);

    if (nlen == zlen)
        return strcasecmp(name, zone) == 0;
    if (nlen < zlen + 1)
        return false;
    return name[nlen - zlen - 1] == '.' &&
           strcasecmp(name + nlen - zlen, zone) == 0;
}

enum iad_error
iad_name_relative(const char *name, const char *zone, char **rel_out)
{
    size_t nlen = strlen(name), zlen = strlen(zone);
    char *rel;

    if (!iad_name_in_zone(name, zone))
        return iad_fail(IAD_ERR_INTERNAL, "name '%s' is not in zone '%s'",
                        name, zone);
    rel = strndup(name, nlen == zlen ? 0 : nlen - zlen - 1);
    if (rel == NULL)
        return IAD_ERR_NOMEM;
    *rel_out = rel;
    return IAD_OK;
}

char *
iad_name_from_master(const char *text, const char *origin)
{
    size_t len = strlen(text), olen = strlen(origin);
    char *joined, *canon;

    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (len == 0)
        return NULL;
    if (len == 1 && text[0] == '@')
        return strdup(origin);
    if (text[len - 1] == '.') {
        joined = strndup(text, len);
    } else {
        joined = malloc(len + 1 + olen + 1);
        if (joined != NULL) {
            memcpy(joined, text, len);
            joined[len] = '.';
            memcpy(joined + len + 1, origin, olen + 1);
        }
    }
    if (joined == NULL)
        return NULL;
    canon = iad_name_canon(joined);
    free(joined);
    return canon;
}
