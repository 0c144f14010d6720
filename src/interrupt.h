/*
 * SIGINT and SIGTERM while the tool waits for the name servers: caught,
 * so that the wait can stop and say what it leaves in the directory.
 * Elsewhere they keep their default action, and an LDAP change is either
 * applied by the server or not at all.
 */
#ifndef IAD_INTERRUPT_H
#define IAD_INTERRUPT_H

/*
 * Catch SIGINT and SIGTERM without SA_RESTART, so that a blocking poll()
 * or nanosleep() returns EINTR, until iad_interrupt_release().  A signal
 * caught during an earlier catch is remembered; one that the parent
 * ignores stays ignored.
 */
void iad_interrupt_catch(void);

/* Give SIGINT and SIGTERM the actions they had before the catch. */
void iad_interrupt_release(void);

/* The last signal caught, or 0. */
int iad_interrupted(void);

#endif
