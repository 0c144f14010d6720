/* Kerberos credentials: the only module that calls krb5_* and gss_*. */
#ifndef IAD_KRB_H
#define IAD_KRB_H

#include <stddef.h>

#include "error.h"

struct iad_krb;

/*
 * Get a ticket for PRINCIPAL (NULL: the first principal in the keytab)
 * from KEYTAB into a private in-memory credential cache, never touching
 * the user's cache, and make that cache the one GSSAPI uses in this
 * thread until iad_krb_free(), which frees *KRB_OUT.  Fails with
 * IAD_ERR_AUTH and the Kerberos library's own words.
 */
enum iad_error iad_krb_from_keytab(const char *keytab, const char *principal,
                                   struct iad_krb **krb_out);

/* The client principal of KRB as text, owned by KRB. */
const char *iad_krb_principal(const struct iad_krb *krb);

/*
 * After a GSSAPI bind without a keytab failed: what GSSAPI's default
 * credentials are, for the message, in HINT of SIZE bytes: " (no Kerberos
 * credentials: run kinit or pass --keytab)", or " (as 'PRINCIPAL')", and
 * with ASK_KDC also which KDCs krb5.conf names for its realm.
 */
void iad_krb_describe_default(int ask_kdc, char *hint, size_t size);

/* Destroy the private cache and free KRB; NULL is allowed. */
void iad_krb_free(struct iad_krb *krb);

#endif
