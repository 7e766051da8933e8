"""Make the project's own evaluation images (and the shipped samples) from allowed sources.

Sources: the 15% of scikit-learn's digits that the shipped model held out (the
data set's last writers, as ``ocr-train`` holds them out), the DejaVu fonts and Pillow's
built-in font.  Nothing here comes from held-out data sets or other font families.

    python benchmarks/generate.py [--out benchmarks/data] [--chars 300] [--pages 8]

writes ``chars/<set>/<i>_<label>.png`` for the sets ``printed`` (DejaVu and the
built-in font), ``handwriting`` (held-out dataset digits drawn large as bold
shapes, distorted) and ``pen`` (the same digits thinned and redrawn as pen
strokes), each with scan damage and some light-on-dark, and ``pages/<i>_<kind>.png``
(the same three kinds; ``touching``: handwriting and pen digits that touch or
overlap their neighbours; ``ruled``: the three kinds in turn on lined paper; ``small``:
the three kinds in turn at small sizes; ``enlarged``: the held-out 8x8 digits merely
resized, no pen; ``close``: the three kinds in turn with lines set close together;
``worn``: the three kinds in turn scanned with 1.6 times the damage: fainter ink, more
grain, blur, specks and a darker corner)
with the ground truth in ``.txt`` beside each.
``--samples`` rewrites ``samples/`` instead.
"""
import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

from ocr import scans, synth
from ocr.train import held_out_writers

A4_150DPI = (1240, 1754)
# The handwriting made here is drawn from the digits ``ocr-train`` holds out, and the shipped
# model is refit on every digit afterwards: what it scores here is memory, not reading.  The
# benchmarks measure these images with the networks ``ocr-train --held-out-model`` wrote
# before the refit.
HELD_OUT_MODEL = Path(__file__).parent / "held-out.npz"
KINDS = ("printed", "handwriting", "pen")
# Handwritten digits set from 8% of the line's height apart down to overlapping by 8%: in
# real handwriting neighbours touch, which the other kinds (always a gap) never show.
TOUCHING_GAP = (-0.08, 0.08)
# "small" pages: 8 to 15 pt print at 150 dpi; handwriting 3 to 5 mm tall.
SMALL_SIZES = {"printed": (12, 23), "handwriting": (18, 31), "pen": (18, 31)}
# "enlarged" pages: the 8x8 digits merely resized, as a generator without a pen would draw
# them; each digit with one of these (blocky squares of gray, or smooth gray ramps).
ENLARGE = (Image.NEAREST, Image.BILINEAR, Image.BICUBIC)
# "close" pages: lines set this close (in line heights; single-spaced print is about 0.6),
# so that a tall digit's foot may touch the head of the one below after skew and blur.
CLOSE_SPACING = (0.15, 0.5)
# "worn" pages: a light, grainy copy of a copy (the damage 1.6 times the others').
WORN_DAMAGE = 1.6
# Handwritten digits are drawn at least this tall and shrunk to their line: a pen's path
# thinned from a 24-pixel shape is jagged and loses strokes (a 3 becomes a ")"), which no
# writer's pen does.
DRAW_HEIGHT = 96


def held_out_digits(fraction=0.15):
    """The digits ``ocr-train`` holds out: the data set's last writers."""
    from sklearn.datasets import load_digits
    X, y = load_digits(return_X_y=True)
    held = held_out_writers(len(y), fraction)
    return X[held], y[held]


def char_images(kind, n, rng, X, y, fonts):
    """(image, label) pairs of one character each."""
    out = []
    for i in range(n):
        label = int(rng.integers(0, 10)) if kind == "printed" else int(y[i % len(y)])
        if kind == "printed":
            font = fonts[int(rng.integers(0, len(fonts)))]
            ink = scans.warp(synth.font_ink(str(label), font, 64), rng, rotation=4, shear=0.15, aspect=0.1, stroke=0.2)
        else:
            draw = synth.pen_ink if kind == "pen" else synth.digit_ink
            ink = scans.warp(draw(X[i % len(X)], int(rng.integers(48, 96)), rng), rng,
                             stroke=0.0 if kind == "pen" else 0.3)
        out.append((scans.scan(ink, rng), label))
    return out


def line_ink(groups, size, kind, rng, X, y, font, gap=(0.12, 0.3)):
    """Ink of one text line of digit groups, ``size`` pixels tall, and its text.

    Handwritten digits are set ``gap`` (a range, in line heights) apart; below 0 they overlap.
    """
    text = " ".join(groups)
    if kind == "printed":
        f = ImageFont.truetype(font, int(size * 1.4)) if font else ImageFont.load_default(int(size * 1.4))
        left, top, right, bottom = f.getbbox(text)
        img = Image.new("L", (right - left + 4, bottom - top + 4), 0)
        ImageDraw.Draw(img).text((2 - left, 2 - top), text, font=f, fill=255)
        return np.asarray(img, dtype=np.float32) / 255.0, text
    draw = synth.pen_ink if kind == "pen" else synth.digit_ink
    if kind == "enlarged":
        resample = ENLARGE[int(rng.integers(0, len(ENLARGE)))]
    placed, x = [], 0  # (ink, left edge); neighbours may overlap when ``gap`` goes below 0
    for gi, group in enumerate(groups):
        if gi:
            x += int(size * rng.uniform(0.9, 1.4))
        for ch in group:
            if kind == "touching":
                draw = synth.pen_ink if rng.uniform() < 0.5 else synth.digit_ink
            choices = np.flatnonzero(y == int(ch))
            if kind == "enlarged":
                h = int(size * rng.uniform(0.85, 1.0))
                ink = enlarged(X[rng.choice(choices)], h, resample)
            else:
                ink = scans.warp(draw(X[rng.choice(choices)], max(size, DRAW_HEIGHT), rng), rng, rotation=5,
                                 stroke=0.0 if draw is synth.pen_ink else 0.2)
                h = int(size * rng.uniform(0.85, 1.0))
                ink = np.asarray(Image.fromarray(ink.astype(np.float32)).resize(
                    (max(1, round(ink.shape[1] * h / ink.shape[0])), h)))
            top = int(rng.integers(0, size - h + 1))
            placed.append((np.pad(ink, ((top, size - h - top), (0, 0))), x))
            x += ink.shape[1] + int(size * rng.uniform(*gap))
    x = max(x, max(left + ink.shape[1] for ink, left in placed))
    line = np.full((size, x), -np.inf, dtype=np.float32)  # the resized ink rings below 0: keep it
    for ink, left in placed:
        np.maximum(line[:, left:left + ink.shape[1]], ink, out=line[:, left:left + ink.shape[1]])
    return np.where(np.isinf(line), 0.0, line), text


def enlarged(vector, height, resample):
    """An optdigits vector (64,) resized to ``height`` pixels square with ``resample``, cut to
    its ink's columns: (height, w) float32 in 0..1."""
    img = Image.fromarray((np.asarray(vector).reshape(8, 8) * (255 / 16)).astype(np.uint8))
    ink = np.asarray(img.resize((height, height), resample), dtype=np.float32) / 255.0
    cols = np.flatnonzero(ink.max(axis=0) > 0.05)
    return ink[:, cols[0]:cols[-1] + 1] if len(cols) else ink


def page_image(kind, rng, X, y, fonts, damage=1.0, ruled=False, sizes=(22, 56), spacing=(0.8, 2.5)):
    """A scan-like A4 page at 150 dpi with 4 to 8 lines of digit groups -> (image, text).

    ``ruled``: lined paper, each line written on a rule across the page (touching the
    digits' feet).  Each line is between ``sizes`` pixels tall (a digit about as tall),
    and the next one ``spacing`` (a range, in that height) below it."""
    w, h = A4_150DPI
    canvas = np.zeros((h, w), dtype=np.float32)
    font = fonts[int(rng.integers(0, len(fonts)))]
    top, lines = int(rng.integers(80, 200)), []
    for _ in range(int(rng.integers(4, 9))):
        size = int(rng.integers(*sizes))
        groups = ["".join(rng.choice(list("0123456789"), int(rng.integers(1, 9))))
                  for _ in range(int(rng.integers(1, 5)))]
        ink, text = line_ink(groups, size, kind, rng, X, y, font,
                             gap=TOUCHING_GAP if kind == "touching" else (0.12, 0.3))
        if ink.shape[1] > w - 200:  # too long for the page: write it smaller, never cut it
            scale = (w - 200) / ink.shape[1]
            ink = np.asarray(Image.fromarray(ink.astype(np.float32)).resize(
                (w - 200, max(1, round(ink.shape[0] * scale))), Image.BILINEAR))
        left = int(rng.integers(60, max(61, w - ink.shape[1] - 60)))
        if top + ink.shape[0] >= h - 80:
            break
        region = canvas[top:top + ink.shape[0], left:left + ink.shape[1]]
        np.maximum(region, ink[: region.shape[0], : region.shape[1]], out=region)
        if ruled:
            base = top + int(np.flatnonzero((ink > 0.5).any(axis=1))[-1]) - int(rng.integers(0, 2))
            rule = canvas[base:base + int(rng.integers(1, 4)), 30:w - 30]
            np.maximum(rule, rng.uniform(0.5, 1.0), out=rule)
        lines.append(text)
        top += int(ink.shape[0] + size * rng.uniform(*spacing))
    canvas = ndimage.rotate(canvas, rng.uniform(-1.5, 1.5), reshape=False, order=1)
    return scans.degrade(np.clip(canvas, 0, 1), rng, damage, invert=False), "\n".join(lines)


def write_samples(root, X, y, fonts):
    rng = np.random.default_rng(2026)
    root.mkdir(exist_ok=True)
    dejavu = [f for f in fonts if f and "DejaVuSans.ttf" in f] or fonts
    ink = synth.font_ink("7", dejavu[0], 96)
    scans.scan(ink, rng, height=96, damage=0.4, invert=False).save(root / "printed-7.png")
    ink = scans.warp(synth.digit_ink(X[np.flatnonzero(y == 4)[0]], 96, rng), rng)
    scans.scan(ink, rng, height=96, damage=0.4, invert=False).save(root / "handwritten-4.png")
    ink = synth.font_ink("3", dejavu[0], 64)
    scans.scan(ink, rng, height=40, damage=0.3, invert=True).save(root / "inverted-3.png")
    img, text = page_image("printed", rng, X, y, dejavu, damage=0.6)
    img.save(root / "page.png")
    (root / "page.txt").write_text(text + "\n")
    img, text = page_image("handwriting", rng, X, y, fonts, damage=0.6)
    img.save(root / "handwritten-page.png")
    (root / "handwritten-page.txt").write_text(text + "\n")
    img, text = page_image("pen", rng, X, y, fonts, damage=0.6)
    img.save(root / "pen-page.png")
    (root / "pen-page.txt").write_text(text + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    p.add_argument("--chars", type=int, default=300, help="images per character set")
    p.add_argument("--pages", type=int, default=8, help="pages per kind (printed, handwriting, pen, touching, ruled)")
    p.add_argument("--samples", action="store_true", help="rewrite samples/ and stop")
    args = p.parse_args()
    X, y = held_out_digits()
    fonts = synth.dejavu_fonts() + [None]
    if args.samples:
        write_samples(Path(__file__).parent.parent / "samples", X, y, fonts)
        return
    rng = np.random.default_rng(12345)
    for kind in KINDS:
        folder = args.out / "chars" / kind
        folder.mkdir(parents=True, exist_ok=True)
        for i, (img, label) in enumerate(char_images(kind, args.chars, rng, X, y, fonts)):
            img.save(folder / f"{i:04d}_{label}.png")
    pages = args.out / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    n = 0
    # A stream of their own (since 2026-12-06's eighth session; before, the characters' went
    # on into the pages): a renderer change that moves the characters' ink, and with it the
    # draws of their scan damage, no longer makes every page a different one.
    rng = np.random.default_rng(11235)
    for i in range(len(KINDS) * args.pages):
        kind = KINDS[i % len(KINDS)]
        n = save_page(pages, n, kind, *page_image(kind, rng, X, y, fonts))
    # Added later, each from a stream of its own so that the pages above stay as they were.
    rng = np.random.default_rng(54321)
    for i in range(args.pages):
        n = save_page(pages, n, "touching", *page_image("touching", rng, X, y, fonts))
    rng = np.random.default_rng(67890)
    for i in range(args.pages):
        n = save_page(pages, n, "ruled", *page_image(KINDS[i % len(KINDS)], rng, X, y, fonts, ruled=True))
    rng = np.random.default_rng(24680)
    for i in range(args.pages):
        kind = KINDS[i % len(KINDS)]
        n = save_page(pages, n, "small", *page_image(kind, rng, X, y, fonts, sizes=SMALL_SIZES[kind]))
    rng = np.random.default_rng(13579)
    for i in range(args.pages):
        n = save_page(pages, n, "enlarged", *page_image("enlarged", rng, X, y, fonts))
    rng = np.random.default_rng(97531)
    for i in range(args.pages):
        kind = KINDS[i % len(KINDS)]
        n = save_page(pages, n, "close", *page_image(kind, rng, X, y, fonts, spacing=CLOSE_SPACING))
    rng = np.random.default_rng(86420)
    for i in range(args.pages):
        kind = KINDS[i % len(KINDS)]
        n = save_page(pages, n, "worn", *page_image(kind, rng, X, y, fonts, damage=WORN_DAMAGE))
    print(f"wrote {len(KINDS) * args.chars} characters and {n} pages under {args.out}")


def save_page(folder, n, name, img, text):
    """Write page number ``n`` as ``<n>_<name>.png`` with its text beside it; the next number."""
    img.save(folder / f"{n:03d}_{name}.png")
    (folder / f"{n:03d}_{name}.txt").write_text(text + "\n")
    return n + 1


if __name__ == "__main__":
    main()
