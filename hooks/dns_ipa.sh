#!/usr/bin/env sh
# acme.sh DNS API for FreeIPA, through ipa-acme-dns.
#
# Copy this file into acme.sh's dnsapi/ directory and issue with
#   acme.sh --issue --dns dns_ipa -d example.com
# ipa-acme-dns reads its settings from IPA_ACME_DNS_CONF, else
# /etc/ipa-acme-dns.conf, else FreeIPA's /etc/ipa/default.conf.
# IPA_ACME_DNS names the program when it is not on PATH.
#
# dns_ipa_add returns once every authoritative name server serves the
# value, so acme.sh's own wait (--dnssleep) can be 0.

dns_ipa_add() {
  _ipa_fulldomain=$1
  _ipa_txtvalue=$2
  "${IPA_ACME_DNS:-ipa-acme-dns}" add "$_ipa_fulldomain" "$_ipa_txtvalue"
}

dns_ipa_rm() {
  _ipa_fulldomain=$1
  _ipa_txtvalue=$2
  "${IPA_ACME_DNS:-ipa-acme-dns}" del "$_ipa_fulldomain" "$_ipa_txtvalue"
}
