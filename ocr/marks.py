"""Ink that is not a character: specks, rules, frames and underlines.

Forms put digits in boxes and under lines; scans add dust.  These functions look at
connected components (:class:`ocr.components.Components`) and say which ones to
drop, for a page (:func:`plausible`) and for a one-character image
(:func:`character_parts`); on lined paper they take out the rules the digits are
written on (:func:`without_rules`).  No digit is a flat dash or a box around other ink.
"""
import numpy as np

from .components import label, painted, runs

SPECK_FRACTION = 0.08  # in a one-character image: parts smaller than this share of the largest
BLOT = 0.7  # of its box inked, a component about as wide as high is a blot (a disc: 0.785)
SOLID_DIGIT = 24  # pixels: a blurred small digit can be that solid (our small pages': 10-15 wide)
STRIP = 300  # pixels: a strip along the image's edge is at least this long (no digit is)
LOOP = 5  # paper enclosed over ink: a ring (a cup's: about 6; a fine pen's 0: 2-3)
LOOP_SIDE = 40  # pixels: smaller loops are left alone (a small 0's counter is a few pixels)
LEGIBLE_HEIGHT = 6  # pixels: no digit shorter than this can be read (3-pt print at 150 dpi)


def typical_height(parts, shape):
    """The typical character height: the ink-weighted median height of the components
    that may be characters (half their ink lies in components at least this tall).

    Noise and broken parts are small and hold little ink, however many there are (a
    JPEG-compressed noisy scan has thousands of specks); rules (flat), frames (ink
    along the edges of a large box) and a border around the page (``shape``) can hold
    much ink and are left out.  So are components under ``LEGIBLE_HEIGHT`` when there
    are others: on a noisy page of small print the specks can hold more ink than the digits.
    So are loops (:func:`loops`): three rings of a cup hold more ink than a page of small print.
    """
    boxes, areas = parts.boxes, parts.areas
    w, h = boxes[:, 2], boxes[:, 3]
    maybe = (w <= 4 * h) & (areas >= 0.05 * w * h) & ~borders(boxes, areas, shape) & ~loops(parts)
    if (maybe & (h >= LEGIBLE_HEIGHT)).any():
        maybe &= h >= LEGIBLE_HEIGHT
    if not maybe.any():
        maybe[:] = True
    order = np.flatnonzero(maybe)[np.argsort(h[maybe])]
    ink = np.cumsum(areas[order])
    return float(h[order[np.searchsorted(ink, ink[-1] / 2)]])


def borders(boxes, areas, shape):
    """Mask (n,) of sparse components spanning most of an image of ``shape`` (h, w) both
    ways (a border around the page, a scanner's dark edges), and of strips along one of
    its edges, over half as long as it (and than ``STRIP``) and under a quarter of the
    image deep (the wedge of a gray scanner lid beside a skewed page, a binding's
    shadow; not the 1 at the end of an image of a line of digits)."""
    x, y, w, h = boxes.T
    rows, cols = shape
    along_top = ((y == 0) | (y + h == rows)) & (w > max(cols / 2, STRIP)) & (h < rows / 4)
    along_side = ((x == 0) | (x + w == cols)) & (h > max(rows / 2, STRIP)) & (w < cols / 4)
    return ((w > 0.6 * cols) & (h > 0.6 * rows) & (areas < 0.1 * w * h)) | along_top | along_side


def plausible(parts, shape, ref):
    """Mask (n,) of a page's components that may be (parts of) characters.

    Dropped: specks, long rules, a border around the page, boxes drawn around other
    ink (a form's cells), flat marks much wider than a digit (short underlines), solid
    blots and loops of a thin line round much paper (a cup's ring).
    """
    boxes, areas = parts.boxes, parts.areas
    w, h = boxes[:, 2], boxes[:, 3]
    speck = (areas < max(4, 0.02 * ref * ref)) | (np.maximum(w, h) < 0.25 * ref)
    rule = ((w > 2.5 * ref) & (h < 0.35 * ref)) | ((h > 3.0 * ref) & (w < 0.35 * ref))
    border = borders(boxes, areas, shape)
    dash = (w > 1.2 * ref) & (w > 5 * h)  # no digit is that flat; the ends of a broken rule are
    # A solid round or square blot (a binder's punched hole, a drop of ink): a digit is
    # strokes and leaves a good part of its box empty, unless small enough for blur to
    # fill its counters.
    blot = (areas > BLOT * w * h) & (4 * w > 3 * h) & (4 * h > 3 * w) & (np.minimum(w, h) >= SOLID_DIGIT)
    blot[blot] = [not has_counter(parts, i) for i in np.flatnonzero(blot)]  # a bold 0 is 0.72 ink
    keep = ~(speck | rule | border | dash | blot) & ~loops(parts)
    return keep & ~frames(parts, np.flatnonzero(keep))


def without_rules(parts, length, ref):
    """The page's mask without its straight, nearly level rules, and the rules' centre
    lines; (None, []) when it has none.

    A rule is found in a component at least ``length`` wide, and four times as wide as
    high, whose lowest (or highest) ink follows a straight line in most of its columns:
    a line the digits were written on (or hang from).  Lined paper is ruled across the
    page, so the line is followed across it, through every component it passes (a faint
    rule breaks into pieces).  Where ink runs along the line, as thick as the rule, it
    goes; digits keep the rest, and a stroke crossing the line falls into two stacked
    parts, which merge again.  Each line is (slope, y at x = 0, thickness) in page pixels.
    """
    boxes = parts.boxes
    w, h = boxes[:, 2], boxes[:, 3]
    lines = []
    for i in np.flatnonzero((w >= length) & (4 * h <= w)):  # not a border around the page
        x, y = boxes[i, :2]
        line = rule_line(parts.labels[y:y + h[i], x:x + w[i]] == i + 1)
        if line is not None:
            slope, at_zero, thickness = line
            lines.append((slope, y + at_zero - slope * x, thickness))
    lines += dashed_rules(boxes, length, lines, max(4.0, 0.3 * ref))
    if not lines:
        return None, []
    mask = parts.labels > 0
    x0, y0 = boxes[:, 0], boxes[:, 1]
    for slope, at_zero, thickness in lines:
        ends = np.stack([slope * x0 + at_zero, slope * (x0 + w) + at_zero])
        crossed = (ends.max(axis=0) >= y0 - thickness) & (ends.min(axis=0) <= y0 + h + thickness)
        for i in np.flatnonzero(crossed):
            x, y = boxes[i, :2]
            own = parts.labels[y:y + h[i], x:x + w[i]] == i + 1
            mask[y:y + h[i], x:x + w[i]] &= ~along(own, slope, at_zero + slope * x - y, thickness)
    return mask, lines


def without_upright_rules(mask, length):
    """``mask`` without the ink of vertical lines at least ``length`` long (a fold across
    the page, a form's column rules), or None when it has none.  Lines ``without_rules``
    cannot take out: touching the characters, they tie every line of them into one
    component as tall as the page.  Only the line's own columns go, and the pixel beside
    each (its ragged edge would be left as thin strokes: 1s); a digit crossing it loses
    those columns."""
    columns = np.flatnonzero(mask.sum(axis=0) >= length)
    if not len(columns):
        return None
    row, start, stop = runs(mask[:, columns].T)  # each column's vertical runs
    long = stop - start >= length
    if not long.any():
        return None
    line = np.zeros(mask.shape, dtype=bool)
    line[:, columns] = painted((len(columns), mask.shape[0]), row[long], start[long], stop[long]).T
    line[:, 1:] |= line[:, :-1].copy()
    line[:, :-1] |= line[:, 1:].copy()
    return mask & ~line


def dashed_rules(boxes, length, known, thickest, most=64):
    """Rules broken into dashes (a faint line on a noisy scan): lines (slope, y at x = 0,
    thickness) on which thin flat components (at most ``thickest`` high) not on a
    ``known`` line lie, level within 3 degrees, together at least ``length`` long."""
    x, y, w, h = (v.astype(float) for v in boxes.T)
    flat = (w >= 4 * h) & (w >= 6) & (h <= thickest)
    for line in known:
        flat &= ~lies_on(boxes, line)
    cx, cy, weight = x[flat] + w[flat] / 2, y[flat] + h[flat] / 2, w[flat]
    heights = h[flat]
    slopes = np.linspace(-0.05, 0.05, 21)
    lines = []
    while len(cx) and len(lines) < most:
        bins = np.floor((cy[None, :] - slopes[:, None] * cx[None, :]) / 3).astype(int)
        low = bins.min()
        votes = np.stack([np.bincount(b - low, weight, minlength=bins.max() - low + 1) for b in bins])
        votes[:, 1:] += votes[:, :-1].copy()  # a line may straddle two 3-pixel bins
        k, b = np.unravel_index(np.argmax(votes), votes.shape)
        if votes[k, b] < length:
            break
        on = (bins[k] - low == b) | (bins[k] - low == b - 1)
        slope, at_zero = np.polyfit(cx[on], cy[on], 1, w=np.sqrt(weight[on])) if on.sum() >= 2 else (0.0, cy[on][0])
        lines.append((slope, at_zero, float(np.median(heights[on]))))
        cx, cy, weight, heights = cx[~on], cy[~on], weight[~on], heights[~on]
    return lines


def along(own, slope, at_zero, thickness):
    """Boolean (h, w): the ink of ``own`` running along the line y = slope x + at_zero
    (its pixels), as thick as ``thickness``: runs at least four times that long (a
    stroke crossing the line is narrow)."""
    h, w = own.shape
    centre = slope * np.arange(w) + at_zero
    band = own & (np.abs(np.arange(h)[:, None] - centre[None, :]) < thickness / 2 + 0.5)
    row, start, stop = runs(band)
    long = stop - start >= max(4 * thickness, 8)
    return painted(own.shape, row[long], start[long], stop[long])


def on_rules(boxes, lines, ref):
    """Mask (n,) of flat bits lying on a rule (``lines`` from :func:`without_rules`): what
    is left of a rule beside the digits on it, and short pieces of a broken rule."""
    w, h = boxes[:, 2], boxes[:, 3]
    out = np.zeros(len(boxes), dtype=bool)
    for line in lines:
        out |= lies_on(boxes, line)
    return out & (w >= 3 * h) & (h <= 0.35 * ref)


def lies_on(boxes, line):
    """Mask (n,): is each box's centre within 3 pixels of the rule ``line`` (slope, y at
    x = 0, thickness)?"""
    slope, at_zero, thickness = line
    x, y, w, h = (v.astype(float) for v in boxes.T)
    return np.abs(y + h / 2 - slope * (x + w / 2) - at_zero) <= thickness / 2 + 3


def rule_line(own):
    """The straight rule along the bottom (or the top) of a wide component ``own`` (h, w)
    as (slope, centre's y at x = 0, thickness) in its pixels, or None when neither edge
    is straight enough."""
    h, w = own.shape
    rows = np.arange(h)[:, None]
    cols = np.flatnonzero(own.any(axis=0))
    bottom = np.where(own, rows, -1).max(axis=0)
    top = np.where(own, rows, h).min(axis=0)
    for edge, inward in ((bottom, -1), (top, 1)):
        e = edge[cols].astype(float)
        fit = np.polyfit(cols, e, 1)
        for _ in range(2):  # refit on the columns the line explains (not the digits')
            near = np.abs(np.polyval(fit, cols) - e) <= 2
            if near.sum() < 2:
                break
            fit = np.polyfit(cols[near], e[near], 1)
        near = np.abs(np.polyval(fit, cols) - e) <= 1.5
        if near.mean() < 0.5 or abs(fit[0]) > 0.1:  # not straight, or steeper than ~6 degrees
            continue
        # How far the ink reaches in from the edge: in most columns only the rule is there.
        offset = (rows - np.polyval(fit, np.arange(w))[None, :]) * inward  # >= 0 inside
        reach = (own & (offset > -1) & (offset < 8)).sum(axis=0)[cols[near]]
        t = np.percentile(reach, 30) + 0.5
        return fit[0], fit[1] + inward * (t - 1) / 2, t
    return None


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
    x, y, w, h = parts.boxes.T
    a = np.asarray(candidates, dtype=int)
    a = a[(w[a] >= 6) & (h[a] >= 6) & (parts.areas[a] < 0.8 * w[a] * h[a])]
    for i in a[holds_others(parts, a)]:
        own = parts.labels[y[i]:y[i] + h[i], x[i]:x[i] + w[i]] == i + 1
        band = parts.areas[i] / (2 * (w[i] + h[i])) + 1.5  # a box's line width, and a margin
        ys, xs = np.nonzero(own)
        edge = np.minimum(np.minimum(xs, w[i] - 1 - xs), np.minimum(ys, h[i] - 1 - ys))
        k = max(1, round(0.06 * min(w[i], h[i])))  # the corner squares a box fills
        corners = own[:k, :k].any() and own[:k, -k:].any() and own[-k:, :k].any() and own[-k:, -k:].any()
        out[i] = corners and np.mean(edge < band) > 0.9
    return out


def loops(parts):
    """Mask (n,) of components that enclose over ``LOOP`` times their own ink in paper: a
    line drawn round a large space (a cup's ring, a circle round a figure), not a digit
    (a 0 written with a fine pen encloses two to three times its ink).  Only roomy
    components at least ``LOOP_SIDE`` pixels across are looked at."""
    x, y, w, h = parts.boxes.T
    out = np.zeros(parts.count, dtype=bool)
    for i in np.flatnonzero((np.minimum(w, h) >= LOOP_SIDE) & (parts.areas * (LOOP + 1) < w * h)):
        paper = np.pad(parts.labels[y[i]:y[i] + h[i], x[i]:x[i] + w[i]] != i + 1, 1, constant_values=True)
        ground = label(paper)
        outside = ground.areas[ground.labels[0, 0] - 1]
        out[i] = paper.sum() - outside > LOOP * parts.areas[i]
    return out


def has_counter(parts, i):
    """Does component ``i`` enclose paper (a 0's counter)?"""
    x, y, w, h = parts.boxes[i]
    paper = np.pad(parts.labels[y:y + h, x:x + w] != i + 1, 1, constant_values=True)
    return label(paper).count > 1


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
