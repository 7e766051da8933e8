"""What segmentation hands the network: candidate characters and the ways to read them.

A :class:`Glyph` is a box of ink that may be one character; its :class:`Cuts` are
the ways to read it as several touching characters instead, and its ``join`` a way
to read it and its neighbour as one.  :mod:`ocr.segment` and :mod:`ocr.cuts` build
them, :mod:`ocr.recognizer` fills in the networks' ``probs`` and picks a reading.
"""
from dataclasses import dataclass

import numpy as np

WIDEST_DIGIT = 1.3  # width / height: no single digit is wider (touching ones are)


@dataclass
class Glyph:
    """A candidate character: ``box`` (x, y, w, h) in image pixels, its ``ink`` and ``mask`` crops.

    ``splits`` are the ways to read the same pixels as several characters (touching
    characters): a :class:`Cuts`, or None; ``join`` is another reading of this glyph
    and the next one in its line as one character (the halves of a 0 whose thin top
    and bottom broke), or None.  A ``narrow`` glyph (a cut piece) is too narrow for
    any digit but a 1; a join ``bends_apart`` when its halves bend away from each
    other, "( )", as a broken 0's do.  ``strength`` is how dark its stroke cores are (the 90th
    percentile of its ink, the page's stroke cores being 1).  ``probs`` and ``reading``
    are filled in by the recognizer: the class probabilities of the network that
    chooses among readings and of the one that reads (the same with a one-network model).
    """
    box: tuple
    ink: np.ndarray
    mask: np.ndarray
    splits: object = None
    join: object = None
    narrow: bool = False
    bends_apart: bool = False
    strength: float = 1.0
    probs: np.ndarray = None
    reading: np.ndarray = None


@dataclass
class Cuts:
    """The ways to cut a glyph into touching characters, as a lattice: ``pieces`` maps a
    span (a, b) of the glyph's columns to the Glyph of that piece, and a reading is a
    chain of spans from column 0 to ``width`` whose number of pieces is in ``counts``.
    Readings share their pieces, so each is read by the network once."""
    width: int
    counts: tuple
    pieces: dict

    def best(self, confidence):
        """The reading whose pieces' geometric mean ``confidence(piece)`` is highest:
        ``(mean, [Glyph, ...])`` left to right, or None when no chain has an allowed count.

        The geometric mean does not favour fewer pieces (the least sure piece alone
        does: three touching digits read as two).  Dynamic programming over the
        lattice: the best chain of each length ending at each column.
        """
        chains = {(0, 0): (0.0, None)}  # (column, pieces) -> (sum of log confidence, last piece)
        for (a, b), piece in sorted(self.pieces.items()):  # all chains into a end before a
            score = np.log(max(confidence(piece), 1e-12))
            for n in range(max(self.counts)):
                if (a, n) in chains and chains.get((b, n + 1), (-np.inf,))[0] < chains[a, n][0] + score:
                    chains[b, n + 1] = (chains[a, n][0] + score, (a, b))
        ends = [(np.exp(chains[self.width, n][0] / n), n) for n in self.counts if (self.width, n) in chains]
        if not ends:
            return None
        mean, n = max(ends)
        out, column = [], self.width
        while n:
            a, b = chains[column, n][1]
            out.append(self.pieces[a, b])
            column, n = a, n - 1
        return float(mean), out[::-1]

    def readings(self):
        """Every reading (a list of Glyphs, left to right) in the lattice."""
        def chains(column, n):
            if column == self.width:
                if n in self.counts:
                    yield []
                return
            for (a, b), piece in sorted(self.pieces.items()):
                if a == column:
                    yield from ([piece] + rest for rest in chains(b, n + 1))
        return list(chains(0, 0))


def all_glyphs(layout):
    """The glyphs of a layout (lines of Glyphs), in reading order."""
    return [g for line in layout for g in line]


def candidates(layout):
    """Every Glyph a layout may be read as: each glyph, the pieces of its cuts, its join."""
    for g in all_glyphs(layout):
        yield g
        if g.splits is not None:
            yield from g.splits.pieces.values()
        if g.join is not None:
            yield g.join


def line_strength(line):
    """How dark a line's strokes are: the median ``strength`` of its glyphs."""
    return float(np.median([g.strength for g in line]))


def line_height(line):
    """A line's character height: the median height of its glyphs."""
    return float(np.median([g.box[3] for g in line]))


def too_wide(box):
    """True when a box (x, y, w, h) is wider than ``WIDEST_DIGIT`` times its height:
    more than one digit."""
    return box[2] > WIDEST_DIGIT * box[3]
