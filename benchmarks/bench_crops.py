"""Fields cropped from a page, beside Tesseract: the API's everyday input.

A user scanning documents often cuts a field out first (an amount, a date, a column of a
table) and hands that to ``ocr.read``.  This benchmark draws such crops from the allowed
sources: one or three lines of 1-10 digits in DejaVu Sans, Sans Bold, Serif and Sans
Mono at 16-80 px, cut 2-20 pixels from the ink, clean or damaged once (noise, gray
ground, inverted, blur, JPEG, uneven light; 128 crops each), and reads them in one call
of ``ocr-recognize --format json`` in auto mode (the default) and in page mode, and with
``tesseract --psm 6`` and a digits whitelist when installed.  Reports the share of crops
read exactly and the character error rate (spaces ignored), per damage.

    python benchmarks/bench_crops.py [--no-tesseract] [--seed 0]
"""
import argparse
import io
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bench_pages import TESS_ENV, score
from ocr.synth import dejavu_fonts

FACES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf")
DAMAGE = ("clean", "noise", "gray", "invert", "blur", "jpeg", "light")


def crop(font, size, texts, margin):
    """``texts`` (lines) printed in ``font`` at ``size`` px, cut ``margin`` px from the ink."""
    face = ImageFont.truetype(font, size)
    step = int(1.25 * size)
    img = Image.new("L", (40 + max(face.getbbox(t)[2] for t in texts), 40 + step * len(texts)), 255)
    draw = ImageDraw.Draw(img)
    for k, text in enumerate(texts):
        draw.text((20, 20 + k * step), text, font=face, fill=0)
    ink = np.asarray(img) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return img.crop((cols[0] - margin, rows[0] - margin, cols[-1] + 1 + margin, rows[-1] + 1 + margin))


def damaged(img, damage, size, rng):
    """``img`` damaged once: gaussian noise, a gray ground, inverted, out of focus, JPEG
    at quality 30, or lit unevenly (half as bright at one side)."""
    a = np.asarray(img, dtype=np.float32) / 255
    if damage == "noise":
        a = a + rng.normal(0, 0.08, a.shape)
    elif damage == "gray":
        a = 0.25 + 0.5 * a
    elif damage == "invert":
        a = 1 - a
    elif damage == "light":
        a = a * (0.55 + 0.45 * np.linspace(0, 1, a.shape[1])[None, :])
    out = Image.fromarray((np.clip(a, 0, 1) * 255).astype(np.uint8))
    if damage == "blur":
        out = out.filter(ImageFilter.GaussianBlur(size / 24))
    elif damage == "jpeg":
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=30)
        out = Image.open(buf)
    return out


def crops(rng):
    """Yield (damage, image, truth): 128 crops per damage."""
    fonts = [f for f in dejavu_fonts() if f.endswith(FACES)]
    if not fonts:
        raise SystemExit("bench_crops.py: DejaVu fonts not found (apt-get install fonts-dejavu-core)")
    for damage in DAMAGE:
        for font in fonts:
            for size in (16, 24, 40, 80):
                for n in (1, 3, 6, 10):
                    for lines in (1, 3):
                        texts = ["".join(map(str, rng.integers(0, 10, n))) for _ in range(lines)]
                        img = crop(font, size, texts, int(rng.integers(2, 21)))
                        yield damage, damaged(img, damage, size, rng), "\n".join(texts)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--no-tesseract", action="store_true", help="leave Tesseract out")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kinds, files, truths = [], [], []
        for i, (damage, img, truth) in enumerate(crops(np.random.default_rng(args.seed))):
            files.append(str(Path(tmp) / f"{i:04d}_{damage}.png"))
            img.save(files[-1])
            kinds.append(damage)
            truths.append(truth)
        readings = {}
        for mode in ("auto", "page"):
            out = subprocess.run(["ocr-recognize", "--mode", mode, "--format", "json", *files],
                                 capture_output=True, text=True).stdout
            readings[f"ocr --mode {mode}"] = [json.loads(line).get("text", "") for line in out.splitlines()]
        if shutil.which("tesseract") and not args.no_tesseract:
            readings["tesseract --psm 6"] = [
                subprocess.run(["tesseract", f, "stdout", "--psm", "6", "-c", "tessedit_char_whitelist=0123456789 "],
                               capture_output=True, text=True, env=TESS_ENV).stdout for f in files]
        print("| crops | tool | exact | CER |")
        print("|---|---|---|---|")
        for damage in DAMAGE + ("all",):
            pick = [i for i, k in enumerate(kinds) if damage in (k, "all")]
            for tool, texts in readings.items():
                got = [texts[i] for i in pick]
                want = [truths[i] for i in pick]
                exact = np.mean(["".join(g.split()) == "".join(w.split()) for g, w in zip(got, want)])
                print(f"| {damage} ({len(pick)}) | {tool} | {exact:.0%} | {score(want, got)[0]:.2%} |")


if __name__ == "__main__":
    main()
