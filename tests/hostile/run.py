#!/usr/bin/python3
"""Run the hostile-input corpus through ipa-acme-dns against a sandbox.

Usage: run.py CORPUS_DIR IAD WORKDIR   (the sandbox's env loaded)

Each input is either refused (R) or accepted (A), as its line says (L:
accepted on 389-DS, refused by slapd itself, whose back-mdb does not take
so long an RDN: exit 1, nothing changed):

- refused: exit 2, one line on stderr beginning "ipa-acme-dns: ", nothing
  on stdout, and the whole DNS subtree unchanged;
- accepted: exit 0, the values served by BIND byte for byte at the name
  the line gives (beside the value each such entry holds from the start,
  so that an entry is never created or emptied: 389-DS keeps an emptied
  entry), then removed (by del, or the hook's own cleanup call) leaving
  the subtree exactly as it was.

No output of any run may hold a control byte (C0 but the newlines of
stderr's lines, DEL, C1) or text that is not UTF-8.  Prints "not ok" lines
for inputs that do neither, then the counts; exits 1 when any failed.

The corpus files are tables, one input a line, fields separated by tabs;
'#' lines and blank lines are skipped.  Field text is decoded: \\xHH is a
byte, \\\\ a backslash, \\t a tab, \\{N}C the character C (or one escape)
N times.  Placeholders: @N the name the accepted inputs use, @V a value
made for the line, @H the dns-01 value of @V (lego's EXEC_MODE=RAW),
@CONF the sandbox's configuration file, @BASE its text.

  names.txt    EXPECT NAME [SERVED_NAME]    add NAME @V, del NAME @V
  values.txt   EXPECT VALUE                 add @N VALUE... (batched)
  options.txt  EXPECT ARG...                ARGs before "add @N @V"
                                            (none when they hold "add")
  config.txt   EXPECT TEXT                  -c FILE add @N @V, FILE =
                                            @BASE then TEXT, or TEXT
                                            with @BASE in it
  ipaconf.txt  EXPECT TEXT                  default.conf for a file
                                            without "base ="
  hooks.txt    EXPECT SERVED_NAME SERVED_VALUE MODE ITEM...
                                            ITEM %VAR=VALUE is put in
                                            the environment, others are
                                            arguments; cleanup by the
                                            mode's own call
"""
import base64
import hashlib
import os
import re
import subprocess
import sys
import time

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

KEEP = b"iad-hostile-keep"
NAME = b"_acme-challenge.test.example"
BATCH = 8
CLEANUP = {"lego": ("present", "cleanup"),
           "dehydrated": ("deploy_challenge", "clean_challenge"),
           "uacme": ("begin", "done")}


def decode(text):
    """The bytes a corpus field stands for."""
    out = bytearray()
    i = 0
    while i < len(text):
        m = re.match(rb"\\\{(\d+)\}", text[i:])
        if m:
            i += m.end()
            unit, i = unit_at(text, i)
            out += unit * int(m.group(1))
            continue
        unit, i = unit_at(text, i)
        out += unit
    return bytes(out)


def unit_at(text, i):
    if text[i:i + 2] == b"\\x":
        return bytes([int(text[i + 2:i + 4], 16)]), i + 4
    if text[i:i + 2] == b"\\\\":
        return b"\\", i + 2
    if text[i:i + 2] == b"\\t":
        return b"\t", i + 2
    return text[i:i + 1], i + 1


def dns01(value):
    digest = hashlib.sha256(value).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=")


def clean(data, lines_ok):
    """Whether DATA has no control byte (but newlines if LINES_OK) and
    is UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    for ch in text:
        cp = ord(ch)
        if ch == "\n" and lines_ok:
            continue
        if cp < 0x20 or 0x7f <= cp <= 0x9f:
            return False
    return True


class Runner:
    def __init__(self, corpus, iad, work):
        self.corpus, self.prog, self.work = corpus, iad, work
        self.conf = os.environ["SANDBOX_CONF"].encode()
        with open(self.conf, "rb") as f:
            self.base_text = f.read()
        self.env = {k: v for k, v in os.environb.items()
                    if not k.startswith((b"CERTBOT_", b"UACME_", b"EXEC_"))}
        self.env[b"IPA_CONFDIR"] = os.path.join(work, "no-ipa").encode()
        self.env.pop(b"IPA_ACME_DNS_CONF", None)
        self.serial = 0
        self.counts = {"tried": 0, "refused": 0, "stored": 0, "other": 0,
                       "limit": 0}
        self.failed = []
        self.links = os.path.join(work, "links")
        os.makedirs(self.links, exist_ok=True)
        for mode in ("certbot", "lego", "dehydrated", "uacme"):
            link = os.path.join(self.links, "ipa-acme-dns-" + mode)
            if not os.path.exists(link):
                os.symlink(iad, link)
        self.before = None
        # Every output, for the sandbox's search for key material.
        self.outputs = open(os.path.join(work, "outputs"), "ab")
        self.slapd = os.environ["SANDBOX_LDAP_SERVER"] != "389"

    # --- the outside world ---------------------------------------------

    def run(self, argv, env=None, files=()):
        full = dict(self.env)
        full.update(env or {})
        p = subprocess.run(argv, env=full, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
        self.outputs.write(p.stdout + p.stderr)
        return p.returncode, p.stdout, p.stderr

    def iad(self, *args):
        return [self.iad_path()] + list(args)

    def iad_path(self):
        return self.prog.encode()

    def snapshot(self):
        p = subprocess.run(
            ["ldapsearch", "-Q", "-LLL", "-o", "ldif-wrap=no", "-Y",
             "EXTERNAL", "-H", os.environ["SANDBOX_LDAPI_URI"], "-b",
             os.environ["SANDBOX_DNS_BASE"], "*"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
        return sorted(p.stdout.split(b"\n"))

    def served(self, name):
        host, port = os.environ["SANDBOX_DNS"].rsplit(":", 1)
        query = dns.message.make_query(name.decode("ascii"),
                                       dns.rdatatype.TXT)
        query.flags &= ~dns.flags.RD
        resp = dns.query.udp(query, host, port=int(port), timeout=2)
        if resp.flags & dns.flags.TC:
            resp = dns.query.tcp(query, host, port=int(port), timeout=5)
        if resp.rcode() != dns.rcode.NOERROR:
            return [dns.rcode.to_text(resp.rcode())]
        return sorted(b"".join(rd.strings) for rrset in resp.answer
                      if rrset.rdtype == dns.rdatatype.TXT for rd in rrset)

    def wait_served(self, name, want):
        want = sorted(want)
        got = None
        for _ in range(100):
            got = self.served(name)
            if got == want:
                return None
            time.sleep(0.05)
        return "served at %r: %s, expected %s" % (
            name, short(got), short(want))

    # --- verdicts --------------------------------------------------------

    def fail(self, where, why, out=b"", err=b""):
        self.failed.append(where)
        print("not ok - %s: %s" % (where, why))
        if out or err:
            print("#   stdout: %r" % out[:300])
            print("#   stderr: %r" % err[:300])

    def unchanged(self, where):
        if self.snapshot() == self.before:
            return True
        self.counts["other"] += 1
        self.fail(where, "the DNS subtree changed")
        self.before = self.snapshot()
        return False

    def refused(self, where, argv, env=None, undo=None):
        """Run ARGV, expecting a refusal; UNDO removes what it wrote if
        it was accepted after all, so that the inputs after it are judged
        on their own."""
        rc, out, err = self.run(argv, env)
        if rc != 2:
            self.fail(where, "exit %d, expected 2 (refused)" % rc, out, err)
        elif out or err.count(b"\n") != 1 or \
                not err.startswith(b"ipa-acme-dns: "):
            self.fail(where, "not one line on stderr only", out, err)
        elif not clean(out, False) or not clean(err, True):
            self.fail(where, "raw control bytes in the output", out, err)
        elif self.unchanged(where):
            self.counts["refused"] += 1
            return True
        if rc == 0:
            if undo is not None:
                self.run(undo, env)
            self.unchanged(where)
        return False

    def directory_limit(self, where, argv):
        """An input slapd cannot store (L): exit 1 naming the entry the
        directory refused, and nothing changed."""
        rc, out, err = self.run(argv)
        if rc != 1 or err.count(b"\n") != 1 or b"cannot add entry" not in err:
            self.fail(where, "exit %d, expected 1 (slapd's limit)" % rc, out,
                      err)
        elif not clean(out, False) or not clean(err, True):
            self.fail(where, "raw control bytes in the output", out, err)
        elif self.unchanged(where):
            self.counts["limit"] += 1

    def accepted(self, where, argv, env, name, values, undo, undo_env=None):
        """Run ARGV (adding VALUES at NAME), check, then UNDO."""
        rc, out, err = self.run(argv, env)
        if rc != 0:
            self.fail(where, "exit %d, expected 0 (accepted)" % rc, out, err)
            return self.unchanged(where) and False
        ok = True
        if not clean(out, True) or not clean(err, True):
            self.fail(where, "raw control bytes in the output", out, err)
            ok = False
        why = self.wait_served(name, [KEEP] + list(values))
        if why is not None:
            self.fail(where, why)
            ok = False
        rc, out, err = self.run(undo, undo_env if undo_env is not None
                                else env)
        if rc != 0:
            self.fail(where, "removing: exit %d" % rc, out, err)
            ok = False
        elif not clean(out, True) or not clean(err, True):
            self.fail(where, "raw control bytes in the output", out, err)
            ok = False
        if not self.unchanged(where):
            return False
        if ok:
            self.counts["stored"] += 1
        return ok

    def value(self):
        self.serial += 1
        return b"hostile-%d" % self.serial

    # --- the corpus ------------------------------------------------------

    def table(self, filename):
        path = os.path.join(self.corpus, filename)
        rows = []
        with open(path, "rb") as f:
            for lineno, line in enumerate(f.read().split(b"\n"), 1):
                if not line.strip() or line.startswith(b"#"):
                    continue
                fields = line.split(b"\t")
                if fields[0] not in (b"A", b"R", b"L"):
                    sys.exit("%s:%d: expected A, R or L" % (path, lineno))
                accept = fields[0] == b"A" or (fields[0] == b"L" and
                                              not self.slapd)
                if fields[0] == b"L" and self.slapd:
                    accept = None
                rows.append(("%s:%d" % (filename, lineno), accept,
                             fields[1:]))
        return rows

    def subst(self, field, v):
        field = field.replace(b"@N", NAME).replace(b"@CONF", self.conf)
        field = field.replace(b"@H", dns01(v))
        return decode(field.replace(b"@V", v))

    def keepers(self, rows):
        """Give every name an accepted input is served at its value."""
        names = {NAME}
        for where, accept, fields in rows:
            if accept and where.startswith("names.txt"):
                names.add(decode(fields[-1]).rstrip(b".").lower())
            if accept and where.startswith("hooks.txt"):
                names.add(decode(fields[0]))
        for name in sorted(names):
            rc, out, err = self.run(
                self.iad(b"-c", self.conf, b"add", name, KEEP))
            if rc != 0:
                self.fail("setup", "cannot add the kept value at %r" % name,
                          out, err)

    def names(self, rows):
        for where, accept, fields in rows:
            self.counts["tried"] += 1
            v = self.value()
            name = decode(fields[0])
            argv = self.iad(b"-c", self.conf, b"add", name, v)
            if accept is None:
                self.directory_limit(where, argv)
                continue
            if not accept:
                self.refused(where, argv, None,
                             self.iad(b"-c", self.conf, b"del", name, v))
                continue
            served = decode(fields[-1]).rstrip(b".")
            self.accepted(where, argv, None, served, [v],
                          self.iad(b"-c", self.conf, b"del", name, v))

    def values(self, rows):
        batch = []
        for where, accept, fields in rows:
            self.counts["tried"] += 1
            value = decode(fields[0])
            argv = self.iad(b"-c", self.conf, b"add", NAME, value)
            if not accept:
                self.refused(where, argv, None,
                             self.iad(b"-c", self.conf, b"del", NAME, value))
                continue
            batch.append((where, value))
            if len(batch) == BATCH:
                self.value_batch(batch)
                batch = []
        if batch:
            self.value_batch(batch)

    def value_batch(self, batch):
        values = [v for _, v in batch]
        add = self.iad(b"-c", self.conf, b"add", NAME, *values)
        rc, out, err = self.run(add)
        if rc == 0:
            why = self.wait_served(NAME, [KEEP] + values)
            rc2, out2, err2 = self.run(
                self.iad(b"-c", self.conf, b"del", NAME, *values))
            if why is None and rc2 == 0 and clean(out + out2, True) and \
                    clean(err + err2, True) and \
                    self.snapshot() == self.before:
                self.counts["stored"] += len(batch)
                return
        else:
            self.run(self.iad(b"-c", self.conf, b"del", NAME, *values))
        # Something went wrong: each on its own, to say which.
        for where, value in batch:
            self.accepted(where, self.iad(b"-c", self.conf, b"add", NAME,
                                          value), None, NAME, [value],
                          self.iad(b"-c", self.conf, b"del", NAME, value))

    def options(self, rows):
        for where, accept, fields in rows:
            self.counts["tried"] += 1
            v = self.value()
            args = [self.subst(f, v) for f in fields]
            if b"@CONF" not in b"".join(fields):
                args = [b"-c", self.conf] + args
            if b"add" not in args:
                args += [b"add", NAME, v]
            self.judge(where, accept, self.iad(*args), None, v)

    def judge(self, where, accept, argv, env, v):
        undo = self.iad(b"-c", self.conf, b"del", NAME, v)
        if not accept:
            self.refused(where, argv, env, undo)
        else:
            self.accepted(where, argv, env, NAME, [v], undo)

    def config(self, rows, ipa):
        for n, (where, accept, fields) in enumerate(rows):
            self.counts["tried"] += 1
            v = self.value()
            text = decode(fields[0].replace(b"@V", v))
            path = os.path.join(self.work, "hostile-%d.conf" % n)
            env = None
            if ipa:
                confdir = os.path.join(self.work, "ipa-%d" % n)
                os.makedirs(confdir, exist_ok=True)
                with open(os.path.join(confdir, "default.conf"), "wb") as f:
                    f.write(text)
                text = re.sub(rb"(?m)^base = .*\n", b"", self.base_text)
                env = {b"IPA_CONFDIR": confdir.encode()}
            elif b"@BASE" in fields[0]:
                text = text.replace(b"@BASE", self.base_text)
            else:
                text = self.base_text + text
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(text)
            self.judge(where, accept,
                       self.iad(b"-c", path.encode(), b"add", NAME, v), env, v)

    def hooks(self, rows):
        for where, accept, fields in rows:
            self.counts["tried"] += 1
            v = self.value()
            mode = fields[2].decode()
            env = {b"IPA_ACME_DNS_CONF": self.conf}
            args = []
            for item in fields[3:]:
                if item.startswith(b"%"):
                    key, _, val = item[1:].partition(b"=")
                    env[key] = self.subst(val, v)
                else:
                    args.append(self.subst(item, v))
            argv, undo, undo_env = self.hook_argv(mode, args, env)
            if not accept:
                self.refused(where, argv, env, undo)
                continue
            self.accepted(where, argv, env, self.subst(fields[0], v),
                          [self.subst(fields[1], v)], undo, undo_env)

    def hook_argv(self, mode, args, env):
        """The hook call, and the cleanup call that undoes it."""
        undo_env = dict(env)
        if mode == "acmesh":
            shim = os.path.join(self.corpus, "..", "..", "hooks",
                                "dns_ipa.sh")
            env[b"IPA_ACME_DNS"] = self.iad_path()
            script = '. "$0"; dns_ipa_%s "$1" "$2"'
            return ([b"sh", b"-c", (script % "add").encode(),
                     shim.encode()] + args,
                    [b"sh", b"-c", (script % "rm").encode(),
                     shim.encode()] + args, env)
        link = os.path.join(self.links, "ipa-acme-dns-" + mode).encode()
        undo_args = list(args)
        if mode == "certbot":
            undo_env[b"CERTBOT_AUTH_OUTPUT"] = b""
        elif mode == "uacme" and not args:
            undo_env[b"UACME_METHOD"] = b"done"
        elif undo_args and undo_args[0] == CLEANUP[mode][0].encode():
            undo_args[0] = CLEANUP[mode][1].encode()
        return [link] + args, [link] + undo_args, undo_env

    def main(self):
        tables = {f: self.table(f) for f in (
            "names.txt", "values.txt", "options.txt", "config.txt",
            "ipaconf.txt", "hooks.txt")}
        self.keepers([r for rows in tables.values() for r in rows])
        self.before = self.snapshot()
        self.names(tables["names.txt"])
        self.values(tables["values.txt"])
        self.options(tables["options.txt"])
        self.config(tables["config.txt"], False)
        self.config(tables["ipaconf.txt"], True)
        self.hooks(tables["hooks.txt"])
        c = self.counts
        print("# hostile inputs: %d tried, %d refused, %d stored exactly, "
              "%d other changes seen, %d failed" % (
                  c["tried"], c["refused"] + c["limit"], c["stored"],
                  c["other"], len(self.failed)))
        if c["limit"]:
            print("# (%d of the refused by slapd itself: an RDN longer than "
                  "its back-mdb takes, see names.txt)" % c["limit"])
        return 1 if self.failed or c["other"] else 0


def short(values):
    if values is None:
        return "nothing"
    return ", ".join(repr(v[:40]) + ("...[%d]" % len(v) if len(v) > 40
                                     else "") for v in values)


if __name__ == "__main__":
    sys.exit(Runner(*sys.argv[1:4]).main())
