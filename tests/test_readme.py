"""Docs that run: every README example, and the two setup commands."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from tracker.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[str, str]]:
    """(command, expected output) for every `$ tracker ...` line of a console block."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


def setup_commands() -> list[str]:
    (block,) = re.findall(r"## Two commands.*?```sh\n(.*?)```", README, flags=re.DOTALL)
    return [line.split("#")[0].strip() for line in block.strip().splitlines()]


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    assert setup_commands() == ["make report", "make test"]
    ci = [
        line
        for line in (REPO / ".ci" / "run").read_text().splitlines()
        if line and not line.startswith(("#", "set ", "cd "))
    ]
    assert ci == ["make test"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One scratch folder for all examples, in README order (later ones use what earlier ones
    wrote, such as the store), that sees the repository's data and fixtures."""
    folder = tmp_path_factory.mktemp("readme")
    for name in ("data", "tests"):
        (folder / name).symlink_to(REPO / name)
    return folder


@pytest.mark.parametrize(
    ("command", "expected"), console_examples(), ids=[c for c, _ in console_examples()]
)
def test_readme_example_output_is_real(
    command: str, expected: str, monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("TRACKER_DB", raising=False)
    args = shlex.split(command)
    assert args[0] == "tracker"
    result = CliRunner().invoke(main, args[1:])
    if os.environ.get("UPDATE_README") and result.output != expected:
        text = (REPO / "README.md").read_text(encoding="utf-8")
        (REPO / "README.md").write_text(
            text.replace(f"$ {command}\n{expected}", f"$ {command}\n{result.output}", 1),
            encoding="utf-8",
        )
        return
    assert result.output == expected


def test_make_report_runs_the_main_job_on_the_bundled_data(tmp_path: Path) -> None:
    """`make report` with this test run's environment as its venv (already installed)."""
    venv = Path(sys.prefix)
    out = tmp_path / "report.xlsx"
    env = {**os.environ, "MAKEFLAGS": ""}
    result = subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(REPO),
            "report",
            f"VENV={venv}",
            f"OUT={out}",
            "-o",
            f"{venv}/.installed",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (block,) = re.findall(r"it ends with:\n\n```text\n(.*?)```", README, flags=re.DOTALL)
    last = block.strip().splitlines()
    assert result.stdout.strip().splitlines()[-2:] == [
        last[0],
        last[1].replace("tracker-report.xlsx", str(out)),
    ]
    assert out.exists()
