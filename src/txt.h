/*
 * TXT values as bind-dyndb-ldap stores them: each tXTRecord value is the
 * rdata in master-file text, read by BIND's master-file parser relative to
 * the zone.
 */
#ifndef IAD_TXT_H
#define IAD_TXT_H

#include <stddef.h>

#include "error.h"

/* The largest character-string in TXT rdata (RFC 1035 3.3). */
#define IAD_TXT_STRING_MAX 255

/* A decoded TXT rdata: its character-strings. */
struct iad_txt {
    unsigned char *data;  /* the strings back to back, NUL-terminated */
    size_t len;           /* bytes in data, without the final NUL */
    size_t n_strings;
    size_t *lengths;      /* length of each string, n_strings entries */
};

/*
 * Check a value given by the user: non-empty, without NUL (LEN counts the
 * bytes), carriage return or newline.  Fails with IAD_ERR_INVALID_VALUE.
 */
enum iad_error iad_txt_check(const char *value, size_t len);

/*
 * Master-file text for the LEN bytes at VALUE: always quoted, '"' and '\'
 * escaped, bytes outside printable ASCII as \DDD, split into strings of at
 * most 255 bytes.  *TEXT_OUT is allocated (caller frees).
 */
enum iad_error iad_txt_encode(const unsigned char *value, size_t len,
                              char **text_out);

/*
 * Parse TEXT as BIND's master-file parser reads TXT rdata: quoted and bare
 * character-strings, \X and \DDD escapes, ( ) grouping, ';' comments.  An
 * empty rdata or a string over 255 bytes is an error
 * (IAD_ERR_INVALID_VALUE, with a message).  *TXT_OUT is allocated and
 * freed with iad_txt_free().
 */
enum iad_error iad_txt_decode(const char *text, struct iad_txt **txt_out);

/* Free TXT; NULL is allowed. */
void iad_txt_free(struct iad_txt *txt);

#endif
