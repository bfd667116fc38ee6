"""`tracker screen --pairs`: score given pairs of names without a store, so that staff can
audit a threshold or explain one decision. Columns ``left``, ``right``, optional ``type``;
every other column is carried through."""

from __future__ import annotations

from pathlib import Path

from tracker.errors import InputError
from tracker.lists.importers.base import ENTITY_TYPES, csv_dicts
from tracker.screening.score import Candidate, Query, score


def score_pairs(path: Path) -> tuple[list[str], list[tuple[list[str], float]]]:
    """The file's header, and each row's cells with the score of its pair."""
    if not path.is_file():
        raise InputError(f"pairs file not found: {path}")
    header, rows = csv_dicts(path, "utf-8-sig", {"left", "right"}, "a pairs file")
    scored = []
    for line, row in rows:
        kind = (row.get("type") or "").strip().lower()
        if kind and kind not in ENTITY_TYPES:
            raise InputError(
                f"{path.name} line {line}: type {kind!r} is not person, organization, vessel "
                "or aircraft"
            )
        query = Query("pair", row["left"], kind or None)
        candidate = Candidate("pairs", 0, str(line), kind or "unknown", (row["right"],))
        scored.append(([row.get(h, "") for h in header], score(query, candidate).score))
    return header, scored
