#!/usr/bin/env python3
"""Print the HTML handout to PDF with headless Chromium, as a reader would with a browser's
"Save as PDF", and check what came out: A4 pages, one per slide and then the plan's text, with
dark text on a light page (no presenter's clock, no key hints).

Not run by CI (it needs Chromium and poppler-utils):

    apt-get install -y chromium poppler-utils
    cargo build --release
    python3 benches/print_handout.py [--bin target/*/release/gongshu] [--keep DIR] [-- EXPORT ARGS]

Arguments after `--` go to `gongshu export` (e.g. `-- --lang en --spotlight 金融`). Prints the
figures for every page and exits 1 if a check fails.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A4 landscape in points, as the handout's `@page` asks.
A4 = (841.9, 595.3)
# Grey levels (0 black, 255 white) at 40 dpi.
DARK = 96
# A page of text is nearly all paper; a slide has the map's fills on it too.
TEXT_PAGE_MEAN = 225
SLIDE_PAGE_MEAN = 170
# The left third of a slide (its number, name and text) is paper with dark text on it.
SLIDE_TEXT_MEAN = 215


def fail(msg):
    print(f"FAIL: {msg}")
    return 1


def binary(given):
    if given:
        return given
    # Cargo builds under target/<host triple>/ (see .cargo/config.toml), or target/ itself.
    for kind in ("release", "debug"):
        found = sorted(glob.glob(os.path.join(ROOT, "target", "*", kind, "gongshu")))
        found.append(os.path.join(ROOT, "target", kind, "gongshu"))
        for path in found:
            if os.path.exists(path):
                return path
    sys.exit("no gongshu binary: run `cargo build --release` or give --bin")


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("no Chromium: apt-get install -y chromium")


def pgm(path):
    """A binary PGM (P5, 8 bits) as (width, height, bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    fields = []
    i = 0
    while len(fields) < 4:
        while data[i : i + 1].isspace():
            i += 1
        if data[i : i + 1] == b"#":
            i = data.index(b"\n", i) + 1
            continue
        j = i
        while not data[j : j + 1].isspace():
            j += 1
        fields.append(data[i:j])
        i = j
    magic, w, h, top = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P5" or top != 255:
        raise ValueError(f"{path}: not an 8-bit binary PGM")
    return w, h, data[i + 1 : i + 1 + w * h]


def figures(w, h, pixels, x0=0.0, x1=1.0):
    """Mean grey and the share of dark pixels, over the columns from x0 to x1 (fractions)."""
    a, b = int(w * x0), int(w * x1)
    total = dark = count = 0
    for y in range(h):
        row = pixels[y * w + a : y * w + b]
        total += sum(row)
        dark += sum(1 for p in row if p < DARK)
        count += len(row)
    return total / count, dark / count


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin")
    ap.add_argument("--keep", help="keep the HTML, PDF and page images in this directory")
    ap.add_argument("export_args", nargs="*")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="gongshu-print-")
    os.makedirs(work, exist_ok=True)
    html = os.path.join(work, "handout.html")
    pdf = os.path.join(work, "handout.pdf")

    subprocess.run(
        [binary(args.bin), "export", "--format", "html", "--out", html, *args.export_args],
        check=True,
    )
    with open(html, encoding="utf-8") as f:
        page = f.read()
    slides = page.count('<section class="slide"')
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            "file://" + os.path.abspath(html),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    size = (float(size.group(1)), float(size.group(2)))

    def text_of(n):
        return subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", pdf, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    text_pages = pages - slides
    print(f"handout: {slides} slides, {pages} pages ({text_pages} of text), page {size[0]:.0f} x {size[1]:.0f} pt")
    failures = 0
    if abs(size[0] - A4[0]) > 2 or abs(size[1] - A4[1]) > 2:
        failures += fail(f"pages are {size}, not A4 landscape")
    if text_pages < 1:
        failures += fail("no page of text after the slides")
    # The text starts on the page after the last slide, with the plan's title.
    title = re.search(r"<h1>(.*?)</h1>", page).group(1)
    first_words = " ".join(text_of(slides + 1).split())
    if " ".join(title.split()[:2]) not in first_words:
        failures += fail(f"page {slides + 1} does not start the text ({title!r})")
    last = re.findall(r"<li>(.*?) \(", page)[-1]
    if last.split()[0] not in text_of(pages):
        failures += fail(f"the last page lacks the last related reading ({last!r})")

    subprocess.run(["pdftoppm", "-gray", "-r", "40", pdf, os.path.join(work, "page")], check=True)
    images = sorted(f for f in os.listdir(work) if f.startswith("page") and f.endswith(".pgm"))
    if len(images) != pages:
        failures += fail(f"{len(images)} page images for {pages} pages")
    print(f"{'page':>4}  {'kind':5}  {'mean':>5}  {'dark %':>6}  {'left mean':>9}")
    for n, name in enumerate(images, start=1):
        w, h, pixels = pgm(os.path.join(work, name))
        mean, dark = figures(w, h, pixels)
        kind = "slide" if n <= slides else "text"
        words = text_of(n)
        for leftover in ("00:0", "PgDn", "PgUp"):
            if leftover in words:
                failures += fail(f"page {n} shows the presenter's {leftover!r}")
        left = ""
        if kind == "slide":
            lmean, ldark = figures(w, h, pixels, 0.0, 1 / 3)
            left = f"{lmean:9.1f}"
            if mean < SLIDE_PAGE_MEAN or lmean < SLIDE_TEXT_MEAN or ldark <= 0:
                failures += fail(f"page {n}: not dark text on a light page")
        elif mean < TEXT_PAGE_MEAN or dark <= 0.001:
            failures += fail(f"page {n}: not dark text on a light page")
        print(f"{n:4}  {kind:5}  {mean:5.1f}  {dark * 100:6.2f}  {left}")
    print(f"files in {work}" if args.keep else "")
    if not args.keep:
        shutil.rmtree(work)
    print("ok" if failures == 0 else f"{failures} checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
