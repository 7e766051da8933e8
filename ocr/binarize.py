"""Grayscale image -> ink: polarity, uneven lighting, contrast and threshold.

The rest of the pipeline only ever sees *ink*: a float map in 0..1 where 1 is the
darkest stroke, plus a boolean mask of the pixels that are ink.  Light-on-dark
images are inverted (ink is the minority), the background is flattened with a
coarse maximum filter so shadows and gray paper drop out, and the threshold is
Otsu's on the flattened image.  Levels come from 256-bin histograms (one pass, no
sort), and the filters are numpy: recognition does not pay for importing scipy.
"""
from dataclasses import dataclass

import numpy as np
from PIL import Image


LEVELS = 256


@dataclass
class Ink:
    """``ink`` (h, w) float32 in 0..1 (1 = full ink) and ``mask`` (h, w) bool."""
    ink: np.ndarray
    mask: np.ndarray

    @classmethod
    def empty(cls, shape):
        return cls(np.zeros(shape, dtype=np.float32), np.zeros(shape, dtype=bool))


def histogram(values, chunk=1 << 20):
    """256-bin histogram of values in 0..1 (bin k holds the values nearest k/255),
    counted a million values at a time so a huge page needs no big temporaries."""
    flat = np.asarray(values, dtype=np.float32).ravel()
    counts = np.zeros(LEVELS, dtype=np.int64)
    for start in range(0, len(flat), chunk):
        q = flat[start:start + chunk] * (LEVELS - 1) + 0.5
        counts += np.bincount(np.clip(q, 0, LEVELS - 1, out=q).astype(np.uint8), minlength=LEVELS)
    return counts


def level(hist, q):
    """The bin of the ``q``-quantile (0..1) of the values a :func:`histogram` counts."""
    cdf = np.cumsum(hist)
    return int(np.searchsorted(cdf, q * cdf[-1]))


def otsu_level(hist):
    """Otsu's cut: the bin k that maximizes the between-class variance of bins <= k and > k."""
    p = hist.astype(np.float64)
    k = np.arange(len(p))
    w0 = np.cumsum(p)
    w1 = w0[-1] - w0
    m0 = np.cumsum(p * k)
    between = w0 * w1 * (m0 / np.maximum(w0, 1e-12) - (m0[-1] - m0) / np.maximum(w1, 1e-12)) ** 2
    return int(np.argmax(between))


def otsu_threshold(values):
    """Otsu's threshold for values in 0..1 (values above it are the brighter class)."""
    return (otsu_level(histogram(values)) + 0.5) / (LEVELS - 1)


def blur(gray):
    """Light gaussian blur (sigma 0.6): a separable 3-tap kernel, edges repeated."""
    k0, k1 = np.float32(0.166), np.float32(0.668)
    p = np.pad(gray, 1, mode="edge")
    rows = k1 * p[1:-1] + k0 * (p[:-2] + p[2:])
    return k1 * rows[:, 1:-1] + k0 * (rows[:, :-2] + rows[:, 2:])


def window_rows(a, size, kind):
    """Max or mean over a centred window of ``size`` rows (edges repeated): (h, w) -> (h, w)."""
    before, after = size // 2, size - 1 - size // 2
    a = np.concatenate([np.repeat(a[:1], before, 0), a, np.repeat(a[-1:], after, 0)])
    if kind == "mean":
        c = np.concatenate([np.zeros((1, a.shape[1])), np.cumsum(a, axis=0, dtype=np.float64)])
        return ((c[size:] - c[:-size]) / size).astype(np.float32)
    span = 1  # a[i] = max of rows i .. i + span - 1, doubling span each step
    while 2 * span <= size:
        a = np.maximum(a[:-span], a[span:])
        span *= 2
    return np.maximum(a[:len(a) - (size - span)], a[size - span:]) if span < size else a


def background(gray, window):
    """Smooth estimate of the paper brightness: a max filter (removes dark ink) then a mean.

    Computed on a copy shrunk so the window is about 8 pixels, then resized back.
    """
    factor = max(1, window // 8)
    small = gray[::factor, ::factor]
    size = max(3, window // factor)
    for kind in ("max", "mean"):
        small = window_rows(window_rows(small, size, kind).T, size, kind).T
    if factor == 1:
        return small
    return np.asarray(Image.fromarray(np.ascontiguousarray(small, dtype=np.float32), mode="F")
                      .resize(gray.shape[::-1], Image.BILINEAR))


def binarize(gray, flatten=True, sparse=False):
    """Ink map and mask of a grayscale image (h, w) in 0..1, either polarity.

    Parameters
    ----------
    gray : (h, w) float array, 0 black .. 1 white
    flatten : remove uneven lighting (slow light gradients, gray paper) first
    sparse : the image is mostly paper (a page): never cut inside the paper's noise,
        which Otsu does when thin strokes are a tiny fraction of the pixels

    Returns
    -------
    Ink
    """
    gray = np.asarray(gray, dtype=np.float32)
    if gray.size == 0:
        return Ink.empty(gray.shape)
    hist = histogram(gray)
    lo, hi = level(hist, 0.005), level(hist, 0.995)
    if hi - lo < 10:  # flat, or a few small characters on much paper: judge by the extremes
        extreme = 20 / gray.size
        lo, hi = level(hist, extreme), level(hist, 1 - extreme)
        if hi - lo < 10:  # under 4% contrast: no ink at all
            return Ink.empty(gray.shape)
    # Paper is the majority, so the median is paper and ink is the far tail: light ink
    # on a dark ground reaches further above the median than below it.  (Counting the
    # pixels on each side of an Otsu cut fails on a noisy page: its cut halves the noise.)
    median = level(hist, 0.5)
    if hi - median > median - lo:
        gray = 1.0 - gray
    if min(gray.shape) >= 48:
        # Scanner noise is finer than strokes at this size; a light blur stops it fragmenting.
        # Once only: blurring a page twice merges the digits of 8-10 pt print at 150 dpi.
        gray = blur(gray)
    if flatten and min(gray.shape) >= 16:
        window = max(9, min(gray.shape) // 4)
        paper = np.maximum(background(gray, window), 1e-3)
        ink = 1.0 - gray / paper
    else:
        paper = max(level(histogram(gray), 0.995) / (LEVELS - 1), 1e-3)
        ink = (paper - gray) / paper
    np.clip(ink, 0.0, 1.0, out=ink)
    # Scale so the stroke cores read 1: a high percentile of the pixels Otsu calls ink
    # (not of the whole image, where a few small digits on a big page are < 0.1%).
    hist = histogram(ink)
    t = otsu_level(hist)
    if sparse:
        median, low = level(hist, 0.5), level(hist, 0.16)  # paper: its spread below the median
        t = max(t, median + 4 * (median - low))
    peak = (t + 1 + level(hist[t + 1:], 0.9)) / (LEVELS - 1) if hist[t + 1:].any() else 0.0
    if peak < 0.04:
        return Ink.empty(gray.shape)
    ink = np.minimum(ink / np.float32(peak), 1.0, dtype=np.float32)
    return Ink(ink, ink > max((t + 0.5) / (LEVELS - 1) / peak, 0.2))
