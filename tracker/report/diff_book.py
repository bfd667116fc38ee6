"""A snapshot diff as a workbook for policy staff: counts, then added, removed and changed
entries, each sheet a filterable Excel table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook

from tracker.atomic import atomic_path
from tracker.diff import Diff


def write_diff_workbook(result: Diff, path: Path) -> None:
    with atomic_path(path) as temp:
        book = Workbook(
            str(temp),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        bold = book.add_format({"bold": True})
        counts = book.add_worksheet("Summary")
        counts.write_string(
            0,
            0,
            f"{result.source}: snapshot {result.before.id} "
            f"({result.before.as_of}) -> snapshot {result.after.id} "
            f"({result.after.as_of})",
            bold,
        )
        rows: list[list[Any]] = []
        for kind, by in result.counts().items():
            for dimension, values in by.items():
                rows.extend(
                    [kind, dimension.removeprefix("by_"), key, n] for key, n in values.items()
                )
        table(book, counts, ["change", "by", "key", "entries"], rows, first_row=2)
        for kind, entries in (("Added", result.added), ("Removed", result.removed)):
            table(
                book,
                book.add_worksheet(kind),
                ["entry_id", "entity_type", "name", "programs", "countries", "imo"],
                [
                    [
                        e["entry_id"],
                        e["entity_type"],
                        e["name"],
                        "; ".join(e["programs"]),
                        "; ".join(e["countries"]),
                        e["imo"] or "",
                    ]
                    for e in entries
                ],
            )
        table(
            book,
            book.add_worksheet("Changed"),
            ["entry_id", "entity_type", "name", "field", "before", "after"],
            [
                [c.entry_id, c.entity_type, c.name, name, text(before), text(after)]
                for c in result.changed
                for name, (before, after) in c.fields.items()
            ],
        )
        book.set_properties({"title": f"{result.source} diff", "created": None})
        book.close()


def text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def table(
    book: Workbook, sheet: Any, header: list[str], rows: list[list[Any]], first_row: int = 0
) -> None:
    data = rows or [[""] * len(header)]
    sheet.add_table(
        first_row,
        0,
        first_row + len(data),
        len(header) - 1,
        {
            "data": data,
            "style": "Table Style Medium 2",
            "columns": [{"header": h} for h in header],
        },
    )
    sheet.freeze_panes(first_row + 1, 0)
    for col, name in enumerate(header):
        width = max([len(name)] + [len(str(r[col])) for r in data[:500]]) + 2
        sheet.set_column(col, col, min(width, 60))
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
