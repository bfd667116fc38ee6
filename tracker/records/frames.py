"""Typed pandas DataFrames of a dataset's records, for analysts.

Counts are nullable integers (``Int64``), quantities stay exact ``Decimal`` objects, text is
pandas' ``string`` dtype, lists stay Python lists, and each date field becomes a ``datetime64``
column (a partial date such as ``2024-06`` as its first day) beside ``<field>_precision``
(``day``, ``month`` or ``year``), so nothing the source said is lost and dates sort. The ids are
the index. pandas is needed only here (`pip install 'tracker[pandas]'`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from tracker.optional import require
from tracker.records.models import RECORD_TYPES, Record, columns, field_type
from tracker.values import PartialDate

if TYPE_CHECKING:
    import pandas as pd


def _pandas() -> Any:
    """pandas, an optional dependency: the base install (and the CLI) does without it."""
    return require("pandas", "pandas", "DataFrames")


def precision(date: PartialDate | None) -> str | None:
    if date is None:
        return None
    return "day" if date.day is not None else "month" if date.month is not None else "year"


def record_frame(record_type: type[Record], records: Iterable[Record]) -> pd.DataFrame:
    pandas = _pandas()
    names = columns(record_type)
    data: dict[str, list[Any]] = {name: [] for name in names}
    for record in records:
        for name in names:
            value = getattr(record, name)
            data[name].append(value.value if isinstance(value, Enum) else value)
    frame = pandas.DataFrame(index=pandas.Index(data.pop("id"), dtype="string", name="id"))
    for name, values in data.items():
        kind = field_type(record_type, name)
        if kind is int:
            frame[name] = pandas.array(values, dtype="Int64")
        elif kind is PartialDate:
            frame[name] = pandas.to_datetime(
                [v.earliest() if v is not None else None for v in values]
            )
            frame[f"{name}_precision"] = pandas.array(
                [precision(v) for v in values], dtype="string"
            )
        elif kind is Decimal or kind is list:
            frame[name] = pandas.Series(values, index=frame.index, dtype=object)
        else:
            frame[name] = pandas.array(values, dtype="string")
    return cast("pd.DataFrame", frame)


def dataset_frames(
    tables: Callable[[type[Record]], Iterable[Record]],
) -> dict[str, pd.DataFrame]:
    """Each record type's records (``tables(type)``) as a frame, keyed by file name sans .csv."""
    return {t.FILE.removesuffix(".csv"): record_frame(t, tables(t)) for t in RECORD_TYPES}
