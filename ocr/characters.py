"""Ink components -> characters and lines: which components form one character.

:func:`characters` keeps the components that may be characters (:mod:`ocr.marks`),
merges the stacked parts of a broken one (:func:`merge_parts`) and groups the
characters into lines (:mod:`ocr.layout`); :func:`apart` cuts the characters of two
lines whose strokes touch, and the walls it leaves keep their pieces from merging
again.  :mod:`ocr.segment` runs it on a page and builds the glyphs.
"""
import numpy as np

from .components import runs
from .layout import group_lines, skew, without_specks
from .marks import LEGIBLE_HEIGHT, plausible
from .rules import on_rules


def characters(parts, shape, ref, rules, walls=()):
    """The page's characters and lines: ``(group_of, boxes, angle, lines)``, or None.

    ``group_of`` maps component label -> character index (-1: dropped), ``boxes``
    (n, 4) are the characters' boxes, ``lines`` lists of character indices; no
    character takes parts from both sides of a wall (:func:`apart`).
    """
    keep = plausible(parts, shape, ref) & ~on_rules(parts.boxes, rules, ref)
    groups = merge_parts(parts.boxes, keep, ref, walls)
    gboxes = np.array([box_of(parts.boxes[np.array(g)]) for g in groups]).reshape(-1, 4)
    legible = gboxes[:, 3] >= LEGIBLE_HEIGHT
    groups, gboxes = [g for g, ok in zip(groups, legible) if ok], gboxes[legible]
    if not groups:
        return None
    group_of = np.full(parts.count + 1, -1)
    for i, g in enumerate(groups):
        group_of[np.array(g) + 1] = i
    angle = skew(gboxes)
    return group_of, gboxes, angle, without_specks(group_lines(gboxes, angle), gboxes, ref)


def apart(parts, group_of, boxes, cuts):
    """The ink of ``parts`` with each character in ``cuts`` ((index, top, bottom) from
    :func:`layout.stacked`) cut in two along its row of least ink between top and
    bottom: ``(mask, walls)``, walls (x, width, row) the cuts made.  Only the
    character's own ink in that row goes (a row of pixels: nothing to read by)."""
    mask, walls = parts.labels > 0, []
    for i, top, bottom in cuts:
        x, y, w, h = boxes[i]
        top, bottom = max(top, y + 1), min(bottom, y + h - 1)
        if top >= bottom:
            continue
        mine = group_of[parts.labels[top:bottom, x:x + w]] == i
        # least ink; of equals, the row nearest the middle between the lines
        rows = np.arange(top, bottom)
        row = int(rows[np.lexsort((np.abs(rows - (top + bottom) / 2), mine.sum(axis=1)))[0]])
        mask[row, x:x + w] &= group_of[parts.labels[row, x:x + w]] != i
        walls.append((x, w, row))
    return mask, walls


def stroke_width(parts, group_of, boxes, indices):
    """The pen width of characters ``indices``: the median length of their horizontal
    ink runs (0 without ink)."""
    lengths = [np.zeros(0)]
    for i in indices:
        x, y, w, h = boxes[i]
        _, start, stop = runs(group_of[parts.labels[y:y + h, x:x + w]] == i)
        lengths.append(stop - start)
    lengths = np.concatenate(lengths)
    return float(np.median(lengths)) if len(lengths) else 0.0


def box_of(boxes):
    x0, y0 = boxes[:, 0].min(), boxes[:, 1].min()
    x1, y1 = (boxes[:, 0] + boxes[:, 2]).max(), (boxes[:, 1] + boxes[:, 3]).max()
    return (int(x0), int(y0), int(x1 - x0), int(y1 - y0))


def merge_parts(boxes, keep, ref, walls=()):
    """Groups of component indices that form one character.

    Parts merge when they share most of their columns, are vertically close and
    together are no taller than a character (``ref``), so two lines never merge; nor
    do parts on either side of a wall (x, width, row): a cut between two lines.
    """
    idx = list(np.flatnonzero(keep))
    idx.sort(key=lambda i: boxes[i][0])
    parent = {i: i for i in idx}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a_pos, a in enumerate(idx):
        ax, ay, aw, ah = boxes[a]
        for b in idx[a_pos + 1:]:
            bx, by, bw, bh = boxes[b]
            if bx >= ax + aw:
                break  # sorted by x: no later box overlaps a's columns
            overlap = min(ax + aw, bx + bw) - max(ax, bx)
            gap = max(by - (ay + ah), ay - (by + bh))
            merged = max(ay + ah, by + bh) - min(ay, by)
            if overlap >= 0.5 * min(aw, bw) and gap < 0.3 * ref and merged < 1.8 * ref \
                    and not walled(boxes[a], boxes[b], walls):
                parent[find(b)] = find(a)
    groups = {}
    for i in idx:
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def walled(a, b, walls):
    """True when a wall (x, width, row) runs between boxes ``a`` and ``b`` (x, y, w, h)."""
    upper, lower = (a, b) if a[1] < b[1] else (b, a)
    for x, w, row in walls:
        if upper[1] + upper[3] <= row + 1 and lower[1] >= row and \
                min(a[0] + a[2], b[0] + b[2], x + w) > max(a[0], b[0], x):
            return True
    return False
