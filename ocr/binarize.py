"""Grayscale image -> ink: polarity, uneven lighting, contrast and threshold.

The rest of the pipeline only ever sees *ink*: a float map in 0..1 where 1 is the
darkest stroke, plus a boolean mask of the pixels that are ink.  Light-on-dark
images are inverted (ink is the minority), a dithered bilevel scan is smoothed back
to gray (its paper is a field of dots), the paper is divided out (:mod:`ocr.paper`:
uneven light, gray paper and a fold's shade drop out, and a scanner's lid or bed
showing around a page does not pass for ink), and the threshold is Otsu's on the
ink map (on a page, at least above the paper's noise; a page whose noise is strong
is smoothed more first, and more again while its ink hardly stands out of the
noise).  Levels come from 256-bin histograms (:mod:`ocr.levels`), what lies around
the page on a scan is found apart (:mod:`ocr.surrounds`), and the filters are
numpy: recognition does not pay for importing scipy.
"""
from dataclasses import dataclass

import numpy as np

from .levels import LEVELS, histogram, level, middle, otsu_classes, otsu_level, rim, sampled, tails
from .grid import long_lines
from .paper import blur, ink_of
from .surrounds import EDGE, around, dark_lid_of, lid_of, solid_regions

DROWNED = 1.6  # stroke cores under this many times the paper's noise level: smooth more
MORE_BLURS = 8  # at most, while the ink is drowned in the noise
DOTS = 0.5  # of a bilevel image's dark pixels alone: dithered (our pages dithered 0.76-0.96, thresholded 0-0.24)
FAR, FAR_MARGIN, FAR_LEAST = 6, 3, 50  # ink: far out of the noise, on one side clearly (pixels)
PAGE_SIDE = 256  # pixels: an image shorter than this either way may be a crop of a page
CROP_INK = 0.08  # of such an image on either side of its cut, well apart: a crop (ink and paper)
NOISY = 0.05  # a page whose paper noise spreads this much (0..1, after the light blur) is smoothed more


@dataclass
class Ink:
    """``ink`` (h, w) float32 in 0..1 (1 = full ink) and ``mask`` (h, w) bool;
    ``bilevel``: the image was black and white, not dithered (a threshold's scan, whose
    faint strokes may have fallen apart into dots)."""
    ink: np.ndarray
    mask: np.ndarray
    bilevel: bool = False

    @classmethod
    def empty(cls, shape):
        return cls(np.zeros(shape, dtype=np.float32), np.zeros(shape, dtype=bool))


def light_on_dark(gray, hist, sparse):
    """True when the ink is lighter than its ground: the far tail of ``hist`` (the
    image's, or on a page its middle's) lies above the median.

    A tightly cropped bold character can be half ink, and then the median is as
    likely ink as paper (a bold 0 read as its counter, a 3); there, in an image of one
    character, the ground is what lines the image's edge.  On a page, pixels far out of
    the paper's noise on one side only (:func:`far_out`) are ink: thin small print is
    under the 0.5% of the pixels that end a tail, and a grainy copy's light specks reach
    further than its paper's dark ones.
    """
    lo, hi = tails(hist)
    median = level(hist, 0.5)
    mid = (lo + hi) // 2
    dark = hist[:mid + 1].sum() / max(1, hist.sum())
    if not sparse and 0.3 < dark < 0.7:
        return np.median(rim(gray)) * (LEVELS - 1) < mid
    if sparse:
        darker, lighter = far_out(hist)
        if max(darker, lighter) >= max(FAR_LEAST, FAR_MARGIN * min(darker, lighter)):
            return lighter > darker
    return hi - median > median - lo


def cropped(shape, hist, reach):
    """True for an image (of ``shape``) cut close around its ink from a page: under
    ``PAGE_SIDE`` pixels either way, and two classes of levels apart (Otsu's), each
    ``CROP_INK`` of it or more, their means half its levels' ``reach`` (between its
    tails) apart (much ink and much paper; a grainy page's paper split in two is not so
    far apart).  Its margins are no scanner's lid, its bold strokes near the edge no
    black border, its ink no minority among the paper's noise: it is binarized as a
    character's image is."""
    if min(shape) >= PAGE_SIDE:
        return False
    _, shares, (dark, light) = otsu_classes(hist)
    return min(shares) >= CROP_INK and light - dark >= 0.5 * reach


def far_out(hist):
    """How many pixels lie ``FAR`` spreads of the paper's noise below and above the
    median of a page's ``hist`` (the spread: half the 16th-84th percentile range)."""
    median = level(hist, 0.5)
    spread = max(1.0, (level(hist, 0.84) - level(hist, 0.16)) / 2)
    below, above = int(median - FAR * spread), int(np.ceil(median + FAR * spread))
    return int(hist[:max(0, below)].sum()), int(hist[above + 1:].sum())


def page_histogram(gray):
    """The histogram of a page's middle, less a scanner's lid lining the image's edge: the
    white wedges beside a page skewed several degrees reach into the middle, and on gray
    paper they are a bright tail longer than the ink's dark one (the page would read as
    light ink on dark).  Light ink on a dark ground is brighter than its ground too, but
    it does not line the edge."""
    lid = lid_of(gray)
    paper = sampled(middle(gray))
    if lid is None or rim(lid).mean() < 0.5:
        return histogram(paper)
    return histogram(paper[~sampled(middle(lid))])


def dithered(bilevel):
    """True when a bilevel image's dark pixels are mostly dots alone (none of the four
    next to them dark): gray drawn by dithering, whose paper is a field of dots nearly
    as dense as the ink.  A threshold's bilevel scan has strokes and few such dots.
    """
    dark = np.asarray(bilevel) < 0.5
    alone = dark.copy()
    alone[1:] &= ~dark[:-1]
    alone[:-1] &= ~dark[1:]
    alone[:, 1:] &= ~dark[:, :-1]
    alone[:, :-1] &= ~dark[:, 1:]
    return np.count_nonzero(alone) > DOTS * np.count_nonzero(dark)


def paper_noise(ink, lid=None, dotted=False):
    """The paper's noise in an *unclipped* ink map (paper brighter than its estimate reads
    below 0; clipped, the spread of the noise would vanish wherever the estimate is exact),
    the ``lid`` (a mask) left out: ``(level, spread)``, the ink level (a bin of 0..255) the
    noise stays under, four spreads above the median, and one spread (0..1).  Read on
    every other pixel of a page (:func:`sampled`): its paper is most of it.

    ``dotted``: the page was dithered dots, smoothed: its noise may be clumps of dots on
    white paper, all on the dark side (the spread below the median is nothing), so the
    spread is also taken above it (paper is still over 84% of such a page)."""
    paper = sampled(ink) if lid is None else sampled(ink)[~sampled(lid)]  # the lid is no paper
    hist = histogram(paper * 0.5 + 0.5)  # -1..1 onto 0..1
    median, low = level(hist, 0.5), level(hist, 0.16)  # paper is most pixels: 1 spread below
    if dotted:
        low = min(low, 2 * median - level(hist, 0.84))
    return int(np.ceil(2 * (median + 4 * (median - low)) - (LEVELS - 1))), 2 * (median - low) / (LEVELS - 1)


def drowned(ink, noise, lid=None):
    """True when a page's ink (unclipped) hardly stands out of its paper's ``noise`` level:
    Otsu's cut falls under the noise, and the stroke cores (:func:`ink_cut`'s peak) are
    under ``DROWNED`` times the noise level.  Faint print on grainy paper: cut at the
    noise it breaks into specks, cut lower it is buried in them; smoothed, the noise
    falls and the strokes, wider than the grain, stay."""
    hist = histogram(np.clip(sampled(ink) if lid is None else sampled(ink)[~sampled(lid)], 0.0, 1.0))
    _, peak = ink_cut(hist, noise)
    return otsu_level(hist) < noise and peak * (LEVELS - 1) < DROWNED * noise


def page_ink(gray, flatten, dotted=False):
    """A page's ink map (unclipped), its paper's noise level and the lid darker than the
    paper (:func:`dark_lid_of`, or None): the scanner's lid, white or gray, left out
    (:func:`lid_of`), and the page smoothed more where the noise is strong or the ink
    drowned in it."""
    lid = dark = None
    if flatten and min(gray.shape) >= 16:
        measured = around(gray)  # the page's paper and edge, for both lids
        lid, dark = lid_of(gray, measured), dark_lid_of(gray, measured)
    if dark is not None:
        lid = dark if lid is None else lid | dark

    def measured(gray):
        ink = ink_of(gray, flatten, True, lid)
        return ink, paper_noise(ink, lid, dotted)

    ink, (noise, spread) = measured(gray)
    if spread > NOISY:
        # Faint ink under this much noise is four spreads from nothing: smooth the noise
        # down at the cost of merging small print (which would be lost anyway).
        gray = blur(blur(gray))
        ink, (noise, _) = measured(gray)
    for _ in range(MORE_BLURS):
        if not drowned(ink, noise, lid):
            break
        gray = blur(gray)  # sigma 0.6 each: after eight, about 1.9 in all
        ink, (noise, _) = measured(gray)
    return ink, noise, dark


def ink_cut(hist, noise):
    """Otsu's level of an ink histogram (not under the paper's ``noise`` level) and the
    ink of the stroke cores: the 90th percentile above it (0..1; 0 when none is)."""
    t = max(otsu_level(hist), noise)
    peak = (t + 1 + level(hist[t + 1:], 0.9)) / (LEVELS - 1) if hist[t + 1:].any() else 0.0
    return t, peak


def binarize(gray, flatten=True, sparse=False):
    """Ink map and mask of a grayscale image (h, w) in 0..1, either polarity.

    Parameters
    ----------
    gray : (h, w) float array, 0 black .. 1 white
    flatten : remove uneven lighting (slow light gradients, gray paper) first
    sparse : the image is mostly paper (a page): the paper is estimated with a closing
        (:func:`background`), and the cut never falls inside the paper's noise, which
        Otsu's does when thin strokes are a tiny fraction of the pixels; ignored for a
        crop of a page (:func:`cropped`: a line or a field cut close, its ink maybe half
        its pixels; the page's estimates took its margins for a lid, bold strokes near
        its edge for a scanner's border and its ink for the paper's noise)

    Returns
    -------
    Ink
    """
    gray = np.asarray(gray, dtype=np.float32)
    if gray.size == 0:
        return Ink.empty(gray.shape)
    hist = histogram(sampled(gray))  # every other pixel of a page: its levels, two if bilevel
    bilevel = np.count_nonzero(hist) <= 2
    dotted = bilevel and dithered(gray)
    if dotted:
        gray = blur(blur(blur(np.array(gray, dtype=np.float32))))  # sigma 1: the dots are gray again
        hist, bilevel = histogram(gray), False
    lo, hi = tails(hist)
    if hi - lo < 10:  # under 4% contrast: no ink at all
        return Ink.empty(gray.shape)
    sparse = sparse and not cropped(gray.shape, hist, hi - lo)
    # Paper is the majority, so the median is paper and ink is the far tail: light ink
    # on a dark ground reaches further above the median than below it.  (Counting the
    # pixels on each side of an Otsu cut fails on a noisy page: its cut halves the noise.)
    # A page is judged by its middle: the white lid around a skewed or small page is a
    # bright tail at the edges, as large as the ink of several lines of print.
    if light_on_dark(gray, page_histogram(gray) if sparse else hist, sparse):
        gray = 1.0 - gray
    if min(gray.shape) >= 48:
        # Scanner noise is finer than strokes at this size; a light blur stops it fragmenting.
        # Once only (but for a very noisy page, below): blurring a page twice merges the
        # digits of 8-10 pt print at 150 dpi.
        gray = blur(gray)
    ink, noise, dark = page_ink(gray, flatten, dotted) if sparse else (ink_of(gray, flatten, sparse), 0, None)
    if dark is not None:
        ink[dark] = 0.0  # a lid darker than the paper is no ink
    np.clip(ink, 0.0, 1.0, out=ink)
    # Scale so the stroke cores read 1: a high percentile of the pixels Otsu calls ink
    # (not of the whole image, where a few small digits on a big page are < 0.1%).
    solid = solid_regions(ink) if sparse else None
    # The threshold is set by the page: not by its edge band, where a skewed page's
    # black corners run out thinner than the solid squares that catch them elsewhere.
    band = EDGE if sparse and min(ink.shape) > 4 * EDGE else 0
    counted = (slice(band, ink.shape[0] - band), slice(band, ink.shape[1] - band))

    def cut(left_out=None):  # ink_cut of the counted pixels but ``left_out``
        inside = ink[counted]
        return ink_cut(histogram(inside if left_out is None else inside[~left_out[counted]]), noise)

    t, peak = cut(None if solid is None else solid[0])
    if sparse:
        lined = long_lines(ink > (t + 0.5) / (LEVELS - 1))
        if lined is not None:
            t, peak = cut(lined if solid is None else lined | solid[0])
    if peak < 0.04 and solid is not None:
        # All the ink was solid: strokes wider than a square (a digit drawn large and bold)
        # and their soft rims.  Only a border still stays out of the count.
        t, peak = cut(solid[1])
    if peak < 0.04:
        return Ink.empty(gray.shape)
    ink = np.minimum(ink / np.float32(peak), 1.0, dtype=np.float32)
    mask = ink > max((t + 0.5) / (LEVELS - 1) / peak, 0.2)
    if solid is not None:
        mask &= ~solid[1]
    return Ink(ink, mask, bool(bilevel))
