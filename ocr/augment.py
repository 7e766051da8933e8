"""Training-time augmentation of 8x8 optdigits vectors.

:class:`Augmenter` returns, for every epoch, the training digits re-drawn with
random small affine distortions (rotation, scale, shear, sub-pixel shift), a smooth
elastic displacement and a stroke-thickness change.  All images are warped in one
``scipy.ndimage.map_coordinates`` call.  It only ever sees the data it is given, so
inside cross-validation it never touches a held-out fold.
"""
import hashlib

import numpy as np
from scipy import ndimage

from . import parallel, scans
from .network import NO_CLASS

SIDE = 8
RENDER_CHUNK = 100  # digits per rendering task


class Augmenter:
    """Random distortions of (n, 64) digit vectors in 0..16.

    Parameters
    ----------
    rotation : float, max degrees either way
    scale : float, max relative change of size (each axis drawn separately around a common zoom)
    shear : float, max horizontal shear factor
    shift : float, max translation in 8x8 pixels
    elastic : float, amplitude (8x8 pixels) of a smooth random displacement field
    thickness : float, max |log| of the gamma applied to ink values (thicker / thinner strokes)
    keep_original : bool, also return the undistorted digits every epoch
    views : int, pipeline renders per training digit (0: none, and no printed digits)
    font_views : int, renders per font and digit (used when ``views`` > 0)
    pairs : float, renders of two touching digits read as one, per training digit (used when
        ``views`` > 0), labelled ``NO_CLASS``: the network learns to be unsure of them
    fonts : list of font paths (None: Pillow's built-in font), or None for every allowed font
        (the installed DejaVu faces and Pillow's)
    """

    PARAMS = ("rotation", "scale", "shear", "shift", "elastic", "thickness", "keep_original",
              "views", "font_views", "pairs", "fonts")

    def __init__(self, rotation=12.0, scale=0.12, shear=0.2, shift=0.6, elastic=0.35,
                 thickness=0.4, keep_original=True, views=0, font_views=6, pairs=0.0,
                 fonts=None):
        self.rotation = rotation
        self.scale = scale
        self.shear = shear
        self.shift = shift
        self.elastic = elastic
        self.thickness = thickness
        self.keep_original = keep_original
        self.views = views
        self.font_views = font_views
        self.pairs = pairs
        self.fonts = fonts
        self._rendered = (None, None)

    def get_params(self, deep=True):
        return {k: getattr(self, k) for k in self.PARAMS}

    def set_params(self, **params):
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def __repr__(self):
        return "Augmenter(" + ", ".join(f"{k}={v!r}" for k, v in self.get_params().items()) + ")"

    def __call__(self, X, y, rng):
        """Distorted copies of X (n, 64) with labels y (n,); returns (X', y')."""
        X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
        parts = [(self.distort(X.reshape(-1, SIDE, SIDE), rng).reshape(len(X), -1), y)]
        if self.keep_original:
            parts.append((X, y))
        if self.views:
            parts.append(self.rendered(X, y, rng))
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def rendered(self, X, y, rng):
        """Pipeline renders of (X, y) and printed digits, made once per training set.

        The digits are rendered in chunks of ``RENDER_CHUNK``, each with its own seed,
        spread over the machine's cores: the same for any number of cores.
        """
        key = hashlib.sha1(X.tobytes() + np.asarray(y).tobytes()).hexdigest()
        if self._rendered[0] != key:
            jobs = render_tasks(X, y, self.views, self.font_views, self.fonts, int(rng.integers(2**32)))
            n_pairs = int(round(self.pairs * len(X)))
            if n_pairs:  # (drawing no seeds otherwise keeps the renders of models made without)
                n_chunks = len(jobs) - 1
                counts = [len(c) for c in np.array_split(np.arange(n_pairs), n_chunks)]
                pair_seeds = np.random.SeedSequence(int(rng.integers(2**32))).spawn(n_chunks)
                jobs += [("pairs", (X, n), s) for n, s in zip(counts, pair_seeds) if n]
            parts = parallel.map_forked(render_task, jobs, parallel.available_cores())
            self._rendered = (key, (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])))
        return self._rendered[1]

    def distort(self, images, rng):
        """Randomly distorted copies of images (n, h, w) with values in 0..16."""
        n, h, w = images.shape
        angle = np.deg2rad(rng.uniform(-self.rotation, self.rotation, n))
        zoom = np.exp(rng.uniform(-self.scale, self.scale, n))
        sy = zoom * np.exp(rng.uniform(-self.scale, self.scale, n) / 2)
        sx = zoom * np.exp(rng.uniform(-self.scale, self.scale, n) / 2)
        shear = rng.uniform(-self.shear, self.shear, n)
        cos, sin = np.cos(angle), np.sin(angle)
        # Inverse map: output pixel (r, c) reads input at A @ (r, c) + offset.
        a_rr, a_rc = cos / sy, -sin / sy
        a_cr, a_cc = sin / sx + shear * cos / sx, cos / sx - shear * sin / sx
        rr, cc = np.meshgrid(np.arange(h) - (h - 1) / 2, np.arange(w) - (w - 1) / 2, indexing="ij")
        shift = rng.uniform(-self.shift, self.shift, (2, n, 1, 1))
        src_r = a_rr[:, None, None] * rr + a_rc[:, None, None] * cc + (h - 1) / 2 + shift[0]
        src_c = a_cr[:, None, None] * rr + a_cc[:, None, None] * cc + (w - 1) / 2 + shift[1]
        if self.elastic > 0:
            field = ndimage.gaussian_filter(rng.normal(size=(2, n, h, w)), sigma=(0, 0, 1.5, 1.5))
            field *= self.elastic / (field.std() + 1e-12)
            src_r, src_c = src_r + field[0], src_c + field[1]
        index = np.broadcast_to(np.arange(n)[:, None, None], (n, h, w))
        out = ndimage.map_coordinates(images, [index, src_r, src_c], order=1, mode="constant")
        gamma = np.exp(rng.uniform(-self.thickness, self.thickness, (n, 1, 1)))
        return 16.0 * (np.clip(out, 0, 16) / 16.0) ** gamma


def render_tasks(X, y, views, font_views, fonts, seed, chunk=RENDER_CHUNK):
    """The rendering tasks for ``font_views`` printed digits per font (first) and ``views``
    renders of each digit of (X, y), in chunks of ``chunk`` digits, each task with its own
    seed spawned from ``seed``: run by :func:`render_task` on any number of cores, the same
    renders."""
    chunks = np.array_split(np.arange(len(X)), max(1, -(-len(X) // chunk)))
    seeds = np.random.SeedSequence(seed).spawn(len(chunks) + 1)
    return [("fonts", (font_views, fonts), seeds[0])] + [
        ("digits", (X[c], y[c], views), s) for c, s in zip(chunks, seeds[1:])]


def render_task(job):
    """One rendering task, ``(kind, args, seed)`` with kind "fonts", "pairs" or "digits"
    (of :func:`render_tasks`, and pairs) -> (vectors (n, 64),
    labels (n,))."""
    kind, args, seed = job
    rng = np.random.default_rng(seed)
    if kind == "fonts":
        return scans.font_views(args[0], rng, args[1])
    if kind == "pairs":
        return scans.pair_views(args[0], args[1], rng), np.full(args[1], NO_CLASS)
    return scans.digit_views(*args, rng)
