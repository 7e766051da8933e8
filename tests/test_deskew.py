"""Levelling a steep page: its skew measured on all its ink, the ink turned, boxes mapped back."""
import numpy as np
from hypothesis import given, settings, strategies as st
from PIL import Image, ImageDraw

from ocr import deskew
from ocr.binarize import Ink
from ocr.components import label


def lines_of_blocks(rows=(100, 250, 400, 550), width=1000, height=700):
    """A mask of rows of character-sized blocks, like lines of print."""
    mask = np.zeros((height, width), dtype=bool)
    for y in rows:
        for x in range(60, width - 60, 30):
            mask[y:y + 20, x:x + 14] = True
    return mask


def turned(mask, degrees):
    """``mask`` turned counter-clockwise (Pillow's sense), the whole of it kept."""
    return np.asarray(Image.fromarray(mask).rotate(degrees, Image.NEAREST, expand=True))


def as_ink(mask):
    return Ink(mask.astype(np.float32), mask)


@settings(max_examples=25, deadline=None)
@given(st.floats(-10, 10))
def test_the_skew_is_how_far_the_lines_were_turned_and_levelling_undoes_it(degrees):
    # Turned counter-clockwise the lines rise to the right: a negative skew (y grows down).
    mask = turned(lines_of_blocks(), degrees)
    skew = deskew.projected_skew(mask)
    assert abs(np.degrees(skew) + degrees) < 0.4  # its resolution: 4 px over 1000
    level, _ = deskew.levelled(as_ink(mask), skew)
    assert abs(np.degrees(deskew.projected_skew(level.mask))) < 0.4


def test_a_page_without_ink_has_no_skew():
    assert deskew.projected_skew(np.zeros((300, 200), dtype=bool)) == 0.0


@settings(max_examples=25, deadline=None)
@given(st.floats(-10, 10), st.integers(20, 960), st.integers(20, 660))
def test_a_box_found_on_the_level_page_maps_back_onto_its_ink(degrees, x, y):
    mask = np.zeros((700, 1000), dtype=bool)
    mask[y:y + 20, x:x + 14] = True
    level, turn = deskew.levelled(as_ink(mask), np.radians(degrees))
    rows, cols = np.nonzero(level.mask)
    box = (cols.min(), rows.min(), np.ptp(cols) + 1, np.ptp(rows) + 1)
    bx, by, bw, bh = turn.box_back(box)
    assert (bw, bh) == box[2:]
    assert abs(bx + bw / 2 - (x + 7)) <= 1.5 and abs(by + bh / 2 - (y + 10)) <= 1.5


def test_a_box_mapped_back_stays_inside_the_page():
    mask = np.zeros((100, 100), dtype=bool)
    mask[0:30, 0:20] = True  # a corner's ink reaches past the page's edge once turned back
    level, turn = deskew.levelled(as_ink(mask), np.radians(8))
    rows, cols = np.nonzero(level.mask)
    x, y, w, h = turn.box_back((cols.min(), rows.min(), np.ptp(cols) + 1, np.ptp(rows) + 1))
    assert x >= 0 and y >= 0 and x + w <= 100 and y + h <= 100


def test_a_thin_pen_stroke_stays_whole_when_levelled():
    img = Image.new("L", (400, 300), 0)
    ImageDraw.Draw(img).line([(20, 20), (380, 150)], fill=255, width=1)
    ImageDraw.Draw(img).line([(20, 150), (380, 280)], fill=140, width=1)  # a fainter one
    ink = np.asarray(img, dtype=np.float32) / 255
    for degrees in (5, 7, -6, 11):
        level, _ = deskew.levelled(Ink(ink, ink > 0.5), np.radians(degrees))
        assert label(level.mask).count == 2


def test_only_a_steep_page_is_levelled_and_a_ruled_one_sooner():
    assert not deskew.steep(np.radians(3), ruled=False)
    assert not deskew.steep(np.radians(-4), ruled=False)
    assert deskew.steep(np.radians(-4), ruled=True)
    assert deskew.steep(np.radians(5), ruled=False)


def test_the_page_skew_is_its_lines_when_they_agree_else_its_inks():
    mask = turned(lines_of_blocks(), -6)          # turned clockwise: falling 6 degrees
    agreeing = np.radians([5.9, 6.2, 6.0])
    assert deskew.page_skew(agreeing, 0.0, mask) == np.median(agreeing)
    for lines, angle in [(np.radians([2.0, 6.5]), 0.0),   # two lines grouped wrongly
                         (np.radians([3.0]), 0.0),        # one line, falling
                         (np.zeros(0), np.radians(2.0)),  # none measured, neighbours falling
                         (np.zeros(0), None)]:            # no character found
        assert abs(np.degrees(deskew.page_skew(lines, angle, mask)) - 6) < 0.3
    assert deskew.page_skew(np.radians([1.0]), 0.0, mask) is None   # one line, nearly level
    assert deskew.page_skew(np.radians([0.0, 1.4]), 0.0, mask) is None  # disagreeing, nearly level
    assert deskew.page_skew(np.zeros(0), np.radians(0.5), mask) is None


def test_a_strip_along_the_edge_is_left_out_before_the_page_is_turned():
    # Turned, a gray lid's wedge along the top would lie across the page, no longer on its
    # edge, and pass for the typical character.
    from ocr import segment
    mask = turned(lines_of_blocks(), -6).copy()
    mask[:40, 30:] = True                                   # a strip along the top edge
    found = segment.ink_characters(mask)
    ink, again, turn = segment.level_if_steep(as_ink(mask), found)
    assert turn is not None and abs(np.degrees(turn.angle) - 6) < 0.3
    # Of the strip's 41520 pixels, only the rows its straight lower edge lent a rule are left.
    assert again.parts.areas.max() < 0.3 * 40 * 1038
    assert abs(again.ref - 20) <= 2                         # the blocks' height
