"""The paper under the ink: the light estimated under a page, its shade, the blur."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import ndimage

from conftest import printed_lines
from ocr.binarize import binarize
from ocr.paper import BINOMIAL, LIGHT, background, blur, enlarged


@settings(max_examples=60, deadline=None)
@given(st.integers(200, 900), st.integers(200, 900), st.floats(0, 2 * np.pi),
       st.floats(0.0, 0.5), st.floats(0.5, 1.0))
def test_the_paper_estimate_of_a_slope_of_light_is_the_slope(h, w, direction, drop, bright):
    # Centred windows and samples: a page's background estimate is not shifted along a
    # gradient of light in any direction, and the closing continues it to the edges.
    yy, xx = np.mgrid[0:h, 0:w] / max(h, w)
    slope = np.cos(direction) * xx + np.sin(direction) * yy
    light = (bright - drop * (slope - slope.min())).astype(np.float32)
    error = np.abs(background(light, min(h, w) // 4) - light)
    edge = min(h, w) // 32 + 1  # the estimate is sampled once per block of about this size
    assert error[edge:-edge, edge:-edge].max() < 0.005
    assert error.max() < 0.03   # the outermost half block is extrapolated flat


@pytest.mark.parametrize("seed", range(4))
def test_the_paper_estimate_of_grainy_shaded_paper_is_even(seed):
    # Paper darkening towards a corner under strong grain: sampled pixel by pixel, the
    # window's maximum was a grain peak spread flat, and the estimate strayed up to 0.4
    # of the paper (its grain then passed for ink); from 5x5 means it stays within 0.2.
    h, w = 1754, 1240
    yy, xx = np.mgrid[0:h, 0:w] / max(h, w)
    plane = (0.6 * (1 - 0.35 * (0.8 * yy + 0.9 * xx))).astype(np.float32)
    rng = np.random.default_rng(seed)
    gray = blur(np.clip(plane + rng.normal(0, 0.08, plane.shape), 0, 1).astype(np.float32))
    off = (background(gray, min(h, w) // 4) - plane) / plane
    assert np.abs(off - np.median(off)).max() < 0.2


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 40), st.integers(1, 60), st.integers(0, 2 ** 32 - 1))
def test_enlarged_interpolates_linearly_between_samples(factor, blocks, seed):
    # The paper estimate is enlarged block by block: the same as numpy's interp of the
    # samples at their pixels (sample k at pixel c + (k - 1) * factor).
    c = factor // 2
    n = max(1, (blocks - 1) * factor + c + 1 + seed % factor)
    count = -(-(n - c) // factor) + 2
    samples = np.random.default_rng(seed).random((count, 3)).astype(np.float32)
    at = c + (np.arange(count) - 1) * factor
    expected = np.stack([np.interp(np.arange(n), at, samples[:, j]) for j in range(3)], axis=1)
    np.testing.assert_allclose(enlarged(samples, n, c, factor), expected, atol=1e-5)


@pytest.mark.parametrize("kernel", [LIGHT, BINOMIAL])
@pytest.mark.parametrize("shape", [(37, 53), (1, 4), (3, 1)])
def test_blur_is_the_separable_kernel_with_edges_repeated(kernel, shape):
    gray = np.random.default_rng(0).random(shape).astype(np.float32)
    full = np.array(kernel[:0:-1] + kernel)
    expected = ndimage.correlate1d(ndimage.correlate1d(gray, full, 0, mode="nearest"), full, 1, mode="nearest")
    np.testing.assert_allclose(blur(gray, kernel=kernel), expected, atol=1e-6)
    whole = blur(gray, strip=len(gray), kernel=kernel)
    for strip in (1, 2, 5, 36, 37):  # done in strips of rows: no seams, no rows lost at the end
        np.testing.assert_array_equal(blur(gray, strip=strip, kernel=kernel), whole)


def folded(page, depth, centre, axis, sigma=3.0):
    """``page`` darkened by ``depth`` at its column (``axis`` 1) or row (0) ``centre``:
    a fold's shade down or across the page."""
    band = np.exp(-0.5 * ((np.arange(page.shape[axis]) - centre) / sigma) ** 2)
    return page * (1 - depth * (band[None, :] if axis == 1 else band[:, None]))


@pytest.mark.parametrize("axis, centre", [(1, 620), (0, 320)])
def test_a_fold_is_shade_and_the_digits_across_it_keep_their_strokes(axis, centre):
    img = printed_lines(["8406 3917 2250", "6138 4497 0066"], 40, (1240, 900), 460, 300, 200)
    text = np.asarray(img) < 128
    rng = np.random.default_rng(3)
    page = folded(0.9 - 0.55 * text + rng.normal(0, 0.02, text.shape), 0.45, centre, axis)
    mask = binarize(np.clip(page, 0, 1).astype(np.float32), sparse=True).mask
    band = (slice(None), slice(centre - 10, centre + 11))[::1 if axis == 1 else -1]
    near = ndimage.binary_dilation(text, iterations=2)
    assert (mask & text)[band].sum() > 0.9 * text[band].sum() > 0
    assert (mask & ~near)[band].sum() < 0.02 * text[band].sum()  # no line left along the fold


@pytest.mark.parametrize("width", [6, 20])
def test_a_dark_bar_down_the_page_is_ink_not_a_fold(width):
    gray = np.full((900, 1240), 0.9, dtype=np.float32)
    gray[:, 600:600 + width] = 0.1
    assert binarize(gray, sparse=True).mask[:, 600:600 + width].all()
