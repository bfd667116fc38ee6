"""Helpers for the hostile-input tests: run a command and keep what it printed, snapshot
folders byte for byte, and run a command as an unprivileged user (root ignores file modes, so
a read-only file is only read-only for someone else)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import main

NOBODY = 65534


@dataclass(frozen=True)
class Run:
    code: int
    output: str

    def failed_cleanly(self, *words: str) -> bool:
        """Exit 2, one 'error:' line naming what is wrong, never a traceback."""
        return (
            self.code == 2
            and "Traceback" not in self.output
            and self.output.startswith("error: ")
            and all(w in self.output for w in words)
        )


def cli(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.output)


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (symlinks as their target)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def unprivileged() -> bool:
    return os.name == "posix" and hasattr(os, "fork")


def as_nobody(*args: str | Path) -> Run:
    """Run a command in a forked child that drops root (the interpreter and the tracker are
    loaded already, so nothing needs to be readable by nobody but the files used)."""
    if not unprivileged():
        pytest.skip("needs POSIX fork")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            result = CliRunner().invoke(main, [str(a) for a in args])
            message = {"code": result.exit_code, "output": result.output}
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                message = {
                    "code": -1,
                    "output": f"{type(result.exception).__name__}: {result.exception}",
                }
            os.write(write, json.dumps(message).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    message = json.loads(data)
    return Run(message["code"], message["output"])


@contextmanager
def shared_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder the unprivileged user can enter (pytest's own are private to root)."""
    folder = Path(tmp_path.anchor) / "tmp" / f"tracker-test-{os.getpid()}-{tmp_path.name}"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder)


def read_only(path: Path) -> None:
    path.chmod(
        stat.S_IRUSR
        | stat.S_IRGRP
        | stat.S_IROTH
        | (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH if path.is_dir() else 0)
    )


def python() -> str:
    return sys.executable
