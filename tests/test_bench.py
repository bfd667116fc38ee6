"""The benchmarks cannot rot: every one of ``bench/run.py`` runs end to end at a tiny scale
(``--smoke``), so an API change that breaks one fails here, not months later."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import BENCHMARKS
from tests.conftest import REPO


@pytest.mark.parametrize("name", sorted(BENCHMARKS))
def test_benchmark_runs_at_a_tiny_scale(name: str, tmp_path: Path) -> None:
    results = REPO / "bench" / "RESULTS.md"
    before = results.read_bytes()
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--smoke",
            "--only",
            name,
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    sections = [line for line in result.stdout.splitlines() if line.startswith("### ")]
    assert sections, result.stdout[-2000:]
    assert results.read_bytes() == before  # a smoke run records nothing
