import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from ocr.levels import LEVELS, histogram, level


def test_each_value_counts_in_the_bin_of_the_nearest_level_and_the_ends_take_the_rest():
    values = np.array([0.0, 0.4 / 255, 0.6 / 255, 0.5, 254.6 / 255, 1.0, -3.0, 7.0], dtype=np.float32)
    hist = histogram(values)
    assert hist.sum() == len(values)
    assert {k: int(hist[k]) for k in np.flatnonzero(hist)} == {0: 3, 1: 1, 128: 1, 255: 3}


@settings(max_examples=50, deadline=None)
@given(arrays(np.float32, st.integers(0, 3000), elements=st.floats(-2, 3, width=32)), st.integers(1, 2000))
def test_counting_in_chunks_gives_the_counts_of_the_whole(values, chunk):
    whole = np.bincount(np.clip(values * np.float32(LEVELS - 1) + np.float32(0.5), 0, LEVELS - 1).astype(int),
                        minlength=LEVELS)
    assert np.array_equal(histogram(values, chunk=chunk), whole)


def test_a_quantile_is_read_from_the_counts():
    hist = histogram(np.linspace(0, 1, 1001, dtype=np.float32))
    assert level(hist, 0.5) == 128 and level(hist, 0.0) == 0 and level(hist, 1.0) == 255
