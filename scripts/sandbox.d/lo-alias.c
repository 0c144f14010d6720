/*
 * lo-alias: an LD_PRELOAD shim that lets BIND listen on a second
 * loopback address, for the sandbox's second name server.
 *
 * Linux routes all of 127.0.0.0/8 to the loopback interface, so a
 * socket can bind 127.0.0.2 without any configuration; but named only
 * listens on addresses that getifaddrs() reports, and lo carries just
 * 127.0.0.1.  Adding 127.0.0.2 to lo would change the machine.  Instead,
 * scripts/sandbox preloads this into its second named only: getifaddrs()
 * then also reports SANDBOX_LOOPBACK_ALIAS (an IPv4 address) on lo, and
 * named binds it like any other address.
 *
 * Built by scripts/sandbox into the sandbox directory:
 *   cc -shared -fPIC -o DIR/lo-alias.so scripts/sandbox.d/lo-alias.c -ldl
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>

/*
 * One static entry, appended to the list the C library built.  glibc's
 * freeifaddrs() frees the list as the one block it allocated and never
 * follows ifa_next, so the entry is never freed.
 */
static struct sockaddr_in alias_addr;
static struct sockaddr_in alias_mask;
static struct ifaddrs alias_entry;

/*
 * getifaddrs() of the C library, then the alias at the end of *IFAP.
 * Returns what the C library returned; without a valid
 * SANDBOX_LOOPBACK_ALIAS the list is left as it is.
 */
int
getifaddrs(struct ifaddrs **ifap)
{
    int (*next)(struct ifaddrs **) = NULL;
    const char *alias = getenv("SANDBOX_LOOPBACK_ALIAS");
    struct ifaddrs *last = NULL;
    int ret;

    *(void **)&next = dlsym(RTLD_NEXT, "getifaddrs");
    if (next == NULL)
        return -1;
    ret = next(ifap);
    if (ret != 0 || alias == NULL || *ifap == NULL)
        return ret;
    if (inet_pton(AF_INET, alias, &alias_addr.sin_addr) != 1)
        return ret;
    alias_addr.sin_family = AF_INET;
    alias_mask.sin_family = AF_INET;
    alias_mask.sin_addr.s_addr = htonl(0xffffffffU);
    alias_entry.ifa_next = NULL;
    alias_entry.ifa_name = (char *)"lo";
    alias_entry.ifa_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
    alias_entry.ifa_addr = (struct sockaddr *)&alias_addr;
    alias_entry.ifa_netmask = (struct sockaddr *)&alias_mask;
    alias_entry.ifa_data = NULL;
    for (last = *ifap; last->ifa_next != NULL; last = last->ifa_next)
        ;
    last->ifa_next = &alias_entry;
    return ret;
}
