import json
import zipfile

import numpy as np
import pytest

from ocr import model_file
from ocr.errors import ModelError
from ocr.network import MLP


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 16, size=(60, 64))
    y = np.arange(60) % 10
    return MLP(hidden=(8,), max_epochs=2, random_state=0).fit(X, y)


def test_round_trip_keeps_predictions_and_metadata(tmp_path, fitted):
    path = tmp_path / "m.npz"
    model_file.save(path, fitted, {"temperature": 1.5, "recipe": {"seed": 3}})
    loaded, meta, chooser = model_file.load(path)
    assert chooser is None
    X = np.random.default_rng(1).uniform(0, 16, size=(5, 64))
    np.testing.assert_allclose(loaded.predict_proba(X), fitted.predict_proba(X), rtol=1e-6)
    assert meta["temperature"] == 1.5 and meta["recipe"] == {"seed": 3}
    assert meta["layer_sizes"] == [64, 8, 10] and meta["format_version"] == model_file.FORMAT_VERSION


def test_a_chooser_network_round_trips_beside_the_reader(tmp_path, fitted):
    rng = np.random.default_rng(2)
    other = MLP(hidden=(6,), max_epochs=2, random_state=1).fit(rng.uniform(0, 16, (60, 64)), np.arange(60) % 10)
    path = tmp_path / "m.npz"
    model_file.save(path, fitted, {"temperature": 0.6, "chooser": {"temperature": 2.5}}, chooser=other)
    model = model_file.load(path)
    X = rng.uniform(0, 16, size=(5, 64))
    np.testing.assert_allclose(model.network.predict_proba(X), fitted.predict_proba(X), rtol=1e-6)
    np.testing.assert_allclose(model.chooser.predict_proba(X), other.predict_proba(X), rtol=1e-6)
    assert model.metadata["temperature"] == 0.6 and model.metadata["chooser"]["temperature"] == 2.5
    assert model.metadata["chooser"]["layer_sizes"] == [64, 6, 10] and model.metadata["layer_sizes"] == [64, 8, 10]
    arrays = dict(np.load(path))
    arrays["chooser_W1"] = arrays["chooser_W1"][:, :4]
    write_npz(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelError, match="chooser_W1 has shape"):
        model_file.load(tmp_path / "bad.npz")
    arrays = dict(np.load(path))
    meta = json.loads(str(arrays["metadata"][()]))
    meta["chooser"]["temperature"] = -1
    arrays["metadata"] = np.array(json.dumps(meta))
    write_npz(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelError, match="chooser_temperature"):
        model_file.load(tmp_path / "bad.npz")
    arrays = dict(np.load(path))
    arrays["chooser_classes"] = arrays["chooser_classes"] + 1
    write_npz(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelError, match="other inputs or classes"):
        model_file.load(tmp_path / "bad.npz")


def test_a_model_is_stored_uncompressed_and_a_compressed_one_still_loads(tmp_path, fitted):
    path = tmp_path / "m.npz"
    model_file.save(path, fitted, {"temperature": 1.5})
    with zipfile.ZipFile(path) as zf:
        assert {info.compress_type for info in zf.infolist()} == {zipfile.ZIP_STORED}
    with np.load(path, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    older = tmp_path / "older.npz"  # files written before 2026-12-06 are deflated
    np.savez_compressed(older, **arrays)
    loaded, meta, _ = model_file.load(older)
    np.testing.assert_array_equal(loaded.weights_[0], fitted.weights_[0].astype(np.float32))
    assert meta["temperature"] == 1.5


def test_save_leaves_no_temporary_files_and_replaces_atomically(tmp_path, fitted, monkeypatch):
    path = tmp_path / "m.npz"
    model_file.save(path, fitted, {})
    before = path.read_bytes()

    def explode(*args, **kwargs):
        raise KeyboardInterrupt  # interrupted half way through writing

    monkeypatch.setattr(np, "savez", explode)
    with pytest.raises(KeyboardInterrupt):
        model_file.save(path, fitted, {"changed": True})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]
    model_file.load(path)


def test_a_saved_model_is_readable_like_any_new_file_and_keeps_a_replaced_ones_mode(tmp_path, fitted):
    import os
    path = tmp_path / "m.npz"
    umask = os.umask(0o022)
    try:
        model_file.save(path, fitted, {})
        assert path.stat().st_mode & 0o777 == 0o644        # not mkstemp's owner-only 0o600
        path.chmod(0o640)
        model_file.save(path, fitted, {"again": True})
        assert path.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


def write_npz(path, **arrays):
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def good_arrays(fitted):
    arrays = {"metadata": np.array(json.dumps({"format_version": 1, "activation": "relu",
                                               "layer_sizes": [64, 8, 10]})),
              "input_mean": fitted.input_mean_, "input_scale": fitted.input_scale_,
              "classes": fitted.classes_}
    for i, (W, b) in enumerate(zip(fitted.weights_, fitted.biases_)):
        arrays[f"W{i}"], arrays[f"b{i}"] = W, b
    return arrays


def test_hand_built_good_file_loads(tmp_path, fitted):
    write_npz(tmp_path / "m.npz", **good_arrays(fitted))
    model_file.load(tmp_path / "m.npz")


@pytest.mark.parametrize("damage, message", [
    (lambda a: a.update(W0=a["W0"][:, :5]), "W0 has shape"),
    (lambda a: a.update(b1=np.full(10, np.nan, dtype=np.float32)), "NaN or infinite"),
    (lambda a: a.update(W1=np.full((8, 10), np.inf, dtype=np.float32)), "NaN or infinite"),
    (lambda a: a.pop("W1"), "missing array W1"),
    (lambda a: a.pop("metadata"), "no metadata"),
    (lambda a: a.update(metadata=np.array("{not json")), "not JSON"),
    (lambda a: a.update(metadata=np.array(json.dumps({"format_version": 99}))), "format_version"),
    (lambda a: a.update(metadata=np.array(json.dumps(
        {"format_version": 1, "activation": "relu", "layer_sizes": [64, -8, 10]}))), "layer_sizes"),
    (lambda a: a.update(W0=a["W0"].astype(str)), "non-numeric"),
    (lambda a: a.update(input_scale=np.zeros(64)), "input_scale"),
])
def test_invalid_contents_are_rejected_with_reason(tmp_path, fitted, damage, message):
    arrays = good_arrays(fitted)
    damage(arrays)
    write_npz(tmp_path / "m.npz", **arrays)
    with pytest.raises(ModelError, match=message):
        model_file.load(tmp_path / "m.npz")


def test_pickled_object_arrays_are_never_loaded(tmp_path, fitted):
    arrays = good_arrays(fitted)
    arrays["W0"] = np.array([object()], dtype=object)
    np.savez(tmp_path / "evil.npz", **arrays)
    with pytest.raises(ModelError, match="pickled"):
        model_file.load(tmp_path / "evil.npz")


def test_missing_empty_truncated_and_non_zip_files(tmp_path, fitted):
    with pytest.raises(ModelError, match="not found"):
        model_file.load(tmp_path / "nope.npz")
    (tmp_path / "empty.npz").write_bytes(b"")
    with pytest.raises(ModelError, match="invalid model file"):
        model_file.load(tmp_path / "empty.npz")
    (tmp_path / "text.npz").write_text("hello")
    with pytest.raises(ModelError, match="not an npz"):
        model_file.load(tmp_path / "text.npz")
    model_file.save(tmp_path / "good.npz", fitted, {})
    data = (tmp_path / "good.npz").read_bytes()
    for cut in (10, len(data) // 2, len(data) - 5):
        (tmp_path / "cut.npz").write_bytes(data[:cut])
        with pytest.raises(ModelError):
            model_file.load(tmp_path / "cut.npz")
    with pytest.raises(ModelError, match="directory"):
        model_file.load(tmp_path)


def test_zip_bomb_member_is_refused(tmp_path, monkeypatch, fitted):
    path = tmp_path / "m.npz"
    model_file.save(path, fitted, {})
    monkeypatch.setattr(model_file, "MAX_UNCOMPRESSED_BYTES", 100)
    with pytest.raises(ModelError, match="too large"):
        model_file.load(path)
    assert zipfile.is_zipfile(path)
