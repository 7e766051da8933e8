"""End to end through the installed ``ocr-recognize`` command."""
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import render

EXE = shutil.which("ocr-recognize")
CMD = [EXE] if EXE else [sys.executable, "-m", "ocr.cli"]


def run(*args, stdin=None):
    p = subprocess.run(CMD + [str(a) for a in args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def test_reads_the_sample_page_as_text():
    code, out, err = run("samples/page.png")
    assert code == 0, err
    assert out == open("samples/page.txt").read()


def test_json_lines_in_input_order_with_errors_reported(tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_text("not an image")
    code, out, err = run("--format", "json", "--mode", "char", "samples/printed-7.png", bad,
                         tmp_path / "missing.png", "samples/handwritten-4.png")
    assert code == 1
    objs = [json.loads(line) for line in out.splitlines()]
    assert [o["file"] for o in objs] == ["samples/printed-7.png", str(bad), str(tmp_path / "missing.png"),
                                         "samples/handwritten-4.png"]
    assert objs[0]["text"] == "7" and objs[3]["text"] == "4"
    assert "error" in objs[1] and "error" in objs[2]
    lines = err.strip().splitlines()
    assert len(lines) == 2 and str(bad) in lines[0] and "missing.png" in lines[1]
    assert "Traceback" not in err


def test_a_multi_page_tiff_reads_as_numbered_pages(tmp_path):
    tiff = tmp_path / "feed.tif"
    pages = [Image.open(f"samples/{name}").convert("L") for name in ("printed-7.png", "handwritten-4.png")]
    pages[0].save(tiff, save_all=True, append_images=pages[1:])
    code, out, err = run("--format", "json", tiff, "samples/printed-7.png")
    assert code == 0, err
    objs = [json.loads(line) for line in out.splitlines()]
    assert [(o["file"], o.get("page"), o["text"]) for o in objs] == [
        (str(tiff), 1, "7"), (str(tiff), 2, "4"), ("samples/printed-7.png", None, "7")]
    code, out, _ = run(tiff, stdin=None)
    assert out == f"==> {tiff} (page 1) <==\n7\n==> {tiff} (page 2) <==\n4\n"
    code, out, _ = run("-", stdin=tiff.read_bytes())
    assert out == "==> - (page 1) <==\n7\n==> - (page 2) <==\n4\n"


def test_a_tiff_of_more_pages_than_a_batch_is_read_and_drawn_page_by_page(tmp_path):
    # --annotate keeps 16 pages in memory at a time, however many files they come from.
    tiff = tmp_path / "long.tif"
    seven = Image.open("samples/printed-7.png").convert("L")
    seven.save(tiff, save_all=True, append_images=[seven] * 17)
    code, out, err = run("--format", "json", "--annotate", tmp_path / "out.png", tiff)
    assert code == 0, err
    assert [(json.loads(line)["page"], json.loads(line)["text"]) for line in out.splitlines()] == \
        [(k, "7") for k in range(1, 19)]
    assert sorted(p.name for p in tmp_path.glob("out-*.png")) == sorted(f"out-{k}.png" for k in range(1, 19))


def test_tsv_columns_and_stdin():
    data = open("samples/printed-7.png", "rb").read()
    code, out, _ = run("--format", "tsv", "-", stdin=data)
    rows = [r.split("\t") for r in out.splitlines()]
    assert code == 0
    assert rows[0] == ["level", "line", "word", "char", "left", "top", "width", "height", "conf", "text"]
    assert rows[-1][0] == "char" and rows[-1][-1] == "7" and 0 <= float(rows[-1][8]) <= 100


def test_version_names_the_package_and_its_libraries():
    code, out, err = run("--version")
    assert code == 0 and err == ""
    assert out.startswith("ocr-recognize 0.") and "numpy " in out and "Pillow " in out


def test_min_confidence_marks_unsure_characters():
    code, out, _ = run("--min-confidence", "1.0", "samples/printed-7.png")
    assert code == 0 and out.strip() == "?"


def test_several_inputs_get_headers_and_annotation(tmp_path):
    code, out, _ = run("samples/printed-7.png", "samples/inverted-3.png", "--annotate", tmp_path / "a.png")
    assert code == 0
    assert out == "==> samples/printed-7.png <==\n7\n==> samples/inverted-3.png <==\n3\n"
    assert Image.open(tmp_path / "a-1.png").size == Image.open("samples/printed-7.png").size
    assert (tmp_path / "a-2.png").exists()
    code, out, err = run("samples/printed-7.png", "--annotate", tmp_path / "no" / "such" / "dir.png")
    assert code == 1 and out == "7\n" and "cannot write annotation" in err and "Traceback" not in err


@pytest.mark.parametrize("args", [[], ["--mode", "word", "x.png"], ["--min-confidence", "2", "x.png"],
                                  ["--top-k", "0", "x.png"], ["-", "-"]])
def test_usage_errors_exit_2(args):
    code, _, err = run(*args)
    assert code == 2 and "usage" in err and "Traceback" not in err


def test_model_problems_exit_3(tmp_path):
    (tmp_path / "bad.npz").write_bytes(b"PK\x03\x04broken")
    for model in (tmp_path / "none.npz", tmp_path / "bad.npz", tmp_path):
        code, out, err = run("--model", model, "samples/printed-7.png")
        assert code == 3 and out == "" and str(model) in err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def mutations(data, rng, n):
    """Bit flips, truncations and splices of a valid file."""
    out = []
    for k in range(n):
        b = bytearray(data)
        kind = k % 3
        if kind == 0:
            for pos in rng.integers(0, len(b), size=int(rng.integers(1, 20))):
                b[pos] ^= 1 << int(rng.integers(0, 8))
        elif kind == 1:
            b = b[: int(rng.integers(0, len(b)))]
        else:
            a, c = sorted(rng.integers(0, len(b), size=2))
            b = b[:a] + bytes(rng.integers(0, 256, size=int(rng.integers(1, 64)), dtype=np.uint8)) + b[c:]
        out.append(bytes(b))
    return out


def test_fuzzed_files_of_six_formats_never_crash(tmp_path):
    rng = np.random.default_rng(0)
    base = render("2", 40).convert("RGB")
    paths = []
    for fmt in ("PNG", "JPEG", "TIFF", "GIF", "BMP", "WEBP"):
        buf = io.BytesIO()
        base.save(buf, format=fmt)
        for i, data in enumerate(mutations(buf.getvalue(), rng, 12)):
            path = tmp_path / f"{fmt.lower()}-{i}.{fmt.lower()}"
            path.write_bytes(data)
            paths.append(path)
    crafted = {"empty.png": b"", "text.png": b"hello", "zeros.jpg": bytes(1000),
               "header-only.png": b"\x89PNG\r\n\x1a\n", "ünïcode name.png": open("samples/printed-7.png", "rb").read()}
    for name, data in crafted.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    os.mkdir(tmp_path / "a-directory")
    paths.append(tmp_path / "a-directory")
    code, out, err = run("--format", "json", *paths)
    assert code in (0, 1) and "Traceback" not in err
    objs = [json.loads(line) for line in out.splitlines()]
    assert [o["file"] for o in objs] == [str(p) for p in paths]      # every input reported, in order
    failed = [o for o in objs if "error" in o]
    assert (code == 1) == bool(failed)
    assert len([ln for ln in err.splitlines() if "note:" not in ln]) == len(failed)
    assert objs[-2]["text"] == "7"                                     # the unicode-named valid file
    errors = {Path(o["file"]).name: o["error"] for o in failed}
    assert errors["empty.png"] == "empty file (0 bytes)" and errors["text.png"] == "not a recognized image format"


def test_decompression_bomb_and_odd_shapes(tmp_path):
    Image.new("1", (20000, 20000)).save(tmp_path / "bomb.png")
    Image.new("L", (5000, 3), 255).save(tmp_path / "strip.png")
    Image.new("L", (1, 1), 0).save(tmp_path / "dot.png")
    code, out, err = run("--format", "json", tmp_path / "bomb.png", tmp_path / "strip.png", tmp_path / "dot.png")
    objs = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "decompression-bomb limit" in objs[0]["error"]
    assert objs[1]["text"] == "" and objs[2]["text"] == ""


def test_a_big_batch_keeps_order_and_errors_with_worker_processes(tmp_path):
    # Enough inputs that the command prepares them in worker processes (on 2+ cores).
    good = ["samples/printed-7.png", "samples/handwritten-4.png", "samples/inverted-3.png"]
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    names = [good[i % 3] for i in range(60)]
    names[17] = str(bad)
    names[42] = str(tmp_path / "missing.png")
    code, out, err = run("--format", "json", "--mode", "char", *names)
    assert code == 1 and "Traceback" not in err
    objs = [json.loads(line) for line in out.splitlines()]
    assert [o["file"] for o in objs] == names
    texts = [o.get("text") for o in objs]
    assert texts[17] is None and texts[42] is None and "error" in objs[17] and "error" in objs[42]
    assert [t for i, t in enumerate(texts) if i not in (17, 42)] == \
        [("7", "4", "3")[i % 3] for i in range(60) if i not in (17, 42)]
    assert len(err.strip().splitlines()) == 2


def test_unicode_file_names_are_read_and_reported(tmp_path):
    name = tmp_path / "ünïcödé сім 7.png"
    shutil.copy("samples/printed-7.png", name)
    code, out, err = run("--format", "json", name, tmp_path / "нет.png")
    objs = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and objs[0]["file"] == str(name) and objs[0]["text"] == "7"
    assert "нет.png" in err and "error" in objs[1]
