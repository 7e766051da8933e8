"""What lies around a page on a scan: the scanner's white lid, its black bed and borders.

A scanner shows its lid (white, brighter than any paper) around a page smaller than
the scan or skewed on it, and its bed (black) or dark borders at the image's edge.
None of it is ink, and left in, it sets the paper estimate or the threshold:
:func:`lid_of` finds the lid and :func:`without_lid` paints it over before the paper
is estimated; :func:`solid_regions` finds the solid dark areas and the border among
them, which the threshold leaves out.
"""
import numpy as np

from .components import label, runs
from .levels import LEVELS, histogram, level, middle, rim

EDGE = 16  # pixels: a page's edge band, where scanners leave dark borders and wedges
LID_MARGIN = 0.04  # a scanner's lid: this much brighter than the page's brightest paper (0..1)
DARK_LID = 0.5  # of the paper's level: a lid darker than this is black (a bed), not gray
RIM = 4  # pixels: a gray lid is as dark this deep into the image (a line along its edge is not)
FLAT_LID = 0.06  # spread of a gray lid's level (0..1): a shadow toward the edge spreads more
BORDER_RUN = 4  # squares: a black border runs this far along the image's edge (a stroke does not)


def around(gray):
    """What :func:`lid_of` and :func:`dark_lid_of` compare: the histogram of the page's
    middle (a quarter of its pixels: as good for paper) and the median level (a bin of
    0..255) of what lines the image's edge."""
    return histogram(middle(gray)[::2, ::2]), np.median(rim(gray)) * (LEVELS - 1)


def lid_of(gray, measured=None):
    """Mask (h, w) of a scanner's lid showing around a page (dark ink), or None: white
    well above the page's brightest paper, as judged by the page's middle.  A page much
    smaller than the scan leaves lid in its middle too; then the lid lining the image's
    edge, well above the middle's median, marks it, and the lid is what is brighter
    than half way between the two.  ``measured``: :func:`around`'s answer, if known."""
    paper, edge = measured or around(gray)
    brightest, median = level(paper, 0.99), level(paper, 0.5)
    if edge > median + 2 * LID_MARGIN * (LEVELS - 1):
        brightest = (median + edge) / 2 - LID_MARGIN * (LEVELS - 1)
    lid = gray > brightest / (LEVELS - 1) + LID_MARGIN
    return lid if lid.any() else None


def without_lid(gray, lid):
    """``gray`` with the ``lid`` (:func:`lid_of`) painted a dark paper gray (the middle's
    10% level), which the paper estimate's maximum passes over: else it carries the lid's
    white into the page's edge, whose own grayer paper then reads as bands of ink,
    hundreds of pixels long, that pass for the typical character."""
    if lid is None:
        return gray
    out = gray.copy()
    out[lid] = level(histogram(middle(gray)[::2, ::2]), 0.1) / (LEVELS - 1)
    return out


def solid_regions(ink, block=EDGE):
    """Masks (h, w) of the page's solid dark areas and of those among them that reach the
    image's edge (a scanner's black border), or None: ``block`` x ``block`` squares at
    least three quarters ink, and the squares around them.  Left in, such areas would
    set the threshold (a black border is a large, very dark class) and faint print
    would drop under it; the rare stroke that wide only leaves the threshold to the
    rest of the ink.  A border (:func:`along_edge`) is no character: it goes from the
    mask too (else rules and digits touching it become one component with it), and
    where there is one, so does every solid dark pixel within two ``block`` of the
    image's edge (the thin end of the black wedge beside a skewed page, narrower than a
    square: else a "1"; where it is a square wide, its soft inner edge was left as a
    sliver)."""
    h, w = ink.shape
    if min(h, w) < 4 * block:
        return None
    hb, wb = h // block, w // block
    means = ink[:hb * block, :wb * block].reshape(hb, block, wb, block).mean(axis=(1, 3))
    solid = means > 0.75
    if not solid.any():
        return None
    at_edge = along_edge(solid)
    border = upsampled(grown(at_edge), (h, w), block)
    if at_edge.any():
        dark = ink > 0.75
        dark[2 * block:-2 * block, 2 * block:-2 * block] = False  # the edge band's only
        border |= grown(grown(dark))  # with the wedge's soft inner edge (2 pixels)
    return upsampled(grown(solid), (h, w), block), border


def along_edge(solid):
    """The components of a boolean grid of squares that are borders, reaching along the
    image's edge in its outermost squares: a run of ``BORDER_RUN`` or more of them, of a
    component no deeper than a quarter of the image (a black strip, the wedge beside a
    skewed page), or runs over half the edge long on two edges meeting in a corner (a
    frame round the page, a bed's wedges).  A large bold digit filling a tight crop
    reaches along its flat top, foot or side, and runs deep."""
    parts = label(solid)
    hb, wb = solid.shape
    _, _, bw, bh = parts.boxes.T
    shallow, along_top, along_side = (np.zeros(parts.count, dtype=bool) for _ in range(3))
    for line, depth, across, along in ((parts.labels[0], bh, hb, along_top),
                                       (parts.labels[-1], bh, hb, along_top),
                                       (parts.labels[:, 0], bw, wb, along_side),
                                       (parts.labels[:, -1], bw, wb, along_side)):
        _, starts, stops = runs(line[None] > 0)
        for start, stop in zip(starts, stops):
            if stop - start >= BORDER_RUN:
                ids = np.unique(line[start:stop]) - 1
                shallow[ids] |= depth[ids] <= across / 4
                along[ids] |= 2 * (stop - start) > len(line)
    return parts.select(shallow | (along_top & along_side))


def grown(blocks):
    """``blocks`` (boolean grid: squares or pixels) and their 8 neighbours."""
    hb, wb = blocks.shape
    padded = np.pad(blocks, 1)
    out = np.zeros_like(blocks)
    for dy in range(3):
        for dx in range(3):
            out |= padded[dy:dy + hb, dx:dx + wb]
    return out


def upsampled(blocks, shape, block):
    """A boolean grid of ``block`` squares as an image of ``shape``; the last partial row
    and column of squares as their neighbours."""
    h, w = shape
    hb, wb = blocks.shape
    out = np.zeros((h, w), dtype=bool)
    out[:hb * block, :wb * block] = np.repeat(np.repeat(blocks, block, 0), block, 1)
    out[hb * block:, :wb * block] = out[hb * block - 1:hb * block, :wb * block]
    out[:, wb * block:] = out[:, wb * block - 1:wb * block]
    return out


def dark_lid_of(gray, measured=None, step=4):
    """Mask (h, w) of a scanner's lid or feeder background *darker* than the paper showing
    around a page (dark ink), or None: when what lines the image's edge is ``LID_MARGIN``
    darker than the middle's paper (but not black), the pixels darker than half way
    between the two that are connected to the edge, if they are an even gray (found on
    every ``step``-th pixel, then grown by a step).  Left as ink it pulls the threshold
    down into the blur around small print, and a page turned level keeps its wedges.
    ``measured``: :func:`around`'s answer, if known."""
    paper, edge = measured or around(gray)
    paper = level(paper, 0.5)
    # A rule of squared paper may run along the image's edge: half the outermost pixels.
    # Here, not in around(): lid_of's white lid is measured at the edge itself (a dithered
    # page's outermost pixels differ from those a few deep, and its lid with them).
    edge = max(edge, np.median(rim(gray, RIM)) * (LEVELS - 1))
    if not (DARK_LID * paper < edge < paper - LID_MARGIN * (LEVELS - 1)):
        return None  # no lid darker than the paper, or a black one (solid_regions' to find)
    sampled_gray = gray[::step, ::step]
    parts = label(sampled_gray < (paper + edge) / 2 / (LEVELS - 1))
    x, y, w, h = parts.boxes.T
    lining = (x == 0) | (y == 0) | (x + w == parts.labels.shape[1]) | (y + h == parts.labels.shape[0])
    if not lining.any():
        return None
    lid = parts.select(lining)
    core = lid[1:-1, 1:-1] & lid[:-2, 1:-1] & lid[2:, 1:-1] & lid[1:-1, :-2] & lid[1:-1, 2:]
    if core.sum() < 0.5 * lid.sum():
        return None  # thin lines reaching the edge (squared paper's grid), not a lid's area
    if np.std(sampled_gray[lid]) > FLAT_LID:
        return None  # a shadow darkening toward the edge, not a lid's even gray
    lid = np.repeat(np.repeat(lid, step, axis=0), step, axis=1)[:gray.shape[0], :gray.shape[1]]
    grown = lid.copy()
    grown[step:] |= lid[:-step]
    grown[:-step] |= lid[step:]
    grown[:, step:] |= lid[:, :-step]
    grown[:, :-step] |= lid[:, step:]
    return grown
