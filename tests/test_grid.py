import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import grid
from ocr.synth import dejavu_fonts
from ocr.grid import long_lines, without_grid


def test_ruled_lines_one_way_are_no_grid():
    mask = np.zeros((300, 400), dtype=bool)
    mask[50:52], mask[150], mask[250:253] = True, True, True     # three rules across
    mask[:, 200:204] = True                                       # and a fold down the middle
    assert long_lines(mask) is None
    mask[:, 100], mask[:, 300] = True, True                       # three lines each way: a grid
    lines = long_lines(mask)
    assert lines[51, 7] and lines[7, 101] and lines[53, 7] and not lines[100, 50]


def test_a_grid_loses_its_thin_lines_both_ways_and_strokes_across_them_stay():
    mask = np.zeros((300, 400), dtype=bool)
    mask[50], mask[150], mask[250] = True, True, True            # lines one way: lined paper, no grid
    assert without_grid(mask) is None
    mask[:, 100], mask[:, 200], mask[:, 300] = True, True, True  # both ways: squared paper
    mask[20:80, 20:26] = True                                    # a stroke 6 pixels wide across a line
    kept = without_grid(mask)
    assert not kept[50, 60] and not kept[120, 100] and not kept[50, 100]
    assert kept[20:80, 20:26].all() and kept.sum() == 60 * 6


def tight_crop_of_small_print(lines, size=16, default_font=False):
    """``lines`` printed at ``size`` px in DejaVu Sans (or Pillow's font), cropped 6 px
    from the ink (a PIL image)."""
    sans = [f for f in dejavu_fonts() if f.endswith("DejaVuSans.ttf")]
    face = ImageFont.truetype(sans[0], size) if sans and not default_font else ImageFont.load_default(size)
    width = int(size * 0.66 * max(map(len, lines))) + 14
    img = Image.new("L", (width, 16 + len(lines) * int(size * 1.3)), 255)
    draw = ImageDraw.Draw(img)
    for k, text in enumerate(lines):
        draw.text((6, 8 + k * int(size * 1.3)), text, font=face, fill=0)
    return img


@pytest.mark.parametrize("default_font", [False, True])
def test_a_tight_crop_of_small_print_is_no_squared_paper(default_font):
    # Cropped close, lines of small print fill their rows and the columns down their
    # digits' stems as much as a grid fills its lines, in strokes as thin: read as
    # squared paper, their thin ink was taken out (or, as lines binarize leaves out of
    # its cut, every pixel was) and the crop read a few 1s, or nothing.  A grid's lines
    # run the whole way across each other at an even pitch; rows of print do not.
    import ocr
    from ocr.binarize import binarize
    lines = ["5672005217", "9459512908", "488467649", "3141592653", "2718281828"]
    img = tight_crop_of_small_print(lines, default_font=default_font)
    mask = binarize(np.asarray(img, dtype=np.float32) / 255, sparse=True).mask
    assert grid.without_grid(mask) is None and grid.long_lines(mask) is None
    assert [line.text for line in ocr.read(img, mode="page").lines] == lines


def test_squared_paper_on_a_lid_with_lines_too_faint_to_count_is_still_a_grid():
    # The grid spans the paper, a third less than the scan; every third column and
    # a few rows are too faint to count: steps of two pitches, still the grid's.
    mask = np.zeros((600, 900), dtype=bool)
    mask[60:540:30, 150:750] = True
    mask[60:540, 150:750:30] = True
    mask[:, 210:750:90] = False
    mask[120] = mask[300] = False
    rows, cols = grid.grid_lines(mask, mask)
    assert rows[90] and not rows[120] and cols[180] and not cols[210]
    assert grid.long_lines(mask)[90, 400] and grid.without_grid(mask)[90:95, 400:405].sum() == 0
    assert not grid.even(np.isin(np.arange(600), [60, 91, 117, 150, 182, 203]))  # uneven steps
