"""Image input: anything a user hands us -> a grayscale float image in 0..1 (1 is white).

Accepts a path, ``bytes``, a binary file object, a ``PIL.Image`` or a numpy array.
Applies the EXIF orientation, flattens transparency onto white, and refuses images
above a pixel budget *before* decoding them (decompression bombs).  Every failure is
an :class:`ImageError` with a one-line reason.

A multi-page TIFF (a document feeder's scan) is a document of several pages:
:func:`pages_of` names each as a :class:`PageOf`, which :func:`load` reads like any
source.  Other multi-frame files (an animated GIF, a camera's MPO JPEG with its
preview) are pictures, read from their first frame with a note, as is a multi-page
TIFF handed to :func:`load` whole.
"""
import io as _io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageError

TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # classic and BigTIFF
MAX_PIXELS = 120_000_000  # about A3 at 1200 dpi; override per call or with OCR_MAX_PIXELS


@dataclass
class Loaded:
    """A decoded image: ``gray`` (h, w) float32 in 0..1, plus notes for the user."""
    gray: np.ndarray
    notes: list = field(default_factory=list)

    @property
    def width(self):
        return self.gray.shape[1]

    @property
    def height(self):
        return self.gray.shape[0]


@dataclass(frozen=True)
class PageOf:
    """Page ``index`` (0-based) of the multi-page file ``source`` (a path or bytes)."""
    source: object
    index: int


def pages_of(source):
    """The pages of ``source``: a :class:`PageOf` per page of a multi-page TIFF, else
    ``[source]`` itself (also when it cannot be opened: :func:`load` says why)."""
    if isinstance(source, (bytes, bytearray)):
        fileobj = _io.BytesIO(source)
    elif isinstance(source, (str, os.PathLike)) and os.path.isfile(source):
        fileobj = None  # opened below; a pipe (/dev/stdin) is read once, by load
    else:
        return [source]
    try:
        fileobj = fileobj or open(source, "rb")
        with fileobj, warnings.catch_warnings():
            if fileobj.read(4) not in TIFF_MAGIC:  # most inputs: one read, no decoder
                return [source]
            fileobj.seek(0)
            warnings.simplefilter("ignore")
            with Image.open(fileobj) as img:
                count = img.n_frames
    except Exception:  # unreadable here means unreadable in load, which names the problem
        return [source]
    return [PageOf(source, i) for i in range(count)] if count > 1 else [source]


def page_number(source):
    """The page number (from 1) of a :class:`PageOf`; None for any other source."""
    return source.index + 1 if isinstance(source, PageOf) else None


def origin(source):
    """The file (path or bytes) a :class:`PageOf` is a page of; any other source itself."""
    return source.source if isinstance(source, PageOf) else source


def pixel_budget(max_pixels=None):
    if max_pixels is not None:
        return int(max_pixels)
    env = os.environ.get("OCR_MAX_PIXELS")
    return int(env) if env and env.isdigit() else MAX_PIXELS


def load(source, max_pixels=None):
    """Decode ``source`` into a :class:`Loaded` grayscale image.

    Raises
    ------
    ImageError
        If the source is missing, unreadable, not an image, corrupt or over the pixel budget.
    """
    budget = pixel_budget(max_pixels)
    if isinstance(source, PageOf):
        source, page = source.source, source.index
    else:
        page = None
    if isinstance(source, np.ndarray):
        return Loaded(from_array(source, budget))
    if isinstance(source, Image.Image):
        return from_pil(source, budget, page)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return open_and_convert(_io.BytesIO(bytes(source)), budget, page)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            raise ImageError("is a directory")
        try:
            with open(path, "rb") as f:
                return open_and_convert(f, budget, page)
        except FileNotFoundError:
            raise ImageError("no such file") from None
        except PermissionError:
            raise ImageError("permission denied") from None
        except IsADirectoryError:
            raise ImageError("is a directory") from None
    if hasattr(source, "read"):
        return open_and_convert(source, budget, page)
    raise ImageError(f"cannot read an image from a {type(source).__name__}")


def open_and_convert(fileobj, budget, page=None):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # EXIF/ICC complaints are not the user's problem
            img = Image.open(fileobj)
            check_size(img.size, budget)
            return from_pil(img, budget, page)
    except ImageError:
        raise
    except UnidentifiedImageError:
        if empty(fileobj):
            raise ImageError("empty file (0 bytes)") from None
        raise ImageError("not a recognized image format") from None
    except Image.DecompressionBombError:  # raised by Pillow over twice its MAX_IMAGE_PIXELS
        raise ImageError("image is over Pillow's decompression-bomb limit of "
                         f"{2 * Image.MAX_IMAGE_PIXELS} pixels") from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, KeyError,
            ZeroDivisionError, OverflowError, MemoryError, RuntimeError, AttributeError) as exc:
        # Pillow's decoders surface corrupt data as any of these.
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ImageError(f"corrupt or truncated image ({reason})") from None


def empty(fileobj):
    """True when a seekable file object holds no bytes at all."""
    try:
        fileobj.seek(0, os.SEEK_END)
        return fileobj.tell() == 0
    except (OSError, ValueError, AttributeError):
        return False


def check_size(size, budget):
    w, h = size
    if w < 1 or h < 1:
        raise ImageError("image has no pixels")
    if w * h > budget:
        raise ImageError(f"image is {w}x{h} pixels, over the budget of {budget} "
                         "(set OCR_MAX_PIXELS to allow it)")


def from_pil(img, budget, page=None):
    """Grayscale float image from an opened PIL image (EXIF-rotated): its frame ``page``
    (0-based), or the first with a note when it has several and ``page`` is None."""
    notes = []
    check_size(img.size, budget)
    if page is not None:
        # Seeking walks the file's pages only up to this one; counting them all for every
        # page made reading a long TIFF quadratic in its length.
        try:
            img.seek(page)
        except (EOFError, ValueError):
            raise ImageError(f"has no page {page + 1} (it has {getattr(img, 'n_frames', 1)})") from None
        check_size(img.size, budget)  # a later page may be larger than the first
    elif getattr(img, "n_frames", 1) > 1:
        img.seek(0)
        every = " (read_pages and ocr-recognize read every page of a TIFF file)" if img.format == "TIFF" else ""
        notes.append(f"multi-frame image ({img.n_frames} frames): read the first{every}")
    img.load()
    try:
        ImageOps.exif_transpose(img, in_place=True)  # no copy of a page that needs none
    except Exception:  # a broken EXIF block must not lose a readable image
        notes.append("ignored unreadable EXIF orientation")
    return Loaded(to_gray(img), notes)


def to_gray(img):
    """PIL image of any mode -> (h, w) float32 in 0..1, transparency composited on white."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        return stretch(np.asarray(img, dtype=np.float64))
    has_alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    if has_alpha:
        rgba = np.asarray(img.convert("RGBA"), dtype=np.float32) / 255.0
        luma = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        alpha = rgba[..., 3]
        return (luma * alpha + (1.0 - alpha)).astype(np.float32)
    gray = np.array(img if img.mode == "L" else img.convert("L"), dtype=np.float32)
    gray *= np.float32(1 / 255)  # in place: a 100-megapixel page has no second copy
    return gray


def stretch(a):
    """Rescale a high-bit-depth array to 0..1 by its own range (flat images become white)."""
    a = np.nan_to_num(a, nan=0.0, posinf=0.0, neginf=0.0)
    lo, hi = float(a.min()), float(a.max())
    if hi <= lo:
        return np.ones(a.shape, dtype=np.float32)
    return ((a - lo) / (hi - lo)).astype(np.float32)


def from_array(a, budget):
    """(h, w), (h, w, 3) or (h, w, 4) array -> grayscale float image in 0..1."""
    a = np.asarray(a)
    if a.ndim == 3 and a.shape[2] in (1, 3, 4):
        pass
    elif a.ndim != 2:
        raise ImageError(f"array of shape {a.shape} is not an image (expected (h, w) or (h, w, 3|4))")
    check_size((a.shape[1], a.shape[0]), budget)
    if a.dtype == bool:
        a = a.astype(np.float32)
    elif np.issubdtype(a.dtype, np.integer):
        a = a.astype(np.float32) / (255.0 if np.iinfo(a.dtype).max <= 255 else float(np.iinfo(a.dtype).max))
    elif np.issubdtype(a.dtype, np.floating):
        a = np.nan_to_num(a.astype(np.float32), nan=1.0, posinf=1.0, neginf=0.0)
        if a.size and (a.max() > 1.0 or a.min() < 0.0):
            a = stretch(a)
    else:
        raise ImageError(f"array of dtype {a.dtype} is not an image")
    if a.ndim == 3:
        if a.shape[2] == 1:
            a = a[..., 0]
        else:
            luma = a[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
            a = luma * a[..., 3] + (1 - a[..., 3]) if a.shape[2] == 4 else luma
    return np.clip(a, 0.0, 1.0).astype(np.float32)
