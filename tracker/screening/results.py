"""What a screening run returns: hits, the decisions staff took on earlier hits, the run."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.lists.store import Snapshot
from tracker.screening.score import ALGORITHM_ID, Candidate, Query, Scored


@dataclass(frozen=True)
class Decision:
    query: str
    source: str
    entry_id: str
    decision: str
    who: str
    when: str
    note: str = ""

    @property
    def said(self) -> str:
        by = f" by {self.who}" if self.who else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.decision} on {self.when}{by}{note}"


@dataclass(frozen=True)
class Hit:
    query: Query
    candidate: Candidate
    scored: Scored
    rank: int = 0
    decision: str | None = None  # what an earlier decision says of this hit, if any


@dataclass
class Screening:
    """What a run found: the hits of each query (best first), and what decisions did."""

    threshold: float
    snapshots: list[Snapshot]
    queries: list[Query]
    hits: dict[str, list[Hit]]
    cleared: list[tuple[Hit, Decision]] = field(default_factory=list)
    algorithm: str = ALGORITHM_ID

    def all_hits(self) -> list[Hit]:
        return [h for q in self.queries for h in self.hits.get(q.id, [])]

    def by_band(self) -> dict[str, int]:
        counts = {"match": 0, "review": 0}
        for hit in self.all_hits():
            band = hit.scored.band
            counts[band] = counts.get(band, 0) + 1
        return counts
