/* Messages on stderr, in the house style: "ipa-acme-dns: text". */
#ifndef IAD_MSG_H
#define IAD_MSG_H

#define IAD_PROGRAM "ipa-acme-dns"

/*
 * Each function below formats with iad_vformat() (fmt.h): %s arguments
 * are escaped and shortened, so every message is one line whatever the
 * input; "%-s" is for a message already formatted (iad_error_message()).
 */

/* How much to say: 0 normal, 1 with -v (each LDAP operation), 2 with -vv. */
extern int iad_verbosity;

/* A line about what was done, always shown. */
void iad_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A problem that does not stop the program. */
void iad_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The one line that explains why the program failed. */
void iad_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A trace line, shown only when iad_verbosity >= LEVEL. */
void iad_trace(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Milliseconds on a monotonic clock, for measuring durations. */
long iad_now_ms(void);

#endif
