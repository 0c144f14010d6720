/*
 * Configuration files.  Both files are UTF-8 text: a byte that is not
 * UTF-8, or a control character other than tab and the line end (LF or
 * CR LF), is refused with the file and line before anything is read from
 * it, so that nothing after it is silently lost and nothing raw reaches a
 * terminal through a message.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "conffile.h"
#include "fmt.h"
#include "msg.h"
#include "perm.h"

/* Largest configuration file we read: these files are a few lines. */
#define CONFIG_MAX (1024 * 1024)

/* Room for a quoted key or value, and for "FILE:LINE", in messages. */
#define QUOTE_SIZE 96
#define WHERE_SIZE 320

/*
 * The whole text of the file PATH in *TEXT_OUT, its length in *LEN_OUT.
 * With WHAT ("configuration file"), warn when the file as opened is open
 * to other users: fstat on the stream, not a second look at PATH.
 */
static enum iad_error
read_file(const char *path, const char *what, char **text_out,
          size_t *len_out)
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
    if (what != NULL)
        iad_perm_warn_fd(fileno(f), what, path);
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
    *len_out = len;
    text = NULL;

cleanup:
    if (f != NULL)
        fclose(f);
    free(text);
    return ret;
}

/*
 * The length of the UTF-8 character at P, of at most N bytes, with its
 * code point in *CP_OUT; 0 when P does not start a valid one (a stray or
 * missing continuation byte, an overlong form, a surrogate, or beyond
 * U+10FFFF).
 */
static size_t
utf8_char(const char *p, size_t n, unsigned long *cp_out)
{
    const unsigned char *u = (const unsigned char *)p;
    unsigned long cp;
    size_t len, i;

    if (n == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp_out = u[0];
        return 1;
    }
    if ((u[0] & 0xe0) == 0xc0) {
        len = 2;
        cp = u[0] & 0x1f;
    } else if ((u[0] & 0xf0) == 0xe0) {
        len = 3;
        cp = u[0] & 0x0f;
    } else if ((u[0] & 0xf8) == 0xf0) {
        len = 4;
        cp = u[0] & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (u[i] & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    *cp_out = cp;
    return len;
}

/* C0 and C1 control characters and DEL: terminals act on them. */
static int
is_control(unsigned long cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/*
 * LEN bytes at S (NUL bytes too) as a message shows them (fmt.h), in OUT
 * of SIZE bytes; for "%-s".  Returns OUT.
 */
static const char *
quote(char *out, size_t size, const char *s, size_t len)
{
    iad_fmt_escape(out, size, s, len);
    return out;
}

/*
 * "FILENAME:LINE" in WHERE of WHERE_SIZE bytes, raw: the messages that
 * give it to %s escape and shorten it, and a long name keeps its tail,
 * with the line number.
 */
static const char *
where_at(char *where, const char *filename, unsigned lineno)
{
    snprintf(where, WHERE_SIZE, "%s:%u", filename, lineno);
    return where;
}

/*
 * Refuse TEXT, LEN bytes read from FILENAME, unless it is UTF-8 without
 * control characters other than tab, LF and the CR of a CR LF.
 */
static enum iad_error
check_text(const char *text, size_t len, const char *filename)
{
    char where[WHERE_SIZE], shown[QUOTE_SIZE];
    unsigned lineno = 1;
    unsigned long cp;
    size_t i = 0, n;

    while (i < len) {
        n = utf8_char(text + i, len - i, &cp);
        if (n == 0)
            return iad_fail(IAD_ERR_CONFIG, "%s: invalid UTF-8 at '%-s': "
                            "the file must be UTF-8 text",
                            where_at(where, filename, lineno),
                            quote(shown, sizeof(shown), text + i, 1));
        if (cp == '\n')
            lineno++;
        else if (is_control(cp) && cp != '\t' &&
                 !(cp == '\r' && i + 1 < len && text[i + 1] == '\n'))
            return iad_fail(IAD_ERR_CONFIG, "%s: control character '%-s' "
                            "is not allowed",
                            where_at(where, filename, lineno),
                            quote(shown, sizeof(shown), text + i, n));
        i += n;
    }
    return IAD_OK;
}

/*
 * White space as Python's str.strip() and the \s of its re module see it,
 * since FreeIPA reads default.conf with them; the control characters among
 * them were refused already.
 */
static int
is_space(unsigned long cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xa0 ||
           cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* Bytes of the white space character at the start of [P, END), or 0. */
static size_t
space_at(const char *p, const char *end)
{
    unsigned long cp;
    size_t n = utf8_char(p, (size_t)(end - p), &cp);

    return n != 0 && is_space(cp) ? n : 0;
}

/* Bytes of the white space character that ends [START, END), or 0. */
static size_t
space_before(const char *start, const char *end)
{
    unsigned long cp;
    size_t n;

    for (n = 1; n <= 3 && n <= (size_t)(end - start); n++) {
        if (utf8_char(end - n, n, &cp) == n)
            return is_space(cp) ? n : 0;
    }
    return 0;
}

/*
 * Strip white space at both ends of [*start, *end); the number of white
 * space characters stripped at the start goes to *INDENT_OUT if not NULL.
 */
static void
trim(const char **start, const char **end, size_t *indent_out)
{
    size_t n, indent = 0;

    while ((n = space_at(*start, *end)) != 0) {
        *start += n;
        indent++;
    }
    while ((n = space_before(*start, *end)) != 0)
        *end -= n;
    if (indent_out != NULL)
        *indent_out = indent;
}

/*
 * The next line of [*LINE, END) in [*START_OUT, *END_OUT), without its
 * line end, and *LINE moved past it; 0 when there is none left.
 */
static int
next_line(const char **line, const char *end, const char **start_out,
          const char **end_out)
{
    const char *eol;

    if (*line >= end)
        return 0;
    eol = memchr(*line, '\n', (size_t)(end - *line));
    *start_out = *line;
    *end_out = eol != NULL ? eol : end;
    *line = eol != NULL ? eol + 1 : end;
    /* check_text let a CR through only before an LF. */
    if (*end_out > *start_out && (*end_out)[-1] == '\r')
        (*end_out)--;
    return 1;
}

/*
 * Our file: "key = value" lines, '#' and ';' comments, blank lines.  Each
 * line is applied to S as it is read.
 */
static enum iad_error
settings_line(struct iad_settings *s, const char *key, const char *value,
              const char *where)
{
    const struct iad_option_def *def = iad_option_find(key);
    enum iad_error ret;

    if (def == NULL)
        return iad_fail(IAD_ERR_CONFIG, "%s: unknown key '%s'", where, key);
    if (!(def->flags & IAD_OPTF_CONFIG))
        return iad_fail(IAD_ERR_CONFIG,
                        "%s: '%s' cannot be set in a configuration file",
                        where, def->name);
    ret = iad_settings_set(s, def, def->arg == NULL && value[0] == '\0' ?
                           NULL : value, where);
    /* A bad value in a file is a configuration error. */
    return ret == IAD_ERR_USAGE ? IAD_ERR_CONFIG : ret;
}

enum iad_error
iad_config_parse(const char *text, size_t len, const char *filename,
                 struct iad_settings *s)
{
    const char *line = text, *end = text + len, *start, *stop, *eq;
    char where[WHERE_SIZE], *key = NULL, *value = NULL;
    enum iad_error ret;
    unsigned lineno = 0;

    ret = check_text(text, len, filename);
    while (ret == IAD_OK && next_line(&line, end, &start, &stop)) {
        const char *kend, *vstart;

        lineno++;
        trim(&start, &stop, NULL);
        if (start == stop || *start == '#' || *start == ';')
            continue;
        where_at(where, filename, lineno);
        if (*start == '[') {
            ret = iad_fail(IAD_ERR_CONFIG, "%s: sections are not used in "
                           "this file", where);
            break;
        }
        eq = memchr(start, '=', (size_t)(stop - start));
        if (eq == NULL) {
            ret = iad_fail(IAD_ERR_CONFIG, "%s: expected 'key = value'",
                           where);
            break;
        }
        kend = eq;
        vstart = eq + 1;
        trim(&start, &kend, NULL);
        trim(&vstart, &stop, NULL);
        if (kend == start) {
            ret = iad_fail(IAD_ERR_CONFIG, "%s: no key before '='", where);
            break;
        }
        key = strndup(start, (size_t)(kend - start));
        value = strndup(vstart, (size_t)(stop - vstart));
        if (key == NULL || value == NULL)
            ret = IAD_ERR_NOMEM;
        else
            ret = settings_line(s, key, value, where);
        free(key);
        free(value);
        key = value = NULL;
    }
    return ret;
}

enum iad_error
iad_config_load(const char *path, struct iad_settings *s)
{
    enum iad_error ret;
    char *text = NULL;
    size_t len = 0;

    /* Ours may name a keytab and servers to trust: FreeIPA's default.conf
     * is world-readable by design, and is not checked. */
    ret = read_file(path, "configuration file", &text, &len);
    /* A file that is there but unreadable is a configuration error too. */
    if (ret == IAD_ERR_IO)
        ret = IAD_ERR_CONFIG;
    if (ret != IAD_OK)
        goto cleanup;
    ret = iad_config_parse(text, len, path, s);

cleanup:
    free(text);
    return ret;
}

/*
 * FreeIPA's default.conf, read as FreeIPA reads it: ipalib's Env takes
 * the items of section [global] from Python's RawConfigParser with its
 * defaults, so these are ConfigParser's rules.  A section header is '['
 * up to the last ']' of the line; an option is a key, the first '=' or
 * ':', and a value, white space around both stripped; keys ignore case;
 * a line starting with '#' or ';' is a comment; a line indented deeper
 * than its option's line continues the value, and empty lines inside a
 * value are kept, joined with LF and trailing ones dropped; the items of
 * [DEFAULT] stand in [global] too, unless [global] sets them; no '%'
 * interpolation (RawConfigParser).  Where ConfigParser raises an error
 * (a line before any section header, a line with no delimiter, an empty
 * key, a section or a key of one section given twice), FreeIPA ignores
 * the file or fails; we refuse it with the line.  Keys ignore only ASCII
 * case, where Python's str.lower() folds all of Unicode: for the keys we
 * read that makes no difference.
 */

/* A section header or an option, to find those given twice. */
struct ini_item {
    const char *section;
    size_t section_len;
    const char *key;    /* NULL for a section header */
    size_t key_len;
    unsigned lineno;
};

/* The keys we use, in the order of ipa_fields(). */
static const char *const ipa_keys[] = { "basedn", "realm", "domain",
                                        "server", "host", "ldap_uri" };
#define N_IPA_KEYS (sizeof(ipa_keys) / sizeof(ipa_keys[0]))

struct ini_state {
    struct ini_item *items;
    size_t n_items;
    size_t cap_items;
    /* Values of our keys as given: [0] in [global], [1] in [DEFAULT]. */
    struct iad_buf values[2][N_IPA_KEYS];
    unsigned lines[2][N_IPA_KEYS];
};

static enum iad_error
add_item(struct ini_state *st, const char *section, size_t section_len,
         const char *key, size_t key_len, unsigned lineno)
{
    struct ini_item *item;

    if (st->n_items == st->cap_items) {
        size_t cap = st->cap_items != 0 ? 2 * st->cap_items : 64;
        struct ini_item *items = realloc(st->items, cap * sizeof(*items));

        if (items == NULL)
            return IAD_ERR_NOMEM;
        st->items = items;
        st->cap_items = cap;
    }
    item = &st->items[st->n_items++];
    item->section = section;
    item->section_len = section_len;
    item->key = key;
    item->key_len = key_len;
    item->lineno = lineno;
    return IAD_OK;
}

static int
same_section(const struct ini_item *a, const struct ini_item *b)
{
    return a->section_len == b->section_len &&
           memcmp(a->section, b->section, a->section_len) == 0;
}

/* Any order that puts equal items together, each group by line. */
static int
item_cmp(const void *pa, const void *pb)
{
    const struct ini_item *a = pa, *b = pb;
    int c;

    if (a->section_len != b->section_len)
        return a->section_len < b->section_len ? -1 : 1;
    c = memcmp(a->section, b->section, a->section_len);
    if (c != 0)
        return c;
    if ((a->key == NULL) != (b->key == NULL))
        return a->key == NULL ? -1 : 1;
    if (a->key != NULL) {
        if (a->key_len != b->key_len)
            return a->key_len < b->key_len ? -1 : 1;
        c = strncasecmp(a->key, b->key, a->key_len);
        if (c != 0)
            return c;
    }
    return a->lineno < b->lineno ? -1 : a->lineno > b->lineno;
}

/* ConfigParser's strict mode: the first section or key given again. */
static enum iad_error
check_duplicates(struct ini_state *st, const char *filename)
{
    const struct ini_item *first = NULL, *again = NULL;
    char where[WHERE_SIZE];
    size_t i;

    if (st->n_items > 1)
        qsort(st->items, st->n_items, sizeof(*st->items), item_cmp);
    for (i = 0; i + 1 < st->n_items; i++) {
        const struct ini_item *a = &st->items[i], *b = &st->items[i + 1];

        if (!same_section(a, b) || (a->key == NULL) != (b->key == NULL) ||
            (a->key != NULL && (a->key_len != b->key_len ||
                                strncasecmp(a->key, b->key,
                                            a->key_len) != 0)))
            continue;
        if (again == NULL || b->lineno < again->lineno) {
            first = a;
            again = b;
        }
    }
    if (again == NULL)
        return IAD_OK;
    where_at(where, filename, again->lineno);
    if (again->key == NULL)
        return iad_fail(IAD_ERR_CONFIG, "%s: section [%.*s] given again, "
                        "first at line %u", where, (int)again->section_len,
                        again->section, first->lineno);
    return iad_fail(IAD_ERR_CONFIG, "%s: key '%.*s' of [%.*s] given again, "
                    "first at line %u", where, (int)again->key_len,
                    again->key, (int)again->section_len, again->section,
                    first->lineno);
}

/* The value of ours that KEY of SECTION sets, or NULL for another. */
static struct iad_buf *
our_value(struct ini_state *st, const char *section, size_t section_len,
          const char *key, size_t key_len, unsigned lineno)
{
    size_t which, i;

    if (section_len == 6 && memcmp(section, "global", 6) == 0)
        which = 0;
    else if (section_len == 7 && memcmp(section, "DEFAULT", 7) == 0)
        which = 1;
    else
        return NULL;
    for (i = 0; i < N_IPA_KEYS; i++) {
        if (strlen(ipa_keys[i]) == key_len &&
            strncasecmp(ipa_keys[i], key, key_len) == 0) {
            /* Given twice, the file is refused later anyway. */
            iad_buf_release(&st->values[which][i]);
            iad_buf_init(&st->values[which][i]);
            st->lines[which][i] = lineno;
            return &st->values[which][i];
        }
    }
    return NULL;
}

static enum iad_error
ini_parse(struct ini_state *st, const char *text, size_t len,
          const char *filename)
{
    const char *line = text, *end = text + len, *start, *stop;
    const char *section = NULL, *close, *delim, *kend, *vstart;
    struct iad_buf *value = NULL;
    size_t section_len = 0, indent, indent_level = 0;
    char where[WHERE_SIZE];
    unsigned lineno = 0;
    int in_option = 0;
    enum iad_error ret;

    while (next_line(&line, end, &start, &stop)) {
        lineno++;
        trim(&start, &stop, &indent);
        if (start < stop && (*start == '#' || *start == ';'))
            continue;
        if (start == stop) {
            if (in_option && value != NULL)
                iad_buf_add(value, "\n");
            continue;
        }
        if (in_option && indent > indent_level) {
            if (value != NULL)
                iad_buf_addf(value, "\n%.*s", (int)(stop - start), start);
            continue;
        }
        indent_level = indent;
        where_at(where, filename, lineno);
        for (close = stop - 1; *start == '[' && close > start + 1; close--) {
            if (*close == ']')
                break;
        }
        if (*start == '[' && close > start + 1) {
            section = start + 1;
            section_len = (size_t)(close - section);
            in_option = 0;
            value = NULL;
            /* ConfigParser lets [DEFAULT] come back. */
            if (section_len == 7 && memcmp(section, "DEFAULT", 7) == 0)
                continue;
            ret = add_item(st, section, section_len, NULL, 0, lineno);
            if (ret != IAD_OK)
                return ret;
            continue;
        }
        if (section == NULL)
            return iad_fail(IAD_ERR_CONFIG, "%s: expected a section header "
                            "such as '[global]' first", where);
        delim = start;
        while (delim < stop && *delim != '=' && *delim != ':')
            delim++;
        if (delim == stop)
            return iad_fail(IAD_ERR_CONFIG, "%s: expected 'key = value' or "
                            "'key: value'", where);
        kend = delim;
        vstart = delim + 1;
        trim(&start, &kend, NULL);
        trim(&vstart, &stop, NULL);
        if (kend == start)
            return iad_fail(IAD_ERR_CONFIG, "%s: no key before '%c'", where,
                            *delim);
        ret = add_item(st, section, section_len, start,
                       (size_t)(kend - start), lineno);
        if (ret != IAD_OK)
            return ret;
        in_option = 1;
        value = our_value(st, section, section_len, start,
                          (size_t)(kend - start), lineno);
        if (value != NULL)
            iad_buf_addf(value, "%.*s", (int)(stop - vstart), vstart);
    }
    return check_duplicates(st, filename);
}

/*
 * Our key I from ST into *FIELD as FreeIPA's Env takes it: [global] over
 * [DEFAULT], white space stripped, "" and "None" meaning unset.  A value
 * of several lines is refused: no key we read can hold one.
 */
static enum iad_error
take_value(struct ini_state *st, size_t i, const char *filename,
           char **field)
{
    size_t which = st->values[0][i].data != NULL ? 0 : 1;
    struct iad_buf *b = &st->values[which][i];
    const char *start = b->data, *stop;
    char where[WHERE_SIZE];

    if (b->failed)
        return IAD_ERR_NOMEM;
    if (start == NULL)
        return IAD_OK;
    stop = start + b->len;
    trim(&start, &stop, NULL);
    if (stop == start ||
        ((size_t)(stop - start) == 4 && memcmp(start, "None", 4) == 0))
        return IAD_OK;
    if (memchr(start, '\n', (size_t)(stop - start)) != NULL)
        return iad_fail(IAD_ERR_CONFIG, "%s: the value of '%s' is more "
                        "than one line",
                        where_at(where, filename, st->lines[which][i]),
                        ipa_keys[i]);
    free(*field);
    *field = strndup(start, (size_t)(stop - start));
    return *field != NULL ? IAD_OK : IAD_ERR_NOMEM;
}

enum iad_error
iad_ipa_conf_parse(const char *text, size_t len, const char *filename,
                   struct iad_ipa_conf *ipa)
{
    struct ini_state st;
    char **fields[] = { &ipa->basedn, &ipa->realm, &ipa->domain,
                        &ipa->server, &ipa->host, &ipa->ldap_uri };
    enum iad_error ret;
    size_t i, j;

    memset(&st, 0, sizeof(st));
    for (i = 0; i < 2; i++) {
        for (j = 0; j < N_IPA_KEYS; j++)
            iad_buf_init(&st.values[i][j]);
    }
    ret = check_text(text, len, filename);
    if (ret == IAD_OK)
        ret = ini_parse(&st, text, len, filename);
    for (i = 0; ret == IAD_OK && i < N_IPA_KEYS; i++)
        ret = take_value(&st, i, filename, fields[i]);

    free(st.items);
    for (i = 0; i < 2; i++) {
        for (j = 0; j < N_IPA_KEYS; j++)
            iad_buf_release(&st.values[i][j]);
    }
    return ret;
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
    size_t len = 0;

    ret = find_ca_cert(dir, ipa);
    if (ret != IAD_OK)
        return ret;
    if ((size_t)snprintf(path, sizeof(path), "%s/default.conf", dir) >=
        sizeof(path))
        return iad_fail(IAD_ERR_CONFIG, "path too long: '%s'", dir);
    ret = read_file(path, NULL, &text, &len);
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
    ret = iad_ipa_conf_parse(text, len, path, ipa);

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
