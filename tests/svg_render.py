#!/usr/bin/python3
"""An exported SVG as a browser shows it: headless Chromium takes a
screenshot, and its pixels must be the heatmap's colors.

    svg_render.py ATTNVIZ

The session has a weight of exactly 1 and one of exactly 0 (no PE, Q = K =
X, and "a" scores itself 10000/sqrt(2) above "b"), so the first cell must
be viridis' top color and the second its bottom one. The PNG is decoded
here with zlib (8-bit RGB or RGBA, no interlace: what Chromium writes).
Prints "skipped: no chromium" and exits 77 when there is no Chromium.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

SVG = "{http://www.w3.org/2000/svg}"
SESSION = [":dim 2", ":pe none", ":proj identity", ":emb a 100 0", ":emb b 0 1", "a b"]
VIRIDIS_TOP, VIRIDIS_BOTTOM = (0xfd, 0xe7, 0x25), (0x44, 0x01, 0x54)
SKIP = 77


def png_pixels(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, "an unexpected PNG kind"
        elif kind == b"IDAT":
            idat += body
    bpp = 3 if color == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, cur = line[0], bytearray(line[1:])
        for i in range(stride):
            a = cur[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                cur[i] = (cur[i] + a) & 255
            elif kind == 2:
                cur[i] = (cur[i] + b) & 255
            elif kind == 3:
                cur[i] = (cur[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                cur[i] = (cur[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(cur[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = cur
    return width, height, rows


def near(got, want, tolerance):
    return all(abs(g - w) <= tolerance for g, w in zip(got, want))


def main():
    attnviz = sys.argv[1]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("skipped: no chromium (scripts/deps.sh test installs it)")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="attnviz-render-") as tmp:
        svg, png = os.path.join(tmp, "heat.svg"), os.path.join(tmp, "heat.png")
        script = "\n".join(SESSION + [":export svg " + svg]) + "\n"
        subprocess.run([attnviz, "--batch", "-"], input=script.encode(), check=True,
                       timeout=60)
        root = ET.parse(svg).getroot()
        width, height = int(root.get("width")), int(root.get("height"))
        rects = {r.get("id"): r for r in root.iter(SVG + "rect") if r.get("id")}
        # root as in CI: no sandbox; its profile and crash folders stay in tmp
        env = dict(os.environ, HOME=tmp)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", "--force-device-scale-factor=1",
                        "--user-data-dir=" + os.path.join(tmp, "profile"),
                        "--window-size=%d,%d" % (width, height), "--screenshot=" + png,
                        "file://" + svg],
                       env=env, capture_output=True, timeout=120, check=True)
        w, h, rows = png_pixels(png)
        assert (w, h) == (width, height), "the screenshot is %dx%d, not %dx%d" % (w, h, width, height)

        def at(rect_id, dx, dy):
            r = rects[rect_id]
            return rows[int(r.get("y")) + dy][int(r.get("x")) + dx]

        # a corner of each cell: its number is written in the middle
        checks = [
            ("the weight 1 is the top color", at("c0-0-0", 3, 3), VIRIDIS_TOP),
            ("the weight 0 is the bottom color", at("c0-0-1", 3, 3), VIRIDIS_BOTTOM),
        ]
        bad = 0
        for what, got, want in checks:
            ok = near(got, want, 2)
            bad += not ok
            print("  %-40s %s" % (what, "ok" if ok else "got #%02x%02x%02x, want #%02x%02x%02x"
                                  % (got + want)))
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
