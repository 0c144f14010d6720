/* Catching SIGINT and SIGTERM during the wait. */
#include "config.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "interrupt.h"

static volatile sig_atomic_t caught;
/* What SIGINT and SIGTERM did before iad_interrupt_catch(). */
static struct sigaction saved[2];
static const int signals[2] = { SIGINT, SIGTERM };

static void
on_signal(int sig)
{
    caught = sig;
}

void
iad_interrupt_catch(void)
{
    struct sigaction sa;
    size_t i;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: poll() must return to look at the flag. */
    sa.sa_flags = 0;
    for (i = 0; i < 2; i++) {
        sigaction(signals[i], NULL, &saved[i]);
        /* Ignored by whoever started us (a shell's background job):
         * keep it so. */
        if (saved[i].sa_handler != SIG_IGN)
            sigaction(signals[i], &sa, NULL);
    }
}

void
iad_interrupt_release(void)
{
    size_t i;

    for (i = 0; i < 2; i++)
        sigaction(signals[i], &saved[i], NULL);
}

int
iad_interrupted(void)
{
    return (int)caught;
}
