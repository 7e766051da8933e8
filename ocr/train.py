"""Training: the shipped recipe, its data, calibration, and the ``ocr-train`` command.

``recipe(seed)`` is the unfitted estimator the shipped model is made of, so anyone
can cross-validate the real thing.  ``main`` trains ``--members`` of them (seeds
``seed``, ``seed + 1``, ...) on the first 85% of scikit-learn's digits (plus the
user's ``--extra`` images) and holds out the last 15%: the data set follows its
writers, so those are people the model never saw, as every real user is.  The
members are placed side by side as one network that averages their logits
(:func:`ocr.ensemble.averaged`): which strangers' digits a single network gets
wrong depends on its seed, by up to two points.  On the held-out writers it fits
the softmax temperature (:func:`temperature`), reports accuracy and the confusion
matrix, and writes the model file atomically.  The reading networks' targets are
smoothed; beside them the same recipe with one-hot targets is trained as the model's
chooser (``--no-chooser`` leaves it out), whose confidence chooses among a page's
readings (:mod:`ocr.recognizer`).  This module imports scikit-learn (for the data set);
recognition never imports this module.
"""
import argparse
import datetime
import json
import sys
import time
from pathlib import Path

import numpy as np

from . import features, model_file, parallel
from .augment import Augmenter, render_task, render_tasks
from .calibration import fit_temperature, softmax_t
from .ensemble import averaged
from .network import MLP

DEFAULT_OUT = Path("models") / "digits.npz"  # relative to where ocr-train runs: the checkout
HELD_OUT_CHUNK = 45  # held-out digits per rendering task: six tasks for the 270
LABEL_SMOOTHING = 0.1  # the reading networks' (see recipe()); the chooser's targets are one-hot


def recipe(seed=0, hidden=(1024,), epochs=60, learning_rate=0.002, alpha=1e-4, views=12, font_views=16,
           verbose=False, fonts=None, early_stopping=False, label_smoothing=LABEL_SMOOTHING, pairs=0.0):
    """One reading network of the shipped model (unfitted; ``ocr-train`` averages several
    seeds); with ``label_smoothing=0`` one of its chooser's.

    A 64-1024-10 ReLU network, Adam with a step cosine-decayed to zero over 60 epochs;
    every epoch sees the training digits, freshly distorted copies of them, and ``views``
    renders per digit drawn large (half as bold shapes, half thinned and redrawn as pen
    strokes), distorted, scanned with damage and read back through the recognition
    pipeline (plus ``font_views`` damaged renders per digit of every DejaVu face and
    four times as many of Pillow's font; ``fonts`` narrows them).

    Its targets are smoothed (``label_smoothing`` of each spread over the ten classes):
    it reads strangers' digits better (contiguous-block CV, 10 fits paired: scanned
    0.957 against 0.951 one-hot, clean 0.981 against 0.976), but such a network is as
    sure of two touching digits read whole, of a grid's pieces and of a sliver as of a
    digit, so the choices among a page's readings are left to one-hot networks, the
    model's chooser (:mod:`ocr.recognizer`).  Off by default, measured: ``pairs``
    (renders per digit of two touching digits read as one, taught as no digit) brings
    the touching pages back for a smoothed network that chooses, and breaks a 0 whose
    halves parted (see benchmarks/RESULTS.md, Training recipe).

    The whole schedule is run: with ``early_stopping`` a stratified 10% of the digits is
    kept for validation (stop after 10 epochs without a better score, best weights
    restored), but those are the training writers' own clean digits, which the network
    reads almost perfectly from the first epochs on, so a lucky early epoch stopped half
    the networks at 14-49 epochs of 60, still at a large step, and they read strangers'
    scans worse (contiguous-block CV, 18 fits paired on the same renders: scanned 0.954
    without against 0.946 with, clean 0.976 against 0.973; the 9 stopped early 0.956
    against 0.940, the others level).  Stopping on the validation loss stops sooner still.
    """
    return MLP(hidden=hidden, activation="relu", solver="adam", learning_rate=learning_rate,
               lr_schedule="cosine", alpha=alpha, label_smoothing=label_smoothing, batch_size=64,
               max_epochs=epochs, early_stopping=early_stopping, validation_fraction=0.1, patience=10,
               augment=Augmenter(views=views, font_views=font_views, pairs=pairs, fonts=fonts),
               random_state=seed, verbose=verbose)


def held_out_writers(n, fraction=0.15):
    """Mask (n,) of the last ``fraction`` of the data set: other writers than the rest.

    scikit-learn's digits are ordered by writer; a model scores ~0.99 on a random
    15% but less on a contiguous block (``benchmarks/bench_writers.py``), and only
    the latter says how sure it may be about a stranger's handwriting.
    """
    held = np.zeros(n, dtype=bool)
    held[n - int(round(fraction * n)):] = True
    return held


def load_extra(folder):
    """The user's labeled images: ``folder/<digit>/*`` or ``folder/labels.tsv`` (file<TAB>label).

    Returns (vectors (n, 64), labels (n,)); each image goes through the recognition pipeline.
    """
    from PIL import Image

    from .scans import read_vector
    folder = Path(folder)
    pairs = []
    tsv = folder / "labels.tsv"
    if tsv.is_file():
        for n, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            name, _, label = line.partition("\t")
            if not label.strip().isdigit():
                raise SystemExit(f"ocr-train: {tsv}:{n}: expected 'file<TAB>digit'")
            pairs.append((folder / name, int(label)))
    else:
        for d in range(10):
            pairs += [(p, d) for p in sorted((folder / str(d)).glob("*")) if p.is_file()]
    if not pairs:
        raise SystemExit(f"ocr-train: {folder}: no labeled images (expected digit folders or labels.tsv)")
    vectors = []
    for path, _ in pairs:
        try:
            with Image.open(path) as img:
                vectors.append(read_vector(img))
        except Exception as exc:
            raise SystemExit(f"ocr-train: {path}: cannot read image ({exc})") from None
    return np.array(vectors), np.array([label for _, label in pairs])


def held_out_sets(X, y, seed, fonts=None):
    """Held-out evaluation sets: the clean digits, the same digits scanned and read back
    (four renders each), and printed digits (``fonts``: as :func:`ocr.scans.font_views`).

    Rendered in chunks of ``HELD_OUT_CHUNK`` digits over the machine's cores, as the
    training renders are (:func:`ocr.augment.render_tasks`: the same for any number of cores).
    """
    jobs = render_tasks(X, y, 4, 2, fonts, seed + 10_000, HELD_OUT_CHUNK)
    (Xf, yf), *scanned = parallel.map_forked(render_task, jobs, parallel.available_cores())
    Xr, yr = np.concatenate([v for v, _ in scanned]), np.concatenate([labels for _, labels in scanned])
    return {"digits": (X, y), "scanned digits": (Xr, yr), "printed digits": (Xf, yf)}


def temperature(est, sets):
    """The softmax temperature, fitted on the held-out writers' digits scanned and read back.

    Users send images, and a stranger's handwriting is the hardest of them: the clean
    8x8 digits (and crisp print) would make the confidences sharper than scans earn.
    """
    X, y = sets["scanned digits"]
    return fit_temperature(est.decision_function(X), y)


def confusion_matrix(y_true, y_pred, k=10):
    m = np.zeros((k, k), dtype=int)
    np.add.at(m, (y_true, y_pred), 1)
    return m


def parse_args(argv):
    p = argparse.ArgumentParser(prog="ocr-train", description="Retrain the digit model and write the model file.")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"model file to write (default {DEFAULT_OUT})")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same weights")
    p.add_argument("--epochs", type=int, default=60, help="at most this many epochs (default 60; "
                   "early stopping on the validation split may end sooner)")
    p.add_argument("--hidden", type=lambda s: tuple(int(v) for v in s.split(",")), default=(1024,),
                   help="hidden layer sizes of each network, comma-separated (default 1024)")
    p.add_argument("--learning-rate", type=float, default=0.002, help="Adam's initial step, cosine-decayed")
    p.add_argument("--alpha", type=float, default=1e-4, help="L2 penalty")
    p.add_argument("--label-smoothing", type=float, default=LABEL_SMOOTHING,
                   help="share of each target spread over the ten classes, for the reading networks "
                        f"(default {LABEL_SMOOTHING}; the chooser's are one-hot; see README)")
    p.add_argument("--chooser", action=argparse.BooleanOptionalAction, default=True,
                   help="also train one-hot networks whose confidence chooses among a page's readings "
                        "(cuts, joins, the whole image); default; --no-chooser: the reading networks "
                        "choose too, in half the time")
    p.add_argument("--pairs", type=float, default=0.0,
                   help="renders per training digit of two touching digits, taught as no digit (default 0)")
    p.add_argument("--views", type=int, default=12, help="pipeline renders per training digit")
    p.add_argument("--members", type=int, default=3,
                   help="networks trained (seeds seed, seed+1, ...) and averaged as one (default 3)")
    p.add_argument("--holdout", type=float, default=0.15,
                   help="held-out fraction (the data set's last writers) for calibration and the report")
    p.add_argument("--refit", action=argparse.BooleanOptionalAction, default=True,
                   help="after measuring on the held-out writers, train again on every digit and write "
                        "that (default; --no-refit writes the measured networks and takes half the time)")
    p.add_argument("--held-out-model", type=Path, metavar="PATH",
                   help="also write the networks trained without the held-out writers (benchmarks "
                        "measure strangers' handwriting with it)")
    p.add_argument("--extra", type=Path, action="append", default=[],
                   help="folder of your own labeled images (digit folders or labels.tsv); repeatable")
    p.add_argument("--report", type=Path, help="write report.json, learning_curve.png, confusion.png here")
    p.add_argument("--early-stopping", action="store_true",
                   help="stop each network early on a 10%% validation split of the training digits "
                        "(off by default: those are the training writers' own digits, see recipe())")
    p.add_argument("--quiet", action="store_true", help="no per-epoch progress")
    args = p.parse_args(argv)
    if args.epochs < 1 or not 0 < args.holdout < 0.5 or args.views < 0 or args.members < 1:
        p.error("--epochs must be >= 1, --holdout in (0, 0.5), --views >= 0, --members >= 1")
    if not 0 <= args.label_smoothing < 1 or args.pairs < 0:
        p.error("--label-smoothing must be in [0, 1), --pairs >= 0")
    return args


def fit_members(args, X, y, label_smoothing, monitor=None, readers=None):
    """``args.members`` networks of the recipe (seeds seed, seed+1, ...) fitted on (X, y)
    and averaged as one; ``monitor`` (X, y), the held-out writers, is scored in the
    progress lines.  Returns (the averaged network, the members).

    ``readers``: the reading networks already fitted on the same (X, y), whose renders the
    chooser's networks take over.  A network's renders depend only on its data and seed
    (drawn before anything that differs between a reader and its chooser), so the two
    would make the same ones: made once, half of training's rendering.  (A chooser so
    skips the draw of its renders' seed: its shuffles are not those it had rendering.)
    """
    members = [recipe(args.seed + i, args.hidden, args.epochs, args.learning_rate, args.alpha, args.views,
                      verbose=not args.quiet, early_stopping=args.early_stopping,
                      label_smoothing=label_smoothing, pairs=args.pairs)
               for i in range(args.members)]
    for member, reader in zip(members, readers or ()):
        member.augment = reader.augment  # its renders cached for this (X, y)
    for i, member in enumerate(members, 1):
        print(f"training network {i} of {len(members)}: {member!r} on {len(X)} digits", file=sys.stderr)
        member.fit(X, y, monitor=monitor)
    return averaged(members), members


def measured(est, sets):
    """The temperature fitted on the held-out ``sets`` and the accuracy on each."""
    t = temperature(est, sets)
    results = {}
    for name, (Xs, ys) in sets.items():
        p = softmax_t(est.decision_function(Xs), t)
        results[name] = {"n": int(len(ys)), "accuracy": round(float(np.mean(p.argmax(1) == ys)), 4)}
    return t, results


def main(argv=None):
    args = parse_args(argv)
    from sklearn.datasets import load_digits
    started = time.time()
    X, y = load_digits(return_X_y=True)
    held = held_out_writers(len(y), args.holdout)
    X_train, y_train = X[~held], y[~held]
    for folder in args.extra:
        Xe, ye = load_extra(folder)
        print(f"added {len(Xe)} images from {folder}", file=sys.stderr)
        X_train, y_train = np.concatenate([X_train, Xe]), np.concatenate([y_train, ye])

    monitor = (X[held], y[held])
    est, members = fit_members(args, X_train, y_train, args.label_smoothing, monitor)
    held_out_curves = [m.monitor_scores_ for m in members]
    sets = held_out_sets(X[held], y[held], args.seed)
    t, results = measured(est, sets)
    cm = confusion_matrix(y[held], est.predict(X[held]))

    def recipe_of(members, label_smoothing, train_size):
        return {"seed": args.seed, "members": args.members, "epochs": args.epochs,
                "early_stopping": args.early_stopping,
                "hidden": list(args.hidden), "learning_rate": args.learning_rate, "alpha": args.alpha,
                "label_smoothing": label_smoothing, "pairs": args.pairs,
                "views": args.views, "font_views": members[0].augment.font_views,
                "epochs_run": [m.n_epochs_ for m in members],
                "extra": [str(f) for f in args.extra], "train_size": int(train_size), "refit": False}

    meta = {"created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "temperature": t, "features": features.settings(),
            "recipe": recipe_of(members, args.label_smoothing, len(X_train)), "held_out": results}
    chooser = None
    if args.chooser:
        chooser, chooser_members = fit_members(args, X_train, y_train, 0.0, monitor, readers=members)
        t_chooser, chooser_results = measured(chooser, sets)
        meta["chooser"] = {"temperature": t_chooser, "held_out": chooser_results,
                           "recipe": recipe_of(chooser_members, 0.0, len(X_train))}
    meta["train_seconds"] = round(time.time() - started, 1)
    if args.held_out_model:
        model_file.save(args.held_out_model, est, meta, chooser)
    if args.refit:
        # The held-out writers were needed to measure and calibrate; the product is better
        # off having seen them too (two more people's handwriting): same recipe, every digit.
        X_all, y_all = np.concatenate([X_train, X[held]]), np.concatenate([y_train, y[held]])
        est, members = fit_members(args, X_all, y_all, args.label_smoothing)
        refit = {"refit": True, "train_size": int(len(X_all))}
        meta["recipe"].update(refit, epochs_run=[m.n_epochs_ for m in members])
        if args.chooser:
            chooser, chooser_members = fit_members(args, X_all, y_all, 0.0, readers=members)
            meta["chooser"]["recipe"].update(refit, epochs_run=[m.n_epochs_ for m in chooser_members])
        meta["train_seconds"] = round(time.time() - started, 1)
    model_file.save(args.out, est, meta, chooser)
    print_summary(args, meta, cm)
    if args.report:
        write_report(args.report, meta, cm, [m.loss_curve_ for m in members], held_out_curves)
    return 0


def print_summary(args, meta, cm):
    """The held-out accuracies (the reader's and the chooser's) and the reader's confusion matrix."""
    print(f"held-out accuracy (the last {args.holdout:.0%} of the digits: writers never trained on), "
          f"temperature {meta['temperature']:.3f}"
          + (" (measured before the refit on every digit):" if args.refit else ":"))
    for name, r in meta["held_out"].items():
        chosen = f"   chooser {meta['chooser']['held_out'][name]['accuracy']:.4f}" if "chooser" in meta else ""
        print(f"  {name:16s} {r['accuracy']:.4f}  (n={r['n']}){chosen}")
    print("confusion matrix on held-out digits (rows true, columns predicted):")
    print("     " + " ".join(f"{j:4d}" for j in range(10)))
    for i, row in enumerate(cm):
        print(f"  {i}: " + " ".join(f"{v:4d}" for v in row))
    print(f"wrote {args.out} in {meta['train_seconds']} s")


def write_report(folder, meta, cm, loss_curves, held_out_curves):
    """report.json, learning_curve.png and confusion.png in ``folder``."""
    from . import report
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(json.dumps(
        dict(meta, confusion=cm.tolist(), loss_curves=loss_curves, held_out_curves=held_out_curves), indent=2))
    report.learning_curve(folder / "learning_curve.png", loss_curves)
    report.confusion(folder / "confusion.png", cm, list(range(10)))
    print(f"wrote the report to {folder}")


if __name__ == "__main__":
    sys.exit(main())
