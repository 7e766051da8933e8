import numpy as np
import pytest

from ocr import activations
from ocr.network import NO_CLASS, MLP, backprop, forward, init_params, stratified_split
from ocr.optimizers import SGD, Adam


def numeric_grad(f, arr, eps=1e-6):
    grad = np.zeros_like(arr)
    it = np.nditer(arr, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = arr[i]
        arr[i] = old + eps
        up = f()
        arr[i] = old - eps
        down = f()
        arr[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("alpha", [0.0, 0.7])
@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_backprop_matches_finite_differences(activation, alpha, smoothing):
    rng = np.random.default_rng(1)
    weights, biases = init_params([5, 7, 4, 3], activation, rng, dtype=np.float64)
    biases = [b + rng.normal(0, 0.1, b.shape) for b in biases]  # keep ReLU off its kink
    X = rng.normal(size=(6, 5))
    Y = np.eye(3)[rng.integers(0, 3, 6)] * (1 - smoothing) + smoothing / 3  # one-hot or smoothed

    def loss():
        return backprop(weights, biases, X, Y, activation, alpha)[0]

    _, gw, gb = backprop(weights, biases, X, Y, activation, alpha)
    for analytic, param in zip(gw + gb, weights + biases):
        assert analytic.shape == param.shape
        np.testing.assert_allclose(analytic, numeric_grad(loss, param), rtol=1e-5, atol=1e-8)


def test_l2_term_adds_alpha_over_n_times_weights():
    rng = np.random.default_rng(0)
    weights, biases = init_params([3, 4, 2], "tanh", rng, dtype=np.float64)
    X, Y = rng.normal(size=(5, 3)), np.eye(2)[[0, 1, 1, 0, 1]]
    l0, g0, b0 = backprop(weights, biases, X, Y, "tanh", 0.0)
    l1, g1, b1 = backprop(weights, biases, X, Y, "tanh", 2.0)
    assert l1 - l0 == pytest.approx(2.0 / (2 * 5) * sum((W ** 2).sum() for W in weights))
    for a, b, W in zip(g0, g1, weights):
        np.testing.assert_allclose(b - a, 2.0 / 5 * W)
    for a, b in zip(b0, b1):
        np.testing.assert_allclose(a, b)  # biases are not penalized


def test_activation_backward_rules_match_derivatives():
    z = np.linspace(-3, 3, 13) + 0.05
    for name, (f, back) in activations.ACTIVATIONS.items():
        eps = 1e-6
        numeric = (f(z + eps) - f(z - eps)) / (2 * eps)
        np.testing.assert_allclose(back(f(z), np.ones_like(z)), numeric, rtol=1e-5, atol=1e-8, err_msg=name)


def test_sigmoid_does_not_overflow():
    out = activations.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(out, [0.0, 0.5, 1.0])


def test_sgd_momentum_step_by_hand():
    p = [np.array([1.0, -2.0])]
    opt = SGD(p, learning_rate=0.1, momentum=0.5, nesterov=False)
    opt.step(p, [np.array([0.5, 1.0])])      # v = -0.1*g = [-0.05, -0.1]
    np.testing.assert_allclose(p[0], [0.95, -2.1])
    opt.step(p, [np.array([0.5, 1.0])])      # v = 0.5*v - 0.1*g = [-0.075, -0.15]
    np.testing.assert_allclose(p[0], [0.875, -2.25])


def test_nesterov_step_by_hand():
    p = [np.array([1.0])]
    opt = SGD(p, learning_rate=0.1, momentum=0.5, nesterov=True)
    opt.step(p, [np.array([2.0])])  # v = -0.2; p += 0.5*v - 0.1*g = -0.1 - 0.2
    np.testing.assert_allclose(p[0], [0.7])


def test_adam_first_step_by_hand():
    p = [np.array([1.0, 1.0])]
    opt = Adam(p, learning_rate=0.01)
    opt.step(p, [np.array([3.0, -0.5])])
    # After one step m_hat = g and v_hat = g^2, so each weight moves by lr * sign(g).
    np.testing.assert_allclose(p[0], [0.99, 1.01], rtol=1e-6)


def test_softmax_rows_sum_to_one_and_forward_shapes():
    rng = np.random.default_rng(0)
    weights, biases = init_params([4, 6, 3], "relu", rng)
    layers = forward(weights, biases, rng.normal(size=(5, 4)).astype(np.float32))
    assert [a.shape for a in layers] == [(5, 4), (5, 6), (5, 3)]
    np.testing.assert_allclose(layers[-1].sum(axis=1), 1.0, rtol=1e-6)


def test_mlp_learns_digits(digits):
    X, y = digits
    clf = MLP(random_state=0).fit(X[:1400], y[:1400])
    # The last 397 digits are by other writers: held out, they score about 0.94.
    assert clf.score(X[1400:], y[1400:]) > 0.9
    proba = clf.predict_proba(X[1400:])
    assert proba.shape == (397, 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(clf.classes_) == list(range(10))


def test_label_smoothing_keeps_the_network_from_certainty_on_its_training_digits(digits):
    X, y = digits
    sure = MLP(hidden=(64,), max_epochs=30, random_state=0).fit(X, y)
    smoothed = MLP(hidden=(64,), max_epochs=30, label_smoothing=0.2, random_state=0).fit(X, y)
    # With 0.2 spread over 10 classes the loss is least where the right class gets 0.82.
    assert sure.predict_proba(X).max(axis=1).mean() > 0.95
    assert 0.7 < smoothed.predict_proba(X).max(axis=1).mean() < 0.86
    assert smoothed.score(X, y) > 0.98
    with pytest.raises(ValueError, match="label_smoothing"):
        MLP(label_smoothing=1.0).fit(X[:20], y[:20])


def test_inputs_of_no_class_are_learnt_as_unsure(digits):
    X, y = digits
    rng = np.random.default_rng(0)
    noise = rng.uniform(0, 16, (300, 64))       # no digit: blocks of random gray

    def with_noise(Xe, ye, rng):
        return np.concatenate([Xe, noise]), np.concatenate([ye, np.full(len(noise), NO_CLASS)])

    plain = MLP(hidden=(64,), max_epochs=20, random_state=0).fit(X, y)
    taught = MLP(hidden=(64,), max_epochs=20, augment=with_noise, random_state=0).fit(X, y)
    assert plain.predict_proba(noise).max(axis=1).mean() > 0.5
    assert taught.predict_proba(noise).max(axis=1).mean() < 0.2   # uniform would be 0.1
    assert taught.score(X, y) > 0.98 and list(taught.classes_) == list(range(10))


def test_mlp_same_seed_same_weights(digits):
    X, y = digits
    a = MLP(hidden=(32,), max_epochs=3, random_state=5).fit(X, y)
    b = MLP(hidden=(32,), max_epochs=3, random_state=5).fit(X, y)
    c = MLP(hidden=(32,), max_epochs=3, random_state=6).fit(X, y)
    for wa, wb in zip(a.weights_, b.weights_):
        np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(a.weights_[0], c.weights_[0])


def test_mlp_works_with_sklearn_clone_and_cross_validation(digits):
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score
    X, y = digits
    est = MLP(hidden=(64, 32), activation="tanh", solver="sgd", learning_rate=0.05, max_epochs=8, random_state=0)
    copy = clone(est)
    assert copy.get_params() == est.get_params()
    scores = cross_val_score(est, X, y, cv=3)
    assert scores.mean() > 0.9


def test_early_stopping_restores_best_weights(digits):
    X, y = digits
    clf = MLP(hidden=(32,), max_epochs=200, early_stopping=True, patience=3, learning_rate=0.02,
              random_state=0).fit(X, y)
    scores = np.array(clf.validation_scores_)
    assert clf.n_epochs_ < 200
    best = len(scores) - 1 - int(np.argmax(scores[::-1]))   # the latest of equally good epochs
    assert clf.n_epochs_ == best + 1 + 4  # stopped `patience + 1` epochs after the best one
    assert scores[-1] < scores.max()
    # The restored weights score the best epoch's accuracy on the validation split
    # (the split is the first thing fit draws from its random_state).
    val = stratified_split(np.unique(y, return_inverse=True)[1], 0.1, np.random.default_rng(0))
    assert clf.score(X[val], y[val]) == scores.max()


def test_monitor_data_is_scored_every_epoch_and_never_steers_training(digits, capsys):
    X, y = digits
    plain = MLP(hidden=(16,), max_epochs=4, random_state=0).fit(X[:1200], y[:1200])
    watched = MLP(hidden=(16,), max_epochs=4, random_state=0, verbose=True).fit(
        X[:1200], y[:1200], monitor=(X[1200:], y[1200:]))
    for a, b in zip(plain.weights_ + plain.biases_, watched.weights_ + watched.biases_):
        np.testing.assert_array_equal(a, b)
    assert len(watched.monitor_scores_) == 4 and plain.monitor_scores_ == []
    assert watched.monitor_scores_[-1] == watched.score(X[1200:], y[1200:])  # the last epoch's weights
    assert capsys.readouterr().err.count("monitor_acc") == 4


def test_mlp_on_generic_data_with_string_labels():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2))
    y = np.where(X[:, 0] * X[:, 1] > 0, "same", "diff")
    clf = MLP(hidden=(16,), activation="tanh", max_epochs=150, random_state=0).fit(X, y)
    assert clf.score(X, y) > 0.9
    assert set(clf.predict(X)) <= {"same", "diff"}


def test_set_params_rejects_unknown_and_bad_values_fail_at_fit(digits):
    with pytest.raises(ValueError):
        MLP().set_params(colour="red")
    X, y = digits
    with pytest.raises(ValueError):
        MLP(activation="softplus").fit(X[:50], y[:50])
    with pytest.raises(ValueError):
        MLP().fit(X[:50], y[:40])


@pytest.mark.parametrize("hidden", [(), (12,), (12, 7)])
def test_averaged_reads_as_the_mean_of_its_members(digits, hidden):
    from ocr.ensemble import averaged
    X, y = digits
    members = [MLP(hidden=hidden, max_epochs=3, random_state=s).fit(X[:400], y[:400]) for s in (0, 1, 2)]
    merged = averaged(members)
    assert [W.shape[1] for W in merged.weights_[:-1]] == [3 * h for h in hidden]
    expected = np.mean([m.decision_function(X[400:600]) for m in members], axis=0)
    np.testing.assert_allclose(merged.decision_function(X[400:600]), expected, rtol=1e-4, atol=1e-4)
    other = MLP(hidden=hidden, max_epochs=1, random_state=0).fit(X[:300], y[:300])  # other data
    with pytest.raises(ValueError):
        averaged([members[0], other])
