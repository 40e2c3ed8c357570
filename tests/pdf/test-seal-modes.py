#!/usr/bin/env python3
"""Tests of the signing modes of sealdesk-cli: 多页签章 (--pages), 骑缝签章
(--cross-page), 关键字签章 (--keyword), 撤章 (unseal) and timestamps (--tsa),
each output checked with qpdf, pdfsig, mutool, our verifier and renderings.

Usage: test-seal-modes.py GROUP [the options of test-sign-validators.py]
                          [--make-contract PATH]

GROUP is one of:
  modes-pages       one signature, one field, one widget per page of the set
  modes-cross-page  strips flush with each edge that put the whole seal
                    together, rotated pages, groups, one page refused
  modes-keyword     seals centred on CJK text, --match, --offset, rotated
                    pages, no match
  modes-unseal      the document before a seal restored byte for byte;
                    what is not ours refused unless --force
  modes-timestamp   --tsa with a local TSA; the token verified; TSA errors
  modes-batch       批量签署 (--output-dir): a folder with a damaged and an
                    encrypted file in the middle, keyword seals over a folder,
                    the report, names never taken twice, zh_CN names

Exit status: 0 pass, 1 fail, 77 skip.
"""

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sdpdf  # noqa: E402
from sdpdf import N, Ref  # noqa: E402

_spec = importlib.util.spec_from_file_location("tsv", os.path.join(HERE, "test-sign-validators.py"))
tsv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tsv)

SKIP = 77
DPI = 100


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def sign(ctx, infile, outfile, extra, key="rsa-p12", size="30"):
    cmd = [ctx.a.cli, "sign", infile, "-o", outfile] + tsv.key_args(ctx, key) + [
        "--seal", os.path.join(ctx.corpus, "seal.png"), "--size", str(size)] + list(extra)
    p = ctx.run(cmd)
    p.cmdline = " ".join(cmd)
    return p


def verify(ctx, f, extra=()):
    cmd = [ctx.a.cli, "verify", f, "--json", "--no-system-roots", "--trust",
           os.path.join(ctx.keys, "ca.pem"), "--trust", os.path.join(ctx.keys, "sm2ca.pem")]
    p = ctx.run(cmd + list(extra))
    p.cmdline = " ".join(cmd)
    try:
        return p, json.loads(p.out)
    except ValueError:
        return p, None


def validators(ctx, label, infile, out, n_widgets, key="rsa-p12"):
    """One signature with n_widgets widgets: qpdf, our verifier, pdfsig and
    mutool (which list one entry per widget, all the same signature)."""
    data_in = open(infile, "rb").read()
    data_out = open(out, "rb").read()
    ctx.check(data_out.startswith(data_in) and len(data_out) > len(data_in),
              label + ": output = input + an incremental update")
    q = ctx.run([ctx.a.qpdf, "--check", out])
    ctx.check(q.returncode == 0, label + ": qpdf --check", q.out[-800:] + q.err[-800:])
    p, j = verify(ctx, out)
    if ctx.check(j is not None and p.returncode == 0 and len(j["signatures"]) == 1
                 and j["signatures"][0]["widgets"] == n_widgets,
                 label + ": sealdesk-cli verify: one valid signature with %d widgets" % n_widgets,
                 tsv.describe(p)):
        ctx.check(j["revisions"][-1]["kinds"] == ["signatures"],
                  label + ": its revision holds a signature only",
                  repr(j["revisions"][-1]))
    _, sigs = tsv.pdfsig_run(ctx, out)
    if "sm2" not in key:
        ctx.check(len(sigs) == n_widgets and all(s.get("validation") == "Signature is Valid."
                                                 and s.get("total") is True for s in sigs),
                  label + ": pdfsig: %d entries (one per widget), all valid, whole document"
                  % n_widgets, "\n".join(l for s in sigs for l in s["lines"]))
        ctx.check(len({tuple(map(tuple, s.get("ranges") or [])) for s in sigs}) == 1,
                  label + ": pdfsig: every entry has the same byte range (one signature)")
        _, msigs = tsv.mutool_run(ctx, out)
        ctx.check(len(msigs) == n_widgets and all(m["digest"] == "unchanged" for m in msigs),
                  label + ": mutool: every widget's signature unchanged since signing",
                  "\n".join(l for m in msigs for l in m["lines"]))


def field_structure(ctx, label, f, pages_expected):
    """The field has one kid per page in pages_expected (from 1), each kid
    /Parent = the field, /V = the field's /V, /P its page, listed in that
    page's /Annots."""
    j = tsv.QpdfJson(ctx, f)
    root = j.get(j.trailer["/Root"])
    acro = j.get(root.get("/AcroForm")) or {}
    pages = j.pages()
    for fref in j.get(acro.get("/Fields", [])) or []:
        fld = j.get(fref)
        if fld.get("/FT") != "/Sig" or "/Kids" not in fld:
            continue
        kids = j.get(fld["/Kids"])
        got = []
        ok = True
        for k in kids:
            w = j.get(k)
            page_ref = w.get("/P")
            got.append(pages.index(page_ref) + 1 if page_ref in pages else None)
            annots = j.get((j.get(page_ref) or {}).get("/Annots", [])) or []
            ok = ok and w.get("/Parent") == fref and w.get("/V") == fld.get("/V") \
                and k in annots and w.get("/Subtype") == "/Widget" and "/AP" in w
        ctx.check(ok and got == pages_expected,
                  label + ": one field, widgets on pages %r with /Parent, /V, /P, /Annots, /AP"
                  % pages_expected, "widgets on %r" % got)
        return
    ctx.fail(label + ": a signature field with widget kids", repr(acro)[:500])


def page_sizes_mm(ctx, f):
    out = []
    for g in tsv.page_geometry(ctx, f):
        w, h = sdpdf.display_size(g["crop"], g["rotate"])
        out.append((w * sdpdf.MM_PER_PT, h * sdpdf.MM_PER_PT))
    return out


def red_mask_crop(ctx, f, page, rect_mm, tag):
    """The red pixels of page inside rect (mm), as rows of 0/1 bytes."""
    w, h, pix = tsv.render(ctx, "pdftoppm", f, page, DPI, tag)
    mask = sdpdf.red_mask(pix)
    k = DPI / 25.4
    x0, y0 = int(round(rect_mm[0] * k)), int(round(rect_mm[1] * k))
    x1, y1 = int(round((rect_mm[0] + rect_mm[2]) * k)), int(round((rect_mm[1] + rect_mm[3]) * k))
    return [mask[y * w + max(0, x0):y * w + min(w, x1)] for y in range(max(0, y0), min(h, y1))]


def compare_masks(a, b):
    """Share of pixels that differ, over the smaller common area."""
    rows = min(len(a), len(b))
    cols = min(min(len(r) for r in a), min(len(r) for r in b)) if rows else 0
    if rows == 0 or cols == 0:
        return 1.0
    diff = sum(1 for y in range(rows) for x in range(cols) if a[y][x] != b[y][x])
    red = sum(1 for y in range(rows) for x in range(cols) if a[y][x] or b[y][x])
    return diff / max(red, 1)


def concat(parts, horizontal):
    if horizontal:
        rows = min(len(p) for p in parts)
        return [b"".join(p[y] for p in parts) for y in range(rows)]
    out = []
    for p in parts:
        out += p
    return out


def pdf_pages(ctx, name, src, copies):
    out = ctx.path(name)
    p = ctx.run([ctx.a.qpdf, "--empty", "--pages"] + [src] * copies + ["--", out])
    if p.returncode != 0:
        raise tsv.Failed("qpdf could not build %s: %s" % (name, p.err))
    return out


# --------------------------------------------------------------------------


def group_pages(ctx):
    cairo = os.path.join(ctx.corpus, ctx.case("cairo")["file"])
    src = pdf_pages(ctx, "nine.pdf", cairo, 3)
    for spec, pages in (("1-3,7", [1, 2, 3, 7]), ("odd", [1, 3, 5, 7, 9]), ("even", [2, 4, 6, 8]),
                        ("last", [9]), ("all", list(range(1, 10))), ("2-last", list(range(2, 10)))):
        out = ctx.path("pages-%s.pdf" % spec)
        label = "--pages %s" % spec
        p = sign(ctx, src, out, ["--pages", spec, "--at", "20,30"])
        if not ctx.check(p.returncode == 0, label + ": signed", tsv.describe(p)):
            continue
        validators(ctx, label, src, out, len(pages))
        if len(pages) > 1:
            field_structure(ctx, label, out, pages)
        geom = tsv.page_geometry(ctx, out)
        for pg in range(1, 10):
            if pg in pages and (spec != "all" or pg in (1, 9)):
                tsv.check_seal_position(ctx, label, out, geom, pg, (20, 30), 30,
                                        tools=("pdftoppm",), dpi=50)
            elif pg not in pages:
                w, h, pix = tsv.render(ctx, "pdftoppm", out, pg, 30, "np")
                n, _ = sdpdf.red_bbox(w, h, pix)
                ctx.check(n == 0, label + ": no seal on page %d" % pg, "%d red pixels" % n)
    for spec, words in (("12", r"Page 12 does not exist: the document has 9 pages"),
                        ("3-1", r"not a page set"), ("x", r"not a page set")):
        out = ctx.path("bad.pdf")
        p = sign(ctx, src, out, ["--pages", spec, "--at", "20,30"])
        ctx.check(p.returncode == 1 and re.search(words, p.err) and not os.path.exists(out),
                  "--pages %s: refused, /%s/, nothing written" % (spec, words), tsv.describe(p))
    # One page where the seal does not fit: the message names the page.
    mixed = ctx.path("mixed.pdf")
    w = sdpdf.PdfWriter()
    pages_ref = w.reserve()
    kids = [w.add({"Type": N("Page"), "Parent": pages_ref, "MediaBox": box})
            for box in ([0, 0, 595, 842], [0, 0, 200, 200])]
    w.set(pages_ref, {"Type": N("Pages"), "Kids": kids, "Count": 2})
    open(mixed, "wb").write(w.write(w.add({"Type": N("Catalog"), "Pages": pages_ref})))
    p = sign(ctx, mixed, ctx.path("mixed-out.pdf"), ["--pages", "all", "--at", "100,100"])
    ctx.check(p.returncode == 1 and "Page 2" in p.err,
              "--pages all on a smaller page: refused, the message names page 2", tsv.describe(p))


def strip_rects(sizes, pages, edge, W, H):
    """Expected strip rectangles (mm) for one group of pages (from 1)."""
    n = len(pages)
    vertical = edge in ("right", "left")
    min_w = min(sizes[p - 1][0] for p in pages)
    min_h = min(sizes[p - 1][1] for p in pages)
    along = (min_h - H) / 2 if vertical else (min_w - W) / 2
    rects = []
    for i, p in enumerate(pages):
        pw, ph = sizes[p - 1]
        if vertical:
            s = W / n
            rects.append((pw - s if edge == "right" else 0, along, s, H))
        else:
            s = H / n
            rects.append((along, ph - s if edge == "bottom" else 0, W, s))
    return rects


def group_cross_page(ctx):
    W = 45
    cairo = os.path.join(ctx.corpus, ctx.case("cairo")["file"])
    # The reference: the whole seal on one page, to compare the strips with.
    ref = ctx.path("reference.pdf")
    p = sign(ctx, cairo, ref, ["--at", "20,30"], size=W)
    if not ctx.check(p.returncode == 0, "reference seal signed", tsv.describe(p)):
        return
    full = red_mask_crop(ctx, ref, 1, (20, 30, W, W), "ref")
    for edge in ("right", "left", "top", "bottom"):
        out = ctx.path("cross-%s.pdf" % edge)
        label = "cross-page --edge %s" % edge
        p = sign(ctx, cairo, out, ["--cross-page", "--edge", edge], size=W)
        if not ctx.check(p.returncode == 0, label + ": signed", tsv.describe(p)):
            continue
        validators(ctx, label, cairo, out, 3)
        field_structure(ctx, label, out, [1, 2, 3])
        sizes = page_sizes_mm(ctx, out)
        rects = strip_rects(sizes, [1, 2, 3], edge, W, W)
        parts = []
        for pg, r in zip((1, 2, 3), rects):
            w, h, pix = tsv.render(ctx, "pdftoppm", out, pg, DPI, "cp")
            k = DPI / 25.4
            grown = ((r[0] - 1) * k, (r[1] - 1) * k, (r[0] + r[2] + 1) * k, (r[1] + r[3] + 1) * k)
            nout, ex = sdpdf.count_red_outside(w, h, pix, grown)
            n, bbox = sdpdf.red_bbox(w, h, pix)
            ctx.check(n > 0 and nout == 0,
                      label + ": page %d shows red only in its strip %s mm (flush with the edge)"
                      % (pg, tsv.fmt_rect(r)), "%d outside, e.g. %r; bbox %r" % (nout, ex, bbox))
            parts.append(red_mask_crop(ctx, out, pg, r, "cps"))
        order = parts if edge in ("right", "bottom") else parts[::-1]
        composite = concat(order, edge in ("right", "left"))
        diff = compare_masks(composite, full)
        ctx.check(diff < 0.08, label + ": the strips laid side by side are the whole seal "
                  "(%.1f%% of red pixels differ)" % (100 * diff))
    # Rotated pages: the strip stays on the edge the reader sees.
    rot = os.path.join(ctx.corpus, ctx.case("hand-rotate")["file"])
    out = ctx.path("cross-rotated.pdf")
    p = sign(ctx, rot, out, ["--cross-page"], size=40)
    if ctx.check(p.returncode == 0, "cross-page on pages rotated 0/90/180/270: signed",
                 tsv.describe(p)):
        validators(ctx, "cross-page rotated", rot, out, 4)
        sizes = page_sizes_mm(ctx, out)
        for pg, r in zip((1, 2, 3, 4), strip_rects(sizes, [1, 2, 3, 4], "right", 40, 40)):
            w, h, pix = tsv.render(ctx, "pdftoppm", out, pg, 50, "rot")
            k = 50 / 25.4
            n, bbox = sdpdf.red_bbox(w, h, pix)
            ctx.check(n > 0 and bbox[2] >= w - 2 and abs(bbox[0] - r[0] * k) <= k + 1
                      and bbox[1] >= (r[1] - 1) * k and bbox[3] <= (r[1] + r[3] + 1) * k,
                      "cross-page rotated: page %d's strip is on the displayed right edge" % pg,
                      "red bbox %r px, page %dx%d px, strip %s mm" % (bbox, w, h, tsv.fmt_rect(r)))
    # Groups: 21 pages with groups of at most 20 make 11 + 10 strips.
    many = pdf_pages(ctx, "twentyone.pdf", os.path.join(ctx.corpus, ctx.case("hand-pdf10")["file"]), 21)
    out = ctx.path("cross-groups.pdf")
    p = sign(ctx, many, out, ["--cross-page", "--group", "20"], size=40)
    if ctx.check(p.returncode == 0, "cross-page on 21 pages: signed", tsv.describe(p)):
        j = tsv.QpdfJson(ctx, out)
        widths = []
        for pref in j.pages():
            for a in j.get((j.get(pref) or {}).get("/Annots", [])) or []:
                rect = j.get(j.get(a).get("/Rect"))
                widths.append(round(abs(rect[2] - rect[0]) * sdpdf.MM_PER_PT, 2))
        want = [round(40 / 11, 2)] * 11 + [round(40 / 10, 2)] * 10
        ctx.check(widths == want, "21 pages, --group 20: two seals, strips of 40/11 and 40/10 mm",
                  "got %r" % widths)
        validators(ctx, "cross-page groups", many, out, 21)
    # A one-page document is refused.
    one = os.path.join(ctx.corpus, ctx.case("hand-pdf10")["file"])
    p = sign(ctx, one, ctx.path("one.pdf"), ["--cross-page"], size=40)
    ctx.check(p.returncode == 1 and "at least two pages" in p.err
              and not os.path.exists(ctx.path("one.pdf")),
              "cross-page on a one-page document: refused with the reason", tsv.describe(p))
    p = sign(ctx, cairo, ctx.path("g1.pdf"), ["--cross-page", "--group", "1"], size=40)
    ctx.check(p.returncode == 2, "--group 1: usage error", tsv.describe(p))


def find_text(ctx, f, text, extra=()):
    p = ctx.run([ctx.a.cli, "find-text", f, text, "--tsv"] + list(extra))
    out = []
    for line in p.out.splitlines():
        page, x, y, w, h = line.split("\t")
        out.append((int(page), float(x), float(y), float(w), float(h)))
    return p, out


def group_keyword(ctx):
    if not ctx.a.make_contract:
        print("skip: no --make-contract")
        return SKIP
    contract = ctx.path("contract.pdf")
    p = ctx.run([ctx.a.make_contract, contract])
    if not ctx.check(p.returncode == 0, "demo contract generated", p.err):
        return None
    rotated = ctx.path("contract-rotated.pdf")
    ctx.run([ctx.a.qpdf, contract, "--rotate=+90:2", rotated])
    S = 30
    for f, name in ((contract, "contract"), (rotated, "rotated")):
        p, matches = find_text(ctx, f, "甲方（盖章）")
        if not ctx.check(p.returncode == 0 and len(matches) == 1 and matches[0][0] == 2,
                         name + ": find-text finds 甲方（盖章） once, on page 2", tsv.describe(p)):
            continue
        page, x, y, w, h = matches[0]
        out = ctx.path("kw-%s.pdf" % name)
        p = sign(ctx, f, out, ["--keyword", "甲方（盖章）"], size=S)
        if not ctx.check(p.returncode == 0, name + ": signed with --keyword 甲方（盖章）",
                         tsv.describe(p)):
            continue
        validators(ctx, "keyword " + name, f, out, 1)
        at = (x + w / 2 - S / 2, y + h / 2 - S / 2)
        geom = tsv.page_geometry(ctx, out)
        tsv.check_seal_position(ctx, "keyword %s: seal centred on the text" % name, out, geom, 2,
                                at, S, tools=("pdftoppm", "mutool"), dpi=60)
    # 甲方 occurs four times: all, first, last, 2, with an offset.
    p, matches = find_text(ctx, contract, "甲方")
    ctx.check(len(matches) == 4, "find-text: 甲方 occurs 4 times", repr(matches))
    for how, picked in (("all", matches), ("first", matches[:1]), ("last", matches[-1:]),
                        ("2", matches[1:2])):
        out = ctx.path("kw-match-%s.pdf" % how)
        p = sign(ctx, contract, out, ["--keyword", "甲方", "--match", how, "--offset", "5,-3"],
                 size=20)
        if not ctx.check(p.returncode == 0, "--match %s: signed" % how, tsv.describe(p)):
            continue
        validators(ctx, "keyword --match %s" % how, contract, out, len(picked))
        geom = tsv.page_geometry(ctx, out)
        page, x, y, w, h = picked[-1]
        at = (x + w / 2 - 10 + 5, y + h / 2 - 10 - 3)
        at = (max(0.0, at[0]), max(0.0, at[1]))
        tsv.check_seal_position(ctx, "--match %s --offset 5,-3: the last chosen seal" % how, out,
                                geom, page, at, 20, tools=("pdftoppm",), dpi=60) \
            if how != "all" else None
    p = sign(ctx, contract, ctx.path("kw-none.pdf"), ["--keyword", "不存在的词"])
    ctx.check(p.returncode == 1 and "不存在的词" in p.err and "not found" in p.err
              and not os.path.exists(ctx.path("kw-none.pdf")),
              "a keyword that is not there: refused, the message quotes it", tsv.describe(p))
    p = sign(ctx, contract, ctx.path("kw-9.pdf"), ["--keyword", "甲方", "--match", "9"])
    ctx.check(p.returncode == 1 and "4" in p.err, "--match 9 of 4: refused, says 4", tsv.describe(p))
    p = sign(ctx, contract, ctx.path("kw-at.pdf"), ["--keyword", "甲方", "--at", "1,1"])
    ctx.check(p.returncode == 2, "--keyword with --at: usage error", tsv.describe(p))


def batch(ctx, inputs, outdir, extra, env=None):
    cmd = [ctx.a.cli, "sign"] + list(inputs) + ["--output-dir", outdir] + \
        tsv.key_args(ctx, "rsa-p12") + ["--seal", os.path.join(ctx.corpus, "seal.png"),
                                        "--size", "30"] + list(extra)
    p = ctx.run(cmd, env=env)
    p.cmdline = " ".join(cmd)
    return p


def group_batch(ctx):
    indir = ctx.path("batch-in")
    os.makedirs(indir)
    names = ["01-cairo", "02-ghostscript", "03-qpdf-objstm", "04-garbage-random",
             "05-encrypted-aes256", "06-hand-rotate", "07-mutool-clean"]
    for n in names:
        shutil.copy(os.path.join(ctx.corpus, n[3:] + ".pdf"), os.path.join(indir, n + ".pdf"))
    before = {n: sha256(os.path.join(indir, n + ".pdf")) for n in names}
    outdir = ctx.path("batch-out")
    report = os.path.join(outdir, "report.json")
    p = batch(ctx, [indir], outdir, ["--at", "20,30", "--report", report])
    ctx.check(p.returncode == 1, "a batch with failures exits 1", tsv.describe(p))
    lines = p.out.splitlines()
    ctx.check(sum(ln.startswith("Signed: ") for ln in lines) == 5
              and sum(ln.startswith("Failed: ") for ln in lines) == 2,
              "one line per file: 5 signed, 2 failed", p.out)
    ctx.check("5 files signed" in p.out and "2 files failed" in p.out, "the summary", p.out)
    ctx.check(any("04-garbage-random.pdf" in ln and ln.startswith("Failed: ") for ln in lines)
              and any("05-encrypted-aes256.pdf" in ln and "encrypted" in ln for ln in lines),
              "the failures name the file and say why", p.out)
    try:
        j = json.load(open(report))
    except (OSError, ValueError) as e:
        ctx.fail("the JSON report is readable", repr(e))
        return None
    ctx.check((j["signed"], j["failed"], j["rejected"], j["skipped"]) == (5, 2, 0, 0)
              and len(j["files"]) == 7, "the report's counts", repr(j))
    for n, f in zip(names, j["files"]):
        if not ctx.check(f["input"] == os.path.join(indir, n + ".pdf"), n + ": in the report, in order",
                         repr(f)):
            continue
        if f["state"] == "signed":
            ctx.check(f["output"] == os.path.join(outdir, n + "-signed.pdf"), n + ": the copy's name",
                      repr(f))
            validators(ctx, "batch " + n, f["input"], f["output"], 1)
        else:
            ctx.check(n in ("04-garbage-random", "05-encrypted-aes256") and f["reason"]
                      and f["output"] is None, n + ": failed with a reason, no copy", repr(f))
    ctx.check(sorted(os.listdir(outdir)) == sorted([n + "-signed.pdf" for n in names
                                                    if n[:2] not in ("04", "05")] + ["report.json"]),
              "the output folder: the copies and the report, nothing partial", repr(os.listdir(outdir)))
    ctx.check(all(sha256(os.path.join(indir, n + ".pdf")) == before[n] for n in names),
              "the inputs are untouched")

    # again into the same folder: new names, nothing replaced; files and folders mixed
    first = sha256(os.path.join(outdir, "01-cairo-signed.pdf"))
    p = batch(ctx, [os.path.join(indir, "01-cairo.pdf"), os.path.join(indir, "02-ghostscript.pdf")],
              outdir, ["--at", "20,30"])
    ctx.check(p.returncode == 0 and os.path.exists(os.path.join(outdir, "01-cairo-signed (2).pdf"))
              and sha256(os.path.join(outdir, "01-cairo-signed.pdf")) == first,
              "a second batch: exit 0, “ (2)” names, the first copies kept", tsv.describe(p))
    p = batch(ctx, [indir], outdir, ["--at", "20,30", "-o", "x.pdf"])
    ctx.check(p.returncode == 2, "-o with --output-dir: usage error", tsv.describe(p))
    p = batch(ctx, [indir, indir], ctx.path("never"), ["--at", "20,30", "--force"])
    ctx.check(p.returncode == 2 and not os.path.exists(ctx.path("never")),
              "--force with --output-dir: usage error", tsv.describe(p))

    # 关键字签章 over a folder: each file searched; the one without the text fails alone
    if ctx.a.make_contract:
        kwdir = ctx.path("batch-kw")
        os.makedirs(kwdir)
        for i in (1, 2, 3):
            r = ctx.run([ctx.a.make_contract, os.path.join(kwdir, "合同%d.pdf" % i)])
            ctx.check(r.returncode == 0, "demo contract %d" % i, r.err)
        shutil.copy(os.path.join(ctx.corpus, "cairo.pdf"), os.path.join(kwdir, "合同2a.pdf"))
        kwout = ctx.path("batch-kw-out")
        env = dict(ctx.env, LANG="zh_CN.UTF-8", LANGUAGE="zh_CN", LC_ALL="zh_CN.UTF-8")
        p = batch(ctx, [kwdir], kwout, ["--keyword", "甲方（盖章）"], env=env)
        ctx.check(p.returncode == 1, "keyword batch: exit 1 (one file has no keyword)", tsv.describe(p))
        ctx.check(sorted(os.listdir(kwout)) == ["合同1-已签章.pdf", "合同2-已签章.pdf", "合同3-已签章.pdf"],
                  "keyword batch in zh_CN: three <name>-已签章.pdf", repr(os.listdir(kwout)))
        ctx.check("甲方（盖章）" in p.out and "合同2a.pdf" in p.out and "3 个文件已签章" in p.out,
                  "keyword batch: the failure quotes the keyword; the summary in Chinese", p.out)
        for i in (1, 2, 3):
            validators(ctx, "keyword batch %d" % i, os.path.join(kwdir, "合同%d.pdf" % i),
                       os.path.join(kwout, "合同%d-已签章.pdf" % i), 1)


def group_unseal(ctx):
    cairo = os.path.join(ctx.corpus, ctx.case("cairo")["file"])
    src = ctx.path("in.pdf")
    shutil.copyfile(cairo, src)
    s1, s2, s3 = ctx.path("s1.pdf"), ctx.path("s2.pdf"), ctx.path("s3.pdf")
    ok = sign(ctx, src, s1, ["--at", "20,30"]).returncode == 0
    ok = ok and sign(ctx, s1, s2, ["--cross-page"], size=40).returncode == 0
    ok = ok and sign(ctx, s2, s3, ["--pages", "all", "--at", "100,200"], key="sm2-pem").returncode == 0
    if not ctx.check(ok, "three seals signed (single, cross-page, multi-page SM2)"):
        return
    before = sha256(s3)
    for steps, want, name in ((1, s2, "s2"), (2, s1, "s1"), (3, src, "the original")):
        out = ctx.path("u%d.pdf" % steps)
        p = ctx.run([ctx.a.cli, "unseal", s3, "-o", out, "--steps", str(steps)])
        ctx.check(p.returncode == 0 and os.path.exists(out) and sha256(out) == sha256(want),
                  "unseal --steps %d: byte for byte %s (SHA-256)" % (steps, name), tsv.describe(p))
    ctx.check(sha256(s3) == before, "unseal never changes its input")
    p, j = verify(ctx, ctx.path("u1.pdf"))
    ctx.check(j is not None and p.returncode == 0 and len(j["signatures"]) == 2,
              "after unseal the two remaining signatures verify", tsv.describe(p))
    p = ctx.run([ctx.a.cli, "unseal", s3, "-o", ctx.path("u4.pdf"), "--steps", "4"])
    ctx.check(p.returncode == 1 and "3 signatures" in p.err, "--steps 4 of 3: refused",
              tsv.describe(p))
    p = ctx.run([ctx.a.cli, "unseal", src, "-o", ctx.path("u0.pdf")])
    ctx.check(p.returncode == 1 and "not signed" in p.err, "unsigned input: refused",
              tsv.describe(p))
    p = ctx.run([ctx.a.cli, "unseal", s3, "-o", s3])
    ctx.check(p.returncode == 1 and sha256(s3) == before, "output = input: refused, input intact",
              tsv.describe(p))
    p = ctx.run([ctx.a.cli, "unseal", s3, "-o", ctx.path("u1.pdf")])
    ctx.check(p.returncode == 1 and "exists" in p.err.lower(),
              "existing output: refused without --overwrite", tsv.describe(p))
    # Someone else's signature after ours: named, refused, then forced.
    nss = os.path.join(ctx.keys, "nssdb")
    foreign = ctx.path("foreign.pdf")
    p = ctx.run([ctx.a.pdfsig, s1, foreign, "-add-signature", "-nssdir", nss, "-nick", "sealdesk-rsa"])
    if ctx.check(p.returncode == 0, "pdfsig adds a signature after ours", p.err):
        out = ctx.path("uf.pdf")
        p = ctx.run([ctx.a.cli, "unseal", foreign, "-o", out])
        ctx.check(p.returncode == 1 and "another program" in p.err and not os.path.exists(out),
                  "unseal of pdfsig's signature: refused, named as another program's, nothing "
                  "written", tsv.describe(p))
        p = ctx.run([ctx.a.cli, "unseal", foreign, "-o", out, "--force"])
        ctx.check(p.returncode == 0 and sha256(out) == sha256(s1),
                  "unseal --force: removed, byte for byte the document before it", tsv.describe(p))
    # An annotation added after our seal goes with it: named.
    data = open(s1, "rb").read()
    j = tsv.QpdfJson(ctx, s1)
    page_ref = j.pages()[0]
    num = int(page_ref.split()[0])
    page = j.get(page_ref)
    size = int(j.trailer["/Size"])
    annots = [Ref(int(a.split()[0])) for a in page.get("/Annots", [])] + [Ref(size)]
    new_page = {"Type": N("Page"), "Parent": Ref(int(page["/Parent"].split()[0])),
                "MediaBox": page["/MediaBox"], "Contents": Ref(int(page["/Contents"].split()[0])),
                "Resources": Ref(int(page["/Resources"].split()[0]))
                if isinstance(page["/Resources"], str) else {}, "Annots": annots}
    annotated = ctx.path("annotated.pdf")
    open(annotated, "wb").write(sdpdf.append_update(
        data, {size: {"Type": N("Annot"), "Subtype": N("Text"), "Rect": [100, 100, 120, 120],
                      "Contents": "note"}, num: new_page},
        Ref(int(j.trailer["/Root"].split()[0])), size + 1))
    p = ctx.run([ctx.a.cli, "unseal", annotated, "-n"])
    ctx.check(p.returncode == 0 and "Annotation (Text) added" in p.out and "--force" in p.out,
              "unseal -n: lists the annotation that would go and that --force is needed",
              tsv.describe(p))
    p = ctx.run([ctx.a.cli, "unseal", annotated, "-o", ctx.path("ua.pdf")])
    ctx.check(p.returncode == 1 and "Annotation (Text) added" in p.err,
              "unseal with a later annotation: refused, the annotation named", tsv.describe(p))


class Tsa:
    """The local test TSA (tsa-server.py), started and stopped here."""

    def __init__(self, ctx, mode="ok"):
        self.dir = ctx.path("tsa-" + mode)
        os.makedirs(self.dir, exist_ok=True)
        for f in ("tsa.key", "tsa.pem", "chain.pem"):
            shutil.copyfile(ctx.path("tsa/" + f), os.path.join(self.dir, f))
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "tsa-server.py"),
                                      self.dir, ctx.a.openssl, "--mode", mode],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.url = "http://127.0.0.1:%s/" % self.proc.stdout.readline().decode().strip()

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def make_tsa_cert(ctx):
    d = ctx.path("tsa")
    os.makedirs(d, exist_ok=True)
    env = dict(ctx.env, OPENSSL_CONF="/dev/null")
    open(os.path.join(d, "ext.cnf"), "w").write(
        "[tsa]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=critical,timeStamping\n")
    ctx.run([ctx.a.openssl, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
             os.path.join(d, "tsa.key"), "-subj", "/C=CN/O=SealDesk Test/CN=SealDesk Test TSA",
             "-out", os.path.join(d, "tsa.csr")], env=env)
    p = ctx.run([ctx.a.openssl, "x509", "-req", "-in", os.path.join(d, "tsa.csr"), "-CA",
                 os.path.join(ctx.keys, "ca.pem"), "-CAkey", os.path.join(ctx.keys, "ca.key"),
                 "-set_serial", "0x5a5a", "-days", "30", "-extfile", os.path.join(d, "ext.cnf"),
                 "-extensions", "tsa", "-out", os.path.join(d, "tsa.pem")], env=env)
    shutil.copyfile(os.path.join(ctx.keys, "ca.pem"), os.path.join(d, "chain.pem"))
    return p.returncode == 0


def group_timestamp(ctx):
    if not ctx.check(make_tsa_cert(ctx), "test TSA certificate made"):
        return
    src = os.path.join(ctx.corpus, ctx.case("cairo")["file"])
    tsa = Tsa(ctx)
    try:
        for key in ("rsa-p12", "ec256-pem", "sm2-pem"):
            out = ctx.path("ts-%s.pdf" % key)
            p = sign(ctx, src, out, ["--at", "20,30", "--tsa", tsa.url], key=key)
            if not ctx.check(p.returncode == 0, "--tsa with %s: signed" % key, tsv.describe(p)):
                continue
            validators(ctx, "timestamp " + key, src, out, 1, key=key)
            p, j = verify(ctx, out)
            ts = (j or {}).get("signatures", [{}])[0].get("time", {}).get("timestamp") or {}
            ctx.check(ts.get("valid") and ts.get("trust") == "trusted"
                      and ts.get("authority") == "SealDesk Test TSA"
                      and j["signatures"][0]["trust"]["at"] == ts.get("time"),
                      "timestamp %s: token verified (imprint, TSA signature), TSA trusted, the "
                      "certificate checked at the stamped time" % key, tsv.describe(p))
            if key == "rsa-p12":
                stamped = out
        # The TSA's root not trusted: intact, the timestamp untrusted.
        p = ctx.run([ctx.a.cli, "verify", stamped, "--json", "--no-system-roots"])
        j = json.loads(p.out) if p.out else {}
        ts = j.get("signatures", [{}])[0].get("time", {}).get("timestamp") or {}
        ctx.check(p.returncode == 5 and ts.get("valid") and ts.get("trust") == "untrusted",
                  "no roots given: the timestamp is intact but untrusted (exit 5)", tsv.describe(p))
        # A token altered inside /Contents: the document signature still
        # verifies, the timestamp does not, and the verdict is invalid.
        data = bytearray(open(stamped, "rb").read())
        m = re.search(rb"/Contents\s*<([0-9a-f]+)>", bytes(data))
        tst_oid = bytes.fromhex("060b2a864886f70d010910020e").hex().encode()
        i = data.find(tst_oid, m.start(1))
        if ctx.check(i > 0, "the timestamp attribute is in /Contents"):
            j0 = i + len(tst_oid) + 400
            data[j0] = ord("0") if data[j0] != ord("0") else ord("1")
            bad = ctx.path("ts-tampered.pdf")
            open(bad, "wb").write(bytes(data))
            p, j = verify(ctx, bad)
            ctx.check(p.returncode == 3 and j and j["signatures"][0]["integrity"]["digest_matches"]
                      and any("timestamp" in x for x in j["signatures"][0]["problems"]),
                      "altered timestamp token: invalid, the reason names the timestamp",
                      tsv.describe(p))
    finally:
        tsa.stop()
    for mode, extra, words in (("error", [], r"answered HTTP 500"),
                               ("garbage", [], r"not a timestamp|did not answer with a timestamp"),
                               ("slow", ["--tsa-timeout", "2"], r"did not answer within 2 seconds")):
        t = Tsa(ctx, mode)
        try:
            out = ctx.path("ts-%s.pdf" % mode)
            started = time.monotonic()
            p = sign(ctx, src, out, ["--at", "20,30", "--tsa", t.url] + extra)
            ctx.check(p.returncode == 1 and re.search(words, p.err) and not os.path.exists(out)
                      and time.monotonic() - started < 20,
                      "TSA %s: refused with /%s/, nothing written" % (mode, words), tsv.describe(p))
        finally:
            t.stop()
    p = sign(ctx, src, ctx.path("ts-down.pdf"), ["--at", "20,30", "--tsa", "http://127.0.0.1:9/"])
    ctx.check(p.returncode == 1 and "Cannot reach the timestamp authority" in p.err,
              "TSA not listening: refused, says it cannot be reached", tsv.describe(p))
    p = sign(ctx, src, ctx.path("ts-url.pdf"), ["--at", "20,30", "--tsa", "ftp://x"])
    ctx.check(p.returncode == 2, "--tsa with a non-HTTP URL: usage error", tsv.describe(p))


GROUPS = {
    "modes-pages": group_pages,
    "modes-cross-page": group_cross_page,
    "modes-keyword": group_keyword,
    "modes-unseal": group_unseal,
    "modes-timestamp": group_timestamp,
    "modes-batch": group_batch,
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
    ap.add_argument("--make-contract")
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
    for attr in ("cli", "keys", "corpus", "workdir", "localedir", "make_contract"):
        v = getattr(a, attr)
        if v and os.path.exists(v):
            setattr(a, attr, os.path.abspath(v))
    if a.group not in GROUPS:
        print("unknown group %r" % a.group)
        return 1
    ctx = tsv.Ctx(a)
    print("group %s; work dir %s" % (a.group, ctx.tmp))
    rc = None
    try:
        rc = GROUPS[a.group](ctx)
    except tsv.Failed as e:
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
