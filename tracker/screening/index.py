"""The candidate index of a snapshot, kept in the store: each key (``keys.py``) with the entries
that have it. Built once per snapshot (by `tracker import`, or `tracker index`); a query looks
up its own keys and scores only the entries that share the rarest of them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.errors import StoreError
from tracker.lists.store import Snapshot, Store
from tracker.screening.keys import candidate_keys, is_identifier, query_key_groups
from tracker.screening.score import ALGORITHM_ID, Candidate, Query, candidate_of

CANDIDATES = 40  # entries scored per query and snapshot (identifier matches come on top)
CLOSE_SHARE = 0.5  # ... and up to MOST entries that share at least this share of the best's keys
MOST = 100
COMMON_SHARE = 0.02  # a key more than this share of the entries have is too common to look up


def build_index(store: Store, snapshot: Snapshot) -> int:
    """Build (or rebuild) a snapshot's index in one transaction; returns how many keys."""
    postings: dict[str, list[str]] = defaultdict(list)
    for entry in store.entries(snapshot.id):
        candidate = candidate_of(snapshot.source, snapshot.id, entry)
        for key in candidate_keys(candidate):
            postings[key].append(candidate.entry_id)
    with store.transaction():
        store.put_screen_index(snapshot.id, ALGORITHM_ID, snapshot.entries, postings)
    return len(postings)


@dataclass
class Index:
    """One snapshot's index, read from the store as queries need it: a key's entries are read
    once, then kept (``preload`` reads them all, for a batch)."""

    store: Store
    snapshot: Snapshot
    postings: dict[str, list[str]] = field(default_factory=dict)
    candidates: dict[str, Candidate] = field(default_factory=dict)
    complete: bool = False

    @classmethod
    def open(cls, store: Store, snapshot: Snapshot) -> Index:
        built = store.screen_index(snapshot.id)
        if built != ALGORITHM_ID:
            state = "has no screening index" if built is None else f"was indexed by {built}"
            raise StoreError(
                f"snapshot {snapshot.id} ({snapshot.source}) {state}: run `tracker index "
                f"--db {store.path}` (or screen with --exhaustive)"
            )
        return cls(store, snapshot)

    def preload(self) -> None:
        self.postings = dict(self.store.screen_postings(self.snapshot.id))
        self.complete = True

    def lookup(self, keys: Iterable[str]) -> dict[str, list[str]]:
        wanted = [k for k in keys if k not in self.postings]
        if wanted and not self.complete:
            found = dict(self.store.screen_postings(self.snapshot.id, wanted))
            for key in wanted:
                self.postings[key] = found.get(key, [])
        return {k: self.postings.get(k, []) for k in keys}

    def candidates_for(self, query: Query) -> list[Candidate]:
        """The entries sharing the query's rarest keys, best first. Each group of keys (a word
        of the query: its spelling, sound, start and end; or two words run together) counts
        once per entry, by its rarest key the entry has (log N/df); keys on more than 2% of
        the entries are skipped unless nothing rarer is shared; an identifier always brings
        its entries."""
        groups = query_key_groups(query)
        postings = self.lookup(sorted(set().union(*groups)))
        total = max(1, self.snapshot.entries)
        limit = max(500, int(total * COMMON_SHARE))
        usable = {k for k, ids in postings.items() if ids and len(ids) <= limit}
        if not usable:  # only common keys: the rarest of them
            shared = sorted(
                (k for k, ids in postings.items() if ids), key=lambda k: len(postings[k])
            )
            usable = set(shared[:1])
        weights: dict[str, float] = defaultdict(float)
        sure: set[str] = set()
        for group in groups:
            best: dict[str, float] = {}
            for key in group & usable:
                ids = postings[key][:limit]
                rarity = math.log(1 + total / len(postings[key]))
                for entry_id in ids:
                    best[entry_id] = max(best.get(entry_id, 0.0), rarity)
                if is_identifier(key):
                    sure.update(ids)
            for entry_id, rarity in best.items():
                weights[entry_id] += rarity
        ranked = sorted(weights, key=lambda e: (-weights[e], e))
        if ranked:  # the best shared keys, and as many entries as share nearly as much
            floor = weights[ranked[0]] * CLOSE_SHARE
            ranked = ranked[:CANDIDATES] + [
                e for e in ranked[CANDIDATES:MOST] if weights[e] >= floor
            ]
        return self.entries([*sure, *(e for e in ranked if e not in sure)])

    def entries(self, entry_ids: list[str]) -> list[Candidate]:
        missing = [e for e in entry_ids if e not in self.candidates]
        for entry in self.store.entries_by_id(self.snapshot.id, missing):
            candidate = candidate_of(self.snapshot.source, self.snapshot.id, entry)
            self.candidates[candidate.entry_id] = candidate
        return [self.candidates[e] for e in entry_ids if e in self.candidates]

    def everything(self) -> list[Candidate]:
        """Every entry: brute force (--exhaustive)."""
        return [
            candidate_of(self.snapshot.source, self.snapshot.id, e)
            for e in self.store.entries(self.snapshot.id)
        ]
