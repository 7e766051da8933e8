"""Character recognition on the project's own evaluation images, beside Tesseract.

Reads ``benchmarks/data/chars/<set>/*_<label>.png`` (made by generate.py) through the
installed ``ocr-recognize --mode char --format json`` in one call per set, and the
same in ``--mode auto``; reports accuracy, expected calibration error, accuracy and
coverage at confidence >= 0.9, and images per second.  With Tesseract installed it
runs ``tesseract IMG stdout --psm 10`` with a digits whitelist on every image, and
times one image in a fresh process for both tools, beside Python importing numpy and
Pillow alone (what a start should be about as quick as).  Those processes run with
bytecode caching on, after one untimed run, as an installed package is used:
``PYTHONDONTWRITEBYTECODE`` set (as on some build machines) would have every start
compile the package's modules again (~35 ms here).

    python benchmarks/bench_recognize.py [--data benchmarks/data] [--limit N]
"""
import argparse
import json
import shutil
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from ocr.calibration import expected_calibration_error

from generate import HELD_OUT_MODEL

WHITELIST = ["-c", "tessedit_char_whitelist=0123456789"]

# One OpenMP thread: on 2 cores Tesseract's default threading is many times slower.
TESS_ENV = dict(os.environ, OMP_THREAD_LIMIT="1")
START_ENV = {k: v for k, v in TESS_ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}


def ocr_run(files, mode, model):
    start = time.time()
    p = subprocess.run(["ocr-recognize", "--model", model, "--mode", mode, "--format", "json", *map(str, files)],
                       capture_output=True, text=True)
    elapsed = time.time() - start
    objs = [json.loads(line) for line in p.stdout.splitlines()]
    preds, confs = [], []
    for o in objs:
        chars = [c for ln in o.get("lines", []) for w in ln["words"] for c in w["chars"]]
        preds.append(o.get("text", "").replace("\n", "").replace(" ", ""))
        confs.append(min((c["confidence"] for c in chars), default=0.0))
    return preds, np.array(confs), elapsed


def tesseract_run(files, psm):
    preds, start = [], time.time()
    for f in files:
        p = subprocess.run(["tesseract", str(f), "stdout", "--psm", str(psm), *WHITELIST],
                           capture_output=True, text=True, env=TESS_ENV)
        preds.append("".join(p.stdout.split()))
    return preds, time.time() - start


def row(name, truth, preds, confs, elapsed):
    correct = np.array([p == t for p, t in zip(preds, truth)], dtype=float)
    cells = [name, f"{correct.mean():.3f}"]
    if confs is None:
        cells += ["-", "-", "-"]
    else:
        sure = confs >= 0.9
        cells += [f"{expected_calibration_error(confs, correct):.3f}",
                  f"{correct[sure].mean():.3f}" if sure.any() else "-", f"{sure.mean():.2f}"]
    cells.append(f"{len(truth) / elapsed:.0f}")
    return "| " + " | ".join(cells) + " |"


def single_image_time(cmd, runs=7):
    """Median wall time of ``cmd`` in a fresh process, after one untimed run (caches warm)."""
    times = []
    for _ in range(runs + 1):
        start = time.time()
        subprocess.run(cmd, capture_output=True, env=START_ENV)
        times.append(time.time() - start)
    return float(np.median(times[1:]))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=Path(__file__).parent / "data")
    p.add_argument("--limit", type=int, default=0, help="images per set (0: all)")
    p.add_argument("--model", default=str(HELD_OUT_MODEL),
                   help="model file (default: benchmarks/held-out.npz, the shipped recipe without the "
                        "writers these images are drawn from; the shipped model was refit on them)")
    p.add_argument("--no-tesseract", action="store_true", help="leave Tesseract out")
    args = p.parse_args()
    has_tess = shutil.which("tesseract") is not None and not args.no_tesseract
    print("| set / tool | accuracy | ECE | accuracy at conf >= 0.9 | coverage at conf >= 0.9 | images/s |")
    print("|---|---|---|---|---|---|")
    first = None
    for folder in sorted((args.data / "chars").iterdir()):
        files = sorted(folder.glob("*.png"))[: args.limit or None]
        truth = [f.stem.split("_")[1] for f in files]
        first = first or files[0]
        for mode in ("char", "auto"):
            preds, confs, elapsed = ocr_run(files, mode, args.model)
            print(row(f"{folder.name}: ocr --mode {mode}", truth, preds, confs, elapsed))
        if has_tess:
            preds, elapsed = tesseract_run(files, 10)
            print(row(f"{folder.name}: tesseract --psm 10", truth, preds, None, elapsed))
    # Throughput of one big call: 2000 images.
    every = sorted((args.data / "chars").glob("*/*.png"))
    many = (every * (2000 // len(every) + 1))[:2000]
    _, _, elapsed = ocr_run(many, "char", args.model)
    print(f"\n2000 images in one `ocr-recognize --mode char` call: {elapsed:.2f} s "
          f"({1000 * elapsed / 2000:.2f} ms per image)")
    bare = single_image_time([sys.executable, "-c", "import numpy, PIL.Image"])
    ours = single_image_time(["ocr-recognize", "--model", args.model, "--mode", "char", str(first)])
    auto = single_image_time(["ocr-recognize", "--model", args.model, str(first)])
    print(f"one image, fresh process: python importing numpy and Pillow {bare * 1000:.0f} ms; "
          f"ocr-recognize --mode char {ours * 1000:.0f} ms, --mode auto {auto * 1000:.0f} ms", end="")
    if has_tess:
        theirs = single_image_time(["tesseract", str(first), "stdout", "--psm", "10", *WHITELIST])
        print(f", tesseract {theirs * 1000:.0f} ms (ratio {ours / theirs:.2f})")
    else:
        print(" (tesseract not installed)")


if __name__ == "__main__":
    main()
