"""The candidate index of a snapshot, kept in the store (keys: ``keys.py``): ``w:`` each token
with the entries that have it, ``v:`` each spelling key with the list's tokens that have it.

Built streaming, once per snapshot (by `tracker import`, or `tracker index`): the entries are
read in order, a chunk at a time, each chunk's postings written to a scratch table, the
distinct tokens' spelling keys after them, and SQLite joins the parts into the index. A query
tokens they lead to, and scores only the entries that share the rarest of them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from tracker.errors import StoreError
from tracker.lists.store import Snapshot, Store
from tracker.screening.keys import (
    entry_tokens,
    is_identifier,
    query_groups,
    spelling_keys,
    token_keys,
)
from tracker.screening.score import ALGORITHM_ID, Candidate, Query, candidate_of, numbers_in

CANDIDATES = 40  # entries scored per query and snapshot (identifier matches come on top)
CLOSE_SHARE = 0.5  # ... and up to MOST entries that share at least this share of the best's keys
MOST = 100
COMMON_SHARE = 0.02  # a token more than this share of the entries have is too common to look up
SPELT_OTHERWISE = 0.8  # a list's word found by a spelling key counts this share of the same word
CHUNK = 20_000  # entries (then tokens) whose postings are gathered in memory at once
T = TypeVar("T")


def entry_tokens_of(entry: dict[str, object]) -> set[str]:
    details = entry["details"]
    assert isinstance(details, dict)
    aliases = entry["aliases"]
    assert isinstance(aliases, list)
    imo = entry["imo"]
    numbers = numbers_in([*details.get("ids", []), *details.get("mmsi", [])])
    names = [str(entry["name"]), *map(str, aliases)]
    return entry_tokens(names, str(imo) if imo else None, numbers)


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def build_index(store: Store, snapshot: Snapshot) -> int:
    """Build (or rebuild) a snapshot's index in one transaction; returns how many keys. The
    entries are read in order, ``CHUNK`` at a time, each chunk's postings written as one
    part per token; then the distinct tokens' spelling keys the same way; SQLite joins
    the parts. Memory holds a chunk, not the list nor its vocabulary."""
    with store.transaction():
        store.begin_screen_index(snapshot.id)
        for chunk in chunks(store.entries(snapshot.id), CHUNK):
            postings: dict[str, list[str]] = defaultdict(list)
            for entry in chunk:
                entry_id = str(entry["entry_id"])
                for token in entry_tokens_of(entry):
                    postings[token].append(entry_id)
            store.add_screen_rows([("w:" + t, ids) for t, ids in postings.items()])
        for tokens in chunks(store.screen_words(), CHUNK):
            spelling: dict[str, list[str]] = defaultdict(list)
            for token in tokens:
                if not is_identifier(token):
                    for key in spelling_keys(token):
                        spelling["v:" + key].append(token)
            store.add_screen_rows(list(spelling.items()))
        return store.finish_screen_index(snapshot.id, ALGORITHM_ID, snapshot.entries)


@dataclass
class Index:
    """One snapshot's index, read from the store as queries need it: a key's rows are read
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
        keys = list(keys)
        wanted = [k for k in keys if k not in self.postings]
        if wanted and not self.complete:
            found = dict(self.store.screen_postings(self.snapshot.id, wanted))
            for key in wanted:
                self.postings[key] = found.get(key, [])
        return {k: self.postings.get(k, []) for k in keys}

    def spelt_alike(self, tokens: list[str]) -> dict[str, dict[str, float]]:
        """Each query token's words on the list: itself (1), and those sharing a spelling key
        with it (``SPELT_OTHERWISE``)."""
        keyed = {t: token_keys(t) for t in tokens if not is_identifier(t)}
        found = self.lookup(sorted({"v:" + k for keys in keyed.values() for k in keys}))
        alike: dict[str, dict[str, float]] = {}
        for token in tokens:
            words = {token: 1.0}
            for key in keyed.get(token, ()):
                for word in found["v:" + key]:
                    words.setdefault(word, SPELT_OTHERWISE)
            alike[token] = words
        return alike

    def candidates_for(self, query: Query) -> list[Candidate]:
        """The entries sharing the query's rarest words, best first. Each query token counts
        once per entry, by the rarest of its list words the entry has (log N/df, less when
        spelt otherwise); words on more than 2% of the entries are skipped unless nothing
        rarer is shared; an identifier always brings its entries."""
        return self.entries(self.ranked(query))

    def ranked(self, query: Query) -> list[str]:
        groups = query_groups(query)
        alike = self.spelt_alike(groups)
        words = sorted({w for found in alike.values() for w in found})
        postings = {k[2:]: ids for k, ids in self.lookup("w:" + w for w in words).items()}
        total = max(1, self.snapshot.entries)
        limit = max(500, int(total * COMMON_SHARE))
        usable = {w for w, ids in postings.items() if ids and len(ids) <= limit}
        if not usable:  # only common words: the rarest of them
            shared = sorted(
                (w for w, ids in postings.items() if ids), key=lambda w: len(postings[w])
            )
            usable = set(shared[:1])
        weights: dict[str, float] = defaultdict(float)
        sure: list[str] = []
        for token in groups:
            best: dict[str, float] = {}
            for word, closeness in alike[token].items():
                if word not in usable:
                    continue
                ids = postings[word]
                rarity = closeness * math.log(1 + total / len(ids))
                for entry_id in ids:
                    if rarity > best.get(entry_id, 0.0):
                        best[entry_id] = rarity
                if is_identifier(word):
                    sure += [e for e in ids if e not in sure]
            for entry_id, rarity in best.items():
                weights[entry_id] += rarity
        ranked = sorted(weights, key=lambda e: (-weights[e], e))
        if ranked:  # the best shared words, and as many entries as share nearly as much
            floor = weights[ranked[0]] * CLOSE_SHARE
            ranked = ranked[:CANDIDATES] + [
                e for e in ranked[CANDIDATES:MOST] if weights[e] >= floor
            ]
        return [*sure, *(e for e in ranked if e not in sure)]

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
