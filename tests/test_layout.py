"""Reading order on boxes made here: skew, lines, words."""
from types import SimpleNamespace

import numpy as np

from ocr import layout


def row(y, xs, h=20, w=14, slope=0.0):
    return [(x, int(round(y + slope * x)), w, h) for x in xs]


def test_skew_is_the_slope_along_the_lines():
    slope = 1 / 18                         # one pixel per character: no rounding
    boxes = np.array(row(100, range(0, 400, 18), slope=slope) + row(200, range(0, 400, 18), slope=slope))
    assert abs(layout.skew(boxes) - np.arctan(slope)) < 1e-9
    assert layout.skew(np.array(row(100, range(0, 400, 18)))) == 0.0


def test_tilted_lines_group_top_to_bottom_and_keep_their_members():
    first, second = row(100, range(0, 600, 18), slope=0.05), row(135, range(0, 600, 18), slope=0.05)
    boxes = np.array(second + first)       # any order in
    lines = layout.group_lines(boxes, layout.skew(boxes))
    assert [sorted(line) for line in lines] == [list(range(len(second), len(boxes))), list(range(len(second)))]


def test_words_split_at_spaces_not_at_a_narrow_ones_blank():
    # "12 34 1" on a 16-pixel pitch: the 1s are narrow boxes centred in their cell
    cells = [0, 16, 40, 56, 80]
    widths = [5, 12, 12, 12, 5]
    glyphs = [SimpleNamespace(box=(x + (12 - w) // 2, 0, w, 20)) for x, w in zip(cells, widths)]
    words = layout.group_words(glyphs, 20.0)
    assert [len(w) for w in words] == [2, 2, 1]


def test_a_wide_faces_pitch_keeps_its_words_whole():
    # Courier's digits step as far as they are tall; a narrow 1 set a pixel off the
    # middle of its cell must not split "1101 7111" into more words.
    pitch, h = 20, 20
    glyphs = []
    for i, ch in enumerate("1101 7111"):
        if ch != " ":
            w = 6 if ch == "1" else 16
            glyphs.append(SimpleNamespace(box=(i * pitch + (pitch - w) // 2 + (2 if ch == "1" else 0), 0, w, h)))
    assert [len(w) for w in layout.group_words(glyphs, float(h))] == [4, 4]


def test_digits_a_space_apart_are_words_of_one():
    # Every step a space: no pitch to go by, but a step over a digit's width and a blank.
    glyphs = [SimpleNamespace(box=(x, 0, 14, 20)) for x in (0, 26, 52, 78)]
    assert [len(w) for w in layout.group_words(glyphs, 20.0)] == [1, 1, 1, 1]


def test_a_line_of_one_small_mark_is_a_speck_unless_nothing_else_is_a_line():
    boxes = np.array([[0, 0, 10, 20], [12, 0, 10, 20], [0, 50, 10, 22], [30, 90, 3, 9], [60, 120, 9, 19],
                      [90, 160, 6, 11], [90, 200, 8, 13]])
    lines = [[0, 1], [2], [3], [4], [5], [6]]
    # 9 and 11 < 0.6 * 20 (two dots of a dark copy's dust run together: 6 x 11); 13 is not
    assert layout.without_specks(lines, boxes, 20) == [[0, 1], [2], [4], [6]]
    assert layout.without_specks([[3]], boxes, 20) == [[3]]                 # an image of one mark


def test_dots_at_a_line_s_end_and_sparse_lines_of_dots_are_specks():
    digits = [[x, 0, 12, 20] for x in (0, 14, 28, 42)]
    dot = [[60, 12, 6, 6]]                               # no taller or wider than 0.4 * 20
    one = [[80, 0, 4, 20]]                               # a narrow 1 is as tall as the rest
    far_dots = [[100, 60, 6, 6], [400, 62, 5, 6], [900, 58, 6, 7]]     # 6 px, 300 px apart
    small_print = [[x, 100, 5, 8] for x in (0, 6, 12, 18)]  # 8 px, but set close together
    boxes = np.array(digits + dot + one + far_dots + small_print)
    lines = [[0, 1, 2, 3, 4, 5], [6, 7, 8], [9, 10, 11, 12]]
    assert layout.without_specks(lines, boxes, 20) == [[0, 1, 2, 3, 5], [9, 10, 11, 12]]


def test_a_box_reaching_over_two_close_lines_is_found_stacked_and_a_tall_digit_is_not():
    # Two lines of 20-px characters 6 px apart; at x = 36 the foot of one touches the head
    # of the one below: one 46-px box.  A 40-px digit beside a line of 20-px ones
    # (a heading's size) reaches over no second line.
    upper, lower = row(100, range(0, 200, 18)), row(126, range(0, 200, 18))
    boxes = np.array(upper + lower + [(36, 100, 14, 46)])
    lines = [list(range(len(upper))), list(range(len(upper), 2 * len(upper)))]
    lines[0].append(len(boxes) - 1)
    [(i, top, bottom)] = layout.stacked(boxes, lines, 0.0)
    assert i == len(boxes) - 1 and 115 <= top < bottom <= 131  # between the two lines' middles
    tall = np.array(upper + [(220, 90, 24, 40)])
    assert layout.stacked(tall, [list(range(len(tall)))], 0.0) == []


def test_the_fitted_skew_follows_whole_lines_through_uneven_characters():
    # Handwritten digits differ in height and sit unevenly: neighbour to neighbour the
    # slope scatters, a straight line through a whole line of them does not.
    rng = np.random.default_rng(3)
    slope, boxes = 0.09, []
    for top in (100, 300, 500):
        for x in range(0, 700, 24):
            h = int(rng.integers(14, 32))
            boxes.append((x, int(round(top + slope * x + rng.normal(0, 3) - h / 2)), 16, h))
    boxes = np.array(boxes)
    lines = layout.group_lines(boxes, layout.skew(boxes))
    assert len(lines) == 3
    assert abs(layout.skew(boxes) - np.arctan(slope)) > np.radians(0.5)   # neighbours scatter
    angles = layout.line_angles(boxes, lines)
    assert len(angles) == 3 and np.all(np.abs(angles - np.arctan(slope)) < np.radians(0.4))
    assert len(layout.line_angles(boxes[:2], [[0, 1]])) == 0             # too short a line to fit
