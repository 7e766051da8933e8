"""Scans of synthetic ink, read back through the recognition pipeline.

:func:`warp` distorts ink geometrically, :func:`scan` and :func:`degrade` turn it into
what a scanner or camera delivers (a small or large grayscale image, either polarity,
low contrast, blur, noise and JPEG damage), and :func:`digit_views` and
:func:`font_views` make the training and evaluation vectors from the ink of
:mod:`ocr.synth`, read back exactly as :meth:`ocr.Recognizer.read_char` reads.
"""
import io

import numpy as np
from PIL import Image
from scipy import ndimage

from .synth import (contrasted, dejavu_fonts, digit_ink, font_ink, pen_ink, slashed, soft_ink,
                    stroked, without_base, wobble)


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
    """``ink`` cut to the rows and columns holding a value over ``level``."""
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


def digit_views(X, y, views, rng, pen=0.5, soft=0.3):
    """``views`` scanned-and-read-back renders of each optdigits vector: ((n*views, 64), labels).

    A fraction ``pen`` of them is drawn with :func:`pen_ink`; of the rest a fraction
    ``soft`` with :func:`soft_ink`, the others with :func:`digit_ink`.
    """
    out = np.zeros((len(X) * views, 64))
    for i, v in enumerate(np.repeat(np.asarray(X), views, axis=0)):
        if rng.uniform() < pen:  # the pen sets its own width: no stroke change on top
            ink = warp(pen_ink(v, int(rng.integers(40, 96)), rng), rng, stroke=0.0)
        elif rng.uniform() < soft:  # gray ramps: the strokes' edge is the binarizer's to find
            ink = warp(soft_ink(v, int(rng.integers(24, 96)), rng), rng, stroke=0.0)
        else:
            ink = warp(digit_ink(v, int(rng.integers(40, 96)), rng), rng)
        out[i] = read_vector(scan(ink, rng))
    return out, np.repeat(np.asarray(y), views)


def pair_views(X, n, rng, pen=0.5):
    """``n`` renders of two random digits of X (optdigits vectors) side by side, from a
    twentieth of their height apart to overlapping by a sixth, scanned and read back as
    one character: (n, 64).  They are no digit: touching digits read whole, which the
    recognizer must not prefer to their cut."""
    out = np.zeros((n, 64))
    for i in range(n):
        size = int(rng.integers(40, 96))
        draw = pen_ink if rng.uniform() < pen else digit_ink
        left, right = (crop(draw(v, size, rng)) for v in X[rng.integers(0, len(X), 2)])
        h = max(left.shape[0], right.shape[0])
        left, right = (np.pad(a, ((0, h - a.shape[0]), (0, 0))) for a in (left, right))
        start = max(1, left.shape[1] - int(rng.uniform(-0.05, 0.17) * size))
        pair = np.zeros((h, max(start + right.shape[1], left.shape[1])), dtype=np.float32)
        pair[:, :left.shape[1]] = left
        span = np.s_[:, start:start + right.shape[1]]
        pair[span] = np.maximum(pair[span], right)
        out[i] = read_vector(scan(warp(pair, rng, stroke=0.0), rng))
    return out


def font_views(per_font, rng, fonts=None):
    """Printed digits 0..9, ``per_font`` damaged renders per digit and font (DejaVu + built-in).

    Half the 1s lose their foot, a fifth of the 0s are slashed, a quarter of all renders
    are redrawn with an even pen and, of the rest but the 1s, 0.3 are given the thin
    hairlines and heavy stems of Times-like faces (:func:`ocr.synth.contrasted`); all
    wobble a little before the affine warp and the scan.
    """
    fonts = dejavu_fonts() + [None] if fonts is None else fonts
    vectors, labels = [], []
    for font in fonts:
        # The built-in font is the only family besides DejaVu's 20-odd faces: weigh it up.
        for d in range(10):
            for _ in range(per_font * (4 if font is None else 1)):
                ink = font_ink(str(d), font, int(rng.integers(32, 96)))
                if d == 1 and rng.uniform() < 0.5:  # most sans faces other than DejaVu have no foot
                    ink = without_base(ink)
                if d == 0 and rng.uniform() < 0.2:
                    ink = slashed(ink, rng)
                if rng.uniform() < 0.25:  # handwriting fonts: printed shapes, even strokes
                    ink = stroked(ink, rng)
                elif d != 1 and rng.uniform() < 0.3:  # Times-like faces: thin hairlines, heavy stems
                    ink = contrasted(ink, rng)
                ink = wobble(np.pad(ink, 4), rng, rng.uniform(0, 0.04))
                ink = warp(ink, rng,
                           rotation=4, shear=0.2, aspect=0.1, stroke=0.25)
                vectors.append(read_vector(scan(ink, rng)))
                labels.append(d)
    return np.array(vectors).reshape(-1, 64), np.array(labels)
