"""Grayscale image -> ink: polarity, uneven lighting, contrast and threshold.

The rest of the pipeline only ever sees *ink*: a float map in 0..1 where 1 is the
darkest stroke, plus a boolean mask of the pixels that are ink.  Light-on-dark
images are inverted (ink is the minority), the background is flattened with a
coarse maximum filter so shadows and gray paper drop out, and the threshold is
Otsu's on the flattened image.
"""
from dataclasses import dataclass

import numpy as np
from scipy import ndimage


@dataclass
class Ink:
    """``ink`` (h, w) float32 in 0..1 (1 = full ink) and ``mask`` (h, w) bool."""
    ink: np.ndarray
    mask: np.ndarray


def otsu_threshold(values, bins=256):
    """Otsu's threshold for values in 0..1: the cut that maximizes between-class variance."""
    hist, edges = np.histogram(values, bins=bins, range=(0.0, 1.0))
    p = hist.astype(np.float64)
    centers = (edges[:-1] + edges[1:]) / 2
    w0 = np.cumsum(p)
    w1 = w0[-1] - w0
    m0 = np.cumsum(p * centers)
    mean0 = m0 / np.maximum(w0, 1e-12)
    mean1 = (m0[-1] - m0) / np.maximum(w1, 1e-12)
    between = w0 * w1 * (mean0 - mean1) ** 2
    return float(edges[1:][np.argmax(between)])


def background(gray, window):
    """Smooth estimate of the paper brightness: a max filter (removes dark ink) then a mean.

    Computed on a copy shrunk so the window is about 8 pixels, then zoomed back.
    """
    factor = max(1, window // 8)
    small = gray[::factor, ::factor]
    size = max(3, window // factor)
    bg = ndimage.uniform_filter(ndimage.maximum_filter(small, size=size), size=size)
    if factor > 1:
        zoom = (gray.shape[0] / small.shape[0], gray.shape[1] / small.shape[1])
        bg = ndimage.zoom(bg, zoom, order=1, mode="nearest", grid_mode=True)[:gray.shape[0], :gray.shape[1]]
    return bg


def binarize(gray, flatten=True):
    """Ink map and mask of a grayscale image (h, w) in 0..1, either polarity.

    Parameters
    ----------
    gray : (h, w) float array, 0 black .. 1 white
    flatten : remove uneven lighting (slow light gradients, gray paper) first

    Returns
    -------
    Ink
    """
    gray = np.asarray(gray, dtype=np.float32)
    if gray.size == 0 or float(gray.max()) - float(gray.min()) < 0.04:  # blank: skip the sort below
        empty = np.zeros(gray.shape, dtype=np.float32)
        return Ink(empty, empty.astype(bool))
    lo, hi = np.percentile(gray, [0.5, 99.5]) if gray.size > 1 else (gray.min(), gray.max())
    if hi - lo < 0.04:  # flat image: no ink at all
        empty = np.zeros(gray.shape, dtype=np.float32)
        return Ink(empty, empty.astype(bool))
    t = otsu_threshold(np.clip((gray - lo) / (hi - lo), 0, 1))
    dark_fraction = np.mean((gray - lo) / (hi - lo) < t)
    if dark_fraction > 0.5:  # ink is the minority: this is light ink on a dark ground
        gray = 1.0 - gray
    if min(gray.shape) >= 48:
        # Scanner noise is finer than strokes at this size; a light blur stops it fragmenting.
        gray = ndimage.gaussian_filter(gray, 0.6)
    if flatten and min(gray.shape) >= 16:
        window = max(9, min(gray.shape) // 4)
        paper = np.maximum(background(gray, window), 1e-3)
        ink = np.clip(1.0 - gray / paper, 0.0, 1.0)
    else:
        paper = np.percentile(gray, 99.5)
        ink = np.clip((paper - gray) / max(paper, 1e-3), 0.0, 1.0)
    peak = float(np.percentile(ink, 99.9))
    if peak < 0.04:
        empty = np.zeros(gray.shape, dtype=np.float32)
        return Ink(empty, empty.astype(bool))
    ink = np.clip(ink / peak, 0.0, 1.0).astype(np.float32)
    t = max(otsu_threshold(ink), 0.2)
    return Ink(ink, ink > t)


def clean(mask, min_fraction=0.08):
    """Drop specks: components smaller than ``min_fraction`` of the largest one."""
    labels, n = ndimage.label(mask, structure=np.ones((3, 3)))
    if n <= 1:
        return mask
    areas = np.bincount(labels.ravel())[1:]
    keep = np.flatnonzero(areas >= min_fraction * areas.max()) + 1
    return np.isin(labels, keep)
