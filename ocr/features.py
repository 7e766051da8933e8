"""One character's ink -> the optdigits 8x8 vector (values 0..16).

This rebuilds the normalization NIST used for the optdigits data set, so that a
scanned character looks to the network like the training digits:

1. crop to the character's ink;
2. scale so the character is 32 pixels tall (aspect ratio kept, at most 32 wide)
   and centre it in a 32x32 box;
3. threshold, then normalize stroke thickness: strokes are grown (or thinned) along
   a signed distance field until ink covers about 30% of the box, as it does for
   every class of the data set;
4. count the ink pixels of each 4x4 block: 8x8 integers in 0..16.

Training (:mod:`ocr.train`) and recognition use these same functions.
"""
import numpy as np
from PIL import Image
from scipy import ndimage

BOX = 32          # NIST's normalized bitmap side
BLOCK = 4         # 4x4 blocks -> 8x8 counts
INK_RANGE = (0.27, 0.36)   # optdigits: 5th..95th percentile of ink coverage is 0.25..0.37
INK_TARGET = 0.305         # its median


def vector(ink, mask=None):
    """The 64-vector of one character.

    Parameters
    ----------
    ink : (h, w) float array in 0..1, 1 = full ink
    mask : (h, w) bool array of the character's pixels, or None for ``ink > 0.5``

    Returns
    -------
    (64,) float64 array of integers in 0..16 (all zero when there is no ink)
    """
    return blocks(normalize(ink, mask)).ravel()


def vectors(items):
    """Stack ``vector(ink, mask)`` for a sequence of (ink, mask) pairs -> (n, 64)."""
    out = np.zeros((len(items), 64))
    for i, (ink, mask) in enumerate(items):
        out[i] = vector(ink, mask)
    return out


def normalize(ink, mask=None):
    """Crop, scale and centre a character into the 32x32 box, stroke-normalized (bool)."""
    ink = np.asarray(ink, dtype=np.float32)
    mask = ink > 0.5 if mask is None else np.asarray(mask, dtype=bool)
    if not mask.any():
        return np.zeros((BOX, BOX), dtype=bool)
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    crop = np.where(mask, ink, 0.0)[r0:r1, c0:c1]
    h, w = crop.shape
    scale = min(BOX / h, BOX / w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    resized = np.asarray(Image.fromarray(crop, mode="F").resize((nw, nh), Image.BILINEAR))
    canvas = np.zeros((BOX, BOX), dtype=np.float32)
    top, left = (BOX - nh) // 2, (BOX - nw) // 2
    canvas[top:top + nh, left:left + nw] = resized
    peak = canvas.max()
    if peak <= 0:
        return np.zeros((BOX, BOX), dtype=bool)
    canvas /= peak
    return normalize_stroke(canvas)


def normalize_stroke(canvas):
    """Binary 32x32 character whose ink coverage lies in ``INK_RANGE``.

    Pixels are ranked by signed distance to the stroke edge (inside negative),
    ties broken by ink darkness, and the first ``n`` are ink: growing or thinning
    every stroke evenly, never moving the character.
    """
    binary = canvas >= 0.5
    if not binary.any():
        binary = canvas >= canvas.max() / 2
    n_ink = int(binary.sum())
    lo, hi = (int(f * canvas.size) for f in INK_RANGE)
    if lo <= n_ink <= hi:
        return binary
    target = int(INK_TARGET * canvas.size) if n_ink < lo else hi
    signed = ndimage.distance_transform_edt(~binary) - ndimage.distance_transform_edt(binary)
    order = np.lexsort((-canvas.ravel(), signed.ravel()))
    out = np.zeros(canvas.size, dtype=bool)
    out[order[:target]] = True
    return out.reshape(canvas.shape)


def blocks(binary):
    """Count ink per 4x4 block: (32, 32) bool -> (8, 8) float in 0..16."""
    side = BOX // BLOCK
    return binary.reshape(side, BLOCK, side, BLOCK).sum(axis=(1, 3)).astype(np.float64)
