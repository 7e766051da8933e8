"""Scanned views: damage that keeps a digit readable, and views read back like the digit."""
import numpy as np
import pytest
from sklearn.datasets import load_digits

from ocr import scans


def test_a_clean_scan_is_the_ink_at_the_asked_height_on_white():
    ink = np.zeros((40, 20), dtype=np.float32)
    ink[5:35, 8:12] = 1.0
    img = scans.scan(ink, np.random.default_rng(0), height=40, damage=0, invert=False)
    a = np.asarray(img)
    assert img.mode == "L" and 40 < img.height < 80 and a.max() == 255
    rows = np.flatnonzero((a < 128).any(axis=1))
    assert 28 <= len(rows) <= 32 and a.min() == 0


@pytest.mark.parametrize("pen, soft", [(0.5, 0.3), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)])
def test_views_read_back_like_the_digits_they_were_drawn_from(pen, soft):
    X, y = load_digits(return_X_y=True)
    V, labels = scans.digit_views(X[:40], y[:40], 2, np.random.default_rng(0), pen=pen, soft=soft)
    assert V.shape == (80, 64) and np.array_equal(labels, np.repeat(y[:40], 2))
    assert V.min() >= 0 and V.max() <= 16
    # each view is nearer its own digit than to most of the others
    d = np.linalg.norm(V[:, None, :] - np.repeat(X[:40], 2, axis=0)[None, :, :], axis=2)
    assert (np.diag(d) < np.median(d, axis=1)).mean() > 0.9
