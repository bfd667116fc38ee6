"""Helpers for the hostile-input tests: run a command and keep what it printed, snapshot
folders byte for byte, and run a command as an unprivileged user (root ignores file modes, so
a read-only file is only read-only for someone else)."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import stat
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
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


INTERNAL = "internal error"  # the catch-all's line: a bug of ours, never an answer to input


def cli(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    """Run a command in-process; any run that ends in the catch-all's internal-error line
    fails the test that made it (every hostile input must get its own message)."""
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert INTERNAL not in result.output, f"{' '.join(map(str, args))}: {result.output}"
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
    # what the standard library imports on first use, loaded while still root
    time.strptime("2024", "%Y")
    "".encode("utf-8-sig")
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
    assert INTERNAL not in message["output"], f"{' '.join(map(str, args))}: {message['output']}"
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


# --- hostile workbooks -------------------------------------------------------------------------


def rewrite_book(
    book: Path,
    out: Path,
    changes: dict[str, Callable[[bytes], bytes]] | None = None,
    added: dict[str, bytes] | None = None,
) -> Path:
    """A copy of a workbook package with some parts changed (``part -> change(bytes)``) or
    added, each deflated."""
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            change = (changes or {}).get(info.filename)
            target.writestr(
                info.filename,
                change(data) if change else data,
                compress_type=zipfile.ZIP_DEFLATED,
            )
        for name, data in (added or {}).items():
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out


def sheet_part(book: Path, name: str) -> str:
    """The part of the package that holds a sheet."""
    with zipfile.ZipFile(book) as package:
        workbook = package.read("xl/workbook.xml").decode()
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet name="{re.escape(name)}" [^>]*r:id="(rId\d+)"', workbook)
    assert rid is not None, name
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target is not None
    return "xl/" + target.group(1).removeprefix("/xl/")


def add_rows(rows: str) -> Callable[[bytes], bytes]:
    """A change that appends rows (sheet XML) at the end of a sheet's data."""
    return lambda data: data.replace(b"</sheetData>", rows.encode() + b"</sheetData>", 1)


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
    'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def ods_row(*cells: str, repeated: int = 1) -> str:
    """An .ods row of text cells (each cell's XML given raw when it starts with '<')."""
    body = "".join(
        c
        if c.startswith("<")
        else f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
        for c in cells
    )
    repeat = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    return f"<table:table-row{repeat}>{body}</table:table-row>"


def write_ods(path: Path, tables: dict[str, str]) -> Path:
    """A minimal .ods package: each table's rows as XML."""
    body = "".join(f'<table:table table:name="{n}">{r}</table:table>' for n, r in tables.items())
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} '
        'office:version="1.3"><office:body><office:spreadsheet>'
        f"{body}</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        package.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def dataset_ods(path: Path, folder: Path, extra: dict[str, str] | None = None) -> Path:
    """A dataset folder as an .ods (each CSV a table of text cells, its sources/ copied beside
    it), with ``extra`` rows (XML) appended to some tables."""
    if (folder / "sources").is_dir() and not (path.parent / "sources").exists():
        shutil.copytree(folder / "sources", path.parent / "sources")
    tables = {}
    for csv_path in sorted(folder.glob("*.csv")):
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [r for r in csv.reader(handle) if r]
        name = csv_path.stem
        tables[name] = "".join(ods_row(*(xml_text(c) for c in r)) for r in rows) + (
            extra or {}
        ).get(name, "")
    return write_ods(path, tables)


def xml_text(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped if escaped else "<table:table-cell/>"


def growth(run: Callable[[int], object], small: int, factor: int = 10) -> float:
    """How many times longer ``run(small * factor)`` takes than ``run(small)`` (CPU time, best
    of two each, in the same process): about ``factor`` for linear work, ``factor`` squared
    for quadratic. A ratio, never an absolute time: the machine may be slow or busy."""

    def best(size: int) -> float:
        times = []
        for _ in range(2):
            start = time.process_time()
            run(size)
            times.append(time.process_time() - start)
        return max(min(times), 1e-3)

    best(small)  # warm up
    return best(small * factor) / best(small)
