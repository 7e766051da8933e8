"""Levelling a steeply skewed page: its ink turned so that the lines run level.

Up to a few degrees the line grouping allows for skew and the network reads tilted
characters as well as level ones; past ``MIN_SKEW`` a rule or a line's characters
reach into the next line.  :func:`page_skew` takes the skew of the lines first found
when they agree, else :func:`projected_skew` measures it on all its ink (rules too), and
:func:`levelled` turns the page's ink (not the gray scan: the paper, a lid and a black
bed are already gone) level to be segmented again.  Every box found is mapped back to
the scan's pixels by its centre (a box keeps the size it has on the level page: a few
pixels tighter than the tilted character's own box, and neighbours keep the gaps that
tell words apart).
"""
from dataclasses import dataclass

import numpy as np
from PIL import Image

from .binarize import Ink

# Below this the page is read as it is: the network reads characters tilted this far as
# well as level ones, and turning resamples the ink (pen pages at 5 degrees read 0.7-1.0
# points worse level than tilted), which pays only once lines cross (ruled pages at 6
# degrees: 63.6% CER as they are, 5.8% level; the three kinds at 8 degrees 4.7 -> 4.1%).
# On lined paper a rule crossing the characters costs more sooner: ruled pages at 4
# degrees 6.8% as they are, 4.3% level.
MIN_SKEW = np.radians(4.5)
MIN_RULED_SKEW = np.radians(3.5)
# Lines first found that do not agree, falling more than this: measure the whole page (~9 ms).
SCREEN_SKEW = np.radians(1.5)


def steep(angle, ruled):
    """Is a page skewed by ``angle`` (radians) to be levelled; ``ruled``: it has rules."""
    return abs(angle) > (MIN_RULED_SKEW if ruled else MIN_SKEW)


def page_skew(line_angles, angle, mask, agree=np.radians(0.5)):
    """The page's skew (radians), or None when its lines run nearly level.

    The lines' own (``line_angles``, :func:`layout.line_angles`) when two or more agree
    (within ``agree`` of their median, as a median); when they do not (lines grouped
    wrongly, rules and characters in one tangle), or one or none was measured, and their
    median (or, without them, the neighbour-to-neighbour ``angle``; None when no character
    was found) falls more than ``SCREEN_SKEW``, it is measured on all the page's ``mask``.
    (The ink's sharpest row profile can line up different lines of a page of few short
    ones: 5.5 degrees for 2.)
    """
    if len(line_angles) >= 2:
        centre = float(np.median(line_angles))
        if np.median(np.abs(line_angles - centre)) <= agree:
            return centre
    rough = float(np.median(line_angles)) if len(line_angles) else angle
    if rough is not None and abs(rough) <= SCREEN_SKEW:
        return None
    return projected_skew(mask)


@dataclass
class Turn:
    """A page turned by ``angle`` radians (lines falling to the right are positive) from
    ``shape`` (h, w) to ``turned`` (h, w), the whole page kept."""
    angle: float
    shape: tuple
    turned: tuple

    def box_back(self, box):
        """A box (x, y, w, h) on the turned page -> the same-sized box around its centre
        on the page as scanned (kept inside it)."""
        x, y, w, h = box
        cos, sin = np.cos(self.angle), np.sin(self.angle)
        u = x + w / 2 - self.turned[1] / 2
        v = y + h / 2 - self.turned[0] / 2
        cx = u * cos - v * sin + self.shape[1] / 2
        cy = u * sin + v * cos + self.shape[0] / 2
        left = min(max(0, round(cx - w / 2)), max(0, self.shape[1] - w))
        top = min(max(0, round(cy - h / 2)), max(0, self.shape[0] - h))
        return (int(left), int(top), int(w), int(h))


def projected_skew(mask, most=np.radians(12), step=4):
    """The skew (radians, lines falling to the right positive) at which the rows of the
    page's ink are sharpest: the sum of squares of the ink's row profile, taken along
    lines of each slope, is highest.  Every ink pixel counts (rules too, which lie along
    the lines), so it holds when lines or characters are not found; on a copy shrunk
    ``step`` times, in steps of 0.5 degrees within ``most`` and then of 0.05.
    ~9 ms an A4 page at 150 dpi.
    """
    h, w = mask.shape
    small = mask[:h // step * step, :w // step * step].reshape(h // step, step, w // step, step).any(axis=(1, 3))
    ys, xs = np.nonzero(small)
    if len(ys) < 2:
        return 0.0
    xs = xs - xs.mean()

    def sharpness(angle):
        rows = np.round(ys - np.tan(angle) * xs).astype(np.intp)
        profile = np.bincount(rows - rows.min()).astype(np.float64)
        return float(profile @ profile)

    def sharpest(angles):  # the middle of the angles tied for sharpest (a level page's ink
        scores = np.array([sharpness(a) for a in angles])  # is as sharp within a few 0.05s)
        return float(np.mean(angles[scores == scores.max()]))

    coarse = np.linspace(-most, most, 2 * int(round(np.degrees(most) / 0.5)) + 1)
    return sharpest(sharpest(coarse) + np.linspace(-1, 1, 21) * (coarse[1] - coarse[0]))


def levelled(ink, angle):
    """``ink`` (an :class:`ocr.binarize.Ink`) turned by ``-angle`` so that its lines run
    level, the whole page kept: ``(Ink, Turn)``.

    The mask is turned as a shape (bilinear) and kept where it covers 3/8 of a pixel: a
    pen's 1-pixel diagonal stays whole (cut at a half it breaks into dashes); the ink of
    the mask is turned beside it.  Ink outside the mask (a solid region binarize left
    out) stays out.
    """
    degrees = float(np.degrees(angle))
    shape = Image.fromarray(ink.mask.astype(np.uint8) * 255).rotate(degrees, Image.BILINEAR, expand=True)
    inked = Image.fromarray(np.where(ink.mask, ink.ink, 0).astype(np.float32), mode="F")
    turned = np.asarray(inked.rotate(degrees, Image.BILINEAR, expand=True))
    return Ink(turned, np.asarray(shape) >= 96, ink.bilevel), Turn(float(angle), ink.mask.shape, turned.shape)
