"""The network: a multilayer perceptron trained by backpropagation, in numpy.

``forward`` runs the layers, ``backprop`` returns the loss and its gradients shaped
exactly like the parameters, and :class:`MLP` wraps both in a scikit-learn-style
estimator (``fit``/``predict``/``predict_proba``/``score``/``get_params``/``set_params``)
so it can be cross-validated beside scikit-learn's models without importing them.

Parameters are two lists: ``weights[i]`` of shape (n_in, n_out) and ``biases[i]``
of shape (n_out,).  Hidden layers use one activation from :mod:`ocr.activations`;
the output layer is a softmax trained with cross-entropy plus an L2 penalty
``alpha / (2 n) * sum(||W||^2)`` on the weights (not the biases), as scikit-learn does.
"""
import sys

import numpy as np

from .activations import ACTIVATIONS, cross_entropy, softmax, softmax_cross_entropy_backward
from .optimizers import OPTIMIZERS

NO_CLASS = -1  # a label ``augment`` may give an input that is no class: its target is uniform


def forward(weights, biases, X, activation="relu"):
    """Activations of every layer for inputs X (n, d): [X, h1, ..., probabilities (n, k)]."""
    act = ACTIVATIONS[activation][0]
    layers = [X]
    for i, (W, b) in enumerate(zip(weights, biases)):
        z = layers[-1] @ W + b
        layers.append(softmax(z) if i == len(weights) - 1 else act(z))
    return layers


def logits(weights, biases, X, activation="relu"):
    """Output-layer pre-activations (n, k) for inputs X (n, d): forward without the softmax."""
    act = ACTIVATIONS[activation][0]
    h = X
    for W, b in zip(weights[:-1], biases[:-1]):
        h = act(h @ W + b)
    return h @ weights[-1] + biases[-1]


def backprop(weights, biases, X, Y, activation="relu", alpha=0.0):
    """Loss and gradients for one batch.

    Parameters
    ----------
    weights, biases : lists of arrays, (n_in, n_out) and (n_out,) per layer
    X : (n, d) inputs
    Y : (n, k) targets: one-hot, or smoothed (each row sums to 1)
    activation : name of the hidden activation
    alpha : L2 penalty strength

    Returns
    -------
    loss : float, mean cross-entropy plus the L2 term
    grad_weights, grad_biases : lists shaped like ``weights`` and ``biases``
    """
    backward = ACTIVATIONS[activation][1]
    layers = forward(weights, biases, X, activation)
    n = X.shape[0]
    loss = cross_entropy(layers[-1], Y)
    loss += alpha / (2 * n) * sum(float(np.sum(W * W)) for W in weights)

    grad_w = [None] * len(weights)
    grad_b = [None] * len(biases)
    delta = softmax_cross_entropy_backward(layers[-1], Y)  # dLoss/dz of the output layer
    for i in range(len(weights) - 1, -1, -1):
        grad_w[i] = layers[i].T @ delta + (alpha / n) * weights[i]
        grad_b[i] = delta.sum(axis=0)
        if i > 0:
            delta = backward(layers[i], delta @ weights[i].T)
    return loss, grad_w, grad_b


def init_params(layer_sizes, activation, rng, dtype=np.float32):
    """Random weights scaled to the fan-in (He for ReLU, Glorot otherwise), zero biases."""
    weights, biases = [], []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        if activation == "relu":
            W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        else:
            gain = 2.0 if activation == "sigmoid" else 1.0
            bound = gain * np.sqrt(6.0 / (n_in + n_out))
            W = rng.uniform(-bound, bound, size=(n_in, n_out))
        weights.append(W.astype(dtype))
        biases.append(np.zeros(n_out, dtype=dtype))
    return weights, biases


def stratified_split(y, fraction, rng):
    """Boolean mask picking about ``fraction`` of each class (at least one per class)."""
    mask = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        idx = np.flatnonzero(y == label)
        k = min(max(1, int(round(fraction * len(idx)))), len(idx) - 1)
        mask[rng.choice(idx, size=k, replace=False)] = True
    return mask


class MLP:
    """Multilayer perceptron classifier with softmax output.

    Parameters
    ----------
    hidden : tuple of int
        Sizes of the hidden layers.
    activation : {'relu', 'tanh', 'sigmoid'}
    solver : {'adam', 'sgd'}
        Adam, or mini-batch SGD with Nesterov momentum.
    learning_rate : float
        Initial step size; decayed to zero along a cosine over ``max_epochs`` when
        ``lr_schedule='cosine'``.
    lr_schedule : {'constant', 'cosine'}
    momentum : float
        Momentum of the SGD solver.
    alpha : float
        L2 penalty.
    label_smoothing : float
        Share of each training target spread evenly over the classes (0: one-hot):
        the loss stops rewarding ever-surer answers on the training digits.
    batch_size : int
    max_epochs : int
    early_stopping : bool
        Hold out a stratified ``validation_fraction`` of the training data, stop when its
        accuracy has not improved for ``patience`` epochs, and restore the best weights
        (of the latest epoch among equally good ones: late epochs have the smaller step).
    validation_fraction : float
    patience : int
    augment : callable or None
        ``augment(X, y, rng) -> (X, y)`` called on the training part at the start of
        every epoch (for example :class:`ocr.augment.Augmenter`), with y as class
        indices; it may add inputs labelled ``NO_CLASS``, which are trained toward the
        uniform distribution (Hendrycks et al.'s outlier exposure).
    random_state : int or None
        Seed for initialization, shuffling, the validation split and augmentation.
    verbose : bool
        Print one progress line per epoch on stderr.

    Attributes
    ----------
    classes_ : (k,) array of class labels
    weights_, biases_ : lists of arrays, (n_in, n_out) and (n_out,) per layer
    input_mean_, input_scale_ : (d,) arrays; the network sees ``(X - mean) / scale``
    loss_curve_ : list of training loss per epoch
    validation_scores_ : list of validation accuracy per epoch (early stopping only)
    monitor_scores_ : list of accuracy per epoch on ``fit``'s ``monitor`` data (if given)
    n_epochs_ : int, epochs run
    """

    def __init__(self, hidden=(384,), activation="relu", solver="adam", learning_rate=0.002,
                 lr_schedule="cosine", momentum=0.9, alpha=1e-4, label_smoothing=0.0, batch_size=64,
                 max_epochs=40, early_stopping=False, validation_fraction=0.1, patience=10, augment=None,
                 random_state=None, verbose=False):
        self.hidden = hidden
        self.activation = activation
        self.solver = solver
        self.learning_rate = learning_rate
        self.lr_schedule = lr_schedule
        self.momentum = momentum
        self.alpha = alpha
        self.label_smoothing = label_smoothing
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.augment = augment
        self.random_state = random_state
        self.verbose = verbose

    # -- scikit-learn estimator protocol -------------------------------------------------
    @classmethod
    def _param_names(cls):
        import inspect  # only scikit-learn-style parameter handling needs it; recognition starts faster
        sig = inspect.signature(cls.__init__)
        return [p for p in sig.parameters if p != "self"]

    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"invalid parameter {name!r} for MLP")
            setattr(self, name, value)
        return self

    _estimator_type = "classifier"  # what scikit-learn < 1.6 looks for

    def __sklearn_tags__(self):
        # Only scikit-learn calls this, so importing it here costs recognition nothing.
        from sklearn.utils import ClassifierTags, Tags, TargetTags

        return Tags(estimator_type="classifier", target_tags=TargetTags(required=True),
                    classifier_tags=ClassifierTags())

    def __repr__(self):
        defaults = MLP().get_params()
        changed = {k: v for k, v in self.get_params().items() if v != defaults[k]}
        return "MLP(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"

    # -- training ------------------------------------------------------------------------
    def _check_params(self):
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}")
        if self.solver not in OPTIMIZERS:
            raise ValueError(f"solver must be one of {sorted(OPTIMIZERS)}")
        if self.lr_schedule not in ("constant", "cosine"):
            raise ValueError("lr_schedule must be 'constant' or 'cosine'")
        if any(int(h) < 1 for h in self.hidden):
            raise ValueError("hidden layer sizes must be positive")
        if not 0.0 <= self.label_smoothing < 1.0:
            raise ValueError("label_smoothing must be in [0, 1)")

    def fit(self, X, y, monitor=None):
        """Train on X (n, d) with labels y (n,); returns self.

        ``monitor``, a pair (X, y) of other data, is scored after every epoch for the
        progress line and ``monitor_scores_`` only: it never steers training."""
        self._check_params()
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y)
        if X.ndim != 2 or len(X) != len(y):
            raise ValueError("X must be (n, d) and y (n,)")
        rng = np.random.default_rng(self.random_state)
        self.classes_, y_idx = np.unique(y, return_inverse=True)
        k = len(self.classes_)

        self.input_mean_ = X.mean(axis=0)
        # One global scale keeps rarely-inked inputs (digit corners) from being blown up.
        self.input_scale_ = np.full(X.shape[1], max(float(X.std()), 1e-12))

        if self.early_stopping:
            val = stratified_split(y_idx, self.validation_fraction, rng)
            X_val, y_val = self._scale(X[val]), y_idx[val]
            X_train, y_train = X[~val], y_idx[~val]
        else:
            X_train, y_train = X, y_idx
        sizes = [X.shape[1], *map(int, self.hidden), k]
        self.weights_, self.biases_ = init_params(sizes, self.activation, rng)
        params = self.weights_ + self.biases_
        opt_kwargs = {"momentum": self.momentum} if self.solver == "sgd" else {}
        optimizer = OPTIMIZERS[self.solver](params, learning_rate=self.learning_rate, **opt_kwargs)
        # One target row per class, and a uniform last row (index k) for NO_CLASS inputs.
        targets = np.vstack([np.eye(k) * (1.0 - self.label_smoothing) + self.label_smoothing / k,
                             np.full((1, k), 1.0 / k)]).astype(np.float32)

        self.loss_curve_, self.validation_scores_, self.monitor_scores_ = [], [], []
        best = (-np.inf, None)
        epochs_since_best = 0
        for epoch in range(self.max_epochs):
            if self.lr_schedule == "cosine":
                optimizer.learning_rate = self.learning_rate * 0.5 * (1 + np.cos(np.pi * epoch / self.max_epochs))
            Xe, ye = (X_train, y_train) if self.augment is None else self.augment(X_train, y_train, rng)
            ye = np.where(ye == NO_CLASS, k, ye)
            Xe = self._scale(Xe)
            order = rng.permutation(len(Xe))
            total = 0.0
            for start in range(0, len(order), self.batch_size):
                batch = order[start:start + self.batch_size]
                loss, gw, gb = backprop(self.weights_, self.biases_, Xe[batch], targets[ye[batch]],
                                        self.activation, self.alpha)
                optimizer.step(params, gw + gb)
                total += loss * len(batch)
            self.loss_curve_.append(float(total / len(order)))
            line = f"epoch {epoch + 1:3d}  loss {self.loss_curve_[-1]:.4f}"
            if self.early_stopping:
                score = float(np.mean(self._forward(X_val).argmax(axis=1) == y_val))
                self.validation_scores_.append(score)
                line += f"  val_acc {score:.4f}"
                if score >= best[0]:
                    best = (score, [p.copy() for p in params])
                    epochs_since_best = 0
                else:
                    epochs_since_best += 1
            if monitor is not None:
                self.monitor_scores_.append(self.score(*monitor))
                line += f"  monitor_acc {self.monitor_scores_[-1]:.4f}"
            if self.verbose:
                print(line, file=sys.stderr, flush=True)
            if not np.isfinite(self.loss_curve_[-1]):
                raise FloatingPointError("training diverged (loss is not finite); lower learning_rate")
            if self.early_stopping and epochs_since_best > self.patience:
                break
        self.n_epochs_ = epoch + 1
        if self.early_stopping and best[1] is not None:
            for p, saved in zip(params, best[1]):
                p[...] = saved
        return self

    # -- inference -----------------------------------------------------------------------
    def _scale(self, X):
        return ((np.asarray(X, dtype=np.float64) - self.input_mean_) / self.input_scale_).astype(np.float32)

    def _forward(self, Xs):
        return forward(self.weights_, self.biases_, Xs, self.activation)[-1]

    def decision_function(self, X):
        """Logits (n, k) for inputs X (n, d): the softmax's input, used for calibration."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.input_mean_):
            raise ValueError(f"X must have shape (n, {len(self.input_mean_)})")
        return logits(self.weights_, self.biases_, self._scale(X), self.activation).astype(np.float64)

    def predict_proba(self, X):
        """Class probabilities (n, k) for inputs X (n, d), columns ordered as ``classes_``."""
        return softmax(self.decision_function(X))

    def predict(self, X):
        """Most probable class label (n,) for inputs X (n, d)."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def score(self, X, y):
        """Accuracy of ``predict(X)`` against y."""
        return float(np.mean(self.predict(X) == np.asarray(y)))
