"""Problems as text (compiler style), JSON (stable keys) or CSV, and the escaping every output
shares (``tracker/lists/render.py`` formats snapshots and diffs with it).

Text for a terminal never carries a value raw: control characters (ESC sequences, CR, a newline
inside a name) and bidirectional overrides are shown escaped (``\\x1b``, ``\\n``), so a name in a
list file cannot clear the screen or print a line of its own. CSV is made safe to open in a
spreadsheet (OWASP "CSV injection"): a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return, and is not a plain number, gets a leading ``'``. JSON stays exact.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from typing import Any

from tracker.problems import Problem, Problems, Severity

FORMATS = ("text", "json", "csv")
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(value: object) -> str:
    """The value as text that is safe to print to a terminal."""
    text = str(value)
    if not UNPRINTABLE.search(text):
        return text
    return UNPRINTABLE.sub(lambda m: NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


# what a terminal would act on (a CSV or JSON line shown raw): controls but newline and tab,
# and bidirectional overrides; written as JSON writes them, so JSON stays JSON
TERMINAL_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def terminal_safe(text: str) -> str:
    """Output for a terminal (any format): nothing it shows can move the cursor, clear the
    screen or turn text around; newlines and tabs stay."""
    if not TERMINAL_UNSAFE.search(text):
        return text
    return TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class TerminalStream(io.TextIOBase):
    """A text stream to a terminal that writes everything ``terminal_safe``."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def for_terminal(stream: Any) -> Any:
    """``stream`` itself, or a ``TerminalStream`` over it when it is a terminal."""
    isatty = getattr(stream, "isatty", None)
    return TerminalStream(stream) if isatty is not None and isatty() else stream


FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue()


def write_csv(
    stream: io.TextIOBase | Any, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else spreadsheet_safe(v) for v in row])


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def counts_line(problems: Problems) -> str:
    return f"{plural(problems.errors, 'error')}, {plural(problems.warnings, 'warning')}"


# --- problems ------------------------------------------------------------------------------------


def text_line(problem: Problem, prefix: str) -> str:
    place = printable(f"{prefix}{problem.location.place}")
    if problem.row is None and problem.cell is None and problem.record:
        place += f": entry {printable(problem.record)}"
    field = f" {printable(problem.field)}:" if problem.field else ""
    tag = problem.code if problem.severity is Severity.error else f"{problem.code}, warning"
    line = f"{place}:{field} {printable(problem.message)} ({tag})"
    for other in problem.related:
        line += f"\n    see {printable(prefix)}{printable(other)}"
    if problem.hint:
        line += f"\n    hint: {printable(problem.hint)}"
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
        document = {"summary": dict(summary), "problems": [p.as_dict() for p in ordered]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return csv_text(Problem.COLUMNS, (problem_row(p) for p in ordered))
    return render_text(ordered, problems, summary_line, prefix, group_by_rule)


def problem_row(problem: Problem) -> list[object]:
    values = problem.as_dict()
    values["related"] = "; ".join(values["related"])
    return [values[c] for c in Problem.COLUMNS]


def render_text(
    ordered: Sequence[Problem], problems: Problems, summary_line: str, prefix: str, grouped: bool
) -> str:
    lines: list[str] = []
    not_listed = problems.not_listed_by_code()
    if grouped:
        for code, group in groupby(sorted(ordered, key=lambda p: p.code), key=lambda p: p.code):
            items = list(group)
            errors = problems.count(Severity.error, code)
            warnings = problems.count(Severity.warning, code)
            lines.append(f"{code}: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
            lines.extend("  " + text_line(p, prefix).replace("\n", "\n  ") for p in items)
            if code in not_listed:
                lines.append(f"  ... {not_listed[code]:,} more {code} not listed")
    else:
        lines.extend(text_line(p, prefix) for p in ordered)
        lines.extend(f"... {n:,} more {code} not listed" for code, n in not_listed.items())
    lines.append(summary_line)
    return "\n".join(lines) + "\n"


# --- snapshots -----------------------------------------------------------------------------------


def counts_text(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n:,} {printable(kind)}" for kind, n in counts.items()) or "none"


def short(value: Any, width: int = 0) -> str:
    """A field's value as one readable line: lists joined with '; ', mappings as 'kind: a; b'."""
    if isinstance(value, list):
        text = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = " | ".join(f"{k}: {'; '.join(map(str, v))}" for k, v in value.items())
    else:
        text = "" if value is None else str(value)
    text = text or "(none)"
    return text if not width or len(text) <= width else text[: width - 1] + "…"
