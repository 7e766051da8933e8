"""A cup's ring: a thin circle of stain round paper, over the digits it crosses.

A ring is no character, but the digits it crosses are one component with it, so it
cannot be dropped whole as :func:`ocr.marks.plausible` drops other marks: the circle
its ink lies along is fitted (:func:`ring_fit`) and only the pixels along it go
(:func:`without_rings`).
"""
import numpy as np

from .marks import loops

RING_LOOP = 2.5  # paper enclosed over ink, for a round loop too large for a digit: a ring
RING_SIDE = 100  # pixels across: a ring (a cup's: 180-280 at 150 dpi), larger than page digits
RING_FIT = 0.5  # of a loop's ink lying along a circle: a ring (digits touching it hold the rest)
ARC_WIDTH = 0.2  # of its radius: the ink along an arc of a ring is no wider


def without_rings(parts):
    """The components' mask without their rings, or None when there are none.

    A ring is a round loop (:func:`ocr.marks.loops`) over ``RING_SIDE`` across enclosing
    over ``RING_LOOP`` times its ink (a cup's ring is thick: about 4; no digit on a page
    is that large).  Digits touching a ring are one component with it and would go with
    the loop: a circle fitted to the loop's ink (least squares, refitted on the ink near
    it) that holds ``RING_FIT`` of it is taken out as thick as the ring, and the digits
    keep the rest.  A faint ring breaks where it is thinnest into arcs, no loops: a
    sparse component over ``RING_SIDE`` across goes the same way when its circle is at
    least ``RING_SIDE`` across and no larger than the component itself (an arc of a
    quarter circle or more: a rule fits no such circle), its ink along the arc no wider
    than ``ARC_WIDTH`` of the radius."""
    x, y, w, h = parts.boxes.T
    mask, found = parts.labels > 0, False
    round_ = (4 * w >= 3 * h) & (4 * h >= 3 * w)
    ring = loops(parts, RING_LOOP, RING_SIDE) & round_
    arc = (np.maximum(w, h) >= RING_SIDE) & (parts.areas * (RING_LOOP + 1) < w * h) & ~ring  # sparse
    for i in np.flatnonzero(ring | arc):
        own = parts.own(i)
        rows, cols = np.nonzero(own)
        circle = ring_fit(cols.astype(float), rows.astype(float))
        if circle is None:
            continue
        cx, cy, r, thickness = circle
        if arc[i]:
            span = arc_span(cols - cx, rows - cy, r, thickness)
            thickness /= max(span, 1e-3)  # ink along the arc, not the whole circle
            if not (RING_SIDE / 2 <= r <= max(w[i], h[i]) and thickness <= ARC_WIDTH * r):
                continue
        on = along_circle(cols - cx, rows - cy, r, thickness)
        mask[rows[on] + y[i], cols[on] + x[i]] = False
        found = True
    return mask if found else None


def arc_span(dx, dy, r, thickness, bins=72):
    """The share of a circle's circumference (radius r about the origin) that the pixels
    (dx, dy) near it cover."""
    near = along_circle(dx, dy, r, thickness)
    angle = np.arctan2(dy[near], dx[near])
    return len(np.unique(((angle + np.pi) / (2 * np.pi) * bins).astype(int) % bins)) / bins


def along_circle(dx, dy, r, thickness):
    """Mask of the pixels (dx, dy) from a circle's centre within its ring: ``thickness``
    wide about radius ``r``, and a margin of 1.5 pixels."""
    return np.abs(np.hypot(dx, dy) - r) <= thickness / 2 + 1.5


def ring_fit(xs, ys):
    """(cx, cy, r, thickness) of the circle most of the pixels (xs, ys) lie along, or None:
    Kasa's algebraic fit, refitted twice on the pixels within the ring's width of it (the
    pixels along it over its circumference); ``RING_FIT`` of them must lie within it."""
    keep = np.ones(len(xs), dtype=bool)
    for _ in range(3):
        if keep.sum() < 10:
            return None
        a = np.column_stack([xs[keep], ys[keep], np.ones(keep.sum())])
        (d, e, f), *_ = np.linalg.lstsq(a, -(xs[keep] ** 2 + ys[keep] ** 2), rcond=None)
        cx, cy = -d / 2, -e / 2
        r2 = cx * cx + cy * cy - f
        if r2 <= 0:
            return None
        r = np.sqrt(r2)
        thickness = keep.sum() / (2 * np.pi * r)
        keep = along_circle(xs - cx, ys - cy, r, thickness)
    return (cx, cy, r, float(thickness)) if keep.mean() >= RING_FIT else None
