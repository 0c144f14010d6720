/*
 * Options: one table feeds getopt_long, --help and the configuration
 * files, whose keys are the long option names.
 */
#ifndef IAD_OPTIONS_H
#define IAD_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

enum iad_opt_id {
    IAD_OPT_URI = 'H',
    IAD_OPT_BASE = 'b',
    IAD_OPT_CONFIG = 'c',
    IAD_OPT_DRY_RUN = 'n',
    IAD_OPT_VERBOSE = 'v',
    IAD_OPT_HELP = 'h',
    IAD_OPT_VERSION = 'V',
    IAD_OPT_TIMEOUT = 256,
    IAD_OPT_KEYTAB,
    IAD_OPT_PRINCIPAL,
    IAD_OPT_MECH,
    IAD_OPT_IPA_CONFDIR,
    IAD_OPT_TTL,
    IAD_OPT_ANY_NAME,
    IAD_OPT_JSON,
    IAD_OPT_ALL,
    IAD_OPT_NO_WAIT,
    IAD_OPT_WAIT,
    IAD_OPT_WAIT_TIMEOUT,
    IAD_OPT_NAMESERVER,
    IAD_OPT_DNS_PORT,
    IAD_OPT_MIN_SERVERS,
    IAD_OPT_NO_FOLLOW_CNAME,
    IAD_OPT_RESOLVER,
    IAD_OPT_STARTTLS,
    IAD_OPT_CACERT,
    IAD_OPT_MIN_SSF,
    IAD_OPT_IPA_RUNDIR,
    IAD_OPT_OLDER_THAN
};

/* The option may also be set in a configuration file. */
#define IAD_OPTF_CONFIG 0x1

struct iad_option_def {
    const char *name;     /* long name and configuration key */
    int short_name;       /* 0 when there is none */
    enum iad_opt_id id;
    const char *arg;      /* name of the argument, NULL for a flag */
    unsigned flags;
    const char *help;
};

extern const struct iad_option_def iad_option_defs[];
extern const size_t iad_n_option_defs;

#define IAD_UNSET (-1)

/* Everything the options and files can set; IAD_UNSET or NULL when unset. */
struct iad_settings {
    char **uris;
    size_t n_uris;
    char *base;
    char *keytab;
    char *principal;
    char *mech;           /* "GSSAPI" or "EXTERNAL" */
    char *config;
    char *ipa_confdir;
    char *ipa_rundir;     /* where a FreeIPA server's LDAPI socket is */
    int starttls;
    char *cacert;         /* CA file for TLS; NULL: the system's */
    long min_ssf;         /* least SASL security strength factor */
    long timeout;         /* seconds */
    long ttl;
    char **nameservers;   /* --nameserver HOST[:PORT] */
    size_t n_nameservers;
    long wait_timeout;    /* seconds */
    long dns_port;
    char *resolver;       /* --resolver HOST[:PORT], NULL: resolv.conf */
    long min_servers;
    int no_wait;
    int wait;
    int no_follow_cname;
    int any_name;
    int dry_run;
    int json;
    int all;
    long older_than;      /* prune: seconds; IAD_UNSET: the default */
    int verbose;
    bool help;
    bool version;
};

/* Set every field of S to unset. */
void iad_settings_init(struct iad_settings *s);

/* Free what S holds (not S itself). */
void iad_settings_release(struct iad_settings *s);

/*
 * Apply option DEF with argument VALUE (NULL for a flag) to S; WHERE names
 * the source for messages ("--ttl", "FILE:LINE").  A later --uri adds to
 * the list; other options replace.  IAD_ERR_USAGE on a bad value.
 */
enum iad_error iad_settings_set(struct iad_settings *s,
                                const struct iad_option_def *def,
                                const char *value, const char *where);

/* The definition of the long option NAME, or NULL. */
const struct iad_option_def *iad_option_find(const char *name);

/*
 * Parse the options of ARGV from *INDEX on into S, stopping at the first
 * operand or after "--"; *INDEX is left on the first operand.  Options may
 * stand before and after the command word, so this is called once for
 * each.  IAD_ERR_USAGE on an unknown option or a bad value.
 */
enum iad_error iad_options_parse(int argc, char **argv, int *index,
                                 struct iad_settings *s);

/*
 * Fill what is unset in DST from SRC (a configuration file's settings).
 * The URI list is taken whole, only when DST has none.
 */
enum iad_error iad_settings_merge(struct iad_settings *dst,
                                  const struct iad_settings *src);

/* The age prune looks for when --older-than is not given: a day. */
#define IAD_DEFAULT_OLDER_THAN (24L * 3600)
/* The longest --older-than: ten years. */
#define IAD_OLDER_THAN_MAX (3650L * 86400)

/*
 * Parse a duration TEXT: a whole number of seconds, or a number followed
 * by one of the units s, m, h, d (seconds, minutes, hours, days), from 1
 * second to IAD_OLDER_THAN_MAX, in *SECONDS_OUT.  IAD_ERR_USAGE with a
 * message naming TEXT and WHERE (the option) otherwise.
 */
enum iad_error iad_parse_duration(const char *text, const char *where,
                                  long *seconds_out);

/* Write the --help text to F. */
void iad_usage(FILE *f);

#endif
