"""Scan damage done once more to a benchmark page (``bench_pages.py --rescan NAME``).

``jpeg`` re-saves it at quality 40, ``shadow`` darkens its left third steeply (to 45%
at the edge, a book's binding), ``border`` adds a scanner's black edges (40 px left,
25 px top), ``lid`` skews it 3 degrees on a white scanner lid (the whole page, lid
around it), ``bed`` 3 degrees within the scan on a black bed (black corners),
``graylid`` 3 degrees on a lid 25 levels darker than the page's paper, ``steep`` 7
degrees on a white lid; ``dither`` makes it black and white by Floyd-Steinberg
dithering, ``bilevel`` by a fixed threshold at half way (a scanner's black-and-white mode),
``bwdust`` by a threshold half way between the page's paper and its darkest ink (its grain
passes on gray paper) with 0.5% of the pixels black dust,
``fold`` darkens a band down its middle (a fold, 45% at its centre), ``holes``
punches three binder's holes (50 px, black) down its left margin; ``dust`` spreads ink
and dust by a pixel all round (a dark copy: single specks become 3x3 dots), ``thin``
takes a pixel off all round (a light copy), ``showthrough`` lets the page's other side
show through (the page itself mirrored and moved half a page down, blurred, at 25%),
``graph`` rules it into 5 mm squares (1-pixel lines at 75% of the paper), ``stain``
leaves three rings of a cup on it; ``blur`` puts it out of focus (a gaussian of 1.5
pixels), ``blurgrain`` too and then adds the scanner's grain (gaussian, 5% of white),
as a sensor does after the optics; ``grain`` adds strong grain (gaussian, 12% of
white), ``saltpepper`` turns 2% of the pixels black or white, ``lowres`` scans it at 75
dpi and enlarges it back, ``coarse`` scans it at 100 dpi (two thirds the size).
"""
import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage


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


def bilevel(img):
    return img.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")


def page_rng(a):
    """A random generator seeded by the page's pixels: the same damage each time on a page."""
    return np.random.default_rng(int(a.sum()) % 2**32)


def bwdust(img):
    a = np.asarray(img.convert("L"), dtype=np.float32)
    rng = page_rng(a)
    cut = (np.median(a) + np.percentile(a, 0.5)) / 2
    return Image.fromarray((a >= cut) & (rng.uniform(size=a.shape) >= 0.005))


def blur(img, grain=0.0):
    a = ndimage.gaussian_filter(np.asarray(img.convert("L"), dtype=np.float32), 1.5)
    return grainy(a, grain) if grain else Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def grainy(a, grain):
    """Page ``a`` (0..255, float) with gaussian grain of ``grain`` (a share of white) added."""
    a = a + page_rng(a).normal(0, grain * 255, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def saltpepper(img, share=0.02):
    a = np.asarray(img.convert("L")).copy()
    u = page_rng(a).uniform(size=a.shape)
    a[u < share / 2], a[u > 1 - share / 2] = 0, 255
    return Image.fromarray(a)


def rescaled(img, scale, back):
    """Scanned at ``scale`` times the resolution (bilinear), and with ``back`` enlarged again."""
    gray = img.convert("L")
    small = gray.resize((round(gray.width * scale), round(gray.height * scale)), Image.BILINEAR)
    return small.resize(gray.size, Image.BILINEAR) if back else small


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


def dark_ink(a):
    """Is the ink of page ``a`` (0..255) darker than its paper (the paper is most of it)?"""
    return np.median(a) > 127


def spread(img, grow):
    """Ink grown (``grow``) or shrunk by a pixel all round, whichever its polarity."""
    a = np.asarray(img.convert("L"))
    darken = dark_ink(a) == grow  # dark ink on light paper grows by a minimum
    return Image.fromarray((ndimage.grey_erosion if darken else ndimage.grey_dilation)(a, size=(3, 3)))


def showthrough(img):
    a = np.asarray(img.convert("L"), dtype=np.float32)
    paper = np.median(a)
    sign = 1.0 if dark_ink(a) else -1.0
    ink = np.clip(sign * (paper - a), 0, None)
    back = ndimage.gaussian_filter(np.roll(ink[:, ::-1], a.shape[0] // 2, axis=0), 1.5)
    return Image.fromarray(np.clip(a - sign * 0.25 * back, 0, 255).astype(np.uint8))


def graph(img):
    a = np.asarray(img.convert("L"), dtype=np.float32).copy()
    lines = np.zeros(a.shape, dtype=bool)
    lines[::30], lines[:, ::30] = True, True
    a[lines] = a[lines] * 0.75 if dark_ink(a) else a[lines] + 0.25 * (255 - a[lines])
    return Image.fromarray(a.astype(np.uint8))


def stain(img):
    a = np.asarray(img.convert("L"), dtype=np.float32)
    yy, xx = np.mgrid[0:a.shape[0], 0:a.shape[1]]
    shade = np.ones(a.shape, dtype=np.float32)
    for cy, cx, r in ((0.3, 0.7, 110), (0.55, 0.25, 90), (0.8, 0.6, 140)):
        d = np.hypot(yy - cy * a.shape[0], xx - cx * a.shape[1])
        shade *= 1 - 0.35 * np.exp(-0.5 * ((d - r) / 4) ** 2) - 0.08 * (d < r)
    out = a * shade if dark_ink(a) else 255 - (255 - a) * shade
    return Image.fromarray(out.astype(np.uint8))


RESCANS = {"jpeg": lambda img: img, "shadow": shadow, "border": border, "lid": lid, "bed": bed,
           "graylid": graylid, "steep": steep, "dither": dither, "bilevel": bilevel, "bwdust": bwdust,
           "fold": fold, "holes": holes,
           "dust": lambda img: spread(img, True), "thin": lambda img: spread(img, False),
           "showthrough": showthrough, "graph": graph, "stain": stain,
           "blur": blur, "blurgrain": lambda img: blur(img, 0.05),
           "grain": lambda img: grainy(np.asarray(img.convert("L"), dtype=np.float32), 0.12),
           "saltpepper": saltpepper, "lowres": lambda img: rescaled(img, 0.5, True),
           "coarse": lambda img: rescaled(img, 2 / 3, False)}


def rescanned(png, folder, how):
    """``png`` damaged once more, saved in ``folder`` with its ground truth beside it."""
    out = folder / (png.stem + (".jpg" if how == "jpeg" else ".png"))
    RESCANS[how](Image.open(png)).save(out, **({"quality": 40} if how == "jpeg" else {}))
    out.with_suffix(".txt").write_text(png.with_suffix(".txt").read_text())
    return out
