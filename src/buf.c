/* A growing string. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
iad_buf_init(struct iad_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void
iad_buf_release(struct iad_buf *b)
{
    free(b->data);
    iad_buf_init(b);
}

static bool
reserve(struct iad_buf *b, size_t more)
{
    size_t cap;
    char *data;

    if (b->failed)
        return false;
    if (b->len + more + 1 <= b->cap)
        return true;
    cap = b->cap ? b->cap : 64;
    while (cap < b->len + more + 1)
        cap *= 2;
    data = realloc(b->data, cap);
    if (data == NULL) {
        b->failed = true;
        return false;
    }
    b->data = data;
    b->cap = cap;
    return true;
}

void
iad_buf_add(struct iad_buf *b, const char *s)
{
    size_t n = strlen(s);

    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n + 1);
    b->len += n;
}

void
iad_buf_addf(struct iad_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *
iad_buf_steal(struct iad_buf *b)
{
    char *data;

    if (b->failed) {
        iad_buf_release(b);
        return NULL;
    }
    if (b->data == NULL)
        iad_buf_add(b, "");
    data = b->data;
    iad_buf_init(b);
    return data;
}
