"""Sanctions and export-control tracker: validated, quoted, cross-checked records, official
lists with their history, and Excel reports. The library behind the ``tracker`` command:

    import tracker
    ds = tracker.load("data")
    result = tracker.check(ds, as_of="2024-06-24")
    result.summary()                  # what `tracker check --format json` prints as summary
    result.problems.to_frame()        # findings as a pandas DataFrame
    ds.frames()["actions"]            # each table as a typed DataFrame
    tracker.Store("lists.db").frame(1)  # a snapshot of an official list
    tracker.screen("customers.xlsx", "lists.db", as_of="2026-11-26")  # `tracker screen`
"""

from tracker.api import (
    CheckResult,
    ReportResult,
    build_report,
    check,
    import_files,
    load,
    validate,
)
from tracker.errors import InputError, ListFormatError, OutputError, StoreError
from tracker.lists.diff import Diff, diff, lists_overview
from tracker.lists.store import Snapshot, Store
from tracker.problems import Problem, Problems, Severity
from tracker.records.load import Dataset
from tracker.report import ReportOptions, write_report
from tracker.report.diff_book import write_diff_workbook
from tracker.screening.results import Screening
from tracker.screening.run import screen

__all__ = [
    "CheckResult",
    "Dataset",
    "Diff",
    "InputError",
    "ListFormatError",
    "OutputError",
    "Problem",
    "Problems",
    "ReportOptions",
    "ReportResult",
    "Screening",
    "Severity",
    "Snapshot",
    "Store",
    "StoreError",
    "build_report",
    "check",
    "diff",
    "import_files",
    "lists_overview",
    "load",
    "screen",
    "validate",
    "write_diff_workbook",
    "write_report",
]
