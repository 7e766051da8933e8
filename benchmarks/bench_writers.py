"""Accuracy on writers the network never saw: contiguous-block cross-validation.

scikit-learn's digits are optdigits' test file, written by 13 people, and its order
follows the writers: a plain ``ocr.MLP`` trained on a random 70% scores 0.987 on the
rest but 0.93-0.95 on a contiguous block it never saw (other people's handwriting).
Real users are other people, so this is the split to tune augmentation on (and the
reason ``ocr-train`` holds out the *last* 15%): each of ``--folds`` contiguous blocks
is held out in turn, the recipe (with any overrides) is trained on the rest, and the
block is scored as clean vectors and as scans read back through the recognition
pipeline: accuracy and expected calibration error at ``--temperature``.  Slow: one
full recipe fit per fold and network.  ``--members 3`` scores what ``ocr-train``
ships: three seeds side by side (:func:`ocr.ensemble.averaged`).

    python benchmarks/bench_writers.py [--folds 5] [--only 0 1] [--members 3] [--set elastic=0.5 ...]
                                       [--set early_stopping=1]

Prints ``| fold | clean acc | clean ECE | scanned acc | scanned ECE | fit time |``.
"""
import argparse
import time

import numpy as np
from sklearn.datasets import load_digits

from ocr.calibration import expected_calibration_error, softmax_t
from ocr.ensemble import averaged
from ocr.scans import digit_views
from ocr.train import recipe


def parse_value(text):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--only", type=int, nargs="*", help="run only these folds (0-based)")
    p.add_argument("--temperature", type=float, default=1.0, help="softmax temperature for ECE")
    p.add_argument("--members", type=int, default=1, help="networks per fold, seeds 0.., side by side")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override an Augmenter parameter (rotation, elastic, views, ...) or epochs/hidden/"
                        "early_stopping (1: stop on the training writers' validation split)")
    args = p.parse_args()
    X, y = load_digits(return_X_y=True)
    overrides = dict(s.split("=", 1) for s in args.set)
    est_kw = {k: parse_value(overrides.pop(k)) for k in ("epochs", "views", "early_stopping") if k in overrides}
    if "hidden" in overrides:
        est_kw["hidden"] = tuple(int(v) for v in overrides.pop("hidden").split(","))
    blocks = np.array_split(np.arange(len(X)), args.folds)
    rows = []
    for k in args.only if args.only is not None else range(args.folds):
        test = blocks[k]
        train = np.setdiff1d(np.arange(len(X)), test)
        start = time.time()
        members = []
        for seed in range(args.members):
            member = recipe(seed=seed, **est_kw)
            member.augment.set_params(**{n: parse_value(v) for n, v in overrides.items()})
            members.append(member.fit(X[train], y[train]))
        est = averaged(members)
        Xs, ys = digit_views(X[test], y[test], 2, np.random.default_rng(1000 + k))
        scores = []
        for Xe, ye in ((X[test], y[test]), (Xs, ys)):
            prob = softmax_t(est.decision_function(Xe), args.temperature)
            correct = (prob.argmax(1) == ye).astype(float)
            scores += [correct.mean(), expected_calibration_error(prob.max(1), correct)]
        rows.append(scores)
        print(f"| {k} | {scores[0]:.3f} | {scores[1]:.3f} | {scores[2]:.3f} | {scores[3]:.3f} | "
              f"{time.time() - start:.0f} s |", flush=True)
    m = np.mean(rows, axis=0)
    print(f"| mean | {m[0]:.3f} | {m[1]:.3f} | {m[2]:.3f} | {m[3]:.3f} | |  {args.set}")


if __name__ == "__main__":
    main()
