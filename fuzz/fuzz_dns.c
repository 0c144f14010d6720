/*
 * DNS replies: the first byte picks the type asked for (A, AAAA, NS,
 * CNAME, TXT, SRV: its value modulo 6); the rest is the reply's wire
 * bytes, parsed as the wait parses a name server's answer to a query
 * at _acme-challenge.example.com: checked as the reply to the query
 * asked (iad_dns_read_reply, with the ID the bytes carry, so that the
 * checks after it are reached), and parsed as such (iad_dns_parse_wire).
 */
#include "config.h"

#include <string.h>

#include "dns.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct iad_dns_reply reply;
    enum iad_error ret;
    size_t i;

    if (size < 1)
        return 0;
    memset(&reply, 0, sizeof(reply));
    ret = iad_dns_read_reply(data + 1, size - 1, size >= 3 ?
                             (unsigned)data[1] << 8 | data[2] : 0,
                             "_acme-challenge.example.com",
                             (enum iad_rr_type)(data[0] % 6), &reply);
    (void)fuzz_ret(ret);
    for (i = 0; ret == IAD_OK && i < reply.n_values; i++) {
        if (reply.values[i][reply.lens[i]] != '\0')
            abort();
    }
    iad_dns_reply_release(&reply);
    ret = iad_dns_parse_wire(data + 1, size - 1,
                             "_acme-challenge.example.com",
                             (enum iad_rr_type)(data[0] % 6), &reply);
    (void)fuzz_ret(ret);
    for (i = 0; ret == IAD_OK && i < reply.n_values; i++) {
        if (reply.values[i][reply.lens[i]] != '\0')
            abort();
    }
    iad_dns_reply_release(&reply);
    return 0;
}
