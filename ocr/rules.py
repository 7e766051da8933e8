"""Straight lines across a page: the rules of lined paper, a fold, a form's columns.

Digits are written on rules and touch them, so a rule and the digits on it are one
component: :func:`without_rules` finds the rule along the edge of a wide component (or
dashes lying on one line, :func:`dashed_rules`) and takes out only the ink running
along it; :func:`without_upright_rules` takes out vertical lines as long as a good
part of the page.  :func:`on_rules` says which bits left over lie on a rule.  Squared paper's
grid is :mod:`ocr.grid`'s.
"""
import numpy as np

from .components import painted, runs

REACH = 2  # pixels of ink on both sides of an upright line: a stroke crossing it


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
        line = rule_line(parts.own(i))
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
            own = parts.own(i)
            mask[y:y + h[i], x:x + w[i]] &= ~along(own, slope, at_zero + slope * x - y, thickness)
    return mask, lines


def without_upright_rules(mask, length):
    """``mask`` without the ink of vertical lines at least ``length`` long (a fold across
    the page, a form's column rules), or None when it has none.  Lines ``without_rules``
    cannot take out: touching the characters, they tie every line of them into one
    component as tall as the page.  Only the line's own columns go, and the pixel beside
    each (its ragged edge would be left as thin strokes: 1s), but not where a stroke
    crosses it (:func:`crossed`); a digit's stroke running along it goes with it."""
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
    return mask & ~(line & ~crossed(mask & ~line, line))


def crossed(ink, line):
    """The pixels of ``line`` (bool, thin upright lines) in rows where ``ink`` runs on
    from both sides of it for ``REACH`` pixels: strokes crossing the line, which keep
    those pixels (a 6 or a 1's foot that a fold cut in two read as two characters)."""
    w = line.shape[1]
    row, start, stop = runs(line)
    both = (start >= REACH) & (stop + REACH <= w)
    r, a, b = row[both], start[both], stop[both]
    on = np.ones(len(r), dtype=bool)
    for k in range(1, REACH + 1):  # a stroke, not a speck of the paper's noise beside the line
        on &= ink[r, a - k] & ink[r, b + k - 1]
    both[both] = on
    return painted(line.shape, row[both], start[both], stop[both])


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
    return near_rules(boxes, lines, ref) & (w >= 3 * h)


def near_rules(boxes, lines, ref):
    """Mask (n,) of bits under 0.35 of a character high lying on a rule, of any shape."""
    out = np.zeros(len(boxes), dtype=bool)
    for line in lines:
        out |= lies_on(boxes, line)
    return out & (boxes[:, 3] <= 0.35 * ref)


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
        fit = straight_edge(cols, e)
        if fit is None:
            continue
        near = np.abs(np.polyval(fit, cols) - e) <= 1.5
        # How far the ink reaches in from the edge: in most columns only the rule is there.
        offset = (rows - np.polyval(fit, np.arange(w))[None, :]) * inward  # >= 0 inside
        reach = (own & (offset > -1) & (offset < 8)).sum(axis=0)[cols[near]]
        t = np.percentile(reach, 30) + 0.5
        return fit[0], fit[1] + inward * (t - 1) / 2, t
    return None


def straight_edge(cols, e):
    """The line (slope, intercept) that most of an edge's columns ``cols`` at ``e`` follow
    within 1.5 pixels, not steeper than ~6 degrees, or None.

    Fitted to every column, then refitted twice on the columns the line explains (not the
    digits'); when that fails, started level at the edge's median instead: a cup's ring
    across a rule ties the ring to it, and the ring's arc below the rule pulls a fit to
    every column off the rule everywhere.
    """
    for fit in (np.polyfit(cols, e, 1), np.array([0.0, np.median(e)])):
        for _ in range(2):
            near = np.abs(np.polyval(fit, cols) - e) <= 2
            if near.sum() < 2:
                break
            fit = np.polyfit(cols[near], e[near], 1)
        near = np.abs(np.polyval(fit, cols) - e) <= 1.5
        if near.mean() >= 0.5 and abs(fit[0]) <= 0.1:
            return fit
    return None
