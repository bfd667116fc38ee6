"""The run's context: the as-of date, the store of official lists, and the services rules may
call, passed in, never global."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol


class NearMiss(NamedTuple):
    entry_id: str
    name: str
    score: float


class FindOnList(Protocol):
    """Whether a party is on one of a list's snapshots, and the nearest entries if not. The
    screening supplies it (``tracker.api`` passes it in), so that rules need not import it."""

    def __call__(
        self,
        store: Path,
        snapshot_ids: Sequence[int],
        name: str,
        entity_type: str,
        aliases: Sequence[str],
        country: str | None,
        imo: str | None,
    ) -> tuple[bool, list[NearMiss]]: ...


@dataclass(frozen=True)
class Context:
    as_of: dt.date
    store: Path | None = None  # official lists, for rules that compare with them
    find_on_list: FindOnList | None = None  # for designation-on-list
