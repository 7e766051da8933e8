"""Synthetic character images from the allowed sources, for training and evaluation.

Two kinds of clean high-resolution ink, both as float maps in 0..1 (1 = ink):

* :func:`digit_ink`: an optdigits 8x8 digit drawn back at high resolution (a smooth
  spline of the block counts, cut at a random level so stroke width varies);
* :func:`font_ink`: a digit rendered with a TrueType font (DejaVu) or Pillow's
  built-in font.

:func:`warp` distorts ink geometrically and :func:`scan` turns ink into what a
scanner or camera delivers: a small or large grayscale image, either polarity,
low contrast, blur, noise and JPEG damage.
"""
import glob
import io
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
             "/usr/local/share/fonts", os.path.expanduser("~/.fonts"))


def dejavu_fonts():
    """Paths of the installed DejaVu TrueType fonts (sorted; possibly empty)."""
    found = set()
    for d in FONT_DIRS:
        found.update(glob.glob(os.path.join(d, "DejaVu*.ttf")))
    return sorted(found)


def digit_ink(vector, size, rng):
    """High-resolution ink of an optdigits vector (64,) in 0..16, ``size`` pixels tall."""
    img = np.pad(np.asarray(vector, dtype=np.float64).reshape(8, 8) / 16.0, 1)
    zoomed = ndimage.zoom(img, size / 8.0, order=3, grid_mode=True, mode="grid-constant")
    level = rng.uniform(0.3, 0.6)
    softness = 0.08
    return np.clip((zoomed - level) / softness + 0.5, 0.0, 1.0).astype(np.float32)


def font_ink(char, font, size):
    """Ink of ``char`` rendered ``size`` pixels tall; ``font`` is a path or None (built-in)."""
    f = ImageFont.truetype(font, size) if font else ImageFont.load_default(size)
    left, top, right, bottom = f.getbbox(char)
    img = Image.new("L", (right - left + 4, bottom - top + 4), 0)
    ImageDraw.Draw(img).text((2 - left, 2 - top), char, font=f, fill=255)
    return np.asarray(img, dtype=np.float32) / 255.0


def warp(ink, rng, rotation=6.0, shear=0.25, aspect=0.15, stroke=0.3):
    """Random affine distortion and stroke-width change of an ink map (padded to fit)."""
    h, w = ink.shape
    pad = int(0.3 * max(h, w)) + 2
    ink = np.pad(ink, pad)
    a = np.deg2rad(rng.uniform(-rotation, rotation))
    s = rng.uniform(-shear, shear)
    ax = np.exp(rng.uniform(-aspect, aspect))
    cos, sin = np.cos(a), np.sin(a)
    matrix = np.array([[cos, -sin], [sin + s * cos, (cos - s * sin) * ax]])
    centre = np.array(ink.shape) / 2
    out = ndimage.affine_transform(ink, matrix, offset=centre - matrix @ centre, order=1)
    width = rng.uniform(-stroke, stroke) * max(h, w) / 16
    if abs(width) >= 0.5:
        k = int(round(abs(width)))
        op = ndimage.grey_dilation if width > 0 else ndimage.grey_erosion
        out = op(out, size=(2 * k + 1, 2 * k + 1)) if k else out
    return crop(out)


def crop(ink, level=0.05):
    rows, cols = np.flatnonzero(ink.max(1) > level), np.flatnonzero(ink.max(0) > level)
    if not len(rows):
        return ink
    return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def scan(ink, rng, height=None, damage=1.0, invert=None):
    """Grayscale uint8 image of ``ink`` as a scan: size, margin, polarity and damage.

    ``damage`` scales all degradations (0 = clean); ``invert`` forces the polarity.
    """
    height = int(height or rng.choice([12, 16, 20, 28, 40, 64, 100, 200]))
    h, w = ink.shape
    width = max(1, int(round(w * height / h)))
    img = np.asarray(Image.fromarray((ink * 255).astype(np.uint8)).resize((width, height), Image.LANCZOS),
                     dtype=np.float32) / 255.0
    m = [int(rng.integers(2, max(3, height // 2))) for _ in range(4)]
    img = np.pad(img, ((m[0], m[1]), (m[2], m[3])))
    return degrade(img, rng, damage, blur_scale=max(1.0, height / 28), invert=invert)


def degrade(ink, rng, damage=1.0, blur_scale=1.0, invert=None):
    """Ink map -> damaged grayscale PIL image: paper tone, faded ink, uneven light, blur,
    noise, specks, sometimes light-on-dark, sometimes JPEG."""
    paper = rng.uniform(0.75, 1.0) if damage else 1.0
    dark = rng.uniform(0.0, 0.45) * damage
    gray = paper - ink * (paper - dark)
    if damage:
        yy, xx = np.mgrid[0:gray.shape[0], 0:gray.shape[1]] / max(gray.shape)
        gray = gray * (1 - rng.uniform(0, 0.25 * damage) * (rng.uniform() * yy + rng.uniform() * xx))
        blur = rng.uniform(0, 0.9 * damage) * blur_scale
        gray = ndimage.gaussian_filter(gray, blur) if blur > 0.2 else gray
        gray = gray + rng.normal(0, rng.uniform(0, 0.08 * damage), gray.shape)
        if rng.uniform() < 0.3 * damage:
            specks = rng.uniform(size=gray.shape) < 0.004
            gray[specks] = rng.uniform(0, 1, specks.sum())
    if invert if invert is not None else rng.uniform() < 0.15 * damage:
        gray = 1.0 - gray
    out = Image.fromarray((np.clip(gray, 0, 1) * 255).astype(np.uint8))
    if damage and rng.uniform() < 0.4:
        buf = io.BytesIO()
        out.save(buf, format="JPEG", quality=int(rng.integers(25, 85)))
        out = Image.open(buf)
        out.load()
    return out


def read_vector(image):
    """The recognition pipeline's vector (64,) for a one-character PIL image."""
    from .io import to_gray  # the same calls ocr.Recognizer.read_char makes
    from .segment import char_glyph
    from .features import vector
    glyph = char_glyph(to_gray(image))
    return vector(glyph.ink, glyph.mask) if glyph is not None else np.zeros(64)


def digit_views(X, y, views, rng):
    """``views`` scanned-and-read-back renders of each optdigits vector: ((n*views, 64), labels)."""
    out = np.zeros((len(X) * views, 64))
    for i, v in enumerate(np.repeat(np.asarray(X), views, axis=0)):
        ink = warp(digit_ink(v, int(rng.integers(40, 96)), rng), rng)
        out[i] = read_vector(scan(ink, rng))
    return out, np.repeat(np.asarray(y), views)


def font_views(per_font, rng, fonts=None):
    """Printed digits 0..9, ``per_font`` damaged renders per digit and font (DejaVu + built-in)."""
    fonts = dejavu_fonts() + [None] if fonts is None else fonts
    vectors, labels = [], []
    for font in fonts:
        for d in range(10):
            for _ in range(per_font):
                ink = warp(font_ink(str(d), font, int(rng.integers(32, 96))), rng,
                           rotation=4, shear=0.2, aspect=0.1, stroke=0.25)
                vectors.append(read_vector(scan(ink, rng)))
                labels.append(d)
    return np.array(vectors).reshape(-1, 64), np.array(labels)
