"""ocr.characters.joined_fragments: the dots of a broken stroke become one character."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image, ImageDraw
from scipy import ndimage

from ocr.characters import joined_fragments
from ocr.components import label

REF = 40  # the character height of every page here


def canvas(size=(200, 80)):
    img = Image.new("1", size, 0)
    return img, ImageDraw.Draw(img)


def dotted(img):
    """The ink of ``img`` with every third column and row blanked: dashes a pixel apart."""
    mask = np.asarray(img).copy()
    mask[:, ::3] = False
    mask[::3] = False
    return mask


def boxes(parts):
    return sorted(map(tuple, parts.boxes.tolist()))


def test_the_dots_of_a_broken_ring_become_one_character_and_keep_their_ink():
    img, d = canvas((400, 300))  # a page: its clean paper around sets the grain
    d.ellipse((20, 20, 45, 59), outline=1, width=4)
    mask = dotted(img)
    parts = label(mask)
    assert parts.count > 20
    joined = joined_fragments(parts, REF)
    assert joined.count == 1
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    assert boxes(joined) == [(cols[0], rows[0], cols[-1] - cols[0] + 1, rows[-1] - rows[0] + 1)]
    np.testing.assert_array_equal(joined.labels > 0, mask)
    assert joined.areas.tolist() == [np.count_nonzero(mask)]


@pytest.mark.parametrize("top, bottom, width", [
    (20, 59, 6),    # full height: two 1s
    (30, 53, 12),   # 24 pixels tall on a page of 40-pixel characters: neither is 0.8 of the
])                  # page's height, but each is of the pair's ("99" of a small line read 9)
def test_two_whole_digits_two_pixels_apart_stay_two(top, bottom, width):
    img, d = canvas()
    d.rectangle((20, top, 19 + width, bottom), fill=1)
    d.rectangle((22 + width, top, 21 + 2 * width, bottom), fill=1)
    parts = label(np.asarray(img))
    assert parts.count == 2
    assert boxes(joined_fragments(parts, REF)) == boxes(parts)


def test_specks_alone_join_only_where_denser_than_the_grain_around():
    rng = np.random.default_rng(0)
    grain = rng.uniform(size=(200, 400)) < 0.03          # a grainy scan's paper: specks all over
    grain[:, :200] = False                               # and clean paper on the left
    stroke = np.zeros_like(grain)
    for x0 in (40, 240):                                 # one dotted stroke on each side
        stroke[40:80:2, x0:x0 + 4] = True
    mask = grain | stroke
    joined = joined_fragments(label(mask), REF)
    tall = [b for b in joined.boxes.tolist() if b[3] >= 30]
    assert [b[0] for b in tall] == [40]                  # the grain beside the right one hides it


def test_a_speck_beside_a_digit_stays_out_and_one_within_it_joins():
    img, d = canvas()
    d.rectangle((20, 20, 25, 59), fill=1)   # a 1
    d.rectangle((27, 30, 37, 35), fill=1)   # a stroke a pixel off: not a speck, it widens the box
    d.point([(39, 20), (40, 20)], fill=1)    # dust a pixel beyond the box
    d.point([(27, 45)], fill=1)             # a dot a pixel off, within the box
    parts = label(np.asarray(img))
    assert parts.count == 4
    assert boxes(joined_fragments(parts, REF)) == [(20, 20, 18, 40), (39, 20, 2, 1)]


def test_a_chain_of_specks_joins_beyond_the_box_of_the_larger_parts():
    img, d = canvas()
    d.rectangle((20, 20, 25, 50), fill=1)
    for y in range(52, 60, 3):              # the stroke's faint end: dots a pixel apart
        d.point([(22, y), (22, y + 1)], fill=1)
    parts = label(np.asarray(img))
    assert parts.count == 4
    assert boxes(joined_fragments(parts, REF)) == [(20, 20, 6, 40)]


def test_what_is_left_of_a_rule_joins_no_digit():
    img, d = canvas()
    d.rectangle((20, 20, 25, 59), fill=1)
    d.rectangle((27, 61, 38, 63), fill=1)   # a rule's remnant beside the digit's foot
    parts = label(np.asarray(img))
    rule = (0.0, 62.0, 3.0)                 # slope, y at x = 0, thickness
    assert boxes(joined_fragments(parts, REF, [rule])) == boxes(parts)
    assert boxes(joined_fragments(parts, REF)) == [(20, 20, 19, 44)]  # had it been no rule


@settings(max_examples=150, deadline=None)
@given(arrays(bool, st.tuples(st.integers(4, 60), st.integers(4, 60)), elements=st.booleans()),
       st.integers(6, 40))
def test_joining_keeps_every_pixel_and_gives_true_boxes_and_areas(mask, ref):
    parts = label(mask)
    joined = joined_fragments(parts, ref)
    np.testing.assert_array_equal(joined.labels > 0, mask)
    assert joined.count <= parts.count
    if joined.count:
        assert set(np.unique(joined.labels[mask])) == set(range(1, joined.count + 1))
        found = ndimage.find_objects(joined.labels)
        true = [(s[1].start, s[0].start, s[1].stop - s[1].start, s[0].stop - s[0].start) for s in found]
        assert joined.boxes.tolist() == [list(b) for b in true]
        assert joined.areas.tolist() == np.bincount(joined.labels.ravel())[1:].tolist()
    # a component is never cut: each original part lies in one joined one
    pairs = np.unique(np.stack([parts.labels[mask], joined.labels[mask]]), axis=1)
    assert len(pairs[0]) == parts.count
