/* A growing string, for building filters and messages without overflow. */
#ifndef IAD_BUF_H
#define IAD_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct iad_buf {
    char *data;     /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
    bool failed;    /* an allocation failed: the contents are incomplete */
};

/* Start B empty. */
void iad_buf_init(struct iad_buf *b);

/* Free what B holds. */
void iad_buf_release(struct iad_buf *b);

/* Append the string S. */
void iad_buf_add(struct iad_buf *b, const char *s);

/* Append printf-style text. */
void iad_buf_addf(struct iad_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Hand over the contents (caller frees) and leave B empty; NULL when an
 * allocation failed on the way.
 */
char *iad_buf_steal(struct iad_buf *b);

#endif
