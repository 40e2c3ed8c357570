#!/usr/bin/env python3
"""Generates the PDF test corpus for the validator tests.

Usage: make-corpus.py OUTDIR [--gen-cairo PATH] [--qpdf PATH] [--gs PATH]
                              [--mutool PATH] [--convert PATH]

Writes OUTDIR/<case>.pdf for every case, OUTDIR/seal.png (the red test seal)
and OUTDIR/manifest.json describing each case:

  {"cases": {NAME: {"file": "NAME.pdf", "producer": ...,
                    "expect": "sign" | "refuse-encrypted" | "refuse" | "sign-or-refuse",
                    "pages": [{"crop": [x0,y0,x1,y1], "rotate": r, "userunit": u}, ...]
                              (hand-made files only; others are read with pdfinfo),
                    "targets": [{"page": N, "at": [x, y], "size": w}, ...],
                    "note": "..."}}}

Producer cases whose tool is missing are left out of the manifest and listed
under "missing" with the reason.  Hand-made files are written byte by byte
with correct xref offsets (see sdpdf.PdfWriter).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # never write __pycache__ into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sdpdf import N, PdfWriter, Ref, Stream, append_update, last_startxref, seal_png  # noqa: E402

A4 = [0, 0, 595.2756, 841.8898]

DEFAULT_TARGET = [{"page": 1, "at": [20, 30], "size": 40}]


def page_content(label, w, h):
    """Black text, grey frame, blue block; no red anywhere."""
    s = ("0.8 0.8 0.8 RG 1 w 20 20 %.2f %.2f re S\n"
         "0.1 0.2 0.8 rg 40 %.2f 80 30 re f\n"
         "0 0 0 rg BT /F1 14 Tf 40 %.2f Td (%s) Tj ET\n"
         % (w - 40, h - 40, h - 120, h - 60, label))
    return Stream(s.encode("latin-1"), compress=True)


def font(w):
    return w.add({"Type": N("Font"), "Subtype": N("Type1"), "BaseFont": N("Helvetica"),
                  "Encoding": N("WinAnsiEncoding")})


def simple_doc(version="1.7", pages=1, box=None, label="SealDesk hand-made"):
    """A PdfWriter with catalog, pages and simple content. Returns (w, root)."""
    box = box or A4
    w = PdfWriter(version)
    f1 = font(w)
    pages_ref = w.reserve()
    kids = []
    for i in range(pages):
        c = w.add(page_content("%s p%d" % (label, i + 1), box[2] - box[0], box[3] - box[1]))
        kids.append(w.add({"Type": N("Page"), "Parent": pages_ref, "MediaBox": box,
                           "Resources": {"Font": {"F1": f1}}, "Contents": c}))
    w.set(pages_ref, {"Type": N("Pages"), "Kids": kids, "Count": len(kids)})
    root = w.add({"Type": N("Catalog"), "Pages": pages_ref})
    return w, root


def geometry(boxes_rot_uu):
    return [{"crop": list(b), "rotate": r, "userunit": u} for b, r, u in boxes_rot_uu]


# --------------------------------------------------------------------------
# Hand-made cases


def make_rotate(out):
    w = PdfWriter("1.7")
    f1 = font(w)
    pages_ref = w.reserve()
    kids = []
    for rot in (0, 90, 180, 270):
        c = w.add(page_content("Rotate %d" % rot, A4[2], A4[3]))
        kids.append(w.add({"Type": N("Page"), "Parent": pages_ref, "MediaBox": A4,
                           "Rotate": rot, "Resources": {"Font": {"F1": f1}}, "Contents": c}))
    w.set(pages_ref, {"Type": N("Pages"), "Kids": kids, "Count": 4})
    root = w.add({"Type": N("Catalog"), "Pages": pages_ref})
    write(out, w.write(root))
    return {"pages": geometry([(A4, r, 1) for r in (0, 90, 180, 270)]),
            "targets": [{"page": p, "at": [15, 25], "size": 35} for p in (1, 2, 3, 4)],
            "note": "pages rotated 0/90/180/270"}


def make_inherit(out):
    # Pages(root: MediaBox, Rotate 90, Resources) -> Pages(intermediate) -> 2 pages
    box = [0, 0, 419.53, 595.28]  # A5 portrait
    w = PdfWriter("1.6")
    f1 = font(w)
    root_pages = w.reserve()
    mid = w.reserve()
    kids = []
    for i in range(2):
        c = w.add(page_content("Inherited Rotate 90 p%d" % (i + 1), box[2], box[3]))
        kids.append(w.add({"Type": N("Page"), "Parent": mid, "Contents": c}))
    w.set(mid, {"Type": N("Pages"), "Parent": root_pages, "Kids": kids, "Count": 2})
    w.set(root_pages, {"Type": N("Pages"), "Kids": [mid], "Count": 2, "MediaBox": box,
                       "Rotate": 90, "Resources": {"Font": {"F1": f1}}})
    root = w.add({"Type": N("Catalog"), "Pages": root_pages})
    write(out, w.write(root))
    return {"pages": geometry([(box, 90, 1)] * 2),
            "targets": [{"page": 2, "at": [10, 12], "size": 30}],
            "note": "MediaBox, Rotate 90 and Resources inherited from the root Pages node "
                    "through an intermediate Pages node"}


def make_cropbox(out):
    media = [0, 0, 700, 1000]
    crop = [50, 100, 645.28, 941.89]
    w = PdfWriter("1.7")
    f1 = font(w)
    pages_ref = w.reserve()
    kids = []
    for i, rot in enumerate((0, 90)):
        c = w.add(page_content("CropBox offset, Rotate %d" % rot, media[2], media[3]))
        kids.append(w.add({"Type": N("Page"), "Parent": pages_ref, "MediaBox": media,
                           "CropBox": crop, "Rotate": rot,
                           "Resources": {"Font": {"F1": f1}}, "Contents": c}))
    w.set(pages_ref, {"Type": N("Pages"), "Kids": kids, "Count": 2})
    root = w.add({"Type": N("Catalog"), "Pages": pages_ref})
    write(out, w.write(root))
    return {"pages": geometry([(crop, 0, 1), (crop, 90, 1)]),
            "targets": [{"page": 1, "at": [10, 10], "size": 30},
                        {"page": 2, "at": [100, 40], "size": 30}],
            "note": "CropBox [50 100 645.28 941.89] inside MediaBox [0 0 700 1000]; "
                    "page 2 also Rotate 90"}


def make_userunit(out):
    box = [0, 0, 297.64, 420.94]  # A4 when UserUnit is 2
    w = PdfWriter("1.7")
    f1 = font(w)
    pages_ref = w.reserve()
    c = w.add(page_content("UserUnit 2", box[2], box[3]))
    p = w.add({"Type": N("Page"), "Parent": pages_ref, "MediaBox": box, "UserUnit": 2,
               "Resources": {"Font": {"F1": f1}}, "Contents": c})
    w.set(pages_ref, {"Type": N("Pages"), "Kids": [p], "Count": 1})
    root = w.add({"Type": N("Catalog"), "Pages": pages_ref})
    write(out, w.write(root))
    return {"pages": geometry([(box, 0, 2)]),
            "targets": [{"page": 1, "at": [20, 30], "size": 40}],
            "note": "/UserUnit 2: MediaBox 297.64 x 420.94 units = A4 physically"}


def make_acroform(out):
    w = PdfWriter("1.7")
    f1 = font(w)
    pages_ref = w.reserve()
    page_ref = w.reserve()
    annots = w.reserve()
    c = w.add(page_content("AcroForm with text fields", A4[2], A4[3]))
    fields = []
    for i, (name, value) in enumerate((("name", "Zhang San"), ("date", "2024-01-01"))):
        rect = [100, 600 - 40 * i, 300, 620 - 40 * i]
        ap = w.add(Stream(("/Tx BMC BT /Helv 10 Tf 0 g 2 6 Td (%s) Tj ET EMC" % value).encode(),
                          {"Type": N("XObject"), "Subtype": N("Form"), "BBox": [0, 0, 200, 20],
                           "Resources": {"Font": {"Helv": f1}}}))
        fields.append(w.add({"Type": N("Annot"), "Subtype": N("Widget"), "FT": N("Tx"),
                             "T": name, "V": value, "Rect": rect, "P": page_ref, "F": 4,
                             "DA": "/Helv 10 Tf 0 g", "AP": {"N": ap}}))
    w.set(annots, fields)
    w.set(page_ref, {"Type": N("Page"), "Parent": pages_ref, "MediaBox": A4,
                     "Resources": {"Font": {"F1": f1}}, "Contents": c, "Annots": annots})
    w.set(pages_ref, {"Type": N("Pages"), "Kids": [page_ref], "Count": 1})
    acro = w.add({"Fields": fields, "DA": "/Helv 0 Tf 0 g",
                  "DR": {"Font": {"Helv": f1}}})
    root = w.add({"Type": N("Catalog"), "Pages": pages_ref, "AcroForm": acro})
    write(out, w.write(root))
    return {"pages": geometry([(A4, 0, 1)]),
            "targets": [{"page": 1, "at": [120, 200], "size": 40}],
            "note": "existing indirect AcroForm with 2 text fields; page /Annots is an "
                    "indirect array"}


def make_incremental(out):
    w, root = simple_doc("1.7", pages=2, label="Incremental base")
    info = w.add({"Title": "base", "Producer": "SealDesk make-corpus"})
    data = w.write(root, info=info)
    size = w.next_num
    # Update 1: new Info and new content for page 1 (objects 2 = content p1).
    data = append_update(data, {info.num: {"Title": "update 1", "Producer": "SealDesk make-corpus"}},
                         root, size, info=info)
    # Update 2: add a third object (a new Info) - grows /Size.
    new_info = size
    data = append_update(data, {new_info: {"Title": "update 2", "Producer": "SealDesk make-corpus"}},
                         root, size + 1, info=Ref(new_info))
    write(out, data)
    return {"pages": geometry([(A4, 0, 1)] * 2),
            "targets": [{"page": 2, "at": [20, 30], "size": 40}],
            "note": "two incremental updates already present (/Prev chain of 3 sections)"}


def make_version(out, version):
    w, root = simple_doc(version, pages=1, label="PDF-%s header" % version)
    if version == "2.0":
        write(out, w.write(root))
    else:
        info = w.add({"Title": "PDF %s" % version})
        write(out, w.write(root, info=info))
    return {"pages": geometry([(A4, 0, 1)]), "targets": DEFAULT_TARGET,
            "note": "%%PDF-%s header, classic xref table" % version}


def make_hybrid(out):
    w, root = simple_doc("1.5", pages=2, label="Hybrid reference")
    info = w.add({"Title": "hybrid"})
    write(out, w.write(root, info=info, xref="hybrid", objstm=True))
    return {"pages": geometry([(A4, 0, 1)] * 2), "targets": DEFAULT_TARGET,
            "note": "hybrid-reference file: classic table + /XRefStm to an xref stream "
                    "for objects in an object stream"}


def make_xrefstream(out):
    w, root = simple_doc("1.5", pages=1, label="XRef stream")
    write(out, w.write(root, xref="stream", objstm=True))
    return {"pages": geometry([(A4, 0, 1)]), "targets": DEFAULT_TARGET,
            "note": "hand-made xref stream + object stream"}


def make_damaged(out, kind):
    w, root = simple_doc("1.7", pages=1, label="Damaged xref")
    data = w.write(root)
    if kind == "shifted":
        # Insert bytes after the header: every xref offset is now 23 bytes off.
        i = data.index(b"\n", data.index(b"\n") + 1) + 1
        data = data[:i] + b"% shifted by 23 bytes\n" + data[i:]
        note = "all xref offsets 23 bytes too small (bytes inserted after the header)"
    elif kind == "startxref":
        off = last_startxref(data)
        data = data.replace(b"startxref\n%d\n" % off, b"startxref\n%d\n" % (off + 1234))
        note = "startxref points past the xref table"
    elif kind == "truncated":
        data = data[:data.rindex(b"xref\n0 ")]
        note = "truncated: xref table, trailer and startxref cut off"
    else:
        raise ValueError(kind)
    write(out, data)
    return {"pages": geometry([(A4, 0, 1)]), "targets": DEFAULT_TARGET,
            "expect": "sign-or-refuse", "note": note}


def make_garbage(out, kind):
    rnd = random.Random(20240601)
    if kind == "random":
        data = bytes(rnd.randrange(256) for _ in range(4096))
        note = "4 KiB of random bytes"
    elif kind == "header":
        data = b"%PDF-1.7\n" + bytes(rnd.randrange(256) for _ in range(4096))
        note = "PDF header followed by random bytes"
    elif kind == "empty":
        data = b""
        note = "empty file"
    else:
        raise ValueError(kind)
    write(out, data)
    return {"targets": DEFAULT_TARGET, "expect": "refuse", "note": note}


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# --------------------------------------------------------------------------
# Producer cases


POSTSCRIPT = b"""%!PS-Adobe-3.0
%%Pages: 2
<< /PageSize [595 842] >> setpagedevice
/Helvetica findfont 16 scalefont setfont
1 1 2 {
  /n exch def
  0.75 setgray 36 36 523 770 rectstroke
  0 setgray 72 760 moveto (SealDesk ghostscript test page) show
  72 730 moveto n 10 string cvs show
  0.1 0.6 0.2 setrgbcolor 72 600 150 60 rectfill
  showpage
} for
%%EOF
"""


def gradient_ppm(path, w=300, h=200):
    rows = bytearray()
    for y in range(h):
        for x in range(w):
            rows += bytes((0, 80 + (x * 150) // w, 120 + (y * 120) // h))
    write(path, b"P6\n%d %d\n255\n" % (w, h) + bytes(rows))


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if p.returncode not in (0, 3):  # qpdf exits 3 for warnings
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode,
                                                   p.stderr.decode(errors="replace")[-400:]))
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--gen-cairo")
    ap.add_argument("--qpdf", default=shutil.which("qpdf"))
    ap.add_argument("--gs", default=shutil.which("gs"))
    ap.add_argument("--mutool", default=shutil.which("mutool"))
    ap.add_argument("--convert", default=shutil.which("convert"))
    ap.add_argument("--stamp", help="file to touch when done")
    a = ap.parse_args()

    out = a.outdir
    os.makedirs(out, exist_ok=True)
    cases = {}
    missing = {}

    def p(name):
        return os.path.join(out, name + ".pdf")

    def add(name, producer, info):
        info = dict(info)
        info.setdefault("expect", "sign")
        info.setdefault("targets", DEFAULT_TARGET)
        info["file"] = name + ".pdf"
        info["producer"] = producer
        cases[name] = info

    write(os.path.join(out, "seal.png"), seal_png(256))

    # Hand-made
    add("hand-rotate", "make-corpus", make_rotate(p("hand-rotate")))
    add("hand-inherit", "make-corpus", make_inherit(p("hand-inherit")))
    add("hand-cropbox", "make-corpus", make_cropbox(p("hand-cropbox")))
    add("hand-userunit", "make-corpus", make_userunit(p("hand-userunit")))
    add("hand-acroform", "make-corpus", make_acroform(p("hand-acroform")))
    add("hand-incremental", "make-corpus", make_incremental(p("hand-incremental")))
    add("hand-pdf10", "make-corpus", make_version(p("hand-pdf10"), "1.0"))
    add("hand-pdf20", "make-corpus", make_version(p("hand-pdf20"), "2.0"))
    add("hand-hybrid", "make-corpus", make_hybrid(p("hand-hybrid")))
    add("hand-xrefstream", "make-corpus", make_xrefstream(p("hand-xrefstream")))
    for k in ("shifted", "startxref", "truncated"):
        add("damaged-" + k, "make-corpus", make_damaged(p("damaged-" + k), k))
    for k in ("random", "header", "empty"):
        add("garbage-" + k, "make-corpus", make_garbage(p("garbage-" + k), k))

    # cairo
    if a.gen_cairo:
        # gen-cairo is built with the project's sanitizers; fontconfig keeps
        # its caches until exit, which LeakSanitizer would call leaks.
        env = dict(os.environ)
        env["ASAN_OPTIONS"] = ":".join(x for x in (env.get("ASAN_OPTIONS"), "detect_leaks=0") if x)
        run([a.gen_cairo, p("cairo"), "3"], env=env)
        add("cairo", "cairo (gen-cairo.c)", {"note": "3-page A4 with text"})
    else:
        missing["cairo"] = "gen-cairo not given"

    # ghostscript
    if a.gs:
        ps = os.path.join(out, "gs-input.ps")
        write(ps, POSTSCRIPT)
        run([a.gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
             "-sOutputFile=" + p("ghostscript"), ps])
        os.unlink(ps)
        add("ghostscript", "ghostscript pdfwrite", {"note": "2-page A4 from PostScript"})
    else:
        missing["ghostscript"] = "gs not found"

    # qpdf variants
    if a.qpdf and "cairo" in cases:
        run([a.qpdf, "--object-streams=generate", p("cairo"), p("qpdf-objstm")])
        add("qpdf-objstm", "qpdf --object-streams=generate",
            {"note": "cairo input rewritten with xref stream + object streams"})
        run([a.qpdf, "--object-streams=disable", p("qpdf-objstm"), p("qpdf-classic")])
        add("qpdf-classic", "qpdf --object-streams=disable",
            {"note": "qpdf-objstm rewritten with a classic xref table"})
        run([a.qpdf, "--linearize", p("cairo"), p("qpdf-linearized")])
        add("qpdf-linearized", "qpdf --linearize", {"note": "linearized cairo input",
                                                     "targets": [{"page": 3, "at": [20, 30],
                                                                  "size": 40}]})
        run([a.qpdf, "--linearize", "--object-streams=generate", p("cairo"),
             p("qpdf-linearized-objstm")])
        add("qpdf-linearized-objstm", "qpdf --linearize --object-streams=generate",
            {"note": "linearized with object streams"})
        run([a.qpdf, "--encrypt", "user-pw", "owner-pw", "256", "--", p("cairo"),
             p("encrypted-aes256")])
        add("encrypted-aes256", "qpdf --encrypt (AES-256, user password)",
            {"expect": "refuse-encrypted", "note": "needs a user password to open"})
        run([a.qpdf, "--encrypt", "", "owner-pw", "128", "--use-aes=y", "--", p("cairo"),
             p("encrypted-owner-only")])
        add("encrypted-owner-only", "qpdf --encrypt (AES-128, empty user password)",
            {"expect": "refuse-encrypted", "note": "opens without a password but is encrypted"})
    else:
        missing["qpdf"] = "qpdf or cairo input missing"

    if a.gs and a.qpdf:
        run([a.qpdf, "--linearize", p("ghostscript"), p("qpdf-linearized-gs")])
        add("qpdf-linearized-gs", "qpdf --linearize (ghostscript input)",
            {"note": "linearized ghostscript output"})

    # mutool clean
    if a.mutool and "cairo" in cases:
        run([a.mutool, "clean", "-gg", p("cairo"), p("mutool-clean")])
        add("mutool-clean", "mutool clean -gg", {"note": "cairo input after mutool clean"})
    else:
        missing["mutool-clean"] = "mutool or cairo input missing"

    # ImageMagick (Debian's policy forbids the PDF coder; PDFA is allowed)
    if a.convert:
        img = os.path.join(out, "im-input.ppm")
        gradient_ppm(img)
        r = subprocess.run([a.convert, img, "-density", "72", "-units", "PixelsPerInch",
                            "PDFA:" + p("imagemagick")], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        os.unlink(img)
        if r.returncode == 0 and os.path.getsize(p("imagemagick")) > 0:
            add("imagemagick", "ImageMagick convert (PDFA coder)",
                {"note": "300x200 px gradient image page", "targets": [
                    {"page": 1, "at": [5, 5], "size": 30}]})
        else:
            missing["imagemagick"] = "convert failed: " + r.stderr.decode(errors="replace")[-300:]
    else:
        missing["imagemagick"] = "convert not found"

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"cases": cases, "missing": missing}, f, indent=1, sort_keys=True)
    print("make-corpus: %d cases in %s%s" % (len(cases), out,
          ("; missing: " + ", ".join(sorted(missing))) if missing else ""))
    if a.stamp:
        write(a.stamp, b"")


if __name__ == "__main__":
    main()
