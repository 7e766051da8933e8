"""ocr.components.label must agree exactly with scipy.ndimage.label (8-connectivity)."""
import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays
from scipy import ndimage

from ocr.components import label

EIGHT = np.ones((3, 3))


def scipy_components(mask):
    labels, n = ndimage.label(mask, structure=EIGHT)
    boxes = np.array([(s[1].start, s[0].start, s[1].stop - s[1].start, s[0].stop - s[0].start)
                      for s in ndimage.find_objects(labels)]).reshape(-1, 4)
    return labels, boxes, np.bincount(labels.ravel(), minlength=n + 1)[1:]


def assert_same(mask):
    ours = label(mask)
    labels, boxes, areas = scipy_components(mask)
    np.testing.assert_array_equal(ours.labels, labels)
    np.testing.assert_array_equal(ours.boxes, boxes)
    np.testing.assert_array_equal(ours.areas, areas)
    assert ours.count == len(areas)


@settings(max_examples=300, deadline=None)
@given(arrays(bool, st.tuples(st.integers(1, 40), st.integers(1, 40))))
def test_matches_scipy_on_random_masks(mask):
    assert_same(mask)


def test_matches_scipy_on_dense_noise_and_shapes():
    rng = np.random.default_rng(1)
    for density in (0.1, 0.4, 0.6, 0.9):
        assert_same(rng.random((120, 97)) < density)
    comb = np.zeros((61, 61), dtype=bool)
    comb[::2, :] = True
    comb[:, 0] = True          # one component snaking through every row
    assert_same(comb)
    spiral = np.zeros((41, 41), dtype=bool)
    for k in range(0, 20, 2):  # nested square rings joined at a corner: long paths
        spiral[k, k:41 - k] = spiral[40 - k, k:41 - k] = True
        spiral[k:41 - k, k] = spiral[k:41 - k, 40 - k] = True
    assert_same(spiral)


def test_diagonal_touch_joins_and_gap_separates():
    m = np.array([[1, 0, 0, 0],
                  [0, 1, 0, 1],
                  [0, 0, 0, 1]], dtype=bool)
    c = label(m)
    assert c.count == 2
    assert c.boxes.tolist() == [[0, 0, 2, 2], [3, 1, 1, 2]]
    assert c.areas.tolist() == [2, 2]


def test_empty_and_full():
    assert label(np.zeros((5, 7), dtype=bool)).count == 0
    full = label(np.ones((5, 7), dtype=bool))
    assert full.count == 1 and full.boxes.tolist() == [[0, 0, 7, 5]] and full.labels.min() == 1
    assert label(np.zeros((0, 3), dtype=bool)).count == 0
