"""Shared helpers for the PDF corpus and validator tests (python3 stdlib only).

- PdfWriter: writes small PDFs byte by byte with correct xref offsets, as a
  classic table, an xref stream, or a hybrid (table + /XRefStm), and can
  append incremental updates.
- seal_png(): a transparent RGBA PNG with a pure red ring and disc.
- read_pnm(), red_boxes(): parse renderer output and find red pixels.
- display_to_user(): the CLI's coordinate convention (mm, top-left of the
  page as displayed) mapped to PDF user space, used by the harness self-test.
- parse_pdfsig(), parse_mutool_verify(): validator output parsers.
"""

import re
import struct
import zlib

MM_PER_PT = 25.4 / 72.0


# --------------------------------------------------------------------------
# PDF objects


class Ref:
    def __init__(self, num, gen=0):
        self.num = num
        self.gen = gen

    def __repr__(self):
        return "Ref(%d, %d)" % (self.num, self.gen)


class Name(str):
    pass


class Raw(bytes):
    """Bytes emitted verbatim (e.g. a hex string or a pre-serialised value)."""


def _num(v):
    if isinstance(v, bool):
        return b"true" if v else b"false"
    if isinstance(v, int):
        return str(v).encode()
    s = ("%.4f" % v).rstrip("0").rstrip(".")
    if s in ("", "-0"):
        s = "0"
    return s.encode()


def ser(v):
    """Serialises a python value as a PDF object."""
    if v is None:
        return b"null"
    if isinstance(v, Raw):
        return bytes(v)
    if isinstance(v, Ref):
        return b"%d %d R" % (v.num, v.gen)
    if isinstance(v, Name):
        return b"/" + v.encode()
    if isinstance(v, (bool, int, float)):
        return _num(v)
    if isinstance(v, str):
        b = v.encode("latin-1")
        b = b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        return b"(" + b + b")"
    if isinstance(v, bytes):
        return b"<" + v.hex().encode() + b">"
    if isinstance(v, (list, tuple)):
        return b"[" + b" ".join(ser(x) for x in v) + b"]"
    if isinstance(v, dict):
        out = [b"<<"]
        for k, x in v.items():
            out.append(b"/" + k.encode() + b" " + ser(x))
        out.append(b">>")
        return b" ".join(out)
    raise TypeError("cannot serialise %r" % (v,))


class Stream:
    def __init__(self, data, d=None, compress=False):
        self.d = dict(d or {})
        if compress:
            data = zlib.compress(data)
            self.d["Filter"] = Name("FlateDecode")
        self.data = data

    def serialise(self):
        d = dict(self.d)
        d["Length"] = len(self.data)
        return ser(d) + b"\nstream\n" + self.data + b"\nendstream"


def N(s):
    return Name(s)


# --------------------------------------------------------------------------
# Writer


class PdfWriter:
    """Builds a PDF in memory.

    objs: dict num -> python value or Stream.  write() lays out a full file;
    append_update() adds an incremental update to existing bytes.
    """

    def __init__(self, version="1.7"):
        self.version = version
        self.objs = {}
        self.next_num = 1

    def add(self, value, num=None):
        if num is None:
            num = self.next_num
        self.objs[num] = value
        self.next_num = max(self.next_num, num + 1)
        return Ref(num)

    def reserve(self):
        r = Ref(self.next_num)
        self.next_num += 1
        return r

    def set(self, ref, value):
        self.objs[ref.num] = value

    @staticmethod
    def _obj_bytes(num, value, gen=0):
        body = value.serialise() if isinstance(value, Stream) else ser(value)
        return b"%d %d obj\n" % (num, gen) + body + b"\nendobj\n"

    def write(self, root, info=None, xref="table", header_extra=b"%\xe2\xe3\xcf\xd3\n",
              objstm=False):
        """Returns the file bytes.

        xref: "table" (classic), "stream" (cross-reference stream), or
        "hybrid" (classic table for the non-compressed objects plus /XRefStm
        pointing to a stream that lists objects in an object stream).
        objstm: put plain dictionaries into one object stream (stream/hybrid).
        """
        out = bytearray(b"%PDF-" + self.version.encode() + b"\n" + header_extra)
        offsets = {}        # num -> offset   (type 1)
        compressed = {}     # num -> (stmnum, index)   (type 2)
        nums = sorted(self.objs)
        size = self.next_num
        in_stm = []
        if objstm and xref in ("stream", "hybrid"):
            in_stm = [n for n in nums if not isinstance(self.objs[n], Stream)]
        direct = [n for n in nums if n not in in_stm]
        for n in direct:
            offsets[n] = len(out)
            out += self._obj_bytes(n, self.objs[n])
        if in_stm:
            stm_num = size
            size += 1
            header = []
            body = bytearray()
            for i, n in enumerate(in_stm):
                header.append(b"%d %d" % (n, len(body)))
                body += ser(self.objs[n]) + b"\n"
                compressed[n] = (stm_num, i)
            hdr = b" ".join(header) + b"\n"
            stm = Stream(hdr + bytes(body), {"Type": N("ObjStm"), "N": len(in_stm),
                                             "First": len(hdr)}, compress=True)
            offsets[stm_num] = len(out)
            out += self._obj_bytes(stm_num, stm)
        trailer = {"Root": root}
        if info is not None:
            trailer["Info"] = info

        def xref_stream(entries, size_, extra, num):
            # entries: list of (num, type, f2, f3) for num in index order
            rows = bytearray()
            index = []
            for e in entries:
                rows += struct.pack(">BIH", e[1], e[2], e[3])
            first = entries[0][0]
            index = [first, len(entries)]
            d = {"Type": N("XRef"), "Size": size_, "W": [1, 4, 2], "Index": index}
            d.update(extra)
            return Stream(bytes(rows), d, compress=True)

        if xref == "table":
            xref_off = len(out)
            out += b"xref\n0 %d\n" % size
            out += b"0000000000 65535 f\r\n"
            for n in range(1, size):
                if n in offsets:
                    out += b"%010d 00000 n\r\n" % offsets[n]
                else:
                    out += b"0000000000 00001 f\r\n"
            trailer["Size"] = size
            out += b"trailer\n" + ser(trailer) + b"\n"
            out += b"startxref\n%d\n%%%%EOF\n" % xref_off
        elif xref == "stream":
            xnum = size
            size += 1
            offsets[xnum] = len(out)
            entries = [(0, 0, 0, 65535)]
            for n in range(1, size):
                if n in offsets:
                    entries.append((n, 1, offsets[n], 0))
                elif n in compressed:
                    entries.append((n, 2, compressed[n][0], compressed[n][1]))
                else:
                    entries.append((n, 0, 0, 1))
            stm = xref_stream(entries, size, trailer, xnum)
            out += self._obj_bytes(xnum, stm)
            out += b"startxref\n%d\n%%%%EOF\n" % offsets[xnum]
        elif xref == "hybrid":
            # The xref stream lists only the compressed objects; the table
            # lists the rest and marks the compressed ones free (as PDF 1.5
            # hybrid-reference files do for readers that ignore /XRefStm).
            if not compressed:
                raise ValueError("hybrid needs objstm=True")
            xnum = size
            size += 1
            offsets[xnum] = len(out)
            cnums = sorted(compressed)
            entries = []
            for n in range(cnums[0], cnums[-1] + 1):
                if n in compressed:
                    entries.append((n, 2, compressed[n][0], compressed[n][1]))
                else:
                    entries.append((n, 1, offsets.get(n, 0), 0) if n in offsets
                                   else (n, 0, 0, 1))
            stm = xref_stream(entries, size, {}, xnum)
            out += self._obj_bytes(xnum, stm)
            # Table subsections omit the compressed objects entirely.
            xref_off = len(out)
            out += b"xref\n0 1\n0000000000 65535 f\r\n"
            run = []
            for n in range(1, size + 1):
                if n in offsets:
                    run.append(n)
                    continue
                if run:
                    out += b"%d %d\n" % (run[0], len(run))
                    for m in run:
                        out += b"%010d 00000 n\r\n" % offsets[m]
                    run = []
            trailer["Size"] = size
            trailer["XRefStm"] = offsets[xnum]
            out += b"trailer\n" + ser(trailer) + b"\n"
            out += b"startxref\n%d\n%%%%EOF\n" % xref_off
        else:
            raise ValueError(xref)
        return bytes(out)


def append_update(data, objs, root, size, prev=None, info=None, extra_trailer=None):
    """Appends an incremental update (classic xref section) to data.

    objs: dict num -> value (replaced or new objects). prev defaults to the
    last startxref of data.
    """
    if prev is None:
        prev = last_startxref(data)
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for n in sorted(objs):
        offsets[n] = len(out)
        out += PdfWriter._obj_bytes(n, objs[n])
    xref_off = len(out)
    out += b"xref\n0 1\n0000000000 65535 f\r\n"
    for n in sorted(offsets):
        out += b"%d 1\n%010d 00000 n\r\n" % (n, offsets[n])
    trailer = {"Size": size, "Root": root, "Prev": prev}
    if info is not None:
        trailer["Info"] = info
    if extra_trailer:
        trailer.update(extra_trailer)
    out += b"trailer\n" + ser(trailer) + b"\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_off
    return bytes(out)


def last_startxref(data):
    m = list(re.finditer(rb"startxref\s+(\d+)", data))
    if not m:
        raise ValueError("no startxref")
    return int(m[-1].group(1))


# --------------------------------------------------------------------------
# Seal PNG


def png_bytes(width, height, rgba_rows):
    """rgba_rows: list of bytes, each width*4 long."""
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + r for r in rgba_rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def seal_rgba(size=256):
    """Pixels of the test seal: a pure red ring touching the image edges and
    a red disc in the middle, fully transparent elsewhere (no
    anti-aliasing, so every painted pixel is exactly #ff0000)."""
    rows = []
    c = (size - 1) / 2.0
    r_out = size / 2.0
    r_in = size * 0.40
    r_disc = size * 0.22
    red = b"\xff\x00\x00\xff"
    clear = b"\x00\x00\x00\x00"
    for y in range(size):
        row = bytearray()
        for x in range(size):
            d = ((x - c) ** 2 + (y - c) ** 2) ** 0.5
            row += red if (r_in <= d <= r_out or d <= r_disc) else clear
        rows.append(bytes(row))
    return rows


def seal_png(size=256):
    return png_bytes(size, size, seal_rgba(size))


# --------------------------------------------------------------------------
# Rendering


def read_pnm(path):
    """Returns (width, height, rgb bytes) of a binary PPM (P6) or PGM (P5)."""
    with open(path, "rb") as f:
        data = f.read()
    tokens = []
    pos = 0
    while len(tokens) < 4:
        m = re.compile(rb"\s*(#[^\n]*\n\s*)*(\S+)").match(data, pos)
        if not m:
            raise ValueError("%s: bad PNM header" % path)
        tokens.append(m.group(2))
        pos = m.end()
    pos += 1  # the single whitespace after maxval
    magic, w, h, maxval = tokens[0], int(tokens[1]), int(tokens[2]), int(tokens[3])
    if maxval != 255:
        raise ValueError("%s: maxval %d unsupported" % (path, maxval))
    if magic == b"P6":
        pix = data[pos:pos + w * h * 3]
    elif magic == b"P5":
        g = data[pos:pos + w * h]
        pix = bytes(b for v in g for b in (v, v, v))
    else:
        raise ValueError("%s: not P5/P6 (%r)" % (path, magic))
    if len(pix) != w * h * 3:
        raise ValueError("%s: short pixel data" % path)
    return w, h, pix


def is_red(r, g, b):
    return r >= 200 and g <= 80 and b <= 80


_HI = bytes(1 if v >= 200 else 0 for v in range(256))
_LO = bytes(1 if v <= 80 else 0 for v in range(256))


def red_mask(pix):
    """One byte per pixel: 1 where the pixel is red (R >= 200, G and B <= 80)."""
    n = len(pix) // 3
    r = int.from_bytes(pix[0::3].translate(_HI), "big")
    g = int.from_bytes(pix[1::3].translate(_LO), "big")
    b = int.from_bytes(pix[2::3].translate(_LO), "big")
    return (r & g & b).to_bytes(n, "big")


def red_pixels(w, h, pix):
    """Yields (x, y) of every red pixel."""
    mask = red_mask(pix)
    i = mask.find(1)
    while i >= 0:
        yield i % w, i // w
        i = mask.find(1, i + 1)


def red_bbox(w, h, pix):
    """(count, (x0, y0, x1, y1)) of red pixels, bbox in pixel edges
    (x1/y1 exclusive), or (0, None)."""
    n = 0
    x0 = y0 = 1 << 30
    x1 = y1 = -1
    for x, y in red_pixels(w, h, pix):
        n += 1
        if x < x0:
            x0 = x
        if x > x1:
            x1 = x
        if y < y0:
            y0 = y
        if y > y1:
            y1 = y
    if n == 0:
        return 0, None
    return n, (x0, y0, x1 + 1, y1 + 1)


def count_red_outside(w, h, pix, box):
    """Red pixels outside box (x0, y0, x1, y1) in pixels (floats ok)."""
    n = 0
    examples = []
    for x, y in red_pixels(w, h, pix):
        if not (box[0] <= x and x + 1 <= box[2] and box[1] <= y and y + 1 <= box[3]):
            n += 1
            if len(examples) < 5:
                examples.append((x, y))
    return n, examples


# --------------------------------------------------------------------------
# Geometry


def display_size(box, rotate):
    w = box[2] - box[0]
    h = box[3] - box[1]
    return (h, w) if rotate % 180 == 90 else (w, h)


def display_to_user(box, rotate, dx, dy):
    """Point in displayed page space (user units, origin top-left, y down,
    rotation applied, box = CropBox) to PDF user space."""
    x0, y0, x1, y1 = box
    r = rotate % 360
    if r == 0:
        return x0 + dx, y1 - dy
    if r == 90:
        return x0 + dy, y0 + dx
    if r == 180:
        return x1 - dx, y0 + dy
    if r == 270:
        return x1 - dy, y1 - dx
    raise ValueError(rotate)


def display_rect_to_user(box, rotate, userunit, x_mm, y_mm, w_mm, h_mm):
    """The CLI's --at/--size rectangle (mm, top-left of the displayed page)
    as a PDF user-space rectangle [llx lly urx ury]."""
    k = 72.0 / 25.4 / userunit
    ax, ay = display_to_user(box, rotate, x_mm * k, y_mm * k)
    bx, by = display_to_user(box, rotate, (x_mm + w_mm) * k, (y_mm + h_mm) * k)
    return [min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)]


# --------------------------------------------------------------------------
# Validator output


def parse_pdfsig(text):
    """Parses `pdfsig FILE` output into a list of dicts, one per signature:
    {'index', 'field', 'common_name', 'hash', 'type', 'ranges', 'total',
     'validation', 'cert_validation', 'lines'}."""
    sigs = []
    cur = None
    for line in text.splitlines():
        m = re.match(r"^Signature #(\d+):", line)
        if m:
            cur = {"index": int(m.group(1)), "lines": [], "total": None}
            sigs.append(cur)
            continue
        if cur is None:
            continue
        cur["lines"].append(line)
        s = line.strip()
        if s.startswith("- "):
            s = s[2:]
        if s.startswith("Signature Field Name:"):
            cur["field"] = s.split(":", 1)[1].strip()
        elif s.startswith("Signer Certificate Common Name:"):
            cur["common_name"] = s.split(":", 1)[1].strip()
        elif s.startswith("Signing Hash Algorithm:"):
            cur["hash"] = s.split(":", 1)[1].strip()
        elif s.startswith("Signature Type:"):
            cur["type"] = s.split(":", 1)[1].strip()
        elif s.startswith("Signed Ranges:"):
            cur["ranges"] = [(int(a), int(b)) for a, b in
                             re.findall(r"\[(\d+) - (\d+)\]", s)]
        elif s == "Total document signed":
            cur["total"] = True
        elif s == "Not total document signed":
            cur["total"] = False
        elif s.startswith("Signature Validation:"):
            cur["validation"] = s.split(":", 1)[1].strip()
        elif s.startswith("Certificate Validation:"):
            cur["cert_validation"] = s.split(":", 1)[1].strip()
    return sigs


def parse_mutool_verify(text):
    """Parses `mutool sign -v FILE` (mupdf 1.21) output: a list of dicts
    {'obj', 'dn', 'cert', 'digest', 'lines'} where digest is one of
    'unchanged', 'edited', 'error: ...', 'unsigned'."""
    sigs = []
    cur = None
    for line in text.splitlines():
        m = re.match(r"^Verifying signature (\d+):", line)
        if m:
            cur = {"obj": int(m.group(1)), "lines": [], "digest": None, "cert": None}
            sigs.append(cur)
            continue
        if cur is None:
            continue
        cur["lines"].append(line)
        s = line.strip()
        if s.startswith("Distinguished name:"):
            cur["dn"] = s.split(":", 1)[1].strip()
        elif s == "Certificate is trusted.":
            cur["cert"] = "trusted"
        elif s.startswith("Certificate error:"):
            cur["cert"] = "error: " + s.split(":", 1)[1].strip()
        elif s == "The document is unchanged since signing.":
            cur["digest"] = "unchanged"
        elif s.startswith("The signature is valid but there have been edits"):
            cur["digest"] = "edited"
        elif s.startswith("Digest error:"):
            cur["digest"] = "error: " + s.split(":", 1)[1].strip()
        elif s == "Signature is not signed.":
            cur["digest"] = "unsigned"
    return sigs
