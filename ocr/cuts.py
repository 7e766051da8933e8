"""Touching and broken characters: where a glyph may be cut, and which glyphs may join.

Ink components are not characters: touching digits are one component, and a 0
whose thin top and bottom broke is two.  Segmentation cannot tell these from a wide
digit or two 1s, so it offers the other readings (:func:`cuts_of`, :func:`joinable`)
and leaves the choice to the chooser network's confidence (:mod:`ocr.recognizer`).
"""
import numpy as np

from .glyph import Cuts, Glyph, too_wide

# A glyph wider than this many typical digit widths may be touching digits: cuts are
# proposed and the chooser's confidence decides (a wide digit reads surer whole).
CUT_WIDTH = 1.05
SQUARE_ENOUGH = 0.85  # width / height: a narrower glyph is never offered cuts
MIN_PIECE, MAX_PIECE = 0.35, 1.5  # of the line's digit width: the narrowest and widest cut piece
NARROWEST_ONE = 0.15  # of the line's digit width: a narrower piece may still be a 1 (``Glyph.narrow``)
SHORTEST_PIECE = 0.6  # of the line's height: a cut leaving a shorter piece is not between digits
JOIN_GAP = 0.4  # of the line's height: the widest counter between the halves of a broken 0
BENT = 0.04  # of a glyph's height: its middle this far off the line through its ends is bent


def cuts_of(g, height, width=None):
    """The ways to cut a glyph too wide for one digit into 2 to 8 pieces: :class:`Cuts`
    at ink-column minima, or None.

    A glyph is cut when it is ``SQUARE_ENOUGH`` as wide as high (and as 0.8 of the line's
    ``height``: two narrow handwritten digits touching are often a little taller than
    wide), and either wider than ``WIDEST_DIGIT`` times its height or wider than
    ``CUT_WIDTH`` of the line's typical glyph ``width``; and then into about as many
    pieces as glyphs of that width fit (within one and a half: a 1 among them is
    narrow), each ``MIN_PIECE`` to ``MAX_PIECE`` of that width wide, or down to
    ``NARROWEST_ONE`` for a piece that must read as a 1 to count (``Glyph.narrow``: a
    sliver of any digit reads as a confident 1, so no narrow piece is anything else),
    and ``SHORTEST_PIECE`` of the line tall (the side of a small 4 is no digit).  A wide
    single digit (a bold 0) is offered cuts too: it reads surer whole, and the
    recognizer keeps it.
    """
    x, y, w, h = g.box
    if w < SQUARE_ENOUGH * max(h, 0.8 * height) or h < 0.5 * height:
        return None
    if width is not None and not too_wide(g.box) and w < CUT_WIDTH * width:
        return None
    counts = tuple(n for n in range(2, 9) if w >= 0.35 * n * h and (width is None or abs(w / width - n) <= 1.5))
    if not counts:
        return None
    profile = np.convolve(np.pad(g.mask.sum(axis=0).astype(float), 1, mode="edge"), np.ones(3) / 3, "valid")
    columns = [0, *cut_columns(profile, counts), w]
    pitch = width or 0.8 * height
    pieces = {}
    for i, a in enumerate(columns):
        for b in columns[i + 1:]:
            if b - a > MAX_PIECE * pitch:
                break
            p = piece(g, a, b) if b - a >= NARROWEST_ONE * pitch else None
            if p is not None and p.box[3] >= SHORTEST_PIECE * height:
                p.narrow = b - a < MIN_PIECE * pitch
                pieces[a, b] = p
    cuts = Cuts(w, counts, on_a_chain(pieces, w))
    return cuts if cuts.best(lambda piece: 1.0) is not None else None  # a chain of an allowed count


def cut_columns(profile, counts):
    """Columns where a glyph may be cut, from its (w,) column ink ``profile``: every local
    minimum, and for each piece count n in ``counts`` the least ink near the borders of
    n equal parts (handwritten digits are of unequal widths, a 1 narrow, so the equal
    parts alone miss most cuts of three or more)."""
    w = len(profile)
    inner = profile[1:-1]
    cuts = set((1 + np.flatnonzero((inner <= profile[:-2]) & (inner < profile[2:]))).tolist())
    for n in counts:
        for k in range(1, n):
            lo, hi = int((k - 0.2) * w / n), int((k + 0.2) * w / n) + 1
            cuts.add(lo + int(np.argmin(profile[lo:hi])))
    return sorted(c for c in cuts if 2 <= c <= w - 2)


def on_a_chain(pieces, width):
    """The pieces (a dict keyed by column spans) that lie on some chain of spans from
    column 0 to ``width``: the rest would be read for nothing."""
    reached, reaching = {0}, {width}
    for a, b in sorted(pieces):
        if a in reached:
            reached.add(b)
    for a, b in sorted(pieces, key=lambda span: -span[1]):
        if b in reaching:
            reaching.add(a)
    return {span: p for span, p in pieces.items() if span[0] in reached and span[1] in reaching}


def piece(g, a, b):
    """The part of glyph g between columns a and b, cropped to its ink (None if empty)."""
    mask = g.mask[:, a:b]
    rows = np.flatnonzero(mask.any(axis=1))
    if len(rows) == 0 or b - a < 2:
        return None
    r0, r1 = rows[0], rows[-1] + 1
    x, y = g.box[0] + a, g.box[1] + r0
    return Glyph((int(x), int(y), int(b - a), int(r1 - r0)), g.ink[r0:r1, a:b], mask[r0:r1])


def joinable(a, c, height, width=None):
    """True when neighbouring glyphs ``a`` and ``c`` may be two halves of one character:
    both narrow and most of the line's height, close, and together no wider than a wide
    digit (1.2 ``width``, the line's typical one, else 0.8 of its ``height``)."""
    if a.splits is not None or c.splits is not None:
        return False
    (ax, _, aw, ah), (cx, _, cw, ch) = a.box, c.box
    narrow = max(aw, cw) < 0.5 * height and min(ah, ch) >= 0.55 * height
    union = max(ax + aw, cx + cw) - min(ax, cx)
    return narrow and cx - (ax + aw) <= JOIN_GAP * height and union <= 1.2 * (width or 0.8 * height)


def bent_apart(a, c):
    """True when neighbouring narrow glyphs bend away from each other, "( )", as the
    halves of a broken 0 do; two 1s stand straight or bend the same way, "( ("."""
    return bulge(a) <= -BENT * a.box[3] and bulge(c) >= BENT * c.box[3]


def bulge(g):
    """How far right of the straight line through its top and bottom a narrow glyph's
    ink bends in its middle (pixels; negative: left): a ")" is positive, a "(" negative."""
    rows = np.flatnonzero(g.mask.any(axis=1))
    if len(rows) < 5:
        return 0.0
    cols = np.arange(g.mask.shape[1])
    centre = (g.mask[rows] * cols).sum(axis=1) / g.mask[rows].sum(axis=1)
    end = max(1, len(rows) // 5)
    top, bottom, middle = centre[:end].mean(), centre[-end:].mean(), centre[2 * end:-2 * end].mean()
    return float(middle - (top + bottom) / 2)
