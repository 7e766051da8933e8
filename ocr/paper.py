"""The paper under a page's ink: its light, its shade, and the ink map they leave.

:func:`ink_of` turns a grayscale image into an ink map, 1 - gray / paper, where the
paper is estimated with a coarse closing (:func:`background`: a maximum filter, which
drops the ink, then a minimum and a mean, which bring back a slope of light) so that
shadows, gray paper and uneven light drop out, and on a page the shade of a fold down
or across it is divided out (:func:`without_folds`).  :mod:`ocr.binarize` cuts the ink map.  The
filters are numpy (recognition does not pay for importing scipy).
"""
import numpy as np

from .levels import LEVELS, histogram, level
from .surrounds import without_lid

# A fold down (across) a page: 5-40 columns (rows), under 3% of the page, whose ink but in
# a tenth of the rows (columns) is 0.05 over the page's others, 0.15 to 0.6 at the deepest
# (a rule or a grid line is a pixel or two, a shadow far wider, a stroke darker); sampled
# 1 row (column) in 16.
FOLD_WIDTH, FOLD_SHARE, FOLD_EDGE, FOLD_CLEAR, FOLD_ROWS = (5, 40), 0.03, 0.05, 0.1, 16
FOLD_DEPTH = (0.15, 0.6)
GRAIN = 2  # pixels round each sample of the paper averaged: the paper, not its grain


LIGHT = (0.668, 0.166)           # blur's default kernel, centre outwards: sigma 0.58
BINOMIAL = (6 / 16, 4 / 16, 1 / 16)  # [1 4 6 4 1] / 16: sigma 1 in one pass


def blur(gray, strip=64, kernel=LIGHT):
    """Light gaussian blur (sigma 0.6): a separable 3-tap kernel, edges repeated.

    ``kernel`` is any symmetric one, its weights from the centre outwards
    (``BINOMIAL``: sigma 1).  Done ``strip`` rows at a time (each with the rows above
    and below it): a strip's temporaries stay in the cache, where page-sized ones cost
    more than the arithmetic (twice the time on a page).
    """
    weights = [np.float32(k) for k in kernel]
    r, h = len(weights) - 1, gray.shape[0]
    out = np.empty(gray.shape, dtype=np.float32)
    for top in range(0, h, strip):
        bottom = min(h, top + strip)
        above, below = min(r, top), min(r, h - bottom)
        p = np.pad(gray[top - above:bottom + below], ((r - above, r - below), (r, r)), mode="edge")
        rows = along(p, weights, axis=0)
        along(rows, weights, axis=1, out=out[top:bottom])
    return out


def along(a, weights, axis, out=None):
    """A symmetric kernel (``weights`` from the centre outwards, radius r >= 1) applied along
    ``axis`` of ``a``, whose ends are padding: the result is 2r shorter along it.  The
    centre is scaled in place and added last (``a`` is scratch), as blur always did."""
    r = len(weights) - 1
    n = a.shape[axis] - 2 * r

    def shifted(offset):
        index = [slice(None)] * a.ndim
        index[axis] = slice(r + offset, r + offset + n)
        return a[tuple(index)]

    out = np.add(shifted(-1), shifted(1), out=out)
    out *= weights[1]
    for i in range(2, r + 1):
        pair = np.add(shifted(-i), shifted(i))
        pair *= weights[i]
        out += pair
    centre = shifted(0)
    centre *= weights[0]
    out += centre
    return out


def window_rows(a, size, kind, odd=False):
    """Max, min or mean over a centred window of ``size`` rows: (h, w) -> (h, w).

    Beyond the edges rows are repeated, or with ``odd`` point-reflected through the
    edge row (2 a[0] - a[k]: a slope of light goes on as a slope).
    """
    if kind == "min":
        return -window_rows(-a, size, "max", odd)
    before, after = size // 2, size - 1 - size // 2
    if odd and len(a) > 1:
        a = np.pad(a, ((before, after), (0, 0)), mode="reflect", reflect_type="odd")
    else:
        a = np.concatenate([np.repeat(a[:1], before, 0), a, np.repeat(a[-1:], after, 0)])
    if kind == "mean":
        c = np.concatenate([np.zeros((1, a.shape[1])), np.cumsum(a, axis=0, dtype=np.float64)])
        return ((c[size:] - c[:-size]) / size).astype(np.float32)
    span = 1  # a[i] = max of rows i .. i + span - 1, doubling span each step
    while 2 * span <= size:
        a = np.maximum(a[:-span], a[span:])
        span *= 2
    return np.maximum(a[:len(a) - (size - span)], a[size - span:]) if span < size else a


def background(gray, window, closing=True):
    """Smooth estimate of the paper brightness: a max filter (removes dark ink), with
    ``closing`` a min filter of the same size (brings a slope of light back where it
    was: a shadow across a page is a ramp, and the max alone sets the paper too bright
    along it), then a mean.  The min and the mean continue a slope beyond the image's
    edge, so a shadow darkest at the edge is not taken for brighter paper there.  The
    closing is for pages: in an image of one character the strokes fill much of the
    window, and the min would bring them back into the paper.

    Computed on a copy shrunk so the window is about 8 pixels, then enlarged back.
    """
    factor = max(1, window // 8)
    c = factor // 2  # the samples sit at the centres of factor x factor blocks
    small = patch_means(gray, factor) if factor > 1 else gray
    size = max(3, window // factor) | 1  # odd: centred windows, so a slope is not shifted
    for kind in ("max", "min", "mean") if closing else ("max", "mean"):
        odd = kind != "max"  # the max sees ink: a reflected stroke would be a bright spike
        small = window_rows(window_rows(small, size, kind, odd).T, size, kind, odd).T
    if factor == 1:
        return small
    h, w = gray.shape
    small = np.pad(small, 1, mode="edge").astype(np.float32)  # beyond the edge samples: level
    across = np.ascontiguousarray(enlarged(small.T, w, c, factor).T)
    return enlarged(across, h, c, factor)


def patch_means(gray, factor, radius=GRAIN):
    """``gray[c::factor, c::factor]`` (c = factor // 2), each sample the mean of the
    (2 ``radius`` + 1)-pixel square around it, the image's edge repeated beyond it.

    Sums over the squares from a summed-area table of the edge-padded image, read at
    the samples only (a small image's squares overlap; a page's table costs more than
    gathering its few squares, which is done there instead)."""
    h, w = gray.shape
    c, side = factor // 2, 2 * radius + 1
    rows, cols = np.arange(c, h, factor), np.arange(c, w, factor)
    if factor >= side:  # squares apart: gather them
        steps = np.arange(-radius, radius + 1)
        r = np.clip(rows[:, None] + steps, 0, h - 1)
        k = np.clip(cols[:, None] + steps, 0, w - 1)
        return gray[r[:, :, None, None], k[None, None]].mean(axis=(1, 3), dtype=np.float32)
    table = np.zeros((h + side, w + side))
    table[1:, 1:] = np.pad(gray, radius, mode="edge").cumsum(axis=0, dtype=np.float64).cumsum(axis=1)
    top, left = rows[:, None], cols[None, :]  # padded square from (top, left), side wide
    total = table[top + side, left + side] - table[top, left + side] - table[top + side, left] + table[top, left]
    return (total / side ** 2).astype(np.float32)


def enlarged(samples, n, c, factor):
    """Linear interpolation along axis 0 of ``samples`` (m, ...) taken every ``factor``
    pixels from pixel ``c - factor`` on, to pixels 0..n-1: (n, ...).

    Block by block (the pixels between two samples share them), each block written in
    place from one step between samples: no gather, no BLAS call and no page-sized
    temporaries (PIL's resize of a float image and its conversion back to numpy cost
    four times as long, ``np.repeat`` of the steps six times, and a matrix product
    spawns threads in every worker process).
    """
    at = (np.arange(n) - c) / factor + 1  # each pixel's place among the samples
    left = np.floor(at).astype(int)
    frac = (at - left).astype(np.float32).reshape((-1,) + (1,) * (samples.ndim - 1))
    steps = np.diff(samples, axis=0)
    out = np.empty((n,) + samples.shape[1:], dtype=np.result_type(samples, np.float32))
    starts = np.flatnonzero(np.diff(left, prepend=-1))
    for a, b in zip(starts, np.append(starts[1:], n)):
        np.multiply(steps[left[a]], frac[a:b], out=out[a:b])
        out[a:b] += samples[left[a]]
    return out


def ink_of(gray, flatten, sparse, lid=None):
    """Ink map (unclipped) of dark ink on light paper: 1 - gray / paper, the paper estimated
    with a closing on a page (``sparse``; its ``lid`` painted over first, its folds'
    shade divided out after), or its 99.5% level when not ``flatten``."""
    if flatten and min(gray.shape) >= 16:
        window = max(9, min(gray.shape) // 4)
        seen = without_lid(gray, lid) if sparse else gray
        paper = np.maximum(background(seen, window, closing=sparse), np.float32(1e-3))
        ink = np.divide(gray, paper, out=paper)  # in place: see blur
        ink = np.subtract(np.float32(1.0), ink, out=ink)
        return without_folds(ink) if sparse else ink
    paper = max(level(histogram(gray), 0.995) / (LEVELS - 1), 1e-3)
    return (paper - gray) / paper


def without_folds(ink):
    """A page's ink map (unclipped) with the shade of folds down and across it taken
    out (:func:`without_bands`, on the columns and then on the rows)."""
    return without_bands(without_bands(ink).T).T


def without_bands(ink):
    """``ink`` (unclipped) with the shade of a fold down it divided out: a band
    ``FOLD_WIDTH`` columns wide (and under ``FOLD_SHARE`` of the page's width) darker
    than the page's other columns through the whole page (in all but ``FOLD_CLEAR`` of
    its rows: a digit's stroke ends somewhere, a line of print has gaps, a fold does
    not), by ``FOLD_DEPTH`` at the band's deepest (a gray shade, not the dark of a
    stroke), is light on the paper, not ink.  Left as ink it was a line the digits
    crossing it lost their strokes to; taken out, a stroke crossing it is what stays
    darker than the band.  Changes ``ink`` in place (it may be a transposed view)."""
    w = ink.shape[1]
    excess = np.percentile(ink[::FOLD_ROWS], 100 * FOLD_CLEAR, axis=0)
    excess -= np.median(excess)
    shaded = np.concatenate([[False], excess > FOLD_EDGE, [False]])
    starts, stops = np.flatnonzero(~shaded[:-1] & shaded[1:]), np.flatnonzero(shaded[:-1] & ~shaded[1:])
    for a, b in zip(starts, stops):
        if FOLD_WIDTH[0] <= b - a <= min(FOLD_WIDTH[1], FOLD_SHARE * w) and 0 < a and b < w \
                and FOLD_DEPTH[0] <= excess[a:b].max() <= FOLD_DEPTH[1]:
            band = excess[a:b]
            ink[:, a:b] = (ink[:, a:b] - band) / (1 - band)
    return ink
