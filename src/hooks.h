/*
 * The hook conventions of ACME clients (certbot, lego, dehydrated, uacme),
 * turned into what to do: add or remove TXT values at names.  Pure: reads
 * only its arguments and the environment lookup it is given.
 */
#ifndef IAD_HOOKS_H
#define IAD_HOOKS_H

#include <stddef.h>

#include "error.h"

enum iad_hook_op {
    IAD_HOOK_ADD,          /* add the values and wait until served */
    IAD_HOOK_DEL,          /* remove our values */
    IAD_HOOK_NOTHING       /* a handler we have nothing to do for */
};

struct iad_hook_record {
    char *name;            /* as given: "_acme-challenge.example.com." */
    char *value;           /* the TXT value */
};

struct iad_hook_plan {
    enum iad_hook_op op;
    char label[48];        /* "certbot auth", "lego present", ... */
    struct iad_hook_record *records;
    size_t n_records;
};

/* Look up an environment variable; getenv() in the program. */
typedef const char *(*iad_hook_env_fn)(const char *name);

/*
 * Read the call of hook MODE ("certbot", "lego", "dehydrated", "uacme")
 * with its N ARGS (after the mode) and the environment ENV into *PLAN
 * (released with iad_hook_plan_release()).  IAD_ERR_USAGE, with a message
 * that says how the client calls the hook, when the call does not fit;
 * IAD_ERR_DECLINED for a challenge type we do not handle.
 */
enum iad_error iad_hook_parse(const char *mode, int n, char *const *args,
                              iad_hook_env_fn env,
                              struct iad_hook_plan *plan);

/* Free what PLAN holds. */
void iad_hook_plan_release(struct iad_hook_plan *plan);

/* True when WORD names a hook mode. */
int iad_hook_is_mode(const char *word);

#endif
