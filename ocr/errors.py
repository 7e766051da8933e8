"""The exceptions the library raises on bad input; the CLI maps them to exit codes."""


class OCRError(Exception):
    """Base class: a problem with something the user gave us, with a one-line message."""


class ImageError(OCRError):
    """An input could not be read as an image (missing, corrupt, not an image, too big)."""


class ModelError(OCRError):
    """The model file is missing, unreadable or invalid, or made for other features."""
