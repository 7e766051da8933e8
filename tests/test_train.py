import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from sklearn.datasets import load_digits

from conftest import render
from ocr import model_file
from ocr.network import MLP
from ocr.train import main, recipe

EXE = shutil.which("ocr-train")
CMD = [EXE] if EXE else [sys.executable, "-m", "ocr.train"]
QUICK = ["--epochs", "2", "--views", "0", "--hidden", "32", "--quiet", "--no-refit", "--no-chooser"]


def test_recipe_is_an_unfitted_mlp_with_augmentation():
    est = recipe(seed=3)
    assert isinstance(est, MLP) and est.random_state == 3 and est.augment is not None
    assert not hasattr(est, "weights_")
    assert not est.early_stopping and recipe(early_stopping=True).early_stopping  # see recipe()


def test_progress_scores_the_held_out_writers_and_early_stopping_is_recorded(tmp_path, capsys):
    args = [a for a in QUICK if a != "--quiet"] + ["--members", "1", "--out", str(tmp_path / "m.npz")]
    assert main(args) == 0
    lines = [l for l in capsys.readouterr().err.splitlines() if l.startswith("epoch")]
    assert len(lines) == 2 and all("monitor_acc" in l and "val_acc" not in l for l in lines)
    assert main(args + ["--early-stopping"]) == 0
    lines = [l for l in capsys.readouterr().err.splitlines() if l.startswith("epoch")]
    assert all("val_acc" in l and "monitor_acc" in l for l in lines)
    assert model_file.load(tmp_path / "m.npz")[1]["recipe"]["early_stopping"] is True


def test_label_smoothing_and_pairs_are_options_recorded_in_the_model(tmp_path, capsys):
    out = tmp_path / "m.npz"
    assert main(QUICK + ["--members", "1", "--label-smoothing", "0.2", "--pairs", "0.5", "--out", str(out)]) == 0
    recorded = model_file.load(out)[1]["recipe"]
    assert recorded["label_smoothing"] == 0.2 and recorded["pairs"] == 0.5
    est = recipe(label_smoothing=0.2, pairs=0.5)
    assert est.label_smoothing == 0.2 and est.augment.pairs == 0.5
    assert recipe().label_smoothing == 0.1 and recipe().augment.pairs == 0   # the reader's; pairs off
    for bad in (["--label-smoothing", "1"], ["--pairs", "-1"]):
        with pytest.raises(SystemExit):
            main(QUICK + bad)
    assert "--label-smoothing must be in [0, 1)" in capsys.readouterr().err


def test_train_writes_a_model_and_report_reproducibly(tmp_path, capsys):
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    assert main(QUICK + ["--out", str(a), "--report", str(tmp_path / "rep")]) == 0
    assert main(QUICK + ["--out", str(b)]) == 0
    out = capsys.readouterr().out
    assert "held-out accuracy" in out and "confusion matrix" in out
    (ma, meta, _), (mb, _, _) = model_file.load(a), model_file.load(b)
    for wa, wb in zip(ma.weights_ + ma.biases_, mb.weights_ + mb.biases_):
        np.testing.assert_array_equal(wa, wb)   # same seed, same weights
    assert meta["recipe"]["seed"] == 0 and 0 < meta["temperature"] < 100
    assert meta["recipe"]["members"] == 3 and meta["layer_sizes"] == [64, 3 * 32, 10]  # side by side
    assert meta["held_out"]["digits"]["accuracy"] > 0.6   # 2 epochs, unseen writers; chance is 0.1
    report = json.loads((tmp_path / "rep" / "report.json").read_text())
    assert np.array(report["confusion"]).shape == (10, 10)
    assert np.array(report["held_out_curves"]).shape == (3, 2)  # each network's held-out accuracy per epoch
    for name in ("learning_curve.png", "confusion.png"):
        assert (tmp_path / "rep" / name).stat().st_size > 1000


def test_the_chooser_is_trained_one_hot_beside_the_smoothed_readers_and_refit_with_them(tmp_path, capsys):
    final, measured = tmp_path / "final.npz", tmp_path / "measured.npz"
    args = [a for a in QUICK if a not in ("--no-refit", "--no-chooser")] + ["--members", "1"]
    assert main(args + ["--out", str(final), "--held-out-model", str(measured)]) == 0
    assert "chooser" in capsys.readouterr().out
    for path, refit in ((final, True), (measured, False)):
        model = model_file.load(path)
        assert model.chooser is not None and model.metadata["recipe"]["label_smoothing"] == 0.1
        chooser = model.metadata["chooser"]
        assert chooser["recipe"]["label_smoothing"] == 0 and chooser["recipe"]["refit"] is refit
        assert 0 < chooser["temperature"] < 100 and chooser["held_out"]["digits"]["accuracy"] > 0.6
        assert not np.array_equal(model.chooser.weights_[0], model.network.weights_[0])
    # the same seed and renders: the chooser is the one-hot network --no-chooser --label-smoothing 0 makes
    assert main(QUICK + ["--members", "1", "--label-smoothing", "0", "--out", str(tmp_path / "one.npz")]) == 0
    one = model_file.load(tmp_path / "one.npz")
    np.testing.assert_array_equal(one.network.weights_[0], model_file.load(measured).chooser.weights_[0])
    assert one.chooser is None


def test_extra_images_are_added(tmp_path, capsys):
    for d in "17":
        (tmp_path / "extra" / d).mkdir(parents=True)
        render(d, 40).save(tmp_path / "extra" / d / "a.png")
    assert main(QUICK + ["--out", str(tmp_path / "m.npz"), "--extra", str(tmp_path / "extra")]) == 0
    assert "added 2 images" in capsys.readouterr().err
    meta = model_file.load(tmp_path / "m.npz").metadata
    assert meta["recipe"]["train_size"] == 1797 - 270 + 2  # the last 270 digits (15%) are held out


def test_refit_trains_again_on_every_digit_and_keeps_the_measured_model(tmp_path, capsys):
    final, measured = tmp_path / "final.npz", tmp_path / "measured.npz"
    args = [a for a in QUICK if a != "--no-refit"] + ["--members", "1", "--out", str(final)]
    assert main(args + ["--held-out-model", str(measured)]) == 0
    assert "measured before the refit" in capsys.readouterr().out
    (mf, meta_f, _), (mm, meta_m, _) = model_file.load(final), model_file.load(measured)
    assert meta_f["recipe"]["refit"] and meta_f["recipe"]["train_size"] == 1797
    assert not meta_m["recipe"]["refit"] and meta_m["recipe"]["train_size"] == 1797 - 270
    assert meta_f["temperature"] == meta_m["temperature"]   # calibrated where it could be measured
    assert not np.array_equal(mf.weights_[0], mm.weights_[0])
    X, y = load_digits(return_X_y=True)
    assert mf.score(X[-270:], y[-270:]) > mm.score(X[-270:], y[-270:])  # it saw those writers


def test_kill_during_write_leaves_the_old_model_loadable(tmp_path):
    target = tmp_path / "digits.npz"
    shutil.copy("models/digits.npz", target)
    before = target.read_bytes()
    caught = False
    for _ in range(5):
        proc = subprocess.Popen(CMD + QUICK + ["--out", str(target)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while proc.poll() is None:
            if any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
                os.kill(proc.pid, signal.SIGKILL)   # kill -9 while the new model is being written
                caught = True
                break
            time.sleep(0.0005)
        proc.wait()
        if caught:
            break
    assert caught, "never saw the model being written"
    assert target.read_bytes() == before
    model_file.load(target)
