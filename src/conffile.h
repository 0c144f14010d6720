/* Configuration files: ours (key = value) and FreeIPA's default.conf. */
#ifndef IAD_CONFIG_FILE_H
#define IAD_CONFIG_FILE_H

#include <stddef.h>

#include "error.h"
#include "options.h"

#define IAD_DEFAULT_CONFIG "/etc/ipa-acme-dns.conf"
#define IAD_DEFAULT_IPA_CONFDIR "/etc/ipa"
#define IAD_DEFAULT_TIMEOUT 5
#define IAD_DEFAULT_TTL 60
#define IAD_DEFAULT_WAIT_TIMEOUT 120
#define IAD_DEFAULT_DNS_PORT 53
/* FreeIPA's clients ask for at least this much from a SASL layer. */
#define IAD_DEFAULT_MIN_SSF 56
/* Where a FreeIPA server keeps its LDAPI socket, slapd-REALM.socket. */
#define IAD_DEFAULT_IPA_RUNDIR "/run"

/* What we use of FreeIPA's default.conf, section [global]. */
struct iad_ipa_conf {
    char *basedn;
    char *realm;
    char *domain;
    char *server;
    char *host;
    char *ldap_uri;
    char *ca_cert;    /* DIR/ca.crt, when that file exists */
};

/*
 * Parse TEXT, the LEN bytes of our configuration file FILENAME (for
 * messages), into S: "key = value" lines whose keys are long option names,
 * '#' and ';' comments, blank lines.  TEXT must be UTF-8 without control
 * characters but tab and the line end (LF or CR LF).  IAD_ERR_CONFIG on a
 * byte that breaks that rule, an unknown key, an option that files may
 * not set, or a bad value, naming FILENAME:LINE.
 */
enum iad_error iad_config_parse(const char *text, size_t len,
                                const char *filename,
                                struct iad_settings *s);

/* Read and parse the configuration file PATH into S. */
enum iad_error iad_config_load(const char *path, struct iad_settings *s);

/*
 * Parse TEXT, the LEN bytes of a FreeIPA default.conf named FILENAME,
 * into IPA (released first by the caller with iad_ipa_conf_release when
 * reused), as FreeIPA reads it with Python's RawConfigParser: the items
 * of [global], with those of [DEFAULT].  IAD_ERR_CONFIG, naming
 * FILENAME:LINE, on a byte iad_config_parse() refuses too, on what
 * ConfigParser refuses (a line before any section, a line with no '='
 * or ':', a section or key given twice), and on a value of several lines
 * for a key we use.
 */
enum iad_error iad_ipa_conf_parse(const char *text, size_t len,
                                  const char *filename,
                                  struct iad_ipa_conf *ipa);

/*
 * Read DIR/default.conf into IPA; a missing file leaves IPA empty.  Also
 * note DIR/ca.crt, FreeIPA's CA, in IPA->ca_cert when it exists.
 */
enum iad_error iad_ipa_conf_load(const char *dir, struct iad_ipa_conf *ipa);

/* Free what IPA holds and zero it. */
void iad_ipa_conf_release(struct iad_ipa_conf *ipa);

/*
 * The LDAPI socket a FreeIPA server of REALM keeps in RUNDIR,
 * RUNDIR/slapd-<REALM, dots as dashes>.socket, in *PATH_OUT and as an
 * ldapi:// URI in *URI_OUT; the caller frees both.  IAD_ERR_CONFIG for a
 * realm that cannot be part of a file name.
 */
enum iad_error iad_ipa_ldapi(const char *rundir, const char *realm,
                             char **path_out, char **uri_out);

/*
 * Fill what is still unset in S from IPA and built-in defaults: base
 * cn=dns,<basedn>, URI ldap_uri or ldap://<server>, CA file ca_cert,
 * timeout, TTL, least SSF.  IAD_ERR_CONFIG, with a message saying what
 * to set, when no DNS base is known, or no LDAP server and no domain to
 * look its SRV records up in; IAD_ERR_USAGE for --starttls with an
 * ldaps:// or ldapi:// URI.
 */
enum iad_error iad_settings_finish(struct iad_settings *s,
                                   const struct iad_ipa_conf *ipa);

#endif
