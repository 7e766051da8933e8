"""Page reading on the project's generated pages, beside Tesseract.

Reads ``benchmarks/data/pages/*.png`` (ground truth in the ``.txt`` beside each, made
by generate.py) through ``ocr-recognize --mode page --format json`` in one call, and
reports the character error rate (edit distance over truth length, spaces ignored),
the share of lines read exactly, and time per page; then the same for
``tesseract --psm 6`` with a digits whitelist when installed.  ``--rescan`` first
damages every page once more (``rescans.RESCANS``, described in rescans.py: scanner
surrounds and skew, JPEG, dithering, folds, holes, dust, thinned ink, show-through,
squared paper, cup rings).

    python benchmarks/bench_pages.py [--data benchmarks/data] [--rescan NAME]
"""
import argparse
import json
import shutil
import subprocess
import os
import tempfile
import time
from pathlib import Path

from generate import HELD_OUT_MODEL
from rescans import RESCANS, rescanned

PAGE_KINDS = ("printed", "handwriting", "pen", "touching", "ruled", "small", "enlarged", "close", "worn")
# One OpenMP thread: on 2 cores Tesseract's default threading is many times slower.
TESS_ENV = dict(os.environ, OMP_THREAD_LIMIT="1")


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def score(truths, texts):
    errors = chars = exact = lines = 0
    for truth, text in zip(truths, texts):
        t_lines = [ln.replace(" ", "") for ln in truth.strip().splitlines()]
        r_lines = [ln.replace(" ", "") for ln in text.strip().splitlines() if ln.strip()]
        errors += edit_distance("\n".join(t_lines), "\n".join(r_lines))
        chars += sum(len(ln) for ln in t_lines)
        exact += sum(ln in r_lines for ln in t_lines)
        lines += len(t_lines)
    return errors / chars, exact / lines


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=Path(__file__).parent / "data")
    p.add_argument("--model", default=str(HELD_OUT_MODEL),
                   help="model file (default: benchmarks/held-out.npz, the shipped recipe without the "
                        "writers these images are drawn from; the shipped model was refit on them)")
    p.add_argument("--no-tesseract", action="store_true", help="leave Tesseract out")
    p.add_argument("--rescan", choices=sorted(RESCANS), help="damage every page once more first")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = sorted((args.data / "pages").glob("*.png"))
        if args.rescan:
            pages = [rescanned(f, Path(tmp), args.rescan) for f in pages]
        report(pages, args)


def report(pages, args):
    model = ["--model", args.model]
    print("| pages | tool | CER | exact lines | time per page |")
    print("|---|---|---|---|---|")
    # "touching" (digits written into each other), "ruled" (lined paper), "small"
    # (8-15 pt print, 3-5 mm handwriting), "enlarged" (8x8 digits resized), "close"
    # (lines nearly touching) and "worn" (1.6 times the scan damage) are stress sets of
    # their own; the summary row covers the other three kinds.
    sets = [(kind, [kind]) for kind in PAGE_KINDS]
    sets.append(("printed+handwriting+pen", ["printed", "handwriting", "pen"]))
    for name, kinds in sets:
        files = [f for f in pages if f.stem.split("_")[-1] in kinds]
        if not files:
            continue
        truths = [f.with_suffix(".txt").read_text() for f in files]
        start = time.time()
        out = subprocess.run(["ocr-recognize", *model, "--mode", "page", "--format", "json", *map(str, files)],
                             capture_output=True, text=True, env=TESS_ENV).stdout
        elapsed = time.time() - start
        texts = [json.loads(line).get("text", "") for line in out.splitlines()]
        cer, exact = score(truths, texts)
        print(f"| {name} ({len(files)}) | ocr | {cer:.2%} | {exact:.0%} | {1000 * elapsed / len(files):.0f} ms |")
        if shutil.which("tesseract") and not args.no_tesseract:
            start, texts = time.time(), []
            for f in files:
                texts.append(subprocess.run(["tesseract", str(f), "stdout", "--psm", "6", "-c",
                                             "tessedit_char_whitelist=0123456789 "],
                                            capture_output=True, text=True, env=TESS_ENV).stdout)
            elapsed = time.time() - start
            cer, exact = score(truths, texts)
            print(f"| {name} ({len(files)}) | tesseract --psm 6 | {cer:.2%} | {exact:.0%} | "
                  f"{1000 * elapsed / len(files):.0f} ms |")


if __name__ == "__main__":
    main()
