"""Training augmentation: 8x8 distortions and pipeline renders."""
import numpy as np

from ocr import parallel
from ocr.augment import Augmenter
from ocr.network import NO_CLASS


def test_distortion_keeps_shape_and_range_and_is_identity_at_zero(digits):
    X = digits[0][:50].reshape(-1, 8, 8)
    rng = np.random.default_rng(0)
    out = Augmenter().distort(X, rng)
    assert out.shape == X.shape and out.min() >= 0 and out.max() <= 16
    assert not np.allclose(out, X)
    still = Augmenter(rotation=0, scale=0, shear=0, shift=0, elastic=0, thickness=0).distort(X, rng)
    np.testing.assert_allclose(still, X, atol=1e-9)


def test_renders_do_not_depend_on_the_number_of_cores(digits, monkeypatch):
    X, y = digits[0][:130], digits[1][:130]   # two rendering chunks
    results = []
    for cores in (1, 2):
        monkeypatch.setattr(parallel, "available_cores", lambda: cores)
        results.append(Augmenter(views=2, font_views=1, pairs=0.5).rendered(X, y, np.random.default_rng(5)))
    (X1, y1), (X2, y2) = results
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    # fonts first, then every digit twice, in order, then 65 pairs of touching digits: no class
    digit_labels = y1[-2 * len(y) - 65:-65]
    np.testing.assert_array_equal(digit_labels, np.repeat(y, 2))
    np.testing.assert_array_equal(y1[-65:], NO_CLASS)
    assert np.all(y1[:-65] >= 0)
    assert X1.shape == (len(y1), 64) and 0 <= X1.min() and X1.max() <= 16
    assert (X1.sum(axis=1) > 0).mean() > 0.99     # renders are read back as ink, not blanks
