"""One character's ink -> the optdigits 8x8 vector (values 0..16).

This rebuilds the normalization NIST used for the optdigits data set, so that a
scanned character looks to the network like the training digits:

1. crop to the character's ink;
2. scale so the character is 32 pixels tall (aspect ratio kept, at most 32 wide)
   and centre it in a 32x32 box (a fine line drawn large is grown first, not averaged away);
3. threshold, then normalize stroke thickness: strokes are grown (or thinned) along
   a signed distance field until ink covers 30.5% of the box, the data set's median
   coverage (about 30% for every class); thinning takes light ink (blur) first;
4. count the ink pixels of each 4x4 block: 8x8 integers in 0..16;
5. mix in (``GRAY_SHARE``) the box's own gray levels, summed over the same blocks.

Step 5 is why the vector is not NIST's alone: the threshold of step 3 keeps a block
or drops it whole, so a character whose ink is gray (an 8x8 image merely enlarged,
a light stroke, blur) loses its gray levels, and the data set's values are just
that: the share of each block that is ink.  The counts keep the stroke-width
normalization that makes a pen's line and bold print look like the data; the gray
part keeps the rest.  (Trained and read
with 0.35 against counts alone, three networks each: 15 of 16 page sets as good or
better; the held-out 8x8 images merely enlarged, by nearest, bilinear or bicubic
resizing, 4.3 / 4.5 / 3.5% CER against 4.8 / 5.2 / 3.8%.)

Training (:mod:`ocr.train`) and recognition use these same functions; a model file
records :func:`settings` and a Recognizer refuses a model made with others.
"""
import numpy as np
from PIL import Image, ImageFilter

BOX = 32          # NIST's normalized bitmap side
BLOCK = 4         # 4x4 blocks -> 8x8 counts
INK_TARGET = 0.305  # optdigits' median ink coverage (5th..95th percentile: 0.25..0.37)
CORE = 0.75       # of the character's darkest ink: lighter ink is thinned away first
GRAY_SHARE = 0.35  # of the vector from the box's gray levels, the rest from the counts


def settings():
    """The settings a model depends on (recorded in its file)."""
    return {"box": BOX, "block": BLOCK, "ink_target": INK_TARGET, "core": CORE, "gray_share": GRAY_SHARE}


def vector(ink, mask=None):
    """The 64-vector of one character.

    Parameters
    ----------
    ink : (h, w) float array in 0..1, 1 = full ink
    mask : (h, w) bool array of the character's pixels, or None for ``ink > 0.5``

    Returns
    -------
    (64,) float64 array in 0..16 (all zero when there is no ink)
    """
    return vectors([(ink, mask)])[0]


def vectors(items):
    """The 64-vectors of a sequence of (ink, mask) pairs -> (n, 64), strokes normalized in one go."""
    canvases = np.zeros((len(items), BOX, BOX), dtype=np.float32)
    for i, (ink, mask) in enumerate(items):
        canvases[i] = box(ink, mask)
    mixed = (1 - GRAY_SHARE) * blocks(normalize_stroke(canvases)) + GRAY_SHARE * blocks(canvases)
    return mixed.reshape(len(items), 64)


def box(ink, mask=None):
    """Crop, scale and centre a character into the 32x32 box: (BOX, BOX) float32, peak 1."""
    ink = np.asarray(ink, dtype=np.float32)
    mask = ink > 0.5 if mask is None else np.asarray(mask, dtype=bool)
    canvas = np.zeros((BOX, BOX), dtype=np.float32)
    if not mask.any():
        return canvas
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    crop = widened(np.where(mask, ink, 0.0)[r0:r1, c0:c1], mask[r0:r1, c0:c1])
    h, w = crop.shape
    scale = min(BOX / h, BOX / w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    resized = np.asarray(Image.fromarray(crop, mode="F").resize((nw, nh), Image.BILINEAR))
    top, left = (BOX - nh) // 2, (BOX - nw) // 2
    canvas[top:top + nh, left:left + nw] = resized
    peak = canvas.max()
    return canvas / peak if peak > 0 else canvas


def widened(crop, mask):
    """``crop`` with its strokes grown to one and a half box pixels' width where the
    resize into the box would leave them thinner (float32); else ``crop`` itself.

    A large digit drawn with a fine line (a 1 of a 3-pixel pen, 400 pixels tall) was
    averaged away in the resize but for the dark spot where its strokes meet, and
    read as a blob.  Only shrinking by over half can fade a stroke of two pixels or
    more, so smaller characters are left alone (and cost nothing here).  A crop
    shrunk more than twice is first max-pooled (every stroke keeps a pixel of full
    ink) to within twice the box's size, so the maximum filter stays small.
    """
    h, w = crop.shape
    scale = min(BOX / h, BOX / w)
    if scale >= 0.5:
        return crop
    m = np.pad(mask, 1)
    inner = m[1:-1, 1:-1] & m[:-2, 1:-1] & m[2:, 1:-1] & m[1:-1, :-2] & m[1:-1, 2:]
    area = np.count_nonzero(mask)
    width = 2 * area / max(1, area - np.count_nonzero(inner))  # area over half the outline (2 for 1-2 px)
    if width * scale >= 1.5:
        return crop
    f = int(np.ceil(0.5 / scale))
    if f > 1:
        padded = np.pad(crop, ((0, -h % f), (0, -w % f)))
        crop = padded.reshape(padded.shape[0] // f, f, padded.shape[1] // f, f).max(axis=(1, 3))
        scale, width = scale * f, max(1.0, width / f)
    grow = int(np.ceil((1.5 / scale - width) / 2))
    if grow < 1:
        return crop
    return np.asarray(Image.fromarray(crop, mode="F").filter(ImageFilter.MaxFilter(2 * grow + 1)))


def normalize_stroke(canvases):
    """Binary characters with ``INK_TARGET`` of their box inked: (n, 32, 32) -> bool.

    Pixels are ranked by signed distance to the stroke edge (inside negative),
    ties broken by ink darkness, and the first ``target`` are ink: growing or
    thinning every stroke evenly, never moving the character.  Every character gets
    exactly the same coverage, so the vector does not depend on where the threshold
    fell (contrast, blur, pen width).  Blank boxes stay blank.

    The character's core, ink at least ``CORE`` of its darkest, ranks before the
    rest of its ink: blur fills the counters of a small bold digit and bridges its
    strokes with lighter ink, and thinned by depth alone an 8 or a 4 would keep the
    middle of that blob (its dark spine: a 1).
    """
    binary = canvases >= 0.5
    todo = np.flatnonzero(binary.any(axis=(1, 2)))
    if not len(todo):
        return binary
    target = int(INK_TARGET * BOX * BOX)
    inside = binary[todo]
    signed = distance_to(inside) - distance_to(~inside)
    flat = canvases[todo].reshape(len(todo), -1)
    core = inside.reshape(len(todo), -1) & (flat >= CORE)
    order = np.lexsort((-flat, signed.reshape(len(todo), -1), ~core), axis=-1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(BOX * BOX)[None].repeat(len(todo), 0), axis=-1)
    binary[todo] = (rank < target).reshape(len(todo), BOX, BOX)
    return binary


def distance_to(mask):
    """Exact Euclidean distance from each pixel to the nearest True pixel: (n, s, s) -> float32.

    Separable: the distance to the nearest True pixel of the same column comes from
    running max/min of row indices; the best combination with a horizontal offset is
    a brute-force minimum over columns, an (n, s, s, s) array for s = 32.
    Far (2s) where a box has no True pixel.
    """
    n, side, _ = mask.shape
    far = 2 * side
    rows = np.arange(side, dtype=np.int16)[None, :, None]  # int16: squares stay < 2**15
    above = np.maximum.accumulate(np.where(mask, rows, np.int16(-far)), axis=1)
    below = np.minimum.accumulate(np.where(mask, rows, np.int16(3 * side))[:, ::-1], axis=1)[:, ::-1]
    column = np.minimum(np.minimum(rows - above, below - rows), np.int16(far)) ** 2
    offset = ((np.arange(side)[:, None] - np.arange(side)[None, :]) ** 2).astype(np.int16)
    out = np.empty(mask.shape, dtype=np.float32)
    for s in range(0, n, 256):  # chunks keep the 4-D temporary ~30 MB
        out[s:s + 256] = np.sqrt((column[s:s + 256, :, None, :] + offset[None, None]).min(axis=3))
    return out


def blocks(ink):
    """Sum ink per 4x4 block: (..., 32, 32) bool or float in 0..1 -> (..., 8, 8) float in 0..16."""
    side = BOX // BLOCK
    shape = ink.shape[:-2] + (side, BLOCK, side, BLOCK)
    return ink.reshape(shape).sum(axis=(-3, -1), dtype=np.float64)
