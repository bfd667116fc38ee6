"""Is a named party on a list? The screening as a service for the designation-on-list rule."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tracker.context import NearMiss
from tracker.lists.store import Store
from tracker.screening.index import Index
from tracker.screening.score import MATCH, Query
from tracker.screening.screen import hits_of

NEAREST = 3  # near misses named when a party is not found


def find_on_list(
    store: Path,
    snapshot_ids: Sequence[int],
    name: str,
    entity_type: str,
    aliases: Sequence[str],
    country: str | None,
    imo: str | None,
) -> tuple[bool, list[NearMiss]]:
    """Found when an entry has the IMO number or scores a match; else the nearest entries."""
    query = Query("party", name, entity_type, tuple(aliases), country=country, imo=imo)
    nearest: list[NearMiss] = []
    with Store(store) as opened:
        for snapshot_id in snapshot_ids:
            index = Index(opened, opened.snapshot(snapshot_id))
            if opened.screen_index(snapshot_id) is not None:
                candidates = index.candidates_for(query)
            else:
                candidates = index.everything()
            hits = hits_of(query, candidates, 0.0, NEAREST)
            if imo and any(h.candidate.imo == imo for h in hits):
                return True, []
            if hits and hits[0].scored.score >= MATCH:
                return True, []
            near = [NearMiss(h.candidate.entry_id, h.candidate.name, h.scored.score) for h in hits]
            nearest = sorted([*nearest, *near], key=lambda n: -n.score)[:NEAREST]
    return False, nearest
