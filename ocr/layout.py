"""Reading order: character boxes -> text lines -> words.

:func:`skew` estimates how far the lines are tilted (:func:`line_angles` measures each
line found), :func:`group_lines` gathers
boxes into lines top to bottom (each line at its own character size),
:func:`without_specks` drops the specks of dirt in and among them, :func:`stacked` and
:func:`doubled` find characters of two lines that touch, and
:func:`group_words` splits a line at its spaces.  Pure geometry on boxes
``(x, y, w, h)`` (arrays of them, or glyphs and characters carrying one):
:mod:`ocr.segment` finds the boxes and lines, :mod:`ocr.recognizer` the words among
the characters it read.
"""
import numpy as np

LONE_MARK = 0.6  # of the smallest line's height: a line of one shorter mark is a speck
SPECK_IN_LINE = 0.4  # of its line's height: a mark no larger either way is dirt
SPARSE = 3.0  # character heights from centre to centre: small marks this far apart are dust
DOUBLED = 1.3  # of the typical character height: a line of boxes this tall may be two lines


def skew(boxes):
    """Page skew (radians) from the slope between neighbouring characters of a line."""
    if len(boxes) < 3:
        return 0.0
    cx = boxes[:, 0] + boxes[:, 2] / 2
    cy = boxes[:, 1] + boxes[:, 3] / 2
    h = np.median(boxes[:, 3])
    order = np.argsort(cx)
    slopes = []
    for i in order:
        near = (cx > cx[i]) & (cx - cx[i] < 2.5 * h) & (np.abs(cy - cy[i]) < 0.5 * h)
        if near.any():
            j = np.flatnonzero(near)[np.argmin(cx[near])]
            slopes.append((cy[j] - cy[i]) / (cx[j] - cx[i]))
    if len(slopes) < 2:
        return 0.0
    return float(np.arctan(np.clip(np.median(slopes), -0.15, 0.15)))


def line_angles(boxes, lines):
    """The skew (radians) of each line long enough to measure (at least 3 characters,
    spanning at least 3 character heights): the slope of a straight line through its
    characters' centres.  Neighbouring characters differ in height and place, a whole
    line much less."""
    cx = boxes[:, 0] + boxes[:, 2] / 2
    cy = boxes[:, 1] + boxes[:, 3] / 2
    slopes = [np.polyfit(cx[line], cy[line], 1)[0] for line in lines
              if len(line) >= 3 and np.ptp(cx[line]) >= 3 * np.median(boxes[line, 3])]
    return np.arctan(np.array(slopes, dtype=float))


def group_lines(boxes, angle):
    """Lists of box indices, one per text line, top to bottom.

    The skew is removed from the y coordinates first; a character joins the line whose
    vertical band (around the line's median centre, half its median height) holds its centre.
    """
    cx = boxes[:, 0] + boxes[:, 2] / 2
    cy = boxes[:, 1] + boxes[:, 3] / 2 - np.tan(angle) * cx
    lines, centre, height = [], [], []  # each line's indices, median centre and height
    for i in np.argsort(cy):
        d = np.abs(cy[i] - np.array(centre))
        near = d < 0.5 * np.maximum(height, 0.6 * boxes[i, 3])
        if not near.any():
            lines.append([i])
            centre.append(cy[i])
            height.append(boxes[i, 3])
            continue
        k = int(np.argmin(np.where(near, d, np.inf)))  # the nearest; of equals, the first
        lines[k].append(i)
        centre[k], height[k] = np.median(cy[lines[k]]), np.median(boxes[lines[k], 3])
    return [lines[k] for k in np.argsort(centre, kind="stable")]


def stacked(boxes, lines, angle):
    """Boxes that hold characters of two lines: (index, top, bottom), the rows (in page
    coordinates, at the box's centre) between which its two characters meet.

    Lines set close together touch where a tall digit's foot meets the head of the one
    below, and the two read as one glyph.  Such a box reaches over the middle of two
    lines (measured without it), is no wider than a digit of them, and cut in the gap
    between the lines leaves pieces about as tall as each line.
    """
    cx = boxes[:, 0] + boxes[:, 2] / 2
    shift = np.tan(angle) * cx
    top, bottom = boxes[:, 1] - shift, boxes[:, 1] + boxes[:, 3] - shift

    def band(members):  # (centre, height) of a line's boxes, without skew
        return float(np.median((top[members] + bottom[members]) / 2)), float(np.median(boxes[members, 3]))

    bands = [band(line) for line in lines]
    out = []
    for k, line in enumerate(lines):
        for i in line:
            # Only a box much taller than its line (or its line's only box) can hold two.
            if len(line) > 2 and boxes[i, 3] < 1.4 * bands[k][1]:
                continue
            own = [j for j in line if j != i]  # its own line is measured without it
            candidates = bands[:k] + bands[k + 1:] + ([band(own)] if own else [])
            covered = sorted((c, h) for c, h in candidates if top[i] <= c - 0.25 * h and bottom[i] >= c + 0.25 * h)
            if len(covered) != 2:
                continue
            (c1, h1), (c2, h2) = covered
            lo, hi = c1 + 0.25 * h1, c2 - 0.25 * h2
            middle = (lo + hi) / 2
            fits = 0.6 * h1 <= middle - top[i] <= 1.4 * h1 and 0.6 * h2 <= bottom[i] - middle <= 1.4 * h2
            if lo < hi and fits and boxes[i, 2] <= 1.2 * max(h1, h2):
                out.append((i, int(lo + shift[i]), int(np.ceil(hi + shift[i]))))
    return out


def without_specks(lines, boxes, ref):
    """``lines`` (lists of indices into ``boxes``) less the specks of dirt among them.

    Dust on a dark copy is dots a few pixels across, thousands of them; those big
    enough to pass for a character's part gather into "lines" of their own or sit at
    the end of a real one, and each reads as a digit.  Dropped:

    - a mark in a line no taller and no wider than ``SPECK_IN_LINE`` of the line's
      height (a digit, even a 1, is as tall as its neighbours);
    - a sparse line of small marks: under ``LONE_MARK`` of the page's character height
      ``ref``, ``SPARSE`` heights apart or more (small print sits close together);
    - a line of one mark under ``LONE_MARK`` of the height of the smallest line left of
      several (a speck alone on the paper, grown by blur, reads as a confident 1).
    """
    h = boxes[:, 3]
    size = np.maximum(boxes[:, 2], h)
    out = []
    for line in lines:
        tall = np.median(h[line]) if len(line) > 2 else h[line].max()
        line = [i for i in line if size[i] >= SPECK_IN_LINE * tall]  # the tallest stays
        height = np.median(h[line])
        steps = np.diff(np.sort(boxes[line, 0] + boxes[line, 2] / 2))
        dust = len(steps) > 0 and height < LONE_MARK * ref and np.median(steps) >= SPARSE * height
        if not dust:
            out.append(line)
    heights = [np.median(h[line]) for line in out if len(line) > 1]
    if not heights:
        return out
    return [line for line in out if len(line) > 1 or h[line[0]] >= LONE_MARK * min(heights)]


def group_words(glyphs, height):
    """Split a line's glyphs or characters (sorted by x) into words where the gap is wide.

    Digits sit on a regular pitch (centre to centre), so a space shows as a step in
    the pitch rather than in the blank between boxes, which a narrow "1" inflates.
    Printed digits keep that pitch to the pixel, so in a line where the other steps
    are that regular a narrower blank (a font's thin space) is enough.  Handwriting
    spaces its digits unevenly: there a space is also more than twice the median
    blank inside the line's words.
    """
    centres = np.array([g.box[0] + g.box[2] / 2 for g in glyphs])
    steps = np.diff(centres)
    # The lower median (with only two steps, one of them may hold the space), capped
    # for steps that are all spaces ("1 2 3"), but not under a digit's width and a
    # blank: a wide face's digits (Courier's) step as far as they are tall.
    widths = np.array([g.box[2] for g in glyphs], dtype=float)
    wide = widths[widths > 0.4 * height]  # digits but 1s
    cap = max(0.85 * height, (float(np.median(wide)) if len(wide) else 0.0) + 0.2 * height)
    pitch = min(float(np.sort(steps)[(len(steps) - 1) // 2]), cap) if len(steps) else height
    inside = steps <= 1.25 * pitch  # steps within words
    inner = steps[inside]
    printed = len(inner) >= 3 and np.ptp(inner) <= max(3.0, 0.12 * pitch)  # boxes round to pixels
    gaps = np.array([g.box[0] - (prev.box[0] + prev.box[2]) for prev, g in zip(glyphs, glyphs[1:])])
    blank = 0.25 * height if printed else 0.4 * height
    within = gaps[inside]  # blanks inside words, enough of them to judge by
    if not printed and len(within) >= 4:
        blank = max(blank, 2 * float(np.median(within)))
    words = [[glyphs[0]]]
    for g, gap, step in zip(glyphs[1:], gaps, steps):
        if (gap > blank and step > 1.25 * pitch) or gap > 0.8 * height:
            words.append([g])
        else:
            words[-1].append(g)
    return words


def doubled(boxes, lines, ref):
    """Lines that are two lines set so close that every digit touches the one below:
    for each, the cuts (index, top, bottom) of its tall boxes, like :func:`stacked`'s.

    No line of separate digits is left to show where the two lines run, so
    :func:`stacked` cannot see them; but such a line's boxes are ``DOUBLED`` times as
    tall as the page's typical character (``ref``) while no wider than one digit (median
    width under 0.45 of the height).  Each of its boxes 1.25 times ``ref`` or taller is
    cut in its middle two-fifths.  (Big narrow print, a line of large 1s, looks the
    same: the caller tells it by its stroke width.)
    """
    out = []
    for line in lines:
        h, w = boxes[line, 3], boxes[line, 2]
        if len(line) < 3 or np.median(h) < DOUBLED * ref or np.median(w / h) > 0.45:
            continue
        tall = [i for i in line if boxes[i, 3] >= 1.25 * ref]
        out.append([(i, int(boxes[i, 1] + 0.3 * boxes[i, 3]), int(np.ceil(boxes[i, 1] + 0.7 * boxes[i, 3])))
                    for i in tall])
    return out
