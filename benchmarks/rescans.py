"""Scan damage done once more to a benchmark page (``bench_pages.py --rescan NAME``).

``jpeg`` re-saves it at quality 40, ``shadow`` darkens its left third steeply (to 45%
at the edge, a book's binding), ``border`` adds a scanner's black edges (40 px left,
25 px top), ``lid`` skews it 3 degrees on a white scanner lid (the whole page, lid
around it), ``bed`` 3 degrees within the scan on a black bed (black corners),
``graylid`` 3 degrees on a lid 25 levels darker than the page's paper, ``steep`` 7
degrees on a white lid; ``dither`` makes it black and white by Floyd-Steinberg
dithering, ``fold`` darkens a band down its middle (a fold, 45% at its centre), ``holes``
punches three binder's holes (50 px, black) down its left margin.
"""
import numpy as np
from PIL import Image, ImageDraw


def shadow(img):
    a = np.asarray(img.convert("L"), dtype=np.float32)
    light = 0.45 + 0.55 * np.clip(np.linspace(0, 3, a.shape[1]), 0, 1)
    return Image.fromarray((a * light[None, :]).astype(np.uint8))


def border(img):
    a = np.asarray(img.convert("L")).copy()
    a[:, :40], a[:25] = 20, 30
    return Image.fromarray(a)


def lid(img):
    return img.rotate(3, resample=Image.BILINEAR, expand=True, fillcolor=255)


def bed(img):
    return img.rotate(3, resample=Image.BILINEAR, fillcolor=0)


def graylid(img):
    gray = img.convert("L")
    return gray.rotate(3, resample=Image.BILINEAR, expand=True, fillcolor=int(np.median(np.asarray(gray))) - 25)


def steep(img):
    return img.rotate(7, resample=Image.BILINEAR, expand=True, fillcolor=255)


def dither(img):
    return img.convert("L").convert("1")


def fold(img):
    a = np.asarray(img.convert("L"), dtype=np.float32)
    band = np.exp(-0.5 * ((np.arange(a.shape[1]) - a.shape[1] // 2 - 37) / 3.0) ** 2)
    return Image.fromarray((a * (1 - 0.45 * band[None, :])).astype(np.uint8))


def holes(img):
    out = img.convert("L")
    draw = ImageDraw.Draw(out)
    for top in (300, 877, 1450):
        draw.ellipse([25, top, 75, top + 50], fill=10)
    return out


RESCANS = {"jpeg": lambda img: img, "shadow": shadow, "border": border, "lid": lid, "bed": bed,
           "graylid": graylid, "steep": steep, "dither": dither, "fold": fold, "holes": holes}


def rescanned(png, folder, how):
    """``png`` damaged once more, saved in ``folder`` with its ground truth beside it."""
    out = folder / (png.stem + (".jpg" if how == "jpeg" else ".png"))
    RESCANS[how](Image.open(png)).save(out, **({"quality": 40} if how == "jpeg" else {}))
    out.with_suffix(".txt").write_text(png.with_suffix(".txt").read_text())
    return out
