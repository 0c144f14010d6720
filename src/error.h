/* One error type for the whole program, and its messages. */
#ifndef IAD_ERROR_H
#define IAD_ERROR_H

#include <stdarg.h>

/* Our own number range, so that a code can never be mistaken for errno. */
#define IAD_ERR_BASE 0x1AD00000

enum iad_error {
    IAD_OK = 0,
    IAD_ERR_NOMEM = IAD_ERR_BASE + 1,
    IAD_ERR_USAGE,          /* bad command line */
    IAD_ERR_CONFIG,         /* bad or missing configuration */
    IAD_ERR_INVALID_NAME,   /* NAME is not a usable DNS name */
    IAD_ERR_INVALID_VALUE,  /* a TXT value we refuse to write */
    IAD_ERR_NO_ZONE,        /* NAME is in no zone of the directory */
    IAD_ERR_ZONE_DISABLED,  /* the zone that holds NAME is disabled */
    IAD_ERR_DELEGATED,      /* NAME is at or below a delegation */
    IAD_ERR_CONNECT,        /* no LDAP server could be reached */
    IAD_ERR_AUTH,           /* the bind itself failed */
    IAD_ERR_ACCESS,         /* the directory refused a read or write */
    IAD_ERR_CONFLICT,       /* a value differing only in case exists */
    IAD_ERR_LDAP,           /* any other LDAP failure */
    IAD_ERR_KRB5,           /* a Kerberos failure other than the above */
    IAD_ERR_IO,             /* reading a file failed */
    IAD_ERR_TIMEOUT,        /* waiting for DNS timed out */
    IAD_ERR_DNS,            /* a DNS failure */
    IAD_ERR_INTERNAL,
    IAD_ERR_DECLINED,       /* a hook call for a challenge we do not do */
    IAD_ERR_TLS,            /* TLS failed: an unverified certificate */
    IAD_ERR_INTERRUPTED,    /* SIGINT or SIGTERM during the wait */
    IAD_ERR_SERVER,         /* the LDAP server, not the request, failed */
    /* Outcomes of single LDAP operations that callers act upon. */
    IAD_ERR_NO_ENTRY,       /* noSuchObject */
    IAD_ERR_EXISTS,         /* entryAlreadyExists */
    IAD_ERR_VALUE_EXISTS,   /* attributeOrValueExists */
    IAD_ERR_NO_VALUE,       /* noSuchAttribute */
    IAD_ERR_ASSERTION,      /* assertionFailed (RFC 4528) */
    IAD_ERR_NOT_LEAF,       /* notAllowedOnNonLeaf */
    IAD_ERR_LAST
};

/* The exit codes of the program: part of its interface. */
enum iad_exit {
    IAD_EXIT_OK = 0,
    IAD_EXIT_FAILED = 1,
    IAD_EXIT_USAGE = 2,
    IAD_EXIT_AUTH = 3,
    IAD_EXIT_ACCESS = 4,
    IAD_EXIT_TIMEOUT = 5,
    /* Interrupted during the wait: 128 + the signal, as shells report. */
    IAD_EXIT_SIGINT = 130,
    IAD_EXIT_SIGTERM = 143
};

/* A short static description of ERR; never NULL. */
const char *iad_strerror(enum iad_error err);

/* The exit status the program ends with after failing with ERR. */
enum iad_exit iad_exit_code(enum iad_error err);

/*
 * Record the message the user will see for the error being returned,
 * replacing any earlier one, and return ERR so that callers can write
 * "return iad_fail(IAD_ERR_X, ...)".  The text follows the house style:
 * lowercase, no full stop, the subject quoted.  It is formatted by
 * iad_vformat() (fmt.h): every %s argument is escaped and shortened, so
 * raw input can be given as it is; a message recorded before (from
 * iad_error_message()) goes in with "%-s", which neither shortens it nor
 * escapes it a second time.
 */
enum iad_error iad_fail(enum iad_error err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Add the text FMT makes to the end of the message recorded for ERR, and
 * return ERR: for a caller that knows more about the failure than the
 * module that recorded it.
 */
enum iad_error iad_fail_append(enum iad_error err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The message recorded by the last iad_fail(), or iad_strerror(ERR) when
 * none was recorded since iad_error_clear().  The result is owned by this
 * module and valid until the next call to iad_fail().  It is one line,
 * already escaped: print it with "%-s".
 */
const char *iad_error_message(enum iad_error err);

/* Forget the recorded message. */
void iad_error_clear(void);

#endif
