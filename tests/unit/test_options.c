/*
 * The command line: what each option sets, where parsing stops, what is
 * refused, and how the configuration file's settings fill the gaps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "directory.h"
#include "error.h"
#include "options.h"

#define MAX_ARGS 16

struct cmdline {
    int argc;
    char *argv[MAX_ARGS + 1];
    struct iad_settings s;
};

/*
 * Forget what getopt remembers from an earlier argument vector (a half
 * read "-abc"), as a new process would.
 */
static void
reset_getopt(void)
{
    char *argv[] = { "test", NULL };

    optind = 0;
    opterr = 0;
    (void)getopt(1, argv, "+");
}

/* Set up C with the program name and the NULL-terminated arguments. */
static void
cmdline_init(struct cmdline *c, ...)
{
    const char *arg;
    va_list ap;

    memset(c, 0, sizeof(*c));
    c->argv[c->argc++] = strdup("ipa-acme-dns");
    va_start(ap, c);
    while ((arg = va_arg(ap, const char *)) != NULL) {
        assert_true(c->argc < MAX_ARGS);
        c->argv[c->argc] = strdup(arg);
        assert_non_null(c->argv[c->argc]);
        c->argc++;
    }
    va_end(ap);
    iad_settings_init(&c->s);
    reset_getopt();
    iad_error_clear();
}

static void
cmdline_release(struct cmdline *c)
{
    int i;

    for (i = 0; i < c->argc; i++)
        free(c->argv[i]);
    iad_settings_release(&c->s);
}

static enum iad_error
parse_from(struct cmdline *c, int *index)
{
    return iad_options_parse(c->argc, c->argv, index, &c->s);
}

/* Parse C from the start; expect success and return the stop index. */
static int
parse_ok(struct cmdline *c)
{
    int index = 1;
    enum iad_error ret = parse_from(c, &index);

    if (ret != IAD_OK)
        fail_msg("parsing failed: %s", iad_error_message(ret));
    return index;
}

/* Parse C from the start; expect IAD_ERR_USAGE and WHAT in the message. */
static void
parse_refused(struct cmdline *c, const char *what)
{
    int index = 1;
    enum iad_error ret = parse_from(c, &index);

    assert_int_equal(ret, IAD_ERR_USAGE);
    if (strstr(iad_error_message(ret), what) == NULL)
        fail_msg("message '%s' does not mention '%s'",
                 iad_error_message(ret), what);
}

static void
test_short_forms(void **state)
{
    struct cmdline c;

    (void)state;
    cmdline_init(&c, "-H", "ldap://a.example", "-b", "cn=dns,dc=x", "-c",
                 "/tmp/x.conf", "-n", "-v", "-v", "add", NULL);
    assert_int_equal(parse_ok(&c), 10);
    assert_int_equal(c.s.n_uris, 1);
    assert_string_equal(c.s.uris[0], "ldap://a.example");
    assert_string_equal(c.s.base, "cn=dns,dc=x");
    assert_string_equal(c.s.config, "/tmp/x.conf");
    assert_int_equal(c.s.dry_run, 1);
    assert_int_equal(c.s.verbose, 2);
    cmdline_release(&c);

    /* Clustered flags and an attached argument. */
    cmdline_init(&c, "-nvHldap://b.example", "show", NULL);
    assert_int_equal(parse_ok(&c), 2);
    assert_int_equal(c.s.dry_run, 1);
    assert_int_equal(c.s.verbose, 1);
    assert_int_equal(c.s.n_uris, 1);
    assert_string_equal(c.s.uris[0], "ldap://b.example");
    cmdline_release(&c);

    cmdline_init(&c, "-h", NULL);
    parse_ok(&c);
    assert_true(c.s.help);
    assert_false(c.s.version);
    cmdline_release(&c);

    cmdline_init(&c, "-V", NULL);
    parse_ok(&c);
    assert_true(c.s.version);
    cmdline_release(&c);
}

static void
test_long_forms(void **state)
{
    struct cmdline c;

    (void)state;
    cmdline_init(&c, "--uri", "ldaps://a.example", "--base=cn=dns,dc=y",
                 "--timeout", "7", "--keytab", "/etc/k.keytab",
                 "--principal", "acme/h@EX", "--ttl=120", "--any-name",
                 "--all", "--json", "--dry-run", "--verbose", NULL);
    assert_int_equal(parse_ok(&c), c.argc);
    assert_string_equal(c.s.uris[0], "ldaps://a.example");
    assert_string_equal(c.s.base, "cn=dns,dc=y");
    assert_int_equal(c.s.timeout, 7);
    assert_string_equal(c.s.keytab, "/etc/k.keytab");
    assert_string_equal(c.s.principal, "acme/h@EX");
    assert_int_equal(c.s.ttl, 120);
    assert_int_equal(c.s.any_name, 1);
    assert_int_equal(c.s.all, 1);
    assert_int_equal(c.s.json, 1);
    assert_int_equal(c.s.dry_run, 1);
    assert_int_equal(c.s.verbose, 1);
    cmdline_release(&c);

    cmdline_init(&c, "--mech", "EXTERNAL", "--ipa-confdir", "/tmp/ipa",
                 "--config", "/tmp/c", "--help", "--version", NULL);
    parse_ok(&c);
    assert_string_equal(c.s.mech, "EXTERNAL");
    assert_string_equal(c.s.ipa_confdir, "/tmp/ipa");
    assert_string_equal(c.s.config, "/tmp/c");
    assert_true(c.s.help);
    assert_true(c.s.version);
    cmdline_release(&c);
}

static void
test_unset_stays_unset(void **state)
{
    struct cmdline c;

    (void)state;
    cmdline_init(&c, "zones", NULL);
    assert_int_equal(parse_ok(&c), 1);
    assert_int_equal(c.s.n_uris, 0);
    assert_null(c.s.base);
    assert_int_equal(c.s.timeout, IAD_UNSET);
    assert_int_equal(c.s.ttl, IAD_UNSET);
    assert_int_equal(c.s.any_name, IAD_UNSET);
    assert_int_equal(c.s.verbose, IAD_UNSET);
    cmdline_release(&c);
}

static void
test_repeated_uri_accumulates(void **state)
{
    struct cmdline c;

    (void)state;
    cmdline_init(&c, "-H", "ldap://one.example", "--uri",
                 "ldapi://%2fvar%2frun%2fslapd.socket", "-H",
                 "ldaps://three.example", NULL);
    parse_ok(&c);
    assert_int_equal(c.s.n_uris, 3);
    /* Tried in the order given. */
    assert_string_equal(c.s.uris[0], "ldap://one.example");
    assert_string_equal(c.s.uris[1], "ldapi://%2fvar%2frun%2fslapd.socket");
    assert_string_equal(c.s.uris[2], "ldaps://three.example");
    cmdline_release(&c);
}

static void
test_bad_uri(void **state)
{
    struct cmdline c;

    (void)state;
    cmdline_init(&c, "-H", "http://a.example", NULL);
    parse_refused(&c, "'http://a.example'");
    cmdline_release(&c);
    cmdline_init(&c, "-H", "a.example", NULL);
    parse_refused(&c, "ldap://");
    cmdline_release(&c);
}

/* WHY is in the message of the refusal of URI, which names it. */
static void
uri_refused(const char *uri, const char *why)
{
    const char *msg;

    assert_int_equal(iad_dir_check_uri(uri, "--uri"), IAD_ERR_USAGE);
    msg = iad_error_message(IAD_ERR_USAGE);
    assert_non_null(strstr(msg, uri));
    if (strstr(msg, why) == NULL)
        fail_msg("'%s' lacks '%s'", msg, why);
}

/*
 * A host or port libldap cannot use is a usage error found before any
 * connection; libldap itself takes port 0 for its default and wraps
 * 4294967297 to 1.
 */
static void
test_uri_host_and_port(void **state)
{
    static const char *const good[] = {
        "ldap://localhost", "ldap://localhost:389", "ldap://localhost:1/",
        "ldaps://ipa.example.test:65535", "ldap://127.0.0.1:3389",
        "ldap://[::1]", "ldap://[::1]:389", "ldap://[2001:db8::1]:636/",
        "ldap://", "ldap://ipa.example.test.", "LDAP://IPA.Example.Test",
        "ldapi://%2Frun%2Fslapd-EXAMPLE-TEST.socket", "ldapi://",
    };
    struct cmdline c;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        if (iad_dir_check_uri(good[i], "--uri") != IAD_OK)
            fail_msg("'%s' refused: %s", good[i],
                     iad_error_message(IAD_ERR_USAGE));
    }
    uri_refused("ldap://localhost:99999", "port must be 1 to 65535");
    uri_refused("ldap://localhost:0", "port must be 1 to 65535");
    uri_refused("ldap://localhost:65536", "port must be 1 to 65535");
    uri_refused("ldap://localhost:4294967297", "port must be 1 to 65535");
    uri_refused("ldap://localhost:-1", "port must be 1 to 65535");
    uri_refused("ldap://localhost:+389", "port must be 1 to 65535");
    uri_refused("ldap://localhost:/", "LDAP URI");
    uri_refused("ldap://[::1]:0", "port must be 1 to 65535");
    uri_refused("ldap://localhost:x", "not an LDAP URI");
    uri_refused("ldap://[zz]", "not an IPv6 address");
    uri_refused("ldap://[192.0.2.1]", "not an IPv6 address");
    uri_refused("ldap://[]", "IPv6 address in brackets");
    uri_refused("ldap://[::1", "LDAP URI");
    uri_refused("ldap://[::1]x", "after ']'");
    uri_refused("ldap://a b", "not a host name");
    uri_refused("ldap://a..b", "not a host name");
    uri_refused("ldap://ho%00st", "not a host name");
    uri_refused("ldaps://ho,st", "not a host name");

    /* Refused as it is set, so that nothing is kept. */
    cmdline_init(&c, "-H", "ldap://localhost:99999", NULL);
    parse_refused(&c, "'ldap://localhost:99999' for --uri");
    assert_int_equal(c.s.n_uris, 0);
    cmdline_release(&c);
}

static void
test_bad_base_dn(void **state)
{
    static const char *const bad[] = { "foo", "cn=dns,,dc=x", "cn=dns,",
                                       "=x", "cn=a\\", "cn=dns;dc=x,",
                                       "cn=a,dc=\"x" };
    static const char *const good[] = { "cn=dns,dc=example,dc=com",
                                        "cn=dns,dc=x", "cn=a+uid=b,dc=x",
                                        "cn=a\\,b,dc=x", "CN=DNS,DC=X",
                                        "cn=dns, dc=x" };
    const struct iad_option_def *base = iad_option_find("base");
    struct iad_settings s;
    struct cmdline c;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        if (iad_dir_check_dn(good[i], "--base") != IAD_OK)
            fail_msg("'%s' refused: %s", good[i],
                     iad_error_message(IAD_ERR_USAGE));
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(iad_dir_check_dn(bad[i], "--base"), IAD_ERR_USAGE);
        assert_non_null(strstr(iad_error_message(IAD_ERR_USAGE), bad[i]));
    }
    cmdline_init(&c, "-b", "foo", NULL);
    parse_refused(&c, "invalid DN 'foo' for --base");
    assert_null(c.s.base);
    cmdline_release(&c);
    iad_settings_init(&s);
    assert_int_equal(iad_settings_set(&s, base, "cn=dns,", "x.conf:2"),
                     IAD_ERR_USAGE);
    assert_non_null(strstr(iad_error_message(IAD_ERR_USAGE), "x.conf:2"));
    iad_settings_release(&s);
}

static void
test_stops_at_first_operand(void **state)
{
    struct cmdline c;
    int index;

    (void)state;
    /* Before the command word. */
    cmdline_init(&c, "-v", "add", "-n", "_acme-challenge.x.example", "-abc",
                 NULL);
    index = parse_ok(&c);
    assert_int_equal(index, 2);
    assert_string_equal(c.argv[index], "add");
    assert_int_equal(c.s.dry_run, IAD_UNSET);

    /* After it: a value beginning with '-' that follows NAME is a value. */
    index++;
    assert_int_equal(parse_from(&c, &index), IAD_OK);
    assert_int_equal(index, 4);
    assert_string_equal(c.argv[index], "_acme-challenge.x.example");
    assert_string_equal(c.argv[index + 1], "-abc");
    assert_int_equal(c.s.dry_run, 1);
    assert_int_equal(c.s.all, IAD_UNSET);
    cmdline_release(&c);
}

static void
test_double_dash(void **state)
{
    struct cmdline c;
    int index;

    (void)state;
    cmdline_init(&c, "del", "-n", "--", "--all", "-x", NULL);
    index = 2;
    assert_int_equal(parse_from(&c, &index), IAD_OK);
    assert_int_equal(index, 4);
    assert_string_equal(c.argv[index], "--all");
    assert_int_equal(c.s.all, IAD_UNSET);
    assert_int_equal(c.s.dry_run, 1);
    cmdline_release(&c);
}

static void
test_unknown_option(void **state)
{
    struct cmdline c;
    int index;

    (void)state;
    cmdline_init(&c, "--bogus", NULL);
    parse_refused(&c, "unknown option '--bogus'");
    cmdline_release(&c);

    cmdline_init(&c, "-Z", NULL);
    parse_refused(&c, "unknown option '-Z'");
    cmdline_release(&c);

    /* An unknown option after the command word, too. */
    cmdline_init(&c, "add", "--frob", NULL);
    index = 2;
    assert_int_equal(parse_from(&c, &index), IAD_ERR_USAGE);
    assert_non_null(strstr(iad_error_message(IAD_ERR_USAGE), "'--frob'"));
    cmdline_release(&c);
}

static void
test_flag_given_a_value(void **state)
{
    struct cmdline c;

    (void)state;
    /* The message must name the option the user typed. */
    cmdline_init(&c, "--dry-run=yes", NULL);
    parse_refused(&c, "--dry-run");
    cmdline_release(&c);
    cmdline_init(&c, "--all=yes", NULL);
    parse_refused(&c, "--all");
    cmdline_release(&c);
}

static void
test_missing_argument(void **state)
{
    struct cmdline c;

    (void)state;
    cmdline_init(&c, "--ttl", NULL);
    parse_refused(&c, "'--ttl' needs a value");
    cmdline_release(&c);

    cmdline_init(&c, "-H", NULL);
    parse_refused(&c, "'-H' needs a value");
    cmdline_release(&c);

    cmdline_init(&c, "--base=", NULL);
    parse_refused(&c, "--base needs a value");
    cmdline_release(&c);
}

/*
 * --nameserver and --resolver are checked as they are set, from the
 * command line or a file, so that a mistake stops the run before anything
 * is written; a refused one is not kept.
 */
static void
test_servers_checked_when_set(void **state)
{
    static const char *const bad[] = { "[::1", "127.0.0.1:0", "[::1]x",
                                       "host:65536", "a b", "[zz]" };
    const struct iad_option_def *ns = iad_option_find("nameserver");
    struct iad_settings s;
    struct cmdline c;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cmdline_init(&c, "--nameserver", bad[i], NULL);
        parse_refused(&c, bad[i]);
        assert_int_equal(c.s.n_nameservers, 0);
        cmdline_release(&c);
        cmdline_init(&c, "--resolver", bad[i], NULL);
        parse_refused(&c, "--resolver");
        assert_null(c.s.resolver);
        cmdline_release(&c);
    }
    cmdline_init(&c, "--resolver", "ns1.example.com", NULL);
    parse_refused(&c, "expected an IP address");
    cmdline_release(&c);

    iad_settings_init(&s);
    assert_int_equal(iad_settings_set(&s, ns, "[::1", "x.conf:4"),
                     IAD_ERR_USAGE);
    assert_non_null(strstr(iad_error_message(IAD_ERR_USAGE), "x.conf:4"));
    assert_int_equal(iad_settings_set(&s, ns, "[::1]:5353", "x.conf:5"),
                     IAD_OK);
    assert_int_equal(iad_settings_set(&s, ns, "ns1.example.com", "x.conf:6"),
                     IAD_OK);
    assert_int_equal(s.n_nameservers, 2);
    iad_settings_release(&s);

    cmdline_init(&c, "--resolver", "[::1]:5353", NULL);
    parse_ok(&c);
    assert_string_equal(c.s.resolver, "[::1]:5353");
    cmdline_release(&c);
}

static void
test_bad_numbers(void **state)
{
    static const char *const ttl_bad[] = { "abc", "-1", "12x", "1e3",
                                           "2147483648",
                                           "99999999999999999999",
                                           " 5", "+5" };
    static const char *const timeout_bad[] = { "0", "3601", "-5", "five" };
    struct cmdline c;
    char what[64];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(ttl_bad) / sizeof(ttl_bad[0]); i++) {
        cmdline_init(&c, "--ttl", ttl_bad[i], NULL);
        snprintf(what, sizeof(what), "invalid number '%s' for --ttl",
                 ttl_bad[i]);
        parse_refused(&c, what);
        cmdline_release(&c);
    }
    for (i = 0; i < sizeof(timeout_bad) / sizeof(timeout_bad[0]); i++) {
        cmdline_init(&c, "--timeout", timeout_bad[i], NULL);
        snprintf(what, sizeof(what), "invalid number '%s' for --timeout",
                 timeout_bad[i]);
        parse_refused(&c, what);
        cmdline_release(&c);
    }

    /* The limits themselves are accepted. */
    cmdline_init(&c, "--ttl", "0", "--timeout", "3600", NULL);
    parse_ok(&c);
    assert_int_equal(c.s.ttl, 0);
    assert_int_equal(c.s.timeout, 3600);
    cmdline_release(&c);
    cmdline_init(&c, "--ttl", "2147483647", "--timeout", "1", NULL);
    parse_ok(&c);
    assert_int_equal(c.s.ttl, 2147483647L);
    assert_int_equal(c.s.timeout, 1);
    cmdline_release(&c);
}

static void
test_mech(void **state)
{
    struct cmdline c;

    (void)state;
    cmdline_init(&c, "--mech", "gssapi", NULL);
    parse_ok(&c);
    assert_string_equal(c.s.mech, "GSSAPI");
    cmdline_release(&c);

    cmdline_init(&c, "--mech=External", NULL);
    parse_ok(&c);
    assert_string_equal(c.s.mech, "EXTERNAL");
    cmdline_release(&c);

    cmdline_init(&c, "--mech", "PLAIN", NULL);
    parse_refused(&c, "invalid mechanism 'PLAIN'");
    cmdline_release(&c);
}

static void
test_later_option_replaces(void **state)
{
    struct cmdline c;

    (void)state;
    cmdline_init(&c, "--ttl", "10", "--ttl", "20", "-b", "cn=a", "-b",
                 "cn=b", NULL);
    parse_ok(&c);
    assert_int_equal(c.s.ttl, 20);
    assert_string_equal(c.s.base, "cn=b");
    cmdline_release(&c);
}

/* Settings as a configuration file would give them. */
static void
file_settings(struct iad_settings *f)
{
    iad_settings_init(f);
    assert_int_equal(iad_settings_set(f, iad_option_find("uri"),
                                      "ldap://file1.example", "f:1"),
                     IAD_OK);
    assert_int_equal(iad_settings_set(f, iad_option_find("uri"),
                                      "ldap://file2.example", "f:2"),
                     IAD_OK);
    assert_int_equal(iad_settings_set(f, iad_option_find("base"),
                                      "cn=dns,dc=file", "f:3"), IAD_OK);
    assert_int_equal(iad_settings_set(f, iad_option_find("keytab"),
                                      "/file.keytab", "f:4"), IAD_OK);
    assert_int_equal(iad_settings_set(f, iad_option_find("ttl"), "300",
                                      "f:5"), IAD_OK);
    assert_int_equal(iad_settings_set(f, iad_option_find("timeout"), "9",
                                      "f:6"), IAD_OK);
    assert_int_equal(iad_settings_set(f, iad_option_find("any-name"), "yes",
                                      "f:7"), IAD_OK);
    assert_int_equal(iad_settings_set(f, iad_option_find("mech"), "gssapi",
                                      "f:8"), IAD_OK);
}

static void
test_merge_command_line_wins(void **state)
{
    struct iad_settings f;
    struct cmdline c;

    (void)state;
    file_settings(&f);
    cmdline_init(&c, "-H", "ldap://cli.example", "-b", "cn=dns,dc=cli",
                 "--ttl", "30", "--mech", "EXTERNAL", NULL);
    parse_ok(&c);
    assert_int_equal(iad_settings_merge(&c.s, &f), IAD_OK);
    assert_int_equal(c.s.n_uris, 1);
    assert_string_equal(c.s.uris[0], "ldap://cli.example");
    assert_string_equal(c.s.base, "cn=dns,dc=cli");
    assert_int_equal(c.s.ttl, 30);
    assert_string_equal(c.s.mech, "EXTERNAL");
    /* What the command line left unset comes from the file. */
    assert_string_equal(c.s.keytab, "/file.keytab");
    assert_int_equal(c.s.timeout, 9);
    assert_int_equal(c.s.any_name, 1);
    cmdline_release(&c);
    iad_settings_release(&f);
}

static void
test_merge_file_uris_when_none_given(void **state)
{
    struct iad_settings f;
    struct cmdline c;

    (void)state;
    file_settings(&f);
    cmdline_init(&c, "-v", NULL);
    parse_ok(&c);
    assert_int_equal(iad_settings_merge(&c.s, &f), IAD_OK);
    assert_int_equal(c.s.n_uris, 2);
    assert_string_equal(c.s.uris[0], "ldap://file1.example");
    assert_string_equal(c.s.uris[1], "ldap://file2.example");
    assert_string_equal(c.s.base, "cn=dns,dc=file");
    assert_int_equal(c.s.ttl, 300);
    assert_string_equal(c.s.mech, "GSSAPI");
    assert_int_equal(c.s.verbose, 1);
    cmdline_release(&c);
    iad_settings_release(&f);
}

static void
test_merge_any_name_no_in_file(void **state)
{
    struct iad_settings f;
    struct cmdline c;

    (void)state;
    iad_settings_init(&f);
    assert_int_equal(iad_settings_set(&f, iad_option_find("any-name"), "no",
                                      "f:1"), IAD_OK);
    cmdline_init(&c, "--any-name", NULL);
    parse_ok(&c);
    assert_int_equal(iad_settings_merge(&c.s, &f), IAD_OK);
    assert_int_equal(c.s.any_name, 1);
    cmdline_release(&c);
    iad_settings_release(&f);
}

static void
test_every_option_documented(void **state)
{
    size_t i, j;

    (void)state;
    assert_true(iad_n_option_defs > 0);
    for (i = 0; i < iad_n_option_defs; i++) {
        const struct iad_option_def *d = &iad_option_defs[i];
        size_t len;

        assert_non_null(d->name);
        assert_non_null(d->help);
        len = strlen(d->help);
        if (len == 0)
            fail_msg("--%s has no help text", d->name);
        if (d->help[len - 1] == '.')
            fail_msg("help of --%s ends with a full stop", d->name);
        assert_ptr_equal(iad_option_find(d->name), d);
        for (j = i + 1; j < iad_n_option_defs; j++) {
            assert_string_not_equal(d->name, iad_option_defs[j].name);
            if (d->short_name != 0)
                assert_int_not_equal(d->short_name,
                                     iad_option_defs[j].short_name);
        }
    }
    assert_null(iad_option_find("no-such-option"));
}

/* S with each run of white space, line breaks included, made one space. */
static char *
squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;

    assert_non_null(out);
    for (; *s != '\0'; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t') {
            if (o == out || o[-1] != ' ')
                *o++ = ' ';
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static void
test_usage_lists_every_option(void **state)
{
    char *text = NULL, *flat, *help, opt[64];
    size_t size = 0, i;
    FILE *f = open_memstream(&text, &size);

    (void)state;
    assert_non_null(f);
    iad_usage(f);
    assert_int_equal(fclose(f), 0);
    /* --help may wrap the text: compare words, not lines. */
    flat = squeeze(text);
    for (i = 0; i < iad_n_option_defs; i++) {
        snprintf(opt, sizeof(opt), "--%s", iad_option_defs[i].name);
        if (strstr(flat, opt) == NULL)
            fail_msg("--help does not mention %s", opt);
        help = squeeze(iad_option_defs[i].help);
        if (strstr(flat, help) == NULL)
            fail_msg("--help does not show the help of %s", opt);
        free(help);
    }
    free(flat);
    free(text);
}

static void
test_tls_and_ssf_options(void **state)
{
    struct cmdline c;

    (void)state;
    cmdline_init(&c, "--starttls", "--cacert", "/etc/ipa/ca.crt",
                 "--min-ssf", "0", "--ipa-rundir", "/srv/run", "zones",
                 NULL);
    assert_int_equal(parse_ok(&c), 8);
    assert_int_equal(c.s.starttls, 1);
    assert_string_equal(c.s.cacert, "/etc/ipa/ca.crt");
    assert_int_equal(c.s.min_ssf, 0);
    assert_string_equal(c.s.ipa_rundir, "/srv/run");
    cmdline_release(&c);

    cmdline_init(&c, "zones", NULL);
    parse_ok(&c);
    assert_int_equal(c.s.starttls, IAD_UNSET);
    assert_int_equal(c.s.min_ssf, IAD_UNSET);
    assert_null(c.s.cacert);
    assert_null(c.s.ipa_rundir);
    cmdline_release(&c);

    cmdline_init(&c, "--min-ssf", "256", NULL);
    parse_ok(&c);
    assert_int_equal(c.s.min_ssf, 256);
    cmdline_release(&c);

    cmdline_init(&c, "--min-ssf", "257", NULL);
    parse_refused(&c, "invalid number '257' for --min-ssf");
    cmdline_release(&c);
    cmdline_init(&c, "--min-ssf", "-1", NULL);
    parse_refused(&c, "invalid number '-1' for --min-ssf");
    cmdline_release(&c);
    cmdline_init(&c, "--starttls=maybe", NULL);
    parse_refused(&c, "--starttls");
    cmdline_release(&c);
}

/* The TLS settings of a file fill only what the command line left. */
static void
test_merge_tls_settings(void **state)
{
    struct iad_settings file;
    struct cmdline c;

    (void)state;
    iad_settings_init(&file);
    assert_int_equal(iad_settings_set(&file, iad_option_find("starttls"),
                                      NULL, "f:1"), IAD_OK);
    assert_int_equal(iad_settings_set(&file, iad_option_find("cacert"),
                                      "/file/ca.pem", "f:2"), IAD_OK);
    assert_int_equal(iad_settings_set(&file, iad_option_find("min-ssf"),
                                      "128", "f:3"), IAD_OK);
    assert_int_equal(iad_settings_set(&file, iad_option_find("ipa-rundir"),
                                      "/file/run", "f:4"), IAD_OK);

    cmdline_init(&c, "--cacert", "/cli/ca.pem", "--min-ssf", "0", NULL);
    parse_ok(&c);
    assert_int_equal(iad_settings_merge(&c.s, &file), IAD_OK);
    assert_string_equal(c.s.cacert, "/cli/ca.pem");
    assert_int_equal(c.s.min_ssf, 0);
    assert_int_equal(c.s.starttls, 1);
    assert_string_equal(c.s.ipa_rundir, "/file/run");
    cmdline_release(&c);
    iad_settings_release(&file);
}

/* --older-than: seconds, or a number with one unit; nothing else. */
static void
test_durations(void **state)
{
    static const struct {
        const char *text;
        long seconds;
    } good[] = {
        { "1", 1 }, { "90", 90 }, { "90s", 90 }, { "30m", 1800 },
        { "24h", 86400 }, { "7d", 604800 }, { "007", 7 },
        { "3650d", 3650L * 86400 }, { "315360000", 315360000L },
    };
    static const char *const bad[] = {
        "", "0", "0s", "0d", "s", "h", "-5", "+5", " 5", "5 ", "5S", "5H",
        "1.5h", "1h30m", "5ss", "5x", "5w", "0x10", "3651d", "315360001",
        "87601h", "99999999999999999999999", "24h\n", "5\001",
    };
    size_t i;
    long n;

    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        n = -1;
        if (iad_parse_duration(good[i].text, "--older-than", &n) != IAD_OK)
            fail_msg("'%s' refused: %s", good[i].text,
                     iad_error_message(IAD_ERR_USAGE));
        assert_int_equal(n, good[i].seconds);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        n = -1;
        iad_error_clear();
        if (iad_parse_duration(bad[i], "--older-than", &n) != IAD_ERR_USAGE)
            fail_msg("'%s' accepted as %ld", bad[i], n);
        assert_int_equal(n, -1);
        assert_non_null(strstr(iad_error_message(IAD_ERR_USAGE),
                               "--older-than"));
    }
}

/* The option sets the field, and a bad value stops the parse. */
static void
test_older_than_option(void **state)
{
    struct cmdline c;
    int index = 1;

    (void)state;
    cmdline_init(&c, "--older-than", "7d", "prune", NULL);
    assert_int_equal(c.s.older_than, IAD_UNSET);
    assert_int_equal(iad_options_parse(c.argc, c.argv, &index, &c.s),
                     IAD_OK);
    assert_int_equal(c.s.older_than, 7L * 86400);
    cmdline_release(&c);

    index = 1;
    cmdline_init(&c, "--older-than=1y", "prune", NULL);
    assert_int_equal(iad_options_parse(c.argc, c.argv, &index, &c.s),
                     IAD_ERR_USAGE);
    assert_int_equal(c.s.older_than, IAD_UNSET);
    cmdline_release(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_forms),
        cmocka_unit_test(test_long_forms),
        cmocka_unit_test(test_unset_stays_unset),
        cmocka_unit_test(test_repeated_uri_accumulates),
        cmocka_unit_test(test_bad_uri),
        cmocka_unit_test(test_uri_host_and_port),
        cmocka_unit_test(test_bad_base_dn),
        cmocka_unit_test(test_stops_at_first_operand),
        cmocka_unit_test(test_double_dash),
        cmocka_unit_test(test_unknown_option),
        cmocka_unit_test(test_flag_given_a_value),
        cmocka_unit_test(test_missing_argument),
        cmocka_unit_test(test_servers_checked_when_set),
        cmocka_unit_test(test_bad_numbers),
        cmocka_unit_test(test_mech),
        cmocka_unit_test(test_tls_and_ssf_options),
        cmocka_unit_test(test_merge_tls_settings),
        cmocka_unit_test(test_later_option_replaces),
        cmocka_unit_test(test_merge_command_line_wins),
        cmocka_unit_test(test_merge_file_uris_when_none_given),
        cmocka_unit_test(test_merge_any_name_no_in_file),
        cmocka_unit_test(test_every_option_documented),
        cmocka_unit_test(test_usage_lists_every_option),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_older_than_option),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
