"""Proposals as JSON (``{"source", "records": [{"type", "quote", "confidence", "values"}]}``
per text) or CSV (one row per proposal, its values as JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tracker.extract.draft import Text
from tracker.render import csv_text

CSV_COLUMNS = ("source", "type", "confidence", "quote", "values")


def document(text: Text) -> dict[str, Any]:
    return {
        "source": {
            "id": text.source_id,
            "file": text.file,
            "published": text.published.isoformat() if text.published else None,
        },
        "records": [
            {"type": p.type, "quote": p.quote, "confidence": p.confidence, "values": p.values}
            for p in text.proposals
        ],
    }


def render(texts: Sequence[Text], fmt: str) -> str:
    if fmt == "csv":
        rows = (
            [
                t.source_id,
                p.type,
                f"{p.confidence:.2f}",
                p.quote,
                json.dumps(p.values, ensure_ascii=False),
            ]
            for t in texts
            for p in t.proposals
        )
        return csv_text(CSV_COLUMNS, rows)
    found = [document(t) for t in texts]
    return json.dumps(found[0] if len(found) == 1 else found, indent=1, ensure_ascii=False) + "\n"


def as_json(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False)
