"""Straight lines across a page: the rules of lined paper, a fold, a form's columns.

Digits are written on rules and touch them, so a rule and the digits on it are one
component: :func:`without_rules` finds the rule along the edge of a wide component (or
dashes lying on one line, :func:`dashed_rules`) and takes out only the ink running
along it; :func:`without_upright_rules` takes out vertical lines as long as a good
part of the page.  :func:`on_rules` says which bits left over lie on a rule;
:func:`long_lines` finds the grid of squared paper, which binarization leaves out of
its threshold.
"""
import numpy as np

from .components import painted, runs

GRID = 3  # lines each way at least: squared paper
LINED = 0.3  # of the page's width (height): a row (column) this full of ink may be a grid line
# ... this full of thin ink (squared paper's grid over the threshold, broken into dashes by
# the paper's noise: 11-22%; no column of the benchmark pages reaches 2%)
GRID_INK = 0.08
# ... spread over the grid: inked in this many of the sixteenths between the first and the
# last line crossing it (a grid line: all 16 on every squared-paper page; a row through
# a tight crop of small print, whose strokes are as thin: 7-10 of them)
GRID_SPREAD = 15
GRID_EVEN = 0.8  # of the steps between grid lines a whole number of pitches (squared paper: all)
GRID_PITCH = 8  # pixels at least between grid lines (4 mm squares at 50 dpi)
# the same for the lines binarize leaves out of its cut (LINED), looser: a grid it misses sets
# the threshold and the page reads nothing; rows of print it takes leave the crop no ink
LONG_SPREAD, LONG_EVEN = 12, 0.5
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


def without_grid(mask, thickest=2):
    """``mask`` without the lines of squared paper, or None when it has none.

    Where uneven light lifts the grid over the threshold it ties every digit touching
    it into one component as large as the page, and the paper's noise breaks its lines
    into dashes: so a line is a row (column) in which ``GRID_INK`` of the page's width
    (height) is *thin* ink, at most ``thickest`` pixels across it, ``GRID`` or more
    each way; of those rows (and the one either side) only the thin ink goes, and
    where two lines cross.  A digit's strokes are thicker than the grid: a stroke
    crossing a line keeps its pixels there, and the digit stays whole."""
    h, w = mask.shape
    if min(lines_among(inked(mask, GRID_INK)), lines_among(inked(mask.T, GRID_INK))) < GRID:
        return None  # not ink enough for the lines, thin or not (most pages): no need to look closer
    thin_across, thin_along = thin(mask, thickest, axis=0), thin(mask, thickest, axis=1)
    found = grid_lines(thin_across, thin_along)
    if found is None:
        return None
    rows, cols = found
    rows = np.unique(np.clip(np.flatnonzero(rows)[:, None] + [-1, 0, 1], 0, h - 1))
    cols = np.unique(np.clip(np.flatnonzero(cols)[:, None] + [-1, 0, 1], 0, w - 1))
    line = np.zeros(mask.shape, dtype=bool)
    line[rows] = thin_across[rows]
    line[:, cols] |= thin_along[:, cols]
    line[np.ix_(rows, cols)] = True  # where lines cross, the ink is thick both ways
    return mask & ~line


def grid_lines(across, along, share=GRID_INK, least=GRID_SPREAD, evenly=GRID_EVEN):
    """The rows of squared paper's grid in ``across`` and its columns in ``along``
    (two bool vectors), or None when there is no grid: ``GRID`` or more lines each way,
    each :func:`inked` over ``share`` of the page's width (height), its ink spread
    over the grid (:func:`spread`), evenly spaced (:func:`even`).  Lines of small
    print cropped tight fill rows and columns as much, but only a grid runs the whole
    way across the lines crossing it at an even pitch."""
    rows, cols = inked(across, share), inked(along.T, share)
    if min(lines_among(rows), lines_among(cols)) < GRID:
        return None
    rows, cols = rows & spread(across, cols, least), cols & spread(along.T, rows, least)
    if min(lines_among(rows), lines_among(cols)) < GRID or not (even(rows, evenly) and even(cols, evenly)):
        return None
    return rows, cols


def inked(ink, share):
    """The rows of a boolean (h, w) inked in over ``share`` of their length."""
    return np.count_nonzero(ink, axis=1) > share * ink.shape[1]


def spread(ink, crossing, least=GRID_SPREAD):
    """The rows of a boolean (h, w) with ink in ``least`` or more of the sixteenths of
    the span between the first and the last of the ``crossing`` columns (a page on a
    scanner's lid: its grid spans the paper, not the image)."""
    span = np.flatnonzero(crossing)
    starts = np.linspace(span[0], span[-1] + 1, 17).astype(int)[:-1]
    parts = np.add.reduceat(ink, starts, axis=1, dtype=np.int32)[:, :16] > 0
    return np.count_nonzero(parts, axis=1) >= least


def even(flags, share=GRID_EVEN):
    """True when the runs of True in a boolean vector lie on an even pitch: ``share`` of
    the steps between their centres within 10% (or 2 pixels) of a whole number of
    pitches, the pitch being the step most of them take (a grid line too faint to
    count leaves a step of two, a line of print beside the grid a stray one)."""
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    centres = (np.flatnonzero(edges == 1) + np.flatnonzero(edges == -1) - 1) / 2
    steps = np.diff(centres)
    if not len(steps):
        return False
    alike = np.abs(steps[:, None] - steps[None, :]) <= np.maximum(2.0, 0.1 * steps[:, None])
    pitch = steps[np.argmax(alike.sum(axis=1))]
    if pitch < GRID_PITCH:
        return False
    whole = np.maximum(1, np.round(steps / pitch))
    return bool(np.mean(np.abs(steps - whole * pitch) <= max(2.0, 0.1 * pitch)) >= share)


def lines_among(flags):
    """How many separate runs of True a boolean vector holds (neighbouring rows: one line)."""
    return int(np.count_nonzero(np.diff(flags.astype(np.int8), prepend=0) == 1))


def thin(mask, thickest, axis):
    """Boolean (h, w): the pixels of ``mask`` in runs along ``axis`` at most ``thickest`` long
    (a window of ``thickest`` + 1 pixels all ink marks a longer run; numpy slices only)."""
    n = mask.shape[axis]
    if n <= thickest:
        return mask.copy()
    span = n - thickest

    def part(d):  # the pixels d .. d + span - 1 along the axis
        return mask[d:d + span] if axis == 0 else mask[:, d:d + span]

    full = part(0).copy()
    for d in range(1, thickest + 1):
        full &= part(d)
    long = np.zeros_like(mask)
    for d in range(thickest + 1):
        if axis == 0:
            long[d:d + span] |= full
        else:
            long[:, d:d + span] |= full
    return mask & ~long


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


def long_lines(mask):
    """Mask (h, w) of the rows and columns of squared paper's grid (:func:`grid_lines`,
    ``LINED`` of the image's width or height inked), two pixels either side, or None.
    Dark and long, they would pull the threshold up above faint print."""
    found = grid_lines(mask, mask, LINED, LONG_SPREAD, LONG_EVEN)
    if found is None:
        return None  # lines one way (lined paper), or a fold beside them: set by the ink they are
    rows, cols = (np.flatnonzero(f) for f in found)
    out = np.zeros(mask.shape, dtype=bool)
    for k in range(-2, 3):
        out[np.clip(rows + k, 0, mask.shape[0] - 1)] = True
        out[:, np.clip(cols + k, 0, mask.shape[1] - 1)] = True
    return out
