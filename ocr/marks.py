"""Ink that is not a character: specks, rules, frames and underlines.

Forms put digits in boxes and under lines; scans add dust.  These functions look at
connected components (:class:`ocr.components.Components`) and say which ones to
drop, for a page (:func:`plausible`) and for a one-character image
(:func:`character_parts`).  No digit is a flat dash or a box around other ink.  The
rules of lined paper, which digits touch, are :mod:`ocr.rules`'s, and a cup's ring
crossing digits :mod:`ocr.rings`'s.
"""
import numpy as np

from .components import label, painted, runs

SPECK_FRACTION = 0.08  # in a one-character image: parts smaller than this share of the largest
BLOT = 0.7  # of its box inked, a component about as wide as high is a blot (a disc: 0.785)
SOLID_DIGIT = 24  # pixels: a blurred small digit can be that solid (our small pages': 10-15 wide)
STRIP = 300  # pixels: a strip along the image's edge is at least this long (no digit is)
SLIVER, DASHES = 2, 3  # so many pieces along an image's edge this thin (pixels): a line's
LOOP = 5  # paper enclosed over ink: a ring (a cup's: about 6; a fine pen's 0: 2-3)
LOOP_SIDE = 40  # pixels: smaller loops are left alone (a small 0's counter is a few pixels)
SPECK_HEIGHT = 64  # pixels: over this character height a speck's most ink grows with the height alone
LOOP_HEIGHT = 1.3  # of the characters' height: a loop no taller is a 0 of a fine pen, drawn large
LEGIBLE_HEIGHT = 6  # pixels: no digit shorter than this can be read (3-pt print at 150 dpi)
RIM_SHARE = 0.6  # of a sparse component's ink along its box's edges: a border (a large fine 7: 0.3)
SMALL_PRINT = 0.3  # of the typical height: print under this beside larger characters is read at its own
ROW_LEAST = 5  # small print: at least this many characters side by side in a row (two rows of 4: as good)


def typical_height(parts, shape):
    """The typical character height: the ink-weighted median height of the components
    that may be characters (half their ink lies in components at least this tall).

    Noise and broken parts are small and hold little ink, however many there are (a
    JPEG-compressed noisy scan has thousands of specks); rules (flat), frames (ink
    along the edges of a large box) and a border around the page (``shape``) can hold
    much ink and are left out.  So are components under ``LEGIBLE_HEIGHT`` when there
    are others: on a noisy page of small print the specks can hold more ink than the digits.
    So are loops (:func:`loops`): three rings of a cup hold more ink than a page of small print;
    and solid blots (:func:`blots`): three punched holes outweighed a few short lines of digits;
    and lines over ``STRIP`` long, ten times as tall as wide (a fold; what is left of a
    lid's wedge once the upright lines are out: its thin end, no longer at the edge).
    Print much smaller than that height which lines up in rows sets it instead
    (:func:`small_print`): a large heading's few characters outweigh it.
    """
    boxes, areas = parts.boxes, parts.areas
    w, h = boxes[:, 2], boxes[:, 3]
    upright_line = (h > STRIP) & (h >= 10 * w)  # a fold, a column rule, a wedge's thin end
    edge = borders(parts, shape)
    maybe = (w <= 4 * h) & ~upright_line & (areas >= 0.05 * w * h) & ~edge & ~loops(parts) & ~blots(parts)
    if (maybe & (h >= LEGIBLE_HEIGHT)).any():
        maybe &= h >= LEGIBLE_HEIGHT
    if not maybe.any():  # every line of digits one with its rule, say: all but the borders
        maybe = ~edge if not edge.all() else np.ones(len(h), dtype=bool)
    order = np.flatnonzero(maybe)[np.argsort(h[maybe])]
    ink = np.cumsum(areas[order])
    height = float(h[order[np.searchsorted(ink, ink[-1] / 2)]])
    return small_print(boxes[maybe], height) or height


def small_print(boxes, height):
    """The height of print under ``SMALL_PRINT`` of the typical ``height`` that lines up in
    a row, or None: ``ROW_LEAST`` or more characters side by side (no wider than tall, about
    as tall as their median, level within 0.3 of it, each within two heights of the next).

    The typical height is ink-weighted, so a few large characters (a bold number heading
    a form) outweigh many small ones, and ink under a quarter of it is a speck: every
    line of the small print went.  Grain and dust do not line up in rows of even height.
    """
    w, h = boxes[:, 2], boxes[:, 3]
    small = (h >= LEGIBLE_HEIGHT) & (h < SMALL_PRINT * height) & (w <= h)
    if np.count_nonzero(small) < ROW_LEAST:
        return None
    x, y, w, h = boxes[small].T
    size = float(np.median(h))
    even = np.abs(h - size) <= 0.3 * size
    x, y, w = x[even], y[even] + h[even] / 2, w[even]
    order = np.argsort(y, kind="stable")
    middles = y[order]
    for i in order:
        level = order[np.searchsorted(middles, y[i] - 0.3 * size):np.searchsorted(middles, y[i] + 0.3 * size, "right")]
        level = level[np.argsort(x[level], kind="stable")]
        gaps = x[level][1:] - (x[level] + w[level])[:-1]
        if max(len(word) for word in np.split(level, np.flatnonzero(gaps > 2 * size) + 1)) >= ROW_LEAST:
            return size
    return None


def borders(parts, shape):
    """Mask (n,) of sparse components spanning most of an image of ``shape`` (h, w) both
    ways with their ink along their box's edges (a border around the page, a scanner's
    dark edges; a large digit drawn with a fine line and filling the image has its ink
    inside its box), and of strips along one of its edges, over half as long as it (and
    than ``STRIP``) and under a quarter of the image deep (the wedge of a gray scanner
    lid beside a skewed page, a binding's shadow; not the 1 at the end of an image of a
    line of digits), of such strips along two edges, meeting in a corner, and of a
    dashed line along an edge (:func:`slivers`)."""
    boxes, areas = parts.boxes, parts.areas
    x, y, w, h = boxes.T
    rows, cols = shape
    at_side, at_top = (x == 0) | (x + w == cols), (y == 0) | (y + h == rows)
    along_top = at_top & (w > max(cols / 2, STRIP)) & (h < rows / 4)
    along_side = at_side & (h > max(rows / 2, STRIP)) & (w < cols / 4)
    sparse = areas < 0.1 * w * h
    # Strips along two edges meeting in a corner (a lid's wedges): an L, thin for its size.
    corner = (at_side & at_top & sparse
              & (np.maximum(w, h) > STRIP) & ((w > cols / 2) | (h > rows / 2)))
    spanning = (w > 0.6 * cols) & (h > 0.6 * rows) & sparse
    spanning[spanning] = [rim_share(parts, i) >= RIM_SHARE for i in np.flatnonzero(spanning)]
    return spanning | along_top | along_side | corner | slivers(boxes, shape)


def rim_share(parts, i):
    """The share of component ``i``'s ink within a twentieth of its box's smaller side
    (and 3 pixels) of the box's edges."""
    mine = parts.own(i)
    w, h = parts.boxes[i, 2:]
    band = max(3, min(w, h) // 20)
    inner = mine[band:-band, band:-band].sum() if min(w, h) > 2 * band else 0
    return 1.0 - inner / max(1, mine.sum())


def slivers(boxes, shape):
    """Mask (n,) of the boxes (x, y, w, h) that are ``DASHES`` or more slivers along one
    edge of an image of ``shape``, each at most ``SLIVER`` pixels deep: a line the edge
    runs along (a grid's), broken into dashes, each of which read as a "1".  One alone
    may be a thin 1 at the edge of a tight crop."""
    x, y, w, h = boxes.T
    rows, cols = shape
    out = np.zeros(len(boxes), dtype=bool)
    for on_edge in ((x == 0) & (w <= SLIVER), (x + w == cols) & (w <= SLIVER),
                    (y == 0) & (h <= SLIVER), (y + h == rows) & (h <= SLIVER)):
        if np.count_nonzero(on_edge) >= DASHES:
            out |= on_edge
    return out


def plausible(parts, shape, ref):
    """Mask (n,) of a page's components that may be (parts of) characters.

    Dropped: specks, long rules, a border around the page, boxes drawn around other
    ink (a form's cells), flat marks much wider than a digit (short underlines), solid
    blots and loops of a thin line round much paper taller than the characters (a cup's
    ring, a circle round a number; a 0 of a fine pen 120 pixels tall encloses six times
    its ink).
    """
    boxes, areas = parts.boxes, parts.areas
    w, h = boxes[:, 2], boxes[:, 3]
    speck = page_specks(boxes, areas, ref)
    rule = ((w > 2.5 * ref) & (h < 0.35 * ref)) | ((h > 3.0 * ref) & ((w < 0.35 * ref) | (h >= 10 * w)))
    border = borders(parts, shape)
    dash = (w > 1.2 * ref) & (w > 5 * h)  # no digit is that flat; the ends of a broken rule are
    loop = loops(parts) & (h > LOOP_HEIGHT * ref)
    keep = ~(speck | rule | border | dash | blots(parts) | loop)
    return keep & ~frames(parts, np.flatnonzero(keep))


def blots(parts):
    """Mask (n,) of solid round or square blots (a binder's punched hole, a drop of ink):
    a digit is strokes and leaves a good part of its box empty, unless small enough for
    blur to fill its counters."""
    w, h = parts.boxes[:, 2], parts.boxes[:, 3]
    blot = (parts.areas > BLOT * w * h) & (4 * w > 3 * h) & (4 * h > 3 * w) & (np.minimum(w, h) >= SOLID_DIGIT)
    blot[blot] = [not has_counter(parts, i) for i in np.flatnonzero(blot)]  # a bold 0 is 0.72 ink
    return blot


def page_specks(boxes, areas, ref):
    """Mask (n,) of a page's components too small to be (much of) a character ``ref`` high.

    A character's ink grows with its height times its pen's width: on a page of large
    characters written with a fine pen (a 1 of a 4-pixel line, 150 pixels tall) it is
    far under 2% of their box, so over SPECK_HEIGHT the least ink grows with the height.
    """
    return (areas < max(4, 0.02 * ref * min(ref, SPECK_HEIGHT))) | (boxes[:, 2:].max(axis=1) < 0.25 * ref)


def character_parts(parts):
    """Mask (n,) of the components of a one-character image that make the character:
    not a frame around it, not a line under it, not specks."""
    keep = ~frames(parts, np.arange(parts.count))
    if not keep.any():
        return keep
    keep &= ~underlines(parts.boxes, keep)
    return keep & ~specks(parts.areas, keep)


def specks(areas, keep):
    """Mask (n,) of components smaller than ``SPECK_FRACTION`` of the largest kept one."""
    return areas < SPECK_FRACTION * areas[keep].max()


def without_specks(mask):
    """A boolean image without its specks (see :func:`specks`)."""
    parts = label(mask)
    if parts.count <= 1:
        return mask
    return parts.select(~specks(parts.areas, np.ones(parts.count, dtype=bool)))


def frames(parts, candidates):
    """Mask (n,) of the ``candidates`` (component indices) that are boxes drawn around
    other ink: another component's box lies inside theirs, their own pixels hug their
    box's edges, and they fill its four corners (a 0 around a blot or a monospace 0
    around its dot leaves the corners of its box empty)."""
    out = np.zeros(parts.count, dtype=bool)
    if parts.count < 2:
        return out
    w, h = parts.boxes[:, 2], parts.boxes[:, 3]
    a = np.asarray(candidates, dtype=int)
    a = a[(w[a] >= 6) & (h[a] >= 6) & (parts.areas[a] < 0.8 * w[a] * h[a])]
    for i in a[holds_others(parts, a)]:
        own = parts.own(i)
        band = parts.areas[i] / (2 * (w[i] + h[i])) + 1.5  # a box's line width, and a margin
        ys, xs = np.nonzero(own)
        edge = np.minimum(np.minimum(xs, w[i] - 1 - xs), np.minimum(ys, h[i] - 1 - ys))
        k = max(1, round(0.06 * min(w[i], h[i])))  # the corner squares a box fills
        corners = own[:k, :k].any() and own[:k, -k:].any() and own[-k:, :k].any() and own[-k:, -k:].any()
        out[i] = corners and np.mean(edge < band) > 0.9
    return out


def loops(parts, ratio=LOOP, side=LOOP_SIDE):
    """Mask (n,) of components that enclose over ``ratio`` times their own ink in paper:
    a line drawn round a large space (a cup's ring, a circle round a figure), not a
    digit (a 0 written with a fine pen encloses two to three times its ink).  Only roomy
    components at least ``side`` pixels across are looked at."""
    w, h = parts.boxes[:, 2], parts.boxes[:, 3]
    out = np.zeros(parts.count, dtype=bool)
    for i in np.flatnonzero((np.minimum(w, h) >= side) & (parts.areas * (ratio + 1) < w * h)):
        out[i] = enclosed(parts, i) > ratio * parts.areas[i]
    return out


def enclosed(parts, i):
    """The paper (pixels) component ``i`` encloses within its box (other ink counts as paper)."""
    x, y, w, h = parts.boxes[i]
    paper = np.pad(parts.labels[y:y + h, x:x + w] != i + 1, 1, constant_values=True)
    ground = label(paper)
    return int(paper.sum() - ground.areas[ground.labels[0, 0] - 1])


def has_counter(parts, i):
    """Does component ``i`` enclose paper (a 0's counter)?"""
    return enclosed(parts, i) > 0


def holds_others(parts, candidates, chunk=256):
    """Mask (len(candidates),): does another component of at least 2% of the
    candidate's area lie strictly inside the candidate's box?"""
    x, y, w, h = (v[None, :] for v in parts.boxes.T)
    areas = parts.areas[None, :]
    out = np.zeros(len(candidates), dtype=bool)
    for s in range(0, len(candidates), chunk):  # (chunk, n) comparisons at a time
        c = np.asarray(candidates[s:s + chunk])[:, None]
        cx, cy, cw, ch = (v[c] for v in parts.boxes.T)
        inside = ((x > cx) & (y > cy) & (x + w < cx + cw) & (y + h < cy + ch)
                  & (areas >= 0.02 * parts.areas[c]))
        out[s:s + chunk] = inside.any(axis=1)
    return out


def underlines(boxes, keep):
    """Mask (n,) of flat marks below the other kept components and wider than all of
    them together: a line the character was written on."""
    x, y, w, h = boxes.T
    flat = keep & (h * 4 < w)
    rest = keep & ~flat
    if not flat.any() or not rest.any():
        return np.zeros(len(boxes), dtype=bool)
    left, right = x[rest].min(), (x + w)[rest].max()
    bottom, height = (y + h)[rest].max(), h[rest].max()
    return flat & (h < 0.4 * height) & (y >= bottom - 0.15 * height) & (w >= 1.1 * (right - left))


def strip_underline(mask):
    """``mask`` (h, w) of one character without a line drawn under it and touching it.

    The line is the block of bottom rows that each hold a run across most of the
    mask, no more than a quarter of its height thick, and at least 1.2 times as long
    as the ink above it is high: a digit's own base (a 2's, a serif 1's) is shorter.
    Returns the mask unchanged when there is no such line.
    """
    h, w = mask.shape
    row, start, stop = runs(mask)
    if not len(row) or h < 8:
        return mask
    longest = np.zeros(h, dtype=int)
    np.maximum.at(longest, row, stop - start)
    inked = np.flatnonzero(longest)
    bottom = inked[-1]
    line = bottom
    while line - 1 >= 0 and longest[line - 1] >= 0.6 * w:
        line -= 1
    if longest[bottom] < 0.6 * w or bottom - line + 1 > 0.25 * (bottom - inked[0] + 1):
        return mask
    above = inked[inked < line]
    if not len(above) or longest[line:bottom + 1].max() < 1.2 * (above[-1] - above[0] + 1):
        return mask
    drop = (row >= line) & (stop - start >= 0.6 * w)
    return mask & ~painted(mask.shape, row[drop], start[drop], stop[drop])
