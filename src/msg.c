/* Messages on stderr. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "fmt.h"
#include "msg.h"

int iad_verbosity;

static void
vsay(const char *prefix, const char *fmt, va_list ap)
{
    char line[IAD_FMT_MESSAGE_MAX];

    /* One write for the whole line, so that lines of processes sharing
     * stderr do not mix. */
    iad_vformat(line, sizeof(line), fmt, ap);
    fprintf(stderr, "%s: %s%s\n", IAD_PROGRAM, prefix, line);
}

void
iad_info(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsay("", fmt, ap);
    va_end(ap);
}

void
iad_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsay("warning: ", fmt, ap);
    va_end(ap);
}

void
iad_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsay("", fmt, ap);
    va_end(ap);
}

void
iad_trace(int level, const char *fmt, ...)
{
    va_list ap;

    if (iad_verbosity < level)
        return;
    va_start(ap, fmt);
    vsay("", fmt, ap);
    va_end(ap);
}

long
iad_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
