"""What the network is asked about an image: io -> segment -> features.

:func:`prepare` loads one image and segments it (in ``auto`` mode deciding whether it
is a page or one character, and keeping the whole image's reading beside a few
pieces that may be one broken character); :func:`vectorize` turns the glyphs of many
prepared images into feature vectors in one call; :func:`prepare_chunk` does both for
a list of jobs in a worker process.  :mod:`ocr.recognizer` classifies the vectors and
builds the results.
"""
from dataclasses import dataclass, field

import numpy as np

from . import features, io, segment
from .errors import ImageError
from .glyph import all_glyphs, candidates, too_wide

MODES = ("auto", "page", "char")
# Pieces at least this fraction of their ink's height are characters side by side (a
# digit's neighbour is about as tall); a 9 broken into its bowl and its stem is not.
FULL_HEIGHT = 0.75


@dataclass
class Prepared:
    """An image made ready for the network: its size and notes, the layout of glyphs
    (lines of :class:`~ocr.glyph.Glyph`, ink dropped) and ``vectors``
    (n, 64), one per glyph in :func:`candidates` order and then one for ``whole``: in
    ``auto`` mode, an image segmented into a few pieces may instead be one broken
    character, and ``whole`` is that reading (the chooser's confidence decides)."""
    width: int
    height: int
    notes: list
    layout: list
    vectors: np.ndarray
    whole: object = None
    image: object = field(default=None, repr=False)


def prepare(image, mode="auto", max_pixels=None, keep_image=True):
    """io -> segment for one image -> :class:`Prepared` whose ``vectors`` are still
    None (:func:`vectorize` fills them in, for many images at once).

    Raises
    ------
    ImageError
        If the image cannot be read.
    """
    loaded = io.load(image, max_pixels)
    layout, whole = [] if mode == "char" else segment.page(loaded.gray), None
    if mode == "char" or (mode == "auto" and looks_like_one_character(layout, loaded.height)):
        layout = whole_image_layout(loaded.gray)
    elif mode == "auto" and few_pieces(layout):
        whole = segment.char_glyph(loaded.gray)
        if whole is not None and too_wide(whole.box):
            whole = None  # ink much wider than high is never one digit: no need to read it whole
    return Prepared(loaded.width, loaded.height, loaded.notes, layout, None, whole,
                    loaded.gray if keep_image else None)


def vectorize(prepared):
    """Fill in the ``vectors`` of several Prepared images with one features call (the
    stroke normalization is vectorized over all their glyphs) and drop the glyphs' ink."""
    todo = [list(candidates(p.layout)) + ([p.whole] if p.whole is not None else [])
            for p in prepared]
    vectors = features.vectors([(g.ink, g.mask) for glyphs in todo for g in glyphs])
    start = 0
    for p, glyphs in zip(prepared, todo):
        p.vectors, start = vectors[start:start + len(glyphs)], start + len(glyphs)
        for g in glyphs:
            g.ink = g.mask = None  # the vectors are all the network needs
    return prepared


def prepare_chunk(jobs):
    """Prepared images (or the ImageError of each unreadable one) of a list of jobs."""
    out = []
    for job in jobs:
        try:
            out.append(prepare(*job))
        except ImageError as exc:
            out.append(exc)
    vectorize([p for p in out if not isinstance(p, ImageError)])
    return out


def looks_like_one_character(layout, image_height):
    """True when a segmented image is a single character: one glyph; one glyph filling
    much of the image with only small bits (noise, fragments) beside it; or only a few
    small scattered fragments (a faint or broken character), not a row of digits."""
    glyphs = all_glyphs(layout)
    if len(glyphs) <= 1:
        return all(g.splits is None for g in glyphs)
    heights = sorted(g.box[3] for g in glyphs)
    if heights[-1] >= 0.4 * image_height and heights[-2] < 0.5 * heights[-1]:
        return True
    boxes = [[g.box for g in line] for line in layout]
    return (few_pieces(layout) and heights[-1] < 0.35 * image_height
            and not side_by_side(boxes) and not stacked_digits(boxes))


def few_pieces(layout, most=8):
    """True for a layout of 1..``most`` glyphs: perhaps one broken character."""
    return 1 <= len(all_glyphs(layout)) <= most


def side_by_side(lines):
    """True for one line of two or more boxes (x, y, w, h) each nearly as tall as the ink
    of all of them (``FULL_HEIGHT``: characters side by side, likely real digits), or for
    lines of which one holds three or more such (a short line of small digits under a few
    large ones is no broken character); ``lines`` is a list of lists of boxes."""
    if len(lines) == 1:
        return len(lines[0]) >= 2 and full_height(lines[0])
    return any(len(boxes) >= 3 and full_height(boxes) for boxes in lines)


def stacked_digits(lines):
    """True for three or more lines each holding a glyph shaped like a whole digit (at least
    half as wide as tall, no wider, and at least half as tall as the tallest): a column of
    digits, one to a line, is no broken character (its pieces are a 1's slivers, a bar,
    a bowl, an 8's loops wider than tall); ``lines`` is a list of lists of boxes (x, y, w, h)."""
    tallest = max(b[3] for boxes in lines for b in boxes)
    whole = [any(0.5 * b[3] <= b[2] <= b[3] and b[3] >= 0.5 * tallest for b in boxes) for boxes in lines]
    return sum(whole) >= 3


def full_height(boxes):
    """Are all ``boxes`` nearly as tall as the ink of all of them (``FULL_HEIGHT``)?"""
    top = min(b[1] for b in boxes)
    height = max(b[1] + b[3] for b in boxes) - top
    return all(b[3] >= FULL_HEIGHT * height for b in boxes)


def whole_image_layout(gray):
    """The layout for ``--mode char``: one line of one glyph (none if no ink)."""
    glyph = segment.char_glyph(gray)
    return [[glyph]] if glyph is not None else []
