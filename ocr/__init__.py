"""Digit OCR: a numpy neural network behind an optdigits-style image pipeline.

    import ocr
    page = ocr.read("scan.png")          # Page: lines -> words -> chars, boxes, confidences
    pages = ocr.read_pages("feed.tif")   # every page of a multi-page TIFF: [Page, ...]
    char = ocr.read_char("seven.png")    # the whole image as one character
    rec = ocr.Recognizer(model="models/digits.npz", min_confidence=0.5)
    probs = rec.classify(vectors)        # (n, 64) optdigits vectors -> (n, 10)
    ocr.MLP(hidden=(384,)).fit(X, y)     # the network itself, scikit-learn style
"""
from .errors import ImageError, ModelError, OCRError
from .network import MLP
from .recognizer import Recognizer
from .result import Char, Line, Page, Word

__all__ = ["read", "read_pages", "read_char", "Recognizer", "MLP", "Page", "Line", "Word", "Char",
           "OCRError", "ImageError", "ModelError"]

_shared = {}


def _default():
    # The shipped model is loaded once, on first use, and shared (Recognizer is immutable).
    if "recognizer" not in _shared:
        _shared["recognizer"] = Recognizer()
    return _shared["recognizer"]


def read(image, mode="auto"):
    """Read a page (path, bytes, PIL.Image or numpy array) with the shipped model -> Page."""
    return _default().read(image, mode=mode)


def read_pages(image, mode="auto"):
    """Read every page of a multi-page TIFF (one page of any other image) -> [Page, ...]."""
    return _default().read_pages(image, mode=mode)


def read_char(image):
    """Read an image holding one character with the shipped model -> Char (None if blank)."""
    return _default().read_char(image)
