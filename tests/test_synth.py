"""Synthetic training/evaluation ink: thinning and pen strokes keep a digit's shape."""
import numpy as np
import pytest
from scipy import ndimage

from ocr import features, synth


def test_thinning_a_bar_leaves_a_one_pixel_line():
    bar = np.zeros((15, 40), dtype=bool)
    bar[4:11, 3:37] = True
    line = synth.thin(bar)
    assert line.any() and not (line & ~bar).any()
    assert line.sum(axis=0).max() == 1                      # one pixel wide
    assert ndimage.label(line, structure=np.ones((3, 3)))[1] == 1
    assert np.ptp(np.flatnonzero(line.any(axis=0))) >= 25   # still spans the bar


def test_thinning_a_ring_keeps_its_hole():
    yy, xx = np.mgrid[:41, :41]
    r = np.hypot(yy - 20, xx - 20)
    ring = (r > 9) & (r < 16)
    line = synth.thin(ring)
    assert ndimage.label(~line)[1] == 2                      # outside and the hole
    assert line.sum() < 0.25 * ring.sum()


def test_pen_ink_draws_a_thin_connected_digit(digits):
    X, y = digits
    rng = np.random.default_rng(0)
    pen_area, bold_area = [], []
    for v in X[:20]:
        pen = synth.pen_ink(v, 64, rng)
        assert 0.0 <= pen.min() and pen.max() == 1.0
        assert ndimage.label(pen > 0.5, structure=np.ones((3, 3)))[1] <= 2
        pen_area.append((pen > 0.5).sum())
        bold_area.append((synth.digit_ink(v, 64, rng, levels=(0.45, 0.45)) > 0.5).sum())
    assert np.mean(pen_area) < 0.8 * np.mean(bold_area)      # pen strokes are thinner


def test_pen_ink_draws_the_centre_line_that_reads_back_as_the_digit(digits):
    # the level a shape is cut at decides whether a 2 keeps its faint foot or a 9 its loop
    X, _ = digits
    rng = np.random.default_rng(1)
    chosen, one_level = [], []
    for v in X[:40]:
        pen = synth.pen_ink(v, 64, rng)
        plain = synth.drawn(synth.centre_lines(synth.spline(v, 64) > 0.5)[0], 2.5)
        chosen.append(np.linalg.norm(features.vector(pen) - v))
        one_level.append(np.linalg.norm(features.vector(plain) - v))
    assert np.mean(chosen) < 0.85 * np.mean(one_level)   # 0.93 cut at a random level


def holes(mask):
    return ndimage.label(~np.pad(mask, 1))[1] - 1


def test_a_filled_loop_is_redrawn_as_a_loop():
    # a "9" whose loop filled in at 8x8: a thick disc with a thin tail down
    yy, xx = np.mgrid[:90, :60]
    shape = np.hypot(yy - 22, xx - 30) < 14
    shape[22:88, 38:46] = True
    assert holes(synth.thin(shape)) == 0                    # plain thinning loses the loop
    lines = synth.centre_lines(shape)
    assert holes(lines[0]) == 0 and len(lines) >= 2         # as thinned, and redrawn:
    for line in lines[1:]:
        assert holes(line) == 1
        assert line[80, 38:46].any()                        # the tail is still drawn


def test_a_bold_bar_stays_a_stroke():
    shape = np.zeros((90, 40), dtype=bool)
    shape[5:85, 10:30] = True                               # a bold 1: all blob, no strokes leave it
    (line,) = synth.centre_lines(shape)
    assert holes(line) == 0
    assert np.ptp(np.flatnonzero(line.any(axis=1))) >= 50


def made_one(foot=True):
    """A 60-pixel printed 1: an 8-pixel stem, a flag, and (optionally) a 30-pixel foot."""
    ink = np.zeros((60, 40), dtype=np.float32)
    ink[0:60, 16:24] = 1.0
    for i in range(10):                                       # the flag
        ink[i + 2, 16 - i:24 - i] = 1.0
    if foot:
        ink[52:60, 5:35] = 1.0
    return ink


def test_without_base_cuts_the_foot_back_to_the_stem():
    out = synth.without_base(made_one())
    bottom = np.flatnonzero(out[55] > 0.5)
    assert 16 - 1 <= bottom[0] and bottom[-1] <= 24            # only the stem's columns, +-1
    assert np.array_equal(out[:50], made_one()[:50])          # the stem and the flag untouched
    assert np.array_equal(synth.without_base(made_one(foot=False)), made_one(foot=False))


def made_zero():
    """A 60x40 printed 0: an elliptic ring, 8 pixels thick at the sides."""
    yy, xx = np.mgrid[:60, :40]
    return (np.hypot((yy - 30) / 28, (xx - 20) / 18) < 1) & (np.hypot((yy - 30) / 20, (xx - 20) / 10) > 1)


def test_without_base_leaves_a_zero_alone():
    ring = made_zero()
    ink = ring.astype(np.float32)
    assert np.array_equal(synth.without_base(ink), ink)


def test_stroked_redraws_a_bold_bar_with_an_even_pen():
    bar = np.zeros((64, 64), dtype=np.float32)
    bar[4:60, 22:42] = 1.0                                    # 20 pixels wide
    out = synth.stroked(bar, np.random.default_rng(0))
    mask = out > 0.5
    widths = mask.sum(axis=1)[mask.any(axis=1)]
    assert widths.max() <= 2 * 0.08 * 64 + 2 < 20             # at most the widest pen
    assert np.ptp(widths[5:-5]) <= 1                           # even along the bar
    assert np.ptp(np.flatnonzero(mask.any(axis=1))) >= 36      # the bar's centre line, drawn
    assert ndimage.label(mask)[1] == 1


def test_wobble_moves_ink_only_a_little():
    ink = made_one()
    rng = np.random.default_rng(1)
    assert np.allclose(synth.wobble(ink, rng, 0.0), ink)
    for _ in range(5):
        out = synth.wobble(np.pad(ink, 5), rng, 0.04)
        assert abs(out.sum() - ink.sum()) < 0.1 * ink.sum()
        moved = ndimage.distance_transform_edt(np.pad(ink, 5) < 0.5)
        assert moved[out > 0.5].max() <= 0.04 * 70 + 1.5     # no ink further than the amount


def test_slashed_zero_crosses_the_counter_lower_left_to_upper_right():
    ring = made_zero()
    out = synth.slashed(ring.astype(np.float32), np.random.default_rng(0)) > 0.5
    pad = (out.shape[0] - 60) // 2
    assert out.shape == (60 + 2 * pad, 40 + 2 * pad)
    assert np.array_equal(out[pad:-pad, pad:-pad] | ~ring, ~ring | ring)     # the ring stays
    hole = out[pad + 30 - 12:pad + 30 + 12, pad + 20 - 6:pad + 20 + 6]      # the counter's middle
    assert 0.2 < hole.mean() < 0.8
    # rising to the right: ink in the counter's lower left and upper right corners only
    assert hole[-4:, :3].any() and hole[:4, -3:].any()
    assert not hole[:4, :3].any() and not hole[-4:, -3:].any()


@pytest.mark.parametrize("seed", range(4))
def test_soft_ink_enlarges_a_digit_with_its_gray_levels(seed):
    v = np.zeros(64)
    v[3 * 8 + 3], v[3 * 8 + 4] = 16, 8                        # a full cell and a half-inked one
    ink = synth.soft_ink(v, 80, np.random.default_rng(seed))
    assert ink.shape == (100, 100)                            # 8 cells and one of paper round, 10 px each
    assert ink[45, 45] > 0.9 and 0.35 < ink[45, 55] < 0.6     # cell centres keep their levels
    assert ((ink > 0.1) & (ink < 0.9)).sum() > 10 * (ink >= 0.9).sum()  # ramps, no stroke edge
    assert ink.min() >= 0 and ink.max() <= 1


@pytest.mark.parametrize("seed", range(5))
def test_contrasted_thins_horizontal_strokes_and_keeps_vertical_ones(seed):
    plus = np.zeros((60, 60), dtype=np.float32)             # a "+" with 8-pixel strokes
    plus[26:34, 5:55] = 1.0
    plus[5:55, 26:34] = 1.0
    out = synth.contrasted(plus, np.random.default_rng(seed)) > 0.5
    per_column, per_row = out.sum(axis=0), out.sum(axis=1)
    horizontal = np.median(per_column[per_column > 0][:5])   # the bar's thickness, off the stem
    vertical = np.median(per_row[per_row > 0][:5])           # the stem's thickness, off the bar
    assert 1 <= horizontal <= 6                              # thinner, never erased
    assert vertical >= 8                                     # as heavy or heavier
    assert ndimage.label(out)[1] == 1                        # still one glyph
