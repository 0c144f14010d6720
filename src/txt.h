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

/*
 * Size limits of the DNS wire format (RFC 1035 4.1, 4.2.2).  A value of
 * L bytes is written as max(1, ceil(L / 255)) character-strings, each
 * with a length byte, so its RDATA takes L + max(1, ceil(L / 255))
 * bytes, and RDLENGTH (16 bits) allows at most 65535.
 *
 * All the values at a name are one RRset, served in one response, and a
 * message over TCP is at most 65535 bytes (16-bit length prefix).  What a
 * response carries besides the TXT records is counted at its largest:
 *   header                                                     12
 *   question: longest name (255) + type + class                 259
 *   one CNAME, which the tool follows to the name it writes at:
 *     owner (a pointer) 2 + type, class, TTL, RDLENGTH 10
 *     + longest target 255                                      267
 *   EDNS OPT record 11 + COOKIE option 4 + 8 + 32 (longest)      55
 * that is IAD_TXT_RESPONSE_FIXED = 593 bytes; each TXT record then takes
 * IAD_TXT_RR_FIXED = 12 bytes (owner compressed to a 2-byte pointer,
 * type, class, TTL, RDLENGTH) plus its RDATA.  So N values fit when
 *   593 + sum over the values of (12 + RDATA) <= 65535,
 * and one value alone may have at most 64676 bytes (RDATA 64930).
 */
#define IAD_TXT_RDATA_MAX 65535
#define IAD_TXT_MESSAGE_MAX 65535
#define IAD_TXT_RESPONSE_FIXED (12 + 259 + 267 + 55)
#define IAD_TXT_RR_FIXED 12

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

/* Bytes of the TXT RDATA of a value of LEN bytes (see above). */
size_t iad_txt_rdata_len(size_t len);

/*
 * Check that the N values (NUL-terminated raw bytes, as given to add)
 * fit in DNS: each one's RDATA in 65535 bytes, and all their records
 * together in one response, by the formula above.  Values stored at the
 * name by other writers are not counted.  Fails with
 * IAD_ERR_INVALID_VALUE and a message saying which limit.
 */
enum iad_error iad_txt_check_size(char *const *values, size_t n);

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
