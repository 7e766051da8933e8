"""Cuts of touching characters and the lattice of their readings."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image, ImageDraw, ImageFont

from ocr import segment
from ocr.cuts import cuts_of
from ocr.glyph import Cuts, Glyph


def test_touching_characters_get_candidate_cuts():
    img = Image.new("L", (300, 120), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.load_default(70)
    d.text((20, 10), "0", font=font, fill=0)
    d.text((20 + font.getbbox("0")[2] - 6, 10), "0", font=font, fill=0)  # overlapping: one component
    layout = segment.page(np.asarray(img, dtype=np.float32) / 255)
    assert len(layout) == 1 and len(layout[0]) == 1
    two_way = [pieces for pieces in layout[0][0].splits.readings() if len(pieces) == 2]
    assert two_way, "a double-wide glyph must offer a cut into two"
    left, right = two_way[0]
    assert left.box[0] + left.box[2] <= right.box[0] + 1


def test_a_cut_never_leaves_a_piece_shorter_than_a_digit():
    # A full-height stroke with a short blob at its side (a serif 4 at 13 px, blurred):
    # the blob alone would read as a confident "1".
    mask = np.zeros((40, 44), dtype=bool)
    mask[:, 4:20] = True
    mask[20:34, 18:42] = True
    g = Glyph((0, 0, 44, 40), mask.astype(np.float32), mask)
    assert cuts_of(g, 40.0, 20.0) is None
    mask[4:34, 18:42] = True                             # now a digit beside it
    g = Glyph((0, 0, 44, 40), mask.astype(np.float32), mask)
    assert 2 in [len(pieces) for pieces in cuts_of(g, 40.0, 20.0).readings()]


def test_two_narrow_touching_digits_a_little_taller_than_wide_are_offered_a_cut():
    # Two handwritten strokes 16 px wide touching at their middles: 36 wide, 40 high.
    mask = np.zeros((40, 36), dtype=bool)
    mask[:, 2:8] = mask[:3, 2:16] = mask[-3:, 2:16] = mask[:, 12:16] = True   # a narrow 0
    mask[:, 28:32] = mask[:3, 20:32] = mask[-3:, 20:32] = mask[18:21, 16:32] = True  # a narrow 3
    g = Glyph((0, 0, 36, 40), mask.astype(np.float32), mask)
    assert 2 in [len(pieces) for pieces in cuts_of(g, 40.0, 16.0).readings()]
    narrow = Glyph((0, 0, 32, 40), mask[:, 2:34].astype(np.float32), mask[:, 2:34])
    assert cuts_of(narrow, 40.0, 16.0) is None  # under 0.85 of its height: one digit


def test_three_touching_digits_of_unequal_widths_are_offered_their_own_cuts():
    # A handwritten 1 (a stroke with a flag) touching two 0s: cut into three equal parts
    # the glyph would be cut through the first 0's counter, where its ink is least.
    mask = np.zeros((40, 50), dtype=bool)
    mask[:, 4:7] = mask[:4, 0:7] = True                                    # 1, cols 0-6
    for left in (10, 31):                                                   # 0s, 19 wide
        mask[:, left:left + 4] = mask[:, left + 15:left + 19] = True
        mask[:4, left:left + 19] = mask[-4:, left:left + 19] = True
    mask[20:22, 7:10] = mask[20:22, 29:31] = True                           # the touches
    g = Glyph((0, 0, 50, 40), mask.astype(np.float32), mask)
    spans = [[(p.box[0], p.box[0] + p.box[2]) for p in pieces] for pieces in cuts_of(g, 40.0, 19.0).readings()]
    assert any(len(s) == 3 and 7 <= s[0][1] <= 10 and 29 <= s[1][1] <= 31 for s in spans), spans


def reading(label, confidence, box=(0, 0, 1, 1)):
    g = Glyph(box, None, None)
    g.probs = np.full(10, (1 - confidence) / 9)
    g.probs[label] = confidence
    return g


@settings(max_examples=60, deadline=None)
@given(st.integers(4, 9), st.data())
def test_the_best_reading_is_the_reading_of_highest_mean_confidence(columns, data):
    # The dynamic programme over the lattice finds what trying every reading finds.
    width = columns * 10
    spans = data.draw(st.sets(st.tuples(st.integers(0, columns - 1), st.integers(1, columns))
                              .filter(lambda s: s[0] < s[1]), min_size=1, max_size=20))
    counts = tuple(sorted(data.draw(st.sets(st.integers(2, 5), min_size=1))))
    pieces = {(10 * a, 10 * b): reading(0, data.draw(st.floats(0.11, 1.0))) for a, b in spans}
    cuts = Cuts(width, counts, pieces)
    means = [np.exp(np.mean([np.log(p.probs.max()) for p in r])) for r in cuts.readings()]
    best = cuts.best(lambda p: p.probs.max())
    if not means:
        assert best is None
    else:
        assert best[0] == pytest.approx(max(means), rel=1e-9)
        assert np.exp(np.mean([np.log(p.probs.max()) for p in best[1]])) == pytest.approx(max(means), rel=1e-9)
        assert len(best[1]) in counts


def test_a_1_touching_a_digit_is_offered_as_a_narrow_piece():
    # A bare stroke 4 px wide (a handwritten 1) touching a 0 of the line's digit width.
    mask = np.zeros((40, 36), dtype=bool)
    mask[:, 0:4] = True                                      # 1
    mask[:, 8:12] = mask[:, 32:36] = mask[:4, 8:36] = mask[-4:, 8:36] = True   # 0
    mask[18:21, 4:8] = True                                  # the touch
    g = Glyph((0, 0, 36, 40), mask.astype(np.float32), mask)
    readings = cuts_of(g, 40.0, 22.0).readings()
    ones = [r[0] for r in readings if len(r) == 2 and r[0].box[2] <= 8]
    assert ones and all(p.narrow for p in ones)
    assert all(not p.narrow for r in readings for p in r if p.box[2] >= 0.35 * 22)


def test_the_halves_of_a_broken_0_bend_apart_and_two_1s_do_not():
    from ocr.cuts import bent_apart

    def stroke(xs, height=45):
        mask = np.zeros((height, 12), dtype=bool)
        mask[np.arange(height), np.round(xs).astype(int)] = True
        return Glyph((0, 0, 12, height), None, mask)

    t = np.linspace(0, np.pi, 45)
    left, right = stroke(8 - 6 * np.sin(t)), stroke(3 + 6 * np.sin(t))   # "(" and ")"
    straight = stroke(np.full(45, 5.0))                                  # "|"
    assert bent_apart(left, right)
    assert not bent_apart(left, left) and not bent_apart(right, right)   # "( (", ") )"
    assert not bent_apart(straight, straight) and not bent_apart(right, left)


def test_a_9_whose_faint_loop_parted_from_its_stem_may_be_joined():
    # Faint print scanned at 300 dpi: a 9's loop (16 x 29 px) came apart from its stem
    # (12 x 45) in a line 50 px tall; the loop is 0.58 of the line's height, and pieces
    # had to be 0.6 of it to be offered as one ("7651680" for "769680").
    from ocr.cuts import joinable
    loop, stem = Glyph((1780, 1600, 16, 29), None, None), Glyph((1798, 1601, 12, 45), None, None)
    assert joinable(loop, stem, height=50, width=31)
    assert not joinable(Glyph((1780, 1600, 16, 25), None, None), stem, height=50, width=31)  # half the line: no
