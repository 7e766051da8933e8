"""Frames, cells and underlines are not characters (forms put digits in boxes and on lines)."""
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import example, given, settings, strategies as st
from PIL import Image, ImageDraw, ImageFont

from conftest import printed_lines, render
from ocr import marks, read, read_char, rules
from ocr.components import label


def with_mark(kind):
    img = render("7", 48, pad=20).convert("L")
    d, (w, h) = ImageDraw.Draw(img), img.size
    if kind == "frame":
        d.rectangle([2, 2, w - 3, h - 3], outline=0, width=2)
    elif kind == "cell":
        d.rectangle([0, 0, w - 1, h - 1], outline=0, width=3)
    elif kind == "underline":
        d.line([5, h - 10, w - 5, h - 10], fill=0, width=2)
    elif kind == "comb":
        d.line([3, h - 4, w - 3, h - 4], fill=0, width=2)
        d.line([3, h - 4, 3, h - 14], fill=0, width=2)
        d.line([w - 4, h - 4, w - 4, h - 14], fill=0, width=2)
    return img


@pytest.mark.parametrize("kind", ["frame", "cell", "underline", "comb"])
def test_a_digit_in_a_box_or_on_a_line_reads_in_char_and_auto_mode(kind):
    img = with_mark(kind)
    assert read_char(img).text == "7"
    assert read(img).text == "7"


def test_a_row_of_form_cells_and_an_underlined_number_on_a_page():
    font = ImageFont.load_default(40)
    img = Image.new("L", (900, 300), 255)
    d = ImageDraw.Draw(img)
    for i, ch in enumerate("4711"):
        x = 40 + i * 60
        d.rectangle([x, 30, x + 50, 95], outline=0, width=2)
        d.text((x + 12, 38), ch, font=font, fill=0)
    d.text((450, 160), "31415", font=font, fill=0)
    d.line([445, 212, 600, 212], fill=0, width=3)
    d.text((150, 160), "27", font=font, fill=0)
    d.line([147, 212, 200, 212], fill=0, width=2)
    page = read(img)
    assert [line.text.replace(" ", "") for line in page.lines] == ["4711", "2731415"]


def parts_of(draw_on):
    img = Image.new("L", (80, 80), 0)
    draw_on(ImageDraw.Draw(img))
    return label(np.asarray(img) > 0)


def test_a_box_around_ink_is_a_frame_but_a_ring_around_a_speck_is_not():
    boxed = parts_of(lambda d: (d.rectangle([5, 5, 74, 74], outline=255, width=2),
                                d.ellipse([30, 20, 45, 60], fill=255)))
    assert marks.frames(boxed, np.arange(boxed.count)).tolist() == [True, False]
    ring = parts_of(lambda d: (d.ellipse([5, 5, 74, 74], outline=255, width=6),
                               d.ellipse([36, 36, 43, 43], fill=255)))
    assert not marks.frames(ring, np.arange(ring.count)).any()


def test_a_zero_with_a_blot_inside_is_still_a_zero():
    img = render("0", 60, pad=20).convert("L")
    w, h = img.size
    ImageDraw.Draw(img).ellipse([w // 2 - 3, h // 2 - 3, w // 2 + 3, h // 2 + 3], fill=0)
    assert read_char(img).text == "0" and read(img).text == "0"


def test_a_small_dotted_zero_is_not_a_frame():
    # a monospace font's 0 has a dot inside; at 10-14 pixels its ring hugs its box
    for height in (10, 14, 30):
        width = int(height * 0.7)
        dot = max(1, height // 8)   # DejaVu Sans Mono's dot is about a quarter of the 0's height
        parts = parts_of(lambda d: (d.ellipse([5, 5, 5 + width, 5 + height], outline=255, width=max(1, height // 7)),
                                    d.rectangle([5 + width // 2 - dot // 2, 5 + height // 2 - dot,
                                                 5 + width // 2 + dot // 2, 5 + height // 2 + dot], fill=255)))
        assert parts.count == 2 and not marks.frames(parts, np.arange(2)).any(), height



@settings(max_examples=40, deadline=None)
@given(digit=st.sampled_from("0123456789"), size=st.integers(24, 90),
       margin=st.integers(3, 30), width=st.integers(1, 3), mode=st.sampled_from(["char", "auto"]))
@example(digit="9", size=79, margin=3, width=1, mode="auto")  # the page path kept two slivers: "1 1"
def test_a_frame_around_a_digit_does_not_change_its_reading(digit, size, margin, width, mode):
    # (Frames thicker than the strokes around digits under ~15 pixels still change the
    # reading: the frame then dominates the image's contrast.)
    plain = render(digit, size, pad=margin + width + 2).convert("L")
    framed = plain.copy()
    w, h = framed.size
    ImageDraw.Draw(framed).rectangle([1, 1, w - 2, h - 2], outline=0, width=width)
    reading = read_char if mode == "char" else read
    assert reading(framed).text == reading(plain).text


def test_a_line_touching_the_bottom_of_a_character_is_stripped():
    mask = np.zeros((40, 60), dtype=bool)
    mask[5:32, 25:29] = True                 # a "1", 27 rows high
    mask[32:35, 5:55] = True                 # a line 50 long touching its foot
    stripped = marks.strip_underline(mask)
    assert not stripped[32:35].any() and stripped[5:32].sum() == mask[5:32].sum()


def test_a_digits_own_base_is_not_a_line():
    two = np.zeros((40, 40), dtype=bool)
    two[5:9, 10:30] = True                   # top
    two[9:30, 26:30] = True                  # right side
    two[30:34, 8:32] = True                  # a base as wide as the digit: 24 < 1.2 * 29
    assert np.array_equal(marks.strip_underline(two), two)


@pytest.mark.parametrize("digit", "0147")
def test_an_underline_touching_a_digit_does_not_change_its_reading(digit):
    plain = render(digit, 40, pad=20).convert("L")
    ink = np.asarray(plain) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    lined = plain.copy()
    ImageDraw.Draw(lined).line([int(cols[0]) - 12, int(rows[-1]) + 2, int(cols[-1]) + 12, int(rows[-1]) + 2],
                               fill=0, width=2)
    assert read_char(lined).text == read_char(plain).text
    assert read(lined).text == read(plain).text


def test_a_long_vertical_line_goes_with_its_ragged_edge_and_short_strokes_stay():
    mask = np.zeros((300, 200), dtype=bool)
    mask[10:290, 100:104] = True          # a line 280 long
    mask[50:60, 104] = True               # its ragged edge
    mask[100:140, 20:24] = True           # a stroke 40 long (a 1)
    mask[150:160, 60:120] = True          # a bar crossing the line
    mask[200:240, 95:99] = True           # a stroke along it on one side (a 1 touching the fold)
    mask[260, 97:99] = True               # a speck beside it...
    mask[260, 105] = True                 # ...and one on the other side
    out = rules.without_upright_rules(mask, 100)
    assert out[100:140, 20:24].all()
    assert out[150:160, 60:120].all()     # the bar keeps its pixels across the line
    assert not out[:150, 99:105].any() and not out[160:, 99:105].any()
    assert out[200:240, 95:99].all()
    assert rules.without_upright_rules(mask[:, :60], 100) is None  # nothing that long
    assert rules.without_upright_rules(mask[:, :60], 100) is None  # nothing that long


@pytest.mark.parametrize("x", [138, 237, 282])
def test_digits_a_fold_crosses_keep_their_strokes_across_it(x):
    # The fold went with the columns it shares with each digit: a 3 fell into a 1 and a
    # 3-like piece, a 4 lost its bar ("7046 1 185", "9061 22478").
    lines = ["2580 6913", "7046 1385", "9061 2478"]
    img = printed_lines(lines, 40, (700, 600), 100, 150, 110)
    ImageDraw.Draw(img).line([(x, 0), (x, 600)], fill=60, width=3)
    assert [line.text for line in read(img, mode="page").lines] == lines


def test_punched_holes_beside_the_lines_are_no_digits_but_a_bold_0_is():
    lines = ["4071 2338", "90 5126", "800 614"]
    img = printed_lines(lines, 48, (900, 420), 150, 40, 130)
    d = ImageDraw.Draw(img)
    for k in range(len(lines)):
        d.ellipse([20, 40 + 130 * k, 70, 90 + 130 * k], fill=25)  # a binder's hole, 50 px
    assert [line.text for line in read(img).lines] == lines
    ring = Image.new("L", (120, 120), 255)
    ImageDraw.Draw(ring).ellipse([20, 15, 100, 105], fill=0)
    ImageDraw.Draw(ring).ellipse([52, 45, 68, 75], fill=255)     # a bold 0: 0.72 of its box ink
    parts = label(np.asarray(ring) < 128)
    assert marks.plausible(parts, (120, 120), 90).all()
    solid = label(np.asarray(img.crop((0, 0, 120, 130))) < 128)   # the first hole alone
    assert not marks.plausible(solid, (130, 120), 50).any()


def test_punched_holes_do_not_set_the_character_height():
    # Three 50-pixel holes held more ink than a few short lines of small digits: the
    # character height was the holes', and two lines of a close-set page were read as one.
    mask = np.zeros((900, 700), dtype=bool)
    yy, xx = np.mgrid[0:900, 0:700]
    for top in (100, 400, 700):
        mask |= (yy - top - 25) ** 2 + (xx - 50) ** 2 <= 25 ** 2   # a binder's hole, 50 px
    for k in range(6):
        mask[200:230, 200 + 40 * k:218 + 40 * k] = True              # digits 30 px tall
    parts = label(mask)
    assert marks.typical_height(parts, mask.shape) == 30
    lines = ["5790 18", "246", "7131"]
    img = printed_lines(lines, 20, (700, 900), 150, 200, 60)
    d = ImageDraw.Draw(img)
    for top in (100, 400, 700):
        d.ellipse([25, top, 75, top + 50], fill=10)
    assert [line.text for line in read(img).lines] == lines


@pytest.mark.parametrize("heading", [100, 140])
def test_small_print_under_a_large_heading_is_read(heading):
    # The heading's few large digits outweighed the print's many small ones: the page's
    # character height was the heading's, and every small line went as specks.
    lines = ["31 415 92", "6535 89"]
    img = printed_lines(lines, 24, (1000, 600), 100, 300, 60)
    ImageDraw.Draw(img).text((100, 40), "2026", font=ImageFont.load_default(heading), fill=0)
    assert [line.text for line in read(img).lines] == ["2026"] + lines


def test_small_print_is_characters_in_a_row_not_scattered_specks():
    rng = np.random.default_rng(0)
    row = np.array([[100 + 14 * k, 300, 9, 12] for k in range(6)])   # six 12-px digits side by side
    assert marks.small_print(row, 60) == 12
    assert marks.small_print(row[:4], 60) is None                    # too few
    assert marks.small_print(row, 30) is None                        # not small beside 30-px print
    scattered = row.copy()
    scattered[:, 0] = rng.permutation(np.arange(6)) * 200 + 50       # the same, far apart
    scattered[:, 1] = 100 + 40 * np.arange(6)                        # and not level
    assert marks.small_print(scattered, 60) is None


def boxed(boxes, areas):
    """Components known by their boxes and areas alone (no pixels)."""
    return SimpleNamespace(boxes=np.asarray(boxes), areas=np.asarray(areas))


def test_strips_along_an_edge_are_borders_but_rules_and_edge_digits_are_not():
    shape = (1000, 800)                      # (h, w)
    boxes = np.array([
        (0, 0, 700, 40),                     # a lid's wedge along the top
        (0, 100, 60, 800),                   # along the left side
        (760, 0, 40, 600),                   # along the right side
        (0, 300, 800, 4),                    # a rule from edge to edge: a rule, not a strip
        (0, 0, 30, 40),                      # a digit in the corner of a tight crop
        (100, 960, 300, 40),                 # a line of digits on the bottom edge, under half as wide
    ])
    areas = boxes[:, 2] * boxes[:, 3] // 2
    assert marks.borders(boxed(boxes, areas), shape).tolist() == [True, True, True, False, False, False]
    wedges = np.array([(0, 0, 700, 480)])   # a lid's wedges along the top and the left, one L
    assert marks.borders(boxed(wedges, [700 * 20 + 480 * 25]), shape).tolist() == [True]
    line = np.array([(0, 0, 120, 60), (130, 0, 10, 60)])  # an image of "71", cropped tight
    assert not marks.borders(boxed(line, line[:, 2] * line[:, 3] // 3), (60, 140)).any()
    thin = np.array([(0, 0, 40, 60), (48, 0, 2, 60)])  # "71" in small print: a 1 two pixels wide
    assert not marks.borders(boxed(thin, [800, 120]), (60, 50)).any()
    dashes = np.array([(0, 40 * k, 1, 12) for k in range(5)] + [(30, 0, 2, 40)])  # a grid's edge line
    assert marks.borders(boxed(dashes, dashes[:, 2] * dashes[:, 3]), shape).tolist() == [True] * 5 + [False]


def test_a_cups_ring_is_a_loop_but_a_zero_written_with_a_fine_pen_is_not():
    img = Image.new("L", (600, 300), 255)
    d = ImageDraw.Draw(img)
    d.ellipse([20, 20, 260, 260], outline=0, width=7)    # a cup's ring: about 6 times its ink in paper
    d.ellipse([320, 100, 360, 160], outline=0, width=3)  # a 0, 60 px tall, a 3-px pen
    d.ellipse([420, 60, 580, 240], outline=0, width=2)   # a thin circle drawn round a space
    parts = label(np.asarray(img) < 128)
    order = np.argsort(parts.boxes[:, 0])
    assert marks.loops(parts)[order].tolist() == [True, False, True]


@pytest.mark.parametrize("pen", [2, 3, 4])
def test_large_digits_of_a_fine_pen_are_neither_specks_nor_rings(pen):
    # 150 pixels tall: a 1 of a 2-pixel line holds under 2% of such a character's box in
    # ink (a speck), a 0 encloses 6-12 times its ink (a cup's ring); both went.
    img = Image.new("L", (1100, 300), 255)
    d = ImageDraw.Draw(img)
    top, h = 60, 150
    d.line([(60, top + 30), (85, top), (85, top + h)], fill=0, width=pen)                    # 1
    d.ellipse([130, top, 220, top + h], outline=0, width=pen)                                # 0
    d.line([(260, top), (350, top), (290, top + h)], fill=0, width=pen)                      # 7
    d.line([(390, top + 30), (415, top), (415, top + h)], fill=0, width=pen)                 # 1
    d.ellipse([460, top, 550, top + h], outline=0, width=pen)                                # 0
    d.line([(660, top + h), (660, top), (590, top + 100), (685, top + 100)], fill=0, width=pen)  # 4
    d.ellipse([725, top, 805, top + 75], outline=0, width=pen)                               # 9
    d.line([(805, top + 37), (795, top + h)], fill=0, width=pen)
    assert read(img, mode="page").text.replace(" ", "") == "1071049"


def test_small_print_beside_cup_rings_reads_without_them():
    # Three rings hold more ink than 18-pixel print: they set the character height (the
    # digits became specks) and read as 0s and 6s.
    lines = ["57901892 38428", "2465 0087", "713149"]
    img = printed_lines(lines, 24, (1200, 700), 80, 60, 60)
    d = ImageDraw.Draw(img)
    for box in ([700, 40, 940, 280], [150, 330, 380, 560], [800, 380, 1080, 660]):
        d.ellipse(box, outline=110, width=8)
    assert [line.text for line in read(img).lines] == lines


def test_a_wedges_thin_end_and_a_fold_do_not_set_the_character_height():
    mask = np.zeros((1000, 800), dtype=bool)
    for k in range(12):
        mask[100:130, 100 + 40 * k:120 + 40 * k] = True     # digits 30 px tall
    mask[300:720, 700:724] = True                           # a wedge's thin end, 420 x 24, off the edge
    mask[:, 400:403] = True                                 # a fold down the page
    parts = label(mask)
    assert marks.typical_height(parts, mask.shape) == 30
    keep = marks.plausible(parts, mask.shape, 30)
    assert keep[parts.boxes[:, 3] == 30].all() and not keep[parts.boxes[:, 3] > 30].any()


def test_a_ring_across_lined_paper_goes_and_the_lines_on_the_rules_it_crosses_stay():
    # The ring tied two rules and the digits on them into one component: its arc under the
    # upper rule pulled the rule's fit off, so that rule stayed and its line was lost
    # ("97 5310 86"); the rules' removal then cut the ring into arcs read as digits.
    lines = ["2024 3579", "8642 105", "97 5310 86", "4412 907"]
    img = Image.new("L", (1000, 560), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.load_default(44)
    for k, text in enumerate(lines):
        base = 110 + k * 110
        d.line([(20, base), (980, base)], fill=90, width=2)
        d.text((120 + 60 * k, base - font.getbbox(text)[3] + 1), text, font=font, fill=0)
    d.ellipse([600, 230, 800, 430], outline=110, width=2)
    assert [line.text for line in read(img, mode="page").lines] == lines


def test_a_thin_frame_round_the_page_is_a_border_but_a_large_fine_digit_is_not():
    img = Image.new("L", (200, 260), 255)
    ImageDraw.Draw(img).rectangle((4, 4, 195, 255), outline=0, width=3)
    ImageDraw.Draw(img).text((60, 100), "42", font=ImageFont.load_default(40), fill=0)
    parts = label(np.asarray(img) < 128)
    frame = np.flatnonzero(parts.boxes[:, 2] > 150)
    assert marks.borders(parts, (260, 200))[frame].all()
    for draw in (lambda d: d.ellipse((20, 10, 180, 250), outline=0, width=3),          # 0
                 lambda d: d.line([(30, 20), (170, 20), (80, 245)], fill=0, width=3)):  # 7
        img = Image.new("L", (200, 260), 255)
        draw(ImageDraw.Draw(img))
        parts = label(np.asarray(img) < 128)
        assert parts.count == 1 and not marks.borders(parts, (260, 200)).any()
