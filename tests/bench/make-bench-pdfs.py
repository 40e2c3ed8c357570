#!/usr/bin/env python3
# make-bench-pdfs.py: the input PDFs of bench-sign.sh
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: make-bench-pdfs.py OUTDIR
# Writes OUTDIR/pages-100.pdf (100 text pages) and OUTDIR/big-50mb.pdf (two
# pages, one showing a 48 MiB uncompressed image of random bytes, so that
# neither compression nor a cache can make it small).  Both have one EMPTY
# signature field on page 1, because mutool 1.21 can only sign an existing
# field; its object number is printed as "sigfield N" and is the same in
# both files.  Output is deterministic.

import random
import sys
import zlib

SIG_FIELD_OBJ = 3  # catalog 1, pages 2, field 3, font 4, pages from 5


def write_pdf(path, objects):
    """objects: {number: bytes body}; numbers 1..n without gaps."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref = len(out)
    n = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    for num in range(1, n):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
    with open(path, "wb") as f:
        f.write(out)


def stream(dictionary, data, compress=True):
    if compress:
        data = zlib.compress(data, 6)
        dictionary += b" /Filter /FlateDecode"
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


def text_page(number):
    lines = [b"BT /F1 18 Tf 72 770 Td (SealDesk benchmark - page %d) Tj ET" % number]
    y = 730
    for i in range(40):
        lines.append(b"BT /F1 10 Tf 72 %d Td (Line %d of page %d: the quick brown fox "
                     b"jumps over the lazy dog 0123456789.) Tj ET" % (y, i + 1, number))
        y -= 16
    return b"\n".join(lines)


def build(path, page_contents, image=None):
    objects = {}
    first_page = 5
    kids = []
    num = first_page
    page_objs = []
    for content in page_contents:
        page_objs.append((num, num + 1, content))
        kids.append(b"%d 0 R" % num)
        num += 2
    image_obj = None
    if image is not None:
        image_obj = num
        num += 1

    objects[1] = (b"<< /Type /Catalog /Pages 2 0 R "
                  b"/AcroForm << /Fields [%d 0 R] >> >>" % SIG_FIELD_OBJ)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    # An empty signature field merged with its widget, on page 1.
    objects[SIG_FIELD_OBJ] = (b"<< /FT /Sig /T (Signature1) /Type /Annot /Subtype /Widget "
                              b"/Rect [380 40 540 120] /F 4 /P %d 0 R >>" % first_page)
    objects[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    for i, (page, contents, content) in enumerate(page_objs):
        resources = b"<< /Font << /F1 4 0 R >>"
        if image_obj is not None and i == len(page_objs) - 1:
            resources += b" /XObject << /Im1 %d 0 R >>" % image_obj
        resources += b" >>"
        annots = b" /Annots [%d 0 R]" % SIG_FIELD_OBJ if i == 0 else b""
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         b"/Resources %s /Contents %d 0 R%s >>" % (resources, contents, annots))
        objects[contents] = stream(b"", content)
    if image is not None:
        width, height, data = image
        objects[image_obj] = stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                                    b"/ColorSpace /DeviceRGB /BitsPerComponent 8"
                                    % (width, height), data, compress=False)
    write_pdf(path, objects)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-bench-pdfs.py OUTDIR")
    outdir = sys.argv[1]

    build(outdir + "/pages-100.pdf", [text_page(n) for n in range(1, 101)])

    width = height = 4096
    data = random.Random(20240601).randbytes(width * height * 3)
    build(outdir + "/big-50mb.pdf",
          [text_page(1), b"q 451 0 0 451 72 300 cm /Im1 Do Q"],
          image=(width, height, data))
    print("sigfield %d" % SIG_FIELD_OBJ)


if __name__ == "__main__":
    main()
