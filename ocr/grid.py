"""Squared paper: the grid's lines, found and taken out.

A grid is lines both ways across the page at an even pitch (:func:`grid_lines`).
:func:`long_lines` finds them dark enough to be ink, so that binarization leaves
them out of its threshold; :func:`without_grid` takes the thin ink of a grid lifted
over the threshold out of the mask, and the digits' strokes crossing it stay.
"""
import numpy as np

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


def without_grid(mask, thickest=2):
    """``mask`` without the lines of squared paper, or None when it has none.

    Where uneven light lifts the grid over the threshold it ties every digit touching
    it into one component as large as the page, and the paper's noise breaks its lines
    into dashes: so a line is a row (column) in which ``GRID_INK`` of the page's width
    (height) is *thin* ink, at most ``thickest`` pixels across it (:func:`grid_lines`:
    ``GRID`` or more each way, spread over the grid, on an even pitch); of those rows
    (and the one either side) only the thin ink goes, and where two lines cross.  A
    digit's strokes are thicker than the grid: a stroke crossing a line keeps its pixels
    there, and the digit stays whole."""
    h, w = mask.shape
    if inked_lines(mask, mask, GRID_INK) is None:
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
    found = inked_lines(across, along, share)
    if found is None:
        return None
    rows, cols = found
    rows, cols = rows & spread(across, cols, least), cols & spread(along.T, rows, least)
    if min(lines_among(rows), lines_among(cols)) < GRID or not (even(rows, evenly) and even(cols, evenly)):
        return None
    return rows, cols


def inked_lines(across, along, share):
    """The rows :func:`inked` over ``share`` in ``across`` and the columns in ``along``,
    or None when they are fewer than ``GRID`` separate lines either way."""
    rows, cols = inked(across, share), inked(along.T, share)
    return (rows, cols) if min(lines_among(rows), lines_among(cols)) >= GRID else None


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
