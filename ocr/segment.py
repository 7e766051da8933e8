"""Finding characters: ink components -> characters -> words -> lines, in reading order.

``char_ink`` treats a whole image as one character (``--mode char``).
"""
import numpy as np

from .binarize import binarize, clean


def char_ink(gray):
    """Ink and mask of an image holding one character: binarized, specks dropped.

    Returns
    -------
    ink : (h, w) float32 in 0..1
    mask : (h, w) bool, the character's pixels (all False when there is no ink)
    """
    b = binarize(gray)
    return b.ink, clean(b.mask)
