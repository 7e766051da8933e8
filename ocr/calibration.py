"""Confidence calibration: temperature scaling and the expected calibration error.

A network's softmax is over-confident; dividing its logits by one temperature
``T`` fitted on held-out data (Guo et al., 2017) makes a reported 0.9 mean "right
nine times in ten" without changing any prediction.
"""
import numpy as np

from .activations import softmax


def softmax_t(logits, temperature=1.0):
    """Probabilities (n, k) from logits (n, k) at the given temperature."""
    return softmax(np.asarray(logits, dtype=np.float64) / temperature)


def nll(logits, y, temperature):
    p = softmax_t(logits, temperature)
    return -np.mean(np.log(np.maximum(p[np.arange(len(y)), y], 1e-300)))


def fit_temperature(logits, y, lo=0.05, hi=20.0):
    """Temperature minimizing the negative log-likelihood of labels y (n,) (class indices).

    The NLL is unimodal in log T, so a golden-section search on log T is enough.
    """
    a, b = np.log(lo), np.log(hi)
    g = (np.sqrt(5) - 1) / 2
    for _ in range(60):
        c, d = b - g * (b - a), a + g * (b - a)
        if nll(logits, y, np.exp(c)) < nll(logits, y, np.exp(d)):
            b = d
        else:
            a = c
    return float(np.exp((a + b) / 2))


def expected_calibration_error(confidence, correct, bins=15):
    """ECE: bin-weighted mean |accuracy - confidence| over equal-width confidence bins."""
    confidence = np.asarray(confidence, dtype=np.float64)
    correct = np.asarray(correct, dtype=np.float64)
    idx = np.minimum((confidence * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        sel = idx == b
        if sel.any():
            total += sel.sum() * abs(correct[sel].mean() - confidence[sel].mean())
    return total / max(len(confidence), 1)
