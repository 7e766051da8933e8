"""What recognition returns: Char, Word, Line and Page, each with text, box and confidence.

Boxes are ``(x, y, width, height)`` in pixels of the input image, origin top-left.
A word's and a line's confidence is the lowest of its characters'.  ``to_dict``
gives exactly the JSON object ``ocr-recognize --format json`` prints.
"""
from dataclasses import dataclass, field


def union(boxes):
    """Smallest box holding all ``boxes`` (x, y, w, h)."""
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def _conf(value):
    return round(float(value), 4)


@dataclass
class Char:
    """One recognized character.

    ``text`` is the best label, or ``"?"`` when ``confidence`` is below the
    recognizer's ``min_confidence``; ``label`` is always the best label.
    ``alternatives`` are the next most probable ``(text, confidence)`` pairs.
    """
    label: str
    confidence: float
    box: tuple
    alternatives: list = field(default_factory=list)
    uncertain: bool = False

    @property
    def text(self):
        return "?" if self.uncertain else self.label

    def to_dict(self):
        return {"text": self.text, "box": list(self.box), "confidence": _conf(self.confidence),
                "alternatives": [{"text": t, "confidence": _conf(c)} for t, c in self.alternatives]}


@dataclass
class Word:
    chars: list

    @property
    def text(self):
        return "".join(c.text for c in self.chars)

    @property
    def box(self):
        return union([c.box for c in self.chars])

    @property
    def confidence(self):
        return min(c.confidence for c in self.chars)

    def to_dict(self):
        return {"text": self.text, "box": list(self.box), "confidence": _conf(self.confidence),
                "chars": [c.to_dict() for c in self.chars]}


@dataclass
class Line:
    words: list

    @property
    def text(self):
        return " ".join(w.text for w in self.words)

    @property
    def chars(self):
        return [c for w in self.words for c in w.chars]

    @property
    def box(self):
        return union([w.box for w in self.words])

    @property
    def confidence(self):
        return min(w.confidence for w in self.words)

    def to_dict(self):
        return {"text": self.text, "box": list(self.box), "confidence": _conf(self.confidence),
                "words": [w.to_dict() for w in self.words]}


@dataclass
class Page:
    """A read image: its lines in reading order.  ``file`` names the input when known;
    ``page`` is its page number (from 1) in a multi-page file, else None."""
    width: int
    height: int
    lines: list = field(default_factory=list)
    file: str = None
    notes: list = field(default_factory=list)
    page: int = None
    image: object = field(default=None, repr=False, compare=False)  # the grayscale input, for drawing

    @property
    def text(self):
        return "\n".join(line.text for line in self.lines)

    @property
    def words(self):
        return [w for line in self.lines for w in line.words]

    @property
    def chars(self):
        return [c for line in self.lines for c in line.chars]

    def to_dict(self):
        out = {"file": self.file} if self.page is None else {"file": self.file, "page": self.page}
        out.update(width=self.width, height=self.height, text=self.text,
                   lines=[line.to_dict() for line in self.lines])
        return out
