#!/usr/bin/env python3
"""A reference PAdES signer with sealdesk-cli's `sign` interface, for
proving the test harness only (it is never what the tests judge).

It reads the input's object graph with `qpdf --json`, appends one classic
incremental update (widget + signature dictionary + seal appearance, the
page or its /Annots array, the AcroForm or catalog) and signs the byte
ranges with `openssl cms` (SM2: a hand-built SignerInfo, since OpenSSL
3.0's CMS code cannot sign with SM2).

Usage: ref-signer.py sign IN -o OUT (--p12 P | --key K --cert C [--chain CH])
         [--password-file F | --password-env V] --seal PNG --page N|last
         --at X,Y --size W[,H] [--reason R] [--location L] [--name N]
         [--contact C] [--subfilter cades|pkcs7] [--digest D] [--pss]
         [--certify 1|2|3] [--force] [--text LINE]...
Environment: SD_REF_QPDF, SD_REF_OPENSSL (tool paths; default from PATH).
"""

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

sys.dont_write_bytecode = True  # never write __pycache__ into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdpdf  # noqa: E402
from sdpdf import N, Raw, Ref, Stream  # noqa: E402

QPDF = os.environ.get("SD_REF_QPDF") or shutil.which("qpdf") or "qpdf"
OPENSSL = os.environ.get("SD_REF_OPENSSL") or shutil.which("openssl") or "openssl"
PLACEHOLDER = 16384  # hex digits reserved for the CMS


class Refused(Exception):
    pass


def die(msg):
    sys.stderr.write("ref-signer: %s\n" % msg)
    sys.exit(1)


def run(cmd, data=None, env=None):
    p = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=dict(os.environ, OPENSSL_CONF="/dev/null", **(env or {})))
    return p


# ---- qpdf JSON <-> PDF ------------------------------------------------------

REF = re.compile(r"^(\d+) (\d+) R$")


def to_pdf(v):
    """A qpdf JSON v2 value as a PDF object (sdpdf types)."""
    if isinstance(v, str):
        m = REF.match(v)
        if m:
            return Ref(int(m.group(1)), int(m.group(2)))
        if v.startswith("/"):
            return Raw(v.encode("utf-8"))
        if v.startswith("u:"):
            s = v[2:]
            try:
                return s.encode("latin-1").decode("latin-1") if all(
                    ord(c) < 128 for c in s) else Raw(b"<feff" + s.encode("utf-16-be").hex().encode() + b">")
            except UnicodeError:
                return Raw(b"<feff" + s.encode("utf-16-be").hex().encode() + b">")
        if v.startswith("b:"):
            return Raw(b"<" + v[2:].encode() + b">")
        return Raw(v.encode())
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, list):
        return [to_pdf(x) for x in v]
    if isinstance(v, dict):
        return {k[1:]: to_pdf(x) for k, x in v.items()}
    raise TypeError(repr(v))


class Doc:
    def __init__(self, path):
        p = run([QPDF, "--json", "--json-key=qpdf", "--json-key=encrypt", path])
        if p.returncode not in (0, 3):
            raise Refused("cannot read PDF: %s" % p.stderr.decode(errors="replace").strip()
                          .splitlines()[-1:])
        j = json.loads(p.stdout)
        if j.get("encrypt", {}).get("encrypted"):
            raise Refused("the input PDF is encrypted; decrypt it first")
        self.objs = j["qpdf"][1]
        self.trailer = self.objs["trailer"]["value"]
        self.size = self.trailer["/Size"]
        self.maxobj = j["qpdf"][0]["maxobjectid"]

    def get(self, v):
        while isinstance(v, str) and REF.match(v):
            o = self.objs.get("obj:" + v)
            if o is None:
                return None
            v = o["value"] if "value" in o else o["stream"]["dict"]
        return v

    def pages(self):
        out = []

        def walk(ref):
            node = self.get(ref)
            if "/Kids" in node:
                for k in self.get(node["/Kids"]):
                    walk(k)
            else:
                out.append(ref)
        walk(self.get(self.trailer["/Root"])["/Pages"])
        return out

    def inherited(self, ref, key):
        node = self.get(ref)
        while node is not None:
            if key in node:
                return self.get(node[key])
            node = self.get(node.get("/Parent"))
        return None


# ---- PNG ----------------------------------------------------------------------

def read_png_rgba(path):
    data = open(path, "rb").read()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise Refused("seal is not a PNG")
    pos = 8
    idat = b""
    w = h = ct = None
    while pos < len(data):
        ln, t = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        if t == b"IHDR":
            w, h, bd, ct = struct.unpack(">IIBB", body[:10])
            if bd != 8 or ct not in (2, 6):
                raise Refused("seal PNG must be 8-bit RGB or RGBA")
        elif t == b"IDAT":
            idat += body
        pos += 12 + ln
    bpp = 4 if ct == 6 else 3
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rgb = bytearray()
    alpha = bytearray()
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        prev = line
        for x in range(w):
            rgb += line[x * bpp:x * bpp + 3]
            alpha.append(line[x * bpp + 3] if bpp == 4 else 255)
    return w, h, bytes(rgb), bytes(alpha)


# ---- CMS ------------------------------------------------------------------------

def cms_sign(a, content, key, cert, chain, tmp):
    cf = os.path.join(tmp, "content")
    open(cf, "wb").write(content)
    if is_sm2(key):
        return sm2_cms(content, key, cert, chain, tmp)
    cmd = [OPENSSL, "cms", "-sign", "-binary", "-in", cf, "-signer", cert, "-inkey", key,
           "-outform", "DER", "-md", a.digest, "-nosmimecap"]
    if chain:
        cmd += ["-certfile", chain]
    if a.pss:
        cmd += ["-keyopt", "rsa_padding_mode:pss"]
    if a.subfilter == "cades":
        cmd += ["-cades"]
    p = run(cmd)
    if p.returncode != 0:
        raise Refused("openssl cms: %s" % p.stderr.decode(errors="replace").strip()[:200])
    return p.stdout


def is_sm2(key):
    p = run([OPENSSL, "pkey", "-in", key, "-noout", "-text"])
    return b"SM2" in p.stdout


def sm2_cms(content, key, cert, chain, tmp):
    # Reuses the DER helpers of the test script.
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("tsv", os.path.join(here, "test-sign-validators.py"))
    t = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(t)
    certs = [t._pem_der(cert)] + ([t._pem_der(chain)] if chain else [])
    c = certs[0]
    _, tv, _ = t._tlv(c, 0)
    _, i, _ = t._tlv(c, tv)
    if c[i] == 0xA0:
        i = t._tlv(c, i)[2]
    se = t._tlv(c, i)[2]
    serial = c[i:se]
    i = t._tlv(c, se)[2]
    issuer = c[i:t._tlv(c, i)[2]]
    cf = os.path.join(tmp, "content")
    p = run([OPENSSL, "dgst", "-sm3", "-binary", cf])
    md = p.stdout
    sm3 = t._der(0x30, t._oid("1.2.156.10197.1.401"))
    attrs = (t._der(0x30, t._oid("1.2.840.113549.1.9.3") + t._der(0x31, t._oid("1.2.840.113549.1.7.1")))
             + t._der(0x30, t._oid("1.2.840.113549.1.9.4") + t._der(0x31, t._der(0x04, md))))
    af = os.path.join(tmp, "attrs")
    open(af, "wb").write(t._der(0x31, attrs))
    p = run([OPENSSL, "dgst", "-sm3", "-sign", key, "-sigopt", "distid:1234567812345678", af])
    if p.returncode != 0:
        raise Refused("SM2 signing failed")
    si = t._der(0x30, t._der(0x02, b"\x01") + t._der(0x30, issuer + serial) + sm3
                + t._der(0xA0, attrs) + t._der(0x30, t._oid("1.2.156.10197.1.501"))
                + t._der(0x04, p.stdout))
    sd = t._der(0x30, t._der(0x02, b"\x01") + t._der(0x31, sm3)
                + t._der(0x30, t._oid("1.2.840.113549.1.7.1"))
                + t._der(0xA0, b"".join(certs)) + t._der(0x31, si))
    return t._der(0x30, t._oid("1.2.840.113549.1.7.2") + t._der(0xA0, sd))


# ---- signing --------------------------------------------------------------------

def docmdp_p(doc):
    root = doc.get(doc.trailer["/Root"])
    perms = doc.get(root.get("/Perms")) or {}
    if "/DocMDP" not in perms:
        return None
    sig = doc.get(perms["/DocMDP"]) or {}
    for r in doc.get(sig.get("/Reference", [])) or []:
        r = doc.get(r)
        tp = doc.get(r.get("/TransformParams")) or {}
        if "/P" in tp:
            return tp["/P"]
    return 2


def sign(a):
    if os.path.exists(a.output) and not a.force:
        raise Refused("output file exists (use --force to overwrite)")
    data = open(a.input, "rb").read()
    doc = Doc(a.input)
    p = docmdp_p(doc)
    if p == 1:
        raise Refused("the document is certified with no changes allowed (DocMDP P 1)")
    if a.certify and fields_signed(doc):
        raise Refused("certification must be the first signature")
    tmp = tempfile.mkdtemp()
    try:
        if a.p12:
            pw = (open(a.password_file).read() if a.password_file
                  else os.environ.get(a.password_env or "", ""))
            key = os.path.join(tmp, "key.pem")
            cert = os.path.join(tmp, "cert.pem")
            chain = os.path.join(tmp, "chain.pem")
            pf = os.path.join(tmp, "pw")
            open(pf, "w").write(pw)
            r1 = run([OPENSSL, "pkcs12", "-in", a.p12, "-nocerts", "-nodes", "-passin",
                      "file:" + pf, "-out", key])
            run([OPENSSL, "pkcs12", "-in", a.p12, "-clcerts", "-nokeys", "-passin",
                 "file:" + pf, "-out", cert])
            run([OPENSSL, "pkcs12", "-in", a.p12, "-cacerts", "-nokeys", "-passin",
                 "file:" + pf, "-out", chain])
            if r1.returncode != 0:
                raise Refused("cannot open the PKCS#12 file (wrong password?)")
        else:
            key, cert, chain = a.key, a.cert, a.chain
        out = build(a, doc, data, key, cert, chain, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    tmpout = a.output + ".tmp-ref"
    open(tmpout, "wb").write(out)
    os.replace(tmpout, a.output)


def fields_signed(doc):
    root = doc.get(doc.trailer["/Root"])
    acro = doc.get(root.get("/AcroForm")) or {}
    for f in doc.get(acro.get("/Fields", [])) or []:
        if "/V" in (doc.get(f) or {}) and (doc.get(f) or {}).get("/FT") == "/Sig":
            return True
    return False


def build(a, doc, data, key, cert, chain, tmp):
    pages = doc.pages()
    pg = len(pages) if a.page == "last" else int(a.page)
    if not 1 <= pg <= len(pages):
        raise Refused("page %s out of range (document has %d pages)" % (a.page, len(pages)))
    page_ref = pages[pg - 1]
    media = [float(x) for x in doc.inherited(page_ref, "/MediaBox")]
    crop = doc.inherited(page_ref, "/CropBox")
    crop = [float(x) for x in crop] if crop else media
    rot = int(doc.inherited(page_ref, "/Rotate") or 0) % 360
    uu = float(doc.get(doc.get(page_ref).get("/UserUnit", 1)))
    ax, ay = [float(x) for x in a.at.split(",")]
    sz = [float(x) for x in a.size.split(",")]
    w_mm, h_mm = sz[0], sz[1] if len(sz) > 1 else sz[0]
    rect = sdpdf.display_rect_to_user(crop, rot, uu, ax, ay, w_mm, h_mm)

    n = max(doc.size, doc.maxobj + 1)

    def new():
        nonlocal n
        n += 1
        return Ref(n - 1)
    objs = {}
    iw, ih, rgb, alpha = read_png_rgba(a.seal)
    smask = new()
    objs[smask.num] = Stream(alpha, {"Type": N("XObject"), "Subtype": N("Image"), "Width": iw,
                                     "Height": ih, "ColorSpace": N("DeviceGray"),
                                     "BitsPerComponent": 8}, compress=True)
    img = new()
    objs[img.num] = Stream(rgb, {"Type": N("XObject"), "Subtype": N("Image"), "Width": iw,
                                 "Height": ih, "ColorSpace": N("DeviceRGB"),
                                 "BitsPerComponent": 8, "SMask": smask}, compress=True)
    rw, rh = rect[2] - rect[0], rect[3] - rect[1]
    # Appearance: the image upright on the displayed page (counter-rotate).
    dw, dh = (rh, rw) if rot in (90, 270) else (rw, rh)
    mat = {0: [1, 0, 0, 1, 0, 0], 90: [0, 1, -1, 0, rw, 0], 180: [-1, 0, 0, -1, rw, rh],
           270: [0, -1, 1, 0, 0, rh]}[rot]
    ap = new()
    objs[ap.num] = Stream(b"q %s cm %g 0 0 %g 0 0 cm /Im1 Do Q" % (
        " ".join("%g" % v for v in mat).encode(), dw, dh),
        {"Type": N("XObject"), "Subtype": N("Form"), "BBox": [0, 0, rw, rh],
         "Resources": {"XObject": {"Im1": img}}})
    sigv = new()
    widget = new()
    sigd = {"Type": N("Sig"), "Filter": N("Adobe.PPKLite"),
            "SubFilter": N("ETSI.CAdES.detached" if a.subfilter == "cades" else "adbe.pkcs7.detached"),
            "ByteRange": Raw(b"[0 ********** ********** **********]"),
            "Contents": Raw(b"<" + b"0" * PLACEHOLDER + b">"),
            "M": time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime())}
    for k, v in (("Reason", a.reason), ("Location", a.location), ("Name", a.name),
                 ("ContactInfo", a.contact)):
        if v:
            sigd[k] = to_pdf("u:" + v)
    root_ref = doc.trailer["/Root"]
    root = dict(doc.get(root_ref))
    if a.certify:
        sigd["Reference"] = [{"Type": N("SigRef"), "TransformMethod": N("DocMDP"),
                              "TransformParams": {"Type": N("TransformParams"),
                                                  "P": int(a.certify), "V": N("1.2")}}]
    objs[sigv.num] = sigd
    objs[widget.num] = {"Type": N("Annot"), "Subtype": N("Widget"), "FT": N("Sig"),
                        "T": "Signature%d" % widget.num, "Rect": rect, "F": 132,
                        "P": Ref(*map(int, REF.match(page_ref).groups())), "V": sigv,
                        "AP": {"N": ap}}
    # page /Annots
    page = dict(doc.get(page_ref))
    annots = page.get("/Annots")
    if isinstance(annots, str) and REF.match(annots):
        arr = doc.get(annots) + [("%d 0 R" % widget.num)]
        objs[int(REF.match(annots).group(1))] = to_pdf(arr)
    else:
        page["/Annots"] = (annots or []) + ["%d 0 R" % widget.num]
        objs[int(REF.match(page_ref).group(1))] = to_pdf(page)
    # AcroForm
    acro_v = root.get("/AcroForm")
    rnum = int(REF.match(root_ref).group(1))
    if isinstance(acro_v, str) and REF.match(acro_v):
        acro = dict(doc.get(acro_v))
        acro["/Fields"] = (doc.get(acro.get("/Fields", [])) or []) + ["%d 0 R" % widget.num]
        acro["/SigFlags"] = 3
        objs[int(REF.match(acro_v).group(1))] = to_pdf(acro)
        root_changed = False
    else:
        acro = dict(acro_v or {})
        acro["/Fields"] = (doc.get(acro.get("/Fields", [])) or []) + ["%d 0 R" % widget.num]
        acro["/SigFlags"] = 3
        root["/AcroForm"] = acro
        root_changed = True
    if a.certify:
        root["/Perms"] = {"/DocMDP": "%d 0 R" % sigv.num}
        root_changed = True
    if root_changed:
        objs[rnum] = to_pdf(root)
    extra = {}
    info = doc.trailer.get("/Info")
    upd = sdpdf.append_update(data, objs, to_pdf(root_ref), n,
                              info=to_pdf(info) if info else None,
                              extra_trailer=extra)
    upd = bytearray(upd)
    c0 = upd.index(b"<" + b"0" * PLACEHOLDER + b">", len(data))
    c1 = c0 + PLACEHOLDER + 2
    br = b"[0 %d %d %d]" % (c0, c1, len(upd) - c1)
    i = upd.index(b"[0 ********** ********** **********]", len(data))
    upd[i:i + 36] = br.ljust(36)
    der = cms_sign(a, bytes(upd[:c0] + upd[c1:]), key, cert, chain, tmp)
    hx = der.hex().encode()
    upd[c0 + 1:c0 + 1 + len(hx)] = hx
    return bytes(upd)


def main():
    if len(sys.argv) < 2 or sys.argv[1] != "sign":
        die("only `sign` is implemented")
    ap = argparse.ArgumentParser(prog="ref-signer.py sign")
    ap.add_argument("input")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--p12")
    ap.add_argument("--key")
    ap.add_argument("--cert")
    ap.add_argument("--chain")
    ap.add_argument("--password-file")
    ap.add_argument("--password-env")
    ap.add_argument("--seal", required=True)
    ap.add_argument("--page", default="1")
    ap.add_argument("--at", required=True)
    ap.add_argument("--size", required=True)
    ap.add_argument("--reason")
    ap.add_argument("--location")
    ap.add_argument("--name")
    ap.add_argument("--contact")
    ap.add_argument("--subfilter", default="cades")
    ap.add_argument("--digest", default="sha256")
    ap.add_argument("--pss", action="store_true")
    ap.add_argument("--certify")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--text", action="append")
    a = ap.parse_args(sys.argv[2:])
    try:
        sign(a)
    except Refused as e:
        die(str(e))
    except Exception as e:  # noqa: BLE001
        die("internal error: %r" % (e,))


if __name__ == "__main__":
    main()
