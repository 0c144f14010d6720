/* The message formatter: text arguments escaped and shortened. */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "fmt.h"

/* What a shortened argument keeps: its head and its tail, escaped. */
#define HEAD_MAX 120
#define TAIL_MAX 40

/*
 * The message being built.  As with snprintf(), LEN counts everything,
 * also what did not fit; BUF holds at most SIZE - 1 bytes.  A sink of
 * SIZE 0 only measures.
 */
struct sink {
    char *buf;
    size_t size;
    size_t len;
};

/* One conversion of the format, as parsed. */
struct spec {
    bool minus;         /* left-justified: '-', or a negative '*' width */
    bool verbatim;      /* the '-' flag written in the format: "%-s" */
    int width;          /* -1 when none */
    int prec;           /* -1 when none */
    char length[3];     /* "", "hh", "h", "l", "ll", "z", "j", "t" or "L" */
    char conv;          /* the conversion character; '\0' at the end */
    char text[48];      /* the conversion for vsnprintf, '*' resolved */
};

static void
put(struct sink *k, const char *s, size_t n)
{
    if (k->len < k->size) {
        size_t room = k->size - 1 - k->len;

        memcpy(k->buf + k->len, s, n < room ? n : room);
    }
    k->len += n;
}

static void
put_spaces(struct sink *k, size_t n)
{
    while (n-- > 0)
        put(k, " ", 1);
}

/* The length of the valid, shortest-form UTF-8 sequence at S (N bytes
 * left), 0 when there is none. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
    unsigned char lo = 0x80, hi = 0xbf;
    size_t want, i;

    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        want = 2;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        want = 3;
        lo = s[0] == 0xe0 ? 0xa0 : 0x80;     /* overlong */
        hi = s[0] == 0xed ? 0x9f : 0xbf;     /* surrogates */
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        want = 4;
        lo = s[0] == 0xf0 ? 0x90 : 0x80;     /* overlong */
        hi = s[0] == 0xf4 ? 0x8f : 0xbf;     /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < want || s[1] < lo || s[1] > hi)
        return 0;
    for (i = 2; i < want; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return want;
}

/* Whether the valid sequence S of LEN bytes is a character that moves
 * or breaks text on a terminal: a C1 control, a bidirectional control,
 * a line or paragraph separator. */
static bool
utf8_harmful(const unsigned char *s, size_t len)
{
    uint32_t cp;

    if (len == 2)
        return (((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f)) <= 0x9f;
    if (len != 3)
        return false;
    cp = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) |
         (s[2] & 0x3f);
    return cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Escape the unit at S (N > 0 bytes left): one byte, or one UTF-8
 * sequence, into OUT (16 bytes at least); *USED is set to how many bytes
 * of S it took.  VERBATIM leaves backslashes alone.  Returns
 * the length of OUT.
 */
static size_t
escape_unit(const unsigned char *s, size_t n, bool verbatim, char *out,
            size_t *used)
{
    static const char hex[] = "0123456789abcdef";
    size_t len, i;

    *used = 1;
    if (s[0] >= 0x20 && s[0] < 0x7f) {
        if (!verbatim && s[0] == '\\') {
            out[0] = '\\';
            out[1] = (char)s[0];
            return 2;
        }
        out[0] = (char)s[0];
        return 1;
    }
    len = s[0] >= 0x80 ? utf8_len(s, n) : 0;
    if (len > 0 && !utf8_harmful(s, len)) {
        memcpy(out, s, len);
        *used = len;
        return len;
    }
    if (len == 0)
        len = 1;
    for (i = 0; i < len; i++) {
        out[4 * i] = '\\';
        out[4 * i + 1] = 'x';
        out[4 * i + 2] = hex[s[i] >> 4];
        out[4 * i + 3] = hex[s[i] & 0x0f];
    }
    *used = len;
    return 4 * len;
}

/* Escape S[FROM..N) into K, all of it. */
static void
put_escaped(struct sink *k, const unsigned char *s, size_t from, size_t n,
            bool verbatim)
{
    char unit[16];
    size_t used;

    while (from < n) {
        put(k, unit, escape_unit(s + from, n - from, verbatim, unit, &used));
        from += used;
    }
}

/* Escape S (N bytes) into K, shortened when its escaped form is longer
 * than IAD_FMT_ARG_MAX (never when VERBATIM). */
static void
put_text(struct sink *k, const unsigned char *s, size_t n, bool verbatim)
{
    struct sink measure = { NULL, 0, 0 };
    char unit[16], marker[48];
    size_t i = 0, shown = 0, used, ulen;

    if (verbatim) {
        put_escaped(k, s, 0, n, true);
        return;
    }
    put_escaped(&measure, s, 0, n, false);
    if (measure.len <= IAD_FMT_ARG_MAX) {
        put_escaped(k, s, 0, n, false);
        return;
    }
    /* SHOWN counts the escaped bytes of S[0..I): the head, then also
     * what is skipped, until what is left fits in the tail. */
    while (i < n) {
        ulen = escape_unit(s + i, n - i, false, unit, &used);
        if (shown + ulen > HEAD_MAX)
            break;
        put(k, unit, ulen);
        shown += ulen;
        i += used;
    }
    snprintf(marker, sizeof(marker), "...[%zu bytes]...", n);
    put(k, marker, strlen(marker));
    while (i < n && measure.len - shown > TAIL_MAX) {
        shown += escape_unit(s + i, n - i, false, unit, &used);
        i += used;
    }
    put_escaped(k, s, i, n, false);
}

/* A text conversion (%s or %c) with the width and '-' of SP. */
static void
put_text_spec(struct sink *k, const struct spec *sp, const unsigned char *s,
              size_t n, bool verbatim)
{
    struct sink measure = { NULL, 0, 0 };
    size_t pad = 0;

    if (sp->width > 0) {
        put_text(&measure, s, n, verbatim);
        if (measure.len < (size_t)sp->width)
            pad = (size_t)sp->width - measure.len;
    }
    if (!sp->minus)
        put_spaces(k, pad);
    put_text(k, s, n, verbatim);
    if (sp->minus)
        put_spaces(k, pad);
}

/* The conversion text given to vsnprintf() is built here from the
 * format itself, one conversion at a time, with the argument's own
 * type: it is no less checked than the whole format was. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
put_value(struct sink *k, const char *spec, ...)
{
    va_list ap;
    char *at = NULL;
    size_t room = 0;
    int n;

    if (k->len < k->size) {
        at = k->buf + k->len;
        room = k->size - k->len;
    }
    va_start(ap, spec);
    n = vsnprintf(at, room, spec, ap);
    va_end(ap);
    if (n > 0)
        k->len += (size_t)n;
}
#pragma GCC diagnostic pop

static bool
is_length(const struct spec *sp, const char *length)
{
    return strcmp(sp->length, length) == 0;
}

static void
put_signed(struct sink *k, const struct spec *sp, va_list *ap)
{
    if (is_length(sp, "l"))
        put_value(k, sp->text, va_arg(*ap, long));
    else if (is_length(sp, "ll"))
        put_value(k, sp->text, va_arg(*ap, long long));
    else if (is_length(sp, "z"))
        put_value(k, sp->text, va_arg(*ap, ssize_t));
    else if (is_length(sp, "j"))
        put_value(k, sp->text, va_arg(*ap, intmax_t));
    else if (is_length(sp, "t"))
        put_value(k, sp->text, va_arg(*ap, ptrdiff_t));
    else
        put_value(k, sp->text, va_arg(*ap, int));    /* also hh, h */
}

static void
put_unsigned(struct sink *k, const struct spec *sp, va_list *ap)
{
    if (is_length(sp, "l"))
        put_value(k, sp->text, va_arg(*ap, unsigned long));
    else if (is_length(sp, "ll"))
        put_value(k, sp->text, va_arg(*ap, unsigned long long));
    else if (is_length(sp, "z"))
        put_value(k, sp->text, va_arg(*ap, size_t));
    else if (is_length(sp, "j"))
        put_value(k, sp->text, va_arg(*ap, uintmax_t));
    else if (is_length(sp, "t"))
        put_value(k, sp->text, va_arg(*ap, ptrdiff_t));
    else
        put_value(k, sp->text, va_arg(*ap, unsigned int));
}

static void
convert(struct sink *k, const struct spec *sp, va_list *ap)
{
    const char *s;
    unsigned char c;

    switch (sp->conv) {
    case 's':
        s = va_arg(*ap, const char *);
        if (s == NULL)
            s = "(null)";
        put_text_spec(k, sp, (const unsigned char *)s,
                      sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) :
                      strlen(s), sp->verbatim);
        break;
    case 'c':
        c = (unsigned char)va_arg(*ap, int);
        put_text_spec(k, sp, &c, 1, false);
        break;
    case 'd': case 'i':
        put_signed(k, sp, ap);
        break;
    case 'u': case 'o': case 'x': case 'X':
        put_unsigned(k, sp, ap);
        break;
    case 'e': case 'E': case 'f': case 'F':
    case 'g': case 'G': case 'a': case 'A':
        if (is_length(sp, "L"))
            put_value(k, sp->text, va_arg(*ap, long double));
        else
            put_value(k, sp->text, va_arg(*ap, double));
        break;
    case 'p':
        put_value(k, sp->text, va_arg(*ap, void *));
        break;
    case 'n':
        (void)va_arg(*ap, void *);      /* never written through */
        break;
    case '%':
        put(k, "%", 1);
        break;
    default:
        put(k, sp->text, strlen(sp->text));
        break;
    }
}

/* Read an int from the format at *P (digits) or from AP ('*'). */
static int
spec_number(const char **p, va_list *ap)
{
    int n = 0;

    if (**p == '*') {
        (*p)++;
        return va_arg(*ap, int);
    }
    for (; **p >= '0' && **p <= '9'; (*p)++)
        if (n < 100000)         /* no overflow; no message is as wide */
            n = n * 10 + (**p - '0');
    return n;
}

/* Parse the conversion after a '%' at P into SP; returns what follows. */
static const char *
parse_spec(const char *p, struct spec *sp, va_list *ap)
{
    char flags[8];
    size_t nflags = 0, nlen = 0;

    memset(sp, 0, sizeof(*sp));
    sp->width = sp->prec = -1;
    while (*p != '\0' && strchr("-+ #0'", *p) != NULL) {
        sp->verbatim = sp->verbatim || *p == '-';
        if (nflags < sizeof(flags) - 1)
            flags[nflags++] = *p;
        p++;
    }
    if (*p == '*' || (*p >= '0' && *p <= '9')) {
        int width = spec_number(&p, ap);

        if (width < 0) {                /* a negative '*' means '-' */
            width = width == INT_MIN ? 0 : -width;
            if (nflags < sizeof(flags) - 1)
                flags[nflags++] = '-';
        }
        sp->width = width;
    }
    flags[nflags] = '\0';
    sp->minus = strchr(flags, '-') != NULL;
    if (*p == '.') {
        p++;
        sp->prec = spec_number(&p, ap);
        if (sp->prec < 0)
            sp->prec = -1;
    }
    while (*p != '\0' && strchr("hlzjtLq", *p) != NULL) {
        if (nlen < sizeof(sp->length) - 1)
            sp->length[nlen++] = *p;
        p++;
    }
    sp->conv = *p;
    /* "%.0d" of 0 prints nothing: no width, or no precision digits. */
    snprintf(sp->text, sizeof(sp->text), "%%%s%.0d%s%.0d%s%c", flags,
             sp->width > 0 ? sp->width : 0,
             sp->prec >= 0 ? "." : "", sp->prec > 0 ? sp->prec : 0,
             sp->length, sp->conv != '\0' ? sp->conv : '%');
    return *p != '\0' ? p + 1 : p;
}

size_t
iad_vformat(char *out, size_t size, const char *fmt, va_list ap)
{
    struct sink k = { out, size, 0 };
    struct spec sp;
    const char *pct;
    va_list args;

    va_copy(args, ap);
    while (*fmt != '\0') {
        pct = strchr(fmt, '%');
        if (pct == NULL) {
            put(&k, fmt, strlen(fmt));
            break;
        }
        put(&k, fmt, (size_t)(pct - fmt));
        fmt = parse_spec(pct + 1, &sp, &args);
        convert(&k, &sp, &args);
    }
    va_end(args);
    if (size > 0)
        out[k.len < size ? k.len : size - 1] = '\0';
    return k.len;
}

size_t
iad_fmt_escape(char *out, size_t size, const char *s, size_t len)
{
    struct sink k = { out, size, 0 };

    put_text(&k, (const unsigned char *)s, len, false);
    if (size > 0)
        out[k.len < size ? k.len : size - 1] = '\0';
    return k.len;
}

size_t
iad_format(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    size_t n;

    va_start(ap, fmt);
    n = iad_vformat(out, size, fmt, ap);
    va_end(ap);
    return n;
}
