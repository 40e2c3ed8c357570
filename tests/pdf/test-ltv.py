#!/usr/bin/env python3
"""Revocation and long-term validation (PAdES B-LT, B-LTA), end to end with
real responders on 127.0.0.1 that this script starts and stops:

  an OCSP responder   `openssl ocsp -index index.txt` for a test CA made
                      here, whose index.txt revokes one certificate
  a CRL server        python's http.server serving that CA's CRL (DER)
  a TSA               tsa-server.py (B-LTA only)

The signer certificates name both in their AIA and CRL distribution point.

Groups:
  ltv-revocation  the verifier: good / revoked (date, reason) from OCSP,
                  then from the CRL with the OCSP responder down, unknown
                  with both down
  ltv-dss         sign --ltv and `ltv`: a /DSS in a new update; with the
                  responders stopped, verify --offline still answers from it
  ltv-lta         sign --lta: a document timestamp after the /DSS, checked
"""

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

_spec = importlib.util.spec_from_file_location("tsv", os.path.join(HERE, "test-sign-validators.py"))
tsv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tsv)

SKIP = 77
ENV = dict(os.environ, OPENSSL_CONF="/dev/null")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, proc, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Pki:
    """A root CA, two signers (one revoked), index.txt and the CRL."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.d = ctx.path("ltv-pki")
        os.makedirs(os.path.join(self.d, "crl"), exist_ok=True)
        self.ocsp_port = free_port()
        self.crl_port = free_port()

    def p(self, name):
        return os.path.join(self.d, name)

    def ossl(self, *args):
        r = subprocess.run([self.ctx.a.openssl] + list(args), cwd=self.d, env=ENV,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise tsv.Failed("openssl %s: %s" % (" ".join(args), r.stderr.decode()[:500]))
        return r.stdout.decode()

    def make(self):
        with open(self.p("ext.cnf"), "w") as f:
            f.write("[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
                    "subjectKeyIdentifier=hash\n"
                    "[leaf]\nbasicConstraints=critical,CA:FALSE\n"
                    "keyUsage=critical,digitalSignature,nonRepudiation\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                    "authorityInfoAccess=OCSP;URI:http://127.0.0.1:%d/\n"
                    "crlDistributionPoints=URI:http://127.0.0.1:%d/ca.crl\n"
                    % (self.ocsp_port, self.crl_port))
        self.ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
                  "ca.pem", "-days", "3650", "-subj", "/C=CN/O=SealDesk Test/CN=SealDesk LTV CA",
                  "-config", "ext.cnf", "-extensions", "ca")
        index = []
        for name, serial in (("good", "1001"), ("revoked", "1002")):
            subj = "/C=CN/O=SealDesk Test/CN=SealDesk LTV %s" % name
            self.ossl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key",
                      "-out", name + ".csr", "-subj", subj)
            self.ossl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                      "-set_serial", "0x" + serial, "-days", "3650", "-sha256",
                      "-extfile", "ext.cnf", "-extensions", "leaf", "-out", name + ".pem")
            state = "V\t350101000000Z\t" if name == "good" else \
                "R\t350101000000Z\t240301120000Z,keyCompromise"
            index.append("%s\t%s\tunknown\t%s\n" % (state, serial, subj))
        with open(self.p("index.txt"), "w") as f:
            f.writelines(index)
        with open(self.p("index.txt.attr"), "w") as f:
            f.write("unique_subject = no\n")
        with open(self.p("crlnumber"), "w") as f:
            f.write("01\n")
        with open(self.p("ca.cnf"), "w") as f:
            f.write("[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncertificate=ca.pem\n"
                    "private_key=ca.key\ncrlnumber=crlnumber\ndefault_md=sha256\n"
                    "default_crl_days=30\n")
        self.ossl("ca", "-gencrl", "-config", "ca.cnf", "-out", "ca-crl.pem")
        self.ossl("crl", "-in", "ca-crl.pem", "-outform", "DER", "-out", "crl/ca.crl")

    def start_ocsp(self):
        self.ocsp = subprocess.Popen(
            [self.ctx.a.openssl, "ocsp", "-index", "index.txt", "-port", str(self.ocsp_port),
             "-rsigner", "ca.pem", "-rkey", "ca.key", "-CA", "ca.pem", "-nmin", "10"],
            cwd=self.d, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        # It serves one connection at a time: a probing connect would block
        # it; it says when it listens.
        return self.ocsp.stdout.readline().startswith(b"ACCEPT")

    def start_crl(self):
        self.crl = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.crl_port), "--bind", "127.0.0.1",
             "--directory", self.p("crl")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return wait_port(self.crl_port, self.crl)

    def stop(self, which=("ocsp", "crl")):
        for w in which:
            proc = getattr(self, w, None)
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()


def sign(ctx, pki, name, out, extra=()):
    src = os.path.join(ctx.corpus, ctx.case("cairo")["file"])
    cmd = [ctx.a.cli, "sign", src, "-o", out, "--key", pki.p(name + ".key"), "--cert",
           pki.p(name + ".pem"), "--chain", pki.p("ca.pem"), "--seal",
           os.path.join(ctx.corpus, "seal.png"), "--at", "20,30", "--size", "30"] + list(extra)
    p = ctx.run(cmd)
    p.cmdline = " ".join(cmd)
    return p


def verify(ctx, pki, f, extra=()):
    cmd = [ctx.a.cli, "verify", f, "--json", "--no-system-roots", "--trust", pki.p("ca.pem")]
    cmd += list(extra)
    p = ctx.run(cmd)
    p.cmdline = " ".join(cmd)
    try:
        return p, json.loads(p.out)
    except ValueError:
        return p, {}


def rev(j, i=0):
    sigs = j.get("signatures") or [{}]
    return sigs[i].get("revocation") or {}, (sigs[i].get("trust") or {}).get("status")


def group_revocation(ctx):
    pki = Pki(ctx)
    pki.make()
    try:
        ctx.check(pki.start_ocsp() and pki.start_crl(), "OCSP responder and CRL server listen")
        good, revoked = ctx.path("good.pdf"), ctx.path("revoked.pdf")
        for name, out in (("good", good), ("revoked", revoked)):
            p = sign(ctx, pki, name, out)
            if not ctx.check(p.returncode == 0, "signed with the %s certificate" % name,
                             tsv.describe(p)):
                return
        p, j = verify(ctx, pki, good)
        r, trust = rev(j)
        ctx.check(p.returncode == 0 and r.get("status") == "good" and r.get("source") == "OCSP"
                  and trust == "trusted", "good certificate: not revoked, by OCSP; exit 0",
                  tsv.describe(p))
        p, j = verify(ctx, pki, revoked)
        r, trust = rev(j)
        ctx.check(p.returncode == 5 and r.get("status") == "revoked" and trust == "revoked"
                  and r.get("reason") == "keyCompromise"
                  and (r.get("revoked_at") or "").startswith("2024-03-01T12:00:00")
                  and j.get("verdict") == "untrusted",
                  "revoked certificate: trust 'revoked' with date and reason, verdict untrusted "
                  "(exit 5)", tsv.describe(p))
        p = ctx.run([ctx.a.cli, "verify", revoked, "--no-system-roots", "--trust", pki.p("ca.pem")])
        ctx.check("keyCompromise" in p.out and "2024-03-01" in p.out,
                  "text report names the revocation date and reason", tsv.describe(p))

        pki.stop(["ocsp"])
        p, j = verify(ctx, pki, good)
        r, trust = rev(j)
        ctx.check(r.get("status") == "good" and r.get("source") == "CRL" and trust == "trusted",
                  "OCSP responder down: not revoked, from the CRL", tsv.describe(p))
        p, j = verify(ctx, pki, revoked)
        r, trust = rev(j)
        ctx.check(r.get("status") == "revoked" and r.get("source") == "CRL"
                  and r.get("reason") == "keyCompromise" and trust == "revoked",
                  "OCSP responder down: revoked, from the CRL", tsv.describe(p))

        pki.stop(["crl"])
        p, j = verify(ctx, pki, good)
        r, trust = rev(j)
        ctx.check(r.get("status") == "unknown" and "127.0.0.1" in (r.get("detail") or ""),
                  "both down: revocation unknown (not good), the URLs named", tsv.describe(p))
        p, j = verify(ctx, pki, good, ["--offline"])
        r, trust = rev(j)
        ctx.check(r.get("status") == "unknown", "--offline without a /DSS: unknown",
                  tsv.describe(p))
    finally:
        pki.stop()


def validators(ctx, f, label):
    """qpdf --check, pdfsig (which ignores the /DSS) and mutool accept it."""
    p = ctx.run([ctx.a.qpdf, "--check", f])
    ctx.check(p.returncode == 0, "%s: qpdf --check" % label, tsv.describe(p))
    p = ctx.run([ctx.a.pdfsig, f])
    ctx.check(p.returncode == 0 and "Signature is Valid" in p.out,
              "%s: pdfsig finds the signature valid" % label, tsv.describe(p))
    p = ctx.run([ctx.a.mutool, "info", f])
    ctx.check(p.returncode == 0 and "error" not in p.err.lower(), "%s: mutool info" % label,
              tsv.describe(p))


def dss_counts(ctx, f):
    """The /DSS of the newest revision, read with qpdf's JSON."""
    p = ctx.run([ctx.a.qpdf, "--json=1", "--json-key=objects", f])
    try:
        objects = json.loads(p.out)["objects"]
    except (ValueError, KeyError):
        return None
    for o in objects.values():
        if isinstance(o, dict) and o.get("/Type") == "/DSS":
            return {k: len(o.get(k) or []) for k in ("/Certs", "/CRLs", "/OCSPs")}
    return None


def group_dss(ctx):
    pki = Pki(ctx)
    pki.make()
    src = os.path.join(ctx.corpus, ctx.case("cairo")["file"])
    try:
        ctx.check(pki.start_ocsp() and pki.start_crl(), "OCSP responder and CRL server listen")
        lt, lt_revoked = ctx.path("lt.pdf"), ctx.path("lt-revoked.pdf")
        p = sign(ctx, pki, "good", lt, ["--ltv"])
        if not ctx.check(p.returncode == 0, "sign --ltv", tsv.describe(p)):
            return
        size_plain = os.path.getsize(src)
        with open(lt, "rb") as f:
            data = f.read()
        ctx.check(data.count(b"%%EOF") - open(src, "rb").read().count(b"%%EOF") == 2,
                  "sign --ltv: two updates, the signature then the /DSS")
        counts = dss_counts(ctx, lt)
        ctx.check(counts is not None and counts["/Certs"] >= 2 and counts["/OCSPs"] >= 1,
                  "the /DSS holds the chain and an OCSP response", repr(counts))
        validators(ctx, lt, "B-LT")
        p = sign(ctx, pki, "revoked", lt_revoked, ["--ltv"])
        ctx.check(p.returncode == 0, "sign --ltv with the revoked certificate", tsv.describe(p))

        # A file signed earlier: `ltv` adds the /DSS afterwards.
        plain, later = ctx.path("plain.pdf"), ctx.path("later.pdf")
        p = sign(ctx, pki, "good", plain)
        ctx.check(p.returncode == 0, "signed without --ltv", tsv.describe(p))
        p = ctx.run([ctx.a.cli, "ltv", plain, "-o", later])
        ctx.check(p.returncode == 0 and os.path.getsize(later) > os.path.getsize(plain)
                  and open(later, "rb").read().startswith(open(plain, "rb").read()),
                  "ltv FILE -o OUT: the original bytes, then the /DSS update", tsv.describe(p))
        p = ctx.run([ctx.a.cli, "ltv", plain, "-o", plain])
        ctx.check(p.returncode == 2, "ltv onto its own input: refused", tsv.describe(p))
        p = ctx.run([ctx.a.cli, "ltv", src, "-o", ctx.path("unsigned-ltv.pdf")])
        ctx.check(p.returncode == 1 and not os.path.exists(ctx.path("unsigned-ltv.pdf")),
                  "ltv on an unsigned file: refused, nothing written", tsv.describe(p))

        pki.stop()
        for f, label in ((lt, "sign --ltv"), (later, "ltv")):
            p, j = verify(ctx, pki, f, ["--offline"])
            r, trust = rev(j)
            ctx.check(p.returncode == 0 and r.get("status") == "good"
                      and r.get("source") == "OCSP (DSS)" and trust == "trusted"
                      and j.get("verdict") == "valid",
                      "%s, responders stopped, --offline: good from the /DSS, verdict valid"
                      % label, tsv.describe(p))
            p, j = verify(ctx, pki, f)
            r, trust = rev(j)
            ctx.check(r.get("status") == "good" and r.get("source") == "OCSP (DSS)",
                      "%s, responders stopped, online: the /DSS answers first" % label,
                      tsv.describe(p))
        p, j = verify(ctx, pki, lt_revoked, ["--offline"])
        r, trust = rev(j)
        ctx.check(p.returncode == 5 and r.get("status") == "revoked" and trust == "revoked"
                  and r.get("reason") == "keyCompromise",
                  "revoked certificate, offline: revoked from the /DSS", tsv.describe(p))
        p = sign(ctx, pki, "good", ctx.path("down.pdf"), ["--ltv"])
        ctx.check(p.returncode == 1 and "127.0.0.1" in p.err
                  and not os.path.exists(ctx.path("down.pdf")),
                  "sign --ltv with the responders down: fails naming them, nothing written",
                  tsv.describe(p))
    finally:
        pki.stop()


def group_lta(ctx):
    tsm = importlib.util.spec_from_file_location("tsm", os.path.join(HERE, "test-seal-modes.py"))
    modes = importlib.util.module_from_spec(tsm)
    tsm.loader.exec_module(modes)
    if not ctx.check(modes.make_tsa_cert(ctx), "test TSA certificate made"):
        return
    pki = Pki(ctx)
    pki.make()
    tsa = modes.Tsa(ctx)
    try:
        ctx.check(pki.start_ocsp() and pki.start_crl(), "OCSP responder and CRL server listen")
        out = ctx.path("lta.pdf")
        p = sign(ctx, pki, "good", out, ["--tsa", tsa.url, "--lta"])
        if not ctx.check(p.returncode == 0, "sign --tsa --lta", tsv.describe(p)):
            return
        validators(ctx, out, "B-LTA")
        p = ctx.run([ctx.a.pdfsig, out])
        ctx.check("Signature #2" in p.out, "pdfsig lists the document timestamp too",
                  tsv.describe(p))
        pki.stop()
        p, j = verify(ctx, pki, out, ["--offline", "--trust", ctx.path("tsa/chain.pem")])
        sigs = j.get("signatures") or []
        r, trust = rev(j)
        ts = sigs[-1] if sigs else {}
        ctx.check(len(sigs) == 2 and ts.get("document_timestamp") is True
                  and ts.get("status") == "valid"
                  and (ts.get("coverage") or {}).get("covers_whole_file") is True,
                  "verify: the document timestamp is valid and covers the whole file",
                  tsv.describe(p))
        ctx.check(p.returncode == 0 and j.get("verdict") == "valid" and r.get("status") == "good"
                  and r.get("source") == "OCSP (DSS)",
                  "verify --offline: valid, revocation from the /DSS", tsv.describe(p))
        p = sign(ctx, pki, "good", ctx.path("lta-no-tsa.pdf"), ["--lta"])
        ctx.check(p.returncode == 2, "--lta without --tsa: usage error", tsv.describe(p))
    finally:
        tsa.stop()
        pki.stop()


GROUPS = {
    "ltv-revocation": group_revocation,
    "ltv-dss": group_dss,
    "ltv-lta": group_lta,
}


def main():
    ap = tsv.argparse.ArgumentParser(description=__doc__,
                                     formatter_class=tsv.argparse.RawDescriptionHelpFormatter)
    ap.add_argument("group")
    ap.add_argument("--cli")
    ap.add_argument("--keys", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--workdir")
    ap.add_argument("--localedir")
    ap.add_argument("--keep", action="store_true")
    for tool in ("qpdf", "pdfsig", "pdfinfo", "mutool", "pdftoppm", "openssl"):
        ap.add_argument("--" + tool, default=shutil.which(tool))
    a = ap.parse_args()
    for tool in ("qpdf", "pdfsig", "mutool", "openssl"):
        if not getattr(a, tool):
            print("skip: %s not found" % tool)
            return SKIP
    if not a.cli or not os.access(a.cli, os.X_OK):
        print("skip: sealdesk-cli not available (%r)" % a.cli)
        return SKIP
    for attr in ("cli", "keys", "corpus", "workdir", "localedir"):
        v = getattr(a, attr)
        if v and os.path.exists(v):
            setattr(a, attr, os.path.abspath(v))
    if a.group not in GROUPS:
        print("unknown group %r" % a.group)
        return 1
    ctx = tsv.Ctx(a)
    print("group %s; work dir %s" % (a.group, ctx.tmp))
    try:
        GROUPS[a.group](ctx)
    except tsv.Failed as e:
        ctx.fail("aborted: %s" % e)
    except Exception as e:  # a harness bug must show up as a failure with context
        import traceback
        ctx.fail("harness error: %r" % e, traceback.format_exc())
    print("%d passed, %d failed" % (ctx.passes, ctx.failures))
    ctx.cleanup()
    return 1 if ctx.failures else 0


if __name__ == "__main__":
    sys.exit(main())
