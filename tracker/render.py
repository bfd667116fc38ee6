"""Problems and snapshot diffs as text (compiler style), JSON (stable keys) or CSV: the one
place that formats them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Any

from tracker.diff import Diff
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


# --- snapshot diffs ----------------------------------------------------------------------------


def diff_document(result: Diff) -> dict[str, Any]:
    return {
        "source": result.source,
        "from": {"snapshot": result.before.id, "as_of": result.before.as_of},
        "to": {"snapshot": result.after.id, "as_of": result.after.as_of},
        "counts": result.counts(),
        "added": [
            {
                "entry_id": e["entry_id"],
                "entity_type": e["entity_type"],
                "name": e["name"],
                "programs": e["programs"],
            }
            for e in result.added
        ],
        "removed": [
            {
                "entry_id": e["entry_id"],
                "entity_type": e["entity_type"],
                "name": e["name"],
                "programs": e["programs"],
            }
            for e in result.removed
        ],
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


def render_diff(result: Diff, fmt: str, limit: int = 0) -> str:
    if fmt == "json":
        return json.dumps(diff_document(result), indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["change", "entry_id", "entity_type", "name", "field", "before", "after"])
        for kind, rows in (("added", result.added), ("removed", result.removed)):
            for e in rows:
                writer.writerow([kind, e["entry_id"], e["entity_type"], e["name"], "", "", ""])
        for c in result.changed:
            for name, (before, after) in c.fields.items():
                writer.writerow(
                    [
                        "changed",
                        c.entry_id,
                        c.entity_type,
                        c.name,
                        name,
                        short(before),
                        short(after),
                    ]
                )
        return buffer.getvalue()
    return diff_text(result, limit)


def short(value: Any, width: int = 0) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
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
        by_type = ", ".join(f"{n:,} {t}" for t, n in counts[kind]["by_type"].items())
        lines.append(f"  {kind} by type: {by_type or 'none'}")
        if kind != "changed":
            top = sorted(counts[kind]["by_program"].items(), key=lambda kv: (-kv[1], kv[0]))
            programs = ", ".join(f"{p} {n:,}" for p, n in top[:12])
            more = f" (+{len(top) - 12} more)" if len(top) > 12 else ""
            lines.append(f"  {kind} by program: {programs or 'none'}{more}")
    sections: list[tuple[str, str, list[str]]] = [
        (
            kind,
            mark,
            [
                f"  {mark} {e['entry_id']} {e['entity_type']} {e['name']} "
                f"[{', '.join(e['programs'])}]"
                for e in rows
            ],
        )
        for kind, mark, rows in (("added", "+", result.added), ("removed", "-", result.removed))
    ]
    sections.append(
        (
            "changed",
            "~",
            [
                f"  ~ {c.entry_id} {c.entity_type} {c.name}\n"
                + "\n".join(
                    f"      {name}: {short(before, 60)} -> {short(after, 60)}"
                    for name, (before, after) in c.fields.items()
                )
                for c in result.changed
            ],
        )
    )
    for kind, _, items in sections:
        shown = items if not limit else items[:limit]
        lines.append(f"{kind}:")
        lines.extend(shown)
        if len(shown) < len(items):
            lines.append(f"  ... and {len(items) - len(shown):,} more (--limit 0 shows all)")
    return "\n".join(lines) + "\n"
