#!/usr/bin/env python3
"""image_check.py - checks that a PNG or SVG file is a real, non-blank picture of a given size.

    python3 tests/lib/image_check.py FILE WIDTHxHEIGHT [--dpi 100]

Used by tests/cli_plot.sh to check `memsim plot` independently of matplotlib: the standard
library only (zlib, struct, xml.etree). Exit status 0 if the file passes, 1 (with one line on
stderr saying why) if not, 2 on a usage error.

PNG (RFC 2083 / ISO 15948): the signature, every chunk's CRC, IHDR's width and height, the
concatenated IDAT stream inflated and every scanline's filter undone; then the picture must
not be blank: at least 1 % of the pixels differ from the most common colour and there are at
least 3 distinct colours. Non-interlaced, 8-bit grey, grey+alpha, RGB, RGBA or palette only
(what matplotlib writes is 8-bit RGBA).

Filters 0-2 and 4 (Paeth with a zero row above) are undone on whole rows with integer
arithmetic on big ints: pure-Python byte loops would take seconds per 1200x800 image. Average
and general Paeth rows fall back to the byte loop.

SVG: it parses as XML, the root element is <svg>, its width and height give the expected
pixel size (matplotlib writes pt, 72 per inch: 1200 px at 100 dpi is 864pt; px, in, cm and mm
are converted too, a bare number is px), and it draws something: at least MIN_SVG_PATHS
<path> elements (a blank matplotlib figure has one).
"""
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel
MIN_CHANGED = 0.01
MIN_COLOURS = 3
MIN_SVG_PATHS = 20


class Bad(Exception):
    pass


# ---- PNG --------------------------------------------------------------------------------


def png_chunks(data):
    if data[:8] != PNG_SIGNATURE:
        raise Bad("not a PNG file (bad signature)")
    pos = 8
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos: pos + 4])
        ctype = data[pos + 4: pos + 8]
        body = data[pos + 8: pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise Bad(f"chunk {ctype!r} is truncated")
        (crc,) = struct.unpack(">I", data[pos + 8 + length: pos + 12 + length])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            raise Bad(f"chunk {ctype!r} has a bad CRC")
        yield ctype, body
        if ctype == b"IEND":
            return
        pos += 12 + length
    raise Bad("no IEND chunk (truncated file)")


def bytewise_add(a, b, mask7, mask8):
    """a + b modulo 256 in every byte lane of two big ints (no carries between lanes)."""
    return ((a & mask7) + (b & mask7)) ^ ((a ^ b) & mask8)


def prefix_sum(x, lanes_bits, nbytes, mask7, mask8):
    """Running byte-wise sum of x along lanes `lanes_bits` apart: undoes the Sub filter.
    Byte 0 of the row is the least significant, so the left neighbour is x << lanes_bits."""
    full = (1 << (8 * nbytes)) - 1
    shift = lanes_bits
    while shift < 8 * nbytes:
        x = bytewise_add(x, (x << shift) & full, mask7, mask8)
        shift *= 2
    return x


def unfilter(raw, width, height, bpp):
    stride = width * bpp
    if len(raw) < (stride + 1) * height:
        raise Bad(f"image data too short: {len(raw)} bytes for {height} rows of {stride + 1}")
    mask7 = int.from_bytes(b"\x7f" * stride, "little")
    mask8 = int.from_bytes(b"\x80" * stride, "little")
    prev = bytes(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        ftype = raw[start]
        line = raw[start + 1: start + 1 + stride]
        if ftype == 0:
            cur = line
        elif ftype in (1, 2) or (ftype == 4 and not any(prev)):  # Paeth over zeros is Sub
            x = int.from_bytes(line, "little")
            if ftype == 2:
                x = bytewise_add(x, int.from_bytes(prev, "little"), mask7, mask8)
            else:
                x = prefix_sum(x, 8 * bpp, stride, mask7, mask8)
            cur = x.to_bytes(stride, "little")
        elif ftype in (3, 4):
            cur = unfilter_slow(ftype, line, prev, bpp)
        else:
            raise Bad(f"row {y}: unknown filter type {ftype}")
        rows.append(cur)
        prev = cur
    return rows


def unfilter_slow(ftype, line, prev, bpp):
    cur = bytearray(line)
    for i in range(len(cur)):
        a = cur[i - bpp] if i >= bpp else 0
        b = prev[i]
        if ftype == 3:
            cur[i] = (cur[i] + ((a + b) >> 1)) & 0xFF
            continue
        c = prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        cur[i] = (cur[i] + pred) & 0xFF
    return bytes(cur)


def check_png(data, want_w, want_h):
    ihdr, idat = None, []
    for ctype, body in png_chunks(data):
        if ctype == b"IHDR":
            ihdr = body
        elif ctype == b"IDAT":
            idat.append(body)
    if ihdr is None or len(ihdr) != 13:
        raise Bad("no valid IHDR chunk")
    w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", ihdr)
    if (w, h) != (want_w, want_h):
        raise Bad(f"size {w}x{h}, expected {want_w}x{want_h}")
    if depth != 8 or ctype not in CHANNELS or interlace != 0:
        raise Bad(f"unsupported PNG: bit depth {depth}, colour type {ctype}, interlace {interlace}")
    if not idat:
        raise Bad("no IDAT chunk")
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise Bad(f"image data does not inflate: {e}")
    bpp = CHANNELS[ctype]
    rows = unfilter(raw, w, h, bpp)
    counts = {}
    for row in rows:
        for i in range(0, len(row), bpp * 64):  # whole runs of 64 equal pixels count at once
            run = row[i: i + bpp * 64]
            if run == run[:bpp] * (len(run) // bpp):
                counts[run[:bpp]] = counts.get(run[:bpp], 0) + len(run) // bpp
            else:
                for j in range(0, len(run), bpp):
                    px = run[j: j + bpp]
                    counts[px] = counts.get(px, 0) + 1
    total = w * h
    common = max(counts.values())
    changed = (total - common) / total
    if changed < MIN_CHANGED:
        raise Bad(f"blank: only {changed:.2%} of the pixels differ from the background")
    if len(counts) < MIN_COLOURS:
        raise Bad(f"blank: only {len(counts)} distinct colours")
    return f"PNG {w}x{h}, {len(counts)} colours, {changed:.1%} non-background"


# ---- SVG --------------------------------------------------------------------------------

UNIT_PX = {"": 1.0, "px": 1.0, "in": None, "pt": 1 / 72, "pc": 1 / 6, "cm": 1 / 2.54,
           "mm": 1 / 25.4}


def svg_length(text, dpi, what):
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*", text or "")
    if not m or m.group(2) not in UNIT_PX:
        raise Bad(f"svg {what} '{text}' is not a length")
    value, unit = float(m.group(1)), m.group(2)
    if unit in ("", "px"):
        return value
    per_inch = 1.0 if unit == "in" else UNIT_PX[unit]
    return value * per_inch * dpi


def check_svg(data, want_w, want_h, dpi):
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise Bad(f"not XML: {e}")
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise Bad(f"root element is <{root.tag}>, not <svg>")
    w = svg_length(root.get("width"), dpi, "width")
    h = svg_length(root.get("height"), dpi, "height")
    if abs(w - want_w) > 0.5 or abs(h - want_h) > 0.5:
        raise Bad(f"size {w:g}x{h:g} px, expected {want_w}x{want_h}")
    paths = sum(1 for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "path")
    if paths < MIN_SVG_PATHS:
        raise Bad(f"blank: only {paths} <path> elements (expected at least {MIN_SVG_PATHS})")
    return f"SVG {w:g}x{h:g} px, {paths} paths"


def main(argv):
    args = list(argv)
    dpi = 100.0
    if "--dpi" in args:
        i = args.index("--dpi")
        dpi = float(args[i + 1])
        del args[i: i + 2]
    m = re.fullmatch(r"(\d+)x(\d+)", args[1]) if len(args) == 2 else None
    if not m:
        print("usage: image_check.py FILE WIDTHxHEIGHT [--dpi N]", file=sys.stderr)
        return 2
    path, want_w, want_h = args[0], int(m.group(1)), int(m.group(2))
    try:
        with open(path, "rb") as f:
            data = f.read()
        if data[:8] == PNG_SIGNATURE:
            what = check_png(data, want_w, want_h)
        elif path.lower().endswith(".svg") or data.lstrip()[:5] in (b"<?xml", b"<svg "):
            what = check_svg(data, want_w, want_h, dpi)
        else:
            raise Bad("neither PNG nor SVG")
    except Bad as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"{path}: {e.strerror}", file=sys.stderr)
        return 1
    print(f"{path}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
