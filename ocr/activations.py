"""Activation and loss functions: each forward rule beside its backward rule.

Pure functions on numpy arrays, no state.  ``backward`` takes the activation's
*output* ``a`` (what the forward pass keeps anyway) and the gradient of the loss
with respect to that output, and returns the gradient with respect to the input.
"""
import numpy as np


def relu(z):
    return np.maximum(z, 0.0)


def relu_backward(a, grad):
    return grad * (a > 0)


def tanh(z):
    return np.tanh(z)


def tanh_backward(a, grad):
    return grad * (1.0 - a * a)


def sigmoid(z):
    # The two branches avoid overflow in exp for large |z|.
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def sigmoid_backward(a, grad):
    return grad * a * (1.0 - a)


ACTIVATIONS = {
    "relu": (relu, relu_backward),
    "tanh": (tanh, tanh_backward),
    "sigmoid": (sigmoid, sigmoid_backward),
}


def softmax(z):
    """Row-wise softmax of logits ``z`` (n, k) -> probabilities (n, k)."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(p, targets):
    """Mean cross-entropy of targets (n, k) (one-hot, or any rows summing to 1) under
    probabilities p (n, k)."""
    eps = np.finfo(p.dtype).tiny
    return -np.sum(targets * np.log(np.maximum(p, eps))) / p.shape[0]


def softmax_cross_entropy_backward(p, targets):
    """Gradient of ``cross_entropy(softmax(z), targets)`` with respect to the logits z."""
    return (p - targets) / p.shape[0]
