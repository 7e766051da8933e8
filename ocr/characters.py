"""Ink components -> characters and lines: which components form one character.

:func:`characters` keeps the components that may be characters (:mod:`ocr.marks`),
merges the stacked parts of a broken one (:func:`merge_parts`) and groups the
characters into lines (:mod:`ocr.layout`); :func:`apart` cuts the characters of two
lines whose strokes touch, and the walls it leaves keep their pieces from merging
again.  On a black-and-white scan the dots a faint stroke fell apart into are made
one component first (:func:`joined_fragments`).  :mod:`ocr.segment` runs it on a page
and builds the glyphs.
"""
import numpy as np

from .components import Components, label, runs
from .layout import group_lines, skew, without_specks
from .marks import LEGIBLE_HEIGHT, page_specks, plausible
from .rules import near_rules, on_rules
from .surrounds import grown

FULL = 0.8  # of the character's (or its group's) height: a part this tall is a character itself
JOINED_HEIGHT = 1.3  # character heights: the fragments of one character are no taller together
DOTTED = 20  # times the share of speck pixels around: specks alone this dense are a faint stroke


def characters(parts, shape, ref, rules, walls=()):
    """The page's characters and lines: ``(group_of, boxes, angle, lines)``, or None.

    ``group_of`` maps component label -> character index (-1: dropped), ``boxes``
    (n, 4) are the characters' boxes, ``lines`` lists of character indices; no
    character takes parts from both sides of a wall (:func:`apart`).
    """
    keep = plausible(parts, shape, ref) & ~on_rules(parts.boxes, rules, ref)
    groups = merge_parts(parts.boxes, keep, ref, walls)
    if not groups:
        return None
    member_of = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    gboxes = boxes_of(parts.boxes[np.concatenate(groups)], member_of, len(groups))
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
    """The box (x, y, w, h) of ints round ``boxes`` (m, 4): :func:`boxes_of` for one group."""
    return tuple(int(v) for v in boxes_of(np.asarray(boxes), np.zeros(len(boxes), dtype=int), 1)[0])


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


def joined_fragments(parts, ref, rules=()):
    """``parts`` with the fragments of a broken character labelled as one component.

    A faint stroke in a black-and-white scan falls apart into dots and dashes a pixel
    or two apart, most of them too small to be kept as parts.  Parts that touch once
    each is grown by a pixel join when together they are no larger than one character
    (``ref`` high) and at most one of them is ``FULL`` height (of ``ref``, or of the
    group when it is smaller): two whole digits written close never join.  Specks join
    a larger part within its box (a speck of dust beside a digit stays out of it: a
    wider box is cut in two) or as a chain of specks (a stroke's faint end); specks
    alone join only where they cover their box ``DOTTED`` times as densely as specks
    cover the paper around (:func:`local_grain`: a black-and-white scan of grainy paper
    is specks all over, whose chains are no stroke).  What is left of a rule taken out
    (``rules``) joins nothing.
    """
    loose = ~near_rules(parts.boxes, rules, ref)
    group, n = neighbours(parts, loose)
    if n == np.count_nonzero(loose):
        return parts
    speck = page_specks(parts.boxes, parts.areas, ref)
    alone = ~loose | stray_specks(parts, group, n, speck, loose)
    group[alone] = n + np.arange(np.count_nonzero(alone))
    n += np.count_nonzero(alone)
    members = np.bincount(group, minlength=n)
    gx, gy, gw, gh = boxes_of(parts.boxes, group, n).T
    # two whole digits of a line smaller than the page's: each is nearly their group's height
    full = np.bincount(group, weights=parts.boxes[:, 3] >= FULL * np.minimum(gh[group], ref), minlength=n)
    cored = np.bincount(group, weights=~speck, minlength=n) > 0
    grain = local_grain(parts.select(speck), max(8, int(2 * ref)))
    dense = np.bincount(group, weights=parts.areas, minlength=n) >= \
        DOTTED * grain(gx + gw // 2, gy + gh // 2) * gw * gh
    joins = (members >= 2) & (cored | dense) & (full <= 1) & (gh <= JOINED_HEIGHT * ref) & (gw <= ref)
    if not joins.any():
        return parts
    # a part of a joining group takes its group's first part's place; the rest keep their own
    first = np.full(n, parts.count)
    np.minimum.at(first, group, np.arange(parts.count))
    kept, new = np.unique(np.where(joins[group], first[group], np.arange(parts.count)), return_inverse=True)
    table = np.zeros(parts.count + 1, dtype=np.int32)
    table[1:] = new + 1
    return Components(table[parts.labels], boxes_of(parts.boxes, new, len(kept)),
                      np.bincount(new, weights=parts.areas, minlength=len(kept)).astype(int))


def local_grain(specks, side):
    """How densely ``specks`` (a boolean image) cover the paper about each point: a function
    of (x, y) arrays giving the share of speck pixels in the ``side``-pixel tiles around
    (3 x 3 tiles: uneven light makes a scan's grain denser in a dark corner)."""
    h, w = specks.shape
    th, tw = -(-h // side), -(-w // side)
    padded = np.zeros((th * side, tw * side), dtype=np.float32)
    padded[:h, :w] = specks
    tiles = np.pad(padded.reshape(th, side, tw, side).mean(axis=(1, 3)), 1)
    there = np.pad(np.ones((th, tw)), 1)  # tiles beyond the image do not count
    around = sum(tiles[dy:dy + th, dx:dx + tw] for dy in range(3) for dx in range(3)) / \
        sum(there[dy:dy + th, dx:dx + tw] for dy in range(3) for dx in range(3))
    return lambda x, y: around[np.clip(y // side, 0, th - 1), np.clip(x // side, 0, tw - 1)]


def stray_specks(parts, group, n, speck, loose):
    """Mask (parts,) of ``speck`` parts beyond the box (grown by a pixel) of the larger
    parts of their ``group`` (of ``n``), and not in a chain of ``loose`` specks: dust
    beside a digit."""
    chain, _ = neighbours(parts, loose & speck)
    chained = np.bincount(chain[loose & speck], minlength=n)[chain] >= 2
    core = boxes_of(parts.boxes[~speck], group[~speck], n)[group]  # a group of specks: width < 0
    x, y, w, h = parts.boxes.T
    outside = (x < core[:, 0] - 1) | (y < core[:, 1] - 1) | (x + w > core[:, 0] + core[:, 2] + 1) | \
        (y + h > core[:, 1] + core[:, 3] + 1)
    return speck & outside & (core[:, 2] >= 0) & ~chained


def neighbours(parts, which):
    """Groups of the parts ``which`` (n,) that touch once each is grown by a pixel:
    ``(group, count)``, ``group`` (n,) numbering them 0..count-1 (0 for the others)."""
    mask = parts.select(which)
    near = label(grown(mask))
    group = np.zeros(parts.count, dtype=int)
    group[parts.labels[mask] - 1] = near.labels[mask] - 1
    return group, near.count


def boxes_of(boxes, group, n):
    """Boxes (n, 4) of ``n`` groups of ``boxes`` (m, 4), ``group`` (m,) naming each one's."""
    x0, y0 = np.full(n, np.iinfo(np.int64).max), np.full(n, np.iinfo(np.int64).max)
    x1, y1 = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    np.minimum.at(x0, group, boxes[:, 0])
    np.minimum.at(y0, group, boxes[:, 1])
    np.maximum.at(x1, group, boxes[:, 0] + boxes[:, 2])
    np.maximum.at(y1, group, boxes[:, 1] + boxes[:, 3])
    return np.stack([x0, y0, x1 - x0, y1 - y0], axis=1)
