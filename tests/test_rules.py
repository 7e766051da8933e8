import numpy as np
import pytest

from ocr import rules


def test_a_rule_with_a_rings_arc_hanging_under_part_of_it_is_still_found():
    # The lowest ink of a rule's columns, but for a fifth of them where an arc hangs
    # 20-90 px below: a fit to every column misses the rule everywhere.
    cols = np.arange(1000)
    edge = 80 + 0.01 * cols
    arc = (cols > 500) & (cols < 700)
    edge[arc] += 20 + 70 * np.sin(np.pi * (cols[arc] - 500) / 200)
    slope, intercept = rules.straight_edge(cols, edge)
    assert abs(slope - 0.01) < 1e-3 and abs(intercept - 80) < 1
    assert rules.straight_edge(cols, 80 + 60 * np.sin(cols / 50)) is None  # no straight edge


def tight_crop_of_small_print(lines, size=16, default_font=False):
    """``lines`` printed at ``size`` px in DejaVu Sans (or Pillow's font), cropped 6 px
    from the ink (a PIL image)."""
    from PIL import Image, ImageDraw, ImageFont
    from ocr.synth import dejavu_fonts
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
    assert rules.without_grid(mask) is None and rules.long_lines(mask) is None
    assert [line.text for line in ocr.read(img, mode="page").lines] == lines


def test_squared_paper_on_a_lid_with_lines_too_faint_to_count_is_still_a_grid():
    # The grid spans the paper, a third less than the scan; every third column and
    # a few rows are too faint to count: steps of two pitches, still the grid's.
    mask = np.zeros((600, 900), dtype=bool)
    mask[60:540:30, 150:750] = True
    mask[60:540, 150:750:30] = True
    mask[:, 210:750:90] = False
    mask[120] = mask[300] = False
    rows, cols = rules.grid_lines(mask, mask)
    assert rows[90] and not rows[120] and cols[180] and not cols[210]
    assert rules.long_lines(mask)[90, 400] and rules.without_grid(mask)[90:95, 400:405].sum() == 0
    assert not rules.even(np.isin(np.arange(600), [60, 91, 117, 150, 182, 203]))  # uneven steps
