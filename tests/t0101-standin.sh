#!/bin/sh
# The sandbox and the bind-dyndb-ldap stand-in behave as the real plugin
# does: ACLs, value parsing, a bad value hiding its entry, TTL rules, two
# sandboxes apart, nothing left after down (scripts/sandbox-check).
exec bash "${top_srcdir:-$(dirname "$0")/..}/scripts/sandbox-check"
