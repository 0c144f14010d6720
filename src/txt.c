/* TXT rdata in master-file text. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "txt.h"

/* The longest value whose record alone fits in one response. */
static size_t
max_single(void)
{
    size_t room = IAD_TXT_MESSAGE_MAX - IAD_TXT_RESPONSE_FIXED -
                  IAD_TXT_RR_FIXED;
    /* Each full string of 255 bytes takes 256. */
    size_t len = room / (IAD_TXT_STRING_MAX + 1) * IAD_TXT_STRING_MAX;
    size_t rest = room % (IAD_TXT_STRING_MAX + 1);

    return rest > 1 ? len + rest - 1 : len;
}

enum iad_error
iad_txt_check(const char *value, size_t len)
{
    size_t i;

    if (len == 0)
        return iad_fail(IAD_ERR_INVALID_VALUE, "invalid value: it is empty");
    for (i = 0; i < len; i++) {
        if (value[i] == '\0')
            return iad_fail(IAD_ERR_INVALID_VALUE,
                            "invalid value: it contains a NUL byte");
        if (value[i] == '\n' || value[i] == '\r')
            return iad_fail(IAD_ERR_INVALID_VALUE,
                            "invalid value '%.*s': it contains a line "
                            "break", (int)len, value);
    }
    return IAD_OK;
}

size_t
iad_txt_rdata_len(size_t len)
{
    size_t strings = (len + IAD_TXT_STRING_MAX - 1) / IAD_TXT_STRING_MAX;

    return len + (strings > 0 ? strings : 1);
}

enum iad_error
iad_txt_check_size(char *const *values, size_t n)
{
    /* Room for the TXT records of one response. */
    const size_t room = IAD_TXT_MESSAGE_MAX - IAD_TXT_RESPONSE_FIXED;
    size_t total = 0, i;

    for (i = 0; i < n; i++) {
        size_t len = strlen(values[i]);
        size_t rdata = iad_txt_rdata_len(len);

        if (rdata > IAD_TXT_RDATA_MAX)
            return iad_fail(IAD_ERR_INVALID_VALUE,
                            "invalid value of %zu bytes: its TXT record "
                            "would take %zu bytes, and a DNS record holds "
                            "at most %d", len, rdata, IAD_TXT_RDATA_MAX);
        if (IAD_TXT_RR_FIXED + rdata > room)
            return iad_fail(IAD_ERR_INVALID_VALUE,
                            "invalid value of %zu bytes: a DNS response "
                            "holding it would exceed %d bytes (a value has "
                            "at most %zu)", len, IAD_TXT_MESSAGE_MAX,
                            max_single());
        /* Cannot overflow: each term is at most room. */
        total += IAD_TXT_RR_FIXED + rdata;
        if (total > room)
            return iad_fail(IAD_ERR_INVALID_VALUE,
                            "invalid values: the first %zu take %zu bytes "
                            "as TXT records, and one DNS response holds at "
                            "most %zu of them", i + 1, total, room);
    }
    return IAD_OK;
}

enum iad_error
iad_txt_encode(const unsigned char *value, size_t len, char **text_out)
{
    size_t strings, cap, i, o = 0;
    char *text;

    if (len == 0)
        return iad_fail(IAD_ERR_INVALID_VALUE, "invalid value: it is empty");
    strings = (len + IAD_TXT_STRING_MAX - 1) / IAD_TXT_STRING_MAX;
    /* Four bytes per input byte at most, two quotes and a space a string. */
    cap = len * 4 + strings * 3 + 1;
    text = malloc(cap);
    if (text == NULL)
        return IAD_ERR_NOMEM;
    for (i = 0; i < len; i++) {
        unsigned char c = value[i];

        if (i % IAD_TXT_STRING_MAX == 0) {
            if (i > 0) {
                text[o++] = '"';
                text[o++] = ' ';
            }
            text[o++] = '"';
        }
        if (c == '"' || c == '\\') {
            text[o++] = '\\';
            text[o++] = (char)c;
        } else if (c >= 0x20 && c < 0x7f) {
            text[o++] = (char)c;
        } else {
            text[o++] = '\\';
            text[o++] = (char)('0' + c / 100);
            text[o++] = (char)('0' + c / 10 % 10);
            text[o++] = (char)('0' + c % 10);
        }
    }
    text[o++] = '"';
    text[o] = '\0';
    *text_out = text;
    return IAD_OK;
}

/*
 * Read one escape after a backslash at *P into *BYTE_OUT, advancing *P.
 * BIND takes \DDD as a decimal byte and any other \X as X.
 */
static bool
read_escape(const char **p, unsigned char *byte_out)
{
    const char *s = *p;

    if (s[0] == '\0')
        return false;
    if (s[0] >= '0' && s[0] <= '9') {
        int v;

        if (!(s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9'))
            return false;
        v = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
        if (v > 255)
            return false;
        *byte_out = (unsigned char)v;
        *p = s + 3;
        return true;
    }
    *byte_out = (unsigned char)s[0];
    *p = s + 1;
    return true;
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t';
}

static bool
is_newline(char c)
{
    return c == '\n' || c == '\r';
}

/* The end of the comment at P, which runs to the end of the line. */
static const char *
skip_comment(const char *p)
{
    while (*p != '\0' && !is_newline(*p))
        p++;
    return p;
}

/*
 * Read the character-string at *PP, quoted or bare, onto TXT, and move
 * *PP past it; TEXT, the whole value, is for messages.
 */
static enum iad_error
read_string(const char **pp, struct iad_txt *txt, const char *text)
{
    const char *p = *pp;
    size_t start = txt->len;
    bool quoted = *p == '"';
    unsigned char byte;

    if (quoted)
        p++;
    for (;;) {
        if (*p == '\0' || (quoted && is_newline(*p))) {
            if (quoted)
                return iad_fail(IAD_ERR_INVALID_VALUE, "unterminated "
                                "quoted string in '%s'", text);
            break;
        }
        if (quoted && *p == '"') {
            p++;
            break;
        }
        if (!quoted && (is_space(*p) || is_newline(*p) || *p == '(' ||
                        *p == ')' || *p == ';'))
            break;
        if (*p == '\\') {
            p++;
            if (!read_escape(&p, &byte))
                return iad_fail(IAD_ERR_INVALID_VALUE,
                                "bad escape sequence in '%s'", text);
        } else {
            byte = (unsigned char)*p++;
        }
        txt->data[txt->len++] = byte;
    }
    if (txt->len - start > IAD_TXT_STRING_MAX)
        return iad_fail(IAD_ERR_INVALID_VALUE, "a string longer than %d "
                        "bytes in TXT value '%.40s...'", IAD_TXT_STRING_MAX,
                        text);
    txt->lengths[txt->n_strings++] = txt->len - start;
    *pp = p;
    return IAD_OK;
}

/* After the end of the line at P, only white space and comments. */
static enum iad_error
check_tail(const char *p, const char *text)
{
    while (*p != '\0') {
        if (*p == ';') {
            p = skip_comment(p);
            continue;
        }
        if (!is_space(*p) && !is_newline(*p))
            return iad_fail(IAD_ERR_INVALID_VALUE, "extra text after the "
                            "end of line in '%s'", text);
        p++;
    }
    return IAD_OK;
}

enum iad_error
iad_txt_decode(const char *text, struct iad_txt **txt_out)
{
    enum iad_error ret = IAD_OK;
    struct iad_txt *txt = NULL;
    const char *p = text;
    size_t cap = strlen(text) + 1;
    int depth = 0;

    txt = calloc(1, sizeof(*txt));
    if (txt == NULL)
        return IAD_ERR_NOMEM;
    /* Decoding never makes text longer, and each string takes a byte. */
    txt->data = malloc(cap);
    txt->lengths = calloc(cap, sizeof(*txt->lengths));
    if (txt->data == NULL || txt->lengths == NULL) {
        ret = IAD_ERR_NOMEM;
        goto cleanup;
    }

    while (*p != '\0' && ret == IAD_OK) {
        if (is_space(*p) || (depth > 0 && is_newline(*p))) {
            p++;
        } else if (*p == ';') {
            p = skip_comment(p);
        } else if (is_newline(*p)) {
            break;
        } else if (*p == '(') {
            depth++;
            p++;
        } else if (*p == ')') {
            if (depth == 0)
                ret = iad_fail(IAD_ERR_INVALID_VALUE,
                               "unbalanced parenthesis in '%s'", text);
            depth--;
            p++;
        } else {
            ret = read_string(&p, txt, text);
        }
    }
    if (ret == IAD_OK)
        ret = check_tail(p, text);
    if (ret != IAD_OK)
        goto cleanup;
    if (depth != 0) {
        ret = iad_fail(IAD_ERR_INVALID_VALUE,
                       "unbalanced parenthesis in '%s'", text);
        goto cleanup;
    }
    if (txt->n_strings == 0) {
        ret = iad_fail(IAD_ERR_INVALID_VALUE, "empty TXT value");
        goto cleanup;
    }
    txt->data[txt->len] = '\0';

    *txt_out = txt;
    txt = NULL;

cleanup:
    iad_txt_free(txt);
    return ret;
}

void
iad_txt_free(struct iad_txt *txt)
{
    if (txt == NULL)
        return;
    free(txt->data);
    free(txt->lengths);
    free(txt);
}
