"""What a screening run returns: hits, the decisions staff took on earlier hits, and the record
of the run (when, as of when, which lists of which date, what the inputs lacked)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tracker.lists.store import Snapshot
from tracker.problems import Problems
from tracker.render import plural
from tracker.screening.queries import QueryFile
from tracker.screening.score import ALGORITHM_ID, Candidate, Query, Scored


def queries(count: int) -> str:
    """'1 query', '2 queries'."""
    return plural(count, "query").replace("querys", "queries")


@dataclass(frozen=True)
class Decision:
    query: str
    source: str
    entry_id: str
    decision: str
    who: str
    when: str
    note: str = ""
    origin: str = ""  # where it was read: file:row, or file:Sheet!D7

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
    decided: Decision | None = None  # the earlier decision that still stands (confirmed)


@dataclass(frozen=True)
class ListSearched:
    """A list searched, as a record states it: who publishes it, its own date, when it was
    imported, and how old it was on the run's date."""

    snapshot: Snapshot
    publisher: str
    url: str
    age_days: int | None  # the list's own date to the run's date
    stale: bool  # older than the run's --max-age

    @property
    def warning(self) -> str:
        if not self.stale:
            return ""
        return (
            f"{self.snapshot.source} snapshot {self.snapshot.id} is dated "
            f"{self.snapshot.list_date}, {plural(self.age_days or 0, 'day')} before the run: "
            "import a newer list"
        )


@dataclass
class Screening:
    """What a run found: every hit of each query at or above the threshold (best first; the
    outputs list at most ``limit`` of them, and say how many more), what decisions did, and
    the record of the run."""

    threshold: float
    snapshots: list[Snapshot]
    queries: list[Query]
    hits: dict[str, list[Hit]]
    cleared: list[tuple[Hit, Decision]] = field(default_factory=list)
    algorithm: str = ALGORITHM_ID
    limit: int | None = None  # hits listed per query (None: all)
    as_of: dt.date | None = None
    run_at: str | None = None  # the run's own time, ISO with its offset
    max_age: int | None = None
    lists: list[ListSearched] = field(default_factory=list)
    entries: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)  # what the inputs lacked
    source: QueryFile | None = None  # the queries file, when there was one

    def listed(self, query_id: str) -> list[Hit]:
        """A query's hits as the outputs list them: the best ``limit``."""
        return self.hits.get(query_id, [])[: self.limit]

    def all_hits(self) -> list[Hit]:
        """Every listed hit, query by query."""
        return [h for q in self.queries for h in self.listed(q.id)]

    def found_of(self, query_id: str) -> int:
        return len(self.hits.get(query_id, []))

    @property
    def total_found(self) -> int:
        return sum(self.found_of(q.id) for q in self.queries)

    @property
    def not_screened(self) -> list[int]:
        return self.source.not_screened if self.source is not None else []

    @property
    def stale(self) -> list[ListSearched]:
        return [s for s in self.lists if s.stale]

    def entry(self, hit: Hit) -> dict[str, Any]:
        """The hit's list entry as the store holds it (details, remarks, listing date)."""
        return self.entries.get((hit.candidate.snapshot, hit.candidate.entry_id), {})

    def by_band(self) -> dict[str, int]:
        counts = {"match": 0, "review": 0}
        for hit in (h for q in self.queries for h in self.hits.get(q.id, [])):
            band = hit.scored.band
            counts[band] = counts.get(band, 0) + 1
        return counts

    def summary(self) -> dict[str, Any]:
        """The run in figures, as JSON gives it."""
        bands = self.by_band()
        return {
            "algorithm": self.algorithm,
            "threshold": self.threshold,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "run_at": self.run_at,
            "queries": len(self.queries),
            "not_screened": len(self.not_screened),
            "hits": self.total_found,
            "listed": len(self.all_hits()),
            "match": bands["match"],
            "review": bands["review"],
            "cleared": len(self.cleared),
            "warnings": self.problems.warnings,
            "stale_lists": [s.snapshot.source for s in self.stale],
        }

    def line(self) -> str:
        """The one line a run ends with."""
        bands = self.by_band()
        lists = ", ".join(f"{s.source} snapshot {s.id}" for s in self.snapshots)
        listed = len(self.all_hits())
        line = (
            f"{self.algorithm}, threshold {self.threshold:.2f}: "
            f"{queries(len(self.queries))}, "
            f"{plural(self.total_found, 'hit')} ({bands['match']:,} match, "
            f"{bands['review']:,} review) in {lists}"
        )
        if listed < self.total_found:
            line += f"; {listed:,} of {self.total_found:,} listed (--limit {self.limit})"
        if self.cleared:
            line += f"; {plural(len(self.cleared), 'hit')} cleared earlier"
        if self.not_screened:
            line += f"; {plural(len(self.not_screened), 'row')} not screened"
        if self.problems.warnings:
            line += f"; {plural(self.problems.warnings, 'warning')}"
        if self.stale:
            line += f"; {plural(len(self.stale), 'list')} older than {self.max_age} days"
        return line

    def exit_code(self) -> int:
        """1 when a hit reached the threshold or a row could not be screened (each needs a
        look), else 0."""
        return 1 if self.all_hits() or self.not_screened else 0
