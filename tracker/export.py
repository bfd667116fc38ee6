"""A snapshot's normalised entries as JSON or CSV, every field."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from tracker.store import ENTRY_FIELDS, JSON_FIELDS


def export_entries(entries: Iterable[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(list(entries), indent=1, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ENTRY_FIELDS)
    for entry in entries:
        writer.writerow(
            [csv_cell(entry[f]) if f in JSON_FIELDS else entry[f] or "" for f in ENTRY_FIELDS]
        )
    return buffer.getvalue()


def csv_cell(value: Any) -> str:
    """Lists as '; '-joined text; the details mapping as JSON (it nests lists)."""
    if isinstance(value, list):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
