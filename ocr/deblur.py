"""A blurred page made sharp again before it is cut into ink: estimate the blur, unsharp-mask it.

A scanner out of focus, a page lifted off the glass or a copy of a copy spreads every
stroke: the counters of small handwritten 8s, 6s and 9s fill with gray as dark as a
thin stroke, and neighbouring small digits run together, so no threshold parts them.
The blur is measured on the page's own edges (:func:`blur_sigma`): across a step
from paper to ink of height C blurred by a gaussian of width sigma, the steepest
slope is C / (sigma sqrt(2 pi)), so each edge's local range over its steepest slope
gives sigma.  A sharp scan's edges still measure about ``SHARP`` (the pen's own soft
edge, the scanner's optics); what lies beyond that is undone by an unsharp mask of
the same width (:func:`sharpened`), stronger the wider the blur, but never so
strong that the paper's grain comes up with the ink.
"""
import numpy as np

from .paper import BINOMIAL, blur, window_rows

SHARP = 0.6       # pixels: the edge width of a sharp scan (our sharp pages measure 0.4-1.2)
LEAST = 0.75      # pixels of blur beyond SHARP: less is left alone (a page under 0.96)
MOST = 3.0        # pixels of blur beyond SHARP undone at most
AMOUNT = 4.0      # of the unsharp mask per pixel of blur (1.0 px: the detail added back 4 times)
NOISE_GAIN = 0.1  # of the contrast: the paper's grain is sharpened no stronger than this
REACH = 5         # pixels either side of an edge over which its range is taken
EDGE = 0.5        # of the page's contrast: an edge at least this high is ink against paper
QUANTILE = 25     # percent: the sharpest edges measure the blur (thin strokes and shade are softer)


def blur_sigma(gray, rows=None):
    """The width (gaussian sigma, pixels) of a page's ink edges and the page's contrast
    (the height of its highest edges, 0..1): ``(sigma, contrast)``, sigma 0.0 without edges.

    Measured along every ``rows``-th row (default: every 8th, or more of a small image's,
    at least 64 if it has them), smoothed along the row first (the paper's
    grain has steep slopes of its own; the smoothing's width is taken off after): at
    each steepest point of a row's profile (a local maximum of the slope) whose range
    over ``REACH`` pixels either side is an edge of ink against paper (``EDGE`` of the
    page's contrast), sigma is the range over the slope times sqrt(2 pi); the page's
    blur is the ``QUANTILE`` of those.  Blur wider than about half of ``REACH``, or than
    the strokes, is measured short (the edge's whole range lies further out): a page
    is never sharpened for more blur than it has.

    Parameters
    ----------
    gray : (h, w) float array in 0..1, either polarity
    """
    g = np.asarray(gray, dtype=np.float32)
    g = g[::rows or max(1, min(8, g.shape[0] // 64))]
    for _ in range(2):  # [1 2 1] / 4 twice: a variance of 1 pixel squared
        g = (g[:, :-2] + 2 * g[:, 1:-1] + g[:, 2:]) / 4
    width = g.shape[1] - 2 * REACH
    if width < 3:
        return 0.0, 0.0
    # The range over REACH either side of each pixel: running max and min along the row,
    # kept where the window lies within it.
    across = np.ascontiguousarray(g.T)
    side = 2 * REACH + 1
    top, bottom = (window_rows(across, side, kind).T[:, REACH:REACH + width] for kind in ("max", "min"))
    span = (top - bottom)[:, 1:-1]
    centre = g[:, REACH:REACH + width]
    slope = np.abs(centre[:, 2:] - centre[:, :-2]) / 2
    steepest = np.zeros(slope.shape, dtype=bool)
    steepest[:, 1:-1] = (slope[:, 1:-1] >= slope[:, :-2]) & (slope[:, 1:-1] >= slope[:, 2:])
    contrast = float(np.percentile(span[::4], 99.5))
    edges = steepest & (span > EDGE * contrast) & (slope > 0)
    if not edges.any():
        return 0.0, contrast
    measured = np.percentile(span[edges] / slope[edges], QUANTILE) / np.sqrt(2 * np.pi)
    return float(np.sqrt(max(0.0, measured ** 2 - 1.0))), contrast


def sharpened(gray):
    """``gray`` (h, w) in 0..1 with its blur beyond ``SHARP`` undone (float32; the array
    itself when it is sharp enough): an unsharp mask as wide as that blur, ``AMOUNT``
    per pixel of it."""
    sigma, contrast = blur_sigma(gray)
    extra = np.sqrt(max(0.0, sigma ** 2 - SHARP ** 2))
    if extra < LEAST:
        return gray
    extra = min(extra, MOST)
    gray = np.asarray(gray, dtype=np.float32)
    fine = blur(gray)  # the detail added back leaves out the finest grain, which it would double
    smooth = fine
    for _ in range(max(1, int(round(extra ** 2)))):  # sigma 1 a pass
        smooth = blur(smooth, kernel=BINOMIAL)
    detail = np.subtract(fine, smooth, out=fine)
    # The grain's sigma (from its median absolute value) in the detail: the paper's, as
    # paper is most of the page.
    noise = np.median(np.abs(detail[::8, ::2])) / 0.6745
    gain = min(AMOUNT * extra, NOISE_GAIN * contrast / noise) if noise > 0 else AMOUNT * extra
    detail *= np.float32(gain)
    detail += gray
    return np.clip(detail, 0.0, 1.0, out=detail)
