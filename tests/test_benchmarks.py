"""The benchmark scripts start: nothing else runs them (they are slow, and CI runs only
tests), and one of them had failed at import for a whole session after a function moved."""
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
SCRIPTS = sorted(p for p in BENCHMARKS.glob("*.py") if "__main__" in p.read_text())


def test_every_benchmark_script_is_found():
    assert {p.name for p in SCRIPTS} >= {"bench_crops.py", "bench_cv.py", "bench_fonts.py", "bench_pages.py",
                                         "bench_recognize.py", "bench_writers.py", "generate.py"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_benchmark_script_imports_and_prints_its_usage(script):
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True,
                          cwd=BENCHMARKS.parent, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: ")
