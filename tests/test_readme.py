"""Docs that run: every example of the README and of the docs pages, and the two setup
commands."""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from tracker import codes
from tracker.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")
# the pages in the order their examples run (later ones use what earlier ones wrote)
PAGES = [
    REPO / "README.md",
    *(
        REPO / "docs" / f"{name}.md"
        for name in (
            "records",
            "workbooks",
            "extract",
            "lists",
            "screening",
            "serve",
            "python",
            "promises",
            "performance",
        )
    ),
]
DOCS = {page: page.read_text(encoding="utf-8") for page in PAGES}


def test_every_docs_page_is_linked_from_the_readme_and_run() -> None:
    pages = sorted((REPO / "docs").glob("*.md"))
    assert sorted(p for p in PAGES if p.parent.name == "docs") == pages
    assert all(f"(docs/{p.name})" in README for p in pages)


def console_examples() -> list[tuple[Path, str, str, int]]:
    """(page, command, expected output, exit code) for every `$ tracker ...` line of a console
    block; the exit code is the one a following `$ echo $?` shows, else 0."""
    examples: list[tuple[Path, str, str, int]] = []
    for page, text in DOCS.items():
        for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
            for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
                command, _, output = chunk.partition("\n")
                if command == "echo $?":
                    _, previous, shown, _ = examples[-1]
                    examples[-1] = (page, previous, shown, int(output))
                else:
                    examples.append((page, command, output, 0))
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
    ("page", "command", "expected", "code"),
    console_examples(),
    ids=[f"{p.name}: {c}" for p, c, *_ in console_examples()],
)
def test_docs_example_output_is_real(
    page: Path,
    command: str,
    expected: str,
    code: int,
    monkeypatch: pytest.MonkeyPatch,
    workdir: Path,
) -> None:
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("TRACKER_DB", raising=False)
    args = shlex.split(command)
    assert args[0] == "tracker"
    result = CliRunner().invoke(main, args[1:])
    if os.environ.get("UPDATE_README") and result.output != expected:
        text = page.read_text(encoding="utf-8")
        page.write_text(
            text.replace(f"$ {command}\n{expected}", f"$ {command}\n{result.output}", 1),
            encoding="utf-8",
        )
        return
    assert result.output == expected
    assert result.exit_code == code


def test_python_session_is_real(monkeypatch: pytest.MonkeyPatch, workdir: Path) -> None:
    """docs/python.md's ``pycon`` block, run by doctest in the examples' folder (after the
    imports of docs/lists.md)."""
    monkeypatch.chdir(workdir)
    python = DOCS[REPO / "docs" / "python.md"]
    (session,) = re.findall(r"```pycon\n(.*?)```", python, flags=re.DOTALL)
    test = doctest.DocTestParser().get_doctest(session, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=lambda text: pytest.fail(text))
    assert runner.failures == 0 and runner.tries > 5


def codes_table() -> str:
    rows = [
        f"| `{c.id}` | {c.family} | {' or '.join(c.severities)} | {c.description} | {c.hint} |"
        for c in codes.CATALOGUE.values()
    ]
    return "\n".join(
        ["| code | family | severity | meaning | default hint |", "|---|---|---|---|---|", *rows]
    )


RECORDS_PAGE = REPO / "docs" / "records.md"


def test_codes_table_comes_from_the_catalogue() -> None:
    start, end = "<!-- codes: generated from tracker/codes.py -->\n", "<!-- end of codes -->"
    shown = DOCS[RECORDS_PAGE].split(start)[1].split(end)[0]
    if os.environ.get("UPDATE_README") and shown != codes_table() + "\n":
        text = RECORDS_PAGE.read_text(encoding="utf-8")
        RECORDS_PAGE.write_text(
            text.replace(start + shown + end, start + codes_table() + "\n" + end), encoding="utf-8"
        )
        return
    assert shown == codes_table() + "\n"


def docs_section(command: str) -> str:
    """The docs' text from the heading of `tracker COMMAND` to the next heading."""
    for text in DOCS.values():
        match = re.search(rf"^##[^\n]*`tracker {command}\b.*?(?=^#|\Z)", text, re.M | re.S)
        if match:
            return match.group(0)
    raise AssertionError(f"no docs section for tracker {command}")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_and_option_is_documented(name: str) -> None:
    command = main.commands[name]
    assert command.help, f"tracker {name} has no help text"
    section = docs_section(name)
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"tracker {name} {param.opts[0]} has no help text"
            assert any(opt in section for opt in param.opts), (
                f"tracker {name} {param.opts[0]} is not in its docs section"
            )


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


def limit_shown(value: int) -> list[str]:
    """The ways docs/promises.md writes a limit: 1,000,000, or 64 MiB, 4 GiB."""
    shown = [f"{value:,}"]
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20)):
        if value >= size and value % size == 0:
            shown.append(f"{value // size} {unit}")
    return shown


def test_every_cap_the_code_enforces_is_in_the_limits_section() -> None:
    """Each limit's value is taken from its constant and must stand on the line of the
    Limits section that names it, so the page cannot drift from the code."""
    from tracker import cli
    from tracker.extract import draft, rules, text
    from tracker.lists.importers import base, ftm, seco
    from tracker.records import convert, package, tables
    from tracker.screening import decisions, queries, run
    from tracker.serve import api, limits, state
    from tracker.xlsx import ooxml

    caps = {
        "parts of the package": package.LIMITS.parts,
        "unpacked size, all parts": package.LIMITS.package_bytes,
        "unpacked size, one part": package.LIMITS.part_bytes,
        "inflation of a part over": package.LIMITS.ratio_from,
        "times its packed size": package.LIMITS.ratio,
        "| sheets |": package.LIMITS.sheets,
        "a sheet's used range": package.LIMITS.cells,
        "inside the grid of": package.GRID_ROWS,
        "columns | what the reader": package.GRID_COLUMNS,
        "shared strings": package.LIMITS.strings_slack,
        "characters a cell,": package.LIMITS.cell_chars,
        "in all |": package.LIMITS.spaces,
        "formula cells without a saved result": package.LIMITS.marked,
        "merged ranges": package.LIMITS.merges,
        "a structural part": ooxml.MAX_PART,
        "a workbook cell's text": convert.MAX_CELL,
        "**CSV files** of a dataset": tables.FIELD_LIMIT,
        "a cell of a list's CSV": base.FIELD_LIMIT,
        "relationships one FtM link entity makes": ftm.LINK_PAIRS,
        "relationships one entry keeps": ftm.MAX_LINKS,
        "one SECO name is spelt in": seco.MAX_SPELLINGS,
        "a query's name": queries.MAX_NAME,
        "a query name's words": queries.MAX_WORDS,
        "a query's aliases": queries.MAX_ALIASES,
        "a query's id": queries.MAX_ID,
        "`screen --limit`": run.MAX_LIMIT,
        "a decision file's query": decisions.MAX_TEXT,
        "| a decision's note |": decisions.MAX_NOTE,
        "a text for `extract`": draft.LONGEST_TEXT,
        "a sentence `extract` reads": text.LONGEST,
        "a number `extract` reads": rules.LONGEST_NUMBER,
        "a `serve` request's body": state.MAX_BODY,
        "a query file uploaded": state.MAX_UPLOAD,
        "queries in one `/match` request": state.MAX_QUERIES,
        "hits `/match` returns": api.MAX_MATCHES,
        "a `/search` page": api.MAX_PAGE,
        "a value given to `serve`": limits.NAME_LIMIT,
        "a decision's note given to `serve`": limits.NOTE_LIMIT,
        "an error line": cli.MAX_MESSAGE,
    }
    page = (REPO / "docs" / "promises.md").read_text(encoding="utf-8")
    section = page.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    wrong = []
    for label, value in caps.items():
        lines = [line for line in section.split("\n\n") if label in line]
        lines = [row for block in lines for row in block.splitlines() if label in row] or lines
        if not any(shown in line for line in lines for shown in limit_shown(value)):
            wrong.append(f"{label}: {limit_shown(value)} not on its line {lines!r}")
    assert not wrong, "\n".join(wrong)
