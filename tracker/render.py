"""Problems, snapshot diffs and snapshot lists as text (compiler style), JSON (stable keys) or
CSV: the one place that formats output.

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

from tracker.diff import Diff
from tracker.problems import Problem, Problems, Severity
from tracker.store import Snapshot

FORMATS = ("text", "json", "csv")
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(value: object) -> str:
    """The value as text that is safe to print to a terminal."""
    text = str(value)
    if not UNPRINTABLE.search(text):
        return text
    return UNPRINTABLE.sub(lambda m: NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


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


def snapshots_text(snapshots: Sequence[Snapshot]) -> str:
    if not snapshots:
        return "no snapshots yet: `tracker import SOURCE FILES` adds one\n"
    lines = [f"{'id':>3}  {'source':<10} {'as of':<10}  {'published':<10}  {'entries':>9}  by type"]
    for s in snapshots:
        lines.append(
            f"{s.id:>3}  {s.source:<10} {s.as_of:<10}  {printable(s.published or '-'):<10}  "
            f"{s.entries:>9,}  {counts_text(s.counts)}"
        )
    return "\n".join(lines) + "\n"


def snapshots_document(snapshots: Sequence[Snapshot]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "source": s.source,
            "as_of": s.as_of,
            "published": s.published,
            "entries": s.entries,
            "counts": s.counts,
            "files": [{"name": n, "sha256": h} for n, h in s.files],
        }
        for s in snapshots
    ]


# --- snapshot diffs ------------------------------------------------------------------------------


def entry_summary(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in ("entry_id", "entity_type", "name", "programs")}


def diff_document(result: Diff) -> dict[str, Any]:
    return {
        "source": result.source,
        "from": {"snapshot": result.before.id, "as_of": result.before.as_of},
        "to": {"snapshot": result.after.id, "as_of": result.after.as_of},
        "counts": result.counts(),
        "added": [entry_summary(e) for e in result.added],
        "removed": [entry_summary(e) for e in result.removed],
        "changed": [
            {
                "entry_id": c.entry_id,
                "entity_type": c.entity_type,
                "name": c.name,
                "fields": {k: {"before": b, "after": a} for k, (b, a) in c.fields.items()},
            }
            for c in result.changed
        ],
    }


DIFF_CSV_COLUMNS = ("change", "entry_id", "entity_type", "name", "field", "before", "after")


def diff_rows(result: Diff) -> Iterable[list[object]]:
    for kind, rows in (("added", result.added), ("removed", result.removed)):
        for e in rows:
            yield [kind, e["entry_id"], e["entity_type"], e["name"], "", "", ""]
    for c in result.changed:
        for name, (before, after) in c.fields.items():
            yield ["changed", c.entry_id, c.entity_type, c.name, name, short(before), short(after)]


def render_diff(result: Diff, fmt: str, limit: int = 0) -> str:
    if fmt == "json":
        return json.dumps(diff_document(result), indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return csv_text(DIFF_CSV_COLUMNS, diff_rows(result))
    return diff_text(result, limit)


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


def diff_text(result: Diff, limit: int = 0) -> str:
    """Counts first, then the entries; ``limit`` entries per section (0: all)."""
    counts = result.counts()
    lines = [
        f"{result.source}: snapshot {result.before.id} (as of {result.before.as_of}) -> "
        f"snapshot {result.after.id} (as of {result.after.as_of})",
        f"  added {len(result.added):,}, removed {len(result.removed):,}, "
        f"changed {len(result.changed):,}",
    ]
    for kind in ("added", "removed", "changed"):
        lines.append(f"  {kind} by type: {counts_text(counts[kind]['by_type'])}")
        top = sorted(counts[kind]["by_program"].items(), key=lambda kv: (-kv[1], kv[0]))
        programs = ", ".join(f"{printable(p)} {n:,}" for p, n in top[:12])
        more = f" (+{len(top) - 12} more)" if len(top) > 12 else ""
        lines.append(f"  {kind} by program: {programs or 'none'}{more}")
    sections: list[tuple[str, list[str]]] = [
        (
            kind,
            [
                f"  {mark} {printable(e['entry_id'])} {printable(e['entity_type'])} "
                f"{printable(e['name'])} [{printable(', '.join(e['programs']))}]"
                for e in rows
            ],
        )
        for kind, mark, rows in (("added", "+", result.added), ("removed", "-", result.removed))
    ]
    sections.append(
        (
            "changed",
            [
                f"  ~ {printable(c.entry_id)} {printable(c.entity_type)} {printable(c.name)}\n"
                + "\n".join(
                    f"      {name}: {printable(short(before, 60))} -> {printable(short(after, 60))}"
                    for name, (before, after) in c.fields.items()
                )
                for c in result.changed
            ],
        )
    )
    for kind, items in sections:
        shown = items if not limit else items[:limit]
        lines.append(f"{kind}:")
        lines.extend(shown)
        if len(shown) < len(items):
            lines.append(f"  ... and {len(items) - len(shown):,} more (--limit 0 shows all)")
    return "\n".join(lines) + "\n"
