"""Connected components (8-connectivity) of a binary image, in numpy alone.

Why not ``scipy.ndimage.label``: importing scipy.ndimage costs about 240 ms, twice
what Tesseract takes to read a whole digit, and recognition has to start in well
under that.  This is the run-length algorithm, vectorized: the image's horizontal
runs of ink are the nodes; runs in consecutive rows that touch (diagonals included)
are the edges; a hook-and-compress union-find over those edges (each pass at least
halves the number of trees per component, so a few passes suffice) gives every run
its component.  Labels are numbered like scipy's: 1..n in raster order of each
component's first pixel (tests/test_components.py checks it against scipy).
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class Components:
    """``labels`` (h, w) int32 (0 = background, 1..n); ``boxes`` (n, 4) int as
    (x, y, width, height); ``areas`` (n,) int pixel counts."""
    labels: np.ndarray
    boxes: np.ndarray
    areas: np.ndarray

    @property
    def count(self):
        return len(self.areas)

    def own(self, i):
        """Boolean image of component ``i`` (0-based) within its box: (height, width)."""
        x, y, w, h = self.boxes[i]
        return self.labels[y:y + h, x:x + w] == i + 1

    def select(self, keep):
        """Boolean image (h, w) of the components where ``keep`` (n,) is True."""
        table = np.zeros(self.count + 1, dtype=bool)
        table[1:] = keep
        return table[self.labels]


def runs(mask):
    """Horizontal runs of True: (row, start, stop) arrays in raster order, stop exclusive."""
    h, w = mask.shape
    padded = np.zeros((h, w + 1), dtype=np.int8)  # a blank column ends every row's last run
    padded[:, :w] = mask
    step = np.diff(padded.ravel(), prepend=np.int8(0))
    starts, stops = np.flatnonzero(step == 1), np.flatnonzero(step == -1)
    row = starts // (w + 1)
    return row, starts - row * (w + 1), stops - row * (w + 1)


def painted(shape, row, start, stop):
    """Boolean image (h, w) of runs (row, start, stop), the inverse of :func:`runs`."""
    h, w = shape
    edges = np.zeros((h, w + 1), dtype=np.int32)
    np.add.at(edges, (row, start), 1)
    np.add.at(edges, (row, stop), -1)
    return np.cumsum(edges, axis=1)[:, :w] > 0


def touching_runs(row, start, stop, width):
    """Index pairs (a, b) of runs a in row r and b in row r + 1 that touch (8-connected)."""
    key = width + 2  # row-major keys that never collide across rows
    start_key, stop_key = row * key + start, row * key + stop
    # Runs of one row are disjoint and sorted, so those touching run a form one slice.
    lo = np.searchsorted(stop_key, (row + 1) * key + start, side="left")
    hi = np.searchsorted(start_key, (row + 1) * key + stop, side="right")
    count = np.maximum(hi - lo, 0)
    a = np.repeat(np.arange(len(row)), count)
    first = np.repeat(lo - np.cumsum(count) + count, count)
    return a, first + np.arange(len(a))


def root_of_each(n, a, b):
    """Smallest run index of each run's component, given edges (a, b)."""
    parent = np.arange(n)
    while True:
        pa, pb = parent[a], parent[b]
        low = np.minimum(pa, pb)
        hooked = parent.copy()
        np.minimum.at(hooked, pa, low)
        np.minimum.at(hooked, pb, low)
        while True:  # compress: point every run at its tree's root
            jumped = hooked[hooked]
            if np.array_equal(jumped, hooked):
                break
            hooked = jumped
        if np.array_equal(hooked, parent):
            return parent
        parent = hooked


def label(mask):
    """Label the 8-connected components of a 2-D boolean array.

    Parameters
    ----------
    mask : (h, w) array, truthy = foreground

    Returns
    -------
    Components
    """
    mask = np.asarray(mask, dtype=bool)
    h, w = mask.shape
    row, start, stop = runs(mask)
    labels = np.zeros(h * w, dtype=np.int32)
    if not len(row):
        return Components(labels.reshape(h, w), np.zeros((0, 4), dtype=int), np.zeros(0, dtype=int))
    a, b = touching_runs(row, start, stop, w)
    roots = root_of_each(len(row), a, b)
    is_root = roots == np.arange(len(roots))
    top_run = np.flatnonzero(is_root)  # a root is its component's first run in raster order
    comp = np.cumsum(is_root)[roots]   # components numbered 1..n in that order
    n = len(top_run)
    length = stop - start
    first = np.cumsum(length) - length  # each run's offset among all ink pixels
    pixel = np.arange(int(length.sum())) + np.repeat(row * w + start - first, length)
    labels[pixel] = np.repeat(comp, length)
    labels = labels.reshape(h, w)
    areas = np.bincount(comp, weights=length, minlength=n + 1)[1:].astype(int)
    x0, x1 = np.full(n + 1, w), np.zeros(n + 1, dtype=int)
    y0, y1 = np.zeros(n + 1, dtype=int), np.zeros(n + 1, dtype=int)
    y0[1:] = row[top_run]  # a component's root is its first run in raster order: its top
    np.minimum.at(x0, comp, start)
    np.maximum.at(x1, comp, stop)
    np.maximum.at(y1, comp, row + 1)
    boxes = np.stack([x0, y0, x1 - x0, y1 - y0], axis=1)[1:]
    return Components(labels, boxes, areas)
