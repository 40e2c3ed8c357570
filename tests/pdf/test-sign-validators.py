#!/usr/bin/env python3
"""End-to-end tests: sign corpus PDFs with sealdesk-cli and check the result
with real validators (qpdf, poppler's pdfsig and pdftoppm, mupdf's mutool).

Usage: test-sign-validators.py GROUP [options]

GROUP is one of:
  case:NAME     sign corpus case NAME with every key type (or check that it is
                refused, as its manifest entry says) and validate the output
  multi-sign    three signatures in a row keep the earlier ones valid
  certify       DocMDP: P 1 forbids a further signature, P 2 and P 3 allow it
  options       --digest, --pss, --subfilter, --chain, --password-env, texts
  existing-output   refuses an existing output without --force
  locale-zh     error messages in zh_CN with LANG=zh_CN.UTF-8
  inspect       `inspect --json` agrees with the validators
  selftest      proves this harness on PDFs signed by pdfsig and by openssl cms
                (needs no sealdesk-cli)
  manifest      the corpus manifest matches the cases meson registers

Exit status: 0 pass, 1 fail, 77 skip (meson's skip code).
Every check prints one line "ok  ..." or "FAIL ..." with the evidence.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # never write __pycache__ into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdpdf  # noqa: E402
from sdpdf import N, PdfWriter, Raw, Ref, Stream  # noqa: E402

SKIP = 77
TIMEOUT = 120
# SD_CLI_WRAPPER="valgrind -q --error-exitcode=99" runs every `sign` under a
# wrapper (memory errors then fail the exit-code checks).
CLI_WRAPPER = os.environ.get("SD_CLI_WRAPPER", "").split()

# Key configurations: name -> (cli args, expectations)
#   pdfsig_ok: pdfsig (poppler 22.12 + NSS 3.87) verifies the signature
#   mutool_ok: mutool 1.21 (OpenSSL) verifies the digest
KEYS = {
    "rsa-p12": {"args": ["--p12", "{k}/rsa.p12", "--password-file", "{k}/pass.txt"],
                "cn": "SealDesk Test RSA Signer"},
    "ec256-pem": {"args": ["--key", "{k}/ec256.key", "--cert", "{k}/ec256.pem",
                           "--chain", "{k}/ec256-chain.pem"],
                  "cn": "SealDesk Test EC P-256 Signer"},
    "ec384-p12": {"args": ["--p12", "{k}/ec384.p12", "--password-env", "SD_TEST_P12_PW",
                           "--digest", "sha384"],
                  "cn": "SealDesk Test EC P-384 Signer"},
    "sm2-pem": {"args": ["--key", "{k}/sm2.key", "--cert", "{k}/sm2.pem",
                         "--chain", "{k}/sm2-chain.pem", "--digest", "sm3"],
                "cn": "SealDesk Test SM2 Signer"},
}

# What the validators on Debian 12 can verify, established by `selftest`
# (signatures made by openssl cms, or by hand for SM2, embedded by this harness):
#   pdfsig 22.12 / NSS 3.87: RSA PKCS#1 v1.5, RSA-PSS, ECDSA -> "Signature is
#       Valid."; SM2/SM3 -> "Unknown Validation Failure." (NSS has no SM2)
#   mutool 1.21 (PKCS7_verify, OpenSSL 3.0): RSA and ECDSA -> "The document is
#       unchanged since signing."; RSA-PSS and SM2 -> "Digest error: Unknown
#       error." (its PKCS#7 code handles neither)
#   Every signature is also checked with OpenSSL directly (openssl_verify),
#   which covers PSS and SM2.
PDFSIG_UNSUPPORTED = {"sm2"}
MUTOOL_UNSUPPORTED = {"pss", "sm2"}


def algs(key):
    """Algorithm tags of a key label such as 'rsa-p12', 'rsa-p12+pss', 'sm2-pem'."""
    tags = set(key.split("+")[1:])
    tags.add(key.split("-")[0])
    return tags


class Failed(Exception):
    pass


class Ctx:
    def __init__(self, a):
        self.a = a
        self.failures = 0
        self.passes = 0
        self.notes = []
        self.keys = a.keys
        self.corpus = a.corpus
        with open(os.path.join(a.corpus, "manifest.json")) as f:
            self.manifest = json.load(f)
        base = a.workdir or os.path.join(tempfile.gettempdir(), "sealdesk-pdf-tests")
        os.makedirs(base, exist_ok=True)
        prefix = re.sub(r"[^A-Za-z0-9_-]", "_", a.group) + "-"
        # Work dirs of this group's earlier failed runs go; only the newest is kept.
        for old in os.listdir(base):
            if old.startswith(prefix) and len(old) == len(prefix) + 8:
                shutil.rmtree(os.path.join(base, old), ignore_errors=True)
        self.tmp = tempfile.mkdtemp(prefix=prefix, dir=base)
        self.env = dict(os.environ)
        self.env["SD_TEST_P12_PW"] = open(os.path.join(self.keys, "pass.txt")).read()
        self.env["LC_ALL"] = "C.UTF-8"
        self.env.pop("LANGUAGE", None)
        if a.localedir:
            self.env["SEALDESK_LOCALEDIR"] = a.localedir

    # ---- reporting ----
    def ok(self, what):
        self.passes += 1
        print("ok   %s" % what)

    def fail(self, what, detail=""):
        self.failures += 1
        print("FAIL %s" % what)
        if detail:
            for line in str(detail).rstrip().splitlines()[:60]:
                print("     | %s" % line)

    def check(self, cond, what, detail=""):
        if cond:
            self.ok(what)
        else:
            self.fail(what, detail)
        return cond

    def note(self, text):
        self.notes.append(text)
        print("note %s" % text)

    # ---- processes ----
    def run(self, cmd, env=None, timeout=TIMEOUT):
        t = time.monotonic()
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env or self.env, timeout=timeout, cwd=self.tmp)
        except subprocess.TimeoutExpired:
            raise Failed("timed out after %ds: %s" % (timeout, " ".join(cmd)))
        p.elapsed = time.monotonic() - t
        p.out = p.stdout.decode("utf-8", "replace")
        p.err = p.stderr.decode("utf-8", "replace")
        return p

    def path(self, name):
        return os.path.join(self.tmp, name)

    def case(self, name):
        c = self.manifest["cases"].get(name)
        if c is None:
            raise Failed("case %s not in manifest (missing: %s)"
                         % (name, self.manifest.get("missing", {}).get(name, "?")))
        return c

    def cleanup(self):
        if self.failures == 0 and not self.a.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            print("work files kept in %s" % self.tmp)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# --------------------------------------------------------------------------
# Signing with the CLI


def key_args(ctx, key):
    return [x.replace("{k}", ctx.keys) for x in KEYS[key]["args"]]


def sign(ctx, infile, outfile, key="rsa-p12", page=1, at=(20, 30), size=40,
         extra=(), env=None):
    cmd = CLI_WRAPPER + [ctx.a.cli, "sign", infile, "-o", outfile] + key_args(ctx, key) + [
        "--seal", os.path.join(ctx.corpus, "seal.png"),
        "--page", str(page), "--at", "%g,%g" % tuple(at), "--size", str(size)] + list(extra)
    p = ctx.run(cmd, env=env)
    p.cmdline = " ".join(cmd)
    return p


def describe(p):
    return "command: %s\nexit: %s\nstderr: %s\nstdout: %s" % (
        getattr(p, "cmdline", "?"), p.returncode, p.err.strip()[:2000], p.out.strip()[:1000])


def sign_ok(ctx, label, infile, outfile, **kw):
    before = sha256(infile)
    p = sign(ctx, infile, outfile, **kw)
    good = p.returncode == 0 and os.path.isfile(outfile)
    ctx.check(good, "%s: sealdesk-cli sign exits 0 and writes the output (%.2fs)"
              % (label, p.elapsed), describe(p))
    ctx.check(sha256(infile) == before, "%s: input file unchanged" % label)
    return good


def expect_refusal(ctx, label, infile, outfile, must_mention=None, **kw):
    before = sha256(infile) if os.path.exists(infile) else None
    existed = os.path.exists(outfile)
    out_before = sha256(outfile) if existed else None
    p = sign(ctx, infile, outfile, **kw)
    ctx.check(p.returncode > 0,
              "%s: refused with a non-zero exit (not a signal, not 0)" % label, describe(p))
    lines = [x for x in p.err.splitlines() if x.strip()]
    ctx.check(len(lines) == 1, "%s: exactly one error line on stderr" % label, describe(p))
    if must_mention:
        ctx.check(re.search(must_mention, p.err, re.I) is not None,
                  "%s: error message matches /%s/" % (label, must_mention), describe(p))
    if existed:
        ctx.check(os.path.exists(outfile) and sha256(outfile) == out_before,
                  "%s: existing output left untouched" % label)
    else:
        ctx.check(not os.path.exists(outfile), "%s: no output file left behind" % label,
                  "found %s (%d bytes)" % (outfile, os.path.getsize(outfile))
                  if os.path.exists(outfile) else "")
    if before is not None:
        ctx.check(sha256(infile) == before, "%s: input file unchanged" % label)
    leftovers = [f for f in os.listdir(os.path.dirname(outfile) or ".")
                 if f.startswith(os.path.basename(outfile)) and f != os.path.basename(outfile)]
    ctx.check(not leftovers, "%s: no temporary files left next to the output" % label,
              " ".join(leftovers))
    return p


# --------------------------------------------------------------------------
# Validators


def pdfsig_run(ctx, f):
    p = ctx.run([ctx.a.pdfsig, "-nssdir", os.path.join(ctx.keys, "nssdb"), f])
    return p, sdpdf.parse_pdfsig(p.out)


def mutool_run(ctx, f):
    p = ctx.run([ctx.a.mutool, "sign", "-v", f])
    return p, sdpdf.parse_mutool_verify(p.out)


def validate(ctx, label, infile, outfile, nsigs, keys_in_order, damaged=False):
    """Structural and cryptographic checks of a signed output.

    keys_in_order: the key name used for each of the nsigs signatures."""
    data_in = open(infile, "rb").read()
    data_out = open(outfile, "rb").read()
    if damaged:
        if data_out.startswith(data_in):
            ctx.ok("%s: output starts with the damaged input bytes (incremental)" % label)
        else:
            ctx.note("%s: output does not start with the damaged input (full rewrite)" % label)
    else:
        ctx.check(len(data_out) > len(data_in) and data_out.startswith(data_in),
                  "%s: output = input bytes + appended update (incremental)" % label,
                  "input %d bytes, output %d bytes, first difference at %s" % (
                      len(data_in), len(data_out), first_diff(data_in, data_out)))

    q = ctx.run([ctx.a.qpdf, "--check", outfile])
    ok_codes = (0, 3) if damaged else (0,)
    ctx.check(q.returncode in ok_codes, "%s: qpdf --check exit %d" % (label, q.returncode),
              q.out[-1500:] + q.err[-1500:])

    ps, sigs = pdfsig_run(ctx, outfile)
    ctx.check(len(sigs) == nsigs, "%s: pdfsig lists %d signature(s)" % (label, nsigs),
              "got %d\n%s%s" % (len(sigs), ps.out, ps.err))
    for i, s in enumerate(sigs[:nsigs]):
        key = keys_in_order[i] if i < len(keys_in_order) else "?"
        last = i == nsigs - 1
        what = "%s: pdfsig signature #%d (%s)" % (label, i + 1, key)
        if algs(key) & PDFSIG_UNSUPPORTED:
            # Known: NSS in Debian 12 has no SM2; pdfsig cannot verify it.
            ctx.check(s.get("validation") != "Signature is Valid.",
                      what + " is reported not verifiable (NSS lacks SM2), as expected",
                      "\n".join(s["lines"]))
            ctx.note("%s: pdfsig says %r for SM2 (expected: NSS has no SM2)"
                     % (what, s.get("validation")))
        else:
            ctx.check(s.get("validation") == "Signature is Valid.",
                      what + " 'Signature is Valid.'", "\n".join(s["lines"]))
            ctx.check(s.get("cert_validation") == "Certificate is Trusted.",
                      what + " 'Certificate is Trusted.' (test CA trusted in the NSS db)",
                      "\n".join(s["lines"]))
            cn = KEYS.get(key.split("+")[0], {}).get("cn")
            if cn:
                ctx.check(s.get("common_name") == cn, what + " signer CN is %r" % cn,
                          "got %r" % s.get("common_name"))
        ctx.check(s.get("total") is last,
                  what + (" 'Total document signed'" if last else " 'Not total document signed'"),
                  "\n".join(s["lines"]))
        r = s.get("ranges") or []
        if len(r) == 2:
            openssl_verify(ctx, what.replace("pdfsig ", ""), data_out, r, key)
        if last:
            ctx.check(len(r) == 2 and r[0][0] == 0 and r[1][1] == len(data_out),
                      what + " ByteRange covers the file except /Contents",
                      "ranges %r, file size %d" % (r, len(data_out)))

    pm, msigs = mutool_run(ctx, outfile)
    ctx.check(len(msigs) == nsigs, "%s: mutool sign -v lists %d signature(s)" % (label, nsigs),
              "got %d\n%s%s" % (len(msigs), pm.out, pm.err))
    for i, s in enumerate(msigs[:nsigs]):
        key = keys_in_order[i] if i < len(keys_in_order) else "?"
        last = i == nsigs - 1
        what = "%s: mutool signature %d (%s)" % (label, i + 1, key)
        if algs(key) & MUTOOL_UNSUPPORTED:
            ctx.note(what + ": %r (mutool cannot verify this algorithm)" % s["digest"])
            continue
        want = "unchanged" if last else "edited"
        ctx.check(s["digest"] == want, what + " digest %r" % want,
                  "\n".join(s["lines"]) + pm.err[-500:])
    return sigs


def first_diff(a, b):
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n if len(a) != len(b) else None


# --------------------------------------------------------------------------
# Geometry and rendering


def page_geometry(ctx, f):
    """[{crop, rotate, userunit}] per page, read with pdfinfo -box."""
    pdfinfo = ctx.a.pdfinfo
    p = ctx.run([pdfinfo, "-f", "1", "-l", "9999", "-box", f])
    pages = {}
    for line in p.out.splitlines():
        m = re.match(r"Page\s+(\d+)\s+(CropBox|rot):\s+(.*)", line)
        if m:
            n = int(m.group(1))
            d = pages.setdefault(n, {"userunit": 1})
            if m.group(2) == "rot":
                d["rotate"] = int(float(m.group(3)))
            else:
                d["crop"] = [float(x) for x in m.group(3).split()]
    return [pages[k] for k in sorted(pages)]


def render(ctx, tool, f, page, dpi, tag):
    if tool == "pdftoppm":
        prefix = ctx.path("%s-p%d-%s" % (tag, page, tool))
        p = ctx.run([ctx.a.pdftoppm, "-cropbox", "-r", str(dpi), "-f", str(page), "-l", str(page),
                     "-singlefile", f, prefix])
        out = prefix + ".ppm"
    else:
        out = ctx.path("%s-p%d-%s.pnm" % (tag, page, tool))
        p = ctx.run([ctx.a.mutool, "draw", "-q", "-c", "rgb", "-r", str(dpi), "-o", out, f,
                     str(page)])
    if p.returncode != 0 or not os.path.exists(out):
        raise Failed("%s could not render page %d of %s: %s" % (tool, page, f, p.err[-500:]))
    img = sdpdf.read_pnm(out)
    os.unlink(out)
    return img


def honours_userunit(tool):
    # Established by selftest on Debian 12: poppler 22.12 ignores /UserUnit,
    # mupdf 1.21 applies it.
    return tool == "mutool"


class QpdfJson:
    """Object graph of a PDF from `qpdf --json` (v2)."""

    REF = re.compile(r"^(\d+) (\d+) R$")

    def __init__(self, ctx, f):
        p = ctx.run([ctx.a.qpdf, "--json", "--json-key=qpdf", f])
        if p.returncode not in (0, 3):
            raise Failed("qpdf --json failed on %s: %s" % (f, p.err[-500:]))
        q = json.loads(p.out)["qpdf"][1]
        self.objs = q
        self.trailer = q["trailer"]["value"]

    def get(self, v):
        while isinstance(v, str) and self.REF.match(v):
            o = self.objs.get("obj:" + v)
            if o is None:
                return None
            v = o["value"] if "value" in o else o["stream"]["dict"]
        return v

    def pages(self):
        out = []

        def walk(node_ref):
            node = self.get(node_ref)
            if node.get("/Type") == "/Pages" or "/Kids" in node:
                for k in self.get(node.get("/Kids", [])):
                    walk(k)
            else:
                out.append(node_ref)
        walk(self.get(self.trailer["/Root"])["/Pages"])
        return out

    def sig_fields(self):
        root = self.get(self.trailer["/Root"])
        acro = self.get(root.get("/AcroForm")) or {}
        found = []

        def walk(ref, inherited_ft):
            f = self.get(ref)
            ft = f.get("/FT", inherited_ft)
            kids = self.get(f.get("/Kids")) if "/Kids" in f else None
            if kids:
                for k in kids:
                    walk(k, ft)
            elif ft == "/Sig":
                found.append((ref, f))
        for r in self.get(acro.get("/Fields", [])) or []:
            walk(r, None)
        return acro, found


def check_structure(ctx, label, f, geom, target, nsigs):
    """The newest signature's field/widget as ISO 32000 wants it, checked on
    qpdf's object graph: /Rect at the requested place, /F Print, /P and the
    page's /Annots, /AP /N, AcroForm /SigFlags, /V with /ByteRange and
    /Contents."""
    try:
        j = QpdfJson(ctx, f)
    except Failed as e:
        ctx.fail(label + ": structure readable by qpdf --json", str(e))
        return
    acro, fields = j.sig_fields()
    signed = [(r, fl) for r, fl in fields if "/V" in fl]
    ctx.check(len(signed) == nsigs, label + ": AcroForm has %d signed /FT /Sig field(s)" % nsigs,
              "found %d: %r" % (len(signed), [fl.get("/T") for _, fl in signed]))
    flags = j.get(acro.get("/SigFlags", 0)) or 0
    ctx.check(flags & 3 == 3, label + ": AcroForm /SigFlags 3 (SignaturesExist|AppendOnly)",
              "got %r" % flags)
    if not signed:
        return

    def br_end(fl):
        v = j.get(fl["/V"]) or {}
        br = j.get(v.get("/ByteRange")) or [0, 0, 0, 0]
        return br[2] + br[3] if len(br) == 4 else 0
    ref, fl = max(signed, key=lambda x: br_end(x[1]))
    v = j.get(fl["/V"]) or {}
    ctx.check(v.get("/Filter") == "/Adobe.PPKLite" and v.get("/SubFilter") in (
        "/ETSI.CAdES.detached", "/adbe.pkcs7.detached") and "/M" in v,
        label + ": /V has /Filter /Adobe.PPKLite, a PAdES /SubFilter and /M",
        "got %r" % {k: v.get(k) for k in ("/Type", "/Filter", "/SubFilter", "/M")})
    # widget: the field itself or its single kid (merged is typical)
    w = fl
    if w.get("/Subtype") != "/Widget":
        ctx.fail(label + ": signature field is merged with its widget", repr(fl)[:400])
        return
    pages = j.pages()
    g = geom[target["page"] - 1]
    uu = g.get("userunit", 1) or 1
    want = sdpdf.display_rect_to_user(g["crop"], g["rotate"], uu, target["at"][0],
                                      target["at"][1], target["size"], target["size"])
    rect = [float(x) for x in j.get(w.get("/Rect", []))]
    rect = [min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]),
            max(rect[1], rect[3])] if len(rect) == 4 else rect
    tol = 72 / 25.4 / uu
    ctx.check(len(rect) == 4 and all(abs(a - b) <= tol for a, b in zip(rect, want)),
              label + ": widget /Rect is the requested rectangle in user space (+-1 mm)",
              "got %s, expected %s (page rotate %d, crop %s, UserUnit %g)" % (
                  fmt_rect(rect), fmt_rect(want), g["rotate"], fmt_rect(g["crop"]), uu))
    fflags = w.get("/F", 0)
    ctx.check(fflags & 4 and not fflags & (2 | 32), label + ": widget /F has Print, not Hidden/NoView",
              "got /F %r" % fflags)
    page_ref = pages[target["page"] - 1] if target["page"] - 1 < len(pages) else None
    ctx.check(w.get("/P") == page_ref, label + ": widget /P is page %d" % target["page"],
              "got %r, page %d is %r" % (w.get("/P"), target["page"], page_ref))
    annots = j.get((j.get(page_ref) or {}).get("/Annots", [])) or []
    ctx.check(ref in annots, label + ": page %d /Annots lists the widget" % target["page"],
              "widget %r, /Annots %r" % (ref, annots))
    ap = j.get(w.get("/AP")) or {}
    ctx.check("/N" in ap, label + ": widget has a normal appearance /AP /N")


def check_seal_position(ctx, label, f, geom, page, at, size, tools=("pdftoppm", "mutool"),
                        dpi=100, tag="r"):
    """Asserts the red pixels on `page` lie inside the rectangle at `at` (mm from
    the top-left of the displayed page) of `size` mm (square), +-1 mm, and that
    they fill it (the seal's ring touches the image edges)."""
    g = geom[page - 1]
    uu = g.get("userunit", 1) or 1
    for tool in tools:
        w, h, pix = render(ctx, tool, f, page, dpi, tag)
        scale = dpi / 25.4 * (1.0 if (uu == 1 or honours_userunit(tool)) else 1.0 / uu)
        rect = (at[0] * scale, at[1] * scale, (at[0] + size) * scale, (at[1] + size) * scale)
        tol = 1.0 * scale + 1.0  # 1 mm plus a pixel of rounding
        what = "%s: %s page %d (rotate %d%s) seal at %s mm size %s mm" % (
            label, tool, page, g["rotate"], ", UserUnit %g" % uu if uu != 1 else "",
            list(at), size)
        dw, dh = sdpdf.display_size(g["crop"], g["rotate"])
        exp_w = dw * dpi / 72.0 * (uu if honours_userunit(tool) else 1)
        exp_h = dh * dpi / 72.0 * (uu if honours_userunit(tool) else 1)
        ctx.check(abs(w - exp_w) <= 2 and abs(h - exp_h) <= 2,
                  what + ": rendered page is %dx%d px (displayed size)" % (w, h),
                  "expected about %.0fx%.0f px" % (exp_w, exp_h))
        n, bbox = sdpdf.red_bbox(w, h, pix)
        if not ctx.check(n > 0, what + ": red seal pixels present",
                         "no red pixels on the rendered page (%dx%d px)" % (w, h)):
            continue
        grown = (rect[0] - tol, rect[1] - tol, rect[2] + tol, rect[3] + tol)
        nout, ex = sdpdf.count_red_outside(w, h, pix, grown)
        ctx.check(nout == 0, what + ": no red pixels outside the rectangle +-1 mm",
                  "%d red pixels outside; e.g. %r; red bbox px %r; expected px %s" % (
                      nout, ex, bbox, fmt_rect(rect)))
        close = all(abs(bbox[i] - rect[i]) <= tol for i in range(4))
        ctx.check(close, what + ": red bbox matches the rectangle within 1 mm",
                  "red bbox px %r = mm %s; expected px %s = mm %s; tolerance %.1f px" % (
                      bbox, fmt_rect([v / scale for v in bbox]), fmt_rect(rect),
                      fmt_rect([v / scale for v in rect]), tol))


def check_no_red(ctx, label, f, pages, skip_page, tool="pdftoppm", dpi=36):
    for pg in range(1, pages + 1):
        if pg == skip_page:
            continue
        w, h, pix = render(ctx, tool, f, pg, dpi, "nr")
        n, bbox = sdpdf.red_bbox(w, h, pix)
        ctx.check(n == 0, "%s: no seal on page %d (not the target page)" % (label, pg),
                  "%d red pixels, bbox %r" % (n, bbox))


def fmt_rect(r):
    return "[" + ", ".join("%.1f" % v for v in r) + "]"


# --------------------------------------------------------------------------
# Groups


def group_case(ctx, name):
    c = ctx.case(name)
    src = os.path.join(ctx.corpus, c["file"])
    print("case %s: %s; producer: %s; expect: %s" % (name, c.get("note", ""), c["producer"],
                                                     c["expect"]))
    infile = ctx.path("in.pdf")
    shutil.copyfile(src, infile)
    exp = c["expect"]
    if exp == "refuse-encrypted":
        expect_refusal(ctx, name, infile, ctx.path("out.pdf"), must_mention=r"encrypt")
        return
    if exp == "refuse":
        expect_refusal(ctx, name, infile, ctx.path("out.pdf"))
        return

    geom = [dict(g) for g in c["pages"]] if "pages" in c else page_geometry(ctx, infile)
    if exp == "sign-or-refuse":
        out = ctx.path("out.pdf")
        t = c["targets"][0]
        p = sign(ctx, infile, out, page=t["page"], at=t["at"], size=t["size"])
        if p.returncode != 0:
            ctx.check(p.returncode > 0, "%s: refused cleanly (exit %d, no signal)"
                      % (name, p.returncode), describe(p))
            ctx.check(not os.path.exists(out), "%s: refused without leaving output" % name)
            ctx.check(len([x for x in p.err.splitlines() if x.strip()]) == 1,
                      "%s: one error line" % name, describe(p))
            ctx.note("%s: the CLI %s this damaged file: %s" % (
                name, "refused" if p.returncode > 0 else "CRASHED (signal %d) on" % -p.returncode,
                p.err.strip()))
            return
        ctx.note("%s: the CLI signed this damaged file; validating" % name)
        validate(ctx, name, infile, out, 1, ["rsa-p12"], damaged=True)
        check_seal_position(ctx, name, out, geom, t["page"], t["at"], t["size"])
        return

    # expect == "sign": every target with rsa, and the first target with every key
    first = True
    for t in c["targets"]:
        keys = list(KEYS) if first else ["rsa-p12"]
        for key in keys:
            label = "%s[%s,p%d]" % (name, key, t["page"])
            out = ctx.path("out-%s-p%d.pdf" % (key, t["page"]))
            if not sign_ok(ctx, label, infile, out, key=key, page=t["page"], at=t["at"],
                           size=t["size"]):
                continue
            validate(ctx, label, infile, out, 1, [key])
            if key == "rsa-p12" or t is c["targets"][0] and key == "ec256-pem":
                check_structure(ctx, label, out, geom, t, 1)
            if key == "rsa-p12":
                check_seal_position(ctx, label, out, geom, t["page"], t["at"], t["size"])
                if len(geom) > 1:
                    check_no_red(ctx, label, out, len(geom), t["page"])
            os.unlink(out)
        first = False


def group_multi_sign(ctx):
    c = ctx.case("cairo")
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, c["file"]), src)
    geom = page_geometry(ctx, src)
    steps = [("rsa-p12", 1, (20, 30)), ("ec256-pem", 2, (100, 200)), ("ec384-p12", 1, (120, 30))]
    prev = src
    keys = []
    ranges_before = []
    for i, (key, page, at) in enumerate(steps):
        out = ctx.path("s%d.pdf" % (i + 1))
        label = "multi-sign step %d (%s, page %d)" % (i + 1, key, page)
        if not sign_ok(ctx, label, prev, out, key=key, page=page, at=at, size=30):
            return
        keys.append(key)
        sigs = validate(ctx, label, prev, out, i + 1, keys)
        got = [s.get("ranges") for s in sigs]
        ctx.check(got[:len(ranges_before)] == ranges_before,
                  "%s: earlier signatures' byte ranges unchanged" % label,
                  "before %r, now %r" % (ranges_before, got))
        ranges_before = got
        prev = out
    # Both seals on page 1 in their places, page 2 one seal.
    check_seal_position_multi(ctx, prev, geom, 1, [((20, 30), 30), ((120, 30), 30)])
    check_seal_position(ctx, "multi-sign final", prev, geom, 2, (100, 200), 30,
                        tools=("pdftoppm",))


def check_seal_position_multi(ctx, f, geom, page, rects, dpi=100):
    w, h, pix = render(ctx, "pdftoppm", f, page, dpi, "multi")
    scale = dpi / 25.4
    tol = scale + 1
    mask = sdpdf.red_mask(pix)
    stray = 0
    for (at, size) in rects:
        x0, y0 = int((at[0] - 1) * scale), int((at[1] - 1) * scale)
        x1, y1 = int((at[0] + size + 1) * scale + 1), int((at[1] + size + 1) * scale + 1)
        sub = bytearray()
        for y in range(max(0, y0), min(h, y1)):
            sub += mask[y * w + max(0, x0):y * w + min(w, x1)]
        ctx.check(sub.count(1) > 100, "multi-sign final: seal at %r mm on page %d present"
                  % (list(at), page), "%d red pixels in the rectangle" % sub.count(1))
    for x, y in sdpdf.red_pixels(w, h, pix):
        inside = False
        for (at, size) in rects:
            if (at[0] * scale - tol <= x <= (at[0] + size) * scale + tol
                    and at[1] * scale - tol <= y <= (at[1] + size) * scale + tol):
                inside = True
        if not inside:
            stray += 1
    ctx.check(stray == 0, "multi-sign final: no red pixels outside the two seals on page %d"
              % page, "%d stray red pixels" % stray)


def group_certify(ctx):
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("hand-acroform")["file"]), src)
    for p_value in (1, 2, 3):
        c1 = ctx.path("cert-p%d.pdf" % p_value)
        label = "certify P %d" % p_value
        if not sign_ok(ctx, label, src, c1, extra=["--certify", str(p_value)]):
            continue
        sigs = validate(ctx, label, src, c1, 1, ["rsa-p12"])
        data = open(c1, "rb").read()
        ctx.check(re.search(rb"/TransformMethod\s*/DocMDP", data) is not None,
                  label + ": signature has a DocMDP transform")
        ctx.check(re.search(rb"/P\s+%d\b" % p_value, data) is not None,
                  label + ": TransformParams /P %d present" % p_value)
        ctx.check(re.search(rb"/Perms\s*<<\s*/DocMDP", data) is not None
                  or re.search(rb"/Perms\s*\d+\s+\d+\s+R", data) is not None,
                  label + ": catalog /Perms /DocMDP present")
        del sigs
        c2 = ctx.path("cert-p%d-second.pdf" % p_value)
        if p_value == 1:
            expect_refusal(ctx, label + ", second signature", c1, c2,
                           must_mention=None, key="ec256-pem", at=(100, 100))
        else:
            if sign_ok(ctx, label + ", second signature", c1, c2, key="ec256-pem",
                       at=(100, 100)):
                validate(ctx, label + ", second signature", c1, c2, 2, ["rsa-p12", "ec256-pem"])
    # Certification must be the first signature: certifying an already
    # signed document is refused.
    s1 = ctx.path("approval.pdf")
    if sign_ok(ctx, "approval before certify", src, s1):
        p = sign(ctx, s1, ctx.path("approval-then-certify.pdf"), key="ec256-pem",
                 at=(100, 100), extra=["--certify", "2"])
        if p.returncode == 0:
            ctx.note("certify after an approval signature was accepted by the CLI "
                     "(ISO 32000 allows only one certification, as the first signature)")
        else:
            ctx.check(p.returncode > 0, "certify after an approval signature refused cleanly",
                      describe(p))


def group_options(ctx):
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("cairo")["file"]), src)
    variants = [
        ("sha512", "rsa-p12", ["--digest", "sha512"], {"hash": "SHA-512"}),
        ("sha384", "rsa-p12", ["--digest", "sha384"], {"hash": "SHA-384"}),
        ("pkcs7", "rsa-p12", ["--subfilter", "pkcs7"], {"type": "adbe.pkcs7.detached"}),
        ("cades", "rsa-p12", ["--subfilter", "cades"], {"type": "ETSI.CAdES.detached"}),
        ("pss", "rsa-p12", ["--pss"], {}),
        ("rsa-pem-chain", None, ["--key", "{k}/rsa.key", "--cert", "{k}/rsa.pem",
                                 "--chain", "{k}/rsa-chain.pem"], {}),
        ("texts", "ec256-pem", ["--reason", "Approved", "--location", "Beijing",
                                "--name", "Zhang San", "--contact", "zs@example.org",
                                "--text", "Line one", "--text", "第二行"], {}),
        ("page-last", "rsa-p12", ["--page", "last"], {}),
        ("size-wh", "rsa-p12", ["--size", "30,30"], {}),
        ("field", "rsa-p12", ["--field", "Approval1"], {"field": "Approval1"}),
    ]
    for name, key, extra, want in variants:
        out = ctx.path("opt-%s.pdf" % name)
        label = "options %s" % name
        extra = [x.replace("{k}", ctx.keys) for x in extra]
        if key is None:
            cmd = [ctx.a.cli, "sign", src, "-o", out] + extra + [
                "--seal", os.path.join(ctx.corpus, "seal.png"), "--page", "1",
                "--at", "20,30", "--size", "40"]
            p = ctx.run(cmd)
            p.cmdline = " ".join(cmd)
            if not ctx.check(p.returncode == 0, label + ": sign exits 0", describe(p)):
                continue
            key = "rsa-p12"
        else:
            # later options override the defaults given by sign()
            ex = list(extra)
            page = 1
            size = 40
            if "--page" in ex:
                i = ex.index("--page")
                page = ex[i + 1]
                del ex[i:i + 2]
            if "--size" in ex:
                i = ex.index("--size")
                size = ex[i + 1]
                del ex[i:i + 2]
            if not sign_ok(ctx, label, src, out, key=key, page=page, size=size, extra=ex):
                continue
        sigs = validate(ctx, label, src, out, 1, [key + ("+pss" if name == "pss" else "")])
        s = sigs[0] if sigs else {}
        if "hash" in want:
            ctx.check(s.get("hash") == want["hash"], label + ": pdfsig hash %s" % want["hash"],
                      "got %r" % s.get("hash"))
        if "type" in want:
            ctx.check(s.get("type") == want["type"], label + ": pdfsig type %s" % want["type"],
                      "got %r" % s.get("type"))
        if "field" in want:
            ctx.check(s.get("field") == want["field"],
                      label + ": pdfsig field name %r" % want["field"], "got %r" % s.get("field"))
        if name == "pss":
            ctx.check(rsa_pss_in_cms(out), label + ": the CMS SignerInfo uses id-RSASSA-PSS",
                      "OID 1.2.840.113549.1.1.10 not found in /Contents")
        if name == "page-last":
            check_seal_position(ctx, label, out, page_geometry(ctx, out), 3, (20, 30), 40,
                                tools=("pdftoppm",))
        if name == "texts":
            data = open(out, "rb").read()
            for k, v in (("Reason", b"Approved"), ("Location", b"Beijing")):
                ctx.check(re.search(rb"/" + k.encode() + rb"\s*\(" + v, data) is not None
                          or ("/" + k).encode() in data,
                          label + ": /%s written" % k)
        if name == "size-wh":
            check_seal_position(ctx, label, out, page_geometry(ctx, out), 1, (20, 30), 30,
                                tools=("pdftoppm",))


def contents_der(path):
    data = open(path, "rb").read()
    m = list(re.finditer(rb"/Contents\s*<([0-9A-Fa-f\s]+)>", data))
    if not m:
        return b""
    return bytes.fromhex(re.sub(rb"\s", b"", m[-1].group(1)).decode())


def rsa_pss_in_cms(path):
    # DER of OID 1.2.840.113549.1.1.10
    return bytes.fromhex("06092a864886f70d01010a") in contents_der(path)


def group_existing_output(ctx):
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("hand-pdf10")["file"]), src)
    out = ctx.path("out.pdf")
    with open(out, "wb") as f:
        f.write(b"precious existing file\n")
    expect_refusal(ctx, "existing output without --force", src, out)
    if sign_ok(ctx, "existing output with --force", src, out, extra=["--force"]):
        validate(ctx, "existing output with --force", src, out, 1, ["rsa-p12"])
    # output == input must never truncate the input
    p = sign(ctx, src, src, extra=["--force"])
    data = open(src, "rb").read()
    orig = open(os.path.join(ctx.corpus, ctx.case("hand-pdf10")["file"]), "rb").read()
    ctx.check(p.returncode > 0 or data.startswith(orig),
              "output path = input path: refused, or input only extended (never truncated)",
              describe(p))
    # missing input, missing seal, bad password: clean errors
    for label, kw in (
            ("missing input file", {"infile": ctx.path("nope.pdf")}),
            ("wrong p12 password", {"env_pw": "wrong"}),
            ("page out of range", {"page": 99}),
    ):
        infile = kw.get("infile", ctx.path("in2.pdf"))
        if "infile" not in kw:
            shutil.copyfile(os.path.join(ctx.corpus, ctx.case("hand-pdf10")["file"]), infile)
        env = None
        key = "rsa-p12"
        if "env_pw" in kw:
            env = dict(ctx.env)
            env["SD_TEST_P12_PW"] = kw["env_pw"]
            key = "ec384-p12"
        before_exists = os.path.exists(infile)
        o = ctx.path("o-%s.pdf" % label.replace(" ", "-"))
        p = sign(ctx, infile, o, key=key, page=kw.get("page", 1), env=env)
        ctx.check(p.returncode > 0 and not os.path.exists(o)
                  and len([x for x in p.err.splitlines() if x.strip()]) == 1,
                  "%s: refused, exit > 0, one error line, no output" % label, describe(p))
        del before_exists


def group_locale_zh(ctx):
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("encrypted-aes256")["file"]), src)
    env = dict(ctx.env)
    env.pop("LC_ALL", None)
    env["LANG"] = "zh_CN.UTF-8"
    env["LANGUAGE"] = "zh_CN"
    if not ctx.a.localedir:
        ctx.note("no --localedir given")
    loc = ctx.run(["locale", "-a"]).out.lower()
    if "zh_cn.utf8" not in loc:
        print("skip: the zh_CN.UTF-8 locale is not installed (build-aux/install-deps.sh)")
        return SKIP
    p = sign(ctx, src, ctx.path("out.pdf"), env=env)
    ctx.check(p.returncode > 0, "zh_CN: encrypted input refused", describe(p))
    ctx.check(re.search(r"[\u4e00-\u9fff]", p.err) is not None,
              "zh_CN: error message is in Chinese", describe(p))
    src2 = ctx.path("garbage.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("garbage-random")["file"]), src2)
    p = sign(ctx, src2, ctx.path("out2.pdf"), env=env)
    ctx.check(p.returncode > 0 and re.search(r"[\u4e00-\u9fff]", p.err) is not None,
              "zh_CN: garbage input refused with a Chinese message", describe(p))
    # An existing output (refused before the PDF is read) and a usage error.
    src3 = ctx.path("ok.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("hand-pdf10")["file"]), src3)
    exists = ctx.path("exists.pdf")
    open(exists, "wb").write(b"x")
    p = sign(ctx, src3, exists, env=env)
    ctx.check(p.returncode > 0 and re.search(r"[\u4e00-\u9fff]", p.err) is not None,
              "zh_CN: existing output refused with a Chinese message", describe(p))
    cmd = [ctx.a.cli, "sign", src3]
    p = ctx.run(cmd, env=env)
    p.cmdline = " ".join(cmd)
    ctx.check(p.returncode == 2 and re.search(r"[\u4e00-\u9fff]", p.err) is not None,
              "zh_CN: usage error (no -o) exits 2 with a Chinese message", describe(p))
    env_c = dict(env)
    env_c["LANG"] = "C.UTF-8"
    env_c["LANGUAGE"] = ""
    p = sign(ctx, src, ctx.path("out3.pdf"), env=env_c)
    ctx.check(p.returncode > 0 and re.search(r"[\u4e00-\u9fff]", p.err) is None,
              "C locale: the same error is not in Chinese", describe(p))


def inspect_json(ctx, label, f):
    p = ctx.run([ctx.a.cli, "inspect", f, "--json"])
    if not ctx.check(p.returncode == 0, label + ": inspect --json exits 0", describe(p)):
        return None
    try:
        j = json.loads(p.out)
    except ValueError as e:
        ctx.fail(label + ": inspect --json prints valid JSON", "%s\n%s" % (e, p.out[:2000]))
        return None
    return j


def group_inspect(ctx):
    """`inspect --json` (keys as in src/cli/sd-cli-inspect.c) against what
    the corpus declares and what pdfsig reports."""
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("hand-rotate")["file"]), src)
    s1 = ctx.path("s1.pdf")
    s2 = ctx.path("s2.pdf")
    targets = [(2, (15, 25), 35), (3, (20, 30), 40)]
    if not (sign_ok(ctx, "inspect: first signature", src, s1, page=2, at=(15, 25), size=35)
            and sign_ok(ctx, "inspect: second signature", s1, s2, key="ec256-pem", page=3,
                        at=(20, 30), size=40)):
        return
    j = inspect_json(ctx, "inspect s2", s2)
    if j is None:
        return
    ctx.check(j.get("size") == os.path.getsize(s2), "inspect: size is the file size",
              "got %r" % j.get("size"))
    pages = j.get("pages", [])
    ctx.check(len(pages) == 4, "inspect: 4 pages", "got %r" % pages)
    rots = [pg.get("rotate") for pg in pages]
    ctx.check(rots == [0, 90, 180, 270], "inspect: page rotations 0/90/180/270", "got %r" % rots)
    for i, pg in enumerate(pages[:4]):
        wmm, hmm = pg.get("width_mm"), pg.get("height_mm")
        portrait = (210, 297) if rots[i] in (0, 180) else (297, 210)
        ok = wmm is not None and abs(wmm - portrait[0]) < 0.6 and abs(hmm - portrait[1]) < 0.6
        ctx.check(ok, "inspect: page %d is %gx%g mm as displayed (got %r x %r)"
                  % (i + 1, portrait[0], portrait[1], wmm, hmm))
    sigs = j.get("signatures", [])
    _, psigs = pdfsig_run(ctx, s2)
    ctx.check(len(sigs) == 2, "inspect: 2 signatures", "got %r" % sigs)
    for i, (s, ps) in enumerate(zip(sigs, psigs)):
        br = s.get("byte_range")
        want = [ps["ranges"][0][0], ps["ranges"][0][1] - ps["ranges"][0][0],
                ps["ranges"][1][0], ps["ranges"][1][1] - ps["ranges"][1][0]] if ps.get(
                    "ranges") else None
        ctx.check(br == want, "inspect: signature %d byte_range equals pdfsig's" % (i + 1),
                  "inspect %r, pdfsig ranges %r" % (br, ps.get("ranges")))
        ctx.check(s.get("field") == ps.get("field"),
                  "inspect: signature %d field name equals pdfsig's" % (i + 1),
                  "inspect %r, pdfsig %r" % (s.get("field"), ps.get("field")))
        ctx.check(s.get("page") == targets[i][0],
                  "inspect: signature %d on page %d" % (i + 1, targets[i][0]),
                  "got page %r" % s.get("page"))
        ctx.check(s.get("covers_whole_file") is (i == 1),
                  "inspect: signature %d covers_whole_file %s" % (i + 1, i == 1),
                  "got %r" % s.get("covers_whole_file"))
        ctx.check((s.get("subfilter") or "").lstrip("/") == ps.get("type"),
                  "inspect: signature %d subfilter equals pdfsig's type" % (i + 1),
                  "inspect %r, pdfsig %r" % (s.get("subfilter"), ps.get("type")))
        ctx.check(s.get("certification") is None,
                  "inspect: signature %d is not a certification" % (i + 1),
                  "got %r" % s.get("certification"))
    fields = {f.get("name"): f for f in j.get("fields", [])}
    for i, ps in enumerate(psigs[:2]):
        f = fields.get(ps.get("field"), {})
        rmm = f.get("rect_mm")
        pg, at, size = targets[i]
        want = [at[0], at[1], size, size]
        ctx.check(rmm is not None and all(abs(a - b) <= 1.0 for a, b in zip(rmm, want)),
                  "inspect: field %r rect_mm is the requested %r (+-1 mm)" % (ps.get("field"), want),
                  "got %r" % rmm)
    revs = j.get("revisions", [])
    ctx.check(len(revs) == 3 and revs[-1].get("end") == os.path.getsize(s2)
              and revs[0].get("start") == 0,
              "inspect: 3 revisions from 0 to EOF", "got %r" % revs)

    # Geometry of the hand-made corpus as inspect sees it.
    for name in ("hand-inherit", "hand-cropbox", "hand-userunit"):
        c = ctx.case(name)
        j = inspect_json(ctx, "inspect " + name, os.path.join(ctx.corpus, c["file"]))
        if j is None:
            continue
        got = j.get("pages", [])
        for i, g in enumerate(c["pages"]):
            uu = g["userunit"]
            dw, dh = sdpdf.display_size(g["crop"], g["rotate"])
            want = (dw * uu * sdpdf.MM_PER_PT, dh * uu * sdpdf.MM_PER_PT, g["rotate"], uu)
            pg = got[i] if i < len(got) else {}
            have = (pg.get("width_mm"), pg.get("height_mm"), pg.get("rotate"), pg.get("user_unit"))
            ok = None not in have and abs(have[0] - want[0]) < 0.1 and abs(
                have[1] - want[1]) < 0.1 and have[2] == want[2] and abs(have[3] - want[3]) < 1e-6
            ctx.check(ok, "inspect %s: page %d is %.1fx%.1f mm, rotate %d, user_unit %g"
                      % ((name, i + 1) + want), "got %r" % (have,))
    # Unreadable input: clean failure.
    p = ctx.run([ctx.a.cli, "inspect", os.path.join(ctx.corpus, "garbage-random.pdf"), "--json"])
    ctx.check(p.returncode > 0 and len([x for x in p.err.splitlines() if x.strip()]) == 1,
              "inspect garbage: exit > 0 with one error line", describe(p))


# --------------------------------------------------------------------------
# Self-test: the harness on files signed without sealdesk-cli


def ref_signed_pdf(ctx, geom, target, key, digest="sha256", pss=False, subfilter="pkcs7"):
    """A PDF with one page per geometry entry and a visible signature with
    the test seal at target (the CLI's convention), signed with openssl cms.
    Returns the file bytes."""
    w = PdfWriter("1.7")
    f1 = w.add({"Type": N("Font"), "Subtype": N("Type1"), "BaseFont": N("Helvetica")})
    pages_ref = w.reserve()
    kids = []
    widget = w.reserve()
    sigv = w.reserve()
    for i, g in enumerate(geom):
        box = g["crop"]
        c = w.add(Stream(b"0 0 1 rg BT /F1 12 Tf %g %g Td (page %d) Tj ET"
                         % (box[0] + 30, box[3] - 40, i + 1)))
        d = {"Type": N("Page"), "Parent": pages_ref, "MediaBox": box, "Rotate": g["rotate"],
             "Resources": {"Font": {"F1": f1}}, "Contents": c}
        if g.get("userunit", 1) != 1:
            d["UserUnit"] = g["userunit"]
        kids.append(w.add(d))
    g = geom[target["page"] - 1]
    rect = sdpdf.display_rect_to_user(g["crop"], g["rotate"], g.get("userunit", 1),
                                      target["at"][0], target["at"][1], target["size"],
                                      target["size"])
    rgba = sdpdf.seal_rgba(64)
    rgb = b"".join(bytes(r[i:i + 3]) for r in rgba for i in range(0, len(r), 4))
    alpha = b"".join(bytes(r[i + 3:i + 4]) for r in rgba for i in range(0, len(r), 4))
    smask = w.add(Stream(alpha, {"Type": N("XObject"), "Subtype": N("Image"), "Width": 64,
                                 "Height": 64, "ColorSpace": N("DeviceGray"),
                                 "BitsPerComponent": 8}, compress=True))
    img = w.add(Stream(rgb, {"Type": N("XObject"), "Subtype": N("Image"), "Width": 64,
                             "Height": 64, "ColorSpace": N("DeviceRGB"),
                             "BitsPerComponent": 8, "SMask": smask}, compress=True))
    rw, rh = rect[2] - rect[0], rect[3] - rect[1]
    ap = w.add(Stream(b"q %g 0 0 %g 0 0 cm /Im1 Do Q" % (rw, rh),
                      {"Type": N("XObject"), "Subtype": N("Form"), "BBox": [0, 0, rw, rh],
                       "Resources": {"XObject": {"Im1": img}}}))
    page_ref = kids[target["page"] - 1]
    w.objs[page_ref.num]["Annots"] = [widget]
    w.set(widget, {"Type": N("Annot"), "Subtype": N("Widget"), "FT": N("Sig"), "T": "Sig1",
                   "Rect": rect, "F": 132, "P": page_ref, "V": sigv, "AP": {"N": ap}})
    placeholder = 16384
    w.set(sigv, {"Type": N("Sig"), "Filter": N("Adobe.PPKLite"),
                 "SubFilter": N("adbe.pkcs7.detached" if subfilter == "pkcs7"
                                else "ETSI.CAdES.detached"),
                 "ByteRange": Raw(b"[0 ********** ********** **********]"),
                 "Contents": Raw(b"<" + b"0" * placeholder + b">"),
                 "M": "D:20240101000000Z"})
    w.set(pages_ref, {"Type": N("Pages"), "Kids": kids, "Count": len(kids)})
    acro = w.add({"Fields": [widget], "SigFlags": 3})
    root = w.add({"Type": N("Catalog"), "Pages": pages_ref, "AcroForm": acro})
    data = bytearray(w.write(root))
    c0 = data.index(b"<" + b"0" * placeholder + b">")
    c1 = c0 + placeholder + 2
    br = b"[0 %d %d %d]" % (c0, c1, len(data) - c1)
    i = data.index(b"[0 ********** ********** **********]")
    data[i:i + 36] = br.ljust(36)
    signed = bytes(data[:c0] + data[c1:])
    tbs = ctx.path("tbs.bin")
    with open(tbs, "wb") as f:
        f.write(signed)
    k = ctx.keys
    key_file, cert, chain = {"rsa": ("rsa.key", "rsa.pem", "ca.pem"),
                             "ec256": ("ec256.key", "ec256.pem", "ca.pem"),
                             "sm2": ("sm2.key", "sm2.pem", "sm2ca.pem")}[key]
    cmd = [ctx.a.openssl, "cms", "-sign", "-binary", "-in", tbs, "-signer",
           os.path.join(k, cert), "-inkey", os.path.join(k, key_file), "-certfile",
           os.path.join(k, chain), "-outform", "DER", "-md", digest, "-nosmimecap"]
    if pss:
        cmd += ["-keyopt", "rsa_padding_mode:pss"]
    if subfilter == "cades":
        cmd += ["-cades"]
    if key == "sm2":
        der = sm2_cms(ctx, signed)
    else:
        p = ctx.run(cmd, env=dict(ctx.env, OPENSSL_CONF="/dev/null"))
        if p.returncode != 0:
            raise Failed("openssl cms failed: %s" % p.err)
        der = p.stdout
    hexs = der.hex().encode()
    if len(hexs) > placeholder:
        raise Failed("CMS too large")
    data[c0 + 1:c0 + 1 + len(hexs)] = hexs
    return bytes(data)


def _der(tag, body):
    n = len(body)
    if n < 0x80:
        ln = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        ln = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + ln + body


def _oid(dotted):
    parts = [int(x) for x in dotted.split(".")]
    out = bytearray([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7F]
        p >>= 7
        while p:
            enc.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(enc))
    return _der(0x06, bytes(out))


def _tlv(b, i):
    """(tag, start of value, end of value) of the DER element at b[i]."""
    tag = b[i]
    ln = b[i + 1]
    j = i + 2
    if ln & 0x80:
        k = ln & 0x7F
        ln = int.from_bytes(b[j:j + k], "big")
        j += k
    return tag, j, j + ln


def _pem_der(path):
    import base64
    text = open(path).read()
    body = text.split("-----BEGIN CERTIFICATE-----")[1].split("-----END")[0]
    return base64.b64decode("".join(body.split()))


def sm2_cms(ctx, content):
    """A detached CMS SignedData over content with SM2/SM3 (distid
    1234567812345678), built by hand because `openssl cms` 3.0 cannot sign
    with SM2 ("illegal zero content")."""
    k = ctx.keys
    env = dict(ctx.env, OPENSSL_CONF="/dev/null")
    cert = _pem_der(os.path.join(k, "sm2.pem"))
    ca = _pem_der(os.path.join(k, "sm2ca.pem"))
    _, tv, _ = _tlv(cert, 0)                # Certificate
    _, tbs_v, tbs_end = _tlv(cert, tv)      # TBSCertificate
    i = tbs_v
    if cert[i] == 0xA0:                     # [0] version
        i = _tlv(cert, i)[2]
    serial_end = _tlv(cert, i)[2]
    serial = cert[i:serial_end]
    i = _tlv(cert, serial_end)[2]           # signature AlgId
    issuer = cert[i:_tlv(cert, i)[2]]
    cf = ctx.path("sm2-content.bin")
    open(cf, "wb").write(content)
    p = ctx.run([ctx.a.openssl, "dgst", "-sm3", "-binary", cf], env=env)
    if p.returncode != 0 or len(p.stdout) != 32:
        raise Failed("openssl dgst -sm3 failed: %s" % p.err)
    md = p.stdout
    sm3 = _der(0x30, _oid("1.2.156.10197.1.401"))
    attrs = (_der(0x30, _oid("1.2.840.113549.1.9.3") + _der(0x31, _oid("1.2.840.113549.1.7.1")))
             + _der(0x30, _oid("1.2.840.113549.1.9.4") + _der(0x31, _der(0x04, md))))
    af = ctx.path("sm2-attrs.der")
    open(af, "wb").write(_der(0x31, attrs))
    p = ctx.run([ctx.a.openssl, "dgst", "-sm3", "-sign", os.path.join(k, "sm2.key"),
                 "-sigopt", "distid:1234567812345678", af], env=env)
    if p.returncode != 0 or not p.stdout:
        raise Failed("SM2 signing with openssl dgst failed: %s" % p.err)
    signer_info = _der(0x30, _der(0x02, b"\x01") + _der(0x30, issuer + serial) + sm3
                       + _der(0xA0, attrs)
                       + _der(0x30, _oid("1.2.156.10197.1.501")) + _der(0x04, p.stdout))
    signed_data = _der(0x30, _der(0x02, b"\x01") + _der(0x31, sm3)
                       + _der(0x30, _oid("1.2.840.113549.1.7.1"))
                       + _der(0xA0, cert + ca) + _der(0x31, signer_info))
    return _der(0x30, _oid("1.2.840.113549.1.7.2") + _der(0xA0, signed_data))


def cms_signer_parts(der):
    """(signedAttrs re-tagged as SET, signature bytes, messageDigest) of the
    first SignerInfo of a CMS ContentInfo."""
    _, v, _ = _tlv(der, 0)
    i = _tlv(der, v)[2]                      # contentType OID
    _, v, _ = _tlv(der, i)                   # [0]
    _, v, e = _tlv(der, v)                   # SignedData
    kids = []
    j = v
    while j < e:
        tag, a, b = _tlv(der, j)
        kids.append((tag, j, a, b))
        j = b
    _, a, b = _tlv(der, kids[-1][2])         # first SignerInfo in the SET
    parts = []
    j = a
    while j < b:
        tag, x, y = _tlv(der, j)
        parts.append((tag, j, x, y))
        j = y
    attrs = [p for p in parts if p[0] == 0xA0]
    if not attrs:
        return None, der[parts[-1][2]:parts[-1][3]], None
    at = attrs[0]
    attrs_set = b"\x31" + der[at[1] + 1:at[3]]
    md = None
    oid_md = _oid("1.2.840.113549.1.9.4")
    k = der.find(oid_md, at[2], at[3])
    if k >= 0:
        _, sv, _ = _tlv(der, k + len(oid_md))    # SET
        _, ov, oe = _tlv(der, sv)                # OCTET STRING
        md = der[ov:oe]
    return attrs_set, der[parts[-1][2]:parts[-1][3]], md


def openssl_verify(ctx, label, data, ranges, key):
    """Verifies one signature with OpenSSL: `openssl cms -verify` against the
    test CA for RSA/EC; for SM2 (which OpenSSL 3.0's CMS code cannot verify)
    the messageDigest is compared with SM3 of the byte ranges and the
    signature over the signed attributes is checked with `openssl dgst
    -verify -sigopt distid:1234567812345678`."""
    (a0, b0), (c0, d0) = ranges
    contents = data[b0:c0].strip()
    if not (contents.startswith(b"<") and contents.endswith(b">")):
        ctx.fail(label + ": /Contents between the byte ranges is a hex string",
                 repr(contents[:40]))
        return
    hexs = re.sub(rb"\s", b"", contents[1:-1])
    der_full = bytes.fromhex(hexs.decode())
    if len(der_full) > 1 and der_full[1] == 0x80:
        # BER, indefinite length (NSS writes this): hand OpenSSL everything.
        der = der_full
        ctx.note(label + ": CMS uses BER indefinite-length encoding")
    else:
        _, _, end = _tlv(der_full, 0)
        der = der_full[:end]
    content = data[a0:b0] + data[c0:d0]
    cf = ctx.path("ov-content.bin")
    df = ctx.path("ov-cms.der")
    open(cf, "wb").write(content)
    open(df, "wb").write(der)
    env = dict(ctx.env, OPENSSL_CONF="/dev/null")
    k = ctx.keys
    if "sm2" in algs(key):
        attrs, sig, md = cms_signer_parts(der)
        p = ctx.run([ctx.a.openssl, "dgst", "-sm3", "-binary", cf], env=env)
        ctx.check(md is not None and md == p.stdout,
                  label + ": openssl: CMS messageDigest = SM3 of the byte ranges",
                  "messageDigest %s, SM3 %s" % (md and md.hex(), p.stdout.hex()))
        af = ctx.path("ov-attrs.der")
        sf = ctx.path("ov-sig.der")
        pub = ctx.path("ov-pub.pem")
        open(af, "wb").write(attrs or b"")
        open(sf, "wb").write(sig)
        ctx.run([ctx.a.openssl, "x509", "-in", os.path.join(k, "sm2.pem"), "-pubkey",
                 "-noout", "-out", pub], env=env)
        p = ctx.run([ctx.a.openssl, "dgst", "-sm3", "-verify", pub, "-sigopt",
                     "distid:1234567812345678", "-signature", sf, af], env=env)
        ctx.check(p.returncode == 0 and "Verified OK" in p.out,
                  label + ": openssl: SM2 signature over the signed attributes verifies "
                  "(distid 1234567812345678)", p.out + p.err)
    else:
        p = ctx.run([ctx.a.openssl, "cms", "-verify", "-binary", "-inform", "DER", "-in", df,
                     "-content", cf, "-CAfile", os.path.join(k, "ca.pem"), "-purpose", "any",
                     "-out", os.devnull], env=env)
        ctx.check(p.returncode == 0 and "Verification successful" in (p.out + p.err),
                  label + ": openssl cms -verify (chain to the test CA)", p.out + p.err)
    ctx.check(len(der_full) - len(der) >= 0 and set(der_full[len(der):]) <= {0},
              label + ": /Contents is the DER CMS followed only by zero padding")


def group_selftest(ctx):
    """Validates the harness without sealdesk-cli:
    1. pdfsig -add-signature output passes validate() (and a second pdfsig
       signature keeps the first valid, 'Not total document signed').
    2. Reference files signed by openssl cms with a visible seal placed with
       the CLI's coordinate convention pass the pixel checks on rotated,
       CropBox-offset and UserUnit pages, in pdftoppm and mutool.
    3. Establishes what pdfsig/mutool do with RSA-PSS, ECDSA and SM2."""
    global PDFSIG_UNSUPPORTED
    nss = os.path.join(ctx.keys, "nssdb")
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("cairo")["file"]), src)
    s1 = ctx.path("pdfsig1.pdf")
    p = ctx.run([ctx.a.pdfsig, src, s1, "-add-signature", "-nssdir", nss, "-nick",
                 "sealdesk-rsa", "-reason", "harness self-test"])
    if ctx.check(p.returncode == 0 and os.path.exists(s1), "selftest: pdfsig -add-signature",
                 p.out + p.err):
        validate(ctx, "selftest pdfsig#1", src, s1, 1, ["rsa-p12"])
        s2 = ctx.path("pdfsig2.pdf")
        # pdfsig 22.12: "-etsi is not supported yet with -add-signature", and a
        # second signature with the EC key fails ("signDocument: unable update
        # signature" - it fails at random with EC keys, whose DER signature
        # length varies), so the second one is RSA again.
        p = ctx.run([ctx.a.pdfsig, s1, s2, "-add-signature", "-nssdir", nss, "-nick",
                     "sealdesk-rsa"])
        if ctx.check(p.returncode == 0, "selftest: second pdfsig -add-signature (RSA)",
                     p.out + p.err):
            validate(ctx, "selftest pdfsig#2", s1, s2, 2, ["rsa-p12", "rsa-p12"])
        # A tampered copy must be rejected by both validators.
        data = bytearray(open(s1, "rb").read())
        i = data.index(b"SealDesk") if b"SealDesk" in data else 200
        data[i] ^= 0x01
        t = ctx.path("tampered.pdf")
        open(t, "wb").write(data)
        _, sigs = pdfsig_run(ctx, t)
        ctx.check(sigs and sigs[0].get("validation") != "Signature is Valid.",
                  "selftest: pdfsig rejects a tampered file",
                  "got %r" % (sigs and sigs[0].get("validation")))
        _, msigs = mutool_run(ctx, t)
        ctx.check(msigs and msigs[0]["digest"] not in ("unchanged", "edited"),
                  "selftest: mutool rejects a tampered file (%r)"
                  % (msigs and msigs[0]["digest"]))

    # Pixel checks with the CLI's convention on hard geometry.
    cases = [
        ("rotate", [{"crop": sdpdf_a4(), "rotate": r, "userunit": 1} for r in (0, 90, 180, 270)]),
        ("cropbox", ctx.case("hand-cropbox")["pages"]),
        ("inherit", ctx.case("hand-inherit")["pages"]),
        ("userunit", ctx.case("hand-userunit")["pages"]),
    ]
    for name, geom in cases:
        for pg in range(1, len(geom) + 1):
            t = {"page": pg, "at": [15 + 5 * pg, 25], "size": 35}
            f = ctx.path("ref-%s-%d.pdf" % (name, pg))
            open(f, "wb").write(ref_signed_pdf(ctx, geom, t, "rsa"))
            check_seal_position(ctx, "selftest ref-%s" % name, f, geom, pg, t["at"], t["size"])
            check_structure(ctx, "selftest ref-%s p%d" % (name, pg), f, geom, t, 1)
    # Wrong placement must be caught: claim a position 3 mm off.
    geom = [{"crop": sdpdf_a4(), "rotate": 90, "userunit": 1}]
    f = ctx.path("ref-off.pdf")
    open(f, "wb").write(ref_signed_pdf(ctx, geom, {"page": 1, "at": [20, 30], "size": 40}, "rsa"))
    before = ctx.failures
    saved = sys.stdout
    sys.stdout = open(os.devnull, "w")
    try:
        check_seal_position(ctx, "x", f, geom, 1, (23, 30), 40, tools=("pdftoppm",))
    finally:
        sys.stdout.close()
        sys.stdout = saved
    caught = ctx.failures - before
    ctx.failures = before
    ctx.check(caught > 0, "selftest: a seal 3 mm off its claimed position is detected")

    # Algorithms: what pdfsig and mutool verify.
    geom = [{"crop": sdpdf_a4(), "rotate": 0, "userunit": 1}]
    t = {"page": 1, "at": [20, 30], "size": 40}
    algs = [("rsa", "sha256", False, "rsa-p12", "pkcs7"),
            ("rsa", "sha256", True, "rsa-pss", "pkcs7"),
            ("rsa", "sha512", False, "rsa-p12", "cades"),
            ("ec256", "sha256", False, "ec256-pem", "pkcs7"),
            ("sm2", "sm3", False, "sm2-pem", "pkcs7")]
    facts = {}
    for key, dg, pss, label, sf in algs:
        f = ctx.path("alg-%s-%s%s.pdf" % (key, dg, "-pss" if pss else ""))
        try:
            open(f, "wb").write(ref_signed_pdf(ctx, geom, t, key, digest=dg, pss=pss,
                                               subfilter=sf))
        except Failed as e:
            ctx.note("openssl cms cannot make %s/%s%s: %s" % (key, dg, " PSS" if pss else "", e))
            continue
        _, sigs = pdfsig_run(ctx, f)
        _, msigs = mutool_run(ctx, f)
        if sigs and len(sigs[0].get("ranges") or []) == 2:
            openssl_verify(ctx, "selftest %s/%s%s" % (key, dg, " PSS" if pss else ""),
                           open(f, "rb").read(), sigs[0]["ranges"],
                           label + ("+pss" if pss else ""))
            if key == "sm2":
                bad = bytearray(open(f, "rb").read())
                bad[100] ^= 1
                before = ctx.failures
                saved = sys.stdout
                sys.stdout = open(os.devnull, "w")
                try:
                    openssl_verify(ctx, "x", bytes(bad), sigs[0]["ranges"], label)
                finally:
                    sys.stdout.close()
                    sys.stdout = saved
                caught = ctx.failures - before
                ctx.failures = before
                ctx.check(caught > 0, "selftest: the SM2 OpenSSL check rejects a tampered file")
        pv = sigs[0].get("validation") if sigs else None
        mv = msigs[0]["digest"] if msigs else None
        facts[label + "/" + dg] = (pv, mv)
        ctx.note("validators on %s/%s%s (%s): pdfsig %r; mutool digest %r, cert %r"
                 % (key, dg, " PSS" if pss else "", sf, pv, mv, msigs[0]["cert"] if msigs else None))
    ctx.check(facts.get("rsa-p12/sha256", (None,))[0] == "Signature is Valid.",
              "selftest: pdfsig verifies an openssl cms RSA/SHA-256 signature",
              repr(facts.get("rsa-p12/sha256")))
    ctx.check(facts.get("ec256-pem/sha256", (None,))[0] == "Signature is Valid.",
              "selftest: pdfsig verifies an openssl cms ECDSA P-256 signature",
              repr(facts.get("ec256-pem/sha256")))
    ctx.check(facts.get("rsa-pss/sha256", (None,))[0] == "Signature is Valid.",
              "selftest: pdfsig verifies an openssl cms RSA-PSS signature",
              repr(facts.get("rsa-pss/sha256")))
    ctx.check(facts.get("rsa-pss/sha256", (None, None))[1] != "unchanged",
              "selftest: mutool 1.21 cannot verify RSA-PSS (as MUTOOL_UNSUPPORTED assumes)",
              repr(facts.get("rsa-pss/sha256")))
    if "sm2-pem/sm3" in facts:
        ctx.check(facts["sm2-pem/sm3"][0] != "Signature is Valid.",
                  "selftest: pdfsig cannot verify SM2/SM3 (as PDFSIG_UNSUPPORTED assumes)",
                  repr(facts.get("sm2-pem/sm3")))
    for k, (pv, mv) in facts.items():
        if "pss" in k or "sm2" in k:
            continue
        ctx.check(mv == "unchanged", "selftest: mutool verifies the digest of %s" % k, repr(mv))


def sdpdf_a4():
    return [0, 0, 595.2756, 841.8898]


def group_manifest(ctx, names):
    want = set(names)
    have = set(ctx.manifest["cases"])
    ctx.check(not (have - want), "manifest: every corpus case has a meson test",
              "no meson test for: %s" % ", ".join(sorted(have - want)))
    ctx.check(not (want - have), "manifest: every meson case exists in the corpus",
              "missing from corpus: %s (%r)" % (", ".join(sorted(want - have)),
                                                ctx.manifest.get("missing")))
    # The corpus itself: valid where it should be, red-free, geometry as declared.
    for name in sorted(have):
        c = ctx.manifest["cases"][name]
        f = os.path.join(ctx.corpus, c["file"])
        if c["expect"] not in ("sign", "sign-or-refuse"):
            continue
        q = ctx.run([ctx.a.qpdf, "--check", f])
        if c["expect"] == "sign":
            ctx.check(q.returncode == 0, "corpus %s: qpdf --check passes" % name,
                      q.out[-800:] + q.err[-800:])
        else:
            ctx.check(q.returncode in (2, 3), "corpus %s: qpdf --check reports the damage "
                      "(exit %d)" % (name, q.returncode), q.out[-800:] + q.err[-800:])
        geom = page_geometry(ctx, f)
        if "pages" in c and c["expect"] == "sign":
            ok = len(geom) == len(c["pages"]) and all(
                g["rotate"] == d["rotate"]
                and all(abs(x - y) < 0.01 for x, y in zip(g["crop"], d["crop"]))
                for g, d in zip(geom, c["pages"]))
            ctx.check(ok, "corpus %s: pdfinfo sees the declared pages/CropBox/Rotate" % name,
                      "pdfinfo %r\nmanifest %r" % (geom, c["pages"]))
        for pg in range(1, len(geom) + 1):
            w, h, pix = render(ctx, "pdftoppm", f, pg, 36, "corpus")
            n, bbox = sdpdf.red_bbox(w, h, pix)
            ctx.check(n == 0, "corpus %s: page %d renders without red pixels" % (name, pg),
                      "%d red pixels, bbox %r" % (n, bbox))
    seal = os.path.join(ctx.corpus, "seal.png")
    data = open(seal, "rb").read()
    ctx.check(data.startswith(b"\x89PNG") and data[25] == 6,
              "corpus seal.png is an RGBA PNG")


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("group")
    ap.add_argument("--cli")
    ap.add_argument("--keys", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--workdir")
    ap.add_argument("--localedir")
    ap.add_argument("--keep", action="store_true", help="keep work files")
    ap.add_argument("--cases", default="", help="comma-separated case names (manifest group)")
    for tool in ("qpdf", "pdfsig", "pdfinfo", "mutool", "pdftoppm", "openssl"):
        ap.add_argument("--" + tool, default=shutil.which(tool))
    a = ap.parse_args()

    for tool in ("qpdf", "pdfsig", "pdfinfo", "mutool", "pdftoppm", "openssl"):
        if not getattr(a, tool):
            print("skip: %s not found" % tool)
            return SKIP
    if a.group not in ("selftest", "manifest"):
        if not a.cli or not os.access(a.cli, os.X_OK):
            print("skip: sealdesk-cli not available (%r)" % a.cli)
            return SKIP

    # Tools run in the work dir: make every path absolute first.
    for attr in ("cli", "keys", "corpus", "workdir", "localedir"):
        v = getattr(a, attr)
        if v and os.path.exists(v):
            setattr(a, attr, os.path.abspath(v))
    ctx = Ctx(a)
    print("group %s; work dir %s" % (a.group, ctx.tmp))
    rc = None
    try:
        if a.group.startswith("case:"):
            group_case(ctx, a.group[5:])
        elif a.group == "multi-sign":
            group_multi_sign(ctx)
        elif a.group == "certify":
            group_certify(ctx)
        elif a.group == "options":
            group_options(ctx)
        elif a.group == "existing-output":
            group_existing_output(ctx)
        elif a.group == "locale-zh":
            rc = group_locale_zh(ctx)
        elif a.group == "inspect":
            group_inspect(ctx)
        elif a.group == "selftest":
            group_selftest(ctx)
        elif a.group == "manifest":
            group_manifest(ctx, [x for x in a.cases.split(",") if x])
        else:
            ctx.fail("unknown group %r" % a.group)
    except Failed as e:
        ctx.fail("aborted: %s" % e)
    except Exception as e:  # a harness bug must show up as a failure with context
        import traceback
        ctx.fail("harness error: %r" % e, traceback.format_exc())
    print("%d passed, %d failed" % (ctx.passes, ctx.failures))
    ctx.cleanup()
    if rc == SKIP and ctx.failures == 0:
        return SKIP
    return 1 if ctx.failures else 0


if __name__ == "__main__":
    sys.exit(main())
