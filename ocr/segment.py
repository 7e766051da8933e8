"""Finding characters: ink -> components -> characters -> lines, in reading order.

``page`` segments a document (or an image holding one digit): it sharpens a scan out
of focus (:mod:`ocr.deblur`), binarizes with the background flattened, labels ink
components (:mod:`ocr.components`), takes out the rules digits are written on and
drops specks, rules, frames and underlines (:mod:`ocr.marks`), merges the stacked
parts of one broken character (and on a black-and-white scan the dots of a faint
stroke) and groups characters into lines (:mod:`ocr.characters`, :mod:`ocr.layout`);
if the lines fall steeply it turns the page's ink level and does so again
(:mod:`ocr.deskew`).  It parts the touching characters of two close lines, proposes
cuts for components wide enough to be touching characters and joins for narrow
neighbours that may be the halves of one.  Which reading is right is left to the
chooser network's confidence, and the words are found among the characters it chose
(:mod:`ocr.recognizer`).

``char_glyph`` treats a whole image as one character (``--mode char``).
"""
from dataclasses import replace
from typing import NamedTuple

import numpy as np
from PIL import Image

from .binarize import binarize
from .components import label
from .characters import apart, box_of, characters, joined_fragments, stroke_width
from .cuts import bent_apart, cuts_of, joinable
from .deblur import sharpened
from .deskew import levelled, page_skew, steep
from .glyph import Glyph, candidates, line_height
from .grid import without_grid
from .layout import doubled, line_angles, stacked
from .marks import borders, character_parts, strip_underline, typical_height, without_specks
from .rings import without_rings
from .rules import without_rules, without_upright_rules

CHAR_SIDE = 128  # a one-character image larger than twice this is shrunk: detail beyond it is noise
PAGE_PIXELS = 16_000_000  # a page larger than this (A4 at ~400 dpi) is shrunk first
TIED = 2  # character heights: a rule's component higher than this holds rules tied together
TIED_PASSES = 3  # more passes for rules tied together into one component
APART_PASSES = 3  # at most: characters of three lines touching take two
WIDEST_CUT = 6  # pixels: the widest cut a rule's removal leaves in a ring that is bridged


def char_glyph(gray):
    """An image holding one character as a Glyph (``--mode char``), or None without ink.

    The image is binarized; specks, a frame around the character and a line under it
    are dropped (:mod:`ocr.marks`).  In an image over four times
    ``CHAR_SIDE`` the character is first found on a shrunk copy and the image cut
    down to it (a small digit on a big scan keeps its detail), and what is still
    larger than twice ``CHAR_SIDE`` is shrunk by a whole factor; so ``ink`` and ``mask`` may be smaller than
    the image while ``box`` is always in input pixels.
    """
    gray = np.asarray(gray, dtype=np.float32)
    x0 = y0 = 0
    if max(gray.shape) >= 4 * CHAR_SIDE:  # shrinking by 4 or more could erase a small digit
        y0, y1, x0, x1 = ink_extent(gray)
        gray = gray[y0:y1, x0:x1]
    factor = max(1, max(gray.shape) // CHAR_SIDE)
    if factor >= 2:
        gray = shrink(gray, factor)
    b = binarize(gray)
    parts = label(b.mask)
    mask = strip_underline(parts.select(character_parts(parts)))
    if not mask.any():
        return None
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    box = (x0 + int(cols[0]) * factor, y0 + int(rows[0]) * factor,
           int(cols[-1] - cols[0] + 1) * factor, int(rows[-1] - rows[0] + 1) * factor)
    return Glyph(box, b.ink, mask)


def ink_extent(gray, side=4 * CHAR_SIDE):
    """Rows y0:y1 and columns x0:x1 of a large image around its main ink, with a margin
    (found on a copy at most ``side`` pixels long); the whole image if it has no ink."""
    factor = max(1, -(-max(gray.shape) // side))
    mask = without_specks(binarize(shrink(gray, factor) if factor > 1 else gray).mask)
    if not mask.any() and 1 < factor and gray.size <= PAGE_PIXELS:  # too small to survive
        factor, mask = 1, without_specks(binarize(gray).mask)        # the shrinking: look closely
    h, w = gray.shape
    if not mask.any():
        return 0, h, 0, w
    rows, cols = np.flatnonzero(mask.any(axis=1)) * factor, np.flatnonzero(mask.any(axis=0)) * factor
    margin = max(rows[-1] - rows[0], cols[-1] - cols[0]) // 4 + 2 * factor
    return (max(0, rows[0] - margin), min(h, rows[-1] + factor + margin),
            max(0, cols[0] - margin), min(w, cols[-1] + factor + margin))


def shrink(gray, factor):
    """Box-average ``gray`` down by a whole ``factor``."""
    return np.asarray(Image.fromarray(np.ascontiguousarray(gray, dtype=np.float32), mode="F").reduce(factor))


def page(gray):
    """Segment a grayscale page (h, w) into lines of Glyphs, in reading order.

    A page over ``PAGE_PIXELS`` is shrunk by a whole factor first (characters on such
    pages are large; memory and time stay bounded); boxes are always in input pixels.

    Returns
    -------
    list of lines, top to bottom; a line is a list of :class:`Glyph`, left to right
    """
    gray = np.asarray(gray, dtype=np.float32)
    factor = int(np.ceil(np.sqrt(gray.size / PAGE_PIXELS)))
    if factor < 2:
        return segment_page(gray)
    lines = segment_page(shrink(gray, factor))
    for g in candidates(lines):
        g.box = tuple(int(v) * factor for v in g.box)
    return lines


def segment_page(gray):
    """:func:`page` at the image's own resolution."""
    b = binarize(sharpened(gray), sparse=True)
    b, found, turn = level_if_steep(b, ink_characters(b.mask, b.bilevel))
    if found is None:
        return []
    parts, ref, rules, group_of, gboxes, angle, lines = found
    walls = []
    for _ in range(APART_PASSES):
        cuts = between_lines(parts, group_of, gboxes, lines, angle, ref)
        if not cuts:
            break
        # Characters of neighbouring lines touch: part them and look again (a glyph over
        # three lines is parted from one of them in a pass, and found again whole the next).
        mask, more = apart(parts, group_of, gboxes, cuts)
        walls += more
        parts = joined_fragments(label(mask), ref, rules) if b.bilevel else label(mask)
        found = characters(parts, mask.shape, ref, rules, walls)
        if found is None:
            return []
        group_of, gboxes, angle, lines = found
    labels = parts.labels
    out = []
    for line in lines:
        line = sorted(line, key=lambda i: gboxes[i][0])
        glyphs = [make_glyph(b, group_of, labels, i, gboxes[i]) for i in line]
        height = line_height(glyphs)
        wide = [g.box[2] for g in glyphs if g.box[2] >= 0.45 * g.box[3]]  # not 1s
        # merged glyphs inflate the median: a digit is no wider than 0.8 of the line's height
        width = min(float(np.median(wide)), 0.8 * height) if len(wide) >= 3 else None
        for g in glyphs:
            g.splits = cuts_of(g, height, width)
        for k, (a, c) in enumerate(zip(glyphs, glyphs[1:])):
            if joinable(a, c, height, width):
                a.join = make_glyph(b, group_of, labels, line[k:k + 2], box_of(np.array([a.box, c.box])))
                a.join.bends_apart = bent_apart(a, c)
        out.append(glyphs)
    if turn is not None:
        for g in candidates(out):
            g.box = turn.box_back(g.box)
    return out


class Found(NamedTuple):
    """What :func:`ink_characters` finds on a page: its components, typical character
    height and the rules taken out, then :func:`characters.characters`'s answer (each
    component's character, the characters' boxes, the skew and the lines)."""
    parts: object
    ref: float
    rules: list
    group_of: np.ndarray
    boxes: np.ndarray
    angle: float
    lines: list


def ink_characters(mask, broken=False):
    """The characters of an ink ``mask`` (:class:`Found`), or None when there are none;
    ``broken``: strokes may have fallen apart (a black-and-white scan), join the fragments."""
    parts = label(mask)
    if parts.count == 0:
        return None
    ringless = without_rings(parts)  # a cup's ring and the digits touching it: one component
    mask = mask if ringless is None else ringless
    gridless = without_grid(mask)
    mask = mask if gridless is None else gridless
    if ringless is not None or gridless is not None:
        parts = label(mask)
        if parts.count == 0:
            return None
    ref = typical_height(parts, mask.shape)
    # A fold across lined paper ties the rules and every digit on them into one sparse
    # component, a border by its shape: no character height to go by, only the page's.
    tangled = borders(parts, mask.shape).all()
    upright = without_upright_rules(mask, mask.shape[0] / 4 if tangled else max(4 * ref, mask.shape[0] / 4))
    if upright is not None:
        parts = label(upright)
        if parts.count == 0:
            return None
        ref = typical_height(parts, mask.shape)
    # Digits written on a rule are one component with it: take the rules out and look again.
    length = max(3 * ref, mask.shape[1] / 4)
    tied = tied_rules(parts, length, ref)
    unruled, rules = without_rules(parts, length, ref)
    if unruled is not None and tied:
        unruled, rules = without_tied_rules(unruled, rules, length, ref)
    if unruled is not None:
        parts = label(unruled)
        ref = typical_height(parts, mask.shape) if parts.count else ref
    if broken:
        parts = joined_fragments(parts, ref, rules)
    found = characters(parts, mask.shape, ref, rules)
    return None if found is None else Found(parts, ref, rules, *found)


def tied_rules(parts, length, ref):
    """True when a component as wide and flat as a rule is over ``TIED`` characters high:
    rules tied together (a cup's ring across them, which ties them into one)."""
    w, h = parts.boxes[:, 2], parts.boxes[:, 3]
    return bool(((w >= length) & (4 * h <= w) & (h > TIED * ref)).any())


def without_tied_rules(mask, rules, length, ref):
    """``mask`` (and ``rules``) without more of the rules of :func:`without_rules`: rules
    tied into one component come out one a pass (each pass finds one along its bottom or
    top), and then the ring that tied them, cut into arcs by their removal
    (:func:`without_cut_rings`)."""
    for _ in range(TIED_PASSES):
        more, found = without_rules(label(mask), length, ref)
        if more is None:
            break
        mask, rules = more, rules + found
    return without_cut_rings(mask, rules), rules


def without_cut_rings(mask, rules):
    """``mask`` without a cup's ring that crossed the ``rules`` taken out of it: their
    removal cut the ring into arcs, no loop any more (nor a digit): it is looked for with
    the cuts bridged (the ink reaching up as far as the thickest rule), and only its own
    pixels go."""
    gap = min(int(np.ceil(max(t for _, _, t in rules))) + 1, WIDEST_CUT)
    bridged = mask.copy()
    for k in range(1, gap + 1):
        bridged[:-k] |= mask[k:]
    ringless = without_rings(label(bridged))
    return mask if ringless is None else mask & ringless


def level_if_steep(b, found):
    """The page's ink ``b`` and :func:`ink_characters` ``found`` on it as they are, or turned
    level and found again when the page's lines fall steeply (:mod:`ocr.deskew`):
    ``(ink, found, turn)``, ``turn`` mapping boxes back (None when not turned)."""
    if found is None:
        tilt = page_skew(np.zeros(0), None, b.mask)
    else:
        tilt = page_skew(line_angles(found.boxes, found.lines), found.angle, b.mask)
    if tilt is None or not steep(tilt, ruled=found is None or len(found.rules) > 0):
        return b, found, None
    # Turned, a border or a lid's wedge would no longer line the edge: it goes first, whole
    # (found's components have lost the wedge's upright columns to without_upright_rules).
    parts = label(b.mask)
    edge = borders(parts, b.mask.shape)
    if edge.any():
        b = replace(b, mask=b.mask & ~parts.select(edge))
    b, turn = levelled(b, tilt)
    return b, ink_characters(b.mask, b.bilevel), turn


def between_lines(parts, group_of, boxes, lines, angle, ref):
    """Cuts (index, top, bottom) of the characters that hold characters of two lines:
    :func:`layout.stacked`'s, and :func:`layout.doubled`'s where the line's tall boxes
    are drawn with the page's pen (a line of large print has thicker strokes)."""
    cuts, pen = stacked(boxes, lines, angle), None
    for line in doubled(boxes, lines, ref):
        pen = pen or stroke_width(parts, group_of, boxes, range(len(boxes)))
        if stroke_width(parts, group_of, boxes, [i for i, _, _ in line]) <= 1.25 * pen:
            cuts += line
    return cuts


def make_glyph(b, group_of, labels, i, box):
    """The Glyph of character ``i`` (or of the characters in a list ``i``): the pixels in
    ``box`` whose component belongs to it, less a line drawn under it and touching it
    (the box shrinks to what is left)."""
    x, y, w, h = (int(v) for v in box)
    whole = np.isin(group_of[labels[y:y + h, x:x + w]], i)
    mask = strip_underline(whole)
    if mask is not whole:  # a line went: the box shrinks to what is left
        rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
        r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        x, y, w, h, mask = x + c0, y + r0, c1 - c0, r1 - r0, mask[r0:r1, c0:c1]
    ink = b.ink[y:y + h, x:x + w]
    strength = float(np.percentile(ink[mask], 90)) if mask.any() else 0.0
    return Glyph((int(x), int(y), int(w), int(h)), ink, mask, strength=strength)
