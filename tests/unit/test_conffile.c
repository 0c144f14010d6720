/*
 * Configuration: our key = value file, FreeIPA's default.conf, and the
 * settings that result once both and the built-in defaults are applied.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conffile.h"
#include "error.h"
#include "options.h"

static void
config_ok(const char *text, struct iad_settings *s)
{
    enum iad_error ret;

    iad_settings_init(s);
    iad_error_clear();
    ret = iad_config_parse(text, strlen(text), "test.conf", s);
    if (ret != IAD_OK)
        fail_msg("parsing failed: %s", iad_error_message(ret));
}

/* MSG is one line with no control character a terminal would act on. */
static void
assert_one_clean_line(const char *msg)
{
    const unsigned char *p;

    for (p = (const unsigned char *)msg; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7f)
            fail_msg("message has byte 0x%02x: '%s'", *p, msg);
        /* C1 controls, U+0080 to U+009F, are C2 80 to C2 9F in UTF-8. */
        if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            fail_msg("message has a C1 control: '%s'", msg);
    }
}

/*
 * Parsing the LEN bytes at TEXT fails with IAD_ERR_CONFIG, setting
 * nothing, with a clean one-line message holding WHAT.
 */
static void
config_refused_len(const char *text, size_t len, const char *what)
{
    struct iad_settings s;
    enum iad_error ret;

    iad_settings_init(&s);
    iad_error_clear();
    ret = iad_config_parse(text, len, "test.conf", &s);
    if (ret != IAD_ERR_CONFIG)
        fail_msg("parsing gave %d, not IAD_ERR_CONFIG", (int)ret);
    if (strstr(iad_error_message(ret), what) == NULL)
        fail_msg("message '%s' does not mention '%s'",
                 iad_error_message(ret), what);
    assert_one_clean_line(iad_error_message(ret));
    iad_settings_release(&s);
}

static void
config_refused(const char *text, const char *what)
{
    config_refused_len(text, strlen(text), what);
}

static void
test_config_keys_and_values(void **state)
{
    struct iad_settings s;

    (void)state;
    config_ok("# ipa-acme-dns settings\n"
              "\n"
              "uri = ldap://ipa1.example.test\n"
              "   uri=ldap://ipa2.example.test   \n"
              "; another comment\n"
              "base = cn=dns,dc=example,dc=test\n"
              "\t\n"
              "keytab = /etc/ipa-acme-dns.keytab\n"
              "principal = acme/host.example.test@EXAMPLE.TEST\n"
              "mech = gssapi\n"
              "timeout = 3\n"
              "ttl = 30\n"
              "ipa-confdir = /srv/ipa\n", &s);
    assert_int_equal(s.n_uris, 2);
    assert_string_equal(s.uris[0], "ldap://ipa1.example.test");
    assert_string_equal(s.uris[1], "ldap://ipa2.example.test");
    assert_string_equal(s.base, "cn=dns,dc=example,dc=test");
    assert_string_equal(s.keytab, "/etc/ipa-acme-dns.keytab");
    assert_string_equal(s.principal, "acme/host.example.test@EXAMPLE.TEST");
    assert_string_equal(s.mech, "GSSAPI");
    assert_int_equal(s.timeout, 3);
    assert_int_equal(s.ttl, 30);
    assert_string_equal(s.ipa_confdir, "/srv/ipa");
    assert_int_equal(s.any_name, IAD_UNSET);
    iad_settings_release(&s);
}

static void
test_config_crlf_and_no_final_newline(void **state)
{
    struct iad_settings s;

    (void)state;
    config_ok("ttl = 45\r\nbase = cn=dns,dc=x", &s);
    assert_int_equal(s.ttl, 45);
    assert_string_equal(s.base, "cn=dns,dc=x");
    iad_settings_release(&s);
}

static void
test_config_empty_file(void **state)
{
    struct iad_settings s;

    (void)state;
    config_ok("", &s);
    assert_int_equal(s.n_uris, 0);
    assert_null(s.base);
    iad_settings_release(&s);
    config_ok("# nothing\n\n", &s);
    assert_int_equal(s.ttl, IAD_UNSET);
    iad_settings_release(&s);
}

static void
test_config_unknown_key(void **state)
{
    (void)state;
    config_refused("ttl = 30\n\nfrobnicate = yes\n",
                   "test.conf:3: unknown key 'frobnicate'");
    /* Keys are the long option names, without dashes in front. */
    config_refused("--ttl = 30\n", "test.conf:1:");
}

static void
test_config_key_not_for_files(void **state)
{
    (void)state;
    config_refused("config = /etc/other.conf\n",
                   "test.conf:1: 'config' cannot be set");
    config_refused("# x\nhelp = yes\n", "test.conf:2:");
    config_refused("version = yes\n", "test.conf:1:");
}

static void
test_config_bad_lines(void **state)
{
    (void)state;
    config_refused("ttl 30\n", "test.conf:1:");
    config_refused("\n\n[global]\nttl = 30\n", "sections are not used");
    config_refused("ttl = abc\n", "test.conf:1");
    config_refused("a\n", "test.conf:1:");
    config_refused("uri = http://x\n", "test.conf:1");
    config_refused("mech = PLAIN\n", "test.conf:1");
    config_refused("base =\n", "test.conf:1");
}

static void
test_config_booleans(void **state)
{
    static const char *const yes[] = { "yes", "YES", "true", "on", "1" };
    static const char *const no[] = { "no", "No", "false", "off", "0" };
    struct iad_settings s;
    char text[64];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        snprintf(text, sizeof(text), "any-name = %s\n", yes[i]);
        config_ok(text, &s);
        assert_int_equal(s.any_name, 1);
        iad_settings_release(&s);
    }
    for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        snprintf(text, sizeof(text), "any-name = %s\n", no[i]);
        config_ok(text, &s);
        assert_int_equal(s.any_name, 0);
        iad_settings_release(&s);
    }
    config_refused("any-name = maybe\n", "test.conf:1");
}

static void
ipa_ok(const char *text, struct iad_ipa_conf *ipa)
{
    enum iad_error ret;

    memset(ipa, 0, sizeof(*ipa));
    iad_error_clear();
    ret = iad_ipa_conf_parse(text, strlen(text), "default.conf", ipa);
    if (ret != IAD_OK)
        fail_msg("parsing failed: %s", iad_error_message(ret));
}

static const char ipa_text[] =
    "[DEFAULT]\n"
    "xmlrpc_uri = https://default.example.test/ipa/xml\n"
    "[global]\n"
    "basedn = dc=example,dc=test\n"
    "realm = EXAMPLE.TEST\n"
    "domain = example.test\n"
    "server = ipa.example.test\n"
    "host = client.example.test\n"
    "xmlrpc_uri = https://ipa.example.test/ipa/xml\n"
    "enable_ra = True\n"
    "\n"
    "[other]\n"
    "server = wrong.example.test\n"
    "ldap_uri = ldap://wrong.example.test\n";

static void
test_ipa_conf_global_only(void **state)
{
    struct iad_ipa_conf ipa;

    (void)state;
    ipa_ok(ipa_text, &ipa);
    assert_string_equal(ipa.basedn, "dc=example,dc=test");
    assert_string_equal(ipa.realm, "EXAMPLE.TEST");
    assert_string_equal(ipa.domain, "example.test");
    assert_string_equal(ipa.server, "ipa.example.test");
    assert_string_equal(ipa.host, "client.example.test");
    assert_null(ipa.ldap_uri);
    iad_ipa_conf_release(&ipa);
    assert_null(ipa.basedn);
}

static void
test_ipa_conf_ldap_uri(void **state)
{
    struct iad_ipa_conf ipa;

    (void)state;
    ipa_ok("[global]\n"
           "ldap_uri = ldapi://%2fvar%2frun%2fslapd-EXAMPLE-TEST.socket\n",
           &ipa);
    assert_string_equal(ipa.ldap_uri,
                        "ldapi://%2fvar%2frun%2fslapd-EXAMPLE-TEST.socket");
    assert_null(ipa.server);
    iad_ipa_conf_release(&ipa);

    ipa_ok("", &ipa);
    assert_null(ipa.basedn);
    assert_null(ipa.server);
    iad_ipa_conf_release(&ipa);
}

/*
 * A NUL byte once ended the file there without a word: what came after
 * it (here the DNS port) was silently dropped.  Every byte a text file
 * may not hold is refused, naming the line, with nothing set.
 */
static const char nul_text[] = "ttl = 30\nuri = ldap://a\0\n"
                               "dns-port = 5353\n";

static void
test_config_nul_byte(void **state)
{
    struct iad_settings s;

    (void)state;
    config_refused_len(nul_text, sizeof(nul_text) - 1,
                       "test.conf:2: control character '\\x00' is not "
                       "allowed");
    iad_settings_init(&s);
    assert_int_equal(iad_config_parse(nul_text, sizeof(nul_text) - 1,
                                      "test.conf", &s), IAD_ERR_CONFIG);
    assert_int_equal(s.ttl, IAD_UNSET);
    assert_int_equal(s.n_uris, 0);
    iad_settings_release(&s);
}

static void
test_config_control_bytes(void **state)
{
    struct iad_settings s;

    (void)state;
    config_refused("ttl = 30\x1b[2J\n", "test.conf:1: control character "
                   "'\\x1b'");
    config_refused("# a\n# b\nbase = cn=dns\x7f\n", "test.conf:3: control "
                   "character '\\x7f'");
    config_refused("ttl = 3\r0\n", "test.conf:1: control character "
                   "'\\x0d'");
    config_refused("ttl = 30\n\f\n", "test.conf:2: control character "
                   "'\\x0c'");
    /* U+009B is CSI on some terminals: a C1 control is one too. */
    config_refused("# \xc2\x9b" "2J\n", "test.conf:1: control character "
                   "'\\xc2\\x9b'");
    /* Tab, CR LF and UTF-8 text are fine. */
    config_ok("#\tcomment \xc3\xa9t\xc3\xa9 \xe2\x82\xac\r\n\tttl\t=\t30\r\n",
              &s);
    assert_int_equal(s.ttl, 30);
    iad_settings_release(&s);
}

static void
test_config_invalid_utf8(void **state)
{
    (void)state;
    config_refused("ttl = 30 # \xff\n", "test.conf:1: invalid UTF-8 at "
                   "'\\xff'");
    /* An overlong '/', a surrogate, a sequence cut short. */
    config_refused("\n# \xc0\xaf\n", "test.conf:2: invalid UTF-8 at "
                   "'\\xc0'");
    config_refused("# \xed\xa0\x80\n", "test.conf:1: invalid UTF-8 at "
                   "'\\xed'");
    config_refused("# \xe2\x82", "test.conf:1: invalid UTF-8 at '\\xe2'");
    config_refused("# \xf4\x90\x80\x80\n", "test.conf:1: invalid UTF-8");
}

/* Keys, values and file names in messages are escaped and shortened. */
static void
test_config_messages_escaped(void **state)
{
    char key[600], text[700];
    struct iad_settings s;
    const char *msg;

    (void)state;
    memset(key, 'k', sizeof(key) - 1);
    key[sizeof(key) - 1] = '\0';
    snprintf(text, sizeof(text), "%s = 1\n", key);
    config_refused(text, "test.conf:1: unknown key 'kkkk");
    msg = iad_error_message(IAD_ERR_CONFIG);
    assert_non_null(strstr(msg, "k...[599 bytes]...k"));
    assert_string_equal(msg + strlen(msg) - 2, "k'");
    assert_true(strlen(msg) < 250);
    config_refused("b\\ad = 1\n", "unknown key 'b\\\\ad'");

    iad_settings_init(&s);
    iad_error_clear();
    assert_int_equal(iad_config_parse("x\n", 2, "/tmp/a\x1b]0;t\x07.conf",
                                      &s), IAD_ERR_CONFIG);
    msg = iad_error_message(IAD_ERR_CONFIG);
    assert_one_clean_line(msg);
    assert_non_null(strstr(msg, "/tmp/a\\x1b]0;t\\x07.conf:1:"));
    iad_settings_release(&s);
}

/* Parsing default.conf fails with IAD_ERR_CONFIG, a message with WHAT. */
static void
ipa_refused_len(const char *text, size_t len, const char *what)
{
    struct iad_ipa_conf ipa;
    enum iad_error ret;

    memset(&ipa, 0, sizeof(ipa));
    iad_error_clear();
    ret = iad_ipa_conf_parse(text, len, "default.conf", &ipa);
    if (ret != IAD_ERR_CONFIG)
        fail_msg("parsing gave %d, not IAD_ERR_CONFIG", (int)ret);
    if (strstr(iad_error_message(ret), what) == NULL)
        fail_msg("message '%s' does not mention '%s'",
                 iad_error_message(ret), what);
    assert_one_clean_line(iad_error_message(ret));
    assert_null(ipa.basedn);
    assert_null(ipa.server);
    iad_ipa_conf_release(&ipa);
}

static void
ipa_refused(const char *text, const char *what)
{
    ipa_refused_len(text, strlen(text), what);
}

static const char ipa_nul_text[] = "[global]\nrealm = EXAMPLE.TEST\0\n"
                                   "server = ipa.example.test\n";

static void
test_ipa_conf_bad_bytes(void **state)
{
    (void)state;
    ipa_refused_len(ipa_nul_text, sizeof(ipa_nul_text) - 1,
                    "default.conf:2: control character '\\x00'");
    ipa_refused("[global]\nserver = ipa\x1b[31m\n",
                "default.conf:2: control character '\\x1b'");
    ipa_refused("[global]\n\nbasedn = dc=\xe9\n",
                "default.conf:3: invalid UTF-8 at '\\xe9'");
}

/*
 * The expected values below were computed once with Debian's Python 3.11
 * (/usr/bin/python3): RawConfigParser().read_file() of the same text,
 * then items('global') as ipalib's Env._merge_from_file() takes them, and
 * the strip and "None" of Env.__setitem__().  Where that raised, the
 * comment names the exception.
 */
static void
test_ipa_conf_like_configparser(void **state)
{
    struct iad_ipa_conf ipa;

    (void)state;
    /* Both delimiters, white space around them. */
    ipa_ok("[global]\nbasedn: dc=example,dc=test\nrealm : EXAMPLE.TEST\n"
           "server=ipa.example.test\n"
           "host   =   client.example.test   \n", &ipa);
    assert_string_equal(ipa.basedn, "dc=example,dc=test");
    assert_string_equal(ipa.realm, "EXAMPLE.TEST");
    assert_string_equal(ipa.server, "ipa.example.test");
    assert_string_equal(ipa.host, "client.example.test");
    iad_ipa_conf_release(&ipa);

    /* The first delimiter of the line ends the key. */
    ipa_ok("[global]\nldap_uri: ldap://x.example.test:389\nserver=a:b\n"
           "realm:X=Y\nhost = h=1:2\n", &ipa);
    assert_string_equal(ipa.ldap_uri, "ldap://x.example.test:389");
    assert_string_equal(ipa.server, "a:b");
    assert_string_equal(ipa.realm, "X=Y");
    assert_string_equal(ipa.host, "h=1:2");
    iad_ipa_conf_release(&ipa);

    /* Keys ignore case. */
    ipa_ok("[global]\nBaseDN = dc=x\nSERVER: s\n", &ipa);
    assert_string_equal(ipa.basedn, "dc=x");
    assert_string_equal(ipa.server, "s");
    iad_ipa_conf_release(&ipa);

    /* A deeper indented line continues the value, even one with '='. */
    ipa_ok("[global]\nxmlrpc_uri = https://x\n    server = wrong\n"
           "  /ipa/xml\nserver = right\n", &ipa);
    assert_string_equal(ipa.server, "right");
    iad_ipa_conf_release(&ipa);
    /* ...or one that looks like a section header. */
    ipa_ok("[global]\nxmlrpc_uri = a\n  [other]\nserver = s\n", &ipa);
    assert_string_equal(ipa.server, "s");
    iad_ipa_conf_release(&ipa);
    /* Lines of the same indentation are options, in any indentation. */
    ipa_ok("[global]\n  server = a\n  xmlrpc_uri = x\n   realm = R\n"
           "  host = h\n", &ipa);
    assert_string_equal(ipa.server, "a");
    assert_null(ipa.realm);
    assert_string_equal(ipa.host, "h");
    iad_ipa_conf_release(&ipa);

    /* Full-line comments only, even inside a value; '%' is plain. */
    ipa_ok("[global]\n# server = c1\n; server = c2\nxmlrpc_uri = a\n"
           "  # server = c3\n  b\nserver = a # b ; c\n"
           "basedn = dc=%(x)s\n", &ipa);
    assert_string_equal(ipa.server, "a # b ; c");
    assert_string_equal(ipa.basedn, "dc=%(x)s");
    iad_ipa_conf_release(&ipa);

    /* Empty lines inside a value: "\n\nipa.example.test", stripped. */
    ipa_ok("[global]\nserver =\n\n  ipa.example.test\nrealm = R\n\n\n\n"
           "host = h\n", &ipa);
    assert_string_equal(ipa.server, "ipa.example.test");
    assert_string_equal(ipa.realm, "R");
    assert_string_equal(ipa.host, "h");
    iad_ipa_conf_release(&ipa);

    /* [DEFAULT] stands in [global], which wins; it may come back. */
    ipa_ok("[DEFAULT]\nbasedn = dc=d\nrealm = D\n[global]\nrealm = G\n"
           "[DEFAULT]\nhost = dh\n", &ipa);
    assert_string_equal(ipa.basedn, "dc=d");
    assert_string_equal(ipa.realm, "G");
    assert_string_equal(ipa.host, "dh");
    iad_ipa_conf_release(&ipa);
    ipa_ok("[DEFAULT]\nserver = only\n", &ipa);
    assert_string_equal(ipa.server, "only");
    iad_ipa_conf_release(&ipa);

    /* A header is '[' to the last ']': "[global]]" is "global]". */
    ipa_ok("[global] trailing\nserver = s1\n[global]]\nserver = s2\n",
           &ipa);
    assert_string_equal(ipa.server, "s1");
    iad_ipa_conf_release(&ipa);

    /* Python's white space: U+00A0, U+3000 stripped, U+2003 indents. */
    ipa_ok("[global]\nserver =\xc2\xa0ipa\xe3\x80\x80\nxmlrpc_uri = x\n"
           "\xe2\x80\x83realm = R\n", &ipa);
    assert_string_equal(ipa.server, "ipa");
    assert_null(ipa.realm);
    iad_ipa_conf_release(&ipa);

    /* Env: "None" and "" are unset; quotes are part of the value. */
    ipa_ok("[global]\nserver = None\nrealm =\nhost = ''\n", &ipa);
    assert_null(ipa.server);
    assert_null(ipa.realm);
    assert_string_equal(ipa.host, "''");
    iad_ipa_conf_release(&ipa);
}

/* Where ConfigParser raises, the file is refused with the line. */
static void
test_ipa_conf_configparser_errors(void **state)
{
    (void)state;
    /* DuplicateSectionError, DuplicateOptionError (strict mode). */
    ipa_refused("[global]\nserver = a\n[global]\nrealm = b\n",
                "default.conf:3: section [global] given again, first at "
                "line 1");
    ipa_refused("[global]\nserver = a\nrealm = R\nServer = b\n",
                "default.conf:4: key 'Server' of [global] given again, "
                "first at line 2");
    ipa_refused("[global]\nserver = a\n[other]\nx = 1\nX: 2\n",
                "default.conf:5: key 'X' of [other] given again, first at "
                "line 4");
    ipa_refused("[DEFAULT]\nhost = a\n[global]\n[DEFAULT]\nhost = b\n",
                "default.conf:5: key 'host' of [DEFAULT] given again");
    /* MissingSectionHeaderError. */
    ipa_refused("server = x\n[global]\n", "default.conf:1: expected a "
                "section header");
    ipa_refused("[]\nserver = x\n", "default.conf:1: expected a section "
                "header");
    /* ParsingError. */
    ipa_refused("[global]\njunk\n", "default.conf:2: expected 'key = "
                "value' or 'key: value'");
    ipa_refused("[global]\n= x\n", "default.conf:2: no key before '='");
    /* ConfigParser takes it; no key we read can span lines. */
    ipa_refused("[global]\nbasedn = dc=a,\n  dc=b\n",
                "default.conf:2: the value of 'basedn' is more than one "
                "line");
}

/* Complete S from IPA and the defaults, expecting EXPECTED. */
static void
finish(struct iad_settings *s, const struct iad_ipa_conf *ipa,
       enum iad_error expected)
{
    enum iad_error ret;

    iad_error_clear();
    ret = iad_settings_finish(s, ipa);
    if (ret != expected)
        fail_msg("iad_settings_finish gave %d (%s), expected %d", (int)ret,
                 iad_error_message(ret), (int)expected);
}

/* Set option NAME in S as the command line would. */
static void
set(struct iad_settings *s, const char *name, const char *value)
{
    assert_int_equal(iad_settings_set(s, iad_option_find(name), value,
                                      name), IAD_OK);
}

static void
test_finish_from_ipa(void **state)
{
    struct iad_settings s;
    struct iad_ipa_conf ipa;

    (void)state;
    ipa_ok(ipa_text, &ipa);
    iad_settings_init(&s);
    finish(&s, &ipa, IAD_OK);
    assert_string_equal(s.base, "cn=dns,dc=example,dc=test");
    assert_int_equal(s.n_uris, 1);
    assert_string_equal(s.uris[0], "ldap://ipa.example.test");
    assert_int_equal(s.timeout, 5);
    assert_int_equal(s.ttl, 60);
    assert_int_equal(s.any_name, 0);
    assert_int_equal(s.dry_run, 0);
    assert_int_equal(s.all, 0);
    assert_int_equal(s.json, 0);
    assert_int_equal(s.verbose, 0);
    iad_settings_release(&s);
    iad_ipa_conf_release(&ipa);
}

static void
test_finish_ldap_uri_beats_server(void **state)
{
    struct iad_settings s;
    struct iad_ipa_conf ipa;

    (void)state;
    ipa_ok("[global]\nserver = ipa.example.test\n"
           "ldap_uri = ldapi://%2frun%2fslapd.socket\n"
           "basedn = dc=example,dc=test\n", &ipa);
    iad_settings_init(&s);
    finish(&s, &ipa, IAD_OK);
    assert_int_equal(s.n_uris, 1);
    assert_string_equal(s.uris[0], "ldapi://%2frun%2fslapd.socket");
    iad_settings_release(&s);
    iad_ipa_conf_release(&ipa);
}

static void
test_finish_given_settings_win(void **state)
{
    struct iad_settings s;
    struct iad_ipa_conf ipa;

    (void)state;
    ipa_ok(ipa_text, &ipa);
    iad_settings_init(&s);
    set(&s, "uri", "ldaps://mine.example.test");
    set(&s, "base", "cn=dns,dc=mine");
    set(&s, "timeout", "12");
    set(&s, "ttl", "0");
    finish(&s, &ipa, IAD_OK);
    assert_int_equal(s.n_uris, 1);
    assert_string_equal(s.uris[0], "ldaps://mine.example.test");
    assert_string_equal(s.base, "cn=dns,dc=mine");
    assert_int_equal(s.timeout, 12);
    assert_int_equal(s.ttl, 0);
    iad_settings_release(&s);
    iad_ipa_conf_release(&ipa);
}

static void
test_finish_no_server(void **state)
{
    struct iad_settings s;
    struct iad_ipa_conf ipa;

    (void)state;
    ipa_ok("[global]\nbasedn = dc=example,dc=test\n", &ipa);
    iad_settings_init(&s);
    finish(&s, &ipa, IAD_ERR_CONFIG);
    /* The message says what to set. */
    assert_non_null(strstr(iad_error_message(IAD_ERR_CONFIG),
                           "no LDAP server configured"));
    assert_non_null(strstr(iad_error_message(IAD_ERR_CONFIG), "--uri"));
    iad_settings_release(&s);
    iad_ipa_conf_release(&ipa);
}

static void
test_finish_no_base(void **state)
{
    struct iad_settings s;
    struct iad_ipa_conf ipa;

    (void)state;
    memset(&ipa, 0, sizeof(ipa));
    iad_settings_init(&s);
    set(&s, "uri", "ldap://127.0.0.1");
    finish(&s, &ipa, IAD_ERR_CONFIG);
    assert_non_null(strstr(iad_error_message(IAD_ERR_CONFIG), "--base"));
    iad_settings_release(&s);
}

static void
test_finish_from_config_file(void **state)
{
    struct iad_settings s, file;
    struct iad_ipa_conf ipa;

    (void)state;
    /* The file's URI and base take precedence over default.conf. */
    ipa_ok(ipa_text, &ipa);
    config_ok("uri = ldap://conf.example.test\nttl = 90\n", &file);
    iad_settings_init(&s);
    assert_int_equal(iad_settings_merge(&s, &file), IAD_OK);
    finish(&s, &ipa, IAD_OK);
    assert_int_equal(s.n_uris, 1);
    assert_string_equal(s.uris[0], "ldap://conf.example.test");
    assert_string_equal(s.base, "cn=dns,dc=example,dc=test");
    assert_int_equal(s.ttl, 90);
    assert_int_equal(s.timeout, 5);
    iad_settings_release(&s);
    iad_settings_release(&file);
    iad_ipa_conf_release(&ipa);
}

static void
test_config_tls_keys(void **state)
{
    struct iad_settings s;

    (void)state;
    config_ok("starttls = yes\ncacert = /etc/ipa/ca.crt\nmin-ssf = 0\n"
              "ipa-rundir = /srv/run\n", &s);
    assert_int_equal(s.starttls, 1);
    assert_string_equal(s.cacert, "/etc/ipa/ca.crt");
    assert_int_equal(s.min_ssf, 0);
    assert_string_equal(s.ipa_rundir, "/srv/run");
    iad_settings_release(&s);
    config_refused("min-ssf = 300\n", "test.conf:1");
}

/* FreeIPA's clients ask for a SASL layer of at least 56. */
static void
test_finish_min_ssf_and_starttls_defaults(void **state)
{
    struct iad_settings s;
    struct iad_ipa_conf ipa;

    (void)state;
    ipa_ok(ipa_text, &ipa);
    iad_settings_init(&s);
    finish(&s, &ipa, IAD_OK);
    assert_int_equal(s.min_ssf, 56);
    assert_int_equal(s.starttls, 0);
    assert_null(s.cacert);
    iad_settings_release(&s);

    iad_settings_init(&s);
    set(&s, "min-ssf", "0");
    finish(&s, &ipa, IAD_OK);
    assert_int_equal(s.min_ssf, 0);
    iad_settings_release(&s);
    iad_ipa_conf_release(&ipa);
}

/* StartTLS is for ldap:// only: anything else is refused, naming it. */
static void
test_finish_starttls_needs_ldap(void **state)
{
    static const char *const uris[] = { "ldaps://ipa.example.test",
                                        "LDAPI://%2frun%2fslapd.socket" };
    struct iad_settings s;
    struct iad_ipa_conf ipa;
    size_t i;

    (void)state;
    memset(&ipa, 0, sizeof(ipa));
    for (i = 0; i < sizeof(uris) / sizeof(uris[0]); i++) {
        iad_settings_init(&s);
        set(&s, "uri", "ldap://ok.example.test");
        set(&s, "uri", uris[i]);
        set(&s, "base", "cn=dns,dc=x");
        set(&s, "starttls", NULL);
        finish(&s, &ipa, IAD_ERR_USAGE);
        assert_non_null(strstr(iad_error_message(IAD_ERR_USAGE), uris[i]));
        assert_non_null(strstr(iad_error_message(IAD_ERR_USAGE),
                               "--starttls"));
        iad_settings_release(&s);
    }
    iad_settings_init(&s);
    set(&s, "uri", "ldap://ok.example.test");
    set(&s, "base", "cn=dns,dc=x");
    set(&s, "starttls", NULL);
    finish(&s, &ipa, IAD_OK);
    iad_settings_release(&s);
}

/* ca.crt of the FreeIPA directory is the default CA; --cacert wins. */
static void
test_ipa_ca_cert_default(void **state)
{
    char dir[] = "/tmp/test_conffile.XXXXXX", path[64];
    struct iad_settings s;
    struct iad_ipa_conf ipa;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    memset(&ipa, 0, sizeof(ipa));
    assert_int_equal(iad_ipa_conf_load(dir, &ipa), IAD_OK);
    assert_null(ipa.ca_cert);
    snprintf(path, sizeof(path), "%s/ca.crt", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(iad_ipa_conf_load(dir, &ipa), IAD_OK);
    assert_string_equal(ipa.ca_cert, path);

    iad_settings_init(&s);
    set(&s, "uri", "ldaps://ipa.example.test");
    set(&s, "base", "cn=dns,dc=x");
    finish(&s, &ipa, IAD_OK);
    assert_string_equal(s.cacert, path);
    iad_settings_release(&s);

    iad_settings_init(&s);
    set(&s, "uri", "ldaps://ipa.example.test");
    set(&s, "base", "cn=dns,dc=x");
    set(&s, "cacert", "/mine/ca.pem");
    finish(&s, &ipa, IAD_OK);
    assert_string_equal(s.cacert, "/mine/ca.pem");
    iad_settings_release(&s);
    iad_ipa_conf_release(&ipa);
    unlink(path);
    rmdir(dir);
}

/* FreeIPA's socket: slapd-<REALM, dots as dashes>.socket, URI-encoded. */
static void
test_ipa_ldapi(void **state)
{
    char *path = NULL, *uri = NULL;

    (void)state;
    assert_int_equal(iad_ipa_ldapi("/run", "EXAMPLE.TEST", &path, &uri),
                     IAD_OK);
    assert_string_equal(path, "/run/slapd-EXAMPLE-TEST.socket");
    assert_string_equal(uri, "ldapi://%2Frun%2Fslapd-EXAMPLE-TEST.socket");
    free(path);
    free(uri);

    /* Dots in the directory stay; odd bytes in it are encoded. */
    assert_int_equal(iad_ipa_ldapi("/tmp/a.b c%", "A.B.C", &path, &uri),
                     IAD_OK);
    assert_string_equal(path, "/tmp/a.b c%/slapd-A-B-C.socket");
    assert_string_equal(uri, "ldapi://%2Ftmp%2Fa.b%20c%25%2Fslapd-A-B-C"
                        ".socket");
    free(path);
    free(uri);

    assert_int_equal(iad_ipa_ldapi("/run", "A/B", &path, &uri),
                     IAD_ERR_CONFIG);
    assert_int_equal(iad_ipa_ldapi("/run", "", &path, &uri),
                     IAD_ERR_CONFIG);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_keys_and_values),
        cmocka_unit_test(test_config_crlf_and_no_final_newline),
        cmocka_unit_test(test_config_empty_file),
        cmocka_unit_test(test_config_unknown_key),
        cmocka_unit_test(test_config_key_not_for_files),
        cmocka_unit_test(test_config_bad_lines),
        cmocka_unit_test(test_config_booleans),
        cmocka_unit_test(test_config_nul_byte),
        cmocka_unit_test(test_config_control_bytes),
        cmocka_unit_test(test_config_invalid_utf8),
        cmocka_unit_test(test_config_messages_escaped),
        cmocka_unit_test(test_ipa_conf_global_only),
        cmocka_unit_test(test_ipa_conf_bad_bytes),
        cmocka_unit_test(test_ipa_conf_like_configparser),
        cmocka_unit_test(test_ipa_conf_configparser_errors),
        cmocka_unit_test(test_ipa_conf_ldap_uri),
        cmocka_unit_test(test_finish_from_ipa),
        cmocka_unit_test(test_finish_ldap_uri_beats_server),
        cmocka_unit_test(test_finish_given_settings_win),
        cmocka_unit_test(test_finish_no_server),
        cmocka_unit_test(test_finish_no_base),
        cmocka_unit_test(test_finish_from_config_file),
        cmocka_unit_test(test_config_tls_keys),
        cmocka_unit_test(test_finish_min_ssf_and_starttls_defaults),
        cmocka_unit_test(test_finish_starttls_needs_ldap),
        cmocka_unit_test(test_ipa_ca_cert_default),
        cmocka_unit_test(test_ipa_ldapi),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
