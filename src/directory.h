/*
 * The LDAP directory: the only module that calls ldap_*.  The rest of the
 * program sees entries, attributes and values as plain strings.
 */
#ifndef IAD_DIRECTORY_H
#define IAD_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct iad_dir;

struct iad_dir_params {
    char *const *uris;     /* tried in order */
    size_t n_uris;
    long timeout;          /* seconds, for connecting and each operation */
    const char *mech;      /* "GSSAPI", "EXTERNAL" or NULL for the default */
    bool own_creds;        /* GSSAPI uses a ticket from --keytab */
    bool starttls;         /* StartTLS on ldap:// URIs */
    const char *cacert;    /* CA file for TLS; NULL: the system's */
    unsigned min_ssf;      /* least SASL security strength factor */
};

struct iad_dir_attr {
    char *name;
    char **values;
    size_t n_values;
};

struct iad_dir_entry {
    char *dn;
    struct iad_dir_attr *attrs;
    size_t n_attrs;
};

struct iad_dir_result {
    struct iad_dir_entry *entries;
    size_t n_entries;
};

enum iad_dir_scope {
    IAD_SCOPE_BASE,
    IAD_SCOPE_ONE,
    IAD_SCOPE_SUB
};

enum iad_dir_mod_op {
    IAD_MOD_ADD,
    IAD_MOD_DELETE,
    IAD_MOD_REPLACE
};

/* One modification, or one attribute of a new entry. */
struct iad_dir_mod {
    enum iad_dir_mod_op op;
    const char *attr;
    const char *const *values;  /* none with IAD_MOD_DELETE: all values */
    size_t n_values;
};

/*
 * The mechanism used for URI when the user asked for MECH (NULL: none):
 * EXTERNAL over ldapi:// when running as root, else GSSAPI.
 */
const char *iad_dir_mech_for(const char *uri, const char *mech);

/*
 * Connect to the first of the servers in P that answers within the
 * timeout and bind with SASL.  *DIR_OUT is freed with iad_dir_free().
 * IAD_ERR_CONNECT names every URI tried; a failed bind is IAD_ERR_AUTH
 * with the server's or SASL's own words.  Over ldaps:// and with
 * StartTLS the server's certificate must verify against P->cacert and
 * name the host of the URI; when it does not, the servers after it are
 * not tried (IAD_ERR_TLS).
 */
enum iad_error iad_dir_open(const struct iad_dir_params *p,
                            struct iad_dir **dir_out);

/*
 * After an operation on DIR failed with IAD_ERR_SERVER (the server, not
 * the request, was at fault: gone, timed out, busy, unavailable, read-only
 * or referring elsewhere), unbind and go on with the next of its URIs
 * that answers, with a warning naming the server left and why; the
 * caller then does its work again there, looking everything up afresh.
 * When no URI is left, the recorded failure stands: IAD_ERR_SERVER.  The
 * arrays and strings of the parameters DIR was opened with must still be
 * there.
 */
enum iad_error iad_dir_next_server(struct iad_dir *dir);

/* The URI of the server DIR is bound to, owned by DIR. */
const char *iad_dir_uri(const struct iad_dir *dir);

/* Unbind and free DIR; NULL is allowed. */
void iad_dir_free(struct iad_dir *dir);

/*
 * Search; ATTRS is NULL-terminated.  *RES_OUT is freed with
 * iad_dir_result_free().  A missing BASE is IAD_ERR_NO_ENTRY.
 */
enum iad_error iad_dir_search(struct iad_dir *dir, const char *base,
                              enum iad_dir_scope scope, const char *filter,
                              const char *const *attrs,
                              struct iad_dir_result **res_out);

/* Free RES; NULL is allowed. */
void iad_dir_result_free(struct iad_dir_result *res);

/* The attribute NAME (any letter case) of ENTRY, or NULL. */
const struct iad_dir_attr *iad_dir_entry_attr(const struct iad_dir_entry *e,
                                              const char *name);

/*
 * Apply the N modifications MODS to DN in one operation.  The outcomes
 * callers act on come back as IAD_ERR_NO_ENTRY, IAD_ERR_VALUE_EXISTS and
 * IAD_ERR_NO_VALUE; a refusal is IAD_ERR_ACCESS naming DN and attribute.
 */
enum iad_error iad_dir_modify(struct iad_dir *dir, const char *dn,
                              const struct iad_dir_mod *mods, size_t n);

/* Add the entry DN with the N attributes ATTRS (their op is ignored). */
enum iad_error iad_dir_add(struct iad_dir *dir, const char *dn,
                           const struct iad_dir_mod *attrs, size_t n);

/*
 * Delete DN, only if it matches the filter ASSERTION (RFC 4528; NULL for
 * none): IAD_ERR_ASSERTION when it does not, IAD_ERR_NOT_LEAF when it has
 * children.
 */
enum iad_error iad_dir_delete(struct iad_dir *dir, const char *dn,
                              const char *assertion);

/*
 * Whether the server lists the control OID in the supportedControl of
 * its root DSE (read once per connection).
 */
enum iad_error iad_dir_supports_control(struct iad_dir *dir, const char *oid,
                                        bool *yes_out);

/*
 * The names of the attribute types that the server's schema requires or
 * allows on object class OC (its superclasses included), as the schema
 * writes them, in *NAMES_OUT (NULL-terminated, N_OUT of them; free each
 * and the array).  A class the schema lacks allows none.
 */
enum iad_error iad_dir_class_attrs(struct iad_dir *dir, const char *oc,
                                   char ***names_out, size_t *n_out);

/* The OID of the control callers ask about. */
#define IAD_CONTROL_ASSERTION "1.3.6.1.1.12"     /* RFC 4528 */

/*
 * Check, without connecting, that URI is an LDAP URI libldap can use: an
 * ldap://, ldaps:// or ldapi:// scheme, for the first two a host that is a
 * host name, an IPv4 address or an IPv6 address in brackets, and a port
 * of 1 to 65535 when one is given.  IAD_ERR_USAGE with a message naming
 * URI and WHERE (the option or FILE:LINE) otherwise.
 */
enum iad_error iad_dir_check_uri(const char *uri, const char *where);

/*
 * Check, without connecting, that DN is a distinguished name in the
 * string form of RFC 4514.  IAD_ERR_USAGE with a message naming DN and
 * WHERE otherwise.
 */
enum iad_error iad_dir_check_dn(const char *dn, const char *where);

/* VALUE escaped for use in a search filter (RFC 4515); caller frees. */
char *iad_dir_filter_escape(const char *value);

/* The RDN ATTR=VALUE, VALUE escaped as RFC 4514 says; caller frees. */
char *iad_dir_rdn(const char *attr, const char *value);

#endif
