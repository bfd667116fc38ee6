"""The run's context: the as-of date and the settings of a command, passed in, never global."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Context:
    as_of: dt.date
    strict: bool = False
    limit: int = 10_000
    store: Path | None = None  # official lists, for rules that compare with them
