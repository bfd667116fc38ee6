"""`tracker screen --pairs`: score given pairs of names without a store, so that staff can
audit a threshold or explain one decision. Columns ``left``, ``right``, optional ``type``;
every other column is carried through. Names are read and capped as query names are (500
characters, 30 words), so a pasted paragraph cannot make the score run without bound; a row
that cannot be read stops the run with every such row named (an audit of a wrong pair would
mislead), nothing written."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from tracker.errors import InputError
from tracker.problems import Location, Problems
from tracker.screening.inputs import InputProblems, read_rows, stop_on_faults, validate
from tracker.screening.queries import Name, PartyType
from tracker.screening.score import ALGORITHM_ID, Candidate, Query, score


class PairRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    left: Name
    right: Name
    type: PartyType | None = None


def score_pairs(
    path: Path, algorithm: str = ALGORITHM_ID
) -> tuple[list[str], list[tuple[list[str], float]]]:
    """The file's header, and each row's cells with the score of its pair."""
    rows = read_rows(path, "pairs file")
    header = rows.header
    missing = {"left", "right"} - set(header)
    if missing:
        raise InputError(f"{path.name}: not a pairs file (missing columns {', '.join(missing)})")
    problems = Problems()
    scored = []
    for row, cells in rows.rows:
        if len(cells) != len(header):
            raise InputError(
                f"{path.name} row {row}: {len(cells)} cells, but the header has {len(header)}"
            )
        values = dict(zip(header, cells, strict=True))

        def where(name: str, row: int = row) -> Location:
            return rows.where(row, header.index(name) if name in header else None, name)

        pair, trouble = validate(
            PairRow, {k: v for k, v in values.items() if v.strip()}, where, None
        )
        problems.extend(trouble)
        if pair is None:
            continue
        query = Query("pair", pair.left, pair.type)
        candidate = Candidate("pairs", 0, str(row), pair.type or "unknown", (pair.right,))
        scored.append((cells, score(query, candidate, algorithm).score))
    stop_on_faults(rows.faults(), path)
    if problems.errors:
        raise InputProblems(problems, path, "nothing was scored")
    return header, scored
