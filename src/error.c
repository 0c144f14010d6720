/* The program's error type, its messages and its exit codes. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "fmt.h"
#include "interrupt.h"

static char last_message[IAD_FMT_MESSAGE_MAX];

static const char *const descriptions[] = {
    [IAD_ERR_NOMEM - IAD_ERR_BASE] = "out of memory",
    [IAD_ERR_USAGE - IAD_ERR_BASE] = "invalid usage",
    [IAD_ERR_CONFIG - IAD_ERR_BASE] = "invalid configuration",
    [IAD_ERR_INVALID_NAME - IAD_ERR_BASE] = "invalid DNS name",
    [IAD_ERR_INVALID_VALUE - IAD_ERR_BASE] = "invalid TXT value",
    [IAD_ERR_NO_ZONE - IAD_ERR_BASE] = "name is in no zone",
    [IAD_ERR_ZONE_DISABLED - IAD_ERR_BASE] = "zone is disabled",
    [IAD_ERR_DELEGATED - IAD_ERR_BASE] = "name is delegated",
    [IAD_ERR_CONNECT - IAD_ERR_BASE] = "cannot reach an LDAP server",
    [IAD_ERR_AUTH - IAD_ERR_BASE] = "authentication failed",
    [IAD_ERR_ACCESS - IAD_ERR_BASE] = "insufficient access",
    [IAD_ERR_CONFLICT - IAD_ERR_BASE] = "conflicting value",
    [IAD_ERR_LDAP - IAD_ERR_BASE] = "LDAP operation failed",
    [IAD_ERR_KRB5 - IAD_ERR_BASE] = "Kerberos failure",
    [IAD_ERR_IO - IAD_ERR_BASE] = "input or output error",
    [IAD_ERR_TIMEOUT - IAD_ERR_BASE] = "timed out",
    [IAD_ERR_DNS - IAD_ERR_BASE] = "DNS failure",
    [IAD_ERR_INTERNAL - IAD_ERR_BASE] = "internal error",
    [IAD_ERR_DECLINED - IAD_ERR_BASE] = "challenge type not handled",
    [IAD_ERR_TLS - IAD_ERR_BASE] = "TLS failure",
    [IAD_ERR_INTERRUPTED - IAD_ERR_BASE] = "interrupted",
    [IAD_ERR_SERVER - IAD_ERR_BASE] = "the LDAP server failed",
    [IAD_ERR_NO_ENTRY - IAD_ERR_BASE] = "no such entry",
    [IAD_ERR_EXISTS - IAD_ERR_BASE] = "entry already exists",
    [IAD_ERR_VALUE_EXISTS - IAD_ERR_BASE] = "value already exists",
    [IAD_ERR_NO_VALUE - IAD_ERR_BASE] = "no such value",
    [IAD_ERR_ASSERTION - IAD_ERR_BASE] = "assertion failed",
    [IAD_ERR_NOT_LEAF - IAD_ERR_BASE] = "entry has children",
};

const char *
iad_strerror(enum iad_error err)
{
    if (err == IAD_OK)
        return "success";
    if (err > IAD_ERR_BASE && err < IAD_ERR_LAST &&
        descriptions[err - IAD_ERR_BASE] != NULL)
        return descriptions[err - IAD_ERR_BASE];
    return "unknown error";
}

enum iad_exit
iad_exit_code(enum iad_error err)
{
    switch (err) {
    case IAD_OK:
        return IAD_EXIT_OK;
    case IAD_ERR_USAGE:
    case IAD_ERR_CONFIG:
    case IAD_ERR_INVALID_NAME:
    case IAD_ERR_INVALID_VALUE:
        return IAD_EXIT_USAGE;
    case IAD_ERR_AUTH:
        return IAD_EXIT_AUTH;
    case IAD_ERR_ACCESS:
        return IAD_EXIT_ACCESS;
    case IAD_ERR_TIMEOUT:
        return IAD_EXIT_TIMEOUT;
    case IAD_ERR_INTERRUPTED:
        return iad_interrupted() == SIGTERM ? IAD_EXIT_SIGTERM :
               IAD_EXIT_SIGINT;
    default:
        return IAD_EXIT_FAILED;
    }
}

enum iad_error
iad_fail(enum iad_error err, const char *fmt, ...)
{
    char message[sizeof(last_message)];
    va_list ap;

    /* Built aside first: an argument may be the message recorded before
     * (iad_error_message(), with "%-s"). */
    va_start(ap, fmt);
    iad_vformat(message, sizeof(message), fmt, ap);
    va_end(ap);
    memcpy(last_message, message, sizeof(last_message));
    return err;
}

enum iad_error
iad_fail_append(enum iad_error err, const char *fmt, ...)
{
    size_t used = strlen(last_message);
    va_list ap;

    va_start(ap, fmt);
    iad_vformat(last_message + used, sizeof(last_message) - used, fmt, ap);
    va_end(ap);
    return err;
}

const char *
iad_error_message(enum iad_error err)
{
    if (last_message[0] != '\0')
        return last_message;
    return iad_strerror(err);
}

void
iad_error_clear(void)
{
    last_message[0] = '\0';
}
