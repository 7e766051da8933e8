"""Several trained networks joined into one: their logits averaged in a single forward pass.

``ocr-train`` fits a few networks with different seeds (strangers' digits that one network
gets wrong another often gets right) and ships them as one :class:`ocr.network.MLP`, so
recognition runs one matrix product per layer and the model file holds one network.
Training only: recognition reads the joined network and never imports this (nor scipy).
"""
import numpy as np
from scipy.linalg import block_diag

from .network import MLP


def averaged(members):
    """One network whose logits are the mean of the fitted MLPs ``members``' logits.

    The members' hidden layers are placed side by side: the first layer's weights
    are stacked column-wise (every member sees the same input), deeper hidden layers
    block-diagonally (members never mix), and the output layer row-wise, scaled by
    1/len(members).  Exact for members of the same depth, activation, classes and
    input scaling (the same training data); returns a new fitted :class:`MLP`.
    """
    first = members[0]
    for m in members[1:]:
        if (len(m.weights_) != len(first.weights_) or m.activation != first.activation
                or not np.array_equal(m.classes_, first.classes_)
                or not np.allclose(m.input_mean_, first.input_mean_)
                or not np.allclose(m.input_scale_, first.input_scale_)):
            raise ValueError("members differ in depth, activation, classes or input scaling")
    n, last = len(members), len(first.weights_) - 1
    weights, biases = [], []
    for i in range(last + 1):
        Ws, bs = [m.weights_[i] for m in members], [m.biases_[i] for m in members]
        if i == last:  # the outputs are averaged
            W, b = (np.vstack(Ws) if last else sum(Ws)) / n, sum(bs) / n
        else:  # the first layer reads the common input; deeper ones only their own member
            W, b = np.hstack(Ws) if i == 0 else block_diag(*Ws), np.concatenate(bs)
        weights.append(W.astype(Ws[0].dtype))
        biases.append(b.astype(bs[0].dtype))
    out = MLP(hidden=tuple(w.shape[1] for w in weights[:-1]), activation=first.activation)
    out.weights_, out.biases_ = weights, biases
    out.classes_, out.input_mean_, out.input_scale_ = first.classes_, first.input_mean_, first.input_scale_
    return out
