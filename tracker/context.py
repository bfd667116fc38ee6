"""The run's context: the as-of date and the store of official lists, passed in, never global."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Context:
    as_of: dt.date
    store: Path | None = None  # official lists, for rules that compare with them
