#!/usr/bin/env python3
"""Tests of `sealdesk-cli verify` (验章): verdicts on our own signatures and
on other tools' agree with pdfsig, and every published attack on PDF
signatures, crafted here byte by byte, is reported invalid or modified with
the reason, never valid and unmodified.

Usage: test-verify.py GROUP [the options of test-sign-validators.py]

GROUP is one of:
  verify-ours        signatures of sealdesk-cli with every key, digest and
                     format; signer identity, coverage, trust; agrees with pdfsig
  verify-foreign     signatures made by pdfsig (NSS, BER) and openssl cms
  verify-forgery     Universal Signature Forgery: /Contents and /ByteRange
                     missing, empty, null, zero, malformed, negative, huge,
                     not from 0, overlapping, a second range elsewhere
  verify-incremental Incremental Saving Attack: content appended with an
                     update, with no cross-reference section, with objects
                     the cross-reference section does not list
  verify-wrapping    Signature Wrapping: the byte range moved over a copy,
                     /Contents relocated
  verify-shadow      shadow attacks: hide, replace, hide-and-replace, and an
                     object missing when signed that appears later
  verify-cms         CMS: extra signer, messageDigest mismatch, certificate
                     swapped, SM2 signed with another ID, ESS mismatch
  verify-docmdp      certification: what each /P allows afterwards
  verify-trust       untrusted, expired and not yet valid are told apart

The attack files are kept in the work dir (attack-*.pdf) when a check fails.
Exit status: 0 pass, 1 fail, 77 skip.
"""

import importlib.util
import json
import os
import re
import shutil
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sdpdf  # noqa: E402
from sdpdf import N, Raw, Ref, Stream, ser  # noqa: E402

_spec = importlib.util.spec_from_file_location("tsv", os.path.join(HERE, "test-sign-validators.py"))
tsv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tsv)

SKIP = 77
PLACEHOLDER = 16384
BR_PLACEHOLDER = b"[0 ********** ********** **********]"
# A filled-in /ByteRange with the spaces that pad it to the placeholder's length.
BR = rb"/ByteRange\s*\[[^\]]*\]\s*"


# --------------------------------------------------------------------------
# Running the verifier


def verify(ctx, f, trust=True, extra=()):
    cmd = [ctx.a.cli, "verify", f, "--json", "--no-system-roots"] + list(extra)
    if trust:
        cmd += ["--trust", os.path.join(ctx.keys, "ca.pem"), "--trust",
                os.path.join(ctx.keys, "sm2ca.pem")]
    p = ctx.run(cmd)
    p.cmdline = " ".join(cmd)
    try:
        j = json.loads(p.out)
    except ValueError:
        j = None
    return p, j


def all_problems(j):
    return [x for s in j.get("signatures", []) for x in s.get("problems", [])]


def all_changes(j):
    return [c["text"] for r in j.get("revisions", []) for c in r.get("changes", [])]


def expect_rejected(ctx, label, f, verdicts=("invalid", "modified"), words=None, where="any"):
    """The verifier must not call f valid: verdict in verdicts (exit 3 or 4),
    and the reasons (problems or changes) must match the regex words."""
    p, j = verify(ctx, f)
    if not ctx.check(j is not None and p.returncode in (3, 4),
                     "%s: verify exits 3 (invalid) or 4 (modified), not 0" % label,
                     tsv.describe(p)):
        return None
    ctx.check(j["verdict"] in verdicts, "%s: verdict %s" % (label, "/".join(verdicts)),
              "got %r: %s" % (j["verdict"], j.get("summary")))
    if words:
        texts = (all_problems(j) if where == "problems" else all_changes(j) if where == "changes"
                 else all_problems(j) + all_changes(j))
        ctx.check(any(re.search(words, t, re.I) for t in texts),
                  "%s: the reason says /%s/" % (label, words), "\n".join(texts) or "(none)")
    return j


def note_pdfsig(ctx, label, f):
    """What pdfsig says about an attack file, for the record."""
    _, sigs = tsv.pdfsig_run(ctx, f)
    ctx.note("%s: pdfsig says %r" % (label, [(s.get("validation"), s.get("total")) for s in sigs]))


# --------------------------------------------------------------------------
# Building signed PDFs by hand


class Doc:
    """A one-revision PDF laid out object by object; `shadows` are complete
    "n 0 obj ... endobj" chunks written into the file but not into its
    cross-reference table (present but unused, as in shadow attacks)."""

    def __init__(self):
        self.objs = {}
        self.order = []
        self.shadows = []   # (after_num, bytes)

    def set(self, num, value):
        if num not in self.objs:
            self.order.append(num)
        self.objs[num] = value

    def write(self, root=1):
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for num in self.order:
            offsets[num] = len(out)
            out += sdpdf.PdfWriter._obj_bytes(num, self.objs[num])
            for after, chunk in self.shadows:
                if after == num:
                    out += chunk
        size = max(self.order) + 1
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f\r\n" % size
        for n in range(1, size):
            out += (b"%010d 00000 n\r\n" % offsets[n]) if n in offsets else b"0000000000 00001 f\r\n"
        out += b"trailer\n" + ser({"Size": size, "Root": Ref(root)}) + b"\n"
        out += b"startxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)


def base_doc(content=b"0 0 0 rg BT /F1 24 Tf 72 700 Td (Pay 100 yuan) Tj ET", annots=True,
             contents_first=False, subfilter="adbe.pkcs7.detached", certify=None):
    """Catalog 1, Pages 2, Page 3 with content 4 and font 5, signature widget
    6 (field Sig1) with its value 7, AcroForm 8."""
    d = Doc()
    d.set(1, {"Type": N("Catalog"), "Pages": Ref(2), "AcroForm": Ref(8)})
    d.set(2, {"Type": N("Pages"), "Kids": [Ref(3)], "Count": 1})
    page = {"Type": N("Page"), "Parent": Ref(2), "MediaBox": [0, 0, 595, 842],
            "Resources": {"Font": {"F1": Ref(5)}}, "Contents": Ref(4)}
    if annots:
        page["Annots"] = [Ref(6)]
    d.set(3, page)
    d.set(4, Stream(content))
    d.set(5, {"Type": N("Font"), "Subtype": N("Type1"), "BaseFont": N("Helvetica")})
    d.set(6, {"Type": N("Annot"), "Subtype": N("Widget"), "FT": N("Sig"), "T": "Sig1",
              "Rect": [0, 0, 0, 0], "F": 132, "P": Ref(3), "V": Ref(7)})
    contents = Raw(b"<" + b"0" * PLACEHOLDER + b">")
    sig = {"Type": N("Sig"), "Filter": N("Adobe.PPKLite"), "SubFilter": N(subfilter)}
    # Signature wrapping needs /ByteRange after /Contents, where the second
    # signed part starts.
    if contents_first:
        sig["Contents"] = contents
        sig["ByteRange"] = Raw(BR_PLACEHOLDER)
    else:
        sig["ByteRange"] = Raw(BR_PLACEHOLDER)
        sig["Contents"] = contents
    sig["M"] = "D:20260101000000Z"
    if certify:
        sig["Reference"] = [{"Type": N("SigRef"), "TransformMethod": N("DocMDP"),
                             "TransformParams": {"Type": N("TransformParams"), "P": certify,
                                                 "V": N("1.2")}}]
        d.objs[1]["Perms"] = {"DocMDP": Ref(7)}
    d.set(7, sig)
    d.set(8, {"Fields": [Ref(6)], "SigFlags": 3})
    return d


def fill_signature(ctx, data, cms_fn):
    """Fills the placeholders of the last signature dictionary in data:
    the byte range, then /Contents with cms_fn(signed bytes)."""
    data = bytearray(data)
    c0 = data.rindex(b"<" + b"0" * PLACEHOLDER + b">")
    c1 = c0 + PLACEHOLDER + 2
    i = data.rindex(BR_PLACEHOLDER)
    br = b"[0 %d %d %d]" % (c0, c1, len(data) - c1)
    data[i:i + len(BR_PLACEHOLDER)] = br.ljust(len(BR_PLACEHOLDER))
    signed = bytes(data[:c0] + data[c1:])
    der = cms_fn(ctx, signed)
    hexs = der.hex().encode()
    if len(hexs) > PLACEHOLDER:
        raise tsv.Failed("CMS larger than the placeholder")
    data[c0 + 1:c0 + 1 + len(hexs)] = hexs
    return bytes(data)


def openssl_cms(key="rsa", digest="sha256", cades=False):
    def fn(ctx, content):
        k = ctx.keys
        tbs = ctx.path("tbs.bin")
        open(tbs, "wb").write(content)
        key_file, cert, chain = {"rsa": ("rsa.key", "rsa.pem", "ca.pem"),
                                 "ec256": ("ec256.key", "ec256.pem", "ca.pem")}[key]
        cmd = [ctx.a.openssl, "cms", "-sign", "-binary", "-in", tbs, "-signer",
               os.path.join(k, cert), "-inkey", os.path.join(k, key_file), "-certfile",
               os.path.join(k, chain), "-outform", "DER", "-md", digest, "-nosmimecap"]
        if cades:
            cmd.append("-cades")
        p = ctx.run(cmd, env=dict(ctx.env, OPENSSL_CONF="/dev/null"))
        if p.returncode != 0:
            raise tsv.Failed("openssl cms -sign failed: %s" % p.err)
        return p.stdout
    return fn


def sm2_cms(distid):
    """SM2/SM3 SignedData by hand (openssl cms cannot sign with SM2), the
    signed attributes signed with the SM2 ID distid (None: OpenSSL's empty ID)."""
    def fn(ctx, content):
        k = ctx.keys
        env = dict(ctx.env, OPENSSL_CONF="/dev/null")
        cert = tsv._pem_der(os.path.join(k, "sm2.pem"))
        ca = tsv._pem_der(os.path.join(k, "sm2ca.pem"))
        issuer, serial = issuer_serial(cert)
        cf = ctx.path("sm2-content.bin")
        open(cf, "wb").write(content)
        md = ctx.run([ctx.a.openssl, "dgst", "-sm3", "-binary", cf], env=env).stdout
        sm3 = tsv._der(0x30, tsv._oid("1.2.156.10197.1.401"))
        attrs = (tsv._der(0x30, tsv._oid("1.2.840.113549.1.9.3")
                          + tsv._der(0x31, tsv._oid("1.2.840.113549.1.7.1")))
                 + tsv._der(0x30, tsv._oid("1.2.840.113549.1.9.4")
                            + tsv._der(0x31, tsv._der(0x04, md))))
        af = ctx.path("sm2-attrs.der")
        open(af, "wb").write(tsv._der(0x31, attrs))
        cmd = [ctx.a.openssl, "dgst", "-sm3", "-sign", os.path.join(k, "sm2.key")]
        if distid:
            cmd += ["-sigopt", "distid:" + distid]
        p = ctx.run(cmd + [af], env=env)
        if p.returncode != 0:
            raise tsv.Failed("SM2 signing failed: %s" % p.err)
        si = tsv._der(0x30, tsv._der(0x02, b"\x01") + tsv._der(0x30, issuer + serial) + sm3
                      + tsv._der(0xA0, attrs) + tsv._der(0x30, tsv._oid("1.2.156.10197.1.501"))
                      + tsv._der(0x04, p.stdout))
        sd = tsv._der(0x30, tsv._der(0x02, b"\x01") + tsv._der(0x31, sm3)
                      + tsv._der(0x30, tsv._oid("1.2.840.113549.1.7.1"))
                      + tsv._der(0xA0, cert + ca) + tsv._der(0x31, si))
        return tsv._der(0x30, tsv._oid("1.2.840.113549.1.7.2") + tsv._der(0xA0, sd))
    return fn


def issuer_serial(cert):
    _, tv, _ = tsv._tlv(cert, 0)
    _, tbs_v, _ = tsv._tlv(cert, tv)
    i = tbs_v
    if cert[i] == 0xA0:
        i = tsv._tlv(cert, i)[2]
    serial_end = tsv._tlv(cert, i)[2]
    serial = cert[i:serial_end]
    i = tsv._tlv(cert, serial_end)[2]
    return cert[i:tsv._tlv(cert, i)[2]], serial


def children(der, start, end):
    out = []
    while start < end:
        tag, a, b = tsv._tlv(der, start)
        out.append((tag, start, a, b))
        start = b
    return out


def rebuild_signed_data(der, edit):
    """Calls edit(list of [tag, element bytes]) on the SignedData's fields
    (version, digestAlgorithms, encapContentInfo, [0] certificates,
    signerInfos) and re-encodes the ContentInfo."""
    _, v, _ = tsv._tlv(der, 0)
    oid_end = tsv._tlv(der, v)[2]
    _, ev, _ = tsv._tlv(der, oid_end)
    _, sv, se = tsv._tlv(der, ev)
    parts = [[t, der[s:b]] for t, s, _, b in children(der, sv, se)]
    edit(parts)
    sd = tsv._der(0x30, b"".join(p[1] for p in parts))
    return tsv._der(0x30, der[v:oid_end] + tsv._der(0xA0, sd))


def attack_file(ctx, name, data):
    f = ctx.path("attack-%s.pdf" % name)
    open(f, "wb").write(data)
    return f


def signed_base(ctx, **kw):
    cms = kw.pop("cms", openssl_cms())
    return fill_signature(ctx, base_doc(**kw).write(), cms)


def sig_dict_span(data):
    """(start, end) of the last signature dictionary's body."""
    i = data.rindex(b"/Type /Sig")
    s = data.rindex(b"<<", 0, i)
    e = data.index(b"endobj", i)
    return s, e


def replace_in_sig(data, pattern, repl):
    """Replaces, inside the signature dictionary only, the first match of
    pattern by repl padded with spaces to the same length (offsets stay)."""
    s, e = sig_dict_span(data)
    body = data[s:e]
    m = re.search(pattern, body, re.S)
    if m is None:
        raise tsv.Failed("pattern %r not in the signature dictionary" % pattern)
    new = repl if isinstance(repl, bytes) else repl(m)
    if len(new) > len(m.group(0)):
        raise tsv.Failed("replacement longer than the original")
    new = new.ljust(len(m.group(0)))
    return data[:s] + body[:m.start()] + new + body[m.end():] + data[e:]


def byte_range(data):
    s, e = sig_dict_span(data)
    m = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data[s:e])
    return [int(x) for x in m.groups()]


# --------------------------------------------------------------------------
# Groups


def group_ours(ctx):
    """Our own signatures, every key and format: valid with the test roots
    trusted, untrusted without them, identity and coverage right, and the
    same verdict as pdfsig where pdfsig can verify."""
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("cairo")["file"]), src)
    variants = [("rsa-p12", []), ("ec256-pem", []), ("ec384-p12", []), ("sm2-pem", []),
                ("rsa-p12", ["--pss"]), ("rsa-p12", ["--subfilter", "pkcs7"]),
                ("rsa-p12", ["--digest", "sha512"])]
    serial_of = {}
    for key, extra in variants:
        label = "verify %s %s" % (key, " ".join(extra))
        out = ctx.path("ours-%s%s.pdf" % (key, "".join(extra).replace("-", "")))
        if not tsv.sign_ok(ctx, label, src, out, key=key, extra=extra):
            continue
        p, j = verify(ctx, out)
        if not ctx.check(j is not None and p.returncode == 0 and j["verdict"] == "valid",
                         label + ": verdict valid, exit 0", tsv.describe(p)):
            continue
        s = j["signatures"][0]
        cov = s["coverage"]
        ctx.check(s["status"] == "valid" and s["integrity"]["digest_matches"]
                  and s["integrity"]["signature_verifies"] and not s["problems"],
                  label + ": integrity: digest matches, signature verifies", repr(s))
        ctx.check(cov["starts_at_zero"] and cov["gap_is_contents"] and cov["ends_at_revision"]
                  and cov["covers_whole_file"] and cov["revision"] == 2,
                  label + ": coverage from 0, gap = /Contents, ends at revision 2 = EOF", repr(cov))
        cert = os.path.join(ctx.keys, key.split("-")[0] + ".pem")
        if cert not in serial_of:
            q = ctx.run([ctx.a.openssl, "x509", "-in", cert, "-noout", "-serial"])
            serial_of[cert] = q.out.strip().split("=")[1].lstrip("0")
        signer = s["signer"] or {}
        ctx.check(signer.get("name") == tsv.KEYS[key]["cn"]
                  and signer.get("organization") == "SealDesk Test"
                  and (signer.get("serial") or "").lstrip("0") == serial_of[cert]
                  and "Root CA" in (signer.get("issuer") or ""),
                  label + ": signer name, organization, serial, issuer", repr(signer))
        want_key = {"rsa": "RSA 2048", "ec256": "ECDSA 256", "ec384": "ECDSA 384", "sm2": "SM2 256"}
        want_digest = ("SHA-512" if "sha512" in extra else "SHA-384" if key == "ec384-p12"
                       else "SM3" if key == "sm2-pem" else "SHA-256")
        ctx.check(signer.get("key_algorithm") == want_key[key.split("-")[0]]
                  and signer.get("digest_algorithm") == want_digest,
                  label + ": key %s, digest %s" % (want_key[key.split("-")[0]], want_digest),
                  repr(signer))
        ctx.check(s["trust"]["status"] == "trusted" and len(s["trust"]["chain"]) == 2,
                  label + ": trusted, chain of 2", repr(s["trust"]))
        ctx.check(s["time"]["claimed"] and s["time"]["claimed"].startswith("D:"),
                  label + ": /M reported", repr(s["time"]))
        if "sm2" not in key:
            _, sigs = tsv.pdfsig_run(ctx, out)
            ctx.check(sigs and sigs[0].get("validation") == "Signature is Valid."
                      and sigs[0].get("total") is True,
                      label + ": pdfsig agrees (valid, total document signed)",
                      repr(sigs and sigs[0]["lines"]))
        p, j = verify(ctx, out, trust=False)
        ctx.check(p.returncode == 5 and j and j["verdict"] == "untrusted"
                  and j["signatures"][0]["trust"]["status"] == "untrusted"
                  and j["signatures"][0]["status"] == "valid",
                  label + ": without the test roots: intact but untrusted (exit 5)", tsv.describe(p))
    # Several signatures: each one valid; the earlier ones were signed again
    # later but are not "modified".
    s1, s2, s3 = ctx.path("m1.pdf"), ctx.path("m2.pdf"), ctx.path("m3.pdf")
    if (tsv.sign_ok(ctx, "multi 1", src, s1) and tsv.sign_ok(ctx, "multi 2", s1, s2, key="sm2-pem",
                                                            page=2, at=(50, 60))
            and tsv.sign_ok(ctx, "multi 3", s2, s3, key="ec256-pem", at=(120, 30))):
        p, j = verify(ctx, s3)
        ok = j is not None and p.returncode == 0 and len(j["signatures"]) == 3
        ctx.check(ok, "multi: three signatures, verdict valid", tsv.describe(p))
        if ok:
            sigs = j["signatures"]
            ctx.check([s["coverage"]["revision"] for s in sigs] == [2, 3, 4]
                      and [s["coverage"]["covers_whole_file"] for s in sigs] == [False, False, True],
                      "multi: revisions 2, 3, 4; only the last covers the whole file",
                      repr([s["coverage"] for s in sigs]))
            ctx.check(all(s["after"]["changes"] in ([], ["signatures"]) and not s["after"]["modified"]
                          for s in sigs),
                      "multi: later revisions hold signatures only",
                      repr([s["after"] for s in sigs]))
            ctx.check(all(r["kinds"] in ([], ["signatures"]) for r in j["revisions"]),
                      "multi: every revision classified as signatures",
                      repr([(r["kinds"], r["changes"]) for r in j["revisions"]]))
    # Human-readable output
    p = ctx.run([ctx.a.cli, "verify", s3, "--no-system-roots", "--trust",
                 os.path.join(ctx.keys, "ca.pem")])
    ctx.check(p.returncode == 5 and "SealDesk Test SM2 Signer" in p.out and "not trusted" in p.out,
              "text output names the signers and says which one is not trusted (SM2 root not given)",
              tsv.describe(p))


def group_foreign(ctx):
    """Other tools' signatures: pdfsig (NSS, BER CMS) and openssl cms."""
    nss = os.path.join(ctx.keys, "nssdb")
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("cairo")["file"]), src)
    s1, s2 = ctx.path("pdfsig1.pdf"), ctx.path("pdfsig2.pdf")
    p = ctx.run([ctx.a.pdfsig, src, s1, "-add-signature", "-nssdir", nss, "-nick", "sealdesk-rsa"])
    if ctx.check(p.returncode == 0, "pdfsig -add-signature", p.out + p.err):
        ctx.run([ctx.a.pdfsig, s1, s2, "-add-signature", "-nssdir", nss, "-nick", "sealdesk-rsa"])
        for f, n in ((s1, 1), (s2, 2)):
            p, j = verify(ctx, f)
            _, psigs = tsv.pdfsig_run(ctx, f)
            ctx.check(j is not None and p.returncode == 0 and len(j["signatures"]) == n
                      and all(s["status"] == "valid" for s in j["signatures"]),
                      "pdfsig-made file with %d signature(s): valid, as pdfsig says (%r)"
                      % (n, [s.get("validation") for s in psigs]), tsv.describe(p))
    geom = [{"crop": [0, 0, 595.2756, 841.8898], "rotate": 0, "userunit": 1}]
    t = {"page": 1, "at": [20, 30], "size": 40}
    for key, dg, pss, sf in (("rsa", "sha256", False, "pkcs7"), ("rsa", "sha256", True, "pkcs7"),
                             ("ec256", "sha384", False, "cades"), ("rsa", "sha512", False, "cades")):
        label = "openssl cms %s %s%s %s" % (key, dg, " PSS" if pss else "", sf)
        f = ctx.path("ossl-%s-%s-%d-%s.pdf" % (key, dg, pss, sf))
        try:
            open(f, "wb").write(tsv.ref_signed_pdf(ctx, geom, t, key, digest=dg, pss=pss,
                                                   subfilter=sf))
        except tsv.Failed as e:
            ctx.fail(label + ": reference file", str(e))
            continue
        p, j = verify(ctx, f)
        _, psigs = tsv.pdfsig_run(ctx, f)
        pv = psigs[0].get("validation") if psigs else None
        ctx.check(j is not None and p.returncode == 0 and pv == "Signature is Valid.",
                  label + ": valid, and pdfsig agrees (%r)" % pv, tsv.describe(p))


def group_forgery(ctx):
    """Universal Signature Forgery (Mladenov et al. 2019, 4.1) and byte
    range tricks, each crafted from a valid signature."""
    good = signed_base(ctx)
    f = attack_file(ctx, "valid-base", good)
    p, j = verify(ctx, f)
    ctx.check(j is not None and p.returncode == 0, "the untampered base file is valid",
              tsv.describe(p))
    br = byte_range(good)
    variants = [
        ("contents-missing", rb"/Contents\s*<[0-9a-fA-F]*>", b"", r"no value|/Contents is missing"),
        ("contents-empty", rb"/Contents\s*<[0-9a-fA-F]*>", b"/Contents <>", r"empty|not a CMS"),
        ("contents-null", rb"/Contents\s*<[0-9a-fA-F]*>", b"/Contents null",
         r"no value|missing|hexadecimal"),
        ("contents-zero", rb"/Contents\s*<[0-9a-fA-F]*>",
         lambda m: b"/Contents <" + b"0" * (len(m.group(0)) - 12) + b">", r"not a CMS"),
        ("contents-literal", rb"/Contents\s*<[0-9a-fA-F]*>", b"/Contents (abc)",
         r"hexadecimal"),
        ("byterange-missing", BR, b"", r"no byte range"),
        ("byterange-empty", BR, b"/ByteRange []", r"malformed"),
        ("byterange-null", BR, b"/ByteRange null", r"no byte range|malformed"),
        ("byterange-zero", BR, b"/ByteRange [0 0 0 0]",
         r"leaves out|revision|does not match"),
        ("byterange-negative", BR,
         b"/ByteRange [0 %d %d -%d]" % (br[1], br[2], br[3]), r"malformed"),
        ("byterange-huge", BR,
         b"/ByteRange [0 %d %d 99999999999]" % (br[1], br[2]), r"past the end"),
        ("byterange-not-from-0", BR,
         b"/ByteRange [10 %d %d %d]" % (br[1] - 10, br[2], br[3]), r"does not start"),
        ("byterange-overlap", BR,
         b"/ByteRange [0 %d %d %d]" % (br[2] + 10, br[2], br[3]), r"overlap"),
        ("byterange-six", BR,
         b"/ByteRange [0 %d %d %d 0 10]" % tuple(br[1:]), r"malformed"),
        ("byterange-reals", BR,
         b"/ByteRange [0 %d.0 %d %d]" % tuple(br[1:]), r"malformed"),
        ("byterange-indirect", BR, b"/ByteRange 5 0 R",
         r"malformed"),
        # A second /Contents after the first: readers disagree on which wins.
        ("contents-twice", rb"/M\s*\(D:[0-9Z]+\)", b"/Contents <00>", r"twice"),
    ]
    for name, pattern, repl, words in variants:
        try:
            data = replace_in_sig(good, pattern, repl)
        except tsv.Failed as e:
            ctx.fail("forgery %s: crafted" % name, str(e))
            continue
        f = attack_file(ctx, name, data)
        expect_rejected(ctx, "forgery " + name, f, verdicts=("invalid",), words=words,
                        where="problems")
    # /Contents of a valid signature copied onto another document.
    other = base_doc(content=b"BT /F1 24 Tf 72 700 Td (Pay 1000000 yuan) Tj ET").write()
    m = re.search(rb"/ByteRange\s*\[[^\]]*\]\s*/Contents\s*<[0-9a-fA-F]+>", good)
    span = sig_dict_span(other)
    body = other[span[0]:span[1]]
    m2 = re.search(rb"/ByteRange\s*\[[^\]]*\]\s*/Contents\s*<0+>", body)
    if m and m2 and len(m.group(0)) <= len(m2.group(0)):
        copied = other[:span[0]] + body[:m2.start()] + m.group(0).ljust(len(m2.group(0))) \
            + body[m2.end():] + other[span[1]:]
        f = attack_file(ctx, "copied-signature", copied)
        expect_rejected(ctx, "forgery: a valid signature copied to another document", f,
                        verdicts=("invalid",), words=r"does not match|leaves out|revision|past the end",
                        where="problems")


def append_objects_without_xref(data, objs):
    out = bytearray(data)
    for num, value in objs.items():
        out += sdpdf.PdfWriter._obj_bytes(num, value)
    return bytes(out)


def group_incremental(ctx):
    """Incremental Saving Attack (Mladenov et al. 2019, 4.2)."""
    good = signed_base(ctx)
    evil = Stream(b"0 0 0 rg BT /F1 24 Tf 72 700 Td (Pay 1000000 yuan) Tj ET")
    # 1. A proper incremental update that replaces the page content.
    data = sdpdf.append_update(good, {4: evil}, Ref(1), 9)
    f = attack_file(ctx, "isa-update", data)
    j = expect_rejected(ctx, "ISA: page content replaced by an update", f, verdicts=("modified",),
                        words=r"overwritten|page 1 changed", where="changes")
    if j:
        s = j["signatures"][0]
        ctx.check(s["status"] == "valid" and s["after"]["modified"] and "other" in s["after"]["changes"],
                  "ISA update: the signature itself is intact, the document modified (other)",
                  repr(s))
        note_pdfsig(ctx, "ISA update", f)
    # 2. A new page content object and a new page dictionary.
    data = sdpdf.append_update(good, {9: evil, 3: {"Type": N("Page"), "Parent": Ref(2),
                                                    "MediaBox": [0, 0, 595, 842],
                                                    "Resources": {"Font": {"F1": Ref(5)}},
                                                    "Contents": Ref(9), "Annots": [Ref(6)]}},
                               Ref(1), 10)
    f = attack_file(ctx, "isa-new-content", data)
    expect_rejected(ctx, "ISA: the page pointed to new content", f, verdicts=("modified",),
                    words=r"page 1 changed \(/Contents\)", where="changes")
    # 3. Objects appended without any cross-reference section or trailer.
    data = append_objects_without_xref(good, {4: evil})
    f = attack_file(ctx, "isa-no-xref", data)
    expect_rejected(ctx, "ISA: objects appended with no xref/trailer", f, verdicts=("modified",),
                    words=r"appended after the last complete revision", where="changes")
    # 4. ... followed by a %%EOF and an old startxref (looks like a revision).
    data = append_objects_without_xref(good, {4: evil}) + b"startxref\n%d\n%%%%EOF\n" % (
        sdpdf.last_startxref(good))
    f = attack_file(ctx, "isa-old-startxref", data)
    expect_rejected(ctx, "ISA: objects + old startxref + %%EOF", f, verdicts=("modified",),
                    words=r"appended after the last complete revision", where="changes")
    # 5. An update whose xref section does not list the object it adds.
    upd = sdpdf.append_update(good, {8: {"Fields": [Ref(6)], "SigFlags": 3}}, Ref(1), 9)
    i = upd.rindex(b"\nxref\n") + 1
    data = upd[:i] + sdpdf.PdfWriter._obj_bytes(4, evil) + upd[i:]
    # the inserted object moved the xref: fix startxref
    data = data[:data.rindex(b"startxref")] + b"startxref\n%d\n%%%%EOF\n" % (i + len(
        sdpdf.PdfWriter._obj_bytes(4, evil)))
    f = attack_file(ctx, "isa-unlisted", data)
    expect_rejected(ctx, "ISA: object written but not in the update's xref", f,
                    verdicts=("modified",), words=r"without being listed", where="changes")
    # 6. An annotation added after signing: not an attack, but not unmodified either.
    data = sdpdf.append_update(good, {9: {"Type": N("Annot"), "Subtype": N("Text"),
                                          "Rect": [100, 100, 120, 120], "Contents": "note"},
                                      3: {"Type": N("Page"), "Parent": Ref(2),
                                          "MediaBox": [0, 0, 595, 842],
                                          "Resources": {"Font": {"F1": Ref(5)}},
                                          "Contents": Ref(4), "Annots": [Ref(6), Ref(9)]}},
                               Ref(1), 10)
    f = attack_file(ctx, "annotation-added", data)
    j = expect_rejected(ctx, "an annotation added after signing", f, verdicts=("modified",),
                        words=r"Annotation \(Text\) added on page 1", where="changes")
    if j:
        s = j["signatures"][0]
        ctx.check(s["after"]["changes"] == ["annotations"] and s["after"]["permitted"],
                  "annotation added: classified annotations only, permitted for an approval "
                  "signature", repr(s["after"]))
    # 7. Trailing white space is not content.
    f = attack_file(ctx, "trailing-space", good + b"\n\n  \r\n")
    p, j = verify(ctx, f)
    ctx.check(j is not None and p.returncode == 0,
              "trailing white space after %%EOF leaves the verdict valid", tsv.describe(p))


def group_wrapping(ctx):
    """Signature Wrapping (Mladenov et al. 2019, 4.3): /ByteRange after
    /Contents, so the second signed part can be moved to the end of the file
    and the gap filled with new objects, while the digest still matches."""
    good = signed_base(ctx, contents_first=True)
    f = attack_file(ctx, "swa-base", good)
    p, j = verify(ctx, f)
    ctx.check(j is not None and p.returncode == 0, "SWA base (ByteRange after Contents) is valid",
              tsv.describe(p))
    a, b, c, d = byte_range(good)
    first, contents, second = good[:b], good[b:c], good[c:c + d]
    evil = sdpdf.PdfWriter._obj_bytes(4, Stream(b"BT /F1 24 Tf 72 700 Td (Pay 1000000 yuan) Tj ET"))
    # The parsed dictionary must see the new byte range right after /Contents.
    br_text = b" /ByteRange [0 %d %s %d]"
    filler_len = len(br_text % (b, b"0000000000", d)) + 4
    new_c = c + filler_len + len(evil)
    head = (br_text % (b, b"%010d" % new_c, d)).ljust(filler_len - 4) + b" >> "
    # Close the wrapped dictionary and put the attacker's object in the gap;
    # the copy of the original second part follows.
    wrapped = first + contents + head + evil + second
    if len(head) + len(evil) + c != new_c:
        ctx.fail("SWA crafted", "offset arithmetic")
        return
    f = attack_file(ctx, "swa-moved", wrapped)
    j = expect_rejected(ctx, "SWA: second range moved over a copy", f, verdicts=("invalid",),
                        words=r"leaves out bytes", where="problems")
    if j:
        s = j["signatures"][0]
        ctx.check(s["integrity"]["digest_matches"] and s["integrity"]["signature_verifies"],
                  "SWA: the cryptography alone would be fooled (digest and signature verify)",
                  repr(s["integrity"]))
        note_pdfsig(ctx, "SWA", f)
    # /Contents relocated: the value points elsewhere than the byte range gap.
    data = replace_in_sig(good, rb"/ByteRange\s*\[[^\]]*\]",
                          b"/ByteRange [0 %d %d %d]" % (b - 2, c - 2, d + 2))
    f = attack_file(ctx, "swa-contents-shifted", data)
    expect_rejected(ctx, "SWA: byte range gap not at /Contents", f, verdicts=("invalid",),
                    words=r"leaves out bytes", where="problems")
    # The signature dictionary overridden by a later update with a new range.
    sig = {"Type": N("Sig"), "Filter": N("Adobe.PPKLite"), "SubFilter": N("adbe.pkcs7.detached"),
           "Contents": Raw(contents), "ByteRange": [0, b, c, d], "M": "D:20260101000000Z"}
    data = sdpdf.append_update(good, {7: sig}, Ref(1), 9)
    f = attack_file(ctx, "swa-dict-overridden", data)
    expect_rejected(ctx, "SWA: signature dictionary replaced in a later update", f,
                    verdicts=("invalid",), words=r"not inside the bytes it signs|not the one",
                    where="problems")


def group_shadow(ctx):
    """Shadow attacks (Mainka et al. 2021): what is shown is switched after
    signing through content that was in the signed file but unused."""
    # Hide: the signed page draws a white box over "Pay 1000000"; the update
    # replaces the box's content stream with an empty one.
    d = base_doc(content=b"BT /F1 24 Tf 72 700 Td (Pay 1000000 yuan) Tj ET")
    d.set(9, Stream(b"1 1 1 rg 60 690 400 40 re f 0 0 0 rg BT /F1 24 Tf 72 700 Td (Pay 100 yuan) Tj ET"))
    d.objs[3]["Contents"] = [Ref(4), Ref(9)]
    good = fill_signature(ctx, d.write(), openssl_cms())
    data = sdpdf.append_update(good, {9: Stream(b"")}, Ref(1), 10)
    f = attack_file(ctx, "shadow-hide", data)
    expect_rejected(ctx, "shadow hide: overlay content emptied", f, verdicts=("modified",),
                    words=r"Object 9 .*overwritten", where="changes")
    note_pdfsig(ctx, "shadow hide", f)

    # Hide via the cross-reference table only: the update holds no object,
    # just points object 9 at a shadow copy present (unused) in the signed bytes.
    d = base_doc(content=b"BT /F1 24 Tf 72 700 Td (Pay 1000000 yuan) Tj ET")
    d.set(9, Stream(b"1 1 1 rg 60 690 400 40 re f 0 0 0 rg BT /F1 24 Tf 72 700 Td (Pay 100 yuan) Tj ET"))
    d.objs[3]["Contents"] = [Ref(4), Ref(9)]
    d.shadows.append((9, sdpdf.PdfWriter._obj_bytes(9, Stream(b"% nothing"))))
    good = fill_signature(ctx, d.write(), openssl_cms())
    shadow_at = good.index(b"9 0 obj", good.index(b"9 0 obj") + 1)
    xref_at = len(good)
    data = good + (b"xref\n0 1\n0000000000 65535 f\r\n9 1\n%010d 00000 n\r\n" % shadow_at
                   + b"trailer\n" + ser({"Size": 10, "Root": Ref(1),
                                          "Prev": sdpdf.last_startxref(good)})
                   + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    f = attack_file(ctx, "shadow-hide-xref", data)
    expect_rejected(ctx, "shadow hide: xref-only update redirects an object to a shadow copy", f,
                    verdicts=("modified",), words=r"Object 9 .*overwritten", where="changes")
    note_pdfsig(ctx, "shadow hide (xref only)", f)

    # Replace: the font the page uses is swapped for another one.
    good = signed_base(ctx)
    data = sdpdf.append_update(good, {5: {"Type": N("Font"), "Subtype": N("Type1"),
                                          "BaseFont": N("Courier")}}, Ref(1), 9)
    f = attack_file(ctx, "shadow-replace-font", data)
    expect_rejected(ctx, "shadow replace: the page's font overwritten", f, verdicts=("modified",),
                    words=r"Object 5 .*\(a font\).*overwritten", where="changes")

    # Replace through a form field: allowed filling, but never "unmodified".
    d = base_doc()
    d.set(10, {"FT": N("Tx"), "T": "amount", "V": "100", "Rect": [72, 600, 300, 620],
               "Type": N("Annot"), "Subtype": N("Widget"), "P": Ref(3)})
    d.objs[3]["Annots"] = [Ref(6), Ref(10)]
    d.objs[8]["Fields"] = [Ref(6), Ref(10)]
    good = fill_signature(ctx, d.write(), openssl_cms())
    field = dict(d.objs[10])
    field["V"] = "1000000"
    data = sdpdf.append_update(good, {10: field}, Ref(1), 11)
    f = attack_file(ctx, "shadow-replace-field", data)
    j = expect_rejected(ctx, "shadow replace: a form field's value changed", f,
                        verdicts=("modified",), words=r"“amount” filled in", where="changes")
    if j:
        ctx.check(j["signatures"][0]["after"]["changes"] == ["form-fill"],
                  "field value change classified as form filling",
                  repr(j["signatures"][0]["after"]))

    # Hide-and-replace: a whole second document (catalog, pages, page,
    # content) sits unused in the signed file; the update only changes the
    # trailer's /Root to it.
    d = base_doc()
    d.set(11, Stream(b"BT /F1 24 Tf 72 700 Td (Pay 1000000 yuan) Tj ET"))
    d.set(12, {"Type": N("Page"), "Parent": Ref(13), "MediaBox": [0, 0, 595, 842],
               "Resources": {"Font": {"F1": Ref(5)}}, "Contents": Ref(11), "Annots": [Ref(6)]})
    d.set(13, {"Type": N("Pages"), "Kids": [Ref(12)], "Count": 1})
    d.set(14, {"Type": N("Catalog"), "Pages": Ref(13), "AcroForm": Ref(8)})
    good = fill_signature(ctx, d.write(), openssl_cms())
    xref_at = len(good)
    data = good + (b"xref\n0 1\n0000000000 65535 f\r\ntrailer\n"
                   + ser({"Size": 15, "Root": Ref(14), "Prev": sdpdf.last_startxref(good)})
                   + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    f = attack_file(ctx, "shadow-hide-and-replace", data)
    expect_rejected(ctx, "shadow hide-and-replace: /Root switched to an unused catalog", f,
                    verdicts=("modified",), words=r"catalog was replaced", where="changes")
    note_pdfsig(ctx, "shadow hide-and-replace", f)

    # An object referenced but missing when signed, added afterwards.
    d = base_doc()
    d.objs[3]["Contents"] = [Ref(4), Ref(20)]
    good = fill_signature(ctx, d.write(), openssl_cms())
    data = sdpdf.append_update(good, {20: Stream(b"BT /F1 24 Tf 72 650 Td (and 1000000) Tj ET")},
                               Ref(1), 21)
    f = attack_file(ctx, "shadow-dangling", data)
    expect_rejected(ctx, "a missing referenced object filled in later", f, verdicts=("modified",),
                    words=r"referenced but missing", where="changes")


def group_cms(ctx):
    """Attacks on the CMS structure."""
    def extra_signer(ctx_, content):
        der = openssl_cms()(ctx_, content)

        def edit(parts):
            si_set = parts[-1][1]
            _, a, b = tsv._tlv(si_set, 0)
            parts[-1][1] = tsv._der(0x31, si_set[a:b] * 2)
        return rebuild_signed_data(der, edit)

    def wrong_content(ctx_, content):
        return openssl_cms()(ctx_, content[:-1] + bytes([content[-1] ^ 1]))

    def swapped_cert(ctx_, content):
        der = openssl_cms()(ctx_, content)
        other = tsv._pem_der(os.path.join(ctx_.keys, "ec256.pem"))
        ca = tsv._pem_der(os.path.join(ctx_.keys, "ca.pem"))

        def edit(parts):
            for p in parts:
                if p[0] == 0xA0:
                    p[1] = tsv._der(0xA0, other + ca)
        return rebuild_signed_data(der, edit)

    def forged_cert(ctx_, content):
        """The signer's certificate replaced by one with the same issuer and
        serial number but another key and name (made by a look-alike CA)."""
        k = ctx_.keys
        env = dict(ctx_.env, OPENSSL_CONF="/dev/null")
        w = ctx_.path
        serial = ctx_.run([ctx_.a.openssl, "x509", "-in", os.path.join(k, "rsa.pem"), "-noout",
                           "-serial"]).out.strip().split("=")[1]
        ctx_.run([ctx_.a.openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                  w("fake-ca.key"), "-out", w("fake-ca.pem"), "-subj",
                  "/C=CN/O=SealDesk Test/CN=SealDesk Test Root CA", "-days", "30"], env=env)
        ctx_.run([ctx_.a.openssl, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
                  w("fake.key"), "-out", w("fake.csr"), "-subj",
                  "/C=CN/O=Victim Corp/CN=Victim"], env=env)
        ctx_.run([ctx_.a.openssl, "x509", "-req", "-in", w("fake.csr"), "-CA", w("fake-ca.pem"),
                  "-CAkey", w("fake-ca.key"), "-set_serial", "0x" + serial, "-days", "30",
                  "-out", w("fake.pem")], env=env)
        der = openssl_cms(cades=True)(ctx_, content)
        fake = tsv._pem_der(w("fake.pem"))

        def edit(parts):
            for p in parts:
                if p[0] == 0xA0:
                    p[1] = tsv._der(0xA0, fake)
        return rebuild_signed_data(der, edit)

    cases = [
        ("extra-signer", extra_signer, r"2 signers"),
        ("digest-mismatch", wrong_content, r"does not match the one that was signed"),
        ("cert-swapped", swapped_cert, r"signer’s certificate is not in the signature"),
        ("cert-forged", forged_cert, r"certificate was replaced|does not verify"),
        ("sm2-wrong-id", sm2_cms("1234567812345679"), r"does not verify.*1234567812345678"),
        ("sm2-empty-id", sm2_cms(None), r"does not verify.*1234567812345678"),
    ]
    for name, fn, words in cases:
        try:
            data = fill_signature(ctx, base_doc().write(), fn)
        except tsv.Failed as e:
            ctx.fail("cms %s: crafted" % name, str(e))
            continue
        f = attack_file(ctx, "cms-" + name, data)
        expect_rejected(ctx, "CMS " + name, f, verdicts=("invalid",), words=words, where="problems")
    # The control: the same hand-made SM2 signature with the right ID is valid.
    f = attack_file(ctx, "cms-sm2-right-id",
                    fill_signature(ctx, base_doc().write(), sm2_cms("1234567812345678")))
    p, j = verify(ctx, f)
    ctx.check(j is not None and p.returncode == 0,
              "CMS control: SM2 signed with the ID 1234567812345678 is valid", tsv.describe(p))


def group_docmdp(ctx):
    """Certification (DocMDP): P 1 forbids every later revision, P 2 allows
    form filling and signing, P 3 also annotations."""
    def annotation_update(data, size):
        return sdpdf.append_update(data, {size: {"Type": N("Annot"), "Subtype": N("Text"),
                                                 "Rect": [100, 100, 120, 120], "Contents": "x"},
                                          3: {"Type": N("Page"), "Parent": Ref(2),
                                              "MediaBox": [0, 0, 595, 842],
                                              "Resources": {"Font": {"F1": Ref(5)}},
                                              "Contents": Ref(4), "Annots": [Ref(6), Ref(size)]}},
                                   Ref(1), size + 1)

    for p_value in (1, 2, 3):
        certified = fill_signature(ctx, base_doc(certify=p_value).write(), openssl_cms())
        f = attack_file(ctx, "docmdp-p%d" % p_value, certified)
        p, j = verify(ctx, f)
        ctx.check(j is not None and p.returncode == 0 and j["certification"] == p_value
                  and j["signatures"][0]["certification"] == p_value,
                  "DocMDP P %d: certified document valid, certification reported" % p_value,
                  tsv.describe(p))
        # A second signature by sealdesk-cli (which refuses P 1 itself) or by hand.
        second = ctx.path("docmdp-p%d-signed.pdf" % p_value)
        if p_value == 1:
            d = base_doc()
            data = certified + b"\n"
            widget = {"Type": N("Annot"), "Subtype": N("Widget"), "FT": N("Sig"), "T": "Sig2",
                      "Rect": [0, 0, 0, 0], "F": 132, "P": Ref(3), "V": Ref(10)}
            sig = dict(d.objs[7])
            data = sdpdf.append_update(certified, {9: widget, 10: sig,
                                                   8: {"Fields": [Ref(6), Ref(9)], "SigFlags": 3},
                                                   3: dict(d.objs[3], Annots=[Ref(6), Ref(9)])},
                                       Ref(1), 11)
            data = fill_signature(ctx, data, openssl_cms())
            open(second, "wb").write(data)
        else:
            tsv.sign_ok(ctx, "DocMDP P %d second signature" % p_value, f, second, key="ec256-pem")
        p, j = verify(ctx, second)
        if p_value == 1:
            ctx.check(j is not None and p.returncode == 4 and not j["signatures"][0]["after"]["permitted"],
                      "DocMDP P 1: a later signature violates the certification (modified)",
                      tsv.describe(p))
        else:
            ctx.check(j is not None and p.returncode == 0 and j["signatures"][0]["after"]["permitted"],
                      "DocMDP P %d: a later signature is allowed (valid)" % p_value, tsv.describe(p))
        annotated = attack_file(ctx, "docmdp-p%d-annotated" % p_value, annotation_update(certified, 9))
        p, j = verify(ctx, annotated)
        if j is None:
            ctx.fail("DocMDP P %d annotated: verify output" % p_value, tsv.describe(p))
            continue
        permitted = j["signatures"][0]["after"]["permitted"]
        ctx.check(p.returncode == 4 and permitted == (p_value == 3),
                  "DocMDP P %d: an annotation added afterwards is %s, and reported modified"
                  % (p_value, "permitted" if p_value == 3 else "a violation"), tsv.describe(p))
        if p_value == 2:
            # Sneaky Signature Attack (Mainka et al. 2021): an unsigned
            # signature field whose appearance can show anything.
            d = base_doc()
            ap = sdpdf.Stream(b"1 1 1 rg 0 0 400 40 re f", {"Type": N("XObject"),
                                                             "Subtype": N("Form"),
                                                             "BBox": [0, 0, 400, 40]})
            ssa = sdpdf.append_update(certified, {
                9: {"Type": N("Annot"), "Subtype": N("Widget"), "FT": N("Sig"), "T": "Sig2",
                    "Rect": [60, 690, 460, 730], "F": 4, "P": Ref(3), "AP": {"N": Ref(10)}},
                10: ap,
                8: {"Fields": [Ref(6), Ref(9)], "SigFlags": 3},
                3: dict(d.objs[3], Annots=[Ref(6), Ref(9)])}, Ref(1), 11)
            f = attack_file(ctx, "docmdp-p2-sneaky-signature", ssa)
            j = expect_rejected(ctx, "DocMDP P 2: sneaky signature attack (empty signature field "
                                "with an appearance)", f, verdicts=("modified",),
                                words=r"Empty signature field", where="changes")
            if j:
                ctx.check(not j["signatures"][0]["after"]["permitted"],
                          "sneaky signature attack: not permitted under P 2",
                          repr(j["signatures"][0]["after"]))


def make_cert(ctx, name, start, end):
    """A leaf under the test root with the validity [start, end] (openssl ca
    can back-date, openssl x509 in 3.0 cannot)."""
    w = ctx.path
    k = ctx.keys
    env = dict(ctx.env, OPENSSL_CONF="/dev/null")
    db = w("ca-" + name)
    os.makedirs(db, exist_ok=True)
    open(os.path.join(db, "index.txt"), "w").close()
    open(os.path.join(db, "serial"), "w").write("%02X\n" % (len(name) + 0x10))
    cnf = w("ca-%s.cnf" % name)
    open(cnf, "w").write(
        "[ca]\ndefault_ca=x\n[x]\ndir=%s\ndatabase=$dir/index.txt\nserial=$dir/serial\n"
        "new_certs_dir=$dir\ncertificate=%s\nprivate_key=%s\ndefault_md=sha256\n"
        "policy=p\nunique_subject=no\ncopy_extensions=none\n[p]\ncommonName=supplied\n"
        "[ext]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
        % (db, os.path.join(k, "ca.pem"), os.path.join(k, "ca.key")))
    ctx.run([ctx.a.openssl, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
             w(name + ".key"), "-out", w(name + ".csr"), "-subj", "/CN=" + name], env=env)
    p = ctx.run([ctx.a.openssl, "ca", "-batch", "-config", cnf, "-in", w(name + ".csr"),
                 "-out", w(name + ".pem"), "-startdate", start, "-enddate", end,
                 "-extensions", "ext", "-notext"], env=env)
    if p.returncode != 0:
        raise tsv.Failed("openssl ca: %s" % p.err)
    return w(name + ".key"), w(name + ".pem")


def group_trust(ctx):
    src = ctx.path("in.pdf")
    shutil.copyfile(os.path.join(ctx.corpus, ctx.case("hand-pdf10")["file"]), src)
    cases = [("expired", "20200101000000Z", "20210101000000Z", "expired", r"expired on 2021-01-01"),
             ("future", "20990101000000Z", "21000101000000Z", "not-yet-valid", r"valid only from 2099"),
             ]
    for name, start, end, want, words in cases:
        try:
            key, cert = make_cert(ctx, name, start, end)
        except tsv.Failed as e:
            ctx.fail("trust %s: certificate made" % name, str(e))
            continue
        out = ctx.path("trust-%s.pdf" % name)
        cmd = [ctx.a.cli, "sign", src, "-o", out, "--key", key, "--cert", cert, "--chain",
               os.path.join(ctx.keys, "ca.pem"), "--seal", os.path.join(ctx.corpus, "seal.png"),
               "--at", "20,30", "--size", "30"]
        p = ctx.run(cmd)
        if not ctx.check(p.returncode == 0, "trust %s: signed with a %s certificate" % (name, name),
                         p.err):
            continue
        p, j = verify(ctx, out)
        s = j["signatures"][0] if j else {}
        ctx.check(p.returncode == 5 and s.get("status") == "valid"
                  and s.get("trust", {}).get("status") == want
                  and re.search(words, s.get("trust", {}).get("detail") or ""),
                  "trust %s: intact, trust status %s, detail /%s/" % (name, want, words),
                  tsv.describe(p))
    out = ctx.path("trust-untrusted.pdf")
    if tsv.sign_ok(ctx, "trust untrusted", src, out):
        p, j = verify(ctx, out, trust=False)
        s = j["signatures"][0] if j else {}
        ctx.check(p.returncode == 5 and s.get("trust", {}).get("status") == "untrusted"
                  and "root" in (s.get("trust", {}).get("detail") or ""),
                  "trust: no root given: untrusted, detail names the missing root", tsv.describe(p))
    p = ctx.run([ctx.a.cli, "verify", src, "--json"])
    ctx.check(p.returncode == 6 and json.loads(p.out)["verdict"] == "unsigned",
              "an unsigned document: exit 6, verdict unsigned", tsv.describe(p))
    p = ctx.run([ctx.a.cli, "verify", src, "--trust", ctx.path("no-such-dir")])
    ctx.check(p.returncode == 2 and len(p.err.strip().splitlines()) == 1,
              "--trust with a missing directory: usage error, one line", tsv.describe(p))
    p = ctx.run([ctx.a.cli, "verify", os.path.join(ctx.corpus, "garbage-random.pdf")])
    ctx.check(p.returncode == 1 and len(p.err.strip().splitlines()) == 1,
              "garbage input: exit 1, one error line", tsv.describe(p))


GROUPS = {
    "verify-ours": group_ours,
    "verify-foreign": group_foreign,
    "verify-forgery": group_forgery,
    "verify-incremental": group_incremental,
    "verify-wrapping": group_wrapping,
    "verify-shadow": group_shadow,
    "verify-cms": group_cms,
    "verify-docmdp": group_docmdp,
    "verify-trust": group_trust,
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
    for tool in ("qpdf", "pdfsig", "pdfinfo", "mutool", "pdftoppm", "openssl"):
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
