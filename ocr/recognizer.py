"""Recognition: images in, Pages and Chars out.

A :class:`Recognizer` holds one loaded model.  For each input it runs
io -> segment -> features, then classifies every candidate character of a whole
batch of inputs with one network call per layer, picks among alternative cuts of
touching characters by the network's confidence, and builds the result objects.

A Recognizer never changes after it is built, so one instance may be shared by
many threads.
"""
from pathlib import Path

import numpy as np

from . import io, model_file, segment
from .calibration import softmax_t
from .errors import ImageError
from .features import vectors as feature_vectors
from .result import Char, Line, Page, Word

MODES = ("auto", "page", "char")
SPLIT_MARGIN = 0.2  # confidence a cut of a wide glyph must gain over reading it whole


def default_model_path():
    """The shipped model: inside the installed package, else in the checkout's models/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "models" / "digits.npz", here.parent / "models" / "digits.npz"):
        if candidate.is_file():
            return candidate
    return here.parent / "models" / "digits.npz"


class Recognizer:
    """Reads digits with one trained model.

    Parameters
    ----------
    model : path of the model file, or None for the shipped one
    min_confidence : characters below this confidence read as ``"?"``
    top_k : candidates kept per character (the label plus ``top_k - 1`` alternatives)
    max_pixels : refuse images with more pixels than this (decompression bombs)

    Raises
    ------
    ModelError
        If the model file is missing or invalid.
    """

    def __init__(self, model=None, min_confidence=0.0, top_k=2, max_pixels=None):
        self.model_path = Path(model) if model is not None else default_model_path()
        self.network, self.metadata = model_file.load(self.model_path)
        self.temperature = float(self.metadata.get("temperature", 1.0))
        self.labels = [str(c) for c in self.network.classes_]
        self.min_confidence = float(min_confidence)
        self.top_k = max(1, int(top_k))
        self.max_pixels = max_pixels

    def classify(self, vectors):
        """Calibrated class probabilities (n, 10) for optdigits vectors (n, 64) in 0..16."""
        vectors = np.asarray(vectors, dtype=np.float64).reshape(-1, self.network.input_mean_.shape[0])
        if len(vectors) == 0:
            return np.zeros((0, len(self.labels)))
        return softmax_t(self.network.decision_function(vectors), self.temperature)

    def read_char(self, image):
        """The whole image as one character -> :class:`Char` (None if the image has no ink)."""
        chars = self.read(image, mode="char").chars
        return chars[0] if chars else None

    def read(self, image, mode="auto"):
        """Read an image (path, bytes, PIL.Image or array) -> :class:`Page`.

        Raises
        ------
        ImageError
            If the image cannot be read.
        """
        result = self.read_many([image], mode)[0]
        if isinstance(result, ImageError):
            raise result
        return result

    def read_many(self, images, mode="auto"):
        """Read several images with one network call; returns a Page or an ImageError per image."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        prepared = []
        for image in images:
            try:
                prepared.append(self._prepare(image, mode))
            except ImageError as exc:
                prepared.append(exc)
        glyphs = [g for p in prepared if not isinstance(p, ImageError) for g in all_glyphs(p[1])]
        probs = self.classify(feature_vectors([(g.ink, g.mask) for g in glyphs]))
        by_glyph = {id(g): p for g, p in zip(glyphs, probs)}
        return [p if isinstance(p, ImageError) else self._page(p, by_glyph, name_of(img))
                for p, img in zip(prepared, images)]

    # -- internals -----------------------------------------------------------------------
    def _prepare(self, image, mode):
        loaded = io.load(image, self.max_pixels)
        layout = [] if mode == "char" else segment.page(loaded.gray)
        if mode == "char" or (mode == "auto" and looks_like_one_character(layout, loaded.height)):
            layout = whole_image_layout(loaded.gray)
        return loaded, layout

    def _page(self, prepared, probs, name):
        loaded, layout = prepared
        lines = []
        for line in layout:
            words = [Word([c for g in word for c in self._chars(g, probs)]) for word in line]
            lines.append(Line(words))
        return Page(width=loaded.width, height=loaded.height, lines=lines, file=name, notes=loaded.notes,
                    image=loaded.gray)

    def _chars(self, glyph, probs):
        best, best_score = [glyph], probs[id(glyph)].max()
        for pieces in glyph.splits:
            # Touching characters: a cut must make every piece clearly surer than the whole.
            score = min(probs[id(p)].max() for p in pieces)
            if score > best_score + SPLIT_MARGIN:
                best, best_score = pieces, score
        return [self._char(p.box, probs[id(p)]) for p in best]

    def _char(self, box, p):
        order = np.argsort(-p)[: self.top_k]
        conf = float(p[order[0]])
        return Char(label=self.labels[order[0]], confidence=conf, box=tuple(int(v) for v in box),
                    alternatives=[(self.labels[i], float(p[i])) for i in order[1:]],
                    uncertain=conf < self.min_confidence)


def looks_like_one_character(layout, image_height):
    """True when a segmented image is a single character: one glyph, or one glyph filling
    much of the image with only small bits (noise, fragments) beside it."""
    glyphs = [g for line in layout for w in line for g in w]
    if len(glyphs) <= 1:
        return not any(g.splits for g in glyphs)
    heights = sorted(g.box[3] for g in glyphs)
    return heights[-1] >= 0.4 * image_height and heights[-2] < 0.5 * heights[-1]


def whole_image_layout(gray):
    """The layout for ``--mode char``: one line, one word, one glyph (none if no ink)."""
    ink, mask = segment.char_ink(gray)
    if not mask.any():
        return []
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    box = (int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1))
    return [[[segment.Glyph(box, ink, mask)]]]


def all_glyphs(layout):
    for line in layout:
        for word in line:
            for g in word:
                yield g
                for pieces in g.splits:
                    yield from pieces


def name_of(image):
    return str(image) if isinstance(image, (str, Path)) else None
