"""Printed digits in a font family the network never saw: leave-one-family-out.

Users print in Arial, Times, Courier, Calibri...; we may train only on DejaVu and
Pillow's built-in font, so the shipped model's score on its own fonts says little
about theirs.  This benchmark holds out each allowed family in turn (DejaVu Sans,
DejaVu Sans Mono, DejaVu Serif, Pillow's font), trains the recipe on the others
exactly as ``ocr-train`` does (same writers held out, same temperature fit; the
held-out family unseen), and reads damaged renders of the held-out family's digits
(made like ``generate.py``'s printed characters, and the same redrawn with an even
pen: the nearest we may come to a handwriting font) through the character pipeline.
The shipped model, which trained on every family, reads the same images for
comparison.  A second table reads whole printed pages (``generate.py``'s, in the
held-out family) with the fold's model, as a page in an unknown font would be read (its
reader and a one-hot chooser trained the same way).  Slow: two full recipe fits per
family (one with ``--pages 0``).

    python benchmarks/bench_fonts.py [--only Serif ...] [--n 1000] [--pages 4] [--seed 0]
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

from ocr import model_file, scans, synth
from ocr.calibration import expected_calibration_error, softmax_t
from ocr.recognizer import Recognizer
from ocr.train import held_out_sets, held_out_writers, recipe, temperature

sys.path.insert(0, str(Path(__file__).parent))
from bench_pages import score  # noqa: E402
from generate import held_out_digits, page_image  # noqa: E402


def families():
    """{family name: [font paths]} of the allowed fonts (None: Pillow's built-in)."""
    out = {}
    for path in synth.dejavu_fonts():
        name = Path(path).stem.split("-")[0].replace("Condensed", "").replace("DejaVu", "")
        out.setdefault(name, []).append(path)
    out["Pillow"] = [None]
    return out


def renders(fonts, n, rng, pen=False):
    """(vectors (n, 64), labels (n,)) of damaged printed digits, as generate.py makes them;
    with ``pen`` redrawn with an even pen and a wobble, as a handwriting font would be."""
    vectors, labels = np.zeros((n, 64)), rng.integers(0, 10, n)
    for i, label in enumerate(labels):
        font = fonts[int(rng.integers(0, len(fonts)))]
        ink = synth.font_ink(str(label), font, 64)
        if pen:
            ink = synth.wobble(np.pad(synth.stroked(ink, rng), 4), rng, 0.05)
        ink = scans.warp(ink, rng, rotation=4, shear=0.15, aspect=0.1, stroke=0.0 if pen else 0.2)
        vectors[i] = scans.read_vector(scans.scan(ink, rng))
    return vectors, labels


def scores(probs, labels):
    conf, pred = probs.max(1), probs.argmax(1)
    sure = conf >= 0.9
    return {"acc": np.mean(pred == labels), "ece": expected_calibration_error(conf, pred == labels),
            "acc90": np.mean(pred[sure] == labels[sure]) if sure.any() else float("nan"),
            "cov90": np.mean(sure)}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", nargs="*", help="hold out only these families (Sans, SansMono, Serif, Pillow)")
    p.add_argument("--n", type=int, default=1000, help="test renders per held-out family")
    p.add_argument("--pages", type=int, default=4, help="printed pages per held-out family")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    fams = families()
    X, y = load_digits(return_X_y=True)
    held = held_out_writers(len(y))
    shipped = Recognizer()
    page_rows = []
    print("| held-out family | drawn | faces | accuracy | ECE | acc at >= 0.9 | coverage at >= 0.9 "
          "| shipped model (saw it) | fit time |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.only or [f for f in fams if f != "MathTeXGyre"]:
        train_fonts = [f for other, fonts in fams.items() if other != name for f in fonts]
        start = time.time()
        est = recipe(args.seed, fonts=train_fonts)
        est.fit(X[~held], y[~held])
        fit_seconds = time.time() - start
        sets = held_out_sets(X[held], y[held], args.seed, train_fonts)
        t = temperature(est, sets)
        for pen in (False, True):
            Xt, yt = renders(fams[name], args.n, np.random.default_rng(args.seed + 1), pen)
            s = scores(softmax_t(est.decision_function(Xt), t), yt)
            ref = scores(shipped.classify(Xt), yt)
            print(f"| {name} | {'pen' if pen else 'font'} | {len(fams[name])} | {s['acc']:.3f} | {s['ece']:.3f} "
                  f"| {s['acc90']:.3f} | {s['cov90']:.2f} | {ref['acc']:.3f} | {fit_seconds:.0f} s |", flush=True)
        if args.pages:  # pages are read as ocr-train's models read them: with a one-hot chooser
            chooser = recipe(args.seed, fonts=train_fonts, label_smoothing=0).fit(X[~held], y[~held])
            meta = {"temperature": t, "chooser": {"temperature": temperature(chooser, sets)}}
            with tempfile.TemporaryDirectory() as tmp:
                model_file.save(Path(tmp) / "fold.npz", est, meta, chooser)
                page_rows.append(read_pages(name, fams[name], args, Recognizer(Path(tmp) / "fold.npz"), shipped))
    if args.pages:
        print("\n| held-out family | printed pages | CER | exact lines | shipped model (saw it): CER | exact lines |")
        print("|---|---|---|---|---|---|")
        print("\n".join(page_rows))


def read_pages(name, fonts, args, fold, shipped):
    """A table row: the fold's model and the shipped one reading printed pages in ``fonts``."""
    rng, (X, y) = np.random.default_rng(args.seed + 2), held_out_digits()
    pages = [page_image("printed", rng, X, y, fonts) for _ in range(args.pages)]
    truths = [text for _, text in pages]
    cells = []
    for rec in (fold, shipped):
        cer, exact = score(truths, [page.text for page in rec.read_many([img for img, _ in pages], mode="page")])
        cells += [f"{cer:.2%}", f"{exact:.0%}"]
    return f"| {name} | {args.pages} | " + " | ".join(cells) + " |"


if __name__ == "__main__":
    main()
