"""Recognition: images in, Pages and Chars out.

A :class:`Recognizer` holds one loaded model.  For each input, :func:`ocr.prepare.prepare`
runs io -> segment, and :func:`ocr.prepare.vectorize` turns the glyphs of a chunk of
inputs into features at once (chunks can run in worker processes); then every candidate
character of the whole batch is classified with one call per network and layer,
alternative cuts of touching characters, joins and the whole image are chosen by the
confidence of the model's chooser network, the chosen characters are read by its
reading network, and the result objects are built.

Two networks because the best reader is not the best judge: trained toward smoothed
targets, a network reads strangers' digits better, but is as sure of two touching
digits read whole, a grid's pieces or a sliver as of a digit; trained one-hot, its
confidence falls on what is no digit, which is what the choices need.  A model file
with one network (older ones, ``ocr-train --no-chooser``) has it do both.

A Recognizer never changes after it is built, so one instance may be shared by
many threads.
"""
from pathlib import Path

import numpy as np

from . import features, model_file
from .calibration import softmax_t
from .errors import ImageError, ModelError
from .io import origin, page_number, pages_of
from .glyph import candidates, line_height, line_strength, too_wide
from .layout import group_words
from .parallel import map_forked
from .prepare import MODES, prepare_chunk, side_by_side
from .result import Char, Line, Page, Word

PARALLEL_CHUNK = 16  # at most this many images per task handed to a worker process
FAINT = 0.65  # of the darkest line's stroke cores: a line this faint may show through the page
ILLEGIBLE = 0.6  # confidence: a faint line with a character read less surely shows through
SPLIT_MARGIN = 0.2  # confidence a cut of a narrow glyph must gain over reading it whole


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
        If the model file is missing or invalid, or was trained on other features.
    """

    def __init__(self, model=None, min_confidence=0.0, top_k=2, max_pixels=None):
        self.model_path = Path(model) if model is not None else default_model_path()
        self.network, self.metadata, self.chooser = model_file.load(self.model_path)
        made_for = self.metadata.get("features")
        if made_for is not None and made_for != features.settings():
            raise ModelError(f"{self.model_path}: the model was trained on other features ({made_for}; "
                             f"this version makes {features.settings()}): retrain it with ocr-train")
        self.temperature = float(self.metadata.get("temperature", 1.0))
        self.chooser_temperature = (self.temperature if self.chooser is None
                                    else float(self.metadata["chooser"].get("temperature", 1.0)))
        self.labels = [str(c) for c in self.network.classes_]
        self.min_confidence = float(min_confidence)
        self.top_k = max(1, int(top_k))
        self.max_pixels = max_pixels

    def classify(self, vectors):
        """Calibrated class probabilities (n, 10) for optdigits vectors (n, 64) in 0..16."""
        return self._calibrated(self.network, self.temperature, vectors)

    def choose(self, vectors):
        """The chooser's calibrated probabilities (n, 10), by which a page's readings are
        chosen (the reading network's, :meth:`classify`, when the model has no chooser)."""
        chooser = self.network if self.chooser is None else self.chooser
        return self._calibrated(chooser, self.chooser_temperature, vectors)

    def _calibrated(self, network, temperature, vectors):
        vectors = np.asarray(vectors, dtype=np.float64).reshape(-1, network.input_mean_.shape[0])
        if len(vectors) == 0:
            return np.zeros((0, len(self.labels)))
        return softmax_t(network.decision_function(vectors), temperature)

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

    def read_pages(self, image, mode="auto"):
        """Every page of a multi-page TIFF (a list of :class:`Page`, numbered by
        ``Page.page``); of any other image, the one page :meth:`read` reads.  The pages'
        pixels are not kept (``Page.image`` is None): a long document would hold them all.

        Raises
        ------
        ImageError
            If the image, or one of its pages, cannot be read.
        """
        pages = self.read_many(pages_of(image), mode, keep_image=False)
        for page in pages:
            if isinstance(page, ImageError):
                raise page
        return pages

    def read_many(self, images, mode="auto", workers=1, keep_image=True):
        """Read several images with one call per network; returns a Page or an ImageError per image.

        ``workers`` > 1 prepares images in that many processes (only when every input
        is a path and there are enough of them to pay for starting the processes);
        ``keep_image=False`` leaves ``Page.image`` empty, saving memory.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        jobs = [(image, mode, self.max_pixels, keep_image) for image in images]
        if len(jobs) < 2 * workers or not all(map(on_disk, images)):
            workers = 1  # images in memory would be copied to the workers; few are quicker here
        size = max(1, min(PARALLEL_CHUNK, len(jobs) // (4 * workers)))  # several tasks per worker
        chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
        prepared = [p for done in map_forked(prepare_chunk, chunks, workers) for p in done]
        ok = [p for p in prepared if not isinstance(p, ImageError)]
        vectors = np.concatenate([p.vectors for p in ok]) if ok else np.zeros((0, 64))
        read = self.classify(vectors)
        chosen = read if self.chooser is None else self.choose(vectors)  # one network: once
        pages, start = [], 0
        for p, image in zip(prepared, images):
            if isinstance(p, ImageError):
                pages.append(p)
                continue
            stop = start + len(p.vectors)
            page = self._page(p, zip(chosen[start:stop], read[start:stop]), name_of(image))
            page.page = page_number(image)
            pages.append(page)
            start = stop
        return pages

    # -- internals -----------------------------------------------------------------------
    def _page(self, prepared, probs, name):
        """The Page of a prepared image; ``probs`` yields each glyph's probabilities (the
        chooser's, the reader's) in :func:`candidates` order, then the whole image's."""
        for g in candidates(prepared.layout):
            g.probs, g.reading = next(probs)
        lines, chosen = [], []
        for line in prepared.layout:
            # Words are found among the characters read, not the glyphs: touching
            # print is one glyph per several digits, which hides the digits' pitch.
            glyphs = [piece for g in self._joined(line) for piece in self._chosen(g)]
            chars = [self._char(g) for g in glyphs]
            lines.append(Line([Word(w) for w in group_words(chars, line_height(line))]))
            chosen.append(glyphs)
        keep = legible_or_dark([line_strength(line) for line in prepared.layout],
                               [min((g.probs.max() for g in glyphs), default=1.0) for glyphs in chosen])
        lines = [line for line, k in zip(lines, keep) if k]
        chosen = [glyphs for glyphs, k in zip(chosen, keep) if k]
        whole = prepared.whole
        if whole is not None:
            whole.probs, whole.reading = next(probs)
            # A few pieces that read worse than the whole image are one broken character;
            # full-height pieces side by side may well be digits: there the whole must be
            # clearly surer.
            weakest = min((g.probs.max() for glyphs in chosen for g in glyphs), default=0.0)
            margin = SPLIT_MARGIN if side_by_side([[c.box for c in ln.chars] for ln in lines]) else 0.0
            if whole.probs.max() > weakest + margin or lost_ink(lines, whole.box):
                lines = [Line([Word([self._char(whole)])])]
        return Page(width=prepared.width, height=prepared.height, lines=lines, file=name,
                    notes=prepared.notes, image=prepared.image)

    def _joined(self, line):
        """The line's glyphs with each pair offered as one character (``Glyph.join``)
        replaced by it where it reads surer than the weaker half: the halves of a broken
        0 read as 1s, one of them unsure; two real 1s read as two confident ones.  Two
        halves both read as 1s join only when they bend apart like a 0's: two 1s of a fine
        pen bending the same way, "( (", read joined as a 0, an 8 or one 1 as surely as
        the weaker 1 alone (the price: a 1 or a 6 a fold cut into two 1s stays two)."""
        out, k = [], 0
        while k < len(line):
            g = line[k]
            if (g.join is not None and g.join.probs.max() > min(g.probs.max(), line[k + 1].probs.max())
                    and (g.join.bends_apart or not self._both_ones(g, line[k + 1]))):
                out.append(g.join)
                k += 2
            else:
                out.append(g)
                k += 1
        return out

    def _both_ones(self, a, c):
        return self.labels[int(np.argmax(a.probs))] == "1" == self.labels[int(np.argmax(c.probs))]

    def _chosen(self, glyph):
        """The glyph's characters: itself, or the pieces of its best cut (touching
        characters), always when the glyph is too wide to be one digit.

        A cut is scored by the geometric mean of its pieces' confidences (the least sure
        piece alone favours fewer pieces: three touching digits read as two), and wins
        when it beats the whole by a margin that falls from ``SPLIT_MARGIN`` for a glyph
        half as wide as high to none for a square one (as likely two digits as one).
        """
        best = glyph.splits.best(self._piece_confidence) if glyph.splits is not None else None
        if best is not None:
            score, pieces = best
            _, _, w, h = glyph.box
            margin = SPLIT_MARGIN * min(1.0, max(0.0, 2 * (h - w) / h))
            if too_wide(glyph.box) or score > glyph.probs.max() + margin:
                return pieces
        return [glyph]

    def _piece_confidence(self, piece):
        """How sure the network is of a cut piece: none for a narrow one unless it reads as a 1."""
        if piece.narrow and self.labels[int(np.argmax(piece.probs))] != "1":
            return 0.0
        return float(piece.probs.max())

    def _char(self, glyph):
        """The Char the reading network reads in ``glyph``."""
        box, p = glyph.box, glyph.reading
        order = np.argsort(-p)[: self.top_k]
        conf = float(p[order[0]])
        return Char(label=self.labels[order[0]], confidence=conf, box=tuple(int(v) for v in box),
                    alternatives=[(self.labels[i], float(p[i])) for i in order[1:]],
                    uncertain=conf < self.min_confidence)


def legible_or_dark(strengths, sureness):
    """Which lines to keep (a list of bools): not those both faint and illegible, under
    ``FAINT`` of the darkest line's ``strengths`` (one per line) and with a character
    chosen under ``ILLEGIBLE`` confidence (``sureness``: the least per line).  The other
    side of a thin page shows through, mirrored and blurred: lines of half-digits among
    the page's own.  A faint line that reads well (pencil beside print) stays, and so
    does a dark one that reads badly."""
    darkest = max(strengths, default=0.0)
    return [s >= FAINT * darkest or sure >= ILLEGIBLE for s, sure in zip(strengths, sureness)]


def lost_ink(lines, box):
    """True when the characters of ``lines`` span under 0.6 of the height of ``box``, the
    whole image's ink read as one character: the page's threshold, set for a page mostly
    paper, kept only slivers of the strokes of one large character (a bold 9 framed
    tightly read as "1 1")."""
    chars = [c.box for ln in lines for c in ln.chars]
    if not chars:
        return True
    top = min(b[1] for b in chars)
    return max(b[1] + b[3] for b in chars) - top < 0.6 * box[3]


def on_disk(image):
    """True for a path (or a page of a file at a path): cheap to hand to a worker process."""
    return isinstance(origin(image), (str, Path))


def name_of(image):
    return str(origin(image)) if on_disk(image) else None
