/*
 * Deciding from a name server's reply whether it serves the values yet
 * (with authority, to the question asked), saying what it answered, and
 * reading --nameserver arguments; and the master-file names of nSRecord
 * and cNAMERecord.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "name.h"
#include "wait.h"

/* An authoritative reply carrying the N TXT VALUES. */
static struct iad_dns_reply
answer(const char *const *values, size_t n)
{
    struct iad_dns_reply r;
    size_t i;

    memset(&r, 0, sizeof(r));
    r.kind = IAD_DNS_ANSWER;
    r.aa = true;
    r.n_values = n;
    r.values = calloc(n + 1, sizeof(*r.values));
    r.lens = calloc(n + 1, sizeof(*r.lens));
    for (i = 0; i < n; i++) {
        r.values[i] = (unsigned char *)strdup(values[i]);
        r.lens[i] = strlen(values[i]);
    }
    return r;
}

static void
test_present_needs_every_value(void **state)
{
    const char *served[] = { "one", "two" };
    char *want_both[] = { "one", "two" };
    char *want_three[] = { "one", "two", "three" };
    struct iad_dns_reply r = answer(served, 2);

    assert_true(iad_wait_satisfied(&r, want_both, 2, true));
    assert_false(iad_wait_satisfied(&r, want_three, 3, true));
    iad_dns_reply_release(&r);
}

static void
test_values_compare_exactly(void **state)
{
    const char *served[] = { "AbC" };
    char *lower[] = { "abc" };
    char *prefix[] = { "Ab" };
    struct iad_dns_reply r = answer(served, 1);

    assert_false(iad_wait_satisfied(&r, lower, 1, true));
    assert_false(iad_wait_satisfied(&r, prefix, 1, true));
    iad_dns_reply_release(&r);
}

static void
test_error_replies_are_not_served(void **state)
{
    char *want[] = { "v" };
    struct iad_dns_reply r;

    memset(&r, 0, sizeof(r));
    r.kind = IAD_DNS_NO_REPLY;
    assert_false(iad_wait_satisfied(&r, want, 1, true));
    assert_false(iad_wait_satisfied(&r, want, 1, false));
    r.kind = IAD_DNS_INVALID;
    assert_false(iad_wait_satisfied(&r, want, 1, true));
    assert_false(iad_wait_satisfied(&r, want, 1, false));
    r.kind = IAD_DNS_RCODE;
    r.aa = true;
    r.rcode = 2;
    assert_false(iad_wait_satisfied(&r, want, 1, true));
    assert_false(iad_wait_satisfied(&r, want, 1, false));
    r.rcode = 3;
    assert_false(iad_wait_satisfied(&r, want, 1, true));
    /* NXDOMAIN: nothing at all is served, so the values are gone. */
    assert_true(iad_wait_satisfied(&r, want, 1, false));
}

static void
test_absent_needs_none_of_the_values(void **state)
{
    const char *served[] = { "other" };
    char *gone[] = { "v" };
    char *still[] = { "other" };
    struct iad_dns_reply r = answer(served, 1);

    assert_true(iad_wait_satisfied(&r, gone, 1, false));
    assert_false(iad_wait_satisfied(&r, still, 1, false));
    iad_dns_reply_release(&r);
}

static void
test_a_cname_is_not_the_record(void **state)
{
    const char *served[] = { "v" };
    char *want[] = { "v" };
    struct iad_dns_reply r = answer(served, 1);

    r.cname = strdup("elsewhere.example.");
    assert_false(iad_wait_satisfied(&r, want, 1, true));
    iad_dns_reply_release(&r);
}

static void
test_describe_says_what_was_answered(void **state)
{
    const char *served[] = { "old \"x\"" };
    struct iad_dns_reply r;
    char buf[256];

    memset(&r, 0, sizeof(r));
    r.kind = IAD_DNS_NO_REPLY;
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_string_equal(buf, "no answer");
    r.error = ECONNREFUSED;
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_string_equal(buf, "no answer (nothing listens on that port)");
    r.error = ENETUNREACH;
    r.why = "a reply about another name";
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_string_equal(buf, "no answer (network is unreachable), only a "
                        "reply about another name");
    r.error = 0;
    r.why = NULL;
    r.kind = IAD_DNS_RCODE;
    r.aa = true;
    r.rcode = 3;
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_string_equal(buf, "NXDOMAIN");
    r.rcode = 5;
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_string_equal(buf, "REFUSED");
    r.rcode = 2;
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_string_equal(buf, "SERVFAIL");
    r.kind = IAD_DNS_ANSWER;
    r.rcode = 0;
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_string_equal(buf, "no TXT record");
    r = answer(served, 1);
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_string_equal(buf, "TXT \"old \\034x\\034\"");
    r.aa = false;
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_string_equal(buf, "answered without authority (AA bit clear), so "
                        "it does not count: TXT \"old \\034x\\034\"");
    iad_dns_reply_release(&r);
}

static void
test_describe_fits_a_small_buffer(void **state)
{
    const char *served[] = { "a long value that will not fit at all" };
    struct iad_dns_reply r = answer(served, 1);
    char buf[16];

    iad_wait_describe(&r, buf, sizeof(buf));
    assert_true(strlen(buf) < sizeof(buf));
    iad_dns_reply_release(&r);
}

static void
test_without_authority_nothing_counts(void **state)
{
    const char *served[] = { "v" };
    char *want[] = { "v" };
    char *other[] = { "w" };
    struct iad_dns_reply r = answer(served, 1);

    /* A resolver's cache: it may hold the values, or have lost them. */
    r.aa = false;
    assert_false(iad_wait_satisfied(&r, want, 1, true));
    assert_false(iad_wait_satisfied(&r, other, 1, false));
    iad_dns_reply_release(&r);
    r.kind = IAD_DNS_RCODE;
    r.rcode = 3;
    assert_false(iad_wait_satisfied(&r, want, 1, false));
    r.kind = IAD_DNS_ANSWER;
    r.rcode = 0;
    assert_false(iad_wait_satisfied(&r, want, 1, false));
    /* The same with authority: NODATA and NXDOMAIN say gone. */
    r.aa = true;
    assert_true(iad_wait_satisfied(&r, want, 1, false));
    r.kind = IAD_DNS_RCODE;
    r.rcode = 3;
    assert_true(iad_wait_satisfied(&r, want, 1, false));
}

/* Fields of a crafted reply to a TXT question. */
struct crafted {
    unsigned id, flags, qtype, qclass;
    const char *qname;   /* dotted, no trailing dot */
    const char *txt;     /* one TXT string in the answer, or NULL */
};

#define QID 0x1234
#define QNAME "_acme-challenge.test.example"
#define F_QR 0x8000
#define F_AA 0x0400

/* C in DNS wire format into BUF; returns its length. */
static size_t
craft(const struct crafted *c, unsigned char *buf)
{
    const char *label = c->qname, *dot;
    size_t n = 0, len;

#define PUT16(v) (buf[n++] = (unsigned char)((v) >> 8), \
                  buf[n++] = (unsigned char)((v) & 0xff))
    PUT16(c->id);
    PUT16(c->flags);
    PUT16(1);
    PUT16(c->txt != NULL ? 1 : 0);
    PUT16(0);
    PUT16(0);
    for (;;) {
        dot = strchr(label, '.');
        len = dot != NULL ? (size_t)(dot - label) : strlen(label);
        buf[n++] = (unsigned char)len;
        memcpy(buf + n, label, len);
        n += len;
        if (dot == NULL)
            break;
        label = dot + 1;
    }
    buf[n++] = 0;
    PUT16(c->qtype);
    PUT16(c->qclass);
    if (c->txt != NULL) {
        len = strlen(c->txt);
        PUT16(0xc00c);          /* the owner: the question's name */
        PUT16(16);
        PUT16(c->qclass);
        PUT16(0);
        PUT16(60);
        PUT16(len + 1);
        buf[n++] = (unsigned char)len;
        memcpy(buf + n, c->txt, len);
        n += len;
    }
#undef PUT16
    return n;
}

/* Read C as the reply to QID for TXT at QNAME into R. */
static void
read_crafted(const struct crafted *c, struct iad_dns_reply *r)
{
    unsigned char buf[512];
    size_t len = craft(c, buf);

    assert_int_equal(iad_dns_read_reply(buf, len, QID, QNAME, IAD_RR_TXT, r),
                     IAD_OK);
}

static void
test_reply_with_authority_is_read(void **state)
{
    struct crafted c = { QID, F_QR | F_AA, 16, 1, QNAME, "v" };
    char *want[] = { "v" };
    struct iad_dns_reply r;

    read_crafted(&c, &r);
    assert_int_equal(r.kind, IAD_DNS_ANSWER);
    assert_true(r.aa);
    assert_true(iad_wait_satisfied(&r, want, 1, true));
    iad_dns_reply_release(&r);
    /* The question's name may come back in other letter case. */
    c.qname = "_ACME-Challenge.Test.EXAMPLE";
    read_crafted(&c, &r);
    assert_int_equal(r.kind, IAD_DNS_ANSWER);
    assert_true(iad_wait_satisfied(&r, want, 1, true));
    iad_dns_reply_release(&r);
    /* NXDOMAIN with authority: gone. */
    c.flags = F_QR | F_AA | 3;
    c.txt = NULL;
    read_crafted(&c, &r);
    assert_int_equal(r.kind, IAD_DNS_RCODE);
    assert_int_equal(r.rcode, 3);
    assert_true(iad_wait_satisfied(&r, want, 1, false));
    iad_dns_reply_release(&r);
}

static void
test_reply_without_authority_does_not_count(void **state)
{
    struct crafted c = { QID, F_QR, 16, 1, QNAME, "v" };
    char *want[] = { "v" };
    struct iad_dns_reply r;
    char buf[256];

    read_crafted(&c, &r);
    assert_int_equal(r.kind, IAD_DNS_ANSWER);
    assert_false(r.aa);
    assert_int_equal(r.n_values, 1);
    assert_false(iad_wait_satisfied(&r, want, 1, true));
    iad_wait_describe(&r, buf, sizeof(buf));
    assert_non_null(strstr(buf, "answered without authority"));
    iad_dns_reply_release(&r);
    c.flags = F_QR | 3;
    c.txt = NULL;
    read_crafted(&c, &r);
    assert_false(iad_wait_satisfied(&r, want, 1, false));
    iad_dns_reply_release(&r);
}

/* C is refused as the reply, for a reason containing WHY. */
static void
refused_as(const struct crafted *c, const char *why)
{
    struct iad_dns_reply r;
    char *want[] = { "v" };

    read_crafted(c, &r);
    assert_int_equal(r.kind, IAD_DNS_INVALID);
    assert_non_null(r.why);
    assert_non_null(strstr(r.why, why));
    assert_false(iad_wait_satisfied(&r, want, 1, true));
    assert_false(iad_wait_satisfied(&r, want, 1, false));
    iad_dns_reply_release(&r);
}

static void
test_reply_to_another_question_is_refused(void **state)
{
    struct crafted c = { QID, F_QR | F_AA, 16, 1, QNAME, "v" };
    unsigned char junk[] = { 0x12, 0x34, 0x84, 0x00, 0x00 };
    struct iad_dns_reply r;

    c.id = QID + 1;
    refused_as(&c, "another ID");
    c.id = QID;
    c.flags = F_AA;
    refused_as(&c, "a query");
    c.flags = F_QR | F_AA;
    c.qname = "_acme-challenge.test.example.evil";
    refused_as(&c, "another name");
    c.qname = "other.test.example";
    refused_as(&c, "another name");
    c.qname = QNAME;
    c.qtype = 1;
    refused_as(&c, "another type");
    c.qtype = 16;
    c.qclass = 3;   /* CH */
    refused_as(&c, "another class");
    c.qclass = 1;
    c.flags = F_QR | F_AA | (5 << 11);  /* opcode UPDATE */
    refused_as(&c, "another kind of request");
    assert_int_equal(iad_dns_read_reply(junk, sizeof(junk), QID, QNAME,
                                        IAD_RR_TXT, &r), IAD_OK);
    assert_int_equal(r.kind, IAD_DNS_INVALID);
    assert_non_null(strstr(r.why, "cannot be decoded"));
}

static void
parse_ok(const char *text, const char *host, unsigned port)
{
    char *h = NULL;
    unsigned p = 0;

    assert_int_equal(iad_wait_parse_server(text, 53, NULL, &h, &p), IAD_OK);
    assert_string_equal(h, host);
    assert_int_equal(p, port);
    free(h);
}

static void
test_nameserver_arguments(void **state)
{
    parse_ok("192.0.2.1", "192.0.2.1", 53);
    parse_ok("192.0.2.1:5353", "192.0.2.1", 5353);
    parse_ok("ns1.example.com", "ns1.example.com", 53);
    parse_ok("ns1.example.com:1053", "ns1.example.com", 1053);
    parse_ok("2001:db8::1", "2001:db8::1", 53);
    parse_ok("[2001:db8::1]:5300", "2001:db8::1", 5300);
    parse_ok("[::1]", "::1", 53);
    parse_ok("ns1.example.com.:1053", "ns1.example.com.", 1053);
    parse_ok("[::1]:65535", "::1", 65535);
    parse_ok("127.0.0.1:1", "127.0.0.1", 1);
}

/* TEXT is refused, with a message that names it and WHERE. */
static void
parse_refused(const char *text, const char *where, const char *why)
{
    char *h = NULL;
    unsigned p = 0;
    const char *msg;

    assert_int_equal(iad_wait_parse_server(text, 53, where, &h, &p),
                     IAD_ERR_USAGE);
    assert_null(h);
    assert_int_equal(p, 0);
    msg = iad_error_message(IAD_ERR_USAGE);
    assert_non_null(strstr(msg, text));
    assert_non_null(strstr(msg, where != NULL ? where : "--nameserver"));
    if (strstr(msg, why) == NULL)
        fail_msg("'%s' lacks '%s'", msg, why);
}

static void
test_bad_nameserver_arguments(void **state)
{
    parse_refused("host:0", NULL, "port must be 1 to 65535");
    parse_refused("127.0.0.1:0", NULL, "port must be 1 to 65535");
    parse_refused("host:65536", NULL, "port must be 1 to 65535");
    /* strtoul would take these: a sign, spaces, a wrapped number. */
    parse_refused("host:+53", NULL, "port must be 1 to 65535");
    parse_refused("host: 53", NULL, "port must be 1 to 65535");
    parse_refused("host:-65483", NULL, "port must be 1 to 65535");
    parse_refused("host:4294967349", NULL, "port must be 1 to 65535");
    parse_refused("host:x", NULL, "port must be 1 to 65535");
    parse_refused("host:", NULL, "port must be 1 to 65535");
    parse_refused("[::1]:", NULL, "port must be 1 to 65535");
    parse_refused("[::1]:0", NULL, "port must be 1 to 65535");
    parse_refused("[::1", NULL, "no ']'");
    parse_refused("[::1]x", NULL, "after ']'");
    parse_refused("[::1]]", NULL, "after ']'");
    parse_refused("[]", NULL, "no host");
    parse_refused("[]:53", NULL, "no host");
    parse_refused(":53", NULL, "no host");
    parse_refused("[zz]", NULL, "not an IPv6 address");
    parse_refused("[192.0.2.1]:53", NULL, "not an IPv6 address");
    parse_refused("[ns1.example.com]", NULL, "not an IPv6 address");
    parse_refused("1.2.3.4:5:6", NULL, "not an IPv6 address");
    parse_refused("2001:db8::g", NULL, "not an IPv6 address");
    parse_refused("ns1..example.com", NULL, "not an address or a host name");
    parse_refused("ns 1.example", NULL, "not an address or a host name");
    parse_refused("ns1/x", NULL, "not an address or a host name");
    parse_refused(".", NULL, "not an address or a host name");
    parse_refused("ns1;rm", NULL, "not an address or a host name");
    parse_refused("[::1", "--resolver", "no ']'");
    parse_refused("[::1", "my.conf:3", "no ']'");
}

static void
master_is(const char *text, const char *origin, const char *want)
{
    char *got = iad_name_from_master(text, origin);

    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void
test_master_file_names(void **state)
{
    master_is("ns1", "test.example", "ns1.test.example");
    master_is("ns1.test.example.", "test.example", "ns1.test.example");
    master_is("NS.Elsewhere.Example.", "test.example", "ns.elsewhere.example");
    master_is("@", "test.example", "test.example");
    master_is("a.b", "test.example", "a.b.test.example");
    assert_null(iad_name_from_master("", "test.example"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_present_needs_every_value),
        cmocka_unit_test(test_values_compare_exactly),
        cmocka_unit_test(test_error_replies_are_not_served),
        cmocka_unit_test(test_absent_needs_none_of_the_values),
        cmocka_unit_test(test_a_cname_is_not_the_record),
        cmocka_unit_test(test_without_authority_nothing_counts),
        cmocka_unit_test(test_reply_with_authority_is_read),
        cmocka_unit_test(test_reply_without_authority_does_not_count),
        cmocka_unit_test(test_reply_to_another_question_is_refused),
        cmocka_unit_test(test_describe_says_what_was_answered),
        cmocka_unit_test(test_describe_fits_a_small_buffer),
        cmocka_unit_test(test_nameserver_arguments),
        cmocka_unit_test(test_bad_nameserver_arguments),
        cmocka_unit_test(test_master_file_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
