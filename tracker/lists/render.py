"""Snapshot lists and snapshot diffs as text, JSON or CSV (the kernel's escaping and CSV)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tracker.lists.diff import Diff
from tracker.lists.store import Snapshot
from tracker.render import counts_text, csv_text, printable, short


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
