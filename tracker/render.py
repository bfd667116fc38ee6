"""Problems as text (compiler style), JSON (stable keys) or CSV: the one place that formats them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Any

from tracker.problems import Problem, Problems, Severity

FORMATS = ("text", "json", "csv")
CSV_COLUMNS = ("severity", "code", "file", "row", "field", "value", "message", "hint", "related")


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "severity": str(problem.severity),
        "code": problem.code,
        "file": problem.file,
        "row": problem.row,
        "field": problem.field,
        "value": problem.value,
        "message": problem.message,
        "hint": problem.hint,
        "related": [{"file": r.file, "row": r.row, "field": r.field} for r in problem.related],
    }


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def text_line(problem: Problem, prefix: str) -> str:
    place = f"{prefix}{problem.file}" + ("" if problem.row is None else f":{problem.row}")
    field = f" {problem.field}:" if problem.field else ""
    tag = problem.code if problem.severity is Severity.error else f"{problem.code}, warning"
    line = f"{place}:{field} {problem.message} ({tag})"
    for other in problem.related:
        line += f"\n    see {prefix}{other}"
    if problem.hint:
        line += f"\n    hint: {problem.hint}"
    return line


def render(
    problems: Problems,
    fmt: str,
    summary: Mapping[str, Any],
    summary_line: str,
    prefix: str = "",
    group_by_rule: bool = False,
) -> str:
    """The whole output of a command that reports problems."""
    ordered = problems.sorted()
    if fmt == "json":
        document = {"summary": dict(summary), "problems": [problem_dict(p) for p in ordered]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return render_csv(ordered)
    return render_text(ordered, problems, summary_line, prefix, group_by_rule)


def render_csv(ordered: Sequence[Problem]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in ordered:
        related = "; ".join(str(r) for r in p.related)
        writer.writerow(
            [
                p.severity,
                p.code,
                p.file,
                p.row or "",
                p.field or "",
                p.value or "",
                p.message,
                p.hint,
                related,
            ]
        )
    return buffer.getvalue()


def render_text(
    ordered: Sequence[Problem], problems: Problems, summary_line: str, prefix: str, grouped: bool
) -> str:
    lines: list[str] = []
    if grouped:
        by_rule = sorted(ordered, key=lambda p: p.code)
        for code, group in groupby(by_rule, key=lambda p: p.code):
            items = list(group)
            errors = sum(p.severity is Severity.error for p in items)
            lines.append(
                f"{code}: {plural(errors, 'error')}, {plural(len(items) - errors, 'warning')}"
            )
            lines.extend("  " + text_line(p, prefix).replace("\n", "\n  ") for p in items)
    else:
        lines.extend(text_line(p, prefix) for p in ordered)
    if problems.truncated:
        lines.append(
            f"... {problems.dropped_errors + problems.dropped_warnings:,} more problems "
            f"not shown (limit {problems.limit:,} reached)"
        )
    lines.append(summary_line)
    return "\n".join(lines) + "\n"
