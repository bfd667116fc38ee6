"""The tracker as a library: each command is one call here, and the CLI only parses options,
calls these, prints and picks the exit code.

    import tracker
    ds = tracker.load("data")
    result = tracker.check(ds, as_of="2024-06-24")
    result.problems.to_frame(), ds.frames()["actions"], result.summary()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.checks import RULES, run_checks
from tracker.context import Context
from tracker.errors import InputError
from tracker.lists import ingest
from tracker.lists.diff import lists_overview
from tracker.lists.ingest import ImportResult, Progress
from tracker.lists.store import Store
from tracker.outputs import check_output
from tracker.problems import Problems
from tracker.records.load import Dataset, load_dataset
from tracker.records.workbook import SUFFIXES, load_workbook
from tracker.render import counts_line, plural
from tracker.report import MAX_AGE, ReportOptions, write_report
from tracker.screening.index import build_index
from tracker.screening.lookup import find_on_list
from tracker.values import as_date
from tracker.xlsx.writer import EXCEL_MAX_ROWS


def load(path: str | Path) -> Dataset:
    """Load a dataset: a folder of CSV files and their source texts, or a workbook (.xlsx,
    .ods); bad content becomes Problems, only an unusable path raises InputError."""
    path = Path(path)
    if path.suffix.lower() in SUFFIXES and not path.is_dir():
        return load_workbook(path)
    return load_dataset(path)


@dataclass
class CheckResult:
    """What `validate` or `check` found in a dataset."""

    dataset: Dataset
    problems: Problems
    as_of: dt.date | None = None  # None: validation only, no rules ran
    rules: tuple[str, ...] = field(default_factory=tuple)

    @property
    def checked(self) -> bool:
        return self.as_of is not None

    def summary(self) -> dict[str, Any]:
        """The summary that `--format json` prints."""
        result: dict[str, Any] = {
            "errors": self.problems.errors,
            "warnings": self.problems.warnings,
            "files": len(self.dataset.tables),
            "records": self.dataset.record_count,
            "truncated": self.problems.truncated,
            "not_listed": self.problems.not_listed_by_code(),
        }
        if self.as_of is not None:
            result |= {
                "rules": list(self.rules),
                "as_of": self.as_of.isoformat(),
                "rows_not_checked": self.dataset.rows_not_loaded,
            }
        return result

    def line(self) -> str:
        """The one summary line the commands print last."""
        if self.as_of is None:
            return (
                f"{counts_line(self.problems)} in {plural(len(self.dataset.tables), 'file')} "
                f"({plural(self.dataset.record_count, 'record')})"
            )
        line = (
            f"{plural(len(self.rules), 'rule')} run: {counts_line(self.problems)} "
            f"(as of {self.as_of})"
        )
        if self.dataset.rows_not_loaded:
            line += (
                f"; {plural(self.dataset.rows_not_loaded, 'row')} failed validation and could "
                "not be checked"
            )
        return line

    def exit_code(self, strict: bool = False) -> int:
        """0 no errors (warnings allowed unless strict), 1 errors."""
        return 1 if self.problems.errors or (strict and self.problems.warnings) else 0


def validate(dataset: Dataset) -> CheckResult:
    """The problems found loading the dataset: types, identifiers, references."""
    return CheckResult(dataset, dataset.problems.copy())


def check(
    dataset: Dataset,
    as_of: str | dt.date,
    rules: Iterable[str] = (),
    store: str | Path | None = None,
) -> CheckResult:
    """Validation problems plus the findings of the reconciliation rules (all when ``rules``
    is empty); ``store``: a store of official lists for the rules that compare with them."""
    chosen = tuple(rules) or tuple(RULES)
    unknown = [r for r in chosen if r not in RULES]
    if unknown:
        raise InputError(f"unknown rule {unknown[0]!r}; `tracker rules` lists them")
    context = Context(
        as_of=as_date(as_of),
        store=Path(store) if store is not None else None,
        find_on_list=find_on_list,
    )
    return CheckResult(dataset, run_checks(dataset, context, chosen), context.as_of, chosen)


@dataclass
class ReportResult(CheckResult):
    """What `tracker report` did: the check it ran, and the workbook it wrote."""

    output: Path = Path()
    sheets: list[str] = field(default_factory=list)

    def written(self) -> str:
        return (
            f"wrote {self.output}: {plural(len(self.sheets), 'sheet')} ({', '.join(self.sheets)})"
        )


def build_report(
    data: str | Path,
    output: str | Path,
    as_of: str | dt.date,
    store: str | Path | None = None,
    paper: str = "a4",
    marking: str | None = None,
    max_age: int = MAX_AGE,
    rows_per_sheet: int = EXCEL_MAX_ROWS - 1,
) -> ReportResult:
    """Load and check ``data``, then write the report workbook (even when the data has
    findings: they fill its Checks sheet); with a store, its Lists sheets too (a list older
    than ``max_age`` days on ``as_of`` flagged). ``rows_per_sheet`` below Excel's limit makes
    long tables continue on numbered sheets sooner (the tests' small tables)."""
    data, output = Path(data), Path(output)
    check_output(output, (".xlsx",), [data, *([Path(store)] if store else [])], "report")
    checked = check(load(data), as_of, (), store)
    overview = None
    if store is not None:
        with Store(Path(store)) as opened:
            overview = lists_overview(opened)
    assert checked.as_of is not None
    options = ReportOptions(
        checked.as_of, paper, marking, overview, rows_per_sheet=rows_per_sheet, max_age=max_age
    )
    names = write_report(checked.dataset, checked.problems, options, output)
    return ReportResult(
        checked.dataset, checked.problems, checked.as_of, checked.rules, output, names
    )


def import_files(
    store: Store,
    source: str,
    paths: Iterable[str | Path],
    as_of: str | dt.date,
    progress: Progress = lambda batches: batches,
    workers: int | None = None,
    index: bool = True,
) -> ImportResult:
    """What `tracker import` does: the files as a new snapshot of ``source`` (the same files
    again add nothing), then the new snapshot's screening index unless ``index`` is False."""
    day = as_date(as_of).isoformat()
    result = ingest.import_files(store, source, [Path(p) for p in paths], day, progress, workers)
    if result.new and index:
        build_index(store, result.snapshot)
    return result
