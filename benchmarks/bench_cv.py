"""Accuracy and fit time on scikit-learn's digits, side by side, on the same folds.

Stratified 5-fold cross-validation (shuffle, random_state=0) of ``ocr.MLP()`` with
its defaults, the shipped recipe ``ocr.train.recipe()``, scikit-learn's
``MLPClassifier(random_state=0, max_iter=1000)`` (inputs scaled to 0..1, as it
needs), ``SVC`` and ``KNeighborsClassifier``.  Prints a Markdown table.

    python benchmarks/bench_cv.py [--skip-recipe]
"""
import argparse
import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import SVC

import ocr
from ocr.train import recipe


def scaled(est):
    return make_pipeline(FunctionTransformer(lambda X: X / 16.0), est)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--skip-recipe", action="store_true", help="leave out the slow shipped recipe")
    args = p.parse_args()
    X, y = load_digits(return_X_y=True)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    models = [("ocr.MLP()", ocr.MLP(random_state=0)),
              ("ocr.train.recipe()", recipe()),
              ("MLPClassifier(random_state=0, max_iter=1000), X/16",
               scaled(MLPClassifier(random_state=0, max_iter=1000))),
              ("SVC(), X/16", scaled(SVC())),
              ("KNeighborsClassifier(), X/16", scaled(KNeighborsClassifier()))]
    if args.skip_recipe:
        models.pop(1)
    rows = []
    for name, est in models:
        start = time.time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = cross_validate(est, X, y, cv=cv, n_jobs=1)
        rows.append((name, r["test_score"], float(np.median(r["fit_time"]))))
        print(f"  done {name} in {time.time() - start:.1f} s", flush=True)
    sk_time = next(t for n, _, t in rows if n.startswith("MLPClassifier"))
    print("\n| model | CV accuracy (mean ± std) | folds | median fit time | vs MLPClassifier |")
    print("|---|---|---|---|---|")
    for name, scores, t in rows:
        print(f"| {name} | {scores.mean():.4f} ± {scores.std():.4f} | "
              f"{' '.join(f'{s:.3f}' for s in scores)} | {t:.3f} s | {t / sk_time:.2f}x |")


if __name__ == "__main__":
    main()
