"""Gray-level statistics of an image: 256-bin histograms and what is read from them.

Levels come from 256-bin histograms counted in one pass (no sort): a quantile
(:func:`level`), the dark and light ends (:func:`tails`) and Otsu's cut
(:func:`otsu_level`; its two classes, :func:`otsu_classes`).  A page's paper is judged
by its middle (:func:`middle`), and a big page's levels on every other pixel
(:func:`sampled`).
"""
import numpy as np

LEVELS = 256


def histogram(values, chunk=1 << 16):
    """256-bin histogram of values in 0..1 (bin k holds the values nearest k/255).

    Counted 65536 values at a time in two reused buffers: a page's histograms were a
    quarter of its reading time, spent mostly making page-sized temporaries and in
    ``np.bincount`` converting narrow indices itself (intp ones it takes as they are).
    """
    flat = np.asarray(values, dtype=np.float32).ravel()
    counts = np.zeros(LEVELS, dtype=np.int64)
    scaled = np.empty(min(chunk, len(flat)), dtype=np.float32)
    index = np.empty(len(scaled), dtype=np.intp)
    for start in range(0, len(flat), chunk):
        part = flat[start:start + chunk]
        q, i = scaled[:len(part)], index[:len(part)]
        np.multiply(part, LEVELS - 1, out=q)
        q += 0.5
        np.clip(q, 0, LEVELS - 1, out=q)
        i[...] = q  # truncates, as astype would
        counts += np.bincount(i, minlength=LEVELS)
    return counts


def level(hist, q):
    """The bin of the ``q``-quantile (0..1) of the values a :func:`histogram` counts."""
    cdf = np.cumsum(hist)
    return int(np.searchsorted(cdf, q * cdf[-1]))


def tails(hist):
    """The dark and light ends (bins) of the values a :func:`histogram` counts: the 0.5%
    and 99.5% quantiles, or where those lie within 10 bins (flat, or a few small
    characters on much paper) the 20th darkest and lightest values."""
    lo, hi = level(hist, 0.005), level(hist, 0.995)
    if hi - lo < 10:
        extreme = 20 / max(1, hist.sum())
        lo, hi = level(hist, extreme), level(hist, 1 - extreme)
    return lo, hi


def otsu_level(hist):
    """Otsu's cut: the bin k that maximizes the between-class variance of bins <= k and > k."""
    return otsu_classes(hist)[0]


def otsu_classes(hist):
    """Otsu's cut k and its two classes, bins <= k and > k: ``(k, (dark, light) shares of
    the pixels, (dark, light) mean bins)``."""
    p = hist.astype(np.float64)
    k = np.arange(len(p))
    w0 = np.cumsum(p)
    w1 = w0[-1] - w0
    m0 = np.cumsum(p * k)
    dark, light = m0 / np.maximum(w0, 1e-12), (m0[-1] - m0) / np.maximum(w1, 1e-12)
    cut = int(np.argmax(w0 * w1 * (dark - light) ** 2))
    total = max(w0[-1], 1e-12)
    return cut, (w0[cut] / total, w1[cut] / total), (dark[cut], light[cut])


def otsu_threshold(values):
    """Otsu's threshold for values in 0..1 (values above it are the brighter class)."""
    return (otsu_level(histogram(values)) + 0.5) / (LEVELS - 1)


def rim(a, depth=1):
    """The pixels of the ``depth`` rows and columns lining an image's edge, (depth (2h + 2w),)."""
    return np.concatenate([a[:depth].ravel(), a[-depth:].ravel(), a[:, :depth].ravel(), a[:, -depth:].ravel()])


def middle(gray):
    """The middle 80% of an image both ways: a page without what lies around it."""
    h, w = gray.shape
    return gray[h // 10:h - h // 10, w // 10:w - w // 10]


def sampled(gray, most=1 << 20):
    """Every other pixel both ways of an image over ``most`` pixels: as good for the
    paper's levels, and a page's histogram costs time (most pixels fall in a few bins)."""
    return gray[::2, ::2] if gray.size > most else gray
